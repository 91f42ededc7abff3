package story

import (
	"strings"
	"testing"
	"time"
)

// A merged story's card carries its outlets, attributed quotes and update
// line, and the terminal's digest shows them as the embed does.
func TestEventCardInMarkdown(t *testing.T) {
	s := Story{
		ItemID: "1", Title: "Kestwick bridge closed", URL: "https://gazette.example/a", Site: "Harbour Gazette",
		Event: &Event{
			Outlets: 3, Update: "new: 1 more outlet, 1 new quote",
			Also:   []Source{{Site: "Coast Radio", URL: "https://radio.example/b"}, {Site: "Portmere Post", URL: "https://post.example/c"}},
			Quotes: []Statement{{Text: "The river decides", Speaker: "Tomas Brandt", Site: "Valley Times"}, {Text: "No trains", Site: "Coast Radio"}},
		},
	}
	var b strings.Builder
	if err := WriteMarkdown(&b, "Digest", []Card{s.Card()}, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"reported by 3 outlets", "**Update:** new: 1 more outlet, 1 new quote",
		"“The river decides” — Tomas Brandt (via Valley Times)", "“No trains” — via Coast Radio",
		"Also reported by [Coast Radio](https://radio.example/b) · [Portmere Post](https://post.example/c)",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, b.String())
		}
	}
}
