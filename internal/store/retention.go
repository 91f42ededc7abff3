package store

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// batchSizes bound the write transactions of the prune methods, so neither
// a large backlog nor a large index holds the write lock for long (polls
// wait for it). They belong to a Store, not the package, so a test that
// makes them small shares them with no other test.
type batchSizes struct {
	items        int // item bodies one Prune transaction examines
	seen         int // seen keys one PruneSeen transaction deletes
	seenScan     int // and looks at
	deliveries   int // deliveries or delivered markers one PruneDeliveries transaction deletes
	deliveryScan int // and looks at
	clusters     int // story clusters one PruneStoryClusters transaction deletes
}

var defaultBatches = batchSizes{items: 5000, seen: 5000, seenScan: 50000, deliveries: 1000, deliveryScan: 50000, clusters: 5000}

// orDefaults fills the zero fields of b with the defaults.
func (b batchSizes) orDefaults() batchSizes {
	for _, f := range []struct {
		v   *int
		def int
	}{
		{&b.items, defaultBatches.items}, {&b.seen, defaultBatches.seen}, {&b.seenScan, defaultBatches.seenScan},
		{&b.deliveries, defaultBatches.deliveries}, {&b.deliveryScan, defaultBatches.deliveryScan}, {&b.clusters, defaultBatches.clusters},
	} {
		if *f.v <= 0 {
			*f.v = f.def
		}
	}
	return b
}

// PruneSeen forgets the item keys that no feed poll has listed since before
// olderThan and whose item body is gone (Prune removed it), and returns how
// many. Without it the seen index grows by one entry per item ever seen.
// Keep olderThan well before the items' retention: an item its publisher
// lists again after that long comes back as new.
func (s *Store) PruneSeen(olderThan time.Time) (int, error) {
	cutoff := timeKey(olderThan)
	n, err := s.pruneInBatches(bucketSeen, s.batches.seen, s.batches.seenScan,
		func(tx *bolt.Tx, k, v []byte) (bool, error) {
			if len(k) != seenKeyLen || len(v) != seenValueLen || binary.BigEndian.Uint64(v[8:16]) >= cutoff {
				return false, nil
			}
			return tx.Bucket(bucketItems).Get(bodyKey(k, binary.BigEndian.Uint64(v[:8]))) == nil, nil
		},
		func(tx *bolt.Tx, keys [][]byte) error { return deleteKeys(tx.Bucket(bucketSeen), keys) })
	if err != nil {
		return n, fmt.Errorf("store: prune seen keys: %w", err)
	}
	return n, nil
}

// pruneInBatches walks bucket in key order and deletes (with del) the
// entries stale picks, in write transactions that each delete at most batch
// entries and look at most at scan, resuming where the last one stopped. It
// returns how many it deleted, counting the batches committed before an error.
func (s *Store) pruneInBatches(bucket []byte, batch, scan int,
	stale func(tx *bolt.Tx, k, v []byte) (bool, error), del func(tx *bolt.Tx, keys [][]byte) error) (int, error) {
	total := 0
	var start []byte
	for {
		var keys [][]byte
		var next []byte
		err := s.db.Update(func(tx *bolt.Tx) error {
			keys, next = nil, nil
			c := tx.Bucket(bucket).Cursor()
			k, v := c.First()
			if start != nil {
				k, v = c.Seek(start)
			}
			for scanned := 0; k != nil; k, v = c.Next() {
				if scanned++; len(keys) == batch || scanned > scan {
					next = clone(k)
					break
				}
				ok, err := stale(tx, k, v)
				if err != nil {
					return err
				}
				if ok {
					keys = append(keys, clone(k))
				}
			}
			return del(tx, keys)
		})
		if err != nil {
			return total, err
		}
		total += len(keys)
		if next == nil {
			return total, nil
		}
		start = next
	}
}
