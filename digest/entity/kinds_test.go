package entity

import (
	"fmt"
	"strings"
	"testing"
)

func TestActorsKindByEvidence(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"nobody is called the X: a publication the tagger read as a person",
			"According to The Verge's review, it lags. The Argus Leader of Sioux Falls agreed.",
			[]any{"Verge", Person, "Argus Leader", Person},
			[]actorSummary{{"Verge", Org, 1}, {"Argus Leader", Org, 1}},
		},
		{
			"the before a name that modifies a noun is the noun's",
			"The Trump administration said no. Trump left.",
			[]any{"Trump", Person, "Trump", Person},
			[]actorSummary{{"Trump", Person, 2}},
		},
		{
			"a family is people, and a based-in town is no publication",
			"The Kennedys met. The Redmond, Wash.-based company grew.",
			[]any{"Kennedys", Person, "Redmond", Person},
			[]actorSummary{{"Kennedys", Person, 1}, {"Redmond", Person, 1}},
		},
		{
			"a name the name list knows only as a company is no person",
			"He watched Netflix at home.",
			[]any{"Netflix", Person},
			[]actorSummary{{"Netflix", Org, 1}},
		},
		{
			"a platform the tagger took for a town, before what platforms put out",
			"He posted it for an upcoming Netflix special.",
			[]any{"Netflix", Place},
			[]actorSummary{{"Netflix", Org, 1}},
		},
		{
			"a town the name list knows by its club stays a town",
			"Wine prices in Bordeaux rose.",
			[]any{"Bordeaux", Place},
			[]actorSummary{{"Bordeaux", Place, 1}},
		},
		{
			"a state typed an organisation is a place after a town and a comma or in",
			"SpaceX, Hawthorne, California won. Plague struck in Inner Mongolia.",
			[]any{"SpaceX", Org, "Hawthorne", Place, "California", Org, "Inner Mongolia", Org},
			[]actorSummary{{"SpaceX", Org, 1}, {"Hawthorne", Place, 1}, {"California", Place, 1}, {"Inner Mongolia", Place, 1}},
		},
		{
			"a club named by its city stays an organisation",
			"Arsenal lost at Newcastle. Newcastle won.",
			[]any{"Arsenal", Org, "Newcastle", Org, "Newcastle", Org},
			[]actorSummary{{"Newcastle", Org, 2}, {"Arsenal", Org, 1}},
		},
	})
}

func TestActorsDropThings(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"an acronym the text counts or pluralises is a common noun",
			"Garrett had 1 TFL, 2 QH. Units such as ICUs help. The ICU was full.",
			[]any{"Garrett", Person, "TFL", Org, "QH", Org, "ICU", Org},
			[]actorSummary{{"Garrett", Person, 1}},
		},
		{
			"a club after a score stays",
			"Utrecht 2 PSV 1 in the league.",
			[]any{"Utrecht", Org, "PSV", Org},
			[]actorSummary{{"Utrecht", Org, 1}, {"PSV", Org, 1}},
		},
		{
			"an organisation noun alone says nothing",
			"He left the embassy's gate for the Embassy. The Agency's panel met.",
			[]any{"Embassy", Org, "Agency", Org},
			nil,
		},
		{
			"a product model is no actor, a footballer named Max is",
			"The MacBook Pro is fast. Martin Max scored.",
			[]any{"MacBook Pro", Person, "Martin Max", Person},
			[]actorSummary{{"Martin Max", Person, 1}},
		},
		{
			"a senators' title alone is no actor",
			"Sens. Cory Booker and Kamala Harris spoke.",
			[]any{"Sens", Org, "Cory Booker", Person, "Kamala Harris", Person},
			[]actorSummary{{"Cory Booker", Person, 1}, {"Kamala Harris", Person, 1}},
		},
	})
}

func TestJoinOfNamesAfterOrgLikePerson(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"an institute the tagger read as a person goes on after for",
			"Dylan Nelson of the Max Planck Institute for Astrophysics spoke.",
			[]any{"Dylan Nelson", Person, "Max Planck Institute", Person, "Astrophysics", Org},
			[]actorSummary{{"Dylan Nelson", Person, 1}, {"Max Planck Institute for Astrophysics", Org, 1}},
		},
		{
			"and an institute's name goes on after on",
			"Grants from the National Institute on Drug Abuse grew.",
			[]any{"National Institute", Org, "Drug Abuse", Org},
			[]actorSummary{{"National Institute on Drug Abuse", Org, 1}},
		},
	})
}

func TestActorsKindByMoreEvidence(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"a state after a compass word is a place",
			"Teachers from eastern Indiana marched.",
			[]any{"Indiana", Org},
			[]actorSummary{{"Indiana", Place, 1}},
		},
		{
			"the chief executive of X works for an organisation",
			"Michael Sims, chief executive of Ceres Robotics, spoke.",
			[]any{"Michael Sims", Person, "Ceres Robotics", Person},
			[]actorSummary{{"Michael Sims", Person, 1}, {"Ceres Robotics", Org, 1}},
		},
		{
			"a person listed among companies is one",
			"NASA chose SpaceX, Blue Origin, Sierra Nevada Corp. and Astrobotic.",
			[]any{"NASA", Org, "SpaceX", Org, "Blue Origin", Person, "Sierra Nevada Corp.", Org, "Astrobotic", Org},
			[]actorSummary{{"NASA", Org, 1}, {"SpaceX", Org, 1}, {"Blue Origin", Org, 1}, {"Sierra Nevada Corp.", Org, 1}, {"Astrobotic", Org, 1}},
		},
		{
			"but not a person with a given name",
			"Speakers were Google, Amazon, Steve Clarke and Microsoft.",
			[]any{"Google", Org, "Amazon", Org, "Steve Clarke", Person, "Microsoft", Org},
			[]actorSummary{{"Google", Org, 1}, {"Amazon", Org, 1}, {"Steve Clarke", Person, 1}, {"Microsoft", Org, 1}},
		},
		{
			"a roundup heads a team's line with its record and credits its players",
			"Palm Bay d. Rockledge 70-44\n\nPalm Bay (1-0): Tolivert 25 points. Davis 17 points.",
			[]any{"Palm Bay", Place, "Rockledge", Org, "Palm Bay", Place, "Tolivert", Org, "Davis", Person},
			[]actorSummary{{"Palm Bay", Org, 2}, {"Rockledge", Org, 1}, {"Tolivert", Person, 1}, {"Davis", Person, 1}},
		},
		{
			"standings credit clubs with points",
			"Essex 21 points, Somerset 18 points.",
			[]any{"Essex", Org, "Somerset", Org},
			[]actorSummary{{"Essex", Org, 1}, {"Somerset", Org, 1}},
		},
	})
}

func TestActorsTitlesOfWorks(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"a title in quotation marks is a work, no actor",
			"Buckley sings at the end of “Wild Rose” — the year's best. The former “Dawson’s Creek” star left.",
			[]any{"Buckley", Person, "Wild Rose", Place, "Dawson", Person},
			[]actorSummary{{"Buckley", Person, 1}},
		},
		{
			"a quotation that opens with a name goes on in lower case",
			"“Trump is wrong,” she said. Trump left.",
			[]any{"Trump", Person, "Trump", Person},
			[]actorSummary{{"Trump", Person, 2}},
		},
	})
}

func TestActorsMoreJunk(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"hashtags, units, common-noun acronyms and postal boxes are no actors",
			"Noem tweeted #MethWeAreOnIt. It has 150 kW DC charging and EBITDA grew. Write to P.O. Box 69440.",
			[]any{"Noem", Person, "#MethWeAreOnIt", Org, "kW DC", Org, "EBITDA", Org, "P.O. Box", Org},
			[]actorSummary{{"Noem", Person, 1}},
		},
	})
}

func TestActorsBuildingsTitlesAndNations(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"a person's name before a building noun names the building",
			"Trump made a trip to Walter Reed hospital on Saturday.",
			[]any{"Trump", Person, "Walter Reed", Person},
			[]actorSummary{{"Trump", Person, 1}, {"Walter Reed", Place, 1}},
		},
		{
			"and before 'counties' a county",
			"Cases were reported in Calhoun and Van Buren counties.",
			[]any{"Calhoun", Place, "Van Buren", Person},
			[]actorSummary{{"Calhoun", Place, 1}, {"Van Buren", Place, 1}},
		},
		{
			"a title the tagger cut short still comes off, and the state before it is a place",
			"The New York State Attorney General is investigating WeWork.",
			[]any{"New York State Attorney", Org, "WeWork", Org},
			[]actorSummary{{"New York State", Place, 1}, {"WeWork", Org, 1}},
		},
		{
			"a state's institution keeps its nationality",
			"The Swedish Prosecution Authority dropped the case.",
			[]any{"Prosecution Authority", Org},
			[]actorSummary{{"Swedish Prosecution Authority", Org, 1}},
		},
	})
}

func TestKnownPlaceWithPrefix(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"New York": true, "South Carolina": true, "Inner Mongolia": true,
		"New Balance": false} {
		if got := isKnownPlace(name); got != want {
			t.Errorf("isKnownPlace(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestJoinCoordinatedOrgs(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"an organisation the tagger cut at its and is one, when the text names the pair twice and neither alone",
			"Drugs seized by Customs and Border Protection rose. Customs and Border Protection said so.",
			[]any{"Customs", Org, "Border Protection", Org, "Customs", Org, "Border Protection", Org},
			[]actorSummary{{"Customs and Border Protection", Org, 2}},
		},
		{
			"two clubs the name list knows stay two",
			"Swansea and Stoke lost. Swansea and Stoke won.",
			[]any{"Swansea", Org, "Stoke", Org, "Swansea", Org, "Stoke", Org},
			[]actorSummary{{"Swansea", Org, 2}, {"Stoke", Org, 2}},
		},
		{
			"two organisations named together once stay two",
			"Reuters and AP reported it.",
			[]any{"Reuters", Org, "AP", Org},
			[]actorSummary{{"Reuters", Org, 1}, {"AP", Org, 1}},
		},
	})
}

func TestActorsPostsAndPeoples(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"a post is no actor, its holder is",
			"says André Neu, Head of Platform Solutions. The Prince of Wales came.",
			[]any{"André Neu", Person, "Head of Platform", Place, "Prince of Wales", Person},
			[]actorSummary{{"André Neu", Person, 1}, {"Prince of Wales", Person, 1}},
		},
		{
			"the people of a place are no actor",
			"A video featured South Dakotans and New Yorkers in South Dakota.",
			[]any{"South Dakotans", Place, "New Yorkers", Person, "South Dakota", Place},
			[]actorSummary{{"South Dakota", Place, 1}},
		},
	})
}

func TestActorsKinshipMakesPerson(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"a name after a kinship noun is a person's",
			"He grabbed his daughter Naomi when she slipped. Naomi was hurt.",
			[]any{"Naomi", Org, "Naomi", Org},
			[]actorSummary{{"Naomi", Person, 2}},
		},
	})
}

func TestActorsPlacesAndEnsembles(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"a region after its country's possessive is a place",
			"Health authorities in China's Inner Mongolia confirmed it.",
			[]any{"China", Place, "Inner Mongolia", Org},
			[]actorSummary{{"China", Place, 1}, {"Inner Mongolia", Place, 1}},
		},
		{
			"the UAE is a place by its full name",
			"Dubai's carrier, based in the UAE, grew.",
			[]any{"Dubai", Place, "UAE", Org},
			[]actorSummary{{"Dubai", Place, 1}, {"United Arab Emirates", Place, 1}},
		},
		{
			"a statehouse or a stadium is a place, a palace that plays football is not",
			"Teachers surrounded the Indiana Statehouse. Crystal Palace lost at Wembley Stadium.",
			[]any{"Indiana Statehouse", Org, "Crystal Palace", Org, "Wembley Stadium", Org},
			[]actorSummary{{"Indiana Statehouse", Place, 1}, {"Crystal Palace", Org, 1}, {"Wembley Stadium", Place, 1}},
		},
		{
			"a duo is a group",
			"The Duo Rodapião played.",
			[]any{"Duo Rodapião", Person},
			[]actorSummary{{"Duo Rodapião", Org, 1}},
		},
	})
}

func TestActorsOwnerCutFromName(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"an organisation noun's possessive is no part of the name it owns",
			"It was backed by the Agency's Future Technology Advisory Panel. The People's Liberation Army moved.",
			[]any{"Agency's Future Technology Advisory Panel", Org, "People's Liberation Army", Org},
			[]actorSummary{{"Future Technology Advisory Panel", Org, 1}, {"People's Liberation Army", Org, 1}},
		},
	})
}

func TestActorsEventsAreNoActors(t *testing.T) {
	checkActorCases(t, []actorCase{
		{
			"an event is what happens, not who acts; a body named after its meetings acts",
			"Emirates ordered jets at the Dubai Air Show. The Organisation of the Islamic Conference met.",
			[]any{"Emirates", Org, "Dubai Air Show", Org, "Organisation of the Islamic Conference", Org},
			[]actorSummary{{"Emirates", Org, 1}, {"Organisation of the Islamic Conference", Org, 1}},
		},
	})
}

func TestPlayerLineLooksBackBoundedly(t *testing.T) {
	short := "Palm Bay (1-0): Tolivert 25 points."
	if !playerLine(short, len("Palm Bay (1-0): Tolivert")) {
		t.Errorf("playerLine(%q) = false, want true", short)
	}
	// A "line" of thousands of counts is no team's line, and reading back
	// to its start for every mention would cost quadratic time.
	long := "Palm Bay (1-0): " + strings.Repeat("Smith 2 points, ", 100) + "Tolivert 25 points."
	if end := strings.LastIndex(long, " 25"); playerLine(long, end) {
		t.Errorf("playerLine on a %d-byte line = true, want false", len(long))
	}
}

// BenchmarkPlayerLineLongLine times playerLine on every count of one long
// line, where a look-back to the line's start per mention was quadratic.
func BenchmarkPlayerLineLongLine(b *testing.B) {
	var sb strings.Builder
	var ends []int
	for i := 0; sb.Len() < 200<<10; i++ {
		fmt.Fprintf(&sb, "Team%d Corp", i)
		ends = append(ends, sb.Len())
		fmt.Fprintf(&sb, " %d points, ", i%90+1)
	}
	text := sb.String()
	for b.Loop() {
		for _, end := range ends {
			playerLine(text, end)
		}
	}
}
