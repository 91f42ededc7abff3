package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Subscription is a channel's subscription to a topic on a schedule.
type Subscription struct {
	ID        uint64 `json:"id"`
	GuildID   string `json:"guild_id"`
	ChannelID string `json:"channel_id"`
	// Topic is stored as given; guild+channel+topic is unique, so callers
	// should normalise it (e.g. trim spaces) before storing.
	Topic     string `json:"topic"`
	Schedule  string `json:"schedule"`
	Timezone  string `json:"timezone,omitempty"`
	CreatedBy string `json:"created_by,omitempty"`

	CreatedAt    time.Time `json:"created_at"`
	LastDigestAt time.Time `json:"last_digest_at"`
	// NextDigestAt is when the subscription is due; the zero time means now.
	NextDigestAt time.Time `json:"next_digest_at"`

	// Paused subscriptions are never due; PausedReason tells the user why.
	Paused       bool   `json:"paused,omitempty"`
	PausedReason string `json:"paused_reason,omitempty"`

	// Updates asks for a delivered story to be posted again, once per
	// digest, as an update when more outlets report it.
	Updates bool `json:"updates,omitempty"`
}

func (s *Subscription) normalize() {
	s.CreatedAt = s.CreatedAt.UTC()
	s.LastDigestAt = s.LastDigestAt.UTC()
	s.NextDigestAt = s.NextDigestAt.UTC()
}

func (s Subscription) validate() error {
	if err := validID("guild ID", s.GuildID); err != nil {
		return err
	}
	if err := validID("channel ID", s.ChannelID); err != nil {
		return err
	}
	if s.Topic == "" {
		return fmt.Errorf("empty topic: %w", ErrInvalid)
	}
	return nil
}

func subscriptionKey(s Subscription) []byte { return join(s.GuildID, s.ChannelID, []byte(s.Topic)) }

func subscriptionDueKey(s Subscription) []byte {
	return binary.BigEndian.AppendUint64(appendTime(nil, s.NextDigestAt), s.ID)
}

// AddSubscription stores a new subscription and assigns its ID. The same
// guild, channel and topic twice returns the existing one and ErrExists.
func (s *Store) AddSubscription(sub Subscription) (Subscription, error) {
	if err := sub.validate(); err != nil {
		return Subscription{}, fmt.Errorf("store: add subscription: %w", err)
	}
	if sub.CreatedAt.IsZero() {
		sub.CreatedAt = time.Now()
	}
	sub.normalize()
	var existing Subscription
	err := s.db.Update(func(tx *bolt.Tx) error {
		if id := tx.Bucket(bucketSubscriptionKeys).Get(subscriptionKey(sub)); id != nil {
			got, err := getSubscription(tx, binary.BigEndian.Uint64(id))
			if err != nil {
				return err
			}
			existing = got
			return ErrExists
		}
		id, err := tx.Bucket(bucketSubscriptions).NextSequence()
		if err != nil {
			return err
		}
		sub.ID = id
		return putSubscription(tx, nil, sub)
	})
	if errors.Is(err, ErrExists) {
		return existing, fmt.Errorf("store: add subscription %q in channel %s: %w", sub.Topic, sub.ChannelID, ErrExists)
	}
	if err != nil {
		return Subscription{}, fmt.Errorf("store: add subscription: %w", err)
	}
	return sub, nil
}

// Subscription returns the subscription with the given ID or ErrNotFound.
func (s *Store) Subscription(id uint64) (Subscription, error) {
	var sub Subscription
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		sub, err = getSubscription(tx, id)
		return err
	})
	if err != nil {
		return Subscription{}, fmt.Errorf("store: subscription %d: %w", id, err)
	}
	return sub, nil
}

// Subscriptions lists a guild's subscriptions, or one channel's when
// channelID is not empty, ordered by channel then topic.
func (s *Store) Subscriptions(guildID, channelID string) ([]Subscription, error) {
	prefix := join(guildID)
	if channelID != "" {
		prefix = join(guildID, channelID)
	}
	var subs []Subscription
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketSubscriptionKeys).Cursor()
		for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
			sub, err := getSubscription(tx, binary.BigEndian.Uint64(v))
			if err != nil {
				return err
			}
			subs = append(subs, sub)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: subscriptions of guild %s: %w", guildID, err)
	}
	return subs, nil
}

// DueSubscriptions returns the unpaused subscriptions whose NextDigestAt is
// at or before now, most overdue first. The pipeline reads it once per tick;
// it is the only place that decides what is due.
func (s *Store) DueSubscriptions(now time.Time) ([]Subscription, error) {
	var subs []Subscription
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		subs, _, err = collectDue(tx, bucketSubscriptionDue, now, nil, 0, getSubscription)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: due subscriptions: %w", err)
	}
	return subs, nil
}

// ActiveSubscriptions returns every subscription that is not paused, in all
// guilds, ordered by ID: for tools that walk them all (reshard's checks).
// What is due comes from DueSubscriptions.
func (s *Store) ActiveSubscriptions() ([]Subscription, error) {
	var subs []Subscription
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		subs, err = decodeAll(tx, bucketSubscriptions, func(sub Subscription) bool { return !sub.Paused })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: active subscriptions: %w", err)
	}
	return subs, nil
}

// RecordDigest moves a subscription's schedule on without a delivery: a
// due digest that had nothing new sets LastDigestAt to at, and the due index
// learns the next firing. A removed subscription gives ErrNotFound.
func (s *Store) RecordDigest(id uint64, at, next time.Time) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		old, err := getSubscription(tx, id)
		if err != nil {
			return err
		}
		sub := old
		sub.LastDigestAt, sub.NextDigestAt = at.UTC(), next.UTC()
		return putSubscription(tx, &old, sub)
	})
	if err != nil {
		return fmt.Errorf("store: record digest of subscription %d: %w", id, err)
	}
	return nil
}

// UpdateSubscription replaces a stored subscription (matched by ID). Moving
// it onto another subscription's guild+channel+topic gives ErrExists.
func (s *Store) UpdateSubscription(sub Subscription) error {
	if err := sub.validate(); err != nil {
		return fmt.Errorf("store: update subscription %d: %w", sub.ID, err)
	}
	sub.normalize()
	err := s.db.Update(func(tx *bolt.Tx) error {
		old, err := getSubscription(tx, sub.ID)
		if err != nil {
			return err
		}
		return putSubscription(tx, &old, sub)
	})
	if err != nil {
		return fmt.Errorf("store: update subscription %d: %w", sub.ID, err)
	}
	return nil
}

// RemoveSubscription deletes a subscription. Its past deliveries and the
// channel's delivered markers stay, so re-subscribing never repeats a story.
func (s *Store) RemoveSubscription(id uint64) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		sub, err := getSubscription(tx, id)
		if err != nil {
			return err
		}
		return deleteSubscription(tx, sub)
	})
	if err != nil {
		return fmt.Errorf("store: remove subscription %d: %w", id, err)
	}
	return nil
}

// PauseChannel pauses every subscription of a channel (after Discord answered
// 403 or 404 for it) with a reason for /subscriptions to show, and returns the
// subscriptions it paused, as stored now. Those already paused are left out,
// so a channel's pause is reported once: the pipeline tells their creators.
// Resume one by UpdateSubscription with Paused false.
func (s *Store) PauseChannel(channelID, reason string) ([]Subscription, error) {
	var paused []Subscription
	err := s.db.Update(func(tx *bolt.Tx) error {
		paused = paused[:0]
		targets, err := decodeAll(tx, bucketSubscriptions, func(sub Subscription) bool {
			return sub.ChannelID == channelID && !sub.Paused
		})
		if err != nil {
			return err
		}
		for _, old := range targets {
			sub := old
			sub.Paused, sub.PausedReason = true, reason
			if err := putSubscription(tx, &old, sub); err != nil {
				return err
			}
			paused = append(paused, sub)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: pause channel %s: %w", channelID, err)
	}
	return paused, nil
}

// RemoveGuild deletes everything a guild left behind: subscriptions,
// deliveries and their payloads, delivered markers of its channels, its feed
// memberships, and the feeds it added that no other guild follows (with their
// items). CLI-added feeds stay.
func (s *Store) RemoveGuild(guildID string) error {
	if err := validID("guild ID", guildID); err != nil {
		return fmt.Errorf("store: remove guild: %w", err)
	}
	prefix := join(guildID)
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, k := range prefixKeys(tx.Bucket(bucketSubscriptionKeys), prefix) {
			id := tx.Bucket(bucketSubscriptionKeys).Get(k)
			sub, err := getSubscription(tx, binary.BigEndian.Uint64(id))
			if err != nil {
				return err
			}
			if err := deleteSubscription(tx, sub); err != nil {
				return err
			}
		}
		gd := tx.Bucket(bucketGuildDeliveries)
		for _, k := range prefixKeys(gd, prefix) {
			if err := deleteDelivery(tx, binary.BigEndian.Uint64(k[len(prefix):])); err != nil {
				return err
			}
			if err := gd.Delete(k); err != nil {
				return err
			}
		}
		gc, delivered := tx.Bucket(bucketGuildChannels), tx.Bucket(bucketDelivered)
		for _, k := range prefixKeys(gc, prefix) {
			channel := string(k[len(prefix):])
			if err := deleteKeys(delivered, prefixKeys(delivered, join(channel))); err != nil {
				return err
			}
			if err := gc.Delete(k); err != nil {
				return err
			}
		}
		for _, k := range prefixKeys(tx.Bucket(bucketGuildFeeds), prefix) {
			f, err := getFeed(tx, binary.BigEndian.Uint64(k[len(prefix):]))
			if err != nil {
				return err
			}
			if _, err := detachGuildFeed(tx, guildID, f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: remove guild %s: %w", guildID, err)
	}
	return nil
}

// --- transaction helpers ---

func getSubscription(tx *bolt.Tx, id uint64) (Subscription, error) {
	v := tx.Bucket(bucketSubscriptions).Get(u64(id))
	if v == nil {
		return Subscription{}, ErrNotFound
	}
	var sub Subscription
	if err := json.Unmarshal(v, &sub); err != nil {
		return Subscription{}, fmt.Errorf("decode subscription %d: %w", id, err)
	}
	return sub, nil
}

// putSubscription writes sub and keeps the unique-key and due indexes in step with old.
func putSubscription(tx *bolt.Tx, old *Subscription, sub Subscription) error {
	keys, due := tx.Bucket(bucketSubscriptionKeys), tx.Bucket(bucketSubscriptionDue)
	newKey := subscriptionKey(sub)
	if old == nil || string(subscriptionKey(*old)) != string(newKey) {
		if id := keys.Get(newKey); id != nil && binary.BigEndian.Uint64(id) != sub.ID {
			return fmt.Errorf("topic %q in channel %s is subscription %d: %w", sub.Topic, sub.ChannelID, binary.BigEndian.Uint64(id), ErrExists)
		}
		if old != nil {
			if err := keys.Delete(subscriptionKey(*old)); err != nil {
				return err
			}
		}
		if err := keys.Put(newKey, u64(sub.ID)); err != nil {
			return err
		}
	}
	if old != nil && !old.Paused {
		if err := due.Delete(subscriptionDueKey(*old)); err != nil {
			return err
		}
	}
	if !sub.Paused {
		if err := due.Put(subscriptionDueKey(sub), nil); err != nil {
			return err
		}
	}
	v, err := json.Marshal(sub)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketSubscriptions).Put(u64(sub.ID), v)
}

func deleteSubscription(tx *bolt.Tx, sub Subscription) error {
	if err := tx.Bucket(bucketSubscriptionKeys).Delete(subscriptionKey(sub)); err != nil {
		return err
	}
	if !sub.Paused {
		if err := tx.Bucket(bucketSubscriptionDue).Delete(subscriptionDueKey(sub)); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketSubscriptions).Delete(u64(sub.ID))
}
