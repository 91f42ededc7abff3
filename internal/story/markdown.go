package story

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/internal/redact"
)

// WriteMarkdown writes cards as a markdown digest under heading: per story
// a linked title, source and time, the summary, the key quotes with their
// speakers and the main actors; the same card the bot posts as an embed.
func WriteMarkdown(w io.Writer, heading string, cards []Card, now time.Time) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", heading)
	if len(cards) == 0 {
		b.WriteString("No new stories.\n")
	}
	for _, c := range cards {
		writeCard(&b, c, now)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeCard(b *strings.Builder, c Card, now time.Time) {
	// An item link resolved against a feed URL with credentials carries
	// them; the terminal shows links as the logs do, without.
	link := redact.URL(c.URL)
	title := c.Title
	if title == "" {
		title = link
	}
	fmt.Fprintf(b, "## [%s](%s)\n", escape(title), link)
	var meta []string
	if c.Site != "" {
		meta = append(meta, c.Site)
	}
	if t := c.Published; !t.IsZero() {
		meta = append(meta, Ago(t, now))
	}
	if c.Outlets > 1 {
		meta = append(meta, fmt.Sprintf("reported by %d outlets", c.Outlets))
	}
	if len(meta) > 0 {
		fmt.Fprintf(b, "*%s*\n", escape(strings.Join(meta, " · ")))
	}
	b.WriteString("\n")
	if c.Update != "" {
		fmt.Fprintf(b, "**Update:** %s\n\n", escape(c.Update))
	}
	if c.Problem != "" && len(c.Summary) == 0 {
		problem := c.Problem
		if !strings.HasSuffix(problem, ".") {
			problem += "." // the fetch sentences end with one already
		}
		fmt.Fprintf(b, "_No summary: %s_\n\n", escape(problem))
	} else if len(c.Summary) > 0 {
		b.WriteString(escape(strings.Join(c.Summary, " ")) + "\n\n")
	}
	for _, q := range c.Quotes {
		fmt.Fprintf(b, "> “%s”%s\n\n", escape(q.Text), escape(q.Attribution()))
	}
	if line := ActorsLine(c.Actors, 0, escape); line != "" {
		b.WriteString(line + "\n\n")
	}
	if len(c.Also) > 0 {
		links := make([]string, len(c.Also))
		for i, s := range c.Also {
			links[i] = fmt.Sprintf("[%s](%s)", escape(s.Site), redact.URL(s.URL))
		}
		b.WriteString("Also reported by " + strings.Join(links, " · ") + "\n\n")
	}
}

// Attribution is " — Speaker" with their title (see Byline) for a
// statement, with " (via Site)" on a card merged from several outlets; ""
// when nobody is known.
func (q Statement) Attribution() string {
	by := ""
	if b := Byline(q.Speaker, q.SpeakerTitle); b != "" {
		by = " — " + b
	}
	if q.Site != "" {
		if by == "" {
			return " — via " + q.Site
		}
		by += " (via " + q.Site + ")"
	}
	return by
}

// Ago is a short relative time: "just now", "5 min ago", "3 h ago", else a date.
func Ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return t.UTC().Format("2 Jan 2006")
}

// escape keeps article text from being read as markdown.
var escape = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "#", `\#`, "<", `\<`, ">", `\>`).Replace

// Statement is a quote as a reader sees it: the pieces of a quote split
// around its attribution ("…,” he said. “…”) joined with an ellipsis.
type Statement struct {
	Text, Speaker, SpeakerTitle string
	// Site is the outlet quoted, set on a card that merges several.
	Site string
}

// maxSplitGap is the most text an attribution between two pieces of one
// statement takes (", Daniel Okafor, the port's chief executive, said, ").
const maxSplitGap = 160

// Statements joins the pieces of split quotes (the engine returns each piece
// verbatim with its own offsets) and drops the trailing comma a piece keeps
// when the attribution follows it.
func Statements(quotes []digest.Quote) []Statement {
	var out []Statement
	var prevEnd int
	for i, q := range quotes {
		text := strings.TrimRight(q.Text, " ,;:")
		if text == "" {
			continue
		}
		if n := len(out); i > 0 && n > 0 && q.Speaker != "" && q.Speaker == out[n-1].Speaker &&
			q.Start > prevEnd && q.Start-prevEnd <= maxSplitGap {
			out[n-1].Text += " … " + text
		} else {
			out = append(out, Statement{Text: text, Speaker: q.Speaker, SpeakerTitle: q.SpeakerTitle})
		}
		prevEnd = q.End
	}
	return out
}
