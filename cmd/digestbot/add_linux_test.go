package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// TestAddHugeFeedIsBounded adds a 10 MiB feed of 331,000 tiny items, the
// hostile feed of issue 10: it must be taken in seconds and little memory,
// with only the newest 1,000 items (feed.MaxItems) recorded. Time and peak
// memory are the subprocess's own (rusage), so the test's neighbours on a
// shared machine do not count; wall time gets a looser bound.
func TestAddHugeFeedIsBounded(t *testing.T) {
	bin := digestbotBinary(t)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>`)
	for i := range 331_000 {
		fmt.Fprintf(&b, "<item><guid>%d</guid></item>", i)
	}
	b.WriteString(`</channel></rss>`)
	body := b.String()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, body)
	}))
	defer srv.Close()

	db := filepath.Join(t.TempDir(), "digestbot.db")
	m, err := measure(bin, binaryEnv(db), "feeds", "add", srv.URL+"/huge.xml")
	if err != nil {
		t.Fatalf("feeds add: %v\n%s", err, m.out)
	}
	out, wall, cpu, peakMB := m.out, m.wall, m.cpu, m.peakMB
	t.Logf("%d bytes, 331,000 items: wall %s, cpu %s, peak RSS %.0f MB\n%s", len(body), wall, cpu, peakMB, out)
	if !strings.Contains(out, "1000 items marked as seen") {
		t.Errorf("want the 1,000 newest items recorded:\n%s", out)
	}
	if cpu > 5*time.Second || wall > 20*time.Second {
		t.Errorf("adding took %s of CPU (%s wall), want under 5 s", cpu, wall)
	}
	if peakMB > 150 {
		t.Errorf("peak RSS %.0f MB, want under 150 MB", peakMB)
	}
}

// TestFailedAddLeavesNoTrace runs `feeds add` on a disk that is full for
// the database file (its size limit is the size it has), so the first write
// that grows it fails. The feed must not be left followed.
func TestFailedAddLeavesNoTrace(t *testing.T) {
	bin := digestbotBinary(t)
	db := filepath.Join(t.TempDir(), "digestbot.db")
	env := binaryEnv(db)
	runBinary(t, bin, env, "feeds", "list") // creates the database
	fi, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}

	// 500 items with long titles need more pages than the new file has.
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>`)
	for i := range 500 {
		fmt.Fprintf(&doc, `<item><guid>g%d</guid><title>%s</title><link>https://big.example/%d</link></item>`, i, strings.Repeat("t", 200), i)
	}
	doc.WriteString(`</channel></rss>`)
	// The answer waits until the size limit is on the process, which then
	// has the database open and nothing written yet.
	limited := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-limited
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, doc.String())
	}))
	defer srv.Close()

	cmd := exec.Command(bin, "feeds", "add", srv.URL+"/big.xml")
	cmd.Env = env
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if err := setFileSizeLimit(cmd.Process.Pid, uint64(fi.Size())); err != nil {
		cmd.Process.Kill()
		t.Skipf("cannot limit the file size of the subprocess: %v", err)
	}
	close(limited)
	err = cmd.Wait()
	if err == nil {
		t.Fatalf("feeds add succeeded on a full disk:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "file too large") {
		t.Errorf("the error does not say why:\n%s", out.String())
	}
	if list := runBinary(t, bin, env, "feeds", "list"); !strings.Contains(list, "no feeds yet") {
		t.Errorf("the failed add left a trace:\n%s", list)
	}
	// With room again the same add works from scratch.
	if got := runBinary(t, bin, env, "feeds", "add", srv.URL+"/big.xml"); !strings.Contains(got, "500 items marked as seen") {
		t.Errorf("add after the failure:\n%s", got)
	}
}

// measured is a finished subprocess: its output, wall and CPU time, and peak RSS.
type measured struct {
	out       string
	wall, cpu time.Duration
	peakMB    float64
}

// measure runs bin with args to completion and measures it.
func measure(bin string, env []string, args ...string) (measured, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var buf strings.Builder
	cmd.Stdout, cmd.Stderr = &buf, &buf
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return measured{}, err
	}
	peak := watchPeakRSS(cmd.Process.Pid, bin)
	err := cmd.Wait()
	m := measured{out: buf.String(), wall: time.Since(start), peakMB: peak()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return m, err
}

// watchPeakRSS samples the peak resident set (VmHWM) of process pid once it
// runs bin; the returned function gives the highest value seen. rusage's
// Maxrss cannot be used: a child forked from this (large) test process
// starts its count from the parent's size.
func watchPeakRSS(pid int, bin string) func() float64 {
	var mu sync.Mutex
	var peakKB float64
	done := make(chan struct{})
	go func() {
		defer close(done)
		proc := fmt.Sprintf("/proc/%d/", pid)
		for {
			exe, err := os.Readlink(proc + "exe")
			if err != nil && !os.IsPermission(err) {
				return // gone
			}
			if exe == bin {
				status, err := os.ReadFile(proc + "status")
				if err != nil {
					return
				}
				for _, line := range strings.Split(string(status), "\n") {
					if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
						kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
						mu.Lock()
						peakKB = max(peakKB, kb)
						mu.Unlock()
					}
				}
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	return func() float64 {
		<-done
		mu.Lock()
		defer mu.Unlock()
		return peakKB / 1024
	}
}

// setFileSizeLimit sets RLIMIT_FSIZE of process pid: past it, writes fail
// with EFBIG, as on a full disk (Go ignores the SIGXFSZ that comes with it).
func setFileSizeLimit(pid int, bytes uint64) error {
	lim := syscall.Rlimit{Cur: bytes, Max: bytes}
	_, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), uintptr(syscall.RLIMIT_FSIZE),
		uintptr(unsafe.Pointer(&lim)), 0, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}
