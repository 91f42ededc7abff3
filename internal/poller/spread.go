package poller

import (
	"context"
	"net/url"
	"strings"
)

// limits bound a spread: jobs at once overall and per host, and how many
// jobs are read ahead of the running ones to find work for idle hosts.
type limits struct {
	workers, perHost, window int
}

// defaultWindow is the read-ahead of a poll pass. Feeds come from the store
// in due (or ID) order, which an OPML import makes host by host; with a
// few thousand read ahead, dozens of hosts are in reach, and memory stays a
// few megabytes whatever the number of feeds.
const defaultWindow = 4096

// hostQueue is one host's jobs waiting in a spread.
type hostQueue[T any] struct {
	jobs    []T
	running int
	ready   bool // listed in the ready ring
}

// spread runs run(job) for every job next yields, at most workers at once
// and perHost per host, taking hosts in turn. Jobs listed host by host
// would otherwise queue behind one host's limit while the others idle.
// next returns ok=false when there are no more jobs. When ctx ends, no new
// job starts; spread waits for the running ones and returns ctx's error,
// else the first error of next.
func spread[T any](ctx context.Context, lim limits, next func() (job T, host string, ok bool, err error), run func(T)) error {
	s := &spreader[T]{lim: lim, hosts: map[string]*hostQueue[T]{}, done: make(chan string, lim.workers)}
	var srcErr error
	exhausted := false
	for {
		for !exhausted && s.buffered < lim.window && ctx.Err() == nil {
			job, host, ok, err := next()
			if err != nil || !ok {
				srcErr, exhausted = err, true
				break
			}
			s.enqueue(host, job)
		}
		for ctx.Err() == nil && s.running < lim.workers && len(s.ready) > 0 {
			s.start(run)
		}
		if s.running == 0 && (ctx.Err() != nil || (exhausted && s.buffered == 0)) {
			break
		}
		s.finish(<-s.done)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return srcErr
}

type spreader[T any] struct {
	lim      limits
	hosts    map[string]*hostQueue[T]
	ready    []string // hosts with waiting jobs and a free slot, in turn
	done     chan string
	buffered int
	running  int
}

func (s *spreader[T]) enqueue(host string, job T) {
	q := s.hosts[host]
	if q == nil {
		q = &hostQueue[T]{}
		s.hosts[host] = q
	}
	q.jobs = append(q.jobs, job)
	s.buffered++
	s.markReady(host, q)
}

func (s *spreader[T]) markReady(host string, q *hostQueue[T]) {
	if !q.ready && len(q.jobs) > 0 && q.running < s.lim.perHost {
		q.ready = true
		s.ready = append(s.ready, host)
	}
}

// start runs the next job of the host whose turn it is; the host goes to
// the back of the ring if it can take more.
func (s *spreader[T]) start(run func(T)) {
	host := s.ready[0]
	s.ready = s.ready[1:]
	q := s.hosts[host]
	q.ready = false
	job := q.jobs[0]
	var zero T
	q.jobs[0] = zero
	q.jobs = q.jobs[1:]
	s.buffered--
	q.running++
	s.running++
	s.markReady(host, q)
	go func() {
		defer func() { s.done <- host }()
		run(job)
	}()
}

func (s *spreader[T]) finish(host string) {
	s.running--
	q := s.hosts[host]
	q.running--
	if q.running == 0 && len(q.jobs) == 0 {
		delete(s.hosts, host)
		return
	}
	s.markReady(host, q)
}

// hostOf is the host a URL's requests go to, as the fetcher's limiter
// counts them; an unparsable URL is its own host (its fetch fails fast).
func hostOf(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Hostname() == "" {
		return raw
	}
	return strings.ToLower(u.Hostname())
}
