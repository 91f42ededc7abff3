package pipeline

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/internal/cluster"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/story"
)

// report is one outlet's story of the bridge event.
func report(id, site, text string, at time.Time, quotes ...digest.Quote) story.Story {
	return story.Story{
		ItemID: id, Title: "Kestwick bridge closed (" + site + ")", URL: "https://" + strings.ReplaceAll(strings.ToLower(site), " ", "") + ".example/" + id,
		Site: site, Text: text, Published: at, Quotes: quotes,
		Actors: []digest.Actor{{Name: "Network Rail", Kind: "org", Mentions: 1}},
	}
}

func TestMergeStoriesShowsTheBestVersionAndEveryOutlet(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	shared := digest.Quote{Text: "We will not run a train over that bridge", Speaker: "Harriet Osei"}
	reports := []story.Story{
		report("1", "Harbour Gazette", strings.Repeat("word ", 100), t0, shared),
		report("2", "Coast Radio", strings.Repeat("word ", 300), t0.Add(time.Hour),
			digest.Quote{Text: "“We will not run a train over that bridge.”"}, digest.Quote{Text: "The crack runs right through the pier", Speaker: "Daniel Reyes"}),
		report("3", "Portmere Post", "", t0.Add(-time.Hour)),
	}
	reports[2].Problem = "page could not be read"
	got := mergeStories(reports)
	if got.ItemID != "2" || !slices.Equal(got.Merged, []string{"1", "3"}) {
		t.Fatalf("best %q merged %q, want the longest article (2) standing for 1 and 3", got.ItemID, got.Merged)
	}
	ev := got.Event
	if ev.Outlets != 3 || len(ev.Also) != 2 || ev.Also[0].Site != "Harbour Gazette" || ev.Also[0].URL != reports[0].URL {
		t.Errorf("event outlets %d also %+v, want 3 outlets, the other two linked", ev.Outlets, ev.Also)
	}
	// The shared quote once, from the best version, with the speaker the
	// other outlet named.
	var texts, sites []string
	for _, q := range ev.Quotes {
		texts, sites = append(texts, q.Text), append(sites, q.Site)
	}
	if len(ev.Quotes) != 2 || ev.Quotes[0].Speaker != "Harriet Osei" || !slices.Contains(sites, "Coast Radio") {
		t.Errorf("quotes %q from %q (%+v), want the shared quote once, attributed, and Reyes's", texts, sites, ev.Quotes)
	}
	if len(got.Actors) != 1 || got.Actors[0].Mentions != 3 {
		t.Errorf("actors %+v, want Network Rail once with 3 mentions", got.Actors)
	}
	rec := clusterRecord(got)
	if rec.Key != "2" || len(rec.Members) != 3 || len(rec.Quotes) != 2 || rec.Members[2].Lead != "" {
		t.Errorf("record %+v, want key 2, three members (no lead for the unread page), two quotes", rec)
	}
}

func TestLoneStoryKeepsItsCardAndIsRecorded(t *testing.T) {
	s := report("7", "Valley Times", "The library won a prize.", time.Time{}, digest.Quote{Text: "A living room for the town", Speaker: "Clara Jansen"})
	got := mergeStories([]story.Story{s})
	c := got.Card()
	if c.Outlets != 1 || len(c.Also) != 0 || c.Update != "" || len(c.Quotes) != 1 || c.Quotes[0].Site != "" {
		t.Errorf("lone card %+v, want it as before: one outlet, no site on its quote", c)
	}
	if rec := clusterRecord(s); rec.Key != "7" || len(rec.Members) != 1 || rec.Members[0].Publisher != "Valley Times" {
		t.Errorf("record of a plain story %+v", rec)
	}
}

func TestUpdateSaysWhatIsNew(t *testing.T) {
	prior := store.StoryCluster{Key: "1", Members: []store.ClusterMember{
		{ItemID: "1", Publisher: "Harbour Gazette", URL: "https://gazette.example/1"},
		{ItemID: "2", Publisher: "Coast Radio", URL: "https://radio.example/2"},
	}, Quotes: []string{"We will not run a train over that bridge"}}
	reports := []story.Story{
		report("4", "Valley Times", "text", time.Time{},
			digest.Quote{Text: "we will NOT run a train over that bridge", Speaker: "Harriet Osei"},
			digest.Quote{Text: "Six weeks is our best estimate", Speaker: "Tomas Brandt"}),
		report("5", "Coast Radio", "text", time.Time{}),
	}
	got := updateStory(reports, prior)
	ev := got.Event
	if ev.Update != "new: 1 more outlet, 1 new quote" || ev.Outlets != 3 || ev.Key != "1" {
		t.Errorf("update %q outlets %d key %q, want one more outlet and one new quote, 3 outlets, key 1", ev.Update, ev.Outlets, ev.Key)
	}
	if len(ev.Quotes) != 1 || ev.Quotes[0].Speaker != "Tomas Brandt" || ev.Quotes[0].Site != "Valley Times" {
		t.Errorf("update quotes %+v, want only Brandt's, via the Valley Times", ev.Quotes)
	}
	var also []string
	for _, a := range ev.Also {
		also = append(also, a.Site)
	}
	if !slices.Equal(also, []string{"Coast Radio", "Harbour Gazette"}) {
		t.Errorf("also %q, want every other outlet once", also)
	}
}

// publishAt records a poll listing one item of an outlet, first seen now.
func (e *env) publishAt(link, title string) {
	e.t.Helper()
	it := store.Item{Key: link, Title: title, Link: link}
	if _, err := e.st.RecordPoll(e.feed.ID, store.FeedUpdate{Status: 200}, []store.Item{it}, e.clock.Now()); err != nil {
		e.t.Fatal(err)
	}
}

// A scheduled digest shows one card per event, kept when any report matches
// the topic; a later report of a delivered event is not posted again.
func TestClusteredDigest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.p.WithStoryteller(Clustered(titleStories{}, cluster.Options{}))
	e.subscribe(channel, "marren OR valdora")
	e.publishAt("https://gazette.example/a", "Kestwick rail bridge closed after flood damage")
	e.clock.Advance(time.Minute)
	e.publishAt("https://radio.example/b", "Flood damage shuts Kestwick railway bridge over the Marren")
	e.publishAt("https://valley.example/c", "Valdora library wins national design award")
	e.clock.Advance(time.Hour)
	e.tick()
	// Only the radio's headline names the Marren; the card shows the
	// gazette's, which came first.
	want := `["Kestwick rail bridge closed after flood damage","Valdora library wins national design award"]`
	if got := e.out.channel(channel); len(got) != 1 || got[0] != want {
		t.Fatalf("first digest %q, want %s", got, want)
	}
	e.publishAt("https://post.example/d", "Kestwick railway bridge over the Marren shut by flood damage")
	e.clock.Advance(time.Hour)
	e.tick()
	if got := e.out.channel(channel); len(got) != 1 {
		t.Errorf("digests %q, want the later report of a delivered event not posted (updates off)", got)
	}
}
