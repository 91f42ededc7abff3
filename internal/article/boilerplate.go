package article

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Publishers name the boxes they put inside a story after what they are:
// "related-stories", "newsletter-signup", "author-bio", "image-caption",
// "share-tools". Readability drops such boxes only around the story (its
// patterns spare any class that also says "content" or "article"), so
// inside the story they are read as prose. boxWords is that vocabulary,
// matched against whole words of class and id names (split at "-", "_",
// digits and camelCase), so "shared-content" or "tag-politics" (a
// WordPress post's own classes) do not match.
var boxWords = map[string]bool{
	// lists of other stories
	"related": true, "recommended": true, "recommendation": true, "recommendations": true, "recirc": true,
	"trending": true, "outbrain": true, "taboola": true, "promo": true, "promos": true, "promotion": true,
	"promoted": true, "cta": true, "rail": true, "sidebar": true, "tags": true,
	// a table of contents: the page's headings again, as links
	"toc": true,
	// newsletter and subscription prompts
	"newsletter": true, "newsletters": true, "signup": true, "subscribe": true, "subscription": true,
	// share rows and comments ("social" is not here: it also names the
	// embedded posts a story quotes)
	"share": true, "sharing": true, "sharebar": true, "sharethis": true, "addthis": true, "addtoany": true,
	"comments": true, "disqus": true,
	// notes about the author
	"bio": true, "bios": true, "byline": true, "author": true, "authors": true,
	// picture captions, as <figcaption> is
	"caption": true,
	// key-point boxes, a second copy of the story's own points
	"highlights": true,
	// site furniture: notices, pop-ups, trails, adverts ("paywall" is not
	// here: sites wrap the subscribers' part of the story in it)
	"notification": true, "cookie": true, "cookies": true, "consent": true, "modal": true,
	"popup": true, "breadcrumb": true, "breadcrumbs": true, "pagination": true,
	"advert": true, "advertisement": true, "sponsored": true,
}

// maxBoxShare bounds the share of the story's text a named box may hold: a
// box holding more is the story itself, whatever its class says (a site
// wrapping its story in "story-share-container").
const maxBoxShare = 0.5

// boxFilter tells named boilerplate boxes inside a story from the story.
type boxFilter struct {
	root  *html.Node
	runes map[*html.Node]int // text runes under each element, filled on first need
}

// skip reports whether n, an element inside the story, is a named box to
// leave out of the text.
func (f *boxFilter) skip(n *html.Node) bool {
	if n == f.root || !hasBoxName(n) {
		return false
	}
	if f.runes == nil {
		f.runes = make(map[*html.Node]int)
		countRunes(f.root, f.runes)
	}
	return float64(f.runes[n]) <= maxBoxShare*float64(f.runes[f.root])
}

// countRunes fills counts with the text runes under each element below n,
// in one pass over the tree, and returns n's.
func countRunes(n *html.Node, counts map[*html.Node]int) int {
	if n.Type == html.TextNode {
		return utf8.RuneCountInString(n.Data)
	}
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		total += countRunes(c, counts)
	}
	if n.Type == html.ElementNode {
		counts[n] = total
	}
	return total
}

// boxTags and boxRoles are elements and ARIA landmarks that hold what is
// not the story by definition: an <aside> is tangential to the content
// around it, a <footer> holds "who wrote it, links to related documents,
// copyright" (the HTML standard), and the roles mark sidebars, menus, site
// footers and banners, and pop-ups.
var (
	boxTags  = map[string]bool{"aside": true, "footer": true}
	boxRoles = map[string]bool{"complementary": true, "navigation": true, "contentinfo": true, "banner": true,
		"dialog": true, "alertdialog": true, "search": true}
	// boxNameKeys are the attributes that name what an element is: React
	// and component sites name boxes in data attributes as others do in
	// classes (data-test="newsletter-signup").
	boxNameKeys = map[string]bool{"class": true, "id": true, "itemprop": true, "data-component": true,
		"data-module": true, "data-test": true, "data-testid": true, "data-type": true}
)

// hasBoxName reports whether n is a boilerplate box by its tag, its role or
// its names.
func hasBoxName(n *html.Node) bool {
	if boxTags[n.Data] {
		return true
	}
	for _, a := range n.Attr {
		if (a.Key == "role" && boxRoles[strings.ToLower(strings.TrimSpace(a.Val))]) || (boxNameKeys[a.Key] && namesBox(a.Val)) {
			return true
		}
		if a.Key == "class" && screenReaderOnly(a.Val) {
			return true
		}
	}
	return false
}

// stateWords, before a box word, make a name say what an element has or
// lacks, not what it is: "no_caption" marks a story block without a
// caption, "has-sidebar" a layout beside a sidebar.
var stateWords = map[string]bool{"no": true, "has": true, "with": true, "without": true}

// namesBox reports whether a class or id value holds a word of boxWords.
func namesBox(v string) bool {
	start := -1
	var prev rune
	var prevWord string
	for i, r := range v + " " {
		letter := unicode.IsLetter(r)
		// A word ends at a non-letter or where camelCase starts a new one.
		if start >= 0 && (!letter || (unicode.IsUpper(r) && unicode.IsLower(prev))) {
			w := strings.ToLower(v[start:i])
			if (boxWords[w] || hasBoxStem(w)) && !stateWords[prevWord] {
				return true
			}
			start, prevWord = -1, w
		}
		if unicode.IsSpace(r) {
			prevWord = "" // the next class is a name of its own
		}
		if letter && start < 0 {
			start = i
		}
		prev = r
	}
	return false
}

// boxStems start compound names that run a box word into the next one
// ("relatedposts", "newsletterbox"); no word of a story's own markup starts
// with them.
var boxStems = []string{"related", "recommend", "newsletter", "outbrain", "taboola", "disqus"}

func hasBoxStem(w string) bool {
	for _, s := range boxStems {
		if strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

// srOnlyClasses are the common names of text kept off the screen for screen
// readers ("Opens in a new window", "Advertisement", "Skip to content"):
// what a reader of the page does not see is no part of the story.
var srOnlyClasses = []string{"sr-only", "sr_only", "visually-hidden", "visuallyhidden", "screen-reader", "screenreader"}

func screenReaderOnly(class string) bool {
	lower := strings.ToLower(class)
	for _, c := range srOnlyClasses {
		if strings.Contains(lower, c) {
			return true
		}
	}
	return false
}

// linkNotes are what a page tells screen readers about a link, often in an
// element styled off screen by a class we do not know: the reader of the
// page never sees them, and run into the prose they read "saidOpens a new
// window".
var linkNotes = map[string]bool{
	"opens a new window": true, "opens in a new window": true, "opens in new window": true,
	"opens a new tab": true, "opens in a new tab": true, "opens in new tab": true,
	"link opens in a new window": true, "link opens in a new tab": true,
	"external link": true, "link is external": true, "this link is external": true,
}

// linkNote reports a text node that is only such a note, perhaps in
// brackets; prose that mentions a new window is kept.
func linkNote(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) > 40 {
		return false
	}
	s = strings.Trim(s, "()[] ,.-–")
	return linkNotes[strings.ToLower(s)]
}
