package article

import (
	"strings"

	"github.com/digestbot/digestbot/digest"
)

// typeBlocks types what markup left as plain paragraphs but the page's
// layout gives away: a photo caption sits right above its picture credit.
func typeBlocks(blocks []block) {
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
