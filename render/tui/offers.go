package tui

import (
	"slices"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// Offers lists the what-ifs that apply to a call of a workload seen from
// a placement subnet, in world (the world with the current what-ifs), and
// that are not already applied.
func Offers(world *model.World, wl sim.WorkloadResult, call sim.CallResult, subnet string, applied []WhatIf) []WhatIf {
	var out []WhatIf
	add := func(w WhatIf) {
		if !slices.Contains(applied, w) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	svc := find(world.Services, func(s *model.Service) bool { return s.ID == wl.Source })
	vpc := ""
	if s := find(world.Subnets, func(s *model.Subnet) bool { return s.ID == subnet }); s != nil {
		vpc = s.VPC
	}
	// The endpoints of the call's service.
	if call.Service != "" {
		found := false
		for _, e := range world.Endpoints {
			if e.ServiceName != call.Service || (vpc != "" && e.VPC != vpc) {
				continue
			}
			found = true
			add(WhatIf{Kind: DisableEndpoint, Target: e.ID})
			if e.Type == model.EndpointInterface {
				add(WhatIf{Kind: TogglePrivateDNS, Target: e.ID})
			}
		}
		if !found && svc != nil {
			add(WhatIf{Kind: AddEndpoint, Target: svc.ID, Value: call.Service})
		}
	}
	// The route table of the placement subnet.
	if rt := find(world.RouteTables, func(r *model.RouteTable) bool { return r.ID == routeTableOf(world, subnet) }); rt != nil {
		if slices.ContainsFunc(rt.Routes, func(r model.Route) bool { return r.Destination == defaultRoute }) {
			add(WhatIf{Kind: RemoveDefaultRoute, Target: rt.ID})
		}
		for _, n := range world.NATGateways {
			if n.Private {
				continue
			}
			if s := find(world.Subnets, func(s *model.Subnet) bool { return s.ID == n.Subnet }); s != nil && s.VPC == rt.VPC {
				if !slices.ContainsFunc(rt.Routes, func(r model.Route) bool { return r.Destination == defaultRoute && r.TargetID == n.ID }) {
					add(WhatIf{Kind: AddDefaultRoute, Target: rt.ID, Value: n.ID})
				}
			}
		}
	}
	// The service.
	if svc != nil {
		if wl.LaunchType == "FARGATE" {
			pv := "1.3.0"
			if wl.PlatformVersion == "1.3.0" {
				pv = "1.4.0"
			}
			add(WhatIf{Kind: SetPlatformVersion, Target: svc.ID, Value: pv})
		}
		add(WhatIf{Kind: FlipPublicIP, Target: svc.ID})
		pl := s3PrefixList(world)
		for _, id := range svc.SecurityGroups {
			sg := find(world.SecurityGroups, func(g *model.SecurityGroup) bool { return g.ID == id })
			if sg != nil && !slices.ContainsFunc(sg.Egress, func(r model.SGRule) bool { return slices.Contains(r.PrefixLists, pl) }) {
				add(WhatIf{Kind: AddS3Egress, Target: id})
			}
		}
	}
	return out
}
