package fakediscord

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// rateState is what the fake counts to enforce and report rate limits.
// Guarded by Server.mu.
type rateState struct {
	arrivals   []time.Time // every request bound by the global limit, in order
	routes     map[string]*routeBucket
	global429s int
	route429s  int
	global     routeBucket // the global limit's current window
}

// routeBucket is one channel's message route: a fixed window as Discord's
// buckets are, starting with its first request.
type routeBucket struct {
	reset time.Time
	used  int
}

// boundByGlobalLimit reports whether a path counts against the global
// limit; interaction callbacks and webhooks do not, as on Discord.
func boundByGlobalLimit(path string) bool {
	return !strings.HasPrefix(path, "/interactions/") && !strings.HasPrefix(path, "/webhooks/")
}

// rateLimited counts a request and answers it with a 429 when it breaks the
// configured global or route limit; else it sets the route's X-RateLimit-*
// headers and lets it through.
func (s *Server) rateLimited(w http.ResponseWriter, method, path string, at time.Time) bool {
	if !boundByGlobalLimit(path) {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &s.rates
	r.arrivals = append(r.arrivals, at)
	if lim := s.opts.GlobalLimit; lim > 0 {
		// A fixed window, as Discord's global bucket is: once it resets,
		// the whole limit is free again. A refused request does not use
		// it up.
		g := &r.global
		if !at.Before(g.reset) {
			*g = routeBucket{reset: at.Add(s.opts.GlobalWindow)}
		}
		if g.used >= lim {
			r.global429s++
			writeRateLimit(w, g.reset.Sub(at), true)
			return true
		}
		g.used++
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if s.opts.RouteLimit <= 0 || method != http.MethodPost || len(parts) != 3 || parts[0] != "channels" || parts[2] != "messages" {
		return false
	}
	b := r.routes[parts[1]]
	if b == nil || !at.Before(b.reset) {
		b = &routeBucket{reset: at.Add(s.opts.RouteWindow)}
		r.routes[parts[1]] = b
	}
	wait := b.reset.Sub(at)
	h := w.Header()
	h.Set("X-RateLimit-Bucket", "messages-"+parts[1])
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.opts.RouteLimit))
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(b.reset.UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(wait.Seconds(), 'f', 3, 64))
	if b.used >= s.opts.RouteLimit {
		r.route429s++
		h.Set("X-RateLimit-Remaining", "0")
		writeRateLimit(w, wait, false)
		return true
	}
	b.used++
	h.Set("X-RateLimit-Remaining", strconv.Itoa(s.opts.RouteLimit-b.used))
	return false
}

// writeRateLimit answers 429 as Discord does. A global 429 carries no
// bucket headers, only X-RateLimit-Global, X-RateLimit-Scope and Retry-After
// (whole seconds); the body's retry_after has the precise wait.
func writeRateLimit(w http.ResponseWriter, wait time.Duration, global bool) {
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	scope := "user"
	if global {
		h.Set("X-RateLimit-Global", "true")
		scope = "global"
	}
	h.Set("X-RateLimit-Scope", scope)
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"message": "You are being rate limited.", "retry_after": wait.Seconds(), "global": global, "code": 0,
	})
}

// MaxRequestsPer returns the most requests bound by the global limit that
// arrived within any span of window, the figure Discord's global limit
// (50 per second) is about.
func (s *Server) MaxRequestsPer(window time.Duration) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.rates.arrivals
	most, j := 0, 0
	for i := range a {
		for a[i].Sub(a[j]) >= window {
			j++
		}
		most = max(most, i-j+1)
	}
	return most
}

// RateLimited returns how many requests the fake answered with a 429 of
// its global limit and of a route bucket (injected failures not counted).
func (s *Server) RateLimited() (global, route int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rates.global429s, s.rates.route429s
}
