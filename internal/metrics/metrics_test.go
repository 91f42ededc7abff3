package metrics

import (
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("output differs from %s (run with -update to accept):\n--- got\n%s--- want\n%s", path, got, want)
	}
}

func TestExpositionGolden(t *testing.T) {
	r := NewRegistry()
	m := NewMetrics(r)
	m.FeedsPolled.Add(3)
	m.FetchErrors.Inc()
	m.DeliveryDelay.ObserveDuration(90 * time.Second)
	m.DeliveryDelay.Observe(300) // on a bound: counted in le="300"
	m.DeliveryDelay.Observe(1e6) // past every bound: only in +Inf
	m.DeliveryDelay.ObserveDuration(250 * time.Millisecond)

	req := r.Counter("test_requests_total", "Requests by path.\nSecond line with a \\ backslash.", "path", "code")
	req.Inc("/b", "200")
	req.Add(2.5, "/a", "500")
	req.Inc("/a", "200")
	req.Inc(`quote " back \ new`+"\nline", "200")
	g := r.Gauge("test_queue_length", "Items waiting.")
	g.Set(7)
	g.Dec()
	r.Gauge("test_labelled_unused", "A labelled gauge never set has no series.", "shard")
	r.Gauge("test_special", "Special values.", "kind").Set(0.1, "tenth")

	var b strings.Builder
	n, err := r.WriteTo(&b)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(b.Len()) {
		t.Errorf("WriteTo reported %d bytes, wrote %d", n, b.Len())
	}
	golden(t, "exposition.golden", []byte(b.String()))
}

func TestHandler(t *testing.T) {
	r := NewRegistry()
	m := NewMetrics(r)
	m.DigestsSent.Inc()
	var failing error
	var mu sync.Mutex
	r.AddHealthCheck("store", func(ctx context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		return failing
	})
	srv := httptest.NewServer(r.Handler())
	defer srv.Close()

	get := func(path string) (int, string, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
	}

	code, ctype, body := get("/metrics")
	if code != 200 || ctype != ContentType || !strings.Contains(body, "\ndigestbot_digests_sent_total 1\n") {
		t.Errorf("/metrics: %d %q\n%s", code, ctype, body)
	}
	if code, _, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz healthy: %d %q", code, body)
	}
	mu.Lock()
	failing = errors.New("database not open")
	mu.Unlock()
	if code, _, body := get("/healthz"); code != 503 || body != "store: database not open\n" {
		t.Errorf("/healthz failing: %d %q", code, body)
	}
	if code, _, _ := get("/other"); code != 404 {
		t.Errorf("/other: %d", code)
	}
}

func TestHealthCheckGetsDeadline(t *testing.T) {
	r := NewRegistry()
	r.AddHealthCheck("slow", func(ctx context.Context) error {
		if _, ok := ctx.Deadline(); !ok {
			return errors.New("no deadline")
		}
		return nil
	})
	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != 200 {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestConcurrentUse(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("test_total", "t", "worker")
	g := r.Gauge("test_gauge", "g")
	h := r.Histogram("test_seconds", "h", []float64{1, 2})
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				c.Inc("shared")
				g.Inc()
				h.Observe(1.5)
				if i%100 == 0 {
					_, _ = r.WriteTo(io.Discard)
				}
			}
		}()
	}
	wg.Wait()
	if c.Value("shared") != 8000 || g.Value() != 8000 || h.Count() != 8000 {
		t.Errorf("counter %v gauge %v histogram %d, want 8000 each", c.Value("shared"), g.Value(), h.Count())
	}
}

func TestMisusePanics(t *testing.T) {
	tests := map[string]func(r *Registry){
		"bad metric name":  func(r *Registry) { r.Counter("1bad", "") },
		"bad label name":   func(r *Registry) { r.Counter("ok_total", "", "bad-label") },
		"reserved label":   func(r *Registry) { r.Counter("ok_total", "", "__x") },
		"duplicate":        func(r *Registry) { r.Counter("dup", ""); r.Gauge("dup", "") },
		"label count":      func(r *Registry) { r.Counter("ok_total", "", "a").Inc() },
		"negative counter": func(r *Registry) { r.Counter("ok_total", "").Add(-1) },
		"unsorted buckets": func(r *Registry) { r.Histogram("h", "", []float64{2, 1}) },
		"no buckets":       func(r *Registry) { r.Histogram("h", "", nil) },
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("did not panic")
				}
			}()
			f(NewRegistry())
		})
	}
}
