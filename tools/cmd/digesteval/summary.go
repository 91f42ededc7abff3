package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"path"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/digestbot/digestbot/digest/sentence"
	"github.com/digestbot/digestbot/digest/summary"
	"github.com/digestbot/digestbot/tools/eval"
	"github.com/digestbot/digestbot/tools/evaldata"
)

func init() {
	register("summary", "ROUGE-1/2/L of digest/summary vs Lead-3 on cnndm-dev, with 5-fold CV (-tune refits the weights)", runSummary)
}

// Published anchor: Lead-3 on the full CNN/DailyMail test set (See et al. 2017).
const lead3AnchorR1, lead3AnchorR2, lead3AnchorRL = 40.34, 17.70, 36.57

// summaryDoc is one article prepared for scoring many candidate summaries.
type summaryDoc struct {
	doc   eval.SummaryDoc
	slug  string // headline words from the URL: the records carry no title
	sents []sentence.Sentence
	index int                 // line order in the file: folds are index modulo cvFolds
	plain []summary.Candidate // candidates without a title
	slugd []summary.Candidate // candidates with the slug as title
	ref   [][]string
}

func (d *summaryDoc) cands(withTitle bool) []summary.Candidate {
	if withTitle {
		return d.slugd
	}
	return d.plain
}

func (d *summaryDoc) lead(n int) []sentence.Sentence { return d.sents[:min(n, len(d.sents))] }

func runSummary(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("summary", flag.ContinueOnError)
	data := fs.String("data", "", "cnndm JSONL file (default: evaldata summarization/cnndm-dev.jsonl)")
	n := fs.Int("n", summary.DefaultN, "sentences per summary")
	slugTitle := fs.Bool("slug-title", false, "give the URL slug as the article title (the records carry none)")
	tune := fs.Bool("tune", false, "fit the weights on all articles and print them as Go for digest/summary/weights.go")
	bags := fs.Int("bags", 1, "average each fit over this many bootstrap resamples")
	verbose := fs.Bool("v", false, "print each article where ours differs from Lead-3")
	unseen := fs.Int("unseen", 0, "leave this fold (1..5) out of every figure and listing: a fold kept unseen while rules are written")
	resplits := fs.Int("resplits", 0, "also print how the shipped rule's margin spreads over this many random 5-fold re-splits")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" {
		p, err := evaldata.Path("summarization", "cnndm-dev.jsonl")
		if err != nil {
			return err
		}
		*data = p
	}
	raw, err := eval.LoadSummaryDocs(*data)
	if err != nil {
		return err
	}
	docs := withoutFold(prepareSummaryDocs(raw), *unseen)

	if *tune {
		w := fitSummaryWeights(docs, *n, *bags)
		fmt.Fprintln(stdout, "var DefaultWeights = Weights{")
		for i, v := range w {
			fmt.Fprintf(stdout, "\tFeat%s: %.4g,\n", exportName(summary.FeatureNames[i]), v)
		}
		fmt.Fprintln(stdout, "}")
		return nil
	}

	title := func(d *summaryDoc) string {
		if *slugTitle {
			return d.slug
		}
		return ""
	}
	pickOurs := func(d *summaryDoc) []sentence.Sentence {
		return summary.Select(title(d), d.doc.Text, d.sents, *n)
	}
	lead := scoreSummaries(docs, func(d *summaryDoc) []sentence.Sentence { return d.lead(*n) })
	ours := scoreSummaries(docs, pickOurs)

	if *verbose {
		printSummaryDiffs(stdout, docs, *n, *unseen, pickOurs)
	}
	titleNote := "no title (the records have none)"
	if *slugTitle {
		titleNote = "title = URL slug"
	}
	fmt.Fprintf(stdout, "summary: %d articles from %s, %d sentences, %s\n", len(docs), *data, *n, titleNote)
	if *unseen > 0 {
		fmt.Fprintf(stdout, "fold %d is kept unseen: its articles are in no figure below\n", *unseen)
	}
	fmt.Fprintln(stdout, "ROUGE F1 (P/R) x100: lowercase, [a-z0-9]+ tokens, no stemming, ROUGE-L summary-level (rougeLsum)")
	fmt.Fprintf(stdout, "%-24s %-22s %-22s %-22s\n", "system", "ROUGE-1", "ROUGE-2", "ROUGE-L")
	printRougeRow(stdout, "Lead-3 (same splitter)", lead)
	printRougeRow(stdout, "digest/summary", ours)
	printRougeDelta(stdout, "ours - Lead-3", ours, lead)
	fmt.Fprintf(stdout, "%-24s %-22.2f %-22.2f %-22.2f (full CNN/DM test set, published)\n",
		"Lead-3 anchor", lead3AnchorR1, lead3AnchorR2, lead3AnchorRL)

	printSummaryCV(stdout, docs, *n, *slugTitle, *bags)
	if *resplits > 0 {
		printResplitSpread(stdout, docs, *n, *resplits)
	}

	wall, cpu := timeSummaries(docs, *n, title)
	fmt.Fprintf(stdout, "speed: split + select per article: %v wall, %v CPU (this process, all threads)\n", wall, cpu)
	return nil
}

// timeSummaries runs split + select over every article a few times and
// returns the mean wall and CPU time per article; CPU time is the fairer
// figure on a shared machine.
func timeSummaries(docs []summaryDoc, n int, title func(*summaryDoc) string) (wall, cpu time.Duration) {
	const reps = 20
	cpu0 := processCPU()
	start := time.Now()
	for range reps {
		for i := range docs {
			summary.Select(title(&docs[i]), docs[i].doc.Text, sentence.Split(docs[i].doc.Text), n)
		}
	}
	runs := time.Duration(reps * len(docs))
	return time.Since(start) / runs, (processCPU() - cpu0) / runs
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func printSummaryDiffs(w io.Writer, docs []summaryDoc, n, unseen int, pick func(*summaryDoc) []sentence.Sentence) {
	for i := range docs {
		d := &docs[i]
		if d.index%cvFolds == unseen-1 {
			continue
		}
		l, o := d.lead(n), pick(d)
		ls, os := scoreOne(d, l), scoreOne(d, o)
		if ls == os {
			continue
		}
		fmt.Fprintf(w, "== fold %d %s R1 %+.1f RL %+.1f\n", d.index%cvFolds+1, d.doc.ID, 100*(os.R1.F1-ls.R1.F1), 100*(os.RL.F1-ls.RL.F1))
		for _, r := range d.doc.Reference {
			fmt.Fprintf(w, "  REF  %s\n", r)
		}
		for _, s := range l {
			fmt.Fprintf(w, "  LEAD %s\n", s.Text)
		}
		for _, s := range o {
			fmt.Fprintf(w, "  OURS %s\n", s.Text)
		}
	}
}

// withoutFold drops the articles of fold (1..cvFolds; 0 drops none), so a
// fold kept unseen while rules are written cannot steer them even through
// a pooled figure or another fold's training part.
func withoutFold(docs []summaryDoc, fold int) []summaryDoc {
	if fold <= 0 {
		return docs
	}
	return slices.DeleteFunc(docs, func(d summaryDoc) bool { return d.index%cvFolds == fold-1 })
}

func exportName(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

func prepareSummaryDocs(raw []eval.SummaryDoc) []summaryDoc {
	docs := make([]summaryDoc, len(raw))
	for i, d := range raw {
		sd := summaryDoc{
			doc:   d,
			index: i,
			slug:  urlSlugTitle(d.URL),
			sents: sentence.Split(d.Text),
			ref:   eval.RougeTokenizeSentences(d.Reference),
		}
		sd.plain = summary.Candidates("", d.Text, sd.sents)
		sd.slugd = summary.Candidates(sd.slug, d.Text, sd.sents)
		docs[i] = sd
	}
	return docs
}

// urlSlugTitle turns ".../article-123/Gary-Locke-set-confirmed.html" into
// "Gary Locke set confirmed": news URLs carry the headline as a slug.
func urlSlugTitle(raw string) string {
	if i := strings.LastIndex(raw, "http://"); i > 0 {
		raw = raw[i:] // web.archive.org wraps the original URL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	best := ""
	for part := range strings.SplitSeq(strings.Trim(u.Path, "/"), "/") {
		part = strings.TrimSuffix(part, path.Ext(part))
		if strings.Count(part, "-") > strings.Count(best, "-") {
			best = part
		}
	}
	if strings.Count(best, "-") < 2 {
		return ""
	}
	return strings.ReplaceAll(best, "-", " ")
}

func scoreOne(d *summaryDoc, sents []sentence.Sentence) eval.RougeScores {
	texts := make([]string, len(sents))
	for i, s := range sents {
		texts[i] = s.Text
	}
	return eval.RougeTokens(eval.RougeTokenizeSentences(texts), d.ref)
}

func scoreSummaries(docs []summaryDoc, pick func(*summaryDoc) []sentence.Sentence) eval.RougeScores {
	var m eval.RougeMean
	for i := range docs {
		m.Add(scoreOne(&docs[i], pick(&docs[i])))
	}
	return m.Mean()
}

func printRougeRow(w io.Writer, name string, s eval.RougeScores) {
	cell := func(x eval.RougeScore) string {
		return fmt.Sprintf("%.2f (%.1f/%.1f)", 100*x.F1, 100*x.Precision, 100*x.Recall)
	}
	fmt.Fprintf(w, "%-24s %-22s %-22s %-22s\n", name, cell(s.R1), cell(s.R2), cell(s.RL))
}

func printRougeDelta(w io.Writer, name string, a, b eval.RougeScores) {
	fmt.Fprintf(w, "%-24s %-22s %-22s %-22s\n", name,
		fmt.Sprintf("%+.2f", 100*(a.R1.F1-b.R1.F1)),
		fmt.Sprintf("%+.2f", 100*(a.R2.F1-b.R2.F1)),
		fmt.Sprintf("%+.2f", 100*(a.RL.F1-b.RL.F1)))
}

// fitSummaryWeights fits in two stages. The records have no title, so all
// weights but the title's are fitted without one, from a neutral start
// (lead position only); then the title weight alone is fitted with the URL
// slug standing in for the headline.
func fitSummaryWeights(docs []summaryDoc, n, bags int) summary.Weights {
	var allButTitle, titleOnly [summary.NumFeatures]bool
	for i := range allButTitle {
		allButTitle[i] = i != summary.FeatTitle
	}
	titleOnly[summary.FeatTitle] = true
	start := summary.Weights{summary.FeatPosition: 1}
	w := bagWeights(docs, start, n, bags, false, allButTitle)
	return bagWeights(docs, w, n, bags, true, titleOnly)
}

// bagWeights averages tuneWeights over bootstrap resamples of docs, which
// steadies weights fitted on a hundred-odd articles.
func bagWeights(docs []summaryDoc, start summary.Weights, n, bags int, withTitle bool, tunable [summary.NumFeatures]bool) summary.Weights {
	if bags <= 1 {
		return tuneWeights(docs, start, n, withTitle, tunable)
	}
	rng := rand.New(rand.NewPCG(1, uint64(len(docs))))
	var sum summary.Weights
	for range bags {
		sample := make([]summaryDoc, len(docs))
		for i := range sample {
			sample[i] = docs[rng.IntN(len(docs))]
		}
		w := tuneWeights(sample, start, n, withTitle, tunable)
		for j := range sum {
			sum[j] += w[j] / float64(bags)
		}
	}
	return sum
}

// tuneWeights fits the tunable weights by coordinate ascent on mean
// ROUGE-1 F1 + ROUGE-L F1 over docs: each pass tries a few steps on every
// weight in turn and keeps a step only if it helps.
func tuneWeights(docs []summaryDoc, start summary.Weights, n int, withTitle bool, tunable [summary.NumFeatures]bool) summary.Weights {
	tokens := make([]map[int][]string, len(docs)) // candidate tokens by doc and start offset
	objective := func(w summary.Weights) float64 {
		total := 0.0
		for i := range docs {
			d := &docs[i]
			if tokens[i] == nil {
				tokens[i] = map[int][]string{}
			}
			var cand [][]string
			for _, s := range summary.SelectWith(w, summary.Limits{}, d.cands(withTitle), n) { // the model as issue 3 fitted it
				t, ok := tokens[i][s.Start]
				if !ok {
					t = eval.RougeTokenize(s.Text)
					tokens[i][s.Start] = t
				}
				if len(t) > 0 {
					cand = append(cand, t)
				}
			}
			sc := eval.RougeTokens(cand, d.ref)
			total += sc.R1.F1 + sc.RL.F1
		}
		return total / float64(len(docs))
	}
	w := start
	best := objective(w)
	steps := []float64{-1, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1}
	for pass := 0; pass < 6; pass++ {
		improved := false
		for j := range w {
			if !tunable[j] {
				continue
			}
			for _, st := range steps {
				trial := w
				trial[j] += st
				if v := objective(trial); v > best+1e-9 {
					best, w, improved = v, trial, true
				}
			}
		}
		if !improved {
			break
		}
	}
	return w
}
