package feed

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

func TestDiscover(t *testing.T) {
	rss := fixture(t, "rss2_news.xml")
	atomFeed := fixture(t, "atom_blog.xml")
	tests := []struct {
		name      string
		site      site
		path      string
		want      []string // paths on the test server
		wantErr   error
		wantProbe []string // paths that must have been requested
	}{
		{
			name: "url is already a feed",
			site: site{"/rss": serve(rss)},
			path: "/rss", want: []string{"/rss"},
		},
		{
			name: "alternate links with base",
			site: site{"/blog/post": page(`<!DOCTYPE html><html><head>
				<base href="/blog/">
				<link rel="alternate" type="application/rss+xml" title="Posts" href="feed.xml">
				<link rel="Alternate Feed" type="application/feed+json" href="/feed.json">
				<link rel="alternate" type="text/html" href="/other">
				</head><body><link rel="alternate" type="application/rss+xml" href="/late.xml"></body></html>`)},
			path: "/blog/post", want: []string{"/blog/feed.xml", "/feed.json"},
		},
		{
			name: "common path fallback",
			site: site{
				"/":         page(`<html><head><title>No feed link</title></head><body></body></html>`),
				"/feed":     func(w http.ResponseWriter) { w.WriteHeader(http.StatusNotFound) },
				"/rss":      page(`<html><body>soft 404 page</body></html>`),
				"/feed.xml": serve(atomFeed),
			},
			path: "/", want: []string{"/feed.xml"}, wantProbe: []string{"/feed", "/rss", "/feed.xml"},
		},
		{
			name:      "nothing found",
			site:      site{"/": page(`<html><body>plain</body></html>`)},
			path:      "/",
			wantErr:   ErrNoFeedFound,
			wantProbe: []string{"/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml", "/feed.json"},
		},
		{
			name:    "page itself fails",
			site:    site{},
			path:    "/gone",
			wantErr: &StatusError{Code: 404},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, requested := recordingSite(t, tt.site)

			got, err := newTestFetcher(t, FetcherOptions{}).Discover(context.Background(), srv.URL+tt.path)
			wantError(t, err, tt.wantErr)
			var gotPaths []string
			for _, g := range got {
				u, err := url.Parse(g)
				if err != nil || u.Host != strings.TrimPrefix(srv.URL, "http://") {
					t.Fatalf("discovered %q is not on the test server", g)
				}
				gotPaths = append(gotPaths, u.Path)
			}
			if strings.Join(gotPaths, " ") != strings.Join(tt.want, " ") {
				t.Errorf("discovered %q, want %q", gotPaths, tt.want)
			}
			if probed := requested()[1:]; len(tt.wantProbe) > 0 && strings.Join(probed, " ") != strings.Join(tt.wantProbe, " ") {
				t.Errorf("probed %q, want %q", probed, tt.wantProbe)
			}
		})
	}
}

type site map[string]func(w http.ResponseWriter)

// recordingSite serves s and records the paths requested, in order.
func recordingSite(t *testing.T, s site) (*httptest.Server, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var requested []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requested = append(requested, r.URL.Path)
		mu.Unlock()
		if h, ok := s[r.URL.Path]; ok {
			h(w)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), requested...)
	}
}

// wantError fails t unless err matches want: nil, a sentinel, or a
// *StatusError with want's code.
func wantError(t *testing.T, err, want error) {
	t.Helper()
	var se *StatusError
	switch w, isStatus := want.(*StatusError); {
	case want == nil && err != nil:
		t.Fatalf("Discover: %v", err)
	case isStatus && (!errors.As(err, &se) || se.Code != w.Code):
		t.Fatalf("err = %v, want %v", err, want)
	case want != nil && !isStatus && !errors.Is(err, want):
		t.Fatalf("err = %v, want %v", err, want)
	}
}

// page answers with an HTML page.
func page(html string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(html))
	}
}

// serve answers with b as it is.
func serve(b []byte) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) { w.Write(b) }
}
