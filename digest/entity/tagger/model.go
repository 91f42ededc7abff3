package tagger

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lexicon maps lower-cased words to gazetteer class bits (first name,
// country, city, ...), so names never seen in training still get a hint.
type Lexicon struct {
	words map[string]uint8
	// names holds NameBits learnt from annotated corpora other than the
	// training set (see AddNames): far more names than a hand-written list,
	// and a separate feature, so the model learns how far to trust them.
	names map[string]uint8
	// classes holds each word's class at every level of the word class
	// file (see AddClusters), plus one so that 0 means "not listed".
	classes map[string][ClassLevels]uint16
}

// ClassLevels is how many clusterings (class counts) a word class file may
// hold; the tagger uses each as features of their own.
const ClassLevels = 3

// AddClusters reads a word class file: a "# classes<TAB>n,n,..." header,
// then "word<TAB>class class ..." lines, one class per clustering, as
// tools/cmd/train-clusters writes it from unlabelled text.
func (l *Lexicon) AddClusters(data string) error {
	if l.classes == nil {
		l.classes = map[string][ClassLevels]uint16{}
	}
	for n, line := range strings.Split(data, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		w, rest, ok := strings.Cut(line, "\t")
		fields := strings.Fields(rest)
		if !ok || len(fields) == 0 || len(fields) > ClassLevels {
			return fmt.Errorf("tagger: word class line %d: want word<TAB>classes", n+1)
		}
		var cs [ClassLevels]uint16
		for k, f := range fields {
			c, err := strconv.ParseUint(f, 10, 15)
			if err != nil {
				return fmt.Errorf("tagger: word class line %d: %w", n+1, err)
			}
			cs[k] = uint16(c) + 1
		}
		l.classes[w] = cs
	}
	return nil
}

// wordClasses looks a token up in the word class file: as written, then,
// for a word in capitals ("JAPAN"), as a title would write it, then in
// lower case.
func (l *Lexicon) wordClasses(norm, lower string, caps byte) [ClassLevels]uint16 {
	if l == nil || l.classes == nil {
		return [ClassLevels]uint16{}
	}
	if c, ok := l.classes[norm]; ok {
		return c
	}
	if caps == 'U' {
		if r, size := utf8.DecodeRuneInString(norm); size < len(norm) {
			if c, ok := l.classes[string(unicode.ToUpper(r))+lower[size:]]; ok {
				return c
			}
		}
	}
	return l.classes[lower]
}

// NameBits classify a word of a name list: the entity types it was seen
// as, in at least a fair share of its capitalised uses.
const (
	NamePer uint8 = 1 << iota
	NameOrg
	NameLoc
	NameMisc
	// NameInside: in names, mostly not the first word ("York", "Bank").
	NameInside
	// NameNone: often capitalised, yet hardly ever part of a name
	// ("Monday", "Minister", a sentence's first "The").
	NameNone
)

// nameClasses are the class names of a name-list file.
var nameClasses = map[string]uint8{"PER": NamePer, "ORG": NameOrg, "LOC": NameLoc, "MISC": NameMisc,
	"INSIDE": NameInside, "NONE": NameNone}

// AddNames reads a name list: "CLASS<TAB>word word..." lines, CLASS one of
// PER, ORG, LOC, MISC, INSIDE, NONE; a word may appear under several.
func (l *Lexicon) AddNames(data string) error {
	if l.names == nil {
		l.names = map[string]uint8{}
	}
	for n, line := range strings.Split(data, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cls, rest, _ := strings.Cut(line, "\t")
		bit, ok := nameClasses[cls]
		if !ok {
			return fmt.Errorf("tagger: name list line %d: want TYPE<TAB>words", n+1)
		}
		for _, w := range strings.Fields(rest) {
			l.names[strings.ToLower(w)] |= bit
		}
	}
	return nil
}

// Names returns the NameBits of a lower-cased word.
func (l *Lexicon) Names(lower string) uint8 {
	if l == nil {
		return 0
	}
	return l.names[lower]
}

// ParseLexicon reads "class<TAB>word word..." lines: each line's class (a
// small integer 1..7) is OR-ed into every word's bits. Multi-word entries
// are stored word by word; blank lines and lines starting with # are skipped.
func ParseLexicon(data string) (*Lexicon, error) {
	lex := &Lexicon{words: map[string]uint8{}}
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cls, rest, ok := strings.Cut(line, "\t")
		if !ok || len(cls) != 1 || cls[0] < '1' || cls[0] > '7' {
			return nil, fmt.Errorf("tagger: lexicon line %d: want class<TAB>words", n+1)
		}
		bit := uint8(1) << (cls[0] - '1')
		for _, w := range strings.Fields(rest) {
			lex.words[strings.ToLower(w)] |= bit
		}
	}
	return lex, nil
}

// Lookup returns the class bits of a lower-cased word.
func (l *Lexicon) Lookup(lower string) uint8 {
	if l == nil {
		return 0
	}
	return l.words[lower]
}

// Model is a trained tagger: per hashed feature, one weight per tag.
type Model struct {
	weights map[uint64][numLabels]int16 // as trained; nil after Decode
	table   *table                      // for tagging
	lex     *Lexicon
	// twoPass: Tag decodes twice, the second time with what the first
	// pass found elsewhere in the document (see firstPass).
	twoPass bool
	// beam: when above 1, Tag decodes with a beam this wide (see beam.go).
	beam int
}

// maxBeam bounds a beam's width, in training and in a weight file.
const maxBeam = 32

// Tag labels every token with a BIO tag, decoding BILOU labels greedily
// left to right; a two-pass model then tags the text again, seeing the
// first pass's types for the same word anywhere in the document.
func (m *Model) Tag(toks []Token) []int {
	words := analyse(toks, m.lex)
	// Most features depend on the text alone: their sum is computed once
	// per token, so the second pass costs only the few features that
	// depend on tags.
	static := make([][numLabels]int32, len(words))
	buf := make([]uint64, 0, 64)
	for i := range words {
		buf = staticFeatures(buf[:0], words, i)
		m.sum(&static[i], buf)
	}
	if m.beam > 1 {
		return toTags(m.decodeBeam(words, static))
	}
	labels := m.decode(words, static, nil, buf)
	if m.twoPass {
		labels = m.decode(words, static, newFirstPass(words, labels), buf)
	}
	return toTags(labels)
}

// sum adds the weights of feats to scores.
func (m *Model) sum(scores *[numLabels]int32, feats []uint64) {
	m.table.addAll(scores, feats)
}

// decode tags greedily left to right from the tokens' static scores, with
// the first pass's findings when first is not nil.
func (m *Model) decode(words []word, static [][numLabels]int32, first *firstPass, buf []uint64) []int {
	tags := make([]int, len(words))
	history := make(map[string]byte)
	for i := range words {
		p1, p2 := prevTags(tags, i)
		if first != nil && first.settled(words, i, p1) {
			remember(history, words, i, labelO)
			continue
		}
		buf = tagFeatures(buf[:0], words, i, p1, p2, history[words[i].lower])
		if first != nil {
			secondPassCopies(buf)
			buf = first.features(buf, words, i)
		}
		scores := static[i]
		m.sum(&scores, buf)
		tags[i] = best(scores[:], p1)
		remember(history, words, i, tags[i])
	}
	return tags
}

func prevTags(tags []int, i int) (int, int) {
	p1, p2 := numLabels, numLabels // numLabels stands for "before the text"
	if i > 0 {
		p1 = tags[i-1]
	}
	if i > 1 {
		p2 = tags[i-2]
	}
	return p1, p2
}

// best picks the highest-scoring tag that may follow prev.
func best[T int32 | float64](scores []T, prev int) int {
	bi := labelO
	for t := range scores {
		if allowed(prev, t) && scores[t] > scores[bi] {
			bi = t
		}
	}
	return bi
}

// remember records the type given to a capitalised word so that later
// mentions of it in the same document ("Kovac" after "Elena Kovac") lean the
// same way.
func remember(history map[string]byte, words []word, i, tag int) {
	w := &words[i]
	if w.caps != 'T' && w.caps != 'U' && w.caps != 'M' {
		return
	}
	if tag == labelO {
		if _, ok := history[w.lower]; !ok {
			history[w.lower] = 'O'
		}
		return
	}
	history[w.lower] = byte('0' + labelType(tag))
}

// The weight file: magic, feature count, then sorted feature hashes as
// varint deltas, then per feature a varint mask of the labels it weighs and
// their weights as zig-zag varints; gzip around all.
// The magic tells a one-pass model from a two-pass one, and BILOU weights
// (NERL) from the BIO ones of earlier files (NERW), which have fewer
// weights per feature and would decode to garbage; a beam model's magic is
// followed by its width, a varint.
const (
	magic        = "NERL1"
	magicTwoPass = "NERL2"
	magicBeam    = "NERL3"
)

// Encode writes the model in its compact form.
// Only a model fresh from Train can be encoded.
func (m *Model) Encode(w io.Writer) error {
	if m.weights == nil {
		return errors.New("tagger: encode: model has no training weights")
	}
	keys := make([]uint64, 0, len(m.weights))
	for k := range m.weights {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// Unpacked: varints barely compress (2.1 MB to 1.8), and gunzip was
	// more than half of the model's load time.
	bw := bufio.NewWriter(w)
	var tmp [binary.MaxVarintLen64]byte
	switch {
	case m.beam > 1:
		bw.WriteString(magicBeam)
		bw.Write(tmp[:binary.PutUvarint(tmp[:], uint64(m.beam))])
	case m.twoPass:
		bw.WriteString(magicTwoPass)
	default:
		bw.WriteString(magic)
	}
	bw.Write(tmp[:binary.PutUvarint(tmp[:], uint64(len(keys)))])
	last := uint64(0)
	for _, k := range keys {
		bw.Write(tmp[:binary.PutUvarint(tmp[:], k-last)])
		last = k
	}
	for _, k := range keys {
		// Most features weigh few labels: a mask of those, then their
		// weights.
		ws := m.weights[k]
		var mask uint64
		for l, v := range ws {
			if v != 0 {
				mask |= 1 << l
			}
		}
		bw.Write(tmp[:binary.PutUvarint(tmp[:], mask)])
		for _, v := range ws {
			if v != 0 {
				bw.Write(tmp[:binary.PutVarint(tmp[:], int64(v))])
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("tagger: encode: %w", err)
	}
	return nil
}

// Decode reads a model written by Encode; lex may be nil.
func Decode(data []byte, lex *Lexicon) (*Model, error) {
	raw := data
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		// A gzipped file, as Encode wrote them before.
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("tagger: decode: %w", err)
		}
		// Read whole, then parse the bytes: a varint at a time through an
		// io.ByteReader cost most of the load time.
		if raw, err = io.ReadAll(io.LimitReader(zr, maxWeightFile+1)); err != nil {
			return nil, fmt.Errorf("tagger: decode: unreadable weight file: %w", err)
		}
	}
	if len(raw) > maxWeightFile {
		return nil, errors.New("tagger: decode: oversized weight file")
	}
	r := &varints{b: raw}
	head := string(r.bytes(len(magic)))
	if head != magic && head != magicTwoPass && head != magicBeam {
		return nil, errors.New("tagger: decode: not a weight file")
	}
	width := 0
	if head == magicBeam {
		if width = int(r.uvarint()); width < 2 || width > maxBeam {
			return nil, errors.New("tagger: decode: bad beam width")
		}
	}
	n := r.uvarint()
	if r.bad || n > 1<<24 {
		return nil, errors.New("tagger: decode: bad feature count")
	}
	keys := make([]uint64, n)
	last := uint64(0)
	for i := range keys {
		last += r.uvarint()
		keys[i] = last
	}
	m := &Model{table: newTable(int(n)), lex: lex, twoPass: head == magicTwoPass, beam: width}
	for _, k := range keys {
		var ws [numLabels]int16
		mask := r.uvarint()
		if mask >= 1<<numLabels {
			return nil, errors.New("tagger: decode: bad label mask")
		}
		for ; mask != 0; mask &= mask - 1 {
			ws[bits.TrailingZeros64(mask)] = int16(r.varint())
		}
		m.table.put(k, ws)
	}
	if r.bad {
		return nil, errors.New("tagger: decode: truncated weight file")
	}
	return m, nil
}

// maxWeightFile bounds the unpacked weight file Decode reads.
const maxWeightFile = 64 << 20

// varints reads varints from a byte slice; past its end or on a malformed
// varint it returns zeros and sets bad.
type varints struct {
	b   []byte
	bad bool
}

func (r *varints) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// varint reads a zig-zag varint, as binary.PutVarint writes it.
func (r *varints) varint() int64 {
	u := r.uvarint()
	if u&1 != 0 {
		return ^int64(u >> 1)
	}
	return int64(u >> 1)
}

func (r *varints) bytes(n int) []byte {
	if len(r.b) < n {
		r.bad, r.b = true, nil
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

// Features is the number of weighted features, for reports.
func (m *Model) Features() int { return m.table.n }
