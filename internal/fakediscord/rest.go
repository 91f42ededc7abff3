package fakediscord

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Discord JSON error codes the fake uses.
const (
	codeUnknownChannel      = 10003
	codeUnknownMessage      = 10008
	codeUnknownWebhook      = 10015
	codeUnknownInteraction  = 10062
	codeMissingAccess       = 50001
	codeMissingPermissions  = 50013
	codeCannotDMUser        = 50007
	codeInvalidFormBody     = 50035
	codeAlreadyAcknowledged = 40060
)

type apiError struct {
	Message string          `json:"message"`
	Code    int             `json:"code"`
	Errors  json.RawMessage `json:"errors,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, apiError{Message: msg, Code: code})
}

// statusRecorder remembers the status for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	path, ok := strings.CutPrefix(r.URL.Path, "/api/v9")
	if !ok {
		path, ok = strings.CutPrefix(r.URL.Path, "/api/v10")
	}
	if !ok {
		writeError(w, http.StatusNotFound, 0, "404: Not Found")
		return
	}
	arrived := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		s.mu.Lock()
		s.requests = append(s.requests, Request{Method: r.Method, Path: path, Status: rec.status, At: arrived})
		s.notify()
		s.mu.Unlock()
	}()
	w = rec

	// Interaction callbacks and webhooks authenticate with the interaction
	// token in the path; everything else needs "Authorization: Bot <token>".
	public := strings.HasPrefix(path, "/interactions/") || strings.HasPrefix(path, "/webhooks/")
	if !public && r.Header.Get("Authorization") != "Bot "+s.opts.Token {
		writeError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
		return
	}
	if s.injectedFailure(w, r.Method, path) || s.rateLimited(w, r.Method, path, arrived) {
		return
	}

	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		writeError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case r.Method == http.MethodGet && (path == "/gateway" || path == "/gateway/bot"):
		s.handleGateway(w, path)
	case r.Method == http.MethodGet && path == "/users/@me":
		writeJSON(w, http.StatusOK, s.botUser())
	case r.Method == http.MethodPut && len(parts) == 3 && parts[0] == "applications" && parts[2] == "commands":
		s.handleCommands(w, parts[1], "", body)
	case r.Method == http.MethodPut && len(parts) == 5 && parts[0] == "applications" && parts[2] == "guilds" && parts[4] == "commands":
		s.handleCommands(w, parts[1], parts[3], body)
	case r.Method == http.MethodPost && len(parts) == 4 && parts[0] == "interactions" && parts[3] == "callback":
		s.handleCallback(w, parts[1], parts[2], body)
	case len(parts) == 5 && parts[0] == "webhooks" && parts[3] == "messages":
		s.handleWebhookMessage(w, r.Method, parts[1], parts[2], parts[4], body)
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "webhooks":
		s.handleFollowup(w, parts[1], parts[2], body)
	case r.Method == http.MethodPost && path == "/users/@me/channels":
		s.handleUserChannel(w, body)
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages":
		s.handleChannelMessage(r.Context(), w, parts[1], body)
	default:
		writeError(w, http.StatusNotFound, 0, "404: Not Found")
	}
}

// injectedFailure answers with an injected failure, if one matches.
func (s *Server) injectedFailure(w http.ResponseWriter, method, path string) bool {
	s.mu.Lock()
	var f *Failure
	for i, fl := range s.failures {
		if fl.method == method && fl.path == path && fl.left > 0 {
			fl.left--
			ff := fl.f
			f = &ff
			if fl.left == 0 {
				s.failures = append(s.failures[:i], s.failures[i+1:]...)
			}
			break
		}
	}
	chanStatus := 0
	if rest, ok := strings.CutPrefix(path, "/channels/"); ok {
		id, _, _ := strings.Cut(rest, "/")
		chanStatus = s.channelErr[id]
	}
	s.mu.Unlock()

	if f == nil && chanStatus != 0 {
		f = &Failure{Status: chanStatus}
	}
	if f == nil {
		return false
	}
	switch f.Status {
	case http.StatusTooManyRequests:
		secs := f.RetryAfter.Seconds()
		h := w.Header()
		h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
		h.Set("X-RateLimit-Limit", "5")
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(time.Now().Add(f.RetryAfter).UnixMilli())/1000, 'f', 3, 64))
		h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(secs, 'f', 3, 64))
		h.Set("X-RateLimit-Bucket", "fakebucket")
		scope := "user"
		if f.Global {
			h.Set("X-RateLimit-Global", "true")
			scope = "global"
		}
		h.Set("X-RateLimit-Scope", scope)
		writeJSON(w, http.StatusTooManyRequests, map[string]any{
			"message": "You are being rate limited.", "retry_after": secs, "global": f.Global, "code": 0,
		})
	case http.StatusForbidden:
		writeError(w, http.StatusForbidden, codeMissingAccess, "Missing Access")
	case http.StatusNotFound:
		writeError(w, http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
	case http.StatusBadGateway:
		// Discord's edge answers 502 with an HTML page, not JSON.
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, "<html><body>502 Bad Gateway</body></html>")
	default:
		msg := f.Message
		if msg == "" {
			msg = http.StatusText(f.Status)
		}
		writeError(w, f.Status, f.Code, msg)
	}
	return true
}

func (s *Server) botUser() map[string]any {
	return map[string]any{
		"id": s.opts.AppID, "username": s.opts.BotName, "discriminator": "0", "global_name": nil,
		"avatar": nil, "bot": true, "flags": 0,
	}
}

func (s *Server) handleGateway(w http.ResponseWriter, path string) {
	url := "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway"
	if path == "/gateway" {
		writeJSON(w, http.StatusOK, map[string]any{"url": url})
		return
	}
	s.mu.Lock()
	limit := map[string]int{
		"total": s.opts.SessionStarts, "remaining": s.sessionStarts, "reset_after": 14400000,
		"max_concurrency": s.opts.MaxConcurrency,
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"url": url, "shards": s.opts.Shards, "session_start_limit": limit})
}

func (s *Server) handleCommands(w http.ResponseWriter, appID, guildID string, body []byte) {
	if appID != s.opts.AppID {
		writeError(w, http.StatusForbidden, codeMissingAccess, "Missing Access")
		return
	}
	var cmds []map[string]any
	if err := json.Unmarshal(body, &cmds); err != nil {
		writeError(w, http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body")
		return
	}
	if len(cmds) > 100 {
		writeError(w, http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var stored []json.RawMessage
	for _, c := range cmds {
		name, _ := c["name"].(string)
		desc, _ := c["description"].(string)
		if name == "" || len(name) > 32 || name != strings.ToLower(name) || desc == "" || len([]rune(desc)) > 100 {
			writeError(w, http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body")
			return
		}
		c["id"] = s.newID()
		c["application_id"] = appID
		c["version"] = s.newID()
		if guildID != "" {
			c["guild_id"] = guildID
		}
		raw, _ := json.Marshal(c)
		stored = append(stored, raw)
	}
	s.commands[guildID] = stored
	s.commandPuts++
	s.notify()
	writeJSON(w, http.StatusOK, cmds)
}

// outgoing is the part of a message create/edit body the fake reads.
type outgoing struct {
	Content      *string         `json:"content"`
	Embeds       *[]Embed        `json:"embeds"`
	Nonce        json.RawMessage `json:"nonce"`
	EnforceNonce bool            `json:"enforce_nonce"`
	Flags        int             `json:"flags"`
}

// nonceString accepts a nonce as Discord does: a string or an integer.
func nonceString(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	return "", fmt.Errorf("nonce must be a string or an integer")
}

func parseOutgoing(body []byte) (outgoing, string, error) {
	var o outgoing
	if err := json.Unmarshal(body, &o); err != nil {
		return o, "", fmt.Errorf("invalid JSON: %w", err)
	}
	nonce, err := nonceString(o.Nonce)
	if err != nil {
		return o, "", err
	}
	if len(nonce) > 25 {
		return o, "", fmt.Errorf("nonce: must be 25 or fewer in length")
	}
	var content string
	if o.Content != nil {
		content = *o.Content
	}
	var embeds []Embed
	if o.Embeds != nil {
		embeds = *o.Embeds
	}
	if err := ValidateMessage(content, embeds); err != nil {
		return o, "", err
	}
	return o, nonce, nil
}

func invalidForm(w http.ResponseWriter, err error) {
	detail, _ := json.Marshal(map[string]any{"_errors": []map[string]string{{"code": "BASE_TYPE_INVALID", "message": err.Error()}}})
	writeJSON(w, http.StatusBadRequest, apiError{Message: "Invalid Form Body", Code: codeInvalidFormBody, Errors: detail})
}

func (s *Server) handleChannelMessage(ctx context.Context, w http.ResponseWriter, channelID string, body []byte) {
	o, nonce, err := parseOutgoing(body)
	if err != nil {
		invalidForm(w, err)
		return
	}
	if (o.Content == nil || *o.Content == "") && (o.Embeds == nil || len(*o.Embeds) == 0) {
		writeError(w, http.StatusBadRequest, 50006, "Cannot send an empty message")
		return
	}
	s.mu.Lock()
	if user, dm := s.dmUsers[channelID]; dm && s.dmClosed[user] {
		s.mu.Unlock()
		writeError(w, http.StatusForbidden, codeCannotDMUser, "Cannot send messages to this user")
		return
	}
	if s.noEmbedLinks[channelID] && o.Embeds != nil && len(*o.Embeds) > 0 {
		if o.Content == nil || *o.Content == "" {
			s.mu.Unlock()
			writeError(w, http.StatusForbidden, codeMissingPermissions, "Missing Permissions")
			return
		}
		o.Embeds = nil // Discord posts the text and drops the embeds, without a word
	}
	answer, held := s.postMessage(channelID, o, nonce, body)
	s.mu.Unlock()
	if held != nil {
		select {
		case <-held:
		case <-ctx.Done():
			return // the client is gone and never learns the message id
		}
	}
	writeJSON(w, http.StatusOK, answer)
}

// postMessage records a channel message, or finds the original of a repeated
// enforced nonce, and returns the answer and the channel's hold (nil when
// not held). Call with s.mu held.
func (s *Server) postMessage(channelID string, o outgoing, nonce string, body []byte) (map[string]any, chan struct{}) {
	if o.EnforceNonce && nonce != "" {
		for _, m := range s.messages[channelID] {
			if m.Nonce == nonce && time.Since(m.CreatedAt) < s.opts.NonceWindow {
				return s.messageJSON(m), s.held[channelID]
			}
		}
	}
	m := &Message{ID: s.newID(), ChannelID: channelID, Nonce: nonce, Flags: o.Flags, Raw: body, CreatedAt: time.Now()}
	if o.Content != nil {
		m.Content = *o.Content
	}
	if o.Embeds != nil {
		m.Embeds = *o.Embeds
	}
	s.messages[channelID] = append(s.messages[channelID], m)
	s.notify()
	return s.messageJSON(m), s.held[channelID]
}

// messageJSON renders a message as Discord returns it. Call with s.mu held.
func (s *Server) messageJSON(m *Message) map[string]any {
	embeds := m.Embeds
	if embeds == nil {
		embeds = []Embed{}
	}
	out := map[string]any{
		"id": m.ID, "type": 0, "channel_id": m.ChannelID, "content": m.Content, "embeds": embeds,
		"author": s.botUser(), "timestamp": m.CreatedAt.UTC().Format(time.RFC3339Nano), "edited_timestamp": nil,
		"tts": false, "mention_everyone": false, "mentions": []any{}, "mention_roles": []any{},
		"attachments": []any{}, "pinned": false, "flags": m.Flags, "components": []any{},
	}
	if m.Nonce != "" {
		out["nonce"] = m.Nonce
	}
	if m.InteractionID != "" {
		out["webhook_id"] = s.opts.AppID
		out["application_id"] = s.opts.AppID
	}
	return out
}
