package entity

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// furniture are the words of page furniture and section labels that a
// page capitalises like names ("BREAKING NEWS", "Reprints", "Step 2", "The
// Road Ahead"), and the clock words of datelines ("6:10 AM EST"). A
// mention made only of them is no actor; one that merely contains one
// ("Fox News", "Road Safety Authority") is kept.
var furniture = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`breaking news reprints reprint permissions step steps road ahead
		advertisement advertising sponsored subscribe subscription subscribers newsletter share related
		comments comment updated update published exclusive live watch video videos photo photos gallery
		listen podcast opinion analysis editorial explainer trending topics menu home search sign login
		log follow more read top stories story latest headlines click here continue reading print email
		copyright rights reserved image images caption credit key takeaways takeaway bottom line next
		conclusion introduction summary overview background alert developing faq what's whats
		am pm a.m. p.m. est edt cst cdt mst mdt pst pdt akst hst gmt utc bst cet cest ist jst aest et pt ct`) {
		furniture[w] = true
	}
}

// isFurniture reports whether every word of name is a furniture word, a
// number or a stray mark, and at least one is a furniture word.
func isFurniture(name string) bool {
	any := false
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return unicode.IsSpace(r) || r == ':' || r == '|' || r == '/'
	}) {
		w = strings.Trim(w, ".,;!?\"'’‘“”()[]-–—")
		switch {
		case w == "":
		case furniture[w] || furniture[w+"."]:
			any = true
		case strings.IndexFunc(w, unicode.IsLetter) < 0:
		default:
			return false
		}
	}
	return any
}

// isPossessive reports whether a token is a possessive ending: "'s" with
// any of the apostrophes pages use, or a bare apostrophe ("Jones'").
func isPossessive(tok string) bool {
	switch strings.ToLower(tok) {
	case "'s", "’s", "‘s", "'", "’", "‘":
		return true
	}
	return false
}

// datelineCue finds what makes a short line a dateline or byline rather
// than prose: a clock time, a day and month, a year, "5 min read".
var datelineCue = regexp.MustCompile(`(?i)\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b|\b\d+ min(?:ute)?s? read\b|` +
	`\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b`)

// furnitureLines returns the byte ranges of the lines of text that are
// datelines or bylines: at most 160 bytes and 16 words, not ending like a
// sentence, with a date or time in them ("March 3, 2022 / 9:41 PM /
// Example News", "By Jane Doe | Example News | 5 min read"). The names in
// them are the site's and the author's, not the story's actors.
func furnitureLines(text string) [][2]int {
	var out [][2]int
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		line := strings.TrimSpace(text[start:end])
		if line != "" && len(line) <= 160 && len(strings.Fields(line)) <= 16 &&
			!endsSentence(line) && datelineCue.MatchString(line) {
			out = append(out, [2]int{start, end})
		}
		start = end + 1
	}
	return out
}

func endsSentence(line string) bool {
	r, _ := utf8.DecodeLastRuneInString(line)
	if r != '.' && r != '!' && r != '?' {
		return false
	}
	lower := strings.ToLower(line)
	return !strings.HasSuffix(lower, "a.m.") && !strings.HasSuffix(lower, "p.m.")
}

// inRanges reports whether [s, e) lies inside one of the ranges.
func inRanges(rs [][2]int, s, e int) bool {
	for _, r := range rs {
		if s >= r[0] && e <= r[1] {
			return true
		}
	}
	return false
}

// isAgencyTag reports whether the mention at [s, e) is the news agency or
// site in parentheses of a dateline opening a paragraph: "WASHINGTON
// (Reuters) -", "LONDON, England (CNN) --".
func isAgencyTag(text string, s, e int) bool {
	if s == 0 || e >= len(text) || text[s-1] != '(' || text[e] != ')' {
		return false
	}
	lineStart := strings.LastIndexByte(text[:s], '\n') + 1
	if s-lineStart > 60 {
		return false
	}
	rest := strings.TrimLeft(text[e+1:], " \t")
	return strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, "–") ||
		strings.HasPrefix(rest, ":")
}
