package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"io"
	"net/url"
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
	perPage := fs.Bool("pages", false, "print each page's F1 and time, worst first")
	split := fs.String("split", "all", "pages to score, by position in id order: all, even (0, 2, …; for tuning) or odd (held out)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pages, err := extractionPages(dir, *split)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "extraction: %d pages (%s) from %s (metric: Zyte article-extraction-benchmark, 4-token shingles)\n\n", len(pages), *split, *dir)
	fmt.Fprintf(stdout, "%-15s %9s %7s %6s %9s %8s %8s %8s %9s %6s\n",
		"extractor", "precision", "recall", "F1", "ms/page", "p50 ms", "p95 ms", "max ms", "MB/page", "errors")
	type pageResult struct {
		id string
		f1 float64
		d  time.Duration
	}
	// Pages run in the outer loop so that the extractors share whatever load
	// the machine is under; allocation is counted around each call.
	counts := make([][]eval.ExtractionCounts, len(extractors))
	results := make([][]pageResult, len(extractors))
	allocs := make([]uint64, len(extractors))
	errs := make([]int, len(extractors))
	var before, after runtime.MemStats
	for _, p := range pages {
		for k, ex := range extractors {
			runtime.ReadMemStats(&before)
			start := time.Now()
			text, err := ex.run(p.HTML, p.URL)
			d := time.Since(start)
			runtime.ReadMemStats(&after)
			allocs[k] += after.TotalAlloc - before.TotalAlloc
			if err != nil {
				errs[k]++
			}
			c := eval.ExtractionMatch(p.Body, text)
			counts[k] = append(counts[k], c)
			results[k] = append(results[k], pageResult{p.ID, eval.ExtractionSummary([]eval.ExtractionCounts{c}).F1, d})
		}
	}
	for k, ex := range extractors {
		var total time.Duration
		durations := make([]time.Duration, len(results[k]))
		for i, r := range results[k] {
			durations[i] = r.d
			total += r.d
		}
		slices.Sort(durations)
		s := eval.ExtractionSummary(counts[k])
		n := float64(len(pages))
		fmt.Fprintf(stdout, "%-15s %9.3f %7.3f %6.3f %9.2f %8.2f %8.2f %8.2f %9.1f %6d\n", ex.name, s.Precision, s.Recall, s.F1,
			ms(total)/n, ms(durations[len(durations)/2]), ms(durations[len(durations)*95/100]), ms(durations[len(durations)-1]),
			float64(allocs[k])/n/(1<<20), errs[k])
	}
	if *perPage {
		fmt.Fprintf(stdout, "\nper page, worst F1 of ours first:\n%-12s", "page")
		for _, ex := range extractors {
			fmt.Fprintf(stdout, " %15s %9s", ex.name+" F1", "ms")
		}
		fmt.Fprintln(stdout)
		order := make([]int, len(pages))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(results[0][a].f1, results[0][b].f1) })
		for _, i := range order {
			fmt.Fprintf(stdout, "%.12s", pages[i].ID)
			for k := range extractors {
				fmt.Fprintf(stdout, " %15.3f %9.2f", results[k][i].f1, ms(results[k][i].d))
			}
			fmt.Fprintln(stdout)
		}
	}
	fmt.Fprintln(stdout, "\npublished F1 on the full Zyte set: go-trafilatura 0.960, Readability.js 0.947, readeck go-readability 0.947, go-readability 0.934")
	fmt.Fprintln(stdout, "errors count pages an extractor refused (ours: ErrNoArticle etc.); those pages score zero")
	return nil
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
