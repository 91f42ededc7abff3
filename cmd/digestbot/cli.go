package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/internal/redact"
)

// flags returns a flag set for a command that also accepts the global
// --config and --db after the verb, where people tend to put them.
func (env *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("digestbot "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	// runCLI prints the help for --help (to stdout) and a short hint for a
	// bad flag, from the command's own text and flags.
	fs.Usage = func() {}
	env.helpName, env.helpFlags = name, fs
	fs.StringVar(&env.configPath, "config", env.configPath, "TOML configuration file")
	fs.StringVar(&env.dbPath, "db", env.dbPath, "database file (overrides DIGESTBOT_DB)")
	return fs
}

// parse parses args into fs, allowing flags after positional arguments
// ("feeds remove 3 --db x.db"), and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, flagError{err} // fs has printed it with the flags' usage
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// flagError is a bad flag the flag package has already reported.
type flagError struct{ error }

// config loads and validates the configuration with the flags applied.
func (env *cli) config() (config.Config, error) {
	c, err := config.Load(env.configPath, env.getenv)
	if err != nil {
		return c, err
	}
	if env.dbPath != "" {
		c.DB = env.dbPath
	}
	env.discordAPI = c.DiscordAPIURL
	return c, c.Validate()
}

// show cleans text on its way to the terminal or a log: no URL userinfo, and
// with DIGESTBOT_DISCORD_API_URL set, the host requests really went to rather
// than discord.com (discordgo builds its URLs for discord.com and our
// transport rewrites them, so its errors name the wrong host).
func (env *cli) show(s string) string { return env.nameDiscordAPI(redact.Text(s)) }

func (env *cli) nameDiscordAPI(s string) string {
	api := strings.TrimSuffix(env.discordAPI, "/")
	if api != "" && api != discordAPIDefault {
		s = strings.ReplaceAll(s, discordAPIDefault, api)
	}
	return s
}

const discordAPIDefault = "https://discord.com"

// logger writes to stderr at the configured level and format.
func (env *cli) logger(c config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(env.stderr, opts)
	if c.LogFormat == "json" {
		h = slog.NewJSONHandler(env.stderr, opts)
	}
	env.discordAPI = c.DiscordAPIURL
	return slog.New(redact.NewHandler(h, env.nameDiscordAPI))
}

func init() {
	commands["config"] = command{
		usage: "config",
		about: "print the effective settings",
		run:   runConfig,
	}
}

func runConfig(_ context.Context, env *cli, args []string) error {
	fs := env.flags("config")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	c, err := env.config()
	if err != nil {
		return err
	}
	printSettings(env.stdout, c)
	return nil
}

func printSettings(w io.Writer, c config.Config) {
	values := map[string]string{
		"db": c.DB, "poll_interval": c.PollInterval.String(),
		"allow_private_networks": fmt.Sprint(c.AllowPrivateNetworks),
		"allowed_addresses":      strings.Join(c.AllowedAddresses, ","), "digest_tick": c.DigestTick.String(),
		"retention": c.Retention.String(), "article_max_age": c.ArticleMaxAge.String(), "backfill": fmt.Sprint(c.Backfill),
		"fetch_timeout": c.FetchTimeout.String(), "max_feed_bytes": fmt.Sprint(c.MaxFeedBytes),
		"max_article_bytes": fmt.Sprint(c.MaxArticleBytes), "concurrency": fmt.Sprint(c.Concurrency),
		"per_host_concurrency": fmt.Sprint(c.PerHostConcurrency), "summary_sentences": fmt.Sprint(c.SummarySentences),
		"log_level": c.LogLevel, "log_format": c.LogFormat, "-": c.DiscordToken.String(),
		"discord_token_file": c.DiscordTokenFile, "discord_api_url": c.DiscordAPIURL,
		"dev_guild": c.DevGuild, "min_digest_interval": c.MinDigestInterval.String(), "metrics_addr": c.MetricsAddr,
		"shard_id": fmt.Sprint(c.ShardID), "shard_count": fmt.Sprint(c.ShardCount),
	}
	for _, s := range config.Settings {
		v := values[s.Key]
		if v == "" {
			v = "(unset)"
		}
		fmt.Fprintf(w, "%-34s %s\n", s.Env, strings.TrimSpace(v))
	}
}
