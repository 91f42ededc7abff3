package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/digestbot/digestbot/internal/poller"
	"github.com/digestbot/digestbot/internal/safehttp"
	"github.com/digestbot/digestbot/internal/schedule"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/story"
	"github.com/digestbot/digestbot/internal/topic"
)

// This file is what the bot's slash commands ask of digestbot: feeds and
// subscriptions of a guild, /summary and /digest. Values are plain, with
// string IDs, so the bot needs nothing of the store.

// ErrNotFound is wrapped by errors about a feed or subscription that does not exist.
var ErrNotFound = errors.New("pipeline: not found")

// userError is an error with a sentence a user may read; the bot finds it
// through its UserMessage method.
type userError struct {
	msg string
	err error
}

func (e *userError) Error() string {
	if e.err != nil {
		return e.msg + ": " + e.err.Error()
	}
	return e.msg
}
func (e *userError) Unwrap() error       { return e.err }
func (e *userError) UserMessage() string { return e.msg }

// UserError wraps err with a short sentence the user may read; err may be nil.
func UserError(msg string, err error) error { return &userError{msg: msg, err: err} }

// Feed is a guild's feed.
type Feed struct {
	ID        string
	URL       string
	Title     string
	LastFetch time.Time
	LastError string // "" when the last fetch went well
}

// Subscription subscribes a channel to a topic on a schedule.
type Subscription struct {
	ID        string
	GuildID   string
	ChannelID string
	Topic     string // the query as typed, validated by topic.Parse
	// Schedule is parsed once, where it enters (/subscribe, with its
	// floor), and read back from the store; the zero Schedule when the
	// stored one cannot be read.
	Schedule     schedule.Schedule
	CreatedBy    string // user id
	CreatedAt    time.Time
	LastDigest   time.Time // zero until the first digest
	NextDigest   time.Time // when the next digest is due; zero while paused
	PausedReason string    // non-empty while paused
	// Updates posts a delivered story again as an update when more outlets
	// report it ("new: 2 more outlets, 1 new quote").
	Updates bool
}

// summaryCacheAge is how long a /summary result is reused: articles get
// corrected, but not every minute.
const summaryCacheAge = time.Hour

// AddFeed follows url (a feed or a site) for the guild.
func (p *Pipeline) AddFeed(ctx context.Context, guildID, url, _ string) (Feed, error) {
	if p.poller == nil {
		return Feed{}, errors.New("pipeline: no poller to add feeds with")
	}
	if feeds, err := p.store.FeedsByGuild(guildID); err != nil {
		return Feed{}, err
	} else if n := len(feeds); n >= p.opts.MaxFeedsPerGuild {
		return Feed{}, UserError(fmt.Sprintf("This server follows %d %s, the most one server may; /feed remove one first.",
			n, plural(n, "feed", "feeds")), fmt.Errorf("pipeline: guild %s at its cap of %d feeds", guildID, p.opts.MaxFeedsPerGuild))
	}
	f, _, err := p.poller.Add(ctx, url, guildID)
	if errors.Is(err, poller.ErrAlreadyFollowed) {
		return feedValue(f), UserError("This server already follows that feed.", err)
	}
	if err != nil {
		return Feed{}, UserError(FetchProblem(err), err)
	}
	return feedValue(f), nil
}

// RemoveFeed stops the guild following a feed given by ID or URL.
func (p *Pipeline) RemoveFeed(_ context.Context, guildID, ref string) (Feed, error) {
	feeds, err := p.store.FeedsByGuild(guildID)
	if err != nil {
		return Feed{}, err
	}
	ref = strings.TrimSpace(ref)
	for _, f := range feeds {
		if strconv.FormatUint(f.ID, 10) == ref || f.URL == ref {
			if _, err := p.store.RemoveFeedFromGuild(guildID, f.ID); err != nil {
				return Feed{}, notFound(err)
			}
			return feedValue(f), nil
		}
	}
	return Feed{}, fmt.Errorf("pipeline: feed %q in guild %s: %w", ref, guildID, ErrNotFound)
}

// ListFeeds returns the guild's feeds.
func (p *Pipeline) ListFeeds(_ context.Context, guildID string) ([]Feed, error) {
	feeds, err := p.store.FeedsByGuild(guildID)
	if err != nil {
		return nil, err
	}
	out := make([]Feed, len(feeds))
	for i, f := range feeds {
		out[i] = feedValue(f)
	}
	return out, nil
}

func feedValue(f store.Feed) Feed {
	return Feed{ID: strconv.FormatUint(f.ID, 10), URL: f.URL, Title: f.Title, LastFetch: f.LastFetchAt, LastError: f.LastError}
}

// Subscribe stores a subscription, replacing (and resuming) one with the same
// guild, channel and topic, and puts it in the due index at its next firing.
// The schedule comes parsed (the bot checked it, with its floor).
func (p *Pipeline) Subscribe(_ context.Context, sub Subscription) (Subscription, error) {
	sch := sub.Schedule
	if sch.String() == "" {
		return Subscription{}, UserError("A subscription needs a schedule.", nil)
	}
	rec := store.Subscription{
		GuildID: sub.GuildID, ChannelID: sub.ChannelID, Topic: strings.TrimSpace(sub.Topic),
		Schedule: sch.String(), Timezone: sch.Timezone(), CreatedBy: sub.CreatedBy, CreatedAt: sub.CreatedAt,
		Updates: sub.Updates,
	}
	if rec.CreatedAt.IsZero() {
		rec.CreatedAt = p.opts.Now()
	}
	rec.NextDigestAt = sch.Next(rec.CreatedAt)
	if err := p.underSubscriptionCap(rec); err != nil {
		return Subscription{}, err
	}
	stored, err := p.store.AddSubscription(rec)
	if errors.Is(err, store.ErrExists) {
		stored.Schedule, stored.Timezone = rec.Schedule, rec.Timezone
		stored.Paused, stored.PausedReason, stored.Updates = false, "", rec.Updates
		stored.NextDigestAt = sch.Next(lastDigest(stored))
		err = p.store.UpdateSubscription(stored)
	}
	if err != nil {
		return Subscription{}, err
	}
	return subscriptionValue(stored), nil
}

// underSubscriptionCap refuses a new subscription for a guild that has
// MaxSubscriptionsPerGuild; replacing one of its own is always allowed.
func (p *Pipeline) underSubscriptionCap(rec store.Subscription) error {
	subs, err := p.store.Subscriptions(rec.GuildID, "")
	if err != nil {
		return err
	}
	if len(subs) < p.opts.MaxSubscriptionsPerGuild {
		return nil
	}
	for _, s := range subs {
		if s.ChannelID == rec.ChannelID && s.Topic == rec.Topic {
			return nil
		}
	}
	n := len(subs)
	return UserError(fmt.Sprintf("This server has %d %s, the most one server may; /unsubscribe one first.",
		n, plural(n, "subscription", "subscriptions")), fmt.Errorf("pipeline: guild %s at its cap of %d subscriptions", rec.GuildID, p.opts.MaxSubscriptionsPerGuild))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Unsubscribe removes the channel's subscription to topicText.
func (p *Pipeline) Unsubscribe(_ context.Context, guildID, channelID, topicText string) error {
	subs, err := p.store.Subscriptions(guildID, channelID)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		if sub.Topic == strings.TrimSpace(topicText) {
			return notFound(p.store.RemoveSubscription(sub.ID))
		}
	}
	return fmt.Errorf("pipeline: subscription to %q in channel %s: %w", topicText, channelID, ErrNotFound)
}

// ListSubscriptions returns the guild's (or one channel's) subscriptions.
func (p *Pipeline) ListSubscriptions(_ context.Context, guildID, channelID string) ([]Subscription, error) {
	subs, err := p.store.Subscriptions(guildID, channelID)
	if err != nil {
		return nil, err
	}
	out := make([]Subscription, len(subs))
	for i, sub := range subs {
		out[i] = subscriptionValue(sub)
	}
	return out, nil
}

// RemoveGuild deletes what is stored for a guild the bot left.
func (p *Pipeline) RemoveGuild(_ context.Context, guildID string) error {
	return p.store.RemoveGuild(guildID)
}

func subscriptionValue(sub store.Subscription) Subscription {
	reason := ""
	if sub.Paused {
		reason = sub.PausedReason
		if reason == "" {
			reason = "paused"
		}
	}
	v := Subscription{
		ID: strconv.FormatUint(sub.ID, 10), GuildID: sub.GuildID, ChannelID: sub.ChannelID,
		Topic: sub.Topic, CreatedBy: sub.CreatedBy,
		CreatedAt: sub.CreatedAt, LastDigest: sub.LastDigestAt, PausedReason: reason, Updates: sub.Updates,
	}
	if !sub.Paused {
		v.NextDigest = sub.NextDigestAt
	}
	v.Schedule, _ = storedSchedule(sub) // unreadable: the zero Schedule, which the bot says is unreadable
	return v
}

// Summarize fetches and digests one article for /summary.
func (p *Pipeline) Summarize(ctx context.Context, rawURL string) (story.Card, error) {
	u, err := safehttp.ValidateURL(rawURL)
	if err != nil {
		return story.Card{}, UserError(ArticleProblem(err), err)
	}
	s, err := p.summary(ctx, u.String(), summaryCacheAge)
	if err != nil {
		return story.Card{}, UserError(ArticleProblem(err), err)
	}
	return s.Card(), nil
}

// RecentStories returns the cards of the guild's stories first seen after
// since that match q (nil matches all), newest first; for /digest, which
// records no delivery.
func (p *Pipeline) RecentStories(ctx context.Context, guildID string, q *topic.Query, since time.Time, limit int) ([]story.Card, error) {
	stories, err := p.Stories(ctx, Query{GuildID: guildID, Topic: q, Since: since, Limit: limit, NewestFirst: true})
	if err != nil {
		return nil, err
	}
	return story.Cards(stories), nil
}

// notFound maps the store's ErrNotFound to the pipeline's.
func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	return err
}
