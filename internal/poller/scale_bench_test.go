package poller

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed/rss"

	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/safehttp"
	"github.com/digestbot/digestbot/internal/store"
)

const (
	scaleFeeds    = 10_000
	scaleHosts    = 100 // feeds n*100 .. n*100+99 are on host n, as an OPML lists them
	scaleChanging = 10  // every 10th feed has new items each pass: 10%
	scaleNewItems = 5
	scaleListed   = 10 // items in a feed document
	bareWorkers   = 64
)

// scaleSite is one loopback listener answering for scaleHosts host names
// (h00.scale.test …): to a client each name is its own host, with its own
// connections and its own per-host limit. It runs in a child process
// (TestScaleSiteProcess), so the memory and goroutines of 10,000 answers
// are not counted as the poller's. A second listener takes commands: start
// the next pass, report the counts, close idle connections (standing in for
// the minutes between two real passes).
type scaleSite struct {
	pass     atomic.Int64
	requests atomic.Int64
	newConns atomic.Int64
	status   [600]atomic.Int64

	mu   sync.Mutex
	idle map[net.Conn]bool
}

// TestScaleSiteProcess is the child process of newScaleSite; it does
// nothing in a normal test run.
func TestScaleSiteProcess(t *testing.T) {
	if os.Getenv("DIGESTBOT_SCALE_SITE") != "1" {
		t.Skip("the feed server of BenchmarkSecondPass, run in its own process")
	}
	s := &scaleSite{idle: map[net.Conn]bool{}}
	feeds, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go (&http.Server{Handler: s, ConnState: s.connState}).Serve(feeds)
	go http.Serve(ctl, http.HandlerFunc(s.command))
	fmt.Printf("%s %s\n", feeds.Addr(), ctl.Addr())
	io.Copy(io.Discard, os.Stdin) // until the benchmark closes it
}

func (s *scaleSite) command(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/pass":
		s.pass.Add(1)
	case "/closeidle":
		s.mu.Lock()
		for c := range s.idle {
			c.Close()
		}
		s.mu.Unlock()
	}
	fmt.Fprintf(w, "%d %d %d", s.requests.Load(), s.newConns.Load(), s.status[304].Load())
}

func (s *scaleSite) connState(c net.Conn, st http.ConnState) {
	if st == http.StateNew {
		s.newConns.Add(1)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st == http.StateIdle || st == http.StateNew {
		s.idle[c] = true
	} else {
		delete(s.idle, c)
	}
}

// siteClient drives a scaleSite child process.
type siteClient struct {
	addr, ctl string
}

// siteCounts are a scaleSite's counters.
type siteCounts struct{ requests, newConns, notModified int64 }

func newScaleSite(b *testing.B) *siteClient {
	cmd := exec.Command(os.Args[0], "-test.run=^TestScaleSiteProcess$")
	cmd.Env = append(os.Environ(), "DIGESTBOT_SCALE_SITE=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { stdin.Close(); cmd.Wait() })
	c := &siteClient{}
	if _, err := fmt.Fscan(stdout, &c.addr, &c.ctl); err != nil {
		b.Fatalf("feed server: %v", err)
	}
	go io.Copy(io.Discard, stdout)
	return c
}

func (c *siteClient) do(b *testing.B, command string) siteCounts {
	resp, err := http.Get("http://" + c.ctl + "/" + command)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var n siteCounts
	if _, err := fmt.Fscan(resp.Body, &n.requests, &n.newConns, &n.notModified); err != nil {
		b.Fatal(err)
	}
	return n
}

func (c *siteClient) nextPass(b *testing.B)          { c.do(b, "pass") }
func (c *siteClient) counts(b *testing.B) siteCounts { return c.do(b, "stats") }

// closeIdle drops every idle keep-alive connection, as a server's idle
// timeout does between two passes ten minutes apart.
func (c *siteClient) closeIdle(b *testing.B) {
	c.do(b, "closeidle")
	time.Sleep(200 * time.Millisecond) // let the clients see the closes
}

func (c *siteClient) url(n int) string {
	_, port, _ := net.SplitHostPort(c.addr)
	return fmt.Sprintf("http://h%02d.scale.test:%s/f/%d", n/(scaleFeeds/scaleHosts), port, n)
}

func (s *scaleSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	n, ok := feedNumber(w, r)
	if !ok {
		return
	}
	pass := s.pass.Load()
	etag := `"static"`
	if n%scaleChanging == 0 {
		etag = fmt.Sprintf(`"p%d"`, pass)
	}
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		s.status[304].Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	s.status[200].Add(1)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %d</title><link>https://site%d.example/</link>`, n, n)
	for j := range scaleListed {
		// The newest scaleNewItems items belong to this pass; the rest to earlier ones.
		p, k := pass-int64(j/scaleNewItems), j%scaleNewItems
		if n%scaleChanging != 0 {
			p = 0
		}
		fmt.Fprintf(&b, `<item><guid isPermaLink="false">f%d-p%d-%d</guid><title>Story %d of pass %d</title><link>https://site%d.example/%d/%d</link>`+
			`<pubDate>%s</pubDate><description>A paragraph of summary text, about as long as publishers write them.</description></item>`,
			n, p, k, k, p, n, p, k, t0.Add(time.Duration(p)*time.Hour-time.Duration(j)*time.Minute).Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>")
	w.Header().Set("Content-Type", "application/rss+xml")
	w.Write(b.Bytes())
}

// scaleResolver resolves every name to the site's loopback address.
type scaleResolver struct{}

func (scaleResolver) LookupIPAddr(context.Context, string) ([]net.IPAddr, error) {
	return []net.IPAddr{{IP: net.IPv4(127, 0, 0, 1)}}, nil
}

// barePoller is the yardstick of issue 9: 64 fetches at once in list order,
// conditional GETs, gofeed's RSS parser, nothing stored. Its transport keeps
// every connection it opens, so it is not slowed by reconnecting.
type barePoller struct {
	client *http.Client
	etags  []string
	items  atomic.Int64
}

func newBarePoller(site *siteClient) *barePoller {
	var d net.Dialer
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, site.addr)
		},
		MaxIdleConnsPerHost: bareWorkers,
	}
	return &barePoller{client: &http.Client{Transport: tr}, etags: make([]string, scaleFeeds)}
}

func (bp *barePoller) pass(b *testing.B, site *siteClient) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range bareWorkers {
		wg.Go(func() {
			for n := range jobs {
				if err := bp.poll(site, n); err != nil {
					b.Error(err)
				}
			}
		})
	}
	for n := range scaleFeeds {
		jobs <- n
	}
	close(jobs)
	wg.Wait()
}

func (bp *barePoller) poll(site *siteClient, n int) error {
	req, _ := http.NewRequest(http.MethodGet, site.url(n), nil)
	if bp.etags[n] != "" {
		req.Header.Set("If-None-Match", bp.etags[n])
	}
	resp, err := bp.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return nil
	}
	var p rss.Parser
	f, err := p.Parse(resp.Body)
	if err != nil {
		return fmt.Errorf("feed %d: %w", n, err)
	}
	bp.items.Add(int64(len(f.Items)))
	bp.etags[n] = resp.Header.Get("ETag")
	return nil
}

// BenchmarkSecondPass is issue 9's measurement: 10,000 feeds over 100
// loopback hosts, listed host by host; on the second pass 90% answer 304
// and 10% have 5 new items. Each iteration publishes a pass, runs the bare
// poller over it, then digestbot's poller with the configuration defaults
// (32 at once, 2 per host) and a bbolt file with fsync on. Idle connections
// are closed before each timed pass, as the minutes between passes would.
//
// ns/op is the sum of both; reported: bare-s and digestbot-s (wall time of
// each pass), ratio (digestbot/bare), bare-cpu-s and digestbot-cpu-s (CPU
// time of the process during each pass), reused-% (digestbot's requests on a
// kept-alive connection), peak-RSS-MB (VmHWM of the benchmark process
// during digestbot's pass; the feed server is a child process).
//
//	go test -run '^$' -bench SecondPass -benchtime 3x ./internal/poller
func BenchmarkSecondPass(b *testing.B) {
	site := newScaleSite(b)
	bare := newBarePoller(site)
	bare.pass(b, site) // its first pass: learns the ETags
	bare.client.CloseIdleConnections()
	p, st := scaleDigestbot(b, site)
	defer st.Close()

	var bareTotal, botTotal, bareCPU, botCPU time.Duration
	var reused, requests int64
	var peak float64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		site.nextPass(b)
		site.closeIdle(b)
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		bare.pass(b, site)
		bareTotal += time.Since(start)
		bareCPU += cpuTime() - cpu0

		b.StopTimer()
		bare.client.CloseIdleConnections()
		site.closeIdle(b)
		runtime.GC()
		debug.FreeOSMemory()
		resetPeakRSS(b)
		before := site.counts(b)
		b.StartTimer()
		start, cpu0 = time.Now(), cpuTime()
		newItems := scalePoll(b, p)
		botTotal += time.Since(start)
		botCPU += cpuTime() - cpu0
		b.StopTimer()
		if mb, ok := peakRSSMB(); ok {
			peak = max(peak, mb)
		}
		after := site.counts(b)
		reqs := after.requests - before.requests
		requests += reqs
		reused += reqs - (after.newConns - before.newConns)
		if want := scaleFeeds / scaleChanging * scaleNewItems; newItems != want || reqs != scaleFeeds {
			b.Fatalf("digestbot: %d new items in %d requests, want %d in %d", newItems, reqs, want, scaleFeeds)
		}
		if n304 := after.notModified - before.notModified; n304 != scaleFeeds-scaleFeeds/scaleChanging {
			b.Fatalf("%d answers were 304", n304)
		}
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(bareTotal.Seconds()/float64(b.N), "bare-s")
	b.ReportMetric(botTotal.Seconds()/float64(b.N), "digestbot-s")
	b.ReportMetric(botTotal.Seconds()/bareTotal.Seconds(), "ratio")
	b.ReportMetric(bareCPU.Seconds()/float64(b.N), "bare-cpu-s")
	b.ReportMetric(botCPU.Seconds()/float64(b.N), "digestbot-cpu-s")
	b.ReportMetric(100*float64(reused)/float64(requests), "reused-%")
	b.ReportMetric(peak, "peak-RSS-MB")
}

// scaleDigestbot adds every feed (the first pass, not timed, without
// fsync) and returns a poller over the store reopened with fsync on.
func scaleDigestbot(b *testing.B, site *siteClient) (*Poller, *store.Store) {
	path := filepath.Join(b.TempDir(), "digestbot.db")
	client := safehttp.NewClient(safehttp.Options{AllowPrivate: true, Resolver: scaleResolver{}})
	fetcher := feed.NewFetcher(client, feed.FetcherOptions{
		Limiter: safehttp.NewLimiter(32, feed.DefaultPerHostConcurrency),
	})
	opts := Options{Workers: 32, PerHost: feed.DefaultPerHostConcurrency, Policy: feed.PollPolicy{Interval: time.Hour}, Now: func() time.Time { return t0 }}
	setupStore, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	urls := make([]string, scaleFeeds)
	for n := range urls {
		urls[n] = site.url(n)
	}
	err = New(setupStore, fetcher, opts).AddAll(context.Background(), urls, "", func(r AddResult) {
		if r.Err != nil {
			b.Errorf("add %s: %v", r.URL, r.Err)
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := setupStore.Close(); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return New(st, fetcher, opts), st
}

// scalePoll runs one pass over every feed (--all: the clock stands still)
// and returns the new items.
func scalePoll(b *testing.B, p *Poller) int {
	newItems := 0
	err := p.PollDue(context.Background(), true, func(o Outcome) {
		if o.Err != nil {
			b.Errorf("%s: %v", o.Feed.URL, o.Err)
		}
		newItems += len(o.NewItems)
	})
	if err != nil {
		b.Fatal(err)
	}
	return newItems
}
