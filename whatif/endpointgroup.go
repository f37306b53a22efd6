package whatif

import (
	"net/netip"
	"slices"

	"github.com/vpctrace/vpctrace/model"
)

// Refused lists the services with a subnet in vpc whose tasks no ingress
// rule of groups admits on HTTPS (aws-rules 5.1.4), each once, in input
// order. An interface endpoint with private DNS answers for the whole VPC
// (3.2.1): one that AddEndpoint adds with the groups of the VPC's other
// endpoints (Change.AddedEndpoint, then the endpoint's SecurityGroups)
// would refuse these services' calls to its service.
func Refused(w *model.World, groups []string, vpc string) []string {
	var out []string
	for _, svc := range w.Services {
		for _, id := range svc.Subnets {
			sub := subnet(w, id)
			if sub != nil && sub.VPC == vpc && !admitted(w, groups, svc.SecurityGroups, sub) {
				out = append(out, svc.ID)
				break
			}
		}
	}
	return out
}

// admitted reports whether an ingress rule of one of groups admits TCP
// 443 from a task with security groups from in subnet sub.
func admitted(w *model.World, groups, from []string, sub *model.Subnet) bool {
	for _, id := range groups {
		g := find(w.SecurityGroups, func(g model.SecurityGroup) bool { return g.ID == id })
		if g == nil {
			continue
		}
		for _, r := range g.Ingress {
			if admits(r, g.ID, from, sub) {
				return true
			}
		}
	}
	return false
}

// admits reports whether ingress rule r of group owner admits TCP 443
// from a task with groups from in subnet sub: by one of its groups, by
// the group itself (Self), or by a CIDR that holds the subnet's
// (aws-rules 5.1.2, 5.1.4).
func admits(r model.SGRule, owner string, from []string, sub *model.Subnet) bool {
	switch r.Protocol {
	case model.ProtocolAll:
	case model.ProtocolTCP, "6":
		if r.FromPort > 443 || r.ToPort < 443 {
			return false
		}
	default:
		return false
	}
	if slices.ContainsFunc(r.SecurityGroups, func(g string) bool { return slices.Contains(from, g) }) ||
		(r.Self && slices.Contains(from, owner)) {
		return true
	}
	for _, c := range r.CIDRs {
		for _, p := range []netip.Prefix{sub.CIDR, sub.IPv6CIDR} {
			if p.IsValid() && c.Bits() <= p.Bits() && c.Contains(p.Addr()) {
				return true
			}
		}
	}
	return false
}
