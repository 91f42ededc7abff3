package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// QuoteDoc is one PolNeAR article with its gold quotes.
type QuoteDoc struct {
	Name string
	Text string
	Gold []GoldQuote
}

// GoldQuote is an attribution whose Content holds a quote mark. Spans are
// byte offsets into QuoteDoc.Text (PolNeAR's are code points; discontinuous
// content has several spans).
type GoldQuote struct {
	Spans  [][2]int
	Source string // the annotated source phrase, "" when there is none
}

// FoundQuote is one extracted quote as the metric sees it: its content span
// in bytes and its speaker.
type FoundQuote struct {
	Start, End int
	Speaker    string
}

// LoadPolNeAR reads one PolNeAR split directory (text/, attributions/).
// Where a document has several annotator files the first in sorted order is
// used, as evaldata/README.md prescribes.
func LoadPolNeAR(dir string) ([]QuoteDoc, error) {
	texts, err := filepath.Glob(filepath.Join(dir, "text", "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("eval: polnear: %w", err)
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("eval: polnear: no texts in %s", dir)
	}
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return nil, fmt.Errorf("eval: polnear: %w", err)
	}
	sort.Strings(anns)
	annFor := make(map[string]string)
	for _, a := range anns {
		base := strings.TrimSuffix(filepath.Base(a), ".ann")
		if i := strings.LastIndexByte(base, '_'); i > 0 {
			if _, seen := annFor[base[:i]]; !seen {
				annFor[base[:i]] = a
			}
		}
	}
	sort.Strings(texts)
	docs := make([]QuoteDoc, 0, len(texts))
	for _, t := range texts {
		name := strings.TrimSuffix(filepath.Base(t), ".txt")
		ann, ok := annFor[name]
		if !ok {
			continue
		}
		tb, err := os.ReadFile(t)
		if err != nil {
			return nil, fmt.Errorf("eval: polnear: %w", err)
		}
		ab, err := os.ReadFile(ann)
		if err != nil {
			return nil, fmt.Errorf("eval: polnear: %w", err)
		}
		gold, err := ParseQuoteAnn(string(tb), string(ab))
		if err != nil {
			return nil, fmt.Errorf("eval: polnear: %s: %w", filepath.Base(ann), err)
		}
		docs = append(docs, QuoteDoc{Name: name, Text: string(tb), Gold: gold})
	}
	return docs, nil
}

// ParseQuoteAnn reads BRAT standoff: T lines (id, type, "s e[;s e]", text)
// and E lines tying Source, Cue and Content. It returns the attributions
// whose Content contains a straight or curly double quote mark.
func ParseQuoteAnn(text, ann string) ([]GoldQuote, error) {
	byteAt := codePointOffsets(text)
	spans := make(map[string][][2]int)
	var events []map[string]string
	for _, line := range strings.Split(ann, "\n") {
		fields := strings.SplitN(line, "\t", 3)
		if len(fields) < 2 || len(fields[0]) < 2 {
			continue // continuation of a multi-line span text, or a note
		}
		switch fields[0][0] {
		case 'T':
			sp := strings.Fields(fields[1])
			if len(sp) < 3 {
				continue
			}
			var ss [][2]int
			for _, part := range strings.Split(strings.Join(sp[1:], " "), ";") {
				se := strings.Fields(part)
				if len(se) != 2 {
					return nil, fmt.Errorf("bad span %q", fields[1])
				}
				s, err1 := strconv.Atoi(se[0])
				e, err2 := strconv.Atoi(se[1])
				if err1 != nil || err2 != nil || s < 0 || e < s || e >= len(byteAt) {
					return nil, fmt.Errorf("bad span %q", fields[1])
				}
				ss = append(ss, [2]int{byteAt[s], byteAt[e]})
			}
			sort.Slice(ss, func(i, j int) bool { return ss[i][0] < ss[j][0] })
			spans[fields[0]] = ss
		case 'E':
			ev := make(map[string]string)
			for _, part := range strings.Fields(fields[1]) {
				if k, v, ok := strings.Cut(part, ":"); ok {
					ev[k] = v
				}
			}
			events = append(events, ev)
		}
	}
	var gold []GoldQuote
	for _, ev := range events {
		content, ok := spans[ev["Content"]]
		if !ok || !hasQuoteMark(text, content) {
			continue
		}
		var src []string
		for _, sp := range spans[ev["Source"]] {
			src = append(src, text[sp[0]:sp[1]])
		}
		gold = append(gold, GoldQuote{Spans: content, Source: strings.Join(src, " ")})
	}
	sort.SliceStable(gold, func(i, j int) bool { return gold[i].Spans[0][0] < gold[j].Spans[0][0] })
	return gold, nil
}

// codePointOffsets maps code point index i to its byte offset (len(text) at
// index RuneCount).
func codePointOffsets(text string) []int {
	offs := make([]int, 0, len(text)+1)
	for i := range text {
		offs = append(offs, i)
	}
	return append(offs, len(text))
}

func hasQuoteMark(text string, spans [][2]int) bool {
	for _, sp := range spans {
		if strings.ContainsAny(text[sp[0]:sp[1]], "\"“”") {
			return true
		}
	}
	return false
}

// OverlapMode says what the overlapping characters of a gold and a found
// quote are divided by before comparing with the 50% threshold.
type OverlapMode int

const (
	// OverlapGold divides by the gold quote's length: a found quote matches
	// when it covers half of the gold one. This is the GenderGapTracker's
	// definition (evaluate_quotes.py: intersection / reference length), the
	// anchor the README cites, and the figure the project reports; the
	// one-to-one pairing keeps an over-long found span from matching more
	// than one gold quote.
	OverlapGold OverlapMode = iota
	// OverlapLonger divides by the longer of the two, so each must cover at
	// least half of the other.
	OverlapLonger
	// OverlapUnion divides by the union (Jaccard), the strictest.
	OverlapUnion
	// OverlapShorter divides by the shorter of the two, the most lenient.
	OverlapShorter
)

func (m OverlapMode) String() string {
	return [...]string{"overlap/gold", "overlap/longer", "overlap/union", "overlap/shorter"}[m]
}

// QuoteCounts accumulates the quote metric over documents.
type QuoteCounts struct {
	Gold, Found, Matched int
	// SpeakerGold counts matched quotes whose gold source is a name;
	// SpeakerRight those whose found speaker has the same last name token.
	SpeakerGold, SpeakerRight int
}

// Add scores one document: gold and found quotes are paired one to one
// when their character overlap reaches half under mode. Gold must be in text
// order (as ParseQuoteAnn's callers sort it).
func (c *QuoteCounts) Add(text string, gold []GoldQuote, found []FoundQuote, mode OverlapMode) {
	c.Gold += len(gold)
	c.Found += len(found)
	// Pair as the GenderGapTracker's evaluate_quotes.py does: each gold
	// quote, in text order, takes the best-overlapping found quote still
	// free.
	usedF := make([]bool, len(found))
	for _, g := range gold {
		glen := 0
		for _, sp := range g.Spans {
			glen += sp[1] - sp[0]
		}
		best, bestR := -1, 0.0
		for fi, f := range found {
			if usedF[fi] {
				continue
			}
			ov := 0
			for _, sp := range g.Spans {
				ov += max(0, min(sp[1], f.End)-max(sp[0], f.Start))
			}
			if ov == 0 {
				continue
			}
			flen := f.End - f.Start
			var den int
			switch mode {
			case OverlapLonger:
				den = max(glen, flen)
			case OverlapUnion:
				den = glen + flen - ov
			case OverlapShorter:
				den = min(glen, flen)
			default:
				den = glen
			}
			if r := float64(ov) / float64(den); den > 0 && r >= 0.5 && r > bestR {
				best, bestR = fi, r
			}
		}
		if best < 0 {
			continue
		}
		usedF[best] = true
		c.Matched++
		if name := SourceName(g.Source); name != "" {
			c.SpeakerGold++
			if strings.EqualFold(name, LastNameToken(found[best].Speaker)) {
				c.SpeakerRight++
			}
		}
	}
}

// Precision, Recall and F1 of quote detection.
func (c QuoteCounts) Precision() float64 { return fraction(c.Matched, c.Found) }
func (c QuoteCounts) Recall() float64    { return fraction(c.Matched, c.Gold) }
func (c QuoteCounts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// SpeakerAccuracy is the share of matched quotes with a named gold source
// whose found speaker has the same last name token.
func (c QuoteCounts) SpeakerAccuracy() float64 { return fraction(c.SpeakerRight, c.SpeakerGold) }

func fraction(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

var sourcePronouns = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "i": true, "we": true, "you": true,
	"who": true, "his": true, "her": true, "their": true, "its": true, "him": true, "them": true,
}

// SourceName returns the last name token of a gold source phrase when the
// phrase is a name, or "" when it is a pronoun or a description ("the
// senator", "the New York businessman"). The head of the phrase is what
// precedes its first comma, parenthesis or relative clause ("Nadia Brill, who
// served …" is Brill); it is a name when its last word is capitalised.
func SourceName(src string) string {
	head := src
	if i := strings.IndexAny(head, ",("); i >= 0 {
		head = head[:i]
	}
	for _, rel := range []string{" who ", " which ", " whose "} {
		if i := strings.Index(head, rel); i >= 0 {
			head = head[:i]
		}
	}
	head = strings.TrimSpace(head)
	words := strings.Fields(head)
	if len(words) == 0 {
		return ""
	}
	switch strings.ToLower(words[0]) {
	case "a", "an", "another", "one", "some", "many", "several":
		return "" // "a spokesman", "another Muslim": indefinite descriptions
	case "the":
		if len(words) == 2 || definiteDescription(words[1:]) {
			return "" // "the Republican", "the senator from Vermont"
		}
	}
	// "the authors of the Project", "Phil Musser of IMGE": the head noun
	// before "of" decides; a one-word office ("Secretary of State John
	// Kerry") does not, and neither does an office with words before it
	// when a name follows its complement ("Former Secretary of State
	// Madeleine Albright", "RNC Chief of Staff Katie Walsh"): the phrase
	// names the person at its end.
	if before, after, ok := strings.Cut(head, " of "); ok {
		if w := LastNameToken(before); w != "" {
			if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
				return ""
			}
			if len(strings.Fields(before)) >= 2 && !officeWithName(w, after) {
				head = before
			}
		}
	}
	last := LastNameToken(head)
	if last == "" || sourcePronouns[strings.ToLower(last)] {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(last); !unicode.IsUpper(r) {
		return ""
	}
	return last
}

// definiteDescription reports whether the words after "the" describe
// someone rather than name them: the head noun, the last word before a
// preposition or a participle, is a common noun ("the senator from
// Vermont", "the former top aide to President George W. Bush", "the order
// released Friday") or a party member ("the Wisconsin Republican"). Names
// keep a capitalised head ("the New York Times", "the Council on
// American-Islamic Relations National Executive Director Nihad Awad").
func definiteDescription(words []string) bool {
	head := words[len(words)-1]
	for i, w := range words {
		if i > 0 && (phraseBreaks[w] || strings.HasSuffix(w, "ed") && isLowerWord(w)) {
			head = words[i-1]
			break
		}
	}
	head = LastNameToken(head)
	if r, _ := utf8.DecodeRuneInString(head); !unicode.IsUpper(r) {
		return true
	}
	return partyMembers[strings.ToLower(head)]
}

// phraseBreaks end a noun phrase's head: prepositions, and "known" in
// "the base chief known as Bob".
var phraseBreaks = map[string]bool{
	"from": true, "to": true, "in": true, "at": true, "by": true, "with": true, "on": true, "for": true,
	"of": true, "known": true,
}

var partyMembers = map[string]bool{
	"republican": true, "republicans": true, "democrat": true, "democrats": true, "independent": true,
	"conservative": true, "conservatives": true, "liberal": true, "liberals": true,
}

func isLowerWord(w string) bool { return strings.ToLower(w) == w && w != strings.ToUpper(w) }

// offices are the heads of "<office> of <department> <Name>" titles.
var offices = map[string]bool{
	"secretary": true, "minister": true, "director": true, "chief": true, "chairman": true,
	"chairwoman": true, "chair": true, "ambassador": true, "president": true, "governor": true,
	"commissioner": true, "head": true, "leader": true, "speaker": true, "attorney": true,
	"deputy": true, "undersecretary": true, "administrator": true, "editor": true, "mayor": true,
}

// officeWithName reports whether office is an office's title word and the
// words after its "of" hold the office's complement and then a name:
// "State Madeleine Albright", "Staff Katie Walsh", "Government Affairs Phil
// Smith". A complement alone ("the United States", "State") names nobody,
// so at least three capitalised words must follow, the last a name.
func officeWithName(office, after string) bool {
	if !offices[strings.ToLower(office)] {
		return false
	}
	words := strings.Fields(after)
	if len(words) > 0 && strings.EqualFold(words[0], "the") {
		words = words[1:]
	}
	if len(words) < 3 {
		return false
	}
	for _, w := range words[len(words)-2:] {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// LastNameToken is the last word of a name without possessive or
// punctuation: "Mr. Barrett" → "Barrett", "Trump’s" → "Trump". A
// generational suffix is no name token: "Charles Elliott III" → "Elliott".
func LastNameToken(name string) string {
	f := strings.Fields(name)
	for len(f) > 1 && generational[strings.ToLower(strings.Trim(f[len(f)-1], ".,"))] {
		f = f[:len(f)-1]
	}
	if len(f) == 0 {
		return ""
	}
	w := f[len(f)-1]
	for _, suf := range []string{"’s", "'s", "’", "'"} {
		w = strings.TrimSuffix(w, suf)
	}
	return strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// generational are the suffixes that follow a surname ("Jr.", "III").
var generational = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true}

// QuoteReport prints P/R/F1 and speaker accuracy with the counts behind them.
func (c QuoteCounts) String() string {
	return fmt.Sprintf("P %.3f  R %.3f  F1 %.3f  speaker %.3f  (gold %d, found %d, matched %d; named sources %d, right %d)",
		c.Precision(), c.Recall(), c.F1(), c.SpeakerAccuracy(), c.Gold, c.Found, c.Matched, c.SpeakerGold, c.SpeakerRight)
}
