package feed

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/safehttp"
)

// newTestFetcher reaches httptest servers on loopback. Its timeouts are
// generous: the machine running the tests may be busy.
func newTestFetcher(t testing.TB, opts FetcherOptions) *Fetcher {
	t.Helper()
	client := safehttp.NewClient(safehttp.Options{AllowPrivate: true, MaxRedirects: 5})
	return NewFetcher(client, opts)
}

// newImpatientFetcher has short timeouts so the stall tests finish quickly.
func newImpatientFetcher(t *testing.T) *Fetcher {
	t.Helper()
	client := safehttp.NewClient(safehttp.Options{
		AllowPrivate:   true,
		ConnectTimeout: time.Second,
		HeaderTimeout:  200 * time.Millisecond,
		Timeout:        500 * time.Millisecond,
	})
	return NewFetcher(client, FetcherOptions{})
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFetchOK(t *testing.T) {
	body := fixture(t, "rss2_news.xml")
	var gotUA, gotAccept string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotAccept = r.Header.Get("User-Agent"), r.Header.Get("Accept")
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Wed, 25 Nov 2026 09:12:44 GMT")
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Write(body)
	}))
	defer srv.Close()

	f := newTestFetcher(t, FetcherOptions{UserAgent: UserAgent("1.2.3")})
	res, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/rss"})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if res.Status != 200 || res.NotModified || res.Feed == nil || len(res.Feed.Items) != 6 {
		t.Fatalf("result = %+v", res)
	}
	if res.ETag != `"v1"` || res.LastModified != "Wed, 25 Nov 2026 09:12:44 GMT" || res.MaxAge != 5*time.Minute {
		t.Errorf("validators/max-age = %q %q %v", res.ETag, res.LastModified, res.MaxAge)
	}
	if gotUA != "digestbot/1.2.3 (+https://github.com/digestbot/digestbot)" {
		t.Errorf("User-Agent = %q", gotUA)
	}
	if !strings.Contains(gotAccept, "application/rss+xml") {
		t.Errorf("Accept = %q", gotAccept)
	}
	if res.FinalURL != srv.URL+"/rss" || res.PermanentURL != "" {
		t.Errorf("final %q permanent %q", res.FinalURL, res.PermanentURL)
	}
	if h := res.PollHints(0); h.TTL != 15*time.Minute || h.MaxAge != 5*time.Minute {
		t.Errorf("poll hints = %+v", h)
	}
}

func TestFetchConditional304(t *testing.T) {
	body := fixture(t, "atom_blog.xml")
	const etag = `W/"abc123"`
	const lastMod = "Tue, 24 Nov 2026 10:00:00 GMT"
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := requests.Add(1)
		if n == 1 {
			if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
				t.Errorf("first request carried validators")
			}
			w.Header().Set("ETag", etag)
			w.Header().Set("Last-Modified", lastMod)
			w.Write(body)
			return
		}
		// The second poll must carry both validators.
		if got := r.Header.Get("If-None-Match"); got != etag {
			t.Errorf("If-None-Match = %q, want %q", got, etag)
		}
		if got := r.Header.Get("If-Modified-Since"); got != lastMod {
			t.Errorf("If-Modified-Since = %q, want %q", got, lastMod)
		}
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(body)
	}))
	defer srv.Close()

	f := newTestFetcher(t, FetcherOptions{})
	first, err := f.Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil || first.Feed == nil {
		t.Fatalf("first fetch: %+v, %v", first, err)
	}
	second, err := f.Fetch(context.Background(), Request{URL: srv.URL, ETag: first.ETag, LastModified: first.LastModified})
	if err != nil {
		t.Fatalf("second fetch: %v", err)
	}
	if second.Status != 304 || !second.NotModified || second.Feed != nil {
		t.Fatalf("second result = %+v, want 304 not modified", second)
	}
	// A 304 without validators echoes the stored ones back.
	if second.ETag != etag || second.LastModified != lastMod {
		t.Errorf("validators after 304 = %q %q", second.ETag, second.LastModified)
	}
}

func TestFetchErrorStatuses(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name           string
		status         int
		header         map[string]string
		wantKind       ErrorKind
		wantGone       bool
		wantRetryAfter time.Duration
	}{
		{"404", 404, nil, KindHTTPStatus, false, 0},
		{"410 gone", 410, nil, KindGone, true, 0},
		{"429 seconds", 429, map[string]string{"Retry-After": "120"}, KindHTTPStatus, false, 2 * time.Minute},
		{"429 http-date", 429, map[string]string{"Retry-After": now.Add(90 * time.Minute).Format(http.TimeFormat)}, KindHTTPStatus, false, 90 * time.Minute},
		{"503 seconds", 503, map[string]string{"Retry-After": "3600"}, KindHTTPStatus, false, time.Hour},
		{"429 date in past", 429, map[string]string{"Retry-After": now.Add(-time.Hour).Format(http.TimeFormat)}, KindHTTPStatus, false, 0},
		{"500", 500, nil, KindHTTPStatus, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				http.Error(w, "nope", tt.status)
			}))
			defer srv.Close()
			f := newTestFetcher(t, FetcherOptions{})
			f.now = func() time.Time { return now }

			res, err := f.Fetch(context.Background(), Request{URL: srv.URL})
			var se *StatusError
			if !errors.As(err, &se) || se.Code != tt.status {
				t.Fatalf("err = %v, want *StatusError %d", err, tt.status)
			}
			if got := Classify(err); got != tt.wantKind {
				t.Errorf("Classify = %q, want %q", got, tt.wantKind)
			}
			if res.Status != tt.status || res.Gone != tt.wantGone || res.RetryAfter != tt.wantRetryAfter {
				t.Errorf("result status %d gone %v retry-after %v; want %d %v %v",
					res.Status, res.Gone, res.RetryAfter, tt.status, tt.wantGone, tt.wantRetryAfter)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("HTTP %d", tt.status)) {
				t.Errorf("message %q does not name the status", err)
			}
		})
	}
}

// TestFetch500BacksOff follows a feed through a run of 500s the way the
// poller does: every failure pushes the next poll further out.
func TestFetch500BacksOff(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	f := newTestFetcher(t, FetcherOptions{})
	policy := PollPolicy{Interval: 10 * time.Minute, Rand: func() float64 { return 0.5 }}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

	var prev time.Duration
	failures := 0
	for i := 0; i < 6; i++ {
		res, err := f.Fetch(context.Background(), Request{URL: srv.URL})
		if Classify(err) != KindHTTPStatus {
			t.Fatalf("poll %d: err = %v", i, err)
		}
		failures++
		delay := NextPoll(now, policy, res.PollHints(failures)).Sub(now)
		if delay <= prev {
			t.Fatalf("after %d failures the delay is %v, not more than %v", failures, delay, prev)
		}
		prev = delay
	}
	if prev != 640*time.Minute {
		t.Errorf("delay after 6 failures = %v, want 10m*2^6 = 640m", prev)
	}
}

func TestFetchStalls(t *testing.T) {
	// Each case waits out a timeout: run them alongside the rest.
	t.Parallel()
	tests := []struct {
		name    string
		handler func(w http.ResponseWriter, r *http.Request, stop <-chan struct{})
	}{
		{"before headers", func(w http.ResponseWriter, r *http.Request, stop <-chan struct{}) {
			select {
			case <-stop:
			case <-r.Context().Done():
			}
		}},
		{"mid body", func(w http.ResponseWriter, r *http.Request, stop <-chan struct{}) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>slow`))
			w.(http.Flusher).Flush()
			select {
			case <-stop:
			case <-r.Context().Done():
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stop := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tt.handler(w, r, stop) }))
			defer srv.Close()
			defer close(stop)

			f := newImpatientFetcher(t)
			start := time.Now()
			_, err := f.Fetch(context.Background(), Request{URL: srv.URL})
			if !errors.Is(err, ErrTimeout) || Classify(err) != KindTimeout {
				t.Fatalf("err = %v, want a timeout", err)
			}
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("timeout took %v", elapsed)
			}
		})
	}

	t.Run("caller cancels", func(t *testing.T) {
		t.Parallel()
		stop := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-stop:
			case <-r.Context().Done():
			}
		}))
		defer srv.Close()
		defer close(stop)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		_, err := newTestFetcher(t, FetcherOptions{}).Fetch(ctx, Request{URL: srv.URL})
		if Classify(err) != KindCanceled {
			t.Fatalf("err = %v (kind %q), want canceled", err, Classify(err))
		}
	})
}

func TestFetchBodyCap(t *testing.T) {
	const limit = 64 << 10
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	gz.Write(make([]byte, 1<<20))
	gz.Close()
	bomb := buf.Bytes()
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"endless body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>`))
			chunk := []byte(strings.Repeat("spam ", 1024))
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}},
		{"declared too large", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(limit*4))
			w.Write(make([]byte, limit*4))
		}},
		{"gzip bomb", func(w http.ResponseWriter, r *http.Request) {
			// 1 MiB of zeros compresses to about 1 KiB: the cap must count
			// decompressed bytes.
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			f := newTestFetcher(t, FetcherOptions{MaxBodyBytes: limit})
			_, err := f.Fetch(context.Background(), Request{URL: srv.URL})
			if !errors.Is(err, safehttp.ErrBodyTooLarge) || Classify(err) != KindTooLarge {
				t.Fatalf("err = %v, want ErrBodyTooLarge", err)
			}
		})
	}
}

func TestFetchGzip(t *testing.T) {
	body := fixture(t, "rss1_rdf.xml")
	var acceptEncoding string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		acceptEncoding = r.Header.Get("Accept-Encoding")
		if !strings.Contains(acceptEncoding, "gzip") {
			w.Write(body)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "application/rdf+xml")
		gz := gzip.NewWriter(w)
		gz.Write(body)
		gz.Close()
	}))
	defer srv.Close()
	res, err := newTestFetcher(t, FetcherOptions{}).Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if !strings.Contains(acceptEncoding, "gzip") {
		t.Errorf("request did not offer gzip (Accept-Encoding %q)", acceptEncoding)
	}
	if res.Feed == nil || len(res.Feed.Items) != 2 || res.Feed.Title != "Science Notes" {
		t.Fatalf("gzip feed parsed as %+v", res.Feed)
	}
}

func TestFetchMalformedAndHTML(t *testing.T) {
	tests := []struct {
		name      string
		ctype     string
		body      string
		wantKind  ErrorKind
		wantInMsg string
	}{
		{"malformed xml", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><item><title>a</item>`, KindParse, "cannot parse feed"},
		{"html page", "text/html; charset=utf-8", `<!doctype html><html><head>
			<link rel="alternate" type="application/atom+xml" href="/blog/atom.xml"></head><body>hi</body></html>`,
			KindNotAFeed, "this is a web page, not a feed; its feed is http"},
		{"html without links", "text/html", `<html><body>Just a page</body></html>`, KindNotAFeed, "does not link to one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.ctype)
				w.Header().Set("ETag", `"broken-v1"`)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			res, err := newTestFetcher(t, FetcherOptions{}).Fetch(context.Background(), Request{URL: srv.URL + "/page"})
			if got := Classify(err); got != tt.wantKind {
				t.Fatalf("err = %v (kind %q), want kind %q", err, got, tt.wantKind)
			}
			if !strings.Contains(err.Error(), tt.wantInMsg) {
				t.Errorf("message %q does not contain %q", err, tt.wantInMsg)
			}
			if res.Status != 200 || res.Feed != nil {
				t.Errorf("result = %+v", res)
			}
			if res.ETag != "" {
				t.Errorf("ETag %q returned for an unparsable body; storing it would 304 forever", res.ETag)
			}
			var nf *NotAFeedError
			if errors.As(err, &nf) && len(nf.FeedLinks) == 1 && nf.FeedLinks[0] != srv.URL+"/blog/atom.xml" {
				t.Errorf("feed link = %q", nf.FeedLinks[0])
			}
		})
	}
}

func TestFetchRedirects(t *testing.T) {
	feed := fixture(t, "jsonfeed.json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/loop-a":
			http.Redirect(w, r, "/loop-b", http.StatusFound)
		case "/loop-b":
			http.Redirect(w, r, "/loop-a", http.StatusFound)
		case "/moved":
			http.Redirect(w, r, "/moved-again", http.StatusMovedPermanently)
		case "/moved-again":
			http.Redirect(w, r, "/feed.json", http.StatusPermanentRedirect)
		case "/temp":
			http.Redirect(w, r, "/feed.json", http.StatusFound)
		case "/moved-then-temp":
			http.Redirect(w, r, "/temp", http.StatusMovedPermanently)
		case "/moved-to-404":
			http.Redirect(w, r, "/missing", http.StatusMovedPermanently)
		case "/feed.json":
			w.Header().Set("Content-Type", "application/feed+json")
			w.Write(feed)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	f := newTestFetcher(t, FetcherOptions{})

	t.Run("loop", func(t *testing.T) {
		_, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/loop-a"})
		if !errors.Is(err, safehttp.ErrTooManyRedirects) || Classify(err) != KindRedirects {
			t.Fatalf("err = %v, want too many redirects", err)
		}
	})
	tests := []struct {
		path          string
		wantPermanent string
		wantErr       bool
	}{
		{"/moved", "/feed.json", false},
		{"/temp", "", false},
		{"/moved-then-temp", "/temp", false},
		{"/moved-to-404", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, err := f.Fetch(context.Background(), Request{URL: srv.URL + tt.path})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			want := ""
			if tt.wantPermanent != "" {
				want = srv.URL + tt.wantPermanent
			}
			if res.PermanentURL != want {
				t.Errorf("PermanentURL = %q, want %q", res.PermanentURL, want)
			}
			if !tt.wantErr && res.FinalURL != srv.URL+"/feed.json" {
				t.Errorf("FinalURL = %q", res.FinalURL)
			}
		})
	}
}

func TestFetchRefusesPrivateByDefault(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("private server was reached")
	}))
	defer srv.Close()
	f := NewFetcher(nil, FetcherOptions{})
	_, err := f.Fetch(context.Background(), Request{URL: srv.URL})
	var be *safehttp.BlockedError
	if !errors.As(err, &be) || Classify(err) != KindBlocked {
		t.Fatalf("err = %v, want *safehttp.BlockedError", err)
	}
	if _, err := f.Fetch(context.Background(), Request{URL: "gopher://example.test/"}); Classify(err) != KindInvalidURL {
		t.Errorf("gopher URL: err = %v, kind %q", err, Classify(err))
	}
}

// TestPublisherRewritesDateAndTitle serves the same stories twice, the
// second time with new pubDates and new titles (as CMSs do on every edit):
// no story may get a new Key.
func TestPublisherRewritesDateAndTitle(t *testing.T) {
	const before = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://pub.test/</link>
<item><title>Quake hits coast</title><link>https://pub.test/news/quake?utm_source=rss</link><guid isPermaLink="false">story-1</guid><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate><description>First report.</description></item>
<item><title>Vote delayed</title><link>https://pub.test/news/vote</link><pubDate>Tue, 24 Nov 2026 11:00:00 GMT</pubDate><description>Officials said.</description></item>
<item><title>Atom-less link only</title><link>/news/relative/</link><pubDate>Tue, 24 Nov 2026 12:00:00 GMT</pubDate></item>
</channel></rss>`
	const after = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://pub.test/</link>
<item><title>UPDATED: Quake of magnitude 6.1 hits coast, 3 hurt</title><link>https://pub.test/news/quake?utm_source=twitter&amp;utm_medium=social</link><guid isPermaLink="false"> story-1 </guid><pubDate>Wed, 25 Nov 2026 08:00:00 GMT</pubDate><description>Updated with casualties.</description></item>
<item><title>Vote delayed until Friday</title><link>https://www.PUB.test/news/vote/#latest</link><pubDate>25 Nov 2026 09:30 +0100</pubDate><description>Officials said on Wednesday.</description></item>
<item><title>Relative link, retitled</title><link>http://pub.test/news/relative</link><pubDate>2026-11-25T10:00:00Z</pubDate></item>
</channel></rss>`
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if served.Add(1) == 1 {
			w.Write([]byte(before))
		} else {
			w.Write([]byte(after))
		}
	}))
	defer srv.Close()
	f := newTestFetcher(t, FetcherOptions{})
	first, err := f.Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	second, err := f.Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Feed.Items) != 3 || len(second.Feed.Items) != 3 {
		t.Fatalf("items: %d then %d", len(first.Feed.Items), len(second.Feed.Items))
	}
	for i := range first.Feed.Items {
		a, b := first.Feed.Items[i], second.Feed.Items[i]
		if a.Key != b.Key {
			t.Errorf("item %d: key changed from %q to %q after title/date rewrite", i, a.Key, b.Key)
		}
		if a.Title == b.Title || a.Published.Equal(b.Published) {
			t.Errorf("item %d: fixture did not rewrite title and date", i)
		}
		if a.ContentHash == b.ContentHash {
			t.Errorf("item %d: content hash did not notice the edit", i)
		}
	}
}

func TestFetchUsesLimiter(t *testing.T) {
	var cur, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := cur.Add(1)
		defer cur.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	f := newTestFetcher(t, FetcherOptions{Limiter: safehttp.NewLimiter(10, 2)})
	done := make(chan error)
	for i := 0; i < 8; i++ {
		go func() {
			_, err := f.Fetch(context.Background(), Request{URL: srv.URL, ETag: `"x"`})
			done <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if p := peak.Load(); p > 2 {
		t.Errorf("peak concurrent requests to one host = %d, want <= 2", p)
	}
}

func TestFetchErrorHidesPassword(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	u := strings.Replace(srv.URL, "http://", "http://reader:s3cret@", 1)
	_, err := newTestFetcher(t, FetcherOptions{}).Fetch(context.Background(), Request{URL: u})
	if err == nil || strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "reader") {
		t.Fatalf("err = %v, want an error without the password", err)
	}
	// A user name alone is often a token; url.Redacted keeps it, redact does not.
	// The transport error (refused connection) carries the URL a second time.
	tokenURL := strings.Replace(srv.URL, "http://", "http://T0KEN@", 1)
	srv.Close()
	_, err = newTestFetcher(t, FetcherOptions{}).Fetch(context.Background(), Request{URL: tokenURL})
	if err == nil || strings.Contains(err.Error(), "T0KEN") {
		t.Fatalf("err = %v, want an error without the token", err)
	}
}

func TestFetchUserAgentFromClient(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("User-Agent")
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	client := safehttp.NewClient(safehttp.Options{AllowPrivate: true, UserAgent: UserAgent("9.9.9")})
	if _, err := NewFetcher(client, FetcherOptions{}).Fetch(context.Background(), Request{URL: srv.URL, ETag: `"e"`}); err != nil {
		t.Fatal(err)
	}
	if got != "digestbot/9.9.9 (+https://github.com/digestbot/digestbot)" {
		t.Errorf("User-Agent = %q, want the client's", got)
	}
}
