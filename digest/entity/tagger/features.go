package tagger

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Tags are BIO labels over four types, what Tag takes and returns (the
// model itself decodes BILOU labels, see labels.go). MISC is learnt so that nationalities
// and events are not forced into PER/ORG/LOC; callers drop it.
const (
	TagO = iota
	TagBPer
	TagIPer
	TagBOrg
	TagIOrg
	TagBLoc
	TagILoc
	TagBMisc
	TagIMisc
	NumTags
)

// TagNames are the CoNLL spellings of the tags, indexed by tag.
var TagNames = [NumTags]string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"}

// TagIndex maps a CoNLL tag to its index (IOB1 "I-X" is read as is).
func TagIndex(name string) int {
	for i, n := range TagNames {
		if n == name {
			return i
		}
	}
	return TagO
}

// Type is the entity type of a tag ("PER"), "" for O.
func Type(tag int) string {
	if tag == TagO {
		return ""
	}
	return TagNames[tag][2:]
}

// inside reports whether tag continues an entity (I-X).
func inside(tag int) bool { return tag != TagO && tag%2 == 0 }

// word is what the feature templates need to know about one token, computed
// once per token so that each template costs a hash and a map lookup.
type word struct {
	norm   string // curly quotes straightened, digits folded to 0
	lower  string
	shape  string // Xxxx -> Xx, U.S. -> X.X., 1996 -> d
	long   string // uncompressed shape, capped in length
	caps   byte   // 'U' all caps, 'T' title, 'L' lower, 'M' mixed, 'N' no letters
	sent   bool
	docCap byte // how the same word is cased elsewhere in the document
	gaz    uint8
	names  uint8               // NameBits from the learnt name list
	class  [ClassLevels]uint16 // word classes from unlabelled text, 0 unknown
	// Runs of capitalised words ("Brookings Institution"): where this word
	// sits in its run, and the run's last word, which often names the kind
	// (Bank, University, River).
	runLen, runPos int
	runLast        string
	// Look-ahead evidence from the whole document: a lower-case word with
	// the same stem ("warned" for a headline's "WARNS"), and whether the
	// word follows a known given name somewhere ("Elena Kovac" for "KOVAC").
	stemLower  bool
	afterGiven bool
}

// scratch is the working memory of one Tag call, kept in a pool: made
// afresh for every article it was a third of the engine's allocations, and
// so of its garbage collections.
type scratch struct {
	words      []word
	static     [][numLabels]int32
	seen       map[string]byte
	shapeSeen  map[string]string
	stems      map[string]bool
	afterGiven map[string]bool
}

func newScratch() *scratch {
	return &scratch{seen: map[string]byte{}, shapeSeen: map[string]string{},
		stems: map[string]bool{}, afterGiven: map[string]bool{}}
}

var scratchPool = sync.Pool{New: func() any { return newScratch() }}

// maxPooledTokens bounds the scratch a pool keeps: the memory of a huge
// text (a hostile one runs to 100,000 tokens, 20 MB of scratch) goes back
// to the collector rather than waiting in the pool for a next article
// that is almost always small.
const maxPooledTokens = 1 << 14

// release returns s to the pool unless a huge text grew it.
func (s *scratch) release() {
	if cap(s.words) <= maxPooledTokens {
		scratchPool.Put(s)
	}
}

// zeroed returns s[:n], all zero, reusing s's memory when it is large
// enough.
func zeroed[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// analyse returns what the feature templates need of every token; the
// words stay the caller's.
func analyse(toks []Token, lex *Lexicon) []word {
	return newScratch().analyse(toks, lex)
}

// analyse is analyse in s's memory: the words are good until s is reused.
func (s *scratch) analyse(toks []Token, lex *Lexicon) []word {
	s.words = zeroed(s.words, len(toks))
	words := s.words
	// Casing evidence from the document: a word in capitals in a headline,
	// or capitalised at a sentence start, is more likely a name if it is
	// capitalised mid-sentence elsewhere in the same text.
	seen, shapeSeen := s.seen, s.shapeSeen
	clear(seen)
	clear(shapeSeen)
	for i, t := range toks {
		w := &words[i]
		w.norm = normalise(t.Text)
		w.lower = strings.ToLower(w.norm)
		w.shape, w.long = shapes(w.norm, shapeSeen)
		w.caps = caseClass(w.norm)
		w.sent = t.SentStart
		if lex != nil {
			w.gaz = lex.Lookup(w.lower)
			w.names = lex.Names(w.lower)
			w.class = lex.wordClasses(w.norm, w.lower, w.caps)
		}
		if !t.SentStart && (w.caps == 'T' || w.caps == 'L') {
			if prev, ok := seen[w.lower]; !ok || prev == 'L' {
				seen[w.lower] = w.caps
			}
		}
	}
	stems, afterGiven := s.stems, s.afterGiven
	clear(stems)
	clear(afterGiven)
	for i := range words {
		w := &words[i]
		if w.caps == 'L' && len(w.lower) >= 4 {
			stems[w.lower[:4]] = true
		}
		if i > 0 && w.caps == 'T' && words[i-1].caps == 'T' && words[i-1].gaz&1 != 0 {
			afterGiven[w.lower] = true
		}
	}
	for i := range words {
		w := &words[i]
		if len(w.lower) >= 4 {
			w.stemLower = stems[w.lower[:4]]
		}
		w.afterGiven = afterGiven[w.lower]
	}
	for i := 0; i < len(words); {
		if !capitalised(words[i].caps) || runBreakers[words[i].lower] {
			i++
			continue
		}
		j := i + 1
		for j < len(words) && capitalised(words[j].caps) && !runBreakers[words[j].lower] {
			j++
		}
		for k := i; k < j; k++ {
			words[k].runLen, words[k].runPos, words[k].runLast = j-i, k-i, words[j-1].lower
		}
		i = j
	}
	for i := range words {
		w := &words[i]
		if c, ok := seen[w.lower]; ok {
			w.docCap = c
		} else {
			w.docCap = 'N'
		}
	}
	return words
}

func capitalised(c byte) bool { return c == 'T' || c == 'U' || c == 'M' }

// runBreakers are capitalised only because they open a sentence or a
// headline; a run of capitalised words does not start with them.
var runBreakers = map[string]bool{
	"the": true, "a": true, "an": true, "in": true, "on": true, "at": true, "for": true,
	"but": true, "and": true, "if": true, "as": true, "to": true, "of": true, "by": true,
	"with": true, "from": true, "after": true, "when": true, "while": true, "this": true,
}

func normalise(s string) string {
	if !strings.ContainsAny(s, "0123456789’‘“”") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteByte('0')
		case r == '’' || r == '‘':
			b.WriteByte('\'')
		case r == '“' || r == '”':
			b.WriteByte('"')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// shapes returns the compressed and the capped word shapes, interned in
// seen: a text has few distinct shapes, so this saves two allocations a token.
func shapes(s string, seen map[string]string) (short, long string) {
	var sb, lb [64]byte
	ns, nl, runes := 0, 0, 0
	var last rune = -1
	for _, r := range s {
		var c rune
		switch {
		case r < 128 && 'A' <= r && r <= 'Z', r >= 128 && unicode.IsUpper(r):
			c = 'X'
		case r < 128 && 'a' <= r && r <= 'z', r >= 128 && unicode.IsLower(r):
			c = 'x'
		case r < 128 && '0' <= r && r <= '9', r >= 128 && unicode.IsDigit(r):
			c = 'd'
		default:
			c = r
		}
		if runes < 8 {
			nl += utf8.EncodeRune(lb[nl:], c)
		}
		runes++
		if c != last && ns+utf8.UTFMax <= len(sb) {
			ns += utf8.EncodeRune(sb[ns:], c)
			last = c
		}
	}
	return intern(sb[:ns], seen), intern(lb[:nl], seen)
}

func intern(b []byte, seen map[string]string) string {
	if s, ok := seen[string(b)]; ok {
		return s
	}
	s := string(b)
	seen[s] = s
	return s
}

func caseClass(s string) byte {
	upper, lower := 0, 0
	first := true
	firstUpper := false
	for _, r := range s {
		if unicode.IsUpper(r) {
			upper++
			if first {
				firstUpper = true
			}
		} else if unicode.IsLower(r) {
			lower++
		}
		if unicode.IsLetter(r) {
			first = false
		}
	}
	switch {
	case upper == 0 && lower == 0:
		return 'N'
	case lower == 0:
		return 'U'
	case upper == 0:
		return 'L'
	case firstUpper && upper == 1:
		return 'T'
	}
	return 'M'
}

// Feature template identifiers; hashed with the strings they carry.
const (
	fBias byte = iota + 1
	fWord
	fLower
	fPrefix
	fSuffix
	fShape
	fLongShape
	fSentShape
	fPrev1
	fPrev2
	fNext1
	fNext2
	fPrevShape
	fNextShape
	fBigramPrev
	fBigramNext
	fTag1
	fTag12
	fTagWord
	fTagShape
	fDocCase
	fHistory
	fShape3
	fGaz
	fGazPrev
	fGazNext
	fPrevLowerShape
	fCaseClass
	fPrevSuffix
	fNextSuffix
	fNextLowerShape
	fTagNext
	fRun
	fRunLast
	fRunFirst
	fDocEvidence
	fNames
	fNamesPrev
	fNamesNext
	fNamesRun
	fClass
	fClassPrev
	fClassNext
	fClassCase
	fClassTag
	fClassPrev2
	fClassNext2
	fClassBigram
	fClassShape
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

type hasher uint64

func newHash(tmpl byte) hasher {
	return hasher((fnvOffset ^ uint64(tmpl)) * fnvPrime)
}

func (h hasher) str(s string) hasher {
	for i := 0; i < len(s); i++ {
		h = (h ^ hasher(s[i])) * fnvPrime
	}
	return (h ^ 0x1f) * fnvPrime
}

func (h hasher) b(c byte) hasher { return (h ^ hasher(c)) * fnvPrime }

var boundary = word{norm: "<s>", lower: "<s>", shape: "<s>", long: "<s>", caps: 'N', docCap: 'N'}

// at returns word k, or the boundary word outside the text.
func at(words []word, k int) *word {
	if k < 0 || k >= len(words) {
		return &boundary
	}
	return &words[k]
}

// tagFeatures appends the features of token i that depend on the tags
// already given (the two previous ones, and the history of the word's
// type in the document): the only part of a token's score that changes
// between decodes, so Tag scores the rest once (staticFeatures).
func tagFeatures(buf []uint64, words []word, i, p1, p2 int, history byte) []uint64 {
	w, next := &words[i], at(words, i+1)
	add := func(h hasher) { buf = append(buf, uint64(h)) }
	add(newHash(fTag1).b(byte(p1)))
	add(newHash(fTag12).b(byte(p1)).b(byte(p2)))
	add(newHash(fTagWord).b(byte(p1)).str(w.lower))
	add(newHash(fTagShape).b(byte(p1)).str(w.shape))
	add(newHash(fHistory).b(history))
	add(newHash(fTagNext).b(byte(p1)).str(next.lower))
	if w.class != ([ClassLevels]uint16{}) || at(words, i-1).class != w.class || next.class != w.class {
		add(newHash(fClassTag).b(byte(p1)).u16(w.class[1]))
	}
	return buf
}

// staticFeatures appends the hashed features of token i that depend on the
// text alone.
func staticFeatures(buf []uint64, words []word, i int) []uint64 {
	w := &words[i]
	prev, prev2, next, next2 := at(words, i-1), at(words, i-2), at(words, i+1), at(words, i+2)
	add := func(h hasher) { buf = append(buf, uint64(h)) }

	add(newHash(fBias))
	add(newHash(fWord).str(w.norm))
	add(newHash(fLower).str(w.lower))
	for n := 1; n <= 4; n++ {
		if p, ok := runePrefix(w.lower, n); ok {
			add(newHash(fPrefix).b(byte(n)).str(p))
		}
		if s, ok := runeSuffix(w.lower, n); ok {
			add(newHash(fSuffix).b(byte(n)).str(s))
		}
	}
	add(newHash(fShape).str(w.shape))
	add(newHash(fLongShape).str(w.long))
	add(newHash(fCaseClass).b(w.caps).b(prev.caps).b(next.caps))
	sent := byte('0')
	if w.sent {
		sent = '1'
	}
	add(newHash(fSentShape).b(sent).str(w.shape))
	add(newHash(fPrev1).str(prev.lower))
	add(newHash(fPrev2).str(prev2.lower))
	add(newHash(fNext1).str(next.lower))
	add(newHash(fNext2).str(next2.lower))
	add(newHash(fPrevShape).str(prev.shape))
	add(newHash(fNextShape).str(next.shape))
	add(newHash(fPrevLowerShape).str(prev.lower).str(w.shape))
	add(newHash(fShape3).str(prev.shape).str(w.shape).str(next.shape))
	add(newHash(fBigramPrev).str(prev.lower).str(w.lower))
	add(newHash(fBigramNext).str(w.lower).str(next.lower))
	add(newHash(fDocCase).b(w.caps).b(sent).b(w.docCap))
	if w.caps != 'L' && w.caps != 'N' {
		add(newHash(fDocEvidence).b(w.caps).b(sent).b(w.docCap).b(b2c(w.stemLower)).b(b2c(w.afterGiven)))
	}
	if s, ok := runeSuffix(prev.lower, 3); ok {
		add(newHash(fPrevSuffix).str(s))
	}
	if s, ok := runeSuffix(next.lower, 3); ok {
		add(newHash(fNextSuffix).str(s))
	}
	add(newHash(fNextLowerShape).str(w.shape).str(next.lower))
	if w.runLen > 0 {
		add(newHash(fRun).b(byte(min(w.runLen, 5))).b(byte(min(w.runPos, 4))).b(sent))
		add(newHash(fRunLast).b(byte(min(w.runLen-w.runPos, 3))).str(w.runLast))
		add(newHash(fRunFirst).b(byte(min(w.runPos, 3))).str(words[i-w.runPos].lower))
	}
	if w.names != 0 || prev.names != 0 || next.names != 0 {
		add(newHash(fNames).b(w.names).b(w.caps).b(sent))
		add(newHash(fNamesPrev).b(prev.names).b(w.names))
		add(newHash(fNamesNext).b(w.names).b(next.names))
	}
	if w.runLen > 1 {
		// What the run's last word names ("Bank", "River") decides a
		// run's type more often than its first word.
		add(newHash(fNamesRun).b(w.names).b(words[i-w.runPos+w.runLen-1].names))
	}
	buf = classFeatures(buf, w, prev, next, prev2, next2, sent)
	if w.gaz != 0 || prev.gaz != 0 || next.gaz != 0 {
		add(newHash(fGaz).b(w.gaz).b(w.caps))
		add(newHash(fGazPrev).b(prev.gaz).b(w.gaz))
		add(newHash(fGazNext).b(w.gaz).b(next.gaz))
	}
	return buf
}

// classFeatures adds the word classes of the word and its neighbours: a
// rare surname or club shares its class with the common ones that the
// training data did label.
func classFeatures(buf []uint64, w, prev, next, prev2, next2 *word, sent byte) []uint64 {
	if w.class == ([ClassLevels]uint16{}) && prev.class == w.class && next.class == w.class {
		return buf
	}
	for k := range ClassLevels {
		buf = append(buf,
			uint64(newHash(fClass).b(byte(k)).u16(w.class[k])),
			uint64(newHash(fClassPrev).b(byte(k)).u16(prev.class[k])),
			uint64(newHash(fClassNext).b(byte(k)).u16(next.class[k])))
	}
	buf = append(buf,
		uint64(newHash(fClassCase).u16(w.class[1]).b(w.caps).b(sent)),
		uint64(newHash(fClassPrev2).u16(prev2.class[1])),
		uint64(newHash(fClassNext2).u16(next2.class[1])),
		uint64(newHash(fClassBigram).u16(prev.class[0]).u16(w.class[0])),
		uint64(newHash(fClassBigram).b(1).u16(w.class[0]).u16(next.class[0])),
		uint64(newHash(fClassShape).u16(w.class[2]).str(w.shape)))
	return buf
}

func (h hasher) u16(v uint16) hasher { return h.b(byte(v)).b(byte(v >> 8)) }

func b2c(b bool) byte {
	if b {
		return '1'
	}
	return '0'
}

func runePrefix(s string, n int) (string, bool) {
	i := 0
	for k := 0; k < n; k++ {
		if i >= len(s) {
			return "", false
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i], true
}

func runeSuffix(s string, n int) (string, bool) {
	i := len(s)
	for k := 0; k < n; k++ {
		if i <= 0 {
			return "", false
		}
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:], true
}

// ClusterKey is the form of a token's text that the word-class file lists
// and that Tag looks up: the text with digits folded and quotes straightened.
func ClusterKey(text string) string { return normalise(text) }
