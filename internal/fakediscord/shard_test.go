package fakediscord

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func identifyShard(t *testing.T, ws *websocket.Conn, token string, shard [2]int) {
	t.Helper()
	err := ws.WriteJSON(map[string]any{"op": 2, "d": map[string]any{
		"token": token, "intents": 1, "shard": shard, "properties": map[string]string{"os": "linux", "browser": "test", "device": "test"},
	}})
	if err != nil {
		t.Fatal(err)
	}
}

// Guilds 4194304 (1 << 22) and 8388608 (2 << 22) are on shards 1 and 0 of 2.
const shardGuildA, shardGuildB = "4194304", "8388608"

func TestGatewayRoutesGuildsToTheirShard(t *testing.T) {
	s := New(Options{Guilds: []Guild{{ID: shardGuildA}, {ID: shardGuildB}}})
	defer s.Close()
	got := map[int][]string{}
	conns := map[int]*websocket.Conn{}
	for id := range 2 {
		ws := gatewayDial(t, s)
		read(t, ws) // HELLO
		identifyShard(t, ws, "Bot "+s.Token(), [2]int{id, 2})
		var r struct{ Shard [2]int }
		if f := read(t, ws); f.T != "READY" || json.Unmarshal(f.D, &r) != nil || r.Shard != [2]int{id, 2} {
			t.Fatalf("shard %d: READY = %s %s", id, f.T, f.D)
		}
		f := read(t, ws)
		var g struct{ ID string }
		_ = json.Unmarshal(f.D, &g)
		got[id] = append(got[id], g.ID)
		conns[id] = ws
	}
	if got[0][0] != shardGuildB || got[1][0] != shardGuildA {
		t.Fatalf("GUILD_CREATE per shard = %v, want shard 0: %s, shard 1: %s", got, shardGuildB, shardGuildA)
	}
	// An interaction of guild A goes to shard 1 only.
	s.Dispatch(Invocation{GuildID: shardGuildA, ChannelID: "1", Name: "feed"})
	if f := read(t, conns[1]); f.T != "INTERACTION_CREATE" {
		t.Errorf("shard 1 got %s, want the interaction", f.T)
	}
	_ = conns[0].SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	var f frame
	if err := conns[0].ReadJSON(&f); err == nil {
		t.Errorf("shard 0 got %s %s for a guild of shard 1", f.T, f.D)
	}
}

func TestGatewayRejectsABadShard(t *testing.T) {
	for _, sh := range [][2]int{{2, 2}, {-1, 2}, {0, 0}} {
		s := New(Options{})
		ws := gatewayDial(t, s)
		read(t, ws)
		identifyShard(t, ws, "Bot "+s.Token(), sh)
		_ = ws.SetReadDeadline(time.Now().Add(3 * time.Second))
		_, _, err := ws.ReadMessage()
		var ce *websocket.CloseError
		if !asCloseError(err, &ce) || ce.Code != CloseInvalidShard {
			t.Errorf("shard %v: got %v, want close %d", sh, err, CloseInvalidShard)
		}
		s.Close()
	}
}

func TestGatewayBotPlanAndSessionStarts(t *testing.T) {
	s := New(Options{Shards: 3, SessionStarts: 10, MaxConcurrency: 2})
	defer s.Close()
	ws := gatewayDial(t, s) // GET /gateway/bot
	read(t, ws)
	identifyShard(t, ws, "Bot "+s.Token(), [2]int{0, 3})
	read(t, ws) // READY
	_, body, _ := do(t, s, "GET", "/gateway/bot", "Bot "+s.Token(), nil)
	lim, _ := body["session_start_limit"].(map[string]any)
	if body["shards"] != 3.0 || lim["total"] != 10.0 || lim["remaining"] != 9.0 || lim["max_concurrency"] != 2.0 {
		t.Errorf("GET /gateway/bot = %v", body)
	}
}

func TestRateLimitsCountedAndEnforced(t *testing.T) {
	s := New(Options{GlobalLimit: 3, GlobalWindow: time.Hour, RouteLimit: 2, RouteWindow: time.Hour})
	defer s.Close()
	msg := map[string]string{"content": "hi"}
	st, _, h := do(t, s, "POST", "/channels/7/messages", "Bot "+s.Token(), msg)
	if st != 200 || h.Get("X-RateLimit-Remaining") != "1" || h.Get("X-RateLimit-Limit") != "2" {
		t.Fatalf("first message: %d, remaining %q", st, h.Get("X-RateLimit-Remaining"))
	}
	do(t, s, "POST", "/channels/7/messages", "Bot "+s.Token(), msg)
	st, body, h := do(t, s, "POST", "/channels/7/messages", "Bot "+s.Token(), msg)
	if st != http.StatusTooManyRequests || body["global"] != false || h.Get("X-RateLimit-Scope") != "user" {
		t.Errorf("third message in the route's window: %d %v", st, body)
	}
	st, body, h = do(t, s, "POST", "/channels/8/messages", "Bot "+s.Token(), msg)
	if st != http.StatusTooManyRequests || body["global"] != true || h.Get("X-RateLimit-Global") != "true" {
		t.Errorf("fourth request in the global window: %d %v", st, body)
	}
	if global, route := s.RateLimited(); global != 1 || route != 1 {
		t.Errorf("RateLimited = %d, %d; want 1, 1", global, route)
	}
	if n := s.MaxRequestsPer(time.Second); n != 4 {
		t.Errorf("MaxRequestsPer = %d, want 4", n)
	}
}
