package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/fakediscord"
	"github.com/digestbot/digestbot/internal/testclock"
)

const (
	guildID    = "200000000000000001"
	newsChan   = "400000000000000001"
	digestChan = "400000000000000002"
	adminPerms = int64(1<<5 | 1<<10 | 1<<11) // Manage Server, View Channel, Send Messages
	userPerms  = int64(1<<10 | 1<<11)
)

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type harness struct {
	t     *testing.T
	fd    *fakediscord.Server
	svc   *fakeService
	clock *testclock.Clock
	logs  *syncBuffer
	stop  func() error
	cfg   Config
	bot   *Bot // the running bot, once start returned
}

func newHarness(t *testing.T, fdOpts fakediscord.Options) *harness {
	t.Helper()
	if fdOpts.HeartbeatInterval == 0 {
		fdOpts.HeartbeatInterval = 300 * time.Millisecond
	}
	if fdOpts.Guilds == nil {
		fdOpts.Guilds = []fakediscord.Guild{{ID: guildID, Name: "Newsroom", Channels: []string{newsChan, digestChan}}}
	}
	fd := fakediscord.New(fdOpts)
	t.Cleanup(fd.Close)
	h := &harness{t: t, fd: fd, svc: newFakeService(), logs: &syncBuffer{},
		clock: testclock.New(time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC))}
	h.cfg = Config{
		Token: fd.Token(), APIBaseURL: fd.URL,
		RetryBackoff: 5 * time.Millisecond, MaxRateLimitWait: time.Second, ShutdownGrace: 2 * time.Second,
		CloseWait: time.Millisecond,
		Now:       h.clock.Now,
	}
	return h
}

// start runs a bot until the test ends (or stop is called) and waits until
// its commands are registered.
func (h *harness) start() {
	h.t.Helper()
	logger := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b, err := New(h.cfg, h.svc, logger)
	if err != nil {
		h.t.Fatal(err)
	}
	h.bot = b
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	_, putsBefore := h.fd.Commands(h.cfg.DevGuildID)
	go func() { done <- b.Run(ctx) }()
	var once sync.Once
	var runErr error
	h.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(10 * time.Second):
				runErr = errors.New("Run did not return after cancel")
			}
		})
		return runErr
	}
	h.t.Cleanup(func() {
		if err := h.stop(); err != nil {
			h.t.Errorf("Run: %v", err)
		}
	})
	wctx, wcancel := context.WithTimeout(context.Background(), waitLimit)
	defer wcancel()
	for {
		if _, puts := h.fd.Commands(h.cfg.DevGuildID); puts > putsBefore {
			select {
			case <-b.Ready():
			case <-wctx.Done():
				h.t.Fatal("commands registered but the bot is not Ready")
			}
			return
		}
		select {
		case err := <-done:
			done <- err
			h.t.Fatalf("Run returned early: %v", err)
		case <-wctx.Done():
			h.t.Fatal("commands were not registered")
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// run dispatches a command and waits for its final answer.
func (h *harness) run(inv fakediscord.Invocation) fakediscord.Interaction {
	h.t.Helper()
	return h.runUntil(inv, fakediscord.Done)
}

func (h *harness) runUntil(inv fakediscord.Invocation, done func(fakediscord.Interaction) bool) fakediscord.Interaction {
	h.t.Helper()
	if inv.GuildID == "" {
		inv.GuildID = guildID
	}
	if inv.ChannelID == "" {
		inv.ChannelID = newsChan
	}
	id := h.fd.Dispatch(inv)
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	in, err := h.fd.WaitInteraction(ctx, id, done)
	if err != nil {
		h.t.Fatalf("/%s: no answer: %v (callbacks %+v)", inv.Name, err, in.Callbacks)
	}
	for _, c := range in.Callbacks {
		if c.Status >= 300 {
			h.t.Errorf("/%s: Discord rejected callback type %d with %d", inv.Name, c.Type, c.Status)
		}
	}
	return in
}

// answer returns the text the user finally sees, and whether only they see it.
func answer(in fakediscord.Interaction) (text string, ephemeral bool) {
	if n := len(in.Followups); n > 0 && (in.Original == nil || in.Original.Deleted) {
		f := in.Followups[n-1]
		return f.Content, f.Flags&fakediscord.FlagEphemeral != 0
	}
	first := in.Callbacks[0]
	if in.Original != nil {
		return in.Original.Content, first.Flags&fakediscord.FlagEphemeral != 0
	}
	return first.Content, first.Flags&fakediscord.FlagEphemeral != 0
}

func wantAnswer(t *testing.T, in fakediscord.Interaction, substr string, ephemeral bool) {
	t.Helper()
	text, eph := answer(in)
	if !strings.Contains(text, substr) {
		t.Errorf("answer %q does not contain %q", text, substr)
	}
	if eph != ephemeral {
		t.Errorf("answer %q: ephemeral = %v, want %v", text, eph, ephemeral)
	}
}

func TestCommandRegistration(t *testing.T) {
	t.Parallel()
	for _, dev := range []string{"", guildID} {
		t.Run("guild="+dev, func(t *testing.T) {
			h := newHarness(t, fakediscord.Options{})
			h.cfg.DevGuildID = dev
			h.start()
			raw, puts := h.fd.Commands(dev)
			if puts != 1 {
				t.Errorf("%d bulk overwrites, want exactly 1", puts)
			}
			got := map[string]map[string]any{}
			for _, r := range raw {
				var c map[string]any
				if err := json.Unmarshal(r, &c); err != nil {
					t.Fatal(err)
				}
				got[c["name"].(string)] = c
			}
			for _, name := range []string{"feed", "subscribe", "unsubscribe", "subscriptions", "summary", "digest"} {
				c, ok := got[name]
				if !ok {
					t.Errorf("command /%s not registered", name)
					continue
				}
				perm, _ := c["default_member_permissions"].(string)
				manage := name == "feed" || name == "subscribe" || name == "unsubscribe"
				if manage && perm != "32" {
					t.Errorf("/%s default_member_permissions = %q, want \"32\" (Manage Server)", name, perm)
				}
				if !manage && perm != "" {
					t.Errorf("/%s should be open to everyone, has default_member_permissions %q", name, perm)
				}
			}
			if len(got) != 6 {
				t.Errorf("registered %d commands, want 6", len(got))
			}
			ids := h.fd.Identifies()
			if len(ids) != 1 || ids[0].Intents != 1 {
				t.Errorf("identify = %+v, want intents 1 (Guilds only)", ids)
			}
			if len(h.fd.Requests("", "/")) == 0 {
				t.Error("no REST request reached the fake: the API URL override is not in effect")
			}
		})
	}
}

func TestFeedCommands(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	h.start()

	in := h.run(fakediscord.Invocation{Name: "feed", Permissions: adminPerms,
		Options: []fakediscord.Option{fakediscord.Sub("add", fakediscord.Str("url", "https://news.example.com/rss"))}})
	if c := in.Callbacks[0]; c.Type != fakediscord.CallbackDeferredMessage || c.Flags&fakediscord.FlagEphemeral == 0 {
		t.Errorf("first callback = type %d flags %d, want an ephemeral deferral", c.Type, c.Flags)
	}
	wantAnswer(t, in, "Now following **Feed at https://news.example.com/rss**", true)

	in = h.run(fakediscord.Invocation{Name: "feed", Permissions: adminPerms, Options: []fakediscord.Option{fakediscord.Sub("list")}})
	wantAnswer(t, in, "https://news.example.com/rss", true)

	in = h.run(fakediscord.Invocation{Name: "feed", Permissions: adminPerms, Autocomplete: true,
		Options: []fakediscord.Option{fakediscord.Sub("remove", fakediscord.Focused("feed", "news.ex"))}})
	cb := in.Callbacks[0]
	if cb.Type != fakediscord.CallbackAutocomplete || len(cb.Choices) != 1 || cb.Choices[0].Value != "feed1" {
		t.Fatalf("autocomplete = %+v, want the one feed", cb)
	}

	in = h.run(fakediscord.Invocation{Name: "feed", Permissions: adminPerms,
		Options: []fakediscord.Option{fakediscord.Sub("remove", fakediscord.Str("feed", "feed1"))}})
	wantAnswer(t, in, "Stopped following", true)

	in = h.run(fakediscord.Invocation{Name: "feed", Permissions: adminPerms,
		Options: []fakediscord.Option{fakediscord.Sub("remove", fakediscord.Str("feed", "feed1"))}})
	wantAnswer(t, in, "does not follow that feed", true)
}

func TestPermissionRefusedEphemerally(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	h.start()
	for _, inv := range []fakediscord.Invocation{
		{Name: "feed", Options: []fakediscord.Option{fakediscord.Sub("add", fakediscord.Str("url", "https://news.example.com/rss"))}},
		{Name: "feed", Options: []fakediscord.Option{fakediscord.Sub("remove", fakediscord.Str("feed", "feed1"))}},
		{Name: "subscribe", Options: []fakediscord.Option{fakediscord.Str("topic", "climate")}},
		{Name: "unsubscribe", Options: []fakediscord.Option{fakediscord.Str("topic", "climate")}},
	} {
		inv.Permissions = userPerms
		in := h.run(inv)
		if c := in.Callbacks[0]; c.Type != fakediscord.CallbackMessage {
			t.Errorf("/%s: callback type %d, want an immediate refusal (4)", inv.Name, c.Type)
		}
		wantAnswer(t, in, "Manage Server", true)
	}
	if calls := h.svc.Calls(); len(calls) != 0 {
		t.Errorf("refused commands reached the service: %v", calls)
	}
	// Administrator implies Manage Server.
	in := h.run(fakediscord.Invocation{Name: "feed", Permissions: 1 << 3,
		Options: []fakediscord.Option{fakediscord.Sub("add", fakediscord.Str("url", "https://news.example.com/rss"))}})
	wantAnswer(t, in, "Now following", true)
}

// A subscription for the channel the command came from is refused at once
// when the bot cannot post cards there (Discord sends the bot's permissions
// in that channel with the interaction), instead of promising digests that
// pause at the first one, hours later. For another channel Discord sends
// no such thing, and the first digest tells.
func TestSubscribeWhereTheBotCannotPost(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	h.start()
	const view, send, embed = int64(1 << 10), int64(1 << 11), int64(1 << 14)
	in := h.run(fakediscord.Invocation{Name: "subscribe", Permissions: adminPerms, AppPermissions: view | send,
		Options: []fakediscord.Option{fakediscord.Str("topic", "climate")}})
	wantAnswer(t, in, "Embed Links", true)
	if _, ok := h.svc.subscription("climate"); ok {
		t.Error("the subscription was made")
	}
	in = h.run(fakediscord.Invocation{Name: "subscribe", Permissions: adminPerms, AppPermissions: view | send | embed,
		Options: []fakediscord.Option{fakediscord.Str("topic", "climate")}})
	wantAnswer(t, in, "will get digests", true)
	in = h.run(fakediscord.Invocation{Name: "subscribe", Permissions: adminPerms, AppPermissions: view,
		Options: []fakediscord.Option{fakediscord.Str("topic", "farming"), fakediscord.Channel("channel", digestChan)}})
	wantAnswer(t, in, "will get digests", true)
}

func TestSubscribeListUnsubscribe(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	h.start()

	in := h.run(fakediscord.Invocation{Name: "subscribe", Permissions: adminPerms, Options: []fakediscord.Option{
		fakediscord.Str("topic", `climate "carbon tax" -sports`), fakediscord.Channel("channel", digestChan),
		fakediscord.Str("schedule", "daily 08:00"), fakediscord.Str("timezone", "Europe/Berlin")}})
	wantAnswer(t, in, "<#"+digestChan+"> will get digests about `climate \"carbon tax\" -sports`", true)
	sub, ok := h.svc.subscription(`climate "carbon tax" -sports`)
	if !ok || sub.ChannelID != digestChan || sub.Schedule.String() != "daily 08:00" || sub.Schedule.Timezone() != "Europe/Berlin" || sub.CreatedBy == "" {
		t.Fatalf("stored subscription = %+v", sub)
	}
	wantAnswer(t, in, fmt.Sprintf("The next one is due <t:%d:f>", sub.NextDigest.Unix()), true)

	// Defaults: this channel, daily 08:00 UTC.
	in = h.run(fakediscord.Invocation{Name: "subscribe", Permissions: adminPerms, Options: []fakediscord.Option{fakediscord.Str("topic", "ai OR robots")}})
	wantAnswer(t, in, "<#"+newsChan+">", true)
	if sub, _ := h.svc.subscription("ai OR robots"); sub.Schedule.String() != defaultSchedule || sub.Schedule.Timezone() != "UTC" {
		t.Errorf("defaults not applied: %+v", sub)
	}

	for _, tc := range []struct {
		opts []fakediscord.Option
		want string
	}{
		{[]fakediscord.Option{fakediscord.Str("topic", `"unclosed`)}, "nclosed quote"},
		{[]fakediscord.Option{fakediscord.Str("topic", "ai"), fakediscord.Str("schedule", "every 1m")}, "every"},
		{[]fakediscord.Option{fakediscord.Str("topic", "ai"), fakediscord.Str("schedule", "sometimes")}, ""},
		{[]fakediscord.Option{fakediscord.Str("topic", "ai"), fakediscord.Str("timezone", "Mars/Olympus")}, "Mars/Olympus"},
	} {
		in := h.run(fakediscord.Invocation{Name: "subscribe", Permissions: adminPerms, Options: tc.opts})
		if in.Callbacks[0].Type != fakediscord.CallbackMessage {
			t.Errorf("%v: bad input should be refused at once", tc.opts)
		}
		wantAnswer(t, in, tc.want, true)
		if text, _ := answer(in); strings.Contains(text, genericError) {
			t.Errorf("%v: got the generic error instead of a reason", tc.opts)
		}
	}

	in = h.run(fakediscord.Invocation{Name: "subscribe", Permissions: adminPerms, Autocomplete: true,
		Options: []fakediscord.Option{fakediscord.Str("topic", "ai"), fakediscord.Focused("timezone", "berl")}})
	if ch := in.Callbacks[0].Choices; len(ch) != 1 || ch[0].Value != "Europe/Berlin" {
		t.Errorf("timezone autocomplete = %+v", ch)
	}

	in = h.run(fakediscord.Invocation{Name: "subscriptions"})
	wantAnswer(t, in, "2 subscription(s)", true)
	wantAnswer(t, in, "Europe/Berlin", true)

	in = h.run(fakediscord.Invocation{Name: "unsubscribe", Permissions: adminPerms, Autocomplete: true,
		Options: []fakediscord.Option{fakediscord.Focused("topic", "carbon"), fakediscord.Channel("channel", digestChan)}})
	if ch := in.Callbacks[0].Choices; len(ch) != 1 || ch[0].Value != `climate "carbon tax" -sports` {
		t.Errorf("topic autocomplete = %+v", ch)
	}

	in = h.run(fakediscord.Invocation{Name: "unsubscribe", Permissions: adminPerms, Options: []fakediscord.Option{
		fakediscord.Str("topic", `climate "carbon tax" -sports`), fakediscord.Channel("channel", digestChan)}})
	wantAnswer(t, in, "will no longer get digests", true)
	in = h.run(fakediscord.Invocation{Name: "unsubscribe", Permissions: adminPerms, Options: []fakediscord.Option{fakediscord.Str("topic", "never subscribed")}})
	wantAnswer(t, in, "has no subscription to `never subscribed`", true)
}

func kovacStory(id string, seen time.Time) Story {
	return Story{
		ItemID: id, Title: "Kovac pledges support for farmers", URL: "https://news.example.com/" + id,
		Site: "Example News", FirstSeen: seen, Published: seen.Add(-time.Hour),
		Summary: []string{"Chancellor Elena Kovac promised new aid for farmers on Tuesday.", "The package is worth 2 billion euros."},
		Quotes:  []StoryQuote{{Text: "No farm will be left behind", Speaker: "Elena Kovac", SpeakerTitle: "German Chancellor"}},
		Actors:  []StoryActor{{Name: "Elena Kovac", Kind: ActorPerson}, {Name: "Bundestag", Kind: ActorOrg}, {Name: "Berlin", Kind: ActorPlace}},
	}
}

func TestSummaryDefersThenSendsCard(t *testing.T) {
	// A short deadline proves the bot defers before the slow work.
	h := newHarness(t, fakediscord.Options{InteractionDeadline: 300 * time.Millisecond})
	h.svc.summarize = func(ctx context.Context, url string) (Story, error) {
		select {
		case <-time.After(600 * time.Millisecond):
		case <-ctx.Done():
			return Story{}, ctx.Err()
		}
		return kovacStory("a1", h.clock.Now()), nil
	}
	h.start()
	in := h.run(fakediscord.Invocation{Name: "summary", Permissions: userPerms,
		Options: []fakediscord.Option{fakediscord.Str("url", "https://news.example.com/a1")}})
	c := in.Callbacks[0]
	if c.Type != fakediscord.CallbackDeferredMessage || c.Flags&fakediscord.FlagEphemeral != 0 {
		t.Fatalf("callback = type %d flags %d, want a public deferral", c.Type, c.Flags)
	}
	if in.Original == nil || len(in.Original.Embeds) != 1 {
		t.Fatalf("original response = %+v, want one card", in.Original)
	}
	e := in.Original.Embeds[0]
	if e.Title != "Kovac pledges support for farmers" || e.URL != "https://news.example.com/a1" {
		t.Errorf("card title/url = %q %q", e.Title, e.URL)
	}
	var quote string
	for _, f := range e.Fields {
		if f.Name == "Quote" {
			quote = f.Value
		}
	}
	if quote != "“No farm will be left behind” — German Chancellor Elena Kovac" {
		t.Errorf("quote field = %q", quote)
	}
}

// A panic while answering an autocomplete request costs that request, not
// the process: discordgo runs handlers without a recover, and the
// recover that guards commands did not reach autocomplete.
func TestPanicInAutocompleteCostsThatRequest(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	var calls atomic.Int32
	h.svc.listFeeds = func() {
		if calls.Add(1) == 1 {
			panic("fake: store bug")
		}
	}
	h.start()
	complete := fakediscord.Invocation{Name: "feed", Permissions: adminPerms, Autocomplete: true,
		Options: []fakediscord.Option{fakediscord.Sub("remove", fakediscord.Focused("feed", "news"))}}
	in := h.run(complete)
	if cb := in.Callbacks[0]; cb.Type != fakediscord.CallbackAutocomplete || len(cb.Choices) != 0 {
		t.Errorf("autocomplete after a panic = %+v, want no choices", cb)
	}
	in = h.run(fakediscord.Invocation{Name: "feed", Permissions: adminPerms, Options: []fakediscord.Option{fakediscord.Sub("list")}})
	wantAnswer(t, in, "follows no feeds", true)
	if !strings.Contains(h.logs.String(), "fake: store bug") {
		t.Errorf("the panic was not logged:\n%s", h.logs.String())
	}
}

func TestBadInputAnsweredAndBotKeepsRunning(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	h.cfg.SummaryCooldown = -1
	h.svc.summarize = func(_ context.Context, url string) (Story, error) {
		switch {
		case strings.Contains(url, "private"):
			return Story{}, UserError("That address is on a private network, which digestbot does not fetch.", errors.New("safehttp: 10.0.0.1 refused"))
		case strings.Contains(url, "panic"):
			panic("fake: summarizer bug")
		case strings.Contains(url, "broken"):
			// Internal detail, with the token in it, must not reach the user or the log.
			return Story{}, errors.New("store: bolt: disk on fire, token " + h.fd.Token())
		}
		return kovacStory("ok", h.clock.Now()), nil
	}
	h.svc.addFeed = func(_ context.Context, url string) (FeedInfo, error) {
		return FeedInfo{}, UserError("I could not reach that feed (connection refused).", errors.New("feed: dial tcp: refused"))
	}
	h.start()

	in := h.run(fakediscord.Invocation{Name: "summary", Options: []fakediscord.Option{fakediscord.Str("url", "not a url")}})
	wantAnswer(t, in, "doesn't look like a web address", true)
	if in.Callbacks[0].Type != fakediscord.CallbackMessage {
		t.Error("syntax error should be refused at once, without a deferral")
	}

	in = h.run(fakediscord.Invocation{Name: "summary", Options: []fakediscord.Option{fakediscord.Str("url", "http://private.example/")}})
	wantAnswer(t, in, "private network", true)
	if in.Original == nil || !in.Original.Deleted {
		t.Error("the public thinking… message should be replaced by an ephemeral error")
	}

	in = h.run(fakediscord.Invocation{Name: "summary", Options: []fakediscord.Option{fakediscord.Str("url", "https://broken.example/")}})
	wantAnswer(t, in, genericError, true)
	text, _ := answer(in)
	if strings.Contains(text, "disk on fire") {
		t.Error("internal error detail leaked to the user")
	}

	in = h.run(fakediscord.Invocation{Name: "summary", Options: []fakediscord.Option{fakediscord.Str("url", "https://panic.example/")}})
	wantAnswer(t, in, genericError, true)

	in = h.run(fakediscord.Invocation{Name: "feed", Permissions: adminPerms,
		Options: []fakediscord.Option{fakediscord.Sub("add", fakediscord.Str("url", "https://unreachable.example/rss"))}})
	wantAnswer(t, in, "could not reach that feed", true)

	in = h.run(fakediscord.Invocation{Name: "nosuchcommand"})
	wantAnswer(t, in, "don't know that command", true)

	// Still running and answering.
	in = h.run(fakediscord.Invocation{Name: "summary", Options: []fakediscord.Option{fakediscord.Str("url", "https://news.example.com/ok")}})
	if in.Original == nil || len(in.Original.Embeds) != 1 {
		t.Errorf("bot stopped answering after errors: %+v", in)
	}
	if logs := h.logs.String(); strings.Contains(logs, h.fd.Token()) || !strings.Contains(logs, "disk on fire") {
		t.Errorf("log should keep the detail but never the token:\n%s", logs)
	}
}

func TestCooldown(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	h.cfg.SummaryCooldown = 30 * time.Second
	h.svc.summarize = func(context.Context, string) (Story, error) { return kovacStory("c", h.clock.Now()), nil }
	h.start()
	sum := func(user string) fakediscord.Interaction {
		return h.run(fakediscord.Invocation{Name: "summary", UserID: user, Options: []fakediscord.Option{fakediscord.Str("url", "https://news.example.com/c")}})
	}
	// Refused input costs no cooldown.
	in := h.run(fakediscord.Invocation{Name: "summary", UserID: "1", Options: []fakediscord.Option{fakediscord.Str("url", "typo")}})
	wantAnswer(t, in, "doesn't look like a web address", true)
	if in := sum("1"); in.Original == nil || len(in.Original.Embeds) != 1 {
		t.Fatal("first /summary failed")
	}
	wantAnswer(t, sum("1"), "Please wait 30s", true)
	if in := sum("2"); in.Original == nil || len(in.Original.Embeds) != 1 {
		t.Error("another user was blocked by the first user's cooldown")
	}
	h.clock.Advance(31 * time.Second)
	if in := sum("1"); in.Original == nil || len(in.Original.Embeds) != 1 {
		t.Error("cooldown did not expire")
	}
}

func TestDigestCommand(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	now := h.clock.Now()
	for i := 0; i < 25; i++ {
		h.svc.addStory(guildID, kovacStory("s"+string(rune('a'+i)), now.Add(-time.Duration(i+1)*time.Minute)))
	}
	h.svc.addStory(guildID, Story{ItemID: "old", Title: "Old news", FirstSeen: now.Add(-48 * time.Hour)})
	h.start()
	in := h.runUntil(fakediscord.Invocation{Name: "digest", Options: []fakediscord.Option{fakediscord.Str("topic", `actor:"Elena Kovac"`)}},
		func(in fakediscord.Interaction) bool {
			n := len(in.Followups)
			return n > 0 && strings.HasPrefix(in.Followups[n-1].Content, "…and")
		})
	if in.Original == nil || !strings.Contains(in.Original.Content, "Digest: actor:\"Elena Kovac\"** — the last 24h") ||
		strings.Contains(in.Original.Content, "0m0s") {
		t.Fatalf("original = %+v", in.Original)
	}
	cards := len(in.Original.Embeds)
	for _, f := range in.Followups {
		cards += len(f.Embeds)
	}
	if cards != 20 || !strings.Contains(in.Followups[len(in.Followups)-1].Content, "…and 5 more") {
		t.Errorf("got %d cards in %d followups, want 20 cards and an and-5-more message", cards, len(in.Followups))
	}

	in = h.run(fakediscord.Invocation{Name: "digest", UserID: "9", Options: []fakediscord.Option{fakediscord.Str("topic", "volcano")}})
	wantAnswer(t, in, "No stories about `volcano` in the last 24h.", true)

	// The topic is read where it enters: a bad one never reaches the service.
	calls := len(h.svc.Calls())
	in = h.run(fakediscord.Invocation{Name: "digest", UserID: "10", Options: []fakediscord.Option{fakediscord.Str("topic", "-sports")}})
	wantAnswer(t, in, "not excluded", true)
	if got := h.svc.Calls(); len(got) != calls {
		t.Errorf("a bad topic reached the service: %q", got[calls:])
	}
}

// dispatchRecorded sends a recorded payload from fakediscord's testdata.
func (h *harness) dispatchRecorded(name string) fakediscord.Interaction {
	h.t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "internal", "fakediscord", "testdata", name))
	if err != nil {
		h.t.Fatal(err)
	}
	var p struct{ ID, Token string }
	if err := json.Unmarshal(raw, &p); err != nil {
		h.t.Fatal(err)
	}
	h.fd.DispatchRaw(p.ID, p.Token, raw)
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	in, err := h.fd.WaitInteraction(ctx, p.ID, fakediscord.Done)
	if err != nil {
		h.t.Fatalf("%s: no answer: %v", name, err)
	}
	return in
}

func TestRecordedPayloads(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{})
	h.start()

	in := h.dispatchRecorded("interaction_feed_add.json")
	wantAnswer(t, in, "Now following **Feed at https://news.example.com/rss**", true)

	in = h.dispatchRecorded("interaction_autocomplete_feed_remove.json")
	if ch := in.Callbacks[0].Choices; len(ch) != 1 || ch[0].Value != "feed1" {
		t.Errorf("autocomplete choices = %+v", ch)
	}

	// Bob has View Channel and Send Messages only.
	in = h.dispatchRecorded("interaction_subscribe.json")
	wantAnswer(t, in, "Manage Server", true)
	if _, ok := h.svc.subscription(`climate "carbon tax" -sports`); ok {
		t.Error("subscription stored despite the refusal")
	}
}

func TestRunFailsCleanlyWithBadToken(t *testing.T) {
	t.Parallel()
	fd := fakediscord.New(fakediscord.Options{})
	defer fd.Close()
	const secret = "not-the-right-token-123"
	b, err := New(Config{Token: "Bot " + secret, APIBaseURL: fd.URL}, newFakeService(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	err = b.Run(ctx)
	if err == nil || ctx.Err() != nil {
		t.Fatalf("Run = %v, want a prompt connection error", err)
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("error leaks the token: %v", err)
	}
	if _, puts := fd.Commands(""); puts != 0 {
		t.Error("commands registered with a bad token")
	}
	select {
	case <-b.Ready():
		t.Error("Ready with a bad token: digests would be posted")
	default:
	}
}

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	svc := newFakeService()
	for _, tc := range []struct {
		cfg Config
		ok  bool
	}{
		{Config{Token: "t"}, true},
		{Config{Token: "Bot t", APIBaseURL: "http://127.0.0.1:8080"}, true},
		{Config{Token: "t", APIBaseURL: "https://proxy.example/"}, true},
		{Config{Token: ""}, false},
		{Config{Token: "Bot "}, false},
		{Config{Token: "t", APIBaseURL: "http://proxy.example/api"}, false},
		{Config{Token: "t", APIBaseURL: "proxy.example:8080"}, false},
		{Config{Token: "t", APIBaseURL: "ftp://proxy.example"}, false},
	} {
		_, err := New(tc.cfg, svc, nil)
		if (err == nil) != tc.ok {
			t.Errorf("New(%+v) error = %v, want ok=%v", tc.cfg, err, tc.ok)
		}
	}
}

// waitLimit bounds each wait for the bot: generous, because CI runs the
// race-detector build of every package at once on two cores; a passing test
// never waits this long.
const waitLimit = 20 * time.Second
