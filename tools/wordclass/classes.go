package wordclass

import (
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Boundary is the token that stands between sentences and documents in a
// corpus, so that no bigram spans two; it is clustered but not listed.
const Boundary = "<s>"

// Classes clusters the words of a tokenized corpus at each size and
// returns the class file: a header naming the sizes, then one
// "word<TAB>class class ..." line per word seen at least minN times, sorted.
func Classes(words []string, sizes []int, minN, iters int) (string, error) {
	vocab, ids := vocabulary(words, minN)
	slog.Info("corpus", "tokens", len(words), "vocabulary", len(vocab)-1)
	cls := make([][]int32, len(sizes))
	for k, size := range sizes {
		if size < 2 || size > 1<<15 {
			return "", fmt.Errorf("class count %d out of range", size)
		}
		start := time.Now()
		x := newExchange(ids, len(vocab), size)
		for it := 1; it <= iters; it++ {
			moved := x.pass()
			slog.Info("pass", "classes", size, "pass", it, "moved", moved, "elapsed", time.Since(start).Round(time.Second))
			if moved*1000 < len(vocab) {
				break
			}
		}
		cls[k] = x.cls
	}
	order := make([]int, 0, len(vocab))
	for w := range vocab {
		if vocab[w] != Boundary && vocab[w] != "" {
			order = append(order, w)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(vocab[a], vocab[b]) })
	var b strings.Builder
	names := make([]string, len(sizes))
	for k, n := range sizes {
		names[k] = strconv.Itoa(n)
	}
	fmt.Fprintf(&b, "# classes\t%s\n", strings.Join(names, ","))
	for _, w := range order {
		b.WriteString(vocab[w])
		for k := range sizes {
			sep := byte(' ')
			if k == 0 {
				sep = '\t'
			}
			b.WriteByte(sep)
			b.WriteString(strconv.Itoa(int(cls[k][w])))
		}
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// vocabulary numbers the words seen at least minN times by falling count
// (ties by spelling) and maps the corpus onto those ids; all rarer words
// share the last id, whose spelling is "".
func vocabulary(words []string, minN int) ([]string, []int32) {
	count := map[string]int{}
	for _, w := range words {
		count[w]++
	}
	var vocab []string
	for w, n := range count {
		if n >= minN && !strings.ContainsAny(w, " \t\n") {
			vocab = append(vocab, w)
		}
	}
	slices.SortFunc(vocab, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	id := make(map[string]int32, len(vocab))
	for i, w := range vocab {
		id[w] = int32(i)
	}
	rare := int32(len(vocab))
	vocab = append(vocab, "")
	ids := make([]int32, len(words))
	for i, w := range words {
		if k, ok := id[w]; ok {
			ids[i] = k
		} else {
			ids[i] = rare
		}
	}
	return vocab, ids
}
