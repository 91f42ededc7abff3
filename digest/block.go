package digest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/digest/sentence"
	"github.com/digestbot/digestbot/digest/summary"
)

// BlockKind says what part of an article a block is. It decides what the
// engine may take from the block: summary sentences come only from
// paragraphs, quotes also from blockquotes and list items, and actors only
// from running text, never from headings, captions or bylines, whose Title
// Case words look like names to the recogniser.
type BlockKind uint8

// The kinds of block. Paragraph is the zero value: text of unknown shape is
// treated as body text.
const (
	Paragraph  BlockKind = iota
	Title                // the headline
	Standfirst           // the dek: a summary line under the headline, written by an editor
	Heading              // a section heading or a stray headline
	ListItem             // a bullet or numbered item
	Caption              // a photo caption or a repeat of the headline
	Blockquote           // a quoted passage set apart
	Byline               // byline, dateline, time stamp
	Aside                // furniture inside the article: a promotion, navigation, a note about the author or publisher
)

var kindNames = [...]string{"paragraph", "title", "standfirst", "heading", "list_item", "caption", "blockquote", "byline", "aside"}

func (k BlockKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Block is one typed block of an article: text[Start:End] of the text given
// to MakeBlocks. Text outside every block (a dropped comment form, the
// blank lines between blocks) is not part of the article.
type Block struct {
	Kind       BlockKind
	Start, End int
}

// summaryKind reports whether a block's sentences may be summary sentences.
func (k BlockKind) summaryKind() bool { return k == Paragraph }

// quoteKind reports whether a block's quotes may be key quotes: a caption
// or a standfirst repeats a quote the body gives in full.
func (k BlockKind) quoteKind() bool { return k == Paragraph || k == Blockquote || k == ListItem }

// evidenceKind reports whether a name in the block is evidence of an actor.
func (k BlockKind) evidenceKind() bool {
	return k == Paragraph || k == Blockquote || k == ListItem || k == Standfirst
}

// InferBlocks finds the structure of plain text, one line at a time: the
// first line is the title when it reads like one; a line repeating the title
// is a caption; a short line without closing punctuation, or a question in
// Title Case, is a heading; bullet and numbered lines are list items;
// bylines and datelines are bylines; what stands between the title and a
// byline is the standfirst; prose lines run together into paragraphs until
// a blank line or a line of another kind. A comment form at the end ("Leave
// a Reply") and everything after it is left out. title is the headline when
// known, or "".
func InferBlocks(title, text string) []Block {
	var blocks []Block
	normTitle := FoldForCompare(title)
	end := commentFormStart(text)
	para := -1 // index in blocks of the paragraph the next prose line joins
	bylineAt := -1
	for start := 0; start < end; {
		lineEnd := strings.IndexByte(text[start:end], '\n')
		if lineEnd < 0 {
			lineEnd = end
		} else {
			lineEnd += start
		}
		s, e := trimSpace(text, start, lineEnd)
		start = lineEnd + 1
		if s == e {
			para = -1
			continue
		}
		line := text[s:e]
		kind := lineKind(line, normTitle, len(blocks) == 0 && normTitle == "")
		if kind == Heading && start < end && continuesOnNextLine(text[start:end]) {
			kind = Paragraph // a hard-wrapped line of prose, not a heading
		}
		if kind == Title {
			normTitle = FoldForCompare(line)
		}
		if kind == Paragraph && para >= 0 {
			blocks[para].End = e
			continue
		}
		para = -1
		if kind == Paragraph {
			para = len(blocks)
		}
		if kind == Byline && bylineAt < 0 {
			bylineAt = len(blocks)
		}
		blocks = append(blocks, Block{Kind: kind, Start: s, End: e})
	}
	markStandfirst(blocks, bylineAt)
	return blocks
}

// markStandfirst types the paragraphs between the title and the first
// byline, when the byline comes within the first few blocks, as standfirst.
func markStandfirst(blocks []Block, bylineAt int) {
	if bylineAt < 0 || bylineAt > 5 {
		return
	}
	sawTitle := false
	for i := range bylineAt {
		switch blocks[i].Kind {
		case Title:
			sawTitle = true
		case Paragraph:
			if sawTitle {
				blocks[i].Kind = Standfirst
			}
		}
	}
}

// lineKind types one line of plain text (or one block of a page). first is
// set for the first line of a text with no known title.
func lineKind(line, normTitle string, first bool) BlockKind {
	if len(line) > maxShortLine {
		return Paragraph // too long for a heading, caption, byline or list mark-up worth a look
	}
	words := strings.Fields(line)
	norm := FoldForCompare(line)
	switch {
	case normTitle != "" && (norm == normTitle || (len(words) <= 40 && len(normTitle) >= 12 &&
		strings.Contains(norm, normTitle) && !sentence.EndsLikeProse(line))):
		// The headline again, alone or as a caption ("The Harbour Wall
		// (Photo: …)"); a sentence that happens to hold it stays prose.
		return Caption
	case isListLine(line):
		return ListItem
	case len(words) <= 60 && creditLine.MatchString(line):
		return Caption
	case len(words) <= 40 && copyrightLine.MatchString(line):
		return Aside
	case isBylineLine(line, len(words)):
		return Byline
	case first && isHeadingLine(line, words, maxHeadlineWords):
		return Title
	case isHeadingLine(line, words, maxHeadingWords):
		return Heading
	case first && headlineWithStop(line, words):
		return Title
	case isAsideLine(line, len(words)):
		return Aside
	}
	return Paragraph
}

// maxShortLine bounds, in bytes, the lines that may be anything but prose:
// captions and bylines of 40 words fit.
const maxShortLine = 400

// maxHeadingWords bounds a heading; longer lines without a full stop are
// prose with its punctuation lost.
const maxHeadingWords = 14

// isHeadingLine reports whether a line reads as a heading: short, starting
// with a capital or a digit, and either without closing punctuation or a
// question in Title Case ("Why Hasn't the Council Acted?").
func isHeadingLine(line string, words []string, maxWords int) bool {
	if len(words) == 0 || len(words) > maxWords || strings.Contains(line, ". ") {
		return false // a full stop inside: prose whose line was wrapped
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(line, `"'“‘(`))
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(line, `"'”’)`))
	switch last {
	case '.', '!', ',', ';', ':', '…':
		return false
	case '?':
		return len(words) >= 3 && summary.TitleCase(words)
	}
	return true
}

// headlineWithStop reports a Title Case line closed by a full stop, as some
// archives print headlines ("How Paul Ryan Thinks About Donald Trump."):
// the opening line of a text, so a title and no summary sentence.
func headlineWithStop(line string, words []string) bool {
	return len(words) >= 3 && len(words) <= maxHeadlineWords && strings.HasSuffix(strings.TrimRight(line, `"'”’`), ".") &&
		!strings.Contains(line, ". ") && summary.TitleCase(words)
}

// maxHeadlineWords bounds a headline, which runs longer than a section
// heading ("Sidney Blumenthal: ‘No Idea’ If I Would Have Told Hillary
// Private Email Server Was a Bad Idea.", "Alaskan halibut, caught by a
// century-old Seattle boat, provides a glimpse of Amazon’s strategy with
// Whole Foods").
const maxHeadlineWords = 24

// isListLine reports a bullet ("•", "-", "*") or numbered ("1.", "2)") line.
func isListLine(line string) bool {
	r, n := utf8.DecodeRuneInString(line)
	switch r {
	case '•', '-', '*', '–', '▪', '◦', '‣':
		return n < len(line) && line[n] == ' '
	}
	i := 0
	for i < len(line) && i < 3 && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && line[i+1] == ' '
}

var (
	// bylinePattern matches "By Jane Doe", "By Jane Doe | March 3, 2026",
	// "Posted by …", but not a lead such as "By Thursday, the storm had
	// moved north."
	bylinePattern = regexp.MustCompile(`^(?i:(posted |written |words )?by)\s+\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){0,3}((\s*,\s*|\s+(and|&)\s+)\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){0,3})*(\s*[,|/–—-].*)?$`)
	// datelinePattern matches time stamps: "Nov. 4, 2021 6:10 AM EST",
	// "March 3, 2022 / 9:41 PM / Example News", "Updated 3 hours ago",
	// "05/10/2018 - Publicado por: …", "November 19, 2019 at 9:45 am".
	datelinePattern = regexp.MustCompile(`(?i)^((published|updated|posted|last updated|first published)\b.*(\d|\bago\b)|(\p{L}+\.?,? )?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}\b.*|\d{1,2}(st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}\b.*|\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b.*|\d{1,2}:\d{2}\s*([ap]\.?m\.?)?\b.*)$`)
)

var (
	// creditLine matches a photo caption or credit standing alone in plain
	// text: "Photo: Residents line up … (Dana Whitfield / Millbrook Times)",
	// "Image credit: NASA", or a line closing on "(AP Photo/Jane Doe)" or
	// "(Name / Outlet)". Its names credit a photographer, not the story.
	creditLine = regexp.MustCompile(`^(?i:(file )?(photo|photograph|image|picture|illustration|graphic|video|pictured|credit)s?( credit| by)?)\s*[:|]|` +
		`\((?i:(ap |afp |reuters |getty |file )?(photo|image|picture|credit)s?)\b[^()]{0,80}\)$|\(\p{Lu}[^()/]{0,60} / [^()]{1,60}\)$`)
	// copyrightLine matches the rights notice that closes a page.
	copyrightLine = regexp.MustCompile(`^(?i:©|\(c\)|copyright\b)|(?i:all rights reserved)`)
)

// isBylineLine reports a byline or a dateline: a short line that is mostly
// a name or a time stamp. A dateline that runs on into a sentence ("March
// 3 (Reuters) - The company said ...") is prose and ends with a full stop.
func isBylineLine(line string, words int) bool {
	if words > 16 {
		return false
	}
	if bylinePattern.MatchString(line) {
		return true
	}
	if !datelinePattern.MatchString(line) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return last != '.' || words <= 6
}

// commentFormStart returns where a comment form at the end of the text
// begins, or len(text): a line such as "Leave a Reply" or "Your email
// address will not be published" in the last half of the text.
func commentFormStart(text string) int {
	for _, marker := range commentFormMarkers {
		i := indexFold(text, marker)
		if i < 0 || i < len(text)/2 {
			continue
		}
		lineStart := strings.LastIndexByte(text[:i], '\n') + 1
		if strings.TrimSpace(text[lineStart:i]) == "" {
			return lineStart
		}
	}
	return len(text)
}

var commentFormMarkers = []string{
	"leave a reply", "leave a comment", "your email address will not be published",
	"post a comment", "add a comment", "comments are closed",
}

// indexFold is strings.Index ignoring ASCII case; markers are lower case.
func indexFold(s, lowerMarker string) int {
	n := len(lowerMarker)
	for i := 0; i+n <= len(s); i++ {
		if s[i]|0x20 == lowerMarker[0] && strings.EqualFold(s[i:i+n], lowerMarker) {
			return i
		}
	}
	return -1
}

func trimSpace(text string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) && r != '\ufeff' {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	return s, e
}

// FoldForCompare folds case, punctuation and spacing so that a headline
// repeated with other quotes or dashes compares equal.
func FoldForCompare(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// retype applies the plain-text rules to the paragraphs of a page's blocks,
// whose markup often says nothing ("<p><strong>What You Need</strong></p>"
// is a heading, a <p> holding a time stamp is a dateline).
func retype(text, title string, blocks []Block) {
	normTitle := FoldForCompare(title)
	for i := range blocks {
		b := &blocks[i]
		if b.Kind != Paragraph || b.Start < 0 || b.End > len(text) || b.Start >= b.End {
			continue
		}
		line := text[b.Start:b.End]
		if strings.Contains(line, "\n") {
			continue // several lines: prose, or a block the page typed
		}
		b.Kind = lineKind(line, normTitle, false)
	}
	markAbout(text, blocks)
	markClosingBio(text, blocks)
}

// closingBio opens the note about the author or the company that closes
// blog posts and press releases: "Regan is a Southeastern Connecticut
// native …", "Ascom is headquartered in Baar …".
var closingBio = regexp.MustCompile(`^\p{Lu}[\p{L}.'’&-]*( \p{Lu}[\p{L}.'’&-]*){0,3},? (is|are) (a|an|headquartered|based)\b|^\p{Lu}[\p{L}.'’&-]*( \p{Lu}[\p{L}.'’&-]*){0,3},? (was )?founded in\b`)

// markClosingBio types the last paragraphs of a page as asides when they
// are a note about the author or the publisher rather than the story.
func markClosingBio(text string, blocks []Block) {
	seen := 0
	for i := len(blocks) - 1; i >= 0 && seen < 3; i-- {
		b := &blocks[i]
		if b.Kind != Paragraph {
			continue
		}
		seen++
		if closingBio.MatchString(text[b.Start:b.End]) {
			for j := i; j < len(blocks); j++ {
				if blocks[j].Kind == Paragraph {
					blocks[j].Kind = Aside
				}
			}
			// The company note often runs over two paragraphs; the one
			// before it opens the same way.
			if i > 0 && blocks[i-1].Kind == Paragraph && closingBio.MatchString(text[blocks[i-1].Start:blocks[i-1].End]) {
				blocks[i-1].Kind = Aside
			}
			return
		}
	}
}

// aboutHeading opens the note about the author or the publisher that closes
// press releases and blogs ("About Ascom", "About the Author").
var aboutHeading = regexp.MustCompile(`^(?i:about)( the author| us| the company)?( \p{Lu}[\p{L}.&-]*){0,4}:?$`)

// markAbout types the paragraphs under an "About …" heading as asides: the
// boilerplate about who wrote or published the piece, not the story.
func markAbout(text string, blocks []Block) {
	inAbout := false
	for i := range blocks {
		b := &blocks[i]
		switch {
		case b.Kind == Heading:
			inAbout = aboutHeading.MatchString(text[b.Start:b.End])
		case inAbout && b.Kind == Paragraph:
			b.Kind = Aside
		}
	}
}

// isAsideLine reports navigation ("Home » News » Story", "A | B | C") and
// promotions, disclaimers and calls to action on a short line.
func isAsideLine(line string, words int) bool {
	if strings.Contains(line, " » ") || strings.Contains(line, " › ") || strings.Count(line, " | ") >= 2 {
		return true
	}
	return words <= 40 && summary.IsFurniture(line)
}

// continuesOnNextLine reports whether rest (the text after a line) opens
// with a line starting in lower case: the line before was wrapped.
func continuesOnNextLine(rest string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " \t"))
	return unicode.IsLower(r)
}
