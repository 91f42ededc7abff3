package store

import (
	"errors"
	"testing"
	"time"
)

func TestArticles(t *testing.T) {
	s := openTest(t)
	const a, b = "https://example.org/a", "https://example.org/b"
	if _, _, err := s.Article(a); !errors.Is(err, ErrNotFound) {
		t.Errorf("Article(missing): %v, want ErrNotFound", err)
	}
	if err := s.PutArticle(a, []byte("first"), t0); err != nil {
		t.Fatal(err)
	}
	if err := s.PutArticle(b, []byte("bee"), t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Refetching replaces data and time, and moves the time index.
	if err := s.PutArticle(a, []byte("second"), t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	data, at, err := s.Article(a)
	if err != nil || string(data) != "second" || !at.Equal(t0.Add(3*time.Hour)) {
		t.Errorf("Article(a) = %q, %v, %v", data, at, err)
	}
	if n, err := s.PruneArticles(t0.Add(time.Hour)); err != nil || n != 0 {
		t.Errorf("PruneArticles before both = %d, %v; want 0 (a was refreshed)", n, err)
	}
	if n, err := s.PruneArticles(t0.Add(150 * time.Minute)); err != nil || n != 1 {
		t.Errorf("PruneArticles = %d, %v; want 1", n, err)
	}
	if _, _, err := s.Article(b); !errors.Is(err, ErrNotFound) {
		t.Errorf("pruned article b: %v", err)
	}
	if _, _, err := s.Article(a); err != nil {
		t.Errorf("article a lost: %v", err)
	}
	if err := s.PutArticle("", nil, t0); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty URL: %v, want ErrInvalid", err)
	}
	// Empty data is a valid cache entry (e.g. "nothing extractable").
	if err := s.PutArticle(b, nil, t0); err != nil {
		t.Fatal(err)
	}
	if data, _, err := s.Article(b); err != nil || len(data) != 0 {
		t.Errorf("empty article = %q, %v", data, err)
	}
}
