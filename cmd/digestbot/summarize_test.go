package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

const expertsPage = "../../internal/story/testdata/experts.html"

func TestSummarizeJSONContract(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	out := c.ok("summarize", "--json", "--with-text", expertsPage)
	var got struct {
		URL, Title, Site, Published, Language string
		Summary                               []string
		Quotes                                []struct {
			Text, Speaker string
			SpeakerTitle  string `json:"speaker_title"`
			Start, End    int
		}
		Actors []struct {
			Name, Kind string
			Mentions   int
			Spans      [][2]int
		}
		Text *string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not the JSON contract: %v\n%s", err, out)
	}
	if got.Title == "" || got.Site != "The Meridian" || got.Language != "en" || got.Published != "2026-07-14T06:30:00Z" {
		t.Errorf("metadata = %q %q %q %q", got.Title, got.Site, got.Language, got.Published)
	}
	// The summary holds one to three sentences: the card stops at 90 words
	// (summary.DefaultLimits), two on this page.
	if got.Text == nil || len(got.Summary) == 0 || len(got.Summary) > 3 || len(got.Quotes) == 0 || len(got.Actors) == 0 {
		t.Fatalf("missing content: %d sentences, %d quotes, %d actors, text %v", len(got.Summary), len(got.Quotes), len(got.Actors), got.Text != nil)
	}
	text := *got.Text
	for _, s := range got.Summary {
		if !strings.Contains(text, s) {
			t.Errorf("summary sentence not verbatim: %q", s)
		}
	}
	for _, q := range got.Quotes {
		if text[q.Start:q.End] != q.Text {
			t.Errorf("quote offsets do not index the text: %+v", q)
		}
	}
	for _, a := range got.Actors {
		if a.Kind != "person" && a.Kind != "org" && a.Kind != "place" || a.Mentions != len(a.Spans) {
			t.Errorf("actor %+v", a)
		}
	}
	// Without --with-text the text is left out.
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(c.ok("summarize", "--json", expertsPage)), &top); err != nil {
		t.Fatal(err)
	}
	if _, ok := top["text"]; ok {
		t.Error("text printed without --with-text")
	}
}

func TestSummarizeJSONL(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	page, err := os.ReadFile(expertsPage)
	if err != nil {
		t.Fatal(err)
	}
	// Text is used exactly as given: CRLF and double spaces stay, so offsets index it.
	raw := "Officials  said on Monday the bridge would reopen.\r\n\r\n\"We are confident the repairs will hold for decades,\" said Ana Costa, the city's transport chief.\r\nTraffic will be limited at first."
	lines := []string{
		mustJSON(t, map[string]any{"id": 1, "text": raw}),
		`not json at all`,
		mustJSON(t, map[string]any{"id": "page", "html": string(page), "url": "https://meridian.example/grids"}),
		`{"id": 4}`,
		mustJSON(t, map[string]any{"id": 5, "url": "not a url"}),
		mustJSON(t, map[string]any{"id": 6, "text": ""}),
	}
	code, out, errOut := c.runInput(strings.Join(lines, "\n")+"\n", "summarize", "--jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var results []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line is not JSON: %v: %s", err, sc.Text())
		}
		results = append(results, m)
	}
	if len(results) != len(lines) {
		t.Fatalf("%d output lines for %d input lines:\n%s", len(results), len(lines), out)
	}
	wantIDs := []any{1.0, nil, "page", 4.0, 5.0, 6.0}
	wantErr := []bool{false, true, false, true, true, false}
	for i, r := range results {
		if r["id"] != wantIDs[i] {
			t.Errorf("line %d: id %v, want %v", i, r["id"], wantIDs[i])
		}
		if _, isErr := r["error"]; isErr != wantErr[i] {
			t.Errorf("line %d: error present = %v, want %v: %v", i, isErr, wantErr[i], r)
		}
	}
	for _, q := range results[0]["quotes"].([]any) {
		qm := q.(map[string]any)
		start, end := int(qm["start"].(float64)), int(qm["end"].(float64))
		if raw[start:end] != qm["text"] {
			t.Errorf("offsets do not index the given text: %v", qm)
		}
	}
	if results[2]["site"] != "The Meridian" || len(results[2]["summary"].([]any)) == 0 {
		t.Errorf("html line: %v", results[2]["site"])
	}
	if s, ok := results[5]["summary"].([]any); !ok || len(s) != 0 {
		t.Errorf("empty text should give an empty digest, got %v", results[5])
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSummarizeInputs(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	page, _ := os.ReadFile(expertsPage)
	// stdin starting with '<' is a page.
	if out := c.okInput(string(page), "summarize", "-"); !strings.Contains(out, "The Meridian") || !strings.Contains(out, "Quotes") {
		t.Errorf("stdin page:\n%s", out)
	}
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Plain text: its first line, when it reads as a headline, heads the card.
	txt := write("pier.txt", "Council Votes To Reopen The Old Pier\n\nThe town council voted on Tuesday to reopen the old pier after a three-year closure. Repairs cost 2 million pounds, the council said.\n")
	if out := c.ok("summarize", txt); !strings.HasPrefix(out, "Council Votes To Reopen The Old Pier\n\n• The town council voted") {
		t.Errorf("plain text headline:\n%s", out)
	}
	// Bad input: a clear message or an empty digest, never a crash.
	for _, tt := range []struct {
		name, file string
		code       int
		want       string
	}{
		{"empty text", write("empty.txt", ""), 0, "No summary"},
		{"binary junk", write("junk.txt", "\x00\x01\xff\xfe\x89PNG\r\n"+strings.Repeat("\x00", 500)), 1, "not a web page"},
		{"invalid utf-8", write("bad.txt", "The mayor said \xff\xfe the bridge \xc3\x28 would reopen on Monday after repairs."), 0, ""},
		{"page with no article", write("nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>"), 1, "no article text"},
		{"missing file", filepath.Join(dir, "nope.txt"), 1, "no such file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := c.run("summarize", tt.file)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("exit %d (want %d), output %q %q", code, tt.code, out, errOut)
			}
		})
	}
}

func TestSummarizeRefusesPrivateAddresses(t *testing.T) {
	t.Parallel()
	site := newFeedSite(t)
	page, _ := os.ReadFile(expertsPage)
	site.pages["/grids"] = string(page)
	c := newCLI(t)
	if out := c.ok("summarize", site.URL+"/grids"); !strings.Contains(out, "Quotes") {
		t.Errorf("allowed fetch:\n%s", out)
	}
	delete(c.env, "DIGESTBOT_ALLOW_PRIVATE_NETWORKS")
	code, _, errOut := c.run("summarize", site.URL+"/grids")
	if code != 1 || !strings.Contains(errOut, "loopback") {
		t.Errorf("private address: exit %d, %s", code, errOut)
	}
}

func TestDigestCommand(t *testing.T) {
	t.Parallel()
	site := newFeedSite(t)
	site.addFeed("/feed.xml", 2)
	page, _ := os.ReadFile(expertsPage)
	site.pages["/story/0"] = string(page)
	c := newCLI(t)
	c.ok("feeds", "add", site.URL+"/feed.xml")
	site.publish("/feed.xml", "grid-story")
	c.ok("feeds", "poll", "--once", "--all")

	out := c.ok("digest", "--since", "24h", "--topic", `grid -football`)
	for _, want := range []string{"# Digest: 1 story", "## [Story grid-story](" + site.URL + "/story/0)", "rolling blackouts", "Marta Lindqvist"} {
		if !strings.Contains(out, want) {
			t.Errorf("digest lacks %q:\n%s", want, out)
		}
	}
	if out := c.ok("digest", "--topic", "football"); !strings.Contains(out, "No new stories") {
		t.Errorf("non-matching topic:\n%s", out)
	}
	if code, _, errOut := c.run("digest", "--topic", `"unclosed`); code != 1 || !strings.Contains(errOut, "quote") {
		t.Errorf("bad topic: exit %d %s", code, errOut)
	}
}

// okInput runs digestbot with stdin and fails the test unless it exits 0.
func (c *cliEnv) okInput(stdin string, args ...string) string {
	c.t.Helper()
	code, out, errOut := c.runInput(stdin, args...)
	if code != 0 {
		c.t.Fatalf("digestbot %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// TestBatchGC: a batch raises GOGC to batchGOGC, unless the environment
// sets GOGC, which then stays as the runtime read it.
func TestBatchGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	batchGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != batchGOGC {
		t.Errorf("GOGC unset: collector at %d%%, want %d%%", got, batchGOGC)
	}
	batchGC(func(k string) string { return map[string]string{"GOGC": "50"}[k] })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC=50 set: batchGC changed the collector to %d%%", got)
	}
}
