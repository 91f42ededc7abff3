package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/store"
)

// asDigestbot makes the test binary run as digestbot itself (its main): the
// crash tests start it as a subprocess and kill it, without building a
// second binary first.
const asDigestbot = "DIGESTBOT_TEST_RUN_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asDigestbot) == "1" {
		main() // exits
	}
	code := m.Run()
	if plainPath != "" {
		os.RemoveAll(filepath.Dir(plainPath))
	}
	os.Exit(code)
}

// digestbotBinary is the program the crash and measuring tests run: this
// test binary, which runs digestbot's main when asDigestbot is set in its
// environment (binaryEnv and the e2e crash test set it). Under the race
// detector it is a plain build of ./cmd/digestbot instead, built once: what
// those tests kill or measure must not carry the detector's cost.
func digestbotBinary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs digestbot as a subprocess")
	}
	if raceDetector {
		return plainBinary(t)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

var (
	plainOnce sync.Once
	plainPath string
	plainErr  error
)

// plainBinary builds ./cmd/digestbot without -race, once per test binary.
func plainBinary(t testing.TB) string {
	plainOnce.Do(func() {
		dir, err := os.MkdirTemp("", "digestbot-bin-")
		if err != nil {
			plainErr = err
			return
		}
		plainPath = filepath.Join(dir, "digestbot")
		if out, err := exec.Command("go", "build", "-o", plainPath, ".").CombinedOutput(); err != nil {
			plainErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if plainErr != nil {
		t.Fatal(plainErr)
	}
	return plainPath
}

// binaryEnv is the environment of a digestbot subprocess on db: loopback
// allowed (the feeds are served by this test), and enough concurrency to the
// one test host that a pass has several feeds in flight when it is killed.
func binaryEnv(db string) []string {
	return append(os.Environ(),
		asDigestbot+"=1",
		"DIGESTBOT_DB="+db,
		"DIGESTBOT_ALLOW_PRIVATE_NETWORKS=1",
		"DIGESTBOT_CONCURRENCY=4",
		"DIGESTBOT_PER_HOST_CONCURRENCY=4",
		"DIGESTBOT_LOG_LEVEL=error",
	)
}

var newLine = regexp.MustCompile(`^new (\d+) +(\S+)$`)

// pollRun is what one `feeds poll --once --all` printed.
type pollRun struct {
	newByURL  map[string]int // feeds reported as fetched, with their new-item counts
	unchanged map[string]bool
	lines     []string
}

func (r *pollRun) add(line string) {
	r.lines = append(r.lines, line)
	if m := newLine.FindStringSubmatch(line); m != nil {
		n, _ := strconv.Atoi(m[1])
		r.newByURL[m[2]] = n
	} else if url, ok := strings.CutPrefix(line, "unchanged  "); ok {
		r.unchanged[url] = true
	}
}

func newPollRun() *pollRun {
	return &pollRun{newByURL: map[string]int{}, unchanged: map[string]bool{}}
}

func (r *pollRun) total() int {
	n := 0
	for _, v := range r.newByURL {
		n += v
	}
	return n
}

// TestPollSurvivesSIGKILL kills `digestbot feeds poll --once` half-way
// through a pass, runs it again on the same database, and checks that every
// published item is stored as new exactly once and reported at most once.
func TestPollSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	bin := digestbotBinary(t)
	const feedCount, perFeed = 40, 5
	site := newFeedSite(t)
	db := filepath.Join(t.TempDir(), "digestbot.db")
	env := binaryEnv(db)
	paths, published := crashFeeds(t, site, bin, env, feedCount, perFeed)
	killed := pollUntilKilled(t, site, bin, env, feedCount)
	// Restart on the same database: the lock died with the process.
	for _, path := range paths {
		site.set(path, func(f *siteFeed) { f.delay = 0 })
	}
	restarted := newPollRun()
	for _, line := range strings.Split(runBinary(t, bin, env, "feeds", "poll", "--once", "--all"), "\n") {
		restarted.add(line)
	}
	third := runBinary(t, bin, env, "feeds", "poll", "--once", "--all")
	if !strings.Contains(third, fmt.Sprintf("polled %d feeds: 0 new items, 0 failed", feedCount)) {
		t.Errorf("third poll:\n%s", third)
	}

	checkStoredOnce(t, db, published)
	checkReportedOnce(t, site, paths, perFeed, len(published), killed, restarted)
}

// crashFeeds follows feedCount feeds, then publishes perFeed items in each;
// every other feed answers slowly, so a pass is still under way when the
// first feeds have been recorded. It returns the feeds' paths and the
// published items' keys.
func crashFeeds(t *testing.T, site *feedSite, bin string, env []string, feedCount, perFeed int) ([]string, map[string]bool) {
	t.Helper()
	var opml strings.Builder
	opml.WriteString(`<?xml version="1.0"?><opml version="2.0"><head><title>crash</title></head><body>`)
	paths := make([]string, feedCount)
	for i := range paths {
		paths[i] = fmt.Sprintf("/f%02d.xml", i)
		site.addFeed(paths[i], 3)
		fmt.Fprintf(&opml, `<outline text="f%d" type="rss" xmlUrl="%s%s"/>`, i, site.URL, paths[i])
	}
	opml.WriteString("</body></opml>")
	opmlPath := filepath.Join(t.TempDir(), "feeds.opml")
	writeFile(t, opmlPath, opml.String())
	runBinary(t, bin, env, "feeds", "import", opmlPath)

	published := map[string]bool{}
	for i, path := range paths {
		var guids []string
		for j := range perFeed {
			g := fmt.Sprintf("%s#new-%d", path, j)
			guids = append(guids, g)
			published["guid:"+g] = true
		}
		site.publish(path, guids...)
		if i%2 == 1 {
			site.set(path, func(f *siteFeed) { f.delay = 1500 * time.Millisecond })
		}
	}

	return paths, published
}

// pollUntilKilled runs a poll of every feed and SIGKILLs it half-way, and
// returns what it reported before it died.
func pollUntilKilled(t *testing.T, site *feedSite, bin string, env []string, feedCount int) *pollRun {
	t.Helper()
	killed := newPollRun()
	cmd := exec.Command(bin, "feeds", "poll", "--once", "--all")
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	// SIGKILL right after the server has sent the killAfter-th feed with new
	// items: the subprocess is then parsing or committing that feed (it may
	// die before, during or after the commit, or before printing it), while
	// the slow feeds are still in flight.
	const killAfter = 8
	kills := make(chan error, 1)
	started := make(chan *os.Process, 1) // hands cmd.Process to the server's goroutine
	site.mu.Lock()
	site.contentN = 0 // the import's baseline fetches do not count
	site.onContent = func(n int) {
		if n == killAfter {
			kills <- (<-started).Signal(syscall.SIGKILL)
		}
	}
	site.mu.Unlock()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	started <- cmd.Process
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	select {
	case err := <-kills:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the server did not send %d feeds within 60s", killAfter)
	}
	for line := range lines { // everything written before the kill landed
		killed.add(line)
	}
	site.mu.Lock()
	site.onContent = nil
	site.mu.Unlock()
	err = cmd.Wait()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("first run did not die by SIGKILL: %v", err)
	}
	if strings.Contains(strings.Join(killed.lines, "\n"), "polled ") {
		t.Fatalf("the pass finished before the kill:\n%s", strings.Join(killed.lines, "\n"))
	}
	if len(killed.newByURL) >= feedCount {
		t.Fatalf("every feed was reported before the kill")
	}

	return killed
}

// checkStoredOnce checks that every published item is stored as new once.
func checkStoredOnce(t *testing.T, db string, published map[string]bool) {
	t.Helper()
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	items, err := st.ItemsSince(time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]int{}
	for _, it := range items {
		stored[it.Key]++
	}
	for key := range published {
		if stored[key] != 1 {
			t.Errorf("%s stored %d times as new, want once", key, stored[key])
		}
	}
	if len(items) != len(published) {
		t.Errorf("%d new items stored, want the %d published", len(items), len(published))
	}

}

// checkReportedOnce checks, per feed, that its items were reported new by
// exactly one run, or committed by the killed run just before it died
// unreported (then the restart saw a 304).
func checkReportedOnce(t *testing.T, site *feedSite, paths []string, perFeed, published int, killed, restarted *pollRun) {
	t.Helper()
	unreported := 0
	for _, path := range paths {
		url := site.URL + path
		n1, in1 := killed.newByURL[url]
		n2, in2 := restarted.newByURL[url]
		switch {
		case in1 && in2:
			t.Errorf("%s reported new by both runs (%d and %d)", url, n1, n2)
		case in1 && (n1 != perFeed || !restarted.unchanged[url]):
			t.Errorf("%s: killed run reported %d new, restart unchanged=%v", url, n1, restarted.unchanged[url])
		case in2 && n2 != perFeed:
			t.Errorf("%s: restart reported %d new, want %d", url, n2, perFeed)
		case !in1 && !in2:
			if !restarted.unchanged[url] {
				t.Errorf("%s reported by neither run and not unchanged on restart", url)
			}
			unreported += perFeed
		}
	}
	if got := killed.total() + restarted.total() + unreported; got != published {
		t.Errorf("reported %d (killed run) + %d (restart) + %d committed unreported = %d, want %d",
			killed.total(), restarted.total(), unreported, got, published)
	}
	t.Logf("killed run reported %d feeds, restart %d, committed but unreported %d feeds",
		len(killed.newByURL), len(restarted.newByURL), unreported/perFeed)
}

// TestSecondProcessIsToldTheDatabaseIsLocked runs the binary against a
// database this test process holds open.
func TestSecondProcessIsToldTheDatabaseIsLocked(t *testing.T) {
	t.Parallel()
	bin := digestbotBinary(t)
	db := filepath.Join(t.TempDir(), "digestbot.db")
	holder, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	cmd := exec.Command(bin, "feeds", "list")
	cmd.Env = binaryEnv(db)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 1 {
		t.Fatalf("feeds list on a held database: %v", err)
	}
	if !strings.Contains(stderr.String(), "another digestbot process holds this database file") || stdout.Len() != 0 {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
}

// runBinary runs the binary to completion and fails the test unless it exits 0.
func runBinary(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("digestbot %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}
