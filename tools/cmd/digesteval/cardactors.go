package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/tools/eval"
)

func init() {
	register("card-actors", "the actors a card shows on CoNLL documents: right, wrong type, wrong boundary or junk against the gold names", runCardActors)
}

// cardKinds maps a card actor's kind to its CoNLL type.
var cardKinds = map[string]string{"person": "PER", "org": "ORG", "place": "LOC"}

// actorVerdicts counts card actors by how they compare with the gold names.
type actorVerdicts struct{ right, wrongType, boundary, junk int }

func (v actorVerdicts) total() int { return v.right + v.wrongType + v.boundary + v.junk }

func runCardActors(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("card-actors", flag.ContinueOnError)
	data := fs.String("data", "", "CoNLL file (default: evaldata ner/conll2003/conllpp_dev.txt)")
	show := fs.Bool("show", false, "print every actor that is not right")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path, docs, err := conllDocs(*data)
	if err != nil {
		return err
	}
	var v actorVerdicts
	for _, doc := range docs {
		text, tokSpans := doc.Text()
		gold := map[[2]int]string{}
		for _, c := range eval.Chunks(doc.Tags) {
			gold[[2]int{tokSpans[c.Start][0], tokSpans[c.End-1][1]}] = c.Type
		}
		for _, a := range digest.Make("", text, digest.Options{}).Actors {
			verdict := judgeActor(a, gold)
			switch verdict {
			case "right":
				v.right++
			case "wrong type":
				v.wrongType++
			case "boundary":
				v.boundary++
			default:
				v.junk++
			}
			if *show && verdict != "right" {
				fmt.Fprintf(stdout, "%-10s %s (%s)\n", verdict, a.Name, a.Kind)
			}
		}
	}
	n := max(v.total(), 1)
	fmt.Fprintf(stdout, "card actors on %s: %d documents, %d actors shown (up to 10 a card)\n", path, len(docs), v.total())
	fmt.Fprintf(stdout, "right %d (%.1f%%), wrong type %d (%.1f%%), wrong boundary %d (%.1f%%), junk %d (%.1f%%)\n",
		v.right, pct(v.right, n), v.wrongType, pct(v.wrongType, n), v.boundary, pct(v.boundary, n), v.junk, pct(v.junk, n))
	fmt.Fprintln(stdout, "(right: a mention is exactly a gold name of the same type; wrong type: exactly a gold name of another type,")
	fmt.Fprintln(stdout, " MISC included; wrong boundary: overlaps a gold name; junk: overlaps none)")
	return nil
}

// judgeActor compares an actor's mentions with the gold names: the best
// verdict any of its mentions earns.
func judgeActor(a digest.Actor, gold map[[2]int]string) string {
	best := "junk"
	for _, sp := range a.Spans {
		if typ, ok := gold[sp]; ok {
			if typ == cardKinds[a.Kind] {
				return "right"
			}
			best = "wrong type"
			continue
		}
		if best == "junk" && overlapsAny(sp, gold) {
			best = "boundary"
		}
	}
	return best
}

func overlapsAny(sp [2]int, gold map[[2]int]string) bool {
	for g := range gold {
		if sp[0] < g[1] && g[0] < sp[1] {
			return true
		}
	}
	return false
}

func pct(a, n int) float64 { return 100 * float64(a) / float64(n) }
