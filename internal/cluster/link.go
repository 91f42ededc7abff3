package cluster

import (
	"cmp"
	"slices"
	"sort"
)

// edge is a candidate pair i < j with its cosine similarity.
type edge struct {
	i, j int
	sim  float64
}

// minEdge drops pairs that share only a word or two of little weight: they
// cost memory and say nothing, yet the weak links above it still matter, as
// they shape each item's neighbourhood.
const minEdge = 0.03

// maxNeighbours bounds the pairs kept per item: its strongest links. A
// story rarely has more outlets in one digest, and it keeps memory and the
// neighbourhood step linear in the items even when many share words.
const maxNeighbours = 50

// candidatePairs finds the pairs that share a word through an inverted
// index, so the cost follows the shared words, not n². Words in more than
// maxPosting items (a tenth of the batch, at most 500) are too common to
// pick candidates (their weight is small anyway); they still count in each
// vector's norm. A pair is kept when it
// is among the maxNeighbours strongest of either item. Edges come sorted by
// (i, j).
func candidatePairs(docs []doc, opts Options) []edge {
	postings := make(map[int32][]posting)
	for i, d := range docs {
		for k, t := range d.terms {
			postings[t] = append(postings[t], posting{int32(i), d.weights[k]})
		}
	}
	maxPosting := min(50+len(docs)/10, 500)
	dot := make([]float64, len(docs))
	var touched []int32
	kept := make([][]neighbour, len(docs))
	var ns []neighbour
	var sims []float64
	for i, d := range docs {
		for k, t := range d.terms {
			if p := postings[t]; len(p) <= maxPosting {
				for _, q := range p {
					if dot[q.item] == 0 {
						touched = append(touched, q.item)
					}
					dot[q.item] += d.weights[k] * q.weight
				}
			}
		}
		ns = ns[:0]
		for _, j := range touched {
			if s := dot[j]; int(j) != i && s >= minEdge && compatible(d, docs[j], opts) {
				ns = append(ns, neighbour{int(j), s})
			}
			dot[j] = 0
		}
		touched = touched[:0]
		kept[i], sims = strongest(ns, sims)
	}
	var edges []edge
	for i, ns := range kept {
		for _, n := range ns {
			// A pair both items keep is emitted once, by its lower index.
			if n.j > i || !keeps(kept[n.j], i) {
				edges = append(edges, edge{min(i, n.j), max(i, n.j), n.sim})
			}
		}
	}
	slices.SortFunc(edges, func(a, b edge) int { return cmp.Or(cmp.Compare(a.i, b.i), cmp.Compare(a.j, b.j)) })
	return edges
}

// neighbour is a kept link of an item.
type neighbour struct {
	j   int
	sim float64
}

// strongest returns a new slice, sorted by index, of the maxNeighbours most
// similar of ns (ties at the cut keep the lower indexes). sims is scratch
// space, returned for reuse.
func strongest(ns []neighbour, sims []float64) ([]neighbour, []float64) {
	if len(ns) > maxNeighbours {
		// The cut is the maxNeighbours-th highest similarity; sorting
		// plain floats is cheaper than sorting the pairs.
		sims = sims[:0]
		for _, n := range ns {
			sims = append(sims, n.sim)
		}
		slices.Sort(sims)
		cut := sims[len(sims)-maxNeighbours]
		var above, tied []neighbour
		for _, n := range ns {
			switch {
			case n.sim > cut:
				above = append(above, n)
			case n.sim == cut:
				tied = append(tied, n)
			}
		}
		slices.SortFunc(tied, byIndex)
		ns = append(above, tied[:maxNeighbours-len(above)]...)
	}
	out := slices.Clone(ns)
	slices.SortFunc(out, byIndex)
	return out, sims
}

func byIndex(a, b neighbour) int { return cmp.Compare(a.j, b.j) }

// keeps reports whether the sorted list ns holds item i.
func keeps(ns []neighbour, i int) bool {
	k := sort.Search(len(ns), func(x int) bool { return ns[x].j >= i })
	return k < len(ns) && ns[k].j == i
}

// posting is one item holding a term, with the term's weight there.
type posting struct {
	item   int32
	weight float64
}

// compatible applies the pairwise constraints: within the window, and not
// the same publisher.
func compatible(a, b doc, opts Options) bool {
	if a.publisher != "" && a.publisher == b.publisher {
		return false
	}
	if a.published.IsZero() || b.published.IsZero() {
		return true
	}
	d := a.published.Sub(b.published)
	return d <= opts.Window && -d <= opts.Window
}
