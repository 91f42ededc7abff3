package fakediscord

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
)

// handleUserChannel answers POST /users/@me/channels: it opens (or returns
// the open) DM channel with recipient_id. As on Discord, opening succeeds
// for a user who refuses DMs; only sending to the channel fails, 50007.
func (s *Server) handleUserChannel(w http.ResponseWriter, body []byte) {
	var req struct {
		RecipientID string `json:"recipient_id"`
	}
	if err := json.Unmarshal(body, &req); err != nil || !snowflake(req.RecipientID) {
		writeError(w, http.StatusBadRequest, codeInvalidFormBody, "Invalid Form Body")
		return
	}
	s.mu.Lock()
	ch, ok := s.dmChannels[req.RecipientID]
	if !ok {
		ch = s.newID()
		s.dmChannels[req.RecipientID] = ch
		s.dmUsers[ch] = req.RecipientID
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"id": ch, "type": 1, "last_message_id": nil, "flags": 0,
		"recipients": []map[string]any{{
			"id": req.RecipientID, "username": "user" + req.RecipientID, "discriminator": "0", "global_name": nil, "avatar": nil,
		}},
	})
}

func snowflake(id string) bool {
	_, err := strconv.ParseUint(id, 10, 64)
	return err == nil
}

// SetDMsClosed makes a user refuse direct messages from the bot (on), as
// with "Allow direct messages from server members" turned off: sending to
// their DM channel answers 403 with code 50007.
func (s *Server) SetDMsClosed(userID string, closed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dmClosed[userID] = closed
}

// DMChannel returns the id of the DM channel opened with a user, or "".
func (s *Server) DMChannel(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dmChannels[userID]
}

// DMUsers returns the users the bot opened a DM channel with, sorted.
func (s *Server) DMUsers() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	users := make([]string, 0, len(s.dmChannels))
	for u := range s.dmChannels {
		users = append(users, u)
	}
	sort.Strings(users)
	return users
}

// DMs returns copies of the direct messages the bot sent a user, oldest first.
func (s *Server) DMs(userID string) []Message {
	ch := s.DMChannel(userID)
	if ch == "" {
		return nil
	}
	return s.Messages(ch)
}

// WaitDMs waits until a user holds at least n direct messages and returns them.
func (s *Server) WaitDMs(ctx context.Context, userID string, n int) ([]Message, error) {
	err := s.waitFor(ctx, func() bool {
		ch, ok := s.dmChannels[userID]
		return ok && len(s.messages[ch]) >= n
	})
	return s.DMs(userID), err
}
