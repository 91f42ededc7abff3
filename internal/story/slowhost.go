package story

import (
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/digestbot/digestbot/internal/article"
)

// slowHostPause is how long a host whose article fetches timed out
// slowHostStrikes times in a row is left alone. A digest reads the article
// of every pending item, and a host that stalls each request until the fetch
// timeout would otherwise cost that timeout once per item: a feed of 1,000
// items on one stalling host held a digest tick, and every other server's
// digest behind it, for hours. One timeout alone may be a passing blip.
const (
	slowHostPause   = 10 * time.Minute
	slowHostStrikes = 2
)

// maxSlowHosts bounds the hosts remembered; expired ones go first.
const maxSlowHosts = 10000

// slowHosts remembers the hosts whose fetches time out.
type slowHosts struct {
	mu    sync.Mutex
	hosts map[string]*slowHost
}

type slowHost struct {
	strikes int       // timeouts in a row
	until   time.Time // left alone until then
}

// check returns an error wrapping article.ErrTimeout while rawURL's host
// is left alone, else nil.
func (h *slowHosts) check(rawURL string, now time.Time) error {
	host := hostOf(rawURL)
	h.mu.Lock()
	defer h.mu.Unlock()
	if s := h.hosts[host]; s != nil && now.Before(s.until) {
		return fmt.Errorf("story: %s timed out %d times, not asked again for %s: %w", host, s.strikes, slowHostPause, article.ErrTimeout)
	}
	return nil
}

// answered records how a fetch from rawURL's host ended: a timeout is one
// more strike, and the last strike leaves the host alone for slowHostPause;
// an answer clears the strikes.
func (h *slowHosts) answered(rawURL string, timedOut bool, now time.Time) {
	host := hostOf(rawURL)
	h.mu.Lock()
	defer h.mu.Unlock()
	if !timedOut {
		delete(h.hosts, host)
		return
	}
	s := h.hosts[host]
	if s == nil {
		if h.hosts == nil {
			h.hosts = map[string]*slowHost{}
		}
		if len(h.hosts) >= maxSlowHosts && !h.forget(now) {
			return // this many stalling at once: one more changes little
		}
		s = &slowHost{}
		h.hosts[host] = s
	}
	if s.strikes++; s.strikes >= slowHostStrikes {
		s.until = now.Add(slowHostPause)
	}
}

// forget drops the hosts no longer left alone and reports whether any went.
func (h *slowHosts) forget(now time.Time) bool {
	n := len(h.hosts)
	for k, s := range h.hosts {
		if !now.Before(s.until) {
			delete(h.hosts, k)
		}
	}
	return len(h.hosts) < n
}

func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
