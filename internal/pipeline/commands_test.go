package pipeline

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/fetch"
	"github.com/digestbot/digestbot/internal/poller"
	"github.com/digestbot/digestbot/internal/safehttp"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/story"
	"github.com/digestbot/digestbot/internal/testclock"
)

const (
	guildA   = "200000000000000001"
	guildB   = "200000000000000002"
	chanNews = "400000000000000001"
	chanTech = "400000000000000002"
)

// newsItem is one entry a test feed serves; its link is an article page on
// the same server whose text is generated from the fields.
type newsItem struct {
	slug, title, body string
	published         time.Time
}

// newsroom is an httptest site with feeds and article pages; tests change
// what a feed lists between polls.
type newsroom struct {
	srv   *httptest.Server
	mu    sync.Mutex
	feeds map[string][]newsItem // path -> items, newest last
}

func newNewsroom(t *testing.T) *newsroom {
	t.Helper()
	n := &newsroom{feeds: map[string][]newsItem{}}
	n.srv = httptest.NewServer(http.HandlerFunc(n.serve))
	t.Cleanup(n.srv.Close)
	return n
}

func (n *newsroom) url(path string) string { return n.srv.URL + path }

func (n *newsroom) publish(feedPath string, items ...newsItem) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.feeds[feedPath] = append(n.feeds[feedPath], items...)
}

func (n *newsroom) serve(w http.ResponseWriter, r *http.Request) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if items, ok := n.feeds[r.URL.Path]; ok {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed %s</title><link>%s/</link><description>test</description>`,
			html.EscapeString(r.URL.Path), n.srv.URL)
		for _, it := range slices.Backward(items) {
			fmt.Fprintf(w, `<item><title>%s</title><link>%s/news/%s</link><guid>%s/news/%s</guid><pubDate>%s</pubDate></item>`,
				html.EscapeString(it.title), n.srv.URL, it.slug, n.srv.URL, it.slug, it.published.Format(time.RFC1123Z))
		}
		fmt.Fprint(w, `</channel></rss>`)
		return
	}
	if r.URL.Path == "/about" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>About us</title></head><body><p>We are a small team.</p></body></html>`)
		return
	}
	slug, ok := strings.CutPrefix(r.URL.Path, "/news/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	for _, items := range n.feeds {
		for _, it := range items {
			if it.slug == slug {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprint(w, articlePage(it))
				return
			}
		}
	}
	http.NotFound(w, r)
}

// articlePage is a news page with enough prose for the extractor: the body
// sentence, a quote and filler that names no topic.
func articlePage(it newsItem) string {
	paras := []string{
		it.body,
		`"We will publish the full figures next week, and people can judge for themselves," said Mara Olsen, a spokeswoman for the Harbour Council.`,
		"The council meets again on Thursday evening, when members of the public may ask questions from the gallery for up to an hour.",
		"Officials said the details would be posted on the council website and printed in the weekly bulletin delivered to every household in the district.",
		"Local businesses on the quay said they would follow the debate closely, since any change to parking and deliveries would affect their trade.",
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s</title>`, html.EscapeString(it.title))
	fmt.Fprintf(&b, `<meta property="og:title" content="%s"><meta property="og:site_name" content="Harbour Gazette"></head><body><article><h1>%s</h1>`,
		html.EscapeString(it.title), html.EscapeString(it.title))
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(p))
	}
	b.WriteString("</article></body></html>")
	return b.String()
}

type fixture struct {
	svc    *Pipeline
	store  *store.Store
	poller *poller.Poller
	news   *newsroom
	clock  *testclock.Clock
	limit  *safehttp.Limiter
}

var t0 = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

// newFixture wires the service as cmd/digestbot does, over a store in a temp
// dir, with the SSRF guard on and only the newsroom's address allowed.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	st := openStore(t)
	news := newNewsroom(t)
	client := newsClient(news)
	clk := testclock.New(t0)
	// One fetcher for feeds and pages, as cmd/digestbot wires it.
	limit := safehttp.NewLimiter(16, 2)
	fc := fetch.New(client, limit, "")
	p := poller.New(st, feed.NewFetcher(nil, feed.FetcherOptions{Fetch: fc}), poller.Options{Now: clk.Now})
	builder := story.NewBuilder(article.NewFetcher(nil, article.Options{Fetch: fc}).Fetch, st, digest.Options{}, nil)
	svc := New(st, p, builder, Options{Workers: 4, Now: clk.Now})
	return &fixture{svc: svc, store: st, poller: p, news: news, clock: clk, limit: limit}
}

// poll makes the poller fetch every feed at time at.
func (f *fixture) poll(t *testing.T, at time.Time) {
	t.Helper()
	f.clock.Set(at)
	if err := f.poller.PollDue(context.Background(), true, nil); err != nil {
		t.Fatal(err)
	}
}

func userMessage(err error) string {
	var um interface{ UserMessage() string }
	if errors.As(err, &um) {
		return um.UserMessage()
	}
	return ""
}

func titles[S story.Story | story.Card](stories []S) []string {
	var out []string
	for _, s := range stories {
		switch s := any(s).(type) {
		case story.Story:
			out = append(out, s.Title)
		case story.Card:
			out = append(out, s.Title)
		}
	}
	return out
}

var (
	floodVote = newsItem{slug: "flood-vote", title: "Council backs tidal barrier to guard against climate floods",
		body: "The Harbour Council voted to build a tidal barrier after a report warned that climate change will bring higher storm surges to the old town."}
	cupFinal = newsItem{slug: "cup-final", title: "Rovers lift the county cup after extra time",
		body: "Harbour Rovers won the county cup on Saturday with a header in the last minute of extra time, sending two thousand travelling fans home happy."}
	droughtPlan = newsItem{slug: "drought-plan", title: "Water board plans for drier summers as the climate warms",
		body: "The regional water board set out a plan for drier summers, saying the warming climate means reservoirs must be refilled earlier in the spring."}
	oldNews = newsItem{slug: "old-news", title: "Harbour market reopens after repairs",
		body: "The covered market on the harbour reopened on Monday after six months of repairs to its roof and drains."}
)

func TestAddFeed(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// Not at a usual feed path, so discovery from a page does not find it.
	feedURL := f.news.url("/feeds/harbour.xml")
	f.news.publish("/feeds/harbour.xml", oldNews)

	got, err := f.svc.AddFeed(ctx, guildA, feedURL, "u1")
	if err != nil {
		t.Fatalf("AddFeed: %v", err)
	}
	if got.ID == "" || got.URL != feedURL || got.Title != "Feed /feeds/harbour.xml" {
		t.Errorf("AddFeed = %+v, want the stored feed with its title", got)
	}
	if list, _ := f.svc.ListFeeds(ctx, guildA); len(list) != 1 || list[0].ID != got.ID {
		t.Errorf("ListFeeds(guildA) = %+v, want the new feed", list)
	}
	if list, _ := f.svc.ListFeeds(ctx, guildB); len(list) != 0 {
		t.Errorf("ListFeeds(guildB) = %+v, want none: feeds belong to the guild that added them", list)
	}

	// Another guild may follow the same feed; it shares the stored feed.
	if other, err := f.svc.AddFeed(ctx, guildB, feedURL, "u2"); err != nil || other.ID != got.ID {
		t.Errorf("AddFeed for a second guild = %+v, %v; want the same feed", other, err)
	}

	private := httptest.NewServer(http.HandlerFunc(f.news.serve)) // a live server the guard must refuse
	defer private.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	for _, tc := range []struct {
		name, url, want string
	}{
		{"already followed", feedURL, "This server already follows that feed."},
		{"web page, not a feed", f.news.url("/about"), "That is a web page, not a feed"},
		{"missing", f.news.url("/nothing.xml"), "That feed does not exist"},
		{"private address", private.URL + "/feeds/harbour.xml", "That address points into a private network"},
		{"not a URL", "not a url", "That is not a web address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.AddFeed(ctx, guildA, tc.url, "u1")
			if err == nil {
				t.Fatal("AddFeed succeeded")
			}
			if msg := userMessage(err); !strings.HasPrefix(msg, tc.want) {
				t.Errorf("user message %q, want it to start with %q (err: %v)", msg, tc.want, err)
			}
		})
	}
	if list, _ := f.svc.ListFeeds(ctx, guildA); len(list) != 1 {
		t.Errorf("after the failures the guild has %d feeds, want 1", len(list))
	}
}

func TestRemoveFeed(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.news.publish("/a.xml", oldNews)
	f.news.publish("/b.xml", cupFinal)
	a, err := f.svc.AddFeed(ctx, guildA, f.news.url("/a.xml"), "u1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.svc.AddFeed(ctx, guildA, f.news.url("/b.xml"), "u1")
	if err != nil {
		t.Fatal(err)
	}

	if got, err := f.svc.RemoveFeed(ctx, guildA, a.ID); err != nil || got.ID != a.ID {
		t.Errorf("RemoveFeed by ID = %+v, %v", got, err)
	}
	if got, err := f.svc.RemoveFeed(ctx, guildA, " "+b.URL+" "); err != nil || got.ID != b.ID {
		t.Errorf("RemoveFeed by URL = %+v, %v", got, err)
	}
	if list, _ := f.svc.ListFeeds(ctx, guildA); len(list) != 0 {
		t.Errorf("ListFeeds after removing both = %+v", list)
	}
	for _, ref := range []string{a.ID, b.URL, "999"} {
		if _, err := f.svc.RemoveFeed(ctx, guildA, ref); !errors.Is(err, ErrNotFound) {
			t.Errorf("RemoveFeed(%q) of a feed not followed: %v, want ErrNotFound", ref, err)
		}
	}
}

// Anyone can make a server and invite a public bot, so one server's
// feeds and subscriptions are capped: past the caps a server could make the
// bot poll without end and spend Discord's global limit shared by all.
// Replacing a subscription and another server's additions are not capped.
func TestPerServerCaps(t *testing.T) {
	f := newFixture(t)
	f.svc.opts.MaxFeedsPerGuild, f.svc.opts.MaxSubscriptionsPerGuild = 1, 1
	ctx := context.Background()
	for _, p := range []string{"/feeds/a.xml", "/feeds/b.xml"} {
		f.news.publish(p, oldNews)
	}
	if _, err := f.svc.AddFeed(ctx, guildA, f.news.url("/feeds/a.xml"), "u1"); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.AddFeed(ctx, guildA, f.news.url("/feeds/b.xml"), "u1")
	if msg := userMessage(err); !strings.Contains(msg, "follows 1 feed") {
		t.Errorf("a feed past the cap: %v (%q); want it refused with a sentence", err, msg)
	}
	if _, err := f.svc.AddFeed(ctx, guildB, f.news.url("/feeds/b.xml"), "u2"); err != nil {
		t.Errorf("another server's feed: %v", err)
	}
	sub := Subscription{GuildID: guildA, ChannelID: chanNews, Topic: "climate", Schedule: mustSchedule(t, "daily 08:00", "UTC")}
	if _, err := f.svc.Subscribe(ctx, sub); err != nil {
		t.Fatal(err)
	}
	sub.Schedule = mustSchedule(t, "every 6h", "UTC")
	if _, err := f.svc.Subscribe(ctx, sub); err != nil {
		t.Errorf("replacing the subscription: %v", err)
	}
	sub.Topic = "farming"
	_, err = f.svc.Subscribe(ctx, sub)
	if msg := userMessage(err); !strings.Contains(msg, "has 1 subscription") {
		t.Errorf("a subscription past the cap: %v (%q); want it refused with a sentence", err, msg)
	}
}

func TestSubscribeUpsertsAndResumes(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sub := Subscription{GuildID: guildA, ChannelID: chanNews, Topic: " climate ", Schedule: mustSchedule(t, "daily 08:00", "UTC"), CreatedBy: "u1"}
	first, err := f.svc.Subscribe(ctx, sub)
	if err != nil {
		t.Fatal(err)
	}
	if first.ID == "" || first.Topic != "climate" || !first.CreatedAt.Equal(t0) {
		t.Errorf("Subscribe = %+v, want an ID, the trimmed topic and CreatedAt from the clock", first)
	}
	if !first.NextDigest.Equal(t0.Add(24*time.Hour)) || !strings.Contains(first.Schedule.Describe(), "08:00") {
		t.Errorf("NextDigest = %v, schedule %q; want the next 08:00 after creation", first.NextDigest, first.Schedule.Describe())
	}

	if _, err := f.store.PauseChannel(chanNews, "the bot lost access to this channel"); err != nil {
		t.Fatal(err)
	}
	list, _ := f.svc.ListSubscriptions(ctx, guildA, chanNews)
	if len(list) != 1 || list[0].PausedReason != "the bot lost access to this channel" {
		t.Fatalf("after PauseChannel: %+v", list)
	}
	if due, _ := f.store.DueSubscriptions(t0.Add(1000 * time.Hour)); len(due) != 0 {
		t.Errorf("a paused subscription is in the due index: %+v", due)
	}

	sub.Schedule = mustSchedule(t, "every 6h", "Europe/Berlin")
	f.clock.Set(t0.Add(time.Hour))
	again, err := f.svc.Subscribe(ctx, sub)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || again.Schedule.String() != "every 6h" || again.Schedule.Timezone() != "Europe/Berlin" || again.PausedReason != "" {
		t.Errorf("re-Subscribe = %+v, want the same ID with the new schedule, resumed", again)
	}
	if !again.CreatedAt.Equal(t0) {
		t.Errorf("re-Subscribe moved CreatedAt to %v", again.CreatedAt)
	}
	// Resumed, it is due at its new schedule's next firing.
	if due, _ := f.store.DueSubscriptions(t0.Add(1000 * time.Hour)); len(due) != 1 || fmt.Sprint(due[0].ID) != first.ID || due[0].NextDigestAt.IsZero() {
		t.Errorf("due index after resuming = %+v", due)
	}

	// A second topic and a second channel are separate subscriptions.
	if _, err := f.svc.Subscribe(ctx, Subscription{GuildID: guildA, ChannelID: chanTech, Topic: "climate", Schedule: mustSchedule(t, "daily 08:00", "")}); err != nil {
		t.Fatal(err)
	}
	if all, _ := f.svc.ListSubscriptions(ctx, guildA, ""); len(all) != 2 {
		t.Errorf("ListSubscriptions(guild) = %d subscriptions, want 2", len(all))
	}

	if err := f.svc.Unsubscribe(ctx, guildA, chanNews, "climate "); err != nil {
		t.Errorf("Unsubscribe: %v", err)
	}
	if err := f.svc.Unsubscribe(ctx, guildA, chanNews, "climate"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Unsubscribe: %v, want ErrNotFound", err)
	}
	if list, _ := f.svc.ListSubscriptions(ctx, guildA, chanNews); len(list) != 0 {
		t.Errorf("channel still has %+v", list)
	}
}

// pendingFixture has guildA following /a.xml (two new stories, one about the
// climate) and guildB following /b.xml (a climate story guildA must not get).
func pendingFixture(t *testing.T) (*fixture, Subscription) {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	f.news.publish("/a.xml", oldNews)
	f.news.publish("/b.xml", oldNews)
	if _, err := f.svc.AddFeed(ctx, guildA, f.news.url("/a.xml"), "u1"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddFeed(ctx, guildB, f.news.url("/b.xml"), "u1"); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(t0.Add(time.Minute))
	sub, err := f.svc.Subscribe(ctx, Subscription{GuildID: guildA, ChannelID: chanNews, Topic: "climate", Schedule: mustSchedule(t, "every 1h", "")})
	if err != nil {
		t.Fatal(err)
	}
	f.news.publish("/a.xml", withTime(floodVote, t0.Add(2*time.Minute)), withTime(cupFinal, t0.Add(3*time.Minute)))
	f.news.publish("/b.xml", withTime(droughtPlan, t0.Add(2*time.Minute)))
	f.poll(t, t0.Add(5*time.Minute))
	return f, sub
}

func withTime(it newsItem, published time.Time) newsItem {
	it.published = published
	return it
}

func TestPendingStories(t *testing.T) {
	f, sub := pendingFixture(t)

	got, err := f.pendingStories(sub, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{floodVote.title}; !slices.Equal(titles(got), want) {
		t.Fatalf("PendingStories = %q, want %q: only the guild's feeds, only matching stories, not the baseline", titles(got), want)
	}
	st := got[0]
	if st.ItemID == "" || st.URL != f.news.url("/news/flood-vote") || !st.FirstSeen.Equal(t0.Add(5*time.Minute)) {
		t.Errorf("story = %+v, want the item's ID, link and FirstSeen", st)
	}
	if len(st.Summary) == 0 || len(st.Quotes) == 0 || st.Quotes[0].Speaker != "Mara Olsen" {
		t.Errorf("story summary %q quotes %+v: want the article digested, quote by Mara Olsen", st.Summary, st.Quotes)
	}

	// Nothing seen after the last digest: nothing pending. The window
	// reaches back `lookback` before it, for polls that committed late.
	later := sub
	later.LastDigest = t0.Add(5*time.Minute + lookback + time.Second)
	if got, _ := f.pendingStories(later, 10); len(got) != 0 {
		t.Errorf("PendingStories after a digest %s after the poll = %q, want none", lookback, titles(got))
	}
	later.LastDigest = t0.Add(6 * time.Minute)
	if got, _ := f.pendingStories(later, 10); len(got) != 1 {
		t.Errorf("PendingStories after a digest a minute after the poll = %q: an undelivered story committed late must not be lost", titles(got))
	}

	// An empty topic is refused by the bot; a broad one takes every story.
	all := sub
	all.Topic = "harbour OR rovers OR climate"
	if got, _ := f.pendingStories(all, 10); !slices.Equal(titles(got), []string{floodVote.title, cupFinal.title}) {
		t.Errorf("broad topic = %q, want both new stories oldest first", titles(got))
	}
	if got, _ := f.pendingStories(all, 1); len(got) != 1 {
		t.Errorf("limit 1 gave %d stories", len(got))
	}
	exclude := sub
	exclude.Topic = "harbour -rovers"
	if got, _ := f.pendingStories(exclude, 10); !slices.Equal(titles(got), []string{floodVote.title}) {
		t.Errorf("topic with an exclusion = %q", titles(got))
	}
}

func TestPendingStoriesLeavesOutDelivered(t *testing.T) {
	f, sub := pendingFixture(t)
	ctx := context.Background()
	stories, err := f.pendingStories(sub, 10)
	if err != nil || len(stories) != 1 {
		t.Fatalf("PendingStories = %q, %v", titles(stories), err)
	}
	digestAt := t0.Add(6 * time.Minute)
	id := deliver(t, f, sub, stories, digestAt)

	// The subscription moved on, and even counting from its creation the
	// delivered story is not offered to the channel again.
	subs, _ := f.svc.ListSubscriptions(ctx, guildA, chanNews)
	if len(subs) != 1 || !subs[0].LastDigest.Equal(digestAt) {
		t.Fatalf("after delivery %d the subscription is %+v, want LastDigest %v", id, subs, digestAt)
	}
	if got, _ := f.pendingStories(sub, 10); len(got) != 0 {
		t.Errorf("PendingStories for the same channel after delivery = %q, want none", titles(got))
	}
	// Another channel of the guild has not had it.
	other := sub
	other.ChannelID = chanTech
	if got, _ := f.pendingStories(other, 10); !slices.Equal(titles(got), []string{floodVote.title}) {
		t.Errorf("PendingStories for another channel = %q", titles(got))
	}
}

// deliver records stories as delivered to sub's channel at at, as the
// pipeline does once Discord accepted the digest.
func deliver(t *testing.T, f *fixture, sub Subscription, stories []story.Story, at time.Time) uint64 {
	t.Helper()
	id, _ := strconv.ParseUint(sub.ID, 10, 64)
	d := store.Delivery{SubscriptionID: id, GuildID: sub.GuildID, ChannelID: sub.ChannelID, CreatedAt: at,
		Payloads: [][]byte{[]byte(`{"content":"part 0"}`), []byte(`{"content":"part 1"}`)}}
	for _, s := range stories {
		d.ItemIDs = append(d.ItemIDs, s.ItemID)
	}
	d, err := f.store.CreateDelivery(d, at.Add(time.Hour))
	if err != nil {
		t.Fatalf("CreateDelivery: %v", err)
	}
	if err := f.store.MarkDelivered(d.ID, []string{"m0", "m1"}, at); err != nil {
		t.Fatalf("MarkDelivered: %v", err)
	}
	return d.ID
}

// pendingStories is what a scheduled digest of sub would hold now.
func (f *fixture) pendingStories(sub Subscription, limit int) ([]story.Story, error) {
	id, _ := strconv.ParseUint(sub.ID, 10, 64)
	rec, err := f.store.Subscription(id)
	if err != nil {
		return nil, err
	}
	rec.LastDigestAt, rec.Topic, rec.ChannelID = sub.LastDigest, sub.Topic, sub.ChannelID
	return f.svc.pending(context.Background(), rec, limit)
}

func TestRecentStoriesNewestFirst(t *testing.T) {
	f, _ := pendingFixture(t)
	ctx := context.Background()
	f.news.publish("/a.xml", withTime(droughtPlan, t0.Add(20*time.Minute)))
	f.poll(t, t0.Add(30*time.Minute))

	got, err := f.svc.RecentStories(ctx, guildA, nil, t0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{droughtPlan.title, cupFinal.title, floodVote.title}; !slices.Equal(titles(got), want) {
		t.Errorf("RecentStories(all) = %q, want %q", titles(got), want)
	}
	if got, _ := f.svc.RecentStories(ctx, guildA, mustTopic(t, "climate"), t0, 10); !slices.Equal(titles(got), []string{droughtPlan.title, floodVote.title}) {
		t.Errorf("RecentStories(climate) = %q", titles(got))
	}
	if got, _ := f.svc.RecentStories(ctx, guildA, nil, t0.Add(10*time.Minute), 10); !slices.Equal(titles(got), []string{droughtPlan.title}) {
		t.Errorf("RecentStories since the first poll = %q, want only the later story", titles(got))
	}
	if got, _ := f.svc.RecentStories(ctx, guildA, nil, t0, 2); len(got) != 2 || got[0].Title != droughtPlan.title {
		t.Errorf("RecentStories limit 2 = %q, want the two newest", titles(got))
	}
}

func TestRemoveGuild(t *testing.T) {
	f, sub := pendingFixture(t)
	ctx := context.Background()
	stories, _ := f.pendingStories(sub, 10)
	deliver(t, f, sub, stories, t0.Add(6*time.Minute))

	if err := f.svc.RemoveGuild(ctx, guildA); err != nil {
		t.Fatal(err)
	}
	if feeds, _ := f.svc.ListFeeds(ctx, guildA); len(feeds) != 0 {
		t.Errorf("guild still has feeds %+v", feeds)
	}
	if subs, _ := f.svc.ListSubscriptions(ctx, guildA, ""); len(subs) != 0 {
		t.Errorf("guild still has subscriptions %+v", subs)
	}
	if ok, _ := f.store.Delivered(chanNews, stories[0].ItemID); ok {
		t.Error("the guild's delivered markers survived")
	}
	// The other guild is untouched.
	if feeds, _ := f.svc.ListFeeds(ctx, guildB); len(feeds) != 1 {
		t.Errorf("guildB lost its feed: %+v", feeds)
	}
}

func TestSummarize(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.news.publish("/a.xml", floodVote)

	st, err := f.svc.Summarize(ctx, f.news.url("/news/flood-vote"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Title != floodVote.title || st.Site != "Harbour Gazette" || len(st.Summary) == 0 {
		t.Errorf("Summarize = %+v", st)
	}
	if len(st.Quotes) == 0 || st.Quotes[0].Speaker != "Mara Olsen" || !strings.HasPrefix(st.Quotes[0].Text, "We will publish") {
		t.Errorf("quotes = %+v, want Mara Olsen's", st.Quotes)
	}

	private := httptest.NewServer(http.HandlerFunc(f.news.serve))
	defer private.Close()
	for _, tc := range []struct{ url, want string }{
		{"not a url", "That is not a web address"},
		{"ftp://example.com/x", "That is not a web address"},
		{private.URL + "/news/flood-vote", "That address points into a private network"},
		{f.news.url("/news/missing"), "That page was not found"},
	} {
		_, err := f.svc.Summarize(ctx, tc.url)
		if msg := userMessage(err); !strings.HasPrefix(msg, tc.want) {
			t.Errorf("Summarize(%q): user message %q, want %q (err %v)", tc.url, msg, tc.want, err)
		}
	}
}
