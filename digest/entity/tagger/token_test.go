package tagger

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func texts(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string // tokens separated by |
	}{
		{"Elena Kovac's view.", "Elena|Kovac|'s|view|."},
		{"Kovac’s view", "Kovac|’s|view"},
		{`"It failed," he said.`, `"|It|failed|,|"|he|said|.`},
		{"“We’re done,” she said", "“|We|’re|done|,|”|she|said"},
		{"the U.S. economy grew 3.5%.", "the|U.S.|economy|grew|3.5%|."},
		{"It hit the U.S.", "It|hit|the|U.S."},
		{"Mr. J. R. Smith (Dr. Who) met Gen. Lee at 9 a.m. today.", "Mr.|J.|R.|Smith|(|Dr.|Who|)|met|Gen.|Lee|at|9|a.m.|today|."},
		{"He fell ill. Then", "He|fell|ill|.|Then"},
		{"Sen. Mitch McConnell (R-Ky.).", "Sen.|Mitch|McConnell|(|R-Ky|.|)|."},
		{"George W. Bush", "George|W.|Bush"},
		{"an all-rounder from Anglo-Irish stock", "an|all-rounder|from|Anglo-Irish|stock"},
		{"war—and peace -- maybe", "war|—|and|peace|--|maybe"},
		{"don't can't", "do|n't|ca|n't"},
		{"players' union", "players|'|union"},
		{"O'Brien's goal", "O'Brien|'s|goal"},
		{"Wait... what?!", "Wait|...|what|?|!"},
		// CoNLL text joined with spaces must come back as its own tokens.
		{"Kovac 's view , U.S. ( Reuters ) n't \" -", "Kovac|'s|view|,|U.S.|(|Reuters|)|n't|\"|-"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			toks := Tokenize(tt.in)
			got := strings.Join(texts(toks), "|")
			if got != tt.want {
				t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			for _, tok := range toks {
				if tt.in[tok.Start:tok.End] != tok.Text {
					t.Errorf("token %q has span [%d,%d) = %q", tok.Text, tok.Start, tok.End, tt.in[tok.Start:tok.End])
				}
			}
		})
	}
}

func TestTokenizeSentenceStarts(t *testing.T) {
	toks := Tokenize(`Rates rose. Kovac said so` + "\n" + `Headline Here. "We know," he said, "The plan" (Some said)`)
	var starts []string
	for _, tok := range toks {
		if tok.SentStart {
			starts = append(starts, tok.Text)
		}
	}
	if want := []string{"Rates", "Kovac", "Headline", `"`, "We", "The"}; !reflect.DeepEqual(starts, want) {
		t.Errorf("sentence starts = %v, want %v", starts, want)
	}
}

func TestTokenizeNeverLosesBytes(t *testing.T) {
	inputs := []string{
		"\xff\xfe\x00abc \xc3\x28 Kovac\xe2\x82's",
		strings.Repeat("'", 10) + " " + strings.Repeat(".", 7) + " -- — “”",
		"\x00\x01\x02 binary\x7f junk \xed\xa0\x80",
		"''s ’’s 's. n't.",
	}
	for _, in := range inputs {
		toks := Tokenize(in)
		var b strings.Builder
		last := 0
		for _, tok := range toks {
			if tok.Start < last || tok.End <= tok.Start || tok.End > len(in) {
				t.Fatalf("Tokenize(%q): bad span %+v after %d", in, tok, last)
			}
			last = tok.End
			b.WriteString(tok.Text)
		}
		stripped := strings.Map(func(r rune) rune {
			if isSpace(r) {
				return -1
			}
			return r
		}, in)
		if utf8.ValidString(in) && b.String() != stripped {
			t.Errorf("Tokenize(%q) lost text: %q", in, b.String())
		}
	}
}
