package eval

import (
	"fmt"
	"math"
	"testing"
)

func TestScoreClusters(t *testing.T) {
	// Gold: {a b c} {d e} {f}.
	gold := map[string]string{"a": "1", "b": "1", "c": "1", "d": "2", "e": "2", "f": "3"}
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	tests := []struct {
		name string
		pred [][]string
		want ClusterScores
	}{
		{"perfect", [][]string{{"a", "b", "c"}, {"d", "e"}, {"f"}}, ClusterScores{1, 1, 1, 1, 1, 1}},
		// Every item alone: B-cubed recall = (3·1/3 + 2·1/2 + 1)/6 = 1/2.
		{"singletons", nil, ClusterScores{1, 0.5, 2.0 / 3, 1, 0, 0}},
		// One blob: B-cubed precision = (3·3/6 + 2·2/6 + 1/6)/6 = 14/36;
		// pairs: 4 true of 15 predicted.
		{"one blob", [][]string{{"a", "b", "c", "d", "e", "f"}}, ClusterScores{14.0 / 36, 1, 2 * (14.0 / 36) / (1 + 14.0/36), 4.0 / 15, 1, 2 * (4.0 / 15) / (1 + 4.0/15)}},
		// c wrongly with d e, unknown id ignored, f left out = singleton.
		{"one wrong", [][]string{{"a", "b", "zz"}, {"c", "d", "e"}}, ClusterScores{
			BP: (2*1.0 + 1.0/3 + 2*2.0/3 + 1) / 6, BR: (2*2.0/3 + 1.0/3 + 2 + 1) / 6,
			PP: 2.0 / 4, PR: 2.0 / 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ScoreClusters(gold, tt.pred)
			if tt.want.BF == 0 {
				tt.want.BF = harmonic(tt.want.BP, tt.want.BR)
			}
			if tt.want.PF == 0 && tt.want.PP+tt.want.PR > 0 {
				tt.want.PF = harmonic(tt.want.PP, tt.want.PR)
			}
			for _, c := range [][3]any{{"BP", got.BP, tt.want.BP}, {"BR", got.BR, tt.want.BR}, {"BF", got.BF, tt.want.BF},
				{"PP", got.PP, tt.want.PP}, {"PR", got.PR, tt.want.PR}, {"PF", got.PF, tt.want.PF}} {
				if !near(c[1].(float64), c[2].(float64)) {
					t.Errorf("%s = %v, want %v", c[0], c[1], c[2])
				}
			}
		})
	}
}

func TestMeanClusterScores(t *testing.T) {
	m := MeanClusterScores([]ClusterScores{{BF: 1, PP: 0.5}, {BF: 0.5, PP: 1}})
	if m.BF != 0.75 || m.PP != 0.75 {
		t.Errorf("mean = %+v", m)
	}
	if (MeanClusterScores(nil) != ClusterScores{}) {
		t.Error("mean of nothing is not zero")
	}
}

func TestTFIDFTitleBaseline(t *testing.T) {
	titles := []string{
		"Fonda and Tomlin reunite for Netflix comedy",
		"Netflix comedy reunites Fonda, Tomlin",
		"EU reaches deal on banking union",
		"Banking union deal reached in EU",
		"Apple earnings beat forecasts",
	}
	pairs := TFIDFTitlePairs(titles)
	got := ComponentsAbove(len(titles), pairs, 0.3)
	want := [][]int{{0, 1}, {2, 3}, {4}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("groups = %v, want %v (pairs %v)", got, want, pairs)
	}
	if all := ComponentsAbove(len(titles), pairs, 1.01); len(all) != len(titles) {
		t.Errorf("threshold above 1 gave %v, want singletons", all)
	}
}
