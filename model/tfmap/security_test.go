package tfmap

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

func TestBuildSecurity(t *testing.T) {
	subnetA := res(10, "aws_subnet.a", M{"id": "subnet-a", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a"})
	wantSubnetA := model.Subnet{ID: "aws_subnet.a", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24")}
	runCases(t, []buildCase{{
		// DOMAIN 5.1.6: no egress blocks, no egress.
		name: "security group rules from every source",
		resources: []Resource{
			vpc(1, nil),
			res(20, "aws_security_group.endpoint", M{"id": "sg-ep", "vpc_id": "vpc-1", "ingress": L{
				M{"protocol": "tcp", "from_port": 443, "to_port": 443, "security_groups": []string{"sg-app"}, "self": true, "description": "from app"},
				M{"protocol": "6", "from_port": 443, "to_port": 443, "cidr_blocks": []string{"10.0.0.0/16"}, "ipv6_cidr_blocks": []string{"2001:db8::/56"}},
			}}, pos("ingress.0", 21, 3), pos("ingress.1", 22, 3)),
			res(30, "aws_security_group.app", M{"id": "sg-app", "vpc_id": "vpc-1"}),
			res(31, "aws_security_group_rule.app_https", M{"type": "egress", "security_group_id": "sg-app", "protocol": "tcp", "from_port": 443, "to_port": 443, "source_security_group_id": "sg-ep"}),
			res(32, "aws_vpc_security_group_egress_rule.app_all", M{"security_group_id": "sg-app", "ip_protocol": "-1", "cidr_ipv4": "0.0.0.0/0"}),
			res(33, "aws_vpc_security_group_ingress_rule.app_icmp", M{"security_group_id": "sg-app", "ip_protocol": "icmp", "from_port": 8, "to_port": 0, "referenced_security_group_id": "sg-ep"}),
			res(34, "aws_security_group_rule.prefix", M{"type": "egress", "security_group_id": "sg-app", "protocol": "all", "from_port": 0, "to_port": 0, "prefix_list_ids": []string{"pl-s3"}}),
			res(35, "data.aws_prefix_list.s3", M{"id": "pl-s3", "name": "com.amazonaws.ap-northeast-1.s3"}),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(nil)},
			SecurityGroups: []model.SecurityGroup{
				{ID: "aws_security_group.app", Source: at(30, 1), VPC: "aws_vpc.main",
					Ingress: []model.SGRule{{Source: at(33, 1), Protocol: "icmp", FromPort: 8, ToPort: 8, SecurityGroups: []string{"aws_security_group.endpoint"}}},
					Egress: []model.SGRule{
						// Address order: aws_security_group_rule before aws_vpc_*.
						{Source: at(31, 1), Protocol: "tcp", FromPort: 443, ToPort: 443, SecurityGroups: []string{"aws_security_group.endpoint"}},
						{Source: at(34, 1), Protocol: "-1", PrefixLists: []string{"com.amazonaws.ap-northeast-1.s3"}},
						{Source: at(32, 1), Protocol: "-1", CIDRs: pfxs("0.0.0.0/0")},
					}},
				{ID: "aws_security_group.endpoint", Source: at(20, 1), VPC: "aws_vpc.main", Ingress: []model.SGRule{
					{Source: at(21, 3), Protocol: "tcp", FromPort: 443, ToPort: 443, SecurityGroups: []string{"aws_security_group.app"}, Self: true, Description: "from app"},
					{Source: at(22, 3), Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRs: pfxs("10.0.0.0/16", "2001:db8::/56")},
				}},
			},
		},
	}, {
		name: "state repeats rule resources in the group: merged",
		resources: []Resource{
			vpc(1, nil),
			res(20, "aws_security_group.app", M{"id": "sg-app", "vpc_id": "vpc-1", "egress": L{
				M{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": []string{"0.0.0.0/0"}, "self": false, "security_groups": L{}},
			}}),
			res(21, "aws_security_group_rule.out", M{"type": "egress", "security_group_id": "sg-app", "protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": []string{"0.0.0.0/0"}}),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(nil)},
			SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(20, 1), VPC: "aws_vpc.main", Egress: []model.SGRule{
				{Source: at(21, 1), Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRs: pfxs("0.0.0.0/0")},
			}}},
		},
	}, {
		name: "group in the default VPC",
		resources: []Resource{
			res(20, "aws_security_group.app", M{"name": "app"}),
		},
		want: model.World{
			SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(20, 1)}},
			Unknowns: []model.Unknown{{ID: "aws_security_group.app", Kind: model.KindSecurityGroup, Field: "vpc_id",
				Why: "not set: the region's default VPC, which the input does not describe", Source: at(20, 1)}},
		},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(20, 1))},
	}, {
		// DOMAIN 5.2.1.
		name: "network ACLs: inline rules, rule resources, associations",
		resources: []Resource{
			vpc(1, nil),
			subnetA,
			res(20, "aws_network_acl.a", M{"id": "acl-a", "vpc_id": "vpc-1", "subnet_ids": []string{"subnet-a"}, "egress": L{
				M{"rule_no": 100, "action": "allow", "protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_block": "0.0.0.0/0"},
			}}, pos("egress.0", 21, 3)),
			res(22, "aws_network_acl_rule.in", M{"network_acl_id": "acl-a", "rule_number": 100, "egress": false, "protocol": "6", "rule_action": "allow", "from_port": 1024, "to_port": 65535, "cidr_block": "0.0.0.0/0"}),
			res(23, "aws_network_acl_rule.deny", M{"network_acl_id": "acl-a", "rule_number": 200, "protocol": "-1", "rule_action": "deny", "cidr_block": "10.9.0.0/16"}),
			res(30, "aws_network_acl.empty", M{"id": "acl-e", "vpc_id": "vpc-1"}),
		},
		want: model.World{
			VPCs:    []model.VPC{wantVPCMain(nil)},
			Subnets: []model.Subnet{func() model.Subnet { s := wantSubnetA; s.NetworkACL = "aws_network_acl.a"; return s }()},
			NetworkACLs: []model.NetworkACL{
				{ID: "aws_network_acl.a", Source: at(20, 1), VPC: "aws_vpc.main",
					Ingress: []model.ACLRule{
						{Source: at(22, 1), Number: 100, Protocol: "tcp", FromPort: 1024, ToPort: 65535, CIDR: pfx("0.0.0.0/0"), Allow: true},
						{Source: at(23, 1), Number: 200, Protocol: "-1", CIDR: pfx("10.9.0.0/16")},
					},
					Egress: []model.ACLRule{{Source: at(21, 3), Number: 100, Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: pfx("0.0.0.0/0"), Allow: true}}},
				{ID: "aws_network_acl.empty", Source: at(30, 1), VPC: "aws_vpc.main"},
			},
		},
	}, {
		name: "invalid CIDR and missing protocol",
		resources: []Resource{
			vpc(1, nil),
			res(20, "aws_security_group.bad", M{"id": "sg-bad", "vpc_id": "vpc-1", "ingress": L{
				M{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": []string{"10.0.0.5/16"}},
				M{"from_port": 443, "to_port": 443, "cidr_blocks": []string{"10.0.0.0/16"}},
			}}, pos("ingress.0", 21, 3), pos("ingress.1", 22, 3)),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(nil)},
			SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.bad", Source: at(20, 1), VPC: "aws_vpc.main", Ingress: []model.SGRule{
				{Source: at(21, 3), Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRs: pfxs("10.0.0.0/16")},
			}}},
		},
		diags: []string{
			diag(model.SeverityError, model.CodeInvalidValue, at(21, 3)),
			diag(model.SeverityError, model.CodeMissingField, at(22, 3)),
		},
		fragments: []string{`"10.0.0.5/16" has host bits set`},
	}})
}

// TestBuildDefaults covers the VPC's implicit objects: created when
// referred to, adopted by aws_default_* resources (which keep only the
// rules written in them, DOMAIN 5.1.6, 5.2.1), and the main route table.
func TestBuildDefaults(t *testing.T) {
	subnetA := res(10, "aws_subnet.a", M{"id": "subnet-a", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a"})
	wantSubnetA := model.Subnet{ID: "aws_subnet.a", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24")}
	allow := []model.ACLRule{
		{Source: at(1, 1), Number: 100, Protocol: "-1", CIDR: pfx("0.0.0.0/0"), Allow: true},
		{Source: at(1, 1), Number: 101, Protocol: "-1", CIDR: pfx("::/0"), Allow: true},
	}
	runCases(t, []buildCase{{
		name: "referred to, not adopted: AWS's defaults",
		resources: []Resource{
			vpc(1, nil),
			subnetA,
			res(20, "aws_vpc_endpoint.logs", M{"vpc_id": "vpc-1", "service_name": "com.amazonaws.ap-northeast-1.logs", "vpc_endpoint_type": "Interface",
				"subnet_ids": []string{"subnet-a"}, "security_group_ids": []string{"sg-default"}}),
			res(21, "aws_route.to_igw", M{"route_table_id": "rtb-main", "destination_cidr_block": "0.0.0.0/0", "gateway_id": "igw-1"}),
			res(22, "aws_internet_gateway.igw", M{"id": "igw-1", "vpc_id": "vpc-1"}),
			res(23, "aws_network_acl_rule.deny", M{"network_acl_id": "acl-default", "rule_number": 50, "protocol": "-1", "rule_action": "deny", "cidr_block": "10.9.0.0/16"}),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(func(v *model.VPC) {
				v.MainRouteTable = "aws_vpc.main (main route table)"
				v.DefaultSecurityGroup = "aws_vpc.main (default security group)"
				v.DefaultNetworkACL = "aws_vpc.main (default network ACL)"
			})},
			Subnets: []model.Subnet{wantSubnetA},
			RouteTables: []model.RouteTable{{ID: "aws_vpc.main (main route table)", Source: at(1, 1), VPC: "aws_vpc.main", Routes: []model.Route{
				{Source: at(21, 1), Destination: pfx("0.0.0.0/0"), Target: model.TargetInternetGateway, TargetID: "aws_internet_gateway.igw"},
			}}},
			InternetGateways: []model.InternetGateway{{ID: "aws_internet_gateway.igw", Source: at(22, 1), VPC: "aws_vpc.main"}},
			Endpoints: []model.Endpoint{{ID: "aws_vpc_endpoint.logs", Source: at(20, 1), VPC: "aws_vpc.main", ServiceName: "com.amazonaws.ap-northeast-1.logs",
				Type: model.EndpointInterface, Subnets: []string{"aws_subnet.a"}, SecurityGroups: []string{"aws_vpc.main (default security group)"}}},
			SecurityGroups: []model.SecurityGroup{{ID: "aws_vpc.main (default security group)", Source: at(1, 1), VPC: "aws_vpc.main",
				Ingress: []model.SGRule{{Source: at(1, 1), Protocol: "-1", Self: true, Description: "AWS default: members of the group"}},
				Egress:  []model.SGRule{{Source: at(1, 1), Protocol: "-1", CIDRs: pfxs("0.0.0.0/0", "::/0"), Description: "AWS default: all egress"}},
			}},
			NetworkACLs: []model.NetworkACL{{ID: "aws_vpc.main (default network ACL)", Source: at(1, 1), VPC: "aws_vpc.main",
				Ingress: append([]model.ACLRule{{Source: at(23, 1), Number: 50, Protocol: "-1", CIDR: pfx("10.9.0.0/16")}}, allow...),
				Egress:  allow}},
		},
	}, {
		name: "adopted: only the rules written remain",
		resources: []Resource{
			vpc(1, nil),
			subnetA,
			res(20, "aws_default_security_group.d", M{"vpc_id": "vpc-1", "ingress": L{
				M{"protocol": "-1", "from_port": 0, "to_port": 0, "self": true},
			}}, pos("ingress.0", 21, 3)),
			res(30, "aws_default_network_acl.d", M{"default_network_acl_id": U, "subnet_ids": []string{"subnet-a"}}, refs("default_network_acl_id", "aws_vpc.main")),
			res(40, "aws_default_route_table.d", M{"default_route_table_id": "rtb-main", "route": L{}}),
			res(50, "aws_vpc_endpoint.logs", M{"vpc_id": "vpc-1", "service_name": "com.amazonaws.ap-northeast-1.logs", "vpc_endpoint_type": "Interface",
				"security_group_ids": []string{"sg-default"}}),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(func(v *model.VPC) {
				v.MainRouteTable = "aws_default_route_table.d"
				v.DefaultSecurityGroup = "aws_default_security_group.d"
				v.DefaultNetworkACL = "aws_default_network_acl.d"
			})},
			Subnets:     []model.Subnet{func() model.Subnet { s := wantSubnetA; s.NetworkACL = "aws_default_network_acl.d"; return s }()},
			RouteTables: []model.RouteTable{{ID: "aws_default_route_table.d", Source: at(40, 1), VPC: "aws_vpc.main"}},
			Endpoints: []model.Endpoint{{ID: "aws_vpc_endpoint.logs", Source: at(50, 1), VPC: "aws_vpc.main", ServiceName: "com.amazonaws.ap-northeast-1.logs",
				Type: model.EndpointInterface, SecurityGroups: []string{"aws_default_security_group.d"}}},
			SecurityGroups: []model.SecurityGroup{{ID: "aws_default_security_group.d", Source: at(20, 1), VPC: "aws_vpc.main",
				Ingress: []model.SGRule{{Source: at(21, 3), Protocol: "-1", Self: true}}}},
			NetworkACLs: []model.NetworkACL{{ID: "aws_default_network_acl.d", Source: at(30, 1), VPC: "aws_vpc.main"}},
		},
	}, {
		name: "main route table association wins over the adopted default table",
		resources: []Resource{
			vpc(1, nil),
			res(20, "aws_default_route_table.d", M{"default_route_table_id": "rtb-main"}),
			res(21, "aws_route_table.main", M{"id": "rtb-new", "vpc_id": "vpc-1"}),
			res(22, "aws_main_route_table_association.m", M{"vpc_id": "vpc-1", "route_table_id": "rtb-new"}),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(func(v *model.VPC) { v.MainRouteTable = "aws_route_table.main" })},
			RouteTables: []model.RouteTable{
				{ID: "aws_default_route_table.d", Source: at(20, 1), VPC: "aws_vpc.main"},
				{ID: "aws_route_table.main", Source: at(21, 1), VPC: "aws_vpc.main"},
			},
		},
	}})
}
