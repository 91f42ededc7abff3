package bot

import (
	"fmt"
	"strings"
	"testing"
)

// A story reported by many outlets with long names, a long update and
// quotes from several of them still fits Discord's limits, card by card
// and message by message, and names as many outlets as fit.
func TestEventCardsFitDiscordLimits(t *testing.T) {
	t.Parallel()
	stories := make([]Story, 12)
	for i := range stories {
		st := longStory(i)
		st.Update = "new: 40 more outlets, 12 new quotes " + strings.Repeat("🎉", 200)
		for j := range 60 {
			st.Also = append(st.Also, StorySource{
				Site: fmt.Sprintf("Outlet %02d %s [x](y) @everyone", j, strings.Repeat("ö", 80)),
				URL:  fmt.Sprintf("https://outlet%02d.example/news/%s", j, strings.Repeat("a", 200)),
			})
		}
		st.Outlets = 61
		for k := range st.Quotes {
			st.Quotes[k].Site = strings.Repeat("Gazette ", 40)
		}
		stories[i] = st
	}
	msgs := renderDigest("**Digest**", stories, renderOptions{})
	cards := 0
	for i, m := range msgs {
		checkLimits(t, i, m)
		cards += len(m.Embeds)
	}
	if cards != 12 {
		t.Fatalf("rendered %d cards, want 12", cards)
	}
	e := msgs[0].Embeds[0]
	if e.Fields[0].Name != "Update" || !strings.HasPrefix(e.Fields[0].Value, "new: 40 more outlets") {
		t.Errorf("first field %+v, want the update", e.Fields[0])
	}
	also := e.Fields[len(e.Fields)-1]
	if also.Name != "Also reported by" || !strings.Contains(also.Value, "](<https://outlet00.example/news/") ||
		!strings.Contains(also.Value, " more") || strings.Contains(also.Value, "@everyone") || textLen(also.Value) > cardAlso {
		t.Errorf("also field %q, want linked outlets, the rest counted, escaped, within %d", also.Value, cardAlso)
	}
	if e.Footer == nil || !strings.HasSuffix(e.Footer.Text, "reported by 61 outlets") {
		t.Errorf("footer %+v, want the count of outlets", e.Footer)
	}
	if size := embedSize(e); size > maxEmbedsTotal {
		t.Errorf("card is %d long", size)
	}
}

func TestAlsoLine(t *testing.T) {
	t.Parallel()
	one := []StorySource{{Site: "Coast Radio", URL: "https://radio.example/a"}, {Site: "", URL: "https://www.post.example/b"}, {Site: "Bad", URL: "javascript:alert(1)"}}
	if got, want := alsoLine(one, cardAlso), "[Coast Radio](<https://radio.example/a>) · [post.example](<https://www.post.example/b>) · Bad"; got != want {
		t.Errorf("alsoLine = %q, want %q", got, want)
	}
	if got := alsoLine(one, 10); got != "3 more outlets" {
		t.Errorf("alsoLine with no room = %q", got)
	}
	// A link too long for the line leaves its outlet named, not counted.
	long := []StorySource{{Site: "Coast Radio", URL: "https://radio.example/" + strings.Repeat("a", 700)}, {Site: "Post", URL: "https://post.example/b"}}
	if got, want := alsoLine(long, cardAlso), "Coast Radio · [Post](<https://post.example/b>)"; got != want {
		t.Errorf("alsoLine with a long link = %q, want %q", got, want)
	}
}
