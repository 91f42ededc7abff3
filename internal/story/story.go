// Package story turns a feed item or a URL into a story: the article fetched
// (through the cache), digested by the engine, ready to match against topics
// and to render as a card or as markdown.
package story

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/internal/metrics"
	"github.com/digestbot/digestbot/internal/redact"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/topic"
)

// Story is one article with its digest.
type Story struct {
	ItemID string `json:"item_id,omitempty"`
	// Merged are the IDs of other items this story stands for, when a
	// storyteller joined several reports of one event into it; delivering
	// the story delivers them too.
	Merged []string `json:"merged,omitempty"`
	// Event is set on a story that stands for several outlets' reports of
	// one event (see Event).
	Event *Event `json:"event,omitempty"`
	Title string `json:"title"`
	URL   string `json:"url"`
	// Canonical is the page's canonical link or og:url, when it gives one.
	Canonical string         `json:"canonical,omitempty"`
	Site      string         `json:"site"`
	Language  string         `json:"language"`
	Published time.Time      `json:"published,omitzero"`
	FirstSeen time.Time      `json:"first_seen,omitzero"`
	Summary   []string       `json:"summary"`
	Quotes    []digest.Quote `json:"quotes"`
	Actors    []digest.Actor `json:"actors"`
	Text      string         `json:"text"`
	// Problem says why there is no summary (the page could not be read);
	// the story still has its feed title and link.
	Problem string `json:"problem,omitempty"`
	// Overrun is set when the digest ran out of its time budget, so the
	// card holds only the stages it finished.
	Overrun bool `json:"overrun,omitempty"`
	// crash holds the panic and stack of an engine failure on this article
	// (see Make), for the log; it is not cached.
	crash string
}

// ItemIDs are the items the story stands for: its own and those merged into it.
func (s Story) ItemIDs() []string {
	if s.ItemID == "" {
		return s.Merged
	}
	return append([]string{s.ItemID}, s.Merged...)
}

// Doc is the story as the topic matcher sees it.
func (s Story) Doc() topic.Doc {
	names := make([]string, len(s.Actors))
	for i, a := range s.Actors {
		names[i] = a.Name
	}
	return topic.Doc{Title: s.Title, Summary: strings.Join(s.Summary, " "), Text: s.Text, Actors: names}
}

// Fetch is how articles are read: article.Fetcher.Fetch in production.
type Fetch func(ctx context.Context, url string) (article.Article, error)

// Cache keeps digested articles by URL; *store.Store is one.
type Cache interface {
	PutArticle(url string, data []byte, fetchedAt time.Time) error
	Article(url string) ([]byte, time.Time, error)
}

// Builder makes stories. Safe for concurrent use.
type Builder struct {
	fetch   Fetch
	cache   Cache
	opts    digest.Options
	metrics *metrics.Metrics
	now     func() time.Time
	log     *slog.Logger
	problem func(error) string
	slow    slowHosts
}

// NewBuilder returns a Builder. m may be nil.
func NewBuilder(fetch Fetch, cache Cache, opts digest.Options, m *metrics.Metrics) *Builder {
	return &Builder{fetch: fetch, cache: cache, opts: opts, metrics: m, now: time.Now, log: slog.New(slog.DiscardHandler), problem: unreadable}
}

// unreadable is what a card says of a page that could not be read when no
// better sentence is given: never the error itself, which names internals.
func unreadable(error) string { return "The page could not be read." }

// WithProblems makes b say why a page could not be read with describe,
// the one mapping from fetch problems to sentences a reader sees.
func (b *Builder) WithProblems(describe func(error) string) *Builder {
	if describe != nil {
		b.problem = describe
	}
	return b
}

// WithLogger makes b warn on l when an article's digest runs out of its
// time budget (nil: no warnings).
func (b *Builder) WithLogger(l *slog.Logger) *Builder {
	if l != nil {
		b.log = l
	}
	return b
}

// WithClock makes b date its cache entries and judge their age by now
// (nil: time.Now), the clock the rest of the process keeps.
func (b *Builder) WithClock(now func() time.Time) *Builder {
	if now != nil {
		b.now = now
	}
	return b
}

// ForItem returns the story of a stored feed item, from an article cached
// less than maxAge ago (0: any age) or read again. An article that cannot be
// read still gives a story (title and link, with Problem set) so a digest
// can list it; only a cancelled ctx is an error.
func (b *Builder) ForItem(ctx context.Context, it store.Item, maxAge time.Duration) (Story, error) {
	s, err := b.ForURL(ctx, it.Link, maxAge)
	if ctx.Err() != nil {
		return Story{}, ctx.Err()
	}
	if err != nil {
		b.log.Debug("article could not be read; the story goes without a summary",
			"article_url", redact.URL(it.Link), "error", redact.Error(err))
		s = Story{URL: it.Link, Problem: b.problem(err)}
	}
	s.ItemID, s.FirstSeen = it.ID, it.FirstSeen
	if it.Title != "" {
		s.Title = it.Title // the publisher's headline beats the page's <title>
	}
	if s.Published.IsZero() {
		s.Published = it.Published
	}
	return s, nil
}

// ForURL returns the story of the article at url, from the cache when it was
// digested less than maxAge ago (0: any age), else fetched and digested.
func (b *Builder) ForURL(ctx context.Context, url string, maxAge time.Duration) (Story, error) {
	if url == "" {
		return Story{}, errors.New("story: the item has no link")
	}
	if s, ok := b.cached(url, maxAge); ok {
		return s, nil
	}
	if err := b.slow.check(url, b.now()); err != nil {
		return Story{}, err
	}
	a, err := b.fetch(ctx, url)
	if ctx.Err() == nil { // else the caller's deadline, not the host, ended it
		b.slow.answered(url, errors.Is(err, article.ErrTimeout), b.now())
	}
	if err != nil {
		return Story{}, err
	}
	s := Make(a, b.opts)
	LogTrouble(b.log, s)
	if b.metrics != nil {
		b.metrics.ArticlesSummarised.Inc()
	}
	if data, err := encodeCached(s); err == nil {
		if err := b.cache.PutArticle(url, data, b.now()); err != nil {
			return s, fmt.Errorf("story: cache %s: %w", url, err)
		}
	}
	return s, nil
}

func (b *Builder) cached(url string, maxAge time.Duration) (Story, bool) {
	data, at, err := b.cache.Article(url)
	if err != nil || (maxAge > 0 && b.now().Sub(at) > maxAge) {
		return Story{}, false
	}
	s, err := decodeCached(data)
	if err != nil {
		return Story{}, false
	}
	return s, true
}

// makeDigest is the engine; tests swap it to make it fail.
var makeDigest = digest.MakeBlocks

// Make digests an extracted article. A panic inside the engine is this
// article's problem, not the caller's: the story keeps its title and link,
// says the article could not be summarised, and Crash holds the panic for
// the log.
func Make(a article.Article, opts digest.Options) (s Story) {
	defer func() {
		if r := recover(); r != nil {
			s = Story{Title: a.Title, URL: a.URL, Canonical: a.Canonical, Site: a.Site, Language: a.Language,
				Published: a.Published, Text: a.Text, Problem: "The summarizer could not read this article.",
				crash: fmt.Sprintf("%v\n%s", r, debug.Stack())}
		}
	}()
	d := makeDigest(a.Title, a.Text, a.Blocks, opts)
	s = Story{
		Title: a.Title, URL: a.URL, Canonical: a.Canonical, Site: a.Site, Language: a.Language, Published: a.Published,
		Quotes: d.Quotes, Actors: d.Actors, Text: a.Text, Overrun: d.Overrun,
	}
	if s.Language == "" {
		s.Language = digest.Language(a.Text)
	}
	for _, sn := range d.Summary {
		s.Summary = append(s.Summary, sn.Text)
	}
	return s
}

// LogTrouble logs what went wrong digesting s, if anything: a digest that
// ran out of its time budget (see WarnOverrun) or a panic in the engine.
func LogTrouble(log *slog.Logger, s Story) {
	if s.Overrun {
		WarnOverrun(log, s)
	}
	if s.crash != "" {
		log.Error("the summarizer panicked on an article; its card shows the title and link only",
			"article_url", redact.URL(s.URL), "panic", s.crash)
	}
}

// WarnOverrun logs that s's digest ran out of its time budget: a hostile or
// huge page costs a bounded time, and the log says which one it was.
func WarnOverrun(log *slog.Logger, s Story) {
	log.Warn("article digest ran out of its time budget; the card holds what was finished",
		"article_url", redact.URL(s.URL), "text_bytes", len(s.Text))
}
