package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/digestbot/digestbot/internal/fakediscord"
)

// fanOutRun is one fan-out: every subscription of every guild posts its
// digest at once, as when they all fall due in the same minute.
type fanOutRun struct {
	guilds, perGuild int
	window           time.Duration // Discord's second, scaled
	injected429      time.Duration // wait of the injected global and route 429s
}

// fanOutWorkers post the digests side by side, as the pipeline's senders.
const fanOutWorkers = 32

// fanOutChannel is the channel of a guild's k-th subscription: two of a
// guild's subscriptions share a channel, so its route bucket is exercised.
func fanOutChannel(g, k int) string { return fmt.Sprintf("5%017d", g*2+min(k, 1)) }

// run posts the digests through Post with fanOutWorkers workers against a fake Discord
// that enforces a global limit of 50 per window and a route bucket of one
// message per window per channel, and returns the fake and the time until
// the last digest was posted.
func (r fanOutRun) run(tb testing.TB) (*fakediscord.Server, time.Duration) {
	fd := fakediscord.New(fakediscord.Options{GlobalLimit: 50, GlobalWindow: r.window, RouteLimit: 1, RouteWindow: r.window})
	tb.Cleanup(fd.Close)
	b, err := New(Config{
		Token: fd.Token(), APIBaseURL: fd.URL, GlobalRateWindow: r.window,
		RetryBackoff: 5 * time.Millisecond, MaxRateLimitWait: time.Minute,
	}, newFakeService(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	if r.injected429 > 0 {
		fd.FailNext(http.MethodPost, "/channels/"+fanOutChannel(r.guilds/2, 0)+"/messages", 1,
			fakediscord.Failure{Status: http.StatusTooManyRequests, RetryAfter: r.injected429, Global: true})
		fd.FailNext(http.MethodPost, "/channels/"+fanOutChannel(r.guilds/3, 2)+"/messages", 1,
			fakediscord.Failure{Status: http.StatusTooManyRequests, RetryAfter: r.injected429})
	}
	jobs := make(chan [2]int)
	g, ctx := errgroup.WithContext(context.Background())
	start := time.Now()
	for range fanOutWorkers {
		g.Go(func() error {
			for j := range jobs {
				payload, _ := json.Marshal(map[string]string{"content": fmt.Sprintf("digest %d/%d", j[0], j[1])})
				if _, err := b.Post(ctx, fanOutChannel(j[0], j[1]), payload, fmt.Sprintf("d%d-%d", j[0], j[1])); err != nil {
					return fmt.Errorf("guild %d subscription %d: %w", j[0], j[1], err)
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		defer close(jobs)
		for gi := range r.guilds {
			for k := range r.perGuild {
				select {
				case jobs <- [2]int{gi, k}:
				case <-ctx.Done():
					return nil
				}
			}
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		tb.Fatal(err)
	}
	return fd, time.Since(start)
}

// check asserts every digest was posted once and the limits were kept.
func (r fanOutRun) check(tb testing.TB, fd *fakediscord.Server) {
	for gi := range r.guilds {
		want := map[string]bool{}
		for k := range r.perGuild {
			want[fmt.Sprintf("d%d-%d", gi, k)] = true
		}
		got := map[string]int{}
		for _, ch := range []string{fanOutChannel(gi, 0), fanOutChannel(gi, 1)} {
			for _, m := range fd.Messages(ch) {
				got[m.Nonce]++
			}
		}
		for n, c := range got {
			if c != 1 || !want[n] {
				tb.Fatalf("guild %d: digest %s posted %d times (want once, of %v)", gi, n, c, want)
			}
		}
		if len(got) != len(want) {
			tb.Fatalf("guild %d: %d of %d digests posted", gi, len(got), len(want))
		}
	}
	if most := fd.MaxRequestsPer(r.window); most > 50 {
		tb.Errorf("%d requests within one window %s; Discord's global limit is 50", most, r.window)
	}
	if global, route := fd.RateLimited(); global != 0 || route != 0 {
		tb.Errorf("the fake answered %d global and %d route 429s of its own limits; the bot must stay within them", global, route)
	}
}

// checkPause asserts that after the injected global 429 the bot paused
// until its retry_after had passed. Requests already on their way when the
// 429 was answered may still arrive late on a loaded machine (the 32
// workers have at most one request in flight each), so the first half of
// the pause allows that many stragglers and its second half none; a bot
// ignoring the 429 would send about a hundred in each half.
func (r fanOutRun) checkPause(tb testing.TB, fd *fakediscord.Server) {
	var at time.Time
	reqs := fd.Requests("", "/")
	for _, q := range reqs {
		if q.Status == http.StatusTooManyRequests && q.Path == "/channels/"+fanOutChannel(r.guilds/2, 0)+"/messages" {
			at = q.At
			break
		}
	}
	if at.IsZero() {
		tb.Fatal("the injected global 429 was never answered")
	}
	const inFlight = 50 * time.Millisecond
	stragglers := 0
	for _, q := range reqs {
		if !q.At.After(at.Add(inFlight)) || !q.At.Before(at.Add(r.injected429)) {
			continue
		}
		if q.At.After(at.Add(r.injected429 / 2)) {
			tb.Fatalf("a request reached Discord %s after a global 429 asking to wait %s", q.At.Sub(at), r.injected429)
		}
		stragglers++
	}
	if stragglers > fanOutWorkers {
		tb.Fatalf("%d requests reached Discord within %s after a global 429 asking to wait %s; at most the %d in flight may",
			stragglers, r.injected429/2, r.injected429, fanOutWorkers)
	}
}

// TestFanOutDelivery is issue 9's load test at a tenth of Discord's time
// scale: 1,000 guilds, 3,000 digests due at once, the global limit of 50
// per (scaled) second never exceeded, route buckets and injected global
// and route 429s honoured, every digest posted exactly once.
func TestFanOutDelivery(t *testing.T) {
	r := fanOutRun{guilds: 1000, perGuild: 3, window: 100 * time.Millisecond, injected429: 400 * time.Millisecond}
	if testing.Short() {
		r.guilds = 200
	}
	fd, took := r.run(t)
	r.check(t, fd)
	r.checkPause(t, fd)
	t.Logf("%d digests in %s at 50 per %s (%.0f per second); at Discord's 50/s that is %s",
		r.guilds*r.perGuild, took.Round(time.Millisecond), r.window, float64(r.guilds*r.perGuild)/took.Seconds(),
		(took * time.Duration(time.Second/r.window)).Round(time.Second))
}

// BenchmarkFanOutDelivery is the full-size run at Discord's real limit of
// 50 requests per second: 3,000 digests take at least a minute.
func BenchmarkFanOutDelivery(b *testing.B) {
	for range b.N {
		r := fanOutRun{guilds: 1000, perGuild: 3, window: time.Second, injected429: 2 * time.Second}
		fd, took := r.run(b)
		r.check(b, fd)
		r.checkPause(b, fd)
		b.ReportMetric(took.Seconds(), "s-to-last-digest")
		b.ReportMetric(float64(fd.MaxRequestsPer(time.Second)), "max-req/s")
	}
}

// TestGlobal429PausesEveryRequest: Discord's global 429 carries no
// X-RateLimit-Reset-After, so discordgo does not hold its other buckets;
// the bot's transport must. After one request is answered with a global
// 429, a request to another channel waits until retry_after has passed
// instead of running into the limit too.
func TestGlobal429PausesEveryRequest(t *testing.T) {
	t.Parallel()
	window := 400 * time.Millisecond
	fd := fakediscord.New(fakediscord.Options{GlobalLimit: 2, GlobalWindow: window})
	t.Cleanup(fd.Close)
	// The bot believes it may send 10 per window: only the fake's 429 stops it.
	b, err := New(Config{Token: fd.Token(), APIBaseURL: fd.URL, GlobalRateLimit: 10, GlobalRateWindow: window}, newFakeService(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	post := func(ch string) error {
		_, err := b.Post(ctx, ch, []byte(`{"content":"digest"}`), "n-"+ch)
		return err
	}
	for _, ch := range []string{"1", "2"} {
		if err := post(ch); err != nil {
			t.Fatal(err)
		}
	}
	third := make(chan error, 1)
	go func() { third <- post("3") }() // answered with a global 429, then retried
	// Wait for the bot to have read the 429, not only for the fake to have
	// sent it: a request sent in between could not have known of it.
	lim := b.session.Client.Transport.(*limitTransport).lim
	waitUntil(t, "the bot to hold on the global 429", func() bool {
		lim.mu.Lock()
		defer lim.mu.Unlock()
		return !lim.paused.IsZero()
	})
	if err := post("4"); err != nil {
		t.Fatal(err)
	}
	if err := <-third; err != nil {
		t.Fatal(err)
	}
	if g, _ := fd.RateLimited(); g != 1 {
		t.Errorf("%d global 429s; after the first, the bot must hold every request until retry_after", g)
	}
	for _, ch := range []string{"1", "2", "3", "4"} {
		if n := len(fd.Messages(ch)); n != 1 {
			t.Errorf("channel %s: %d messages, want 1", ch, n)
		}
	}
}
