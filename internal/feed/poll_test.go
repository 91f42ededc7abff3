package feed

import (
	"testing"
	"time"
)

func TestNextPoll(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	mid := func() float64 { return 0.5 } // no jitter
	tests := []struct {
		name   string
		policy PollPolicy
		hints  PollHints
		want   time.Duration
	}{
		{"default interval", PollPolicy{Rand: mid}, PollHints{}, 10 * time.Minute},
		{"configured interval", PollPolicy{Interval: 30 * time.Minute, Rand: mid}, PollHints{}, 30 * time.Minute},
		{"one failure", PollPolicy{Rand: mid}, PollHints{Failures: 1}, 20 * time.Minute},
		{"three failures", PollPolicy{Rand: mid}, PollHints{Failures: 3}, 80 * time.Minute},
		{"backoff capped", PollPolicy{Rand: mid}, PollHints{Failures: 20}, 24 * time.Hour},
		{"huge failure count does not overflow", PollPolicy{Rand: mid}, PollHints{Failures: 1 << 20}, 24 * time.Hour},
		{"max-age is a lower bound", PollPolicy{Rand: mid}, PollHints{MaxAge: time.Hour}, time.Hour},
		{"short max-age does not speed up", PollPolicy{Rand: mid}, PollHints{MaxAge: time.Minute}, 10 * time.Minute},
		{"ttl is a lower bound", PollPolicy{Rand: mid}, PollHints{TTL: 2 * time.Hour}, 2 * time.Hour},
		{"silly ttl capped", PollPolicy{Rand: mid}, PollHints{TTL: 30 * 24 * time.Hour}, 24 * time.Hour},
		{"retry-after honoured", PollPolicy{Rand: mid}, PollHints{Failures: 1, RetryAfter: 3 * time.Hour}, 3 * time.Hour},
		{"backoff beyond retry-after", PollPolicy{Rand: mid}, PollHints{Failures: 5, RetryAfter: time.Minute}, 320 * time.Minute},
		{"jitter low end", PollPolicy{Rand: func() float64 { return 0 }}, PollHints{Failures: 1}, 16 * time.Minute},
		{"jitter high end", PollPolicy{Rand: func() float64 { return 0.999999999 }}, PollHints{}, 12 * time.Minute},
		{"jitter never exceeds the cap", PollPolicy{Rand: func() float64 { return 0.999999999 }}, PollHints{Failures: 20}, 24 * time.Hour},
		{"jitter disabled", PollPolicy{Jitter: -1, Rand: func() float64 { return 0 }}, PollHints{}, 10 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NextPoll(now, tt.policy, tt.hints).Sub(now)
			// The high-end jitter case lands a hair under the bound.
			if diff := got - tt.want; diff < -time.Millisecond || diff > time.Millisecond {
				t.Errorf("delay = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNextPollBackoffGrows(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	// Worst case for growth: the previous step jittered up, this one down.
	up, down := func() float64 { return 0.999 }, func() float64 { return 0 }
	for failures := 1; failures <= 7; failures++ {
		prev := NextPoll(now, PollPolicy{Rand: up}, PollHints{Failures: failures - 1}).Sub(now)
		next := NextPoll(now, PollPolicy{Rand: down}, PollHints{Failures: failures}).Sub(now)
		if next <= prev {
			t.Errorf("failures %d: delay %v is not above %v", failures, next, prev)
		}
	}
}

func TestNextPollJitterSpreads(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	seen := map[time.Duration]bool{}
	for i := 0; i < 50; i++ {
		d := NextPoll(now, PollPolicy{}, PollHints{Failures: 2}).Sub(now)
		if d < 32*time.Minute || d > 48*time.Minute {
			t.Fatalf("delay %v outside 40m ±20%%", d)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Errorf("only %d distinct delays in 50 draws: jitter is not spreading", len(seen))
	}
}
