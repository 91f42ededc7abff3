// Package shard says which of several digestbot processes owns a guild. It
// is the one owner of Discord's rule, (guild_id >> 22) % shard_count, used by
// the gateway session, the offline reshard and the fake Discord alike, so
// the three can never disagree about where a guild lives.
package shard

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MaxCount bounds the shard count: far above what a digestbot needs, low
// enough that a typo cannot ask for a million gateway sessions.
const MaxCount = 1024

// ErrInvalid is wrapped by every error of this package.
var ErrInvalid = errors.New("invalid shard")

// Shard is one process's place among Count: it identifies with [ID, Count].
type Shard struct {
	ID, Count int
}

// Single is the one shard of an unsharded bot.
var Single = Shard{ID: 0, Count: 1}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.ID, s.Count) }

// Validate reports a shard outside 0 <= ID < Count <= MaxCount.
func (s Shard) Validate() error {
	if s.Count < 1 || s.Count > MaxCount || s.ID < 0 || s.ID >= s.Count {
		return fmt.Errorf("shard %d of %d: want 0 <= id < count <= %d: %w", s.ID, s.Count, MaxCount, ErrInvalid)
	}
	return nil
}

// Owns reports whether the guild belongs to this shard. A guild ID that is
// not a snowflake belongs to no shard.
func (s Shard) Owns(guildID string) bool {
	n, err := Of(guildID, s.Count)
	return err == nil && n == s.ID
}

// Of is the shard that owns a guild among count shards, as Discord's
// gateway routes it: (guild_id >> 22) % count.
func Of(guildID string, count int) (int, error) {
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil || count < 1 {
		return 0, fmt.Errorf("guild ID %q among %d shards: %w", guildID, count, ErrInvalid)
	}
	return int((id >> 22) % uint64(count)), nil
}

// Parse reads "i/n", as given to --shard.
func Parse(v string) (Shard, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(v), "/")
	id, err1 := strconv.Atoi(a)
	count, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: want ID/COUNT, e.g. 0/3: %w", v, ErrInvalid)
	}
	s := Shard{ID: id, Count: count}
	return s, s.Validate()
}
