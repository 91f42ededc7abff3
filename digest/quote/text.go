package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is a word or a single punctuation rune, as byte offsets.
type token struct {
	start, end int
	word       bool
}

// tokenize splits text[start:end] into words and punctuation. A word keeps
// inner apostrophes, hyphens and full stops (O’Neill, U.S.) and the final
// full stop of an abbreviation or initial (Mr., J.).
func tokenize(text string, start, end int, out []token) []token {
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		if !isWordRune(r) {
			out = append(out, token{start: i, end: i + size})
			i += size
			continue
		}
		j := i + size
		prev2, prev := rune(0), r
		for j < end {
			r2, s2 := utf8.DecodeRuneInString(text[j:end])
			if isWordRune(r2) || mojibakeTail(prev2, prev, r2) {
				j, prev2, prev = j+s2, prev, r2
				continue
			}
			if r2 == '\'' || r2 == '’' || r2 == '-' || r2 == '.' || r2 == '&' {
				if r3, _ := utf8.DecodeRuneInString(text[j+s2 : end]); j+s2 < end && isWordRune(r3) {
					j += s2
					continue
				}
			}
			break
		}
		if j < end && text[j] == '.' && keepsStop(text[i:j]) {
			j++
		}
		out = append(out, token{start: i, end: j, word: true})
		i = j
	}
	return out
}

// isWordRune: letters, digits and combining marks, which decomposed text
// ("A" + U+0303 for "Ã") puts inside words.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r >= 0x300 && unicode.Is(unicode.M, r)
}

// mojibakeTail reports whether r is the second half of a letter whose UTF-8
// bytes were read as Latin-1: "ñ" shows as "Ã±" (or, decomposed, "A",
// U+0303, "±"), and "±" is no letter, yet "PeÃ±a" is one word.
func mojibakeTail(prev2, prev, r rune) bool {
	if r < 0x80 || r > 0xBF {
		return false
	}
	return prev >= 0xC2 && prev <= 0xC5 || prev2 == 'A' && prev >= 0x300 && prev <= 0x30A
}

// keepsStop reports whether a full stop after w belongs to it.
func keepsStop(w string) bool {
	if n := utf8.RuneCountInString(w); n == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(w)] || strings.Count(w, ".") >= 1 && utf8.RuneCountInString(w) <= 3 || partyState(w)
}

// partyState reports a party-and-state tag without its final stop:
// "R-Ky", "D-N.Y", "I-Vt".
func partyState(w string) bool {
	return len(w) >= 3 && len(w) <= 8 && (w[0] == 'R' || w[0] == 'D' || w[0] == 'I') && w[1] == '-' && w[2] >= 'A' && w[2] <= 'Z'
}

func isCap(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func lower(w string) string { return strings.ToLower(w) }

// stripPossessive turns "Kovac’s" into "Kovac".
func stripPossessive(w string) string {
	for _, suf := range []string{"’s", "'s"} {
		if strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// sentenceStart returns the start of the sentence holding pos: after the
// last line break or sentence-final stop before it.
func sentenceStart(text string, pos, floor int) int {
	for i := pos - 1; i > floor; i-- {
		c := text[i]
		if c == '\n' {
			return skipSpace(text, i+1, pos)
		}
		sp := i // the space, or the first byte of a no-break space
		if c == 0xA0 && i > 0 && text[i-1] == 0xC2 {
			sp = i - 1
		} else if c != ' ' || i == 0 {
			continue
		}
		// A space: does a sentence end just before it?
		j := sp - 1
		for j > floor && isCloser(text, j) {
			j = prevRuneStart(text, j)
		}
		if j >= 0 && (text[j] == '.' || text[j] == '!' || text[j] == '?') && !abbrevBefore(text, j) {
			return skipSpace(text, i+1, pos)
		}
	}
	return skipSpace(text, max(floor, 0), pos)
}

// sentenceEnd returns the end of the sentence holding pos (just after its
// final punctuation and closing marks), or the end of the line.
func sentenceEnd(text string, pos, ceil int) int {
	end, _ := sentenceEndFrom(text, pos, pos, ceil)
	return end
}

// sentenceEndFrom is sentenceEnd for a scan that may start at from, later
// than pos, when text[pos:from) is known to hold no sentence end. It also
// returns where the scan stopped: text[from:stop) holds no sentence end.
func sentenceEndFrom(text string, pos, from, ceil int) (end, stop int) {
	for i := from; i < ceil; i++ {
		c := text[i]
		if c == '\n' {
			return trimSpaceLeft(text, pos, i), i
		}
		if c == '.' || c == '!' || c == '?' {
			if c == '.' && abbrevBefore(text, i) && !sentenceOpensAfter(text, i+1, ceil) {
				continue
			}
			j := i + 1
			for j < ceil && isCloser(text, j) {
				_, s := utf8.DecodeRuneInString(text[j:])
				j += s
			}
			if j >= ceil || text[j] == ' ' || text[j] == '\n' || text[j] == '\t' || strings.HasPrefix(text[j:], "\u00a0") {
				return j, i
			}
		}
	}
	return trimSpaceLeft(text, pos, ceil), ceil
}

// sentenceOpensAfter reports whether a word that only opens sentences
// ("He", "The", "But") follows pos after a space: then an abbreviation
// before pos ("at 7 p.m. He says") also ended its sentence.
func sentenceOpensAfter(text string, pos, ceil int) bool {
	if pos >= ceil || text[pos] != ' ' {
		return false
	}
	end := pos + 1
	for end < ceil && end-pos < 12 && (text[end] >= 'a' && text[end] <= 'z' || text[end] >= 'A' && text[end] <= 'Z') {
		end++
	}
	w := text[pos+1 : end]
	return w != "" && isCap(w) && stopCaps[lower(w)] && !honorificBefore(text, pos)
}

// honorificBefore reports whether the word ending at pos is an honorific
// or title abbreviation ("Mr.", "Sen."), which a name, not a sentence,
// follows.
func honorificBefore(text string, pos int) bool {
	i := strings.LastIndexByte(text[max(0, pos-8):pos], ' ')
	w := lower(text[max(0, pos-8)+i+1 : pos])
	return isHonorific(w)
}

func isCloser(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	switch r {
	case '"', '”', '’', '\'', ')', ']', '»':
		return true
	}
	return false
}

func prevRuneStart(text string, i int) int {
	_, s := utf8.DecodeLastRuneInString(text[:i])
	if s == 0 {
		return i - 1
	}
	return i - s
}

// abbrevBefore reports whether the full stop at i ends an abbreviation or an
// initial rather than a sentence.
func abbrevBefore(text string, i int) bool {
	j := i
	for j > 0 {
		r, s := utf8.DecodeLastRuneInString(text[:j])
		if !isWordRune(r) && r != '.' {
			break
		}
		j -= s
	}
	w := text[j:i]
	if w == "" {
		return false
	}
	// Party and state in parentheses: "Sen. Rita Okafor (I-Vt.) said".
	if j >= 2 && text[j-1] == '-' && (text[j-2] == 'R' || text[j-2] == 'D' || text[j-2] == 'I') && (j == 2 || !isWordRune(rune(text[j-3]))) {
		return true
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	// Party and state: "Ted Barlow, R-Ky., said".
	if len(w) >= 3 && (w[0] == 'R' || w[0] == 'D' || w[0] == 'I') && w[1] == '-' && w[2] >= 'A' && w[2] <= 'Z' {
		return true
	}
	// Initials and dotted abbreviations: "J.J. Varga", "U.S. officials".
	return abbreviations[strings.ToLower(w)] || strings.Count(w, ".") >= 1 && utf8.RuneCountInString(w) <= 3 || partyState(w)
}

func skipSpace(text string, i, limit int) int {
	for i < limit {
		switch {
		case text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r':
			i++
		case text[i] == 0xC2 && i+1 < limit && text[i+1] == 0xA0:
			i += 2
		default:
			return i
		}
	}
	return i
}

func trimSpaceLeft(text string, floor, i int) int {
	for i > floor && (text[i-1] == ' ' || text[i-1] == '\t' || text[i-1] == '\r') {
		i--
	}
	return i
}

// maxReach bounds how far sentence and paragraph searches look, so that a
// huge text without line breaks costs linear time, not quadratic.
const maxReach = 4000

// paragraphStart returns the offset after the line break before pos, or
// pos-maxReach when the line is longer than that.
func paragraphStart(text string, pos int) int {
	from := max(0, pos-maxReach)
	if i := strings.LastIndexByte(text[from:pos], '\n'); i >= 0 {
		return from + i + 1
	}
	return from
}

// paragraphStartAfter is paragraphStart that looks no further back than lo.
func paragraphStartAfter(text string, pos, lo int) int {
	from := max(lo, pos-maxReach, 0)
	if i := strings.LastIndexByte(text[from:pos], '\n'); i >= 0 {
		return from + i + 1
	}
	return from
}

// lineEnd returns the offset of the line break after pos, or pos+maxReach.
func lineEnd(text string, pos int) int {
	to := min(len(text), pos+maxReach)
	if i := strings.IndexByte(text[pos:to], '\n'); i >= 0 {
		return pos + i
	}
	return to
}
