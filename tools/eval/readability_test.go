package eval

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestHTMLText(t *testing.T) {
	got, err := HTMLText([]byte(`<div id="readability-page-1"><p><span class="cap">W</span>hale <b>songs</b>,
	 recorded</p><h2>Next</h2><ul><li>one</li><li>two<br>three</li></ul><script>var x</script><p>end</p></div>`))
	if err != nil {
		t.Fatal(err)
	}
	want := "Whale songs, recorded\nNext\none\ntwo\nthree\nend"
	if got != want {
		t.Errorf("HTMLText = %q, want %q", got, want)
	}
}

func TestLoadReadabilityPages(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b-page", "a-page"} {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		for file, text := range map[string]string{"source.html": "<html><p>" + name + " source</p>", "expected.html": "<p>" + name + " text</p>"} {
			if err := os.WriteFile(filepath.Join(dir, name, file), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A folder without expected.html and a stray file are no pages.
	if err := os.MkdirAll(filepath.Join(dir, "c-empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "README.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	pages, err := LoadReadabilityPages(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	var ids, bodies []string
	for _, p := range pages {
		ids, bodies = append(ids, p.ID), append(bodies, p.Body)
	}
	if want := []string{"a-page", "b-page"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	if want := []string{"a-page text", "b-page text"}; !reflect.DeepEqual(bodies, want) {
		t.Errorf("bodies = %v, want %v", bodies, want)
	}
	list := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(list, []byte("b-page\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pages, err = LoadReadabilityPages(dir, list)
	if err != nil || len(pages) != 1 || pages[0].ID != "b-page" || pages[0].URL != ReadabilityPageURL {
		t.Errorf("with a list: %+v, %v; want the one page b-page", pages, err)
	}
}
