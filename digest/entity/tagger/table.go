package tagger

import (
	"encoding/binary"
	"errors"
	"maps"
	"math/bits"
	"slices"
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
	slots  []byte // nslots × slotSize bytes
	nslots uint64
	n      int // features
}

const (
	slotSize = 48
	// maxProbe bounds a run of occupied slots: a lookup reads at most this
	// many before it meets an empty one, whatever file it was given.
	// Linear probing at the load factor buildTable uses keeps the runs of
	// 135k features under a hundred.
	maxProbe = 1024
)

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
	t := &table{nslots: uint64(len(byKey)*3/2 + 16), n: len(byKey)}
	t.slots = make([]byte, t.nslots*slotSize)
	for _, k := range slices.Sorted(maps.Keys(byKey)) {
		i := t.index(k)
		for t.key(i) != 0 {
			i = t.next(i)
		}
		s := t.slots[i*slotSize : (i+1)*slotSize]
		binary.LittleEndian.PutUint64(s, k)
		for l, v := range byKey[k] {
			binary.LittleEndian.PutUint16(s[8+2*l:], uint16(v))
		}
	}
	return t
}

// viewTable checks the slots of a weight file and returns the table
// reading them in place. Any table it accepts is safe to read: every probe
// run ends within maxProbe slots.
func viewTable(slots []byte) (*table, error) {
	if len(slots) == 0 || len(slots)%slotSize != 0 {
		return nil, errors.New("bad table size")
	}
	t := &table{slots: slots, nslots: uint64(len(slots) / slotSize)}
	run, first, longest, empty := 0, -1, 0, false
	for i := range t.nslots {
		if t.key(i) == 0 {
			if first < 0 {
				first = run // the run before the first empty slot
			}
			run, empty = 0, true
			continue
		}
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

// index maps a key onto [0, nslots) by multiply-high, which needs no
// power-of-two size.
func (t *table) index(key uint64) uint64 {
	hi, _ := bits.Mul64(key*0x9e3779b97f4a7c15, t.nslots)
	return hi
}

func (t *table) key(i uint64) uint64 {
	return binary.LittleEndian.Uint64(t.slots[i*slotSize:])
}

func (t *table) next(i uint64) uint64 {
	if i++; i == t.nslots {
		return 0
	}
	return i
}

// find returns the slot of key, searching from slot i, or -1.
func (t *table) find(key, i uint64) int {
	for {
		switch t.key(i) {
		case key:
			return int(i)
		case 0:
			return -1
		}
		i = t.next(i)
	}
}

// add adds the weights in slot i to scores.
func (t *table) add(scores *[numLabels]int32, i int) {
	// An array, not a slice: the loop then runs without bounds checks,
	// and the two byte loads combine into one.
	o := i*slotSize + 8
	w := (*[2 * numLabels]byte)(t.slots[o : o+2*numLabels])
	for l := range scores {
		scores[l] += int32(int16(uint16(w[2*l]) | uint16(w[2*l+1])<<8))
	}
}

// addAll adds the weights of the features keys to scores. It first loads
// every key's home slot, then sums: the loads do not depend on each other,
// so the processor overlaps their cache misses, which one lookup after
// another, each branching on what it loaded, would mostly wait out.
func (t *table) addAll(scores *[numLabels]int32, keys []uint64) {
	var home [32]uint64
	var found [32]uint64
	for len(keys) > 0 {
		n := min(len(keys), len(home))
		for j, k := range keys[:n] {
			home[j] = t.index(k | 1)
			found[j] = t.key(home[j])
		}
		for j, k := range keys[:n] {
			k |= 1
			switch {
			case found[j] == k:
				t.add(scores, int(home[j]))
			case found[j] != 0:
				if i := t.find(k, t.next(home[j])); i >= 0 {
					t.add(scores, i)
				}
			}
		}
		keys = keys[n:]
	}
}

// weights returns a feature's weights, for tests.
func (t *table) weights(key uint64) (w [numLabels]int32, ok bool) {
	key |= 1
	i := t.find(key, t.index(key))
	if i < 0 {
		return w, false
	}
	t.add(&w, i)
	return w, true
}
