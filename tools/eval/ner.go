package eval

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// NERDoc is one CoNLL-2003 document: its tokens and their IOB tags, with the
// sentence boundaries the file marks (each entry is the index of a sentence's
// first token).
type NERDoc struct {
	Tokens    []string
	Tags      []string
	Sentences []int
}

// ReadCoNLL parses the CoNLL-2003 column format (token POS chunk NER, blank
// line between sentences, -DOCSTART- between documents). Only the first and
// last columns are kept.
func ReadCoNLL(r io.Reader) ([]NERDoc, error) {
	var docs []NERDoc
	var cur NERDoc
	newSentence := true
	flush := func() {
		if len(cur.Tokens) > 0 {
			docs = append(docs, cur)
		}
		cur = NERDoc{}
		newSentence = true
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 0:
			newSentence = true
		case fields[0] == "-DOCSTART-":
			flush()
		case len(fields) < 2:
			return nil, fmt.Errorf("eval: conll line %d: want token and tag, got %q", line, sc.Text())
		default:
			if newSentence {
				cur.Sentences = append(cur.Sentences, len(cur.Tokens))
				newSentence = false
			}
			cur.Tokens = append(cur.Tokens, fields[0])
			cur.Tags = append(cur.Tags, fields[len(fields)-1])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: read conll: %w", err)
	}
	flush()
	return docs, nil
}

// ReadCoNLLFile is ReadCoNLL on a file.
func ReadCoNLLFile(path string) ([]NERDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	return ReadCoNLL(f)
}

// Text joins the document's tokens with single spaces, as the evaluation
// protocol prescribes, and returns each token's byte span in that text.
func (d NERDoc) Text() (string, [][2]int) {
	var b strings.Builder
	spans := make([][2]int, len(d.Tokens))
	for i, tok := range d.Tokens {
		if i > 0 {
			b.WriteByte(' ')
		}
		spans[i][0] = b.Len()
		b.WriteString(tok)
		spans[i][1] = b.Len()
	}
	return b.String(), spans
}

// Chunk is an entity over tokens [Start, End) with its type (PER, ORG, ...).
type Chunk struct {
	Start, End int
	Type       string
}

// Chunks reads entities out of IOB tags the way conlleval does: a chunk starts
// at B-X, at I-X after a tag of another type or after O, and ends where the
// next tag does not continue it. So both IOB1 and IOB2 files read correctly.
func Chunks(tags []string) []Chunk {
	var out []Chunk
	open := -1
	openType := ""
	closeAt := func(i int) {
		if open >= 0 {
			out = append(out, Chunk{Start: open, End: i, Type: openType})
		}
		open, openType = -1, ""
	}
	for i, tag := range tags {
		prefix, typ := splitTag(tag)
		switch {
		case prefix == "O":
			closeAt(i)
		case prefix == "B" || typ != openType:
			closeAt(i)
			open, openType = i, typ
		}
	}
	closeAt(len(tags))
	return out
}

func splitTag(tag string) (prefix, typ string) {
	if tag == "" || tag == "O" {
		return "O", ""
	}
	if p, t, ok := strings.Cut(tag, "-"); ok {
		return p, t
	}
	return "I", tag
}

// NERCount holds one entity type's true positives, predicted total and gold
// total.
type NERCount struct {
	Correct, Predicted, Gold int
}

// Precision is Correct/Predicted, 0 when nothing was predicted.
func (c NERCount) Precision() float64 { return ratio(c.Correct, c.Predicted) }

// Recall is Correct/Gold, 0 when there is no gold entity.
func (c NERCount) Recall() float64 { return ratio(c.Correct, c.Gold) }

// F1 is the harmonic mean of precision and recall, 0 when both are.
func (c NERCount) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// NERScore accumulates exact-span, type-matched counts per entity type over
// the types it was made with; chunks of other types (MISC) are left out of
// both sides.
type NERScore struct {
	Types  []string
	ByType map[string]*NERCount
}

// NewNERScore counts only the given types.
func NewNERScore(types ...string) *NERScore {
	s := &NERScore{Types: types, ByType: map[string]*NERCount{}}
	for _, t := range types {
		s.ByType[t] = &NERCount{}
	}
	return s
}

// Add scores one document's predicted chunks against its gold chunks.
func (s *NERScore) Add(gold, pred []Chunk) {
	goldSet := map[Chunk]bool{}
	for _, c := range gold {
		if n, ok := s.ByType[c.Type]; ok {
			n.Gold++
			goldSet[c] = true
		}
	}
	seen := map[Chunk]bool{}
	for _, c := range pred {
		n, ok := s.ByType[c.Type]
		if !ok {
			continue
		}
		n.Predicted++
		if goldSet[c] && !seen[c] {
			n.Correct++
			seen[c] = true
		}
	}
}

// Micro sums the counts of every type.
func (s *NERScore) Micro() NERCount {
	var m NERCount
	for _, n := range s.ByType {
		m.Correct += n.Correct
		m.Predicted += n.Predicted
		m.Gold += n.Gold
	}
	return m
}

// TokenChunks maps entities given as byte spans into a document's text onto
// its tokens. A span that does not start at a token's first byte and end at a
// token's last byte keeps a token range that matches no gold chunk, so it
// still counts as a prediction (a false positive), never silently vanishes.
func TokenChunks(tokenSpans [][2]int, spans [][2]int, types []string) []Chunk {
	starts := make(map[int]int, len(tokenSpans))
	ends := make(map[int]int, len(tokenSpans))
	for i, sp := range tokenSpans {
		starts[sp[0]] = i
		ends[sp[1]] = i + 1
	}
	out := make([]Chunk, 0, len(spans))
	misaligned := 0
	for i, sp := range spans {
		s, okS := starts[sp[0]]
		e, okE := ends[sp[1]]
		if !okS || !okE || e <= s {
			// Negative token indexes never occur in gold, so this can only
			// be counted as wrong; distinct values keep the chunks distinct.
			misaligned++
			out = append(out, Chunk{Start: -misaligned, End: -misaligned, Type: types[i]})
			continue
		}
		out = append(out, Chunk{Start: s, End: e, Type: types[i]})
	}
	return out
}

// NERReport renders per-type and micro figures as a small table.
func (s *NERScore) NERReport(w io.Writer) {
	types := append([]string(nil), s.Types...)
	sort.Strings(types)
	fmt.Fprintf(w, "%-6s %7s %7s %7s %7s %7s %7s\n", "type", "P", "R", "F1", "correct", "pred", "gold")
	row := func(name string, c NERCount) {
		fmt.Fprintf(w, "%-6s %7.4f %7.4f %7.4f %7d %7d %7d\n", name, c.Precision(), c.Recall(), c.F1(), c.Correct, c.Predicted, c.Gold)
	}
	for _, t := range types {
		row(t, *s.ByType[t])
	}
	row("micro", s.Micro())
}

// Recognizer finds entities in raw text: byte spans and their CoNLL types
// (PER, ORG, LOC; other types are ignored by the score).
type Recognizer func(text string) (spans [][2]int, types []string)

// EvalNER runs recognize on each document's space-joined text, maps its spans
// back onto the tokens and scores PER, ORG and LOC as conlleval does with
// MISC left out of both sides.
func EvalNER(docs []NERDoc, recognize Recognizer) *NERScore {
	score := NewNERScore("PER", "ORG", "LOC")
	for _, d := range docs {
		text, tokenSpans := d.Text()
		spans, types := recognize(text)
		score.Add(Chunks(d.Tags), TokenChunks(tokenSpans, spans, types))
	}
	return score
}
