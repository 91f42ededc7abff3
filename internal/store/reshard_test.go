package store

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

// guildOn is a guild ID that Discord routes to shard among 2: (id >> 22) % 2.
func guildOn(shard, n int) string { return fmt.Sprint(uint64(2*n+shard) << 22) }

// TestReshardMergesAndSplits reshards two databases into two: every guild's
// subscriptions, feeds, sent deliveries and delivered markers land on its
// shard, a feed on both sources is merged with the union of what each had
// seen, and a feed followed on both shards is on both.
func TestReshardMergesAndSplits(t *testing.T) {
	src := newReshardSources(t)
	t0s, t1s := openTest(t), openTest(t)
	stats, err := Reshard([]*Store{src.a, src.b}, []*Store{t0s, t1s})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stats %+v", stats)
	src.checkShard0(t, t0s)
	src.checkShard1(t, t1s)
	if stats[0].Subscriptions != 2 || stats[0].Deliveries != 1 || stats[1].Feeds != 2 {
		t.Errorf("stats %+v", stats)
	}
}

// reshardSources are two databases to reshard: a follows a shared feed (for
// a guild of each shard), shard 1's own feed and a CLI feed, with a sent
// delivery; b follows the shared feed for another guild of shard 0.
type reshardSources struct {
	a, b             *Store
	g0a, g0b, g1     string
	shared, own, cli Feed
	added            []Item // the shared feed's new item on a, delivered
}

func newReshardSources(t *testing.T) reshardSources {
	t.Helper()
	src := reshardSources{a: openTest(t), b: openTest(t), g0a: guildOn(0, 1), g0b: guildOn(0, 2), g1: guildOn(1, 3)}
	a := src.a
	first := &FeedUpdate{Status: 200, NextPollAt: t0.Add(time.Hour)}
	var err error
	if src.shared, _, err = a.AddPolledFeed(Feed{URL: "https://shared.example/rss", GuildID: src.g0a}, first, []Item{{Key: "s1"}}, t0); err != nil {
		t.Fatal(err)
	}
	if err := a.AddFeedToGuild(src.g1, src.shared.ID); err != nil {
		t.Fatal(err)
	}
	src.added = poll(t, a, src.shared.ID, FeedUpdate{Status: 200}, t0.Add(time.Minute), "s1", "s2") // s2 is new
	if src.own, _, err = a.AddPolledFeed(Feed{URL: "https://own.example/rss", GuildID: src.g1}, first, []Item{{Key: "o1"}}, t0); err != nil {
		t.Fatal(err)
	}
	if src.cli, _, err = a.AddPolledFeed(Feed{URL: "https://cli.example/rss"}, first, []Item{{Key: "c1"}}, t0); err != nil {
		t.Fatal(err)
	}
	sub := mustSubscribe(t, a, Subscription{GuildID: src.g0a, ChannelID: "100", Topic: "news", NextDigestAt: t0})
	d, err := a.CreateDelivery(Delivery{SubscriptionID: sub.ID, GuildID: src.g0a, ChannelID: "100", ItemIDs: []string{src.added[0].ID}, Payloads: [][]byte{[]byte("p0")}}, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.MarkDelivered(d.ID, []string{"m1"}, t0); err != nil {
		t.Fatal(err)
	}
	// b follows the shared URL too, for a guild of shard 0, and has seen s3.
	if _, _, err := src.b.AddPolledFeed(Feed{URL: "https://shared.example/rss", GuildID: src.g0b}, first, []Item{{Key: "s3"}}, t0); err != nil {
		t.Fatal(err)
	}
	mustSubscribe(t, src.b, Subscription{GuildID: src.g0b, ChannelID: "200", Topic: "sport", NextDigestAt: t0})
	return src
}

// checkShard0: shared (merged, seen s1 s2 s3), cli; subscriptions of g0a
// and g0b; the delivery and its marker.
func (src reshardSources) checkShard0(t *testing.T, t0s *Store) {
	t.Helper()
	s0, err := t0s.FeedByURL("https://shared.example/rss")
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"s1", "s2", "s3"} {
		if ok, _ := t0s.Seen(s0.ID, key); !ok {
			t.Errorf("shard 0 lost seen item %s of the merged feed", key)
		}
	}
	if _, err := t0s.FeedByURL(src.cli.URL); err != nil {
		t.Errorf("CLI feed not on shard 0: %v", err)
	}
	if _, err := t0s.FeedByURL(src.own.URL); !errors.Is(err, ErrNotFound) {
		t.Errorf("shard 1's own feed on shard 0: %v", err)
	}
	if subs, _ := t0s.Subscriptions(src.g0a, ""); len(subs) != 1 || subs[0].Topic != "news" {
		t.Errorf("g0a subscriptions on shard 0: %+v", subs)
	}
	if subs, _ := t0s.Subscriptions(src.g0b, ""); len(subs) != 1 {
		t.Errorf("g0b subscriptions on shard 0: %+v", subs)
	}
	newID := fmt.Sprintf("%d-%s", s0.ID, src.added[0].ID[len(fmt.Sprint(src.shared.ID))+1:])
	if ok, _ := t0s.Delivered("100", newID); !ok {
		t.Errorf("delivered marker for %s lost", newID)
	}
	if undelivered, _ := t0s.Undelivered("100", []string{newID}); len(undelivered) != 0 {
		t.Errorf("story would be delivered again: %v", undelivered)
	}
	if items, _ := t0s.ItemsSince(time.Time{}, 0); len(items) != 1 || items[0].Key != "s2" {
		t.Errorf("new items on shard 0: %v", keysOf(items))
	}
	if feeds, _ := t0s.FeedsByGuild(src.g0b); len(feeds) != 1 || feeds[0].ID != s0.ID {
		t.Errorf("g0b follows %+v on shard 0", feeds)
	}
}

// checkShard1: shared (from a only) and own; g1's links; no subscriptions
// of shard 0.
func (src reshardSources) checkShard1(t *testing.T, t1s *Store) {
	t.Helper()
	if feeds, _ := t1s.FeedsByGuild(src.g1); len(feeds) != 2 {
		t.Errorf("g1 follows %d feeds on shard 1, want 2", len(feeds))
	}
	if subs, _ := t1s.Subscriptions(src.g0a, ""); len(subs) != 0 {
		t.Errorf("shard 1 has shard 0's subscriptions: %+v", subs)
	}
}

func TestReshardRefusesPendingDeliveries(t *testing.T) {
	a := openTest(t)
	if _, err := a.CreateDelivery(Delivery{GuildID: guildOn(0, 1), ChannelID: "1", Payloads: [][]byte{[]byte("p")}}, t0); err != nil {
		t.Fatal(err)
	}
	target := openTest(t)
	if _, err := Reshard([]*Store{a}, []*Store{target}); !errors.Is(err, ErrPendingDeliveries) {
		t.Fatalf("err = %v", err)
	}
	if feeds, _ := target.Feeds(); len(feeds) != 0 {
		t.Error("target written despite the refusal")
	}
}

// TestReshardLosesNothing spreads 6 guilds over 3 databases, reshards them
// to 2 and back to 3, and checks after each step that every guild still
// follows its feeds on its shard with everything they had seen, and has its
// subscriptions there exactly once.
func TestReshardLosesNothing(t *testing.T) {
	type follow struct{ guild, url string }
	var follows []follow
	sources := []*Store{openTest(t), openTest(t), openTest(t)}
	for g := range 6 {
		guild := guildOn(g%2, g)
		src := sources[g%3]
		for _, u := range []int{g % 4, (g + 1) % 4} {
			url := fmt.Sprintf("https://f%d.example/rss", u)
			f, _, err := src.AddPolledFeed(Feed{URL: url, GuildID: guild}, &FeedUpdate{Status: 200}, []Item{{Key: url + "#a"}, {Key: url + "#b"}}, t0)
			if errors.Is(err, ErrExists) {
				err = src.AddFeedToGuild(guild, f.ID)
			}
			if err != nil {
				t.Fatal(err)
			}
			follows = append(follows, follow{guild, url})
		}
		mustSubscribe(t, src, Subscription{GuildID: guild, ChannelID: fmt.Sprint(g + 1), Topic: "t", NextDigestAt: t0})
	}
	check := func(step string, shards []*Store) {
		for _, fw := range follows {
			n, _ := ShardOf(fw.guild, len(shards))
			feeds, err := shards[n].FeedsByGuild(fw.guild)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(feeds, func(f Feed) bool { return f.URL == fw.url })
			if i < 0 {
				t.Errorf("%s: guild %s lost %s", step, fw.guild, fw.url)
				continue
			}
			for _, key := range []string{fw.url + "#a", fw.url + "#b"} {
				if ok, _ := shards[n].Seen(feeds[i].ID, key); !ok {
					t.Errorf("%s: %s forgot it had seen %s", step, fw.url, key)
				}
			}
		}
		total := 0
		for n, st := range shards {
			subs, _ := st.ActiveSubscriptions()
			for _, sub := range subs {
				if s, _ := ShardOf(sub.GuildID, len(shards)); s != n {
					t.Errorf("%s: guild %s's subscription on shard %d, want %d", step, sub.GuildID, n, s)
				}
			}
			total += len(subs)
		}
		if total != 6 {
			t.Errorf("%s: %d subscriptions, want 6", step, total)
		}
	}
	two := []*Store{openTest(t), openTest(t)}
	if _, err := Reshard(sources, two); err != nil {
		t.Fatal(err)
	}
	check("3 to 2", two)
	three := []*Store{openTest(t), openTest(t), openTest(t)}
	if _, err := Reshard(two, three); err != nil {
		t.Fatal(err)
	}
	check("2 to 3", three)
}
