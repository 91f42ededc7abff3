package topic

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// tokenize splits s into normalised word tokens. Queries and documents go
// through the same function, so whatever it decides (folding, joining) is
// applied symmetrically and a word matches exactly the words that normalise
// to the same token.
//
//   - letters are lowercased and stripped of diacritics ("Kovač" -> "kovac");
//   - dotted abbreviations are joined ("U.S." and "U.S" -> "us", "e.g." -> "eg");
//   - separators inside numbers stay ("3.5" -> "3.5", "1,000" -> "1000");
//   - a possessive 's is dropped ("Kovac's" -> "kovac") and other inner
//     apostrophes are removed ("don't" -> "dont");
//   - everything else that is not a letter, digit or mark separates tokens, so
//     "COVID-19" is the two tokens "covid", "19".
func tokenize(s string) []string {
	r := []rune(fold(s))
	n := len(r)
	var tokens []string
	// Texts repeat their words, so tokens are interned: a repeated word
	// costs a map look-up (which does not allocate) instead of a string.
	seen := make(map[string]string)
	var b []byte
	for i := 0; i < n; {
		if !isWordRune(r[i]) {
			i++
			continue
		}
		if tok, next, ok := abbreviation(r, i); ok {
			tokens = append(tokens, tok)
			i = next
			continue
		}
		b = b[:0]
		for i < n {
			c := r[i]
			if isWordRune(c) {
				b = utf8.AppendRune(b, c)
				i++
				continue
			}
			if c == '.' && i > 0 && i+1 < n && unicode.IsDigit(r[i-1]) && unicode.IsDigit(r[i+1]) {
				b = utf8.AppendRune(b, c)
				i++
				continue
			}
			if c == ',' && i > 0 && unicode.IsDigit(r[i-1]) && thousandsGroup(r[i+1:]) {
				i++
				continue
			}
			if isApostrophe(c) && i > 0 && unicode.IsLetter(r[i-1]) && i+1 < n && unicode.IsLetter(r[i+1]) {
				if r[i+1] == 's' && (i+2 == n || !isWordRune(r[i+2])) {
					i += 2 // possessive: "kovac's" is about kovac
					break
				}
				i++
				continue
			}
			break
		}
		tok, ok := seen[string(b)]
		if !ok {
			tok = string(b)
			seen[tok] = tok
		}
		tokens = append(tokens, tok)
	}
	return tokens
}

// abbreviation recognises single letters each followed by a dot ("u.s.",
// "u.s.a", "e.g.") starting at r[i], which must begin a word.
func abbreviation(r []rune, i int) (token string, next int, ok bool) {
	n := len(r)
	var letters []rune
	j := i
	for j < n && unicode.IsLetter(r[j]) && (j+1 == n || !isWordRune(r[j+1])) {
		letters = append(letters, r[j])
		if j+1 < n && r[j+1] == '.' {
			j += 2
			continue
		}
		j++
		break
	}
	if len(letters) < 2 {
		return "", 0, false
	}
	return string(letters), j, true
}

// thousandsGroup reports whether r starts with exactly three digits, as after
// the comma in "1,000" (but not in the list "2,3").
func thousandsGroup(r []rune) bool {
	if len(r) < 3 {
		return false
	}
	for _, c := range r[:3] {
		if !unicode.IsDigit(c) {
			return false
		}
	}
	return len(r) == 3 || !unicode.IsDigit(r[3])
}

func isWordRune(c rune) bool {
	if c < utf8.RuneSelf {
		return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z'
	}
	return unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.Mn, c) || unicode.Is(unicode.Mc, c)
}

func isApostrophe(c rune) bool {
	return c == '\'' || c == '\u2019' || c == '\u02bc'
}

// fold lowercases s and removes diacritics. ASCII text, the common case for
// feed items, skips the Unicode normalisation entirely.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	decomposed := norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(decomposed))
	for _, c := range decomposed {
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}
