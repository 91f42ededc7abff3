package article

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/digestbot/digestbot/digest"
)

// pageMeta is what the document head says about the article, gathered in
// one walk over the tree.
type pageMeta struct {
	meta      map[string]string // first content per lower-cased name/property/itemprop
	htmlLang  string
	title     string // <title>
	h1        string // first <h1>
	timeAttr  string // first <time datetime>
	ldPubDate string
	ldAuthor  string
	ldSite    string
	ldTitle   string
	ldBody    string // the article's text as the publisher declares it (articleBody)
	canonical string // first <link rel="canonical" href>
}

func readMeta(doc *html.Node) pageMeta {
	m := pageMeta{meta: map[string]string{}}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "html":
				m.htmlLang = attr(n, "lang")
				if m.htmlLang == "" {
					m.htmlLang = attr(n, "xml:lang")
				}
			case "meta":
				m.readMetaTag(n)
			case "link":
				if m.canonical == "" && slicesContainsFold(strings.Fields(attr(n, "rel")), "canonical") {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case "title":
				if m.title == "" && !inside(n, "svg") {
					m.title = innerText(n)
				}
			case "h1":
				if m.h1 == "" {
					m.h1 = innerText(n)
				}
			case "time":
				if m.timeAttr == "" {
					m.timeAttr = attr(n, "datetime")
				}
			case "script":
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
					m.readJSONLD(n.FirstChild.Data)
				}
				return
			case "style", "svg":
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

// readMetaTag records a <meta> element's content under each of its names.
// A property attribute may list several, as RDFa allows ("dc:title
// og:title").
func (m *pageMeta) readMetaTag(n *html.Node) {
	content := strings.TrimSpace(attr(n, "content"))
	if content == "" {
		return
	}
	for _, key := range []string{"property", "name", "itemprop", "http-equiv"} {
		keys := []string{strings.ToLower(strings.TrimSpace(attr(n, key)))}
		if key == "property" {
			keys = strings.Fields(keys[0])
		}
		for _, k := range keys {
			if _, seen := m.meta[k]; !seen && k != "" {
				m.meta[k] = content
			}
		}
	}
}

// readJSONLD takes the first article-ish values from a JSON-LD block, which
// may be one object, a list, or a @graph.
func (m *pageMeta) readJSONLD(raw string) {
	var v any
	if json.Unmarshal([]byte(strings.TrimSpace(raw)), &v) != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 6 {
			return
		}
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				visit(e, depth+1)
			}
		case map[string]any:
			if m.ldPubDate == "" {
				m.ldPubDate, _ = t["datePublished"].(string)
			}
			if m.ldTitle == "" {
				m.ldTitle, _ = t["headline"].(string)
			}
			if m.ldBody == "" {
				m.ldBody, _ = t["articleBody"].(string)
			}
			if m.ldAuthor == "" {
				m.ldAuthor = ldNames(t["author"])
			}
			if m.ldSite == "" {
				if p, ok := t["publisher"].(map[string]any); ok {
					m.ldSite, _ = p["name"].(string)
				}
			}
			if g, ok := t["@graph"]; ok {
				visit(g, depth+1)
			}
		}
	}
	visit(v, 0)
}

// ldNames reads a JSON-LD author: a string, a Person, or a list of either.
func ldNames(v any) string {
	switch t := v.(type) {
	case string:
		if strings.HasPrefix(t, "http") {
			return ""
		}
		return strings.TrimSpace(t)
	case map[string]any:
		s, _ := t["name"].(string)
		return strings.TrimSpace(s)
	case []any:
		var names []string
		for _, e := range t {
			if s := ldNames(e); s != "" {
				names = append(names, s)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func inside(n *html.Node, tag string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == tag {
			return true
		}
	}
	return false
}

func (m pageMeta) first(keys ...string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(m.meta[k]); v != "" {
			return v
		}
	}
	return ""
}

// siteName prefers the publisher's own name, then the host without "www.".
func (m pageMeta) siteName(pageURL string) string {
	if s := firstNonEmpty(m.first("og:site_name", "application-name"), m.ldSite); s != "" {
		return s
	}
	if u, err := url.Parse(pageURL); err == nil {
		return strings.TrimPrefix(u.Hostname(), "www.")
	}
	return ""
}

// titleText prefers the headline the page declares (og:title, twitter:title,
// JSON-LD headline, Dublin Core title) without a " | Site" suffix, unless
// it is the site's own name or a label the page never shows; then the
// <title> without its site suffix, then the first <h1>.
func (m pageMeta) titleText(site string) string {
	title := stripSiteSuffix(m.title, site)
	if t := firstNonEmpty(m.first("og:title", "twitter:title"), m.ldTitle, m.first("dc:title", "dc.title")); t != "" {
		t = stripSiteName(strings.Join(strings.Fields(t), " "), site)
		if !m.genericTitle(t, site, title) {
			return t
		}
	}
	if title != "" {
		return title
	}
	return m.h1
}

// genericTitle reports whether a declared title t is not the article's
// headline: the site's name ("Yahoo News - Latest News & Headlines" on
// every page of the site), or a label that shares hardly a word with the
// headline the reader sees, when the page's <h1> and its <title> agree on
// that headline (Wikipedia's JSON-LD "headline" is "Wikimedia list
// article").
func (m pageMeta) genericTitle(t, site, title string) bool {
	if f := digest.FoldForCompare(t); f == "" || f == digest.FoldForCompare(site) {
		return true
	}
	h1 := strings.Join(strings.Fields(m.h1), " ")
	if wordCount(h1) < 2 || wordShare(h1, title) < 0.8 || wordShare(title, h1) < 0.8 {
		return false
	}
	return wordShare(t, h1) < 0.5 && wordShare(h1, t) < 0.5
}

// wordShare is the share of a's words, folded, that b holds too.
func wordShare(a, b string) float64 {
	in := map[string]bool{}
	for _, w := range strings.Fields(b) {
		in[digest.FoldForCompare(w)] = true
	}
	var n, hit int
	for _, w := range strings.Fields(a) {
		if f := digest.FoldForCompare(w); f != "" {
			n++
			if in[f] {
				hit++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(hit) / float64(n)
}

// titleSeparators part a headline from the site's name in a title.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · "}

// stripSiteSuffix removes a trailing (or, failing that, leading) segment
// naming the site, or a short trailing segment after a longer headline:
// "Storm hits coast | The Herald" -> "Storm hits coast".
func stripSiteSuffix(title, site string) string {
	title = strings.Join(strings.Fields(title), " ")
	if t := stripSiteName(title, site); t != title {
		return t
	}
	for _, sep := range titleSeparators {
		if i := strings.LastIndex(title, sep); i > 0 && wordCount(title[i+len(sep):]) <= 4 && wordCount(title[:i]) >= 3 {
			return title[:i]
		}
	}
	return title
}

// stripSiteName removes the site's name from the end of a title, as its
// name, the first part of a name with a tagline ("Aktuálně.cz" of
// "Aktuálně.cz - Víte, co se právě děje") or a label of its host name
// ("Wikipedia" of "en.wikipedia.org"), or its full name from the start.
func stripSiteName(title, site string) string {
	for _, sep := range titleSeparators {
		if i := strings.LastIndex(title, sep); i > 0 && namesSite(title[i+len(sep):], site) {
			return title[:i]
		}
		// A headline may open with a word of the host's name ("Weather -
		// the week ahead" on weather.example): only the full name counts.
		if i := strings.Index(title, sep); i > 0 && site != "" && digest.FoldForCompare(title[:i]) == digest.FoldForCompare(site) {
			return title[i+len(sep):]
		}
	}
	return title
}

// namesSite reports whether a title segment is the site's name.
func namesSite(segment, site string) bool {
	seg, name := digest.FoldForCompare(segment), digest.FoldForCompare(site)
	if seg == "" || name == "" {
		return false
	}
	if seg == name {
		return true
	}
	for _, sep := range titleSeparators {
		if head, _, ok := strings.Cut(site, sep); ok && digest.FoldForCompare(head) == seg {
			return true
		}
	}
	if !strings.Contains(site, ".") || strings.Contains(site, " ") {
		return false
	}
	for label := range strings.SplitSeq(strings.ToLower(site), ".") {
		if len(label) >= 3 && label == seg {
			return true
		}
	}
	return false
}

// byline prefers the page's declared author over what appears in the text.
func (m pageMeta) byline() string {
	a := firstNonEmpty(m.first("author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author"), m.ldAuthor)
	if strings.HasPrefix(a, "http") {
		return ""
	}
	return bareByline(a)
}

// bareByline is a byline without its "By": the names alone, which is how
// the story's closing note about its author starts ("Jane Doe covers ...").
func bareByline(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		s = strings.TrimSpace(s[3:])
	}
	return s
}

func (m pageMeta) published() time.Time {
	for _, s := range []string{
		m.first("article:published_time", "og:article:published_time", "datepublished"),
		m.ldPubDate,
		m.timeAttr,
		m.first("date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date"),
	} {
		if t := parseTime(s); !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

var timeLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02T15:04", "2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05", "2006-01-02", "2006/01/02",
	time.RFC1123Z, time.RFC1123, "January 2, 2006", "Jan 2, 2006", "2 January 2006",
}

func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// language returns the lower-cased primary subtag ("en" from "en-GB" or
// "en_US"), from <html lang>, og:locale or Content-Language.
func (m pageMeta) language() string {
	for _, s := range []string{m.htmlLang, m.first("og:locale", "content-language", "language", "dc.language")} {
		if l := primaryLanguage(s); l != "" {
			return l
		}
	}
	return ""
}

// primaryLanguage reduces a language tag to its primary subtag, or "" when
// it does not look like one.
func primaryLanguage(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_,; "); i >= 0 {
		s = s[:i]
	}
	if len(s) >= 2 && len(s) <= 3 && isASCIILetters(s) {
		return s
	}
	return ""
}

func isASCIILetters(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
