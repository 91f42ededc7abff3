package store

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// seenPruneBatch bounds the seen keys one PruneSeen transaction deletes, and
// seenScanBatch those it looks at, so neither a large backlog nor a large
// index holds the write lock for long (polls wait for it).
// Variables so that tests can make the batches small.
var (
	seenPruneBatch = 5000
	seenScanBatch  = 50000
)

// PruneSeen forgets the item keys that no feed poll has listed since before
// olderThan and whose item body is gone (Prune removed it), and returns how
// many. Without it the seen index grows by one entry per item ever seen.
// Keep olderThan well before the items' retention: an item its publisher
// lists again after that long comes back as new.
func (s *Store) PruneSeen(olderThan time.Time) (int, error) {
	cutoff := timeKey(olderThan)
	total := 0
	var start []byte
	for {
		var stale [][]byte
		var next []byte
		err := s.db.Update(func(tx *bolt.Tx) error {
			seen, items := tx.Bucket(bucketSeen), tx.Bucket(bucketItems)
			stale, next = nil, nil
			c := seen.Cursor()
			k, v := c.First()
			if start != nil {
				k, v = c.Seek(start)
			}
			for scanned := 0; k != nil; k, v = c.Next() {
				if scanned++; len(stale) == seenPruneBatch || scanned > seenScanBatch {
					next = clone(k)
					break
				}
				if len(k) != seenKeyLen || len(v) != seenValueLen || binary.BigEndian.Uint64(v[8:16]) >= cutoff {
					continue
				}
				if items.Get(bodyKey(k, binary.BigEndian.Uint64(v[:8]))) == nil {
					stale = append(stale, clone(k))
				}
			}
			return deleteKeys(seen, stale)
		})
		if err != nil {
			return total, fmt.Errorf("store: prune seen keys: %w", err)
		}
		total += len(stale)
		if next == nil {
			return total, nil
		}
		start = next
	}
}
