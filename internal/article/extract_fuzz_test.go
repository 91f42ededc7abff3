package article

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzExtract checks that no page makes Extract panic (the recover in
// extract would hide it, so a recovered panic fails here too) or return
// invalid UTF-8. Seeds: the testdata pages and testdata/fuzz/FuzzExtract
// (deep nesting, unclosed tags, odd charsets, scripts in odd places).
func FuzzExtract(f *testing.F) {
	for _, name := range []string{"news_story.html", "blog_post.html", "latin1.html", "no_article.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("<html><body><table><tr><td><p>cell</table><svg><title>x</title></svg>"))
	f.Fuzz(func(t *testing.T, page []byte) {
		a, err := Extract(page, "https://example.com/")
		if err != nil && strings.Contains(err.Error(), "extractor panic") {
			t.Fatalf("an extractor panicked: %v", err)
		}
		if err == nil && (a.Text == "" || !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title)) {
			t.Errorf("Extract succeeded with title %q, text %q", a.Title, a.Text)
		}
	})
}
