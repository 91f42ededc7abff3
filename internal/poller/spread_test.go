package poller

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// listed yields jobs host by host, as an OPML import stores feeds.
func listed(hosts, perHostJobs int) func() (string, string, bool, error) {
	i := 0
	return func() (string, string, bool, error) {
		if i == hosts*perHostJobs {
			return "", "", false, nil
		}
		host := fmt.Sprintf("h%d", i/perHostJobs)
		job := fmt.Sprintf("%s/%d", host, i)
		i++
		return job, host, true, nil
	}
}

// concurrency tracks jobs running, overall and per host, and their peaks.
type concurrency struct {
	mu       sync.Mutex
	running  int
	peak     int
	perHost  map[string]int
	hostPeak int
	ran      map[string]int
	reached  chan struct{} // closed when running first reaches want
	want     int
}

func (c *concurrency) begin(job, host string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.running++
	c.perHost[host]++
	c.ran[job]++
	c.peak = max(c.peak, c.running)
	c.hostPeak = max(c.hostPeak, c.perHost[host])
	if c.running == c.want {
		select {
		case <-c.reached:
		default:
			close(c.reached)
		}
	}
}

func (c *concurrency) end(host string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.running--
	c.perHost[host]--
}

// TestSpreadKeepsEveryHostBusy lists 200 jobs host by host. Taken in order,
// only one host's 2 slots would be in use; spread must fill all 8 workers
// at once without ever running 3 jobs of one host.
func TestSpreadKeepsEveryHostBusy(t *testing.T) {
	const hosts, jobs, workers, perHost = 10, 20, 8, 2
	c := &concurrency{perHost: map[string]int{}, ran: map[string]int{}, reached: make(chan struct{}), want: workers}
	gate := make(chan struct{})
	go func() {
		select {
		case <-c.reached:
		case <-time.After(10 * time.Second):
		}
		close(gate)
	}()
	err := spread(context.Background(), limits{workers: workers, perHost: perHost, window: 64}, listed(hosts, jobs), func(job string) {
		host, _, _ := strings.Cut(job, "/")
		c.begin(job, host)
		<-gate
		c.end(host)
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.peak != workers || c.hostPeak != perHost {
		t.Errorf("peak %d at once (want %d), %d to one host (want %d)", c.peak, workers, c.hostPeak, perHost)
	}
	if len(c.ran) != hosts*jobs {
		t.Errorf("%d jobs ran, want %d", len(c.ran), hosts*jobs)
	}
	for job, n := range c.ran {
		if n != 1 {
			t.Errorf("%s ran %d times", job, n)
		}
	}
}

func TestSpreadStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	started := 0
	err := spread(ctx, limits{workers: 2, perHost: 2, window: 8}, listed(4, 50), func(string) {
		mu.Lock()
		started++
		if started == 3 {
			cancel()
		}
		mu.Unlock()
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	// At most the two jobs running when the third cancelled could follow it.
	if started > 4 {
		t.Errorf("%d jobs started after cancel", started)
	}
}

func TestSpreadReturnsSourceError(t *testing.T) {
	boom := errors.New("boom")
	n := 0
	next := func() (int, string, bool, error) {
		n++
		if n > 5 {
			return 0, "", false, boom
		}
		return n, "h", true, nil
	}
	ran := 0
	err := spread(context.Background(), limits{workers: 3, perHost: 1, window: 100}, next, func(int) { ran++ })
	if !errors.Is(err, boom) || ran != 5 {
		t.Errorf("err %v after %d jobs, want boom after the 5 read", err, ran)
	}
}
