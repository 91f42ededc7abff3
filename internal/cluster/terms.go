package cluster

import (
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Signal strengths, set by what each signal means rather than fitted; the
// ablations in docs/EVAL.md show what each one adds.
const (
	// leadWords bounds how much of an article's text is read: a lead of a
	// few sentences.
	leadWords = 60
	// auxWeight is a word's weight when it comes only from the lead or the
	// URL slug: those fields are longer and less focused than the title.
	auxWeight = 0.5
	// priorDocs damps the batch's document frequencies as if the batch
	// held this many more items without the word: one day of news is a
	// small sample, and a digest of ten items is tiny, so a word is not
	// taken as common or rare on a handful of sightings.
	priorDocs = 5000

	// maxTitleRunes and maxTerms bound the work one hostile item can cause.
	maxTitleRunes = 1000
	maxTerms      = 200
)

// doc is an item's vector: term ids in increasing order with unit-norm
// weights, and what the constraints need.
type doc struct {
	terms     []int32
	weights   []float64
	publisher string
	published time.Time
	canonical string
}

// vectorize turns items into unit TF-IDF vectors over a shared vocabulary.
// A word's weight is its field's weight (title 1, lead or slug auxWeight)
// times its inverse document frequency in the batch.
func vectorize(items []Item) []doc {
	vocab := make(map[string]int32)
	perItem := make([]map[int32]float64, len(items))
	var df []int
	for i, it := range items {
		m := make(map[int32]float64)
		for w, field := range itemTerms(it) {
			id, ok := vocab[w]
			if !ok {
				id = int32(len(df))
				vocab[w] = id
				df = append(df, 0)
			}
			df[id]++
			m[id] = field
		}
		perItem[i] = m
	}
	n := float64(len(items)) + priorDocs
	docs := make([]doc, len(items))
	for i, it := range items {
		d := doc{publisher: publisherKey(it), published: it.Published, canonical: canonicalKey(it.Canonical)}
		for id := range perItem[i] {
			d.terms = append(d.terms, id)
		}
		slices.Sort(d.terms)
		var norm float64
		d.weights = make([]float64, len(d.terms))
		for k, id := range d.terms {
			w := perItem[i][id] * math.Log(1+n/float64(df[id]))
			d.weights[k] = w
			norm += w * w
		}
		for k := range d.weights {
			d.weights[k] /= math.Sqrt(norm) // norm > 0: a term has weight > 0
		}
		docs[i] = d
	}
	return docs
}

// itemTerms collects an item's words from all its fields, each with the
// weight of the strongest field it appears in. An item's own outlet name is
// no clue to its event ("New Jersey Herald - Fast stock trades probed").
func itemTerms(it Item) map[string]float64 {
	terms := make(map[string]float64)
	skip := make(map[string]bool)
	for _, w := range words(it.Publisher) {
		skip[w] = true
	}
	add := func(ws []string, field float64) {
		for _, w := range ws {
			if skip[w] || (len(terms) >= maxTerms && terms[w] == 0) {
				continue
			}
			terms[w] = max(terms[w], field)
		}
	}
	add(words(headline(it.Title)), 1)
	for _, a := range it.Actors {
		add(words(a), 1)
	}
	add(lead(it.Text), auxWeight)
	add(slugWords(it.URL), auxWeight)
	return terms
}

// headline trims a title for reading. Aggregators cut long headlines with
// "...", so the word before the cut may be a fragment and is dropped.
func headline(title string) string {
	t := strings.TrimSpace(truncateRunes(title, maxTitleRunes))
	if strings.HasSuffix(t, "...") || strings.HasSuffix(t, "…") {
		t = strings.TrimRight(t, ".… ")
		if i := strings.LastIndexFunc(t, unicode.IsSpace); i > 0 {
			t = t[:i]
		}
	}
	return t
}

// lead returns the content words among the first leadWords words of text.
func lead(text string) []string {
	tokens := tokenize(truncateRunes(text, leadWords*20))
	if len(tokens) > leadWords {
		tokens = tokens[:leadWords]
	}
	return contentWords(tokens)
}

// words returns the content words of s.
func words(s string) []string {
	return contentWords(tokenize(truncateRunes(s, maxTitleRunes)))
}

func contentWords(tokens []string) []string {
	var out []string
	for _, tk := range tokens {
		if w, ok := normalise(tk); ok {
			out = append(out, w)
		}
	}
	return out
}

// slugWords reads the words a URL's path spells out
// ("/2014/03/18/ny-attorney-general-targets-high-frequency-trading/"):
// sites often put a fuller headline there than in the feed. Segments that
// are not hyphenated phrases (ids, dates, sections) say nothing.
func slugWords(raw string) []string {
	u, err := url.Parse(truncateRunes(raw, 2048))
	if err != nil {
		return nil
	}
	var out []string
	for _, seg := range strings.Split(u.Path, "/") {
		seg = strings.TrimSuffix(strings.TrimSuffix(seg, ".html"), ".htm")
		if strings.Count(seg, "-")+strings.Count(seg, "_") < 2 {
			continue
		}
		for _, w := range words(seg) {
			if !hasDigit(w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// tokenize splits s into words of letters and digits. Apostrophes inside a
// word are dropped with a possessive "s" ("Brown's" is about Brown), and
// dotted abbreviations are joined ("U.S." is "US").
func tokenize(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	r := []rune(s)
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			b.WriteRune(c)
		case isApostrophe(c) && b.Len() > 0 && i+1 < len(r) && unicode.IsLetter(r[i+1]):
			if (r[i+1] == 's' || r[i+1] == 'S') && (i+2 == len(r) || !unicode.IsLetter(r[i+2])) {
				i++ // possessive
			}
		case c == '.' && i+1 < len(r) && unicode.IsUpper(r[i+1]) && b.Len() > 0 && singleUpperRun(r, i):
			// inside "U.S.": keep going
		default:
			flush()
		}
	}
	flush()
	return out
}

// singleUpperRun reports whether the dot at r[i] follows a single capital
// letter that itself starts a word or follows another dot ("U.S").
func singleUpperRun(r []rune, i int) bool {
	if i < 1 || !unicode.IsUpper(r[i-1]) {
		return false
	}
	return i == 1 || !unicode.IsLetter(r[i-2])
}

func isApostrophe(c rune) bool { return c == '\'' || c == '’' }

// normalise lowercases a token, drops function words and strips plural
// endings, so "Talks" and "talk" meet. It returns false for words that
// carry no topic.
func normalise(tk string) (string, bool) {
	w := strings.ToLower(tk)
	if len(w) < 2 || stopword(w) {
		return "", false
	}
	return stem(w), true
}

// stem strips English plural endings only: heavier stemming joins words
// whose news meaning differs ("trading"/"trade").
func stem(w string) string {
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")):
		return w[:n-2]
	case n > 3 && w[n-1] == 's' && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

func hasDigit(w string) bool { return strings.IndexFunc(w, unicode.IsDigit) >= 0 }

func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	count := 0
	for i := range s {
		if count == n {
			return s[:i]
		}
		count++
	}
	return s
}

// publisherKey names an item's outlet so that "Arizona Daily Star (blog)"
// and "Arizona Daily Star" are one outlet; without a publisher, the URL's
// host stands in.
func publisherKey(it Item) string {
	p := it.Publisher
	if i := strings.Index(p, "("); i > 0 {
		p = p[:i]
	}
	p = strings.ToLower(strings.TrimSpace(p))
	if p != "" {
		return p
	}
	if u, err := url.Parse(it.URL); err == nil {
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	return ""
}

// canonicalKey reduces a canonical URL to what identifies the page: host
// without "www.", path without a trailing slash; scheme, query and fragment
// go (tracking parameters differ between the feeds that link one article).
func canonicalKey(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(truncateRunes(strings.TrimSpace(raw), 2048))
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") + strings.TrimRight(u.EscapedPath(), "/")
}
