package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Budgets for what a card merged from several outlets adds, so it stays
// well inside Discord's limits (field value 1024, embed 6000): with the
// other budgets a card stays under about 4,700.
const (
	cardAlso       = 600
	cardAlsoSite   = 60
	cardUpdateText = 120
)

// addEventFields adds what a story reported by several outlets shows: an
// update line first when it was delivered before, "Also reported by" with
// each other outlet linked, and the number of outlets in the footer.
func addEventFields(e *discordgo.MessageEmbed, st Story) {
	if st.Update != "" {
		update := &discordgo.MessageEmbedField{Name: "Update", Value: truncate(escapeMarkdown(clean(st.Update)), cardUpdateText)}
		e.Fields = append([]*discordgo.MessageEmbedField{update}, e.Fields...)
	}
	if line := alsoLine(st.Also, cardAlso); line != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Also reported by", Value: line})
	}
	if st.Outlets > 1 {
		note := fmt.Sprintf("reported by %d outlets", st.Outlets)
		if e.Footer == nil {
			e.Footer = &discordgo.MessageEmbedFooter{Text: note}
		} else {
			e.Footer.Text += " · " + note
		}
	}
}

// alsoLine is the compact "Outlet · Outlet · +2 more" line, each outlet a
// masked link when its link is safe, at most budget units long: outlets
// that do not fit are counted, never cut in half.
func alsoLine(also []StorySource, budget int) string {
	var parts []string
	size := 0
	for i, s := range also {
		site := truncate(strings.NewReplacer("[", "(", "]", ")").Replace(escapeMarkdown(clean(s.Site))), cardAlsoSite)
		if site == "" {
			site = hostOf(s.URL)
		}
		if site == "" {
			continue
		}
		more := ""
		if rest := len(also) - i - 1; rest > 0 {
			more = fmt.Sprintf(" · +%d more", rest)
		}
		part := site
		// A link too long for the line leaves its outlet named, unlinked.
		if u := safeLinkURL(s.URL); u != "" && size+textLen(site)+textLen(u)+9+textLen(more) <= budget {
			part = "[" + site + "](<" + u + ">)"
		}
		if size+textLen(part)+3+textLen(more) > budget {
			if len(parts) == 0 {
				return fmt.Sprintf("%d more outlets", len(also))
			}
			return strings.Join(parts, " · ") + fmt.Sprintf(" · +%d more", len(also)-i)
		}
		parts = append(parts, part)
		size += textLen(part) + 3
	}
	return strings.Join(parts, " · ")
}
