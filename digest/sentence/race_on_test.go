//go:build race

package sentence

// raceDetector is true in a build with the race detector, whose own
// bookkeeping makes timings meaningless.
const raceDetector = true
