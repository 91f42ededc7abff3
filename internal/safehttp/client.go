// Package safehttp is the HTTP client for every outbound request whose URL
// came from a user (feeds, article pages). It refuses to connect to
// loopback, private, link-local, multicast and other non-public addresses,
// judged on the address actually dialled, so DNS rebinding and redirects to
// internal hosts are caught as well as literal IPs.
package safehttp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Defaults applied by NewClient to zero Options fields.
const (
	DefaultConnectTimeout = 5 * time.Second
	DefaultHeaderTimeout  = 10 * time.Second
	DefaultTimeout        = 30 * time.Second
	DefaultMaxRedirects   = 5
)

// Resolver looks up the addresses of a host name; *net.Resolver satisfies it.
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// Options configures NewClient. The zero value is a safe client with the
// default timeouts.
type Options struct {
	// AllowPrivate turns the address checks off (DIGESTBOT_ALLOW_PRIVATE_NETWORKS).
	AllowPrivate bool
	// UserAgent is sent on requests that do not set their own.
	UserAgent string
	// ConnectTimeout bounds the TCP connect and the TLS handshake.
	ConnectTimeout time.Duration
	// HeaderTimeout bounds the wait for response headers after the request is sent.
	HeaderTimeout time.Duration
	// Timeout bounds the whole exchange, body included (http.Client.Timeout).
	Timeout time.Duration
	// MaxRedirects is how many redirects are followed; 0 means
	// DefaultMaxRedirects and a negative value means none (the 3xx response
	// itself is returned).
	MaxRedirects int
	// Resolver replaces net.DefaultResolver (tests use it to make a public-
	// looking name resolve to a private address).
	Resolver Resolver
	// AllowAddrs are exact IP:port destinations permitted even though their
	// address is not public. Tests use it to admit only their own httptest
	// server; an operator could use it for a single internal feed host.
	AllowAddrs []netip.AddrPort
}

// BlockedError is the refusal to connect to a non-public address.
type BlockedError struct {
	Host   string     // host name as written in the URL
	IP     netip.Addr // the address that was refused
	Reason string     // e.g. "private network address"
}

// Error names the setting that lifts the refusal: the operator reads it in
// logs and CLI errors; Discord users get a sentence of their own instead.
func (e *BlockedError) Error() string {
	const hint = "; to allow it, set DIGESTBOT_ALLOW_PRIVATE_NETWORKS=1 (all private addresses) or DIGESTBOT_ALLOWED_ADDRESSES=IP:port (one destination)"
	ip := e.IP.String()
	if e.Host == "" || e.Host == ip {
		return fmt.Sprintf("refusing to connect to %s: %s%s", ip, e.Reason, hint)
	}
	return fmt.Sprintf("refusing to connect to %s (%s): %s%s", e.Host, ip, e.Reason, hint)
}

var (
	// ErrTooManyRedirects is returned (inside a *url.Error) when a request
	// exceeds Options.MaxRedirects or revisits a URL of its redirect chain.
	ErrTooManyRedirects = errors.New("safehttp: too many redirects")
	// ErrUnsupportedScheme is returned for any URL scheme but http and https.
	ErrUnsupportedScheme = errors.New("only http and https are supported")
	// ErrInvalidURL is returned by ValidateURL for text that is not an absolute URL.
	ErrInvalidURL = errors.New("not a URL")
)

// ValidateURL parses a user-supplied URL for early, friendly feedback. It
// does not resolve the host; the dial-time check is the one that protects.
func ValidateURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return nil, fmt.Errorf("%q: %w", raw, ErrInvalidURL)
	}
	if u.Scheme == "" || (u.Host == "" && u.Opaque == "" && !strings.Contains(raw, "://")) {
		if !strings.Contains(raw, " ") && strings.Contains(raw, ".") {
			return nil, fmt.Errorf("%q: %w (did you mean https://%s ?)", raw, ErrInvalidURL, raw)
		}
		return nil, fmt.Errorf("%q: %w", raw, ErrInvalidURL)
	}
	if err := checkScheme(u); err != nil {
		return nil, err
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("%q: %w (no host)", raw, ErrInvalidURL)
	}
	return u, nil
}

func checkScheme(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return nil
	}
	return fmt.Errorf("%s: scheme %q: %w", u.Redacted(), u.Scheme, ErrUnsupportedScheme)
}

// guard holds the address policy shared by the dialer and its Control hook.
type guard struct {
	allowPrivate bool
	allowAddrs   map[netip.AddrPort]bool
	resolver     Resolver
	dialer       *net.Dialer
}

func (g *guard) permitted(ap netip.AddrPort) string {
	if g.allowPrivate || g.allowAddrs[netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())] {
		return ""
	}
	return BlockedReason(ap.Addr())
}

// dialContext resolves the host itself, checks every address and dials only
// permitted ones by IP, so the address checked is the address connected to.
func (g *guard) dialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, portStr, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	port, err := net.LookupPort(network, portStr)
	if err != nil {
		return nil, err
	}
	var addrs []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{ip.Unmap()}
	} else {
		ips, err := g.resolver.LookupIPAddr(ctx, host)
		if err != nil {
			return nil, err
		}
		for _, ip := range ips {
			if a, ok := netip.AddrFromSlice(ip.IP); ok {
				addrs = append(addrs, a.Unmap())
			}
		}
		if len(addrs) == 0 {
			return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
		}
	}
	var firstBlocked *BlockedError
	var lastErr error
	for _, a := range addrs {
		ap := netip.AddrPortFrom(a, uint16(port))
		if reason := g.permitted(ap); reason != "" {
			// A name with mixed public and private records still works
			// over its public ones; only the private ones are skipped.
			if firstBlocked == nil {
				firstBlocked = &BlockedError{Host: host, IP: a, Reason: reason}
			}
			continue
		}
		conn, err := g.dialer.DialContext(ctx, network, ap.String())
		if err == nil {
			return conn, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	if lastErr != nil {
		return nil, lastErr
	}
	return nil, firstBlocked
}

// control re-checks the socket address right before connect, a second line
// of defence should anything (a proxy, a future change) bypass dialContext.
func (g *guard) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("safehttp: unexpected dial address %q: %w", address, err)
	}
	if reason := g.permitted(ap); reason != "" {
		return &BlockedError{IP: ap.Addr().Unmap(), Reason: reason}
	}
	return nil
}

// NewClient returns an *http.Client enforcing o. It never uses a proxy from
// the environment: a proxy would make the checked address the proxy's.
func NewClient(o Options) *http.Client {
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}
	if o.HeaderTimeout <= 0 {
		o.HeaderTimeout = DefaultHeaderTimeout
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	g := &guard{
		allowPrivate: o.AllowPrivate,
		allowAddrs:   make(map[netip.AddrPort]bool, len(o.AllowAddrs)),
		resolver:     o.Resolver,
	}
	for _, ap := range o.AllowAddrs {
		g.allowAddrs[netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())] = true
	}
	if g.resolver == nil {
		g.resolver = net.DefaultResolver
	}
	g.dialer = &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second, Control: g.control}

	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           g.dialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   o.ConnectTimeout,
		ResponseHeaderTimeout: o.HeaderTimeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          512, // a poll pass keeps per-host connections to many hosts; 100 in all made it reconnect
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
	}
	return &http.Client{
		Transport: &roundTripper{next: transport, userAgent: o.UserAgent},
		Timeout:   o.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if err := checkScheme(req.URL); err != nil {
				return err
			}
			if o.MaxRedirects < 0 {
				return http.ErrUseLastResponse
			}
			if len(via) > o.MaxRedirects {
				return fmt.Errorf("%w: stopped after %d", ErrTooManyRedirects, len(via)-1)
			}
			next := req.URL.String()
			for _, prev := range via {
				if prev.URL.String() == next {
					return fmt.Errorf("%w: redirect loop back to %s", ErrTooManyRedirects, req.URL.Redacted())
				}
			}
			return nil
		},
	}
}

// roundTripper rejects non-HTTP schemes on the first request (CheckRedirect
// only sees later hops) and supplies the default User-Agent.
type roundTripper struct {
	next      http.RoundTripper
	userAgent string
}

func (rt *roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := checkScheme(req.URL); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	if rt.userAgent != "" && req.Header.Get("User-Agent") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("User-Agent", rt.userAgent)
	}
	return rt.next.RoundTrip(req)
}
