package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/safehttp"
)

func newClient(perHost int) *Client {
	return New(&http.Client{Timeout: 5 * time.Second}, safehttp.NewLimiter(16, perHost), UserAgent("test"))
}

// Every GET through one Client counts against its per-host limit, whoever
// makes it: ten at once to one host never have more than the limit in flight.
func TestGetKeepsThePerHostLimit(t *testing.T) {
	t.Parallel()
	for _, perHost := range []int{1, 2} {
		var mu sync.Mutex
		inFlight, most := 0, 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			inFlight++
			most = max(most, inFlight)
			mu.Unlock()
			time.Sleep(20 * time.Millisecond)
			mu.Lock()
			inFlight--
			mu.Unlock()
		}))
		c := newClient(perHost)
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				if _, err := c.Get(context.Background(), Request{URL: srv.URL}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		srv.Close()
		if most != perHost {
			t.Errorf("per host %d: %d requests were in flight at most", perHost, most)
		}
	}
}

func TestGetStatusesCapsAndUserAgent(t *testing.T) {
	t.Parallel()
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
		switch r.URL.Path {
		case "/busy":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/same":
			w.WriteHeader(http.StatusNotModified)
		default:
			w.Write([]byte(strings.Repeat("x", 100)))
		}
	}))
	defer srv.Close()
	c, ctx := newClient(2), context.Background()

	res, err := c.Get(ctx, Request{URL: srv.URL + "/busy"})
	var status *StatusError
	if !errors.As(err, &status) || status.Code != 429 || status.RetryAfter != 2*time.Minute || res.Status != 429 {
		t.Errorf("429: %+v, %v; want a StatusError with Retry-After 2m", res, err)
	}
	if res, err := c.Get(ctx, Request{URL: srv.URL + "/same"}); err != nil || res.Status != 304 || res.Body != nil {
		t.Errorf("304: %+v, %v; want no body and no error", res, err)
	}
	if _, err := c.Get(ctx, Request{URL: srv.URL, MaxBytes: 10}); !errors.Is(err, safehttp.ErrBodyTooLarge) {
		t.Errorf("over the cap: %v; want ErrBodyTooLarge", err)
	}
	res, err = c.Get(ctx, Request{URL: srv.URL, MaxBytes: 10, Truncate: true})
	if err != nil || !res.Truncated || len(res.Body) != 10 {
		t.Errorf("truncated: %d bytes, truncated %v, %v; want the first 10", len(res.Body), res.Truncated, err)
	}
	if got, _ := ua.Load().(string); !strings.HasPrefix(got, "digestbot/test ") {
		t.Errorf("User-Agent %q", got)
	}
	if _, err := c.Get(ctx, Request{URL: "ftp://example.com/x"}); !errors.Is(err, safehttp.ErrUnsupportedScheme) {
		t.Errorf("ftp: %v; want ErrUnsupportedScheme", err)
	}
}

// A gzip bomb (Content-Encoding: gzip, 1 GiB of zeros in about 1 MB) is
// read only up to the cap, counted on the decompressed bytes: the fetch
// fails as too large, or is cut there with Truncate, without inflating the
// rest.
func TestGzipBombStopsAtTheCap(t *testing.T) {
	t.Parallel()
	// One member of 1 MiB of zeros, repeated: gzip readers read on across
	// members, so this inflates to 1 GiB.
	var member bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	gz.Write(make([]byte, 1<<20))
	gz.Close()
	bomb := bytes.Repeat(member.Bytes(), 1024)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html")
		w.Write(bomb)
	}))
	defer srv.Close()
	c := newClient(2)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := c.Get(context.Background(), Request{URL: srv.URL, MaxBytes: 1 << 20})
	if !errors.Is(err, safehttp.ErrBodyTooLarge) {
		t.Errorf("Get = %v, want ErrBodyTooLarge", err)
	}
	res, err := c.Get(context.Background(), Request{URL: srv.URL, MaxBytes: 1 << 20, Truncate: true})
	runtime.ReadMemStats(&after)
	if err != nil || len(res.Body) != 1<<20 || !res.Truncated {
		t.Errorf("Get with Truncate = %d bytes, truncated %v, %v; want the first MiB", len(res.Body), res.Truncated, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("reading the bomb twice allocated %d MB", alloc>>20)
	}
}
