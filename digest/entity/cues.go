package entity

import (
	"strings"
	"unicode"
)

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
// organisation (see orgCue), or the text before it does ("chief
// executive of"); a possessive the mention swallowed counts.
// Only a short window after the mention is read, so that a text of many
// mentions costs linear time.
func hasOrgCue(text string, m Mention) bool {
	if jobBefore(text[max(0, m.Start-cueWindow):m.Start]) {
		return true
	}
	rest := text[m.End:min(len(text), m.End+cueWindow)]
	for _, ap := range []string{"'s", "’s", "‘s"} {
		if strings.HasSuffix(m.Text, ap) {
			return orgCue(ap + rest)
		}
	}
	return orgCue(rest)
}

// companyJobs are the posts and people only an organisation has: "chief
// executive of Ceres Robotics", "an analyst at Kotak".
var companyJobs = wordSet(`ceo cfo coo executive founder co-founder cofounder chairman chairwoman
	shareholders stockholders employees executives analyst analysts economist economists engineer
	engineers researcher researchers`)

// jobBefore reports whether before ends in a company job and "of" or "at"
// (and "the"), as "chief executive of " does before a company's name. It
// reads the last words without splitting the window: it runs on every
// mention.
func jobBefore(before string) bool {
	w, rest := popWord(before)
	if strings.EqualFold(w, "the") {
		w, rest = popWord(rest)
	}
	if !strings.EqualFold(w, "of") && !strings.EqualFold(w, "at") {
		return false
	}
	job, _ := popWord(rest)
	return companyJobs[strings.ToLower(strings.Trim(job, ","))]
}

// popWord returns the last space-separated word of s and what comes
// before it.
func popWord(s string) (word, rest string) {
	w := lastWord(s)
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	return w, s[:len(s)-len(w)]
}

// cueWindow bounds the text read after a mention: an appositive's head
// comes within five words.
const cueWindow = 120

// joinAdjacentPersons mends person names the tagger split: two person
// mentions with only a space between them ("Ted" "Cruz") are one, and so
// is a person mention followed by a word the text names a person by alone
// elsewhere ("Ted" then an untagged "Cruz", who is "Cruz" fifteen times).
// A card then reads "Ted Cruz", and the surname merges with his mentions.
func joinAdjacentPersons(text string, ms []Mention) []Mention {
	alone := map[string]bool{}
	for _, m := range ms {
		if m.Kind == Person && !strings.Contains(m.Text, " ") {
			alone[m.Text] = true
		}
	}
	out := make([]Mention, 0, len(ms))
	for i, m := range ms {
		if n := len(out); n > 0 && m.Kind == Person && out[n-1].Kind == Person &&
			m.Start == out[n-1].End+1 && m.Start <= len(text) && text[m.Start-1] == ' ' {
			out[n-1].End = m.End
			out[n-1].Text = text[out[n-1].Start:m.End]
			continue
		}
		if m.Kind == Person && !strings.Contains(m.Text, " ") {
			nextFree := i+1 == len(ms) || ms[i+1].Start > m.End+1
			if w := nextWord(text, m.End); nextFree && w != "" && w != m.Text && alone[w] {
				m.End += 1 + len(w)
				m.Text = text[m.Start:m.End]
			}
		}
		out = append(out, m)
	}
	return out
}

// nextWord returns the word of letters right after a single space at i, or "".
func nextWord(text string, i int) string {
	if i >= len(text) || text[i] != ' ' {
		return ""
	}
	rest := text[i+1 : min(len(text), i+1+cueWindow)]
	end := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	if end < 0 {
		end = len(rest)
	}
	return rest[:end]
}

// extraDemonyms are words for peoples the gazetteer lacks.
var extraDemonyms = wordSet(`latino latina latinos latinas hispanic hispanics`)

// isDemonym reports whether a merge key names a people ("Americans",
// "Latino"): a group of people a story talks about, not an actor the card
// should list.
func isDemonym(k string) bool {
	if strings.Contains(k, " ") {
		return false
	}
	if extraDemonyms[k] {
		return true
	}
	for _, w := range []string{k, strings.TrimSuffix(k, "s")} {
		if lexicon.Lookup(w)&demonymBit != 0 {
			return true
		}
	}
	return false
}

// demonymBit is gazetteer class 6 (lexicon.txt): nationality words.
const demonymBit = 1 << 5
