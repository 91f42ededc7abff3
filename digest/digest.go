// Package digest turns an article's text into a story card's content: a few
// verbatim summary sentences, its key quotes with their speakers, and its main
// actors. It is pure and offline: text in, values out, no I/O.
//
// The work is split by job: sentence splits, summary picks sentences, entity
// finds people, organisations and places, quote finds and attributes
// quotations. Digest runs them in that order and shares their results (the
// recogniser's persons resolve quote speakers; quotes that repeat the summary
// are not key quotes).
package digest

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/digest/entity"
	"github.com/digestbot/digestbot/digest/quote"
	"github.com/digestbot/digestbot/digest/summary"
)

// Options bound how much a digest holds. Zero values mean the defaults.
type Options struct {
	Sentences int // summary sentences, default 3
	Quotes    int // key statements, default 3; a quote split around "he said" comes as its parts
	Actors    int // actors, default 10
	// Budget bounds the time the digest may take (DefaultBudget when 0,
	// none when negative); see Digest.Overrun.
	Budget time.Duration
	// All lists every quote found, in text order, and every actor, instead
	// of the card's selection: for analysts and for evaluation.
	All bool
}

// Digest is what the engine makes of one article. Offsets are bytes into the
// text given to Make.
type Digest struct {
	Summary []Sentence `json:"summary"`
	Quotes  []Quote    `json:"quotes"`
	Actors  []Actor    `json:"actors"`
	// Overrun is set when the digest ran out of its Budget and holds only
	// the stages it finished: the caller should log it (digest does no I/O).
	Overrun bool `json:"overrun,omitempty"`
}

// Sentence is one verbatim summary sentence: text[Start:End].
type Sentence struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Quote is a key quote: Text is verbatim text[Start:End] without its marks.
type Quote struct {
	Text         string `json:"text"`
	Speaker      string `json:"speaker"`
	SpeakerTitle string `json:"speaker_title"`
	Start        int    `json:"start"`
	End          int    `json:"end"`
}

// Actor is a person, organisation or place with every mention's offsets.
type Actor struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Mentions int      `json:"mentions"`
	Spans    [][2]int `json:"spans"`
}

// trimLeadingDash drops the dash a dateline leaves before a sentence
// ("(Reuters) — The company said …" splits after the agency): a card's
// sentence opens with its first word.
func trimLeadingDash(s Sentence) Sentence {
	rest := strings.TrimLeft(s.Text, "—–- \t")
	if rest == s.Text || rest == "" {
		return s
	}
	if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsUpper(r) {
		return s
	}
	s.Start += len(s.Text) - len(rest)
	s.Text = rest
	return s
}

// maxText bounds the work one article may cost; longer texts are digested
// from their first maxText bytes (news articles are far shorter).
const maxText = 256 << 10

// Make digests text. title may be empty. Invalid UTF-8, binary junk and empty
// text give an empty or partial digest, never a panic. The text's structure
// is inferred from its lines (InferBlocks).
func Make(title, text string, opts Options) Digest {
	return MakeBlocks(title, text, nil, opts)
}

// MakeBlocks digests text whose structure is known: blocks, in text order,
// type spans of text (see BlockKind for what each kind may give). nil blocks
// are inferred from the lines of text. Paragraph blocks that read as
// headings or datelines are retyped by the plain-text rules, since pages
// often mark up a heading as a bold paragraph.
func MakeBlocks(title, text string, blocks []Block, opts Options) (d Digest) {
	opts = opts.withDefaults()
	b := newBudget(opts.Budget)
	defer func() { d.Overrun = b.over }()
	if len(text) > maxText {
		cut := maxText
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	if strings.TrimSpace(text) == "" {
		return d
	}
	if blocks == nil {
		blocks = InferBlocks(title, text)
	} else {
		blocks = clipBlocks(blocks, len(text))
		retype(text, title, blocks)
	}
	if title == "" {
		title = firstOfKind(text, blocks, Title)
	}
	picked := summary.Select(title, text, BodySentences(text, blocks), opts.Sentences)
	if len(picked) == 0 {
		// A post told wholly in list items (release notes, a weekly
		// roundup) still gets a summary from the items that read as prose.
		picked = summary.Select(title, text, listSentences(text, blocks), opts.Sentences)
	}
	for _, s := range picked {
		d.Summary = append(d.Summary, trimLeadingDash(Sentence{Text: s.Text, Start: s.Start, End: s.End}))
	}

	if b.spent() {
		return d
	}
	actors := evidenced(entity.Actors(text, confirmed(entity.Recognize(text), blocks)), blocks)
	var people []quote.Person
	for _, a := range actors {
		if a.Kind == entity.Person {
			people = append(people, quote.Person{Name: a.Name, Spans: a.Spans})
		}
	}
	avoid := make([]string, len(d.Summary))
	for i, s := range d.Summary {
		avoid[i] = s.Text
	}
	quotes, _ := quote.ExtractWithin(withoutCaptions(text, blocks), people, b.spent)
	quotes = inBlocks(quotes, blocks)
	speakers := map[string]bool{}
	for _, q := range quotes {
		if q.Speaker != "" {
			speakers[q.Speaker] = true
		}
	}
	key := quotes
	if !opts.All {
		key = quote.KeyAvoiding(quotes, opts.Quotes, avoid)
	}
	for _, q := range key {
		d.Quotes = append(d.Quotes, Quote{Text: q.Text, Speaker: q.Speaker, SpeakerTitle: q.SpeakerTitle, Start: q.Start, End: q.End})
	}
	if opts.All {
		opts.Actors = len(actors)
	}
	d.Actors = cardActors(text, actors, speakers, opts.Actors, opts.All)
	return d
}

// cardActors picks up to n actors for the card, most salient first; all
// keeps the unsure ones of a text that is not English too.
func cardActors(text string, actors []entity.Actor, speakers map[string]bool, n int, all bool) []Actor {
	// The recogniser is trained on English news; elsewhere capitalised common
	// nouns ("Donnerstag") look like names (see confidentActor).
	var lowered map[string]bool
	lang := Language(text)
	if !all && lang != "" && lang != "en" {
		lowered = lowerWords(text)
	}
	var out []Actor
	for _, a := range actors {
		if len(out) == n {
			break
		}
		if lowered != nil && !confidentActor(text, a, lang, speakers, lowered) {
			continue
		}
		// Someone quoted is a person, whatever the tagger made of the name
		// alone ("Sofia Brandt" as a place); organisations do speak, and so
		// do countries and cities ("China said …"), so only places the
		// gazetteer does not know are corrected.
		if a.Kind == entity.Place && speakers[a.Name] && !entity.KnownPlace(a.Name) {
			a.Kind = entity.Person
		}
		out = append(out, Actor{Name: a.Name, Kind: string(a.Kind), Mentions: a.Mentions, Spans: a.Spans})
	}
	return out
}

func (o Options) withDefaults() Options {
	if o.Sentences <= 0 {
		o.Sentences = summary.DefaultN
	}
	if o.Quotes <= 0 {
		o.Quotes = 3
	}
	if o.Actors <= 0 {
		o.Actors = 10
	}
	return o
}
