// Package tagger is the named-entity tagger behind package entity: a raw-text
// tokenizer that follows CoNLL-2003/Penn conventions, the feature templates,
// an averaged-perceptron tagger (BILOU labels inside, BIO tags outside;
// greedy or beam decoding) and its compact weight format. It
// is internal so that the trainer and the recognizer share one feature
// extractor and can never drift apart.
package tagger

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a word or punctuation mark with its byte span in the input.
type Token struct {
	Text       string
	Start, End int
	// SentStart marks the first token of a sentence (or of a line): its
	// capital letter says little about whether it is a name.
	SentStart bool
}

// abbreviations keep their final period; in Reuters and in most news a
// trailing period after these is part of the word, not a full stop.
var abbreviations = map[string]bool{}

func init() {
	for _, a := range strings.Fields(`mr mrs ms messrs dr prof gen lt col maj capt cpt sgt cmdr adm brig
		gov sen rep pres supt det insp rev hon fr st mt ft jr sr inc corp ltd co bros plc
		vs etc no nos approx est dept univ assn ave blvd rd
		jan feb mar apr jun jul aug sep sept oct nov dec
		ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo
		mont neb nev okla ore pa tenn tex va vt wash wis wyo`) {
		abbreviations[a] = true
	}
}

// lowerAbbreviations are the few written in lower case.
var lowerAbbreviations = map[string]bool{"vs": true, "etc": true, "approx": true, "est": true}

// contractions split off the end of a word as Penn Treebank (and CoNLL) do.
var contractions = []string{"n't", "'s", "'re", "'ve", "'ll", "'m", "'d"}

// Tokenize splits raw text into tokens with byte offsets. Any input is
// accepted: invalid UTF-8 bytes are kept inside tokens, never dropped.
func Tokenize(text string) []Token {
	toks := make([]Token, 0, len(text)/5+1)
	sentStart := true
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isSpace(r) {
			if r == '\n' || r == '\r' || r == '\u2029' {
				sentStart = true
			}
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if isSpace(r) {
				break
			}
			j += size
		}
		n := len(toks)
		toks = splitChunk(toks, text, i, j)
		for k := n; k < len(toks); k++ {
			if sentStart {
				toks[k].SentStart = true
				// An opening quote or bracket passes the flag on: in
				// `. "We` it is "We" whose capital means nothing.
				sentStart = !hasAlnum(toks[k].Text)
			}
			if endsSentence(toks, k) || opensQuote(toks, k) {
				sentStart = true
			}
		}
		i = j
	}
	return toks
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

// endsSentence reports whether the token at k closes a sentence, so the
// token after it is a sentence start.
func endsSentence(toks []Token, k int) bool {
	switch toks[k].Text {
	case ".", "!", "?", "...", "…":
		return true
	}
	return false
}

// opensQuote reports whether token k is a quote mark glued to the word after
// it (`"We`, `“We`): quoted speech starts with a capital whatever it says.
func opensQuote(toks []Token, k int) bool {
	switch toks[k].Text {
	case "\"", "“", "‘", "'":
		return k+1 < len(toks) && toks[k+1].Start == toks[k].End
	}
	return false
}

func hasAlnum(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

const leadingPunct = "\"'“”‘’«»„‚([{<¿¡*"
const trailingPunct = "\"'“”‘’«»),;:!?]}>*…"

// splitChunk appends the tokens of the whitespace-free chunk text[s:e].
func splitChunk(toks []Token, text string, s, e int) []Token {
	add := func(a, b int) {
		if a < b {
			toks = append(toks, Token{Text: text[a:b], Start: a, End: b})
		}
	}
	// A whole chunk that is itself a contraction ('s, n't as CoNLL writes
	// them after joining tokens with spaces) stays one token.
	if isContraction(text[s:e]) {
		add(s, e)
		return toks
	}
	// Leading punctuation, one mark per token.
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:e])
		if !strings.ContainsRune(leadingPunct, r) || r == utf8.RuneError {
			break
		}
		if (r == '\'' || r == '’' || r == '‘') && isContraction(text[s:e]) {
			break
		}
		add(s, s+size)
		s += size
	}
	// Trailing punctuation, collected right to left.
	var tail [][2]int
	for s < e {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if r == '.' {
			dots := e
			for dots > s && text[dots-1] == '.' {
				dots--
			}
			if e-dots > 1 { // an ellipsis "..." is one token
				tail = append(tail, [2]int{dots, e})
				e = dots
				continue
			}
			if keepsPeriod(text[s:e]) {
				break
			}
			tail = append(tail, [2]int{e - 1, e})
			e--
			continue
		}
		if r == utf8.RuneError || !strings.ContainsRune(trailingPunct, r) {
			break
		}
		tail = append(tail, [2]int{e - size, e})
		e -= size
	}
	// Contractions and possessives: "Kovac's" -> "Kovac" "'s".
	core := text[s:e]
	split := e
	lower := strings.ToLower(straighten(core))
	for _, c := range contractions {
		if strings.HasSuffix(lower, c) {
			// Count runes, not bytes: a curly apostrophe is three bytes.
			n := 0
			for range len(c) {
				_, size := utf8.DecodeLastRuneInString(core[:len(core)-n])
				n += size
			}
			if len(core) > n {
				split = e - n
			}
			break
		}
	}
	toks = splitDashes(toks, text, s, split)
	add(split, e)
	for k := len(tail) - 1; k >= 0; k-- {
		add(tail[k][0], tail[k][1])
	}
	return toks
}

// splitDashes cuts em/en dashes and "--" out of a word ("war—and" ->
// "war" "—" "and") but leaves single hyphens ("all-rounder") alone.
func splitDashes(toks []Token, text string, s, e int) []Token {
	start := s
	i := s
	for i < e {
		r, size := utf8.DecodeRuneInString(text[i:e])
		dashLen := 0
		switch {
		case r == '—' || r == '–':
			dashLen = size
		case r == '-' && i+1 < e && text[i+1] == '-':
			dashLen = 2
			for i+dashLen < e && text[i+dashLen] == '-' {
				dashLen++
			}
		}
		if dashLen == 0 || (i == s && i+dashLen == e) {
			i += size
			continue
		}
		if start < i {
			toks = append(toks, Token{Text: text[start:i], Start: start, End: i})
		}
		toks = append(toks, Token{Text: text[i : i+dashLen], Start: i, End: i + dashLen})
		i += dashLen
		start = i
	}
	if start < e {
		toks = append(toks, Token{Text: text[start:e], Start: start, End: e})
	}
	return toks
}

// apostrophes straightens the right single quote and, since pages set it
// by mistake often enough ("Merkel‘s"), the left one.
var apostrophes = strings.NewReplacer("’", "'", "‘", "'")

// straighten applies apostrophes only to the few words that need it: the
// replacer costs an allocation per call, and it runs on every word.
func straighten(s string) string {
	if !strings.ContainsAny(s, "’‘") {
		return s
	}
	return apostrophes.Replace(s)
}

func isContraction(s string) bool {
	// The longest contraction is 5 bytes with a curly apostrophe; checking
	// the length first keeps a run of 100,000 apostrophes linear, where
	// lowering the rest of the chunk at each one was quadratic.
	if len(s) > 5 {
		return false
	}
	l := strings.ToLower(straighten(s))
	for _, c := range contractions {
		if l == c {
			return true
		}
	}
	return false
}

// keepsPeriod reports whether w, which ends in ".", is an abbreviation or an
// initial whose period belongs to it: "U.S.", "a.m.", "J.", "Mr.", "Calif.".
func keepsPeriod(w string) bool {
	body := w[:len(w)-1]
	if body == "" {
		return false
	}
	if strings.Contains(body, ".") {
		// Dotted acronyms ("U.S.", "a.m.", "N.J."): letters and dots only,
		// so neither "3.5." nor "Ky.)." keeps its final period.
		return strings.IndexFunc(body, unicode.IsLetter) >= 0 &&
			strings.IndexFunc(body, func(r rune) bool { return r != '.' && !unicode.IsLetter(r) }) < 0
	}
	r, size := utf8.DecodeRuneInString(body)
	if size == len(body) && unicode.IsUpper(r) {
		return true
	}
	if !abbreviations[strings.ToLower(body)] {
		return false
	}
	// "fell ill." ends a sentence; "Ill." is Illinois.
	return unicode.IsUpper(r) || lowerAbbreviations[body]
}
