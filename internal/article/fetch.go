package article

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"strings"
	"time"
)

// DefaultMaxBytes caps how much of a page is read: news pages with inline
// scripts reach 1-2 MiB, and the article body comes well before 5 MiB.
const DefaultMaxBytes = 5 << 20

// DefaultUserAgent identifies digestbot to the sites it reads.
const DefaultUserAgent = "digestbot/1.0 (+https://github.com/digestbot/digestbot)"

// Options configure a Fetcher; zero values take the defaults.
type Options struct {
	// MaxBytes is how much of the (decompressed) body is read. A longer page
	// is cut there and the article extracted from what was read; only when
	// that yields no article does Fetch fail, with ErrTooLarge and
	// ErrNoArticle both in the chain.
	MaxBytes  int64
	UserAgent string
}

// Fetcher downloads pages and extracts their articles.
type Fetcher struct {
	client *http.Client
	opts   Options
}

// NewFetcher returns a Fetcher using client, which should be the project's
// SSRF-guarded client with its timeouts; Fetch adds no guard of its own. A
// nil client gets a plain one with a 30-second timeout (tests only: it does
// not stop requests to private addresses).
func NewFetcher(client *http.Client, opts Options) *Fetcher {
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	return &Fetcher{client: client, opts: opts}
}

// StatusError is an HTTP status other than success or not-found.
type StatusError struct {
	Code int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("the site answered %d %s", e.Code, http.StatusText(e.Code))
}

// Fetch downloads pageURL and extracts its article. Errors wrap ErrNotFound,
// ErrNotHTML, ErrTimeout, ErrNoArticle (plus ErrTooLarge when the page was
// cut) or *StatusError, so callers can tell users what went wrong.
func (f *Fetcher) Fetch(ctx context.Context, pageURL string) (Article, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, pageURL, nil)
	if err != nil {
		return Article{}, fmt.Errorf("article: fetch %s: %w", pageURL, err)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
	resp, err := f.client.Do(req)
	if err != nil {
		return Article{}, fmt.Errorf("article: fetch %s: %w", pageURL, classifyNetError(err))
	}
	defer resp.Body.Close()

	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return Article{}, fmt.Errorf("article: fetch %s: %d: %w", pageURL, resp.StatusCode, ErrNotFound)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return Article{}, fmt.Errorf("article: fetch %s: %w", pageURL, &StatusError{Code: resp.StatusCode})
	}
	contentType := resp.Header.Get("Content-Type")
	body := bufio.NewReader(resp.Body)
	if !isHTMLType(contentType, body) {
		return Article{}, fmt.Errorf("article: fetch %s: content type %q: %w", pageURL, contentType, ErrNotHTML)
	}

	// Read one byte past the cap to learn whether the page was cut without
	// ever holding more than MaxBytes+1 of it.
	page, err := io.ReadAll(io.LimitReader(body, f.opts.MaxBytes+1))
	if err != nil {
		return Article{}, fmt.Errorf("article: read %s: %w", pageURL, classifyNetError(err))
	}
	truncated := int64(len(page)) > f.opts.MaxBytes
	if truncated {
		page = page[:f.opts.MaxBytes]
	}

	finalURL := pageURL
	if resp.Request != nil && resp.Request.URL != nil {
		finalURL = resp.Request.URL.String()
	}
	a, err := extract(page, finalURL, contentType)
	if err != nil && truncated && errors.Is(err, ErrNoArticle) {
		return a, fmt.Errorf("%w (%w: read the first %d bytes)", err, ErrTooLarge, f.opts.MaxBytes)
	}
	return a, err
}

// isHTMLType accepts declared HTML, and sniffs the body when the server
// sends no type or a generic one.
func isHTMLType(contentType string, body *bufio.Reader) bool {
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
	head, _ := body.Peek(512)
	return strings.HasPrefix(http.DetectContentType(head), "text/html")
}

// classifyNetError maps deadline errors to ErrTimeout, keeping the cause.
func classifyNetError(err error) error {
	var netErr net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}
