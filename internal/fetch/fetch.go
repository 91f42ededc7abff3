// Package fetch is digestbot's one HTTP GET, for feeds and article pages
// alike: it validates the URL, waits for a slot under the shared per-host
// and overall limits, identifies itself with one User-Agent, follows
// redirects (recording each hop), classifies the status, and reads the body
// under a cap. The feed package parses what it returns and the article
// package extracts from it; neither talks HTTP itself, so no request skips
// the limiter.
package fetch

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/digestbot/digestbot/internal/safehttp"
)

// Defaults for New.
const (
	DefaultGlobalConcurrency  = 16
	DefaultPerHostConcurrency = 2
	projectURL                = "https://github.com/digestbot/digestbot"
)

// UserAgent is the honest User-Agent for a digestbot build.
func UserAgent(version string) string {
	if version == "" {
		version = "dev"
	}
	return "digestbot/" + version + " (+" + projectURL + ")"
}

// ErrTimeout marks a fetch that ran out of time (connect, headers or body).
var ErrTimeout = errors.New("timed out")

// StatusError is an HTTP response other than 2xx or 304.
type StatusError struct {
	Code       int
	RetryAfter time.Duration // from Retry-After on 429 and 503, else 0
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
}

// Client makes GET requests under one limiter. Safe for concurrent use.
type Client struct {
	http      *http.Client
	limiter   *safehttp.Limiter
	userAgent string
	now       func() time.Time
}

// New returns a Client over hc, which should come from safehttp.NewClient
// (nil: one with default options). limiter is shared by every request of
// the process (nil: 16 overall, 2 per host); userAgent "" leaves the
// client's own.
func New(hc *http.Client, limiter *safehttp.Limiter, userAgent string) *Client {
	if hc == nil {
		hc = safehttp.NewClient(safehttp.Options{UserAgent: UserAgent("")})
	}
	if limiter == nil {
		limiter = safehttp.NewLimiter(DefaultGlobalConcurrency, DefaultPerHostConcurrency)
	}
	return &Client{http: hc, limiter: limiter, userAgent: userAgent, now: time.Now}
}

// Request is one GET.
type Request struct {
	URL    string
	Accept string
	// Header holds extra headers, e.g. If-None-Match for a conditional GET.
	Header http.Header
	// MaxBytes caps the (decompressed) body; <= 0 means 10 MiB.
	MaxBytes int64
	// Truncate cuts a longer body at MaxBytes (Response.Truncated) instead
	// of failing with safehttp.ErrBodyTooLarge.
	Truncate bool
	// Check, when set, sees a 2xx response's headers and first bytes before
	// the body is read; its error ends the fetch (e.g. not a web page).
	Check func(h http.Header, head []byte) error
}

// Hop is one redirect followed: the status that sent us on, and where.
type Hop struct {
	Status int
	To     string
}

// Response is what a GET learned; Get fills it as far as the answer went,
// also when it returns an error.
type Response struct {
	Status    int // 0 when no response arrived
	Header    http.Header
	FinalURL  string // after redirects
	Hops      []Hop
	Body      []byte // 2xx only
	Truncated bool
}

// Get performs req. A 2xx answer returns its body; a 304 returns no body and
// no error; any other status is a *StatusError. Errors otherwise wrap
// ErrTimeout, safehttp.ErrBodyTooLarge, *safehttp.BlockedError,
// safehttp.ErrTooManyRedirects or safehttp.ErrInvalidURL; the caller's own
// cancellation is returned as ctx.Err().
func (c *Client) Get(ctx context.Context, req Request) (Response, error) {
	var res Response
	u, err := safehttp.ValidateURL(req.URL)
	if err != nil {
		return res, err
	}
	release, err := c.limiter.Acquire(ctx, u.Hostname())
	if err != nil {
		return res, err
	}
	defer release()
	httpReq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return res, err
	}
	for k, v := range req.Header {
		httpReq.Header[k] = v
	}
	if c.userAgent != "" {
		httpReq.Header.Set("User-Agent", c.userAgent)
	}
	if req.Accept != "" {
		httpReq.Header.Set("Accept", req.Accept)
	}
	// Accept-Encoding is left to the transport, which then decompresses
	// gzip transparently and counts the cap on the decompressed bytes.
	resp, err := c.recording(&res).Do(httpReq)
	if err != nil {
		return res, c.transportError(ctx, err)
	}
	defer resp.Body.Close()
	res.Status, res.Header, res.FinalURL = resp.StatusCode, resp.Header, resp.Request.URL.String()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return res, nil
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return c.readBody(ctx, res, resp, req)
	}
	// Drain a little so the connection can be reused; error pages are small.
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	statusErr := &StatusError{Code: resp.StatusCode}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		statusErr.RetryAfter = RetryAfter(resp.Header.Get("Retry-After"), c.now())
	}
	return res, statusErr
}

// recording returns a shallow copy of the client that records res's
// redirect hops without touching the shared client.
func (c *Client) recording(res *Response) *http.Client {
	client := *c.http
	inner := client.CheckRedirect
	client.CheckRedirect = func(r *http.Request, via []*http.Request) error {
		if inner != nil {
			if err := inner(r, via); err != nil {
				return err
			}
		} else if len(via) >= 10 {
			return safehttp.ErrTooManyRedirects
		}
		status := 0
		if r.Response != nil {
			status = r.Response.StatusCode
		}
		res.Hops = append(res.Hops, Hop{Status: status, To: r.URL.String()})
		return nil
	}
	return &client
}

// readBody reads a 2xx body under the cap, after req.Check.
func (c *Client) readBody(ctx context.Context, res Response, resp *http.Response, req Request) (Response, error) {
	limit := req.MaxBytes
	if limit <= 0 {
		limit = 10 << 20
	}
	if !req.Truncate && resp.ContentLength > limit {
		return res, fmt.Errorf("%w (Content-Length %d, limit %d bytes)", safehttp.ErrBodyTooLarge, resp.ContentLength, limit)
	}
	body := bufio.NewReader(resp.Body)
	if req.Check != nil {
		head, _ := body.Peek(512)
		if err := req.Check(resp.Header, head); err != nil {
			return res, err
		}
	}
	// Read one byte past the cap to learn whether the body was cut without
	// ever holding more than limit+1 of it.
	data, err := io.ReadAll(io.LimitReader(body, limit+1))
	if err != nil {
		return res, c.transportError(ctx, err)
	}
	if int64(len(data)) > limit {
		if !req.Truncate {
			return res, fmt.Errorf("%w (limit %d bytes)", safehttp.ErrBodyTooLarge, limit)
		}
		data, res.Truncated = data[:limit], true
	}
	res.Body = data
	return res, nil
}

// transportError marks timeouts, but lets the caller's own cancellation
// through as is: shutting down is not the site's failure.
func (c *Client) transportError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if IsTimeout(err) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}

// IsTimeout reports whether err is a deadline or a network timeout.
func IsTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// RetryAfter parses Retry-After as delay-seconds or an HTTP-date, at most a year.
func RetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, int64(365*24*time.Hour/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
