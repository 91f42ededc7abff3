package acceptance

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/digest/entity"
	"github.com/digestbot/digestbot/digest/quote"
	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/tools/eval"
	"github.com/digestbot/digestbot/tools/evaldata"
)

// Acceptance on PolNeAR dev: quotes F1 at 50% character overlap of the gold
// quote, and speaker accuracy on matched quotes with named sources, measured
// as digest.Make runs Extract: with the entity recogniser's persons. Issue 3
// set 0.90 and 0.85; issue 7 targets F1 0.93 and speaker accuracy 0.90.
// F1 is met (0.938). Speakers are not, by one quote: 327 of 364 = 0.898
// since the rule that no capitalised function word is a speaker (PolNeAR
// train 2834 -> 2835, and issue 7 asks for it), where it had been 328. The
// guard sits just below that, so a change that loses one more fails here;
// it is no claim that the bar is met.
const (
	acceptF1      = 0.93
	acceptSpeaker = 0.895
	// noPeopleFloor guards the heuristics Extract falls back on without a
	// person list (dev measured 0.885 when this was written).
	noPeopleFloor = 0.88
)

func TestPolNeARDev(t *testing.T) {
	dir := evaldata.Require(t, "quotes", "polnear", "dev")
	docs, err := eval.LoadPolNeAR(filepath.Clean(dir))
	if err != nil {
		t.Fatal(err)
	}
	var plain, withPeople eval.QuoteCounts
	for _, d := range docs {
		plain.Add(d.Text, d.Gold, foundForEval(quote.Extract(d.Text, nil)), eval.OverlapGold)
		withPeople.Add(d.Text, d.Gold, foundForEval(quote.Extract(d.Text, peopleOf(d.Text))), eval.OverlapGold)
	}
	t.Logf("PolNeAR dev, entity persons: %s", withPeople)
	t.Logf("PolNeAR dev, no person list: %s", plain)
	if withPeople.Gold < 600 {
		t.Fatalf("only %d gold quotes loaded from %s; the data looks incomplete", withPeople.Gold, dir)
	}
	if withPeople.F1() < acceptF1 {
		t.Errorf("quote F1 %.3f < %.2f", withPeople.F1(), acceptF1)
	}
	if withPeople.SpeakerAccuracy() < acceptSpeaker {
		t.Errorf("speaker accuracy with entity persons %.3f < %.2f", withPeople.SpeakerAccuracy(), acceptSpeaker)
	}
	if plain.SpeakerAccuracy() < noPeopleFloor {
		t.Errorf("speaker accuracy without a person list %.3f fell below the %.2f floor", plain.SpeakerAccuracy(), noPeopleFloor)
	}
}

// peopleOf builds the person list the way digest.Make does.
func peopleOf(text string) []quote.Person {
	var out []quote.Person
	for _, a := range entity.Actors(text, entity.Recognize(text)) {
		if a.Kind == entity.Person {
			out = append(out, quote.Person{Name: a.Name, Spans: a.Spans})
		}
	}
	return out
}

// foundForEval mirrors cmd/digesteval: one found quote per attribution
// content span.
func foundForEval(qs []quote.Quote) []eval.FoundQuote {
	var out []eval.FoundQuote
	seen := make(map[[2]int]bool)
	for _, q := range qs {
		k := [2]int{q.ContentStart, q.ContentEnd}
		if !seen[k] {
			seen[k] = true
			out = append(out, eval.FoundQuote{Start: q.ContentStart, End: q.ContentEnd, Speaker: q.Speaker})
		}
	}
	return out
}

// TestRealPagePronounSpeakers pins the speakers of a real page that went
// wrong (issue 7): a story about a congresswoman ended with "“…,” she
// wrote in her letter", and the nearest name, the possessive in "during
// Carlineo's sentencing", took it; the threat he made ("he said he’d put
// a “bullet in her …”") went to her. Pronouns now go to the most salient
// person of the sentences before them.
func TestRealPagePronounSpeakers(t *testing.T) {
	const page = "6ebac05f637ece8aa57c298a2a5e3a8047f546f855d0f29cc683cea60ce85c85"
	want := map[string]string{ // a phrase of the quote: the speaker's last name
		"who are we as a nation":         "Omar",
		"The answer to hate":             "Omar",
		"bullet in her":                  "Carlineo",
		"passionate about his political": "Zoghlin",
	}
	for _, p := range loadExtractionPages(t) {
		if p.ID != page {
			continue
		}
		a, err := article.Extract(p.HTML, p.URL)
		if err != nil {
			t.Fatal(err)
		}
		got := make(map[string]string)
		for _, q := range digest.MakeBlocks(a.Title, a.Text, a.Blocks, digest.Options{All: true}).Quotes {
			for phrase := range want {
				if strings.Contains(q.Text, phrase) {
					got[phrase] = q.Speaker
				}
			}
		}
		for phrase, last := range want {
			if eval.LastNameToken(got[phrase]) != last {
				t.Errorf("quote with %q: speaker %q, want … %s", phrase, got[phrase], last)
			}
		}
		return
	}
	t.Fatalf("page %s.. not in the extraction data", page[:8])
}
