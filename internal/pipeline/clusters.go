package pipeline

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/internal/cluster"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/story"
)

// Clustering is the Storyteller that makes one story per event: the items
// of a digest are read as PerItem does, grouped by internal/cluster, and
// each group becomes one story showing its best version, the other outlets,
// the actors and the quotes of all of them. Pipeline.Stories hands it the
// whole window at once (not in batches) so reports of one event meet, and
// for a channel adds the events already delivered there (the store's
// StoryClusters), so a story that continues is not posted again as new.
type Clustering struct {
	per  Storyteller
	opts cluster.Options
}

// Clustered returns a Clustering that makes one story per item with per
// (PerItem in production) and groups them with opts.
func Clustered(per Storyteller, opts cluster.Options) *Clustering {
	return &Clustering{per: per, opts: opts}
}

// onDemandReads bounds the items a limited digest for no channel (/digest)
// reads per story asked for: reports of one event come close together, so
// the newest few items per story hold the newest events, and a busy day
// does not make someone wait for hundreds of articles.
const onDemandReads = 4

// maxClusterItems bounds the items one digest groups: clustering stays
// within its measured cost (1,000 items well under 200 ms) and the articles
// read for one digest stay bounded; the rest wait for the next digest.
const maxClusterItems = 1000

// Stories makes one story per event of items, in the order of each event's
// first item.
func (c *Clustering) Stories(ctx context.Context, items []store.Item) ([]story.Story, error) {
	built, err := c.per.Stories(ctx, items)
	if err != nil {
		return nil, err
	}
	var out []story.Story
	for _, g := range cluster.Group(clusterItems(built, nil), c.opts) {
		out = append(out, mergeStories(pick(built, g)))
	}
	return out, nil
}

// clustered is Stories for a Clustering: q's items (in q's order) grouped
// into events, each kept when any of its reports matches the topic. For a
// channel, an event already delivered there is left out, or with q.Updates
// posted once more as an update when new reports joined it.
func (p *Pipeline) clustered(ctx context.Context, c *Clustering, q Query, match func(story.Story) bool, items []store.Item) ([]story.Story, error) {
	n := maxClusterItems
	if q.ChannelID == "" && q.Limit > 0 {
		n = min(n, q.Limit*onDemandReads)
	}
	items = items[:min(len(items), n)]
	built, err := c.per.Stories(ctx, items)
	if err != nil {
		return nil, err
	}
	var prior []store.StoryCluster
	if q.ChannelID != "" {
		window := c.opts.Window
		if window <= 0 {
			window = cluster.DefaultWindow
		}
		if prior, err = p.store.StoryClusters(q.ChannelID, q.Since.Add(-window)); err != nil {
			return nil, err
		}
	}
	var owner []int // owner[k]: the prior cluster of the k-th prior member
	var members []store.ClusterMember
	for pi, pc := range prior {
		for _, m := range pc.Members {
			owner, members = append(owner, pi), append(members, m)
		}
	}
	var out []story.Story
	for _, g := range cluster.Group(clusterItems(built, members), c.opts) {
		var fresh []int
		continues := -1
		for _, i := range g {
			if i < len(built) {
				fresh = append(fresh, i)
			} else if continues < 0 {
				continues = owner[i-len(built)]
			}
		}
		reports := pick(built, fresh)
		if len(reports) == 0 || !anyMatch(reports, match) {
			continue
		}
		switch {
		case continues < 0:
			out = append(out, mergeStories(reports))
		case q.Updates:
			out = append(out, updateStory(reports, prior[continues]))
		}
		if q.Limit > 0 && len(out) == q.Limit {
			break
		}
	}
	return out, nil
}

func pick(built []story.Story, idx []int) []story.Story {
	out := make([]story.Story, 0, len(idx))
	for _, i := range idx {
		if i < len(built) {
			out = append(out, built[i])
		}
	}
	return out
}

func anyMatch(reports []story.Story, match func(story.Story) bool) bool {
	for _, s := range reports {
		if match(s) {
			return true
		}
	}
	return false
}

// clusterItems are stories and stored members as clustering sees them:
// stories first, in order, then members.
func clusterItems(built []story.Story, members []store.ClusterMember) []cluster.Item {
	out := make([]cluster.Item, 0, len(built)+len(members))
	for _, s := range built {
		m := member(s)
		out = append(out, cluster.Item{
			ID: s.ItemID, Title: s.Title, Text: s.Text, Actors: m.Actors,
			Publisher: m.Publisher, URL: s.URL, Canonical: s.Canonical, Published: m.Published,
		})
	}
	for _, m := range members {
		out = append(out, cluster.Item{
			ID: m.ItemID, Title: m.Title, Text: m.Lead, Actors: m.Actors,
			Publisher: m.Publisher, URL: m.URL, Canonical: m.Canonical, Published: m.Published,
		})
	}
	return out
}

// leadRunes is how much of an article a stored member keeps: more than the
// lead clustering reads (60 words), so the member counts as it did.
const leadRunes = 800

// member is what the store keeps of one report.
func member(s story.Story) store.ClusterMember {
	m := store.ClusterMember{
		ItemID: s.ItemID, Title: s.Title, Publisher: outlet(s), URL: s.URL, Canonical: s.Canonical, Published: s.Published,
	}
	if m.Published.IsZero() {
		m.Published = s.FirstSeen
	}
	if s.Problem == "" {
		m.Lead = s.Text
		if utf8.RuneCountInString(m.Lead) > leadRunes {
			m.Lead = string([]rune(m.Lead)[:leadRunes])
		}
	}
	for _, a := range s.Actors {
		m.Actors = append(m.Actors, a.Name)
	}
	return m
}

// outlet names a story's outlet: its site, else its link's host.
func outlet(s story.Story) string {
	if site := strings.TrimSpace(s.Site); site != "" {
		return site
	}
	if u, err := url.Parse(s.URL); err == nil {
		return strings.TrimPrefix(u.Hostname(), "www.")
	}
	return ""
}

// mergeStories makes one story of reports of one event: the best version
// (the most complete, else the earliest) with the others merged into it. A
// lone report stays as it is, apart from what the store keeps of it.
func mergeStories(reports []story.Story) story.Story {
	versions := make([]cluster.Version, len(reports))
	for i, s := range reports {
		versions[i] = cluster.Version{Published: member(s).Published}
		if s.Problem == "" {
			versions[i].TextLen = utf8.RuneCountInString(s.Text)
		}
	}
	best := max(cluster.Best(versions), 0)
	order := append([]story.Story{reports[best]}, reports[:best]...)
	order = append(order, reports[best+1:]...)

	out := order[0]
	ev := &story.Event{Outlets: 1}
	seen := map[string]bool{strings.ToLower(outlet(out)): true}
	actors := make([][]digest.Actor, len(order))
	for i, s := range order {
		actors[i] = s.Actors
		ev.Members = append(ev.Members, member(s))
		if i == 0 {
			continue
		}
		out.Merged = append(out.Merged, s.ItemIDs()...)
		if name := outlet(s); name != "" && !seen[strings.ToLower(name)] {
			seen[strings.ToLower(name)] = true
			ev.Outlets++
			ev.Also = append(ev.Also, story.Source{Site: name, URL: s.URL})
		}
	}
	ev.Quotes = mergeQuotes(order, nil)
	if len(order) > 1 {
		out.Actors = cluster.MergeActors(actors)
	}
	out.Event = ev
	return out
}

// mergeQuotes gathers the quotes of reports, each verbatim from its own
// article and naming its outlet, leaving out repeats and those already
// shown (old).
func mergeQuotes(reports []story.Story, old []string) []story.Statement {
	per := make([][]digest.Quote, 0, len(reports)+1)
	var sites []string
	if len(old) > 0 {
		// A shown quote carries a speaker so that MergeQuotes never
		// prefers a new copy of it for naming one: it was shown already.
		shown := make([]digest.Quote, len(old))
		for i, t := range old {
			shown[i] = digest.Quote{Text: t, Speaker: "shown"}
		}
		per, sites = append(per, shown), append(sites, "")
	}
	for _, s := range reports {
		var qs []digest.Quote
		for _, st := range story.Statements(s.Quotes) {
			qs = append(qs, digest.Quote{Text: st.Text, Speaker: st.Speaker, SpeakerTitle: st.SpeakerTitle})
		}
		per, sites = append(per, qs), append(sites, outlet(s))
	}
	var out []story.Statement
	for _, q := range cluster.MergeQuotes(per) {
		if len(old) > 0 && q.Article == 0 {
			continue
		}
		st := story.Statement{Text: q.Text, Speaker: q.Speaker, SpeakerTitle: q.SpeakerTitle}
		if len(reports) > 1 || len(old) > 0 {
			st.Site = sites[q.Article]
		}
		out = append(out, st)
	}
	return out
}

// updateStory is the update of a delivered event that new reports joined:
// the best new version, every outlet so far, and only the quotes not shown
// before.
func updateStory(reports []story.Story, prior store.StoryCluster) story.Story {
	s := mergeStories(reports)
	ev := s.Event
	known := make(map[string]bool)
	for _, m := range prior.Members {
		known[strings.ToLower(m.Publisher)] = true
	}
	before := len(known)
	for _, r := range reports {
		known[strings.ToLower(outlet(r))] = true
	}
	listed := map[string]bool{strings.ToLower(outlet(s)): true}
	for _, a := range ev.Also {
		listed[strings.ToLower(a.Site)] = true
	}
	for _, m := range prior.Members {
		if name := strings.ToLower(m.Publisher); name != "" && !listed[name] {
			listed[name] = true
			ev.Also = append(ev.Also, story.Source{Site: m.Publisher, URL: m.URL})
		}
	}
	ev.Outlets = len(known)
	ev.Quotes = mergeQuotes(reports, prior.Quotes)
	ev.Key = prior.Key
	ev.Update = "new: " + count(len(known)-before, "more outlet", "more outlets") + ", " +
		count(len(ev.Quotes), "new quote", "new quotes")
	return s
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// clusterRecord is what the store keeps of a delivered story, so a later
// report of the same event is recognised (see store.StoryCluster).
func clusterRecord(s story.Story) store.StoryCluster {
	rec := store.StoryCluster{Key: s.ItemID}
	statements := story.Statements(s.Quotes)
	if ev := s.Event; ev != nil {
		rec.Members, statements = ev.Members, ev.Quotes
		if ev.Key != "" {
			rec.Key = ev.Key
		}
	}
	if len(rec.Members) == 0 {
		rec.Members = []store.ClusterMember{member(s)}
	}
	for _, q := range statements {
		rec.Quotes = append(rec.Quotes, q.Text)
	}
	return rec
}
