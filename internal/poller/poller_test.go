package poller

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/safehttp"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/testclock"
)

const testInterval = 10 * time.Minute

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

type testItem struct {
	GUID, Link, Title string
	Pub               time.Time
}

// rssDoc renders an RSS 2.0 document; an item without GUID omits <guid>.
func rssDoc(title string, items []testItem) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>%s</title><link>https://example.org/</link>`, html.EscapeString(title))
	for _, it := range items {
		b.WriteString("<item>")
		if it.GUID != "" {
			fmt.Fprintf(&b, `<guid isPermaLink="false">%s</guid>`, html.EscapeString(it.GUID))
		}
		fmt.Fprintf(&b, "<title>%s</title><link>%s</link>", html.EscapeString(it.Title), html.EscapeString(it.Link))
		if !it.Pub.IsZero() {
			fmt.Fprintf(&b, "<pubDate>%s</pubDate>", it.Pub.Format(time.RFC1123Z))
		}
		b.WriteString("</item>")
	}
	b.WriteString("</channel></rss>")
	return []byte(b.String())
}

// fakeFeed is one path of feedServer: a feed whose content and answers the
// test changes between polls.
type fakeFeed struct {
	mu      sync.Mutex
	title   string
	items   []testItem // newest first, as publishers list them
	version int        // bumped by every publish; the ETag

	page       string // non-empty: serve this HTML instead of a feed
	status     int    // non-zero: answer with this status instead
	retryAfter string
	location   string
	block      chan struct{} // non-nil: hold the request until closed or the client gives up

	hits                       int
	ifNoneMatch, ifModifiedSin string // validators of the last request
}

func (f *fakeFeed) etag() string { return fmt.Sprintf(`"v%d"`, f.version) }

func (f *fakeFeed) lastModified() string {
	return t0.Add(time.Duration(f.version) * time.Minute).Format(http.TimeFormat)
}

// publish puts items at the top of the feed and changes its ETag.
func (f *fakeFeed) publish(items ...testItem) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items = append(append([]testItem(nil), items...), f.items...)
	f.version++
}

// edit replaces the feed's items wholesale (a publisher rewriting them).
func (f *fakeFeed) edit(fn func(items []testItem)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f.items)
	f.version++
}

func (f *fakeFeed) set(fn func(f *fakeFeed)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *fakeFeed) stats() (hits int, ifNoneMatch, ifModifiedSince string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits, f.ifNoneMatch, f.ifModifiedSin
}

func (f *fakeFeed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hits++
	f.ifNoneMatch, f.ifModifiedSin = r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
	block := f.block
	f.mu.Unlock()
	if block != nil {
		select {
		case <-block:
		case <-r.Context().Done():
			return
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.page != "":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, f.page)
	case f.status != 0:
		if f.location != "" {
			w.Header().Set("Location", f.location)
		}
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		w.WriteHeader(f.status)
	case r.Header.Get("If-None-Match") == f.etag():
		w.Header().Set("ETag", f.etag())
		w.WriteHeader(http.StatusNotModified)
	default:
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("ETag", f.etag())
		w.Header().Set("Last-Modified", f.lastModified())
		w.Write(rssDoc(f.title, f.items))
	}
}

// feedServer serves fakeFeeds by path; unknown paths are 404.
type feedServer struct {
	*httptest.Server
	mu    sync.Mutex
	paths map[string]http.Handler
}

func newFeedServer(t testing.TB) *feedServer {
	t.Helper()
	s := &feedServer{paths: map[string]http.Handler{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		h := s.paths[r.URL.Path]
		s.mu.Unlock()
		if h == nil {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// feed serves a feed at path with n items (newest first, dated an hour apart).
func (s *feedServer) feed(path string, n int) *fakeFeed {
	f := &fakeFeed{title: "Feed " + path, version: 1}
	for i := n - 1; i >= 0; i-- {
		f.items = append(f.items, testItem{
			GUID:  fmt.Sprintf("%s-old-%d", path, i),
			Link:  fmt.Sprintf("https://example.org%s/old/%d", path, i),
			Title: fmt.Sprintf("Old story %d", i),
			Pub:   t0.Add(-time.Duration(n-i) * time.Hour),
		})
	}
	s.handle(path, f)
	return f
}

func (s *feedServer) handle(path string, h http.Handler) {
	s.mu.Lock()
	s.paths[path] = h
	s.mu.Unlock()
}

func (s *feedServer) addrPort(t testing.TB) netip.AddrPort {
	t.Helper()
	return s.Listener.Addr().(*net.TCPAddr).AddrPort()
}

type harness struct {
	srv   *feedServer
	st    *store.Store
	clock *testclock.Clock
	p     *Poller
}

// newHarness wires a poller to a fresh store and a feed server. The client
// stays SSRF-guarded and admits the test server's address only.
func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	srv := newFeedServer(t)
	st, err := store.Open(filepath.Join(t.TempDir(), "digestbot.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	client := safehttp.NewClient(safehttp.Options{AllowAddrs: []netip.AddrPort{srv.addrPort(t)}})
	fetcher := feed.NewFetcher(client, feed.FetcherOptions{Limiter: safehttp.NewLimiter(16, 16)})
	clock := testclock.New(t0)
	opts.Policy = feed.PollPolicy{Interval: testInterval, Jitter: -1}
	opts.Now = clock.Now
	if opts.Workers == 0 {
		opts.Workers = 4
	}
	return &harness{srv: srv, st: st, clock: clock, p: New(st, fetcher, opts)}
}

func (h *harness) add(t *testing.T, path string) store.Feed {
	t.Helper()
	f, _, err := h.p.Add(context.Background(), h.srv.URL+path, "")
	if err != nil {
		t.Fatalf("Add %s: %v", path, err)
	}
	return f
}

// pollDue runs one pass and returns its outcomes by feed path.
func (h *harness) pollDue(t *testing.T, all bool) map[string]Outcome {
	t.Helper()
	out := map[string]Outcome{}
	err := h.p.PollDue(context.Background(), all, func(o Outcome) {
		out[strings.TrimPrefix(o.Feed.URL, h.srv.URL)] = o
	})
	if err != nil {
		t.Fatalf("PollDue: %v", err)
	}
	return out
}

func (h *harness) feed(t *testing.T, id uint64) store.Feed {
	t.Helper()
	f, err := h.st.Feed(id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (h *harness) newItemCount(t *testing.T) int {
	t.Helper()
	items, err := h.st.ItemsSince(time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(items)
}

func story(path string, i int) testItem {
	return testItem{
		GUID:  fmt.Sprintf("%s-new-%d", path, i),
		Link:  fmt.Sprintf("https://example.org%s/new/%d", path, i),
		Title: fmt.Sprintf("New story %d", i),
		Pub:   t0.Add(time.Duration(i) * time.Minute),
	}
}

func TestAdd(t *testing.T) {
	const linkedPage = `<!doctype html><html><head><title>Blog</title>
<link rel="alternate" type="application/rss+xml" href="/feeds/main.xml"></head><body>hello</body></html>`
	const barePage = `<!doctype html><html><head><title>Shop</title></head><body>no feed here</body></html>`
	tests := []struct {
		name    string
		setup   func(s *feedServer)
		add     string
		wantURL string               // path the feed is stored under
		wantErr func(err error) bool // nil: success expected
	}{
		{
			name:    "feed URL",
			setup:   func(s *feedServer) { s.feed("/rss.xml", 3) },
			add:     "/rss.xml",
			wantURL: "/rss.xml",
		},
		{
			name: "site announcing its feed",
			setup: func(s *feedServer) {
				s.handle("/", &fakeFeed{page: linkedPage})
				s.feed("/feeds/main.xml", 3)
			},
			add:     "/",
			wantURL: "/feeds/main.xml",
		},
		{
			name: "site with a feed at a usual path",
			setup: func(s *feedServer) {
				s.handle("/blog", &fakeFeed{page: barePage})
				s.feed("/feed", 3)
			},
			add:     "/blog",
			wantURL: "/feed",
		},
		{
			name:    "web page without a feed",
			setup:   func(s *feedServer) { s.handle("/shop", &fakeFeed{page: barePage}) },
			add:     "/shop",
			wantErr: func(err error) bool { return errors.Is(err, feed.ErrNotAFeed) },
		},
		{
			name: "not found",
			add:  "/missing.xml",
			wantErr: func(err error) bool {
				var status *feed.StatusError
				return errors.As(err, &status) && status.Code == http.StatusNotFound
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			if tt.setup != nil {
				tt.setup(h.srv)
			}
			f, newItems, err := h.p.Add(context.Background(), h.srv.URL+tt.add, "")
			if tt.wantErr != nil {
				if !tt.wantErr(err) {
					t.Fatalf("Add error = %v", err)
				}
				if feeds, _ := h.st.Feeds(); len(feeds) != 0 {
					t.Errorf("a failed add stored %d feeds", len(feeds))
				}
				return
			}
			if err != nil {
				t.Fatalf("Add: %v", err)
			}
			h.checkBaseline(t, f, newItems, tt.wantURL)
		})
	}
}

// checkBaseline checks a feed just added from path: stored with its title
// and validators, its three items seen and none new, due after one interval.
func (h *harness) checkBaseline(t *testing.T, f store.Feed, newItems []store.Item, path string) {
	t.Helper()
	if f.URL != h.srv.URL+path {
		t.Errorf("stored URL %s, want %s", f.URL, h.srv.URL+path)
	}
	if f.Title != "Feed "+path || !f.Initialized || f.LastStatus != 200 || f.ETag != `"v1"` {
		t.Errorf("stored feed = %+v", f)
	}
	if len(newItems) != 0 || h.newItemCount(t) != 0 {
		t.Errorf("baseline made %d/%d new items, want 0", len(newItems), h.newItemCount(t))
	}
	items, err := h.st.ItemsByFeed(f.ID, 0)
	if err != nil || len(items) != 3 {
		t.Fatalf("stored items = %d, %v; want 3 seen", len(items), err)
	}
	if want := t0.Add(testInterval); !f.NextPollAt.Equal(want) {
		t.Errorf("NextPollAt = %v, want %v", f.NextPollAt, want)
	}
}

func TestAddPageWithoutFeedSaysSo(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.handle("/", &fakeFeed{page: "<html><head><title>x</title></head><body>hi</body></html>"})
	_, _, err := h.p.Add(context.Background(), h.srv.URL+"/", "")
	if err == nil || !strings.Contains(err.Error(), "web page, not a feed") {
		t.Fatalf("Add error = %v, want one saying it is a web page without a feed", err)
	}
}

func TestAddRefusesPrivateAddress(t *testing.T) {
	srv := newFeedServer(t)
	ff := srv.feed("/rss.xml", 2)
	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The default guard: loopback is not allowed.
	p := New(st, feed.NewFetcher(safehttp.NewClient(safehttp.Options{}), feed.FetcherOptions{}), Options{})

	for _, u := range []string{srv.URL + "/rss.xml", strings.Replace(srv.URL, "127.0.0.1", "[::1]", 1) + "/rss.xml"} {
		_, _, err = p.Add(context.Background(), u, "")
		var blocked *safehttp.BlockedError
		if !errors.As(err, &blocked) || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("Add(%s) error = %v, want a loopback refusal", u, err)
		}
	}
	if hits, _, _ := ff.stats(); hits != 0 {
		t.Errorf("server saw %d requests, want 0", hits)
	}
	if feeds, _ := st.Feeds(); len(feeds) != 0 {
		t.Errorf("stored %d feeds after a refusal", len(feeds))
	}
	for _, u := range []string{"ftp://example.org/feed", "example.org/feed", "file:///etc/passwd"} {
		if _, _, err := p.Add(context.Background(), u, ""); err == nil {
			t.Errorf("Add(%s) succeeded", u)
		}
	}
}

func TestAddAlreadyFollowed(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.feed("/rss.xml", 2)
	h.srv.handle("/", &fakeFeed{page: `<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head></html>`})
	first := h.add(t, "/rss.xml")

	for _, path := range []string{"/rss.xml", "/"} {
		f, _, err := h.p.Add(context.Background(), h.srv.URL+path, "")
		if !errors.Is(err, ErrAlreadyFollowed) || f.ID != first.ID {
			t.Errorf("re-add %s = feed %d, %v; want feed %d, ErrAlreadyFollowed", path, f.ID, err, first.ID)
		}
	}
	// A guild following a CLI-added feed is not an error, once.
	if f, _, err := h.p.Add(context.Background(), h.srv.URL+"/rss.xml", "g1"); err != nil || f.ID != first.ID {
		t.Fatalf("guild add = feed %d, %v", f.ID, err)
	}
	if _, _, err := h.p.Add(context.Background(), h.srv.URL+"/rss.xml", "g1"); !errors.Is(err, ErrAlreadyFollowed) {
		t.Errorf("second guild add error = %v, want ErrAlreadyFollowed", err)
	}
	if feeds, _ := h.st.FeedsByGuild("g1"); len(feeds) != 1 {
		t.Errorf("guild follows %d feeds, want 1", len(feeds))
	}
	if feeds, _ := h.st.Feeds(); len(feeds) != 1 {
		t.Errorf("stored %d feeds, want 1", len(feeds))
	}
}

func TestAddBackfill(t *testing.T) {
	for _, backfill := range []int{0, 2, 10} {
		t.Run(fmt.Sprint(backfill), func(t *testing.T) {
			h := newHarness(t, Options{Backfill: backfill})
			ff := h.srv.feed("/rss.xml", 5)
			// Listed out of date order, as some publishers do.
			ff.edit(func(items []testItem) { items[0], items[3] = items[3], items[0] })
			f, newItems, err := h.p.Add(context.Background(), h.srv.URL+"/rss.xml", "")
			if err != nil {
				t.Fatal(err)
			}
			want := min(backfill, 5)
			if len(newItems) != want || h.newItemCount(t) != want {
				t.Fatalf("backfill %d: %d new returned, %d stored; want %d", backfill, len(newItems), h.newItemCount(t), want)
			}
			got := map[string]bool{}
			for _, it := range newItems {
				if !it.New || it.FeedID != f.ID {
					t.Errorf("backfilled item %+v", it)
				}
				got[it.Key] = true
			}
			// The newest by date are old-4, old-3, ... whatever the order listed.
			for i := 0; i < want; i++ {
				if key := fmt.Sprintf("guid:/rss.xml-old-%d", 4-i); !got[key] {
					t.Errorf("backfill missed %s; got %v", key, got)
				}
			}
			// Backfilled items are new once: the next poll adds nothing.
			h.clock.Advance(testInterval)
			if o := h.pollDue(t, false)["/rss.xml"]; o.Status != StatusUnchanged || len(o.NewItems) != 0 {
				t.Errorf("next poll = %s with %d new", o.Status, len(o.NewItems))
			}
		})
	}
}

func TestPollDueOnlyDueUnlessAll(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.feed("/a.xml", 1)
	h.srv.feed("/b.xml", 1)
	h.add(t, "/a.xml")
	h.clock.Advance(5 * time.Minute)
	h.add(t, "/b.xml")

	if got := h.pollDue(t, false); len(got) != 0 {
		t.Errorf("right after adding, %d feeds were due", len(got))
	}
	h.clock.Advance(6 * time.Minute) // a is due (t0+10m), b not yet (t0+15m)
	got := h.pollDue(t, false)
	if len(got) != 1 || got["/a.xml"].Status != StatusUnchanged {
		t.Errorf("due pass = %v, want only /a.xml unchanged", got)
	}
	got = h.pollDue(t, true)
	if len(got) != 2 {
		t.Errorf("--all pass polled %d feeds, want 2", len(got))
	}
	for path, o := range got {
		if o.Status != StatusUnchanged {
			t.Errorf("%s: %s %v", path, o.Status, o.Err)
		}
	}
}

func TestPollNotModifiedSendsValidators(t *testing.T) {
	h := newHarness(t, Options{})
	ff := h.srv.feed("/rss.xml", 2)
	f := h.add(t, "/rss.xml")
	h.clock.Advance(testInterval)

	o := h.pollDue(t, false)["/rss.xml"]
	hits, inm, ims := ff.stats()
	if hits != 2 || inm != `"v1"` || ims != t0.Add(time.Minute).Format(http.TimeFormat) {
		t.Errorf("second request: hits %d, If-None-Match %q, If-Modified-Since %q", hits, inm, ims)
	}
	if o.Status != StatusUnchanged || o.Err != nil || len(o.NewItems) != 0 {
		t.Fatalf("outcome = %s, %v, %d new", o.Status, o.Err, len(o.NewItems))
	}
	got := h.feed(t, f.ID)
	if got.LastStatus != 304 || got.ETag != `"v1"` || got.LastModified != f.LastModified || !got.NextPollAt.Equal(h.clock.Now().Add(testInterval)) {
		t.Errorf("after 304: %+v", got)
	}
}

func TestPollNewItemsCountedOnce(t *testing.T) {
	h := newHarness(t, Options{})
	ff := h.srv.feed("/rss.xml", 3)
	f := h.add(t, "/rss.xml")

	ff.publish(story("/rss.xml", 1), story("/rss.xml", 2))
	h.clock.Advance(testInterval)
	o := h.pollDue(t, false)["/rss.xml"]
	if o.Status != StatusNew || len(o.NewItems) != 2 {
		t.Fatalf("poll after publishing 2: %s, %d new, %v", o.Status, len(o.NewItems), o.Err)
	}
	if o.Feed.ETag != `"v2"` || o.Feed.ID != f.ID {
		t.Errorf("outcome feed = %+v", o.Feed)
	}
	// The same document again, without validators matching (a server that
	// ignores them): the items are seen, not new.
	ff.edit(func([]testItem) {})
	h.clock.Advance(testInterval)
	if o := h.pollDue(t, false)["/rss.xml"]; o.Status != StatusNew || len(o.NewItems) != 0 {
		t.Errorf("re-served document: %s with %d new, want 0", o.Status, len(o.NewItems))
	}
	if n := h.newItemCount(t); n != 2 {
		t.Errorf("ItemsSince = %d items, want 2", n)
	}
}

func TestPollRewrittenItemIsNotNew(t *testing.T) {
	tests := []struct {
		name string
		item testItem
	}{
		{"with GUID", testItem{GUID: "tag:example.org,2026:42", Link: "https://example.org/a/42", Title: "Council votes", Pub: t0}},
		{"link only", testItem{Link: "https://example.org/a/43?utm_source=rss", Title: "Council votes", Pub: t0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			ff := h.srv.feed("/rss.xml", 1)
			f := h.add(t, "/rss.xml")
			ff.publish(tt.item)
			h.clock.Advance(testInterval)
			if o := h.pollDue(t, false)["/rss.xml"]; len(o.NewItems) != 1 {
				t.Fatalf("first sight: %d new, want 1 (%v)", len(o.NewItems), o.Err)
			}
			ff.edit(func(items []testItem) {
				items[0].Title = "Council votes 7-2 to approve budget"
				items[0].Pub = t0.Add(3 * time.Hour)
			})
			h.clock.Advance(testInterval)
			o := h.pollDue(t, false)["/rss.xml"]
			if o.Status != StatusNew || len(o.NewItems) != 0 {
				t.Errorf("rewritten item: %s with %d new, want 0", o.Status, len(o.NewItems))
			}
			items, _ := h.st.ItemsByFeed(f.ID, 0)
			titles := map[string]bool{}
			for _, it := range items {
				titles[it.Title] = true
			}
			if len(items) != 2 || !titles["Council votes 7-2 to approve budget"] {
				t.Errorf("stored items %v: want 2 with the rewritten title", titles)
			}
			if n := h.newItemCount(t); n != 1 {
				t.Errorf("ItemsSince = %d, want 1", n)
			}
		})
	}
}

func TestPollGone(t *testing.T) {
	h := newHarness(t, Options{})
	ff := h.srv.feed("/rss.xml", 1)
	f := h.add(t, "/rss.xml")
	ff.set(func(f *fakeFeed) { f.status = http.StatusGone })
	h.clock.Advance(testInterval)

	o := h.pollDue(t, false)["/rss.xml"]
	if o.Status != StatusFailed || feed.Classify(o.Err) != feed.KindGone || !o.Feed.Gone || o.Feed.LastStatus != 410 {
		t.Fatalf("410 outcome = %s %v, feed %+v", o.Status, o.Err, o.Feed)
	}
	h.clock.Advance(365 * 24 * time.Hour)
	if due, _ := h.st.DueFeeds(h.clock.Now()); len(due) != 0 {
		t.Errorf("a gone feed is due again: %+v", due)
	}
	hits, _, _ := ff.stats()
	if got := h.pollDue(t, true); len(got) != 0 {
		t.Errorf("--all polled a gone feed: %v", got)
	}
	if after, _, _ := ff.stats(); after != hits {
		t.Errorf("gone feed fetched again (%d -> %d requests)", hits, after)
	}
	if got := h.feed(t, f.ID); !got.Gone {
		t.Errorf("feed not gone: %+v", got)
	}

	// Adding it again revives it: the publisher may have brought it back.
	ff.set(func(f *fakeFeed) { f.status = 0 })
	if again := h.add(t, "/rss.xml"); again.ID != f.ID || again.Gone {
		t.Fatalf("re-adding a gone feed = %+v", again)
	}
	if o, ok := h.pollDue(t, false)["/rss.xml"]; !ok || o.Status == StatusFailed || o.Feed.Gone {
		t.Errorf("revived feed poll = %+v (polled %v)", o, ok)
	}
}

func TestPollServerErrorBacksOff(t *testing.T) {
	h := newHarness(t, Options{})
	ff := h.srv.feed("/rss.xml", 1)
	f := h.add(t, "/rss.xml")
	ff.set(func(f *fakeFeed) { f.status = http.StatusInternalServerError })

	var lastDelay time.Duration
	for i := 1; i <= 4; i++ {
		f = h.feed(t, f.ID)
		h.clock.Set(f.NextPollAt) // due exactly now
		o := h.pollDue(t, false)["/rss.xml"]
		got := h.feed(t, f.ID)
		delay := got.NextPollAt.Sub(h.clock.Now())
		if o.Status != StatusFailed || got.ConsecutiveFailures != i || got.LastStatus != 500 || !strings.Contains(got.LastError, "500") {
			t.Fatalf("failure %d: %s, feed %+v", i, o.Status, got)
		}
		if want := testInterval << i; delay != want {
			t.Errorf("failure %d: next poll in %v, want %v", i, delay, want)
		}
		if delay <= lastDelay {
			t.Errorf("failure %d: delay %v did not grow from %v", i, delay, lastDelay)
		}
		if got.ETag != `"v1"` {
			t.Errorf("failure %d dropped the validators: ETag %q", i, got.ETag)
		}
		lastDelay = delay
	}
	// Recovery resets the count and the interval.
	ff.set(func(f *fakeFeed) { f.status = 0 })
	h.clock.Advance(lastDelay)
	o := h.pollDue(t, false)["/rss.xml"]
	got := h.feed(t, f.ID)
	if o.Status != StatusUnchanged || got.ConsecutiveFailures != 0 || got.LastError != "" || got.NextPollAt.Sub(h.clock.Now()) != testInterval {
		t.Errorf("after recovery: %s, feed %+v", o.Status, got)
	}
}

func TestPollRetryAfterIsALowerBound(t *testing.T) {
	tests := []struct {
		retryAfter string
		want       time.Duration
	}{
		{"7200", 2 * time.Hour},        // longer than the backoff: honoured
		{"60", 2 * testInterval},       // shorter: backoff still applies
		{"9999999999", 24 * time.Hour}, // absurd: capped at MaxInterval
		{"soon", 2 * testInterval},     // unparseable: ignored
		{"-5", 2 * testInterval},       // negative: ignored
	}
	for _, tt := range tests {
		t.Run(tt.retryAfter, func(t *testing.T) {
			h := newHarness(t, Options{})
			ff := h.srv.feed("/rss.xml", 1)
			f := h.add(t, "/rss.xml")
			ff.set(func(f *fakeFeed) { f.status, f.retryAfter = http.StatusTooManyRequests, tt.retryAfter })
			h.clock.Advance(testInterval)
			o := h.pollDue(t, false)["/rss.xml"]
			got := h.feed(t, f.ID)
			if o.Status != StatusFailed || got.LastStatus != 429 {
				t.Fatalf("429: %s, feed %+v", o.Status, got)
			}
			if d := got.NextPollAt.Sub(h.clock.Now()); d != tt.want {
				t.Errorf("next poll in %v, want %v", d, tt.want)
			}
		})
	}
}

func TestPollPermanentRedirectMovesFeed(t *testing.T) {
	for _, tt := range []struct {
		status int
		moves  bool
	}{{http.StatusMovedPermanently, true}, {http.StatusPermanentRedirect, true}, {http.StatusFound, false}} {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			h := newHarness(t, Options{})
			old := h.srv.feed("/old.xml", 2)
			moved := h.srv.feed("/new.xml", 2)
			f := h.add(t, "/old.xml")
			old.set(func(f *fakeFeed) { f.status, f.location = tt.status, "/new.xml" })
			h.clock.Advance(testInterval)

			o := h.pollDue(t, false)
			got := h.feed(t, f.ID)
			wantURL := h.srv.URL + "/old.xml"
			if tt.moves {
				wantURL = h.srv.URL + "/new.xml"
			}
			if got.URL != wantURL || len(o) != 1 {
				t.Fatalf("after %d: stored URL %s, want %s (outcomes %v)", tt.status, got.URL, wantURL, o)
			}
			if _, err := h.st.FeedByURL(wantURL); err != nil {
				t.Errorf("URL index: %v", err)
			}
			for _, oc := range o {
				if oc.Status == StatusFailed || oc.Feed.URL != wantURL {
					t.Errorf("outcome %s for %s: %v", oc.Status, oc.Feed.URL, oc.Err)
				}
			}
			oldHits, _, _ := old.stats()
			h.clock.Advance(testInterval)
			h.pollDue(t, false)
			after, _, _ := old.stats()
			if tt.moves && after != oldHits {
				t.Errorf("the moved feed was fetched at its old URL again")
			}
			if !tt.moves && after == oldHits {
				t.Errorf("a temporary redirect changed where the feed is fetched")
			}
			if n, _, _ := moved.stats(); n == 0 {
				t.Errorf("the new URL was never fetched")
			}
		})
	}
}

func TestPollDueCancelRecordsNothingUnfinished(t *testing.T) {
	h := newHarness(t, Options{Workers: 6})
	release := make(chan struct{})
	fast := []string{"/f1.xml", "/f2.xml", "/f3.xml"}
	slow := []string{"/s1.xml", "/s2.xml", "/s3.xml"}
	feeds := map[string]*fakeFeed{}
	ids := map[string]uint64{}
	for _, path := range append(append([]string(nil), fast...), slow...) {
		feeds[path] = h.srv.feed(path, 2)
		ids[path] = h.add(t, path).ID
		feeds[path].publish(story(path, 1), story(path, 2))
	}
	for _, path := range slow {
		feeds[path].set(func(f *fakeFeed) { f.block = release })
	}
	h.clock.Advance(testInterval)
	passTime := h.clock.Now()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reported := map[string]Outcome{}
	err := h.p.PollDue(ctx, false, func(o Outcome) {
		path := strings.TrimPrefix(o.Feed.URL, h.srv.URL)
		reported[path] = o
		if len(reported) == len(fast) {
			cancel() // the slow feeds are mid-fetch
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("PollDue = %v, want context.Canceled", err)
	}
	for _, path := range fast {
		if o, ok := reported[path]; !ok || len(o.NewItems) != 2 {
			t.Errorf("%s: reported %v with %d new", path, ok, len(o.NewItems))
		}
	}
	for _, path := range slow {
		if _, ok := reported[path]; ok {
			t.Errorf("%s was reported though its fetch was cancelled", path)
		}
		f := h.feed(t, ids[path])
		if !f.LastFetchAt.Equal(t0) || f.ConsecutiveFailures != 0 || f.LastError != "" || f.ETag != `"v1"` {
			t.Errorf("%s: cancelled fetch was recorded: %+v", path, f)
		}
		if seen, _ := h.st.Seen(ids[path], "guid:"+story(path, 1).GUID); seen {
			t.Errorf("%s: an item of a cancelled fetch was stored", path)
		}
	}

	// The unfinished feeds are still due; the finished ones are not.
	close(release)
	again := h.pollDue(t, false)
	if len(again) != len(slow) {
		t.Errorf("second pass polled %d feeds, want the %d unfinished", len(again), len(slow))
	}
	for _, path := range slow {
		if o := again[path]; len(o.NewItems) != 2 || !o.Feed.LastFetchAt.Equal(passTime) {
			t.Errorf("%s on the second pass: %d new, %v", path, len(o.NewItems), o.Err)
		}
	}
	if n := h.newItemCount(t); n != 2*len(feeds) {
		t.Errorf("ItemsSince = %d, want %d", n, 2*len(feeds))
	}
}

// TestPollDueSerializesReport lets the race detector check that report is
// never called concurrently, so callers may count without locks.
func TestPollDueSerializesReport(t *testing.T) {
	h := newHarness(t, Options{Workers: 8})
	for i := range 16 {
		h.srv.feed(fmt.Sprintf("/%d.xml", i), 1)
		h.add(t, fmt.Sprintf("/%d.xml", i))
	}
	count := 0
	if err := h.p.PollDue(context.Background(), true, func(Outcome) { count++ }); err != nil {
		t.Fatal(err)
	}
	if count != 16 {
		t.Errorf("reported %d outcomes, want 16", count)
	}
}

func TestRunPollsUntilCancelled(t *testing.T) {
	h := newHarness(t, Options{})
	ff := h.srv.feed("/rss.xml", 1)
	h.add(t, "/rss.xml")
	ff.publish(story("/rss.xml", 1))
	h.clock.Advance(testInterval)

	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan []store.Item, 1)
	done := make(chan error, 1)
	go func() {
		done <- h.p.Run(ctx, func(items []store.Item) { got <- items })
	}()
	select {
	case items := <-got:
		if len(items) != 1 || items[0].Key != "guid:"+story("/rss.xml", 1).GUID {
			t.Errorf("onNew got %+v", items)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not report the new item")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop on cancel")
	}
}
