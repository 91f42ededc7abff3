package feed

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/digestbot/digestbot/internal/fetch"
	"github.com/digestbot/digestbot/internal/redact"
	"github.com/digestbot/digestbot/internal/safehttp"
)

// Defaults for FetcherOptions.
const (
	DefaultMaxBodyBytes       = 10 << 20
	DefaultGlobalConcurrency  = fetch.DefaultGlobalConcurrency
	DefaultPerHostConcurrency = fetch.DefaultPerHostConcurrency
)

// UserAgent is the honest User-Agent for a digestbot build.
func UserAgent(version string) string { return fetch.UserAgent(version) }

// FetcherOptions configures NewFetcher; zero fields take the defaults.
type FetcherOptions struct {
	UserAgent    string            // empty: the client's own (safehttp.Options.UserAgent)
	MaxBodyBytes int64             // default DefaultMaxBodyBytes (10 MiB)
	Limiter      *safehttp.Limiter // shared with other fetchers; default 16 overall, 2 per host
	// Fetch, when set, is the process's one HTTP client (its limiter and
	// User-Agent); the client, Limiter and UserAgent are then unused.
	Fetch *fetch.Client
}

// Fetcher fetches feeds through the shared fetch.Client and parses them.
// Safe for concurrent use.
type Fetcher struct {
	http *fetch.Client
	opts FetcherOptions
	now  func() time.Time
}

// NewFetcher returns a Fetcher using client, which should come from
// safehttp.NewClient (nil means safehttp.NewClient with default options).
func NewFetcher(client *http.Client, opts FetcherOptions) *Fetcher {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	hc := opts.Fetch
	if hc == nil {
		hc = fetch.New(client, opts.Limiter, opts.UserAgent)
	}
	return &Fetcher{http: hc, opts: opts, now: time.Now}
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
	header := http.Header{}
	if req.ETag != "" {
		header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := f.http.Get(ctx, fetch.Request{URL: req.URL, Accept: acceptFeeds, Header: header, MaxBytes: f.opts.MaxBodyBytes})
	res := Result{Status: resp.Status, FinalURL: resp.FinalURL}
	if resp.Header != nil {
		res.ETag = resp.Header.Get("ETag")
		res.LastModified = resp.Header.Get("Last-Modified")
		res.MaxAge = maxAge(resp.Header, f.now())
	}
	var status *StatusError
	if errors.As(err, &status) {
		if status.Code == http.StatusTooManyRequests || status.Code == http.StatusServiceUnavailable {
			// Read against the feed's own clock, which tests move.
			status.RetryAfter = fetch.RetryAfter(resp.Header.Get("Retry-After"), f.now())
		}
		res.RetryAfter = status.RetryAfter
		res.Gone = status.Code == http.StatusGone
		return res, nil, err
	}
	if err != nil {
		return res, nil, err
	}
	if resp.Status == http.StatusNotModified {
		res.NotModified = true
		if res.ETag == "" {
			res.ETag = req.ETag
		}
		if res.LastModified == "" {
			res.LastModified = req.LastModified
		}
	}
	res.PermanentURL = permanentTarget(resp.Hops)
	return res, resp.Body, nil
}

// permanentTarget is the URL reached through an unbroken run of permanent
// redirects from the start; a temporary hop ends the run, since the
// publisher has not promised anything past it.
func permanentTarget(hops []fetch.Hop) string {
	target := ""
	for _, h := range hops {
		if h.Status != http.StatusMovedPermanently && h.Status != http.StatusPermanentRedirect {
			break
		}
		target = h.To
	}
	return target
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
