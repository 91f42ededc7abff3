// Package entity finds the people, organisations and places in raw article
// text and turns their mentions into ranked actors.
//
// Recognition is a greedy averaged-perceptron BIO tagger trained on
// CoNLL-2003 (see tools/cmd/train-tagger); its weights, a small
// hand-written gazetteer, a name list counted on more recent annotated
// English and word classes counted on unlabelled text are embedded and
// decoded once, on first use.
package entity

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/digest/entity/tagger"
)

// Kind is the type of an entity.
type Kind string

// The kinds Recognize reports. CoNLL's MISC (nationalities, events) is
// recognised internally but not reported: it is not an actor.
const (
	Person Kind = "person"
	Org    Kind = "org"
	Place  Kind = "place"
)

// Mention is one occurrence of an entity: Text is text[Start:End] (byte
// offsets into the text given to Recognize).
type Mention struct {
	Text       string
	Start, End int
	Kind       Kind
}

//go:embed weights.bin
var weightFile []byte

//go:embed lexicon.txt
var lexiconFile string

//go:embed names.txt.gz
var namesFile []byte

//go:embed clusters.txt.gz
var clustersFile []byte

var (
	loadOnce sync.Once
	model    *tagger.Model
	lexicon  *tagger.Lexicon
	loadErr  error
)

// Load decodes the embedded model if that has not happened yet. Recognize
// calls it; call it at start-up to pay the cost (about 20 ms, most of it
// the word classes: the weights are read in place) early and to fail
// loudly if the embedded files are broken.
func Load() error {
	loadOnce.Do(func() {
		lex, err := tagger.ParseLexicon(lexiconFile)
		if err != nil {
			loadErr = fmt.Errorf("entity: %w", err)
			return
		}
		if err := addLists(lex); err != nil {
			loadErr = fmt.Errorf("entity: %w", err)
			return
		}
		lexicon = lex
		model, err = tagger.Decode(weightFile, lex)
		if err != nil {
			loadErr = fmt.Errorf("entity: %w", err)
		}
	})
	return loadErr
}

// addLists adds the learnt name list and the word classes to lex.
func addLists(lex *tagger.Lexicon) error {
	names, err := gunzip(namesFile)
	if err != nil {
		return fmt.Errorf("name list: %w", err)
	}
	if err := lex.AddNames(names); err != nil {
		return err
	}
	classes, err := gunzip(clustersFile)
	if err != nil {
		return fmt.Errorf("word classes: %w", err)
	}
	return lex.AddClusters(classes)
}

func gunzip(gz []byte) (string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return "", err
	}
	text, err := io.ReadAll(zr)
	return string(text), err
}

// Gazetteer class bits (see lexicon.txt): classes 2 (countries) and 3
// (cities), and 4 and 7 (words that end or start organisation names).
const (
	placeBits = 1<<1 | 1<<2
	orgBits   = 1<<3 | 1<<6
)

var kinds = map[string]Kind{"PER": Person, "ORG": Org, "LOC": Place}

// Recognize returns the person, organisation and place mentions in text, in
// text order. It tokenises the raw text itself (punctuation, possessive 's,
// quotes, hyphens, initials, abbreviations such as U.S.). Any input is safe;
// if the embedded model cannot be loaded (see Load) it returns nil.
func Recognize(text string) []Mention {
	if Load() != nil || text == "" {
		return nil
	}
	var out []Mention
	for start := 0; start < len(text); {
		end := segmentEnd(text, start)
		n := len(out)
		out = recognizeSegment(out, text, start, end)
		harmonise(out[n:])
		placesByCue(text, out[n:])
		start = end
	}
	return out
}

// harmonise gives every mention of the same name in a text the kind most of
// them got: the tagger decides each mention from its neighbours alone, and
// "Leicestershire" the team and "Leicestershire" the county in one report
// are far more often the same thing than not.
func harmonise(ms []Mention) {
	type tally struct{ n [3]int }
	votes := make(map[string]*tally, len(ms))
	idx := map[Kind]int{Person: 0, Org: 1, Place: 2}
	for _, m := range ms {
		v := votes[m.Text]
		if v == nil {
			v = &tally{}
			votes[m.Text] = v
		}
		v.n[idx[m.Kind]]++
	}
	for i, m := range ms {
		v := votes[m.Text]
		best := idx[m.Kind]
		for k := range v.n {
			if v.n[k] > v.n[best] {
				best = k
			}
		}
		ms[i].Kind = [3]Kind{Person, Org, Place}[best]
	}
}

// placeCues are the lower-case words that, followed by "of", name a
// settlement: "the town of Harwick".
var placeCues = []string{"town of ", "city of ", "village of ", "borough of "}

// placesByCue makes places of the names that a place cue introduces
// somewhere in the text ("the town of Harwick"), in all their mentions: the
// tagger, reading an unknown surname-like word, often calls a small town a
// person, and harmonise alone cannot outvote that when the cue is once.
func placesByCue(text string, ms []Mention) {
	var cued map[string]bool
	for _, m := range ms {
		before := text[max(0, m.Start-16):m.Start]
		for _, c := range placeCues {
			if strings.HasSuffix(before, c) && !hasOrgHead(m.Text) {
				if cued == nil {
					cued = map[string]bool{}
				}
				cued[m.Text] = true
			}
		}
	}
	for i := range ms {
		if cued[ms[i].Text] {
			ms[i].Kind = Place
		}
	}
}

// hasOrgHead reports whether a name holds a word that heads organisation
// names ("Harwick Council"): "the city of X Council" is not a place.
func hasOrgHead(name string) bool {
	for _, w := range strings.Fields(strings.ToLower(name)) {
		if orgHeads[w] {
			return true
		}
	}
	return false
}

// segmentBytes bounds how much text is tagged at once: the tagger keeps a
// few hundred bytes per token, so a 50 MB page in one piece would cost
// gigabytes. Articles are far shorter and are tagged whole.
var segmentBytes = 200_000

// segmentEnd picks where the segment starting at start ends: at a paragraph
// or line break near the limit, else at a space, so no word is cut.
func segmentEnd(text string, start int) int {
	if len(text)-start <= segmentBytes {
		return len(text)
	}
	limit := start + segmentBytes
	window := text[start+segmentBytes/2 : limit]
	for _, sep := range []string{"\n\n", "\n", " "} {
		if i := strings.LastIndex(window, sep); i >= 0 {
			return start + segmentBytes/2 + i + len(sep)
		}
	}
	return limit // one enormous "word": cut it anyway
}

func recognizeSegment(out []Mention, text string, from, to int) []Mention {
	toks := splitGluedCredits(tagger.Tokenize(text[from:to]))
	tags := model.Tag(toks)
	for i := 0; i < len(tags); {
		typ := tagger.Type(tags[i])
		if typ == "" {
			i++
			continue
		}
		j := i + 1
		for j < len(tags) && tagger.Type(tags[j]) == typ && tags[j] != tags[i] {
			j++
		}
		if typ == "ORG" || typ == "LOC" {
			j, typ = extendOrg(toks, tags, j, typ)
		}
		if (typ == "LOC" || typ == "PER") && fixtureClub(toks, tags, i, j, typ) {
			typ = "ORG"
		}
		if typ != "MISC" {
			if k := companyStart(toks, i, j); k < i || corpSuffixes[strings.ToLower(toks[j-1].Text)] {
				i, typ = k, "ORG"
				out = dropFrom(out, from+toks[i].Start)
			}
			j = extendClub(toks, i, j)
		}
		if (typ == "ORG" || typ == "LOC") && (personByWho(toks, i, j) || personBySaid(toks, i, j)) {
			typ = "PER"
		}
		if typ == "PER" {
			j = extendPerson(toks, tags, j)
			i = extendPersonBack(toks, tags, i)
		}
		// "German Chancellor Olaf Scholz" sometimes comes out as one
		// chunk; a person title inside a chunk starts the person's name.
		// A person chunk that opens with a title ("President Joe Biden")
		// loses the title, as CoNLL annotates names.
		if k := slashSplit(toks, i, j); k > i && typ == "PER" {
			// "Lee Wan Wah / Chong Tan Fook": a doubles pair is two names.
			out = appendMention(out, text, from, toks, i, k, typ)
			out = appendMention(out, text, from, toks, k+1, j, typ)
		} else if k := rankEnd(toks, i, j, typ); k > i {
			// "Detective Constable Vanessa Lewis", "Sheriff Derek O'Carroll"
			out = appendMention(out, text, from, toks, k, j, "PER")
		} else if k := titleSplit(toks, i, j); k > i || (k == i && typ == "PER") {
			out = appendMention(out, text, from, toks, i, k, typ)
			out = appendMention(out, text, from, toks, k+1, j, "PER")
		} else if k := placeSplit(toks, i, j); k > i && typ != "PER" {
			out = appendMention(out, text, from, toks, i, k, typ)
			out = appendMention(out, text, from, toks, k+1, j, "LOC")
		} else {
			out = appendMention(out, text, from, toks, i, j, typ)
		}
		i = j
	}
	return out
}

// splitGluedCredits splits a word glued to the bracketed credit before it
// ("(CNN)A Delaware family", "(CNN)“A"): the tokenizer reads "CNN)A" as one
// word. Done here, after tokenizing, so that the text the word classes and
// weights were counted on is tokenized as it was.
func splitGluedCredits(toks []tagger.Token) []tagger.Token {
	var out []tagger.Token
	for k, t := range toks {
		c := strings.IndexByte(t.Text, ')')
		if k == 0 || toks[k-1].Text != "(" || toks[k-1].End != t.Start || c < 1 || c == len(t.Text)-1 {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make([]tagger.Token, 0, len(toks)+2), toks[:k]...)
		}
		out = append(out,
			tagger.Token{Text: t.Text[:c], Start: t.Start, End: t.Start + c, SentStart: t.SentStart},
			tagger.Token{Text: ")", Start: t.Start + c, End: t.Start + c + 1})
		base := t.Start + c + 1
		for _, st := range tagger.Tokenize(t.Text[c+1:]) {
			st.Start, st.End = st.Start+base, st.End+base
			out = append(out, st)
		}
	}
	if out == nil {
		return toks
	}
	return out
}

// extendPerson grows a person chunk ending before token j over what the
// tagger left outside it: a middle initial and the name after it ("George"
// + "W. Bush"), or a lone capitalised word right after it that the tagger
// called something else ("Mitch" + "McConnell").
func extendPerson(toks []tagger.Token, tags []int, j int) int {
	capital := func(k int) bool {
		if k >= len(toks) || toks[k].Start != toks[k-1].End+1 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(toks[k].Text)
		return unicode.IsUpper(r) && !isUpperWord(toks[k].Text)
	}
	// The initial's own tag does not matter: "W." alone looks like
	// anything to the tagger, but a given name, an initial and a
	// capitalised word are one person.
	for j+1 < len(toks) && isInitial(toks[j].Text) && capital(j+1) && capital(j) {
		j += 2
	}
	if capital(j) && tags[j] != tagger.TagO && tagger.Type(tags[j]) != "PER" &&
		(j+1 == len(tags) || tagger.Type(tags[j+1]) != tagger.Type(tags[j]) || tags[j+1] == tags[j]) {
		j++
	}
	// "John F. Kennedy Jr.": a generational suffix ends the name, whatever
	// the tagger made of it.
	if j < len(toks) && toks[j].Start == toks[j-1].End+1 && generational[toks[j].Text] {
		j++
	}
	return j
}

// generational are nameSuffixes as written after a name: only these
// spellings, so a lower-case "ii" or a shouted "JR." is no suffix.
var generational = map[string]bool{"Jr.": true, "Sr.": true, "Jr": true, "Sr": true, "II": true, "III": true, "IV": true}

// personByWho reports whether chunk [i, j), tagged an organisation or a
// place, is a person's name by the relative pronoun after it ("said Sofia
// Brandt, who chairs..."): "who" refers to people. Teams take "who" too in
// British English, so the chunk must be two or three capitalised words none
// of which is known as part of an organisation or a place's last word.
func personByWho(toks []tagger.Token, i, j int) bool {
	if j-i < 2 || j-i > 3 {
		return false
	}
	k := j
	if k < len(toks) && toks[k].Text == "," {
		k++
	}
	if k >= len(toks) || (toks[k].Text != "who" && toks[k].Text != "whose") {
		return false
	}
	return namelike(toks, i, j)
}

// personBySaid reports whether chunk [i, j), tagged an organisation or a
// place, is a person's name by an inverted attribution with an appositive
// ("said Sofia Marin, a landscape architect"): organisations are said to
// speak too, so the first word must also be a known given name.
func personBySaid(toks []tagger.Token, i, j int) bool {
	if j-i < 2 || j-i > 3 || i == 0 || j+1 >= len(toks) {
		return false
	}
	if cue := strings.ToLower(toks[i-1].Text); cue != "said" && cue != "says" {
		return false
	}
	if toks[j].Text != "," || (toks[j+1].Text != "a" && toks[j+1].Text != "an") {
		return false
	}
	return personHead(toks, j+2) && namelike(toks, i, j)
}

// personHead reports whether the noun phrase from token k ("landscape
// architect with the firm …") is headed by a word for a person: its last
// word before a preposition or punctuation is an occupation.
func personHead(toks []tagger.Token, k int) bool {
	head := ""
	for n := 0; k < len(toks) && n < 5; k, n = k+1, n+1 {
		w := toks[k].Text
		if !isLowerWord(w) || nounEnds[w] {
			break
		}
		head = w
	}
	return personNouns[head] || len(head) > 5 && strings.HasSuffix(head, "ist")
}

// namelike reports whether tokens [i, j) are capitalised words none of
// which is known as part of an organisation, the last not a place's.
func namelike(toks []tagger.Token, i, j int) bool {
	for m := i; m < j; m++ {
		r, _ := utf8.DecodeRuneInString(toks[m].Text)
		l := strings.ToLower(toks[m].Text)
		if !unicode.IsUpper(r) || isUpperWord(toks[m].Text) || orgHeads[l] ||
			lexicon.Lookup(l)&orgBits != 0 || lexicon.Names(l)&tagger.NameOrg != 0 {
			return false
		}
	}
	return lexicon.Names(strings.ToLower(toks[j-1].Text))&tagger.NameLoc == 0
}

// extendPersonBack grows a person chunk starting at token i back over a
// given name and a middle initial the tagger left out ("John F." before
// "Kennedy"), when they were tagged O or MISC and so produced no mention.
func extendPersonBack(toks []tagger.Token, tags []int, i int) int {
	if i < 2 || !isInitial(toks[i-1].Text) {
		return i
	}
	g := i - 2
	for _, k := range []int{g, i - 1} {
		if t := tagger.Type(tags[k]); t != "" && t != "MISC" {
			return i
		}
	}
	if toks[i-1].Start != toks[g].End+1 || toks[i].Start != toks[i-1].End+1 {
		return i
	}
	lower := strings.ToLower(toks[g].Text)
	r, _ := utf8.DecodeRuneInString(toks[g].Text)
	if unicode.IsUpper(r) && (lexicon.Lookup(lower)&1 != 0 || lexicon.Names(lower)&tagger.NamePer != 0) {
		return g
	}
	return i
}

func isInitial(w string) bool {
	return len(w) == 2 && w[0] >= 'A' && w[0] <= 'Z' && w[1] == '.'
}

// appendMention adds tokens [i, j) as a mention of CoNLL type typ, if that
// type is one Recognize reports and the span has a letter.
func appendMention(out []Mention, text string, from int, toks []tagger.Token, i, j int, typ string) []Mention {
	// Names neither start nor end with a lower-case word: "Central bank"
	// (a sentence-case headline) and "Goldman Sachs and" are tagger slips;
	// nor with a bracket or comma ("( Malta" after "F.C. Valletta").
	for i < j && (isLowerWord(toks[i].Text) || isBreak(toks[i].Text)) {
		i++
	}
	end := j
	// A possessive ending is never part of the name ("Merkel‘s"), nor is
	// a comma or bracket the tagger ran on to ("Congress ,").
	for j > i && (isLowerWord(toks[j-1].Text) || isPossessive(toks[j-1].Text) || isBreak(toks[j-1].Text)) {
		j--
	}
	j = innerCut(toks, i, j)
	if j == i+1 && j < end && toks[i].SentStart && !functionWords[toks[j].Text] {
		// "Central bank" opening a sentence-case headline is a common noun
		// phrase; "Xinhua news" still yields "Xinhua".
		return out
	}
	if i >= j {
		return out
	}
	kind, ok := kinds[typ]
	if typ == "MISC" && j-i > 1 && orgHeads[strings.ToLower(toks[j-1].Text)] {
		// CoNLL (1996) never saw the European Central Bank and calls
		// "European ..." MISC; a name ending in Bank or Commission is an
		// organisation whatever adjective opens it.
		kind, ok = Org, true
	}
	if !ok {
		return out
	}
	cut := 0 // "Lindsey Graham-type Republican": the name ends at the modifier
	for k := i; k < j; k++ {
		if w := withoutModifierSuffix(toks[k].Text); w != toks[k].Text {
			j, cut = k+1, len(toks[k].Text)-len(w)
			break
		}
	}
	start, end := latinCore(text, from+toks[i].Start, from+toks[j-1].End-cut)
	if !hasLetter(text[start:end]) || isFurniture(text[start:end]) {
		return out
	}
	return append(out, Mention{Text: text[start:end], Start: start, End: end, Kind: kind})
}

// latinCore trims the Chinese, Japanese or Korean letters glued to either
// end of a Latin-script name: those scripts put no space between words, so
// "しかもKindle" is "moreover Kindle" and "SBS는" is "SBS" with its particle.
func latinCore(text string, start, end int) (int, int) {
	latin := false
	for _, r := range text[start:end] {
		if unicode.Is(unicode.Latin, r) {
			latin = true
			break
		}
	}
	if !latin {
		return start, end
	}
	core := strings.TrimLeftFunc(text[start:end], unspacedScript)
	start = end - len(core)
	end = start + len(strings.TrimRightFunc(core, unspacedScript))
	return start, end
}

// modifierSuffixes turn a name into an adjective ("a Lindsey Graham-type
// Republican", "Saudi-led", "Kremlin-backed"); the actor is the name.
// Lower case after a hyphen is otherwise part of a name ("Ban Ki-moon").
var modifierSuffixes = []string{"-type", "-style", "-like", "-led", "-backed", "-based", "-era", "-esque",
	"-inspired", "-owned", "-run", "-linked", "-funded", "-allied", "-born", "-made", "-sponsored", "-controlled",
	"-affiliated", "-aligned", "-friendly"}

func withoutModifierSuffix(name string) string {
	for _, suf := range modifierSuffixes {
		if len(name) > len(suf)+1 && strings.HasSuffix(name, suf) {
			return name[:len(name)-len(suf)]
		}
	}
	return name
}

func unspacedScript(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// innerCut ends a chunk [i, j) before an inner "or": the tagger ran one
// name on into the next ("the Queen's Birthday or Labour Day"), and names
// join with "and" or "of", not with alternatives.
func innerCut(toks []tagger.Token, i, j int) int {
	for k := i + 1; k < j-1; k++ {
		if toks[k].Text == "or" {
			return k
		}
	}
	return j
}

// placeSplit returns the index of an "in" inside chunk [i, j) that is
// followed by a known place and only capitalised words ("Royal Institute
// of Technology in Stockholm"), or -1: the tagger sometimes runs an
// organisation on into where it is.
func placeSplit(toks []tagger.Token, i, j int) int {
	for k := i + 1; k < j-1; k++ {
		if toks[k].Text != "in" {
			continue
		}
		for m := k + 1; m < j; m++ {
			r, _ := utf8.DecodeRuneInString(toks[m].Text)
			if !unicode.IsUpper(r) {
				return -1
			}
		}
		l := strings.ToLower(toks[k+1].Text)
		if lexicon.Lookup(l)&placeBits != 0 || lexicon.Names(l)&tagger.NameLoc != 0 {
			return k
		}
		return -1
	}
	return -1
}

// titleSplit returns the index of a person title inside chunk [i, j) that is
// followed only by capitalised words ("Chancellor" in "German Chancellor
// Olaf Scholz"), or -1.
func titleSplit(toks []tagger.Token, i, j int) int {
	for k := j - 2; k >= i; k-- {
		if !personTitles[strings.ToLower(strings.TrimSuffix(toks[k].Text, "."))] {
			continue
		}
		for m := k + 1; m < j; m++ {
			r, _ := utf8.DecodeRuneInString(toks[m].Text)
			if !unicode.IsUpper(r) {
				return -1
			}
		}
		return k
	}
	return -1
}

// rankTitles are police, court and church ranks written before a name.
// They also head organisations ("Airdrie Sheriff Court", "Office of
// Inspector General"), so they only strip the opening of a chunk.
var rankTitles = map[string]bool{"sheriff": true, "constable": true, "detective": true, "inspector": true,
	"superintendent": true, "sergeant": true, "trooper": true, "deputy": true, "bishop": true,
	"archbishop": true, "cardinal": true, "rabbi": true, "imam": true, "rev": true, "reverend": true}

// rankEnd returns where the name starts in a chunk [i, j) opening with
// ranks, or i: for a person chunk, after the ranks when two words or more
// are left; for another type only if a learnt first name follows
// ("Detective Constable Vanessa Lewis" typed an organisation).
func rankEnd(toks []tagger.Token, i, j int, typ string) int {
	k := i
	for k < j && rankTitles[strings.ToLower(strings.TrimSuffix(toks[k].Text, "."))] {
		k++
	}
	if k == i || j-k < 2 {
		return i
	}
	if typ != "PER" && lexicon.Names(strings.ToLower(toks[k].Text))&tagger.NamePer == 0 {
		return i
	}
	return k
}

var functionWords = map[string]bool{
	"and": true, "or": true, "of": true, "the": true, "in": true, "for": true, "to": true,
	"at": true, "on": true, "with": true, "by": true, "from": true, "a": true, "an": true,
	"v": true, "vs": true, "vs.": true, "v.": true,
}

var personTitles = map[string]bool{}

var orgHeads = map[string]bool{}

// personNouns head descriptions of people in appositives ("a landscape
// architect"); nounEnds end such a noun phrase.
var personNouns, nounEnds = map[string]bool{}, map[string]bool{}

func init() {
	for _, w := range strings.Fields(`bank institution institute union commission council committee
		party agency authority association federation organisation organization university
		court ministry fund corporation company group foundation parliament assembly
		army navy police board office service`) {
		orgHeads[w] = true
	}
	for _, w := range strings.Fields(`president chancellor minister premier governor senator sen
		mayor king queen prince princess pope secretary general gen judge justice ambassador
		commissioner chairman chairwoman ceo spokesman spokeswoman mr mrs ms dr prof professor
		lt col capt sgt adm rep gov coach striker`) {
		personTitles[w] = true
	}
	for _, w := range strings.Fields(`architect economist engineer professor lawyer analyst researcher
		teacher doctor nurse farmer resident spokesperson spokesman spokeswoman official historian
		expert consultant planner designer author director manager founder owner member student
		officer executive adviser advisor lecturer fellow partner`) {
		personNouns[w] = true
	}
	for _, w := range strings.Fields(`at with of for in from on who and by`) {
		nounEnds[w] = true
	}
}

// isLowerWord reports whether w is written all in lower case, like "and"
// (but not "eBay" or "al-Assad").
func isLowerWord(w string) bool {
	letters := false
	for _, r := range w {
		if unicode.IsUpper(r) {
			return false
		}
		letters = letters || unicode.IsLetter(r)
	}
	return letters
}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// corpSuffixes end company names; the tagger, having seen "Ltd" tagged both
// ways, often stops the chunk before it ("Ashanti Goldfields" + "Ltd").
var corpSuffixes = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`ltd ltd. inc inc. corp corp. plc holdings group
		co co. ag nv n.v. sa s.a. bhd gmbh llc f.c. fc`) {
		corpSuffixes[w] = true
	}
}

// extendOrg grows an organisation or place chunk ending before token j over
// the corporate suffixes that follow it, tagged O; a place followed by one
// is a company's name ("Hong Kong" + "Holdings"), so the chunk becomes an
// organisation. A place followed by a goal count and another name or count
// ("Valletta 2 Floriana 1", league tables) is a team: in a results line a
// city name stands for its club.
func extendOrg(toks []tagger.Token, tags []int, j int, typ string) (int, string) {
	adjacent := func(k int) bool {
		return k < len(toks) && !toks[k].SentStart && toks[k].Start <= toks[k-1].End+1
	}
	for adjacent(j) && tags[j] == tagger.TagO && corpSuffixes[strings.ToLower(toks[j].Text)] {
		j++
		typ = "ORG"
	}
	if typ == "LOC" && adjacent(j) && isScore(toks[j].Text) && adjacent(j+1) {
		r, _ := utf8.DecodeRuneInString(toks[j+1].Text)
		if unicode.IsUpper(r) || isScore(toks[j+1].Text) {
			typ = "ORG"
		}
	}
	return j, typ
}

// isScore reports whether w is a goal or point count: one or two digits.
func isScore(w string) bool {
	if len(w) == 0 || len(w) > 2 {
		return false
	}
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// companyStart returns where a company name ending in chunk [i, j) starts:
// when the chunk ends with a corporate suffix, the capitalised words right
// before it belong to the name even if the tagger gave them a chunk of their
// own or none ("Piper" + "Jaffray Inc", "Best Products" + "Co"). Otherwise i.
func companyStart(toks []tagger.Token, i, j int) int {
	if !corpSuffixes[strings.ToLower(toks[j-1].Text)] || toks[i].SentStart {
		return i
	}
	for n := 0; n < 4 && i > 0 && toks[i].Start <= toks[i-1].End+1; n++ {
		w := toks[i-1].Text
		r, _ := utf8.DecodeRuneInString(w)
		if w != "&" && (!unicode.IsUpper(r) || functionWords[strings.ToLower(w)] || corpSuffixes[strings.ToLower(w)]) {
			break
		}
		i--
		if toks[i].SentStart {
			break
		}
	}
	return i
}

// extendClub grows a chunk that is only a club prefix ("F.C.", which the
// tagger often cuts off as a chunk of its own) over the capitalised words
// after it: "F.C. La Valletta" is one name.
func extendClub(toks []tagger.Token, i, j int) int {
	if j != i+1 || (toks[i].Text != "F.C." && toks[i].Text != "FC") {
		return j
	}
	for n := 0; n < 3 && j < len(toks) && !toks[j].SentStart && toks[j].Start <= toks[j-1].End+1; n++ {
		r, _ := utf8.DecodeRuneInString(toks[j].Text)
		if !unicode.IsUpper(r) {
			break
		}
		j++
	}
	return j
}

// dropFrom removes the mentions starting at or after byte start: a name
// grown backwards swallows the chunks the tagger made of its first words.
func dropFrom(out []Mention, start int) []Mention {
	for len(out) > 0 && out[len(out)-1].Start >= start {
		out = out[:len(out)-1]
	}
	return out
}

// fixtureClub reports whether place or person chunk [i, j) is one side of
// a fixture ("Swansea v Lincoln"): a town playing a match is its club.
// Countries are left alone, since national sides are annotated, and read,
// as places; a "person" is a club only when the other side is not a person
// too, since players meet players in "Sampras v Agassi".
func fixtureClub(toks []tagger.Token, tags []int, i, j int, typ string) bool {
	versus := func(k int) bool {
		return k >= 0 && k < len(toks) && (toks[k].Text == "v" || toks[k].Text == "vs" || toks[k].Text == "vs.")
	}
	opponent := func(k int) bool {
		if k < 0 || k >= len(toks) {
			return false
		}
		r, _ := utf8.DecodeRuneInString(toks[k].Text)
		return unicode.IsUpper(r) && (typ != "PER" || (tags[k] != tagger.TagO && tagger.Type(tags[k]) != "PER"))
	}
	if !(versus(j) && opponent(j+1)) && !(versus(i-1) && opponent(i-2)) {
		return false
	}
	return !isCountry(toks, i, j)
}

// isCountry reports whether a word of chunk [i, j) is a country in the
// gazetteer (class 2).
func isCountry(toks []tagger.Token, i, j int) bool {
	for k := i; k < j; k++ {
		if lexicon.Lookup(strings.ToLower(toks[k].Text))&(1<<1) != 0 {
			return true
		}
	}
	return false
}

// isBreak reports whether w is a comma, colon, semicolon or bracket, which
// ends a name rather than belonging to it.
func isBreak(w string) bool {
	return len(w) == 1 && strings.Contains(",;:()[]", w)
}

// slashSplit returns the index of a "/" inside chunk [i, j), or -1. Between
// people a slash joins two names (a doubles pair, co-drivers), never two
// halves of one; organisations keep it ("Baker / Watts" on folds lost).
func slashSplit(toks []tagger.Token, i, j int) int {
	for k := i + 1; k < j-1; k++ {
		if toks[k].Text == "/" {
			return k
		}
	}
	return -1
}
