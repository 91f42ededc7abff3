package cluster

import (
	"container/heap"
	"math"
)

// group is a cluster under construction. Its items' unit vectors summed
// make its centroid; the centroid's squared length and its dot products
// with the neighbouring centroids are all the merging needs, and both are
// sums of pair similarities, kept up to date as groups merge.
type group struct {
	members []int
	// self is the sum of the similarities of all ordered member pairs,
	// each member with itself at 1: the centroid's squared length.
	self float64
	// dots is the sum of the similarities between this group's members and
	// each neighbouring group's, by group index.
	dots    map[int]float64
	version int
	first   int64 // unix seconds of the earliest and latest dated member
	last    int64
	dated   bool
}

// link merges items into groups: first the items that share a canonical
// URL, then, repeatedly, the two groups whose centroids are the closest, as
// long as their cosine reaches the threshold and the merged group stays
// within the window. Comparing centroids rather than single pairs keeps
// one stray link from chaining two events together, while a large story
// can still take in an item that resembles it as a whole.
func link(docs []doc, edges []edge, opts Options) [][]int {
	owner := canonicalOwners(docs)
	groups := make([]*group, len(docs))
	for i, d := range docs {
		o := owner[i]
		if groups[o] == nil {
			groups[o] = &group{dots: make(map[int]float64)}
		}
		g := groups[o]
		g.members = append(g.members, i)
		g.self++
		if !d.published.IsZero() {
			g.addUnix(d.published.Unix())
		}
	}
	for _, e := range edges {
		a, b := owner[e.i], owner[e.j]
		if a == b {
			groups[a].self += 2 * e.sim
		} else {
			groups[a].dots[b] += e.sim
			groups[b].dots[a] += e.sim
		}
	}
	h := &mergeHeap{}
	for a, g := range groups {
		for b := range g.dotsIfAlive() {
			if a < b {
				h.push(groups, a, b)
			}
		}
	}
	window := int64(opts.Window.Seconds())
	for h.Len() > 0 {
		m := heap.Pop(h).(merge)
		ga, gb := groups[m.a], groups[m.b]
		if ga == nil || gb == nil || ga.version != m.va || gb.version != m.vb {
			continue // stale: one side has merged since it was scored
		}
		if m.score < opts.Threshold {
			break
		}
		if !ga.withinWindow(gb, window) {
			continue
		}
		absorb(groups, m.a, m.b)
		for k := range ga.dots {
			h.push(groups, m.a, k)
		}
	}
	var out [][]int
	for _, g := range groups {
		if g != nil {
			out = append(out, g.members)
		}
	}
	return out
}

func (g *group) dotsIfAlive() map[int]float64 {
	if g == nil {
		return nil
	}
	return g.dots
}

// canonicalOwners maps each item to the first item with its canonical URL
// (itself when it has none or is the first): one page is one story,
// whatever titles its feeds gave it.
func canonicalOwners(docs []doc) []int {
	owner := make([]int, len(docs))
	first := make(map[string]int)
	for i, d := range docs {
		owner[i] = i
		if d.canonical == "" {
			continue
		}
		if f, ok := first[d.canonical]; ok {
			owner[i] = f
		} else {
			first[d.canonical] = i
		}
	}
	return owner
}

// absorb merges group b into group a.
func absorb(groups []*group, a, b int) {
	ga, gb := groups[a], groups[b]
	ga.members = append(ga.members, gb.members...)
	ga.self += gb.self + 2*ga.dots[b]
	if gb.dated {
		ga.addUnix(gb.first)
		ga.addUnix(gb.last)
	}
	delete(ga.dots, b)
	for k, s := range gb.dots {
		if k == a {
			continue
		}
		ga.dots[k] += s
		gk := groups[k].dots
		gk[a] += s
		delete(gk, b)
	}
	ga.version++
	groups[b] = nil
}

func (g *group) addUnix(t int64) {
	if !g.dated {
		g.first, g.last, g.dated = t, t, true
		return
	}
	g.first, g.last = min(g.first, t), max(g.last, t)
}

// withinWindow reports whether all dated members of g and o lie within
// the window.
func (g *group) withinWindow(o *group, window int64) bool {
	if g.dated && o.dated {
		return max(g.last, o.last)-min(g.first, o.first) <= window
	}
	return true
}

// merge is a candidate merge of groups a < b at the versions it was scored.
type merge struct {
	score  float64
	a, b   int
	va, vb int
}

// mergeHeap pops the highest score first, ties by group indexes, so the
// order of merges (and so the result) does not depend on map order.
type mergeHeap []merge

func (h mergeHeap) Len() int { return len(h) }
func (h mergeHeap) Less(x, y int) bool {
	if h[x].score != h[y].score {
		return h[x].score > h[y].score
	}
	if h[x].a != h[y].a {
		return h[x].a < h[y].a
	}
	return h[x].b < h[y].b
}
func (h mergeHeap) Swap(x, y int) { h[x], h[y] = h[y], h[x] }
func (h *mergeHeap) Push(x any)   { *h = append(*h, x.(merge)) }
func (h *mergeHeap) Pop() any {
	old := *h
	m := old[len(old)-1]
	*h = old[:len(old)-1]
	return m
}

// push scores the merge of groups a and k by the cosine of their
// centroids. Pairs below minEdge count as 0, so the score errs low.
func (h *mergeHeap) push(groups []*group, a, k int) {
	if a > k {
		a, k = k, a
	}
	ga, gk := groups[a], groups[k]
	score := ga.dots[k] / math.Sqrt(ga.self*gk.self)
	heap.Push(h, merge{score: score, a: a, b: k, va: ga.version, vb: gk.version})
}
