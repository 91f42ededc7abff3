package tagger

// Kinds of a first-pass label: 0 for O, then PER, ORG, LOC, MISC.
const numKinds = 1 + numTypes

func kind(l int) int { return labelType(l) }

// firstPass is what a two-pass model's first decode found, for the
// second: the tags, and per capitalised word (lower-cased) how many of its
// capitalised mentions got each kind. A name is usually one thing
// throughout a document ("one sense per discourse"), and a later, clearer
// mention ("Elena Kovac said") can settle an earlier, unclear one (a
// headline's "KOVAC"), which the left-to-right history cannot.
type firstPass struct {
	tags   []int
	counts map[string][numKinds]uint16
}

func newFirstPass(words []word, tags []int) *firstPass {
	fp := &firstPass{tags: tags, counts: make(map[string][numKinds]uint16)}
	for i := range words {
		if !capitalised(words[i].caps) {
			continue
		}
		c := fp.counts[words[i].lower]
		if k := kind(tags[i]); c[k] < 1<<15 {
			c[k]++
		}
		fp.counts[words[i].lower] = c
	}
	return fp
}

// Feature templates of the second pass (after fClassShape).
const (
	fAggMask = fClassShape + 1 + iota
	fAggMajor
	fFirstNext
)

// features appends token i's second-pass features: the kinds the word's
// other mentions got, the most common of them against the token's own,
// and the first pass's tag of the next token, which a left-to-right pass
// cannot see.
func (fp *firstPass) features(buf []uint64, words []word, i int) []uint64 {
	w := &words[i]
	own := kind(fp.tags[i])
	if capitalised(w.caps) {
		c := fp.counts[w.lower]
		c[own]--
		var mask byte
		major := -1
		for k, n := range c {
			if n == 0 {
				continue
			}
			mask |= 1 << k
			if major < 0 || n > c[major] {
				major = k
			}
		}
		if mask != 0 {
			buf = append(buf,
				uint64(newHash(fAggMask).b(mask).b(w.caps).b(b2c(w.sent))),
				uint64(newHash(fAggMajor).b(byte(major)).b(byte(own))))
		}
	}
	next := numLabels
	if i+1 < len(fp.tags) {
		next = fp.tags[i+1]
	}
	if next != labelO || capitalised(w.caps) {
		buf = append(buf, uint64(newHash(fFirstNext).b(byte(fp.tags[i])).b(byte(next))))
	}
	return buf
}

// secondPassCopies salts the tag features of the second pass, so that they
// are weights of their own and training the second pass leaves the first
// pass's weights as a one-pass model would have them.
func secondPassCopies(feats []uint64) {
	for k, f := range feats {
		feats[k] = uint64(hasher(f).b(0xee))
	}
}

// settled reports whether the second pass keeps token i's first-pass O
// without scoring it: a word in lower case, neither tagged by the first
// pass nor following a name, is hardly ever part of one, and skipping
// such words (most of a text) keeps the second pass cheap. Training skips
// the same tokens.
func (fp *firstPass) settled(words []word, i, p1 int) bool {
	return fp.tags[i] == labelO && (p1 == labelO || p1 == numLabels) && !capitalised(words[i].caps)
}
