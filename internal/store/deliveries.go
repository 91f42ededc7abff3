package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DeliveryState is where a delivery stands in the exactly-once protocol.
type DeliveryState string

const (
	DeliveryPending DeliveryState = "pending" // intent recorded, not confirmed sent
	DeliverySent    DeliveryState = "sent"
	DeliveryFailed  DeliveryState = "failed" // permanently; never retried
)

// Delivery is one digest for one channel: one or more messages (parts) whose
// payloads are rendered once and resent byte-identical after a crash.
//
// Protocol: CreateDelivery records the intent (and advances the subscription's
// schedule) in one transaction before anything is sent, and makes the one
// nonce. internal/pipeline posts each part with PartNonce(i) (the bot adds
// enforce_nonce); MarkPartSent records each confirmed part and
// MarkDelivered the whole. After a restart, PendingDeliveries lists what to
// resend: parts without a message ID are sent again with the same nonce, so
// Discord drops a copy it already accepted.
type Delivery struct {
	ID uint64 `json:"id"`
	// Nonce is derived from ID ("d" + base36), at most 14 characters.
	Nonce string `json:"nonce"`
	// SubscriptionID is 0 for a digest asked for with /digest.
	SubscriptionID uint64   `json:"subscription_id,omitempty"`
	GuildID        string   `json:"guild_id"`
	ChannelID      string   `json:"channel_id"`
	ItemIDs        []string `json:"item_ids"`
	// Payloads holds one opaque message body per part, stored as given
	// (in their own bucket, not in the JSON record).
	Payloads [][]byte `json:"-"`
	// Parts is len(Payloads), set by CreateDelivery.
	Parts int           `json:"parts"`
	State DeliveryState `json:"state"`
	// MessageIDs has one entry per part; "" until that part is confirmed.
	MessageIDs []string  `json:"message_ids"`
	CreatedAt  time.Time `json:"created_at"`
	SentAt     time.Time `json:"sent_at"`
	// Attempts counts send attempts whose outcome was recorded.
	Attempts  int    `json:"attempts,omitempty"`
	LastError string `json:"last_error,omitempty"`
	// Clusters are the delivered stories as events, stored with the intent
	// (see StoryClusters); not part of the record.
	Clusters []StoryCluster `json:"-"`
}

// PartNonce is the Discord nonce for part i: unique per message, at most 18 characters.
func (d Delivery) PartNonce(part int) string { return d.Nonce + "-" + strconv.Itoa(part) }

func deliveryNonce(id uint64) string { return "d" + strconv.FormatUint(id, 36) }

func payloadKey(id uint64, part int) []byte {
	return binary.BigEndian.AppendUint32(u64(id), uint32(part))
}

func deliveredKey(channelID string, ik []byte) []byte { return join(channelID, ik) }

// CreateDelivery records the intent to deliver d, assigning its ID and nonce,
// and in the same transaction marks its items delivered to the channel and
// sets the subscription's LastDigestAt to d.CreatedAt and NextDigestAt to
// nextDigestAt (when d.SubscriptionID is set).
// A crash after this commit resends this delivery; before it, nothing happened
// and the subscription is still due.
func (s *Store) CreateDelivery(d Delivery, nextDigestAt time.Time) (Delivery, error) {
	if err := validID("guild ID", d.GuildID); err != nil {
		return Delivery{}, fmt.Errorf("store: create delivery: %w", err)
	}
	if err := validID("channel ID", d.ChannelID); err != nil {
		return Delivery{}, fmt.Errorf("store: create delivery: %w", err)
	}
	if len(d.Payloads) == 0 {
		return Delivery{}, fmt.Errorf("store: create delivery: no payloads: %w", ErrInvalid)
	}
	for _, id := range d.ItemIDs {
		if _, err := parseItemID(id); err != nil {
			return Delivery{}, fmt.Errorf("store: create delivery: %w", err)
		}
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = time.Now()
	}
	d.CreatedAt = d.CreatedAt.UTC()
	d.State = DeliveryPending
	d.SentAt = time.Time{}
	d.Parts = len(d.Payloads)
	d.MessageIDs = make([]string, len(d.Payloads))
	d.Attempts, d.LastError = 0, ""
	payloads := make([][]byte, len(d.Payloads))
	for i, p := range d.Payloads {
		payloads[i] = clone(p)
	}
	d.Payloads = payloads
	err := s.db.Update(func(tx *bolt.Tx) error {
		if d.SubscriptionID != 0 {
			old, err := getSubscription(tx, d.SubscriptionID)
			if err != nil {
				return fmt.Errorf("subscription %d: %w", d.SubscriptionID, err)
			}
			sub := old
			sub.LastDigestAt = d.CreatedAt
			sub.NextDigestAt = nextDigestAt.UTC()
			if err := putSubscription(tx, &old, sub); err != nil {
				return err
			}
		}
		id, err := tx.Bucket(bucketDeliveries).NextSequence()
		if err != nil {
			return err
		}
		d.ID, d.Nonce = id, deliveryNonce(id)
		pb := tx.Bucket(bucketDeliveryPayloads)
		for i, p := range d.Payloads {
			if err := pb.Put(payloadKey(id, i), p); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketPendingDeliveries).Put(u64(id), nil); err != nil {
			return err
		}
		if err := tx.Bucket(bucketGuildDeliveries).Put(join(d.GuildID, id), nil); err != nil {
			return err
		}
		if err := claimItems(tx, d); err != nil {
			return err
		}
		if err := putStoryClusters(tx, d.ChannelID, d.Clusters, d.CreatedAt); err != nil {
			return err
		}
		return putDelivery(tx, d)
	})
	if err != nil {
		return Delivery{}, fmt.Errorf("store: create delivery for channel %s: %w", d.ChannelID, err)
	}
	return d, nil
}

// claimItems writes a delivered marker per item for the delivery's channel.
// It runs with the intent, not after the send: a story in a pending delivery
// belongs to it, so no later digest may pick it up while it is resent.
func claimItems(tx *bolt.Tx, d Delivery) error {
	delivered := tx.Bucket(bucketDelivered)
	at := appendTime(nil, d.CreatedAt)
	for _, itemID := range d.ItemIDs {
		ik, err := parseItemID(itemID)
		if err != nil {
			return err
		}
		if err := delivered.Put(deliveredKey(d.ChannelID, ik), at); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketGuildChannels).Put(join(d.GuildID, []byte(d.ChannelID)), nil)
}

// Delivery returns the delivery with its payloads, or ErrNotFound.
func (s *Store) Delivery(id uint64) (Delivery, error) {
	var d Delivery
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		d, err = getDelivery(tx, id, true)
		return err
	})
	if err != nil {
		return Delivery{}, fmt.Errorf("store: delivery %d: %w", id, err)
	}
	return d, nil
}

// PendingDeliveries returns the deliveries not yet sent or failed, with
// payloads, oldest first: what to resend after a restart.
func (s *Store) PendingDeliveries() ([]Delivery, error) {
	var out []Delivery
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPendingDeliveries).ForEach(func(k, _ []byte) error {
			d, err := getDelivery(tx, binary.BigEndian.Uint64(k), true)
			if err != nil {
				return err
			}
			out = append(out, d)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: pending deliveries: %w", err)
	}
	return out, nil
}

// MarkPartSent records that part was accepted by Discord as messageID, so a
// resend after a crash skips it.
func (s *Store) MarkPartSent(id uint64, part int, messageID string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		d, err := getDelivery(tx, id, false)
		if err != nil {
			return err
		}
		if part < 0 || part >= d.Parts {
			return fmt.Errorf("part %d of %d: %w", part, d.Parts, ErrInvalid)
		}
		if len(d.MessageIDs) < d.Parts {
			d.MessageIDs = append(d.MessageIDs, make([]string, d.Parts-len(d.MessageIDs))...)
		}
		d.MessageIDs[part] = messageID
		return putDelivery(tx, d)
	})
	if err != nil {
		return fmt.Errorf("store: mark part %d of delivery %d sent: %w", part, id, err)
	}
	return nil
}

// MarkDelivered completes a delivery: state sent and message IDs (nil keeps
// those recorded by MarkPartSent); its items were marked delivered to the
// channel when it was created. Marking a sent delivery again is a no-op.
func (s *Store) MarkDelivered(id uint64, messageIDs []string, now time.Time) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		d, err := getDelivery(tx, id, false)
		if err != nil {
			return err
		}
		if d.State == DeliverySent {
			return nil
		}
		if messageIDs != nil {
			d.MessageIDs = append([]string(nil), messageIDs...)
		}
		d.State = DeliverySent
		d.SentAt = now.UTC()
		d.Attempts++
		d.LastError = ""
		if err := tx.Bucket(bucketPendingDeliveries).Delete(u64(id)); err != nil {
			return err
		}
		return putDelivery(tx, d)
	})
	if err != nil {
		return fmt.Errorf("store: mark delivery %d delivered: %w", id, err)
	}
	return nil
}

// MarkDeliveryFailed records a failed attempt. A permanent failure (channel
// gone, payload refused) ends the delivery; otherwise it stays pending for a
// retry. Its items keep the delivered markers CreateDelivery wrote: a channel
// that was lost is paused, and when it is resumed its digests go on from
// there rather than replaying what could not be posted.
func (s *Store) MarkDeliveryFailed(id uint64, cause error, permanent bool) error {
	msg := ""
	if cause != nil {
		msg = cause.Error()
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		d, err := getDelivery(tx, id, false)
		if err != nil {
			return err
		}
		if d.State != DeliveryPending {
			return fmt.Errorf("delivery is %s, not pending: %w", d.State, ErrInvalid)
		}
		d.Attempts++
		d.LastError = msg
		if permanent {
			d.State = DeliveryFailed
			if err := tx.Bucket(bucketPendingDeliveries).Delete(u64(id)); err != nil {
				return err
			}
		}
		return putDelivery(tx, d)
	})
	if err != nil {
		return fmt.Errorf("store: mark delivery %d failed: %w", id, err)
	}
	return nil
}

// Delivered reports whether the item (by Item.ID) was delivered to the channel.
func (s *Store) Delivered(channelID, itemID string) (bool, error) {
	ik, err := parseItemID(itemID)
	if err != nil {
		return false, fmt.Errorf("store: delivered: %w", err)
	}
	var ok bool
	err = s.db.View(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketDelivered).Get(deliveredKey(channelID, ik)) != nil
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: delivered: %w", err)
	}
	return ok, nil
}

// Undelivered returns, in order, the item IDs not yet delivered to the channel;
// one transaction for a whole digest's candidates.
func (s *Store) Undelivered(channelID string, itemIDs []string) ([]string, error) {
	keys := make([][]byte, len(itemIDs))
	for i, id := range itemIDs {
		ik, err := parseItemID(id)
		if err != nil {
			return nil, fmt.Errorf("store: undelivered: %w", err)
		}
		keys[i] = deliveredKey(channelID, ik)
	}
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDelivered)
		for i, k := range keys {
			if b.Get(k) == nil {
				out = append(out, itemIDs[i])
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: undelivered: %w", err)
	}
	return out, nil
}

// PruneDeliveries deletes sent and failed deliveries created before olderThan,
// and delivered markers older than that whose item body was pruned or removed
// (such items can never be listed again, so the marker guards nothing).
// Pending deliveries are never pruned. It returns deliveries and markers
// removed. Each write transaction deletes a bounded batch (see
// batchSizes), so a large backlog never holds the write lock for long.
func (s *Store) PruneDeliveries(olderThan time.Time) (deliveries, markers int, err error) {
	cutoff := timeKey(olderThan)
	deliveries, err = s.pruneInBatches(bucketDeliveries, s.batches.deliveries, s.batches.deliveryScan,
		func(_ *bolt.Tx, k, v []byte) (bool, error) {
			var d Delivery
			if err := json.Unmarshal(v, &d); err != nil {
				return false, fmt.Errorf("decode delivery %x: %w", k, err)
			}
			return d.State != DeliveryPending && timeKey(d.CreatedAt) < cutoff, nil
		},
		func(tx *bolt.Tx, keys [][]byte) error {
			for _, k := range keys {
				if err := deleteDelivery(tx, binary.BigEndian.Uint64(k)); err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil {
		return deliveries, 0, fmt.Errorf("store: prune deliveries: %w", err)
	}
	markers, err = s.pruneInBatches(bucketDelivered, s.batches.deliveries, s.batches.deliveryScan,
		func(tx *bolt.Tx, k, v []byte) (bool, error) {
			if len(v) != 8 || binary.BigEndian.Uint64(v) >= cutoff || len(k) < seenKeyLen {
				return false, nil
			}
			ik := k[len(k)-seenKeyLen:]
			sv := tx.Bucket(bucketSeen).Get(ik)
			return len(sv) != seenValueLen || tx.Bucket(bucketItems).Get(bodyKey(ik, binary.BigEndian.Uint64(sv[:8]))) == nil, nil
		},
		func(tx *bolt.Tx, keys [][]byte) error { return deleteKeys(tx.Bucket(bucketDelivered), keys) })
	if err != nil {
		return deliveries, markers, fmt.Errorf("store: prune delivered markers: %w", err)
	}
	return deliveries, markers, nil
}

// --- transaction helpers ---

func getDelivery(tx *bolt.Tx, id uint64, withPayloads bool) (Delivery, error) {
	v := tx.Bucket(bucketDeliveries).Get(u64(id))
	if v == nil {
		return Delivery{}, ErrNotFound
	}
	var d Delivery
	if err := json.Unmarshal(v, &d); err != nil {
		return Delivery{}, fmt.Errorf("decode delivery %d: %w", id, err)
	}
	if withPayloads {
		pb := tx.Bucket(bucketDeliveryPayloads)
		for i := 0; i < d.Parts; i++ {
			p := pb.Get(payloadKey(id, i))
			if p == nil {
				return Delivery{}, fmt.Errorf("delivery %d: payload %d missing: %w", id, i, errors.New("corrupt delivery"))
			}
			d.Payloads = append(d.Payloads, clone(p))
		}
	}
	return d, nil
}

func putDelivery(tx *bolt.Tx, d Delivery) error {
	v, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketDeliveries).Put(u64(d.ID), v)
}

func deleteDelivery(tx *bolt.Tx, id uint64) error {
	d, err := getDelivery(tx, id, false)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	pb := tx.Bucket(bucketDeliveryPayloads)
	if err := deleteKeys(pb, prefixKeys(pb, u64(id))); err != nil {
		return err
	}
	if err := tx.Bucket(bucketPendingDeliveries).Delete(u64(id)); err != nil {
		return err
	}
	if err := tx.Bucket(bucketGuildDeliveries).Delete(join(d.GuildID, id)); err != nil {
		return err
	}
	return tx.Bucket(bucketDeliveries).Delete(u64(id))
}
