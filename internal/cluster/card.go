package cluster

import (
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/digestbot/digestbot/digest"
)

// Version is what choosing a group's best article needs to know of each
// member.
type Version struct {
	// TextLen is the length of the extracted article text in runes; 0
	// when the page could not be read.
	TextLen   int
	Published time.Time
}

// asComplete is how close to the longest text another text must be to count
// as complete: a tenth shorter is the same story told with less padding.
const asComplete = 0.9

// Best returns the index of the version a card should show: the most
// complete article, or the earliest of those nearly as complete (the outlet
// that had it first). Ties keep the lower index. It returns -1 for none.
func Best(versions []Version) int {
	longest := 0
	for _, v := range versions {
		longest = max(longest, v.TextLen)
	}
	best := -1
	for i, v := range versions {
		if float64(v.TextLen) < asComplete*float64(longest) {
			continue
		}
		if best < 0 || earlier(v.Published, versions[best].Published) {
			best = i
		}
	}
	return best
}

// earlier orders times with unknown (zero) times last.
func earlier(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return !a.IsZero() && b.IsZero()
	}
	return a.Before(b)
}

// MergeActors joins the actors of a group's articles: one entry per kind and
// name, whatever its case (spelled as the first article wrote it), with mentions
// summed, ordered by how many articles name it, then by mentions, then by
// name. A lone surname ("Kovac") joins the one full name of that kind that
// ends with it ("Elena Kovac"). Spans are offsets into one article's text,
// so merged actors carry none.
func MergeActors(perArticle [][]digest.Actor) []digest.Actor {
	var out []*merged
	index := make(map[string]*merged)
	for _, actors := range perArticle {
		seen := make(map[*merged]bool)
		for _, a := range actors {
			key := a.Kind + "\x00" + foldName(a.Name)
			m := index[key]
			if m == nil {
				m = &merged{actor: digest.Actor{Name: a.Name, Kind: a.Kind}}
				index[key] = m
				out = append(out, m)
			}
			m.actor.Mentions += a.Mentions
			if !seen[m] {
				seen[m] = true
				m.articles++
			}
		}
	}
	out = joinSurnames(out)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.articles != b.articles {
			return a.articles > b.articles
		}
		if a.actor.Mentions != b.actor.Mentions {
			return a.actor.Mentions > b.actor.Mentions
		}
		return a.actor.Name < b.actor.Name
	})
	res := make([]digest.Actor, len(out))
	for i, m := range out {
		res[i] = m.actor
	}
	return res
}

// merged is an actor of a group with the number of articles naming it.
type merged struct {
	actor    digest.Actor
	articles int
}

// joinSurnames folds each one-word person name into the single longer
// person name that ends with it, and drops it from the list; with two
// candidates ("Anna Kovac", "Elena Kovac") it cannot tell and keeps it.
func joinSurnames(list []*merged) []*merged {
	var out []*merged
	for i, x := range list {
		if x.actor.Kind != "person" || strings.Contains(strings.TrimSpace(x.actor.Name), " ") {
			out = append(out, x)
			continue
		}
		suffix := " " + foldName(x.actor.Name)
		target := -1
		for j, y := range list {
			if j == i || y.actor.Kind != "person" || !strings.HasSuffix(foldName(y.actor.Name), suffix) {
				continue
			}
			if target >= 0 {
				target = -2
				break
			}
			target = j
		}
		if target < 0 {
			out = append(out, x)
			continue
		}
		list[target].actor.Mentions += x.actor.Mentions
		list[target].articles += x.articles
	}
	return out
}

// SourcedQuote is a quote verbatim from one article of a group.
type SourcedQuote struct {
	digest.Quote
	// Article is the index of the article it comes from, in the order
	// MergeQuotes was given them.
	Article int
}

// minQuoteKey is the shortest normalised quote that can stand for a longer
// one: below it, containment is chance ("we will").
const minQuoteKey = 20

// MergeQuotes gathers the quotes of a group's articles, best article first,
// without repeats: outlets that carry one agency quote differ in quote
// marks, case, punctuation and how much of it they print, so two quotes are
// one when their normalised texts are equal or one contains the other. The
// version kept is the first met, unless a later one names a speaker it
// lacks. Each quote stays verbatim from its own article.
func MergeQuotes(perArticle [][]digest.Quote) []SourcedQuote {
	var out []SourcedQuote
	var keys []string
	for a, quotes := range perArticle {
		for _, q := range quotes {
			key := quoteKey(q.Text)
			if key == "" {
				continue
			}
			dup := -1
			for k, seen := range keys {
				if key == seen || (len(key) >= minQuoteKey && len(seen) >= minQuoteKey &&
					(strings.Contains(seen, key) || strings.Contains(key, seen))) {
					dup = k
					break
				}
			}
			switch {
			case dup < 0:
				out = append(out, SourcedQuote{Quote: q, Article: a})
				keys = append(keys, key)
			case out[dup].Speaker == "" && q.Speaker != "":
				out[dup] = SourcedQuote{Quote: q, Article: a}
				keys[dup] = key
			}
		}
	}
	return out
}

// quoteKey normalises a quote for comparison: lowercase letters and digits,
// single spaces between words.
func quoteKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		} else if !isApostrophe(r) {
			space = true
		}
	}
	return b.String()
}

// foldName compares names ignoring case and spacing.
func foldName(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
