//go:build race

package digest

// raceEnabled: the race detector slows the engine five to ten times, so
// wall-clock bounds are not asserted under it (ratios still are).
const raceEnabled = true
