package story

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/internal/article"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden is what a story card shows; Text is left out to keep the files readable.
type golden struct {
	Title, Site, Language string
	Summary               []string
	Quotes                []digest.Quote
	Actors                []string
}

func makeStory(t *testing.T, name string) Story {
	t.Helper()
	page, err := os.ReadFile(filepath.Join("testdata", name+".html"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := article.Extract(page, "https://news.example/"+name)
	if err != nil {
		t.Fatal(err)
	}
	return Make(a, digest.Options{})
}

func checkGolden(t *testing.T, name string, s Story) {
	t.Helper()
	g := golden{Title: s.Title, Site: s.Site, Language: s.Language, Summary: s.Summary, Quotes: s.Quotes}
	for _, a := range s.Actors {
		g.Actors = append(g.Actors, a.Kind+": "+a.Name)
	}
	got, _ := json.MarshalIndent(g, "", "  ")
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if strings.TrimSpace(string(want)) != strings.TrimSpace(string(got)) {
		t.Errorf("%s differs from the golden file (go test ./internal/story -update to accept):\n%s", name, got)
	}
}

// quoteBy returns the quote containing fragment.
func quoteBy(s Story, fragment string) (digest.Quote, bool) {
	for _, q := range s.Quotes {
		if strings.Contains(q.Text, fragment) {
			return q, true
		}
	}
	return digest.Quote{}, false
}

func hasActor(s Story, kind, name string) bool {
	for _, a := range s.Actors {
		if a.Kind == kind && a.Name == name {
			return true
		}
	}
	return false
}

func checkVerbatim(t *testing.T, s Story) {
	t.Helper()
	for _, sn := range s.Summary {
		if !strings.Contains(s.Text, sn) {
			t.Errorf("summary sentence is not verbatim: %q", sn)
		}
	}
	for _, q := range s.Quotes {
		if q.Start < 0 || q.End > len(s.Text) || s.Text[q.Start:q.End] != q.Text {
			t.Errorf("quote offsets do not index its text: %+v", q)
		}
	}
	for _, a := range s.Actors {
		for _, sp := range a.Spans {
			if sp[0] < 0 || sp[1] > len(s.Text) || sp[0] >= sp[1] {
				t.Errorf("actor %s has a bad span %v", a.Name, sp)
			}
		}
	}
}

// An explainer with expert quotes in "says Dr. X, a Y" form, a related-article
// list and a comment form after the body.
func TestExpertQuotesArticle(t *testing.T) {
	s := makeStory(t, "experts")
	checkVerbatim(t, s)
	for _, junk := range []string{"Leave a Reply", "email address will not be published", "Why your electricity bill", "Share this article", "Photo: Meridian"} {
		if strings.Contains(s.Text, junk) {
			t.Errorf("boilerplate %q left in the article text", junk)
		}
	}
	// Its first two sentences hold 84 words; a third (23) would pass the card's
	// cap of 90 (summary.DefaultLimits), so the card keeps two.
	if len(s.Summary) != 2 {
		t.Errorf("summary has %d sentences, want 2", len(s.Summary))
	}
	q, ok := quoteBy(s, "almost no margin")
	if !ok || q.Speaker != "Marta Lindqvist" || !strings.Contains(q.SpeakerTitle, "grid reliability engineer") {
		t.Errorf("Lindqvist quote = %+v (found %v)", q, ok)
	}
	q, ok = quoteBy(s, "The system held")
	if !ok || q.Speaker != "Henrik Baumann" || !strings.Contains(q.SpeakerTitle, "energy economist") {
		t.Errorf("Baumann quote = %+v (found %v)", q, ok)
	}
	if !hasActor(s, "person", "Paolo Ferrante") || !hasActor(s, "org", "Royal Institute of Technology") || !hasActor(s, "place", "France") {
		t.Errorf("actors = %+v", s.Actors)
	}
	checkGolden(t, "experts", s)
}

// A news story whose quotes are split around their attribution, with
// surname-only and pronoun speakers.
func TestSplitQuotesAndPronouns(t *testing.T) {
	s := makeStory(t, "split_quotes")
	checkVerbatim(t, s)
	for _, tt := range []struct{ fragment, speaker string }{
		{"never only about money", "Ines Moreau"},
		{"Every berth will be working", "Daniel Okafor"},
		{"even then we expect delays", "Daniel Okafor"},
		{"relieved, but we are also realistic", "Sofia Brandt"},
	} {
		if q, ok := quoteBy(s, tt.fragment); !ok || q.Speaker != tt.speaker {
			t.Errorf("quote %q: got %+v (found %v), want speaker %s", tt.fragment, q, ok, tt.speaker)
		}
	}
	if !hasActor(s, "person", "Sofia Brandt") || !hasActor(s, "person", "Ines Moreau") {
		t.Errorf("quoted people must be people: %+v", s.Actors)
	}
	if strings.Contains(s.Text, "Sign up for our newsletter") || strings.Contains(s.Text, "You may also like") {
		t.Errorf("boilerplate left in the article text")
	}
	checkGolden(t, "split_quotes", s)
}

// A German article: the engine still gives a verbatim summary and the quotes
// (German „…“ marks); the entity model is trained on English, so it may find
// fewer actors — it must not invent junk from capitalised German nouns.
func TestOtherLanguageIsGraceful(t *testing.T) {
	s := makeStory(t, "german")
	checkVerbatim(t, s)
	if s.Language != "de" {
		t.Errorf("language = %q, want de", s.Language)
	}
	if len(s.Summary) == 0 {
		t.Fatal("no summary for a German article")
	}
	if _, ok := quoteBy(s, "keine weiteren Sperrungen"); !ok {
		t.Errorf("German quote not found: %+v", s.Quotes)
	}
	checkGolden(t, "german", s)
}

func TestBadInputNeverPanics(t *testing.T) {
	inputs := map[string]string{
		"empty":        "",
		"spaces":       " \n\n\t ",
		"binary":       "\x00\x01\x02\xff\xfe\x89PNG\r\n\x1a\n" + strings.Repeat("\x00\xff", 1000),
		"invalid utf8": "The minister said \xff\xfe it was \"fine\xc3\x28\" today. " + strings.Repeat("\xed\xa0\x80", 50),
		"no sentences": strings.Repeat("word ", 2000),
		"quotes only":  strings.Repeat(`"`, 5000),
		"huge":         strings.Repeat("The council said on Monday that the bridge would reopen. ", 1<<20/58*50),
	}
	for name, text := range inputs {
		t.Run(name, func(t *testing.T) {
			s := Make(article.Article{Text: text}, digest.Options{})
			for _, sn := range s.Summary {
				if !strings.Contains(text, sn) {
					t.Errorf("summary sentence not verbatim")
				}
			}
		})
	}
}

// The cache keeps stories deflated, and still reads the plain JSON entries
// an older digestbot left.
func TestCachedStoriesRoundTrip(t *testing.T) {
	s := Story{ItemID: "1-00000000000000ab", Title: "Bridge reopens", Text: strings.Repeat("The bridge reopened on Monday. ", 40),
		Summary: []string{"The bridge reopened on Monday."}}
	data, err := encodeCached(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) >= len(s.Text) {
		t.Errorf("cached entry is %d bytes for %d of text: not compressed", len(data), len(s.Text))
	}
	plain, _ := json.Marshal(s)
	for name, entry := range map[string][]byte{"deflated": data, "plain JSON": plain} {
		got, err := decodeCached(entry)
		if err != nil || got.Title != s.Title || got.Text != s.Text || got.ItemID != s.ItemID {
			t.Errorf("%s: decoded %+v, %v", name, got, err)
		}
	}
	if _, err := decodeCached([]byte("\x00garbage")); err == nil {
		t.Error("a damaged entry decoded")
	}
}

// A plain-text opinion piece, pasted as a reader would: the headline twice,
// a standfirst, a byline, Title Case headings (some questions), a bullet
// list, a caption repeating the headline, a stray related-article headline,
// six experts with titles before and after their names, and a comment form.
func TestPlainTextOpinion(t *testing.T) {
	s := opinionStory(t, digest.Options{})
	checkVerbatim(t, s)
	wantSummary := []string{
		"When the town of Harwick paved over the Linden River in 1931, its engineers promised cleaner streets and fewer floods.",
		"Ninety years later, the culverts under the high street are cracking and the floods have returned.",
		"A growing group of hydrologists and planners now argues that the cheapest flood defence is the river itself.",
	}
	if strings.Join(s.Summary, "\n") != strings.Join(wantSummary, "\n") {
		t.Errorf("summary:\n got %q\nwant %q", s.Summary, wantSummary)
	}
	// The card's three statements come from three experts, bare names with
	// their roles as titles.
	sts := Statements(s.Quotes)
	if len(sts) != 3 {
		t.Errorf("%d key statements, want 3: %+v", len(sts), sts)
	}
	seen := map[string]bool{}
	for _, st := range sts {
		parts, ok := opinionExperts[st.Speaker]
		switch {
		case !ok:
			t.Errorf("statement %q has speaker %q, not one of the six experts", st.Text, st.Speaker)
		case seen[st.Speaker]:
			t.Errorf("%s has two of the card's statements", st.Speaker)
		case !hasTitleParts(st.SpeakerTitle, parts):
			t.Errorf("%s: speaker_title %q, want it to hold %q", st.Speaker, st.SpeakerTitle, parts)
		}
		seen[st.Speaker] = true
	}
	for _, a := range s.Actors {
		for _, junk := range []string{"Cautious", "Opening", "Road Ahead", "Council Acted", "Tore Down", "Cities", "Rivers Back", "Mara Ellison", "Leave", "Reply", "Comment"} {
			if strings.Contains(a.Name, junk) {
				t.Errorf("junk actor %q (%s) from a heading, byline or comment form", a.Name, a.Kind)
			}
		}
	}
	for _, want := range []struct{ kind, name string }{
		{"person", "Lena Osei"}, {"person", "Tomas Berg"}, {"person", "Paul Mercer"}, {"person", "Anita Rao"},
		{"org", "University of Leeds"}, {"org", "Nordic Infrastructure Institute"}, {"place", "Linden River"},
	} {
		if !hasActor(s, want.kind, want.name) {
			t.Errorf("actor %s (%s) missing: %+v", want.name, want.kind, s.Actors)
		}
	}
	checkGolden(t, "opinion", s)
}

// opinionExperts are the six experts of opinion.txt and the parts their
// speaker_title must hold.
var opinionExperts = map[string][]string{
	"Lena Osei":       {"Professor", "hydrologist at the University of Leeds"},
	"Tomas Berg":      {"economist at the Nordic Infrastructure Institute"},
	"Paul Mercer":     {"Chief Engineer", "Harwick Water Board"},
	"Anita Rao":       {"Former Deputy Mayor"},
	"Sofia Marin":     {"landscape architect with the firm Delta Studio"},
	"James Whitfield": {"chief risk officer at Northbank Insurance"},
}

func opinionStory(t *testing.T, opts digest.Options) Story {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("testdata", "opinion.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return Make(article.Article{Text: string(text)}, opts)
}

func hasTitleParts(title string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(strings.ToLower(title), strings.ToLower(p)) {
			return false
		}
	}
	return true
}

// With room for six, each expert has exactly one statement, with the
// title written before or after the name ("Chief Engineer … of the Harwick
// Water Board"), every expert is a person among the actors, and the town
// of Harwick is a place.
func TestPlainTextOpinionAllExperts(t *testing.T) {
	s := opinionStory(t, digest.Options{Quotes: 6, Actors: 20})
	count := map[string]int{}
	for _, st := range Statements(s.Quotes) {
		count[st.Speaker]++
		if parts, ok := opinionExperts[st.Speaker]; !ok || !hasTitleParts(st.SpeakerTitle, parts) {
			t.Errorf("statement %q: speaker %q, title %q", st.Text, st.Speaker, st.SpeakerTitle)
		}
	}
	for name := range opinionExperts {
		if count[name] != 1 {
			t.Errorf("%s has %d statements, want 1", name, count[name])
		}
		if !hasActor(s, "person", name) {
			t.Errorf("%s is not a person among the actors", name)
		}
	}
	if hasActor(s, "person", "Harwick") || !hasActor(s, "place", "Harwick") {
		t.Errorf("Harwick, a town, must be a place: %+v", s.Actors)
	}
}
