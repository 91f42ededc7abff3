package main

import (
	"net/http"
	"net/netip"

	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/internal/article"
	"github.com/digestbot/digestbot/internal/feed"
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

func articleFetcher(c config.Config, client *http.Client) *article.Fetcher {
	return article.NewFetcher(client, article.Options{MaxBytes: c.MaxArticleBytes, UserAgent: userAgent()})
}
