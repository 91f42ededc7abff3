package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/poller"
	"github.com/digestbot/digestbot/internal/redact"
)

// importOPML follows every feed of an OPML file, many at once under the
// poll limits. On a terminal it shows a counter with feeds/s and an ETA;
// elsewhere it prints a line per feed. It ends with a summary: added,
// already followed, failed with the reasons. Ctrl-C stops it between adds:
// each add is atomic, so what was added stays and a re-import adds the rest.
func (a *parts) importOPML(ctx context.Context, w, errw io.Writer, path string) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	outlines, err := feed.ReadOPML(file)
	file.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var urls []string
	for _, o := range feed.FeedOutlines(outlines) {
		urls = append(urls, o.XMLURL)
	}
	sum := &importSummary{reasons: map[feed.ErrorKind]int{}}
	prog := newProgress(w, len(urls), time.Now)
	err = a.poller.AddAll(ctx, urls, "", func(r poller.AddResult) {
		switch {
		case errors.Is(r.Err, poller.ErrAlreadyFollowed):
			sum.already++
		case r.Err != nil:
			sum.failed = append(sum.failed, r)
			sum.reasons[feed.Classify(r.Err)]++
			if !prog.live {
				fmt.Fprintf(errw, "skipped %s: %s\n", redact.URL(r.URL), redact.Text(r.Err.Error()))
			}
		default:
			sum.added++
			if !prog.live {
				fmt.Fprintf(w, "following %q (feed %d)\n", displayTitle(r.Feed), r.Feed.ID)
			}
		}
		prog.step()
	})
	prog.finish()
	if prog.live {
		for _, r := range sum.failed {
			fmt.Fprintf(errw, "skipped %s: %s\n", redact.URL(r.URL), redact.Text(r.Err.Error()))
		}
	}
	sum.print(w)
	if ctx.Err() != nil {
		fmt.Fprintf(w, "stopped: %d of %d not attempted; the feeds added are kept, import again to add the rest\n",
			len(urls)-prog.done, len(urls))
		return ctx.Err()
	}
	if err != nil {
		return err
	}
	if len(sum.failed) > 0 {
		return fmt.Errorf("%s could not be added", plural(len(sum.failed), "feed", "feeds"))
	}
	return nil
}

// importSummary counts an import's outcomes.
type importSummary struct {
	added, already int
	failed         []poller.AddResult
	reasons        map[feed.ErrorKind]int
}

func (s *importSummary) print(w io.Writer) {
	fmt.Fprintf(w, "imported %s, %d already followed, %d failed", plural(s.added, "feed", "feeds"), s.already, len(s.failed))
	if len(s.reasons) > 0 {
		var parts []string
		for kind, n := range s.reasons {
			name := string(kind)
			if name == "" {
				name = "other"
			}
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ReplaceAll(name, "_", " ")))
		}
		sort.Strings(parts)
		fmt.Fprintf(w, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
}

// progress is a one-line counter redrawn in place on a terminal, at most
// every progressEvery; it stays silent when the output is not a terminal.
type progress struct {
	w            io.Writer
	live         bool
	total        int
	done         int
	now          func() time.Time
	start, drawn time.Time
}

const progressEvery = 200 * time.Millisecond

func newProgress(w io.Writer, total int, now func() time.Time) *progress {
	p := &progress{w: w, live: isTerminal(w), total: total, now: now}
	p.start = now()
	return p
}

func (p *progress) step() {
	p.done++
	if p.live && p.now().Sub(p.drawn) >= progressEvery {
		p.draw()
	}
}

func (p *progress) draw() {
	p.drawn = p.now()
	elapsed := p.drawn.Sub(p.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(p.done) / elapsed
	}
	eta := "-"
	if rate > 0 {
		eta = time.Duration(float64(p.total-p.done) / rate * float64(time.Second)).Round(time.Second).String()
	}
	// \r and "erase to end of line" redraw the counter in place.
	fmt.Fprintf(p.w, "\r\033[K%d/%d feeds  %.0f feeds/s  ETA %s", p.done, p.total, rate, eta)
}

func (p *progress) finish() {
	if p.live {
		p.draw()
		fmt.Fprintln(p.w)
	}
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
