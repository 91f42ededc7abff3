package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/digest/sentence"
	"github.com/digestbot/digestbot/tools/eval"
)

func TestSummaryDiffsKeepAFoldUnseen(t *testing.T) {
	// Ten made-up articles whose "ours" differs from Lead-3; with -unseen 4
	// the articles of fold 4 (line numbers 3 and 8) must never be printed.
	var raw []eval.SummaryDoc
	for i := range 10 {
		raw = append(raw, eval.SummaryDoc{
			ID:        fmt.Sprintf("doc%d", i),
			Text:      "The council closed the harbour on Sunday. Boats stayed in port. Engineers will inspect the wall.",
			Reference: []string{"Engineers will inspect the harbour wall"},
		})
	}
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
