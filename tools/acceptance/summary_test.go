package acceptance

import (
	"testing"

	"github.com/digestbot/digestbot/digest/sentence"
	"github.com/digestbot/digestbot/digest/summary"
	"github.com/digestbot/digestbot/tools/eval"
	"github.com/digestbot/digestbot/tools/evaldata"
)

// TestBeatsLead3 checks the summary against Lead-3 (first three sentences
// of the same splitter) on the CNN/DailyMail dev set, per fold of the
// 5-fold split by line number that digesteval summary uses. The shipped
// limits (summary.DefaultLimits) are the ones the nested choice picks on
// every fold's other four folds, so these per-fold figures are the held-out
// ones digesteval prints. Measured: ROUGE-1 +2.20 and ROUGE-L +2.09 pooled;
// four folds meet issue 7's bar (ROUGE-1 >= Lead-3 + 1.0, ROUGE-L >=
// Lead-3) at +2.48 or more, fold 4 does not (-0.51 / -0.57). The test
// guards that, with a margin of about 0.6 on the pooled figures. It skips
// when ../shared/evaldata is absent.
func TestBeatsLead3(t *testing.T) {
	docs, err := eval.LoadSummaryDocs(evaldata.Require(t, "summarization", "cnndm-dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 100 {
		t.Fatalf("only %d articles in cnndm-dev.jsonl", len(docs))
	}
	const folds = 5
	var ours, lead [folds]eval.RougeMean
	var allOurs, allLead eval.RougeMean
	for i, d := range docs {
		sents := sentence.Split(d.Text)
		picked := summary.Select("", d.Text, sents, summary.DefaultN)
		checkVerbatim(t, d.Text, picked)
		if len(picked) == 0 {
			t.Errorf("article %s: empty summary", d.ID)
		}
		o := eval.Rouge(texts(picked), d.Reference)
		l := eval.Rouge(texts(sents[:min(summary.DefaultN, len(sents))]), d.Reference)
		ours[i%folds].Add(o)
		lead[i%folds].Add(l)
		allOurs.Add(o)
		allLead.Add(l)
	}
	met := 0
	for k := range folds {
		o, l := ours[k].Mean(), lead[k].Mean()
		dR1, dRL := 100*(o.R1.F1-l.R1.F1), 100*(o.RL.F1-l.RL.F1)
		t.Logf("fold %d: ROUGE-1 %+.2f, ROUGE-L %+.2f over Lead-3", k+1, dR1, dRL)
		if dR1 >= 1.0 && dRL >= 0 {
			met++
		}
		if dR1 < -1.5 || dRL < -1.5 {
			t.Errorf("fold %d: ROUGE-1 %+.2f / ROUGE-L %+.2f, more than 1.5 below Lead-3", k+1, dR1, dRL)
		}
	}
	if met < 4 {
		t.Errorf("%d of %d folds meet ROUGE-1 >= Lead-3 + 1.0 and ROUGE-L >= Lead-3, want at least 4", met, folds)
	}
	o, l := allOurs.Mean(), allLead.Mean()
	t.Logf("ROUGE-1/2/L F1: ours %.2f/%.2f/%.2f, Lead-3 %.2f/%.2f/%.2f",
		100*o.R1.F1, 100*o.R2.F1, 100*o.RL.F1, 100*l.R1.F1, 100*l.R2.F1, 100*l.RL.F1)
	if d := 100 * (o.R1.F1 - l.R1.F1); d < 1.6 {
		t.Errorf("ROUGE-1 F1 %+.2f over Lead-3, want at least +1.6", d)
	}
	if d := 100 * (o.RL.F1 - l.RL.F1); d < 1.5 {
		t.Errorf("ROUGE-L F1 %+.2f over Lead-3, want at least +1.5", d)
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
