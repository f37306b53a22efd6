package tfmap

import (
	"fmt"

	"github.com/vpctrace/vpctrace/model"
)

// CodeNotModelledMatters marks an instance of a resource type that can
// change the verdict of calls and that vpctrace does not model (aws-rules
// 1.1.4): the calls it can affect are unknown, and the objects it changes
// list it in World.Unknowns.
const CodeNotModelledMatters = "not-modelled-matters"

// opaque describes a resource type that can change the verdict of a call
// and that vpctrace does not model (aws-rules 1.1.4). Build reports every
// instance with a warning and records, on the object the instance changes,
// a World.Unknowns entry whose Field is the instance's address: the paths
// through that object are unknown where it could change them, and the
// call's Missing names it. Types that can change no verdict are not here:
// they keep the not-modelled info (aws-rules 10.39).
type opaque struct {
	attr string     // the attribute that names the object it changes
	w    want       // what attr names
	kind model.Kind // the kind of that object
	why  string     // what it may do, with its rule
}

// opaqueTypes is the one list of the resource types that can change a
// verdict and that vpctrace does not model (aws-rules 1.1.4-1.1.6, 10.39).
var opaqueTypes = map[string]opaque{
	// Routes a virtual private gateway learns (BGP or VPN static routes)
	// or a VPC Route Server injects: their destinations are not in the
	// input, and one may be more specific than the route the model selects
	// (aws-rules 1.1.5).
	"aws_vpn_gateway_route_propagation": {"route_table_id", wantRouteTable, model.KindRouteTable,
		"it propagates into the table the routes a virtual private gateway learns from the on-premises network, which the input does not list; one may be more specific than the route the model selects, except for addresses of the VPC, where the local route wins (aws-rules 1.1.5)"},
	"aws_vpc_route_server_propagation": {"route_table_id", wantRouteTable, model.KindRouteTable,
		"it installs in the table the routes a VPC Route Server learns over BGP, which the input does not list; one may be more specific than the route the model selects, except for addresses of the VPC, where the local route wins (aws-rules 1.1.5)"},
	// Transit gateway routes the model does not see (aws-rules 1.1.6).
	"aws_ec2_transit_gateway_prefix_list_reference": {"transit_gateway_route_table_id", wantTGWRouteTable, model.KindTGWRouteTable,
		"it routes the CIDRs of a prefix list in the transit gateway route table, which vpctrace does not model (aws-rules 1.1.6)"},
	"aws_ec2_transit_gateway_connect": {"transit_gateway_id", wantTGW, model.KindTransitGateway,
		"a Connect attachment propagates the routes its BGP peers announce into the transit gateway's route tables, which the input does not list (aws-rules 1.1.6)"},
	"aws_vpn_connection": {"transit_gateway_id", wantTGW, model.KindTransitGateway,
		"a Site-to-Site VPN attachment propagates the routes of the on-premises network into the transit gateway's route tables, which the input does not list (aws-rules 1.1.6)"},
	"aws_dx_gateway_association": {"associated_gateway_id", wantTGW, model.KindTransitGateway,
		"a Direct Connect gateway association propagates the routes of the on-premises network into the transit gateway's route tables, which the input does not list (aws-rules 1.1.6)"},
	"aws_ec2_transit_gateway_policy_table": {"transit_gateway_id", wantTGW, model.KindTransitGateway,
		"a policy table routes the traffic of the attachments associated with it by policy rules that vpctrace does not model (aws-rules 1.1.6)"},
	"aws_ec2_transit_gateway_default_route_table_association": {"transit_gateway_id", wantTGW, model.KindTransitGateway,
		"it changes which route table new attachments of the transit gateway are associated with, which vpctrace does not model (aws-rules 1.1.6)"},
	"aws_ec2_transit_gateway_default_route_table_propagation": {"transit_gateway_id", wantTGW, model.KindTransitGateway,
		"it changes which route table new attachments of the transit gateway propagate to, which vpctrace does not model (aws-rules 1.1.6)"},
	// Settings of the source network that the model does not read
	// (aws-rules 1.1.4).
	"aws_route53profiles_association": {"resource_id", wantVPC, model.KindVPC,
		"it associates a Route 53 Profile with the VPC; a profile can add private hosted zones, Resolver rules and DNS Firewall rule groups that the input does not show, so any name the VPC resolves may change (aws-rules 1.1.4)"},
	"aws_network_interface_sg_attachment": {"network_interface_id", wantENI, model.KindInstance,
		"it adds a security group to the instance's network interface, which vpctrace does not model (aws-rules 1.1.4)"},
}

func init() {
	table := map[string]mapper{}
	for t := range opaqueTypes {
		table[t] = mapper{late: mapOpaque}
	}
	register(table)
}

// mapOpaque records an instance of an opaque type on the objects it
// changes (aws-rules 1.1.4).
func mapOpaque(b *builder, r *Resource) {
	o := opaqueTypes[r.Type]
	s := root(r)
	as := s.at(o.attr)
	id, res := b.one(as, as.v, o.w)
	if res.outcome == notSet {
		// Not attached to anything vpctrace traces (a VPN connection to a
		// virtual private gateway, whose paths are unknown anyway).
		b.infof(r.Pos, CodeNotModelled, "%s is not modelled; %s is not set, so it changes no path vpctrace traces", r.Type, o.attr)
		return
	}
	var targets []string
	if res.outcome == resolved {
		targets = []string{id}
	}
	what := fmt.Sprintf("paths through %s %s have verdict unknown where it could change them", o.kind, id)
	if len(targets) == 0 {
		what = fmt.Sprintf("its %s names no object of the input, so it changes nothing vpctrace traces", o.attr)
		if res.outcome != notInInput {
			what = fmt.Sprintf("its %s is not determined (%s), so the objects it changes are not known", o.attr, res.why(o.w))
		}
	}
	b.warnf(r.Pos, CodeNotModelledMatters, "%s (%s) is not modelled and can change verdicts: %s; %s", r.Address, r.Type, o.why, what)
	for _, t := range targets {
		b.unknowns = append(b.unknowns, model.Unknown{ID: t, Kind: o.kind, Field: r.Address, Why: r.Type + " is not modelled: " + o.why, Source: r.Pos})
	}
}
