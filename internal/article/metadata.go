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
				content := strings.TrimSpace(attr(n, "content"))
				for _, key := range []string{"property", "name", "itemprop", "http-equiv"} {
					if k := strings.ToLower(strings.TrimSpace(attr(n, key))); k != "" && content != "" {
						if _, seen := m.meta[k]; !seen {
							m.meta[k] = content
						}
					}
				}
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

// titleText prefers og:title; a <title> loses its " | Site" or " - Site"
// suffix; the first <h1> is the last resort.
func (m pageMeta) titleText(site string) string {
	if t := firstNonEmpty(m.first("og:title", "twitter:title"), m.ldTitle); t != "" {
		return strings.Join(strings.Fields(t), " ")
	}
	if m.title != "" {
		return stripSiteSuffix(m.title, site)
	}
	return m.h1
}

// stripSiteSuffix removes a trailing (or, failing that, leading) segment
// naming the site: "Storm hits coast | The Herald" -> "Storm hits coast".
func stripSiteSuffix(title, site string) string {
	title = strings.Join(strings.Fields(title), " ")
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · "} {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		head, tail := title[:i], title[i+len(sep):]
		normSite := digest.FoldForCompare(site)
		switch {
		case normSite != "" && digest.FoldForCompare(tail) == normSite:
			return head
		case normSite != "" && strings.HasPrefix(title, site+sep):
			return title[len(site)+len(sep):]
		case wordCount(tail) <= 4 && wordCount(head) >= 3:
			return head
		}
	}
	return title
}

// byline prefers the page's declared author over what appears in the text.
func (m pageMeta) byline() string {
	a := firstNonEmpty(m.first("author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author"), m.ldAuthor)
	if strings.HasPrefix(a, "http") {
		return ""
	}
	a = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(a, "By "), "by "))
	return a
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
