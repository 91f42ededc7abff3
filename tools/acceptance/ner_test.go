package acceptance

import (
	"bytes"
	"os"
	"testing"

	"github.com/digestbot/digestbot/digest/entity"
	"github.com/digestbot/digestbot/digest/entity/tagger"
	"github.com/digestbot/digestbot/tools/eval"
	"github.com/digestbot/digestbot/tools/evaldata"
)

var conllTypes = map[entity.Kind]string{entity.Person: "PER", entity.Org: "ORG", entity.Place: "LOC"}

func recognizeCoNLL(text string) ([][2]int, []string) {
	ms := entity.Recognize(text)
	spans := make([][2]int, len(ms))
	types := make([]string, len(ms))
	for i, m := range ms {
		spans[i] = [2]int{m.Start, m.End}
		types[i] = conllTypes[m.Kind]
	}
	return spans, types
}

// TestCoNLLDev guards the acceptance figure: PER/ORG/LOC micro F1 >= 0.85 on
// the whole CoNLL-2003 dev set, through Recognize on raw space-joined text.
func TestCoNLLDev(t *testing.T) {
	path := evaldata.Require(t, "ner", "conll2003", "conllpp_dev.txt")
	docs, err := eval.ReadCoNLLFile(path)
	if err != nil {
		t.Fatal(err)
	}
	score := eval.EvalNER(docs, recognizeCoNLL)
	for _, typ := range score.Types {
		c := score.ByType[typ]
		t.Logf("%s P=%.4f R=%.4f F1=%.4f", typ, c.Precision(), c.Recall(), c.F1())
	}
	m := score.Micro()
	t.Logf("micro P=%.4f R=%.4f F1=%.4f (%d gold)", m.Precision(), m.Recall(), m.F1(), m.Gold)
	if m.Gold < 5000 {
		t.Fatalf("only %d gold entities: is %s the full dev set?", m.Gold, path)
	}
	if f := m.F1(); f < 0.85 {
		t.Errorf("micro F1 = %.4f, want >= 0.85", f)
	}
}

// TestCommittedWeightsReproduce retrains from CoNLL train with the default
// options and checks the result is byte for byte the embedded weight file.
// It takes about a minute, so it runs only with DIGESTBOT_RETRAIN=1:
//
//	cd tools && DIGESTBOT_RETRAIN=1 go test -run CommittedWeights ./acceptance/
//
// The same bytes come from: cd tools && go run ./cmd/train-tagger
func TestCommittedWeightsReproduce(t *testing.T) {
	if os.Getenv("DIGESTBOT_RETRAIN") != "1" {
		t.Skip("set DIGESTBOT_RETRAIN=1 to retrain and compare with the committed weights")
	}
	path := evaldata.Require(t, "ner", "conll2003", "conllpp_train.txt")
	docs, err := eval.ReadCoNLLFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lexicon, err := os.ReadFile("../../digest/entity/lexicon.txt")
	if err != nil {
		t.Fatal(err)
	}
	weightFile, err := os.ReadFile("../../digest/entity/weights.bin.gz")
	if err != nil {
		t.Fatal(err)
	}
	lex, err := tagger.ParseLexicon(string(lexicon))
	if err != nil {
		t.Fatal(err)
	}
	examples := make([]tagger.Example, len(docs))
	for i, d := range docs {
		text, spans := d.Text()
		tags := make([]int, len(d.Tags))
		for k, tag := range d.Tags {
			tags[k] = tagger.TagIndex(tag)
		}
		examples[i] = tagger.Align(text, spans, tags)
	}
	var b bytes.Buffer
	if err := tagger.Train(examples, lex, tagger.DefaultTrainOptions).Encode(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), weightFile) {
		t.Fatalf("retrained weights (%d bytes) differ from weights.bin.gz (%d bytes): regenerate with cd tools && go run ./cmd/train-tagger", b.Len(), len(weightFile))
	}
}
