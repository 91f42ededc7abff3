package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/digestbot/digestbot/config"
)

// helps is what `digestbot CMD --help` prints above the command's own flags:
// what it does, its arguments and the environment it reads. The flags are
// listed from the command's flag set, so they cannot drift from the parser.
var helps = map[string]string{
	"run": `usage: digestbot run [--shard ID/COUNT | --shard auto]

Connect to Discord: answer slash commands, poll the followed feeds and post
digests, until Ctrl-C or SIGTERM. Takes no arguments. As gateway shard
ID/COUNT it serves only the guilds Discord routes to it, (guild_id >> 22) %
COUNT, from that shard's own database; --shard auto prints Discord's plan
(recommended shards, session starts left, max_concurrency) and exits. See
docs/SCALING.md.

environment:
  DISCORD_TOKEN                 the bot token (required), from the Discord Developer Portal
  DIGESTBOT_DISCORD_TOKEN_FILE  read the token from this file instead
  DIGESTBOT_DEV_GUILD           register the slash commands on this server only (instant)
  DIGESTBOT_METRICS_ADDR        serve /healthz and /metrics (and /backup on loopback) here
  DIGESTBOT_SHARD_ID, DIGESTBOT_SHARD_COUNT  the shard, as --shard ID/COUNT
`,
	"feeds": `usage: digestbot feeds SUBCOMMAND [ARGS]

Manage the followed feeds; the same feeds the bot polls.

subcommands:
  feeds add URL             follow a feed, or a site whose feed is found for you
  feeds list                followed feeds with their last fetch, status, next poll and error
  feeds remove ID|URL       stop following a feed
  feeds poll --once [--all] poll the due feeds (every feed with --all) once
  feeds import FILE.opml    follow every feed in an OPML file
  feeds export              print the followed feeds as OPML

Run digestbot feeds SUBCOMMAND --help for one subcommand's flags.
`,
	"feeds add": `usage: digestbot feeds add [--backfill N] URL

Follow a feed. URL is the feed's address, or a site's address whose feed is
found for you. The items already in the feed are marked as seen, so adding a
feed never floods a channel; --backfill N counts the newest N as new, so
digestbot digest shows them right away.

arguments:
  URL   http:// or https:// address of a feed or a site
`,
	"feeds list": `usage: digestbot feeds list

List the followed feeds with their ID, last fetch, HTTP status, next poll and
last error. Takes no arguments.
`,
	"feeds remove": `usage: digestbot feeds remove ID|URL

Stop following a feed.

arguments:
  ID|URL   the feed's ID or URL, as digestbot feeds list shows them
`,
	"feeds poll": `usage: digestbot feeds poll --once [--all]

Poll the feeds that are due once and print a line per feed (new, unchanged or
failed); exits 1 if any feed failed. digestbot run polls continuously.
Takes no arguments.
`,
	"feeds import": `usage: digestbot feeds import FILE.opml

Follow every feed listed in an OPML file (the export format of feed readers).

arguments:
  FILE.opml   the OPML file to read
`,
	"feeds export": `usage: digestbot feeds export

Print the followed feeds as OPML on stdout. Takes no arguments. The feed URLs
are printed in full, passwords included, so the file works in another reader.
`,
	"summarize": `usage: digestbot summarize [--json] [--sentences N] [--with-text] [--all] URL|FILE|-
       digestbot summarize --jsonl < requests.jsonl

Summarise one article: a few verbatim sentences, its quotes with their
speakers, and its actors.

arguments:
  URL    an http:// or https:// address of an article page
  FILE   a file holding HTML or plain text (the content decides, not the name)
  -      read the article from stdin

With --jsonl, read one request per line on stdin ({"id","text"},
{"id","html","url"} or {"id","url"}) and write one JSON result per line.
By default the quotes and actors are the story card's selection; --all
lists every quote and every actor found.
`,
	"digest": `usage: digestbot digest [--topic QUERY] [--since DURATION]

Print a markdown digest of the stories that arrived recently in the followed
feeds. Takes no arguments. A feed's items count once they arrive after it was
added (or with digestbot feeds add --backfill N).
`,
	"backup": `usage: digestbot backup FILE

Write a consistent copy of the database to FILE, also while the bot runs (give
both the same loopback DIGESTBOT_METRICS_ADDR). Restore by copying FILE over
the database while digestbot is stopped.

arguments:
  FILE   where to write the copy
`,
	"config": `usage: digestbot config

Print the effective settings, one environment variable per line, after the
defaults, the --config file and the environment are applied; the Discord
token is never printed. Takes no arguments.
`,
}

// globalFlags are accepted by every command, before or after its name.
var globalFlags = map[string]bool{"config": true, "db": true}

// printHelp writes name's help and the flags of fs that are its own.
func printHelp(w io.Writer, name string, fs *flag.FlagSet) {
	fmt.Fprint(w, helps[name])
	var own []*flag.Flag
	if fs != nil {
		fs.VisitAll(func(f *flag.Flag) {
			if !globalFlags[f.Name] {
				own = append(own, f)
			}
		})
	}
	sort.Slice(own, func(i, j int) bool { return own[i].Name < own[j].Name })
	if len(own) > 0 {
		fmt.Fprintln(w, "\nflags:")
	}
	for _, f := range own {
		kind, usage := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if kind != "" {
			left += " " + strings.ToUpper(kind)
		}
		if def := flagDefault(f); def != "" {
			usage += " (default " + def + ")"
		}
		fmt.Fprintf(w, "  %-20s %s\n", left, usage)
	}
	fmt.Fprintln(w, "\nglobal flags: --config FILE, --db FILE (see digestbot --help)")
}

// flagDefault is a flag's default as a person writes it, or "" for the zero value.
func flagDefault(f *flag.Flag) string {
	if g, ok := f.Value.(flag.Getter); ok {
		switch v := g.Get().(type) {
		case time.Duration:
			return config.FormatDuration(v)
		case bool:
			return ""
		}
	}
	// -1 marks a flag whose default comes from the configuration; its usage says so.
	if f.DefValue == "0" || f.DefValue == "" || f.DefValue == "-1" {
		return ""
	}
	return f.DefValue
}

// plural writes "1 feed" and "2 feeds".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
