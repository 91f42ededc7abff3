package acceptance

import (
	"testing"

	"github.com/digestbot/digestbot/digest/sentence"
	"github.com/digestbot/digestbot/digest/summary"
	"github.com/digestbot/digestbot/tools/eval"
	"github.com/digestbot/digestbot/tools/evaldata"
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
		summary.Select("", d.Text, sentence.Split(d.Text), summary.DefaultN)
		i++
	}
}
