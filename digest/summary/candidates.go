package summary

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/digest/sentence"
)

// A piece is a verbatim span of one sentence that may stand as a summary
// sentence: news pages fuse photo captions, kicker labels ("Hero pilot:")
// and "Scroll down for video" into the sentence that follows them without a
// full stop, so a sentence is cut at those seams first.
type piece struct {
	start, end int  // byte offsets into the article text
	sentIndex  int  // index of the sentence it came from
	caption    bool // ends without a full stop: caption text or a fused fragment
	labelled   bool // a kicker label ("High tide:") was cut off its head
}

// speechVerbs end a "Name said:" lead-in, which introduces a quote and is
// not a kicker label.
var speechVerbs = map[string]bool{
	"said": true, "says": true, "added": true, "adds": true, "explained": true, "told": true,
	"admitted": true, "wrote": true, "writes": true, "tweeted": true, "posted": true,
	"insisted": true, "revealed": true, "continued": true, "stated": true, "warned": true,
	"claimed": true, "commented": true, "asked": true, "replied": true, "adding": true,
	"saying": true, "reads": true, "read": true, "declared": true, "announced": true,
	"confirmed": true, "joked": true, "explains": true, "insists": true, "argued": true,
	"argues": true, "noted": true, "recalled": true, "remarked": true, "concluded": true,
	"shouted": true, "screamed": true, "yelled": true, "responded": true, "answered": true,
	"whispered": true, "messaged": true, "texted": true, "captioned": true, "include": true,
	"includes": true, "included": true, "are": true, "is": true, "was": true, "were": true,
}

// clauseOpeners, capitalised right after a lower-case word with no
// punctuation between, mark where a caption ran into the next sentence
// ("... coach on Friday He has won over ...").
var clauseOpeners = map[string]bool{
	"The": true, "He": true, "She": true, "They": true, "It": true, "However,": true,
	"But": true, "His": true, "Her": true, "Their": true, "This": true, "These": true,
	"We": true, "Police": true, "Officers": true,
}

// subordinateOpeners open a sentence but, capitalised, never follow a
// lower-case word inside one: "... during the festival Although the kite
// ...", "... has a taste Like the infamous scene ...". Unlike clauseOpeners
// they also begin names and titles ("Formula One", "Lost In Space"), so
// they cut only after a word that is lower case from its first letter.
var subordinateOpeners = map[string]bool{
	"Although": true, "After": true, "As": true, "At": true, "If": true, "In": true,
	"Like": true, "When": true, "While": true, "There": true, "One": true, "Some": true,
	"All": true, "Since": true, "During": true,
}

// noSplitBefore are words after which a capitalised word or an opening quote
// is ordinary prose ("known as 'quickdrop'", "said The Beacon").
var noSplitBefore = map[string]bool{
	"as": true, "called": true, "dubbed": true, "named": true, "titled": true, "entitled": true,
	"the": true, "a": true, "an": true, "of": true, "and": true, "or": true, "to": true,
	"in": true, "on": true, "at": true, "for": true, "with": true, "by": true, "from": true,
	"is": true, "was": true, "are": true, "were": true, "be": true, "been": true, "that": true,
	"word": true, "words": true, "phrase": true, "read": true, "reads": true, "reading": true,
	"like": true, "than": true, "if": true, "about": true, "into": true, "onto": true,
}

// pieces cuts each sentence at caption seams and drops boilerplate.
func pieces(text string, sents []sentence.Sentence) []piece {
	var out []piece
	for si, s := range sents {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
			continue
		}
		start, labelled := s.Start, false
		for _, sm := range seamsIn(text, s.Start, s.End) {
			if sm.cut < start || sm.next > s.End {
				continue // overlaps the seam before, e.g. inside a label
			}
			out = appendPiece(out, text, piece{start: start, end: sm.cut, sentIndex: si, labelled: labelled})
			start, labelled = sm.next, sm.label
		}
		out = appendPiece(out, text, piece{start: start, end: s.End, sentIndex: si, labelled: labelled})
	}
	return out
}

func appendPiece(out []piece, text string, p piece) []piece {
	if p.start >= p.end {
		return out
	}
	p.start, p.end = trimSpan(text, p.start, p.end)
	p.start = skipDateline(text, p.start, p.end)
	if p.end-p.start < 2 || isBoilerplate(text[p.start:p.end]) {
		return out
	}
	// A piece cut at a seam, or a sentence with no full stop, is caption
	// text; the sentence that follows a caption ends with its own stop.
	p.caption = !sentence.EndsLikeProse(text[p.start:p.end])
	return append(out, p)
}

// seam is a cut inside a sentence: the piece before ends at cut, the next
// starts at next (past a dropped label or phrase).
type seam struct {
	cut, next int
	label     bool // the next piece had a kicker label cut off its head
}

const scrollPrompt = "scroll down for video"

// seamsIn finds the caption seams of text[start:end]. It walks the words
// once; each check looks at a bounded window, so the cost is linear.
func seamsIn(text string, start, end int) []seam {
	var seams []seam
	s := text[start:end]
	head := 0
	if hasFoldPrefix(s, scrollPrompt) {
		head = len(scrollPrompt)
		for head < len(s) && s[head] == ' ' {
			head++
		}
		seams = append(seams, seam{cut: start, next: start + head})
	}
	// A kicker label opening the sentence: "Hero pilot: Nora Quist ...".
	if n := labelLen(s, head); n > 0 {
		seams = append(seams, seam{cut: start + head, next: start + head + n, label: true})
		head += n
	}
	wordsBefore := 0 // words since the last seam, counted as the walk goes
	for i := head; i < len(s); i++ {
		if s[i] != ' ' || i == 0 {
			continue
		}
		if s[i-1] != ' ' {
			wordsBefore++
		}
		prev := lastWord(s[:i])
		if prev == "" {
			continue
		}
		pr, _ := utf8.DecodeLastRuneInString(prev)
		closedQuote := pr == '’' || pr == '”' || pr == '\'' || pr == '"'
		if !(unicode.IsLetter(pr) || unicode.IsDigit(pr) || pr == ')' || closedQuote) {
			continue
		}
		rest := s[i+1:]
		lowerPrev := strings.ToLower(prev)
		switch {
		case hasFoldPrefix(rest, scrollPrompt):
			n := len(scrollPrompt)
			seams = append(seams, seam{cut: start + i, next: start + i + 1 + n})
			i += n
			wordsBefore = 0
		case noSplitBefore[lowerPrev]:
		case labelLen(rest, 0) > 0 && wordsBefore >= 3 && (!unicode.IsUpper(firstRune(prev)) || shortLabel(rest)):
			// After a capitalised word a long "label" goes on a name:
			// "Halo Infinite finds its voice: ..." is one title, while
			// "... last Sunday Steady: The ferry ..." has a kicker.
			n := labelLen(rest, 0)
			seams = append(seams, seam{cut: start + i, next: start + i + 1 + n, label: true})
			i += n
			wordsBefore = 0
		case startsQuotedCapital(rest) && !speechVerbs[lowerPrev] && wordsBefore >= 5:
			seams = append(seams, seam{cut: start + i, next: start + i + 1})
			wordsBefore = 0
		case startsClause(rest) && (unicode.IsLower(pr) || unicode.IsDigit(pr) || closedQuote) && !speechVerbs[lowerPrev] && wordsBefore >= 5,
			startsSubordinate(rest) && unicode.IsLower(firstRune(prev)) && !speechVerbs[lowerPrev] && wordsBefore >= 5:
			seams = append(seams, seam{cut: start + i, next: start + i + 1})
			wordsBefore = 0
		}
	}
	return seams
}

// labelLen returns the length of a kicker label at s[i:] ("High tide: ",
// "Wanted: ") followed by a capital or a quote, or 0. Labels are one to four
// words, start with a capital and do not end in a speech verb.
func labelLen(s string, i int) int {
	colon := strings.IndexByte(s[i:min(len(s), i+41)], ':')
	if colon <= 0 {
		return 0
	}
	label := s[i : i+colon]
	words := strings.Fields(label)
	if len(words) == 0 || len(words) > 4 || label != strings.TrimSpace(label) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(label)
	if !unicode.IsUpper(r) {
		return 0
	}
	for k, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); k > 0 && !unicode.IsLower(r) {
			return 0 // "Dawn of a Harbour: The Story" is a title, not a kicker
		}
		for _, c := range w {
			if !(unicode.IsLetter(c) || c == '-' || c == '\'' || c == '’' || c == '&') {
				return 0
			}
		}
	}
	if speechVerbs[strings.ToLower(words[len(words)-1])] {
		return 0
	}
	after := i + colon + 1
	if after >= len(s) || s[after] != ' ' {
		return 0
	}
	nr, _ := utf8.DecodeRuneInString(s[after+1:])
	if !(unicode.IsUpper(nr) || isQuoteRune(nr)) {
		return 0
	}
	return colon + 2
}

func lastWord(s string) string {
	j := strings.LastIndexByte(s, ' ')
	return s[j+1:]
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isQuoteRune(r rune) bool {
	switch r {
	case '"', '\'', '‘', '“':
		return true
	}
	return false
}

// startsQuotedCapital reports whether s opens a quotation of a few words
// or more ("‘This club deserves a fresh start ...’"), not a nickname ("'Big Dog'").
func startsQuotedCapital(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	if !isQuoteRune(r) {
		return false
	}
	r2, _ := utf8.DecodeRuneInString(s[n:])
	if !unicode.IsUpper(r2) {
		return false
	}
	words := 1
	for i := n; i < len(s) && i < 200; {
		c, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case c == ' ':
			words++
		case c == '’' || c == '\'' || c == '”' || c == '"':
			next, _ := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(next) {
				return words >= 4 // closed after so many words
			}
		}
	}
	return true
}

// startsSubordinate reports whether s opens with a subordinate opener
// followed by a lower-case word ("In a study ...", "As retirement ...").
func startsSubordinate(s string) bool {
	sp := strings.IndexByte(s, ' ')
	if sp <= 0 || !subordinateOpeners[s[:sp]] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[sp+1:])
	return unicode.IsLower(r)
}

// startsClause reports whether s opens with a clause opener followed by a
// lower-case word ("The cost ...", "He has ..."), not a name ("The Beacon").
func startsClause(s string) bool {
	sp := strings.IndexByte(s, ' ')
	if sp <= 0 || !clauseOpeners[s[:sp]] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[sp+1:])
	if s[:sp] == "However," {
		return unicode.IsLetter(r)
	}
	return unicode.IsLower(r)
}

func trimSpan(text string, start, end int) (int, int) {
	for start < end {
		r, n := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) && r != '-' && r != '|' {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) && r != '|' {
			break
		}
		end -= n
	}
	return start, end
}

// skipDateline drops a wire dateline such as "(CNN)", "Lakeport (CNN) -- " or
// "LONDON (Reuters) - " from the head of a piece: it names the agency, not
// the news. A paragraph's place or date dateline ("CAIRO — ", "April 17,
// 2015 -- ") goes too: it says where and when the piece was filed.
func skipDateline(text string, start, end int) int {
	s := text[start:end]
	if start == 0 || text[start-1] == '\n' {
		if m := placeDateline.FindStringSubmatchIndex(s); m != nil {
			return start + m[len(m)-2] // the sentence's first word
		}
	}
	limit := min(len(s), 48)
	open := strings.IndexByte(s[:limit], '(')
	if open < 0 {
		return start
	}
	close := strings.IndexByte(s[open:limit], ')')
	if close < 0 {
		return start
	}
	agency := s[open+1 : open+close]
	switch agency {
	case "CNN", "Reuters", "AP", "AFP", "EW.com", "CNN Student News", "Mashable", "CNET", "Billboard", "The Hollywood Reporter", "Time.com":
	default:
		return start
	}
	for _, r := range s[:open] {
		if !(unicode.IsLetter(r) || r == ' ' || r == ',' || r == '.') {
			return start
		}
	}
	i := open + close + 1
	for i < len(s) && (s[i] == ' ' || s[i] == '-') {
		i++
	}
	if i >= len(s) {
		return start
	}
	return start + i
}

// placeDateline matches a dateline opening a paragraph: a place in capitals
// ("LONDON", "WASHINGTON, D.C.", "SAN FRANCISCO, Calif.") or a date, then a
// spaced dash and the sentence's capitalised first word. The capitals tell a
// dateline from a sentence that opens with a name and a dash.
var placeDateline = regexp.MustCompile(`^(\p{Lu}[\p{Lu}.'’-]+( \p{Lu}[\p{Lu}.'’-]+){0,3}(, \p{Lu}[\p{L}.]{0,12}( \p{Lu}[\p{L}.]{0,12})?)?|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}) (—|–|--?) ?(\p{Lu}|\d)`)

// boilerplateMarkers are page furniture that must never be a summary
// sentence, compared in lower case.
var boilerplateMarkers = []string{
	"click here", "scroll down", "published:", "updated:", "last updated",
	"daily mail reporter", "follow @", "follow us", "sign up", "subscribe to",
	"newsletter", "all rights reserved", "copyright", "getty images", "ap photo",
	"photo credit", "image credit", "read more", "related articles", "share this",
	"leave a comment", "comments below", "for confidential support", "samaritans on",
	"contributed to this report", "reporting by", "editing by", "©", "watch the video",
	"view gallery", "video courtesy", "see more", "like us on facebook", "@dailymail",
	"rt @", "whatsapp", "the views expressed", "this article was", "story highlights",
	"please do not", "cookies", "advertisement",
}

// markersByFirstByte indexes boilerplateMarkers so that one pass over a
// span checks them all.
var markersByFirstByte = func() (idx [256][]string) {
	for _, m := range boilerplateMarkers {
		idx[m[0]] = append(idx[m[0]], m)
	}
	return idx
}()

func isBoilerplate(s string) bool {
	ls := strings.ToLower(s)
	for i := 0; i < len(ls); i++ {
		for _, m := range markersByFirstByte[ls[i]] {
			if strings.HasPrefix(ls[i:], m) {
				return true
			}
		}
	}
	// Bylines: "By . Daily Mail Reporter .", "By John Smith".
	if strings.HasPrefix(s, "By ") && len(strings.Fields(s)) <= 5 {
		return true
	}
	return false
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// shortLabel reports whether the label opening s has at most two words.
func shortLabel(s string) bool {
	colon := strings.IndexByte(s, ':')
	return colon > 0 && len(strings.Fields(s[:colon])) <= 2
}
