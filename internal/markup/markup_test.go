package markup

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func count(page string) (clones, startTags, elements int) {
	var m Model
	z := html.NewTokenizer(strings.NewReader(page))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		name, _ := z.TagName()
		m.Add(tt, string(name))
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			startTags++
		}
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return m.Clones, startTags, -1
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				elements++
			}
			walk(c)
		}
	}
	walk(doc)
	return m.Clones, startTags, elements
}

// TestModelCountsNoFewerClonesThanTheParser compares the model with the
// parser: every element the parser makes beyond the page's start tags (and
// the <html> and <head> it adds) is a clone the model must have counted.
func TestModelCountsNoFewerClonesThanTheParser(t *testing.T) {
	open := "<b id=1><i id=2><font id=3><a href=/4><em id=5>"
	for name, page := range map[string]string{
		"article":           "<body><article><h1>Title</h1><p>Some <b>bold</b> and <a href=/x>a link</a>.</p><ul><li>one<li>two</ul></article>",
		"misnested":         "<body><p><b>bold <i>both</b> italic</i> plain</p>",
		"closed by div":     "<body><div>" + open + "</div>" + strings.Repeat("<div>x</div>", 20),
		"closed by span":    "<body><div>" + open + "</div>" + strings.Repeat("<div><span></span></div>", 20),
		"list items":        "<body><ul><li>" + open + strings.Repeat("<li>x", 20),
		"paragraphs":        "<body><p>" + open + strings.Repeat("<p>x", 20),
		"definitions":       "<body><dl><dt>" + open + strings.Repeat("<dd>x<dt>y", 20),
		"closed paragraphs": "<body><p>" + open + "</p>" + strings.Repeat("<p>x</p>", 20),
		"headings":          "<body><h1>" + open + "</h1>" + strings.Repeat("<h2>x</h2>", 20),
		"blockquotes":       "<body><blockquote>" + open + "</blockquote>" + strings.Repeat("<blockquote>x</blockquote>", 20),
		"furthest blocks":   "<body>" + strings.Repeat("<b><i><div>x</b>y</i>z", 20),
	} {
		clones, starts, elements := count(page)
		if made := elements - starts - 2; made > clones {
			t.Errorf("%s: the parser made %d elements more than the start tags, the model counted %d clones", name, made, clones)
		}
	}
}

func TestPrefix(t *testing.T) {
	page := strings.Repeat("<br>", 1000)
	for _, c := range []struct {
		limit Work
		want  int
	}{
		{Work{}, 1000},
		{Work{Tokens: 10}, 10},
		{Work{Tokens: 1000}, 1000},
	} {
		got, done := Prefix(page, c.limit)
		if len(got) != 4*c.want || done.Tokens != c.want || !strings.HasPrefix(page, got) {
			t.Errorf("Prefix(%+v) = %d bytes, %+v; want %d tokens", c.limit, len(got), done, c.want)
		}
	}
	// The <div>s weigh 1+2+…+100 = 5,050; then each token 100.
	deep := strings.Repeat("<div>", 100) + strings.Repeat("x<br>", 100)
	if got, done := Prefix(deep, Work{Depths: 5050 + 100*10}); strings.Count(got, "<br>") != 5 || done.Depths != 5050+100*10 {
		t.Errorf("Prefix kept %d <br>s 100 deep (depths %d) within room for 10 tokens; want 5", strings.Count(got, "<br>"), done.Depths)
	}
	bomb := "<div>" + strings.Repeat("<b>", 10) + "</div>" + strings.Repeat("<div>x</div>", 10)
	if got, done := Prefix(bomb, Work{Clones: 50}); strings.Count(got, "x") != 5 || done.Clones != 50 {
		t.Errorf("Prefix kept %d of 10 runs of text that each copy 10 elements (%d clones), within 50 clones; want 5", strings.Count(got, "x"), done.Clones)
	}
}
