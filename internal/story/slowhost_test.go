package story

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/internal/store"
)

// A digest reads the article of every pending item. A host that stalls each
// request until the fetch timeout cost that timeout once per item: a feed of
// 1,000 items on one stalling host held one digest tick, and with it every
// other server's digest, for hours (1,000 × 30 s, two at a time). After a
// second timeout in a row the host is left alone for a while; other hosts
// are not, a timeout between answers is a blip, and a caller's own deadline
// says nothing about the host.
func TestTimedOutHostIsLeftAloneForAWhile(t *testing.T) {
	var mu sync.Mutex
	calls := map[string]int{}
	fetch := func(ctx context.Context, raw string) (article.Article, error) {
		u, _ := url.Parse(raw)
		mu.Lock()
		calls[u.Host]++
		mu.Unlock()
		if u.Host == "stall.example" || strings.HasPrefix(u.Path, "/t") || ctx.Err() != nil {
			return article.Article{}, fmt.Errorf("article: fetch %s: %w", raw, article.ErrTimeout)
		}
		return article.Article{URL: raw, Title: "Fine", Text: "The council met on Tuesday."}, nil
	}
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	b := NewBuilder(fetch, memCache{}, digest.Options{}, nil).WithClock(func() time.Time { return now })
	ctx := context.Background()
	for i := range 50 {
		s, err := b.ForItem(ctx, store.Item{ID: fmt.Sprint(i), Title: "Stalled", Link: fmt.Sprintf("https://stall.example/%d", i)}, time.Hour)
		if err != nil || s.Problem == "" || s.Title != "Stalled" {
			t.Fatalf("item %d: %+v, %v; want the item's story with a problem", i, s, err)
		}
	}
	if _, err := b.ForURL(ctx, "https://fine.example/a", time.Hour); err != nil {
		t.Errorf("another host: %v", err)
	}
	for _, path := range []string{"/t1", "/ok", "/t2", "/t3"} {
		b.ForURL(ctx, "https://blip.example"+path, time.Hour)
	}
	expired, cancel := context.WithDeadline(ctx, now.Add(-time.Second))
	defer cancel()
	for i := range 3 {
		b.ForURL(expired, fmt.Sprintf("https://late.example/%d", i), time.Hour)
	}
	b.ForURL(ctx, "https://late.example/b", time.Hour)
	if calls["stall.example"] != slowHostStrikes || calls["fine.example"] != 1 || calls["late.example"] != 4 || calls["blip.example"] != 4 {
		t.Errorf("fetches per host = %v; want the stalling host asked %d times, the others as often as asked", calls, slowHostStrikes)
	}
	now = now.Add(slowHostPause + time.Second)
	b.ForURL(ctx, "https://stall.example/again", time.Hour)
	if calls["stall.example"] != slowHostStrikes+1 {
		t.Errorf("after the pause the host was asked %d times in all, want %d", calls["stall.example"], slowHostStrikes+1)
	}
}
