package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/internal/pipeline"
	"github.com/digestbot/digestbot/internal/story"
)

// The bot is the pipeline's outlet: it renders a digest's cards as Discord
// messages and posts them with the nonce the pipeline stored for each.
var _ pipeline.Outlet = (*Bot)(nil)

// channelMessage is the POST /channels/{id}/messages body. discordgo's
// MessageSend has no nonce fields, so the bot sends this itself.
type channelMessage struct {
	Content         string                            `json:"content,omitempty"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds,omitempty"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Flags           discordgo.MessageFlags            `json:"flags,omitempty"`
	Nonce           string                            `json:"nonce,omitempty"`
	EnforceNonce    bool                              `json:"enforce_nonce,omitempty"`
}

// DigestPayloads renders a scheduled digest about topic as message bodies,
// without nonces (Post adds them).
func (b *Bot) DigestPayloads(topic string, cards []story.Card) ([][]byte, error) {
	title := digestTitle(topic, fmt.Sprintf("%d new %s", len(cards), plural(len(cards), "story", "stories")))
	var out [][]byte
	for _, m := range renderDigest(title, cards, b.cardOptions()) {
		payload, err := json.Marshal(channelMessage{
			Content: m.Content, Embeds: m.Embeds, AllowedMentions: m.AllowedMentions, Flags: m.Flags,
		})
		if err != nil {
			return nil, fmt.Errorf("bot: encode digest message: %w", err)
		}
		out = append(out, payload)
	}
	return out, nil
}

// Post sends a message body to a channel with nonce and enforce_nonce, so
// Discord returns the first message rather than a copy when the same nonce
// comes again, and returns the message ID. A lost channel (403, 404) is a
// *pipeline.ChannelGoneError, a refused body (400) wraps
// pipeline.ErrRejected; 429s, 5xx and network errors are retried (retry.go)
// before an error is returned.
func (b *Bot) Post(ctx context.Context, channelID string, payload []byte, nonce string) (string, error) {
	var m channelMessage
	if err := json.Unmarshal(payload, &m); err != nil {
		return "", fmt.Errorf("bot: post to %s: unreadable message body: %w: %w", channelID, pipeline.ErrRejected, err)
	}
	m.Nonce, m.EnforceNonce = nonce, true
	body, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("bot: post to %s: %w", channelID, err)
	}
	msgID, embeds, err := b.postMessage(ctx, "send_message", channelID, body)
	if err == nil && len(m.Embeds) > 0 && embeds == 0 {
		// Without Embed Links Discord posts the text and drops the cards
		// without an error; each later digest would lose its stories too.
		return "", &pipeline.ChannelGoneError{Reason: reasonNoEmbedLinks,
			Err: fmt.Errorf("bot: post to %s: message %s was posted without its %d embeds", channelID, msgID, len(m.Embeds))}
	}
	if err == nil {
		return msgID, nil
	}
	if reason, gone := channelGone(err); gone {
		return "", &pipeline.ChannelGoneError{Reason: reason, Err: err}
	}
	if httpStatus(err) == http.StatusBadRequest {
		return "", fmt.Errorf("bot: Discord rejected the message (code %d): %w: %w", discordCode(err), pipeline.ErrRejected, err)
	}
	return "", err
}

// reasonNoEmbedLinks is why a channel whose messages lose their embeds pauses.
const reasonNoEmbedLinks = "the bot lacks the Embed Links permission in this channel, so its story cards were dropped"

// postMessage sends a prepared message body and returns the message id and
// how many embeds the posted message has. op names the request for logs and
// metrics.
func (b *Bot) postMessage(ctx context.Context, op, channelID string, payload []byte) (string, int, error) {
	endpoint := discordgo.EndpointChannelMessages(channelID)
	var body []byte
	err := b.call(ctx, op, func(opts ...discordgo.RequestOption) error {
		var err error
		body, err = b.session.RequestRaw(http.MethodPost, endpoint, "application/json", payload, endpoint, 0, opts...)
		return err
	})
	if err != nil {
		return "", 0, err
	}
	var m struct {
		ID     string            `json:"id"`
		Embeds []json.RawMessage `json:"embeds"`
	}
	if err := json.Unmarshal(body, &m); err != nil || m.ID == "" {
		return "", 0, fmt.Errorf("bot: %s: unreadable answer from Discord", op)
	}
	return m.ID, len(m.Embeds), nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
