// Package feed fetches and parses RSS, Atom and JSON feeds: polite
// conditional GETs through the safe HTTP client, item identities that
// survive publishers' edits, feed discovery from web pages, OPML, and the
// polling schedule. It stores nothing.
package feed

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"
)

// Feed is a parsed feed document.
type Feed struct {
	Title       string        `json:"title"`
	SiteURL     string        `json:"site_url"`
	Description string        `json:"description"`
	TTL         time.Duration `json:"ttl"` // RSS <ttl>; 0 when absent
	Items       []Item        `json:"items"`
}

// Item is one entry of a feed, in document order.
type Item struct {
	// Key is the stable identity: "guid:<guid>", else "link:<normalised
	// link>" (see NormalizeLink), else "hash:<ContentHash>". The first two
	// survive a publisher rewriting an item's date and title; a hash key
	// covers the title, so an item with neither GUID nor link that is
	// retitled comes back as a new item.
	Key   string `json:"key"`
	GUID  string `json:"guid"`
	Title string `json:"title"` // plain text
	Link  string `json:"link"`  // absolute
	// Published falls back to Updated when the feed gives only one date.
	Published time.Time `json:"published,omitzero"`
	Updated   time.Time `json:"updated,omitzero"`
	Author    string    `json:"author"`
	// Summary is plain text (of the description, else of the content).
	Summary string `json:"summary"`
	// Content is the publisher's HTML as given (full content if present,
	// else the description); relative URLs inside it are not rewritten.
	Content string `json:"content"`
	// ContentHash is the hex SHA-256 of the normalised title and text, for
	// noticing edits to an item whose Key is unchanged.
	ContentHash string `json:"content_hash"`
}

// parseGuarded runs gofeed, turning a panic inside it into an error: a
// document that trips a bug in the parser is one broken feed, and must not
// take the poller (and every other feed's delivery) down with it.
func parseGuarded(p *gofeed.Parser, body []byte) (gf *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			gf, err = nil, fmt.Errorf("the feed parser failed on this document: %v", r)
		}
	}()
	return p.Parse(bytes.NewReader(body))
}

// Parse reads an RSS 0.9x/1.0/2.0, Atom or JSON Feed document. feedURL (the
// URL the document came from) resolves relative links. An HTML page yields
// a *NotAFeedError listing the feeds it links to; anything else unreadable
// a *ParseError. At most MaxItems items are taken, the newest.
func Parse(body []byte, feedURL string) (*Feed, error) {
	base, _ := url.Parse(feedURL)
	if !isJSON(body) {
		if err := checkDepth(body, MaxDepth); err != nil {
			return nil, err
		}
	}
	body, err := capItems(body, MaxItems)
	if err != nil {
		return nil, err
	}
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	// Items' images are never used; finding one parses every item's HTML,
	// which was a third of a poll pass's parsing.
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	gf, err := parseGuarded(p, body)
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			if looksLikeHTML(body) {
				return nil, &NotAFeedError{FeedLinks: alternateLinks(body, base)}
			}
			return nil, &ParseError{Err: errors.New("not RSS, Atom or JSON Feed")}
		}
		return nil, &ParseError{Err: err}
	}

	f := &Feed{
		Title:       htmlToText(gf.Title),
		Description: htmlToText(gf.Description),
	}
	if site := resolveLink(base, gf.Link); site != "" {
		f.SiteURL = site
	}
	if orig, ok := gf.OriginalFeed().(*rss.Feed); ok {
		if minutes, err := strconv.Atoi(strings.TrimSpace(orig.TTL)); err == nil && minutes > 0 {
			f.TTL = time.Duration(minutes) * time.Minute
		}
	}

	// Relative item links are relative to the site more often than to the
	// feed (feeds often live on another host, e.g. a feed proxy).
	itemBase := base
	if f.SiteURL != "" {
		if u, err := url.Parse(f.SiteURL); err == nil {
			itemBase = u
		}
	}
	seen := make(map[string]bool, len(gf.Items))
	for _, gi := range gf.Items {
		if gi == nil {
			continue
		}
		it := convertItem(gi, itemBase)
		if seen[it.Key] {
			continue // duplicate entry in one document: first one wins
		}
		seen[it.Key] = true
		f.Items = append(f.Items, it)
	}
	if len(f.Items) > MaxItems {
		// capItems counts elements; a parser that found more anyway still
		// hands on no more than the documented cap.
		f.Items = f.Newest(MaxItems)
	}
	return f, nil
}

func convertItem(gi *gofeed.Item, base *url.URL) Item {
	it := Item{
		GUID:  strings.TrimSpace(gi.GUID),
		Title: htmlToText(gi.Title),
		Link:  resolveLink(base, gi.Link),
	}
	if it.Link == "" {
		for _, l := range gi.Links {
			if it.Link = resolveLink(base, l); it.Link != "" {
				break
			}
		}
	}
	if it.Link == "" && isHTTPURL(it.GUID) {
		// RSS guids are permalinks unless isPermaLink="false"; use one
		// when that is all the item offers.
		it.Link = it.GUID
	}
	if gi.UpdatedParsed != nil {
		it.Updated = gi.UpdatedParsed.UTC()
	}
	if gi.PublishedParsed != nil {
		it.Published = gi.PublishedParsed.UTC()
	} else {
		it.Published = it.Updated
	}
	for _, a := range gi.Authors {
		if a == nil {
			continue
		}
		if name := htmlToText(a.Name); name != "" {
			it.Author = name
		} else {
			it.Author = strings.TrimSpace(a.Email)
		}
		if it.Author != "" {
			break
		}
	}
	it.Content = strings.TrimSpace(gi.Content)
	if it.Content == "" {
		it.Content = strings.TrimSpace(gi.Description)
	}
	if gi.Description != "" {
		it.Summary = htmlToText(gi.Description)
	} else {
		it.Summary = htmlToText(gi.Content)
	}
	it.ContentHash = contentHash(it.Title, htmlToText(it.Content))
	it.Key = itemKey(it.GUID, it.Link, it.ContentHash)
	return it
}

// Newest returns up to n items, most recently published first; items
// without a date keep their document order after the dated ones. It is for
// the optional backfill when a feed is first added.
func (f *Feed) Newest(n int) []Item {
	items := slices.Clone(f.Items)
	slices.SortStableFunc(items, func(a, b Item) int {
		switch {
		case a.Published.IsZero() && b.Published.IsZero():
			return 0
		case a.Published.IsZero():
			return 1
		case b.Published.IsZero():
			return -1
		}
		return b.Published.Compare(a.Published)
	})
	if n < len(items) {
		items = items[:max(n, 0)]
	}
	return items
}

// resolveLink makes ref absolute against base and returns it only if it is
// an http(s) URL.
func resolveLink(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if !isHTTPURL(u.String()) {
		return ""
	}
	return u.String()
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "http" || scheme == "https"
}

// looksLikeHTML sniffs the start of a body for an HTML document.
func looksLikeHTML(body []byte) bool {
	head := body
	if len(head) > 1024 {
		head = head[:1024]
	}
	head = bytes.ToLower(head)
	return bytes.Contains(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html")) ||
		bytes.Contains(head, []byte("<head")) || bytes.Contains(head, []byte("<body"))
}
