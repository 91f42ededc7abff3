package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// globalLimiter keeps every REST request within Discord's global limit
// (50 requests per second per bot) before it leaves the process.
// discordgo only tracks per-route buckets, and it honours X-RateLimit-Global
// only when the 429 also carries X-RateLimit-Reset-After, which Discord's
// global 429s do not: a fan-out of a thousand digests would otherwise run
// into the limit and be answered with 429s (and, repeated, a temporary ban).
//
// The limit is kept as Discord counts it, at arrival: a request holds one of
// limit slots from before it is sent until its answer comes, and the slot is
// free again only one window after that answer. Any window of arrivals at
// Discord therefore holds at most limit requests, whatever the latency.
type globalLimiter struct {
	window time.Duration

	mu     sync.Mutex
	freeAt []time.Time // per slot: when it may be used again
	busy   []bool      // per slot: a request is in flight
	paused time.Time   // a global 429 stops everything until then
	wake   chan struct{}
}

func newGlobalLimiter(limit int, window time.Duration) *globalLimiter {
	return &globalLimiter{window: window, freeAt: make([]time.Time, limit), busy: make([]bool, limit), wake: make(chan struct{})}
}

// acquire waits for a slot and returns it, or ctx's error.
func (l *globalLimiter) acquire(ctx context.Context) (int, error) {
	for {
		l.mu.Lock()
		now := time.Now()
		wait := l.paused.Sub(now)
		if wait <= 0 {
			wait = -1 // no slot free yet, none becoming free: wait for a release
			for i, at := range l.freeAt {
				if l.busy[i] {
					continue
				}
				if !at.After(now) {
					l.busy[i] = true
					l.mu.Unlock()
					return i, nil
				}
				if d := at.Sub(now); wait < 0 || d < wait {
					wait = d
				}
			}
		}
		wake := l.wake
		l.mu.Unlock()
		if err := sleepOrWake(ctx, wait, wake); err != nil {
			return 0, err
		}
	}
}

func sleepOrWake(ctx context.Context, wait time.Duration, wake <-chan struct{}) error {
	var timer <-chan time.Time
	if wait >= 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-wake:
	case <-timer:
	}
	return nil
}

// release frees a slot one window after its request's answer arrived.
func (l *globalLimiter) release(slot int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.busy[slot] = false
	l.freeAt[slot] = time.Now().Add(l.window)
	close(l.wake)
	l.wake = make(chan struct{})
}

// pause stops every request until d from now, after a global 429.
func (l *globalLimiter) pause(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := time.Now().Add(d); until.After(l.paused) {
		l.paused = until
	}
}

// limitTransport passes REST requests through the global limiter and pauses
// it on a global 429. Interaction callbacks and webhook edits are exempt, as
// on Discord: answering a command never waits behind a digest fan-out.
type limitTransport struct {
	base http.RoundTripper
	lim  *globalLimiter
}

func (t *limitTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if exemptFromGlobalLimit(r.URL.Path) {
		return t.base.RoundTrip(r)
	}
	slot, err := t.lim.acquire(r.Context())
	if err != nil {
		return nil, err
	}
	resp, err := t.base.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests && globalRateLimit(resp.Header) {
		t.lim.pause(globalWait(resp))
	}
	t.lim.release(slot)
	return resp, err
}

func exemptFromGlobalLimit(path string) bool {
	for _, p := range []string{"/interactions/", "/webhooks/"} {
		if i := strings.Index(path, p); i >= 0 && strings.HasPrefix(path[:i], "/api") {
			return true
		}
	}
	return false
}

// globalRateLimit reports a 429 of the global limit: Discord marks it with
// X-RateLimit-Global (and, newer, X-RateLimit-Scope: global).
func globalRateLimit(h http.Header) bool {
	return strings.EqualFold(h.Get("X-RateLimit-Global"), "true") || strings.EqualFold(h.Get("X-RateLimit-Scope"), "global")
}

// globalWait reads the wait of a global 429: the body's precise
// retry_after, else the headers; a 429 without either waits a second. The
// body is read (at most 64 KiB) and put back for discordgo.
func globalWait(resp *http.Response) time.Duration {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var rl struct {
		RetryAfter float64 `json:"retry_after"`
	}
	if err == nil && json.Unmarshal(body, &rl) == nil && rl.RetryAfter > 0 {
		return time.Duration(rl.RetryAfter * float64(time.Second))
	}
	for _, k := range []string{"X-RateLimit-Reset-After", "Retry-After"} {
		if secs, err := strconv.ParseFloat(resp.Header.Get(k), 64); err == nil && secs > 0 {
			return time.Duration(secs * float64(time.Second))
		}
	}
	return time.Second
}
