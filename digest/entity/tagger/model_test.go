package tagger

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
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
		{Epochs: 3, Seed: 7, Beam: 4},
	} {
		t.Run(fmt.Sprintf("two-pass=%v,beam=%d", opt.TwoPass, opt.Beam), func(t *testing.T) {
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
			if decoded.beam != opt.Beam || trained.beam != opt.Beam {
				t.Fatalf("beam: decoded %d, trained %d, want %d", decoded.beam, trained.beam, opt.Beam)
			}
			if _, err := Decode(truncated(t, first), lex); err == nil {
				t.Fatal("a truncated weight file decoded")
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

// truncated is a weight file without its last few bytes, plain and
// gzipped (as older files were): both forms must be refused.
func truncated(t *testing.T, data []byte) []byte {
	raw := data[:len(data)-3]
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(raw)
	zw.Close()
	if _, err := Decode(raw, nil); err == nil {
		t.Error("Decode accepted a truncated weight file")
	}
	return b.Bytes()
}

func TestDecodeRejectsJunk(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("not gzip"), {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0}} {
		if _, err := Decode(data, nil); err == nil {
			t.Errorf("Decode(%q) succeeded", data)
		}
	}
}

// TestDecodeRejectsBrokenTables: a weight file whose table would read
// wrong weights, or probe without end, fails to load.
func TestDecodeRejectsBrokenTables(t *testing.T) {
	var b bytes.Buffer
	if err := Train(synthetic(), nil, TrainOptions{Epochs: 1, Seed: 1}).Encode(&b); err != nil {
		t.Fatal(err)
	}
	good := b.Bytes()
	if _, err := Decode(good, nil); err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	resum := func(d []byte) { le.PutUint32(d[24:], crc32.Checksum(d[headerSize:], castagnoli)) }
	for name, spoil := range map[string]func(d []byte) []byte{
		"flipped weight": func(d []byte) []byte { d[len(d)-20] ^= 1; return d },
		"beam width 1":   func(d []byte) []byte { le.PutUint32(d[8:], 1); return d },
		"unknown flag":   func(d []byte) []byte { le.PutUint32(d[12:], 2); return d },
		"more slots":     func(d []byte) []byte { le.PutUint32(d[16:], le.Uint32(d[16:])+1); return d },
		"feature count":  func(d []byte) []byte { le.PutUint32(d[20:], le.Uint32(d[20:])+1); return d },
		"appended bytes": func(d []byte) []byte { d = append(d, make([]byte, slotSize)...); resum(d); return d },
		"no empty slot": func(d []byte) []byte {
			for i := headerSize; i < len(d); i += slotSize {
				d[i] |= 1
			}
			resum(d)
			return d
		},
	} {
		if _, err := Decode(spoil(bytes.Clone(good)), nil); err == nil {
			t.Errorf("%s: Decode succeeded", name)
		}
	}
}

// TestTableKeepsWeights: every feature reads back exactly its weights,
// and a hash not in the table reads nothing.
func TestTableKeepsWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	weights := make(map[uint64][numLabels]int16)
	for range 5000 {
		var w [numLabels]int16
		for l := range w {
			if rng.IntN(3) == 0 {
				w[l] = int16(rng.IntN(1<<16) - 1<<15)
			}
		}
		weights[rng.Uint64()|1] = w
	}
	// Hashes that differ in the lowest bit share a key: the larger wins.
	weights[42], weights[43] = [numLabels]int16{1}, [numLabels]int16{2}
	tab := buildTable(weights)
	if tab.n != len(weights)-1 {
		t.Fatalf("%d features, want %d", tab.n, len(weights)-1)
	}
	// Read back as Decode reads the file: a copy at a slot's alignment,
	// and one off it, decoded.
	var b bytes.Buffer
	if err := (&Model{table: tab}).Encode(&b); err != nil {
		t.Fatal(err)
	}
	file := b.Bytes()
	aligned, err := Decode(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	unaligned, err := Decode(append([]byte{0}, file...)[1:], nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tab := range []*table{tab, aligned.table, unaligned.table} {
		for k, w := range weights {
			if k == 42 {
				w = weights[43]
			}
			if got := tab.get(k); got == nil || *got != w {
				t.Fatalf("feature %x: weights %v, want %v", k, got, w)
			}
		}
	}
	for range 5000 {
		if k := rng.Uint64(); weights[k] == ([numLabels]int16{}) {
			if tab.get(k) != nil && weights[k|1] == ([numLabels]int16{}) {
				t.Fatalf("absent feature %x found", k)
			}
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
	per, org, loc := 1, 2, 3
	for _, bad := range [][2]int{
		{labelO, label(per, posI)}, {labelO, label(per, posL)}, {numLabels, label(loc, posI)},
		{label(org, posB), label(per, posI)}, {label(per, posB), labelO}, {label(per, posI), label(per, posB)},
		{label(per, posI), label(per, posU)}, {label(per, posL), label(per, posI)}, {label(per, posU), label(per, posL)},
	} {
		if allowed(bad[0], bad[1]) {
			t.Errorf("allowed(%d, %d): want a name to open with B or U and go on only with I or L", bad[0], bad[1])
		}
	}
	for _, ok := range [][2]int{
		{label(per, posB), label(per, posI)}, {label(per, posB), label(per, posL)}, {label(per, posI), label(per, posL)},
		{labelO, label(loc, posB)}, {label(per, posL), label(org, posU)}, {label(per, posU), labelO}, {numLabels, label(loc, posU)},
	} {
		if !allowed(ok[0], ok[1]) {
			t.Errorf("allowed(%d, %d) refused", ok[0], ok[1])
		}
	}
}

// TestLabelsRoundTrip checks the BIO to BILOU conversion and back, on
// IOB1 input too (I-X opening a name, B-X between two names of one type),
// and that ill-formed label sequences still give well-formed tags.
func TestLabelsRoundTrip(t *testing.T) {
	per, loc := 1, 3
	tags := []int{TagBPer, TagIPer, TagIPer, TagO, TagBLoc, TagBLoc, TagILoc, TagIOrg, TagO, TagBMisc}
	want := []int{label(per, posB), label(per, posI), label(per, posL), labelO, label(loc, posU),
		label(loc, posB), label(loc, posL), label(2, posU), labelO, label(4, posU)}
	if got := toLabels(tags); !reflect.DeepEqual(got, want) {
		t.Fatalf("toLabels = %v, want %v", got, want)
	}
	if got := toTags(want); !reflect.DeepEqual(got, []int{TagBPer, TagIPer, TagIPer, TagO, TagBLoc, TagBLoc, TagILoc, TagBOrg, TagO, TagBMisc}) {
		t.Errorf("toTags = %v", got)
	}
	if got := toLabels([]int{TagIPer, TagIPer}); !reflect.DeepEqual(got, []int{label(per, posB), label(per, posL)}) {
		t.Errorf("IOB1 I-PER I-PER: %v", got)
	}
	// L after O, I after U, B left open at the end.
	ill := []int{label(per, posL), label(per, posU), label(per, posI), labelO, label(loc, posB)}
	if got := toTags(ill); !reflect.DeepEqual(got, []int{TagBPer, TagBPer, TagBPer, TagO, TagBLoc}) {
		t.Errorf("toTags(ill-formed) = %v", got)
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
	tags := toLabels([]int{TagO, TagO, TagO, TagBPer, TagIPer, TagO, TagO, TagBMisc, TagO, TagO, TagO})
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
	if !fp.settled(words, 6, labelO) || fp.settled(words, 7, labelO) || fp.settled(words, 5, label(1, posL)) {
		t.Error("settled: want only the lower-case word after O left alone")
	}
}

// TestDecodeBoundsProbeRuns: a checksummed table whose occupied slots run
// on for more than maxProbe is refused, so no accepted table makes a
// lookup read more than maxProbe slots.
func TestDecodeBoundsProbeRuns(t *testing.T) {
	weights := make(map[uint64][numLabels]int16)
	for k := range uint64(2000) {
		weights[k*0x9e3779b97f4a7c15|1] = [numLabels]int16{1}
	}
	var b bytes.Buffer
	if err := (&Model{table: buildTable(weights)}).Encode(&b); err != nil {
		t.Fatal(err)
	}
	d := b.Bytes()
	if _, err := Decode(d, nil); err != nil {
		t.Fatal(err)
	}
	for i := range maxProbe + 1 { // occupy a run of maxProbe+1 slots
		d[headerSize+i*slotSize] |= 1
	}
	occupied := 0
	for i := headerSize; i < len(d); i += slotSize {
		if binary.LittleEndian.Uint64(d[i:]) != 0 {
			occupied++
		}
	}
	binary.LittleEndian.PutUint32(d[20:], uint32(occupied))
	binary.LittleEndian.PutUint32(d[24:], crc32.Checksum(d[headerSize:], castagnoli))
	if _, err := Decode(d, nil); err == nil || !strings.Contains(err.Error(), "probe runs") {
		t.Errorf("a probe run of %d slots: Decode error %v", maxProbe+1, err)
	}
}
