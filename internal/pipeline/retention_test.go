package pipeline

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/poller"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/story"
	"github.com/digestbot/digestbot/internal/testclock"
)

// The database stays flat while the bot runs: 200 cycles of a poll that
// brings five new stories (the feed lists only its ten newest) and a digest
// that delivers them, two hours apart, with retention at one day. Items,
// cached articles, deliveries and delivered markers are all pruned, so the
// size after cycle 200 stays within 20% of the size after cycle 20; so do
// the seen keys, forgotten two retention periods after their feed dropped them.
func TestDatabaseStaysFlatOverManyCycles(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("200 cycles")
	}
	st := openStore(t)
	news := newNewsroom(t)
	client := newsClient(news)
	clock := testclock.New(t0)
	pl := poller.New(st, feed.NewFetcher(client, feed.FetcherOptions{}), poller.Options{Now: clock.Now})
	// Pages are made up rather than fetched (this test is about what is
	// kept), each its own text as long as a short news article.
	builder := story.NewBuilder(func(_ context.Context, link string) (article.Article, error) {
		return article.Article{URL: link, Title: "Harbour story", Text: madeUpArticle(link, 3000)}, nil
	}, st, digest.Options{}, nil).WithClock(clock.Now)
	// One worker: stories are built one after another, so no read
	// transaction is open while the next entry is written. bbolt reuses a
	// freed page only once no reader can still see it, and on a busy machine
	// overlapping builds would measure the scheduler rather than retention.
	p := New(st, pl, builder, Options{Retention: 24 * time.Hour, ArticleMaxAge: 24 * time.Hour, Workers: 1, Now: clock.Now})
	ctx := context.Background()
	news.publish("/a.xml", oldNews)
	if _, err := p.AddFeed(ctx, guildA, news.url("/a.xml"), "u1"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Subscribe(ctx, Subscription{GuildID: guildA, ChannelID: chanNews, Topic: "harbour", Schedule: mustSchedule(t, "every 1h", "")}); err != nil {
		t.Fatal(err)
	}
	out := newFakeOutlet()
	var at20 store.Stats
	for cycle := 1; cycle <= 200; cycle++ {
		clock.Advance(2 * time.Hour)
		for i := range 3 {
			slug := fmt.Sprintf("story-%d-%d", cycle, i)
			news.publish("/a.xml", newsItem{slug: slug, title: "Harbour " + slug, published: clock.Now()})
		}
		news.keepNewest("/a.xml", 6)
		if err := pl.PollDue(ctx, true, nil); err != nil {
			t.Fatal(err)
		}
		p.Tick(ctx, out)
		if cycle%20 == 0 && testing.Verbose() {
			t.Logf("cycle %d: %d bytes", cycle, stats(t, st).FileSize)
		}
		if cycle == 20 {
			at20 = stats(t, st)
		}
	}
	at200 := stats(t, st)
	t.Logf("after cycle 20: %+v", at20)
	t.Logf("after cycle 200: %+v", at200)
	if len(out.channel(chanNews)) != 200 {
		t.Errorf("%d digests posted, want one per cycle", len(out.channel(chanNews)))
	}
	if limit := at20.FileSize * 12 / 10; at200.FileSize > limit {
		t.Errorf("database grew from %d to %d bytes (limit %d)", at20.FileSize, at200.FileSize, limit)
	}
	// Seen keys live two days after leaving the feed: 24 polls of 3, plus the 6 listed.
	if at200.SeenKeys > 2*12*3+6 || at200.Items > at20.Items+10 || at200.Articles > at20.Articles+10 || at200.Deliveries > at20.Deliveries+2 || at200.DeliveredMarkers > at20.DeliveredMarkers+10 {
		t.Errorf("records grew: %+v after 20 cycles, %+v after 200", at20, at200)
	}
}

func stats(t *testing.T, st *store.Store) store.Stats {
	t.Helper()
	s, err := st.Stats()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// keepNewest drops all but the n newest items of a feed, as publishers do.
func (n *newsroom) keepNewest(feedPath string, keep int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if items := n.feeds[feedPath]; len(items) > keep {
		n.feeds[feedPath] = append([]newsItem(nil), items[len(items)-keep:]...)
	}
}

// madeUpArticle is about n bytes of sentences drawn from a small vocabulary,
// different for every seed, so that it compresses about as well as prose.
func madeUpArticle(seed string, n int) string {
	words := strings.Fields(`the harbour council met on monday to debate a new flood barrier while
		fishermen said storms had grown worse and the mayor promised money for repairs before winter
		engineers warned that costs could double if work started late and residents asked for answers`)
	h := fnv.New64a()
	h.Write([]byte(seed))
	r := rand.New(rand.NewPCG(h.Sum64(), 1))
	var b strings.Builder
	for b.Len() < n {
		b.WriteString("The ")
		for range 8 + r.IntN(10) {
			b.WriteString(words[r.IntN(len(words))] + " ")
		}
		b.WriteString(words[r.IntN(len(words))] + ". ")
	}
	return b.String()
}
