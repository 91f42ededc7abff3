package eval

import (
	"math"
	"reflect"
	"testing"
)

func TestParseQuoteAnn(t *testing.T) {
	// "é" and "“" are one code point each but two and three bytes: the
	// annotation's code-point offsets must land on the same characters.
	text := "Café owner “We won,” Renée said. She said it was “fine” today. Not quoted here."
	ann := "T1\tContent 11 20\t“We won,”\n" +
		"T2\tSource 21 26\tRenée\n" +
		"T3\tCue 27 31\tsaid\n" +
		"E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\n" +
		"T4\tSource 33 36\tShe\n" +
		"T5\tContent 42 55;56 61\tit was “fine” today\n" +
		"E2\tAttribution:T3 Source:T4 Content:T5\n" +
		"T6\tContent 63 76\tNot quoted he\n" +
		"E3\tAttribution-no-source:T3 Content:T6\n" +
		"#1\tAnnotatorNotes T1\ta note\nspanning two lines\n"
	got, err := ParseQuoteAnn(text, ann)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d gold quotes, want 2 (the third content has no quote mark): %+v", len(got), got)
	}
	if s := text[got[0].Spans[0][0]:got[0].Spans[0][1]]; s != "“We won,”" || got[0].Source != "Renée" {
		t.Errorf("first = %q from %q", s, got[0].Source)
	}
	if len(got[1].Spans) != 2 || text[got[1].Spans[0][0]:got[1].Spans[0][1]] != "it was “fine”" {
		t.Errorf("discontinuous span not read: %+v", got[1].Spans)
	}
	if _, err := ParseQuoteAnn("short", "T1\tContent 0 99\tx\n"); err == nil {
		t.Error("span past the end of the text was accepted")
	}
}

func TestQuoteCountsOverlapModes(t *testing.T) {
	text := make([]byte, 200)
	gold := []GoldQuote{
		{Spans: [][2]int{{0, 100}}, Source: "Elena Kovac"},
		{Spans: [][2]int{{120, 140}, {150, 160}}, Source: "he"},
	}
	found := []FoundQuote{
		{Start: 20, End: 180, Speaker: "Kovac"}, // covers 80 of gold 1 (and gold 2 wholly)
		{Start: 118, End: 142, Speaker: "Smith"},
		{Start: 190, End: 200},
	}
	tests := []struct {
		mode             OverlapMode
		matched, spRight int
	}{
		// Gold in text order takes the best free found quote:
		// overlap/gold: gold 0 ← found 0 (0.8), gold 1 ← found 1 (20/30).
		{OverlapGold, 2, 1},
		// overlap/longer: 80/160 = 0.5 matches gold 0; found 1 vs gold 1: 20/30.
		{OverlapLonger, 2, 1},
		// overlap/union: 80/180 < 0.5; 20/34 ≥ 0.5.
		{OverlapUnion, 1, 0},
		{OverlapShorter, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.mode.String(), func(t *testing.T) {
			var c QuoteCounts
			c.Add(string(text), gold, found, tt.mode)
			if c.Gold != 2 || c.Found != 3 || c.Matched != tt.matched {
				t.Fatalf("counts = %+v, want matched %d", c, tt.matched)
			}
			// Only Elena Kovac is a named source; "he" is not scored.
			if c.SpeakerRight != tt.spRight || c.SpeakerGold != tt.spRight {
				t.Errorf("speaker = %d/%d, want %d/%d", c.SpeakerRight, c.SpeakerGold, tt.spRight, tt.spRight)
			}
		})
	}
}

func TestQuoteCountsOneToOne(t *testing.T) {
	// One long found quote covering two gold quotes matches only one.
	gold := []GoldQuote{{Spans: [][2]int{{0, 10}}}, {Spans: [][2]int{{10, 20}}}}
	var c QuoteCounts
	c.Add("", gold, []FoundQuote{{Start: 0, End: 20}}, OverlapGold)
	if c.Matched != 1 {
		t.Fatalf("matched %d, want 1", c.Matched)
	}
	p, r, f := c.Precision(), c.Recall(), c.F1()
	if math.Abs(p-1) > 1e-9 || math.Abs(r-0.5) > 1e-9 || math.Abs(f-2.0/3) > 1e-9 {
		t.Errorf("P/R/F1 = %v/%v/%v, want 1/0.5/0.667", p, r, f)
	}
	var empty QuoteCounts
	if empty.F1() != 0 || empty.SpeakerAccuracy() != 0 {
		t.Error("empty counts should score 0, not NaN")
	}
}

func TestSourceName(t *testing.T) {
	tests := map[string]string{
		"Mr. Garrow":                           "Garrow",
		"he":                                   "",
		"She":                                  "",
		"the senator":                          "",
		"the Republican":                       "",
		"The New York businessman":             "",
		"a spokesman for the mayor's campaign": "",
		"Nadia Brill, who served under Lowe":   "Brill",
		"Sen. Maria Holt (I-Vt.)":              "Holt",
		"Garrow’s":                             "Garrow",
		"Secretary of State Alan Porter":       "Porter",
		"Ray Tobin of digital firm Kestrel":    "Tobin",
		// An office before "of" with words before it: the name follows
		// the office's complement.
		"Former Secretary of State Ruth Porter":          "Porter",
		"RNC Chief of Staff Katie Walsh":                 "Walsh",
		"UMWA Director of Government Affairs Phil Smith": "Smith",
		"Robert Gordon of Northwestern University":       "Gordon",
		"Former Secretary of the Navy Ola Brandvik":      "Brandvik",
		"the authors of the Harbour Report":              "",
		"the Washington Post":                            "Post",
		// Definite descriptions are no names, whatever capitals they hold.
		"the senator from Vermont":                          "",
		"the former top aide to President George W. Bush":   "",
		"the order released Friday":                         "",
		"the Wisconsin Republican":                          "",
		"the Council on Foreign Relations Director Ann Lee": "Lee",
		"the New York Times":                                "Times",
		"":                                                  "",
	}
	for in, want := range tests {
		if got := SourceName(in); got != want {
			t.Errorf("SourceName(%q) = %q, want %q", in, got, want)
		}
	}
	if !reflect.DeepEqual(LastNameToken("Elena  Kovac's"), "Kovac") {
		t.Error("LastNameToken should drop the possessive")
	}
}
