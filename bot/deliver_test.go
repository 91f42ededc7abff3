package bot

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/fakediscord"
	"github.com/digestbot/digestbot/internal/metrics"
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

func waitMessages(t *testing.T, fd *fakediscord.Server, channelID string, n int) []fakediscord.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	msgs, err := fd.WaitMessages(ctx, channelID, n)
	if err != nil {
		t.Fatalf("channel %s: %d messages, want %d: %v", channelID, len(msgs), n, err)
	}
	return msgs
}

// subscribeFarmers stores an hourly subscription of digestChan to "farmers",
// created at the clock's time (06:00, so the first digest is due at 07:00).
func subscribeFarmers(h *harness) Subscription {
	sub, _ := h.svc.Subscribe(context.Background(), Subscription{
		GuildID: guildID, ChannelID: digestChan, Topic: "farmers", Schedule: "every 1h", Timezone: "UTC",
		CreatedBy: "300000000000000001", CreatedAt: h.clock.Now(),
	})
	return sub
}

func embedTitles(msgs []fakediscord.Message) []string {
	var out []string
	for _, m := range msgs {
		for _, e := range m.Embeds {
			out = append(out, e.Title)
		}
	}
	return out
}

func TestScheduledDigestDeliveredToRightChannelWithoutRepeats(t *testing.T) {
	h := newHarness(t, fakediscord.Options{})
	m := metrics.NewMetrics(metrics.NewRegistry())
	h.cfg.Metrics = m
	t0 := h.clock.Now()
	subscribeFarmers(h)
	h.svc.addStory(guildID, kovacStory("farm1", t0.Add(10*time.Minute)))
	h.svc.addStory(guildID, Story{ItemID: "football", Title: "Football results", Summary: []string{"United won 2-1."}, FirstSeen: t0.Add(20 * time.Minute)})
	h.start()

	time.Sleep(100 * time.Millisecond) // several ticks, nothing due yet
	if n := len(h.fd.Messages(digestChan)); n != 0 {
		t.Fatalf("%d messages before the digest was due", n)
	}

	h.clock.Advance(time.Hour + time.Minute)
	msgs := waitMessages(t, h.fd, digestChan, 1)
	if got := embedTitles(msgs); len(got) != 1 || got[0] != "Kovac pledges support for farmers" {
		t.Errorf("digest cards = %q, want only the matching story", got)
	}
	if !strings.Contains(msgs[0].Content, "Digest: farmers") {
		t.Errorf("digest header = %q", msgs[0].Content)
	}
	var body struct {
		Nonce        string `json:"nonce"`
		EnforceNonce bool   `json:"enforce_nonce"`
	}
	if err := json.Unmarshal(msgs[0].Raw, &body); err != nil || body.Nonce == "" || !body.EnforceNonce || len(body.Nonce) > 25 {
		t.Errorf("digest sent without a valid enforced nonce: %s", msgs[0].Raw)
	}
	if n := len(h.fd.Messages(newsChan)); n != 0 {
		t.Errorf("%d messages in a channel without subscriptions", n)
	}

	// Due again with nothing new: no post, but the schedule moves on.
	h.clock.Advance(time.Hour)
	waitUntil(t, "an empty digest to be recorded", func() bool {
		h.svc.mu.Lock()
		defer h.svc.mu.Unlock()
		return h.svc.empty > 0
	})

	// A new matching story arrives in the next digest, alone.
	h.svc.addStory(guildID, kovacStory("farm2", h.clock.Now().Add(time.Minute)))
	h.clock.Advance(time.Hour)
	msgs = waitMessages(t, h.fd, digestChan, 2)
	time.Sleep(60 * time.Millisecond)
	msgs = h.fd.Messages(digestChan)
	if len(msgs) != 2 || len(msgs[1].Embeds) != 1 || msgs[1].Embeds[0].URL != "https://news.example.com/farm2" {
		t.Errorf("second digest = %d messages, last %+v; want one new card for farm2", len(msgs), msgs[len(msgs)-1].Embeds)
	}
	if sent, delays := m.DigestsSent.Value(), m.DeliveryDelay.Count(); sent != 2 || delays != 2 {
		t.Errorf("metrics: %v digests sent, %d delays observed; want 2 and 2", sent, delays)
	}
}

func TestExactlyOnceAfterCrash(t *testing.T) {
	h := newHarness(t, fakediscord.Options{})
	t0 := h.clock.Now()
	subscribeFarmers(h)
	h.svc.addStory(guildID, kovacStory("farm1", t0.Add(10*time.Minute)))
	// The process "dies" right after Discord accepted the message, before
	// the store recorded it: every record attempt fails until the restart.
	var crashed atomic.Bool
	crashed.Store(true)
	h.svc.partSent = func(string, int) error {
		if crashed.Load() {
			return errors.New("fake: crashed before recording")
		}
		return nil
	}
	h.start()
	h.clock.Advance(time.Hour + time.Minute)
	waitMessages(t, h.fd, digestChan, 1)
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	pending, _ := h.svc.PendingDeliveries(context.Background())
	if len(pending) != 1 || pending[0].Parts[0].MessageID != "" {
		t.Fatalf("after the crash: pending = %+v, want one delivery with an unrecorded part", pending)
	}
	nonce := pending[0].Parts[0].Nonce

	crashed.Store(false)
	h.start() // a new process on the same store and Discord
	waitUntil(t, "the pending delivery to finish", func() bool {
		return len(h.svc.finishedDeliveries()) == 1
	})
	msgs := h.fd.Messages(digestChan)
	if len(msgs) != 1 {
		t.Fatalf("channel has %d messages after the restart, want exactly 1", len(msgs))
	}
	if msgs[0].Nonce != nonce {
		t.Errorf("message nonce %q, want the recorded %q", msgs[0].Nonce, nonce)
	}
	if posts := h.fd.Requests(http.MethodPost, "/channels/"+digestChan+"/messages"); len(posts) < 2 {
		t.Errorf("%d POSTs: the restart did not resend", len(posts))
	}
	if f := h.svc.finishedDeliveries()[pending[0].ID]; f != "" {
		t.Errorf("delivery finished with failure %q", f)
	}
	h.svc.mu.Lock()
	gotID := h.svc.deliveries[pending[0].ID].Parts[0].MessageID
	h.svc.mu.Unlock()
	if gotID != msgs[0].ID {
		t.Errorf("recorded message id %q, want the original %q", gotID, msgs[0].ID)
	}
}

func TestChannelErrorsPauseSubscriptions(t *testing.T) {
	for _, tc := range []struct {
		status int
		reason string
	}{
		{http.StatusForbidden, "cannot post in this channel"},
		{http.StatusNotFound, "no longer exists"},
	} {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			h := newHarness(t, fakediscord.Options{})
			subscribeFarmers(h)
			h.svc.addStory(guildID, kovacStory("farm1", h.clock.Now().Add(time.Minute)))
			h.fd.SetChannelError(digestChan, tc.status)
			h.start()
			h.clock.Advance(time.Hour + time.Minute)
			waitUntil(t, "the subscription to pause", func() bool {
				sub, _ := h.svc.subscription("farmers")
				return sub.PausedReason != ""
			})
			waitUntil(t, "the delivery to be given up", func() bool { return len(h.svc.finishedDeliveries()) == 1 })
			for _, f := range h.svc.finishedDeliveries() {
				if !strings.Contains(f, tc.reason) {
					t.Errorf("delivery failure = %q", f)
				}
			}
			in := h.run(fakediscord.Invocation{Name: "subscriptions"})
			wantAnswer(t, in, "**Paused**", true)
			wantAnswer(t, in, tc.reason, true)
			if n := len(h.fd.Messages(digestChan)); n != 0 {
				t.Errorf("%d messages posted", n)
			}
		})
	}
}

func TestRateLimitsAndServerErrorsSurvived(t *testing.T) {
	h := newHarness(t, fakediscord.Options{})
	subscribeFarmers(h)
	h.svc.addStory(guildID, kovacStory("farm1", h.clock.Now().Add(time.Minute)))
	path := "/channels/" + digestChan + "/messages"
	h.fd.FailNext(http.MethodPost, path, 2, fakediscord.Failure{Status: http.StatusTooManyRequests, RetryAfter: 50 * time.Millisecond})
	h.fd.FailNext(http.MethodPost, path, 1, fakediscord.Failure{Status: http.StatusInternalServerError})
	h.fd.FailNext(http.MethodPost, path, 1, fakediscord.Failure{Status: http.StatusBadGateway})
	h.fd.FailNext(http.MethodPost, path, 1, fakediscord.Failure{Status: http.StatusServiceUnavailable})
	h.start()
	h.clock.Advance(time.Hour + time.Minute)
	waitMessages(t, h.fd, digestChan, 1)
	waitUntil(t, "the delivery to finish", func() bool { return len(h.svc.finishedDeliveries()) == 1 })
	time.Sleep(60 * time.Millisecond)
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
	h := newHarness(t, fakediscord.Options{})
	subscribeFarmers(h)
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
