package entity

import (
	"testing"

	"github.com/digestbot/digestbot/digest/entity/tagger"
)

// tagWords tokenises text and tags the tokens listed in tags (by index),
// leaving the rest O, so each rule is tested on the tagger slip it repairs
// whatever the current weights do.
func tagWords(text string, tags map[int]int) ([]tagger.Token, []int) {
	toks := tagger.Tokenize(text)
	out := make([]int, len(toks))
	for k, t := range tags {
		out[k] = t
	}
	return toks, out
}

func TestExtendOrg(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		text     string
		tags     map[int]int
		j        int
		typ      string
		wantJ    int
		wantType string
	}{
		{"corporate suffix joins the company", "Shares in Ashanti Goldfields Ltd rose.",
			map[int]int{2: tagger.TagBOrg, 3: tagger.TagIOrg}, 4, "ORG", 5, "ORG"},
		{"two suffixes, with periods", "Kowloon Motor Co. Ltd. said profits fell.",
			map[int]int{0: tagger.TagBOrg, 1: tagger.TagIOrg}, 2, "ORG", 4, "ORG"},
		{"a place before a suffix is a company", "Profits at Hong Kong Holdings fell.",
			map[int]int{2: tagger.TagBLoc, 3: tagger.TagILoc}, 4, "LOC", 5, "ORG"},
		{"a suffix the tagger already typed is left alone", "Kowloon Group said.",
			map[int]int{0: tagger.TagBOrg, 1: tagger.TagBOrg}, 1, "ORG", 1, "ORG"},
		{"a city in a results line is its club", "Valletta 2 Floriana 1",
			map[int]int{0: tagger.TagBLoc, 2: tagger.TagBLoc}, 1, "LOC", 1, "ORG"},
		{"a city in a league table is its club", "Valletta 4 3 1 0 10 4 10",
			map[int]int{0: tagger.TagBLoc}, 1, "LOC", 1, "ORG"},
		{"a city before a year stays a place", "Valletta 1996 was hot.",
			map[int]int{0: tagger.TagBLoc}, 1, "LOC", 1, "LOC"},
		{"a city before a count of things stays a place", "Valletta 2 people died.",
			map[int]int{0: tagger.TagBLoc}, 1, "LOC", 1, "LOC"},
		{"a suffix on the next line is not joined", "Ashanti Goldfields\nGroup results",
			map[int]int{0: tagger.TagBOrg, 1: tagger.TagIOrg}, 2, "ORG", 2, "ORG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, tags := tagWords(tt.text, tt.tags)
			j, typ := extendOrg(toks, tags, tt.j, tt.typ)
			if j != tt.wantJ || typ != tt.wantType {
				t.Errorf("extendOrg(%q) = %d %s, want %d %s", tt.text, j, typ, tt.wantJ, tt.wantType)
			}
		})
	}
}

func TestCompanyStart(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	checkSpanRule(t, "companyStart", companyStart, []spanCase{
		{"Figures were compiled by Piper Jaffray Inc for the week.", 5, 7, 4},
		{"The deal with Best Products Co closed.", 5, 6, 3},
		{"A suit against F.H. Faulding & Co was filed.", 6, 7, 3},
		{"Profits at Ashanti Goldfields rose.", 3, 4, 3}, // no suffix: unchanged
		{"Analysts at the Kowloon Group said.", 4, 5, 3}, // stops at "the"
		{"Kowloon Group said so.", 0, 2, 0},              // sentence start
	})
}

func TestExtendClub(t *testing.T) {
	checkSpanRule(t, "extendClub", extendClub, []spanCase{
		{"Gloria beat F.C. La Valletta 2-1 in Bistrita.", 2, 3, 5},
		{"Gloria beat F.C. Valletta ( Malta ) 2-1.", 2, 3, 4},
		{"Gloria beat FC Porto.", 2, 3, 4},
		{"Shares in Valletta rose.", 2, 3, 3}, // no club prefix
	})
}

func TestFixtureClub(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	const fixtures = "Division three - Swansea v Lincoln , Brighton v Scunthorpe ."
	tests := []struct {
		name string
		text string
		tags map[int]int
		i, j int
		typ  string
		want bool
	}{
		{"a town before v is its club", fixtures, map[int]int{3: tagger.TagBLoc, 5: tagger.TagBOrg}, 3, 4, "LOC", true},
		{"a town after v is its club", fixtures, map[int]int{3: tagger.TagBOrg, 5: tagger.TagBLoc}, 5, 6, "LOC", true},
		{"a national side stays a place", "Group B : Italy v England .", map[int]int{3: tagger.TagBLoc, 5: tagger.TagBLoc}, 3, 4, "LOC", false},
		{"a club the tagger took for a person", fixtures, map[int]int{7: tagger.TagBPer, 9: tagger.TagBOrg}, 7, 8, "PER", true},
		{"players meet players", "Final : Sampras v Agassi .", map[int]int{2: tagger.TagBPer, 4: tagger.TagBPer}, 2, 3, "PER", false},
		{"no fixture, no change", "Swansea voted on Tuesday .", map[int]int{0: tagger.TagBLoc}, 0, 1, "LOC", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, tags := tagWords(tt.text, tt.tags)
			if got := fixtureClub(toks, tags, tt.i, tt.j, tt.typ); got != tt.want {
				t.Errorf("fixtureClub(%q, %d, %d) = %v, want %v", tt.text, tt.i, tt.j, got, tt.want)
			}
		})
	}
}

func TestAppendMentionTrimsPunctuation(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		text string
		i, j int
		want string
	}{
		{"Voted down by Congress , Clinton said.", 3, 5, "Congress"},
		{"He ( Mind Games ) was going.", 2, 5, "Mind Games"},
		{"F.C. Valletta ( Malta ) won.", 2, 5, "Malta"},
		{"A suit against F.H. Faulding & Co was filed.", 3, 7, "F.H. Faulding & Co"},
	} {
		toks, _ := tagWords(tt.text, nil)
		got := appendMention(nil, tt.text, 0, toks, tt.i, tt.j, "ORG")
		if len(got) != 1 || got[0].Text != tt.want {
			t.Errorf("appendMention(%q, %d, %d) = %+v, want %q", tt.text, tt.i, tt.j, got, tt.want)
		}
	}
}

func TestSlashSplit(t *testing.T) {
	checkSpanRule(t, "slashSplit", slashSplit, []spanCase{
		{"Lee Wan Wah / Chong Tan Fook won.", 0, 7, 3},
		{"Yap Kim Hock won.", 0, 3, -1},
		{"/ Kim won.", 0, 2, -1}, // a slash at the edge splits nothing
	})
}

// spanCase is a chunk [i, j) of text and the token index a rule should
// return for it.
type spanCase struct {
	text       string
	i, j, want int
}

func checkSpanRule(t *testing.T, name string, rule func([]tagger.Token, int, int) int, cases []spanCase) {
	t.Helper()
	for _, tt := range cases {
		toks, _ := tagWords(tt.text, nil)
		if got := rule(toks, tt.i, tt.j); got != tt.want {
			t.Errorf("%s(%q, %d, %d) = %d, want %d", name, tt.text, tt.i, tt.j, got, tt.want)
		}
	}
}
