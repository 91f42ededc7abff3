// Package markup tells what the HTML parser (golang.org/x/net/html) will
// make of a page before it parses it, so that a page built to make the
// parser work for seconds or copy elements by the million can be cut or
// refused first. It reads tokens, the cheap part of parsing, and follows the
// parser's stack of open elements just well enough to count the work.
package markup

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// Work is what the parser does with a page, as Model counts it; as a
// limit, a zero field is no limit.
type Work struct {
	Tokens int // tags, text runs, comments
	Depths int // Model.Depths
	Clones int // Model.Clones
}

// Prefix returns page up to the token that would take the parser's work
// past limit, and the work of what it returns.
func Prefix(page string, limit Work) (string, Work) {
	z := html.NewTokenizer(strings.NewReader(page))
	var m Model
	var done Work
	off := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return page, done
		}
		name, _ := z.TagName()
		m.Add(tt, string(name))
		next := Work{Tokens: done.Tokens + 1, Depths: m.Depths, Clones: m.Clones}
		if over(next.Tokens, limit.Tokens) || over(next.Depths, limit.Depths) || over(next.Clones, limit.Clones) {
			return page[:off], done
		}
		done = next
		off += len(z.Raw())
	}
}

func over(n, limit int) bool { return limit > 0 && n > limit }

// Model follows the HTML parser's stack of open elements well enough to
// count the formatting elements (<b>, <a>, <font>, …) it clones. An end tag
// that closes an element, or a start tag that implies its end (a <li> the
// previous one), closes the elements opened inside it, but the formatting
// ones among them stay active: the parser opens a copy of each again before
// the next text or inline start tag. So "<div><b id=1>…<b id=250></div>"
// followed by "<div>x</div>" over and over makes 250 elements of every 12
// bytes: a page of 5 MiB took 4 GB before it ran out of memory. Where the
// standard's rules are subtle the model errs on the side of more clones,
// which only markup far from any real page notices.
type Model struct {
	open    []string // names of the open elements, innermost last
	orphans []string // formatting elements closed by another element's end tag
	// Clones counts the formatting elements opened again so far.
	Clones int
	// Depths sums, over the tokens so far, the number of elements open
	// around each (512 at most, the parser's own limit): the parser
	// searches them for most tags.
	Depths int
}

// Add follows one token of type tt; name is a tag's lower-case name.
func (m *Model) Add(tt html.TokenType, name string) {
	switch tt {
	case html.TextToken:
		m.reopen()
	case html.StartTagToken, html.SelfClosingTagToken:
		m.closeImplied(name)
		if !blockElements[name] {
			m.reopen()
		}
		if tt == html.StartTagToken && !voidElements[name] {
			m.push(name)
		}
	case html.EndTagToken:
		m.close(name)
	}
	m.Depths += len(m.open)
}

// reopen opens a copy of each formatting element closed by another
// element's end tag, as the parser does before text and inline elements.
func (m *Model) reopen() {
	m.Clones += len(m.orphans)
	m.push(m.orphans...)
	m.orphans = m.orphans[:0]
}

// push opens elements; past the parser's own limit of 512 open elements,
// where it stops parsing, the model stops counting them.
func (m *Model) push(names ...string) {
	m.open = append(m.open, names[:min(len(names), max(0, 512-len(m.open)))]...)
}

// closeImplied follows the elements a start tag of name closes without an
// end tag: a list item the previous one, a definition the previous term or
// definition, a block an open paragraph. It looks further than the
// standard's scopes do: closing more counts more clones, never fewer.
func (m *Model) closeImplied(name string) {
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
func (m *Model) closeWithin(a, b, stop1, stop2 string) {
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
func (m *Model) closeAt(i int) {
	for _, inner := range m.open[i+1:] {
		if formattingElements[inner] {
			m.orphans = append(m.orphans, inner)
		}
	}
	m.open = m.open[:i]
}

// close follows the end tag of name: the innermost open element of that
// name closes, and so do those inside it. For a formatting element with a
// block inside it the parser's adoption agency copies it and the elements
// between into the block (32 at most: it gives up after 8 rounds of 4),
// counted here as clones; the model then closes them all.
func (m *Model) close(name string) {
	for i := len(m.open) - 1; i >= 0; i-- {
		if m.open[i] != name {
			continue
		}
		if formattingElements[name] && slices.ContainsFunc(m.open[i+1:], notFormatting) {
			m.Clones += min(len(m.open)-i, 32)
		}
		m.closeAt(i)
		return
	}
	for i := len(m.orphans) - 1; i >= 0; i-- {
		if m.orphans[i] == name {
			m.orphans = append(m.orphans[:i], m.orphans[i+1:]...)
			return
		}
	}
}

func notFormatting(name string) bool { return !formattingElements[name] }

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
