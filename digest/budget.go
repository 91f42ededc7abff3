package digest

import (
	"time"

	"github.com/digestbot/digestbot/digest/entity"
)

// DefaultBudget is the time one article's digest may take. A news article
// takes a few milliseconds and the longest text Make reads (maxText) about a
// tenth of a second, so only hostile or broken input reaches it; past it,
// Make returns the stages it finished and sets Digest.Overrun, so that a
// page cannot pin a core however it is built.
const DefaultBudget = time.Second

// budget is the deadline of one Make call. The clock is wall time: Go has
// no per-goroutine CPU clock, and wall time bounds what a caller waits.
type budget struct {
	deadline time.Time // zero: no limit
	over     bool
}

// newBudget starts a budget of d; d < 0 means none (benchmarks, evaluation).
// The recogniser's model is decoded first: that one-off cost of the first
// digest in a process (0.1 s, more under the race detector) is not the
// article's.
func newBudget(d time.Duration) *budget {
	_ = entity.Load() // an error shows as no actors, as in Recognize
	if d < 0 {
		return &budget{}
	}
	if d == 0 {
		d = DefaultBudget
	}
	return &budget{deadline: time.Now().Add(d)}
}

// spent reports whether the deadline has passed, and remembers it. It is
// cheap enough to call between stages and every few hundred items inside
// one.
func (b *budget) spent() bool {
	if b.over {
		return true
	}
	if !b.deadline.IsZero() && !time.Now().Before(b.deadline) {
		b.over = true
	}
	return b.over
}
