package scenario_test

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

// TestDecodeNetworkFirewall reads a firewall, its policy and rule groups,
// and a route to its endpoint (aws-rules 4.11.1-4.11.5).
func TestDecodeNetworkFirewall(t *testing.T) {
	runFieldCases(t, []fieldCase{{
		name: "4.11.1 firewall, policy, rule groups and a route to the endpoint",
		yaml: `network_firewalls:
  fw: {vpc: v, subnets: [a], policy: p, endpoints: {us-east-1a: vpce-1}}
network_firewall_policies:
  p:
    stateless_default_actions: ["aws:forward_to_sfe"]
    stateless_rule_groups: [{rule_group: sl, priority: 5}]
    stateful_rule_groups: [{rule_group: sf, priority: 1}]
    rule_order: STRICT_ORDER
    stateful_default_actions: ["aws:drop_established"]
    home_net: 10.0.0.0/8
network_firewall_rule_groups:
  sl:
    type: STATELESS
    stateless_rules:
      - {priority: 1, actions: ["aws:pass"], protocols: [6], sources: 10.0.0.0/16, destination_ports: ["443", 1024-65535], tcp_flags: true}
  sf:
    type: STATEFUL
    stateful_rules:
      - {action: drop, protocol: tcp, destination_port: "22", sid: "7"}
    domain_list: {type: ALLOWLIST, target_types: [TLS_SNI, HTTP_HOST], targets: [.amazonaws.com]}
route_tables:
  rt:
    vpc: v
    routes:
      - {destination: 0.0.0.0/0, network_firewall: fw, firewall_az: us-east-1a}
`,
		get: func(w *model.World) any {
			return []any{w.NetworkFirewalls, w.NetworkFirewallPolicies, w.NetworkFirewallRuleGroups, w.RouteTables[0].Routes}
		},
		want: []any{
			[]model.NetworkFirewall{{ID: "fw", Source: at(2, 3), VPC: "v", Subnets: []string{"a"}, Policy: "p", Endpoints: map[string]string{"us-east-1a": "vpce-1"}}},
			[]model.NetworkFirewallPolicy{{
				ID: "p", Source: at(4, 3), StatelessDefaultActions: []string{"aws:forward_to_sfe"},
				StatelessGroups:        []model.NetworkFirewallGroupRef{{Source: at(6, 29), RuleGroup: "sl", Priority: 5}},
				StatefulGroups:         []model.NetworkFirewallGroupRef{{Source: at(7, 28), RuleGroup: "sf", Priority: 1}},
				RuleOrder:              model.NFWStrictOrder,
				StatefulDefaultActions: []string{"aws:drop_established"},
				HomeNet:                pfxs("10.0.0.0/8"),
			}},
			[]model.NetworkFirewallRuleGroup{
				{ID: "sl", Source: at(12, 3), StatelessRules: []model.StatelessRule{{
					Source: at(15, 9), Priority: 1, Actions: []string{"aws:pass"}, Protocols: []int{6}, Sources: pfxs("10.0.0.0/16"),
					DestPorts: []model.PortRange{{From: 443, To: 443}, {From: 1024, To: 65535}}, TCPFlags: true,
				}}},
				{ID: "sf", Source: at(16, 3), Stateful: true,
					StatefulRules: []model.StatefulRule{{Source: at(19, 9), SID: "7", Action: "DROP", Protocol: "TCP", Src: "ANY", SrcPort: "ANY", Direction: "FORWARD", Dst: "ANY", DstPort: "22"}},
					Domains:       &model.DomainList{Source: at(20, 18), Allow: true, TLSSNI: true, HTTPHost: true, Targets: []string{".amazonaws.com"}},
				},
			},
			[]model.Route{{Source: at(25, 9), Destination: pfx("0.0.0.0/0"), Target: model.TargetNetworkFirewall, TargetID: "fw", TargetZone: "us-east-1a"}},
		},
	}})
}
