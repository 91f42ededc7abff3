package main

// End-to-end tests of `digestbot run`: the real command code path (flags,
// configuration from the environment, store, poller, story builder, app
// service, bot) against a fake Discord (REST and gateway) and an httptest
// news site. Only the clock is the test's: digests are due every 15 minutes
// at the least, so the tests move the bot's and the poller's clock forward.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/fakediscord"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/testclock"
)

const (
	e2eGuild       = "210000000000000001"
	e2eNewsChan    = "410000000000000001" // where commands are typed
	e2eClimateChan = "410000000000000002"
	e2eSportChan   = "410000000000000003"
	e2eAdminPerms  = int64(1<<5 | 1<<10 | 1<<11) // Manage Server, View Channel, Send Messages
	e2eMemberPerms = int64(1<<10 | 1<<11)
	e2eFeedPath    = "/herald/rss.xml"
)

// e2eStory is an article the news site can publish: testdata/<slug>.html.
type e2eStory struct{ slug, title string }

var (
	e2eBarrier = e2eStory{"e2e_barrier", "Portmere approves tidal barrier as climate risks grow"}
	e2eCup     = e2eStory{"e2e_cupfinal", "Portmere Rovers lift the county cup in extra time"}
	e2eDrought = e2eStory{"e2e_drought", "Valdora water board plans for drier summers as climate warms"}
	e2eMarket  = e2eStory{"market", "Harbour market reopens after repairs"} // generated page, the baseline
	e2eTrees   = e2eStory{"trees", "Rovers players plant a thousand trees for a climate pledge"}
	e2eFerry   = e2eStory{"ferry", "Rovers fans stranded as the Kestwick ferry is cancelled"}
)

// e2eNews is the news site: one RSS feed listing the published stories, and
// their article pages.
type e2eNews struct {
	srv       *httptest.Server
	mu        sync.Mutex
	published []e2eStory
	feedHits  int
}

func newE2ENews(t testing.TB, stories ...e2eStory) *e2eNews {
	t.Helper()
	n := &e2eNews{published: stories}
	n.srv = httptest.NewServer(http.HandlerFunc(n.serve))
	t.Cleanup(n.srv.Close)
	return n
}

func (n *e2eNews) feedURL() string { return n.srv.URL + e2eFeedPath }

func (n *e2eNews) articleURL(s e2eStory) string { return n.srv.URL + "/news/" + s.slug }

// addr is the site's IP:port, for DIGESTBOT_ALLOWED_ADDRESSES.
func (n *e2eNews) addr() string { return strings.TrimPrefix(n.srv.URL, "http://") }

func (n *e2eNews) publish(s e2eStory) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.published = append(n.published, s)
}

func (n *e2eNews) hits() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.feedHits
}

// waitPolls waits until the feed was fetched twice more: the poller fetches a
// feed once per pass and records it before the pass ends, so the second
// fetch proves the first one's items are stored.
func (n *e2eNews) waitPolls(t *testing.T) {
	t.Helper()
	want := n.hits() + 2
	deadline := time.Now().Add(20 * time.Second)
	for n.hits() < want {
		if time.Now().After(deadline) {
			t.Fatalf("the feed was not polled twice within 20s (hits %d, want %d)", n.hits(), want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (n *e2eNews) serve(w http.ResponseWriter, r *http.Request) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if r.URL.Path == e2eFeedPath {
		n.feedHits++
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>The Coastal Herald</title><link>%s/</link><description>News from the coast</description>`, n.srv.URL)
		for _, s := range slices.Backward(n.published) {
			fmt.Fprintf(w, "\n<item><title>%s</title><link>%s</link><guid>%s</guid></item>",
				html.EscapeString(s.title), n.articleURL(s), n.articleURL(s))
		}
		fmt.Fprint(w, "\n</channel></rss>")
		return
	}
	slug, ok := strings.CutPrefix(r.URL.Path, "/news/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	page, err := os.ReadFile(filepath.Join("testdata", slug+".html"))
	if err != nil {
		page = []byte(e2eGeneratedPage(slug))
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page)
}

// e2eGeneratedBodies are the opening paragraphs of the stories without a
// testdata page.
var e2eGeneratedBodies = map[string]string{
	e2eMarket.slug: "The covered market on the harbour reopened on Monday after six months of repairs to its roof, drains and the old clock tower that stands above the fish hall.",
	e2eTrees.slug:  "Players and staff of Portmere Rovers spent Sunday planting a thousand oak and rowan saplings on the hill above the harbour, the first part of the club's climate pledge to plant a tree for every goal scored this season.",
	e2eFerry.slug:  "Around three hundred Portmere Rovers supporters were stranded on the quay on Saturday morning after the ferry to the away match at Kestwick was cancelled because of a mechanical fault.",
}

// e2eGeneratedPage is a plain article for a story without a testdata page.
func e2eGeneratedPage(slug string) string {
	body, ok := e2eGeneratedBodies[slug]
	if !ok {
		return "<html><body>gone</body></html>"
	}
	title := slug
	for _, s := range []e2eStory{e2eMarket, e2eTrees, e2eFerry} {
		if s.slug == slug {
			title = s.title
		}
	}
	return fmt.Sprintf(`<!DOCTYPE html><html lang="en"><head><title>%s</title><meta property="og:site_name" content="The Coastal Herald"></head>
<body><article><h1>%s</h1><p>%s</p><p>Volunteers from the town helped to carry water and tools along the harbour, and the council lent two of its vans for the day.</p>
<p>Organisers said the work would continue through the winter, and they invited anyone with a free afternoon to join them at the harbour gate.</p></article></body></html>`,
		html.EscapeString(title), html.EscapeString(title), body)
}

// e2eLog is a log sink safe for concurrent writes.
type e2eLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *e2eLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *e2eLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// e2eBot is one `digestbot run` in this process.
type e2eBot struct {
	t     testing.TB
	fd    *fakediscord.Server
	news  *e2eNews
	clock *testclock.Clock
	logs  *e2eLog
	// poll and digest run a poll of every feed and a digest tick now, in
	// the running bot; set once it runs.
	poll    func() error
	digest  func()
	exit    chan int
	stop    func() int
	started chan struct{} // closed once poll and digest are set
	users   int
}

// e2eStart runs `digestbot run` with the given extra environment until the
// test ends, and waits until it is connected and its commands registered.
func e2eStart(t *testing.T, news *e2eNews, extraEnv map[string]string) *e2eBot {
	t.Helper()
	fd := fakediscord.New(fakediscord.Options{
		HeartbeatInterval: 500 * time.Millisecond,
		Guilds:            []fakediscord.Guild{{ID: e2eGuild, Name: "Portmere", Channels: []string{e2eNewsChan, e2eClimateChan, e2eSportChan}}},
	})
	t.Cleanup(fd.Close)
	b := e2eRun(t, fd, news, extraEnv, "run")
	wctx, wcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer wcancel()
	if err := fd.WaitReady(wctx); err != nil {
		t.Fatalf("the bot did not connect: %v\n%s", err, b.logs)
	}
	if err := fd.WaitCommands(wctx); err != nil {
		t.Fatalf("the bot did not register its commands: %v\n%s", err, b.logs)
	}
	<-b.started
	return b
}

// e2eRun runs `digestbot ARGS…` against fd until the test ends (or stop is
// called); started is closed once it runs.
func e2eRun(t testing.TB, fd *fakediscord.Server, news *e2eNews, extraEnv map[string]string, args ...string) *e2eBot {
	t.Helper()
	env := map[string]string{
		"DISCORD_TOKEN":               fd.Token(),
		"DIGESTBOT_DB":                filepath.Join(t.TempDir(), "digestbot.db"),
		"DIGESTBOT_DISCORD_API_URL":   fd.URL,
		"DIGESTBOT_DIGEST_TICK":       "200ms",
		"DIGESTBOT_POLL_INTERVAL":     "1s",
		"DIGESTBOT_ALLOWED_ADDRESSES": news.addr(),
		"DIGESTBOT_FETCH_TIMEOUT":     "5s",
	}
	for k, v := range extraEnv {
		env[k] = v
	}
	b := &e2eBot{t: t, fd: fd, news: news, clock: testclock.Live(), logs: &e2eLog{}, exit: make(chan int, 1), started: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	hooks := &runHooks{closeWait: time.Millisecond, rateWindow: e2eRateWindow(extraEnv), started: func(poll func() error, digest func()) {
		b.poll, b.digest = poll, digest
		close(b.started)
	}}
	c := &cli{stdin: strings.NewReader(""), stdout: b.logs, stderr: b.logs, getenv: func(k string) string { return env[k] }, now: b.clock.Now, hooks: hooks}
	go func() { b.exit <- runCLI(ctx, c, args) }()
	var once sync.Once
	code := -1
	b.stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-b.exit:
			case <-time.After(20 * time.Second):
				t.Error("digestbot run did not return within 20s of its context ending")
			}
		})
		return code
	}
	t.Cleanup(func() {
		b.stop()
		if t.Failed() {
			t.Logf("digestbot %v log:\n%s", args, b.logs)
		}
	})
	return b
}

// pollNow polls every feed now and returns once its items are stored.
func (b *e2eBot) pollNow() {
	b.t.Helper()
	if err := b.poll(); err != nil {
		b.t.Fatalf("poll: %v", err)
	}
}

// running fails the test if `digestbot run` has returned.
func (b *e2eBot) running() {
	b.t.Helper()
	select {
	case code := <-b.exit:
		b.exit <- code
		b.t.Fatalf("digestbot run exited with %d", code)
	default:
	}
}

// e2eAnswer is what the user finally saw for an interaction.
type e2eAnswer struct {
	content   string
	embeds    []fakediscord.Embed
	ephemeral bool
	deferred  bool // acknowledged with "thinking…" first
}

func (a e2eAnswer) text() string {
	var sb strings.Builder
	sb.WriteString(a.content)
	for _, e := range a.embeds {
		sb.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			sb.WriteString("\n" + f.Name + ": " + f.Value)
		}
	}
	return sb.String()
}

// command dispatches a slash command, typed in the news channel by a new
// user each time (cooldowns are per user), and returns the answer.
func (b *e2eBot) command(perms int64, name string, opts ...fakediscord.Option) e2eAnswer {
	b.t.Helper()
	b.users++
	in := fakediscord.Invocation{
		GuildID: e2eGuild, ChannelID: e2eNewsChan, Permissions: perms, Name: name, Options: opts,
		UserID: fmt.Sprintf("3100000000000%05d", b.users),
	}
	return b.answer(b.fd.Dispatch(in))
}

func (b *e2eBot) answer(id string) e2eAnswer {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	in, err := b.fd.WaitInteraction(ctx, id, fakediscord.Done)
	if err != nil {
		b.t.Fatalf("interaction %s got no answer: %v (record %+v)", id, err, in)
	}
	var a e2eAnswer
	for _, c := range in.Callbacks {
		if c.Status >= 300 {
			b.t.Errorf("interaction %s: Discord refused a callback (type %d, status %d)", id, c.Type, c.Status)
			continue
		}
		switch c.Type {
		case fakediscord.CallbackMessage:
			a = e2eAnswer{content: c.Content, embeds: c.Embeds, ephemeral: c.Flags&fakediscord.FlagEphemeral != 0}
		case fakediscord.CallbackDeferredMessage:
			a.deferred = true
			a.ephemeral = c.Flags&fakediscord.FlagEphemeral != 0
		}
	}
	if a.deferred {
		if n := len(in.Followups); n > 0 {
			f := in.Followups[n-1]
			a.content, a.embeds, a.ephemeral = f.Content, f.Embeds, f.Flags&fakediscord.FlagEphemeral != 0
		} else if in.Original != nil {
			a.content, a.embeds = in.Original.Content, in.Original.Embeds
		}
	}
	return a
}

// e2eWantEphemeral checks an answer is a private message containing want.
func e2eWantEphemeral(t *testing.T, what string, a e2eAnswer, want string) {
	t.Helper()
	if !a.ephemeral || !strings.Contains(a.text(), want) {
		t.Errorf("%s: answer %q (ephemeral %v), want an ephemeral message containing %q", what, a.text(), a.ephemeral, want)
	}
}

func e2eClosedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestE2ESlashCommands(t *testing.T) {
	t.Parallel()
	news := newE2ENews(t, e2eMarket)
	// An allowed address where nothing listens: reachable by the rules,
	// unreachable in fact.
	unreachable := e2eClosedAddr(t)
	b := e2eStart(t, news, map[string]string{"DIGESTBOT_ALLOWED_ADDRESSES": news.addr() + "," + unreachable})
	// A live loopback server that is not allowed: the guard must refuse it
	// although it would answer.
	private := httptest.NewServer(http.HandlerFunc(news.serve))
	defer private.Close()

	sc := e2eSlash{b: b, news: news, unreachable: unreachable, private: private}
	t.Run("registration", func(t *testing.T) { e2eSlashRegistration(t, sc) })

	t.Run("feed add", func(t *testing.T) { e2eSlashFeedAdd(t, sc) })

	t.Run("permission refusal", func(t *testing.T) { e2eSlashPermissionRefusal(t, sc) })

	t.Run("bad input", func(t *testing.T) { e2eSlashBadInput(t, sc) })

	t.Run("feed list and autocomplete", func(t *testing.T) { e2eSlashFeedListAndAutocomplete(t, sc) })

	t.Run("subscribe and subscriptions", func(t *testing.T) { e2eSlashSubscribeAndSubscriptions(t, sc) })

	t.Run("summary", func(t *testing.T) { e2eSlashSummary(t, sc) })

	t.Run("unsubscribe", func(t *testing.T) { e2eSlashUnsubscribe(t, sc) })

	t.Run("feed remove", func(t *testing.T) { e2eSlashFeedRemove(t, sc) })

	t.Run("removed from the guild", func(t *testing.T) { e2eSlashRemovedFromTheGuild(t, sc) })

	b.running()
	if code := b.stop(); code != 0 {
		t.Errorf("digestbot run exited with %d after its context ended, want 0", code)
	}
}

// e2eSlash is what the steps of TestE2ESlashCommands share.
type e2eSlash struct {
	b           *e2eBot
	news        *e2eNews
	unreachable string
	private     *httptest.Server
}

func (b *e2eBot) feedAdd(perms int64, u string) e2eAnswer {
	return b.command(perms, "feed", fakediscord.Sub("add", fakediscord.Str("url", u)))
}

// e2eSlashRegistration is the "registration" step of TestE2ESlashCommands.
func e2eSlashRegistration(t *testing.T, sc e2eSlash) {
	b := sc.b
	cmds, puts := b.fd.Commands("")
	if puts != 1 {
		t.Errorf("%d bulk overwrites, want 1", puts)
	}
	manage := map[string]bool{}
	for _, raw := range cmds {
		var c struct {
			Name        string  `json:"name"`
			Permissions *string `json:"default_member_permissions"`
		}
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		manage[c.Name] = c.Permissions != nil && *c.Permissions == "32"
	}
	want := map[string]bool{"feed": true, "subscribe": true, "unsubscribe": true, "subscriptions": false, "summary": false, "digest": false}
	if !maps.Equal(manage, want) {
		t.Errorf("registered commands (name: needs Manage Server) = %v, want %v", manage, want)
	}
	ids := b.fd.Identifies()
	if len(ids) != 1 || ids[0].Intents != 1 || ids[0].Token != "Bot "+b.fd.Token() {
		t.Errorf("IDENTIFY = %+v, want one with the bot token and the Guilds intent only", ids)
	}
}

// e2eSlashFeedAdd is the "feed add" step of TestE2ESlashCommands.
func e2eSlashFeedAdd(t *testing.T, sc e2eSlash) {
	b, news := sc.b, sc.news
	a := b.feedAdd(e2eAdminPerms, news.feedURL())
	if !a.deferred {
		t.Error("/feed add answered without deferring first")
	}
	e2eWantEphemeral(t, "/feed add", a, "Now following **The Coastal Herald**")
}

// e2eSlashPermissionRefusal is the "permission refusal" step of TestE2ESlashCommands.
func e2eSlashPermissionRefusal(t *testing.T, sc e2eSlash) {
	b, news := sc.b, sc.news
	a := b.feedAdd(e2eMemberPerms, news.srv.URL+"/other.xml")
	e2eWantEphemeral(t, "/feed add by a member", a, "You need the Manage Server permission")
	a = b.command(e2eMemberPerms, "subscribe", fakediscord.Str("topic", "climate"))
	e2eWantEphemeral(t, "/subscribe by a member", a, "You need the Manage Server permission")
}

// e2eSlashBadInput is the "bad input" step of TestE2ESlashCommands.
func e2eSlashBadInput(t *testing.T, sc e2eSlash) {
	b, unreachable, private := sc.b, sc.unreachable, sc.private
	for _, tc := range []struct{ name, url, want string }{
		{"not a url", "not a url", "doesn't look like a web address"},
		{"unreachable feed", "http://" + unreachable + "/rss.xml", "That site could not be reached"},
		{"private address", private.URL + e2eFeedPath, "points into a private network"},
	} {
		a := b.feedAdd(e2eAdminPerms, tc.url)
		e2eWantEphemeral(t, "/feed add "+tc.name, a, tc.want)
		if strings.Contains(a.text(), b.fd.Token()) || strings.Contains(a.text(), "127.0.0.1") {
			t.Errorf("/feed add %s: the answer leaks internals: %q", tc.name, a.text())
		}
	}
	a := b.command(e2eMemberPerms, "summary", fakediscord.Str("url", private.URL+"/news/e2e_barrier"))
	e2eWantEphemeral(t, "/summary of a private address", a, "points into a private network")
	a = b.command(e2eAdminPerms, "subscribe", fakediscord.Str("topic", "climate"), fakediscord.Str("schedule", "every 5m"))
	e2eWantEphemeral(t, "/subscribe every 5m", a, "minimum is 15m")
	b.running()
}

// e2eSlashFeedListAndAutocomplete is the "feed list and autocomplete" step of TestE2ESlashCommands.
func e2eSlashFeedListAndAutocomplete(t *testing.T, sc e2eSlash) {
	b, news := sc.b, sc.news
	a := b.command(e2eAdminPerms, "feed", fakediscord.Sub("list"))
	e2eWantEphemeral(t, "/feed list", a, "follows 1 feed(s)")
	if !strings.Contains(a.text(), news.feedURL()) {
		t.Errorf("/feed list = %q, want the feed URL", a.text())
	}
	id := b.fd.Dispatch(fakediscord.Invocation{GuildID: e2eGuild, ChannelID: e2eNewsChan, Permissions: e2eAdminPerms,
		Name: "feed", Options: []fakediscord.Option{fakediscord.Sub("remove", fakediscord.Focused("feed", "herald"))}, Autocomplete: true})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	in, err := b.fd.WaitInteraction(ctx, id, fakediscord.Done)
	if err != nil || len(in.Callbacks) != 1 || len(in.Callbacks[0].Choices) != 1 ||
		!strings.HasPrefix(in.Callbacks[0].Choices[0].Name, "The Coastal Herald") {
		t.Errorf("autocomplete of /feed remove: %+v, %v; want the one feed", in.Callbacks, err)
	}
}

// e2eSlashSubscribeAndSubscriptions is the "subscribe and subscriptions" step of TestE2ESlashCommands.
func e2eSlashSubscribeAndSubscriptions(t *testing.T, sc e2eSlash) {
	b := sc.b
	a := b.command(e2eAdminPerms, "subscribe", fakediscord.Str("topic", "climate"),
		fakediscord.Channel("channel", e2eClimateChan), fakediscord.Str("schedule", "every 15m"), fakediscord.Str("timezone", "Europe/London"))
	e2eWantEphemeral(t, "/subscribe", a, "<#"+e2eClimateChan+"> will get digests about `climate`")
	a = b.command(e2eMemberPerms, "subscriptions")
	e2eWantEphemeral(t, "/subscriptions", a, "`climate` → <#"+e2eClimateChan+">")
}

// e2eSlashSummary is the "summary" step of TestE2ESlashCommands.
func e2eSlashSummary(t *testing.T, sc e2eSlash) {
	b, news := sc.b, sc.news
	a := b.command(e2eMemberPerms, "summary", fakediscord.Str("url", news.articleURL(e2eBarrier)))
	if !a.deferred || a.ephemeral {
		t.Errorf("/summary: deferred %v ephemeral %v, want a public answer after deferring", a.deferred, a.ephemeral)
	}
	if len(a.embeds) != 1 {
		t.Fatalf("/summary answered %q with %d embeds, want one card", a.content, len(a.embeds))
	}
	card := a.embeds[0]
	if card.Title != e2eBarrier.title || card.URL != news.articleURL(e2eBarrier) || card.Footer == nil || card.Footer.Text != "The Coastal Herald" {
		t.Errorf("card title %q url %q footer %+v", card.Title, card.URL, card.Footer)
	}
	if !strings.Contains(card.Description, "tidal barrier") {
		t.Errorf("card summary %q, want the article's sentences", card.Description)
	}
	page, err := os.ReadFile(filepath.Join("testdata", e2eBarrier.slug+".html"))
	if err != nil {
		t.Fatal(err)
	}
	// Each quote is the article's words, attributed to one of the two
	// people quoted in it; which quotes rank highest is the engine's call.
	quotes := 0
	for _, f := range card.Fields {
		if f.Name != "Quote" {
			continue
		}
		quotes++
		// “verbatim words” — Speaker with their title
		text, by, ok := strings.Cut(strings.TrimPrefix(f.Value, "“"), "” — ")
		if !ok {
			t.Errorf("quote field %q: want “words” — speaker", f.Value)
		}
		// A quote split by its attribution is joined with an ellipsis.
		for _, part := range strings.Split(text, " … ") {
			if !strings.Contains(html.UnescapeString(string(page)), part) {
				t.Errorf("quote field %q: %q is not verbatim from the article", f.Value, part)
			}
		}
		if !strings.Contains(by, "Elena Kovac") && !strings.Contains(by, "Samuel Okafor") {
			t.Errorf("quote %q attributed to %q, want Elena Kovac or Samuel Okafor", text, by)
		}
	}
	if quotes == 0 {
		t.Errorf("the card has no quotes: %+v", card.Fields)
	}
}

// e2eSlashUnsubscribe is the "unsubscribe" step of TestE2ESlashCommands.
func e2eSlashUnsubscribe(t *testing.T, sc e2eSlash) {
	b := sc.b
	a := b.command(e2eAdminPerms, "unsubscribe", fakediscord.Str("topic", "climate"), fakediscord.Channel("channel", e2eClimateChan))
	e2eWantEphemeral(t, "/unsubscribe", a, "will no longer get digests about `climate`")
	a = b.command(e2eAdminPerms, "unsubscribe", fakediscord.Str("topic", "climate"), fakediscord.Channel("channel", e2eClimateChan))
	e2eWantEphemeral(t, "/unsubscribe again", a, "has no subscription to `climate`")
}

// e2eSlashFeedRemove is the "feed remove" step of TestE2ESlashCommands.
func e2eSlashFeedRemove(t *testing.T, sc e2eSlash) {
	b, news := sc.b, sc.news
	a := b.command(e2eAdminPerms, "feed", fakediscord.Sub("remove", fakediscord.Str("feed", news.feedURL())))
	e2eWantEphemeral(t, "/feed remove", a, "Stopped following **The Coastal Herald**")
	a = b.command(e2eAdminPerms, "feed", fakediscord.Sub("list"))
	e2eWantEphemeral(t, "/feed list after removing", a, "follows no feeds yet")
}

// e2eSlashRemovedFromTheGuild is the "removed from the guild" step of TestE2ESlashCommands.
func e2eSlashRemovedFromTheGuild(t *testing.T, sc e2eSlash) {
	b := sc.b
	b.command(e2eAdminPerms, "subscribe", fakediscord.Str("topic", "harbour"))
	b.fd.RemoveGuild(e2eGuild, false)
	deadline := time.Now().Add(10 * time.Second)
	for {
		a := b.command(e2eMemberPerms, "subscriptions")
		if strings.Contains(a.text(), "no subscriptions") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after leaving the guild /subscriptions still says %q", a.text())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestE2EScheduledDigests(t *testing.T) {
	t.Parallel()
	news := newE2ENews(t, e2eMarket)
	metricsAddr := e2eClosedAddr(t)
	b := e2eStart(t, news, map[string]string{"DIGESTBOT_METRICS_ADDR": metricsAddr})
	e2eWantEphemeral(t, "/feed add", b.command(e2eAdminPerms, "feed", fakediscord.Sub("add", fakediscord.Str("url", news.feedURL()))), "Now following")
	for _, sub := range []struct{ topic, channel string }{{"climate", e2eClimateChan}, {"rovers OR football", e2eSportChan}} {
		a := b.command(e2eAdminPerms, "subscribe", fakediscord.Str("topic", sub.topic),
			fakediscord.Channel("channel", sub.channel), fakediscord.Str("schedule", "every 15m"))
		e2eWantEphemeral(t, "/subscribe "+sub.topic, a, "will get digests")
	}

	e2eFirstDigests(t, b, news)
	e2eRetriedDigest(t, b, news)
	e2eDigestCommandAndUnsubscribe(t, b, news)
	e2eLostChannel(t, b, news, metricsAddr)
	b.running()
}

// e2eFirstDigests: each channel gets only the stories matching its topic.
func e2eFirstDigests(t *testing.T, b *e2eBot, news *e2eNews) {
	t.Helper()
	news.publish(e2eBarrier)
	news.publish(e2eCup)
	b.pollNow()
	b.clock.Advance(16 * time.Minute)
	b.digest()
	climate := b.waitMessages(e2eClimateChan, 1)
	sport := b.waitMessages(e2eSportChan, 1)
	if got := e2eCardTitles(climate); !slices.Equal(got, []string{e2eBarrier.title}) {
		t.Errorf("climate digest cards %q, want only the barrier story", got)
	}
	if got := e2eCardTitles(sport); !slices.Equal(got, []string{e2eCup.title}) {
		t.Errorf("sport digest cards %q, want only the cup final", got)
	}
	if !strings.Contains(climate[0].Content, "Digest: climate") || climate[0].Nonce == "" {
		t.Errorf("climate digest message: content %q nonce %q, want a titled message sent with a nonce", climate[0].Content, climate[0].Nonce)
	}
	if card := climate[0].Embeds[0]; !slices.ContainsFunc(card.Fields, func(f fakediscord.EmbedField) bool {
		return f.Name == "Quote" && (strings.Contains(f.Value, "— Elena Kovac") || strings.Contains(f.Value, "— Samuel Okafor"))
	}) || !slices.ContainsFunc(card.Fields, func(f fakediscord.EmbedField) bool {
		return f.Name == "In this story" && strings.Contains(f.Value, "Elena Kovac")
	}) {
		t.Errorf("digest card fields %+v, want an attributed quote and the actors", card.Fields)
	}
	if len(b.fd.Messages(e2eNewsChan)) != 0 {
		t.Errorf("digests went to the channel where the commands were typed")
	}

}

// e2eRetriedDigest: the next digest holds only the new story, through a 429 and a 503.
func e2eRetriedDigest(t *testing.T, b *e2eBot, news *e2eNews) {
	t.Helper()
	// The next digest: a new story arrives once; Discord rate-limits the
	// post and then fails with a 503 first, and the bot retries through both.
	path := "/channels/" + e2eClimateChan + "/messages"
	b.fd.FailNext("POST", path, 1, fakediscord.Failure{Status: http.StatusTooManyRequests, RetryAfter: 300 * time.Millisecond})
	b.fd.FailNext("POST", path, 1, fakediscord.Failure{Status: http.StatusServiceUnavailable})
	news.publish(e2eDrought)
	b.pollNow()
	b.clock.Advance(16 * time.Minute)
	b.digest()
	climate := b.waitMessages(e2eClimateChan, 2)
	if got := e2eCardTitles(climate[1:]); !slices.Equal(got, []string{e2eDrought.title}) {
		t.Errorf("second climate digest cards %q, want only the new drought story", got)
	}
	// The fake logs a request once its answer is written, after the message is stored.
	e2eWaitFor(t, "the digest POST to be logged", 5*time.Second, func() bool { return len(b.fd.Requests("POST", path)) >= 4 })
	var statuses []int
	for _, r := range b.fd.Requests("POST", path) {
		statuses = append(statuses, r.Status)
	}
	if want := []int{200, 429, 503, 200}; !slices.Equal(statuses, want) {
		t.Errorf("POST %s statuses %v, want %v", path, statuses, want)
	}

}

// e2eDigestCommandAndUnsubscribe: /digest and /unsubscribe.
func e2eDigestCommandAndUnsubscribe(t *testing.T, b *e2eBot, news *e2eNews) {
	t.Helper()
	// /digest posts recent stories here, newest first, and records nothing.
	a := b.command(e2eMemberPerms, "digest", fakediscord.Str("topic", "climate"))
	if a.ephemeral || !slices.Equal(e2eTitles(a.embeds), []string{e2eDrought.title, e2eBarrier.title}) {
		t.Errorf("/digest climate: ephemeral %v cards %q, want both climate stories, newest first", a.ephemeral, e2eTitles(a.embeds))
	}

	// After /unsubscribe the climate channel gets nothing, while the sport
	// channel still gets a story that matches both topics.
	e2eWantEphemeral(t, "/unsubscribe", b.command(e2eAdminPerms, "unsubscribe", fakediscord.Str("topic", "climate"),
		fakediscord.Channel("channel", e2eClimateChan)), "will no longer get digests")
	news.publish(e2eTrees)
	b.pollNow()
	b.clock.Advance(16 * time.Minute)
	b.digest()
	sport := b.waitMessages(e2eSportChan, 2)
	if got := e2eCardTitles(sport); !slices.Equal(got, []string{e2eCup.title, e2eTrees.title}) {
		t.Errorf("sport digests %q, want the cup final then the tree planting, each once", got)
	}
	b.digest() // more ticks: nothing else may go out
	b.digest()
	if got := e2eCardTitles(b.fd.Messages(e2eClimateChan)); !slices.Equal(got, []string{e2eBarrier.title, e2eDrought.title}) {
		t.Errorf("climate channel after /unsubscribe: %q, want only the two earlier digests", got)
	}
	if n := len(b.fd.Messages(e2eSportChan)); n != 2 {
		t.Errorf("sport channel has %d messages, want 2: an empty digest is not posted", n)
	}

}

// e2eLostChannel: a 403 pauses the channel's subscription; the metrics add up.
func e2eLostChannel(t *testing.T, b *e2eBot, news *e2eNews, metricsAddr string) {
	t.Helper()
	// The bot loses access to the sport channel: its digest is given up,
	// the subscription paused, and /subscriptions says why.
	b.fd.SetChannelError(e2eSportChan, http.StatusForbidden)
	news.publish(e2eFerry)
	b.pollNow()
	b.clock.Advance(16 * time.Minute)
	b.digest()
	e2eWaitFor(t, "the sport subscription to be paused", 20*time.Second, func() bool {
		return strings.Contains(b.command(e2eMemberPerms, "subscriptions").text(), "Paused**: the bot cannot post in this channel")
	})
	b.fd.SetChannelError(e2eSportChan, 0)
	if n := len(b.fd.Messages(e2eSportChan)); n != 2 {
		t.Errorf("sport channel has %d messages after losing access, want 2", n)
	}
	// Whoever ran /subscribe for the sport channel is told, once, by DM.
	if users := b.fd.DMUsers(); len(users) != 1 {
		t.Errorf("DMs opened with %v, want only the sport subscription's creator", users)
	} else if dms := b.fd.DMs(users[0]); len(dms) != 1 || !strings.Contains(dms[0].Content, "<#"+e2eSportChan+"> on **Portmere**") ||
		!strings.Contains(dms[0].Content, "`rovers OR football`") {
		t.Errorf("pause DMs = %+v; want one about the sport channel and its topic", dms)
	}

	// Four digests delivered; five stories new (the last one's digest was
	// given up). The retried Discord errors were survived; the 403 was not.
	// Only the four stories of delivered digests have a delivery delay.
	metrics := e2eGet(t, "http://"+metricsAddr+"/metrics")
	for _, want := range []string{
		"digestbot_digests_sent_total 4", "digestbot_items_new_total 5", "digestbot_discord_errors_total 1",
		"digestbot_delivery_delay_seconds_count 4",
	} {
		if !strings.Contains(metrics, "\n"+want+"\n") {
			t.Errorf("/metrics lacks %q:\n%s", want, metrics)
		}
	}
	if health := e2eGet(t, "http://"+metricsAddr+"/healthz"); health != "ok\n" {
		t.Errorf("/healthz = %q", health)
	}
}

func e2eGet(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %d %v", u, resp.StatusCode, err)
	}
	return string(body)
}

// A metrics address in use stops `run` before it connects to Discord or
// polls a feed, and the database is released.
func TestE2EMetricsAddressInUse(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	news := newE2ENews(t, e2eMarket)
	fd := fakediscord.New(fakediscord.Options{})
	defer fd.Close()
	db := filepath.Join(t.TempDir(), "digestbot.db")
	env := map[string]string{
		"DISCORD_TOKEN": fd.Token(), "DIGESTBOT_DB": db, "DIGESTBOT_DISCORD_API_URL": fd.URL,
		"DIGESTBOT_ALLOWED_ADDRESSES": news.addr(), "DIGESTBOT_METRICS_ADDR": busy.Addr().String(),
	}
	logs := &e2eLog{}
	c := &cli{stdin: strings.NewReader(""), stdout: logs, stderr: logs, getenv: func(k string) string { return env[k] }}
	if code := runCLI(context.Background(), c, []string{"run"}); code != 1 || !strings.Contains(logs.String(), "metrics: listen on") {
		t.Fatalf("run with a busy metrics address: exit %d, output:\n%s", code, logs)
	}
	time.Sleep(300 * time.Millisecond)
	if reqs := fd.Requests("", "/"); len(reqs) != 0 {
		t.Errorf("run reached Discord after failing: %+v", reqs)
	}
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatalf("the database is still locked: %v", err)
	}
	st.Close()
}

// waitMessages waits until a channel holds n messages and returns them.
func (b *e2eBot) waitMessages(channelID string, n int) []fakediscord.Message {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	msgs, err := b.fd.WaitMessages(ctx, channelID, n)
	if err != nil {
		b.t.Fatalf("channel %s has %d messages, want %d: %v", channelID, len(msgs), n, err)
	}
	return msgs
}

func e2eCardTitles(msgs []fakediscord.Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, e2eTitles(m.Embeds)...)
	}
	return out
}

func e2eTitles(embeds []fakediscord.Embed) []string {
	var out []string
	for _, e := range embeds {
		out = append(out, e.Title)
	}
	return out
}

func e2eContainsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
