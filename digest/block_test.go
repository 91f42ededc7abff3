package digest

import (
	"strings"
	"testing"
)

func TestInferBlocks(t *testing.T) {
	text := "Harbour Wall to Reopen After Repairs\n" +
		"Harbour Wall to Reopen After Repairs\n" +
		"The town's sea wall will be open again by spring, the council says.\n" +
		"By Jane Doe | March 3, 2026\n\n" +
		"The harbour wall at Port Ellery will reopen in April. Repairs cost\nfar less than feared.\n\n" +
		"Harbour Wall to Reopen After Repairs (Photo: Port Ellery Council)\n\n" +
		"What Went Wrong?\n" +
		"A storm in 2024 cracked the wall in two places.\n\n" +
		"Why it matters\n\n" +
		"• Fishing boats can land again\n" +
		"- The ferry returns\n" +
		"2) Tourists come back.\n\n" +
		"Nov. 4, 2025 6:10 AM EST\n\n" +
		"The council will meet on Monday.\n\n" +
		"Leave a Reply\n" +
		"Your email address will not be published.\n"
	want := []struct {
		kind BlockKind
		text string
	}{
		{Title, "Harbour Wall to Reopen After Repairs"},
		{Caption, "Harbour Wall to Reopen After Repairs"},
		{Standfirst, "The town's sea wall will be open again by spring, the council says."},
		{Byline, "By Jane Doe | March 3, 2026"},
		{Paragraph, "The harbour wall at Port Ellery will reopen in April. Repairs cost\nfar less than feared."},
		{Caption, "Harbour Wall to Reopen After Repairs (Photo: Port Ellery Council)"},
		{Heading, "What Went Wrong?"},
		{Paragraph, "A storm in 2024 cracked the wall in two places."},
		{Heading, "Why it matters"},
		{ListItem, "• Fishing boats can land again"},
		{ListItem, "- The ferry returns"},
		{ListItem, "2) Tourists come back."},
		{Byline, "Nov. 4, 2025 6:10 AM EST"},
		{Paragraph, "The council will meet on Monday."},
	}
	got := InferBlocks("", text)
	if len(got) != len(want) {
		for _, b := range got {
			t.Logf("%-10s %q", b.Kind, text[b.Start:b.End])
		}
		t.Fatalf("%d blocks, want %d", len(got), len(want))
	}
	for i, b := range got {
		if b.Kind != want[i].kind || text[b.Start:b.End] != want[i].text {
			t.Errorf("block %d = %s %q, want %s %q", i, b.Kind, text[b.Start:b.End], want[i].kind, want[i].text)
		}
	}
}

// A heading is never run into the sentence after it, and only paragraph
// sentences are candidates.
func TestBodySentences(t *testing.T) {
	text := "Why Hasn't the Council Acted?\nThe council has studied the idea twice. It shelved it twice.\n\nA Cautious Opening: What the Pilots Show\n\nHalo Infinite: the campaign borrows from other games. It finds its own voice."
	var got []string
	for _, s := range BodySentences(text, InferBlocks("Council", text)) {
		got = append(got, s.Text)
		if text[s.Start:s.End] != s.Text {
			t.Errorf("sentence %q is not text[%d:%d]", s.Text, s.Start, s.End)
		}
	}
	want := []string{
		"The council has studied the idea twice.", "It shelved it twice.",
		"Halo Infinite: the campaign borrows from other games.", "It finds its own voice.",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("BodySentences = %q, want %q", got, want)
	}
}

// Names seen only in headings, captions and bylines are not actors, and
// no summary sentence comes from them.
func TestStructureFiltersCard(t *testing.T) {
	text := "Minister Ignored Allies\n\nBy Clara Voss\n\n" +
		"The trade minister, Jonas Berg, met envoys from Norway on Tuesday to discuss tariffs on salmon. " +
		"Berg said the talks had gone well and would resume next month in Oslo. " +
		"Officials from both countries described the meeting as constructive and businesslike.\n\n" +
		"Reopen Trade Office Plan Stalls\n\n" +
		"The two governments have not agreed when the trade office in Bergen will reopen after its closure last year."
	d := Make("", text, Options{})
	for _, s := range d.Summary {
		if strings.Contains(s.Text, "Minister Ignored") || strings.Contains(s.Text, "Reopen Trade Office") {
			t.Errorf("summary sentence from a heading: %q", s.Text)
		}
	}
	for _, a := range d.Actors {
		for _, junk := range []string{"Minister Ignored", "Ignored Allies", "Reopen Trade Office", "Clara Voss", "Plan Stalls"} {
			if strings.Contains(a.Name, junk) {
				t.Errorf("actor %q (%s) from a heading or byline", a.Name, a.Kind)
			}
		}
	}
	if len(d.Summary) != 3 {
		t.Errorf("summary = %+v, want 3 sentences", d.Summary)
	}
}

func TestOptionsAll(t *testing.T) {
	text := "The mayor, Ana Ruiz, opened the new bridge over the Tamar on Monday after two years of work. " +
		"\"It joins two halves of the town that have been apart for too long,\" Ruiz said. " +
		"\"We will keep the old ferry for tourists,\" said Tom Hale, the harbour master. " +
		"\"Traffic on the ring road should fall by a third,\" said Priya Nair, an engineer at Westbridge Consulting. " +
		"\"The shops on the quay are already busier,\" said Leo Marsh, who runs a bakery there."
	card := Make("", text, Options{Quotes: 1, Actors: 2})
	all := Make("", text, Options{Quotes: 1, Actors: 2, All: true})
	if len(card.Quotes) != 1 || len(card.Actors) != 2 {
		t.Fatalf("card: %d quotes, %d actors, want 1 and 2", len(card.Quotes), len(card.Actors))
	}
	if len(all.Quotes) != 4 || len(all.Actors) < 5 {
		t.Errorf("All: %d quotes (want 4), %d actors (want 5 or more): %+v", len(all.Quotes), len(all.Actors), all.Actors)
	}
	for i := 1; i < len(all.Quotes); i++ {
		if all.Quotes[i].Start < all.Quotes[i-1].Start {
			t.Errorf("All quotes are not in text order")
		}
	}
}

func TestLineKindCreditsAndRights(t *testing.T) {
	for line, want := range map[string]BlockKind{
		"Photo: Residents line up to speak at City Hall on Tuesday. (Dana Whitfield / Millbrook Times)": Caption,
		"Image credit: NASA/JPL-Caltech":                                     Caption,
		"Firefighters work at the scene on Monday. (AP Photo/Jane Doe)":      Caption,
		"Crowds gathered outside. (Maria Lopez / Example News)":              Caption,
		"Copyright 2025 Millbrook Times. All rights reserved.":               Aside,
		"© 2024 Example Media Ltd":                                           Aside,
		"The mayor said the photo showed a crowd of about 300 people.":       Paragraph,
		"Photography is a hobby for many of the council's members, he said.": Paragraph,
		"The ratio fell from 3 / 4 to 1 / 2 over the decade.":                Paragraph,
	} {
		if got := lineKind(line, "", false); got != want {
			t.Errorf("lineKind(%q) = %v, want %v", line, got, want)
		}
	}
}

// A headline runs longer than a section heading: a long first line without
// closing punctuation is the title, a line as long later on is prose that
// lost its stop.
func TestLineKindLongHeadline(t *testing.T) {
	line := "Alaskan halibut, caught by a century-old Seattle boat, gives a glimpse of a grocer's plans for its fish counters"
	if got := lineKind(line, "", true); got != Title {
		t.Errorf("first line %q is %v, want a title", line, got)
	}
	if got := lineKind(line, "", false); got != Paragraph {
		t.Errorf("later line %q is %v, want a paragraph", line, got)
	}
}

// A text whose last line is a heading without a final line break once
// sliced past its end.
func TestInferBlocksLastLineHeading(t *testing.T) {
	for _, text := range []string{"The harbour wall reopened on Monday.\n\nThe End", "000\n0", "Title"} {
		blocks := InferBlocks("", text)
		if len(blocks) == 0 || blocks[len(blocks)-1].End != len(text) {
			t.Errorf("InferBlocks(%q) = %+v, want blocks up to the end", text, blocks)
		}
	}
}

// A post told wholly in list items gets its summary from the items that read
// as prose; when paragraphs exist, list items stay out of it.
func TestSummaryFallsBackToListItems(t *testing.T) {
	items := "Release Notes for Harbour 2.4\n\n" +
		"• The map view now loads tide tables for every harbour on the west coast.\n\n" +
		"• Offline mode keeps the last seven days of forecasts on the phone.\n\n" +
		"• Dark theme\n\n" +
		"• Crash reports are now sent only after the user agrees to share them.\n"
	d := Make("", items, Options{})
	if len(d.Summary) == 0 {
		t.Fatal("no summary from a text of list items")
	}
	for _, s := range d.Summary {
		if s.Text == "Dark theme" || strings.HasPrefix(s.Text, "•") {
			t.Errorf("summary sentence %q is list mark-up, not prose", s.Text)
		}
	}
	withProse := "Harbour 2.4 is out today with offline forecasts and a faster map for sailors on the coast.\n\n" + items[len("Release Notes for Harbour 2.4\n\n"):]
	for _, s := range Make("", withProse, Options{}).Summary {
		if !strings.HasPrefix(s.Text, "Harbour 2.4 is out") {
			t.Errorf("summary sentence %q comes from a list item though a paragraph exists", s.Text)
		}
	}
}
