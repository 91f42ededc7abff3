package digest

import (
	"sort"
	"strings"

	"github.com/digestbot/digestbot/digest/entity"
	"github.com/digestbot/digestbot/digest/quote"
	"github.com/digestbot/digestbot/digest/sentence"
)

// BodySentences returns the sentences of text's paragraph blocks, the only
// ones that may be summary sentences. Each block is split on its own, so a
// heading is never run into the sentence after it.
func BodySentences(text string, blocks []Block) []sentence.Sentence {
	return sentencesOf(text, blocks, BlockKind.summaryKind)
}

// listSentences returns the sentences of text's list items, the summary's
// last resort when the text has no paragraph to pick from.
func listSentences(text string, blocks []Block) []sentence.Sentence {
	out := sentencesOf(text, blocks, func(k BlockKind) bool { return k == ListItem })
	for i, s := range out {
		// A plain text's item keeps its mark ("• ", "2) "); the sentence
		// starts after it.
		if mark := listMarkLen(s.Text); mark > 0 {
			out[i].Text, out[i].Start = s.Text[mark:], s.Start+mark
		}
	}
	return out
}

// listMarkLen is the length of the list mark and space opening line, 0
// when there is none (see isListLine).
func listMarkLen(line string) int {
	if !isListLine(line) {
		return 0
	}
	return strings.IndexByte(line, ' ') + 1
}

func sentencesOf(text string, blocks []Block, keep func(BlockKind) bool) []sentence.Sentence {
	var out []sentence.Sentence
	for _, b := range blocks {
		if !keep(b.Kind) {
			continue
		}
		for _, s := range sentence.Split(text[b.Start:b.End]) {
			s.Start += b.Start
			s.End += b.Start
			out = append(out, s)
		}
	}
	return out
}

// clipBlocks drops blocks that do not lie inside text (a caller's mistake
// or a text cut at maxText) and trims the one that crosses its end.
func clipBlocks(blocks []Block, n int) []Block {
	out := make([]Block, 0, len(blocks))
	for _, b := range blocks {
		b.End = min(b.End, n)
		if b.Start >= 0 && b.Start < b.End {
			out = append(out, b)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// blockAt returns the block holding offset, and false when no block holds
// it.
func blockAt(blocks []Block, offset int) (Block, bool) {
	i := sort.Search(len(blocks), func(i int) bool { return blocks[i].End > offset })
	if i < len(blocks) && blocks[i].Start <= offset {
		return blocks[i], true
	}
	return Block{}, false
}

func firstOfKind(text string, blocks []Block, k BlockKind) string {
	for _, b := range blocks {
		if b.Kind == k {
			return text[b.Start:b.End]
		}
	}
	return ""
}

// evidenced keeps the mentions of each actor that stand in running text and
// drops actors left with none: a name seen only in a heading, a caption or
// a byline ("Road Ahead", "Reprints") is no evidence of an actor.
func evidenced(actors []entity.Actor, blocks []Block) []entity.Actor {
	out := actors[:0]
	for _, a := range actors {
		spans := a.Spans[:0:0]
		for _, sp := range a.Spans {
			// A mention running over a block's end ("Lívia Barros Calado"
			// and the next paragraph's "Gratidão") is not a name.
			if b, ok := blockAt(blocks, sp[0]); ok && b.Kind.evidenceKind() && sp[1] <= b.End {
				spans = append(spans, sp)
			}
		}
		if len(spans) == 0 {
			continue
		}
		a.Spans, a.Mentions = spans, len(spans)
		out = append(out, a)
	}
	return out
}

// confirmed keeps the mentions found in blocks whose words are evidence of
// names, and those found elsewhere (a headline, a heading) that the body
// names too: Title Case makes any run of words look like a name ("How Paul
// Ryan Thinks About Donald Trump"), but "Donald Trump" in the headline is
// the body's Donald Trump, and counts toward what the story is about.
// evidenced later drops the spans outside the body.
func confirmed(ms []entity.Mention, blocks []Block) []entity.Mention {
	inBody := make([]bool, len(ms))
	bodyNames := map[string]bool{}
	for i, m := range ms {
		if b, ok := blockAt(blocks, m.Start); ok && b.Kind.evidenceKind() {
			inBody[i] = true
			bodyNames[m.Text] = true
		}
	}
	out := ms[:0:0]
	for i, m := range ms {
		if inBody[i] || bodyNames[m.Text] {
			out = append(out, m)
		}
	}
	return out
}

// inBlocks keeps the quotes that start in a block whose quotes count: not a
// caption, heading or standfirst repeating the body's words.
func inBlocks(quotes []quote.Quote, blocks []Block) []quote.Quote {
	out := quotes[:0]
	for _, q := range quotes {
		if b, ok := blockAt(blocks, q.Start); ok && b.Kind.quoteKind() {
			out = append(out, q)
		}
	}
	return out
}

// withoutCaptions blanks the caption blocks of text, offsets kept: a
// picture credit ("© Lucy Nicholson Detainees at Otay Mesa …") names no
// one who speaks in the story, yet the nearest name before "the
// spokesperson said" would be it.
func withoutCaptions(text string, blocks []Block) string {
	var b []byte
	for _, bl := range blocks {
		if bl.Kind != Caption {
			continue
		}
		if b == nil {
			b = []byte(text)
		}
		for i := bl.Start; i < bl.End && i < len(b); i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	if b == nil {
		return text
	}
	return string(b)
}
