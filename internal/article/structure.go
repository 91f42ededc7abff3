package article

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/digest"
)

// typeBlocks types what markup left as plain paragraphs but the page's
// layout gives away: a photo caption sits right above its picture credit,
// a sentence set as a heading above the story is its dek, and a <pre>
// beside the prose is a listing.
func typeBlocks(blocks []block) {
	markDek(blocks)
	markListings(blocks)
	for i := range blocks {
		if strings.HasPrefix(blocks[i].text, "©") {
			blocks[i].kind = digest.Caption // "© Agency Caption text": a credit run into its caption
			continue
		}
		if !isCredit(blocks[i].text) {
			continue
		}
		blocks[i].kind = digest.Caption
		if strings.HasSuffix(blocks[i].text, ":") && wordCount(blocks[i].text) <= 2 && i+1 < len(blocks) {
			blocks[i+1].kind = digest.Caption // "Photo:" alone, its credit in the next block
			continue
		}
		if i > 0 && blocks[i-1].kind == digest.Paragraph && wordCount(blocks[i-1].text) <= maxCaptionWords {
			blocks[i-1].kind = digest.Caption
		}
	}
}

// maxCaptionWords bounds a caption; a longer paragraph above a credit is
// the story, with the credit of a picture set beside it.
const maxCaptionWords = 60

// creditMarkers name picture agencies and credit labels, in lower case.
var creditMarkers = []string{
	"getty images", "afp", "reuters", "ap photo", "associated press", "©", "(image:", "image:", "photo:",
	"photograph:", "credit:", "shutterstock", "bloomberg", "epa", "pa images", "pa wire", "alamy",
	"(photo", "courtesy of", "illustration:", "фото:", "foto:",
}

// isCredit reports whether a block is a picture credit: a short line naming
// an agency or a credit label, without a sentence's full stop.
func isCredit(s string) bool {
	if wordCount(s) > 12 || (strings.HasSuffix(s, ".") && !strings.HasSuffix(s, ").")) {
		return false
	}
	lower := strings.ToLower(s)
	for _, m := range creditMarkers {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

// maxDekBlock is how far down the page a dek may sit: under a kicker and
// the headline at most.
const maxDekBlock = 3

// markDek types as standfirst a heading above the story's first paragraph
// that reads as a sentence: sites set the dek in an <h2> under the
// headline ("Two-year-old bug exposes thousands of servers to crippling
// attack."), and a section heading is a short label, not a sentence in
// sentence case.
func markDek(blocks []block) {
	for i := 0; i < len(blocks) && i < maxDekBlock; i++ {
		switch blocks[i].kind {
		case digest.Paragraph:
			return
		case digest.Heading:
			if isSentence(blocks[i].text) {
				blocks[i].kind = digest.Standfirst
				return
			}
		}
	}
}

// isSentence reports whether s reads as a sentence: eight words or more,
// closing on a full stop, a question or an exclamation mark, and written
// in sentence case (several words in lower case), not Title Case.
func isSentence(s string) bool {
	words := strings.Fields(s)
	if len(words) < 8 || !endsLikeSentence(s) {
		return false
	}
	lower := 0
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
			lower++
		}
	}
	return lower >= 3
}

// markListings sets the preformatted blocks of a story apart, as asides,
// when prose holds most of its text: there a <pre> is a code listing or a
// data dump, whose string literals are no one's quotes ("Fetch failed!")
// and whose lines are no summary sentences. A story that is all <pre> (a
// mailing-list post, a plain-text release) stays prose.
func markListings(blocks []block) {
	var pre, all int
	for _, b := range blocks {
		all += b.runes
		if b.pre {
			pre += b.runes
		}
	}
	if pre == 0 || 2*pre >= all {
		return
	}
	for i := range blocks {
		if blocks[i].pre && blocks[i].kind == digest.Paragraph {
			blocks[i].kind = digest.Aside
		}
	}
}
