package article

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/digestbot/digestbot/digest"
)

// declaredParagraphs splits a JSON-LD articleBody into paragraphs. Some
// publishers put plain text there, one paragraph per line; others put the
// story's HTML, whose block tags then end the paragraphs and whose other
// tags are dropped.
func declaredParagraphs(body string) []block {
	if strings.TrimSpace(body) == "" {
		return nil
	}
	if len(body) > maxTextBytes {
		// The same bound as a page's text: a story is far shorter.
		body = strings.ToValidUTF8(body[:maxTextBytes], "")
	}
	var sb strings.Builder
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return linesAsParagraphs(sb.String())
		case html.TextToken:
			sb.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if declaredBreaks[string(name)] {
				sb.WriteString("\n")
			}
		}
	}
}

// declaredBreaks are the tags that end a paragraph inside an articleBody.
var declaredBreaks = map[string]bool{
	"p": true, "br": true, "div": true, "li": true, "blockquote": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
}

func linesAsParagraphs(text string) []block {
	var out []block
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			continue
		}
		n := utf8.RuneCountInString(line)
		out = append(out, block{text: line, kind: digest.Paragraph, runes: n})
	}
	return out
}
