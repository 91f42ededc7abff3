package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/digestbot/digestbot/internal/store"
)

func init() {
	commands["reshard"] = command{
		usage: "reshard --from A.db[,B.db…] --to N [--out DIR]",
		about: "split or merge databases offline for N shards (docs/SCALING.md)",
		run:   runReshard,
	}
	helps["reshard"] = `usage: digestbot reshard --from A.db[,B.db…] --to N [--out DIR]

Split or merge digestbot databases offline when the number of shards changes.
Every guild's feeds, subscriptions, sent deliveries and delivered markers go to
the database of its shard, (guild_id >> 22) % N; a feed followed on several
shards is copied to each with everything it has seen, so no story becomes new
or is delivered again. The sources are only read. Stop every digestbot first;
a database with deliveries still to send is refused. Takes no arguments.

It writes DIR/digestbot-shard-I-of-N.db for I = 0 … N-1 and refuses to
overwrite them. The article cache is not copied.
`
}

func runReshard(_ context.Context, env *cli, args []string) error {
	fs := env.flags("reshard")
	from := fs.String("from", "", "comma-separated databases to read")
	to := fs.Int("to", 0, "number of shards to write")
	out := fs.String("out", "", "folder for the new databases (default: the first source's)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *from == "" || *to < 1 || *to > 1024 {
		return usageError{"reshard needs --from A.db[,B.db…] and --to N (1 to 1024)"}
	}
	var sources []string
	for _, p := range strings.Split(*from, ",") {
		if p = strings.TrimSpace(p); p != "" {
			sources = append(sources, p)
		}
	}
	dir := *out
	if dir == "" {
		dir = filepath.Dir(sources[0])
	}
	targets := make([]string, *to)
	for i := range targets {
		targets[i] = filepath.Join(dir, fmt.Sprintf("digestbot-shard-%d-of-%d.db", i, *to))
		if _, err := os.Stat(targets[i]); err == nil {
			return fmt.Errorf("%s exists: move it away or choose another --out", targets[i])
		}
	}
	stats, err := reshardFiles(sources, targets)
	if err != nil {
		return err
	}
	for i, s := range stats {
		fmt.Fprintf(env.stdout, "shard %d: %s: %s, %s, %d deliveries, %d seen items\n", i, targets[i],
			plural(s.Feeds, "feed", "feeds"), plural(s.Subscriptions, "subscription", "subscriptions"), s.Deliveries, s.Seen)
	}
	return nil
}

// reshardFiles writes the targets through temporary files renamed into
// place only when every one is complete, so a failure leaves none behind.
func reshardFiles(sources, targets []string) (stats []store.ReshardStats, err error) {
	var open []*store.Store
	defer func() {
		for _, st := range open {
			err = errors.Join(err, st.Close())
		}
	}()
	var srcs, dsts []*store.Store
	for _, p := range sources {
		st, err := store.Open(p, store.Options{ReadOnly: true})
		if err != nil {
			return nil, err
		}
		open = append(open, st)
		srcs = append(srcs, st)
	}
	temps := make([]string, len(targets))
	defer func() {
		for _, t := range temps {
			if t != "" && err != nil {
				os.Remove(t)
			}
		}
	}()
	for i, p := range targets {
		temps[i] = p + ".tmp"
		os.Remove(temps[i]) // left by an earlier failed run
		st, err := store.Open(temps[i], store.Options{})
		if err != nil {
			return nil, err
		}
		open = append(open, st)
		dsts = append(dsts, st)
	}
	if stats, err = store.Reshard(srcs, dsts); err != nil {
		return nil, err
	}
	for _, st := range dsts {
		if err := st.Close(); err != nil {
			return nil, err
		}
	}
	open = open[:len(srcs)]
	for i, t := range temps {
		if err := os.Rename(t, targets[i]); err != nil {
			return nil, fmt.Errorf("reshard: %w", err)
		}
		temps[i] = ""
	}
	return stats, nil
}
