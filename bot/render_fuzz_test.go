package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// FuzzRenderDigest renders digests of up to 40 stories made of arbitrary
// feed text, repeated past every budget, and checks each message against
// Discord's limits and the fake Discord's validation (checkLimits: the
// url, the timestamp too) and that no mention survives. Discord refuses a whole message over one bad field,
// and the pipeline then gives the digest up.
func FuzzRenderDigest(f *testing.F) {
	f.Add("Kovač 🇩🇪 says", "https://news.example.com/a?b=(c)", "Zeitung", "One *sentence*.", "@everyone look", "Elena Kovač", "Chancellor", "[x](https://evil.example)", 3, int64(1764000000))
	f.Add("", "javascript:alert(1)", "", "", "", "", "", "", 25, int64(-62167219200))
	f.Fuzz(func(t *testing.T, title, link, site, sentence, quote, speaker, office, actor string, n int, unix int64) {
		n = int(uint(n)%40) + 1
		stories := make([]Story, n)
		for i := range stories {
			stories[i] = Story{
				Title: strings.Repeat(title, i%5+1), URL: link, Site: strings.Repeat(site, 50),
				Summary: []string{strings.Repeat(sentence, 200), sentence},
				Quotes: []StoryQuote{{Text: strings.Repeat(quote, 100), Speaker: strings.Repeat(speaker, 30),
					SpeakerTitle: strings.Repeat(office, 30), Site: site}},
				Actors: []StoryActor{{Name: strings.Repeat(actor, 40), Kind: ActorPerson}, {Name: actor, Kind: ActorOrg},
					{Name: actor + " Bay", Kind: ActorPlace}},
				Update: "new: 2 more outlets", Outlets: n, Published: time.Unix(unix%(1<<40), 0),
				Also: []StorySource{{Site: site, URL: link}, {Site: strings.Repeat(site, 20), URL: link + "/" + title}},
			}
		}
		for i, m := range renderDigest(digestTitle(strings.Repeat(title, 30), "the last 24h"), stories, renderOptions{}) {
			checkLimits(t, i, m)
			raw, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if s := string(raw); strings.Contains(s, "@everyone") || strings.Contains(s, "@here") {
				t.Fatalf("message %d can ping: %.300s", i, s)
			}
		}
	})
}
