package article

import (
	"bytes"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixtureCase is a page in testdata and what Extract must make of it.
type fixtureCase struct {
	file, url      string
	title, site    string
	byline, lang   string
	published      time.Time
	firstPara      string   // the text must open with this
	want, wantNot  []string // substrings of Text
	wantParagraphs []string // whole paragraphs that must be present
}

func TestExtractFixtures(t *testing.T) {
	tests := []fixtureCase{
		{
			file: "news_story.html", url: "https://www.coastalherald.example/news/flood-wall",
			title: "Harbour town votes to rebuild its flood wall", site: "The Coastal Herald",
			byline: "Maria Lindqvist", lang: "en", published: time.Date(2024, 3, 14, 9, 30, 0, 0, time.UTC),
			firstPara: "Councillors in Portmere voted on Tuesday evening",
			want: []string{
				`"We have waited long enough, and the sea will not wait for us," said Councillor Tomas Reed`,
				"Opponents argued that the cost should fall on the national government",
				"publish a timetable for the closure of the quay road next month.",
			},
			wantNot: []string{
				"Home", "Search", "Share this article", "Facebook", "Photo: Reuters", "breached twice",
				"Related", "READ MORE", "Storm damage bill", "You may also like", "Pier restoration", "Harbour master retires",
				"Reporting by", "Sign up for our newsletter", "Fishing fleet", "Leave a Reply",
				"Your email address will not be published", "Required fields", "Copyright", "By Maria Lindqvist",
				"Published 14 March",
			},
		},
		{
			file: "blog_post.html", url: "https://transitnotes.example/2023/night-buses",
			title: "Why our city needs more night buses", site: "Transit Notes", byline: "Sam Okafor", lang: "en",
			published: time.Date(2023, 11, 2, 17, 5, 0, 0, time.UTC),
			firstPara: "Every weekend thousands of hospital staff",
			want: []string{
				"the only way home is a night bus",
				"None of this is expensive compared with the cost of the new road bridge",
			},
			wantParagraphs: []string{"What other cities have done", "More frequent buses on the busiest corridors."},
			wantNot: []string{
				"Getty Images", "waits at the central station", "Share this", "Twitter", "You may also like",
				"The tram line that never was", "2 comments", "Great post", "Leave a Reply", "logged in", "Archive",
			},
		},
		{
			file: "latin1.html", url: "https://ville.example/ecoles", title: "Écoles rénovées", site: "ville.example", lang: "fr",
			firstPara: "Le conseil municipal de Saint-Étienne a approuvé mardi soir",
			want:      []string{"« Nos élèves méritent des classes chauffées et des cours sûres », a déclaré l'adjointe à l'éducation, Hélène Dubois"},
			wantNot:   []string{"\uFFFD", "Ã"},
		},
		{
			// No declared language: the text detector says English.
			file: "windows1252.html", url: "https://markets.example/profits", title: "Profits beat forecasts", site: "markets.example", lang: "en",
			firstPara: "The company’s chief executive said the results were “better than anyone expected” and promised a dividend of €2 per share",
			wantNot:   []string{"\uFFFD", "â€"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := Extract(readFixture(t, tt.file), tt.url)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			checkFixture(t, a, tt)
		})
	}
}

// checkFixture compares an extracted page with its case: metadata, the
// opening, wanted and unwanted text, and well-formed paragraphs.
func checkFixture(t *testing.T, a Article, tt fixtureCase) {
	t.Helper()
	if a.URL != tt.url || a.Title != tt.title || a.Site != tt.site || a.Byline != tt.byline || a.Language != tt.lang {
		t.Errorf("metadata = url %q title %q site %q byline %q lang %q,\nwant url %q title %q site %q byline %q lang %q",
			a.URL, a.Title, a.Site, a.Byline, a.Language, tt.url, tt.title, tt.site, tt.byline, tt.lang)
	}
	if !a.Published.Equal(tt.published) {
		t.Errorf("Published = %v, want %v", a.Published, tt.published)
	}
	if !strings.HasPrefix(a.Text, tt.firstPara) {
		t.Errorf("Text opens with %.120q, want %q", a.Text, tt.firstPara)
	}
	for _, s := range tt.want {
		if !strings.Contains(a.Text, s) {
			t.Errorf("Text lacks %q", s)
		}
	}
	for _, s := range tt.wantNot {
		if strings.Contains(a.Text, s) {
			t.Errorf("Text keeps boilerplate %q:\n%s", s, a.Text)
		}
	}
	paras := strings.Split(a.Text, "\n\n")
	for _, want := range tt.wantParagraphs {
		found := false
		for _, p := range paras {
			found = found || p == want
		}
		if !found {
			t.Errorf("no paragraph %q in %q", want, paras)
		}
	}
	for _, p := range paras {
		if p == "" || strings.TrimSpace(p) != p || strings.Contains(p, "\n") {
			t.Errorf("malformed paragraph %q", p)
		}
	}
}

func TestCleanParagraphs(t *testing.T) {
	body := "The minister said on Monday that the plan would be published in full before the end of the month."
	runCleanCases(t, []cleanCase{
		{"headline repeated", []string{"Storm closes the coast road", body}, []string{body}},
		{"lead starting with By is no byline", []string{"By Thursday, the storm had moved north.", body}, []string{"By Thursday, the storm had moved north.", body}},
		{"shortened headline", []string{"Storm closes the coast", body}, []string{body}},
		{"headline with kicker", []string{"STORM CLOSES THE COAST ROAD: police warn drivers", body}, []string{body}},
		{"byline and date line", []string{"By Jane Doe and John Roe, Reuters", "Updated: 3 June 2024", body}, []string{body}},
		{"byline with title", []string{"By Steve Peoples, AP National Political Writer", body}, []string{body}},
		{"byline matching meta", []string{"Jane Doe", body}, []string{body}},
		{"comment form", []string{body, "Leave a Reply", "Your email address will not be published. Required fields are marked *", "3 Comments"}, []string{body}},
		{"share and subscribe", []string{body, "Share this article", "Sign up for our daily newsletter", "SUBSCRIBE", "Follow us on Twitter"}, []string{body}},
		{"related heading and its headlines", []string{body, "You may also like:", "Pier wins heritage award", "Harbour master retires after 30 years", body + " Again."}, []string{body, body + " Again."}},
		{"inline teasers", []string{body, "Related: Storm damage bill tops £3m", "READ MORE: Ferry timetable changes"}, []string{body}},
		{"captions and credits", []string{"A lifeboat returns to the harbour at dusk. (Getty Images)", "Photo: Reuters", body, "Residents watch the waves. Photograph: Jane Doe/AFP via Getty Images"}, []string{body}},
		{"wire credits", []string{body, "(Reporting by Jane Doe; Editing by Tom Brown)", "Additional reporting by John Roe"}, []string{body}},
		{"furniture", []string{body, "Advertisement", "Story continues below advertisement", "© 2024 The Herald. All rights reserved."}, []string{body}},
		{"duplicates collapse", []string{body, body}, []string{body}},
		{"newsletter widget", []string{body, "Thanks for signing up!", "Keep an eye on your inbox for the latest news.", "CLICK HERE TO GET THE APP"}, []string{body}},
		{"share row in any language", []string{body, "Whatsapp Facebook Pint Baixar", "Email | Print | Tweet"}, []string{body}},
		{"related headings", []string{body, "Most read in world news", "Ferry strike called off", "Popular on The Herald", "More Great Herald Stories", "You may also like..."}, []string{body}},
		{"contact and citation lines", []string{body, "Email Jane Doe at jdoe@herald.example or follow her @janedoe.", "Citation: Storm closes the coast road (2024, March 1) retrieved 2 March 2024 from https://herald.example/x"}, []string{body}},
		{"reading time and late update stamp", []string{"Reading time: 3 minutes", body, "Updated at 1:23 p.m."}, []string{body}},
		{"more furniture", []string{body, "Advert", "Image copyright EPA", "Media playback is unsupported on your device", "Image 1 of / 13", "Caption", "Close", "Copyright @ 2019 The Herald."}, []string{body}},
		{"agency photo credit without brackets", []string{body, "Jane Roe/Herald Times/Getty Images", "Tom Brown via Reuters"}, []string{body}},
		{"inbox promos", []string{body, "Get breaking news alerts and special reports.", "The stories that matter, delivered to your inbox every morning."}, []string{body}},
		{"comment prompt", []string{body, "Tell us what YOU think..."}, []string{body}},
		{"byline run into its date", []string{"By Jane Doe, John Roe on Monday, November 18th, 2019 at 11:08 a.m.", body}, []string{body}},
		{"contributor line", []string{body, "Contributing: John Roe"}, []string{body}},
		{"author note and name at the foot", []string{body, body + " More.", "Jane Doe", "Jane Doe (@jdoe) is a reporter for The Herald."}, []string{body, body + " More."}},
		{"copyright without a year", []string{body, "Copyright ⓒ Herald Media. Reproduction prohibited."}, []string{body}},
		{
			// Prose that merely mentions the trigger words is kept.
			"prose survives",
			[]string{
				"Posted workers from abroad now make up a third of the crews.",
				"Share prices fell sharply after the company said it would stop publishing its newsletter to investors.",
				"Related research by the university found similar results in three other countries last year.",
				"By the end of the day, more than 4,000 people had signed the petition.",
				"Photo agencies said the new rules would make their work harder.",
				"Comments from the mayor were not well received by the harbour traders.",
				"Copyright lawyers say the ruling will be appealed.",
				"Follow the money, the senator told Twitter users on Monday.",
				"By Thursday, the storm had moved 20 miles north.",
				"By March 2020, prices had doubled.",
				"Tell us what you think of the plan, the mayor urged residents on Monday.",
				"Photo copyright rules changed in 2019.",
				"Jane Doe is a name every trader on the quay knows.",
				"Close to 200 people attended.",
			},
			nil, // same as input
		},
		{"headline later in text is kept", []string{body, body + " More.", body + " Yet more.", body + " Last.", "Storm closes the coast road"},
			[]string{body, body + " More.", body + " Yet more.", body + " Last.", "Storm closes the coast road"}},
	})
}

// cleanCase is paragraphs in, what cleanParagraphs keeps of them out (nil:
// all of them), for the title "Storm closes the coast road" by Jane Doe.
type cleanCase struct {
	name  string
	paras []string
	want  []string
}

func runCleanCases(t *testing.T, tests []cleanCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want == nil {
				want = tt.paras
			}
			got := blockTexts(cleanParagraphs(textBlocksOf(tt.paras), "Storm closes the coast road", "Jane Doe"))
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("cleanParagraphs:\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestExtractBadInput(t *testing.T) {
	junk := make([]byte, 64<<10)
	rand.New(rand.NewSource(1)).Read(junk)
	invalid := append([]byte("<html><body><article><p>"), bytes.Repeat([]byte("Caf\xe9 owners \xff\xfe protested the new parking rules outside the town hall today. "), 10)...)
	invalid = append(invalid, "</p></article></body></html>"...)

	tests := []struct {
		name    string
		page    []byte
		wantErr error
	}{
		{"empty", nil, ErrNoArticle},
		{"whitespace", []byte("   \n "), ErrNoArticle},
		{"no article", readFixture(t, "no_article.html"), ErrNoArticle},
		{"binary junk", junk, ErrNotHTML},
		{"pdf", []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj"), ErrNotHTML},
		{"png", append([]byte("\x89PNG\r\n\x1a\n"), junk[:100]...), ErrNotHTML},
		{"invalid utf-8", invalid, nil},
		{"unclosed tags", []byte("<html><body><div><p>" + strings.Repeat("<b><i>Unclosed markup everywhere in this story about roads. ", 20)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract(tt.page, "https://example.com/a")
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Extract err = %v, want %v", err, tt.wantErr)
			}
			if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
				t.Errorf("invalid UTF-8 in output: %q", a.Text)
			}
			if tt.wantErr == nil && a.Text == "" {
				t.Error("no text extracted")
			}
		})
	}
}

func TestExtractHugePage(t *testing.T) {
	story := readFixture(t, "news_story.html")
	page := make([]byte, 0, 50<<20)
	page = append(page, story[:bytes.Index(story, []byte("</body>"))]...)
	page = append(page, "<script>var s = \""...)
	page = append(page, bytes.Repeat([]byte("abcdefghij"), (50<<20-len(page))/10)...)
	a, err := Extract(page, "https://example.com/big")
	if err != nil || !strings.Contains(a.Text, "Councillors in Portmere voted") {
		t.Errorf("Extract(50 MB) = %.80q, %v; want the story", a.Text, err)
	}

	junk := bytes.Repeat([]byte("<div>"), 10<<20)
	if _, err := Extract(junk, "https://example.com/junk"); !errors.Is(err, ErrTooLarge) || !errors.Is(err, ErrNoArticle) {
		t.Errorf("Extract(50 MB of <div>) err = %v, want ErrTooLarge and ErrNoArticle", err)
	}
}

// TestExtractConcurrent lets the race detector look for shared state in
// Extract and the extractors under it: the pipeline extracts in parallel.
func TestExtractConcurrent(t *testing.T) {
	pages := [][]byte{readFixture(t, "news_story.html"), readFixture(t, "blog_post.html")}
	want := make([]string, len(pages))
	for i, p := range pages {
		a, err := Extract(p, "https://example.com/")
		if err != nil {
			t.Fatal(err)
		}
		want[i] = a.Text
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 3 {
				k := (g + i) % len(pages)
				if a, err := Extract(pages[k], "https://example.com/"); err != nil || a.Text != want[k] {
					t.Errorf("concurrent Extract of page %d: err %v, text differs: %v", k, err, a.Text != want[k])
				}
			}
		}()
	}
	wg.Wait()
}

func TestDecodeHTML(t *testing.T) {
	tests := []struct {
		name        string
		page        string
		contentType string
		want        string
	}{
		{"utf-8 default", "<p>Café</p>", "", "<p>Café</p>"},
		{"latin1 meta", "<meta charset=\"iso-8859-1\"><p>Caf\xe9</p>", "", "<meta charset=\"iso-8859-1\"><p>Café</p>"},
		{"windows-1252 http-equiv", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>\x93Hi\x94 \x80</p>", "",
			"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>“Hi” €</p>"},
		{"header wins over meta", "<meta charset=\"utf-8\"><p>Caf\xe9</p>", "text/html; charset=ISO-8859-1", "<meta charset=\"utf-8\"><p>Café</p>"},
		{"stale latin1 meta on utf-8 bytes", "<meta charset=\"iso-8859-1\"><p>Café</p>", "", "<meta charset=\"iso-8859-1\"><p>Café</p>"},
		{"utf-8 bom stripped", "\xef\xbb\xbf<p>Café</p>", "", "<p>Café</p>"},
		{"utf-16le bom", "\xff\xfe<\x00p\x00>\x00\xe9\x00", "", "<p>é"},
		{"invalid utf-8 repaired", "<p>Caf\xe9 \xff</p>", "", "<p>Caf\uFFFD \uFFFD</p>"},
		{"unknown charset label", "<meta charset=\"x-klingon\"><p>ok</p>", "", "<meta charset=\"x-klingon\"><p>ok</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeHTML([]byte(tt.page), tt.contentType); got != tt.want {
				t.Errorf("decodeHTML = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStripSiteSuffix(t *testing.T) {
	tests := []struct{ title, site, want string }{
		{"Storm hits coast | The Herald", "The Herald", "Storm hits coast"},
		{"Storm hits coast - BBC News", "", "Storm hits coast"},
		{"The Herald | Storm hits the coast road", "The Herald", "Storm hits the coast road"},
		{"Spider-Man - the musical opens", "", "Spider-Man - the musical opens"},
		{"Storm hits coast", "The Herald", "Storm hits coast"},
		// The site named by its host's label or by its name before a tagline.
		{"Gulf Stream - Wikipedia", "en.wikipedia.org", "Gulf Stream"},
		{"Most pomohl | Deník.cz", "Deník.cz - Zprávy z regionů", "Most pomohl"},
		{"Weather - the week ahead", "weather.example", "Weather - the week ahead"},
	}
	for _, tt := range tests {
		if got := stripSiteSuffix(tt.title, tt.site); got != tt.want {
			t.Errorf("stripSiteSuffix(%q, %q) = %q, want %q", tt.title, tt.site, got, tt.want)
		}
	}
}

func TestMetadataFallbacks(t *testing.T) {
	page := `<html><head><title>Bridge reopens after repairs :: City Paper</title>
<meta property="og:locale" content="de_DE"></head><body>
<h1>Bridge reopens</h1><time datetime="2022-05-01">May 1</time>
<article><p>` + strings.Repeat("The old bridge reopened to traffic this morning after two years of repairs. ", 5) + `</p></article></body></html>`
	a, err := Extract([]byte(page), "https://www.citypaper.example/bridge")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Bridge reopens after repairs" || a.Site != "citypaper.example" || a.Language != "de" ||
		!a.Published.Equal(time.Date(2022, 5, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("got title %q site %q lang %q published %v", a.Title, a.Site, a.Language, a.Published)
	}
}

func TestTitleSkipsGenericLabels(t *testing.T) {
	article := `<article><p>` + strings.Repeat("The cargo ship broke up over the mountains minutes after its launch on Thursday. ", 4) + `</p></article>`
	tests := []struct{ name, head, h1, want string }{
		{"og:title is the site's name",
			`<title>Cargo ship breaks up over Siberia</title><meta property="og:title" content="Daily Planet - Latest News &amp; Headlines"><meta name="application-name" content="Daily Planet - Latest News &amp; Headlines">`,
			"Cargo ship breaks up over Siberia", "Cargo ship breaks up over Siberia"},
		{"JSON-LD headline is a label the page never shows",
			`<title>List of cargo ships lost in orbit - Wikipedia</title><script type="application/ld+json">{"@type":"Article","name":"List of cargo ships lost in orbit","headline":"Wikimedia list article"}</script>`,
			"List of cargo ships lost in orbit", "List of cargo ships lost in orbit"},
		{"og:title with the site's name after it",
			`<title>x</title><meta property="og:site_name" content="Daily Planet"><meta property="og:title" content="Cargo ship breaks up | Daily Planet">`,
			"Something else", "Cargo ship breaks up"},
		{"a reworded og:title is still the headline",
			`<title>How to watch the 21 best films of 2017</title><meta property="og:title" content="The 21 best movies of 2017">`,
			"How to watch the 21 best films of 2017", "The 21 best movies of 2017"},
		{"RDFa lists several properties",
			`<title>Title Element</title><meta property="x:title og:title" content="Cargo ship breaks up">`,
			"", "Cargo ship breaks up"},
	}
	for _, tt := range tests {
		page := `<html><head>` + tt.head + `</head><body><h1>` + tt.h1 + `</h1>` + article + `</body></html>`
		a, err := Extract([]byte(page), "https://www.planet.example/story")
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != tt.want {
			t.Errorf("%s: title %q, want %q", tt.name, a.Title, tt.want)
		}
	}
}

func TestBylineWithoutBy(t *testing.T) {
	// The page names its author only in a byline element, "By Jane
	// Halloran"; the name alone at the foot of the story is that byline
	// again, not a paragraph.
	para := "<p>" + strings.Repeat("The council voted on Tuesday to rebuild the harbour wall before the winter storms arrive. ", 3) + "</p>"
	page := `<html><head><title>Council rebuilds the harbour wall</title></head><body><article>` +
		`<h1>Council rebuilds the harbour wall</h1><p class="byline">By Jane Halloran</p>` + para + para + `<p>Jane Halloran</p></article></body></html>`
	a, err := Extract([]byte(page), "https://paper.example/harbour")
	if err != nil {
		t.Fatal(err)
	}
	if a.Byline != "Jane Halloran" || strings.Contains(a.Text, "\n\nJane Halloran") {
		t.Errorf("byline %q, text %q; want the bare name and no repeat at the foot", a.Byline, a.Text)
	}
}
