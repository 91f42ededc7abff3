package quote

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// mention is one occurrence of a person in the text.
type mention struct {
	start, end int
	person     int // index into docIndex.persons
}

type person struct {
	name   string // full name
	last   string // lower-case last name token
	gender byte
	titles string // lower-case titles and descriptors seen with the name
	title  string // the first appositive or title seen with the name, as written
	count  int
	// listed marks a name the recogniser gave as a person's, not one the
	// scan found as a capitalised run (which may be "Washington Post").
	listed bool
}

// docIndex knows the people of one text: full names, genders and mentions.
type docIndex struct {
	persons  []person
	byLast   map[string]int // the person of each surname named last so far
	byFull   map[string]int // multi-word names: two people may share a surname
	listing  bool           // adding the recogniser's people (see add)
	mentions []mention      // sorted by start
	// sources are mentions standing as the source of a cue ("Moreau said
	// that …"), in text order: a quote paragraph with no attribution of its
	// own usually continues the last of them.
	sources []mention
	// fullNames caches firstFullName by surname.
	fullNames map[string]fullName
	// quoted are the quotations' spans, open mark to close mark, in text
	// order: a name inside one is never the subject of the sentence
	// around it.
	quoted [][2]int
	// pronouns are the he/she resolved so far, in text order, and
	// pronounScan is where the scan for more resumes (see salience.go).
	pronouns    []resolvedPronoun
	pronounScan int
	roleWeights map[int]int // by mention start: see roleWeight
	// nameWords are the function words the recogniser's people bear in
	// their names (see functionWordNames).
	nameWords map[string]bool
	// score and toks are scratch space for salient, reused so that
	// resolving a pronoun allocates nothing new.
	score map[int]float64
	toks  []token
	// byFirst and firstAt serve fullFromFirst: the person whose full name
	// opens with each word (-1 when two do), and where each person is
	// first mentioned.
	byFirst map[string]int
	firstAt []int
	// works are the inner spans of quoted names of shows and books, in
	// text order: a name inside one ("“Ask Dr. Mike”") learns no title.
	works [][2]int
}

// inWork reports whether pos lies inside a quoted name of a work.
func (d *docIndex) inWork(pos int) bool {
	i := sort.Search(len(d.works), func(i int) bool { return d.works[i][1] > pos })
	return i < len(d.works) && d.works[i][0] <= pos
}

// inQuote reports whether the mention m lies inside a quotation.
func (d *docIndex) inQuote(m mention) bool {
	i := sort.Search(len(d.quoted), func(i int) bool { return d.quoted[i][1] > m.start })
	return i < len(d.quoted) && d.quoted[i][0] < m.start && m.end <= d.quoted[i][1]
}

func newDocIndex(text string, people []Person, works [][2]int) *docIndex {
	d := &docIndex{byLast: make(map[string]int), byFull: make(map[string]int), works: works}
	if people != nil {
		d.listing = true // the recogniser's people are people, whatever their first name
		for _, pp := range joinAdjacent(text, namesOnly(people)) {
			idx := d.add(pp.Name)
			for _, sp := range pp.Spans {
				if sp[0] >= 0 && sp[1] <= len(text) && sp[0] < sp[1] {
					d.mentions = append(d.mentions, mention{start: sp[0], end: sp[1], person: idx})
					d.learnGender(text, idx, sp[0])
					d.learnGenderAfter(text, idx, sp[1])
				}
			}
		}
	}
	d.listing = false
	d.nameWords = functionWordNames(people)
	d.scan(text)
	sort.Slice(d.mentions, func(i, j int) bool { return d.mentions[i].start < d.mentions[j].start })
	d.sharedSurnames(text)
	for _, m := range d.mentions {
		d.persons[m.person].count++
	}
	return d
}

// sharedSurnames gives a bare surname that two people bear to the one named
// in full just before it, in the same paragraph ("Louis Jordan, 37, took
// his boat out … “…,” Jordan told CNN"), as a reader takes it; elsewhere
// the first bearer keeps it. One pass over the mentions, sorted by start.
func (d *docIndex) sharedSurnames(text string) {
	type fullMention struct{ person, end int }
	lastFull := make(map[string]fullMention)
	for i, m := range d.mentions {
		p := d.persons[m.person]
		if !strings.Contains(p.name, " ") {
			continue
		}
		if strings.Contains(text[m.start:m.end], " ") {
			lastFull[p.last] = fullMention{m.person, m.end}
			continue
		}
		f, ok := lastFull[p.last]
		if !ok || f.person == m.person || lastToken(text[m.start:m.end]) != p.last || f.end > m.start || m.start-f.end > sharedSurnameReach ||
			strings.Contains(text[f.end:m.start], "\n") {
			continue
		}
		d.mentions[i].person = f.person
	}
}

// sharedSurnameReach is how far back, in bytes, a full name still decides
// whom a bare surname means.
const sharedSurnameReach = 400

// mentionAt returns the mention starting at start, if any.
func (d *docIndex) mentionAt(start int) (mention, bool) {
	i := sort.Search(len(d.mentions), func(i int) bool { return d.mentions[i].start >= start })
	if i < len(d.mentions) && d.mentions[i].start == start {
		return d.mentions[i], true
	}
	return mention{}, false
}

// functionWordNames returns the function words, lower-cased, that the
// recogniser's people bear as a surname ("Theresa May", "Al From"). In such
// a document "May said" and "said Al From" name her and him, where
// elsewhere "May" is a month and "From" opens a phrase. Only words that are
// also surnames count: the recogniser's odd "Donald Trump Is In" or "Joe
// Monday" must not make "In" or "Monday" names.
func functionWordNames(people []Person) map[string]bool {
	var out map[string]bool
	for _, pp := range people {
		words := strings.Fields(pp.Name)
		if len(words) < 2 {
			continue
		}
		if lw := lower(words[len(words)-1]); surnameFunctionWords[lw] && isCap(words[len(words)-1]) {
			if out == nil {
				out = map[string]bool{}
			}
			out[lw] = true
		}
	}
	return out
}

// surnameFunctionWords are function words (stopCaps) that are also
// surnames.
var surnameFunctionWords = setOf(`may from march still`)

// lastToken is the surname people are indexed by: the last word of a
// name, skipping a generational suffix, so that "James Kennedy Jr." and
// "Patrick Carlineo Jr." stay two people.
func lastToken(name string) string {
	f := strings.Fields(name)
	for len(f) > 1 && nameSuffixes[lower(strings.Trim(f[len(f)-1], ".,"))] {
		f = f[:len(f)-1]
	}
	if len(f) == 0 {
		return ""
	}
	return lower(strings.Trim(stripPossessive(f[len(f)-1]), ".,"))
}

// nameSuffixes follow a surname without being part of it.
var nameSuffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true}

func (d *docIndex) add(name string) int {
	last := lastToken(name)
	words := strings.Fields(name)
	full := len(words) > 1
	if i, ok := d.byFull[name]; ok {
		return i
	}
	if i, ok := d.knownSuffix(name); ok {
		return i // "Actor Clint Howard" is Clint Howard
	}
	if i, ok := d.byLast[last]; ok {
		known := d.persons[i].name
		switch {
		case !strings.Contains(known, " "):
			// Keep the fuller name: "Kovac" then "Elena Kovac".
			if full {
				d.persons[i].name = name
				d.byFull[name] = i
				if d.persons[i].gender == 0 {
					d.persons[i].gender = firstNameGender(name) // the first name came with the fuller name
				}
			}
			return i
		case !full || sameFirstName(known, name) || strings.HasSuffix(name, " "+known) || strings.HasSuffix(known, " "+name) ||
			!isFirstName(words[0]) && !(d.listing && plainWord(words[0])):
			// "Ledger’s Ruth Marlow" is Ruth Marlow, and so is a
			// capitalised run the scan found ("See Marlow"): only a
			// recognised name or a known first name makes another Marlow.
			return i
		}
		// "Bill Clinton" in a story about Hillary Clinton: another person.
	}
	d.persons = append(d.persons, person{name: name, last: last, gender: firstNameGender(name), listed: d.listing})
	i := len(d.persons) - 1
	if _, ok := d.byLast[last]; !ok {
		d.byLast[last] = i // a lone surname stays the first bearer's
	}
	if full {
		d.byFull[name] = i
	}
	return i
}

// knownSuffix finds the person whose full name ends name after words
// before it ("Actor Clint Howard", "Former Clinton Senior Adviser Sidney
// Blumenthal"); names of up to 8 words are read.
func (d *docIndex) knownSuffix(name string) (int, bool) {
	words := strings.Fields(name)
	if len(words) < 3 || len(words) > 8 {
		return 0, false
	}
	for i := 1; i < len(words)-1; i++ {
		if idx, ok := d.byFull[strings.Join(words[i:], " ")]; ok {
			return idx, true
		}
	}
	return 0, false
}

// sameFirstName reports whether two full names with one surname can be one
// person: the same first name, or an initial of it ("H. Clinton").
func sameFirstName(a, b string) bool {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) == 0 || len(wb) == 0 {
		return true
	}
	fa, fb := lower(wa[0]), lower(wb[0])
	if fa == fb {
		return true
	}
	ia, ib := strings.TrimSuffix(fa, "."), strings.TrimSuffix(fb, ".")
	// "H. Clinton", "Ken Starr" for Kenneth Starr
	return (len(ia) == 1 || len(ia) >= 3) && strings.HasPrefix(fb, ia) || (len(ib) == 1 || len(ib) >= 3) && strings.HasPrefix(fa, ib)
}

// plainWord reports a capitalised word of letters only, as a first name
// is ("Raza," of "La Raza, Graham" is not).
func plainWord(w string) bool {
	if !isCap(w) || stopCaps[lower(w)] {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '’' {
			return false
		}
	}
	return true
}

func isFirstName(w string) bool {
	lw := lower(w)
	return femaleNames[lw] || maleNames[lw]
}

func firstNameGender(name string) byte {
	f := strings.Fields(name)
	if len(f) == 0 {
		return 0
	}
	first := lower(f[0])
	switch {
	case femaleNames[first] && !maleNames[first]:
		return 'f'
	case maleNames[first] && !femaleNames[first]:
		return 'm'
	}
	return 0
}

// learnGender looks at the honorific or descriptor right before a mention.
func (d *docIndex) learnGender(text string, idx, start int) {
	if d.persons[idx].gender != 0 {
		return
	}
	from := max(0, start-24)
	toks := tokenize(text, from, start, nil)
	if len(toks) == 0 {
		return
	}
	w := lower(text[toks[len(toks)-1].start:toks[len(toks)-1].end])
	if g := honorifics[w]; g != 0 {
		d.persons[idx].gender = g
	} else if femaleWords[w] {
		d.persons[idx].gender = 'f'
	} else if maleWords[w] {
		d.persons[idx].gender = 'm'
	}
}

// learnGenderAfter learns a person's gender from a description right after
// the mention ending at end: "Omar is one of the first two Muslim women
// elected", "Kovac, a mother of three,". Without it an unknown first name
// ("Ilhan") left her open to "he", and a threat she received was given to her.
func (d *docIndex) learnGenderAfter(text string, idx, end int) {
	if d.persons[idx].gender != 0 {
		return
	}
	toks := tokenize(text, end, min(len(text), end+120), nil)
	p := parser{text: text, toks: toks}
	i := 0
	if p.isPunct(i, ",") || p.isWord(i) && (p.lw(i) == "is" || p.lw(i) == "was") {
		i++
	} else {
		return
	}
	if !p.isWord(i) || !determiners[p.lw(i)] && p.lw(i) != "one" {
		return
	}
	for k := i + 1; k < len(toks) && k <= i+7 && p.isWord(k); k++ {
		if isCap(p.w(k)) {
			continue // part of a name: "owner of the Miss Universe pageant"
		}
		switch lw := p.lw(k); {
		case femaleWords[lw] || lw == "women" || lw == "girls":
			d.persons[idx].gender = 'f'
			return
		case maleWords[lw] || lw == "men" || lw == "boys":
			d.persons[idx].gender = 'm'
			return
		}
	}
}

// scan registers capitalised name runs and adds new persons: runs that
// start with a known first name or follow an honorific or title, or stand
// before a cue. It does so even when the recogniser's persons are given,
// since the recogniser misses some speakers ("Dana Whitlock, a city council
// member") that the attribution itself names.
func (d *docIndex) scan(text string) {
	toks := tokenize(text, 0, len(text), nil)
	p := parser{text: text, toks: toks, names: d.nameWords}
	for i := 0; i < len(toks); i++ {
		if !p.isWord(i) || !isCap(p.w(i)) {
			continue
		}
		lw := p.lw(i)
		honor := byte(0)
		hasHonor := false
		j := i
		if isHonorific(lw) || isTitleWord(lw) {
			honor, hasHonor = honorifics[lw], isHonorific(lw)
			j = i + 1
			for p.isWord(j) && isTitleWord(p.lw(j)) && isCap(p.w(j)) {
				j++
			}
			j = p.officeComplement(j, len(p.toks))
		}
		k := j
		for p.isWord(k) && (isCap(p.w(k)) && !p.stopWord(lower(stripPossessive(p.w(k)))) && !isTitleWord(p.lw(k)) && !isHonorific(p.lw(k)) || k > j && p.particle(k)) && k-j < 5 {
			k++
			if base := stripPossessive(p.w(k - 1)); base != p.w(k-1) {
				break
			}
		}
		if k == j {
			continue
		}
		name := joinTokens(p, j, k)
		last := lastToken(name)
		idx, known := d.byFull[name]
		if !known {
			idx, known = d.byLast[last]
		}
		if known && j > i {
			// "Former Clinton Senior Adviser Sidney Blumenthal": the run
			// ends with the known full name, and the words before it are
			// the office's.
			full := d.persons[idx].name
			if n := len(strings.Fields(full)); n >= 2 && k-j > n && joinTokens(p, k-n, k) == full {
				j, name = k-n, full
			}
		}
		if !known {
			n := k - j
			first := lower(p.w(j))
			if n >= 2 && isFirstName(first) || hasHonor || n >= 2 && j > i || p.cueFollows(k) {
				idx = d.add(name)
				known = true
			}
		} else if known && k-j >= 2 {
			idx = d.add(name) // may upgrade "Kovac" to "Elena Kovac", or be another Kovac
		}
		if known {
			start := p.toks[j].start
			d.mentions = append(d.mentions, mention{start: start, end: p.toks[k-1].end, person: idx})
			if p.cueFollows(k) {
				d.sources = append(d.sources, mention{start: start, end: p.toks[k-1].end, person: idx})
			}
			if honor != 0 && d.persons[idx].gender == 0 {
				d.persons[idx].gender = honor
			}
			if !d.inWork(start) {
				d.learnTitle(&p, idx, i, j, k, honorifics[lw] != 0)
			}
		}
		i = k - 1
	}
}

// learnTitle learns the title of person idx from the mention at tokens
// [j, k) that the scan found, with title words from token i: the words of
// office before it, else an appositive after it, else a description that
// opens the sentence. A name inside a quoted work's name learns none.
func (d *docIndex) learnTitle(p *parser, idx, i, j, k int, honorific bool) {
	if j > i {
		i = p.officeModifiers(i)
		d.persons[idx].addTitle(joinTokens(*p, i, j))
	}
	if bareModifierTitle(d.persons[idx].title) {
		if ap := p.appositiveAt(k); !worksName(ap) {
			d.persons[idx].title = ap
		}
	}
	if bareModifierTitle(d.persons[idx].title) && j == i {
		d.persons[idx].title = p.titleBefore(i)
	}
	if bareModifierTitle(d.persons[idx].title) && j > i && !(j == i+1 && honorific) {
		d.persons[idx].title = joinTokens(*p, i, j) // "Mayor", "Deputy Governor"
	}
}

// bareModifierTitle reports a title still to be learnt: none, or a
// modifier without its office ("Former", from a headline's "Former AG
// Mukasey"), which a later, fuller one replaces.
func bareModifierTitle(t string) bool {
	switch lower(t) {
	case "", "former", "ex", "then", "acting", "late", "outgoing", "incoming", "interim":
		return true
	}
	return false
}

// officeComplement extends an office ending before token j by its "of"
// complement when a person's name follows it: in "Secretary of State Mike
// Pompeo" and "Minister for Foreign Affairs Penny Wong" the name starts at
// the first given name of the capitalised run after "of" (else it is the
// run's last two words), and what comes before is the office's. It
// returns where the name starts, reading the tokens before limit.
func (p *parser) officeComplement(j, limit int) int {
	if !p.isWord(j) || (p.lw(j) != "of" && p.lw(j) != "for") || !p.isWord(j+1) || !isCap(p.w(j+1)) {
		return j
	}
	end := j + 1
	for end < limit && p.isWord(end) && isCap(p.w(end)) && end-j < 8 {
		end++
	}
	for m := j + 2; m+1 < end; m++ {
		if isFirstName(p.lw(m)) {
			return m
		}
	}
	if end-j >= 4 {
		return end - 2 // a given name we do not know: most names are two words
	}
	return j
}

// officeModifiers extends an office starting at token i back over the
// capitalised words that qualify it ("Foreign Secretary", "White House
// Press Secretary", "Texas Gov."), at most three, stopping at punctuation,
// a sentence's function word or a word of another name.
func (p *parser) officeModifiers(i int) int {
	b := i
	for b > 0 && i-b < 3 && p.isWord(b-1) && isCap(p.w(b-1)) && p.toks[b-1].end < p.toks[b].start {
		lw := p.lw(b - 1)
		if stopCaps[lw] || foreignFunctionWords[lw] || isHonorific(lw) || isFirstName(lw) ||
			stripPossessive(p.w(b-1)) != p.w(b-1) {
			break
		}
		b--
	}
	return b
}

// surnameOffice finds the person whose surname is a word of office used
// bare and capitalised as a subject ("King says …" after "Billie Jean
// King"): without an article, the word is the name, not the office.
func (d *docIndex) surnameOffice(text string, s source) (int, bool) {
	w := text[s.start:s.end]
	if strings.ContainsAny(w, " \u00a0") || !isCap(w) {
		return 0, false
	}
	idx, ok := d.byLast[lower(w)]
	if !ok || !strings.Contains(d.persons[idx].name, " ") {
		return 0, false
	}
	return idx, true
}

func joinTokens(p parser, from, to int) string {
	return strings.TrimRight(stripPossessive(p.text[p.toks[from].start:p.toks[to-1].end]), ",")
}

// resolve turns an attribution's source into a speaker name, title and the
// mention it came from.
func (d *docIndex) resolve(text string, a attribution) (speaker, title string, ms, me int) {
	if a.src.first != nil {
		return d.resolveJoint(text, a)
	}
	s := a.src
	title = a.title()
	var guessed source
	if s.guess && s.nameStart >= 0 {
		name := strings.TrimRight(stripPossessive(text[s.nameStart:s.nameEnd]), ",")
		if _, known := d.byLast[lastToken(name)]; !known && (len(strings.Fields(name)) < 2 || name == strings.ToUpper(name)) {
			// A dateline or a place opening the sentence: look for the first
			// person named between it and the cue instead.
			if name != strings.ToUpper(name) && verbFollows(text, s.nameEnd) {
				guessed = s // "Varga went on to say": a subject after all
			}
			s = source{start: s.start, end: a.cueStart, nameStart: -1, nameEnd: -1, subjectIn: true}
		}
	}
	if s.nameStart >= 0 && s.first == nil && modifierAfterArticle(text, mention{start: s.nameStart, end: s.nameEnd}) {
		// "A Syrian refugee … said": the name describes an unnamed subject.
		end := a.cueStart
		if end <= s.start { // "said a Syrian refugee"
			end = s.end
		}
		s = source{start: s.start, end: end, nameStart: -1, nameEnd: -1, subjectIn: true}
	}
	if s.subjectIn {
		if m, ok := d.subjectMention(text, s.start, s.end); ok {
			return d.persons[m.person].name, d.titleOf(m, title), m.start, m.end
		}
		if guessed.nameStart >= 0 && guessed.guess {
			s = guessed
		} else {
			return "", title, -1, -1 // an unnamed subject: "One speaker, a local business owner, …"
		}
	}
	switch {
	case s.nameStart >= 0:
		if s.start < a.cueStart {
			// "Dale Pruitt, 52, of Ashgrove, N.M., who …, said": the name
			// next to the cue may sit inside the head's description.
			if m, ok := d.chainHead(text, s.start, s.nameStart); ok {
				return d.persons[m.person].name, d.titleOf(m, title), m.start, m.end
			}
		}
		return d.resolveName(text, s, title)
	case s.pronoun == "he" || s.pronoun == "she":
		if m, ok := d.pronounSpeaker(text, s); ok {
			return d.persons[m.person].name, d.titleOf(m, title), m.start, m.end
		}
	case s.role != "" && !s.indefinite && !groupNoun(s.role):
		if idx, ok := d.surnameOffice(text, s); ok {
			return d.persons[idx].name, d.persons[idx].title, s.start, s.end
		}
		if m, ok := d.antecedent(s.start, s.gender, s.role); ok {
			if !d.hasRole(m, s.role) && introducedSince(text, m.end, s.start, s.role) {
				// "A spokesperson who did not wish to be named said …
				// “…,” the spokesperson said.": the one introduced, unnamed.
				return "", title, -1, -1
			}
			if !d.hasRole(m, s.role) {
				// No one named holds the role: it re-describes who just
				// spoke ("Ari Fleischer said … “…,” said the former top
				// aide"), not the last name mentioned.
				if src, ok := d.recentSource(text, s.start, s.gender); ok && !d.inQuote(src) {
					m = src
				} else if subj, ok := d.priorSubject(text, s.start); ok {
					m = subj
				}
			}
			return d.persons[m.person].name, d.titleOf(m, title), m.start, m.end
		}
		return "", title, -1, -1
	}
	return "", title, -1, -1
}

// resolveName resolves a source that names someone: the full name a lone
// surname stands for, the office written before a known full name, and the
// title the person was introduced with.
func (d *docIndex) resolveName(text string, s source, title string) (string, string, int, int) {
	name := strings.TrimRight(stripPossessive(text[s.nameStart:s.nameEnd]), ",")
	if m, ok := d.mentionAt(s.nameStart); ok && !strings.Contains(name, " ") {
		if p := d.persons[m.person]; p.last == lastToken(name) && strings.Contains(p.name, " ") {
			name = p.name // a surname two people bear means one of them there (see sharedSurnames)
		}
	}
	if !strings.Contains(name, " ") {
		if idx, ok := d.byLast[lastToken(name)]; !ok || !strings.Contains(d.persons[idx].name, " ") {
			// "Moreau said" after "Ines Moreau, general secretary …".
			if full, end := d.fullNameBefore(text, name, s.nameStart); full != "" {
				name = full
				if title == "" {
					ap := parser{text: text, toks: tokenize(text, end, min(len(text), end+300), nil)}
					title = ap.appositiveAt(0)
				}
			}
		}
	}
	ms := s.nameStart
	if idx, ok := d.knownSuffix(name); ok {
		// "Former Clinton Senior Adviser Sidney Blumenthal said": the
		// words before the known full name are the office's.
		// A possessive before it ("NASA's Steve Clarke") is no office.
		if full := d.persons[idx].name; strings.HasSuffix(name, " "+full) {
			if extra := strings.TrimSuffix(name, " "+full); bareModifierTitle(title) && stripPossessive(extra) == extra {
				title = strings.TrimSpace(title + " " + extra)
			}
			ms += len(name) - len(full)
			name = full
		}
	}
	idx := d.findOrAdd(name, s.gender)
	if title != "" {
		d.persons[idx].addTitle(title)
	}
	if bareModifierTitle(title) && !bareModifierTitle(d.persons[idx].title) {
		title = d.persons[idx].title
	} else if bareModifierTitle(d.persons[idx].title) {
		d.persons[idx].title = title
	}
	return d.persons[idx].name, title, ms, s.nameEnd
}

// pronounSpeaker resolves a "he" or "she" source: the source of a cue in
// the same or the previous sentence, else the most salient person, else
// the nearest compatible one.
func (d *docIndex) pronounSpeaker(text string, s source) (mention, bool) {
	if m, ok := d.recentSource(text, s.start, s.gender); ok {
		return m, true
	}
	return d.pronounReferent(text, s.start, s.gender)
}

// resolveJoint resolves a coordinated source ("Trump and Ryan issued a
// statement"): both names, each resolved on its own ("Ryan" to "Paul
// Ryan"), with the second one's title.
func (d *docIndex) resolveJoint(text string, a attribution) (speaker, title string, ms, me int) {
	f := a.src.first
	a.src.first = nil
	speaker, title, ms, me = d.resolve(text, a)
	fa := a
	fa.src = *f
	one, _, fs, _ := d.resolve(text, fa)
	if one != "" && speaker != "" && one != speaker {
		return one + " and " + speaker, title, fs, me
	}
	return speaker, title, ms, me
}

// titleOf prefers the title the attribution gave ("the senator") and falls
// back on the one the person was introduced with.
func (d *docIndex) titleOf(m mention, fallback string) string {
	if t := d.persons[m.person].title; t != "" {
		return t
	}
	return fallback
}

func (d *docIndex) findOrAdd(name string, gender byte) int {
	idx := d.add(name)
	if d.persons[idx].gender == 0 {
		d.persons[idx].gender = gender
	}
	return idx
}

// antecedent finds the nearest person mentioned before pos whose gender is
// compatible (an exact match beats an unknown gender nearby) and, for a role
// reference, whose titles include the role.
func (d *docIndex) antecedent(pos int, gender byte, role string) (mention, bool) {
	i := sort.Search(len(d.mentions), func(i int) bool { return d.mentions[i].start >= pos }) - 1
	var fallback *mention
	for stop := max(-1, i-300); i > stop; i-- { // nobody is referred to 300 mentions back
		m := d.mentions[i]
		p := d.persons[m.person]
		if role != "" {
			if d.inQuote(m) {
				continue // "the actor" refers to someone the story names, not a word quoted
			}
			if strings.Contains(p.titles, role) || strings.Contains(p.titles, roleAbbrev(role)) {
				return m, true
			}
			if fallback == nil {
				fallback = &d.mentions[i]
			}
			continue
		}
		if gender == 0 || p.gender == gender || p.gender == 0 {
			return m, true
		}
	}
	if fallback != nil {
		return *fallback, true
	}
	return mention{}, false
}

func roleAbbrev(role string) string {
	switch role {
	case "senator":
		return "sen."
	case "representative", "congressman", "congresswoman":
		return "rep."
	case "governor":
		return "gov."
	case "general":
		return "gen."
	}
	return "\x00"
}

// cueFollows reports whether a reporting verb follows token k ("Okafor
// said", "Okafor also told"), which makes the name before it a person.
func (p *parser) cueFollows(k int) bool {
	for n := 0; n < 2 && p.isWord(k) && betweenWords[p.lw(k)]; n++ {
		k++
	}
	return p.isCue(k) && p.lw(k) != "according"
}

// addSources records the named source of every attribution as a mention, so
// that later pronouns can refer to speakers the scan did not recognise.
func (d *docIndex) addSources(text string, units []unit) {
	added := false
	for _, u := range units {
		s := u.att.src
		if !u.attributed || s.nameStart < 0 || s.guess {
			continue
		}
		name := strings.TrimRight(stripPossessive(text[s.nameStart:s.nameEnd]), ",")
		idx := d.findOrAdd(name, s.gender)
		d.sources = append(d.sources, mention{start: s.nameStart, end: s.nameEnd, person: idx})
		if !d.hasMentionAt(s.nameStart, s.nameEnd) {
			d.mentions = append(d.mentions, mention{start: s.nameStart, end: s.nameEnd, person: idx})
			d.persons[idx].count++
			added = true
		}
	}
	if added {
		sort.Slice(d.mentions, func(i, j int) bool { return d.mentions[i].start < d.mentions[j].start })
	}
	sort.Slice(d.sources, func(i, j int) bool { return d.sources[i].start < d.sources[j].start })
}

// lastSource returns the last source mention in (from, pos).
func (d *docIndex) lastSource(from, pos int) (mention, bool) {
	i := sort.Search(len(d.sources), func(i int) bool { return d.sources[i].start >= pos }) - 1
	if i >= 0 && d.sources[i].start >= from {
		return d.sources[i], true
	}
	return mention{}, false
}

func (d *docIndex) hasMentionAt(start, end int) bool {
	i := sort.Search(len(d.mentions), func(i int) bool { return d.mentions[i].end > start })
	return i < len(d.mentions) && d.mentions[i].start < end
}

// appositiveAt returns the appositive that follows a name ending before token
// k ("Elena Kovac, the country's foreign minister, …"), or "".
func (p *parser) appositiveAt(k int) string {
	if !p.isPunct(k, ",") || !p.appositiveStart(k+1) {
		return ""
	}
	e := k + 1
	for e < len(p.toks) && e-k < 16 && p.toks[e].word || e < len(p.toks) && e-k < 16 && (p.w(e) == "’" || p.w(e) == "'" || p.w(e) == "-") {
		e++
	}
	if e >= len(p.toks) || !p.isPunct(e, ",") && !p.isPunct(e, ".") || e == k+1 {
		return ""
	}
	if p.isPunct(e, ",") && p.isWord(e+1) && (p.lw(e+1) == "and" || p.lw(e+1) == "or") && p.namesOnly(k+1, e) {
		// "friends including Gaiman, Walton, and Meacham": a list of names,
		// not a description ("Kurt Volker, former special envoy to Kyiv,
		// and Tim Morrison" keeps his).
		return ""
	}
	return cleanAppositive(p.text[p.toks[k+1].start:p.toks[e-1].end])
}

// namesOnly reports whether the tokens [from, to) are capitalised words.
func (p *parser) namesOnly(from, to int) bool {
	for k := from; k < to; k++ {
		if !p.isWord(k) || !isCap(p.w(k)) {
			return false
		}
	}
	return from < to
}

// addTitle remembers a title for role references ("the senator"), once.
func (p *person) addTitle(t string) {
	t = lower(t)
	if len(p.titles) < 300 && !strings.Contains(p.titles, t) {
		p.titles += " " + t
	}
}

// sentenceSubject finds the subject of the sentence text[from:to] that leads
// up to a quote: a leading he/she resolved to its antecedent, or else the
// first person mentioned in it.
func (d *docIndex) sentenceSubject(text string, from, to int) (mention, bool) {
	toks := tokenize(text, from, to, nil)
	p := parser{text: text, toks: toks}
	i := 0
	for i < len(toks) && p.isWord(i) && (p.lw(i) == "and" || p.lw(i) == "but" || p.lw(i) == "so" || p.lw(i) == "yet") {
		i++
	}
	if p.isWord(i) {
		if g, ok := pronounGender[p.lw(i)]; ok {
			if g == 0 {
				return mention{}, false // "they", "it", "we": nobody named
			}
			return d.pronounReferent(text, toks[i].start, g)
		}
	}
	return d.subjectMention(text, from, to)
}

// prevSentenceSubject finds the person the sentence before pos is about,
// when that sentence, in the same or the previous paragraph, holds no
// quote and opens with its subject (a few words may lead: "Later, Clinton
// touted …").
func (d *docIndex) prevSentenceSubject(text string, pos int) (mention, bool) {
	j := lastNonSpace(text, pos)
	if j < 0 || strings.Count(text[j:pos], "\n") > 2 {
		return mention{}, false
	}
	from := sentenceStart(text, j, paragraphStart(text, j)-1)
	if strings.ContainsAny(text[from:j+1], "\"“”") {
		return mention{}, false
	}
	// "Or maybe Jeb Bush, consultant Phil Musser says. “…”": the source
	// of a speech verb in that sentence before its subject.
	if m, ok := d.lastSource(from, j+1); ok && !d.descriptive(m) {
		return m, true
	}
	m, ok := d.sentenceSubject(text, from, j+1)
	if !ok || d.descriptive(m) {
		return mention{}, false
	}
	if m.start < from { // "He said …": resolved to the antecedent
		return m, true
	}
	return m, len(strings.Fields(text[from:m.start])) <= 4
}

// descriptive reports whether a mention's person is a lone descriptive
// word ("Party" left of "the Iowa Democratic Party said"), which names
// nobody and must not be carried to a quote without its own attribution.
func (d *docIndex) descriptive(m mention) bool {
	name := d.persons[m.person].name
	lw := lower(name)
	return !strings.Contains(name, " ") && (descriptors[lw] || titleWords[lw] || roleNouns[lw])
}

// subjectMention picks the person a sentence stretch [from, to) is about:
// the first mention followed by a verb ("After a ruling on Hale’s plan,
// Moreau said"), else the first one that is not a possessive, else the first.
func (d *docIndex) subjectMention(text string, from, to int) (mention, bool) {
	// "After Jerry Brown criticized him, Hillary shot back, “…”": a
	// subordinate clause opening the sentence holds no subject of its own.
	// "At the RNC’s meeting after the loss to Obama, party Chairman Reince
	// Priebus scolded …": nor does an opening prepositional phrase.
	if w, _, _ := strings.Cut(text[from:min(to, from+20)], " "); opensLeadIn(w) {
		if c := strings.IndexByte(text[from:to], ','); c > 0 {
			if m, ok := d.subjectMention(text, from+c+1, to); ok {
				return m, true
			}
		}
	}
	if m, ok := d.pronounSubject(text, from, to); ok {
		return m, true
	}
	k := sort.Search(len(d.mentions), func(k int) bool { return d.mentions[k].start >= from })
	var plain, first *mention
	for ; k < len(d.mentions) && d.mentions[k].start < to; k++ {
		m := &d.mentions[k]
		if d.inQuote(*m) {
			continue // "“I think John Kasich would win,” Graham said"
		}
		if modifierAfterArticle(text, *m) {
			continue // "A Syrian refugee said": a name only describes the subject
		}
		possessor := strings.HasPrefix(text[m.end:], "’s") || strings.HasPrefix(text[m.end:], "'s") ||
			stripPossessive(text[m.start:m.end]) != text[m.start:m.end]
		if possessor && ownsPerson(text, m.end) {
			// "Reporter Lena Park's source inside the camp said": another
			// person speaks, not Park; her campaign would speak for her.
			continue
		}
		if first == nil {
			first = m
		}
		if possessor {
			continue // "Park's" is no subject with "’s" for "is"
		}
		if verbFollows(text, m.end) {
			return *m, true
		}
		if plain == nil && (!prepositionBefore(text, m.start) || strings.HasSuffix(lower(text[max(0, m.start-13):m.start]), "according to ")) {
			plain = m // not "directed at Bannon", but "according to Hale"
		}
	}
	switch {
	case plain != nil:
		return *plain, true
	case first != nil:
		return *first, true
	}
	return mention{}, false
}

// priorSubject returns the subject of the sentence before the one holding
// pos, in the same paragraph: the person a description after a quote most
// likely re-describes ("One of the authors, Ari Fleischer, said …. “…,”
// said the former top aide").
func (d *docIndex) priorSubject(text string, pos int) (mention, bool) {
	floor := paragraphStart(text, pos)
	cur := sentenceStart(text, pos, floor-1)
	for n := 0; cur > floor && d.inQuote(mention{start: cur, end: cur + 1}); n++ {
		if n == 8 {
			return mention{}, false // a long quote: its speaker is told elsewhere
		}
		cur = sentenceStart(text, cur-1, floor-1) // the quote's own sentences
	}
	if cur <= floor {
		return mention{}, false
	}
	prev := sentenceStart(text, cur-1, floor-1)
	m, ok := d.sentenceSubject(text, prev, cur)
	if !ok || m.start < prev || d.inQuote(m) {
		return mention{}, false
	}
	return m, true
}

// modifierAfterArticle reports whether the one-word mention m follows "a"
// or "an" and comes before a lower-case word: "a Syrian refugee", "a Trump
// supporter", where a name can only describe someone else.
func modifierAfterArticle(text string, m mention) bool {
	if strings.Contains(text[m.start:m.end], " ") {
		return false
	}
	before := strings.TrimRight(text[max(0, m.start-4):m.start], " ")
	if !strings.HasSuffix(lower(before), " a") && !strings.HasSuffix(lower(before), " an") && lower(before) != "a" && lower(before) != "an" {
		return false
	}
	rest := strings.TrimLeft(text[m.end:min(len(text), m.end+2)], " ")
	r, _ := utf8.DecodeRuneInString(rest)
	return m.end < len(text) && text[m.end] == ' ' && unicode.IsLower(r) && !speaksFor(text, m.end)
}

// speaksFor reports whether the words after a name used as a modifier, or
// owned by it, speak for that person: a document, words or a campaign
// among the next three ("a Clinton campaign memo", "Park's statement").
func speaksFor(text string, end int) bool {
	for i, w := range strings.Fields(text[end:min(len(text), end+60)]) {
		if i == 3 {
			break
		}
		if lw := lower(stripPossessive(strings.Trim(w, ",.;:"))); documentNouns[lw] || speechNouns[lw] || lw == "campaign" {
			return true
		}
	}
	return false
}

// ownsPerson reports whether what a possessive ending at end owns is
// another person, among the next three words ("Park's source", "Khan's
// wife", "Walsh's predecessor"), who then speaks for themselves.
func ownsPerson(text string, end int) bool {
	toks := tokenize(text, end, min(len(text), end+60), nil)
	n := 0
	for _, t := range toks {
		if !t.word {
			continue
		}
		if n++; n > 4 {
			break
		}
		if otherPersonNouns[lower(text[t.start:t.end])] {
			return true
		}
	}
	return false
}

// pronounReferent resolves the he or she (gender g) at pos: the person an
// earlier pronoun was resolved to, else the most salient one before it.
func (d *docIndex) pronounReferent(text string, pos int, g byte) (mention, bool) {
	if m, ok := d.pronounAntecedent(text, pos); ok {
		return m, true
	}
	return d.antecedent(pos, g, "")
}

// pronounSubject resolves a "he" or "she" that opens the stretch [from, to)
// with its verb: in "During the call, he asked about …, called Omar a
// “terrorist” and said, “…”" the subject is he, not Omar, whom he called.
func (d *docIndex) pronounSubject(text string, from, to int) (mention, bool) {
	toks := tokenize(text, from, min(to, from+40), nil)
	if len(toks) == 0 || !toks[0].word {
		return mention{}, false
	}
	g := pronounGender[lower(text[toks[0].start:toks[0].end])] // 0 for "they", "it", "i", "we"
	if g == 0 || !verbFollows(text, toks[0].end) {
		return mention{}, false
	}
	m, ok := d.pronounReferent(text, toks[0].start, g)
	// Only a person known to be a he or a she: this overrides a named
	// mention, so a guess must not.
	if !ok || d.persons[m.person].gender != g {
		return mention{}, false
	}
	return m, true
}

// openingPrepositions open a phrase that leads up to the main clause.
// ("According to" is left out: its object is the outer source.)
var openingPrepositions = setOf(`at in on during for from with without under over despite amid among like unlike`)

// subordinators open a clause that leads up to the main one.
var subordinators = setOf(`after when while as although though because if since before once until whereas`)

// chainHead finds the person heading a chain of appositives that ends at
// pos: a mention followed only by descriptions set off by commas ("Owen
// Lark, a history lecturer at Kestrel College who advised Sen. Rita
// Okafor, one of …,"). A clause break (a full stop, a quote mark, "and",
// "but") between them means the mention belongs to another clause.
func (d *docIndex) chainHead(text string, pos, nameStart int) (mention, bool) {
	i := sort.Search(len(d.mentions), func(i int) bool { return d.mentions[i].end > pos }) - 1
	var head mention
	found := false
	for ; i >= 0; i-- {
		m := d.mentions[i]
		if m.end > pos {
			continue // overlaps the mention after it
		}
		if pos-m.end > 240 {
			break
		}
		gap := text[m.end:pos]
		// The description may be the source phrase's own prefix: "Paul
		// Grant, chairman of Forward Ohio, tweeted".
		if !appositiveGap(gap, text[m.end:max(pos, nameStart)]) || closesOpening(text, m) {
			break
		}
		if strings.TrimSpace(gap) != "" {
			head, found = m, true
		}
		pos, nameStart = m.start, m.start
	}
	return head, found
}

// closesOpening reports whether the mention m ends the phrase or clause
// that opens its sentence: in "In discussing the scandals around nominee
// Hillary Clinton, former Ambassador John Bolton told …" the comma after
// Clinton closes "In discussing …", and Bolton's phrase is no description
// of her.
func closesOpening(text string, m mention) bool {
	if !strings.HasPrefix(text[m.end:], ",") {
		return false
	}
	from := sentenceStart(text, m.start, paragraphStart(text, m.start)-1)
	if from >= m.start {
		return false
	}
	// The phrase may open after an earlier one: "Sunday on CNN, when
	// asked about Donald Trump, President Barack Obama said …".
	if i := strings.LastIndexByte(text[from:m.start], ','); i >= 0 {
		from += i + 1
	}
	w, _, _ := strings.Cut(strings.TrimLeftFunc(text[from:m.start], func(r rune) bool { return !unicode.IsLetter(r) }), " ")
	return opensLeadIn(w)
}

// possessiveSpeech finds the person heading the sentence [from, to) whose
// possessive stands before a noun of speech ("Rubio’s catch phrase was
// that Crist “…”", "From Bush's Facebook post: “…”"): the words are that
// person's.
func (d *docIndex) possessiveSpeech(text string, from, to int) (mention, bool) {
	// The subject heads the sentence: only its first words are read, which
	// also keeps a long sentence with many quotes cheap.
	head := min(to, from+120)
	k := sort.Search(len(d.mentions), func(k int) bool { return d.mentions[k].start >= from })
	for ; k < len(d.mentions) && d.mentions[k].start < head; k++ {
		m := d.mentions[k]
		if m.end > to || !leadsSentence(text[from:m.start]) {
			continue // "saying Trump’s comments are “…”": an object
		}
		rest := text[m.end:to]
		if !strings.HasPrefix(rest, "’s ") && !strings.HasPrefix(rest, "'s ") {
			continue
		}
		words := strings.Fields(rest[strings.IndexByte(rest, ' '):min(len(rest), 60)])
		for i, w := range words {
			if i == 3 {
				break
			}
			if speechNouns[lower(strings.Trim(w, ",:.;"))] {
				return m, true
			}
		}
	}
	return mention{}, false
}

// leadsSentence reports whether a mention after the sentence text before
// it opens its sentence as the subject: at most one lower-case word and
// titles may come first ("From Bush's Facebook post", "FBI Director
// Comey's conclusion").
func leadsSentence(before string) bool {
	lowerWords := 0
	for _, w := range strings.Fields(before) {
		if !isCap(w) {
			lowerWords++
		}
	}
	return lowerWords <= 1
}

// speechNouns name something said or written.
var speechNouns = setOf(`statement conclusion assertion claim dictum phrase post tweet words remarks comments comment slogan mantra argument message letter speech testimony response answer warning promise pledge vow description characterization memo op-ed column editorial email essay interview`)

// opensLeadIn reports whether the first word w of a sentence opens a
// phrase or clause that leads up to the main one: a subordinator, a
// preposition ("Like Corker, Menendez …") or a participle ("Filling in for
// Sanders at the event where Clinton spoke, West landed …").
func opensLeadIn(w string) bool {
	lw := lower(w)
	return subordinators[lw] || openingPrepositions[lw] || len(lw) > 5 && strings.HasSuffix(lw, "ing") && isCap(w) && lw != "according"
}

// appositiveGap reports whether gap, the text between a name and what
// follows it, only sets off a description: it opens with a comma or a
// parenthesis and holds no sentence or clause break.
func appositiveGap(gap, described string) bool {
	t := strings.TrimLeft(gap, " ")
	if t == "" {
		return true // adjacent mentions: one name split in two
	}
	if rest, ok := strings.CutPrefix(t, "of "); ok {
		// "Dana Pruitt of Laramie, Wyoming says"
		for {
			w, after, _ := strings.Cut(rest, " ")
			if w == "" || !isCap(w) || strings.HasSuffix(w, ",") {
				if strings.HasSuffix(w, ",") && isCap(w) {
					rest = "," + after
				}
				break
			}
			rest = after
		}
		t = strings.TrimLeft(rest, " ")
		if t == "" {
			return false
		}
	}
	if t[0] == '(' {
		// "Sen. Ted Barlow (R-Idaho)": the party and state, then the chain.
		end := strings.IndexByte(t, ')')
		if end < 0 {
			return false
		}
		t = strings.TrimLeft(t[end+1:], " ")
		if t == "" {
			return true
		}
		gap = t
	}
	if t[0] != ',' {
		return false
	}
	if strings.ContainsAny(gap, ";\n“”\"") || strings.Contains(gap, ". ") || strings.Contains(gap, "—") {
		return false
	}
	toks := tokenize(gap, 0, len(gap), nil)
	p := parser{text: gap, toks: toks}
	words := 0
	for _, t := range tokenize(described, 0, len(described), nil) {
		if t.word {
			words++
		}
	}
	if words == 0 {
		return false // "Of Hale, Moreau said": two clauses' names, no description
	}
	first := true
	for k := range toks {
		if !toks[k].word {
			if p.w(k) == "," {
				first = true
			}
			continue
		}
		lw := p.lw(k)
		if lw == "and" && p.isWord(k+1) && (descriptors[p.lw(k+1)] || isTitleWord(p.lw(k+1))) {
			continue // "president and CEO of …"
		}
		switch lw {
		case "and", "but", "while", "when", "because", "although", "though", "if", "so":
			return false
		}
		if p.isCue(k) {
			return false
		}
		if first && !p.appositiveStart(k) && !isCap(p.w(k)) && lw != "of" {
			return false
		}
		first = false
	}
	return true
}

// fullNameBefore finds the first "Firstname Surname" in text[:limit] for a
// surname used alone, and where that mention ends: one or two capitalised words straight before it that
// are not titles, honorifics or sentence openers.
func (d *docIndex) fullNameBefore(text, surname string, limit int) (string, int) {
	// Each surname's text is searched once: a long text repeating "Lee
	// said" must not cost a scan per quote.
	if d.fullNames == nil {
		d.fullNames = make(map[string]fullName)
	}
	f, ok := d.fullNames[surname]
	if !ok {
		f.name, f.end = firstFullName(text, surname)
		d.fullNames[surname] = f
	}
	if f.name == "" || f.end > limit {
		return "", 0
	}
	return f.name, f.end
}

type fullName struct {
	name string
	end  int
}

func firstFullName(text, surname string) (string, int) {
	limit := len(text)
	for from := 0; from < limit; {
		i := strings.Index(text[from:limit], surname)
		if i < 0 {
			return "", 0
		}
		at := from + i
		from = at + len(surname)
		if end := at + len(surname); end < len(text) && isWordRune(runeAfter(text, end, len(text))) {
			continue // "Moreaus", "Moreau-Smith"
		}
		if nextIsCap(text, at+len(surname)) {
			continue // "ambassador to Britain Liu Xiaming": the name goes on; "Liu" is its first word
		}
		toks := tokenize(text, max(0, at-60), at, nil)
		p := parser{text: text, toks: toks}
		if first, ok := p.parenFirstName(at); ok {
			return first + " " + surname, at + len(surname) // "Coach (Frank) Vogel"
		}
		k := len(toks)
		for k > 0 && len(toks)-k < 2 && p.isWord(k-1) && isCap(p.w(k-1)) && toks[k-1].end < at &&
			!strings.ContainsAny(text[toks[k-1].end:min(at, nextStart(toks, k, at))], "\n\r") && // "World News\n\nJane Doe"
			!stopCaps[p.lw(k-1)] && !isTitleWord(p.lw(k-1)) && !isHonorific(p.lw(k-1)) && !strings.HasSuffix(p.w(k-1), "’s") && !strings.HasSuffix(p.w(k-1), "'s") {
			k--
		}
		if k < len(toks) && strings.TrimSpace(text[toks[len(toks)-1].end:at]) == "" {
			return text[toks[k].start:at] + surname, at + len(surname)
		}
	}
	return "", 0
}

// nextIsCap reports whether a capitalised word that can go on a name
// follows pos after one space: not a Title Case headline's verb ("Okafor
// Says") or function word.
func nextIsCap(text string, pos int) bool {
	if pos+1 >= len(text) || text[pos] != ' ' || !isCap(text[pos+1:]) {
		return false
	}
	w := text[pos+1 : min(len(text), pos+1+40)]
	if i := strings.IndexFunc(w, func(r rune) bool { return !isWordRune(r) }); i >= 0 {
		w = w[:i]
	}
	return !isCueWord(lower(w)) && !stopCaps[lower(w)]
}

// verbFollows reports whether the word after pos is a lower-case verb
// ("Varga went", "Pryor elaborated"), which makes the word before it the
// subject of its sentence.
func verbFollows(text string, pos int) bool {
	ok, _ := verbFollowsBuf(text, pos, nil)
	return ok
}

// verbFollowsBuf is verbFollows tokenizing into buf, which it returns for
// reuse: the salience of every mention asks it.
func verbFollowsBuf(text string, pos int, buf []token) (bool, []token) {
	toks := tokenize(text, pos, min(len(text), pos+160), buf[:0])
	p := parser{text: text, toks: toks}
	i := 0
	// "Sen. Ron Johnson (R-Wis.) kept", "Paul Ryan of Wisconsin lamented",
	// "X, who has endorsed Y, said": the verb comes after the tag, the
	// place or the relative clause.
	if p.isPunct(0, "(") {
		for i < len(toks) && i < 8 && !p.isPunct(i, ")") {
			i++
		}
		i++
	}
	if p.isWord(i) && p.lw(i) == "of" {
		for i++; p.isWord(i) && isCap(p.w(i)); i++ {
		}
	}
	if p.isPunct(i, ",") && p.isWord(i+1) && (p.lw(i+1) == "who" || p.lw(i+1) == "whose") {
		for i++; i < len(toks) && !p.isPunct(i, ",") && !p.isPunct(i, "."); i++ {
		}
		i++
	}
	if !p.isWord(i) || isCap(p.w(i)) {
		return false, toks
	}
	lw := p.lw(i)
	// Past forms only: a word in -s after a capitalised one is as often a
	// plural noun ("Amid responses").
	return len(lw) > 3 && strings.HasSuffix(lw, "ed") || isCueWord(lw) || betweenWords[lw] || verbHints[lw] || lw == "went", toks
}

// recentSource finds the speaker a pronoun most likely continues: the last
// person of compatible gender who was the source of a cue in the same
// sentence or the one before ("Hale spokesman Keith Pryor said that … Hale
// has “…,” he said." is Pryor's), since the subject of the last reporting
// clause outranks a nearer name in an object or a subordinate clause.
func (d *docIndex) recentSource(text string, pos int, gender byte) (mention, bool) {
	floor := paragraphStart(text, pos)
	from := sentenceStart(text, pos, floor-1)
	if from > floor {
		from = sentenceStart(text, max(floor, from-1), floor-1)
	}
	i := sort.Search(len(d.sources), func(i int) bool { return d.sources[i].start >= pos }) - 1
	for ; i >= 0 && d.sources[i].start >= from; i-- {
		m := d.sources[i]
		if g := d.persons[m.person].gender; gender == 0 || g == 0 || g == gender {
			return m, true
		}
	}
	return mention{}, false
}

// titleBefore returns a description that opens the sentence and is set off
// before the name at token i: "The port authority’s chief executive,
// Daniel Okafor, welcomed …" gives "port authority’s chief executive".
func (p *parser) titleBefore(i int) string {
	if !p.isPunct(i-1, ",") {
		return ""
	}
	start := sentenceStart(p.text, p.toks[i-1].start, max(-1, p.toks[i-1].start-200))
	if start >= p.toks[i-1].start {
		return ""
	}
	phrase := strings.TrimSpace(p.text[start:p.toks[i-1].start])
	if c := strings.LastIndex(phrase, ", "); c >= 0 {
		phrase = phrase[c+2:] // "On CNN Tuesday, his wife, Jane, said": the opening adverbial is no title
	}
	words := strings.Fields(phrase)
	if len(words) < 2 || len(words) > 8 {
		return ""
	}
	head := lower(words[len(words)-1])
	if !descriptors[head] && !roleNouns[head] || isCap(words[len(words)-1]) {
		return ""
	}
	if fw := lower(words[0]); prepositions[fw] || fw == "like" || fw == "unlike" || fw == "as" {
		return "" // "Like a family member, Ebeling said": a comparison, not a title
	}
	for _, w := range words {
		if clauseWords[lower(w)] || isCueWord(lower(w)) {
			return ""
		}
	}
	for _, art := range []string{"The ", "the ", "A ", "a ", "An ", "an "} {
		phrase = strings.TrimPrefix(phrase, art)
	}
	return phrase
}

// nextStart is where token k starts, or at when k is past the last token.
func nextStart(toks []token, k, at int) int {
	if k < len(toks) {
		return toks[k].start
	}
	return at
}

// bareName makes a speaker a bare name: the last line of a name that ran
// across a line break ("World News\n\nJane Doe"), without leading
// capitalised function words of English or another language ("The",
// "Die", "Quando", "Jangan"); "" when nothing is left.
func bareName(name string) string {
	if i := strings.LastIndexAny(name, "\n\r"); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(name)
	for name != "" {
		first, rest, _ := strings.Cut(name, " ")
		lw := lower(first)
		if !stopCaps[lw] && !foreignFunctionWords[lw] {
			break
		}
		name = strings.TrimSpace(rest)
	}
	if !strings.Contains(name, " ") && notNameWord(name) {
		return ""
	}
	return name
}

// notNameWord reports a one-word "speaker" that is no name: a pronoun with
// its verb ("I’m", "We’ve", "It's"), an adverb or interjection that opens
// a sentence ("Maybe", "Perhaps", "Yes"), or an office without its holder
// ("Head", "President").
func notNameWord(w string) bool {
	lw := lower(w)
	for _, ap := range []string{"'", "’"} {
		if base, _, ok := strings.Cut(lw, ap); ok && (stopCaps[base] || pronounWords[base]) {
			return true
		}
	}
	return interjections[lw] || isTitleWord(lw) || roleNouns[lw] || lw == "head"
}

var (
	pronounWords  = setOf(`i you he she it we they that there what who where here`)
	interjections = setOf(`maybe perhaps yes no well oh okay ok indeed instead also thus hence therefore
		sometimes often actually basically honestly seriously surely certainly probably`)
)

// namesOnly drops the persons whose name holds a speech verb: a
// recogniser reading a Title Case headline ("Francois Hollande Says Donald
// Trump …") can run two names and the verb between them into one "person",
// and every later surname of either would resolve to it.
func namesOnly(people []Person) []Person {
	for i, pp := range people {
		if !hasSpeechVerb(pp.Name) {
			continue
		}
		out := append([]Person(nil), people[:i]...)
		for _, q := range people[i+1:] {
			if !hasSpeechVerb(q.Name) {
				out = append(out, q)
			}
		}
		return out
	}
	return people
}

func hasSpeechVerb(name string) bool {
	for _, w := range strings.Fields(name) {
		if sayVerbs[lower(w)] {
			return true
		}
	}
	return false
}

// joinAdjacent merges persons whose mentions stand side by side, parted by
// one space: a recogniser may tag "Sen. Bernie Sanders (I-Vt.)" as "Bernie"
// and "Sanders", which are one person.
func joinAdjacent(text string, people []Person) []Person {
	type span struct {
		s, e int
		name string
	}
	var spans []span
	for _, p := range people {
		for _, sp := range p.Spans {
			if sp[0] >= 0 && sp[1] <= len(text) && sp[0] < sp[1] {
				spans = append(spans, span{sp[0], sp[1], p.Name})
			}
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].s < spans[j].s })
	joined := false
	for i := 0; i+1 < len(spans); i++ {
		a, b := spans[i], spans[i+1]
		if b.s == a.e+1 && text[a.e] == ' ' && a.name != b.name {
			spans[i] = span{a.s, b.e, text[a.s:b.e]}
			spans = append(spans[:i+1], spans[i+2:]...)
			joined = true
			i--
		}
	}
	if !joined {
		return people
	}
	var out []Person
	at := map[string]int{}
	for _, sp := range spans {
		i, ok := at[sp.name]
		if !ok {
			i = len(out)
			at[sp.name] = i
			out = append(out, Person{Name: sp.name})
		}
		out[i].Spans = append(out[i].Spans, [2]int{sp.s, sp.e})
	}
	return out
}

// groupNoun reports whether a source's head noun is a plural ("the
// physicians stated", "the researchers wrote"): a group speaks, and the
// nearest named person is not it.
func groupNoun(head string) bool {
	if roleNouns[head] || len(head) < 4 || !strings.HasSuffix(head, "s") {
		return false
	}
	switch {
	case strings.HasSuffix(head, "ss"), strings.HasSuffix(head, "us"), strings.HasSuffix(head, "is"):
		return false // "the boss", "the virus", "the analysis"
	}
	return true
}

func (d *docIndex) hasRole(m mention, role string) bool {
	t := d.persons[m.person].titles
	return strings.Contains(t, role) || strings.Contains(t, roleAbbrev(role))
}

// introducedSince reports whether text[from:to] introduces someone new in
// the role, unnamed: "a spokesperson", "an unnamed official". Only the
// last few thousand bytes are read.
func introducedSince(text string, from, to int, role string) bool {
	from = max(from, to-4000)
	if from >= to {
		return false
	}
	words := strings.Fields(strings.ToLower(text[from:to]))
	for i, w := range words {
		if strings.TrimRight(w, ",.;:") != role {
			continue
		}
		for k := i - 1; k >= 0 && k >= i-2; k-- {
			if words[k] == "a" || words[k] == "an" || words[k] == "one" || words[k] == "another" {
				return true // "one legal expert said …; “…,” the expert warned"
			}
		}
	}
	return false
}

// fullFromFirst finds the one person named in full before pos whose name
// opens with word, for a speaker written as that word alone: a family name
// written first ("China’s ambassador Liu Xiaming … Liu said") or a first
// name a story about one family uses ("her brother Dale Ford … Dale
// wrote"), the way a reader resolves it. A word two full names open with,
// or that ends a full name (a surname, resolved elsewhere), finds no one;
// so does a name only the scan found: "Washington said" is the government,
// not the Washington Post named earlier.
func (d *docIndex) fullFromFirst(word string, pos int) (int, bool) {
	if d.byFirst == nil {
		d.byFirst = make(map[string]int)
		ends := make(map[string]bool)
		for i, p := range d.persons {
			f := strings.Fields(p.name)
			if len(f) < 2 {
				continue
			}
			ends[p.last] = true
			k := lower(f[0])
			if j, ok := d.byFirst[k]; ok && j != i {
				d.byFirst[k] = -1
			} else {
				d.byFirst[k] = i
			}
		}
		for w := range ends {
			if _, ok := d.byFirst[w]; ok {
				d.byFirst[w] = -1
			}
		}
		d.firstAt = make([]int, len(d.persons))
		for i := range d.firstAt {
			d.firstAt[i] = -1
		}
		for _, m := range d.mentions {
			if m.person < len(d.firstAt) && d.firstAt[m.person] < 0 && !d.inQuote(m) {
				d.firstAt[m.person] = m.start
			}
		}
	}
	i, ok := d.byFirst[lower(word)]
	if !ok || i < 0 || !d.persons[i].listed || d.firstAt[i] < 0 || d.firstAt[i] >= pos {
		return 0, false
	}
	return i, true
}

// worksName reports an appositive that is only a title-cased name opening
// with "The" and holding no word of office or role ("Ford, The Dragon
// Waiting."): the name of a book, show or place set beside a person, not
// a description of them ("Mina Okonjo, The Herald's editor," has one).
func worksName(ap string) bool {
	f := strings.Fields(ap)
	if len(f) < 2 || f[0] != "The" {
		return false
	}
	for _, w := range f[1:] {
		lw := lower(strings.Trim(w, ".,"))
		if !isCap(w) && !stopWords[lw] || isTitleWord(lw) || roleNouns[lw] || descriptors[lw] || stripPossessive(w) != w {
			return false
		}
	}
	return true
}

// parenFirstName reads a first name a writer put in parentheses before a
// surname at at ("Coach (Frank) Vogel came in"), as sports writing does
// for a name the readers know by surname.
func (p *parser) parenFirstName(at int) (string, bool) {
	n := len(p.toks)
	if n < 3 || !p.isPunct(n-1, ")") || !p.isPunct(n-3, "(") || !p.isWord(n-2) || !isFirstName(p.w(n-2)) ||
		strings.TrimSpace(p.text[p.toks[n-1].end:at]) != "" {
		return "", false
	}
	return p.w(n - 2), true
}
