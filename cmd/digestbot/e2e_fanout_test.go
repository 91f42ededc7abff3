package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/fakediscord"
	"github.com/digestbot/digestbot/internal/store"
)

// e2eRateWindowEnv is a test-only setting (read by e2eRun, never by the
// binary) that scales Discord's second for the bot's global limiter.
const e2eRateWindowEnv = "E2E_RATE_WINDOW"

func e2eRateWindow(env map[string]string) time.Duration {
	d, _ := time.ParseDuration(env[e2eRateWindowEnv])
	return d
}

// e2eFanOutGuilds are n guilds, (k+1) << 22, each with three channels.
func e2eFanOutGuilds(n int) []fakediscord.Guild {
	var gs []fakediscord.Guild
	for k := range n {
		gs = append(gs, fakediscord.Guild{ID: strconv.FormatUint(uint64(k+1)<<22, 10),
			Channels: []string{fmt.Sprintf("7%017d", 3*k), fmt.Sprintf("7%017d", 3*k+1), fmt.Sprintf("7%017d", 3*k+2)}})
	}
	return gs
}

// e2eSeedFanOut stores, before the bot starts, the news feed followed by
// every guild and a subscription in each of its channels (a story goes to a
// channel once, whatever the topics), each due 15 minutes after created.
func e2eSeedFanOut(t testing.TB, db, feedURL string, guilds []fakediscord.Guild, created time.Time) {
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f, err := st.AddFeed(store.Feed{URL: feedURL, GuildID: guilds[0].ID, AddedAt: created})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range guilds {
		if g.ID != guilds[0].ID {
			if err := st.AddFeedToGuild(g.ID, f.ID); err != nil {
				t.Fatal(err)
			}
		}
		for i, topic := range []string{"climate", "Portmere", "barrier"} {
			sub := store.Subscription{GuildID: g.ID, ChannelID: g.Channels[i], Topic: topic, Schedule: "every 15m",
				CreatedAt: created, NextDigestAt: created.Add(15 * time.Minute)}
			if _, err := st.AddSubscription(sub); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// e2eFanOut runs `digestbot run` with guilds×3 subscriptions all due in the
// same tick against a fake Discord enforcing 50 requests per window and
// Discord's message bucket (5 per 5 windows per channel), and returns the
// time from the tick to the last digest posted.
func e2eFanOut(t testing.TB, n int, window time.Duration) (*fakediscord.Server, time.Duration) {
	news := newE2ENews(t, e2eMarket)
	guilds := e2eFanOutGuilds(n)
	fd := fakediscord.New(fakediscord.Options{HeartbeatInterval: 500 * time.Millisecond, Guilds: guilds,
		GlobalLimit: 50, GlobalWindow: window, RouteLimit: 5, RouteWindow: 5 * window})
	t.Cleanup(fd.Close)
	db := filepath.Join(t.TempDir(), "fanout.db")
	e2eSeedFanOut(t, db, news.feedURL(), guilds, time.Now().Add(-time.Minute))
	b := e2eRun(t, fd, news, map[string]string{"DIGESTBOT_DB": db, e2eRateWindowEnv: window.String(), "DIGESTBOT_DIGEST_TICK": "1h"}, "run")
	<-b.started
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := fd.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	b.pollNow() // the baseline: the market story is old news
	news.publish(e2eBarrier)
	b.pollNow()
	b.clock.Advance(16 * time.Minute)
	start := time.Now()
	b.digest()
	took := time.Since(start)
	for _, g := range guilds {
		for i, ch := range g.Channels {
			msgs := fd.Messages(ch)
			nonces := map[string]bool{}
			for _, m := range msgs {
				nonces[m.Nonce] = true
			}
			if len(msgs) != 1 || len(nonces) != 1 {
				t.Fatalf("guild %s channel %d: %d messages with %d nonces, want its digest once", g.ID, i, len(msgs), len(nonces))
			}
		}
	}
	if most := fd.MaxRequestsPer(window); most > 50 {
		t.Errorf("%d requests within %s; the global limit is 50", most, window)
	}
	if global, route := fd.RateLimited(); global != 0 || route != 0 {
		t.Errorf("%d global and %d route 429s of the fake's own limits", global, route)
	}
	return fd, took
}

// TestE2EFanOutThroughThePipeline: the whole bot (store, pipeline, bot,
// fake Discord) delivers 3 digests in each of 300 guilds due in the same
// tick, at a tenth of Discord's time scale: all delivered, once, within
// the global limit and the channels' buckets.
func TestE2EFanOutThroughThePipeline(t *testing.T) {
	t.Parallel()
	_, took := e2eFanOut(t, 300, 100*time.Millisecond)
	t.Logf("900 digests posted %s after the tick (scaled 10x: %s at Discord's 50/s)", took.Round(time.Millisecond), (10 * took).Round(time.Second))
}

// BenchmarkE2EFanOut is issue 9's load test at full size and Discord's real
// pace: 1,000 guilds, 3,000 subscriptions due in the same tick, 50 requests
// per second. It reports the time from the tick to the last digest.
func BenchmarkE2EFanOut(b *testing.B) {
	for range b.N {
		fd, took := e2eFanOut(b, 1000, time.Second)
		b.ReportMetric(took.Seconds(), "s-to-last-digest")
		b.ReportMetric(float64(fd.MaxRequestsPer(time.Second)), "max-req/s")
	}
}
