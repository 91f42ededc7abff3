package bot

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/internal/schedule"
)

// maxPendingStories bounds the stories fetched for one digest; past
// Config.MaxStories they are only listed as links.
const maxPendingStories = 200

// runScheduler delivers due digests and resends pending deliveries every
// TickInterval until ctx ends; see "Exactly-once delivery" in the package doc.
func (b *Bot) runScheduler(ctx context.Context) {
	t := time.NewTicker(b.cfg.TickInterval)
	defer t.Stop()
	for {
		b.safeTick(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// safeTick runs tick; a panic is logged and the next tick runs as usual.
func (b *Bot) safeTick(ctx context.Context) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("panic in the digest scheduler", "panic", r, "stack", string(debug.Stack()))
		}
	}()
	b.tick(ctx)
}

// tick resends pending deliveries, then delivers due digests.
func (b *Bot) tick(ctx context.Context) {
	pending, err := b.svc.PendingDeliveries(ctx)
	if err != nil {
		b.log.Error("listing pending deliveries", "err", err)
		return
	}
	for _, d := range pending {
		if ctx.Err() != nil {
			return
		}
		b.log.Info("resending a pending delivery", "delivery_id", d.ID, "channel_id", d.ChannelID)
		if _, err := b.send(ctx, d); err != nil {
			b.log.Warn("pending delivery not done; will retry", "delivery_id", d.ID, "err", err)
		}
	}

	subs, err := b.svc.ActiveSubscriptions(ctx)
	if err != nil {
		b.log.Error("listing subscriptions", "err", err)
		return
	}
	now := b.cfg.Now()
	for _, sub := range subs {
		if ctx.Err() != nil {
			return
		}
		if sub.PausedReason != "" {
			continue
		}
		// The floor was enforced at /subscribe; none here keeps a subscription
		// made under a lower floor working after the floor is raised.
		sch, err := schedule.Parse(sub.Schedule, sub.Timezone, schedule.NoMinimum)
		if err != nil {
			b.log.Error("subscription has an unreadable schedule", "subscription_id", sub.ID, "schedule", sub.Schedule, "err", err)
			continue
		}
		if sch.Next(lastDigest(sub, now)).After(now) {
			continue
		}
		if err := b.deliverDigest(ctx, sub, now); err != nil {
			b.log.Error("scheduled digest failed", "subscription_id", sub.ID, "guild_id", sub.GuildID, "channel_id", sub.ChannelID, "err", err)
		}
	}
}

// deliverDigest builds, records and sends one subscription's digest.
func (b *Bot) deliverDigest(ctx context.Context, sub Subscription, now time.Time) error {
	stories, err := b.svc.PendingStories(ctx, sub, maxPendingStories)
	if err != nil {
		return fmt.Errorf("bot: stories for subscription %s: %w", sub.ID, err)
	}
	if len(stories) == 0 {
		return b.svc.RecordEmptyDigest(ctx, sub.ID, now)
	}
	d, err := b.newDelivery(sub, stories, now)
	if err != nil {
		return err
	}
	if d.ID, err = b.svc.BeginDelivery(ctx, d); err != nil {
		return fmt.Errorf("bot: record delivery intent: %w", err)
	}
	delivered, err := b.send(ctx, d)
	if err != nil || !delivered {
		return err
	}
	for _, st := range stories {
		if !st.FirstSeen.IsZero() {
			b.metrics.StoryDelivered(now.Sub(st.FirstSeen))
		}
	}
	return nil
}

// channelMessage is the POST /channels/{id}/messages body. discordgo's
// MessageSend has no nonce fields, so the bot sends this itself.
type channelMessage struct {
	Content         string                            `json:"content,omitempty"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds,omitempty"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Flags           discordgo.MessageFlags            `json:"flags,omitempty"`
	Nonce           string                            `json:"nonce"`
	EnforceNonce    bool                              `json:"enforce_nonce"`
}

func (b *Bot) newDelivery(sub Subscription, stories []Story, now time.Time) (Delivery, error) {
	d := Delivery{
		ID:      fmt.Sprintf("%s@%d", sub.ID, now.UnixMilli()),
		GuildID: sub.GuildID, ChannelID: sub.ChannelID, SubscriptionID: sub.ID,
		DigestAt: now, CreatedAt: now,
	}
	for _, st := range stories {
		d.ItemIDs = append(d.ItemIDs, st.ItemID)
	}
	title := digestTitle(sub.Topic, fmt.Sprintf("%d new %s", len(stories), plural(len(stories), "story", "stories")))
	for i, m := range RenderDigest(title, stories, b.renderOptions()) {
		nonce := deliveryNonce(d.ID, i)
		payload, err := json.Marshal(channelMessage{
			Content: m.Content, Embeds: m.Embeds, AllowedMentions: m.AllowedMentions, Flags: m.Flags,
			Nonce: nonce, EnforceNonce: true,
		})
		if err != nil {
			return Delivery{}, fmt.Errorf("bot: encode digest message: %w", err)
		}
		d.Parts = append(d.Parts, DeliveryPart{Nonce: nonce, Payload: payload})
	}
	return d, nil
}

// deliveryNonce is "d" + 16 base32 characters of the delivery id's hash +
// "." + the part in base 36: at most 22 characters, within Discord's 25.
func deliveryNonce(deliveryID string, part int) string {
	h := sha256.Sum256([]byte(deliveryID))
	enc := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(h[:10])
	return "d" + strings.ToLower(enc[:16]) + "." + strconv.FormatInt(int64(part), 36)
}

// send posts a delivery's unsent parts in order and records the outcome.
func (b *Bot) send(ctx context.Context, d Delivery) (delivered bool, err error) {
	log := b.log.With("delivery_id", d.ID, "guild_id", d.GuildID, "channel_id", d.ChannelID)
	for i, p := range d.Parts {
		if p.MessageID != "" {
			continue
		}
		msgID, err := b.postMessage(ctx, d.ChannelID, p.Payload)
		if err != nil {
			if reason, gone := channelGone(err); gone {
				log.Warn("channel unreachable; pausing its subscriptions", "reason", reason, "err", err)
				if perr := b.svc.PauseChannel(ctx, d.GuildID, d.ChannelID, reason); perr != nil {
					return false, fmt.Errorf("bot: pause channel %s: %w", d.ChannelID, perr)
				}
				return false, b.svc.FinishDelivery(ctx, d.ID, reason)
			}
			if httpStatus(err) == http.StatusBadRequest {
				log.Error("Discord rejected a digest message; giving it up", "part", i, "code", discordCode(err), "err", err)
				return false, b.svc.FinishDelivery(ctx, d.ID, "Discord rejected the message: "+err.Error())
			}
			return false, err
		}
		if err := b.svc.DeliveryPartSent(ctx, d.ID, i, msgID); err != nil {
			return false, fmt.Errorf("bot: record sent part %d of %s: %w", i, d.ID, err)
		}
	}
	if err := b.svc.FinishDelivery(ctx, d.ID, ""); err != nil {
		return false, fmt.Errorf("bot: finish delivery %s: %w", d.ID, err)
	}
	b.metrics.DigestSent()
	log.Info("digest delivered", "messages", len(d.Parts))
	return true, nil
}

// postMessage sends a prepared message body and returns the message id.
func (b *Bot) postMessage(ctx context.Context, channelID string, payload []byte) (string, error) {
	endpoint := discordgo.EndpointChannelMessages(channelID)
	var body []byte
	err := b.call(ctx, "send_message", func(opts ...discordgo.RequestOption) error {
		var err error
		body, err = b.session.RequestRaw(http.MethodPost, endpoint, "application/json", payload, endpoint, 0, opts...)
		return err
	})
	if err != nil {
		return "", err
	}
	var m struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &m); err != nil || m.ID == "" {
		return "", fmt.Errorf("bot: send message: unreadable answer from Discord")
	}
	return m.ID, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
