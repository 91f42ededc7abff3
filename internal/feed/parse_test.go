package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

func TestParseGolden(t *testing.T) {
	tests := []struct {
		file    string
		feedURL string
	}{
		{"rss2_news.xml", "https://feeds.daily-example.test/rss/world"},
		{"rss091.xml", "http://gazette.example.test/rss.xml"},
		{"rss1_rdf.xml", "https://science.example.test/rss"},
		{"atom_blog.xml", "https://blog.example.test/atom.xml"},
		{"jsonfeed.json", "https://micro.example.test/feed.json"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			f, err := Parse(body, tt.feedURL)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got, err := json.MarshalIndent(f, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", strings.TrimSuffix(tt.file, filepath.Ext(tt.file))+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("parsed %s differs from %s (rerun with -update if intended):\n%s", tt.file, golden, got)
			}
		})
	}
}

func parseFixture(t *testing.T, file, feedURL string) *Feed {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(body, feedURL)
	if err != nil {
		t.Fatalf("Parse %s: %v", file, err)
	}
	return f
}

// TestParseNewsFeedDetails pins the behaviours the golden file would only
// show implicitly, so a regression names itself.
func TestParseNewsFeedDetails(t *testing.T) {
	f := parseFixture(t, "rss2_news.xml", "https://feeds.daily-example.test/rss/world")
	if f.TTL != 15*time.Minute {
		t.Errorf("TTL = %v, want 15m", f.TTL)
	}
	if f.Title != "The Daily Example & Review" || f.SiteURL != "https://www.daily-example.test/" {
		t.Errorf("feed title %q site %q", f.Title, f.SiteURL)
	}
	if len(f.Items) != 6 {
		t.Fatalf("got %d items, want 6 (7 entries, one duplicate)", len(f.Items))
	}
	byKey := map[string]Item{}
	for _, it := range f.Items {
		if _, dup := byKey[it.Key]; dup {
			t.Errorf("key %q appears twice", it.Key)
		}
		byKey[it.Key] = it
	}

	live := f.Items[0]
	if live.Key != "guid:daily-example-2026-11-25-harbour-live" {
		t.Errorf("live key = %q", live.Key)
	}
	if live.Title != "Live: Harbour talks resume after \u2018productive\u2019 night" {
		t.Errorf("live title = %q (HTML and entities must be gone)", live.Title)
	}
	if live.Summary != "Negotiators returned to the table on Wednesday. Follow the latest updates." {
		t.Errorf("live summary = %q", live.Summary)
	}
	if strings.Contains(htmlToText(live.Content), "track()") {
		t.Errorf("script text leaked into the text of %q", live.Content)
	}
	if live.Author != "Ana Lopes and Tom Reid" {
		t.Errorf("author = %q", live.Author)
	}

	resign := f.Items[1]
	if resign.Link != "https://www.daily-example.test/politics/2026/nov/24/minister-resigns#comments" {
		t.Errorf("relative link resolved to %q, want it against the site URL", resign.Link)
	}
	if resign.Key != "link:daily-example.test/politics/2026/nov/24/minister-resigns" {
		t.Errorf("link key = %q", resign.Key)
	}
	if resign.Title != "Minister resigns over expenses row" {
		t.Errorf("title = %q", resign.Title)
	}
	if resign.Summary != `The minister said she had "made mistakes" & would step down.` {
		t.Errorf("summary = %q", resign.Summary)
	}
	if want := time.Date(2026, 11, 24, 19, 5, 13, 0, time.UTC); !resign.Published.Equal(want) {
		t.Errorf("published = %v, want %v", resign.Published, want)
	}

	if storm := f.Items[2]; storm.Title != "Storm warning issued for coast" {
		t.Errorf("title whitespace not collapsed: %q", storm.Title)
	}
	letters := f.Items[4]
	if !strings.HasPrefix(letters.Key, "hash:") || letters.Key != "hash:"+letters.ContentHash {
		t.Errorf("item without guid or link has key %q, hash %q", letters.Key, letters.ContentHash)
	}
	crossword := f.Items[5]
	if crossword.Link != "https://www.daily-example.test/crosswords/17001" {
		t.Errorf("permalink guid not used as link: %q", crossword.Link)
	}
}

func TestParseRelativeLinksAndDates(t *testing.T) {
	tests := []struct {
		file, feedURL string
		item          int
		wantLink      string
		wantPublished time.Time
	}{
		{"rss091.xml", "http://gazette.example.test/rss.xml", 1, "http://gazette.example.test/stories/fair.html", time.Time{}},
		{"atom_blog.xml", "https://blog.example.test/atom.xml", 0, "https://blog.example.test/posts/2026/bbolt", time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)},
		// Atom entry with only <updated>: Published falls back to it.
		{"atom_blog.xml", "https://blog.example.test/atom.xml", 1, "https://blog.example.test/posts/2026/release-3-2", time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)},
		{"jsonfeed.json", "https://micro.example.test/feed.json", 1, "https://micro.example.test/2026/11/24/1800.html", time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)},
		{"rss1_rdf.xml", "https://science.example.test/rss", 0, "https://science.example.test/notes/1001", time.Date(2026, 11, 20, 13, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f := parseFixture(t, tt.file, tt.feedURL)
			it := f.Items[tt.item]
			if it.Link != tt.wantLink {
				t.Errorf("link = %q, want %q", it.Link, tt.wantLink)
			}
			if !it.Published.Equal(tt.wantPublished) {
				t.Errorf("published = %v, want %v", it.Published, tt.wantPublished)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		wantLinks []string
		notAFeed  bool
	}{
		{"malformed xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>x</item></channel>`, nil, false},
		{"empty", ``, nil, false},
		{"other xml", `<?xml version="1.0"?><sitemap><url>https://a.test/</url></sitemap>`, nil, false},
		{"bad json", `{"version": "https://jsonfeed.org/version/1", "items": [`, nil, false},
		{"html page", `<!DOCTYPE html><html><head><title>Home</title>
			<link rel="stylesheet" href="/style.css">
			<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">
			<link rel="alternate" type="application/atom+xml" href="https://other.test/atom">
			<link rel="alternate" type="application/rss+xml" href="/feed.xml">
			<link rel="alternate" hreflang="fr" href="/fr/">
			</head><body><p>Hello</p></body></html>`,
			[]string{"https://site.test/feed.xml", "https://other.test/atom"}, true},
		{"html without feed", `<html><body>Nothing</body></html>`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(tt.body), "https://site.test/blog/")
			if err == nil {
				t.Fatalf("Parse succeeded with %d items, want an error", len(f.Items))
			}
			var nf *NotAFeedError
			if tt.notAFeed {
				if !errors.As(err, &nf) || !errors.Is(err, ErrNotAFeed) {
					t.Fatalf("err = %v, want *NotAFeedError", err)
				}
				if strings.Join(nf.FeedLinks, " ") != strings.Join(tt.wantLinks, " ") {
					t.Errorf("feed links = %q, want %q", nf.FeedLinks, tt.wantLinks)
				}
				return
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *ParseError", err, err)
			}
		})
	}
}

func TestNewest(t *testing.T) {
	f := parseFixture(t, "rss2_news.xml", "https://feeds.daily-example.test/rss/world")
	var titles []string
	for _, it := range f.Newest(4) {
		titles = append(titles, it.Title)
	}
	want := []string{
		"Live: Harbour talks resume after \u2018productive\u2019 night", // 25 Nov 08:30
		"Minister resigns over expenses row",                            // 24 Nov 19:05
		"Storm warning issued for coast",                                // 24 Nov 12:00
		"Markets close higher",                                          // 23 Nov
	}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("Newest(4) = %q, want %q", titles, want)
	}
	if all := f.Newest(100); len(all) != len(f.Items) || all[len(all)-1].Title != "Letters: readers respond" {
		t.Errorf("Newest(100) should end with the undated item, got %d items", len(all))
	}
	if len(f.Newest(0)) != 0 || len(f.Newest(-1)) != 0 {
		t.Error("Newest(0) should be empty")
	}
	if f.Items[0].Title != want[0] || f.Items[4].Title != "Letters: readers respond" {
		t.Error("Newest reordered the feed's own items")
	}
}

// panickyTranslator stands for a bug inside gofeed.
type panickyTranslator struct{}

func (panickyTranslator) Translate(any) (*gofeed.Feed, error) { panic("index out of range") }

func TestParserPanicIsAnError(t *testing.T) {
	p := gofeed.NewParser()
	p.RSSTranslator = panickyTranslator{}
	_, err := parseGuarded(p, []byte(`<rss version="2.0"><channel><title>T</title></channel></rss>`))
	if err == nil || !strings.Contains(err.Error(), "feed parser failed") {
		t.Fatalf("err = %v, want the parser's failure as an error", err)
	}
}
