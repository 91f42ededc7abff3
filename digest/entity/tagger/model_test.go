package tagger

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// synthetic builds a small, made-up training set: names in fixed frames.
func synthetic() []Example {
	people := []string{"Elena Kovac", "Samuel Adeyemi", "Maria Lopez", "Jonas Berg"}
	places := []string{"Zagreb", "Lagos", "Lima", "Oslo"}
	orgs := []string{"Brookings Institution", "Acme Corp", "Nordic Bank", "Lima Fund"}
	var out []Example
	for i := range 40 {
		p, l, o := people[i%4], places[(i/4)%4], orgs[(i/2)%4]
		text := fmt.Sprintf("%s of %s said in %s that rates rose .", p, o, l)
		var spans [][2]int
		var tags []int
		pos := 0
		mark := func(words string, b int) {
			for k, w := range strings.Fields(words) {
				spans = append(spans, [2]int{pos, pos + len(w)})
				switch {
				case b == TagO:
					tags = append(tags, TagO)
				case k == 0:
					tags = append(tags, b)
				default:
					tags = append(tags, b+1)
				}
				pos += len(w) + 1
			}
		}
		mark(p, TagBPer)
		mark("of", TagO)
		mark(o, TagBOrg)
		mark("said in", TagO)
		mark(l, TagBLoc)
		mark("that rates rose .", TagO)
		out = append(out, Align(text, spans, tags))
	}
	return out
}

func TestTrainIsReproducibleAndRoundTrips(t *testing.T) {
	lex, err := ParseLexicon("1\telena maria\n3\toslo lima\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []TrainOptions{
		{Epochs: 3, Seed: 7, Prune: 1},
		{Epochs: 3, Seed: 7, TwoPass: true},
	} {
		t.Run(fmt.Sprintf("two-pass=%v", opt.TwoPass), func(t *testing.T) {
			encode := func() []byte {
				var b bytes.Buffer
				if err := Train(synthetic(), lex, opt).Encode(&b); err != nil {
					t.Fatal(err)
				}
				return b.Bytes()
			}
			first, second := encode(), encode()
			if !bytes.Equal(first, second) {
				t.Fatal("two trainings with the same seed wrote different weights")
			}
			trained := Train(synthetic(), lex, opt)
			decoded, err := Decode(first, lex)
			if err != nil {
				t.Fatal(err)
			}
			if decoded.Features() != trained.Features() || decoded.Features() == 0 {
				t.Fatalf("features: decoded %d, trained %d", decoded.Features(), trained.Features())
			}
			if decoded.twoPass != opt.TwoPass || trained.twoPass != opt.TwoPass {
				t.Fatalf("two-pass: decoded %v, trained %v, want %v", decoded.twoPass, trained.twoPass, opt.TwoPass)
			}
			toks := Tokenize("Jonas Berg of Nordic Bank said in Oslo that rates rose.")
			got, want := decoded.Tag(toks), trained.Tag(toks)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded model tags %v, trained model %v", got, want)
			}
			wantTags := []int{TagBPer, TagIPer, TagO, TagBOrg, TagIOrg, TagO, TagO, TagBLoc, TagO, TagO, TagO, TagO}
			if !reflect.DeepEqual(got, wantTags) {
				t.Errorf("tags = %v, want %v", got, wantTags)
			}
		})
	}
}

func TestDecodeRejectsJunk(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("not gzip"), {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0}} {
		if _, err := Decode(data, nil); err == nil {
			t.Errorf("Decode(%q) succeeded", data)
		}
	}
}

func TestParseLexicon(t *testing.T) {
	lex, err := ParseLexicon("# comment\n1\tElena maria\n3\tLima\n2\tlima\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := lex.Lookup("elena"); got != 1 {
		t.Errorf("elena = %b, want 1", got)
	}
	if got := lex.Lookup("lima"); got != 0b110 {
		t.Errorf("lima = %b, want 110", got)
	}
	if _, err := ParseLexicon("9\tbad\n"); err == nil {
		t.Error("class 9 accepted")
	}
	var none *Lexicon
	if none.Lookup("x") != 0 {
		t.Error("nil lexicon must find nothing")
	}
}

func TestAllowedTransitions(t *testing.T) {
	if allowed(TagO, TagIPer) || allowed(TagBOrg, TagIPer) || allowed(NumTags, TagILoc) {
		t.Error("I-X must only continue X")
	}
	if !allowed(TagBPer, TagIPer) || !allowed(TagIPer, TagIPer) || !allowed(TagO, TagBLoc) {
		t.Error("legal transition refused")
	}
}

func TestWordClasses(t *testing.T) {
	var lex Lexicon
	if err := lex.AddClusters("# classes\t4,16\nJapan\t1 7\nbank\t0 3\n"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		norm string
		caps byte
		want [ClassLevels]uint16
	}{
		{"Japan", 'T', [ClassLevels]uint16{2, 8}},
		{"JAPAN", 'U', [ClassLevels]uint16{2, 8}}, // a headline's capitals read as the title form
		{"Bank", 'T', [ClassLevels]uint16{1, 4}},  // then the lower-case form
		{"Tokyo", 'T', [ClassLevels]uint16{}},     // unlisted: no class
	} {
		if got := lex.wordClasses(tt.norm, strings.ToLower(tt.norm), tt.caps); got != tt.want {
			t.Errorf("wordClasses(%q) = %v, want %v", tt.norm, got, tt.want)
		}
	}
	for _, bad := range []string{"word\n", "word\t1 2 3 4\n", "word\tx\n", "word\t99999\n"} {
		if err := new(Lexicon).AddClusters(bad); err == nil {
			t.Errorf("AddClusters(%q) accepted a bad line", bad)
		}
	}
}

// TestFirstPassSeesOtherMentions checks the second pass's evidence: the
// kinds a word's other capitalised mentions got, never its own, and which
// tokens it leaves as the first pass tagged them.
func TestFirstPassSeesOtherMentions(t *testing.T) {
	toks := Tokenize("KOVAC WINS . Elena Kovac said the Kovac plan works .")
	words := analyse(toks, nil)
	tags := []int{TagO, TagO, TagO, TagBPer, TagIPer, TagO, TagO, TagBMisc, TagO, TagO, TagO}
	if len(tags) != len(words) {
		t.Fatalf("%d tokens, want %d", len(words), len(tags))
	}
	fp := newFirstPass(words, tags)
	if got := fp.counts["kovac"]; got != [numKinds]uint16{1, 1, 0, 0, 1} {
		t.Errorf("kovac counts = %v, want one O, one PER, one MISC", got)
	}
	// The headline's KOVAC (tagged O) sees PER and MISC elsewhere, not O.
	mask := func(i int) uint64 {
		own := fp.counts[words[i].lower]
		own[kind(tags[i])]--
		var m byte
		for k, n := range own {
			if n > 0 {
				m |= 1 << k
			}
		}
		return uint64(newHash(fAggMask).b(m).b(words[i].caps).b(b2c(words[i].sent)))
	}
	if m := mask(0); !slices.Contains(fp.features(nil, words, 0), m) {
		t.Error("KOVAC: no feature for its other mentions' kinds")
	}
	if want := uint64(newHash(fAggMask).b(1<<1 | 1<<4).b('U').b(b2c(words[0].sent))); mask(0) != want {
		t.Error("KOVAC: its own O counted among the other mentions")
	}
	if !fp.settled(words, 6, TagO) || fp.settled(words, 7, TagO) || fp.settled(words, 5, TagIPer) {
		t.Error("settled: want only the lower-case word after O left alone")
	}
}
