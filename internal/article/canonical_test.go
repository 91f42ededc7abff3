package article

import (
	"fmt"
	"strings"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	t.Parallel()
	body := "<article><h1>Bridge closed</h1><p>" + strings.Repeat("The Kestwick rail bridge was closed after the floods. ", 8) + "</p></article>"
	tests := []struct{ name, head, want string }{
		{"canonical link, relative", `<link rel="Canonical" href="/news/bridge#top"><meta property="og:url" content="https://other.example/x">`, "https://news.example/news/bridge"},
		{"og:url when no link", `<meta property="og:url" content="https://wire.example/story/1">`, "https://wire.example/story/1"},
		{"not http", `<link rel="canonical" href="javascript:alert(1)">`, ""},
		{"none", ``, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page := fmt.Sprintf("<html><head><title>Bridge closed</title>%s</head><body>%s</body></html>", tc.head, body)
			a, err := Extract([]byte(page), "https://news.example/amp/bridge?utm_source=feed")
			if err != nil {
				t.Fatal(err)
			}
			if a.Canonical != tc.want {
				t.Errorf("Canonical = %q, want %q", a.Canonical, tc.want)
			}
		})
	}
}
