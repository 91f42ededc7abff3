// Package summary picks the few verbatim sentences of a news article that
// best summarise it.
//
// It is extractive and offline: sentences are cut at caption seams (see
// pieces), stripped of page furniture, and only real sentences are kept
// (closing punctuation; no time stamps, tickers, disclaimers, calls to
// action or question headlines: see isFurniture). A linear model over
// position, centrality, title overlap, entity density, length and
// caption/quote cues ranks them; the shipped weights are the lede rule
// (DefaultWeights), and the choice is greedy without near-duplicates or
// headline repeats. It starts past an opening hook that addresses the
// reader, skips sentences far less central than the article's median, and
// stops at a word cap (Limits, DefaultLimits): a card on Discord reads
// better short, and so does ROUGE against ~50-word highlights.
package summary

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/digest/sentence"
)

// DefaultN is the number of sentences Select returns when asked for n <= 0.
const DefaultN = 3

// Select returns at most n (DefaultN when n <= 0) summary sentences of text,
// in text order, within DefaultLimits (so often fewer than n). sents are
// text's sentences (sentence.Split); each result is verbatim, Text ==
// text[Start:End], though it may be a trimmed span of a sentence (a kicker
// label or a fused photo caption cut off). title may be empty.
func Select(title, text string, sents []sentence.Sentence, n int) []sentence.Sentence {
	return SelectWith(DefaultWeights, DefaultLimits, Candidates(title, text, sents), n)
}

// Feature indexes of Candidate.Features.
const (
	FeatPosition   = iota // 1/(1+i) for the i-th sentence of the text
	FeatEarly             // 1 - i/10, floored at 0
	FeatCentrality        // cosine of the sentence's content words to the document's
	FeatTitle             // share of the title's content words the sentence has
	FeatEntities          // share of words that are capitalised (not first) or numbers
	FeatLength            // words/40, capped at 1
	FeatShort             // fewer than 8 words
	FeatQuote             // opens with a quote mark
	FeatCaption           // no full stop of its own: caption or fused fragment
	FeatLabelled          // a kicker label was cut off its head
	FeatPronoun           // opens with a pronoun or connective that needs context
	NumFeatures
)

// FeatureNames name the features for reports, in index order.
var FeatureNames = [NumFeatures]string{
	"position", "early", "centrality", "title", "entities", "length",
	"short", "quote", "caption", "labelled", "pronoun",
}

// Weights is a linear model over the features.
type Weights [NumFeatures]float64

// Candidate is one span that may be chosen, with its features.
type Candidate struct {
	sentence.Sentence
	Features Weights
	// content holds the ids of its distinct content words (ids are per
	// article), for redundancy checks.
	content []int32
	// titleRepeat marks a span that restates the headline.
	titleRepeat bool
	// dangling marks a span opening with a word that points back to the
	// sentence before: a pronoun for a person it does not name ("He
	// added …") or a demonstrative or "it" for a thing it does not name
	// ("This comes after …", "It also found …").
	dangling bool
	// hook marks a span that addresses the reader outside quotes ("you
	// would think ...", "If you have ever ..."): a feature's way in, not
	// the news.
	hook bool
	// aside marks a span a card should state only when nothing else is
	// left: a question (the article asks, the card tells) or a piece of a
	// quotation that runs over several sentences (the quotes show those).
	aside bool
	// sentence marks a span a reader takes for a sentence: it ends with
	// closing punctuation and is not page furniture (see isFurniture).
	sentence bool
	words    int
	// tokens counts the span's words of two letters or more, function
	// those of them on the stopword list: the share tells English text,
	// where centrality (computed over content words) means something.
	tokens, function int
}

// Score is the candidate's linear score under w.
func (c *Candidate) Score(w Weights) float64 {
	s := 0.0
	for i, f := range c.Features {
		s += w[i] * f
	}
	return s
}

const (
	minWords = 6  // shorter spans are labels or fragments, never a summary sentence
	maxWords = 55 // longer ones are fused runs of captions and quotes
	// maxContainment is the share of the smaller span's content words that
	// another chosen span may already hold before it counts as a repeat.
	maxContainment = 0.6
	// titleRepeatShare of a span's content words found in the title marks a
	// restated headline.
	titleRepeatShare = 0.8
)

// vocabulary interns an article's content words so that sets of them are
// small slices of ids rather than maps.
type vocabulary struct {
	ids  map[string]int32
	seen []int32 // per id: the last set it was added to, to dedupe within one
	tf   []float64
	set  int32
	// tokens and function count words and function words over the
	// calls to contentIDs.
	tokens, function int
}

// contentIDs returns the distinct content words of s as ids, adding new
// words when add is set (otherwise unknown words are skipped), and counts
// its words and function words into v.tokens and v.function.
func (v *vocabulary) contentIDs(s string, add bool) []int32 {
	v.set++
	var out []int32
	forEachWord(s, func(w string) {
		w = strings.ToLower(w)
		if len(w) < 2 {
			return
		}
		v.tokens++
		if stopwords[w] {
			v.function++
			return
		}
		id, ok := v.ids[w]
		if !ok {
			if !add {
				return
			}
			id = int32(len(v.seen))
			v.ids[w] = id
			v.seen = append(v.seen, 0)
			v.tf = append(v.tf, 0)
		}
		if v.seen[id] == v.set {
			return
		}
		v.seen[id] = v.set
		out = append(out, id)
	})
	return out
}

// forEachWord calls fn with each run of letters and digits in s.
func forEachWord(s string, fn func(string)) {
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			fn(s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		fn(s[start:])
	}
}

// Candidates cuts sents into candidate spans and computes their features.
func Candidates(title, text string, sents []sentence.Sentence) []Candidate {
	ps := pieces(text, sents)
	if len(ps) == 0 {
		return nil
	}
	v := &vocabulary{ids: make(map[string]int32, 512)}
	cands := make([]Candidate, 0, len(ps))
	for _, p := range ps {
		c := newCandidate(text, p, v)
		for _, id := range c.content {
			v.tf[id]++
		}
		cands = append(cands, c)
	}
	setTitleFeatures(cands, v, title)
	setCentrality(cands, v)
	markQuotationPieces(text, cands)
	return cands
}

// newCandidate computes the features a piece has on its own; title overlap
// and centrality need the whole article and come after.
func newCandidate(text string, p piece, v *vocabulary) Candidate {
	span := text[p.start:p.end]
	words := strings.Fields(span)
	tokens, function := v.tokens, v.function
	c := Candidate{
		Sentence: sentence.Sentence{Text: span, Start: p.start, End: p.end},
		content:  v.contentIDs(span, true),
		words:    sentence.Words(span), // counts CJK text without spaces too
	}
	c.tokens, c.function = v.tokens-tokens, v.function-function
	f := &c.Features
	i := float64(p.sentIndex)
	f[FeatPosition] = 1 / (1 + i)
	f[FeatEarly] = max(0, 1-i/10)
	f[FeatEntities] = entityShare(words)
	f[FeatLength] = min(float64(c.words)/40, 1)
	if c.words < 8 {
		f[FeatShort] = 1
	}
	if r, _ := utf8.DecodeRuneInString(span); isQuoteRune(r) || r == '”' || r == '’' {
		f[FeatQuote] = 1
	}
	if p.caption {
		f[FeatCaption] = 1
	}
	c.sentence = !p.caption && !isFurniture(span, words)
	c.hook = addressesReader(span)
	c.aside = isQuestion(span)
	if p.labelled {
		f[FeatLabelled] = 1
	}
	if len(words) > 0 && contextOpeners[strings.Trim(words[0], ",")] {
		f[FeatPronoun] = 1
	}
	c.dangling = pointsBack(words)
	return c
}

// setTitleFeatures sets title overlap and marks restated headlines. Title
// words the text never uses cannot match, so they count towards the
// title's size only.
func setTitleFeatures(cands []Candidate, v *vocabulary, title string) {
	titleSize := countDistinctContent(title)
	if titleSize == 0 {
		return
	}
	inTitle := make([]bool, len(v.seen))
	for _, id := range v.contentIDs(title, false) {
		inTitle[id] = true
	}
	for k := range cands {
		c := &cands[k]
		shared := 0
		for _, id := range c.content {
			if inTitle[id] {
				shared++
			}
		}
		c.Features[FeatTitle] = float64(shared) / float64(titleSize)
		c.titleRepeat = len(c.content) > 0 && float64(shared) >= titleRepeatShare*float64(len(c.content))
	}
}

// setCentrality sets the cosine between a span's content words (binary) and
// the document's word frequencies over spans, leaving the span itself out
// so a long span does not vote for itself.
func setCentrality(cands []Candidate, v *vocabulary) {
	sumSquares := 0.0
	for _, tf := range v.tf {
		sumSquares += tf * tf
	}
	for k := range cands {
		c := &cands[k]
		if len(c.content) == 0 {
			continue
		}
		// Removing the span's own words (tf -> tf-1) lowers the squared
		// norm by 2tf-1 for each of them.
		dot, norm := 0.0, sumSquares
		for _, id := range c.content {
			tf := v.tf[id]
			dot += tf - 1
			norm -= 2*tf - 1
		}
		if norm > 0 {
			c.Features[FeatCentrality] = dot / (math.Sqrt(norm) * math.Sqrt(float64(len(c.content))))
		}
	}
}

func countDistinctContent(s string) int {
	seen := map[string]bool{}
	forEachWord(s, func(w string) {
		if w = strings.ToLower(w); len(w) >= 2 && !stopwords[w] {
			seen[w] = true
		}
	})
	return len(seen)
}

// Limits bound a summary by what a reader of a card wants, beyond the
// ranking: its length and how much a sentence must share with the article.
type Limits struct {
	// WordsPerSentence caps the summary at this many words per sentence
	// asked for: picks are added while the total fits, and the first pick
	// always stands. 0 means no cap.
	WordsPerSentence int
	// MinCentrality skips sentences whose centrality (FeatCentrality) is
	// below this share of the median real sentence's: a hook or an aside
	// that shares far fewer words with the rest of the article than its
	// sentences usually do. Relative, because centrality runs lower in a
	// short article, where words repeat less. 0 skips none.
	MinCentrality float64
}

// SelectWith ranks cands by w and picks up to n (DefaultN when n <= 0)
// within lim, skipping fragments, restated headlines and near-duplicates of
// a span already chosen; the result is in text order.
func SelectWith(w Weights, lim Limits, cands []Candidate, n int) []sentence.Sentence {
	if n <= 0 {
		n = DefaultN
	}
	p := picker{cands: cands, n: n, budget: lim.WordsPerSentence * n}
	// A sentence opening with "He added…" or "This comes after…" is unreadable
	// on a card without the sentence before it, so it waits until that one is chosen
	// and is used only to fill up when nothing else is left.
	var dangling []int
	for _, k := range ranked(w, lim, cands) {
		if p.done() {
			break
		}
		if repeats(&cands[k], cands, p.chosen) {
			continue
		}
		// A sentence opening with a quotation is the speaker's words, which
		// the card shows as a quote; the summary says what happened.
		if cands[k].Features[FeatQuote] == 1 || cands[k].aside || (cands[k].dangling && (k == 0 || !slices.Contains(p.chosen, k-1))) {
			dangling = append(dangling, k)
			continue
		}
		p.add(k)
	}
	for _, k := range dangling {
		if p.done() {
			break
		}
		if !repeats(&cands[k], cands, p.chosen) {
			p.add(k)
		}
	}
	slices.Sort(p.chosen)
	out := make([]sentence.Sentence, len(p.chosen))
	for i, k := range p.chosen {
		out[i] = cands[k].Sentence
	}
	return out
}

// ranked returns the indexes of the spans that may be chosen, best first
// under w.
func ranked(w Weights, lim Limits, cands []Candidate) []int {
	order := make([]int, 0, len(cands))
	scores := make([]float64, len(cands))
	for k := range cands {
		c := &cands[k]
		if c.words < minWords || c.words > maxWords || c.titleRepeat || !c.sentence {
			continue
		}
		scores[k] = c.Score(w)
		order = append(order, k)
	}
	// The summary starts where the news does: past opening hooks, unless
	// the whole text speaks to the reader (a guide, a how-to).
	if i := slices.IndexFunc(order, func(k int) bool { return !cands[k].hook }); i > 0 {
		order = order[i:]
	}
	var offTopic []int
	if lim.MinCentrality > 0 && len(order) > 0 {
		order, offTopic = central(cands, order, lim.MinCentrality)
	}
	byScore := func(a, b int) int {
		switch {
		case scores[a] > scores[b]:
			return -1
		case scores[a] < scores[b]:
			return 1
		}
		return a - b
	}
	slices.SortStableFunc(order, byScore)
	slices.SortStableFunc(offTopic, byScore)
	// Off-topic sentences still beat a quotation or a dangling "He said"
	// when a short article has too few central ones to fill the card.
	return append(order, offTopic...)
}

// central splits order into the spans whose centrality is at least share
// of the median's and the others, each in order. Centrality counts content
// words by an English stopword list; in other languages it counts function
// words too and tells little, so there all spans are kept. English news
// text has a third or more function words, German or French under a tenth.
func central(cands []Candidate, order []int, share float64) (kept, off []int) {
	cs := make([]float64, len(order))
	tokens, function := 0, 0
	for i, k := range order {
		cs[i] = cands[k].Features[FeatCentrality]
		tokens += cands[k].tokens
		function += cands[k].function
	}
	if function*5 < tokens {
		return order, nil
	}
	slices.Sort(cs)
	floor := share * cs[len(cs)/2]
	for _, k := range order {
		if cands[k].Features[FeatCentrality] >= floor {
			kept = append(kept, k)
		} else {
			off = append(off, k)
		}
	}
	return kept, off
}

// picker collects picks up to n spans and, when budget > 0, up to budget
// words: the first span that does not fit ends the summary, so a long
// sentence is never traded for a later, weaker one.
type picker struct {
	cands  []Candidate
	chosen []int
	n      int
	budget int
	words  int
	full   bool
}

func (p *picker) done() bool { return p.full || len(p.chosen) == p.n }

func (p *picker) add(k int) {
	w := p.cands[k].words
	if p.budget > 0 && len(p.chosen) > 0 && p.words+w > p.budget {
		p.full = true
		return
	}
	p.chosen = append(p.chosen, k)
	p.words += w
}

// repeats reports whether c restates a chosen span or overlaps it in the
// text (two pieces of one sentence are fine; the same bytes twice are not).
func repeats(c *Candidate, cands []Candidate, chosen []int) bool {
	for _, k := range chosen {
		o := &cands[k]
		if c.Start < o.End && o.Start < c.End {
			return true
		}
		small, large := c.content, o.content
		if len(small) > len(large) {
			small, large = large, small
		}
		if len(small) == 0 {
			continue
		}
		shared := 0
		for _, a := range small {
			if slices.Contains(large, a) {
				shared++
			}
		}
		if float64(shared) > maxContainment*float64(len(small)) {
			return true
		}
	}
	return false
}

// readerWords address the reader. "We" is left out: on real pages it is
// more often a company or a blog speaking for itself ("We are thrilled to
// welcome ...") than a hook, and its lede is the news.
var readerWords = map[string]bool{
	"you": true, "your": true, "you're": true, "you'd": true, "you'll": true, "you've": true,
}

// addressesReader reports whether s has a reader word outside quotation
// marks; inside them it is a speaker's. An apostrophe between letters is
// part of a word, not a quote mark.
func addressesReader(s string) bool {
	quoted := false
	start := -1
	prev := rune(0)
	check := func(end int) bool {
		found := start >= 0 && !quoted && isReaderWord(s[start:end])
		start = -1
		return found
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		switch {
		case (r == '\'' || r == '’') && unicode.IsLetter(prev) && unicode.IsLetter(next):
			// in-word apostrophe: "we're", "O'Neill"
		case unicode.IsLetter(r):
			if start < 0 {
				start = i
			}
		default:
			if check(i) {
				return true
			}
			if isQuoteRune(r) || r == '”' || r == '’' {
				quoted = !quoted
			}
		}
		prev = r
		i += size
	}
	return check(len(s))
}

// isReaderWord reports whether w is one of readerWords, in lower case or
// capitalised, with a straight or curly apostrophe, without allocating: it
// runs on every word of an article. "US" in capitals is the country.
func isReaderWord(w string) bool {
	var buf [8]byte
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case strings.HasPrefix(w[i:], "’"):
			c = '\''
			i += len("’") - 1
		case c >= 'A' && c <= 'Z' && i > 0:
			return false
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 0x80:
			return false
		}
		if n == len(buf) {
			return false
		}
		buf[n] = c
		n++
	}
	return readerWords[string(buf[:n])]
}

// entityShare is the share of words after the first that look like names or
// figures: capitalised, or containing a digit.
func entityShare(words []string) float64 {
	if len(words) < 2 {
		return 0
	}
	n := 0
	for _, w := range words[1:] {
		w = strings.TrimLeft(w, "\"'‘“(")
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || strings.ContainsAny(w, "0123456789") {
			n++
		}
	}
	return float64(n) / float64(len(words)-1)
}

// anaphors start sentences about someone or something named only in the
// sentence before; on a card without it, the reader cannot tell who or what
// ("This comes after police said …" opened a real card). Connectives ("But",
// "However") are left out: "But Britt McHenry … has been suspended" names
// its subject and reads alone.
var anaphors = map[string]bool{
	"He": true, "She": true, "They": true, "His": true, "Her": true, "Their": true,
	"It": true, "Its": true, "This": true, "That": true, "These": true, "Those": true,
}

// pointsBack reports a sentence opening with an anaphor, alone or after a
// connective ("And it is a keen reminder …", "But he said …"), that does
// not point at the calendar or a picture.
func pointsBack(words []string) bool {
	if len(words) == 0 {
		return false
	}
	first := strings.Trim(words[0], ",")
	if len(words) > 2 && connectives[first] {
		words = words[1:]
		r, n := utf8.DecodeRuneInString(words[0])
		first = string(unicode.ToUpper(r)) + strings.Trim(words[0][n:], ",")
	}
	return anaphors[uncontracted(first)] && !pointsOutsideText(words)
}

// connectives join a sentence to the one before without naming anything.
var connectives = map[string]bool{"And": true, "But": true, "Yet": true, "So": true, "Or": true, "Still": true}

// uncontracted strips a contraction from an opening word: "That's where
// code coverage helps" and "She's been living in New York" point back as
// "That" and "She" do. "It's" stays whole: it is mostly the empty subject
// of a cleft or a time span ("It's not just UV rays that …", "It's been a
// year since …"), which reads alone.
func uncontracted(w string) string {
	for _, suffix := range []string{"'s", "’s", "'re", "’re", "'ll", "’ll", "'d", "’d"} {
		if base, ok := strings.CutSuffix(w, suffix); ok && base != "It" {
			return base
		}
	}
	return w
}

// timeWords after "This" or "That" point at the calendar, not at the
// sentence before: "This week the council voted …" is a lede that reads
// alone.
var timeWords = map[string]bool{
	"morning": true, "afternoon": true, "evening": true, "night": true, "day": true, "week": true,
	"weekend": true, "month": true, "year": true, "season": true, "spring": true, "summer": true,
	"autumn": true, "fall": true, "winter": true, "time": true, "Monday": true, "Tuesday": true,
	"Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true, "Sunday": true,
	"weeks": true, "months": true, "years": true,
}

// pointsOutsideText reports a sentence whose opening "This" or "That"
// points at the calendar ("This week …") or at a picture ("This is the
// moment …") rather than at the sentence before.
func pointsOutsideText(words []string) bool {
	return len(words) > 1 && timeWords[strings.Trim(words[1], ",")] || presentsPicture(words)
}

// presentsPicture reports the picture desk's lede "This is the moment a
// paedophile was caught …" or "These are the pictures …": "this" points at
// the photo or video the story is built on, not at a sentence before, and
// the rest of the sentence tells the news in full.
func presentsPicture(words []string) bool {
	if len(words) < 4 {
		return false
	}
	switch words[0] + " " + words[1] {
	case "This is", "These are", "This was", "These were":
	default:
		return false
	}
	if words[2] != "the" {
		return false
	}
	noun := words[3]
	if len(words) > 4 && !pictureNouns[noun] {
		noun = words[4] // "the shocking moment", "the dramatic footage"
	}
	return pictureNouns[strings.Trim(noun, ",")]
}

// pictureNouns name what a picture lede presents.
var pictureNouns = map[string]bool{
	"moment": true, "moments": true, "footage": true, "video": true, "picture": true, "pictures": true,
	"image": true, "images": true, "photo": true, "photos": true, "photograph": true, "photographs": true,
	"scene": true, "scenes": true,
}

// contextOpeners start sentences that lean on the one before.
var contextOpeners = map[string]bool{
	"He": true, "She": true, "It": true, "They": true, "His": true, "Her": true,
	"Its": true, "Their": true, "This": true, "That": true, "These": true, "Those": true,
	"But": true, "And": true, "However": true, "Also": true, "So": true, "Yet": true,
	"Or": true, "Then": true, "There": true, "We": true, "I": true,
}

var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for w := range strings.FieldsSeq(`a about above after again against all also am an and any are as at be
	because been before being below between both but by can could did do does doing down during each few
	for from further had has have having he her here hers herself him himself his how if in into is it its
	itself just me more most my myself no nor not now of off on once only or other our ours ourselves out
	over own said same says she should so some such than that the their theirs them themselves then there
	these they this those through to too under until up very was we were what when where which while who
	whom why will with would you your yours yourself yourselves one two new last first year years told
	after us mr mrs ms per cent s t don didn isn wasn can't won`) {
		m[w] = true
	}
	return m
}()

// isQuestion reports a span ending in a question mark, perhaps inside
// closing quotes or brackets. A question quoted at the end of a statement
// ("… posted to Twitter asking if there were “any un-angry supporters?”")
// is reported speech: the sentence tells, it does not ask.
func isQuestion(span string) bool {
	body := strings.TrimRight(span, ` "'”’)]`)
	if !strings.HasSuffix(body, "?") {
		return false
	}
	closing := span[len(body):]
	if !strings.ContainsAny(closing, `"”`) {
		return true
	}
	open := max(strings.LastIndex(body, "“"), strings.LastIndex(body, `"`))
	return open <= 0 || strings.TrimSpace(body[:open]) == ""
}

// markQuotationPieces marks as asides the spans that lie in a quotation of
// several sentences: one that opens a quotation it does not close, closes
// one it did not open, or stands wholly inside one ("All of my thoughts
// became musical." between "“I felt strange …" and "… mode.”"). Only curly
// marks tell an opening from a closing one; a line break ends any
// quotation, so a stray mark costs at most its paragraph. A straight double
// mark cannot tell which, so a span with an odd number of them is counted
// an end of such a quotation ("Makes my skin crawl even being here.\"");
// straight single marks are left alone, being apostrophes as often.
func markQuotationPieces(text string, cands []Candidate) {
	depth, at := 0, 0
	for k := range cands {
		c := &cands[k]
		if c.Start < at {
			continue // pieces of one sentence overlap nothing, but be safe
		}
		depth = quoteDepth(text[at:c.Start], depth)
		opened := depth > 0
		inner := 0
		closedUnopened := false
		for _, r := range c.Text {
			switch r {
			case '“':
				inner++
			case '”':
				if inner == 0 {
					closedUnopened = true
				} else {
					inner--
				}
			}
		}
		depth = quoteDepth(c.Text, depth)
		if opened || closedUnopened || inner > 0 || strings.Count(c.Text, `"`)%2 == 1 {
			c.aside = true
		}
		at = c.End
	}
}

// quoteDepth returns the quotation depth after s, starting from depth: “
// opens, ” closes, a line break ends all.
func quoteDepth(s string, depth int) int {
	for _, r := range s {
		switch r {
		case '“':
			depth++
		case '”':
			depth = max(0, depth-1)
		case '\n':
			depth = 0
		}
	}
	return depth
}
