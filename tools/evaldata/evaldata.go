// Package evaldata locates the annotated evaluation data that lives beside the
// project (../shared/evaldata). The data is never committed, so callers must
// cope with its absence: tests skip, tools print a clear error.
package evaldata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// EnvVar overrides where the evaluation data is looked for.
const EnvVar = "DIGESTBOT_EVALDATA"

// ErrMissing reports that no evaluation data directory was found.
var ErrMissing = errors.New("evaldata: ../shared/evaldata not found (set " + EnvVar + ")")

// Dir returns the evaluation data directory: $DIGESTBOT_EVALDATA, or
// shared/evaldata beside the nearest enclosing folder holding a go.mod.
func Dir() (string, error) {
	if d := os.Getenv(EnvVar); d != "" {
		if isDir(d) {
			return d, nil
		}
		return "", fmt.Errorf("evaldata: %s=%q is not a directory", EnvVar, d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("evaldata: %w", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			// tools/ is a module of its own, so keep climbing past a go.mod
			// that has no shared/ beside it, up to the repository root's.
			d := filepath.Join(filepath.Dir(dir), "shared", "evaldata")
			if isDir(d) {
				return d, nil
			}
		}
		if filepath.Dir(dir) == dir {
			return "", ErrMissing
		}
	}
}

// Path joins elem onto Dir.
func Path(elem ...string) (string, error) {
	d, err := Dir()
	if err != nil {
		return "", err
	}
	return filepath.Join(append([]string{d}, elem...)...), nil
}

// Skipper is the part of testing.TB that Require needs; taking it rather than
// testing.TB keeps the testing package out of non-test code.
type Skipper interface {
	Helper()
	Skipf(format string, args ...any)
}

// Require returns Path(elem...) or skips the test with a clear message when
// the data is absent.
func Require(tb Skipper, elem ...string) string {
	tb.Helper()
	p, err := Path(elem...)
	if err == nil {
		_, err = os.Stat(p)
	}
	if err != nil {
		tb.Skipf("evaluation data absent, skipping: %v", err)
	}
	return p
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
