package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/safehttp"
	"github.com/digestbot/digestbot/internal/schedule"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/story"
	"github.com/digestbot/digestbot/internal/testclock"
	"github.com/digestbot/digestbot/internal/topic"
)

const (
	guild    = "200000000000000001"
	channel  = "400000000000000002"
	otherCh  = "400000000000000003"
	farmers  = "farmers"
	hourly   = "every 1h"
	t0String = "2026-11-25T06:00:00Z"
)

// env is a pipeline over a real store, with a feed the guild follows, a
// storyteller that needs no network and an in-memory Discord.
type env struct {
	t     *testing.T
	st    *store.Store
	p     *Pipeline
	clock *testclock.Clock
	feed  store.Feed
	out   *fakeOutlet
}

// openStore opens a store in a temporary directory for the test.
func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "digestbot.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newsClient is the guarded client with only news's address allowed.
func newsClient(news *newsroom) *http.Client {
	u, _ := url.Parse(news.srv.URL)
	return safehttp.NewClient(safehttp.Options{AllowAddrs: []netip.AddrPort{netip.MustParseAddrPort(u.Host)}, Timeout: 5 * time.Second})
}

// setup starts a test: a store and the "Kovac" story published for a
// farmers subscription of the channel.
func setup(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.subscribe(channel, farmers)
	e.publish("Kovac pledges support for farmers")
	return e
}

func newEnv(t *testing.T) *env {
	t.Helper()
	st := openStore(t)
	start, _ := time.Parse(time.RFC3339, t0String)
	clock := testclock.New(start)
	f, err := st.AddFeed(store.Feed{URL: "https://news.example/feed.xml", GuildID: guild, AddedAt: start})
	if err != nil {
		t.Fatal(err)
	}
	// The baseline poll: from now on, what the feed lists is new.
	if _, err := st.RecordPoll(f.ID, store.FeedUpdate{Status: 200}, nil, start); err != nil {
		t.Fatal(err)
	}
	p := New(st, nil, nil, Options{Now: clock.Now})
	p.WithStoryteller(titleStories{})
	return &env{t: t, st: st, p: p, clock: clock, feed: f, out: newFakeOutlet()}
}

// publish records a poll that lists titles, first seen now.
func (e *env) publish(titles ...string) {
	e.t.Helper()
	var items []store.Item
	for _, title := range titles {
		slug := strings.ReplaceAll(strings.ToLower(title), " ", "-")
		items = append(items, store.Item{Key: slug, Title: title, Link: "https://news.example/" + slug})
	}
	if _, err := e.st.RecordPoll(e.feed.ID, store.FeedUpdate{Status: 200}, items, e.clock.Now()); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) subscribe(channelID, topic string) Subscription {
	e.t.Helper()
	return e.subscribeAs(channelID, topic, "")
}

// subscribeAs subscribes as /subscribe does for user ("" as the CLI does).
func (e *env) subscribeAs(channelID, topic, user string) Subscription {
	e.t.Helper()
	sub, err := e.p.Subscribe(context.Background(), Subscription{
		GuildID: guild, ChannelID: channelID, Topic: topic, Schedule: mustSchedule(e.t, hourly, "UTC"),
		CreatedBy: user, CreatedAt: e.clock.Now(),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return sub
}

func (e *env) tick() { e.p.Tick(context.Background(), e.out) }

// titleStories makes a story from an item's title alone.
type titleStories struct{}

func (titleStories) Stories(_ context.Context, items []store.Item) ([]story.Story, error) {
	out := make([]story.Story, len(items))
	for i, it := range items {
		out[i] = story.Story{ItemID: it.ID, Title: it.Title, URL: it.Link, FirstSeen: it.FirstSeen, Summary: []string{it.Title + "."}}
	}
	return out, nil
}

// fakeOutlet renders a digest as one JSON list of titles and keeps posted
// messages per channel; like Discord, a nonce seen before returns the first
// message instead of a new one.
type fakeOutlet struct {
	mu       sync.Mutex
	messages map[string][]string // channel → payloads
	nonces   map[string]string   // nonce → message ID
	posts    int
	// fail, when set, answers a Post instead; accepted says whether Discord
	// kept the message before the error (a crash before the answer was read).
	fail func(channelID string) (err error, accepted bool)
}

func newFakeOutlet() *fakeOutlet {
	return &fakeOutlet{messages: map[string][]string{}, nonces: map[string]string{}}
}

func (o *fakeOutlet) DigestPayloads(topic string, cards []story.Card) ([][]byte, error) {
	var titles []string
	for _, c := range cards {
		titles = append(titles, c.Title)
	}
	b, err := json.Marshal(titles)
	return [][]byte{b}, err
}

func (o *fakeOutlet) Post(_ context.Context, channelID string, payload []byte, nonce string) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.posts++
	if id, ok := o.nonces[nonce]; ok {
		return id, nil
	}
	var fail error
	accepted := true
	if o.fail != nil {
		fail, accepted = o.fail(channelID)
	}
	if accepted {
		o.messages[channelID] = append(o.messages[channelID], string(payload))
		o.nonces[nonce] = fmt.Sprintf("msg%d", len(o.nonces)+1)
	}
	if fail != nil {
		return "", fail
	}
	return o.nonces[nonce], nil
}

func (o *fakeOutlet) channel(id string) []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.messages[id]...)
}

func TestDueDigestGoesToItsChannelOnceWithMatchingStories(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.subscribe(channel, farmers)
	e.clock.Advance(10 * time.Minute)
	e.publish("Kovac pledges support for farmers", "Football results")

	e.tick()
	if got := e.out.channel(channel); len(got) != 0 {
		t.Fatalf("posted %v before the digest was due", got)
	}
	e.clock.Advance(time.Hour)
	e.tick()
	e.tick() // a second tick in the same hour sends nothing more
	if got, want := e.out.channel(channel), []string{`["Kovac pledges support for farmers"]`}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("channel = %v, want %v", got, want)
	}
	if got := e.out.channel(otherCh); len(got) != 0 {
		t.Errorf("a channel without subscriptions got %v", got)
	}

	// Due again with nothing new: no post, but the schedule moves on.
	e.clock.Advance(time.Hour)
	e.tick()
	sub := e.subscription()
	if !sub.LastDigest.Equal(e.clock.Now()) || len(e.out.channel(channel)) != 1 {
		t.Errorf("empty digest: last digest %v (want %v), %d messages", sub.LastDigest, e.clock.Now(), len(e.out.channel(channel)))
	}

	// A new matching story comes in the next digest, alone.
	e.clock.Advance(time.Minute)
	e.publish("Farmers protest in Brussels")
	e.clock.Advance(time.Hour)
	e.tick()
	if got := e.out.channel(channel); len(got) != 2 || got[1] != `["Farmers protest in Brussels"]` {
		t.Errorf("second digest: channel = %v", got)
	}
}

func (e *env) subscription() Subscription {
	e.t.Helper()
	subs, err := e.p.ListSubscriptions(context.Background(), guild, "")
	if err != nil || len(subs) != 1 {
		e.t.Fatalf("subscriptions = %v, %v", subs, err)
	}
	return subs[0]
}

func TestExactlyOnceWhenTheProcessDiesAfterDiscordAccepted(t *testing.T) {
	t.Parallel()
	e := setup(t)
	// Discord keeps the message but the answer never arrives: the part
	// stays unrecorded, and the delivery pending.
	e.out.fail = func(string) (error, bool) { return errors.New("connection reset"), true }
	e.clock.Advance(time.Hour + time.Minute)
	e.tick()
	pending, err := e.st.PendingDeliveries()
	if err != nil || len(pending) != 1 || pending[0].MessageIDs[0] != "" {
		t.Fatalf("after the failed answer: pending = %+v, %v", pending, err)
	}

	// A restart: a new pipeline on the same store resends with the same nonce.
	e.out.fail = nil
	restarted := New(e.st, nil, nil, Options{Now: e.clock.Now}).WithStoryteller(titleStories{})
	restarted.Tick(context.Background(), e.out)
	if got := e.out.channel(channel); len(got) != 1 {
		t.Fatalf("channel holds %d messages after the restart, want exactly 1", len(got))
	}
	d, err := e.st.Delivery(pending[0].ID)
	if err != nil || d.State != store.DeliverySent || d.MessageIDs[0] != "msg1" {
		t.Errorf("delivery after resend = %+v, %v; want sent as the original msg1", d, err)
	}
	if e.out.posts != 2 {
		t.Errorf("%d posts; want the original and one resend", e.out.posts)
	}
}

func TestLostChannelPausesItsSubscriptions(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.out.fail = func(string) (error, bool) {
		return &ChannelGoneError{Reason: "the channel no longer exists"}, false
	}
	e.clock.Advance(time.Hour + time.Minute)
	e.tick()
	if sub := e.subscription(); sub.PausedReason != "the channel no longer exists" {
		t.Errorf("paused reason = %q", sub.PausedReason)
	}
	if pending, _ := e.st.PendingDeliveries(); len(pending) != 0 {
		t.Errorf("the delivery to a lost channel is still pending: %+v", pending)
	}
	// Paused: never due again, so nothing more is tried.
	posts := e.out.posts
	e.clock.Advance(3 * time.Hour)
	e.tick()
	if e.out.posts != posts {
		t.Errorf("a paused subscription was posted to again")
	}
}

func TestRejectedMessageIsGivenUpAndTransientErrorsRetried(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.out.fail = func(string) (error, bool) { return errors.New("502 Bad Gateway"), false }
	e.clock.Advance(time.Hour + time.Minute)
	e.tick()
	pending, _ := e.st.PendingDeliveries()
	if len(pending) != 1 || pending[0].Attempts != 1 || !strings.Contains(pending[0].LastError, "502") {
		t.Fatalf("after a 502: pending = %+v; want one with the attempt recorded", pending)
	}
	e.out.fail = func(string) (error, bool) { return fmt.Errorf("400: %w", ErrRejected), false }
	e.tick()
	d, err := e.st.Delivery(pending[0].ID)
	if err != nil || d.State != store.DeliveryFailed {
		t.Errorf("after a 400: %+v, %v; want failed", d, err)
	}
	if sub := e.subscription(); sub.PausedReason != "" {
		t.Errorf("a refused message paused the subscription: %q", sub.PausedReason)
	}
}

// A subscription written by an older digestbot has no next time in the due
// index; it is not due until its schedule says so.
func TestSubscriptionWithoutNextTimeWaitsForItsSchedule(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := e.st.AddSubscription(store.Subscription{
		GuildID: guild, ChannelID: channel, Topic: farmers, Schedule: hourly, CreatedAt: e.clock.Now(),
	}); err != nil {
		t.Fatal(err)
	}
	e.publish("Kovac pledges support for farmers")
	e.clock.Advance(time.Minute)
	e.tick()
	if got := e.out.channel(channel); len(got) != 0 {
		t.Fatalf("posted %v an hour early", got)
	}
	e.clock.Advance(time.Hour)
	e.tick()
	if got := e.out.channel(channel); len(got) != 1 {
		t.Errorf("channel = %v at the first firing; want one digest", got)
	}
}

func TestStoriesQuery(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.publish("Farmers march")
	e.clock.Advance(time.Second)
	e.publish("Football results")
	e.clock.Advance(time.Minute)
	e.publish("Farmers win aid")
	ctx := context.Background()
	since := e.clock.Now().Add(-time.Hour)
	titles := func(q Query) string {
		t.Helper()
		stories, err := e.p.Stories(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range stories {
			out = append(out, s.Title)
		}
		return strings.Join(out, "|")
	}
	if got := titles(Query{Since: since}); got != "Farmers march|Football results|Farmers win aid" {
		t.Errorf("all, oldest first = %q", got)
	}
	if got := titles(Query{Since: since, Topic: mustTopic(t, farmers), Limit: 1, NewestFirst: true}); got != "Farmers win aid" {
		t.Errorf("newest farmers story = %q", got)
	}
	if got := titles(Query{GuildID: "200000000000000009", Since: since}); got != "" {
		t.Errorf("a guild following no feeds got %q", got)
	}
}

// mustSchedule parses a schedule as the bot does where one enters.
func mustSchedule(t testing.TB, spec, timezone string) schedule.Schedule {
	t.Helper()
	sch, err := schedule.Parse(spec, timezone, schedule.NoMinimum)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func mustTopic(t testing.TB, text string) *topic.Query {
	t.Helper()
	q, err := topic.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return &q
}

// mergingStories is a storyteller that joins every batch of items into one
// story, as story clustering would.
type mergingStories struct{}

func (mergingStories) Stories(ctx context.Context, items []store.Item) ([]story.Story, error) {
	all, err := titleStories{}.Stories(ctx, items)
	if err != nil || len(all) == 0 {
		return all, err
	}
	s := all[0]
	for _, other := range all[1:] {
		s.Merged = append(s.Merged, other.ItemID)
	}
	return []story.Story{s}, nil
}

// A storyteller may stand one story for several items: the digest
// delivers all of them, so none comes back in the next digest.
func TestMergedItemsAreDeliveredWithTheirStory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.p.WithStoryteller(mergingStories{})
	e.subscribe(channel, farmers)
	// Published just before the digest, so both stay inside the next
	// digest's look-back window: only their delivered markers keep them out.
	e.clock.Advance(time.Hour + time.Minute)
	e.publish("Farmers march on Brussels", "Farmers block the ring road")
	e.tick()
	if got := e.out.channel(channel); len(got) != 1 || strings.Count(got[0], "Farmers") != 1 {
		t.Fatalf("channel = %v, want one card for both reports", got)
	}
	e.clock.Advance(time.Hour)
	e.tick()
	if got := e.out.channel(channel); len(got) != 1 {
		t.Errorf("the merged report came back in the next digest: %v", got)
	}
}

// hookedOutlet runs hook before every post to one channel: a wait, as for
// a channel waiting out a long rate limit, or a panic, as for a bug.
type hookedOutlet struct {
	*fakeOutlet
	channel string
	hook    func()
}

func (o *hookedOutlet) Post(ctx context.Context, channelID string, payload []byte, nonce string) (string, error) {
	if channelID == o.channel {
		o.hook()
	}
	return o.fakeOutlet.Post(ctx, channelID, payload, nonce)
}

// twoChannelsDue is an env whose two channels each have a farmers digest
// due with one story.
func twoChannelsDue(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.subscribe(channel, farmers)
	e.subscribe(otherCh, farmers)
	e.clock.Advance(10 * time.Minute)
	e.publish("Kovac pledges support for farmers")
	e.clock.Advance(time.Hour)
	return e
}

func TestStalledChannelDoesNotHoldBackOthers(t *testing.T) {
	t.Parallel()
	e := twoChannelsDue(t)
	release := make(chan struct{})
	out := &hookedOutlet{fakeOutlet: e.out, channel: channel, hook: func() { <-release }}
	done := make(chan struct{})
	go func() {
		e.p.Tick(context.Background(), out)
		close(done)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for len(e.out.channel(otherCh)) == 0 {
		if time.Now().After(deadline) {
			close(release)
			t.Fatal("the other channel got nothing while one channel was stalled")
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case <-done:
		t.Fatal("the tick ended before the stalled channel's digest was sent")
	default:
	}
	close(release)
	<-done
	want := `["Kovac pledges support for farmers"]`
	for _, ch := range []string{channel, otherCh} {
		if got := e.out.channel(ch); len(got) != 1 || got[0] != want {
			t.Errorf("channel %s = %v, want one digest", ch, got)
		}
	}
}

// TestPanicInOneDeliveryCostsThatDelivery: deliveries run on worker
// goroutines; a panic in one is logged, the other channels get their
// digests, and the process lives.
func TestPanicInOneDeliveryCostsThatDelivery(t *testing.T) {
	t.Parallel()
	e := twoChannelsDue(t)
	e.p.Tick(context.Background(), &hookedOutlet{fakeOutlet: e.out, channel: channel, hook: func() { panic("outlet bug") }})
	if got := e.out.channel(otherCh); len(got) != 1 {
		t.Errorf("other channel = %v, want its digest", got)
	}
	if got := e.out.channel(channel); len(got) != 0 {
		t.Errorf("panicking channel = %v, want nothing", got)
	}
	// The intent stays pending: the next tick with a working outlet sends it.
	e.tick()
	if got := e.out.channel(channel); len(got) != 1 {
		t.Errorf("after the fix, channel = %v, want the digest once", got)
	}
}
