package tagger

import "sort"

// Align tokenizes text with Tokenize and carries gold tags over from the
// reference tokenization (goldSpans, byte spans into text): a token starting
// a gold token takes its tag; a piece split off inside a gold entity token
// continues that entity. Training on our own tokens keeps the model honest
// about what the tokenizer will feed it on raw text.
func Align(text string, goldSpans [][2]int, goldTags []int) Example {
	toks := Tokenize(text)
	tags := make([]int, len(toks))
	for i, t := range toks {
		k := sort.Search(len(goldSpans), func(k int) bool { return goldSpans[k][1] > t.Start })
		if k == len(goldSpans) || goldSpans[k][0] > t.Start {
			continue
		}
		g := goldTags[k]
		if t.Start != goldSpans[k][0] && g != TagO && !inside(g) {
			g++ // B-X -> I-X for a later piece of the same gold token
		}
		tags[i] = g
	}
	return Example{Tokens: toks, Tags: tags}
}
