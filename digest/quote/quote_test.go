package quote

import (
	"strings"
	"testing"
	"unicode/utf8"
)

type want struct {
	text, speaker, title, cue string
}

// extractCase is one article with the quotes Extract must find in it, in
// order; an empty title is not checked.
type extractCase struct {
	name string
	text string
	want []want
}

// cueShapes: the reporting cue before or after the quote, and who it names.
var cueShapes = []extractCase{
	{
		name: "says Dr. X, a Y",
		text: "“Inflation is not beaten yet,” says Dr. Ana Ruiz, an economist at the Halden Institution.",
		want: []want{{"Inflation is not beaten yet,", "Ana Ruiz", "economist at the Halden Institution", "says"}},
	},
	{
		name: "X, a Y, said",
		text: "Tom Hale, a geopolitical analyst at Meridian Risk Group, said: “Nobody wants this war.”",
		want: []want{{"Nobody wants this war.", "Tom Hale", "geopolitical analyst at Meridian Risk Group", "said"}},
	},
	{
		name: "title before the name",
		text: "German Chancellor Anke Vogel told reporters: “We stand with our partners.”",
		want: []want{{"We stand with our partners.", "Anke Vogel", "German Chancellor", "told"}},
	},
	{
		name: "colon after a name",
		text: "Senator Mark Dunn spoke first.\n\nDunn: “I have nothing more to say.”",
		want: []want{{"I have nothing more to say.", "Mark Dunn", "", ":"}},
	},
	{
		name: "according to",
		text: "The plan “will cost billions,” according to Robert Miles, the city's budget director.",
		want: []want{{"will cost billions,", "Robert Miles", "the city's budget director", "according to"}},
	},
	{
		name: "other cues: warned, insisted",
		text: "“Prices will rise,” warned Laura Kim. “They will not,” Peter Cole insisted.",
		want: []want{{"Prices will rise,", "Laura Kim", "", "warned"}, {"They will not,", "Peter Cole", "", "insisted"}},
	},
	{
		name: "participle cue shares the source of the cue before it",
		text: "Nadia Fahmy said the vote was close, adding, “We will count every ballot.”",
		want: []want{{"We will count every ballot.", "Nadia Fahmy", "", "adding"}},
	},
	{
		name: "long appositive chain between the name and the cue",
		text: "“Neither plan helps us,” Dale Pruitt, 52, of Ashgrove, N.M., who has farmed there for decades, said in an interview.",
		want: []want{{"Neither plan helps us,", "Dale Pruitt", "", "said"}},
	},
	{
		name: "as X put it",
		text: "As Mr. Omar Haddad put it, “the bridge is older than the town.”",
		want: []want{{"the bridge is older than the town.", "Omar Haddad", "", "put it"}},
	},
	{
		name: "relative clause cut from the title",
		text: "“We had no margin,” says Dr. Marta Lindqvist, a grid engineer at the Royal Institute of Technology who reviewed the findings.",
		want: []want{{"We had no margin,", "Marta Lindqvist", "grid engineer at the Royal Institute of Technology", "says"}},
	},
}

// resolutionShapes: surnames, pronouns and roles resolved to a named person.
var resolutionShapes = []extractCase{
	{
		name: "cue after quote, surname normalised to the full name",
		text: "Elena Kovac, the country's foreign minister, arrived on Monday.\n\n\"We will not be rushed,\" Kovac said.",
		want: []want{{"We will not be rushed,", "Elena Kovac", "the country's foreign minister", "said"}},
	},
	{
		name: "an indefinite role before the cue is someone new, not the last person named",
		text: "The inquiry looks at whether founder Adam Rusk profited from leases.\n\nA company spokesperson said in an email that “we are cooperating fully.”",
		want: []want{{"we are cooperating fully.", "", "", "said"}},
	},
	{
		name: "a pair of names closing a prepositional phrase before a colon is its object, not the source",
		text: "The songs came fast.\n\nMary Steenburgen has found one drawback to working with Caitlyn Smith and Kate York: “They sing so well that people get scared off.”",
		want: []want{{"They sing so well that people get scared off.", "Mary Steenburgen", "", ":"}},
	},
	{
		name: "a pair of names after from before a colon is the source",
		text: "Pollsters Mark Blumenthal and Jon Cohen wrote a note.\n\nMore from Blumenthal and Cohen: “Data collected by our firm confirms both trends.”",
		want: []want{{"Data collected by our firm confirms both trends.", "Jon Cohen", "", ":"}},
	},
	{
		name: "pronoun resolved to the nearest person of the same gender",
		text: "Mr. Paul Grant met Mrs. Jane Doyle on Tuesday. Later, Grant left.\n\n“It went well,” she said.",
		want: []want{{"It went well,", "Jane Doyle", "", "said"}},
	},
	{
		name: "role reference resolved to the senator",
		text: "Sen. Ted Barlow and Gov. Amy Chen spoke.\n\n“We need the votes,” the senator said.",
		want: []want{{"We need the votes,", "Ted Barlow", "", "said"}},
	},
	{
		name: "colon after a sentence whose subject is the speaker",
		text: "Gov. Amy Chen spoke last. The governor was blunt: “This budget is dead.”",
		want: []want{{"This budget is dead.", "Amy Chen", "", ":"}},
	},
	{
		name: "name of an organisation after of is not the speaker",
		text: "“The numbers do not add up,” said Sen. Rita Okafor of Vermont.",
		want: []want{{"The numbers do not add up,", "Rita Okafor", "", "said"}},
	},
	{
		name: "surname normalised to the full name introduced earlier, with its appositive",
		text: "Ines Moreau, general secretary of the dock workers' union, spoke first.\n\n“This was never only about money,” Moreau said.",
		want: []want{{"This was never only about money,", "Ines Moreau", "general secretary of the dock workers' union", "said"}},
	},
	{
		name: "a name inside the description is not the speaker",
		text: "Mr. Owen Lark, a history lecturer at Kestrel College who advised Sen. Rita Okafor, one of the plan’s authors, said the scheme “will not outlast the winter.”",
		want: []want{{"will not outlast the winter.", "Owen Lark", "", "said"}},
	},
	{
		name: "no reporting verb: the sentence's subject speaks, its verb is the cue",
		text: "Mrs. Maria Lopez thanked the council for “stepping up when nobody else would.”",
		want: []want{{"stepping up when nobody else would.", "Maria Lopez", "", "thanked"}},
	},
	{
		name: "a pronoun continues the last reporting subject, not a nearer name",
		text: "Campaign spokesman Keith Pryor said the campaign will contrast Hale and Moreau. Hale has “steady convictions,” he said.",
		want: []want{{"steady convictions,", "Keith Pryor", "", "said"}},
	},
}

// markShapes: which quote marks make a quote and how far its text runs.
var markShapes = []extractCase{
	{
		name: "split quote keeps one speaker and one content span",
		text: "Maria Lopez runs the clinic. “We are full every night,” she said. “Nobody planned for this.”",
		want: []want{
			{"We are full every night,", "Maria Lopez", "", "said"},
			{"Nobody planned for this.", "Maria Lopez", "", "said"},
		},
	},
	{
		// A card shows each paragraph of a multi-paragraph quote as its own
		// quote: never a paragraph break and a stray opening mark inside.
		name: "multi-paragraph quote continues without a closing mark",
		text: "David Park said:\n\n“The first thing is money.\n\n“The second thing is time.”",
		want: []want{{"The first thing is money.", "David Park", "", "said"}, {"The second thing is time.", "David Park", "", "said"}},
	},
	{
		name: "a quote running on into the next paragraph after a name and title",
		text: "Cheuk Hau-yip, the commander of Kowloon West district, said: “These rioters, they are also criminals. They have to face the consequences.\n\n“Other than coming out to surrender, I don’t see any viable option for them.”\n\nThe police said little else.",
		want: []want{
			{"These rioters, they are also criminals. They have to face the consequences.", "Cheuk Hau-yip", "the commander of Kowloon West district", "said"},
			{"Other than coming out to surrender, I don’t see any viable option for them.", "Cheuk Hau-yip", "the commander of Kowloon West district", "said"},
		},
	},
	{
		name: "nested single quotes stay inside",
		text: "“They told me, ‘Go home,’ and I did,” said Omar Haddad.",
		want: []want{{"They told me, ‘Go home,’ and I did,", "Omar Haddad", "", "said"}},
	},
	{
		name: "British single marks when the text has no double ones",
		text: "‘We will fight on,’ said Nicola Byrne, the party leader.",
		want: []want{{"We will fight on,", "Nicola Byrne", "the party leader", "said"}},
	},
	{
		name: "partial quote inside reported speech",
		text: "Varga said he had “deep and lasting concerns” about the merger.",
		want: []want{{"deep and lasting concerns", "Varga", "", "said"}},
	},
	{
		name: "credit line under a quote",
		text: "“We cannot wait another decade for this.”\n\n- Ruth Vance.\n\nThe claim is mostly true.",
		want: []want{{"We cannot wait another decade for this.", "Ruth Vance", "", ""}},
	},
	{
		name: "credit line with the dash closed up and a title",
		text: "“Great speech. She is ready for the job.”\n\n-Mayor Ruth Vance, Ashgrove.\n\nThe claim is mostly true.",
		want: []want{{"Great speech. She is ready for the job.", "Ruth Vance", "", ""}},
	},
	{
		name: "a statement announced with a colon in the sentence before",
		text: "After the flood, Mr. Paul Grant issued the following statement:\n\n“Our town will rebuild every home that the river took.”",
		want: []want{{"Our town will rebuild every home that the river took.", "Paul Grant", "", ""}},
	},
	{
		name: "titles of shows are not quotes",
		text: "Lena Ortiz appeared on “Meet the Mayors” on Sunday.",
		want: nil,
	},
	{
		name: "a work named after a naming participle is not said",
		text: "The story of pilot Ann Reyes will be told in a film dubbed “The Long Climb”.",
		want: nil,
	},
	{
		name: "a work named after its kind is not said, even in a sentence with a quote",
		text: "Having released her first album, “Salt Roads,” in 2001, Mary Quinn said the songs came from “a restless time.”",
		want: []want{{"a restless time.", "Mary Quinn", "", "said"}},
	},
	{
		name: "a title in a sentence no verb attributes is a name, not said",
		text: "When Tom Baxter prods a crowd by rhapsodizing “and we all came home” everybody joins in with the “Row, Row” chorus.",
		want: []want{{"and we all came home", "Tom Baxter", "", ""}},
	},
	{
		name: "a work named after a part of it and of is not said",
		text: "“We lost the baby,” Tom Hale said on a previous episode of “Night Shift.”",
		want: []want{{"We lost the baby,", "Tom Hale", "", "said"}},
	},
	{
		name: "a title inside reported speech stays the speaker's",
		text: "Judge Ruth Starr said the case recalls the book “The Long Fall” in every way.",
		want: []want{{"The Long Fall", "Ruth Starr", "", "said"}},
	},
	{
		name: "markup attributes are not quotes",
		text: `<tweet tweet-id="7834991160766"><tweet/> and more text.`,
		want: nil,
	},
}

func TestExtractCues(t *testing.T)       { runExtractCases(t, cueShapes) }
func TestExtractResolution(t *testing.T) { runExtractCases(t, resolutionShapes) }
func TestExtractMarks(t *testing.T)      { runExtractCases(t, markShapes) }

func runExtractCases(t *testing.T, tests []extractCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.text, nil)
			checkVerbatim(t, tt.text, got)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d quotes %s, want %d", len(got), describe(got), len(tt.want))
			}
			for i, w := range tt.want {
				q := got[i]
				if q.Text != w.text || q.Speaker != w.speaker || q.Cue != w.cue || w.title != "" && q.SpeakerTitle != w.title {
					t.Errorf("quote %d = {%q %q %q %q}, want {%q %q %q %q}", i, q.Text, q.Speaker, q.SpeakerTitle, q.Cue, w.text, w.speaker, w.title, w.cue)
				}
			}
		})
	}
}

func TestSplitQuoteSharesContent(t *testing.T) {
	text := "“We are full every night,” she said. “Nobody planned for this.”"
	got := Extract(text, nil)
	if len(got) != 2 {
		t.Fatalf("got %s", describe(got))
	}
	if got[0].ContentStart != got[1].ContentStart || got[0].ContentEnd != got[1].ContentEnd {
		t.Errorf("split quote parts have different content spans: %v", describe(got))
	}
	if got[0].ContentStart != 0 || got[0].ContentEnd != len(text) {
		t.Errorf("content = %q, want the whole text", text[got[0].ContentStart:got[0].ContentEnd])
	}
}

func TestExtractWithPeople(t *testing.T) {
	text := "Jo Anne Whitfield leads the union. \"We will strike,\" said Whitfield. Later she added: \"Nobody wants that.\""
	second := strings.Index(text, "said Whitfield") + len("said ")
	people := []Person{{Name: "Jo Anne Whitfield", Spans: [][2]int{{0, 17}, {second, second + len("Whitfield")}}}}
	got := Extract(text, people)
	checkVerbatim(t, text, got)
	if len(got) != 2 {
		t.Fatalf("got %s", describe(got))
	}
	for _, q := range got {
		if q.Speaker != "Jo Anne Whitfield" {
			t.Errorf("%q: speaker %q, want Jo Anne Whitfield", q.Text, q.Speaker)
		}
	}
	if got[0].SpeakerStart != second || got[0].SpeakerEnd != second+len("Whitfield") {
		t.Errorf("speaker mention = [%d,%d), want [%d,%d)", got[0].SpeakerStart, got[0].SpeakerEnd, second, second+len("Whitfield"))
	}
}

// TestHeadlinePersonDropped: a recogniser reading a Title Case headline
// may hand over "Marta Okafor Says Dana Vance" as one person; a name never
// holds a speech verb, so the later "Vance" is not that run-on "person".
func TestHeadlinePersonDropped(t *testing.T) {
	text := "Marta Okafor Says Dana Vance ‘Should Resign.’\n\nMayor Dana Vance faced her critics. Vance’s “excesses” are troubling, Okafor said, noting the mayor “should resign now.”"
	people := []Person{
		{Name: "Marta Okafor Says Dana Vance", Spans: [][2]int{{0, 28}}},
		{Name: "Vance", Spans: [][2]int{{strings.Index(text, "Vance’s"), strings.Index(text, "Vance’s") + len("Vance")}}},
	}
	allSpokenBy(t, text, people, "Marta Okafor")
}

func TestKey(t *testing.T) {
	text := "Ruth Vance, the mayor, spoke for an hour. Critics called the plan “failed” and chanted “Bridges First.”\n\n" +
		"“We are going to rebuild every bridge in this city before winter comes,” Vance said.\n\n" +
		"“We are going to rebuild every bridge in this city before the winter,” she repeated.\n\n" +
		"“The budget has been approved by the council and the money is there,” she said."
	qs := Extract(text, nil)
	keys := Key(qs, 3)
	if len(keys) != 2 {
		t.Fatalf("Key = %s, want the two distinct statements", describe(keys))
	}
	for _, k := range keys {
		if !k.Key {
			t.Errorf("%q not marked Key", k.Text)
		}
		if strings.Contains(k.Text, "failed") || strings.Contains(k.Text, "Bridges First") {
			t.Errorf("scare quote %q chosen as key", k.Text)
		}
	}
	if strings.Contains(keys[0].Text, "bridge") == strings.Contains(keys[1].Text, "bridge") {
		t.Errorf("near-duplicate quotes both chosen: %s", describe(keys))
	}
	// A summary sentence that already shows the quote with its speaker
	// makes the quote card redundant; one that only says "she said" does not.
	if got := KeyAvoiding(qs, 3, []string{"“The budget has been approved by the council, and the money is there,” Vance said."}); len(got) != 1 {
		t.Errorf("KeyAvoiding kept a quote the summary shows with its speaker: %s", describe(got))
	}
	if got := KeyAvoiding(qs, 3, []string{"“The budget has been approved by the council and the money is there,” she said."}); len(got) != 2 {
		t.Errorf("KeyAvoiding dropped a quote whose speaker the summary does not name: %s", describe(got))
	}
	if got := Key(qs, 0); got != nil {
		t.Errorf("Key(n=0) = %s", describe(got))
	}
}

// TestNeverPanics feeds unbalanced marks, invalid UTF-8 and odd layouts.
func TestKeyKeepsSplitQuoteTogether(t *testing.T) {
	text := "Daniel Okafor runs the port. “Every berth will be working around the clock,” he said, “and even then we expect delays well into April.”\n\n" +
		"“This was never only about money,” said Ines Moreau. “It was about being treated as people who keep this country supplied.”"
	keys := Key(Extract(text, nil), 1)
	if len(keys) != 2 || keys[0].Speaker != keys[1].Speaker || keys[0].Start > keys[1].Start {
		t.Fatalf("Key(n=1) = %s, want both parts of one statement in text order", describe(keys))
	}
}

func TestShortTitle(t *testing.T) {
	for in, want := range map[string]string{
		"grid reliability engineer at the Royal Institute of Technology in Stockholm who reviewed the findings":                     "grid reliability engineer at the Royal Institute of Technology in Stockholm",
		"director of research and policy at the institute":                                                                          "director of research and policy at the institute",
		"professor of law, and has written three books":                                                                             "professor of law",
		"senior fellow at the Halden Center for Coastal and Maritime Studies in Portsmouth and former deputy secretary of the navy": "senior fellow at the Halden Center for Coastal and Maritime Studies",
		"also considering Bernie Sanders and Joe Biden":                                                                             "",
		"as they demonstrated repeatedly against the Thunder":                                                                       "",
		"by her own accounting":         "",
		"seen as a formidable opponent": "",
		"senior political strategist for the U.S. Chamber of Commerce and a longtime friend of the candidate": "senior political strategist for the U.S. Chamber of Commerce",
		// The bound falls inside a name: a short one is finished, a long
		// one dropped, and no title ends on a possessive.
		"founding director of the Centre for Coastal Politics at the University of Washington":                         "founding director of the Centre for Coastal Politics at the University of Washington",
		"program administrator for the Refugees in Towns Project at Tufts University’s Feinstein International Center": "program administrator for the Refugees in Towns Project",
		"senior analyst for regional transport programmes at the Greater Lakes Mayor’s office in the north":            "senior analyst for regional transport programmes",
		"Israeli Prime Minister, however": "Israeli Prime Minister",
		"":                                "",
	} {
		if got := shortTitle(in); got != want {
			t.Errorf("shortTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNonEnglishKeyQuotes(t *testing.T) {
	text := "Die Bahn will rund zwölf Milliarden Euro in die Sanierung von Brücken stecken. Das kündigte der Konzern am Montag an.\n\n" +
		"„Wir können uns keine weiteren Sperrungen auf den Hauptstrecken leisten“, sagte Bahnchefin Katrin Albers bei der Vorstellung des Programms. " +
		"Die ersten Arbeiten sollen im Frühjahr auf der Strecke zwischen Köln und Frankfurt beginnen, hieß es."
	keys := Key(Extract(text, nil), 3)
	if len(keys) != 1 || !strings.Contains(keys[0].Text, "keine weiteren Sperrungen") {
		t.Fatalf("Key = %s, want the German quote", describe(keys))
	}
}

func TestNeverPanics(t *testing.T) {
	inputs := []string{
		"",
		"\"",
		"“",
		"”",
		"He said “unclosed",
		"“a” ” ” “ “ b",
		"\"\"\"\"\"",
		"said \"",
		"‘’‘’’",
		"x\xff\xfe“\xffquote\xff”\xff said Bob\xff.",
		"\n\n\n“\n\n“\n\n",
		strings.Repeat("“nested “deep ", 20),
		"Mr. Dr. Sen. said: “",
		": “ ” , said , said",
		"“abc,” said",
		"“abc,” said Mr.",
		"according to",
		"“" + strings.Repeat("word ", 3000),
	}
	for _, in := range inputs {
		qs := Extract(in, nil)
		checkVerbatim(t, in, qs)
		Key(qs, 5)
		Extract(in, []Person{{Name: "Bob", Spans: [][2]int{{-5, 2}, {0, 1 << 30}, {3, 1}}}})
	}
}

// TestLargeInput guards against quadratic behaviour on a huge text with no
// line breaks: a megabyte must take well under a second.
func TestLargeInput(t *testing.T) {
	unit := "Mr. Kim Lee said “the <b plan is fine,” and she added: “we wait. ” "
	text := strings.Repeat(unit, 1<<20/len(unit))
	qs := Extract(text, nil)
	if len(qs) < 1000 { // two quotes per repeated sentence
		t.Fatalf("found only %d quotes in %d bytes", len(qs), len(text))
	}
	checkVerbatim(t, text, qs[:100])
	Key(qs, 5)
}

func checkVerbatim(t *testing.T, text string, qs []Quote) {
	t.Helper()
	valid := utf8.ValidString(text)
	for _, q := range qs {
		if q.Start < 0 || q.End > len(text) || q.Start > q.End || text[q.Start:q.End] != q.Text {
			t.Fatalf("quote %q is not text[%d:%d]", q.Text, q.Start, q.End)
		}
		if q.ContentStart < 0 || q.ContentEnd > len(text) || q.ContentStart > q.ContentEnd {
			t.Fatalf("quote %q has content span [%d,%d) outside the text", q.Text, q.ContentStart, q.ContentEnd)
		}
		if q.SpeakerStart > q.SpeakerEnd || q.SpeakerEnd > len(text) {
			t.Fatalf("quote %q has speaker span [%d,%d)", q.Text, q.SpeakerStart, q.SpeakerEnd)
		}
		if valid && !utf8.ValidString(q.Text) {
			t.Fatalf("quote %q cuts a rune", q.Text)
		}
	}
}

func describe(qs []Quote) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString("{" + q.Text + " | " + q.Speaker + " | " + q.SpeakerTitle + " | " + q.Cue + "} ")
	}
	return b.String()
}

func TestBareNameIsAName(t *testing.T) {
	for in, want := range map[string]string{
		"I’m": "", "We've": "", "It's": "", "Maybe": "", "Perhaps": "", "Head": "", "President": "",
		"World News\n\nJane Doe": "Jane Doe", "The Pentagon": "Pentagon", "O'Brien": "O'Brien", "D’Souza": "D’Souza",
		"Jane Doe": "Jane Doe",
	} {
		if got := bareName(in); got != want {
			t.Errorf("bareName(%q) = %q, want %q", in, got, want)
		}
	}
}

// "said a WeWork spokesperson" introduces someone new: it never resolves to
// a person named before, as a definite "the spokesperson" may.
func TestIndefiniteRoleNamesNobody(t *testing.T) {
	text := "The company had been contacted by the office of the attorney general, Jane Roe.\n\n" +
		"“We received an inquiry and are cooperating in the matter,” said a WeWork spokesperson when contacted by Reuters."
	people := []Person{{Name: "Jane Roe", Spans: [][2]int{{strings.Index(text, "Jane Roe"), strings.Index(text, "Jane Roe") + len("Jane Roe")}}}}
	for _, q := range Extract(text, people) {
		if q.Speaker != "" {
			t.Errorf("quote %q credited to %q, want no one", q.Text, q.Speaker)
		}
	}
}

// firstMentions is the recogniser's persons as a test gives them: each name
// with its first mention in text.
func firstMentions(text string, names ...string) []Person {
	var people []Person
	for _, name := range names {
		i := strings.Index(text, name)
		people = append(people, Person{Name: name, Spans: [][2]int{{i, i + len(name)}}})
	}
	return people
}

// TestGenerationalSuffixIsNoSurname: two men whose names end in "Jr." are
// two people; indexing them by "Jr." credited a prosecutor's words to the
// man he prosecuted.
func TestGenerationalSuffixIsNoSurname(t *testing.T) {
	text := "Patrick Carlineo Jr. pleaded guilty on Monday.\n\n" +
		"U.S. Attorney James Kennedy Jr. said the case shows that nobody may \"make threats to harm lawmakers.\""
	got := Extract(text, firstMentions(text, "Patrick Carlineo Jr.", "James Kennedy Jr."))
	if len(got) != 1 || got[0].Speaker != "James Kennedy Jr." {
		t.Fatalf("got %s, want one quote by James Kennedy Jr.", describe(got))
	}
	if lastToken("Charles Elliott III") != "elliott" {
		t.Errorf("lastToken(Charles Elliott III) = %q, want elliott", lastToken("Charles Elliott III"))
	}
}

// TestKeySkipsMentionedPhrases: short phrases in marks that nobody says,
// in one sentence, are terms; together they pass the five-word floor, yet
// they are no statement for a card.
func TestKeySkipsMentionedPhrases(t *testing.T) {
	text := "Opinions on the keyboard weighed more heavily on the \"it'll do\" to \"this is terrible\" range, with very few folks in the \"this is great\" zone."
	if got := Key(Extract(text, nil), 3); len(got) != 0 {
		t.Errorf("key quotes %s, want none", describe(got))
	}
}

// A named possessor in the subject ("reporter Lena Park's source …") is not
// who speaks when she owns another person; her statement or her campaign
// speaks for her. Nor is the object of a preposition ("directed at Hale"),
// except the source "according to" names, nor a name used as a modifier
// after "a" ("a Syrian refugee").
func TestPossessorIsNotTheSource(t *testing.T) {
	for _, tt := range []struct{ text, speaker string }{
		{"A VOA reporter Lena Park's source inside the camp, a refugee who asked not to be named, said that the claim is “absolutely false.”", ""},
		{"Lena Park's statement on Friday said that the claim is “absolutely false.”", "Lena Park"},
		{"Lena Park's campaign said the claim is “absolutely false.”", "Lena Park"},
		{"A Syrian refugee who asked not to be named said that the claim is “absolutely false.”", ""},
		{"“The claim is absolutely false,” said a Syrian refugee who asked not to be named.", ""},
		{"A Lena Park campaign memo stated that the loss was “long anticipated.”", "Lena Park"},
		{"Tom Hale spoke with his counterpart “to discuss responses to the test,” according to a Lena Park readout.", "Lena Park"},
		{"The pact divides the field.\n\nContrast that with Tom Hale, who backs the pact, and Lena Park, who says it is “disastrous.”", "Lena Park"},
		{"Tom Hale left the industry.\n\nAccording to Lena Park, shortly before Tom Hale’s death, his agent Ruth Vance “was beginning to vanish” from it.", "Lena Park"},
	} {
		var people []Person
		for _, name := range []string{"Lena Park", "Tom Hale", "Ruth Vance", "Syrian"} {
			if spans := nameSpans(tt.text, name); len(spans) > 0 {
				people = append(people, Person{Name: name, Spans: spans})
			}
		}
		got := Extract(tt.text, people)
		if len(got) != 1 || got[0].Speaker != tt.speaker {
			t.Errorf("%q: got %s, want one quote by %q", tt.text, describe(got), tt.speaker)
		}
	}
}

// When two people share a surname, a bare surname means the one named in
// full just before it in the paragraph; elsewhere the first bearer.
func TestSharedSurnameIsTheOneJustNamed(t *testing.T) {
	text := "The last time Frank Jordan spoke with his son, Louis Jordan was fishing off the coast. " +
		"Louis Jordan, 37, had not been heard from in 66 days. “I was grateful,” Jordan told CNN.\n\n" +
		"Frank Jordan told reporters he had worried. “He is strong,” Frank Jordan said.\n\n" +
		"“We never gave up,” Jordan said."
	people := []Person{{Name: "Frank Jordan", Spans: nameSpans(text, "Frank Jordan")}, {Name: "Louis Jordan", Spans: nameSpans(text, "Louis Jordan")}}
	var bare [][2]int
	for _, sp := range nameSpans(text, "Jordan") {
		if !strings.HasSuffix(text[:sp[0]], "Frank ") && !strings.HasSuffix(text[:sp[0]], "Louis ") {
			bare = append(bare, sp)
		}
	}
	people = append(people, Person{Name: "Jordan", Spans: bare})
	got := Extract(text, people)
	want := []string{"Louis Jordan", "Frank Jordan", "Frank Jordan"}
	if len(got) != len(want) {
		t.Fatalf("got %s, want %d quotes", describe(got), len(want))
	}
	for i, w := range want {
		if got[i].Speaker != w {
			t.Errorf("quote %q: speaker %q, want %q", got[i].Text, got[i].Speaker, w)
		}
	}
	// A bare first name is no surname: "Hillary" stays Hillary Clinton.
	text = "Hillary Clinton was a lawyer.\n\nAfter Jerry Brown criticized Bill Clinton during a debate, Hillary shot back, “I could have stayed home.”"
	people = []Person{{Name: "Hillary Clinton", Spans: append(nameSpans(text, "Hillary Clinton"), [2]int{strings.Index(text, "Hillary shot"), strings.Index(text, "Hillary shot") + len("Hillary")})},
		{Name: "Bill Clinton", Spans: nameSpans(text, "Bill Clinton")}}
	if got := Extract(text, people); len(got) != 1 || got[0].Speaker != "Hillary Clinton" {
		t.Errorf("got %s, want Hillary Clinton", describe(got))
	}
}

// A description ("said the actor") refers back to a person the story
// names, not to a name inside the quotation before it.
func TestRoleSkipsNamesInsideQuotes(t *testing.T) {
	text := "Tom Hale, 42, lost the vote on Monday.\n\n“We lost,” Hale said.\n\n“I have been telling my kids, and Jane Doyle, that it happens,” said the actor."
	var people []Person
	for _, name := range []string{"Tom Hale", "Hale", "Jane Doyle"} {
		people = append(people, Person{Name: name, Spans: nameSpans(text, name)})
	}
	got := Extract(text, people)
	if len(got) != 2 || got[1].Speaker != "Tom Hale" {
		t.Errorf("got %s, want the second quote by Tom Hale", describe(got))
	}
	// With no one named in the role, the description re-describes who
	// just spoke, not the last name the sentence before mentions.
	text = "Others remain unpersuaded. One of the authors of the report, Ari Fleischer, said Tom Hale’s nomination will test it. " +
		"“Certainly Tom Hale has gone the other way,” said the former top aide to President Ruth Vance."
	people = nil
	for _, name := range []string{"Ari Fleischer", "Tom Hale", "Ruth Vance"} {
		people = append(people, Person{Name: name, Spans: nameSpans(text, name)})
	}
	if got = Extract(text, people); len(got) != 1 || got[0].Speaker != "Ari Fleischer" {
		t.Errorf("got %s, want the quote by Ari Fleischer", describe(got))
	}
	// Someone new in the role, introduced with "one", is not Hale.
	text = "Tom Hale, 42, lost the vote on Monday.\n\n“Tom Hale has no immunity,” said one legal expert.\n\n“He is vulnerable,” the expert warned."
	got = Extract(text, []Person{{Name: "Tom Hale", Spans: nameSpans(text, "Tom Hale")}})
	if len(got) != 2 || got[1].Speaker != "" {
		t.Errorf("got %s, want the second quote by nobody named", describe(got))
	}
}
