package quote

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// peopleIn gives the persons the entity recogniser would pass to Extract:
// every occurrence of each full name and of its surname alone.
func peopleIn(text string, names ...string) []Person {
	var out []Person
	for _, name := range names {
		p := Person{Name: name}
		f := strings.Fields(name)
		for _, form := range []string{name, f[len(f)-1]} {
			for i := 0; ; {
				j := strings.Index(text[i:], form)
				if j < 0 {
					break
				}
				s := i + j
				if !overlapsAny(p.Spans, s) {
					p.Spans = append(p.Spans, [2]int{s, s + len(form)})
				}
				i = s + len(form)
			}
		}
		out = append(out, p)
	}
	return out
}

func overlapsAny(spans [][2]int, pos int) bool {
	for _, sp := range spans {
		if sp[0] <= pos && pos < sp[1] {
			return true
		}
	}
	return false
}

// TestLetterArticle is the shape of a real page that went wrong: a story
// about a congresswoman whose last quote, "“…,” she wrote in her letter",
// went to the man convicted of threatening her, whose possessive ("during
// Delaney's sentencing") was the nearest name. Neither first name tells a
// gender. The article is written for this test.
func TestLetterArticle(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "letter.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	people := peopleIn(text, "Nadia Farouk", "Pat Delaney", "Marion Ruiz", "Helen Ostrowski")
	want := map[string]string{
		"Pat Delaney is a man":      "Marion Ruiz",
		"He has apologized":         "Marion Ruiz",
		"Hate is not answered":      "Nadia Farouk",
		"What kind of country":      "Nadia Farouk",
		"I would rather he learn":   "Nadia Farouk",
		"Words like these frighten": "Helen Ostrowski",
	}
	got := make(map[string]string)
	for _, q := range Extract(text, people) {
		for prefix := range want {
			if strings.HasPrefix(q.Text, prefix) {
				got[prefix] = q.Speaker
			}
		}
	}
	for prefix, speaker := range want {
		if got[prefix] != speaker {
			t.Errorf("%q…: speaker %q, want %q", prefix, got[prefix], speaker)
		}
	}
}

// salienceShapes are pronoun speakers whose nearest name is not the one a
// reader picks, in sentences written for these tests.
var salienceShapes = []struct {
	name, text, people, speaker string
}{
	{
		"the subject of the sentences before over a nearer object",
		"Tom Varga spoke over boos on Tuesday as he ended his campaign and congratulated the winner, Daniel Okafor. " +
			"He said he would offer “a prayer” for the eventual nominee.",
		"Tom Varga|Daniel Okafor", "Tom Varga",
	},
	{
		"the speaker of the sentence before over the name in its clause",
		"On Thursday, Okafor will testify before the committee. Committee chairman Ellis Brandt said the questions " +
			"will start with Okafor but not end there. “There is no reason to keep this from the public,” he said.",
		"Ellis Brandt|Daniel Okafor", "Ellis Brandt",
	},
	{
		"a name inside the quote is talked about",
		"Paul Mercer, the campaign's chairman, said the candidate's appeal would cross party lines.\n\n" +
			"“That will help not only Mr. Okafor but every race down the ballot,” he said.",
		"Paul Mercer|Daniel Okafor", "Paul Mercer",
	},
	{
		"resolved pronouns keep their person salient",
		"Senator Lena Brandt opened the hearing at nine. She read from the report that Mara Quint had signed. " +
			"She then turned to the witness. “You will answer the question,” she said.",
		"Lena Brandt|Mara Quint", "Lena Brandt",
	},
}

func TestPronounSalience(t *testing.T) {
	for _, c := range salienceShapes {
		t.Run(c.name, func(t *testing.T) {
			qs := Extract(c.text, peopleIn(c.text, strings.Split(c.people, "|")...))
			if len(qs) == 0 {
				t.Fatal("no quote found")
			}
			if got := qs[len(qs)-1].Speaker; got != c.speaker {
				t.Errorf("speaker %q, want %q", got, c.speaker)
			}
		})
	}
}
