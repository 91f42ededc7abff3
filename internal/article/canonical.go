package article

import (
	"net/url"
	"strings"
)

// maxCanonical bounds a canonical link kept from a page.
const maxCanonical = 2048

// canonicalURL is the page's own name for the article: its canonical link,
// else its og:url, made absolute against pageURL; "" when neither is an
// http(s) URL. Two feeds that link the same article under different
// addresses (tracking parameters, AMP pages, syndication) share it, which
// is how clustering knows they are one report.
func (m pageMeta) canonicalURL(pageURL string) string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	for _, raw := range []string{m.canonical, m.meta["og:url"]} {
		if raw == "" || len(raw) > maxCanonical {
			continue
		}
		u, err := base.Parse(raw)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			continue
		}
		u.Fragment = ""
		return u.String()
	}
	return ""
}

func slicesContainsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
