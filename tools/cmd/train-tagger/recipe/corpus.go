package recipe

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/digestbot/digestbot/digest/entity/tagger"
	"github.com/digestbot/digestbot/tools/wordclass"
)

// ClusterCorpus reads the unlabelled text the classes are counted on, tokenized
// as the tagger tokenizes articles, in a fixed order: CoNLL-2003 train
// (without the held-out fold, when fold > 0), the tokens of every ner/extra
// corpus (their labels unused), PolNeAR train, the CNN/DM articles and the
// UCI headlines. CoNLL dev, the split actor F1 is reported on, is never read.
func ClusterCorpus(dir string, fold int) ([]string, error) {
	var out []string
	add := func(text string) {
		for _, t := range tagger.Tokenize(text) {
			if t.SentStart {
				out = append(out, wordclass.Boundary)
			}
			out = append(out, tagger.ClusterKey(t.Text))
		}
		out = append(out, wordclass.Boundary)
	}
	conll, err := Docs(dir, CoNLLTrain)
	if err != nil {
		return nil, err
	}
	for i, d := range conll {
		if fold > 0 && i%5 == fold-1 {
			continue
		}
		text, _ := d.Text()
		add(text)
	}
	if err := extraTokens(dir, add); err != nil {
		return nil, err
	}
	if err := polnear(dir, add); err != nil {
		return nil, err
	}
	if err := jsonTexts(filepath.Join(dir, "summarization", "cnndm-dev.jsonl"), cnndmText, add); err != nil {
		return nil, err
	}
	if err := jsonTexts(filepath.Join(dir, "clustering", "uci-dev.jsonl"), headlines, add); err != nil {
		return nil, err
	}
	return out, nil
}

func extraTokens(dir string, add func(string)) error {
	names := make([]string, 0, len(Sets))
	for n := range Sets {
		names = append(names, n)
	}
	slices.Sort(names)
	sources, err := SetSources(names)
	if err != nil {
		return err
	}
	for _, s := range sources {
		docs, err := Docs(dir, s)
		if err != nil {
			return err
		}
		for _, d := range docs {
			text, _ := d.Text()
			add(text)
		}
	}
	return nil
}

func polnear(dir string, add func(string)) error {
	files, err := filepath.Glob(filepath.Join(dir, "quotes", "polnear", "train", "text", "*.txt"))
	if err != nil {
		return fmt.Errorf("polnear: %w", err)
	}
	slices.Sort(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("polnear: %w", err)
		}
		add(string(b))
	}
	return nil
}

func cnndmText(line []byte) ([]string, error) {
	var a struct{ Text string }
	err := json.Unmarshal(line, &a)
	return []string{a.Text}, err
}

func headlines(line []byte) ([]string, error) {
	var w struct{ Items []struct{ Title string } }
	err := json.Unmarshal(line, &w)
	var out []string
	for _, it := range w.Items {
		out = append(out, it.Title)
	}
	return out, err
}

// jsonTexts feeds the texts that parse finds in each line of a JSONL file.
func jsonTexts(path string, parse func([]byte) ([]string, error), add func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		texts, err := parse(sc.Bytes())
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		for _, t := range texts {
			add(t)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}
