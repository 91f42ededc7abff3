package quote

import "testing"

// FuzzExtract checks that every quote found in any text is the verbatim text
// at its offsets, with spans inside the text, and that ranking them does not
// fail. Seeds: testdata/fuzz/FuzzExtract (nested and unbalanced quote marks,
// apostrophe runs, attributions without quotes, invalid UTF-8).
func FuzzExtract(f *testing.F) {
	f.Add("“A,” he said. “B.”")
	f.Add("Smith: \"x\"\n\n\"y")
	f.Add("x\xff“")
	f.Fuzz(func(t *testing.T, text string) {
		people := []Person{{Name: "Ana Costa", Spans: nameSpans(text, "Ana Costa")}}
		qs := Extract(text, people)
		checkVerbatim(t, text, qs)
		Key(qs, 3)
	})
}

// nameSpans gives the recogniser's view of a person the text mentions, so the
// attribution code paths that use people run too.
func nameSpans(text, name string) [][2]int {
	var spans [][2]int
	for i := 0; i+len(name) <= len(text); i++ {
		if text[i:i+len(name)] == name {
			spans = append(spans, [2]int{i, i + len(name)})
		}
	}
	return spans
}
