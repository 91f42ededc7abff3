package safehttp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// ErrBodyTooLarge is returned by ReadLimited when the body exceeds its cap.
var ErrBodyTooLarge = errors.New("safehttp: response body too large")

// ReadLimited reads all of r, failing with ErrBodyTooLarge once more than
// max bytes arrive, so an endless body costs at most max+1 bytes of memory.
func ReadLimited(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w (limit %d bytes)", ErrBodyTooLarge, max)
	}
	return data, nil
}

// Limiter caps concurrent requests overall and per host, so a poll pass
// over many feeds of one publisher stays polite. Safe for concurrent use;
// the zero value is not usable, call NewLimiter.
type Limiter struct {
	global  chan struct{}
	perHost int

	mu    sync.Mutex
	hosts map[string]*hostSlots
}

type hostSlots struct {
	sem     chan struct{}
	waiters int // holders plus waiters; the entry is dropped at zero
}

// NewLimiter allows at most global requests at once, at most perHost of them
// to one host. Values below 1 are treated as 1.
func NewLimiter(global, perHost int) *Limiter {
	if global < 1 {
		global = 1
	}
	if perHost < 1 {
		perHost = 1
	}
	return &Limiter{global: make(chan struct{}, global), perHost: perHost, hosts: map[string]*hostSlots{}}
}

// Acquire blocks until a slot for host (a host name, case-insensitive) and a
// global slot are free, or ctx ends. The returned release must be called
// once the request is done; calling it again is harmless.
func (l *Limiter) Acquire(ctx context.Context, host string) (release func(), err error) {
	host = strings.ToLower(host)
	l.mu.Lock()
	hs := l.hosts[host]
	if hs == nil {
		hs = &hostSlots{sem: make(chan struct{}, l.perHost)}
		l.hosts[host] = hs
	}
	hs.waiters++
	l.mu.Unlock()

	// The host slot is taken first so that requests queued behind a busy
	// host do not sit on global slots other hosts could use.
	select {
	case hs.sem <- struct{}{}:
	case <-ctx.Done():
		l.drop(host, hs)
		return nil, ctx.Err()
	}
	select {
	case l.global <- struct{}{}:
	case <-ctx.Done():
		<-hs.sem
		l.drop(host, hs)
		return nil, ctx.Err()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-l.global
			<-hs.sem
			l.drop(host, hs)
		})
	}, nil
}

func (l *Limiter) drop(host string, hs *hostSlots) {
	l.mu.Lock()
	hs.waiters--
	if hs.waiters == 0 {
		delete(l.hosts, host)
	}
	l.mu.Unlock()
}
