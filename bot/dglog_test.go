package bot

import (
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// discordgo's own log lines come out of the bot's slog logger, in its format,
// with the token scrubbed, instead of as "[DG0] wsapi.go…" on the standard log.
func TestDiscordgoLogsGoThroughSlog(t *testing.T) {
	var buf strings.Builder
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	if _, err := New(Config{Token: "MTE.dglog.secret"}, newFakeService(), log); err != nil {
		t.Fatal(err)
	}
	discordgo.Logger(discordgo.LogError, 0, "websocket closed, token %s", "MTE.dglog.secret")
	var line map[string]any
	if err := json.Unmarshal([]byte(buf.String()), &line); err != nil {
		t.Fatalf("not one JSON log line: %v: %q", err, buf.String())
	}
	if line["level"] != "ERROR" || line["component"] != "discordgo" || line["msg"] != "websocket closed, token [token]" {
		t.Errorf("log line %v", line)
	}
	if src, _ := line["source"].(string); !strings.Contains(src, "dglog_test.go") {
		t.Errorf("source %q does not name the calling file", src)
	}
}
