package tagger

import (
	"math"
	"math/rand/v2"
	"slices"
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
	// TwoPass trains a model that tags each text twice, the second time
	// with the first pass's types of the same word elsewhere in the
	// document (see firstPass).
	TwoPass bool
	// Beam, when above 1, trains a model that decodes with a beam of that
	// width, sentence by sentence, trained with early update (see beam.go).
	// It ignores TwoPass and the extra corpora's private feature copies.
	Beam int
	// FirstPassRuns is how many runs the cross-trained first-pass models
	// of two-pass training sum (0 or 1: one).
	FirstPassRuns int
	// Progress, when set, is called after each epoch with the training
	// token accuracy of that epoch.
	Progress func(epoch int, accuracy float64)
}

// crossFolds is how many parts two-pass training cuts the examples into to
// give each part first-pass tags from a model that did not train on it.
const crossFolds = 5

type accum struct {
	w, total [numLabels]float64
	stamp    [numLabels]int
}

// doc is a training example with its words analysed and its static
// features hashed once: they do not change between epochs.
type doc struct {
	words  []word
	gold   []int
	domain uint8
	static []uint64 // token i's features are static[off[i]:off[i+1]]
	off    []int
	first  *firstPass // two-pass training: tags from a model that never saw this doc
}

func prepare(ex Example, lex *Lexicon) *doc {
	d := &doc{words: analyse(ex.Tokens, lex), gold: toLabels(ex.Tags), domain: ex.Domain, off: make([]int, 1, len(ex.Tokens)+1)}
	for i := range d.words {
		d.static = staticFeatures(d.static, d.words, i)
		d.off = append(d.off, len(d.static))
	}
	return d
}

// Train fits an averaged perceptron with greedy left-to-right decoding, the
// same decoding Tag uses, so that previous-tag and history features see
// predicted tags in training as they will at run time. With TwoPass it
// first tags every document with models cross-trained without it, then
// trains both passes: the first as a one-pass model, the second (only its
// own features) on those cross-trained tags.
func Train(examples []Example, lex *Lexicon, opt TrainOptions) *Model {
	docs := make([]*doc, len(examples))
	all := make([]int, len(examples))
	for i, ex := range examples {
		docs[i], all[i] = prepare(ex, lex), i
	}
	if opt.Beam > 1 {
		opt.TwoPass = false
	}
	if opt.TwoPass {
		crossTag(docs, lex, opt)
	}
	m := quantise(trainRuns(docs, all, opt, opt.Runs), lex, opt.Prune)
	m.twoPass = opt.TwoPass
	if opt.Beam > 1 {
		m.beam = min(opt.Beam, maxBeam)
	}
	return m
}

// trainRuns sums several runs that differ only in the order they see the
// examples: a cheap ensemble that evens out what one order's late updates
// overfit.
func trainRuns(docs []*doc, use []int, opt TrainOptions, runs int) map[uint64][numLabels]float64 {
	sum := trainRun(docs, use, opt, opt.Seed)
	for r := 1; r < runs; r++ {
		for f, w := range trainRun(docs, use, opt, opt.Seed+uint64(r)) {
			acc := sum[f]
			for t := range acc {
				acc[t] += w[t]
			}
			sum[f] = acc
		}
	}
	return sum
}

// crossTag gives every document first-pass tags from a one-pass model
// trained without it, so that the second pass learns how far to trust
// first-pass tags as good as those it will get on new text; tags from a
// model that trained on the document itself would be nearly all right.
func crossTag(docs []*doc, lex *Lexicon, opt TrainOptions) {
	one := opt
	one.TwoPass, one.Progress = false, nil
	for k := range crossFolds {
		var use []int
		for i := range docs {
			if i%crossFolds != k {
				use = append(use, i)
			}
		}
		one.Seed = opt.Seed + 1000 + uint64(k)
		m := quantise(trainRuns(docs, use, one, opt.FirstPassRuns), lex, 0)
		for i := k; i < len(docs); i += crossFolds {
			d := docs[i]
			static := make([][numLabels]int32, len(d.words))
			for t := range d.words {
				m.sum(&static[t], d.static[d.off[t]:d.off[t+1]])
			}
			d.first = newFirstPass(d.words, m.decode(d.words, static, nil, nil))
		}
	}
}

// trainer is one training run's state.
type trainer struct {
	acc     map[uint64]*accum
	now     int
	private map[uint64]bool
	buf     []uint64
	correct int
	total   int
}

func (tr *trainer) update(feats []uint64, tag int, delta float64) {
	for _, f := range feats {
		a := tr.acc[f]
		if a == nil {
			a = &accum{}
			tr.acc[f] = a
		}
		a.total[tag] += float64(tr.now-a.stamp[tag]) * a.w[tag]
		a.stamp[tag] = tr.now
		a.w[tag] += delta
	}
}

// pass decodes one document greedily, updating on every wrong tag; with
// first set, as a two-pass model's second pass.
func (tr *trainer) pass(d *doc, first *firstPass) {
	tags := make([]int, len(d.words))
	history := make(map[string]byte)
	for i := range d.words {
		tr.now++
		p1, p2 := prevTags(tags, i)
		if first != nil && first.settled(d.words, i, p1) {
			remember(history, d.words, i, labelO)
			continue
		}
		buf := append(tr.buf[:0], d.static[d.off[i]:d.off[i+1]]...)
		n := len(buf)
		buf = tagFeatures(buf, d.words, i, p1, p2, history[d.words[i].lower])
		if first != nil {
			secondPassCopies(buf[n:])
			buf = first.features(buf, d.words, i)
		}
		if d.domain != 0 && first == nil {
			buf = privateCopies(buf, d.domain, tr.private)
		}
		tr.buf = buf
		var scores [numLabels]float64
		for _, f := range buf {
			if a := tr.acc[f]; a != nil {
				for t := range scores {
					scores[t] += a.w[t]
				}
			}
		}
		// The second pass learns only its own features: the static ones
		// stay the first pass's, which it reads as they are.
		learn := buf
		if first != nil {
			learn = buf[n:]
		}
		pred := best(scores[:], p1)
		if g := d.gold[i]; pred != g {
			tr.update(learn, g, 1)
			tr.update(learn, pred, -1)
		} else {
			tr.correct++
		}
		tr.total++
		tags[i] = pred
		remember(history, d.words, i, pred)
	}
}

// trainRun trains once on the documents use with the given shuffle seed
// and returns the averaged weights of the shared (not domain-private)
// features. A two-pass run trains both passes on every document: the first
// as Tag will run it, the second on the document's cross-trained tags.
func trainRun(docs []*doc, use []int, opt TrainOptions, seed uint64) map[uint64][numLabels]float64 {
	tr := &trainer{acc: make(map[uint64]*accum, 1<<20), private: make(map[uint64]bool), buf: make([]uint64, 0, 128)}
	order := slices.Clone(use)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		tr.correct, tr.total = 0, 0
		for _, di := range order {
			if opt.Beam > 1 {
				tr.beamPass(docs[di], min(opt.Beam, maxBeam))
				continue
			}
			tr.pass(docs[di], nil)
			if opt.TwoPass {
				tr.pass(docs[di], docs[di].first)
			}
		}
		if opt.Progress != nil {
			opt.Progress(epoch, float64(tr.correct)/float64(max(tr.total, 1)))
		}
	}
	out := make(map[uint64][numLabels]float64, len(tr.acc))
	for f, a := range tr.acc {
		if tr.private[f] {
			continue
		}
		var avg [numLabels]float64
		for t := range avg {
			avg[t] = (a.total[t] + float64(tr.now-a.stamp[t])*a.w[t]) / float64(max(tr.now, 1))
		}
		out[f] = avg
	}
	return out
}

// quantise turns float weights into the model's int16 ones.
func quantise(weights map[uint64][numLabels]float64, lex *Lexicon, prune int) *Model {
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
	kept := make(map[uint64][numLabels]int16)
	for f, w := range weights {
		var q [numLabels]int16
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
			kept[f] = q
		}
	}
	return &Model{table: buildTable(kept), lex: lex}
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
