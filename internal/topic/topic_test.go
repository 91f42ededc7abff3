package topic

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Hello, World!", []string{"hello", "world"}},
		{"The U.S. and the U.S.A", []string{"the", "us", "and", "the", "usa"}},
		{"e.g. this", []string{"eg", "this"}},
		{"J. R. Tolkien", []string{"j", "r", "tolkien"}},
		{"Elena Kovač's plan", []string{"elena", "kovac", "plan"}},
		{"don't stop", []string{"dont", "stop"}},
		{"O’Brien", []string{"obrien"}},
		{"COVID-19 cases rose 3.5% to 1,000,000", []string{"covid", "19", "cases", "rose", "3.5", "to", "1000000"}},
		{"items 2,3 and 4", []string{"items", "2", "3", "and", "4"}},
		{"Müller in Zürich", []string{"muller", "in", "zurich"}},
		{"Ελλάδα και Κύπρος", []string{"ελλαδα", "και", "κυπρος"}},
		{"end of sentence. Next", []string{"end", "of", "sentence", "next"}},
		{"#AI—robots", []string{"ai", "robots"}},
		{"", nil},
		{"!!! ...", nil},
	}
	for _, tc := range tests {
		if got := tokenize(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"AI", "ai"},
		{"  climate   Summit ", "climate summit"},
		{`"Climate  Change"`, `"climate change"`},
		{`“smart quotes”`, `"smart quotes"`},
		{`"single"`, "single"},
		{"COVID-19", `"covid 19"`},
		{"a b OR c", "a b OR c"},
		{"a OR b OR c", "a OR b OR c"},
		{"(a OR b) OR c", "a OR b OR c"},
		{"(a b) OR c", "(a b) OR c"},
		{"(a b) c", "a b c"},
		{"(a OR b) c", "a OR b c"},
		{"-sports ai", "-sports ai"},
		{"--sports ai", "-sports ai"},
		{"ai -(a OR b)", "ai -(a OR b)"},
		{"ai --x", "ai -x"},
		{"ai -(-x)", "ai x"},
		{`-"world cup" football`, `-"world cup" football`},
		{`actor:"Elena Kovač"`, `actor:"elena kovac"`},
		{"actor:Kovac", `actor:"kovac"`},
		{"ACTOR:kovac", `actor:"kovac"`},
		{`ai -actor:"Elon Musk"`, `ai -actor:"elon musk"`},
		{"Elect*", "elect*"},
		{"ai & robots", "ai robots"},
		{"ai - robots", "ai robots"},
		{"ai or robots", "ai or robots"},
		{"U.S. election", "us election"},
		{"a OR -b c", "a OR -b c"},
	}
	for _, tc := range tests {
		q, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		got := q.String()
		if got != tc.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.in, got, tc.want)
		}
		again, err := Parse(got)
		if err != nil || again.String() != got {
			t.Errorf("canonical %q does not re-parse to itself: %q, %v", got, again.String(), err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", ErrEmpty},
		{"   ", ErrEmpty},
		{"&& !!", ErrEmpty},
		{strings.Repeat("a", 201), ErrTooLong},
		{`"climate change`, ErrUnclosedQuote},
		{`actor:"Elena`, ErrUnclosedQuote},
		{`ai ""`, ErrEmptyQuotes},
		{`ai "!!"`, ErrEmptyQuotes},
		{"OR ai", ErrORNeedsTerms},
		{"ai OR", ErrORNeedsTerms},
		{"ai OR OR robots", ErrORNeedsTerms},
		{"(ai OR) robots", ErrORNeedsTerms},
		{"(ai robots", ErrUnclosedParen},
		{"ai) robots", ErrUnmatchedParen},
		{"ai ()", ErrEmptyParens},
		{"actor:", ErrActorNeedsName},
		{`actor:""`, ErrActorNeedsName},
		{"a*", ErrShortWildcard},
		{"-sports", ErrOnlyExclusions},
		{"-sports -(a OR b)", ErrOnlyExclusions},
		{"ai OR -sports", ErrOnlyExclusions},
		{"ai -)", ErrDashNeedsTerm},
		{"(ai -)", ErrDashNeedsTerm},
	}
	for _, tc := range tests {
		_, err := Parse(tc.in)
		if !errors.Is(err, tc.want) {
			t.Errorf("Parse(%q) error = %v, want %v", tc.in, err, tc.want)
		}
	}
	// 200 characters, counted as characters rather than bytes, is allowed.
	if _, err := Parse(strings.Repeat("é", 200)); err != nil {
		t.Errorf("200 characters: %v", err)
	}
}

func TestMatch(t *testing.T) {
	doc := Doc{
		Title:   "EU leaders said to back A.I. rules at Brussels summit",
		Summary: "Elena Kovač's proposal on climate-change funding passed; the U.S. abstained.",
		Text:    "Talks ran late in New\nYork and Brussels. COVID-19 was not discussed. Elections follow in May.",
		Actors:  []string{"Elena Kovač", "European Union", "Joe Biden"},
	}
	tests := []struct {
		query string
		want  bool
	}{
		{"ai", true},
		{"AI rules", true},
		{"said", true},
		{"sai", false},             // not a substring match
		{"brussel", false},         // whole words only
		{"brussel*", true},         // unless asked for a prefix
		{"election", false},        // no stemming
		{"elect*", true},           // prefix finds "elections"
		{"us", true},               // U.S.
		{"u.s.", true},             // dotted query too
		{`"climate change"`, true}, // phrase across a hyphen
		{"climate-change", true},
		{`"change climate"`, false}, // order matters
		{`"new york"`, true},        // across a newline
		{`"brussels summit"`, true},
		{`"summit elena"`, false}, // a phrase does not span title and summary
		{`"kovac european"`, false},
		{"covid-19", true},
		{`"covid 19"`, true},
		{"kovac", true}, // words match actor names too, and ignore accents
		{"KOVAČ", true},
		{"actor:kovac", true},
		{`actor:"Elena Kovac"`, true},
		{`actor:"elena"`, false}, // a first name alone is not enough
		{`actor:"Union"`, true},
		{`actor:"Biden"`, true},
		{`actor:"Hunter Biden"`, false},
		{`actor:"brussels"`, false}, // in the text, but not an actor
		{"ai -sports", true},
		{"ai -brussels", false},
		{`ai -"new york"`, false},
		{`ai -"york new"`, true},
		{`ai -actor:"Joe Biden"`, false},
		{`ai -actor:"Trump"`, true},
		{"sports OR rules", true},
		{"sports OR tennis", false},
		{"brussels sports OR rules", true},
		{"brussels sports OR tennis", false},
		{"(sports brussels) OR tennis", false},
		{"(ai brussels) OR tennis", true},
		{"ai -(sports OR tennis)", true},
		{"ai -(sports OR summit)", false},
	}
	prepared := Prepare(doc)
	for _, tc := range tests {
		q, err := Parse(tc.query)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.query, err)
			continue
		}
		if got := q.Match(doc); got != tc.want {
			t.Errorf("%q.Match = %v, want %v", tc.query, got, tc.want)
		}
		if got := q.MatchPrepared(prepared); got != tc.want {
			t.Errorf("%q.MatchPrepared = %v, want %v", tc.query, got, tc.want)
		}
	}
}

func TestZeroValues(t *testing.T) {
	var q Query
	if q.Match(Doc{Title: "anything"}) {
		t.Error("zero Query matched")
	}
	if q.String() != "" {
		t.Errorf("zero Query String = %q", q.String())
	}
	real, _ := Parse("ai")
	if real.MatchPrepared(nil) {
		t.Error("nil PreparedDoc matched")
	}
}

func BenchmarkMatchPrepared(b *testing.B) {
	text := strings.Repeat("Officials in Brussels said the climate summit would resume talks on funding. ", 60)
	doc := Doc{Title: "Climate summit resumes", Summary: "Talks resume.", Text: text, Actors: []string{"Elena Kovac", "European Union"}}
	queries := []string{`"climate summit" -sports`, "ai OR robots", `actor:"Kovac"`, "fund*", "brussels talks funding"}
	var compiled []Query
	for _, s := range queries {
		q, err := Parse(s)
		if err != nil {
			b.Fatal(err)
		}
		compiled = append(compiled, q)
	}
	p := Prepare(doc)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range compiled {
			q.MatchPrepared(p)
		}
	}
}

func BenchmarkPrepare(b *testing.B) {
	text := strings.Repeat("Officials in Brussels said the climate summit would resume talks on funding. ", 60)
	doc := Doc{Title: "Climate summit resumes", Summary: "Talks resume.", Text: text, Actors: []string{"Elena Kovac", "European Union"}}
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		Prepare(doc)
	}
}
