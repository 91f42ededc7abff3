package fakediscord

import (
	"fmt"
	"net/url"
	"time"
	"unicode/utf8"
)

// Discord's message and embed limits, in characters (code points).
const (
	MaxContent          = 2000
	MaxEmbeds           = 10
	MaxEmbedTitle       = 256
	MaxEmbedDescription = 4096
	MaxEmbedFields      = 25
	MaxFieldName        = 256
	MaxFieldValue       = 1024
	MaxFooterText       = 2048
	MaxAuthorName       = 256
	MaxEmbedsTotal      = 6000
	MaxURL              = 2048 // an embed's url
)

// ValidateMessage checks a message's content and embeds against Discord's
// limits and returns the first violation, worded like Discord's form errors.
func ValidateMessage(content string, embeds []Embed) error {
	count := utf8.RuneCountInString
	if count(content) > MaxContent {
		return fmt.Errorf("content: must be %d or fewer in length", MaxContent)
	}
	if len(embeds) > MaxEmbeds {
		return fmt.Errorf("embeds: must be %d or fewer in length", MaxEmbeds)
	}
	total := 0
	for i, e := range embeds {
		check := func(field, v string, max int) error {
			if count(v) > max {
				return fmt.Errorf("embeds.%d.%s: must be %d or fewer in length", i, field, max)
			}
			total += count(v)
			return nil
		}
		if err := check("title", e.Title, MaxEmbedTitle); err != nil {
			return err
		}
		if err := check("description", e.Description, MaxEmbedDescription); err != nil {
			return err
		}
		if len(e.Fields) > MaxEmbedFields {
			return fmt.Errorf("embeds.%d.fields: must be %d or fewer in length", i, MaxEmbedFields)
		}
		for j, f := range e.Fields {
			if f.Name == "" || f.Value == "" {
				return fmt.Errorf("embeds.%d.fields.%d: name and value are required", i, j)
			}
			if err := check(fmt.Sprintf("fields.%d.name", j), f.Name, MaxFieldName); err != nil {
				return err
			}
			if err := check(fmt.Sprintf("fields.%d.value", j), f.Value, MaxFieldValue); err != nil {
				return err
			}
		}
		if e.Footer != nil {
			if err := check("footer.text", e.Footer.Text, MaxFooterText); err != nil {
				return err
			}
		}
		if e.Author != nil {
			if err := check("author.name", e.Author.Name, MaxAuthorName); err != nil {
				return err
			}
		}
		if e.URL != "" {
			if count(e.URL) > MaxURL {
				return fmt.Errorf("embeds.%d.url: Must be %d or fewer in length", i, MaxURL)
			}
			u, err := url.Parse(e.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return fmt.Errorf("embeds.%d.url: Not a well formed URL", i)
			}
		}
		if e.Timestamp != "" {
			// Discord's parser holds the years 1 to 9999; Go's also reads year 0.
			if t, err := time.Parse(time.RFC3339, e.Timestamp); err != nil || t.Year() < 1 {
				return fmt.Errorf("embeds.%d.timestamp: Could not parse %s. Should be ISO8601", i, e.Timestamp)
			}
		}
	}
	if total > MaxEmbedsTotal {
		return fmt.Errorf("embeds: embed size exceeds maximum size of %d", MaxEmbedsTotal)
	}
	return nil
}
