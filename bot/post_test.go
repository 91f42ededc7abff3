package bot

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/fakediscord"
	"github.com/digestbot/digestbot/internal/metrics"
	"github.com/digestbot/digestbot/internal/pipeline"
	"github.com/digestbot/digestbot/internal/story"
)

// internal/metrics plugs straight into Config.Metrics.
var _ Metrics = (*metrics.Metrics)(nil)

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// poster returns a bot that is not connected: Post needs only REST.
func (h *harness) poster() *Bot {
	h.t.Helper()
	b, err := New(h.cfg, h.svc, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

func digestPayload(t *testing.T, b *Bot, cards ...story.Card) []byte {
	t.Helper()
	payloads, err := b.DigestPayloads("farmers", cards)
	if err != nil || len(payloads) != 1 {
		t.Fatalf("DigestPayloads = %d payloads, %v; want 1", len(payloads), err)
	}
	return payloads[0]
}

func TestDigestPayloadsCarryNoNonce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	p := digestPayload(t, h.poster(), kovacStory("farm1", h.clock.Now()))
	var body map[string]any
	if err := json.Unmarshal(p, &body); err != nil {
		t.Fatal(err)
	}
	if _, ok := body["nonce"]; ok {
		t.Errorf("a stored payload carries a nonce; the pipeline's stored nonce is the only one: %s", p)
	}
	if !strings.Contains(body["content"].(string), "Digest: farmers") || !strings.Contains(body["content"].(string), "1 new story") {
		t.Errorf("digest header = %q", body["content"])
	}
}

func TestPostSendsTheNonceAndDiscordKeepsOneMessage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	b := h.poster()
	p := digestPayload(t, b, kovacStory("farm1", h.clock.Now()))
	ctx := context.Background()
	first, err := b.Post(ctx, digestChan, p, "d1-0")
	if err != nil {
		t.Fatal(err)
	}
	// A resend after a crash: same body, same nonce.
	again, err := b.Post(ctx, digestChan, p, "d1-0")
	if err != nil || again != first {
		t.Errorf("resend = %q, %v; want the first message %q", again, err, first)
	}
	msgs := h.fd.Messages(digestChan)
	if len(msgs) != 1 || msgs[0].Nonce != "d1-0" {
		t.Fatalf("channel holds %d messages (nonce %q); want one with nonce d1-0", len(msgs), msgs[0].Nonce)
	}
	var body struct {
		EnforceNonce bool `json:"enforce_nonce"`
	}
	if err := json.Unmarshal(msgs[0].Raw, &body); err != nil || !body.EnforceNonce {
		t.Errorf("posted without enforce_nonce: %s", msgs[0].Raw)
	}
	if got := msgs[0].Embeds; len(got) != 1 || got[0].Title != "Kovac pledges support for farmers" {
		t.Errorf("posted embeds = %+v", got)
	}
}

func TestPostClassifiesDiscordErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		reason string
	}{
		{http.StatusForbidden, "cannot post in this channel"},
		{http.StatusNotFound, "no longer exists"},
	} {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, fakediscord.Options{})
			b := h.poster()
			h.fd.SetChannelError(digestChan, tc.status)
			_, err := b.Post(context.Background(), digestChan, digestPayload(t, b, kovacStory("farm1", h.clock.Now())), "d1-0")
			var gone *pipeline.ChannelGoneError
			if !errors.As(err, &gone) || !strings.Contains(gone.Reason, tc.reason) {
				t.Errorf("Post = %v; want a ChannelGoneError saying %q", err, tc.reason)
			}
		})
	}
	// A 400 about the channel itself is as final as a 403: every digest
	// to it would be refused the same way.
	for _, tc := range []struct {
		code   int
		msg    string
		reason string
	}{
		{50083, "Thread is archived", "thread is archived"},
		{160005, "Thread is locked", "thread is locked"},
		{50008, "Cannot send messages in a non-text channel", "does not take messages"},
		{40058, "Cannot send messages in a forum channel", "does not take messages"},
	} {
		t.Run(tc.msg, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, fakediscord.Options{})
			b := h.poster()
			h.fd.FailNext(http.MethodPost, "/channels/"+digestChan+"/messages", 1,
				fakediscord.Failure{Status: http.StatusBadRequest, Code: tc.code, Message: tc.msg})
			_, err := b.Post(context.Background(), digestChan, digestPayload(t, b, kovacStory("farm1", h.clock.Now())), "d1-0")
			var gone *pipeline.ChannelGoneError
			if !errors.As(err, &gone) || !strings.Contains(gone.Reason, tc.reason) {
				t.Errorf("Post = %v; want a ChannelGoneError saying %q", err, tc.reason)
			}
		})
	}
	t.Run("Bad Request", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, fakediscord.Options{})
		_, err := h.poster().Post(context.Background(), digestChan, []byte(`{"content":""}`), "d1-0")
		if !errors.Is(err, pipeline.ErrRejected) {
			t.Errorf("Post of an empty message = %v; want ErrRejected", err)
		}
	})
}

// Without Embed Links in a channel, Discord posts a digest message's title
// and drops its cards without an error; Post notices the answer has no
// embeds and reports the channel, so its subscriptions pause with the
// reason instead of losing every digest's stories in silence.
func TestPostWithoutEmbedLinksReportsTheChannel(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	b := h.poster()
	h.fd.SetNoEmbedLinks(digestChan, true)
	_, err := b.Post(context.Background(), digestChan, digestPayload(t, b, kovacStory("farm1", h.clock.Now())), "d1-0")
	var gone *pipeline.ChannelGoneError
	if !errors.As(err, &gone) || !strings.Contains(gone.Reason, "Embed Links") {
		t.Errorf("Post = %v; want a ChannelGoneError naming Embed Links", err)
	}
	// A message without cards (the list past the cap) is not affected.
	if _, err := b.Post(context.Background(), digestChan, []byte(`{"content":"…and 3 more"}`), "d1-1"); err != nil {
		t.Errorf("Post of text = %v", err)
	}
}

func TestRateLimitsAndServerErrorsSurvived(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	path := "/channels/" + digestChan + "/messages"
	h.fd.FailNext(http.MethodPost, path, 2, fakediscord.Failure{Status: http.StatusTooManyRequests, RetryAfter: 50 * time.Millisecond})
	h.fd.FailNext(http.MethodPost, path, 1, fakediscord.Failure{Status: http.StatusInternalServerError})
	h.fd.FailNext(http.MethodPost, path, 1, fakediscord.Failure{Status: http.StatusBadGateway})
	h.fd.FailNext(http.MethodPost, path, 1, fakediscord.Failure{Status: http.StatusServiceUnavailable})
	h.start()
	b := h.poster()
	if _, err := b.Post(context.Background(), digestChan, digestPayload(t, b, kovacStory("farm1", h.clock.Now())), "d1-0"); err != nil {
		t.Fatal(err)
	}
	if n := len(h.fd.Messages(digestChan)); n != 1 {
		t.Errorf("%d messages, want exactly 1", n)
	}
	statuses := map[int]int{}
	var first429, after429 time.Time
	for _, r := range h.fd.Requests(http.MethodPost, path) {
		statuses[r.Status]++
		if r.Status == 429 && first429.IsZero() {
			first429 = r.At
		} else if r.Status != 429 && after429.IsZero() && !first429.IsZero() {
			after429 = r.At
		}
	}
	if statuses[429] != 2 || statuses[500] != 1 || statuses[502] != 1 || statuses[503] != 1 || statuses[200] != 1 {
		t.Errorf("request statuses = %v", statuses)
	}
	if gap := after429.Sub(first429); gap < 100*time.Millisecond {
		t.Errorf("retry_after not honoured: two 429s then a retry within %v", gap)
	}

	// Interactions too: a 429 on the deferral and a 500 on the edit.
	id, token, payload := h.fd.BuildInteraction(fakediscord.Invocation{GuildID: guildID, ChannelID: newsChan, Name: "feed",
		Permissions: adminPerms, Options: []fakediscord.Option{fakediscord.Sub("list")}})
	h.fd.FailNext(http.MethodPost, "/interactions/"+id+"/"+token+"/callback", 1, fakediscord.Failure{Status: 429, RetryAfter: 20 * time.Millisecond})
	h.fd.FailNext(http.MethodPatch, "/webhooks/"+h.fd.AppID()+"/"+token+"/messages/@original", 1, fakediscord.Failure{Status: 500})
	h.fd.DispatchRaw(id, token, payload)
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	in, err := h.fd.WaitInteraction(ctx, id, fakediscord.Done)
	if err != nil {
		t.Fatal(err)
	}
	wantAnswer(t, in, "follows no feeds", true)
}

func TestGuildDeleteRemovesDataButNotOnOutage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	h.start()
	h.fd.RemoveGuild(guildID, true)
	time.Sleep(100 * time.Millisecond)
	h.svc.mu.Lock()
	removed := len(h.svc.removed)
	h.svc.mu.Unlock()
	if removed != 0 {
		t.Fatal("an outage (unavailable: true) removed the guild's data")
	}
	h.fd.RemoveGuild(guildID, false)
	waitUntil(t, "RemoveGuild", func() bool {
		h.svc.mu.Lock()
		defer h.svc.mu.Unlock()
		return len(h.svc.removed) == 1 && h.svc.removed[0] == guildID
	})
}
