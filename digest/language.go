package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/digest/entity"
)

// stopwords are each language's commonest function words: counting them
// tells the language of a news text reliably after a sentence or two, with
// no model. Words common to several of these languages ("in", "die", "de")
// are left out of all but one or count for each, so they decide nothing.
var stopwords = map[string]string{
	"en": "the and of to is that for it was with he she said by at from has have are were this which their they not but been would will who",
	"de": "der die und das ist nicht den mit sich auf ein eine dem des auch es sie im wird von dass werden hat sind wurde nach bei noch zum zur über einen wie aber am für ihre ihr um aus vor nur oder wenn man kann soll muss müssen zwei seit gegen zwischen unter",
	"fr": "le la les et des est une du que dans pour pas qui sur au il elle ce a été sont aux avec ont par mais ses cette plus selon leur de l d qu n s j c du ne se ou où leurs nous vous ils elles lors depuis entre",
	"es": "el la los las y del que en es por con para una se su al lo como pero más sus fue han está según ha muy también sobre este de un ni sin desde entre hasta cuando donde ser son era hay otros otras",
	"it": "il di che e la della per non un una sono gli del con le è nel alla ha anche dei delle degli questo essere stato più si ma come nella negli sul sulla tra fra quando perché dopo ancora",
	"pt": "o a os as de que e do da em um uma para com não se por mais foi ao dos das pelo pela está são também na no nas nos em ele ela eles elas quando ainda entre sobre depois",
	"nl": "de het een en van te dat die in is niet zijn op met voor ook er maar wordt naar heeft bij werd nog deze dit",
	"id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke karena jika sudah oleh kami mereka bahwa telah bisa ada adalah saat para oleh atau tetapi namun hanya lebih sangat masih banyak setelah sebelum tahun",
	"ru": "и в не на что с по это как он она они но а из за к о от для так все уже бы же то у его её их был была было были во о через при после до или ни ещё если чтобы также который которые этот эти",
}

// stopwordLang maps each stopword to the languages that list it.
var stopwordLang = func() map[string][]string {
	m := map[string][]string{}
	for lang, words := range stopwords {
		for _, w := range strings.Fields(words) {
			m[w] = append(m[w], lang)
		}
	}
	return m
}()

// maxLangWords bounds the words Language reads: the opening of a text
// decides, and hostile input costs no more than that.
const maxLangWords = 4000

// Language guesses the ISO 639-1 code of text: one of en, de, fr, es, it,
// pt, nl, id, ru from their stopwords, else one of zh, ja, ko, ar, he, el,
// hi, th from the script of its letters, or "" when the text is too short
// or too mixed to tell (or Cyrillic but not Russian).
func Language(text string) string {
	counts := map[string]float64{}
	seen := map[string]int{}
	words := 0
	for i := 0; i < len(text) && words < maxLangWords; {
		j := i
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r) {
				break
			}
			if s := scriptOf(r); s != "" {
				seen[s]++
			}
			j += size
		}
		if j == i {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		words++
		if langs := stopwordLang[strings.ToLower(text[i:j])]; len(langs) > 0 {
			for _, lang := range langs {
				counts[lang] += 1 / float64(len(langs))
			}
		}
		i = j
	}
	best, bestN, secondN := "", 0.0, 0.0
	for lang, n := range counts {
		switch {
		case n > bestN || (n == bestN && lang < best):
			best, bestN, secondN = lang, n, bestN
		case n > secondN:
			secondN = n
		}
	}
	// A clear winner: two hits at least, a twelfth of the words (news runs
	// at a quarter to a third), and well ahead of the runner-up.
	if bestN >= 2 && bestN*12 >= float64(words) && bestN >= 1.5*secondN {
		return best
	}
	return scriptLanguage(seen)
}

// scripts are the writing systems few languages share, with the code
// scriptLanguage reports for each; kana is tested before Han, which
// Japanese also uses.
var scripts = []struct {
	table *unicode.RangeTable
	code  string
}{
	{unicode.Cyrillic, "cyrillic"}, {unicode.Hiragana, "ja"}, {unicode.Katakana, "ja"}, {unicode.Han, "zh"},
	{unicode.Hangul, "ko"}, {unicode.Arabic, "ar"}, {unicode.Hebrew, "he"}, {unicode.Greek, "el"},
	{unicode.Devanagari, "hi"}, {unicode.Thai, "th"},
}

// scriptOf names the writing system of a letter outside Latin, or "".
func scriptOf(r rune) string {
	if r < 0x250 {
		return ""
	}
	for _, s := range scripts {
		if unicode.Is(s.table, r) {
			return s.code
		}
	}
	return ""
}

// scriptLanguage names the language of a text mostly written in one
// script; Japanese mixes kana with Han, so any kana makes it Japanese.
func scriptLanguage(scripts map[string]int) string {
	total, best, bestN := 0, "", 0
	for s, n := range scripts {
		total += n
		if n > bestN {
			best, bestN = s, n
		}
	}
	if total < 20 {
		return ""
	}
	if scripts["ja"] > 0 && scripts["ja"]+scripts["zh"] >= total/2 {
		return "ja"
	}
	if bestN < total/2 || best == "cyrillic" { // Cyrillic without Russian stopwords: another Slavic language
		return ""
	}
	return best
}

// confidentActor reports whether an actor found in text that is not
// English can be trusted. The recogniser learnt English, where a capital
// letter inside a sentence marks a name; German capitalises every noun
// ("Die Patienten"), and every language capitalises the word opening a
// sentence ("Jika", "Dari"). So an actor counts only with evidence beyond
// its capitals: a quoted speaker; or a name of several words, none a
// function word or a word the text also writes in lower case (in German,
// which capitalises nouns, named twice); or, for an organisation or place
// of one word, a second mention. lowered is lowerWords(text).
func confidentActor(text string, a entity.Actor, lang string, speakers, lowered map[string]bool) bool {
	if speakers[a.Name] {
		return true
	}
	words := strings.Fields(a.Name)
	for i, w := range words {
		lw := strings.ToLower(strings.Trim(w, ".,’'"))
		if lw == w && i > 0 && i < len(words)-1 && nameParticles[lw] {
			continue // "Ursula von der Leyen"
		}
		if len(stopwordLang[lw]) > 0 || lowered[lw] {
			return false
		}
	}
	if lang == "de" {
		// German capitalises nouns, so capitals make no name ("Milliarden
		// Euro", "Die Patienten"): a name must be repeated, and one word
		// must also follow a preposition somewhere ("in Hannover"), since
		// nouns follow articles and adjectives.
		return a.Mentions >= 2 && (len(words) >= 2 || afterPreposition(text, a.Spans))
	}
	return len(words) >= 2 || a.Mentions >= 2 && a.Kind != entity.Person
}

// nameParticles are the lower-case words inside names.
var nameParticles = map[string]bool{"von": true, "van": true, "der": true, "den": true, "de": true, "da": true, "del": true,
	"della": true, "di": true, "du": true, "la": true, "le": true, "dos": true, "das": true, "bin": true, "ibn": true, "al": true}

// dePrepositions take place and organisation names without an article.
var dePrepositions = map[string]bool{"in": true, "nach": true, "aus": true, "von": true, "bei": true, "für": true,
	"mit": true, "gegen": true, "über": true, "zwischen": true, "ab": true, "bis": true, "laut": true}

// afterPreposition reports whether a German preposition stands right
// before one of spans.
func afterPreposition(text string, spans [][2]int) bool {
	for _, sp := range spans {
		if sp[0] <= 0 || sp[0] > len(text) {
			continue
		}
		before := strings.TrimRight(text[max(0, sp[0]-12):sp[0]], " ")
		if i := strings.LastIndexByte(before, ' '); i >= 0 {
			before = before[i+1:]
		}
		if dePrepositions[before] {
			return true
		}
	}
	return false
}

// lowerWords is the set of words text writes in lower case: their
// capitalised forms are sentence openers or nouns, not names.
func lowerWords(text string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
			set[w] = true
		}
	}
	return set
}
