package bot

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// Service is everything the bot needs from the rest of digestbot. The bot
// never touches the store, feeds or the digest engine directly; cmd/digestbot
// wires an adapter (internal/app) that implements Service.
//
// Errors: return an error wrapping ErrNotFound for a feed or subscription that
// does not exist, and wrap errors the user should read (an unreachable feed, a
// refused private address) with UserError. Anything else is shown as a generic
// apology and logged.
type Service interface {
	Feeds
	Subscriptions
	Stories
	Deliveries
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
	// ActiveSubscriptions returns every subscription that is not paused, in
	// all guilds; the bot decides which are due from Schedule and LastDigest.
	ActiveSubscriptions(ctx context.Context) ([]Subscription, error)
	// PauseChannel pauses every subscription of a channel with a reason shown
	// by /subscriptions (the bot lost access to the channel, or it is gone).
	PauseChannel(ctx context.Context, guildID, channelID, reason string) error
	// RemoveGuild deletes everything stored for a guild the bot was removed from.
	RemoveGuild(ctx context.Context, guildID string) error
}

// Stories provides digest content.
type Stories interface {
	// Summarize fetches and summarises one article for /summary.
	Summarize(ctx context.Context, url string) (Story, error)
	// PendingStories returns at most limit stories from the guild's feeds that
	// match sub.Topic, were first seen after sub.LastDigest (or sub.CreatedAt
	// when LastDigest is zero) and were never delivered to sub.ChannelID,
	// oldest first. The service may look a few minutes further back, to catch
	// items a poll recorded while the last digest was being made; the
	// delivered markers keep those from repeating.
	PendingStories(ctx context.Context, sub Subscription, limit int) ([]Story, error)
	// RecentStories returns at most limit stories from the guild's feeds first
	// seen after since that match topic ("" matches all), newest first; for
	// /digest, which records no delivery.
	RecentStories(ctx context.Context, guildID, topic string, since time.Time, limit int) ([]Story, error)
}

// Deliveries persists the exactly-once delivery protocol (see deliver.go).
type Deliveries interface {
	// BeginDelivery stores d as pending, and in the same transaction sets the
	// subscription's LastDigest to d.DigestAt and marks d.ItemIDs delivered to
	// d.ChannelID. Nothing has been sent yet when it is called. It returns the
	// ID the delivery is stored under, which the other methods take; d.ID is
	// only the bot's provisional name for it (the nonces derive from it).
	BeginDelivery(ctx context.Context, d Delivery) (string, error)
	// DeliveryPartSent records that Discord accepted part number part as messageID.
	DeliveryPartSent(ctx context.Context, deliveryID string, part int, messageID string) error
	// FinishDelivery marks a delivery done; failure is "" on success, else why
	// it was given up (the channel is gone, Discord rejected the payload).
	FinishDelivery(ctx context.Context, deliveryID, failure string) error
	// PendingDeliveries returns the deliveries begun and not finished, oldest first.
	PendingDeliveries(ctx context.Context) ([]Delivery, error)
	// RecordEmptyDigest sets a subscription's LastDigest when it was due but
	// had nothing new, so an empty digest is not posted and not retried.
	RecordEmptyDigest(ctx context.Context, subscriptionID string, at time.Time) error
}

// ErrNotFound is wrapped by Service errors for a missing feed or subscription.
var ErrNotFound = errors.New("bot: not found")

// Story is one article as a digest card shows it.
type Story struct {
	ItemID    string // the store's stable item key; delivery marks it delivered
	Title     string
	URL       string
	Site      string // source name shown in the footer
	Published time.Time
	FirstSeen time.Time
	Summary   []string // verbatim sentences, in text order
	Quotes    []StoryQuote
	Actors    []StoryActor // ranked by salience
}

// StoryQuote is a verbatim quote and who said it.
type StoryQuote struct {
	Text         string // without quote marks
	Speaker      string
	SpeakerTitle string // "German Chancellor", "Brookings Institution"
}

// Actor kinds, as the digest engine names them.
const (
	ActorPerson = "person"
	ActorOrg    = "org"
	ActorPlace  = "place"
)

// StoryActor is a person, organisation or place named by a story.
type StoryActor struct {
	Name string
	Kind string // ActorPerson, ActorOrg or ActorPlace
}

// FeedInfo describes a guild's feed.
type FeedInfo struct {
	ID        string
	URL       string
	Title     string
	LastFetch time.Time
	LastError string // "" when the last fetch went well
}

// Subscription subscribes a channel to a topic on a schedule.
type Subscription struct {
	ID           string
	GuildID      string
	ChannelID    string
	Topic        string // the query as typed, validated by topic.Parse
	Schedule     string // canonical schedule spec, validated by schedule.Parse
	Timezone     string // IANA name
	CreatedBy    string // user id
	CreatedAt    time.Time
	LastDigest   time.Time // zero until the first digest
	PausedReason string    // non-empty while paused
}

// Delivery is one digest on its way to a channel: the messages exactly as
// they will be posted, recorded before the first is sent.
type Delivery struct {
	ID             string
	GuildID        string
	ChannelID      string
	SubscriptionID string
	ItemIDs        []string  // the stories it delivers
	DigestAt       time.Time // the subscription's new LastDigest
	CreatedAt      time.Time
	Parts          []DeliveryPart
}

// DeliveryPart is one message of a delivery.
type DeliveryPart struct {
	Nonce     string          // ≤ 25 characters, unique per delivery and part
	Payload   json.RawMessage // the POST /channels/{id}/messages body, nonce included
	MessageID string          // set once Discord accepted it
}
