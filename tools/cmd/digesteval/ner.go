package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/digestbot/digestbot/digest/entity"
	"github.com/digestbot/digestbot/tools/eval"
	"github.com/digestbot/digestbot/tools/evaldata"
)

func init() {
	register("ner", "actors: PER/ORG/LOC exact-span micro P/R/F1 on CoNLL-2003 dev (MISC ignored)", runNER)
}

var nerKinds = map[entity.Kind]string{entity.Person: "PER", entity.Org: "ORG", entity.Place: "LOC"}

// conllDocs reads the CoNLL file at path, CoNLL dev when path is empty,
// and returns the path it read.
func conllDocs(path string) (string, []eval.NERDoc, error) {
	if path == "" {
		p, err := evaldata.Path("ner", "conll2003", "conllpp_dev.txt")
		if err != nil {
			return "", nil, err
		}
		path = p
	}
	docs, err := eval.ReadCoNLLFile(path)
	return path, docs, err
}

func runNER(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("ner", flag.ContinueOnError)
	data := fs.String("data", "", "CoNLL file (default: evaldata ner/conll2003/conllpp_dev.txt)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path, docs, err := conllDocs(*data)
	if err != nil {
		return err
	}
	loadStart := time.Now()
	if err := entity.Load(); err != nil {
		return err
	}
	loadTime := time.Since(loadStart)
	tokens := 0
	for _, d := range docs {
		tokens += len(d.Tokens)
	}
	start := time.Now()
	score := eval.EvalNER(docs, func(text string) ([][2]int, []string) {
		ms := entity.Recognize(text)
		spans := make([][2]int, len(ms))
		types := make([]string, len(ms))
		for i, m := range ms {
			spans[i] = [2]int{m.Start, m.End}
			types[i] = nerKinds[m.Kind]
		}
		return spans, types
	})
	elapsed := time.Since(start)

	fmt.Fprintf(stdout, "NER on %s: %d documents, %d tokens (raw text: tokens joined by spaces, re-tokenised by entity.Recognize)\n\n", path, len(docs), tokens)
	score.NERReport(stdout)
	fmt.Fprintf(stdout, "\nanchors: Stanford NER 85.5 F1 (CoNLL test, all types); jdkato/prose 0.57 F1 (PER+LOC, here); guarded: micro F1 >= 0.91 on dev (TestCoNLLDev); issue 7 target 0.92\n")
	fmt.Fprintf(stdout, "model load %v; recognition %v (%.0f tokens/s, one goroutine)\n",
		loadTime.Round(time.Millisecond), elapsed.Round(time.Millisecond), float64(tokens)/elapsed.Seconds())
	return nil
}
