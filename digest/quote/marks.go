package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// markKind tells which family a quotation mark belongs to; a quote opened
// with one family is closed only by the same family, so marks of another
// family inside it are nested quotes.
type markKind uint8

const (
	kindStraight markKind = iota + 1 // "
	kindCurly                        // “ ” „ (and « » for the same role)
	kindSingle                       // ‘ ’ used as the outer mark (British style)
)

// segment is one top-level quoted stretch inside a paragraph: the opening
// mark at open, the inner text [inStart, inEnd), and the byte after the
// closing mark at closeEnd (closeEnd == inEnd when the paragraph ended first).
type segment struct {
	open, inStart, inEnd, closeEnd int
	// continues is set when the quote runs on into the next paragraph, which
	// opens with a fresh mark: the news convention for multi-paragraph quotes.
	continues bool
}

// rawQuote is one quotation after paragraph continuations are joined.
type rawQuote struct {
	open, inStart, inEnd, closeEnd int
	// title is set for a quoted name of a show, book or slogan ("Meet the
	// Press"): a quote only when a speaker is reported saying it.
	title bool
}

// findQuotes pairs quotation marks line by line. A quote still open at the
// end of a line runs on into the next line when that line is not a new
// paragraph (a hard line wrap); it is continued by a next paragraph that
// opens with a fresh mark (the news convention for multi-paragraph quotes);
// otherwise it ends with its paragraph. Never panics on unbalanced input.
func findQuotes(text string) []rawQuote {
	singleOuter := !hasDoubleMarks(text)
	var segs []segment
	var st scanState
	for lStart := 0; lStart < len(text); {
		lEnd := lStart
		for lEnd < len(text) && text[lEnd] != '\n' {
			lEnd++
		}
		segs = st.scanLine(text, lStart, lEnd, singleOuter, segs)
		next := lEnd + 1
		if st.depth > 0 {
			nextLine := skipSpace(text, min(next, len(text)), len(text))
			blank := strings.Count(text[lEnd:nextLine], "\n") > 1
			if nextLine < len(text) && !blank && !startsWithOpenMark(text, nextLine) {
				lStart = next // a wrapped line: the quote goes on
				continue
			}
			segs = st.closeAtLineEnd(text, lEnd, segs)
		}
		lStart = next
	}
	var out []rawQuote
	for i := 0; i < len(segs); i++ {
		s := segs[i]
		q := rawQuote{open: s.open, inStart: s.inStart, inEnd: s.inEnd, closeEnd: s.closeEnd}
		for s.continues && i+1 < len(segs) && opensParagraph(text, segs[i+1].open) &&
			!strings.Contains(text[s.closeEnd:segs[i+1].open], "\n\n\n") && nextLineStart(text, s.closeEnd) == segs[i+1].open {
			i++
			s = segs[i]
			q.inEnd, q.closeEnd = s.inEnd, s.closeEnd
		}
		if q.inEnd > q.inStart {
			out = append(out, q)
		}
	}
	return out
}

// nextLineStart is the first non-space byte after the line holding pos.
func nextLineStart(text string, pos int) int {
	i := strings.IndexByte(text[pos:], '\n')
	if i < 0 {
		return len(text)
	}
	return skipSpace(text, pos+i, len(text))
}

func startsWithOpenMark(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	switch r {
	case '"', '“', '„', '«', '‘':
		return true
	}
	return false
}

// scanState is the stack of open marks carried from line to line.
type scanState struct {
	stack  [8]markKind
	depth  int
	openAt int
}

func (st *scanState) closeAtLineEnd(text string, end int, segs []segment) []segment {
	inEnd := end
	for inEnd > st.openAt && (text[inEnd-1] == ' ' || text[inEnd-1] == '\t' || text[inEnd-1] == '\r') {
		inEnd--
	}
	segs = append(segs, segment{open: st.openAt, inStart: st.openAt + markLen(text, st.openAt), inEnd: inEnd, closeEnd: inEnd, continues: true})
	st.depth, st.openAt = 0, -1
	return segs
}

func hasDoubleMarks(text string) bool {
	for _, r := range text {
		switch r {
		case '"', '“', '”', '„', '«', '»':
			return true
		}
	}
	return false
}

// opensParagraph reports whether pos is the first non-space byte of its line.
func opensParagraph(text string, pos int) bool {
	for i := pos - 1; i >= 0; i-- {
		switch text[i] {
		case '\n':
			return true
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return true
}

func (st *scanState) scanLine(text string, start, end int, singleOuter bool, segs []segment) []segment {
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if r == '<' && i+1 < end && (isASCIILetter(text[i+1]) || text[i+1] == '/') {
			// Markup left in the text (<tweet tweet-id="...">): its attribute
			// values are not quotations.
			if j := indexByteFrom(text, '>', i+1, min(end, i+500)); j >= 0 {
				i = j + 1
				continue
			}
		}
		kind, role := classifyMark(text, i, size, r, start, end, singleOuter)
		if kind == 0 {
			i += size
			continue
		}
		top := markKind(0)
		if st.depth > 0 {
			top = st.stack[st.depth-1]
		}
		// A mark of the other family closes a lone open quote when it can
		// only be a closing mark: "I prefer Hale,” he said.
		if role == roleClose && st.depth == 1 && top != kind && top != kindSingle && kind != kindSingle {
			kind = top
		}
		switch {
		case (role == roleClose || role == roleEither || role == roleCloseSame) && st.depth > 0 && top == kind:
			st.depth--
			if st.depth == 0 {
				segs = append(segs, segment{open: st.openAt, inStart: st.openAt + markLen(text, st.openAt), inEnd: i, closeEnd: i + size})
				st.openAt = -1
			}
		case role == roleOpen || (role == roleEither && (st.depth == 0 || top != kind)):
			if st.depth == 0 {
				st.openAt = i
			}
			if st.depth < len(st.stack) {
				st.stack[st.depth] = kind
				st.depth++
			}
		}
		i += size
	}
	return segs
}

type markRole uint8

const (
	roleOpen markRole = iota + 1
	roleClose
	roleEither
	roleCloseSame // closes only a quote opened with the same kind of mark
)

// classifyMark decides whether the rune at i is a quotation mark and whether
// it can open or close. Straight marks take their role from the characters
// around them; ’ after a letter is an apostrophe.
func classifyMark(text string, i, size int, r rune, start, end int, singleOuter bool) (markKind, markRole) {
	switch r {
	case '“':
		// An opening mark typed where a closing one belongs: “failures“ while
		before, after := runeBefore(text, i, start), runeAfter(text, i+size, end)
		if !isSpaceOrNone(before) && !isOpenPunct(before) && (isSpaceOrNone(after) || unicode.IsPunct(after)) {
			return kindCurly, roleClose
		}
		return kindCurly, roleOpen
	case '„', '«':
		return kindCurly, roleOpen
	case '”', '»':
		return kindCurly, roleClose
	case '"':
		before, after := runeBefore(text, i, start), runeAfter(text, i+size, end)
		switch {
		case isSpaceOrNone(before) || isOpenPunct(before):
			if isSpaceOrNone(after) {
				// Spaces on both sides: only a closing mark typed loosely
				// (“'Wow.' " he said).
				return kindStraight, roleCloseSame
			}
			return kindStraight, roleOpen
		case isSpaceOrNone(after) || unicode.IsPunct(after):
			return kindStraight, roleClose
		}
		return kindStraight, roleEither
	case '‘':
		if !singleOuter {
			return 0, 0
		}
		return kindSingle, roleOpen
	case '’':
		if !singleOuter {
			return 0, 0
		}
		if unicode.IsLetter(runeAfter(text, i+size, end)) { // don’t, it’s
			return 0, 0
		}
		return kindSingle, roleClose
	}
	return 0, 0
}

func markLen(text string, i int) int {
	_, size := utf8.DecodeRuneInString(text[i:])
	return size
}

func runeBefore(text string, i, start int) rune {
	if i <= start {
		return -1
	}
	r, _ := utf8.DecodeLastRuneInString(text[start:i])
	return r
}

func runeAfter(text string, i, end int) rune {
	if i >= end {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(text[i:end])
	return r
}

func isSpaceOrNone(r rune) bool { return r < 0 || unicode.IsSpace(r) }

func isOpenPunct(r rune) bool {
	switch r {
	case '(', '[', '{', '—', '–', '-', '/', '“', '‘', ':':
		return true
	}
	return false
}

func isASCIILetter(b byte) bool { return (b|0x20) >= 'a' && (b|0x20) <= 'z' }

func indexByteFrom(s string, c byte, from, end int) int {
	for i := from; i < end; i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
