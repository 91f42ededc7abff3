package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaultsNeedNoFile(t *testing.T) {
	c, err := Load("", env(map[string]string{"HOME": "/home/ada"}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	if c.DB != "/home/ada/.local/share/digestbot/digestbot.db" {
		t.Errorf("DB = %q", c.DB)
	}
	if c.PollInterval.D() != 10*time.Minute || c.AllowPrivateNetworks || c.MinDigestInterval.D() != 15*time.Minute {
		t.Errorf("unexpected defaults: %+v", c)
	}
}

func TestDefaultDBPath(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_DATA_HOME": "/data", "HOME": "/h"}, "/data/digestbot/digestbot.db"},
		{map[string]string{"HOME": "/h"}, "/h/.local/share/digestbot/digestbot.db"},
		{map[string]string{}, "digestbot.db"},
	}
	for _, tt := range tests {
		if got := DefaultDBPath(env(tt.env)); got != tt.want {
			t.Errorf("DefaultDBPath(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}

func TestFileThenEnvironment(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "digestbot.toml")
	file := "db = \"/from/file.db\"\npoll_interval = \"30m\"\nbackfill = 5\nallow_private_networks = true\n"
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path, env(map[string]string{"DIGESTBOT_POLL_INTERVAL": "2h", "DIGESTBOT_ALLOW_PRIVATE_NETWORKS": "0"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "/from/file.db" || c.Backfill != 5 {
		t.Errorf("file values not applied: %+v", c)
	}
	if c.PollInterval.D() != 2*time.Hour || c.AllowPrivateNetworks {
		t.Errorf("environment must override the file: %+v", c)
	}
}

func TestUnknownFileKeyIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(path, []byte("poll_intervall = \"5m\"\n"), 0o600)
	_, err := Load(path, env(nil))
	if err == nil || !strings.Contains(err.Error(), "poll_intervall") {
		t.Fatalf("want an error naming the unknown key, got %v", err)
	}
}

func TestBadEnvironmentValues(t *testing.T) {
	_, err := Load("", env(map[string]string{"DIGESTBOT_POLL_INTERVAL": "often", "DIGESTBOT_BACKFILL": "x"}))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"DIGESTBOT_POLL_INTERVAL", "not a duration", "DIGESTBOT_BACKFILL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestValidateMessages(t *testing.T) {
	c := Default()
	c.PollInterval = Duration(time.Millisecond)
	c.LogLevel = "loud"
	c.DiscordAPIURL = "discord.com"
	c.ShardID, c.ShardCount = 3, 3
	c.DevGuild = "https://discord.com/channels/200000000000000001"
	err := c.Validate()
	for _, want := range []string{"too short", "log level", "scheme://host", "shard ID 3 must be between 0 and 2", "DIGESTBOT_DEV_GUILD"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to mention %q", err, want)
		}
	}
}

func TestDuration(t *testing.T) {
	tests := map[string]time.Duration{"90": 90 * time.Second, "10m": 10 * time.Minute, "7d": 7 * 24 * time.Hour, " 1h30m ": 90 * time.Minute}
	for in, want := range tests {
		var d Duration
		if err := d.UnmarshalText([]byte(in)); err != nil || d.D() != want {
			t.Errorf("%q -> %v, %v; want %v", in, d, err, want)
		}
	}
}

func TestTokenNeverPrinted(t *testing.T) {
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	os.WriteFile(tokenFile, []byte("sekrit-token\n"), 0o600)
	c, err := Load("", env(map[string]string{"DIGESTBOT_DISCORD_TOKEN_FILE": tokenFile}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DiscordToken.Reveal() != "sekrit-token" {
		t.Fatalf("token from file = %q", c.DiscordToken.Reveal())
	}
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%s", c.DiscordToken)} {
		if strings.Contains(s, "sekrit") {
			t.Errorf("token leaked: %s", s)
		}
	}
	_, err = Load("", env(map[string]string{"DIGESTBOT_DISCORD_TOKEN_FILE": filepath.Join(dir, "missing")}))
	if err == nil || strings.Contains(err.Error(), "sekrit") {
		t.Errorf("missing token file: %v", err)
	}
}

// A token file saved by Windows Notepad starts with a byte order mark and
// ends with CRLF; the token is what is between.
func TestTokenFileWithByteOrderMark(t *testing.T) {
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, []byte("\ufeffsekrit-token\r\n"), 0o600)
	c, err := Load("", env(map[string]string{"DIGESTBOT_DISCORD_TOKEN_FILE": tokenFile}))
	if err != nil || c.DiscordToken.Reveal() != "sekrit-token" {
		t.Errorf("token = %q, %v; want sekrit-token", c.DiscordToken.Reveal(), err)
	}
}

func TestSettingsListEveryEnvironmentVariable(t *testing.T) {
	src, err := os.ReadFile("config.go")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, s := range Settings {
		documented[s.Env] = true
	}
	for _, line := range strings.Split(string(src), "\n") {
		i := strings.Index(line, `("DIGESTBOT_`)
		if i < 0 || !strings.Contains(line, "&c.") {
			continue
		}
		name := line[i+2:]
		name = name[:strings.Index(name, `"`)]
		if !documented[name] {
			t.Errorf("%s is read but not in Settings", name)
		}
	}
}

func TestREADMEDocumentsEverySetting(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Settings {
		if !strings.Contains(string(readme), "`"+s.Env+"`") {
			t.Errorf("README.md does not document %s", s.Env)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		24 * time.Hour: "24h", 10 * time.Minute: "10m", 90 * time.Minute: "1h30m", 0: "0s",
		90 * time.Second: "1m30s", 500 * time.Millisecond: "500ms", time.Hour + time.Second: "1h0m1s", 2160 * time.Hour: "2160h",
	} {
		got := FormatDuration(d)
		if got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
		if back, err := time.ParseDuration(got); err != nil || back != d {
			t.Errorf("%q parses back as %v, %v", got, back, err)
		}
	}
}
