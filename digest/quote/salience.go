package quote

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Pronoun resolution by salience, after Lappin and Leass (1994): "he" and
// "she" refer to the person the last few sentences are about, not to the
// nearest name. A real page ended a story about a congresswoman with
// "“…,” she wrote in her letter" and the nearest name was the possessive
// in "during Carlineo's sentencing", the man convicted of threatening her:
// nearest-first gave him the quote. Salience counts each mention of a
// person in the sentences before the pronoun, weighted by grammatical role
// (a subject or a quote's source over an object, a head over a possessive
// or a name inside a quotation) and halved for each sentence back; the
// pronouns already resolved count for their person, so "Farouk asked … She
// added … she wrote" stays Farouk's. The weights are Lappin and Leass's.
const (
	salienceRecency = 100 // any mention in the sentence
	salienceSubject = 80  // the subject of its clause, or a cue's source
	salienceHead    = 50  // not a possessive, not inside a quotation
	salienceSpeaker = 80  // the source of a quote: "he added" goes on with it
	// salienceSentences is how many sentences are read back, the
	// pronoun's own included; salienceReach bounds them in bytes, so
	// resolving a pronoun costs the same in any text.
	salienceSentences = 4
	salienceReach     = 1500
)

// resolvedPronoun is a "he" or "she" outside quotation marks and the
// person it was resolved to (-1 when nobody compatible was salient).
type resolvedPronoun struct {
	start, end int
	gender     byte
	person     int
}

// pronounsUpTo resolves, in text order, every he/she outside quotations
// that starts before pos and returns them all. Each is resolved once, with
// the earlier ones known, as a reader reads.
func (d *docIndex) pronounsUpTo(text string, pos int) []resolvedPronoun {
	pos = min(pos, len(text))
	if pos <= d.pronounScan {
		return d.pronouns
	}
	for i := d.pronounScan; i < pos; {
		j := strings.IndexAny(text[i:pos], "hHsS")
		if j < 0 {
			break
		}
		i += j
		n := pronounAt(text, i)
		if n == 0 {
			i++
			continue
		}
		g := byte('m')
		if n == 3 {
			g = 'f'
		}
		if !d.inQuote(mention{start: i, end: i + n}) {
			p := resolvedPronoun{start: i, end: i + n, gender: g, person: -1}
			if m, ok := d.salient(text, i, g); ok {
				p.person = m.person
			}
			d.pronouns = append(d.pronouns, p)
		}
		i += n
	}
	d.pronounScan = pos
	return d.pronouns
}

// pronounAt returns the length of the word "he" or "she" (any case)
// starting at i, or 0. A contraction ("she’s", "he'd") is the pronoun too.
func pronounAt(text string, i int) int {
	if r, _ := utf8.DecodeLastRuneInString(text[:i]); i > 0 && isWordRune(r) {
		return 0
	}
	for _, w := range []string{"he", "she"} {
		if len(text)-i < len(w) || !strings.EqualFold(text[i:i+len(w)], w) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(text[i+len(w):]); i+len(w) == len(text) || !isWordRune(r) {
			return len(w)
		}
	}
	return 0
}

// pronounAntecedent resolves the he/she at pos (its first byte) by
// salience; the pronoun must be one pronounsUpTo finds.
func (d *docIndex) pronounAntecedent(text string, pos int) (mention, bool) {
	ps := d.pronounsUpTo(text, pos+1)
	i := sort.Search(len(ps), func(i int) bool { return ps[i].start >= pos })
	if i == len(ps) || ps[i].start != pos || ps[i].person < 0 {
		return mention{}, false
	}
	return d.lastMentionOf(ps[i].person, pos)
}

// lastMentionOf returns the person's last mention by name before pos,
// outside quotation marks if there is one: a name inside a quotation is
// never taken for its speaker.
func (d *docIndex) lastMentionOf(person, pos int) (mention, bool) {
	i := sort.Search(len(d.mentions), func(i int) bool { return d.mentions[i].start >= pos }) - 1
	var quoted *mention
	for ; i >= 0; i-- {
		if d.mentions[i].person != person {
			continue
		}
		if !d.inQuote(d.mentions[i]) {
			return d.mentions[i], true
		}
		if quoted == nil {
			quoted = &d.mentions[i]
		}
	}
	if quoted != nil {
		return *quoted, true
	}
	return mention{}, false
}

// sentenceStartOutsideQuotes is sentenceStart (no further back than
// floor) that does not stop inside a quotation: a quote of several
// sentences and its attribution are one sentence of the narrative.
func (d *docIndex) sentenceStartOutsideQuotes(text string, end, floor int) int {
	for {
		start := sentenceStart(text, end, floor-1)
		i := sort.Search(len(d.quoted), func(i int) bool { return d.quoted[i][1] > start })
		if i == len(d.quoted) || d.quoted[i][0] >= start || d.quoted[i][0] <= floor || d.quoted[i][0] >= end {
			return start
		}
		end = d.quoted[i][0]
	}
}

// salient returns the most salient person of compatible gender in the
// sentences before pos (see the weights above), as their last mention.
func (d *docIndex) salient(text string, pos int, gender byte) (mention, bool) {
	floor := max(0, pos-salienceReach)
	if d.score == nil {
		d.score = make(map[int]float64)
	}
	score := d.score
	clear(score)
	end, factor := pos, 1.0
	for k := 0; k < salienceSentences && end > floor; k++ {
		start := d.sentenceStartOutsideQuotes(text, end, floor)
		d.scoreSentence(text, start, end, gender, factor, score)
		factor /= 2
		end = lastNonSpace(text, start) + 1
		if strings.Contains(text[max(0, end):start], "\n") {
			factor /= 2 // a new paragraph is a new topic as often as not
		}
	}
	best, bestScore := -1, 0.0
	for p, s := range score {
		if s > bestScore || s == bestScore && best >= 0 && p < best {
			best, bestScore = p, s
		}
	}
	if best < 0 {
		return mention{}, false
	}
	return d.lastMentionOf(best, pos)
}

// scoreSentence adds the salience of the persons mentioned in
// text[start:end] (names and pronouns resolved before), times factor.
func (d *docIndex) scoreSentence(text string, start, end int, gender byte, factor float64, score map[int]float64) {
	compatible := func(p int) bool {
		g := d.persons[p].gender
		return !d.acronym(p) && (gender == 0 || g == 0 || g == gender)
	}
	i := sort.Search(len(d.mentions), func(i int) bool { return d.mentions[i].start >= start })
	seen := -1 // the recogniser and the scan may both hold a mention
	for ; i < len(d.mentions) && d.mentions[i].start < end; i++ {
		m := d.mentions[i]
		if m.start < seen || !compatible(m.person) || d.descriptive(m) || d.inQuote(m) {
			continue // a name inside a quotation is talked about, by someone else
		}
		seen = m.end
		score[m.person] += float64(d.roleWeight(text, m)) * factor
	}
	ps := d.pronouns
	j := sort.Search(len(ps), func(j int) bool { return ps[j].start >= start })
	for ; j < len(ps) && ps[j].start < end; j++ {
		if p := ps[j].person; p >= 0 && compatible(p) && (gender == 0 || ps[j].gender == gender) {
			// A nominative pronoun is the subject of its clause.
			score[p] += float64(salienceRecency+salienceSubject+salienceHead) * factor
		}
	}
}

// roleWeight is the salience of mention m in its sentence before the
// halving: its recency and its grammatical role. It is kept per mention,
// since every pronoun in the sentences after reads it again.
func (d *docIndex) roleWeight(text string, m mention) int {
	if w, ok := d.roleWeights[m.start]; ok {
		return w
	}
	w := salienceRecency
	if name := text[m.start:m.end]; stripPossessive(name) == name && !possessiveAt(text, m.end) {
		w += salienceHead
		start := sentenceStart(text, m.start, max(-1, m.start-salienceReach))
		// The subject: a name before its verb, a cue's source, or the
		// name opening the sentence ("Farouk, a Democrat who …, said").
		// A place after "from" is no subject, whatever follows it ("Reneus,
		// 18, from Lee County, Fla., disagrees").
		after := d.afterAppositive(text, m.end)
		var verb, appositive bool
		verb, d.toks = verbFollowsBuf(text, m.end, d.toks)
		if after > m.end && !prepositionBefore(text, m.start) {
			appositive, d.toks = verbFollowsBuf(text, after, d.toks)
		}
		if verb || appositive || d.isSource(m) || leadsSentence(text[start:m.start]) {
			w += salienceSubject
		}
		if d.isSource(m) || d.speechVerbAt(text, after) {
			w += salienceSpeaker
		}
	}
	if d.roleWeights == nil {
		d.roleWeights = make(map[int]int)
	}
	d.roleWeights[m.start] = w
	return w
}

// speechVerbAt reports whether a speech verb is at pos, which follows a
// name and its appositive (see afterAppositive): "Marion Ruiz, Delaney's
// attorney, said her client …" makes Ruiz the last speaker even without a
// quotation, so the "she said" after it is hers.
func (d *docIndex) speechVerbAt(text string, pos int) bool {
	d.toks = tokenize(text, pos, min(len(text), pos+80), d.toks[:0])
	p := parser{text: text, toks: d.toks}
	k := 0
	for n := 0; n < 2 && p.isWord(k) && betweenWords[p.lw(k)]; n++ {
		k++
	}
	return p.isCue(k) && p.lw(k) != "according"
}

// afterAppositive returns where the clause goes on after the name ending
// at pos: past a party tag in parentheses and a description set off by
// commas ("Rep. Dana Pruitt (R-Ala.), ranking member of the panel,
// pushed …"), or pos when neither follows.
func (d *docIndex) afterAppositive(text string, pos int) int {
	d.toks = tokenize(text, pos, min(len(text), pos+200), d.toks[:0])
	p := parser{text: text, toks: d.toks}
	k := 0
	if p.isPunct(k, "(") {
		for k++; k < 8 && k < len(p.toks) && !p.isPunct(k, ")"); k++ {
		}
		if !p.isPunct(k, ")") {
			return pos
		}
		k++
	}
	if p.isPunct(k, ",") {
		e := k + 1
		for e < k+16 && (p.isWord(e) || p.isPunct(e, "’") || p.isPunct(e, "'") || p.isPunct(e, "-")) {
			e++
		}
		if e > k+1 && p.isPunct(e, ",") {
			k = e + 1
		}
	}
	if k == 0 {
		return pos
	}
	if k >= len(p.toks) {
		return min(len(text), pos+200)
	}
	return p.toks[k].start
}

// possessiveAt reports whether a possessive ’s or 's follows at pos.
func possessiveAt(text string, pos int) bool {
	return strings.HasPrefix(text[pos:], "’s") || strings.HasPrefix(text[pos:], "'s") ||
		strings.HasPrefix(text[pos:], "’ ") || strings.HasPrefix(text[pos:], "' ")
}

// prepositionBefore reports whether the word before pos is a preposition.
func prepositionBefore(text string, pos int) bool {
	toks := tokenize(text, max(0, pos-20), pos, nil)
	if len(toks) == 0 || !toks[len(toks)-1].word {
		return false
	}
	w := lower(text[toks[len(toks)-1].start:toks[len(toks)-1].end])
	return openingPrepositions[w] || w == "of" || w == "to" || w == "by" || w == "near" || w == "outside"
}

// acronym reports whether the person's name is one word in capitals
// ("NASA", "ISIS"): an organisation, which "he" or "she" never is.
func (d *docIndex) acronym(p int) bool {
	name := d.persons[p].name
	return len(name) > 1 && !strings.ContainsAny(name, " \u00a0") && strings.ToUpper(name) == name && strings.ToLower(name) != name
}

// isSource reports whether m stands as the source of a cue.
func (d *docIndex) isSource(m mention) bool {
	i := sort.Search(len(d.sources), func(i int) bool { return d.sources[i].start >= m.start })
	return i < len(d.sources) && d.sources[i].start == m.start
}
