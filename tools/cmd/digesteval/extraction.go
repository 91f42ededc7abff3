package main

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/tools/eval"
	"github.com/digestbot/digestbot/tools/evaldata"
)

func init() {
	register("extraction", "article text extraction P/R/F1 on evaldata/extraction: ours, go-trafilatura, go-readability", runExtraction)
}

// extractor turns a page into plain text. The two libraries run exactly as
// the Zyte benchmark's Go harnesses run them, so their figures compare with
// the published ones.
type extractor struct {
	name string
	run  func(page []byte, pageURL string) (string, error)
}

var extractors = []extractor{
	{"ours", func(page []byte, pageURL string) (string, error) {
		a, err := article.Extract(page, pageURL)
		return a.Text, err
	}},
	{"go-trafilatura", func(page []byte, _ string) (string, error) {
		doc, err := html.Parse(bytes.NewReader(page))
		if err != nil {
			return "", err
		}
		res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{EnableFallback: true})
		if err != nil {
			return "", err
		}
		return res.ContentText, nil
	}},
	{"go-readability", func(page []byte, pageURL string) (string, error) {
		doc, err := html.Parse(bytes.NewReader(page))
		if err != nil {
			return "", err
		}
		u, err := url.Parse(pageURL)
		if err != nil {
			return "", err
		}
		parser := readability.NewParser()
		art, err := parser.ParseAndMutate(doc, u)
		if err != nil || art.Node == nil {
			return "", err
		}
		var sb strings.Builder
		err = art.RenderText(&sb)
		return sb.String(), err
	}},
}

func runExtraction(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("extraction", flag.ContinueOnError)
	dir := fs.String("data", "", "extraction data directory (default: evaldata/extraction)")
	perPage := fs.Bool("pages", false, "print each page's P/R/F1 and time, worst first")
	split := fs.String("split", "all", "pages to score, by position in id order: all, even (0, 2, …; for tuning) or odd (held out)")
	rdDir := fs.String("readability", "", "score instead against a copy of Mozilla Readability's test pages in this directory (<name>/source.html, expected.html)")
	list := fs.String("list", "", "with -readability: a file naming the pages to score, one a line (default: all)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var pages []eval.ExtractionPage
	var err error
	if *rdDir != "" {
		if _, statErr := os.Stat(*rdDir); errors.Is(statErr, os.ErrNotExist) {
			fmt.Fprintf(stdout, "extraction: skipped: no Readability test pages at %s\n", *rdDir)
			return nil
		}
		pages, err = eval.LoadReadabilityPages(*rdDir, *list)
		*dir, *split = *rdDir, cmp.Or(*list, "all")
		fmt.Fprintf(stdout, "reference: the text of Readability.js's expected.html (a reference extraction, not ground truth)\n")
	} else {
		pages, err = extractionPages(dir, *split)
	}
	if err != nil {
		return err
	}
	if len(pages) == 0 {
		return fmt.Errorf("extraction: no pages in %s", *dir)
	}
	fmt.Fprintf(stdout, "extraction: %d pages (%s) from %s (metric: Zyte article-extraction-benchmark, 4-token shingles)\n\n", len(pages), *split, *dir)
	results := scoreExtractors(pages)
	printExtractionSummary(stdout, results, len(pages))
	if *perPage {
		printExtractionPages(stdout, pages, results)
	}
	if *rdDir == "" {
		fmt.Fprintln(stdout, "\npublished F1 on the full Zyte set: go-trafilatura 0.960, Readability.js 0.947, readeck go-readability 0.947, go-readability 0.934")
	} else {
		fmt.Fprintln(stdout, "\ngo-readability is a port of Readability.js, the reference's own algorithm, so it is favoured here")
	}
	fmt.Fprintln(stdout, "errors count pages an extractor refused (ours: ErrNoArticle etc.); those pages score zero")
	return nil
}

// pageResult is one extractor's score and time on one page.
type pageResult struct {
	c eval.ExtractionCounts
	s eval.ExtractionScores
	d time.Duration
}

// extractorResults are one extractor's results on every page, in page
// order, with the bytes it allocated and the pages it refused.
type extractorResults struct {
	pages  []pageResult
	allocs uint64
	errs   int
}

// scoreExtractors runs every extractor on every page. Pages run in the
// outer loop so that the extractors share whatever load the machine is
// under; allocation is counted around each call.
func scoreExtractors(pages []eval.ExtractionPage) []extractorResults {
	out := make([]extractorResults, len(extractors))
	var before, after runtime.MemStats
	for _, p := range pages {
		for k, ex := range extractors {
			runtime.ReadMemStats(&before)
			start := time.Now()
			text, err := ex.run(p.HTML, p.URL)
			d := time.Since(start)
			runtime.ReadMemStats(&after)
			out[k].allocs += after.TotalAlloc - before.TotalAlloc
			if err != nil {
				out[k].errs++
			}
			c := eval.ExtractionMatch(p.Body, text)
			out[k].pages = append(out[k].pages, pageResult{c, eval.ExtractionSummary([]eval.ExtractionCounts{c}), d})
		}
	}
	return out
}

// printExtractionSummary prints each extractor's averages and timings.
func printExtractionSummary(stdout io.Writer, results []extractorResults, n int) {
	fmt.Fprintf(stdout, "%-15s %9s %7s %6s %9s %8s %8s %8s %9s %6s\n",
		"extractor", "precision", "recall", "F1", "ms/page", "p50 ms", "p95 ms", "max ms", "MB/page", "errors")
	for k, ex := range extractors {
		var total time.Duration
		counts := make([]eval.ExtractionCounts, len(results[k].pages))
		durations := make([]time.Duration, len(results[k].pages))
		for i, r := range results[k].pages {
			counts[i], durations[i] = r.c, r.d
			total += r.d
		}
		slices.Sort(durations)
		s := eval.ExtractionSummary(counts)
		fmt.Fprintf(stdout, "%-15s %9.3f %7.3f %6.3f %9.2f %8.2f %8.2f %8.2f %9.1f %6d\n", ex.name, s.Precision, s.Recall, s.F1,
			ms(total)/float64(n), ms(durations[len(durations)/2]), ms(durations[len(durations)*95/100]), ms(durations[len(durations)-1]),
			float64(results[k].allocs)/float64(n)/(1<<20), results[k].errs)
	}
}

// printExtractionPages prints every page's precision, recall and F1 for
// each extractor, ours worst first.
func printExtractionPages(stdout io.Writer, pages []eval.ExtractionPage, results []extractorResults) {
	fmt.Fprintf(stdout, "\nper page, worst F1 of ours first (P R F1 ms per extractor):\n%-28s", "page")
	for _, ex := range extractors {
		fmt.Fprintf(stdout, " %27s", ex.name)
	}
	fmt.Fprintln(stdout)
	order := make([]int, len(pages))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(results[0].pages[a].s.F1, results[0].pages[b].s.F1) })
	for _, i := range order {
		fmt.Fprintf(stdout, "%-28.28s", pages[i].ID)
		for k := range extractors {
			r := results[k].pages[i]
			fmt.Fprintf(stdout, "   %5.3f %5.3f %5.3f %6.1f", r.s.Precision, r.s.Recall, r.s.F1, ms(r.d))
		}
		fmt.Fprintln(stdout)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// extractionPages loads the extraction pages of split from *dir, setting
// *dir to evaldata's extraction folder when it is empty.
func extractionPages(dir *string, split string) ([]eval.ExtractionPage, error) {
	if *dir == "" {
		d, err := evaldata.Path("extraction")
		if err != nil {
			return nil, err
		}
		*dir = d
	}
	pages, err := eval.LoadExtractionPages(*dir)
	if err != nil {
		return nil, err
	}
	return eval.SplitExtractionPages(pages, split)
}
