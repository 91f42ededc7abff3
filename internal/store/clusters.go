package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// StoryCluster is a story delivered to a channel as the event it reports:
// every item it stood for, with what clustering needs to recognise a later
// report of the same event (title, lead, actors), and the quotes shown, so
// an update can say which quotes are new. It outlives a restart, so a story
// delivered yesterday is not posted again as new today.
type StoryCluster struct {
	// Key names the cluster in its channel: the item ID of the story first
	// delivered for it.
	Key         string          `json:"key"`
	Members     []ClusterMember `json:"members"`
	Quotes      []string        `json:"quotes,omitempty"`
	DeliveredAt time.Time       `json:"delivered_at"`
}

// ClusterMember is one item of a delivered cluster.
type ClusterMember struct {
	ItemID    string    `json:"item_id"`
	Title     string    `json:"title"`
	Lead      string    `json:"lead,omitempty"`
	Actors    []string  `json:"actors,omitempty"`
	Publisher string    `json:"publisher,omitempty"`
	URL       string    `json:"url,omitempty"`
	Canonical string    `json:"canonical,omitempty"`
	Published time.Time `json:"published,omitzero"`
}

// Bounds on a stored cluster, so a long-running story cannot grow its
// record without limit: the members and quotes kept, and a member's lead.
const (
	maxClusterMembers = 100
	maxClusterQuotes  = 40
	maxClusterLead    = 1000
)

// StoryClusters returns the channel's clusters delivered (or updated) at or
// after since, oldest key first.
func (s *Store) StoryClusters(channelID string, since time.Time) ([]StoryCluster, error) {
	var out []StoryCluster
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketStoryClusters)
		prefix, from := join(channelID), timeKey(since)
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
			if len(v) < 8 || binary.BigEndian.Uint64(v) < from {
				continue // older than asked: not even decoded
			}
			var sc StoryCluster
			if err := json.Unmarshal(v[8:], &sc); err != nil {
				return fmt.Errorf("cluster %q: %w", k, err)
			}
			out = append(out, sc)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: story clusters of channel %s: %w", channelID, err)
	}
	return out, nil
}

// putStoryClusters stores the clusters a delivery holds, joining each with
// the record of the same key (an update adds members and quotes).
func putStoryClusters(tx *bolt.Tx, channelID string, clusters []StoryCluster, at time.Time) error {
	b := tx.Bucket(bucketStoryClusters)
	for _, sc := range clusters {
		if sc.Key == "" {
			continue
		}
		key := join(channelID, []byte(sc.Key))
		if old := b.Get(key); len(old) > 8 {
			var prev StoryCluster
			if err := json.Unmarshal(old[8:], &prev); err == nil {
				sc = joinClusters(prev, sc)
			}
		}
		sc.DeliveredAt = at.UTC()
		bound(&sc)
		data, err := json.Marshal(sc)
		if err != nil {
			return fmt.Errorf("encode cluster %s: %w", sc.Key, err)
		}
		if err := b.Put(key, append(appendTime(nil, sc.DeliveredAt), data...)); err != nil {
			return err
		}
	}
	return nil
}

// joinClusters adds next's members and quotes that prev lacks.
func joinClusters(prev, next StoryCluster) StoryCluster {
	have := make(map[string]bool, len(prev.Members))
	for _, m := range prev.Members {
		have[m.ItemID] = true
	}
	for _, m := range next.Members {
		if !have[m.ItemID] {
			have[m.ItemID] = true
			prev.Members = append(prev.Members, m)
		}
	}
	quotes := make(map[string]bool, len(prev.Quotes))
	for _, q := range prev.Quotes {
		quotes[q] = true
	}
	for _, q := range next.Quotes {
		if !quotes[q] {
			quotes[q] = true
			prev.Quotes = append(prev.Quotes, q)
		}
	}
	return prev
}

func bound(sc *StoryCluster) {
	if len(sc.Members) > maxClusterMembers {
		sc.Members = sc.Members[:maxClusterMembers]
	}
	if len(sc.Quotes) > maxClusterQuotes {
		sc.Quotes = sc.Quotes[:maxClusterQuotes]
	}
	for i := range sc.Members {
		if lead := []rune(sc.Members[i].Lead); len(lead) > maxClusterLead {
			sc.Members[i].Lead = string(lead[:maxClusterLead])
		}
	}
}

// PruneStoryClusters removes the clusters last delivered before olderThan
// and returns how many: past retention their items are gone, and a new
// report of so old an event is news again.
func (s *Store) PruneStoryClusters(olderThan time.Time) (int, error) {
	cutoff, total := timeKey(olderThan), 0
	for {
		var stale [][]byte
		err := s.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketStoryClusters)
			c := b.Cursor()
			for k, v := c.First(); k != nil && len(stale) < s.batches.clusters; k, v = c.Next() {
				if len(v) < 8 || binary.BigEndian.Uint64(v) < cutoff {
					stale = append(stale, clone(k))
				}
			}
			return deleteKeys(b, stale)
		})
		if err != nil {
			return total, fmt.Errorf("store: prune story clusters: %w", err)
		}
		total += len(stale)
		if len(stale) < s.batches.clusters {
			return total, nil
		}
	}
}
