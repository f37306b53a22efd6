package tui

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpctrace/vpctrace/model"
)

// Kind is the kind of a what-if: one change to the world.
type Kind int

// What-if kinds.
const (
	DisableEndpoint    Kind = iota // remove endpoint Target
	TogglePrivateDNS               // flip the private DNS of endpoint Target
	AddEndpoint                    // add an endpoint for service Value to the VPC of service Target
	AddDefaultRoute                // add 0.0.0.0/0 -> NAT gateway Value to route table Target
	RemoveDefaultRoute             // remove the 0.0.0.0/0 route of route table Target
	FlipPublicIP                   // flip assignPublicIp of service Target
	SetPlatformVersion             // set the platform version of service Target to Value
	AddS3Egress                    // add egress TCP 443 to the S3 prefix list to security group Target
)

// WhatIf is one hypothetical change to the world. It is a value: applying
// it to a copy of the world never changes the WhatIf.
type WhatIf struct {
	Kind   Kind
	Target string // the ID of the object changed
	Value  string // the new value or the object referred to, by kind
}

var defaultRoute = netip.MustParsePrefix("0.0.0.0/0")

// Label describes w for people; IDs are sanitized.
func (w WhatIf) Label() string {
	t, v := sanitize(w.Target), sanitize(w.Value)
	switch w.Kind {
	case DisableEndpoint:
		return "disable endpoint " + t
	case TogglePrivateDNS:
		return "toggle private DNS: endpoint " + t
	case AddEndpoint:
		return "add endpoint " + v
	case AddDefaultRoute:
		return "route 0.0.0.0/0 -> NAT " + v + " in " + t
	case RemoveDefaultRoute:
		return "remove 0.0.0.0/0 route from " + t
	case FlipPublicIP:
		return "flip assignPublicIp of " + t
	case SetPlatformVersion:
		return "platform version " + v + " for " + t
	case AddS3Egress:
		return "SG " + t + ": allow egress 443 to S3 list"
	}
	return fmt.Sprintf("what-if %d %s %s", w.Kind, t, v)
}

// Apply makes the change on world, which must be a copy the caller owns
// (see model.Clone). It fails when the object it changes does not exist.
func (w WhatIf) Apply(world *model.World) error {
	switch w.Kind {
	case DisableEndpoint:
		i := slices.IndexFunc(world.Endpoints, func(e model.Endpoint) bool { return e.ID == w.Target })
		if i < 0 {
			return w.missing("endpoint")
		}
		world.Endpoints = slices.Delete(world.Endpoints, i, i+1)
		for z := range world.HostedZones {
			for r := range world.HostedZones[z].Records {
				if rec := &world.HostedZones[z].Records[r]; rec.AliasEndpoint == w.Target {
					rec.AliasEndpoint = ""
				}
			}
		}
	case TogglePrivateDNS:
		e := find(world.Endpoints, func(e *model.Endpoint) bool { return e.ID == w.Target })
		if e == nil {
			return w.missing("endpoint")
		}
		e.PrivateDNS = !e.PrivateDNS
	case AddEndpoint:
		return w.addEndpoint(world)
	case AddDefaultRoute, RemoveDefaultRoute:
		rt := find(world.RouteTables, func(r *model.RouteTable) bool { return r.ID == w.Target })
		if rt == nil {
			return w.missing("route table")
		}
		rt.Routes = slices.DeleteFunc(rt.Routes, func(r model.Route) bool { return r.Destination == defaultRoute })
		if w.Kind == AddDefaultRoute {
			rt.Routes = append(rt.Routes, model.Route{Destination: defaultRoute, Target: model.TargetNATGateway, TargetID: w.Value})
		}
	case FlipPublicIP, SetPlatformVersion:
		s := find(world.Services, func(s *model.Service) bool { return s.ID == w.Target })
		if s == nil {
			return w.missing("service")
		}
		if w.Kind == FlipPublicIP {
			s.AssignPublicIP = !s.AssignPublicIP
		} else {
			s.PlatformVersion = w.Value
		}
	case AddS3Egress:
		sg := find(world.SecurityGroups, func(g *model.SecurityGroup) bool { return g.ID == w.Target })
		if sg == nil {
			return w.missing("security group")
		}
		sg.Egress = append(sg.Egress, model.SGRule{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443,
			PrefixLists: []string{s3PrefixList(world)}, Description: "what-if: S3 prefix list"})
	default:
		return fmt.Errorf("unknown what-if kind %d", w.Kind)
	}
	return nil
}

// Touches returns the objects of world that applying w to it changes or
// adds, so that sim.Simulator.Rerun re-traces only what they affect.
func (w WhatIf) Touches(world *model.World) []model.Ref {
	switch w.Kind {
	case DisableEndpoint:
		refs := []model.Ref{{Kind: model.KindEndpoint, ID: w.Target}}
		for _, z := range world.HostedZones {
			if slices.ContainsFunc(z.Records, func(r model.Record) bool { return r.AliasEndpoint == w.Target }) {
				refs = append(refs, model.Ref{Kind: model.KindHostedZone, ID: z.ID})
			}
		}
		return refs
	case TogglePrivateDNS:
		return []model.Ref{{Kind: model.KindEndpoint, ID: w.Target}}
	case AddEndpoint:
		return []model.Ref{{Kind: model.KindEndpoint, ID: addedEndpointID(w.Value)}}
	case AddDefaultRoute, RemoveDefaultRoute:
		return []model.Ref{{Kind: model.KindRouteTable, ID: w.Target}}
	case FlipPublicIP, SetPlatformVersion:
		return []model.Ref{{Kind: model.KindService, ID: w.Target}}
	case AddS3Egress:
		return []model.Ref{{Kind: model.KindSecurityGroup, ID: w.Target}}
	}
	return []model.Ref{{Kind: "unknown what-if"}} // re-simulates everything
}

// addedEndpointID is the ID of the endpoint AddEndpoint adds for a service.
func addedEndpointID(service string) string { return "what-if-" + service }

func (w WhatIf) missing(what string) error {
	return fmt.Errorf("%s %q does not exist", what, sanitize(w.Target))
}

// addEndpoint adds an endpoint for service w.Value in the VPC of service
// w.Target's first subnet: a gateway endpoint on the subnets' route tables
// for S3 and DynamoDB, else an interface endpoint with private DNS in the
// service's subnets, guarded by the groups of another interface endpoint.
func (w WhatIf) addEndpoint(world *model.World) error {
	svc := find(world.Services, func(s *model.Service) bool { return s.ID == w.Target })
	if svc == nil || len(svc.Subnets) == 0 {
		return w.missing("service with subnets")
	}
	sub := find(world.Subnets, func(s *model.Subnet) bool { return s.ID == svc.Subnets[0] })
	if sub == nil {
		return fmt.Errorf("subnet %q does not exist", sanitize(svc.Subnets[0]))
	}
	ep := model.Endpoint{ID: addedEndpointID(w.Value), VPC: sub.VPC, ServiceName: w.Value}
	if model.IsAWSManagedPrefixList(w.Value) {
		ep.Type = model.EndpointGateway
		for _, id := range svc.Subnets {
			if rt := routeTableOf(world, id); rt != "" && !slices.Contains(ep.RouteTables, rt) {
				ep.RouteTables = append(ep.RouteTables, rt)
			}
		}
	} else {
		ep.Type = model.EndpointInterface
		ep.PrivateDNS = true
		seen := map[string]bool{}
		for _, id := range svc.Subnets {
			if s := find(world.Subnets, func(s *model.Subnet) bool { return s.ID == id }); s != nil && !seen[s.AZ] {
				seen[s.AZ] = true
				ep.Subnets = append(ep.Subnets, id)
			}
		}
		for _, e := range world.Endpoints {
			if e.VPC == sub.VPC && e.Type == model.EndpointInterface && len(e.SecurityGroups) > 0 {
				ep.SecurityGroups = slices.Clone(e.SecurityGroups)
				break
			}
		}
	}
	world.Endpoints = append(world.Endpoints, ep)
	return nil
}

// routeTableOf returns the ID of the route table of a subnet: its own or
// its VPC's main one.
func routeTableOf(world *model.World, subnet string) string {
	s := find(world.Subnets, func(s *model.Subnet) bool { return s.ID == subnet })
	if s == nil {
		return ""
	}
	if s.RouteTable != "" {
		return s.RouteTable
	}
	if v := find(world.VPCs, func(v *model.VPC) bool { return v.ID == s.VPC }); v != nil {
		return v.MainRouteTable
	}
	return ""
}

// s3PrefixList is the AWS-managed S3 prefix list of the world's region.
func s3PrefixList(world *model.World) string {
	for _, pl := range world.PrefixLists {
		if _, svc, ok := model.SplitServiceName(pl.AWSService); ok && svc == "s3" {
			return pl.ID
		}
	}
	return "com.amazonaws." + world.Region + ".s3"
}

func find[T any](s []T, match func(*T) bool) *T {
	for i := range s {
		if match(&s[i]) {
			return &s[i]
		}
	}
	return nil
}

// applyAll returns a copy of base with every what-if applied in order,
// and the objects they touched.
func applyAll(base *model.World, ws []WhatIf) (*model.World, []model.Ref, error) {
	w := model.Clone(base)
	var touched []model.Ref
	for _, wi := range ws {
		touched = append(touched, wi.Touches(w)...)
		if err := wi.Apply(w); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", wi.Label(), err)
		}
	}
	return w, touched, nil
}
