package feed

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// syntheticRSS builds an RSS 2.0 document of n items shaped like a news
// feed (guid, link with tracking query, HTML description, content).
func syntheticRSS(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title><link>https://bench.test/</link><ttl>30</ttl>`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `<item><title>Story %d: &lt;b&gt;something&lt;/b&gt; happened</title><link>https://bench.test/news/%d?utm_source=rss</link><guid isPermaLink="false">bench-%d</guid><pubDate>Wed, 25 Nov 2026 08:%02d:00 GMT</pubDate><description><![CDATA[<p>Paragraph one of story %d with a few words.</p><p>Paragraph two.</p>]]></description><content:encoded><![CDATA[<p>%s</p>]]></content:encoded></item>`,
			i, i, i, i%60, i, strings.Repeat("Body text of the article, repeated. ", 40))
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

func BenchmarkParse50Items(b *testing.B) {
	body := syntheticRSS(50)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(body, "https://bench.test/rss"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFetch(b *testing.B) {
	body := syntheticRSS(50)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Write(body)
	}))
	defer srv.Close()
	f := newTestFetcher(b, FetcherOptions{})

	b.Run("304", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.Fetch(context.Background(), Request{URL: srv.URL, ETag: `"v1"`}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("200_50_items", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.Fetch(context.Background(), Request{URL: srv.URL}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
