package article

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
)

const para = "Elena Kovac, the foreign minister, spoke in Vienna on Monday about the treaty and what it means for the region. "

func parsePage(t *testing.T, page string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// hostilePages are shapes that fit in the byte limit but cost readability
// seconds; each is made just past the cap it is about.
var hostilePages = []struct{ name, page string }{
	{"many elements", "<body><p>" + para + strings.Repeat("a<br>", maxElements) + "</p>"},
	{"long text", "<body><p>" + strings.Repeat("é", maxTextBytes/2+1) + "</p>"},
	{"text deep down", "<body>" + strings.Repeat("<div>", 400) + "<p>" + strings.Repeat(para, maxWeight/400/len(para)+1) + "</p>"},
	{"long attributes", "<body>" + strings.Repeat(`<p class="`+strings.Repeat("x", 4096)+`">`+para+"</p>", maxAttrBytes/4096+1)},
	// readability parses what a <noscript> holds as HTML, and reads a
	// <template> as any element: their text counts.
	{"noscript markup", "<body><p>" + para + "</p><noscript><div>" + unclosedBold(250) + "</div>" + strings.Repeat("<div>x</div>", 200) + "</noscript>"},
	{"long noscript", "<body><p>" + para + "</p><noscript>" + strings.Repeat("<div>x</div>", maxTextBytes/6) + "</noscript>"},
	{"template deep down", "<body><p>" + para + "</p>" + strings.Repeat("<div>", 400) + "<template>" + strings.Repeat(para, maxWeight/400/len(para)+1)},
}

// TestBoundPageCuts checks that each hostile shape is cut, that what is
// left is within every cap (a second pass finds nothing to cut), that a
// cut text is still UTF-8, and that the page before the cut is kept.
func TestBoundPageCuts(t *testing.T) {
	for _, h := range hostilePages {
		t.Run(h.name, func(t *testing.T) {
			doc := parsePage(t, h.page)
			if !boundPage(doc) {
				t.Fatal("not cut")
			}
			if boundPage(doc) {
				t.Error("still over a cap after the cut")
			}
			text := innerText(doc)
			if !utf8.ValidString(text) {
				t.Error("the cut split a character")
			}
			if h.name != "long text" && !strings.Contains(text, para[:40]) {
				t.Errorf("the text before the cut is lost: %.80q", text)
			}
		})
	}
}

// TestBoundPageKeepsArticles checks that real pages are not cut (neither
// are the 92 pages of the extraction benchmark: see bound.go).
func TestBoundPageKeepsArticles(t *testing.T) {
	for _, name := range []string{"news_story.html", "blog_post.html"} {
		page := string(readFixture(t, name))
		if cutMarkup(page) != page {
			t.Errorf("%s: markup cut", name)
		}
		if boundPage(parsePage(t, page)) {
			t.Errorf("%s: page cut", name)
		}
	}
}

// unclosedBold is n <b> start tags, each with its own attributes, so that
// the parser keeps them all as active formatting elements.
func unclosedBold(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "<b id=%d>", i)
	}
	return b.String()
}

// elementCount is the number of elements under n.
func elementCount(n *html.Node) int {
	count := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			count++
		}
		count += elementCount(c)
	}
	return count
}

// TestCutMarkupBoundsClones checks, on the parser itself, that markup made
// to have it clone formatting elements without end is cut where the clones
// reach maxClones: each shape below, uncut, makes 250 elements of every
// few bytes (a million in the first 48 KB).
func TestCutMarkupBoundsClones(t *testing.T) {
	b := unclosedBold(250)
	const units = 4000
	for name, page := range map[string]string{
		"end tags":          "<body><div>" + b + "</div>" + strings.Repeat("<div>x</div>", units),
		"inline start tags": "<body><div>" + b + "</div>" + strings.Repeat("<div><span></span></div>", units),
		"list items":        "<body><ul><li>" + b + strings.Repeat("<li>x", units),
		"paragraphs":        "<body><p>" + b + strings.Repeat("<p>x", units),
		"definitions":       "<body><dl><dd>" + b + strings.Repeat("<dt>x", units),
		"closed paragraphs": "<body><p>" + b + "</p>" + strings.Repeat("<p>x</p>", units),
	} {
		kept := cutMarkup(page)
		tokens := 0
		for z := html.NewTokenizer(strings.NewReader(kept)); z.Next() != html.ErrorToken; {
			tokens++
		}
		// Each token makes at most one element, and html, head and body
		// come without one.
		if n := elementCount(parsePage(t, kept)); n > tokens+maxClones+3 {
			t.Errorf("%s: the parser made %d elements of %d tokens: more than %d clones", name, n, tokens, maxClones)
		}
	}
}

// TestCutMarkupBoundsDepths: each <li> makes the parser search the open
// <div>s for a list item to close.
func TestCutMarkupBoundsDepths(t *testing.T) {
	page := "<body>" + strings.Repeat("<div>", 500) + "<ul>" + strings.Repeat("<li>x", 40_000)
	if kept := cutMarkup(page); len(kept) >= len(page) || strings.Count(kept, "<li>") > maxDepths/500 {
		t.Errorf("cutMarkup kept %d list items under 500 <div>s; want at most %d", strings.Count(kept, "<li>"), maxDepths/500)
	}
}

func TestCutMarkup(t *testing.T) {
	page := strings.Repeat("<br>", maxTokens+10)
	got := cutMarkup(page)
	if !strings.HasPrefix(page, got) || len(got) != 4*maxTokens {
		t.Fatalf("cutMarkup kept %d of %d bytes, want the first %d", len(got), len(page), 4*maxTokens)
	}
	if short := "<p>" + para + "</p>"; cutMarkup(short) != short {
		t.Error("a short page was cut")
	}
}

// TestExtractHostilePagesAreFast is a backstop on the whole extractor for
// the shapes that cost seconds at the byte limit before the caps (seconds
// in parentheses): it allows ten times what they take now.
func TestExtractHostilePagesAreFast(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("wall-clock bound")
	}
	const size = DefaultMaxBytes
	fill := func(unit string) string { return strings.Repeat(unit, size/len(unit)) }
	pages := []struct{ name, page string }{
		{"text under 480 <div>s (35 s)", "<body>" + strings.Repeat("<div>", 480) + "<p>" + fill(para)},
		{"a million <br> (3.6 s)", "<body><p>" + fill("a<br>")},
		{"400 nested <div>s over and over (2.6 s)", "<body>" + fill(strings.Repeat("<div>", 400)+"<p>"+para+"</p>"+strings.Repeat("</div>", 400))},
		{"one huge class (1.4 s)", `<body><p class="` + fill("x") + `">` + para},
		{"a <noscript> of unclosed <b>s and <div>x</div> (5 s, 1.7 GB)", "<body><p>" + para + "</p><noscript><div>" + unclosedBold(250) + "</div>" + strings.Repeat("<div>x</div>", 40_000)},
		{"text in a <template> under 480 <div>s (48 s)", "<body>" + strings.Repeat("<div>", 480) + "<template><p>" + fill(para)},
		// The boxes left out of the story are found in one pass, however
		// they nest.
		{"text under 480 named boxes", "<body><article>" + strings.Repeat(`<div class="related-share">`, 480) + "<p>" + fill(para)},
		{"a named box around every paragraph", "<body><article>" + fill(`<div class="share"><p>`+para+"</p></div>")},
	}
	for _, p := range pages {
		t0 := time.Now()
		_, _ = Extract([]byte(p.page), "https://example.com/")
		if el := time.Since(t0); el > 4*time.Second {
			t.Errorf("%s: Extract took %v", p.name, el)
		}
	}
}
