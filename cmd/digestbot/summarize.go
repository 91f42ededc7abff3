package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/internal/redact"
	"github.com/digestbot/digestbot/internal/story"
)

func init() {
	commands["summarize"] = command{
		usage: "summarize [--json] [--sentences N] [--with-text] [--all] URL|FILE|-",
		about: "summarise one article (also --jsonl: a batch on stdin)",
		run:   runSummarize,
	}
}

// Input caps. A page is cut where the article extractor would cut it anyway,
// and plain text well past the digest's own window (its first 256 KiB), so a
// huge file costs a bounded read, not its size in memory several times over.
const (
	maxHTMLInput = article.DefaultMaxBytes
	maxTextInput = 1 << 20
	// maxLine bounds one --jsonl request. Its text is used exactly as given
	// (offsets index it), so it cannot be cut; a longer line is answered
	// with an error and skipped without being held in memory.
	maxLine = 16 << 20
)

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
	log      *slog.Logger
}

func runSummarize(ctx context.Context, env *cli, args []string) error {
	fs := env.flags("summarize")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	jsonl := fs.Bool("jsonl", false, "read JSONL requests on stdin, write one JSON result per line")
	withText := fs.Bool("with-text", false, "include the article text in JSON output")
	sentences := fs.Int("sentences", 0, "summary sentences (default from config, 3)")
	all := fs.Bool("all", false, "list every quote and every actor found, not the card's selection")
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
	fetcher := articleFetcher(c, newFetch(c))
	s := summarizer{opts: digest.Options{Sentences: *sentences, All: *all}, withText: *withText, fetch: fetcher.Fetch, log: env.logger(c)}
	if *jsonl {
		batchGC(env.getenv)
		return s.batch(ctx, env.stdin, env.stdout)
	}
	a, err := s.load(ctx, pos[0], env.stdin, env.stderr)
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

// batchGOGC is the collector's setting for a --jsonl batch: the heap may
// grow to five times what is live before a collection.
const batchGOGC = 400

// batchGC sets batchGOGC unless GOGC is set. A batch digests article after
// article over a small live heap (about 5 MB: the tagger reads its weights
// from the binary, outside the heap), so at the default GOGC=100 the
// collector ran every dozen articles, for 9% of a 123-article run's
// instructions; at 400 it costs 3%, and peak RSS goes from 37 to
// 58 MB. A bot process keeps the default.
func batchGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(batchGOGC)
	}
}

// load reads one article from a URL, a file or stdin ("-"). A file's content
// decides how it is read, as for a page fetched from a URL: HTML is
// extracted, text is used as it is, anything else is refused.
func (s summarizer) load(ctx context.Context, src string, stdin io.Reader, warn io.Writer) (article.Article, error) {
	if strings.Contains(src, "://") {
		return s.fetch(ctx, src) // the fetcher refuses schemes other than http(s)
	}
	var in io.Reader = stdin
	if src != "-" {
		f, err := os.Open(src)
		if errors.Is(err, fs.ErrNotExist) && looksLikeAddress(src) {
			return article.Article{}, fmt.Errorf("no file %s; for a web page give the full address: https://%s", src, src)
		}
		if err != nil {
			return article.Article{}, err
		}
		defer f.Close()
		in = f
	}
	r := bufio.NewReaderSize(in, 4096)
	head, err := r.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return article.Article{}, fmt.Errorf("read %s: %w", src, err)
	}
	isHTML, contentType := sniff(head, src)
	if contentType != "" {
		return article.Article{}, fmt.Errorf("%s: content type %q: %w", src, contentType, article.ErrNotHTML)
	}
	limit := int64(maxTextInput)
	if isHTML {
		limit = maxHTMLInput
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return article.Article{}, fmt.Errorf("read %s: %w", src, err)
	}
	if int64(len(data)) > limit {
		data = data[:limit]
		fmt.Fprintf(warn, "digestbot: %s is longer than %d KiB; summarising its first %d KiB\n", src, limit>>10, limit>>10)
	}
	if !isHTML {
		return textArticle(string(data)), nil
	}
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

// sniff decides from the first bytes whether input is HTML or text, like
// http.DetectContentType does for a page whose server named no type. Text
// that starts with a tag is HTML too (DetectContentType knows only some tags),
// as is text in a file named .html. For anything else it returns the
// detected type, to refuse it: binary data summarised as text gives control
// characters as names.
func sniff(head []byte, name string) (isHTML bool, refused string) {
	detected := http.DetectContentType(head)
	mediaType, _, _ := mime.ParseMediaType(detected)
	switch {
	case mediaType == "text/html" || mediaType == "text/xml":
		return true, ""
	case strings.HasPrefix(mediaType, "text/"):
		ext := strings.ToLower(filepath.Ext(name))
		startsWithTag := bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"), []byte("<"))
		return startsWithTag || ext == ".html" || ext == ".htm", ""
	}
	return false, detected
}

// looksLikeAddress reports whether a missing file's name was probably meant
// as a web address without its scheme: "example.com/news" or "www.example.com",
// but not "notes.txt" or "data/notes.txt".
func looksLikeAddress(src string) bool {
	host, path, hasPath := strings.Cut(src, "/")
	dotted := strings.Contains(host, ".") && !strings.HasPrefix(host, ".")
	return dotted && !strings.ContainsAny(src, " \\") && (hasPath && path != "" || strings.HasPrefix(host, "www."))
}

// textArticle wraps plain text as given: offsets in the output index it;
// its title is inferred from its first line.
// Language reads only the first few thousand words, but splits all of its
// input first; a prefix keeps a 16 MiB request from costing its size again.
func textArticle(text string) article.Article {
	head := text
	if len(head) > 64<<10 {
		cut := 64 << 10
		for cut > 0 && !utf8.RuneStart(head[cut]) {
			cut--
		}
		head = head[:cut]
	}
	return article.Article{Text: text, Title: inferredTitle(head), Language: digest.Language(head)}
}

// inferredTitle is the headline of plain text, its first line when that
// reads as one (digest.InferBlocks), so the card prints a headline. The
// head of the text is enough: a title is its first line.
func inferredTitle(head string) string {
	for _, b := range digest.InferBlocks("", head) {
		if b.Kind == digest.Title {
			return strings.TrimSpace(head[b.Start:b.End])
		}
	}
	return ""
}

func (s summarizer) digest(a article.Article) summaryJSON {
	st := story.Make(a, s.opts)
	story.LogTrouble(s.log, st)
	out := summaryJSON{
		URL: redact.URL(st.URL), Title: st.Title, Site: st.Site, Language: st.Language,
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
// gets {"id","error"} and the run goes on. A request without an id gets
// "id": null, so every output line has one.
func (s summarizer) batch(ctx context.Context, in io.Reader, w io.Writer) error {
	out := bufio.NewWriter(w)
	defer out.Flush()
	enc := json.NewEncoder(out)
	r := bufio.NewReaderSize(in, 64<<10)
	for {
		raw, tooLong, err := readLine(r, maxLine)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read stdin: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		line := bytes.TrimSpace(raw)
		if len(line) == 0 && !tooLong {
			continue
		}
		if err := enc.Encode(s.answer(ctx, line, tooLong)); err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return err
		}
	}
}

// answer is the output object for one request line.
func (s summarizer) answer(ctx context.Context, line []byte, tooLong bool) any {
	if tooLong {
		return batchError{ID: leadingID(line), Error: "line too long"}
	}
	var req batchRequest
	if err := json.Unmarshal(line, &req); err != nil {
		return batchError{ID: req.ID, Error: "not a JSON object: " + err.Error()}
	}
	if req.ID == nil {
		req.ID = json.RawMessage("null")
	}
	a, err := s.request(ctx, req)
	if err != nil {
		return batchError{ID: req.ID, Error: redact.Text(err.Error())}
	}
	r := s.digest(a)
	r.ID = req.ID
	return r
}

// readLine returns the next line. A line longer than limit is read to its
// end but only its first idPrefix bytes are kept (for leadingID), so memory
// stays bounded by limit whatever the input.
func readLine(r *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	const idPrefix = 64 << 10
	for {
		chunk, err := r.ReadSlice('\n')
		switch {
		case tooLong:
		case len(line)+len(chunk) <= limit:
			line = append(line, chunk...)
		default:
			tooLong = true
			line = append(line, chunk[:max(0, min(len(chunk), idPrefix-len(line)))]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if errors.Is(err, io.EOF) && (len(line) > 0 || tooLong) {
			return line, tooLong, nil
		}
		return line, tooLong, err
	}
}

// leadingID reads "id" from the start of a request that was cut, when it is
// the first key as in {"id":7,"text":…}; otherwise the id is null.
func leadingID(prefix []byte) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(prefix))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return json.RawMessage("null")
	}
	if key, err := dec.Token(); err != nil || key != "id" {
		return json.RawMessage("null")
	}
	var id json.RawMessage
	if err := dec.Decode(&id); err != nil {
		return json.RawMessage("null")
	}
	return id
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
	if line := story.ActorsLine(story.Actors(s.Actors), 0, strings.TrimSpace); line != "" {
		fmt.Fprintln(bw, "\n"+line)
	}
}
