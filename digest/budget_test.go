package digest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/digest/internal/cputime"
)

// hostile are the shapes of text that made the engine quadratic or may:
// runs of apostrophes and quote marks, text without punctuation or line
// breaks, one giant word, quotes packed into one endless sentence.
// The first three were quadratic before; under the race detector, which
// slows everything, only they are timed.
var hostile = []struct{ name, unit string }{
	{"curly apostrophes", "’"},
	{"straight apostrophes", "'"},
	{"quote pairs", "“a” "},
	{"spaced apostrophes", "’ "},
	{"double quotes", "\""},
	{"curly quotes", "“"},
	{"guillemets", "«a» "},
	{"single marks", "‘"},
	{"no punctuation", "word "},
	{"capitalised words", "Word "},
	{"one giant word", "a"},
	{"initials", "A. "},
	{"dotted word", "a."},
	{"attributions", "“Yes,” said Bob Smith of Ohio, a senator, "},
	{"possessives", "Smith’s "},
	{"with-clauses", "with Tom Hale telling “a” and “b” "},
	{"opening clauses", "After Hale said, Tom “x” "},
	{"pronoun speakers", "Tom Hale met Ann Lee. “x,” he said. She said "},
	{"pronoun run", "he told Tom Hale she "},
}

func fill(unit string, n int) string { return strings.Repeat(unit, n/len(unit)) }

// minTime is the least CPU time (wall time where the platform has no
// process clock) of runs digests of text without a budget: on a shared
// machine the wall clock also counts waiting for a core.
func minTime(text string, runs int) time.Duration {
	best := time.Duration(1 << 62)
	for range runs {
		c0, t0 := cputime.Process(), time.Now()
		Make("", text, Options{Budget: -1})
		el := cputime.Process() - c0
		if c0 == 0 {
			el = time.Since(t0)
		}
		best = min(best, el)
	}
	return best
}

// TestHostileInputIsLinear checks that ten times the text costs about ten
// times the time (issue 10: 85,000 ’ took 60 s, quadratic in the run).
// Quadratic work would give a ratio near 100.
func TestHostileInputIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	shapes := hostile
	if raceEnabled {
		shapes = shapes[:3]
	}
	for _, h := range shapes {
		small, large := fill(h.unit, 16<<10), fill(h.unit, 160<<10)
		ts, tl := minTime(small, 3), minTime(large, 1)
		// Below a millisecond the ratio is noise; the floor keeps it honest.
		ratio := float64(tl) / float64(max(ts, time.Millisecond))
		t.Logf("%-20s 16 KiB %8v  160 KiB %8v  ratio %.1f", h.name, ts, tl, ratio)
		// Linear work gives about 10; a ten times larger heap (GC, caches)
		// has measured up to 24; quadratic work gives about 100.
		if ratio > 40 {
			t.Errorf("%s: 10x the text took %.0fx the time (%v -> %v): not linear", h.name, ratio, ts, tl)
		}
	}
}

// distinctNames is n bytes of sentences each naming a different person,
// by full name and by surname: merging short names into full ones compared
// every pair of names, and took 4.5 s for 160 KiB.
func distinctNames(n int) string {
	var b strings.Builder
	firsts := []string{"Anna", "Boris", "Carla", "David", "Elena", "Frank", "Greta", "Hans"}
	for i := 0; b.Len() < n; i++ {
		surname := []byte{byte('A' + i%26), byte('a' + i/26%26), byte('a' + i/676%26), byte('a' + i/17576%26), 'o', 'v'}
		fmt.Fprintf(&b, "%s %s met %s. ", firsts[i%len(firsts)], surname, surname)
	}
	return b.String()
}

func TestManyDistinctNamesIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	small, large := distinctNames(16<<10), distinctNames(160<<10)
	minTime(small, 1) // load the models outside the timing
	ts, tl := minTime(small, 3), minTime(large, 1)
	ratio := float64(tl) / float64(max(ts, time.Millisecond))
	t.Logf("16 KiB %v  160 KiB %v  ratio %.1f", ts, tl, ratio)
	if ratio > 40 {
		t.Errorf("10x the names took %.0fx the time (%v -> %v): not linear", ratio, ts, tl)
	}
}

// TestHostileMegabyte digests 1 MB of each hostile shape with the default
// options, which must take under a second of CPU (the wall clock of a
// shared machine also counts waiting for a core).
func TestHostileMegabyte(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("wall-clock bound; TestHostileInputIsLinear covers the race build")
	}
	for _, h := range hostile {
		text := fill(h.unit, 1<<20)
		c0, t0 := cputime.Process(), time.Now()
		d := Make("", text, Options{})
		el := cputime.Process() - c0
		if c0 == 0 {
			el = time.Since(t0)
		}
		if el > time.Second {
			t.Errorf("%s: 1 MB took %v of CPU (overrun %v)", h.name, el, d.Overrun)
		}
	}
}

func TestBudgetOverrunKeepsFinishedStages(t *testing.T) {
	text := "Elena Kovac, the foreign minister, spoke in Vienna on Monday. “We will not sign this treaty as it stands,” Kovac said. " +
		"The talks resume next week in Geneva, where delegates from twelve countries are expected."
	// One summary sentence, so that the quote is not left out as a repeat.
	full := Make("", text, Options{Sentences: 1})
	if full.Overrun || len(full.Quotes) == 0 || len(full.Actors) == 0 {
		t.Fatalf("the default budget cut a short article: %+v", full)
	}
	// A budget already spent when the first stage ends: the summary is
	// kept, the later stages are skipped, and the caller is told.
	cut := Make("", text, Options{Sentences: 1, Budget: time.Nanosecond})
	if !cut.Overrun {
		t.Fatal("Overrun not set past the budget")
	}
	if len(cut.Summary) == 0 || len(cut.Quotes) != 0 || len(cut.Actors) != 0 {
		t.Errorf("past the budget: %d summary sentences, %d quotes, %d actors; want the summary only", len(cut.Summary), len(cut.Quotes), len(cut.Actors))
	}
	if none := Make("", text, Options{Sentences: 1, Budget: -1}); none.Overrun || len(none.Quotes) != len(full.Quotes) {
		t.Errorf("a negative budget should mean none: %+v", none)
	}
}

func BenchmarkHostile(b *testing.B) {
	for _, h := range hostile {
		text := fill(h.unit, 256<<10)
		b.Run(strings.ReplaceAll(h.name, " ", "_"), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				Make("", text, Options{Budget: -1})
			}
		})
	}
}
