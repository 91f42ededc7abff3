package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/digestbot/digestbot/digest/entity"
	"github.com/digestbot/digestbot/digest/quote"
	"github.com/digestbot/digestbot/tools/eval"
	"github.com/digestbot/digestbot/tools/evaldata"
)

func init() {
	register("quotes", "quote F1 and speaker accuracy on PolNeAR (dev; -train adds train)", runQuotes)
}

// quoteOptions are the quotes task's flags.
type quoteOptions struct {
	people   bool
	errors   int
	showDoc  string
	folds    int
	pronouns bool
}

func runQuotes(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("quotes", flag.ContinueOnError)
	train := fs.Bool("train", false, "also score the train split")
	onlyTrain := fs.Bool("only-train", false, "score only the train split (for tuning without looking at dev)")
	var o quoteOptions
	fs.IntVar(&o.errors, "errors", 0, "print up to N missed and N spurious quotes of the scored splits (dev's first: use -only-train to tune)")
	fs.BoolVar(&o.people, "people", true, "also score with the persons digest/entity recognises passed to quote.Extract")
	fs.StringVar(&o.showDoc, "doc", "", "print the quotes found in the named document and its gold quotes")
	fs.BoolVar(&o.pronouns, "pronouns", false, "list the matched quotes whose gold source is he or she, with the speaker found (the metric skips them: diff two runs to read what a resolver change did)")
	fs.IntVar(&o.folds, "folds", 5, "also print the train split's figures in this many folds (with -train or -only-train)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir, err := evaldata.Path("quotes", "polnear")
	if err != nil {
		return err
	}
	splits := []string{"dev"}
	switch {
	case *onlyTrain:
		splits = []string{"train"}
	case *train:
		splits = append(splits, "train")
	}
	fmt.Fprintln(stdout, "PolNeAR quotes: a gold quote is an attribution whose Content holds a quote mark;")
	fmt.Fprintln(stdout, "each gold quote, in text order, takes the best free found quote sharing >= 50% of its characters")
	fmt.Fprintln(stdout, "(the GenderGapTracker's reading: overlap / gold length); stricter readings are shown for sensitivity.")
	for _, split := range splits {
		docs, err := eval.LoadPolNeAR(filepath.Join(dir, split))
		if err != nil {
			return err
		}
		scoreQuoteSplit(stdout, split, docs, o)
	}
	fmt.Fprintln(stdout, "\npublished anchors (other data): GenderGapTracker quotes F1 0.837, speaker match 0.865; citron (PARC 3.0) sources F1 0.820")
	return nil
}

var overlapModes = []eval.OverlapMode{eval.OverlapGold, eval.OverlapLonger, eval.OverlapUnion, eval.OverlapShorter}

// quoteSplitScore is one split's counts: without persons under every
// overlap reading, with persons overall and per fold.
type quoteSplitScore struct {
	counts     []eval.QuoteCounts
	withPeople eval.QuoteCounts
	byFold     []eval.QuoteCounts
	elapsed    time.Duration
	words      int
}

// scoreQuoteSplit scores one split's documents and prints its figures (and
// the errors and documents the options ask for).
func scoreQuoteSplit(stdout io.Writer, split string, docs []eval.QuoteDoc, o quoteOptions) {
	sc := quoteSplitScore{counts: make([]eval.QuoteCounts, len(overlapModes)), byFold: make([]eval.QuoteCounts, max(o.folds, 1))}
	shown := [3]int{}
	for di, d := range docs {
		t0 := time.Now()
		qs := quote.Extract(d.Text, nil)
		quote.Key(qs, 3)
		sc.elapsed += time.Since(t0)
		sc.words += len(strings.Fields(d.Text))
		found := FoundQuotes(qs)
		for i, m := range overlapModes {
			sc.counts[i].Add(d.Text, d.Gold, found, m)
		}
		if o.people {
			qp := quote.Extract(d.Text, PeopleOf(d.Text))
			sc.withPeople.Add(d.Text, d.Gold, FoundQuotes(qp), eval.OverlapGold)
			sc.byFold[di%len(sc.byFold)].Add(d.Text, d.Gold, FoundQuotes(qp), eval.OverlapGold)
			// Errors are shown for the run digest.Make does: with persons.
			qs, found = qp, FoundQuotes(qp)
		}
		if d.Name == o.showDoc {
			printDoc(stdout, d, qs)
		}
		if o.errors > 0 {
			printQuoteErrors(stdout, d, found, o.errors, &shown)
		}
		if o.pronouns {
			printPronounSpeakers(stdout, d, found)
		}
	}
	printQuoteSplit(stdout, split, len(docs), sc, o)
}

func printQuoteSplit(stdout io.Writer, split string, ndocs int, sc quoteSplitScore, o quoteOptions) {
	label := split
	if split == "dev" {
		label = "dev, held out (no rule was written from it)"
	}
	fmt.Fprintf(stdout, "\n%s (%d articles, %d words; extract+key %.2f ms/article):\n", label, ndocs, sc.words,
		float64(sc.elapsed.Microseconds())/1000/float64(ndocs))
	fmt.Fprintf(stdout, "  digestbot, no entity list    %s\n", sc.counts[0])
	if o.people {
		fmt.Fprintf(stdout, "  digestbot, entity persons     %s\n", sc.withPeople)
	}
	for i := 1; i < len(overlapModes); i++ {
		c := sc.counts[i]
		fmt.Fprintf(stdout, "    if %-18s P %.3f R %.3f F1 %.3f speaker %.3f\n", overlapModes[i], c.Precision(), c.Recall(), c.F1(), c.SpeakerAccuracy())
	}
	if split == "train" && o.people && o.folds > 1 {
		printFolds(stdout, sc.byFold)
	}
}

// printFolds prints the train split in folds (document i in fold i mod
// k). The attribution rules are written by hand from train errors and no
// parameter is fitted, so there is nothing to refit per fold: the folds
// show how much the figures vary between samples of articles, and dev is
// the held-out figure.
func printFolds(w io.Writer, folds []eval.QuoteCounts) {
	f1, sp := make([]float64, len(folds)), make([]float64, len(folds))
	for i, c := range folds {
		f1[i], sp[i] = c.F1(), c.SpeakerAccuracy()
		fmt.Fprintf(w, "    train fold %d/%d, entity persons  F1 %.3f  speaker %.3f  (gold %d, named sources %d)\n", i+1, len(folds), f1[i], sp[i], c.Gold, c.SpeakerGold)
	}
	fmt.Fprintf(w, "    train folds: F1 %.3f-%.3f, speaker %.3f-%.3f (rules hand-written on train, nothing fitted: dev is the held-out figure)\n",
		slices.Min(f1), slices.Max(f1), slices.Min(sp), slices.Max(sp))
}

// FoundQuotes turns extracted quotes into the metric's units: one per
// attribution content span (the parts of a split quote count once).
func FoundQuotes(qs []quote.Quote) []eval.FoundQuote {
	var out []eval.FoundQuote
	seen := make(map[[2]int]bool)
	for _, q := range qs {
		k := [2]int{q.ContentStart, q.ContentEnd}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, eval.FoundQuote{Start: q.ContentStart, End: q.ContentEnd, Speaker: q.Speaker})
	}
	return out
}

func printQuoteErrors(w io.Writer, d eval.QuoteDoc, found []eval.FoundQuote, limit int, shown *[3]int) {
	covered := func(s, e int, spans [][2]int) bool {
		ov, n := 0, 0
		for _, sp := range spans {
			ov += max(0, min(sp[1], e)-max(sp[0], s))
			n += sp[1] - sp[0]
		}
		return ov*2 >= n
	}
	for _, g := range d.Gold {
		hit := false
		for _, f := range found {
			if covered(f.Start, f.End, g.Spans) {
				hit = true
				break
			}
		}
		if !hit && shown[0] < limit {
			shown[0]++
			s, e := g.Spans[0][0], g.Spans[len(g.Spans)-1][1]
			fmt.Fprintf(w, "MISS %s src=%q\n   %q\n", d.Name, g.Source, clip(d.Text, s, e))
			for _, f := range found {
				if f.End > s && f.Start < e {
					fmt.Fprintf(w, "   near: %q\n", d.Text[f.Start:f.End])
				}
			}
		}
	}
	for _, g := range d.Gold {
		name := eval.SourceName(g.Source)
		if name == "" {
			continue
		}
		for _, f := range found {
			if covered(f.Start, f.End, g.Spans) && !strings.EqualFold(eval.LastNameToken(f.Speaker), name) && shown[2] < limit {
				shown[2]++
				fmt.Fprintf(w, "SPEAKER %s gold=%q found=%q\n   %q\n", d.Name, g.Source, f.Speaker, clip(d.Text, max(0, f.Start-200), f.End))
			}
		}
	}
	for _, f := range found {
		hit := false
		for _, g := range d.Gold {
			if covered(f.Start, f.End, g.Spans) {
				hit = true
				break
			}
		}
		if !hit && shown[1] < limit {
			shown[1]++
			fmt.Fprintf(w, "SPURIOUS %s speaker=%q\n   %q\n", d.Name, f.Speaker, clip(d.Text, f.Start, f.End))
		}
	}
}

// printPronounSpeakers prints, for each gold quote whose source is "he"
// or "she", the speaker of the found quote paired with it, and the text
// before it where the antecedent is. PolNeAR has no coreference links, so
// these are read, not scored; one line each keeps two runs diffable.
func printPronounSpeakers(w io.Writer, d eval.QuoteDoc, found []eval.FoundQuote) {
	used := make([]bool, len(found))
	for _, g := range d.Gold {
		src := strings.ToLower(g.Source)
		fi := bestFound(g, found, used)
		if fi < 0 || src != "he" && src != "she" {
			continue
		}
		f := found[fi]
		fmt.Fprintf(w, "PRONOUN %s@%d %s found=%q\n   %q\n", d.Name, f.Start, src, f.Speaker, clip(d.Text, max(0, f.Start-400), f.End))
	}
}

// bestFound pairs gold quote g with the free found quote sharing the most
// of its characters (at least half), as eval.QuoteCounts.Add does, and
// marks it used; -1 when none does.
func bestFound(g eval.GoldQuote, found []eval.FoundQuote, used []bool) int {
	glen := 0
	for _, sp := range g.Spans {
		glen += sp[1] - sp[0]
	}
	best, bestOv := -1, 0
	for fi, f := range found {
		ov := 0
		for _, sp := range g.Spans {
			ov += max(0, min(sp[1], f.End)-max(sp[0], f.Start))
		}
		if !used[fi] && ov*2 >= glen && ov > bestOv {
			best, bestOv = fi, ov
		}
	}
	if best >= 0 {
		used[best] = true
	}
	return best
}

func clip(text string, s, e int) string {
	s, e = max(0, min(s, len(text))), max(0, min(e, len(text)))
	if e < s {
		s, e = e, s
	}
	a, b := max(0, s-60), min(len(text), e+40)
	return text[a:s] + "[[" + text[s:e] + "]]" + text[e:b]
}

func printDoc(w io.Writer, d eval.QuoteDoc, qs []quote.Quote) {
	for _, q := range qs {
		fmt.Fprintf(w, "FOUND speaker=%q title=%q cue=%q\n   text=%q\n   content=%q\n", q.Speaker, q.SpeakerTitle, q.Cue, q.Text, d.Text[q.ContentStart:q.ContentEnd])
	}
	for _, g := range d.Gold {
		var parts []string
		for _, sp := range g.Spans {
			parts = append(parts, d.Text[sp[0]:sp[1]])
		}
		fmt.Fprintf(w, "GOLD source=%q\n   %q\n", g.Source, strings.Join(parts, " | "))
	}
}

// PeopleOf runs the entity recogniser and returns its persons in the form
// quote.Extract takes.
func PeopleOf(text string) []quote.Person {
	var out []quote.Person
	for _, a := range entity.Actors(text, entity.Recognize(text)) {
		if a.Kind == entity.Person {
			out = append(out, quote.Person{Name: a.Name, Spans: a.Spans})
		}
	}
	return out
}
