//go:build unix

// Package cputime reads the CPU time this process has used. Benchmarks and
// linearity tests use it: on a shared machine the wall clock also counts
// time spent waiting for a core.
package cputime

import (
	"syscall"
	"time"
)

// Process is the user and system CPU time this process has used so far.
func Process() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
