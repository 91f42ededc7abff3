package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/digestbot/digestbot/internal/topic"
)

// fakeService is an in-memory Service with the semantics the contract asks
// of the real adapter, plus hooks for failures.
type fakeService struct {
	mu      sync.Mutex
	nextID  int
	feeds   map[string][]FeedInfo // by guild
	subs    []Subscription
	stories map[string][]Story // by guild
	removed []string           // guilds
	calls   []string

	summarize func(ctx context.Context, url string) (Story, error)
	addFeed   func(ctx context.Context, url string) (FeedInfo, error)
	listFeeds func() // runs before ListFeeds answers
}

func newFakeService() *fakeService {
	return &fakeService{
		feeds: map[string][]FeedInfo{}, stories: map[string][]Story{},
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
	hook := f.listFeeds
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
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
	// The service, not the bot, says when the next digest is due; a fixed
	// offset lets tests see that the bot shows the service's time.
	sub.NextDigest = sub.CreatedAt.Add(90 * time.Minute)
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

func matches(tq *topic.Query, st Story) bool {
	if tq == nil {
		return true
	}
	var actors []string
	for _, a := range st.Actors {
		actors = append(actors, a.Name)
	}
	return tq.Match(topic.Doc{Title: st.Title, Summary: strings.Join(st.Summary, " "), Actors: actors})
}

func (f *fakeService) RecentStories(_ context.Context, guildID string, q *topic.Query, since time.Time, limit int) ([]Story, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("RecentStories")
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
