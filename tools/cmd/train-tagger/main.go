// Command train fits the entity tagger on CoNLL-2003 train and writes the
// weight file that package entity embeds. With the same flags it writes the
// same bytes; regenerate the committed weights from the repository root with
//
//	cd tools && go run ./cmd/train-tagger
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/digestbot/digestbot/digest/entity/tagger"
	"github.com/digestbot/digestbot/tools/eval"
	"github.com/digestbot/digestbot/tools/evaldata"
)

func main() {
	var (
		trainPath = flag.String("train", "", "CoNLL training file (default: evaldata ner/conll2003/conllpp_train.txt)")
		devPath   = flag.String("dev", "", "CoNLL dev file scored after training (default: evaldata ner/conll2003/conllpp_dev.txt; \"-\" to skip)")
		lexPath   = flag.String("lexicon", "../digest/entity/lexicon.txt", "gazetteer file (paths are relative to tools/)")
		out       = flag.String("out", "../digest/entity/weights.bin.gz", "weight file to write")
		def       = tagger.DefaultTrainOptions
		epochs    = flag.Int("epochs", def.Epochs, "training passes")
		seed      = flag.Uint64("seed", def.Seed, "shuffle seed")
		prune     = flag.Int("prune", def.Prune, "drop features whose largest quantised weight is below this")
	)
	flag.Parse()
	if err := run(*trainPath, *devPath, *lexPath, *out, tagger.TrainOptions{Epochs: *epochs, Seed: *seed, Prune: *prune}); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(trainPath, devPath, lexPath, out string, opt tagger.TrainOptions) error {
	if trainPath == "" {
		p, err := evaldata.Path("ner", "conll2003", "conllpp_train.txt")
		if err != nil {
			return err
		}
		trainPath = p
	}
	docs, err := eval.ReadCoNLLFile(trainPath)
	if err != nil {
		return err
	}
	lexData, err := os.ReadFile(lexPath)
	if err != nil {
		return fmt.Errorf("read lexicon: %w", err)
	}
	lex, err := tagger.ParseLexicon(string(lexData))
	if err != nil {
		return err
	}
	examples := make([]tagger.Example, len(docs))
	for i, d := range docs {
		examples[i] = Example(d)
	}
	start := time.Now()
	opt.Progress = func(epoch int, acc float64) {
		slog.Info("epoch", "epoch", epoch, "train_accuracy", fmt.Sprintf("%.4f", acc), "elapsed", time.Since(start).Round(time.Second))
	}
	m := tagger.Train(examples, lex, opt)
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write weights: %w", err)
	}
	slog.Info("wrote weights", "path", out, "features", m.Features(), "bytes", buf.Len())
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
	score := eval.EvalNER(dev, func(text string) ([][2]int, []string) {
		toks := tagger.Tokenize(text)
		var spans [][2]int
		var types []string
		for _, c := range eval.Chunks(names(m.Tag(toks))) {
			spans = append(spans, [2]int{toks[c.Start].Start, toks[c.End-1].End})
			types = append(types, c.Type)
		}
		return spans, types
	})
	score.NERReport(os.Stdout)
	return nil
}

// Example turns a CoNLL document into a training example over our own
// tokenization of its space-joined text.
func Example(d eval.NERDoc) tagger.Example {
	text, spans := d.Text()
	tags := make([]int, len(d.Tags))
	for i, t := range d.Tags {
		tags[i] = tagger.TagIndex(t)
	}
	return tagger.Align(text, spans, tags)
}

func names(tags []int) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = tagger.TagNames[t]
	}
	return out
}
