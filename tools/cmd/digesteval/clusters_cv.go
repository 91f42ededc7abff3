package main

import (
	"fmt"
	"strings"

	"github.com/digestbot/digestbot/tools/eval"
)

// thresholds is the grid Group's threshold is tuned over.
var thresholds = func() []float64 {
	var ts []float64
	for t := 0.30; t < 0.805; t += 0.02 {
		ts = append(ts, t)
	}
	return ts
}()

// crossValidate tunes the threshold on all windows but one fold's and scores
// the fold with it, for each fold: every window is scored by a threshold
// chosen without it. It returns the mean over all held-out windows and a
// per-fold report.
func crossValidate(windows []eval.ClusterWindow, folds int) (eval.ClusterScores, string) {
	// scores[t][w]: window w clustered at thresholds[t], computed once.
	scores := make([][]eval.ClusterScores, len(thresholds))
	for ti, t := range thresholds {
		g := groupWith(t)
		scores[ti] = make([]eval.ClusterScores, len(windows))
		for wi, w := range windows {
			scores[ti][wi] = scoreWindow(w, g(w))
		}
	}
	fold := func(wi int) int { return wi * folds / len(windows) } // contiguous blocks of days
	var b strings.Builder
	held := make([]eval.ClusterScores, len(windows))
	for f := 0; f < folds; f++ {
		ti := bestThreshold(scores, func(wi int) bool { return fold(wi) != f })
		var part []eval.ClusterScores
		for wi := range windows {
			if fold(wi) == f {
				held[wi] = scores[ti][wi]
				part = append(part, held[wi])
			}
		}
		m := eval.MeanClusterScores(part)
		fmt.Fprintf(&b, "fold %d: threshold %.2f tuned on %d windows; held-out %d windows: B3 P %.3f R %.3f F1 %.3f\n",
			f+1, thresholds[ti], len(windows)-len(part), len(part), m.BP, m.BR, m.BF)
	}
	return eval.MeanClusterScores(held), b.String()
}

// bestThreshold picks the threshold with the best mean B-cubed F1 over the
// windows in, among those whose mean B-cubed precision there reaches
// minPrecision (the best precision when none does).
func bestThreshold(scores [][]eval.ClusterScores, in func(wi int) bool) int {
	best, bestP := -1, -1
	var bestF, topP float64
	for ti := range scores {
		var part []eval.ClusterScores
		for wi, s := range scores[ti] {
			if in(wi) {
				part = append(part, s)
			}
		}
		m := eval.MeanClusterScores(part)
		if m.BP > topP {
			topP, bestP = m.BP, ti
		}
		if m.BP >= minPrecision && m.BF > bestF {
			bestF, best = m.BF, ti
		}
	}
	if best < 0 {
		return bestP
	}
	return best
}
