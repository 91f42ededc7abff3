package bot

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/internal/story"
)

// Discord's limits on a message and its embeds. Discord counts characters;
// textLen counts UTF-16 units, never fewer than characters, so text within
// these budgets fits however a character is counted.
const (
	maxContent          = 2000
	maxEmbedsPerMessage = 10
	maxEmbedTitle       = 256
	maxEmbedDescription = 4096
	maxEmbedFields      = 25
	maxFieldName        = 256
	maxFieldValue       = 1024
	maxFooterText       = 2048
	maxEmbedsTotal      = 6000
	maxURL              = 2048
)

// Budgets for one story card, well inside the limits so a card never
// crowds out the others: at most 256+1500+2*(5+700)+(13+500)+200 ≈ 3900.
const (
	cardDescription = 1500
	cardQuoteText   = 560
	cardQuoteBy     = 130
	cardActors      = 500
	cardFooter      = 200
	cardActorName   = 60
	cardActorsEach  = 8
)

// renderOptions shape a rendered digest.
type renderOptions struct {
	MaxStories   int // cards per digest; the rest are listed as links. Default 20.
	MaxSentences int // summary sentences per card. Default 3.
	MaxQuotes    int // quotes per card. Default 2.
	Color        int // embed colour; default digestbot blue
}

func (o *renderOptions) defaults() {
	if o.MaxStories <= 0 {
		o.MaxStories = 20
	}
	if o.MaxSentences <= 0 {
		o.MaxSentences = 3
	}
	if o.MaxQuotes <= 0 {
		o.MaxQuotes = 2
	}
	if o.Color == 0 {
		o.Color = 0x2B6CB0
	}
}

func (b *Bot) cardOptions() renderOptions {
	return renderOptions{MaxStories: b.cfg.MaxStories}
}

// renderDigest renders stories as Discord messages: one card (embed) per
// story, packed into as few messages as Discord's limits allow, title as the
// first message's text, and past opts.MaxStories one message listing the
// remaining stories as links. No story yields no message. Every message fits
// Discord's limits and allows no mentions.
func renderDigest(title string, stories []Story, opts renderOptions) []*discordgo.MessageSend {
	opts.defaults()
	if len(stories) == 0 {
		return nil
	}
	shown, rest := stories, []Story(nil)
	if len(stories) > opts.MaxStories {
		shown, rest = stories[:opts.MaxStories], stories[opts.MaxStories:]
	}

	var msgs []*discordgo.MessageSend
	cur := &discordgo.MessageSend{Content: truncate(title, maxContent), AllowedMentions: noMentions()}
	size := 0
	for _, st := range shown {
		e := storyCard(st, opts)
		n := embedSize(e)
		if len(cur.Embeds) == maxEmbedsPerMessage || (len(cur.Embeds) > 0 && size+n > maxEmbedsTotal) {
			msgs = append(msgs, cur)
			cur, size = &discordgo.MessageSend{AllowedMentions: noMentions()}, 0
		}
		cur.Embeds = append(cur.Embeds, e)
		size += n
	}
	msgs = append(msgs, cur)
	if len(rest) > 0 {
		msgs = append(msgs, moreMessage(rest))
	}
	return msgs
}

// moreMessage lists stories past the cap as links, as many as fit.
func moreMessage(rest []Story) *discordgo.MessageSend {
	lines := make([]string, 0, len(rest))
	for _, st := range rest {
		t := inline(cardTitle(st), 150)
		t = strings.NewReplacer("[", "(", "]", ")").Replace(t)
		if u := safeLinkURL(st.URL); u != "" {
			lines = append(lines, fmt.Sprintf("• [%s](<%s>)", t, u))
		} else {
			lines = append(lines, "• "+t)
		}
	}
	return &discordgo.MessageSend{
		Content:         listMessage(fmt.Sprintf("…and %d more:", len(rest)), lines),
		AllowedMentions: noMentions(),
		Flags:           discordgo.MessageFlagsSuppressEmbeds,
	}
}

// storyCard renders one story as an embed: linked title, summary, top
// quotes with their speakers, the actors, and source and time.
func storyCard(st Story, opts renderOptions) *discordgo.MessageEmbed {
	opts.defaults()
	e := &discordgo.MessageEmbed{
		Type:  discordgo.EmbedTypeRich,
		Title: truncate(cardTitle(st), maxEmbedTitle),
		URL:   safeLinkURL(st.URL),
		Color: opts.Color,
	}
	sentences := st.Summary
	if len(sentences) > opts.MaxSentences {
		sentences = sentences[:opts.MaxSentences]
	}
	e.Description = truncate(escapeMarkdown(clean(strings.Join(sentences, " "))), cardDescription)

	quotes := 0
	for _, q := range st.Quotes {
		if quotes == opts.MaxQuotes {
			break
		}
		// A quote cut before its attribution keeps its comma ("…money," Moreau
		// said); on a card the comma reads as a typo.
		text := strings.TrimRight(clean(q.Text), " ,;:")
		if text == "" {
			continue
		}
		value := "“" + truncate(escapeMarkdown(text), cardQuoteText) + "”"
		if by := attribution(q); by != "" {
			value += " — " + truncate(escapeMarkdown(by), cardQuoteBy)
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Quote", Value: value})
		quotes++
	}
	if line := actorsLine(st.Actors); line != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "In this story", Value: truncate(line, cardActors)})
	}
	if site := clean(st.Site); site != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: truncate(site, cardFooter)}
	} else if host := hostOf(st.URL); host != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: truncate(host, cardFooter)}
	}
	addEventFields(e, st)
	if when := cardTime(st); !when.IsZero() {
		e.Timestamp = when.Format(time.RFC3339)
	}
	return e
}

// cardTime is when a story was published, else when it was first seen, in
// UTC; zero when neither is a time Discord reads (years 1 to 9999; a feed
// can say year 0, which Go parses and Discord refuses with the message).
func cardTime(st Story) time.Time {
	for _, t := range []time.Time{st.Published, st.FirstSeen} {
		if t = t.UTC(); t.Year() >= 1 && t.Year() <= 9999 && !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

func cardTitle(st Story) string {
	if t := clean(st.Title); t != "" {
		return t
	}
	if h := hostOf(st.URL); h != "" {
		return "Story from " + h
	}
	return "Untitled story"
}

func attribution(q StoryQuote) string {
	by := story.Byline(clean(q.Speaker), clean(q.SpeakerTitle))
	if site := clean(q.Site); site != "" {
		// A merged card quotes several outlets: say whose article it is.
		if by == "" {
			return "via " + site
		}
		by += " (via " + site + ")"
	}
	return by
}

// actorsLine renders "People: … · Orgs: … · Places: …", the line the
// terminal's digest shows too.
func actorsLine(actors []StoryActor) string {
	return story.ActorsLine(actors, cardActorsEach, func(name string) string {
		if name = clean(name); name == "" {
			return ""
		}
		return truncate(escapeMarkdown(name), cardActorName)
	})
}

func embedSize(e *discordgo.MessageEmbed) int {
	n := textLen(e.Title) + textLen(e.Description)
	for _, f := range e.Fields {
		n += textLen(f.Name) + textLen(f.Value)
	}
	if e.Footer != nil {
		n += textLen(e.Footer.Text)
	}
	if e.Author != nil {
		n += textLen(e.Author.Name)
	}
	return n
}

// textLen counts s in UTF-16 units, as JavaScript does: a character outside
// the Basic Multilingual Plane counts twice, so it is never below the count
// of code points either.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// truncate shortens s to at most max textLen units, cutting at a word
// boundary when one is near and ending with "…".
func truncate(s string, max int) string {
	if textLen(s) <= max {
		return s
	}
	if max < 1 {
		return ""
	}
	budget, n, cut := max-1, 0, 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > budget {
			cut = i
			break
		}
		n += w
	}
	head := s[:cut]
	next, _ := utf8.DecodeRuneInString(s[cut:])
	// Prefer a word boundary unless that would drop more than a third.
	if i := strings.LastIndexFunc(head, unicode.IsSpace); !unicode.IsSpace(next) && i > 0 && i >= len(head)*2/3 {
		head = head[:i]
	}
	head = strings.TrimRightFunc(head, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ';' || r == ':' || r == '-' || r == '—'
	})
	return head + "…"
}

// clean makes text one line of valid UTF-8 without control characters.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, `~`, `\~`, "`", "\\`", `|`, `\|`, `[`, `\[`, `]`, `\]`, `>`, `\>`, `#`, `\#`, `@`, "@\u200b",
)

// escapeMarkdown keeps feed text from formatting, masking links or pinging:
// mentions are also disabled per message, the zero-width space after @ makes
// sure even a pasted "@everyone" reads as text.
func escapeMarkdown(s string) string { return markdownEscaper.Replace(s) }

// safeLinkURL returns u, without any user name or password, if it is an
// absolute http(s) URL that Discord will accept in an embed or a markdown
// link, else "".
func safeLinkURL(u string) string {
	if u == "" || len(u) > maxURL || !utf8.ValidString(u) {
		return ""
	}
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" || (p.Scheme != "http" && p.Scheme != "https") {
		return ""
	}
	// A link resolved against a feed URL with credentials carries them;
	// the reader needs the page, not the feed's password.
	p.User = nil
	s := p.String()
	// Characters that would end a markdown <link> early.
	s = strings.NewReplacer(" ", "%20", ">", "%3E", "<", "%3C", ")", "%29").Replace(s)
	// Encoding can triple a link's length (é is %C3%A9), and Discord
	// refuses the whole message over one embed url past its limit.
	if len(s) > maxURL {
		return ""
	}
	return s
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(p.Hostname(), "www.")
}

// Text helpers shared by the cards and the command answers.

// digestTitle is the first line of a digest: the topic, if any, and the period.
func digestTitle(q, period string) string {
	if q == "" {
		return fmt.Sprintf("**Digest** — %s", period)
	}
	return fmt.Sprintf("**Digest: %s** — %s", inline(q, 200), period)
}

// listMessage joins lines under a header within a message's 2000 characters.
func listMessage(header string, lines []string) string {
	var sb strings.Builder
	sb.WriteString(header)
	for i, l := range lines {
		more := fmt.Sprintf("\n…and %d more.", len(lines)-i)
		if textLen(sb.String())+1+textLen(l)+textLen(more) > maxContent {
			sb.WriteString(more)
			break
		}
		sb.WriteString("\n")
		sb.WriteString(l)
	}
	return sb.String()
}

// code shows user text in inline code, which cannot be escaped out of.
func code(s string) string {
	return "`" + strings.ReplaceAll(truncate(s, 200), "`", "ˋ") + "`"
}

// inline makes untrusted text safe for one line of markdown.
func inline(s string, max int) string {
	return truncate(escapeMarkdown(strings.Join(strings.Fields(s), " ")), max)
}
