package store

import (
	"errors"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func mustAddFeed(t *testing.T, s *Store, f Feed) Feed {
	t.Helper()
	got, err := s.AddFeed(f)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func feedIDs(feeds []Feed) []uint64 {
	ids := []uint64{}
	for _, f := range feeds {
		ids = append(ids, f.ID)
	}
	return ids
}

func TestAddFeed(t *testing.T) {
	s := openTest(t)
	a := mustAddFeed(t, s, Feed{URL: "https://a.example/rss", Title: "A", AddedAt: t0})
	b := mustAddFeed(t, s, Feed{URL: "https://b.example/rss"})
	if a.ID == 0 || b.ID <= a.ID {
		t.Errorf("IDs %d, %d: want increasing from 1", a.ID, b.ID)
	}
	if b.AddedAt.IsZero() {
		t.Error("AddedAt not defaulted")
	}

	dup, err := s.AddFeed(Feed{URL: "https://a.example/rss", Title: "again"})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate URL: %v, want ErrExists", err)
	}
	if dup.ID != a.ID || dup.Title != "A" {
		t.Errorf("duplicate returned %+v, want the existing feed", dup)
	}
	if _, err := s.AddFeed(Feed{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty URL: %v, want ErrInvalid", err)
	}

	got, err := s.Feed(a.ID)
	if err != nil || !reflect.DeepEqual(got, a) {
		t.Errorf("Feed(%d) = %+v, %v; want %+v", a.ID, got, err, a)
	}
	got, err = s.FeedByURL("https://b.example/rss")
	if err != nil || got.ID != b.ID {
		t.Errorf("FeedByURL = %+v, %v", got, err)
	}
	if _, err := s.Feed(99); !errors.Is(err, ErrNotFound) {
		t.Errorf("Feed(99): %v, want ErrNotFound", err)
	}
	if _, err := s.FeedByURL("https://nope.example/"); !errors.Is(err, ErrNotFound) {
		t.Errorf("FeedByURL(unknown): %v, want ErrNotFound", err)
	}
	all, err := s.Feeds()
	if err != nil || !reflect.DeepEqual(feedIDs(all), []uint64{a.ID, b.ID}) {
		t.Errorf("Feeds = %v, %v", feedIDs(all), err)
	}
}

func TestDueFeeds(t *testing.T) {
	s := openTest(t)
	never := mustAddFeed(t, s, Feed{URL: "https://never.example/"}) // zero NextPollAt: due at once
	past := mustAddFeed(t, s, Feed{URL: "https://past.example/", NextPollAt: t0.Add(-time.Hour)})
	exact := mustAddFeed(t, s, Feed{URL: "https://exact.example/", NextPollAt: t0})
	future := mustAddFeed(t, s, Feed{URL: "https://future.example/", NextPollAt: t0.Add(time.Nanosecond)})
	gone := mustAddFeed(t, s, Feed{URL: "https://gone.example/", NextPollAt: t0.Add(-2 * time.Hour), Gone: true})

	tests := []struct {
		name string
		now  time.Time
		want []uint64
	}{
		{"before everything", t0.Add(-48 * time.Hour), []uint64{never.ID}},
		{"at t0, most overdue first", t0, []uint64{never.ID, past.ID, exact.ID}},
		{"later", t0.Add(time.Minute), []uint64{never.ID, past.ID, exact.ID, future.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			due, err := s.DueFeeds(tt.now)
			if err != nil {
				t.Fatal(err)
			}
			if got := feedIDs(due); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DueFeeds = %v, want %v (gone feed %d never due)", got, tt.want, gone.ID)
			}
		})
	}

	// Rescheduling moves the feed in the index instead of duplicating it.
	past.NextPollAt = t0.Add(time.Hour)
	if err := s.UpdateFeed(past); err != nil {
		t.Fatal(err)
	}
	due, _ := s.DueFeeds(t0)
	if got, want := feedIDs(due), []uint64{never.ID, exact.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("after reschedule DueFeeds = %v, want %v", got, want)
	}
	gone.Gone = false
	gone.NextPollAt = t0
	if err := s.UpdateFeed(gone); err != nil {
		t.Fatal(err)
	}
	due, _ = s.DueFeeds(t0)
	if got, want := feedIDs(due), []uint64{never.ID, exact.ID, gone.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("after un-gone DueFeeds = %v, want %v", got, want)
	}
}

func TestUpdateFeedURL(t *testing.T) {
	s := openTest(t)
	a := mustAddFeed(t, s, Feed{URL: "http://a.example/rss", GuildID: "g1"})
	b := mustAddFeed(t, s, Feed{URL: "https://b.example/rss"})

	a.URL = "https://a.example/rss"
	a.GuildID = "someone-else"
	if err := s.UpdateFeed(a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FeedByURL("http://a.example/rss"); !errors.Is(err, ErrNotFound) {
		t.Errorf("old URL still indexed: %v", err)
	}
	got, err := s.FeedByURL("https://a.example/rss")
	if err != nil || got.ID != a.ID || got.GuildID != "g1" {
		t.Errorf("FeedByURL(new) = %+v, %v; want ID %d, GuildID kept", got, err, a.ID)
	}

	a.URL = b.URL
	if err := s.UpdateFeed(a); !errors.Is(err, ErrExists) {
		t.Errorf("taking another feed's URL: %v, want ErrExists", err)
	}
	if err := s.UpdateFeed(Feed{ID: 42, URL: "https://x.example/"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of unknown feed: %v, want ErrNotFound", err)
	}
}

func TestRemoveFeed(t *testing.T) {
	s := openTest(t)
	keep := mustAddFeed(t, s, Feed{URL: "https://keep.example/"})
	drop := mustAddFeed(t, s, Feed{URL: "https://drop.example/", GuildID: "g1"})
	for _, f := range []Feed{keep, drop} {
		if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, []Item{{Key: "base"}}, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, []Item{{Key: "base"}, {Key: "new"}}, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RemoveFeed(drop.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFeed(drop.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second remove: %v, want ErrNotFound", err)
	}

	// Nothing of the removed feed is left in any bucket.
	_ = s.db.View(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketSeen, bucketItems} {
			if keys := prefixKeys(tx.Bucket(name), u64(drop.ID)); len(keys) != 0 {
				t.Errorf("%s still holds %d keys of the removed feed", name, len(keys))
			}
		}
		if tx.Bucket(bucketGuildFeeds).Stats().KeyN != 0 || tx.Bucket(bucketFeedGuilds).Stats().KeyN != 0 {
			t.Error("guild membership of the removed feed left behind")
		}
		return nil
	})
	items, err := s.ItemsSince(time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].FeedID != keep.ID {
		t.Errorf("ItemsSince after remove = %+v, want only the kept feed's new item", items)
	}
	due, _ := s.DueFeeds(t0.Add(24 * time.Hour))
	if got := feedIDs(due); !reflect.DeepEqual(got, []uint64{keep.ID}) {
		t.Errorf("DueFeeds = %v", got)
	}

	// Re-adding the URL gets a fresh ID, so old item IDs cannot collide with new ones.
	again := mustAddFeed(t, s, Feed{URL: "https://drop.example/"})
	if again.ID <= drop.ID {
		t.Errorf("re-added feed reuses ID %d", again.ID)
	}
}

func TestGuildFeeds(t *testing.T) {
	s := openTest(t)
	cli := mustAddFeed(t, s, Feed{URL: "https://cli.example/"})
	g1 := mustAddFeed(t, s, Feed{URL: "https://g1.example/", GuildID: "g1"})
	if err := s.AddFeedToGuild("g2", g1.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.AddFeedToGuild("g1", cli.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.AddFeedToGuild("g1", cli.ID); !errors.Is(err, ErrExists) {
		t.Errorf("second AddFeedToGuild: %v, want ErrExists", err)
	}
	if err := s.AddFeedToGuild("g1", 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("AddFeedToGuild(unknown): %v, want ErrNotFound", err)
	}

	list := func(guild string) []uint64 {
		t.Helper()
		feeds, err := s.FeedsByGuild(guild)
		if err != nil {
			t.Fatal(err)
		}
		return feedIDs(feeds)
	}
	if got, want := list("g1"), []uint64{cli.ID, g1.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("FeedsByGuild(g1) = %v, want %v", got, want)
	}
	if got, want := list("g2"), []uint64{g1.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("FeedsByGuild(g2) = %v, want %v", got, want)
	}

	// g1 stops following its own feed: g2 still follows it, so it stays.
	deleted, err := s.RemoveFeedFromGuild("g1", g1.ID)
	if err != nil || deleted {
		t.Fatalf("RemoveFeedFromGuild(g1) = %v, %v; want kept", deleted, err)
	}
	if _, err := s.RemoveFeedFromGuild("g1", g1.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing a membership twice: %v, want ErrNotFound", err)
	}
	// The last follower leaves a guild-added feed: it goes.
	deleted, err = s.RemoveFeedFromGuild("g2", g1.ID)
	if err != nil || !deleted {
		t.Fatalf("RemoveFeedFromGuild(g2) = %v, %v; want deleted", deleted, err)
	}
	if _, err := s.Feed(g1.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("orphaned guild feed still stored: %v", err)
	}
	// A CLI feed stays even when no guild follows it.
	deleted, err = s.RemoveFeedFromGuild("g1", cli.ID)
	if err != nil || deleted {
		t.Fatalf("RemoveFeedFromGuild(cli) = %v, %v; want kept", deleted, err)
	}
	if _, err := s.Feed(cli.ID); err != nil {
		t.Errorf("CLI feed removed: %v", err)
	}
	if got := list("g1"); len(got) != 0 {
		t.Errorf("FeedsByGuild(g1) = %v, want none", got)
	}
}
