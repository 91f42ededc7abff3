package store

import (
	"errors"
	"fmt"
	"reflect"
	"syscall"
	"testing"
	"time"
)

func TestAddPolledFeedIsAtomic(t *testing.T) {
	s := openTest(t)
	first := &FeedUpdate{Status: 200, NextPollAt: t0.Add(time.Hour), Backfill: 1}
	items := []Item{{Key: "a", Published: t0.Add(-time.Hour)}, {Key: "b", Published: t0}}
	f, added, err := s.AddPolledFeed(Feed{URL: "https://atomic.example/rss", GuildID: "42"}, first, items, t0)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Initialized || f.ID == 0 || !f.NextPollAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("stored feed %+v", f)
	}
	if len(added) != 1 || added[0].Key != "b" {
		t.Errorf("new items %v, want the one backfilled", keysOf(added))
	}
	if ok, _ := s.Seen(f.ID, "a"); !ok {
		t.Error("baseline item not seen")
	}

	// A failure inside the transaction leaves neither the feed nor its guild link.
	bad := []Item{{Key: "fine"}, {Key: ""}}
	if _, _, err := s.AddPolledFeed(Feed{URL: "https://bad.example/rss", GuildID: "42"}, first, bad, t0); !errors.Is(err, ErrInvalid) {
		t.Fatalf("add with a bad item: %v", err)
	}
	if _, err := s.FeedByURL("https://bad.example/rss"); !errors.Is(err, ErrNotFound) {
		t.Errorf("failed add left the feed: %v", err)
	}
	if feeds, _ := s.FeedsByGuild("42"); len(feeds) != 1 {
		t.Errorf("guild follows %d feeds, want 1", len(feeds))
	}

	again, _, err := s.AddPolledFeed(Feed{URL: "https://atomic.example/rss"}, first, items, t0)
	if !errors.Is(err, ErrExists) || again.ID != f.ID {
		t.Errorf("re-add: %v, feed %d", err, again.ID)
	}
}

func TestRecordPollsGroup(t *testing.T) {
	s := openTest(t)
	a := mustAddFeed(t, s, Feed{URL: "https://a.example/"})
	b := mustAddFeed(t, s, Feed{URL: "https://b.example/"})
	gone := mustAddFeed(t, s, Feed{URL: "https://removed.example/"})
	if err := s.RemoveFeed(gone.ID); err != nil {
		t.Fatal(err)
	}
	poll(t, s, a.ID, FeedUpdate{Status: 200}, t0, "a1") // a's baseline
	next := t0.Add(time.Hour)
	polls := []Poll{
		{FeedID: a.ID, Update: FeedUpdate{Status: 200, NextPollAt: next}, Items: []Item{{Key: "a1"}, {Key: "a2"}}},
		{FeedID: gone.ID, Update: FeedUpdate{Status: 200}, Items: []Item{{Key: "x"}}},
		{FeedID: b.ID, Update: FeedUpdate{Status: 304, ETag: `"e"`, NextPollAt: next}},
	}
	res := s.RecordPolls(polls, t0.Add(time.Minute))
	if res[0].Err != nil || !reflect.DeepEqual(keysOf(res[0].NewItems), []string{"a2"}) || !res[0].Feed.NextPollAt.Equal(next) {
		t.Errorf("feed a: %+v", res[0])
	}
	if !errors.Is(res[1].Err, ErrNotFound) {
		t.Errorf("removed feed: %v", res[1].Err)
	}
	if res[2].Err != nil || res[2].Feed.ETag != `"e"` || res[2].Feed.Initialized {
		t.Errorf("feed b: %+v", res[2])
	}

	// A bad poll in the group is refused alone; the others are stored.
	polls = []Poll{
		{FeedID: a.ID, Update: FeedUpdate{Status: 200}, Items: []Item{{Key: "a3"}}},
		{FeedID: b.ID, Update: FeedUpdate{Status: 200}, Items: []Item{{Key: ""}}},
	}
	res = s.RecordPolls(polls, t0.Add(2*time.Minute))
	if res[0].Err != nil || len(res[0].NewItems) != 1 || !errors.Is(res[1].Err, ErrInvalid) {
		t.Errorf("mixed group: %+v", res)
	}
}

// TestDueFeedsPageWalk pages through the due feeds while recording polls
// between pages, as a poll pass does: every due feed comes exactly once.
func TestDueFeedsPageWalk(t *testing.T) {
	s := openTest(t)
	const n = 25
	for i := range n {
		mustAddFeed(t, s, Feed{URL: fmt.Sprintf("https://%d.example/", i), NextPollAt: t0.Add(-time.Duration(i) * time.Minute)})
	}
	mustAddFeed(t, s, Feed{URL: "https://later.example/", NextPollAt: t0.Add(time.Minute)})
	seen := map[uint64]int{}
	var cur DueCursor
	for {
		page, next, err := s.DueFeedsPage(t0, cur, 4)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		cur = next
		for _, f := range page {
			seen[f.ID]++
			// Polled: due again an hour from now, past the walk's end.
			if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 304, NextPollAt: t0.Add(time.Hour)}, nil, t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(seen) != n {
		t.Errorf("walk returned %d feeds, want %d", len(seen), n)
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("feed %d returned %d times", id, c)
		}
	}

	var ids []uint64
	for after := uint64(0); ; {
		page, err := s.FeedsPage(after, 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, f := range page {
			ids = append(ids, f.ID)
		}
		after = page[len(page)-1].ID
	}
	if len(ids) != n+1 || ids[0] != 1 || ids[n] != n+1 {
		t.Errorf("FeedsPage walk: %v", ids)
	}
}

// TestRecordPollManyItemsIsLinear records 20,000 and then 80,000 new items
// in one poll each. Inserted in hash order, four times the items took about
// sixteen times as long (100,000 took half a minute); in key order, about
// four times. CPU time rather than wall time, so the neighbours on a shared
// machine matter less.
func TestRecordPollManyItemsIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("records 100,000 items")
	}
	s := openTest(t)
	record := func(n int) time.Duration {
		f := mustAddFeed(t, s, Feed{URL: fmt.Sprintf("https://many.example/%d", n)})
		items := make([]Item, n)
		for i := range items {
			items[i] = Item{Key: fmt.Sprintf("guid:%d", i), Title: "t"}
		}
		start := processCPU()
		if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, items, t0); err != nil {
			t.Fatal(err)
		}
		return processCPU() - start
	}
	small, large := record(20_000), record(80_000)
	t.Logf("20,000 items: %s of CPU; 80,000: %s", small, large)
	if large > 9*small {
		t.Errorf("4x the items took %.1fx the CPU time: not linear", float64(large)/float64(small))
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
