package story

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// A cached story holds its article's full text, which makes the article
// cache the bulk of the database; deflated, it takes a third of the space
// and fewer pages per entry, so the pruned cache's freed pages are reused
// rather than the file growing around them.

// maxCachedStory bounds what one cache entry may inflate to.
const maxCachedStory = 32 << 20

var writers = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.DefaultCompression) // the level is valid
	return w
}}

// encodeCached is a story as the article cache keeps it: deflated JSON.
func encodeCached(s Story) ([]byte, error) {
	data, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := writers.Get().(*flate.Writer)
	defer writers.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeCached reads what encodeCached wrote, and the plain JSON that
// digestbot cached before it deflated entries.
func decodeCached(data []byte) (Story, error) {
	var s Story
	if len(data) > 0 && data[0] == '{' {
		return s, json.Unmarshal(data, &s)
	}
	r := flate.NewReader(bytes.NewReader(data))
	defer r.Close()
	plain, err := io.ReadAll(io.LimitReader(r, maxCachedStory+1))
	if err != nil {
		return s, fmt.Errorf("story: cached entry: %w", err)
	}
	if len(plain) > maxCachedStory {
		return s, fmt.Errorf("story: cached entry inflates past %d bytes", maxCachedStory)
	}
	return s, json.Unmarshal(plain, &s)
}
