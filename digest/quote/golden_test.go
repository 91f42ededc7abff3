package quote

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

type goldenQuote struct {
	Text         string `json:"text"`
	Speaker      string `json:"speaker"`
	SpeakerTitle string `json:"speaker_title,omitempty"`
	Cue          string `json:"cue,omitempty"`
	Start        int    `json:"start"`
	End          int    `json:"end"`
}

type golden struct {
	Quotes []goldenQuote `json:"quotes"`
	Key    []string      `json:"key"`
}

// TestGoldenArticle pins the quotes, speakers and key quotes of a
// hand-written news article. Refresh with go test -run Golden -update.
func TestGoldenArticle(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	qs := Extract(text, nil)
	var got golden
	for _, q := range qs {
		got.Quotes = append(got.Quotes, goldenQuote{q.Text, q.Speaker, q.SpeakerTitle, q.Cue, q.Start, q.End})
	}
	for _, q := range Key(qs, 3) {
		got.Key = append(got.Key, q.Text)
	}
	out, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "article.golden.json")
	if *update {
		if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != string(out)+"\n" {
		t.Errorf("Extract(article.txt) differs from %s; got:\n%s", path, out)
	}
}

// BenchmarkExtract measures Extract and Key on a 770-word article; the
// budget is 2 ms per article on one core.
func BenchmarkExtract(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("testdata", "article.txt"))
	if err != nil {
		b.Fatal(err)
	}
	text := string(raw)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Key(Extract(text, nil), 3)
	}
}
