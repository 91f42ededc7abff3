package digest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMake runs the whole engine on arbitrary text and checks what every
// caller relies on: no panic, summary sentences and quotes that index the
// text verbatim, actors with a name and mentions inside the text.
func FuzzMake(f *testing.F) {
	for _, seed := range []string{
		"NASA Administrator Jim Bridenstine said “we will go” on Monday. Ted Cruz agreed.",
		"Maersk, the Danish shipping group, said so. The Department of Public Safety and the Commission met.",
		"Photo: A crowd (Jane Doe / Example News)\n\nCopyright 2025 Example. All rights reserved.",
		"“One. Two. Three,” he said. Why? South Dakota Gov. Kristi Noem, D-Minn, https://t.co/x $300M.",
		"(Reuters) — The company said. I’m sure, Maybe said. Head said “yes”.",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || len(text) > 1<<14 {
			return
		}
		d := Make("", text, Options{All: true})
		for _, s := range d.Summary {
			if s.Start < 0 || s.End > len(text) || s.Start > s.End || text[s.Start:s.End] != s.Text {
				t.Fatalf("summary %q at %d-%d does not index the text", s.Text, s.Start, s.End)
			}
		}
		for _, q := range d.Quotes {
			if q.Start < 0 || q.End > len(text) || q.Start > q.End || text[q.Start:q.End] != q.Text {
				t.Fatalf("quote %q at %d-%d does not index the text", q.Text, q.Start, q.End)
			}
			if strings.ContainsAny(q.Speaker, "\n\r") {
				t.Fatalf("speaker %q holds a line break", q.Speaker)
			}
		}
		for _, a := range d.Actors {
			if strings.TrimSpace(a.Name) == "" || len(a.Spans) == 0 {
				t.Fatalf("actor %+v has no name or no mention", a)
			}
			for _, sp := range a.Spans {
				if sp[0] < 0 || sp[1] > len(text) || sp[0] >= sp[1] {
					t.Fatalf("actor %q has a mention at %v outside the text", a.Name, sp)
				}
			}
		}
	})
}
