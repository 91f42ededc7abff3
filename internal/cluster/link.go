package cluster

import "sort"

// edge is a candidate pair i < j with its cosine similarity.
type edge struct {
	i, j int
	sim  float64
}

// minEdge drops pairs that share only a word or two of little weight: they
// cost memory and say nothing, yet the weak links above it still matter, as
// they shape each item's neighbourhood.
const minEdge = 0.03

// candidatePairs finds the pairs that share a word through an inverted
// index, so the cost follows the shared words, not n². Words in more than
// maxPosting items are too common to pick candidates (their weight is small
// anyway); they still count in each vector's norm.
func candidatePairs(docs []doc, opts Options) []edge {
	postings := make(map[int32][]posting)
	for i, d := range docs {
		for k, t := range d.terms {
			postings[t] = append(postings[t], posting{int32(i), d.weights[k]})
		}
	}
	maxPosting := 50 + len(docs)/10
	dot := make([]float64, len(docs))
	var touched []int32
	var edges []edge
	for i, d := range docs {
		for k, t := range d.terms {
			p := postings[t]
			if len(p) > maxPosting {
				continue
			}
			// Postings are in increasing item order: only later items.
			for _, q := range p[sort.Search(len(p), func(x int) bool { return int(p[x].item) > i }):] {
				if dot[q.item] == 0 {
					touched = append(touched, q.item)
				}
				dot[q.item] += d.weights[k] * q.weight
			}
		}
		sort.Slice(touched, func(a, b int) bool { return touched[a] < touched[b] })
		for _, j := range touched {
			if s := dot[j]; s >= minEdge && compatible(d, docs[j], opts) {
				edges = append(edges, edge{i, int(j), s})
			}
			dot[j] = 0
		}
		touched = touched[:0]
	}
	return edges
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
