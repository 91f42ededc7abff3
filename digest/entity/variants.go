package entity

import (
	"slices"
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

// variantOf reports whether person names a and b (their core words) are
// spellings of one name: the same surname words and first names that agree.
func variantOf(a, b []string) bool {
	if len(a) < 2 || len(a) != len(b) || !sameFirstName(a[0], b[0]) {
		return false
	}
	for i := 1; i < len(a); i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
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
// beside "Patrick Smith" and "Patricia Smith") stays apart.
func mergePersonVariants(order []*group) []*group {
	var persons []*group
	for _, g := range order {
		if g.actor.Kind == Person && len(g.tokens) >= 2 {
			persons = append(persons, g)
		}
	}
	cores := make(map[*group][]string, len(persons))
	for _, g := range persons {
		cores[g] = personCore(g.tokens)
	}
	// Most mentioned first, then the longer name, then text order: the
	// spelling kept is the one the story uses most.
	byWeight := append([]*group(nil), persons...)
	sort.SliceStable(byWeight, func(i, j int) bool {
		a, b := byWeight[i], byWeight[j]
		if len(a.actor.Spans) != len(b.actor.Spans) {
			return len(a.actor.Spans) > len(b.actor.Spans)
		}
		return len(a.tokens) > len(b.tokens)
	})
	merged := false
	for i, g := range byWeight {
		var target *group
		claims := 0
		for _, h := range byWeight[:i] {
			if h.actor.Spans != nil && variantOf(cores[h], cores[g]) {
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

// mergeMultiWordSurnames folds a person named by a surname of several
// words ("Van Der Beek") into the one person whose name ends with those
// words after a given name ("James Van Der Beek").
func mergeMultiWordSurnames(order []*group) []*group {
	out := order[:0:0]
	for _, g := range order {
		n := len(g.tokens)
		if g.actor.Kind != Person || n < 2 {
			out = append(out, g)
			continue
		}
		var target *group
		claims := 0
		for _, h := range order {
			m := len(h.tokens)
			if h == g || h.actor.Kind != Person || m <= n || h.actor.Spans == nil ||
				!slices.Equal(h.tokens[m-n:], g.tokens) || !isFirstName(h.tokens[0]) {
				continue
			}
			target = h
			claims++
		}
		if claims == 1 {
			absorb(target, g)
			continue
		}
		out = append(out, g)
	}
	return out
}
