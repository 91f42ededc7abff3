package acceptance

import (
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/cluster"
	"github.com/digestbot/digestbot/tools/eval"
	"github.com/digestbot/digestbot/tools/evaldata"
)

// devClusterItems reads the clustering dev windows (skips when absent) and
// returns them with the first 1,000 headlines of all windows together: a
// busy day for a server with many feeds.
func devClusterItems(tb testing.TB) ([]eval.ClusterWindow, []cluster.Item) {
	windows, err := eval.ReadClusterWindows(evaldata.Require(tb, "clustering", "uci-dev.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	var items []cluster.Item
	for _, w := range windows {
		for _, it := range w.Items {
			if len(items) == 1000 {
				return windows, items
			}
			t, _ := time.Parse(time.RFC3339, it.Published)
			items = append(items, cluster.Item{ID: it.ID, Title: it.Title, Publisher: it.Publisher, URL: it.URL, Published: t})
		}
	}
	return windows, items
}

// TestClusterQuality holds the bar with the default threshold:
// B-cubed F1 0.05 above the tuned TF-IDF baseline (0.769), B-cubed
// precision 0.90. The cross-validated figures are digesteval's.
func TestClusterQuality(t *testing.T) {
	windows, _ := devClusterItems(t)
	var scores []eval.ClusterScores
	for _, w := range windows {
		items := make([]cluster.Item, len(w.Items))
		for i, it := range w.Items {
			items[i] = cluster.Item{ID: it.ID, Title: it.Title, Publisher: it.Publisher, URL: it.URL}
		}
		var pred [][]string
		for _, g := range cluster.Group(items, cluster.Options{}) {
			var ids []string
			for _, i := range g {
				ids = append(ids, items[i].ID)
			}
			pred = append(pred, ids)
		}
		scores = append(scores, eval.ScoreClusters(w.Gold(), pred))
	}
	m := eval.MeanClusterScores(scores)
	t.Logf("B3 P %.3f R %.3f F1 %.3f; pairs P %.3f R %.3f F1 %.3f", m.BP, m.BR, m.BF, m.PP, m.PR, m.PF)
	if m.BF < 0.819 || m.BP < 0.90 {
		t.Errorf("B3 F1 %.3f, P %.3f; want F1 >= 0.819 and P >= 0.90", m.BF, m.BP)
	}
}

// BenchmarkClusterDay clusters 1,000 real headlines in one call; run with
// -cpu 1 for the one-core figure in BENCHMARKS.md. cpu-ms/op is the process's
// CPU time, which a loaded machine does not inflate as it does wall time.
func BenchmarkClusterDay(b *testing.B) {
	_, items := devClusterItems(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		cluster.Group(items, cluster.Options{})
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}
