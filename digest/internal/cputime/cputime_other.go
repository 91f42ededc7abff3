//go:build !unix

package cputime

import "time"

// Process is zero where the platform does not report CPU time.
func Process() time.Duration { return 0 }
