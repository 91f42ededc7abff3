package story

import (
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/digestbot/digestbot/internal/article"
)

// slowHostPause is how long a host whose article fetch timed out is left
// alone. A digest reads the article of every pending item, and a host that
// stalls each request until the fetch timeout would otherwise cost that
// timeout once per item: a feed of 1,000 items on one stalling host held a
// digest tick, and every other server's digest behind it, for hours.
const slowHostPause = 10 * time.Minute

// maxSlowHosts bounds the hosts remembered; expired ones go first.
const maxSlowHosts = 10000

// slowHosts remembers until when each timed-out host is left alone.
type slowHosts struct {
	mu    sync.Mutex
	until map[string]time.Time
}

// check returns an error wrapping article.ErrTimeout while rawURL's host
// is left alone, else nil.
func (h *slowHosts) check(rawURL string, now time.Time) error {
	host := hostOf(rawURL)
	h.mu.Lock()
	defer h.mu.Unlock()
	if until, ok := h.until[host]; ok && now.Before(until) {
		return fmt.Errorf("story: %s timed out less than %s ago, not asked again yet: %w", host, slowHostPause, article.ErrTimeout)
	}
	return nil
}

// timedOut leaves rawURL's host alone for slowHostPause from now.
func (h *slowHosts) timedOut(rawURL string, now time.Time) {
	host := hostOf(rawURL)
	if host == "" {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.until == nil {
		h.until = map[string]time.Time{}
	}
	if len(h.until) >= maxSlowHosts {
		for k, until := range h.until {
			if !now.Before(until) {
				delete(h.until, k)
			}
		}
		if len(h.until) >= maxSlowHosts {
			return // all of them stalling at once: remembering one more changes little
		}
	}
	h.until[host] = now.Add(slowHostPause)
}

func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
