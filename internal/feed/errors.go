package feed

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/digestbot/digestbot/internal/fetch"
	"github.com/digestbot/digestbot/internal/safehttp"
)

var (
	// ErrTimeout marks a fetch that ran out of time (connect, headers or body).
	ErrTimeout = fetch.ErrTimeout
	// ErrNotAFeed matches a *NotAFeedError: the URL serves a web page.
	ErrNotAFeed = errors.New("not a feed")
	// ErrNoFeedFound is returned by Discover when neither the page nor the
	// usual paths lead to a feed.
	ErrNoFeedFound = errors.New("no feed found")
)

// StatusError is an HTTP response other than 2xx or 304.
type StatusError = fetch.StatusError

// ParseError is a body that could not be read as RSS, Atom or JSON Feed.
type ParseError struct {
	Err error
}

func (e *ParseError) Error() string { return "cannot parse feed: " + e.Err.Error() }
func (e *ParseError) Unwrap() error { return e.Err }

// NotAFeedError reports an HTML page where a feed was expected, with the
// feeds the page itself advertises, so the caller can say "this is a web
// page; its feed is X".
type NotAFeedError struct {
	FeedLinks []string // absolute URLs from <link rel="alternate">, in page order
}

func (e *NotAFeedError) Error() string {
	switch len(e.FeedLinks) {
	case 0:
		return "this is a web page, not a feed, and it does not link to one"
	case 1:
		return "this is a web page, not a feed; its feed is " + e.FeedLinks[0]
	default:
		return fmt.Sprintf("this is a web page, not a feed; it links to %d feeds, the first is %s", len(e.FeedLinks), e.FeedLinks[0])
	}
}

// Is makes errors.Is(err, ErrNotAFeed) true.
func (e *NotAFeedError) Is(target error) bool { return target == ErrNotAFeed }

// ErrorKind is a coarse, stable class of fetch failure for scheduling
// decisions, metrics and the "last error" column.
type ErrorKind string

const (
	KindNone       ErrorKind = ""
	KindCanceled   ErrorKind = "canceled"    // the caller's context ended; not the feed's fault
	KindInvalidURL ErrorKind = "invalid_url" // not a URL, or not http(s)
	KindBlocked    ErrorKind = "blocked"     // non-public address refused
	KindTimeout    ErrorKind = "timeout"
	KindTooLarge   ErrorKind = "too_large"
	KindRedirects  ErrorKind = "redirects" // loop or too many
	KindGone       ErrorKind = "gone"      // HTTP 410: stop polling
	KindHTTPStatus ErrorKind = "http_status"
	KindNotAFeed   ErrorKind = "not_a_feed"
	KindParse      ErrorKind = "parse"
	KindNetwork    ErrorKind = "network" // DNS, refused connection, TLS, reset
)

// Classify sorts an error returned by Fetch or Discover into an ErrorKind.
func Classify(err error) ErrorKind {
	var (
		blocked  *safehttp.BlockedError
		status   *StatusError
		parseErr *ParseError
	)
	switch {
	case err == nil:
		return KindNone
	case errors.Is(err, context.Canceled):
		return KindCanceled
	case errors.As(err, &blocked):
		return KindBlocked
	case errors.Is(err, safehttp.ErrInvalidURL), errors.Is(err, safehttp.ErrUnsupportedScheme):
		return KindInvalidURL
	case errors.Is(err, ErrTimeout):
		return KindTimeout
	case errors.Is(err, safehttp.ErrBodyTooLarge):
		return KindTooLarge
	case errors.Is(err, safehttp.ErrTooManyRedirects):
		return KindRedirects
	case errors.As(err, &status):
		if status.Code == http.StatusGone {
			return KindGone
		}
		return KindHTTPStatus
	case errors.Is(err, ErrNotAFeed):
		return KindNotAFeed
	case errors.As(err, &parseErr):
		return KindParse
	}
	return KindNetwork
}
