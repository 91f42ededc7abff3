package bot

import (
	"context"
	"time"

	"github.com/digestbot/digestbot/internal/pipeline"
	"github.com/digestbot/digestbot/internal/story"
	"github.com/digestbot/digestbot/internal/topic"
)

// Service is what the bot's commands need from the rest of digestbot;
// *pipeline.Pipeline implements it. The bot never touches the store, feeds
// or the digest engine directly.
//
// Errors: a feed or subscription that does not exist wraps ErrNotFound, and
// an error the user should read (an unreachable feed, a refused private
// address) has a UserMessage method (see UserError). Anything else is shown
// as a generic apology and logged.
type Service interface {
	Feeds
	Subscriptions
	Stories
}

// Feeds manages a guild's feeds.
type Feeds interface {
	// AddFeed fetches url (or discovers the feed of a site), stores it for the
	// guild and returns it. userID is who asked.
	AddFeed(ctx context.Context, guildID, url, userID string) (FeedInfo, error)
	// RemoveFeed removes a feed from the guild; feed is a FeedInfo.ID or URL.
	RemoveFeed(ctx context.Context, guildID, feed string) (FeedInfo, error)
	// ListFeeds returns the guild's feeds.
	ListFeeds(ctx context.Context, guildID string) ([]FeedInfo, error)
}

// Subscriptions stores channels' topic subscriptions.
type Subscriptions interface {
	// Subscribe creates the subscription, or replaces the one with the same
	// guild, channel and topic (clearing a pause). The bot has validated the
	// topic, schedule and timezone; the service assigns ID and CreatedAt if
	// empty and returns what it stored.
	Subscribe(ctx context.Context, sub Subscription) (Subscription, error)
	// Unsubscribe removes the channel's subscription to topic (ErrNotFound if none).
	Unsubscribe(ctx context.Context, guildID, channelID, topic string) error
	// ListSubscriptions returns a guild's subscriptions, paused ones included;
	// channelID "" means every channel.
	ListSubscriptions(ctx context.Context, guildID, channelID string) ([]Subscription, error)
	// RemoveGuild deletes everything stored for a guild the bot was removed from.
	RemoveGuild(ctx context.Context, guildID string) error
}

// Stories provides content for /summary and /digest.
type Stories interface {
	// Summarize fetches and summarises one article for /summary.
	Summarize(ctx context.Context, url string) (Story, error)
	// RecentStories returns at most limit stories from the guild's feeds first
	// seen after since that match q (nil matches all), newest first; for
	// /digest, which records no delivery. The bot parsed q from the command.
	RecentStories(ctx context.Context, guildID string, q *topic.Query, since time.Time, limit int) ([]Story, error)
}

var _ Service = (*pipeline.Pipeline)(nil)

// ErrNotFound is wrapped by Service errors for a missing feed or subscription.
var ErrNotFound = pipeline.ErrNotFound

// The bot's values are the pipeline's and the story package's, so the
// pipeline serves the bot without knowing it.
type (
	// Story is one story as a card shows it.
	Story = story.Card
	// StoryQuote is a verbatim quote and who said it.
	StoryQuote = story.Statement
	// StoryActor is a person, organisation or place named by a story.
	StoryActor = story.CardActor
	// StorySource is another outlet's report of a story.
	StorySource = story.Source
	// FeedInfo describes a guild's feed.
	FeedInfo = pipeline.Feed
	// Subscription subscribes a channel to a topic on a schedule.
	Subscription = pipeline.Subscription
)

// Actor kinds, as the digest engine names them.
const (
	ActorPerson = story.ActorPerson
	ActorOrg    = story.ActorOrg
	ActorPlace  = story.ActorPlace
)
