package main

import (
	"fmt"
	"io"

	"github.com/digestbot/digestbot/digest/sentence"
	"github.com/digestbot/digestbot/digest/summary"
	"github.com/digestbot/digestbot/tools/eval"
)

// cvFolds is how many parts the articles are cut into for cross-validation.
const cvFolds = 5

// summaryRule is everything a summary selection depends on: what a fold's
// training part may fit.
type summaryRule struct {
	weights summary.Weights
	limits  summary.Limits
}

func (r summaryRule) pick(d *summaryDoc, withTitle bool, n int) []sentence.Sentence {
	return summary.SelectWith(r.weights, r.limits, d.cands(withTitle), n)
}

// limitsGrid is what the nested choice of summary.Limits searches: the
// card's word cap per sentence and the centrality floor as a share of the
// median sentence's. Both zeros is the lede rule alone.
func limitsGrid() []summary.Limits {
	var out []summary.Limits
	for wps := 20; wps <= 40; wps += 2 {
		for share := range 9 {
			out = append(out, summary.Limits{WordsPerSentence: wps, MinCentrality: float64(share) / 10})
		}
	}
	return append(out, summary.Limits{})
}

// limitsChooser picks the limits that score best (mean ROUGE-1 F1 +
// ROUGE-L F1 under the lede rule) on a set of articles. Every article's
// score under every grid point is computed once, as folds share articles.
type limitsChooser struct {
	grid   []summary.Limits
	scores [][]float64 // by grid point, then article index
}

func newLimitsChooser(docs []summaryDoc, n int, withTitle bool) *limitsChooser {
	c := &limitsChooser{grid: limitsGrid()}
	c.scores = make([][]float64, len(c.grid))
	size := 0 // line numbers index the scores; a fold left out (-unseen) leaves gaps
	for i := range docs {
		size = max(size, docs[i].index+1)
	}
	for g, lim := range c.grid {
		c.scores[g] = make([]float64, size)
		r := summaryRule{summary.DefaultWeights, lim}
		for i := range docs {
			sc := scoreOne(&docs[i], r.pick(&docs[i], withTitle, n))
			c.scores[g][docs[i].index] = sc.R1.F1 + sc.RL.F1
		}
	}
	return c
}

// choose returns the best limits on train; ties go to the earlier grid
// point (the shorter cap, the lower floor).
func (c *limitsChooser) choose(train []summaryDoc) summary.Limits {
	best, bestScore := 0, -1.0
	for g := range c.grid {
		total := 0.0
		for i := range train {
			total += c.scores[g][train[i].index]
		}
		if total > bestScore+1e-9 {
			best, bestScore = g, total
		}
	}
	return c.grid[best]
}

// printSummaryCV prints the cross-validated figures: first the acceptance
// row (limits chosen on the other four folds), then the alternatives the
// shipped rule was preferred to.
func printSummaryCV(w io.Writer, docs []summaryDoc, n int, withTitle bool, bags int) {
	chooser := newLimitsChooser(docs, n, withTitle)
	fmt.Fprintf(w, "\nShipped: the lede rule (DefaultWeights) within summary.DefaultLimits %+v.\n", summary.DefaultLimits)
	fmt.Fprintf(w, "Held-out figures: the limits are chosen again on the other four folds (grid of %d: words per sentence 20..40, centrality floor 0..0.8 of the median)\n", len(chooser.grid))
	crossValidateSummary(w, docs, n, withTitle, func(train []summaryDoc) summaryRule {
		return summaryRule{summary.DefaultWeights, chooser.choose(train)}
	})
	fmt.Fprintln(w, "\nAlternative: the lede rule without limits (fitted to nothing, every fold held out):")
	crossValidateSummary(w, docs, n, withTitle, func([]summaryDoc) summaryRule {
		return summaryRule{weights: summary.DefaultWeights}
	})
	fmt.Fprintln(w, "\nAlternative: word cap only, chosen on the other four folds (no centrality floor):")
	crossValidateSummary(w, docs, n, withTitle, func(train []summaryDoc) summaryRule {
		capOnly := &limitsChooser{}
		for g, lim := range chooser.grid {
			if lim.MinCentrality == 0 {
				capOnly.grid = append(capOnly.grid, lim)
				capOnly.scores = append(capOnly.scores, chooser.scores[g])
			}
		}
		return summaryRule{summary.DefaultWeights, capOnly.choose(train)}
	})
	fmt.Fprintln(w, "\nAlternative: the linear model refitted (-tune's coordinate ascent) on the other folds, no limits:")
	crossValidateSummary(w, docs, n, withTitle, func(train []summaryDoc) summaryRule {
		return summaryRule{weights: fitSummaryWeights(train, n, bags)}
	})
}

// crossValidateSummary fits a rule on four fifths of the articles (by line
// number modulo 5) and scores the held-out fifth, printing every fold beside
// Lead-3 on the same articles, the limits the fold used, and the pooled
// figure. Acceptance asks ROUGE-1 >= Lead-3 + 1.0 and ROUGE-L >= Lead-3 on
// every held-out fold.
func crossValidateSummary(w io.Writer, docs []summaryDoc, n int, withTitle bool, fit func(train []summaryDoc) summaryRule) {
	fmt.Fprintf(w, "%d-fold CV (rule from the other folds, scored on the held-out one):\n", cvFolds)
	fmt.Fprintf(w, "%-6s %5s %-16s %-16s %-9s %-9s %-24s %s\n", "fold", "docs", "Lead-3 R1/RL", "ours R1/RL", "dR1", "dRL", "bar (dR1>=1.0, dRL>=0)", "limits (words/sentence, floor)")
	var poolOurs, poolLead eval.RougeMean
	shown, met := 0, 0
	for k := range cvFolds {
		var train, test []summaryDoc
		for i := range docs {
			if docs[i].index%cvFolds == k {
				test = append(test, docs[i])
			} else {
				train = append(train, docs[i])
			}
		}
		if len(test) == 0 {
			continue // a fold kept unseen (-unseen)
		}
		rule := fit(train)
		var ours, lead eval.RougeMean
		for i := range test {
			d := &test[i]
			o, l := scoreOne(d, rule.pick(d, withTitle, n)), scoreOne(d, d.lead(n))
			ours.Add(o)
			lead.Add(l)
			poolOurs.Add(o)
			poolLead.Add(l)
		}
		om, lm := ours.Mean(), lead.Mean()
		dR1, dRL := 100*(om.R1.F1-lm.R1.F1), 100*(om.RL.F1-lm.RL.F1)
		ok := dR1 >= 1.0 && dRL >= 0
		shown++
		if ok {
			met++
		}
		fmt.Fprintf(w, "%-6d %5d %-16s %-16s %-+9.2f %-+9.2f %-24s %d, %.1f\n", k+1, len(test),
			fmt.Sprintf("%.2f/%.2f", 100*lm.R1.F1, 100*lm.RL.F1), fmt.Sprintf("%.2f/%.2f", 100*om.R1.F1, 100*om.RL.F1),
			dR1, dRL, metWord(ok), rule.limits.WordsPerSentence, rule.limits.MinCentrality)
	}
	printRougeRow(w, "Lead-3 held-out, pooled", poolLead.Mean())
	printRougeRow(w, "ours held-out, pooled", poolOurs.Mean())
	printRougeDelta(w, "CV ours - Lead-3", poolOurs.Mean(), poolLead.Mean())
	fmt.Fprintf(w, "folds meeting the bar: %d of %d (every fold: %s)\n", met, shown, metWord(met == shown))
}

func metWord(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}
