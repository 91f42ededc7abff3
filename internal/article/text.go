package article

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/digestbot/digestbot/digest"
)

// blockTags start a new paragraph in the plain text; everything else is
// inline and flows into the paragraph around it, with no space of its own,
// so every element a browser lays out as a block by default is here.
var blockTags = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true, "body": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hgroup": true,
	"ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true, "menu": true, "dir": true,
	"blockquote": true, "pre": true, "table": true, "caption": true, "tr": true, "td": true, "th": true,
	"header": true, "footer": true, "aside": true, "figure": true, "hr": true, "br": true,
	"address": true, "center": true, "details": true, "summary": true, "dialog": true, "search": true,
	"fieldset": true, "legend": true, "listing": true, "xmp": true,
	"head": true, "quote": true, "list": true, "item": true,
}

// skipTags never hold readable text.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "svg": true,
	"iframe": true, "object": true, "button": true, "select": true, "textarea": true,
	"form": true, "figcaption": true, "figure": true, "input": true, "nav": true,
}

// block is one paragraph of plain text, what kind of block its markup made
// it, and how much of it was link text, which tells a teaser headline or a
// menu from prose.
type block struct {
	text      string
	kind      digest.BlockKind
	linkRunes int  // runes of text inside <a> elements, before tidying
	runes     int  // all runes of text, before tidying
	cell      bool // the block sits in a table cell: data, not the story's flow
	pre       bool // the block sits in a <pre>: a code listing, laid out as typed
}

// linkDensity is the share of a block's text that sits inside links.
func (b block) linkDensity() float64 {
	if b.runes == 0 {
		return 0
	}
	return float64(b.linkRunes) / float64(b.runes)
}

// paragraphs renders an extracted content tree as plain-text paragraphs with
// whitespace collapsed: one per block element, list item and heading.
func paragraphs(root *html.Node) []string {
	blocks := textBlocks(root, nil)
	out := make([]string, len(blocks))
	for i, b := range blocks {
		out[i] = b.text
	}
	return out
}

// textBlocks is paragraphs with each block's kind and link text counted.
// page is the article's address, to tell its own links from those to other
// stories; it may be nil.
func textBlocks(root *html.Node, page *url.URL) []block {
	w := textWalker{root: root, page: page, boxes: boxFilter{root: root}}
	w.walk(root, false, digest.Paragraph)
	w.flush(digest.Paragraph)
	return w.out
}

// textWalker renders a content tree as blocks, the way a browser lays its
// text out: text nodes run together inside a block, whatever inline
// elements they sit in, so "<b>W</b>hale" and "19<sup>th</sup>" stay
// words; only whitespace in the markup and block elements separate them.
type textWalker struct {
	root  *html.Node
	page  *url.URL
	boxes boxFilter
	out   []block

	cur              strings.Builder
	linkRunes, runes int
	dropCap          bool // the block opens with a letter in an element of its own
	cells            int  // how many table cells the walk is inside
	cellText         bool // the block holds a cell's text (a row is one block)
	times, timeRunes int  // how many <time> elements the walk is inside; the block's runes in them
	pres             int  // how many <pre> elements the walk is inside
}

func (w *textWalker) flush(kind digest.BlockKind) {
	p := tidySpaces(resolveEdges(w.cur.String()))
	if w.dropCap {
		p = joinDropCap(p)
	}
	// A block of nothing but <time> elements is a time stamp, however
	// its dates are written ("22 Dec, 2016 22 Dec, 2016": published and
	// modified).
	if kind == digest.Paragraph && w.runes > 0 && w.timeRunes == w.runes {
		kind = digest.Byline
	}
	if p != "" {
		w.out = append(w.out, block{text: p, kind: kind, linkRunes: w.linkRunes, runes: w.runes, cell: w.cells > 0 || w.cellText, pre: w.pres > 0})
	}
	w.cur.Reset()
	w.linkRunes, w.runes, w.timeRunes, w.dropCap, w.cellText = 0, 0, 0, false, false
}

func (w *textWalker) walk(n *html.Node, inLink bool, kind digest.BlockKind) {
	switch n.Type {
	case html.TextNode:
		if linkNote(n.Data) {
			return
		}
		w.cur.WriteString(n.Data)
		// Whitespace is not text: count only what survives tidying.
		r := utf8.RuneCountInString(strings.Join(strings.Fields(n.Data), " "))
		w.runes += r
		if inLink {
			w.linkRunes += r
		}
		if w.times > 0 {
			w.timeRunes += r
		}
		return
	case html.ElementNode:
		if skipTags[n.Data] || isHoverCard(n) || (n != w.root && isOtherStory(n, w.page)) || w.boxes.skip(n) {
			return
		}
		// A heading's link to a place on this page is its own anchor
		// ("#understanding-z-score"), not a link to another story.
		if n.Data == "a" && !(kind == digest.Heading && isFragmentLink(n)) {
			inLink = true
		}
		if n.Data == "td" || n.Data == "th" {
			// Cells of one row read as one line, not one paragraph each.
			w.cells++
			w.cellText = true
			w.cur.WriteString(" ")
			w.walkChildren(n, inLink, kind)
			w.cur.WriteString(" ")
			w.cells--
			return
		}
	}
	if n.Type != html.ElementNode || !blockTags[n.Data] {
		isTime := n.Type == html.ElementNode && n.Data == "time"
		if isTime {
			w.times++
		}
		w.cur.WriteByte(edgeMark)
		w.walkChildren(n, inLink, kind)
		w.cur.WriteByte(edgeMark)
		if isTime {
			w.times--
		}
		if w.cur.Len() <= 16 {
			if text := strings.Trim(w.cur.String(), " \t\r\n\x00"); len(text) == 1 && innerText(n) == text {
				w.dropCap = true
			}
		}
		return
	}
	w.flush(kind)
	inner := elementKind(n, kind)
	if n.Data == "pre" {
		w.pres++
		defer func() { w.pres-- }()
	}
	w.walkChildren(n, inLink, inner)
	w.flush(inner)
}

func (w *textWalker) walkChildren(n *html.Node, inLink bool, kind digest.BlockKind) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, inLink, kind)
	}
}

// edgeMark marks an inline element's edge in a block's text while it is
// built; the HTML parser turns NUL in text into U+FFFD, so no text holds it.
const edgeMark = '\x00'

// resolveEdges removes the edge marks of inline elements, leaving a space
// only where an edge is also a change between CJK script and Latin letters
// or digits ("アプリ<a>Kindle for PC</a>に"): a word boundary that Chinese
// and Japanese text marks with a gap, which browsers now render by default
// (CSS text-autospace) and many authors type as a space.
func resolveEdges(s string) string {
	if strings.IndexByte(s, edgeMark) < 0 {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	var prev rune
	for i := 0; i < len(s); {
		if s[i] != edgeMark {
			r, size := utf8.DecodeRuneInString(s[i:])
			sb.WriteString(s[i : i+size])
			prev, i = r, i+size
			continue
		}
		j := i
		for j < len(s) && s[j] == edgeMark {
			j++
		}
		next, _ := utf8.DecodeRuneInString(s[j:])
		if (isCJK(prev) && isLatinOrDigit(next)) || (isLatinOrDigit(prev) && isCJK(next)) {
			sb.WriteByte(' ')
		}
		i = j
	}
	return sb.String()
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// isLatinOrDigit reports a Latin letter or an ASCII digit, not their
// full-width forms, which sit in CJK text without a gap.
func isLatinOrDigit(r rune) bool {
	return r < 0x2000 && (unicode.Is(unicode.Latin, r) || ('0' <= r && r <= '9'))
}

// isFragmentLink reports whether a is a link to a place on the same page.
func isFragmentLink(a *html.Node) bool {
	return strings.HasPrefix(strings.TrimSpace(attr(a, "href")), "#")
}

// elementKind is the kind of the blocks inside element n, whose parent's
// blocks are of kind outer: a heading stays a heading whatever it holds,
// a list item or a blockquote colours the paragraphs inside it, and a class
// name says what markup does not ("caption", "byline", "dek").
func elementKind(n *html.Node, outer digest.BlockKind) digest.BlockKind {
	switch n.Data {
	case "h1", "h2", "h3", "h4", "h5", "h6":
		return digest.Heading
	}
	if outer != digest.Paragraph {
		return outer
	}
	switch n.Data {
	case "li", "dt", "dd":
		return digest.ListItem
	case "blockquote", "quote":
		return digest.Blockquote
	}
	return classKind(n)
}

// classKind reads a block's kind from its class and itemprop names.
func classKind(n *html.Node) digest.BlockKind {
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "itemprop" {
			continue
		}
		v := strings.ToLower(a.Val)
		switch {
		case a.Key == "class" && namesReferences(v):
			return digest.Aside
		case strings.Contains(v, "caption") || strings.Contains(v, "credit"):
			return digest.Caption
		case strings.Contains(v, "byline") || strings.Contains(v, "dateline") || strings.Contains(v, "timestamp"):
			return digest.Byline
		case a.Key == "itemprop" && v == "description",
			strings.Contains(v, "standfirst") || strings.Contains(v, "dek") || strings.Contains(v, "subheadline") ||
				strings.Contains(v, "sub-headline") || strings.Contains(v, "subtitle") || strings.Contains(v, "abstract") ||
				strings.Contains(v, "lead-text") || strings.Contains(v, "article__lead"):
			return digest.Standfirst
		}
	}
	return digest.Paragraph
}

// referenceWords name the lists of sources and notes under a text
// (Wikipedia's "reflist", Markdown's "footnotes"): their titles in quote
// marks are what a source is called, not what anyone said, and their
// lines no summary sentences.
var referenceWords = map[string]bool{"references": true, "reflist": true, "footnotes": true, "endnotes": true,
	"bibliography": true, "citations": true}

// namesReferences reports whether a lower-cased class value holds a word
// of referenceWords ("reflist columns", "mw-references-wrap").
func namesReferences(class string) bool {
	for _, w := range strings.FieldsFunc(class, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if referenceWords[w] {
			return true
		}
	}
	return false
}

var (
	spaceBeforePunct = lazyMustCompile(` +([,.;:!?)\]}’”%]|'s\b|’s\b)`)
	spaceAfterOpen   = lazyMustCompile(`([(\[{“‘$]) +`)
)

// tidySpaces collapses whitespace and removes the spaces element boundaries
// left before closing punctuation and after opening brackets and quotes.
func tidySpaces(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = spaceBeforePunct.ReplaceAllString(s, "$1")
	return spaceAfterOpen.ReplaceAllString(s, "$1")
}

// joinDropCap joins a paragraph's drop cap, a letter in an element of its
// own ("<span class="drop-cap">H</span>ong Kong"), to the rest of its word,
// which the space put at inline boundaries split ("H ong"). A capital
// letter alone before a lower-case word is no English word, except "A"
// and "I", which stay as they are.
func joinDropCap(s string) string {
	if len(s) < 3 || s[1] != ' ' || s[0] < 'B' || s[0] > 'Z' || s[0] == 'I' || s[2] < 'a' || s[2] > 'z' {
		return s
	}
	return s[:1] + s[2:]
}

// innerText is a node's text with whitespace collapsed.
func innerText(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(sb.String()), " ")
}

// lazyRegexp compiles its pattern on first use. Most digestbot commands
// never clean an article, and compiling this package's patterns at start-up
// would cost every one of them a few milliseconds.
type lazyRegexp func() *regexp.Regexp

func lazyMustCompile(expr string) lazyRegexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

func (l lazyRegexp) MatchString(s string) bool { return l().MatchString(s) }

func (l lazyRegexp) ReplaceAllString(src, repl string) string { return l().ReplaceAllString(src, repl) }

// hoverCardClasses mark the pop-up cards some sites put after a linked
// name ("Kristi Noem" followed by a hidden "Kristi Lynn Noem" card): their
// text is not shown in the sentence.
// Only the card itself goes: a wrapper ("rollover-people") holds the name.
var hoverCardClasses = []string{"rollover-people-block", "rollover-block", "tooltip", "hovercard", "popover"}

func isHoverCard(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "class" {
			continue
		}
		for c := range strings.FieldsSeq(strings.ToLower(a.Val)) {
			for _, h := range hoverCardClasses {
				if c == h || strings.HasPrefix(c, h+"-") || strings.HasPrefix(c, h+"_") {
					return true
				}
			}
		}
	}
	return false
}

// maxStoryCardWords bounds the text of a teaser card; an <article> element
// with more is a story of its own (or the page's, nested in a wrapper).
const maxStoryCardWords = 80

// isOtherStory reports whether n, inside the article, is another story: an
// <article> element (or one marked up as a schema.org Article) that holds
// the permalink (rel="bookmark") of another page, or a short one that links
// to another page. Sites set rivers of teaser cards (a headline link and its
// standfirst) and "you may like" lists of whole posts under the story; their
// text is prose, so without this it could pass for the story's.
func isOtherStory(n *html.Node, page *url.URL) bool {
	if n.Data != "article" && !hasArticleItemType(n) {
		return false
	}
	permalink, elsewhere := linksOut(n, page)
	return permalink || (elsewhere && wordCount(innerText(n)) <= maxStoryCardWords)
}

func hasArticleItemType(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "itemtype" && (strings.HasSuffix(a.Val, "/Article") || strings.HasSuffix(a.Val, "/NewsArticle") || strings.HasSuffix(a.Val, "/BlogPosting")) {
			return true
		}
	}
	return false
}

// linksOut reports whether n holds a permalink (rel="bookmark") to another
// page than page, and whether it holds any link to another page; anchors on
// this page and other schemes (share targets, scripts) do not count, nor do
// the links of stories nested in n.
func linksOut(n *html.Node, page *url.URL) (permalink, elsewhere bool) {
	if n.Type == html.ElementNode && n.Data == "a" {
		var href, rel string
		for _, a := range n.Attr {
			switch a.Key {
			case "href":
				href = a.Val
			case "rel":
				rel = a.Val
			}
		}
		if u, err := url.Parse(href); err == nil && href != "" && !strings.HasPrefix(href, "#") && (u.Scheme == "" || u.Scheme == "http" || u.Scheme == "https") && !samePage(u, page) {
			return slices.Contains(strings.Fields(strings.ToLower(rel)), "bookmark"), true
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.Data == "article" || hasArticleItemType(c)) {
			continue // a story inside is judged by its own links
		}
		p, e := linksOut(c, page)
		permalink, elsewhere = permalink || p, elsewhere || e
		if permalink {
			break
		}
	}
	return permalink, elsewhere
}

// samePage reports whether link (perhaps relative) names page, whatever its
// query, fragment or trailing slash.
func samePage(link, page *url.URL) bool {
	if page == nil {
		return false
	}
	u := page.ResolveReference(link)
	return strings.EqualFold(u.Host, page.Host) && strings.TrimSuffix(u.Path, "/") == strings.TrimSuffix(page.Path, "/")
}
