package story

import "github.com/digestbot/digestbot/internal/store"

// Event is what a story merged from several outlets' reports of one event
// shows beyond its best version: set by the pipeline's clustering, drawn by
// every renderer through Card.
type Event struct {
	// Outlets is how many outlets reported the event.
	Outlets int `json:"outlets"`
	// Also are the other outlets, each with its own link.
	Also []Source `json:"also,omitempty"`
	// Quotes are the key quotes of all the reports, each verbatim from its
	// own article and naming the outlet (Site), without repeats.
	Quotes []Statement `json:"quotes,omitempty"`
	// Update, when set, marks a story delivered before and says what is new.
	Update string `json:"update,omitempty"`
	// Key and Members are what the store keeps of the event once it is
	// delivered (store.StoryCluster): the cluster it continues ("" for a
	// new one) and every report the story stands for.
	Key     string                `json:"-"`
	Members []store.ClusterMember `json:"-"`
}

// Source is an outlet's report of an event.
type Source struct {
	Site string `json:"site"`
	URL  string `json:"url"`
}
