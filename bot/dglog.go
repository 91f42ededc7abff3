package bot

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bwmarrin/discordgo"
)

// discordgo logs through a package-level hook; by default it writes
// "[DG0] wsapi.go:…" lines with the standard log package, outside the
// configured format and level. routeDiscordgoLogs sends them to the bot's
// slog logger instead. The hook is global, so it is installed once and reads
// the logger of the newest bot.
var (
	dgLogger  atomic.Pointer[dgTarget]
	dgInstall sync.Once
)

type dgTarget struct {
	log   *slog.Logger
	token string
}

func routeDiscordgoLogs(log *slog.Logger, token string) {
	dgLogger.Store(&dgTarget{log: log, token: token})
	dgInstall.Do(func() { discordgo.Logger = logDiscordgo })
}

var dgLevels = map[int]slog.Level{
	discordgo.LogError:         slog.LevelError,
	discordgo.LogWarning:       slog.LevelWarn,
	discordgo.LogInformational: slog.LevelInfo,
	discordgo.LogDebug:         slog.LevelDebug,
}

// logDiscordgo has discordgo.Logger's signature. caller counts frames from
// discordgo's own msglog, which calls this function: one frame more here.
func logDiscordgo(msgL, caller int, format string, a ...any) {
	t := dgLogger.Load()
	if t == nil {
		return
	}
	msg := fmt.Sprintf(format, a...)
	if t.token != "" {
		// Payloads in discordgo's messages could carry the token.
		msg = strings.ReplaceAll(msg, t.token, "[token]")
	}
	source := "discordgo"
	if pc, file, line, ok := runtime.Caller(caller + 1); ok {
		name := runtime.FuncForPC(pc).Name()
		source = fmt.Sprintf("%s:%d:%s", filepath.Base(file), line, name[strings.LastIndexByte(name, '.')+1:])
	}
	level, ok := dgLevels[msgL]
	if !ok {
		level = slog.LevelDebug
	}
	t.log.Log(context.Background(), level, msg, "component", "discordgo", "source", source)
}
