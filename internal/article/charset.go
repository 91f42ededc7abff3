package article

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// decodeHTML turns page bytes into valid UTF-8. The encoding comes from a BOM,
// the Content-Type header or a <meta charset>/http-equiv declaration, in the
// order the HTML standard gives them. Without any of those we assume UTF-8
// (not the standard's windows-1252) because almost every page today is UTF-8,
// and bytes that are not valid UTF-8 become U+FFFD rather than mojibake.
func decodeHTML(page []byte, contentType string) string {
	enc, name, certain := charset.DetermineEncoding(page, contentType)
	// A <meta> declaration is often stale: pages re-encoded to UTF-8 keep
	// saying iso-8859-1. Bytes that are valid UTF-8 and not plain ASCII are
	// almost never legacy-encoded text, so they win over the meta tag.
	if !certain && (!declaresCharset(page) || utf8.Valid(page)) {
		enc, name = unicode.UTF8, "utf-8"
	}
	if name == "utf-8" || enc == encoding.Nop {
		return toValidUTF8(page)
	}
	decoded, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return toValidUTF8(page)
	}
	return toValidUTF8(decoded)
}

// declaresCharset reports whether the first 1024 bytes, which is where the
// standard's prescan looks, carry a charset declaration; DetermineEncoding
// reports a meta-declared charset as uncertain, just like its default.
func declaresCharset(page []byte) bool {
	head := page[:min(len(page), 1024)]
	return bytes.Contains(bytes.ToLower(head), []byte("charset"))
}

func toValidUTF8(b []byte) string {
	s := string(b)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.TrimPrefix(s, "\uFEFF")
}
