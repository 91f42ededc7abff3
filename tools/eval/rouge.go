package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// ROUGE as the README defines it and as Google's rouge-score package computes
// it with its default tokenizer: lowercase, tokens are runs of [a-z0-9], no
// stemming, no stopword removal. ROUGE-L is the summary-level union-LCS
// ("rougeLsum"), candidate and reference each given as a list of sentences.

// RougeScore is one ROUGE figure for one candidate against one reference.
type RougeScore struct {
	Precision, Recall, F1 float64
}

func newRougeScore(hits, candTotal, refTotal int) RougeScore {
	if hits == 0 || candTotal == 0 || refTotal == 0 {
		return RougeScore{}
	}
	p := float64(hits) / float64(candTotal)
	r := float64(hits) / float64(refTotal)
	return RougeScore{Precision: p, Recall: r, F1: 2 * p * r / (p + r)}
}

// RougeTokenize lowercases ASCII letters and returns the runs of [a-z0-9]. Every
// other byte, including all non-ASCII text, separates tokens, as in
// rouge-score (which lowercases first and then drops non-[a-z0-9]).
func RougeTokenize(s string) []string {
	var toks []string
	var buf []byte
	flush := func() {
		if len(buf) > 0 {
			toks = append(toks, string(buf))
			buf = buf[:0]
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			buf = append(buf, c)
		case c >= 'A' && c <= 'Z':
			buf = append(buf, c+'a'-'A')
		default:
			flush()
		}
	}
	flush()
	return toks
}

// RougeTokenizeSentences tokenizes each sentence, dropping those with no tokens.
func RougeTokenizeSentences(sents []string) [][]string {
	out := make([][]string, 0, len(sents))
	for _, s := range sents {
		if t := RougeTokenize(s); len(t) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// RougeN scores the n-gram overlap of two token sequences (clipped counts).
func RougeN(cand, ref []string, n int) RougeScore {
	cc := rougeNgramCounts(cand, n)
	rc := rougeNgramCounts(ref, n)
	candTotal, refTotal, hits := 0, 0, 0
	for _, c := range cc {
		candTotal += c
	}
	for g, c := range rc {
		refTotal += c
		hits += min(c, cc[g])
	}
	return newRougeScore(hits, candTotal, refTotal)
}

func rougeNgramCounts(toks []string, n int) map[string]int {
	counts := map[string]int{}
	for i := 0; i+n <= len(toks); i++ {
		key := toks[i]
		for _, t := range toks[i+1 : i+n] {
			key += " " + t
		}
		counts[key]++
	}
	return counts
}

// RougeLsum is summary-level ROUGE-L: for each reference sentence, the union
// of its LCS tokens with every candidate sentence counts as hits, each token
// at most as often as it occurs in both summaries (rouge-score's
// _summary_level_lcs, including its tie-breaking in the LCS backtrack).
func RougeLsum(cand, ref [][]string) RougeScore {
	m, n := 0, 0
	refCounts := map[string]int{}
	candCounts := map[string]int{}
	for _, s := range ref {
		m += len(s)
		for _, t := range s {
			refCounts[t]++
		}
	}
	for _, s := range cand {
		n += len(s)
		for _, t := range s {
			candCounts[t]++
		}
	}
	if m == 0 || n == 0 {
		return RougeScore{}
	}
	hits := 0
	for _, r := range ref {
		union := make([]bool, len(r))
		for _, c := range cand {
			for _, i := range rougeLCSIndices(r, c) {
				union[i] = true
			}
		}
		for i, in := range union {
			if !in {
				continue
			}
			t := r[i]
			if candCounts[t] > 0 && refCounts[t] > 0 {
				hits++
				candCounts[t]--
				refCounts[t]--
			}
		}
	}
	return newRougeScore(hits, n, m)
}

// rougeLCSIndices returns the indices into ref of one longest common subsequence
// of ref and cand, backtracking as rouge-score does (prefer moving in cand
// only when that keeps a strictly longer LCS).
func rougeLCSIndices(ref, cand []string) []int {
	rows, cols := len(ref)+1, len(cand)+1
	table := make([]int, rows*cols)
	for i := 1; i < rows; i++ {
		for j := 1; j < cols; j++ {
			if ref[i-1] == cand[j-1] {
				table[i*cols+j] = table[(i-1)*cols+j-1] + 1
			} else {
				table[i*cols+j] = max(table[(i-1)*cols+j], table[i*cols+j-1])
			}
		}
	}
	var idx []int
	i, j := len(ref), len(cand)
	for i > 0 && j > 0 {
		switch {
		case ref[i-1] == cand[j-1]:
			idx = append(idx, i-1)
			i--
			j--
		case table[i*cols+j-1] > table[(i-1)*cols+j]:
			j--
		default:
			i--
		}
	}
	return idx // reversed order; callers use it as a set
}

// RougeScores are the three figures the README asks for.
type RougeScores struct {
	R1, R2, RL RougeScore
}

// Rouge scores candidate sentences against reference sentences (for CNN/DM,
// the highlight list). ROUGE-1 and -2 see each side as one token stream.
func Rouge(cand, ref []string) RougeScores {
	ct := RougeTokenizeSentences(cand)
	rt := RougeTokenizeSentences(ref)
	return RougeTokens(ct, rt)
}

// RougeTokens is Rouge on already tokenized sentences, for callers that
// score many candidates against one reference.
func RougeTokens(cand, ref [][]string) RougeScores {
	cf, rf := rougeFlatten(cand), rougeFlatten(ref)
	return RougeScores{
		R1: RougeN(cf, rf, 1),
		R2: RougeN(cf, rf, 2),
		RL: RougeLsum(cand, ref),
	}
}

func rougeFlatten(ss [][]string) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s...)
	}
	return out
}

// RougeMean averages per-document scores, as rouge-score's aggregator
// reports (its bootstrap mid-point converges to this mean).
type RougeMean struct {
	sum RougeScores
	n   int
}

// Add records one document's scores.
func (a *RougeMean) Add(s RougeScores) {
	a.sum.R1 = addRougeScore(a.sum.R1, s.R1)
	a.sum.R2 = addRougeScore(a.sum.R2, s.R2)
	a.sum.RL = addRougeScore(a.sum.RL, s.RL)
	a.n++
}

// Len is the number of documents added.
func (a *RougeMean) Len() int { return a.n }

// Mean returns the average over the documents added (zero when none).
func (a *RougeMean) Mean() RougeScores {
	if a.n == 0 {
		return RougeScores{}
	}
	d := float64(a.n)
	div := func(s RougeScore) RougeScore { return RougeScore{s.Precision / d, s.Recall / d, s.F1 / d} }
	return RougeScores{R1: div(a.sum.R1), R2: div(a.sum.R2), RL: div(a.sum.RL)}
}

func addRougeScore(a, b RougeScore) RougeScore {
	return RougeScore{a.Precision + b.Precision, a.Recall + b.Recall, a.F1 + b.F1}
}

// SummaryDoc is one article of evaldata/summarization/cnndm-dev.jsonl.
type SummaryDoc struct {
	ID        string   `json:"id"`
	URL       string   `json:"url"`
	Text      string   `json:"text"`
	Reference []string `json:"reference"`
}

// LoadSummaryDocs reads a JSONL file of SummaryDoc records.
func LoadSummaryDocs(path string) ([]SummaryDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: open summaries: %w", err)
	}
	defer f.Close()
	var docs []SummaryDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var d SummaryDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("eval: %s line %d: %w", path, line, err)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: read %s: %w", path, err)
	}
	return docs, nil
}
