package cluster

import (
	"math"
	"slices"
)

// rounds is how often the neighbourhood step is applied. The second round
// lets the members of a large story pull together through neighbours of
// neighbours; measured on the development windows (docs/EVAL.md).
const rounds = 2

// neighbourhood re-scores each candidate pair as the mean of its own
// similarity and the similarity of the two items' neighbourhoods: the
// cosine of their rows of the sparse similarity matrix, each item its own
// neighbour at 1. Two headlines that share few words ("Judge orders Chris
// Brown to remain in jail", "Karrueche Tran: Why I dumped Chris Brown") are
// the same story when the same other headlines resemble both; two that
// share a word by chance have different neighbours. Only existing pairs
// are re-scored, so the cost stays with the sparse edges.
func neighbourhood(n int, edges []edge) []edge {
	for range rounds {
		edges = neighbourRound(n, edges)
	}
	return edges
}

func neighbourRound(n int, edges []edge) []edge {
	rows := make([][]neighbour, n)
	sq := make([]float64, n)
	for i := range rows {
		rows[i] = []neighbour{{i, 1}}
		sq[i] = 1
	}
	for _, e := range edges {
		rows[e.i] = append(rows[e.i], neighbour{e.j, e.sim})
		rows[e.j] = append(rows[e.j], neighbour{e.i, e.sim})
		sq[e.i] += e.sim * e.sim
		sq[e.j] += e.sim * e.sim
	}
	for _, r := range rows {
		slices.SortFunc(r, byIndex)
	}
	out := make([]edge, len(edges))
	for k, e := range edges {
		second := sparseDot(rows[e.i], rows[e.j]) / math.Sqrt(sq[e.i]*sq[e.j])
		out[k] = edge{e.i, e.j, (e.sim + second) / 2}
	}
	return out
}

// sparseDot is the dot product of two rows sorted by index.
func sparseDot(a, b []neighbour) float64 {
	var s float64
	for x, y := 0, 0; x < len(a) && y < len(b); {
		switch {
		case a[x].j < b[y].j:
			x++
		case a[x].j > b[y].j:
			y++
		default:
			s += a[x].sim * b[y].sim
			x++
			y++
		}
	}
	return s
}
