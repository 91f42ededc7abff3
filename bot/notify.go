package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/internal/pipeline"
)

// The bot tells the people who made subscriptions when their channel's
// subscriptions pause: without it a server loses its digests in silence.
var _ pipeline.PauseNotifier = (*Bot)(nil)

// codeCannotDMUser is Discord's answer to a DM for a user who accepts none
// from the bot (server members' DMs turned off, or the bot blocked).
const codeCannotDMUser = 50007

// NotifyPaused sends n.UserID one direct message: which of their topics
// paused, in which channel and server, why, and how to resume. It goes
// through the same limited, retrying REST path as digests; the message
// carries a nonce made from the pause, so a send retried after a lost
// answer does not arrive twice. The caller only logs an error.
func (b *Bot) NotifyPaused(ctx context.Context, n pipeline.PauseNotice) error {
	var dm *discordgo.Channel
	err := b.call(ctx, "open_dm", func(opts ...discordgo.RequestOption) error {
		var err error
		dm, err = b.session.UserChannelCreate(n.UserID, opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("bot: tell user %s of a pause: %w", n.UserID, err)
	}
	if dm == nil || dm.ID == "" {
		return fmt.Errorf("bot: tell user %s of a pause: no DM channel in Discord's answer", n.UserID)
	}
	payload, err := json.Marshal(channelMessage{
		Content: pauseNoticeText(n, b.guildName(n.GuildID)), AllowedMentions: noMentions(),
		Nonce: pauseNonce(n), EnforceNonce: true,
	})
	if err != nil {
		return fmt.Errorf("bot: encode pause notice: %w", err)
	}
	if _, _, err := b.postMessage(ctx, "send_dm", dm.ID, payload); err != nil {
		if discordCode(err) == codeCannotDMUser {
			return fmt.Errorf("bot: user %s accepts no direct messages from the bot: %w", n.UserID, err)
		}
		return fmt.Errorf("bot: tell user %s of a pause: %w", n.UserID, err)
	}
	return nil
}

// guildName is the guild's name as the gateway announced it, or "" when
// this session has not seen the guild (not connected yet, or another
// shard's).
func (b *Bot) guildName(guildID string) string {
	g, err := b.session.State.Guild(guildID)
	if err != nil {
		return ""
	}
	return g.Name
}

// pauseNonce names the pause event for this user, within a nonce's 25
// characters: the same notice sent twice has the same nonce.
func pauseNonce(n pipeline.PauseNotice) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%d", n.UserID, n.ChannelID, n.At.UnixNano())
	return "p" + strconv.FormatUint(h.Sum64(), 36)
}

// pauseNoticeText is the direct message about a pause, within one message's
// 2000 characters: the what, why and how first, then the topics, as many as
// fit. Guild names, reasons and topics are escaped or quoted, since a
// server's admins chose them.
func pauseNoticeText(n pipeline.PauseNotice, guildName string) string {
	server := "the server with ID " + n.GuildID
	if guildName != "" {
		server = "**" + inline(guildName, 100) + "**"
	}
	reason := strings.TrimRight(strings.TrimSpace(n.Reason), ".")
	if reason == "" {
		reason = "Discord refused the bot's messages there"
	}
	header := fmt.Sprintf("⏸ I paused your digest %s in <#%s> on %s: I can't deliver digests there any more.\n"+
		"**Why:** %s.\n"+
		"**To resume:** fix that, then run `/subscribe` again with the same topic and channel <#%s> (or pick another channel). "+
		"`/subscriptions` on the server shows what is paused.\n"+
		"**Paused %s:**",
		plural(len(n.Topics), "subscription", "subscriptions"), n.ChannelID, server,
		capitalize(inline(reason, 400)), n.ChannelID, plural(len(n.Topics), "topic", "topics"))
	lines := make([]string, len(n.Topics))
	for i, t := range n.Topics {
		lines[i] = "• " + code(t)
	}
	return listMessage(header, lines)
}
