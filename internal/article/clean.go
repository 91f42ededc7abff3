package article

import (
	"strings"
	"unicode"

	"github.com/digestbot/digestbot/digest"
)

// The extractor keeps a page's main block, but publishers put boilerplate
// inside it: comment forms, share and newsletter prompts, related-headline
// lists, captions and credits, the headline and byline again. A summariser
// would happily pick any of these as a "sentence", so they go here. Each rule
// only fires on short paragraphs, so prose that merely mentions these words
// survives.

var (
	// commentForm matches the furniture of WordPress-style comment forms.
	commentForm = lazyMustCompile(`(?i)^(comments?( \(\d+\))?|\d+ (comments?|responses?|replies)|show comments|view comments|cancel reply|post a comment|add a comment|join the (conversation|discussion))\s*[:.!]?$|^leave a (reply|comment)\b|your email address will not be published|required fields are marked|save my name, email|notify me of (follow-up comments|new posts)|you must (be )?(logged|signed|log|sign) in to (post|leave) a comment|comments are closed|moderating (all )?comments|^(tell us|let us know) what you think( (about|of) (this|it|the article|the story))?[\s.!?…]*$`)

	// sharePrompt matches share rows and subscribe prompts.
	sharePrompt = lazyMustCompile(`(?i)^(share( this)?( article| story| post| page| on \w+)?|tweet( this)?|email( this)?|print( this)?( article| page)?|facebook|twitter|linkedin|whatsapp|pinterest|reddit|copy link|click to share\b.*)[\s:|,·•]*$|(sign up|subscribe|register)( now| today| free| here)? (for|to) .*(newsletter|updates|alerts|briefing|email)|^get (our|the) .{0,40}newsletter|^follow us on\b|^download (our|the) app\b|^subscribe( now| today)?\b|^thanks? (you )?for (signing up|subscribing)|error processing your subscription|keep an eye on your inbox|\b(to|in|meet|into) your inbox\b|^get (breaking )?news alerts\b|^click here\b`)

	// subscribeOther matches a line that opens with "subscribe" or "sign up"
	// as a command in another language; a story's sentence does not.
	subscribeOther = lazyMustCompile(`(?i)^(abonnieren sie|melden sie sich|jetzt abonnieren|inscrivez-vous|abonnez-vous|suscríbete|suscribite|regístrate|iscriviti|abbonati|assine|inscreva-se|подпишитесь|подписывайтесь|schrijf je in|abonneer je)([\s:!.,]|$)`)

	// relatedHeading matches a heading that introduces a list of headlines.
	relatedHeading = lazyMustCompile(`(?i)^(related( articles?| stories| posts| coverage| content| links| news| reading)?|read more|read next|read also|also read|more (from|on|in) .{0,40}|more stories|more news|you (may|might) (also )?(like|enjoy|be interested in)|recommended( for you| stories| reading)?|most (read|popular|viewed)|trending( now| stories)?|see also|what to read next|popular (now|stories|on .{0,30})|most read( in .{0,30})?|more great .{0,30}stories|explore further|don'?t miss|editor'?s picks|top stories|` + relatedOtherLanguages + `)\s*[:.…›»]*$`)

	// relatedInline matches one teaser line such as "Related: Headline".
	relatedInline = lazyMustCompile(`(?i)^((related|recommended)( \w+)?|read more|read also|also read|see also|see more|read next|more|watch|listen|read|further reading|` + relatedOtherLanguages + `)\s*[:›»|]\s*\S|^don'?t miss\b|^more\b[^:]{0,40}:\s*(https?://|www\.)`)

	// captionCredit matches photo captions and picture credits.
	captionCredit = lazyMustCompile(`(?i)^(photo|photograph|image|picture|video|credit|illustration|graphic|file photo)s?( by| credit| courtesy)?\s*[:|]|\((getty images|afp|ap|reuters|epa|shutterstock|file( photo)?|ap photo[^)]*|[^)]{0,60}(via getty images|/ ?getty|/ ?afp|/ ?ap|/ ?reuters|/ ?epa|/ ?shutterstock|getty images)[^)]*)\)\.?$|(photo|image|picture|credit|photograph)\s*:\s*[^.]{0,60}$|^[^.]{0,80}(/ ?| via )(getty images|afp|ap|reuters|epa|shutterstock|bloomberg)$`)

	// creditOther matches picture credits in other languages: "Foto: dpa",
	// "Bild: Keystone", "Crédit photo : AFP", "Фото: ТАСС", and the Russian
	// "личный архив" ("personal archive", a picture the subject gave).
	creditOther = lazyMustCompile(`(?i)^((фото|foto|fotos|bild|bilder|crédits? photos?|credito|crédito|fotografía|imagem|источник фото)\s*[:|©]|(фото[:]?\s*)?(из )?личн(ый|ого) архив)`)

	// agencyCredit matches the reporting credits that close wire copy.
	agencyCredit = lazyMustCompile(`(?i)^\(?(\w+ )?(additional )?reporting by\b.*(editing|writing) by\b|^\(?(additional )?reporting by\b|^\(?(writing|editing|compiled) by\b.*\)$|^contributing( reporters?)?:|^[^.]{0,80}\bcontributed( reporting)? to this (report|story|article)\.?$`)

	// pageFurniture matches odd single lines: ads, copyright, "Advertisement".
	pageFurniture = lazyMustCompile(`(?i)^(advertisement|advertising|sponsored( content)?|story continues below( advertisement)?|continue reading( below)?|scroll to continue.*|skip (to|the) .*|back to top|loading\.*|copyright (©|ⓒ|\(c\)|\d{4}).*|(©|ⓒ).*|all rights reserved\.?|(estimated )?reading time:? .*|\d+ min(ute)?s? read|tags:?|adverts?|caption|close|sign in|log in|image \d+ of( /)? ?\d+|media playback is unsupported.*|(image|photo|picture) copyright\b[^.]*|copyright\s*@?\s*\d{4}.*|(listen to (this )?(article|story)|play video|watch( the)? video|click to (enlarge|expand)|enlarge this image|(hide|toggle|show) caption|(view|open) (the )?(gallery|slideshow)|\d+ (photos|images))[.:]?)$`)

	// affiliateNotice matches the site-wide notice on shopping articles.
	affiliateNotice = lazyMustCompile(`(?i)\b(this|our) (post|article|page|story|site|guide|review)s? (may )?(contains?|uses?|includes?) affiliate links\b|\bwe (may )?(earn|receive|get) (a )?(small )?(commission|share of (the )?(sales|revenue))|\bas an amazon associate\b`)

	// contactLine matches the reporter's contact and follow lines that close
	// many stories, and citation footers.
	contactLine = lazyMustCompile(`(?i)^((e-?mail|reach|contact|follow)\b.{0,120}(@\w|https?://|\bon (twitter|facebook|instagram|x)\b)|have a (news )?tip\b|citation:.*retrieved)`)

	// bylineLine matches "By Jane Doe" or "By Jane Doe and John Roe, Reuters"
	// but not a lead such as "By Thursday, the storm had moved north."
	bylineLine = lazyMustCompile(`^(?i:by)\s+\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){0,3}((\s*,\s*|\s+(and|&)\s+)\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){0,3})*(\s*[,|–—-]\s*\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){0,5})?$`)

	// datedBylineLine matches a byline run into its date stamp: "By Jane
	// Doe, John Roe on Monday, November 18th, 2019 at 11:08 a.m."
	datedBylineLine = lazyMustCompile(`^(?i:by)\s+\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){1,3}((\s*,\s*|\s+(and|&)\s+)\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){0,3})*\s*(,|\bon\b|\||–|—|-)\s*.*\d`)

	// bareDate matches a date stamp alone on its line, perhaps with its
	// weekday and time: "23 Nov 2017", "Monday, November 18, 2019 11:08 AM",
	// "2019-11-18". The story's own sentences never stand as a bare date.
	bareDate = lazyMustCompile(`(?i)^((mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? )?(\d{1,2}(st|nd|rd|th)?\.? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,? \d{4}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})(,? (at )?\d{1,2}[:.]\d{2}( ?[ap]\.?m\.?)?( [a-z]{2,4})?)?$`)

	// dateLine matches "Published 3 hours ago" and "Updated: June 1, 2020".
	dateLine = lazyMustCompile(`(?i)^(published|updated|posted|last updated|last modified|first published)\b.*(\d|\bago\b)`)
)

// relatedOtherLanguages are "read also", "related articles" and "more on
// this" in the languages digestbot's users read most, for relatedHeading
// and relatedInline.
const relatedOtherLanguages = `lesen sie (auch|mehr)|mehr zum thema|auch interessant|das könnte sie (auch )?interessieren|` +
	`(à )?lire aussi|voir aussi|sur le même sujet|articles? similaires|` +
	`le[ae] también|ver también|te puede interesar|noticias relacionadas|artículos relacionados|` +
	`leggi anche|potrebbe interessarti|articoli correlati|vedi anche|` +
	`leia também|veja também|notícias relacionadas|` +
	`читайте также|смотрите также|по теме|ещё по теме|еще по теме|` +
	`lees ook|meer over dit onderwerp`

// Hints are words a paragraph must contain for the matching regexp to have
// a chance; checking them first keeps the clean-up cheap on long articles.
var (
	commentHints = []string{"comment", "what you think", "repl", "email", "conversation", "discussion", "required", "notify", "save my"}
	shareHints   = []string{"share", "tweet", "email", "print", "facebook", "twitter", "linkedin", "whatsapp",
		"pinterest", "reddit", "copy link", "sign up", "subscribe", "register", "newsletter", "follow us", "download",
		"thank", "inbox", "click", "subscription", "alerts"}
)

func mayMatch(p string, hints []string) bool {
	lower := strings.ToLower(p)
	for _, h := range hints {
		if strings.Contains(lower, h) {
			return true
		}
	}
	return false
}

// shareNetworks are the labels of share-button rows, in a few languages.
var shareNetworks = map[string]bool{
	"facebook": true, "twitter": true, "whatsapp": true, "pinterest": true, "pin": true, "pint": true,
	"linkedin": true, "reddit": true, "telegram": true, "messenger": true, "email": true, "e-mail": true,
	"mail": true, "print": true, "share": true, "tweet": true, "copy": true, "link": true, "flipboard": true,
	"sms": true, "x": true, "baixar": true, "compartir": true, "partager": true, "teilen": true, "condividi": true,
}

// isShareRow reports whether a short paragraph is mostly share-button labels.
func isShareRow(p string) bool {
	var words []string
	for _, w := range strings.Fields(strings.ToLower(p)) {
		if w = strings.Trim(w, ",.|:·•/-"); w != "" {
			words = append(words, w)
		}
	}
	if len(words) < 2 || len(words) > 10 {
		return false
	}
	hits := 0
	for _, w := range words {
		if shareNetworks[w] {
			hits++
		}
	}
	return hits*10 >= len(words)*7
}

// commentsHeading matches the heading of a comment section: "Comments",
// "3 Responses", "Leave a Reply", "Join the discussion".
var commentsHeading = lazyMustCompile(`(?i)^((\d+ )?(comments?|responses?|replies|reader comments)( \(\d+\))?|leave a (reply|comment)|join the (conversation|discussion))\s*[:.!]?$`)

// cutAtComments ends the story at a comment section's heading: readers'
// comments follow the story, and the story does not resume after them. A
// heading in the first half of the text is left to cleanParagraphs, which
// drops the line alone (a story may quote "Comments" as a label). A table
// cell is data, never the page's heading: a column headed "Comment" ends
// nothing.
func cutAtComments(blocks []block) []block {
	total := 0
	for _, b := range blocks {
		total += wordCount(b.text)
	}
	before := 0
	for i, b := range blocks {
		words := wordCount(b.text)
		if i > 0 && words <= 6 && 2*before >= total && !b.cell && commentsHeading.MatchString(b.text) {
			return blocks[:i]
		}
		before += words
	}
	return blocks
}

// hasLetter reports whether s holds a letter of any script.
func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// wordCount counts whitespace-separated words.
func wordCount(s string) int { return len(strings.Fields(s)) }

// endsLikeSentence reports whether a paragraph ends as prose does; headline
// teasers usually do not.
func endsLikeSentence(s string) bool {
	s = strings.TrimRight(s, `"'”’)]»`)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "…")
}

// cleanParagraphs drops boilerplate blocks and returns what is left.
func cleanParagraphs(paras []block, title, byline string) []block {
	normTitle := digest.FoldForCompare(title)
	normByline := digest.FoldForCompare(byline)
	out := make([]block, 0, len(paras))
	inRelated := 0 // how many teaser headlines we may still drop after a related heading
	for i, b := range paras {
		p := b.text
		words := wordCount(p)
		norm := digest.FoldForCompare(p)
		if inRelated > 0 {
			// A list under the heading is its teasers, however they end.
			if (words <= 20 && !endsLikeSentence(p)) || (b.kind == digest.ListItem && words <= 40) {
				inRelated--
				continue
			}
			inRelated = 0
		}
		if len(out) > 0 && norm == digest.FoldForCompare(out[len(out)-1].text) {
			continue
		}
		switch {
		case norm == "":
			continue
		case words <= 8 && relatedHeading.MatchString(p):
			inRelated = 12
			continue
		case i < 4 && len(out) < 3 && words <= 30 && isHeadlineRepeat(norm, normTitle):
			continue
		case i < 6 && len(out) < 3 && words <= 14 && (bylineLine.MatchString(p) || (normByline != "" && norm == normByline) || dateLine.MatchString(p)):
			continue
		case i < 6 && len(out) < 3 && words <= 25 && datedBylineLine.MatchString(p):
			continue
		case words <= 40 && mayMatch(p, commentHints) && commentForm.MatchString(p):
			continue
		case words <= 25 && mayMatch(p, shareHints) && sharePrompt.MatchString(p):
			continue
		case words <= 25 && subscribeOther.MatchString(p):
			continue
		case words <= 25 && strings.ContainsAny(p, ":›»|") && relatedInline.MatchString(p):
			continue
		case words <= 60 && (strings.ContainsAny(p, ":|/") || strings.HasSuffix(p, ")") || strings.HasSuffix(p, ").") || strings.Contains(p, " via ")) && captionCredit.MatchString(p):
			continue
		case words <= 12 && creditOther.MatchString(p):
			continue
		case words <= 60 && mayMatch(p, []string{"by", "contribut"}) && agencyCredit.MatchString(p):
			continue
		case words <= 15 && pageFurniture.MatchString(p):
			continue
		case words <= 50 && affiliateNotice.MatchString(p):
			continue
		case words <= 40 && contactLine.MatchString(p):
			continue
		case words <= 6 && dateLine.MatchString(p):
			continue
		case words <= 8 && bareDate.MatchString(p):
			continue
		case words <= 3 && !hasLetter(p):
			continue // a counter or a page number: figures without a word
		case isShareRow(p):
			continue
		case normByline != "" && norm == normByline:
			continue // the author's name again, at the foot of the story
		case i >= len(paras)-3 && words <= 60 && (isAuthorBio(p, byline) || isStrangerBio(p, out)):
			continue
		}
		out = append(out, b)
	}
	return out
}

// bioVerb follows the author's name in the note about them that closes
// many stories: "Jane Doe is a reporter for ...", "Jane Doe (@jdoe) writes ...".
var bioVerb = lazyMustCompile(`^(\s*\([^)]*\))?,?\s+((is|was|has been) (a|an|the)\b.{0,80}\b(reporter|writer|editor|correspondent|journalist|columnist|contributor|producer|author|critic|freelancer?|intern|publisher|staff)|covers|writes|reports)\b`)

// isAuthorBio reports whether a paragraph is a note about the byline's
// author (or one of them).
func isAuthorBio(p, byline string) bool {
	for _, name := range strings.FieldsFunc(byline, func(r rune) bool { return r == ',' || r == '&' || r == ';' }) {
		name = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), "and "))
		if wordCount(name) < 2 || !strings.HasPrefix(p, name) {
			continue
		}
		if bioVerb.MatchString(p[len(name):]) {
			return true
		}
	}
	return false
}

// bioOpening is the start of a note about a writer: a name, perhaps a
// contact in brackets, then what they do ("Jane Doe (jdoe@x.com) is the
// editor of ...", "John Roe covers energy").
var bioOpening = lazyMustCompile(`^(\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){1,3})(\s*\([^)]*\))?,?\s+(is (a|an|the)\b.{0,80}\b(reporter|writer|editor|correspondent|journalist|columnist|contributor|producer|author|critic|freelancer?|publisher)|covers|writes about|reports on)\b`)

// isStrangerBio reports whether a paragraph at the foot of the story is a
// note about someone the story never mentioned: its writer, when the page
// names no byline (or another one). A story that ends on a journalist it
// is about has named them before.
func isStrangerBio(p string, story []block) bool {
	m := bioOpening().FindStringSubmatch(p)
	if m == nil {
		return false
	}
	names := strings.Fields(m[1])
	surname := names[len(names)-1]
	for _, b := range story {
		if strings.Contains(b.text, surname) {
			return false
		}
	}
	return true
}

// isHeadlineRepeat reports whether a paragraph repeats the title, allowing
// for either one being a shortened form of the other (a " | Site" suffix on
// the title, a kicker on the heading).
func isHeadlineRepeat(norm, normTitle string) bool {
	if normTitle == "" || len(norm) < 12 || len(normTitle) < 12 {
		return false
	}
	return norm == normTitle || strings.HasPrefix(normTitle, norm) ||
		(strings.HasPrefix(norm, normTitle) && len(norm) <= 2*len(normTitle))
}
