package poller

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/safehttp"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/testclock"
)

const (
	benchFeeds        = 10_000
	benchChangingEach = 10 // every 10th feed has new items each pass: 10%
	benchNewItems     = 50
	benchWorkers      = 32 // config's default DIGESTBOT_CONCURRENCY
)

// benchServer serves /f/<n>. Feeds with n%benchChangingEach == 0 publish
// benchNewItems fresh GUIDs every pass (their ETag names the pass); the
// others never change and answer 304 to their stored ETag. It counts the
// conditional requests so the benchmark can prove validators were sent.
type benchServer struct {
	pass        atomic.Int64
	requests    atomic.Int64
	conditional atomic.Int64 // carried If-None-Match
	notModified atomic.Int64
}

func (s *benchServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	n, ok := feedNumber(w, r)
	if !ok {
		return
	}
	changing := n%benchChangingEach == 0
	pass := s.pass.Load()
	etag := `"static"`
	if changing {
		etag = fmt.Sprintf(`"p%d"`, pass)
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		s.conditional.Add(1)
		if inm == etag {
			s.notModified.Add(1)
			w.Header().Set("ETag", etag)
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench feed %d</title><link>https://bench.example/%d/</link>`, n, n)
	items := 1
	if changing {
		items = benchNewItems
	}
	for j := range items {
		fmt.Fprintf(&b, `<item><guid isPermaLink="false">f%d-p%d-%d</guid><title>Story %d of pass %d in feed %d</title>`+
			`<link>https://bench.example/%d/p%d/%d</link><pubDate>%s</pubDate>`+
			`<description>A paragraph of summary text for the story, about as long as publishers write them in their feeds.</description></item>`,
			n, pass, j, j, pass, n, n, pass, j, t0.Add(time.Duration(pass)*time.Hour+time.Duration(j)*time.Second).Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>")
	w.Header().Set("Content-Type", "application/rss+xml")
	w.Header().Set("ETag", etag)
	w.Write(b.Bytes())
}

// feedNumber reads n from a request for /f/<n>, answering 404 to others.
func feedNumber(w http.ResponseWriter, r *http.Request) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/f/"))
	if err != nil {
		http.NotFound(w, r)
		return 0, false
	}
	return n, true
}

// BenchmarkPollPass is one poll pass over 10,000 due feeds on a local
// server: 90% answer 304 to the validators stored by the previous poll, 10%
// return 50 new items each. The store is a real bbolt file with fsync on.
// Adding the feeds (and their baseline poll) is set-up and not timed.
//
// Reported: ns/op is the wall time of one pass; new-items/pass; peak-RSS-MB
// is the process's VmHWM during the timed passes (reset after set-up), which
// includes the in-process test server, so it overstates the poller's own;
// cpu-s/pass is the process's CPU time per pass; db-MB the file size after.
//
//	go test -run '^$' -bench PollPass -benchtime 1x -count 3 ./internal/poller
func BenchmarkPollPass(b *testing.B) {
	srv := &benchServer{}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	path := filepath.Join(b.TempDir(), "digestbot.db")
	clock := testclock.New(t0)
	// Every feed is on 127.0.0.1, so the default 2 requests per host would
	// make this a benchmark of one slow host. 10,000 real feeds are spread
	// over thousands of hosts, where only the overall limit binds: raise the
	// per-host limit to the overall one.
	limiter := safehttp.NewLimiter(benchWorkers, benchWorkers)
	client := safehttp.NewClient(safehttp.Options{AllowAddrs: []netip.AddrPort{ts.Listener.Addr().(*net.TCPAddr).AddrPort()}})
	fetcher := feed.NewFetcher(client, feed.FetcherOptions{Limiter: limiter})
	opts := Options{Policy: feed.PollPolicy{Interval: testInterval}, Workers: benchWorkers, PerHost: benchWorkers, Now: clock.Now}

	st := addBenchFeeds(b, path, ts.URL, fetcher, opts)
	defer st.Close()
	p := New(st, fetcher, opts)

	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS(b)
	var newItems, polled, failed int
	cpuBefore := cpuTime()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		srv.pass.Add(1)
		clock.Advance(2 * testInterval) // past every feed's jittered next poll
		srv.requests.Store(0)
		srv.conditional.Store(0)
		srv.notModified.Store(0)
		b.StartTimer()

		err := p.PollDue(context.Background(), false, func(o Outcome) {
			polled++
			newItems += len(o.NewItems)
			if o.Status == StatusFailed {
				failed++
				if failed <= 3 {
					b.Errorf("feed %s failed: %v", o.Feed.URL, o.Err)
				}
			}
		})
		if err != nil {
			b.Fatal(err)
		}

		b.StopTimer()
		if got := srv.conditional.Load(); got != benchFeeds {
			b.Fatalf("%d of %d requests carried If-None-Match", got, srv.requests.Load())
		}
		if got, want := srv.notModified.Load(), int64(benchFeeds-benchFeeds/benchChangingEach); got != want {
			b.Fatalf("%d answers were 304, want %d", got, want)
		}
		b.StartTimer()
	}
	b.StopTimer()
	// CPU seconds of the whole process (server included) per pass: on a
	// shared machine the wall time says as much about the neighbours.
	b.ReportMetric((cpuTime()-cpuBefore).Seconds()/float64(b.N), "cpu-s/pass")
	if want := b.N * benchFeeds; polled != want || failed != 0 {
		b.Fatalf("polled %d feeds (%d failed), want %d", polled, failed, want)
	}
	if want := b.N * benchFeeds / benchChangingEach * benchNewItems; newItems != want {
		b.Fatalf("%d new items, want %d", newItems, want)
	}
	b.ReportMetric(float64(newItems)/float64(b.N), "new-items/pass")
	if mb, ok := peakRSSMB(); ok {
		b.ReportMetric(mb, "peak-RSS-MB")
	}
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "db-MB")
	}
}

// addBenchFeeds adds benchFeeds feeds of url to a new database at path and
// returns it opened with fsync on, as the bot runs. Set-up runs without
// fsync: it is not what is measured, and 10,000 synced adds would take
// minutes.
func addBenchFeeds(b *testing.B, path, url string, fetcher *feed.Fetcher, opts Options) *store.Store {
	b.Helper()
	setupStore, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	setup := New(setupStore, fetcher, opts)
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(benchWorkers)
	for n := range benchFeeds {
		g.Go(func() error {
			_, _, err := setup.Add(ctx, fmt.Sprintf("%s/f/%d", url, n), "")
			return err
		})
	}
	if err := g.Wait(); err != nil {
		b.Fatal(err)
	}
	if err := setupStore.Close(); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path, store.Options{}) // fsync on: the real thing
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// resetPeakRSS makes VmHWM start again from the current RSS (Linux 4.0+),
// so set-up and earlier benchmark runs in this process do not count.
func resetPeakRSS(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("cannot reset the peak RSS (%v): peak-RSS-MB includes set-up", err)
	}
}

// cpuTime is the user plus system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSSMB reads VmHWM, the process's peak resident set, in MiB.
func peakRSSMB() (float64, bool) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				return 0, false
			}
			return kb / 1024, true
		}
	}
	return 0, false
}
