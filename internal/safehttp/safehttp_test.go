package safehttp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeResolver maps host names to fixed addresses, standing in for DNS.
type fakeResolver map[string][]string

func (f fakeResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	ips, ok := f[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []net.IPAddr
	for _, s := range ips {
		out = append(out, net.IPAddr{IP: net.ParseIP(s)})
	}
	return out, nil
}

func serverAddr(t *testing.T, srv *httptest.Server) netip.AddrPort {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ap, err := netip.ParseAddrPort(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	return ap
}

func TestBlockedReason(t *testing.T) {
	tests := []struct {
		addr string
		want string
	}{
		{"127.0.0.1", reasonLoopback},
		{"127.8.9.10", reasonLoopback},
		{"::1", reasonLoopback},
		{"10.0.0.5", reasonPrivate},
		{"172.16.0.1", reasonPrivate},
		{"172.31.255.255", reasonPrivate},
		{"192.168.1.1", reasonPrivate},
		{"169.254.169.254", reasonMetadata},
		{"169.254.1.1", reasonLinkLocal},
		{"fe80::1", reasonLinkLocal},
		{"fd12:3456::1", reasonPrivate},
		{"fd00:ec2::254", reasonMetadata},
		{"100.64.0.1", reasonCGNAT},
		{"0.0.0.0", reasonUnspecified},
		{"::", reasonUnspecified},
		{"224.0.0.1", reasonMulticast},
		{"ff02::1", reasonMulticast},
		{"255.255.255.255", reasonReserved},
		{"192.0.2.7", reasonDocs},
		{"2001:db8::1", reasonDocs},
		{"::ffff:127.0.0.1", reasonLoopback},
		{"::ffff:10.1.2.3", reasonPrivate},
		{"::ffff:169.254.169.254", reasonMetadata},
		{"64:ff9b::10.0.0.1", reasonPrivate},
		{"2002:7f00:1::", reasonLoopback}, // 6to4 wrapping 127.0.0.1
		{"::127.0.0.1", reasonReserved},
		// Teredo: server 65.54.227.120, client 192.0.2.45 obfuscated (and
		// one wrapping 127.0.0.1 the same way): the whole /32 is refused.
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", reasonTeredo},
		{"2001::ffff:ffff:80ff:fffe", reasonTeredo},
		{"2001:0:ffff:ffff::", reasonTeredo},
		{"2001:1::1", ""}, // next to Teredo, outside it
		{"3fff::1", ""},   // global unicast range, not a known special block
		{"4000::1", reasonNotGlobal},
		// Public addresses pass.
		{"8.8.8.8", ""},
		{"172.32.0.1", ""},
		{"100.128.0.1", ""},
		{"2606:4700:4700::1111", ""},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::8.8.8.8", ""},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := BlockedReason(netip.MustParseAddr(tt.addr)); got != tt.want {
				t.Errorf("BlockedReason(%s) = %q, want %q", tt.addr, got, tt.want)
			}
		})
	}
}

func TestValidateURL(t *testing.T) {
	tests := []struct {
		raw     string
		wantErr error
		wantMsg string
	}{
		{"https://example.com/feed.xml", nil, ""},
		{"  http://example.com  ", nil, ""},
		{"HTTPS://Example.com/", nil, ""},
		{"", ErrInvalidURL, "not a URL"},
		{"not a url", ErrInvalidURL, "not a URL"},
		{"example.com/feed", ErrInvalidURL, "did you mean https://example.com/feed"},
		{"ftp://example.com/feed", ErrUnsupportedScheme, "only http and https are supported"},
		{"file:///etc/passwd", ErrUnsupportedScheme, "only http and https are supported"},
		{"javascript:alert(1)", ErrUnsupportedScheme, "only http and https are supported"},
		{"http://", ErrInvalidURL, "no host"},
		{"http://[::1", ErrInvalidURL, "not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			u, err := ValidateURL(tt.raw)
			if tt.wantErr == nil {
				if err != nil || u == nil {
					t.Fatalf("ValidateURL(%q) = %v, %v; want a URL", tt.raw, u, err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ValidateURL(%q) error = %v, want %v", tt.raw, err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tt.wantMsg)
			}
		})
	}
}

func TestClientRefusesNonPublicAddresses(t *testing.T) {
	// A live loopback server proves the refusal happens before any byte is
	// sent: it must never be hit.
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	port := serverAddr(t, srv).Port()

	resolver := fakeResolver{
		"rebind.example": {"127.0.0.1"},
		"mixed.example":  {"10.0.0.7", "192.168.0.3"},
	}
	client := NewClient(Options{Resolver: resolver, ConnectTimeout: time.Second, Timeout: 2 * time.Second})
	tests := []struct {
		url        string
		wantIP     string
		wantReason string
		wantMsg    string
	}{
		{fmt.Sprintf("http://127.0.0.1:%d/", port), "127.0.0.1", reasonLoopback, "refusing to connect to 127.0.0.1: loopback address"},
		{fmt.Sprintf("http://[::1]:%d/", port), "::1", reasonLoopback, "refusing to connect to ::1: loopback address"},
		{"http://10.0.0.5/feed", "10.0.0.5", reasonPrivate, "refusing to connect to 10.0.0.5: private network address"},
		{"http://172.16.4.2/", "172.16.4.2", reasonPrivate, "private network address"},
		{"https://192.168.1.1/", "192.168.1.1", reasonPrivate, "private network address"},
		{"http://169.254.169.254/latest/meta-data/", "169.254.169.254", reasonMetadata, "cloud metadata"},
		{"http://[::ffff:127.0.0.1]:" + fmt.Sprint(port) + "/", "127.0.0.1", reasonLoopback, "loopback"},
		{"http://[fe80::1]/", "fe80::1", reasonLinkLocal, "link-local"},
		{"http://0.0.0.0:" + fmt.Sprint(port) + "/", "0.0.0.0", reasonUnspecified, "unspecified"},
		{"http://224.0.0.1/", "224.0.0.1", reasonMulticast, "multicast"},
		{"http://100.100.100.200/", "100.100.100.200", reasonCGNAT, "carrier-grade NAT"},
		{fmt.Sprintf("http://rebind.example:%d/", port), "127.0.0.1", reasonLoopback, "refusing to connect to rebind.example (127.0.0.1): loopback address"},
		{"http://mixed.example/", "10.0.0.7", reasonPrivate, "mixed.example (10.0.0.7)"},
		{"http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "2001:0:4136:e378:8000:63bf:3fff:fdd2", reasonTeredo, "Teredo"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			resp, err := client.Get(tt.url)
			if err == nil {
				resp.Body.Close()
				t.Fatalf("GET %s succeeded, want refusal", tt.url)
			}
			var be *BlockedError
			if !errors.As(err, &be) {
				t.Fatalf("GET %s error = %v, want *BlockedError", tt.url, err)
			}
			if be.IP.String() != tt.wantIP || be.Reason != tt.wantReason {
				t.Errorf("BlockedError = %+v, want IP %s reason %q", be, tt.wantIP, tt.wantReason)
			}
			for _, want := range []string{tt.wantMsg, "DIGESTBOT_ALLOW_PRIVATE_NETWORKS"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("loopback server was hit %d times", n)
	}
}

func TestClientRefusesLocalhostName(t *testing.T) {
	// The real resolver: "localhost" resolves from /etc/hosts, no network.
	client := NewClient(Options{})
	_, err := client.Get("http://localhost:1/")
	var be *BlockedError
	if !errors.As(err, &be) || be.Reason != reasonLoopback || be.Host != "localhost" {
		t.Fatalf("GET localhost error = %v, want loopback *BlockedError for host localhost", err)
	}
}

// redirectingServers starts an "internal" server that must never be reached
// and a public one whose paths redirect to internal, metadata, rebinding and
// file destinations; hits counts requests that reached the internal one.
func redirectingServers(t *testing.T) (public *httptest.Server, hits *atomic.Int32) {
	t.Helper()
	hits = new(atomic.Int32)
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, "secret")
	}))
	t.Cleanup(internal.Close)
	public = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			io.WriteString(w, "public content")
		case "/to-internal":
			http.Redirect(w, r, internal.URL+"/admin", http.StatusFound)
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusMovedPermanently)
		case "/to-rebind":
			http.Redirect(w, r, "http://intranet.example/", http.StatusSeeOther)
		case "/to-file":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(public.Close)
	return public, hits
}

func TestRedirectToPrivateAddressIsRefused(t *testing.T) {
	public, internalHits := redirectingServers(t)
	pub := serverAddr(t, public)

	// news.example plays a public site: it resolves to the test server,
	// whose exact address:port alone is allow-listed.
	client := NewClient(Options{
		Resolver: fakeResolver{
			"news.example":     {pub.Addr().String()},
			"intranet.example": {"10.20.30.40"},
		},
		AllowAddrs: []netip.AddrPort{pub},
	})
	base := fmt.Sprintf("http://news.example:%d", pub.Port())

	resp, err := client.Get(base + "/ok")
	if err != nil {
		t.Fatalf("first hop to the allow-listed server failed: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "public content" {
		t.Fatalf("body = %q", body)
	}

	tests := []struct {
		path    string
		wantIP  string
		wantMsg string
	}{
		{"/to-internal", "127.0.0.1", "loopback address"},
		{"/to-metadata", "169.254.169.254", "cloud metadata"},
		{"/to-rebind", "10.20.30.40", "intranet.example (10.20.30.40): private network address"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := client.Get(base + tt.path)
			if err == nil {
				resp.Body.Close()
				t.Fatal("redirect to a private address was followed")
			}
			var be *BlockedError
			if !errors.As(err, &be) || be.IP.String() != tt.wantIP {
				t.Fatalf("error = %v, want *BlockedError for %s", err, tt.wantIP)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tt.wantMsg)
			}
		})
	}
	t.Run("/to-file", func(t *testing.T) {
		resp, err := client.Get(base + "/to-file")
		if err == nil {
			resp.Body.Close()
		}
		if !errors.Is(err, ErrUnsupportedScheme) {
			t.Fatalf("error = %v, want ErrUnsupportedScheme", err)
		}
	})
	if n := internalHits.Load(); n != 0 {
		t.Errorf("internal server was hit %d times", n)
	}
}

func TestAllowPrivate(t *testing.T) {
	var gotUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA = r.Header.Get("User-Agent")
		io.WriteString(w, "hello")
	}))
	defer srv.Close()
	client := NewClient(Options{AllowPrivate: true, UserAgent: "digestbot-test/1"})
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatalf("GET with AllowPrivate: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "hello" || gotUA != "digestbot-test/1" {
		t.Errorf("body %q, user agent %q", body, gotUA)
	}

	// Even with private networks allowed, only http and https are spoken.
	if _, err := client.Get("file:///etc/passwd"); !errors.Is(err, ErrUnsupportedScheme) {
		t.Errorf("file URL error = %v, want ErrUnsupportedScheme", err)
	}
}

func TestRedirectLimits(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/a":
			http.Redirect(w, r, "/b", http.StatusFound)
		case r.URL.Path == "/b":
			http.Redirect(w, r, "/a", http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/chain/"):
			var n int
			fmt.Sscanf(r.URL.Path, "/chain/%d", &n)
			if n == 0 {
				io.WriteString(w, "end")
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/chain/%d", n-1), http.StatusFound)
		}
	}))
	defer srv.Close()
	client := NewClient(Options{AllowPrivate: true, MaxRedirects: 3})

	tests := []struct {
		path    string
		wantErr bool
		wantMsg string
	}{
		{"/a", true, "redirect loop"},
		{"/chain/3", false, ""},
		{"/chain/4", true, "stopped after 3"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := client.Get(srv.URL + tt.path)
			if !tt.wantErr {
				if err != nil {
					t.Fatalf("GET %s: %v", tt.path, err)
				}
				resp.Body.Close()
				return
			}
			if !errors.Is(err, ErrTooManyRedirects) {
				t.Fatalf("GET %s error = %v, want ErrTooManyRedirects", tt.path, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tt.wantMsg)
			}
		})
	}

	noFollow := NewClient(Options{AllowPrivate: true, MaxRedirects: -1})
	resp, err := noFollow.Get(srv.URL + "/a")
	if err != nil {
		t.Fatalf("GET without following: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Errorf("status = %d, want the 302 itself", resp.StatusCode)
	}
}

func TestReadLimited(t *testing.T) {
	tests := []struct {
		size    int
		max     int64
		wantErr bool
	}{
		{0, 10, false},
		{10, 10, false},
		{11, 10, true},
		{1 << 20, 1024, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d/%d", tt.size, tt.max), func(t *testing.T) {
			data, err := ReadLimited(strings.NewReader(strings.Repeat("x", tt.size)), tt.max)
			if tt.wantErr {
				if !errors.Is(err, ErrBodyTooLarge) {
					t.Fatalf("err = %v, want ErrBodyTooLarge", err)
				}
				return
			}
			if err != nil || len(data) != tt.size {
				t.Fatalf("got %d bytes, %v", len(data), err)
			}
		})
	}
}

func TestLimiterCaps(t *testing.T) {
	tests := []struct {
		name           string
		global, host   int
		hosts          []string
		wantMaxGlobal  int32
		wantMaxPerHost int32
	}{
		{"per host", 10, 2, []string{"a.example", "A.example"}, 2, 2},
		{"global", 3, 5, []string{"a.example", "b.example", "c.example", "d.example"}, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLimiter(tt.global, tt.host)
			var cur, maxGlobal atomic.Int32
			perHost := map[string]*atomic.Int32{}
			maxPerHost := map[string]*atomic.Int32{}
			for _, h := range tt.hosts {
				perHost[strings.ToLower(h)] = new(atomic.Int32)
				maxPerHost[strings.ToLower(h)] = new(atomic.Int32)
			}
			raise := func(max *atomic.Int32, v int32) {
				for {
					m := max.Load()
					if v <= m || max.CompareAndSwap(m, v) {
						return
					}
				}
			}
			var wg sync.WaitGroup
			for i := 0; i < 40; i++ {
				host := tt.hosts[i%len(tt.hosts)]
				wg.Add(1)
				go func() {
					defer wg.Done()
					release, err := l.Acquire(context.Background(), host)
					if err != nil {
						t.Error(err)
						return
					}
					h := strings.ToLower(host)
					raise(&maxGlobal, cur.Add(1))
					raise(maxPerHost[h], perHost[h].Add(1))
					time.Sleep(2 * time.Millisecond)
					perHost[h].Add(-1)
					cur.Add(-1)
					release()
					release() // idempotent
				}()
			}
			wg.Wait()
			if got := maxGlobal.Load(); got > tt.wantMaxGlobal {
				t.Errorf("max concurrent = %d, want <= %d", got, tt.wantMaxGlobal)
			}
			for h, m := range maxPerHost {
				if got := m.Load(); got > tt.wantMaxPerHost {
					t.Errorf("max concurrent for %s = %d, want <= %d", h, got, tt.wantMaxPerHost)
				}
			}
			l.mu.Lock()
			left := len(l.hosts)
			l.mu.Unlock()
			if left != 0 {
				t.Errorf("%d host entries left after all releases", left)
			}
		})
	}
}

func TestLimiterContextCancel(t *testing.T) {
	l := NewLimiter(5, 1)
	release, err := l.Acquire(context.Background(), "busy.example")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := l.Acquire(ctx, "busy.example"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Acquire on a full host = %v, want deadline exceeded", err)
	}
	release()
	r2, err := l.Acquire(context.Background(), "busy.example")
	if err != nil {
		t.Fatalf("Acquire after release: %v", err)
	}
	r2()
}

// TestDialControlBackstop checks the socket-level hook on its own: it must
// refuse what dialContext would, in case anything bypasses the resolver path.
func TestDialControlBackstop(t *testing.T) {
	g := &guard{allowAddrs: map[netip.AddrPort]bool{netip.MustParseAddrPort("127.0.0.1:8080"): true}}
	tests := []struct {
		address string
		wantErr bool
	}{
		{"127.0.0.1:8080", false}, // allow-listed exactly
		{"127.0.0.1:8081", true},  // same IP, other port
		{"[::ffff:127.0.0.1]:8080", false},
		{"[::1]:8080", true},
		{"10.1.1.1:443", true},
		{"93.184.216.34:443", false},
		{"[2606:4700::1]:443", false},
		{"not-an-address", true},
	}
	for _, tt := range tests {
		t.Run(tt.address, func(t *testing.T) {
			err := g.control("tcp", tt.address, nil)
			if (err != nil) != tt.wantErr {
				t.Errorf("control(%s) = %v, wantErr %v", tt.address, err, tt.wantErr)
			}
		})
	}
	g.allowPrivate = true
	if err := g.control("tcp", "10.1.1.1:443", nil); err != nil {
		t.Errorf("AllowPrivate: control = %v", err)
	}
}
