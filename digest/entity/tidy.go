package entity

import (
	_ "embed"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/digest/entity/tagger"
)

// The tagger reads names one token at a time, and on real pages it splits
// names at "of", runs a title into a name ("NASA Administrator Jim
// Bridenstine") and takes URLs, units and initials for names. The rules here
// mend its mentions before they become a card's actors; each says why in
// words a reader would use. They act on cards only: Recognize, which the
// CoNLL figures measure, is untouched.

// tidyMentions mends the tagger's mentions for a card: person names split
// in two joined, names split at "of" joined, titles cut out of names,
// hyphenated pairs of known names split.
func tidyMentions(text string, ms []Mention) []Mention {
	ms = joinAdjacentPersons(text, ms)
	ms = joinOfNames(text, ms)
	ms = splitCoordinated(ms)
	ms = joinCoordinated(text, ms)
	for i := range ms {
		ms[i] = nationalInstitution(text, titleRunsOn(text, ms[i]))
	}
	out := make([]Mention, 0, len(ms))
	for _, m := range ms {
		for _, m := range splitAtParagraphs(m) {
			m = withoutOwner(m)
			for _, m := range splitAtTitle(m) {
				out = append(out, splitPair(m)...)
			}
		}
	}
	return out
}

// titleRunsOn takes into a mention ending in a title word the title word
// after it, which the tagger left out ("New York State Attorney" before
// "General"), so that splitAtTitle sees the whole title and cuts it off.
func titleRunsOn(text string, m Mention) Mention {
	w := nextWord(text, m.End)
	r, _ := utf8.DecodeRuneInString(w)
	if w == "" || !unicode.IsUpper(r) || !isTitleWord(w) || !isTitleWord(lastWord(m.Text)) {
		return m
	}
	m.End += 1 + len(w)
	m.Text = text[m.Start:m.End]
	return m
}

// nationalInstitution takes into an organisation mention the nationality
// before it when the organisation is an institution of a state ("Swedish"
// "Prosecution Authority", "Ecuadorean" "Embassy"): the tagger reads the
// nationality apart, as CoNLL's MISC, but "Prosecution Authority" alone
// names no one.
func nationalInstitution(text string, m Mention) Mention {
	if m.Kind != Org || !stateInstitutions[strings.ToLower(lastWord(m.Text))] {
		return m
	}
	before := text[max(0, m.Start-24):m.Start]
	rest, ok := strings.CutSuffix(before, " ")
	if !ok {
		return m
	}
	w := lastWord(rest)
	r, _ := utf8.DecodeRuneInString(w)
	if len(w) == len(rest) && m.Start-len(rest)-1 > 0 {
		return m // the window cut a long word: no nationality
	}
	if !unicode.IsUpper(r) || !strings.HasSuffix(rest, w) || (lexicon.Lookup(strings.ToLower(w))&demonymBit == 0 && !demonymLike(w)) {
		return m
	}
	m.Start -= len(w) + 1
	m.Text = text[m.Start:m.End]
	return m
}

// stateInstitutions end the names of a state's bodies that go by their
// nationality ("the Ecuadorean Embassy"). Not "Ministry": CoNLL annotates
// "French Interior Ministry" as MISC and ORG, and a card-actors run on
// its train split lost four such names.
var stateInstitutions = wordSet(`authority embassy consulate`)

// demonymLike reports whether w reads as a nationality the gazetteer
// lacks ("Ecuadorean", "Swedish"): a capitalised adjective ending as
// nationalities do.
func demonymLike(w string) bool {
	for _, suf := range []string{"ean", "ian", "ish", "ese"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// withoutOwner cuts an organisation noun's possessive off the front of a
// name: in "the Agency's Future Technology Advisory Panel" the panel is the
// name and "Agency" the text's short form of its owner. Other owners stay
// part of the name ("People's Liberation Army", "McDonald's Corp").
func withoutOwner(m Mention) Mention {
	for _, ap := range []string{"'s ", "’s "} {
		owner, owned, ok := strings.Cut(m.Text, ap)
		if ok && !strings.Contains(owner, " ") && ofHeads[strings.ToLower(owner)] && strings.Contains(owned, " ") {
			return piece(m, len(m.Text)-len(owned), len(m.Text))
		}
	}
	return m
}

// splitAtParagraphs cuts a mention at each blank line inside it: no name
// runs from the end of one paragraph into the next ("Ford" ending one and
// "I" opening the next read as one name, "Ford I"). A single line break
// stays, since plain text may wrap a name across lines.
func splitAtParagraphs(m Mention) []Mention {
	if !strings.Contains(m.Text, "\n\n") {
		return []Mention{m}
	}
	var out []Mention
	from := 0
	for _, part := range strings.Split(m.Text, "\n\n") {
		left := len(part) - len(strings.TrimLeft(part, " \t\r\n"))
		right := len(strings.TrimRight(part, " \t\r\n"))
		if left < right {
			out = append(out, piece(m, from+left, from+right))
		}
		from += len(part) + 2
	}
	return out
}

// splitCoordinated splits an organisation or place mention of two names
// joined by "and" ("The Steelers and Browns were fined") when the text also
// names each alone: then the pair is two actors, as a reader sees it.
// "Bosnia and Herzegovina" or "Procter and Gamble", whose parts the text
// does not name alone, stay whole.
func splitCoordinated(ms []Mention) []Mention {
	alone := map[string]bool{}
	for _, m := range ms {
		alone[cleanName(m.Text)] = true
	}
	out := make([]Mention, 0, len(ms))
	for _, m := range ms {
		a, b, ok := strings.Cut(m.Text, " and ")
		if ok && m.Kind != Person && alone[cleanName(a)] && alone[cleanName(b)] {
			out = append(out, piece(m, 0, len(a)), piece(m, len(m.Text)-len(b), len(m.Text)))
			continue
		}
		out = append(out, m)
	}
	return out
}

// joinCoordinated joins two organisation mentions with " and " between
// them when the text names the pair at least twice and neither part ever
// alone ("Customs" "and" "Border Protection"): the tagger cut one name at
// its "and", as splitCoordinated's converse. Two organisations that a
// story names together once ("Reuters and AP"), and two one-word names
// ("Swansea and Stoke", clubs a report names together), stay two.
func joinCoordinated(text string, ms []Mention) []Mention {
	var pairs map[string]int // made only for a text with such a pair
	for i := 1; i < len(ms); i++ {
		if a, b := ms[i-1], ms[i]; coordinatedOrgs(text, a, b) {
			if pairs == nil {
				pairs = map[string]int{}
			}
			pairs[a.Text+" and "+b.Text]++
		}
	}
	if pairs == nil {
		return ms
	}
	single := map[string]int{}
	for _, m := range ms {
		single[m.Text]++
	}
	out := make([]Mention, 0, len(ms))
	for i := 0; i < len(ms); i++ {
		if i+1 < len(ms) && coordinatedOrgs(text, ms[i], ms[i+1]) {
			a, b := ms[i], ms[i+1]
			if n := pairs[a.Text+" and "+b.Text]; n >= 2 && single[a.Text] == n && single[b.Text] == n &&
				strings.Contains(b.Text, " ") {
				a.End, a.Text = b.End, text[a.Start:b.End]
				out = append(out, a)
				i++
				continue
			}
		}
		out = append(out, ms[i])
	}
	return out
}

// coordinatedOrgs reports whether a and b are organisation mentions with
// " and " between them.
func coordinatedOrgs(text string, a, b Mention) bool {
	return a.Kind == Org && b.Kind == Org && b.Start == a.End+5 && text[a.End:b.Start] == " and "
}

// joinOfNames joins an organisation whose last word heads organisation
// names ("Department", "University", "Bank") with the name after " of " or
// " for (the) " ("Department" "Public Safety" -> "Department of Public
// Safety"): the tagger often ends a name there, a reader never does.
func joinOfNames(text string, ms []Mention) []Mention {
	out := make([]Mention, 0, len(ms))
	for _, m := range ms {
		if n := len(out); n > 0 {
			prev := &out[n-1]
			if m.Kind != Person && m.Start > prev.End && ofJoins[text[prev.End:m.Start]] &&
				ofHeads[strings.ToLower(lastWord(prev.Text))] && orgLike(*prev) {
				prev.End, prev.Kind = m.End, Org
				prev.Text = text[prev.Start:m.End]
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// orgLike reports whether a mention names an organisation, or a "person"
// that kindByName will make one ("Max Planck Institute").
func orgLike(m Mention) bool {
	return m.Kind != Person || kindByName(m.Text, m.Kind) == Org
}

// ofJoins are what stands between an organisation noun and the rest of its
// name: "of", "for" ("Kiel Institute for the World Economy", "Bank for
// International Settlements") and "on" ("National Institute on Drug
// Abuse", "Council on Foreign Relations").
var ofJoins = map[string]bool{" of ": true, " for ": true, " for the ": true, " on ": true}

// ofHeads are the organisation nouns whose name goes on after "of"
// ("Department of Public Safety", "Bank of England"); a company's "Inc of
// Boulder" names its town instead.
var ofHeads = wordSet(`department ministry university bank institute institution college school academy
	association federation council committee commission agency authority society foundation office
	bureau board chamber league union church court museum hospital centre center`)

func orgHeadWord(w string) bool {
	return lexicon.Lookup(strings.ToLower(strings.Trim(w, ".,")))&orgWordBit != 0
}

// orgWordBit is gazetteer class 4: words that end organisation names.
const orgWordBit = 1 << 3

// lastWord returns the last space-separated word of s, or "", without
// splitting s: it runs on windows of text around every mention.
func lastWord(s string) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	return s[strings.LastIndexFunc(s, unicode.IsSpace)+1:]
}

// titleWords are offices that sit between an affiliation and a person
// ("NASA Administrator Jim Bridenstine", "Hong Kong Chief Executive Carrie
// Lam", "South Dakota Gov. Kristi Noem"); the gazetteer's titles (class 5)
// count too.
var titleWords = wordSet(`administrator leader executive attorney commissioner secretary spokesperson
	head founder officer deputy vice minority majority speaker whip gov correspondent reporter editor
	columnist anchor producer qb rb wr lb cb dl sens reps`)

// titleBit is gazetteer class 5: titles before names.
const titleBit = 1 << 4

// IsOfficeWord reports whether w names an office or a title that goes
// before a person's name ("Minister", "Gov.", "Secretary-General"), for
// writing a speaker with their title.
func IsOfficeWord(w string) bool {
	if Load() != nil {
		return false
	}
	for _, part := range strings.Split(w, "-") {
		if part != "" && isTitleWord(part) {
			return true
		}
	}
	return false
}

func isTitleWord(w string) bool {
	l := strings.ToLower(strings.TrimSuffix(w, "."))
	return titleWords[l] || lexicon.Lookup(l)&titleBit != 0
}

// splitAtTitle cuts a run of title words out of a mention: the words
// before it are the affiliation (an organisation, or a place the gazetteer
// knows), the words after it a person when they look like a name. A title
// ending the mention is dropped when it is plainly one ("South Dakota
// Gov.", "Attorney General"), and a mention of titles alone that the tagger
// did not take for a person ("Founder") is none. A mention starting with a
// title keeps it unless a person's name follows ("General Motors" stays),
// as does any mention whose words after the title are no person's name
// ("Miss Universe Inc."), and a person is split only after an affiliation
// ("Kevin King" stays).
func splitAtTitle(m Mention) []Mention {
	words := wordSpans(m.Text)
	word := func(k int) string { return m.Text[words[k][0]:words[k][1]] }
	i := 0
	for i < len(words) && !isTitleWord(word(i)) {
		i++
	}
	if i == len(words) {
		return []Mention{m}
	}
	j := i
	for j < len(words) && isTitleWord(word(j)) {
		j++
	}
	if i == 0 && j == len(words) {
		if m.Kind == Person {
			return []Mention{m}
		}
		return nil
	}
	var before Mention
	if i > 0 {
		before = piece(m, words[0][0], words[i-1][1])
		if m.Kind == Person && !isAffiliation(before.Text) {
			return []Mention{m}
		}
		before.Kind = Org
		// Before an office, "New York State" is the state whose
		// Attorney General it is.
		if isKnownPlace(before.Text) || isKnownPlace(strings.TrimSuffix(before.Text, " State")) {
			before.Kind = Place
		}
	}
	if j == len(words) { // the title ends the mention
		if j-i < 2 && !strings.HasSuffix(word(j-1), ".") {
			return []Mention{m}
		}
		return []Mention{before}
	}
	after := piece(m, words[j][0], words[len(words)-1][1])
	if !looksLikePerson(after.Text) {
		return []Mention{m} // "Miss Universe Inc." is one name
	}
	after.Kind = Person
	if i == 0 {
		return []Mention{after}
	}
	return []Mention{before, after}
}

// isAffiliation reports whether words before a title name where a person
// works: a known place, an organisation word, or an acronym ("NASA").
func isAffiliation(s string) bool {
	if isKnownPlace(s) {
		return true
	}
	for _, w := range strings.Fields(s) {
		if orgHeadWord(w) || len(w) > 1 && isUpperWord(strings.ReplaceAll(w, ".", "")) {
			return true
		}
	}
	return false
}

// KnownPlace reports whether name is a place the gazetteer, the learnt
// name list or the alias table knows ("China", "Hong Kong", "U.S."), as
// opposed to a name the tagger merely typed as one.
func KnownPlace(name string) bool {
	if Load() != nil {
		return false
	}
	return isKnownPlace(name)
}

// isKnownPlace reports whether every word of name is a place word of the
// gazetteer or the name is a place in the alias table ("Hong Kong", "U.S.").
func isKnownPlace(name string) bool {
	if k, ok := knownName(name); ok {
		return k == Place
	}
	words := strings.Fields(name)
	// "New York", "South Carolina", "Inner Mongolia": a place word after a
	// prefix that makes places of places.
	if len(words) > 1 && placePrefixes[strings.ToLower(words[0])] {
		words = words[1:]
	}
	for _, w := range words {
		l := strings.ToLower(w)
		if lexicon.Lookup(l)&placeBits == 0 && lexicon.Names(l)&tagger.NameLoc == 0 {
			return false
		}
	}
	return name != ""
}

// placePrefixes open the names of places named after other places, or
// parts of them.
var placePrefixes = wordSet(`new north south east west northern southern eastern western upper lower inner outer greater`)

// looksLikePerson reports whether a run of words reads as a person's name:
// two to four capitalised words, none of them an organisation word, or one
// word that is a known first name.
func looksLikePerson(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || orgHeadWord(w) {
			return false
		}
	}
	return len(words) >= 2 || isFirstName(words[0])
}

// isFirstName reports whether w is a given name: in the gazetteer's first
// names (class 1), or in the learnt name list as the first word of person
// names only.
func isFirstName(w string) bool {
	l := strings.ToLower(w)
	return lexicon.Lookup(l)&firstNameBit != 0 || lexicon.Names(l) == tagger.NamePer
}

// firstNameBit is gazetteer class 1: first names.
const firstNameBit = 1

// piece returns the part [s, e) of m's text as a mention of its own.
func piece(m Mention, s, e int) Mention {
	return Mention{Text: m.Text[s:e], Start: m.Start + s, End: m.Start + e, Kind: m.Kind}
}

// wordSpans returns the byte ranges of the space-separated words of s.
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		switch {
		case unicode.IsSpace(r) && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		case !unicode.IsSpace(r) && start < 0:
			start = i
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// acronymNouns are common nouns written in capitals: things, not actors
// ("GPU", "SUV", "HPV").
var acronymNouns = wordSet(`gpu gpus cpu cpus usb usb-c hdmi led leds lcd oled suv suvs ev evs pv hpv gdp ceo cfo
	coo cto ai tv pc pcs sms gps dna rna hiv pdf faq vip diy atm atms ipo etf etfs api apis app ui ux ssd
	hdd ram wi-fi wifi lte kwh mwh gwh mph dba db rpm 4k hdr vpn url html qr usb-a ebitda eps fps ict hvac`)

// unitWords are units of measure; a "name" opening with one is a
// quantity's tail ("150 kW DC fast charging").
var unitWords = wordSet(`kw mw gw kwh mwh gwh mph km kg`)

// partyState matches the party-and-state tags of US politicians: "D-Minn",
// "R-W.Va", "I-Vt".
var partyState = regexp.MustCompile(`^[DRI]-[A-Z][A-Za-z.]*$`)

// isJunkName reports names no card should show: URLs, handles and
// hashtags, sums of money and numbers, a lone initial, party-and-state
// tags, acronyms of common nouns, names opening with a unit ("kW DC"),
// and whole sentences in scripts whose punctuation gives
// them away.
func isJunkName(name string) bool {
	l := strings.ToLower(name)
	r, _ := utf8.DecodeRuneInString(name)
	switch {
	case strings.Contains(l, "://"), strings.HasPrefix(l, "www."), strings.HasPrefix(l, "pic."), strings.HasPrefix(l, "#"),
		strings.Contains(l, "/") && strings.Contains(l, "."):
		return true
	case unicode.IsDigit(r) || unicode.Is(unicode.Sc, r):
		return true
	case utf8.RuneCountInString(name) == 1,
		utf8.RuneCountInString(name) == 2 && strings.HasSuffix(name, "."):
		return true
	case partyState.MatchString(name), acronymNouns[l], unitWords[firstField(l)]:
		return true
	case strings.ContainsAny(name, "「」『』。、！？"):
		return true
	}
	return false
}

// firstField returns the first space-separated word of s.
func firstField(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

// leadingQuestionWords open headline questions ("Is Google Stadia ...");
// they are never the first word of a name.
var leadingQuestionWords = wordSet(`is are was were does did has have why how what when where which`)

// kindByName corrects a kind the tagger gave against the words of the name:
// a "person" with an organisation word after its first word ("Max Planck
// Institute") is an organisation. (The converse, an organisation opening
// with a first name, is no person: "Philip Morris", "Salomon Brothers",
// "Le Monde".)
func kindByName(name string, kind Kind) Kind {
	words := strings.Fields(name)
	if kind != Person || len(words) < 2 {
		return kind
	}
	for _, w := range words[1:] {
		if orgHeadWord(w) {
			return Org
		}
	}
	if ensembleWords[strings.ToLower(words[0])] {
		return Org // "Duo Rodapião", "Trio Mocotó": a group of musicians
	}
	return kind
}

// ensembleWords open the names of groups of musicians.
var ensembleWords = wordSet(`duo trio quartet quintet sextet ensemble orchestra choir`)

// celestialBodies are places a science story names like organisations.
var celestialBodies = wordSet(`mercury venus earth mars jupiter saturn uranus neptune pluto europa titan ganymede callisto enceladus`)

// placesNotPeople retypes a one-word person group that is a country or
// city of the gazetteer, or a place of the alias table ("China", "U.S.",
// "United States"), as a place, and a planet or moon of any kind: run
// after the surname merges, so "Jordan" in a story about Michael Jordan has
// already joined him.
func placesNotPeople(order []*group) {
	for _, g := range order {
		if len(g.tokens) == 1 && celestialBodies[g.tokens[0]] {
			g.actor.Kind = Place // "Mars", "Earth": the tagger reads them as organisations
			continue
		}
		if g.actor.Kind != Person {
			continue
		}
		if k, ok := knownName(g.actor.Name); ok && k == Place && len(g.tokens) > 1 {
			g.actor.Kind = Place // "United States" typed as a person
			continue
		}
		if len(g.tokens) != 1 {
			continue
		}
		if a, ok := aliasNames[aliases[g.tokens[0]]]; ok {
			g.actor.Name, g.actor.Kind = a.name, a.kind
			continue
		}
		if lexicon.Lookup(g.tokens[0])&placeBits != 0 {
			g.actor.Kind = Place
		}
	}
}

// nationalAdjectives open company names ("British Airways", "Deutsche
// Bahn"), never a person's name. Religions are left out: "Christian" is a
// first name.
var nationalAdjectives = wordSet(`british american german french italian spanish chinese japanese korean russian
	indian canadian australian dutch swiss irish scottish european deutsche deutscher deutschen française
	français española español italiana italiano`)

// thingsNotPeople retypes a "person" that holds, between its first and
// last words, the one-word name of an organisation of the same text, as an
// organisation: "Retina MacBook Pro" beside "MacBook" is a product. A
// surname that is also a company ("Mike Ford" beside "Ford") and a first
// name the tagger typed an organisation ("Lizzi" beside "Lizzi Crawford")
// are the ends of a name, and leave it a person.
func thingsNotPeople(order []*group) {
	orgWords := map[string]bool{}
	for _, g := range order {
		if g.actor.Kind == Org && len(g.tokens) == 1 {
			orgWords[g.tokens[0]] = true
		}
	}
	for _, g := range order {
		if g.actor.Kind == Person && len(g.tokens) >= 2 && nationalAdjectives[g.tokens[0]] {
			g.actor.Kind = Org // "British Airways", "Deutsche Bahn": no first name is a nationality
			continue
		}
		if g.actor.Kind != Person || len(g.tokens) < 3 {
			continue
		}
		for _, w := range g.tokens[1 : len(g.tokens)-1] {
			if orgWords[w] {
				g.actor.Kind = Org
				break
			}
		}
	}
}

//go:embed common.txt.gz
var commonFile []byte

// common holds the words annotated English writes mostly in lower case
// (tools/cmd/common-words); loaded on first use.
var common = sync.OnceValue(func() map[string]bool {
	data, err := gunzip(commonFile)
	if err != nil {
		return nil // the embedded file is checked by TestCommonWordsLoad
	}
	words := strings.Fields(data)
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
})

// dropCommonWords removes one-word actors that are common words ("Help",
// "Inside", "OUT"), or that the text itself also writes in lower case
// ("Dock worker vacancies" opening a list item, "dock" elsewhere), unless
// the text capitalises them in mid-sentence at least twice, as it does a
// real name ("Apple said", "shares of Apple"). Headings, buttons, list items
// and all-caps lines capitalise common words; a name is capitalised where
// nothing else would be.
func dropCommonWords(text string, order []*group) []*group {
	words := common()
	var lower map[string]bool // the text's lower-case words, made when needed
	out := order[:0:0]
	for _, g := range order {
		if len(g.tokens) == 1 && midSentenceCaps(text, g.actor.Spans) < 2 {
			if lower == nil {
				lower = lowerWords(text)
			}
			if words[g.tokens[0]] || lower[g.tokens[0]] {
				continue
			}
		}
		out = append(out, g)
	}
	return out
}

// lowerWords returns the words the text writes all in lower case.
func lowerWords(text string) map[string]bool {
	out := map[string]bool{}
	// An iterator and a check rune by rune, not a slice of every word and
	// a lower-cased copy of each capitalised one: this ran on every
	// article and made a tenth of the engine's garbage.
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if lowerAlready(w) {
			out[w] = true
		}
	}
	return out
}

// lowerAlready reports whether strings.ToLower would leave w, a run of
// letters, as it is (isLowerWord differs on title-case letters such as ǅ).
func lowerAlready(w string) bool {
	for _, r := range w {
		if unicode.ToLower(r) != r {
			return false
		}
	}
	return true
}

// midSentenceCaps counts the spans written capitalised, not all in
// capitals, right after a lower-case word or a comma.
func midSentenceCaps(text string, spans [][2]int) int {
	n := 0
	for _, sp := range spans {
		w := text[sp[0]:sp[1]]
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || isUpperWord(strings.Map(keepLetters, w)) {
			continue
		}
		before := strings.TrimRight(text[max(0, sp[0]-40):sp[0]], " ")
		p, _ := utf8.DecodeLastRuneInString(before)
		if unicode.IsLower(p) || p == ',' {
			n++
		}
	}
	return n
}

func keepLetters(r rune) rune {
	if unicode.IsLetter(r) {
		return r
	}
	return -1
}

// placePrepositions put a place after them: "vessels to Antwerp", "talks in
// Geneva", "flights from Hamburg".
var placePrepositions = wordSet(`in at to from near via into outside across through towards toward`)

// townsAfterPrepositions retypes a one-word organisation that the
// gazetteer or the name list knows as a place, when every mention of it
// follows a place preposition: the tagger learnt towns as football clubs
// from CoNLL's results tables, and a card listing "Antwerp" as an
// organisation for "vessels to Antwerp" reads wrong. A club named by its
// town in a story ("Hamburg beat Bremen") has mentions without one.
func townsAfterPrepositions(text string, order []*group) {
	for _, g := range order {
		if g.actor.Kind != Org || len(g.tokens) != 1 || g.orgCue {
			continue
		}
		w := g.tokens[0]
		if lexicon.Lookup(w)&placeBits == 0 && lexicon.Names(w)&tagger.NameLoc == 0 {
			continue
		}
		all := true
		for _, sp := range g.actor.Spans {
			if !afterPlacePreposition(text[max(0, sp[0]-48):sp[0]]) {
				all = false
				break
			}
		}
		if all {
			g.actor.Kind = Place
		}
	}
}

// afterPlacePreposition reports whether before ends in a place preposition,
// or in one and a name coordinated with this one ("to Antwerp and").
func afterPlacePreposition(before string) bool {
	words := strings.Fields(before)
	n := len(words)
	if n >= 3 && (words[n-1] == "and" || words[n-1] == "or") {
		if r, _ := utf8.DecodeRuneInString(words[n-2]); unicode.IsUpper(r) {
			n -= 2
		}
	}
	return n > 0 && placePrepositions[strings.ToLower(words[n-1])]
}
