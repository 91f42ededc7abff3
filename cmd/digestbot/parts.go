package main

import (
	"net/http"
	"net/netip"

	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/internal/feed"
	"github.com/digestbot/digestbot/internal/fetch"
	"github.com/digestbot/digestbot/internal/safehttp"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func userAgent() string { return feed.UserAgent(version) }

// httpClient is the one client for every request to a user-supplied URL:
// SSRF-guarded unless private networks are explicitly allowed.
func httpClient(c config.Config) *http.Client {
	var allow []netip.AddrPort
	for _, a := range c.AllowedAddresses {
		allow = append(allow, netip.MustParseAddrPort(a)) // Validate checked them
	}
	return safehttp.NewClient(safehttp.Options{
		AllowPrivate: c.AllowPrivateNetworks,
		AllowAddrs:   allow,
		UserAgent:    userAgent(),
		Timeout:      c.FetchTimeout.D(),
	})
}

// newFetch is the process's one fetcher, for feeds and pages: the guarded
// client under the configured overall and per-host limits.
func newFetch(c config.Config) *fetch.Client {
	return fetch.New(httpClient(c), safehttp.NewLimiter(c.Concurrency, c.PerHostConcurrency), userAgent())
}

// articleFetcher reads pages through fc, the fetcher the feeds use, so a
// digest of one site's stories keeps to the per-host limit.
func articleFetcher(c config.Config, fc *fetch.Client) *article.Fetcher {
	return article.NewFetcher(nil, article.Options{MaxBytes: c.MaxArticleBytes, Fetch: fc})
}
