package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/digestbot/digestbot/internal/cluster"
)

func init() {
	commands["cluster"] = command{
		usage: "cluster --jsonl [--window DURATION]",
		about: "group items about the same event: JSONL windows on stdin, groups out",
		run:   runCluster,
	}
	helps["cluster"] = `usage: digestbot cluster --jsonl [--window DURATION] < windows.jsonl

Group news items that report the same event. Takes no
arguments: each line on stdin is a window of items,
  {"window": ..., "items": [{"id", "title", "publisher", "url", "published"}, ...]}
with optional "canonical" (the page's canonical URL or og:url), "text" (the
article text; its lead is used) and "actors" (names) per item; "published" is
an RFC 3339 time, and other fields are ignored. Each window gets one line,
  {"window": ..., "clusters": [[id, ...], ...]}
with every item in exactly one cluster, or {"window", "error"} when the line
cannot be read; the run goes on.
`
}

// Bounds on one input line, so hostile input costs bounded time and memory.
const (
	maxClusterLine  = 64 << 20
	maxClusterItems = 20_000
)

// clusterWindow is one --jsonl input line; fields other than these (a gold
// "story" label, say) are ignored.
type clusterWindow struct {
	Window json.RawMessage `json:"window"`
	Items  []clusterItem   `json:"items"`
}

type clusterItem struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Publisher string   `json:"publisher"`
	URL       string   `json:"url"`
	Canonical string   `json:"canonical"`
	Published string   `json:"published"`
	Text      string   `json:"text"`
	Actors    []string `json:"actors"`
}

// clusterResult is one output line: the window as given and its groups of
// item ids.
type clusterResult struct {
	Window   json.RawMessage `json:"window"`
	Clusters [][]string      `json:"clusters"`
}

// clusterError is the output line for an input line that could not be
// read; the window is echoed when it could be.
type clusterError struct {
	Window json.RawMessage `json:"window,omitempty"`
	Error  string          `json:"error"`
}

func runCluster(ctx context.Context, env *cli, args []string) error {
	fs := env.flags("cluster")
	jsonl := fs.Bool("jsonl", false, "read JSONL windows on stdin, write one JSON result per line")
	window := fs.Duration("window", cluster.DefaultWindow, "longest time between two items of one group")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if !*jsonl || len(pos) != 0 || *window <= 0 {
		return usageError{"cluster reads windows with --jsonl on stdin and takes a positive --window"}
	}
	return clusterBatch(ctx, env.stdin, env.stdout, cluster.Options{Window: *window}, maxClusterLine)
}

// clusterBatch answers each input line with one output line, in order; a
// bad line, or one longer than limit bytes, gets an error object and the run
// goes on.
func clusterBatch(ctx context.Context, in io.Reader, w io.Writer, opts cluster.Options, limit int) error {
	out := bufio.NewWriter(w)
	defer out.Flush()
	enc := json.NewEncoder(out)
	r := bufio.NewReaderSize(in, 1<<20)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, tooLong, err := readLine(r, limit)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("cluster: read stdin: %w", err)
		}
		var res any
		if tooLong {
			res = clusterError{Error: fmt.Sprintf("line %d: longer than %d bytes", n, limit)}
		} else {
			line = bytes.TrimSpace(line)
			if len(line) == 0 {
				continue
			}
			res = clusterLine(line, opts)
		}
		if err := enc.Encode(res); err != nil {
			return fmt.Errorf("cluster: write: %w", err)
		}
		if err := out.Flush(); err != nil {
			return fmt.Errorf("cluster: write: %w", err)
		}
	}
}

// clusterLine groups one window with the same code as digests use.
func clusterLine(line []byte, opts cluster.Options) any {
	var win clusterWindow
	if err := json.Unmarshal(line, &win); err != nil {
		return clusterError{Error: "not a window object: " + err.Error()}
	}
	if len(win.Window) == 0 {
		win.Window = json.RawMessage("null")
	}
	items, err := clusterItems(win.Items)
	if err != nil {
		return clusterError{Window: win.Window, Error: err.Error()}
	}
	groups := cluster.Group(items, opts)
	res := clusterResult{Window: win.Window, Clusters: make([][]string, len(groups))}
	for k, g := range groups {
		ids := make([]string, len(g))
		for m, i := range g {
			ids[m] = items[i].ID
		}
		res.Clusters[k] = ids
	}
	return res
}

// clusterItems checks a window's items: each needs a unique id (each id is
// in exactly one group of the answer) and a time, if any, in RFC 3339.
func clusterItems(in []clusterItem) ([]cluster.Item, error) {
	if len(in) > maxClusterItems {
		return nil, fmt.Errorf("%d items; at most %d in one window", len(in), maxClusterItems)
	}
	seen := make(map[string]bool, len(in))
	items := make([]cluster.Item, len(in))
	for i, it := range in {
		if strings.TrimSpace(it.ID) == "" {
			return nil, fmt.Errorf("item %d has no id", i+1)
		}
		if seen[it.ID] {
			return nil, fmt.Errorf("item %d: id %q appears twice", i+1, it.ID)
		}
		seen[it.ID] = true
		var published time.Time
		if it.Published != "" {
			t, err := time.Parse(time.RFC3339, it.Published)
			if err != nil {
				return nil, fmt.Errorf("item %q: published is not an RFC 3339 time", it.ID)
			}
			published = t
		}
		items[i] = cluster.Item{ID: it.ID, Title: it.Title, Text: it.Text, Actors: it.Actors,
			Publisher: it.Publisher, URL: it.URL, Canonical: it.Canonical, Published: published}
	}
	return items, nil
}
