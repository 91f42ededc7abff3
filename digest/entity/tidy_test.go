package entity

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitAtTitle(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	type part struct {
		Text string
		Kind Kind
	}
	for _, tt := range []struct {
		text string
		kind Kind
		want []part
	}{
		{"NASA Administrator Jim Bridenstine", Org, []part{{"NASA", Org}, {"Jim Bridenstine", Person}}},
		{"Hong Kong Chief Executive Carrie Lam", Org, []part{{"Hong Kong", Place}, {"Carrie Lam", Person}}},
		{"South Dakota Gov.", Org, []part{{"South Dakota", Place}}},
		{"Senate Minority Leader Harry Reid", Org, []part{{"Senate", Org}, {"Harry Reid", Person}}},
		{"Gov. Kristi Noem", Org, []part{{"Kristi Noem", Person}}},
		{"Pentagon correspondent Carla Babb", Org, []part{{"Pentagon", Org}, {"Carla Babb", Person}}},
		{"DL Sheldon Richardson", Org, []part{{"Sheldon Richardson", Person}}},
		{"Founder", Org, nil},
		// Titles that are names, or parts of them, stay.
		{"Kevin King", Person, []part{{"Kevin King", Person}}},
		{"Martin Luther King Jr.", Person, []part{{"Martin Luther King Jr.", Person}}},
		{"General Motors", Org, []part{{"General Motors", Org}}},
		{"Los Angeles-based Miss Universe Inc.", Org, []part{{"Los Angeles-based Miss Universe Inc.", Org}}},
		{"King", Person, []part{{"King", Person}}},
		{"DHS Office of Inspector General", Org, []part{{"DHS Office of Inspector General", Org}}},
	} {
		var got []part
		for _, m := range splitAtTitle(Mention{Text: tt.text, Start: 10, End: 10 + len(tt.text), Kind: tt.kind}) {
			got = append(got, part{m.Text, m.Kind})
			if m.End-m.Start != len(m.Text) {
				t.Errorf("%q: piece %q has span %d-%d", tt.text, m.Text, m.Start, m.End)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitAtTitle(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestActorsTidyNames(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"a name the tagger ended at \"of\" is joined",
			"The Department of Public Safety said so.",
			[]any{"Department", Org, "Public Safety", Org},
			[]actorSummary{{"Department of Public Safety", Org, 1}},
		},
		{
			"a name the tagger ended at \"for the\" is joined",
			"She works at the Kiel Institute for the World Economy.",
			[]any{"Kiel Institute", Org, "World Economy", Org},
			[]actorSummary{{"Kiel Institute for the World Economy", Org, 1}},
		},
		{
			"a word the text also writes in lower case is no one-word actor",
			"Dock worker vacancies: 1,200\nThe dock stood idle. Maersk said so.",
			[]any{"Dock", Person, "Maersk", Org},
			[]actorSummary{{"Maersk", Org, 1}},
		},
		{
			"an organisation word makes a person an organisation",
			"The Max Planck Institute ran it.",
			[]any{"Max Planck Institute", Person},
			[]actorSummary{{"Max Planck Institute", Org, 1}},
		},
		{
			"a first name does not make an organisation a person",
			"Philip Morris and Le Monde said so. Shares of Acme Inc of Boulder rose.",
			[]any{"Philip Morris", Org, "Le Monde", Org, "Acme Inc", Org, "Boulder", Place},
			[]actorSummary{{"Philip Morris", Org, 1}, {"Le Monde", Org, 1}, {"Acme Inc", Org, 1}, {"Boulder", Place, 1}},
		},
		{
			"a country is no person",
			"China said no.",
			[]any{"China", Person},
			[]actorSummary{{"China", Place, 1}},
		},
		{
			"a country typed as a person by its full name, and planets, are places",
			"The United States and China sent probes to Mars.",
			[]any{"United States", Person, "China", Person, "Mars", Org},
			[]actorSummary{{"United States", Place, 1}, {"China", Place, 1}, {"Mars", Place, 1}},
		},
		{
			"a headline question's verb is no part of a name",
			"Is Google Stadia worth it? Google Stadia launched.",
			[]any{"Is Google Stadia", Org, "Google Stadia", Org},
			[]actorSummary{{"Google Stadia", Org, 2}},
		},
		{
			"URLs, sums, initials, party tags and common acronyms are no actors",
			"See https://t.co/x and www.example.com for $300M. M. Smith, D-Minn, bought a GPU.",
			[]any{"https://t.co/x", Org, "www.example.com", Place, "$300M", Org, "M.", Person, "D-Minn", Person, "GPU", Org},
			nil,
		},
	})
}

func TestIsJunkName(t *testing.T) {
	for name, want := range map[string]bool{
		"pic.twitter.com/4p7SXk7JPW": true, "R-W.Va": true, "Y.": true, "kWh": true, "USB-C": true,
		"※「iPhone」は、Apple Inc.の商標です。": true, "2020 Audi": true,
		"H":     true,
		"AC/DC": false, "Polygraph.info": false, "eBay": false, "J.K. Rowling": false, "NASA": false, "D.C.": false,
	} {
		if got := isJunkName(name); got != want {
			t.Errorf("isJunkName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestCommonWordsLoad(t *testing.T) {
	words := common()
	if len(words) < 5000 || !words["help"] || words["twitter"] || words["london"] {
		t.Fatalf("common words: %d loaded; help %v, twitter %v, london %v",
			len(words), words["help"], words["twitter"], words["london"])
	}
}

func TestActorsDropCommonWords(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"a common word capitalised by a heading or a button is no actor",
			"Help\nAsk for Help. OUT NOW. The mayor spoke.",
			[]any{"Help", Person, "Help", Person, "OUT", Place},
			nil,
		},
		{
			"one capitalised in mid-sentence again and again is a name",
			"Customers of Current, the bank, grew. Analysts said Current would gain.",
			[]any{"Current", Org, "Current", Org},
			[]actorSummary{{"Current", Org, 2}},
		},
	})
}

func TestActorsTownsAfterPrepositions(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"towns the tagger took for clubs are places after a place preposition",
			"Ships were diverted to Rotterdam and Hamburg on Monday.",
			[]any{"Rotterdam", Org, "Hamburg", Org},
			[]actorSummary{{"Rotterdam", Place, 1}, {"Hamburg", Place, 1}},
		},
		{
			"a club named by its town elsewhere stays a club",
			"Hamburg beat Bremen 2-0. Fans in Hamburg cheered.",
			[]any{"Hamburg", Org, "Bremen", Org, "Hamburg", Org},
			[]actorSummary{{"Hamburg", Org, 2}, {"Bremen", Org, 1}},
		},
	})
}

func TestSplitCoordinatedNames(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"two teams the text names alone are two actors",
			"The Steelers lost. The Browns won. The Steelers and Browns were fined.",
			[]any{"Steelers", Org, "Browns", Org, "Steelers and Browns", Org},
			[]actorSummary{{"Steelers", Org, 2}, {"Browns", Org, 2}},
		},
		{
			"a country named with 'and' stays whole",
			"Bosnia and Herzegovina voted. Herzegovina is a region.",
			[]any{"Bosnia and Herzegovina", Place, "Herzegovina", Place},
			[]actorSummary{{"Bosnia and Herzegovina", Place, 1}, {"Herzegovina", Place, 1}},
		},
	})
}

func TestNoNameAcrossParagraphs(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"a mention over a blank line is cut there",
			"Nobody read Ford\n\nI did. Ford wrote on.",
			[]any{"Ford\n\nI", Org, "Ford", Org},
			[]actorSummary{{"Ford", Org, 2}},
		},
		{
			"a name wrapped on one line break stays whole",
			"The minister Elena\nKovac spoke.",
			[]any{"Elena\nKovac", Person},
			[]actorSummary{{"Elena Kovac", Person, 1}},
		},
	})
}

// TestLowerAlready: lowerWords' check agrees with comparing a word to
// strings.ToLower of it, which it replaced, on every kind of letter.
func TestLowerAlready(t *testing.T) {
	for _, w := range []string{"dock", "Dock", "DOCK", "eBay", "ǅemal", "ǆemal", "İstanbul", "straße", "ΣΑΣ", "σας", "ﬁne", "日本", "x"} {
		if got, want := lowerAlready(w), w == strings.ToLower(w); got != want {
			t.Errorf("lowerAlready(%q) = %v, want %v", w, got, want)
		}
	}
}
