package entity

import (
	"reflect"
	"testing"
)

func TestActorsKindFromContext(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"an appositive headed by a company noun makes an organisation",
			"Maersk, the Danish shipping group, raised prices. Analysts doubted Maersk could hold them.",
			[]any{"Maersk", Person, "Maersk", Person},
			[]actorSummary{{"Maersk", Org, 2}},
		},
		{
			"so does a possessive of what only organisations have",
			"Vincent Clerc, Maersk's chief executive, spoke.",
			[]any{"Vincent Clerc", Person, "Maersk", Person},
			[]actorSummary{{"Vincent Clerc", Person, 1}, {"Maersk", Org, 1}},
		},
		{
			"a person described by a job at an organisation stays a person",
			"Hannah Weiss, an economist at the Kiel Institute, disagreed. John Reed, the group's founder, left.",
			[]any{"Hannah Weiss", Person, "Kiel Institute", Org, "John Reed", Person},
			[]actorSummary{{"Hannah Weiss", Person, 1}, {"Kiel Institute", Org, 1}, {"John Reed", Person, 1}},
		},
		{
			"a possessive of what people have too says nothing",
			"Musk's shares fell. Musk's spokesman declined to comment.",
			[]any{"Musk", Person, "Musk", Person},
			[]actorSummary{{"Musk", Person, 2}},
		},
		{
			"holidays are dates, not actors",
			"Shops hired staff before Christmas and Thanksgiving. Lunar New Year follows.",
			[]any{"Christmas", Org, "Thanksgiving", Place, "Lunar New Year", Org},
			nil,
		},
		{
			"an organisation named by its last word merges into the one full name",
			"The European Commission met in Brussels. The Commission said little.",
			[]any{"European Commission", Org, "Brussels", Place, "Commission", Org},
			[]actorSummary{{"European Commission", Org, 2}, {"Brussels", Place, 1}},
		},
		{
			"but not when two organisations end with it, and then it is no actor alone",
			"The European Union and the African Union met. The Union said little.",
			[]any{"European Union", Org, "African Union", Org, "Union", Org},
			[]actorSummary{{"European Union", Org, 1}, {"African Union", Org, 1}},
		},
	})
}

func TestActorsMendNames(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"two person mentions with a space between are one person",
			"Ted Cruz surged. Cruz won.",
			[]any{"Ted", Person, "Cruz", Person, "Cruz", Person},
			[]actorSummary{{"Ted Cruz", Person, 2}},
		},
		{
			"a surname goes to the full name named far more often",
			"Hillary Clinton spoke. Hillary Clinton won. Hillary Clinton left. Bill Clinton cheered. Clinton thanked them.",
			[]any{"Hillary Clinton", Person, "Hillary Clinton", Person, "Hillary Clinton", Person,
				"Bill Clinton", Person, "Clinton", Person},
			[]actorSummary{{"Hillary Clinton", Person, 4}, {"Bill Clinton", Person, 1}},
		},
		{
			"but stays apart in a close call",
			"Hillary Clinton spoke. Bill Clinton cheered. Clinton thanked them.",
			[]any{"Hillary Clinton", Person, "Bill Clinton", Person, "Clinton", Person},
			[]actorSummary{{"Hillary Clinton", Person, 1}, {"Bill Clinton", Person, 1}, {"Clinton", Person, 1}},
		},
		{
			"peoples are not actors",
			"Latino voters and Americans abroad backed Ana Ruiz. Latinos said so.",
			[]any{"Latino", Person, "Americans", Org, "Ana Ruiz", Person, "Latinos", Org},
			[]actorSummary{{"Ana Ruiz", Person, 1}},
		},
	})
}

func TestActorsFirstNameBeforeUntaggedSurname(t *testing.T) {
	text := "Ted Cruz surged. Cruz won. Cruz smiled."
	ms := mentionsOf(t, text, "Ted", Person, "Cruz", Person, "Cruz", Person, "Cruz", Person)
	ms = append(ms[:1], ms[2:]...) // the tagger missed the "Cruz" after "Ted"
	got := summarise(Actors(text, ms))
	want := []actorSummary{{"Ted Cruz", Person, 3}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Actors = %+v, want %+v", got, want)
	}
}

func TestAppositiveHead(t *testing.T) {
	for phrase, want := range map[string]string{
		"Danish shipping group, said":            "group",
		"economist at the Kiel Institute, said":  "economist",
		"parent company of Google.":              "company",
		"bank based in Frankfurt":                "bank",
		"group's founder, left":                  "founder",
		"very big old rusty red shipping group,": "",
		"":                                       "",
	} {
		if got := appositiveHead(phrase); got != want {
			t.Errorf("appositiveHead(%q) = %q, want %q", phrase, got, want)
		}
	}
}
