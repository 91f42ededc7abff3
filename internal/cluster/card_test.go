package cluster

import (
	"fmt"
	"testing"
	"time"

	"github.com/digestbot/digestbot/digest"
)

func TestBest(t *testing.T) {
	t0 := time.Date(2026, 3, 18, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		versions []Version
		want     int
	}{
		{"none", nil, -1},
		{"most complete wins", []Version{{1000, t0}, {3000, t0.Add(time.Hour)}, {500, t0}}, 1},
		{"earliest of the nearly as complete", []Version{{3000, t0.Add(2 * time.Hour)}, {2800, t0}, {3000, t0.Add(time.Hour)}}, 1},
		{"unknown time loses to a known one", []Version{{3000, time.Time{}}, {3000, t0}}, 1},
		{"nothing readable: earliest", []Version{{0, t0.Add(time.Hour)}, {0, t0}}, 1},
		{"ties keep the first", []Version{{100, t0}, {100, t0}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Best(tt.versions); got != tt.want {
				t.Errorf("Best = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestMergeActors(t *testing.T) {
	got := MergeActors([][]digest.Actor{
		{{Name: "Elena Kovac", Kind: "person", Mentions: 2, Spans: [][2]int{{0, 11}}}, {Name: "Hungary", Kind: "place", Mentions: 1}},
		{{Name: "Kovac", Kind: "person", Mentions: 3}, {Name: "European Union", Kind: "org", Mentions: 1}},
		{{Name: "european union", Kind: "org", Mentions: 2}, {Name: "ELENA KOVAC", Kind: "person", Mentions: 1}},
		{{Name: "Smith", Kind: "person", Mentions: 1}, {Name: "Anna Smith", Kind: "person", Mentions: 1}, {Name: "John Smith", Kind: "person", Mentions: 1}},
	})
	want := "[{Elena Kovac person 6 []} {European Union org 3 []} {Anna Smith person 1 []} {Hungary place 1 []} {John Smith person 1 []} {Smith person 1 []}]"
	if s := fmt.Sprint(got); s != want {
		t.Errorf("MergeActors =\n%s\nwant\n%s", s, want)
	}
}

func TestMergeQuotes(t *testing.T) {
	got := MergeQuotes([][]digest.Quote{
		{{Text: "We are closing the tap for good", Speaker: ""}, {Text: "No comment", Speaker: "A spokesman"}},
		{{Text: "“We are closing the tap for good … and nobody should expect us to reopen it.”", Speaker: "Lena Vasquez"},
			{Text: "It is a historic day", Speaker: "Jan Novak"}},
		{{Text: "we are CLOSING the tap, for good", Speaker: "Vasquez"}, {Text: "no comment.", Speaker: "Spokesman"},
			{Text: "The market will adjust", Speaker: "Ola Berg"}},
	})
	var s []string
	for _, q := range got {
		s = append(s, fmt.Sprintf("%d:%s:%s", q.Article, q.Speaker, q.Text))
	}
	want := "[1:Lena Vasquez:“We are closing the tap for good … and nobody should expect us to reopen it.” " +
		"0:A spokesman:No comment 1:Jan Novak:It is a historic day 2:Ola Berg:The market will adjust]"
	if fmt.Sprint(s) != want {
		t.Errorf("MergeQuotes =\n%v\nwant\n%v", s, want)
	}
}

func TestQuoteKey(t *testing.T) {
	if got := quoteKey(" “Don’t —  STOP,” she said. "); got != "dont stop she said" {
		t.Errorf("quoteKey = %q", got)
	}
}
