package fakediscord

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/digestbot/digestbot/internal/shard"
)

// Gateway close codes Discord uses.
const (
	CloseAuthenticationFailed = 4004
	CloseDisallowedIntents    = 4014
	CloseSessionTimedOut      = 4009
	CloseNotAuthenticated     = 4003
	CloseInvalidShard         = 4010
)

type gatewayConn struct {
	ws    *websocket.Conn
	wmu   sync.Mutex
	seq   int64
	ready bool        // guarded by Server.mu
	shard shard.Shard // guarded by Server.mu; set by IDENTIFY
}

type gatewayPayload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s"`
	T  *string         `json:"t"`
}

func (c *gatewayConn) send(op int, t string, d any) error {
	raw, err := json.Marshal(d)
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	p := gatewayPayload{Op: op, D: raw}
	if op == 0 {
		c.seq++
		s := c.seq
		p.S, p.T = &s, &t
	}
	return c.ws.WriteJSON(p)
}

func (c *gatewayConn) close(code int, reason string) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	msg := websocket.FormatCloseMessage(code, reason)
	_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
	_ = c.ws.Close()
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gatewayConn{ws: ws}
	s.mu.Lock()
	s.conns = append(s.conns, c)
	s.mu.Unlock()
	defer func() {
		_ = ws.Close()
		s.mu.Lock()
		for i, x := range s.conns {
			if x == c {
				s.conns = append(s.conns[:i], s.conns[i+1:]...)
				break
			}
		}
		s.notify()
		s.mu.Unlock()
	}()

	interval := s.opts.HeartbeatInterval
	if err := c.send(10, "", map[string]int64{"heartbeat_interval": interval.Milliseconds()}); err != nil {
		return
	}
	// Discord closes a session that misses heartbeats. The slack is generous
	// because tests use short intervals on busy machines, where a late
	// heartbeat is the test host's fault, not the bot's.
	deadline := func() { _ = ws.SetReadDeadline(time.Now().Add(interval*3 + 5*time.Second)) }
	deadline()
	for {
		var p gatewayPayload
		if err := ws.ReadJSON(&p); err != nil {
			if ne, ok := err.(interface{ Timeout() bool }); ok && ne.Timeout() {
				s.closeWith(c, CloseSessionTimedOut, "Session timed out.")
			}
			return
		}
		deadline()
		switch p.Op {
		case 1:
			s.mu.Lock()
			s.heartbeats++
			s.notify()
			s.mu.Unlock()
			if c.send(11, "", nil) != nil {
				return
			}
		case 2:
			if !s.identify(c, p.D) {
				return
			}
		case 6:
			// RESUME is not supported: a client must identify afresh.
			if c.send(9, "", false) != nil {
				return
			}
		default:
			s.mu.Lock()
			ready := c.ready
			s.mu.Unlock()
			if !ready {
				s.closeWith(c, CloseNotAuthenticated, "Not authenticated.")
				return
			}
		}
	}
}

func (s *Server) closeWith(c *gatewayConn, code int, reason string) {
	s.mu.Lock()
	s.closeCodes = append(s.closeCodes, code)
	s.notify()
	s.mu.Unlock()
	c.close(code, reason)
}

// identify checks IDENTIFY as Discord does, then sends READY and a
// GUILD_CREATE per configured guild of the session's shard. It reports
// whether the session lives on.
func (s *Server) identify(c *gatewayConn, d json.RawMessage) bool {
	var id Identify
	if err := json.Unmarshal(d, &id); err != nil {
		s.closeWith(c, 4002, "Error while decoding payload.")
		return false
	}
	id.At = time.Now()
	s.mu.Lock()
	s.identifies = append(s.identifies, id)
	if s.sessionStarts > 0 {
		s.sessionStarts--
	}
	s.mu.Unlock()

	// The gateway takes the bare token; discordgo sends "Bot <token>", which
	// Discord also accepts. Anything else fails authentication.
	if strings.TrimPrefix(id.Token, "Bot ") != s.opts.Token {
		s.closeWith(c, CloseAuthenticationFailed, "Authentication failed.")
		return false
	}
	if id.Intents&privilegedIntents&^s.opts.AllowedIntents != 0 {
		s.closeWith(c, CloseDisallowedIntents, "Disallowed intent(s).")
		return false
	}
	sh := shard.Single
	if id.Shard != nil {
		sh = shard.Shard{ID: id.Shard[0], Count: id.Shard[1]}
	}
	if sh.Validate() != nil {
		s.closeWith(c, CloseInvalidShard, "Invalid shard.")
		return false
	}
	if !s.sendReady(c, sh) {
		return false
	}
	s.mu.Lock()
	c.ready, c.shard = true, sh
	var backlog, rest []dispatch
	for _, d := range s.undelivered {
		if routesTo(sh, d.guildID) {
			backlog = append(backlog, d)
		} else {
			rest = append(rest, d)
		}
	}
	s.undelivered = rest
	s.notify()
	s.mu.Unlock()
	// Discord replays what a session missed when it resumes; this fake has no
	// RESUME, so a new session gets the events of its guilds that found no
	// session instead.
	for _, d := range backlog {
		if c.send(0, d.t, d.d) != nil {
			return false
		}
	}
	return true
}

// sendReady sends READY and the GUILD_CREATE of each guild of the shard.
func (s *Server) sendReady(c *gatewayConn, sh shard.Shard) bool {
	s.mu.Lock()
	sessionID := "session" + s.newID()
	var guilds []Guild
	unavailable := []map[string]any{}
	for _, g := range s.opts.Guilds {
		if routesTo(sh, g.ID) {
			guilds = append(guilds, g)
			unavailable = append(unavailable, map[string]any{"id": g.ID, "unavailable": true})
		}
	}
	s.mu.Unlock()
	ready := map[string]any{
		"v": 9, "user": s.botUser(), "guilds": unavailable, "session_id": sessionID,
		"resume_gateway_url": "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway",
		"shard":              []int{sh.ID, sh.Count}, "application": map[string]any{"id": s.opts.AppID, "flags": 0},
		"private_channels": []any{}, "presences": []any{}, "relationships": []any{}, "user_settings": map[string]any{},
	}
	if c.send(0, "READY", ready) != nil {
		return false
	}
	for _, g := range guilds {
		if c.send(0, "GUILD_CREATE", guildCreate(g)) != nil {
			return false
		}
	}
	return true
}

// dispatch is an event waiting for a ready client.
type dispatch struct {
	t, guildID string
	d          any
}

func guildCreate(g Guild) map[string]any {
	chans := make([]map[string]any, 0, len(g.Channels))
	for i, id := range g.Channels {
		chans = append(chans, map[string]any{"id": id, "type": 0, "name": "channel-" + id, "position": i, "guild_id": g.ID, "permission_overwrites": []any{}})
	}
	name := g.Name
	if name == "" {
		name = "Guild " + g.ID
	}
	return map[string]any{
		"id": g.ID, "name": name, "icon": nil, "owner_id": "300000000000000009", "unavailable": false,
		"member_count": 3, "large": false, "joined_at": "2024-01-15T10:00:00.000000+00:00",
		"roles": []any{}, "emojis": []any{}, "features": []any{}, "channels": chans, "threads": []any{},
		"members": []any{}, "voice_states": []any{}, "presences": []any{}, "stage_instances": []any{},
		"guild_scheduled_events": []any{}, "stickers": []any{}, "preferred_locale": "en-US",
	}
}

// DispatchEvent sends a dispatch (op 0) event to the ready gateway clients
// that Discord would send it to: an event of a guild (its "guild_id", or for
// GUILD_* events its "id") only to the session of the guild's shard, any
// other event to every session.
func (s *Server) DispatchEvent(t string, d any) {
	if raw, ok := d.(json.RawMessage); ok {
		d = raw
	}
	guildID := eventGuild(t, d)
	s.mu.Lock()
	var conns []*gatewayConn
	for _, c := range s.conns {
		if c.ready && routesTo(c.shard, guildID) {
			conns = append(conns, c)
		}
	}
	if len(conns) == 0 {
		s.undelivered = append(s.undelivered, dispatch{t: t, guildID: guildID, d: d})
	}
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.send(0, t, d)
	}
}

// routesTo reports whether Discord sends a guild's events ("" for events
// of no guild) to a session of shard sh. An unsharded session gets every
// guild's, whatever its ID looks like.
func routesTo(sh shard.Shard, guildID string) bool {
	return guildID == "" || sh.Count == 1 || sh.Owns(guildID)
}

// eventGuild returns the guild an event belongs to, or "".
func eventGuild(t string, d any) string {
	raw, err := json.Marshal(d)
	if err != nil {
		return ""
	}
	var ids struct {
		ID      string `json:"id"`
		GuildID string `json:"guild_id"`
	}
	_ = json.Unmarshal(raw, &ids)
	if ids.GuildID == "" && strings.HasPrefix(t, "GUILD_") {
		return ids.ID
	}
	return ids.GuildID
}

// RemoveGuild dispatches GUILD_DELETE as Discord does when the bot is
// removed from a guild (no "unavailable" key), or, with outage set, as
// during an outage ("unavailable": true).
func (s *Server) RemoveGuild(guildID string, outage bool) {
	d := map[string]any{"id": guildID}
	if outage {
		d["unavailable"] = true
	}
	s.DispatchEvent("GUILD_DELETE", d)
}
