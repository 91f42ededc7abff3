package redact

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.org/feed", "https://example.org/feed"},
		{"http://user:pass@example.org/feed", "http://xxxxx@example.org/feed"},
		{"https://TOKEN@example.org", "https://xxxxx@example.org"},
		{"https://user:xxxxx@example.org:8080/a?b=c@d", "https://xxxxx@example.org:8080/a?b=c@d"},
		{`feed: fetch Get "http://a:b@h/x": dial tcp: refused`, `feed: fetch Get "http://xxxxx@h/x": dial tcp: refused`},
		{"two: http://a:b@one/ and https://c@two/", "two: http://xxxxx@one/ and https://xxxxx@two/"},
		{"mail someone@example.org", "mail someone@example.org"},
		{"http://p@ss:w@rd@host/", "http://xxxxx@host/"},
		{"(http://u:p@h)", "(http://xxxxx@h)"},
		{"ends with ://", "ends with ://"},
		{"https://h/feed?token=abc123&page=2", "https://h/feed?token=xxxxx&page=2"},
		{"https://h/rss?user=me&API_KEY=k1#top", "https://h/rss?user=me&API_KEY=xxxxx#top"},
		{`Get "https://u:p@h/x?sig=s&x=1": 404`, `Get "https://xxxxx@h/x?sig=xxxxx&x=1": 404`},
		{"https://h/search?q=a=b&keyword=x", "https://h/search?q=a=b&keyword=x"},
		{"a=b and http://h/x?token=t", "a=b and http://h/x?token=xxxxx"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Text is called on every log line: a long line must cost linear time.
func BenchmarkTextLong(b *testing.B) {
	s := strings.Repeat("http://a@b/?token=c&d=e ", 100000)
	for b.Loop() {
		Text(s)
	}
}

func TestHandler(t *testing.T) {
	var buf strings.Builder
	log := slog.New(NewHandler(slog.NewJSONHandler(&buf, nil), nil))
	err := fmt.Errorf("feed: fetch %s: %w", "http://user:secret@example.org/rss", errors.New("refused"))
	log.With("feed_url", "https://tok@example.org/a").WithGroup("g").Warn("feed poll failed http://u:secret2@h/",
		"err", err, "n", 3, "urls", []string{"http://a:secret3@b/"}, slog.Group("inner", "u", "http://c:secret4@d/"))
	out := buf.String()
	for _, secret := range []string{"secret", "tok@", "user"} {
		if strings.Contains(out, secret) {
			t.Errorf("log line leaks %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, `"n":3`) || !strings.Contains(out, "xxxxx@example.org/rss") {
		t.Errorf("log line lost its content: %s", out)
	}
}
