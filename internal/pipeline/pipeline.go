// Package pipeline owns everything that happens at digest time, in one
// direction: the store's due index says which subscriptions are due (read
// once per tick); their guilds' undelivered items become stories (the
// Storyteller seam: extraction and the digest engine, and clustering into
// one story per event, clusters.go);
// stories matching the topic are rendered by the Outlet (the Discord bot)
// into message bodies; the delivery intent is stored, with its one nonce,
// in the same transaction that claims the stories and advances the
// schedule; then each part is posted with that nonce and recorded.
//
// A crash before the intent commits loses nothing: the subscription is
// still due. A crash after it resends the stored parts with the stored
// nonces, so Discord drops a copy it already accepted (exactly once).
// Pruning of the article cache, old deliveries and old items runs on the
// same loop, on its own schedule.
//
// The bot's slash commands reach the store through the same Pipeline
// (commands.go), so the bot never touches the store itself.
package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/digestbot/digestbot/internal/poller"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/story"
)

// Outlet is where digests go: the Discord bot renders cards into message
// bodies and posts them.
type Outlet interface {
	// DigestPayloads renders a scheduled digest about topic as message
	// bodies, in the order they are posted, without a nonce.
	DigestPayloads(topic string, cards []story.Card) ([][]byte, error)
	// Post sends one message body to a channel with nonce and returns the
	// message ID. A second Post with the same nonce soon after must not
	// create a second message. Errors wrapping ErrRejected or a
	// *ChannelGoneError end the delivery; any other error leaves it pending
	// for the next tick.
	Post(ctx context.Context, channelID string, payload []byte, nonce string) (string, error)
}

// PauseNotifier is an Outlet that can also tell a person that subscriptions
// they made were paused (the bot sends a direct message). It is optional:
// an Outlet without it, such as a test's, pauses in silence, and
// /subscriptions still shows why.
type PauseNotifier interface {
	// NotifyPaused tells n.UserID once; the pipeline does not retry, and an
	// error (DMs closed, an unknown user, the network) is only logged.
	NotifyPaused(ctx context.Context, n PauseNotice) error
}

// PauseNotice is what one user learns when a channel's subscriptions pause:
// the topics of theirs that paused, where, and why.
type PauseNotice struct {
	UserID    string
	GuildID   string
	ChannelID string
	Topics    []string // the user's paused topics, in subscription order
	Reason    string   // the ChannelGoneError's Reason
	// At is when the pause happened; with the user and channel it names
	// the event, so a retried send can be recognised as the same one.
	At time.Time
}

// ErrRejected means the chat service refused a message body for good.
var ErrRejected = errors.New("pipeline: message rejected")

// ChannelGoneError means the channel cannot be posted to any more (deleted,
// or access lost): its subscriptions are paused with Reason.
type ChannelGoneError struct {
	Reason string
	Err    error
}

func (e *ChannelGoneError) Error() string { return "pipeline: channel unreachable: " + e.Reason }
func (e *ChannelGoneError) Unwrap() error { return e.Err }

// Storyteller turns items into stories, in order: the seam where the
// stories of a digest are made. The default, PerItem, makes one story per
// item; a clustering step (one story per event) plugs in here.
type Storyteller interface {
	Stories(ctx context.Context, items []store.Item) ([]story.Story, error)
}

// Metrics is what the pipeline reports; *metrics.Metrics is one.
type Metrics interface {
	DigestSent()
	StoryDelivered(delay time.Duration)
}

// Options configure a Pipeline; zero values take the defaults noted.
type Options struct {
	// Tick is how often Run looks for due digests and pending deliveries. Default 30 s.
	Tick time.Duration
	// MaxStories bounds the stories built for one digest. Default 200.
	MaxStories int
	// Workers bounds the articles read at once for one digest; the fetcher's
	// per-host limit still applies. Default 8.
	Workers int
	// Channels bounds the channels served at once in a tick: one channel
	// waiting out a rate limit or a slow answer does not hold back the
	// others' digests. A channel's own digests go one after another.
	// Default 4.
	Channels int
	// Retention is how long delivered deliveries and their markers, and items
	// that left their feed, are kept. Default 30 days.
	Retention time.Duration
	// ArticleMaxAge is how long a fetched article is reused before it is read
	// again; older cache entries are pruned. Default 24 h.
	ArticleMaxAge time.Duration
	// MaxArticles bounds the article cache; the oldest go first. Default 20000.
	MaxArticles int
	// PruneEvery is how often Run prunes. Default 1 h.
	PruneEvery time.Duration
	// MaxFeedsPerGuild and MaxSubscriptionsPerGuild cap what one server
	// adds: anyone can make a server and invite a public bot, and past the
	// caps one server could make it poll without end and spend the global
	// Discord limit every server shares. Defaults 500 and 100.
	MaxFeedsPerGuild         int
	MaxSubscriptionsPerGuild int
	Metrics                  Metrics
	Logger                   *slog.Logger
	// Now is the clock; nil means time.Now. Tests move it.
	Now func() time.Time
}

// Defaults for Options.
const (
	DefaultTick          = 30 * time.Second
	DefaultMaxStories    = 200
	DefaultRetention     = 30 * 24 * time.Hour
	DefaultArticleMaxAge = 24 * time.Hour
	DefaultMaxArticles   = 20000
	DefaultPruneEvery    = time.Hour

	DefaultMaxFeedsPerGuild         = 500
	DefaultMaxSubscriptionsPerGuild = 100
)

func (o *Options) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Tick, DefaultTick)
	def(&o.Retention, DefaultRetention)
	def(&o.ArticleMaxAge, DefaultArticleMaxAge)
	def(&o.PruneEvery, DefaultPruneEvery)
	if o.MaxStories <= 0 {
		o.MaxStories = DefaultMaxStories
	}
	if o.Workers <= 0 {
		o.Workers = 8
	}
	if o.Channels <= 0 {
		o.Channels = 4
	}
	if o.MaxArticles <= 0 {
		o.MaxArticles = DefaultMaxArticles
	}
	if o.MaxFeedsPerGuild <= 0 {
		o.MaxFeedsPerGuild = DefaultMaxFeedsPerGuild
	}
	if o.MaxSubscriptionsPerGuild <= 0 {
		o.MaxSubscriptionsPerGuild = DefaultMaxSubscriptionsPerGuild
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Pipeline is digestbot's digest side. Safe for concurrent use.
type Pipeline struct {
	store   *store.Store
	poller  *poller.Poller
	stories Storyteller
	summary func(ctx context.Context, url string, maxAge time.Duration) (story.Story, error)
	opts    Options
	log     *slog.Logger
	trigger chan struct{}

	tickMu    sync.Mutex // one tick at a time, so a delivery is never sent twice at once
	lastPrune time.Time  // guarded by tickMu
}

// New returns a Pipeline over st. p adds feeds for /feed add (nil: the
// feed commands are unavailable); b makes the stories, one per item (see
// PerItem), and /summary's.
func New(st *store.Store, p *poller.Poller, b *story.Builder, opts Options) *Pipeline {
	opts.defaults()
	return &Pipeline{
		store: st, poller: p, stories: PerItem(b, opts.Workers, opts.ArticleMaxAge), summary: b.ForURL,
		opts: opts, log: opts.Logger, trigger: make(chan struct{}, 1),
	}
}

// WithStoryteller replaces how items become stories (the clustering seam).
func (p *Pipeline) WithStoryteller(s Storyteller) *Pipeline {
	p.stories = s
	return p
}

// Run delivers due digests, resends pending deliveries and prunes, every
// Tick and whenever Trigger is called, until ctx ends.
func (p *Pipeline) Run(ctx context.Context, out Outlet) error {
	t := time.NewTicker(p.opts.Tick)
	defer t.Stop()
	for {
		p.safeTick(ctx, out)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-p.trigger:
		}
	}
}

// Trigger makes Run tick now rather than at the next Tick; tests use it
// instead of waiting. It never blocks.
func (p *Pipeline) Trigger() {
	select {
	case p.trigger <- struct{}{}:
	default:
	}
}

// safeTick runs Tick; a panic is logged and the next tick runs as usual.
func (p *Pipeline) safeTick(ctx context.Context, out Outlet) {
	defer func() {
		if r := recover(); r != nil {
			p.log.Error("panic in the digest pipeline", "panic", r, "stack", string(debug.Stack()))
		}
	}()
	p.Tick(ctx, out)
}

// recoverDelivery, deferred, logs a panic in one delivery as safeTick does:
// deliveries run on worker goroutines, which safeTick's recover does not
// reach, and one delivery's bug must cost that delivery, not the process.
// The delivery's intent stays pending and is tried again next tick.
func (p *Pipeline) recoverDelivery(channelID string) {
	if r := recover(); r != nil {
		p.log.Error("panic delivering a digest", "channel_id", channelID, "panic", r, "stack", string(debug.Stack()))
	}
}

// Tick resends pending deliveries, delivers the due digests and prunes when
// PruneEvery has passed since the last prune.
func (p *Pipeline) Tick(ctx context.Context, out Outlet) {
	p.tickMu.Lock()
	defer p.tickMu.Unlock()
	p.resendPending(ctx, out)
	now := p.opts.Now()
	due, err := p.store.DueSubscriptions(now)
	if err != nil {
		p.log.Error("listing due subscriptions", "err", err)
		return
	}
	perChannel(ctx, p.opts.Channels, due, func(sub store.Subscription) string { return sub.ChannelID },
		func(sub store.Subscription) {
			defer p.recoverDelivery(sub.ChannelID)
			if err := p.deliverDue(ctx, out, sub, now); err != nil {
				p.log.Error("scheduled digest failed", "subscription_id", sub.ID, "guild_id", sub.GuildID,
					"channel_id", sub.ChannelID, "err", err)
			}
		})
	if now.Sub(p.lastPrune) >= p.opts.PruneEvery {
		p.lastPrune = now
		if err := p.Prune(now); err != nil {
			p.log.Error("pruning", "err", err)
		}
	}
}
