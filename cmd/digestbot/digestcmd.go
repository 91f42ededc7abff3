package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/internal/cluster"
	"github.com/digestbot/digestbot/internal/pipeline"
	"github.com/digestbot/digestbot/internal/story"
	"github.com/digestbot/digestbot/internal/topic"
)

func init() {
	commands["digest"] = command{
		usage: "digest [--topic QUERY] [--since 24h]",
		about: "print a markdown digest of the stories polled recently",
		run:   runDigest,
	}
}

// maxDigestStories bounds one CLI digest; the newest are kept.
const maxDigestStories = pipeline.DefaultMaxStories

func runDigest(ctx context.Context, env *cli, args []string) error {
	fs := env.flags("digest")
	query := fs.String("topic", "", `only stories matching this topic, e.g. "climate change" -sports`)
	since := fs.Duration("since", 24*time.Hour, "stories first seen within this long")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *since <= 0 {
		return usageError{"digest takes only --topic and a positive --since"}
	}
	var tq *topic.Query
	if strings.TrimSpace(*query) != "" {
		parsed, err := topic.Parse(*query)
		if err != nil {
			return fmt.Errorf("digest: that topic cannot be read: %w", err)
		}
		tq = &parsed
	}
	a, err := env.open()
	if err != nil {
		return err
	}
	defer a.store.Close()
	now := env.clock()
	stories, err := newPipeline(env, a, nil).Stories(ctx, pipeline.Query{
		Topic: tq, Since: now.Add(-*since), Limit: maxDigestStories, NewestFirst: true,
	})
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	slices.Reverse(stories) // a digest reads oldest first
	heading := fmt.Sprintf("Digest: %s from the last %s", plural(len(stories), "story", "stories"), config.FormatDuration(*since))
	if q := strings.TrimSpace(*query); q != "" {
		heading += fmt.Sprintf(" about %s", q)
	}
	return story.WriteMarkdown(env.stdout, heading, story.Cards(stories), now)
}

// newPipeline wires the digest pipeline over a's store, poller and fetcher;
// the bot and the CLI's digest use the same one. m may be nil.
func newPipeline(env *cli, a *parts, m pipeline.Metrics) *pipeline.Pipeline {
	c := a.cfg
	builder := story.NewBuilder(articleFetcher(c, a.fetch).Fetch, a.store, digest.Options{Sentences: c.SummarySentences}, nil).WithClock(env.now).WithLogger(env.logger(c)).WithProblems(pipeline.ArticleProblem)
	return pipeline.New(a.store, a.poller, builder, pipeline.Options{
		Tick:          c.DigestTick.D(),
		Workers:       c.Concurrency,
		Retention:     c.Retention.D(),
		ArticleMaxAge: c.ArticleMaxAge.D(),
		Metrics:       m,
		Logger:        env.logger(c),
		Now:           env.now,
	}).WithStoryteller(pipeline.Clustered(pipeline.PerItem(builder, c.Concurrency, c.ArticleMaxAge.D()), cluster.Options{}))
}

// clock is the time now on the CLI's clock.
func (env *cli) clock() time.Time {
	if env.now != nil {
		return env.now()
	}
	return time.Now()
}
