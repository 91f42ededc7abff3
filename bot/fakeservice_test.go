package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/digestbot/digestbot/internal/topic"
)

// fakeService is an in-memory Service with the semantics the contract asks
// of the real adapter, plus hooks for failures.
type fakeService struct {
	mu         sync.Mutex
	nextID     int
	feeds      map[string][]FeedInfo // by guild
	subs       []Subscription
	stories    map[string][]Story // by guild
	delivered  map[string]bool    // channel|item
	deliveries map[string]*Delivery
	order      []string
	finished   map[string]string // delivery id → failure ("" = success)
	empty      int               // RecordEmptyDigest calls
	removed    []string          // guilds
	calls      []string

	summarize func(ctx context.Context, url string) (Story, error)
	addFeed   func(ctx context.Context, url string) (FeedInfo, error)
	// partSent, when set, runs before DeliveryPartSent records anything; an
	// error simulates a crash between Discord's answer and the store write.
	partSent func(deliveryID string, part int) error
}

func newFakeService() *fakeService {
	return &fakeService{
		feeds: map[string][]FeedInfo{}, stories: map[string][]Story{}, delivered: map[string]bool{},
		deliveries: map[string]*Delivery{}, finished: map[string]string{},
	}
}

func (f *fakeService) record(call string) {
	f.calls = append(f.calls, call)
}

func (f *fakeService) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeService) AddFeed(ctx context.Context, guildID, url, userID string) (FeedInfo, error) {
	f.mu.Lock()
	hook := f.addFeed
	f.record("AddFeed " + url)
	f.mu.Unlock()
	fi := FeedInfo{URL: url, Title: "Feed at " + url}
	if hook != nil {
		var err error
		if fi, err = hook(ctx, url); err != nil {
			return FeedInfo{}, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	fi.ID = fmt.Sprintf("feed%d", f.nextID)
	f.feeds[guildID] = append(f.feeds[guildID], fi)
	return fi, nil
}

func (f *fakeService) RemoveFeed(_ context.Context, guildID, feed string) (FeedInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("RemoveFeed " + feed)
	for i, fi := range f.feeds[guildID] {
		if fi.ID == feed || fi.URL == feed {
			f.feeds[guildID] = append(f.feeds[guildID][:i], f.feeds[guildID][i+1:]...)
			return fi, nil
		}
	}
	return FeedInfo{}, fmt.Errorf("fake: feed %s: %w", feed, ErrNotFound)
}

func (f *fakeService) ListFeeds(_ context.Context, guildID string) ([]FeedInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]FeedInfo(nil), f.feeds[guildID]...), nil
}

func (f *fakeService) Subscribe(_ context.Context, sub Subscription) (Subscription, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("Subscribe " + sub.Topic)
	for i, s := range f.subs {
		if s.GuildID == sub.GuildID && s.ChannelID == sub.ChannelID && s.Topic == sub.Topic {
			sub.ID, sub.LastDigest = s.ID, s.LastDigest
			f.subs[i] = sub
			return sub, nil
		}
	}
	f.nextID++
	sub.ID = fmt.Sprintf("sub%d", f.nextID)
	f.subs = append(f.subs, sub)
	return sub, nil
}

func (f *fakeService) Unsubscribe(_ context.Context, guildID, channelID, q string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("Unsubscribe " + q)
	for i, s := range f.subs {
		if s.GuildID == guildID && s.ChannelID == channelID && s.Topic == q {
			f.subs = append(f.subs[:i], f.subs[i+1:]...)
			return nil
		}
	}
	return fmt.Errorf("fake: subscription %q: %w", q, ErrNotFound)
}

func (f *fakeService) ListSubscriptions(_ context.Context, guildID, channelID string) ([]Subscription, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Subscription
	for _, s := range f.subs {
		if s.GuildID == guildID && (channelID == "" || s.ChannelID == channelID) {
			out = append(out, s)
		}
	}
	return out, nil
}

func (f *fakeService) ActiveSubscriptions(context.Context) ([]Subscription, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Subscription
	for _, s := range f.subs {
		if s.PausedReason == "" {
			out = append(out, s)
		}
	}
	return out, nil
}

func (f *fakeService) PauseChannel(_ context.Context, guildID, channelID, reason string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("PauseChannel " + channelID)
	for i := range f.subs {
		if f.subs[i].GuildID == guildID && f.subs[i].ChannelID == channelID {
			f.subs[i].PausedReason = reason
		}
	}
	return nil
}

func (f *fakeService) RemoveGuild(_ context.Context, guildID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.removed = append(f.removed, guildID)
	delete(f.feeds, guildID)
	var keep []Subscription
	for _, s := range f.subs {
		if s.GuildID != guildID {
			keep = append(keep, s)
		}
	}
	f.subs = keep
	return nil
}

func (f *fakeService) Summarize(ctx context.Context, url string) (Story, error) {
	f.mu.Lock()
	hook := f.summarize
	f.record("Summarize " + url)
	f.mu.Unlock()
	if hook == nil {
		return Story{}, errors.New("fake: no summarizer")
	}
	return hook(ctx, url)
}

func matches(q string, st Story) bool {
	if q == "" {
		return true
	}
	tq, err := topic.Parse(q)
	if err != nil {
		return false
	}
	var actors []string
	for _, a := range st.Actors {
		actors = append(actors, a.Name)
	}
	return tq.Match(topic.Doc{Title: st.Title, Summary: strings.Join(st.Summary, " "), Actors: actors})
}

func (f *fakeService) PendingStories(_ context.Context, sub Subscription, limit int) ([]Story, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	since := lastDigest(sub, time.Time{})
	var out []Story
	for _, st := range f.stories[sub.GuildID] {
		if st.FirstSeen.After(since) && !f.delivered[sub.ChannelID+"|"+st.ItemID] && matches(sub.Topic, st) {
			out = append(out, st)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].FirstSeen.Before(out[j].FirstSeen) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (f *fakeService) RecentStories(_ context.Context, guildID, q string, since time.Time, limit int) ([]Story, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Story
	for _, st := range f.stories[guildID] {
		if st.FirstSeen.After(since) && matches(q, st) {
			out = append(out, st)
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (f *fakeService) BeginDelivery(_ context.Context, d Delivery) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("BeginDelivery " + d.ChannelID)
	if _, dup := f.deliveries[d.ID]; dup {
		return "", fmt.Errorf("fake: delivery %s exists", d.ID)
	}
	cp := d
	cp.Parts = append([]DeliveryPart(nil), d.Parts...)
	f.deliveries[d.ID] = &cp
	f.order = append(f.order, d.ID)
	for _, id := range d.ItemIDs {
		f.delivered[d.ChannelID+"|"+id] = true
	}
	for i := range f.subs {
		if f.subs[i].ID == d.SubscriptionID {
			f.subs[i].LastDigest = d.DigestAt
		}
	}
	return d.ID, nil
}

func (f *fakeService) DeliveryPartSent(_ context.Context, deliveryID string, part int, messageID string) error {
	f.mu.Lock()
	hook := f.partSent
	f.mu.Unlock()
	if hook != nil {
		if err := hook(deliveryID, part); err != nil {
			return err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.deliveries[deliveryID]
	if !ok || part >= len(d.Parts) {
		return fmt.Errorf("fake: delivery %s part %d: %w", deliveryID, part, ErrNotFound)
	}
	d.Parts[part].MessageID = messageID
	return nil
}

func (f *fakeService) FinishDelivery(_ context.Context, deliveryID, failure string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("FinishDelivery " + failure)
	f.finished[deliveryID] = failure
	return nil
}

func (f *fakeService) PendingDeliveries(context.Context) ([]Delivery, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Delivery
	for _, id := range f.order {
		if _, done := f.finished[id]; !done {
			d := *f.deliveries[id]
			d.Parts = append([]DeliveryPart(nil), d.Parts...)
			out = append(out, d)
		}
	}
	return out, nil
}

func (f *fakeService) RecordEmptyDigest(_ context.Context, subscriptionID string, at time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.empty++
	for i := range f.subs {
		if f.subs[i].ID == subscriptionID {
			f.subs[i].LastDigest = at
		}
	}
	return nil
}

func (f *fakeService) addStory(guildID string, st Story) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stories[guildID] = append(f.stories[guildID], st)
}

func (f *fakeService) subscription(topic string) (Subscription, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range f.subs {
		if s.Topic == topic {
			return s, true
		}
	}
	return Subscription{}, false
}

func (f *fakeService) finishedDeliveries() map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]string{}
	for k, v := range f.finished {
		out[k] = v
	}
	return out
}
