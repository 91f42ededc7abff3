package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/internal/fakediscord"
)

// A feed URL's credentials never appear in what the bot posts: the /feed add
// answer, /feed list and the /feed remove choices.
func TestFeedURLsShownWithoutCredentials(t *testing.T) {
	h := newHarness(t, fakediscord.Options{})
	h.svc.addFeed = func(_ context.Context, url string) (FeedInfo, error) { return FeedInfo{URL: url}, nil }
	h.start()
	secretURL := "https://usr9:s3cret@news.example.com/rss"
	var shown []string
	in := h.run(fakediscord.Invocation{Name: "feed", Permissions: adminPerms,
		Options: []fakediscord.Option{fakediscord.Sub("add", fakediscord.Str("url", secretURL))}})
	text, _ := answer(in)
	shown = append(shown, text)
	in = h.run(fakediscord.Invocation{Name: "feed", Permissions: adminPerms, Options: []fakediscord.Option{fakediscord.Sub("list")}})
	text, _ = answer(in)
	shown = append(shown, text)
	in = h.run(fakediscord.Invocation{Name: "feed", Permissions: adminPerms, Autocomplete: true,
		Options: []fakediscord.Option{fakediscord.Sub("remove", fakediscord.Focused("feed", "news"))}})
	for _, c := range in.Callbacks[0].Choices {
		shown = append(shown, c.Name)
	}
	all := strings.Join(shown, "\n")
	if strings.Contains(all, "s3cret") || strings.Contains(all, "usr9") || strings.Count(all, "https://xxxxx@news.example.com/rss") < 3 {
		t.Errorf("the bot showed:\n%s", all)
	}
}
