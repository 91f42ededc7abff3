package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/digestbot/digestbot/digest"
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
const maxDigestStories = 200

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
	var q topic.Query
	if *query != "" {
		if q, err = topic.Parse(*query); err != nil {
			return fmt.Errorf("topic: %w", err)
		}
	}
	a, err := env.open()
	if err != nil {
		return err
	}
	defer a.store.Close()
	now := time.Now()
	items, err := a.store.ItemsSince(now.Add(-*since), 0)
	if err != nil {
		return err
	}
	if len(items) > maxDigestStories {
		items = items[len(items)-maxDigestStories:]
	}
	builder := story.NewBuilder(articleFetcher(a.cfg, a.client).Fetch, a.store,
		digest.Options{Sentences: a.cfg.SummarySentences}, nil)

	stories := make([]story.Story, len(items))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(a.cfg.Concurrency)
	for i, it := range items {
		g.Go(func() error {
			var err error
			stories[i], err = builder.ForItem(gctx, it)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	var matched []story.Story
	for _, s := range stories {
		if *query == "" || q.Match(s.Doc()) {
			matched = append(matched, s)
		}
	}
	heading := fmt.Sprintf("Digest: %s from the last %s", plural(len(matched), "story", "stories"), shortDuration(*since))
	if *query != "" {
		heading += fmt.Sprintf(" about %s", q.String())
	}
	return story.WriteMarkdown(env.stdout, heading, matched, now)
}

// shortDuration prints 24h rather than 24h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
