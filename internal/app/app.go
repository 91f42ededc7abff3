// Package app is the service behind the Discord bot: it implements
// bot.Service over the store, the poller and the story builder, translating
// between the bot's small value types and the store's records, and turning
// fetch failures into sentences a Discord user can act on.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/internal/poller"
	"github.com/digestbot/digestbot/internal/safehttp"
	"github.com/digestbot/digestbot/internal/schedule"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/story"
	"github.com/digestbot/digestbot/internal/topic"
)

// summaryCacheAge is how long a /summary result is reused: articles get
// corrected, but not every minute.
const summaryCacheAge = time.Hour

// Service implements bot.Service.
type Service struct {
	store   *store.Store
	poller  *poller.Poller
	stories *story.Builder
	// Workers bounds article fetches at once while building a digest.
	workers int
	now     func() time.Time
}

var _ bot.Service = (*Service)(nil)

// New returns the service. workers bounds concurrent article fetches.
func New(st *store.Store, p *poller.Poller, b *story.Builder, workers int) *Service {
	return &Service{store: st, poller: p, stories: b, workers: max(workers, 1), now: time.Now}
}

// AddFeed follows url (a feed or a site) for the guild.
func (s *Service) AddFeed(ctx context.Context, guildID, url, _ string) (bot.FeedInfo, error) {
	f, _, err := s.poller.Add(ctx, url, guildID)
	if errors.Is(err, poller.ErrAlreadyFollowed) {
		return feedInfo(f), bot.UserError("This server already follows that feed.", err)
	}
	if err != nil {
		return bot.FeedInfo{}, bot.UserError(FetchProblem(err), err)
	}
	return feedInfo(f), nil
}

// RemoveFeed stops the guild following a feed given by ID or URL.
func (s *Service) RemoveFeed(_ context.Context, guildID, ref string) (bot.FeedInfo, error) {
	feeds, err := s.store.FeedsByGuild(guildID)
	if err != nil {
		return bot.FeedInfo{}, err
	}
	ref = strings.TrimSpace(ref)
	for _, f := range feeds {
		if strconv.FormatUint(f.ID, 10) == ref || f.URL == ref {
			if _, err := s.store.RemoveFeedFromGuild(guildID, f.ID); err != nil {
				return bot.FeedInfo{}, notFound(err)
			}
			return feedInfo(f), nil
		}
	}
	return bot.FeedInfo{}, fmt.Errorf("app: feed %q in guild %s: %w", ref, guildID, bot.ErrNotFound)
}

// ListFeeds returns the guild's feeds.
func (s *Service) ListFeeds(_ context.Context, guildID string) ([]bot.FeedInfo, error) {
	feeds, err := s.store.FeedsByGuild(guildID)
	if err != nil {
		return nil, err
	}
	out := make([]bot.FeedInfo, len(feeds))
	for i, f := range feeds {
		out[i] = feedInfo(f)
	}
	return out, nil
}

func feedInfo(f store.Feed) bot.FeedInfo {
	return bot.FeedInfo{ID: strconv.FormatUint(f.ID, 10), URL: f.URL, Title: f.Title, LastFetch: f.LastFetchAt, LastError: f.LastError}
}

// Subscribe stores a subscription, replacing (and resuming) one with the same
// guild, channel and topic.
func (s *Service) Subscribe(_ context.Context, sub bot.Subscription) (bot.Subscription, error) {
	rec := store.Subscription{
		GuildID: sub.GuildID, ChannelID: sub.ChannelID, Topic: strings.TrimSpace(sub.Topic),
		Schedule: sub.Schedule, Timezone: sub.Timezone, CreatedBy: sub.CreatedBy, CreatedAt: sub.CreatedAt,
	}
	if rec.CreatedAt.IsZero() {
		rec.CreatedAt = s.now()
	}
	stored, err := s.store.AddSubscription(rec)
	if errors.Is(err, store.ErrExists) {
		stored.Schedule, stored.Timezone = rec.Schedule, rec.Timezone
		stored.Paused, stored.PausedReason = false, ""
		err = s.store.UpdateSubscription(stored)
	}
	if err != nil {
		return bot.Subscription{}, err
	}
	return subscription(stored), nil
}

// Unsubscribe removes the channel's subscription to topic.
func (s *Service) Unsubscribe(_ context.Context, guildID, channelID, topicText string) error {
	subs, err := s.store.Subscriptions(guildID, channelID)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		if sub.Topic == strings.TrimSpace(topicText) {
			return notFound(s.store.RemoveSubscription(sub.ID))
		}
	}
	return fmt.Errorf("app: subscription to %q in channel %s: %w", topicText, channelID, bot.ErrNotFound)
}

// ListSubscriptions returns the guild's (or one channel's) subscriptions.
func (s *Service) ListSubscriptions(_ context.Context, guildID, channelID string) ([]bot.Subscription, error) {
	subs, err := s.store.Subscriptions(guildID, channelID)
	if err != nil {
		return nil, err
	}
	out := make([]bot.Subscription, len(subs))
	for i, sub := range subs {
		out[i] = subscription(sub)
	}
	return out, nil
}

// ActiveSubscriptions returns every subscription that is not paused.
func (s *Service) ActiveSubscriptions(_ context.Context) ([]bot.Subscription, error) {
	subs, err := s.store.ActiveSubscriptions()
	if err != nil {
		return nil, err
	}
	out := make([]bot.Subscription, len(subs))
	for i, sub := range subs {
		out[i] = subscription(sub)
	}
	return out, nil
}

// PauseChannel pauses the channel's subscriptions with a reason.
func (s *Service) PauseChannel(_ context.Context, _, channelID, reason string) error {
	_, err := s.store.PauseChannel(channelID, reason)
	return err
}

// RemoveGuild deletes what is stored for a guild the bot left.
func (s *Service) RemoveGuild(_ context.Context, guildID string) error {
	return s.store.RemoveGuild(guildID)
}

func subscription(sub store.Subscription) bot.Subscription {
	return bot.Subscription{
		ID: strconv.FormatUint(sub.ID, 10), GuildID: sub.GuildID, ChannelID: sub.ChannelID,
		Topic: sub.Topic, Schedule: sub.Schedule, Timezone: sub.Timezone, CreatedBy: sub.CreatedBy,
		CreatedAt: sub.CreatedAt, LastDigest: sub.LastDigestAt, PausedReason: pausedReason(sub),
	}
}

func pausedReason(sub store.Subscription) string {
	if !sub.Paused {
		return ""
	}
	if sub.PausedReason == "" {
		return "paused"
	}
	return sub.PausedReason
}

// Summarize fetches and digests one article.
func (s *Service) Summarize(ctx context.Context, rawURL string) (bot.Story, error) {
	u, err := safehttp.ValidateURL(rawURL)
	if err != nil {
		return bot.Story{}, bot.UserError(ArticleProblem(err), err)
	}
	st, err := s.stories.ForURL(ctx, u.String(), summaryCacheAge)
	if err != nil {
		return bot.Story{}, bot.UserError(ArticleProblem(err), err)
	}
	return botStory(st), nil
}

// PendingStories returns the stories for a subscription's next digest:
// from the guild's feeds, first seen after its last digest, never delivered
// to its channel, matching its topic; oldest first.
func (s *Service) PendingStories(ctx context.Context, sub bot.Subscription, limit int) ([]bot.Story, error) {
	since := sub.LastDigest
	if since.IsZero() {
		since = sub.CreatedAt
	}
	return s.matching(ctx, sub.GuildID, sub.ChannelID, sub.Topic, since, limit, false)
}

// RecentStories returns the guild's stories first seen after since that
// match topicText ("" matches all), newest first.
func (s *Service) RecentStories(ctx context.Context, guildID, topicText string, since time.Time, limit int) ([]bot.Story, error) {
	return s.matching(ctx, guildID, "", topicText, since, limit, true)
}

// matching builds the stories of the guild's items first seen after since
// (not delivered to channelID, when given) and keeps those matching the topic.
func (s *Service) matching(ctx context.Context, guildID, channelID, topicText string, since time.Time, limit int, newestFirst bool) ([]bot.Story, error) {
	var q *topic.Query
	if strings.TrimSpace(topicText) != "" {
		parsed, err := topic.Parse(topicText)
		if err != nil {
			return nil, bot.UserError("That topic cannot be read: "+err.Error(), err)
		}
		q = &parsed
	}
	items, err := s.guildItems(guildID, channelID, since)
	if err != nil {
		return nil, err
	}
	if newestFirst {
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
		}
	}
	// Build in batches until enough match, so a broad topic does not fetch
	// every article of the window.
	var out []bot.Story
	for start := 0; start < len(items) && (limit <= 0 || len(out) < limit); {
		end := min(len(items), start+max(s.workers, 8))
		stories, err := s.build(ctx, items[start:end])
		if err != nil {
			return nil, err
		}
		for _, st := range stories {
			if q == nil || q.Match(st.Doc()) {
				out = append(out, botStory(st))
			}
		}
		start = end
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// lookback widens a digest's window backwards: a poll that read the clock
// before the last digest may commit its items after that digest looked, and
// those items must not be lost. The delivered markers keep them from repeating.
const lookback = 10 * time.Minute

// guildItems returns new items of the guild's feeds first seen after since
// (after since-lookback when channelID is given), oldest first, leaving out
// those already delivered to channelID.
func (s *Service) guildItems(guildID, channelID string, since time.Time) ([]store.Item, error) {
	feeds, err := s.store.FeedsByGuild(guildID)
	if err != nil || len(feeds) == 0 {
		return nil, err
	}
	follows := make(map[uint64]bool, len(feeds))
	for _, f := range feeds {
		follows[f.ID] = true
	}
	from := since.Add(time.Nanosecond)
	if channelID != "" {
		from = since.Add(-lookback)
	}
	all, err := s.store.ItemsSince(from, 0)
	if err != nil {
		return nil, err
	}
	var items []store.Item
	var ids []string
	for _, it := range all {
		if follows[it.FeedID] {
			items = append(items, it)
			ids = append(ids, it.ID)
		}
	}
	if channelID == "" || len(items) == 0 {
		return items, nil
	}
	undelivered, err := s.store.Undelivered(channelID, ids)
	if err != nil {
		return nil, err
	}
	keep := make(map[string]bool, len(undelivered))
	for _, id := range undelivered {
		keep[id] = true
	}
	kept := items[:0]
	for _, it := range items {
		if keep[it.ID] {
			kept = append(kept, it)
		}
	}
	return kept, nil
}

// build makes the stories of items, fetching articles workers at a time.
func (s *Service) build(ctx context.Context, items []store.Item) ([]story.Story, error) {
	out := make([]story.Story, len(items))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(s.workers)
	for i, it := range items {
		g.Go(func() error {
			var err error
			out[i], err = s.stories.ForItem(gctx, it)
			return err
		})
	}
	return out, g.Wait()
}

func botStory(st story.Story) bot.Story {
	b := bot.Story{
		ItemID: st.ItemID, Title: st.Title, URL: st.URL, Site: st.Site,
		Published: st.Published, FirstSeen: st.FirstSeen, Summary: st.Summary,
	}
	for _, q := range story.Statements(st.Quotes) {
		b.Quotes = append(b.Quotes, bot.StoryQuote{Text: q.Text, Speaker: q.Speaker, SpeakerTitle: q.SpeakerTitle})
	}
	for _, a := range st.Actors {
		b.Actors = append(b.Actors, bot.StoryActor{Name: a.Name, Kind: a.Kind})
	}
	return b
}

// BeginDelivery records the intent to deliver d before anything is sent.
func (s *Service) BeginDelivery(_ context.Context, d bot.Delivery) (string, error) {
	subID, err := parseID(d.SubscriptionID)
	if err != nil {
		return "", err
	}
	rec := store.Delivery{
		SubscriptionID: subID, GuildID: d.GuildID, ChannelID: d.ChannelID,
		ItemIDs: d.ItemIDs, CreatedAt: d.DigestAt,
	}
	for _, p := range d.Parts {
		rec.Payloads = append(rec.Payloads, p.Payload)
	}
	stored, err := s.store.CreateDelivery(rec, s.nextDigest(subID, d.DigestAt))
	if err != nil {
		return "", err
	}
	return strconv.FormatUint(stored.ID, 10), nil
}

// nextDigest is the subscription's next firing after at, for the store's due
// index; the bot decides what is due from the schedule itself.
func (s *Service) nextDigest(subID uint64, at time.Time) time.Time {
	sub, err := s.store.Subscription(subID)
	if err != nil {
		return time.Time{}
	}
	sch, err := schedule.Parse(sub.Schedule, sub.Timezone, schedule.NoMinimum)
	if err != nil {
		return time.Time{}
	}
	return sch.Next(at)
}

// DeliveryPartSent records a part Discord accepted.
func (s *Service) DeliveryPartSent(_ context.Context, deliveryID string, part int, messageID string) error {
	id, err := parseID(deliveryID)
	if err != nil {
		return err
	}
	return s.store.MarkPartSent(id, part, messageID)
}

// FinishDelivery marks a delivery done or given up.
func (s *Service) FinishDelivery(_ context.Context, deliveryID, failure string) error {
	id, err := parseID(deliveryID)
	if err != nil {
		return err
	}
	if failure != "" {
		return s.store.MarkDeliveryFailed(id, errors.New(failure), true)
	}
	d, err := s.store.Delivery(id)
	if err != nil {
		return err
	}
	return s.store.MarkDelivered(id, d.MessageIDs, s.now())
}

// PendingDeliveries returns deliveries begun and not finished.
func (s *Service) PendingDeliveries(_ context.Context) ([]bot.Delivery, error) {
	pending, err := s.store.PendingDeliveries()
	if err != nil {
		return nil, err
	}
	out := make([]bot.Delivery, len(pending))
	for i, d := range pending {
		bd := bot.Delivery{
			ID: strconv.FormatUint(d.ID, 10), GuildID: d.GuildID, ChannelID: d.ChannelID,
			ItemIDs: d.ItemIDs, DigestAt: d.CreatedAt, CreatedAt: d.CreatedAt,
		}
		if d.SubscriptionID != 0 {
			bd.SubscriptionID = strconv.FormatUint(d.SubscriptionID, 10)
		}
		for p, payload := range d.Payloads {
			part := bot.DeliveryPart{Nonce: payloadNonce(payload), Payload: payload}
			if p < len(d.MessageIDs) {
				part.MessageID = d.MessageIDs[p]
			}
			bd.Parts = append(bd.Parts, part)
		}
		out[i] = bd
	}
	return out, nil
}

// payloadNonce reads the nonce back out of a stored message body: the store
// keeps payloads opaque, and the bot derived the nonce before storing them.
func payloadNonce(payload []byte) string {
	var m struct {
		Nonce string `json:"nonce"`
	}
	_ = json.Unmarshal(payload, &m)
	return m.Nonce
}

// RecordEmptyDigest advances a subscription past a digest with nothing new.
func (s *Service) RecordEmptyDigest(_ context.Context, subscriptionID string, at time.Time) error {
	id, err := parseID(subscriptionID)
	if err != nil {
		return err
	}
	sub, err := s.store.Subscription(id)
	if err != nil {
		return notFound(err)
	}
	sub.LastDigestAt = at
	sub.NextDigestAt = s.nextDigest(id, at)
	return s.store.UpdateSubscription(sub)
}

func parseID(id string) (uint64, error) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("app: id %q: %w", id, bot.ErrNotFound)
	}
	return n, nil
}

// notFound maps the store's ErrNotFound to the bot's.
func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w: %w", bot.ErrNotFound, err)
	}
	return err
}
