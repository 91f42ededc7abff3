package tagger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
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
		// Sized once: growing a map of 37k words step by step, with a
		// slice of lines and one of fields per line, took three times as
		// long, a tenth of the binary's start-up.
		l.classes = make(map[string][ClassLevels]uint16, strings.Count(data, "\n")+1)
	}
	n := 0
	for line := range strings.Lines(data) {
		n++
		line = strings.TrimSuffix(line, "\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		w, rest, ok := strings.Cut(line, "\t")
		var fields [ClassLevels + 1]string
		k := 0
		for f := range strings.FieldsSeq(rest) {
			if k == len(fields) {
				break
			}
			fields[k] = f
			k++
		}
		if !ok || k == 0 || k > ClassLevels {
			return fmt.Errorf("tagger: word class line %d: want word<TAB>classes", n)
		}
		var cs [ClassLevels]uint16
		for j, f := range fields[:k] {
			c, err := strconv.ParseUint(f, 10, 15)
			if err != nil {
				return fmt.Errorf("tagger: word class line %d: %w", n, err)
			}
			cs[j] = uint16(c) + 1
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
		l.names = make(map[string]uint8, strings.Count(data, " "))
	}
	n := 0
	for line := range strings.Lines(data) {
		n++
		line = strings.TrimSuffix(line, "\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cls, rest, _ := strings.Cut(line, "\t")
		bit, ok := nameClasses[cls]
		if !ok {
			return fmt.Errorf("tagger: name list line %d: want TYPE<TAB>words", n)
		}
		for w := range strings.FieldsSeq(rest) {
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
	table *table
	lex   *Lexicon
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
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	words := sc.analyse(toks, m.lex)
	// Most features depend on the text alone: their sum is computed once
	// per token, so the second pass costs only the few features that
	// depend on tags.
	sc.static = zeroed(sc.static, len(words))
	static := sc.static
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

// The weight file is the table the tagger reads (see table.go), behind a
// 32-byte header, all little-endian:
//
//	magic "NERTAB1\n"; beam width (0: greedy); flags (1: two-pass);
//	slot count; feature count; CRC-32C of the slots; 4 zero bytes
//
// then the slots. Decode checks the sizes, the checksum and the probe runs,
// and reads the slots in place. Earlier files (magics NERW, NERL1-3) were
// varint lists, a quarter of the size, that took 40 ms to rebuild into a
// table at every start.
const (
	tableMagic  = "NERTAB1\n"
	headerSize  = 32
	flagTwoPass = 1
)

// maxWeightFile bounds the weight file Decode accepts.
const maxWeightFile = 64 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Encode writes the model as its weight file.
func (m *Model) Encode(w io.Writer) error {
	var h [headerSize]byte
	copy(h[:], tableMagic)
	le := binary.LittleEndian
	le.PutUint32(h[8:], uint32(m.beam))
	if m.twoPass {
		le.PutUint32(h[12:], flagTwoPass)
	}
	le.PutUint32(h[16:], uint32(len(m.table.slots)))
	le.PutUint32(h[20:], uint32(m.table.n))
	slots := m.table.bytes()
	le.PutUint32(h[24:], crc32.Checksum(slots, castagnoli))
	if _, err := w.Write(h[:]); err != nil {
		return fmt.Errorf("tagger: encode: %w", err)
	}
	if _, err := w.Write(slots); err != nil {
		return fmt.Errorf("tagger: encode: %w", err)
	}
	return nil
}

// Decode reads a model written by Encode; lex may be nil. The model reads
// its weights from data in place: data must not change afterwards.
func Decode(data []byte, lex *Lexicon) (*Model, error) {
	if len(data) > maxWeightFile {
		return nil, errors.New("tagger: decode: oversized weight file")
	}
	if len(data) < headerSize || string(data[:len(tableMagic)]) != tableMagic {
		return nil, errors.New("tagger: decode: not a weight file")
	}
	le := binary.LittleEndian
	width, flags := le.Uint32(data[8:]), le.Uint32(data[12:])
	if width == 1 || width > maxBeam || flags&^flagTwoPass != 0 || le.Uint32(data[28:]) != 0 {
		return nil, errors.New("tagger: decode: bad beam width or flags")
	}
	slots := data[headerSize:]
	if uint64(le.Uint32(data[16:]))*slotSize != uint64(len(slots)) {
		return nil, errors.New("tagger: decode: truncated weight file")
	}
	if crc32.Checksum(slots, castagnoli) != le.Uint32(data[24:]) {
		return nil, errors.New("tagger: decode: corrupt weight file (checksum)")
	}
	t, err := viewTable(slots)
	if err != nil {
		return nil, fmt.Errorf("tagger: decode: %w", err)
	}
	if t.n != int(le.Uint32(data[20:])) {
		return nil, errors.New("tagger: decode: bad feature count")
	}
	return &Model{table: t, lex: lex, twoPass: flags&flagTwoPass != 0, beam: int(width)}, nil
}

// Features is the number of weighted features, for reports.
func (m *Model) Features() int { return m.table.n }
