package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/internal/story"
)

func init() {
	commands["summarize"] = command{
		usage: "summarize [--json] [--sentences N] [--with-text] URL|FILE|-",
		about: "summarise one article (also --jsonl: a batch on stdin)",
		run:   runSummarize,
	}
}

// maxInput bounds what summarize reads from a file or stdin, like the page cap
// for URLs.
const maxInput = 64 << 20

// summaryJSON is the --json/--jsonl output contract; other tools read it, so
// fields are only ever added.
type summaryJSON struct {
	ID        json.RawMessage `json:"id,omitempty"`
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Site      string          `json:"site"`
	Published string          `json:"published"`
	Language  string          `json:"language"`
	Summary   []string        `json:"summary"`
	Quotes    []digest.Quote  `json:"quotes"`
	Actors    []digest.Actor  `json:"actors"`
	Text      *string         `json:"text,omitempty"`
}

type summarizer struct {
	opts     digest.Options
	withText bool
	fetch    func(ctx context.Context, url string) (article.Article, error)
}

func runSummarize(ctx context.Context, env *cli, args []string) error {
	fs := env.flags("summarize")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	jsonl := fs.Bool("jsonl", false, "read JSONL requests on stdin, write one JSON result per line")
	withText := fs.Bool("with-text", false, "include the article text in JSON output")
	sentences := fs.Int("sentences", 0, "summary sentences (default from config, 3)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *jsonl != (len(pos) == 0) {
		return usageError{"give exactly one URL, FILE or -, or --jsonl with requests on stdin"}
	}
	c, err := env.config()
	if err != nil {
		return err
	}
	if *sentences == 0 {
		*sentences = c.SummarySentences
	}
	if *sentences < 1 || *sentences > 10 {
		return usageError{"--sentences must be between 1 and 10"}
	}
	fetcher := articleFetcher(c, httpClient(c))
	s := summarizer{opts: digest.Options{Sentences: *sentences}, withText: *withText, fetch: fetcher.Fetch}
	if *jsonl {
		return s.batch(ctx, env.stdin, env.stdout)
	}
	a, err := s.load(ctx, pos[0], env.stdin)
	if err != nil {
		return err
	}
	out := s.digest(a)
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printSummary(env.stdout, out)
	return nil
}

// load reads one article from a URL, a file (.html/.htm as a page, anything
// else as text) or stdin ("-": a page if it starts with '<').
func (s summarizer) load(ctx context.Context, src string, stdin io.Reader) (article.Article, error) {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		return s.fetch(ctx, src)
	}
	var data []byte
	var err error
	if src == "-" {
		data, err = io.ReadAll(io.LimitReader(stdin, maxInput+1))
	} else {
		data, err = readFileLimited(src)
	}
	if err != nil {
		return article.Article{}, err
	}
	if len(data) > maxInput {
		return article.Article{}, fmt.Errorf("%s is larger than %d MiB", src, maxInput>>20)
	}
	ext := strings.ToLower(filepath.Ext(src))
	isHTML := ext == ".html" || ext == ".htm" || (src == "-" && bytes.HasPrefix(bytes.TrimSpace(data), []byte("<")))
	if isHTML {
		pageURL := ""
		if src != "-" {
			pageURL = "file://" + src
		}
		a, err := article.Extract(data, pageURL)
		if err != nil {
			return a, fmt.Errorf("%s: %w", src, err)
		}
		return a, nil
	}
	return textArticle(string(data)), nil
}

func readFileLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxInput+1))
}

// textArticle wraps plain text as given: offsets in the output index it.
func textArticle(text string) article.Article {
	return article.Article{Text: text, Language: digest.Language(text)}
}

func (s summarizer) digest(a article.Article) summaryJSON {
	st := story.Make(a, s.opts)
	out := summaryJSON{
		URL: st.URL, Title: st.Title, Site: st.Site, Language: st.Language,
		Summary: st.Summary, Quotes: st.Quotes, Actors: st.Actors,
	}
	if !st.Published.IsZero() {
		out.Published = st.Published.UTC().Format(time.RFC3339)
	}
	// Empty lists, not null, so consumers can iterate without checks.
	if out.Summary == nil {
		out.Summary = []string{}
	}
	if out.Quotes == nil {
		out.Quotes = []digest.Quote{}
	}
	if out.Actors == nil {
		out.Actors = []digest.Actor{}
	}
	if s.withText {
		out.Text = &a.Text
	}
	return out
}

// batchRequest is one --jsonl input line.
type batchRequest struct {
	ID   json.RawMessage `json:"id"`
	Text *string         `json:"text"`
	HTML *string         `json:"html"`
	URL  string          `json:"url"`
}

// batch answers each input line with one output line, in order; a bad line
// gets {"id","error"} and the run goes on.
func (s summarizer) batch(ctx context.Context, in io.Reader, w io.Writer) error {
	out := bufio.NewWriter(w)
	defer out.Flush()
	enc := json.NewEncoder(out)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 1<<20), maxInput)
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var req batchRequest
		var res any
		if err := json.Unmarshal(line, &req); err != nil {
			res = batchError{ID: req.ID, Error: "not a JSON object: " + err.Error()}
		} else if a, err := s.request(ctx, req); err != nil {
			res = batchError{ID: req.ID, Error: err.Error()}
		} else {
			r := s.digest(a)
			r.ID = req.ID
			res = r
		}
		if err := enc.Encode(res); err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	return nil
}

type batchError struct {
	ID    json.RawMessage `json:"id"`
	Error string          `json:"error"`
}

func (s summarizer) request(ctx context.Context, req batchRequest) (article.Article, error) {
	switch {
	case req.Text != nil:
		return textArticle(*req.Text), nil
	case req.HTML != nil:
		return article.Extract([]byte(*req.HTML), req.URL)
	case req.URL != "":
		return s.fetch(ctx, req.URL)
	}
	return article.Article{}, errors.New(`a line needs "text", "html" or "url"`)
}

func printSummary(w io.Writer, s summaryJSON) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	if s.Title != "" {
		fmt.Fprintln(bw, s.Title)
	}
	var meta []string
	for _, m := range []string{s.Site, s.Published, s.URL} {
		if m != "" {
			meta = append(meta, m)
		}
	}
	if len(meta) > 0 {
		fmt.Fprintln(bw, strings.Join(meta, " · "))
	}
	if s.Title != "" || len(meta) > 0 {
		fmt.Fprintln(bw)
	}
	if len(s.Summary) == 0 {
		fmt.Fprintln(bw, "No summary: the text has no sentences to pick.")
	}
	for _, sn := range s.Summary {
		fmt.Fprintln(bw, "• "+sn)
	}
	if len(s.Quotes) > 0 {
		fmt.Fprintln(bw, "\nQuotes")
		for _, q := range story.Statements(s.Quotes) {
			fmt.Fprintf(bw, "“%s”%s\n", q.Text, q.Attribution())
		}
	}
	if line := story.ActorsLine(s.Actors); line != "" {
		fmt.Fprintln(bw, "\n"+line)
	}
}
