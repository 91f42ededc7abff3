package eval

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func rougeNear(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func checkRouge(t *testing.T, what string, got RougeScore, p, r, f float64) {
	t.Helper()
	if !rougeNear(got.Precision, p) || !rougeNear(got.Recall, r) || !rougeNear(got.F1, f) {
		t.Errorf("%s = %+v, want P=%.6f R=%.6f F1=%.6f", what, got, p, r, f)
	}
}

func TestRougeTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"U.S. GDP grew 3.5%—Don't", []string{"u", "s", "gdp", "grew", "3", "5", "don", "t"}},
		{"Café -LRB- x -RRB-", []string{"caf", "lrb", "x", "rrb"}},
		{"£2,100 a year", []string{"2", "100", "a", "year"}},
	}
	for _, tt := range tests {
		if got := RougeTokenize(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("RougeTokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRougeN(t *testing.T) {
	cand := RougeTokenize("The cat sat on the mat.")
	ref := RougeTokenize("The cat is on the mat.")
	// Unigrams: the×2, cat, on, mat shared = 5 of 6 on each side.
	checkRouge(t, "R1", RougeN(cand, ref, 1), 5.0/6, 5.0/6, 5.0/6)
	// Bigrams: "the cat", "on the", "the mat" shared = 3 of 5 each.
	checkRouge(t, "R2", RougeN(cand, ref, 2), 0.6, 0.6, 0.6)
	// Clipping: the candidate's three "the" count once against one.
	checkRouge(t, "clipped", RougeN(RougeTokenize("the the the"), RougeTokenize("the cat"), 1), 1.0/3, 0.5, 0.4)
	checkRouge(t, "empty cand", RougeN(nil, ref, 1), 0, 0, 0)
	checkRouge(t, "short for bigrams", RougeN([]string{"a"}, []string{"a"}, 2), 0, 0, 0)
}

func TestRougeLsum(t *testing.T) {
	// Lin (2004), section 3.2: r = w1..w5, c1 = w1 w2 w6 w7 w8,
	// c2 = w1 w3 w8 w9 w5; union LCS = w1 w2 w3 w5, so 4 hits,
	// recall 4/5, precision 4/10.
	ref := [][]string{strings.Fields("w1 w2 w3 w4 w5")}
	cand := [][]string{strings.Fields("w1 w2 w6 w7 w8"), strings.Fields("w1 w3 w8 w9 w5")}
	checkRouge(t, "Lin example", RougeLsum(cand, ref), 0.4, 0.8, 2*0.4*0.8/1.2)

	// A candidate token is spent once: the second reference sentence finds
	// "a b" again but the candidate has no copies left.
	checkRouge(t, "count clipping",
		RougeLsum([][]string{{"a", "b"}}, [][]string{{"a", "b"}, {"a", "b"}}), 1, 0.5, 2.0/3)

	// Sentence order matters within a sentence but not across them.
	checkRouge(t, "across sentences",
		RougeLsum([][]string{{"c", "d"}, {"a", "b"}}, [][]string{{"a", "b", "c", "d"}}), 1, 1, 1)
	checkRouge(t, "within a sentence",
		RougeLsum([][]string{{"c", "d", "a", "b"}}, [][]string{{"a", "b", "c", "d"}}), 0.5, 0.5, 0.5)
	checkRouge(t, "empty", RougeLsum(nil, ref), 0, 0, 0)
}

func TestRougeLCSTieBreak(t *testing.T) {
	// rouge-score moves up the reference on ties, so "a b" vs "b a" keeps "a".
	if got := rougeLCSIndices([]string{"a", "b"}, []string{"b", "a"}); !reflect.DeepEqual(got, []int{0}) {
		t.Fatalf("rougeLCSIndices = %v, want [0]", got)
	}
}

func TestRougeAndMean(t *testing.T) {
	s := Rouge([]string{"The cat sat on the mat."}, []string{"The cat is on the mat."})
	checkRouge(t, "R1", s.R1, 5.0/6, 5.0/6, 5.0/6)
	checkRouge(t, "RL", s.RL, 5.0/6, 5.0/6, 5.0/6)

	var m RougeMean
	m.Add(s)
	m.Add(Rouge([]string{"nothing shared"}, []string{"The cat is on the mat."}))
	if m.Len() != 2 {
		t.Fatalf("Len = %d", m.Len())
	}
	checkRouge(t, "mean R1", m.Mean().R1, 5.0/12, 5.0/12, 5.0/12)
	checkRouge(t, "mean R2", m.Mean().R2, 0.3, 0.3, 0.3)
	var empty RougeMean
	checkRouge(t, "empty mean", empty.Mean().R1, 0, 0, 0)
}
