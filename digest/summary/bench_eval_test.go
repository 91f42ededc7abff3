package summary

import (
	"testing"

	"github.com/digestbot/digestbot/digest/sentence"
	"github.com/digestbot/digestbot/internal/eval"
	"github.com/digestbot/digestbot/internal/evaldata"
)

// BenchmarkSelectDev times sentence splitting plus selection per article of
// the CNN/DailyMail dev set (skipped when the data is absent).
func BenchmarkSelectDev(b *testing.B) {
	docs, err := eval.LoadSummaryDocs(evaldata.Require(b, "summarization", "cnndm-dev.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		d := docs[i%len(docs)]
		Select("", d.Text, sentence.Split(d.Text), DefaultN)
		i++
	}
}
