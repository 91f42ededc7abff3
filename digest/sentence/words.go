package sentence

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words counts the words of s. In space-separated scripts a word is a run
// of non-space characters, as strings.Fields counts them. Chinese and
// Japanese are written without spaces, so a run of Han, Hiragana or
// Katakana characters counts one word per two characters, rounded up: two
// characters is about the mean length of a word in segmented Chinese and
// Japanese text, and the estimate needs no dictionary. A field mixing both
// ("Kindleを") counts its Latin and digit runs as words of their own.
func Words(s string) int {
	n := 0
	for f := range strings.FieldsSeq(s) {
		n += fieldWords(f)
	}
	return n
}

func fieldWords(f string) int {
	cjk, runs := 0, 0
	inRun := false
	for _, r := range f {
		switch {
		case IsCJK(r):
			cjk++
			inRun = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inRun {
				runs++
			}
			inRun = true
		default:
			inRun = false
		}
	}
	if cjk == 0 {
		return 1 // whatever the field holds, as strings.Fields counts it
	}
	return (cjk+1)/2 + runs
}

// IsCJK reports whether r is a Han, Hiragana or Katakana character: a
// script written without spaces between words. The long-vowel mark "ー"
// belongs to the Common script but is part of katakana words.
func IsCJK(r rune) bool {
	return r == 'ー' || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// cjkStops are the full-width sentence ends of Chinese and Japanese:
// "。", "！", "？". They end a sentence with no space after them.
var cjkStops = []string{"。", "！", "？"}

// cjkStopAt returns the byte length of a full-width sentence end at text[i],
// or 0.
func cjkStopAt(text string, i int) int {
	for _, s := range cjkStops {
		if strings.HasPrefix(text[i:], s) {
			return len(s)
		}
	}
	return 0
}

// cjkBoundaryAfter decides whether the full-width sentence end at text[i]
// ends a sentence; it returns the end of the sentence, after the run of
// sentence ends and closing brackets ("。」"), either way. It does not when
// a closed quotation runs on into its sentence: 「…。」と言った ("… ," he
// said), where a hiragana particle follows the closing bracket.
func cjkBoundaryAfter(text string, i int) (int, bool) {
	j := i
	for j < len(text) {
		if n := cjkStopAt(text, j); n > 0 {
			j += n
			continue
		}
		break
	}
	closed := false
	for j < len(text) {
		r, n := utf8.DecodeRuneInString(text[j:])
		if !isClosingMark(r) && !strings.ContainsRune("」』）】〕〉》", r) {
			break
		}
		closed = true
		j += n
	}
	if closed && j < len(text) {
		r, _ := utf8.DecodeRuneInString(text[j:])
		if unicode.In(r, unicode.Hiragana) {
			return j, false
		}
	}
	return j, true
}

// EndsLikeProse reports whether s ends as a sentence of prose does, with
// . ! ? … or their full-width forms, perhaps before closing quotes or
// brackets: a heading, a caption or a list of names does not.
func EndsLikeProse(s string) bool {
	s = strings.TrimRight(s, "\"'’”)]»」』） ")
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == '…' || r == '。' || r == '！' || r == '？'
}
