package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/digestbot/digestbot/internal/cluster"
	"github.com/digestbot/digestbot/tools/eval"
	"github.com/digestbot/digestbot/tools/evaldata"
)

func init() {
	register("clusters", "story clustering: B-cubed and pairwise P/R/F1 on the UCI dev windows, with baselines", runClusters)
}

// minPrecision is the product's bar: merging two events is worse for a
// reader than missing a merge, so tuning never trades precision below it.
const minPrecision = 0.90

func runClusters(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("clusters", flag.ContinueOnError)
	data := fs.String("data", "", "windows JSONL (default: evaldata clustering/uci-dev.jsonl)")
	folds := fs.Int("folds", 5, "cross-validation folds, by window")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path := *data
	if path == "" {
		p, err := evaldata.Path("clustering", "uci-dev.jsonl")
		if err != nil {
			return err
		}
		path = p
	}
	windows, err := eval.ReadClusterWindows(path)
	if err != nil {
		return err
	}
	if *folds < 2 || *folds > len(windows) {
		return fmt.Errorf("clusters: --folds must be between 2 and %d", len(windows))
	}
	items := 0
	for _, w := range windows {
		items += len(w.Items)
	}
	fmt.Fprintf(stdout, "story clustering on %s: %d windows, %d items; figures are means of per-window scores\n\n", path, len(windows), items)
	fmt.Fprintf(stdout, "%-58s %6s %6s %6s   %6s %6s %6s\n", "method", "B3 P", "B3 R", "B3 F1", "pair P", "pair R", "pair F1")
	row := func(name string, s eval.ClusterScores) {
		fmt.Fprintf(stdout, "%-58s %6.3f %6.3f %6.3f   %6.3f %6.3f %6.3f\n", name, s.BP, s.BR, s.BF, s.PP, s.PR, s.PF)
	}
	row("baseline: every item alone", scoreAll(windows, func(w eval.ClusterWindow) [][]int { return nil }))
	tfidfT, tfidf := tuneTFIDF(windows)
	row(fmt.Sprintf("baseline: TF-IDF title cosine >= %.2f (tuned on all dev)", tfidfT), tfidf)
	cv, report := crossValidate(windows, *folds)
	row(fmt.Sprintf("cluster.Group, %d-fold CV by window (held out)", *folds), cv)
	start := time.Now()
	def := scoreAll(windows, groupWith(cluster.DefaultThreshold))
	elapsed := time.Since(start)
	row(fmt.Sprintf("cluster.Group, default threshold %.2f (all dev)", cluster.DefaultThreshold), def)
	fmt.Fprintf(stdout, "\n%s", report)
	fmt.Fprintf(stdout, "target: B3 F1 >= %.3f (tuned TF-IDF + 0.05) with B3 P >= %.2f: held-out %.3f / %.3f\n",
		tfidf.BF+0.05, minPrecision, cv.BF, cv.BP)
	fmt.Fprintf(stdout, "wall time: %v for %d windows with the default threshold (%.1f ms/window, titles and URLs only)\n",
		elapsed.Round(time.Millisecond), len(windows), float64(elapsed.Microseconds())/1000/float64(len(windows)))
	return nil
}

// grouper clusters one window into groups of item indexes.
type grouper func(w eval.ClusterWindow) [][]int

func scoreAll(windows []eval.ClusterWindow, g grouper) eval.ClusterScores {
	scores := make([]eval.ClusterScores, len(windows))
	for i, w := range windows {
		scores[i] = scoreWindow(w, g(w))
	}
	return eval.MeanClusterScores(scores)
}

func scoreWindow(w eval.ClusterWindow, groups [][]int) eval.ClusterScores {
	pred := make([][]string, len(groups))
	for k, g := range groups {
		for _, i := range g {
			pred[k] = append(pred[k], w.Items[i].ID)
		}
	}
	return eval.ScoreClusters(w.Gold(), pred)
}

// groupWith runs the product's clustering as `digestbot cluster` does: the
// title, publisher, URL and time of each item, nothing else.
func groupWith(threshold float64) grouper {
	return func(w eval.ClusterWindow) [][]int {
		items := make([]cluster.Item, len(w.Items))
		for i, it := range w.Items {
			t, _ := time.Parse(time.RFC3339, it.Published) // a bad time only drops the window constraint
			items[i] = cluster.Item{ID: it.ID, Title: it.Title, Publisher: it.Publisher, URL: it.URL, Published: t}
		}
		return cluster.Group(items, cluster.Options{Threshold: threshold})
	}
}

// tuneTFIDF gives the baseline its best threshold on all dev windows (the
// issue's "tuned on dev"), so the comparison is against its best case.
func tuneTFIDF(windows []eval.ClusterWindow) (float64, eval.ClusterScores) {
	pairs := make([][]eval.TitlePair, len(windows))
	for i, w := range windows {
		titles := make([]string, len(w.Items))
		for k, it := range w.Items {
			titles[k] = it.Title
		}
		pairs[i] = eval.TFIDFTitlePairs(titles)
	}
	var bestT float64
	var best eval.ClusterScores
	for t := 0.05; t < 0.96; t += 0.05 {
		scores := make([]eval.ClusterScores, len(windows))
		for i, w := range windows {
			scores[i] = scoreWindow(w, eval.ComponentsAbove(len(w.Items), pairs[i], t))
		}
		if m := eval.MeanClusterScores(scores); m.BF > best.BF {
			bestT, best = t, m
		}
	}
	return bestT, best
}
