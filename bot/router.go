package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/internal/pipeline"
)

// interaction is one slash command or autocomplete request being handled.
type interaction struct {
	*discordgo.Interaction
	Path    string // command path, e.g. "feed add"
	options map[string]*discordgo.ApplicationCommandInteractionDataOption
	bot     *Bot

	mu    sync.Mutex
	state ackState
}

type ackState int

// codeAlreadyAcknowledged is Discord's error for a second interaction callback.
const codeAlreadyAcknowledged = 40060

const (
	notAcked ackState = iota
	deferredPublic
	deferredEphemeral
	answered // a message exists (sent or edited); further output is followups
)

// UserID returns the invoking user's id.
func (in *interaction) UserID() string {
	if in.Member != nil && in.Member.User != nil {
		return in.Member.User.ID
	}
	if in.User != nil {
		return in.User.ID
	}
	return ""
}

// String returns a string option's value, or "" when absent.
func (in *interaction) String(name string) string {
	if o := in.options[name]; o != nil {
		if s, ok := o.Value.(string); ok {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// Bool returns a boolean option's value, false when absent.
func (in *interaction) Bool(name string) bool {
	if o := in.options[name]; o != nil {
		b, _ := o.Value.(bool)
		return b
	}
	return false
}

// Focused returns the option being typed during autocomplete.
func (in *interaction) Focused() (name, value string) {
	for n, o := range in.options {
		if o.Focused {
			v, _ := o.Value.(string)
			return n, v
		}
	}
	return "", ""
}

// Defer acknowledges the interaction with Discord's "thinking…" state so the
// slow work can take up to 15 minutes. Call it within 3 s of the interaction.
func (in *interaction) Defer(ctx context.Context, ephemeral bool) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.state != notAcked {
		return nil
	}
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if ephemeral {
		resp.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	err := in.bot.call(ctx, "interaction_defer", func(opts ...discordgo.RequestOption) error {
		return in.bot.session.InteractionRespond(in.Interaction, resp, opts...)
	})
	// A retry after a lost answer finds the deferral already done.
	if err != nil && discordCode(err) != codeAlreadyAcknowledged {
		return err
	}
	in.state = deferredPublic
	if ephemeral {
		in.state = deferredEphemeral
	}
	return nil
}

// Reply sends messages as the answer: the first becomes the (deferred)
// response, the others followups. Without a deferral the first is an
// immediate response, ephemeral if asked.
func (in *interaction) Reply(ctx context.Context, ephemeral bool, msgs ...*discordgo.MessageSend) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, m := range msgs {
		if err := in.send(ctx, ephemeral, m); err != nil {
			return err
		}
	}
	return nil
}

// Say replies with one line of text.
func (in *interaction) Say(ctx context.Context, ephemeral bool, text string) error {
	return in.Reply(ctx, ephemeral, &discordgo.MessageSend{Content: text, AllowedMentions: noMentions()})
}

func (in *interaction) send(ctx context.Context, ephemeral bool, m *discordgo.MessageSend) error {
	b := in.bot
	var flags discordgo.MessageFlags
	if ephemeral {
		flags = discordgo.MessageFlagsEphemeral
	}
	switch in.state {
	case notAcked:
		resp := &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: m.Content, Embeds: m.Embeds, AllowedMentions: m.AllowedMentions, Flags: flags | m.Flags},
		}
		err := b.call(ctx, "interaction_respond", func(opts ...discordgo.RequestOption) error {
			return b.session.InteractionRespond(in.Interaction, resp, opts...)
		})
		if err != nil {
			return err
		}
	case deferredPublic, deferredEphemeral:
		if ephemeral && in.state == deferredPublic {
			// A public "thinking…" cannot turn ephemeral: remove it and
			// answer with an ephemeral followup instead.
			err := b.call(ctx, "interaction_delete", func(opts ...discordgo.RequestOption) error {
				return b.session.InteractionResponseDelete(in.Interaction, opts...)
			})
			if err != nil {
				return err
			}
			in.state = answered
			return in.send(ctx, ephemeral, m)
		}
		content := m.Content
		edit := &discordgo.WebhookEdit{Content: &content, Embeds: &m.Embeds, AllowedMentions: m.AllowedMentions}
		err := b.call(ctx, "interaction_edit", func(opts ...discordgo.RequestOption) error {
			_, err := b.session.InteractionResponseEdit(in.Interaction, edit, opts...)
			return err
		})
		if err != nil {
			return err
		}
	case answered:
		params := &discordgo.WebhookParams{Content: m.Content, Embeds: m.Embeds, AllowedMentions: m.AllowedMentions, Flags: flags | m.Flags}
		err := b.call(ctx, "interaction_followup", func(opts ...discordgo.RequestOption) error {
			_, err := b.session.FollowupMessageCreate(in.Interaction, true, params, opts...)
			return err
		})
		if err != nil {
			return err
		}
	}
	in.state = answered
	return nil
}

// handler handles one command path.
type handler func(ctx context.Context, in *interaction) error

// autocompleteHandler returns the choices for the focused option.
type autocompleteHandler func(ctx context.Context, in *interaction) ([]*discordgo.ApplicationCommandOptionChoice, error)

// route is a command path's handling rules.
type route struct {
	handle       handler
	autocomplete autocompleteHandler
	manage       bool      // needs Manage Server
	cooldown     *cooldown // per-user, nil for none
}

type router struct {
	routes map[string]route
}

// UserError wraps err with a short sentence the user may read; the bot shows
// msg and logs err. err may be nil.
func UserError(msg string, err error) error { return pipeline.UserError(msg, err) }

// genericError is what users see for errors that carry no user message.
const genericError = "Something went wrong on our side; please try again later."

// userMessage returns the sentence to show for err.
func userMessage(err error) (msg string, expected bool) {
	var um interface{ UserMessage() string }
	if errors.As(err, &um) {
		return um.UserMessage(), true
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "That took too long; please try again later.", false
	}
	return genericError, false
}

// onInteraction is discordgo's handler; discordgo runs it in its own goroutine.
func (b *Bot) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic.Interaction == nil {
		return
	}
	if ic.Type != discordgo.InteractionApplicationCommand && ic.Type != discordgo.InteractionApplicationCommandAutocomplete {
		return
	}
	if !b.serves(ic.GuildID) || !b.track() {
		return
	}
	defer b.inflight.Done()
	in := newInteraction(b, ic.Interaction)
	log := b.log.With("interaction_id", in.ID, "command", in.Path, "guild_id", in.GuildID, "channel_id", in.ChannelID, "user_id", in.UserID())

	if ic.Type == discordgo.InteractionApplicationCommandAutocomplete {
		// Discord shows nothing after 3 s; answer well before.
		ctx, cancel := context.WithTimeout(b.workContext(), 2500*time.Millisecond)
		defer cancel()
		b.autocomplete(ctx, in, log)
		return
	}
	// Followups stay possible for 15 minutes after the interaction.
	ctx, cancel := context.WithTimeout(b.workContext(), 14*time.Minute)
	defer cancel()
	defer func() {
		// One bad interaction must not take the bot down.
		if r := recover(); r != nil {
			log.Error("panic while handling an interaction", "panic", r, "stack", string(debug.Stack()))
			b.handleError(ctx, in, log, fmt.Errorf("bot: panic: %v", r))
		}
	}()
	started := time.Now()
	err := b.dispatch(ctx, in)
	if err != nil {
		b.handleError(ctx, in, log, err)
		return
	}
	log.Debug("interaction handled", "duration", time.Since(started))
}

func newInteraction(b *Bot, i *discordgo.Interaction) *interaction {
	in := &interaction{Interaction: i, bot: b, options: map[string]*discordgo.ApplicationCommandInteractionDataOption{}}
	data := i.ApplicationCommandData()
	path := []string{data.Name}
	opts := data.Options
	// Descend through subcommand groups and subcommands to the leaf options.
	for len(opts) == 1 && (opts[0].Type == discordgo.ApplicationCommandOptionSubCommand || opts[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
		path = append(path, opts[0].Name)
		opts = opts[0].Options
	}
	for _, o := range opts {
		in.options[o.Name] = o
	}
	in.Path = strings.Join(path, " ")
	return in
}

// dispatch applies the route's rules, then runs its handler.
func (b *Bot) dispatch(ctx context.Context, in *interaction) error {
	rt, ok := b.router.routes[in.Path]
	if !ok || rt.handle == nil {
		return UserError("I don't know that command; it may be from an older version of the bot.", fmt.Errorf("unknown command %q", in.Path))
	}
	if in.GuildID == "" || in.Member == nil {
		return UserError("digestbot works inside servers only.", nil)
	}
	if rt.manage && !canManage(in.Member.Permissions) {
		return UserError("You need the Manage Server permission to do that.", nil)
	}
	if rt.cooldown != nil {
		now := b.cfg.Now()
		if wait := rt.cooldown.take(in.UserID(), now); wait > 0 {
			return UserError(fmt.Sprintf("Please wait %s before using /%s again.", roundUp(wait), in.Path), nil)
		}
		err := rt.handle(ctx, in)
		in.mu.Lock()
		refused := in.state == notAcked
		in.mu.Unlock()
		if err != nil && refused {
			// Input refused before any work: a typo costs no cooldown.
			rt.cooldown.release(in.UserID(), now)
		}
		return err
	}
	return rt.handle(ctx, in)
}

func canManage(perms int64) bool {
	return perms&discordgo.PermissionManageGuild != 0 || perms&discordgo.PermissionAdministrator != 0
}

// handleError is the one place errors become replies: a short, kind,
// ephemeral sentence for the user, the detail in the log.
func (b *Bot) handleError(ctx context.Context, in *interaction, log *slog.Logger, err error) {
	err = b.scrub(err)
	msg, expected := userMessage(err)
	if expected {
		log.Info("command refused", "reason", err)
	} else {
		log.Error("command failed", "err", err)
	}
	// The handler's context may be what failed; the apology still goes out.
	replyCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if rerr := in.Say(replyCtx, true, msg); rerr != nil {
		log.Error("could not tell the user about an error", "err", b.scrub(rerr))
	}
}

func (b *Bot) autocomplete(ctx context.Context, in *interaction, log *slog.Logger) {
	choices := b.choices(ctx, in, log)
	if len(choices) > 25 {
		choices = choices[:25]
	}
	resp := &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}
	if choices == nil {
		resp.Data.Choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	err := b.call(ctx, "autocomplete_respond", func(opts ...discordgo.RequestOption) error {
		return b.session.InteractionRespond(in.Interaction, resp, opts...)
	})
	if err != nil {
		log.Warn("autocomplete answer failed", "err", err)
	}
}

// choices runs the route's autocomplete handler. A failure or a panic
// offers no choices: discordgo runs handlers without a recover, so a panic
// here would take the process down.
func (b *Bot) choices(ctx context.Context, in *interaction, log *slog.Logger) (choices []*discordgo.ApplicationCommandOptionChoice) {
	defer func() {
		if r := recover(); r != nil {
			log.Error("panic while completing an option", "panic", r, "stack", string(debug.Stack()))
			choices = nil
		}
	}()
	rt, ok := b.router.routes[in.Path]
	if !ok || rt.autocomplete == nil || in.GuildID == "" {
		return nil
	}
	choices, err := rt.autocomplete(ctx, in)
	if err != nil {
		log.Warn("autocomplete failed", "err", b.scrub(err))
		return nil
	}
	return choices
}

// cooldown limits how often one user may run a command.
type cooldown struct {
	every time.Duration
	mu    sync.Mutex
	last  map[string]time.Time
}

func newCooldown(every time.Duration) *cooldown {
	if every <= 0 {
		return nil
	}
	return &cooldown{every: every, last: map[string]time.Time{}}
}

// take records a use by user at now, or returns how long they must wait.
func (c *cooldown) take(user string, now time.Time) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	if last, ok := c.last[user]; ok && now.Sub(last) < c.every {
		return c.every - now.Sub(last)
	}
	c.last[user] = now
	if len(c.last) > 10000 {
		for u, t := range c.last {
			if now.Sub(t) >= c.every {
				delete(c.last, u)
			}
		}
	}
	return 0
}

// release undoes the use recorded at now by take.
func (c *cooldown) release(user string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last[user].Equal(now) {
		delete(c.last, user)
	}
}

// roundUp writes d up to the whole second as people do: "25s", "1m30s",
// "24h" (Duration.String's "24h0m0s" read oddly in /digest's answers).
func roundUp(d time.Duration) string {
	if d < time.Second {
		return "a second"
	}
	s := (d + time.Second - 1).Truncate(time.Second).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}
