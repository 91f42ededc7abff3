package quote

import (
	"strings"
	"testing"
)

// speakerShapes are issue 7's speaker shapes and the attribution shapes
// met in PolNeAR train errors, in sentences written for these tests: the
// speaker is a bare name, and titles, roles and affiliations before or
// after it go to the title.
var speakerShapes = []struct {
	name, text, speaker, title string
}{
	{
		"an office's complement is the office's, not the name's",
		"Secretary of State Mina Okonjo said the release “gives us hope for the talks.”",
		"Mina Okonjo", "Secretary of State",
	},
	{
		"an office's complement after the cue",
		"“We are ready,” said Minister of Foreign Affairs Penny Harlow.",
		"Penny Harlow", "Minister of Foreign Affairs",
	},
	{
		"the words qualifying an office are the title's",
		"Foreign Secretary Dominic Harwood defended the party.\n\n“We make no apology for a rebuttal,” Harwood told reporters.",
		"Dominic Harwood", "Foreign Secretary",
	},
	{
		"title with an acronym and a hyphen before the name",
		"Former UN Secretary-General Ban Ki-moon warns, “The window for action is closing faster than anyone admits.”",
		"Ban Ki-moon", "Former UN Secretary-General",
	},
	{
		"the listener before a colon is not the speaker",
		"Party chairman Reince Marlow later told Fox News: “Both men are meeting next week to talk about these things.”",
		"Reince Marlow", "Party chairman",
	},
	{
		"an affiliation with lower-case words between the name and the cue",
		"“The design is a stretch for them,” Amara Diallo of the Martin Center for Water Studies wrote in a post.",
		"Amara Diallo", "the Martin Center for Water Studies",
	},
	{
		"lower-case particles inside a name",
		"“We will not reopen the treaty,” Commission President Ursula von der Leyen said.",
		"Ursula von der Leyen", "Commission President",
	},
	{
		"a particle in an inverted source with an appositive",
		"“If they start now, they are on time,” said Federico de Jesus, a Democratic strategist.",
		"Federico de Jesus", "Democratic strategist",
	},
	{
		"affiliation after the name",
		"“Sanctions alone will not change the regime’s course,” said Priya Natarajan, a fellow at Chatham House.",
		"Priya Natarajan", "fellow at Chatham House",
	},
	{
		"office and country before the name",
		"French Foreign Minister Claire Dubois said: “We will not accept a partial deal.”",
		"Claire Dubois", "French Foreign Minister",
	},
	{
		"organisation and role before the name",
		"“The data do not support a rate cut this year,” said IMF chief economist Tomas Berg.",
		"Tomas Berg", "IMF chief economist",
	},
	{
		"title after the name, cue before",
		"“It is the worst drought in forty years,” said Amara Diallo, director of the Sahel Water Trust.",
		"Amara Diallo", "director of the Sahel Water Trust",
	},
	{
		"honorific and academic title",
		"Professor Lena Brandt of the University of Leeds said, “The models have been right so far.”",
		"Lena Brandt", "",
	},
	{
		"party and state in parentheses after the name",
		"“If they did not take part, they have nothing to worry about,” Sen. Rita Okafor (D-N.Y.) said Tuesday.",
		"Rita Okafor", "",
	},
	{
		"party and state as an appositive",
		"“Let me make it perfectly clear,” Senate Majority Leader Tom Hale, R-Ky., said in a statement.",
		"Tom Hale", "",
	},
	{
		"the reporter of a reported attribution is the source",
		"Rep. Dana Whitlock said Moreau called on members to be “closely coordinated.”",
		"Dana Whitlock", "",
	},
	{
		"a name after said is the subject of the reported clause",
		"Ines Moreau, a former aide to the governor, said Hale “was personally involved in all of it.”",
		"Ines Moreau", "former aide to the governor",
	},
	{
		"continue to is no cue",
		"Varga said he is certain Hale will continue to be “a champion for the region.”",
		"Varga", "",
	},
	{
		"a cue word after a possessive is a noun",
		"Party chairman Keith Pryor called Hale’s remarks a “new low” in the race.",
		"Keith Pryor", "",
	},
	{
		"the subject with a party tag, not the name in its clause",
		"Speaking later, Sen. Claire Dunn (D-Mo.), who has endorsed Hale, said Varga has pushed her to be “more aggressive.”",
		"Claire Dunn", "",
	},
	{
		"said after the rest of the sentence",
		"“He can assert it, but it seems extremely unlikely” that Hale can catch up, said Steve Elmore, a former campaign manager.",
		"Steve Elmore", "former campaign manager",
	},
	{
		"lower-case role words before the name after the cue",
		"“Getting many maxed-out gifts on one day is a yellow light,” said election lawyer Joe Birkin.",
		"Joe Birkin", "election lawyer",
	},
	{
		"the object of told is the listener",
		"Dick Dever, who was listed on the slate, told the Ledger, “Of the three, I like Hale the best.”",
		"Dick Dever", "",
	},
	{
		"a passive names its source after by",
		"Hale was asked by host Bill Marsh, who backs him, “Are you tired of hearing about the emails?”",
		"Bill Marsh", "",
	},
	{
		"the subject of the main clause, not of an opening subordinate one",
		"After former Gov. Jerry Brandt lost his temper in a debate, Hillary Vance shot back, “I suppose I could have stayed home and baked cookies.”",
		"Hillary Vance", "",
	},
	{
		"Spanish cue, office before the name",
		"\"Queremos que ningún vecino camine más de cinco minutos\", dijo la concejala de Medio Ambiente, Lucía Ferrer.",
		"Lucía Ferrer", "la concejala de Medio Ambiente",
	},
	{
		"Indonesian cue",
		"\"Kami ingin warga punya tempat bermain yang aman,\" kata Budi Santoso pada hari Selasa.",
		"Budi Santoso", "",
	},
	{
		"a two-word office before the name and an affiliation after it, inverted",
		"“We cannot afford the new pumps before the winter,” said Chief Engineer Ola Brandvik of the Tarnby Port Authority.",
		"Ola Brandvik", "Chief Engineer, the Tarnby Port Authority",
	},
	{
		"an affiliation after the name, inverted",
		"“The ferry will run again in spring,” said Ola Brandvik of the Tarnby Port Authority.",
		"Ola Brandvik", "the Tarnby Port Authority",
	},
	{
		"an affiliation with \"of the … of\" between the name and a cue before the quote",
		"However, as Bishop Aris Kerr of the Coptic Patriarchate of Tyre told the Daily Ledger (DL), “We have waited a century for this and can wait a little longer.”",
		"Aris Kerr", "Bishop, the Coptic Patriarchate of Tyre",
	},
	{
		"\"from\" a name before a colon names the speaker",
		"The report ran to forty pages. More from Hale: “The mood of the county is a starting point in any forecast of the vote.”",
		"Hale", "",
	},
	{
		"a possessive opening the sentence is not its subject",
		"Mayor Dana Vance faced her critics. Vance’s “excesses” are troubling, Marta Okafor said Tuesday in Lisbon, noting the mayor “should resign now.”",
		"Marta Okafor", "",
	},
	{
		"the subject of an absolute with-clause speaks",
		"Tom Hale denied the story on Monday, with Dana Pruitt taking to Twitter to call the report “a fantasy from start to finish.”",
		"Dana Pruitt", "",
	},
	{
		"the subject of an absolute with-clause with a telling cue",
		"Mayor Tom Hale and the flood sparked a debate over the dams, with Senator Ola Brandvik telling reporters he viewed the mayor as “directly responsible” for the damage.",
		"Ola Brandvik", "",
	},
	{
		"a cue inside an opening subordinate clause is not the quote's",
		"After former Gov. Jerry Brandt criticized Tom Hale in a debate, Hillary Vance shot back, “I suppose I could have stayed home and baked cookies.”",
		"Hillary Vance", "",
	},
	{
		"an opening as-clause is the frame of the report",
		"As the Ledger’s Ruth Marlow puts it, the mayor is making the council “an offer it cannot refuse.”",
		"Ruth Marlow", "",
	},
	{
		"a quote inside an opening subordinate clause is its cue's",
		"Dana Pell spoke after the mayor. When Pell pointed out that the mayor calls the plan “a ferry for all,” Ruth Hale seized upon the phrase.",
		"Dana Pell", "",
	},
	{
		"two names joined by and after the quote both speak",
		"“The mood in the county has turned against him,” Ines Varga and Tom Hale wrote.",
		"Ines Varga and Tom Hale", "",
	},
	{
		"a coordinated subject before the cue, with the second conjunct's title",
		"“We will not take part,” state Senate leader Ruth Marlow and House Speaker Dale Pruitt, both Republicans, said in a statement.",
		"Ruth Marlow and Dale Pruitt", "",
	},
	{
		"a coordinated subject acting on a quoted phrase",
		"Mayor Ruth Hale and Gov. Amy Chen issued a statement calling the deal “a very positive step toward a new harbour.”",
		"Ruth Hale and Amy Chen", "",
	},
	{
		"an object before and is no conjunct",
		"The report said Hale beat Varga and Moreau said “the count was fair.”",
		"Moreau", "",
	},
	{
		"an adverb between the with-clause's subject and its verb",
		"Hale and Varga used the hardest words, with Hale recently promising to “carpet the harbour in new ferries.”",
		"Hale", "",
	},
	{
		"an appositive whose closing comma is missing",
		"Dana Pruitt, president and chief executive of the Harbour Traders Association stated, “It is not a political problem; it is a math problem.”",
		"Dana Pruitt", "president and chief executive of the Harbour Traders Association",
	},
	{
		"a place of origin with its state before the cue",
		"Carla Wendt of Ashgrove, New Mexico says she thinks Hale can win if he keeps “doing what he is doing.”",
		"Carla Wendt", "",
	},
	{
		"an opening prepositional phrase holds no subject",
		"At the party’s meeting after the 2012 loss to Ruth Hale, party Chairman Dale Pruitt fairly scolded Varga for suggesting that the town should “move on.”",
		"Dale Pruitt", "",
	},
	{
		"a participle between a possessive name and its noun is no cue",
		"Tom Hale then interjected, calling Varga’s proposed ferry credit “a transfer payment for the rich.”",
		"Tom Hale", "",
	},
	{
		"a name closing an opening phrase is not the head of the source's description",
		"In discussing the troubles of Mayor Ruth Hale, former Ambassador Tom Varga told radio host Dale Pruitt, “Her slogan might as well be Not Indicted Yet.”",
		"Tom Varga", "",
	},
	{
		"an outlet reporting the attribution is the outermost source",
		"“I ask you not to protest on the floor,” Tom Hale said, according to the Harbour Ledger.",
		"Harbour Ledger", "",
	},
	{
		"an outlet reporting after an inverted source",
		"“This platform’s language says you are no longer welcome,” said Dana Pruitt, director of Farmers for Change, reports Harbour Today.",
		"Harbour Today", "",
	},
	{
		"an outlet opening the sentence reports the attribution after it",
		"According to Harbour News, Varga said the “ugliness of the remarks” stood in contrast to the welcome.",
		"Harbour News", "",
	},
	{
		"according to a description is no outlet",
		"“I ask you not to protest on the floor,” Tom Hale said, according to a transcript.",
		"Tom Hale", "",
	},
	{
		"an as-clause after the quote names the speaker",
		"Still, the fact that the race “is a dead heat right now,” as Varga said on the radio, matters to the party.",
		"Varga", "",
	},
	{
		"a relative clause with who's is an appositive",
		"It was three years ago that Ruth Marlow, who's thinking about running for mayor, said it was “impossible” for anyone to win the harbour seat.",
		"Ruth Marlow", "",
	},
	{
		"an opening participle clause holds no subject",
		"Filling in for Varga at the same event where Ruth Hale and Tom Pryor appeared Sunday, Dana Pell landed a sharp dig at “my dear sister Ruth.”",
		"Dana Pell", "",
	},
	{
		"a heading line above the name is not part of it",
		"World News\n\nJane Doe said the council would meet again. “We are not finished,” Doe said.",
		"Jane Doe", "",
	},
	{
		"a group speaking is no earlier speaker",
		"Ana Ruiz noted the requirement that staff be vaccinated.\n\n“The outcomes can be devastating,” the physicians stated.",
		"", "",
	},
	{
		"someone new and unnamed is no one named before",
		"Dan Brauer is frustrated, according to a report.\n\n“Dan is frustrated because his name is being dragged in the mud,” an insider told the outlet.",
		"", "",
	},
	{
		"the role of someone introduced unnamed",
		"Kevin Marsh, the commissioner, declined the offer. A spokesperson who did not wish to be named said the agency never gives vaccines.\n\n“A vaccine program is not feasible,” the spokesperson said.",
		"", "",
	},
	{
		"an office in a credit line is the title",
		"“Great speech. She's tested. She's ready. She never quits.”\n-President Obama, tweeting after the speech.",
		"Obama", "President",
	},
	{
		"an adverb set off by commas is no title",
		"Prime Minister Dan Hale, however, said he was “very moved” by the news.\n\nThe decision “corrected an injustice,” Hale said.",
		"Dan Hale", "Prime Minister",
	},
}

// TestBareNameIsFullNameBefore: a speaker written as one word that opens
// exactly one full name named before it is that person, with the people
// the entity recogniser lists (as digest.Make passes them).
func TestBareNameIsFullNameBefore(t *testing.T) {
	cases := []struct {
		name, text string
		people     []string
		speaker    string
	}{
		{
			"a family name written first",
			"China’s ambassador to Britain Liu Xiaming has said that China has the resolve to end the unrest.\n\nLiu said that the army could be deployed, warning: “They are already there in the garrison.”",
			[]string{"Liu Xiaming", "Liu"}, "Liu Xiaming",
		},
		{
			"a first name a family story uses",
			"Mike Ford died alone. His sister Martha Ford and her brother Dale Ford agreed to speak.\n\n“I once visited Mike at his apartment,” Dale wrote.",
			[]string{"Mike Ford", "Martha Ford", "Dale Ford", "Mike", "Dale"}, "Dale Ford",
		},
		{
			"a first name two people bear",
			"Dale Ford and Dale Evans agreed to speak.\n\n“I once visited Mike at his apartment,” Dale wrote.",
			[]string{"Dale Ford", "Dale Evans", "Mike", "Dale"}, "Dale",
		},
		{
			"a full name only after the quote",
			"“I once visited Mike at his apartment,” Dale wrote.\n\nDale Ford is Mike's brother.",
			[]string{"Dale Ford", "Mike", "Dale"}, "Dale",
		},
		{
			"a place for its government, not a name only the scan found",
			"The Washington Post reported the talks on Monday.\n\n“This is not true,” Washington said.",
			nil, "Washington",
		},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			var people []Person
			for _, n := range tt.people {
				p := Person{Name: n}
				for at := 0; ; {
					i := strings.Index(tt.text[at:], n)
					if i < 0 {
						break
					}
					if e := at + i + len(n); e == len(tt.text) || tt.text[e] != ' ' || !isCap(tt.text[e+1:]) {
						p.Spans = append(p.Spans, [2]int{at + i, e})
					}
					at += i + len(n)
				}
				people = append(people, p)
			}
			got := Extract(tt.text, people)
			if len(got) == 0 || got[len(got)-1].Speaker != tt.speaker {
				t.Errorf("got %s, want speaker %q", describe(got), tt.speaker)
			}
		})
	}
}

func TestBareSpeakerNames(t *testing.T) {
	for _, tt := range speakerShapes {
		t.Run(tt.name, func(t *testing.T) {
			q := quoteOf(t, tt.text, -1)
			if q.Speaker != tt.speaker || q.SpeakerTitle != tt.title && (tt.title != "" || tt.speaker == "") {
				t.Errorf("speaker %q title %q, want %q title %q", q.Speaker, q.SpeakerTitle, tt.speaker, tt.title)
			}
		})
	}
}

// TestAgeAndHometownNoTitle: "43-year-old X of Town" introduces a private
// person by age and hometown, and neither is a title; an employer after
// "of" stays one.
func TestAgeAndHometownNoTitle(t *testing.T) {
	for text, want := range map[string][2]string{
		"“I was unable to stand,” wrote 43-year-old Martin Tayne of Aberdeenshire, Scotland, in a case study published Monday.": {"Martin Tayne", ""},
		"“I was unable to stand,” wrote 43-year-old Martin Tayne in a case study published Monday.":                             {"Martin Tayne", ""},
		"“The numbers do not add up,” said analyst Glen Pryor of Hartwell Strategies.":                                          {"Glen Pryor", "analyst, Hartwell Strategies"},
	} {
		q := quoteOf(t, text, -1)
		if q.Speaker != want[0] || q.SpeakerTitle != want[1] {
			t.Errorf("%q: speaker %q title %q, want %q title %q", text, q.Speaker, q.SpeakerTitle, want[0], want[1])
		}
	}
}

// closedClass are English function words written here independently of
// the package's lists, so a word missing from those still fails the test.
var closedClass = setOf(`мой наш это who whom whose what which where why how among across against between through alongside
	the a an in on at of to and but or if this that these those it he she they we i you`)

// TestSpeakerNeverJunk: no newline, no capitalised function word, and no
// capitalised common word of another language is ever a speaker.
func TestSpeakerNeverJunk(t *testing.T) {
	texts := []string{
		"Breaking News\nJane Doe\n“We will appeal the ruling,” said the statement.",
		"“Kami akan membangun taman baru,” kata Wali Kota. Jangan sampai taman ini terbengkalai, “ini proyek penting,” kata warga.",
		"“Non è finita,” disse. Quando il sindaco è arrivato, “abbiamo già votato,” ha detto.",
		"“We are ready,” The statement said. “Yes we are,” This said.",
		"“Die Lage ist ernst,” sagte Die.",
		"Jika hujan, “kami tutup,” kata Dari.",
		"Мой любимый блог:\n\n«Готовлю просто и вкусно каждый день»",
		"Мой: “Готовлю просто и вкусно каждый день”",
		"Who is worse: the reporter, or the crowds who call for “the return of class” online?",
		"Among the highlights, as caught on tape: “I wouldn't work at a place like this,” and more.",
		"Alongside BLM calls for action, even a top GOP strategist said Clinton will have to choose, saying, “At some point, she’s going to have to come out.”",
	}
	for _, text := range texts {
		for _, q := range Extract(text, nil) {
			if strings.ContainsAny(q.Speaker, "\n\r") {
				t.Errorf("%q: speaker %q holds a line break", text, q.Speaker)
			}
			for _, w := range strings.Fields(q.Speaker) {
				if lw := lower(w); stopCaps[lw] || foreignFunctionWords[lw] || closedClass[lw] {
					t.Errorf("%q: speaker %q holds the function word %q", text, q.Speaker, w)
				}
			}
		}
	}
}

// sixExperts is an explainer quoting six people, the first of them at
// length and often, as articles quote their main voice.
const sixExperts = `Europe's grid operators are preparing for a winter of tight supply.

"We have never run the network this close to its limits, and every operator in the region knows it," said Marta Lindqvist, a grid engineer at the Royal Institute of Technology. "A single cold week could force rolling cuts across three countries," Lindqvist said. "The reserves we counted on last year are simply not there any more," she added. Lindqvist has advised two governments.

Former EU Energy Commissioner Henrik Baumann warns, "Governments are still treating storage as an afterthought rather than the backbone of the system."

"Prices will stay volatile until new interconnectors come online in 2027," said Amara Diallo, an analyst at the Bruegel think tank.

Dr. Kenji Sato, director of the Tokyo Energy Lab, said: "Japan learned this lesson in 2011 and rebuilt its reserve margins within five years."

"Households can cut peak demand by a fifth if they are paid to do it," said Priya Natarajan, a fellow at Chatham House.

Industry lobbyist Tomas Berg said the plans "put the burden on the wrong people and will drive factories out of Europe."`

func TestKeyOneVoiceEach(t *testing.T) {
	qs := Extract(sixExperts, nil)
	voices := map[string]int{}
	for _, k := range Key(qs, 6) {
		voices[k.Speaker]++
	}
	want := []string{"Marta Lindqvist", "Henrik Baumann", "Amara Diallo", "Kenji Sato", "Priya Natarajan", "Tomas Berg"}
	for _, w := range want {
		if voices[w] != 1 {
			t.Errorf("%s has %d key quotes among %v, want 1", w, voices[w], voices)
		}
	}
	// With three slots, three different people.
	three := map[string]bool{}
	for _, k := range Key(qs, 3) {
		three[k.Speaker] = true
	}
	if len(three) != 3 {
		t.Errorf("Key(3) voices = %v, want three different speakers", three)
	}
	// With more slots than speakers, the remaining go by substance: the
	// longest of Lindqvist's other statements.
	eight := Key(qs, 8)
	if got := eight[len(eight)-1]; got.Speaker != "Marta Lindqvist" || !strings.Contains(got.Text, "reserves") && !strings.Contains(got.Text, "cold week") {
		t.Errorf("the 7th and 8th statements should be Lindqvist's others: %s", describe(eight))
	}
}

// TestKeyPresentTenseStatement: a statement whose only verbs are in the
// third person present ("wants", "goes") is a statement, not a phrase, so
// its speaker gets a key quote.
func TestKeyPresentTenseStatement(t *testing.T) {
	text := "“Nobody wants to close a bridge for a year before an election,” Ines Corra said. “So the plan goes back in the drawer.”"
	key := Key(Extract(text, nil), 3)
	if len(key) != 2 || key[0].Speaker != "Ines Corra" {
		t.Errorf("key %s, want both parts of Corra's statement", describe(key))
	}
}

func TestSixExpertsSpeakers(t *testing.T) {
	titles := map[string]string{
		"Marta Lindqvist": "grid engineer at the Royal Institute of Technology",
		"Henrik Baumann":  "Former EU Energy Commissioner",
		"Amara Diallo":    "analyst at the Bruegel think tank",
		"Kenji Sato":      "director of the Tokyo Energy Lab",
		"Priya Natarajan": "fellow at Chatham House",
		"Tomas Berg":      "Industry lobbyist",
	}
	seen := map[string]bool{}
	for _, q := range Extract(sixExperts, nil) {
		want, ok := titles[q.Speaker]
		if !ok {
			t.Errorf("%q: speaker %q is none of the six", q.Text, q.Speaker)
			continue
		}
		seen[q.Speaker] = true
		if q.SpeakerTitle != want {
			t.Errorf("%s: title %q, want %q", q.Speaker, q.SpeakerTitle, want)
		}
	}
	if len(seen) != len(titles) {
		t.Errorf("speakers found: %v", seen)
	}
}

// TestQuoteParagraphAfterNewSpeaker: a quote paragraph with no attribution
// continues the speaker named in the paragraph before it, not the speaker
// of the quote before that.
func TestQuoteParagraphAfterNewSpeaker(t *testing.T) {
	text := "“We are concerned about competition in the region,” Defence Minister Omar Haddad said.\n\n" +
		"Carter said that for decades critics had predicted a withdrawal, but it would not happen.\n\n" +
		"“This region remains the most consequential for our own security and prosperity.”"
	got := Extract(text, nil)
	if len(got) != 2 || got[1].Speaker != "Carter" {
		t.Fatalf("got %s, want the second quote by Carter", describe(got))
	}
}

// TestQuotedNameNeverSpeaker: a name inside quotation marks is what is
// said or a title, never who says it.
func TestQuotedNameNeverSpeaker(t *testing.T) {
	text := "Tom Hale spoke for an hour. To give you the tone of the interview, Hale went on to promote “Harbour Nights,” note that he had just bought the old ferry."
	at := strings.Index(text, "Harbour Nights")
	people := []Person{{Name: "Tom Hale", Spans: nameSpans(text, "Hale")}, {Name: "Harbour Nights", Spans: [][2]int{{at, at + len("Harbour Nights")}}}}
	for _, q := range Extract(text, people) {
		if q.Speaker == "Harbour Nights" {
			t.Errorf("%q: the quoted title is the speaker", q.Text)
		}
	}
}

// TestPossessiveSpeech: a possessive heading its sentence before a noun
// of speech ("Varga’s catch phrase was that …") names the speaker; as the
// object of another reporting clause it does not.
func TestPossessiveSpeech(t *testing.T) {
	for _, tt := range []struct{ text, not, want string }{
		{"In the 2010 race, Pate supported Tom Hale against Varga. Varga’s catch phrase in that race against Hale was that Hale “would say or do anything to win an election.”", "", "Ines Varga"},
		{"Ines Varga ran against Tom Hale in 2010. The town released a statement saying Varga’s comments “are based on opinion, not facts.”", "Ines Varga", ""},
	} {
		people := []Person{{Name: "Ines Varga", Spans: nameSpans(tt.text, "Varga")}, {Name: "Tom Hale", Spans: nameSpans(tt.text, "Hale")}}
		q := Extract(tt.text, people)
		if len(q) == 0 {
			t.Fatalf("%q: no quote", tt.text)
		}
		got := q[len(q)-1].Speaker
		if tt.want != "" && got != tt.want || tt.not != "" && got == tt.not {
			t.Errorf("%q: speaker %q, want %q, not %q", tt.text, got, tt.want, tt.not)
		}
	}
}

// TestPredicateQuote: a name followed straight by a quote that is its
// predicate ("Varga “kind of misspoke.”") is talked about; the sentence
// goes on with the speaker of the quote before it.
func TestPredicateQuote(t *testing.T) {
	text := "Tom Hale spoke for the council on Monday.\n\n“We thought only Varga was an insensitive guy,” said Dana Pell, who wrote a book on the harbour. Varga “kind of misspoke. This is not something he should talk about in public.”"
	people := []Person{{Name: "Dana Pell", Spans: nameSpans(text, "Dana Pell")}, {Name: "Ines Varga", Spans: nameSpans(text, "Varga")}, {Name: "Tom Hale", Spans: nameSpans(text, "Tom Hale")}}
	q := Extract(text, people)
	if len(q) == 0 || q[len(q)-1].Speaker != "Dana Pell" {
		t.Fatalf("got %s, want the last quote by Dana Pell", describe(q))
	}
}

// TestInnerCredit: a round-up quotes an expert and credits the words on
// the last line inside the marks.
func TestInnerCredit(t *testing.T) {
	text := "Mayor Ruth Hale spoke about the budget on Monday.\n\n" +
		"\"I worry that we may see a return of the old habits as the council tries to set itself apart.\nDana Pruitt, Centre for Harbour Research.\"\n\n" +
		"The council did not reply."
	got := Extract(text, nil)
	if len(got) != 1 || got[0].Speaker != "Dana Pruitt" {
		t.Fatalf("got %s, want one quote by Dana Pruitt", describe(got))
	}
}

// TestQuoteAfterSentenceAboutSpeaker: a quote sentence with no
// attribution of its own, after a sentence about a named person without a
// speech verb, is that person's; and other speaker shapes from PolNeAR
// train errors, in sentences written for this test.
func TestQuoteAfterSentenceAboutSpeaker(t *testing.T) {
	for _, tt := range []struct{ text, speaker string }{
		{"Mayor Ruth Vance touted her record on housing. “We built more homes in two years than in the ten before.”", "Ruth Vance"},
		{"Mayor Ruth Vance touted her record on housing at the hall.\n\n“We built more homes in two years than in the ten before.”", "Ruth Vance"},
		{"Ruth Vance ran the port for a decade. She now chairs the board. “We built more berths in two years than in the ten before.”", "Ruth Vance"},
		// A no-break space between the sentence and the quote (pasted web text).
		{"Tom Marlow left the party by saying he would help if asked.\u00a0“I am going to support him because he can do the job.”", "Tom Marlow"},
		// An irregular past verb after the quote, a reflexive before the
		// cue, the source of a speech verb in the sentence before.
		{"“They all came for the free food,” Dana Bennett shot back with a laugh.", "Dana Bennett"},
		{"Tom Marlow himself said on Tuesday that “the only way to win is to knock on doors.”", "Tom Marlow"},
		{"Or maybe Ruth Vance, port consultant Dana Pell says. “Several surveys suggest a second look at the harbour plan.”", "Dana Pell"},
	} {
		if got := Extract(tt.text, nil); len(got) != 1 || got[0].Speaker != tt.speaker {
			t.Errorf("%q: got %s, want one quote by %s", tt.text, describe(got), tt.speaker)
		}
	}
	// A following sentence with a quote inside it goes on with the speaker.
	text := "“She still has the friends she had in school,” Bill Marlow said. That makes her “a trustworthy, loyal person.”"
	if got := Extract(text, nil); len(got) != 2 || got[1].Speaker != "Bill Marlow" {
		t.Errorf("got %s, want the second quote by Bill Marlow", describe(got))
	}
	// A lone descriptive word left of an organisation is nobody to carry on.
	party := "Sam Lau, the spokesman for the Iowa Democratic Party said in a statement. “There are no paper ballots to recount this year.”"
	for _, q := range Extract(party, nil) {
		if q.Speaker == "Party" {
			t.Errorf("%q: speaker %q", party, q.Speaker)
		}
	}
	// A sentence about nobody named gives no speaker.
	text = "The council met on Monday. “We built more homes in two years than in the ten before.”"
	if got := Extract(text, nil); len(got) != 1 || got[0].Speaker != "" {
		t.Errorf("got %s, want one quote without a speaker", describe(got))
	}
}

// TestUnattributedTitleIsNoQuote: a quoted show name nobody is said to
// say stays out, as it did before titles were kept inside statements.
func TestUnattributedTitleIsNoQuote(t *testing.T) {
	for _, text := range []string{
		"The mayor appeared on “Evening Desk With Rona Hale” on Sunday night.",
		"Officials searched the files for “Harbour Plan” and “Blue Gate.”",
		"What followed was “Operation Clean Sweep” in the old town.",
	} {
		if got := Extract(text, nil); len(got) != 0 {
			t.Errorf("%q: got %d quotes, want none: %+v", text, len(got), got)
		}
	}
}

// TestContentSpans checks where the attributed content of a partial quote
// ends and begins, in sentences written for this test.
// contentShapes: a partial quote inside reported speech takes the whole
// reported clause as its content.
var contentShapes = []struct{ name, text, content, speaker string }{
	{
		"a clause opener after the quote is no source phrase",
		"Sims say he was “kind of riding the fence” until Haley said she was backing the senator.",
		"he was “kind of riding the fence” until Haley said she was backing the senator", "Sims",
	},
	{
		"a time abbreviation before a new sentence ends the sentence",
		"Bush says he will “work hard for the day” and await results after 7 p.m. He says “it is interesting.”",
		"he will “work hard for the day” and await results after 7 p.m", "Bush",
	},
	{
		"a relative that inside the content",
		"Texas Sen. Ted Varga says his campaign is the only one that “has beaten and can beat” the frontrunner.",
		"his campaign is the only one that “has beaten and can beat” the frontrunner", "Ted Varga",
	},
	{
		"an appositive inside the content does not end it",
		"Hale said the town, which has lost its mill, is “still standing” and will vote.",
		"the town, which has lost its mill, is “still standing” and will vote", "Hale",
	},
	{
		"a second reporting clause ends it",
		"Hale said the plan was “dead on arrival,” adding that he would vote against it.",
		"the plan was “dead on arrival,”", "Hale",
	},
	{
		"a subjectless verb reports under the speech verb before it",
		"Marlow says he would call the minister in and tell her “enough is enough” on the first day.",
		"he would call the minister in and tell her “enough is enough” on the first day", "Marlow",
	},
	{
		"a participle without a comma reports under the speech verb",
		"Ines Varga says voters who met her kept shouting “Bring back the ferry” at every stop.",
		"voters who met her kept shouting “Bring back the ferry” at every stop", "Ines Varga",
	},
	{
		"a quoted title inside a reported statement",
		"Okafor said the dispute reminded her of the novel “The Long Harbour” more than of any court case.",
		"the dispute reminded her of the novel “The Long Harbour” more than of any court case", "Okafor",
	},
	{
		"a what-she-calls clause stays inside the statement",
		"Dana Pell says farmers are “tired of waiting,” and hungry for what she calls “real answers.”",
		"farmers are “tired of waiting,” and hungry for what she calls “real answers.”", "Dana Pell",
	},
	{
		"a what-she-called phrase after a speech verb",
		"Ines Varga said she phoned Hale to praise what she called “a brave campaign.”",
		"she phoned Hale to praise what she called “a brave campaign.”", "Ines Varga",
	},
	{
		"the same speaker's inner speech verb stays inside the statement",
		"Okafor said he will file a bill to stop a plan that Okafor said would make “a bad situation worse.”",
		"he will file a bill to stop a plan that Okafor said would make “a bad situation worse.”", "Okafor",
	},
	{
		"a whom-he-described clause stays inside the statement",
		"Okafor said the mayor, whom he described as “out of touch,” had lost the city.",
		"the mayor, whom he described as “out of touch,” had lost the city", "Okafor",
	},
	{
		"a named subject acting on a scare quote",
		"Marlow blamed the outage on “lazy planning” at the ministry.",
		"the outage on “lazy planning” at the ministry", "Marlow",
	},
	{
		"an opening phrase before the subject",
		"In 2014, Marlow found that “twice as many voters wanted the ferry back.”",
		"that “twice as many voters wanted the ferry back.”", "Marlow",
	},
	{
		"a pronoun subject acting on a scare quote",
		"Ruth Hale spoke first. She dismissed the report as “a fairy tale.”",
		"the report as “a fairy tale.”", "Ruth Hale",
	},
}

func TestContentSpans(t *testing.T) {
	for _, tt := range contentShapes {
		t.Run(tt.name, func(t *testing.T) {
			q := quoteOf(t, tt.text, 0)
			if c := tt.text[q.ContentStart:q.ContentEnd]; c != tt.content || q.Speaker != tt.speaker {
				t.Errorf("content %q speaker %q, want %q speaker %q", c, q.Speaker, tt.content, tt.speaker)
			}
		})
	}
}

// TestQuotedNameNotSubject: with the recogniser's persons, a name inside
// the first quote of a sentence is not the subject that a later
// participle cue ("adding") refers to; the cue's source is.
func TestQuotedNameNotSubject(t *testing.T) {
	text := "Sen. Tom Hale spoke on Thursday.\n\n“I think Ola Brandvik would be the best mayor, but he has no chance,” Hale said on the radio's \"Morning Ferry,\" adding, “Ola Brandvik's problem is that he is an insider.\""
	people := []Person{{Name: "Tom Hale", Spans: nameSpans(text, "Hale")}, {Name: "Ola Brandvik", Spans: nameSpans(text, "Ola Brandvik")}}
	allSpokenBy(t, text, people, "Tom Hale")
}

// allSpokenBy extracts the quotes of text with the recogniser's persons
// people and checks that there are some, every one spoken by want.
func allSpokenBy(t *testing.T, text string, people []Person, want string) {
	t.Helper()
	got := Extract(text, people)
	if len(got) == 0 {
		t.Fatal("no quotes")
	}
	for _, q := range got {
		if q.Speaker != want {
			t.Errorf("%q: speaker %q, want %s", q.Text, q.Speaker, want)
		}
	}
}

// quoteOf extracts the quotes of text without a person list and returns
// the i-th (from the end when i < 0).
func quoteOf(t *testing.T, text string, i int) Quote {
	t.Helper()
	got := Extract(text, nil)
	if len(got) == 0 {
		t.Fatal("no quote found")
	}
	if i < 0 {
		i += len(got)
	}
	return got[i]
}

// TestQuoteParagraphContinuesStatement: a paragraph that is only a quote,
// right after "“…,” Hale said.", goes on with the same statement.
func TestQuoteParagraphContinuesStatement(t *testing.T) {
	text := "“I am very disappointed in the committee,” Hale said.\n\n" +
		"“For three debates now the room has been stacked with donors, and that should not be.”\n\n" +
		"The committee did not reply. “We will look at it,” a spokesman said later."
	got := Extract(text, nil)
	if len(got) != 3 {
		t.Fatalf("got %s, want three quotes", describe(got))
	}
	if got[0].ContentStart != got[1].ContentStart || got[0].ContentEnd != got[1].ContentEnd || got[1].Speaker != "Hale" {
		t.Errorf("the quote paragraph should continue Hale's statement: %s", describe(got))
	}
	if got[2].ContentStart == got[1].ContentStart {
		t.Errorf("a quote inside a paragraph of its own sentence joined the statement: %s", describe(got))
	}
}

// TestSurnameThatIsAnOffice: a known person's surname that is also a word
// of office ("King") names that person when used bare as a subject, and
// stays an office after an article.
func TestSurnameThatIsAnOffice(t *testing.T) {
	people := []Person{{Name: "Billie Jean King"}}
	text := "Billie Jean King sat in the front row. King says Ali “talked the talk and walked the walk.”"
	if got := Extract(text, people); len(got) != 1 || got[0].Speaker != "Billie Jean King" {
		t.Errorf("got %s, want Billie Jean King as the speaker", describe(got))
	}
	text = "Billie Jean King sat in the front row. The King said he was “deeply moved by the welcome we have had.”"
	if got := Extract(text, people); len(got) != 1 || got[0].Speaker == "Billie Jean King" {
		t.Errorf("got %s, want the office not to name King", describe(got))
	}
}

// TestPersonBeforeCueOfOwnSentence: a source phrase the parser cannot read
// ("JPL scientist and study co-author …") still names the speaker before
// the cue of the quote's own sentence; a real card gave the quote to
// "Earth", named in the paragraph before.
func TestPersonBeforeCueOfOwnSentence(t *testing.T) {
	text := "On Earth, water rains down from clouds.\n\n" +
		"\"What is really fun to think about is whether those organics can mix with water,\" JPL scientist and study co-author Michael Malaska said."
	q := quoteOf(t, text, -1)
	if q.Speaker != "Michael Malaska" {
		t.Errorf("speaker %q, want Michael Malaska", q.Speaker)
	}
}

// TestFullNameNotBeforeAFirstWord: "Liu said" looks back for the full
// name ending in "Liu"; in "ambassador to Britain Liu Xiaming" the name
// goes on after "Liu", so "Britain Liu" is no name.
func TestFullNameNotBeforeAFirstWord(t *testing.T) {
	text := "China’s ambassador to Britain Liu Xiaming has said that the army could act.\n\n" +
		"Liu said that the army could be deployed, warning: “They are already there in the garrison.”"
	if q := quoteOf(t, text, -1); q.Speaker == "Britain Liu" {
		t.Errorf("speaker %q: a place and a family name are no full name", q.Speaker)
	}
}

// TestPersonBeforeCueAfterLongAppositive: an appositive with commas and a
// coordinated description the parser cannot close still names the speaker
// before "said in a statement"; the quote after it goes on with them.
func TestPersonBeforeCueAfterLongAppositive(t *testing.T) {
	text := "Paula Tarrant, a professor of physics, praised the model.\n\n" +
		"\"Numerical experiments of this kind succeed when you get out more than you put in,\" Dylan Nolan, " +
		"a postdoctoral fellow at the Institute for Astrophysics in Munich, Germany, and co-author of the study, " +
		"said in a statement. \"In our simulation, we see phenomena that had not been programmed into the code.\""
	for _, q := range Extract(text, nil) {
		if q.Speaker != "Dylan Nolan" {
			t.Errorf("%q: speaker %q, want Dylan Nolan", q.Text, q.Speaker)
		}
	}
}

// TestPersonRightAfterQuoteSpeaks: the name right after the quote is its
// source, whatever names its appositive holds (the recogniser took "Space"
// of "Boeing Defense, Space, and Security" for a person on a real page).
func TestPersonRightAfterQuoteSpeaks(t *testing.T) {
	text := "Boeing bid for the lander.\n\n" +
		"\"Using the lift capability of the rocket, we have developed the fewest steps to the moon,\" Jim Chalton, " +
		"senior vice president at Boeing Defense, Space, and Security, and a former astronaut, said in that statement."
	got := Extract(text, firstMentions(text, "Jim Chalton", "Space"))
	if len(got) != 1 || got[0].Speaker != "Jim Chalton" {
		t.Errorf("got %s, want one quote by Jim Chalton", describe(got))
	}
}

// TestClauseAfterNameIsNoTitle: a clause set off by commas after a name
// ("According to Lucy, although not captured on camera, …", "according to
// Lucy, the players have paid …") says nothing of who she is.
func TestClauseAfterNameIsNoTitle(t *testing.T) {
	for _, text := range []string{
		"According to Lucy, although not captured on camera, the youngster had another go and netted again. " +
			"“I think he's got it down now,” said Lucy, who helps run a building firm.",
		"Northampton's pride was dented and, according to Lucy, the players have paid the price with fitness sessions. " +
			"“We've had to speak a few hard truths,” said Lucy.",
	} {
		for _, q := range Extract(text, firstMentions(text, "Lucy")) {
			if q.Speaker != "Lucy" || q.SpeakerTitle != "" {
				t.Errorf("speaker %q title %q, want Lucy with no title", q.Speaker, q.SpeakerTitle)
			}
		}
	}
}

// TestOfficeBeforeKnownName: the capitalised words between an office's
// modifier and a known full name are the office ("Former Clinton Senior
// Adviser Sidney Blumenthal"), and a modifier learnt alone from a headline
// ("Former AG Mukasey") gives way to the fuller title.
func TestOfficeBeforeKnownName(t *testing.T) {
	for text, want := range map[string][2]string{
		"Former Clinton Senior Adviser Sidney Blumenthal said that he has “no idea” if he would have told her.\n\n" +
			"Blumenthal was asked a question. He answered, “I have no idea. We’re old friends.”": {"Sidney Blumenthal", "Former Clinton Senior Adviser"},
		"Former AG Mukasey at RNC: the scandal disqualifies her.\n\n" +
			"Former Attorney General Michael Mukasey told delegates that the server should disqualify her.\n\n" +
			"“Over the years, she has done a lot of things,” Mukasey said.": {"Michael Mukasey", "Former Attorney General"},
	} {
		for _, q := range Extract(text, firstMentions(text, want[0])) {
			if q.Speaker != want[0] || q.SpeakerTitle != want[1] {
				t.Errorf("speaker %q title %q, want %q title %q", q.Speaker, q.SpeakerTitle, want[0], want[1])
			}
		}
	}
}

// TestTwoPeopleOneSurname: "Bill Clinton said" in a story about Hillary
// Clinton is Bill's quote, with his title; before, one person per surname
// gave Hillary his words and his title.
func TestTwoPeopleOneSurname(t *testing.T) {
	text := "Hillary Clinton spoke first. “We will win,” Hillary Clinton said.\n\n" +
		"Bill Clinton, her husband and a former president, spoke later. “She is ready,” Bill Clinton said."
	want := [][2]string{{"Hillary Clinton", ""}, {"Bill Clinton", "her husband and a former president"}}
	got := Extract(text, firstMentions(text, "Hillary Clinton", "Bill Clinton"))
	checkSpeakerTitles(t, got, want)
}

// TestParticipleClauseIsNoAppositive: "Bill Clinton, standing by her side,"
// is a clause of the opening phrase, not a description chaining him to the
// subject after it; nor is "stumping for Clinton" a title. "During" is a
// preposition, and "acting director" a title.
func TestParticipleClauseIsNoAppositive(t *testing.T) {
	text := "Sanders lost the caucuses.\n\nWith her husband, former President Bill Clinton, standing by her side, Hillary Clinton has told her supporters that “we’re in this together.”\n\n" +
		"Vice President Joe Biden, stumping for Clinton in Scranton, said “this guy is not fit.”"
	want := [][2]string{{"Hillary Clinton", ""}, {"Joe Biden", "Vice President"}}
	got := Extract(text, firstMentions(text, "Hillary Clinton", "Bill Clinton", "Joe Biden"))
	checkSpeakerTitles(t, got, want)
}

// TestFunctionWordSurname: where the recogniser names Theresa May and Al
// From, "said May" and "said Al From" name them. Elsewhere "May" and "From"
// stay function words, and a name the recogniser ran on into a function
// word ("Joe Monday") makes no other "Monday" a speaker.
func TestFunctionWordSurname(t *testing.T) {
	text := "Prime Minister Theresa May defended her deal on Monday.\n\n" +
		"“We will keep going,” said May, who faces a vote next week.\n\n" +
		"“We won fewer votes than ever,” said Al From, who founded the council.\n\n" +
		"Jeremy Corbyn disagreed. “It is a humiliation,” Corbyn said."
	got := Extract(text, firstMentions(text, "Theresa May", "Al From", "Jeremy Corbyn"))
	want := []string{"Theresa May", "Al From", "Jeremy Corbyn"}
	if len(got) != len(want) {
		t.Fatalf("got %s, want %d quotes", describe(got), len(want))
	}
	for i, q := range got {
		if q.Speaker != want[i] {
			t.Errorf("quote %d: speaker %q, want %q", i, q.Speaker, want[i])
		}
	}
	if got[0].SpeakerTitle != "Prime Minister" {
		t.Errorf("May's title %q, want Prime Minister", got[0].SpeakerTitle)
	}

	plain := "The deal was signed in May. “We will keep going,” Monday said. “It works,” From said."
	for _, q := range Extract(plain, firstMentions(plain, "Joe Monday")) {
		if q.Speaker != "" {
			t.Errorf("%q: speaker %q, want none", q.Text, q.Speaker)
		}
	}
}

// TestMojibakeNameIsOneWord: a name whose UTF-8 was read as Latin-1
// ("PeÃ±a"), composed or decomposed ("A" and U+0303 for "Ã"), is one word,
// so the speaker is the whole name, not "Enrique PeÃ".
func TestMojibakeNameIsOneWord(t *testing.T) {
	for _, name := range []string{"Enrique PeÃ±a Nieto", "Enrique PeA\u0303±a Nieto"} {
		text := "Mexican President " + name + " urged people not to \"choose the road toward isolationism.\""
		got := Extract(text, nil)
		if len(got) != 1 || got[0].Speaker != name {
			t.Errorf("got %s, want one quote by %q", describe(got), name)
		}
	}
}

// TestCueClauseShapes: "to which X interjected: “…”" is X's own
// attribution, not a relative clause inside the statement before it;
// "interjected by hitting Trump" is active, so Trump, after "by", is no
// source; and "When Maddow pointed out that … “…,” Clinton seized upon …"
// gives the words to Maddow, whose clause holds them.
func TestCueClauseShapes(t *testing.T) {
	tests := []struct {
		text, people, want string
	}{
		{"Clinton said that experts had determined her proposals were strong, to which Martin O'Malley interjected: \"It's just not true.\"",
			"Martin O'Malley", "Martin O'Malley"},
		{"Jeb Bush, however, interjected by hitting Donald Trump for using eminent domain to seize a home to \"turn into limousine parking lot for his casinos\" in Atlantic City.",
			"Jeb Bush", "Jeb Bush"},
		{"When Rachel Maddow pointed out that Sanders refers to it as \"Medicare for all,\" Hillary Clinton seized upon the reference.",
			"Rachel Maddow", "Rachel Maddow"},
	}
	for _, tt := range tests {
		got := Extract(tt.text, firstMentions(tt.text, tt.people))
		if len(got) != 1 || got[0].Speaker != tt.want {
			t.Errorf("%q:\ngot %s, want one quote by %s", tt.text, describe(got), tt.want)
		}
	}
}

// TestDialogueTurns: in an exchange, a quote that ends its sentence and is
// followed by a new speaker introducing another quote is the lead-in's,
// not the next speaker's; a split quote ("“…,” Smith said, “…”") keeps one
// speaker.
func TestDialogueTurns(t *testing.T) {
	text := "In one exchange, Hillary Clinton responds to Cheryl Mills with, “Why now? That was on my way to Libya?” " +
		"Mills then writes back, “You look cute.”\n\n“We will win,” Clinton said, “and soon.”"
	got := Extract(text, firstMentions(text, "Hillary Clinton", "Cheryl Mills"))
	want := []string{"Hillary Clinton", "Cheryl Mills", "Hillary Clinton", "Hillary Clinton"}
	if len(got) != len(want) {
		t.Fatalf("got %s, want %d quotes", describe(got), len(want))
	}
	for i, q := range got {
		if q.Speaker != want[i] {
			t.Errorf("quote %d %q: speaker %q, want %q", i, q.Text, q.Speaker, want[i])
		}
	}
}

// TestListIsNoAppositive: "friends including Gaiman, Walton, and Meacham"
// is a list; Walton is no title of Gaiman's.
func TestListIsNoAppositive(t *testing.T) {
	text := "He sent chapters to close friends, including Gaiman, Walton, and Meacham. " +
		"Neil Gaiman still says the book \"should have been marketed like The Name of the Rose.\""
	got := Extract(text, firstMentions(text, "Neil Gaiman"))
	if len(got) != 1 || got[0].Speaker != "Neil Gaiman" || got[0].SpeakerTitle != "" {
		t.Errorf("got %s, want one quote by Neil Gaiman with no title", describe(got))
	}
	// A description inside a list of people stays theirs.
	text = "Kurt Volker, former special envoy to Kyiv, and Tim Morrison, another aide, testified. " +
		"\"I don't think pursuing these things serves a national interest,\" Volker said."
	got = Extract(text, firstMentions(text, "Kurt Volker", "Tim Morrison"))
	if len(got) != 1 || got[0].Speaker != "Kurt Volker" || got[0].SpeakerTitle != "former special envoy to Kyiv" {
		t.Errorf("got %s, want one quote by Kurt Volker, former special envoy to Kyiv", describe(got))
	}
}

// TestCaptionNoiseIsNoTitle: where someone stands in a photo (", center,")
// and a number run into the name ("£7,600 Mr Evans told") describe nobody.
func TestCaptionNoiseIsNoTitle(t *testing.T) {
	texts := []string{
		"Billy Thompson, center, was last seen on Saturday. \"He would never just leave,\" Billy Thompson said in a message to his family last week.",
		"The trip to Dubai was worth £7,600 Mr Evans told the jury: ‘They lived an enviable lifestyle and travelled first class.’",
	}
	for _, text := range texts {
		for _, q := range Extract(text, nil) {
			if q.SpeakerTitle != "" {
				t.Errorf("%q: speaker %q has the title %q, want none", q.Text, q.Speaker, q.SpeakerTitle)
			}
		}
	}
}

// TestTitleStaysInItsParagraph: a title never runs on into the next
// paragraph.
func TestTitleStaysInItsParagraph(t *testing.T) {
	text := "Marco Rubio stressed defense issues during an appearance with Sen. Joni Ernst, R-Iowa.\n\n" +
		"The Florida senator told reporters he feels good about his campaign in Iowa, and \"we'll see what it translates to a week from tonight.\""
	for _, q := range Extract(text, firstMentions(text, "Joni Ernst")) {
		if strings.ContainsAny(q.SpeakerTitle, "\n\r") {
			t.Errorf("speaker %q has the title %q, which spans a line break", q.Speaker, q.SpeakerTitle)
		}
	}
}

// TestThreatIsNotTheTargets: a description after a name gives her gender
// ("Omar is one of the first two Muslim women"), so "he said" does not
// reach her; and in "he asked …, called Omar a “terrorist” and said, “…”"
// the subject is he, not Omar, whom he called. A card had given the threats
// against her to her.
func TestThreatIsNotTheTargets(t *testing.T) {
	text := "Patrick Carlineo pleaded guilty to threatening Rep. Ilhan Omar.\n\n" +
		"He was arrested in April for the call to the offices of Omar.\n\n" +
		"During the call, he asked about the Muslim Brotherhood, called Omar a “terrorist” and said, “somebody ought to put a bullet in her skull,” the prosecutor’s office said. " +
		"Omar is one of the first two Muslim women elected to Congress.\n\n" +
		"The staff member who reported the call recalled that he said, \"I'll put a bullet in her skull,\" the U.S. attorney's office said."
	// As the recogniser gives them: every mention of each person.
	people := []Person{{Name: "Patrick Carlineo"}, {Name: "Ilhan Omar"}}
	for i, surname := range []string{"Carlineo", "Omar"} {
		for at := 0; ; {
			k := strings.Index(text[at:], surname)
			if k < 0 {
				break
			}
			people[i].Spans = append(people[i].Spans, [2]int{at + k, at + k + len(surname)})
			at += k + len(surname)
		}
	}
	got := Extract(text, people)
	if len(got) != 3 {
		t.Fatalf("got %s, want 3 quotes", describe(got))
	}
	for _, q := range got {
		if q.Speaker != "Patrick Carlineo" {
			t.Errorf("%q: speaker %q, want Patrick Carlineo", q.Text, q.Speaker)
		}
	}
}

// TestToldNamesTheListener: after a quote, ", told the Los Angeles Times"
// names who heard the words, never who said them.
func TestToldNamesTheListener(t *testing.T) {
	texts := []string{
		"“Positions are gonna soften,” California Rep. Duncan Hunter’s chief of staff, Joe Kasper, told POLITICO before the interview.",
		"King's dehydration was caused by his diabetes, but he \"is much better,\" his daughter, Claudette King, told the Los Angeles Times.",
	}
	for _, text := range texts {
		for _, q := range Extract(text, nil) {
			if q.Speaker == "POLITICO" || q.Speaker == "Los Angeles Times" {
				t.Errorf("%q: speaker %q, the listener", q.Text, q.Speaker)
			}
		}
	}
}

// TestAuxiliaryOpensNoName: "Having recorded his first album, “Tapestry,”"
// has no speaker called Having.
func TestAuxiliaryOpensNoName(t *testing.T) {
	text := "By cathartically writing “American Pie,” McLean has guaranteed that the memory of those great musicians lives forever. " +
		"Having recorded his first album, “Tapestry,” in 1969, in Berkeley, California, during the student riots, McLean, a native New Yorker, " +
		"became a kind of weather vane for what he called the “generation lost in space.”"
	for _, q := range Extract(text, nil) {
		if q.Speaker == "Having" {
			t.Errorf("%q: speaker %q", q.Text, q.Speaker)
		}
	}
}

// TestUnnamedMemberIsNoOrganisation: "A former staffer at … Wilson
// Security said" is an unnamed staffer, not the company; a spokeswoman
// speaks for hers.
func TestUnnamedMemberIsNoOrganisation(t *testing.T) {
	text := "A former staffer at Transfield subcontractor Wilson Security said the guards \"frequently referred to asylum seekers as the enemy.\"\n\n" +
		"A spokeswoman for Google said the company \"takes these reports seriously.\""
	got := Extract(text, nil)
	if len(got) != 2 || got[0].Speaker != "" || got[1].Speaker != "Google" {
		t.Errorf("got %s, want the staffer unnamed and Google", describe(got))
	}
}

// TestOneQuoteSpeakerAndTitle: sentence shapes that each hold one quote,
// with the speaker and title a card should show.
func TestOneQuoteSpeakerAndTitle(t *testing.T) {
	tests := []struct {
		name, text     string
		people         []string
		speaker, title string
	}{
		{
			// ", says X, a Y," set off inside a sentence names the source of
			// the quote the sentence goes on to, not a name before it.
			"parenthetical says",
			"Nancy Reagan was a fierce guardian of her husband. The paradox of Nancy, says Carl Anthony, " +
				"a historian at the National First Ladies Library, is that she was \"one of the most powerful first ladies\" of her era.",
			[]string{"Nancy Reagan", "Carl Anthony"}, "Carl Anthony", "historian at the National First Ladies Library",
		},
		{
			// The words are Obama's account, however many clauses stand
			// between (PolNeAR's outermost source); "when asked about Donald
			// Trump," closes an opening phrase even after another one, so
			// Obama is no description of Trump.
			"reporter keeps nested words",
			"Sunday on CNN’s “Fareed Zakaria GPS,” when asked about Republican nominee Donald Trump, President Barack Obama " +
				"said he expected that Americans will say “no” to Trump’s policy measures.",
			[]string{"Donald Trump", "Barack Obama"}, "Barack Obama", "President",
		},
		{
			// ", via USA Today," says where the words were reported, not who
			// the speaker is.
			"preposition opens no title",
			"Sheldon Richardson spoke on Sunday. Richardson, via USA Today, said that Rudolph \"can't antagonize a fight and then claim bullying.\"",
			[]string{"Sheldon Richardson"}, "Sheldon Richardson", "",
		},
	}
	for _, tt := range tests {
		got := Extract(tt.text, firstMentions(tt.text, tt.people...))
		if len(got) != 1 || got[0].Speaker != tt.speaker || got[0].SpeakerTitle != tt.title {
			t.Errorf("%s: got %s, want one quote by %q titled %q", tt.name, describe(got), tt.speaker, tt.title)
		}
	}
}

// checkSpeakerTitles compares the quotes' speakers and titles, in order,
// with want's pairs.
func checkSpeakerTitles(t *testing.T, got []Quote, want [][2]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("quotes %s, want %d", describe(got), len(want))
	}
	for i, q := range got {
		if q.Speaker != want[i][0] || q.SpeakerTitle != want[i][1] {
			t.Errorf("quote %d: speaker %q title %q, want %q title %q", i, q.Speaker, q.SpeakerTitle, want[i][0], want[i][1])
		}
	}
}

// TestNoTitleFromAWorksName: the words before a name inside the quoted name
// of a show or book ("“Ask Dr. Mike”") are no title of the person.
func TestNoTitleFromAWorksName(t *testing.T) {
	text := "John Ford ran a live show called “Ask Dr. Ford” at conventions.\n\n“I liked the questions,” Ford said."
	q := quoteOf(t, text, -1)
	if q.Speaker != "John Ford" || q.SpeakerTitle != "" {
		t.Errorf("speaker %q title %q, want John Ford with no title", q.Speaker, q.SpeakerTitle)
	}
}

// TestNoTitleFromAWorkAfterTheName: a title-cased name set off after a
// person ("the book that introduced me to Ford, The Dragon Waiting.") is
// the name of a work, no title of the person.
func TestNoTitleFromAWorkAfterTheName(t *testing.T) {
	text := "First up is the book that introduced me to John Ford, The Dragon Waiting.\n\n“I wrote it in a year,” Ford said."
	q := quoteOf(t, text, -1)
	if q.Speaker != "John Ford" || q.SpeakerTitle != "" {
		t.Errorf("speaker %q title %q, want John Ford with no title", q.Speaker, q.SpeakerTitle)
	}
}

// TestParenthesisedFirstName: "Coach (Frank) Vogel" names Frank Vogel, whom
// a later "Vogel said" means.
func TestParenthesisedFirstName(t *testing.T) {
	text := "“Coach (Frank) Vogel came in and changed everything,” James said.\n\n“He’s just playing terrific basketball,” Vogel said."
	if q := quoteOf(t, text, -1); q.Speaker != "Frank Vogel" {
		t.Errorf("speaker %q, want Frank Vogel", q.Speaker)
	}
}

// TestNoTitleOpeningWithAPreposition: a sentence's opening comparison
// ("Like a family member, Ebeling said …") is no title of the person.
func TestNoTitleOpeningWithAPreposition(t *testing.T) {
	text := "Betsy Ebeling drove in from Chicago.\n\nLike a family member, Ebeling said it is hard to watch. “It’s the same every time,” Ebeling said."
	if q := quoteOf(t, text, -1); q.Speaker != "Betsy Ebeling" || q.SpeakerTitle != "" {
		t.Errorf("speaker %q title %q, want Betsy Ebeling with no title", q.Speaker, q.SpeakerTitle)
	}
}

// TestTitleAfterAnOpeningAdverbial: the description before a name keeps
// its own words, not the adverbial that opens the sentence.
func TestTitleAfterAnOpeningAdverbial(t *testing.T) {
	text := "On CNN Tuesday, his wife, Jane, called for an open primary. “Shutting people out is wrong,” Jane said."
	first, second := strings.Index(text, "Jane"), strings.LastIndex(text, "Jane")
	got := Extract(text, []Person{{Name: "Jane", Spans: [][2]int{{first, first + 4}, {second, second + 4}}}})
	if len(got) != 1 || got[0].Speaker != "Jane" || got[0].SpeakerTitle != "his wife" {
		t.Errorf("got %s, want Jane, his wife", describe(got))
	}
}
