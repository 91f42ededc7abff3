package feed

import (
	"bytes"
	"strings"
	"testing"
)

func TestReadOPML(t *testing.T) {
	tests := []struct {
		name      string
		doc       string
		wantFeeds []Outline // FeedOutlines of the result
		wantTop   int
	}{
		{
			name: "nested folders",
			doc: `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="News" title="News">
    <outline type="rss" text="Daily Example" title="Daily Example" xmlUrl="https://daily.test/rss" htmlUrl="https://daily.test/"/>
    <outline text="Science">
      <outline type="rss" text="Science Notes" xmlUrl="https://science.test/rss"/>
    </outline>
  </outline>
  <outline type="rss" text="Top level" xmlUrl="https://top.test/feed"/>
</body></opml>`,
			wantFeeds: []Outline{
				{Text: "Daily Example", Title: "Daily Example", Type: "rss", XMLURL: "https://daily.test/rss", HTMLURL: "https://daily.test/"},
				{Text: "Science Notes", Type: "rss", XMLURL: "https://science.test/rss"},
				{Text: "Top level", Type: "rss", XMLURL: "https://top.test/feed"},
			},
			wantTop: 2,
		},
		{
			name: "real-world sloppiness",
			// Lower-case attributes, an HTML entity XML does not define, an
			// unclosed <br> in the head, a Latin-1 charset.
			doc: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<opml version=\"1.0\"><head><title>Caf\xe9 &nbsp; feeds<br></title></head><body>" +
				`<outline text="Caf` + "\xe9" + ` &amp; Co" xmlurl=" https://cafe.test/rss " HTMLURL="https://cafe.test"/>` +
				`<outline text="Folder only"></outline>` +
				`</body></opml>`,
			wantFeeds: []Outline{{Text: "Café & Co", XMLURL: "https://cafe.test/rss", HTMLURL: "https://cafe.test"}},
			wantTop:   2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outlines, err := ReadOPML(strings.NewReader(tt.doc))
			if err != nil {
				t.Fatalf("ReadOPML: %v", err)
			}
			if len(outlines) != tt.wantTop {
				t.Errorf("%d top-level outlines, want %d", len(outlines), tt.wantTop)
			}
			feeds := FeedOutlines(outlines)
			if len(feeds) != len(tt.wantFeeds) {
				t.Fatalf("feeds = %+v, want %+v", feeds, tt.wantFeeds)
			}
			for i := range feeds {
				if feeds[i].Name() != tt.wantFeeds[i].Name() || feeds[i].XMLURL != tt.wantFeeds[i].XMLURL ||
					feeds[i].HTMLURL != tt.wantFeeds[i].HTMLURL || feeds[i].Type != tt.wantFeeds[i].Type {
					t.Errorf("feed %d = %+v, want %+v", i, feeds[i], tt.wantFeeds[i])
				}
			}
		})
	}
}

func TestReadOPMLRejectsOtherDocuments(t *testing.T) {
	for _, doc := range []string{`<html><p>hello</p></html>`, `not xml at all`, ``} {
		if _, err := ReadOPML(strings.NewReader(doc)); err == nil {
			t.Errorf("ReadOPML(%q) succeeded", doc)
		}
	}
}

func TestWriteOPMLRoundTrip(t *testing.T) {
	in := []Outline{
		{Text: "Tech", Outlines: []Outline{
			{Title: "Blog <Engineering> & Co", XMLURL: "https://blog.test/atom.xml?a=1&b=2", HTMLURL: "https://blog.test/"},
		}},
		{XMLURL: "https://untitled.test/feed"},
	}
	var buf bytes.Buffer
	if err := WriteOPML(&buf, "digestbot feeds", in); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), `<?xml version="1.0" encoding="UTF-8"?>`) ||
		!strings.Contains(buf.String(), `<opml version="2.0">`) || !strings.Contains(buf.String(), "<title>digestbot feeds</title>") {
		t.Fatalf("unexpected document:\n%s", buf.String())
	}
	out, err := ReadOPML(&buf)
	if err != nil {
		t.Fatalf("reading back: %v", err)
	}
	feeds := FeedOutlines(out)
	if len(out) != 2 || len(feeds) != 2 {
		t.Fatalf("round trip gave %+v", out)
	}
	if feeds[0].Title != "Blog <Engineering> & Co" || feeds[0].Text != "Blog <Engineering> & Co" ||
		feeds[0].XMLURL != "https://blog.test/atom.xml?a=1&b=2" || feeds[0].Type != "rss" {
		t.Errorf("first feed = %+v", feeds[0])
	}
	// text is required by OPML: an untitled feed gets its URL.
	if feeds[1].Text != "https://untitled.test/feed" {
		t.Errorf("untitled feed text = %q", feeds[1].Text)
	}
	if out[0].Text != "Tech" || len(out[0].Outlines) != 1 {
		t.Errorf("folder = %+v", out[0])
	}
}
