package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Feed is a followed feed and its fetch state.
type Feed struct {
	ID uint64 `json:"id"`
	// URL is unique across the store.
	URL string `json:"url"`
	// GuildID is the guild that added the feed; "" for feeds added from the CLI,
	// which RemoveGuild never deletes. Other guilds may follow it too (AddFeedToGuild).
	GuildID      string `json:"guild_id,omitempty"`
	Title        string `json:"title,omitempty"`
	SiteURL      string `json:"site_url,omitempty"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`

	AddedAt     time.Time `json:"added_at"`
	LastFetchAt time.Time `json:"last_fetch_at"`
	// LastContentAt is the last poll that returned the feed's content (not a 304,
	// not an error); items present then are still in the feed, which Prune relies on.
	LastContentAt time.Time `json:"last_content_at"`
	// NextPollAt is when the feed is due; the zero time means now.
	NextPollAt time.Time `json:"next_poll_at"`

	ConsecutiveFailures int    `json:"consecutive_failures,omitempty"`
	LastStatus          int    `json:"last_status,omitempty"`
	LastError           string `json:"last_error,omitempty"`
	// Gone feeds (HTTP 410) are never due again.
	Gone bool `json:"gone,omitempty"`
	// Initialized is set by the first successful poll, which records the
	// items already present as a baseline instead of as new.
	Initialized bool `json:"initialized,omitempty"`
}

func (f *Feed) normalize() {
	f.AddedAt = f.AddedAt.UTC()
	f.LastFetchAt = f.LastFetchAt.UTC()
	f.LastContentAt = f.LastContentAt.UTC()
	f.NextPollAt = f.NextPollAt.UTC()
}

// AddFeed stores a new feed and assigns its ID. A URL that is already stored
// returns the existing feed and ErrExists. A non-empty GuildID also makes the
// guild follow the feed.
func (s *Store) AddFeed(f Feed) (Feed, error) {
	added, _, err := s.AddPolledFeed(f, nil, nil, time.Time{})
	return added, err
}

// AddPolledFeed is AddFeed and, when first is not nil, the feed's first
// poll (as RecordPoll records it, with firstItems) in the same transaction:
// a feed is never stored without its baseline, so a failed write (a full
// disk) leaves no trace of it. It returns the stored feed and the New items.
// Concurrent adds share commits, as RecordPoll's do.
func (s *Store) AddPolledFeed(f Feed, first *FeedUpdate, firstItems []Item, now time.Time) (Feed, []Item, error) {
	if f.URL == "" {
		return Feed{}, nil, fmt.Errorf("store: add feed: empty URL: %w", ErrInvalid)
	}
	if f.GuildID != "" {
		if err := validID("guild ID", f.GuildID); err != nil {
			return Feed{}, nil, fmt.Errorf("store: add feed %s: %w", f.URL, err)
		}
	}
	if err := checkItemKeys(firstItems); err != nil {
		return Feed{}, nil, fmt.Errorf("store: add feed %s: %w", f.URL, err)
	}
	if f.AddedAt.IsZero() {
		f.AddedAt = time.Now()
	}
	f.normalize()
	var existing, stored Feed
	var added []Item
	err := s.write(func(tx *bolt.Tx) error {
		stored, added = f, nil // Batch may run this more than once
		if id := tx.Bucket(bucketFeedURLs).Get([]byte(f.URL)); id != nil {
			got, err := getFeed(tx, binary.BigEndian.Uint64(id))
			if err != nil {
				return err
			}
			existing = got
			return ErrExists
		}
		id, err := tx.Bucket(bucketFeeds).NextSequence()
		if err != nil {
			return err
		}
		stored.ID = id
		if err := putFeed(tx, nil, stored); err != nil {
			return err
		}
		if f.GuildID != "" {
			if err := addGuildFeed(tx, f.GuildID, id); err != nil {
				return err
			}
		}
		if first == nil {
			return nil
		}
		stored, added, err = recordPoll(tx, id, *first, firstItems, now.UTC())
		return err
	})
	if errors.Is(err, ErrExists) {
		return existing, nil, fmt.Errorf("store: add feed %s: %w", f.URL, ErrExists)
	}
	if err != nil {
		return Feed{}, nil, fmt.Errorf("store: add feed %s: %w", f.URL, err)
	}
	return stored, added, nil
}

// Feed returns the feed with the given ID or ErrNotFound.
func (s *Store) Feed(id uint64) (Feed, error) {
	var f Feed
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		f, err = getFeed(tx, id)
		return err
	})
	if err != nil {
		return Feed{}, fmt.Errorf("store: feed %d: %w", id, err)
	}
	return f, nil
}

// FeedByURL returns the feed stored under exactly this URL or ErrNotFound.
func (s *Store) FeedByURL(url string) (Feed, error) {
	var f Feed
	err := s.db.View(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketFeedURLs).Get([]byte(url))
		if id == nil {
			return ErrNotFound
		}
		var err error
		f, err = getFeed(tx, binary.BigEndian.Uint64(id))
		return err
	})
	if err != nil {
		return Feed{}, fmt.Errorf("store: feed %s: %w", url, err)
	}
	return f, nil
}

// Feeds returns every feed ordered by ID.
func (s *Store) Feeds() ([]Feed, error) {
	var feeds []Feed
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		feeds, err = decodeAll[Feed](tx, bucketFeeds, nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: feeds: %w", err)
	}
	return feeds, nil
}

// DueFeeds returns the feeds that are not Gone and whose NextPollAt is at or
// before now, most overdue first. It reads only the due index, so its cost
// grows with the number of due feeds, not all feeds.
func (s *Store) DueFeeds(now time.Time) ([]Feed, error) {
	var feeds []Feed
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		feeds, _, err = collectDue(tx, bucketFeedDue, now, nil, 0, getFeed)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: due feeds: %w", err)
	}
	return feeds, nil
}

// DueCursor is where a walk of the due feeds resumes; the zero value starts
// at the most overdue feed.
type DueCursor struct{ key []byte }

// DueFeedsPage returns up to limit feeds that DueFeeds would return, after
// cur, and the cursor to pass next; an empty page means the walk is done.
// Each page is its own read transaction, so a poll pass over many feeds
// holds a few hundred in memory instead of all of them, and the writes it
// makes between pages are not blocked. A feed polled during the walk moves
// past now in the index and is not returned again.
func (s *Store) DueFeedsPage(now time.Time, cur DueCursor, limit int) ([]Feed, DueCursor, error) {
	var feeds []Feed
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		feeds, cur.key, err = collectDue(tx, bucketFeedDue, now, cur.key, limit, getFeed)
		return err
	})
	if err != nil {
		return nil, cur, fmt.Errorf("store: due feeds: %w", err)
	}
	return feeds, cur, nil
}

// FeedsPage returns up to limit feeds with IDs above afterID, ordered by ID;
// an empty page means there are no more.
func (s *Store) FeedsPage(afterID uint64, limit int) ([]Feed, error) {
	var feeds []Feed
	if afterID == math.MaxUint64 {
		return nil, nil
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketFeeds).Cursor()
		for k, _ := c.Seek(u64(afterID + 1)); k != nil && len(feeds) < limit; k, _ = c.Next() {
			f, err := getFeed(tx, binary.BigEndian.Uint64(k))
			if err != nil {
				return err
			}
			feeds = append(feeds, f)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: feeds: %w", err)
	}
	return feeds, nil
}

// UpdateFeed replaces a stored feed's fields (matched by ID). It may change the
// URL (after a permanent redirect) unless another feed has that URL (ErrExists).
// GuildID keeps its stored value: guild membership changes through
// AddFeedToGuild and RemoveFeedFromGuild.
func (s *Store) UpdateFeed(f Feed) error {
	f.normalize()
	err := s.db.Update(func(tx *bolt.Tx) error {
		old, err := getFeed(tx, f.ID)
		if err != nil {
			return err
		}
		f.GuildID = old.GuildID
		return putFeed(tx, &old, f)
	})
	if err != nil {
		return fmt.Errorf("store: update feed %d: %w", f.ID, err)
	}
	return nil
}

// RemoveFeed deletes a feed with all its items and seen keys. Feed IDs are
// never reused, so delivery records and delivered markers that still name the
// old items cannot match a future feed; re-adding the URL gets a new ID and a
// fresh baseline poll, so its current items do not flood digests.
func (s *Store) RemoveFeed(id uint64) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		f, err := getFeed(tx, id)
		if err != nil {
			return err
		}
		return deleteFeed(tx, f)
	})
	if err != nil {
		return fmt.Errorf("store: remove feed %d: %w", id, err)
	}
	return nil
}

// AddFeedToGuild makes a guild follow an existing feed; ErrExists if it already does.
func (s *Store) AddFeedToGuild(guildID string, feedID uint64) error {
	if err := validID("guild ID", guildID); err != nil {
		return fmt.Errorf("store: add feed %d to guild: %w", feedID, err)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		if _, err := getFeed(tx, feedID); err != nil {
			return err
		}
		if tx.Bucket(bucketGuildFeeds).Get(join(guildID, feedID)) != nil {
			return ErrExists
		}
		return addGuildFeed(tx, guildID, feedID)
	})
	if err != nil {
		return fmt.Errorf("store: add feed %d to guild %s: %w", feedID, guildID, err)
	}
	return nil
}

// RemoveFeedFromGuild stops a guild following a feed (ErrNotFound if it did
// not). The feed itself is deleted when no guild follows it any more and it was
// added by a guild rather than from the CLI; deleted reports that.
func (s *Store) RemoveFeedFromGuild(guildID string, feedID uint64) (deleted bool, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		f, err := getFeed(tx, feedID)
		if err != nil {
			return err
		}
		if tx.Bucket(bucketGuildFeeds).Get(join(guildID, feedID)) == nil {
			return ErrNotFound
		}
		deleted, err = detachGuildFeed(tx, guildID, f)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: remove feed %d from guild %s: %w", feedID, guildID, err)
	}
	return deleted, nil
}

// FeedsByGuild returns the feeds a guild follows, ordered by ID.
func (s *Store) FeedsByGuild(guildID string) ([]Feed, error) {
	var feeds []Feed
	err := s.db.View(func(tx *bolt.Tx) error {
		prefix := join(guildID)
		c := tx.Bucket(bucketGuildFeeds).Cursor()
		for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
			f, err := getFeed(tx, binary.BigEndian.Uint64(k[len(prefix):]))
			if err != nil {
				return err
			}
			feeds = append(feeds, f)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: feeds of guild %s: %w", guildID, err)
	}
	return feeds, nil
}

// --- transaction helpers ---

func getFeed(tx *bolt.Tx, id uint64) (Feed, error) {
	v := tx.Bucket(bucketFeeds).Get(u64(id))
	if v == nil {
		return Feed{}, ErrNotFound
	}
	var f Feed
	if err := json.Unmarshal(v, &f); err != nil {
		return Feed{}, fmt.Errorf("decode feed %d: %w", id, err)
	}
	return f, nil
}

// putFeed writes f and keeps the URL and due indexes in step with old (nil for a new feed).
func putFeed(tx *bolt.Tx, old *Feed, f Feed) error {
	urls, due := tx.Bucket(bucketFeedURLs), tx.Bucket(bucketFeedDue)
	if f.URL == "" {
		return fmt.Errorf("empty URL: %w", ErrInvalid)
	}
	if old == nil || old.URL != f.URL {
		if id := urls.Get([]byte(f.URL)); id != nil && binary.BigEndian.Uint64(id) != f.ID {
			return fmt.Errorf("URL %s belongs to feed %d: %w", f.URL, binary.BigEndian.Uint64(id), ErrExists)
		}
		if old != nil {
			if err := urls.Delete([]byte(old.URL)); err != nil {
				return err
			}
		}
		if err := urls.Put([]byte(f.URL), u64(f.ID)); err != nil {
			return err
		}
	}
	if old != nil && !old.Gone {
		if err := due.Delete(feedDueKey(*old)); err != nil {
			return err
		}
	}
	if !f.Gone {
		if err := due.Put(feedDueKey(f), nil); err != nil {
			return err
		}
	}
	v, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketFeeds).Put(u64(f.ID), v)
}

func feedDueKey(f Feed) []byte {
	return binary.BigEndian.AppendUint64(appendTime(nil, f.NextPollAt), f.ID)
}

func addGuildFeed(tx *bolt.Tx, guildID string, feedID uint64) error {
	if err := tx.Bucket(bucketGuildFeeds).Put(join(guildID, feedID), nil); err != nil {
		return err
	}
	return tx.Bucket(bucketFeedGuilds).Put(join(feedID, []byte(guildID)), nil)
}

// detachGuildFeed drops one guild's membership and deletes the feed if it is
// now orphaned and guild-owned.
func detachGuildFeed(tx *bolt.Tx, guildID string, f Feed) (deleted bool, err error) {
	if err := tx.Bucket(bucketGuildFeeds).Delete(join(guildID, f.ID)); err != nil {
		return false, err
	}
	fg := tx.Bucket(bucketFeedGuilds)
	if err := fg.Delete(join(f.ID, []byte(guildID))); err != nil {
		return false, err
	}
	if f.GuildID == "" {
		return false, nil
	}
	if k, _ := fg.Cursor().Seek(u64(f.ID)); k != nil && hasPrefix(k, u64(f.ID)) {
		return false, nil
	}
	return true, deleteFeed(tx, f)
}

func deleteFeed(tx *bolt.Tx, f Feed) error {
	prefix := u64(f.ID)
	// Guild memberships, both directions.
	fg, gf := tx.Bucket(bucketFeedGuilds), tx.Bucket(bucketGuildFeeds)
	for _, k := range prefixKeys(fg, prefix) {
		if err := gf.Delete(join(string(k[8:]), f.ID)); err != nil {
			return err
		}
		if err := fg.Delete(k); err != nil {
			return err
		}
	}
	// Item bodies carry the New flag that says whether a new_items entry exists.
	items, newItems := tx.Bucket(bucketItems), tx.Bucket(bucketNewItems)
	for _, bk := range prefixKeys(items, prefix) {
		if v := items.Get(bk); len(v) >= 2 && v[1]&itemFlagNew != 0 {
			if err := newItems.Delete(newItemKey(bk)); err != nil {
				return err
			}
		}
		if err := items.Delete(bk); err != nil {
			return err
		}
	}
	seen := tx.Bucket(bucketSeen)
	if err := deleteKeys(seen, prefixKeys(seen, prefix)); err != nil {
		return err
	}
	if err := tx.Bucket(bucketFeedURLs).Delete([]byte(f.URL)); err != nil {
		return err
	}
	if !f.Gone {
		if err := tx.Bucket(bucketFeedDue).Delete(feedDueKey(f)); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketFeeds).Delete(prefix)
}
