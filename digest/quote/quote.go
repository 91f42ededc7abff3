// Package quote finds direct quotations in news text and attributes each to
// its speaker: quotes in straight, curly or (British) single marks, across
// sentences and paragraphs, split around their attribution, with the cue
// before or after, and pronoun or role references ("he", "the senator")
// resolved to the nearest compatible named person.
package quote

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Quote is one quotation. Text is verbatim text[Start:End], without its
// quotation marks; offsets are bytes into the text given to Extract.
type Quote struct {
	Text         string
	Start, End   int
	Speaker      string // full name at first mention ("Elena Kovac"), "" when unknown
	SpeakerTitle string // title or affiliation ("German Chancellor", "a fellow at Brookings")
	// SpeakerStart and SpeakerEnd locate the mention the speaker was taken
	// from (the antecedent when the source is "he" or "the senator"); -1 if none.
	SpeakerStart, SpeakerEnd int
	Cue                      string // the reporting verb ("said", "told", ":")
	Score                    float64
	Key                      bool
	// ContentStart and ContentEnd span the whole attributed content as
	// attribution corpora (PolNeAR, PARC) mark it: the quote with its marks,
	// the other parts of a quote split around its attribution, and the
	// paraphrase around a partial quote. Quotes of one attribution share it.
	ContentStart, ContentEnd int
	// nonEnglish is set when the text is not English, whose verbs the key
	// quote test cannot recognise.
	nonEnglish bool
}

// Person is a person the entity recogniser found, with every mention.
type Person struct {
	Name  string
	Spans [][2]int
}

// unit is the quotes of one attribution.
type unit struct {
	quotes       []rawQuote
	s, e         int // sentence bounds; s is later when a sentence holds several attributions
	sentS        int // the sentence's real start, whose subject a participle cue refers to
	att          attribution
	attributed   bool
	contentStart int
	contentEnd   int
}

// Extract returns the quotations in text in text order. people, when not
// nil, are the entity recogniser's persons; speakers and pronouns are then
// resolved against them, otherwise against names found by local heuristics.
func Extract(text string, people []Person) []Quote {
	qs, _ := ExtractWithin(text, people, nil)
	return qs
}

// stopEvery is how many attributions pass between calls of a stop check:
// often enough to stop within milliseconds, rarely enough to cost nothing.
const stopEvery = 256

// ExtractWithin is Extract that calls stop now and then (stop may be nil)
// and, once it returns true, returns the quotes attributed so far and true.
func ExtractWithin(text string, people []Person, stop func() bool) ([]Quote, bool) {
	stopped := func(i int) bool { return stop != nil && i%stopEvery == stopEvery-1 && stop() }
	if stop != nil && stop() {
		return nil, true
	}
	raw := findQuotes(text)
	if len(raw) == 0 {
		return nil, false
	}
	markTitles(text, raw)
	units := splitOnCues(text, buildUnits(text, raw))
	d := newDocIndex(text, people, workSpans(raw))
	d.quoted = make([][2]int, 0, len(raw))
	for _, q := range raw {
		d.quoted = append(d.quoted, [2]int{q.open, q.closeEnd})
	}
	cut := false
	for i := range units {
		if stopped(i) {
			units, cut = units[:i], true
			break
		}
		attribute(text, &units[i], d.nameWords)
	}
	units = mergeSplit(text, units)
	d.addSources(text, units)
	out := make([]Quote, 0, len(raw))
	var prev *Quote
	for i := range units {
		if stopped(i) {
			cut = true
			break
		}
		u := &units[i]
		if len(u.quotes) == 0 || !u.attributed && !substantial(text, u.quotes) {
			continue
		}
		if onlyTitles(u.quotes) && !(u.attributed && u.att.hasSource && isCueWord(lower(u.att.cue))) {
			continue // a show's or book's name, not something said ("appeared on “…”")
		}
		if u.quotes = spokenParts(text, u); len(u.quotes) == 0 {
			continue
		}
		speaker, title, ms, me := d.speakerOf(text, units, i, prev)
		cue := ""
		if u.attributed {
			cue = u.att.cue
		}
		for _, q := range u.quotes {
			for _, p := range paragraphParts(text, q) {
				out = append(out, Quote{
					Text: text[p[0]:p[1]], Start: p[0], End: p[1],
					Speaker: speaker, SpeakerTitle: title, SpeakerStart: ms, SpeakerEnd: me,
					Cue: cue, ContentStart: u.contentStart, ContentEnd: u.contentEnd,
				})
			}
		}
		prev = &out[len(out)-1]
	}
	scoreQuotes(out, d)
	if !looksEnglish(text) {
		for i := range out {
			out[i].nonEnglish = true
		}
	}
	for i := range out {
		out[i].Speaker = bareName(out[i].Speaker)
		d.completeName(&out[i])
		out[i].SpeakerTitle = shortTitle(out[i].SpeakerTitle)
		if out[i].Speaker == "" {
			out[i].SpeakerTitle, out[i].SpeakerStart, out[i].SpeakerEnd = "", -1, -1
		}
	}
	return out, cut
}

// workSpans are the inner spans of the quoted names of works among raw.
func workSpans(raw []rawQuote) [][2]int {
	var works [][2]int
	for _, q := range raw {
		if q.title {
			works = append(works, [2]int{q.inStart, q.inEnd})
		}
	}
	return works
}

// completeName gives a speaker written as one word the full name of the
// one person named before it whose name opens with that word (see
// fullFromFirst), with that person's title when the quote has none.
func (d *docIndex) completeName(q *Quote) {
	if q.Speaker == "" || strings.Contains(q.Speaker, " ") {
		return
	}
	at := q.SpeakerStart
	if at < 0 {
		at = q.Start
	}
	if idx, ok := d.fullFromFirst(q.Speaker, at); ok {
		q.Speaker = d.persons[idx].name
		if q.SpeakerTitle == "" {
			q.SpeakerTitle = d.persons[idx].title
		}
	}
}

// paragraphParts splits a quote that runs on into following paragraphs
// (the news convention: no closing mark at the paragraph's end, a fresh
// opening mark on the next) into one inner span per paragraph. The quote is
// attributed whole, but a card must show no paragraph break and no stray
// opening mark inside a quote.
func paragraphParts(text string, q rawQuote) [][2]int {
	var parts [][2]int
	s := q.inStart
	for {
		i := strings.IndexByte(text[s:q.inEnd], '\n')
		if i < 0 {
			break
		}
		next := skipSpace(text, s+i, q.inEnd)
		if next >= q.inEnd || !startsWithOpenMark(text, next) {
			break // a wrapped line, not a new paragraph of the quote
		}
		if e := lastNonSpace(text, s+i) + 1; e > s {
			parts = append(parts, [2]int{s, e})
		}
		s = next + markLen(text, next)
	}
	if s < q.inEnd {
		parts = append(parts, [2]int{s, q.inEnd})
	}
	return parts
}

// speakerOf resolves the speaker of units[i]: its own attribution, else
// the layouts news uses for a quote without one (a credit line, a quote
// paragraph continuing the previous speaker, a lead-in ending in a colon,
// the sentence's subject). prev is the quote before it, or nil.
func (d *docIndex) speakerOf(text string, units []unit, i int, prev *Quote) (speaker, title string, ms, me int) {
	u := &units[i]
	speaker, title, ms, me, quotedName := d.ownSpeaker(text, u)
	if speaker == "" || u.attributed && u.att.hasSource && (u.att.src.guess || u.att.src.subjectIn || u.att.cue == "") {
		// No cue names the speaker: "Rubio’s catch phrase was that Crist
		// “…”", "From Bush's Facebook post: “…”".
		if m, ok := d.possessiveSpeech(text, u.sentS, u.quotes[0].open); ok {
			speaker, title, ms, me = d.persons[m.person].name, d.persons[m.person].title, m.start, m.end
		}
	}
	if speaker == "" && !u.attributed {
		// "“…,” JPL scientist and study co-author Michael Malaska said.":
		// a source phrase the parser could not read still names the
		// person before the cue of the quote's own sentence.
		if m, ok := d.personBeforeCue(text, u.e); ok {
			speaker, title, ms, me = d.persons[m.person].name, d.persons[m.person].title, m.start, m.end
		}
	}
	floating := !u.attributed && u.s == u.quotes[0].open && opensParagraph(text, u.quotes[0].open)
	if speaker == "" && floating && prev != nil {
		// A quote paragraph after a paragraph whose speaker is named after
		// the previous quote ("Carter said that …"): that speaker goes on,
		// not the previous quote's.
		if m, ok := d.lastSource(max(prev.End, paragraphStart(text, max(0, paragraphStart(text, u.s)-2))), u.s); ok {
			speaker, title, ms, me = d.persons[m.person].name, d.persons[m.person].title, m.start, m.end
		}
	}
	if speaker == "" && prev != nil && prev.Speaker != "" &&
		(i > 0 && units[i-1].sentS == u.sentS || // "…,” Hale replied, before adding that “…”"
			!u.attributed && u.s == u.quotes[0].open && (opensParagraph(text, u.quotes[0].open) || i > 0 && !strings.Contains(text[units[i-1].e:u.s], "\n"))) {
		// A later clause of the same sentence, or a paragraph that is
		// only a quote, continues the previous speaker.
		speaker, title, ms, me = prev.Speaker, prev.SpeakerTitle, prev.SpeakerStart, prev.SpeakerEnd
	}
	if speaker == "" && !u.attributed && u.s == u.quotes[0].open && opensParagraph(text, u.quotes[0].open) {
		// A floating quote paragraph: the source of the last cue in the
		// paragraph before ("Moreau said that …").
		if m, ok := d.lastSource(paragraphStart(text, max(0, paragraphStart(text, u.s)-2)), u.s); ok {
			speaker, ms, me = d.persons[m.person].name, m.start, m.end
		}
	}
	if speaker == "" && !u.attributed && u.s == u.quotes[0].open {
		// "Hale issued the following statement:" before the quote.
		if j := lastNonSpace(text, u.s); j >= 0 && text[j] == ':' {
			from := sentenceStart(text, j, paragraphStart(text, j)-1)
			if m, ok := d.sentenceSubject(text, from, j); ok {
				speaker, title, ms, me = d.persons[m.person].name, d.persons[m.person].title, m.start, m.end
			}
		}
	}
	if speaker == "" && !u.attributed && u.s == u.quotes[0].open {
		// "Clinton touted her record. “We need …”": a quote sentence with
		// no attribution of its own goes on from the person the sentence
		// before is about.
		if m, ok := d.prevSentenceSubject(text, u.s); ok {
			speaker, title, ms, me = d.persons[m.person].name, d.persons[m.person].title, m.start, m.end
		}
	}
	if speaker == "" && (!u.attributed || !u.att.hasSource || quotedName) && u.sentS < u.quotes[0].open {
		// No reporting verb, but the sentence has a subject before the
		// quote ("Vance thanked him for “…”", "He called it a “…”"):
		// news writing quotes the sentence's subject.
		// Not when the quote is the subject's whole predicate ("Biden
		// “kind of misspoke.”"): the words are said about that person.
		if m, ok := d.sentenceSubject(text, leadStart(u), u.quotes[0].open); ok && !predicateQuote(text, m, u.quotes[0].open) {
			speaker, title, ms, me = d.persons[m.person].name, d.persons[m.person].title, m.start, m.end
		}
	}
	if speaker == "" && !u.attributed && prev != nil && prev.Speaker != "" && i > 0 {
		// "“…,” Hale said. That makes her “a trustworthy person.”": the
		// next sentence of the paragraph, with a quote inside it and no
		// attribution or subject of its own, goes on with the speaker.
		if gap := text[units[i-1].e:max(units[i-1].e, u.sentS)]; strings.TrimSpace(gap) == "" && !strings.Contains(gap, "\n") {
			speaker, title, ms, me = prev.Speaker, prev.SpeakerTitle, prev.SpeakerStart, prev.SpeakerEnd
		}
	}
	return speaker, title, ms, me
}

// personBeforeCue finds, in the rest of the sentence after a quote ending
// at end, the last person named before its first speech verb ("…
// Michael Malaska said.", "… Dylan Nelson, a fellow at …, Germany, and
// co-author of the study, said in a statement."), unless the verb reports
// a clause of its own ("said that …"). Only a short rest is read, so that
// the cost stays bounded.
func (d *docIndex) personBeforeCue(text string, end int) (mention, bool) {
	stop := sentenceEnd(text, end, min(len(text), end+300))
	toks := tokenize(text, end, stop, nil)
	p := parser{text: text, toks: toks}
	for k := range toks {
		if !p.isCue(k) {
			continue
		}
		if p.isWord(k+1) && p.lw(k+1) == "that" {
			return mention{}, false // "… Malaska said that …": what he said is that clause
		}
		cueAt := toks[k].start
		// The name right after the quote is its source, whatever its
		// appositive names ("“…,” Jim Chilton, vice president at Boeing
		// Defense, Space, and Security, said"); else the last name before
		// the verb ("“…,” the lawyer for Ann Lee, Tom Hale, said").
		first := sort.Search(len(d.mentions), func(i int) bool { return d.mentions[i].start >= end })
		if first < len(d.mentions) && d.mentions[first].start < cueAt && strings.Trim(text[end:d.mentions[first].start], " ,”\"'’") == "" {
			return d.mentions[first], true
		}
		i := sort.Search(len(d.mentions), func(i int) bool { return d.mentions[i].start >= cueAt }) - 1
		if i >= 0 && d.mentions[i].start >= end && !d.inQuote(d.mentions[i]) {
			return d.mentions[i], true
		}
		return mention{}, false
	}
	return mention{}, false
}

// ownSpeaker resolves the speaker a unit names itself: its attribution's
// source, or a credit line. quotedName reports a source rejected for
// standing inside quotation marks.
func (d *docIndex) ownSpeaker(text string, u *unit) (speaker, title string, ms, me int, quotedName bool) {
	speaker, title, ms, me = "", "", -1, -1
	if u.attributed && u.att.hasSource {
		speaker, title, ms, me = d.resolve(text, u.att)
		if ms >= 0 && d.inQuote(mention{start: ms, end: me}) {
			// A name inside quotation marks is what is said or a title
			// ("went on to promote “Celebrity Apprentice,” note that …"),
			// never who says it.
			return "", "", -1, -1, true
		}
	}
	if !u.attributed && u.s == u.quotes[0].open {
		// Fact-check layout: the quote, then a line "- Ruth Vance."
		name, s, e, ok := dashCredit(text, u.e)
		if !ok {
			// Round-up layout: the credit is the last line inside the
			// marks ("“…\nDean Baker, Center for Economic Research.”").
			last := u.quotes[len(u.quotes)-1]
			name, s, e, ok = innerCredit(text, last.inStart, last.inEnd)
		}
		if ok {
			office, bare := creditOffice(name)
			idx := d.findOrAdd(bare, 0)
			speaker, title, ms, me = d.persons[idx].name, d.persons[idx].title, s+len(name)-len(bare), e
			if title == "" {
				title = office
			}
		}
	}
	return speaker, title, ms, me, false
}

// creditOffice splits the office opening a credit line ("-President
// Obama, tweeting …") from the name.
func creditOffice(name string) (office, bare string) {
	words := strings.Fields(name)
	k := 0
	for k < len(words)-1 && (isTitleWord(lower(words[k])) || isHonorific(lower(words[k]))) {
		k++
	}
	if k == 0 {
		return "", name
	}
	at := 0
	for _, w := range words[:k] {
		at += strings.Index(name[at:], w) + len(w)
	}
	at += strings.Index(name[at:], words[k])
	return strings.TrimSpace(name[:at]), name[at:]
}

// predicateQuote reports whether the quote opening at open follows the
// mention m straight on, as its predicate ("Biden “kind of misspoke.”"); a
// possessive ("Obama's “if you like your plan” promise") is no subject.
func predicateQuote(text string, m mention, open int) bool {
	if m.end > open || m.start < 0 {
		return false
	}
	name := text[m.start:m.end]
	return strings.TrimSpace(text[m.end:open]) == "" && stripPossessive(name) == name
}

// englishMarkers are the commonest English function words: they make up
// about a quarter of English news text and almost none of German or French.
var englishMarkers = setOf(`the and of to is that for it was with he she said they are have has this from but not were be his her by`)

// looksEnglish reports whether the first few thousand words of text read as
// English. Short texts are taken as English.
func looksEnglish(text string) bool {
	words, hits := 0, 0
	for _, w := range strings.Fields(text[:min(len(text), 20000)]) {
		words++
		if englishMarkers[strings.ToLower(strings.Trim(w, ",.;:!?\"“”„«»()"))] {
			hits++
		}
	}
	return words < 30 || hits*100 >= words*8
}

// restrictive reports whether a title head needs its relative clause to
// mean anything: "one of the members", "among those".
func restrictive(head string) bool {
	if i := strings.LastIndex(head, ", "); i >= 0 {
		head = head[i+2:]
	}
	head = strings.ToLower(head)
	return strings.HasPrefix(head, "one of ") || strings.HasPrefix(head, "among ") || strings.HasPrefix(head, "the only ") ||
		strings.HasPrefix(head, "the first ") || strings.HasPrefix(head, "the last ")
}

// maxTitle bounds a speaker title on a card: an appositive is the title or
// affiliation, not the whole description that follows it.
const maxTitle = 80

// shortTitle cuts a title at the relative clause or second predicate that
// often follows it ("engineer at X who reviewed the findings") and to
// maxTitle bytes at a word boundary.
func shortTitle(t string) string {
	if i := strings.IndexAny(t, "\n\r"); i >= 0 {
		t = t[:i] // a title never runs into the next paragraph
	}
	if strings.Trim(t, "0123456789,. ") == "" {
		return "" // a number describes nobody ("£7,600 Mr Evans told")
	}
	if f := strings.Fields(t); len(f) > 0 && (notTitleOpeners[lower(f[0])] || participles[lower(f[0])]) {
		return "" // a clause or an adverbial caught after the name, no title
	}
	for _, cut := range []string{" who ", " whom ", " whose ", " which ", " that ", " where ", " when ", ", and ", "; ", " — ", " – ", " (",
		", however", ", though", ", too", ", meanwhile"} {
		i := strings.Index(t, cut)
		if i <= 0 {
			continue
		}
		// "one of the three jurors who asked for a retrial": the clause
		// says which one and is the title; keep it when it fits.
		if rel := strings.HasPrefix(cut, " wh") || cut == " that "; rel && len(t) <= maxTitle && restrictive(t[:i]) {
			continue
		}
		t = t[:i]
	}
	// "… and has led …": "and" opening a second predicate, not a compound
	// title ("research and policy").
	toks := tokenize(t, 0, len(t), nil)
	p := parser{text: t, toks: toks}
	for k := 1; k+1 < len(toks); k++ {
		if p.isWord(k) && p.lw(k) == "and" && (verbHints[p.lw(k+1)] || p.looksLikeVerb(k+1) || isCueWord(p.lw(k+1))) {
			t = t[:toks[k].start]
			break
		}
	}
	if len(t) > maxTitle {
		// Prefer the end of a whole description ("senior strategist for
		// the Chamber of Commerce and a longtime …" ends at "and").
		if i := strings.LastIndex(t[:maxTitle+1], " and "); i >= maxTitle/3 && i+5 < len(t) && !isCap(t[i+5:]) {
			t = t[:i] // not inside a name ("Coastal and Maritime Studies")
		}
	}
	if len(t) > maxTitle {
		t = cutTitle(t)
	}
	return strings.TrimRight(t, " ,;:")
}

// nameSlack is how far past maxTitle a title may run to finish a name the
// bound falls inside: "at the University of Washington" is one name, and
// "at the University" another place. Two short words fit; a longer name is
// dropped whole instead.
const nameSlack = 16

// nameJoiners are the lower-case words inside an institution's capitalised
// name ("Council on Energy", "Center for Environmental Politics"): between
// two capitalised words they belong to the name, not to the title around
// it. "in" is not one: "Studies in Portsmouth" names where the body is.
var nameJoiners = setOf(`of on for and the de du la von van &`)

// cutTitle cuts a title longer than maxTitle at a word boundary. The cut
// never falls inside a capitalised name: a name ending within nameSlack of
// the bound is kept whole, a longer one goes with the preposition that
// introduces it. The title never ends on a function word or a possessive
// ("at Tufts University’s"), which both promise words that were cut.
func cutTitle(t string) string {
	words := strings.Fields(t)
	ends := make([]int, len(words)) // byte end of each word in t
	for i, at := 0, 0; i < len(words); i++ {
		at = strings.Index(t[at:], words[i]) + at + len(words[i])
		ends[i] = at
	}
	c := 0 // words wholly within the bound
	for c < len(words) && ends[c] <= maxTitle {
		c++
	}
	if c == 0 {
		cut := maxTitle
		for cut > 0 && !utf8.RuneStart(t[cut]) {
			cut--
		}
		return t[:cut]
	}
	if rs, re, ok := nameAcross(words, c); ok {
		switch {
		case ends[re] <= maxTitle+nameSlack:
			c = re + 1
		case rs >= 2:
			c = rs
		}
	}
	for c > 1 && (stopWords[lower(words[c-1])] || stripPossessive(words[c-1]) != words[c-1]) {
		if stripPossessive(words[c-1]) != words[c-1] {
			for c > 2 && isCap(words[c-2]) {
				c-- // the whole name the possessive ends: "Tufts University’s"
			}
		}
		c--
	}
	return t[:ends[c-1]]
}

// nameAcross reports whether a capitalised name runs across the boundary
// before words[c], and returns its first and last capitalised words.
func nameAcross(words []string, c int) (rs, re int, ok bool) {
	capital := func(i int) bool { return isCap(words[i]) }
	inName := func(i int) bool {
		w := words[i]
		if strings.ContainsAny(w[len(w)-1:], ",;:.") && i != c-1 && !capital(i) {
			return false
		}
		return capital(i) || nameJoiners[w]
	}
	if !inName(c-1) || !inName(c) || strings.ContainsAny(words[c-1], ",;:") {
		return 0, 0, false
	}
	rs, re = c-1, c
	for rs > 0 && inName(rs-1) && !strings.ContainsAny(words[rs-1], ",;:") {
		rs--
	}
	for re+1 < len(words) && inName(re+1) && !strings.ContainsAny(words[re], ",;:") {
		re++
	}
	for rs < c && !capital(rs) {
		rs++
	}
	for re >= c && !capital(re) {
		re--
	}
	return rs, re, rs < c && re >= c
}

// participles open a clause after a name ("Manafort, seen as a formidable
// opponent, …"), never a title.
var participles = setOf(`seen known considered described regarded viewed thought believed said called
	named dubbed widely long often once speaking writing asked pressed`)

// notTitleOpeners open clauses and adverbials, never a title, which is a
// noun phrase: "also considering Sanders", "as they demonstrated against
// the Thunder", "by her own accounting", "in his testimony", "referring to
// …", "and Harper knew in his bones", "was how".
var notTitleOpeners = setOf(`and also as by in into referring speaking adding saying noting according was is
	were are has had have did does most however but or so then still yet even while when after before during`)

// buildUnits groups quotes that share a sentence.
func buildUnits(text string, raw []rawQuote) []unit {
	var units []unit
	var sc endScan
	for _, q := range raw {
		e := sc.quoteSentenceEnd(text, q)
		if n := len(units); n > 0 && q.open < units[n-1].e {
			// Same sentence: its start is known, only its end may grow.
			u := &units[n-1]
			u.quotes = append(u.quotes, q)
			u.e = max(u.e, e)
			continue
		}
		lo := 0
		if n := len(units); n > 0 {
			lo = units[n-1].e // the previous quote's sentence bounds this one
		}
		floor := paragraphStartAfter(text, q.open, lo)
		s := sentenceStart(text, q.open, floor)
		units = append(units, unit{quotes: []rawQuote{q}, s: min(s, q.open), sentS: min(s, q.open), e: e})
	}
	return units
}

// leadReach bounds how far before a unit's own start its sentence is read
// for a subject or an earlier cue: a news sentence's lead is far shorter,
// and an endless hostile sentence split at thousands of cues must not be
// read again from its start for each of them.
const leadReach = 600

// leadStart is where a unit's sentence is read from: its real start,
// unless that lies more than leadReach before the unit.
func leadStart(u *unit) int {
	return max(u.sentS, u.s-leadReach)
}

// endScan remembers how far forward the text is known to hold no sentence
// end and no line break, so that thousands of quotes in one endless
// sentence cost one scan, not one each (hostile input: "“a” “a” “a” …").
type endScan struct {
	from, to int // text[from:to) holds no sentence end
	nl       int // the first line break at or after from, or len(text)
}

// lineEnd is lineEnd(text, pos), reusing the line break found before.
func (sc *endScan) lineEnd(text string, pos int) int {
	if pos > sc.nl || sc.nl == 0 {
		sc.nl = len(text)
		if i := strings.IndexByte(text[pos:], '\n'); i >= 0 {
			sc.nl = pos + i
		}
	}
	return min(sc.nl, pos+maxReach, len(text))
}

// quoteSentenceEnd finds where the sentence holding a quote ends. A quote
// closing on a full stop ends its sentence unless lower-case text follows.
func (sc *endScan) quoteSentenceEnd(text string, q rawQuote) int {
	lineEnd := sc.lineEnd(text, q.closeEnd)
	if q.closeEnd == q.inEnd { // unclosed: ran to the end of its paragraph
		return q.closeEnd
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(text[q.inStart:q.inEnd], " "))
	if last == '.' {
		next := skipSpace(text, q.closeEnd, lineEnd)
		if next >= lineEnd {
			return q.closeEnd
		}
		r, _ := utf8.DecodeRuneInString(text[next:])
		if !isLowerRune(r) && r != ',' {
			return q.closeEnd
		}
	}
	start := q.closeEnd
	if sc.from <= start && start < sc.to {
		start = min(sc.to, lineEnd)
	}
	end, stop := sentenceEndFrom(text, q.closeEnd, start, lineEnd)
	if !(sc.from <= q.closeEnd && q.closeEnd <= sc.to) {
		sc.from = q.closeEnd
	}
	sc.to = stop
	return end
}

func isLowerRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r > 127 && strings.ToLower(string(r)) == string(r) && strings.ToUpper(string(r)) != string(r)
}

// attribute finds the attribution of unit i and its content span.
// names are the function words the document's people bear as names.
func attribute(text string, u *unit, names map[string]bool) {
	first, last := u.quotes[0], u.quotes[len(u.quotes)-1]
	var toks []token
	// After the last quote, or between two quotes of the sentence.
	var after attribution
	afterOK := false
	for k := len(u.quotes) - 1; k >= 0 && !afterOK; k-- {
		to := u.e
		if k+1 < len(u.quotes) {
			to = u.quotes[k+1].open
		}
		toks = tokenize(text, u.quotes[k].closeEnd, to, toks[:0])
		p := parser{text: text, toks: toks, names: names}
		after, afterOK = p.after()
		if afterOK && k+1 < len(u.quotes) && after.src.appositive != "" && after.end >= u.quotes[k+1].open {
			// A quote inside the source's description ("one of the
			// club’s “old guard” trustees") is not part of the content.
			after.end = sentenceEnd(text, after.end, u.e)
			u.quotes = u.quotes[:k+1]
			last = u.quotes[k]
		}
	}
	toks = tokenize(text, leadStart(u), first.open, toks[:0])
	minCue := 0
	for minCue < len(toks) && toks[minCue].start < u.s {
		minCue++
	}
	p := parser{text: text, toks: toks, names: names}
	before, beforeOK := p.before(minCue)
	leaderEmpty := minCue == len(toks)

	switch {
	case afterOK && !(beforeOK && len(u.quotes) == 1 && p.quoteInOpening(minCue)) && (!beforeOK || leaderEmpty || after.start-last.closeEnd <= 3):
		if rep, ok := reporterAfter(text, after.end, u.e); ok {
			after.src = rep
		}
		u.att, u.attributed = after, true
		end := u.e
		if after.start >= last.closeEnd { // attribution after every quote
			end = after.start
		}
		u.contentStart, u.contentEnd = trimContent(text, u.s, end, last.closeEnd)
	case beforeOK:
		u.att, u.attributed = before, true
		u.contentStart, u.contentEnd = trimContent(text, before.contentFrom, clauseEnd(text, last.closeEnd, u.e), last.closeEnd)
	default:
		u.contentStart, u.contentEnd = trimContent(text, u.s, u.e, last.closeEnd)
		// "Hale tweeted:" closing the previous sentence or paragraph.
		if a, ok := colonLead(text, u.s); ok {
			u.att, u.attributed = a, true
		} else if a, ok := p.subjectVerb(minCue); ok {
			u.att, u.attributed = a, true
			u.contentStart, u.contentEnd = trimContent(text, a.contentFrom, clauseEnd(text, last.closeEnd, u.e), last.closeEnd)
		}
	}
	// A quote ending with ?/! is followed by its sentence only if an
	// attribution was found there.
	if !u.attributed && u.e > last.closeEnd {
		u.e = last.closeEnd
		u.contentStart, u.contentEnd = trimContent(text, u.s, u.e, last.closeEnd)
	}
}

// dialogueTurn reports whether the attribution a, read after the quote
// prev and before another quote, opens the next turn of an exchange: prev
// is introduced by a lead-in ("Clinton responds to Mills with, “Why
// now?”") and ends its own sentence, and a new sentence names the next
// speaker ("Mills then writes back, “You look cute.”"). In "“We will,”
// Smith said, “and soon.”" the attribution is the split quote's own.
func dialogueTurn(text string, prev rawQuote, a attribution) bool {
	if j := lastNonSpace(text, prev.open); j < 0 || text[j] != ',' && text[j] != ':' {
		return false
	}
	j := lastNonSpace(text, prev.inEnd)
	return j >= 0 && strings.ContainsRune("?!.", rune(text[j])) && isCap(text[a.start:])
}

// colonLead finds an attribution in the sentence just before s when it ends
// with a colon ("In one post, Hale said:").
func colonLead(text string, s int) (attribution, bool) {
	j := lastNonSpace(text, s)
	if j < 0 || text[j] != ':' {
		return attribution{}, false
	}
	ps := sentenceStart(text, j, paragraphStart(text, j)-1)
	toks := tokenize(text, ps, j+1, nil)
	p := parser{text: text, toks: toks}
	a, ok := p.before(0)
	if !ok {
		return attribution{}, false
	}
	a.viaPrev = true
	return a, true
}

// trimContent trims a content span: leading spaces, colons, commas and
// "that"; trailing spaces and punctuation that sits outside the last quote.
func trimContent(text string, s, e, lastClose int) (int, int) {
	for {
		s = skipSpace(text, s, e)
		if s < e && (text[s] == ':' || text[s] == ',' || text[s] == ';') {
			s++
			continue
		}
		break
	}
	for e > s {
		c := text[e-1]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || (e > lastClose && (c == ',' || c == '.' || c == ';' || c == ':')) {
			e--
			continue
		}
		if e > lastClose && strings.HasSuffix(text[s:e], "—") {
			e -= len("—")
			continue
		}
		break
	}
	return s, e
}

// mergeSplit joins a quote that opens a sentence with no attribution of its
// own to the attributed quote just before it in the same paragraph:
// “…,” he said. “…” is one attribution.
func mergeSplit(text string, units []unit) []unit {
	out := units[:0]
	for _, u := range units {
		if n := len(out); n > 0 && !u.attributed && u.s == u.quotes[0].open {
			prev := &out[n-1]
			gap := text[prev.e:u.s]
			sameParagraph := !strings.Contains(gap, "\n")
			// A quote paragraph right after "“…,” Trump said." goes on
			// with the same statement when the paragraph is the quote alone.
			nextParagraph := strings.Count(gap, "\n") <= 2 && quoteParagraph(text, u)
			if prev.attributed && !prev.att.viaPrev && strings.TrimSpace(gap) == "" && (sameParagraph || nextParagraph) &&
				prev.att.start >= prev.quotes[0].closeEnd {
				prev.quotes = append(prev.quotes, u.quotes...)
				prev.e = u.e
				prev.contentEnd = u.contentEnd
				continue
			}
		}
		out = append(out, u)
	}
	return out
}

// quoteParagraph reports whether u is a paragraph that holds nothing but
// its quotes.
func quoteParagraph(text string, u unit) bool {
	last := u.quotes[len(u.quotes)-1]
	return opensParagraph(text, u.quotes[0].open) && strings.TrimSpace(text[last.closeEnd:lineEnd(text, last.closeEnd)]) == ""
}

// markTitles marks quoted names of shows, books and events ("Meet the
// Mayors", "Evening Desk"): short, title-cased, with no sentence inside.
// They stay in the text's quotes, so that "Starr said the case recalls the
// book “The Long Fall”" is still Starr's reported statement.
func markTitles(text string, qs []rawQuote) {
	for i, q := range qs {
		qs[i].title = looksLikeTitle(text[q.inStart:q.inEnd]) && !spokenAfter(text, q)
	}
}

// onlyTitles reports whether every quote of a unit is a marked title.
func onlyTitles(qs []rawQuote) bool {
	for _, q := range qs {
		if !q.title {
			return false
		}
	}
	return true
}

func looksLikeTitle(s string) bool {
	s = strings.TrimRight(s, ",.")
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 6 {
		return false
	}
	caps := 0
	for _, w := range words {
		if isCap(w) || w[0] >= '0' && w[0] <= '9' {
			caps++
			continue
		}
		switch lower(w) {
		case "the", "a", "an", "of", "and", "in", "on", "for", "to", "with", "at", "it", "is":
			continue
		}
		return false
	}
	return caps > 0 && (len(words) > 1 || isCap(words[0]))
}

// spokenParts returns the quotes of u that report words, leaving out the
// names of works: a title no verb attributes, a title-cased name right
// after its kind ("her first
// album, “Salt Roads,”") or after a naming verb ("a film dubbed “The Long
// Climb”"). A name inside what a speech verb before it reports ("Starr said
// the case recalls the book “The Long Fall”") is part of what was said.
func spokenParts(text string, u *unit) []rawQuote {
	kept := u.quotes[:0:0]
	for _, q := range u.quotes {
		if looksLikeTitle(text[q.inStart:q.inEnd]) && namesWork(text, q.open) && !reportedWithin(text, u, q.open) {
			continue
		}
		if q.title && !u.attributed {
			// No verb reports it: beside words the sentence's subject is
			// quoted saying, a title is a name ("joins in with the “Row,
			// Row” chorus").
			continue
		}
		kept = append(kept, q)
	}
	if len(kept) == len(u.quotes) {
		return u.quotes
	}
	return kept
}

// namesWork reports whether the words before a quote opening at open make
// it a work's name: a kind of work ("the show", "his album,", "an episode
// of"), or a naming verb with no subject right before it ("a film dubbed",
// not "she called").
func namesWork(text string, open int) bool {
	toks := tokenize(text, max(0, open-60), open, nil)
	k := len(toks) - 1
	if k >= 0 && text[toks[k].start] == ',' {
		k--
	}
	if k < 0 || !toks[k].word {
		return false
	}
	p := parser{text: text, toks: toks}
	lw := p.lw(k)
	if workKinds[lw] || lw == "of" && k > 0 && p.isWord(k-1) && partOfWork[p.lw(k-1)] {
		return true // "the television show “…”", "an episode of “…”"
	}
	if !namingVerbs[lw] || k == 0 || !p.isWord(k-1) {
		return false
	}
	before := p.lw(k - 1)
	return !pronounWords[before] && !isCap(p.w(k-1)) && before != "what" && before != "has" && before != "have" && before != "had"
}

// reportedWithin reports whether the unit's speech verb comes before the
// quote opening at open with other words between them, so that the quote
// lies inside the clause it reports ("said the case recalls the book “…”"),
// rather than being the verb's own object ("dubbed “…”") or a noun the
// verb's form modifies ("the singing competition “…”").
func reportedWithin(text string, u *unit, open int) bool {
	a := u.att
	if !u.attributed || !a.hasSource || a.cueEnd > open || a.start > u.quotes[0].open || namingVerbs[lower(a.cue)] || strings.HasSuffix(lower(a.cue), "ing") {
		return false // "“…,” Hale said on an episode of “…”": the words are the first quote
	}
	return len(strings.Fields(text[a.cueEnd:open])) >= 2
}

// substantial reports whether an unattributed quote is more than a scare
// quote: at least four words across its parts.
func substantial(text string, qs []rawQuote) bool {
	n := 0
	for _, q := range qs {
		n += len(strings.Fields(text[q.inStart:q.inEnd]))
	}
	return n >= 4
}

// clauseEnd is where the content of an attribution that precedes its quote
// stops after the last quote: the sentence end, or an earlier comma, dash or
// semicolon, or a second predicate ("… “crazy” and said …").
func clauseEnd(text string, from, e int) int {
	toks := tokenize(text, from, e, nil)
	p := parser{text: text, toks: toks}
	for i, t := range toks {
		if !t.word {
			switch p.w(i) {
			case ",", ";", "—", "–", "(":
				// A second clause of the reporting verb ("…, adding that",
				// "…, he said") ends the content; an appositive or a
				// relative clause inside it does not.
				if i > 0 && (p.w(i) != "," || p.isCue(i+1) || p.isCue(i+2) || p.isCue(i+3)) {
					return t.start
				}
			}
			continue
		}
		if i == 0 && p.isCue(0) && strings.HasSuffix(p.lw(0), "ing") && p.lw(0) != "according" {
			return t.start // "“…,” adding that …": a second reporting clause
		}
		switch p.lw(i) {
		case "and", "but", "while", "as", "before", "after":
			if p.isCue(i+1) || p.isWord(i+1) && pronounGender[p.lw(i+1)] != 0 && (p.isCue(i+2) || betweenWords[p.lw(i+2)] && p.isCue(i+3)) {
				return t.start
			}
		}
	}
	return e
}

// splitOnCues splits a sentence's quotes into separate attributions where a
// new cue stands between two of them: "X called the ruling “historic,”
// telling reporters that it was “a turning point.”" holds two.
func splitOnCues(text string, units []unit) []unit {
	out := make([]unit, 0, len(units))
	var toks []token
	for _, u := range units {
		cur := u
		cur.quotes = nil
		for k, q := range u.quotes {
			if k > 0 {
				prev := u.quotes[k-1]
				toks = tokenize(text, prev.closeEnd, q.open, toks[:0])
				p := parser{text: text, toks: toks}
				restTok := 0
				if a, ok := p.after(); ok && !dialogueTurn(text, prev, a) {
					for restTok < len(toks) && toks[restTok].start < a.end {
						restTok++
					}
				}
				cueAt := -1
				for j := restTok; j < len(toks); j++ {
					if p.isCue(j) && !p.freeRelative(j) {
						cueAt = j
						break
					}
				}
				if cueAt >= 0 {
					// The clause of the new cue starts after the last comma
					// before it (or right after the previous attribution).
					from := restTok
					for j := cueAt - 1; j >= restTok; j-- {
						if !toks[j].word && (p.w(j) == "," || p.w(j) == ";" || p.w(j) == "—") {
							from = j + 1
							break
						}
					}
					splitAt := q.open
					if from < len(toks) {
						splitAt = toks[from].start
					}
					cur.e = splitAt
					out = append(out, cur)
					cur = unit{s: splitAt, sentS: u.sentS, e: u.e}
				}
			}
			cur.quotes = append(cur.quotes, q)
		}
		out = append(out, cur)
	}
	return out
}

// spokenAfter reports whether a quote is followed by its attribution
// ("“Really,” she added"), which makes a title-cased word a reply.
func spokenAfter(text string, q rawQuote) bool {
	end := min(len(text), q.closeEnd+80)
	if i := strings.IndexByte(text[q.closeEnd:end], '\n'); i >= 0 {
		end = q.closeEnd + i
	}
	p := parser{text: text, toks: tokenize(text, q.closeEnd, end, nil)}
	a, ok := p.after()
	return ok && a.start-q.closeEnd <= 3
}

// dashCredit reads a credit line after a quote: "\n\n- Ruth Vance.".
func dashCredit(text string, from int) (string, int, int, bool) {
	i := skipSpace(text, from, len(text))
	if i == from || !strings.Contains(text[from:i], "\n") {
		return "", 0, 0, false
	}
	rest := text[i:min(len(text), i+60)]
	var dash string
	for _, d := range []string{"- ", "— ", "― ", "– ", "-", "—", "―", "–"} {
		if dash == "" && strings.HasPrefix(rest, d) {
			dash = d // "- Ruth Vance." or, closed up, "-Ruth Vance, Ashgrove."
		}
	}
	if dash == "" {
		return "", 0, 0, false
	}
	start := i + len(dash)
	end := start
	for end < len(text) && text[end] != '\n' && text[end] != '.' && text[end] != ',' && end-start < 40 {
		end++
	}
	name := text[start:end]
	words := strings.Fields(name)
	if len(words) == 0 || len(words) > 4 {
		return "", 0, 0, false
	}
	for _, w := range words {
		if !isCap(w) {
			return "", 0, 0, false
		}
	}
	return name, start, end, true
}

// innerCredit reads a credit as the last line of a quote's text [s, e):
// a name of two to four capitalised words, then a comma and an affiliation
// or a full stop, on a short line of its own after a full sentence.
func innerCredit(text string, s, e int) (string, int, int, bool) {
	nl := strings.LastIndexByte(text[s:e], '\n')
	if nl < 0 {
		return "", 0, 0, false
	}
	start := skipSpace(text, s+nl+1, e)
	line := strings.TrimRight(text[start:e], " ")
	before := strings.TrimRight(text[s:s+nl], " ")
	if len(line) > 90 || !strings.HasSuffix(line, ".") || before == "" || !strings.ContainsAny(before[len(before)-1:], ".!?") {
		return "", 0, 0, false
	}
	name, _, _ := strings.Cut(strings.TrimSuffix(line, "."), ",")
	words := strings.Fields(name)
	if len(words) < 2 || len(words) > 4 {
		return "", 0, 0, false
	}
	for _, w := range words {
		if !isCap(w) || stopCaps[lower(w)] {
			return "", 0, 0, false
		}
	}
	return name, start, start + len(name), true
}

// lastNonSpace is the offset of the last non-space byte before pos, or -1.
// A no-break space (U+00A0, common in pasted web text) counts as space.
func lastNonSpace(text string, pos int) int {
	j := pos - 1
	for j >= 0 {
		switch {
		case text[j] == ' ' || text[j] == '\n' || text[j] == '\t' || text[j] == '\r':
			j--
		case text[j] == 0xA0 && j > 0 && text[j-1] == 0xC2:
			j -= 2
		default:
			return j
		}
	}
	return j
}
