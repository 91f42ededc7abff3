package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/store"
)

// notifyingOutlet is a fakeOutlet that also takes pause notices, as the bot
// does; err, when set, is every notice's answer (DMs closed).
type notifyingOutlet struct {
	*fakeOutlet
	mu      sync.Mutex
	notices []PauseNotice
	waits   []time.Duration // how long each notice was given
	err     error
}

func (o *notifyingOutlet) NotifyPaused(ctx context.Context, n PauseNotice) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.notices = append(o.notices, n)
	wait := time.Duration(-1) // no deadline
	if dl, ok := ctx.Deadline(); ok {
		wait = time.Until(dl)
	}
	o.waits = append(o.waits, wait)
	return o.err
}

func (o *notifyingOutlet) sent() []PauseNotice {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]PauseNotice(nil), o.notices...)
}

// loseChannel makes every post to ch fail as a deleted channel does.
func loseChannel(out *fakeOutlet, ch string) {
	out.fail = func(channelID string) (error, bool) {
		if channelID == ch {
			return &ChannelGoneError{Reason: "the channel no longer exists"}, false
		}
		return nil, true
	}
}

func (e *env) channelSubs(channelID string) []store.Subscription {
	e.t.Helper()
	subs, err := e.st.Subscriptions(guild, channelID)
	if err != nil {
		e.t.Fatal(err)
	}
	return subs
}

func TestPauseTellsEachCreatorOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.subscribeAs(channel, farmers, "u1")
	e.subscribeAs(channel, "ukraine", "u1")
	e.subscribeAs(channel, "energy", "u2")
	e.subscribeAs(channel, "sport", "") // made by the CLI: nobody to tell
	e.subscribeAs(otherCh, farmers, "u3")
	e.publish("Kovac pledges support for farmers")
	out := &notifyingOutlet{fakeOutlet: e.out}
	loseChannel(e.out, channel)

	e.clock.Advance(time.Hour + time.Minute)
	pausedAt := e.clock.Now()
	e.p.Tick(context.Background(), out)

	want := []PauseNotice{
		{UserID: "u1", GuildID: guild, ChannelID: channel, Topics: []string{farmers, "ukraine"}, Reason: "the channel no longer exists", At: pausedAt},
		{UserID: "u2", GuildID: guild, ChannelID: channel, Topics: []string{"energy"}, Reason: "the channel no longer exists", At: pausedAt},
	}
	if got := out.sent(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("notices = %+v\nwant %+v", got, want)
	}
	for _, sub := range e.channelSubs(channel) {
		if !sub.Paused {
			t.Errorf("subscription %q of the lost channel is not paused", sub.Topic)
		}
	}
	if subs := e.channelSubs(otherCh); len(subs) != 1 || subs[0].Paused || len(e.out.channel(otherCh)) != 1 {
		t.Errorf("the other channel was disturbed: %+v, %d messages", subs, len(e.out.channel(otherCh)))
	}

	// Later ticks find the channel paused already: nobody is told again.
	e.clock.Advance(3 * time.Hour)
	e.publish("Energy prices rise for farmers")
	e.p.Tick(context.Background(), out)
	if got := out.sent(); len(got) != 2 {
		t.Fatalf("%d notices after a later tick, want still 2: %+v", len(got), got[2:])
	}

	// Resumed by /subscribe and lost again: a new pause, a new notice, to
	// the one whose subscription it paused.
	e.subscribeAs(channel, "energy", "u2")
	e.clock.Advance(2 * time.Hour)
	e.publish("Energy ministers meet")
	e.p.Tick(context.Background(), out)
	if got := out.sent(); len(got) != 3 || got[2].UserID != "u2" || fmt.Sprint(got[2].Topics) != "[energy]" {
		t.Errorf("notices after the second pause = %+v; want a third, to u2 about energy", got)
	}
}

func TestPauseStandsWhenTheNoticeFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// slog's handler serialises the workers' writes, and the buffer is read
	// after Tick has returned.
	var logs bytes.Buffer
	e.p = New(e.st, nil, nil, Options{Now: e.clock.Now, Logger: slog.New(slog.NewTextHandler(&logs, nil))}).
		WithStoryteller(titleStories{})
	e.subscribeAs(channel, farmers, "u1")
	e.subscribeAs(channel, "kovac", "u2")
	e.publish("Kovac pledges support for farmers")
	out := &notifyingOutlet{fakeOutlet: e.out, err: errors.New("bot: send_dm: HTTP 403 Forbidden, 50007 Cannot send messages to this user")}
	loseChannel(e.out, channel)

	e.clock.Advance(time.Hour + time.Minute)
	e.p.Tick(context.Background(), out)
	for _, sub := range e.channelSubs(channel) {
		if !sub.Paused || sub.PausedReason != "the channel no longer exists" {
			t.Errorf("subscription %q = paused %v (%q); a failed notice must not undo the pause", sub.Topic, sub.Paused, sub.PausedReason)
		}
	}
	if pending, _ := e.st.PendingDeliveries(); len(pending) != 0 {
		t.Errorf("a failed notice left the delivery pending: %+v", pending)
	}
	if got := out.sent(); len(got) != 2 {
		t.Errorf("%d notices tried, want one per creator: %+v", len(got), got)
	}
	// A notice is sent within the tick; a chat service that hangs must not
	// hold it for longer than the notice's bound.
	for i, wait := range out.waits {
		if wait < 0 || wait > pauseNoticeTimeout {
			t.Errorf("notice %d was given %v, want a deadline within %v", i, wait, pauseNoticeTimeout)
		}
	}
	if !strings.Contains(logs.String(), "50007") || !strings.Contains(logs.String(), "user_id=u1") {
		t.Errorf("the failed notices were not logged:\n%s", logs.String())
	}

	// No retries on later ticks.
	e.clock.Advance(3 * time.Hour)
	e.p.Tick(context.Background(), out)
	if got := out.sent(); len(got) != 2 {
		t.Errorf("%d notices after a later tick; a failed notice is not retried", len(got))
	}
}
