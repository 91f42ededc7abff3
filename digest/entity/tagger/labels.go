package tagger

// The model tags internally with BILOU labels (Begin, Inside, Last, Unit,
// O) rather than the BIO tags it takes and returns: a greedy left-to-right
// decoder then knows at each token whether the name ends there, which BIO
// leaves to the next token's guess (Ratinov & Roth 2009 found BILOU
// clearly better than BIO for greedy decoding).
const (
	labelO = 0
	// numTypes entity types (PER, ORG, LOC, MISC), in TagNames' order.
	numTypes = (NumTags - 1) / 2
	// numLabels is O plus B, I, L, U per type; it also stands for
	// "before the text" as a previous label.
	numLabels = 1 + 4*numTypes
)

// Positions of a label within its name.
const (
	posB = iota
	posI
	posL
	posU
)

// label returns the label of a type (1..numTypes) at a position.
func label(typ, pos int) int { return 1 + (typ-1)*4 + pos }

// labelType is a label's entity type, 1..numTypes, or 0 for O and for
// "before the text".
func labelType(l int) int {
	if l <= labelO || l >= numLabels {
		return 0
	}
	return (l-1)/4 + 1
}

func labelPos(l int) int { return (l - 1) % 4 }

// open reports whether a name is still open after label l (B or I), so
// that the next label must continue it.
func open(l int) bool {
	return labelType(l) != 0 && (labelPos(l) == posB || labelPos(l) == posI)
}

// allowed reports whether label l may follow prev: an open name goes on
// with I or L of its type, and only an open name may. The beam asks this
// for every label of every hypothesis at every token: a table answers.
func allowed(prev, l int) bool {
	if uint(prev) <= numLabels && uint(l) < numLabels {
		return allowedTable[prev][l]
	}
	return allowedRule(prev, l)
}

// allowedTable is allowedRule for every previous label (numLabels: before
// the text) and label.
var allowedTable = func() (t [numLabels + 1][numLabels]bool) {
	for prev := range t {
		for l := range t[prev] {
			t[prev][l] = allowedRule(prev, l)
		}
	}
	return t
}()

func allowedRule(prev, l int) bool {
	if open(prev) {
		return labelType(l) == labelType(prev) && (labelPos(l) == posI || labelPos(l) == posL)
	}
	return labelType(l) == 0 || labelPos(l) == posB || labelPos(l) == posU
}

// tagType is a BIO tag's entity type, 1..numTypes, or 0 for O.
func tagType(tag int) int { return (tag + 1) / 2 }

// toLabels turns BIO (or IOB1) tags into BILOU labels with the chunks
// conlleval reads: a name starts at B-X or at I-X after anything but X,
// and runs on over I-X.
func toLabels(tags []int) []int {
	labels := make([]int, len(tags))
	for i := 0; i < len(tags); {
		typ := tagType(tags[i])
		if typ == 0 {
			i++
			continue
		}
		j := i + 1
		for j < len(tags) && tags[j] == 2*typ { // I-X
			j++
		}
		if j == i+1 {
			labels[i] = label(typ, posU)
		} else {
			labels[i] = label(typ, posB)
			for k := i + 1; k < j-1; k++ {
				labels[k] = label(typ, posI)
			}
			labels[j-1] = label(typ, posL)
		}
		i = j
	}
	return labels
}

// toTags turns labels back into BIO tags. Decoding keeps labels to the
// allowed transitions, but the conversion does not rely on it: an I or L
// that continues no open name of its type starts one.
func toTags(labels []int) []int {
	tags := make([]int, len(labels))
	prev := numLabels
	for i, l := range labels {
		typ := labelType(l)
		switch {
		case typ == 0:
			tags[i] = TagO
		case (labelPos(l) == posI || labelPos(l) == posL) && open(prev) && labelType(prev) == typ:
			tags[i] = 2 * typ // I-X
		default:
			tags[i] = 2*typ - 1 // B-X
		}
		prev = l
	}
	return tags
}
