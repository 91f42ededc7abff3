package wordclass

import (
	"strings"
	"testing"
)

// toyCorpus has two kinds of word in two kinds of context: people before
// "said", towns after "in".
func toyCorpus() []string {
	var words []string
	people := []string{"Smith", "Jones", "Brown", "Taylor"}
	towns := []string{"Leeds", "Hull", "York", "Bath"}
	for i := range 40 {
		p, t := people[i%4], towns[(i*3)%4]
		words = append(words, strings.Fields(p+" said on Monday he lived in "+t+" . "+Boundary)...)
	}
	return words
}

func classesOf(t *testing.T, text string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		w, cls, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		out[w] = cls
	}
	return out
}

func TestClassesGroupWordsByContext(t *testing.T) {
	text, err := Classes(toyCorpus(), []int{4}, 3, 10)
	if err != nil {
		t.Fatal(err)
	}
	cls := classesOf(t, text)
	if _, ok := cls[Boundary]; ok {
		t.Errorf("the boundary token is listed")
	}
	for _, group := range [][]string{{"Smith", "Jones", "Brown", "Taylor"}, {"Leeds", "Hull", "York", "Bath"}} {
		for _, w := range group[1:] {
			if cls[w] != cls[group[0]] {
				t.Errorf("%s in class %s, %s in %s: want one class", w, cls[w], group[0], cls[group[0]])
			}
		}
	}
	if cls["Smith"] == cls["Leeds"] {
		t.Errorf("people and towns share class %s", cls["Smith"])
	}
}

func TestClassesDeterministic(t *testing.T) {
	a, err := Classes(toyCorpus(), []int{3, 5}, 1, 5)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, _ := Classes(toyCorpus(), []int{3, 5}, 1, 5)
		if a != b {
			t.Fatal("the same corpus gave different classes")
		}
	}
	if !strings.HasPrefix(a, "# classes\t3,5\n") {
		t.Errorf("header: %q", strings.SplitN(a, "\n", 2)[0])
	}
}
