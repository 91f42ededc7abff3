package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"path"
	"strings"
)

// Item keys are namespaced by how they were derived, so a key can never
// collide across kinds and a reader of the store can tell them apart.
const (
	keyPrefixGUID = "guid:"
	keyPrefixLink = "link:"
	keyPrefixHash = "hash:"
)

// itemKey picks the most stable identity an item offers. A GUID is the
// publisher's own promise of identity; a link survives title and date
// rewrites but not a URL change; the content hash is the last resort and,
// because it covers the title, an item keyed by it that is retitled counts
// as a new item.
func itemKey(guid, link, contentHash string) string {
	if g := strings.TrimSpace(guid); g != "" {
		return keyPrefixGUID + g
	}
	if n := NormalizeLink(link); n != "" {
		return keyPrefixLink + n
	}
	return keyPrefixHash + contentHash
}

// contentHash is the hex SHA-256 of the item's normalised title and text.
// Case and white space are folded so re-encoding or re-wrapping by the
// publisher's CMS does not change it.
func contentHash(title, text string) string {
	h := sha256.New()
	h.Write([]byte(strings.ToLower(collapseSpace(title))))
	h.Write([]byte{0})
	h.Write([]byte(strings.ToLower(collapseSpace(text))))
	return hex.EncodeToString(h.Sum(nil))
}

// trackingParams are query parameters that identify a campaign or a click,
// not a page; they differ between two copies of the same link.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "msclkid": true,
	"yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_hsenc": true,
	"_hsmi": true, "mkt_tok": true, "oly_anon_id": true, "oly_enc_id": true,
	"rb_clickid": true, "s_cid": true, "vero_id": true, "vero_conv": true,
	"wt_mc": true, "wt.mc_id": true, "ocid": true, "cmpid": true, "_ga": true,
	"ref_src": true, "ref_url": true, "spm": true, "guccounter": true,
}

func isTrackingParam(name string) bool {
	name = strings.ToLower(name)
	return strings.HasPrefix(name, "utm_") || trackingParams[name]
}

// NormalizeLink reduces an absolute http(s) URL to a form under which two
// links to the same story compare equal: scheme dropped (publishers move to
// https and would otherwise re-announce every item), host lower-cased
// without "www." or a default port, fragment and tracking parameters
// removed, remaining query sorted, trailing slash dropped. It returns ""
// for anything that is not an absolute http(s) URL.
func NormalizeLink(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimSuffix(host, ".")
	host = strings.TrimPrefix(host, "www.")
	if port := u.Port(); port != "" && port != "80" && port != "443" {
		host += ":" + port
	}

	p := u.EscapedPath()
	if p != "" {
		// Resolve dot segments but keep an escaped path escaped.
		trailing := strings.HasSuffix(p, "/")
		p = path.Clean(p)
		if trailing && p != "/" {
			p += "/"
		}
	}
	p = strings.TrimRight(p, "/")

	q := u.Query()
	for name := range q {
		if isTrackingParam(name) {
			delete(q, name)
		}
	}
	out := host + p
	if len(q) > 0 {
		out += "?" + q.Encode() // Encode sorts by key
	}
	return out
}
