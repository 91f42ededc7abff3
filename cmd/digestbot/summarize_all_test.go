package main

import (
	"encoding/json"
	"testing"
)

// --all lists every quote and every actor the engine found; the default is
// the card's selection, a subset of them.
func TestSummarizeAll(t *testing.T) {
	c := newCLI(t)
	const opinion = "../../internal/story/testdata/opinion.txt"
	var card, all summaryJSON
	if err := json.Unmarshal([]byte(c.ok("summarize", "--json", opinion)), &card); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(c.ok("summarize", "--json", "--all", opinion)), &all); err != nil {
		t.Fatal(err)
	}
	speakers := func(s summaryJSON) map[string]bool {
		m := map[string]bool{}
		for _, q := range s.Quotes {
			m[q.Speaker] = true
		}
		return m
	}
	if got := len(speakers(all)); got != 6 {
		t.Errorf("--all quotes %d speakers, want the 6 experts: %+v", got, all.Quotes)
	}
	if len(card.Quotes) >= len(all.Quotes) || len(card.Actors) > len(all.Actors) {
		t.Errorf("the card (%d quotes, %d actors) is not a selection of --all (%d, %d)",
			len(card.Quotes), len(card.Actors), len(all.Quotes), len(all.Actors))
	}
	names := map[string]bool{}
	for _, a := range all.Actors {
		names[a.Name] = true
	}
	for _, a := range card.Actors {
		if !names[a.Name] {
			t.Errorf("card actor %s missing from --all", a.Name)
		}
	}
	for _, name := range []string{"Sofia Marin", "James Whitfield", "Delta Studio", "Northbank Insurance"} {
		if !names[name] {
			t.Errorf("--all actors lack %s: %+v", name, all.Actors)
		}
	}
	if len(all.Summary) != len(card.Summary) {
		t.Errorf("--all changed the summary")
	}
}
