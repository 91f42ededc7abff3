package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/internal/cluster"
)

func TestClusterJSONL(t *testing.T) {
	c := newCLI(t)
	item := func(id, title, publisher string) map[string]any {
		return map[string]any{"id": id, "title": title, "publisher": publisher, "url": "https://" + id + ".example/",
			"published": "2014-03-20T00:00:00Z", "story": "gold labels are never read"}
	}
	day := map[string]any{"window": "2014-03-20", "items": []any{
		item("a", "EU agrees to phase out Russian gas imports by 2027", "Reuters"),
		item("b", "European Union will end Russian gas imports by 2027", "AP"),
		item("c", "EU governments agree Russian gas phase-out", "BBC"),
		item("d", "Lakers beat Celtics in overtime thriller", "ESPN"),
	}}
	lines := []string{
		mustJSON(t, day),
		`not json at all`,
		`{"window": "dup", "items": [{"id": "x", "title": "t"}, {"id": "x", "title": "u"}]}`,
		`{"window": "no id", "items": [{"title": "t"}]}`,
		`{"window": "bad time", "items": [{"id": "x", "title": "t", "published": "yesterday"}]}`,
		`{"window": 7, "items": []}`,
		``,
		`{"window": "one", "items": [{"id": "only", "title": "A lone story"}]}`,
	}
	code, out, errOut := c.runInput(strings.Join(lines, "\n"), "cluster", "--jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	type result struct {
		Window   json.RawMessage
		Clusters *[][]string
		Error    string
	}
	var results []result
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var r result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line is not JSON: %v: %s", err, sc.Text())
		}
		results = append(results, r)
	}
	want := []struct{ window, clusters, err string }{
		{`"2014-03-20"`, "[[a b c] [d]]", ""},
		{"", "none", "not a window object"},
		{`"dup"`, "none", `id "x" appears twice`},
		{`"no id"`, "none", "item 1 has no id"},
		{`"bad time"`, "none", "not an RFC 3339 time"},
		{"7", "[]", ""},
		{`"one"`, "[[only]]", ""},
	}
	if len(results) != len(want) {
		t.Fatalf("%d output lines, want %d:\n%s", len(results), len(want), out)
	}
	for i, w := range want {
		r := results[i]
		clusters := "none"
		if r.Clusters != nil {
			clusters = fmtClusters(*r.Clusters)
		}
		if string(r.Window) != w.window || clusters != w.clusters || !strings.Contains(r.Error, w.err) || (w.err == "") != (r.Error == "") {
			t.Errorf("line %d: got window %s clusters %v error %q; want %s %s %q", i+1, r.Window, r.Clusters, r.Error, w.window, w.clusters, w.err)
		}
	}
}

func fmtClusters(cs [][]string) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, "["+strings.Join(c, " ")+"]")
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func TestClusterNeedsJSONL(t *testing.T) {
	c := newCLI(t)
	code, out, errOut := c.run("cluster", "--help")
	if code != 0 || errOut != "" || !strings.Contains(out, "--jsonl") || !strings.Contains(out, "--window") || !strings.Contains(out, "Takes no") {
		t.Errorf("cluster --help: exit %d, stderr %q, help:\n%s", code, errOut, out)
	}
	if code, _, _ := c.runInput("", "cluster"); code != 2 {
		t.Errorf("cluster without --jsonl: exit %d, want 2", code)
	}
	if code, _, _ := c.runInput("", "cluster", "--jsonl", "--window", "-1h"); code != 2 {
		t.Errorf("negative --window: exit %d, want 2", code)
	}
}

func TestClusterLongLine(t *testing.T) {
	in := `{"window":"a","items":[{"id":"x","title":"t"}]}` + "\n" + strings.Repeat("x", 500) + "\n" + `{"items":[]}`
	var buf bytes.Buffer
	if err := clusterBatch(t.Context(), strings.NewReader(in), &buf, cluster.Options{}, 100); err != nil {
		t.Fatal(err)
	}
	want := `{"window":"a","clusters":[["x"]]}` + "\n" +
		`{"error":"line 2: longer than 100 bytes"}` + "\n" +
		`{"window":null,"clusters":[]}` + "\n"
	if buf.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", buf.String(), want)
	}
}
