package store

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func keysOf(items []Item) []string {
	keys := []string{}
	for _, it := range items {
		keys = append(keys, it.Key)
	}
	return keys
}

func poll(t *testing.T, s *Store, feedID uint64, u FeedUpdate, now time.Time, keys ...string) []Item {
	t.Helper()
	items := make([]Item, len(keys))
	for i, k := range keys {
		items[i] = Item{Key: k, Title: "title " + k, Link: "https://example.org/" + k}
	}
	added, err := s.RecordPoll(feedID, u, items, now)
	if err != nil {
		t.Fatal(err)
	}
	return added
}

func TestRecordPollBaseline(t *testing.T) {
	day := func(d int) time.Time { return t0.AddDate(0, 0, -d) }
	items := []Item{
		{Key: "undated"},
		{Key: "old", Published: day(9)},
		{Key: "newest", Published: day(1)},
		{Key: "dup", Published: day(8)},
		{Key: "dup", Published: day(2)}, // listed twice, the later copy with a newer date
		{Key: "middle", Published: day(5)},
	}
	tests := []struct {
		backfill int
		want     []string
	}{
		{0, []string{}},
		{1, []string{"newest"}},
		{3, []string{"newest", "dup", "middle"}},
		{10, []string{"undated", "old", "newest", "dup", "middle"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("backfill=%d", tt.backfill), func(t *testing.T) {
			s := openTest(t)
			f := mustAddFeed(t, s, Feed{URL: "https://example.org/rss"})
			added, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200, Backfill: tt.backfill}, items, t0)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			for _, k := range tt.want {
				want[k] = true
			}
			got := map[string]bool{}
			for _, it := range added {
				got[it.Key] = true
				if !it.New {
					t.Errorf("returned item %q has New=false", it.Key)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("new = %v, want %v", keysOf(added), tt.want)
			}
			// Everything is seen; only the backfill is listed for digests.
			for _, it := range items {
				if ok, _ := s.Seen(f.ID, it.Key); !ok {
					t.Errorf("%q not seen after baseline", it.Key)
				}
			}
			listed, _ := s.ItemsSince(time.Time{}, 0)
			if len(listed) != len(tt.want) {
				t.Errorf("ItemsSince lists %v, want %v", keysOf(listed), tt.want)
			}
			byFeed, _ := s.ItemsByFeed(f.ID, 0)
			if len(byFeed) != 5 {
				t.Errorf("ItemsByFeed has %d items, want 5 (baseline included, duplicate once)", len(byFeed))
			}
			f, _ = s.Feed(f.ID)
			if !f.Initialized {
				t.Error("feed not Initialized after its baseline poll")
			}
		})
	}
}

func TestRecordPollNewAndSeen(t *testing.T) {
	s := openTest(t)
	f := mustAddFeed(t, s, Feed{URL: "https://example.org/rss"})
	poll(t, s, f.ID, FeedUpdate{Status: 200}, t0, "a", "b")

	t1 := t0.Add(time.Hour)
	edited := []Item{
		{Key: "a", Title: "a, retitled", Link: "https://example.org/a-moved", Published: t1}, // publisher rewrote title and date
		{Key: "c", Title: "brand new", Published: t1},
		{Key: "c", Title: "brand new"}, // duplicate within one poll
	}
	added, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, edited, t1)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 1 || added[0].Key != "c" {
		t.Fatalf("new items = %v, want [c]", keysOf(added))
	}
	c := added[0]
	if c.ID == "" || c.FeedID != f.ID || !c.FirstSeen.Equal(t1) || !c.Published.Equal(t1) || !c.New {
		t.Errorf("returned item = %+v", c)
	}
	stored, err := s.Item(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored, c) {
		t.Errorf("Item(%s) = %+v\nwant %+v", c.ID, stored, c)
	}

	// The retitled item keeps its identity and first-seen time but shows the new title.
	byFeed, _ := s.ItemsByFeed(f.ID, 0)
	var a Item
	for _, it := range byFeed {
		if it.Key == "a" {
			a = it
		}
	}
	if a.Title != "a, retitled" || a.Link != "https://example.org/a-moved" || !a.FirstSeen.Equal(t0) || !a.LastInFeed.Equal(t1) {
		t.Errorf("edited item = %+v", a)
	}

	// Replaying the same poll adds nothing.
	if again, _ := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, edited, t1.Add(time.Hour)); len(again) != 0 {
		t.Errorf("replay added %v", keysOf(again))
	}
	// Keys are per feed: the same key in another feed is new there.
	g := mustAddFeed(t, s, Feed{URL: "https://other.example/rss"})
	poll(t, s, g.ID, FeedUpdate{Status: 200}, t0)
	if added := poll(t, s, g.ID, FeedUpdate{Status: 200}, t1, "a"); len(added) != 1 {
		t.Errorf("key a in another feed: new = %v, want [a]", keysOf(added))
	}
}

func TestRecordPollFeedState(t *testing.T) {
	s := openTest(t)
	f := mustAddFeed(t, s, Feed{URL: "https://example.org/rss", Title: "Orig"})
	next := t0.Add(10 * time.Minute)

	poll(t, s, f.ID, FeedUpdate{Status: 200, ETag: `"v1"`, LastModified: "Sun, 01 Mar 2026 11:00:00 GMT",
		Title: "Fetched", SiteURL: "https://example.org/", NextPollAt: next}, t0, "a")
	got, _ := s.Feed(f.ID)
	want := f
	want.Title, want.SiteURL, want.ETag, want.LastModified = "Fetched", "https://example.org/", `"v1"`, "Sun, 01 Mar 2026 11:00:00 GMT"
	want.LastStatus, want.LastFetchAt, want.LastContentAt, want.NextPollAt, want.Initialized = 200, t0, t0, next, true
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after 200:\n got %+v\nwant %+v", got, want)
	}

	// A 304 updates fetch state but not content; items passed with it are ignored.
	t1 := t0.Add(time.Hour)
	if added := poll(t, s, f.ID, FeedUpdate{Status: 304, ETag: `"v1"`, NextPollAt: t1.Add(time.Hour)}, t1, "ignored"); len(added) != 0 {
		t.Errorf("304 added %v", keysOf(added))
	}
	got, _ = s.Feed(f.ID)
	if got.LastStatus != 304 || !got.LastFetchAt.Equal(t1) || !got.LastContentAt.Equal(t0) || got.Title != "Fetched" || got.LastModified != "" {
		t.Errorf("after 304: %+v", got)
	}
	if ok, _ := s.Seen(f.ID, "ignored"); ok {
		t.Error("item passed with a 304 was recorded")
	}

	// A failure records the error and backoff; a 410 marks the feed gone and never due.
	poll(t, s, f.ID, FeedUpdate{Status: 500, Error: "server error", ConsecutiveFailures: 1, NextPollAt: t1}, t1)
	got, _ = s.Feed(f.ID)
	if got.LastError != "server error" || got.ConsecutiveFailures != 1 || got.LastStatus != 500 {
		t.Errorf("after 500: %+v", got)
	}
	poll(t, s, f.ID, FeedUpdate{Status: 410, Error: "gone", Gone: true}, t1)
	if due, _ := s.DueFeeds(t1.Add(365 * 24 * time.Hour)); len(due) != 0 {
		t.Errorf("gone feed still due: %v", feedIDs(due))
	}

	// An error before the first successful poll does not spend the baseline.
	h := mustAddFeed(t, s, Feed{URL: "https://late.example/rss"})
	poll(t, s, h.ID, FeedUpdate{Status: 503, Error: "unavailable"}, t0)
	if added := poll(t, s, h.ID, FeedUpdate{Status: 200}, t1, "old1", "old2"); len(added) != 0 {
		t.Errorf("first successful poll after an error added %v; want a baseline", keysOf(added))
	}

	if _, err := s.RecordPoll(999, FeedUpdate{Status: 200}, nil, t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("poll of unknown feed: %v, want ErrNotFound", err)
	}
	if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, []Item{{Key: ""}}, t0); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty key: %v, want ErrInvalid", err)
	}
}

// TestRecordPollAllOrNothing breaks the write of one item in the middle of a
// poll and checks that neither the items before it nor the feed state stuck.
func TestRecordPollAllOrNothing(t *testing.T) {
	s := openTest(t)
	f := mustAddFeed(t, s, Feed{URL: "https://example.org/rss"})
	poll(t, s, f.ID, FeedUpdate{Status: 200, ETag: "old"}, t0, "base")
	// Corrupt the seen entry of "base" so recording it fails mid-transaction.
	err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSeen).Put(itemKey(f.ID, "base"), []byte{1, 2, 3})
	})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := s.Feed(f.ID)
	t1 := t0.Add(time.Hour)
	_, err = s.RecordPoll(f.ID, FeedUpdate{Status: 200, ETag: "new", NextPollAt: t1}, []Item{{Key: "x"}, {Key: "y"}, {Key: "base"}, {Key: "z"}}, t1)
	if err == nil {
		t.Fatal("poll over a corrupt record succeeded")
	}
	for _, k := range []string{"x", "y", "z"} {
		if ok, _ := s.Seen(f.ID, k); ok {
			t.Errorf("%q was recorded by a failed poll", k)
		}
	}
	after, _ := s.Feed(f.ID)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("feed changed by a failed poll:\nbefore %+v\nafter  %+v", before, after)
	}
	if items, _ := s.ItemsSince(time.Time{}, 0); len(items) != 0 {
		t.Errorf("failed poll listed %v", keysOf(items))
	}
}

func TestItemsSinceAndByFeed(t *testing.T) {
	s := openTest(t)
	a := mustAddFeed(t, s, Feed{URL: "https://a.example/"})
	b := mustAddFeed(t, s, Feed{URL: "https://b.example/"})
	poll(t, s, a.ID, FeedUpdate{Status: 200}, t0, "a-base")
	poll(t, s, b.ID, FeedUpdate{Status: 200}, t0, "b-base")

	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	pub := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Minute) }
	mustPoll := func(f Feed, now time.Time, items ...Item) {
		t.Helper()
		if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, items, now); err != nil {
			t.Fatal(err)
		}
	}
	// Polls at hours 1..3; within a poll, Published breaks the tie.
	mustPoll(a, at(1), Item{Key: "a1-late", Published: pub(2)}, Item{Key: "a1-early", Published: pub(1)})
	mustPoll(b, at(2), Item{Key: "b2"})
	mustPoll(a, at(3), Item{Key: "a3-z", Published: pub(9)}, Item{Key: "a3-y", Published: pub(8)}, Item{Key: "a3-x", Published: pub(7)})

	tests := []struct {
		name  string
		since time.Time
		limit int
		want  []string
	}{
		{"all", time.Time{}, 0, []string{"a1-early", "a1-late", "b2", "a3-x", "a3-y", "a3-z"}},
		{"since is inclusive", at(2), 0, []string{"b2", "a3-x", "a3-y", "a3-z"}},
		{"limit cuts inside a tie by Published", at(2), 2, []string{"b2", "a3-x"}},
		{"limit exact", time.Time{}, 3, []string{"a1-early", "a1-late", "b2"}},
		{"nothing after", at(4), 5, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ItemsSince(tt.since, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(keysOf(got), tt.want) {
				t.Errorf("ItemsSince = %v, want %v", keysOf(got), tt.want)
			}
		})
	}

	byFeed := []struct {
		feed  Feed
		limit int
		want  []string
	}{
		{a, 0, []string{"a3-z", "a3-y", "a3-x", "a1-late", "a1-early", "a-base"}},
		{a, 2, []string{"a3-z", "a3-y"}},
		{a, 4, []string{"a3-z", "a3-y", "a3-x", "a1-late"}},
		{b, 0, []string{"b2", "b-base"}},
		{Feed{ID: 77}, 0, []string{}},
	}
	for _, tt := range byFeed {
		got, err := s.ItemsByFeed(tt.feed.ID, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(keysOf(got), tt.want) {
			t.Errorf("ItemsByFeed(%d, %d) = %v, want %v", tt.feed.ID, tt.limit, keysOf(got), tt.want)
		}
	}
}

func TestItemIDs(t *testing.T) {
	ik := itemKey(42, "guid-1")
	id := itemID(ik)
	back, err := parseItemID(id)
	if err != nil || string(back) != string(ik) {
		t.Errorf("parseItemID(%q) = %x, %v; want %x", id, back, err, ik)
	}
	for _, bad := range []string{"", "42", "42-", "x-0011223344556677", "42-00112233445566", "42-zz112233445566ff"} {
		if _, err := parseItemID(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("parseItemID(%q): %v, want ErrInvalid", bad, err)
		}
	}
	s := openTest(t)
	if _, err := s.Item(itemID(itemKey(1, "nope"))); !errors.Is(err, ErrNotFound) {
		t.Errorf("Item(unknown): %v, want ErrNotFound", err)
	}
}

func TestItemCodec(t *testing.T) {
	ik := itemKey(7, "k")
	bk := bodyKey(ik, timeKey(t0))
	tests := []Item{
		{Key: "k"},
		{Key: "guid:ü/€", Title: "Title with \x00 byte", Link: "https://example.org/x", Published: time.Unix(0, -5).UTC(), ContentHash: "sha256:abc", New: true},
		{Key: "https://example.org/same", Link: "https://example.org/same", Title: "link is the key"},
		{Key: string(make([]byte, 70000)), Published: t0.Add(-time.Hour)},
	}
	for i, want := range tests {
		enc := encodeItem(want)
		got, err := decodeItem(bk, enc)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		want.ID, want.FeedID, want.FirstSeen = itemID(ik), 7, t0
		if !reflect.DeepEqual(got, want) {
			t.Errorf("case %d: round trip\n got %+v\nwant %+v", i, got, want)
		}
		for cut := 0; cut < len(enc) && cut < 64; cut++ {
			if _, err := decodeItem(bk, enc[:cut]); err == nil {
				t.Errorf("case %d: truncated to %d bytes decoded without error", i, cut)
			}
		}
	}
	if short, long := encodeItem(tests[2]), encodeItem(Item{Key: tests[2].Key, Link: tests[2].Link + "/", Title: tests[2].Title}); len(short)+len(tests[2].Link) > len(long) {
		t.Errorf("a link equal to the key is stored twice (%d vs %d bytes)", len(short), len(long))
	}
	if _, err := decodeItem(bk[:16], encodeItem(tests[0])); err == nil {
		t.Error("decoded under a short key")
	}
}

func TestPrune(t *testing.T) {
	s := openTest(t)
	f := mustAddFeed(t, s, Feed{URL: "https://example.org/rss"})
	quiet := mustAddFeed(t, s, Feed{URL: "https://quiet.example/rss"})
	gone := mustAddFeed(t, s, Feed{URL: "https://gone.example/rss"})
	day := func(d int) time.Time { return t0.AddDate(0, 0, d) }

	poll(t, s, f.ID, FeedUpdate{Status: 200}, day(0), "base-dropped", "base-kept")
	poll(t, s, f.ID, FeedUpdate{Status: 200}, day(1), "base-kept", "old-dropped", "old-kept")
	poll(t, s, f.ID, FeedUpdate{Status: 200}, day(20), "base-kept", "old-kept", "recent")
	// A feed that answers 304 for weeks: its items are still in the feed.
	poll(t, s, quiet.ID, FeedUpdate{Status: 200}, day(0), "q-base")
	poll(t, s, quiet.ID, FeedUpdate{Status: 200}, day(1), "q-base", "q-item")
	poll(t, s, quiet.ID, FeedUpdate{Status: 304}, day(25))
	// A gone feed lists nothing any more.
	poll(t, s, gone.ID, FeedUpdate{Status: 200}, day(0), "g-base")
	poll(t, s, gone.ID, FeedUpdate{Status: 410, Error: "gone", Gone: true}, day(2))

	n, err := s.Prune(day(10))
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("Prune removed %d bodies, want 3 (base-dropped, old-dropped, g-base)", n)
	}
	byFeed, _ := s.ItemsByFeed(f.ID, 0)
	if got, want := keysOf(byFeed), []string{"recent", "old-kept", "base-kept"}; !reflect.DeepEqual(got, want) {
		t.Errorf("kept items = %v, want %v", got, want)
	}
	if got, _ := s.ItemsByFeed(quiet.ID, 0); len(got) != 2 {
		t.Errorf("304 feed kept %v, want both items", keysOf(got))
	}
	if got, _ := s.ItemsByFeed(gone.ID, 0); len(got) != 0 {
		t.Errorf("gone feed kept %v", keysOf(got))
	}
	listed, _ := s.ItemsSince(time.Time{}, 0)
	if got, want := keysOf(listed), []string{"old-kept", "q-item", "recent"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ItemsSince after prune = %v, want %v", got, want)
	}

	// The publisher re-lists a pruned item: it is still seen, never new again.
	for _, k := range []string{"base-dropped", "old-dropped"} {
		if ok, _ := s.Seen(f.ID, k); !ok {
			t.Errorf("pruned %q forgotten", k)
		}
	}
	if added := poll(t, s, f.ID, FeedUpdate{Status: 200}, day(30), "old-dropped", "recent", "fresh"); !reflect.DeepEqual(keysOf(added), []string{"fresh"}) {
		t.Errorf("re-poll with a pruned item: new = %v, want [fresh]", keysOf(added))
	}
	if _, err := s.Item(itemID(itemKey(f.ID, "old-dropped"))); !errors.Is(err, ErrNotFound) {
		t.Errorf("pruned body came back: %v", err)
	}

	// The day-30 poll no longer lists base-kept and old-kept, so now they go;
	// after that, pruning is idempotent.
	if n, _ := s.Prune(day(10)); n != 2 {
		t.Errorf("second Prune removed %d, want 2", n)
	}
	if n, _ := s.Prune(day(10)); n != 0 {
		t.Errorf("third Prune removed %d, want 0", n)
	}
	if err := s.RemoveFeed(f.ID); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Seen(f.ID, "old-dropped"); ok {
		t.Error("tombstone survived RemoveFeed")
	}
}

func TestPruneBatches(t *testing.T) {
	t.Parallel() // its batch sizes are its own store's
	s := openTestBatches(t, batchSizes{items: 7})
	f := mustAddFeed(t, s, Feed{URL: "https://example.org/rss"})
	n := s.batches.items*2 + 3
	items := make([]Item, n)
	for i := range items {
		items[i] = Item{Key: fmt.Sprint(i)}
	}
	if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, items, t0); err != nil {
		t.Fatal(err)
	}
	poll(t, s, f.ID, FeedUpdate{Status: 200}, t0.Add(time.Hour), "other")
	pruned, err := s.Prune(t0.Add(time.Minute))
	if err != nil || pruned != n {
		t.Fatalf("Prune = %d, %v; want %d", pruned, err, n)
	}
	st, _ := s.Stats()
	if st.Items != 1 || st.SeenKeys != n+1 {
		t.Errorf("after prune: %d bodies, %d seen keys; want 1, %d", st.Items, st.SeenKeys, n+1)
	}
}

// TestRecordPollConcurrent runs overlapping polls of the same feeds from many
// goroutines (they share bbolt batches) and checks each key is new exactly once.
func TestRecordPollConcurrent(t *testing.T) {
	s := openTest(t)
	const feeds, workers, polls = 3, 8, 10
	ids := make([]uint64, feeds)
	for i := range ids {
		ids[i] = mustAddFeed(t, s, Feed{URL: fmt.Sprintf("https://f%d.example/", i)}).ID
		poll(t, s, ids[i], FeedUpdate{Status: 200}, t0)
	}
	results := make(chan []Item, workers*polls)
	errs := make(chan error, workers*polls)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for p := 0; p < polls; p++ {
				// Every worker sees the same sliding window of keys for feed p%feeds.
				items := []Item{{Key: fmt.Sprint("k", p)}, {Key: fmt.Sprint("k", p+1)}, {Key: fmt.Sprint("k", p+2)}}
				added, err := s.RecordPoll(ids[p%feeds], FeedUpdate{Status: 200}, items, t0.Add(time.Duration(p+1)*time.Second))
				if err != nil {
					errs <- err
					return
				}
				results <- added
			}
		}(w)
	}
	wg.Wait()
	close(results)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	count := map[string]int{}
	for added := range results {
		for _, it := range added {
			count[it.ID]++
		}
	}
	want := map[string]bool{}
	for p := 0; p < polls; p++ {
		for j := p; j < p+3; j++ {
			want[itemID(itemKey(ids[p%feeds], fmt.Sprint("k", j)))] = true
		}
	}
	if len(count) != len(want) {
		t.Errorf("%d distinct new items, want %d", len(count), len(want))
	}
	listed, _ := s.ItemsSince(time.Time{}, 0)
	if len(listed) != len(count) {
		t.Errorf("listed %d new items, callers were told of %d", len(listed), len(count))
	}
	for id, n := range count {
		if n != 1 {
			t.Errorf("item %s reported new %d times", id, n)
		}
	}
}
