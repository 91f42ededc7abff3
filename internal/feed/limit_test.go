package feed

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// hugeRSS is a feed of n tiny items, the kind a hostile user adds: about 31
// bytes an item, so 331,000 of them fill the 10 MiB body limit.
func hugeRSS(n int) []byte {
	var b strings.Builder
	b.Grow(n*32 + 200)
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title><link>https://huge.test/</link>`)
	for i := range n {
		fmt.Fprintf(&b, "<item><guid>%d</guid></item>", i)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

func TestParseCapsItemsOfAHugeFeed(t *testing.T) {
	body := hugeRSS(331_000)
	if len(body) > DefaultMaxBodyBytes {
		t.Fatalf("test feed is %d bytes, over the fetch limit", len(body))
	}
	start := time.Now()
	f, err := Parse(body, "https://huge.test/rss")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("parsed %d bytes in %s", len(body), time.Since(start))
	if len(f.Items) != MaxItems {
		t.Fatalf("%d items, want the cap %d", len(f.Items), MaxItems)
	}
	// Undated items rank in document order: the first MaxItems are kept.
	if f.Items[0].GUID != "0" || f.Items[MaxItems-1].GUID != fmt.Sprint(MaxItems-1) || f.Title != "Huge" {
		t.Errorf("kept %q … %q of %q", f.Items[0].GUID, f.Items[MaxItems-1].GUID, f.Title)
	}
}

// TestParseCapKeepsTheNewest lists items oldest first, in every format, and
// checks the newest MaxItems survive in document order.
func TestParseCapKeepsTheNewest(t *testing.T) {
	const n = MaxItems + 500
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	date := func(i int) time.Time { return day.Add(time.Duration(i) * time.Minute) }
	var rss, atom, js strings.Builder
	rss.WriteString(`<rss version="2.0"><channel><title>R</title>`)
	atom.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>`)
	js.WriteString(`{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[`)
	for i := range n {
		fmt.Fprintf(&rss, `<item><guid>g%d</guid><pubDate>%s</pubDate></item>`, i, date(i).Format(time.RFC1123Z))
		fmt.Fprintf(&atom, `<entry><id>g%d</id><title>t</title><updated>%s</updated></entry>`, i, date(i).Format(time.RFC3339))
		if i > 0 {
			js.WriteString(",")
		}
		fmt.Fprintf(&js, `{"id":"g%d","content_text":"x","date_published":%q}`, i, date(i).Format(time.RFC3339))
	}
	rss.WriteString(`<ttl>30</ttl></channel></rss>`)
	atom.WriteString(`</feed>`)
	js.WriteString(`],"home_page_url":"https://j.test/"}`)
	for name, doc := range map[string]string{"rss": rss.String(), "atom": atom.String(), "json": js.String()} {
		t.Run(name, func(t *testing.T) {
			f, err := Parse([]byte(doc), "https://cap.test/feed")
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Items) != MaxItems {
				t.Fatalf("%d items, want %d", len(f.Items), MaxItems)
			}
			if f.Items[0].GUID != fmt.Sprintf("g%d", n-MaxItems) || f.Items[MaxItems-1].GUID != fmt.Sprintf("g%d", n-1) {
				t.Errorf("kept %s … %s, want the newest %d", f.Items[0].GUID, f.Items[MaxItems-1].GUID, MaxItems)
			}
			if f.Title == "" {
				t.Error("the feed's own fields were lost")
			}
			if name == "rss" && f.TTL != 30*time.Minute {
				t.Errorf("TTL after the items was lost: %s", f.TTL)
			}
			if name == "json" && f.SiteURL != "https://j.test/" {
				t.Errorf("a member after the items was lost: %q", f.SiteURL)
			}
		})
	}
}

func TestParseCapRefusesBrokenHugeDocument(t *testing.T) {
	body := hugeRSS(2 * MaxItems)
	body = body[:len(body)/2] // cut inside an item
	if _, err := Parse(body, "https://huge.test/rss"); err == nil {
		t.Fatal("a truncated document with thousands of items parsed")
	}
}

// Elements nested hundreds of thousands deep cost the parser memory in
// proportion to the depth (a 6 MB Atom document of <a><a><a>… took 1.3 GB
// and 4 s), so such a document is refused before it is parsed; ordinary
// nesting, and the same number of elements side by side, still parse.
// TestParseRefusesXHTMLCloneBomb: gofeed parses XHTML content with the HTML
// parser, which copies each formatting element an end tag closed
// implicitly into the next block; this entry made it build 5 million
// elements (11 s). Escaped HTML content is not parsed that way, and
// well-formed XHTML copies nothing.
func TestParseRefusesXHTMLCloneBomb(t *testing.T) {
	var open strings.Builder
	for i := range 250 {
		fmt.Fprintf(&open, `<b id="%d">`, i)
	}
	bomb := "<div>" + open.String() + "</div>" + strings.Repeat("<div>x</div>", 20_000)
	entry := func(content string) []byte {
		return []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>e1</id><title>a</title>` +
			`<link href="https://bomb.test/a"/>` + content + `</entry></feed>`)
	}
	var pe *ParseError
	if _, err := Parse(entry(`<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">`+bomb+`</div></content>`), "https://bomb.test/"); !errors.As(err, &pe) || !strings.Contains(err.Error(), "XHTML") {
		t.Errorf("Parse of the XHTML bomb = %v, want a ParseError about XHTML", err)
	}
	wellFormed := strings.Repeat("<p><b>bold <i>both</i></b> and <a href=\"/x\">a link</a></p>", 2000)
	for name, content := range map[string]string{
		"escaped HTML":      `<content type="html"><![CDATA[` + bomb + `]]></content>`,
		"well-formed XHTML": `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">` + wellFormed + `</div></content>`,
	} {
		if f, err := Parse(entry(content), "https://bomb.test/"); err != nil || len(f.Items) != 1 {
			t.Errorf("%s: Parse = %v, %v; want the one entry", name, f, err)
		}
	}
}

func TestParseRefusesDeepNesting(t *testing.T) {
	atom := func(inner string) []byte {
		return []byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>` +
			`<entry><id>e1</id><title>a</title><link href="https://deep.test/a"/>` + inner + `</entry></feed>`)
	}
	const n = 200_000
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Parse(atom(strings.Repeat("<a>", n)), "https://deep.test/atom")
	runtime.ReadMemStats(&after)
	var pe *ParseError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "nested") {
		t.Errorf("Parse of %d nested elements = %v, want a ParseError about nesting", n, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("refusing %d nested elements allocated %d MB", n, alloc>>20)
	}
	// Not too deep, but too often: each entry's XHTML nests 490 deep.
	deepEntry := `<entry><title>x</title><content type="xhtml">` + strings.Repeat("<div>", 490) + strings.Repeat("</div>", 490) + `</content></entry>`
	if _, err := Parse(atom(strings.Repeat(deepEntry, maxNestingWeight/(490*490/2)+1)), "https://deep.test/atom"); !errors.As(err, &pe) || !strings.Contains(err.Error(), "nested") {
		t.Errorf("Parse of entries nested 490 deep, over and over = %v, want a ParseError about nesting", err)
	}
	for name, inner := range map[string]string{
		"side by side":     strings.Repeat("<a/>", n),
		"ordinary nesting": strings.Repeat("<div>", 50) + "text" + strings.Repeat("</div>", 50),
		"unclosed tags":    strings.Repeat("<p>x<br>y</p>", 1000), // raw HTML: each </p> closes its <br>
	} {
		if f, err := Parse(atom(inner), "https://deep.test/atom"); err != nil || len(f.Items) != 1 {
			t.Errorf("%s: Parse = %v, %v; want the one entry", name, f, err)
		}
	}
}
