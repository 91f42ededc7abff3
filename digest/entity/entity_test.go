package entity

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/digestbot/digestbot/digest/entity/tagger"
)

type want struct {
	text string
	kind Kind
}

// recognizeCase is a text and the mentions Recognize should find in it.
type recognizeCase struct {
	name string
	in   string
	want []want
}

var recognizeCases = []recognizeCase{
	{
		"person with title, org, place",
		"Elena Kovac, a geopolitical analyst at the Brookings Institution in Washington, said the decision surprised markets.",
		[]want{{"Elena Kovac", Person}, {"Brookings Institution", Org}, {"Washington", Place}},
	},
	{
		"possessive is not part of the name",
		"The European Central Bank's decision came after Mr. Kovac's warning.",
		[]want{{"European Central Bank", Org}, {"Kovac", Person}},
	},
	{
		"titles stay outside the name; U.S. is a place",
		"German Chancellor Olaf Scholz met U.S. President Joe Biden in Berlin on Tuesday.",
		[]want{{"Olaf Scholz", Person}, {"U.S.", Place}, {"Joe Biden", Person}, {"Berlin", Place}},
	},
	{
		"initials and abbreviations",
		"Dr. Maria Lopez of Harvard University told Reuters that Apple Inc. would invest in New York.",
		[]want{{"Maria Lopez", Person}, {"Harvard University", Org}, {"Reuters", Org}, {"Apple Inc.", Org}, {"New York", Place}},
	},
	{
		"curly quotes around speech",
		"“We’re not done yet,” said Sen. Elizabeth Warren, a Democrat from Massachusetts.",
		[]want{{"Elizabeth Warren", Person}, {"Massachusetts", Place}},
	},
	{
		"headline line, then a dateline and body",
		"Kovac warns ECB over rates\nFRANKFURT (Reuters) - Elena Kovac warned the ECB on Thursday.",
		[]want{{"Kovac", Person}, {"ECB", Org}, {"FRANKFURT", Place}, {"Reuters", Org}, {"Elena Kovac", Person}, {"ECB", Org}},
	},
	{
		"an organisation CoNLL never saw, opening a sentence",
		"The European Central Bank said on Thursday it would wait.",
		[]want{{"European Central Bank", Org}},
	},
	{
		"a sentence-case headline's common noun is no name; trailing \"and\" is trimmed",
		"Central bank warns of slower growth\nAnalysts at Goldman Sachs and elsewhere disagreed.",
		[]want{{"Goldman Sachs", Org}},
	},
	{
		"middle initials and a surname the tagger typed apart",
		"Former President George W. Bush and John F. Kennedy Jr. were mentioned by Sen. Mitch McConnell on Monday.",
		[]want{{"George W. Bush", Person}, {"John F. Kennedy Jr.", Person}, {"Mitch McConnell", Person}},
	},
	{
		"particles and apostrophes inside names",
		"Syrian President Bashar al-Assad met Charles de Gaulle's grandson in Damascus.",
		[]want{{"Bashar al-Assad", Person}, {"Charles de Gaulle", Person}, {"Damascus", Place}},
	},
	{
		"a town named after \"the town of\" is a place in every mention",
		"In 1931 the town of Harwick covered its river. Harwick's engineers now regret it.",
		[]want{{"Harwick", Place}, {"Harwick", Place}},
	},
	{
		"a speaker after \"said\" with an occupation appositive is a person",
		"“Shops follow the people,” said Sofia Marin, a landscape architect in Rotterdam.",
		[]want{{"Sofia Marin", Person}, {"Rotterdam", Place}},
	},
	{"no entities", "the cat sat on the mat and nothing else happened.", nil},
}

func TestRecognize(t *testing.T) {
	for _, tt := range recognizeCases {
		t.Run(tt.name, func(t *testing.T) { checkRecognize(t, tt) })
	}
}

// checkRecognize compares Recognize's mentions with the case's, in order,
// and checks that every mention's text is its span of the input.
func checkRecognize(t *testing.T, tt recognizeCase) {
	t.Helper()
	var got []want
	for _, m := range Recognize(tt.in) {
		if tt.in[m.Start:m.End] != m.Text {
			t.Errorf("mention %q has span [%d,%d) = %q", m.Text, m.Start, m.End, tt.in[m.Start:m.End])
		}
		got = append(got, want{m.Text, m.Kind})
	}
	if len(got) != len(tt.want) {
		t.Fatalf("Recognize(%q)\n got %v\nwant %v", tt.in, got, tt.want)
	}
	for i := range got {
		if got[i] != tt.want[i] {
			t.Errorf("mention %d = %v, want %v", i, got[i], tt.want[i])
		}
	}
}

func TestRecognizeBadInput(t *testing.T) {
	inputs := []string{
		"",
		"\xff\xfe\xfd\x00\x01",
		"Elena \xc3\x28Kovac visited \xe2\x82 Paris\xff.",
		strings.Repeat("\x00\x9f\xee BINARY ", 200),
		strings.Repeat("'", 500) + strings.Repeat("-", 500) + strings.Repeat(".", 500),
		strings.Repeat("A ", 3000),
		"’s 's n't ’ “ ” — – …",
	}
	for _, in := range inputs {
		ms := Recognize(in)
		for _, m := range ms {
			if m.Start < 0 || m.End > len(in) || m.Start >= m.End || in[m.Start:m.End] != m.Text {
				t.Fatalf("Recognize(%q): bad mention %+v", in, m)
			}
		}
		for _, a := range Actors(in, ms) {
			if a.Mentions != len(a.Spans) || a.Name == "" {
				t.Fatalf("Actors(%q): bad actor %+v", in, a)
			}
		}
	}
	// Mentions that do not fit the text are ignored, not trusted.
	if got := Actors("short", []Mention{{Text: "Kovac", Start: 3, End: 40, Kind: Person}, {Text: "x", Start: -1, End: 2}}); len(got) != 0 {
		t.Errorf("out-of-range mentions became actors: %+v", got)
	}
}

func TestRecognizeLongTextInSegments(t *testing.T) {
	old := segmentBytes
	segmentBytes = 300
	defer func() { segmentBytes = old }()
	para := "Elena Kovac of the Brookings Institution spoke in Washington on Tuesday about rates.\n\n"
	text := strings.Repeat(para, 20) + strings.Repeat("x", 700) + " Kovac said."
	ms := Recognize(text)
	people := 0
	for _, m := range ms {
		if text[m.Start:m.End] != m.Text {
			t.Fatalf("mention %+v does not match its span", m)
		}
		if m.Text == "Elena Kovac" {
			people++
		}
	}
	if people != 20 {
		t.Errorf("found Elena Kovac %d times across segments, want 20", people)
	}
}

func TestRecognizeConcurrently(t *testing.T) {
	const text = "Elena Kovac of the Brookings Institution spoke in Washington."
	want := len(Recognize(text))
	done := make(chan int)
	for range 4 {
		go func() { done <- len(Recognize(text)) }()
	}
	for range 4 {
		if got := <-done; got != want {
			t.Errorf("concurrent Recognize found %d mentions, want %d", got, want)
		}
	}
}

// TestNoNameGluedToCJK: Chinese, Japanese and Korean put no space between
// words, so a Latin name there comes glued to the words around it.
func TestNoNameGluedToCJK(t *testing.T) {
	text := "迷惑なことこの上なし。\n\nしかもKindle for PCの設定画面からでは、このショートカットキーの設定を変更することができません。SBS는 KBS와 다르다."
	for _, m := range Recognize(text) {
		for _, r := range m.Text {
			if unspacedScript(r) {
				t.Errorf("mention %q keeps the words glued to it", m.Text)
				break
			}
		}
	}
	for in, want := range map[string]string{"しかもKindle": "Kindle", "SBS는": "SBS", "北京": "北京", "Kindle版": "Kindle"} {
		s, e := latinCore(in, 0, len(in))
		if in[s:e] != want {
			t.Errorf("latinCore(%q) = %q, want %q", in, in[s:e], want)
		}
	}
}

// TestNoNameRunsOverOr: names join with "and" or "of", never with "or".
func TestNoNameRunsOverOr(t *testing.T) {
	text := "That makes Anzac Day the exception. If Easter, Christmas, Australia Day, the Queen's Birthday or Labour Day fall on a weekend, a holiday is granted on a weekday."
	for _, m := range Recognize(text) {
		if strings.Contains(m.Text, " or ") {
			t.Errorf("mention %q runs over an \"or\"", m.Text)
		}
	}
}

// TestCreditGluedToWord: "(CNN)A Delaware family" names CNN and Delaware,
// not "CNN)A Delaware".
func TestCreditGluedToWord(t *testing.T) {
	text := "(CNN)A Delaware family became ill while on vacation in the U.S. Virgin Islands. (CNN)“Rescuers pulled a man from the rubble in Kathmandu,” officials said."
	for _, m := range Recognize(text) {
		if strings.ContainsAny(m.Text, "()") {
			t.Errorf("mention %q holds a bracket", m.Text)
		}
		if text[m.Start:m.End] != m.Text {
			t.Errorf("mention %q at %d:%d reads %q", m.Text, m.Start, m.End, text[m.Start:m.End])
		}
	}
	toks := splitGluedCredits(tagger.Tokenize("(CNN)A Delaware (x) (a)b"))
	var got []string
	for _, tok := range toks {
		got = append(got, fmt.Sprintf("%s@%d", tok.Text, tok.Start))
	}
	if want := "(@0 CNN@1 )@4 A@5 Delaware@7 (@16 x@17 )@18 (@20 a@21 )@22 b@23"; strings.Join(got, " ") != want {
		t.Errorf("tokens %s, want %s", strings.Join(got, " "), want)
	}
}

// TestRankIsNoPartOfName: police, court and church ranks before a name are
// titles, as CoNLL annotates them; the same words inside an organisation's
// name stay.
func TestRankIsNoPartOfName(t *testing.T) {
	text := "The case was heard by Sheriff Derek O'Carroll at Airdrie Sheriff Court. Detective Constable Vanessa Lewis, of West Midlands Police, said the inquiry would go on."
	got := map[string]Kind{}
	for _, m := range Recognize(text) {
		got[m.Text] = m.Kind
	}
	for _, name := range []string{"Derek O'Carroll", "Vanessa Lewis"} {
		if got[name] != Person {
			t.Errorf("%q: %q, want a person (all: %v)", name, got[name], got)
		}
	}
	for name := range got {
		if strings.HasPrefix(name, "Sheriff ") || strings.HasPrefix(name, "Detective ") {
			t.Errorf("mention %q keeps the rank", name)
		}
	}
}

// TestModifierSuffixIsNoPartOfName: "a Lindsey Graham-type Republican"
// names Lindsey Graham; "Ban Ki-moon" keeps its lower-case syllable.
func TestModifierSuffixIsNoPartOfName(t *testing.T) {
	text := "Voters did not want a Lindsey Graham-type Republican, said Ban Ki-moon, and the Kremlin-backed group agreed."
	for _, m := range Recognize(text) {
		if strings.Contains(m.Text, "-type") || strings.Contains(m.Text, "-backed") {
			t.Errorf("mention %q keeps the modifier", m.Text)
		}
		if strings.HasPrefix(m.Text, "Ban") && m.Text != "Ban Ki-moon" {
			t.Errorf("mention %q, want Ban Ki-moon whole", m.Text)
		}
	}
}

// TestWeightFileReadsInPlace: the tagger reads the embedded weights in
// place only when they sit at a slot's alignment (8 bytes, after the
// 32-byte header); elsewhere it decodes a copy, 10 MB and 10 ms more at
// every start.
func TestWeightFileReadsInPlace(t *testing.T) {
	if p := uintptr(unsafe.Pointer(unsafe.SliceData(weightFile))); p%8 != 0 {
		t.Errorf("embedded weights at %#x, not 8-byte aligned", p)
	}
	if err := Load(); err != nil {
		t.Fatal(err)
	}
}
