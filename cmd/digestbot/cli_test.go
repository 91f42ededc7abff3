package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/store"
)

// siteFeed is one feed of feedSite.
type siteFeed struct {
	title   string
	guids   []string // newest first
	version int      // the ETag; bumped by publish
	delay   time.Duration
	failing int // non-zero: answer with this status
}

// feedSite serves RSS feeds and HTML pages for the CLI tests. Feeds honour
// If-None-Match; a feed with a delay holds its answer (the client may give
// up first), so a poll pass can be caught half-way.
type feedSite struct {
	*httptest.Server
	mu          sync.Mutex
	feeds       map[string]*siteFeed
	pages       map[string]string
	conditional map[string]int // requests per path that carried If-None-Match
	// onContent, when set, is called after a feed's content has been sent
	// in full, with the number of such answers so far.
	onContent func(n int)
	contentN  int
}

func newFeedSite(t *testing.T) *feedSite {
	t.Helper()
	s := &feedSite{feeds: map[string]*siteFeed{}, pages: map[string]string{}, conditional: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// addFeed serves a feed at path with n items already published.
func (s *feedSite) addFeed(path string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &siteFeed{title: "Feed " + strings.TrimPrefix(path, "/"), version: 1}
	for i := n - 1; i >= 0; i-- {
		f.guids = append(f.guids, fmt.Sprintf("%s#old-%d", path, i))
	}
	s.feeds[path] = f
}

// publish adds guids at the top of the feed at path.
func (s *feedSite) publish(path string, guids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.feeds[path]
	f.guids = append(append([]string(nil), guids...), f.guids...)
	f.version++
}

func (s *feedSite) set(path string, fn func(f *siteFeed)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.feeds[path])
}

func (s *feedSite) conditionalRequests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conditional[path]
}

func (s *feedSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if page, ok := s.pages[r.URL.Path]; ok {
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
		return
	}
	f := s.feeds[r.URL.Path]
	if f == nil {
		s.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	if r.Header.Get("If-None-Match") != "" {
		s.conditional[r.URL.Path]++
	}
	delay := f.delay
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	s.mu.Lock()
	content := s.writeFeed(w, r, f)
	var hook func(int)
	if content {
		s.contentN++
		hook = s.onContent
	}
	n := s.contentN
	s.mu.Unlock()
	if hook != nil {
		w.(http.Flusher).Flush()
		hook(n)
	}
}

// writeFeed answers for f with s.mu held and reports whether it sent content.
func (s *feedSite) writeFeed(w http.ResponseWriter, r *http.Request, f *siteFeed) bool {
	etag := fmt.Sprintf(`"v%d"`, f.version)
	switch {
	case f.failing != 0:
		w.WriteHeader(f.failing)
		return false
	case r.Header.Get("If-None-Match") == etag:
		w.Header().Set("ETag", etag)
		w.WriteHeader(http.StatusNotModified)
		return false
	default:
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("ETag", etag)
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>%s/</link>`, f.title, s.URL)
		for i, g := range f.guids {
			fmt.Fprintf(w, `<item><guid isPermaLink="false">%s</guid><title>Story %s</title><link>%s/story/%d</link></item>`, g, g, s.URL, i)
		}
		fmt.Fprint(w, "</channel></rss>")
		return true
	}
}

// cliEnv runs the CLI in-process against one database.
type cliEnv struct {
	t   *testing.T
	db  string
	env map[string]string
}

func newCLI(t *testing.T) *cliEnv {
	t.Helper()
	return &cliEnv{t: t, db: filepath.Join(t.TempDir(), "data", "digestbot.db"), env: map[string]string{
		"DIGESTBOT_ALLOW_PRIVATE_NETWORKS": "1", // the test servers are on loopback
	}}
}

func (c *cliEnv) getenv(key string) string {
	if key == "DIGESTBOT_DB" {
		return c.db
	}
	return c.env[key]
}

// run runs digestbot with args and returns its exit code and output.
func (c *cliEnv) run(args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	return c.runInput("", args...)
}

func (c *cliEnv) runInput(stdin string, args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errOut, c.getenv)
	return code, out.String(), errOut.String()
}

// ok runs digestbot and fails the test unless it exits 0.
func (c *cliEnv) ok(args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run(args...)
	if code != 0 {
		c.t.Fatalf("digestbot %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func (c *cliEnv) open() *store.Store {
	c.t.Helper()
	st, err := store.Open(c.db, store.Options{ReadOnly: true})
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { st.Close() })
	return st
}

func feedURLs(t *testing.T, st *store.Store) []string {
	t.Helper()
	feeds, err := st.Feeds()
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, f := range feeds {
		urls = append(urls, f.URL)
	}
	sort.Strings(urls)
	return urls
}

var pollSummary = regexp.MustCompile(`polled (\d+) feeds?: (\d+) new items?, (\d+) failed`)

// summary parses the last line of `feeds poll`.
func summary(t *testing.T, out string) (polled, newItems, failed int) {
	t.Helper()
	m := pollSummary.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no poll summary in:\n%s", out)
	}
	polled, _ = strconv.Atoi(m[1])
	newItems, _ = strconv.Atoi(m[2])
	failed, _ = strconv.Atoi(m[3])
	return polled, newItems, failed
}

func TestFeedsAddListRemove(t *testing.T) {
	t.Parallel()
	site := newFeedSite(t)
	site.addFeed("/a.xml", 3)
	site.addFeed("/b.xml", 2)
	site.pages["/blog"] = `<html><head><link rel="alternate" type="application/rss+xml" href="/b.xml"></head><body></body></html>`
	c := newCLI(t)

	out := c.ok("feeds", "add", site.URL+"/a.xml")
	if !strings.Contains(out, `following "Feed a.xml" (feed 1): `+site.URL+"/a.xml") || !strings.Contains(out, "3 items marked as seen, 0 new") {
		t.Errorf("add a feed:\n%s", out)
	}
	out = c.ok("feeds", "add", site.URL+"/blog") // a site: its feed is found
	if !strings.Contains(out, "(feed 2): "+site.URL+"/b.xml") {
		t.Errorf("add a site:\n%s", out)
	}
	out = c.ok("feeds", "add", site.URL+"/a.xml")
	if !strings.Contains(out, "already following "+site.URL+"/a.xml (feed 1)") {
		t.Errorf("add again:\n%s", out)
	}

	out = c.ok("feeds", "list")
	for _, want := range []string{"ID", "LAST FETCH", "NEXT POLL", "Feed a.xml", site.URL + "/b.xml", "200"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	if lines := strings.Count(out, "\n"); lines != 3 {
		t.Errorf("list has %d lines, want header + 2:\n%s", lines, out)
	}

	if out := c.ok("feeds", "remove", "1"); !strings.Contains(out, `removed "Feed a.xml" (feed 1)`) {
		t.Errorf("remove by ID:\n%s", out)
	}
	if out := c.ok("feeds", "remove", site.URL+"/b.xml"); !strings.Contains(out, "(feed 2)") {
		t.Errorf("remove by URL:\n%s", out)
	}
	if out := c.ok("feeds", "list"); !strings.Contains(out, "no feeds yet") {
		t.Errorf("list after removing all:\n%s", out)
	}
	code, _, errOut := c.run("feeds", "remove", "1")
	if code != 1 || !strings.Contains(errOut, "no feed with ID 1") {
		t.Errorf("remove a removed feed: exit %d, stderr %q", code, errOut)
	}
}

func TestFeedsPoll(t *testing.T) {
	t.Parallel()
	site := newFeedSite(t)
	site.addFeed("/a.xml", 3)
	site.addFeed("/b.xml", 3)
	c := newCLI(t)
	c.ok("feeds", "add", site.URL+"/a.xml")
	c.ok("feeds", "add", site.URL+"/b.xml")

	// Just added: nothing is due for a poll interval.
	if polled, _, _ := summary(t, c.ok("feeds", "poll", "--once")); polled != 0 {
		t.Errorf("due pass right after adding polled %d feeds", polled)
	}
	out := c.ok("feeds", "poll", "--once", "--all")
	if polled, n, failed := summary(t, out); polled != 2 || n != 0 || failed != 0 || strings.Count(out, "unchanged  ") != 2 {
		t.Errorf("--all pass:\n%s", out)
	}
	if site.conditionalRequests("/a.xml") != 1 || site.conditionalRequests("/b.xml") != 1 {
		t.Errorf("--all did not send the stored validators")
	}

	site.publish("/a.xml", "/a.xml#new-1", "/a.xml#new-2")
	out = c.ok("feeds", "poll", "--all", "--once")
	if _, n, _ := summary(t, out); n != 2 || !regexp.MustCompile(`(?m)^new 2 +`+regexp.QuoteMeta(site.URL)+`/a.xml$`).MatchString(out) {
		t.Errorf("poll after publishing:\n%s", out)
	}
	if _, n, _ := summary(t, c.ok("feeds", "poll", "--once", "--all")); n != 0 {
		t.Errorf("the same items counted as new again")
	}

	site.set("/b.xml", func(f *siteFeed) { f.failing = http.StatusInternalServerError })
	code, out, errOut := c.run("feeds", "poll", "--once", "--all")
	if code != 1 || !strings.Contains(out, "failed     "+site.URL+"/b.xml: ") || !strings.Contains(out, "500") ||
		!strings.Contains(errOut, "1 of 2 feeds failed") {
		t.Errorf("a failing feed: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if out := c.ok("feeds", "list"); !strings.Contains(out, "HTTP 500") {
		t.Errorf("list does not show the last error:\n%s", out)
	}

	st := c.open()
	items, err := st.ItemsSince(time.Time{}, 0)
	if err != nil || len(items) != 2 {
		t.Errorf("stored new items = %d, %v; want 2", len(items), err)
	}
}

func TestFeedsImportExportRoundTrip(t *testing.T) {
	t.Parallel()
	site := newFeedSite(t)
	site.addFeed("/a.xml", 1)
	site.addFeed("/b.xml", 1)
	opml := filepath.Join(t.TempDir(), "subs.opml")
	writeFile(t, opml, fmt.Sprintf(`<?xml version="1.0"?>
<opml version="1.0"><head><title>mine</title></head><body>
  <outline text="News">
    <outline text="A" type="rss" xmlUrl="%[1]s/a.xml"/>
    <outline text="Gone" type="rss" xmlUrl="%[1]s/missing.xml"/>
  </outline>
  <outline text="B" type="rss" xmlURL="%[1]s/b.xml"/>
</body></opml>`, site.URL))

	c := newCLI(t)
	code, out, errOut := c.run("feeds", "import", opml)
	if code != 1 || !strings.Contains(out, "imported 2 feeds, 0 already followed, 1 failed") ||
		!strings.Contains(errOut, "skipped "+site.URL+"/missing.xml") || !strings.Contains(errOut, "404") {
		t.Fatalf("import with one bad feed: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	exported := c.ok("feeds", "export")
	outlines, err := feed.ReadOPML(strings.NewReader(exported))
	if err != nil {
		t.Fatalf("export is not OPML: %v\n%s", err, exported)
	}
	var urls []string
	for _, o := range feed.FeedOutlines(outlines) {
		urls = append(urls, o.XMLURL)
		if o.Title == "" {
			t.Errorf("exported outline without a title: %+v", o)
		}
	}
	want := []string{site.URL + "/a.xml", site.URL + "/b.xml"}
	sort.Strings(urls)
	if fmt.Sprint(urls) != fmt.Sprint(want) {
		t.Errorf("exported %v, want %v", urls, want)
	}

	// Round trip: the export imports cleanly into a fresh database.
	path := filepath.Join(t.TempDir(), "export.opml")
	writeFile(t, path, exported)
	c2 := newCLI(t)
	if out := c2.ok("feeds", "import", path); !strings.Contains(out, "imported 2 feeds, 0 already followed, 0 failed") {
		t.Errorf("re-import:\n%s", out)
	}
	if out := c2.ok("feeds", "import", path); !strings.Contains(out, "imported 0 feeds, 2 already followed, 0 failed") {
		t.Errorf("importing twice:\n%s", out)
	}
	if got := feedURLs(t, c2.open()); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("round trip stored %v, want %v", got, want)
	}
}

func TestBackup(t *testing.T) {
	t.Parallel()
	site := newFeedSite(t)
	site.addFeed("/a.xml", 2)
	site.addFeed("/b.xml", 2)
	c := newCLI(t)
	c.ok("feeds", "add", site.URL+"/a.xml")
	c.ok("feeds", "add", site.URL+"/b.xml")

	backup := filepath.Join(t.TempDir(), "backup.db")
	if out := c.ok("backup", backup); !strings.Contains(out, "wrote "+backup) {
		t.Errorf("backup:\n%s", out)
	}
	st, err := store.Open(backup, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the backup does not open as a store: %v", err)
	}
	defer st.Close()
	if got, want := feedURLs(t, st), feedURLs(t, c.open()); fmt.Sprint(got) != fmt.Sprint(want) || len(got) != 2 {
		t.Errorf("backup has feeds %v, want %v", got, want)
	}
	feeds, _ := st.Feeds()
	for _, f := range feeds {
		if items, err := st.ItemsByFeed(f.ID, 0); err != nil || len(items) != 2 {
			t.Errorf("backup of feed %d has %d items (%v), want 2", f.ID, len(items), err)
		}
	}

	if code, _, errOut := newCLI(t).run("backup", filepath.Join(t.TempDir(), "x.db")); code != 1 || !strings.Contains(errOut, "no database to back up") {
		t.Errorf("backup without a database: exit %d, %q", code, errOut)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	site := newFeedSite(t)
	site.addFeed("/a.xml", 1)
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		code     int
		inStderr string
	}{
		{"no command", nil, nil, 2, "usage: digestbot"},
		{"unknown command", []string{"frobnicate"}, nil, 2, `unknown command "frobnicate"`},
		{"feeds without subcommand", []string{"feeds"}, nil, 2, "feeds needs a subcommand"},
		{"unknown feeds subcommand", []string{"feeds", "frob"}, nil, 2, `unknown feeds subcommand "frob"`},
		{"add without URL", []string{"feeds", "add"}, nil, 2, "feeds add takes 1 argument"},
		{"poll without --once", []string{"feeds", "poll"}, nil, 2, "needs --once"},
		{"bad URL", []string{"feeds", "add", "not a url"}, nil, 1, "not a URL"},
		{"URL without scheme", []string{"feeds", "add", "example.org/feed"}, nil, 1, "did you mean https://example.org/feed"},
		{"unsupported scheme", []string{"feeds", "add", "file:///etc/passwd"}, nil, 1, "only http and https"},
		{"private address refused", []string{"feeds", "add", site.URL + "/a.xml"}, map[string]string{"DIGESTBOT_ALLOW_PRIVATE_NETWORKS": "0"}, 1, "loopback address"},
		{"missing OPML file", []string{"feeds", "import", "/nonexistent/subs.opml"}, nil, 1, "no such file"},
		{"backup without file", []string{"backup"}, nil, 2, "backup takes the file to write"},
		{"bad setting", []string{"feeds", "list"}, map[string]string{"DIGESTBOT_BACKFILL": "-3"}, 1, "backfill must be between"},
		{"unknown flag", []string{"feeds", "list", "--bogus"}, nil, 2, "flag provided but not defined: -bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t)
			for k, v := range tt.env {
				c.env[k] = v
			}
			code, out, errOut := c.run(tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.inStderr) {
				t.Errorf("exit %d (want %d)\nstderr: %s\nwant it to contain %q", code, tt.code, errOut, tt.inStderr)
			}
			if strings.Contains(out, "following") {
				t.Errorf("stdout reports success: %s", out)
			}
		})
	}
}

func TestLockedDatabase(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.ok("feeds", "list") // creates the database
	holder, err := store.Open(c.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	// bbolt's flock conflicts between two opens of the file even within one
	// process; crash_test.go checks the same with a second process.
	code, _, errOut := c.run("feeds", "list")
	if code != 1 || !strings.Contains(errOut, "another digestbot process holds this database file") {
		t.Errorf("second opener: exit %d, stderr %q", code, errOut)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
