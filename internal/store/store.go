// Package store is digestbot's bbolt schema: feeds, seen items, subscriptions,
// deliveries and the article cache, in one file opened by one process.
//
// Every method runs in one transaction and returns values copied out of it.
// Keys are big-endian so that cursors walk them in numeric and time order.
//
// # Encodings used below
//
//	id8    uint64 big-endian (IDs come from the owning bucket's NextSequence and are never reused)
//	time8  uint64 big-endian of UnixNano with the sign bit flipped, so it sorts; the zero time is 0
//	hash8  first 8 bytes of SHA-256 of the item key the feed package computed (GUID, link or content hash)
//	str\0  a Discord snowflake or other ID that never contains NUL, followed by a NUL separator
//
// # Buckets (schema version 1)
//
//	meta               "schema_version" -> uint64 big-endian
//	feeds              id8 -> JSON Feed
//	feed_urls          URL -> id8                                   (unique feed URL)
//	feed_due           time8(NextPollAt) id8 -> ""                  (feeds not Gone; DueFeeds walks it)
//	guild_feeds        guildID\0 id8 -> ""                          (feeds a guild follows)
//	feed_guilds        id8 guildID -> ""                            (the reverse)
//	seen               feedID8 hash8 -> time8(FirstSeen) time8(LastInFeed)
//	                   One entry per item key seen for the feed. Prune never removes it, so a
//	                   pruned item stays seen; PruneSeen forgets it once no poll has listed
//	                   it for long and its body is gone. Seen reads only this bucket.
//	items              feedID8 time8(FirstSeen) hash8 -> binary item body (see encodeItem)
//	                   Time-ordered per feed: ItemsByFeed and Prune walk it in order, and
//	                   pages fill up (FillPercent 0.95) because inserts append.
//	new_items          time8(FirstSeen) feedID8 hash8 -> ""         (New items only; ItemsSince)
//	subscriptions      id8 -> JSON Subscription
//	subscription_keys  guildID\0 channelID\0 topic -> id8           (unique; Subscriptions lists it)
//	subscription_due   time8(NextDigestAt) id8 -> ""                (subscriptions not Paused; the
//	                   pipeline's only source of what is due, read by DueSubscriptions)
//	deliveries         id8 -> JSON Delivery without payloads
//	delivery_payloads  id8 part(uint32 big-endian) -> payload bytes, stored as given
//	pending_deliveries id8 -> ""                                    (State pending)
//	guild_deliveries   guildID\0 id8 -> ""
//	delivered          channelID\0 feedID8 hash8 -> time8(delivered at)
//	guild_channels     guildID\0 channelID -> ""                    (channels with delivered markers)
//	story_clusters     channelID\0 story key -> time8(DeliveredAt) JSON StoryCluster (delivered events;
//	                   clusters.go; the time comes first so old ones are skipped undecoded)
//	articles           URL -> time8(fetched at) data
//	article_times      time8(fetched at) URL -> ""
//
// Values: feeds, subscriptions and deliveries are JSON (few records; a new
// field needs no migration). Item bodies are binary because there are
// millions: format byte 1, flags byte (1 New, 2 has Published, 4 Link equals
// Key), [varint Published UnixNano], then uvarint-length-prefixed Key, Title,
// [Link], ContentHash. Item.ID is "<feedID>-<hash8 in 16 hex digits>", the
// seen key as text. A delivery's Discord nonce is made here, once, from its ID:
// "d" + base36(id), and part i is posted with Delivery.PartNonce(i) = nonce + "-" + i.
//
// Schema changes go through the ordered migrations list (migrate.go); Open runs
// the missing ones in one transaction and refuses a file written by a newer version.
package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Sentinel errors; methods wrap them, so test with errors.Is.
var (
	ErrNotFound = errors.New("store: not found")
	// ErrExists is returned when adding a feed URL or a guild+channel+topic
	// subscription that is already stored; the existing record is returned alongside.
	ErrExists = errors.New("store: already exists")
	// ErrLocked means another process (normally another digestbot) holds the database file.
	ErrLocked = errors.New("store: database file is locked by another process")
	// ErrSchemaTooNew means the file was written by a newer digestbot than this binary.
	ErrSchemaTooNew = errors.New("store: database schema is newer than this digestbot")
	// ErrInvalid reports a caller error such as an empty URL or an ID containing NUL.
	ErrInvalid = errors.New("store: invalid argument")
)

// DefaultLockTimeout is how long Open waits for the file lock when Options.LockTimeout is zero.
const DefaultLockTimeout = time.Second

// batchDelay is how long a batched RecordPoll waits for other polls to share
// its commit. Batches also grow while the previous commit's fsync runs, so
// bbolt's 10ms default is more than needed.
const batchDelay = 2 * time.Millisecond

var (
	bucketMeta              = []byte("meta")
	bucketFeeds             = []byte("feeds")
	bucketFeedURLs          = []byte("feed_urls")
	bucketFeedDue           = []byte("feed_due")
	bucketGuildFeeds        = []byte("guild_feeds")
	bucketFeedGuilds        = []byte("feed_guilds")
	bucketSeen              = []byte("seen")
	bucketItems             = []byte("items")
	bucketNewItems          = []byte("new_items")
	bucketSubscriptions     = []byte("subscriptions")
	bucketSubscriptionKeys  = []byte("subscription_keys")
	bucketSubscriptionDue   = []byte("subscription_due")
	bucketDeliveries        = []byte("deliveries")
	bucketDeliveryPayloads  = []byte("delivery_payloads")
	bucketPendingDeliveries = []byte("pending_deliveries")
	bucketGuildDeliveries   = []byte("guild_deliveries")
	bucketDelivered         = []byte("delivered")
	bucketGuildChannels     = []byte("guild_channels")
	bucketArticles          = []byte("articles")
	bucketArticleTimes      = []byte("article_times")
	bucketStoryClusters     = []byte("story_clusters")

	keySchemaVersion = []byte("schema_version")
)

// allBuckets is every bucket of the current schema; Open makes sure each exists.
var allBuckets = [][]byte{
	bucketMeta, bucketFeeds, bucketFeedURLs, bucketFeedDue, bucketGuildFeeds, bucketFeedGuilds,
	bucketSeen, bucketItems, bucketNewItems,
	bucketSubscriptions, bucketSubscriptionKeys, bucketSubscriptionDue,
	bucketDeliveries, bucketDeliveryPayloads, bucketPendingDeliveries, bucketGuildDeliveries,
	bucketDelivered, bucketGuildChannels, bucketArticles, bucketArticleTimes, bucketStoryClusters,
}

// Options tune Open. The zero value is what digestbot uses.
type Options struct {
	// LockTimeout bounds the wait for the file lock; 0 means DefaultLockTimeout.
	LockTimeout time.Duration
	// ReadOnly opens with a shared lock and runs no migrations; the file must
	// already be at the current schema version.
	ReadOnly bool
	// NoSync skips fsync on commit. Only for tests and benchmark set-up: a crash
	// can lose or corrupt data.
	NoSync bool
	// batches bound the prune methods' transactions; zero fields take
	// defaultBatches. Tests in this package make them small.
	batches batchSizes
}

// Store is the digestbot database. Its methods are safe for concurrent use.
type Store struct {
	db   *bolt.DB
	path string
	// writesInFlight counts batchable writes under way, to batch only when there is company.
	writesInFlight atomic.Int32
	batches        batchSizes
}

// Open opens or creates the database at path, waits at most the lock timeout
// for another process to release it, and brings the schema up to date. A
// damaged file is refused with ErrDamaged, never a panic.
func Open(path string, opts Options) (*Store, error) {
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	if !opts.ReadOnly {
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("store: open %s: %w", path, err)
			}
		}
	}
	err := inspect(path, timeout)
	var db *bolt.DB
	if err == nil {
		err = guard(path, func() (err error) {
			db, err = bolt.Open(path, 0o600, &bolt.Options{
				Timeout:      timeout,
				ReadOnly:     opts.ReadOnly,
				NoSync:       opts.NoSync,
				FreelistType: bolt.FreelistMapType, // prune frees many pages; the map freelist stays fast
			})
			return err
		})
	}
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("store: open %s: another digestbot process holds this database file (waited %s; stop it or use a different --db): %w: %w",
			path, timeout, ErrLocked, err)
	case errors.Is(err, ErrDamaged):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.MaxBatchDelay = batchDelay
	if err := guard(path, func() error { return prepare(db, opts.ReadOnly) }); err != nil {
		_ = db.Close()
		if errors.Is(err, ErrDamaged) {
			return nil, err
		}
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return &Store{db: db, path: path, batches: opts.batches.orDefaults()}, nil
}

// prepare checks the schema version of a read-only file, or migrates a
// writable one and creates any missing bucket.
func prepare(db *bolt.DB, readOnly bool) error {
	if readOnly {
		return db.View(func(tx *bolt.Tx) error { return checkVersion(tx) })
	}
	return db.Update(func(tx *bolt.Tx) error {
		if _, _, err := migrate(tx, migrations); err != nil {
			return err
		}
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	})
}

// Close releases the file and its lock.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Path is the database file path given to Open.
func (s *Store) Path() string { return s.path }

// Backup writes a consistent copy of the database to w while other
// transactions continue, and returns the number of bytes written.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: backup: %w", err)
	}
	return n, nil
}

// BackupFile writes a backup to path through a temporary file in the same
// directory that is synced and then renamed, so path is either the old file or
// a complete backup, never half of one.
func (s *Store) BackupFile(path string) (int64, error) {
	if same, err := samePath(path, s.path); err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", path, err)
	} else if same {
		return 0, fmt.Errorf("store: backup to %s: that is the open database itself: %w", path, ErrInvalid)
	}
	return SaveBackup(path, s.Backup)
}

// SaveBackup writes what write produces to path the way BackupFile does:
// through a synced temporary file renamed into place. The CLI uses it for a
// backup streamed from a running bot.
func SaveBackup(path string, write func(io.Writer) (int64, error)) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	fail := func(err error) (int64, error) {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return 0, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	n, err := write(tmp)
	if err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		_ = os.Remove(tmp.Name())
		return 0, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		return 0, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	// Persist the rename itself; failure here is not fatal on filesystems that refuse directory sync.
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		_ = dir.Sync()
		_ = dir.Close()
	}
	return n, nil
}

func samePath(a, b string) (bool, error) {
	aa, err := filepath.Abs(a)
	if err != nil {
		return false, err
	}
	bb, err := filepath.Abs(b)
	if err != nil {
		return false, err
	}
	if aa == bb {
		return true, nil
	}
	ai, errA := os.Stat(aa)
	bi, errB := os.Stat(bb)
	return errA == nil && errB == nil && os.SameFile(ai, bi), nil
}

// Stats are record counts and the file size, for the CLI and benchmarks.
type Stats struct {
	SchemaVersion     int
	Feeds             int
	SeenKeys          int // every item key ever seen, including pruned ones
	Items             int // item bodies still stored
	NewItems          int // items eligible for digests
	Subscriptions     int
	Deliveries        int
	PendingDeliveries int
	DeliveredMarkers  int
	Articles          int
	FileSize          int64
}

// Stats counts the records in one read transaction. It walks every page of the
// counted buckets, so it costs O(database size).
func (s *Store) Stats() (Stats, error) {
	var st Stats
	err := s.db.View(func(tx *bolt.Tx) error {
		v, err := schemaVersion(tx)
		if err != nil {
			return err
		}
		st.SchemaVersion = int(v) // Open refused any version past SchemaVersion()
		st.FileSize = tx.Size()
		count := func(name []byte) int { return tx.Bucket(name).Stats().KeyN }
		st.Feeds = count(bucketFeeds)
		st.SeenKeys = count(bucketSeen)
		st.Items = count(bucketItems)
		st.NewItems = count(bucketNewItems)
		st.Subscriptions = count(bucketSubscriptions)
		st.Deliveries = count(bucketDeliveries)
		st.PendingDeliveries = count(bucketPendingDeliveries)
		st.DeliveredMarkers = count(bucketDelivered)
		st.Articles = count(bucketArticles)
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("store: stats: %w", err)
	}
	return st, nil
}

// --- key encoding helpers ---

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

// timeKey is the sortable 8-byte form of t; the zero time sorts first.
func timeKey(t time.Time) uint64 {
	if t.IsZero() {
		return 0
	}
	return uint64(t.UnixNano()) ^ (1 << 63)
}

func timeFromKey(k uint64) time.Time {
	if k == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(k^(1<<63))).UTC()
}

func appendTime(b []byte, t time.Time) []byte { return binary.BigEndian.AppendUint64(b, timeKey(t)) }

// join builds a key from parts; strings get a NUL terminator, uint64s are big-endian.
func join(parts ...any) []byte {
	var b []byte
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			b = append(b, v...)
			b = append(b, 0)
		case uint64:
			b = binary.BigEndian.AppendUint64(b, v)
		case []byte:
			b = append(b, v...)
		default:
			panic(fmt.Sprintf("store: join: unsupported key part %T", p))
		}
	}
	return b
}

// validID rejects empty IDs and IDs with NUL, which would break prefix keys.
func validID(what, id string) error {
	if id == "" {
		return fmt.Errorf("%s is empty: %w", what, ErrInvalid)
	}
	for i := 0; i < len(id); i++ {
		if id[i] == 0 {
			return fmt.Errorf("%s contains NUL: %w", what, ErrInvalid)
		}
	}
	return nil
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}

// prefixKeys returns copies of every key in bucket b that starts with prefix.
// Collecting before deleting avoids bbolt's skipped-key pitfall when deleting under a cursor.
func prefixKeys(b *bolt.Bucket, prefix []byte) [][]byte {
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, clone(k))
	}
	return keys
}

func deleteKeys(b *bolt.Bucket, keys [][]byte) error {
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func hasPrefix(k, prefix []byte) bool {
	return len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix)
}
