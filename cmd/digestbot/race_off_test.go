//go:build !race

package main

// raceDetector is true in a test binary built with the race detector.
const raceDetector = false
