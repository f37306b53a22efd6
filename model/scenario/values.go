package scenario

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vpctrace/vpctrace/model"
)

// scalar returns the text of a scalar node, reporting any other node as a
// wrong-type error that names want.
func scalar(o *object, n *yaml.Node, path, want string) (string, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		o.wrongType(n, path, want)
		return "", false
	}
	return n.Value, true
}

// invalid reports a scalar whose text is not acceptable.
func invalid(o *object, n *yaml.Node, path, what, want string) {
	o.fail(n, model.CodeInvalidValue, "%s: %q is not %s (expected %s)", path, n.Value, what, want)
}

// parseString accepts any scalar: numbers and booleans keep their text, so
// that `account: 123456789012` reads as the string it is.
func parseString(o *object, n *yaml.Node, path string) (string, bool) {
	return scalar(o, n, path, "a string")
}

// parseRef reads an object ID and records where it was written.
func parseRef(o *object, n *yaml.Node, path string) (string, bool) {
	id, ok := scalar(o, n, path, "an id")
	if ok {
		o.d.refs[o.src] = append(o.d.refs[o.src], refSite{id: id, pos: o.d.pos(n)})
	}
	return id, ok
}

// parseBool accepts only YAML booleans (true, false), not "yes" or "1".
func parseBool(o *object, n *yaml.Node, path string) (bool, bool) {
	s, ok := scalar(o, n, path, "true or false")
	if !ok {
		return false, false
	}
	if n.ShortTag() == "!!bool" {
		if b, err := strconv.ParseBool(strings.ToLower(s)); err == nil {
			return b, true
		}
	}
	invalid(o, n, path, "a boolean", "true or false")
	return false, false
}

// parseInt accepts a decimal whole number.
func parseInt(o *object, n *yaml.Node, path string) (int, bool) {
	s, ok := scalar(o, n, path, "a whole number")
	if !ok {
		return 0, false
	}
	if v, err := strconv.Atoi(s); err == nil && n.ShortTag() == "!!int" {
		return v, true
	}
	invalid(o, n, path, "a whole number", "a decimal number such as 100")
	return 0, false
}

// parsePrefix returns a parser for CIDRs of family f, as AWS accepts them
// (model.ParseCIDR): it refuses a prefix with host bits set ("10.0.1.5/24").
func parsePrefix(f model.IPFamily) parser[netip.Prefix] {
	return func(o *object, n *yaml.Node, path string) (netip.Prefix, bool) {
		s, ok := scalar(o, n, path, f.Example())
		if !ok {
			return netip.Prefix{}, false
		}
		p, err := model.ParseCIDR(s, f)
		if err != nil {
			o.fail(n, model.CodeInvalidValue, "%s: %q %v", path, n.Value, err)
			return netip.Prefix{}, false
		}
		return p, true
	}
}

// parseAddr reads an IPv4 or IPv6 address.
func parseAddr(o *object, n *yaml.Node, path string) (netip.Addr, bool) {
	const want = "an IP address such as 10.0.1.10"
	s, ok := scalar(o, n, path, want)
	if !ok {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		invalid(o, n, path, "a valid IP address", want)
		return netip.Addr{}, false
	}
	return a, true
}

// protocolNames maps the protocol numbers AWS shows by name to the name.
var protocolNames = map[string]string{"6": model.ProtocolTCP, "17": model.ProtocolUDP, "1": "icmp", "58": "icmpv6"}

// parseProtocol reads a rule protocol: tcp, udp, icmp, icmpv6, all (or -1)
// or a protocol number 0-255; numbers with a name are stored by name.
func parseProtocol(o *object, n *yaml.Node, path string) (string, bool) {
	const want = "tcp, udp, icmp, icmpv6, all, -1 or a protocol number 0-255"
	s, ok := scalar(o, n, path, want)
	if !ok {
		return "", false
	}
	s = strings.ToLower(s)
	switch s {
	case "all", model.ProtocolAll:
		return model.ProtocolAll, true
	case model.ProtocolTCP, model.ProtocolUDP, "icmp", "icmpv6":
		return s, true
	}
	if num, err := strconv.Atoi(s); err == nil && num >= 0 && num <= 255 && strconv.Itoa(num) == s {
		if name, ok := protocolNames[s]; ok {
			return name, true
		}
		return s, true
	}
	invalid(o, n, path, "a protocol", want)
	return "", false
}

// portRange is an inclusive range of ports.
type portRange struct{ from, to int }

// parsePorts reads `443` or `1024-65535`.
func parsePorts(o *object, n *yaml.Node, path string) (portRange, bool) {
	const want = "a port 0-65535 or a range such as 1024-65535"
	s, ok := scalar(o, n, path, want)
	if !ok {
		return portRange{}, false
	}
	from, to, isRange := strings.Cut(s, "-")
	if !isRange {
		to = from
	}
	lo, errLo := port(from)
	hi, errHi := port(to)
	if errLo != nil || errHi != nil || lo > hi {
		invalid(o, n, path, "a port or port range", want)
		return portRange{}, false
	}
	return portRange{lo, hi}, true
}

func port(s string) (int, error) {
	s = strings.TrimSpace(s)
	v, err := strconv.Atoi(s)
	if err == nil && (!model.IsPort(v) || strconv.Itoa(v) != s) {
		err = fmt.Errorf("port %s out of range", s)
	}
	return v, err
}

// oneOf returns a parser for a word from a fixed set, matched without
// regard to case; it returns the set's spelling.
func oneOf(what string, words ...string) parser[string] {
	return func(o *object, n *yaml.Node, path string) (string, bool) {
		want := orList(words)
		s, ok := scalar(o, n, path, want)
		if !ok {
			return "", false
		}
		for _, w := range words {
			if strings.EqualFold(s, w) {
				return w, true
			}
		}
		invalid(o, n, path, what, want)
		return "", false
	}
}
