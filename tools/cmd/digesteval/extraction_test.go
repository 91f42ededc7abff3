package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtractionReadabilitySkipsAbsentDir(t *testing.T) {
	var out strings.Builder
	if err := runExtraction([]string{"-readability", filepath.Join(t.TempDir(), "absent")}, &out); err != nil {
		t.Fatalf("runExtraction: %v", err)
	}
	if !strings.Contains(out.String(), "skipped") {
		t.Errorf("output %q, want a skip notice", out.String())
	}
}

func TestExtractionReadabilityScoresPages(t *testing.T) {
	dir := t.TempDir()
	story := strings.Repeat("The harbour council voted on Tuesday to rebuild the flood wall before the winter storms. ", 4)
	page := `<html><head><title>Harbour wall</title></head><body><nav><a href="/">Home</a></nav><article><h1>Harbour wall</h1><p>` +
		story + `</p><p>` + strings.Replace(story, "Tuesday", "Wednesday", 1) + `</p></article></body></html>`
	if err := os.MkdirAll(filepath.Join(dir, "harbour"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"source.html": page, "expected.html": `<div><p>` + story + `</p></div>`} {
		if err := os.WriteFile(filepath.Join(dir, "harbour", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out strings.Builder
	if err := runExtraction([]string{"-readability", dir, "-pages"}, &out); err != nil {
		t.Fatalf("runExtraction: %v", err)
	}
	for _, want := range []string{"1 pages", "\nours ", "\ngo-trafilatura ", "\nharbour "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
