package feed

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds Parse any document, as a hostile feed server would: it must
// not panic (gofeed's panics are not recovered, so one would end the
// poller), must fail only with *ParseError or *NotAFeedError, and a parsed
// feed's items must have distinct, non-empty keys and absolute links. Seeds:
// the testdata feeds and testdata/fuzz/FuzzParse (RSS, Atom, JSON Feed, RDF,
// HTML with feed links, entity tricks, deep nesting).
func FuzzParse(f *testing.F) {
	for _, name := range []string{"rss2_news.xml", "atom_blog.xml", "jsonfeed.json", "rss091.xml", "rss1_rdf.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		feed, err := Parse(body, "https://example.com/feed.xml")
		if err != nil {
			var pe *ParseError
			var nf *NotAFeedError
			if !errors.As(err, &pe) && !errors.As(err, &nf) {
				t.Fatalf("Parse error %T %v, want *ParseError or *NotAFeedError", err, err)
			}
			return
		}
		keys := map[string]bool{}
		for _, it := range feed.Items {
			if it.Key == "" || keys[it.Key] {
				t.Fatalf("item key %q empty or repeated", it.Key)
			}
			keys[it.Key] = true
			if it.Link != "" {
				if u, err := url.Parse(it.Link); err != nil || !u.IsAbs() {
					t.Fatalf("item link %q is not absolute", it.Link)
				}
			}
			if utf8.ValidString(string(body)) && !utf8.ValidString(it.Title) {
				t.Fatalf("item title %q is not UTF-8", it.Title)
			}
		}
	})
}
