// Package config holds every digestbot setting in one place: defaults that
// work with no file at all, an optional TOML file, DIGESTBOT_* environment
// variables over the file, and command-line flags over both (applied by main).
package config

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is the whole configuration. The toml tags are the file's keys; the
// environment variable for each setting is listed in Settings.
type Config struct {
	DB                   string   `toml:"db"`
	PollInterval         Duration `toml:"poll_interval"`
	AllowPrivateNetworks bool     `toml:"allow_private_networks"`
	AllowedAddresses     []string `toml:"allowed_addresses"`
	Retention            Duration `toml:"retention"`
	ArticleMaxAge        Duration `toml:"article_max_age"`
	Backfill             int      `toml:"backfill"`
	FetchTimeout         Duration `toml:"fetch_timeout"`
	MaxFeedBytes         int64    `toml:"max_feed_bytes"`
	MaxArticleBytes      int64    `toml:"max_article_bytes"`
	Concurrency          int      `toml:"concurrency"`
	PerHostConcurrency   int      `toml:"per_host_concurrency"`
	SummarySentences     int      `toml:"summary_sentences"`
	LogLevel             string   `toml:"log_level"`
	LogFormat            string   `toml:"log_format"`

	DiscordToken      Secret   `toml:"-"`
	DiscordTokenFile  string   `toml:"discord_token_file"`
	DiscordAPIURL     string   `toml:"discord_api_url"`
	DevGuild          string   `toml:"dev_guild"`
	MinDigestInterval Duration `toml:"min_digest_interval"`
	DigestTick        Duration `toml:"digest_tick"`
	MetricsAddr       string   `toml:"metrics_addr"`
	ShardID           int      `toml:"shard_id"`
	ShardCount        int      `toml:"shard_count"`
}

// MaxShards bounds shard_count, as internal/shard does (config imports no
// other project package).
const MaxShards = 1024

// Setting documents one configuration key; Settings is the single list the
// README and `digestbot config` are generated from.
type Setting struct {
	Key, Env, Default, About string
}

// Settings lists every setting with its file key, environment variable and
// default. Keep it in step with Config, Default and applyEnv.
var Settings = []Setting{
	{"db", "DIGESTBOT_DB", "$XDG_DATA_HOME/digestbot/digestbot.db (else ~/.local/share/digestbot/digestbot.db, else ./digestbot.db)", "bbolt database file"},
	{"poll_interval", "DIGESTBOT_POLL_INTERVAL", "10m", "how often each feed is polled (feeds' TTL, Cache-Control and Retry-After can only lengthen it)"},
	{"allow_private_networks", "DIGESTBOT_ALLOW_PRIVATE_NETWORKS", "false", "allow fetching from loopback, private and link-local addresses (refused by default)"},
	{"allowed_addresses", "DIGESTBOT_ALLOWED_ADDRESSES", "(none)", "comma-separated IP:port destinations exempt from that refusal, e.g. one internal feed host"},
	{"retention", "DIGESTBOT_RETENTION", "2160h (90 days)", "prune stored items older than this once they have left their feed, and finished deliveries"},
	{"article_max_age", "DIGESTBOT_ARTICLE_MAX_AGE", "24h", "reuse a fetched article this long, then read it again; older cached articles are pruned"},
	{"backfill", "DIGESTBOT_BACKFILL", "0", "when a feed is added, treat its newest N items as new instead of marking all as seen"},
	{"fetch_timeout", "DIGESTBOT_FETCH_TIMEOUT", "30s", "total time allowed for one feed or article request"},
	{"max_feed_bytes", "DIGESTBOT_MAX_FEED_BYTES", "10485760 (10 MiB)", "largest feed body read"},
	{"max_article_bytes", "DIGESTBOT_MAX_ARTICLE_BYTES", "5242880 (5 MiB)", "largest article page read"},
	{"concurrency", "DIGESTBOT_CONCURRENCY", "32", "requests in flight at once, overall"},
	{"per_host_concurrency", "DIGESTBOT_PER_HOST_CONCURRENCY", "2", "requests in flight at once to one host"},
	{"summary_sentences", "DIGESTBOT_SUMMARY_SENTENCES", "3", "sentences in each story's summary"},
	{"log_level", "DIGESTBOT_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"log_format", "DIGESTBOT_LOG_FORMAT", "text", "text or json"},
	{"-", "DISCORD_TOKEN", "(none)", "the bot token; never written to logs"},
	{"discord_token_file", "DIGESTBOT_DISCORD_TOKEN_FILE", "(none)", "read the bot token from this file instead (for secrets managers)"},
	{"discord_api_url", "DIGESTBOT_DISCORD_API_URL", "https://discord.com", "scheme://host[:port] for every Discord REST call and the gateway lookup (rate-limit proxies, tests)"},
	{"dev_guild", "DIGESTBOT_DEV_GUILD", "(none)", "register slash commands on this guild only (instant, for development)"},
	{"min_digest_interval", "DIGESTBOT_MIN_DIGEST_INTERVAL", "15m", "the shortest schedule a subscription may use"},
	{"digest_tick", "DIGESTBOT_DIGEST_TICK", "30s", "how often the bot looks for due digests and unfinished deliveries"},
	{"metrics_addr", "DIGESTBOT_METRICS_ADDR", "(off)", "serve /healthz and Prometheus /metrics on this address, e.g. 127.0.0.1:9090"},
	{"shard_id", "DIGESTBOT_SHARD_ID", "0", "this process's gateway shard, 0 to shard_count-1 (`run --shard i/n` overrides; docs/SCALING.md)"},
	{"shard_count", "DIGESTBOT_SHARD_COUNT", "1", "how many processes share the bot's guilds, each with its own database"},
}

// Default returns the configuration used when nothing is set.
func Default() Config { return defaults(os.Getenv) }

func defaults(getenv func(string) string) Config {
	return Config{
		DB:                 DefaultDBPath(getenv),
		PollInterval:       Duration(10 * time.Minute),
		Retention:          Duration(90 * 24 * time.Hour),
		ArticleMaxAge:      Duration(24 * time.Hour),
		FetchTimeout:       Duration(30 * time.Second),
		MaxFeedBytes:       10 << 20,
		MaxArticleBytes:    5 << 20,
		Concurrency:        32,
		PerHostConcurrency: 2,
		SummarySentences:   3,
		LogLevel:           "info",
		LogFormat:          "text",
		DiscordAPIURL:      "https://discord.com",
		MinDigestInterval:  Duration(15 * time.Minute),
		DigestTick:         Duration(30 * time.Second),
		ShardCount:         1,
	}
}

// DefaultDBPath is the store's default location: the user's data directory
// when there is one, else the working directory.
func DefaultDBPath(getenv func(string) string) string {
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "digestbot", "digestbot.db")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "digestbot", "digestbot.db")
	}
	return "digestbot.db"
}

// Load builds the configuration: defaults, then the TOML file at path (if
// path is not empty), then the environment read through getenv. It does not
// validate; call Validate once flags are applied too.
func Load(path string, getenv func(string) string) (Config, error) {
	c := defaults(getenv)
	if path != "" {
		md, err := toml.DecodeFile(path, &c)
		if err != nil {
			return c, fmt.Errorf("config: read %s: %w", path, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			return c, fmt.Errorf("config: %s: unknown setting %q", path, und[0].String())
		}
	}
	if err := c.applyEnv(getenv); err != nil {
		return c, err
	}
	if c.DiscordToken == "" && c.DiscordTokenFile != "" {
		b, err := os.ReadFile(c.DiscordTokenFile)
		if err != nil {
			return c, fmt.Errorf("config: read the Discord token file: %w", errors.Unwrap(err))
		}
		// Notepad starts a UTF-8 file with a byte order mark, which
		// TrimSpace keeps and Discord then refuses as a bad token.
		c.DiscordToken = Secret(strings.TrimSpace(strings.TrimPrefix(string(b), "\ufeff")))
	}
	return c, nil
}

func (c *Config) applyEnv(getenv func(string) string) error {
	var errs []error
	str := func(env string, dst *string) {
		if v := getenv(env); v != "" {
			*dst = v
		}
	}
	dur := func(env string, dst *Duration) {
		if v := getenv(env); v != "" {
			if err := dst.UnmarshalText([]byte(v)); err != nil {
				errs = append(errs, fmt.Errorf("config: %s: %w", env, err))
			}
		}
	}
	num := func(env string, dst *int64) {
		if v := getenv(env); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				errs = append(errs, fmt.Errorf("config: %s=%q is not a whole number", env, v))
				return
			}
			*dst = n
		}
	}
	integer := func(env string, dst *int) {
		n := int64(*dst)
		num(env, &n)
		*dst = int(n)
	}
	boolean := func(env string, dst *bool) {
		if v := getenv(env); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("config: %s=%q: use 1/0, true/false", env, v))
				return
			}
			*dst = b
		}
	}
	str("DIGESTBOT_DB", &c.DB)
	dur("DIGESTBOT_POLL_INTERVAL", &c.PollInterval)
	boolean("DIGESTBOT_ALLOW_PRIVATE_NETWORKS", &c.AllowPrivateNetworks)
	if v := getenv("DIGESTBOT_ALLOWED_ADDRESSES"); v != "" {
		c.AllowedAddresses = strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
	}
	dur("DIGESTBOT_RETENTION", &c.Retention)
	dur("DIGESTBOT_ARTICLE_MAX_AGE", &c.ArticleMaxAge)
	integer("DIGESTBOT_BACKFILL", &c.Backfill)
	dur("DIGESTBOT_FETCH_TIMEOUT", &c.FetchTimeout)
	num("DIGESTBOT_MAX_FEED_BYTES", &c.MaxFeedBytes)
	num("DIGESTBOT_MAX_ARTICLE_BYTES", &c.MaxArticleBytes)
	integer("DIGESTBOT_CONCURRENCY", &c.Concurrency)
	integer("DIGESTBOT_PER_HOST_CONCURRENCY", &c.PerHostConcurrency)
	integer("DIGESTBOT_SUMMARY_SENTENCES", &c.SummarySentences)
	str("DIGESTBOT_LOG_LEVEL", &c.LogLevel)
	str("DIGESTBOT_LOG_FORMAT", &c.LogFormat)
	if v := getenv("DISCORD_TOKEN"); v != "" {
		c.DiscordToken = Secret(strings.TrimSpace(v))
	}
	str("DIGESTBOT_DISCORD_TOKEN_FILE", &c.DiscordTokenFile)
	str("DIGESTBOT_DISCORD_API_URL", &c.DiscordAPIURL)
	str("DIGESTBOT_DEV_GUILD", &c.DevGuild)
	dur("DIGESTBOT_MIN_DIGEST_INTERVAL", &c.MinDigestInterval)
	dur("DIGESTBOT_DIGEST_TICK", &c.DigestTick)
	str("DIGESTBOT_METRICS_ADDR", &c.MetricsAddr)
	integer("DIGESTBOT_SHARD_ID", &c.ShardID)
	integer("DIGESTBOT_SHARD_COUNT", &c.ShardCount)
	return errors.Join(errs...)
}

// Validate reports every setting that cannot work, in sentences a person
// understands.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf("config: "+format, a...)) }
	if strings.TrimSpace(c.DB) == "" {
		bad("the database path (DIGESTBOT_DB) is empty")
	}
	// Below a minute is impolite to publishers; it is allowed for tests.
	if c.PollInterval.D() < time.Second {
		bad("poll interval %s is too short (minimum 1s; use 1m or more for real feeds)", c.PollInterval)
	}
	for _, a := range c.AllowedAddresses {
		if _, err := netip.ParseAddrPort(a); err != nil {
			bad("allowed address %q must be IP:port, e.g. 10.0.0.7:8080", a)
		}
	}
	if c.Retention.D() < 24*time.Hour {
		bad("retention %s is too short: keep items at least 24h", c.Retention)
	}
	if c.ArticleMaxAge.D() < time.Minute || c.ArticleMaxAge.D() > c.Retention.D() {
		bad("article max age %s must be between 1m and the retention (%s)", c.ArticleMaxAge, c.Retention)
	}
	if c.Backfill < 0 || c.Backfill > 100 {
		bad("backfill must be between 0 and 100, not %d", c.Backfill)
	}
	if c.FetchTimeout.D() < time.Second {
		bad("fetch timeout %s is too short (minimum 1s)", c.FetchTimeout)
	}
	if c.MaxFeedBytes < 1<<10 || c.MaxArticleBytes < 1<<10 {
		bad("body size limits must be at least 1 KiB")
	}
	if c.Concurrency < 1 || c.PerHostConcurrency < 1 {
		bad("concurrency limits must be at least 1")
	}
	if c.SummarySentences < 1 || c.SummarySentences > 10 {
		bad("summary sentences must be between 1 and 10, not %d", c.SummarySentences)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("log level %q: use debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("log format %q: use text or json", c.LogFormat)
	}
	if u, err := url.Parse(c.DiscordAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		bad("Discord API URL %q must look like scheme://host[:port]", c.DiscordAPIURL)
	}
	if c.DevGuild != "" && !isSnowflake(c.DevGuild) {
		// Else the bot connects, then Discord refuses the command registration.
		bad("DIGESTBOT_DEV_GUILD %q must be a server ID, digits only (Developer Mode on: right-click the server, Copy Server ID)", c.DevGuild)
	}
	if c.MinDigestInterval.D() < time.Minute {
		bad("minimum digest interval %s is too short (minimum 1m)", c.MinDigestInterval)
	}
	if c.DigestTick.D() < 100*time.Millisecond || c.DigestTick.D() > time.Hour {
		bad("digest tick %s must be between 100ms and 1h", c.DigestTick)
	}
	if c.ShardCount < 1 || c.ShardCount > MaxShards {
		bad("shard count %d must be between 1 and %d", c.ShardCount, MaxShards)
	} else if c.ShardID < 0 || c.ShardID >= c.ShardCount {
		bad("shard ID %d must be between 0 and %d (shard count %d)", c.ShardID, c.ShardCount-1, c.ShardCount)
	}
	return errors.Join(errs...)
}

// isSnowflake reports whether s reads as a Discord ID: up to 20 digits.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Duration is a time.Duration that reads "10m" or "1h30m" from files and the
// environment; a bare number means seconds.
type Duration time.Duration

// D returns the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

func (d Duration) String() string { return FormatDuration(time.Duration(d)) }

// FormatDuration writes d the way people do, "24h" and "1h30m" rather than
// Go's "24h0m0s"; the result still parses with time.ParseDuration.
func FormatDuration(d time.Duration) string {
	s := d.String()
	if t, ok := strings.CutSuffix(s, "m0s"); ok {
		s = t + "m"
	}
	if t, ok := strings.CutSuffix(s, "h0m"); ok {
		s = t + "h"
	}
	return s
}

// UnmarshalText accepts Go durations, a "d" suffix for days, and bare seconds.
func (d *Duration) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*d = Duration(time.Duration(n) * time.Second)
		return nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.ParseInt(days, 10, 64); err == nil {
			*d = Duration(time.Duration(n) * 24 * time.Hour)
			return nil
		}
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration (examples: 90s, 10m, 6h, 7d)", s)
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes the Go duration form.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Secret holds a credential; every way of printing it prints a placeholder so
// it cannot leak into logs or error messages by accident.
type Secret string

// Reveal returns the secret itself, for the one place that needs it.
func (s Secret) Reveal() string { return string(s) }

func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString keeps %#v from printing the secret.
func (s Secret) GoString() string { return `"` + s.String() + `"` }

// MarshalText keeps encoders (JSON, slog) from writing the secret.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
