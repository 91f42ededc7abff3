package digest

import (
	"strings"
	"unicode"
)

// stopwords are each language's commonest short words: counting them tells
// the language of a news text reliably after a few sentences, with no model.
var stopwords = map[string][]string{
	"en": {"the", "and", "of", "to", "in", "is", "that", "for", "it", "was", "on", "with", "he", "she", "said", "by", "at", "from", "has", "have"},
	"de": {"der", "die", "und", "das", "ist", "nicht", "den", "mit", "sich", "auf", "ein", "eine", "dem", "des", "auch", "es", "sie", "im", "wird", "von"},
	"fr": {"le", "la", "les", "et", "des", "est", "une", "un", "du", "que", "dans", "pour", "pas", "qui", "sur", "au", "il", "elle", "ce", "a"},
	"es": {"el", "la", "los", "las", "y", "del", "que", "en", "es", "por", "con", "para", "una", "un", "se", "su", "al", "lo", "como", "pero"},
	"it": {"il", "di", "che", "e", "la", "della", "per", "non", "un", "una", "sono", "gli", "del", "con", "le", "è", "nel", "alla", "ha", "anche"},
	"pt": {"o", "a", "os", "as", "de", "que", "e", "do", "da", "em", "um", "uma", "para", "com", "não", "se", "por", "mais", "foi", "ao"},
	"nl": {"de", "het", "een", "en", "van", "ik", "te", "dat", "die", "in", "is", "niet", "zijn", "op", "met", "voor", "ook", "er", "maar", "wordt"},
}

var stopwordLang = func() map[string][]string {
	m := map[string][]string{}
	for lang, words := range stopwords {
		for _, w := range words {
			m[w] = append(m[w], lang)
		}
	}
	return m
}()

// Language guesses the ISO 639-1 code of text from its stopwords: one of en,
// de, fr, es, it, pt, nl, or "" when too little text or no clear winner.
// It reads at most the first 4,000 words.
func Language(text string) string {
	counts := map[string]int{}
	words := 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if words == 4000 {
			break
		}
		words++
		for _, lang := range stopwordLang[strings.ToLower(w)] {
			counts[lang]++
		}
	}
	best, bestN, secondN := "", 0, 0
	for lang, n := range counts {
		switch {
		case n > bestN || (n == bestN && lang < best):
			best, bestN, secondN = lang, n, bestN
		case n > secondN:
			secondN = n
		}
	}
	// A clear winner: enough hits, a tenth of the words, well ahead of the rest.
	if bestN < 3 || bestN*10 < words || bestN*2 < secondN*3 {
		return ""
	}
	return best
}
