package feed

import (
	"math/rand/v2"
	"time"
)

// Defaults for PollPolicy.
const (
	DefaultPollInterval    = 10 * time.Minute
	DefaultMaxPollInterval = 24 * time.Hour
	DefaultJitter          = 0.2
)

// PollPolicy is the schedule of one deployment; zero fields take defaults.
type PollPolicy struct {
	Interval    time.Duration  // base interval between polls (DIGESTBOT_POLL_INTERVAL)
	MaxInterval time.Duration  // cap on backoff and on server-given lower bounds
	Jitter      float64        // ± fraction applied to the delay; negative disables
	Rand        func() float64 // uniform in [0,1); tests inject a fixed one
}

// PollHints is what one feed's recent history says about its next poll.
type PollHints struct {
	Failures   int           // consecutive failed fetches, 0 after a success
	RetryAfter time.Duration // from the last 429/503
	MaxAge     time.Duration // from the last response's Cache-Control/Expires
	TTL        time.Duration // RSS <ttl> of the last parsed document
}

// NextPoll returns when to poll a feed next. The base delay is
// Interval * 2^Failures (capped at MaxInterval), spread by ±Jitter so feeds
// added together do not stay in lockstep. Retry-After, max-age and the RSS
// TTL are lower bounds — the publisher asked us not to come back sooner —
// but each is capped at MaxInterval so a silly value cannot stop a feed.
func NextPoll(now time.Time, p PollPolicy, h PollHints) time.Time {
	p = p.withDefaults()

	delay := p.Interval
	for i := 0; i < h.Failures && delay < p.MaxInterval; i++ {
		delay *= 2
	}
	delay = min(delay, p.MaxInterval)
	if p.Jitter > 0 {
		factor := 1 + p.Jitter*(2*p.Rand()-1)
		delay = min(time.Duration(float64(delay)*factor), p.MaxInterval)
	}

	floor := min(max(h.RetryAfter, h.MaxAge, h.TTL), p.MaxInterval)
	return now.Add(max(delay, floor))
}

func (p PollPolicy) withDefaults() PollPolicy {
	if p.Interval <= 0 {
		p.Interval = DefaultPollInterval
	}
	if p.MaxInterval <= 0 {
		p.MaxInterval = DefaultMaxPollInterval
	}
	if p.MaxInterval < p.Interval {
		p.MaxInterval = p.Interval
	}
	if p.Jitter == 0 {
		p.Jitter = DefaultJitter
	}
	if p.Jitter > 1 {
		p.Jitter = 1
	}
	if p.Rand == nil {
		p.Rand = rand.Float64
	}
	return p
}
