package sim_test

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// TestNetworkFirewallRules changes testdata/scenarios/firewall.yaml and
// compares the calls of its app workload (ECR and logs behind egress-fw,
// whose strict-order allowlist lacks the logs endpoint) with what the
// rules of aws-rules 4.10 and 4.11 say.
func TestNetworkFirewallRules(t *testing.T) {
	const fwHop = "egress-fw: network-firewall "
	group := func(w *model.World, id string) *model.NetworkFirewallRuleGroup {
		for i := range w.NetworkFirewallRuleGroups {
			if w.NetworkFirewallRuleGroups[i].ID == id {
				return &w.NetworkFirewallRuleGroups[i]
			}
		}
		t.Fatalf("no rule group %s", id)
		return nil
	}
	policy := func(w *model.World) *model.NetworkFirewallPolicy { return &w.NetworkFirewallPolicies[0] } // egress
	ecrOK := []outcome{
		reaches(sim.CallECRAuth, "app-a", sim.ViaNATGateway),
		reaches(sim.CallECRImage, "app-a", sim.ViaNATGateway),
		reaches(sim.CallECRLayers, "app-a", sim.ViaNATGateway),
	}
	withLogs := func(logs outcome) []outcome { return append(append([]outcome{}, ecrOK...), logs) }
	each4 := func(f func(sim.CallKind) outcome) []outcome { return each(appCalls, f) }
	tests := []struct {
		name   string
		change func(*model.World)
		want   []outcome
	}{{
		name: "4.11.5 the allowlist lists logs too: every call passes",
		change: func(w *model.World) {
			g := group(w, "allow-aws")
			g.Domains.Targets = append(g.Domains.Targets, "logs.ap-northeast-1.amazonaws.com")
		},
		want: withLogs(reaches(sim.CallLogs, "app-a", sim.ViaNATGateway)),
	}, {
		name: "4.11.5 a denylist drops only the names it lists (with no stateful default action, 4.11.3)",
		change: func(w *model.World) {
			group(w, "allow-aws").Domains.Allow = false
			policy(w).StatefulDefaultActions = nil
		},
		want: each4(func(k sim.CallKind) outcome {
			if k == sim.CallLogs {
				return reaches(k, "app-a", sim.ViaNATGateway)
			}
			return unreachable(k, "app-a", reasons(sim.NetworkFirewallDenied), fwHop+"denied NETWORK_FIREWALL_DENIED")
		}),
	}, {
		name:   "4.11.5 an HTTP_HOST list does not inspect HTTPS; no rule passes, so the default drop_established drops everything",
		change: func(w *model.World) { d := group(w, "allow-aws").Domains; d.TLSSNI, d.HTTPHost = false, true },
		want: each4(func(k sim.CallKind) outcome {
			return unreachable(k, "app-a", reasons(sim.NetworkFirewallDenied), fwHop+"denied NETWORK_FIREWALL_DENIED")
		}),
	}, {
		name: "4.11.5 traffic from outside HOME_NET is not inspected by the domain list",
		change: func(w *model.World) {
			group(w, "allow-aws").HomeNet = []netip.Prefix{netip.MustParsePrefix("192.168.0.0/16")}
		},
		want: each4(func(k sim.CallKind) outcome {
			return unreachable(k, "app-a", reasons(sim.NetworkFirewallDenied), fwHop+"denied NETWORK_FIREWALL_DENIED") // the default action
		}),
	}, {
		name:   "4.11.3 action order: with no default actions the unlisted name still meets the allowlist's drop",
		change: func(w *model.World) { p := policy(w); p.RuleOrder, p.StatefulDefaultActions = "", nil },
		want:   withLogs(unreachable(sim.CallLogs, "app-a", reasons(sim.NetworkFirewallDenied), fwHop+"denied NETWORK_FIREWALL_DENIED")),
	}, {
		name: "4.11.3 action order: a pass rule in another group beats the allowlist's drop",
		change: func(w *model.World) {
			p := policy(w)
			p.RuleOrder, p.StatefulDefaultActions = "", nil
			w.NetworkFirewallRuleGroups = append(w.NetworkFirewallRuleGroups, model.NetworkFirewallRuleGroup{ID: "pass-https", Stateful: true,
				StatefulRules: []model.StatefulRule{{Action: model.StatefulPass, Protocol: "TCP", Src: "$HOME_NET", SrcPort: "ANY", Direction: "FORWARD", Dst: "ANY", DstPort: "443"}}})
			p.StatefulGroups = append(p.StatefulGroups, model.NetworkFirewallGroupRef{RuleGroup: "pass-https", Priority: 20})
		},
		want: withLogs(reaches(sim.CallLogs, "app-a", sim.ViaNATGateway)),
	}, {
		name: "4.11.3 the policy overrides the allowlist group's drops to alerts: the unlisted name meets only the default action",
		change: func(w *model.World) {
			p := policy(w)
			p.StatefulGroups[0].DropToAlert = true
			p.StatefulDefaultActions = nil
		},
		want: withLogs(reaches(sim.CallLogs, "app-a", sim.ViaNATGateway)),
	}, {
		name: "4.11.6 action order: a pass rule for a public CIDR may match the service's address, so the allowlist's drop is undecided",
		change: func(w *model.World) {
			p := policy(w)
			p.RuleOrder, p.StatefulDefaultActions = "", nil
			w.NetworkFirewallRuleGroups = append(w.NetworkFirewallRuleGroups, model.NetworkFirewallRuleGroup{ID: "pass-range", Stateful: true,
				StatefulRules: []model.StatefulRule{{Action: model.StatefulPass, Protocol: "TCP", Src: "ANY", SrcPort: "ANY", Direction: "FORWARD", Dst: "52.0.0.0/8", DstPort: "443"}}})
			p.StatefulGroups = append(p.StatefulGroups, model.NetworkFirewallGroupRef{RuleGroup: "pass-range", Priority: 20})
		},
		want: withLogs(unknown(sim.CallLogs, "app-a", reasons(sim.Unmodeled), fwHop+"unknown UNMODELED")),
	}, {
		name:   "4.11.3 aws:drop_strict with only TLS SNI passes: the handshake may be dropped, so unknown",
		change: func(w *model.World) { policy(w).StatefulDefaultActions = []string{model.NFWDropStrict} },
		want: each4(func(k sim.CallKind) outcome {
			if k == sim.CallLogs {
				return unreachable(k, "app-a", reasons(sim.NetworkFirewallDenied), fwHop+"denied NETWORK_FIREWALL_DENIED")
			}
			return unknown(k, "app-a", reasons(sim.Unmodeled), fwHop+"unknown UNMODELED")
		}),
	}, {
		name:   "4.11.6 a Suricata rule string is not evaluated",
		change: func(w *model.World) { group(w, "allow-aws").RulesString = "pass tls any any -> any any (sid:1;)" },
		want: each4(func(k sim.CallKind) outcome {
			return unknown(k, "app-a", reasons(sim.Unmodeled), fwHop+"unknown UNMODELED")
		}),
	}, {
		name: "4.11.6 a TLS inspection configuration is not modelled",
		change: func(w *model.World) {
			policy(w).TLSInspection = "arn:aws:network-firewall:ap-northeast-1:123456789012:tls-configuration/tls"
		},
		want: each4(func(k sim.CallKind) outcome {
			return unknown(k, "app-a", reasons(sim.Unmodeled), fwHop+"unknown UNMODELED")
		}),
	}, {
		name: "4.11.6 a rule group known only after apply",
		change: func(w *model.World) {
			w.Unknowns = append(w.Unknowns, model.Unknown{ID: "allow-aws", Kind: model.KindNetworkFirewallRuleGroup, Field: "rule_group", Why: "known only after apply"})
		},
		want: each4(func(k sim.CallKind) outcome {
			return unknown(k, "app-a", reasons(sim.Unmodeled), fwHop+"unknown UNMODELED")
		}),
	}, {
		name: "10.35 a route to a zone where the firewall has no endpoint",
		change: func(w *model.World) {
			for i := range w.RouteTables {
				if w.RouteTables[i].ID == "to-egress-fw" {
					w.RouteTables[i].Routes[0].TargetZone = "ap-northeast-1c"
				}
			}
		},
		want: each4(func(k sim.CallKind) outcome {
			return unknown(k, "app-a", reasons(sim.Unmodeled), "egress-fw: route unknown UNMODELED")
		}),
	}, {
		name: "4.11.7 the firewall subnet sends the traffic straight to the internet gateway: the replies' path is not modelled",
		change: func(w *model.World) {
			for i := range w.RouteTables {
				if w.RouteTables[i].ID == "fw-out" {
					w.RouteTables[i].Routes[0] = model.Route{Destination: netip.MustParsePrefix("0.0.0.0/0"), Target: model.TargetInternetGateway, TargetID: "igw"}
				}
			}
			for i := range w.Services {
				if w.Services[i].ID == "app" {
					w.Services[i].AssignPublicIP = true
				}
			}
		},
		want: each4(func(k sim.CallKind) outcome {
			if k == sim.CallLogs {
				return unreachable(k, "app-a", reasons(sim.NetworkFirewallDenied, sim.Unmodeled), fwHop+"denied NETWORK_FIREWALL_DENIED", "igw: route unknown UNMODELED")
			}
			return unknown(k, "app-a", reasons(sim.Unmodeled), "igw: route unknown UNMODELED")
		}),
	}, {
		name: "4.10.4 BPA bidirectional: excluding the firewall subnet does not let the NAT gateway path through",
		change: func(w *model.World) {
			w.BlockPublicAccess = []model.BlockPublicAccess{{ID: "bpa", Mode: model.BPABidirectional}}
			w.BPAExclusions = []model.BPAExclusion{{ID: "fw-subnet", Subnet: "fw-a", Mode: model.BPAAllowBidirectional}}
		},
		want: each4(func(k sim.CallKind) outcome {
			if k == sim.CallLogs {
				return unreachable(k, "app-a", reasons(sim.NetworkFirewallDenied, sim.VPCBPABlocked), fwHop+"denied NETWORK_FIREWALL_DENIED", "igw: block-public-access denied VPC_BPA_BLOCKED")
			}
			return unreachable(k, "app-a", reasons(sim.VPCBPABlocked), "igw: block-public-access denied VPC_BPA_BLOCKED")
		}),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadScenario(t, "firewall")
			tt.change(w)
			got := workload(t, sim.Run(w), "app")
			if diff := cmp.Diff(tt.want, outcomes(got)); diff != "" {
				t.Errorf("app calls (-want +got):\n%s", diff)
			}
		})
	}
}
