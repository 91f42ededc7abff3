package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// ClusterScores are the clustering metrics of the evaluation README for one
// window, or their means over windows: B-cubed precision, recall and F1 over
// the items, and pairwise precision, recall and F1 over the item pairs.
type ClusterScores struct {
	BP, BR, BF float64
	PP, PR, PF float64
}

// ScoreClusters scores a predicted clustering of one window against its gold
// stories. gold maps every item of the window to its story; an item that
// pred leaves out counts as a singleton, and an id in pred that gold lacks is
// ignored. With no predicted pair the pairwise precision is 1 (nothing was
// claimed); with no gold pair the pairwise recall is 1.
func ScoreClusters(gold map[string]string, pred [][]string) ClusterScores {
	cluster := make(map[string]int, len(gold))
	next := 0
	for _, c := range pred {
		for _, id := range c {
			if _, ok := gold[id]; ok {
				if _, dup := cluster[id]; !dup {
					cluster[id] = next
				}
			}
		}
		next++
	}
	for id := range gold {
		if _, ok := cluster[id]; !ok {
			cluster[id] = next
			next++
		}
	}
	// Per (predicted cluster, gold story) cell counts give both metrics
	// without looking at item pairs one by one.
	type cell struct {
		c int
		s string
	}
	cells := make(map[cell]int)
	predSize := make(map[int]int)
	goldSize := make(map[string]int)
	for id, s := range gold {
		c := cluster[id]
		cells[cell{c, s}]++
		predSize[c]++
		goldSize[s]++
	}
	var bp, br float64
	var tp, predPairs, goldPairs int
	for k, n := range cells {
		bp += float64(n*n) / float64(predSize[k.c])
		br += float64(n*n) / float64(goldSize[k.s])
		tp += n * (n - 1) / 2
	}
	for _, n := range predSize {
		predPairs += n * (n - 1) / 2
	}
	for _, n := range goldSize {
		goldPairs += n * (n - 1) / 2
	}
	var sc ClusterScores
	if items := float64(len(gold)); items > 0 {
		sc.BP, sc.BR = bp/items, br/items
	}
	sc.BF = harmonic(sc.BP, sc.BR)
	sc.PP, sc.PR = 1, 1
	if predPairs > 0 {
		sc.PP = float64(tp) / float64(predPairs)
	}
	if goldPairs > 0 {
		sc.PR = float64(tp) / float64(goldPairs)
	}
	sc.PF = harmonic(sc.PP, sc.PR)
	return sc
}

// MeanClusterScores averages per-window scores, as the README asks: each
// figure, F1s included, is the mean of the per-window figures.
func MeanClusterScores(windows []ClusterScores) ClusterScores {
	var m ClusterScores
	if len(windows) == 0 {
		return m
	}
	for _, w := range windows {
		m.BP += w.BP
		m.BR += w.BR
		m.BF += w.BF
		m.PP += w.PP
		m.PR += w.PR
		m.PF += w.PF
	}
	n := float64(len(windows))
	m.BP, m.BR, m.BF = m.BP/n, m.BR/n, m.BF/n
	m.PP, m.PR, m.PF = m.PP/n, m.PR/n, m.PF/n
	return m
}

// harmonic is the F1 of p and r, 0 when both are.
func harmonic(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// ClusterItem is one headline of a clustering window, as the dev file has
// it. Story is the gold label; only scoring reads it.
type ClusterItem struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Story     string `json:"story"`
}

// ClusterWindow is one line of clustering/uci-dev.jsonl.
type ClusterWindow struct {
	Window string        `json:"window"`
	Items  []ClusterItem `json:"items"`
}

// ReadClusterWindows reads a clustering JSONL file.
func ReadClusterWindows(path string) ([]ClusterWindow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	var out []ClusterWindow
	dec := json.NewDecoder(f)
	for {
		var w ClusterWindow
		err := dec.Decode(&w)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("eval: %s window %d: %w", path, len(out)+1, err)
		}
		out = append(out, w)
	}
}

// Gold maps each item of the window to its story.
func (w ClusterWindow) Gold() map[string]string {
	g := make(map[string]string, len(w.Items))
	for _, it := range w.Items {
		g[it.ID] = it.Story
	}
	return g
}

// TitlePair is a pair of titles i < j with the cosine of their TF-IDF
// vectors.
type TitlePair struct {
	I, J   int
	Cosine float64
}

// TFIDFTitlePairs is the baseline's similarity: each title a TF-IDF vector
// (ROUGE's lowercase [a-z0-9]+ tokens, IDF log(n/df) from the window), and
// the cosine of every pair that shares a token.
func TFIDFTitlePairs(titles []string) []TitlePair {
	vecs := make([]map[string]float64, len(titles))
	df := make(map[string]int)
	for i, t := range titles {
		v := make(map[string]float64)
		for _, tok := range RougeTokenize(t) {
			v[tok]++
		}
		for tok := range v {
			df[tok]++
		}
		vecs[i] = v
	}
	n := float64(len(titles))
	for _, v := range vecs {
		var norm float64
		for tok, tf := range v {
			w := tf * math.Log(n/float64(df[tok]))
			v[tok] = w
			norm += w * w
		}
		for tok := range v {
			if norm > 0 {
				v[tok] /= math.Sqrt(norm)
			}
		}
	}
	var pairs []TitlePair
	for i := range vecs {
		for j := i + 1; j < len(vecs); j++ {
			if c := cosine(vecs[i], vecs[j]); c > 0 {
				pairs = append(pairs, TitlePair{i, j, c})
			}
		}
	}
	return pairs
}

// ComponentsAbove joins every pair whose cosine reaches threshold and
// returns the connected components over n items, as groups of indexes.
func ComponentsAbove(n int, pairs []TitlePair, threshold float64) [][]int {
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, p := range pairs {
		if p.Cosine >= threshold {
			parent[find(p.J)] = find(p.I)
		}
	}
	byRoot := make(map[int]int)
	var out [][]int
	for i := 0; i < n; i++ {
		r := find(i)
		k, ok := byRoot[r]
		if !ok {
			k = len(out)
			byRoot[r] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], i)
	}
	return out
}

func cosine(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var s float64
	for tok, w := range a {
		s += w * b[tok]
	}
	return s
}
