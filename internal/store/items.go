package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Item is one entry of a feed, identified within its feed by Key.
type Item struct {
	// ID is "<feedID>-<16 hex digits of hash8>", unique in the store and stable
	// for the item's life; deliveries and delivered markers refer to it.
	ID     string
	FeedID uint64
	// Key is the stable identity the feed package computed (GUID, normalised
	// link or content hash); the store hashes it and never interprets it.
	Key         string
	Title       string
	Link        string
	Published   time.Time
	FirstSeen   time.Time
	ContentHash string
	// New is false for the baseline recorded at a feed's first poll: such
	// items are seen but never appear in digests.
	New bool
	// LastInFeed is the last poll whose content listed the item (read-only;
	// maintained by RecordPoll).
	LastInFeed time.Time
}

// FeedUpdate is a poll's outcome for RecordPoll.
type FeedUpdate struct {
	// Status is the HTTP status; 304 means the content was not modified.
	Status int
	// Error is "" for a successful fetch and parse.
	Error string
	// ETag and LastModified are the validators for the next request, stored
	// as given: pass the previous ones on a 304, "" clears them.
	ETag, LastModified string
	// Title and SiteURL replace the stored ones when not empty.
	Title, SiteURL      string
	NextPollAt          time.Time
	ConsecutiveFailures int
	Gone                bool
	// Backfill is how many of the newest items count as new on the baseline
	// (first successful) poll; the rest are only marked seen.
	Backfill int
}

const statusNotModified = 304

// seen value layout: time8(FirstSeen) time8(LastInFeed).
const (
	seenValueLen      = 16
	itemFormatV1      = 1
	itemFlagNew       = 1 << 0
	itemFlagHasPub    = 1 << 1
	itemFlagLinkIsKey = 1 << 2 // Link equals Key and is stored once
	seenKeyLen        = 16     // feedID8 hash8
	bodyKeyLen        = 24     // feedID8 time8 hash8
	itemIDHashDigits  = 16
)

// appendFill is the FillPercent for buckets whose keys mostly grow (per feed
// or globally): bbolt's default 0.5 leaves every page half empty under appends.
const appendFill = 0.95

func keyHash(key string) [8]byte {
	sum := sha256.Sum256([]byte(key))
	var h [8]byte
	copy(h[:], sum[:8])
	return h
}

// itemKey is an item's key in the seen bucket: feedID8 hash8.
func itemKey(feedID uint64, key string) []byte {
	h := keyHash(key)
	return append(u64(feedID), h[:]...)
}

// itemID formats a seen key as Item.ID.
func itemID(ik []byte) string {
	return strconv.FormatUint(binary.BigEndian.Uint64(ik[:8]), 10) + "-" + hex.EncodeToString(ik[8:16])
}

// parseItemID is the inverse of itemID.
func parseItemID(id string) ([]byte, error) {
	feed, hash, ok := strings.Cut(id, "-")
	if !ok || len(hash) != itemIDHashDigits {
		return nil, fmt.Errorf("item ID %q: %w", id, ErrInvalid)
	}
	feedID, err := strconv.ParseUint(feed, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("item ID %q: %w", id, ErrInvalid)
	}
	h, err := hex.DecodeString(hash)
	if err != nil {
		return nil, fmt.Errorf("item ID %q: %w", id, ErrInvalid)
	}
	return append(u64(feedID), h...), nil
}

// bodyKey is an item's key in the items bucket: feedID8 time8(FirstSeen) hash8.
func bodyKey(ik []byte, firstSeen uint64) []byte {
	k := make([]byte, 0, bodyKeyLen)
	k = append(k, ik[:8]...)
	k = binary.BigEndian.AppendUint64(k, firstSeen)
	return append(k, ik[8:16]...)
}

// seenKeyOf recovers the seen key from a body key.
func seenKeyOf(bk []byte) []byte { return append(clone(bk[:8]), bk[16:24]...) }

// newItemKey turns a body key into its new_items key: time8 feedID8 hash8.
func newItemKey(bk []byte) []byte {
	k := make([]byte, 0, bodyKeyLen)
	k = append(k, bk[8:16]...)
	k = append(k, bk[:8]...)
	return append(k, bk[16:24]...)
}

// bodyKeyOfNew is the inverse of newItemKey.
func bodyKeyOfNew(nk []byte) []byte {
	k := make([]byte, 0, bodyKeyLen)
	k = append(k, nk[8:16]...)
	k = append(k, nk[:8]...)
	return append(k, nk[16:24]...)
}

func seenValue(firstSeen, lastInFeed time.Time) []byte {
	return appendTime(appendTime(make([]byte, 0, seenValueLen), firstSeen), lastInFeed)
}

// encodeItem is the compact body: format1 flags1 [varint(Published ns)] then
// uvarint-length-prefixed Key, Title, [Link], ContentHash. FirstSeen and the
// feed are in the key. Binary rather than JSON: less than half the size and
// no reflection on the write path.
func encodeItem(it Item) []byte {
	var flags byte
	if it.New {
		flags |= itemFlagNew
	}
	if !it.Published.IsZero() {
		flags |= itemFlagHasPub
	}
	strs := []string{it.Key, it.Title, it.Link, it.ContentHash}
	if it.Link == it.Key {
		flags |= itemFlagLinkIsKey
		strs = []string{it.Key, it.Title, it.ContentHash}
	}
	size := 2 + binary.MaxVarintLen64
	for _, s := range strs {
		size += binary.MaxVarintLen32 + len(s)
	}
	b := append(make([]byte, 0, size), itemFormatV1, flags)
	if !it.Published.IsZero() {
		b = binary.AppendVarint(b, it.Published.UnixNano())
	}
	for _, s := range strs {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

var errCorruptItem = errors.New("corrupt item record")

// decodeItem decodes a body stored under body key bk, copying everything out
// of v, which may be mmap-backed.
func decodeItem(bk, v []byte) (Item, error) {
	var it Item
	if len(bk) != bodyKeyLen || len(v) < 2 || v[0] != itemFormatV1 {
		return it, errCorruptItem
	}
	flags := v[1]
	v = v[2:]
	if flags&itemFlagHasPub != 0 {
		ns, w := binary.Varint(v)
		if w <= 0 {
			return it, errCorruptItem
		}
		v = v[w:]
		it.Published = time.Unix(0, ns).UTC()
	}
	dsts := []*string{&it.Key, &it.Title, &it.Link, &it.ContentHash}
	if flags&itemFlagLinkIsKey != 0 {
		dsts = []*string{&it.Key, &it.Title, &it.ContentHash}
	}
	for _, dst := range dsts {
		n, w := binary.Uvarint(v)
		if w <= 0 || uint64(len(v)-w) < n {
			return it, errCorruptItem
		}
		*dst = string(v[w : w+int(n)])
		v = v[w+int(n):]
	}
	if flags&itemFlagLinkIsKey != 0 {
		it.Link = it.Key
	}
	ik := seenKeyOf(bk)
	it.ID = itemID(ik)
	it.FeedID = binary.BigEndian.Uint64(bk[:8])
	it.FirstSeen = timeFromKey(binary.BigEndian.Uint64(bk[8:16]))
	it.New = flags&itemFlagNew != 0
	return it, nil
}

// loadBody reads the item stored under body key bk, with its LastInFeed.
func loadBody(tx *bolt.Tx, bk []byte) (Item, error) {
	v := tx.Bucket(bucketItems).Get(bk)
	if v == nil {
		return Item{}, ErrNotFound
	}
	it, err := decodeItem(bk, v)
	if err != nil {
		return Item{}, fmt.Errorf("item %x: %w", bk, err)
	}
	if sv := tx.Bucket(bucketSeen).Get(seenKeyOf(bk)); len(sv) == seenValueLen {
		it.LastInFeed = timeFromKey(binary.BigEndian.Uint64(sv[8:16]))
	}
	return it, nil
}

// RecordPoll stores one poll of a feed in one transaction: the feed's fetch
// state from update, and every item whose key was never seen for this feed.
// It returns exactly the inserted items that are New, i.e. the ones digests
// will show. Either all of this is committed or none of it, so a crash never
// loses an item nor lets it count as new twice.
//
// Items already seen are not new again, whatever changed; their stored title
// and link follow the publisher's latest version and they are marked as still
// in the feed. Items are read only from a content poll (no Error, Status not
// 304). The first content poll of a feed (Feed.Initialized false) is the
// baseline: its items are stored with New=false, except the update.Backfill
// newest by Published date (items without a date rank after dated ones, in
// the order given).
//
// A feed removed while it was being fetched gives ErrNotFound and nothing is written.
//
// Concurrent calls are committed together (bbolt's Batch), so a poll pass
// with many fetchers in flight pays for a few fsyncs, not one per feed.
func (s *Store) RecordPoll(feedID uint64, update FeedUpdate, items []Item, now time.Time) ([]Item, error) {
	if err := checkItemKeys(items); err != nil {
		return nil, fmt.Errorf("store: record poll of feed %d: %w", feedID, err)
	}
	var added []Item
	err := s.write(func(tx *bolt.Tx) (err error) {
		_, added, err = recordPoll(tx, feedID, update, items, now.UTC())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: record poll of feed %d: %w", feedID, err)
	}
	return added, nil
}

// Poll is one feed's poll for RecordPolls.
type Poll struct {
	FeedID uint64
	Update FeedUpdate
	Items  []Item
}

// PollResult is what RecordPolls did with one Poll: the feed as stored after
// it and the New items inserted, or the error that kept it from being stored
// (ErrNotFound for a feed removed meanwhile).
type PollResult struct {
	Feed     Feed
	NewItems []Item
	Err      error
}

// RecordPolls stores many polls with RecordPoll's semantics in one
// transaction, so a poll pass pays one commit (two fsyncs) for a group of
// feeds instead of one per feed. A poll of a removed feed is skipped with
// ErrNotFound. Any other failure rolls the group back and each poll is
// retried in its own transaction, so one bad feed never sinks the others.
// Results are in the order of polls.
func (s *Store) RecordPolls(polls []Poll, now time.Time) []PollResult {
	now = now.UTC()
	results := make([]PollResult, len(polls))
	for i, p := range polls {
		if err := checkItemKeys(p.Items); err != nil {
			results[i].Err = fmt.Errorf("store: record poll of feed %d: %w", p.FeedID, err)
		}
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		for i, p := range polls {
			if results[i].Err != nil {
				continue
			}
			f, added, err := recordPoll(tx, p.FeedID, p.Update, p.Items, now)
			if errors.Is(err, ErrNotFound) {
				results[i] = PollResult{Err: fmt.Errorf("store: record poll of feed %d: %w", p.FeedID, err)}
				continue
			}
			if err != nil {
				return err
			}
			results[i] = PollResult{Feed: f, NewItems: added}
		}
		return nil
	})
	if err == nil {
		return results
	}
	for i, p := range polls {
		if results[i].Err != nil && !errors.Is(results[i].Err, ErrNotFound) {
			continue
		}
		var r PollResult
		r.Err = s.db.Update(func(tx *bolt.Tx) (err error) {
			r.Feed, r.NewItems, err = recordPoll(tx, p.FeedID, p.Update, p.Items, now)
			return err
		})
		if r.Err != nil {
			r = PollResult{Err: fmt.Errorf("store: record poll of feed %d: %w", p.FeedID, r.Err)}
		}
		results[i] = r
	}
	return results
}

func checkItemKeys(items []Item) error {
	for i := range items {
		if items[i].Key == "" {
			return fmt.Errorf("item %d has an empty key: %w", i, ErrInvalid)
		}
	}
	return nil
}

// write runs fn in a write transaction. Concurrent writers share one commit
// (and its fsyncs) through Batch; a lone caller commits at once instead of
// waiting for company. Batch may run fn more than once, so fn must start
// from scratch each time.
func (s *Store) write(fn func(*bolt.Tx) error) error {
	defer s.writesInFlight.Add(-1)
	if s.writesInFlight.Add(1) > 1 {
		return s.db.Batch(fn)
	}
	return s.db.Update(fn)
}

// recordPoll is RecordPoll inside tx; it returns the feed as stored.
func recordPoll(tx *bolt.Tx, feedID uint64, update FeedUpdate, items []Item, now time.Time) (Feed, []Item, error) {
	old, err := getFeed(tx, feedID)
	if err != nil {
		return Feed{}, nil, err
	}
	f := old
	f.LastFetchAt = now
	f.LastStatus = update.Status
	f.LastError = update.Error
	f.ETag, f.LastModified = update.ETag, update.LastModified
	f.NextPollAt = update.NextPollAt.UTC()
	f.ConsecutiveFailures = update.ConsecutiveFailures
	f.Gone = update.Gone
	if update.Title != "" {
		f.Title = update.Title
	}
	if update.SiteURL != "" {
		f.SiteURL = update.SiteURL
	}
	var added []Item
	if update.Error == "" && update.Status != statusNotModified {
		baseline := !f.Initialized
		f.Initialized = true
		f.LastContentAt = now
		backfill := 0
		if baseline {
			backfill = update.Backfill
		}
		if added, err = recordItems(tx, feedID, items, baseline, backfill, now); err != nil {
			return Feed{}, nil, err
		}
	}
	if err := putFeed(tx, &old, f); err != nil {
		return Feed{}, nil, err
	}
	return f, added, nil
}

// recordItems inserts the unseen items of one content poll and returns the
// New ones in the order given. It writes them in key order: bbolt splits
// pages only at commit, so inserts in random (hash) order into one
// transaction each shift a growing page, which is quadratic; in key order
// they append.
func recordItems(tx *bolt.Tx, feedID uint64, items []Item, baseline bool, backfill int, now time.Time) ([]Item, error) {
	var picked map[string]bool
	if baseline {
		picked = newestKeys(items, backfill)
	}
	keys := make([][]byte, len(items))
	order := make([]int, len(items))
	for i := range items {
		keys[i] = itemKey(feedID, items[i].Key)
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return bytes.Compare(keys[order[a]], keys[order[b]]) < 0 })
	inserted := make([]*Item, len(items))
	for _, i := range order {
		isNew := !baseline || picked[items[i].Key]
		it, err := recordItem(tx, keys[i], feedID, items[i], isNew, now)
		if err != nil {
			return nil, err
		}
		inserted[i] = it
	}
	var added []Item
	for _, it := range inserted {
		if it != nil && it.New {
			added = append(added, *it)
		}
	}
	return added, nil
}

// recordItem inserts it unless its key was seen; it returns the stored item or nil.
func recordItem(tx *bolt.Tx, ik []byte, feedID uint64, it Item, isNew bool, now time.Time) (*Item, error) {
	seen, items := tx.Bucket(bucketSeen), tx.Bucket(bucketItems)
	items.FillPercent = appendFill
	if sv := seen.Get(ik); sv != nil {
		if len(sv) != seenValueLen {
			return nil, fmt.Errorf("seen entry %s: %d bytes, want %d", itemID(ik), len(sv), seenValueLen)
		}
		bk := bodyKey(ik, binary.BigEndian.Uint64(sv[:8]))
		nv := clone(sv)
		binary.BigEndian.PutUint64(nv[8:16], timeKey(now))
		if err := seen.Put(ik, nv); err != nil {
			return nil, err
		}
		return nil, refreshItem(items, bk, it)
	}
	bk := bodyKey(ik, timeKey(now))
	if err := seen.Put(ik, seenValue(now, now)); err != nil {
		return nil, err
	}
	it.Published = it.Published.UTC()
	it.New = isNew
	if err := items.Put(bk, encodeItem(it)); err != nil {
		return nil, err
	}
	if it.New {
		newItems := tx.Bucket(bucketNewItems)
		newItems.FillPercent = appendFill
		if err := newItems.Put(newItemKey(bk), nil); err != nil {
			return nil, err
		}
	}
	it.ID = itemID(ik)
	it.FeedID = feedID
	it.FirstSeen = now
	it.LastInFeed = now
	return &it, nil
}

// refreshItem follows a publisher's edits of title and link on a seen item
// whose body is still stored; identity and FirstSeen never change.
func refreshItem(items *bolt.Bucket, bk []byte, fresh Item) error {
	v := items.Get(bk)
	if v == nil {
		return nil // pruned: only the seen marker remains
	}
	stored, err := decodeItem(bk, v)
	if err != nil {
		return fmt.Errorf("item %x: %w", bk, err)
	}
	changed := false
	if fresh.Title != "" && fresh.Title != stored.Title {
		stored.Title, changed = fresh.Title, true
	}
	if fresh.Link != "" && fresh.Link != stored.Link {
		stored.Link, changed = fresh.Link, true
	}
	if !changed {
		return nil
	}
	return items.Put(bk, encodeItem(stored))
}

// newestKeys picks the keys of the n newest items by Published.
func newestKeys(items []Item, n int) map[string]bool {
	if n <= 0 || len(items) == 0 {
		return nil
	}
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		pa, pb := items[order[a]].Published, items[order[b]].Published
		if pa.IsZero() != pb.IsZero() {
			return !pa.IsZero()
		}
		return pa.After(pb)
	})
	picked := make(map[string]bool, n)
	for _, i := range order {
		if len(picked) == n {
			break
		}
		picked[items[i].Key] = true // a key listed twice counts once
	}
	return picked
}

// Seen reports whether an item key was ever recorded for the feed, including
// items whose body was pruned.
func (s *Store) Seen(feedID uint64, key string) (bool, error) {
	ik := itemKey(feedID, key)
	var seen bool
	err := s.db.View(func(tx *bolt.Tx) error {
		seen = tx.Bucket(bucketSeen).Get(ik) != nil
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: seen: %w", err)
	}
	return seen, nil
}

// Item returns the item with the given Item.ID, or ErrNotFound when it never
// existed or was pruned.
func (s *Store) Item(id string) (Item, error) {
	ik, err := parseItemID(id)
	if err != nil {
		return Item{}, fmt.Errorf("store: item: %w", err)
	}
	var it Item
	err = s.db.View(func(tx *bolt.Tx) error {
		sv := tx.Bucket(bucketSeen).Get(ik)
		if len(sv) != seenValueLen {
			return ErrNotFound
		}
		it, err = loadBody(tx, bodyKey(ik, binary.BigEndian.Uint64(sv[:8])))
		return err
	})
	if err != nil {
		return Item{}, fmt.Errorf("store: item %s: %w", id, err)
	}
	return it, nil
}

// ItemsSince returns New items first seen at or after t, oldest first
// (ordered by FirstSeen, then Published, then ID); limit <= 0 means all.
// Baseline items never appear here.
func (s *Store) ItemsSince(t time.Time, limit int) ([]Item, error) {
	var out []Item
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketNewItems).Cursor()
		keys := collectTimeOrdered(c, appendTime(nil, t), limit, false, func(k []byte) ([]byte, []byte) {
			return k[:8], bodyKeyOfNew(k)
		})
		var err error
		out, err = loadItems(tx, keys)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: items since %s: %w", t.Format(time.RFC3339), err)
	}
	sortItems(out, false)
	return truncate(out, limit), nil
}

// ItemsByFeed returns a feed's stored items, newest first (by FirstSeen, then
// Published), baseline items included; limit <= 0 means all.
func (s *Store) ItemsByFeed(feedID uint64, limit int) ([]Item, error) {
	var out []Item
	err := s.db.View(func(tx *bolt.Tx) error {
		prefix := u64(feedID)
		c := tx.Bucket(bucketItems).Cursor()
		keys := collectTimeOrdered(c, prefix, limit, true, func(k []byte) ([]byte, []byte) {
			if !hasPrefix(k, prefix) {
				return nil, nil
			}
			return k[8:16], k
		})
		var err error
		out, err = loadItems(tx, keys)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: items of feed %d: %w", feedID, err)
	}
	sortItems(out, true)
	return truncate(out, limit), nil
}

// collectTimeOrdered walks an index from seek (forwards) or from the end of
// the seek prefix (backwards) and returns item keys. split returns the time
// part and the item key of an index key, or nil to stop. Past limit it keeps
// the rest of the last timestamp's group, so the caller's sort by Published
// decides ties exactly.
func collectTimeOrdered(c *bolt.Cursor, seek []byte, limit int, reverse bool, split func(k []byte) (ts, ik []byte)) [][]byte {
	var k []byte
	if reverse {
		// Seek past the prefix (prefix+1) and step back into it.
		end := clone(seek)
		for i := len(end) - 1; i >= 0; i-- {
			end[i]++
			if end[i] != 0 {
				break
			}
		}
		if k, _ = c.Seek(end); k == nil {
			k, _ = c.Last()
		} else {
			k, _ = c.Prev()
		}
	} else {
		k, _ = c.Seek(seek)
	}
	var keys [][]byte
	var lastTS []byte
	for ; k != nil; k = step(c, reverse) {
		ts, ik := split(k)
		if ts == nil {
			break
		}
		if limit > 0 && len(keys) >= limit && !bytes.Equal(ts, lastTS) {
			break
		}
		lastTS = clone(ts)
		keys = append(keys, clone(ik))
	}
	return keys
}

func step(c *bolt.Cursor, reverse bool) []byte {
	var k []byte
	if reverse {
		k, _ = c.Prev()
	} else {
		k, _ = c.Next()
	}
	return k
}

func loadItems(tx *bolt.Tx, keys [][]byte) ([]Item, error) {
	out := make([]Item, 0, len(keys))
	for _, bk := range keys {
		it, err := loadBody(tx, bk)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

func sortItems(items []Item, newestFirst bool) {
	sort.SliceStable(items, func(a, b int) bool {
		x, y := items[a], items[b]
		if newestFirst {
			x, y = y, x
		}
		if !x.FirstSeen.Equal(y.FirstSeen) {
			return x.FirstSeen.Before(y.FirstSeen)
		}
		if !x.Published.Equal(y.Published) {
			return x.Published.Before(y.Published)
		}
		return x.ID < y.ID
	})
}

func truncate(items []Item, limit int) []Item {
	if limit > 0 && len(items) > limit {
		return items[:limit]
	}
	return items
}

// Prune deletes the bodies and index entries of items first seen before
// olderThan that are no longer in their feed: not listed by the feed's latest
// content poll, or the feed is Gone. Their seen markers stay, so a publisher
// re-listing an old item never makes it new again. Items still listed, and
// items of feeds whose latest polls failed, are kept. It commits in batches;
// each item's removal is atomic. It returns how many bodies were removed.
func (s *Store) Prune(olderThan time.Time) (int, error) {
	feeds, err := s.Feeds()
	if err != nil {
		return 0, fmt.Errorf("store: prune: %w", err)
	}
	cutoff := timeKey(olderThan)
	total := 0
	for _, f := range feeds {
		start := u64(f.ID)
		for start != nil {
			var n int
			err := s.db.Update(func(tx *bolt.Tx) error {
				n = 0
				cur, err := getFeed(tx, f.ID)
				if errors.Is(err, ErrNotFound) {
					start = nil
					return nil
				}
				if err != nil {
					return err
				}
				n, start, err = pruneFeedBatch(tx, cur, start, cutoff, s.batches.items)
				return err
			})
			if err != nil {
				return total, fmt.Errorf("store: prune feed %d: %w", f.ID, err)
			}
			total += n
		}
	}
	return total, nil
}

// pruneFeedBatch examines up to batch bodies of f from body key start,
// which are in FirstSeen order, so only the part older than the cutoff is
// read. It returns where to resume, nil when the feed is done.
func pruneFeedBatch(tx *bolt.Tx, f Feed, start []byte, cutoff uint64, batch int) (int, []byte, error) {
	prefix := u64(f.ID)
	contentAt := timeKey(f.LastContentAt)
	seen, items := tx.Bucket(bucketSeen), tx.Bucket(bucketItems)
	var victims [][]byte
	var next []byte
	c := items.Cursor()
	examined := 0
	for k, _ := c.Seek(start); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) != bodyKeyLen || binary.BigEndian.Uint64(k[8:16]) >= cutoff {
			break
		}
		if examined == batch {
			next = clone(k)
			break
		}
		examined++
		sv := seen.Get(seenKeyOf(k))
		if f.Gone || len(sv) != seenValueLen || binary.BigEndian.Uint64(sv[8:16]) < contentAt {
			victims = append(victims, clone(k))
		}
	}
	newItems := tx.Bucket(bucketNewItems)
	for _, bk := range victims {
		v := items.Get(bk)
		if len(v) >= 2 && v[1]&itemFlagNew != 0 {
			if err := newItems.Delete(newItemKey(bk)); err != nil {
				return 0, nil, err
			}
		}
		if err := items.Delete(bk); err != nil {
			return 0, nil, err
		}
	}
	return len(victims), next, nil
}
