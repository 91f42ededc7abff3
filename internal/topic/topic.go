// Package topic implements the topic query language that decides which
// stories a subscription receives.
//
// A topic is a list of terms; a story matches when every term matches:
//
//	climate summit          both words
//	"climate change"        the words next to each other, in this order
//	ai OR robots            either word (OR must be upper case)
//	-sports                 stories without the word
//	actor:"Elena Kovac"     a person, organisation or place the digest names
//	actor:Kovac             a surname matches the full name
//	elect*                  any word starting with "elect"
//	(ai OR robots) -sports  parentheses group terms
//
// OR binds tighter than the implicit AND, as in web search engines, so
// `ukraine talks OR summit` means ukraine AND (talks OR summit). Exclusions
// combine with everything: -"world cup", -actor:"Elena Kovac", -(a OR b).
//
// Matching ignores case and accents and works on whole words of the story's
// title, summary, text and actor names: "ai" matches "AI" and "A.I." but not
// "said"; "u.s." matches "U.S." and "US"; "kovac" matches "Kovač" and
// "Kovac's". Punctuation between words is ignored, so "new york" matches
// "New-York" and "COVID-19" matches "covid 19". A phrase never spans two
// fields (title and summary, or two actors). There is no stemming: "election"
// does not match "elections"; use elect* for that.
//
// A topic that would match a story with no text at all (only exclusions,
// such as `-sports`) is rejected, because it would send every story.
package topic

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxLength is the longest topic accepted, in characters.
const MaxLength = 200

// Errors returned by Parse. Their text is written for the person who typed
// the topic and may be shown to them as is.
var (
	ErrEmpty          = errors.New("topic is empty")
	ErrTooLong        = errors.New("topic is too long (max 200 characters)")
	ErrUnclosedQuote  = errors.New("unclosed quote in topic")
	ErrEmptyQuotes    = errors.New("empty quotes in topic")
	ErrORNeedsTerms   = errors.New("OR needs a term on both sides")
	ErrUnclosedParen  = errors.New("unclosed parenthesis in topic")
	ErrUnmatchedParen = errors.New("unmatched ) in topic")
	ErrEmptyParens    = errors.New("empty parentheses in topic")
	ErrActorNeedsName = errors.New(`actor: needs a name, like actor:"Elena Kovac"`)
	ErrShortWildcard  = errors.New("put at least two letters before *")
	ErrOnlyExclusions = errors.New("topic needs at least one word that is not excluded")
	ErrDashNeedsTerm  = errors.New("- needs a word after it, like -sports")
	errUnexpectedItem = errors.New("topic could not be read")
)

// Doc is what a topic is matched against: one story.
type Doc struct {
	Title, Summary, Text string
	Actors               []string
}

// Query is a parsed topic. The zero Query matches nothing.
type Query struct {
	root node
}

// Parse compiles a topic. Errors are short sentences fit to show the user.
func Parse(q string) (Query, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return Query{}, ErrEmpty
	}
	if utf8.RuneCountInString(q) > MaxLength {
		return Query{}, ErrTooLong
	}
	items, err := lex(q)
	if err != nil {
		return Query{}, err
	}
	p := parser{items: items}
	root, err := p.parseAnd(false)
	if err != nil {
		return Query{}, err
	}
	if root.match(&PreparedDoc{}) {
		return Query{}, ErrOnlyExclusions
	}
	return Query{root: root}, nil
}

// Match reports whether d matches the query. When one story is checked
// against many queries, Prepare it once and use MatchPrepared.
func (q Query) Match(d Doc) bool {
	return q.MatchPrepared(Prepare(d))
}

// MatchPrepared reports whether the prepared story matches the query.
func (q Query) MatchPrepared(d *PreparedDoc) bool {
	if q.root == nil || d == nil {
		return false
	}
	return q.root.match(d)
}

// String returns the canonical form: lower case, accents removed, one space
// between terms, parentheses only where needed. Two topics with the same
// canonical form match the same stories, so it is the form to store and to
// compare subscriptions by. Parse(q.String()) yields an equal Query.
func (q Query) String() string {
	if q.root == nil {
		return ""
	}
	var b strings.Builder
	q.root.write(&b)
	return b.String()
}

// PreparedDoc is a story tokenised once, so that matching it against many
// queries costs map look-ups rather than re-scanning its text.
type PreparedDoc struct {
	fields [][]string         // title, summary, text, then one per actor
	actors [][]string         // the actor fields again, for actor: terms
	index  map[string][]place // token -> where it occurs
}

type place struct{ field, at int }

// Prepare tokenises d for MatchPrepared.
func Prepare(d Doc) *PreparedDoc {
	p := &PreparedDoc{index: make(map[string][]place)}
	add := func(s string) []string {
		toks := tokenize(s)
		f := len(p.fields)
		p.fields = append(p.fields, toks)
		for i, t := range toks {
			p.index[t] = append(p.index[t], place{f, i})
		}
		return toks
	}
	add(d.Title)
	add(d.Summary)
	add(d.Text)
	for _, a := range d.Actors {
		if toks := add(a); len(toks) > 0 {
			p.actors = append(p.actors, toks)
		}
	}
	return p
}

type node interface {
	match(d *PreparedDoc) bool
	write(b *strings.Builder)
}

type andNode []node
type orNode []node
type notNode struct{ n node }

type termNode struct {
	tokens []string
	actor  bool
	prefix bool // single token matched as a word prefix (elect*)
}

func (n andNode) match(d *PreparedDoc) bool {
	for _, c := range n {
		if !c.match(d) {
			return false
		}
	}
	return true
}

func (n orNode) match(d *PreparedDoc) bool {
	for _, c := range n {
		if c.match(d) {
			return true
		}
	}
	return false
}

func (n notNode) match(d *PreparedDoc) bool { return !n.n.match(d) }

func (t termNode) match(d *PreparedDoc) bool {
	switch {
	case t.actor:
		// The query names the whole actor or its last words, so a surname
		// finds the full name but a first name alone does not.
		for _, a := range d.actors {
			if len(a) >= len(t.tokens) && equal(a[len(a)-len(t.tokens):], t.tokens) {
				return true
			}
		}
		return false
	case t.prefix:
		for tok := range d.index {
			if strings.HasPrefix(tok, t.tokens[0]) {
				return true
			}
		}
		return false
	}
	for _, pl := range d.index[t.tokens[0]] {
		f := d.fields[pl.field]
		if pl.at+len(t.tokens) <= len(f) && equal(f[pl.at:pl.at+len(t.tokens)], t.tokens) {
			return true
		}
	}
	return false
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (n andNode) write(b *strings.Builder) {
	for i, c := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		c.write(b)
	}
}

func (n orNode) write(b *strings.Builder) {
	for i, c := range n {
		if i > 0 {
			b.WriteString(" OR ")
		}
		if _, isAnd := c.(andNode); isAnd {
			b.WriteByte('(')
			c.write(b)
			b.WriteByte(')')
			continue
		}
		c.write(b)
	}
}

func (n notNode) write(b *strings.Builder) {
	b.WriteByte('-')
	switch n.n.(type) {
	case andNode, orNode:
		b.WriteByte('(')
		n.n.write(b)
		b.WriteByte(')')
	default:
		n.n.write(b)
	}
}

func (t termNode) write(b *strings.Builder) {
	joined := strings.Join(t.tokens, " ")
	switch {
	case t.actor:
		b.WriteString(`actor:"` + joined + `"`)
	case len(t.tokens) > 1:
		b.WriteString(`"` + joined + `"`)
	default:
		b.WriteString(joined)
		if t.prefix {
			b.WriteByte('*')
		}
	}
}

// Lexing.

type itemKind int

const (
	itemTerm itemKind = iota
	itemOR
	itemNot
	itemOpen
	itemClose
)

type item struct {
	kind itemKind
	term termNode
}

func isQuote(c rune) bool {
	switch c {
	case '"', '\u201c', '\u201d', '\u201e', '\u00ab', '\u00bb':
		return true
	}
	return false
}

// lex splits the topic into items. Words made only of punctuation ("&",
// a lone "-") carry no meaning and are dropped.
func lex(q string) ([]item, error) {
	l := &lexer{r: []rune(q)}
	for l.i < len(l.r) {
		if err := l.next(); err != nil {
			return nil, err
		}
	}
	return l.items, nil
}

// lexer is lex's state: the topic's runes, the position and the items so far.
type lexer struct {
	r     []rune
	i     int
	items []item
}

func (l *lexer) emit(it item) { l.items = append(l.items, it) }

// next lexes what starts at l.i: a space, a parenthesis, a dash, a quoted
// phrase or a word.
func (l *lexer) next() error {
	r, n, c := l.r, len(l.r), l.r[l.i]
	switch {
	case unicode.IsSpace(c):
		l.i++
	case c == '(':
		l.emit(item{kind: itemOpen})
		l.i++
	case c == ')':
		l.emit(item{kind: itemClose})
		l.i++
	case c == '-' && l.i+1 < n && !unicode.IsSpace(r[l.i+1]) && r[l.i+1] != '-':
		l.emit(item{kind: itemNot})
		l.i++
	case c == '-':
		for l.i < n && r[l.i] == '-' {
			l.i++
		}
		if l.i < n && !unicode.IsSpace(r[l.i]) { // "--word" is meant as -word
			l.emit(item{kind: itemNot})
		}
	case isQuote(c):
		text, err := l.quoted()
		if err != nil {
			return err
		}
		toks := tokenize(text)
		if len(toks) == 0 {
			return ErrEmptyQuotes
		}
		l.emit(item{kind: itemTerm, term: termNode{tokens: toks}})
	default:
		return l.word()
	}
	return nil
}

// quoted returns the text between the opening quote at l.i and the next
// quote, and moves past it.
func (l *lexer) quoted() (string, error) {
	for j := l.i + 1; j < len(l.r); j++ {
		if isQuote(l.r[j]) {
			text := string(l.r[l.i+1 : j])
			l.i = j + 1
			return text, nil
		}
	}
	return "", ErrUnclosedQuote
}

// word lexes a bare word: OR, actor:NAME, a term or a prefix wildcard.
func (l *lexer) word() error {
	j := l.i
	for j < len(l.r) && !unicode.IsSpace(l.r[j]) && l.r[j] != '(' && l.r[j] != ')' && !isQuote(l.r[j]) {
		j++
	}
	word := string(l.r[l.i:j])
	l.i = j
	if word == "OR" {
		l.emit(item{kind: itemOR})
		return nil
	}
	if len(word) >= 6 && strings.EqualFold(word[:6], "actor:") {
		return l.actor(word[6:])
	}
	toks := tokenize(word)
	if len(toks) == 0 {
		// Punctuation alone means nothing, and so does excluding it.
		if len(l.items) > 0 && l.items[len(l.items)-1].kind == itemNot {
			l.items = l.items[:len(l.items)-1]
		}
		return nil
	}
	t := termNode{tokens: toks}
	if len(toks) == 1 && strings.HasSuffix(word, "*") {
		if utf8.RuneCountInString(toks[0]) < 2 {
			return ErrShortWildcard
		}
		t.prefix = true
	}
	l.emit(item{kind: itemTerm, term: t})
	return nil
}

// actor lexes actor:NAME, where NAME may be quoted (actor:"Elena Kovac").
func (l *lexer) actor(name string) error {
	if name == "" && l.i < len(l.r) && isQuote(l.r[l.i]) {
		text, err := l.quoted()
		if err != nil {
			return err
		}
		name = text
	}
	toks := tokenize(name)
	if len(toks) == 0 {
		return ErrActorNeedsName
	}
	l.emit(item{kind: itemTerm, term: termNode{tokens: toks, actor: true}})
	return nil
}

// Parsing: and := or+ ; or := unary ("OR" unary)* ; unary := "-" unary | primary ;
// primary := term | "(" and ")".

type parser struct {
	items []item
	pos   int
}

func (p *parser) peek() (item, bool) {
	if p.pos >= len(p.items) {
		return item{}, false
	}
	return p.items[p.pos], true
}

func (p *parser) parseAnd(inGroup bool) (node, error) {
	var terms andNode
	for {
		it, ok := p.peek()
		if !ok {
			if inGroup {
				return nil, ErrUnclosedParen
			}
			break
		}
		if it.kind == itemClose {
			if !inGroup {
				return nil, ErrUnmatchedParen
			}
			break
		}
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if a, ok := n.(andNode); ok {
			terms = append(terms, a...)
		} else {
			terms = append(terms, n)
		}
	}
	switch len(terms) {
	case 0:
		if inGroup {
			return nil, ErrEmptyParens
		}
		return nil, ErrEmpty
	case 1:
		return terms[0], nil
	}
	return terms, nil
}

func (p *parser) parseOr() (node, error) {
	first, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	alts := orNode{first}
	for {
		it, ok := p.peek()
		if !ok || it.kind != itemOR {
			break
		}
		p.pos++
		next, ok := p.peek()
		if !ok || next.kind == itemOR || next.kind == itemClose {
			return nil, ErrORNeedsTerms
		}
		n, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		alts = append(alts, n)
	}
	if len(alts) == 1 {
		return first, nil
	}
	flat := orNode{}
	for _, a := range alts {
		if o, ok := a.(orNode); ok {
			flat = append(flat, o...)
		} else {
			flat = append(flat, a)
		}
	}
	return flat, nil
}

func (p *parser) parseUnary() (node, error) {
	it, ok := p.peek()
	if ok && it.kind == itemNot {
		p.pos++
		if next, ok := p.peek(); !ok || next.kind == itemOR || next.kind == itemClose {
			return nil, ErrDashNeedsTerm
		}
		n, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		if inner, ok := n.(notNode); ok {
			return inner.n, nil
		}
		return notNode{n}, nil
	}
	return p.parsePrimary()
}

func (p *parser) parsePrimary() (node, error) {
	it, ok := p.peek()
	if !ok {
		return nil, ErrEmpty
	}
	switch it.kind {
	case itemTerm:
		p.pos++
		return it.term, nil
	case itemOpen:
		p.pos++
		n, err := p.parseAnd(true)
		if err != nil {
			return nil, err
		}
		p.pos++ // the closing parenthesis parseAnd stopped at
		return n, nil
	case itemOR:
		return nil, ErrORNeedsTerms
	case itemClose:
		return nil, ErrUnmatchedParen
	}
	return nil, errUnexpectedItem
}
