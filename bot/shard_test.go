package bot

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/fakediscord"
	"github.com/digestbot/digestbot/internal/shard"
)

func TestShardIdentifiesWithItsShardAfterItsTurn(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{MaxConcurrency: 2, Guilds: []fakediscord.Guild{}})
	h.cfg.Shard = shard.Shard{ID: 5, Count: 6}
	h.cfg.IdentifyInterval = 150 * time.Millisecond
	b, err := New(h.cfg, h.svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	began := time.Now()
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-b.Ready():
	case err := <-done:
		t.Fatalf("Run returned early: %v", err)
	case <-time.After(waitLimit):
		t.Fatal("shard 5 did not become ready")
	}
	if _, puts := h.fd.Commands(""); puts != 0 {
		t.Errorf("shard 5 registered the commands; shard 0 does")
	}
	ids := h.fd.Identifies()
	if len(ids) != 1 || ids[0].Shard == nil || *ids[0].Shard != [2]int{5, 6} {
		t.Fatalf("IDENTIFY = %+v, want shard [5, 6]", ids)
	}
	// Shard 5 with max_concurrency 2 is in round 5/2 = 2: two intervals.
	if waited := ids[0].At.Sub(began); waited < 300*time.Millisecond {
		t.Errorf("shard 5 identified %s after start, before its round at 300ms", waited)
	}
}

func TestShardRefusesToStartWithoutSessionStarts(t *testing.T) {
	t.Parallel()
	h := newHarness(t, fakediscord.Options{SessionStarts: 1000})
	h.fd.SetSessionStartsRemaining(0)
	b, err := New(h.cfg, h.svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Run(context.Background())
	var limit *SessionLimitError
	if !errors.As(err, &limit) || !strings.Contains(err.Error(), "1000") || !strings.Contains(err.Error(), "UTC") {
		t.Fatalf("Run = %v, want a SessionLimitError saying when starts are allowed again", err)
	}
	if n := len(h.fd.Identifies()); n != 0 {
		t.Errorf("%d identifies spent with none left", n)
	}
}

func TestGatewayPlan(t *testing.T) {
	t.Parallel()
	fd := fakediscord.New(fakediscord.Options{Shards: 4, SessionStarts: 1000, MaxConcurrency: 2})
	t.Cleanup(fd.Close)
	p, err := GatewayPlan(context.Background(), Config{Token: fd.Token(), APIBaseURL: fd.URL})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Plan{Shards: 4, Total: 1000, Remaining: 1000, ResetAfter: 4 * time.Hour, MaxConcurrency: 2}); p != want {
		t.Errorf("GatewayPlan = %+v, want %+v", p, want)
	}
	if _, err := GatewayPlan(context.Background(), Config{Token: "wrong-secret", APIBaseURL: fd.URL}); err == nil || strings.Contains(err.Error(), "wrong-secret") {
		t.Errorf("a bad token: %v, want an error without the token", err)
	}
}

func TestBotIgnoresAnotherShardsGuild(t *testing.T) {
	t.Parallel()
	b := &Bot{cfg: Config{Shard: shard.Shard{ID: 0, Count: 2}}, log: slog.New(slog.DiscardHandler)}
	if b.serves("4194304") || !b.serves("8388608") || !b.serves("") {
		t.Error("serves disagrees with (guild_id >> 22) % 2 on shard 0")
	}
}
