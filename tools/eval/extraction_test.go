package eval

import (
	"math"
	"reflect"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestExtractionMatch(t *testing.T) {
	tests := []struct {
		name        string
		truth, pred string
		want        ExtractionCounts
	}{
		{"one shingle each side differs", "a b c d e", "a b c d x", ExtractionCounts{1.0 / 3, 1.0 / 3, 1.0 / 3}},
		{"identical", "The cat sat on the mat.", "The cat, sat on the mat", ExtractionCounts{1, 0, 0}},
		{"case matters", "A b c d", "a b c d", ExtractionCounts{0, 0.5, 0.5}},
		{"shorter than a shingle", "hello world", "hello world", ExtractionCounts{1, 0, 0}},
		{"repeated shingles count as a multiset", "x y z w x y z w", "x y z w", ExtractionCounts{0.2, 0, 0.8}},
		{"empty prediction", "a b c d", "", ExtractionCounts{0, 0, 1}},
		{"both empty", "", "...", ExtractionCounts{0, 0, 0}},
		{"extra text is a false positive", "a b c d", "a b c d e", ExtractionCounts{0.5, 0.5, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ExtractionMatch(tt.truth, tt.pred)
			if !near(got.TP, tt.want.TP) || !near(got.FP, tt.want.FP) || !near(got.FN, tt.want.FN) {
				t.Errorf("ExtractionMatch(%q, %q) = %+v, want %+v", tt.truth, tt.pred, got, tt.want)
			}
		})
	}
}

func TestExtractionSummary(t *testing.T) {
	docs := []ExtractionCounts{
		{1.0 / 3, 1.0 / 3, 1.0 / 3}, // P 0.5, R 0.5
		{0, 0, 0},                   // nothing on either side: in neither average
		{0, 1, 0},                   // prediction only: P 0, no recall term
		{0, 0, 1},                   // truth only: R 0, no precision term
	}
	got := ExtractionSummary(docs)
	wantP, wantR := 0.25, 0.25
	if !near(got.Precision, wantP) || !near(got.Recall, wantR) || !near(got.F1, 0.25) || got.Docs != 4 {
		t.Errorf("ExtractionSummary = %+v, want P %v R %v F1 0.25 over 4 docs", got, wantP, wantR)
	}

	// F1 is of the averages, not the average of per-document F1s.
	got = ExtractionSummary([]ExtractionCounts{{1, 0, 0}, {0.5, 0, 0.5}, {0.5, 0.5, 0}})
	p, r := (1+1+0.5)/3.0, (1+0.5+1)/3.0
	if !near(got.F1, 2*p*r/(p+r)) {
		t.Errorf("F1 = %v, want %v", got.F1, 2*p*r/(p+r))
	}
}

func TestWordTokens(t *testing.T) {
	got := wordTokens("Don't stop — café naïve_x 3.5% ünïcode, 東京")
	want := []string{"Don", "t", "stop", "café", "naïve_x", "3", "5", "ünïcode", "東京"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("wordTokens = %q, want %q", got, want)
	}
}

func TestSplitExtractionPages(t *testing.T) {
	pages := []ExtractionPage{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}, {ID: "e"}}
	ids := func(ps []ExtractionPage) (out []string) {
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	tests := []struct {
		split string
		want  []string
	}{
		{"all", []string{"a", "b", "c", "d", "e"}},
		{"", []string{"a", "b", "c", "d", "e"}},
		{"even", []string{"a", "c", "e"}},
		{"odd", []string{"b", "d"}},
	}
	for _, tt := range tests {
		got, err := SplitExtractionPages(pages, tt.split)
		if err != nil || !reflect.DeepEqual(ids(got), tt.want) {
			t.Errorf("SplitExtractionPages(%q) = %v, %v; want %v", tt.split, ids(got), err, tt.want)
		}
	}
	if _, err := SplitExtractionPages(pages, "thirds"); err == nil {
		t.Error("SplitExtractionPages accepted an unknown split")
	}
}
