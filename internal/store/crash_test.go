package store

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

const (
	crashEnvDB       = "DIGESTBOT_STORE_CRASH_DB"
	crashItemsPerRun = 20
)

func crashKey(poll, j int) string { return fmt.Sprintf("p%d-%d", poll, j) }

// TestCrashChild is the process TestRecordPollSurvivesSIGKILL kills: it polls
// one feed forever, each poll carrying the previous poll's items again plus
// crashItemsPerRun new ones, and the poll number as the feed title.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnvDB)
	if path == "" {
		t.Skip("helper process for TestRecordPollSurvivesSIGKILL")
	}
	s, err := Open(path, Options{LockTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.FeedByURL("https://crash.example/rss")
	if err != nil {
		f, err = s.AddFeed(Feed{URL: "https://crash.example/rss"})
		if err != nil {
			t.Fatal(err)
		}
	}
	next := 0
	if f.Title != "" {
		last, _ := strconv.Atoi(f.Title)
		next = last + 1
	}
	for i := next; ; i++ {
		items := make([]Item, 0, 2*crashItemsPerRun)
		for j := 0; j < crashItemsPerRun; j++ {
			items = append(items, Item{Key: crashKey(i, j), Title: "t"})
			if i > 0 {
				items = append(items, Item{Key: crashKey(i-1, j), Title: "t"})
			}
		}
		if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200, Title: strconv.Itoa(i)}, items, t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("committed %d\n", i)
	}
}

// TestRecordPollSurvivesSIGKILL kills a polling process at an arbitrary point,
// twice, and checks after each restart that every committed poll is complete,
// no later poll is partly there, and no item is listed as new twice.
func TestRecordPollSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	lastReported := -1
	for round := 0; round < 2; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnvDB+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Let it commit a few polls past the previous round, then kill it mid-stride.
		lines := bufio.NewScanner(out)
		seenLines := 0
		for seenLines < 15 && lines.Scan() {
			var n int
			if _, err := fmt.Sscanf(lines.Text(), "committed %d", &n); err == nil {
				lastReported = n
				seenLines++
			}
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		if seenLines < 15 {
			t.Fatalf("round %d: child committed only %d polls", round, seenLines)
		}

		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		f, err := s.FeedByURL("https://crash.example/rss")
		if err != nil {
			t.Fatal(err)
		}
		last, _ := strconv.Atoi(f.Title)
		if last < lastReported {
			t.Errorf("round %d: feed says poll %d, child reported committing %d", round, last, lastReported)
		}
		for i := 0; i <= last+1; i++ {
			for j := 0; j < crashItemsPerRun; j++ {
				ok, err := s.Seen(f.ID, crashKey(i, j))
				if err != nil {
					t.Fatal(err)
				}
				if ok != (i <= last) {
					t.Fatalf("round %d: Seen(%s) = %v with last committed poll %d", round, crashKey(i, j), ok, last)
				}
			}
		}
		listed, err := s.ItemsSince(time.Time{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		// Poll 0 was the baseline; every later poll added exactly its own items, once.
		unique := map[string]bool{}
		for _, it := range listed {
			unique[it.Key] = true
		}
		if want := last * crashItemsPerRun; len(listed) != want || len(unique) != want {
			t.Errorf("round %d: %d new items listed (%d distinct), want %d", round, len(listed), len(unique), want)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		lastReported = last
	}
}
