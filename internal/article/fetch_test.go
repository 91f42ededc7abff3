package article

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestFetch(t *testing.T) {
	srv, gotUA := fetchSite(t)

	f := NewFetcher(srv.Client(), Options{UserAgent: "digestbot-test/1"})
	tests := []struct {
		path     string
		wantErr  error
		wantText string
	}{
		{"/story", nil, "Councillors in Portmere voted"},
		{"/moved", nil, "Councillors in Portmere voted"},
		{"/latin1", nil, "Café owners in the old town"},
		{"/untyped", nil, "Councillors in Portmere voted"},
		{"/missing", ErrNotFound, ""},
		{"/gone", ErrNotFound, ""},
		{"/report.pdf", ErrNotHTML, ""},
		{"/photo", ErrNotHTML, ""},
		{"/octet", ErrNotHTML, ""},
		{"/empty", ErrNoArticle, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			a, err := f.Fetch(context.Background(), srv.URL+tt.path)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Fetch err = %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(a.Text, tt.wantText) {
				t.Errorf("Text = %.200q, want it to contain %q", a.Text, tt.wantText)
			}
		})
	}
	if ua, _ := gotUA.Load().(string); ua != "digestbot-test/1" {
		t.Errorf("User-Agent = %q", ua)
	}

	_, err := f.Fetch(context.Background(), srv.URL+"/broken")
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusInternalServerError {
		t.Errorf("Fetch /broken err = %v, want StatusError 500", err)
	}
	if a, _ := f.Fetch(context.Background(), srv.URL+"/moved"); a.URL != srv.URL+"/story" {
		t.Errorf("URL after redirect = %q, want the final URL", a.URL)
	}
}

// hugePage streams an article followed by size bytes of inline script data
// (as single-page apps embed their state), or only the data when article is
// false, counting what it managed to write.
func hugePage(size int, article bool, written *atomic.Int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		head := "<html><head><title>Big page</title></head><body>"
		if article {
			head += "<article><h1>Big page</h1>"
			for i := range 5 {
				head += fmt.Sprintf("<p>Item %d: the regional council approved the new budget for schools and roads after a long debate on Tuesday night.</p>", i)
			}
			head += "</article>"
		}
		n, _ := fmt.Fprint(w, head+`<script>var state = "`)
		written.Add(int64(n))
		chunk := []byte(strings.Repeat("abcdefghij", 6553)) // 64 KiB
		for sent := 0; sent < size; sent += len(chunk) {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return // the client hung up, as it should
			}
		}
		fmt.Fprint(w, `";</script></body></html>`)
	}
}

func TestFetchHugePage(t *testing.T) {
	const size = 50 << 20
	const maxBytes = 1 << 20
	var withArticle, withoutArticle atomic.Int64
	mux := http.NewServeMux()
	mux.Handle("/article", hugePage(size, true, &withArticle))
	mux.Handle("/junk", hugePage(size, false, &withoutArticle))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := NewFetcher(srv.Client(), Options{MaxBytes: maxBytes})

	a, err := f.Fetch(context.Background(), srv.URL+"/article")
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if !strings.Contains(a.Text, "approved the new budget") {
		t.Errorf("article before the cut not extracted: %.200q", a.Text)
	}

	_, err = f.Fetch(context.Background(), srv.URL+"/junk")
	if !errors.Is(err, ErrTooLarge) || !errors.Is(err, ErrNoArticle) {
		t.Errorf("Fetch junk err = %v, want ErrTooLarge and ErrNoArticle", err)
	}

	// The server can run ahead of the reader by socket buffers, not by the
	// whole page: anything near 50 MiB means we read it all.
	srv.CloseClientConnections()
	for _, n := range []int64{withArticle.Load(), withoutArticle.Load()} {
		if n > 16<<20 {
			t.Errorf("server wrote %d bytes; the fetcher should stop near %d", n, maxBytes)
		}
	}
}

func TestFetchTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)

	client := *srv.Client()
	client.Timeout = 100 * time.Millisecond
	_, err := NewFetcher(&client, Options{}).Fetch(context.Background(), srv.URL)
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("client timeout: err = %v, want ErrTimeout", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = NewFetcher(srv.Client(), Options{}).Fetch(ctx, srv.URL)
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("context deadline: err = %v, want ErrTimeout wrapping DeadlineExceeded", err)
	}
}

func TestFetchBadURL(t *testing.T) {
	_, err := NewFetcher(nil, Options{}).Fetch(context.Background(), "://nope")
	if err == nil || !strings.HasPrefix(err.Error(), "article: ") {
		t.Errorf("err = %v, want an article: error", err)
	}
}

// fetchSite serves a story page and the ways a page can go wrong, and
// records the last User-Agent that asked for the story.
func fetchSite(t *testing.T) (*httptest.Server, *atomic.Value) {
	t.Helper()
	story := readFixture(t, "news_story.html")
	latin1 := []byte("<html><body><article><p>" + strings.Repeat("Caf\xe9 owners in the old town protested against the new parking rules on Monday. ", 4) + "</p></article></body></html>")

	mux := http.NewServeMux()
	var gotUA atomic.Value
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		gotUA.Store(r.UserAgent())
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(story)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/story", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
		w.Write(latin1)
	})
	mux.HandleFunc("/untyped", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // stop net/http sniffing so we sniff
		w.Write(story)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", http.StatusInternalServerError) })
	mux.HandleFunc("/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7\n"))
	})
	mux.HandleFunc("/photo", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write([]byte("\xff\xd8\xff\xe0junk"))
	})
	mux.HandleFunc("/octet", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write([]byte("\x00\x01\x02\x03binary"))
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &gotUA
}
