package tagger

import (
	"encoding/binary"
	"errors"
	"maps"
	"math/bits"
	"slices"
	"unsafe"
)

// table is the feature-hash -> weights table in the very bytes the weight
// file stores (see Encode), so loading a model builds nothing: the table
// reads the embedded file in place, and the garbage collector neither
// scans it nor counts it.
//
// It is open addressing with linear probing over 48-byte slots: the
// feature's key (8 bytes, forced odd; 0 marks an empty slot), its 17
// weights as int16s, and padding, all little-endian. Key and weights side
// by side let a lookup touch one cache line: 86% of lookups find their
// feature, most with 12 of the 17 weights non-zero, so a slot of offsets
// into packed weights (a third of the size) cost a second cache miss per
// hit and made tagging slower.
type table struct {
	slots []slot
	// tags holds a byte of each slot's key (0: empty), 200 KB that stay
	// in the processor's cache where the slots (10 MB) do not. A lookup
	// walks its probe run here and reads a slot only where the byte
	// matches: a miss then reads no slot at all, and a hit one, where
	// walking the slots read four or five for a miss at this load factor.
	tags []byte
	n    int // features
}

// slot is a table entry as the weight file lays it out on a
// little-endian machine: key at 0, weights at 8, 48 bytes in all.
type slot struct {
	key uint64
	w   [numLabels]int16
	_   [slotSize - 8 - 2*numLabels]byte // 48 bytes on 32-bit machines too
}

const (
	slotSize = 48
	// maxProbe bounds a run of occupied slots: a lookup reads at most this
	// many before it meets an empty one, whatever file it was given.
	// Linear probing at the load factor buildTable uses keeps the runs of
	// 135k features under a hundred.
	maxProbe = 1024
)

// The weight file's layout is the slot's on a little-endian machine.
var _ [slotSize - unsafe.Sizeof(slot{})]struct{}
var _ [unsafe.Sizeof(slot{}) - slotSize]struct{}

// buildTable lays out weights, keyed by feature hash, as a table. Hashes
// that differ only in the lowest bit share a key (keys are forced odd); as
// when tables were filled in key order, the larger one's weights are kept.
func buildTable(weights map[uint64][numLabels]int16) *table {
	byKey := make(map[uint64][numLabels]int16, len(weights))
	for _, k := range slices.Sorted(maps.Keys(weights)) {
		byKey[k|1] = weights[k]
	}
	// Load factor 2/3: short probe runs, and a third less memory (and
	// cache) than the next power of two would take.
	t := &table{slots: make([]slot, len(byKey)*3/2+16), n: len(byKey)}
	for _, k := range slices.Sorted(maps.Keys(byKey)) {
		i := t.index(k)
		for t.slots[i].key != 0 {
			i = t.next(i)
		}
		t.slots[i] = slot{key: k, w: byKey[k]}
	}
	t.tags = make([]byte, len(t.slots))
	for i, s := range t.slots {
		if s.key != 0 {
			t.tags[i] = tagOf(s.key)
		}
	}
	return t
}

// tagOf is the byte of key that tags keeps; never 0. The slot index comes
// from all of the key's bits multiplied, so this byte is as good as any.
func tagOf(key uint64) byte {
	return max(byte(key>>8), 1)
}

// bytes returns the slots as the weight file stores them.
func (t *table) bytes() []byte {
	out := make([]byte, 0, len(t.slots)*slotSize)
	for _, s := range t.slots {
		out = binary.LittleEndian.AppendUint64(out, s.key)
		for _, v := range s.w {
			out = binary.LittleEndian.AppendUint16(out, uint16(v))
		}
		out = append(out, make([]byte, slotSize-8-2*numLabels)...)
	}
	return out
}

// viewTable checks the slots of a weight file and returns the table
// reading them. Any table it accepts is safe to read: every probe run ends
// within maxProbe slots.
func viewTable(data []byte) (*table, error) {
	if len(data) == 0 || len(data)%slotSize != 0 {
		return nil, errors.New("bad table size")
	}
	t := &table{slots: slotsOf(data)}
	t.tags = make([]byte, len(t.slots))
	run, first, longest, empty := 0, -1, 0, false
	for i := range t.slots {
		if t.slots[i].key == 0 {
			if first < 0 {
				first = run // the run before the first empty slot
			}
			run, empty = 0, true
			continue
		}
		t.tags[i] = tagOf(t.slots[i].key)
		t.n++
		run++
		longest = max(longest, run)
	}
	// The last run wraps round into the first.
	if !empty || run+first > maxProbe || longest > maxProbe {
		return nil, errors.New("probe runs too long")
	}
	return t, nil
}

// slotsOf returns the slots data holds. On a little-endian machine, with
// data aligned as a slot must be (embedded files are), the slots are data
// itself, read in place; elsewhere they are decoded into a copy.
func slotsOf(data []byte) []slot {
	n := len(data) / slotSize
	if littleEndian && uintptr(unsafe.Pointer(unsafe.SliceData(data)))%unsafe.Alignof(slot{}) == 0 {
		return unsafe.Slice((*slot)(unsafe.Pointer(unsafe.SliceData(data))), n)
	}
	slots := make([]slot, n)
	for i := range slots {
		b := data[i*slotSize : (i+1)*slotSize]
		slots[i].key = binary.LittleEndian.Uint64(b)
		for l := range slots[i].w {
			slots[i].w[l] = int16(binary.LittleEndian.Uint16(b[8+2*l:]))
		}
	}
	return slots
}

var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// index maps a key onto [0, len(slots)) by multiply-high, which needs no
// power-of-two size.
func (t *table) index(key uint64) uint64 {
	hi, _ := bits.Mul64(key*0x9e3779b97f4a7c15, uint64(len(t.slots)))
	return hi
}

func (t *table) next(i uint64) uint64 {
	if i++; i == uint64(len(t.slots)) {
		return 0
	}
	return i
}

// candidate returns the first slot from i on whose tag is key's, or -1
// if an empty slot comes first.
func (t *table) candidate(key, i uint64) int {
	tag := tagOf(key)
	for {
		switch t.tags[i] {
		case tag:
			return int(i)
		case 0:
			return -1
		}
		i = t.next(i)
	}
}

// find returns the slot holding key, searching from slot i, or -1.
func (t *table) find(key, i uint64) int {
	for {
		c := t.candidate(key, i)
		if c < 0 || t.slots[c].key == key {
			return c
		}
		i = t.next(uint64(c))
	}
}

func (t *table) get(key uint64) *[numLabels]int16 {
	key |= 1
	if i := t.find(key, t.index(key)); i >= 0 {
		return &t.slots[i].w
	}
	return nil
}

// addAll adds the weights of the features keys to scores. It first finds
// every key's candidate slot in the tags, then loads those slots' keys,
// then sums: the slot loads, most of them cache misses, do not depend on
// each other, so the processor overlaps them, which one lookup after
// another, each branching on what it loaded, would mostly wait out.
func (t *table) addAll(scores *[numLabels]int32, keys []uint64) {
	var cand [32]int
	var found [32]uint64
	for len(keys) > 0 {
		n := min(len(keys), len(cand))
		for j, k := range keys[:n] {
			k |= 1
			cand[j] = t.candidate(k, t.index(k))
		}
		for j, c := range cand[:n] {
			if c >= 0 {
				found[j] = t.slots[c].key
			}
		}
		for j, k := range keys[:n] {
			k |= 1
			i := cand[j]
			if i < 0 {
				continue
			}
			if found[j] != k { // another key's tag: look on
				if i = t.find(k, t.next(uint64(i))); i < 0 {
					continue
				}
			}
			addWeights(scores, &t.slots[i].w)
		}
		keys = keys[n:]
	}
}

// addWeights adds w to s, written out label by label: as a loop it took
// eight instructions per label, six of them the loop's own, and it runs
// for 50,000 features per article, most of the engine's instructions.
func addWeights(s *[numLabels]int32, w *[numLabels]int16) {
	s[0] += int32(w[0])
	s[1] += int32(w[1])
	s[2] += int32(w[2])
	s[3] += int32(w[3])
	s[4] += int32(w[4])
	s[5] += int32(w[5])
	s[6] += int32(w[6])
	s[7] += int32(w[7])
	s[8] += int32(w[8])
	s[9] += int32(w[9])
	s[10] += int32(w[10])
	s[11] += int32(w[11])
	s[12] += int32(w[12])
	s[13] += int32(w[13])
	s[14] += int32(w[14])
	s[15] += int32(w[15])
	s[16] += int32(w[16])
}

// addWeights names every label: it must change with numLabels.
const (
	_ uint = numLabels - 17
	_ uint = 17 - numLabels
)
