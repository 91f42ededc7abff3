package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/digestbot/digestbot/tools/evaldata"
)

// TestCommittedListRegenerates checks that the committed list is what this
// command makes from the evaluation data, byte for byte.
func TestCommittedListRegenerates(t *testing.T) {
	if _, err := evaldata.Dir(); errors.Is(err, evaldata.ErrMissing) {
		t.Skip(err)
	}
	out := filepath.Join(t.TempDir(), "common.txt.gz")
	if err := run(out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../../digest/entity/common.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("regenerated list (%d bytes) differs from the committed one (%d bytes): run `cd tools && go run ./cmd/common-words`",
			len(got), len(want))
	}
}
