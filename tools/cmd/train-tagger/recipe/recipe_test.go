package recipe

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/digest/entity/tagger"
)

// corpus is a made-up file in the extra corpora's format: no -DOCSTART-,
// so Group decides the documents.
const corpus = `Acme B-ORG
hired O
Lena B-PER
Ortiz I-PER
. O

Acme B-ORG
grew O
in O
Brill B-LOC
. O

Monday O
Acme B-ORG
said O
so O
. O

Monday O
was O
calm O
. O

Monday O
ended O
. O
`

func writeCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "c.conll"), []byte(corpus), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDocsGroupsSentences(t *testing.T) {
	dir := writeCorpus(t)
	docs, err := Docs(dir, Source{Path: "c.conll", Group: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 3 {
		t.Fatalf("got %d documents, want 3 (5 sentences in twos)", len(docs))
	}
	if got := strings.Join(docs[1].Tokens, " "); got != "Monday Acme said so . Monday was calm ." {
		t.Errorf("second document = %q", got)
	}
	if len(docs[1].Sentences) != 2 || docs[1].Sentences[1] != 5 {
		t.Errorf("second document's sentence starts = %v, want [0 5]", docs[1].Sentences)
	}
}

func TestNamesListsByShare(t *testing.T) {
	dir := writeCorpus(t)
	text, err := Names(dir, []Source{{Path: "c.conll"}})
	if err != nil {
		t.Fatal(err)
	}
	lex, err := tagger.ParseLexicon("")
	if err != nil {
		t.Fatal(err)
	}
	if err := lex.AddNames(text); err != nil {
		t.Fatalf("AddNames(%q): %v", text, err)
	}
	for _, tt := range []struct {
		word string
		want uint8
	}{
		{"acme", tagger.NameOrg},    // three times, always ORG
		{"lena", 0},                 // once: below the minimum count
		{"monday", tagger.NameNone}, // capitalised three times, never a name
	} {
		if got := lex.Names(tt.word); got != tt.want {
			t.Errorf("Names(%q) = %b, want %b\n%s", tt.word, got, tt.want, text)
		}
	}
	again, err := Names(dir, []Source{{Path: "c.conll"}})
	if err != nil || again != text {
		t.Errorf("Names is not deterministic: %q then %q (%v)", text, again, err)
	}
}
