package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// slowSite serves one feed of n stories whose pages answer slowly, and
// records the most page requests it had in flight at once.
type slowSite struct {
	*httptest.Server
	mu                 sync.Mutex
	n                  int
	inFlight, maxPages int
}

func newSlowSite(t *testing.T) *slowSite {
	s := &slowSite{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *slowSite) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/feed.xml" {
		s.mu.Lock()
		n := s.n
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title><link>`+s.URL+`/</link>`)
		for i := range n {
			fmt.Fprintf(w, `<item><title>Story %d</title><link>%s/news/%d</link><guid>%s/news/%d</guid></item>`, i, s.URL, i, s.URL, i)
		}
		fmt.Fprint(w, `</channel></rss>`)
		return
	}
	s.mu.Lock()
	s.inFlight++
	s.maxPages = max(s.maxPages, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	time.Sleep(40 * time.Millisecond) // long enough for the requests to overlap
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprintf(w, "<html><head><title>Story</title></head><body><article><p>%s</p></article></body></html>",
		strings.Repeat("The harbour council met on Monday to discuss the new flood barrier. ", 8))
}

// A digest of ten stories from one site reads their pages through the same
// per-host limit as the feeds: never more than per_host_concurrency at once.
func TestDigestKeepsThePerHostLimitForPages(t *testing.T) {
	t.Parallel()
	for _, perHost := range []int{1, 2} {
		t.Run(strconv.Itoa(perHost), func(t *testing.T) {
			t.Parallel()
			site := newSlowSite(t)
			c := newCLI(t)
			c.env["DIGESTBOT_PER_HOST_CONCURRENCY"] = strconv.Itoa(perHost)
			c.ok("feeds", "add", site.URL+"/feed.xml")
			site.mu.Lock()
			site.n = 10
			site.mu.Unlock()
			c.ok("feeds", "poll", "--once", "--all")
			if out := c.ok("digest", "--since", "1h"); !strings.Contains(out, "# Digest: 10 stories") {
				t.Fatalf("digest:\n%s", out)
			}
			site.mu.Lock()
			defer site.mu.Unlock()
			if site.maxPages != perHost {
				t.Errorf("at most %d page requests were in flight, want the limit %d reached and kept", site.maxPages, perHost)
			}
		})
	}
}
