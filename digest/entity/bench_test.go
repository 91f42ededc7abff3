package entity

import (
	"os"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/digest/internal/cputime"
)

// BenchmarkRecognize times Recognize + Actors on an 800-word news article,
// the per-article budget the digest engine has for entities (< 4 ms).
func BenchmarkRecognize(b *testing.B) {
	data, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	if n := len(strings.Fields(text)); n < 700 {
		b.Fatalf("article has %d words, want about 800", n)
	}
	if err := Load(); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		Actors(text, Recognize(text))
	}
	// With GC and the runtime included, so slightly above the work alone.
	b.ReportMetric(float64(cputime.Process()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}
