package bot

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/internal/fakediscord"
	"github.com/digestbot/digestbot/internal/pipeline"
)

const subscriber = "300000000000000007"

func lostAccess(h *harness, topics ...string) pipeline.PauseNotice {
	return pipeline.PauseNotice{
		UserID: subscriber, GuildID: guildID, ChannelID: digestChan, Topics: topics, At: h.clock.Now(),
		Reason: "the bot cannot post in this channel (Missing Access or missing permissions: View Channel, Send Messages, Embed Links)",
	}
}

func TestPauseNoticeIsOneDirectMessage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	h.start() // connected: the gateway told the bot the server's name
	n := lostAccess(h, "farmers", `kovac OR "Elena Kovac"`)
	if err := h.bot.NotifyPaused(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	dms := h.fd.DMs(subscriber)
	if len(dms) != 1 {
		t.Fatalf("%d DMs to the subscriber, want 1", len(dms))
	}
	text := dms[0].Content
	for _, want := range []string{
		"**Newsroom**", "<#" + digestChan + ">", "`farmers`", "`kovac OR \"Elena Kovac\"`", "Paused topics",
		"Why:** The bot cannot post in this channel (Missing Access", "/subscribe", "/subscriptions",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("DM lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, h.fd.Token()) {
		t.Error("the DM holds the bot token")
	}
	var body struct {
		AllowedMentions struct {
			Parse []string `json:"parse"`
		} `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(dms[0].Raw, &body); err != nil || body.AllowedMentions.Parse == nil || len(body.AllowedMentions.Parse) != 0 {
		t.Errorf("DM allows mentions: %s", dms[0].Raw)
	}

	// The same notice again (a send retried after its answer was lost)
	// carries the same nonce, and Discord keeps one message.
	if err := h.bot.NotifyPaused(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	if got := len(h.fd.DMs(subscriber)); got != 1 {
		t.Errorf("%d DMs after the same notice twice, want 1", got)
	}
}

// A bot that has not seen the server (not connected yet, or another
// shard's guild) names it by ID.
func TestPauseNoticeNamesAnUnknownServerByID(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	if err := h.poster().NotifyPaused(context.Background(), lostAccess(h, "farmers")); err != nil {
		t.Fatal(err)
	}
	dms := h.fd.DMs(subscriber)
	if len(dms) != 1 || !strings.Contains(dms[0].Content, "the server with ID "+guildID) ||
		!strings.Contains(dms[0].Content, "your digest subscription in") {
		t.Errorf("DMs = %+v; want one naming the server by ID, about one subscription", dms)
	}
}

// A user who takes no DMs costs one refused request, and the caller gets
// an error saying so (the pipeline logs it).
func TestPauseNoticeToClosedDMsFailsOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	h.fd.SetDMsClosed(subscriber, true)
	err := h.poster().NotifyPaused(context.Background(), lostAccess(h, "farmers"))
	if err == nil || !strings.Contains(err.Error(), "accepts no direct messages") || discordCode(err) != codeCannotDMUser {
		t.Fatalf("NotifyPaused = %v; want an error with code 50007", err)
	}
	var gone *pipeline.ChannelGoneError
	if errors.As(err, &gone) {
		t.Error("a refused DM reads as a lost channel")
	}
	dm := h.fd.DMChannel(subscriber)
	if sends := h.fd.Requests(http.MethodPost, "/channels/"+dm+"/messages"); dm == "" || len(sends) != 1 {
		t.Errorf("%d sends to the DM channel %q, want exactly 1 (no retries)", len(sends), dm)
	}
	if len(h.fd.DMs(subscriber)) != 0 {
		t.Error("a DM reached a user who takes none")
	}
}

// Many long topics, a server name and topics written to break out of
// formatting: the notice stays one message within Discord's limits and
// shows them as text.
func TestPauseNoticeStaysWithinLimitsAndInert(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{Guilds: []fakediscord.Guild{
		{ID: guildID, Name: "@everyone **News** [x](https://evil.example)", Channels: []string{newsChan, digestChan}},
	}})
	h.start()
	var topics []string
	for i := range 100 {
		topics = append(topics, "`@here` "+strings.Repeat("climate ", 30)+string(rune('a'+i%26)))
	}
	if err := h.bot.NotifyPaused(context.Background(), lostAccess(h, topics...)); err != nil {
		t.Fatal(err) // the fake refuses content over 2000 characters
	}
	text := h.fd.DMs(subscriber)[0].Content
	if textLen(text) > maxContent || !strings.Contains(text, "more.") || !strings.Contains(text, "Paused topics") {
		t.Errorf("notice of %d characters; want at most %d, ending in a count of the topics left out:\n%s", textLen(text), maxContent, text)
	}
	for _, raw := range []string{"@everyone", "[x](https://evil", "**News**", "`@here`"} {
		if strings.Contains(text, raw) {
			t.Errorf("%q reached the notice unescaped:\n%s", raw, text)
		}
	}
}
