package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/internal/fakediscord"
)

// longStory is a worst case: every text far past its budget, multi-byte and
// astral characters, markdown and mention bait.
func longStory(i int) Story {
	rep := func(s string, n int) string { return strings.Repeat(s, n) }
	return Story{
		ItemID:    fmt.Sprintf("item-%02d", i),
		Title:     fmt.Sprintf("%02d ", i) + rep("Kovač 🇩🇪 říká ", 60),
		URL:       fmt.Sprintf("https://news.example.com/2026/11/story-%d?ref=(rss)&x=%s", i, rep("a", 300)),
		Site:      rep("Zeitung für Übersicht ", 200),
		Published: time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC),
		Summary: []string{
			rep("Elena Kovač said the *coalition* would hold talks in Zürich 🤝. ", 40),
			rep("@everyone the __budget__ — 1.5 bn € — was `approved` [here](https://evil.example). ", 40),
			rep("Третье предложение о переговорах. ", 60),
			"A fourth sentence that must not appear.",
		},
		Quotes: []StoryQuote{
			{Text: rep("We will not accept a deal that leaves our farmers behind 🌾, ", 30), Speaker: rep("Elena Kovač ", 20), SpeakerTitle: rep("German Chancellor ", 20)},
			{Text: rep("日本語の引用文です。", 200), Speaker: "Ōta Hiroshi", SpeakerTitle: "Tokyo University"},
			{Text: "A third quote that must not appear.", Speaker: "Nobody"},
		},
		Actors: func() []StoryActor {
			var as []StoryActor
			for j := 0; j < 40; j++ {
				as = append(as,
					StoryActor{Name: fmt.Sprintf("Person %d %s", j, rep("Łukasz", 20)), Kind: ActorPerson},
					StoryActor{Name: fmt.Sprintf("Org %d Ünited Nations", j), Kind: ActorOrg},
					StoryActor{Name: fmt.Sprintf("Place %d São Paulo", j), Kind: ActorPlace})
			}
			return as
		}(),
	}
}

// checkLimits fails t unless m fits every Discord limit, counted both in
// code points (as Discord counts) and UTF-16 units (the stricter reading).
func checkLimits(t *testing.T, i int, m *discordgo.MessageSend) {
	t.Helper()
	for _, count := range []struct {
		name string
		n    func(string) int
	}{{"runes", utf8.RuneCountInString}, {"utf16", textLen}} {
		n := count.n
		if n(m.Content) > 2000 {
			t.Errorf("message %d: content %d %s > 2000", i, n(m.Content), count.name)
		}
		if len(m.Embeds) > 10 {
			t.Errorf("message %d: %d embeds > 10", i, len(m.Embeds))
		}
		total := 0
		for j, e := range m.Embeds {
			lim := func(what, s string, max int) {
				if n(s) > max {
					t.Errorf("message %d embed %d: %s is %d %s > %d", i, j, what, n(s), count.name, max)
				}
				total += n(s)
			}
			lim("title", e.Title, 256)
			lim("description", e.Description, 4096)
			if len(e.Fields) > 25 {
				t.Errorf("message %d embed %d: %d fields", i, j, len(e.Fields))
			}
			for _, f := range e.Fields {
				lim("field name", f.Name, 256)
				lim("field value", f.Value, 1024)
				if f.Name == "" || f.Value == "" {
					t.Errorf("message %d embed %d: empty field", i, j)
				}
			}
			if e.Footer != nil {
				lim("footer", e.Footer.Text, 2048)
			}
			if e.Author != nil {
				lim("author", e.Author.Name, 256)
			}
		}
		if total > 6000 {
			t.Errorf("message %d: embeds total %d %s > 6000", i, total, count.name)
		}
	}
	// And the fake Discord, which validates like the real one, accepts it.
	raw, _ := json.Marshal(m)
	var decoded struct {
		Content string              `json:"content"`
		Embeds  []fakediscord.Embed `json:"embeds"`
	}
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatal(err)
	}
	if err := fakediscord.ValidateMessage(decoded.Content, decoded.Embeds); err != nil {
		t.Errorf("message %d: fake Discord rejects it: %v", i, err)
	}
	if !utf8.ValidString(string(raw)) {
		t.Errorf("message %d: invalid UTF-8", i)
	}
}

func TestRenderDigestThirtyLongStoriesFitDiscordLimits(t *testing.T) {
	t.Parallel()
	stories := make([]Story, 30)
	for i := range stories {
		stories[i] = longStory(i)
	}
	title := "**Digest: " + strings.Repeat("ünïcode 🎉 ", 300) + "**"
	msgs := renderDigest(title, stories, renderOptions{MaxStories: 20})
	if len(msgs) < 2 {
		t.Fatalf("got %d messages, want the cards split over several plus an and-more message", len(msgs))
	}
	cards := 0
	for i, m := range msgs {
		checkLimits(t, i, m)
		cards += len(m.Embeds)
		if m.AllowedMentions == nil || len(m.AllowedMentions.Parse) != 0 {
			t.Errorf("message %d allows mentions: %+v", i, m.AllowedMentions)
		}
	}
	if cards != 20 {
		t.Errorf("rendered %d cards, want the cap of 20", cards)
	}
	more := msgs[len(msgs)-1]
	if len(more.Embeds) != 0 || !strings.HasPrefix(more.Content, "…and 10 more:") {
		t.Errorf("last message should list the 10 stories past the cap, got %.80q", more.Content)
	}
	if !strings.Contains(more.Content, "story-20?") {
		t.Errorf("and-more message lacks the 21st story's link: %.200q", more.Content)
	}

	card := msgs[0].Embeds[0]
	if !strings.HasPrefix(card.Title, "00 Kovač 🇩🇪") || !strings.HasSuffix(card.Title, "…") {
		t.Errorf("title not truncated with an ellipsis: %q", card.Title)
	}
	if strings.Contains(card.Description, "fourth sentence") {
		t.Error("description holds more than 3 sentences")
	}
	if strings.Contains(card.Description, "@everyone") || strings.Contains(card.Description, "[here](") {
		t.Errorf("description not escaped: %.300q", card.Description)
	}
	quotes := 0
	for _, f := range card.Fields {
		if f.Name == "Quote" {
			quotes++
			if !strings.HasPrefix(f.Value, "“") || !strings.Contains(f.Value, "” — ") {
				t.Errorf("quote field lacks quote marks or speaker: %.100q", f.Value)
			}
		}
	}
	if quotes != 2 {
		t.Errorf("%d quote fields, want 2", quotes)
	}
}

func TestStoryCardShape(t *testing.T) {
	t.Parallel()
	st := Story{
		Title: "EU leaders agree on farm subsidies", URL: "https://news.example.com/eu-farm",
		Site: "Example News", Published: time.Date(2026, 11, 25, 7, 30, 0, 0, time.UTC),
		Summary: []string{"EU leaders agreed on Tuesday to extend farm subsidies.", "The deal follows weeks of protests.", "Farmers welcomed it."},
		Quotes:  []StoryQuote{{Text: "This is a good day for Europe's farmers", Speaker: "Elena Kovac", SpeakerTitle: "German Chancellor"}},
		Actors: []StoryActor{{Name: "Elena Kovac", Kind: ActorPerson}, {Name: "European Union", Kind: ActorOrg}, {Name: "Brussels", Kind: ActorPlace},
			{Name: "Jan Novak", Kind: ActorPerson}, {Name: "elena kovac", Kind: ActorPerson}},
	}
	e := storyCard(st, renderOptions{})
	want := map[string]string{
		"title":       "EU leaders agree on farm subsidies",
		"url":         "https://news.example.com/eu-farm",
		"description": "EU leaders agreed on Tuesday to extend farm subsidies. The deal follows weeks of protests. Farmers welcomed it.",
		"quote":       "“This is a good day for Europe's farmers” — German Chancellor Elena Kovac",
		"actors":      "People: Elena Kovac, Jan Novak · Orgs: European Union · Places: Brussels",
		"footer":      "Example News",
		"timestamp":   "2026-11-25T07:30:00Z",
	}
	got := map[string]string{"title": e.Title, "url": e.URL, "description": e.Description, "timestamp": e.Timestamp}
	if e.Footer != nil {
		got["footer"] = e.Footer.Text
	}
	for _, f := range e.Fields {
		switch f.Name {
		case "Quote":
			got["quote"] = f.Value
		case "In this story":
			got["actors"] = f.Value
		}
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestTruncate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"the quick brown fox jumps", 20, "the quick brown fox…"},
		{"the quick brown fox jumps", 12, "the quick…"},
		{"žžžžžžžžžž", 5, "žžžž…"},
		{"🎉🎉🎉🎉", 5, "🎉🎉…"}, // astral characters count two
		{"abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…"},
		{"x", 0, ""},
	}
	for _, tt := range tests {
		got := truncate(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		if textLen(got) > tt.max {
			t.Errorf("truncate(%q, %d) is %d long", tt.in, tt.max, textLen(got))
		}
	}
}

func TestRenderDigestEmptyIsNothing(t *testing.T) {
	t.Parallel()
	if msgs := renderDigest("title", nil, renderOptions{}); msgs != nil {
		t.Errorf("empty digest rendered %d messages", len(msgs))
	}
}

// A feed or page can date a story in year 0 ("0000-01-01T00:00:00Z"), which
// Go reads and Discord refuses, and with it the whole digest message: the
// card then carries the time the story was first seen.
func TestCardTimestampIsOneDiscordReads(t *testing.T) {
	t.Parallel()
	seen := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	year0 := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	st := Story{Title: "Dated in year 0", URL: "https://news.example.com/y0", Published: year0, FirstSeen: seen}
	msgs := renderDigest("t", []Story{st}, renderOptions{})
	for i, m := range msgs {
		checkLimits(t, i, m)
	}
	if got := msgs[0].Embeds[0].Timestamp; got != "2026-11-25T08:00:00Z" {
		t.Errorf("timestamp = %q, want the time first seen", got)
	}
}

// A link within 2048 bytes as the feed wrote it can pass 2048 once its
// characters are percent-encoded (é is 2 bytes, %C3%A9 six), and Discord
// refuses an embed url past 2048 with the whole message.
func TestCardLinkFitsDiscordOnceEncoded(t *testing.T) {
	t.Parallel()
	long := "https://news.example.com/" + strings.Repeat("é", 900)
	st := Story{Title: "A long slug", URL: long, Also: []StorySource{{Site: "Radio", URL: long}}}
	msgs := renderDigest("t", []Story{st}, renderOptions{})
	for i, m := range msgs {
		checkLimits(t, i, m)
	}
	e := msgs[0].Embeds[0]
	if len(e.URL) > 2048 {
		t.Errorf("embed url is %d long", len(e.URL))
	}
	for _, f := range e.Fields {
		if strings.Contains(f.Value, "%C3%A9") {
			t.Errorf("field %q links the over-long URL", f.Name)
		}
	}
}
