package entity

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/digest/entity/tagger"
)

// The tagger types a name from the words around one mention; on modern
// pages it reads companies, publications and products as people or places
// (a streaming service, a newspaper, a laptop). The rules here retype or
// drop a merged actor on what the whole text, or what a reader knows, says
// about it. Like tidy.go, they act on cards only.

// retypeByEvidence applies the kind rules that read the text: run after the
// merges, so that each sees all the mentions of an actor.
func retypeByEvidence(text string, order []*group) []*group {
	retypeByLists(text, order)
	for _, g := range order {
		switch {
		case g.actor.Kind != Person && anySpan(text, g, playerLine):
			g.actor.Kind = Person
		case g.actor.Kind != Org && anySpan(text, g, teamRecord):
			g.actor.Kind = Org
		case g.actor.Kind == Person && publicationLike(text, g):
			g.actor.Kind = Org
		case g.actor.Kind == Person && listedOrg(g):
			g.actor.Kind = Org
		case g.actor.Kind == Place && listedOrg(g) && anySpan(text, g, beforeMediaNoun):
			g.actor.Kind = Org
		case g.actor.Kind == Org && (placeByEvidence(text, g) || buildingName(g)):
			g.actor.Kind = Place
		case g.actor.Kind != Person && personByCues(text, g):
			g.actor.Kind = Person
		case g.actor.Kind == Person && anySpan(text, g, beforeBuilding):
			g.actor.Kind = Place
		}
	}
	var plurals map[string]bool // the text's acronyms with a plural "s", made when needed
	out := order[:0:0]
	for _, g := range order {
		if isAcronym(g) && plurals == nil {
			plurals = acronymPlurals(text)
		}
		if !commonAcronym(text, g, plurals) && !loneOrgHead(g) && !productModel(g) && !quotedTitle(text, g) && !isPost(g) && !peopleOf(g) && !isEvent(g) {
			out = append(out, g)
		}
	}
	return out
}

// publicationLike reports whether a "person" is written "the X" every time,
// and at least once as a noun phrase of its own: followed by a possessive,
// punctuation or "of" ("The Verge's review", "according to the
// Intelligencer,", "the Argus Leader of Sioux Falls"). Nobody is called
// "the Smith"; newspapers, websites and bands are. "The" before a name
// used as a modifier ("the Trump administration") is the noun's, not the
// name's, so it is no evidence.
func publicationLike(text string, g *group) bool {
	// "the Kennedys" are a family of people.
	if strings.HasSuffix(last(g.tokens), "s") {
		return false
	}
	standalone := false
	for _, sp := range g.actor.Spans {
		if !afterThe(text, sp[0]) || basedIn(text, sp[1]) {
			return false
		}
		if !beforeLowerWord(text, sp[1]) {
			standalone = true
		}
	}
	return standalone && !isKnownPlace(g.actor.Name)
}

// afterThe reports whether the mention at start opens with "the" or
// follows it as a word.
func afterThe(text string, start int) bool {
	at := strings.ToLower(text[start:min(len(text), start+4)])
	if at == "the " {
		return true
	}
	before := strings.ToLower(text[max(0, start-5):start])
	if !strings.HasSuffix(before, "the ") {
		return false
	}
	if len(before) < 5 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(before[:len(before)-4])
	return !unicode.IsLetter(r)
}

// beforeLowerWord reports whether a lower-case word follows the mention
// ending at end, so that the name modifies it ("the Trump administration");
// "of", "in" and "said" after a name leave it a noun phrase of its own.
func beforeLowerWord(text string, end int) bool {
	if end >= len(text) || text[end] != ' ' {
		return false
	}
	w := nextWord(text, end)
	r, _ := utf8.DecodeRuneInString(w)
	if w == "" || !unicode.IsLower(r) {
		return false
	}
	switch w {
	case "of", "in", "on", "at", "and", "or", "said", "says", "reported", "reports", "wrote", "writes":
		return false
	}
	return true
}

// basedIn reports whether the mention ending at end names where something
// is based: "Redmond-based", "The Redmond, Wash.-based company".
func basedIn(text string, end int) bool {
	rest := text[end:min(len(text), end+40)]
	if strings.HasPrefix(rest, "-based") {
		return true
	}
	rest = strings.TrimLeft(rest, " ")
	if rest, ok := strings.CutPrefix(rest, ","); ok {
		w, _, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
		return strings.HasSuffix(w, "-based")
	}
	return false
}

// listedOrg reports whether a one-word person is a name the learnt
// name list knows only as an organisation ("Netflix", "Instagram"), and the
// gazetteer knows neither as a given name nor as a place: the tagger,
// reading "an upcoming Netflix special", has only the words around it.
func listedOrg(g *group) bool {
	if len(g.tokens) != 1 {
		return false // "Wasim Akram": a given name can be listed for a club named after someone
	}
	w := g.tokens[0]
	return lexicon.Names(w)&(tagger.NamePer|tagger.NameOrg|tagger.NameLoc) == tagger.NameOrg &&
		lexicon.Lookup(w)&(firstNameBit|placeBits) == 0
}

// placeByEvidence reports whether an "organisation" is a country, region
// or state the gazetteer knows, word for word, and the text puts it where
// places go: after a place preposition ("in Inner Mongolia"), a town and a
// comma ("Palo Alto, California"), a compass word ("eastern Indiana") or a
// country's possessive ("China's Inner Mongolia"). Cities are left out: a
// club named by its town is written "at Newcastle" too.
func placeByEvidence(text string, g *group) bool {
	if g.orgCue || !hasRegion(g.tokens) || !isKnownPlace(g.actor.Name) {
		return false
	}
	for _, sp := range g.actor.Spans {
		before := text[max(0, sp[0]-48):sp[0]]
		if afterPlacePreposition(before) || afterTownAndComma(before) || compassWords[strings.ToLower(lastWord(before))] ||
			afterPlacePossessive(before) {
			return true
		}
	}
	return false
}

// hasRegion reports whether a word of a name is a country, region or
// state of the gazetteer (class 2): national sides are places in CoNLL's
// convention too, while a city's name is often its club's ("Newcastle").
func hasRegion(tokens []string) bool {
	for _, w := range tokens {
		if lexicon.Lookup(w)&regionBit != 0 {
			return true
		}
	}
	return false
}

// regionBit is gazetteer class 2: countries, regions and states.
const regionBit = 1 << 1

// compassWords put a region of a place before its name ("eastern
// Indiana", "northern Iraq"); nobody writes "eastern Google".
var compassWords = wordSet(`eastern western northern southern central north-eastern north-western south-eastern
	south-western northeastern northwestern southeastern southwestern`)

// afterPlacePossessive reports whether before ends in a known place's
// possessive: "China's Inner Mongolia" is a region of China.
func afterPlacePossessive(before string) bool {
	w := lastWord(before)
	for _, ap := range []string{"'s", "’s"} {
		if owner, ok := strings.CutSuffix(w, ap); ok {
			return isKnownPlace(owner)
		}
	}
	return false
}

// afterTownAndComma reports whether before ends in a capitalised word and
// a comma, as "Palo Alto, " before a state or "Dubai, " before a country.
func afterTownAndComma(before string) bool {
	rest, ok := strings.CutSuffix(before, ", ")
	if !ok {
		return false
	}
	w := lastWord(rest)
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && !isUpperWord(w) && strings.IndexFunc(w, unicode.IsDigit) < 0
}

// commonAcronym reports whether a one-word actor in capitals is a common
// noun's abbreviation by how the text uses it: with a plural "s" ("two
// INTs", "traditional ICUs": no organisation is counted; plurals holds
// them), or every time right after a count ("1 TFL, 2 QH", "24FPS") and not
// before a score, as a results line puts a club ("Ajax 2 PSV 1").
func commonAcronym(text string, g *group, plurals map[string]bool) bool {
	if !isAcronym(g) {
		return false
	}
	if plurals[strings.ReplaceAll(g.actor.Name, ".", "")] {
		return true
	}
	for _, sp := range g.actor.Spans {
		if !afterCount(text[max(0, sp[0]-8):sp[0]]) || startsWithScore(text[sp[1]:min(len(text), sp[1]+8)]) {
			return false
		}
	}
	return true
}

// isAcronym reports whether g is a one-word organisation or place of two
// to five capitals (dots aside).
func isAcronym(g *group) bool {
	name := strings.ReplaceAll(g.actor.Name, ".", "")
	return len(g.tokens) == 1 && g.actor.Kind != Person && len(name) >= 2 && len(name) <= 5 && isUpperWord(name)
}

// acronymPlurals returns the acronyms text writes with a plural "s"
// ("ICUs"), without the "s": one pass over the text, however many
// acronyms it names.
func acronymPlurals(text string) map[string]bool {
	out := map[string]bool{}
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if stem, ok := strings.CutSuffix(w, "s"); ok && len(stem) >= 2 && len(stem) <= 5 && isUpperWord(stem) {
			out[stem] = true
		}
	}
	return out
}

// afterCount reports whether before ends in a small count, a whole number
// of one to three digits standing alone ("2 ", "24"), not the end of a sum
// or a price ("$ 700,000 ", "W112.5 ").
func afterCount(before string) bool {
	before = strings.TrimRight(before, " ")
	digits := len(before) - len(strings.TrimRightFunc(before, unicode.IsDigit))
	if digits == 0 || digits > 3 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(before[:len(before)-digits])
	return r == utf8.RuneError || unicode.IsSpace(r) || r == '('
}

// startsWithScore reports whether s opens with a number after spaces.
func startsWithScore(s string) bool {
	s = strings.TrimLeft(s, " ")
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r)
}

// loneOrgHead reports whether an actor is only an organisation noun
// ("Agency", "Embassy", "Department"): the text's short form of a longer
// name that did not merge ("the Agency's panel", "the Ecuadorean Embassy"
// with the nationality left out), which tells a reader nothing alone.
func loneOrgHead(g *group) bool {
	return len(g.tokens) == 1 && (ofHeads[g.tokens[0]] || g.tokens[0] == "embassy" || g.tokens[0] == "consulate")
}

// modelWords end product names ("MacBook Pro", "Chromecast Ultra",
// "Moneycontrol Pro"); no person's or place's name ends in one.
var modelWords = wordSet(`pro ultra plus mini lite xl`)

// productModel reports whether a "person" or "place" is a product: a name
// of two or more words ending in a model word. A product is no actor.
func productModel(g *group) bool {
	return g.actor.Kind != Org && len(g.tokens) >= 2 && modelWords[last(g.tokens)]
}

// listJoins are what stands between the names of a list.
var listJoins = map[string]bool{", ": true, " and ": true, ", and ": true, " or ": true, ", or ": true}

// retypeByLists makes a "person" an organisation when at least half its
// mentions stand in lists of three or more names most of which are
// organisations ("SpaceX, Blue Origin, Sierra Nevada Corp."): a writer
// lists like with like, and the list says more than the words around one
// name. A person with a known given name ("Steve Clarke") stays one; other
// retypings by lists were tried and lost on the real pages (a hospital in a
// list of people became a person).
func retypeByLists(text string, order []*group) {
	type at struct {
		sp [2]int
		g  *group
	}
	var all []at
	for _, g := range order {
		for _, sp := range g.actor.Spans {
			all = append(all, at{sp, g})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].sp[0] < all[j].sp[0] })
	votes := map[*group]map[Kind]int{}
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].sp[0] > all[j-1].sp[1] && listJoins[text[all[j-1].sp[1]:all[j].sp[0]]] {
			j++
		}
		if j-i >= 3 {
			kinds := map[Kind]int{}
			for _, a := range all[i:j] {
				kinds[a.g.actor.Kind]++
			}
			for _, a := range all[i:j] {
				for k, n := range kinds {
					if k != a.g.actor.Kind && n*2 > j-i {
						if votes[a.g] == nil {
							votes[a.g] = map[Kind]int{}
						}
						votes[a.g][k]++
					}
				}
			}
		}
		i = j
	}
	for g, vs := range votes {
		if g.actor.Kind == Person && 2*vs[Org] >= len(g.actor.Spans) && !isFirstName(g.tokens[0]) && !isKnownPlace(g.actor.Name) {
			g.actor.Kind = Org
		}
	}
}

// statNouns are what a results line credits a player with: "Tolivert 25
// points.", "K. Hupfer 1 goal."
var statNouns = wordSet(`point points goal goals assist assists rebound rebounds save saves steal steals
	tackle tackles touchdown touchdowns run runs wicket wickets yards`)

// statLine reports whether a mention is followed by a count of what only a
// player makes ("Tolivert 25 points"): a roundup names players by surname,
// and the tagger, seeing no given name, reads them as clubs.
func statLine(text string, end int) bool {
	rest := text[end:min(len(text), end+24)]
	num, word, ok := strings.Cut(strings.TrimLeft(rest, " "), " ")
	if !ok || num == "" || strings.TrimLeftFunc(num, unicode.IsDigit) != "" || rest[0] != ' ' {
		return false
	}
	w := strings.TrimRightFunc(word, func(r rune) bool { return !unicode.IsLetter(r) })
	if i := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		w = w[:i]
	}
	return statNouns[w]
}

// playerLine reports whether a mention ending at end is credited with a
// count in a team's line of a roundup ("Palm Bay (1-0): Tolivert 25
// points."). Standings credit clubs the same way ("Essex 21 points"), so the
// team's record before the name is needed too.
func playerLine(text string, end int) bool {
	if !statLine(text, end) {
		return false
	}
	// The line start is looked for within maxRoundupLine bytes only: an
	// unbounded look-back costs a line's length per mention, quadratic in
	// a text of one long line naming thousands of "X 25 points".
	from := max(0, end-maxRoundupLine)
	nl := strings.LastIndexByte(text[from:end], '\n')
	if nl < 0 && from > 0 {
		return false // a line this long is prose, not a team's line
	}
	line := text[from+nl+1 : end]
	open := strings.Index(line, " (")
	return open > 0 && teamRecord(line, open)
}

// maxRoundupLine bounds how far before a player's count its team's line
// may start: a roundup's line credits a handful of players.
const maxRoundupLine = 1000

// teamRecord reports whether a mention is followed by a win-loss record and
// a colon, as a roundup heads a team's line ("Palm Bay (1-0): Tolivert 25
// points."); a fighter's record ("Tyson (45-1) won") takes no colon.
func teamRecord(text string, end int) bool {
	rest := text[end:min(len(text), end+16)]
	inner, ok := strings.CutPrefix(rest, " (")
	if !ok {
		return false
	}
	rec, _, ok := strings.Cut(inner, "):")
	if !ok {
		return false
	}
	w, l, ok := strings.Cut(rec, "-")
	return ok && w != "" && l != "" && strings.TrimLeftFunc(w+l, unicode.IsDigit) == ""
}

// anySpan reports whether at holds after one of g's mentions.
func anySpan(text string, g *group, at func(string, int) bool) bool {
	for _, sp := range g.actor.Spans {
		if at(text, sp[1]) {
			return true
		}
	}
	return false
}

// quotedTitle reports whether every mention of g opens a title in
// quotation marks: the mark right before it, and only capitalised words
// (and the small words titles keep in lower case) up to the closing mark
// (“Wild Rose”, “Dawson’s Creek” star). A film, song or show is no
// actor; a quotation that opens with a name goes on in lower case
// (“Trump is wrong,”).
func quotedTitle(text string, g *group) bool {
	for _, sp := range g.actor.Spans {
		before := strings.TrimSuffix(text[max(0, sp[0]-4):sp[0]], " ")
		r, _ := utf8.DecodeLastRuneInString(before)
		if !strings.ContainsRune(`"“‘`, r) || !titleUntilClose(text[sp[0]:min(len(text), sp[0]+120)]) {
			return false
		}
	}
	return true
}

// titleUntilClose reports whether s, the text after an opening quotation
// mark, reaches a closing mark within eight words all of which are
// capitalised or small title words.
func titleUntilClose(s string) bool {
	for i, w := range strings.Fields(s) {
		if i == 8 {
			return false
		}
		core := strings.TrimRight(w, `"”’',.!?`)
		closed := core != w && strings.ContainsAny(w[len(core):], `"”’'`) && !isPossessive(w[len(core):])
		if core == "" && closed {
			return true
		}
		core = strings.TrimSuffix(strings.TrimSuffix(core, "’s"), "'s")
		r, _ := utf8.DecodeRuneInString(core)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !titleSmallWords[core] {
			return false
		}
		if closed {
			return true
		}
	}
	return false
}

// titleSmallWords stay in lower case inside titles of works.
var titleSmallWords = wordSet(`a an the of and or in on at to for with from by`)

// buildings are what a person's name, in lower case after it, names for
// them: "Walter Reed hospital", "Kennedy airport", "Van Buren counties".
var buildings = wordSet(`hospital airport stadium arena prison jail hotel museum bridge street avenue
	county counties township parish`)

// beforeBuilding reports whether a building noun follows the mention
// ending at end.
func beforeBuilding(text string, end int) bool {
	return buildings[nextWord(text, end)]
}

// isPost reports whether a name is a post, an office and what it heads
// ("Head of Platform", "Minister of Finance", "Director of
// Communications"): who holds it is the actor. Royal titles name their
// holder ("Prince of Wales").
func isPost(g *group) bool {
	return len(g.tokens) >= 3 && g.tokens[1] == "of" && isTitleWord(g.tokens[0]) && !royalTitles[g.tokens[0]]
}

// royalTitles are titles whose "X of Y" names one person.
var royalTitles = wordSet(`king queen prince princess duke duchess earl countess lord lady pope emperor empress`)

// peopleOf reports whether a name of several words is the people of a
// place: the place with "ns" or "ers" ("South Dakotans", "New Yorkers").
// isDemonym knows one-word peoples from the gazetteer.
func peopleOf(g *group) bool {
	if len(g.tokens) < 2 {
		return false
	}
	name := g.actor.Name
	for _, suf := range []string{"ns", "ers"} {
		if stem, ok := strings.CutSuffix(name, suf); ok && isKnownPlace(stem) {
			return true
		}
	}
	return false
}

// mediaNouns are what a platform or a studio puts out, after its name: "an
// upcoming Netflix special", "his Instagram announcement".
var mediaNouns = wordSet(`special specials series show documentary film account accounts post posts feed page
	app story stories video videos channel stream livestream announcement subscribers users followers`)

// beforeMediaNoun reports whether a media noun follows the mention ending
// at end. With the name list's word that the name is a company's, it tells
// a platform from the town the tagger took it for; towns the list knows
// by their clubs ("Bordeaux") are not written so.
func beforeMediaNoun(text string, end int) bool {
	return mediaNouns[nextWord(text, end)]
}

// kinship nouns put a person's name after them: "his daughter Naomi",
// "wife Kimberly".
var kinship = wordSet(`daughter son wife husband mother father brother sister grandson granddaughter
	grandmother grandfather uncle aunt nephew niece cousin girlfriend boyfriend fiancé fiancée stepson
	stepdaughter stepfather stepmother mum mom dad`)

// personByCues reports whether a kinship noun stands right before a
// mention of a name the tagger read as an organisation or a place ("his
// daughter Naomi"). A known place is left alone. ("He" or "she" in the
// words after two mentions was tried too: "told Interfax he ...", "in
// Brisbane Magistrate Courts, he ..." made organisations people.)
func personByCues(text string, g *group) bool {
	if g.orgCue {
		return false
	}
	for _, sp := range g.actor.Spans {
		if kinship[strings.ToLower(lastWord(text[max(0, sp[0]-16):sp[0]]))] {
			return !isKnownPlace(g.actor.Name)
		}
	}
	return false
}

// buildingWords end the names of buildings and grounds: "Indiana
// Statehouse", "Wembley Stadium" are places, whatever institution sits in
// them. Not "Palace": Crystal Palace is a club.
var buildingWords = wordSet(`statehouse capitol stadium arena airport bridge tower cathedral`)

// buildingName reports whether a name of several words ends in a building
// word.
func buildingName(g *group) bool {
	return len(g.tokens) >= 2 && buildingWords[last(g.tokens)]
}

// eventWords end the names of events ("Dubai Air Show", "LA Auto Show",
// "Davis Cup", "Boston Marathon"): what happens, not who acts.
var eventWords = wordSet(`show expo festival awards conference summit fair olympics games championship
	championships cup marathon`)

// isEvent reports whether a name of several words ends in an event word.
// A body named after its meetings keeps its "of" ("Organisation of the
// Islamic Conference").
func isEvent(g *group) bool {
	if len(g.tokens) < 2 || !eventWords[last(g.tokens)] {
		return false
	}
	for _, w := range g.tokens {
		if w == "of" {
			return false
		}
	}
	return true
}
