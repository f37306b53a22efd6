package sim

import (
	"net/netip"
	"strconv"

	"github.com/vpctrace/vpctrace/model"
)

// endpointAddr is one address a call may connect to or come from.
//
// Addresses inside a VPC are prefixes: a concrete /32 when the input gives
// the IP, otherwise the whole subnet the interface lives in (a task may get
// any address of its subnet). Public AWS service addresses are symbolic
// (aws-rules 4.3.4, 10.11): the model knows which service and region they
// belong to, not their numbers.
type endpointAddr struct {
	prefix netip.Prefix // in-VPC address; invalid for public addresses
	vpc    string
	subnet string

	public  bool
	service string // public: the AWS service ("s3", "logs", ...); "" for the internet
	region  string // public: the service's region

	// What the address belongs to.
	endpoint    *model.Endpoint
	mountTarget *model.MountTarget
	instance    *model.Instance
	// sgs are the security groups of the interface at this address;
	// sgsOpen the undetermined settings of that list (an endpoint's
	// security_group_ids known only after apply).
	sgs     []string
	sgsOpen []model.Unknown
	// az is the Availability Zone of an in-VPC address.
	az string
	// label describes the address for people.
	label string
	// v6 marks an IPv6 address, the family of every address an IPv6-only
	// task connects to (aws-rules 4.9.4): a dual-stack service's public
	// address, an interface's IPv6 address, or a DNS64 address.
	v6 bool
	// nat64 is the IPv4 address a DNS64 address stands for, which a NAT
	// gateway translates to (aws-rules 4.9.5); nil for other addresses.
	nat64 *endpointAddr
}

// String describes the address for people.
func (a endpointAddr) String() string {
	if a.label != "" {
		return a.label
	}
	if a.public {
		family := ""
		if a.v6 {
			family = " IPv6"
		}
		if a.service == "" {
			return "a public" + family + " internet address"
		}
		return "a public" + family + " address of " + a.service + " in " + a.region
	}
	return a.prefix.String()
}

// addrKey is what of an endpointAddr its String and the CIDR checks of
// filters read: equal keys describe and match alike.
type addrKey struct {
	prefix          netip.Prefix
	public, v6      bool
	service, region string
	label           string
}

// keyOf returns the addrKey of a.
func keyOf(a endpointAddr) addrKey {
	return addrKey{prefix: a.prefix, public: a.public, v6: a.v6, service: a.service, region: a.region, label: a.label}
}

// ip returns the concrete IP of an in-VPC address, or "" when only its
// subnet is known.
func (a endpointAddr) ip() string {
	if a.public || !a.prefix.IsValid() || !a.prefix.IsSingleIP() {
		return ""
	}
	return a.prefix.Addr().String()
}

// coverage says whether a CIDR covers a set of addresses.
type coverage int

const (
	coverNone    coverage = iota // no address of the set is inside
	coverPartial                 // some addresses are inside, some not
	coverFull                    // every address is inside
	coverMaybe                   // cannot tell offline (public ranges, 10.11)
)

// special IPv4 ranges that never hold AWS public service addresses.
var nonPublicV4 = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("224.0.0.0/3"),
}

// classifyPublic says whether an IPv4 CIDR covers the public addresses of
// AWS services: 0.0.0.0/0 does, private and special ranges do not, and any
// other public range might (the model does not know AWS's IP ranges, 10.11).
func classifyPublic(c netip.Prefix) coverage {
	if !c.Addr().Is4() {
		return coverNone // calls use IPv4-only names (4.9.2)
	}
	if c.Bits() == 0 {
		return coverFull
	}
	for _, p := range nonPublicV4 {
		if p.Bits() <= c.Bits() && p.Contains(c.Addr()) {
			return coverNone
		}
	}
	return coverMaybe
}

// cidrCovers says how a rule's CIDR covers address a.
func cidrCovers(c netip.Prefix, a endpointAddr) coverage {
	if a.public && a.v6 {
		return classifyPublic6(c) // aws-rules 4.9.6
	}
	if a.public {
		return classifyPublic(c)
	}
	p := a.prefix
	if c.Addr().Is4() != p.Addr().Is4() {
		return coverNone
	}
	switch {
	case c.Bits() <= p.Bits() && c.Contains(p.Addr()):
		return coverFull
	case p.Bits() < c.Bits() && p.Contains(c.Addr()):
		return coverPartial
	}
	return coverNone
}

// portRange is an inclusive range of TCP ports.
type portRange struct{ from, to int }

// Ephemeral port ranges of clients (aws-rules 5.2.3).
var (
	ephemeralLinux   = portRange{32768, 61000}
	ephemeralWindows = portRange{49152, 65535}
	ephemeralNAT     = portRange{1024, 65535}
)

// String formats the range as "443" or "1024-65535".
func (r portRange) String() string {
	if r.from == r.to {
		return strconv.Itoa(r.from)
	}
	return strconv.Itoa(r.from) + "-" + strconv.Itoa(r.to)
}

// ruleCoversPorts says how a rule's protocol and ports cover TCP ports r.
func ruleCoversPorts(protocol string, from, to int, r portRange) coverage {
	switch protocol {
	case model.ProtocolAll, "all":
		return coverFull
	case model.ProtocolTCP, "6":
	default:
		return coverNone
	}
	if from == -1 && to == -1 || from == 0 && to == 65535 {
		return coverFull
	}
	switch {
	case from <= r.from && r.to <= to:
		return coverFull
	case from <= r.to && r.from <= to:
		return coverPartial
	}
	return coverNone
}

// combine returns the coverage of a rule that must match both dimensions.
func combine(a, b coverage) coverage {
	switch {
	case a == coverNone || b == coverNone:
		return coverNone
	case a == coverMaybe || b == coverMaybe:
		return coverMaybe
	case a == coverPartial || b == coverPartial:
		return coverPartial
	}
	return coverFull
}
