package entity

import (
	"reflect"
	"testing"

	"github.com/digestbot/digestbot/digest/entity/tagger"
)

// TestActorsJunk covers the junk actors real pages produced, on sentences
// written for the test; mentions are placed by hand so that each case tests
// Actors, not the tagger.
func TestActorsJunk(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"possessives with U+2019 and U+2018 apostrophes are stripped",
			"Angela Merkel’s cabinet met. Later Angela Merkel‘s aides left, and Merkel's deputy stayed.",
			[]any{"Angela Merkel’s", Person, "Angela Merkel‘s", Person, "Merkel's", Person},
			[]actorSummary{{"Angela Merkel", Person, 3}},
		},
		{
			"a hyphenated pair of known names gives two actors",
			"The EU-China summit ended early. China said little.",
			[]any{"EU-China", Place, "China", Place},
			[]actorSummary{{"China", Place, 2}, {"European Union", Org, 1}},
		},
		{
			"a hyphenated name that is not a pair stays whole",
			"Coca-Cola raised prices in Guinea-Bissau.",
			[]any{"Coca-Cola", Org, "Guinea-Bissau", Place},
			[]actorSummary{{"Coca-Cola", Org, 1}, {"Guinea-Bissau", Place, 1}},
		},
		{
			"page furniture is not an actor",
			"BREAKING NEWS\nThe Road Ahead\nStep 2: Call Lena Ortiz. Reprints are sold by Fox News.",
			[]any{"BREAKING NEWS", Org, "Road Ahead", Person, "Step", Person, "Lena Ortiz", Person,
				"Reprints", Org, "Fox News", Org},
			[]actorSummary{{"Lena Ortiz", Person, 1}, {"Fox News", Org, 1}},
		},
		{
			"time zones and AM/PM are not actors",
			"The vote closed at 9 PM CST on Friday, 10 PM EST, and results came at 6 AM in Ohio.",
			[]any{"PM CST", Org, "EST", Org, "AM", Place, "Ohio", Place},
			[]actorSummary{{"Ohio", Place, 1}},
		},
		{
			"the site and author in a dateline or byline are not actors",
			"March 3, 2022 / 9:41 PM / Harbor Times\nBy Jane Doe | Harbor Times | 5 min read\n" +
				"Mayor Tom Reyes opened the bridge. Reyes thanked the crews.",
			[]any{"Harbor Times", Org, "Jane Doe", Person, "Harbor Times", Org, "Tom Reyes", Person, "Reyes", Person},
			[]actorSummary{{"Tom Reyes", Person, 2}},
		},
		{
			"the agency in a paragraph's dateline is not an actor",
			"DUBLIN (Reuters) - Ireland's central bank held rates. Reuters could not reach it.",
			[]any{"DUBLIN", Place, "Reuters", Org, "Ireland", Place, "Reuters", Org},
			[]actorSummary{{"DUBLIN", Place, 1}, {"Ireland", Place, 1}, {"Reuters", Org, 1}},
		},
		{
			"a surname counts toward the full name, whatever the tagger called it",
			"Angela Merkel arrived. Merkel spoke first; Merkel's plan won, and aides cheered Merkel.",
			[]any{"Angela Merkel", Person, "Merkel", Person, "Merkel's", Org, "Merkel", Place},
			[]actorSummary{{"Angela Merkel", Person, 4}},
		},
		{
			"a known place does not fold into a person named after it",
			"Jack London wrote it. London was wet.",
			[]any{"Jack London", Person, "London", Place},
			[]actorSummary{{"Jack London", Person, 1}, {"London", Place, 1}},
		},
	})
}

// TestActorsSalience checks that the most-mentioned people and
// organisations come first, ahead of places named as often or earlier.
func TestActorsSalience(t *testing.T) {
	text := "In Nairobi, Kenya, the minister met bankers. Nairobi traffic stalled. " +
		"Wanjiru Kamau of the Tana Water Board said the plan was sound. Kamau added that " +
		"the Tana Water Board would vote. Kamau, who chairs the Tana Water Board, said Kenya must act. " +
		"Otieno Achieng, a farmer, agreed. Achieng later left Nairobi."
	ms := mentionsOf(t, text,
		"Nairobi", Place, "Kenya", Place, "Nairobi", Place, "Wanjiru Kamau", Person, "Tana Water Board", Org,
		"Kamau", Person, "Tana Water Board", Org, "Kamau", Person, "Tana Water Board", Org, "Kenya", Place,
		"Otieno Achieng", Person, "Achieng", Person, "Nairobi", Place)
	var names []string
	for _, a := range Actors(text, ms) {
		names = append(names, a.Name)
	}
	// Nairobi, named three times from the first word on, falls behind the
	// person and the board named three times later; Kenya, named twice and
	// early, stays ahead of the farmer named twice at the end.
	want := []string{"Wanjiru Kamau", "Tana Water Board", "Nairobi", "Kenya", "Otieno Achieng"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("ranking = %v, want %v", names, want)
	}
}

// TestRecognizeJunk runs the tagger itself on the same kinds of text: a
// curly possessive is not part of the name and furniture never comes out.
func TestRecognizeJunk(t *testing.T) {
	text := "BREAKING NEWS\nNov. 4, 2021 6:10 AM EST\nGerman Chancellor Angela Merkel‘s government " +
		"said on Tuesday that talks would resume. Merkel’s spokesman, Steffen Seibert, declined to comment."
	for _, m := range Recognize(text) {
		switch m.Text {
		case "Angela Merkel‘s", "Merkel’s", "BREAKING NEWS", "BREAKING", "NEWS", "AM", "EST", "AM EST":
			t.Errorf("junk mention %+v", m)
		}
	}
	got := summarise(Actors(text, Recognize(text)))
	if len(got) == 0 || got[0] != (actorSummary{"Angela Merkel", Person, 2}) {
		t.Errorf("actors = %+v, want Angela Merkel first with 2 mentions", got)
	}
}

// TestPlaceSplit checks where an organisation chunk that ran on into its
// city is cut: only before "in" and a known place.
func TestPlaceSplit(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		text string
		want int // token index of "in", or -1
	}{
		{"Royal Institute of Technology in Stockholm", 4},
		{"Friends of the Earth in Brussels", 4},
		{"Order of Merit in Glasswork", -1}, // not a place
		{"Bank of Finland", -1},
		{"Institute in Stockholm today", -1}, // lower-case word after the place
	} {
		toks := tagger.Tokenize(tt.text)
		if got := placeSplit(toks, 0, len(toks)); got != tt.want {
			t.Errorf("placeSplit(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
