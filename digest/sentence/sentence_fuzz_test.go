package sentence

import "testing"

// FuzzSplit checks Split's invariants on any input: sentences in order, not
// overlapping, each the verbatim text at its offsets. The seed corpus is in
// testdata/fuzz/FuzzSplit (abbreviations, ellipses, quotes, invalid UTF-8,
// runs of punctuation); `go test` runs it, `go test -fuzz FuzzSplit` explores.
func FuzzSplit(f *testing.F) {
	f.Add("Dr. Smith said: \"We won.\" Then U.S. officials left… 3.5 p.m.\n\n- item")
	f.Add("\xff\xfe.\xe2\x80\xa6 A")
	f.Fuzz(func(t *testing.T, in string) {
		checkInvariants(t, in, Split(in))
	})
}
