package feed

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlToText turns an HTML fragment (or plain text, which publishers mix
// freely in titles and descriptions) into one line of plain text: tags
// dropped, entities decoded, script and style bodies skipped, whitespace
// collapsed. Block elements become word breaks so "<p>a</p><p>b</p>" reads
// "a b", not "ab".
func htmlToText(s string) string {
	if s == "" {
		return ""
	}
	if !strings.ContainsAny(s, "<&") {
		return collapseSpace(s)
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skipDepth := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return collapseSpace(b.String())
		case html.TextToken:
			if skipDepth == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skippedElement(a) {
				if tt == html.StartTagToken {
					skipDepth++
				}
				continue
			}
			if blockElement(a) {
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skippedElement(a) {
				if skipDepth > 0 {
					skipDepth--
				}
				continue
			}
			if blockElement(a) {
				b.WriteByte(' ')
			}
		}
	}
}

func skippedElement(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Object:
		return true
	}
	return false
}

func blockElement(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Br, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Blockquote, atom.Pre, atom.Tr, atom.Td, atom.Th, atom.Table,
		atom.Section, atom.Article, atom.Header, atom.Footer, atom.Figure, atom.Figcaption,
		atom.Hr, atom.Img, atom.Dd, atom.Dt:
		return true
	}
	return false
}

// collapseSpace trims s and turns every run of white space (including
// non-breaking spaces) into a single space.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			pendingSpace = b.Len() > 0
			continue
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
