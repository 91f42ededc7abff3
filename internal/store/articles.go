package store

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// PutArticle caches data (an extracted article, in whatever encoding the
// caller chose) for url, replacing any older copy.
func (s *Store) PutArticle(url string, data []byte, fetchedAt time.Time) error {
	if url == "" {
		return fmt.Errorf("store: put article: empty URL: %w", ErrInvalid)
	}
	value := append(appendTime(make([]byte, 0, 8+len(data)), fetchedAt), data...)
	err := s.db.Update(func(tx *bolt.Tx) error {
		articles, times := tx.Bucket(bucketArticles), tx.Bucket(bucketArticleTimes)
		if old := articles.Get([]byte(url)); len(old) >= 8 {
			if err := times.Delete(append(clone(old[:8]), url...)); err != nil {
				return err
			}
		}
		if err := times.Put(append(clone(value[:8]), url...), nil); err != nil {
			return err
		}
		return articles.Put([]byte(url), value)
	})
	if err != nil {
		return fmt.Errorf("store: put article %s: %w", url, err)
	}
	return nil
}

// Article returns the cached data for url and when it was fetched, or ErrNotFound.
func (s *Store) Article(url string) ([]byte, time.Time, error) {
	var data []byte
	var fetchedAt time.Time
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketArticles).Get([]byte(url))
		if len(v) < 8 {
			return ErrNotFound
		}
		fetchedAt = timeFromKey(binary.BigEndian.Uint64(v[:8]))
		data = clone(v[8:])
		return nil
	})
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("store: article %s: %w", url, err)
	}
	return data, fetchedAt, nil
}

// PruneArticles removes articles fetched before olderThan and, when more
// than keep remain (keep > 0), the oldest of the rest, so the cache is
// bounded in age and in count. It walks only the time index, and returns
// how many it removed.
func (s *Store) PruneArticles(olderThan time.Time, keep int) (int, error) {
	cutoff := timeKey(olderThan)
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		articles, times := tx.Bucket(bucketArticles), tx.Bucket(bucketArticleTimes)
		excess := 0
		if total := times.Stats().KeyN; keep > 0 && total > keep {
			excess = total - keep
		}
		var old [][]byte
		c := times.Cursor()
		for k, _ := c.First(); k != nil && (len(old) < excess || binary.BigEndian.Uint64(k[:8]) < cutoff); k, _ = c.Next() {
			old = append(old, clone(k))
		}
		for _, k := range old {
			if err := articles.Delete(k[8:]); err != nil {
				return err
			}
			if err := times.Delete(k); err != nil {
				return err
			}
		}
		n = len(old)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: prune articles: %w", err)
	}
	return n, nil
}
