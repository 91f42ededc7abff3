package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/story"
	"github.com/digestbot/digestbot/internal/topic"
)

// Query selects the stories of a digest.
type Query struct {
	// GuildID limits the stories to the feeds a guild follows; "" means every
	// feed (the CLI's digest).
	GuildID string
	// ChannelID, when set, leaves out items already delivered to the channel
	// and looks back a little before Since (see lookback).
	ChannelID string
	// Topic keeps the stories it matches; nil keeps all. It is parsed where
	// it enters (a command) or read back from a stored subscription.
	Topic *topic.Query
	// Since: only items first seen after it.
	Since time.Time
	// Limit bounds the stories returned; <= 0 means all.
	Limit int
	// NewestFirst orders the result newest first and, with Limit, keeps the
	// newest; otherwise the oldest come first.
	NewestFirst bool
	// Updates: with a Clustering storyteller and a ChannelID, an event
	// already delivered to the channel that new reports joined comes back
	// once as an update; without it such an event is left out.
	Updates bool
}

// lookback widens a scheduled digest's window backwards: a poll that read the
// clock before the last digest may commit its items after that digest looked,
// and those items must not be lost. The delivered markers keep them from repeating.
const lookback = 10 * time.Minute

// Stories builds the stories q selects: the items through the Storyteller,
// kept when they match the topic. Items are built in batches until Limit
// stories match, so a broad topic does not fetch every article of the window.
func (p *Pipeline) Stories(ctx context.Context, q Query) ([]story.Story, error) {
	match := matcher(q.Topic)
	items, err := p.items(q)
	if err != nil {
		return nil, err
	}
	if q.NewestFirst {
		slices.Reverse(items)
	}
	if c, ok := p.stories.(*Clustering); ok {
		return p.clustered(ctx, c, q, match, items)
	}
	var out []story.Story
	batch := max(p.opts.Workers, 8)
	for start := 0; start < len(items) && (q.Limit <= 0 || len(out) < q.Limit); start += batch {
		built, err := p.stories.Stories(ctx, items[start:min(len(items), start+batch)])
		if err != nil {
			return nil, err
		}
		for _, s := range built {
			if match(s) {
				out = append(out, s)
			}
		}
	}
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

// pending is a scheduled digest's stories: from the guild's feeds, first
// seen after the subscription's last digest, never delivered to its
// channel, matching its topic; oldest first.
func (p *Pipeline) pending(ctx context.Context, sub store.Subscription, limit int) ([]story.Story, error) {
	q, err := storedTopic(sub)
	if err != nil {
		return nil, err
	}
	return p.Stories(ctx, Query{
		GuildID: sub.GuildID, ChannelID: sub.ChannelID, Topic: q,
		Since: lastDigest(sub), Limit: limit, Updates: sub.Updates,
	})
}

// storedTopic reads back the topic a subscription was stored with, checked
// when it entered (/subscribe); nil, matching all, for an empty one.
func storedTopic(sub store.Subscription) (*topic.Query, error) {
	if strings.TrimSpace(sub.Topic) == "" {
		return nil, nil
	}
	q, err := topic.Parse(sub.Topic)
	if err != nil {
		return nil, fmt.Errorf("pipeline: subscription %d has an unreadable topic %q: %w", sub.ID, sub.Topic, err)
	}
	return &q, nil
}

// matcher keeps the stories q matches; nil keeps all.
func matcher(q *topic.Query) func(story.Story) bool {
	if q == nil {
		return func(story.Story) bool { return true }
	}
	return func(s story.Story) bool { return q.Match(s.Doc()) }
}

// items returns the New items q selects, oldest first.
func (p *Pipeline) items(q Query) ([]store.Item, error) {
	from := q.Since.Add(time.Nanosecond)
	if q.ChannelID != "" {
		from = q.Since.Add(-lookback)
	}
	all, err := p.store.ItemsSince(from, 0)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	items := all
	if q.GuildID != "" {
		if items, err = p.followed(q.GuildID, all); err != nil {
			return nil, err
		}
	}
	if q.ChannelID == "" || len(items) == 0 {
		return items, nil
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	undelivered, err := p.store.Undelivered(q.ChannelID, ids)
	if err != nil {
		return nil, err
	}
	keep := make(map[string]bool, len(undelivered))
	for _, id := range undelivered {
		keep[id] = true
	}
	return slices.DeleteFunc(items, func(it store.Item) bool { return !keep[it.ID] }), nil
}

// followed keeps the items of feeds the guild follows.
func (p *Pipeline) followed(guildID string, items []store.Item) ([]store.Item, error) {
	feeds, err := p.store.FeedsByGuild(guildID)
	if err != nil {
		return nil, err
	}
	follows := make(map[uint64]bool, len(feeds))
	for _, f := range feeds {
		follows[f.ID] = true
	}
	return slices.DeleteFunc(items, func(it store.Item) bool { return !follows[it.FeedID] }), nil
}

// PerItem is the Storyteller that makes one story per item with b, workers
// articles at a time, reusing cached articles younger than maxAge.
func PerItem(b *story.Builder, workers int, maxAge time.Duration) Storyteller {
	return perItem{b: b, workers: max(workers, 1), maxAge: maxAge}
}

type perItem struct {
	b       *story.Builder
	workers int
	maxAge  time.Duration
}

func (s perItem) Stories(ctx context.Context, items []store.Item) ([]story.Story, error) {
	out := make([]story.Story, len(items))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(s.workers)
	for i, it := range items {
		g.Go(func() error {
			var err error
			out[i], err = s.b.ForItem(gctx, it, s.maxAge)
			return err
		})
	}
	return out, g.Wait()
}
