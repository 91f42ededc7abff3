// Package poller follows feeds: it adds them (finding a site's feed and
// recording what is already there as seen) and polls the due ones, storing
// each feed's outcome and its new items atomically.
//
// Flow per feed: conditional GET (a 304 stops here) -> parse -> one writer
// commits the fetch state and the unseen items of a group of feeds in one
// transaction, then reports them. A crash between commits loses nothing: an
// uncommitted feed is still due and its items are still unseen, so the next
// pass counts them as new exactly once. A pass reads the due feeds a page at
// a time and takes their hosts in turn, so every host is kept busy within
// its limit instead of all workers queueing behind one publisher.
package poller

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/metrics"
	"github.com/digestbot/digestbot/internal/safehttp"
	"github.com/digestbot/digestbot/internal/store"
)

// Options configure a Poller; zero values take defaults.
type Options struct {
	Policy   feed.PollPolicy
	Backfill int              // newest items of a newly added feed that count as new
	Workers  int              // feeds fetched at once
	PerHost  int              // feeds of one host fetched at once (default feed.DefaultPerHostConcurrency)
	Logger   *slog.Logger     // default: discard
	Metrics  *metrics.Metrics // optional
	Now      func() time.Time
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
	if opts.PerHost <= 0 {
		opts.PerHost = feed.DefaultPerHostConcurrency
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
	// The feed and its baseline are one transaction: a failed write (a full
	// disk) leaves no trace, and a feed is never followed without a baseline.
	f := store.Feed{URL: feedURL, GuildID: guildID, Title: res.Feed.Title, SiteURL: res.Feed.SiteURL, AddedAt: p.opts.Now()}
	upd, items := p.update(f, res, nil)
	f, newItems, err := p.store.AddPolledFeed(f, &upd, items, p.opts.Now())
	if errors.Is(err, store.ErrExists) {
		return f, nil, p.follow(f, guildID)
	}
	if err != nil {
		return store.Feed{}, nil, err
	}
	return f, newItems, nil
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

// pageSize is how many due feeds are read from the store at once.
const pageSize = 256

// PollDue polls the feeds that are due (every feed with all), Workers at a
// time and at most PerHost to one host, taking hosts in turn, and calls
// report with each outcome once it is committed. Feeds are read from the
// store a page at a time and outcomes are committed in groups by one
// writer, so memory does not grow with the number of feeds and fetches
// never wait for an fsync. Calls to report are serialized, so it may count
// and print without locking. Outcomes of feeds cut short by ctx are not
// reported: nothing was recorded for them. It returns when all are done or
// ctx ends.
func (p *Poller) PollDue(ctx context.Context, all bool, report func(Outcome)) error {
	w := p.newWriter(report)
	err := spread(ctx, p.limits(), p.source(all), func(f store.Feed) {
		if fe, ok := p.fetch(ctx, f); ok {
			w.in <- fe
		}
	})
	w.close()
	return err
}

func (p *Poller) limits() limits {
	return limits{workers: p.opts.Workers, perHost: p.opts.PerHost, window: defaultWindow}
}

// source yields the feeds to poll a page at a time: the due index (its
// cursor moves past what it returned, and polled feeds move past now), or
// every feed but the Gone ones by ID.
func (p *Poller) source(all bool) func() (store.Feed, string, bool, error) {
	now := p.opts.Now()
	var page []store.Feed
	var cur store.DueCursor
	var lastID uint64
	done := false
	return func() (store.Feed, string, bool, error) {
		for len(page) == 0 {
			if done {
				return store.Feed{}, "", false, nil
			}
			var err error
			if all {
				page, err = p.store.FeedsPage(lastID, pageSize)
			} else {
				page, cur, err = p.store.DueFeedsPage(now, cur, pageSize)
			}
			if err != nil {
				return store.Feed{}, "", false, err
			}
			done = len(page) == 0
			if len(page) > 0 {
				lastID = page[len(page)-1].ID
			}
			if all {
				page = slices.DeleteFunc(page, func(f store.Feed) bool { return f.Gone })
			}
		}
		f := page[0]
		page = page[1:]
		return f, hostOf(f.URL), true, nil
	}
}

// fetched is one feed's fetch, ready to be recorded: the store's part, and
// what the poller still needs once it is committed. The parsed document is
// dropped here, so a queue of these holds only the items' few fields.
type fetched struct {
	feed         store.Feed
	poll         store.Poll
	fetchErr     error
	notModified  bool
	permanentURL string
}

// fetch fetches one feed with its stored validators; ok is false when ctx
// ended first (shutting down is not the feed's failure: nothing is
// recorded and it stays due).
func (p *Poller) fetch(ctx context.Context, f store.Feed) (fetched, bool) {
	res, err := p.fetcher.Fetch(ctx, feed.Request{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified})
	if ctx.Err() != nil {
		return fetched{}, false
	}
	fe := fetched{feed: f, fetchErr: err, notModified: res.NotModified}
	if err == nil && res.PermanentURL != "" && res.PermanentURL != f.URL {
		fe.permanentURL = res.PermanentURL
	}
	fe.poll = store.Poll{FeedID: f.ID}
	fe.poll.Update, fe.poll.Items = p.update(f, res, err)
	return fe, true
}

// update is what a fetch's outcome (fetchErr != nil for a failure) changes
// in the store, and the items of a successful one.
func (p *Poller) update(f store.Feed, res feed.Result, fetchErr error) (store.FeedUpdate, []store.Item) {
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
	upd.NextPollAt = feed.NextPoll(p.opts.Now(), p.opts.Policy, res.PollHints(failures))
	var items []store.Item
	if res.Feed != nil && fetchErr == nil {
		upd.Title, upd.SiteURL = res.Feed.Title, res.Feed.SiteURL
		items = make([]store.Item, len(res.Feed.Items))
		for i, it := range res.Feed.Items {
			items[i] = store.Item{Key: it.Key, Title: it.Title, Link: it.Link, Published: it.Published, ContentHash: it.ContentHash}
		}
	}
	return upd, items
}

// Poll fetches one feed with its stored validators and records the outcome.
func (p *Poller) Poll(ctx context.Context, f store.Feed) Outcome {
	fe, ok := p.fetch(ctx, f)
	if !ok {
		return Outcome{Feed: f, Status: StatusFailed, Err: ctx.Err()}
	}
	var o Outcome
	p.commit([]fetched{fe}, func(out Outcome) { o = out })
	return o
}

// maxGroup bounds the feeds committed in one transaction, so one commit
// never holds the writer lock for long.
const maxGroup = 512

// groupLinger is how long the writer waits for company before a commit. A
// commit rewrites every page its feeds are on, so larger groups share pages
// and fsyncs; the wait delays a report by at most this, never a fetch.
const groupLinger = 20 * time.Millisecond

// writer is the one goroutine of a poll pass that commits outcomes: it
// takes everything fetched while its previous commit was being synced, so
// a group's size follows the load and the fetchers never wait for a disk.
// An outcome is reported only after its commit, so a crash at any point
// loses nothing: an uncommitted feed is still due and its items unseen.
type writer struct {
	in   chan fetched
	done chan struct{}
}

func (p *Poller) newWriter(report func(Outcome)) *writer {
	// Room for a whole group: fetchers keep going while a commit syncs, and
	// the next commit takes all they fetched meanwhile.
	w := &writer{in: make(chan fetched, maxGroup), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for first := range w.in {
			group := []fetched{first}
			linger := time.NewTimer(groupLinger)
		collect:
			for len(group) < maxGroup {
				select {
				case fe, ok := <-w.in:
					if !ok {
						break collect
					}
					group = append(group, fe)
				case <-linger.C:
					break collect
				}
			}
			linger.Stop()
			p.commit(group, report)
		}
	}()
	return w
}

// close commits what is queued and waits for the writer to end.
func (w *writer) close() {
	close(w.in)
	<-w.done
}

// commit records a group of fetches in one transaction and reports each.
func (p *Poller) commit(group []fetched, report func(Outcome)) {
	polls := make([]store.Poll, len(group))
	for i, fe := range group {
		polls[i] = fe.poll
	}
	results := p.store.RecordPolls(polls, p.opts.Now())
	for i, fe := range group {
		r := results[i]
		o := Outcome{Feed: fe.feed, NewItems: r.NewItems, Err: errors.Join(fe.fetchErr, r.Err)}
		if r.Err == nil {
			o.Feed = r.Feed
		}
		switch {
		case o.Err != nil:
			o.Status = StatusFailed
		case fe.notModified:
			o.Status = StatusUnchanged
		default:
			o.Status = StatusNew
		}
		if fe.permanentURL != "" && r.Err == nil {
			if err := p.moveFeed(fe.feed.ID, fe.permanentURL); err != nil {
				p.log.Warn("feed moved but its URL was not updated", "feed_id", fe.feed.ID, "feed_url", fe.feed.URL, "new_url", fe.permanentURL, "err", err)
			} else {
				o.Feed.URL = fe.permanentURL
			}
		}
		p.count(o)
		if o.Err != nil {
			p.log.Warn("feed poll failed", "feed_id", fe.feed.ID, "feed_url", fe.feed.URL, "kind", string(feed.Classify(fe.fetchErr)), "err", o.Err)
		}
		if report != nil {
			report(o)
		}
	}
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

// Run polls due feeds until ctx ends, a pass every tick. Pruning is not the
// poller's: the pipeline owns retention (items, articles, deliveries, seen
// keys) and prunes them together, in the order their links require.
func (p *Poller) Run(ctx context.Context, onNew func([]store.Item)) error {
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
