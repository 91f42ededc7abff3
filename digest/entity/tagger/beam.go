package tagger

// Beam decoding: a sentence at a time, the width best partial labellings
// are kept, each scored by the sum of its tokens' scores, and the best one
// at the sentence end is committed (its labels are what later sentences see
// as previous labels and document history). A greedy model's scores are not
// fit for this (a context's scores are free up to a constant); a beam model
// is trained with the same search and early update (Collins & Roark 2004):
// as soon as the gold labelling falls out of the beam, the weights move
// towards its prefix and away from the best prefix, and the sentence ends.

// maxSpan caps how many tokens one beam search covers: a longer sentence
// is searched in pieces, so that looking back along a hypothesis for the
// history (see historyAt) stays bounded on hostile input.
const maxSpan = 64

// hyp is one partial labelling in the beam.
type hyp struct {
	label  int
	parent int // its predecessor in the previous step's beam; -1 at the span start
	score  float64
	gold   bool // the labelling so far is the gold one (training)
}

// scorer gives a beam the scores of token i's labels: the static part,
// which does not depend on labels, and the part of tag features.
type scorer interface {
	static(i int) *[numLabels]float64
	tags(feats []uint64) [numLabels]float64
}

// beam holds a document's beam search state.
type beam struct {
	words   []word
	width   int
	labels  []int           // committed labels of the whole text
	history map[string]byte // committed document history, as remember keeps it
	prevCap []int           // per token, the last capitalised token before it with the same word; -1 none
	steps   [][]hyp         // the beam after each token of the current span
	hyps    []hyp           // steps' memory: width hypotheses per token of a span
	buf     []uint64
}

func newBeam(words []word, width int) *beam {
	b := &beam{words: words, width: max(width, 1), labels: make([]int, len(words)),
		history: make(map[string]byte), prevCap: make([]int, len(words)), buf: make([]uint64, 0, 16)}
	b.hyps = make([]hyp, maxSpan*b.width)
	last := make(map[string]int)
	for i := range words {
		b.prevCap[i] = -1
		if j, ok := last[words[i].lower]; ok {
			b.prevCap[i] = j
		}
		if capitalised(words[i].caps) {
			last[words[i].lower] = i
		}
	}
	return b
}

// spanEnd is where the beam span starting at from ends: at the next
// sentence start, or maxSpan tokens on.
func (b *beam) spanEnd(from int) int {
	to := from + 1
	for to < len(b.words) && to-from < maxSpan && !b.words[to].sent {
		to++
	}
	return to
}

// search runs the beam over [from, to) and returns the best labelling of a
// prefix of it: the whole span, or, when gold is given and falls out of
// the beam at token v, the best labelling of [from, v] (early update).
func (b *beam) search(from, to int, sc scorer, gold []int) []int {
	b.steps = b.steps[:0]
	for i := from; i < to; i++ {
		b.steps = append(b.steps, b.step(i, from, sc, gold))
		if gold != nil && !goldIn(b.steps[len(b.steps)-1]) {
			break
		}
	}
	last := len(b.steps) - 1
	out := make([]int, last+1)
	for k, t := 0, last; t >= 0; t-- {
		h := b.steps[t][k]
		out[t], k = h.label, h.parent
	}
	return out
}

func goldIn(hs []hyp) bool {
	for _, h := range hs {
		if h.gold {
			return true
		}
	}
	return false
}

// step extends every hypothesis of the last step by token i's labels and
// keeps the width best, ties to the earlier one.
func (b *beam) step(i, from int, sc scorer, gold []int) []hyp {
	prev := []hyp{{parent: -1, gold: true}}
	if i > from {
		prev = b.steps[i-from-1]
	}
	st := sc.static(i)
	t := (i - from) * b.width // a span is at most maxSpan tokens
	next := b.hyps[t:t:(t + b.width)]
	for k, h := range prev {
		p1, p2 := b.context(i, from, k)
		b.buf = tagFeatures(b.buf[:0], b.words, i, p1, p2, b.historyAt(i, from, k))
		ts := sc.tags(b.buf)
		for l := range numLabels {
			if !allowed(p1, l) {
				continue
			}
			c := hyp{label: l, parent: k, score: h.score + st[l] + ts[l], gold: h.gold && gold != nil && gold[i] == l}
			if i == from {
				c.parent = -1
			}
			next = insertTop(next, c, b.width)
		}
	}
	return next
}

// insertTop adds c to hs, kept sorted best first and at most width long.
func insertTop(hs []hyp, c hyp, width int) []hyp {
	if len(hs) == width && c.score <= hs[width-1].score {
		return hs
	}
	if len(hs) < width {
		hs = append(hs, c)
	} else {
		hs[width-1] = c
	}
	for k := len(hs) - 1; k > 0 && hs[k].score > hs[k-1].score; k-- {
		hs[k], hs[k-1] = hs[k-1], hs[k]
	}
	return hs
}

// context returns the two labels before token i along hypothesis k of the
// last step (committed labels before the span).
func (b *beam) context(i, from, k int) (int, int) {
	p1, p2 := prevTags(b.labels, i)
	if i-1 >= from {
		h := b.steps[i-1-from][k]
		p1 = h.label
		if i-2 >= from {
			p2 = b.steps[i-2-from][h.parent].label
		}
	}
	return p1, p2
}

// historyAt is the document history of token i's word along hypothesis k
// of the last step, as remember would have kept it: the type of the
// latest typed capitalised mention, looked for in the span along the
// hypothesis first, then in the committed history; 'O' if the only
// mentions were untyped; 0 if there were none.
func (b *beam) historyAt(i, from, k int) byte {
	sawO := false
	next := b.prevCap[i]
	for t := i - 1; t >= from && next >= from; t-- {
		h := b.steps[t-from][k]
		if t == next {
			if typ := labelType(h.label); typ != 0 {
				return byte('0' + typ)
			}
			sawO, next = true, b.prevCap[t]
		}
		k = h.parent
	}
	v, ok := b.history[b.words[i].lower]
	if !ok && sawO {
		return 'O'
	}
	return v
}

// commit records labels for tokens from, from+1, ... as decided.
func (b *beam) commit(from int, labels []int) {
	for k, l := range labels {
		b.labels[from+k] = l
		remember(b.history, b.words, from+k, l)
	}
}

// seqContext returns what token i's tag features see when the span
// starting at from is labelled seq: the two labels before it and its
// word's history. Training uses it to rebuild the features of the gold
// and of the predicted labelling for an update.
func (b *beam) seqContext(i, from int, seq []int) (p1, p2 int, hist byte) {
	p1, p2 = prevTags(b.labels, i)
	if i-1 >= from {
		p1 = seq[i-1-from]
	}
	if i-2 >= from {
		p2 = seq[i-2-from]
	}
	sawO := false
	for next := b.prevCap[i]; next >= from; next = b.prevCap[next] {
		if typ := labelType(seq[next-from]); typ != 0 {
			return p1, p2, byte('0' + typ)
		}
		sawO = true
	}
	hist, ok := b.history[b.words[i].lower]
	if !ok && sawO {
		hist = 'O'
	}
	return p1, p2, hist
}

// decodeBeam labels a text span by span with the beam.
func (m *Model) decodeBeam(words []word, static [][numLabels]int32) []int {
	b := newBeam(words, m.beam)
	sc := &intScorer{m: m, ints: static}
	for from := 0; from < len(words); {
		to := b.spanEnd(from)
		b.commit(from, b.search(from, to, sc, nil))
		from = to
	}
	return b.labels
}

// intScorer scores with a model's quantised weights and the tokens'
// cached static scores.
type intScorer struct {
	m    *Model
	ints [][numLabels]int32
	f    [numLabels]float64
}

func (s *intScorer) static(i int) *[numLabels]float64 {
	for l, v := range s.ints[i] {
		s.f[l] = float64(v)
	}
	return &s.f
}

func (s *intScorer) tags(feats []uint64) [numLabels]float64 {
	var sum [numLabels]int32
	s.m.table.addAll(&sum, feats)
	var out [numLabels]float64
	for l, v := range sum {
		out[l] = float64(v)
	}
	return out
}
