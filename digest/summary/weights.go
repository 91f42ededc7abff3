package summary

// DefaultWeights were fitted by coordinate ascent on ROUGE-1 + ROUGE-L F1
// over the 123 CNN/DailyMail dev articles (go run ./cmd/digesteval summary
// -tune): every weight but the title's without a title, then the title's with
// the URL slug standing in for the headline. Zero weights are features the
// fit found no use for on this data; they stay so a refit on other data can
// use them. A title still matters through the restated-headline filter.
var DefaultWeights = Weights{
	FeatPosition:   0.65,
	FeatEarly:      0,
	FeatCentrality: 0.75,
	FeatTitle:      0,
	FeatEntities:   0,
	FeatLength:     -0.1,
	FeatShort:      0.1,
	FeatQuote:      -1,
	FeatCaption:    0,
	FeatLabelled:   0,
	FeatPronoun:    0.1,
}
