package model

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"strings"
)

// The checks below are of single values as AWS accepts them. Every input
// format uses them, so that a scenario, a Terraform root and a plan refuse
// the same values with the same words.

var (
	regionPattern  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	accountPattern = regexp.MustCompile(`^[0-9]{12}$`)
	// Availability Zones (ap-northeast-1a), Local Zones
	// (us-west-2-lax-1a) and Wavelength Zones (us-east-1-wl1-bos-wlz-1).
	zonePattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+((-[a-z]+-[0-9]+)?[a-z]|-wl[0-9]+-[a-z]+-wlz-[0-9]+)$`)
	// Zone IDs: use1-az1, usw2-lax1-az1, use1-wl1-bos-wlz1.
	zoneIDPattern = regexp.MustCompile(`^[a-z]+[0-9]+(-[a-z0-9]+)+$`)
	// What ECS allows in an image before "@", and after it.
	imageName   = regexp.MustCompile(`^[A-Za-z0-9_.:/#-]*$`)
	imageDigest = regexp.MustCompile(`^sha256:[A-Fa-f0-9]{64}$`)
)

// IsRegion reports whether s is a region name: us-east-1,
// ap-northeast-1, us-gov-west-1.
func IsRegion(s string) bool { return regionPattern.MatchString(s) }

// IsAccountID reports whether s is an AWS account ID: 12 digits.
func IsAccountID(s string) bool { return accountPattern.MatchString(s) }

// IsZoneName reports whether s is the name of an Availability Zone
// (ap-northeast-1a), a Local Zone (us-west-2-lax-1a) or a Wavelength Zone
// (us-east-1-wl1-bos-wlz-1).
func IsZoneName(s string) bool { return zonePattern.MatchString(s) }

// IsZoneID reports whether s is a zone ID such as use1-az1.
func IsZoneID(s string) bool { return zoneIDPattern.MatchString(s) }

// IPFamily restricts the IP version of a CIDR.
type IPFamily int

// IP families.
const (
	AnyIP IPFamily = iota
	IPv4
	IPv6
)

// Example describes a CIDR of the family, for messages.
func (f IPFamily) Example() string {
	switch f {
	case IPv4:
		return "an IPv4 prefix such as 10.0.1.0/24"
	case IPv6:
		return "an IPv6 prefix such as 2001:db8:1234:1a00::/56"
	}
	return "an IPv4 or IPv6 prefix such as 10.0.1.0/24"
}

func (f IPFamily) allows(a netip.Addr) bool {
	return f == AnyIP || (f == IPv4) == a.Is4()
}

// ParseCIDR parses a CIDR of family f as AWS accepts it: a network
// address, with no host bits set and no IPv6 zone. The error is the end of
// a sentence about the value, such as `is not a valid CIDR (expected an
// IPv4 prefix such as 10.0.1.0/24)`.
func ParseCIDR(s string, f IPFamily) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	switch {
	case err != nil || p.Addr().Zone() != "" || !f.allows(p.Addr()):
		return netip.Prefix{}, fmt.Errorf("is not a valid CIDR (expected %s)", f.Example())
	case p != p.Masked():
		return netip.Prefix{}, fmt.Errorf("is not a valid CIDR (expected %s: host bits must be zero)", p.Masked())
	}
	return p, nil
}

// IsPort reports whether v is a TCP or UDP port number.
func IsPort(v int) bool { return v >= 0 && v <= 65535 }

// CheckPorts checks the port range of a security group or network ACL rule
// of the protocol: none for all protocols; for ICMP the type and code,
// each -1 (all) to 255; else ports 0-65535, the first no greater than the
// last.
func CheckPorts(protocol string, from, to int) error {
	switch protocol {
	case ProtocolAll:
		return nil
	case "icmp", "icmpv6":
		if from < -1 || from > 255 || to < -1 || to > 255 {
			return fmt.Errorf("ICMP type %d and code %d are not valid (each -1 for all, or 0-255)", from, to)
		}
		return nil
	}
	if !IsPort(from) || !IsPort(to) || from > to {
		return fmt.Errorf("ports %d to %d are not valid (ports are 0-65535, the first no greater than the last)", from, to)
	}
	return nil
}

// CheckImage returns an error, the end of a sentence about the image, when
// ECS refuses the image of a container definition when the task
// definition is registered ("Container.image contains invalid
// characters"): up to 255 letters, digits, hyphens, underscores, colons,
// periods, forward slashes and number signs, then optionally "@sha256:"
// and 64 hexadecimal digits. An image ECS accepts may still not be a
// reference the container runtime can parse; the simulator checks that.
func CheckImage(image string) error {
	name, digest, hasDigest := strings.Cut(image, "@")
	switch {
	case len(name) > 255:
		return errors.New("is longer than the 255 characters ECS allows before any digest")
	case !imageName.MatchString(name):
		return errors.New("has characters ECS refuses (Container.image contains invalid characters): it allows letters, digits, hyphens, underscores, colons, periods, forward slashes and number signs")
	case hasDigest && !imageDigest.MatchString(digest):
		return errors.New("has a digest ECS refuses: it allows sha256: and 64 hexadecimal digits after the @")
	}
	return nil
}
