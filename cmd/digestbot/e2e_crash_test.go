package main

import (
	"context"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/fakediscord"
	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/poller"
	"github.com/digestbot/digestbot/internal/safehttp"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/testclock"
)

// e2eProcess is a `digestbot run` subprocess.
type e2eProcess struct {
	cmd  *exec.Cmd
	logs *e2eLog
	done chan error
}

func e2eSpawn(t *testing.T, bin string, env []string) *e2eProcess {
	t.Helper()
	p := &e2eProcess{cmd: exec.Command(bin, "run"), logs: &e2eLog{}, done: make(chan error, 1)}
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("digestbot (pid %d) log:\n%s", p.cmd.Process.Pid, p.logs)
		}
	})
	return p
}

// signal sends sig and waits for the process to end; SIGTERM must end it cleanly.
func (p *e2eProcess) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		p.done <- err
		if sig == syscall.SIGTERM && err != nil {
			t.Errorf("digestbot after SIGTERM: %v, want a clean exit\n%s", err, p.logs)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("digestbot did not exit within 20s of %v", sig)
	}
}

// e2eWaitFor polls cond until it holds or the time is up.
func e2eWaitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestE2ECrashRestartDeliversOnce kills the real binary while Discord holds
// the answer to a digest it has already accepted, restarts it on the same
// database and checks that the digest is posted once, the subscription
// survives and a story published after the restart arrives once.
func TestE2ECrashRestartDeliversOnce(t *testing.T) {
	t.Parallel()
	bin := digestbotBinary(t)
	news := newE2ENews(t, e2eMarket)
	fd := fakediscord.New(fakediscord.Options{
		HeartbeatInterval: 500 * time.Millisecond,
		Guilds:            []fakediscord.Guild{{ID: e2eGuild, Name: "Portmere", Channels: []string{e2eNewsChan, e2eClimateChan}}},
	})
	t.Cleanup(fd.Close)
	db := filepath.Join(t.TempDir(), "digestbot.db")
	subID := e2eSeed(t, db, news)

	env := e2eProcessEnv(fd, news, db)
	path := "/channels/" + e2eClimateChan + "/messages"
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()

	// 1. The seeded subscription is overdue: the first tick posts its
	// digest. Discord records the message but the answer never arrives.
	release := fd.HoldResponses(e2eClimateChan)
	first := e2eSpawn(t, bin, env)
	held, err := fd.WaitMessages(ctx, e2eClimateChan, 1)
	if err != nil {
		t.Fatalf("no digest posted: %v\n%s", err, first.logs)
	}
	if got := e2eCardTitles(held); !slices.Equal(got, []string{e2eBarrier.title}) {
		t.Fatalf("first digest cards %q, want the barrier story only", got)
	}
	first.signal(t, syscall.SIGKILL)
	release()

	// 2. Restarted on the same database, the bot resends the pending
	// delivery with the same nonce; Discord answers with the original.
	second := e2eSpawn(t, bin, env)
	e2eWaitFor(t, "the pending digest to be resent", 60*time.Second, func() bool { return len(fd.Requests("POST", path)) >= 2 })
	// Two POSTs, one message: the resend carried the first one's nonce.
	if msgs := fd.Messages(e2eClimateChan); len(msgs) != 1 {
		t.Errorf("after the restart the channel has %d messages, want 1", len(msgs))
	}
	e2eWaitFor(t, "the restarted bot to connect", 30*time.Second, func() bool {
		_, puts := fd.Commands("")
		return puts >= 2
	})
	in, err := fd.WaitInteraction(ctx, fd.Dispatch(fakediscord.Invocation{
		GuildID: e2eGuild, ChannelID: e2eNewsChan, Permissions: e2eMemberPerms, Name: "subscriptions",
	}), fakediscord.Done)
	if err != nil || in.Original == nil || !strings.Contains(in.Original.Content, "`climate` → <#"+e2eClimateChan+">") {
		t.Errorf("/subscriptions after the restart: %+v, %v; want the climate subscription", in.Original, err)
	}

	// 3. A story published now is polled and stored by the running bot.
	news.publish(e2eDrought)
	news.waitPolls(t)
	second.signal(t, syscall.SIGTERM)

	// The bot runs on the real clock and schedules are at least 15 minutes
	// apart; rather than wait, move the last and the next digest 20 minutes
	// back, as if that much time had passed. The barrier story then lies inside the next
	// digest's window again, so only its delivered marker keeps it out.
	e2eRewindDigest(t, db, subID, held[0].ID)

	// 4. The next digest holds the new story only.
	e2eSpawn(t, bin, env)
	msgs, err := fd.WaitMessages(ctx, e2eClimateChan, 2)
	if err != nil {
		t.Fatalf("no second digest: %v", err)
	}
	time.Sleep(600 * time.Millisecond) // three more ticks: nothing else may arrive
	msgs = fd.Messages(e2eClimateChan)
	if got := e2eCardTitles(msgs); !slices.Equal(got, []string{e2eBarrier.title, e2eDrought.title}) {
		t.Errorf("climate channel cards %q, want the barrier story then the drought story, each once", got)
	}
	if msgs[0].ID != held[0].ID {
		t.Errorf("the first message is %s, want the original %s", msgs[0].ID, held[0].ID)
	}
}

// e2eSeed prepares the database as a bot that ran before would have left
// it: the guild follows the feed (its first poll two hours ago was the
// baseline), two stories arrived five minutes ago, and a climate
// subscription made an hour ago has never had a digest, so it is overdue.
func e2eSeed(t *testing.T, db string, news *e2eNews) uint64 {
	t.Helper()
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now()
	clock := testclock.Live()
	clock.Advance(-2 * time.Hour)
	client := safehttp.NewClient(safehttp.Options{AllowAddrs: []netip.AddrPort{netip.MustParseAddrPort(news.addr())}, Timeout: 5 * time.Second})
	p := poller.New(st, feed.NewFetcher(client, feed.FetcherOptions{}), poller.Options{Policy: feed.PollPolicy{Interval: time.Second}, Now: clock.Now})
	ctx := context.Background()
	if _, _, err := p.Add(ctx, news.feedURL(), e2eGuild); err != nil {
		t.Fatal(err)
	}
	news.publish(e2eBarrier)
	news.publish(e2eCup)
	clock.Advance(115 * time.Minute)
	var added int
	if err := p.PollDue(ctx, true, func(o poller.Outcome) { added += len(o.NewItems) }); err != nil || added != 2 {
		t.Fatalf("seeding poll: %d new items, %v; want 2", added, err)
	}
	sub, err := st.AddSubscription(store.Subscription{
		GuildID: e2eGuild, ChannelID: e2eClimateChan, Topic: "climate", Schedule: "every 15m", Timezone: "UTC",
		CreatedBy: "310000000000000001", CreatedAt: now.Add(-time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	return sub.ID
}

// e2eProcessEnv is the environment of a `digestbot run` subprocess against fd
// and news on db: this process's own, without any digestbot settings.
func e2eProcessEnv(fd *fakediscord.Server, news *e2eNews, db string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DIGESTBOT_") && !strings.HasPrefix(kv, "DISCORD_") {
			env = append(env, kv)
		}
	}
	env = append(env,
		asDigestbot+"=1",
		"DISCORD_TOKEN="+fd.Token(),
		"DIGESTBOT_DB="+db,
		"DIGESTBOT_DISCORD_API_URL="+fd.URL,
		"DIGESTBOT_DIGEST_TICK=200ms",
		"DIGESTBOT_POLL_INTERVAL=1s",
		"DIGESTBOT_ALLOWED_ADDRESSES="+news.addr(),
		"DIGESTBOT_LOG_LEVEL=debug",
	)
	return env
}

// e2eRewindDigest checks the store after the resend, then moves the
// subscription's last and next digest 20 minutes back, as if that much time
// had passed.
func e2eRewindDigest(t *testing.T, db string, subID uint64, heldID string) {
	t.Helper()
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if pending, err := st.PendingDeliveries(); err != nil || len(pending) != 0 {
		t.Errorf("pending deliveries after the resend: %+v, %v", pending, err)
	}
	// The first delivery of a new database is number 1; it must record the
	// id of the message Discord accepted before the crash.
	if d, err := st.Delivery(1); err != nil || d.State != store.DeliverySent || !slices.Equal(d.MessageIDs, []string{heldID}) {
		t.Errorf("delivery 1 = %+v, %v; want sent as message %s", d, err, heldID)
	}
	sub, err := st.Subscription(subID)
	if err != nil {
		t.Fatal(err)
	}
	sub.LastDigestAt = sub.LastDigestAt.Add(-20 * time.Minute)
	sub.NextDigestAt = sub.NextDigestAt.Add(-20 * time.Minute)
	if err := st.UpdateSubscription(sub); err != nil {
		t.Fatal(err)
	}
	st.Close()
}
