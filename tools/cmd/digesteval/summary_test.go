package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/digest/sentence"
	"github.com/digestbot/digestbot/tools/eval"
)

// madeUpDocs returns n one-paragraph articles of text, the i-th with the
// highlight ref(i).
func madeUpDocs(n int, text string, ref func(i int) string) []eval.SummaryDoc {
	var raw []eval.SummaryDoc
	for i := range n {
		raw = append(raw, eval.SummaryDoc{ID: fmt.Sprintf("doc%d", i), Text: text, Reference: []string{ref(i)}})
	}
	return raw
}

const harbourText = "The council closed the harbour on Sunday. Boats stayed in port. Engineers will inspect the wall."

func TestSummaryDiffsKeepAFoldUnseen(t *testing.T) {
	// Ten made-up articles whose "ours" differs from Lead-3; with -unseen 4
	// the articles of fold 4 (line numbers 3 and 8) must never be printed.
	raw := madeUpDocs(10, harbourText, func(int) string { return "Engineers will inspect the harbour wall" })
	docs := prepareSummaryDocs(raw)
	last := func(d *summaryDoc) []sentence.Sentence { return d.sents[len(d.sents)-1:] }
	var out strings.Builder
	printSummaryDiffs(&out, docs, 1, 4, last)
	for i := range 10 {
		printed := strings.Contains(out.String(), fmt.Sprintf(" doc%d ", i))
		if want := i%cvFolds != 3; printed != want {
			t.Errorf("doc%d printed %v, want %v", i, printed, want)
		}
	}
	if !strings.Contains(out.String(), "== fold 1 doc0 ") {
		t.Errorf("diff lines should name the fold:\n%s", out.String())
	}
}

func TestUnseenFoldInNoFigure(t *testing.T) {
	// With -unseen 4 the articles of fold 4 must not reach any figure: not
	// the listing, not a training part, not a pooled row. Fold 4's articles
	// here are ones Lead-3 cannot score on, so any use of them would show.
	raw := madeUpDocs(10, harbourText, func(i int) string {
		if i%cvFolds == 3 {
			return "zebra quartz"
		}
		return "Engineers will inspect the harbour wall"
	})
	docs := withoutFold(prepareSummaryDocs(raw), 4)
	if len(docs) != 8 {
		t.Fatalf("kept %d articles, want 8", len(docs))
	}
	var out strings.Builder
	crossValidateSummary(&out, docs, 3, false, func([]summaryDoc) summaryRule { return summaryRule{} })
	if strings.Contains(out.String(), "\n4 ") {
		t.Errorf("fold 4 has a row:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "of 4 (") {
		t.Errorf("want 4 folds counted:\n%s", out.String())
	}
	if got := withoutFold(prepareSummaryDocs(raw), 0); len(got) != 10 {
		t.Errorf("-unseen 0 kept %d articles, want all 10", len(got))
	}
}

func TestResplitSpreadCountsMisses(t *testing.T) {
	// Short articles where the card and Lead-3 take the same sentences: the
	// margin is 0 everywhere, so every part misses the bar (dR1 >= 1.0).
	raw := madeUpDocs(30, "The council closed the harbour on Sunday after a storm. Engineers will inspect the harbour wall this week.",
		func(int) string { return "Council closes harbour after storm" })
	var out strings.Builder
	printResplitSpread(&out, prepareSummaryDocs(raw), 3, 50)
	for _, want := range []string{"mean +0.00, SD 0.00", "missing the bar (dR1 >= 1.0, dRL >= 0): 100.0%", "every part meeting it: 0.0%", "missing the bar: 100.0%"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("want %q in:\n%s", want, out.String())
		}
	}
}
