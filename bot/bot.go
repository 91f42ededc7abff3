// Package bot is digestbot's Discord side: the gateway session, slash command
// registration and routing, story cards within Discord's limits, and Post,
// which sends one digest message with its nonce and classifies Discord's
// errors. It talks to the rest of digestbot only through the Service
// interface, and is the outlet of internal/pipeline, which decides when a
// digest is due and owns the exactly-once delivery protocol (see
// docs/DELIVERY.md).
//
// # Interactions
//
// Each interaction is routed by its command path ("feed add") to a handler.
// The router checks Manage Server (member.permissions, on every interaction,
// besides default_member_permissions at registration) and per-user cooldowns,
// handlers validate input and answer at once when it is bad, else defer
// (Discord's "thinking…", within its 3 s) and edit the response when the slow
// work is done. One error handler turns every error into a short ephemeral
// reply: the error's UserMessage() if it has one (see UserError), else a
// generic apology; the detail goes to the log, with the token scrubbed.
//
// # Posting digests
//
// Post sends a stored message body with the pipeline's nonce and
// enforce_nonce: true, so a resend after a crash returns the message Discord
// already accepted instead of a copy. 429s are waited out (retry_after), 5xx
// and network errors retried with backoff. A 403 (the bot lost access) or
// 404 (the channel is gone), or a 400 about the channel (an archived or
// locked thread, a channel without messages) is a *pipeline.ChannelGoneError, on which the
// pipeline pauses the channel's subscriptions and, through NotifyPaused
// (notify.go), the bot sends each person who made one a direct message; a 400 (Discord refuses the
// body; the renderer keeps within the limits, so this is a bug) wraps
// pipeline.ErrRejected, and the delivery is given up rather than retried forever.
//
// # Rate limits and shards
//
// Every REST call passes a client-side limiter that keeps the bot within
// Discord's global 50 requests per second and stops every call after a
// global 429 (ratelimit.go); discordgo keeps the per-route buckets. With
// Config.Shard the session identifies as one gateway shard, in its turn
// under session_start_limit and max_concurrency, and serves only its guilds
// (shard.go, docs/SCALING.md).
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/internal/shard"
)

// Config configures a Bot. Zero durations take the defaults noted.
type Config struct {
	// Token is the bot token, with or without the "Bot " prefix.
	Token string
	// APIBaseURL (scheme://host[:port]) replaces https://discord.com for every
	// REST call and the gateway lookup, e.g. a rate-limit proxy or a fake for
	// tests. Empty means Discord itself.
	APIBaseURL string
	// DevGuildID registers the commands on this guild only (instantly) instead
	// of globally.
	DevGuildID string
	// MinDigestInterval is the shortest schedule allowed. Default 15 min.
	MinDigestInterval time.Duration
	// SummaryCooldown and DigestCooldown are per-user cooldowns on /summary
	// and /digest. Defaults 30 s and 60 s; negative disables.
	SummaryCooldown time.Duration
	DigestCooldown  time.Duration
	// MaxStories caps the cards in one digest; the rest are listed as links.
	// Default 20.
	MaxStories int
	// DigestWindow is how far back /digest looks. Default 24 h.
	DigestWindow time.Duration
	// RetryBackoff is the first wait before retrying a 5xx or network error;
	// it doubles per attempt. Default 1 s.
	RetryBackoff time.Duration
	// MaxRetries bounds retries of one request on 5xx and network errors.
	// Default 4.
	MaxRetries int
	// MaxRateLimitWait is the longest 429 retry_after the bot sleeps through;
	// beyond it the request fails (a delivery stays pending). Default 60 s.
	MaxRateLimitWait time.Duration
	// ShutdownGrace is how long Run waits for interactions in progress after
	// ctx ends. Default 10 s.
	ShutdownGrace time.Duration
	// CloseWait bounds how long Run waits for the gateway connection to
	// close: discordgo writes the close frame at once, then sleeps a second
	// for Discord to hang up, which the bot need not wait for. Default
	// 250 ms, ample for the frame to be written; tests shorten it.
	CloseWait time.Duration
	// Shard is this process's gateway shard; the zero value is the single
	// shard of an unsharded bot. The session identifies with [ID, Count]
	// and the bot serves only the guilds of its shard.
	Shard shard.Shard
	// IdentifyInterval is how long Discord wants between identifies in one
	// max_concurrency bucket: shard i waits (i / max_concurrency) intervals
	// before identifying. Default 5 s, as on Discord; tests shorten it.
	IdentifyInterval time.Duration
	// GlobalRateLimit requests per GlobalRateWindow is the most the bot
	// sends to Discord (interaction answers aside). Defaults 50 per 1 s,
	// Discord's global limit; tests scale the window down.
	GlobalRateLimit  int
	GlobalRateWindow time.Duration
	// Metrics receives counters; nil disables them.
	Metrics Metrics
	// Now is the clock; nil means time.Now. Tests move it.
	Now func() time.Time
}

// Metrics is what the bot reports; *metrics.Metrics is one.
type Metrics interface {
	// DiscordError counts a failed Discord request by operation.
	DiscordError(op string)
}

type noMetrics struct{}

func (noMetrics) DiscordError(string) {}

// Bot is a connected digestbot. Create it with New and start it with Run.
type Bot struct {
	cfg     Config
	svc     Service
	log     *slog.Logger
	metrics Metrics
	session *discordgo.Session
	token   string // bare token, for scrubbing
	router  *router

	mu       sync.Mutex
	closing  bool
	inflight sync.WaitGroup
	workCtx  context.Context // parent of interaction work; cancelled after the grace period
	appID    string

	ready     chan struct{} // closed once connected with the commands registered
	readyOnce sync.Once
}

// New checks cfg and prepares a Bot; it does not connect.
func New(cfg Config, svc Service, logger *slog.Logger) (*Bot, error) {
	// Accept "TOKEN" or "Bot TOKEN"; a token never holds spaces.
	var token string
	switch f := strings.Fields(cfg.Token); {
	case len(f) == 1 && f[0] != "Bot":
		token = f[0]
	case len(f) == 2 && f[0] == "Bot":
		token = f[1]
	case len(f) == 0 || (len(f) == 1 && f[0] == "Bot"):
		return nil, errors.New("bot: no Discord token (set DISCORD_TOKEN)")
	default:
		return nil, errors.New("bot: the Discord token has spaces in it; copy it again from the developer portal")
	}
	if svc == nil {
		return nil, errors.New("bot: no service")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	routeDiscordgoLogs(logger, token)
	setDefaults(&cfg)
	s, err := newSession(cfg, token)
	if err != nil {
		return nil, err
	}
	b := &Bot{cfg: cfg, svc: svc, log: logger, metrics: cfg.Metrics, session: s, token: token, workCtx: context.Background(), ready: make(chan struct{})}
	if b.metrics == nil {
		b.metrics = noMetrics{}
	}
	b.router = b.newRouter()
	s.AddHandler(b.onInteraction)
	s.AddHandler(b.onGuildDelete)
	return b, nil
}

// newSession prepares a discordgo session for cfg: the API base URL, the
// global limiter, the shard, and retries left to retry.go.
func newSession(cfg Config, token string) (*discordgo.Session, error) {
	if err := cfg.Shard.Validate(); err != nil {
		return nil, fmt.Errorf("bot: %w", err)
	}
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("bot: session: %w", err)
	}
	transport := http.DefaultTransport
	if cfg.APIBaseURL != "" {
		u, err := url.Parse(cfg.APIBaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return nil, fmt.Errorf("bot: Discord API URL %q: want scheme://host[:port]", cfg.APIBaseURL)
		}
		transport = &rewriteTransport{base: http.DefaultTransport, scheme: u.Scheme, host: u.Host}
	}
	lim := newGlobalLimiter(cfg.GlobalRateLimit, cfg.GlobalRateWindow)
	s.Client = &http.Client{Transport: &limitTransport{base: transport, lim: lim}, Timeout: 20 * time.Second}
	s.Identify.Intents = discordgo.IntentsGuilds
	s.ShardID, s.ShardCount = cfg.Shard.ID, cfg.Shard.Count
	// Retries are ours (retry.go): context-aware, with backoff on 5xx and a
	// bound on 429 waits, so a delivery is never lost to a long sleep.
	s.MaxRestRetries = 0
	s.ShouldRetryOnRateLimit = false
	s.ShouldReconnectOnError = true
	s.LogLevel = discordgo.LogError
	s.UserAgent = "DiscordBot (https://github.com/digestbot/digestbot, 1.0)"
	return s, nil
}

func setDefaults(cfg *Config) {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&cfg.MinDigestInterval, 15*time.Minute)
	def(&cfg.SummaryCooldown, 30*time.Second)
	def(&cfg.DigestCooldown, 60*time.Second)
	def(&cfg.DigestWindow, 24*time.Hour)
	def(&cfg.RetryBackoff, time.Second)
	def(&cfg.MaxRateLimitWait, time.Minute)
	def(&cfg.ShutdownGrace, 10*time.Second)
	def(&cfg.CloseWait, 250*time.Millisecond)
	def(&cfg.IdentifyInterval, 5*time.Second)
	def(&cfg.GlobalRateWindow, time.Second)
	if cfg.GlobalRateLimit <= 0 {
		cfg.GlobalRateLimit = 50
	}
	if cfg.Shard.Count == 0 {
		cfg.Shard = shard.Single
	}
	if cfg.MaxStories <= 0 {
		cfg.MaxStories = 20
	}
	if cfg.MaxRetries <= 0 {
		cfg.MaxRetries = 4
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
}

// Run connects to Discord, registers the commands and answers interactions
// until ctx ends, then disconnects. It returns an
// error if it cannot connect or register the commands.
func (b *Bot) Run(ctx context.Context) error {
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	b.mu.Lock()
	b.workCtx = workCtx
	b.closing = false
	b.mu.Unlock()

	if err := b.awaitIdentify(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // asked to stop while waiting for our turn
		}
		return b.scrub(err)
	}
	if err := b.session.Open(); err != nil {
		return b.scrub(fmt.Errorf("bot: connect to Discord: %w", err))
	}
	defer b.closeSession()
	b.mu.Lock()
	b.appID = b.applicationID()
	b.mu.Unlock()
	b.log.Info("connected to Discord", "application_id", b.appID)

	if err := b.registerCommands(ctx); err != nil {
		b.shutdown(cancelWork)
		if ctx.Err() != nil {
			return nil // asked to stop while registering
		}
		return err
	}
	b.readyOnce.Do(func() { close(b.ready) })

	<-ctx.Done()
	b.shutdown(cancelWork)
	return nil
}

// closeSession closes the gateway connection, waiting at most CloseWait:
// the close frame is sent at once, and the rest of discordgo's Close (a
// fixed one-second pause, then closing the socket) may finish on its own.
func (b *Bot) closeSession() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := b.session.Close(); err != nil {
			b.log.Warn("closing the Discord session", "err", b.scrub(err))
		}
	}()
	select {
	case <-done:
	case <-time.After(b.cfg.CloseWait):
	}
}

// Ready is closed once Run has connected and registered the commands: the
// pipeline starts posting then, not before a bad token has been noticed.
func (b *Bot) Ready() <-chan struct{} { return b.ready }

// shutdown stops taking interactions and waits for those in progress, at
// most ShutdownGrace, before cancelling them.
func (b *Bot) shutdown(cancelWork context.CancelFunc) {
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	done := make(chan struct{})
	go func() {
		b.inflight.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(b.cfg.ShutdownGrace):
		cancelWork()
		<-done
	}
}

func (b *Bot) applicationID() string {
	st := b.session.State
	st.RLock()
	defer st.RUnlock()
	if st.Application != nil && st.Application.ID != "" {
		return st.Application.ID
	}
	if st.User != nil {
		return st.User.ID
	}
	return ""
}

func (b *Bot) onGuildDelete(_ *discordgo.Session, g *discordgo.GuildDelete) {
	if g.Guild == nil || g.Unavailable {
		return // an outage, not a removal: the guild comes back
	}
	if !b.serves(g.ID) {
		return
	}
	if !b.track() {
		return
	}
	defer b.inflight.Done()
	ctx, cancel := context.WithTimeout(b.workContext(), time.Minute)
	defer cancel()
	if err := b.svc.RemoveGuild(ctx, g.ID); err != nil {
		b.log.Error("removing a guild's data", "guild_id", g.ID, "err", err)
		return
	}
	b.log.Info("removed from guild; its data is deleted", "guild_id", g.ID)
}

// track registers work in progress; false once shutting down.
func (b *Bot) track() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closing {
		return false
	}
	b.inflight.Add(1)
	return true
}

func (b *Bot) workContext() context.Context {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.workCtx
}

// rewriteTransport sends requests for discord.com to another base URL.
type rewriteTransport struct {
	base         http.RoundTripper
	scheme, host string
}

func (t *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != "discord.com" {
		return t.base.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.scheme, t.host, t.host
	return t.base.RoundTrip(r)
}

// scrub removes the token from an error's text. discordgo errors can carry
// request and response bodies; the token must never reach a log or a user.
func (b *Bot) scrub(err error) error {
	if err == nil || !strings.Contains(err.Error(), b.token) {
		return err
	}
	return &scrubbedError{msg: strings.ReplaceAll(err.Error(), b.token, "[token]"), err: err}
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }

// Unwrap keeps errors.Is/As working; callers log Error(), which is clean.
func (e *scrubbedError) Unwrap() error { return e.err }
