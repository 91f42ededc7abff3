package entity

import (
	"reflect"
	"strings"
	"testing"
)

// mentionsOf builds mentions for the given surface strings, located in
// order in text, so that Actors can be tested apart from the tagger.
func mentionsOf(t *testing.T, text string, items ...any) []Mention {
	t.Helper()
	var out []Mention
	from := 0
	for k := 0; k < len(items); k += 2 {
		s, kind := items[k].(string), items[k+1].(Kind)
		i := strings.Index(text[from:], s)
		if i < 0 {
			t.Fatalf("%q not found after byte %d", s, from)
		}
		out = append(out, Mention{Text: s, Start: from + i, End: from + i + len(s), Kind: kind})
		from += i + len(s)
	}
	return out
}

type actorSummary struct {
	Name     string
	Kind     Kind
	Mentions int
}

func summarise(as []Actor) []actorSummary {
	out := make([]actorSummary, len(as))
	for i, a := range as {
		out[i] = actorSummary{a.Name, a.Kind, a.Mentions}
	}
	return out
}

// actorCase is one table row for Actors: mentions are placed by hand (see
// mentionsOf) so that the case tests Actors, not the tagger.
type actorCase struct {
	name     string
	text     string
	mentions []any
	want     []actorSummary
}

func TestActorsMerging(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"surname, honorific and possessive merge into the full name",
			"Elena Kovac spoke. Kovac said it failed. Mr. Kovac's view was clear.",
			[]any{"Elena Kovac", Person, "Kovac", Person, "Mr. Kovac's", Person},
			[]actorSummary{{"Elena Kovac", Person, 3}},
		},
		{
			"a surname mentioned before the full name still merges",
			"Kovac, the analyst, was blunt. Later Elena Kovac added more.",
			[]any{"Kovac", Person, "Elena Kovac", Person},
			[]actorSummary{{"Elena Kovac", Person, 2}},
		},
		{
			"an ambiguous surname stays apart",
			"Anna Smith and John Smith met. Smith left.",
			[]any{"Anna Smith", Person, "John Smith", Person, "Smith", Person},
			[]actorSummary{{"Anna Smith", Person, 1}, {"John Smith", Person, 1}, {"Smith", Person, 1}},
		},
		{
			"U.S. and United States are one place",
			"The United States and the U.S. Treasury. The U.S. said no.",
			[]any{"United States", Place, "U.S.", Place, "U.S.", Place},
			[]actorSummary{{"United States", Place, 3}},
		},
		{
			"an acronym merges into its organisation",
			"The European Central Bank held rates. The ECB will meet again.",
			[]any{"European Central Bank", Org, "ECB", Org},
			[]actorSummary{{"European Central Bank", Org, 2}},
		},
		{
			"case variants merge and the mixed-case spelling is shown",
			"KOVAC WARNS\nElena Kovac warned. KOVAC again.",
			[]any{"KOVAC", Person, "Elena Kovac", Person, "KOVAC", Person},
			[]actorSummary{{"Elena Kovac", Person, 3}},
		},
		{
			"a one-word organisation merges into the one it starts",
			"Elena Kovac of the Brookings Institution spoke. Brookings later denied it.",
			[]any{"Elena Kovac", Person, "Brookings Institution", Org, "Brookings", Org},
			[]actorSummary{{"Brookings Institution", Org, 2}, {"Elena Kovac", Person, 1}},
		},
		{
			"a known place does not merge into an organisation named after it",
			"The Washington Post said rain fell in Washington. Brookings, in Washington, agreed with the Brookings Institution.",
			[]any{"Washington Post", Org, "Washington", Place, "Brookings", Place, "Washington", Place, "Brookings Institution", Org},
			// Places weigh less than organisations in the ranking (kindWeight).
			[]actorSummary{{"Brookings Institution", Org, 2}, {"Washington", Place, 2}, {"Washington Post", Org, 1}},
		},
		{
			"a name holding an organisation's name inside is a thing",
			"The Retina MacBook Pro replaces the MacBook. Mike Ford of Ford said the MacBook sold well.",
			[]any{"Retina MacBook Pro", Person, "MacBook", Org, "Mike Ford", Person, "Ford", Org, "MacBook", Org},
			// "Ford" alone is Mike Ford's surname here and joins him.
			[]actorSummary{{"MacBook", Org, 2}, {"Mike Ford", Person, 2}, {"Retina MacBook Pro", Org, 1}},
		},
		{
			"a name opening with a nationality is a company",
			"Deutsche Bahn cut trains. Christian Springer said British Airways flew on.",
			[]any{"Deutsche Bahn", Person, "Christian Springer", Person, "British Airways", Person},
			[]actorSummary{{"Deutsche Bahn", Org, 1}, {"Christian Springer", Person, 1}, {"British Airways", Org, 1}},
		},
		{
			"the majority kind wins",
			"Washington said. Washington agreed. In Washington, rain.",
			[]any{"Washington", Org, "Washington", Place, "Washington", Place},
			[]actorSummary{{"Washington", Place, 3}},
		},
		{
			"junk is dropped",
			"The said. He went. 1996 was a year.",
			[]any{"The", Org, "He", Person, "1996", Place},
			nil,
		},
	})
}

func checkActorCases(t *testing.T, tests []actorCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := mentionsOf(t, tt.text, tt.mentions...)
			got := Actors(tt.text, ms)
			if s := summarise(got); !reflect.DeepEqual(s, tt.want) && !(len(s) == 0 && len(tt.want) == 0) {
				t.Errorf("Actors = %+v\nwant %+v", s, tt.want)
			}
			for _, a := range got {
				for k, sp := range a.Spans {
					if k > 0 && a.Spans[k-1][0] > sp[0] {
						t.Errorf("%s: spans not in text order: %v", a.Name, a.Spans)
					}
				}
			}
		})
	}
}

func TestActorsRanking(t *testing.T) {
	text := "Lagarde holds rates\nThe bank's president, Christine Lagarde, spoke in Frankfurt. " +
		"Elena Kovac of the Brookings Institution said Lagarde was right. Kovac added that Kovac's " +
		"colleagues agreed. Reuters reported it from Paris."
	ms := mentionsOf(t, text,
		"Lagarde", Person, "Christine Lagarde", Person, "Frankfurt", Place,
		"Elena Kovac", Person, "Brookings Institution", Org, "Lagarde", Person,
		"Kovac", Person, "Kovac's", Person, "Reuters", Org, "Paris", Place)
	got := Actors(text, ms)
	names := make([]string, len(got))
	for i, a := range got {
		names[i] = a.Name
	}
	// Lagarde: 3 mentions and in the title; Kovac: 3 mentions, later; then
	// single mentions by position, an organisation before a place named a
	// little earlier (places weigh less: kindWeight).
	want := []string{"Christine Lagarde", "Elena Kovac", "Brookings Institution", "Frankfurt", "Reuters", "Paris"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("ranking = %v, want %v", names, want)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Score > got[i-1].Score {
			t.Errorf("scores not descending: %v then %v", got[i-1].Score, got[i].Score)
		}
	}
	lagarde := got[0]
	if lagarde.Mentions != 3 || lagarde.Spans[0] != [2]int{0, 7} {
		t.Errorf("Lagarde = %+v", lagarde)
	}
}

func TestRecognizeThenActors(t *testing.T) {
	text := "Elena Kovac, a geopolitical analyst at the Brookings Institution, said the ECB erred. " +
		"\"It was a mistake,\" Kovac said in Washington. Mr. Kovac's colleagues at Brookings Institution agreed."
	got := summarise(Actors(text, Recognize(text)))
	if len(got) == 0 || got[0] != (actorSummary{"Elena Kovac", Person, 3}) {
		t.Fatalf("actors = %+v, want Elena Kovac first with 3 mentions", got)
	}
	found := map[string]Kind{}
	for _, a := range got {
		found[a.Name] = a.Kind
	}
	if found["Brookings Institution"] != Org || found["Washington"] != Place {
		t.Errorf("actors = %+v", got)
	}
}
