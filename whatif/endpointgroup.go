package whatif

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// Refused lists the services with a subnet in vpc whose tasks no ingress
// rule of groups admits on HTTPS (aws-rules 5.1.4), each once, in input
// order; no groups, for an endpoint or a service, stands for the VPC's
// default group (5.1.5). An interface endpoint with private DNS answers
// for the whole VPC (3.2.1): AddEndpoint copies the groups of the VPC's
// other endpoints only when this list is empty, as the new endpoint
// would refuse these services' calls to its AWS service.
func Refused(w *model.World, groups []string, vpc string) []string {
	groups = orDefault(w, groups, vpc)
	var out []string
	for _, svc := range servicesIn(w, vpc) {
		from := orDefault(w, svc.SecurityGroups, vpc)
		for _, id := range svc.Subnets {
			sub := subnet(w, id)
			if sub != nil && sub.VPC == vpc && !admitted(w, groups, from, sub) {
				out = append(out, svc.ID)
				break
			}
		}
	}
	return out
}

// implicitDefault names the default group of a VPC whose input declares
// none: AWS's, which admits all traffic from its members (aws-rules
// 5.1.5).
const implicitDefault = "the default security group of "

// orDefault is groups, or, when there are none, the default group of vpc:
// the one the input declares, else AWS's (implicitDefault).
func orDefault(w *model.World, groups []string, vpc string) []string {
	if len(groups) > 0 {
		return groups
	}
	if v := find(w.VPCs, func(v model.VPC) bool { return v.ID == vpc }); v != nil && v.DefaultSecurityGroup != "" {
		return []string{v.DefaultSecurityGroup}
	}
	return []string{implicitDefault + vpc}
}

// servicesIn lists the services of w with a subnet in vpc, in input
// order.
func servicesIn(w *model.World, vpc string) []*model.Service {
	var out []*model.Service
	for i := range w.Services {
		if slices.ContainsFunc(w.Services[i].Subnets, func(id string) bool {
			s := subnet(w, id)
			return s != nil && s.VPC == vpc
		}) {
			out = append(out, &w.Services[i])
		}
	}
	return out
}

// admitted reports whether an ingress rule of one of groups admits TCP
// 443 from a task with security groups from in subnet sub.
func admitted(w *model.World, groups, from []string, sub *model.Subnet) bool {
	for _, id := range groups {
		g := find(w.SecurityGroups, func(g model.SecurityGroup) bool { return g.ID == id })
		if g == nil && strings.HasPrefix(id, implicitDefault) {
			g = &model.SecurityGroup{ID: id, Ingress: []model.SGRule{{Protocol: model.ProtocolAll, Self: true}}}
		}
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
