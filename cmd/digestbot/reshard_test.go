package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/store"
)

// shardGuild is a guild ID on shard i of 2.
func shardGuild(i, n int) string { return fmt.Sprint(uint64(2*n+i) << 22) }

func seedShardDB(t *testing.T, path, guild, url, topic string) {
	t.Helper()
	st, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	first := &store.FeedUpdate{Status: 200, NextPollAt: time.Now().Add(time.Hour)}
	if _, _, err := st.AddPolledFeed(store.Feed{URL: url, GuildID: guild}, first, []store.Item{{Key: "guid:" + url}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddSubscription(store.Subscription{GuildID: guild, ChannelID: "7", Topic: topic, NextDigestAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

// TestReshardCommand merges two databases into two shards, checks each
// guild's subscription is on its shard, and that the command refuses to
// overwrite its output.
func TestReshardCommand(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	seedShardDB(t, a, shardGuild(1, 1), "https://one.example/rss", "one")
	seedShardDB(t, b, shardGuild(0, 2), "https://two.example/rss", "two")
	out := filepath.Join(dir, "out")
	c := newCLI(t)
	code, stdout, stderr := c.run("reshard", "--from", a+","+b, "--to", "2", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "shard 0: "+filepath.Join(out, "digestbot-shard-0-of-2.db")+": 1 feed, 1 subscription") ||
		!strings.Contains(stdout, "shard 1: ") {
		t.Errorf("output:\n%s", stdout)
	}
	for i, topic := range []string{"two", "one"} {
		st, err := store.Open(filepath.Join(out, fmt.Sprintf("digestbot-shard-%d-of-2.db", i)), store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		subs, err := st.ActiveSubscriptions()
		st.Close()
		if err != nil || len(subs) != 1 || subs[0].Topic != topic {
			t.Errorf("shard %d subscriptions %+v (%v), want topic %s", i, subs, err, topic)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 2 {
		t.Errorf("%d files in the output folder, want the 2 shards", len(entries))
	}
	if code, _, stderr := c.run("reshard", "--from", a+","+b, "--to", "2", "--out", out); code != 1 || !strings.Contains(stderr, "exists") {
		t.Errorf("second run: exit %d, %s", code, stderr)
	}
}

func TestReshardRefusesPendingDeliveries(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.db")
	seedShardDB(t, a, shardGuild(0, 1), "https://one.example/rss", "one")
	st, err := store.Open(a, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.CreateDelivery(store.Delivery{GuildID: shardGuild(0, 1), ChannelID: "7", Payloads: [][]byte{[]byte("{}")}}, time.Now())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, _, stderr := newCLI(t).run("reshard", "--from", a, "--to", "3", "--out", out)
	if code != 1 || !strings.Contains(stderr, "deliveries still to send") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("a refused reshard left %d files", len(entries))
	}
}

func TestReshardHelp(t *testing.T) {
	code, out, _ := newCLI(t).run("reshard", "--help")
	if code != 0 || !strings.HasPrefix(out, "usage: digestbot reshard") || !strings.Contains(out, "Takes no arguments") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if got := flagsSection(out); !slices.Equal(got, []string{"from", "out", "to"}) {
		t.Errorf("flags %v", got)
	}
}
