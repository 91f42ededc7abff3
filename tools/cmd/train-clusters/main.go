// Command train-clusters counts word classes on unlabelled text for the
// entity tagger's cluster features (Brown-style classes, as in Turian et al.
// 2010 and Ratinov & Roth 2009, here by the exchange algorithm) and writes
// the word list that package entity embeds. The same data and flags give the
// same bytes; regenerate the committed file with
//
//	cd tools && go run ./cmd/train-clusters
//
// With -fold k the held-out fold of CoNLL train (as train-tagger -fold k
// holds it out) is left out of the text too, so that fold scores do not see
// the held-out documents even unlabelled.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/digestbot/digestbot/tools/cmd/train-tagger/recipe"
	"github.com/digestbot/digestbot/tools/evaldata"
	"github.com/digestbot/digestbot/tools/wordclass"
)

func main() {
	var (
		classes = flag.String("classes", intsString(recipe.ClusterSizes), "class counts, one clustering each, comma-separated")
		minN    = flag.Int("min", recipe.ClusterMinCount, "least occurrences of a listed word")
		iters   = flag.Int("iter", recipe.ClusterPasses, "most passes over the vocabulary per clustering")
		fold    = flag.Int("fold", 0, "leave CoNLL train fold 1..5 out of the text")
		out     = flag.String("out", "../digest/entity/clusters.txt.gz", "word class file to write")
	)
	flag.Parse()
	sizes, err := parseInts(*classes)
	if err == nil {
		err = run(sizes, *minN, *iters, *fold, *out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "train-clusters:", err)
		os.Exit(1)
	}
}

func run(sizes []int, minN, iters, fold int, out string) error {
	dir, err := evaldata.Dir()
	if err != nil {
		return err
	}
	words, err := recipe.ClusterCorpus(dir, fold)
	if err != nil {
		return err
	}
	text, err := wordclass.Classes(words, sizes, minN, iters)
	if err != nil {
		return err
	}
	gz, err := recipe.Gzip(text)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, gz, 0o644); err != nil {
		return fmt.Errorf("write classes: %w", err)
	}
	slog.Info("wrote word classes", "file", out, "bytes", len(gz))
	return nil
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("bad class count %q: %w", f, err)
		}
		out = append(out, n)
	}
	return out, nil
}

func intsString(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}
