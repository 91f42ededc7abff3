package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/testclock"
)

// hostsSite serves feeds from several loopback addresses (127.0.0.1,
// 127.0.0.2, …), which are different hosts to digestbot's per-host limit.
// It records how many requests were in flight, per host and overall.
type hostsSite struct {
	urls []string // the listeners' base URLs, one per host

	delay  atomic.Int64 // per answer, in nanoseconds
	served atomic.Int64 // feed documents sent

	mu       sync.Mutex
	inFlight map[string]int
	hostPeak int
	peak     int
	total    int
}

func newHostsSite(t testing.TB, hosts int) *hostsSite {
	t.Helper()
	s := &hostsSite{inFlight: map[string]int{}}
	for i := range hosts {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:0", i+1))
		if err != nil {
			t.Skipf("cannot listen on a second loopback address: %v", err)
		}
		srv := &http.Server{Handler: s}
		go srv.Serve(ln)
		t.Cleanup(func() { srv.Close() })
		s.urls = append(s.urls, "http://"+ln.Addr().String())
	}
	return s
}

func (s *hostsSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.Host)
	s.mu.Lock()
	s.inFlight[host]++
	s.total++
	s.hostPeak = max(s.hostPeak, s.inFlight[host])
	s.peak = max(s.peak, s.total)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight[host]--
		s.total--
		s.mu.Unlock()
	}()
	if strings.HasSuffix(r.URL.Path, "/missing.xml") {
		http.NotFound(w, r)
		return
	}
	time.Sleep(time.Duration(s.delay.Load()))
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %s</title>`, r.URL.Path)
	for i := range 3 {
		fmt.Fprintf(w, `<item><guid>%s#%d</guid><title>Story %d</title></item>`, r.URL.Path, i, i)
	}
	fmt.Fprint(w, `</channel></rss>`)
	s.served.Add(1)
}

// peaks returns the most requests seen in flight to one host and overall,
// and with reset starts counting again.
func (s *hostsSite) peaks(reset bool) (hostPeak, peak int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	hostPeak, peak = s.hostPeak, s.peak
	if reset {
		s.hostPeak, s.peak = 0, 0
	}
	return hostPeak, peak
}

// opml lists perHost feeds of every host, host by host, as OPML exports do.
func (s *hostsSite) opml(t testing.TB, perHost int, extra ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><opml version="2.0"><head><title>many</title></head><body>`)
	for _, base := range s.urls {
		for n := range perHost {
			fmt.Fprintf(&b, `<outline type="rss" text="f" xmlUrl="%s/f%d.xml"/>`, base, n)
		}
	}
	for _, u := range extra {
		fmt.Fprintf(&b, `<outline type="rss" text="x" xmlUrl="%s"/>`, u)
	}
	b.WriteString(`</body></opml>`)
	path := filepath.Join(t.TempDir(), "feeds.opml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportSpreadsOverHosts imports 60 feeds listed host by host: they
// are fetched several at once across the hosts, never more than the
// per-host limit to one, and the summary gives the failures' reasons. A
// poll pass over them is spread the same way.
func TestImportSpreadsOverHosts(t *testing.T) {
	site := newHostsSite(t, 3)
	site.delay.Store(int64(20 * time.Millisecond))
	withPassword := strings.Replace(site.urls[2], "http://", "http://reader:s3cret@", 1) + "/missing.xml"
	opml := site.opml(t, 20, site.urls[1]+"/missing.xml", withPassword)
	c := newCLI(t)
	c.env["DIGESTBOT_CONCURRENCY"] = "6"
	c.env["DIGESTBOT_PER_HOST_CONCURRENCY"] = "2"
	code, out, errOut := c.run("feeds", "import", opml)
	if code != 1 || !strings.Contains(out, "imported 60 feeds, 0 already followed, 2 failed (2 http status)") ||
		!strings.Contains(errOut, "skipped "+site.urls[1]+"/missing.xml") || strings.Contains(errOut+out, "s3cret") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if strings.Contains(out, "\r") || strings.Contains(out, "feeds/s") {
		t.Errorf("progress drawn on a non-terminal:\n%q", out)
	}
	if hostPeak, peak := site.peaks(true); hostPeak > 2 || peak < 4 {
		t.Errorf("%d requests at once to one host (limit 2), %d overall (want several hosts at once)", hostPeak, peak)
	}
	if _, out, errOut := c.run("feeds", "import", opml); !strings.Contains(out, "imported 0 feeds, 60 already followed, 2 failed") {
		t.Errorf("importing again:\n%s\nstderr:\n%s", out, errOut)
	}
	// A poll pass over the same feeds is spread the same way.
	if _, out, errOut := c.run("feeds", "poll", "--once", "--all"); !strings.Contains(out, "polled 60 feeds: 0 new items, 0 failed") {
		t.Errorf("poll:\n%s\nstderr:\n%s", out, errOut)
	}
	if hostPeak, peak := site.peaks(false); hostPeak > 2 || peak < 4 {
		t.Errorf("poll: %d requests at once to one host (limit 2), %d overall (want several hosts at once)", hostPeak, peak)
	}
	if got := len(feedURLs(t, c.open())); got != 60 {
		t.Errorf("%d feeds stored, want 60", got)
	}
}

func TestProgressCounter(t *testing.T) {
	var out bytes.Buffer
	clock := testclock.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	p := &progress{w: &out, live: true, total: 100, now: clock.Now, start: clock.Now()}
	for range 20 {
		clock.Advance(100 * time.Millisecond)
		p.step()
	}
	p.finish()
	got := out.String()
	// 20 feeds in 2 s: 10 feeds/s, 80 to go in 8 s.
	if !strings.HasSuffix(got, "\r\033[K20/100 feeds  10 feeds/s  ETA 8s\n") {
		t.Errorf("progress ends with %q", got[max(0, len(got)-60):])
	}
	// Redrawn at most every progressEvery: 10 of 20 steps, plus the last.
	if n := strings.Count(got, "\r"); n != 11 {
		t.Errorf("drawn %d times, want 11", n)
	}
}

var importedLine = regexp.MustCompile(`imported (\d+) feeds?, (\d+) already followed, (\d+) failed`)

// TestImportInterruptKeepsWhatWasAdded sends SIGINT to `feeds import`
// half-way: it stops with a summary, every feed it reports is stored with
// its baseline, nothing else is, and importing again adds the rest.
func TestImportInterruptKeepsWhatWasAdded(t *testing.T) {
	bin := digestbotBinary(t)
	site := newHostsSite(t, 2)
	site.delay.Store(int64(50 * time.Millisecond))
	opml := site.opml(t, 40)
	db := filepath.Join(t.TempDir(), "digestbot.db")
	env := append(binaryEnv(db), "DIGESTBOT_PER_HOST_CONCURRENCY=2")

	cmd := exec.Command(bin, "feeds", "import", opml)
	cmd.Env = env
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for site.served.Load() < 10 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 130 || !strings.Contains(out.String(), "stopped: ") {
		t.Fatalf("interrupted import: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errOut.String())
	}
	var added, failed int
	if m := importedLine.FindStringSubmatch(out.String()); m != nil {
		added, _ = strconv.Atoi(m[1])
		failed, _ = strconv.Atoi(m[3])
	}
	if added == 0 || added == 80 || failed != 0 {
		t.Fatalf("added %d, failed %d: not stopped half-way\n%s", added, failed, out.String())
	}

	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	feeds, err := st.Feeds()
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != added {
		t.Errorf("%d feeds stored, %d reported added", len(feeds), added)
	}
	for _, f := range feeds {
		if !f.Initialized {
			t.Errorf("feed %s stored without its baseline", f.URL)
		}
	}
	site.delay.Store(0)
	again := runBinary(t, bin, env, "feeds", "import", opml)
	if m := importedLine.FindStringSubmatch(again); m == nil || m[1] != strconv.Itoa(80-added) || m[2] != strconv.Itoa(added) || m[3] != "0" {
		t.Errorf("re-import after adding %d:\n%s", added, again)
	}
}

// BenchmarkImport10k is issue 9's import: `feeds import` of an OPML file of
// 10,000 feeds, 100 on each of 100 loopback hosts, listed host by host,
// with the configuration's defaults (32 at once, 2 per host) and fsync on.
// Reported: wall-s of the whole command, its cpu-s, and peak-RSS-MB (VmHWM
// of the digestbot process).
//
//	go test -run '^$' -bench Import10k -benchtime 1x ./cmd/digestbot
func BenchmarkImport10k(b *testing.B) {
	bin := digestbotBinary(b)
	site := newHostsSite(b, 100)
	opml := site.opml(b, 100)
	b.ResetTimer()
	var wall, cpu time.Duration
	var peak float64
	for range b.N {
		db := filepath.Join(b.TempDir(), "digestbot.db")
		m, err := measure(bin, append(binaryEnv(db), "DIGESTBOT_CONCURRENCY=32", "DIGESTBOT_PER_HOST_CONCURRENCY=2"), "feeds", "import", opml)
		if err != nil || !strings.Contains(m.out, "imported 10000 feeds, 0 already followed, 0 failed") {
			b.Fatalf("%v\n%s", err, m.out[max(0, len(m.out)-2000):])
		}
		wall += m.wall
		cpu += m.cpu
		peak = max(peak, m.peakMB)
	}
	b.ReportMetric(wall.Seconds()/float64(b.N), "wall-s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s")
	b.ReportMetric(peak, "peak-RSS-MB")
}
