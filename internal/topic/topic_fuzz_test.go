package topic

import "testing"

// FuzzParse checks that a parsed topic's canonical form parses to the same
// canonical form and matches the same stories, and that a refused topic
// yields no query. Seeds: testdata/fuzz/FuzzParse (quotes, operators,
// parentheses, prefixes, actor: terms, accents).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"ai", `"climate change" -sports`, "a b OR c", `actor:"Elena Kovač"`, "(a OR b) -(c d)",
		"elect*", `"unclosed`, "OR", "-", "U.S. 3.5 1,000", "--x y", `actor:`, "(((", ")",
	} {
		f.Add(s, "The U.S. said AI rules (COVID-19) were passed by Elena Kovač.")
	}
	f.Fuzz(func(t *testing.T, q, text string) {
		query, err := Parse(q)
		if err != nil {
			if query.root != nil {
				t.Fatalf("Parse(%q) returned a query with error %v", q, err)
			}
			return
		}
		canon := query.String()
		again, err := Parse(canon)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", canon, q, err)
		}
		if again.String() != canon {
			t.Fatalf("canonical form not stable: %q -> %q -> %q", q, canon, again.String())
		}
		doc := Doc{Title: text, Actors: []string{text}}
		if query.Match(doc) != again.Match(doc) {
			t.Fatalf("%q and its canonical form %q disagree on %q", q, canon, text)
		}
	})
}
