package store

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// A delivered cluster is stored with its delivery, an update joins it, it
// survives reopening the file, and retention removes it.
func TestStoryClustersKeptWithDeliveries(t *testing.T) {
	s := openTest(t)
	first := StoryCluster{
		Key: "1-a",
		Members: []ClusterMember{
			{ItemID: "1-a", Title: "Kestwick bridge closed", Publisher: "Harbour Gazette", Lead: strings.Repeat("x", 5000)},
			{ItemID: "2-b", Title: "Kestwick railway bridge shut", Publisher: "Coast Radio"},
		},
		Quotes: []string{"We will not run a train"},
	}
	deliver := func(at time.Time, cs ...StoryCluster) {
		t.Helper()
		if _, err := s.CreateDelivery(Delivery{GuildID: "g", ChannelID: "c", Payloads: [][]byte{[]byte("{}")}, CreatedAt: at, Clusters: cs}, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	deliver(t0, first)
	deliver(t0.Add(time.Hour), StoryCluster{
		Key:     "1-a",
		Members: []ClusterMember{{ItemID: "2-b"}, {ItemID: "3-c", Title: "Trains halted", Publisher: "Valley Times"}},
		Quotes:  []string{"We will not run a train", "The river decides"},
	})

	path := s.Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.StoryClusters("c", t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("clusters %+v, want one", got)
	}
	var ids []string
	for _, m := range got[0].Members {
		ids = append(ids, m.ItemID)
	}
	if !slices.Equal(ids, []string{"1-a", "2-b", "3-c"}) || !slices.Equal(got[0].Quotes, []string{"We will not run a train", "The river decides"}) {
		t.Errorf("joined cluster members %q quotes %q", ids, got[0].Quotes)
	}
	if n := len([]rune(got[0].Members[0].Lead)); n != maxClusterLead {
		t.Errorf("stored lead is %d runes, want it cut to %d", n, maxClusterLead)
	}
	if !got[0].DeliveredAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("delivered at %v, want the update's time", got[0].DeliveredAt)
	}
	if other, _ := s.StoryClusters("d", t0); len(other) != 0 {
		t.Errorf("another channel sees %+v", other)
	}
	if later, _ := s.StoryClusters("c", t0.Add(2*time.Hour)); len(later) != 0 {
		t.Errorf("clusters since after their delivery: %+v", later)
	}
	s.batches.clusters = 1 // every batch full: the loop must still end
	n, err := s.PruneStoryClusters(t0.Add(2 * time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("pruned %d (%v), want 1", n, err)
	}
	if left, _ := s.StoryClusters("c", time.Time{}); len(left) != 0 {
		t.Errorf("after pruning: %+v", left)
	}
}
