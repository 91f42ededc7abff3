package store

import (
	"bytes"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func mustCreateDelivery(t *testing.T, s *Store, d Delivery, next time.Time) Delivery {
	t.Helper()
	got, err := s.CreateDelivery(d, next)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestDeliveryNonce(t *testing.T) {
	tests := []struct {
		id   uint64
		want string
	}{
		{1, "d1"},
		{35, "dz"},
		{36, "d10"},
		{^uint64(0), "d3w5e11264sgsf"},
	}
	for _, tt := range tests {
		d := Delivery{Nonce: deliveryNonce(tt.id)}
		if d.Nonce != tt.want {
			t.Errorf("nonce(%d) = %q, want %q", tt.id, d.Nonce, tt.want)
		}
		if n := d.PartNonce(999); len(n) > 25 {
			t.Errorf("part nonce %q longer than Discord's 25", n)
		}
	}
}

func TestDeliveryLifecycle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "digestbot.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	f := mustAddFeed(t, s, Feed{URL: "https://example.org/rss"})
	poll(t, s, f.ID, FeedUpdate{Status: 200}, t0)
	items := poll(t, s, f.ID, FeedUpdate{Status: 200}, t0.Add(time.Minute), "one", "two", "three")
	sub := mustSubscribe(t, s, Subscription{GuildID: "g1", ChannelID: "c1", Topic: "x", NextDigestAt: t0})

	digestAt, next := t0.Add(time.Hour), t0.Add(7*time.Hour)
	payloads := [][]byte{[]byte(`{"embeds":[1]}`), []byte(`{"embeds":[2]}`)}
	d := mustCreateDelivery(t, s, Delivery{
		SubscriptionID: sub.ID, GuildID: "g1", ChannelID: "c1",
		ItemIDs:  []string{items[0].ID, items[1].ID},
		Payloads: payloads, CreatedAt: digestAt,
	}, next)
	payloads[0][0] = 'X' // the store keeps its own copy
	if d.ID == 0 || d.Nonce != deliveryNonce(d.ID) || d.State != DeliveryPending || d.Parts != 2 || len(d.MessageIDs) != 2 {
		t.Errorf("created delivery = %+v", d)
	}
	// The schedule moved in the same transaction as the intent.
	gotSub, _ := s.Subscription(sub.ID)
	if !gotSub.LastDigestAt.Equal(digestAt) || !gotSub.NextDigestAt.Equal(next) {
		t.Errorf("subscription after CreateDelivery = %+v", gotSub)
	}
	if due, _ := s.DueSubscriptions(digestAt); len(due) != 0 {
		t.Errorf("subscription still due after its delivery was recorded")
	}

	// Part 0 is confirmed, then the process dies: the restart resends part 1 with the same nonce.
	if err := s.MarkPartSent(d.ID, 0, "msg-a"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkPartSent(d.ID, 2, "msg-x"); !errors.Is(err, ErrInvalid) {
		t.Errorf("MarkPartSent(part 2 of 2): %v, want ErrInvalid", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pending, err := s.PendingDeliveries()
	if err != nil || len(pending) != 1 {
		t.Fatalf("PendingDeliveries = %d, %v", len(pending), err)
	}
	p := pending[0]
	if p.Nonce != d.Nonce || p.PartNonce(1) != d.PartNonce(1) || !reflect.DeepEqual(p.MessageIDs, []string{"msg-a", ""}) {
		t.Errorf("pending after restart = %+v", p)
	}
	if !bytes.Equal(p.Payloads[0], []byte(`{"embeds":[1]}`)) || !bytes.Equal(p.Payloads[1], []byte(`{"embeds":[2]}`)) {
		t.Errorf("payloads not byte-identical: %q", p.Payloads)
	}

	// The items belong to the pending delivery from its creation on, so no
	// other digest for the channel can take them while it is resent.
	for i, it := range items {
		if ok, _ := s.Delivered("c1", it.ID); ok != (i < 2) {
			t.Errorf("Delivered(c1, %s) = %v while pending, want %v", it.Key, ok, i < 2)
		}
	}
	finishDelivery(t, s, d.ID, items, digestAt)
}

// finishDelivery records a failed attempt and then the delivery of d, and
// checks the record and the markers of items (the first two delivered to c1).
func finishDelivery(t *testing.T, s *Store, id uint64, items []Item, digestAt time.Time) {
	t.Helper()
	if err := s.MarkDeliveryFailed(id, errors.New("503 from Discord"), false); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDelivered(id, nil, digestAt.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDelivered(id, []string{"other"}, digestAt.Add(time.Hour)); err != nil {
		t.Errorf("second MarkDelivered: %v, want no-op", err)
	}
	got, _ := s.Delivery(id)
	if got.State != DeliverySent || !got.SentAt.Equal(digestAt.Add(time.Second)) || got.Attempts != 2 || got.LastError != "" ||
		!reflect.DeepEqual(got.MessageIDs, []string{"msg-a", ""}) {
		t.Errorf("delivered = %+v", got)
	}
	if pending, _ := s.PendingDeliveries(); len(pending) != 0 {
		t.Errorf("still pending: %d", len(pending))
	}
	for i, it := range items {
		want := i < 2
		if ok, _ := s.Delivered("c1", it.ID); ok != want {
			t.Errorf("Delivered(c1, %s) = %v, want %v", it.Key, ok, want)
		}
		if ok, _ := s.Delivered("c2", it.ID); ok {
			t.Errorf("Delivered(c2, %s) = true: markers are per channel", it.Key)
		}
	}
	und, err := s.Undelivered("c1", []string{items[2].ID, items[0].ID, items[1].ID})
	if err != nil || !reflect.DeepEqual(und, []string{items[2].ID}) {
		t.Errorf("Undelivered = %v, %v; want [%s]", und, err, items[2].ID)
	}
	if _, err := s.Delivered("c1", "garbage"); !errors.Is(err, ErrInvalid) {
		t.Errorf("Delivered(bad id): %v, want ErrInvalid", err)
	}
}

func TestCreateDeliveryIsAtomic(t *testing.T) {
	s := openTest(t)
	// Unknown subscription: nothing recorded at all.
	_, err := s.CreateDelivery(Delivery{SubscriptionID: 42, GuildID: "g", ChannelID: "c", Payloads: [][]byte{[]byte("{}")}}, t0)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("CreateDelivery for unknown subscription: %v, want ErrNotFound", err)
	}
	if p, _ := s.PendingDeliveries(); len(p) != 0 {
		t.Errorf("failed CreateDelivery left %d pending", len(p))
	}
	bad := []Delivery{
		{GuildID: "g", ChannelID: "c"},                                                     // no payload
		{ChannelID: "c", Payloads: [][]byte{nil}},                                          // no guild
		{GuildID: "g", Payloads: [][]byte{nil}},                                            // no channel
		{GuildID: "g", ChannelID: "c", Payloads: [][]byte{nil}, ItemIDs: []string{"nope"}}, // bad item ID
	}
	for _, d := range bad {
		if _, err := s.CreateDelivery(d, t0); !errors.Is(err, ErrInvalid) {
			t.Errorf("CreateDelivery(%+v): %v, want ErrInvalid", d, err)
		}
	}
	// An ad-hoc /digest (no subscription) needs none.
	d := mustCreateDelivery(t, s, Delivery{GuildID: "g", ChannelID: "c", Payloads: [][]byte{[]byte("{}")}}, time.Time{})
	if d.SubscriptionID != 0 || d.State != DeliveryPending {
		t.Errorf("ad-hoc delivery = %+v", d)
	}
}

func TestMarkDeliveryFailedPermanent(t *testing.T) {
	s := openTest(t)
	d := mustCreateDelivery(t, s, Delivery{GuildID: "g", ChannelID: "c", Payloads: [][]byte{[]byte("{}")}}, time.Time{})
	if err := s.MarkDeliveryFailed(d.ID, errors.New("429"), false); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.PendingDeliveries(); len(p) != 1 || p[0].Attempts != 1 || p[0].LastError != "429" {
		t.Errorf("after temporary failure pending = %+v", p)
	}
	if err := s.MarkDeliveryFailed(d.ID, errors.New("403 Missing Access"), true); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Delivery(d.ID)
	if got.State != DeliveryFailed || got.Attempts != 2 || got.LastError != "403 Missing Access" {
		t.Errorf("after permanent failure = %+v", got)
	}
	if p, _ := s.PendingDeliveries(); len(p) != 0 {
		t.Errorf("failed delivery still pending")
	}
	if err := s.MarkDeliveryFailed(d.ID, nil, true); !errors.Is(err, ErrInvalid) {
		t.Errorf("failing a finished delivery: %v, want ErrInvalid", err)
	}
	if err := s.MarkDeliveryFailed(999, nil, true); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown delivery: %v, want ErrNotFound", err)
	}
}

func TestPruneDeliveries(t *testing.T) {
	t.Parallel() // its batch sizes are its own store's
	t.Run("one batch", func(t *testing.T) { checkPruneDeliveries(t, batchSizes{}) })
	t.Run("one entry per transaction", func(t *testing.T) {
		// The walk resumes where each transaction stopped and misses nothing.
		checkPruneDeliveries(t, batchSizes{deliveries: 1, deliveryScan: 1})
	})
}

func checkPruneDeliveries(t *testing.T, b batchSizes) {
	s := openTestBatches(t, b)
	f := mustAddFeed(t, s, Feed{URL: "https://example.org/rss"})
	poll(t, s, f.ID, FeedUpdate{Status: 200}, t0)
	items := poll(t, s, f.ID, FeedUpdate{Status: 200}, t0, "gone-soon", "stays")
	ids := []string{items[0].ID, items[1].ID}
	old := mustCreateDelivery(t, s, Delivery{GuildID: "g", ChannelID: "c", ItemIDs: ids, Payloads: [][]byte{[]byte("1")}, CreatedAt: t0}, time.Time{})
	if err := s.MarkDelivered(old.ID, []string{"m"}, t0); err != nil {
		t.Fatal(err)
	}
	oldPending := mustCreateDelivery(t, s, Delivery{GuildID: "g", ChannelID: "c", Payloads: [][]byte{[]byte("2")}, CreatedAt: t0}, time.Time{})
	recent := mustCreateDelivery(t, s, Delivery{GuildID: "g", ChannelID: "c", Payloads: [][]byte{[]byte("3")}, CreatedAt: t0.AddDate(0, 0, 20)}, time.Time{})
	if err := s.MarkDelivered(recent.ID, nil, t0.AddDate(0, 0, 20)); err != nil {
		t.Fatal(err)
	}
	// "gone-soon" drops out of the feed and is pruned; "stays" is still listed.
	poll(t, s, f.ID, FeedUpdate{Status: 200}, t0.AddDate(0, 0, 15), "stays")
	if n, err := s.Prune(t0.AddDate(0, 0, 10)); err != nil || n != 1 {
		t.Fatalf("Prune = %d, %v", n, err)
	}

	nd, nm, err := s.PruneDeliveries(t0.AddDate(0, 0, 10))
	if err != nil || nd != 1 || nm != 1 {
		t.Fatalf("PruneDeliveries = %d, %d, %v; want 1 delivery, 1 marker", nd, nm, err)
	}
	if _, err := s.Delivery(old.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("old sent delivery kept: %v", err)
	}
	for _, id := range []uint64{oldPending.ID, recent.ID} {
		if _, err := s.Delivery(id); err != nil {
			t.Errorf("delivery %d pruned: %v", id, err)
		}
	}
	if ok, _ := s.Delivered("c", items[1].ID); !ok {
		t.Error("marker of a still-listed item pruned: it could be delivered twice")
	}
	if ok, _ := s.Delivered("c", items[0].ID); ok {
		t.Error("marker of a pruned item kept")
	}
}

func TestMarkDeliveredKeepsPayloads(t *testing.T) {
	s := openTest(t)
	d := mustCreateDelivery(t, s, Delivery{GuildID: "g", ChannelID: "c", Payloads: [][]byte{[]byte("a"), []byte("b")}}, time.Time{})
	// Message IDs reported by the bot need not match the part count; payloads still load.
	if err := s.MarkDelivered(d.ID, []string{"only-one"}, t0); err != nil {
		t.Fatal(err)
	}
	got, err := s.Delivery(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Payloads) != 2 || string(got.Payloads[1]) != "b" || !reflect.DeepEqual(got.MessageIDs, []string{"only-one"}) {
		t.Errorf("delivery = %+v, payloads %q", got, got.Payloads)
	}
}
