package summary

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/digest/sentence"
)

func selectTexts(title, text string, n int) []string {
	var out []string
	for _, s := range Select(title, text, sentence.Split(text), n) {
		out = append(out, s.Text)
	}
	return out
}

// checkVerbatim asserts the contract callers rely on: verbatim spans in
// text order, no overlaps, at most n.
func checkVerbatim(t *testing.T, text string, got []sentence.Sentence, n int) {
	t.Helper()
	if n <= 0 {
		n = DefaultN
	}
	if len(got) > n {
		t.Fatalf("got %d sentences, want at most %d", len(got), n)
	}
	prevEnd := 0
	for i, s := range got {
		if s.Start < prevEnd || s.End > len(text) || s.Start >= s.End {
			t.Fatalf("sentence %d bad span [%d,%d) after %d", i, s.Start, s.End, prevEnd)
		}
		if text[s.Start:s.End] != s.Text {
			t.Fatalf("sentence %d not verbatim: %q vs %q", i, s.Text, text[s.Start:s.End])
		}
		prevEnd = s.End
	}
}

const bridgeStory = `Grand opening: The mayor of Riverton opened the city's new £40m suspension bridge on Monday after three years of construction. ` +
	`The bridge carries four lanes of traffic across the Tane estuary and is expected to cut journey times by twenty minutes. ` +
	`Mayor Alice Brennan said the project had come in under budget. ` +
	`"This is a proud day for everyone who lives here," she said. ` +
	`Engineers from Halvorsen & Co. tested the structure with 60 loaded lorries in March. ` +
	`Local businesses expect the bridge to bring more visitors to the old town.`

func TestSelectTrimsKickerLabel(t *testing.T) {
	got := selectTexts("", bridgeStory, 3)
	if len(got) == 0 || !strings.HasPrefix(got[0], "The mayor of Riverton opened") {
		t.Fatalf("first sentence %q should start after the kicker label", got)
	}
}

func TestSelectSkipsQuoteOpeners(t *testing.T) {
	for _, s := range selectTexts("", bridgeStory, 3) {
		if strings.HasPrefix(s, `"`) {
			t.Errorf("chose a sentence that opens with a quote: %q", s)
		}
	}
}

func TestSelectSplitsFusedCaption(t *testing.T) {
	// A photo caption runs into the news sentence with no full stop.
	text := `Firefighters tackle the blaze at the Millbrook warehouse on Tuesday night The blaze was brought under control by crews from three counties after six hours. ` +
		`Nobody was hurt, the county fire service said. ` +
		`The warehouse stored furniture for a national retailer, which said deliveries would be delayed. ` +
		`Investigators will return to the site on Thursday to establish the cause of the fire.`
	got := Select("", text, sentence.Split(text), 3)
	checkVerbatim(t, text, got, 3)
	for _, s := range got {
		if strings.Contains(s.Text, "Tuesday night The blaze") {
			t.Errorf("caption still fused: %q", s.Text)
		}
	}
}

func TestSelectDropsBoilerplate(t *testing.T) {
	text := `By . Daily Mail Reporter . PUBLISHED: 12:01 EST, 4 May 2015 . | . UPDATED: 14:22 EST, 4 May 2015 . ` +
		`Scroll down for video A council has banned ice cream vans from parking within 400 yards of every school in the borough. ` +
		`The rule, which starts in September, follows complaints from parents about children buying sweets on the way home. ` +
		`Click here to read the council's full statement on the new rules for vendors. ` +
		`Vendors say the ban will cost them up to half their summer trade. ` +
		`Follow @councilwatch on Twitter for the latest updates from the town hall meeting.`
	got := selectTexts("", text, 3)
	if len(got) != 3 {
		t.Fatalf("got %q, want 3 sentences", got)
	}
	for _, s := range got {
		ls := strings.ToLower(s)
		for _, bad := range []string{"published", "daily mail reporter", "click here", "follow @", "scroll down"} {
			if strings.Contains(ls, bad) {
				t.Errorf("boilerplate %q in summary sentence %q", bad, s)
			}
		}
	}
	if !strings.HasPrefix(got[0], "A council has banned") {
		t.Errorf("first sentence = %q, want the news lead without the video prompt", got[0])
	}
}

func TestSelectDropsDateline(t *testing.T) {
	text := `Port Ellery, Tasmania (CNN)Divers recovered a stolen bronze bell from the harbour two days after it vanished. ` +
		`It was taken to the town museum for cleaning. ` +
		`Officials said the thieves had tried to sell it for scrap metal.`
	got := selectTexts("", text, 3)
	if len(got) == 0 || !strings.HasPrefix(got[0], "Divers recovered") {
		t.Fatalf("got %q, want the dateline dropped", got)
	}
}

func TestSelectSkipsNearDuplicatesAndHeadline(t *testing.T) {
	title := "Riverton opens £40m suspension bridge"
	text := `Riverton opens £40m suspension bridge after three years. ` +
		`The city of Riverton opened its new £40m suspension bridge on Monday after three years of building work. ` +
		`The city of Riverton opened its new £40m suspension bridge on Monday after three years of work. ` +
		`The bridge carries four lanes of traffic across the estuary. ` +
		`Local shops expect more visitors from the north bank.`
	got := selectTexts(title, text, 3)
	dup := 0
	for _, s := range got {
		if strings.HasPrefix(s, "Riverton opens") {
			t.Errorf("restated headline chosen: %q", s)
		}
		if strings.HasPrefix(s, "The city of Riverton opened") {
			dup++
		}
	}
	if dup != 1 {
		t.Errorf("got %q: want exactly one of the two near-identical sentences", got)
	}
}

func TestSelectCountsAndOrder(t *testing.T) {
	sents := sentence.Split(bridgeStory)
	for _, n := range []int{-1, 0, 1, 2, 3, 10} {
		got := Select("", bridgeStory, sents, n)
		checkVerbatim(t, bridgeStory, got, max(n, 0))
		want := DefaultN
		if n > 0 {
			want = min(n, 5) // six sentences; the quote and the label are weaker but the set is small
		}
		if n > 0 && n <= 3 && len(got) != n {
			t.Errorf("n=%d: got %d sentences, want %d", n, len(got), n)
		}
		if n <= 0 && len(got) != want {
			t.Errorf("n=%d: got %d sentences, want the default %d", n, len(got), want)
		}
	}
}

func TestSelectEmptyAndJunk(t *testing.T) {
	if got := Select("", "", nil, 3); len(got) != 0 {
		t.Errorf("empty text gave %v", got)
	}
	if got := Select("title", "   \n\n  ", sentence.Split("   \n\n  "), 3); len(got) != 0 {
		t.Errorf("blank text gave %v", got)
	}
	// Sentences that do not belong to the text must not make it panic.
	if got := Select("", "short", []sentence.Sentence{{Text: "x", Start: 3, End: 99}}, 3); len(got) != 0 {
		t.Errorf("out-of-range sentence gave %v", got)
	}
	rng := rand.New(rand.NewSource(7))
	for range 200 {
		b := make([]byte, rng.Intn(600))
		rng.Read(b)
		text := string(b)
		checkVerbatim(t, text, Select("\xff title", text, sentence.Split(text), 3), 3)
	}
}

func TestPiecesSeams(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"label at start", "High tide: Half of the harbour wall gave way on Sunday.",
			[]string{"Half of the harbour wall gave way on Sunday."}},
		{"speech lead-in is not a label", "Mr Varga said: 'Old boats need new paint.'",
			[]string{"Mr Varga said: 'Old boats need new paint.'"}},
		{"title with a colon is not a label", "The film Dawn of a Harbour: The Story of a Ferryman opens today.",
			[]string{"The film Dawn of a Harbour: The Story of a Ferryman opens today."}},
		{"colon inside a name is not a seam", "The shooter borrows from other games, Halo Infinite finds its voice: a quiet campaign with a big map.",
			[]string{"The shooter borrows from other games, Halo Infinite finds its voice: a quiet campaign with a big map."}},
		{"mid-sentence label", "The ferry left the quay in Port Ellery last Sunday Steady: The ferry carries 300 passengers.",
			[]string{"The ferry left the quay in Port Ellery last Sunday", "The ferry carries 300 passengers."}},
		{"clause opener after a bare word", "Harbourside won four of their first five matches under him He has won over the board.",
			[]string{"Harbourside won four of their first five matches under him", "He has won over the board."}},
		{"subordinate opener after a bare word", "Kites take to the sky during the four-day festival Although the kite did not fly, organisers were pleased.",
			[]string{"Kites take to the sky during the four-day festival", "Although the kite did not fly, organisers were pleased."}},
		{"subordinate opener inside a name", "The team hired a Formula One engineer to cut the weight of the new boat.",
			[]string{"The team hired a Formula One engineer to cut the weight of the new boat."}},
		{"quote after a bare word", "Harbourside will name Reyes as coach on Monday ‘This club deserves a fresh start,’ said Reyes.",
			[]string{"Harbourside will name Reyes as coach on Monday", "‘This club deserves a fresh start,’ said Reyes."}},
		{"nickname is not a quote", "Radio host Lena Ortiz and her husband Dan 'Big Dog' Pryor filed a report.",
			[]string{"Radio host Lena Ortiz and her husband Dan 'Big Dog' Pryor filed a report."}},
		{"proper name after The", "He told the paper that The Beacon had the story first.",
			[]string{"He told the paper that The Beacon had the story first."}},
		{"scroll prompt", "Scroll down for video A lorry shed its load of onions on the bypass.",
			[]string{"A lorry shed its load of onions on the bypass."}},
		{"scroll prompt then label", "Scroll down for video High tide: Half of the harbour wall gave way.",
			[]string{"Half of the harbour wall gave way."}},
		{"dateline", "Lakeport (CNN) -- The council voted to close the old library.",
			[]string{"The council voted to close the old library."}},
		{"place dateline", "CAIRO — Gunmen opened fire on visitors at the museum on Wednesday.",
			[]string{"Gunmen opened fire on visitors at the museum on Wednesday."}},
		{"two-word place dateline", "NEW YORK -- The company laid off 40 workers.",
			[]string{"The company laid off 40 workers."}},
		{"date dateline", "April 17, 2015 -- Imagine being sick in the hospital.",
			[]string{"Imagine being sick in the hospital."}},
		{"acronym subject is no dateline", "NASA said on Monday — Friday at the latest — that the launch would slip.",
			[]string{"NASA said on Monday — Friday at the latest — that the launch would slip."}},
		{"name and dash is no dateline", "Maria Lopez — the town's mayor — resigned on Friday.",
			[]string{"Maria Lopez — the town's mayor — resigned on Friday."}},
		{"boilerplate only", "Click here to subscribe to our newsletter.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range pieces(tt.in, sentence.Split(tt.in)) {
				got = append(got, tt.in[p.start:p.end])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("pieces(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// benchArticle is a made-up article of typical length (about 700 words).
var benchArticle = strings.Repeat(bridgeStory+" ", 6) +
	"Firefighters tackle the blaze at the warehouse on Tuesday night Fire crews fought for six hours to control it. " +
	"Scroll down for video Startled: A cyclist met a loose goat on the towpath on Sunday."

func BenchmarkSelect(b *testing.B) {
	sents := sentence.Split(benchArticle)
	b.ReportAllocs()
	for b.Loop() {
		Select("Riverton opens new bridge", benchArticle, sents, DefaultN)
	}
}

func BenchmarkSplitAndSelect(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Select("Riverton opens new bridge", benchArticle, sentence.Split(benchArticle), DefaultN)
	}
}

// boolCase is one input of a predicate and the answer it should give.
type boolCase struct {
	in   string
	want bool
}

func checkPredicate(t *testing.T, name string, fn func(string) bool, cases []boolCase) {
	t.Helper()
	for _, tt := range cases {
		if got := fn(tt.in); got != tt.want {
			t.Errorf("%s(%q) = %v, want %v", name, tt.in, got, tt.want)
		}
	}
}

func TestFurniture(t *testing.T) {
	checkPredicate(t, "IsFurniture", IsFurniture, []boolCase{
		{"Nov. 4, 2021 6:10 AM EST.", true},
		{"March 3, 2022 / 9:41 PM / Example News.", true},
		{"ACME ACME CORP. 101.20 -3.10 -2.97%.", true},
		{"This post may contain affiliate links.", true},
		{"Sign up for our morning briefing to get the news first.", true},
		{"Why Hasn't the Council Acted?", true},
		{"Follow Pam Key on Twitter @pamkeyNEN.", true},
		{"Read part 1 here, and part 2 here.", true},
		{"Editor’s Note: The following is part 3 of 3 excerpts from the new book.", true},
		{"For a primer on promposals, see previous years' winners of most outrageous prom proposals.", true},
		{"See below for the full list of winners.", true},
		{"For years, residents could see the fires from their windows.", false},
		{"For the full timetable, see the council's website.", true},
		{"Seeing the damage, the council closed the harbour.", false},
		{"Follow the money, investigators were told, and it led to a shell company in Delaware.", false},
		{"Read the report and you will see the numbers do not add up, the senator said.", false},
		{"The council met at 6:30 p.m. on Tuesday and voted to reopen the harbour office after two years.", false},
		{"Shares of the company fell 3% to $101.20 after it cut its forecast for the year.", false},
		{"The bomb went off at 6:10 p.m. on Sunday.", false},
		{"Why did the council wait so long to act on the report?", false},
		{"1 (ϕ 5 − ϕ) e 2 5 π = 1 + e − 2 π 1 + e − 4 π.", true},
		{"Please note that this is the first half of the series.", true},
		{"Note: this story was updated to correct the date.", true},
		{"Notes found in the car showed the route he had planned.", false},
		{"x = 3, y = 4 and z = 5 in the example.", false},
		{"The score was 3-1, 2-0, 4-2 and 1-1 in the four games.", false},
	})
}

// sentenceOf returns a sentence of exactly n words, numbered so that no two
// sentences share content words.
func sentenceOf(n int, tag string) string {
	words := make([]string, n)
	for i := range words {
		words[i] = fmt.Sprintf("%s%c", tag, 'a'+rune(i%26))
	}
	return "The " + strings.Join(words[1:], " ") + "."
}

func TestSelectWordCap(t *testing.T) {
	lim := Limits{WordsPerSentence: 30}
	tests := []struct {
		name  string
		sizes []int
		want  int
	}{
		{"short sentences: three fit", []int{20, 20, 20, 20}, 3},
		{"a long third sentence ends the summary", []int{40, 40, 40, 5}, 2},
		{"the first sentence always stands", []int{52, 30, 30}, 2},
		{"nothing after the cap is reached", []int{50, 45, 8, 8}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parts []string
			for i, n := range tt.sizes {
				parts = append(parts, sentenceOf(n, fmt.Sprintf("w%dx", i)))
			}
			text := strings.Join(parts, " ")
			got := SelectWith(DefaultWeights, lim, Candidates("", text, sentence.Split(text)), 3)
			checkVerbatim(t, text, got, 3)
			if len(got) != tt.want {
				t.Fatalf("got %d sentences, want %d", len(got), tt.want)
			}
			if got[0].Text != parts[0] {
				t.Errorf("first pick %q, want the lede", got[0].Text)
			}
		})
	}
}

func TestSelectCentralityFloor(t *testing.T) {
	// A hook that shares no word with the story is skipped; the story's
	// sentences, which repeat the harbour, the wall and the council, stay.
	text := "Everyone loves a sunny afternoon by the sea with an ice cream in hand. " +
		"The harbour wall at Port Ellery collapsed on Sunday after a storm, the council said. " +
		"The council closed the harbour to boats while engineers inspect the wall. " +
		"Engineers said the harbour wall had cracked in a storm two years ago. " +
		"The council will decide next month whether to rebuild the harbour wall or replace it. " +
		"Fishermen said the closed harbour would cost them a week of catches."
	lim := Limits{MinCentrality: 0.5}
	got := SelectWith(DefaultWeights, lim, Candidates("", text, sentence.Split(text)), 3)
	checkVerbatim(t, text, got, 3)
	if len(got) == 0 || strings.HasPrefix(got[0].Text, "Everyone loves") {
		t.Errorf("got %+v, want the off-topic hook skipped", got)
	}
	// Centrality counts content words by an English stopword list, so in
	// another language the floor does not apply and the lede stays.
	de := "Alle lieben einen sonnigen Nachmittag am Meer mit einem Eis in der Hand. " +
		"Die Hafenmauer von Port Ellery ist am Sonntag nach einem Sturm eingestürzt, teilte der Rat mit. " +
		"Der Rat hat den Hafen für Boote gesperrt, während Ingenieure die Hafenmauer prüfen. " +
		"Die Ingenieure sagten, die Hafenmauer habe vor zwei Jahren bei einem Sturm Risse bekommen."
	got = SelectWith(DefaultWeights, lim, Candidates("", de, sentence.Split(de)), 3)
	if len(got) == 0 || !strings.HasPrefix(got[0].Text, "Alle lieben") {
		t.Errorf("got %+v, want the lede kept in German text", got)
	}
}

func TestAddressesReader(t *testing.T) {
	checkPredicate(t, "addressesReader", addressesReader, []boolCase{
		{"We are all guilty of taking the odd cheesy tourist photo.", false},
		{"Of all the people to be wary of, you would think a reporter would know better.", true},
		{"'We will rebuild the wall,' the mayor said on Monday.", false},
		{"The mayor said: “Our town deserves better.”", false},
		{"Jim O'Neill said the users of the bridge had waited long enough.", false},
		{"The council says you're facing a hard winter.", true},
		{"Campus bus routes will change in August.", false},
		{"US President Donald Trump has claimed victory in the hearings.", false},
		{"You? Your letter never came.", true},
		{"YOU WON'T BELIEVE IT, the banner said.", false},
	})
}

func TestSelectSkipsOpeningHook(t *testing.T) {
	text := "You have probably waited for a bus that never came. " +
		"Riverton will add forty buses to its night routes from June, the council said on Monday. " +
		"The new buses will run every ten minutes between midnight and five in the morning."
	got := selectTexts("", text, 3)
	if len(got) != 2 || !strings.HasPrefix(got[0], "Riverton will add") {
		t.Errorf("got %q, want the summary to start after the hook", got)
	}
	// A text that speaks to the reader throughout keeps its opening.
	guide := "You can renew a passport online in most cases. " +
		"Your old passport must be sent back by post within two weeks. " +
		"We recommend applying at least ten weeks before you travel."
	if got := selectTexts("", guide, 3); len(got) == 0 || !strings.HasPrefix(got[0], "You can renew") {
		t.Errorf("got %q, want the guide's opening kept", got)
	}
}

func TestSelectOffTopicBeforeQuote(t *testing.T) {
	// The last sentence is far less central than the others, but on a card
	// it still beats the quotation, which the card shows as a quote.
	text := "Network Rail has halted trains over the Kestwick rail bridge after engineers found a pier cracked by the River Marren floods. " +
		"Services between Portmere and Kestwick are replaced by buses for six weeks. " +
		`"Six weeks is our best estimate for the repair, but in the end the river will decide when the work can start," said Tomas Brandt, a Network Rail spokesman. ` +
		"Station staff in Portmere handed out timetables for the replacement buses on Wednesday morning."
	got := selectTexts("", text, 3)
	if len(got) != 3 || strings.HasPrefix(got[2], `"`) || strings.HasPrefix(got[1], `"`) {
		t.Errorf("got %q, want the three non-quote sentences", got)
	}
}

func TestSelectStatesRatherThanAsks(t *testing.T) {
	text := "Why is the market behaving differently from the economy? " +
		"The Sensex index closed at a record high of 40,816 points on Wednesday in Mumbai. " +
		"Banks led the gains after the court ruled on the steel maker's debts on Friday. " +
		"Analysts expect the rally to slow as economic growth falls to a six-year low."
	got := selectTexts("", text, 3)
	for _, s := range got {
		if strings.HasSuffix(s, "?") {
			t.Errorf("summary asks a question: %q", s)
		}
	}
	if len(got) == 0 || !strings.HasPrefix(got[0], "The Sensex") {
		t.Errorf("summary %q, want it to open with the first statement", got)
	}
}

func TestSelectSkipsPiecesOfLongQuotations(t *testing.T) {
	text := "The singer wrote the song in a hospital bed after an operation in 2017.\n\n" +
		"“I felt strange as soon as the anesthesia wore off. All of my thoughts became musical. " +
		"I couldn't get my mind into any other mode,” she said in an interview.\n\n" +
		"The song was nominated for an award in January and won it in February.\n\n" +
		"Her band will tour the country next year with a new album."
	for _, s := range selectTexts("", text, 3) {
		if strings.Contains(s, "musical") || strings.Contains(s, "anesthesia") || strings.Contains(s, "mode") {
			t.Errorf("summary took a piece of a quotation: %q", s)
		}
	}
}

func TestMarkQuotationPieces(t *testing.T) {
	text := "He spoke. “One. Two. Three,” he said. A plain “quoted” word. Then “an open\n\nline. Next line."
	cands := Candidates("", text, sentence.Split(text))
	want := map[string]bool{"He spoke.": false, "“One.": true, "Two.": true, "Three,” he said.": true,
		"A plain “quoted” word.": false, "Then “an open": true, "line.": false, "Next line.": false}
	seen := 0
	for _, c := range cands {
		if w, ok := want[c.Text]; ok {
			seen++
			if c.aside != w {
				t.Errorf("%q: aside %v, want %v", c.Text, c.aside, w)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("saw %d of the %d spans; candidates were %v", seen, len(want), cands)
	}
}

func TestSelectDefersAnaphors(t *testing.T) {
	// "This comes after …" and "It also found …" point back to the sentence
	// before; without it on the card the reader cannot tell what "this" is,
	// so they wait. "It" right after its chosen antecedent reads fine.
	text := "The mayor of Riverton opened the city's new suspension bridge on Monday after three years of work. " +
		"It carries four lanes of traffic across the Tane estuary and cuts journeys by twenty minutes. " +
		`"This is a proud day for everyone who lives here," the mayor said at the opening ceremony. ` +
		"This comes after the council approved a second bridge further up the estuary last year. " +
		"Engineers from Halvorsen tested the structure with sixty loaded lorries in March. " +
		"Local businesses expect the bridge to bring more visitors to the old town this summer."
	got := SelectWith(DefaultWeights, Limits{}, Candidates("", text, sentence.Split(text)), 3)
	checkVerbatim(t, text, got, 3)
	want := []string{"The mayor of Riverton", "It carries four lanes", "Engineers from Halvorsen"}
	if len(got) != len(want) {
		t.Fatalf("got %d sentences %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i].Text, w) {
			t.Errorf("sentence %d is %q, want it to start %q", i, got[i].Text, w)
		}
	}
}

func TestPointsBack(t *testing.T) {
	// "That's" and "She's" point back as "That" and "She" do; "It's" opens
	// clefts and time spans that read alone. A connective before the
	// anaphor changes nothing; a connective before a name reads alone.
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"That's where code coverage might help.", true},
		{"She’s been living in New York for a year now.", true},
		{"It's not just UV rays that suncreams protect against.", false},
		{"Thatcher's government fell in 1990.", false},
		{"And it is a keen reminder of the year's conversations.", true},
		{"But he said the vote would wait until March.", true},
		{"But Britt McHenry has been suspended by the network.", false},
		{"And this week the council voted to reopen the pier.", false},
	} {
		if got := pointsBack(strings.Fields(tt.in)); got != tt.want {
			t.Errorf("%q: points back %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSelectKeepsLedeThatPointsOutside(t *testing.T) {
	// An opening "This" that points at the calendar ("This week") or at the
	// picture the story is built on ("This is the moment …") leans on no
	// sentence before: the lede stays first, where "This comes after …"
	// would wait for its antecedent.
	for _, tt := range []struct{ lede, want string }{
		{"This week the Riverton council voted to close the harbour to boats until the wall is repaired.", "This week the Riverton council"},
		{"This is the moment the Riverton harbour wall gave way in the storm and the council closed the harbour to boats.", "This is the moment"},
	} {
		text := tt.lede + " " +
			"Engineers found cracks in the harbour wall after the storm on Sunday night. " +
			"The repair will cost the council about two million pounds, its finance officer said. " +
			"Fishermen said the closed harbour would cost them a week of catches at the busiest time. " +
			"The council will decide next month whether to rebuild the wall or to replace it."
		got := selectTexts("", text, 3)
		if len(got) == 0 || !strings.HasPrefix(got[0], tt.want) {
			t.Errorf("got %q, want the lede first", got)
		}
	}
}

func TestMarkQuotationPiecesStraightMarks(t *testing.T) {
	// With straight marks one cannot tell an opening from a closing one, so
	// a span with an odd number of them is an end of a longer quotation; a
	// span that opens and closes its quotation is a statement.
	text := `The fans chanted: "We came for the cup. ` +
		`Makes my skin crawl even being here." ` +
		`The club called the "protest" a small one.`
	var sents []sentence.Sentence
	for _, s := range []string{`The fans chanted: "We came for the cup.`, `Makes my skin crawl even being here."`, `The club called the "protest" a small one.`} {
		start := strings.Index(text, s)
		sents = append(sents, sentence.Sentence{Text: s, Start: start, End: start + len(s)})
	}
	want := []bool{true, true, false}
	cands := Candidates("", text, sents)
	if len(cands) != len(want) {
		t.Fatalf("got %d candidates %v, want %d", len(cands), cands, len(want))
	}
	for i, c := range cands {
		if c.aside != want[i] {
			t.Errorf("%q: aside %v, want %v", c.Text, c.aside, want[i])
		}
	}
}

func TestPresentsPicture(t *testing.T) {
	checkPredicate(t, "presentsPicture", func(s string) bool { return presentsPicture(strings.Fields(s)) }, []boolCase{
		{"This is the moment a pilot landed a plane.", true},
		{"These are the shocking pictures of the flood.", true},
		{"This is the dramatic footage of the rescue.", true},
		{"This is the first time the council has voted.", false},
		{"This comes after the council voted.", false},
		{"This is a proud moment for us.", false},
	})
}

func TestIsQuestion(t *testing.T) {
	checkPredicate(t, "isQuestion", isQuestion, []boolCase{
		{"Why has the council not acted?", true},
		{"“Why has the council not acted?”", true},
		{"What happens next (and who pays)?", true},
		{"The writer posted to Twitter asking if there were “any un-angry supporters?”", false},
		{`He asked the mayor, "Why now?"`, false},
		{"Is this the end of the “golden age”?", true},
	})
}
