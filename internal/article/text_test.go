package article

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/digestbot/digestbot/digest"
)

func parseBody(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<html><body>" + s + "</body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	var body *html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "body" {
			body = n
		}
		for c := n.FirstChild; c != nil && body == nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	return body
}

func TestTextBlocksLinkDensity(t *testing.T) {
	body := parseBody(t, `<p>The council met on <a href="/x">Tuesday</a> to vote.</p>`+
		`<p><a href="/y">Pier wins heritage award</a></p>`+
		`<figure><img src="a.jpg"><span>A lifeboat at dusk. Jane Roe/AFP</span></figure>`+
		`<div>Half <a href="/z">linked</a></div>`)
	blocks := textBlocks(body, nil)
	want := []struct {
		text    string
		density float64
	}{
		{"The council met on Tuesday to vote.", 7.0 / 33}, // spaces between nodes are not counted
		{"Pier wins heritage award", 1},
		{"Half linked", 6.0 / 10},
	}
	if len(blocks) != len(want) {
		t.Fatalf("textBlocks = %+v, want %d blocks (figures skipped)", blocks, len(want))
	}
	for i, w := range want {
		if blocks[i].text != w.text || !near(blocks[i].linkDensity(), w.density) {
			t.Errorf("block %d = %q density %.3f, want %q %.3f", i, blocks[i].text, blocks[i].linkDensity(), w.text, w.density)
		}
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestDropLinkBlocks(t *testing.T) {
	prose := "Councillors in Portmere voted on Tuesday evening to rebuild the harbour flood wall, ending a decade of argument over who should pay for it and how high it should be."
	tests := []struct {
		name   string
		blocks []block
		want   []string
	}{
		{"teaser links go, prose with a link stays",
			[]block{{text: prose, linkRunes: 20, runes: 160}, {text: "Pier wins heritage award", linkRunes: 24, runes: 24}, {text: "Sign In", linkRunes: 7, runes: 7}},
			[]string{prose}},
		{"a long linked paragraph is prose",
			[]block{{text: prose, linkRunes: 160, runes: 160}},
			[]string{prose}},
		{"a written-out address stays",
			[]block{{text: prose}, {text: "https://shop.example/item/42", linkRunes: 28, runes: 28}},
			[]string{prose, "https://shop.example/item/42"}},
		{"when links carry most words they are the article",
			[]block{{text: "Our picks:"}, {text: "1) Lego Star Wars bomber set", linkRunes: 28, runes: 28}, {text: "2) Electric racing track for two", linkRunes: 32, runes: 32}},
			[]string{"Our picks:", "1) Lego Star Wars bomber set", "2) Electric racing track for two"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := blockTexts(dropLinkBlocks(tt.blocks))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("dropLinkBlocks = %q, want %q", got, tt.want)
			}
		})
	}
}

func blockTexts(bs []block) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.text
	}
	return out
}

func textBlocksOf(ps []string) []block {
	out := make([]block, len(ps))
	for i, p := range ps {
		out[i] = block{text: p}
	}
	return out
}

func TestTextBlocksDropOtherStories(t *testing.T) {
	long := strings.Repeat("The long post goes on about something else entirely. ", 20)
	body := parseBody(t, `<article><p>The council voted on Tuesday to reopen the pier.</p>`+
		`<p>See the <a href="https://example.com/news/pier#map">map</a> and <a rel="bookmark" href="/news/pier/">this story</a>.</p>`+
		`<article><h2><a href="/news/koala">Koala rescued</a></h2><p>A koala was rescued from a bushfire on Monday.</p></article>`+
		`<article><a rel="bookmark" href="https://example.com/other-post">pic</a><p>`+long+`</p></article>`+
		`<article><p>A short boxed note with no link at all.</p></article>`+
		`</article>`)
	page, _ := url.Parse("https://example.com/news/pier?utm=x")
	var got []string
	for _, b := range textBlocks(body, page) {
		got = append(got, b.text)
	}
	want := []string{
		"The council voted on Tuesday to reopen the pier.",
		"See the map and this story.",
		"A short boxed note with no link at all.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("blocks:\n%q\nwant:\n%q", got, want)
	}
}

func TestInlineEdgesJoinWords(t *testing.T) {
	for _, tt := range []struct{ html, want string }{
		{`<p><span class="drop-cap"><span class="drop-cap__inner">H</span></span>ong Kong is burning. The authorities act.</p>`, "Hong Kong is burning. The authorities act."},
		{`<p><span class="dropcap">A</span> year ago the river rose.</p>`, "A year ago the river rose."},
		{`<p>T cells and <b>B</b> cells fight infection.</p>`, "T cells and B cells fight infection."},
		// Inline elements add no space of their own: a drop cap in the
		// middle of a run, a suffix in <sup>, a word split by its links.
		{`<p><span class="byline-date">LONDON — </span><span class="drop-cap">W</span>hale song carries for miles.</p>`, "LONDON — Whale song carries for miles."},
		{`<p>The mill opened in the 19<sup>th</sup> century and closed in the 21<sup>st</sup>.</p>`, "The mill opened in the 19th century and closed in the 21st."},
		{`<p>NASA joins the Arte<a href="/a">mis m</a><a href="/a">oon program</a> with <code>avg</code>(n).</p>`, "NASA joins the Artemis moon program with avg(n)."},
		{`<p>发表在<a href="/k">科学</a>刊物上。</p>`, "发表在科学刊物上。"},
		// An element a browser sets as a block is no inline edge.
		{`<center>Breaking<address>Jane Doe</address></center>`, "Breaking\n\nJane Doe"},
		// An edge that is also a change from CJK script to Latin letters
		// or digits is a word boundary, which Japanese and Chinese space.
		{`<p>デスクトップアプリ<a href="/k">Kindle for PC</a>に関する話。<b>ＰＣ</b>版</p>`, "デスクトップアプリ Kindle for PC に関する話。ＰＣ版"},
	} {
		root, err := html.Parse(strings.NewReader(tt.html))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(blockTexts(textBlocks(root, nil)), "\n\n"); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.html, got, tt.want)
		}
	}
}

func TestTextBlocksHeadingAnchorIsNoLink(t *testing.T) {
	// A section heading that links to itself keeps its text; a heading
	// that links to another story is a teaser and weighs as a link.
	body := parseBody(t, `<h3 id="z"><a class="toclink" href="#z">Understanding Z-Score</a></h3><h3><a href="/other-story">Other story</a></h3>`)
	blocks := textBlocks(body, nil)
	if len(blocks) != 2 || blocks[0].linkDensity() != 0 || blocks[1].linkDensity() != 1 {
		t.Errorf("textBlocks = %+v, want the anchor heading without link text and the teaser all link", blocks)
	}
	if got := blockTexts(dropLinkBlocks(append(blocks, block{text: "A paragraph of the story that is long enough to carry the page.", runes: 60}))); len(got) != 2 || got[0] != "Understanding Z-Score" {
		t.Errorf("dropLinkBlocks kept %q, want the anchor heading and the paragraph", got)
	}
}

func TestTextBlocksTimeStampIsByline(t *testing.T) {
	// Published and modified stamps side by side, then a sentence that
	// holds a date: only the block of nothing but <time> is a time stamp.
	body := parseBody(t, `<div><time datetime="2016-12-22T10:43">22 Dec, 2016</time> <time datetime="2016-12-22T18:59">22 Dec, 2016</time></div>`+
		`<p>The council met on <time datetime="2016-12-21">21 December</time> and voted to rebuild the wall.</p>`)
	blocks := textBlocks(body, nil)
	if len(blocks) != 2 || blocks[0].kind != digest.Byline || blocks[1].kind != digest.Paragraph {
		t.Errorf("textBlocks = %+v, want a byline then a paragraph", blocks)
	}
}

func TestTextBlocksReferencesAreAsides(t *testing.T) {
	// A source's title in quote marks is not a quote: the list of
	// references under the text is set apart; "preferences" is no list.
	body := parseBody(t, `<p>The film uses a time loop.</p><div class="reflist"><ol class="references"><li><cite class="citation web">"'Doctor Strange' Writer on Time-Bending Twist". Retrieved 2021-06-16.</cite></li></ol></div>`+
		`<div class="user-preferences"><p>The loop resets each morning.</p></div>`)
	blocks := textBlocks(body, nil)
	if len(blocks) != 3 || blocks[0].kind != digest.Paragraph || blocks[1].kind != digest.Aside || blocks[2].kind != digest.Paragraph {
		t.Errorf("textBlocks = %+v, want the reference an aside between paragraphs", blocks)
	}
}
