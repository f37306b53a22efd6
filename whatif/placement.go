package whatif

import (
	"fmt"
	"slices"

	"github.com/vpctrace/vpctrace/internal/sanitize"
	"github.com/vpctrace/vpctrace/model"
)

// placement is where AddEndpoint puts an interface endpoint: its subnets,
// its groups (newGroup: the VPC's endpoint group, EndpointGroupID, which
// AddEndpoint makes if the world has none) and its IP address and DNS
// record types ("" for AWS's defaults). like is the VPC's endpoint whose
// subnets it takes, if any, and refused the services that endpoint's
// groups refuse, when that is why it has a new group.
type placement struct {
	subnets, groups []string
	newGroup        bool
	ipType, dnsType string
	like            string
	refused         []string
}

// stack is what addresses the interfaces of a subnet get.
type stack int

const (
	stackIPv4 stack = iota // IPv4 only
	stackDual              // IPv4 and IPv6
	stackIPv6              // IPv6 only (aws-rules 4.9.4)
)

// stackOf is the stack of subnet id of w; a subnet w does not have counts
// as IPv4 only, the case that asks the least of an endpoint.
func stackOf(w *model.World, id string) stack {
	s := subnet(w, id)
	switch {
	case s == nil:
		return stackIPv4
	case s.IPv6Only():
		return stackIPv6
	case s.IPv6CIDR.IsValid():
		return stackDual
	}
	return stackIPv4
}

// needs says which IP versions the calls of service svc use: IPv6 from
// its IPv6-only subnets, IPv4 from the others (aws-rules 4.9.2, 4.9.4).
func needs(w *model.World, svc *model.Service) (v4, v6 bool) {
	for _, id := range svc.Subnets {
		if stackOf(w, id) == stackIPv6 {
			v6 = true
		} else {
			v4 = true
		}
	}
	return v4, v6
}

// fit returns the IP address type and DNS record IP type of an interface
// endpoint in subnets that serves calls over IPv4 (v4) and IPv6 (v6), and
// false when no endpoint in those subnets can (aws-rules 4.9.10): the
// subnets must all be IPv6-only for ipv6, all dual-stack for dualstack,
// and all have IPv4 for ipv4. IPv4 calls alone leave both types to AWS's
// defaults ("").
func fit(w *model.World, subnets []string, v4, v6 bool) (ipType, dnsType string, ok bool) {
	if len(subnets) == 0 {
		return "", "", false
	}
	all := func(st stack) bool {
		return !slices.ContainsFunc(subnets, func(id string) bool { return stackOf(w, id) != st })
	}
	switch {
	case !v6:
		return "", "", !slices.ContainsFunc(subnets, func(id string) bool { return stackOf(w, id) == stackIPv6 })
	case all(stackIPv6):
		return model.EndpointIPv6, model.EndpointIPv6, !v4
	case all(stackDual):
		return model.EndpointDualstack, model.EndpointDualstack, true
	}
	return "", "", false
}

// place decides where AddEndpoint c puts an interface endpoint for the
// tasks of svc in vpc: in the subnets of the VPC's first interface
// endpoint with subnets, when an endpoint there can serve the tasks, else
// in the service's subnets that can, one per Availability Zone
// (aws-rules 9.1). It copies that endpoint's groups only when they admit
// HTTPS from every service of the VPC (Refused): with private DNS the new
// endpoint answers for the whole VPC (3.2.1), and a group that refuses a
// service would break its calls to the endpoint's AWS service. Else the
// endpoint gets the VPC's endpoint group (EndpointGroupID). It fails when
// none of the service's subnets can host an endpoint that serves all of
// its tasks (aws-rules 4.9.10).
func (c Change) place(w *model.World, svc *model.Service, vpc string) (placement, error) {
	v4, v6 := needs(w, svc)
	if like := endpointLike(w, vpc); like != nil {
		if ip, dns, ok := fit(w, like.Subnets, v4, v6); ok {
			pl := placement{subnets: slices.Clone(like.Subnets), groups: slices.Clone(like.SecurityGroups), ipType: ip, dnsType: dns, like: like.ID}
			if pl.refused = Refused(w, like.SecurityGroups, vpc); len(pl.refused) > 0 {
				pl.groups, pl.newGroup = []string{EndpointGroupID(vpc)}, true
			}
			return pl, nil
		}
	}
	var subnets []string
	seen := map[string]bool{}
	for _, id := range svc.Subnets {
		s := subnet(w, id)
		if s == nil || seen[s.AZ] || !hosts(stackOf(w, id), v4, v6) {
			continue
		}
		seen[s.AZ] = true
		subnets = append(subnets, id)
	}
	ip, dns, ok := fit(w, subnets, v4, v6)
	if !ok {
		return placement{}, fmt.Errorf("service %q has tasks in IPv6-only subnets and in subnets with IPv4, and none of its subnets is dual-stack: "+
			"no one interface endpoint can serve them all (aws-rules 4.9.10)", sanitize.String(svc.ID))
	}
	return placement{subnets: subnets, groups: []string{EndpointGroupID(vpc)}, newGroup: true, ipType: ip, dnsType: dns}, nil
}

// hosts reports whether a subnet of stack st can hold an endpoint that
// serves calls over IPv4 (v4) and IPv6 (v6) (aws-rules 4.9.10).
func hosts(st stack, v4, v6 bool) bool {
	switch {
	case v4 && v6:
		return st == stackDual
	case v6:
		return st == stackIPv6
	}
	return st != stackIPv6
}

// Guard says which security groups guard the interface endpoint
// AddEndpoint adds.
type Guard struct {
	// Groups are the endpoint's groups; none stands for the VPC's default
	// group (aws-rules 5.1.5).
	Groups []string
	// New is set when Groups is the group AddEndpoint makes for the VPC
	// (EndpointGroupID): HTTPS from the groups of every service of the VPC.
	New bool
	// Like is the VPC's endpoint whose subnets the new one takes, and
	// whose groups it takes too unless New; "" when the endpoint goes in
	// the service's subnets.
	Like string
	// Refused lists the services that Like's groups refuse (Refused), when
	// that is why the endpoint has a new group.
	Refused []string
}

// Guard says which groups guard the interface endpoint AddEndpoint c
// adds to w, and false when c adds a gateway endpoint or cannot be
// applied.
func (c Change) Guard(w *model.World) (Guard, bool) {
	pl, _, ok := c.placed(w)
	if !ok {
		return Guard{}, false
	}
	return Guard{Groups: pl.groups, New: pl.newGroup, Like: pl.like, Refused: pl.refused}, true
}

// placed is where AddEndpoint c puts its interface endpoint in w, and
// the VPC; false for a gateway endpoint, or when c cannot be applied.
func (c Change) placed(w *model.World) (placement, string, bool) {
	svc := find(w.Services, func(s model.Service) bool { return s.ID == c.Target })
	if c.Kind != AddEndpoint || svc == nil || len(svc.Subnets) == 0 || model.IsAWSManagedPrefixList(c.Value) {
		return placement{}, "", false
	}
	sub := subnet(w, svc.Subnets[0])
	if sub == nil {
		return placement{}, "", false
	}
	pl, err := c.place(w, svc, sub.VPC)
	return pl, sub.VPC, err == nil
}
