package pipeline

import (
	"errors"
	"net/http"

	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/safehttp"
)

// FetchProblem is the sentence a user sees when a feed cannot be added.
// It names what went wrong and what to try, never internals.
func FetchProblem(err error) string {
	var notFeed *feed.NotAFeedError
	if errors.As(err, &notFeed) {
		return "That is a web page, not a feed, and no feed could be found on it. Try the site's RSS or Atom link."
	}
	if errors.Is(err, feed.ErrNoFeedFound) {
		return "No feed could be found at that address. Try the site's RSS or Atom link."
	}
	var status *feed.StatusError
	if errors.As(err, &status) {
		switch status.Code {
		case http.StatusNotFound, http.StatusGone:
			return "That feed does not exist (the site answered " + http.StatusText(status.Code) + "). Check the address."
		case http.StatusUnauthorized, http.StatusForbidden:
			return "That site does not let digestbot read its feed."
		case http.StatusTooManyRequests:
			return "That site asked us to slow down; please try again later."
		}
		return "That site answered with an error; please try again later."
	}
	switch feed.Classify(err) {
	case feed.KindInvalidURL:
		return "That is not a web address. Use a full link such as https://example.com/feed.xml."
	case feed.KindBlocked:
		return "That address points into a private network, which digestbot does not fetch from."
	case feed.KindTimeout:
		return "That site took too long to answer; please try again later."
	case feed.KindTooLarge:
		return "That feed is too large to read."
	case feed.KindRedirects:
		return "That address redirects too many times."
	case feed.KindParse:
		return "That address does not serve a feed digestbot can read (RSS, Atom or JSON Feed)."
	case feed.KindNetwork:
		return "That site could not be reached. Check the address, or try again later."
	}
	return "That feed could not be added; please try again later."
}

// ArticleProblem is the sentence a user sees when an article cannot be summarised.
func ArticleProblem(err error) string {
	var blocked *safehttp.BlockedError
	switch {
	case errors.Is(err, safehttp.ErrInvalidURL), errors.Is(err, safehttp.ErrUnsupportedScheme):
		return "That is not a web address. Use a full link such as https://example.com/news/story."
	case errors.As(err, &blocked):
		return "That address points into a private network, which digestbot does not fetch from."
	case errors.Is(err, article.ErrNotFound):
		return "That page was not found. Check the link."
	case errors.Is(err, article.ErrNotHTML):
		return "That link is not a web page (digestbot summarises news articles)."
	case errors.Is(err, article.ErrTimeout):
		return "That site took too long to answer; please try again later."
	case errors.Is(err, article.ErrNoArticle):
		return "No article text was found on that page."
	case errors.Is(err, safehttp.ErrTooManyRedirects):
		return "That link redirects too many times."
	}
	var status *article.StatusError
	if errors.As(err, &status) {
		return "That site answered with an error (" + http.StatusText(status.Code) + "); please try again later."
	}
	return "That page could not be read. Check the link, or try again later."
}
