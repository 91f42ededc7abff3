package entity

import (
	"sort"
	"strings"
)

// nameSuffixes follow a surname without being part of it.
var nameSuffixes = wordSet(`jr jr. sr sr. ii iii iv`)

// personCore is the part of a person's name words that tells two spellings
// apart: the first name and the surname, without generational suffixes
// ("Jr.") or middle initials ("W."), so that "Patrick W. Carlineo Jr." and
// "Patrick Carlineo" read alike.
func personCore(tokens []string) []string {
	core := make([]string, 0, len(tokens))
	for i, t := range tokens {
		if i > 0 && nameSuffixes[t] {
			continue
		}
		if i > 0 && i < len(tokens)-1 && len(strings.TrimSuffix(t, ".")) == 1 {
			continue
		}
		core = append(core, t)
	}
	return core
}

// surname is the last of a person's name words that is not a suffix:
// "Carlineo" of "Patrick Carlineo Jr.".
func surname(ws []string) string {
	for i := len(ws) - 1; i > 0; i-- {
		if !nameSuffixes[ws[i]] {
			return ws[i]
		}
	}
	return ws[0]
}

// sameFirstName reports whether two given names can be one person's: equal,
// or one a short form that starts the other ("Pat", "Patrick"), three
// letters at least so that initials do not join strangers.
func sameFirstName(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || (len(a) >= 3 && strings.HasPrefix(b, a))
}

// personsBySurname retypes a two- or three-word organisation or place group
// as a person when it reads as a person's name and ends with a word the
// text also names alone as a person: "Kristi Noem" read as an organisation
// in "South Dakota Gov. Kristi Noem (R)", beside "Noem" three times as a
// person. The lone surname is the evidence, when it is no common word (a
// lone "Collection" makes no person of "Ghostbusters Collection"); a first
// name alone is not ("Philip Morris", "Le Monde").
func personsBySurname(order []*group) {
	alone := map[string]bool{}
	for _, g := range order {
		if g.actor.Kind == Person && len(g.tokens) == 1 && !common()[g.tokens[0]] {
			alone[g.tokens[0]] = true
		}
	}
	for _, g := range order {
		n := len(g.tokens)
		if g.actor.Kind != Person && !g.orgCue && n >= 2 && n <= 3 && alone[surname(g.tokens)] &&
			looksLikePerson(g.actor.Name) && !isKnownPlace(g.actor.Name) {
			g.actor.Kind = Person
		}
	}
}

// mergePersonVariants folds spellings of one person into the most
// mentioned one ("Pat Carlineo" and "Patrick W. Carlineo Jr." into
// "Patrick Carlineo Jr."), so that the lone surname then has one full name
// to join. A spelling that two different names could claim ("Pat Smith"
// beside "Patrick Smith" and "Patricia Smith") stays apart. Only names
// sharing a surname are compared, and a surname shared by more than
// maxVariants names is left alone, so a text of thousands of names costs
// linear time.
func mergePersonVariants(order []*group) []*group {
	bySurname := map[string][]*group{}
	cores := map[*group][]string{}
	for _, g := range order {
		if g.actor.Kind == Person && len(g.tokens) >= 2 {
			core := personCore(g.tokens)
			cores[g] = core
			k := strings.Join(core[1:], " ")
			bySurname[k] = append(bySurname[k], g)
		}
	}
	merged := false
	for _, same := range bySurname {
		if len(same) > 1 && len(same) <= maxVariants && mergeVariantsOf(same, cores) {
			merged = true
		}
	}
	if !merged {
		return order
	}
	out := order[:0:0]
	for _, g := range order {
		if g.actor.Spans != nil {
			out = append(out, g)
		}
	}
	return out
}

// maxVariants bounds the names compared pairwise for one surname.
const maxVariants = 32

// mergeVariantsOf merges the variant spellings among names sharing a
// surname, each into the most mentioned (then longest) name it can be,
// when only one can claim it; it reports whether any merged.
func mergeVariantsOf(same []*group, cores map[*group][]string) bool {
	sort.SliceStable(same, func(i, j int) bool {
		a, b := same[i], same[j]
		if len(a.actor.Spans) != len(b.actor.Spans) {
			return len(a.actor.Spans) > len(b.actor.Spans)
		}
		return len(a.tokens) > len(b.tokens)
	})
	merged := false
	for i, g := range same {
		var target *group
		claims := 0
		for _, h := range same[:i] {
			// The bucket shares the surname words: the first names decide.
			if h.actor.Spans != nil && sameFirstName(cores[h][0], cores[g][0]) {
				if target == nil {
					target = h
				}
				claims++
			}
		}
		if claims == 1 {
			absorb(target, g)
			merged = true
		}
	}
	return merged
}

// mergeMultiWordSurnames folds a person named by a surname of several
// words ("Van Der Beek") into the one person whose name ends with those
// words after a given name ("James Van Der Beek").
func mergeMultiWordSurnames(order []*group) []*group {
	// Every person's name ends, keyed by the words of the ending.
	endings := map[string][]*group{}
	for _, h := range order {
		if h.actor.Kind != Person || !isFirstName(h.tokens[0]) {
			continue
		}
		for n := 2; n < len(h.tokens) && n <= 4; n++ {
			k := strings.Join(h.tokens[len(h.tokens)-n:], " ")
			endings[k] = append(endings[k], h)
		}
	}
	out := order[:0:0]
	for _, g := range order {
		if g.actor.Kind == Person && len(g.tokens) >= 2 {
			if ends := endings[strings.Join(g.tokens, " ")]; len(ends) == 1 && ends[0] != g && ends[0].actor.Spans != nil {
				absorb(ends[0], g)
				continue
			}
		}
		out = append(out, g)
	}
	return out
}
