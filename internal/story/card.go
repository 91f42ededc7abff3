package story

import (
	"strings"
	"time"

	"github.com/digestbot/digestbot/digest"
)

// Actor kinds, as the digest engine names them.
const (
	ActorPerson = "person"
	ActorOrg    = "org"
	ActorPlace  = "place"
)

// Card is a story as a reader sees it, the one model every renderer draws:
// Discord embeds (bot) and the terminal's markdown (WriteMarkdown) both
// render a Card, so they cannot disagree about what a story shows.
type Card struct {
	ItemID    string // the store's stable item key; delivery marks it delivered
	Title     string
	URL       string
	Site      string // source name shown in the footer
	Published time.Time
	FirstSeen time.Time
	Summary   []string    // verbatim sentences, in text order
	Quotes    []Statement // split quotes joined, in text order
	Actors    []CardActor // ranked by salience
	// Problem says why there is no summary (the page could not be read).
	Problem string
	// Outlets is how many outlets reported the story (0: one).
	Outlets int
	// Also are the other outlets that reported it, each with its link.
	Also []Source
	// Update, when set, says the story was delivered before and what is new
	// ("new: 2 more outlets, 1 new quote").
	Update string
}

// CardActor is a person, organisation or place a story names.
type CardActor struct {
	Name string
	Kind string // ActorPerson, ActorOrg or ActorPlace
}

// Card returns the story's card.
func (s Story) Card() Card {
	c := Card{
		ItemID: s.ItemID, Title: s.Title, URL: s.URL, Site: s.Site,
		Published: s.Published, FirstSeen: s.FirstSeen, Summary: s.Summary,
		Quotes: Statements(s.Quotes), Actors: Actors(s.Actors), Problem: s.Problem,
	}
	if s.Event != nil {
		c.Quotes, c.Outlets, c.Also, c.Update = s.Event.Quotes, s.Event.Outlets, s.Event.Also, s.Event.Update
	}
	return c
}

// Actors are the engine's actors as a card names them.
func Actors(actors []digest.Actor) []CardActor {
	var out []CardActor
	for _, a := range actors {
		out = append(out, CardActor{Name: a.Name, Kind: a.Kind})
	}
	return out
}

// Cards returns the cards of stories, in order.
func Cards(stories []Story) []Card {
	out := make([]Card, len(stories))
	for i, s := range stories {
		out[i] = s.Card()
	}
	return out
}

// ActorGroups are the labels of a card's actors line, in the order shown.
var ActorGroups = []struct{ Kind, Label string }{
	{ActorPerson, "People"}, {ActorOrg, "Orgs"}, {ActorPlace, "Places"},
}

// ActorsLine groups actors by kind, "People: A, B · Orgs: C", keeping at
// most each names per kind, each passed through name (which may escape or
// shorten it; "" drops it). Names are compared case-insensitively.
func ActorsLine(actors []CardActor, each int, name func(string) string) string {
	var parts []string
	for _, g := range ActorGroups {
		seen := map[string]bool{}
		var names []string
		for _, a := range actors {
			n := name(a.Name)
			key := strings.ToLower(n)
			if a.Kind != g.Kind || n == "" || seen[key] || (each > 0 && len(names) == each) {
				continue
			}
			seen[key] = true
			names = append(names, n)
		}
		if len(names) > 0 {
			parts = append(parts, g.Label+": "+strings.Join(names, ", "))
		}
	}
	return strings.Join(parts, " · ")
}
