package sentence

import (
	"math"
	"math/rand"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func texts(ss []Sentence) []string {
	if len(ss) == 0 {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Text
	}
	return out
}

// splitCase is one input and the sentences Split must find in it.
type splitCase struct {
	name string
	in   string
	want []string
}

func runSplitCases(t *testing.T, tests []splitCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.in)
			if !reflect.DeepEqual(texts(got), tt.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.in, texts(got), tt.want)
			}
			checkInvariants(t, tt.in, got)
		})
	}
}

// Paragraphs, lines, lists, bylines and datelines.
func TestSplitLayout(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"empty", "", nil},
		{"spaces only", " \n\t \n\n ", nil},
		{"one sentence no stop", "Breaking news", []string{"Breaking news"}},
		{"paragraphs without stops", "Headline here\n\nThe body starts. It goes on.",
			[]string{"Headline here", "The body starts.", "It goes on."}},
		{"blank line with spaces", "Line one\n  \nLine two", []string{"Line one", "Line two"}},
		{"crlf paragraphs", "One\r\n\r\nTwo.", []string{"One", "Two."}},
		{"single newline is wrapping", "This sentence is\nwrapped. Next.", []string{"This sentence is\nwrapped.", "Next."}},
		{"bullets", "Key points:\n- Prices rose\n- Wages fell\n* Rents flat\n• Jobs up",
			[]string{"Key points:", "Prices rose", "Wages fell", "Rents flat", "Jobs up"}},
		{"numbered list", "Steps:\n1. Buy milk\n2. Drink it.\n3) Sleep", []string{"Steps:", "1. Buy milk", "2. Drink it.", "3) Sleep"}},
		{"numbered item at start", "1. First item. Then more.", []string{"1. First item.", "Then more."}},
		{"dailymail byline dots", "By . Daily Mail Reporter . PUBLISHED: 12:01 EST, 1 May 2014 . The story.",
			[]string{"By .", "Daily Mail Reporter .", "PUBLISHED: 12:01 EST, 1 May 2014 .", "The story."}},
		{"cnn dateline", "(CNN)A visit to a lighthouse. The oldest ferry.", []string{"(CNN)A visit to a lighthouse.", "The oldest ferry."}},
	})
}

// Sentence ends: ! ? ellipses, and stops inside quotes and brackets.
func TestSplitPunctuation(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"two plain", "The cat sat. The dog ran.", []string{"The cat sat.", "The dog ran."}},
		{"question and exclamation", "Who won? We did! Great.", []string{"Who won?", "We did!", "Great."}},
		{"interrobang run", "Really?! Yes.", []string{"Really?!", "Yes."}},
		{"ellipsis mid", "Well... maybe not. Fine.", []string{"Well... maybe not.", "Fine."}},
		{"ellipsis end", "Then we waited... A bus came.", []string{"Then we waited...", "A bus came."}},
		{"unicode ellipsis", "He paused… Then he spoke.", []string{"He paused…", "Then he spoke."}},
		{"closing double quote", `He said: "We won." Then he left.`, []string{`He said: "We won."`, "Then he left."}},
		{"curly quotes", "“We won,” he said. “It was hard.” She agreed.",
			[]string{"“We won,” he said.", "“It was hard.”", "She agreed."}},
		{"single curly", "‘I’d take the job tomorrow.’ Reyes said it.", []string{"‘I’d take the job tomorrow.’", "Reyes said it."}},
		{"question in quotes then lower", `"What now?" he asked. "Nothing."`, []string{`"What now?" he asked.`, `"Nothing."`}},
		{"exclaim in quote then opener", `"Run!" The crowd ran.`, []string{`"Run!"`, "The crowd ran."}},
		{"paren after stop", "It rose (see chart.) Then it fell.", []string{"It rose (see chart.)", "Then it fell."}},
		{"question then paren", "Is it? (Nobody knows.) Fine.", []string{"Is it?", "(Nobody knows.)", "Fine."}},
		{"next sentence opens with quote", `He left. "Goodbye," he said.`, []string{"He left.", `"Goodbye," he said.`}},
		{"non english", "Das ist gut. Wir gehen jetzt! Ça va?", []string{"Das ist gut.", "Wir gehen jetzt!", "Ça va?"}},
		{"trailing space", "  Padded sentence.   ", []string{"Padded sentence."}},
	})
}

// Full stops that do not end a sentence: titles, initials, decimals, times,
// months, companies, URLs.
func TestSplitAbbreviations(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"titles", "Dr. Smith met Mr. Jones and Mrs. Brown. Gen. Lee and Sen. Walsh left.",
			[]string{"Dr. Smith met Mr. Jones and Mrs. Brown.", "Gen. Lee and Sen. Walsh left."}},
		{"more titles", "Ms. Arlow, Rep. Okonkwo-Diaz, Gov. Neeson, Lt. Col. Varga and Prof. Halden spoke.",
			[]string{"Ms. Arlow, Rep. Okonkwo-Diaz, Gov. Neeson, Lt. Col. Varga and Prof. Halden spoke."}},
		{"US mid sentence", "She sailed to the U.S. from Chile in 1987. She was ten.",
			[]string{"She sailed to the U.S. from Chile in 1987.", "She was ten."}},
		{"US before proper noun", "The U.S. Army said so. Then it left.",
			[]string{"The U.S. Army said so.", "Then it left."}},
		{"US at sentence end", "He flew back to the U.S. He was tired.",
			[]string{"He flew back to the U.S.", "He was tired."}},
		{"UK end", "Prices rose in the U.K. The Bank acted.", []string{"Prices rose in the U.K.", "The Bank acted."}},
		{"initials", "J. K. Varga and Henry W. Abbott met. They talked.",
			[]string{"J. K. Varga and Henry W. Abbott met.", "They talked."}},
		{"initial at end", "He ranked first in Group A. It was close.", []string{"He ranked first in Group A.", "It was close."}},
		{"decimals and money", "Growth was 3.5 per cent. Profit hit $1.2bn. Shares rose 0.7%.",
			[]string{"Growth was 3.5 per cent.", "Profit hit $1.2bn.", "Shares rose 0.7%."}},
		{"times", "The fire started at 10 a.m. on Monday and ended by 4 p.m. Police arrived later.",
			[]string{"The fire started at 10 a.m. on Monday and ended by 4 p.m.", "Police arrived later."}},
		{"time before name", "At 4 p.m. Smith arrived.", []string{"At 4 p.m. Smith arrived."}},
		{"time then opener", "It ended at 4 p.m. The crowd left.", []string{"It ended at 4 p.m.", "The crowd left."}},
		{"months", "On Jan. 5 and Feb. 12 the board met. It voted.", []string{"On Jan. 5 and Feb. 12 the board met.", "It voted."}},
		{"month at end", "The law takes effect in Sept. The cost is high.", []string{"The law takes effect in Sept.", "The cost is high."}},
		{"companies", "Apple Inc. and Acme Corp. sued Foo Ltd. and Bar Co. yesterday. They lost.",
			[]string{"Apple Inc. and Acme Corp. sued Foo Ltd. and Bar Co. yesterday.", "They lost."}},
		{"company at end", "He works for Acme Inc. The firm denied it.", []string{"He works for Acme Inc.", "The firm denied it."}},
		{"number sign", "He lives at No. 10 Elm Street. He is in.", []string{"He lives at No. 10 Elm Street.", "He is in."}},
		{"no as a word", "She said no. He left.", []string{"She said no.", "He left."}},
		{"saint and street", "They flew to St. Louis. He lives on Main St. The house is big.",
			[]string{"They flew to St. Louis.", "He lives on Main St.", "The house is big."}},
		{"latin", "Fruit, e.g. apples, i.e. the red ones, and pears etc. are sold. Smith vs. Jones went on.",
			[]string{"Fruit, e.g. apples, i.e. the red ones, and pears etc. are sold.", "Smith vs. Jones went on."}},
		{"etc at end", "They sold pens, paper etc. The shop closed.", []string{"They sold pens, paper etc.", "The shop closed."}},
		{"hyphenated abbreviation", "The U.S.-led force moved. It won.", []string{"The U.S.-led force moved.", "It won."}},
		{"title lowercase word", "He is a sales rep. The job pays.", []string{"He is a sales rep.", "The job pays."}},
		{"sun as word", "They lay in the sun. Police came.", []string{"They lay in the sun.", "Police came."}},
		{"jr", "Samuel Lee Abbott Jr. spoke. He left.", []string{"Samuel Lee Abbott Jr. spoke.", "He left."}},
		{"phd", "She has a Ph.D. in physics. She teaches.", []string{"She has a Ph.D. in physics.", "She teaches."}},
		{"url", "Visit www.example.com/news.html today. Or e-mail jane.doe@example.co.uk now.",
			[]string{"Visit www.example.com/news.html today.", "Or e-mail jane.doe@example.co.uk now."}},
		{"url at end", "Details at https://example.org/a.b. More later.", []string{"Details at https://example.org/a.b.", "More later."}},
		{"year then number", "It closed in 2014. 2015 was better.", []string{"It closed in 2014.", "2015 was better."}},
	})
}

func TestSplitOffsets(t *testing.T) {
	in := "  Hello there.  Dr. Who?\n\nYes!"
	got := Split(in)
	want := []Sentence{
		{Text: "Hello there.", Start: 2, End: 14},
		{Text: "Dr. Who?", Start: 16, End: 24},
		{Text: "Yes!", Start: 26, End: 30},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Split(%q) = %+v, want %+v", in, got, want)
	}
}

// checkInvariants asserts the contract every caller relies on: sentences are
// verbatim, trimmed, in order and non-overlapping.
func checkInvariants(t *testing.T, text string, ss []Sentence) {
	t.Helper()
	prevEnd := 0
	for i, s := range ss {
		if s.Start < prevEnd || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("sentence %d has bad offsets [%d,%d) after %d (len %d)", i, s.Start, s.End, prevEnd, len(text))
		}
		if text[s.Start:s.End] != s.Text {
			t.Fatalf("sentence %d: Text %q != text[%d:%d] %q", i, s.Text, s.Start, s.End, text[s.Start:s.End])
		}
		if strings.TrimSpace(s.Text) != s.Text {
			t.Fatalf("sentence %d not trimmed: %q", i, s.Text)
		}
		prevEnd = s.End
	}
}

func TestSplitJunkNeverPanics(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []string{".", "!", "?", "…", "\n", "\n\n", " ", "\"", "'", "”", "’", "- ", "1. ",
		"Dr", "U.S", "a", "A", "\xff", "\xe2\x80", "\xe2", "(", ")", "e.g"}
	for n := 0; n < 2000; n++ {
		var b strings.Builder
		for k := rng.Intn(40); k > 0; k-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		in := b.String()
		checkInvariants(t, in, Split(in))
	}
	bin := make([]byte, 4096)
	rng.Read(bin)
	checkInvariants(t, string(bin), Split(string(bin)))
	if utf8.ValidString(string(bin)) {
		t.Fatal("expected invalid UTF-8 junk")
	}
}

// TestSplitLinear guards against quadratic behaviour on long inputs without
// boundaries or with many abbreviations: ten times the input must take about
// ten times as long (a quadratic splitter would take a hundred times; the
// bound, 30, leaves room for a busy machine).
func TestSplitLinear(t *testing.T) {
	for _, unit := range []string{"word ", "U.S. ", ". ", "x.y", "\n", "..."} {
		long := strings.Repeat(unit, 200000)
		checkInvariants(t, long, Split(long))
		small, large := strings.Repeat(unit, 1000), strings.Repeat(unit, 10000)
		if raceDetector {
			continue // timed only without the race detector
		}
		ratio := float64(fastest(large)) / float64(max(fastest(small), 1))
		if testing.Verbose() {
			t.Logf("%q: 10x the input, %.1fx the time", unit, ratio)
		}
		if ratio > 30 {
			t.Errorf("%q: 10x the input took %.0fx the time; want about 10x", unit, ratio)
		}
	}
}

// fastest is the quickest of several calls of Split on in: on a busy
// machine the one no other process interrupted. The collector is off
// meanwhile: it rescans the growing result, which would time the collector
// rather than Split.
func fastest(in string) time.Duration {
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	best := time.Duration(math.MaxInt64)
	for range 15 {
		start := time.Now()
		Split(in)
		best = min(best, time.Since(start))
	}
	return best
}

var benchText = strings.Repeat(`Tomas Reyes will be named Harbourside's head coach on Friday - nine weeks after the board first offered him the role. `+
	`The Eastfield Road club plans to make the news public on Friday afternoon, and the former Millbrook coach is to sign a two-year contract. `+
	`"It is the job I always wanted," said Reyes. Dr. J. K. Smith of the U.S. Army said profits rose 3.5 per cent to $1.2bn at 10 a.m. on Jan. 5... `+
	`Is it true? (Nobody knows.)`+"\n\n", 20)

func BenchmarkSplit(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		Split(benchText)
	}
}
