package fakediscord

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Interaction types and callback types used by slash commands.
const (
	InteractionApplicationCommand = 2
	InteractionAutocomplete       = 4

	CallbackMessage         = 4
	CallbackDeferredMessage = 5
	CallbackAutocomplete    = 8

	FlagEphemeral = 1 << 6
)

// Application command option types.
const (
	OptionSubCommand = 1
	OptionString     = 3
	OptionInteger    = 4
	OptionChannel    = 7
)

// Invocation describes a slash command invocation to dispatch.
type Invocation struct {
	GuildID     string
	ChannelID   string
	UserID      string // default "300000000000000001"
	Username    string // default "alice"
	Permissions int64  // the member's computed permissions in the channel
	Name        string // the command, e.g. "feed"
	Options     []Option
	// Autocomplete dispatches a type 4 interaction; one option should be Focused.
	Autocomplete bool
	// AppPermissions are the bot's computed permissions in the channel;
	// 0 means all that digestbot asks for and more.
	AppPermissions int64
}

// Option is one command option as Discord sends it.
type Option struct {
	Name    string   `json:"name"`
	Type    int      `json:"type"`
	Value   any      `json:"value,omitempty"`
	Options []Option `json:"options,omitempty"`
	Focused bool     `json:"focused,omitempty"`
}

// Sub is a subcommand option holding opts.
func Sub(name string, opts ...Option) Option {
	return Option{Name: name, Type: OptionSubCommand, Options: opts}
}

// Str is a string option.
func Str(name, value string) Option { return Option{Name: name, Type: OptionString, Value: value} }

// Channel is a channel option (its value is the channel id).
func Channel(name, channelID string) Option {
	return Option{Name: name, Type: OptionChannel, Value: channelID}
}

// Focused is the string option being typed during autocomplete.
func Focused(name, partial string) Option {
	return Option{Name: name, Type: OptionString, Value: partial, Focused: true}
}

// Callback is one interaction callback the bot sent, accepted or not.
type Callback struct {
	Type    int
	Flags   int
	Content string
	Embeds  []Embed
	Choices []Choice
	Status  int // the HTTP status the fake answered
	At      time.Time
}

// Choice is an autocomplete choice.
type Choice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Interaction is the fake's record of a dispatched interaction.
type Interaction struct {
	ID           string
	Token        string
	Type         int
	Payload      json.RawMessage
	DispatchedAt time.Time
	Callbacks    []Callback
	Original     *Message // the response, once acknowledged with type 4 or 5
	Followups    []Message
}

// Acknowledged reports whether an accepted callback exists.
func (in Interaction) Acknowledged() bool {
	for _, c := range in.Callbacks {
		if c.Status < 300 {
			return true
		}
	}
	return false
}

func (in *Interaction) copy() Interaction {
	out := *in
	out.Callbacks = append([]Callback(nil), in.Callbacks...)
	out.Followups = append([]Message(nil), in.Followups...)
	if in.Original != nil {
		o := *in.Original
		out.Original = &o
	}
	return out
}

// BuildInteraction returns the INTERACTION_CREATE payload for inv in the
// shape Discord sends (see testdata/), with a fresh id and token.
func (s *Server) BuildInteraction(inv Invocation) (id, token string, payload json.RawMessage) {
	if inv.UserID == "" {
		inv.UserID = "300000000000000001"
	}
	if inv.Username == "" {
		inv.Username = "alice"
	}
	s.mu.Lock()
	id = s.newID()
	token = "aW50ZXJhY3Rpb246" + id + ":" + s.newID()
	cmdID := s.newID()
	for _, scope := range []string{inv.GuildID, ""} {
		for _, raw := range s.commands[scope] {
			var c struct{ ID, Name string }
			if json.Unmarshal(raw, &c) == nil && c.Name == inv.Name {
				cmdID = c.ID
			}
		}
	}
	s.mu.Unlock()
	appPerms := "2248473465835073"
	if inv.AppPermissions != 0 {
		appPerms = strconv.FormatInt(inv.AppPermissions, 10)
	}

	typ := InteractionApplicationCommand
	if inv.Autocomplete {
		typ = InteractionAutocomplete
	}
	data := map[string]any{"id": cmdID, "name": inv.Name, "type": 1, "guild_id": inv.GuildID}
	if len(inv.Options) > 0 {
		data["options"] = inv.Options
	}
	if chans := resolvedChannels(inv.GuildID, inv.Options, nil); len(chans) > 0 {
		data["resolved"] = map[string]any{"channels": chans}
	}
	p := map[string]any{
		"id":             id,
		"application_id": s.opts.AppID,
		"type":           typ,
		"data":           data,
		"guild_id":       inv.GuildID,
		"channel_id":     inv.ChannelID,
		"channel":        map[string]any{"id": inv.ChannelID, "type": 0, "guild_id": inv.GuildID, "name": "news", "flags": 0},
		"member": map[string]any{
			"user": map[string]any{
				"id": inv.UserID, "username": inv.Username, "discriminator": "0",
				"global_name": inv.Username, "avatar": nil, "public_flags": 0,
			},
			"roles": []string{}, "nick": nil, "avatar": nil, "premium_since": nil,
			"joined_at": "2024-01-15T10:00:00.000000+00:00", "deaf": false, "mute": false,
			"pending": false, "flags": 0, "communication_disabled_until": nil,
			"permissions": strconv.FormatInt(inv.Permissions, 10),
		},
		"token":                          token,
		"version":                        1,
		"locale":                         "en-US",
		"guild_locale":                   "en-US",
		"app_permissions":                appPerms,
		"entitlements":                   []any{},
		"authorizing_integration_owners": map[string]string{"0": inv.GuildID},
		"context":                        0,
	}
	raw, _ := json.Marshal(p)
	return id, token, raw
}

func resolvedChannels(guildID string, opts []Option, into map[string]any) map[string]any {
	for _, o := range opts {
		if o.Type == OptionChannel {
			if into == nil {
				into = map[string]any{}
			}
			id, _ := o.Value.(string)
			into[id] = map[string]any{"id": id, "name": "channel-" + id, "type": 0, "guild_id": guildID, "permissions": "2248473465835073"}
		}
		into = resolvedChannels(guildID, o.Options, into)
	}
	return into
}

// Dispatch sends an INTERACTION_CREATE for inv to the connected bot and
// returns the interaction id.
func (s *Server) Dispatch(inv Invocation) string {
	id, token, payload := s.BuildInteraction(inv)
	s.DispatchRaw(id, token, payload)
	return id
}

// DispatchRaw sends a prepared INTERACTION_CREATE payload (e.g. from
// testdata) whose id and token are given; the 3 s deadline starts now.
func (s *Server) DispatchRaw(id, token string, payload json.RawMessage) {
	var typ struct{ Type int }
	_ = json.Unmarshal(payload, &typ)
	s.mu.Lock()
	s.interactions[id] = &Interaction{ID: id, Token: token, Type: typ.Type, Payload: payload, DispatchedAt: time.Now()}
	s.mu.Unlock()
	s.DispatchEvent("INTERACTION_CREATE", payload)
}

// Interaction returns a snapshot of an interaction's record.
func (s *Server) Interaction(id string) (Interaction, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interactions[id]
	if !ok {
		return Interaction{}, false
	}
	return in.copy(), true
}

// WaitInteraction waits until cond holds for the interaction's record.
func (s *Server) WaitInteraction(ctx context.Context, id string, cond func(Interaction) bool) (Interaction, error) {
	var snap Interaction
	err := s.waitFor(ctx, func() bool {
		in, ok := s.interactions[id]
		if !ok {
			return false
		}
		snap = in.copy()
		return cond(snap)
	})
	return snap, err
}

// Done reports whether an interaction has its final answer: an immediate
// message or autocomplete result, or a deferred response that was edited or
// followed up. An answer of several messages needs its own condition.
func Done(in Interaction) bool {
	if !in.Acknowledged() {
		return false
	}
	for _, c := range in.Callbacks {
		if c.Status < 300 && (c.Type == CallbackMessage || c.Type == CallbackAutocomplete) {
			return true
		}
	}
	return len(in.Followups) > 0 || (in.Original != nil && in.Original.Raw != nil)
}

func (s *Server) handleCallback(w http.ResponseWriter, id, token string, body []byte) {
	var cb struct {
		Type int `json:"type"`
		Data *struct {
			Content *string         `json:"content"`
			Embeds  *[]Embed        `json:"embeds"`
			Flags   int             `json:"flags"`
			Choices []Choice        `json:"choices"`
			Nonce   json.RawMessage `json:"nonce"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &cb); err != nil {
		invalidForm(w, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interactions[id]
	if !ok || in.Token != token {
		writeError(w, http.StatusNotFound, codeUnknownInteraction, "Unknown interaction")
		return
	}
	rec := Callback{Type: cb.Type, Status: http.StatusNoContent, At: time.Now()}
	if cb.Data != nil {
		rec.Flags = cb.Data.Flags
		rec.Choices = cb.Data.Choices
		if cb.Data.Content != nil {
			rec.Content = *cb.Data.Content
		}
		if cb.Data.Embeds != nil {
			rec.Embeds = *cb.Data.Embeds
		}
	}
	defer func() {
		in.Callbacks = append(in.Callbacks, rec)
		s.notify()
	}()
	switch {
	case in.Acknowledged():
		rec.Status = http.StatusBadRequest
		writeError(w, rec.Status, codeAlreadyAcknowledged, "Interaction has already been acknowledged.")
		return
	case time.Since(in.DispatchedAt) > s.opts.InteractionDeadline:
		rec.Status = http.StatusNotFound
		writeError(w, rec.Status, codeUnknownInteraction, "Unknown interaction")
		return
	}
	switch cb.Type {
	case CallbackMessage:
		if err := ValidateMessage(rec.Content, rec.Embeds); err != nil {
			rec.Status = http.StatusBadRequest
			invalidForm(w, err)
			return
		}
		in.Original = &Message{ID: s.newID(), ChannelID: channelOf(in.Payload), Content: rec.Content, Embeds: rec.Embeds,
			Flags: rec.Flags, InteractionID: id, Raw: body, CreatedAt: time.Now()}
	case CallbackDeferredMessage:
		// The "thinking…" placeholder; Raw stays nil until it is edited.
		in.Original = &Message{ID: s.newID(), ChannelID: channelOf(in.Payload), Flags: rec.Flags | 1<<7, InteractionID: id, CreatedAt: time.Now()}
	case CallbackAutocomplete:
		if in.Type != InteractionAutocomplete || len(rec.Choices) > 25 {
			rec.Status = http.StatusBadRequest
			invalidForm(w, errString("choices: invalid for this interaction"))
			return
		}
		for _, c := range rec.Choices {
			if n := len([]rune(c.Name)); n < 1 || n > 100 {
				rec.Status = http.StatusBadRequest
				invalidForm(w, errString("choices: name must be between 1 and 100 in length"))
				return
			}
		}
	default:
		rec.Status = http.StatusBadRequest
		invalidForm(w, errString("type: value is not a valid callback type for this interaction"))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type errString string

func (e errString) Error() string { return string(e) }

func channelOf(payload json.RawMessage) string {
	var p struct {
		ChannelID string `json:"channel_id"`
	}
	_ = json.Unmarshal(payload, &p)
	return p.ChannelID
}

// interactionByToken finds a live interaction for a webhook token. Call with s.mu held.
func (s *Server) interactionByToken(w http.ResponseWriter, appID, token string) *Interaction {
	if appID != s.opts.AppID {
		writeError(w, http.StatusNotFound, codeUnknownWebhook, "Unknown Webhook")
		return nil
	}
	for _, in := range s.interactions {
		if in.Token != token {
			continue
		}
		if time.Since(in.DispatchedAt) > s.opts.FollowupWindow {
			writeError(w, http.StatusUnauthorized, 50027, "Invalid Webhook Token")
			return nil
		}
		if !in.Acknowledged() {
			writeError(w, http.StatusNotFound, codeUnknownWebhook, "Unknown Webhook")
			return nil
		}
		return in
	}
	writeError(w, http.StatusNotFound, codeUnknownWebhook, "Unknown Webhook")
	return nil
}

func (s *Server) handleWebhookMessage(w http.ResponseWriter, method, appID, token, messageID string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.interactionByToken(w, appID, token)
	if in == nil {
		return
	}
	var target *Message
	if messageID == "@original" {
		target = in.Original
	} else {
		for i := range in.Followups {
			if in.Followups[i].ID == messageID {
				target = &in.Followups[i]
			}
		}
	}
	if target == nil || target.Deleted {
		writeError(w, http.StatusNotFound, codeUnknownMessage, "Unknown Message")
		return
	}
	switch method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, s.messageJSON(target))
	case http.MethodDelete:
		target.Deleted = true
		s.notify()
		w.WriteHeader(http.StatusNoContent)
	case http.MethodPatch:
		var o outgoing
		if err := json.Unmarshal(body, &o); err != nil {
			invalidForm(w, err)
			return
		}
		content, embeds := target.Content, target.Embeds
		if o.Content != nil {
			content = *o.Content
		}
		if o.Embeds != nil {
			embeds = *o.Embeds
		}
		if err := ValidateMessage(content, embeds); err != nil {
			invalidForm(w, err)
			return
		}
		target.Content, target.Embeds, target.Raw = content, embeds, body
		target.Flags &^= 1 << 7 // no longer loading
		s.notify()
		writeJSON(w, http.StatusOK, s.messageJSON(target))
	default:
		writeError(w, http.StatusMethodNotAllowed, 0, "405: Method Not Allowed")
	}
}

func (s *Server) handleFollowup(w http.ResponseWriter, appID, token string, body []byte) {
	o, _, err := parseOutgoing(body)
	if err != nil {
		invalidForm(w, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.interactionByToken(w, appID, token)
	if in == nil {
		return
	}
	m := Message{ID: s.newID(), ChannelID: channelOf(in.Payload), Flags: o.Flags, InteractionID: in.ID, Raw: body, CreatedAt: time.Now()}
	if o.Content != nil {
		m.Content = *o.Content
	}
	if o.Embeds != nil {
		m.Embeds = *o.Embeds
	}
	if m.Content == "" && len(m.Embeds) == 0 {
		writeError(w, http.StatusBadRequest, 50006, "Cannot send an empty message")
		return
	}
	in.Followups = append(in.Followups, m)
	s.notify()
	writeJSON(w, http.StatusOK, s.messageJSON(&m))
}
