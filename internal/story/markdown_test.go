package story

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/digest"
)

func TestStatementsJoinSplitQuotes(t *testing.T) {
	text := `“Every berth will be working around the clock,” he said, “and even then we expect delays.” Later: “A new point entirely,” he said.`
	q := func(piece string) digest.Quote {
		i := strings.Index(text, piece)
		return digest.Quote{Text: piece, Speaker: "Daniel Okafor", Start: i, End: i + len(piece)}
	}
	got := Statements([]digest.Quote{
		q("Every berth will be working around the clock,"),
		q("and even then we expect delays."),
		{Text: "A different speaker here.", Speaker: "Sofia Brandt", Start: 200, End: 225},
	})
	want := []Statement{
		{Text: "Every berth will be working around the clock … and even then we expect delays.", Speaker: "Daniel Okafor"},
		{Text: "A different speaker here.", Speaker: "Sofia Brandt"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Statements = %+v\nwant %+v", got, want)
	}
	// Far apart, the same speaker's quotes stay separate statements.
	far := Statements([]digest.Quote{q("Every berth will be working around the clock,"), {Text: "Much later.", Speaker: "Daniel Okafor", Start: 5000, End: 5011}})
	if len(far) != 2 {
		t.Errorf("distant quotes joined: %+v", far)
	}
}

func TestWriteMarkdown(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	var b strings.Builder
	err := WriteMarkdown(&b, "Digest", Cards([]Story{{
		Title: "Bridge *reopens*", URL: "https://news.example/bridge", Site: "News", Published: now.Add(-2 * time.Hour),
		Summary: []string{"The bridge reopened on Monday."},
		Quotes:  []digest.Quote{{Text: "We are glad,", Speaker: "Ana Costa", SpeakerTitle: "transport chief"}},
		Actors:  []digest.Actor{{Name: "Ana Costa", Kind: "person"}, {Name: "Lisbon", Kind: "place"}},
	}, {Title: "Paywalled", URL: "https://news.example/p", Problem: "the site answered 403 Forbidden"}}), now)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# Digest", "## [Bridge \\*reopens\\*](https://news.example/bridge)", "*News · 2 h ago*",
		"The bridge reopened on Monday.", "> “We are glad” — Ana Costa, transport chief",
		"People: Ana Costa · Places: Lisbon", "_No summary: the site answered 403 Forbidden._",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, b.String())
		}
	}
}

// The terminal digest shows item links resolved against a feed URL with
// credentials without them, as the logs do.
func TestWriteMarkdownHidesLinkCredentials(t *testing.T) {
	var b strings.Builder
	err := WriteMarkdown(&b, "Digest", []Card{
		{URL: "https://usr9:s3cret@news.example.com/a1", Also: []Source{{Site: "Radio", URL: "https://tok3n@radio.example/b"}}},
	}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if strings.Contains(got, "s3cret") || strings.Contains(got, "usr9") || strings.Contains(got, "tok3n") ||
		!strings.Contains(got, "news.example.com/a1") || !strings.Contains(got, "radio.example/b") {
		t.Errorf("markdown:\n%s", got)
	}
}
