package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// feedMediaTypes are the <link rel="alternate"> types that announce a feed.
var feedMediaTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
}

// commonFeedPaths are tried, in order, on the site root when a page does
// not announce its feed.
var commonFeedPaths = []string{"/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml", "/feed.json"}

// Discover finds the feed for a URL a user gave: the URL itself if it is a
// feed, else the feeds the page announces with <link rel="alternate">
// (not fetched), else the first of the common paths (/feed, /rss, ...) on
// the same site that fetches and parses as a feed. It returns absolute
// URLs, the preferred first, or an error wrapping ErrNoFeedFound.
func (f *Fetcher) Discover(ctx context.Context, pageURL string) ([]string, error) {
	res, err := f.Fetch(ctx, Request{URL: pageURL})
	if err == nil {
		if res.PermanentURL != "" {
			return []string{res.PermanentURL}, nil
		}
		// A temporary redirect is not ours to bake in: keep the given URL.
		return []string{strings.TrimSpace(pageURL)}, nil
	}
	var notFeed *NotAFeedError
	var parseErr *ParseError
	switch {
	case errors.As(err, &notFeed):
		if len(notFeed.FeedLinks) > 0 {
			return notFeed.FeedLinks, nil
		}
	case errors.As(err, &parseErr):
	default:
		return nil, fmt.Errorf("feed: discover %s: %w", pageURL, err)
	}

	site, perr := url.Parse(res.FinalURL)
	if perr != nil || site.Host == "" {
		return nil, fmt.Errorf("feed: discover %s: %w", pageURL, ErrNoFeedFound)
	}
	for _, p := range commonFeedPaths {
		candidate := (&url.URL{Scheme: site.Scheme, Host: site.Host, Path: p}).String()
		res, err := f.Fetch(ctx, Request{URL: candidate})
		if ctx.Err() != nil {
			return nil, fmt.Errorf("feed: discover %s: %w", pageURL, ctx.Err())
		}
		if err == nil && res.Feed != nil {
			if res.PermanentURL != "" {
				candidate = res.PermanentURL
			}
			return []string{candidate}, nil
		}
	}
	return nil, fmt.Errorf("feed: discover %s: %w", pageURL, ErrNoFeedFound)
}

// alternateLinks lists the feeds an HTML page announces, resolved against
// the page's <base href> (itself resolved against base), deduplicated, in
// page order.
func alternateLinks(page []byte, base *url.URL) []string {
	var links []string
	seen := map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return links
		case html.EndTagToken:
			if name, _ := z.TagName(); atom.Lookup(name) == atom.Head {
				return links // feeds are announced in <head>
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.DataAtom {
			case atom.Body:
				return links
			case atom.Base:
				if href := attr(tok, "href"); href != "" {
					if u, err := url.Parse(strings.TrimSpace(href)); err == nil {
						if base != nil {
							u = base.ResolveReference(u)
						}
						base = u
					}
				}
			case atom.Link:
				if !hasToken(attr(tok, "rel"), "alternate") {
					continue
				}
				mediaType, _, err := mime.ParseMediaType(attr(tok, "type"))
				if err != nil || !feedMediaTypes[strings.ToLower(mediaType)] {
					continue
				}
				if link := resolveLink(base, attr(tok, "href")); link != "" && !seen[link] {
					seen[link] = true
					links = append(links, link)
				}
			}
		}
	}
}

func attr(tok html.Token, name string) string {
	for _, a := range tok.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// hasToken reports whether the space-separated list contains want.
func hasToken(list, want string) bool {
	for _, t := range strings.Fields(list) {
		if strings.EqualFold(t, want) {
			return true
		}
	}
	return false
}
