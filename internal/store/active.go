package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// ActiveSubscriptions returns every subscription that is not paused, in all
// guilds, ordered by ID. The bot decides which are due from their schedules.
func (s *Store) ActiveSubscriptions() ([]Subscription, error) {
	var subs []Subscription
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSubscriptions).ForEach(func(k, v []byte) error {
			var sub Subscription
			if err := json.Unmarshal(v, &sub); err != nil {
				return fmt.Errorf("decode subscription %x: %w", k, err)
			}
			if !sub.Paused {
				subs = append(subs, sub)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: active subscriptions: %w", err)
	}
	return subs, nil
}
