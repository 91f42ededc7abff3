package feed

import (
	"strings"
	"testing"
)

func TestNormalizeLink(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"https://Example.COM/a/b", "example.com/a/b"},
		{"http://example.com/a/b/", "example.com/a/b"},
		{"https://www.example.com/a#section", "example.com/a"},
		{"https://example.com:443/a", "example.com/a"},
		{"http://example.com:80/a", "example.com/a"},
		{"http://example.com:8080/a", "example.com:8080/a"},
		{"https://example.com/a?utm_source=rss&utm_medium=feed&id=7", "example.com/a?id=7"},
		{"https://example.com/a?b=2&a=1&fbclid=XYZ&gclid=1", "example.com/a?a=1&b=2"},
		{"https://example.com/a/./b/../c", "example.com/a/c"},
		{"https://example.com/", "example.com"},
		{"https://example.com", "example.com"},
		{"https://example.com/caf%C3%A9", "example.com/caf%C3%A9"},
		{"  https://example.com/x  ", "example.com/x"},
		{"/relative/path", ""},
		{"mailto:a@example.com", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := NormalizeLink(tt.in); got != tt.want {
				t.Errorf("NormalizeLink(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestItemKeyPreference(t *testing.T) {
	hash := contentHash("Title", "Body")
	tests := []struct {
		name, guid, link, want string
	}{
		{"guid wins", " abc-1 ", "https://x.test/a", "guid:abc-1"},
		{"link next", "", "https://www.x.test/a/?utm_campaign=z", "link:x.test/a"},
		{"hash last", "", "", "hash:" + hash},
		{"unusable link", "  ", "not a url", "hash:" + hash},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := itemKey(tt.guid, tt.link, hash); got != tt.want {
				t.Errorf("itemKey = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestContentHashFoldsCaseAndSpace(t *testing.T) {
	a := contentHash("Storm  Warning", "Winds\nof 90mph")
	b := contentHash("storm warning", " winds of 90mph ")
	if a != b {
		t.Errorf("hashes differ for re-wrapped text: %s vs %s", a, b)
	}
	if a == contentHash("Storm warning", "Winds of 95mph") {
		t.Error("hash did not change with the text")
	}
	// Title and text are separated, so moving words between them changes it.
	if contentHash("ab", "c") == contentHash("a", "bc") {
		t.Error("title/text boundary not part of the hash")
	}
	if len(a) != 64 || strings.Trim(a, "0123456789abcdef") != "" {
		t.Errorf("hash %q is not hex SHA-256", a)
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"plain   text\n here", "plain text here"},
		{"<b>Bold</b> &amp; <i>italic</i>", "Bold & italic"},
		{"<p>One.</p><p>Two.</p>", "One. Two."},
		{"Line<br>break", "Line break"},
		{"a<script>var x = '<p>';</script>b", "ab"},
		{"<style>p{color:red}</style>Text", "Text"},
		{"AT&amp;T &#8212; &ldquo;quoted&rdquo;", "AT&T \u2014 \u201cquoted\u201d"},
		{"5 < 6 and 7 > 3", "5 < 6 and 7 > 3"},
		{"non\u00a0breaking", "non breaking"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := htmlToText(tt.in); got != tt.want {
				t.Errorf("htmlToText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
