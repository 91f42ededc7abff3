// Package sentence splits article text into sentences with byte offsets, so
// that summaries and quotes can point back into the original text verbatim.
//
// The splitter is rule based and runs in one linear pass. It knows the
// punctuation habits of English news copy: titles and abbreviations (Dr.,
// U.S., Inc., Jan.), initials (Henry W. Abbott), decimals and times ($1.2bn,
// 10 a.m.), ellipses, closing quotes and brackets after the full stop,
// paragraph breaks (blank lines) and list bullets. It never panics, whatever
// the bytes: invalid UTF-8 is treated as ordinary non-space text.
package sentence

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of a text. Text == text[Start:End] and carries no
// surrounding white space.
type Sentence struct {
	Text       string
	Start, End int
}

// Split returns the sentences of text in order. Empty or all-space text
// yields nil.
func Split(text string) []Sentence {
	var out []Sentence
	start := 0
	emit := func(end int) {
		if s, ok := trimmed(text, start, end); ok {
			out = append(out, s)
		}
	}
	i := 0
	for i < len(text) {
		if !interesting[text[i]] {
			i++
			continue
		}
		c := text[i]
		switch {
		case c == '\n':
			// A blank line ends a paragraph; a line starting with a bullet
			// starts a new item. Other single newlines are wrapping.
			j := skipHorizontalSpace(text, i+1)
			if j < len(text) && (text[j] == '\n' || text[j] == '\r') {
				emit(i)
				start = j
				i = j
				continue
			}
			if n := bulletLen(text, j); n > 0 {
				emit(i)
				start = j
				if symbolBullet(text, j) {
					start = j + n // the bullet mark is layout, not text
				}
				i = j + n
				continue
			}
			i++
		case c == '.' || c == '!' || c == '?' || (c == 0xE2 && strings.HasPrefix(text[i:], ellipsis)):
			end, ok := boundaryAfter(text, start, i)
			if ok {
				emit(end)
				start = end
				i = end
				continue
			}
			if end > i {
				i = end
			} else {
				i++
			}
		case c >= 0xE3 && cjkStopAt(text, i) > 0:
			if end, ok := cjkBoundaryAfter(text, i); ok {
				emit(end)
				start = end
				i = end
			} else {
				i = end
			}
		default:
			i++
		}
	}
	emit(len(text))
	return out
}

const ellipsis = "…"

// interesting marks the bytes the scan must stop at: newlines, terminators
// and the lead bytes of "…" and of the full-width "。", "！", "？".
var interesting = [256]bool{'\n': true, '.': true, '!': true, '?': true, 0xE2: true, 0xE3: true, 0xEF: true}

// trimmed returns text[start:end] without surrounding space, or false when
// nothing is left.
func trimmed(text string, start, end int) (Sentence, bool) {
	for start < end {
		r, n := utf8.DecodeRuneInString(text[start:end])
		if !isSpace(r) {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(text[start:end])
		if !isSpace(r) {
			break
		}
		end -= n
	}
	if start >= end {
		return Sentence{}, false
	}
	return Sentence{Text: text[start:end], Start: start, End: end}, true
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

// boundaryAfter decides whether the terminator at text[i] ends a sentence.
// It returns the end of the sentence (after any run of terminators and
// closing quotes or brackets) and whether it is a boundary. When it is not,
// end still points past the terminator run so the caller does not rescan it.
func boundaryAfter(text string, sentStart, i int) (int, bool) {
	first := text[i]
	j := i
	sawEllipsis := false
	// The run of terminators: "?!", "...", "….", ".'" etc.
	for j < len(text) {
		switch {
		case text[j] == '.' || text[j] == '!' || text[j] == '?':
			if text[j] == '.' && j+1 < len(text) && text[j+1] == '.' {
				sawEllipsis = true
			}
			j++
			continue
		case strings.HasPrefix(text[j:], ellipsis):
			sawEllipsis = true
			j += len(ellipsis)
			continue
		}
		break
	}
	runEnd := j
	// Closing quotes and brackets belong to the sentence they close.
	for j < len(text) {
		r, n := utf8.DecodeRuneInString(text[j:])
		if isClosingMark(r) {
			j += n
			continue
		}
		if r == '"' || r == '\'' {
			// A straight quote closes only when no word follows directly.
			nr, _ := utf8.DecodeRuneInString(text[j+n:])
			if j+n >= len(text) || !(unicode.IsLetter(nr) || unicode.IsDigit(nr)) {
				j += n
				continue
			}
		}
		break
	}
	end := j
	if end >= len(text) {
		return end, true
	}
	r, _ := utf8.DecodeRuneInString(text[end:])
	if !isSpace(r) {
		// "3.5", "cnn.com", "U.S.-led", "Yahoo!'s": not a boundary.
		return runEnd, false
	}
	next := skipSpace(text, end)
	if next >= len(text) {
		return end, true
	}
	nextWord := wordAt(text, next)
	nr, _ := utf8.DecodeRuneInString(text[next:])
	if unicode.IsLower(nr) {
		// "... he said", "e.g. the", "U.S. officials", "?" he asked.
		return runEnd, false
	}
	if sawEllipsis {
		// An ellipsis ends a sentence only before a capital or a quote.
		return end, unicode.IsUpper(nr) || isOpeningMark(nr)
	}
	if first != '.' || runEnd-i > 1 {
		return end, true
	}
	// A single full stop: look at the word it ends.
	prev := wordBefore(text, sentStart, i)
	switch kind := abbreviationKind(prev); kind {
	case neverFinal:
		return runEnd, false
	case maybeFinal:
		return end, startsSentence(nextWord)
	}
	if isNumberedBullet(text, sentStart, i, prev) {
		return runEnd, false
	}
	return end, true
}

func skipSpace(text string, i int) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isSpace(r) {
			break
		}
		i += n
	}
	return i
}

func skipHorizontalSpace(text string, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r') {
		i++
	}
	return i
}

// wordBefore returns the non-space token ending at text[i] (exclusive),
// looking back no further than the sentence start and a few dozen bytes so
// the pass stays linear. Leading opening quotes and brackets are dropped.
func wordBefore(text string, sentStart, i int) string {
	j := i
	limit := max(sentStart, i-32)
	for j > limit {
		r, n := utf8.DecodeLastRuneInString(text[:j])
		if isSpace(r) {
			break
		}
		j -= n
	}
	w := text[j:i]
	return strings.TrimLeft(w, "\"'([{‘“«")
}

// wordAt returns the letters starting at text[i], after any opening quote or
// bracket.
func wordAt(text string, i int) string {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isOpeningMark(r) && r != '"' && r != '\'' {
			break
		}
		i += n
	}
	j := i
	for j < len(text) && j-i < 24 {
		r, n := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsLetter(r) {
			break
		}
		j += n
	}
	return text[i:j]
}

func isClosingMark(r rune) bool {
	switch r {
	case ')', ']', '}', '”', '’', '»', '›':
		return true
	}
	return false
}

func isOpeningMark(r rune) bool {
	switch r {
	case '(', '[', '{', '“', '‘', '«', '‹', '"', '\'':
		return true
	}
	return false
}

// bulletLen returns the length of a list bullet (mark plus one space) at
// text[i], or 0.
func bulletLen(text string, i int) int {
	if i >= len(text) {
		return 0
	}
	r, n := utf8.DecodeRuneInString(text[i:])
	switch r {
	case '-', '*', '•', '·', '–', '—', '▪', '►', '◦', '‣', '+':
		if i+n < len(text) && text[i+n] == ' ' {
			return n + 1
		}
		return 0
	}
	j := i
	for j < len(text) && j-i < 3 && text[j] >= '0' && text[j] <= '9' {
		j++
	}
	if j == i || j+1 >= len(text) || (text[j] != '.' && text[j] != ')') || text[j+1] != ' ' {
		return 0
	}
	return j + 2 - i
}

func symbolBullet(text string, i int) bool {
	return i < len(text) && (text[i] < '0' || text[i] > '9')
}

// isNumberedBullet reports whether the full stop at text[i] closes the "12"
// of a numbered item ("12. Buy milk") that opens the sentence.
func isNumberedBullet(text string, sentStart, i int, prev string) bool {
	if prev == "" || len(prev) > 3 || strings.Trim(prev, "0123456789") != "" {
		return false
	}
	return strings.TrimSpace(text[sentStart:i]) == prev
}

type abbrevKind int

const (
	notAbbreviation abbrevKind = iota
	// neverFinal abbreviations precede a name or a number and do not end
	// sentences in news copy: "Dr.", "Gen.", "vs.", "e.g.".
	neverFinal
	// maybeFinal abbreviations may end a sentence ("flew back to the U.S. He
	// said"); they do when the next word is a common sentence opener.
	maybeFinal
)

// titles precede a name and never end a sentence in news copy. They count
// only when capitalised ("Dr.", "DR."), so "a sales rep." still ends one.
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "mx": true, "dr": true, "prof": true,
	"gen": true, "sen": true, "rep": true, "gov": true, "lt": true, "col": true,
	"capt": true, "cpt": true, "sgt": true, "maj": true, "cmdr": true, "adm": true,
	"rev": true, "hon": true, "pres": true, "supt": true, "det": true, "insp": true,
	"cpl": true, "pvt": true, "fr": true, "messrs": true, "mme": true, "mlle": true,
	"rt": true,
}

// midSentence abbreviations are written in lower case and are followed by
// more of the same sentence.
var midSentence = map[string]bool{
	"e.g": true, "i.e": true, "vs": true, "v": true, "cf": true, "viz": true,
	"n.b": true, "approx": true,
}

// abbreviations may end a sentence ("flew back to the U.S. He said"): they do
// when the next word is a common sentence opener. Month, day and company
// abbreviations count only when capitalised, so "the sun." stays a word.
var abbreviations = map[string]bool{
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true,
	"thurs": true, "fri": true, "sat": true, "sun": true,
	"inc": true, "corp": true, "ltd": true, "co": true, "plc": true, "llc": true,
	"bros": true, "jr": true, "sr": true, "st": true, "no": true, "nos": true,
	"est": true, "rd": true, "govt": true, "dept": true, "univ": true, "ft": true,
	"mt": true, "ave": true, "blvd": true, "fig": true, "vol": true, "pp": true,
	"assn": true, "intl": true,
}

// lowerAbbreviations may end a sentence and are written in lower case.
var lowerAbbreviations = map[string]bool{"etc": true, "al": true, "ca": true}

// abbreviationKind classifies the token before a full stop (without the final
// stop itself; inner stops as in "U.S" or "e.g" are kept).
func abbreviationKind(w string) abbrevKind {
	if w == "" {
		return notAbbreviation
	}
	lw := strings.ToLower(w)
	if midSentence[lw] {
		return neverFinal
	}
	if lowerAbbreviations[lw] {
		return maybeFinal
	}
	first, n := utf8.DecodeRuneInString(w)
	capitalised := unicode.IsUpper(first)
	if capitalised && titles[lw] {
		return neverFinal
	}
	if capitalised && abbreviations[lw] {
		return maybeFinal
	}
	// A single capital letter is an initial: "J. K. Varga", "Henry W. Abbott".
	if capitalised && n == len(w) {
		return maybeFinal
	}
	// Letter-dot runs: "U.S", "U.K", "a.m", "p.m", "Ph.D".
	if dotted(w) {
		return maybeFinal
	}
	return notAbbreviation
}

// dotted reports whether w looks like "U.S" or "a.m": letters (one or two)
// separated by single dots.
func dotted(w string) bool {
	if !strings.Contains(w, ".") {
		return false
	}
	for part := range strings.SplitSeq(w, ".") {
		if part == "" || len(part) > 2 {
			return false
		}
		for _, r := range part {
			if !unicode.IsLetter(r) {
				return false
			}
		}
	}
	return true
}

// sentenceOpeners are words that, capitalised after an ambiguous
// abbreviation, almost always start a new sentence.
var sentenceOpeners = map[string]bool{
	"The": true, "A": true, "An": true, "He": true, "She": true, "It": true,
	"They": true, "We": true, "I": true, "You": true, "But": true, "And": true,
	"In": true, "On": true, "At": true, "This": true, "That": true, "These": true,
	"Those": true, "There": true, "His": true, "Her": true, "Its": true,
	"Their": true, "Our": true, "My": true, "So": true, "As": true, "If": true,
	"When": true, "While": true, "After": true, "Before": true, "However": true,
	"Meanwhile": true, "Now": true, "Then": true, "Yet": true, "Some": true,
	"Many": true, "Most": true, "For": true, "Officials": true, "Police": true,
	"What": true, "Why": true, "How": true, "Who": true, "Where": true, "Last": true,
	"Since": true, "Although": true, "Despite": true, "According": true, "Also": true,
	"Both": true, "Each": true, "Every": true, "No": true, "Not": true, "One": true,
	"Only": true, "Other": true, "Such": true, "Under": true, "With": true, "From": true,
	"By": true, "To": true, "Today": true, "Yesterday": true, "Earlier": true, "Later": true,
}

func startsSentence(word string) bool {
	return sentenceOpeners[word]
}
