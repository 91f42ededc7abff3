//go:build unix

package acceptance

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used: on a shared machine the
// wall clock of a benchmark also counts time spent waiting for a core.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
