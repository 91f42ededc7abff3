package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// decodeAll decodes every JSON record of bucket, in key order, keeping those
// keep accepts (all when keep is nil).
func decodeAll[T any](tx *bolt.Tx, bucket []byte, keep func(T) bool) ([]T, error) {
	var out []T
	err := tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		var rec T
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("decode %s %x: %w", bucket, k, err)
		}
		if keep == nil || keep(rec) {
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

// collectDue walks a due index (time8 id8 keys) up to now, most overdue
// first, and loads each record with get. It reads only the due entries, so
// its cost grows with what is due, not with what is stored.
func collectDue[T any](tx *bolt.Tx, bucket []byte, now time.Time, get func(*bolt.Tx, uint64) (T, error)) ([]T, error) {
	limit := timeKey(now)
	var out []T
	c := tx.Bucket(bucket).Cursor()
	for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k[:8]) <= limit; k, _ = c.Next() {
		rec, err := get(tx, binary.BigEndian.Uint64(k[8:16]))
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}
