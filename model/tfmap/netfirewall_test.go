package tfmap

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

// TestBuildNetworkFirewall maps a firewall as a state shows it (its
// endpoint IDs known), its policy and rule groups, and routes that name
// its endpoint (aws-rules 4.11.1-4.11.6, 10.35).
func TestBuildNetworkFirewall(t *testing.T) {
	const managedARN = "arn:aws:network-firewall:ap-northeast-1:aws-managed:stateful-rulegroup/MalwareDomainsStrictOrder"
	net := []Resource{
		vpc(1, nil),
		res(10, "aws_subnet.fw", M{"id": "subnet-fw", "vpc_id": "vpc-1", "cidr_block": "10.0.1.0/24", "availability_zone": "ap-northeast-1a"}),
		res(20, "aws_networkfirewall_rule_group.domains", M{"arn": "arn:rg-domains", "type": "STATEFUL", "rule_group": L{M{
			"rule_variables": L{M{"ip_sets": L{M{"key": "HOME_NET", "ip_set": L{M{"definition": L{"10.0.0.0/8"}}}}}}},
			"rules_source": L{M{
				"rules_source_list": L{M{"generated_rules_type": "ALLOWLIST", "target_types": L{"TLS_SNI"}, "targets": L{".amazonaws.com"}}},
				"stateful_rule": L{M{"action": "DROP", "header": L{M{"protocol": "TCP", "source": "ANY", "source_port": "ANY", "direction": "FORWARD",
					"destination": "ANY", "destination_port": "22"}}, "rule_option": L{M{"keyword": "sid", "settings": L{"5"}}}}},
			}},
		}}}),
		res(21, "aws_networkfirewall_rule_group.stateless", M{"arn": "arn:rg-stateless", "type": "STATELESS", "rule_group": L{M{"rules_source": L{M{
			"stateless_rules_and_custom_actions": L{M{"stateless_rule": L{M{"priority": 3, "rule_definition": L{M{
				"actions": L{"aws:pass"},
				"match_attributes": L{M{"protocols": L{6}, "destination": L{M{"address_definition": "0.0.0.0/0"}},
					"destination_port": L{M{"from_port": 443, "to_port": 443}}}},
			}}}}}},
		}}}}}),
		res(22, "aws_networkfirewall_rule_group.suricata", M{"arn": "arn:rg-suricata", "type": "STATEFUL", "rules": "pass tls any any -> any 443 (sid:1;)"}),
		res(30, "aws_networkfirewall_firewall_policy.p", M{"arn": "arn:policy", "firewall_policy": L{M{
			"stateless_default_actions":      L{"aws:forward_to_sfe"},
			"stateless_rule_group_reference": L{M{"priority": 1, "resource_arn": "arn:rg-stateless"}},
			"stateful_rule_group_reference": L{
				M{"priority": 1, "resource_arn": "arn:rg-domains"},
				M{"priority": 2, "resource_arn": managedARN, "override": L{M{"action": "DROP_TO_ALERT"}}},
				M{"priority": 3, "resource_arn": "arn:rg-suricata"},
			},
			"stateful_engine_options":  L{M{"rule_order": "STRICT_ORDER"}},
			"stateful_default_actions": L{"aws:drop_strict"},
		}}}),
		res(40, "aws_networkfirewall_firewall.fw", M{"arn": "arn:fw", "vpc_id": "vpc-1", "firewall_policy_arn": "arn:policy",
			"subnet_mapping":  L{M{"subnet_id": "subnet-fw"}},
			"firewall_status": L{M{"sync_states": L{M{"availability_zone": "ap-northeast-1a", "attachment": L{M{"endpoint_id": "vpce-0fw"}}}}}}}),
	}
	wantNet := func(w model.World) model.World {
		w.VPCs = []model.VPC{wantVPCMain(nil)}
		w.Subnets = []model.Subnet{{ID: "aws_subnet.fw", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.1.0/24")}}
		w.NetworkFirewalls = []model.NetworkFirewall{{ID: "aws_networkfirewall_firewall.fw", Source: at(40, 1), VPC: "aws_vpc.main",
			Subnets: []string{"aws_subnet.fw"}, Policy: "aws_networkfirewall_firewall_policy.p", Endpoints: map[string]string{"ap-northeast-1a": "vpce-0fw"}}}
		w.NetworkFirewallPolicies = []model.NetworkFirewallPolicy{{ID: "aws_networkfirewall_firewall_policy.p", Source: at(30, 1),
			StatelessDefaultActions: []string{"aws:forward_to_sfe"},
			StatelessGroups:         []model.NetworkFirewallGroupRef{{Source: at(30, 1), RuleGroup: "aws_networkfirewall_rule_group.stateless", Priority: 1}},
			StatefulGroups: []model.NetworkFirewallGroupRef{
				{Source: at(30, 1), RuleGroup: "aws_networkfirewall_rule_group.domains", Priority: 1},
				{Source: at(30, 1), RuleGroup: managedARN, Priority: 2, DropToAlert: true},
				{Source: at(30, 1), RuleGroup: "aws_networkfirewall_rule_group.suricata", Priority: 3},
			},
			RuleOrder: model.NFWStrictOrder, StatefulDefaultActions: []string{"aws:drop_strict"}}}
		w.NetworkFirewallRuleGroups = []model.NetworkFirewallRuleGroup{
			{ID: "aws_networkfirewall_rule_group.domains", Source: at(20, 1), Stateful: true, HomeNet: pfxs("10.0.0.0/8"),
				StatefulRules: []model.StatefulRule{{Source: at(20, 1), SID: "5", Action: "DROP", Protocol: "TCP", Src: "ANY", SrcPort: "ANY", Direction: "FORWARD", Dst: "ANY", DstPort: "22"}},
				Domains:       &model.DomainList{Source: at(20, 1), Allow: true, TLSSNI: true, Targets: []string{".amazonaws.com"}}},
			{ID: "aws_networkfirewall_rule_group.stateless", Source: at(21, 1), StatelessRules: []model.StatelessRule{{Source: at(21, 1), Priority: 3,
				Actions: []string{"aws:pass"}, Protocols: []int{6}, Destinations: pfxs("0.0.0.0/0"), DestPorts: []model.PortRange{{From: 443, To: 443}}}}},
			{ID: "aws_networkfirewall_rule_group.suricata", Source: at(22, 1), Stateful: true, RulesString: "pass tls any any -> any 443 (sid:1;)"},
		}
		return w
	}
	runCases(t, []buildCase{{
		name: "4.11.1 a route to a known endpoint ID takes the endpoint's zone",
		resources: append(net,
			res(50, "aws_route_table.app", M{"id": "rtb-app", "vpc_id": "vpc-1"}),
			res(51, "aws_route.app", M{"route_table_id": "rtb-app", "destination_cidr_block": "0.0.0.0/0", "vpc_endpoint_id": "vpce-0fw"}),
		),
		want: wantNet(model.World{RouteTables: []model.RouteTable{{ID: "aws_route_table.app", Source: at(50, 1), VPC: "aws_vpc.main", Routes: []model.Route{
			{Source: at(51, 1), Destination: pfx("0.0.0.0/0"), Target: model.TargetNetworkFirewall, TargetID: "aws_networkfirewall_firewall.fw", TargetZone: "ap-northeast-1a"},
		}}}}),
	}, {
		name: "10.35 an endpoint ID known only after apply, from the firewall's status, names the firewall but no zone",
		resources: append(net,
			res(50, "aws_route_table.app", M{"id": "rtb-app", "vpc_id": "vpc-1"}),
			res(51, "aws_route.app", M{"route_table_id": "rtb-app", "destination_cidr_block": "0.0.0.0/0", "vpc_endpoint_id": U},
				refs("vpc_endpoint_id", "aws_networkfirewall_firewall.fw.firewall_status[0].sync_states", "aws_networkfirewall_firewall.fw")),
		),
		want: wantNet(model.World{RouteTables: []model.RouteTable{{ID: "aws_route_table.app", Source: at(50, 1), VPC: "aws_vpc.main", Routes: []model.Route{
			{Source: at(51, 1), Destination: pfx("0.0.0.0/0"), Target: model.TargetNetworkFirewall, TargetID: "aws_networkfirewall_firewall.fw"},
		}}}}),
	}, {
		name: "4.2.4 a Gateway Load Balancer endpoint is still not followed",
		resources: append(net,
			res(50, "aws_route_table.app", M{"id": "rtb-app", "vpc_id": "vpc-1"}),
			res(51, "aws_route.app", M{"route_table_id": "rtb-app", "destination_cidr_block": "0.0.0.0/0", "vpc_endpoint_id": "vpce-0gwlb"}),
		),
		want: wantNet(model.World{
			RouteTables: []model.RouteTable{{ID: "aws_route_table.app", Source: at(50, 1), VPC: "aws_vpc.main", Routes: []model.Route{
				{Source: at(51, 1), Destination: pfx("0.0.0.0/0"), Undetermined: "aws_route.app.vpc_endpoint_id"},
			}}},
			Unknowns: []model.Unknown{{ID: "aws_route_table.app", Kind: model.KindRouteTable, Field: "aws_route.app.vpc_endpoint_id", Source: at(51, 1),
				Why: "the route leads to a Gateway Load Balancer endpoint, or to a firewall endpoint the input does not describe, which vpctrace does not follow (aws-rules 4.2.4, 4.11.1)"}},
		}),
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(51, 1))},
	}})
}
