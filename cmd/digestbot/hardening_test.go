package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/internal/store"
)

// helpCase is what one help text must say: its usage line, its arguments and
// exactly its own flags.
type helpCase struct {
	args  []string // the command, e.g. feeds add
	argus []string // arguments the text must name; nil: "Takes no arguments"
	flags []string // the command's own flags
}

var helpCases = []helpCase{
	{[]string{"run"}, nil, []string{"shard"}},
	{[]string{"feeds"}, []string{"SUBCOMMAND", "feeds add URL", "feeds remove ID|URL", "feeds import FILE.opml"}, nil},
	{[]string{"feeds", "add"}, []string{"URL"}, []string{"backfill"}},
	{[]string{"feeds", "list"}, nil, nil},
	{[]string{"feeds", "remove"}, []string{"ID|URL"}, nil},
	{[]string{"feeds", "poll"}, nil, []string{"all", "once"}},
	{[]string{"feeds", "import"}, []string{"FILE.opml"}, nil},
	{[]string{"feeds", "export"}, nil, nil},
	{[]string{"summarize"}, []string{"URL", "FILE", "-"}, []string{"all", "json", "jsonl", "sentences", "with-text"}},
	{[]string{"digest"}, nil, []string{"since", "topic"}},
	{[]string{"backup"}, []string{"FILE"}, nil},
	{[]string{"config"}, nil, nil},
}

var flagName = regexp.MustCompile(`--([a-z][a-z-]*)`)

// TestHelpTexts runs every command's --help (and help COMMAND): each works,
// names its arguments, and lists exactly its own flags.
func TestHelpTexts(t *testing.T) {
	c := newCLI(t)
	for _, tc := range helpCases {
		name := strings.Join(tc.args, " ")
		t.Run(name, func(t *testing.T) {
			code, out, errOut := c.run(append(slices.Clone(tc.args), "--help")...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if _, again, _ := c.run(append([]string{"help"}, tc.args...)...); again != out {
				t.Errorf("digestbot help %s differs from --help:\n%s", name, again)
			}
			if !strings.HasPrefix(out, "usage: digestbot "+name) {
				t.Errorf("help does not start with its usage:\n%s", out)
			}
			for _, a := range tc.argus {
				if !strings.Contains(out, a) {
					t.Errorf("help does not name the argument %q:\n%s", a, out)
				}
			}
			if tc.argus == nil && !strings.Contains(out, "Takes no arguments") {
				t.Errorf("help does not say it takes no arguments:\n%s", out)
			}
			usage, _, _ := strings.Cut(out, "\n\n")
			listed := flagsSection(out)
			if !slices.Equal(listed, tc.flags) {
				t.Errorf("flags listed %v, want %v:\n%s", listed, tc.flags, out)
			}
			for _, m := range flagName.FindAllStringSubmatch(usage, -1) {
				if !slices.Contains(tc.flags, m[1]) {
					t.Errorf("usage names --%s, not a flag of %s", m[1], name)
				}
			}
			if strings.Contains(out, "0m0s") {
				t.Errorf("a duration printed the Go way:\n%s", out)
			}
		})
	}
	code, out, _ := c.run("--help")
	if code != 0 {
		t.Fatalf("--help: exit %d", code)
	}
	// The top-level help promises only what exists: every command it lists
	// has a help text, and config says nothing of where settings come from.
	for _, tc := range helpCases {
		if len(tc.args) == 1 && !strings.Contains(out, "  "+tc.args[0]+" ") {
			t.Errorf("top-level help does not list %s", tc.args[0])
		}
	}
	for name := range commands {
		if helps[name] == "" {
			t.Errorf("command %s has no help text", name)
		}
	}
	if strings.Contains(out, "where each comes from") {
		t.Error("top-level help promises config output that does not exist")
	}
	if _, runHelp, _ := c.run("run", "--help"); !strings.Contains(runHelp, "DISCORD_TOKEN") {
		t.Error("run --help does not mention DISCORD_TOKEN")
	}
	if _, digestHelp, _ := c.run("digest", "--help"); !strings.Contains(digestHelp, "(default 24h)") {
		t.Errorf("digest --help does not show --since's default as 24h:\n%s", digestHelp)
	}
}

// flagsSection returns the flag names listed under "flags:".
func flagsSection(help string) []string {
	_, section, ok := strings.Cut(help, "\nflags:\n")
	if !ok {
		return nil
	}
	section, _, _ = strings.Cut(section, "\n\n")
	var names []string
	for _, line := range strings.Split(section, "\n") {
		if m := flagName.FindStringSubmatch(line); m != nil {
			names = append(names, m[1])
		}
	}
	return names
}

func TestBadFlagPointsToHelp(t *testing.T) {
	code, _, errOut := newCLI(t).run("feeds", "add", "--once", "https://example.org/")
	if code != 2 || !strings.Contains(errOut, "not defined: -once") || !strings.Contains(errOut, "digestbot feeds add --help") {
		t.Errorf("a poll flag on feeds add: exit %d, %s", code, errOut)
	}
}

// damagedDB writes a database of a few hundred pages at path.
func damagedDB(t *testing.T, path string) []byte {
	t.Helper()
	st, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		if _, err := st.AddFeed(store.Feed{URL: fmt.Sprintf("https://example.org/%d", i), Title: strings.Repeat("t", 300)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Damaged databases end with an error naming the file and the remedy, never
// a panic or a stack trace, and an empty file is not silently recreated.
func TestDamagedDatabase(t *testing.T) {
	c := newCLI(t)
	if err := os.MkdirAll(filepath.Dir(c.db), 0o700); err != nil {
		t.Fatal(err)
	}
	data := damagedDB(t, c.db)
	hugeVersion := func() {
		db, err := bolt.Open(c.db, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), binary.BigEndian.AppendUint64(nil, 1<<63))
		})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	for _, tt := range []struct {
		name   string
		damage func()
		want   string
	}{
		{"truncated", func() { os.WriteFile(c.db, data[:len(data)/2], 0o600) }, "truncated"},
		{"empty", func() { os.WriteFile(c.db, nil, 0o600) }, "empty"},
		{"huge schema version", func() { os.WriteFile(c.db, data, 0o600); hugeVersion() }, "schema version 9223372036854775808"},
	} {
		for _, args := range [][]string{{"feeds", "list"}, {"digest"}} {
			t.Run(tt.name+"/"+args[0], func(t *testing.T) {
				tt.damage()
				before, _ := os.ReadFile(c.db)
				code, out, errOut := c.run(args...)
				if code != 1 || out != "" {
					t.Errorf("exit %d, stdout %q", code, out)
				}
				for _, want := range []string{c.db, tt.want, "digestbot backup"} {
					if !strings.Contains(errOut, want) {
						t.Errorf("stderr lacks %q: %s", want, errOut)
					}
				}
				if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") {
					t.Errorf("a stack trace: %s", errOut)
				}
				if after, _ := os.ReadFile(c.db); !bytes.Equal(before, after) {
					t.Error("the damaged file was changed")
				}
			})
		}
	}
}

// No URL userinfo reaches the terminal or the logs: poll warnings, feeds poll
// lines, feeds list, and summarize errors.
func TestSecretsInURLsAreRedacted(t *testing.T) {
	site := newFeedSite(t)
	site.addFeed("/a.xml", 2)
	c := newCLI(t)
	secretURL := strings.Replace(site.URL, "http://", "http://usr9:s3cret@", 1) + "/a.xml"
	tokenURL := strings.Replace(site.URL, "http://", "http://T0KEN@", 1) + "/gone"
	var all strings.Builder
	check := func(args ...string) {
		t.Helper()
		_, out, errOut := c.run(args...)
		all.WriteString(out + errOut)
	}
	check("feeds", "add", secretURL)
	site.set("/a.xml", func(f *siteFeed) { f.failing = 500 })
	check("feeds", "poll", "--once", "--all")
	check("feeds", "list")
	check("feeds", "remove", tokenURL)
	check("summarize", strings.Replace(site.URL, "http://", "http://usr9:s3cret@", 1)+"/missing")
	check("summarize", "http://usr9:s3cret@127.0.0.1:1/refused")
	delete(c.env, "DIGESTBOT_ALLOW_PRIVATE_NETWORKS")
	check("summarize", "http://T0KEN@127.0.0.1:1/blocked")
	_, out, _ := c.runInput(`{"id":1,"url":"http://usr9:s3cret@127.0.0.1:1/x"}`+"\n", "summarize", "--jsonl")
	all.WriteString(out)

	got := all.String()
	for _, secret := range []string{"s3cret", "usr9", "T0KEN"} {
		if strings.Contains(got, secret) {
			t.Errorf("output shows %q:\n%s", secret, got)
		}
	}
	for _, want := range []string{"feed poll failed", "failed     http://xxxxx@", "xxxxx@127.0.0.1"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q (did the commands run?):\n%s", want, got)
		}
	}
}

// A --jsonl line over the limit is answered and the run goes on; a request
// without an id gets "id": null, on success too.
func TestSummarizeJSONLLongLineAndMissingID(t *testing.T) {
	long := `{"id":"big","text":"` + strings.Repeat("a", maxLine) + `"}`
	in := long + "\n" + `{"text":"The council voted on Monday to rebuild the old bridge."}` + "\n" + `{"id":3,"text":"Short."}` + "\n"
	code, out, errOut := newCLI(t).runInput(in, "summarize", "--jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d output lines, want 3:\n%.500s", len(lines), out)
	}
	if lines[0] != `{"id":"big","error":"line too long"}` {
		t.Errorf("long line answered %s", lines[0])
	}
	var second map[string]json.RawMessage
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	if id, ok := second["id"]; !ok || string(id) != "null" || second["error"] != nil || second["summary"] == nil {
		t.Errorf("request without id: %s", lines[1])
	}
	if !strings.HasPrefix(lines[2], `{"id":3,`) {
		t.Errorf("the run did not go on: %s", lines[2])
	}
}

// summarize FILE reads by content, not by name, and refuses binary input
// with the message a URL serving it gets.
func TestSummarizeSniffsFiles(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	page, err := os.ReadFile(expertsPage)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	out := c.ok("summarize", write("article", page))
	if !strings.Contains(out, "The Meridian") || strings.Contains(out, "<p") || strings.Contains(out, "</") {
		t.Errorf("extension-less HTML:\n%s", out)
	}
	paragraph := "<p>The council voted on Monday to rebuild the old bridge over the river, after engineers found cracks in two of its piers during an inspection in the spring.</p>\n"
	out = c.ok("summarize", write("fragment", []byte("\n  <article><h1>Bridge</h1>"+strings.Repeat(paragraph, 6)+"</article>")))
	if strings.Contains(out, "<") {
		t.Errorf("HTML that starts with an unusual tag was read as text:\n%s", out)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 7, 200, 13}, 200)...)
	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + strings.Repeat("stream\x00\x01\x02endstream\n", 50))
	for name, data := range map[string][]byte{"photo.png": png, "photo": png, "paper.pdf": pdf, "paper.txt": pdf} {
		code, out, errOut := c.run("summarize", write(name, data))
		if code != 1 || out != "" || !strings.Contains(errOut, article.ErrNotHTML.Error()) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", name, code, out, errOut)
		}
	}
	code, _, errOut := c.run("summarize", "example.com/news/story")
	if code != 1 || !strings.Contains(errOut, "https://example.com/news/story") {
		t.Errorf("a URL without its scheme: exit %d, %s", code, errOut)
	}
}

// A huge input is read only as far as it is used: memory stays bounded.
func TestSummarizeHugeFileReadsOnlyWhatItUses(t *testing.T) {
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "huge.txt")
	sentence := "The council said on Monday that the bridge would reopen after repairs. "
	if err := os.WriteFile(path, []byte(strings.Repeat(sentence, 50<<20/len(sentence))), 0o600); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	code, out, errOut := c.run("summarize", path)
	runtime.ReadMemStats(&after)
	if code != 0 || !strings.Contains(out, "bridge") || !strings.Contains(errOut, "summarising its first") {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 40<<20 {
		t.Errorf("summarising a 50 MB file allocated %d MiB", alloc>>20)
	}
}

// The first run shows something: feeds add --backfill makes the newest items
// new, so digest prints them at once; without it nothing floods.
func TestFirstRunShowsADigest(t *testing.T) {
	site := newFeedSite(t)
	site.addFeed("/a.xml", 4)
	page, _ := os.ReadFile(expertsPage)
	for i := range 4 {
		site.pages[fmt.Sprintf("/story/%d", i)] = string(page)
	}
	c := newCLI(t)
	if out := c.ok("feeds", "add", "--backfill", "2", site.URL+"/a.xml"); !strings.Contains(out, "2 items marked as seen, 2 new") {
		t.Errorf("feeds add --backfill 2:\n%s", out)
	}
	if out := c.ok("digest"); !strings.Contains(out, "Digest: 2 stories from the last 24h") {
		t.Errorf("first digest:\n%s", out)
	}
	site.addFeed("/b.xml", 1)
	if out := c.ok("feeds", "add", site.URL+"/b.xml"); !strings.Contains(out, "1 item marked as seen, 0 new") {
		t.Errorf("feeds add without --backfill:\n%s", out)
	}
	if code, _, errOut := c.run("feeds", "add", "--backfill", "101", site.URL+"/c.xml"); code != 2 {
		t.Errorf("--backfill 101: exit %d %s", code, errOut)
	}
	site.publish("/b.xml", "fresh")
	c.ok("feeds", "remove", site.URL+"/a.xml")
	if out := c.ok("feeds", "poll", "--once", "--all"); !strings.Contains(out, "polled 1 feed: 1 new item, 0 failed") {
		t.Errorf("poll summary not in the singular:\n%s", out)
	}
}

func TestInterruptPrintsStopped(t *testing.T) {
	site := newFeedSite(t)
	site.addFeed("/a.xml", 1)
	c := newCLI(t)
	c.ok("feeds", "add", site.URL+"/a.xml")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"feeds", "poll", "--once", "--all"}, strings.NewReader(""), &out, &errOut, c.getenv)
	if code != 130 || strings.TrimSpace(errOut.String()) != "digestbot: stopped" {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

func TestErrorsNameTheConfiguredDiscordAPI(t *testing.T) {
	c := newCLI(t)
	c.env["DISCORD_TOKEN"] = "MTE.fake.token"
	c.env["DIGESTBOT_DISCORD_API_URL"] = "http://127.0.0.1:1"
	code, _, errOut := c.run("run")
	if code != 1 || strings.Contains(errOut, "discord.com") || !strings.Contains(errOut, "127.0.0.1:1") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestConfigPrintsDurationsAsWritten(t *testing.T) {
	out := newCLI(t).ok("config")
	if !regexp.MustCompile(`DIGESTBOT_POLL_INTERVAL\s+10m\n`).MatchString(out) || strings.Contains(out, "0m0s") {
		t.Errorf("config:\n%s", out)
	}
}

func TestLooksLikeAddress(t *testing.T) {
	for src, want := range map[string]bool{
		"example.com/x": true, "www.example.com": true, "news.example.org/a/b?c=d": true,
		"notes.txt": false, "data/notes.txt": false, "./a.com/x": false, "../x.html": false, "a b.com/x": false,
	} {
		if got := looksLikeAddress(src); got != want {
			t.Errorf("looksLikeAddress(%q) = %v, want %v", src, got, want)
		}
	}
}
