package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/digestbot/digestbot/internal/shard"
)

// ShardOf is the shard that owns a guild among count shards, as Discord's
// gateway routes it: (guild_id >> 22) % count.
func ShardOf(guildID string, count int) (int, error) {
	n, err := shard.Of(guildID, count)
	if err != nil {
		return 0, fmt.Errorf("store: %w: %w", ErrInvalid, err)
	}
	return n, nil
}

// ErrPendingDeliveries is returned by Reshard for a source with deliveries
// still to send: their Discord nonces come from their IDs, which change.
var ErrPendingDeliveries = errors.New("store: the database has deliveries still to send; run the bot until they are sent, then stop it")

// ReshardStats counts what Reshard wrote into each target.
type ReshardStats struct {
	Feeds, Subscriptions, Deliveries, Seen int
}

// Reshard copies every source into the targets (new, empty stores): each
// guild's feed links, subscriptions, deliveries and delivered markers go to
// targets[ShardOf(guild, len(targets))]; a feed goes to every target with a
// guild following it (feeds added from the CLI to target 0 as well), with
// all its seen markers and items. A URL found in several sources becomes
// one feed whose seen markers are the union, so no item either source had
// seen becomes new again. IDs are renumbered per target. The article cache
// is not copied. Sources are only read.
func Reshard(sources, targets []*Store) ([]ReshardStats, error) {
	stats := make([]ReshardStats, len(targets))
	for _, src := range sources {
		if pending, err := src.PendingDeliveries(); err != nil {
			return nil, err
		} else if len(pending) > 0 {
			return nil, fmt.Errorf("%s: %d deliveries: %w", src.path, len(pending), ErrPendingDeliveries)
		}
	}
	for _, src := range sources {
		for shard, dst := range targets {
			err := src.db.View(func(stx *bolt.Tx) error {
				return dst.db.Update(func(dtx *bolt.Tx) error {
					c := &reshardCopy{src: stx, dst: dtx, shard: shard, count: len(targets), stats: &stats[shard]}
					return c.run()
				})
			})
			if err != nil {
				return nil, fmt.Errorf("store: reshard %s into shard %d: %w", src.path, shard, err)
			}
		}
	}
	return stats, nil
}

// reshardCopy copies one source's share of one shard, in one transaction.
type reshardCopy struct {
	src, dst     *bolt.Tx
	shard, count int
	stats        *ReshardStats
	feedIDs      map[uint64]uint64 // source feed ID -> target feed ID
	subIDs       map[uint64]uint64
}

func (c *reshardCopy) mine(guildID string) bool {
	s, err := ShardOf(guildID, c.count)
	return err == nil && s == c.shard
}

func (c *reshardCopy) run() error {
	c.feedIDs, c.subIDs = map[uint64]uint64{}, map[uint64]uint64{}
	err := c.src.Bucket(bucketFeeds).ForEach(func(k, v []byte) error {
		var f Feed
		if err := json.Unmarshal(v, &f); err != nil {
			return fmt.Errorf("decode feed %x: %w", k, err)
		}
		return c.feed(f)
	})
	if err != nil {
		return err
	}
	for _, step := range []func() error{c.subscriptions, c.deliveries, c.delivered} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// feed copies f, its guild links of this shard and its seen items, if a
// guild of this shard follows it (or it is a CLI feed and this is shard 0).
func (c *reshardCopy) feed(f Feed) error {
	var guilds []string
	for _, k := range prefixKeys(c.src.Bucket(bucketFeedGuilds), u64(f.ID)) {
		if g := string(k[8:]); c.mine(g) {
			guilds = append(guilds, g)
		}
	}
	if len(guilds) == 0 && !(f.GuildID == "" && c.shard == 0) {
		return nil
	}
	oldID := f.ID
	if id := c.dst.Bucket(bucketFeedURLs).Get([]byte(f.URL)); id != nil {
		f.ID = binary.BigEndian.Uint64(id) // merging: the first source's fetch state stays
	} else {
		id, err := c.dst.Bucket(bucketFeeds).NextSequence()
		if err != nil {
			return err
		}
		f.ID = id
		if err := putFeed(c.dst, nil, f); err != nil {
			return err
		}
		c.stats.Feeds++
	}
	c.feedIDs[oldID] = f.ID
	for _, g := range guilds {
		if err := addGuildFeed(c.dst, g, f.ID); err != nil {
			return err
		}
	}
	return c.seen(oldID, f.ID)
}

// seen copies a feed's seen markers the target lacks, with their item
// bodies and new-item index entries, under the target's feed ID.
func (c *reshardCopy) seen(oldID, newID uint64) error {
	seen, items, newItems := c.src.Bucket(bucketSeen), c.src.Bucket(bucketItems), c.dst.Bucket(bucketNewItems)
	dSeen, dItems := c.dst.Bucket(bucketSeen), c.dst.Bucket(bucketItems)
	prefix := u64(oldID)
	cur := seen.Cursor()
	for k, v := cur.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = cur.Next() {
		nk := append(u64(newID), k[8:]...)
		if dSeen.Get(nk) != nil || len(v) != seenValueLen {
			continue
		}
		if err := dSeen.Put(nk, clone(v)); err != nil {
			return err
		}
		c.stats.Seen++
		bk := bodyKey(k, binary.BigEndian.Uint64(v[:8]))
		body := items.Get(bk)
		if body == nil {
			continue // pruned: only the marker is kept
		}
		nbk := bodyKey(nk, binary.BigEndian.Uint64(v[:8]))
		if err := dItems.Put(nbk, clone(body)); err != nil {
			return err
		}
		if len(body) >= 2 && body[1]&itemFlagNew != 0 {
			if err := newItems.Put(newItemKey(nbk), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *reshardCopy) subscriptions() error {
	subs, err := decodeAll[Subscription](c.src, bucketSubscriptions, func(s Subscription) bool { return c.mine(s.GuildID) })
	if err != nil {
		return err
	}
	for _, sub := range subs {
		oldID := sub.ID
		if sub.ID, err = c.dst.Bucket(bucketSubscriptions).NextSequence(); err != nil {
			return err
		}
		if err := putSubscription(c.dst, nil, sub); err != nil {
			return fmt.Errorf("subscription %d of guild %s: %w", oldID, sub.GuildID, err)
		}
		c.subIDs[oldID] = sub.ID
		c.stats.Subscriptions++
	}
	return nil
}

// deliveries copies the sent and failed deliveries of this shard's guilds,
// renumbered, with their payloads and item IDs in the target's feed IDs.
func (c *reshardCopy) deliveries() error {
	all, err := decodeAll[Delivery](c.src, bucketDeliveries, func(d Delivery) bool { return c.mine(d.GuildID) })
	if err != nil {
		return err
	}
	for _, d := range all {
		full, err := getDelivery(c.src, d.ID, true)
		if err != nil {
			return err
		}
		id, err := c.dst.Bucket(bucketDeliveries).NextSequence()
		if err != nil {
			return err
		}
		full.ID, full.Nonce = id, deliveryNonce(id)
		full.SubscriptionID = c.subIDs[full.SubscriptionID]
		for i, itemID := range full.ItemIDs {
			full.ItemIDs[i] = c.itemID(itemID)
		}
		for i, p := range full.Payloads {
			if err := c.dst.Bucket(bucketDeliveryPayloads).Put(payloadKey(id, i), p); err != nil {
				return err
			}
		}
		if err := c.dst.Bucket(bucketGuildDeliveries).Put(join(full.GuildID, id), nil); err != nil {
			return err
		}
		full.Payloads = nil
		if err := putDelivery(c.dst, full); err != nil {
			return err
		}
		c.stats.Deliveries++
	}
	return nil
}

// itemID renames an item ID to the target's feed ID; an item of a feed not
// copied keeps its ID (it can match nothing there).
func (c *reshardCopy) itemID(id string) string {
	ik, err := parseItemID(id)
	if err != nil {
		return id
	}
	if nid, ok := c.feedIDs[binary.BigEndian.Uint64(ik[:8])]; ok {
		return itemID(append(u64(nid), ik[8:]...))
	}
	return id
}

// delivered copies the delivered markers and guild channels of this
// shard's guilds, so no story is delivered to a channel twice.
func (c *reshardCopy) delivered() error {
	channels := map[string]bool{}
	gc := c.src.Bucket(bucketGuildChannels).Cursor()
	for k, _ := gc.First(); k != nil; k, _ = gc.Next() {
		guild, channel, ok := bytes.Cut(k, []byte{0})
		if !ok || !c.mine(string(guild)) {
			continue
		}
		channels[string(channel)] = true
		if err := c.dst.Bucket(bucketGuildChannels).Put(clone(k), nil); err != nil {
			return err
		}
	}
	dc := c.src.Bucket(bucketDelivered).Cursor()
	for k, v := dc.First(); k != nil; k, v = dc.Next() {
		channel, ik, ok := bytes.Cut(k, []byte{0})
		if !ok || !channels[string(channel)] || len(ik) != seenKeyLen {
			continue
		}
		nid, ok := c.feedIDs[binary.BigEndian.Uint64(ik[:8])]
		if !ok {
			continue // the feed is not on this shard
		}
		if err := c.dst.Bucket(bucketDelivered).Put(deliveredKey(string(channel), append(u64(nid), ik[8:]...)), clone(v)); err != nil {
			return err
		}
	}
	return nil
}
