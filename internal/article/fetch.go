package article

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/digestbot/digestbot/internal/fetch"
)

// DefaultMaxBytes caps how much of a page is read: news pages with inline
// scripts reach 1-2 MiB, and the article body comes well before 5 MiB.
const DefaultMaxBytes = 5 << 20

// Options configure a Fetcher; zero values take the defaults.
type Options struct {
	// MaxBytes is how much of the (decompressed) body is read. A longer page
	// is cut there and the article extracted from what was read; only when
	// that yields no article does Fetch fail, with ErrTooLarge and
	// ErrNoArticle both in the chain.
	MaxBytes  int64
	UserAgent string
	// Fetch is the process's one HTTP client, shared with the feeds so that
	// pages and feeds count against the same per-host limit. Nil: one over
	// the client given to NewFetcher, with a limiter of its own.
	Fetch *fetch.Client
}

// Fetcher downloads pages and extracts their articles.
type Fetcher struct {
	http *fetch.Client
	opts Options
}

// NewFetcher returns a Fetcher. Without opts.Fetch it uses client, which
// should be the project's SSRF-guarded client with its timeouts; a nil
// client gets a plain one with a 30-second timeout (tests only: it does not
// stop requests to private addresses).
func NewFetcher(client *http.Client, opts Options) *Fetcher {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	hc := opts.Fetch
	if hc == nil {
		if client == nil {
			client = &http.Client{Timeout: 30 * time.Second}
		}
		hc = fetch.New(client, nil, opts.UserAgent)
	}
	return &Fetcher{http: hc, opts: opts}
}

// StatusError is an HTTP status other than success or not-found.
type StatusError = fetch.StatusError

const acceptPages = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"

// Fetch downloads pageURL and extracts its article. Errors wrap ErrNotFound,
// ErrNotHTML, ErrTimeout, ErrNoArticle (plus ErrTooLarge when the page was
// cut) or *StatusError, so callers can tell users what went wrong.
func (f *Fetcher) Fetch(ctx context.Context, pageURL string) (Article, error) {
	resp, err := f.http.Get(ctx, fetch.Request{
		URL: pageURL, Accept: acceptPages, MaxBytes: f.opts.MaxBytes, Truncate: true,
		Check: func(h http.Header, head []byte) error {
			if ct := h.Get("Content-Type"); !isHTMLType(ct, head) {
				return fmt.Errorf("content type %q: %w", ct, ErrNotHTML)
			}
			return nil
		},
	})
	var status *StatusError
	switch {
	case errors.As(err, &status) && (status.Code == http.StatusNotFound || status.Code == http.StatusGone):
		return Article{}, fmt.Errorf("article: fetch %s: %d: %w", pageURL, status.Code, ErrNotFound)
	case errors.Is(err, fetch.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return Article{}, fmt.Errorf("article: fetch %s: %w: %w", pageURL, ErrTimeout, err)
	case err != nil:
		return Article{}, fmt.Errorf("article: fetch %s: %w", pageURL, err)
	case resp.Status == http.StatusNotModified:
		return Article{}, fmt.Errorf("article: fetch %s: %w", pageURL, &StatusError{Code: resp.Status})
	}
	finalURL := pageURL
	if resp.FinalURL != "" {
		finalURL = resp.FinalURL
	}
	a, err := extract(resp.Body, finalURL, resp.Header.Get("Content-Type"))
	if err != nil && resp.Truncated && errors.Is(err, ErrNoArticle) {
		return a, fmt.Errorf("%w (%w: read the first %d bytes)", err, ErrTooLarge, f.opts.MaxBytes)
	}
	return a, err
}

// isHTMLType accepts declared HTML, and sniffs the body when the server
// sends no type or a generic one.
func isHTMLType(contentType string, head []byte) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err == nil {
		switch mediaType {
		case "text/html", "application/xhtml+xml":
			return true
		case "application/octet-stream", "text/plain", "binary/octet-stream":
		default:
			return false
		}
	}
	return strings.HasPrefix(http.DetectContentType(head), "text/html")
}
