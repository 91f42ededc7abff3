package story

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/internal/store"
)

// memCache is a Cache in memory.
type memCache map[string][]byte

func (c memCache) PutArticle(url string, data []byte, _ time.Time) error {
	c[url] = data
	return nil
}

func (c memCache) Article(url string) ([]byte, time.Time, error) {
	data, ok := c[url]
	if !ok {
		return nil, time.Time{}, context.Canceled
	}
	return data, time.Now(), nil
}

// A digest that runs out of its time budget is logged once, with the page's
// address stripped of any password, and the story keeps what was finished.
func TestOverrunIsLogged(t *testing.T) {
	text := strings.Repeat("Officials in Lisbon said on Tuesday that the bridge would reopen in May. ", 200)
	fetch := func(context.Context, string) (article.Article, error) {
		return article.Article{URL: "https://user:secret@news.example/bridge", Title: "Bridge", Text: text}, nil
	}
	var logs bytes.Buffer
	b := NewBuilder(fetch, memCache{}, digest.Options{Budget: time.Nanosecond}, nil).
		WithLogger(slog.New(slog.NewTextHandler(&logs, nil)))
	s, err := b.ForURL(context.Background(), "https://news.example/bridge", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Overrun {
		t.Fatal("a 1 ns budget did not overrun")
	}
	out := logs.String()
	if !strings.Contains(out, "time budget") || !strings.Contains(out, "news.example/bridge") {
		t.Errorf("no overrun warning naming the page: %q", out)
	}
	if strings.Contains(out, "secret") {
		t.Errorf("the warning shows the URL's password: %q", out)
	}

	logs.Reset()
	if s, _ = NewBuilder(fetch, memCache{}, digest.Options{}, nil).WithLogger(slog.New(slog.NewTextHandler(&logs, nil))).
		ForURL(context.Background(), "https://news.example/bridge", 0); s.Overrun || logs.Len() != 0 {
		t.Errorf("an ordinary article overran (%v) or logged %q", s.Overrun, logs.String())
	}
}

// A page that cannot be read gives a story whose Problem is the sentence
// the builder was given for that error: never the raw error, which names
// resolvers, addresses and credentials.
func TestUnreadablePageSaysWhyKindly(t *testing.T) {
	fetch := func(context.Context, string) (article.Article, error) {
		return article.Article{}, errors.New(`Get "https://user:secret@news.example/x": lookup news.example on 10.0.0.53:53: no such host`)
	}
	item := store.Item{ID: "1-a", Link: "https://user:secret@news.example/x", Title: "Bridge reopens"}
	var logs bytes.Buffer
	debug := &slog.HandlerOptions{Level: slog.LevelDebug}
	b := NewBuilder(fetch, memCache{}, digest.Options{}, nil).WithLogger(slog.New(slog.NewTextHandler(&logs, debug)))
	s, err := b.ForItem(context.Background(), item, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.Problem != "The page could not be read." || s.Title != "Bridge reopens" {
		t.Errorf("story = %+v, want the default sentence and the feed's title", s)
	}
	if out := logs.String(); !strings.Contains(out, "no such host") || strings.Contains(out, "secret") {
		t.Errorf("the log should keep the detail without the password: %q", out)
	}

	b.WithProblems(func(error) string { return "That site could not be reached." })
	if s, _ = b.ForItem(context.Background(), item, 0); s.Problem != "That site could not be reached." {
		t.Errorf("Problem = %q, want the given sentence", s.Problem)
	}
}

// A panic inside the engine costs one article its summary, not the caller
// (a scheduled digest, a /summary): the story keeps its title and link,
// says why it has no summary, and the log has the panic.
func TestEnginePanicIsTheArticlesProblem(t *testing.T) {
	orig := makeDigest
	makeDigest = func(string, string, []digest.Block, digest.Options) digest.Digest { panic("index out of range") }
	t.Cleanup(func() { makeDigest = orig })
	fetch := func(context.Context, string) (article.Article, error) {
		return article.Article{URL: "https://news.example/bridge", Title: "Bridge reopens", Text: "The bridge reopened."}, nil
	}
	var logs bytes.Buffer
	s, err := NewBuilder(fetch, memCache{}, digest.Options{}, nil).WithLogger(slog.New(slog.NewTextHandler(&logs, nil))).
		ForURL(context.Background(), "https://news.example/bridge", 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.Title != "Bridge reopens" || s.URL != "https://news.example/bridge" || s.Problem == "" || len(s.Summary) != 0 {
		t.Errorf("story = %+v, want the title, the link and a problem", s)
	}
	if out := logs.String(); !strings.Contains(out, "panicked") || !strings.Contains(out, "index out of range") {
		t.Errorf("the panic was not logged: %q", out)
	}
}
