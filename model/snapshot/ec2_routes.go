package snapshot

import (
	"fmt"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpctrace/vpctrace/model"
)

// routeTables reads describe-route-tables: the routes, the main table of
// each VPC and the tables of the subnets (aws-rules 11.2.2, 11.2.3).
func (b *builder) routeTables(x *ec2Index) {
	for _, t := range b.ec2.lists.tables {
		id, vpc := str(t.v.RouteTableId), str(t.v.VpcId)
		if !b.freshInVPC(x, model.KindRouteTable, id, t.v, t.pos, vpc, t.field("VpcId")) {
			continue
		}
		rt := model.RouteTable{ID: id, Source: t.pos, VPC: vpc}
		for i, r := range t.v.Routes {
			if route, ok := b.route(x, t, i, r); ok {
				rt.Routes = append(rt.Routes, route)
			}
		}
		for _, g := range t.v.PropagatingVgws {
			b.vpnGateway(x, str(g.GatewayId), vpc, t.pos)
		}
		b.w.RouteTables = append(b.w.RouteTables, rt)
		b.associations(x, t, rt)
	}
}

// associations reads a table's associations: the main one makes it its
// VPC's main table, a subnet's makes it that subnet's table. An edge
// association with an internet gateway (ingress routing) is not modelled:
// when the table sends traffic elsewhere than local, paths through the
// gateway are unknown (aws-rules 11.2.3).
func (b *builder) associations(x *ec2Index, t at[ec2types.RouteTable], rt model.RouteTable) {
	for i, a := range t.v.Associations {
		if a.AssociationState != nil && a.AssociationState.State != ec2types.RouteTableAssociationStateCodeAssociated {
			continue
		}
		p := t.field(fmt.Sprintf("Associations/%d", i))
		switch {
		case on(a.Main):
			b.w.VPCs[x.vpc[rt.VPC]].MainRouteTable = rt.ID
		case a.SubnetId != nil:
			if k, ok := x.subnet[*a.SubnetId]; ok {
				b.w.Subnets[k].RouteTable = rt.ID
			}
		case a.GatewayId != nil && x.has(model.KindInternetGateway, *a.GatewayId) && routesBeyondLocal(rt):
			b.w.Unknowns = append(b.w.Unknowns, model.Unknown{ID: *a.GatewayId, Kind: model.KindInternetGateway, Field: "edge association " + rt.ID, Source: p,
				Why: fmt.Sprintf("ingress routing is not modelled: %s is associated with the internet gateway and sends traffic arriving from the internet to a target other than local, such as an appliance, which vpctrace does not follow (aws-rules 1.1.4, 4.2.4)", rt.ID)})
		}
	}
}

func routesBeyondLocal(rt model.RouteTable) bool {
	for _, r := range rt.Routes {
		if r.Target != model.TargetLocal {
			return true
		}
	}
	return false
}

// vpnGateway adds the virtual private gateway that a route or a route
// propagation of a table of vpc names. AWS lets a table name only a
// gateway attached to its VPC; paths through it leave the model, so
// nothing else of it is needed (aws-rules 11.2.2).
func (b *builder) vpnGateway(x *ec2Index, id, vpc string, p model.Pos) {
	if x.add(model.KindVPNGateway, id) {
		b.w.VPNGateways = append(b.w.VPNGateways, model.VPNGateway{ID: id, Source: p, VPC: vpc})
	}
}

// routeTarget is the kind and ID of a route's target, as describe-route-
// tables prints them; kind "" for a target the model does not follow (a
// carrier or local gateway, a Cloud WAN core network), and gatewayEndpoint
// for a vpce- gateway.
func routeTarget(r ec2types.Route) (model.TargetKind, string, string) {
	if g := str(r.GatewayId); g != "" {
		switch {
		case g == "local":
			return model.TargetLocal, "", "GatewayId"
		case strings.HasPrefix(g, "igw-"):
			return model.TargetInternetGateway, g, "GatewayId"
		case strings.HasPrefix(g, "vgw-"):
			return model.TargetVPNGateway, g, "GatewayId"
		case strings.HasPrefix(g, "vpce-"):
			return model.TargetGatewayEndpoint, g, "GatewayId"
		case strings.HasPrefix(g, "eigw-"):
			return model.TargetEgressOnlyGateway, g, "GatewayId"
		}
		return "", g, "GatewayId"
	}
	for _, t := range []struct {
		id    *string
		kind  model.TargetKind
		field string
	}{
		{r.NatGatewayId, model.TargetNATGateway, "NatGatewayId"},
		{r.EgressOnlyInternetGatewayId, model.TargetEgressOnlyGateway, "EgressOnlyInternetGatewayId"},
		{r.TransitGatewayId, model.TargetTransitGateway, "TransitGatewayId"},
		{r.VpcPeeringConnectionId, model.TargetPeering, "VpcPeeringConnectionId"},
		{r.InstanceId, model.TargetInstance, "InstanceId"},
		{r.NetworkInterfaceId, model.TargetNetworkInterface, "NetworkInterfaceId"},
		{r.CarrierGatewayId, "", "CarrierGatewayId"},
		{r.LocalGatewayId, "", "LocalGatewayId"},
		{r.CoreNetworkArn, "", "CoreNetworkArn"},
		{r.OdbNetworkArn, "", "OdbNetworkArn"},
	} {
		if s := str(t.id); s != "" {
			return t.kind, s, t.field
		}
	}
	return "", "", ""
}

// targetCommands are the commands that describe each kind of target.
var targetCommands = map[model.TargetKind]string{
	model.TargetInternetGateway:   cmdDescribeIGWs + " --internet-gateway-ids ",
	model.TargetNATGateway:        cmdDescribeNATs + " --nat-gateway-ids ",
	model.TargetEgressOnlyGateway: cmdDescribeEIGWs + " --egress-only-internet-gateway-ids ",
	model.TargetTransitGateway:    "aws ec2 describe-transit-gateways --transit-gateway-ids ",
	model.TargetPeering:           cmdDescribePeerings + " --vpc-peering-connection-ids ",
	model.TargetInstance:          cmdDescribeInstances + " --instance-ids ",
	model.TargetNetworkInterface:  cmdDescribeInstances + " --filters Name=network-interface.network-interface-id,Values=",
	model.TargetGatewayEndpoint:   cmdDescribeEndpoints + " --vpc-endpoint-ids ",
}

// targetObject is the object kind of each target kind.
var targetObject = map[model.TargetKind]model.Kind{
	model.TargetInternetGateway:   model.KindInternetGateway,
	model.TargetNATGateway:        model.KindNATGateway,
	model.TargetEgressOnlyGateway: model.KindEgressOnlyGateway,
	model.TargetTransitGateway:    model.KindTransitGateway,
	model.TargetPeering:           model.KindPeering,
	model.TargetInstance:          model.KindInstance,
	model.TargetNetworkInterface:  model.KindNetworkInterface,
	model.TargetGatewayEndpoint:   model.KindEndpoint,
}

// route reads route i of table t; false when it is left out: a gateway
// endpoint's route (the endpoint gives it), or a route whose destination
// the folder does not give (then recorded as a setting of the table that
// any lookup may select).
func (b *builder) route(x *ec2Index, t at[ec2types.RouteTable], i int, r ec2types.Route) (model.Route, bool) {
	f := func(name string) model.Pos { return t.field(fmt.Sprintf("Routes/%d/%s", i, name)) }
	table := str(t.v.RouteTableId)
	out := model.Route{Source: t.field(fmt.Sprintf("Routes/%d", i)), Propagated: r.Origin == ec2types.RouteOriginEnableVgwRoutePropagation,
		Blackhole: r.State == ec2types.RouteStateBlackhole}
	kind, id, targetField := routeTarget(r)
	var dest string
	switch {
	case r.DestinationCidrBlock != nil:
		p, ok := b.prefix(*r.DestinationCidrBlock, f("DestinationCidrBlock"))
		out.Destination, dest = p, *r.DestinationCidrBlock
		if !ok {
			return out, false
		}
	case r.DestinationIpv6CidrBlock != nil:
		p, ok := b.prefix(*r.DestinationIpv6CidrBlock, f("DestinationIpv6CidrBlock"))
		out.Destination, dest = p, *r.DestinationIpv6CidrBlock
		if !ok {
			return out, false
		}
	case r.DestinationPrefixListId != nil:
		pl := *r.DestinationPrefixListId
		dest = pl
		if kind == model.TargetGatewayEndpoint && x.gateways[id] {
			x.gatewayTables[id] = append(x.gatewayTables[id], table)
			return out, false // the endpoint adds it (aws-rules 4.3.1)
		}
		if !x.knownPrefixList(pl) {
			b.w.Unknowns = append(b.w.Unknowns, model.Unknown{ID: table, Kind: model.KindRouteTable, Field: "route to " + pl, Source: f("DestinationPrefixListId"),
				Why: "the addresses of prefix list " + pl + " are not in the snapshot", Fix: missingFix + prefixListCommand(pl) + " to the snapshot folder"})
			return out, false
		}
		out.DestinationPrefixList = pl
	default:
		b.errorf(out.Source, model.CodeMissingField, "route %d of %s has no destination (DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId)", i, table)
		return out, false
	}
	field := "route to " + dest
	undetermined := func(why, fix string) (model.Route, bool) {
		out.Undetermined = field
		b.w.Unknowns = append(b.w.Unknowns, model.Unknown{ID: table, Kind: model.KindRouteTable, Field: field, Source: f(targetField), Why: why, Fix: fix})
		return out, true
	}
	switch {
	case kind == model.TargetLocal:
		out.Target = kind
		return out, true
	case kind == "" && id == "":
		b.errorf(out.Source, model.CodeMissingField, "route %d of %s has no target", i, table)
		return out, false
	case kind == "":
		return undetermined(fmt.Sprintf("the route leads to %s (%s), which vpctrace does not follow (aws-rules 4.2.4)", id, targetField), "")
	}
	out.Target, out.TargetID = kind, id
	if kind == model.TargetInstance && !x.has(model.KindInstance, id) && x.has(model.KindNetworkInterface, str(r.NetworkInterfaceId)) {
		out.Target, out.TargetID = model.TargetNetworkInterface, *r.NetworkInterfaceId
	}
	switch {
	case out.Blackhole:
		return out, true // the target is gone: it need not be in the world
	case kind == model.TargetVPNGateway:
		b.vpnGateway(x, id, str(t.v.VpcId), f(targetField))
		return out, true
	case kind == model.TargetGatewayEndpoint && x.gwlb[id]:
		out.Target = model.TargetGWLBEndpoint // the appliance behind it decides (aws-rules 4.2.4)
		return out, true
	case kind == model.TargetPeering && x.outsidePeer[id] != "":
		return undetermined("peering connection "+id+" leads out of the snapshot: "+x.outsidePeer[id],
			"describe the peer VPC in this snapshot ("+cmdDescribeVPCs+" and its routes, groups and ACLs), or check by hand where the route leads")
	case x.has(targetObject[out.Target], out.TargetID):
		return out, true
	case out.Target == model.TargetNetworkInterface && x.otherENI(out.TargetID):
		return undetermined(out.TargetID+" is not the primary network interface of an instance of the snapshot; vpctrace follows a route to an interface only to the instance it is the primary interface of (aws-rules 11.2.8)", "")
	}
	if kind == model.TargetGatewayEndpoint {
		out.Target, out.TargetID = "", "" // a Gateway Load Balancer or firewall endpoint, or one the folder lacks
		return undetermined(fmt.Sprintf("%s is no endpoint of the snapshot: a Gateway Load Balancer or Network Firewall endpoint, or one the folder does not describe", id),
			missingFix+targetCommands[kind]+id+" to the snapshot folder")
	}
	return undetermined(fmt.Sprintf("%s is not in the snapshot", id), missingFix+targetCommands[kind]+id+" to the snapshot folder")
}
