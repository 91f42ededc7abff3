package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/fakediscord"
	"github.com/digestbot/digestbot/internal/shard"
	"github.com/digestbot/digestbot/internal/store"
)

// e2eShardGuilds are six guilds, (k+1) << 22: two on each of three shards,
// three on each of two.
func e2eShardGuilds() []fakediscord.Guild {
	var gs []fakediscord.Guild
	for k := range 6 {
		gs = append(gs, fakediscord.Guild{ID: strconv.FormatUint(uint64(k+1)<<22, 10), Channels: []string{fmt.Sprintf("6%017d", k)}})
	}
	return gs
}

// e2eStartShards runs count `digestbot run --shard i/count` processes, each
// on dbs[i], and waits until every shard's session is ready.
func e2eStartShards(t *testing.T, fd *fakediscord.Server, news *e2eNews, dbs []string) []*e2eBot {
	t.Helper()
	var bots []*e2eBot
	for i, db := range dbs {
		bots = append(bots, e2eRun(t, fd, news, map[string]string{"DIGESTBOT_DB": db}, "run", "--shard", fmt.Sprintf("%d/%d", i, len(dbs))))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := fd.WaitShardsReady(ctx, len(dbs)); err != nil {
		t.Fatalf("the %d shards did not all connect: %v", len(dbs), err)
	}
	for _, b := range bots {
		<-b.started
	}
	return bots
}

// e2eGuildCommand runs a command typed in a guild's channel; the fake
// routes it to the guild's shard only.
func e2eGuildCommand(b *e2eBot, g fakediscord.Guild, name string, opts ...fakediscord.Option) e2eAnswer {
	b.users++
	return b.answer(b.fd.Dispatch(fakediscord.Invocation{
		GuildID: g.ID, ChannelID: g.Channels[0], Permissions: e2eAdminPerms, Name: name, Options: opts,
		UserID: fmt.Sprintf("3200000000000%05d", b.users),
	}))
}

// e2eDigestAll polls and runs a digest tick in every process, after
// advancing their clocks past the next firing.
func e2eDigestAll(bots []*e2eBot, advance time.Duration) {
	for _, b := range bots {
		b.pollNow()
		b.clock.Advance(advance)
		b.digest()
	}
}

// e2eWantDigests waits until every guild's channel holds n messages, then
// checks that no more arrive.
func e2eWantDigests(t *testing.T, fd *fakediscord.Server, guilds []fakediscord.Guild, n int, title string) {
	t.Helper()
	for _, g := range guilds {
		e2eWaitFor(t, fmt.Sprintf("guild %s's digest %d", g.ID, n), 20*time.Second, func() bool { return len(fd.Messages(g.Channels[0])) >= n })
	}
	time.Sleep(300 * time.Millisecond) // a second copy, if any, would come now
	for _, g := range guilds {
		msgs := fd.Messages(g.Channels[0])
		if len(msgs) != n || !slices.Contains(e2eCardTitles(msgs[n-1:]), title) {
			t.Errorf("guild %s: %d messages, last cards %q; want %d, the last about %q", g.ID, len(msgs), e2eCardTitles(msgs[len(msgs)-1:]), n, title)
		}
	}
}

// e2eShardSubscriptions opens a stopped shard's database and returns the
// guilds of its subscriptions.
func e2eShardSubscriptions(t *testing.T, db string) []string {
	t.Helper()
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	subs, err := st.ActiveSubscriptions()
	if err != nil {
		t.Fatal(err)
	}
	var guilds []string
	for _, s := range subs {
		guilds = append(guilds, s.GuildID)
	}
	return guilds
}

// TestE2EThreeShardsThenReshardToTwo is issue 9's shard test: three
// processes, each with its own database, get only their guilds' commands,
// and every guild gets its digest once; after `reshard` to two and a
// restart with two, the subscriptions are intact and nothing is delivered
// again, while new stories still are.
func TestE2EThreeShardsThenReshardToTwo(t *testing.T) {
	t.Parallel()
	news := newE2ENews(t, e2eMarket)
	guilds := e2eShardGuilds()
	fd := fakediscord.New(fakediscord.Options{HeartbeatInterval: 500 * time.Millisecond, Guilds: guilds, Shards: 3, MaxConcurrency: 3})
	t.Cleanup(fd.Close)
	dir := t.TempDir()
	dbs := []string{filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db"), filepath.Join(dir, "c.db")}
	bots := e2eStartShards(t, fd, news, dbs)

	for _, g := range guilds {
		e2eWantEphemeral(t, "/feed add in "+g.ID, e2eGuildCommand(bots[0], g, "feed", fakediscord.Sub("add", fakediscord.Str("url", news.feedURL()))), "Now following")
		a := e2eGuildCommand(bots[0], g, "subscribe", fakediscord.Str("topic", "climate"), fakediscord.Channel("channel", g.Channels[0]), fakediscord.Str("schedule", "every 15m"))
		e2eWantEphemeral(t, "/subscribe in "+g.ID, a, "will get digests")
	}
	news.publish(e2eBarrier)
	e2eDigestAll(bots, 16*time.Minute)
	e2eWantDigests(t, fd, guilds, 1, e2eBarrier.title)
	for i, b := range bots {
		if b.stop() != 0 {
			t.Fatalf("shard %d exited with an error", i)
		}
		if strings.Contains(b.logs.String(), "another shard") {
			t.Errorf("shard %d was sent another shard's event", i)
		}
		for _, g := range e2eShardSubscriptions(t, dbs[i]) {
			if !(shard.Shard{ID: i, Count: 3}).Owns(g) {
				t.Errorf("shard %d's database holds a subscription of guild %s, another shard's", i, g)
			}
		}
	}

	out := filepath.Join(dir, "two")
	reshard := e2eRun(t, fd, news, nil, "reshard", "--from", strings.Join(dbs, ","), "--to", "2", "--out", out)
	if code := <-reshard.exit; code != 0 {
		t.Fatalf("reshard exited with %d:\n%s", code, reshard.logs)
	}
	reshard.exit <- 0
	two := []string{filepath.Join(out, "digestbot-shard-0-of-2.db"), filepath.Join(out, "digestbot-shard-1-of-2.db")}
	bots = e2eStartShards(t, fd, news, two)
	for _, g := range guilds {
		if a := e2eGuildCommand(bots[0], g, "subscriptions"); !strings.Contains(a.text(), "climate") {
			t.Errorf("guild %s after resharding: /subscriptions = %q, want the climate subscription", g.ID, a.text())
		}
	}
	e2eDigestAll(bots, 40*time.Minute) // past every next firing: nothing new, nothing resent
	time.Sleep(300 * time.Millisecond)
	news.publish(e2eDrought)
	e2eDigestAll(bots, 20*time.Minute)
	e2eWantDigests(t, fd, guilds, 2, e2eDrought.title)
	if _, puts := fd.Commands(""); puts != 2 {
		t.Errorf("%d bulk overwrites of the commands, want 2: one per start of shard 0, none by the others", puts)
	}
}

// TestRunShardAutoPrintsThePlan: `run --shard auto` asks GET /gateway/bot,
// prints the plan and starts nothing; a bad --shard is a usage error.
func TestRunShardAutoPrintsThePlan(t *testing.T) {
	t.Parallel()
	fd := fakediscord.New(fakediscord.Options{Shards: 3, SessionStarts: 1000, MaxConcurrency: 1})
	t.Cleanup(fd.Close)
	env := map[string]string{"DISCORD_TOKEN": fd.Token(), "DIGESTBOT_DISCORD_API_URL": fd.URL, "DIGESTBOT_DB": filepath.Join(t.TempDir(), "x.db")}
	run := func(args ...string) (int, string) {
		out := &e2eLog{}
		c := &cli{stdin: strings.NewReader(""), stdout: out, stderr: out, getenv: func(k string) string { return env[k] }, now: time.Now}
		return runCLI(context.Background(), c, args), out.String()
	}
	code, out := run("run", "--shard", "auto")
	for _, want := range []string{"Discord recommends 3 shards", "1000 of 1000 left", "max_concurrency: 1", "all 3 are up in about 10s", "digestbot run --shard 2/3"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("run --shard auto: exit %d, output lacks %q:\n%s", code, want, out)
		}
	}
	if len(fd.Identifies()) != 0 {
		t.Error("--shard auto connected to the gateway")
	}
	if code, out := run("run", "--shard", "3/3"); code == 0 || !strings.Contains(out, "shard") {
		t.Errorf("run --shard 3/3: exit %d, %s", code, out)
	}
}
