package store

import (
	"bytes"
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
// its cost grows with what is due, not with what is stored. It starts after
// the key after (nil: at the start), stops after limit records (0: no
// limit) and returns the last key it read, to resume from.
func collectDue[T any](tx *bolt.Tx, bucket []byte, now time.Time, after []byte, limit int, get func(*bolt.Tx, uint64) (T, error)) ([]T, []byte, error) {
	end := timeKey(now)
	var out []T
	c := tx.Bucket(bucket).Cursor()
	k, _ := c.First()
	if after != nil {
		if k, _ = c.Seek(after); k != nil && bytes.Equal(k, after) {
			k, _ = c.Next()
		}
	}
	last := after
	for ; k != nil && (limit <= 0 || len(out) < limit) && binary.BigEndian.Uint64(k[:8]) <= end; k, _ = c.Next() {
		rec, err := get(tx, binary.BigEndian.Uint64(k[8:16]))
		if err != nil {
			return nil, nil, err
		}
		out = append(out, rec)
		last = k
	}
	return out, clone(last), nil
}
