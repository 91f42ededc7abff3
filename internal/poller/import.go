package poller

import (
	"context"
	"sync"

	"github.com/digestbot/digestbot/internal/store"
)

// AddResult is one URL's outcome in AddAll: Err is nil when the feed was
// added, ErrAlreadyFollowed when it was already there, else why it failed.
type AddResult struct {
	URL  string
	Feed store.Feed
	Err  error
}

// AddAll adds every URL as Add does, concurrently under the same limits as
// a poll pass (Workers at once, PerHost to one host, hosts in turn), and
// calls report with each outcome; calls to report are serialized. Each add
// is atomic, so when ctx ends the feeds already added stay and the others
// are not touched; URLs cut short are not reported. It returns ctx's error
// if it ended.
func (p *Poller) AddAll(ctx context.Context, urls []string, guildID string, report func(AddResult)) error {
	i := 0
	next := func() (string, string, bool, error) {
		if i == len(urls) {
			return "", "", false, nil
		}
		u := urls[i]
		i++
		return u, hostOf(u), true, nil
	}
	var mu sync.Mutex
	return spread(ctx, p.limits(), next, func(u string) {
		f, _, err := p.Add(ctx, u, guildID)
		if err != nil && ctx.Err() != nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if report != nil {
			report(AddResult{URL: u, Feed: f, Err: err})
		}
	})
}
