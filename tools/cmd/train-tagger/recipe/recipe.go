// Package recipe is the entity tagger's training recipe: which annotated
// files, in which order, cut into which documents, and with which options.
// The train-tagger command and the test that checks the committed weights
// both build their examples here, so they cannot drift apart.
package recipe

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/digest/entity/tagger"
	"github.com/digestbot/digestbot/tools/eval"
)

// Source is one annotated file under the evaluation data directory.
type Source struct {
	Path string // slash-separated, relative to the evaldata directory
	// Group is how many sentences make one document when the file marks no
	// documents (tweets, GMB's loose sentences): the tagger reads document
	// evidence (how a word is cased elsewhere, what it was tagged before),
	// so a whole file as one "document" would teach it false evidence.
	Group int
	// Domain, when not 0, gives the source's examples feature copies of
	// their own in training (see tagger.Example): set per corpus.
	Domain uint8
}

// CoNLLTrain is the base of every recipe.
var CoNLLTrain = Source{Path: "ner/conll2003/conllpp_train.txt"}

// Sets are the extra corpora of ner/extra by name, as train-tagger's -extra
// flag names them.
var Sets = map[string][]Source{
	"wikigold": {{Path: "ner/extra/wikigold/wikigold.conll", Domain: 1}},
	"pud":      {{Path: "ner/extra/uner_en_pud/en_pud.conll", Domain: 2}},
	"ewt": {
		{Path: "ner/extra/uner_en_ewt/en_ewt-dev.conll", Domain: 3},
		{Path: "ner/extra/uner_en_ewt/en_ewt-test.conll", Domain: 3},
	},
	"gum": {
		{Path: "ner/extra/gum/gum-academic.conll", Domain: 4},
		{Path: "ner/extra/gum/gum-bio.conll", Domain: 4},
		{Path: "ner/extra/gum/gum-court.conll", Domain: 4},
		{Path: "ner/extra/gum/gum-interview.conll", Domain: 4},
		{Path: "ner/extra/gum/gum-news.conll", Domain: 4},
		{Path: "ner/extra/gum/gum-voyage.conll", Domain: 4},
	},
	"crossner": {
		{Path: "ner/extra/crossner/crossner-ai.conll", Group: 1, Domain: 5},
		{Path: "ner/extra/crossner/crossner-literature.conll", Group: 1, Domain: 5},
		{Path: "ner/extra/crossner/crossner-music.conll", Group: 1, Domain: 5},
		{Path: "ner/extra/crossner/crossner-politics.conll", Group: 1, Domain: 5},
		{Path: "ner/extra/crossner/crossner-science.conll", Group: 1, Domain: 5},
	},
	"btc": {
		{Path: "ner/extra/btc/btc-a.conll", Group: 1, Domain: 6},
		{Path: "ner/extra/btc/btc-b.conll", Group: 1, Domain: 6},
		{Path: "ner/extra/btc/btc-e.conll", Group: 1, Domain: 6},
		{Path: "ner/extra/btc/btc-f.conll", Group: 1, Domain: 6},
		{Path: "ner/extra/btc/btc-g.conll", Group: 1, Domain: 6},
		{Path: "ner/extra/btc/btc-h.conll", Group: 1, Domain: 6},
	},
	"wnut": {
		{Path: "ner/extra/wnut17/wnut17-train.conll", Group: 1, Domain: 7},
		{Path: "ner/extra/wnut17/wnut17-dev.conll", Group: 1, Domain: 7},
		{Path: "ner/extra/wnut17/wnut17-test.conll", Group: 1, Domain: 7},
	},
	"gmb": {{Path: "ner/extra/gmb/gmb.conll", Group: 10, Domain: 8}},
}

// Extra names the sets the committed weights were trained on, chosen by
// held-out folds of CoNLL train (see docs/EVAL.md), never by CoNLL dev.
var Extra = []string{}

// Adapt turns on the private feature copies per extra corpus.
var Adapt = true

// Options are the training options of the committed weights. Chosen on
// held-out folds of CoNLL train: 12 epochs beat 20 (folds 1-2), and three
// summed runs beat one (folds 1-3, +0.3 micro F1 on average) and five
// (fold 1). A second pass (TwoPass) is not on: it gained on the folds but
// not on CoNLL dev, and it cost the quote resolver a speaker (docs/EVAL.md).
// A beam trained with early update (over BILOU labels) beat greedy
// decoding on folds 1-3 by 1.2 points on average; widths 2, 4 and 8 score
// within noise of each other (0.9256, 0.9264, 0.9272), and the cost of
// decoding grows with the width, so 2.
var Options = tagger.TrainOptions{Epochs: 12, Seed: 1, Runs: 3, Beam: 2}

// SetSources resolves set names to sources, in the order given.
func SetSources(names []string) ([]Source, error) {
	var out []Source
	for _, n := range names {
		s, ok := Sets[n]
		if !ok {
			keys := make([]string, 0, len(Sets))
			for k := range Sets {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			return nil, fmt.Errorf("recipe: no extra set %q (have %v)", n, keys)
		}
		out = append(out, s...)
	}
	return out, nil
}

// Docs reads one source's documents from the evaldata directory dir.
func Docs(dir string, s Source) ([]eval.NERDoc, error) {
	docs, err := eval.ReadCoNLLFile(filepath.Join(dir, filepath.FromSlash(s.Path)))
	if err != nil {
		return nil, fmt.Errorf("recipe: %w", err)
	}
	if s.Group <= 0 {
		return docs, nil
	}
	var out []eval.NERDoc
	for _, d := range docs {
		out = append(out, split(d, s.Group)...)
	}
	return out, nil
}

// split cuts a document into documents of group sentences each.
func split(d eval.NERDoc, group int) []eval.NERDoc {
	var out []eval.NERDoc
	for k := 0; k < len(d.Sentences); k += group {
		from := d.Sentences[k]
		to := len(d.Tokens)
		if k+group < len(d.Sentences) {
			to = d.Sentences[k+group]
		}
		var sents []int
		for _, s := range d.Sentences[k:min(k+group, len(d.Sentences))] {
			sents = append(sents, s-from)
		}
		out = append(out, eval.NERDoc{Tokens: d.Tokens[from:to], Tags: d.Tags[from:to], Sentences: sents})
	}
	return out
}

// Examples reads the sources in order and aligns every document to the
// tagger's own tokenization.
func Examples(dir string, sources []Source) ([]tagger.Example, error) {
	var out []tagger.Example
	for _, s := range sources {
		docs, err := Docs(dir, s)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			ex := Example(d)
			if Adapt {
				ex.Domain = s.Domain
			}
			out = append(out, ex)
		}
	}
	return out, nil
}

// Example turns a document into a training example over our own
// tokenization of its space-joined text.
func Example(d eval.NERDoc) tagger.Example {
	text, spans := d.Text()
	tags := make([]int, len(d.Tags))
	for i, t := range d.Tags {
		tags[i] = tagger.TagIndex(t)
	}
	return tagger.Align(text, spans, tags)
}

// Committed builds the examples the committed weights were trained on:
// CoNLL train, then the Extra sets.
func Committed(dir string) ([]tagger.Example, error) {
	extra, err := SetSources(Extra)
	if err != nil {
		return nil, err
	}
	return Examples(dir, append([]Source{CoNLLTrain}, extra...))
}

// NameSets are the corpora the learnt name list is counted on: every extra
// set, CoNLL train never (a list made from the training labels would be a
// feature that is always right in training and only sometimes at run time).
var NameSets = []string{"btc", "crossner", "ewt", "gmb", "gum", "pud", "wikigold", "wnut"}

// NameMinCount and NameShare are Names' thresholds for listing a word.
var (
	NameMinCount = 2
	NameShare    = 0.5
)

// Names counts, over the sources, how often each capitalised word is part
// of a PER, ORG, LOC or MISC name, and lists the word under a type when at
// least minCount of its capitalised uses, and at least share of them, are
// that type. The text is what tagger.Lexicon.AddNames reads, sorted, so the
// same data always give the same bytes.
func Names(dir string, sources []Source) (string, error) {
	minCount, share := NameMinCount, NameShare
	capital := map[string]int{}
	typed := map[string]map[string]int{"PER": {}, "ORG": {}, "LOC": {}, "MISC": {}}
	entity, inside := map[string]int{}, map[string]int{}
	for _, s := range sources {
		docs, err := Docs(dir, s)
		if err != nil {
			return "", err
		}
		for _, d := range docs {
			for i, tok := range d.Tokens {
				r, _ := utf8.DecodeRuneInString(tok)
				if !unicode.IsUpper(r) {
					continue
				}
				w := strings.ToLower(tok)
				capital[w]++
				bio, typ, ok := strings.Cut(d.Tags[i], "-")
				if ok && typed[typ] != nil {
					typed[typ][w]++
					entity[w]++
					if bio == "I" {
						inside[w]++
					}
				}
			}
		}
	}
	var b strings.Builder
	b.WriteString("# Learnt name list: see tools/cmd/train-tagger/recipe.Names.\n")
	for _, typ := range []string{"PER", "ORG", "LOC", "MISC"} {
		var words []string
		for w, n := range typed[typ] {
			if n >= minCount && float64(n) >= share*float64(capital[w]) && !strings.ContainsAny(w, " \t") {
				words = append(words, w)
			}
		}
		writeClass(&b, typ, words)
	}
	var in, none []string
	for w, n := range capital {
		switch {
		case entity[w] >= minCount && float64(entity[w]) >= share*float64(n) && 2*inside[w] > entity[w]:
			in = append(in, w)
		case n >= 3 && entity[w]*10 <= n:
			none = append(none, w)
		}
	}
	writeClass(&b, "INSIDE", in)
	writeClass(&b, "NONE", none)
	return b.String(), nil
}

func writeClass(b *strings.Builder, class string, words []string) {
	slices.Sort(words)
	for k := 0; k < len(words); k += 20 {
		fmt.Fprintf(b, "%s\t%s\n", class, strings.Join(words[k:min(k+20, len(words))], " "))
	}
}

// Gzip compresses a name list or a word class file the way the committed
// files are written (no name or time in the header, so the bytes depend on
// the text alone).
func Gzip(text string) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("recipe: %w", err)
	}
	if _, err := zw.Write([]byte(text)); err != nil {
		return nil, fmt.Errorf("recipe: gzip: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("recipe: gzip: %w", err)
	}
	return buf.Bytes(), nil
}

// The word classes' settings (see tools/cmd/train-clusters): one
// clustering per size, over words seen at least ClusterMinCount times, for
// at most ClusterPasses passes.
var (
	ClusterSizes    = []int{64, 256, 1024}
	ClusterMinCount = 3
	ClusterPasses   = 15
)

// AddClusters adds the gzipped word class file at path to lex; an empty
// path adds none.
func AddClusters(lex *tagger.Lexicon, path string) error {
	if path == "" {
		return nil
	}
	gz, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("recipe: word classes: %w", err)
	}
	text, err := Gunzip(gz)
	if err != nil {
		return fmt.Errorf("recipe: word classes %s: %w", path, err)
	}
	return lex.AddClusters(text)
}

// Gunzip undoes Gzip.
func Gunzip(gz []byte) (string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return "", fmt.Errorf("gunzip: %w", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return "", fmt.Errorf("gunzip: %w", err)
	}
	return string(b), nil
}
