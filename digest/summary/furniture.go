package summary

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsFurniture reports whether text (a sentence or a short block) is page
// furniture rather than news: see isFurniture.
func IsFurniture(text string) bool { return isFurniture(text, strings.Fields(text)) }

// isFurniture reports a span that ends like a sentence but is not one a
// reader wants on a card: a time stamp or byline, a stock ticker, a
// disclaimer, a call to action or a teaser, or a question headline. Each
// rule names the thing it removes; none is fitted to a data set.
func isFurniture(span string, words []string) bool {
	lower := strings.ToLower(span)
	switch {
	case len(words) <= 16 && strings.ContainsAny(span, "0123456789") && proseWords(words) < 3 && timeStamp.MatchString(span):
		return true // "Nov. 4, 2021 6:10 AM EST", "March 3, 2022 / 9:41 PM / Example News"
	case isTicker(words):
		return true
	case isFormula(words):
		return true
	case containsAny(lower, disclaimers):
		return true
	case containsAny(lower, callsToAction) || imperativeToReader(lower):
		return true
	case strings.HasSuffix(span, "?") && len(words) <= 16 && TitleCase(words):
		return true // "Why Hasn't the Council Acted?"
	}
	return false
}

// timeStamp matches a date with a clock time or a date leading a short
// line: such a span dates the page, it does not tell the story.
var timeStamp = regexp.MustCompile(`(?i)(\b\d{1,2}:\d{2}\s*([ap]\.?m\.?|[A-Z]{2,4}\b)|^(\p{L}+,? )?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}\b|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b(published|updated|posted)\b.{0,30}\d{4})`)

// isTicker reports a stock quote line: "ACME ACME CORP. 101.20 -3.10
// -2.97%", mostly figures, signed changes and capitals.
func isTicker(words []string) bool {
	if len(words) > 14 {
		return false
	}
	figures, signed := 0, 0
	for _, w := range words {
		if strings.ContainsAny(w, "0123456789") && strings.Trim(w, "+-−$€£%.,0123456789") == "" {
			figures++
			if strings.HasPrefix(w, "-") || strings.HasPrefix(w, "+") || strings.HasPrefix(w, "−") || strings.HasSuffix(w, "%") {
				signed++
			}
		}
	}
	return figures >= 2 && signed >= 1 && figures*3 >= len(words)
}

// isFormula reports a span of symbols, digits and single letters that
// ends like a sentence: an equation or a table row ("1 (ϕ 5 − ϕ) e 2 5 π =
// 1 + e − 2 π …") that extraction flattened into text. Prose has a word
// of two letters or more at least every fourth token, even between symbols
// ("x = 3, y = 4 and z = 5 in the example.").
func isFormula(words []string) bool {
	if len(words) < 6 {
		return false
	}
	wordy := 0
	for _, w := range words {
		letters := 0
		for _, r := range w {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		if letters >= 2 {
			wordy++
		}
	}
	return wordy*4 < len(words)
}

// disclaimers are notes about the page, not the news.
var disclaimers = []string{
	"affiliate link", "affiliate commission", "may earn a commission", "may earn an affiliate",
	"we may earn", "may receive a commission", "this post may contain", "this article may contain",
	"sponsored by", "powered by", "paid partnership", "this content was produced",
	"views expressed", "for informational purposes only", "does not constitute", "not financial advice",
	"terms of use", "privacy policy", "comments are moderated", "will not be approved",
	"não serão aprovados",
}

// callsToAction ask the reader to do something other than read on.
var callsToAction = []string{
	"sign up for", "subscribe to", "subscribe now", "click here", "click the link", "tap here",
	"download the app", "download our", "follow us on", "like us on", "share this", "start your day with",
	"get the latest", "get our", "don't miss", "read more:", "read the full", "watch the video", "watch:",
	"listen to the", "join the conversation", "we send an email", "send you an email", "to your inbox", "in your inbox", "let us know in the comments", "leave a comment", "sign in to",
}

// imperativeToReader reports a sentence that tells the reader where to go
// next: "Follow Pam Key on Twitter @pamkeyNEN.", "Read part 1 here, and part
// 2 here.", or an editor's note about the piece ("Editor’s Note: The
// following is part 3 of 3 …", "Please note that this is the first half
// of …").
func imperativeToReader(lower string) bool {
	switch {
	case strings.HasPrefix(lower, "follow "):
		return strings.Contains(lower, "@") || containsAny(lower, []string{" on twitter", " on facebook", " on instagram", " on x "})
	case strings.HasPrefix(lower, "read "), strings.HasPrefix(lower, "click "):
		return strings.Contains(lower, " here")
	case strings.HasPrefix(lower, "see "), strings.HasPrefix(lower, "for "):
		return seeAlso.MatchString(lower)
	}
	return strings.HasPrefix(lower, "editor's note") || strings.HasPrefix(lower, "editor’s note") ||
		strings.HasPrefix(lower, "please note") || strings.HasPrefix(lower, "note:")
}

// seeAlso matches a cross-reference: "See below for …", "For a primer on
// promposals, see previous years' winners …", "For more, see …". Its
// imperative sends the reader to another piece; "see" later in a clause
// ("For years, residents could see the fires") is prose.
var seeAlso = regexp.MustCompile(`^(see (below|above|more|also|our|the full|previous|related|how|what|which|who|where|why|when|this|these)\b|for [^,;]{1,60}, see )`)

func containsAny(s string, subs []string) bool {
	for _, m := range subs {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// TitleCase reports whether the words after the first are mostly
// capitalised, short function words aside: a headline, not a question a
// writer asks in running prose.
func TitleCase(words []string) bool {
	upper, lower := 0, 0
	for _, w := range words[1:] {
		w = strings.TrimLeft(w, `"'“‘(`)
		if len(w) <= 3 && strings.ToLower(w) == w {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	return upper >= 2 && upper >= 2*lower
}

// proseWords counts the lower-case words of a span other than those a time
// stamp holds ("at", "am"): a sentence that tells of a time ("The bomb went
// off at 6:10 p.m.") has several, a time stamp has none.
func proseWords(words []string) int {
	n := 0
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		switch strings.Trim(strings.ToLower(w), ".,") {
		case "at", "am", "pm", "a.m", "p.m", "on", "updated", "published", "posted":
			continue
		}
		if unicode.IsLower(r) {
			n++
		}
	}
	return n
}
