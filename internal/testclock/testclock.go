// Package testclock is the one fake clock digestbot's tests share: a time
// that moves only when a test moves it, safe for concurrent use, to hand to
// any Now func() time.Time option.
package testclock

import (
	"sync"
	"time"
)

// Clock is a settable time. The zero value reads as the zero time.
type Clock struct {
	mu     sync.Mutex
	t      time.Time
	live   bool          // Now is the real time plus offset
	offset time.Duration // for a live clock
}

// New returns a clock reading t until it is moved.
func New(t time.Time) *Clock { return &Clock{t: t} }

// Live returns a clock that runs with real time, offset by what Advance
// adds: for end-to-end tests whose timers must keep running while the test
// makes a day pass.
func Live() *Clock { return &Clock{live: true} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.live {
		return time.Now().Add(c.offset)
	}
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
	c.t = c.t.Add(d)
}

// Set moves a stopped clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
