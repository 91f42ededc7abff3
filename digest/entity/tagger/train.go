package tagger

import (
	"math"
	"math/rand/v2"
)

// Example is one training document: its tokens and gold tags.
type Example struct {
	Tokens []Token
	Tags   []int
	// Domain is 0 for text like the text the model will tag and a small
	// number per other corpus. Examples from another domain also train a
	// copy of every feature private to that domain, which soaks up the
	// corpus's own conventions (a country that acts tagged ORG, tweets'
	// casing) so the shared weights, the only ones kept, learn what the
	// corpora agree on (Daumé's "frustratingly easy" domain adaptation).
	Domain uint8
}

// TrainOptions control training; the same options and examples always give
// the same model, byte for byte.
type TrainOptions struct {
	Epochs int
	Seed   uint64
	// Prune drops features whose largest quantised weight is below it:
	// they cost memory and barely vote. The quantisation step is the
	// largest averaged weight divided by 32767.
	Prune int
	// Runs is how many training runs, with seeds Seed, Seed+1, ..., are
	// summed into the model; 0 or 1 is one run.
	Runs int
	// Progress, when set, is called after each epoch with the training
	// token accuracy of that epoch.
	Progress func(epoch int, accuracy float64)
}

type accum struct {
	w, total [NumTags]float64
	stamp    [NumTags]int
}

// Train fits an averaged perceptron with greedy left-to-right decoding, the
// same decoding Tag uses, so that previous-tag and history features see
// predicted tags in training as they will at run time.
func Train(examples []Example, lex *Lexicon, opt TrainOptions) *Model {
	analysed := make([][]word, len(examples))
	for i, ex := range examples {
		analysed[i] = analyse(ex.Tokens, lex)
	}
	// Several runs that differ only in the order they see the examples
	// are summed: a cheap ensemble that evens out what one order's late
	// updates overfit.
	sum := trainRun(examples, analysed, opt, opt.Seed)
	for r := 1; r < opt.Runs; r++ {
		for f, w := range trainRun(examples, analysed, opt, opt.Seed+uint64(r)) {
			acc := sum[f]
			for t := range acc {
				acc[t] += w[t]
			}
			sum[f] = acc
		}
	}
	return quantise(sum, lex, opt.Prune)
}

// trainRun trains once with the given shuffle seed and returns the
// averaged weights of the shared (not domain-private) features.
func trainRun(examples []Example, analysed [][]word, opt TrainOptions, seed uint64) map[uint64][NumTags]float64 {
	acc := make(map[uint64]*accum, 1<<20)
	now := 0
	update := func(feats []uint64, tag int, delta float64) {
		for _, f := range feats {
			a := acc[f]
			if a == nil {
				a = &accum{}
				acc[f] = a
			}
			a.total[tag] += float64(now-a.stamp[tag]) * a.w[tag]
			a.stamp[tag] = now
			a.w[tag] += delta
		}
	}
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	buf := make([]uint64, 0, 128)
	private := make(map[uint64]bool)
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		correct, total := 0, 0
		for _, di := range order {
			words, gold := analysed[di], examples[di].Tags
			tags := make([]int, len(words))
			history := make(map[string]byte)
			for i := range words {
				now++
				p1, p2 := prevTags(tags, i)
				buf = features(buf[:0], words, i, p1, p2, history[words[i].lower])
				if d := examples[di].Domain; d != 0 {
					buf = privateCopies(buf, d, private)
				}
				var scores [NumTags]float64
				for _, f := range buf {
					if a := acc[f]; a != nil {
						for t := range scores {
							scores[t] += a.w[t]
						}
					}
				}
				pred := best(scores[:], p1)
				if g := gold[i]; pred != g {
					update(buf, g, 1)
					update(buf, pred, -1)
				} else {
					correct++
				}
				total++
				tags[i] = pred
				remember(history, words, i, pred)
			}
		}
		if opt.Progress != nil {
			opt.Progress(epoch, float64(correct)/float64(max(total, 1)))
		}
	}
	out := make(map[uint64][NumTags]float64, len(acc))
	for f, a := range acc {
		if private[f] {
			continue
		}
		var avg [NumTags]float64
		for t := range avg {
			avg[t] = (a.total[t] + float64(now-a.stamp[t])*a.w[t]) / float64(max(now, 1))
		}
		out[f] = avg
	}
	return out
}

// quantise turns float weights into the model's int16 ones.
func quantise(weights map[uint64][NumTags]float64, lex *Lexicon, prune int) *Model {
	maxAbs := 0.0
	for _, w := range weights {
		for _, v := range w {
			maxAbs = max(maxAbs, math.Abs(v))
		}
	}
	// The largest weight maps to the int16 range; everything else keeps
	// its proportion, so the argmax is what the float model would pick
	// except for near ties.
	scale := math.MaxInt16 / max(maxAbs, 1e-9)
	m := &Model{weights: make(map[uint64][NumTags]int16), lex: lex}
	for f, w := range weights {
		var q [NumTags]int16
		keep := false
		for t := range q {
			v := math.Round(w[t] * scale)
			v = max(min(v, math.MaxInt16), math.MinInt16)
			q[t] = int16(v)
			if math.Abs(v) >= float64(prune) && v != 0 {
				keep = true
			}
		}
		if keep {
			m.weights[f] = q
		}
	}
	m.table = newTable(len(m.weights))
	for k, w := range m.weights {
		m.table.put(k, w)
	}
	return m
}

// privateCopies appends to feats a copy of each feature salted with the
// domain, recording the copies so that they are left out of the model.
func privateCopies(feats []uint64, domain uint8, private map[uint64]bool) []uint64 {
	n := len(feats)
	for _, f := range feats[:n] {
		c := uint64(hasher(f).b(0xd0).b(domain))
		private[c] = true
		feats = append(feats, c)
	}
	return feats
}
