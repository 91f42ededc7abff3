package article

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
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
	// around it (as markupModel counts them, 512 at most). 5 MiB of 400
	// nested <div>s over and over took 2.2 s to parse; a real page of
	// 16,000 tokens stays below it even with every one of them 512 deep.
	maxDepths = 8 << 20
	// maxClones bounds the formatting elements the parser opens again
	// after an end tag closed them (see markupModel): 250 unclosed <b>s
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

// cutMarkup is page up to where the parser's work would pass a cap: its
// maxTokens-th token (tags, text runs, comments), or the token that would
// make it clone more than maxClones formatting elements or take the depths
// it works at past maxDepths.
func cutMarkup(page string) string {
	z := html.NewTokenizer(strings.NewReader(page))
	var m markupModel
	off := 0
	for range maxTokens {
		tt := z.Next()
		if tt == html.ErrorToken {
			return page
		}
		if m.add(z, tt); m.clones > maxClones || m.depths > maxDepths {
			break
		}
		off += len(z.Raw())
	}
	return page[:off]
}

// markupModel follows the parser's stack of open elements well enough to
// count the formatting elements (<b>, <a>, <font>, …) it clones. An end tag
// that closes an element, or a start tag that implies its end (a <li> the
// previous one), closes the elements opened inside it, but the formatting
// ones among them stay active: the parser opens a copy of each again before
// the next text or inline start tag. So "<div><b id=1>…<b id=250></div>"
// followed by "<div>x</div>" over and over makes 250 elements of every 12
// bytes: 1.5 GB and 10 s within the token cap, 4 GB and out of memory in a
// page of 5 MiB. Where the standard's rules are subtle the model errs on the
// side of more clones, which only markup far from any real page notices.
type markupModel struct {
	open    []string // names of the open elements, innermost last
	orphans []string // formatting elements closed by another element's end tag
	clones  int
	depths  int // the number of open elements, summed over the tokens
}

// add follows one token.
func (m *markupModel) add(z *html.Tokenizer, tt html.TokenType) {
	switch tt {
	case html.TextToken:
		m.reopen()
	case html.StartTagToken, html.SelfClosingTagToken:
		name, _ := z.TagName()
		m.closeImplied(string(name))
		if !blockElements[string(name)] {
			m.reopen()
		}
		if tt == html.StartTagToken && !voidElements[string(name)] {
			m.push(string(name))
		}
	case html.EndTagToken:
		name, _ := z.TagName()
		m.close(string(name))
	}
	m.depths += len(m.open)
}

// reopen opens a copy of each formatting element closed by another
// element's end tag, as the parser does before text and inline elements.
func (m *markupModel) reopen() {
	m.clones += len(m.orphans)
	m.push(m.orphans...)
	m.orphans = m.orphans[:0]
}

// push opens elements; past the parser's own limit of 512 open elements,
// where it stops parsing, the model stops counting them.
func (m *markupModel) push(names ...string) {
	m.open = append(m.open, names[:min(len(names), max(0, 512-len(m.open)))]...)
}

// closeImplied follows the elements a start tag of name closes without an
// end tag: a list item the previous one, a definition the previous term or
// definition, a block an open paragraph. It looks further than the
// standard's scopes do: closing more counts more clones, never fewer.
func (m *markupModel) closeImplied(name string) {
	switch name {
	case "li":
		m.closeWithin("li", "", "ul", "ol")
	case "dd", "dt":
		m.closeWithin("dd", "dt", "dl", "")
	}
	if blockElements[name] {
		m.closeWithin("p", "", "table", "button")
	}
}

// closeWithin closes the innermost open element named a or b, unless an
// element named stop1 or stop2 is open inside it.
func (m *markupModel) closeWithin(a, b, stop1, stop2 string) {
	for i := len(m.open) - 1; i >= 0; i-- {
		switch m.open[i] {
		case a, b:
			m.closeAt(i)
			return
		case stop1, stop2:
			return
		}
	}
}

// closeAt closes the open element at i and those inside it; the
// formatting ones among them stay active.
func (m *markupModel) closeAt(i int) {
	for _, inner := range m.open[i+1:] {
		if formattingElements[inner] {
			m.orphans = append(m.orphans, inner)
		}
	}
	m.open = m.open[:i]
}

// close follows the end tag of name: an open element of that name closes
// with everything inside it; a formatting element closes alone, the others
// inside it staying open, as the parser's adoption agency leaves them.
func (m *markupModel) close(name string) {
	for i := len(m.open) - 1; i >= 0; i-- {
		if m.open[i] != name {
			continue
		}
		if formattingElements[name] {
			m.open = append(m.open[:i], m.open[i+1:]...)
		} else {
			m.closeAt(i)
		}
		return
	}
	for i := len(m.orphans) - 1; i >= 0; i-- {
		if m.orphans[i] == name {
			m.orphans = append(m.orphans[:i], m.orphans[i+1:]...)
			return
		}
	}
}

// formattingElements are the elements the HTML parser reopens after an
// end tag closed them implicitly.
var formattingElements = map[string]bool{
	"a": true, "b": true, "big": true, "code": true, "em": true, "font": true, "i": true, "nobr": true,
	"s": true, "small": true, "strike": true, "strong": true, "tt": true, "u": true,
}

// blockElements are those whose start tag does not make the parser reopen
// formatting elements (the HTML standard's "in body" rules).
var blockElements = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "center": true, "details": true,
	"dialog": true, "dir": true, "div": true, "dl": true, "fieldset": true, "figcaption": true, "figure": true,
	"footer": true, "header": true, "hgroup": true, "main": true, "menu": true, "nav": true, "ol": true,
	"p": true, "search": true, "section": true, "summary": true, "ul": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "pre": true, "listing": true, "form": true, "li": true,
	"dd": true, "dt": true, "plaintext": true, "table": true, "hr": true, "html": true, "body": true,
	"head": true, "base": true, "link": true, "meta": true, "script": true, "style": true, "template": true,
	"title": true, "frameset": true, "caption": true, "col": true, "colgroup": true, "frame": true,
	"tbody": true, "td": true, "tfoot": true, "th": true, "thead": true, "tr": true, "iframe": true,
	"noembed": true, "noscript": true, "textarea": true, "rb": true, "rp": true, "rt": true, "rtc": true,
}

// voidElements have no end tag and hold nothing.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
	"param": true, "keygen": true,
}

// boundPage cuts doc in document order where a cap is first reached, as a
// page too long to read is cut at a byte limit: everything after that point
// is removed, and a text node that crosses it is cut at a rune boundary.
// It reports whether it cut anything.
func boundPage(doc *html.Node) bool {
	b := pageBound{}
	b.walk(doc, 1)
	return b.cut
}

// pageBound is what boundPage has counted so far.
type pageBound struct {
	elements, text, attrs, weight int
	cut                           bool
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
