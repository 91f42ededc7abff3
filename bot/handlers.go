package bot

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/internal/pipeline"
	"github.com/digestbot/digestbot/internal/redact"
	"github.com/digestbot/digestbot/internal/schedule"
	"github.com/digestbot/digestbot/internal/topic"
)

// defaultSchedule is used when /subscribe gets no schedule.
const defaultSchedule = "daily 08:00"

func (b *Bot) feedAdd(ctx context.Context, in *interaction) error {
	raw := in.String("url")
	if err := checkURL(raw); err != nil {
		return err
	}
	if err := in.Defer(ctx, true); err != nil {
		return err
	}
	f, err := b.svc.AddFeed(ctx, in.GuildID, raw, in.UserID())
	if err != nil {
		return fmt.Errorf("bot: add feed %s: %w", raw, err)
	}
	return in.Say(ctx, true, fmt.Sprintf("Now following **%s** (<%s>). Its new stories will appear in this server's digests.",
		inline(feedName(f), 200), redact.URL(f.URL)))
}

func (b *Bot) feedRemove(ctx context.Context, in *interaction) error {
	feed := in.String("feed")
	if feed == "" {
		return UserError("Pick the feed to remove from the list.", nil)
	}
	if err := in.Defer(ctx, true); err != nil {
		return err
	}
	f, err := b.svc.RemoveFeed(ctx, in.GuildID, feed)
	if errors.Is(err, ErrNotFound) {
		return UserError("This server does not follow that feed; /feed list shows the ones it does.", err)
	}
	if err != nil {
		return fmt.Errorf("bot: remove feed %s: %w", feed, err)
	}
	return in.Say(ctx, true, fmt.Sprintf("Stopped following **%s**.", inline(feedName(f), 200)))
}

func (b *Bot) feedList(ctx context.Context, in *interaction) error {
	if err := in.Defer(ctx, true); err != nil {
		return err
	}
	feeds, err := b.svc.ListFeeds(ctx, in.GuildID)
	if err != nil {
		return fmt.Errorf("bot: list feeds: %w", err)
	}
	if len(feeds) == 0 {
		return in.Say(ctx, true, "This server follows no feeds yet. Add one with `/feed add url:https://…`.")
	}
	lines := make([]string, 0, len(feeds))
	for _, f := range feeds {
		line := fmt.Sprintf("• **%s** — <%s>", inline(feedName(f), 120), redact.URL(f.URL))
		if !f.LastFetch.IsZero() {
			line += fmt.Sprintf(", checked <t:%d:R>", f.LastFetch.Unix())
		}
		if f.LastError != "" {
			line += " — ⚠ " + inline(f.LastError, 150)
		}
		lines = append(lines, line)
	}
	return in.Say(ctx, true, listMessage(fmt.Sprintf("This server follows %d feed(s):", len(feeds)), lines))
}

func (b *Bot) completeFeed(ctx context.Context, in *interaction) ([]*discordgo.ApplicationCommandOptionChoice, error) {
	_, typed := in.Focused()
	feeds, err := b.svc.ListFeeds(ctx, in.GuildID)
	if err != nil {
		return nil, err
	}
	typed = strings.ToLower(strings.TrimSpace(typed))
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, f := range feeds {
		value := f.ID
		if value == "" {
			value = f.URL
		}
		name := feedName(f)
		if name != redact.URL(f.URL) {
			name += " — " + redact.URL(f.URL)
		}
		if len(value) > 100 || (typed != "" && !strings.Contains(strings.ToLower(name), typed)) {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: truncate(name, 100), Value: value})
	}
	return out, nil
}

func (b *Bot) subscribe(ctx context.Context, in *interaction) error {
	q := in.String("topic")
	if _, err := topic.Parse(q); err != nil {
		return UserError(capitalize(err.Error())+`. A topic looks like: climate "carbon tax" -sports, or actor:"Elena Kovac".`, err)
	}
	spec := in.String("schedule")
	if spec == "" {
		spec = defaultSchedule
	}
	sch, err := schedule.Parse(spec, in.String("timezone"), b.cfg.MinDigestInterval)
	if err != nil {
		return UserError(capitalize(err.Error()), err)
	}
	channelID := in.String("channel")
	if channelID == "" {
		channelID = in.ChannelID
		if missing := missingPostPermissions(in.AppPermissions); missing != "" {
			return UserError("I can't post digests in this channel: I need "+missing+" here. Give me that, or pick another channel.", nil)
		}
	}
	if err := in.Defer(ctx, true); err != nil {
		return err
	}
	now := b.cfg.Now()
	sub, err := b.svc.Subscribe(ctx, Subscription{
		GuildID: in.GuildID, ChannelID: channelID, Topic: q, Schedule: sch,
		CreatedBy: in.UserID(), CreatedAt: now, Updates: in.Bool("updates"),
	})
	if err != nil {
		return fmt.Errorf("bot: subscribe %s to %q: %w", channelID, q, err)
	}
	next := sub.NextDigest
	updates := ""
	if sub.Updates {
		updates = " A story already posted comes back as an update when more outlets report it."
	}
	return in.Say(ctx, true, fmt.Sprintf("<#%s> will get digests about %s %s. The next one is due <t:%d:f>; an empty digest is skipped.%s",
		sub.ChannelID, code(sub.Topic), sch.Describe(), next.Unix(), updates))
}

func (b *Bot) unsubscribe(ctx context.Context, in *interaction) error {
	q := in.String("topic")
	if q == "" {
		return UserError("Name the topic to unsubscribe from; /subscriptions lists them.", nil)
	}
	channelID := in.String("channel")
	if channelID == "" {
		channelID = in.ChannelID
	}
	if err := in.Defer(ctx, true); err != nil {
		return err
	}
	err := b.svc.Unsubscribe(ctx, in.GuildID, channelID, q)
	if errors.Is(err, ErrNotFound) {
		return UserError(fmt.Sprintf("<#%s> has no subscription to %s; /subscriptions lists them.", channelID, code(q)), err)
	}
	if err != nil {
		return fmt.Errorf("bot: unsubscribe %s from %q: %w", channelID, q, err)
	}
	return in.Say(ctx, true, fmt.Sprintf("<#%s> will no longer get digests about %s.", channelID, code(q)))
}

func (b *Bot) completeTopic(ctx context.Context, in *interaction) ([]*discordgo.ApplicationCommandOptionChoice, error) {
	channelID := in.String("channel")
	if channelID == "" {
		channelID = in.ChannelID
	}
	_, typed := in.Focused()
	subs, err := b.svc.ListSubscriptions(ctx, in.GuildID, channelID)
	if err != nil {
		return nil, err
	}
	typed = strings.ToLower(strings.TrimSpace(typed))
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, s := range subs {
		if len(s.Topic) > 100 || (typed != "" && !strings.Contains(strings.ToLower(s.Topic), typed)) {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: s.Topic, Value: s.Topic})
	}
	return out, nil
}

func (b *Bot) completeTimezone(_ context.Context, in *interaction) ([]*discordgo.ApplicationCommandOptionChoice, error) {
	name, typed := in.Focused()
	if name != "timezone" {
		return nil, nil
	}
	typed = strings.ToLower(strings.TrimSpace(typed))
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, tz := range commonTimezones {
		if typed == "" || strings.Contains(strings.ToLower(tz), typed) {
			out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: tz, Value: tz})
		}
	}
	// A valid zone that is not in the short list is still offered.
	if len(out) == 0 && typed != "" {
		if loc, err := time.LoadLocation(in.String(name)); err == nil && loc.String() != "Local" {
			out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: loc.String(), Value: loc.String()})
		}
	}
	return out, nil
}

var commonTimezones = []string{
	"UTC", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Madrid",
	"Europe/Rome", "Europe/Amsterdam", "Europe/Brussels", "Europe/Vienna", "Europe/Zurich", "Europe/Stockholm",
	"Europe/Oslo", "Europe/Copenhagen", "Europe/Helsinki", "Europe/Warsaw", "Europe/Prague", "Europe/Athens",
	"Europe/Kyiv", "Europe/Istanbul", "Europe/Moscow", "America/New_York", "America/Chicago", "America/Denver",
	"America/Phoenix", "America/Los_Angeles", "America/Anchorage", "America/Toronto", "America/Vancouver",
	"America/Mexico_City", "America/Bogota", "America/Lima", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
	"Pacific/Honolulu", "Africa/Lagos", "Africa/Cairo", "Africa/Johannesburg", "Africa/Nairobi", "Asia/Dubai",
	"Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Jakarta", "Asia/Singapore", "Asia/Hong_Kong",
	"Asia/Shanghai", "Asia/Taipei", "Asia/Seoul", "Asia/Tokyo", "Australia/Perth", "Australia/Sydney",
	"Pacific/Auckland",
}

func (b *Bot) subscriptions(ctx context.Context, in *interaction) error {
	channelID := in.String("channel")
	if err := in.Defer(ctx, true); err != nil {
		return err
	}
	subs, err := b.svc.ListSubscriptions(ctx, in.GuildID, channelID)
	if err != nil {
		return fmt.Errorf("bot: list subscriptions: %w", err)
	}
	if len(subs) == 0 {
		where := "This server has"
		if channelID != "" {
			where = fmt.Sprintf("<#%s> has", channelID)
		}
		return in.Say(ctx, true, where+" no subscriptions. Add one with `/subscribe topic:…`.")
	}
	lines := make([]string, 0, len(subs))
	for _, s := range subs {
		line := fmt.Sprintf("• %s → <#%s>", code(s.Topic), s.ChannelID)
		if s.Schedule.String() != "" {
			line += ", " + s.Schedule.Describe()
		} else {
			line += ", schedule unreadable"
		}
		if s.Updates {
			line += ", with updates"
		}
		if s.PausedReason == "" && !s.NextDigest.IsZero() {
			line += fmt.Sprintf(", next <t:%d:R>", s.NextDigest.Unix())
		}
		if s.PausedReason != "" {
			line += "\n  ⏸ **Paused**: " + inline(s.PausedReason, 300) + ". Fix it, then run /subscribe again to resume."
		}
		lines = append(lines, line)
	}
	return in.Say(ctx, true, listMessage(fmt.Sprintf("%d subscription(s):", len(subs)), lines))
}

func (b *Bot) summary(ctx context.Context, in *interaction) error {
	raw := in.String("url")
	if err := checkURL(raw); err != nil {
		return err
	}
	if err := in.Defer(ctx, false); err != nil {
		return err
	}
	st, err := b.svc.Summarize(ctx, raw)
	if err != nil {
		return fmt.Errorf("bot: summarize %s: %w", raw, err)
	}
	if st.URL == "" {
		st.URL = raw
	}
	return in.Reply(ctx, false, renderDigest("", []Story{st}, b.cardOptions())...)
}

func (b *Bot) digestNow(ctx context.Context, in *interaction) error {
	q := in.String("topic")
	var tq *topic.Query
	if q != "" {
		parsed, err := topic.Parse(q)
		if err != nil {
			return UserError(capitalize(err.Error())+".", err)
		}
		tq = &parsed
	}
	if err := in.Defer(ctx, false); err != nil {
		return err
	}
	since := b.cfg.Now().Add(-b.cfg.DigestWindow)
	stories, err := b.svc.RecentStories(ctx, in.GuildID, tq, since, pipeline.DefaultMaxStories)
	if err != nil {
		return fmt.Errorf("bot: recent stories: %w", err)
	}
	window := roundUp(b.cfg.DigestWindow)
	if len(stories) == 0 {
		about := ""
		if q != "" {
			about = " about " + code(q)
		}
		return in.Say(ctx, true, fmt.Sprintf("No stories%s in the last %s.", about, window))
	}
	return in.Reply(ctx, false, renderDigest(digestTitle(q, "the last "+window), stories, b.cardOptions())...)
}

// missingPostPermissions names the permissions a digest needs that perms,
// the bot's in the channel of an interaction, lacks; "" when it has them
// all or Discord sent none. In a thread, Send Messages in Threads stands in
// for Send Messages.
func missingPostPermissions(perms int64) string {
	if perms == 0 || perms&discordgo.PermissionAdministrator != 0 {
		return ""
	}
	var missing []string
	if perms&discordgo.PermissionViewChannel == 0 {
		missing = append(missing, "View Channel")
	}
	if perms&(discordgo.PermissionSendMessages|discordgo.PermissionSendMessagesInThreads) == 0 {
		missing = append(missing, "Send Messages")
	}
	if perms&discordgo.PermissionEmbedLinks == 0 {
		missing = append(missing, "Embed Links")
	}
	if n := len(missing); n > 1 {
		return strings.Join(missing[:n-1], ", ") + " and " + missing[n-1]
	}
	return strings.Join(missing, "")
}

// checkURL rejects what is plainly not a web address, before any work.
func checkURL(raw string) error {
	bad := UserError("That doesn't look like a web address; it should start with https://", nil)
	if raw == "" || len(raw) > 2048 {
		return bad
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) {
		return bad
	}
	return nil
}

func feedName(f FeedInfo) string {
	if t := strings.TrimSpace(f.Title); t != "" {
		return t
	}
	return redact.URL(f.URL)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
