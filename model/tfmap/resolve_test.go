package tfmap

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

func TestSplitKey(t *testing.T) {
	for _, c := range []struct{ addr, base, key string }{
		{"aws_vpc.main", "aws_vpc.main", ""},
		{"aws_subnet.a[0]", "aws_subnet.a", "[0]"},
		{`aws_subnet.a["x]y"]`, "aws_subnet.a", `["x]y"]`},
		{`module.net["a"].aws_subnet.b["c.d"]`, `module.net["a"].aws_subnet.b`, `["c.d"]`},
		{`module.net[0].aws_subnet.b`, `module.net[0].aws_subnet.b`, ""},
	} {
		if base, key := SplitKey(c.addr); base != c.base || key != c.key {
			t.Errorf("SplitKey(%q) = %q, %q; want %q, %q", c.addr, base, key, c.base, c.key)
		}
	}
}

func TestCompareAddr(t *testing.T) {
	in := []string{"a[10]", "a[2]", "b", "a[02]x", "a"}
	want := []string{"a", "a[2]", "a[02]x", "a[10]", "b"}
	s := &store[int]{}
	for i, id := range in {
		s.add(id, i)
	}
	var got []string
	for _, i := range s.list() {
		got = append(got, in[i])
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %v, want %v", got, want)
		}
	}
}

// TestBuildUnknowns covers plan-style inputs: IDs known only after apply
// resolve through Refs; values that decide paths and cannot be determined
// go to World.Unknowns with a warning.
func TestBuildUnknowns(t *testing.T) {
	subnet := func(line int, addr, cidr string) Resource {
		return res(line, addr, M{"id": U, "vpc_id": U, "cidr_block": cidr, "availability_zone": "ap-northeast-1a"}, refs("vpc_id", "aws_vpc.main"))
	}
	runCases(t, []buildCase{{
		// The evaluator of a Terraform root keys a nested block's
		// references by instance ("egress.0"), a plan by attribute.
		name: "references of a nested block's instance",
		resources: []Resource{
			vpc(1, nil),
			res(5, "data.aws_vpc.shared", M{"cidr_block": U}),
			res(20, "aws_security_group.app", M{"id": "sg-app", "vpc_id": "vpc-1", "egress": L{
				M{"protocol": "tcp", "from_port": 5432, "to_port": 5432, "cidr_blocks": U},
			}}, pos("egress.0", 21, 3), refs("egress.0", "data.aws_vpc.shared")),
		},
		want: model.World{
			VPCs:           []model.VPC{wantVPCMain(nil)},
			SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(20, 1), VPC: "aws_vpc.main"}},
			Unknowns: []model.Unknown{{ID: "aws_security_group.app", Kind: model.KindSecurityGroup, Field: "egress.0.cidr_blocks", Source: at(21, 3),
				Why:  "known only after apply; it comes from data source data.aws_vpc.shared, which vpctrace does not read",
				Rule: &model.PartialRule{Known: model.RuleProtocol | model.RulePorts, Direction: "egress", SG: model.SGRule{Source: at(21, 3), Protocol: "tcp", FromPort: 5432, ToPort: 5432}}}},
		},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(21, 3))},
	}, {
		name: "IDs through Refs, one instance or every instance",
		resources: []Resource{
			vpc(1, M{"id": U, "default_security_group_id": U, "default_network_acl_id": U, "main_route_table_id": U, "default_route_table_id": U}),
			subnet(10, "aws_subnet.private[0]", "10.0.0.0/24"),
			subnet(11, "aws_subnet.private[1]", "10.0.1.0/24"),
			res(20, "aws_network_acl.private", M{"id": U, "vpc_id": U, "subnet_ids": U}, refs("vpc_id", "aws_vpc.main"), refs("subnet_ids", "aws_subnet.private")),
			res(21, "aws_route_table.private", M{"id": U, "vpc_id": U}, refs("vpc_id", "aws_vpc.main")),
			// Terraform lists both the instance and the resource for
			// aws_subnet.private[0].id: the instance wins.
			res(22, "aws_route_table_association.a", M{"subnet_id": U, "route_table_id": U},
				refs("subnet_id", "aws_subnet.private[0]", "aws_subnet.private"), refs("route_table_id", "aws_route_table.private")),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(nil)},
			Subnets: []model.Subnet{
				{ID: "aws_subnet.private[0]", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24"),
					RouteTable: "aws_route_table.private", NetworkACL: "aws_network_acl.private"},
				{ID: "aws_subnet.private[1]", Source: at(11, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.1.0/24"),
					NetworkACL: "aws_network_acl.private"},
			},
			RouteTables: []model.RouteTable{{ID: "aws_route_table.private", Source: at(21, 1), VPC: "aws_vpc.main"}},
			// aws-rules 5.2.1: an aws_network_acl without rules denies all.
			NetworkACLs: []model.NetworkACL{{ID: "aws_network_acl.private", Source: at(20, 1), VPC: "aws_vpc.main"}},
		},
	}, {
		name: "unknown subnet CIDR, AZ and VPC",
		resources: []Resource{
			vpc(1, nil),
			res(10, "aws_subnet.a", M{"vpc_id": U, "cidr_block": U, "availability_zone": U}, pos("cidr_block", 11, 3), pos("vpc_id", 12, 3),
				refs("vpc_id", "aws_vpc.other"), refs("cidr_block", "aws_vpc_ipam_pool_cidr_allocation.a"), refs("availability_zone", "data.aws_availability_zones.all")),
		},
		want: model.World{
			VPCs:    []model.VPC{wantVPCMain(nil)},
			Subnets: []model.Subnet{{ID: "aws_subnet.a", Source: at(10, 1)}},
			Unknowns: []model.Unknown{
				{ID: "aws_subnet.a", Kind: model.KindSubnet, Field: "vpc_id", Why: "known only after apply; it references aws_vpc.other, which the input does not hold", Source: at(12, 3)},
				{ID: "aws_subnet.a", Kind: model.KindSubnet, Field: "availability_zone", Why: "known only after apply", Source: at(10, 1)},
				{ID: "aws_subnet.a", Kind: model.KindSubnet, Field: "cidr_block", Why: "known only after apply", Source: at(11, 3)},
			},
		},
		// No missing-field errors from Validate: the unknowns explain them.
		diags: []string{
			diag(model.SeverityWarning, CodeUndetermined, at(12, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(10, 1)),
			diag(model.SeverityWarning, CodeUndetermined, at(11, 3)),
		},
		fragments: []string{"cidr_block of aws_subnet.a is not determined (known only after apply)"},
	}, {
		name: "unknown route target and SG rule CIDR; known ID outside the input",
		resources: []Resource{
			vpc(1, nil),
			res(10, "aws_route_table.rt", M{"id": "rtb-1", "vpc_id": "vpc-1", "route": L{
				M{"cidr_block": "0.0.0.0/0", "nat_gateway_id": U},
				M{"cidr_block": "10.8.0.0/16", "transit_gateway_id": "tgw-elsewhere"},
				M{"cidr_block": "10.9.0.0/16", "vpc_endpoint_id": "vpce-gwlb"},
			}}, pos("route.0", 11, 3), pos("route.1", 12, 3), pos("route.2", 13, 3), refs("route", "aws_nat_gateway.elsewhere")),
			res(20, "aws_security_group.app", M{"id": "sg-app", "vpc_id": "vpc-1", "egress": L{
				M{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": U},
				M{"protocol": "tcp", "from_port": 443, "to_port": 443, "security_groups": []string{"sg-other-account"}},
				M{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": []string{"10.0.0.0/16"}},
			}}, pos("egress.0", 21, 3), pos("egress.1", 22, 3), pos("egress.2", 23, 3), refs("egress", "aws_eip.nat")),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(nil)},
			// aws-rules 4.2.4: the routes stay, their targets undetermined,
			// so that only paths that select them are unknown.
			RouteTables: []model.RouteTable{{ID: "aws_route_table.rt", Source: at(10, 1), VPC: "aws_vpc.main", Routes: []model.Route{
				{Source: at(11, 3), Destination: pfx("0.0.0.0/0"), Target: model.TargetNATGateway, Undetermined: "route.0.nat_gateway_id"},
				{Source: at(12, 3), Destination: pfx("10.8.0.0/16"), Target: model.TargetTransitGateway, TargetID: "tgw-elsewhere", Undetermined: "route.1.transit_gateway_id"},
				{Source: at(13, 3), Destination: pfx("10.9.0.0/16"), Undetermined: "route.2.vpc_endpoint_id"},
			}}},
			SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(20, 1), VPC: "aws_vpc.main", Egress: []model.SGRule{
				{Source: at(23, 3), Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRs: pfxs("10.0.0.0/16")},
			}}},
			Unknowns: []model.Unknown{
				{ID: "aws_route_table.rt", Kind: model.KindRouteTable, Field: "route.0.nat_gateway_id",
					Why: "known only after apply; it references aws_nat_gateway.elsewhere, which the input does not hold", Source: at(11, 3)},
				{ID: "aws_route_table.rt", Kind: model.KindRouteTable, Field: "route.1.transit_gateway_id",
					Why: `"tgw-elsewhere" names a transit gateway that the input does not describe (one created outside this configuration)`, Source: at(12, 3)},
				{ID: "aws_route_table.rt", Kind: model.KindRouteTable, Field: "route.2.vpc_endpoint_id", Why: "the route leads to a Gateway Load Balancer endpoint, or to a firewall endpoint the input does not describe, which vpctrace does not follow (aws-rules 4.2.4, 4.11.1)", Source: at(13, 3)},
				{ID: "aws_security_group.app", Kind: model.KindSecurityGroup, Field: "egress.0.cidr_blocks", Why: "known only after apply", Source: at(21, 3),
					Rule: &model.PartialRule{Known: model.RuleProtocol | model.RulePorts, Direction: "egress", SG: model.SGRule{Source: at(21, 3), Protocol: "-1"}}},
			},
		},
		diags: []string{
			diag(model.SeverityWarning, CodeUndetermined, at(11, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(12, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(13, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(21, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(22, 3)),
		},
		fragments: []string{`names "sg-other-account", which the input does not describe`},
	}, {
		// A plan marks unset Optional+Computed attributes "known after
		// apply"; with no references they take the provider's defaults:
		// no routes, no egress (aws-rules 5.1.6), DNS hostnames off (3.1.3).
		name: "computed attributes left unset in a plan",
		resources: []Resource{
			vpc(1, M{"id": U, "enable_dns_hostnames": U, "enable_dns_support": U}),
			res(10, "aws_route_table.rt", M{"id": U, "vpc_id": U, "route": U}, refs("vpc_id", "aws_vpc.main")),
			res(20, "aws_security_group.app", M{"id": U, "vpc_id": U, "ingress": U, "egress": U}, refs("vpc_id", "aws_vpc.main")),
		},
		want: model.World{
			VPCs:           []model.VPC{wantVPCMain(nil)},
			RouteTables:    []model.RouteTable{{ID: "aws_route_table.rt", Source: at(10, 1), VPC: "aws_vpc.main"}},
			SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(20, 1), VPC: "aws_vpc.main"}},
		},
	}, {
		name: "ambiguous reference",
		resources: []Resource{
			vpc(1, nil),
			res(10, "aws_subnet.a", M{"id": "subnet-a", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a"}),
			res(11, "aws_subnet.b", M{"id": "subnet-b", "vpc_id": "vpc-1", "cidr_block": "10.0.1.0/24", "availability_zone": "ap-northeast-1c"}),
			res(20, "aws_nat_gateway.nat", M{"subnet_id": U, "allocation_id": "eipalloc-x"}, refs("subnet_id", "aws_subnet.a", "aws_subnet.b")),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(nil)},
			Subnets: []model.Subnet{
				{ID: "aws_subnet.a", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24")},
				{ID: "aws_subnet.b", Source: at(11, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1c", CIDR: pfx("10.0.1.0/24")},
			},
			NATGateways: []model.NATGateway{{ID: "aws_nat_gateway.nat", Source: at(20, 1), ElasticIP: "eipalloc-x"}},
			Unknowns: []model.Unknown{{ID: "aws_nat_gateway.nat", Kind: model.KindNATGateway, Field: "subnet_id",
				Why: "known only after apply; it references aws_subnet.a, aws_subnet.b", Source: at(20, 1)}},
		},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(20, 1))},
	}})
}
