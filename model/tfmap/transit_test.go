package tfmap

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

func TestBuildTransit(t *testing.T) {
	net := []Resource{
		vpc(1, nil),
		res(2, "aws_vpc.peer", M{"id": "vpc-2", "cidr_block": "10.1.0.0/16"}),
		res(10, "aws_subnet.a", M{"id": "subnet-a", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a"}),
	}
	wantNet := func(w model.World) model.World {
		w.VPCs = []model.VPC{wantVPCMain(nil), {ID: "aws_vpc.peer", Source: at(2, 1), CIDRs: pfxs("10.1.0.0/16"), EnableDNSSupport: true}}
		w.Subnets = []model.Subnet{{ID: "aws_subnet.a", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24")}}
		return w
	}
	const defaultTable = "aws_ec2_transit_gateway.hub (default route table)"
	runCases(t, []buildCase{{
		// aws-rules 4.8.3: default association and propagation are on.
		name: "transit gateway defaults, tables, routes",
		resources: append(net,
			res(20, "aws_ec2_transit_gateway.hub", M{"id": "tgw-1", "association_default_route_table_id": "tgw-rtb-default"}),
			res(21, "aws_ec2_transit_gateway_vpc_attachment.main", M{"id": "tgw-attach-1", "transit_gateway_id": "tgw-1", "vpc_id": "vpc-1", "subnet_ids": []string{"subnet-a"}}),
			res(22, "aws_ec2_transit_gateway_route.blackhole", M{"transit_gateway_route_table_id": "tgw-rtb-default", "destination_cidr_block": "10.99.0.0/16", "blackhole": true}),
			res(23, "aws_ec2_transit_gateway_route.to_main", M{"transit_gateway_route_table_id": "tgw-rtb-default", "destination_cidr_block": "10.50.0.0/16", "transit_gateway_attachment_id": "tgw-attach-1"}),
			res(30, "aws_ec2_transit_gateway.iso", M{"id": "tgw-2", "default_route_table_association": "disable", "default_route_table_propagation": "disable",
				"security_group_referencing_support": "enable"}),
			res(31, "aws_ec2_transit_gateway_route_table.iso", M{"id": "tgw-rtb-iso", "transit_gateway_id": "tgw-2"}),
			res(32, "aws_ec2_transit_gateway_vpc_attachment.iso", M{"id": "tgw-attach-2", "transit_gateway_id": "tgw-2", "vpc_id": "vpc-1", "subnet_ids": []string{"subnet-a"},
				"appliance_mode_support": "enable", "transit_gateway_default_route_table_association": false, "transit_gateway_default_route_table_propagation": false}),
			res(33, "aws_ec2_transit_gateway_route_table_association.iso", M{"transit_gateway_attachment_id": "tgw-attach-2", "transit_gateway_route_table_id": "tgw-rtb-iso"}),
			res(34, "aws_ec2_transit_gateway_route_table_propagation.iso", M{"transit_gateway_attachment_id": "tgw-attach-2", "transit_gateway_route_table_id": "tgw-rtb-iso"}),
		),
		want: wantNet(model.World{
			TransitGateways: []model.TransitGateway{
				{ID: "aws_ec2_transit_gateway.hub", Source: at(20, 1), DefaultRouteTable: defaultTable, DefaultAssociation: true, DefaultPropagation: true},
				{ID: "aws_ec2_transit_gateway.iso", Source: at(30, 1), SecurityGroupReferencing: true},
			},
			TransitGatewayAttachments: []model.TransitGatewayAttachment{
				{ID: "aws_ec2_transit_gateway_vpc_attachment.iso", Source: at(32, 1), TransitGateway: "aws_ec2_transit_gateway.iso", VPC: "aws_vpc.main",
					Subnets: []string{"aws_subnet.a"}, RouteTable: "aws_ec2_transit_gateway_route_table.iso", PropagateTo: []string{"aws_ec2_transit_gateway_route_table.iso"},
					ApplianceMode: true, DefaultAssociation: model.False, DefaultPropagation: model.False},
				{ID: "aws_ec2_transit_gateway_vpc_attachment.main", Source: at(21, 1), TransitGateway: "aws_ec2_transit_gateway.hub", VPC: "aws_vpc.main",
					Subnets: []string{"aws_subnet.a"}, DefaultAssociation: model.True, DefaultPropagation: model.True},
			},
			TransitGatewayRouteTables: []model.TransitGatewayRouteTable{
				{ID: defaultTable, Source: at(20, 1), TransitGateway: "aws_ec2_transit_gateway.hub", Routes: []model.TransitGatewayRoute{
					{Source: at(22, 1), Destination: pfx("10.99.0.0/16"), Blackhole: true},
					{Source: at(23, 1), Destination: pfx("10.50.0.0/16"), Attachment: "aws_ec2_transit_gateway_vpc_attachment.main"},
				}},
				{ID: "aws_ec2_transit_gateway_route_table.iso", Source: at(31, 1), TransitGateway: "aws_ec2_transit_gateway.iso"},
			},
		}),
	}, {
		name: "second association while the default association is on",
		resources: append(net,
			res(20, "aws_ec2_transit_gateway.hub", M{"id": "tgw-1"}),
			res(21, "aws_ec2_transit_gateway_vpc_attachment.main", M{"id": "tgw-attach-1", "transit_gateway_id": "tgw-1", "vpc_id": "vpc-1", "subnet_ids": []string{"subnet-a"}}),
			res(22, "aws_ec2_transit_gateway_route_table.rt", M{"id": "tgw-rtb-1", "transit_gateway_id": "tgw-1"}),
			res(23, "aws_ec2_transit_gateway_route_table_association.rt", M{"transit_gateway_attachment_id": "tgw-attach-1", "transit_gateway_route_table_id": "tgw-rtb-1"}),
		),
		want: wantNet(model.World{
			TransitGateways: []model.TransitGateway{{ID: "aws_ec2_transit_gateway.hub", Source: at(20, 1), DefaultRouteTable: defaultTable, DefaultAssociation: true, DefaultPropagation: true}},
			TransitGatewayAttachments: []model.TransitGatewayAttachment{{ID: "aws_ec2_transit_gateway_vpc_attachment.main", Source: at(21, 1), TransitGateway: "aws_ec2_transit_gateway.hub",
				VPC: "aws_vpc.main", Subnets: []string{"aws_subnet.a"}, RouteTable: "aws_ec2_transit_gateway_route_table.rt", DefaultAssociation: model.True, DefaultPropagation: model.True}},
			TransitGatewayRouteTables: []model.TransitGatewayRouteTable{
				{ID: defaultTable, Source: at(20, 1), TransitGateway: "aws_ec2_transit_gateway.hub"},
				{ID: "aws_ec2_transit_gateway_route_table.rt", Source: at(22, 1), TransitGateway: "aws_ec2_transit_gateway.hub"},
			},
		}),
		diags: []string{diag(model.SeverityError, "aws-rejects-transit-gateway-association", at(23, 1))},
	}, {
		name: "peering: auto_accept, accepter, pending, other account",
		resources: append(net,
			res(20, "aws_vpc_peering_connection.auto", M{"id": "pcx-1", "vpc_id": "vpc-1", "peer_vpc_id": "vpc-2", "auto_accept": true}),
			res(21, "aws_vpc_peering_connection.accepted", M{"id": "pcx-2", "vpc_id": "vpc-1", "peer_vpc_id": "vpc-2"}),
			res(22, "aws_vpc_peering_connection_accepter.accepted", M{"id": "pcx-2", "vpc_peering_connection_id": "pcx-2", "auto_accept": true}),
			res(23, "aws_vpc_peering_connection.pending", M{"id": "pcx-3", "vpc_id": "vpc-1", "peer_vpc_id": "vpc-2"}),
			res(24, "aws_vpc_peering_connection.other", M{"id": "pcx-4", "vpc_id": "vpc-1", "peer_vpc_id": "vpc-elsewhere", "peer_owner_id": "210987654321"}),
			res(30, "aws_route_table.rt", M{"id": "rtb-1", "vpc_id": "vpc-1", "route": L{M{"cidr_block": "10.1.0.0/16", "vpc_peering_connection_id": "pcx-2"}}}),
		),
		want: wantNet(model.World{
			RouteTables: []model.RouteTable{{ID: "aws_route_table.rt", Source: at(30, 1), VPC: "aws_vpc.main", Routes: []model.Route{
				{Source: at(30, 1), Destination: pfx("10.1.0.0/16"), Target: model.TargetPeering, TargetID: "aws_vpc_peering_connection.accepted"},
			}}},
			Peerings: []model.Peering{
				{ID: "aws_vpc_peering_connection.accepted", Source: at(21, 1), VPC: "aws_vpc.main", PeerVPC: "aws_vpc.peer", Active: true},
				{ID: "aws_vpc_peering_connection.auto", Source: at(20, 1), VPC: "aws_vpc.main", PeerVPC: "aws_vpc.peer", Active: true},
				{ID: "aws_vpc_peering_connection.other", Source: at(24, 1), VPC: "aws_vpc.main"},
				{ID: "aws_vpc_peering_connection.pending", Source: at(23, 1), VPC: "aws_vpc.main", PeerVPC: "aws_vpc.peer"},
			},
			Unknowns: []model.Unknown{{ID: "aws_vpc_peering_connection.other", Kind: model.KindPeering, Field: "peer_vpc_id",
				Why: `"vpc-elsewhere" is not a VPC the input describes`, Source: at(24, 1)}},
		}),
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(24, 1))},
	}})
}
