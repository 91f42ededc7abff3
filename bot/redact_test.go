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

// An item link resolved against a feed URL with credentials carries them
// (https://usr9:s3cret@host/…), and so does a /summary of such a URL: the
// cards link the story without them, in the headline, "Also reported by"
// and the list of stories past the cap.
func TestCardLinksCarryNoCredentials(t *testing.T) {
	st := Story{ItemID: "a", Title: "Kovac pledges support", URL: "https://usr9:s3cret@news.example.com/a1?x=1",
		Also: []StorySource{{Site: "Radio", URL: "https://tok3n@radio.example/b"}}}
	rest := Story{ItemID: "b", Title: "Second", URL: "https://usr9:s3cret@news.example.com/b2"}
	b := &Bot{cfg: Config{MaxStories: 1}}
	payloads, err := b.DigestPayloads("", []Story{st, rest})
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, p := range payloads {
		all.Write(p)
	}
	got := all.String()
	if strings.Contains(got, "s3cret") || strings.Contains(got, "usr9") || strings.Contains(got, "tok3n") {
		t.Errorf("credentials in the digest:\n%s", got)
	}
	for _, want := range []string{`"url":"https://news.example.com/a1?x=1"`, `(\u003chttps://radio.example/b\u003e)`, `(\u003chttps://news.example.com/b2\u003e)`} {
		if !strings.Contains(got, want) {
			t.Errorf("digest lacks the link %s:\n%s", want, got)
		}
	}
}
