package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Plan is what GET /gateway/bot says about starting gateway sessions.
type Plan struct {
	// Shards is the shard count Discord recommends for the bot's guilds.
	Shards int
	// Total and Remaining count the session starts (identifies) allowed per
	// day and left now; ResetAfter is when Remaining is refilled.
	Total, Remaining int
	ResetAfter       time.Duration
	// MaxConcurrency is how many shards may identify at once, each every
	// IdentifyInterval: shard i is in bucket i % MaxConcurrency.
	MaxConcurrency int
}

// SessionLimitError says Discord allows no more session starts for now.
type SessionLimitError struct {
	Total   int
	ResetAt time.Time
}

func (e *SessionLimitError) Error() string {
	return fmt.Sprintf("bot: all %d of today's gateway session starts are used; Discord allows more at %s (in %s). "+
		"Starting now would fail, and a restart loop would only delay that", e.Total,
		e.ResetAt.UTC().Format("15:04 UTC"), e.ResetAt.Sub(time.Now()).Round(time.Minute))
}

// GatewayPlan asks Discord for the bot's plan (GET /gateway/bot) without
// connecting; `digestbot run --shard auto` prints it.
func GatewayPlan(ctx context.Context, cfg Config) (Plan, error) {
	token := strings.TrimPrefix(strings.TrimSpace(cfg.Token), "Bot ")
	if token == "" || strings.ContainsAny(token, " \t") {
		return Plan{}, errors.New("bot: no usable Discord token (set DISCORD_TOKEN)")
	}
	setDefaults(&cfg)
	s, err := newSession(cfg, token)
	if err != nil {
		return Plan{}, err
	}
	p, err := fetchPlan(ctx, s)
	if err != nil && strings.Contains(err.Error(), token) {
		err = errors.New(strings.ReplaceAll(err.Error(), token, "[token]"))
	}
	return p, err
}

func fetchPlan(ctx context.Context, s *discordgo.Session) (Plan, error) {
	g, err := s.GatewayBot(discordgo.WithContext(ctx))
	if err != nil {
		return Plan{}, fmt.Errorf("bot: GET /gateway/bot: %w", err)
	}
	p := Plan{
		Shards: g.Shards, Total: g.SessionStartLimit.Total, Remaining: g.SessionStartLimit.Remaining,
		ResetAfter:     time.Duration(g.SessionStartLimit.ResetAfter) * time.Millisecond,
		MaxConcurrency: g.SessionStartLimit.MaxConcurrency,
	}
	if p.MaxConcurrency < 1 {
		p.MaxConcurrency = 1 // Discord's value for every bot below "very large"
	}
	return p, nil
}

// awaitIdentify checks the session start limit and waits for this shard's
// turn to identify: shards identify in rounds of MaxConcurrency, one round
// per IdentifyInterval, and shard i is in round i / MaxConcurrency. A shard
// started with the others thereby never identifies early, which Discord
// would answer by closing the connection and spending a session start.
func (b *Bot) awaitIdentify(ctx context.Context) error {
	p, err := fetchPlan(ctx, b.session)
	if err != nil {
		return err
	}
	if p.Remaining < 1 {
		return &SessionLimitError{Total: p.Total, ResetAt: time.Now().Add(p.ResetAfter)}
	}
	wait := time.Duration(b.cfg.Shard.ID/p.MaxConcurrency) * b.cfg.IdentifyInterval
	b.log.Info("identifying with Discord", "shard", b.cfg.Shard.String(), "recommended_shards", p.Shards,
		"session_starts_left", p.Remaining, "max_concurrency", p.MaxConcurrency, "wait", wait)
	if p.Shards > b.cfg.Shard.Count {
		b.log.Warn("Discord recommends more shards than configured", "recommended_shards", p.Shards, "shards", b.cfg.Shard.Count)
	}
	if wait <= 0 {
		return nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// serves reports whether a guild is this process's. Discord routes only
// the shard's guilds to its session; this guards against a misrouted event
// reaching a process whose database does not hold the guild.
func (b *Bot) serves(guildID string) bool {
	if b.cfg.Shard.Count <= 1 || guildID == "" {
		return true
	}
	if b.cfg.Shard.Owns(guildID) {
		return true
	}
	b.log.Warn("ignoring an event for a guild of another shard", "guild_id", guildID, "shard", b.cfg.Shard.String())
	return false
}
