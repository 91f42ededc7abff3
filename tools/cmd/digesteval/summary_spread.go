package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/digestbot/digestbot/digest/summary"
)

// printResplitSpread shows how much of a fold's margin over Lead-3 is the
// luck of the split: it cuts the articles into cvFolds random parts reps
// times and prints the spread of the parts' mean differences under the
// shipped rule, which is fixed (nothing is refitted), and how often every
// part meets issue 7's bar. Run it with -unseen so that the fold kept
// unseen stays so.
func printResplitSpread(w io.Writer, docs []summaryDoc, n, reps int) {
	if len(docs) < cvFolds {
		return
	}
	d1, dL := perArticleMargins(docs, n, summary.DefaultLimits)
	mean, sd := meanSD(d1)
	fmt.Fprintf(w, "\nSpread over random re-splits (shipped rule, %d articles): per-article ROUGE-1 difference mean %+.2f, SD %.2f, so a part of %d has a standard error of %.2f\n",
		len(docs), mean, sd, len(docs)/cvFolds, sd/math.Sqrt(float64(len(docs)/cvFolds)))
	printNeighbourMargins(w, docs, n, sd)
	rng := rand.New(rand.NewPCG(7, uint64(len(docs))))
	var parts []float64
	failedParts, allMet := 0, 0
	for range reps {
		perm := rng.Perm(len(docs))
		every := true
		for k := range cvFolds {
			var s1, sL float64
			var m int
			for j := k; j < len(perm); j += cvFolds {
				s1 += d1[perm[j]]
				sL += dL[perm[j]]
				m++
			}
			s1, sL = s1/float64(m), sL/float64(m)
			parts = append(parts, s1)
			if s1 < 1.0 || sL < 0 {
				failedParts++
				every = false
			}
		}
		if every {
			allMet++
		}
	}
	slices.Sort(parts)
	q := func(p float64) float64 { return parts[int(p*float64(len(parts)-1))] }
	fmt.Fprintf(w, "%d re-splits into %d parts: part ROUGE-1 difference min %+.2f, 5%% %+.2f, median %+.2f, 95%% %+.2f, max %+.2f\n",
		reps, cvFolds, parts[0], q(0.05), q(0.5), q(0.95), parts[len(parts)-1])
	fmt.Fprintf(w, "parts missing the bar (dR1 >= 1.0, dRL >= 0): %.1f%%; re-splits with every part meeting it: %.1f%%\n",
		100*float64(failedParts)/float64(len(parts)), 100*float64(allMet)/float64(reps))
	// A fold of the full file holds 24 or 25 articles: draw parts that size,
	// with replacement, as a fold of new articles from the same source.
	const foldSize = 24
	if len(docs) <= foldSize {
		return
	}
	var draws []float64
	missed := 0
	for range reps {
		var s1, sL float64
		for range foldSize {
			i := rng.IntN(len(docs))
			s1 += d1[i]
			sL += dL[i]
		}
		s1, sL = s1/foldSize, sL/foldSize
		draws = append(draws, s1)
		if s1 < 1.0 || sL < 0 {
			missed++
		}
	}
	slices.Sort(draws)
	fmt.Fprintf(w, "%d parts of %d drawn with replacement: ROUGE-1 difference min %+.2f, 1%% %+.2f, 5%% %+.2f, median %+.2f; missing the bar: %.1f%%\n",
		reps, foldSize, draws[0], draws[int(0.01*float64(reps-1))], draws[int(0.05*float64(reps-1))], draws[reps/2], 100*float64(missed)/float64(reps))
}

func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)-1))
}

// perArticleMargins returns each article's ROUGE-1 and ROUGE-L F1 minus
// Lead-3's (x100) under the lede rule within lim.
func perArticleMargins(docs []summaryDoc, n int, lim summary.Limits) (d1, dL []float64) {
	rule := summaryRule{summary.DefaultWeights, lim}
	d1, dL = make([]float64, len(docs)), make([]float64, len(docs))
	for i := range docs {
		d := &docs[i]
		o, l := scoreOne(d, rule.pick(d, false, n)), scoreOne(d, d.lead(n))
		d1[i], dL[i] = 100*(o.R1.F1-l.R1.F1), 100*(o.RL.F1-l.RL.F1)
	}
	return d1, dL
}

// printNeighbourMargins prints the mean ROUGE-1 margin of the limits next to
// the shipped ones. A margin that holds only at the shipped point is luck
// of the articles it was chosen on; the neighbourhood's mean is the less
// lucky guess of what new articles give. With that guess and the
// per-article spread sd it prints the chance that a fold of 24 new
// articles, and all five, meet the bar (normal approximation).
func printNeighbourMargins(w io.Writer, docs []summaryDoc, n int, sd float64) {
	base := summary.DefaultLimits
	fmt.Fprintf(w, "ROUGE-1 margin next to the shipped limits (rows: words per sentence; columns: floor %.1f, %.1f, %.1f)\n",
		base.MinCentrality-0.1, base.MinCentrality, base.MinCentrality+0.1)
	sum, cells := 0.0, 0
	for dw := -4; dw <= 4; dw += 4 {
		fmt.Fprintf(w, "  %2d:", base.WordsPerSentence+dw)
		for df := -1; df <= 1; df++ {
			lim := summary.Limits{WordsPerSentence: base.WordsPerSentence + dw, MinCentrality: base.MinCentrality + float64(df)/10}
			d1, _ := perArticleMargins(docs, n, lim)
			m, _ := meanSD(d1)
			sum += m
			cells++
			fmt.Fprintf(w, " %+6.2f", m)
		}
		fmt.Fprintln(w)
	}
	guess := sum / float64(cells)
	if sd == 0 {
		return // every article scores as Lead-3: no spread to speak of
	}
	pFold := 0.5 * math.Erfc(-(guess-1)/(sd/math.Sqrt(24))/math.Sqrt2)
	fmt.Fprintf(w, "neighbourhood mean %+.2f: a fold of 24 new articles would meet dR1 >= 1.0 with p = %.2f, all five folds with p = %.2f\n",
		guess, pFold, math.Pow(pFold, cvFolds))
}
