package store

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// filledDB writes a database of several hundred pages, so that cutting it
// leaves the header pages intact but loses pages they point to.
func filledDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "digestbot.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		if _, err := s.AddFeed(Feed{URL: fmt.Sprintf("https://example.org/%d", i), Title: strings.Repeat("t", 200)}); err != nil {
			t.Fatal(err)
		}
		if err := s.PutArticle(fmt.Sprintf("https://example.org/a/%d", i), []byte(strings.Repeat("x", 3000)), t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// wantDamaged checks that opening path fails with ErrDamaged, names the file
// and says what to do.
func wantDamaged(t *testing.T, path string, opts Options, why string) {
	t.Helper()
	s, err := Open(path, opts)
	if err == nil {
		s.Close()
		t.Fatalf("Open of a damaged file (%s) succeeded", why)
	}
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("Open: %v, want ErrDamaged", err)
	}
	for _, want := range []string{path, why, "digestbot backup"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestOpenTruncatedFile(t *testing.T) {
	path := filledDB(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Cuts at a page boundary, mid-page, and just past the header pages.
	for _, size := range []int{len(data) / 2, len(data)/3 + 100, 3 * 4096} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			cut := filepath.Join(t.TempDir(), "cut.db")
			if err := os.WriteFile(cut, data[:size], 0o600); err != nil {
				t.Fatal(err)
			}
			wantDamaged(t, cut, Options{}, "truncated")
			wantDamaged(t, cut, Options{ReadOnly: true}, "truncated")
		})
	}
}

func TestOpenEmptyFileIsNotANewDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "digestbot.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	wantDamaged(t, path, Options{}, "empty")
	if info, err := os.Stat(path); err != nil || info.Size() != 0 {
		t.Errorf("the empty file was changed: %v, %v", info, err)
	}
}

func TestOpenGarbageFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "digestbot.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database\n", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	wantDamaged(t, path, Options{}, "not a readable database")
}

func TestOpenHugeSchemaVersion(t *testing.T) {
	for _, v := range []uint64{1 << 63, math.MaxUint64, math.MaxInt64, 2} {
		t.Run(fmt.Sprint(v), func(t *testing.T) {
			path := writeRawDB(t, func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket(bucketMeta)
				if err != nil {
					return err
				}
				return b.Put(keySchemaVersion, u64(v))
			})
			for _, ro := range []bool{false, true} {
				s, err := Open(path, Options{ReadOnly: ro})
				if err == nil {
					s.Close()
					t.Fatalf("Open (read-only %v) of schema version %d succeeded", ro, v)
				}
				if !errors.Is(err, ErrSchemaTooNew) {
					t.Errorf("Open: %v, want ErrSchemaTooNew", err)
				}
				for _, want := range []string{path, fmt.Sprint(v), "digestbot backup"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not mention %q", err, want)
					}
				}
			}
		})
	}
}

// A file cut mid-page but still holding every reachable page passes
// bbolt's check and opens; the same file with a zeroed page does not.
func TestOpenPartialPageRunsConsistencyCheck(t *testing.T) {
	path := filledDB(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{}) // writable: tx.Page needs the freelist
	if err != nil {
		t.Fatal(err)
	}
	var need, leaf int
	pageSize := s.db.Info().PageSize
	_ = s.db.View(func(tx *bolt.Tx) error {
		need = int(tx.Size())
		// A leaf in use: zeroing a free page would harm nothing.
		var leaves []int
		for id := 2; id < need/pageSize; id++ {
			if p, err := tx.Page(id); err == nil && p != nil && p.Type == "leaf" {
				leaves = append(leaves, id)
			}
		}
		if len(leaves) > 0 {
			leaf = leaves[len(leaves)/2]
		}
		return nil
	})
	s.Close()
	if need >= len(data) {
		t.Fatalf("the file has no free tail to cut: needs %d of %d bytes", need, len(data))
	}

	intact := filepath.Join(t.TempDir(), "intact.db")
	if err := os.WriteFile(intact, append(data[:need:need], 1, 2, 3), 0o600); err != nil {
		t.Fatal(err)
	}
	ok, err := Open(intact, Options{})
	if err != nil {
		t.Fatalf("a file whose lost tail held no data: %v", err)
	}
	ok.Close()

	broken := append([]byte(nil), data[:need]...)
	broken = append(broken, 1, 2, 3)
	if leaf == 0 {
		t.Fatal("no leaf page found")
	}
	clear(broken[leaf*pageSize : (leaf+1)*pageSize])
	bad := filepath.Join(t.TempDir(), "bad.db")
	if err := os.WriteFile(bad, broken, 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	wantDamaged(t, bad, Options{}, "consistency check")
	t.Logf("check took %s", time.Since(start))
}
