package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/fetch"
	"github.com/digestbot/digestbot/internal/metrics"
	"github.com/digestbot/digestbot/internal/poller"
	"github.com/digestbot/digestbot/internal/redact"
	"github.com/digestbot/digestbot/internal/store"
)

func init() {
	commands["feeds"] = command{
		usage: "feeds add|list|remove|poll|import|export",
		about: "manage followed feeds (see README)",
		run:   runFeeds,
	}
	commands["backup"] = command{
		usage: "backup FILE",
		about: "write a consistent copy of the database while it is in use",
		run:   runBackup,
	}
}

const feedsUsage = `feeds add URL              follow a feed, or a site whose feed is found for you
feeds list                 followed feeds with their last fetch, status, next poll and error
feeds remove ID|URL        stop following a feed
feeds poll --once [--all]  poll the due feeds (every feed with --all) once
feeds import FILE.opml     follow every feed in an OPML file
feeds export               print the followed feeds as OPML`

// parts is what the store-backed commands share: the configuration, the
// store, the one fetcher (guarded client, per-host limits) and a poller over them.
type parts struct {
	cfg    config.Config
	store  *store.Store
	fetch  *fetch.Client
	poller *poller.Poller
}

func (env *cli) open() (*parts, error) {
	c, err := env.config()
	if err != nil {
		return nil, err
	}
	return env.openWith(c, nil)
}

// openWith opens the store and builds the poller; m may be nil.
func (env *cli) openWith(c config.Config, m *metrics.Metrics) (*parts, error) {
	st, err := openStore(c)
	if err != nil {
		return nil, err
	}
	fc := newFetch(c)
	fetcher := feed.NewFetcher(nil, feed.FetcherOptions{MaxBodyBytes: c.MaxFeedBytes, Fetch: fc})
	p := poller.New(st, fetcher, poller.Options{
		Policy:   feed.PollPolicy{Interval: c.PollInterval.D()},
		Backfill: c.Backfill,
		Workers:  c.Concurrency,
		PerHost:  c.PerHostConcurrency,
		Logger:   env.logger(c),
		Metrics:  m,
		Now:      env.now,
	})
	return &parts{cfg: c, store: st, fetch: fc, poller: p}, nil
}

func openStore(c config.Config) (*store.Store, error) {
	if err := os.MkdirAll(filepath.Dir(c.DB), 0o700); err != nil {
		return nil, fmt.Errorf("create the database folder: %w", err)
	}
	return store.Open(c.DB, store.Options{})
}

func runFeeds(ctx context.Context, env *cli, args []string) error {
	if len(args) == 0 {
		return usageError{"feeds needs a subcommand:\n" + feedsUsage}
	}
	sub, args := args[0], args[1:]
	want := map[string]int{"add": 1, "list": 0, "remove": 1, "poll": 0, "import": 1, "export": 0}
	n, ok := want[sub]
	switch {
	case sub == "-h" || sub == "-help" || sub == "--help" || sub == "help":
		env.helpName, env.helpFlags = "feeds", nil
		return flag.ErrHelp
	case !ok:
		return usageError{fmt.Sprintf("unknown feeds subcommand %q:\n%s", sub, feedsUsage)}
	}
	// Each subcommand has only its own flags, so its help lists only those.
	fs := env.flags("feeds " + sub)
	var once, all *bool
	backfill := -1
	switch sub {
	case "poll":
		once = fs.Bool("once", false, "one pass, then exit (required)")
		all = fs.Bool("all", false, "every feed, not only the due ones")
	case "add":
		fs.IntVar(&backfill, "backfill", -1, "count the feed's newest `N` items as new (default DIGESTBOT_BACKFILL, 0)")
	}
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != n {
		return usageError{fmt.Sprintf("feeds %s takes %s", sub, plural(n, "argument", "arguments"))}
	}
	if sub == "poll" && !*once {
		return usageError{"feeds poll runs one pass and needs --once (digestbot run polls continuously)"}
	}
	c, err := env.config()
	if err != nil {
		return err
	}
	if backfill > 100 {
		return usageError{"--backfill must be between 0 and 100"}
	}
	if backfill >= 0 {
		c.Backfill = backfill
	}
	a, err := env.openWith(c, nil)
	if err != nil {
		return err
	}
	defer a.store.Close()
	switch sub {
	case "add":
		return a.add(ctx, env.stdout, pos[0])
	case "list":
		return a.list(env.stdout)
	case "remove":
		return a.remove(env.stdout, pos[0])
	case "poll":
		return a.poll(ctx, env.stdout, *all)
	case "import":
		return a.importOPML(ctx, env.stdout, env.stderr, pos[0])
	default:
		return a.export(env.stdout)
	}
}

func (a *parts) add(ctx context.Context, w io.Writer, rawURL string) error {
	f, newItems, err := a.poller.Add(ctx, rawURL, "")
	if errors.Is(err, poller.ErrAlreadyFollowed) {
		fmt.Fprintf(w, "already following %s (feed %d)\n", redact.URL(f.URL), f.ID)
		return nil
	}
	if err != nil {
		return err
	}
	items, _ := a.store.ItemsByFeed(f.ID, 0)
	fmt.Fprintf(w, "following %q (feed %d): %s\n%s marked as seen, %d new\n",
		displayTitle(f), f.ID, redact.URL(f.URL), plural(len(items)-len(newItems), "item", "items"), len(newItems))
	return nil
}

func displayTitle(f store.Feed) string {
	if f.Title != "" {
		return f.Title
	}
	return redact.URL(f.URL)
}

func (a *parts) list(w io.Writer) error {
	feeds, err := a.store.Feeds()
	if err != nil {
		return err
	}
	if len(feeds) == 0 {
		fmt.Fprintln(w, "no feeds yet: add one with `digestbot feeds add URL`")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tURL\tLAST FETCH\tSTATUS\tNEXT POLL\tLAST ERROR")
	for _, f := range feeds {
		next := when(f.NextPollAt)
		if f.Gone {
			next = "never (gone)"
		}
		status := "-"
		if f.LastStatus != 0 {
			status = strconv.Itoa(f.LastStatus)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", f.ID, clip(f.Title, 40), redact.URL(f.URL),
			when(f.LastFetchAt), status, next, clip(redact.Text(f.LastError), 60))
	}
	return tw.Flush()
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func clip(s string, n int) string {
	if s == "" {
		return "-"
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// feedByRef finds a feed by its ID or its URL.
func (a *parts) feedByRef(ref string) (store.Feed, error) {
	if id, err := strconv.ParseUint(ref, 10, 64); err == nil {
		f, err := a.store.Feed(id)
		if errors.Is(err, store.ErrNotFound) {
			return f, fmt.Errorf("no feed with ID %d (see `digestbot feeds list`)", id)
		}
		return f, err
	}
	f, err := a.store.FeedByURL(strings.TrimSpace(ref))
	if errors.Is(err, store.ErrNotFound) {
		return f, fmt.Errorf("no feed with URL %s (see `digestbot feeds list`)", redact.URL(ref))
	}
	return f, err
}

func (a *parts) remove(w io.Writer, ref string) error {
	f, err := a.feedByRef(ref)
	if err != nil {
		return err
	}
	if err := a.store.RemoveFeed(f.ID); err != nil {
		return err
	}
	fmt.Fprintf(w, "removed %q (feed %d)\n", displayTitle(f), f.ID)
	return nil
}

// poll runs one pass and prints a line per feed as it completes; it fails
// (exit 1) when any feed failed, after polling them all.
func (a *parts) poll(ctx context.Context, w io.Writer, all bool) error {
	var polled, failed, newItems int
	err := a.poller.PollDue(ctx, all, func(o poller.Outcome) {
		polled++
		newItems += len(o.NewItems)
		switch o.Status {
		case poller.StatusFailed:
			failed++
			fmt.Fprintf(w, "failed     %s: %s\n", redact.URL(o.Feed.URL), redact.Text(o.Err.Error()))
		case poller.StatusUnchanged:
			fmt.Fprintf(w, "unchanged  %s\n", redact.URL(o.Feed.URL))
		default:
			fmt.Fprintf(w, "new %-6d %s\n", len(o.NewItems), redact.URL(o.Feed.URL))
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "polled %s: %s, %d failed\n", plural(polled, "feed", "feeds"), plural(newItems, "new item", "new items"), failed)
	if failed > 0 {
		return fmt.Errorf("%d of %s failed", failed, plural(polled, "feed", "feeds"))
	}
	return nil
}

func (a *parts) export(w io.Writer) error {
	feeds, err := a.store.Feeds()
	if err != nil {
		return err
	}
	outlines := make([]feed.Outline, len(feeds))
	for i, f := range feeds {
		outlines[i] = feed.Outline{Title: f.Title, Text: f.Title, XMLURL: f.URL, HTMLURL: f.SiteURL, Type: "rss"}
	}
	return feed.WriteOPML(w, "digestbot feeds", outlines)
}

func runBackup(ctx context.Context, env *cli, args []string) error {
	fs := env.flags("backup")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"backup takes the file to write"}
	}
	c, err := env.config()
	if err != nil {
		return err
	}
	if _, err := os.Stat(c.DB); err != nil {
		return fmt.Errorf("no database to back up at %s", c.DB)
	}
	var n int64
	st, err := store.Open(c.DB, store.Options{LockTimeout: 500 * time.Millisecond})
	switch {
	case err == nil:
		defer st.Close()
		n, err = st.BackupFile(pos[0])
	case errors.Is(err, store.ErrLocked) && c.MetricsAddr != "":
		// The bot holds the file; it serves a consistent snapshot instead.
		n, err = backupFromBot(ctx, c.MetricsAddr, pos[0])
	case errors.Is(err, store.ErrLocked):
		return fmt.Errorf("%w; a running bot serves backups on DIGESTBOT_METRICS_ADDR: set it (to a loopback address) for both", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "wrote %s (%d bytes)\n", pos[0], n)
	return nil
}

// backupFromBot streams GET /backup from a running bot into path and checks
// that the result opens as a digestbot database.
func backupFromBot(ctx context.Context, addr, path string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/backup", nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("ask the running bot for a backup: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("ask the running bot for a backup: %s", resp.Status)
	}
	n, err := store.SaveBackup(path, func(w io.Writer) (int64, error) { return io.Copy(w, resp.Body) })
	if err != nil {
		return n, err
	}
	check, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return n, fmt.Errorf("the backup at %s does not open: %w", path, err)
	}
	return n, check.Close()
}
