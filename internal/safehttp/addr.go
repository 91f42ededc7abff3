package safehttp

import (
	"net/netip"
)

// blockedRange is a prefix the client refuses to connect to, with the reason
// shown to whoever asked for the URL.
type blockedRange struct {
	prefix netip.Prefix
	reason string
}

const (
	reasonLoopback    = "loopback address"
	reasonPrivate     = "private network address"
	reasonLinkLocal   = "link-local address"
	reasonMetadata    = "link-local address (cloud metadata service)"
	reasonMulticast   = "multicast address"
	reasonUnspecified = "unspecified address"
	reasonCGNAT       = "shared address space (carrier-grade NAT)"
	reasonReserved    = "reserved address"
	reasonDocs        = "documentation address"
	reasonNotGlobal   = "not a global unicast address"
	reasonInvalid     = "invalid address"
	reasonTeredo      = "Teredo tunnel address (it embeds an IPv4 address)"
)

// blockedRanges lists the IPv4 and IPv6 ranges that are not reachable public
// internet hosts. Order matters only for the reason reported: the more
// specific prefix comes first.
var blockedRanges = func() []blockedRange {
	list := []struct{ cidr, reason string }{
		{"169.254.169.254/32", reasonMetadata},
		{"0.0.0.0/8", reasonUnspecified},
		{"10.0.0.0/8", reasonPrivate},
		{"100.64.0.0/10", reasonCGNAT},
		{"127.0.0.0/8", reasonLoopback},
		{"169.254.0.0/16", reasonLinkLocal},
		{"172.16.0.0/12", reasonPrivate},
		{"192.0.0.0/24", reasonReserved}, // IETF protocol assignments
		{"192.0.2.0/24", reasonDocs},
		{"192.88.99.0/24", reasonReserved}, // deprecated 6to4 relay anycast
		{"192.168.0.0/16", reasonPrivate},
		{"198.18.0.0/15", reasonReserved}, // benchmarking
		{"198.51.100.0/24", reasonDocs},
		{"203.0.113.0/24", reasonDocs},
		{"224.0.0.0/4", reasonMulticast},
		{"240.0.0.0/4", reasonReserved}, // includes 255.255.255.255
		{"::/128", reasonUnspecified},
		{"::1/128", reasonLoopback},
		{"::/96", reasonReserved},             // deprecated IPv4-compatible addresses
		{"fd00:ec2::254/128", reasonMetadata}, // AWS IMDS over IPv6
		{"fc00::/7", reasonPrivate},
		{"fe80::/10", reasonLinkLocal},
		{"fec0::/10", reasonPrivate}, // deprecated site-local
		{"ff00::/8", reasonMulticast},
		{"100::/64", reasonReserved}, // discard-only
		{"2001:db8::/32", reasonDocs},
		// Teredo (RFC 4380) carries the client's IPv4 address, obfuscated, in
		// the low 32 bits and a relay of the network's choosing forwards to it;
		// no public news site is served only over Teredo.
		{"2001::/32", reasonTeredo},
	}
	out := make([]blockedRange, len(list))
	for i, r := range list {
		out[i] = blockedRange{netip.MustParsePrefix(r.cidr), r.reason}
	}
	return out
}()

// IPv6 prefixes whose low 32 bits are an IPv4 address that a gateway will
// forward to: the embedded address must pass the IPv4 checks too.
var (
	nat64Prefix      = netip.MustParsePrefix("64:ff9b::/96")
	nat64LocalPrefix = netip.MustParsePrefix("64:ff9b:1::/48")
	globalUnicast    = netip.MustParsePrefix("2000::/3")
	sixToFourPrefix  = netip.MustParsePrefix("2002::/16")
)

// BlockedReason reports why addr is not a public internet address, or ""
// when it is. IPv4-mapped and IPv4-embedding IPv6 forms are judged by their
// IPv4 address, so ::ffff:127.0.0.1 is loopback.
func BlockedReason(addr netip.Addr) string {
	if !addr.IsValid() {
		return reasonInvalid
	}
	addr = addr.Unmap().WithZone("")
	for _, r := range blockedRanges {
		if r.prefix.Contains(addr) {
			return r.reason
		}
	}
	if addr.Is4() {
		return ""
	}
	if nat64Prefix.Contains(addr) || nat64LocalPrefix.Contains(addr) {
		b := addr.As16()
		return BlockedReason(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	}
	if sixToFourPrefix.Contains(addr) {
		b := addr.As16()
		return BlockedReason(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
	}
	if !globalUnicast.Contains(addr) {
		return reasonNotGlobal
	}
	return ""
}
