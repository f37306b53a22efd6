package tfmap

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

// routeNet is a VPC with an internet gateway, a NAT gateway, a virtual
// private gateway and an egress-only gateway, and a route table rtb-1.
func routeNet(routes ...Resource) []Resource {
	return append([]Resource{
		vpc(1, nil),
		res(2, "aws_subnet.pub", M{"id": "subnet-pub", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a"}),
		res(3, "aws_internet_gateway.igw", M{"id": "igw-1", "vpc_id": "vpc-1"}),
		res(4, "aws_nat_gateway.nat", M{"id": "nat-1", "subnet_id": "subnet-pub", "connectivity_type": "private"}),
		res(5, "aws_vpn_gateway.vgw", M{"id": "vgw-1", "vpc_id": "vpc-1"}),
		res(6, "aws_egress_only_internet_gateway.eigw", M{"id": "eigw-1", "vpc_id": "vpc-1"}),
		res(7, "data.aws_nat_gateway.shared", M{"id": U, "subnet_id": "subnet-0123"}),
	}, routes...)
}

// wantRouteNet completes an expected world with routeNet's objects.
func wantRouteNet(w model.World) model.World {
	w.VPCs = []model.VPC{wantVPCMain(nil)}
	w.Subnets = []model.Subnet{{ID: "aws_subnet.pub", Source: at(2, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24")}}
	w.InternetGateways = []model.InternetGateway{{ID: "aws_internet_gateway.igw", Source: at(3, 1), VPC: "aws_vpc.main"}}
	w.NATGateways = []model.NATGateway{{ID: "aws_nat_gateway.nat", Source: at(4, 1), Subnet: "aws_subnet.pub", Private: true}}
	w.VPNGateways = []model.VPNGateway{{ID: "aws_vpn_gateway.vgw", Source: at(5, 1), VPC: "aws_vpc.main"}}
	w.EgressOnlyGateways = []model.EgressOnlyGateway{{ID: "aws_egress_only_internet_gateway.eigw", Source: at(6, 1), VPC: "aws_vpc.main"}}
	return w
}

// TestBuildRouteTargets checks how route targets are stored. AWS files a
// route under the kind of gateway its ID names, whether the ID came in
// gateway_id or nat_gateway_id (aws-rules 4.2.5); a target the input does not
// determine is kept as an undetermined route, never an error or a missing
// route (4.2.4).
func TestBuildRouteTargets(t *testing.T) {
	rt := func(routes ...model.Route) []model.RouteTable {
		return []model.RouteTable{{ID: "aws_route_table.rt", Source: at(10, 1), VPC: "aws_vpc.main", Routes: routes}}
	}
	runCases(t, []buildCase{{
		name: "4.2.5 a NAT gateway in gateway_id is a NAT gateway route (inline block and aws_route)",
		resources: routeNet(
			res(10, "aws_route_table.rt", M{"id": "rtb-1", "vpc_id": "vpc-1", "route": L{
				M{"cidr_block": "0.0.0.0/0", "gateway_id": "nat-1"},
			}}, pos("route.0", 11, 3)),
			res(20, "aws_route.corp", M{"route_table_id": "rtb-1", "destination_cidr_block": "10.9.0.0/16", "gateway_id": "nat-1"}),
		),
		want: wantRouteNet(model.World{RouteTables: rt(
			model.Route{Source: at(11, 3), Destination: pfx("0.0.0.0/0"), Target: model.TargetNATGateway, TargetID: "aws_nat_gateway.nat"},
			model.Route{Source: at(20, 1), Destination: pfx("10.9.0.0/16"), Target: model.TargetNATGateway, TargetID: "aws_nat_gateway.nat"},
		)}),
	}, {
		name: "4.2.5 and the other way round: a virtual private or internet gateway in nat_gateway_id",
		resources: routeNet(
			res(10, "aws_route_table.rt", M{"id": "rtb-1", "vpc_id": "vpc-1", "route": L{
				M{"cidr_block": "0.0.0.0/0", "nat_gateway_id": "igw-1"},
				M{"cidr_block": "172.16.0.0/12", "nat_gateway_id": "vgw-1"},
			}}, pos("route.0", 11, 3), pos("route.1", 12, 3)),
		),
		want: wantRouteNet(model.World{RouteTables: rt(
			model.Route{Source: at(11, 3), Destination: pfx("0.0.0.0/0"), Target: model.TargetInternetGateway, TargetID: "aws_internet_gateway.igw"},
			model.Route{Source: at(12, 3), Destination: pfx("172.16.0.0/12"), Target: model.TargetVPNGateway, TargetID: "aws_vpn_gateway.vgw"},
		)}),
	}, {
		// Plan form: IDs known only after apply, resolved through the
		// references. The references of route blocks are the whole list's,
		// so each attribute first looks for its own kind.
		name: "4.2.5 plan form: gateway_id = aws_nat_gateway.x.id, beside an internet gateway route",
		resources: routeNet(
			res(10, "aws_route_table.rt", M{"id": "rtb-1", "vpc_id": "vpc-1", "route": L{
				M{"cidr_block": "0.0.0.0/0", "nat_gateway_id": U},
				M{"cidr_block": "192.168.0.0/16", "gateway_id": U},
			}}, pos("route.0", 11, 3), pos("route.1", 12, 3), refs("route", "aws_nat_gateway.nat", "aws_internet_gateway.igw")),
			res(20, "aws_route.corp", M{"route_table_id": "rtb-1", "destination_cidr_block": "10.9.0.0/16", "gateway_id": U},
				refs("gateway_id", "aws_nat_gateway.nat")),
		),
		want: wantRouteNet(model.World{RouteTables: rt(
			model.Route{Source: at(11, 3), Destination: pfx("0.0.0.0/0"), Target: model.TargetNATGateway, TargetID: "aws_nat_gateway.nat"},
			model.Route{Source: at(12, 3), Destination: pfx("192.168.0.0/16"), Target: model.TargetInternetGateway, TargetID: "aws_internet_gateway.igw"},
			model.Route{Source: at(20, 1), Destination: pfx("10.9.0.0/16"), Target: model.TargetNATGateway, TargetID: "aws_nat_gateway.nat"},
		)}),
	}, {
		// 4.2.4: gateways created elsewhere (IDs from variables or data
		// sources) and targets the model does not follow.
		name: "4.2.4 targets outside the input are undetermined routes, not errors",
		resources: routeNet(
			res(10, "aws_route_table.rt", M{"id": "rtb-1", "vpc_id": "vpc-1", "route": L{
				M{"cidr_block": "0.0.0.0/0", "nat_gateway_id": "nat-0123456789abcdef0"},
				M{"cidr_block": "10.0.0.0/8", "transit_gateway_id": "tgw-0123456789abcdef0"},
			}}, pos("route.0", 11, 3), pos("route.1", 12, 3)),
			res(20, "aws_route.shared", M{"route_table_id": "rtb-1", "destination_cidr_block": "100.64.0.0/10", "nat_gateway_id": U},
				refs("nat_gateway_id", "data.aws_nat_gateway.shared"), pos("nat_gateway_id", 22, 3)),
			res(30, "aws_route.firewall", M{"route_table_id": "rtb-1", "destination_cidr_block": "192.0.2.0/24", "vpc_endpoint_id": "vpce-0123456789abcdef0"},
				pos("vpc_endpoint_id", 32, 3)),
		),
		want: wantRouteNet(model.World{
			RouteTables: rt(
				model.Route{Source: at(11, 3), Destination: pfx("0.0.0.0/0"), Target: model.TargetNATGateway, TargetID: "nat-0123456789abcdef0", Undetermined: "route.0.nat_gateway_id"},
				model.Route{Source: at(12, 3), Destination: pfx("10.0.0.0/8"), Target: model.TargetTransitGateway, TargetID: "tgw-0123456789abcdef0", Undetermined: "route.1.transit_gateway_id"},
				model.Route{Source: at(30, 1), Destination: pfx("192.0.2.0/24"), Undetermined: "aws_route.firewall.vpc_endpoint_id"},
				model.Route{Source: at(20, 1), Destination: pfx("100.64.0.0/10"), Target: model.TargetNATGateway, Undetermined: "aws_route.shared.nat_gateway_id"},
			),
			Unknowns: []model.Unknown{
				{ID: "aws_route_table.rt", Kind: model.KindRouteTable, Field: "route.0.nat_gateway_id", Source: at(11, 3),
					Why: `"nat-0123456789abcdef0" names a NAT gateway that the input does not describe (one created outside this configuration)`},
				{ID: "aws_route_table.rt", Kind: model.KindRouteTable, Field: "route.1.transit_gateway_id", Source: at(12, 3),
					Why: `"tgw-0123456789abcdef0" names a transit gateway that the input does not describe (one created outside this configuration)`},
				{ID: "aws_route_table.rt", Kind: model.KindRouteTable, Field: "aws_route.firewall.vpc_endpoint_id", Source: at(32, 3),
					Why: "the route leads to a Gateway Load Balancer endpoint, or to a firewall endpoint the input does not describe, which vpctrace does not follow (aws-rules 4.2.4, 4.11.1)"},
				{ID: "aws_route_table.rt", Kind: model.KindRouteTable, Field: "aws_route.shared.nat_gateway_id", Source: at(22, 3),
					Why: "known only after apply; it comes from data source data.aws_nat_gateway.shared, which vpctrace does not read"},
			},
		}),
		diags: []string{
			diag(model.SeverityWarning, CodeUndetermined, at(11, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(12, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(32, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(22, 3)),
		},
		fragments: []string{"paths that take this route in route table aws_route_table.rt have verdict unknown"},
	}, {
		// AWS documents gateway_id for internet and virtual private
		// gateways (and takes NAT gateway IDs there), not egress-only
		// gateways: undetermined, with what the ID names.
		name: "4.2.4 an egress-only gateway in gateway_id is not a documented target",
		resources: routeNet(
			res(10, "aws_route_table.rt", M{"id": "rtb-1", "vpc_id": "vpc-1", "route": L{
				M{"ipv6_cidr_block": "::/0", "gateway_id": "eigw-1"},
			}}, pos("route.0", 11, 3)),
		),
		want: wantRouteNet(model.World{
			RouteTables: rt(model.Route{Source: at(11, 3), Destination: pfx("::/0"), Undetermined: "route.0.gateway_id"}),
			Unknowns: []model.Unknown{{ID: "aws_route_table.rt", Kind: model.KindRouteTable, Field: "route.0.gateway_id", Source: at(11, 3),
				Why: `"eigw-1" is the ID of aws_egress_only_internet_gateway.eigw, which is not an internet or virtual private gateway; AWS does not document gateway_id for it`}},
		}),
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(11, 3))},
	}})
}
