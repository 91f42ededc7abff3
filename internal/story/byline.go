package story

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/digest/entity"
)

// Byline writes a speaker with their title the way a news story does: an
// office goes before the name ("Prime Minister Boris Johnson", "Gov. Kristi
// Noem", "Former UN Secretary-General Ban Ki-moon"), a party tag after it in
// brackets ("Ilhan Omar (D-Minn.)"), and any other description after a
// comma ("Carsten Fritsch, Commerzbank analyst", "Jane Doe, Chatham
// House"). It is "" when there is no speaker.
func Byline(speaker, title string) string {
	speaker, title = strings.TrimSpace(speaker), strings.TrimSpace(title)
	switch {
	case speaker == "":
		return ""
	case title == "":
		return speaker
	case partyTag.MatchString(title):
		return speaker + " (" + title + ")"
	case isOffice(title):
		return title + " " + speaker
	}
	return speaker + ", " + title
}

// partyTag is a US party and state tag: "D-Minn.", "R-W.Va.", "I-Vt.".
var partyTag = regexp.MustCompile(`^[DRI]-[A-Z][A-Za-z.]{0,8}$`)

// isOffice reports whether a title is an office written before a name: a
// few words, each capitalised, the last an office ("White House Press
// Secretary", "U.S. Attorney", "Dr."). A description in lower case
// ("the principal deputy press secretary") or ending in an affiliation
// ("Chatham House") is written after the name.
func isOffice(title string) bool {
	words := strings.Fields(title)
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return false
		}
	}
	return entity.IsOfficeWord(words[len(words)-1])
}
