package whatif

import (
	"slices"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// offers is Trial.Offers in world w, traced by sm, leaving out the
// changes in applied.
func offers(w *model.World, sm *sim.Simulator, wl sim.WorkloadResult, call sim.CallResult, subnetID string, applied []Change) []Change {
	var out []Change
	add := func(c Change) {
		if !slices.Contains(applied, c) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	svc := find(w.Services, func(s model.Service) bool { return s.ID == wl.Source })
	vpc := ""
	if s := subnet(w, subnetID); s != nil {
		vpc = s.VPC
	}
	// The endpoints of the call's service.
	if call.Service != "" {
		found := false
		for _, e := range w.Endpoints {
			if e.ServiceName != call.Service || (vpc != "" && e.VPC != vpc) {
				continue
			}
			found = true
			add(Change{Kind: DisableEndpoint, Target: e.ID})
			if e.Type == model.EndpointInterface {
				add(Change{Kind: TogglePrivateDNS, Target: e.ID})
			}
		}
		if !found && svc != nil {
			add(Change{Kind: AddEndpoint, Target: svc.ID, Value: call.Service})
		}
	}
	// The route table of the placement subnet.
	rtID := routeTableOf(w, subnetID)
	if rt := find(w.RouteTables, func(r model.RouteTable) bool { return r.ID == rtID }); rt != nil {
		if slices.ContainsFunc(rt.Routes, func(r model.Route) bool { return r.Destination == defaultRoute }) {
			add(Change{Kind: RemoveDefaultRoute, Target: rt.ID})
		}
		inVPC := map[string]bool{}
		for _, s := range w.Subnets {
			if s.VPC == rt.VPC {
				inVPC[s.ID] = true
			}
		}
		for _, n := range w.NATGateways {
			if n.Private || !inVPC[n.Subnet] {
				continue
			}
			if !slices.ContainsFunc(rt.Routes, func(r model.Route) bool { return r.Destination == defaultRoute && r.TargetID == n.ID }) {
				add(Change{Kind: AddDefaultRoute, Target: rt.ID, Value: n.ID})
			}
		}
	}
	// The transit gateway changes the blockers name.
	if p, ok := placementOf(call, subnetID); ok {
		for _, c := range transitFixes(w, sm, p) {
			add(c)
		}
	}
	// The service.
	if svc != nil {
		if wl.LaunchType == "FARGATE" {
			pv := "1.3.0"
			if wl.PlatformVersion == "1.3.0" {
				pv = "1.4.0"
			}
			add(Change{Kind: SetPlatformVersion, Target: svc.ID, Value: pv})
		}
		add(Change{Kind: FlipPublicIP, Target: svc.ID})
		pl := s3PrefixList(w)
		for _, id := range svc.SecurityGroups {
			sg := find(w.SecurityGroups, func(g model.SecurityGroup) bool { return g.ID == id })
			if sg != nil && !slices.ContainsFunc(sg.Egress, func(r model.SGRule) bool { return slices.Contains(r.PrefixLists, pl) }) {
				add(Change{Kind: AddS3Egress, Target: id})
			}
		}
	}
	return out
}

// placementOf is the placement of call traced from subnet.
func placementOf(call sim.CallResult, subnet string) (sim.PlacementResult, bool) {
	for _, p := range call.Placements {
		if p.Subnet == subnet {
			return p, true
		}
	}
	return sim.PlacementResult{}, false
}
