package pipeline

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/fetch"
	"github.com/digestbot/digestbot/internal/safehttp"
)

// The sentences a user sees when a feed cannot be added or a page cannot
// be summarised. They name what went wrong and what to try, never internals.
// Whatever the fetcher reports (fetch.Client serves feeds and pages alike)
// is told the same way for both; only what is particular to a feed or to an
// article differs.

// FetchProblem is the sentence for a feed that cannot be added.
func FetchProblem(err error) string {
	var notFeed *feed.NotAFeedError
	var parse *feed.ParseError
	switch {
	case errors.As(err, &notFeed):
		return "That is a web page, not a feed, and no feed could be found on it. Try the site's RSS or Atom link."
	case errors.Is(err, feed.ErrNoFeedFound):
		return "No feed could be found at that address. Try the site's RSS or Atom link."
	case errors.As(err, &parse):
		return "That address does not serve a feed digestbot can read (RSS, Atom or JSON Feed)."
	}
	if msg, ok := fetchProblem(err, "feed", "https://example.com/feed.xml"); ok {
		return msg
	}
	return "That feed could not be added; please try again later."
}

// ArticleProblem is the sentence for an article that cannot be summarised.
func ArticleProblem(err error) string {
	switch {
	case errors.Is(err, article.ErrNotFound):
		return "That page was not found. Check the link."
	case errors.Is(err, article.ErrNotHTML):
		return "That link is not a web page (digestbot summarises news articles)."
	case errors.Is(err, article.ErrNoArticle):
		return "No article text was found on that page."
	}
	if msg, ok := fetchProblem(err, "page", "https://example.com/news/story"); ok {
		return msg
	}
	return "That page could not be read. Check the link, or try again later."
}

// fetchProblem tells what the fetcher reported about a feed or a page
// (what), with example as the shape of a good address; false when err says
// nothing the user can act on.
func fetchProblem(err error, what, example string) (string, bool) {
	var blocked *safehttp.BlockedError
	var status *fetch.StatusError
	switch {
	case errors.Is(err, safehttp.ErrInvalidURL), errors.Is(err, safehttp.ErrUnsupportedScheme):
		return "That is not a web address. Use a full link such as " + example + ".", true
	case errors.As(err, &blocked):
		return "That address points into a private network, which digestbot does not fetch from.", true
	case errors.Is(err, fetch.ErrTimeout), errors.Is(err, article.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return "That site took too long to answer; please try again later.", true
	case errors.Is(err, safehttp.ErrBodyTooLarge):
		return "That " + what + " is too large to read.", true
	case errors.Is(err, safehttp.ErrTooManyRedirects):
		return "That address redirects too many times.", true
	case errors.As(err, &status):
		switch status.Code {
		case http.StatusNotFound, http.StatusGone:
			return "That " + what + " does not exist (the site answered " + http.StatusText(status.Code) + "). Check the address.", true
		case http.StatusUnauthorized, http.StatusForbidden:
			return "That site does not let digestbot read its " + what + ".", true
		case http.StatusTooManyRequests:
			return "That site asked us to slow down; please try again later.", true
		}
		return "That site answered with an error (" + http.StatusText(status.Code) + "); please try again later.", true
	}
	// What is left of the client's errors is the network: DNS, a refused
	// connection, TLS, a reset.
	var urlErr *url.Error
	if errors.As(err, &urlErr) && !errors.Is(err, context.Canceled) {
		return "That site could not be reached. Check the address, or try again later.", true
	}
	return "", false
}
