package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/fetch"
	"github.com/digestbot/digestbot/internal/safehttp"
)

// What the one fetcher reports reads the same for a feed and for a page;
// only what is particular to each differs.
func TestProblemsTellFetchErrorsOneWay(t *testing.T) {
	t.Parallel()
	wrap := func(err error) error { return fmt.Errorf("x: fetch https://example.com/a: %w", err) }
	for _, tc := range []struct {
		err        error
		feed, page string
	}{
		{wrap(&fetch.StatusError{Code: 503}), "answered with an error (Service Unavailable)", "answered with an error (Service Unavailable)"},
		{wrap(&fetch.StatusError{Code: 403}), "does not let digestbot read its feed", "does not let digestbot read its page"},
		{wrap(&fetch.StatusError{Code: 404}), "That feed does not exist", "That page does not exist"},
		{wrap(fmt.Errorf("%w: %w", article.ErrNotFound, &fetch.StatusError{Code: 404})), "That feed does not exist", "That page was not found"},
		{wrap(fmt.Errorf("%w: i/o timeout", fetch.ErrTimeout)), "took too long", "took too long"},
		{wrap(&safehttp.BlockedError{Host: "10.0.0.1", Reason: "private network address"}), "private network", "private network"},
		{wrap(safehttp.ErrBodyTooLarge), "That feed is too large", "That page is too large"},
		{wrap(safehttp.ErrUnsupportedScheme), "https://example.com/feed.xml", "https://example.com/news/story"},
		{wrap(&url.Error{Op: "Get", URL: "https://nowhere.invalid", Err: errors.New("no such host")}), "could not be reached", "could not be reached"},
		{wrap(&feed.NotAFeedError{}), "a web page, not a feed", "could not be read"},
		{wrap(article.ErrNoArticle), "could not be added", "No article text"},
		{wrap(context.Canceled), "could not be added", "could not be read"},
	} {
		if got := FetchProblem(tc.err); !strings.Contains(got, tc.feed) {
			t.Errorf("FetchProblem(%v) = %q, want it to say %q", tc.err, got, tc.feed)
		}
		if got := ArticleProblem(tc.err); !strings.Contains(got, tc.page) {
			t.Errorf("ArticleProblem(%v) = %q, want it to say %q", tc.err, got, tc.page)
		}
	}
}
