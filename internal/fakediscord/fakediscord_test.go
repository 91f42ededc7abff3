package fakediscord

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

func do(t *testing.T, s *Server, method, path, auth string, body any) (int, map[string]any, http.Header) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, s.URL+"/api/v9"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out, resp.Header
}

func code(m map[string]any) int {
	c, _ := m["code"].(float64)
	return int(c)
}

func TestAuthorizationNeedsBotPrefix(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	for _, tc := range []struct {
		auth string
		want int
	}{
		{"Bot " + s.Token(), 200},
		{s.Token(), 401},
		{"Bearer " + s.Token(), 401},
		{"Bot wrong", 401},
		{"", 401},
	} {
		if got, _, _ := do(t, s, "GET", "/users/@me", tc.auth, nil); got != tc.want {
			t.Errorf("Authorization %q: status %d, want %d", tc.auth, got, tc.want)
		}
	}
}

func gatewayDial(t *testing.T, s *Server) *websocket.Conn {
	t.Helper()
	status, body, _ := do(t, s, "GET", "/gateway/bot", "Bot "+s.Token(), nil)
	if status != 200 {
		t.Fatalf("GET /gateway/bot: %d", status)
	}
	url, _ := body["url"].(string)
	if !strings.HasPrefix(url, "ws://") {
		t.Fatalf("gateway url %q", url)
	}
	ws, _, err := websocket.DefaultDialer.Dial(url+"/?v=9&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  int64           `json:"s"`
	T  string          `json:"t"`
}

func read(t *testing.T, ws *websocket.Conn) frame {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(3 * time.Second))
	var f frame
	if err := ws.ReadJSON(&f); err != nil {
		t.Fatalf("read gateway frame: %v", err)
	}
	return f
}

func identify(t *testing.T, ws *websocket.Conn, token string, intents int) {
	t.Helper()
	err := ws.WriteJSON(map[string]any{"op": 2, "d": map[string]any{
		"token": token, "intents": intents, "properties": map[string]string{"os": "linux", "browser": "test", "device": "test"},
	}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestGatewayHelloIdentifyReadyHeartbeat(t *testing.T) {
	s := New(Options{HeartbeatInterval: 500 * time.Millisecond, Guilds: []Guild{{ID: "g1", Channels: []string{"c1"}}}})
	defer s.Close()
	ws := gatewayDial(t, s)

	hello := read(t, ws)
	var h struct {
		HeartbeatInterval int `json:"heartbeat_interval"`
	}
	_ = json.Unmarshal(hello.D, &h)
	if hello.Op != 10 || h.HeartbeatInterval != 500 {
		t.Fatalf("HELLO = %+v", hello)
	}
	identify(t, ws, "Bot "+s.Token(), int(discordgo.IntentsGuilds))
	ready := read(t, ws)
	var r discordgo.Ready
	if err := json.Unmarshal(ready.D, &r); err != nil {
		t.Fatal(err)
	}
	if ready.Op != 0 || ready.T != "READY" || ready.S != 1 || r.Application == nil || r.Application.ID != s.AppID() || r.User.ID != s.AppID() || r.SessionID == "" {
		t.Errorf("READY = %+v / %+v", ready, r)
	}
	gc := read(t, ws)
	var g discordgo.Guild
	if err := json.Unmarshal(gc.D, &g); err != nil {
		t.Fatal(err)
	}
	if gc.T != "GUILD_CREATE" || gc.S != 2 || g.ID != "g1" || len(g.Channels) != 1 {
		t.Errorf("GUILD_CREATE = %+v", gc)
	}
	if err := ws.WriteJSON(map[string]any{"op": 1, "d": 2}); err != nil {
		t.Fatal(err)
	}
	if ack := read(t, ws); ack.Op != 11 {
		t.Errorf("heartbeat answered with op %d, want 11", ack.Op)
	}
	if s.Heartbeats() != 1 {
		t.Errorf("heartbeats = %d", s.Heartbeats())
	}

	s.RemoveGuild("g1", false)
	gd := read(t, ws)
	if gd.T != "GUILD_DELETE" || strings.Contains(string(gd.D), "unavailable") {
		t.Errorf("GUILD_DELETE for a removal = %s %s", gd.T, gd.D)
	}
}

func TestGatewayRejectsAsDiscordDoes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		token   func(*Server) string
		intents int
		want    int
	}{
		{"privileged message content", func(s *Server) string { return s.Token() }, 1 | IntentMessageContent, CloseDisallowedIntents},
		{"privileged members", func(s *Server) string { return s.Token() }, 1 | IntentGuildMembers, CloseDisallowedIntents},
		{"privileged presences", func(s *Server) string { return s.Token() }, IntentGuildPresences, CloseDisallowedIntents},
		{"wrong token", func(*Server) string { return "nope" }, 1, CloseAuthenticationFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(Options{})
			defer s.Close()
			ws := gatewayDial(t, s)
			read(t, ws) // HELLO
			identify(t, ws, tc.token(s), tc.intents)
			_ = ws.SetReadDeadline(time.Now().Add(3 * time.Second))
			_, _, err := ws.ReadMessage()
			var ce *websocket.CloseError
			if !asCloseError(err, &ce) || ce.Code != tc.want {
				t.Errorf("got %v, want close %d", err, tc.want)
			}
		})
	}
}

func asCloseError(err error, target **websocket.CloseError) bool {
	ce, ok := err.(*websocket.CloseError)
	if ok {
		*target = ce
	}
	return ok
}

func TestChannelMessageValidation(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	auth := "Bot " + s.Token()
	long := func(n int) string { return strings.Repeat("é", n) }
	embeds := func(n int, e map[string]any) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = e
		}
		return out
	}
	for _, tc := range []struct {
		name string
		body map[string]any
		want int
	}{
		{"ok", map[string]any{"content": "hi", "embeds": embeds(10, map[string]any{"title": long(256), "description": long(300)})}, 200},
		{"content too long", map[string]any{"content": long(2001)}, 400},
		{"empty", map[string]any{"content": ""}, 400},
		{"11 embeds", map[string]any{"embeds": embeds(11, map[string]any{"title": "t"})}, 400},
		{"title 257", map[string]any{"embeds": embeds(1, map[string]any{"title": long(257)})}, 400},
		{"description 4097", map[string]any{"embeds": embeds(1, map[string]any{"description": long(4097)})}, 400},
		{"field value 1025", map[string]any{"embeds": embeds(1, map[string]any{"fields": []map[string]any{{"name": "n", "value": long(1025)}}})}, 400},
		{"26 fields", map[string]any{"embeds": embeds(1, map[string]any{"fields": func() []map[string]any {
			var f []map[string]any
			for i := 0; i < 26; i++ {
				f = append(f, map[string]any{"name": "n", "value": "v"})
			}
			return f
		}()})}, 400},
		{"footer 2049", map[string]any{"embeds": embeds(1, map[string]any{"footer": map[string]any{"text": long(2049)}})}, 400},
		{"6001 total", map[string]any{"embeds": embeds(2, map[string]any{"description": long(3001)})}, 400},
		{"6000 total", map[string]any{"embeds": embeds(2, map[string]any{"description": long(3000)})}, 200},
		{"bad url", map[string]any{"embeds": embeds(1, map[string]any{"title": "t", "url": "javascript:alert(1)"})}, 400},
		{"nonce 25", map[string]any{"content": "x", "nonce": strings.Repeat("n", 25)}, 200},
		{"nonce 26", map[string]any{"content": "x", "nonce": strings.Repeat("n", 26)}, 400},
	} {
		status, body, _ := do(t, s, "POST", "/channels/c1/messages", auth, tc.body)
		if status != tc.want {
			t.Errorf("%s: status %d, want %d (%v)", tc.name, status, tc.want, body)
		}
		if status == 400 && tc.name != "empty" && code(body) != codeInvalidFormBody {
			t.Errorf("%s: code %d, want 50035", tc.name, code(body))
		}
	}
	if n := len(s.Messages("c1")); n != 3 {
		t.Errorf("%d messages stored, want the 3 valid ones", n)
	}
}

func TestEnforcedNonceReturnsTheOriginal(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	auth := "Bot " + s.Token()
	_, first, _ := do(t, s, "POST", "/channels/c1/messages", auth, map[string]any{"content": "digest", "nonce": "d123.0", "enforce_nonce": true})
	_, again, _ := do(t, s, "POST", "/channels/c1/messages", auth, map[string]any{"content": "digest", "nonce": "d123.0", "enforce_nonce": true})
	if first["id"] == nil || first["id"] != again["id"] {
		t.Errorf("resend with the same enforced nonce got id %v, first %v", again["id"], first["id"])
	}
	if n := len(s.Messages("c1")); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
	// Another channel, or no enforce_nonce, posts anew, as on Discord.
	do(t, s, "POST", "/channels/c2/messages", auth, map[string]any{"content": "digest", "nonce": "d123.0", "enforce_nonce": true})
	do(t, s, "POST", "/channels/c1/messages", auth, map[string]any{"content": "digest", "nonce": "d123.0"})
	if n1, n2 := len(s.Messages("c1")), len(s.Messages("c2")); n1 != 2 || n2 != 1 {
		t.Errorf("messages c1=%d c2=%d, want 2 and 1", n1, n2)
	}
}

func TestHoldResponsesRecordsButWithholdsTheAnswer(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	release := s.HoldResponses("c1")
	post := func(ctx context.Context) (string, error) {
		body := strings.NewReader(`{"content":"digest","nonce":"d9.0","enforce_nonce":true}`)
		req, _ := http.NewRequestWithContext(ctx, "POST", s.URL+"/api/v9/channels/c1/messages", body)
		req.Header.Set("Authorization", "Bot "+s.Token())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		var m struct{ ID string }
		err = json.NewDecoder(resp.Body).Decode(&m)
		return m.ID, err
	}

	// The client gives up while the answer is held: the message exists anyway.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if id, err := post(ctx); err == nil {
		t.Fatalf("held POST answered with id %q", id)
	}
	msgs := s.Messages("c1")
	if len(msgs) != 1 {
		t.Fatalf("%d messages recorded while held, want 1", len(msgs))
	}

	// After release the resend with the same nonce gets the original back.
	release()
	release() // idempotent
	id, err := post(context.Background())
	if err != nil || id != msgs[0].ID {
		t.Errorf("resend after release: id %q err %v, want the original %q", id, err, msgs[0].ID)
	}
	if n := len(s.Messages("c1")); n != 1 {
		t.Errorf("%d messages after the resend, want 1", n)
	}

	// Close releases a hold still in place, so it never hangs a test.
	s.HoldResponses("c2")
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest("POST", s.URL+"/api/v9/channels/c2/messages", strings.NewReader(`{"content":"x"}`))
		req.Header.Set("Authorization", "Bot "+s.Token())
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	if _, err := s.WaitMessages(context.Background(), "c2", 1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close left a held request hanging")
	}
}

func TestInteractionCallbackRules(t *testing.T) {
	s := New(Options{InteractionDeadline: 100 * time.Millisecond})
	defer s.Close()
	inv := Invocation{GuildID: "g1", ChannelID: "c1", Name: "summary", Options: []Option{Str("url", "https://x.example/")}}

	id, token, payload := s.BuildInteraction(inv)
	s.DispatchRaw(id, token, payload)
	cb := "/interactions/" + id + "/" + token + "/callback"
	if st, body, _ := do(t, s, "POST", "/webhooks/"+s.AppID()+"/"+token, "", map[string]any{"content": "early"}); st != 404 {
		t.Errorf("followup before acknowledgement: %d %v, want 404", st, body)
	}
	if st, _, _ := do(t, s, "POST", cb, "", map[string]any{"type": 5}); st != 204 {
		t.Fatalf("deferral: %d", st)
	}
	if st, body, _ := do(t, s, "POST", cb, "", map[string]any{"type": 4, "data": map[string]any{"content": "again"}}); st != 400 || code(body) != codeAlreadyAcknowledged {
		t.Errorf("second callback: %d %v, want 400 40060", st, body)
	}
	if st, _, _ := do(t, s, "PATCH", "/webhooks/"+s.AppID()+"/"+token+"/messages/@original", "", map[string]any{"content": "done"}); st != 200 {
		t.Errorf("edit original: %d", st)
	}
	if st, _, _ := do(t, s, "POST", "/webhooks/"+s.AppID()+"/"+token+"?wait=true", "", map[string]any{"content": "more", "flags": 64}); st != 200 {
		t.Errorf("followup: %d", st)
	}
	in, _ := s.Interaction(id)
	if !Done(in) || in.Original.Content != "done" || len(in.Followups) != 1 || in.Followups[0].Flags != 64 {
		t.Errorf("interaction record = %+v", in)
	}

	id, token, payload = s.BuildInteraction(inv)
	s.DispatchRaw(id, token, payload)
	time.Sleep(150 * time.Millisecond)
	if st, body, _ := do(t, s, "POST", "/interactions/"+id+"/"+token+"/callback", "", map[string]any{"type": 5}); st != 404 || code(body) != codeUnknownInteraction {
		t.Errorf("late callback: %d %v, want 404 10062", st, body)
	}
	if st, body, _ := do(t, s, "POST", "/interactions/"+id+"/wrongtoken/callback", "", map[string]any{"type": 5}); st != 404 || code(body) != codeUnknownInteraction {
		t.Errorf("wrong token: %d %v", st, body)
	}
}

func TestInjectedFailures(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	auth := "Bot " + s.Token()
	s.FailNext("POST", "/channels/c1/messages", 1, Failure{Status: 429, RetryAfter: 1500 * time.Millisecond})
	s.FailNext("POST", "/channels/c1/messages", 1, Failure{Status: 502})
	msg := map[string]any{"content": "x"}

	st, body, h := do(t, s, "POST", "/channels/c1/messages", auth, msg)
	if st != 429 || body["retry_after"] != 1.5 || h.Get("Retry-After") != "2" || h.Get("X-RateLimit-Reset-After") != "1.500" || h.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("429: %d %v %v", st, body, h)
	}
	if st, _, _ := do(t, s, "POST", "/channels/c1/messages", auth, msg); st != 502 {
		t.Errorf("second request: %d, want 502", st)
	}
	if st, _, _ := do(t, s, "POST", "/channels/c1/messages", auth, msg); st != 200 {
		t.Errorf("third request: %d, want 200", st)
	}
	s.SetChannelError("c2", 403)
	if st, body, _ := do(t, s, "POST", "/channels/c2/messages", auth, msg); st != 403 || code(body) != codeMissingAccess {
		t.Errorf("forbidden channel: %d %v", st, body)
	}
	s.SetChannelError("c2", 404)
	if st, body, _ := do(t, s, "POST", "/channels/c2/messages", auth, msg); st != 404 || code(body) != codeUnknownChannel {
		t.Errorf("deleted channel: %d %v", st, body)
	}
	if got := len(s.Requests("POST", "/channels/")); got != 5 {
		t.Errorf("%d requests logged, want 5", got)
	}
}

func TestCommandsBulkOverwrite(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	cmds := []map[string]any{{"name": "summary", "description": "Summarise", "type": 1, "options": []any{}}}
	if st, _, _ := do(t, s, "PUT", "/applications/"+s.AppID()+"/guilds/g1/commands", "Bot "+s.Token(), cmds); st != 200 {
		t.Fatalf("PUT: %d", st)
	}
	got, puts := s.Commands("g1")
	if puts != 1 || len(got) != 1 || !strings.Contains(string(got[0]), `"summary"`) {
		t.Errorf("commands = %s, puts %d", got, puts)
	}
	bad := []map[string]any{{"name": "Summary", "description": "uppercase names are invalid"}}
	if st, _, _ := do(t, s, "PUT", "/applications/"+s.AppID()+"/commands", "Bot "+s.Token(), bad); st != 400 {
		t.Errorf("invalid command accepted: %d", st)
	}
}

// The recorded payloads decode with discordgo as real ones do, and
// BuildInteraction produces the same shape.
func TestTestdataPayloads(t *testing.T) {
	files, _ := filepath.Glob("testdata/interaction_*.json")
	if len(files) < 3 {
		t.Fatalf("found %d interaction payloads", len(files))
	}
	s := New(Options{})
	defer s.Close()
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ic discordgo.InteractionCreate
		if err := json.Unmarshal(raw, &ic); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		i := ic.Interaction
		if i.ID == "" || i.Token == "" || i.GuildID == "" || i.Member == nil || i.Member.User == nil || i.Member.Permissions == 0 || i.Version != 1 {
			t.Errorf("%s: decoded %+v", f, i)
		}
		data := i.ApplicationCommandData()
		if data.Name == "" || len(data.Options) == 0 {
			t.Errorf("%s: no command data", f)
		}

		var want map[string]any
		_ = json.Unmarshal(raw, &want)
		_, _, built := s.BuildInteraction(Invocation{GuildID: "g", ChannelID: "c", Name: data.Name})
		var got map[string]any
		_ = json.Unmarshal(built, &got)
		if k1, k2 := keys(want), keys(got); !reflect.DeepEqual(k1, k2) {
			t.Errorf("%s: top-level keys differ from BuildInteraction's:\n recorded %v\n built    %v", f, k1, k2)
		}
		if k1, k2 := keys(want["member"].(map[string]any)), keys(got["member"].(map[string]any)); !reflect.DeepEqual(k1, k2) {
			t.Errorf("%s: member keys differ:\n recorded %v\n built    %v", f, k1, k2)
		}
	}
	for _, f := range []string{"testdata/guild_delete_removed.json", "testdata/guild_delete_outage.json"} {
		raw, _ := os.ReadFile(f)
		var gd discordgo.GuildDelete
		if err := json.Unmarshal(raw, &gd); err != nil || gd.Guild == nil {
			t.Fatalf("%s: %v", f, err)
		}
		if want := strings.Contains(f, "outage"); gd.Unavailable != want {
			t.Errorf("%s: unavailable = %v", f, gd.Unavailable)
		}
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestWaitersEndWithContext(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.WaitMessages(ctx, "c1", 1); err == nil {
		t.Error("WaitMessages returned without messages")
	}
}
