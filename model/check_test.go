package model

import (
	"net/netip"
	"strings"
	"testing"
)

func TestValueChecks(t *testing.T) {
	for _, c := range []struct {
		check func(string) bool
		name  string
		good  []string
		bad   []string
	}{
		{IsRegion, "IsRegion", []string{"us-east-1", "ap-northeast-1", "us-gov-west-1", "us-iso-east-1"},
			[]string{"", "../../x", "eu-west", "US-EAST-1", "us-east-1a", "us-east-1 "}},
		{IsAccountID, "IsAccountID", []string{"123456789012", "000000000000"},
			[]string{"", "abc", "12345678901", "1234567890123", " 123456789012"}},
		{IsZoneName, "IsZoneName", []string{"ap-northeast-1a", "us-west-2-lax-1a", "us-east-1-wl1-bos-wlz-1", "us-gov-west-1a"},
			[]string{"", "../../x", "ap-northeast-1", "apne1-az1", "ap-northeast-1A", "a"}},
		{IsZoneID, "IsZoneID", []string{"apne1-az1", "usw2-lax1-az1", "use1-wl1-bos-wlz1"},
			[]string{"", "../x", "az1", "ap-northeast-1a "}},
	} {
		for _, s := range c.good {
			if !c.check(s) {
				t.Errorf("%s(%q) = false, want true", c.name, s)
			}
		}
		for _, s := range c.bad {
			if c.check(s) {
				t.Errorf("%s(%q) = true, want false", c.name, s)
			}
		}
	}
}

func TestParseCIDR(t *testing.T) {
	for _, c := range []struct {
		in   string
		fam  IPFamily
		want string // the prefix, or the error
	}{
		{"10.0.0.0/16", IPv4, "10.0.0.0/16"},
		{"2001:db8::/56", IPv6, "2001:db8::/56"},
		{"::/0", AnyIP, "::/0"},
		{"::/129", IPv6, "is not a valid CIDR (expected an IPv6 prefix such as 2001:db8:1234:1a00::/56)"},
		{"10.0.0.0/33", IPv4, "is not a valid CIDR (expected an IPv4 prefix such as 10.0.1.0/24)"},
		{"10.0.0.0/16", IPv6, "is not a valid CIDR (expected an IPv6 prefix such as 2001:db8:1234:1a00::/56)"},
		{"fe80::%eth0/64", AnyIP, "is not a valid CIDR (expected an IPv4 or IPv6 prefix such as 10.0.1.0/24)"},
		{"10.0.1.5/24", AnyIP, "is not a valid CIDR (expected 10.0.1.0/24: host bits must be zero)"},
	} {
		p, err := ParseCIDR(c.in, c.fam)
		got := p.String()
		if err != nil {
			got = err.Error()
			if p != (netip.Prefix{}) {
				t.Errorf("ParseCIDR(%q) returned %v with its error", c.in, p)
			}
		}
		if got != c.want {
			t.Errorf("ParseCIDR(%q, %v) = %q, want %q", c.in, c.fam, got, c.want)
		}
	}
}

func TestCheckPorts(t *testing.T) {
	for _, c := range []struct {
		protocol string
		from, to int
		ok       bool
	}{
		{ProtocolTCP, 443, 443, true},
		{ProtocolTCP, 0, 65535, true},
		{ProtocolTCP, -1, -1, false},
		{ProtocolUDP, 443, 80, false},
		{ProtocolUDP, 0, 65536, false},
		{"50", 0, 0, true},
		{ProtocolAll, -1, 70000, true},
		{"icmp", 8, 0, true},
		{"icmpv6", -1, -1, true},
		{"icmp", 256, 0, false},
	} {
		if err := CheckPorts(c.protocol, c.from, c.to); (err == nil) != c.ok {
			t.Errorf("CheckPorts(%q, %d, %d) = %v, want ok %v", c.protocol, c.from, c.to, err, c.ok)
		}
	}
}

// TestCheckImage: what ECS refuses when a task definition is registered;
// a reference the runtime cannot parse ("MyApp:Latest") passes here and
// fails when a task starts (the simulator's INVALID_IMAGE_REFERENCE).
func TestCheckImage(t *testing.T) {
	digest := "sha256:" + strings.Repeat("ab", 32)
	for _, c := range []struct {
		image string
		err   string
	}{
		{"nginx", ""},
		{"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest", ""},
		{"MyApp:Latest", ""},
		{"app:v1#2", ""},
		{"app@" + digest, ""},
		{"My App:Latest", "has characters ECS refuses (Container.image contains invalid characters): it allows letters, digits, hyphens, underscores, colons, periods, forward slashes and number signs"},
		{"#{Octopus.Action.Package.PackageId}", "has characters ECS refuses (Container.image contains invalid characters): it allows letters, digits, hyphens, underscores, colons, periods, forward slashes and number signs"},
		{strings.Repeat("a", 256), "is longer than the 255 characters ECS allows before any digest"},
		{strings.Repeat("a", 255) + "@" + digest, ""},
		{"app@sha256:abc", "has a digest ECS refuses: it allows sha256: and 64 hexadecimal digits after the @"},
		{"app@md5:" + strings.Repeat("a", 32), "has a digest ECS refuses: it allows sha256: and 64 hexadecimal digits after the @"},
	} {
		got := ""
		if err := CheckImage(c.image); err != nil {
			got = err.Error()
		}
		if got != c.err {
			t.Errorf("CheckImage(%q) = %q, want %q", c.image, got, c.err)
		}
	}
}
