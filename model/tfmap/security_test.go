package tfmap

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

func TestBuildSecurity(t *testing.T) {
	subnetA := res(10, "aws_subnet.a", M{"id": "subnet-a", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a"})
	wantSubnetA := model.Subnet{ID: "aws_subnet.a", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24")}
	runCases(t, []buildCase{{
		// aws-rules 5.1.6: no egress blocks, no egress.
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
		// aws-rules 5.2.1.
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
			// The rule keeps no CIDR: its only one is refused.
			SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.bad", Source: at(20, 1), VPC: "aws_vpc.main", Ingress: []model.SGRule{
				{Source: at(21, 3), Protocol: "tcp", FromPort: 443, ToPort: 443},
			}}},
		},
		diags: []string{
			diag(model.SeverityError, model.CodeInvalidValue, at(21, 3)),
			diag(model.SeverityError, model.CodeMissingField, at(22, 3)),
		},
		fragments: []string{`"10.0.0.5/16" is not a valid CIDR (expected 10.0.0.0/16: host bits must be zero)`},
	}, {
		// aws-rules 5.1.3: a rule matches by its peers; one without any
		// allows nothing. AWS creates a group without such an inline
		// rule (hashicorp/terraform#21754): valid Terraform, a warning.
		name: "rules without a peer allow nothing",
		resources: []Resource{
			vpc(1, nil),
			res(20, "aws_security_group.app", M{"id": "sg-app", "vpc_id": "vpc-1", "ingress": L{
				M{"protocol": "-1", "from_port": 0, "to_port": 0, "description": "from the ALB"},
				M{"protocol": "tcp", "from_port": 80, "to_port": 80, "cidr_blocks": []string{"10.0.0.0/16"}},
			}}, pos("ingress.0", 21, 3), pos("ingress.1", 22, 3)),
			res(30, "aws_security_group_rule.out", M{"type": "egress", "security_group_id": "sg-app", "protocol": "tcp", "from_port": 443, "to_port": 443}),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(nil)},
			SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(20, 1), VPC: "aws_vpc.main", Ingress: []model.SGRule{
				{Source: at(22, 3), Protocol: "tcp", FromPort: 80, ToPort: 80, CIDRs: pfxs("10.0.0.0/16")},
			}}},
		},
		diags: []string{
			diag(model.SeverityWarning, CodeRuleWithoutPeer, at(21, 3)),
			diag(model.SeverityWarning, CodeRuleWithoutPeer, at(30, 1)),
		},
		fragments: []string{
			"ingress.0 of aws_security_group.app names no peer (CIDR, prefix list, security group or self): AWS creates the group without it (hashicorp/terraform#21754), and it allows nothing",
			"the rule of aws_security_group_rule.out names no peer (CIDR, prefix list, security group or self): the provider refuses to create it, and it allows nothing",
		},
	}})
}

// TestBuildDefaults covers the VPC's implicit objects: created when
// referred to, adopted by aws_default_* resources (which keep only the
// rules written in them, aws-rules 5.1.6, 5.2.1), and the main route table.
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

// TestBuildPartialRules covers rules with an undetermined part: the rule
// stays out of its group or ACL, and each undetermined part is recorded
// with what the input determines of the rule (model.PartialRule), so that
// the tracer can tell a rule that cannot match the packet (another
// protocol or port range, a CIDR that does not cover the peer, aws-rules
// 5.1.3; a later number or the same action, 5.2.1) from one that may.
func TestBuildPartialRules(t *testing.T) {
	sg := func(line int, addr string, values M, opts ...func(*Resource)) Resource {
		values["id"], values["vpc_id"] = "sg-app", "vpc-1"
		return res(line, addr, values, opts...)
	}
	wantSG := func(egress ...model.SGRule) []model.SecurityGroup {
		return []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(20, 1), VPC: "aws_vpc.main", Egress: egress}}
	}
	sgUnknown := func(field string, pos model.Pos, rule *model.PartialRule) model.Unknown {
		return model.Unknown{ID: "aws_security_group.app", Kind: model.KindSecurityGroup, Field: field, Why: afterApplyWhy, Source: pos, Rule: rule}
	}
	aclUnknown := func(field string, pos model.Pos, rule *model.PartialRule) model.Unknown {
		return model.Unknown{ID: "aws_network_acl.a", Kind: model.KindNetworkACL, Field: field, Why: afterApplyWhy, Source: pos, Rule: rule}
	}
	dns := &model.PartialRule{Known: model.RuleProtocol | model.RulePorts, Direction: egress,
		SG: model.SGRule{Source: at(21, 3), Protocol: "udp", FromPort: 53, ToPort: 53}}
	httpsOut := model.SGRule{Source: at(22, 3), Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRs: pfxs("0.0.0.0/0")}
	typeUnknown := &model.PartialRule{Known: model.RuleProtocol | model.RulePorts | model.RulePeer,
		SG: model.SGRule{Source: at(30, 1), Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRs: pfxs("10.0.0.0/16")}}
	twoParts := &model.PartialRule{Known: model.RulePeer, Direction: ingress,
		SG: model.SGRule{Source: at(31, 1), CIDRs: pfxs("10.0.0.0/16")}}
	acl := func(rules ...Resource) []Resource {
		return append([]Resource{vpc(1, nil), res(20, "aws_network_acl.a", M{"id": "acl-a", "vpc_id": "vpc-1"})}, rules...)
	}
	runCases(t, []buildCase{{
		// aws-rules 5.1.3: a rule matches by protocol, ports and peer.
		name: "inline rule with an undetermined peer keeps its protocol and ports",
		resources: []Resource{vpc(1, nil), sg(20, "aws_security_group.app", M{"egress": L{
			M{"protocol": "udp", "from_port": 53, "to_port": 53, "cidr_blocks": U},
			M{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": []string{"0.0.0.0/0"}},
		}}, pos("egress.0", 21, 3), pos("egress.1", 22, 3), refs("egress", "var.resolvers"))},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)}, SecurityGroups: wantSG(httpsOut),
			Unknowns: []model.Unknown{sgUnknown("egress.0.cidr_blocks", at(21, 3), dns)}},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(21, 3))},
	}, {
		// aws-rules 5.1.3: with protocol "-1" AWS ignores the ports, so ports
		// known while the protocol is not tell nothing.
		name: "undetermined protocol and ports: ports are not kept, and each part names the same rule",
		resources: []Resource{vpc(1, nil), sg(20, "aws_security_group.app", M{}),
			res(31, "aws_vpc_security_group_ingress_rule.in", M{"security_group_id": "sg-app", "ip_protocol": U, "from_port": 443, "to_port": U, "cidr_ipv4": "10.0.0.0/16"},
				refs("ip_protocol", "var.protocol"), refs("to_port", "var.port"))},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)}, SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(20, 1), VPC: "aws_vpc.main"}},
			Unknowns: []model.Unknown{sgUnknown("ip_protocol", at(31, 1), twoParts), sgUnknown("from_port", at(31, 1), twoParts)}},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(31, 1)), diag(model.SeverityWarning, CodeUndetermined, at(31, 1))},
	}, {
		// aws-rules 5.1.1: ingress and egress are separate lists; a rule whose
		// type is unknown may be either, never guessed as ingress.
		name: "aws_security_group_rule whose type is undetermined",
		resources: []Resource{vpc(1, nil), sg(20, "aws_security_group.app", M{}),
			res(30, "aws_security_group_rule.r", M{"type": U, "security_group_id": "sg-app", "protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": []string{"10.0.0.0/16"}},
				refs("type", "var.direction"))},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)}, SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(20, 1), VPC: "aws_vpc.main"}},
			Unknowns: []model.Unknown{sgUnknown("type", at(30, 1), typeUnknown)}},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(30, 1))},
	}, {
		// aws-rules 5.2.1: the first matching rule by number decides, allow or
		// deny; an undetermined action is never read as deny.
		name: "ACL rule resources with an undetermined action, direction or number",
		resources: acl(
			res(30, "aws_network_acl_rule.action", M{"network_acl_id": "acl-a", "rule_number": 90, "egress": true, "protocol": "tcp", "rule_action": U, "from_port": 443, "to_port": 443, "cidr_block": "0.0.0.0/0"},
				refs("rule_action", "var.action")),
			res(31, "aws_network_acl_rule.dir", M{"network_acl_id": "acl-a", "rule_number": 100, "egress": U, "protocol": "-1", "rule_action": "deny", "cidr_block": "10.9.0.0/16"},
				refs("egress", "var.outbound")),
			res(32, "aws_network_acl_rule.num", M{"network_acl_id": "acl-a", "rule_number": U, "protocol": "udp", "rule_action": "allow", "from_port": 53, "to_port": 53, "cidr_block": U},
				refs("rule_number", "var.number"), refs("cidr_block", "var.resolver")),
		),
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)}, NetworkACLs: []model.NetworkACL{{ID: "aws_network_acl.a", Source: at(20, 1), VPC: "aws_vpc.main"}},
			Unknowns: []model.Unknown{
				aclUnknown("rule_action", at(30, 1), &model.PartialRule{Known: model.RuleProtocol | model.RulePorts | model.RuleNumber | model.RulePeer, Direction: egress,
					ACL: model.ACLRule{Source: at(30, 1), Number: 90, Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: pfx("0.0.0.0/0")}}),
				aclUnknown("egress", at(31, 1), &model.PartialRule{Known: model.RuleProtocol | model.RulePorts | model.RuleNumber | model.RuleAction | model.RulePeer,
					ACL: model.ACLRule{Source: at(31, 1), Number: 100, Protocol: "-1", CIDR: pfx("10.9.0.0/16")}}),
				aclUnknown("rule_number", at(32, 1), &model.PartialRule{Known: model.RuleProtocol | model.RulePorts | model.RuleAction, Direction: ingress,
					ACL: model.ACLRule{Source: at(32, 1), Protocol: "udp", FromPort: 53, ToPort: 53, Allow: true}}),
				aclUnknown("cidr_block", at(32, 1), &model.PartialRule{Known: model.RuleProtocol | model.RulePorts | model.RuleAction, Direction: ingress,
					ACL: model.ACLRule{Source: at(32, 1), Protocol: "udp", FromPort: 53, ToPort: 53, Allow: true}}),
			}},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(30, 1)), diag(model.SeverityWarning, CodeUndetermined, at(31, 1)),
			diag(model.SeverityWarning, CodeUndetermined, at(32, 1)), diag(model.SeverityWarning, CodeUndetermined, at(32, 1))},
	}})
}
