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
		words := wordsOf(q.Text)
		content := 0
		for _, w := range words {
			if !stopWords[w] && len(w) > 2 {
				content++
			}
		}
		substance := min(float64(len(words)), 40) / 40
		density := 0.0
		if len(words) > 0 {
			density = float64(content) / float64(len(words))
		}
		salience := 0.0
		if q.Speaker != "" {
			salience = 0.3
			if idx, ok := d.byLast[lastToken(q.Speaker)]; ok {
				salience += 0.7 * float64(d.persons[idx].count) / float64(maxCount)
			}
		}
		q.Score = 0.5*substance + 0.2*density + 0.3*salience
	}
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

// Key returns the quotes of up to n key statements, best first, marked Key.
// A statement is the quotes of one attribution: a quote split around "he
// said" comes as its parts, in text order, so that neither half is shown
// without the other. Statements need at least five words and (in English) a
// verb; they are ranked by their best part's Score, skipping near-duplicates
// of a statement already chosen.
func Key(quotes []Quote, n int) []Quote { return KeyAvoiding(quotes, n, nil) }

// KeyAvoiding is Key that also leaves out quotes that sentences of avoid
// (the summary) already show with their speaker: a card should not say the
// same words twice. A quote the summary repeats without naming its speaker
// ("“…,” he said.") stays, since the quote card adds who said it.
func KeyAvoiding(quotes []Quote, n int, avoid []string) []Quote {
	if n <= 0 {
		return nil
	}
	type statement struct {
		parts []Quote
		score float64
	}
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
	order := make([]int, 0, len(stmts))
	for i, st := range stmts {
		if keyEligible(st.parts) {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return stmts[order[a]].score > stmts[order[b]].score })
	avoidSets := make([]map[string]bool, len(avoid))
	for i, a := range avoid {
		avoidSets[i] = contentSet(a)
	}
	var out []Quote
	var chosen []map[string]bool
	taken := 0
	for _, i := range order {
		var keep []Quote
		for _, q := range stmts[i].parts {
			if !inSummary(q, avoid, avoidSets) {
				keep = append(keep, q)
			}
		}
		if len(keep) == 0 {
			continue
		}
		var all strings.Builder
		for _, q := range keep {
			all.WriteString(q.Text + " ")
		}
		set := contentSet(all.String())
		if nearDuplicate(set, chosen) {
			continue
		}
		for _, q := range keep {
			q.Key = true
			out = append(out, q)
		}
		chosen = append(chosen, set)
		if taken++; taken == n {
			break
		}
	}
	return out
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
