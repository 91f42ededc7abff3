//go:build race

package article

// raceEnabled: the race detector slows extraction five to ten times, so
// wall-clock bounds are not asserted under it.
const raceEnabled = true
