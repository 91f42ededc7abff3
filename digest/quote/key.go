package quote

import (
	"sort"
	"strings"
	"unicode"
)

// stopWords carry no substance of their own.
var stopWords = setOf(`
a an the and or but if of to in on at by for with from as that this these those it its is are was
were be been being have has had do does did will would can could should may might must not no so
than then there here i we you he she they me us him her them my our your his their what which who
whom whose when where why how all any some just very also about into over more most such only own
same too out up down off again once
`)

// verbHints are auxiliaries and common verbs; a key quote is a statement, so
// it needs one of them or a word that looks inflected.
var verbHints = setOf(`
is are was were be been being am isn't aren't wasn't weren't have has had haven't hasn't
do does did don't doesn't didn't will would can could should may might must won't wouldn't
can't couldn't shouldn't i'm we're you're they're he's she's it's that's there's i've we've
i'll we'll it'll let go get got make made take took know knew think want need see say said
give gave come came keep put seem feel look believe mean
says wants goes gets makes takes knows thinks needs sees gives comes keeps puts seems feels
looks believes means shows pays works
`)

// scoreQuotes sets each quote's Score: its substance (length, content
// words) and its speaker's salience (share of person mentions).
func scoreQuotes(qs []Quote, d *docIndex) {
	maxCount := 1
	for _, p := range d.persons {
		maxCount = max(maxCount, p.count)
	}
	for i := range qs {
		q := &qs[i]
		substance := substanceOf(wordsOf(q.Text))
		salience := 0.0
		if q.Speaker != "" {
			salience = 0.3
			if idx, ok := d.byLast[lastToken(q.Speaker)]; ok {
				salience += 0.7 * float64(d.persons[idx].count) / float64(maxCount)
			}
		}
		q.Score = 0.7*substance + 0.3*salience
	}
}

// substanceOf rates what a quote says: its length up to 40 words, and the
// share of content words in it (5:2).
func substanceOf(words []string) float64 {
	content := 0
	for _, w := range words {
		if !stopWords[w] && len(w) > 2 {
			content++
		}
	}
	density := 0.0
	if len(words) > 0 {
		density = float64(content) / float64(len(words))
	}
	return (0.5*min(float64(len(words)), 40)/40 + 0.2*density) / 0.7
}

func wordsOf(s string) []string {
	f := strings.FieldsFunc(lower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	})
	for i, w := range f {
		f[i] = strings.ReplaceAll(strings.Trim(w, "'’"), "’", "'")
	}
	return f
}

// minKeyWords is the shortest quote that can be a key quote: shorter ones
// are scare quotes and slogans ("failed", "Bridges First").
const minKeyWords = 5

// keyEligible reports whether a statement (the parts of one attribution) is
// a statement rather than a phrase. English needs a verb; in other
// languages, which the verb list does not know, length alone decides.
func keyEligible(parts []Quote) bool {
	var words []string
	for _, q := range parts {
		words = append(words, wordsOf(q.Text)...)
	}
	if len(words) < minKeyWords {
		return false
	}
	if parts[0].Speaker == "" && parts[0].Cue == "" && !anyPartLong(parts) {
		// Short phrases in marks that nobody is said to say ("the “it'll
		// do” to “this is terrible” range") are terms, not a statement.
		return false
	}
	if parts[0].nonEnglish {
		return true
	}
	for _, w := range words {
		if verbHints[w] || pronounGender[w] != 0 || w == "i" || w == "we" || w == "they" || w == "you" ||
			len(w) > 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")) {
			return true
		}
	}
	return false
}

// anyPartLong reports whether a part of a statement is long enough to be a
// statement on its own.
func anyPartLong(parts []Quote) bool {
	for _, q := range parts {
		if len(wordsOf(q.Text)) >= minKeyWords {
			return true
		}
	}
	return false
}

// Key returns the quotes of up to n key statements, best first, marked Key.
// A statement is the quotes of one attribution: a quote split around "he
// said" comes as its parts, in text order, so that neither half is shown
// without the other. Statements need at least five words and (in English) a
// verb. Each named speaker gets one statement, the best by Score, before
// anyone gets a second, so that an article quoting six people shows six
// voices; the remaining slots go to the most substantial statements left.
// Near-duplicates of a statement already chosen are skipped.
func Key(quotes []Quote, n int) []Quote { return KeyAvoiding(quotes, n, nil) }

// statement is the quotes of one attribution.
type statement struct {
	parts     []Quote
	score     float64
	substance float64
}

// KeyAvoiding is Key that also leaves out quotes that sentences of avoid
// (the summary) already show with their speaker: a card should not say the
// same words twice. A quote the summary repeats without naming its speaker
// ("“…,” he said.") stays, since the quote card adds who said it.
func KeyAvoiding(quotes []Quote, n int, avoid []string) []Quote {
	if n <= 0 {
		return nil
	}
	stmts := statements(quotes)
	order := make([]int, 0, len(stmts))
	for i, st := range stmts {
		if keyEligible(st.parts) {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return stmts[order[a]].score > stmts[order[b]].score })
	// First one statement per named speaker, then the rest by substance.
	var first, rest []int
	voiced := map[string]bool{}
	for _, i := range order {
		if sp := stmts[i].parts[0].Speaker; sp != "" && !voiced[sp] {
			voiced[sp] = true
			first = append(first, i)
			continue
		}
		rest = append(rest, i)
	}
	sort.SliceStable(rest, func(a, b int) bool { return stmts[rest[a]].substance > stmts[rest[b]].substance })
	pick := keyPicker{avoid: avoid, avoidSets: contentSets(avoid), n: n}
	for _, i := range append(first, rest...) {
		if pick.take(stmts[i].parts) {
			break
		}
	}
	return pick.out
}

// contentSets is the content-word sets of the sentences to avoid.
func contentSets(avoid []string) []map[string]bool {
	sets := make([]map[string]bool, len(avoid))
	for i, a := range avoid {
		sets[i] = contentSet(a)
	}
	return sets
}

// statements groups quotes by their attribution's content span, in order.
func statements(quotes []Quote) []statement {
	var stmts []statement
	at := make(map[[2]int]int)
	for _, q := range quotes {
		k := [2]int{q.ContentStart, q.ContentEnd}
		i, ok := at[k]
		if !ok {
			i = len(stmts)
			at[k] = i
			stmts = append(stmts, statement{})
		}
		stmts[i].parts = append(stmts[i].parts, q)
		stmts[i].score = max(stmts[i].score, q.Score)
	}
	for i := range stmts {
		var all strings.Builder
		for _, q := range stmts[i].parts {
			all.WriteString(q.Text + " ")
		}
		stmts[i].substance = substanceOf(wordsOf(all.String()))
	}
	return stmts
}

// keyPicker collects key statements, skipping repeats of the summary and
// near-duplicates of statements already taken.
type keyPicker struct {
	avoid     []string
	avoidSets []map[string]bool
	chosen    []map[string]bool
	out       []Quote
	n, taken  int
}

// take adds the parts of a statement that the summary does not show, unless
// they repeat a statement already taken; it reports whether n are taken.
func (k *keyPicker) take(parts []Quote) bool {
	var keep []Quote
	for _, q := range parts {
		if !inSummary(q, k.avoid, k.avoidSets) {
			keep = append(keep, q)
		}
	}
	if len(keep) == 0 {
		return false
	}
	var all strings.Builder
	for _, q := range keep {
		all.WriteString(q.Text + " ")
	}
	set := contentSet(all.String())
	if nearDuplicate(set, k.chosen) {
		return false
	}
	for _, q := range keep {
		q.Key = true
		k.out = append(k.out, q)
	}
	k.chosen = append(k.chosen, set)
	k.taken++
	return k.taken == k.n
}

// inSummary reports whether a summary sentence repeats most of q's content
// words and names q's speaker (or q has none).
func inSummary(q Quote, avoid []string, avoidSets []map[string]bool) bool {
	set := contentSet(q.Text)
	if len(set) == 0 {
		return false
	}
	for i, a := range avoidSets {
		shared := 0
		for w := range set {
			if a[w] {
				shared++
			}
		}
		if float64(shared)/float64(len(set)) < 0.8 {
			continue
		}
		if q.Speaker == "" || strings.Contains(lower(avoid[i]), lastToken(q.Speaker)) {
			return true
		}
	}
	return false
}

func contentSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range wordsOf(s) {
		if !stopWords[w] {
			m[w] = true
		}
	}
	return m
}

// nearDuplicate reports whether most of set's content words (or of a
// previous set's) are shared: containment, so a quote repeated inside a
// longer one counts.
func nearDuplicate(set map[string]bool, others []map[string]bool) bool {
	for _, o := range others {
		shared := 0
		for w := range set {
			if o[w] {
				shared++
			}
		}
		small := min(len(set), len(o))
		if small > 0 && float64(shared)/float64(small) >= 0.6 {
			return true
		}
	}
	return false
}
