// Package acceptance holds the quality checks that read the annotated
// evaluation data in ../shared/evaldata: summary ROUGE against Lead-3, quotes
// and speakers on PolNeAR, actors on CoNLL, extraction on the Zyte pages.
// They live in the tools module so that the product's go.mod lists only what
// the binary links (go-trafilatura is a comparison baseline here). Each test
// skips with a message when the data is absent.
package acceptance
