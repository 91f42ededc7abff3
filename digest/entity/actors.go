package entity

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Actor is an entity with all its mentions merged: "Kovac" and "Mr. Kovac"
// count towards "Elena Kovac", "U.S." towards "United States".
type Actor struct {
	Name     string
	Kind     Kind
	Mentions int
	Spans    [][2]int
	// Score ranks actors by salience: mentions, how early the first one
	// comes, and whether the actor is named in the title line.
	Score float64
}

// honorifics are dropped from the front of a person's name for merging.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true,
	"sir": true, "dame": true, "lord": true, "lady": true, "rev": true,
	"gen": true, "col": true, "capt": true, "lt": true, "sgt": true, "sen": true,
	"rep": true, "gov": true, "president": true, "minister": true, "chancellor": true,
	"judge": true, "mayor": true, "senator": true, "governor": true, "professor": true,
}

// aliases are the cheap, common variants worth merging; keys and values are
// merge keys (see key).
var aliases = map[string]string{
	"u.s.": "united states", "us": "united states", "u.s": "united states",
	"usa": "united states", "u.s.a.": "united states", "united states of america": "united states",
	"america": "united states",
	"u.k.":    "united kingdom", "uk": "united kingdom", "britain": "united kingdom",
	"great britain": "united kingdom",
	"u.n.":          "united nations", "un": "united nations",
	"e.u.": "european union", "eu": "european union",
	"uae": "united arab emirates", "u.a.e.": "united arab emirates",
}

// aliasNames are how the alias keys are shown, and what kind each is: a
// reader knows "EU", but a card listing "European Union" and "China" for
// "EU-China" reads better than one with a bare acronym.
var aliasNames = map[string]struct {
	name string
	kind Kind
}{
	"united states":        {"United States", Place},
	"united kingdom":       {"United Kingdom", Place},
	"united nations":       {"United Nations", Org},
	"european union":       {"European Union", Org},
	"nato":                 {"NATO", Org},
	"united arab emirates": {"United Arab Emirates", Place},
}

// junk are words the tagger sometimes capitalises into entities at the
// start of sentences; never actors on their own.
var junk = map[string]bool{
	"the": true, "a": true, "an": true, "i": true, "he": true, "she": true, "it": true,
	"they": true, "we": true, "you": true, "this": true, "that": true, "but": true,
	"and": true, "or": true, "mr": true, "mrs": true, "ms": true, "dr": true,
	"p.o. box": true, // a postal address, read as an organisation
	// Holidays and seasons are dates a story mentions, not who acts in it;
	// the tagger reads a capitalised one as an organisation or a place.
	"christmas": true, "christmas eve": true, "christmas day": true, "easter": true, "thanksgiving": true,
	"halloween": true, "ramadan": true, "eid": true, "eid al-fitr": true, "eid al-adha": true,
	"hanukkah": true, "diwali": true, "passover": true, "lent": true, "new year": true,
	"new year's eve": true, "new year's day": true, "lunar new year": true, "black friday": true,
	"cyber monday": true, "boxing day": true, "valentine's day": true,
}

type group struct {
	actor    Actor
	orgCue   bool // the text calls it an organisation (see orgCue)
	kinds    map[Kind]int
	surfaces map[string]int
	first    int
	tokens   []string // lower-cased name words of the longest surface
}

// Actors merges mentions (as Recognize returns them for text) into actors,
// most salient first. Surnames and first names alone merge into the one full
// name that ends or starts with them; honorifics and possessives are ignored
// for merging; an acronym merges into the organisation it abbreviates.
// Mentions whose name is junk (no letters, a pronoun, over 80 bytes) are
// dropped.
func Actors(text string, mentions []Mention) []Actor {
	_ = Load() // for the gazetteer; a nil lexicon only merges less
	groups := map[string]*group{}
	var order []*group
	furnitureAt := furnitureLines(text)
	valid := make([]Mention, 0, len(mentions))
	for _, m := range mentions {
		if m.Start >= 0 && m.End <= len(text) && m.Start < m.End {
			valid = append(valid, m)
		}
	}
	for _, m := range tidyMentions(text, valid) {
		if inRanges(furnitureAt, m.Start, m.End) || (m.Kind != Person && isAgencyTag(text, m.Start, m.End)) {
			continue
		}
		name := cleanName(m.Text)
		k := key(name, m.Kind)
		if k == "" || junk[k] || len(name) > 80 || isFurniture(name) || isDemonym(k) || isJunkName(name) {
			continue
		}
		g := groups[k]
		if g == nil {
			g = &group{kinds: map[Kind]int{}, surfaces: map[string]int{}, first: m.Start}
			groups[k] = g
			order = append(order, g)
		}
		g.kinds[m.Kind]++
		g.orgCue = g.orgCue || hasOrgCue(text, m)
		g.surfaces[name]++
		g.actor.Spans = append(g.actor.Spans, [2]int{m.Start, m.End})
		g.first = min(g.first, m.Start)
	}
	for k, g := range groups {
		g.actor.Name = bestSurface(g.surfaces)
		g.actor.Kind = kindByName(g.actor.Name, majorityKind(g.kinds))
		if g.orgCue {
			g.actor.Kind = Org
		}
		g.actor.Name = bestSurface(g.surfaces)
		if a, ok := aliasNames[k]; ok {
			g.actor.Name, g.actor.Kind = a.name, a.kind
		}
		g.tokens = strings.Fields(strings.ToLower(g.actor.Name))
	}
	personsBySurname(order)
	order = mergePersonVariants(order)
	order = mergeMultiWordSurnames(order)
	order = mergeShortNames(order)
	order = mergeShortOrgs(text, order)
	order = mergeAcronyms(order)
	placesNotPeople(order)
	thingsNotPeople(order)
	townsAfterPrepositions(text, order)
	order = dropCommonWords(text, order)
	order = retypeByEvidence(text, order)

	titleEnd := titleLineEnd(text)
	actors := make([]Actor, 0, len(order))
	for _, g := range order {
		a := g.actor
		a.Mentions = len(a.Spans)
		sort.Slice(a.Spans, func(i, j int) bool { return a.Spans[i][0] < a.Spans[j][0] })
		a.Score = kindWeight[a.Kind]*float64(a.Mentions) + 1.5*(1-float64(g.first)/float64(max(len(text), 1)))
		if g.first < titleEnd {
			a.Score += 2
		}
		actors = append(actors, a)
	}
	sort.SliceStable(actors, func(i, j int) bool {
		if actors[i].Score != actors[j].Score {
			return actors[i].Score > actors[j].Score
		}
		return actors[i].Spans[0][0] < actors[j].Spans[0][0]
	})
	return actors
}

// kindWeight scales mentions in the salience score: a card has room for a
// few actors, and the people and organisations a story is about matter more
// to a reader than the places it passes through (a dateline city is named
// early and often without being what the story is about).
var kindWeight = map[Kind]float64{Person: 1, Org: 1, Place: 0.75}

// splitPair splits a place or organisation mention written as a hyphenated
// pair of known names ("EU-China", "US-Mexico") into its two actors; any
// other mention comes back alone.
func splitPair(m Mention) []Mention {
	if m.Kind == Person {
		return []Mention{m}
	}
	a, b, ok := strings.Cut(m.Text, "-")
	if !ok || strings.Contains(b, "-") {
		return []Mention{m}
	}
	ka, okA := knownName(a)
	kb, okB := knownName(b)
	if !okA || !okB {
		return []Mention{m}
	}
	return []Mention{
		{Text: a, Start: m.Start, End: m.Start + len(a), Kind: ka},
		{Text: b, Start: m.End - len(b), End: m.End, Kind: kb},
	}
}

// knownName reports whether w is, alone, a name the gazetteer or the alias
// table knows, and its kind.
func knownName(w string) (Kind, bool) {
	l := strings.ToLower(w)
	if a, ok := aliases[l]; ok {
		return aliasNames[a].kind, true
	}
	if a, ok := aliasNames[l]; ok {
		return a.kind, true
	}
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return "", false
	}
	if lexicon.Lookup(l)&placeBits != 0 {
		return Place, true
	}
	return "", false
}

// mergeShortNames folds a one-word person group into the multi-word person
// group whose last (or else first) word it is, when exactly one such group
// exists; ambiguous short names ("Smith" with two Smiths) stay apart. A
// surname the tagger took for an organisation or a place ("Merkel" in
// "Merkel's cabinet") folds in too, unless it is a known place name.
func mergeShortNames(order []*group) []*group {
	persons := func(h *group) bool { return h.actor.Kind == Person && len(h.tokens) >= 2 }
	bySurname, byFirst := indexBy(order, persons, surname), indexBy(order, persons, firstWord)
	out := order[:0:0]
	for _, g := range order {
		if len(g.tokens) != 1 {
			continue
		}
		indexes := []nameIndex{bySurname, byFirst}
		if g.actor.Kind != Person {
			if lexicon.Lookup(g.tokens[0])&placeBits != 0 {
				continue
			}
			indexes = indexes[:1]
		}
		var target *group
		for _, idx := range indexes {
			if target = dominantPerson(idx[g.tokens[0]]); target != nil {
				break
			}
		}
		if target != nil {
			absorb(target, g)
		}
	}
	for _, g := range order {
		if g.actor.Spans != nil {
			out = append(out, g)
		}
	}
	return out
}

// nameIndex finds multi-word groups by one of their words, so that merging
// short names costs linear time even in a text naming thousands of people.
type nameIndex map[string][]*group

// indexBy indexes the groups that keep accepts by their word at pos.
func indexBy(order []*group, keep func(*group) bool, pos func([]string) string) nameIndex {
	idx := nameIndex{}
	for _, h := range order {
		if keep(h) {
			k := pos(h.tokens)
			idx[k] = append(idx[k], h)
		}
	}
	return idx
}

// dominantPerson returns, of the multi-word person groups sharing a short
// name's word, the only one, or the one named at least twice as often as
// each other ("Clinton" in a story naming Hillary Clinton 20 times and Bill
// Clinton 4 is Hillary Clinton); nil when none is or it is a close call.
func dominantPerson(candidates []*group) *group {
	var top *group
	topN, nextN := 0, 0
	for _, h := range candidates {
		n := len(h.actor.Spans)
		switch {
		case top == nil || n > topN:
			nextN = max(nextN, topN)
			top, topN = h, n
		default:
			nextN = max(nextN, n)
		}
	}
	if top == nil || (nextN > 0 && topN < 2*nextN) {
		return nil
	}
	return top
}

// mergeShortOrgs folds a one-word name ("Brookings") into the one
// multi-word organisation that starts with it ("Brookings Institution"),
// whatever kind the tagger gave the short form, unless it is a known place
// in its own right ("Washington" is not the "Washington Post").
//
// An organisation named by its last word ("the Commission" after "European
// Commission") folds into the one multi-word organisation ending with it,
// when the tagger also read the short form as an organisation.
func mergeShortOrgs(text string, order []*group) []*group {
	orgs := func(h *group) bool { return h.actor.Kind == Org && len(h.tokens) > 1 }
	byFirst, byLast := indexBy(order, orgs, firstWord), indexBy(order, orgs, last)
	out := order[:0:0]
	for _, g := range order {
		if len(g.tokens) == 1 && g.actor.Kind != Person && (g.kinds[Org] > 0 || lexicon.Lookup(g.tokens[0])&placeBits == 0) {
			var target *group
			// A common word ("City" of "City Hall", typed apart) is no
			// short form of the one organisation it happens to open,
			// least of all of a heading's ("City Council Approves ...").
			// A town the tagger only ever read as a place, and the text
			// writes as one ("the town of Harwick", "in Birmingham"), is
			// no short form of its institutions ("Harwick Water Board").
			if !common()[g.tokens[0]] && !placeInText(text, g) {
				target = onlyOrgWith(byFirst[g.tokens[0]])
			}
			if target == nil && g.actor.Kind == Org {
				target = onlyOrgWith(byLast[g.tokens[0]])
			}
			if target != nil {
				absorb(target, g)
				continue
			}
		}
		out = append(out, g)
	}
	return out
}

// placeInText reports whether the tagger read every mention of g as a
// place and the text puts one after a place preposition or cue.
func placeInText(text string, g *group) bool {
	if g.kinds[Place] == 0 || g.kinds[Place] != len(g.actor.Spans) {
		return false
	}
	for _, sp := range g.actor.Spans {
		before := text[max(0, sp[0]-48):sp[0]]
		if afterPlacePreposition(before) {
			return true
		}
		for _, c := range placeCues {
			if strings.HasSuffix(before, c) {
				return true
			}
		}
	}
	return false
}

// onlyOrgWith returns the one candidate organisation group, or nil when
// there is none or several.
func onlyOrgWith(candidates []*group) *group {
	if len(candidates) != 1 {
		return nil
	}
	return candidates[0]
}

// mergeAcronyms folds "ECB" into "European Central Bank" when the capitals
// of the long name's significant words spell it.
func mergeAcronyms(order []*group) []*group {
	byAcronym := map[string]*group{}
	for _, g := range order {
		if len(g.tokens) > 1 && g.actor.Kind != Person {
			if a := acronym(g.actor.Name); len(a) > 1 {
				byAcronym[a] = g
			}
		}
	}
	if len(byAcronym) == 0 {
		return order
	}
	out := order[:0:0]
	for _, g := range order {
		if len(g.tokens) == 1 && g.actor.Kind != Person {
			bare := strings.ReplaceAll(g.actor.Name, ".", "")
			if t := byAcronym[bare]; t != nil && t != g && isUpperWord(bare) {
				absorb(t, g)
				continue
			}
		}
		out = append(out, g)
	}
	return out
}

func absorb(into, from *group) {
	into.actor.Spans = append(into.actor.Spans, from.actor.Spans...)
	into.first = min(into.first, from.first)
	from.actor.Spans = nil
}

func last(ws []string) string      { return ws[len(ws)-1] }
func firstWord(ws []string) string { return ws[0] }

func acronym(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		switch strings.ToLower(w) {
		case "of", "the", "and", "for", "de", "&":
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return ""
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isUpperWord(s string) bool {
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return s != ""
}

// cleanName collapses white space and drops a possessive and a leading
// honorific or "the": "Mr. Kovac's" -> "Kovac".
func cleanName(s string) string {
	words := strings.Fields(s)
	if n := len(words); n > 0 {
		w := words[n-1]
		for _, suf := range []string{"'s", "’s", "‘s", "'S", "’S", "'", "’", "‘"} {
			if len(w) > len(suf) && strings.HasSuffix(w, suf) {
				words[n-1] = w[:len(w)-len(suf)]
				break
			}
		}
	}
	for len(words) > 1 {
		l := strings.ToLower(strings.TrimSuffix(words[0], "."))
		if !honorifics[l] && l != "the" && !leadingQuestionWords[l] {
			break
		}
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// key is the merge key of a name: case-folded, with alias variants mapped
// to one spelling. Persons never take aliases ("US" is no one's name).
func key(name string, kind Kind) string {
	k := strings.ToLower(name)
	if !hasLetter(k) {
		return ""
	}
	if kind != Person {
		if a, ok := aliases[k]; ok {
			return a
		}
	}
	return k
}

func majorityKind(kinds map[Kind]int) Kind {
	best, n := Person, -1
	for _, k := range []Kind{Person, Org, Place} {
		if kinds[k] > n {
			best, n = k, kinds[k]
		}
	}
	return best
}

// bestSurface picks the display name: the longest spelling, since "United
// States" reads better than "U.S." and "Elena Kovac" than "Kovac"; among
// equals, the most frequent, then the one that is not all capitals.
func bestSurface(surfaces map[string]int) string {
	best := ""
	for s, n := range surfaces {
		switch {
		case best == "":
			best = s
		case len(s) != len(best):
			if len(s) > len(best) {
				best = s
			}
		case n != surfaces[best]:
			if n > surfaces[best] {
				best = s
			}
		case isUpperWord(strings.ReplaceAll(best, " ", "")) != isUpperWord(strings.ReplaceAll(s, " ", "")):
			if isUpperWord(strings.ReplaceAll(best, " ", "")) {
				best = s
			}
		case s < best:
			best = s
		}
	}
	return best
}

// titleLineEnd returns where the first line ends when it looks like a
// headline (short, no full stop at its end), else 0.
func titleLineEnd(text string) int {
	end := strings.IndexByte(text, '\n')
	if end <= 0 || end > 200 {
		return 0
	}
	line := strings.TrimSpace(text[:end])
	if line == "" || strings.HasSuffix(line, ".") {
		return 0
	}
	return end
}
