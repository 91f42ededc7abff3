package store

import (
	"errors"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func mustSubscribe(t *testing.T, s *Store, sub Subscription) Subscription {
	t.Helper()
	got, err := s.AddSubscription(sub)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func subIDs(subs []Subscription) []uint64 {
	ids := []uint64{}
	for _, s := range subs {
		ids = append(ids, s.ID)
	}
	return ids
}

func TestSubscriptions(t *testing.T) {
	s := openTest(t)
	rust := mustSubscribe(t, s, Subscription{GuildID: "g1", ChannelID: "c2", Topic: "rust", Schedule: "daily 08:00", Timezone: "Europe/Paris", CreatedBy: "u1", CreatedAt: t0, NextDigestAt: t0.Add(time.Hour)})
	golang := mustSubscribe(t, s, Subscription{GuildID: "g1", ChannelID: "c1", Topic: "go", Schedule: "every 6h", NextDigestAt: t0})
	other := mustSubscribe(t, s, Subscription{GuildID: "g2", ChannelID: "c9", Topic: "go", Schedule: "every 6h"})

	got, err := s.Subscription(rust.ID)
	if err != nil || !reflect.DeepEqual(got, rust) {
		t.Errorf("Subscription(%d) = %+v, %v; want %+v", rust.ID, got, err, rust)
	}
	if _, err := s.Subscription(99); !errors.Is(err, ErrNotFound) {
		t.Errorf("Subscription(99): %v, want ErrNotFound", err)
	}
	dup, err := s.AddSubscription(Subscription{GuildID: "g1", ChannelID: "c2", Topic: "rust", Schedule: "every 1h"})
	if !errors.Is(err, ErrExists) || dup.ID != rust.ID {
		t.Errorf("duplicate subscription = %+v, %v; want existing and ErrExists", dup, err)
	}
	list := []struct {
		guild, channel string
		want           []uint64
	}{
		{"g1", "", []uint64{golang.ID, rust.ID}}, // ordered by channel
		{"g1", "c2", []uint64{rust.ID}},
		{"g2", "", []uint64{other.ID}},
		{"g3", "", []uint64{}},
		{"g", "", []uint64{}}, // a guild ID that is a prefix of another matches nothing
	}
	for _, tt := range list {
		subs, err := s.Subscriptions(tt.guild, tt.channel)
		if err != nil {
			t.Fatal(err)
		}
		if got := subIDs(subs); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Subscriptions(%q, %q) = %v, want %v", tt.guild, tt.channel, got, tt.want)
		}
	}

	due, _ := s.DueSubscriptions(t0)
	if got, want := subIDs(due), []uint64{other.ID, golang.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("DueSubscriptions(t0) = %v, want %v (zero NextDigestAt first)", got, want)
	}

	// Moving a subscription reschedules it and re-keys it.
	rust.NextDigestAt = t0.Add(-time.Minute)
	rust.Topic = "rustlang"
	if err := s.UpdateSubscription(rust); err != nil {
		t.Fatal(err)
	}
	due, _ = s.DueSubscriptions(t0)
	if got, want := subIDs(due), []uint64{other.ID, rust.ID, golang.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("after update DueSubscriptions = %v, want %v", got, want)
	}
	readded, err := s.AddSubscription(Subscription{GuildID: "g1", ChannelID: "c2", Topic: "rust", NextDigestAt: t0.Add(time.Hour)})
	if err != nil {
		t.Errorf("old topic key still taken: %v", err)
	}
	golang.ChannelID, golang.Topic = "c2", "rustlang"
	if err := s.UpdateSubscription(golang); !errors.Is(err, ErrExists) {
		t.Errorf("update onto another subscription's key: %v, want ErrExists", err)
	}

	if err := s.RemoveSubscription(rust.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveSubscription(rust.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second remove: %v, want ErrNotFound", err)
	}
	due, _ = s.DueSubscriptions(t0)
	if got, want := subIDs(due), []uint64{other.ID, golang.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("after remove DueSubscriptions = %v, want %v (removed %d, not due %d)", got, want, rust.ID, readded.ID)
	}
}

func TestPauseChannel(t *testing.T) {
	s := openTest(t)
	a := mustSubscribe(t, s, Subscription{GuildID: "g1", ChannelID: "c1", Topic: "a", NextDigestAt: t0})
	b := mustSubscribe(t, s, Subscription{GuildID: "g1", ChannelID: "c1", Topic: "b", NextDigestAt: t0})
	c := mustSubscribe(t, s, Subscription{GuildID: "g1", ChannelID: "c2", Topic: "a", NextDigestAt: t0})

	paused, err := s.PauseChannel("c1", "Discord answered 403 Missing Access")
	if got, want := subIDs(paused), []uint64{a.ID, b.ID}; err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("PauseChannel = %v, %v; want %v", got, err, want)
	}
	for _, p := range paused {
		if !p.Paused || p.PausedReason != "Discord answered 403 Missing Access" || p.GuildID != "g1" {
			t.Errorf("returned subscription %+v; want it as stored, paused with the reason", p)
		}
	}
	// Already paused: not paused again, so nobody is told twice.
	if again, _ := s.PauseChannel("c1", "again"); len(again) != 0 {
		t.Errorf("pausing a paused channel paused %v", subIDs(again))
	}
	due, _ := s.DueSubscriptions(t0)
	if got, want := subIDs(due), []uint64{c.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("DueSubscriptions = %v, want %v", got, want)
	}
	got, _ := s.Subscription(a.ID)
	if !got.Paused || got.PausedReason != "Discord answered 403 Missing Access" {
		t.Errorf("paused subscription = %+v", got)
	}

	// Resuming puts it back on the schedule.
	got.Paused, got.PausedReason = false, ""
	if err := s.UpdateSubscription(got); err != nil {
		t.Fatal(err)
	}
	due, _ = s.DueSubscriptions(t0)
	if got, want := subIDs(due), []uint64{a.ID, c.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("after resume DueSubscriptions = %v, want %v", got, want)
	}
	if got, _ := s.Subscription(b.ID); !got.Paused {
		t.Error("resuming one subscription resumed its neighbour")
	}
}

func TestAddSubscriptionRefusesBadInput(t *testing.T) {
	s := openTest(t)
	for _, bad := range []Subscription{
		{ChannelID: "c", Topic: "t"},
		{GuildID: "g", Topic: "t"},
		{GuildID: "g", ChannelID: "c"},
		{GuildID: "g\x00x", ChannelID: "c", Topic: "t"},
	} {
		if _, err := s.AddSubscription(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("AddSubscription(%+v): %v, want ErrInvalid", bad, err)
		}
	}
}

func TestRemoveGuild(t *testing.T) {
	s := openTest(t)
	// Guild g1 with a subscription, a delivered digest, its own feed, a shared feed and a CLI feed it follows.
	own := mustAddFeed(t, s, Feed{URL: "https://g1.example/", GuildID: "g1"})
	shared := mustAddFeed(t, s, Feed{URL: "https://shared.example/", GuildID: "g1"})
	cli := mustAddFeed(t, s, Feed{URL: "https://cli.example/"})
	if err := s.AddFeedToGuild("g2", shared.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.AddFeedToGuild("g1", cli.ID); err != nil {
		t.Fatal(err)
	}
	poll(t, s, own.ID, FeedUpdate{Status: 200}, t0)
	added := poll(t, s, own.ID, FeedUpdate{Status: 200}, t0.Add(time.Hour), "story")
	sub1 := mustSubscribe(t, s, Subscription{GuildID: "g1", ChannelID: "c1", Topic: "x"})
	d1 := mustCreateDelivery(t, s, Delivery{SubscriptionID: sub1.ID, GuildID: "g1", ChannelID: "c1", ItemIDs: []string{added[0].ID}, Payloads: [][]byte{[]byte("{}")}}, t0)
	if err := s.MarkDelivered(d1.ID, []string{"m1"}, t0); err != nil {
		t.Fatal(err)
	}
	pending := mustCreateDelivery(t, s, Delivery{GuildID: "g1", ChannelID: "c1", Payloads: [][]byte{[]byte("{}")}}, time.Time{})
	// Guild g2 must be untouched.
	sub2 := mustSubscribe(t, s, Subscription{GuildID: "g2", ChannelID: "c2", Topic: "x"})
	d2 := mustCreateDelivery(t, s, Delivery{SubscriptionID: sub2.ID, GuildID: "g2", ChannelID: "c2", ItemIDs: []string{added[0].ID}, Payloads: [][]byte{[]byte("{}")}}, t0)
	if err := s.MarkDelivered(d2.ID, nil, t0); err != nil {
		t.Fatal(err)
	}

	if err := s.RemoveGuild("g1"); err != nil {
		t.Fatal(err)
	}

	if subs, _ := s.Subscriptions("g1", ""); len(subs) != 0 {
		t.Errorf("g1 subscriptions left: %v", subIDs(subs))
	}
	for _, id := range []uint64{d1.ID, pending.ID} {
		if _, err := s.Delivery(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("g1 delivery %d left: %v", id, err)
		}
	}
	if p, _ := s.PendingDeliveries(); len(p) != 0 {
		t.Errorf("pending deliveries left: %d", len(p))
	}
	if ok, _ := s.Delivered("c1", added[0].ID); ok {
		t.Error("g1 delivered marker left")
	}
	if _, err := s.Feed(own.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("g1's own feed left: %v", err)
	}
	if ok, _ := s.Seen(own.ID, "story"); ok {
		t.Error("items of g1's own feed left")
	}
	if feeds, _ := s.FeedsByGuild("g1"); len(feeds) != 0 {
		t.Errorf("g1 still follows %v", feedIDs(feeds))
	}
	for _, f := range []Feed{shared, cli} {
		if _, err := s.Feed(f.ID); err != nil {
			t.Errorf("feed %s removed: %v", f.URL, err)
		}
	}
	// g2 intact.
	if subs, _ := s.Subscriptions("g2", ""); len(subs) != 1 {
		t.Errorf("g2 subscriptions = %v", subIDs(subs))
	}
	if _, err := s.Delivery(d2.ID); err != nil {
		t.Errorf("g2 delivery: %v", err)
	}
	if ok, _ := s.Delivered("c2", added[0].ID); !ok {
		t.Error("g2 delivered marker lost")
	}
	checkNoGuildKeys(t, s, "g1")
}

// checkNoGuildKeys checks that no index keeps a key of the removed guild,
// and that only the other guild's one payload is stored.
func checkNoGuildKeys(t *testing.T, s *Store, guild string) {
	t.Helper()
	_ = s.db.View(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketGuildDeliveries, bucketGuildChannels, bucketDeliveryPayloads} {
			if keys := prefixKeys(tx.Bucket(name), join(guild)); len(keys) != 0 {
				t.Errorf("%s still has %s keys", name, guild)
			}
		}
		if n := tx.Bucket(bucketDeliveryPayloads).Stats().KeyN; n != 1 {
			t.Errorf("%d payloads stored, want only the other guild's", n)
		}
		return nil
	})
}

func TestRecordDigestMovesTheDueIndex(t *testing.T) {
	s := openTest(t)
	a := mustSubscribe(t, s, Subscription{GuildID: "g1", ChannelID: "c1", Topic: "a", NextDigestAt: t0})
	if err := s.RecordDigest(a.ID, t0, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if due, err := s.DueSubscriptions(t0.Add(time.Minute)); err != nil || len(due) != 0 {
		t.Errorf("due right after the digest: %v, %v", subIDs(due), err)
	}
	due, err := s.DueSubscriptions(t0.Add(time.Hour))
	if err != nil || !reflect.DeepEqual(subIDs(due), []uint64{a.ID}) || !due[0].LastDigestAt.Equal(t0) {
		t.Errorf("due at the next firing: %+v, %v", due, err)
	}
	if err := s.RecordDigest(999, t0, t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("RecordDigest of a missing subscription: %v, want ErrNotFound", err)
	}
}

func TestActiveSubscriptions(t *testing.T) {
	s := openTest(t)
	a := mustSubscribe(t, s, Subscription{GuildID: "g1", ChannelID: "c1", Topic: "a"})
	mustSubscribe(t, s, Subscription{GuildID: "g1", ChannelID: "c2", Topic: "b"})
	c := mustSubscribe(t, s, Subscription{GuildID: "g2", ChannelID: "c3", Topic: "c"})
	if _, err := s.PauseChannel("c2", "gone"); err != nil {
		t.Fatal(err)
	}
	active, err := s.ActiveSubscriptions()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := subIDs(active), []uint64{a.ID, c.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("ActiveSubscriptions = %v, want %v", got, want)
	}
}
