package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// t0 is a fixed clock for tests; sub-second precision checks nanosecond round trips.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)

func openTest(t testing.TB) *Store {
	t.Helper()
	return openTestBatches(t, batchSizes{})
}

// openTestBatches opens a test store whose prune transactions take the
// batch sizes given (zero: the defaults).
func openTestBatches(t testing.TB, b batchSizes) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "digestbot.db"), Options{NoSync: true, batches: b})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestOpenCreatesBucketsAndVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dir", "digestbot.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.db.View(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				t.Errorf("bucket %s missing", name)
			}
		}
		v, err := schemaVersion(tx)
		if v != uint64(SchemaVersion()) || err != nil {
			t.Errorf("schema version = %d, %v; want %d", v, err, SchemaVersion())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("file mode %o, want 600", perm)
	}
}

func TestOpenLockTimeout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "digestbot.db")
	first, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()

	start := time.Now()
	second, err := Open(path, Options{LockTimeout: 200 * time.Millisecond})
	if err == nil {
		second.Close()
		t.Fatal("second Open of a locked file succeeded")
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("waited %s for a 200ms lock timeout", elapsed)
	}
	if !errors.Is(err, bolterrors.ErrTimeout) || !errors.Is(err, ErrLocked) {
		t.Errorf("error %v does not wrap bbolt's ErrTimeout and ErrLocked", err)
	}
	for _, want := range []string{path, "another digestbot process"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}

	// Once the holder closes, the file opens again.
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(path, Options{LockTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	again.Close()
}

// writeRawDB creates a bolt file the way an older or newer digestbot might have left it.
func writeRawDB(t *testing.T, fill func(tx *bolt.Tx) error) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "digestbot.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fill); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenMigratesUnversionedDB(t *testing.T) {
	// A pre-versioning file: a feeds bucket with one record, no meta bucket.
	path := writeRawDB(t, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("feeds"))
		if err != nil {
			return err
		}
		return b.Put(u64(7), []byte(`{"id":7,"url":"https://example.org/feed.xml","title":"Old"}`))
	})
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.SchemaVersion != SchemaVersion() {
		t.Errorf("schema version %d after migration, want %d", st.SchemaVersion, SchemaVersion())
	}
	f, err := s.Feed(7)
	if err != nil || f.Title != "Old" {
		t.Errorf("old feed after migration = %+v, %v", f, err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := writeRawDB(t, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		return b.Put(keySchemaVersion, u64(uint64(SchemaVersion()+1)))
	})
	for _, readOnly := range []bool{false, true} {
		s, err := Open(path, Options{ReadOnly: readOnly})
		if err == nil {
			s.Close()
			t.Fatalf("ReadOnly=%v: opened a file from the future", readOnly)
		}
		if !errors.Is(err, ErrSchemaTooNew) {
			t.Errorf("ReadOnly=%v: error %v, want ErrSchemaTooNew", readOnly, err)
		}
		if !readOnly && !strings.Contains(err.Error(), "upgrade digestbot") {
			t.Errorf("error %q does not say what to do", err)
		}
	}
	// The refused open must not have touched the file.
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketFeeds) != nil {
			t.Error("refused open created buckets")
		}
		return nil
	})
}

func TestMigrate(t *testing.T) {
	var ran []string
	step := func(name string, fail bool) migration {
		return migration{name: name, up: func(tx *bolt.Tx) error {
			ran = append(ran, name)
			if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
				return err
			}
			if fail {
				return errors.New("boom")
			}
			return nil
		}}
	}
	tests := []struct {
		name       string
		start      int // version written before migrating; -1 = no meta bucket
		list       []migration
		wantRan    []string
		wantErr    bool
		wantFinal  int
		wantBucket []string // buckets that must exist afterwards
	}{
		{"fresh file runs all in order", -1, []migration{step("a", false), step("b", false), step("c", false)}, []string{"a", "b", "c"}, false, 3, []string{"a", "b", "c"}},
		{"partial runs the rest", 1, []migration{step("a", false), step("b", false), step("c", false)}, []string{"b", "c"}, false, 3, []string{"b", "c"}},
		{"current runs nothing", 2, []migration{step("a", false), step("b", false)}, nil, false, 2, nil},
		{"failure rolls back earlier steps", 0, []migration{step("a", false), step("b", true)}, []string{"a", "b"}, true, 0, nil},
		{"newer file refused", 3, []migration{step("a", false)}, nil, true, 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ran = nil
			path := writeRawDB(t, func(tx *bolt.Tx) error {
				if tt.start < 0 {
					return nil
				}
				b, err := tx.CreateBucket(bucketMeta)
				if err != nil {
					return err
				}
				return b.Put(keySchemaVersion, u64(uint64(tt.start)))
			})
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			err = db.Update(func(tx *bolt.Tx) error {
				_, _, err := migrate(tx, tt.list)
				return err
			})
			if (err != nil) != tt.wantErr {
				t.Fatalf("migrate error = %v, want error %v", err, tt.wantErr)
			}
			if strings.Join(ran, ",") != strings.Join(tt.wantRan, ",") {
				t.Errorf("ran %v, want %v", ran, tt.wantRan)
			}
			_ = db.View(func(tx *bolt.Tx) error {
				v, _ := schemaVersion(tx)
				if v != uint64(tt.wantFinal) {
					t.Errorf("version after = %d, want %d", v, tt.wantFinal)
				}
				for _, b := range tt.wantBucket {
					if tx.Bucket([]byte(b)) == nil {
						t.Errorf("bucket %s missing", b)
					}
				}
				if tt.wantErr && tx.Bucket([]byte("a")) != nil {
					t.Error("failed migration left bucket a behind")
				}
				return nil
			})
		})
	}
}

func TestOpenReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "digestbot.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddFeed(Feed{URL: "https://example.org/rss"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.FeedByURL("https://example.org/rss"); err != nil {
		t.Error(err)
	}
	if _, err := ro.AddFeed(Feed{URL: "https://example.org/other"}); err == nil {
		t.Error("write through a read-only store succeeded")
	}
}

func TestBackup(t *testing.T) {
	s := openTest(t)
	f, err := s.AddFeed(Feed{URL: "https://example.org/rss", AddedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, []Item{{Key: "a"}, {Key: "b"}}, t0); err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	n, err := s.Backup(&buf)
	if err != nil || n != int64(buf.Len()) || n == 0 {
		t.Fatalf("Backup = %d, %v (buffer %d bytes)", n, err, buf.Len())
	}

	dir := t.TempDir()
	dst := filepath.Join(dir, "backup.db")
	if err := os.WriteFile(dst, []byte("previous backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BackupFile(dst); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("backup dir holds %d entries, want only the backup (temp file left behind?)", len(entries))
	}
	b, err := Open(dst, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, key := range []string{"a", "b"} {
		if ok, err := b.Seen(f.ID, key); !ok || err != nil {
			t.Errorf("backup: Seen(%q) = %v, %v", key, ok, err)
		}
	}

	if _, err := s.BackupFile(s.Path()); !errors.Is(err, ErrInvalid) {
		t.Errorf("backup onto the live file: %v, want ErrInvalid", err)
	}
	if _, err := s.BackupFile(filepath.Join(dir, "missing", "x.db")); err == nil {
		t.Error("backup into a missing directory succeeded")
	}
}

func TestStats(t *testing.T) {
	s := openTest(t)
	f, _ := s.AddFeed(Feed{URL: "https://example.org/rss"})
	// Baseline of 3 with one backfilled, then one new item.
	if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200, Backfill: 1}, []Item{{Key: "1"}, {Key: "2"}, {Key: "3"}}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordPoll(f.ID, FeedUpdate{Status: 200}, []Item{{Key: "4"}}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutArticle("https://example.org/a", []byte("x"), t0); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{SchemaVersion: SchemaVersion(), Feeds: 1, SeenKeys: 4, Items: 4, NewItems: 2, Articles: 1, FileSize: st.FileSize}
	if st != want {
		t.Errorf("Stats = %+v, want %+v", st, want)
	}
	if st.FileSize <= 0 {
		t.Errorf("FileSize = %d", st.FileSize)
	}
}

func TestTimeKeyOrder(t *testing.T) {
	times := []time.Time{
		{},
		time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Unix(0, -1),
		time.Unix(0, 0),
		t0,
		t0.Add(1),
	}
	for i := 1; i < len(times); i++ {
		a, b := timeKey(times[i-1]), timeKey(times[i])
		if a >= b {
			t.Errorf("timeKey(%v)=%d not below timeKey(%v)=%d", times[i-1], a, times[i], b)
		}
		if got := timeFromKey(b); !got.Equal(times[i]) {
			t.Errorf("round trip %v -> %v", times[i], got)
		}
	}
	if !timeFromKey(timeKey(time.Time{})).IsZero() {
		t.Error("zero time does not round-trip")
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], timeKey(t0))
	if !bytes.Equal(appendTime(nil, t0), b[:]) {
		t.Error("appendTime disagrees with timeKey")
	}
}
