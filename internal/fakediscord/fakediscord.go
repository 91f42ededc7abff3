// Package fakediscord is an in-process stand-in for Discord's REST API and
// gateway, for tests. It implements what digestbot uses and behaves as the real
// Discord does wherever a bot could notice: it rejects tokens without the
// "Bot " prefix, privileged intents, oversized embeds, over-long nonces and
// late or repeated interaction callbacks, it answers a repeated enforced nonce
// with the original message, and it can be told to fail with 429, 5xx, 403 or
// 404 so a bot's error handling can be exercised, or to accept a message and
// hold back its answer so a crash at that moment can be staged. Direct
// messages open a DM channel per user (POST /users/@me/channels) and are
// recorded like channel messages; a user can be set to refuse them.
//
// Point a bot at it by replacing https://discord.com with Server.URL; the
// gateway lookup (GET /api/v9/gateway) returns the ws:// URL of the fake's own
// gateway.
package fakediscord

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configure a Server. Zero values take the defaults noted per field.
type Options struct {
	// Token is the bot token the server accepts (without "Bot "). Default "test-token".
	Token string
	// AppID is the application id, also the bot user's id. Default "100000000000000001".
	AppID string
	// BotName is the bot user's username. Default "digestbot".
	BotName string
	// Guilds are announced with GUILD_CREATE after READY.
	Guilds []Guild
	// HeartbeatInterval is sent in HELLO. Default 41.25 s as Discord does; tests use less.
	HeartbeatInterval time.Duration
	// InteractionDeadline is how long after dispatch an interaction may be
	// acknowledged. Default 3 s, as on Discord.
	InteractionDeadline time.Duration
	// FollowupWindow is how long an interaction token stays valid. Default 15 min.
	FollowupWindow time.Duration
	// NonceWindow is how long an enforced nonce is remembered per channel.
	// Discord documents "the past few minutes"; default 5 min.
	NonceWindow time.Duration
	// Shards is the shard count GET /gateway/bot recommends. Default 1.
	Shards int
	// SessionStarts is session_start_limit.total, and how many are left at
	// first (each IDENTIFY uses one). Default 1000.
	SessionStarts int
	// MaxConcurrency is session_start_limit.max_concurrency. Default 1.
	MaxConcurrency int
	// GlobalLimit, when set, makes the fake answer a request that would be
	// the GlobalLimit+1st within GlobalWindow (default 1 s) with a global
	// 429, as Discord does; interaction callbacks and webhooks are exempt.
	GlobalLimit  int
	GlobalWindow time.Duration
	// RouteLimit, when set, gives each channel's message route a bucket of
	// RouteLimit messages per RouteWindow (default 5 s), announced in
	// X-RateLimit-* headers on every answer and enforced with a 429.
	RouteLimit  int
	RouteWindow time.Duration
	// AllowedIntents lists privileged intents the application has enabled in
	// the developer portal; any other privileged intent closes the gateway with 4014.
	AllowedIntents int
}

// Guild is a guild the bot is a member of.
type Guild struct {
	ID       string
	Name     string
	Channels []string // text channel ids
}

// Privileged gateway intents.
const (
	IntentGuildMembers   = 1 << 1
	IntentGuildPresences = 1 << 8
	IntentMessageContent = 1 << 15
	privilegedIntents    = IntentGuildMembers | IntentGuildPresences | IntentMessageContent
)

// Server is a fake Discord. Create it with New; Close it when done.
type Server struct {
	URL  string // http://127.0.0.1:port, the replacement for https://discord.com
	opts Options
	http *httptest.Server

	mu            sync.Mutex
	changed       chan struct{} // closed and replaced on every recorded change
	nextID        int64
	commands      map[string][]json.RawMessage // "" for global, else guild id
	commandPuts   int
	messages      map[string][]*Message // per channel
	interactions  map[string]*Interaction
	failures      []*failure
	channelErr    map[string]int
	noEmbedLinks  map[string]bool
	held          map[string]chan struct{} // per channel: closed to release held responses
	dmChannels    map[string]string        // user id -> DM channel id
	dmUsers       map[string]string        // DM channel id -> user id
	dmClosed      map[string]bool          // users who accept no DMs from the bot
	requests      []Request
	conns         []*gatewayConn
	undelivered   []dispatch // events sent while no client was ready
	identifies    []Identify
	sessionStarts int
	rates         rateState
	heartbeats    int
	closeCodes    []int
}

// Request is one REST request as received.
type Request struct {
	Method string
	Path   string // without the /api/vN prefix and query
	Status int    // what the fake answered
	At     time.Time
}

// Message is a message the fake holds: posted in a channel, or an
// interaction's original response or followup.
type Message struct {
	ID            string          `json:"id"`
	ChannelID     string          `json:"channel_id"`
	Content       string          `json:"content"`
	Embeds        []Embed         `json:"embeds"`
	Nonce         string          `json:"nonce,omitempty"`
	Flags         int             `json:"flags,omitempty"`
	InteractionID string          `json:"-"`
	Raw           json.RawMessage `json:"-"` // the last request body that set it
	CreatedAt     time.Time       `json:"-"`
	Deleted       bool            `json:"-"`
}

// Embed is the part of a message embed the fake checks.
type Embed struct {
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	URL         string       `json:"url,omitempty"`
	Timestamp   string       `json:"timestamp,omitempty"`
	Color       int          `json:"color,omitempty"`
	Footer      *EmbedFooter `json:"footer,omitempty"`
	Author      *EmbedAuthor `json:"author,omitempty"`
	Fields      []EmbedField `json:"fields,omitempty"`
}

// EmbedFooter is an embed's footer.
type EmbedFooter struct {
	Text string `json:"text"`
}

// EmbedAuthor is an embed's author line.
type EmbedAuthor struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// EmbedField is one embed field.
type EmbedField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// Identify is what a client sent in IDENTIFY (op 2).
type Identify struct {
	Token   string    `json:"token"`
	Intents int       `json:"intents"`
	Shard   *[2]int   `json:"shard,omitempty"`
	At      time.Time `json:"-"` // when the fake received it
}

// Failure is an injected failure for the next matching requests.
type Failure struct {
	Status     int           // 429, 500, 502, 503, 403, …
	RetryAfter time.Duration // for 429: retry_after in the body and the headers
	Global     bool          // for 429: a global rate limit
	// Code and Message are Discord's JSON error code and message for any
	// other status, e.g. 400 with 50083 "Thread is archived".
	Code    int
	Message string
}

type failure struct {
	method, path string
	left         int
	f            Failure
}

// New starts a fake Discord on a loopback port.
func New(opts Options) *Server {
	if opts.Token == "" {
		opts.Token = "test-token"
	}
	if opts.AppID == "" {
		opts.AppID = "100000000000000001"
	}
	if opts.BotName == "" {
		opts.BotName = "digestbot"
	}
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = 41250 * time.Millisecond
	}
	if opts.InteractionDeadline <= 0 {
		opts.InteractionDeadline = 3 * time.Second
	}
	if opts.FollowupWindow <= 0 {
		opts.FollowupWindow = 15 * time.Minute
	}
	if opts.NonceWindow <= 0 {
		opts.NonceWindow = 5 * time.Minute
	}
	if opts.Shards <= 0 {
		opts.Shards = 1
	}
	if opts.SessionStarts <= 0 {
		opts.SessionStarts = 1000
	}
	if opts.MaxConcurrency <= 0 {
		opts.MaxConcurrency = 1
	}
	if opts.GlobalWindow <= 0 {
		opts.GlobalWindow = time.Second
	}
	if opts.RouteWindow <= 0 {
		opts.RouteWindow = 5 * time.Second
	}
	s := &Server{
		opts:          opts,
		changed:       make(chan struct{}),
		nextID:        1_200_000_000_000_000_000,
		commands:      map[string][]json.RawMessage{},
		messages:      map[string][]*Message{},
		interactions:  map[string]*Interaction{},
		channelErr:    map[string]int{},
		noEmbedLinks:  map[string]bool{},
		held:          map[string]chan struct{}{},
		dmChannels:    map[string]string{},
		dmUsers:       map[string]string{},
		dmClosed:      map[string]bool{},
		sessionStarts: opts.SessionStarts,
		rates:         rateState{routes: map[string]*routeBucket{}},
	}
	mux := http.NewServeMux()
	// discordgo appends "/" and a query to the URL from GET /gateway.
	mux.HandleFunc("/gateway", s.serveGateway)
	mux.HandleFunc("/gateway/", s.serveGateway)
	mux.HandleFunc("/api/", s.serveREST)
	s.http = httptest.NewServer(mux)
	s.URL = s.http.URL
	return s
}

// Close disconnects gateway clients, releases held responses and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	conns := append([]*gatewayConn(nil), s.conns...)
	for ch, release := range s.held {
		close(release)
		delete(s.held, ch)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.close(1001, "server shutting down")
	}
	s.http.Close()
}

// AppID returns the application id the fake announces.
func (s *Server) AppID() string { return s.opts.AppID }

// Token returns the bot token the fake accepts (without "Bot ").
func (s *Server) Token() string { return s.opts.Token }

// newID returns a fresh snowflake-shaped id. Call with s.mu held.
func (s *Server) newID() string {
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}

// notify wakes waiters. Call with s.mu held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// WaitFor blocks until cond (called with the server's state locked, so it
// may call no Server methods; use the snapshot passed in) is true or ctx ends.
func (s *Server) waitFor(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("fakediscord: wait: %w", ctx.Err())
		}
	}
}

// FailNext makes the next n requests with this method and path (as the bot
// sends it after /api/vN, e.g. "/channels/42/messages") fail with f.
func (s *Server) FailNext(method, path string, n int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, &failure{method: method, path: path, left: n, f: f})
}

// SetChannelError makes every request to a channel answer status: 403
// (Missing Access), 404 (Unknown Channel), or 0 to clear.
func (s *Server) SetChannelError(channelID string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if status == 0 {
		delete(s.channelErr, channelID)
		return
	}
	s.channelErr[channelID] = status
}

// SetNoEmbedLinks takes the bot's Embed Links permission in a channel away
// (on) or gives it back. Discord then drops the embeds of a message that
// has content and answers one without content 403 Missing Permissions.
func (s *Server) SetNoEmbedLinks(channelID string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noEmbedLinks[channelID] = on
}

// HoldResponses makes the fake accept messages posted in a channel (they are
// recorded, and WaitMessages sees them) but withhold the HTTP answer until
// release is called, the client goes away, or the server closes. It models
// a crash between Discord accepting a message and the bot learning its id:
// kill the bot while a response is held, and it never knows the send
// succeeded. release is idempotent; answers for a repeated enforced nonce are
// held too, as Discord's answer could be lost the same way.
func (s *Server) HoldResponses(channelID string) (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, ok := s.held[channelID]
	if !ok {
		ch = make(chan struct{})
		s.held[channelID] = ch
	}
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.held[channelID] == ch {
			close(ch)
			delete(s.held, channelID)
		}
	}
}

// Requests returns the REST requests received so far whose path has the prefix.
func (s *Server) Requests(method, pathPrefix string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if (method == "" || r.Method == method) && strings.HasPrefix(r.Path, pathPrefix) {
			out = append(out, r)
		}
	}
	return out
}

// Messages returns copies of the messages posted in a channel, oldest first.
func (s *Server) Messages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages[channelID] {
		out = append(out, *m)
	}
	return out
}

// WaitMessages waits until a channel holds at least n messages and returns them.
func (s *Server) WaitMessages(ctx context.Context, channelID string, n int) ([]Message, error) {
	err := s.waitFor(ctx, func() bool { return len(s.messages[channelID]) >= n })
	return s.Messages(channelID), err
}

// Commands returns the last bulk overwrite for a guild ("" for global commands)
// and how many bulk overwrites happened in all.
func (s *Server) Commands(guildID string) (cmds []json.RawMessage, puts int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]json.RawMessage(nil), s.commands[guildID]...), s.commandPuts
}

// WaitCommands waits until at least one bulk overwrite happened.
func (s *Server) WaitCommands(ctx context.Context) error {
	return s.waitFor(ctx, func() bool { return s.commandPuts > 0 })
}

// Identifies returns the IDENTIFY payloads received.
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.identifies...)
}

// CloseCodes returns the close codes the gateway sent to clients.
func (s *Server) CloseCodes() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.closeCodes...)
}

// Heartbeats returns how many heartbeats (op 1) clients sent.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// SetSessionStartsRemaining sets session_start_limit.remaining.
func (s *Server) SetSessionStartsRemaining(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessionStarts = n
}

// WaitShardsReady waits until a session of each of count shards is ready.
func (s *Server) WaitShardsReady(ctx context.Context, count int) error {
	return s.waitFor(ctx, func() bool {
		seen := map[int]bool{}
		for _, c := range s.conns {
			if c.ready && c.shard.Count == count {
				seen[c.shard.ID] = true
			}
		}
		return len(seen) == count
	})
}

// WaitReady waits until a client has identified and received READY.
func (s *Server) WaitReady(ctx context.Context) error {
	return s.waitFor(ctx, func() bool {
		for _, c := range s.conns {
			if c.ready {
				return true
			}
		}
		return false
	})
}

// WaitHeartbeats waits until clients sent at least n heartbeats.
func (s *Server) WaitHeartbeats(ctx context.Context, n int) error {
	return s.waitFor(ctx, func() bool { return s.heartbeats >= n })
}
