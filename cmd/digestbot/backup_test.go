package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/digestbot/digestbot/internal/metrics"
	"github.com/digestbot/digestbot/internal/store"
)

func TestBackupFromRunningBot(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "live.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.AddFeed(store.Feed{URL: "https://example.org/feed.xml", Title: "Example"}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(opsHandler(metrics.NewRegistry(), st, ln.Addr()))
	srv.Listener = ln
	srv.Start()
	defer srv.Close()

	backup := filepath.Join(dir, "copy.db")
	n, err := backupFromBot(context.Background(), ln.Addr().String(), backup)
	if err != nil || n == 0 {
		t.Fatalf("backupFromBot = %d, %v", n, err)
	}
	copyStore, err := store.Open(backup, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer copyStore.Close()
	feeds, err := copyStore.Feeds()
	if err != nil || len(feeds) != 1 || feeds[0].Title != "Example" {
		t.Fatalf("backup feeds = %+v, %v", feeds, err)
	}
}

func TestBackupNotServedOffLoopback(t *testing.T) {
	t.Parallel()
	st, err := store.Open(filepath.Join(t.TempDir(), "live.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h := opsHandler(metrics.NewRegistry(), st, &net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 9090})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/backup", nil))
	if rec.Code == http.StatusOK {
		t.Fatalf("/backup served on a non-loopback address")
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/healthz = %d", rec.Code)
	}
}
