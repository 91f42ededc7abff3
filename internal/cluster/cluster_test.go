package cluster

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

var day = time.Date(2026, 3, 18, 9, 0, 0, 0, time.UTC)

// byID renders groups as sorted ID lists, so tests compare what a reader
// sees regardless of input order.
func byID(items []Item, groups [][]int) string {
	var out []string
	for _, g := range groups {
		var ids []string
		for _, i := range g {
			ids = append(ids, items[i].ID)
		}
		slices.Sort(ids)
		out = append(out, strings.Join(ids, " "))
	}
	slices.Sort(out)
	return strings.Join(out, " | ")
}

func TestGroup(t *testing.T) {
	gas := []Item{
		{ID: "a", Title: "EU agrees to phase out Russian gas imports by 2027", Publisher: "Reuters", Published: day},
		{ID: "b", Title: "European Union will end Russian gas imports by 2027", Publisher: "AP", Published: day.Add(time.Hour)},
		{ID: "c", Title: "EU governments agree Russian gas phase-out", Publisher: "BBC", Published: day.Add(3 * time.Hour)},
		{ID: "d", Title: "Lakers beat Celtics in overtime thriller", Publisher: "ESPN", Published: day},
	}
	tests := []struct {
		name  string
		items []Item
		want  string
	}{
		{"one event from three outlets, one unrelated", gas, "a b c | d"},
		{"nothing", nil, ""},
		{"empty titles stay apart", []Item{{ID: "x"}, {ID: "y"}}, "x | y"},
		{"same outlet twice is two stories", []Item{
			{ID: "a", Title: "Fire closes city bridge", Publisher: "Herald", Published: day},
			{ID: "b", Title: "Fire closes city bridge", Publisher: "Herald (blog)", Published: day},
		}, "a | b"},
		{"beyond the window", []Item{
			{ID: "a", Title: "Fire closes city bridge", Publisher: "Herald", Published: day},
			{ID: "b", Title: "Fire closes city bridge", Publisher: "Courier", Published: day.Add(72 * time.Hour)},
		}, "a | b"},
		{"within the window", []Item{
			{ID: "a", Title: "Fire closes city bridge", Publisher: "Herald", Published: day},
			{ID: "b", Title: "Fire closes city bridge", Publisher: "Courier", Published: day.Add(30 * time.Hour)},
		}, "a b"},
		{"one canonical page under two titles", []Item{
			{ID: "a", Title: "Breaking: what we know", Canonical: "https://www.example.com/news/fire/?utm=x", Publisher: "Example"},
			{ID: "b", Title: "Bridge fire latest", Canonical: "http://example.com/news/fire", Publisher: "Example"},
			{ID: "c", Title: "Election results", Publisher: "Example"},
		}, "a b | c"},
		{"the lead joins different headlines", []Item{
			{ID: "a", Title: "A dark day for the valley", Publisher: "Herald",
				Text: "A fire destroyed the Kessler paper mill in Marburg on Tuesday, and 300 workers lost their jobs."},
			{ID: "b", Title: "Hundreds out of work", Publisher: "Courier",
				Text: "Fire destroyed the Kessler paper mill in Marburg on Tuesday; 300 workers lost their jobs, the owner said."},
			{ID: "c", Title: "Rain expected all week", Publisher: "Herald", Text: "Forecasters expect rain in Marburg all week."},
		}, "a b | c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := byID(tt.items, Group(tt.items, Options{})); got != tt.want {
				t.Errorf("groups = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGroupWithoutLeadKeepsHeadlinesApart(t *testing.T) {
	items := []Item{
		{ID: "a", Title: "A dark day for the valley", Publisher: "Herald"},
		{ID: "b", Title: "Hundreds out of work", Publisher: "Courier"},
	}
	if got := byID(items, Group(items, Options{})); got != "a | b" {
		t.Errorf("groups = %q; headlines with no word in common must stay apart", got)
	}
}

// TestGroupPartitionAndOrder checks the contract on a synthetic day: every
// item in exactly one group, indexes sorted, and the same grouping whatever
// the input order.
func TestGroupPartitionAndOrder(t *testing.T) {
	items := syntheticDay(400, 1)
	groups := Group(items, Options{})
	seen := make([]int, len(items))
	for k, g := range groups {
		if !slices.IsSorted(g) {
			t.Fatalf("group %d not sorted: %v", k, g)
		}
		if k > 0 && groups[k-1][0] >= g[0] {
			t.Fatalf("groups not ordered by first index at %d", k)
		}
		for _, i := range g {
			seen[i]++
		}
	}
	for i, n := range seen {
		if n != 1 {
			t.Fatalf("item %d is in %d groups", i, n)
		}
	}
	want := byID(items, groups)
	shuffled := slices.Clone(items)
	rand.New(rand.NewPCG(7, 7)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if got := byID(shuffled, Group(shuffled, Options{})); got != want {
		t.Error("grouping depends on input order")
	}
	if multi := len(items) - len(groups); multi == 0 {
		t.Error("synthetic stories were never grouped")
	}
}

func TestGroupHostileInputIsBounded(t *testing.T) {
	long := strings.Repeat("word"+fmt.Sprint(1)+" ", 1<<16)
	items := []Item{
		{ID: "a", Title: long, Text: long, URL: "http://x/" + strings.Repeat("a-b-", 1<<14), Actors: []string{long}},
		{ID: "b", Title: "\xff\xfe\x00 ... ...", URL: "::not a url"},
		{ID: "c", Title: strings.Repeat("U.S. ", 1000), Canonical: "%%%"},
	}
	start := time.Now()
	groups := Group(items, Options{})
	if len(groups) == 0 || time.Since(start) > 2*time.Second {
		t.Errorf("groups %v in %v", groups, time.Since(start))
	}
}

func TestTokenize(t *testing.T) {
	got := strings.Join(tokenize("U.S. court: Brown's jail term—“shocking” don't 3.5"), " ")
	if want := "US court Brown jail term shocking dont 3 5"; got != want {
		t.Errorf("tokenize = %q, want %q", got, want)
	}
	if got := strings.Join(words("The Talks of the cities"), " "); got != "talk city" {
		t.Errorf("words = %q", got)
	}
	if got := headline("Chris Brown May Get Out Of Jail Faster If He Cuts  ..."); got != "Chris Brown May Get Out Of Jail Faster If He" {
		t.Errorf("headline = %q", got)
	}
	if got := strings.Join(slugWords("http://nypost.com/2014/03/18/ny-attorney-general-targets-trading/?a=b"), " "); got != "ny attorney general target trading" {
		t.Errorf("slugWords = %q", got)
	}
}

// syntheticDay makes n headlines: a fifth of them in stories of 2 to 9
// items from different outlets, sharing a story's rare words, the rest
// alone, over a common vocabulary.
func syntheticDay(n int, seed uint64) []Item {
	r := rand.New(rand.NewPCG(seed, seed))
	common := make([]string, 300)
	for i := range common {
		common[i] = fmt.Sprintf("w%d", i)
	}
	var items []Item
	add := func(words []string, story int) {
		k := len(items)
		items = append(items, Item{
			ID: fmt.Sprintf("%04d", k), Title: strings.Join(words, " "),
			Publisher: fmt.Sprintf("outlet %d", r.IntN(n)), Published: day.Add(time.Duration(r.IntN(86400)) * time.Second),
			URL: fmt.Sprintf("https://site%d.example/%d/%s", k, story, strings.Join(words, "-")),
		})
	}
	for s := 0; len(items) < n/5; s++ {
		rare := []string{fmt.Sprintf("name%d", s), fmt.Sprintf("place%d", s), fmt.Sprintf("thing%d", s)}
		for range 2 + r.IntN(8) {
			w := []string{rare[0], rare[r.IntN(3)]}
			for range 4 {
				w = append(w, common[int(r.ExpFloat64()*40)%len(common)])
			}
			add(w, s)
		}
	}
	for len(items) < n {
		var w []string
		for range 7 {
			w = append(w, common[int(r.ExpFloat64()*40)%len(common)])
		}
		w = append(w, fmt.Sprintf("solo%d", len(items)))
		add(w, -len(items))
	}
	return items
}

// BenchmarkGroup1000 clusters a synthetic day of 1,000 items; the figure
// on real headlines is tools/acceptance's BenchmarkClusterDay.
func BenchmarkGroup1000(b *testing.B) {
	items := syntheticDay(1000, 1)
	b.ReportAllocs()
	for b.Loop() {
		Group(items, Options{})
	}
}
