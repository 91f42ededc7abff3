// Package poller follows feeds: it adds them (finding a site's feed and
// recording what is already there as seen) and polls the due ones, storing
// each feed's outcome and its new items in one store transaction.
//
// Flow per feed: conditional GET (a 304 stops here) -> parse -> RecordPoll,
// which commits the fetch state and the unseen items together. A crash
// between feeds loses nothing: an uncommitted feed is still due and its items
// are still unseen, so the next pass counts them as new exactly once.
package poller

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/metrics"
	"github.com/digestbot/digestbot/internal/safehttp"
	"github.com/digestbot/digestbot/internal/store"
)

// Options configure a Poller; zero values take defaults.
type Options struct {
	Policy    feed.PollPolicy
	Backfill  int              // newest items of a newly added feed that count as new
	Workers   int              // feeds fetched at once (the fetcher's limiter still applies per host)
	Retention time.Duration    // Run prunes items older than this that left their feed
	Logger    *slog.Logger     // default: discard
	Metrics   *metrics.Metrics // optional
	Now       func() time.Time
}

// Poller adds and polls feeds. Safe for concurrent use.
type Poller struct {
	store   *store.Store
	fetcher *feed.Fetcher
	opts    Options
	log     *slog.Logger
}

// New returns a Poller over st fetching with f.
func New(st *store.Store, f *feed.Fetcher, opts Options) *Poller {
	if opts.Workers <= 0 {
		opts.Workers = 16
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Poller{store: st, fetcher: f, opts: opts, log: log}
}

// Status is a poll's outcome for a person reading `feeds poll`.
type Status string

const (
	StatusNew       Status = "new"       // fetched; NewItems may still be empty
	StatusUnchanged Status = "unchanged" // 304 Not Modified
	StatusFailed    Status = "failed"
)

// Outcome is one feed's poll.
type Outcome struct {
	Feed     store.Feed // as stored after the poll
	Status   Status
	NewItems []store.Item
	Err      error
}

// ErrAlreadyFollowed is returned by Add when the feed is already stored (for
// the guild, when one is given); the existing feed is returned with it.
var ErrAlreadyFollowed = errors.New("poller: feed already followed")

// Add follows rawURL: a feed URL, or a site whose feed is found from its
// <link rel="alternate"> or the usual paths. The first fetch is the baseline:
// items already in the feed are marked seen (the newest Backfill count as
// new), so adding a feed never floods a digest with old stories. guildID ""
// adds from the CLI. It returns the stored feed and the new (backfilled) items.
func (p *Poller) Add(ctx context.Context, rawURL, guildID string) (store.Feed, []store.Item, error) {
	u, err := safehttp.ValidateURL(rawURL)
	if err != nil {
		return store.Feed{}, nil, err
	}
	feedURL := u.String()
	if existing, err := p.existing(feedURL, guildID); !errors.Is(err, store.ErrNotFound) {
		return existing, nil, err
	}
	res, err := p.fetcher.Fetch(ctx, feed.Request{URL: feedURL})
	var page *feed.NotAFeedError
	if errors.As(err, &page) {
		// A web page: take the feed it announces, else look for one.
		candidates := page.FeedLinks
		if len(candidates) == 0 {
			var derr error
			if candidates, derr = p.fetcher.Discover(ctx, feedURL); derr != nil {
				return store.Feed{}, nil, err // the page's own error says what it is
			}
		}
		feedURL = candidates[0]
		if existing, err := p.existing(feedURL, guildID); !errors.Is(err, store.ErrNotFound) {
			return existing, nil, err
		}
		res, err = p.fetcher.Fetch(ctx, feed.Request{URL: feedURL})
	}
	if err != nil {
		return store.Feed{}, nil, err
	}
	if res.PermanentURL != "" {
		feedURL = res.PermanentURL
	}
	f, err := p.store.AddFeed(store.Feed{
		URL: feedURL, GuildID: guildID, Title: res.Feed.Title, SiteURL: res.Feed.SiteURL,
		AddedAt: p.opts.Now(),
	})
	if errors.Is(err, store.ErrExists) {
		return f, nil, p.follow(f, guildID)
	}
	if err != nil {
		return store.Feed{}, nil, err
	}
	newItems, err := p.record(f, res, nil)
	if err != nil {
		return f, nil, err
	}
	f, err = p.store.Feed(f.ID)
	return f, newItems, err
}

// existing returns the stored feed for url (store.ErrNotFound when there is
// none), making guildID follow it if it does not yet.
func (p *Poller) existing(url, guildID string) (store.Feed, error) {
	f, err := p.store.FeedByURL(url)
	if err != nil {
		return f, err
	}
	if f.Gone {
		// Adding a feed that once answered 410 asks us to look again:
		// publishers do bring feeds back. It is due at once.
		f.Gone, f.ConsecutiveFailures, f.LastError, f.NextPollAt = false, 0, "", p.opts.Now()
		if err := p.store.UpdateFeed(f); err != nil {
			return f, err
		}
		if err := p.follow(f, guildID); err != nil && !errors.Is(err, ErrAlreadyFollowed) {
			return f, err
		}
		return f, nil
	}
	return f, p.follow(f, guildID)
}

func (p *Poller) follow(f store.Feed, guildID string) error {
	if guildID == "" {
		return ErrAlreadyFollowed
	}
	err := p.store.AddFeedToGuild(guildID, f.ID)
	if errors.Is(err, store.ErrExists) {
		return ErrAlreadyFollowed
	}
	return err
}

// PollDue polls the feeds that are due (every feed with all), Workers at a
// time, calling report with each outcome as it completes. Calls to report
// are serialized, so it may count and print without locking. Outcomes of
// feeds cut short by ctx are not reported: nothing was recorded for them.
// It returns when all are done or ctx ends.
func (p *Poller) PollDue(ctx context.Context, all bool, report func(Outcome)) error {
	var feeds []store.Feed
	var err error
	if all {
		feeds, err = p.store.Feeds()
	} else {
		feeds, err = p.store.DueFeeds(p.opts.Now())
	}
	if err != nil {
		return err
	}
	var reportMu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(p.opts.Workers)
	for _, f := range feeds {
		if gctx.Err() != nil {
			break
		}
		if all && f.Gone {
			continue
		}
		g.Go(func() error {
			o := p.Poll(gctx, f)
			if report != nil && !errors.Is(o.Err, context.Canceled) {
				reportMu.Lock()
				defer reportMu.Unlock()
				report(o)
			}
			return nil
		})
	}
	g.Wait()
	return ctx.Err()
}

// Poll fetches one feed with its stored validators and records the outcome.
func (p *Poller) Poll(ctx context.Context, f store.Feed) Outcome {
	res, err := p.fetcher.Fetch(ctx, feed.Request{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified})
	if ctx.Err() != nil {
		// Shutting down is not the feed's failure: record nothing, it stays due.
		return Outcome{Feed: f, Status: StatusFailed, Err: ctx.Err()}
	}
	newItems, rerr := p.record(f, res, err)
	if stored, gerr := p.store.Feed(f.ID); gerr == nil {
		f = stored
	}
	o := Outcome{Feed: f, NewItems: newItems, Err: errors.Join(err, rerr)}
	switch {
	case o.Err != nil:
		o.Status = StatusFailed
	case res.NotModified:
		o.Status = StatusUnchanged
	default:
		o.Status = StatusNew
	}
	p.count(o)
	if o.Err != nil {
		p.log.Warn("feed poll failed", "feed_id", f.ID, "feed_url", f.URL, "kind", string(feed.Classify(err)), "err", o.Err)
	}
	return o
}

// record commits a fetch's outcome (fetchErr != nil for a failure) and, on
// success, its items; it returns the items never seen before.
func (p *Poller) record(f store.Feed, res feed.Result, fetchErr error) ([]store.Item, error) {
	now := p.opts.Now()
	failures := 0
	upd := store.FeedUpdate{Status: res.Status, ETag: res.ETag, LastModified: res.LastModified, Backfill: p.opts.Backfill}
	if fetchErr != nil {
		failures = f.ConsecutiveFailures + 1
		upd.Error = fetchErr.Error()
		upd.Gone = res.Gone
		// Keep the validators we have: a failed fetch says nothing about them.
		upd.ETag, upd.LastModified = f.ETag, f.LastModified
	}
	upd.ConsecutiveFailures = failures
	upd.NextPollAt = feed.NextPoll(now, p.opts.Policy, res.PollHints(failures))
	var items []store.Item
	if res.Feed != nil && fetchErr == nil {
		upd.Title, upd.SiteURL = res.Feed.Title, res.Feed.SiteURL
		items = make([]store.Item, len(res.Feed.Items))
		for i, it := range res.Feed.Items {
			items[i] = store.Item{Key: it.Key, Title: it.Title, Link: it.Link, Published: it.Published, ContentHash: it.ContentHash}
		}
	}
	newItems, err := p.store.RecordPoll(f.ID, upd, items, now)
	if err != nil {
		return nil, fmt.Errorf("poller: record feed %d: %w", f.ID, err)
	}
	if res.PermanentURL != "" && res.PermanentURL != f.URL && fetchErr == nil {
		if err := p.moveFeed(f.ID, res.PermanentURL); err != nil {
			p.log.Warn("feed moved but its URL was not updated", "feed_id", f.ID, "feed_url", f.URL, "new_url", res.PermanentURL, "err", err)
		}
	}
	return newItems, nil
}

// moveFeed follows a permanent redirect so later polls skip the hop.
func (p *Poller) moveFeed(id uint64, url string) error {
	f, err := p.store.Feed(id)
	if err != nil {
		return err
	}
	f.URL = url
	return p.store.UpdateFeed(f)
}

func (p *Poller) count(o Outcome) {
	m := p.opts.Metrics
	if m == nil {
		return
	}
	m.FeedsPolled.Inc()
	if o.Status == StatusFailed {
		m.FetchErrors.Inc()
	}
	m.ItemsNew.Add(float64(len(o.NewItems)))
}

// Run polls due feeds until ctx ends, a pass every tick. Once a day it prunes
// items older than Retention that have left their feed.
func (p *Poller) Run(ctx context.Context, onNew func([]store.Item)) error {
	var lastPrune time.Time
	for {
		err := p.PollDue(ctx, false, func(o Outcome) {
			if len(o.NewItems) > 0 && onNew != nil {
				onNew(o.NewItems)
			}
		})
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			p.log.Error("poll pass failed", "err", err)
		}
		if p.opts.Retention > 0 && p.opts.Now().Sub(lastPrune) > 24*time.Hour {
			lastPrune = p.opts.Now()
			if n, err := p.store.Prune(lastPrune.Add(-p.opts.Retention)); err != nil {
				p.log.Error("prune failed", "err", err)
			} else if n > 0 {
				p.log.Info("pruned old items", "items", n)
			}
		}
		t := time.NewTimer(p.tick())
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// tick is the time between passes: a pass reads only the due index, so a
// short tick is cheap and keeps feeds from polling more than a minute late.
func (p *Poller) tick() time.Duration {
	if i := p.opts.Policy.Interval; i > 0 && i < time.Minute {
		return i
	}
	return time.Minute
}
