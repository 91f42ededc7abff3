package store

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestArticles(t *testing.T) {
	s := openTest(t)
	const a, b = "https://example.org/a", "https://example.org/b"
	if _, _, err := s.Article(a); !errors.Is(err, ErrNotFound) {
		t.Errorf("Article(missing): %v, want ErrNotFound", err)
	}
	if err := s.PutArticle(a, []byte("first"), t0); err != nil {
		t.Fatal(err)
	}
	if err := s.PutArticle(b, []byte("bee"), t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Refetching replaces data and time, and moves the time index.
	if err := s.PutArticle(a, []byte("second"), t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	data, at, err := s.Article(a)
	if err != nil || string(data) != "second" || !at.Equal(t0.Add(3*time.Hour)) {
		t.Errorf("Article(a) = %q, %v, %v", data, at, err)
	}
	if n, err := s.PruneArticles(t0.Add(time.Hour), 0); err != nil || n != 0 {
		t.Errorf("PruneArticles before both = %d, %v; want 0 (a was refreshed)", n, err)
	}
	if n, err := s.PruneArticles(t0.Add(150*time.Minute), 0); err != nil || n != 1 {
		t.Errorf("PruneArticles = %d, %v; want 1", n, err)
	}
	if _, _, err := s.Article(b); !errors.Is(err, ErrNotFound) {
		t.Errorf("pruned article b: %v", err)
	}
	if _, _, err := s.Article(a); err != nil {
		t.Errorf("article a lost: %v", err)
	}
	if err := s.PutArticle("", nil, t0); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty URL: %v, want ErrInvalid", err)
	}
	// Empty data is a valid cache entry (e.g. "nothing extractable").
	if err := s.PutArticle(b, nil, t0); err != nil {
		t.Fatal(err)
	}
	if data, _, err := s.Article(b); err != nil || len(data) != 0 {
		t.Errorf("empty article = %q, %v", data, err)
	}
}

// The cache is bounded in count too: past keep, the oldest go first, even
// when none is old enough to expire.
func TestPruneArticlesKeepsAtMost(t *testing.T) {
	s := openTest(t)
	for i := range 5 {
		if err := s.PutArticle(fmt.Sprintf("https://example.org/%d", i), []byte("x"), t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.PruneArticles(t0.Add(-time.Hour), 3); err != nil || n != 2 {
		t.Fatalf("PruneArticles(keep 3) = %d, %v; want 2", n, err)
	}
	for i := range 5 {
		_, _, err := s.Article(fmt.Sprintf("https://example.org/%d", i))
		if kept := err == nil; kept != (i >= 2) {
			t.Errorf("article %d kept = %v (err %v); want only the 3 newest", i, kept, err)
		}
	}
}

func TestPruneSeenForgetsOnlyLongGoneItemsWithoutBody(t *testing.T) {
	t.Parallel() // its batch sizes are its own store's
	// One key looked at per transaction: the walk resumes where it stopped.
	s := openTestBatches(t, batchSizes{seenScan: 1})
	f := mustAddFeed(t, s, Feed{URL: "https://example.org/feed.xml"})
	poll := func(at time.Time, keys ...string) {
		t.Helper()
		var items []Item
		for _, k := range keys {
			items = append(items, Item{Key: k, Title: k, Link: "https://example.org/" + k})
		}
		if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, items, at); err != nil {
			t.Fatal(err)
		}
	}
	poll(t0)                                 // baseline
	poll(t0.Add(time.Hour), "old", "listed") // both new
	poll(t0.Add(50*time.Hour), "listed")     // "old" left the feed
	if n, err := s.PruneSeen(t0.Add(48 * time.Hour)); err != nil || n != 0 {
		t.Fatalf("PruneSeen with every body stored = %d, %v; want 0", n, err)
	}
	if _, err := s.Prune(t0.Add(48 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n, err := s.PruneSeen(t0.Add(48 * time.Hour)); err != nil || n != 1 {
		t.Fatalf("PruneSeen after the body was pruned = %d, %v; want 1", n, err)
	}
	for key, want := range map[string]bool{"old": false, "listed": true} {
		if seen, err := s.Seen(f.ID, key); err != nil || seen != want {
			t.Errorf("Seen(%q) = %v, %v; want %v", key, seen, err, want)
		}
	}
}
