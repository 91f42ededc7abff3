package store

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// The 1,000,000-item database is built once per test process, only when a
// benchmark asks for it, and removed by TestMain.
const (
	benchFeeds        = 1000
	benchItemsPerFeed = 1000
	benchBaseline     = 50 // first poll of each feed: seen, not new
)

var (
	benchOnce    sync.Once
	benchDir     string
	benchPath    string
	benchErr     error
	benchBuildIn time.Duration
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		_ = os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func benchItemKey(feed, i int) string {
	return fmt.Sprintf("https://news%d.example.com/2026/03/01/story-%d-a-headline-turned-into-a-slug", feed, i)
}

// benchItems are shaped like real feed entries: a link-like GUID, a 70-character
// title, the link, and a hex content hash.
func benchItems(feed, from, to int) []Item {
	items := make([]Item, 0, to-from)
	for i := from; i < to; i++ {
		key := benchItemKey(feed, i)
		items = append(items, Item{
			Key:         key,
			Title:       fmt.Sprintf("Story %d of feed %d: a headline of about seventy characters long", i, feed),
			Link:        key,
			Published:   t0.Add(time.Duration(i) * time.Minute),
			ContentHash: fmt.Sprintf("%032x", uint64(feed)<<32|uint64(i)),
		})
	}
	return items
}

// seenDB builds the database through RecordPoll (2 polls per feed, fsync
// off during the build) so its layout is the one the bot produces.
func seenDB(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		start := time.Now()
		benchDir, benchErr = os.MkdirTemp("", "digestbot-store-bench-")
		if benchErr != nil {
			return
		}
		benchPath = filepath.Join(benchDir, "seen.db")
		s, err := Open(benchPath, Options{NoSync: true})
		if err != nil {
			benchErr = err
			return
		}
		defer s.Close()
		for feed := 0; feed < benchFeeds; feed++ {
			f, err := s.AddFeed(Feed{URL: fmt.Sprintf("https://news%d.example.com/rss", feed), AddedAt: t0})
			if err != nil {
				benchErr = err
				return
			}
			now := t0.Add(time.Duration(feed) * time.Second)
			if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, benchItems(feed, 0, benchBaseline), now); err != nil {
				benchErr = err
				return
			}
			if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, benchItems(feed, benchBaseline, benchItemsPerFeed), now.Add(time.Hour)); err != nil {
				benchErr = err
				return
			}
		}
		benchBuildIn = time.Since(start)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

func reportLatencies(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Nanoseconds()) / 1e3 }
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
}

// BenchmarkSeen looks up item keys in a store holding 1,000,000 items across
// 1,000 feeds: hits are random stored keys, misses are keys of the same shape
// never stored (the common case when a poll brings new items).
func BenchmarkSeen(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 1,000,000-item database")
	}
	path := seenDB(b)
	s, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats()
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("database: %d seen keys, %d item bodies, %.1f MB, built in %s", st.SeenKeys, st.Items, float64(st.FileSize)/1e6, benchBuildIn.Round(time.Millisecond))

	for _, tc := range []struct {
		name string
		hit  bool
	}{{"hit", true}, {"miss", false}} {
		b.Run(tc.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			type probe struct {
				feed uint64
				key  string
			}
			probes := make([]probe, min(b.N, 100000))
			for i := range probes {
				feed, item := rng.IntN(benchFeeds), rng.IntN(benchItemsPerFeed)
				if !tc.hit {
					item += benchItemsPerFeed // same shape, never stored
				}
				probes[i] = probe{uint64(feed + 1), benchItemKey(feed, item)}
			}
			lat := make([]time.Duration, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p := probes[i%len(probes)]
				start := time.Now()
				ok, err := s.Seen(p.feed, p.key)
				lat[i] = time.Since(start)
				if err != nil || ok != tc.hit {
					b.Fatalf("Seen(%d, %q) = %v, %v; want %v", p.feed, p.key, ok, err, tc.hit)
				}
			}
			b.StopTimer()
			reportLatencies(b, lat)
			b.ReportMetric(float64(st.FileSize)/1e6, "db-MB")
		})
	}
}

// BenchmarkRecordPoll stores one poll of 50 items per op with fsync on, into
// a feed that already holds earlier polls: "50new" are all unseen, "45seen5new"
// is the usual steady state of a busy feed; "50new-nosync" shows the CPU part
// without the fsyncs.
func BenchmarkRecordPoll(b *testing.B) {
	for _, tc := range []struct {
		name   string
		fresh  int
		noSync bool
	}{{"50new", 50, false}, {"45seen5new", 5, false}, {"50new-nosync", 50, true}} {
		b.Run(tc.name, func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), "poll.db"), Options{NoSync: tc.noSync})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			f, err := s.AddFeed(Feed{URL: "https://news.example.com/rss"})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, benchItems(0, 0, 50), t0); err != nil {
				b.Fatal(err)
			}
			next := 50 // first never-seen item number
			lat := make([]time.Duration, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				// The window slides by tc.fresh items: 50-tc.fresh repeat, tc.fresh are new.
				items := benchItems(0, next+tc.fresh-50, next+tc.fresh)
				start := time.Now()
				added, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200, ETag: "x"}, items, t0.Add(time.Duration(i+1)*time.Minute))
				lat[i] = time.Since(start)
				if err != nil || len(added) != tc.fresh {
					b.Fatalf("RecordPoll added %d, %v; want %d", len(added), err, tc.fresh)
				}
				next += tc.fresh
			}
			b.StopTimer()
			reportLatencies(b, lat)
		})
	}
}

// BenchmarkDueFeeds lists 10,000 due feeds out of 10,000.
func BenchmarkDueFeeds(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "due.db"), Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const n = 10000
	for i := 0; i < n; i++ {
		if _, err := s.AddFeed(Feed{URL: fmt.Sprintf("https://feed%d.example.com/rss", i), AddedAt: t0, NextPollAt: t0.Add(time.Duration(i) * time.Second)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		due, err := s.DueFeeds(t0.Add(24 * time.Hour))
		if err != nil || len(due) != n {
			b.Fatalf("DueFeeds = %d, %v", len(due), err)
		}
	}
}

// BenchmarkPollPass records a poll pass the way a pool of fetchers does it:
// 16 goroutines, 90% of polls a 304 (fetch state only), 10% bringing 50 new
// items; fsync on. polls/s is the figure that bounds a 10,000-feed pass.
func BenchmarkPollPass(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "pass.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const feeds = 1000
	ids := make([]uint64, feeds)
	for i := range ids {
		f, err := s.AddFeed(Feed{URL: fmt.Sprintf("https://feed%d.example.com/rss", i)})
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = f.ID
		if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, benchItems(i, 0, 10), t0); err != nil {
			b.Fatal(err)
		}
	}
	var mu sync.Mutex
	round := map[uint64]int{}
	b.SetParallelism(8) // 8 × GOMAXPROCS(2) = 16 goroutines
	b.ResetTimer()
	start := time.Now()
	var seq int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			seq++
			i := int(seq)
			id := ids[i%feeds]
			r := round[id] + 1
			round[id] = r
			mu.Unlock()
			u := FeedUpdate{Status: 304, ETag: "e", NextPollAt: t0.Add(time.Hour)}
			var items []Item
			if i%10 == 0 {
				u.Status = 200
				items = benchItems(i%feeds, 10+r*50, 10+(r+1)*50)
			}
			if _, err := s.RecordPoll(id, u, items, t0.Add(time.Duration(i)*time.Millisecond)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "polls/s")
}
