package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// ErrDamaged means the database file cannot be read safely: it is empty,
// truncated, not a bbolt file, or bbolt found it inconsistent.
var ErrDamaged = errors.New("store: database file is damaged")

// restoreHint tells a person what to do about a damaged file. The CLI prints
// errors as they are, so the advice travels inside the error.
const restoreHint = "restore it from a copy made with `digestbot backup` " +
	"(move the damaged file aside and copy the backup to its place), " +
	"or move it aside to start with an empty database"

// damagedError names the file, the damage and the remedy.
func damagedError(path, what string) error {
	return fmt.Errorf("%w: %s: %s; %s", ErrDamaged, path, what, restoreHint)
}

// inspect refuses a file that would crash bbolt before bbolt reads more than
// its two header pages. A truncated file is the dangerous case: bbolt maps the
// file and reads pages past its end, which is a SIGBUS no recover can catch.
// bbolt would also silently turn an empty file into a new database, hiding the
// loss of the old one. A missing file is fine: Open creates it.
func inspect(path string, timeout time.Duration) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if info.Size() == 0 {
		return damagedError(path, "the file is empty (0 bytes), so its data is gone")
	}
	// Read-only: a shared lock, and bbolt reads only the header pages.
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		var pathErr *fs.PathError
		if errors.Is(err, bolterrors.ErrTimeout) || errors.As(err, &pathErr) {
			return err
		}
		return damagedError(path, "it is not a readable database ("+err.Error()+")")
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		need := tx.Size()
		if info.Size() < need {
			return damagedError(path, fmt.Sprintf("the file is truncated: it has %d bytes, the database needs %d", info.Size(), need))
		}
		// bbolt writes whole pages; a partial one means the file was cut or
		// copied badly, though what is reachable may still be intact.
		if info.Size()%int64(db.Info().PageSize) != 0 {
			return check(path, tx)
		}
		return nil
	})
}

// check runs bbolt's consistency check, which reads every reachable page;
// it is only called once the file is known to hold all of them.
func check(path string, tx *bolt.Tx) error {
	var problems []string
	for err := range tx.Check() {
		if len(problems) < 3 {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		return damagedError(path, "bbolt's consistency check failed: "+strings.Join(problems, "; "))
	}
	return nil
}

// guard turns a panic or a memory fault inside fn (bbolt panics on pages it
// cannot make sense of) into ErrDamaged, so a damaged file never ends the
// process with a stack trace.
func guard(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = damagedError(path, fmt.Sprintf("bbolt could not read it (%v)", r))
		}
	}()
	return fn()
}
