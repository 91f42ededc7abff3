// Command train-tagger fits the entity tagger on CoNLL-2003 train plus the
// extra corpora the recipe names (package recipe) and writes the weight file
// that package entity embeds. With the same flags it writes the same bytes;
// regenerate the committed weights from the repository root with
//
//	cd tools && go run ./cmd/train-tagger
//
// -two-pass trains a two-pass model (see tagger.TrainOptions): every
// training document is first tagged by one-pass models trained without it,
// which makes training about three times as long.
//
// To choose data and options without looking at CoNLL dev, train with
// -fold k (1..5): every fifth CoNLL train document, starting at the k-th, is
// held out of training and scored instead of dev, and no weights are written.
// The committed word classes were counted on text that includes every fold,
// so for fold scores count them without the fold first:
//
//	go run ./cmd/train-clusters -fold 1 -out /tmp/classes-1.gz
//	go run ./cmd/train-tagger -fold 1 -clusters /tmp/classes-1.gz
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/digestbot/digestbot/digest/entity/tagger"
	"github.com/digestbot/digestbot/tools/cmd/train-tagger/recipe"
	"github.com/digestbot/digestbot/tools/eval"
	"github.com/digestbot/digestbot/tools/evaldata"
)

type config struct {
	extra    []string
	names    []string
	namesOut string
	fold     int
	keep     bool
	dev      string
	lexPath  string
	clusters string
	out      string
	opt      tagger.TrainOptions
}

func main() {
	var (
		c      config
		def    = recipe.Options
		extra  = flag.String("extra", strings.Join(recipe.Extra, ","), "extra sets to train on after CoNLL train, comma-separated (\"\" for none)")
		names  = flag.String("names", strings.Join(recipe.NameSets, ","), "extra sets the learnt name list is counted on (\"\" for none)")
		epochs = flag.Int("epochs", def.Epochs, "training passes")
		seed   = flag.Uint64("seed", def.Seed, "shuffle seed")
		prune  = flag.Int("prune", def.Prune, "drop features whose largest quantised weight is below this")
		runs   = flag.Int("runs", def.Runs, "training runs (seeds seed, seed+1, ...) summed into the model")
		two    = flag.Bool("two-pass", def.TwoPass, "train a two-pass model (the second pass sees the first pass's types elsewhere in the document)")
		first  = flag.Int("first-runs", def.FirstPassRuns, "with -two-pass: runs summed into each cross-trained first-pass model")
		beam   = flag.Int("beam", def.Beam, "beam width (above 1: train and decode with a beam, sentence by sentence, early update)")
	)
	flag.BoolVar(&recipe.Adapt, "adapt", recipe.Adapt, "give each extra corpus private feature copies in training")
	flag.IntVar(&recipe.NameMinCount, "names-min", recipe.NameMinCount, "least times a word is seen as a type to be listed")
	flag.Float64Var(&recipe.NameShare, "names-share", recipe.NameShare, "least share of a word's capitalised uses that are the type")
	flag.BoolVar(&c.keep, "keep", false, "with -fold: write the fold's weights too, to score entity.Recognize on the held-out fold")
	flag.IntVar(&c.fold, "fold", 0, "hold out CoNLL train fold 1..5 and score it instead of dev; writes no weights")
	flag.StringVar(&c.dev, "dev", "", "CoNLL dev file scored after training (default: evaldata ner/conll2003/conllpp_dev.txt; \"-\" to skip)")
	flag.StringVar(&c.lexPath, "lexicon", "../digest/entity/lexicon.txt", "gazetteer file (paths are relative to tools/)")
	flag.StringVar(&c.clusters, "clusters", "../digest/entity/clusters.txt.gz", "word class file from train-clusters (\"\" for none)")
	flag.StringVar(&c.namesOut, "names-out", "../digest/entity/names.txt.gz", "learnt name list to write")
	flag.StringVar(&c.out, "out", "../digest/entity/weights.bin", "weight file to write")
	flag.Parse()
	if *extra != "" {
		c.extra = strings.Split(*extra, ",")
	}
	if *names != "" {
		c.names = strings.Split(*names, ",")
	}
	c.opt = tagger.TrainOptions{Epochs: *epochs, Seed: *seed, Prune: *prune, Runs: *runs, TwoPass: *two, FirstPassRuns: *first, Beam: *beam}
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "train-tagger:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	dir, err := evaldata.Dir()
	if err != nil {
		return err
	}
	conll, err := recipe.Docs(dir, recipe.CoNLLTrain)
	if err != nil {
		return err
	}
	var train, held []eval.NERDoc
	for i, d := range conll {
		if c.fold > 0 && i%5 == c.fold-1 {
			held = append(held, d)
		} else {
			train = append(train, d)
		}
	}
	examples := make([]tagger.Example, 0, len(train))
	for _, d := range train {
		examples = append(examples, recipe.Example(d))
	}
	extra, err := recipe.SetSources(c.extra)
	if err != nil {
		return err
	}
	more, err := recipe.Examples(dir, extra)
	if err != nil {
		return err
	}
	examples = append(examples, more...)
	lex, nameList, err := lexicon(c, dir)
	if err != nil {
		return err
	}
	start := time.Now()
	c.opt.Progress = func(epoch int, acc float64) {
		slog.Info("epoch", "epoch", epoch, "train_accuracy", fmt.Sprintf("%.4f", acc), "elapsed", time.Since(start).Round(time.Second))
	}
	slog.Info("training", "examples", len(examples), "extra", strings.Join(c.extra, ","), "fold", c.fold)
	m := tagger.Train(examples, lex, c.opt)
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		return err
	}
	slog.Info("trained", "features", m.Features(), "bytes", buf.Len())
	if c.fold > 0 && !c.keep {
		fmt.Printf("held-out CoNLL train fold %d (%d documents), names=%q extra=%q clusters=%q adapt=%v epochs=%d seed=%d prune=%d runs=%d two-pass=%v first-runs=%d beam=%d\n",
			c.fold, len(held), strings.Join(c.names, ","), strings.Join(c.extra, ","), c.clusters, recipe.Adapt, c.opt.Epochs, c.opt.Seed, c.opt.Prune, c.opt.Runs, c.opt.TwoPass, c.opt.FirstPassRuns, c.opt.Beam)
		score(m, held).NERReport(os.Stdout)
		return nil
	}
	if err := os.WriteFile(c.out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write weights: %w", err)
	}
	gz, err := recipe.Gzip(nameList)
	if err != nil {
		return err
	}
	if err := os.WriteFile(c.namesOut, gz, 0o644); err != nil {
		return fmt.Errorf("write name list: %w", err)
	}
	slog.Info("wrote weights and name list", "weights", c.out, "names", c.namesOut, "names_bytes", len(gz))
	return scoreDev(m, c.dev)
}

// lexicon builds what the tagger looks words up in: the gazetteer, the
// name list counted on the extra corpora (returned too, to be written) and
// the word classes.
func lexicon(c config, dir string) (*tagger.Lexicon, string, error) {
	lexData, err := os.ReadFile(c.lexPath)
	if err != nil {
		return nil, "", fmt.Errorf("read lexicon: %w", err)
	}
	lex, err := tagger.ParseLexicon(string(lexData))
	if err != nil {
		return nil, "", err
	}
	nameSources, err := recipe.SetSources(c.names)
	if err != nil {
		return nil, "", err
	}
	nameList, err := recipe.Names(dir, nameSources)
	if err != nil {
		return nil, "", err
	}
	if err := lex.AddNames(nameList); err != nil {
		return nil, "", err
	}
	if err := recipe.AddClusters(lex, c.clusters); err != nil {
		return nil, "", err
	}
	return lex, nameList, nil
}

func scoreDev(m *tagger.Model, devPath string) error {
	if devPath == "-" {
		return nil
	}
	if devPath == "" {
		p, err := evaldata.Path("ner", "conll2003", "conllpp_dev.txt")
		if err != nil {
			return err
		}
		devPath = p
	}
	dev, err := eval.ReadCoNLLFile(devPath)
	if err != nil {
		return err
	}
	fmt.Println("CoNLL dev, raw tagger output (entity.Recognize adds its clean-up on top):")
	score(m, dev).NERReport(os.Stdout)
	return nil
}

// score tags each document's space-joined text with the bare model.
func score(m *tagger.Model, docs []eval.NERDoc) *eval.NERScore {
	return eval.EvalNER(docs, func(text string) ([][2]int, []string) {
		toks := tagger.Tokenize(text)
		var spans [][2]int
		var types []string
		for _, c := range eval.Chunks(names(m.Tag(toks))) {
			spans = append(spans, [2]int{toks[c.Start].Start, toks[c.End-1].End})
			types = append(types, c.Type)
		}
		return spans, types
	})
}

func names(tags []int) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = tagger.TagNames[t]
	}
	return out
}
