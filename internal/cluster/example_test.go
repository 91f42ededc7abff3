package cluster_test

import (
	"fmt"
	"time"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/internal/cluster"
)

// A digest's items in, one card per event out: the best version, the other
// outlets, and the quotes of all of them without repeats.
func Example() {
	t0 := time.Date(2026, 3, 18, 9, 0, 0, 0, time.UTC)
	items := []cluster.Item{
		{ID: "1", Title: "EU agrees to phase out Russian gas imports by 2027", Publisher: "Reuters", Published: t0},
		{ID: "2", Title: "Lakers beat Celtics in overtime thriller", Publisher: "ESPN", Published: t0},
		{ID: "3", Title: "European Union will end Russian gas imports by 2027", Publisher: "AP", Published: t0.Add(time.Hour)},
	}
	texts := map[string]int{"1": 2400, "2": 1800, "3": 5200}
	quotes := map[string][]digest.Quote{
		"1": {{Text: "We are closing the tap for good", Speaker: "Lena Vasquez"}},
		"3": {{Text: "“We are closing the tap for good.”", Speaker: "Lena Vasquez"}, {Text: "A historic day", Speaker: "Jan Novak"}},
	}
	for _, g := range cluster.Group(items, cluster.Options{}) {
		versions := make([]cluster.Version, len(g))
		for k, i := range g {
			versions[k] = cluster.Version{TextLen: texts[items[i].ID], Published: items[i].Published}
		}
		best := g[cluster.Best(versions)]
		// The best version's quotes come first, so its wording is kept.
		order := []int{best}
		for _, i := range g {
			if i != best {
				order = append(order, i)
			}
		}
		perArticle := make([][]digest.Quote, len(order))
		for k, i := range order {
			perArticle[k] = quotes[items[i].ID]
		}
		fmt.Printf("%s (%d outlets)\n", items[best].Title, len(g))
		for _, q := range cluster.MergeQuotes(perArticle) {
			fmt.Printf("  %s — %s, via %s\n", q.Text, q.Speaker, items[order[q.Article]].Publisher)
		}
	}
	// Output:
	// European Union will end Russian gas imports by 2027 (2 outlets)
	//   “We are closing the tap for good.” — Lena Vasquez, via AP
	//   A historic day — Jan Novak, via AP
	// Lakers beat Celtics in overtime thriller (1 outlets)
}
