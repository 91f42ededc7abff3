// Package wordclass clusters words into classes by the contexts they occur
// in, on unlabelled text, for the entity tagger's cluster features.
package wordclass

import (
	"math"
	"slices"
)

// exchange clusters a vocabulary into classes by the exchange algorithm
// (Kneser & Ney 1993; Martin, Liermann & Ney 1998): each word in turn moves
// to the class that most raises the likelihood of a class bigram model,
//
//	F = sum_{c,d} N(c,d) log N(c,d) - 2 sum_c N(c) log N(c),
//
// until few words move. Words that occur in the same contexts end up
// together, so a rare surname shares a class with common ones. Everything is
// ordered by word id, so the same corpus always gives the same classes.
type exchange struct {
	classes int
	count   []int64 // per word
	// Bigram neighbours per word, as parallel id/count slices: left[w]
	// holds (v, N(v,w)) and right[w] holds (u, N(w,u)), self pairs apart.
	leftID, rightID   [][]int32
	leftN, rightN     [][]int64
	self              []int64
	cls               []int32
	pair              []int64 // N(c,d) at c*classes+d
	clsN              []int64
	accL, accR        []int64 // scratch, per class
	touchedL, touched []int32
}

// newExchange counts the corpus's bigrams (word ids, 0..vocab-1) and puts
// word w in class w mod classes: ids are by falling frequency, so every
// class starts with a share of frequent and rare words.
func newExchange(corpus []int32, vocab, classes int) *exchange {
	x := &exchange{classes: classes, count: make([]int64, vocab), self: make([]int64, vocab),
		cls: make([]int32, vocab), pair: make([]int64, classes*classes), clsN: make([]int64, classes),
		accL: make([]int64, classes), accR: make([]int64, classes)}
	bigrams := make(map[uint64]int64, len(corpus)/2)
	for i, w := range corpus {
		x.count[w]++
		if i > 0 {
			bigrams[uint64(corpus[i-1])<<32|uint64(w)]++
		}
	}
	keys := make([]uint64, 0, len(bigrams))
	for k := range bigrams {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	x.leftID, x.rightID = make([][]int32, vocab), make([][]int32, vocab)
	x.leftN, x.rightN = make([][]int64, vocab), make([][]int64, vocab)
	for _, k := range keys {
		v, w, n := int32(k>>32), int32(k&0xffffffff), bigrams[k]
		if v == w {
			x.self[v] += n
			continue
		}
		x.rightID[v], x.rightN[v] = append(x.rightID[v], w), append(x.rightN[v], n)
		x.leftID[w], x.leftN[w] = append(x.leftID[w], v), append(x.leftN[w], n)
	}
	for w := range x.cls {
		x.cls[w] = int32(w % classes)
	}
	for _, k := range keys {
		v, w := k>>32, k&0xffffffff
		x.pair[int(x.cls[v])*classes+int(x.cls[w])] += bigrams[k]
	}
	for w, c := range x.cls {
		x.clsN[c] += x.count[w]
	}
	return x
}

// xlogx is x log x, with a table for the small counts that most cells hold.
var xlogxTable = func() []float64 {
	t := make([]float64, 1<<16)
	for i := 1; i < len(t); i++ {
		t[i] = float64(i) * math.Log(float64(i))
	}
	return t
}()

func xlogx(n int64) float64 {
	if n < int64(len(xlogxTable)) {
		return xlogxTable[n]
	}
	f := float64(n)
	return f * math.Log(f)
}

// pass moves every word once, in id order, and returns how many moved.
func (x *exchange) pass() int {
	moved := 0
	for w := range x.cls {
		if x.move(int32(w)) {
			moved++
		}
	}
	return moved
}

// move takes w out of its class and puts it where F gains most; it stays
// unless another class is strictly better.
func (x *exchange) move(w int32) bool {
	x.gather(w)
	from := int(x.cls[w])
	x.shift(w, from, -1)
	best, bestGain := from, x.gain(w, from)
	for b := range x.classes {
		if b == from {
			continue
		}
		if g := x.gain(w, b); g > bestGain {
			best, bestGain = b, g
		}
	}
	x.shift(w, best, 1)
	x.cls[w] = int32(best)
	x.clear()
	return best != from
}

// gather sums w's neighbour counts by the neighbours' classes.
func (x *exchange) gather(w int32) {
	for k, v := range x.leftID[w] {
		c := x.cls[v]
		if x.accL[c] == 0 {
			x.touchedL = append(x.touchedL, c)
		}
		x.accL[c] += x.leftN[w][k]
	}
	for k, u := range x.rightID[w] {
		d := x.cls[u]
		if x.accR[d] == 0 {
			x.touched = append(x.touched, d)
		}
		x.accR[d] += x.rightN[w][k]
	}
}

func (x *exchange) clear() {
	for _, c := range x.touchedL {
		x.accL[c] = 0
	}
	for _, d := range x.touched {
		x.accR[d] = 0
	}
	x.touchedL, x.touched = x.touchedL[:0], x.touched[:0]
}

// shift adds (sign 1) or removes (sign -1) w's counts to or from class b.
func (x *exchange) shift(w int32, b int, sign int64) {
	C := x.classes
	for _, c := range x.touchedL {
		x.pair[int(c)*C+b] += sign * x.accL[c]
	}
	for _, d := range x.touched {
		x.pair[b*C+int(d)] += sign * x.accR[d]
	}
	x.pair[b*C+b] += sign * x.self[w]
	x.clsN[b] += sign * x.count[w]
}

// gain is the change in F if w, out of every class, joined class b.
func (x *exchange) gain(w int32, b int) float64 {
	C := x.classes
	g := 0.0
	for _, c := range x.touchedL {
		if int(c) == b {
			continue
		}
		n := x.pair[int(c)*C+b]
		g += xlogx(n+x.accL[c]) - xlogx(n)
	}
	for _, d := range x.touched {
		if int(d) == b {
			continue
		}
		n := x.pair[b*C+int(d)]
		g += xlogx(n+x.accR[d]) - xlogx(n)
	}
	n := x.pair[b*C+b]
	g += xlogx(n+x.accL[b]+x.accR[b]+x.self[w]) - xlogx(n)
	return g - 2*(xlogx(x.clsN[b]+x.count[w])-xlogx(x.clsN[b]))
}
