package fakediscord

import (
	"net/http"
	"testing"
)

func TestDirectMessages(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	auth := "Bot " + s.Token()
	const user = "300000000000000009"

	status, ch, _ := do(t, s, http.MethodPost, "/users/@me/channels", auth, map[string]string{"recipient_id": user})
	id, _ := ch["id"].(string)
	if status != http.StatusOK || id == "" || ch["type"] != float64(1) {
		t.Fatalf("open DM = %d %v; want a DM channel (type 1)", status, ch)
	}
	if _, again, _ := do(t, s, http.MethodPost, "/users/@me/channels", auth, map[string]string{"recipient_id": user}); again["id"] != id {
		t.Errorf("opening the DM again gave channel %v, want the same %s", again["id"], id)
	}
	if status, _, _ := do(t, s, http.MethodPost, "/users/@me/channels", auth, map[string]string{"recipient_id": "nobody"}); status != http.StatusBadRequest {
		t.Errorf("open DM with a malformed user id = %d, want 400", status)
	}
	if status, _, _ := do(t, s, http.MethodPost, "/channels/"+id+"/messages", auth, map[string]string{"content": "hello"}); status != http.StatusOK {
		t.Fatalf("send DM = %d", status)
	}
	if dms := s.DMs(user); len(dms) != 1 || dms[0].Content != "hello" || s.DMChannel(user) != id || len(s.DMUsers()) != 1 {
		t.Errorf("DMs = %+v", dms)
	}

	s.SetDMsClosed(user, true)
	status, body, _ := do(t, s, http.MethodPost, "/channels/"+id+"/messages", auth, map[string]string{"content": "again"})
	if status != http.StatusForbidden || code(body) != 50007 {
		t.Errorf("send to a user with DMs closed = %d %v; want 403 code 50007", status, body)
	}
	if len(s.DMs(user)) != 1 {
		t.Error("a refused DM was recorded")
	}
}
