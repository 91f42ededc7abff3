package tagger

import "math/bits"

// table is an open-addressing hash table from feature hash to its weights.
// Key and weights sit side by side in one 32-byte slot, so a lookup touches
// one cache line; Go's map costs two or three misses here and made tagging
// twice as slow.
type table struct {
	slots []slot
	n     int
}

type slot struct {
	key uint64 // 0 marks an empty slot; stored keys are forced odd
	w   [numLabels]int16
}

func newTable(n int) *table {
	// Load factor 2/3: short probe runs, and a third less memory (and
	// cache) than the next power of two would take.
	return &table{slots: make([]slot, n*3/2+16)}
}

// index maps a key onto [0, len(slots)) by multiply-high, which needs no
// power-of-two size.
func (t *table) index(key uint64) uint64 {
	hi, _ := bits.Mul64(key*0x9e3779b97f4a7c15, uint64(len(t.slots)))
	return hi
}

func (t *table) put(key uint64, w [numLabels]int16) {
	key |= 1
	for i := t.index(key); ; i = t.next(i) {
		s := &t.slots[i]
		if s.key == 0 {
			s.key, s.w = key, w
			t.n++
			return
		}
		if s.key == key {
			s.w = w
			return
		}
	}
}

func (t *table) get(key uint64) *[numLabels]int16 {
	key |= 1
	for i := t.index(key); ; i = t.next(i) {
		s := &t.slots[i]
		if s.key == key {
			return &s.w
		}
		if s.key == 0 {
			return nil
		}
	}
}

func (t *table) next(i uint64) uint64 {
	if i++; i == uint64(len(t.slots)) {
		return 0
	}
	return i
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
			found[j] = t.slots[home[j]].key
		}
		for j, k := range keys[:n] {
			k |= 1
			var w *[numLabels]int16
			switch {
			case found[j] == k:
				w = &t.slots[home[j]].w
			case found[j] != 0:
				w = t.get(k)
			}
			if w != nil {
				for l := range scores {
					scores[l] += int32(w[l])
				}
			}
		}
		keys = keys[n:]
	}
}
