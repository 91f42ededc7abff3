package eval

import (
	"reflect"
	"strings"
	"testing"
)

func TestChunksConllevalConvention(t *testing.T) {
	tests := []struct {
		name string
		tags string
		want []Chunk
	}{
		{"IOB2", "B-PER I-PER O B-LOC", []Chunk{{0, 2, "PER"}, {3, 4, "LOC"}}},
		{"adjacent B starts a new chunk", "B-PER B-PER I-PER", []Chunk{{0, 1, "PER"}, {1, 3, "PER"}}},
		{"I after O starts a chunk (IOB1)", "O I-ORG I-ORG O", []Chunk{{1, 3, "ORG"}}},
		{"type change splits", "B-ORG I-LOC", []Chunk{{0, 1, "ORG"}, {1, 2, "LOC"}}},
		{"chunk at the end", "O O B-MISC", []Chunk{{2, 3, "MISC"}}},
		{"no entities", "O O", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Chunks(strings.Fields(tt.tags)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Chunks(%q) = %v, want %v", tt.tags, got, tt.want)
			}
		})
	}
}

func TestNERScoreArithmetic(t *testing.T) {
	gold := Chunks(strings.Fields("B-PER I-PER O B-ORG O B-LOC B-MISC O B-PER"))
	// PER 0-2 right; ORG has the wrong span; LOC right; MISC predicted but
	// ignored; a PER the gold lacks; the last gold PER missed.
	pred := Chunks(strings.Fields("B-PER I-PER O B-ORG I-ORG B-LOC B-MISC B-PER O"))
	s := NewNERScore("PER", "ORG", "LOC")
	s.Add(gold, pred)
	want := map[string]NERCount{
		"PER": {Correct: 1, Predicted: 2, Gold: 2},
		"ORG": {Correct: 0, Predicted: 1, Gold: 1},
		"LOC": {Correct: 1, Predicted: 1, Gold: 1},
	}
	for typ, w := range want {
		if got := *s.ByType[typ]; got != w {
			t.Errorf("%s = %+v, want %+v", typ, got, w)
		}
	}
	m := s.Micro()
	if m != (NERCount{Correct: 2, Predicted: 4, Gold: 4}) {
		t.Fatalf("micro = %+v", m)
	}
	if m.Precision() != 0.5 || m.Recall() != 0.5 || m.F1() != 0.5 {
		t.Errorf("micro P/R/F1 = %v/%v/%v, want 0.5 each", m.Precision(), m.Recall(), m.F1())
	}
	per := s.ByType["PER"]
	if per.F1() != 0.5 {
		t.Errorf("PER F1 = %v, want 0.5", per.F1())
	}
	if loc := s.ByType["LOC"]; loc.F1() != 1 {
		t.Errorf("LOC F1 = %v, want 1", loc.F1())
	}
	if (NERCount{}).F1() != 0 {
		t.Error("empty count must score 0, not NaN")
	}
	// P = 1/4, R = 1/2: F1 = 2*(1/8)/(3/4) = 1/3.
	if f := (NERCount{Correct: 1, Predicted: 4, Gold: 2}).F1(); f < 0.3333333 || f > 0.3333334 {
		t.Errorf("F1 = %v, want 1/3", f)
	}
}

func TestReadCoNLLAndEval(t *testing.T) {
	const data = `-DOCSTART- -X- -X- O

Elena NNP B-NP B-PER
Kovac NNP I-NP I-PER
visited VBD B-VP O
Paris NNP B-NP B-LOC
. . O O

-DOCSTART- -X- -X- O

The DT B-NP O
Brookings NNP I-NP B-ORG
Institution NNP I-NP I-ORG
`
	docs, err := ReadCoNLL(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || len(docs[0].Tokens) != 5 || docs[1].Tags[2] != "I-ORG" {
		t.Fatalf("docs = %+v", docs)
	}
	text, spans := docs[0].Text()
	if text != "Elena Kovac visited Paris ." || spans[3] != [2]int{20, 25} {
		t.Fatalf("Text() = %q %v", text, spans)
	}
	score := EvalNER(docs, func(text string) ([][2]int, []string) {
		switch text {
		case "Elena Kovac visited Paris .":
			// Right person, a place span that ends inside a token (so it is
			// wrong, but counted), and a MISC that is ignored.
			return [][2]int{{0, 11}, {20, 24}, {12, 19}}, []string{"PER", "LOC", "MISC"}
		default:
			// Off by one word: "The Brookings Institution".
			return [][2]int{{0, 25}}, []string{"ORG"}
		}
	})
	m := score.Micro()
	if m != (NERCount{Correct: 1, Predicted: 3, Gold: 3}) {
		t.Fatalf("micro = %+v", m)
	}
	var b strings.Builder
	score.NERReport(&b)
	if !strings.Contains(b.String(), "micro") || !strings.Contains(b.String(), "0.3333") {
		t.Errorf("report lacks the micro row:\n%s", b.String())
	}
}

func TestTokenChunksMisalignedSpansStayDistinct(t *testing.T) {
	tokens := [][2]int{{0, 3}, {4, 7}}
	got := TokenChunks(tokens, [][2]int{{0, 2}, {1, 3}, {0, 7}}, []string{"PER", "PER", "ORG"})
	if got[0] == got[1] || got[2] != (Chunk{0, 2, "ORG"}) {
		t.Errorf("TokenChunks = %v", got)
	}
}
