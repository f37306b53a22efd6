package tfmap

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

// unexpanded marks a resource as standing for an unknown number of
// instances.
func unexpanded(r *Resource) { r.Unexpanded = true }

// TestBuildUnexpanded covers resources whose count or for_each is not
// known (Resource.Unexpanded): they are not mapped, and what they would
// change is undetermined, so that the simulator never decides a path
// without them. Types outside the network model change nothing.
func TestBuildUnexpanded(t *testing.T) {
	const why = "its count or for_each is not known, so neither is how many it makes"
	sg := func(line int, name string) Resource {
		return res(line, "aws_security_group."+name, M{"id": "sg-" + name, "vpc_id": "vpc-1"})
	}
	runCases(t, []buildCase{{
		name: "egress rules of unknown number: the group is undetermined, the other group is not",
		resources: []Resource{
			vpc(1, nil),
			sg(10, "edge"),
			sg(11, "api"),
			res(20, "aws_vpc_security_group_egress_rule.edge[*]", M{"security_group_id": "sg-edge", "ip_protocol": "tcp",
				"from_port": 443, "to_port": 443, "cidr_ipv4": U}, refs("cidr_ipv4", "data.aws_ip_ranges.cf"), unexpanded),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(nil)},
			SecurityGroups: []model.SecurityGroup{
				{ID: "aws_security_group.api", Source: at(11, 1), VPC: "aws_vpc.main"},
				{ID: "aws_security_group.edge", Source: at(10, 1), VPC: "aws_vpc.main"},
			},
			Unknowns: []model.Unknown{{ID: "aws_security_group.edge", Kind: model.KindSecurityGroup,
				Field: "aws_vpc_security_group_egress_rule.edge", Why: why, Source: at(20, 1)}},
		},
	}, {
		name: "routes of unknown number, by reference: every table they may name",
		resources: []Resource{
			vpc(1, nil),
			res(10, `aws_route_table.private["a"]`, M{"id": "rtb-a", "vpc_id": "vpc-1"}),
			res(11, `aws_route_table.private["c"]`, M{"id": "rtb-c", "vpc_id": "vpc-1"}),
			res(20, "aws_route.nat[*]", M{"route_table_id": U, "destination_cidr_block": "0.0.0.0/0", "nat_gateway_id": U},
				refs("route_table_id", "aws_route_table.private"), unexpanded),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(nil)},
			RouteTables: []model.RouteTable{
				{ID: `aws_route_table.private["a"]`, Source: at(10, 1), VPC: "aws_vpc.main"},
				{ID: `aws_route_table.private["c"]`, Source: at(11, 1), VPC: "aws_vpc.main"},
			},
			Unknowns: []model.Unknown{
				{ID: `aws_route_table.private["a"]`, Kind: model.KindRouteTable, Field: "aws_route.nat", Why: why, Source: at(20, 1)},
				{ID: `aws_route_table.private["c"]`, Kind: model.KindRouteTable, Field: "aws_route.nat", Why: why, Source: at(20, 1)},
			},
		},
	}, {
		name: "interface endpoints of unknown number: their VPC is undetermined",
		resources: []Resource{
			vpc(1, nil),
			res(20, "aws_vpc_endpoint.interface[*]", M{"vpc_id": "vpc-1", "service_name": U, "vpc_endpoint_type": "Interface"}, unexpanded),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(nil)},
			Unknowns: []model.Unknown{
				{ID: "aws_vpc.main", Kind: model.KindVPC, Field: "aws_vpc_endpoint.interface", Why: why, Source: at(20, 1)},
			},
		},
	}, {
		name: "a type outside the network model changes nothing",
		resources: []Resource{
			vpc(1, nil),
			res(20, "aws_lb_listener_rule.cf[*]", M{"listener_arn": "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/x/1/2"}, unexpanded),
		},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)}},
	}})
}
