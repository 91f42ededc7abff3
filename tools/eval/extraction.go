// Package eval implements the metrics that evaldata/README.md defines, so that
// every figure digestbot reports is computed the way the benchmarks it cites
// compute theirs.
package eval

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

// ExtractionCounts are one document's shingle true positives, false positives
// and misses, normalised by their sum as the Zyte article-extraction-benchmark
// does so that long articles weigh no more than short ones.
type ExtractionCounts struct {
	TP, FP, FN float64
}

// ExtractionScores are precision and recall averaged over documents and the F1
// of those two averages (not the average of per-document F1s).
type ExtractionScores struct {
	Precision, Recall, F1 float64
	Docs                  int
}

// shingleSize is the benchmark's n-gram length.
const shingleSize = 4

// ExtractionMatch compares an extracted text with the ground-truth body using
// the benchmark's string_shingle_matching: `\w+` tokens, 4-token shingles
// counted as a multiset.
func ExtractionMatch(truth, pred string) ExtractionCounts {
	trueShingles := shingleCounts(truth)
	predShingles := shingleCounts(pred)
	var c ExtractionCounts
	for k, tc := range trueShingles {
		pc := predShingles[k]
		c.TP += float64(min(tc, pc))
		c.FN += float64(max(0, tc-pc))
	}
	for k, pc := range predShingles {
		c.FP += float64(max(0, pc-trueShingles[k]))
	}
	if s := c.TP + c.FP + c.FN; s > 0 {
		c.TP, c.FP, c.FN = c.TP/s, c.FP/s, c.FN/s
	}
	return c
}

// ExtractionSummary averages per-document counts into scores exactly as the
// benchmark's metrics_from_tp_fp_fns: precision over documents with any
// prediction, recall over documents with any truth.
func ExtractionSummary(docs []ExtractionCounts) ExtractionScores {
	var pSum, rSum float64
	var pN, rN int
	for _, c := range docs {
		if c.TP+c.FP > 0 {
			pSum += precisionScore(c)
			pN++
		}
		if c.TP+c.FN > 0 {
			rSum += recallScore(c)
			rN++
		}
	}
	s := ExtractionScores{Docs: len(docs)}
	if pN > 0 {
		s.Precision = pSum / float64(pN)
	}
	if rN > 0 {
		s.Recall = rSum / float64(rN)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

func precisionScore(c ExtractionCounts) float64 {
	switch {
	case c.FP == 0 && c.FN == 0:
		return 1
	case c.TP == 0 && c.FP == 0:
		return 0
	}
	return c.TP / (c.TP + c.FP)
}

func recallScore(c ExtractionCounts) float64 {
	switch {
	case c.FP == 0 && c.FN == 0:
		return 1
	case c.TP == 0 && c.FN == 0:
		return 0
	}
	return c.TP / (c.TP + c.FN)
}

// wordTokens mirrors Python's re.findall(r'\w+') on str: letters, numbers and
// the underscore (combining marks are not word characters there either).
func wordTokens(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
	})
}

// shingleCounts keys shingles by their tokens joined with a separator no
// token can contain. Like the benchmark, a text shorter than one shingle
// yields a single short shingle, and an empty text none.
func shingleCounts(text string) map[string]int {
	tokens := wordTokens(text)
	out := make(map[string]int, len(tokens))
	for i := 0; i < max(1, len(tokens)-shingleSize+1); i++ {
		end := min(i+shingleSize, len(tokens))
		if end <= i {
			break
		}
		out[strings.Join(tokens[i:end], "\x00")]++
	}
	return out
}

// ExtractionPage is one page of the extraction data set.
type ExtractionPage struct {
	ID   string
	URL  string
	Body string // ground-truth article body
	HTML []byte // raw page bytes, gunzipped, in the page's own charset
}

// LoadExtractionPages reads dir/ground-truth.json and dir/html/<id>.html.gz,
// sorted by id so that runs are comparable.
func LoadExtractionPages(dir string) ([]ExtractionPage, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("eval: extraction ground truth: %w", err)
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		return nil, fmt.Errorf("eval: extraction ground truth: %w", err)
	}
	pages := make([]ExtractionPage, 0, len(truth))
	for id, t := range truth {
		b, err := readGzip(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			return nil, fmt.Errorf("eval: extraction page %s: %w", id, err)
		}
		pages = append(pages, ExtractionPage{ID: id, URL: t.URL, Body: t.ArticleBody, HTML: b})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].ID < pages[j].ID })
	return pages, nil
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

// SplitExtractionPages returns the pages at even or odd positions of the
// id-sorted list ("even", "odd"), or all of them ("all" or ""), so that
// extraction rules can be tuned on one half and reported on the other.
func SplitExtractionPages(pages []ExtractionPage, split string) ([]ExtractionPage, error) {
	var parity int
	switch split {
	case "", "all":
		return pages, nil
	case "even":
		parity = 0
	case "odd":
		parity = 1
	default:
		return nil, fmt.Errorf("eval: unknown extraction split %q (want all, even or odd)", split)
	}
	var out []ExtractionPage
	for i, p := range pages {
		if i%2 == parity {
			out = append(out, p)
		}
	}
	return out, nil
}
