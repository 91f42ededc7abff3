package main

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/fakediscord"
)

// e2eReport is one outlet's article: its own headline and paragraphs.
type e2eReport struct {
	slug, title string
	paras       []string
}

// e2eOutlet is a news site with its own feed under /<slug>/.
type e2eOutlet struct{ slug, site string }

var (
	e2eGazette = e2eOutlet{"gazette", "Harbour Gazette"}
	e2eRadio   = e2eOutlet{"radio", "Coast Radio"}
	e2ePost    = e2eOutlet{"post", "Portmere Post"}
	e2eValley  = e2eOutlet{"valley", "Valley Times"}
)

// The same event, told by four outlets with different headlines and their
// own quotes, and one unrelated story.
var (
	e2eBridgeGazette = e2eReport{"bridge", "Kestwick rail bridge closed after flood damage", []string{
		"Network Rail closed the Kestwick rail bridge over the River Marren on Tuesday after engineers found a cracked pier following last week's floods.",
		"Trains between Portmere and Kestwick will be replaced by buses for at least six weeks while the pier is repaired.",
		`"We will not run a single train over that bridge until we are certain it is safe," said Harriet Osei, Network Rail's route director.`,
		"Commuters crowded the station forecourt as the first replacement buses left for Kestwick.",
	}}
	e2eBridgeRadio = e2eReport{"kestwick", "Flood damage shuts Kestwick railway bridge over the Marren", []string{
		"The Kestwick railway bridge across the River Marren has been shut after a cracked pier was found by Network Rail engineers inspecting it after the floods.",
		"Buses are replacing trains between Portmere and Kestwick, and the closure could last six weeks.",
		`"The crack runs right through the base of the pier, and the river is still high," said Daniel Reyes, the engineer who led the inspection.`,
		"Local businesses in Kestwick said they feared losing visitors during the repairs.",
	}}
	e2eBridgePost = e2eReport{"pier", "Kestwick bridge shut: engineers find cracked pier after Marren floods", []string{
		"Engineers found a cracked pier under the Kestwick rail bridge over the River Marren, and Network Rail shut the line between Portmere and Kestwick on Tuesday.",
		"Replacement buses will run for around six weeks while the pier of the bridge is rebuilt.",
		`"Passengers will be angry, and they have every right to be," said Councillor Amira Lund, who chairs the transport committee.`,
		"The floods last week also closed two roads into Kestwick.",
	}}
	e2eBridgeValley = e2eReport{"trains", "Trains halted as floods crack Kestwick bridge pier", []string{
		"Network Rail has halted trains over the Kestwick rail bridge after engineers found a pier cracked by the River Marren floods.",
		"Services between Portmere and Kestwick are replaced by buses for six weeks.",
		`"Six weeks is our best estimate for the repair, but in the end the river will decide when the work can start," said Tomas Brandt, a Network Rail spokesman.`,
		"Station staff in Portmere handed out timetables for the replacement buses on Wednesday morning.",
	}}
	e2eLibrary = e2eReport{"library", "Valdora library wins national design award", []string{
		"The new public library in Valdora has won this year's national architecture prize for civic buildings, beating a concert hall and two schools.",
		`"A library should feel like a living room for the whole town," said Clara Jansen, the architect who designed it.`,
		"The building, clad in larch and lit from above, opened in March and has welcomed more than eighty thousand visitors.",
	}}
)

// e2eNewsroom serves several outlets' feeds and articles from one server.
type e2eNewsroom struct {
	srv       *httptest.Server
	mu        sync.Mutex
	published map[e2eOutlet][]e2eReport
}

func newE2ENewsroom(t *testing.T) *e2eNewsroom {
	n := &e2eNewsroom{published: map[e2eOutlet][]e2eReport{}}
	for _, o := range []e2eOutlet{e2eGazette, e2eRadio, e2ePost, e2eValley} {
		n.published[o] = nil // each feed exists, empty, until its outlet publishes
	}
	n.srv = httptest.NewServer(http.HandlerFunc(n.serve))
	t.Cleanup(n.srv.Close)
	return n
}

func (n *e2eNewsroom) feedURL(o e2eOutlet) string { return n.srv.URL + "/" + o.slug + "/rss.xml" }

func (n *e2eNewsroom) articleURL(o e2eOutlet, r e2eReport) string {
	return n.srv.URL + "/" + o.slug + "/news/" + r.slug
}

func (n *e2eNewsroom) publish(o e2eOutlet, r e2eReport) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.published[o] = append(n.published[o], r)
}

func (n *e2eNewsroom) serve(w http.ResponseWriter, r *http.Request) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for o, reports := range n.published {
		if r.URL.Path == "/"+o.slug+"/rss.xml" {
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>%s</title><link>%s/%s/</link><description>news</description>`,
				o.site, n.srv.URL, o.slug)
			for _, rep := range reports {
				u := n.articleURL(o, rep)
				fmt.Fprintf(w, "\n<item><title>%s</title><link>%s</link><guid>%s</guid></item>", html.EscapeString(rep.title), u, u)
			}
			fmt.Fprint(w, "\n</channel></rss>")
			return
		}
		for _, rep := range reports {
			if r.URL.Path == "/"+o.slug+"/news/"+rep.slug {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprint(w, e2eReportPage(o, rep))
				return
			}
		}
	}
	http.NotFound(w, r)
}

func e2eReportPage(o e2eOutlet, r e2eReport) string {
	var body strings.Builder
	for _, p := range r.paras {
		body.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
	}
	return fmt.Sprintf(`<!DOCTYPE html><html lang="en"><head><title>%s</title><meta property="og:site_name" content="%s">
<meta property="article:published_time" content="2026-11-24T09:30:00Z"></head>
<body><article><h1>%s</h1>%s</article></body></html>`, html.EscapeString(r.title), o.site, html.EscapeString(r.title), body.String())
}

// TestE2EClusteredDigest: three outlets' reports of one event become one
// card naming all three with links and quoting at least two; the unrelated
// story has its own card; a restart does not post the event again; a fourth
// outlet's report later is posted once as an update where the subscription
// asks for updates, and not at all where it does not.
func TestE2EClusteredDigest(t *testing.T) {
	t.Parallel()
	news := newE2ENewsroom(t)
	env := map[string]string{
		"DIGESTBOT_DB":                filepath.Join(t.TempDir(), "digestbot.db"),
		"DIGESTBOT_ALLOWED_ADDRESSES": strings.TrimPrefix(news.srv.URL, "http://"),
	}
	b := e2eStart(t, &e2eNews{srv: news.srv}, env)
	for _, o := range []e2eOutlet{e2eGazette, e2eRadio, e2ePost, e2eValley} {
		e2eWantEphemeral(t, "/feed add", b.command(e2eAdminPerms, "feed", fakediscord.Sub("add", fakediscord.Str("url", news.feedURL(o)))), "Now following")
	}
	// The climate channel takes updates, the sport channel does not.
	for _, sub := range []struct {
		channel string
		updates bool
	}{{e2eClimateChan, true}, {e2eSportChan, false}} {
		a := b.command(e2eAdminPerms, "subscribe", fakediscord.Str("topic", "kestwick OR valdora"),
			fakediscord.Channel("channel", sub.channel), fakediscord.Str("schedule", "every 15m"),
			fakediscord.Option{Name: "updates", Type: 5, Value: sub.updates})
		e2eWantEphemeral(t, "/subscribe", a, "will get digests")
		if got := strings.Contains(a.text(), "comes back as an update"); got != sub.updates {
			t.Errorf("/subscribe updates:%v answered %q", sub.updates, a.text())
		}
	}
	if a := b.command(e2eMemberPerms, "subscriptions"); !strings.Contains(a.text(), "with updates") {
		t.Errorf("/subscriptions does not say which subscription takes updates:\n%s", a.text())
	}
	// What a feed lists when it is added is its baseline, never delivered;
	// the reports come after.
	for _, p := range []struct {
		o e2eOutlet
		r e2eReport
	}{{e2eGazette, e2eBridgeGazette}, {e2eRadio, e2eBridgeRadio}, {e2ePost, e2eBridgePost}, {e2eValley, e2eLibrary}} {
		news.publish(p.o, p.r)
	}
	b.pollNow()
	b.clock.Advance(16 * time.Minute)
	b.digest()
	for _, ch := range []string{e2eClimateChan, e2eSportChan} {
		e2eWantClusteredCards(t, news, b.waitMessages(ch, 1))
	}

	// /digest on demand groups the same way.
	if a := b.command(e2eMemberPerms, "digest", fakediscord.Str("topic", "marren")); len(a.embeds) != 1 ||
		a.embeds[0].Footer == nil || !strings.Contains(a.embeds[0].Footer.Text, "reported by 3 outlets") {
		t.Errorf("/digest marren: cards %q, want the one event card reported by 3 outlets", e2eTitles(a.embeds))
	}

	// A restart on the same database: nothing is posted again.
	b.stop()
	b = e2eStart(t, &e2eNews{srv: news.srv}, env)
	b.clock.Advance(40 * time.Minute)
	b.pollNow()
	b.digest()
	for _, ch := range []string{e2eClimateChan, e2eSportChan} {
		if got := e2eCardTitles(b.fd.Messages(ch)); len(got) != 0 {
			t.Errorf("after a restart channel %s got %q, want nothing", ch, got)
		}
	}

	// A fourth outlet reports the event: one update where asked for.
	news.publish(e2eValley, e2eBridgeValley)
	b.pollNow()
	b.clock.Advance(16 * time.Minute)
	b.digest()
	b.digest()
	e2eWantUpdate(t, b.waitMessages(e2eClimateChan, 1))
	if n := len(b.fd.Messages(e2eClimateChan)); n != 1 {
		t.Errorf("climate channel got %d update messages, want 1", n)
	}
	if got := e2eCardTitles(b.fd.Messages(e2eSportChan)); len(got) != 0 {
		t.Errorf("the channel without updates got %q, want nothing", got)
	}
	b.running()
}

// e2eWantClusteredCards checks a first digest: two cards, the event's naming
// its three outlets with their links and quoting at least two of them.
func e2eWantClusteredCards(t *testing.T, news *e2eNewsroom, msgs []fakediscord.Message) {
	t.Helper()
	var cards []fakediscord.Embed
	for _, m := range msgs {
		cards = append(cards, m.Embeds...)
	}
	if len(cards) != 2 {
		t.Fatalf("digest has %d cards %q, want 2 (the event once, the library once)", len(cards), e2eTitles(cards))
	}
	i := slices.IndexFunc(cards, func(e fakediscord.Embed) bool { return strings.Contains(e.Title, "Kestwick") })
	if i < 0 {
		t.Fatalf("no card for the bridge event among %q", e2eTitles(cards))
	}
	card := cards[i]
	if card.Footer == nil || !strings.Contains(card.Footer.Text, "reported by 3 outlets") {
		t.Errorf("event card footer %+v, want it to say 3 outlets", card.Footer)
	}
	text := card.Title + "\n" + card.URL
	if card.Footer != nil {
		text += "\n" + card.Footer.Text
	}
	quoted := map[string]bool{}
	for _, f := range card.Fields {
		text += "\n" + f.Name + ": " + f.Value
		if f.Name == "Also reported by" && len(f.Value) > 1024 {
			t.Errorf("Also reported by is %d long", len(f.Value))
		}
		for _, o := range []e2eOutlet{e2eGazette, e2eRadio, e2ePost} {
			if f.Name == "Quote" && strings.Contains(f.Value, "via "+o.site) {
				quoted[o.site] = true
			}
		}
	}
	for _, p := range []struct {
		o e2eOutlet
		r e2eReport
	}{{e2eGazette, e2eBridgeGazette}, {e2eRadio, e2eBridgeRadio}, {e2ePost, e2eBridgePost}} {
		if !strings.Contains(text, p.o.site) || !strings.Contains(text, news.articleURL(p.o, p.r)) {
			t.Errorf("event card does not name %s with its link:\n%s", p.o.site, text)
		}
	}
	if len(quoted) < 2 {
		t.Errorf("event card quotes %v, want quotes from at least 2 outlets:\n%s", quoted, text)
	}
}

// e2eWantUpdate checks the update: one card saying what is new.
func e2eWantUpdate(t *testing.T, msgs []fakediscord.Message) {
	t.Helper()
	cards := msgs[0].Embeds
	if len(cards) != 1 {
		t.Fatalf("update has %d cards %q, want 1", len(cards), e2eTitles(cards))
	}
	i := slices.IndexFunc(cards[0].Fields, func(f fakediscord.EmbedField) bool { return f.Name == "Update" })
	if i < 0 || !strings.Contains(cards[0].Fields[i].Value, "new: 1 more outlet, 1 new quote") {
		t.Errorf("update card fields %+v, want \"new: 1 more outlet, 1 new quote\"", cards[0].Fields)
	}
	if cards[0].Footer == nil || !strings.Contains(cards[0].Footer.Text, "reported by 4 outlets") {
		t.Errorf("update card footer %+v, want 4 outlets", cards[0].Footer)
	}
}

// The terminal's digest groups reports of one event as the bot does.
func TestCLIDigestGroupsOneEvent(t *testing.T) {
	t.Parallel()
	news := newE2ENewsroom(t)
	for _, p := range []struct {
		o e2eOutlet
		r e2eReport
	}{{e2eGazette, e2eBridgeGazette}, {e2eRadio, e2eBridgeRadio}, {e2ePost, e2eBridgePost}, {e2eValley, e2eLibrary}} {
		news.publish(p.o, p.r)
	}
	c := newCLI(t)
	for _, o := range []e2eOutlet{e2eGazette, e2eRadio, e2ePost, e2eValley} {
		c.ok("feeds", "add", "--backfill", "1", news.feedURL(o))
	}
	out := c.ok("digest")
	if n := strings.Count(out, "\n## "); n != 2 {
		t.Errorf("digest has %d stories, want 2 (the bridge once, the library once):\n%s", n, out)
	}
	if !e2eContainsAll(out, "reported by 3 outlets", "Also reported by", "(via ") {
		t.Errorf("digest lacks the merged card's outlets and attributed quotes:\n%s", out)
	}
}
