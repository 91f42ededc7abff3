package article

import (
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/digestbot/digestbot/internal/markup"
)

// Caps on what the HTML parser and readability are given. A page within the
// byte limit can be built to cost them seconds and gigabytes; the 92 pages of
// the extraction benchmark stay far below every cap (at most 5,433 tokens,
// depths of 57,000, 4 clones, 1,584 elements, 102 KB of text, 130 KB of
// attribute values and a weight of 1.7 M), so no real page is cut.
const (
	// maxTokens bounds the nodes the parser makes of the markup.
	maxTokens = 100_000
	// maxDepths bounds the parser's searches of the open elements, which
	// it makes for most tags: each token weighs the number of elements open
	// around it (as markup.Model counts them, 512 at most). 5 MiB of 400
	// nested <div>s over and over took 2.2 s to parse; a real page of
	// 16,000 tokens stays below it even with every one of them 512 deep.
	maxDepths = 8 << 20
	// maxClones bounds the formatting elements the parser opens again
	// after an end tag closed them (see markup.Model): 250 unclosed <b>s
	// and 5 MiB of "<div>x</div>" took 4 GB before running out of memory.
	maxClones = 20_000
	// maxElements bounds readability's passes over every element: 5 MiB of
	// "a<br>", a million elements, took 3.6 s and 900 MB.
	maxElements = 50_000
	// maxTextBytes is the text readability reads (not scripts or styles),
	// twice the text the digest reads.
	maxTextBytes = 512 << 10
	// maxAttrBytes bounds the attribute values readability matches its
	// patterns against (class and id, mostly): one 5 MiB class took 1 s.
	maxAttrBytes = 512 << 10
	// maxWeight bounds the passes that read all the text under each
	// element (cleaning, link density): each element and each byte of
	// text weighs its depth in the tree. 480 nested <div>s around 1 MiB of
	// text took 8 s, around 5 MiB 35 s.
	maxWeight = 16 << 20
)

// noscriptWork bounds the parser's work on the content of a page's
// <noscript>s, all together: readability parses each as HTML, to find the
// image it holds, so 480 KB of one built as in markup.Model took 5 s and
// 1.7 GB. A real <noscript> holds an image or a tracking pixel.
var noscriptWork = markup.Work{Tokens: 20_000, Depths: 1 << 20, Clones: 1_000}

// cutMarkup is page up to where the parser's work would pass a cap.
func cutMarkup(page string) string {
	kept, _ := markup.Prefix(page, markup.Work{Tokens: maxTokens, Depths: maxDepths, Clones: maxClones})
	return kept
}

// boundPage cuts doc in document order where a cap is first reached, as a
// page too long to read is cut at a byte limit: everything after that point
// is removed, and a text node that crosses it is cut at a rune boundary.
// It reports whether it cut anything.
func boundPage(doc *html.Node) bool {
	b := pageBound{}
	b.walk(doc, 1)
	return b.cut || b.cutNoscript
}

// pageBound is what boundPage has counted so far.
type pageBound struct {
	elements, text, attrs, weight int
	noscript                      markup.Work
	cut, cutNoscript              bool
}

func (b *pageBound) walk(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil && !b.cut; c = c.NextSibling {
		switch c.Type {
		case html.ElementNode:
			b.elements++
			b.weight += depth
			for _, a := range c.Attr {
				b.attrs += len(a.Val)
			}
			if b.elements > maxElements || b.weight > maxWeight || b.attrs > maxAttrBytes {
				cutFrom(c, false)
				b.cut = true
				return
			}
			b.walk(c, depth+1)
		case html.TextNode:
			if !holdsText(n) {
				continue
			}
			if n.Type == html.ElementNode && n.Data == "noscript" {
				b.boundNoscript(c)
			}
			allowed := min(maxTextBytes-b.text, (maxWeight-b.weight)/depth)
			if len(c.Data) > allowed {
				cut := max(allowed, 0)
				for cut > 0 && !utf8.RuneStart(c.Data[cut]) {
					cut--
				}
				c.Data = c.Data[:cut]
				cutFrom(c, true)
				b.cut = true
				return
			}
			b.text += len(c.Data)
			b.weight += len(c.Data) * depth
		}
	}
}

// boundNoscript cuts the content of a <noscript>, text the parser read
// raw, where it would take the parser's work on all of them past
// noscriptWork; past that, a <noscript> is left empty.
func (b *pageBound) boundNoscript(c *html.Node) {
	left := markup.Work{
		Tokens: noscriptWork.Tokens - b.noscript.Tokens,
		Depths: noscriptWork.Depths - b.noscript.Depths,
		Clones: noscriptWork.Clones - b.noscript.Clones,
	}
	if left.Tokens <= 0 || left.Depths <= 0 || left.Clones <= 0 {
		b.cutNoscript = b.cutNoscript || c.Data != ""
		c.Data = ""
		return
	}
	kept, done := markup.Prefix(c.Data, left)
	b.cutNoscript = b.cutNoscript || len(kept) < len(c.Data)
	c.Data = kept
	b.noscript.Tokens += done.Tokens
	b.noscript.Depths += done.Depths
	b.noscript.Clones += done.Clones
}

// holdsText reports whether readability reads the text in n: it drops
// scripts and styles before its passes (a page's inline scripts can be
// megabytes of JSON), but parses what a <noscript> holds as HTML, looking
// for an image, and reads a <template> as any other element.
func holdsText(n *html.Node) bool {
	return n.Type != html.ElementNode || n.Data != "script" && n.Data != "style"
}

// cutFrom removes everything after n in document order, and n itself
// unless keep.
func cutFrom(n *html.Node, keep bool) {
	for a := n; a.Parent != nil; a = a.Parent {
		for s := a.NextSibling; s != nil; {
			next := s.NextSibling
			a.Parent.RemoveChild(s)
			s = next
		}
	}
	if !keep {
		n.Parent.RemoveChild(n)
	}
}
