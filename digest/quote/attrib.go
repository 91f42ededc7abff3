package quote

import "strings"

// source is a parsed source phrase ("Sen. Elena Kovac, a Democrat from Ohio").
type source struct {
	start, end         int // the whole phrase
	nameStart, nameEnd int // the name inside it; -1 when there is none
	prefix             string
	appositive         string
	pronoun            string // lower case, when the phrase is a pronoun
	role               string // head noun of "the senator"-style phrases
	indefinite         bool   // "a spokesman": a role that names nobody
	guess              bool   // taken from the sentence's start, not next to the cue
	subjectIn          bool   // the source is the first person named in [start, end)
	hometown           bool   // "43-year-old X of Town": what follows the name is no title
	gender             byte
	// first is the first conjunct of a coordinated source ("Trump and
	// Ryan issued a statement"): both speak, so the speaker names both.
	first *source
}

// attribution is a source with its cue.
type attribution struct {
	src                source
	cue                string
	cueStart, cueEnd   int
	start, end         int // source and cue together
	contentFrom        int // for an attribution before the quote: where its content starts
	hasSource, viaPrev bool
}

func (a attribution) title() string {
	parts := make([]string, 0, 2)
	if a.src.prefix != "" {
		parts = append(parts, a.src.prefix)
	}
	if a.src.appositive != "" {
		parts = append(parts, a.src.appositive)
	}
	return strings.Join(parts, ", ")
}

type parser struct {
	text string
	toks []token
	// inConjunct is set while a first conjunct is read, so that "A and B
	// and C …" costs one step back, not a recursion through the sentence.
	inConjunct bool
	// names holds the function words that this document's people bear as
	// names ("Theresa May", "Al From"): there "May said" has a source.
	names map[string]bool
}

// stopWord reports whether the lower-cased word lw is a function word that
// cannot be part of a name here.
func (p *parser) stopWord(lw string) bool { return stopCaps[lw] && !p.names[lw] }

// pronoun reports whether word i is a subject pronoun.
func (p *parser) pronoun(i int) bool {
	_, ok := pronounGender[p.lw(i)]
	return ok
}

func (p *parser) w(i int) string    { return p.text[p.toks[i].start:p.toks[i].end] }
func (p *parser) lw(i int) string   { return lower(p.w(i)) }
func (p *parser) isWord(i int) bool { return i >= 0 && i < len(p.toks) && p.toks[i].word }
func (p *parser) isPunct(i int, s string) bool {
	return i >= 0 && i < len(p.toks) && !p.toks[i].word && p.w(i) == s
}

func (p *parser) isCue(i int) bool {
	if !p.isWord(i) {
		return false
	}
	w := p.w(i)
	lw := lower(w)
	if lw == "according" {
		return p.isWord(i+1) && p.lw(i+1) == "to"
	}
	if lw == "put" || lw == "puts" {
		// "As the Ledger put it, “…”"
		return p.isWord(i+1) && p.lw(i+1) == "it" && !p.isWord(i+2)
	}
	if lw == "went" || lw == "goes" || lw == "go" {
		// "Kovac went on, …" but not "the council goes on holiday"
		return p.isWord(i+1) && p.lw(i+1) == "on" && !p.isWord(i+2)
	}
	if lw == "pointed" || lw == "points" || lw == "point" {
		// "When Maddow pointed out that …" reports speech; "pointed to the
		// door" does not.
		return p.isWord(i+1) && p.lw(i+1) == "out"
	}
	if !isCueWord(lw) {
		return false
	}
	// "Rubio will continue to be “…”" continues an action, not speech.
	if strings.HasPrefix(lw, "continu") && p.isWord(i+1) && p.lw(i+1) == "to" {
		return false
	}
	// "the Washington Post", "a report", "his statement": nouns, not verbs.
	if isCap(w) && i > 0 {
		return false
	}
	if i > 0 && p.isWord(i-1) && determiners[p.lw(i-1)] {
		return false
	}
	// "Clinton’s remarks", "Rubio's claim": a noun after a possessive.
	// ("He’s claiming" is a contraction).
	if i > 0 && p.isWord(i-1) && !strings.HasSuffix(lw, "ed") {
		if base := stripPossessive(p.w(i - 1)); base != p.w(i-1) && !contracts[lower(base)] {
			return false
		}
	}
	// "calling Rubio’s proposed child care credit “…”": a participle
	// between a possessive name and a noun modifies the noun.
	if i > 0 && strings.HasSuffix(lw, "ed") && isCap(p.w(i-1)) && stripPossessive(p.w(i-1)) != p.w(i-1) &&
		p.isWord(i+1) && !isCap(p.w(i+1)) && !determiners[p.lw(i+1)] && !objectStarts[p.lw(i+1)] {
		return false
	}
	return true
}

// objectStarts open what a verb after a name with ’s ("Trump’s claimed
// that …", "has") takes as its object or clause.
var objectStarts = setOf(`that to it he she they him them us me we you i if whether what how why`)

// contracts are the words whose ’s is "is" or "has", not a possessive.
var contracts = setOf(`he she it that there who what where here`)

// clauseWords start a new clause; a source phrase never holds one.
var clauseWords = setOf(`while and but as that when because after before if although though whereas regarding until unless`)

// sayVerbs may put their source after them ("says Dr. X, a Y: “…”").
var sayVerbs = setOf(`say says said tell tells told write writes wrote add adds added ask asks asked explain explains explained warn warns warned argue argues argued note notes noted insist insists insisted continue continues continued reply replies replied`)

// tellVerbs take the listener as their object: "told POLITICO" never
// names the source after the verb, as "said Dr. X" does.
var tellVerbs = setOf(`tell tells told ask asks asked`)

var prepositions = setOf(`on in at to from with by for of about into onto over under against toward towards via`)

var determiners = setOf(`the a an his her their its this that these those our my your whose every each another`)

// isCueWord accepts the cue lexicon's words and their regular inflections
// ("yelling", "boomed", "concludes").
func isCueWord(lw string) bool {
	if cueWords[lw] {
		return true
	}
	for _, suf := range [...]string{"ing", "ed", "es", "s", "d"} {
		if b, ok := strings.CutSuffix(lw, suf); ok && len(b) > 2 {
			if cueWords[b] || cueWords[b+"e"] {
				return true
			}
			if n := len(b); n > 3 && b[n-1] == b[n-2] && cueWords[b[:n-1]] { // quipped
				return true
			}
		}
	}
	return false
}

// contentAfterCue returns where the content of the cue ending at token ce
// starts: after the cue, or at "that" when the cue first names whom it
// addressed ("told CNN that …", "telling reporters on Friday that …").
func (p *parser) contentAfterCue(k, ce int) int {
	for j := ce; j < len(p.toks) && j-ce < 12; j++ {
		if p.isWord(j) && p.lw(j) == "that" {
			if j == ce {
				break
			}
			return p.toks[j].start
		}
		if p.isPunct(j, ".") || p.isPunct(j, ":") || p.isCue(j) {
			break
		}
		// "says his campaign is the only one that": a verb before "that"
		// makes it a relative pronoun inside the content.
		if p.isWord(j) && (verbHints[p.lw(j)] || p.looksLikeVerb(j)) {
			break
		}
	}
	return p.toks[ce-1].end
}

// cueEnd returns the token index after the cue at i ("according to" is two).
func (p *parser) cueEnd(i int) int {
	switch p.lw(i) {
	case "according", "went", "goes", "go", "put", "puts", "pointed", "points", "point":
		return i + 2
	}
	return i + 1
}

// nameParticles join the parts of a name in lower case: "Ursula von der
// Leyen", "Federico de Jesús", "Ludwig van Beethoven".
var nameParticles = setOf(`von van der den de del della di da dos das du le la bin ibn al el ter ten`)

// particle reports whether token i is a name particle between capitalised
// parts of one name (another particle may follow: "von der").
func (p *parser) particle(i int) bool {
	if !p.isWord(i) || !nameParticles[p.w(i)] || !p.isWord(i-1) || !p.isWord(i+1) {
		return false
	}
	prevOK := isCap(p.w(i-1)) && !p.stopWord(p.lw(i-1)) || nameParticles[p.w(i-1)] && p.isWord(i-2) && isCap(p.w(i-2))
	nextOK := isCap(p.w(i+1)) && !p.stopWord(p.lw(i+1)) || nameParticles[p.w(i+1)] && p.isWord(i+2) && isCap(p.w(i+2))
	return prevOK && nextOK
}

// nameish reports whether token i can be part of a source phrase.
func (p *parser) nameish(i int) bool {
	if !p.isWord(i) {
		return false
	}
	if p.particle(i) {
		return true
	}
	w := p.w(i)
	lw := lower(w)
	if isCap(w) {
		return !p.stopWord(lower(stripPossessive(w))) || honorifics[lw] != 0 || lw == "mr." || lw == "dr."
	}
	if descriptors[lw] || descriptors[lower(stripPossessive(w))] {
		return true
	}
	if b, ok := strings.CutSuffix(lw, "s"); ok && descriptors[b] {
		return true // "the physicians stated": a group, which names no one
	}
	return w[0] >= '0' && w[0] <= '9'
}

// after parses an attribution that follows a quotation: "[,] he said",
// "[,] Okafor told the Ledger", "[,] said Ines Moreau, who served …".
func (p *parser) after() (attribution, bool) {
	i := 0
	for i < len(p.toks) && !p.toks[i].word {
		switch p.w(i) {
		case ",", "—", "–", "-", ":", "(":
			i++
			continue
		}
		return attribution{}, false
	}
	if i >= len(p.toks) {
		return attribution{}, false
	}
	if p.isCue(i) && strings.HasSuffix(p.lw(i), "ing") && p.lw(i) != "according" {
		// "“…,” adding that he …": a participle shares the subject of the
		// sentence; what follows it is its content, not its source.
		return attribution{}, false
	}
	if a, ok := p.asClause(i); ok {
		return a, true
	}
	if p.isCue(i) && !p.bareModifier(i) || p.looksLikeVerb(i) && p.isWord(i+1) && isCap(p.w(i+1)) && !p.stopWord(p.lw(i+1)) {
		return p.invertedAfter(i)
	}
	if src, k, ok := p.npForward(i, false); ok {
		for n := 0; n < 3 && p.isWord(k) && betweenWords[p.lw(k)]; n++ {
			k++
		}
		if p.isCue(k) || src.nameStart >= 0 && (p.looksLikeVerb(k) || p.isWord(k) && irregularPast[p.lw(k)]) {
			// The second test takes "“…,” Kovac barked": any past or
			// present verb straight after a name that follows a quote.
			ce := p.cueEnd(k)
			return attribution{src: src, cue: p.text[p.toks[k].start:p.toks[ce-1].end], cueStart: p.toks[k].start, cueEnd: p.toks[ce-1].end,
				start: src.start, end: p.toks[ce-1].end, hasSource: true}, true
		}
	}
	if a, ok := p.someoneUnnamed(i); ok {
		return a, true
	}
	// "… just as Hale did in 2010, Moreau added."
	if a, ok := p.afterLastComma(i); ok {
		return a, true
	}
	if a, ok := p.longerSource(i); ok {
		return a, true
	}
	return p.appositiveChain(i)
}

// someoneUnnamed parses "an insider told the outlet", "a longtime
// neighbor said" after a quote: a new someone, whom the story does not name,
// so no earlier speaker goes on. A document ("a statement said") speaks for
// whoever issued it and is left to the other rules.
func (p *parser) someoneUnnamed(i int) (attribution, bool) {
	if lw := p.lw(i); lw != "a" && lw != "an" {
		return attribution{}, false
	}
	k := i + 1
	for k < len(p.toks) && k-i <= 3 && p.isWord(k) && !isCap(p.w(k)) && !p.isCue(k) {
		k++
	}
	head := k - 1
	if head == i || !p.isCue(k) || documentNouns[p.lw(head)] || determiners[p.lw(head)] {
		return attribution{}, false
	}
	src := source{start: p.toks[i].start, end: p.toks[head].end, nameStart: -1, nameEnd: -1,
		role: p.lw(head), prefix: p.text[p.toks[i+1].start:p.toks[head].end], indefinite: true}
	ce := p.cueEnd(k)
	return attribution{src: src, cue: p.text[p.toks[k].start:p.toks[ce-1].end], cueStart: p.toks[k].start, cueEnd: p.toks[ce-1].end,
		start: src.start, end: p.toks[ce-1].end, hasSource: true}, true
}

// documentNouns speak for whoever wrote them.
var documentNouns = setOf(`statement report release letter memo post tweet email e-mail filing document note
	message study survey complaint lawsuit suit ruling order transcript readout recording video interview poll analysis
	spokesman spokeswoman spokesperson`)

// bareModifier reports whether the cue word at token i, right after a
// quote, is the bare form before a capitalised word: "“…,” state Senate
// leader Phil Berger … said" opens a noun phrase. A verb put before its
// source agrees with it ("said", "says", "writes"); only a plural source
// takes the bare form ("say officials"), and that is no name.
func (p *parser) bareModifier(i int) bool {
	lw := p.lw(i)
	// An English lemma only: its -s form is a cue too ("state", "states");
	// "dijo" or "kata" put their source after them as a rule.
	if !cueWords[lw] || !cueWords[lw+"s"] && !cueWords[lw+"es"] {
		return false
	}
	return p.isWord(i+1) && isCap(p.w(i+1))
}

// invertedAfter parses a cue that follows the quote and comes before its
// source, from the cue at token i: "“…,” said Ines Moreau, who …".
func (p *parser) invertedAfter(i int) (attribution, bool) {
	ce := p.cueEnd(i)
	j := ce
	for n := 0; n < 3 && p.isWord(j) && timeWords[p.lw(j)] && !isCap(p.w(j)); n++ {
		j++
	}
	for p.isWord(j) && (p.lw(j) == "monday" || p.lw(j) == "tuesday" || p.lw(j) == "wednesday" || p.lw(j) == "thursday" || p.lw(j) == "friday" || p.lw(j) == "saturday" || p.lw(j) == "sunday") {
		j++
	}
	src, _, ok := p.npForward(j, true)
	if !ok || src.nameStart < 0 && src.pronoun == "" {
		// "said the group's director, Janet Cho"
		for k := j; k < len(p.toks) && k-j < 8; k++ {
			if p.isPunct(k, ",") {
				if named, _, ok2 := p.npForward(k+1, true); ok2 && named.nameStart >= 0 && k > j {
					named.prefix = p.text[p.toks[j].start:p.toks[k-1].end]
					named.start = p.toks[j].start
					src, ok = named, true
					// "said undecided voter Carla Wendt of Ashgrove, N.M.":
					// the name is before the comma, the place after it.
					// Not when the capitals are the object of an office
					// ("la concejala de Medio Ambiente, Lucía Ferrer").
					if isCap(p.w(k-1)) && !p.officeObject(j, k) {
						if own := p.describe(j, firstNonArticle(p, j), k); own.nameStart >= 0 && strings.Contains(p.text[own.nameStart:own.nameEnd], " ") {
							src = own
						}
					}
				}
				break
			}
			if p.isPunct(k, ".") {
				break
			}
		}
	}
	if !ok || src.pronoun != "" && src.pronoun != "he" && src.pronoun != "she" {
		return attribution{}, false
	}
	return attribution{src: src, cue: p.text[p.toks[i].start:p.toks[ce-1].end], cueStart: p.toks[i].start, cueEnd: p.toks[ce-1].end,
		start: p.toks[i].start, end: src.end, hasSource: true}, true
}

// longerSource parses a longer source phrase after a quote, from token i:
// the first cue within reach, with the name just before it ("Assembly
// minority leader Dana Whitlock told reporters").
func (p *parser) longerSource(i int) (attribution, bool) {
	// A clause opener after the quote ("… until Haley said") starts no
	// source phrase.
	for k := i + 1; k < len(p.toks) && k-i < 16 && !clauseWords[p.lw(i)]; k++ {
		if p.isWord(k) && clauseWords[p.lw(k)] {
			break
		}
		if !p.toks[k].word {
			if w := p.w(k); w == "." || w == "!" || w == "?" || w == "“" || w == "\"" || w == ";" {
				break
			}
			continue
		}
		if !p.isCue(k) {
			continue
		}
		j := k - 1
		for n := 0; n < 3 && p.isWord(j) && betweenWords[p.lw(j)]; n++ {
			j--
		}
		src, ok := p.npBackward(j, k)
		if !ok || src.nameStart < 0 && src.pronoun == "" {
			if a, ok := p.nameOfOrg(i, k); ok {
				return a, true
			}
			// "… for Hale, said Varga." ("…, told the Los Angeles Times"
			// names the listener.)
			if p.isPunct(k-1, ",") && !tellVerbs[p.lw(k)] {
				ce := p.cueEnd(k)
				if src, _, ok := p.npForward(ce, true); ok && src.nameStart >= 0 {
					return attribution{src: src, cue: p.text[p.toks[k].start:p.toks[ce-1].end], cueStart: p.toks[k].start, cueEnd: p.toks[ce-1].end,
						start: p.toks[i].start, end: src.end, hasSource: true}, true
				}
			}
			break
		}
		if src.prefix == "" && src.nameStart > p.toks[i].start {
			src.prefix = strings.TrimRight(p.text[p.toks[i].start:src.nameStart], " ,")
		}
		src.start = p.toks[i].start
		ce := p.cueEnd(k)
		return attribution{src: src, cue: p.text[p.toks[k].start:p.toks[ce-1].end], cueStart: p.toks[k].start, cueEnd: p.toks[ce-1].end,
			start: src.start, end: p.toks[ce-1].end, hasSource: true}, true
	}
	return attribution{}, false
}

// nameOfOrg parses a name with its affiliation after a quote, from token
// i up to the cue at k: "Jeffrey Lewis of the James Martin Center for
// Nonproliferation Studies wrote", whose lower-case words the name run
// before the cue cannot cross.
func (p *parser) nameOfOrg(i, k int) (attribution, bool) {
	src, j, ok := p.npForward(i, false)
	if !ok || src.nameStart < 0 || !strings.Contains(p.text[src.nameStart:src.nameEnd], " ") || j >= k || !p.isWord(j) || p.lw(j) != "of" {
		return attribution{}, false
	}
	for m := j; m < k; m++ {
		if !p.toks[m].word && p.w(m) != "'" && p.w(m) != "’" && p.w(m) != "-" {
			return attribution{}, false // a comma or a mark: not one phrase
		}
	}
	src.appositive = p.text[p.toks[j+1].start:p.toks[k-1].end]
	ce := p.cueEnd(k)
	return attribution{src: src, cue: p.text[p.toks[k].start:p.toks[ce-1].end], cueStart: p.toks[k].start, cueEnd: p.toks[ce-1].end,
		start: src.start, end: p.toks[ce-1].end, hasSource: true}, true
}

// appositiveChain parses a name with a long chain of appositives before its
// cue, from token i: "Dale Pruitt, 52, of Ashgrove, N.M., who has farmed
// there for decades, said".
func (p *parser) appositiveChain(i int) (attribution, bool) {
	if src, k0, ok := p.npForward(i, false); ok && src.nameStart >= 0 {
		for k := k0; k < len(p.toks) && k-i < 45; k++ {
			if !p.toks[k].word {
				if w := p.w(k); w == "." || w == "!" || w == "?" || w == "“" || w == "\"" || w == ";" {
					break
				}
				continue
			}
			if !p.isCue(k) || !p.isPunct(k-1, ",") {
				continue
			}
			if gap := p.text[src.nameEnd:p.toks[k].start]; !appositiveGap(gap, gap) {
				break
			}
			ce := p.cueEnd(k)
			src.appositive = cleanAppositive(strings.Trim(p.text[src.nameEnd:p.toks[k-1].start], " ,"))
			return attribution{src: src, cue: p.text[p.toks[k].start:p.toks[ce-1].end], cueStart: p.toks[k].start, cueEnd: p.toks[ce-1].end,
				start: src.start, end: p.toks[ce-1].end, hasSource: true}, true
		}
	}
	return attribution{}, false
}

// officeObject reports whether the run of capitalised words ending before
// token k, inside [from, k), follows a preposition: the object of an office
// ("director of Global Affairs", "concejala de Medio Ambiente"), not a name.
func (p *parser) officeObject(from, k int) bool {
	b := k - 1
	for b > from && p.isWord(b-1) && isCap(p.w(b-1)) {
		b--
	}
	// "Carla Wendt of Ashgrove": a name before the preposition is a name
	// with its place, not an office.
	if b <= from+1 || !p.isWord(b-1) || !p.isWord(b-2) || isCap(p.w(b-2)) {
		return false
	}
	switch p.lw(b - 1) {
	case "of", "for", "at", "de", "del", "di", "du", "des", "der", "von":
		return true
	}
	return false
}

// looksLikeVerb reports whether token k is a lower-case past or present
// tense verb form.
func (p *parser) looksLikeVerb(k int) bool {
	if !p.isWord(k) || isCap(p.w(k)) {
		return false
	}
	lw := p.lw(k)
	return len(lw) > 3 && (strings.HasSuffix(lw, "ed") || strings.HasSuffix(lw, "s") && !strings.HasSuffix(lw, "ss"))
}

// npForward reads a source phrase starting at token i. With appositiveToEnd
// the appositive runs to the next comma or full stop ("said X, a Y.");
// otherwise it must be closed by a second comma ("X, a Y, said").
func (p *parser) npForward(i int, appositiveToEnd bool) (source, int, bool) {
	src, j, ok := p.npForwardOne(i, appositiveToEnd)
	if !ok || src.nameStart < 0 || !p.isWord(j) || p.lw(j) != "and" {
		return src, j, ok
	}
	// "Edward-Isaac Dovere and Gabriel Debenedetti wrote": two named
	// people joined by "and" are one source.
	second, j2, ok2 := p.npForwardOne(j+1, appositiveToEnd)
	if !ok2 || second.nameStart < 0 || second.first != nil {
		return src, j, ok
	}
	first := src
	second.first, second.start = &first, src.start
	return second, j2, true
}

// npForwardOne reads one source phrase starting at token i (see
// npForward).
func (p *parser) npForwardOne(i int, appositiveToEnd bool) (source, int, bool) {
	if !p.isWord(i) {
		return source{}, i, false
	}
	if g, ok := pronounGender[p.lw(i)]; ok {
		return source{start: p.toks[i].start, end: p.toks[i].end, nameStart: -1, nameEnd: -1, pronoun: p.lw(i), gender: g}, i + 1, true
	}
	j := i
	if lw := p.lw(j); lw == "the" || lw == "a" || lw == "an" || lw == "his" || lw == "her" || lw == "their" {
		j++
	}
	first := j
	if appositiveToEnd && !p.nameish(j) && p.isWord(j) && !isCap(p.w(j)) && p.bridgesToName(j) {
		j++ // "said election lawyer Joe Birkenstock"
	}
	for p.nameish(j) || (p.isWord(j) && p.lw(j) == "of" && j > first && p.isWord(j+1) && isCap(p.w(j+1))) || p.isPunct(j, "/") && j > first ||
		j > first && p.bridgesToName(j) {
		j++
		if j-first > 12 {
			break
		}
	}
	if j == first {
		return source{}, i, false
	}
	src := p.describe(i, first, j)
	if src.role != "" && src.nameStart < 0 && (p.lw(i) == "a" || p.lw(i) == "an") {
		src.indefinite = true // "said a WeWork spokesperson": a new someone, no one named before
	}
	if !src.valid() && first > i && p.isWord(j-1) && !isCap(p.w(j-1)) {
		// A description ("the gambling tycoon", "a spokesman"): a definite
		// one refers back to someone named earlier.
		src.role = lower(p.w(j - 1))
		src.prefix = p.text[p.toks[first].start:p.toks[j-1].end]
		src.indefinite = p.lw(i) != "the"
	}
	if !src.valid() {
		return source{}, i, false
	}
	if src.nameStart >= 0 && p.isPunct(j, "(") {
		// "Sen. Chuck Schumer (D-N.Y.) said": the party and state, or a
		// handle, are not part of the name.
		for k := j + 1; k < len(p.toks) && k-j < 8; k++ {
			if p.isPunct(k, ")") {
				j = k + 1
				break
			}
		}
	}
	if appositiveToEnd && src.nameStart >= 0 {
		if e, ok := p.ofAffiliation(j); ok {
			// "said Paul Mercer of the Harwick Water Board": the body is the
			// speaker's title, as in "Mercer of the … Board said".
			src.appositive = p.text[p.toks[j+1].start:p.toks[e-1].end]
			src.end = p.toks[e-1].end
			j = e
		}
	}
	// Appositive: "X, a Y, said" or "said X, a Y."
	if src.nameStart >= 0 && src.appositive == "" && !src.hometown && p.isPunct(j, ",") {
		k := j + 1
		for k < len(p.toks) && !p.isPunct(k, ",") && !p.isPunct(k, ".") && k-j < 25 {
			k++
		}
		closed := p.isPunct(k, ",")
		if k > j+1 && (appositiveToEnd || closed) && p.appositiveStart(j+1) {
			src.appositive = cleanAppositive(p.text[p.toks[j+1].start:p.toks[k-1].end])
			src.end = p.toks[k-1].end
			if closed {
				k++
			}
			return src, k, true
		}
	}
	return src, j, true
}

// ofAffiliation finds "of the" and a capitalised body after a name ("of the
// Harwick Water Board", "of the Center for Water Studies") and returns the
// token after the body.
func (p *parser) ofAffiliation(j int) (int, bool) {
	if !p.isWord(j) || p.lw(j) != "of" || !p.isWord(j+1) || p.lw(j+1) != "the" || !p.isWord(j+2) || !isCap(p.w(j+2)) {
		return j, false
	}
	e, last := j+2, j+2
	for p.isWord(e) && e-j < 12 {
		if isCap(p.w(e)) {
			last = e
		} else if lw := p.lw(e); lw != "of" && lw != "for" && lw != "and" && lw != "the" {
			break
		}
		e++
	}
	return last + 1, true
}

// before parses the attribution that introduces a quotation from the text
// before it in its sentence: "Kovac said: “", "Varga said he had “",
// "Smith: “", "according to Smith, “".
func (p *parser) before(minCue int) (attribution, bool) {
	n := len(p.toks)
	// Colon straight after a name: "Smith: “…”".
	if n >= 2 && p.isPunct(n-1, ":") && minCue == 0 {
		if src, ok := p.npBackward(n-2, n-1); ok && src.pronoun == "" && (!p.objectAt(src.start) || p.fromSource(src.start)) {
			return attribution{src: src, cue: ":", cueStart: p.toks[n-1].start, cueEnd: p.toks[n-1].end,
				start: src.start, end: p.toks[n-1].end, contentFrom: p.toks[n-1].end, hasSource: true}, true
		}
	}
	var noSource *attribution
	opening := -1
	for k := n - 1; k >= minCue; k-- {
		if !p.isCue(k) {
			continue
		}
		if c, ok := p.inOpeningClause(k, minCue); ok {
			opening = c
			continue
		}
		if p.freeRelative(k) {
			// "Clinton said she called to praise what she called “…”":
			// the phrase belongs to the statement of the speech verb before.
			if a, ok := p.governingCue(k, minCue); ok {
				return a, true
			}
		}
		ce := p.cueEnd(k)
		cueText := p.text[p.toks[k].start:p.toks[ce-1].end]
		if a, ok := p.sourceNearCue(k, minCue); ok {
			return a, true
		}
		j := k - 1
		for m := 0; m < 3 && p.isWord(j) && betweenWords[p.lw(j)]; m++ {
			j--
		}
		from := p.contentAfterCue(k, ce)
		src, ok := p.npBackward(j, k)
		if !ok {
			if a, ok := p.cueWithoutSource(k, minCue, from); ok {
				return a, true
			}
			if noSource == nil {
				noSource = &attribution{cue: cueText, cueStart: p.toks[k].start, cueEnd: from, start: p.toks[k].start, end: from, contentFrom: from}
			}
			continue
		}
		if member, ok := p.unnamedMember(src, minCue); ok {
			src = member
		} else if outer, ok := p.outerSource(src, minCue); ok {
			src = outer
		} else if a, ok := p.sameSpeakerBefore(src, minCue); ok {
			return a, true
		} else if outer, ok := p.openingAccording(minCue, k); ok {
			src = outer
		}
		return attribution{src: src, cue: cueText, cueStart: p.toks[k].start, cueEnd: p.toks[ce-1].end,
			start: src.start, end: from, contentFrom: from, hasSource: true}, true
	}
	if noSource != nil {
		return *noSource, true
	}
	if opening >= 0 {
		return p.mainClause(minCue, opening), true
	}
	// "The senator was blunt: “…”": a colon ends a sentence whose subject
	// is a person.
	if n >= 2 && p.isPunct(n-1, ":") && minCue == 0 {
		if sub, _, ok := p.npForward(0, false); ok {
			return attribution{src: sub, cue: ":", cueStart: p.toks[n-1].start, cueEnd: p.toks[n-1].end,
				start: sub.start, end: p.toks[n-1].end, contentFrom: p.toks[n-1].end, hasSource: true}, true
		}
	}
	return attribution{}, false
}

// cueWithoutSource attributes the cue at token k when no source phrase
// stands before it: the speech verb it is reported under, the subject of a
// with-clause, or the sentence's subject. It fails only for a cue that
// opens the tokens.
func (p *parser) cueWithoutSource(k, minCue, from int) (attribution, bool) {
	if a, ok := p.governingCue(k, minCue); ok {
		return a, true
	}
	ce := p.cueEnd(k)
	cueText := p.text[p.toks[k].start:p.toks[ce-1].end]
	if src, ok := p.withSubject(k, minCue); ok {
		return attribution{src: src, cue: cueText, cueStart: p.toks[k].start, cueEnd: p.toks[ce-1].end,
			start: src.start, end: from, contentFrom: from, hasSource: true}, true
	}
	if k == 0 {
		return attribution{}, false
	}
	// "…, saying: “…”", "and added: “…”": the cue still bounds the
	// content; the source is the sentence's subject when it opens
	// the sentence with a name or pronoun.
	sub, _, ok := p.npForward(0, false)
	if !ok || sub.end > p.toks[k].start || sub.pronoun == "" && sub.nameStart < 0 || possessiveName(p.text, sub) {
		// The subject is somewhere before the cue ("During the
		// debate, Hale made a call, calling …"): the first person
		// named there, found when speakers are resolved.
		sub = source{start: p.toks[0].start, end: p.toks[k].start, nameStart: -1, nameEnd: -1, subjectIn: true}
	}
	sub.guess = true
	return attribution{src: sub, cue: cueText, cueStart: p.toks[k].start, cueEnd: from,
		start: p.toks[k].start, end: from, contentFrom: from, hasSource: true}, true
}

// sourceNearCue parses the shapes whose source is not the phrase before
// the cue at token k: a participle sharing the source of the cue before it,
// an inverted "says Dr. X", and a passive "asked by X".
func (p *parser) sourceNearCue(k, minCue int) (attribution, bool) {
	n := len(p.toks)
	ce := p.cueEnd(k)
	cueText := p.text[p.toks[k].start:p.toks[ce-1].end]
	lk := p.lw(k)
	// "X said, adding, “…”": a participle after a comma shares the
	// source of the cue before it, even when that cue reports an earlier
	// quote of the sentence ("“…,” Graham said on “Morning Joe,” adding, “…”").
	if strings.HasSuffix(lk, "ing") && p.isPunct(k-1, ",") {
		for k2 := k - 2; k2 >= 0 && k2 > k-8; k2-- {
			if !p.isCue(k2) {
				continue
			}
			j2 := k2 - 1
			for m := 0; m < 3 && p.isWord(j2) && betweenWords[p.lw(j2)]; m++ {
				j2--
			}
			if src, ok := p.npBackward(j2, k2); ok {
				from := p.contentAfterCue(k, ce)
				return attribution{src: src, cue: cueText, cueStart: p.toks[k].start, cueEnd: p.toks[ce-1].end,
					start: src.start, end: from, contentFrom: from, hasSource: true}, true
			}
			break
		}
	}
	// "according to X, “…”" and "says Dr. X, a Y: “…”" name the source
	// after a speech verb.
	if lk == "according" || (k == 0 || p.isPunct(k-1, ",")) && sayVerbs[lk] && !tellVerbs[lk] {
		// Only when the source phrase runs up to the quote (or to a
		// comma or colon before it): "said Republicans are …" is not one.
		if src, j, ok := p.npForward(ce, false); ok && src.pronoun == "" && src.nameStart >= 0 &&
			(j >= n && !p.isPunct(k-1, ",") || j == n-1 && (p.isPunct(j, ":") || p.isPunct(j, ",")) || p.lw(k) == "according" && p.isPunct(j, ",") ||
				p.isPunct(k-1, ",") && (p.isPunct(j, ",") || src.appositive != "" && p.isPunct(j-1, ","))) { // "The paradox, says Carl Anthony, a historian, is that …"
			from := p.toks[j-1].end
			return attribution{src: src, cue: cueText, cueStart: p.toks[k].start, cueEnd: p.toks[ce-1].end,
				start: p.toks[k].start, end: src.end, contentFrom: from, hasSource: true}, true
		}
	}
	if p.isWord(ce) && p.lw(ce) == "by" && strings.HasSuffix(lk, "ed") && p.passive(k) {
		// "Sanders was asked by host Bill Maher, …, “…”": the passive
		// names its source after "by".
		if src, j, ok := p.npForward(ce+1, true); ok && src.nameStart >= 0 {
			from := p.toks[min(j, n)-1].end
			return attribution{src: src, cue: cueText, cueStart: p.toks[k].start, cueEnd: p.toks[ce-1].end,
				start: p.toks[k].start, end: src.end, contentFrom: from, hasSource: true}, true
		}
	}
	return attribution{}, false
}

// passive reports whether the participle at token k follows a form of
// "be" or "get", perhaps with an adverb between ("was asked by", "was
// later told by"): "Bush interjected by hitting Trump" is active, and what
// follows "by" is no source.
func (p *parser) passive(k int) bool {
	for j := k - 1; j >= 0 && j >= k-2 && p.isWord(j); j-- {
		switch p.lw(j) {
		case "is", "was", "were", "are", "be", "been", "being", "get", "got", "gets", "getting":
			return true
		}
	}
	return false
}

// subjectVerb parses a sentence whose named subject does something to a
// quoted phrase without a speech verb: "Trump blamed the shootings on
// “sickos”", "She defended him as a “very decent man”". News writing
// quotes the subject's words there, and the content is the predicate.
func (p *parser) subjectVerb(minCue int) (attribution, bool) {
	i := minCue
	for p.isWord(i) && (p.lw(i) == "and" || p.lw(i) == "but") {
		i++
	}
	if p.isWord(i) && (prepositions[p.lw(i)] || subordinators[p.lw(i)]) {
		// "In 2014, Pew found that “…”": the subject follows the opening
		// phrase's comma.
		c := i + 1
		for c < len(p.toks) && c-i < 8 && !p.isPunct(c, ",") {
			c++
		}
		if !p.isPunct(c, ",") {
			return attribution{}, false
		}
		i = c + 1
	}
	src, k, ok := p.npForward(i, false)
	if !ok || src.nameStart < 0 && src.pronoun != "he" && src.pronoun != "she" {
		return attribution{}, false
	}
	for m := 0; m < 3 && p.isWord(k) && betweenWords[p.lw(k)]; m++ {
		k++
	}
	// A past-tense verb: "Officials searched", not "Two hours after" or
	// "Mexican newspapers have", whose plural looks like a verb.
	if !(p.looksLikeVerb(k) && strings.HasSuffix(p.lw(k), "ed") || p.isWord(k) && irregularPast[p.lw(k)]) || k+1 >= len(p.toks) {
		return attribution{}, false
	}
	if src.nameStart >= 0 && !p.personLike(src) {
		return attribution{}, false
	}
	from := p.toks[k].end
	return attribution{src: src, cue: p.w(k), cueStart: p.toks[k].start, cueEnd: from,
		start: src.start, end: from, contentFrom: from, hasSource: true}, true
}

// personLike rejects subjects that are capitalised but name nobody: a
// sentence-opening function word or plural ("What followed", "Such
// sentiments", "Officials searched").
func (p *parser) personLike(src source) bool {
	name := p.text[src.nameStart:src.nameEnd]
	f := strings.Fields(name)
	return len(f) > 0 && !notSubjects[lower(f[0])]
}

// notSubjects open sentences with a capital but never a person's name.
var notSubjects = setOf(`what such despite featuring two three four five many some several both officials friends critics`)

// sameSpeakerBefore finds an earlier speech verb of the same speaker in
// the sentence: in "Sanders said he will file a bill to fix what he said
// would make “a terrible situation worse”" the inner "he said" is part of
// the statement, which runs from the first "said".
func (p *parser) sameSpeakerBefore(inner source, minCue int) (attribution, bool) {
	k := 0
	for k < len(p.toks) && p.toks[k].start < inner.start {
		k++
	}
	// Only a source inside a relative clause ("a plan that Okafor said
	// would …"); "…, but she cautioned" opens a statement of its own.
	if k == 0 || !p.isWord(k-1) || !relatives[p.lw(k-1)] {
		return attribution{}, false
	}
	a, ok := p.governingCue(k, minCue)
	if !ok || a.src.nameStart < 0 && a.src.pronoun == "" {
		return attribution{}, false
	}
	same := inner.pronoun == "he" || inner.pronoun == "she"
	if inner.nameStart >= 0 && a.src.nameStart >= 0 {
		same = lastToken(p.text[inner.nameStart:inner.nameEnd]) == lastToken(p.text[a.src.nameStart:a.src.nameEnd])
	}
	if !same {
		return attribution{}, false
	}
	return a, true
}

var relatives = setOf(`that which what who whom`)

// objectAt reports whether the phrase starting at byte start is the
// object of a verb or preposition ("Priebus told Fox News: “…”", "put it
// into the national RNC file: “…”"), not a speaker heading a quote.
// fromSource reports whether the phrase at start follows "from", which
// before a colon names where the words come from ("More from Hale: “…”").
func (p *parser) fromSource(start int) bool {
	k := 0
	for k < len(p.toks) && p.toks[k].start < start {
		k++
	}
	k = p.pairStart(k)
	return k > 0 && p.isWord(k-1) && p.lw(k-1) == "from"
}

// pairStart returns the first token of a pair of names whose second starts
// at token k ("Caitlyn Smith and Kate York"), or k if no "and" or "or"
// joins a name to it.
func (p *parser) pairStart(k int) int {
	if k < 2 || !p.isWord(k-1) || p.lw(k-1) != "and" && p.lw(k-1) != "or" {
		return k
	}
	j := k - 2
	for j >= 0 && k-2-j < 5 && p.isWord(j) && isCap(p.w(j)) {
		j--
	}
	if j == k-2 {
		return k
	}
	return j + 1
}

func (p *parser) objectAt(start int) bool {
	k := 0
	for k < len(p.toks) && p.toks[k].start < start {
		k++
	}
	if k == 0 || !p.isWord(k-1) {
		return false
	}
	// "working with Caitlyn Smith and Kate York:": the second of a pair
	// is an object when the first is.
	if k = p.pairStart(k); k == 0 || !p.isWord(k-1) {
		return false
	}
	lw := p.lw(k - 1)
	return tellVerbs[lw] || prepositions[lw] || lw == "the" && k > 1 && p.isWord(k-2) && prepositions[p.lw(k-2)]
}

// freeRelative reports whether the cue at token k sits in a "what X
// calls" or "whom X described as" clause ("hungry for what she calls “real solutions”", "what’s
// today typically called “…”"): a phrase inside the statement around it,
// not a new attribution.
func (p *parser) freeRelative(k int) bool {
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		if !p.isWord(j) {
			return false
		}
		switch p.lw(j) {
		case "what", "what’s", "what's":
			return true
		case "whom", "which":
			// "the candidate, whom he described as “volatile,”": an object
			// relative with its own subject between it and the cue. After a
			// preposition ("to which O'Malley interjected: “…”") the
			// relative is no object of the cue, whose words are the quote.
			return j < k-1 && !(p.isWord(j-1) && prepositions[p.lw(j-1)])
		}
	}
	return false
}

// governingCue finds the speech verb that a subjectless cue at token k is
// reported under: in "Kasich says he’d sit Putin down and tell him “…”"
// the content is everything Kasich says, not the object of "tell", so it
// runs from after "says". Only a speech verb with its own source counts,
// and only when no sentence break stands between the two cues.
func (p *parser) governingCue(k, minCue int) (attribution, bool) {
	for k2 := k - 1; k2 >= minCue; k2-- {
		if p.isPunct(k2, ";") || p.isPunct(k2, ":") || p.isPunct(k2, ".") {
			return attribution{}, false
		}
		if !p.isWord(k2) || !sayVerbs[p.lw(k2)] || !p.isCue(k2) || strings.HasSuffix(p.lw(k2), "ing") {
			continue
		}
		j := k2 - 1
		for m := 0; m < 3 && p.isWord(j) && betweenWords[p.lw(j)]; m++ {
			j--
		}
		src, ok := p.npBackward(j, k2)
		if !ok {
			continue
		}
		from := p.contentAfterCue(k2, k2+1)
		return attribution{src: src, cue: p.w(k2), cueStart: p.toks[k2].start, cueEnd: p.toks[k2].end,
			start: src.start, end: from, contentFrom: from, hasSource: true}, true
	}
	return attribution{}, false
}

// unnamedMember reads a name inside an unnamed someone's description: in
// "A former staffer at Transfield subcontractor Wilson Security said" the
// speaker is the staffer, whom the story does not name, not the company.
// A spokesperson ("A spokeswoman for Google said") speaks for the
// organisation, so the name stays the source.
func (p *parser) unnamedMember(src source, minCue int) (source, bool) {
	if src.nameStart < 0 {
		return source{}, false
	}
	k := 0
	for k < len(p.toks) && p.toks[k].start < src.start {
		k++
	}
	// Back from the name over lower-case words and capitalised names to a
	// preposition, within a few words.
	m := k - 1
	for m >= minCue && k-m <= 5 && p.isWord(m) && !memberPrepositions[p.lw(m)] {
		m--
	}
	if m < minCue+2 || !p.isWord(m) || !memberPrepositions[p.lw(m)] {
		return source{}, false
	}
	head := m - 1 // the noun the preposition hangs on: "staffer"
	a := head
	for a > minCue && p.isWord(a-1) && !isCap(p.w(a-1)) && a > head-3 {
		a--
	}
	a-- // the article
	if a < minCue || !p.isWord(a) || (p.lw(a) != "a" && p.lw(a) != "an") || isCap(p.w(head)) ||
		a > minCue && !p.isPunct(a-1, ",") && !(p.isWord(a-1) && (p.lw(a-1) == "and" || p.lw(a-1) == "but")) {
		return source{}, false
	}
	if noun := p.lw(head); documentNouns[noun] || groupNoun(noun) {
		return source{}, false
	}
	return source{start: p.toks[a].start, end: src.end, nameStart: -1, nameEnd: -1,
		role: p.lw(head), prefix: p.text[p.toks[a+1].start:src.end], indefinite: true}, true
}

// memberPrepositions join an unnamed someone to where they belong.
var memberPrepositions = setOf(`at of for from with in`)

// outerSource finds the reporter of a reported attribution: in "Israel
// said Clinton called it “…”" the words are Israel's account, so the
// source is the name before a speech verb that stands right before src
// (with an optional "that").
func (p *parser) outerSource(src source, minCue int) (source, bool) {
	k := 0
	for k < len(p.toks) && p.toks[k].start < src.start {
		k++
	}
	k-- // the token before src
	if p.isWord(k) && p.lw(k) == "that" {
		k--
	}
	if p.isWord(k) && p.isWord(k-1) && p.isWord(k-2) && p.pronoun(k-1) && !isCap(p.w(k)) && !p.isCue(k) && sayVerbs[p.lw(k-2)] {
		// "Obama said he expected that Americans will say “no”": the
		// reporter's own clause between them is still his account.
		k -= 2
	}
	if k < minCue || !p.isWord(k) || !sayVerbs[p.lw(k)] || !p.isCue(k) {
		return source{}, false
	}
	j := k - 1
	for m := 0; m < 3 && p.isWord(j) && betweenWords[p.lw(j)]; m++ {
		j--
	}
	outer, ok := p.npBackward(j, k)
	if !ok || outer.nameStart < 0 {
		return source{}, false
	}
	return outer, true
}

// ofJoin reports whether token i, scanning back from end, is the "of" or
// the "the" of "of the" between a name and a capitalised affiliation.
func (p *parser) ofJoin(i, end int) bool {
	if !p.isWord(i) || i >= end {
		return false
	}
	switch p.lw(i) {
	case "of":
		return (isCap(p.w(i+1)) || p.lw(i+1) == "the") && p.nameish(i-1)
	case "the":
		return isCap(p.w(i+1)) && p.isWord(i-1) && p.lw(i-1) == "of" && p.nameish(i-2)
	}
	return false
}

// npBackward reads the source phrase ending at token j, just before the cue
// at token cue.
func (p *parser) npBackward(j, cue int) (source, bool) {
	j = p.skipParenBack(j)
	if !p.isWord(j) && !p.isPunct(j, ",") {
		return source{}, false
	}
	if src, ok := p.pronounAt(j); ok {
		return src, true
	}
	appositive := ""
	end := j
	if p.isPunct(j, ",") {
		var ok bool
		if appositive, end, ok = p.appositiveBack(j); !ok {
			return source{}, false
		}
	}
	i := end
	// "Aris Kerr of the Coptic Patriarchate of Tyre told": "of" and "of
	// the" join a name to its affiliation.
	for i >= 0 && (p.nameish(i) || p.ofJoin(i, end)) && end-i < 12 {
		i--
	}
	if i >= 0 && p.isWord(i) && (p.lw(i) == "the" || p.lw(i) == "a" || p.lw(i) == "an") {
		i--
	}
	if i == end {
		return source{}, false
	}
	if appositive == "" {
		i = p.placeOfOrigin(i)
	}
	if appositive == "" {
		if src, ok := p.unclosedAppositive(i, end); ok {
			return src, true
		}
	}
	// "posted a note on Facebook, reading": the object of a preposition
	// is not the source.
	// Before a colon, "from" names where the words come from ("More from
	// Hale: “…”").
	if appositive == "" && i >= 0 && p.isWord(i) && prepositions[p.lw(i)] && (p.lw(i) != "from" || !p.isPunct(cue, ":")) {
		return source{}, false
	}
	src := p.describe(i+1, firstNonArticle(p, i+1), end+1)
	if !src.valid() {
		return source{}, false
	}
	if src.role != "" && src.nameStart < 0 && p.indefiniteBefore(firstNonArticle(p, i+1)-1) {
		src.indefinite = true // "A company spokesperson said": someone new, not the last person named
	}
	if appositive != "" {
		if src.nameStart < 0 {
			return source{}, false
		}
		src.appositive = appositive
	}
	if first, ok := p.firstConjunct(i, src, cue); ok {
		src.first, src.start = &first, first.start
	}
	return src, true
}

// firstConjunct reads a named first conjunct ending before the "and" at
// token i, when src is a name: "state Senate leader Phil Berger and House
// Speaker Tim Moore, both Republicans, said". The pair must open its clause
// (the sentence, or after a comma, colon or "that"): in "Hale beat Varga
// and Moreau said" Varga is an object, not a speaker.
func (p *parser) firstConjunct(i int, src source, cue int) (source, bool) {
	if src.nameStart < 0 || p.inConjunct || !p.isWord(i) || p.lw(i) != "and" || !p.nameish(i-1) {
		return source{}, false
	}
	p.inConjunct = true
	first, ok := p.npBackward(i-1, cue)
	p.inConjunct = false
	if !ok || first.nameStart < 0 || first.first != nil {
		return source{}, false
	}
	b := 0
	for b < len(p.toks) && p.toks[b].start < first.start {
		b++
	}
	b--
	if b >= 0 && p.isWord(b) && p.lw(b) != "that" {
		return source{}, false
	}
	return first, true
}

// placeOfOrigin extends a source phrase back over "Name of Town," when
// the comma at token i parts a town from its state: in "Stacy Baker of
// Columbia, South Carolina says" the source is Stacy Baker, not South
// Carolina. It returns the token before the extended phrase, or i.
func (p *parser) placeOfOrigin(i int) int {
	if !p.isPunct(i, ",") {
		return i
	}
	b := i - 1
	for b >= 0 && p.isWord(b) && isCap(p.w(b)) && i-b < 4 {
		b--
	}
	if b == i-1 || !p.isWord(b) || p.lw(b) != "of" || !p.isWord(b-1) || !isCap(p.w(b-1)) || !p.nameish(b-1) {
		return i
	}
	n := b - 1
	for n >= 0 && p.nameish(n) && b-n < 6 {
		n--
	}
	if b-1-n < 2 {
		return i // one word before "of" may be an office ("Secretary of State")
	}
	return n
}

// unclosedAppositive reads "Anthony Anton, president and CEO of the
// Restaurant Association stated": an appositive whose closing comma the
// writer left out, so the capitalised words before the cue are the
// affiliation and the person is the name before the opening comma. The
// words after the comma must read as a description with an affiliation
// ("director for", "chairman of"), and the name must be a person's: at
// least two capitalised words, not the object of a preposition ("In
// North Carolina, the director of …").
func (p *parser) unclosedAppositive(i, end int) (source, bool) {
	m, affiliation := end, false
	for ; m >= 0 && p.isWord(m) && end-m < 20; m-- {
		switch p.lw(m) {
		case "of", "for", "at":
			affiliation = true
		}
	}
	if m < 2 || !p.isPunct(m, ",") || m >= i || !affiliation || isCap(p.w(m+1)) && !isTitleWord(p.lw(m+1)) || !p.appositiveStart(m+1) {
		return source{}, false
	}
	b := m - 1
	for b >= 0 && p.isWord(b) && isCap(p.w(b)) && !p.stopWord(p.lw(b)) {
		b--
	}
	if m-1-b < 2 || p.isWord(b) && (prepositions[p.lw(b)] || isCap(p.w(b))) {
		return source{}, false
	}
	src := p.describe(b+1, b+1, m)
	if src.nameStart < 0 {
		return source{}, false
	}
	src.appositive = cleanAppositive(p.text[p.toks[m+1].start:p.toks[end].end])
	src.end = p.toks[end].end
	return src, true
}

// skipParenBack steps back over a party-and-state or handle parenthetical
// ending at token j ("Hale (R-OH) said", "Hale (R-OH), said") and returns
// the token before it; any other j is returned as it is.
func (p *parser) skipParenBack(j int) int {
	if p.isPunct(j, ",") && p.isPunct(j-1, ")") {
		j--
	}
	if p.isPunct(j, ")") {
		m := j - 1
		for m >= 0 && !p.isPunct(m, "(") && j-m < 8 {
			m--
		}
		if m > 0 && p.isPunct(m, "(") {
			j = m - 1
		}
	}
	return j
}

// pronounAt reads token j as a pronoun source ("he said", "He’s claiming").
func (p *parser) pronounAt(j int) (source, bool) {
	if !p.isWord(j) {
		return source{}, false
	}
	lw := p.lw(j)
	if g, ok := pronounGender[lw]; ok {
		return source{start: p.toks[j].start, end: p.toks[j].end, nameStart: -1, nameEnd: -1, pronoun: lw, gender: g}, true
	}
	if base := lower(stripPossessive(p.w(j))); base != lw {
		if g, ok := pronounGender[base]; ok {
			return source{start: p.toks[j].start, end: p.toks[j].end, nameStart: -1, nameEnd: -1, pronoun: base, gender: g}, true
		}
	}
	return source{}, false
}

// appositiveBack reads "X, a Y," backwards from the comma at token j: it
// returns the appositive's text and the token ending the name before it.
// When the name before the opening comma is an organisation inside a
// longer description ("Voss, director of the Lakeshore Jobs Fund, a super
// PAC, said"), it looks one comma further back.
func (p *parser) appositiveBack(j int) (string, int, bool) {
	m := j
	for {
		m--
		for m >= 0 && !p.isPunct(m, ",") && !p.isPunct(m, ".") && j-m < 30 {
			m--
		}
		if m < 1 || !p.isPunct(m, ",") || m == j-1 || !p.appositiveStart(m+1) {
			return "", 0, false
		}
		b := m - 1
		for b >= 0 && p.isWord(b) && isCap(p.w(b)) {
			b--
		}
		if b >= 0 && p.isWord(b) && p.lw(b) == "of" {
			continue
		}
		break
	}
	appositive := cleanAppositive(p.text[p.toks[m+1].start:p.toks[j-1].end])
	end := m - 1
	if p.isPunct(end, ")") { // "Sen. Ted Barlow (R-Idaho), also a …, said"
		o := end - 1
		for o >= 0 && !p.isPunct(o, "(") && end-o < 8 {
			o--
		}
		if o > 0 && p.isPunct(o, "(") {
			end = o - 1
		}
	}
	return appositive, end, true
}

// inOpeningClause reports whether the cue at token k sits in a
// subordinate clause that opens the sentence and is followed by a main
// clause of its own before the quote: in "After Gov. Jerry Brown criticized
// Bill Clinton in a debate, Hillary shot back, “…”" the words are
// Hillary's, not Brown's. ("When asked, Hale said, “…”" has no main
// clause before the quote, so its cue stands.) It returns the comma that
// closes the opening clause.
func (p *parser) inOpeningClause(k, minCue int) (int, bool) {
	i := minCue
	for p.isWord(i) && (p.lw(i) == "and" || p.lw(i) == "but") {
		i++
	}
	// "As The Post's Ruth Marcus puts it, Obama is …" is the frame of a
	// report, not a clause of its own: its source is the outer one.
	if i >= k || !p.isWord(i) || !subordinators[p.lw(i)] || p.lw(i) == "as" {
		return 0, false
	}
	for j := i + 1; j < k; j++ {
		if p.isPunct(j, ",") {
			return 0, false // the opening clause closed before the cue
		}
	}
	c := k + 1
	for c < len(p.toks) && !p.isPunct(c, ",") {
		if !p.isWord(c) && !p.isPunct(c, "(") && !p.isPunct(c, ")") && !p.isPunct(c, "-") {
			return 0, false // a sentence break or a colon: no opening clause
		}
		c++
	}
	words := 0
	for j := c + 1; j < len(p.toks); j++ {
		if p.isWord(j) {
			words++
		}
	}
	return c, c < len(p.toks) && words >= 2
}

// reporterAfter reads the outlet that reports an attribution, closing
// its sentence after it (from to the sentence's end at to): "“…,” Sanders
// said, according to CNN.", "“…,” fans chanted, referring to the wall, the
// Chicago Tribune reports." and "…, reports USA Today." Only the
// outermost attribution is the quote's (PolNeAR's guideline: "No nested
// attributions"), so the outlet is the source, as the reporter is in
// "Israel said Clinton called it “…”".
func reporterAfter(text string, from, to int) (source, bool) {
	if to-from > 300 {
		return source{}, false
	}
	p := parser{text: text, toks: tokenize(text, from, to, nil)}
	for c := len(p.toks) - 1; c >= 0; c-- {
		if p.isPunct(c, ",") {
			return p.reporterClause(c + 1)
		}
	}
	return source{}, false
}

// reporterClause reads "according to X", "X reports" or "reports X" from
// token i to the end of the tokens.
func (p *parser) reporterClause(i int) (source, bool) {
	var src source
	var j int
	var ok bool
	// An outlet's name may end in a word that is rarely a name ("USA
	// Today"): every capitalised word up to the stop is part of it.
	outlet := func(k int) (source, int, bool) {
		src, j, ok := p.npForwardOne(k, false)
		for ok && src.nameStart >= 0 && p.isWord(j) && isCap(p.w(j)) {
			src.nameEnd, src.end = p.toks[j].end, p.toks[j].end
			j++
		}
		return src, j, ok
	}
	switch {
	case p.isWord(i) && p.lw(i) == "according" && p.isWord(i+1) && p.lw(i+1) == "to":
		src, j, ok = outlet(i + 2)
	case p.isWord(i) && reportVerbs[p.lw(i)]:
		src, j, ok = outlet(i + 1)
	default:
		src, j, ok = p.npForwardOne(i, false)
		if ok && (!p.isWord(j) || !reportVerbs[p.lw(j)]) {
			ok = false
		}
		j++
	}
	if !ok || src.nameStart < 0 || src.appositive != "" {
		return source{}, false
	}
	for ; j < len(p.toks); j++ {
		if !p.isPunct(j, ".") && !p.isPunct(j, "”") && !p.isPunct(j, "\"") {
			return source{}, false // more than the outlet: a clause of its own
		}
	}
	return src, true
}

// asClause reads an as-clause after a quote from token i: "“…,” as Cruz
// said on the radio" and "“…” – as described by FBI Director James
// Comey". The clause names who said the words.
func (p *parser) asClause(i int) (attribution, bool) {
	if !p.isWord(i) || p.lw(i) != "as" {
		return attribution{}, false
	}
	k := i + 1
	var src source
	if p.isCue(k) && strings.HasSuffix(p.lw(k), "ed") && p.isWord(k+1) && p.lw(k+1) == "by" {
		s, _, ok := p.npForward(k+2, true)
		if !ok || s.nameStart < 0 {
			return attribution{}, false
		}
		src = s
	} else {
		s, j, ok := p.npForward(k, false)
		for ok && p.isWord(j) && betweenWords[p.lw(j)] && j-k < 8 {
			j++
		}
		if !ok || s.pronoun == "" && s.nameStart < 0 || !p.isCue(j) {
			return attribution{}, false
		}
		src, k = s, j
	}
	ce := p.cueEnd(k)
	return attribution{src: src, cue: p.text[p.toks[k].start:p.toks[ce-1].end], cueStart: p.toks[k].start, cueEnd: p.toks[ce-1].end,
		start: p.toks[i].start, end: max(src.end, p.toks[ce-1].end), hasSource: true}, true
}

// openingAccording reads "According to GMA News, Salceda said …" (or "As
// reported by X, …") before the cue at token k: the outlet that opens the sentence reports the
// attribution after it, so it is the outermost source.
func (p *parser) openingAccording(minCue, k int) (source, bool) {
	i := minCue
	var from int
	switch {
	case p.isWord(i) && p.lw(i) == "according" && p.isWord(i+1) && p.lw(i+1) == "to":
		from = i + 2
	case p.isWord(i) && p.lw(i) == "as" && p.isWord(i+1) && reportVerbs[p.lw(i+1)] && p.isWord(i+2) && p.lw(i+2) == "by":
		from = i + 3 // "As reported by Western Journalism, …"
	default:
		return source{}, false
	}
	src, j, ok := p.npForwardOne(from, false)
	if !ok || src.nameStart < 0 || !p.isPunct(j, ",") || j >= k {
		return source{}, false
	}
	return src, true
}

// reportVerbs say that an outlet reports what came before.
var reportVerbs = setOf(`reported reports reporting`)

// quoteInOpening reports whether the quote after the tokens sits inside a
// subordinate clause that opens the sentence with its own speech verb:
// in "When Maddow pointed out that Sanders calls it “Medicare for all,”
// Clinton seized upon the reference" the quoted words are Maddow's, and the
// main clause after them reports something else.
func (p *parser) quoteInOpening(minCue int) bool {
	i := minCue
	for p.isWord(i) && (p.lw(i) == "and" || p.lw(i) == "but") {
		i++
	}
	if !p.isWord(i) || !subordinators[p.lw(i)] {
		return false
	}
	for j := i + 1; j < len(p.toks); j++ {
		if !p.isWord(j) {
			return false // the clause closed, or has a break of its own
		}
	}
	return true
}

// mainClause attributes a quote to the subject of the main clause after
// the opening clause that ends at the comma c: a name or pronoun opening
// it, else the first person named in it. The content is the whole
// sentence, as the words report its opening clause too ("After …, the
// Graysons became “agitated”, according to a source").
func (p *parser) mainClause(minCue, c int) attribution {
	n := len(p.toks)
	sub, _, ok := p.npForward(c+1, false)
	if ok && (sub.pronoun != "" || sub.nameStart >= 0) && !possessiveName(p.text, sub) {
		sub.guess = true
	} else {
		sub = source{start: p.toks[c+1].start, end: p.toks[n-1].end, nameStart: -1, nameEnd: -1, subjectIn: true}
	}
	at := p.toks[n-1].end
	return attribution{src: sub, cueStart: at, cueEnd: at, start: sub.start, end: at,
		contentFrom: p.toks[minCue].start, hasSource: true}
}

// withSubject reads the subject of an absolute clause holding the cue at
// token k: in "…, with Sen. John McCain telling reporters he viewed Obama as
// “…”" or "with Lewandowski taking to Twitter to call Fields “…”" the
// name after "with" does the -ing verb and so speaks, not the subject of
// the main clause.
func (p *parser) withSubject(k, minCue int) (source, bool) {
	for w := k - 1; w >= minCue && w >= k-10; w-- {
		if !p.isWord(w) {
			if p.isPunct(w, ",") || p.isPunct(w, ";") {
				return source{}, false
			}
			continue
		}
		if p.lw(w) != "with" {
			continue
		}
		src, m, ok := p.npForward(w+1, false)
		for ok && m < k && p.isWord(m) && (betweenWords[p.lw(m)] || strings.HasSuffix(p.lw(m), "ly")) {
			m++ // "with Cruz recently promising to …"
		}
		if !ok || src.nameStart < 0 || m > k || !p.isWord(m) || !strings.HasSuffix(p.lw(m), "ing") {
			return source{}, false
		}
		return src, true
	}
	return source{}, false
}

// possessiveName reports whether a source phrase is a possessive name
// ("Trump’s “excesses” are sickening, Hollande said"): it modifies the
// subject and is never the subject itself.
func possessiveName(text string, s source) bool {
	if s.nameStart < 0 || s.end != s.nameEnd {
		return false
	}
	name := text[s.nameStart:s.nameEnd]
	return stripPossessive(name) != name
}

// indefiniteBefore reports whether "a", "an" or "another" opens the noun
// phrase whose words before its head end at token k, over at most three
// lower-case modifiers ("A company spokesperson", "another food bank").
func (p *parser) indefiniteBefore(k int) bool {
	for j := k; j >= 0 && k-j <= 3 && p.isWord(j); j-- {
		lw := p.lw(j)
		switch {
		case lw == "a" || lw == "an" || lw == "another":
			return true
		case isCap(p.w(j)) || determiners[lw] || prepositions[lw] || pronounWords[lw] || p.isCue(j):
			return false
		}
	}
	return false
}

func firstNonArticle(p *parser, i int) int {
	if p.isWord(i) {
		if lw := p.lw(i); lw == "the" || lw == "a" || lw == "an" {
			return i + 1
		}
	}
	return i
}

func (s source) valid() bool {
	return s.pronoun != "" || s.nameStart >= 0 || s.role != "" || s.subjectIn
}

// describe splits tokens [from, to) of a source phrase (first is after an
// optional article) into descriptor prefix, name and role.
func (p *parser) describe(phraseStart, first, to int) source {
	src := source{start: p.toks[phraseStart].start, end: p.toks[to-1].end, nameStart: -1, nameEnd: -1}
	last := p.w(to - 1)
	if !isCap(last) {
		head := lower(stripPossessive(last))
		if roleNouns[head] {
			src.role = head
			src.prefix = p.text[p.toks[first].start:p.toks[to-1].end]
			src.gender = genderOfWords(src.prefix)
		}
		return src
	}
	// The name is the final run of capitalised words after the last title
	// word or honorific: "German Chancellor Anke Vogel", "Sen. Ted Barlow".
	nameFrom := to - 1
	for nameFrom-1 >= first && p.isWord(nameFrom-1) && (isCap(p.w(nameFrom-1)) || p.particle(nameFrom-1)) {
		lw := p.lw(nameFrom - 1)
		if isTitleWord(lw) || honorifics[lw] != 0 || isHonorific(lw) || p.stopWord(lw) || isForeignTitle(lw) {
			break
		}
		nameFrom--
	}
	if lw := p.lw(nameFrom); isTitleWord(lw) || isHonorific(lw) || isForeignTitle(lw) && nameFrom < to-1 {
		if nameFrom == to-1 { // "the President said"
			if roleNouns[lw] {
				src.role = lw
				src.prefix = p.text[p.toks[first].start:p.toks[to-1].end]
			}
			return src
		}
		nameFrom++
	}
	// "Secretary of State Mike Pompeo": the office's complement is no part
	// of the name that follows it.
	if nameFrom-2 >= first && isTitleWord(p.lw(nameFrom-2)) {
		if m := p.officeComplement(nameFrom-1, to); m != nameFrom-1 {
			nameFrom = m
		}
	}
	if p.nameBeforeOf(&src, first, nameFrom, to) {
		return src
	}
	src.nameStart, src.nameEnd = p.toks[nameFrom].start, p.toks[to-1].end
	if nameFrom > first {
		pre := p.toks[first:nameFrom]
		src.gender = genderOfWords(p.text[pre[0].start:pre[len(pre)-1].end])
		// Honorifics are not titles: "Mr. Barrett" has none.
		k := len(pre)
		for k > 0 && isHonorific(lower(p.text[pre[k-1].start:pre[k-1].end])) && !isOffice(lower(p.text[pre[k-1].start:pre[k-1].end])) {
			k--
		}
		if k > 0 && !bareAge(p.text[pre[0].start:pre[k-1].end]) { // an age is no title, as in cleanAppositive
			src.prefix = p.text[pre[0].start:pre[k-1].end]
		}
	}
	return src
}

// nameBeforeOf sets src's name to the run before an "of" among tokens
// [first, nameFrom) and what follows "of" as its appositive, and reports
// whether it did: "Sen. Rita Okafor of Vermont", "Glen Pryor of Hartwell
// Strategies". A run that is only an office ("Secretary of State Ruth
// Vance") is no name.
func (p *parser) nameBeforeOf(src *source, first, nameFrom, to int) bool {
	for k := first + 1; k < nameFrom; k++ {
		if !p.isWord(k) || p.lw(k) != "of" {
			continue
		}
		b := k
		for b-1 >= first && p.isWord(b-1) && isCap(p.w(b-1)) && !isTitleWord(p.lw(b-1)) && !isHonorific(p.lw(b-1)) && !p.stopWord(p.lw(b-1)) {
			b--
		}
		if b < k {
			src.nameStart, src.nameEnd = p.toks[b].start, p.toks[k-1].end
			src.appositive = p.text[p.toks[k+1].start:p.toks[to-1].end] // without "of", as after the cue
			if b > first {
				src.prefix = p.text[p.toks[first].start:p.toks[b-1].end]
			}
			if bareAge(src.prefix) {
				// "43-year-old Martin Taylor of Aberdeenshire": a person
				// introduced by age is a private one, and "of" gives the
				// hometown; neither is a title.
				src.prefix, src.appositive, src.hometown = "", "", true
			}
			return true
		}
		break
	}
	return false
}

// bareAge reports an age and nothing else: "43-year-old", "58".
func bareAge(s string) bool {
	s = strings.TrimSuffix(lower(s), "-year-old")
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func isHonorific(lw string) bool {
	_, ok := honorifics[lw]
	return ok
}

// isOffice reports honorifics that also name an office worth keeping.
func isOffice(lw string) bool {
	switch lw {
	case "sen.", "sens.", "rep.", "reps.", "gov.", "gen.", "lt.", "col.", "capt.", "sgt.", "adm.", "rev.", "del.", "atty.":
		return true
	}
	return false
}

func genderOfWords(s string) byte {
	for _, w := range strings.Fields(lower(s)) {
		w = strings.Trim(w, ",.")
		if femaleWords[w] {
			return 'f'
		}
		if maleWords[w] {
			return 'm'
		}
	}
	return 0
}

// cleanAppositive drops the relative pronoun of "who is the director of …".
// A relative clause that is not "who is/was …" ("who attended the
// meeting") and a bare age ("58") describe no title and give "".
func cleanAppositive(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"who is ", "who was ", "who has been ", "a ", "an "} {
		if strings.HasPrefix(s, p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	if strings.HasPrefix(s, "who ") || strings.HasPrefix(s, "who’s ") || strings.HasPrefix(s, "who's ") || strings.HasPrefix(s, "whose ") || strings.HasPrefix(s, "which ") ||
		strings.Trim(s, "0123456789") == "" || clauseVerb(s) {
		return ""
	}
	return s
}

// clauseVerb reports whether s has an auxiliary before any relative
// pronoun: "according to Wood, the players have paid the price," is a
// clause after the name, not a description of him.
func clauseVerb(s string) bool {
	for _, w := range strings.Fields(lower(s)) {
		switch w {
		case "who", "whom", "whose", "which", "that":
			return false
		case "have", "has", "had", "is", "are", "was", "were", "will", "would", "can", "could", "should", "did", "does", "do":
			return true
		}
	}
	return false
}

// appositiveStart reports whether token i can open an appositive ("a
// Democrat from Ohio", "who served as …", "35", "R-Ky."), rather than a new
// clause ("Hale went after Moreau", "praised Varga").
func (p *parser) appositiveStart(i int) bool {
	if !p.isWord(i) {
		return false
	}
	w := p.w(i)
	lw := lower(w)
	if sentenceAdverbs[lw] || clauseWords[lw] && lw != "as" {
		return false // "Netanyahu, however, said", "Lucy, although not on camera,": no title
	}
	if pictureSides[lw] {
		return false // "Billy Thompson, center, was last seen": where he stands in the photo
	}
	if prepositions[lw] && lw != "of" {
		return false // "Richardson, via USA Today, said": where the words come from, no title
	}
	if strings.HasSuffix(lw, "ing") && !ingPrepositions[lw] && p.isWord(i+1) && (prepositions[p.lw(i+1)] || determiners[p.lw(i+1)]) {
		return false // "Bill Clinton, standing by her side,": a participle's clause ("acting director" is a title)
	}
	switch lw {
	case "a", "an", "the", "one", "who", "whose", "which", "now", "then", "himself", "herself", "also", "both",
		"who’s", "who's": // "Michael Bloomberg, who's thinking about running, said"
		return true
	}
	if w[0] >= '0' && w[0] <= '9' {
		return true
	}
	if isCap(w) {
		// "Sen. X, Republican of Kentucky," / "X, R-Ky.," / "X, CEO of Y,"
		return isTitleWord(lw) || descriptors[lw] || strings.Contains(w, "-") || !p.isWord(i+1) ||
			p.isWord(i+1) && (p.lw(i+1) == "of" || descriptors[p.lw(i+1)] || isTitleWord(p.lw(i+1)))
	}
	return !p.looksLikeVerb(i) && !isCueWord(lw) && !verbHints[lw] && !betweenWords[lw]
}

// pictureSides say where someone stands in a photo, as captions put them
// after a name.
var pictureSides = setOf(`left right center centre pictured above below top bottom front back inset`)

// ingPrepositions end in -ing but are prepositions, not participles: ",
// during a town hall in Columbus," is no clause of its own.
var ingPrepositions = setOf(`during including regarding concerning following according excluding notwithstanding considering`)

// sentenceAdverbs are set off by commas after a subject as an appositive
// is, but describe nobody.
var sentenceAdverbs = setOf(`however meanwhile though too nevertheless nonetheless instead therefore moreover
	furthermore likewise meantime similarly indeed perhaps apparently notably`)

// bridgesToName reports whether the lower-case words from token j lead, within
// three words, to a capitalised name: "Ohio delegate Wade Larkin",
// "Ledger City Hall bureau chief Nora Quist".
func (p *parser) bridgesToName(j int) bool {
	for k := j; k < j+3 && p.isWord(k); k++ {
		w := p.w(k)
		if isCap(w) {
			return k > j && !p.stopWord(lower(w))
		}
		lw := lower(w)
		if clauseWords[lw] || stopWords[lw] || foreignFunctionWords[lw] || isCueWord(lw) || p.looksLikeVerb(k) || timeWords[lw] {
			return false
		}
	}
	return false
}

// afterLastComma parses "…, NAME cue" closing the window: an attribution
// placed after words that continue the quoted sentence.
func (p *parser) afterLastComma(i int) (attribution, bool) {
	for c := i + 1; c+1 < len(p.toks); c++ {
		if !p.isPunct(c, ",") || !p.isWord(c+1) || !sayVerbs[p.lw(c+1)] || tellVerbs[p.lw(c+1)] || !p.isCue(c+1) {
			continue // ", told the Los Angeles Times": the listener, not the source
		}
		// "“…” that Sanders can win, said Steve Elmendorf, a strategist."
		if src, _, ok := p.npForward(c+2, true); ok && src.nameStart >= 0 {
			return attribution{src: src, cue: p.w(c + 1), cueStart: p.toks[c+1].start, cueEnd: p.toks[c+1].end,
				start: p.toks[c+1].start, end: src.end, hasSource: true}, true
		}
	}
	c := -1
	for k := len(p.toks) - 1; k > i; k-- {
		if p.isPunct(k, ",") {
			c = k
			break
		}
	}
	if c < 0 || len(p.toks)-c > 10 {
		return attribution{}, false
	}
	src, k, ok := p.npForward(c+1, false)
	if !ok || src.nameStart < 0 && src.pronoun == "" {
		return attribution{}, false
	}
	for n := 0; n < 3 && p.isWord(k) && betweenWords[p.lw(k)]; n++ {
		k++
	}
	if !p.isCue(k) {
		return attribution{}, false
	}
	ce := p.cueEnd(k)
	return attribution{src: src, cue: p.text[p.toks[k].start:p.toks[ce-1].end], cueStart: p.toks[k].start, cueEnd: p.toks[ce-1].end,
		start: src.start, end: p.toks[ce-1].end, hasSource: true}, true
}
