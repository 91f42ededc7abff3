package entity

import "testing"

func TestActorsPersonVariants(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"a short first name, a middle initial and a suffix are one person, and the lone surname joins",
			"Patrick W. Carlineo Jr. pleaded guilty. Pat Carlineo said little. Carlineo was sentenced. " +
				"Patrick Carlineo Jr. left. Carlineo declined to comment.",
			[]any{"Patrick W. Carlineo Jr.", Person, "Pat Carlineo", Person, "Carlineo", Person,
				"Patrick Carlineo Jr.", Person, "Carlineo", Person},
			[]actorSummary{{"Patrick W. Carlineo Jr.", Person, 5}},
		},
		{
			"a short form two names could claim stays apart",
			"Patrick Smith and Patricia Smith arrived. Pat Smith stayed home.",
			[]any{"Patrick Smith", Person, "Patricia Smith", Person, "Pat Smith", Person},
			[]actorSummary{{"Patrick Smith", Person, 1}, {"Patricia Smith", Person, 1}, {"Pat Smith", Person, 1}},
		},
		{
			"different first names are different people",
			"Bill Clinton spoke. Hillary Clinton spoke too.",
			[]any{"Bill Clinton", Person, "Hillary Clinton", Person},
			[]actorSummary{{"Bill Clinton", Person, 1}, {"Hillary Clinton", Person, 1}},
		},
		{
			"a surname of several words joins the full name",
			"James Van Der Beek danced. Van Der Beek said he was tired. Van Der Beek left.",
			[]any{"James Van Der Beek", Person, "Van Der Beek", Person, "Van Der Beek", Person},
			[]actorSummary{{"James Van Der Beek", Person, 3}},
		},
		{
			"a full name misread as an organisation is the person its lone surname names",
			"South Dakota Gov. Kristi Noem (R) defended the slogan. Noem tweeted. Noem said it works.",
			[]any{"South Dakota", Place, "Kristi Noem", Org, "Noem", Person, "Noem", Person},
			[]actorSummary{{"Kristi Noem", Person, 3}, {"South Dakota", Place, 1}},
		},
		{
			"a lone common word makes no person of an organisation",
			"The Ghostbusters Collection sold out. Collection prices rose.",
			[]any{"Ghostbusters Collection", Org, "Collection", Person},
			[]actorSummary{{"Ghostbusters Collection", Org, 1}},
		},
	})
}
