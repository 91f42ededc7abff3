package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/digestbot/digestbot/internal/redact"
	"github.com/digestbot/digestbot/internal/safehttp"
)

// Defaults for FetcherOptions.
const (
	DefaultMaxBodyBytes       = 10 << 20
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

// FetcherOptions configures NewFetcher; zero fields take the defaults.
type FetcherOptions struct {
	UserAgent    string            // empty: the client's own (safehttp.Options.UserAgent)
	MaxBodyBytes int64             // default DefaultMaxBodyBytes (10 MiB)
	Limiter      *safehttp.Limiter // shared with other fetchers; default 16 overall, 2 per host
}

// Fetcher fetches feeds over a safe client. Safe for concurrent use.
type Fetcher struct {
	client  *http.Client
	opts    FetcherOptions
	limiter *safehttp.Limiter
	now     func() time.Time
}

// NewFetcher returns a Fetcher using client, which should come from
// safehttp.NewClient (nil means safehttp.NewClient with default options).
func NewFetcher(client *http.Client, opts FetcherOptions) *Fetcher {
	if client == nil {
		client = safehttp.NewClient(safehttp.Options{UserAgent: UserAgent("")})
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	limiter := opts.Limiter
	if limiter == nil {
		limiter = safehttp.NewLimiter(DefaultGlobalConcurrency, DefaultPerHostConcurrency)
	}
	return &Fetcher{client: client, opts: opts, limiter: limiter, now: time.Now}
}

// Request is one feed fetch; ETag and LastModified are the validators
// stored from the previous response, sent as If-None-Match and
// If-Modified-Since.
type Request struct {
	URL          string
	ETag         string
	LastModified string
}

// Result is what a fetch learned. Fetch fills it in as far as the response
// allowed even when it also returns an error (Status, RetryAfter, Gone), so
// the caller can schedule the next poll from it.
type Result struct {
	Status      int  // final HTTP status; 0 if no response arrived
	NotModified bool // 304: nothing new, Feed is nil
	Feed        *Feed
	// ETag and LastModified are the validators to store for the next
	// request, set only on success; on a 304 without them, the request's
	// own are echoed back.
	ETag         string
	LastModified string
	RetryAfter   time.Duration // Retry-After on 429/503
	MaxAge       time.Duration // Cache-Control max-age, else Expires - now
	Gone         bool          // 410: the publisher says the feed is gone for good
	FinalURL     string        // URL of the last response, after redirects
	// PermanentURL is set when every redirect from Request.URL was
	// permanent (301/308) and the fetch succeeded: the caller should store
	// it in place of Request.URL.
	PermanentURL string
}

// PollHints gathers what r says about the next poll, for NextPoll.
func (r Result) PollHints(failures int) PollHints {
	h := PollHints{Failures: failures, RetryAfter: r.RetryAfter, MaxAge: r.MaxAge}
	if r.Feed != nil {
		h.TTL = r.Feed.TTL
	}
	return h
}

const acceptFeeds = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, " +
	"application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// Fetch performs a conditional GET of a feed and parses a 200 response.
// Errors wrap *StatusError (any status but 200 and 304), ErrTimeout,
// safehttp.ErrBodyTooLarge, *ParseError, *NotAFeedError,
// *safehttp.BlockedError or safehttp.ErrTooManyRedirects; Classify sorts them.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (Result, error) {
	res, body, err := f.get(ctx, req)
	if err != nil {
		res.ETag, res.LastModified, res.PermanentURL = "", "", ""
		return res, redact.Error(fmt.Errorf("feed: fetch %s: %w", req.URL, err))
	}
	if res.NotModified {
		return res, nil
	}
	parsed, err := Parse(body, res.FinalURL)
	if err != nil {
		// Storing these validators would let the next poll answer 304 and
		// never re-read the document, even once we can parse it.
		res.ETag, res.LastModified, res.PermanentURL = "", "", ""
		return res, redact.Error(fmt.Errorf("feed: fetch %s: %w", req.URL, err))
	}
	res.Feed = parsed
	return res, nil
}

// get does the HTTP part of Fetch and returns the body of a 2xx response.
func (f *Fetcher) get(ctx context.Context, req Request) (Result, []byte, error) {
	var res Result
	u, err := safehttp.ValidateURL(req.URL)
	if err != nil {
		return res, nil, err
	}
	release, err := f.limiter.Acquire(ctx, u.Hostname())
	if err != nil {
		return res, nil, err
	}
	defer release()

	httpReq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return res, nil, err
	}
	if f.opts.UserAgent != "" {
		httpReq.Header.Set("User-Agent", f.opts.UserAgent)
	}
	httpReq.Header.Set("Accept", acceptFeeds)
	// Accept-Encoding is left to the transport, which then decompresses
	// gzip transparently and counts the cap on the decompressed bytes.
	if req.ETag != "" {
		httpReq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		httpReq.Header.Set("If-Modified-Since", req.LastModified)
	}

	// A shallow copy of the client records this request's redirect hops
	// without touching the shared client.
	var hops []redirectHop
	client := *f.client
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
		hops = append(hops, redirectHop{status: status, to: r.URL.String()})
		return nil
	}

	resp, err := client.Do(httpReq)
	if err != nil {
		return res, nil, f.transportError(ctx, err)
	}
	defer resp.Body.Close()

	res.Status = resp.StatusCode
	res.FinalURL = resp.Request.URL.String()
	res.ETag = resp.Header.Get("ETag")
	res.LastModified = resp.Header.Get("Last-Modified")
	res.MaxAge = maxAge(resp.Header, f.now())

	switch {
	case resp.StatusCode == http.StatusNotModified:
		res.NotModified = true
		if res.ETag == "" {
			res.ETag = req.ETag
		}
		if res.LastModified == "" {
			res.LastModified = req.LastModified
		}
		res.PermanentURL = permanentTarget(hops)
		return res, nil, nil
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		if resp.ContentLength > f.opts.MaxBodyBytes {
			return res, nil, fmt.Errorf("%w (Content-Length %d, limit %d bytes)", safehttp.ErrBodyTooLarge, resp.ContentLength, f.opts.MaxBodyBytes)
		}
		body, err := safehttp.ReadLimited(resp.Body, f.opts.MaxBodyBytes)
		if err != nil {
			if errors.Is(err, safehttp.ErrBodyTooLarge) {
				return res, nil, err
			}
			return res, nil, f.transportError(ctx, err)
		}
		res.PermanentURL = permanentTarget(hops)
		return res, body, nil
	}

	// Drain a little so the connection can be reused; error pages are small.
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	statusErr := &StatusError{Code: resp.StatusCode}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		statusErr.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), f.now())
		res.RetryAfter = statusErr.RetryAfter
	}
	res.Gone = resp.StatusCode == http.StatusGone
	return res, nil, statusErr
}

type redirectHop struct {
	status int
	to     string
}

// permanentTarget is the URL reached through an unbroken run of permanent
// redirects from the start; a temporary hop ends the run, since the
// publisher has not promised anything past it.
func permanentTarget(hops []redirectHop) string {
	target := ""
	for _, h := range hops {
		if h.status != http.StatusMovedPermanently && h.status != http.StatusPermanentRedirect {
			break
		}
		target = h.to
	}
	return target
}

// transportError marks timeouts, but lets the caller's own cancellation
// through as is: shutting down is not the feed's failure.
func (f *Fetcher) transportError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if isTimeout(err) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}

// retryAfter parses Retry-After as delay-seconds or an HTTP-date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(365*24*time.Hour/time.Second) {
			secs = int64(365 * 24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// maxAge reads how long the response may be reused: Cache-Control max-age
// (no-cache and no-store mean zero), else Expires relative to now.
func maxAge(h http.Header, now time.Time) time.Duration {
	if cc := h.Get("Cache-Control"); cc != "" {
		for _, directive := range strings.Split(cc, ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(directive), "=")
			switch strings.ToLower(name) {
			case "no-cache", "no-store":
				return 0
			case "max-age":
				secs, err := strconv.ParseInt(strings.Trim(value, `"`), 10, 64)
				if err != nil || secs <= 0 {
					return 0
				}
				if secs > int64(365*24*time.Hour/time.Second) {
					secs = int64(365 * 24 * time.Hour / time.Second)
				}
				return time.Duration(secs) * time.Second
			}
		}
	}
	if exp := h.Get("Expires"); exp != "" {
		if t, err := http.ParseTime(exp); err == nil && t.After(now) {
			return t.Sub(now)
		}
	}
	return 0
}
