package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// A migration moves the schema from version i to i+1, where i is its index in
// the list. Append new ones; never edit or reorder released ones.
type migration struct {
	name string
	up   func(tx *bolt.Tx) error
}

// migrations is the schema history. A file without a meta bucket (created
// before versioning existed) is version 0.
var migrations = []migration{
	{name: "v1: initial layout", up: migrateV1},
}

// SchemaVersion is the schema version this binary writes.
func SchemaVersion() int { return len(migrations) }

// migrateV1 names its buckets literally: later versions may rename the package variables.
func migrateV1(tx *bolt.Tx) error {
	for _, name := range []string{
		"meta", "feeds", "feed_urls", "feed_due", "guild_feeds", "feed_guilds",
		"seen", "items", "new_items",
		"subscriptions", "subscription_keys", "subscription_due",
		"deliveries", "delivery_payloads", "pending_deliveries", "guild_deliveries",
		"delivered", "guild_channels", "articles", "article_times",
	} {
		if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// schemaVersion reads the stored version. It stays a uint64 until it is known
// to be within the list: a damaged or hostile file may hold any value.
func schemaVersion(tx *bolt.Tx) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, nil
	}
	v := meta.Get(keySchemaVersion)
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("schema version has %d bytes, want 8 (%s): %w", len(v), restoreHint, ErrDamaged)
	}
	return binary.BigEndian.Uint64(v), nil
}

// migrate runs the migrations list[from:] in tx and records the new version.
// Running inside the caller's transaction makes the whole upgrade all-or-nothing.
func migrate(tx *bolt.Tx, list []migration) (from, to int, err error) {
	stored, err := schemaVersion(tx)
	if err != nil {
		return 0, 0, err
	}
	if stored > uint64(len(list)) {
		return 0, 0, tooNew(stored, len(list))
	}
	from = int(stored)
	for v := from; v < len(list); v++ {
		if err := list[v].up(tx); err != nil {
			return from, v, fmt.Errorf("migration to version %d (%s): %w", v+1, list[v].name, err)
		}
	}
	if from == len(list) {
		return from, from, nil
	}
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return from, from, err
	}
	if err := meta.Put(keySchemaVersion, u64(uint64(len(list)))); err != nil {
		return from, from, err
	}
	return from, len(list), nil
}

// checkVersion is the read-only counterpart of migrate: it can only refuse.
func checkVersion(tx *bolt.Tx) error {
	v, err := schemaVersion(tx)
	if err != nil {
		return err
	}
	switch {
	case v > uint64(SchemaVersion()):
		return tooNew(v, SchemaVersion())
	case v < uint64(SchemaVersion()):
		return fmt.Errorf("file has schema version %d and needs migrating to %d; open it once read-write: %w", v, SchemaVersion(), ErrInvalid)
	}
	return nil
}

// tooNew explains a version this binary cannot read: a newer digestbot wrote
// it, or (for absurd values) the file is damaged.
func tooNew(stored uint64, known int) error {
	return fmt.Errorf("file has schema version %d, this digestbot knows up to %d: upgrade digestbot, "+
		"or restore a copy made with `digestbot backup` by this version: %w", stored, known, ErrSchemaTooNew)
}
