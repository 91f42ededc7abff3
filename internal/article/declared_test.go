package article

import (
	"errors"
	"strings"
	"testing"
)

// A page that renders its story with script carries only an empty mount
// point; its JSON-LD still declares the text.
func TestExtractDeclaredBodyOfScriptPage(t *testing.T) {
	for name, body := range map[string]string{
		"plain lines": `The harbour wall in Millbrook will reopen on Monday after two years of repairs, the council said.\n` +
			`Engineers replaced 300 metres of stone and raised the wall by half a metre against winter storms.\n` +
			`\"We listened to the fishermen,\" said the council's leader, Ana Ruiz.`,
		"html": `<p>The harbour wall in Millbrook will reopen on Monday after two years of repairs, the council said.</p>` +
			`<p>Engineers replaced 300 metres of stone and raised the wall by half a metre against <b>winter</b> storms.</p>` +
			`<p>&quot;We listened to the fishermen,&quot; said the council's leader, Ana Ruiz.</p>`,
	} {
		t.Run(name, func(t *testing.T) {
			page := `<html><head><title>Harbour wall to reopen</title><script type="application/ld+json">` +
				`{"@type":"NewsArticle","headline":"Harbour wall to reopen","articleBody":"` + body + `"}</script></head>` +
				`<body><div id="root"></div><script src="/app.js"></script></body></html>`
			a, err := Extract([]byte(page), "https://news.example/harbour")
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			paras := strings.Split(a.Text, "\n\n")
			if len(paras) != 3 || !strings.HasPrefix(paras[1], "Engineers replaced") || !strings.Contains(paras[1], "against winter storms.") ||
				!strings.HasPrefix(paras[2], `"We listened`) {
				t.Errorf("text %q, want the three declared paragraphs", a.Text)
			}
			if len(a.Blocks) != 3 {
				t.Errorf("blocks %+v, want three", a.Blocks)
			}
		})
	}
}

// The declared body stands in only for a page with no story of its own: a
// teaser in the JSON-LD never replaces the text on the page, and a page
// with neither still has no article.
func TestExtractDeclaredBodyIsOnlyAFallback(t *testing.T) {
	story := "<p>The council met on Tuesday and voted to reopen the harbour wall after two years of repairs to its stone.</p>" +
		"<p>Engineers replaced 300 metres of the wall and raised it by half a metre against the winter storms.</p>" +
		"<p>Fishermen had asked for the work since a storm breached the wall in the winter of 2023.</p>"
	page := `<html><head><script type="application/ld+json">{"@type":"NewsArticle","articleBody":"A short teaser."}</script></head>` +
		`<body><article><h1>Harbour</h1>` + story + `</article></body></html>`
	a, err := Extract([]byte(page), "https://news.example/harbour")
	if err != nil || strings.Contains(a.Text, "teaser") || !strings.Contains(a.Text, "voted to reopen") {
		t.Errorf("text %q (%v), want the page's own story", a.Text, err)
	}
	empty := `<html><head><script type="application/ld+json">{"@type":"NewsArticle","articleBody":"Too short."}</script></head><body><div id="root"></div></body></html>`
	if _, err := Extract([]byte(empty), "https://news.example/x"); !errors.Is(err, ErrNoArticle) {
		t.Errorf("err %v, want ErrNoArticle", err)
	}
	// A declared body too short to use leaves the page's own short text be.
	short := `<html><head><script type="application/ld+json">{"articleBody":"Tiny."}</script></head><body><p>Harbour wall reopens on Monday.</p></body></html>`
	if a, err := Extract([]byte(short), "https://news.example/y"); !errors.Is(err, ErrNoArticle) || !strings.Contains(a.Text, "Harbour wall reopens") {
		t.Errorf("text %q, err %v: want the page's short text and ErrNoArticle", a.Text, err)
	}
}

// A declared body is bounded as a page's text is, whatever its size.
func TestExtractDeclaredBodyIsBounded(t *testing.T) {
	body := strings.Repeat("The harbour wall reopens on Monday after repairs, the council said on Friday ", 40000)
	page := `<html><head><script type="application/ld+json">{"articleBody":"` + body + `"}</script></head><body><div id="root"></div></body></html>`
	a, err := Extract([]byte(page), "https://news.example/huge")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Text) > maxTextBytes {
		t.Errorf("text is %d bytes, want at most %d", len(a.Text), maxTextBytes)
	}
}
