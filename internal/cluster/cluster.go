// Package cluster groups news items that report the same event, so a digest
// can show one story per event ("reported by 3 outlets") instead of the same
// news five times.
//
// Group is pure and deterministic: items in, groups of indexes out. Per item
// it builds a TF-IDF vector of its title (and lead sentences and actors when
// the article is at hand, and the words of its URL slug), weighted by how
// rare each word is in the batch, so a shared rare word ("Schneiderman")
// counts and a shared common one ("says") hardly does. Candidate pairs come
// from an inverted index over the rarer words, never from all n² pairs. Two
// items from the same publisher are never linked directly (an outlet rarely
// reports one event twice in a day), and no group spans more than the time
// window; items that name the same canonical URL are always one group. Each
// pair's similarity is then blended with how alike the two items'
// neighbourhoods are, and groups form by centroid linkage: the two closest
// groups merge while their centroids' cosine reaches the threshold.
//
// A digest passes the items due (title, site, link, extracted text, actor
// names, canonical URL when known) and gets groups back; for each group, Best
// picks the version the card shows, MergeActors and MergeQuotes gather the
// actors and quotes of all its articles. Nothing here knows the store, the
// feeds or Discord. docs/EVAL.md has the measurements behind each choice.
package cluster

import (
	"sort"
	"time"
)

// Item is one article as clustering sees it. Only Title is needed; every
// other field adds a signal when it is known.
type Item struct {
	ID    string
	Title string
	// Text is the article text when it has been extracted; only its lead
	// (the first leadWords words) is used: it states the event, and the
	// rest of an article drifts into background shared by other stories.
	Text string
	// Actors are the names of the people, organisations and places the
	// article names.
	Actors []string
	// Publisher names the outlet (the feed's site); "" falls back to the
	// URL's host.
	Publisher string
	URL       string
	// Canonical is the page's canonical link or og:url, when known.
	Canonical string
	Published time.Time
}

// Options tune Group; the zero value gives the defaults.
type Options struct {
	// Window is the longest time between two items of one group (48 h).
	// Items without a time are never kept apart by it.
	Window time.Duration
	// Threshold is the mean similarity two groups need to merge (in
	// (0, 1]; DefaultThreshold when 0). Lower merges more.
	Threshold float64
}

// DefaultWindow is the default Options.Window.
const DefaultWindow = 48 * time.Hour

// DefaultThreshold is the default Options.Threshold, chosen by
// cross-validation on the development headlines (see docs/EVAL.md).
const DefaultThreshold = 0.62

func (o Options) withDefaults() Options {
	if o.Window <= 0 {
		o.Window = DefaultWindow
	}
	if o.Threshold <= 0 || o.Threshold > 1 {
		o.Threshold = DefaultThreshold
	}
	return o
}

// Group partitions items into groups about one event each. Every index of
// items is in exactly one group; a group lists its indexes in increasing
// order and groups are ordered by their first index, so equal input gives
// equal output.
func Group(items []Item, opts Options) [][]int {
	opts = opts.withDefaults()
	docs := vectorize(items)
	edges := neighbourhood(len(docs), candidatePairs(docs, opts))
	groups := link(docs, edges, opts)
	for _, g := range groups {
		sort.Ints(g)
	}
	sort.Slice(groups, func(a, b int) bool { return groups[a][0] < groups[b][0] })
	return groups
}
