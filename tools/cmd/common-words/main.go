// Command common-words writes digest/entity/common.txt.gz: the words that
// annotated English text writes mostly in lower case ("help", "inside",
// "abuse"). A card drops a one-word actor that is such a word unless the
// article capitalises it in mid-sentence: pages capitalise common words in
// headings, buttons and all-caps lines, and the tagger reads them as names.
//
// It counts, over every corpus in evaldata/ner/extra and CoNLL-2003 train
// (never dev), each word's lower-case uses and its capitalised uses that do
// not open a sentence. Only the derived word list is written, never text.
//
//	cd tools && go run ./cmd/common-words [-out ../digest/entity/common.txt.gz]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/tools/cmd/train-tagger/recipe"
	"github.com/digestbot/digestbot/tools/evaldata"
)

// A word is common when written in lower case at least minLower times and
// at least ratio times as often as capitalised in mid-sentence.
const (
	minLower = 3
	ratio    = 3
)

type counts struct{ lower, capsMid int }

func main() {
	out := flag.String("out", "../digest/entity/common.txt.gz", "file to write")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "common-words:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	dir, err := evaldata.Dir()
	if err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(dir, "ner", "extra", "*", "*.conll"))
	if err != nil {
		return err
	}
	files = append(files, filepath.Join(dir, "ner", "conll2003", "conllpp_train.txt"))
	sort.Strings(files)
	tally := map[string]*counts{}
	for _, f := range files {
		if err := count(f, tally); err != nil {
			return err
		}
	}
	var words []string
	for w, c := range tally {
		if c.lower >= minLower && c.lower >= ratio*c.capsMid {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	data, err := recipe.Gzip(strings.Join(words, "\n") + "\n")
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return err
	}
	fmt.Printf("%d words from %d files, %d bytes, to %s\n", len(words), len(files), len(data), out)
	return nil
}

// count reads a "TOKEN ... TAG" file with blank lines between sentences
// (CoNLL's -DOCSTART- lines are skipped).
func count(path string, tally map[string]*counts) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	first := true
	for sc.Scan() {
		line := sc.Text()
		tok, _, _ := strings.Cut(line, " ")
		if tok == "" || tok == "-DOCSTART-" {
			first = true
			continue
		}
		opens := first
		first = false
		if !isWord(tok) {
			continue
		}
		l := strings.ToLower(tok)
		c := tally[l]
		if c == nil {
			c = &counts{}
			tally[l] = c
		}
		r, _ := utf8.DecodeRuneInString(tok)
		switch {
		case tok == l:
			c.lower++
		case unicode.IsUpper(r) && !opens:
			c.capsMid++
		}
	}
	return sc.Err()
}

// isWord reports a token of at least two letters, hyphens or apostrophes.
func isWord(tok string) bool {
	if utf8.RuneCountInString(tok) < 2 {
		return false
	}
	for _, r := range tok {
		if !unicode.IsLetter(r) && r != '-' && r != '\'' {
			return false
		}
	}
	return true
}
