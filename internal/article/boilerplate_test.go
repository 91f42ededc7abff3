package article

import (
	"net/url"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/digest"
)

func TestTextBlocksDropNamedBoxes(t *testing.T) {
	story := "<p>Councillors in Portmere voted on Tuesday evening to rebuild the harbour flood wall, ending a decade of argument over who should pay for it.</p>" +
		"<p>Work starts in spring and should take two years, the council said, with the quay closed to boats while it lasts.</p>"
	body := parseBody(t, `<div class="article-body">`+story+
		`<div class="image-caption">A lifeboat at dusk in Portmere harbour</div>`+
		`<div class="rail rail--trending"><span>Mayor opens new library wing</span></div>`+
		`<div class="post-author"><p>Jane Roe is a reporter covering coastal towns.</p></div>`+
		`<div class="signupTitle___x1">Get the morning briefing</div>`+
		`<aside><p>Key dates in the harbour's history</p></aside>`+
		`<div role="complementary">Listen to this story</div>`+
		`<div data-test="newsletter-signup"><h2>Morning Briefing Emails</h2></div>`+
		`<div class="cookieConsent">We use cookies to improve your visit</div>`+
		`<div class="wp-notification-bar">Get the print edition: 12 issues for £12</div>`+
		`<div class="field--name-field-highlights"><div class="field--label">Highlights</div><p>The wall will cost £3m.</p></div>`+
		`<nav-list class="ez-toc-list"><p>1. The vote</p></nav-list>`+
		`<footer><p>Filed under Portmere, Harbours</p></footer>`+
		`<div class="shared-content tag-politics">The wall will be 4 metres high.</div>`+
		`<p>The quay reopens in 2022.<span class="sr-only"> Opens in a new window</span></p>`+
		`</div>`)
	got := blockTexts(textBlocks(body, nil))
	want := []string{
		"Councillors in Portmere voted on Tuesday evening to rebuild the harbour flood wall, ending a decade of argument over who should pay for it.",
		"Work starts in spring and should take two years, the council said, with the quay closed to boats while it lasts.",
		"The wall will be 4 metres high.", // "shared" and "tag" are no box words
		"The quay reopens in 2022.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("textBlocks =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTextBlocksKeepNamedStory(t *testing.T) {
	// A box holding most of the text is the story, whatever its class.
	body := parseBody(t, `<div class="story-share-container"><p>Councillors in Portmere voted on Tuesday evening to rebuild the harbour flood wall.</p></div>`+
		`<p>Short note.</p>`)
	blocks := textBlocks(body, nil)
	if len(blocks) != 2 || !strings.HasPrefix(blocks[0].text, "Councillors") {
		t.Errorf("textBlocks = %+v, want the story kept", blocks)
	}
}

func TestNamesBox(t *testing.T) {
	for v, want := range map[string]bool{
		"related-stories": true, "newsletterSignup": true, "c-author__bio": true, "share_tools": true,
		"ws-press": false, "shared-content": false, "tag-politics": false, "authority": false, "": false,
		"promo2": true, "CTA": true, "relatedposts": true, "td_newsletterbox": true, "relationship-advice": false,
		// A name that says what a block has or lacks is no box name.
		"list-item no_caption": false, "has-sidebar": false, "withCaption": false, "no caption": true,
	} {
		if got := namesBox(v); got != want {
			t.Errorf("namesBox(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestDropOwnAddress(t *testing.T) {
	page, _ := url.Parse("https://news.example/story/harbour-wall-123.php")
	blocks := textBlocksOf([]string{
		"Councillors voted to rebuild the harbour wall.",
		"https://news.example/story/harbour-wall-123.php",
		"https://news.example/story/harbour-wall-123.php?cmpid=share",
		"https://council.example/minutes/2019-11.pdf",
	})
	got := blockTexts(dropOwnAddress(blocks, page))
	want := []string{"Councillors voted to rebuild the harbour wall.", "https://council.example/minutes/2019-11.pdf"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("dropOwnAddress = %q, want %q", got, want)
	}
}

func TestCleanParagraphsRelatedList(t *testing.T) {
	body := "The minister said on Monday that the plan would be published in full before the end of the month."
	paras := []block{
		{text: body},
		{text: "More Great Herald Stories", kind: digest.Heading},
		{text: "Could a ferry run on hydrogen alone?", kind: digest.ListItem},
		{text: "Ten years on: the pier that fell into the sea, and the town that rebuilt it.", kind: digest.ListItem},
		{text: body + " Again."},
	}
	got := blockTexts(cleanParagraphs(paras, "Storm closes the coast road", ""))
	want := []string{body, body + " Again."}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("cleanParagraphs = %q, want %q", got, want)
	}
}

func TestCutAtComments(t *testing.T) {
	body := "The minister said on Monday that the plan would be published in full before the end of the month."
	comment := "I live by the harbour and I think the wall is long overdue, whatever it costs the rest of us."
	got := blockTexts(cutAtComments(textBlocksOf([]string{body, body + " More.", "3 Comments", comment, "Reply"})))
	if want := []string{body, body + " More."}; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("cutAtComments = %q, want %q", got, want)
	}
	// A heading before most of the text is no comment section.
	early := textBlocksOf([]string{body, "Comments", body + " More.", body + " Yet more."})
	if got := cutAtComments(early); len(got) != 4 {
		t.Errorf("cutAtComments cut at an early heading: %q", blockTexts(got))
	}
}

// TestCleanParagraphsBoilerplateKinds: the kinds of boilerplate found on
// the benchmark's tuning pages, in English and other languages, and prose
// that only resembles them.
func TestCleanParagraphsBoilerplateKinds(t *testing.T) {
	body := "The minister said on Monday that the plan would be published in full before the end of the month."
	runCleanCases(t, []cleanCase{
		{"bare date stamps and counters", []string{"3.409", "23 Nov 2017", body, "Monday, November 18, 2019 11:08 AM", "2019-11-18"}, []string{body}},
		{"related lines in other languages", []string{body, "Lesen Sie auch: Sturm schließt die Küstenstraße", "Leggi anche", "Ferry strike called off", "Читайте также:"}, []string{body}},
		{"note about a writer the page does not name", []string{body, body + " More.", "Tom Brown (tbrown@herald.example) is the editor and publisher of The Herald."}, []string{body, body + " More."}},
		{"a journalist the story is about", []string{"Tom Brown spent 30 years at the paper.", body, "Brown is a columnist now.", "Tom Brown is a columnist for The Herald."},
			[]string{"Tom Brown spent 30 years at the paper.", body, "Brown is a columnist now.", "Tom Brown is a columnist for The Herald."}},
		{"pointer to more pages", []string{body, "More Herald sport: https://herald.example/sport and https://twitter.com/herald"}, []string{body}},
		{"player and gallery labels", []string{body, "Listen to this article", "Play Video", "Enlarge this image", "Toggle caption", "View gallery", "12 photos"}, []string{body}},
		{"subscribe prompts in other languages", []string{body, "Abonnieren Sie unseren Newsletter!", "Inscrivez-vous à notre newsletter", "Подпишитесь на наш канал в Telegram"}, []string{body}},
		{"picture credits in other languages", []string{body, "Foto: dpa", "Crédit photo : AFP", "Фото: ТАСС", "личный архив Анны Ивановой"}, []string{body}},
		{"contributed-to line", []string{body, "Herald News’ John Roe contributed to this report."}, []string{body}},
		{"affiliate notice", []string{body, "This post contains affiliate links: we may earn a commission if you buy through them."}, []string{body}},
		{"prose survives", []string{
			"Dozens of volunteers contributed to this story of recovery.",
			"November 18, 2019 was the day the wall fell.",
			"1) 42 km",
			"Watch the video the council released on Monday.",
			"Lire aussi le rapport du conseil, publié lundi, avant de voter.",
			"Abonnenten zahlen ab Januar mehr.",
			"Fotos von der Baustelle zeigen, wie weit die Arbeiten sind.",
			"Sellers who use affiliate links must say so, the regulator ruled.",
		}, nil},
	})
}

func TestTextBlocksKeepBlockWithoutCaption(t *testing.T) {
	// A list story's item is marked "no_caption" because it lacks one;
	// its text is the story's opening.
	body := parseBody(t, `<div class="list"><div class="list-item no_caption"><h2>The mother of a student who took pills bought online described her last hours.</h2></div>`+
		`<div class="list-item"><p>She was taken to hospital in April after taking a lethal dose, and died there the next morning, her family said.</p>`+
		`<p>Police said the pills held an industrial chemical sold as a slimming aid, and warned others not to buy them.</p></div></div>`)
	blocks := textBlocks(body, nil)
	if len(blocks) != 3 || !strings.HasPrefix(blocks[0].text, "The mother") {
		t.Errorf("textBlocks = %+v, want the heading kept first", blocks)
	}
}

func TestCutAtCommentsSparesTableCells(t *testing.T) {
	// A table whose last column is headed "Comment" comes late in a
	// technical post; the story goes on after it.
	para := "The scheduler polls the store for tasks that are due and hands each one to a worker, which runs it and reports back."
	page := parseBody(t, `<p>`+para+`</p><p>`+para+`</p><table><tr><td><p>State</p></td><td><p>Comment</p></td></tr>`+
		`<tr><td><p>started</p></td><td><p>Re-enqueue the task when it has been claimed for too long.</p></td></tr></table>`+
		`<h2>Achieving guarantees</h2><p>At-least-once execution is guaranteed by retrying a task until it completes.</p>`)
	got := blockTexts(cutAtComments(textBlocks(page, nil)))
	if len(got) == 0 || got[len(got)-1] != "At-least-once execution is guaranteed by retrying a task until it completes." {
		t.Errorf("cutAtComments = %q, want the story after the table kept", got)
	}
}

func TestTextBlocksDropLinkNotes(t *testing.T) {
	body := parseBody(t, `<div class="article-body">`+
		`<p>The council said<a href="https://council.example/report"><span class="icon-ext">Opens a new window</span></a> the wall would reopen.</p>`+
		`<p>Residents can read the <a href="https://council.example/plan">full plan<span> (opens in new tab)</span></a> before the meeting.</p>`+
		`<p>A pop-up that opens in a new window annoyed visitors, the survey found.</p></div>`)
	got := blockTexts(textBlocks(body, nil))
	want := []string{
		"The council said the wall would reopen.",
		"Residents can read the full plan before the meeting.",
		"A pop-up that opens in a new window annoyed visitors, the survey found.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("textBlocks =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
