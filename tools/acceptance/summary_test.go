package acceptance

import (
	"testing"

	"github.com/digestbot/digestbot/digest/sentence"
	"github.com/digestbot/digestbot/digest/summary"
	"github.com/digestbot/digestbot/tools/eval"
	"github.com/digestbot/digestbot/tools/evaldata"
)

// TestBeatsLead3 checks the summary against Lead-3 (first three sentences
// of the same splitter) on the CNN/DailyMail dev set: ROUGE-1 and ROUGE-L
// F1 at or above Lead-3's. The shipped weights are fitted to nothing (the
// lede rule), so this figure is a held-out one; issue 7's bar of +1.0
// ROUGE-1 on every fold is not met (see digesteval summary). It skips when
// ../shared/evaldata is absent.
func TestBeatsLead3(t *testing.T) {
	docs, err := eval.LoadSummaryDocs(evaldata.Require(t, "summarization", "cnndm-dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 100 {
		t.Fatalf("only %d articles in cnndm-dev.jsonl", len(docs))
	}
	var ours, lead eval.RougeMean
	for _, d := range docs {
		sents := sentence.Split(d.Text)
		picked := summary.Select("", d.Text, sents, summary.DefaultN)
		checkVerbatim(t, d.Text, picked)
		ours.Add(eval.Rouge(texts(picked), d.Reference))
		lead.Add(eval.Rouge(texts(sents[:min(summary.DefaultN, len(sents))]), d.Reference))
	}
	o, l := ours.Mean(), lead.Mean()
	t.Logf("ROUGE-1/2/L F1: ours %.2f/%.2f/%.2f, Lead-3 %.2f/%.2f/%.2f",
		100*o.R1.F1, 100*o.R2.F1, 100*o.RL.F1, 100*l.R1.F1, 100*l.R2.F1, 100*l.RL.F1)
	if o.R1.F1 < l.R1.F1 {
		t.Errorf("ROUGE-1 F1 %.4f is below Lead-3's %.4f", o.R1.F1, l.R1.F1)
	}
	if o.RL.F1 < l.RL.F1 {
		t.Errorf("ROUGE-L F1 %.4f is below Lead-3's %.4f", o.RL.F1, l.RL.F1)
	}
}

func texts(ss []sentence.Sentence) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Text
	}
	return out
}

// checkVerbatim asserts that every picked sentence is the text at its offsets.
func checkVerbatim(t *testing.T, text string, got []sentence.Sentence) {
	t.Helper()
	for _, s := range got {
		if s.Start < 0 || s.End > len(text) || text[s.Start:s.End] != s.Text {
			t.Fatalf("sentence %q is not text[%d:%d]", s.Text, s.Start, s.End)
		}
	}
}
