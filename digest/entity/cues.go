package entity

import "strings"

// appositiveOrgNouns are nouns that, heading an appositive after a name ("Maersk,
// the Danish shipping group, said"), make the name an organisation: no
// person is "the shipping group", whatever the tagger read in the name.
var appositiveOrgNouns = wordSet(`company group firm bank carrier airline maker manufacturer retailer giant
	conglomerate startup start-up insurer broadcaster network newspaper agency operator chain lender
	brand platform producer supplier developer publisher provider automaker carmaker chipmaker
	drugmaker miner utility charity nonprofit non-profit organisation organization union party
	institute university ministry department regulator watchdog club team league federation
	association coalition consortium fund trust exchange outlet`)

// orgOwned are what only an organisation has, after a possessive:
// "Maersk's chief executive", "Acme's headquarters".
var orgOwned = []string{"chief executive", "ceo", "chief financial officer", "cfo", "chief operating officer",
	"headquarters", "subsidiary", "subsidiaries", "shareholders", "board of directors", "share price", "stock price"}

// orgCue reports whether the text right after a name (rest) says the name
// is an organisation: an appositive headed by an organisation noun, or a
// possessive of something only organisations have.
func orgCue(rest string) bool {
	for _, ap := range []string{"'s ", "’s ", "‘s "} {
		if owned, ok := strings.CutPrefix(rest, ap); ok {
			owned = strings.ToLower(owned)
			for _, o := range orgOwned {
				if after, ok := strings.CutPrefix(owned, o); ok && (after == "" || !isWordByte(after[0])) {
					return true
				}
			}
			return false
		}
	}
	for _, det := range []string{", the ", ", a ", ", an "} {
		if phrase, ok := strings.CutPrefix(rest, det); ok {
			return appositiveOrgNouns[appositiveHead(phrase)]
		}
	}
	return false
}

// appositiveHead returns the head noun of a short noun phrase opening
// phrase: the word before a comma, full stop, bracket, a preposition or
// conjunction, or a relative clause ("the Danish shipping group, said" -> "group"), or ""
// when the phrase runs on past five words.
func appositiveHead(phrase string) string {
	words := strings.Fields(phrase)
	for i, w := range words {
		if i == 5 {
			break
		}
		if trimmed := strings.TrimRight(w, ",;.)"); trimmed != w {
			return strings.ToLower(trimmed)
		}
		if i+1 < len(words) {
			switch strings.ToLower(words[i+1]) {
			case "of", "for", "in", "at", "on", "from", "to", "by", "with", "and", "or", "who", "that", "which",
				"whose", "based", "headquartered", "owned":
				return strings.ToLower(w)
			}
		}
	}
	return ""
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c >= 0x80
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// hasOrgCue reports whether the text after mention m says it names an
// organisation (see orgCue); a possessive the mention swallowed counts.
// Only a short window after the mention is read, so that a text of many
// mentions costs linear time.
func hasOrgCue(text string, m Mention) bool {
	rest := text[m.End:min(len(text), m.End+cueWindow)]
	for _, ap := range []string{"'s", "’s", "‘s"} {
		if strings.HasSuffix(m.Text, ap) {
			return orgCue(ap + rest)
		}
	}
	return orgCue(rest)
}

// cueWindow bounds the text read after a mention: an appositive's head
// comes within five words.
const cueWindow = 120
