// Package metrics is a small, dependency-free Prometheus registry: counters,
// gauges and histograms exposed in the text format 0.0.4, plus a /healthz
// endpoint. It covers what digestbot reports and nothing more.
//
// Registering a metric with an invalid or duplicate name, or using a metric
// with the wrong number of label values, is a programming error and panics,
// as with client_golang's MustRegister.
package metrics

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ContentType is the media type of the exposition Handler serves.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

var (
	metricNameRE = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelNameRE  = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// Registry holds metrics and health checks. The zero value is not usable;
// call NewRegistry.
type Registry struct {
	mu       sync.Mutex
	families map[string]family
	checks   []healthCheck
}

type family interface {
	write(w *bufio.Writer)
}

type healthCheck struct {
	name  string
	check func(context.Context) error
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{families: make(map[string]family)}
}

func (r *Registry) register(name string, labels []string, f family) {
	if !metricNameRE.MatchString(name) {
		panic(fmt.Sprintf("metrics: invalid metric name %q", name))
	}
	for _, l := range labels {
		if !labelNameRE.MatchString(l) || strings.HasPrefix(l, "__") {
			panic(fmt.Sprintf("metrics: %s: invalid label name %q", name, l))
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.families[name]; dup {
		panic(fmt.Sprintf("metrics: %s registered twice", name))
	}
	r.families[name] = f
}

// Counter registers a counter: a value that only goes up.
func (r *Registry) Counter(name, help string, labels ...string) *CounterVec {
	c := &CounterVec{}
	c.init(name, help, "counter", labels)
	r.register(name, labels, c)
	return c
}

// Gauge registers a gauge: a value that goes up and down.
func (r *Registry) Gauge(name, help string, labels ...string) *GaugeVec {
	g := &GaugeVec{}
	g.init(name, help, "gauge", labels)
	r.register(name, labels, g)
	return g
}

// Histogram registers a histogram with the given upper bounds, which must
// be increasing; +Inf is implied.
func (r *Registry) Histogram(name, help string, buckets []float64) *Histogram {
	if len(buckets) == 0 || !sort.Float64sAreSorted(buckets) || math.IsInf(buckets[len(buckets)-1], 1) {
		panic(fmt.Sprintf("metrics: %s: buckets must be increasing and finite", name))
	}
	for i := 1; i < len(buckets); i++ {
		if buckets[i] == buckets[i-1] {
			panic(fmt.Sprintf("metrics: %s: bucket %v repeated", name, buckets[i]))
		}
	}
	h := &Histogram{name: name, help: help, upper: slices.Clone(buckets), counts: make([]uint64, len(buckets))}
	r.register(name, nil, h)
	return h
}

// AddHealthCheck adds a check that /healthz runs; a non-nil error makes it
// answer 503 with name and error.
func (r *Registry) AddHealthCheck(name string, check func(ctx context.Context) error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.checks = append(r.checks, healthCheck{name, check})
}

// WriteTo writes every metric in the text exposition format, families
// sorted by name and series by label values.
func (r *Registry) WriteTo(w io.Writer) (int64, error) {
	r.mu.Lock()
	names := make([]string, 0, len(r.families))
	for name := range r.families {
		names = append(names, name)
	}
	fams := make([]family, len(names))
	sort.Strings(names)
	for i, name := range names {
		fams[i] = r.families[name]
	}
	r.mu.Unlock()

	cw := &countingWriter{w: w}
	bw := bufio.NewWriter(cw)
	for _, f := range fams {
		f.write(bw)
	}
	err := bw.Flush()
	return cw.n, err
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Handler serves /metrics and /healthz.
func (r *Registry) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", ContentType)
		_, _ = r.WriteTo(w) // a failed write means the scraper went away
	})
	mux.HandleFunc("GET /healthz", r.serveHealth)
	return mux
}

// healthTimeout bounds all checks together, so a hung dependency turns into
// a 503 rather than a hung probe.
const healthTimeout = 5 * time.Second

func (r *Registry) serveHealth(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	checks := slices.Clone(r.checks)
	r.mu.Unlock()
	ctx, cancel := context.WithTimeout(req.Context(), healthTimeout)
	defer cancel()
	var failures []string
	for _, c := range checks {
		if err := c.check(ctx); err != nil {
			failures = append(failures, c.name+": "+err.Error())
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if len(failures) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, strings.Join(failures, "\n")+"\n")
		return
	}
	_, _ = io.WriteString(w, "ok\n")
}

// vec is the part counters and gauges share: labelled series of one float.
type vec struct {
	name, help, typ string
	labels          []string

	mu     sync.RWMutex
	series map[string]*series
}

type series struct {
	values []string
	bits   atomic.Uint64 // math.Float64bits of the value
}

func (s *series) add(v float64) {
	for {
		old := s.bits.Load()
		if s.bits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

func (v *vec) init(name, help, typ string, labels []string) {
	v.name, v.help, v.typ = name, help, typ
	v.labels = slices.Clone(labels)
	v.series = make(map[string]*series)
	if len(labels) == 0 {
		v.get() // an unlabelled metric is exposed as 0 from the start
	}
}

func (v *vec) get(values ...string) *series {
	if len(values) != len(v.labels) {
		panic(fmt.Sprintf("metrics: %s takes %d label values, got %d", v.name, len(v.labels), len(values)))
	}
	key := strings.Join(values, "\xff")
	v.mu.RLock()
	s := v.series[key]
	v.mu.RUnlock()
	if s != nil {
		return s
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if s = v.series[key]; s == nil {
		s = &series{values: slices.Clone(values)}
		v.series[key] = s
	}
	return s
}

func (v *vec) write(w *bufio.Writer) {
	writeHeader(w, v.name, v.help, v.typ)
	v.mu.RLock()
	all := make([]*series, 0, len(v.series))
	for _, s := range v.series {
		all = append(all, s)
	}
	v.mu.RUnlock()
	sort.Slice(all, func(i, j int) bool { return slices.Compare(all[i].values, all[j].values) < 0 })
	for _, s := range all {
		w.WriteString(v.name)
		writeLabels(w, v.labels, s.values)
		w.WriteByte(' ')
		w.WriteString(formatFloat(math.Float64frombits(s.bits.Load())))
		w.WriteByte('\n')
	}
}

// CounterVec is a counter with zero or more labels.
type CounterVec struct{ vec }

// Inc adds 1 to the series with the given label values.
func (c *CounterVec) Inc(labelValues ...string) { c.get(labelValues...).add(1) }

// Add adds v, which must not be negative, to the series.
func (c *CounterVec) Add(v float64, labelValues ...string) {
	if v < 0 || math.IsNaN(v) {
		panic(fmt.Sprintf("metrics: counter %s cannot add %v", c.name, v))
	}
	c.get(labelValues...).add(v)
}

// Value returns the current value of a series, for tests and logs.
func (c *CounterVec) Value(labelValues ...string) float64 {
	return math.Float64frombits(c.get(labelValues...).bits.Load())
}

// GaugeVec is a gauge with zero or more labels.
type GaugeVec struct{ vec }

// Set sets the series to v.
func (g *GaugeVec) Set(v float64, labelValues ...string) {
	g.get(labelValues...).bits.Store(math.Float64bits(v))
}

// Add adds v (possibly negative) to the series.
func (g *GaugeVec) Add(v float64, labelValues ...string) { g.get(labelValues...).add(v) }

// Inc adds 1 to the series.
func (g *GaugeVec) Inc(labelValues ...string) { g.Add(1, labelValues...) }

// Dec subtracts 1 from the series.
func (g *GaugeVec) Dec(labelValues ...string) { g.Add(-1, labelValues...) }

// Value returns the current value of a series.
func (g *GaugeVec) Value(labelValues ...string) float64 {
	return math.Float64frombits(g.get(labelValues...).bits.Load())
}

// Histogram counts observations into buckets.
type Histogram struct {
	name, help string
	upper      []float64

	mu     sync.Mutex
	counts []uint64 // per bucket, not cumulative
	count  uint64
	sum    float64
}

// Observe records one value, in the histogram's unit (seconds for
// durations).
func (h *Histogram) Observe(v float64) {
	i := sort.SearchFloat64s(h.upper, v) // first bound >= v: le is inclusive
	h.mu.Lock()
	defer h.mu.Unlock()
	if i < len(h.counts) {
		h.counts[i]++
	}
	h.count++
	h.sum += v
}

// ObserveDuration records d in seconds.
func (h *Histogram) ObserveDuration(d time.Duration) { h.Observe(d.Seconds()) }

// Count returns how many values were observed.
func (h *Histogram) Count() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.count
}

func (h *Histogram) write(w *bufio.Writer) {
	h.mu.Lock()
	counts := slices.Clone(h.counts)
	count, sum := h.count, h.sum
	h.mu.Unlock()

	writeHeader(w, h.name, h.help, "histogram")
	var cumulative uint64
	for i, upper := range h.upper {
		cumulative += counts[i]
		fmt.Fprintf(w, "%s_bucket{le=\"%s\"} %d\n", h.name, formatFloat(upper), cumulative)
	}
	fmt.Fprintf(w, "%s_bucket{le=\"+Inf\"} %d\n", h.name, count)
	fmt.Fprintf(w, "%s_sum %s\n", h.name, formatFloat(sum))
	fmt.Fprintf(w, "%s_count %d\n", h.name, count)
}

func writeHeader(w *bufio.Writer, name, help, typ string) {
	w.WriteString("# HELP " + name + " " + escapeHelp(help) + "\n")
	w.WriteString("# TYPE " + name + " " + typ + "\n")
}

func writeLabels(w *bufio.Writer, names, values []string) {
	if len(names) == 0 {
		return
	}
	w.WriteByte('{')
	for i, n := range names {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(n + `="` + escapeLabel(values[i]) + `"`)
	}
	w.WriteByte('}')
}

var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

func escapeHelp(s string) string  { return helpEscaper.Replace(s) }
func escapeLabel(s string) string { return labelEscaper.Replace(s) }

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
