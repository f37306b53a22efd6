// Package fix finds, for the workloads of a world that would not start,
// a small set of changes that makes every call that stops them reachable,
// and proves it by tracing the changed world again.
//
// The changes are what-ifs (package whatif): turn on private DNS, add an
// endpoint, associate a route table with a gateway endpoint, add a
// security group or network ACL rule, route 0.0.0.0/0 to an existing NAT
// gateway, add a mount target, raise the platform version, widen an
// endpoint policy. Find derives them from the blockers of each failing
// placement and the hops of its trace, never from a table of answers: it
// tries each candidate with whatif.Trial, follows the next blocker when a
// change moves it, keeps only changes that fix without breaking another
// call, and drops every change the others make useless.
//
// A Strategy picks how calls to AWS services get out of the VPC: through
// VPC endpoints, or through a NAT gateway the VPC already has. Calls that
// need the internet (an image from Docker Hub) can only go through a NAT
// gateway or a public IP, whatever the strategy.
//
// A Plan is a what-if: it says what to change in the model. Writing it into
// the input's files is the job of package patch and its format packages.
package fix

import (
	"slices"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// Strategy is how a plan gets calls to AWS services out of the VPC.
type Strategy string

// The strategies.
const (
	// Endpoints reaches AWS services through VPC endpoints: interface
	// endpoints with private DNS, and the free S3 gateway endpoint.
	Endpoints Strategy = "endpoints"
	// NAT reaches them through a NAT gateway the VPC already has, by a
	// 0.0.0.0/0 route in the tasks' route tables.
	NAT Strategy = "nat"
)

// Strategies are the strategies Find tries, in order.
var Strategies = []Strategy{Endpoints, NAT}

// Plan is a verified set of changes for one strategy: tracing the world
// with Changes applied gives Report.
type Plan struct {
	Strategy Strategy
	// Changes are the changes, in the order they are applied.
	Changes []whatif.Change
	// Fixes says, for each of Changes, the failing calls it is needed
	// for, as "WORKLOAD KIND" strings in report order.
	Fixes [][]string
	// Added holds, for each of Changes, the ID of the endpoint it adds to
	// World, or "" (whatif.Change.AddedEndpoint, in the world of the
	// changes before it).
	Added []string
	// Report is the report of the changed world; World is that world.
	Report sim.Report
	World  *model.World
	// Unfixed lists the calls that still stop a workload after Changes.
	Unfixed []Unfixed
}

// Works reports whether p makes every workload it was asked to fix start.
func (p Plan) Works() bool { return len(p.Unfixed) == 0 }

// Unfixed is a call that stops a workload and that no change in reach
// makes reachable.
type Unfixed struct {
	Workload string // the workload's name
	Call     sim.CallKind
	Resource string
	Subnet   string // the placement subnet
	Reason   sim.Reason
	// Why says why no change fixes it.
	Why string
}

// Result is what Find found for a world.
type Result struct {
	// Before is the report of the world unchanged.
	Before sim.Report
	// Failing names the workloads that would not start, in report order.
	Failing []string
	// Plans holds one plan per strategy tried, in the order of
	// Strategies; a plan that does not work says why in its Unfixed.
	Plans []Plan
}

// Find looks for a plan per strategy for the workloads of w that would not
// start. w must have passed model.World.Validate; it is not changed.
func Find(w *model.World) Result {
	base := whatif.Base(w)
	res := Result{Before: base.Report()}
	for _, wl := range base.Report().Workloads {
		if wl.Outcome == sim.OutcomeFails {
			res.Failing = append(res.Failing, wl.Name)
		}
	}
	if len(res.Failing) == 0 {
		return res
	}
	for _, s := range Strategies {
		res.Plans = append(res.Plans, search(base, s))
	}
	return res
}

// Footprint is what a plan adds that AWS charges for: the cost side of
// comparing strategies (aws-rules 8.1).
type Footprint struct {
	// InterfaceEndpoints are the interface endpoints added, each with the
	// number of Availability Zones it has network interfaces in.
	InterfaceEndpoints []EndpointAdded
	// GatewayEndpoints are the services of the gateway endpoints added or
	// associated with more route tables, which cost nothing.
	GatewayEndpoints []string
	// NATGateways are the NAT gateways the plan routes to; they exist
	// already, so their hours are paid already.
	NATGateways []string
	// PublicIPs are the services whose tasks get a public IPv4 address.
	PublicIPs []string
}

// EndpointAdded is an interface endpoint a plan adds.
type EndpointAdded struct {
	Service string // e.g. "com.amazonaws.ap-northeast-1.logs"
	AZs     int
}

// Footprint returns what p adds that costs money.
func (p Plan) Footprint() Footprint {
	var f Footprint
	for i, c := range p.Changes {
		switch c.Kind {
		case whatif.AddEndpoint:
			e := find(p.World.Endpoints, func(e model.Endpoint) bool { return e.ID == p.Added[i] })
			switch {
			case e == nil:
			case e.Type == model.EndpointGateway:
				f.GatewayEndpoints = append(f.GatewayEndpoints, e.ServiceName)
			default:
				azs := map[string]bool{}
				for _, id := range e.Subnets {
					if s := subnetOf(p.World, id); s != nil {
						azs[s.AZ] = true
					}
				}
				f.InterfaceEndpoints = append(f.InterfaceEndpoints, EndpointAdded{Service: e.ServiceName, AZs: len(azs)})
			}
		case whatif.AssociateRouteTable:
			if e := find(p.World.Endpoints, func(e model.Endpoint) bool { return e.ID == c.Target }); e != nil && !slices.Contains(f.GatewayEndpoints, e.ServiceName) {
				f.GatewayEndpoints = append(f.GatewayEndpoints, e.ServiceName)
			}
		case whatif.AddDefaultRoute:
			if !slices.Contains(f.NATGateways, c.Value) {
				f.NATGateways = append(f.NATGateways, c.Value)
			}
		case whatif.FlipPublicIP:
			f.PublicIPs = append(f.PublicIPs, c.Target)
		}
	}
	return f
}
