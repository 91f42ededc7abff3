package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/digest/entity"
	"github.com/digestbot/digestbot/internal/metrics"
	"github.com/digestbot/digestbot/internal/pipeline"
	"github.com/digestbot/digestbot/internal/shard"
	"github.com/digestbot/digestbot/internal/store"
)

func init() {
	commands["run"] = command{
		usage: "run [--shard ID/COUNT | --shard auto]",
		about: "connect to Discord: answer slash commands, poll feeds, post digests",
		run:   runBot,
	}
}

// runHooks let an in-process test drive a running bot instead of sleeping
// through its timers.
type runHooks struct {
	// closeWait replaces the bot's wait for the gateway to close.
	closeWait time.Duration
	// rateWindow scales Discord's second for the global rate limit.
	rateWindow time.Duration
	// started receives, once everything runs, functions that poll every
	// feed now and run one digest tick now; both return when done.
	started func(poll func() error, digest func())
}

func runBot(ctx context.Context, env *cli, args []string) error {
	c, auto, err := runSettings(env, args)
	if err != nil {
		return err
	}
	if auto {
		return printShardPlan(ctx, env, c)
	}
	log := env.logger(c)
	// Load the entity model now, so a broken build fails at start-up.
	if err := entity.Load(); err != nil {
		return err
	}

	reg := metrics.NewRegistry()
	m := metrics.NewMetrics(reg)
	a, err := env.openWith(c, m)
	if err != nil {
		return err
	}
	defer a.store.Close()
	reg.AddHealthCheck("store", func(context.Context) error {
		_, err := a.store.Stats()
		return err
	})

	pl := newPipeline(env, a, m)
	b, err := newBot(env, c, pl, m, log)
	if err != nil {
		return err
	}

	// Listen before anything starts: a busy address must not leave the
	// poller and the bot running on a store that is about to be closed.
	var ln net.Listener
	if c.MetricsAddr != "" {
		if ln, err = net.Listen("tcp", c.MetricsAddr); err != nil {
			return fmt.Errorf("metrics: listen on %s: %w", c.MetricsAddr, err)
		}
	}

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return a.poller.Run(gctx, nil) })
	g.Go(func() error { return b.Run(gctx) })
	g.Go(func() error {
		select { // digests go out once Discord has accepted the bot
		case <-b.Ready():
			return pl.Run(gctx, b)
		case <-gctx.Done():
			return nil
		}
	})
	if ln != nil {
		log.Info("serving metrics", "addr", ln.Addr().String())
		serveOps(gctx, g, ln, opsHandler(reg, a.store, ln.Addr()))
	}
	if env.hooks != nil && env.hooks.started != nil {
		env.hooks.started(func() error { return a.poller.PollDue(gctx, true, nil) }, func() { pl.Tick(gctx, b) })
	}
	log.Info("digestbot running", "db", c.DB, "poll_interval", c.PollInterval.String(), "shard", fmt.Sprintf("%d/%d", c.ShardID, c.ShardCount))
	err = g.Wait()
	log.Info("digestbot stopped")
	return err
}

// runSettings reads run's flags and the configuration; auto is true for
// --shard auto, which prints Discord's plan instead of running.
func runSettings(env *cli, args []string) (c config.Config, auto bool, err error) {
	fs := env.flags("run")
	shardFlag := fs.String("shard", "", "this process's gateway shard as ID/COUNT (overrides DIGESTBOT_SHARD_ID/COUNT), or auto to print Discord's plan and exit")
	if pos, err := parse(fs, args); err != nil {
		return c, false, err
	} else if len(pos) > 0 {
		return c, false, usageError{"run takes no arguments"}
	}
	if c, err = env.config(); err != nil {
		return c, false, err
	}
	if c.DiscordToken == "" {
		return c, false, errors.New("no Discord token: set DISCORD_TOKEN or DIGESTBOT_DISCORD_TOKEN_FILE (see README: Discord set-up)")
	}
	switch *shardFlag {
	case "":
	case "auto":
		return c, true, nil
	default:
		sh, err := shard.Parse(*shardFlag)
		if err != nil {
			return c, false, usageError{fmt.Sprintf("--shard: %v", err)}
		}
		c.ShardID, c.ShardCount = sh.ID, sh.Count
	}
	return c, false, nil
}

// newBot makes the Discord side for c, serving pl's commands.
func newBot(env *cli, c config.Config, pl *pipeline.Pipeline, m *metrics.Metrics, log *slog.Logger) (*bot.Bot, error) {
	return bot.New(bot.Config{
		Token:             c.DiscordToken.Reveal(),
		APIBaseURL:        c.DiscordAPIURL,
		DevGuildID:        c.DevGuild,
		MinDigestInterval: c.MinDigestInterval.D(),
		Metrics:           m,
		Now:               env.now,
		CloseWait:         env.hooks.wait(),
		GlobalRateWindow:  env.hooks.window(),
		Shard:             shard.Shard{ID: c.ShardID, Count: c.ShardCount},
	}, pl, log)
}

// printShardPlan prints what GET /gateway/bot recommends, and the settings
// that start that many shards; it starts nothing.
func printShardPlan(ctx context.Context, env *cli, c config.Config) error {
	p, err := bot.GatewayPlan(ctx, bot.Config{Token: c.DiscordToken.Reveal(), APIBaseURL: c.DiscordAPIURL})
	if err != nil {
		return err
	}
	w := env.stdout
	fmt.Fprintf(w, "Discord recommends %s.\n", plural(p.Shards, "shard", "shards"))
	fmt.Fprintf(w, "session starts: %d of %d left, refilled in %s\n", p.Remaining, p.Total, config.FormatDuration(p.ResetAfter.Round(time.Second)))
	fmt.Fprintf(w, "max_concurrency: %d (shards identify %d at a time, one round every 5s: all %d are up in about %s)\n",
		p.MaxConcurrency, p.MaxConcurrency, p.Shards, config.FormatDuration(time.Duration((p.Shards-1)/p.MaxConcurrency)*5*time.Second))
	if p.Remaining < p.Shards {
		fmt.Fprintf(w, "warning: only %d session starts left for %d shards; wait for the refill before starting them all\n", p.Remaining, p.Shards)
	}
	fmt.Fprintf(w, "Start one process per shard, each with its own database (after `digestbot reshard --to %d` if the count changes):\n", p.Shards)
	for i := range p.Shards {
		fmt.Fprintf(w, "  DIGESTBOT_DB=digestbot-shard-%d-of-%d.db digestbot run --shard %d/%d\n", i, p.Shards, i, p.Shards)
	}
	return nil
}

// serveOps serves h on ln in g until ctx ends, then shuts the server down.
func serveOps(ctx context.Context, g *errgroup.Group, ln net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	g.Go(func() error {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(func() error {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shutdownCtx)
	})
}

func (h *runHooks) wait() time.Duration {
	if h == nil {
		return 0
	}
	return h.closeWait
}

func (h *runHooks) window() time.Duration {
	if h == nil {
		return 0
	}
	return h.rateWindow
}

// opsHandler serves /metrics and /healthz, and on a loopback address also
// /backup: a consistent snapshot of the database (one read transaction), for
// `digestbot backup` while the bot holds the file. It exposes every stored
// URL and subscription, so it is never served on a reachable address.
func opsHandler(reg *metrics.Registry, st *store.Store, addr net.Addr) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", reg.Handler())
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		mux.HandleFunc("GET /backup", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Disposition", `attachment; filename="digestbot.db"`)
			if _, err := st.Backup(w); err != nil {
				// Headers are gone; a cut stream fails the client's open check.
				panic(http.ErrAbortHandler)
			}
		})
	}
	return mux
}
