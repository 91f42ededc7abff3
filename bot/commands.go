package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// manageGuild is default_member_permissions for managing commands: Discord
// hides them from members without Manage Server (server admins can change
// that, which is why every interaction is checked again).
var manageGuild int64 = discordgo.PermissionManageGuild

// Commands returns digestbot's slash commands as registered with Discord.
func commands() []*discordgo.ApplicationCommand {
	guildOnly := &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	noDM := false
	str := func(name, desc string, required, autocomplete bool, maxLen int) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc,
			Required: required, Autocomplete: autocomplete, MaxLength: maxLen,
		}
	}
	channel := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionChannel, Name: "channel",
		Description:  "The channel (default: this one)",
		ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews},
	}
	cmd := func(name, desc string, manage bool, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommand {
		c := &discordgo.ApplicationCommand{
			Type: discordgo.ChatApplicationCommand, Name: name, Description: desc,
			Options: opts, Contexts: guildOnly, DMPermission: &noDM,
		}
		if manage {
			c.DefaultMemberPermissions = &manageGuild
		}
		if c.Options == nil {
			c.Options = []*discordgo.ApplicationCommandOption{}
		}
		return c
	}
	sub := func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: desc, Options: opts}
	}
	return []*discordgo.ApplicationCommand{
		// Default permissions apply to a whole command, so /feed list is
		// hidden from members too; the router checks only add and remove.
		cmd("feed", "Manage the news feeds this server follows", true,
			sub("add", "Follow a news feed (or a site's feed)", str("url", "Feed or site address, https://…", true, false, 2048)),
			sub("remove", "Stop following a feed", str("feed", "The feed to remove", true, true, 2048)),
			sub("list", "List the feeds this server follows"),
		),
		cmd("subscribe", "Send a channel scheduled digests about a topic", true,
			str("topic", `What to follow: words, "phrases", OR, -exclusions, actor:"Name"`, true, false, 200),
			channel,
			str("schedule", "every 6h, daily 08:00, weekdays 07:30 or cron (default daily 08:00)", false, false, 100),
			str("timezone", "IANA timezone such as Europe/Berlin (default UTC)", false, true, 64),
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionBoolean, Name: "updates",
				Description: "Post a story again as an update when more outlets report it (default false)",
			},
		),
		cmd("unsubscribe", "Stop a channel's digests about a topic", true,
			str("topic", "The subscribed topic", true, true, 200),
			channel,
		),
		cmd("subscriptions", "List the topic subscriptions of this server or one channel", false, channel),
		cmd("summary", "Summarise one article: key sentences, quotes and who is in it", false,
			str("url", "Article address, https://…", true, false, 2048)),
		cmd("digest", "Post a digest of recent stories here now", false,
			str("topic", "Only stories about this topic (default: all)", false, false, 200)),
	}
}

// registerCommands installs the commands with one bulk overwrite, globally
// or on the development guild.
func (b *Bot) registerCommands(ctx context.Context) error {
	cmds := commands()
	if b.cfg.Shard.ID != 0 {
		// Commands belong to the application, not to a shard: shard 0
		// registers them, and the others do not repeat its bulk overwrite.
		b.log.Info("slash commands are registered by shard 0", "shard", b.cfg.Shard.String())
		return nil
	}
	err := b.call(ctx, "register_commands", func(opts ...discordgo.RequestOption) error {
		_, err := b.session.ApplicationCommandBulkOverwrite(b.appID, b.cfg.DevGuildID, cmds, opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("bot: register slash commands: %w", err)
	}
	scope := "global"
	if b.cfg.DevGuildID != "" {
		scope = "guild " + b.cfg.DevGuildID
	}
	b.log.Info("slash commands registered", "count", len(cmds), "scope", scope)
	return nil
}

func (b *Bot) newRouter() *router {
	return &router{routes: map[string]route{
		"feed add":      {handle: b.feedAdd, manage: true},
		"feed remove":   {handle: b.feedRemove, autocomplete: b.completeFeed, manage: true},
		"feed list":     {handle: b.feedList},
		"subscribe":     {handle: b.subscribe, autocomplete: b.completeTimezone, manage: true},
		"unsubscribe":   {handle: b.unsubscribe, autocomplete: b.completeTopic, manage: true},
		"subscriptions": {handle: b.subscriptions},
		"summary":       {handle: b.summary, cooldown: newCooldown(b.cfg.SummaryCooldown)},
		"digest":        {handle: b.digestNow, cooldown: newCooldown(b.cfg.DigestCooldown)},
	}}
}
