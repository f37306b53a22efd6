package sim_test

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// Unknowns only where they matter (issue 10, part 3). A setting the input
// does not determine makes a call unknown only when some value of it could
// change the call's verdict:
//
//   - a security group or network ACL with an undetermined rule is decided
//     by its known rules when that rule cannot change the check (aws-rules
//     5.1.1: groups are stateful unions of allows; 5.2.1: ACLs keep a list
//     per direction and the first rule in number order decides);
//   - a block that does not depend on the undetermined setting (one
//     before it, or a check it cannot reach: a NO_ROUTE after an
//     undetermined group, an ACL's denial of the replies after an
//     undetermined outbound rule) makes the call unreachable, and its
//     blockers name the undetermined setting too.
//
// Each row names the rule it relies on and gives the whole outcome of the
// workload's calls, what the calls list as Missing, and what the trace
// says of each undetermined setting it met (the input steps).

// undetermine adds an undetermined setting to w.
func undetermine(w *model.World, kind model.Kind, id, field string) {
	w.Unknowns = append(w.Unknowns, model.Unknown{ID: id, Kind: kind, Field: field, Why: unknownWhy, Source: tfPos})
}

// undetermineRule adds an undetermined part of a rule to w, with what the
// input determines of the rule (as tfmap records it).
func undetermineRule(w *model.World, kind model.Kind, id, field string, rule model.PartialRule) {
	undetermine(w, kind, id, field)
	w.Unknowns[len(w.Unknowns)-1].Rule = &rule
}

// setting is a Missing entry for an undetermined setting of these rows.
func setting(what string) sim.Missing {
	return sim.Missing{What: what, Why: unknownWhy, Source: tfPos}
}

// narrowResult is what the rows compare: the calls' outcomes, the Missing
// of each call that has any, and the input steps of every trace, each as
// "component: detail" and once.
type narrowResult struct {
	Calls   []outcome
	Missing map[sim.CallKind][]sim.Missing
	Inputs  []string
}

func narrowOf(w sim.WorkloadResult) narrowResult {
	r := narrowResult{Calls: outcomes(w)}
	for _, c := range w.Calls {
		if len(c.Missing) > 0 {
			if r.Missing == nil {
				r.Missing = map[sim.CallKind][]sim.Missing{}
			}
			r.Missing[c.Kind] = c.Missing
		}
		for _, p := range c.Placements {
			for _, h := range p.Hops {
				for _, s := range h.Steps {
					line := h.Component + ": " + s.Detail
					if s.Type == sim.StepInput && !slices.Contains(r.Inputs, line) {
						r.Inputs = append(r.Inputs, line)
					}
				}
			}
		}
	}
	return r
}

// withACL gives subnet a network ACL of w.
func withACL(t *testing.T, w *model.World, subnet string, acl model.NetworkACL) {
	t.Helper()
	w.NetworkACLs = append(w.NetworkACLs, acl)
	i := slices.IndexFunc(w.Subnets, func(s model.Subnet) bool { return s.ID == subnet })
	if i < 0 {
		t.Fatalf("no subnet %q", subnet)
	}
	w.Subnets[i].NetworkACL = acl.ID
}

// outboundRule returns a pointer to rule i of an ACL's outbound list.
func outboundRule(t *testing.T, w *model.World, acl string, i int) *model.ACLRule {
	t.Helper()
	j := slices.IndexFunc(w.NetworkACLs, func(a model.NetworkACL) bool { return a.ID == acl })
	if j < 0 {
		t.Fatalf("no network ACL %q", acl)
	}
	return &w.NetworkACLs[j].Egress[i]
}

// each3 maps a list of names to strings.
func each3(names []string, f func(string) string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = f(n)
	}
	return out
}

func TestUnknownsOnlyWhereTheyMatter(t *testing.T) {
	eni := func(ep string) string { return "ENI of endpoint " + ep + " in endpoints-a (10.0.0.0/24)" }
	interfaceEndpoints := []string{"ecr-api", "ecr-dkr", "logs"}
	notKnown := func(field, of string) string { return field + " of " + of + " is not known (" + unknownWhy + ")" }
	notS3 := func(svc string) string {
		return "private: " + notKnown("aws_vpc_endpoint_route_table_association.s3", "route table private") +
			", but it cannot change this: it can only add a gateway endpoint's prefix-list route, which matches the public addresses of S3 or DynamoDB only, and this call goes to a public address of " +
			svc + " in ap-northeast-1 (aws-rules 4.3.1, 4.3.2)"
	}
	eachMissing := func(kinds []sim.CallKind, m sim.Missing) map[sim.CallKind][]sim.Missing {
		out := map[sim.CallKind][]sim.Missing{}
		for _, k := range kinds {
			out[k] = []sim.Missing{m}
		}
		return out
	}
	egressDenied := "task ENI in app-a: security-group denied SG_EGRESS_DENIED"
	eniInput := "task ENI in app-a: input unknown UNMODELED"
	otherList := ", but it cannot change this check: it is an outbound rule of no-return, and an ACL checks each direction against its own list (aws-rules 5.2.1)"
	otherAllows := "task ENI in app-a: " + notKnown("network_configuration.0.security_groups", "ECS service sg-ingress") +
		", but it cannot change this check: a group it adds can only add allows, and other egress rule #1 (all traffic to 0.0.0.0/0, ::/0) already allows the connection (aws-rules 5.1.1)"
	// The calls of workload sg-egress, whose group closed allows no
	// egress: denied whatever its undetermined rule (closedEgress), or
	// unknown where nothing else denies them (openEgress); the endpoints
	// admit only group app (aws-rules 5.1.3).
	closedEgress := []outcome{
		unreachable(sim.CallECRAuth, "app-a", reasons(sim.SGEgressDenied, sim.SGIngressDenied), egressDenied, eni("ecr-api")+": security-group denied SG_INGRESS_DENIED"),
		unreachable(sim.CallECRImage, "app-a", reasons(sim.SGEgressDenied, sim.SGIngressDenied), egressDenied, eni("ecr-dkr")+": security-group denied SG_INGRESS_DENIED"),
		unreachable(sim.CallECRLayers, "app-a", reasons(sim.SGEgressDenied), egressDenied),
		unreachable(sim.CallLogs, "app-a", reasons(sim.SGEgressDenied, sim.SGIngressDenied), egressDenied, eni("logs")+": security-group denied SG_INGRESS_DENIED"),
	}
	openEgress := []outcome{
		unreachable(sim.CallECRAuth, "app-a", reasons(sim.SGIngressDenied, sim.Unmodeled), eniInput, eni("ecr-api")+": security-group denied SG_INGRESS_DENIED"),
		unreachable(sim.CallECRImage, "app-a", reasons(sim.SGIngressDenied, sim.Unmodeled), eniInput, eni("ecr-dkr")+": security-group denied SG_INGRESS_DENIED"),
		unknown(sim.CallECRLayers, "app-a", reasons(sim.Unmodeled), eniInput),
		unreachable(sim.CallLogs, "app-a", reasons(sim.SGIngressDenied, sim.Unmodeled), eniInput, eni("logs")+": security-group denied SG_INGRESS_DENIED"),
	}
	natDefault := model.Route{Destination: anyIPv4, Target: model.TargetNATGateway, TargetID: "nat-0123456789abcdef0", Undetermined: "route.0.nat_gateway_id"}
	tests := []struct {
		name     string // the aws-rules rule the row relies on
		scenario string
		workload string
		change   func(t *testing.T, w *model.World)
		want     narrowResult
	}{
		// Security groups: unions of allows, stateful (aws-rules 5.1.1).
		{
			name:     "5.1.1 an undetermined egress rule of a group whose known rule allows all cannot change its calls: reachable",
			scenario: "filters", workload: "ok",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindSecurityGroup, "app", "egress.1.cidr_blocks")
			},
			want: narrowResult{
				Calls: []outcome{
					reaches(sim.CallECRAuth, "app-a", sim.ViaInterfaceEndpoint),
					reaches(sim.CallECRImage, "app-a", sim.ViaInterfaceEndpoint),
					reaches(sim.CallECRLayers, "app-a", sim.ViaGatewayEndpoint),
					reaches(sim.CallLogs, "app-a", sim.ViaInterfaceEndpoint),
				},
				Inputs: []string{"task ENI in app-a: " + notKnown("egress.1.cidr_blocks", "security group app") +
					", but it cannot change this check: security groups only add allows (aws-rules 5.1.1), and app egress rule #1 (all traffic to 0.0.0.0/0, ::/0) already allows the connection"},
			},
		},
		{
			name:     "5.1.1 an undetermined ingress rule of the endpoints' group whose known rule admits the task's group: reachable",
			scenario: "filters", workload: "ok",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindSecurityGroup, "endpoints", "ingress.1.cidr_blocks")
			},
			want: narrowResult{
				Calls: []outcome{
					reaches(sim.CallECRAuth, "app-a", sim.ViaInterfaceEndpoint),
					reaches(sim.CallECRImage, "app-a", sim.ViaInterfaceEndpoint),
					reaches(sim.CallECRLayers, "app-a", sim.ViaGatewayEndpoint),
					reaches(sim.CallLogs, "app-a", sim.ViaInterfaceEndpoint),
				},
				Inputs: each3(interfaceEndpoints, func(ep string) string {
					return eni(ep) + ": " + notKnown("ingress.1.cidr_blocks", "security group endpoints") +
						", but it cannot change this check: security groups only add allows (aws-rules 5.1.1), and endpoints ingress rule #1 (tcp 443 from app) already allows the connection"
				}),
			},
		},
		{
			name:     "5.1.1 groups are stateful: an undetermined ingress rule of the task's group cannot change its calls out, denied by its egress",
			scenario: "filters", workload: "sg-egress",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindSecurityGroup, "closed", "ingress")
			},
			want: narrowResult{
				Calls: closedEgress,
				Inputs: []string{"task ENI in app-a: " + notKnown("ingress", "security group closed") +
					", but it cannot change this check: it is an ingress rule of closed, and security groups are stateful, so the replies of an allowed connection need no rule (aws-rules 5.1.1)"},
			},
		},
		{
			// The narrowing fails for the layers, which nothing else
			// blocks; the endpoints admit only group app, whatever the
			// task's group allows.
			name:     "5.1.1, 5.1.2 an undetermined egress rule of a group whose known rules allow nothing leaves unknown only the calls nothing else denies",
			scenario: "filters", workload: "sg-egress",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindSecurityGroup, "closed", "egress.0.cidr_blocks")
			},
			want: narrowResult{
				Calls:   openEgress,
				Missing: map[sim.CallKind][]sim.Missing{sim.CallECRLayers: {setting("egress.0.cidr_blocks of closed")}},
				Inputs:  []string{"task ENI in app-a: " + notKnown("egress.0.cidr_blocks", "security group closed") + ": that rule may allow egress TCP 443"},
			},
		},
		// A rule matches by protocol, ports and peer (aws-rules 5.1.3): the
		// parts the input determines can rule it out.
		{
			name:     "5.1.3 an egress rule to UDP 53 whose peer is undetermined cannot allow TCP 443: the group's denial is definite",
			scenario: "filters", workload: "sg-egress",
			change: func(t *testing.T, w *model.World) {
				undetermineRule(w, model.KindSecurityGroup, "closed", "egress.0.cidr_blocks", model.PartialRule{
					Known: model.RuleProtocol | model.RulePorts, Direction: "egress", SG: model.SGRule{Protocol: "udp", FromPort: 53, ToPort: 53}})
			},
			want: narrowResult{
				Calls: closedEgress,
				Inputs: []string{"task ENI in app-a: " + notKnown("egress.0.cidr_blocks", "security group closed") +
					", but it cannot change this check: its protocol is udp, and the connection is TCP 443 (aws-rules 5.1.3)"},
			},
		},
		{
			name:     "5.1.3 an egress rule to TCP 5432 whose peer is undetermined cannot allow TCP 443 either",
			scenario: "filters", workload: "sg-egress",
			change: func(t *testing.T, w *model.World) {
				undetermineRule(w, model.KindSecurityGroup, "closed", "cidr_ipv4", model.PartialRule{
					Known: model.RuleProtocol | model.RulePorts, Direction: "egress", SG: model.SGRule{Protocol: "tcp", FromPort: 5432, ToPort: 5432}})
			},
			want: narrowResult{
				Calls: closedEgress,
				Inputs: []string{"task ENI in app-a: " + notKnown("cidr_ipv4", "security group closed") +
					", but it cannot change this check: it covers ports 5432, and the connection is TCP 443 (aws-rules 5.1.3)"},
			},
		},
		{
			name:     "5.1.3 the narrowing fails: an egress rule of undetermined protocol may allow TCP 443, whatever its known ports (-1 ignores them)",
			scenario: "filters", workload: "sg-egress",
			change: func(t *testing.T, w *model.World) {
				undetermineRule(w, model.KindSecurityGroup, "closed", "ip_protocol", model.PartialRule{
					Known: model.RulePorts | model.RulePeer, Direction: "egress", SG: model.SGRule{FromPort: 53, ToPort: 53, CIDRs: []netip.Prefix{anyIPv4}}})
			},
			want: narrowResult{
				Calls:   openEgress,
				Missing: map[sim.CallKind][]sim.Missing{sim.CallECRLayers: {setting("ip_protocol of closed")}},
				Inputs:  []string{"task ENI in app-a: " + notKnown("ip_protocol", "security group closed") + ": that rule may allow egress TCP 443"},
			},
		},
		// A plan read alone can leave a NAT gateway's subnet unknown: the
		// path beyond it cannot be followed (a regression test: it was a
		// panic on a real plan).
		{
			name:     "4.5.1 a NAT gateway whose subnet is undetermined: the calls through it are unknown",
			scenario: "routing", workload: "via-nat",
			change: func(t *testing.T, w *model.World) {
				i := slices.IndexFunc(w.NATGateways, func(n model.NATGateway) bool { return n.ID == "nat-a" })
				w.NATGateways[i].Subnet = ""
				undetermine(w, model.KindNATGateway, "nat-a", "subnet_id")
			},
			want: narrowResult{
				Calls: each(appCalls, func(k sim.CallKind) outcome {
					return unknown(k, "private-a", reasons(sim.Unmodeled), "nat-a: input unknown UNMODELED")
				}),
				Missing: eachMissing(appCalls, setting("subnet_id of nat-a")),
				Inputs:  []string{"nat-a: subnet_id of NAT gateway nat-a is not known (known only after apply), so the model cannot tell what it does here"},
			},
		},
		// Blocks that do not depend on the undetermined setting.
		{
			name:     "4.2.4 an undetermined security group does not change the route the table selects: NO_ROUTE is definite",
			scenario: "routing", workload: "isolated",
			change: func(t *testing.T, w *model.World) {
				securityGroup(t, w, "app").Egress = nil
				undetermine(w, model.KindSecurityGroup, "app", "egress")
			},
			want: narrowResult{
				Calls: each(appCalls, func(k sim.CallKind) outcome {
					return unreachable(k, "isolated-a", reasons(sim.NoRoute, sim.Unmodeled), "task ENI in isolated-a: input unknown UNMODELED", "isolated: route dropped NO_ROUTE")
				}),
				Inputs: []string{"task ENI in isolated-a: " + notKnown("egress", "security group app") + ": that rule may allow egress TCP 443"},
			},
		},
		{
			name:     "4.2.4 a security group whose VPC is undetermined does not change the route either: NO_ROUTE is definite",
			scenario: "routing", workload: "isolated",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindSecurityGroup, "app", "vpc_id")
			},
			want: narrowResult{
				Calls: each(appCalls, func(k sim.CallKind) outcome {
					return unreachable(k, "isolated-a", reasons(sim.NoRoute, sim.Unmodeled), "task ENI in isolated-a: input unknown UNMODELED", "isolated: route dropped NO_ROUTE")
				}),
				Inputs: []string{"task ENI in isolated-a: " + notKnown("vpc_id", "security group app") + ": the model cannot tell what security group app does here"},
			},
		},
		{
			name:     "4.2.4 a block before an undetermined route target is definite: the group denies whatever the route does",
			scenario: "routing", workload: "isolated",
			change: func(t *testing.T, w *model.World) {
				securityGroup(t, w, "app").Egress = nil
				withRoute(t, w, "isolated", natDefault, unknownWhy)
			},
			want: narrowResult{
				Calls: each(appCalls, func(k sim.CallKind) outcome {
					return unreachable(k, "isolated-a", reasons(sim.SGEgressDenied, sim.Unmodeled), "task ENI in isolated-a: security-group denied SG_EGRESS_DENIED", "isolated: route unknown UNMODELED")
				}),
			},
		},
		{
			name:     "4.2.4, 5.2.1 an undetermined route target: the packet still leaves the subnet, whose ACL denies it whatever the target",
			scenario: "routing", workload: "isolated",
			change: func(t *testing.T, w *model.World) {
				withRoute(t, w, "isolated", natDefault, unknownWhy)
				withACL(t, w, "isolated-a", model.NetworkACL{ID: "closed", VPC: "main"})
			},
			want: narrowResult{
				Calls: each(appCalls, func(k sim.CallKind) outcome {
					return unreachable(k, "isolated-a", reasons(sim.NACLDenied, sim.Unmodeled), "isolated: route unknown UNMODELED", "closed: nacl denied NACL_DENIED")
				}),
			},
		},
		{
			// The undetermined routes may match or not: the packet is
			// dropped by the table or leaves the subnet (4.2.4).
			name:     "4.2.1, 5.2.1 a table whose routes are undetermined: the subnet's ACL denies what leaves, and what does not is dropped",
			scenario: "routing", workload: "isolated",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindRouteTable, "isolated", "route")
				withACL(t, w, "isolated-a", model.NetworkACL{ID: "closed", VPC: "main"})
			},
			want: narrowResult{
				Calls: each(appCalls, func(k sim.CallKind) outcome {
					return unreachable(k, "isolated-a", reasons(sim.NACLDenied, sim.Unmodeled),
						"isolated: input unknown UNMODELED", "isolated: route unknown UNMODELED", "closed: nacl denied NACL_DENIED")
				}),
				Inputs: []string{"isolated: " + notKnown("route", "route table isolated") + ", so the model cannot tell what it does here"},
			},
		},
		{
			// The route the input does not determine may bypass the NAT
			// gateway: what happens there depends on it.
			name:     "4.2.1 the narrowing fails: a block after a table whose routes are undetermined depends on them",
			scenario: "routing", workload: "via-nat",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindRouteTable, "private", "aws_route.extra")
				w.NATGateways[0].ElasticIP = ""
			},
			want: narrowResult{
				Calls: each(appCalls, func(k sim.CallKind) outcome {
					return unknown(k, "private-a", reasons(sim.Unmodeled, sim.NATNoInternet), "private: input unknown UNMODELED", "nat-a: nat dropped NAT_NO_INTERNET")
				}),
				Missing: eachMissing(appCalls, setting("aws_route.extra of private")),
				Inputs:  []string{"private: " + notKnown("aws_route.extra", "route table private") + ", so the model cannot tell what it does here"},
			},
		},
		{
			name:     "4.3.1 an undetermined gateway endpoint association can only add the S3 route: only the layers are unknown",
			scenario: "routing", workload: "via-nat",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindRouteTable, "private", "aws_vpc_endpoint_route_table_association.s3")
			},
			want: narrowResult{
				Calls: []outcome{
					reaches(sim.CallECRAuth, "private-a", sim.ViaNATGateway),
					reaches(sim.CallECRImage, "private-a", sim.ViaNATGateway),
					unknown(sim.CallECRLayers, "private-a", reasons(sim.Unmodeled), "private: input unknown UNMODELED"),
					reaches(sim.CallLogs, "private-a", sim.ViaNATGateway),
				},
				Missing: map[sim.CallKind][]sim.Missing{sim.CallECRLayers: {setting("aws_vpc_endpoint_route_table_association.s3 of private")}},
				Inputs: []string{
					notS3("ecr.api"),
					notS3("ecr.dkr"),
					"private: " + notKnown("aws_vpc_endpoint_route_table_association.s3", "route table private") + ", so the model cannot tell what it does here",
					notS3("logs"),
				},
			},
		},
		// Network ACLs: a list per direction, first match in number order
		// (aws-rules 5.2.1), replies checked on their own (5.2.3).
		{
			name:     "5.2.1, 5.2.3 an undetermined outbound rule cannot change the inbound check of the replies: its denial is definite",
			scenario: "filters", workload: "nacl",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindNetworkACL, "no-return", "egress.1.cidr_block")
			},
			want: narrowResult{
				Calls: each(appCalls, func(k sim.CallKind) outcome {
					return unreachable(k, "nacl-a", reasons(sim.NACLDenied, sim.Unmodeled), "no-return: input unknown UNMODELED", "no-return: nacl denied NACL_DENIED")
				}),
				Inputs: []string{
					"no-return: " + notKnown("egress.1.cidr_block", "network ACL no-return") +
						": that rule may match the packet before no-return outbound rule 100 (allow tcp 443 0.0.0.0/0) and decide it the other way",
					"no-return: " + notKnown("egress.1.cidr_block", "network ACL no-return") + otherList,
				},
			},
		},
		{
			name:     "5.2.1 no rule comes before rule 1: an undetermined outbound rule cannot change what rule 1 allows",
			scenario: "filters", workload: "nacl",
			change: func(t *testing.T, w *model.World) {
				outboundRule(t, w, "no-return", 0).Number = 1
				undetermine(w, model.KindNetworkACL, "no-return", "egress.1.cidr_block")
			},
			want: narrowResult{
				Calls: each(appCalls, func(k sim.CallKind) outcome {
					return unreachable(k, "nacl-a", reasons(sim.NACLDenied), "no-return: nacl denied NACL_DENIED")
				}),
				Inputs: []string{
					"no-return: " + notKnown("egress.1.cidr_block", "network ACL no-return") +
						", but it cannot change this check: no-return outbound rule 1 (allow tcp 443 0.0.0.0/0) decides, and no rule comes before rule 1 (aws-rules 5.2.1)",
					"no-return: " + notKnown("egress.1.cidr_block", "network ACL no-return") + otherList,
				},
			},
		},
		{
			name:     "5.2.1 an inbound rule of undetermined CIDR that denies cannot change the final rule's denial of the replies",
			scenario: "filters", workload: "nacl",
			change: func(t *testing.T, w *model.World) {
				undetermineRule(w, model.KindNetworkACL, "no-return", "ingress.1.cidr_block", model.PartialRule{
					Known: model.RuleProtocol | model.RulePorts | model.RuleNumber | model.RuleAction, Direction: "ingress",
					ACL: model.ACLRule{Number: 200, Protocol: "-1"}})
			},
			want: narrowResult{
				Calls: each(appCalls, func(k sim.CallKind) outcome {
					return unreachable(k, "nacl-a", reasons(sim.NACLDenied), "no-return: nacl denied NACL_DENIED")
				}),
				Inputs: []string{
					"no-return: " + notKnown("ingress.1.cidr_block", "network ACL no-return") +
						", but it cannot change this check: it is an inbound rule of no-return, and an ACL checks each direction against its own list (aws-rules 5.2.1)",
					"no-return: " + notKnown("ingress.1.cidr_block", "network ACL no-return") +
						", but it cannot change this check: it would deny the packet too, as no-return inbound rule * (deny all) does (aws-rules 5.2.1)",
				},
			},
		},
		{
			name:     "5.2.1 a rule whose direction is undetermined cannot change a check its known protocol cannot match",
			scenario: "filters", workload: "nacl",
			change: func(t *testing.T, w *model.World) {
				undetermineRule(w, model.KindNetworkACL, "no-return", "egress", model.PartialRule{
					Known: model.RuleProtocol | model.RulePorts | model.RuleNumber | model.RuleAction | model.RulePeer,
					ACL:   model.ACLRule{Number: 90, Protocol: "udp", FromPort: 53, ToPort: 53, CIDR: anyIPv4, Allow: true}})
			},
			want: narrowResult{
				Calls: each(appCalls, func(k sim.CallKind) outcome {
					return unreachable(k, "nacl-a", reasons(sim.NACLDenied), "no-return: nacl denied NACL_DENIED")
				}),
				Inputs: []string{
					"no-return: " + notKnown("egress", "network ACL no-return") +
						", but it cannot change this check: its protocol is udp, and the packet is TCP 443 (aws-rules 5.2.1)",
					"no-return: " + notKnown("egress", "network ACL no-return") +
						", but it cannot change this check: its protocol is udp, and the packet is TCP 32768-61000 (aws-rules 5.2.1)",
				},
			},
		},
		// The groups of the task's interface, partly known.
		{
			name:     "5.1.3 the task's groups partly undetermined: its known group is allowed out and admitted by the endpoints: reachable",
			scenario: "filters", workload: "ok",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindService, "ok", "network_configuration.0.security_groups")
			},
			want: narrowResult{
				Calls: []outcome{
					reaches(sim.CallECRAuth, "app-a", sim.ViaInterfaceEndpoint),
					reaches(sim.CallECRImage, "app-a", sim.ViaInterfaceEndpoint),
					reaches(sim.CallECRLayers, "app-a", sim.ViaGatewayEndpoint),
					reaches(sim.CallLogs, "app-a", sim.ViaInterfaceEndpoint),
				},
				// The task ENI's settings are listed on every call from it
				// (gaps.go), whether or not they change its verdict.
				Missing: eachMissing(appCalls, setting("network_configuration.0.security_groups of ok")),
				Inputs: append([]string{"task ENI in app-a: " + notKnown("network_configuration.0.security_groups", "ECS service ok") +
					", but it cannot change this check: a group it adds can only add allows, and app egress rule #1 (all traffic to 0.0.0.0/0, ::/0) already allows the connection (aws-rules 5.1.1)"},
					each3(interfaceEndpoints, func(ep string) string {
						return eni(ep) + ": " + notKnown("network_configuration.0.security_groups", "ECS service ok") +
							", but it cannot change this check: security groups only add allows (aws-rules 5.1.1), and endpoints ingress rule #1 (tcp 443 from app) already allows the connection"
					})...),
			},
		},
		{
			name:     "5.1.3 the narrowing fails: the endpoints admit a group, and the task may carry it",
			scenario: "filters", workload: "sg-ingress",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindService, "sg-ingress", "network_configuration.0.security_groups")
			},
			want: narrowResult{
				Calls: []outcome{
					unknown(sim.CallECRAuth, "app-a", reasons(sim.Unmodeled), eni("ecr-api")+": input unknown UNMODELED"),
					unknown(sim.CallECRImage, "app-a", reasons(sim.Unmodeled), eni("ecr-dkr")+": input unknown UNMODELED"),
					reaches(sim.CallECRLayers, "app-a", sim.ViaGatewayEndpoint),
					unknown(sim.CallLogs, "app-a", reasons(sim.Unmodeled), eni("logs")+": input unknown UNMODELED"),
				},
				Missing: eachMissing(appCalls, setting("network_configuration.0.security_groups of sg-ingress")),
				Inputs: append([]string{otherAllows},
					each3(interfaceEndpoints, func(ep string) string {
						return eni(ep) + ": " + notKnown("network_configuration.0.security_groups", "ECS service sg-ingress") +
							": a group it adds to task ENI in app-a (10.0.1.0/24) may be one that endpoints ingress rule #1 (tcp 443 from app) names"
					})...),
			},
		},
		{
			name:     "5.1.3 the endpoints admit by CIDR only: the task's undetermined groups cannot change their denial",
			scenario: "filters", workload: "sg-ingress",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindService, "sg-ingress", "network_configuration.0.security_groups")
				securityGroup(t, w, "endpoints").Ingress = []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443,
					CIDRs: []netip.Prefix{netip.MustParsePrefix("10.9.0.0/16")}}}
			},
			want: narrowResult{
				Calls: []outcome{
					unreachable(sim.CallECRAuth, "app-a", reasons(sim.SGIngressDenied), eni("ecr-api")+": security-group denied SG_INGRESS_DENIED"),
					unreachable(sim.CallECRImage, "app-a", reasons(sim.SGIngressDenied), eni("ecr-dkr")+": security-group denied SG_INGRESS_DENIED"),
					reaches(sim.CallECRLayers, "app-a", sim.ViaGatewayEndpoint),
					unreachable(sim.CallLogs, "app-a", reasons(sim.SGIngressDenied), eni("logs")+": security-group denied SG_INGRESS_DENIED"),
				},
				Missing: eachMissing(appCalls, setting("network_configuration.0.security_groups of sg-ingress")),
				Inputs: append([]string{otherAllows},
					each3(interfaceEndpoints, func(ep string) string {
						return eni(ep) + ": " + notKnown("network_configuration.0.security_groups", "ECS service sg-ingress") +
							", but it cannot change this check: it decides only which groups task ENI in app-a (10.0.1.0/24) carries, and no ingress rule of endpoints that covers TCP 443 names a security group (aws-rules 5.1.3)"
					})...),
			},
		},
		// Several answers (aws-rules 3.6.2): reachable if any address is.
		{
			name:     "3.6.2 an address that cannot be decided may yet answer: the call is unknown, though its other address is denied",
			scenario: "filters", workload: "ok",
			change: func(t *testing.T, w *model.World) {
				w.Subnets = append(w.Subnets, model.Subnet{ID: "endpoints-c", VPC: "main", AZ: "ap-northeast-1c",
					CIDR: netip.MustParsePrefix("10.0.9.0/24"), RouteTable: "private"})
				endpoint(t, w, "ecr-api").Subnets = append(endpoint(t, w, "ecr-api").Subnets, "endpoints-c")
				withACL(t, w, "endpoints-a", model.NetworkACL{ID: "closed-a", VPC: "main"})
				withACL(t, w, "endpoints-c", model.NetworkACL{ID: "maybe", VPC: "main",
					Egress: []model.ACLRule{{Number: 100, Protocol: model.ProtocolAll, CIDR: anyIPv4, Allow: true}}})
				undetermine(w, model.KindNetworkACL, "maybe", "ingress")
			},
			want: narrowResult{
				Calls: []outcome{
					unknown(sim.CallECRAuth, "app-a", reasons(sim.Unmodeled), "maybe: input unknown UNMODELED"),
					unreachable(sim.CallECRImage, "app-a", reasons(sim.NACLDenied, sim.NACLDenied), "closed-a: nacl denied NACL_DENIED", "closed-a: nacl denied NACL_DENIED"),
					reaches(sim.CallECRLayers, "app-a", sim.ViaGatewayEndpoint),
					unreachable(sim.CallLogs, "app-a", reasons(sim.NACLDenied, sim.NACLDenied), "closed-a: nacl denied NACL_DENIED", "closed-a: nacl denied NACL_DENIED"),
				},
				Missing: map[sim.CallKind][]sim.Missing{sim.CallECRAuth: {setting("ingress of maybe")}},
				Inputs: []string{
					"maybe: " + notKnown("ingress", "network ACL maybe") + ": that rule may match the packet before the final rule * and decide it the other way",
					"maybe: " + notKnown("ingress", "network ACL maybe") +
						", but it cannot change this check: it is an inbound rule of maybe, and an ACL checks each direction against its own list (aws-rules 5.2.1)",
				},
			},
		},
		// DNS (aws-rules 3.2.9, proposed): an unknown answer names its setting.
		{
			name:     "3.2.9 an endpoint of undetermined service could answer the AWS names of its region: those calls are unknown, naming it",
			scenario: "routing", workload: "via-nat",
			change: func(t *testing.T, w *model.World) {
				w.VPCs[0].EnableDNSHostnames = true // private DNS takes effect (3.2.1)
				w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "shared", VPC: "main", Type: model.EndpointInterface,
					Subnets: []string{"private-a"}, SecurityGroups: []string{"app"}, PrivateDNS: true})
				undetermine(w, model.KindEndpoint, "shared", "service_name")
			},
			want: narrowResult{
				Calls: []outcome{
					unknown(sim.CallECRAuth, "private-a", reasons(sim.Unmodeled), "AmazonProvidedDNS of main (10.0.0.2): dns unknown UNMODELED"),
					unknown(sim.CallECRImage, "private-a", reasons(sim.Unmodeled), "AmazonProvidedDNS of main (10.0.0.2): dns unknown UNMODELED"),
					reaches(sim.CallECRLayers, "private-a", sim.ViaNATGateway),
					unknown(sim.CallLogs, "private-a", reasons(sim.Unmodeled), "AmazonProvidedDNS of main (10.0.0.2): dns unknown UNMODELED"),
				},
				Missing: eachMissing([]sim.CallKind{sim.CallECRAuth, sim.CallECRImage, sim.CallLogs}, setting("service_name of shared")),
			},
		},
		// Endpoint policies (aws-rules 6.1.2).
		{
			name:     "6.1.2 an undetermined endpoint policy changes only its own check: the group's denial before it is definite",
			scenario: "filters", workload: "sg-ingress",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindEndpoint, "ecr-api", "policy")
			},
			want: narrowResult{
				Calls: []outcome{
					unreachable(sim.CallECRAuth, "app-a", reasons(sim.SGIngressDenied, sim.Unmodeled),
						eni("ecr-api")+": security-group denied SG_INGRESS_DENIED", eni("ecr-api")+": input unknown UNMODELED"),
					unreachable(sim.CallECRImage, "app-a", reasons(sim.SGIngressDenied), eni("ecr-dkr")+": security-group denied SG_INGRESS_DENIED"),
					reaches(sim.CallECRLayers, "app-a", sim.ViaGatewayEndpoint),
					unreachable(sim.CallLogs, "app-a", reasons(sim.SGIngressDenied), eni("logs")+": security-group denied SG_INGRESS_DENIED"),
				},
				Inputs: []string{eni("ecr-api") + ": " + notKnown("policy", "VPC endpoint ecr-api") + ": the policy may deny ecr:GetAuthorizationToken"},
			},
		},
		{
			name:     "6.1.2 the narrowing fails: an undetermined endpoint policy on an open path leaves its call unknown",
			scenario: "filters", workload: "ok",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindEndpoint, "ecr-api", "policy")
			},
			want: narrowResult{
				Calls: []outcome{
					unknown(sim.CallECRAuth, "app-a", reasons(sim.Unmodeled), eni("ecr-api")+": input unknown UNMODELED"),
					reaches(sim.CallECRImage, "app-a", sim.ViaInterfaceEndpoint),
					reaches(sim.CallECRLayers, "app-a", sim.ViaGatewayEndpoint),
					reaches(sim.CallLogs, "app-a", sim.ViaInterfaceEndpoint),
				},
				Missing: map[sim.CallKind][]sim.Missing{sim.CallECRAuth: {setting("policy of ecr-api")}},
				Inputs:  []string{eni("ecr-api") + ": " + notKnown("policy", "VPC endpoint ecr-api") + ": the policy may deny ecr:GetAuthorizationToken"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadScenario(t, tt.scenario)
			tt.change(t, w)
			// A field the input does not determine is missing, as
			// terraform.Load leaves it; nothing else may be wrong.
			for _, d := range w.Validate() {
				if d.Severity == model.SeverityError && d.Code != model.CodeMissingField {
					t.Fatalf("the changed world does not validate: %v", d)
				}
			}
			got := narrowOf(workload(t, sim.Run(w), tt.workload))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNarrowedExplanations checks the words of the three outcomes: a call
// an undetermined setting cannot change says which rule decided and why
// the setting does not matter; an unreachable one names what blocks it
// whatever the setting is; an unknown one names every setting it depends
// on, with its position.
func TestNarrowedExplanations(t *testing.T) {
	tests := []struct {
		name     string
		scenario string
		workload string
		change   func(t *testing.T, w *model.World)
		want     string // the explanation of the workload's first call, ecr-auth
	}{
		{
			name:     "5.1.1 reachable: the known rule decides, and the undetermined one only adds allows",
			scenario: "filters", workload: "ok",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindSecurityGroup, "app", "egress.1.cidr_blocks")
			},
			want: "Reachable from app-a via interface-endpoint: task ENI in app-a -> private -> ENI of endpoint ecr-api in endpoints-a (10.0.0.0/24) -> api.ecr.ap-northeast-1.amazonaws.com." +
				" The input does not determine egress.1.cidr_blocks of app (main.tf:40:3), but it cannot change the answer: security groups only add allows (aws-rules 5.1.1), and app egress rule #1 (all traffic to 0.0.0.0/0, ::/0) already allows the connection.",
		},
		{
			name:     "4.2.4 unreachable: the route table drops the packet whatever the undetermined group allows",
			scenario: "routing", workload: "isolated",
			change: func(t *testing.T, w *model.World) {
				securityGroup(t, w, "app").Egress = nil
				undetermine(w, model.KindSecurityGroup, "app", "egress")
			},
			want: "api.ecr.ap-northeast-1.amazonaws.com from isolated-a is blocked (NO_ROUTE): no route in isolated matches a public address of ecr.api in ap-northeast-1 (aws-rules 4.2.4)." +
				" Fix: create an interface endpoint com.amazonaws.ap-northeast-1.ecr.api with private DNS in vpc main, or add a 0.0.0.0/0 route to a NAT gateway in isolated." +
				" Also blocking: UNMODELED at task ENI in isolated-a: egress of security group app is not known (known only after apply): that rule may allow egress TCP 443;" +
				" fix: give egress of app a value known before apply, or trace a state file where it is known." +
				" The input does not determine egress of app (main.tf:40:3), but it does not change the answer: route table isolated blocks the call (NO_ROUTE) whatever its value.",
		},
		{
			name:     "5.1.3 unknown: the settings it depends on, with their positions",
			scenario: "filters", workload: "sg-ingress",
			change: func(t *testing.T, w *model.World) {
				undetermine(w, model.KindService, "sg-ingress", "network_configuration.0.security_groups")
				undetermine(w, model.KindSecurityGroup, "endpoints", "ingress.1.cidr_blocks")
			},
			want: "api.ecr.ap-northeast-1.amazonaws.com from app-a cannot be decided (UNMODELED): ingress.1.cidr_blocks of security group endpoints is not known (known only after apply): that rule may allow ingress TCP 443." +
				" Fix: give ingress.1.cidr_blocks of endpoints a value known before apply, or trace a state file where it is known." +
				" Also blocking: UNMODELED at ENI of endpoint ecr-api in endpoints-a (10.0.0.0/24): network_configuration.0.security_groups of ECS service sg-ingress is not known (known only after apply):" +
				" a group it adds to task ENI in app-a (10.0.1.0/24) may be one that endpoints ingress rule #1 (tcp 443 from app) names;" +
				" fix: give network_configuration.0.security_groups of sg-ingress a value known before apply, or trace a state file where it is known." +
				" The answer depends on what the input does not determine: ingress.1.cidr_blocks of endpoints (main.tf:40:3), network_configuration.0.security_groups of sg-ingress (main.tf:40:3).",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadScenario(t, tt.scenario)
			tt.change(t, w)
			got := workload(t, sim.Run(w), tt.workload).Calls[0]
			if got.Kind != sim.CallECRAuth {
				t.Fatalf("first call %s, want ecr-auth", got.Kind)
			}
			if diff := cmp.Diff(tt.want, got.Explanation); diff != "" {
				t.Errorf("explanation (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUndeterminedAgentEndpointPolicy checks aws-rules 6.2.3 with a policy the
// input does not determine: the model never judges a custom policy for
// the ECS agent's calls, so the policy cannot change their verdict; the
// call stays reachable through the endpoint, with the warning 6.2.3 asks
// for.
func TestUndeterminedAgentEndpointPolicy(t *testing.T) {
	w := loadScenario(t, "ec2")
	w.VPCs[0].EnableDNSHostnames = true
	w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: "vpce", VPC: "main",
		Ingress: []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}}}})
	w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "ecs-agent", VPC: "main", Type: model.EndpointInterface, ServiceName: apne1 + "ecs-agent",
		Subnets: []string{"instances-a"}, SecurityGroups: []string{"vpce"}, PrivateDNS: true})
	undetermine(w, model.KindEndpoint, "ecs-agent", "policy")
	type agentCall struct {
		Outcome  outcome
		Inputs   []string
		Warnings []string
	}
	var got agentCall
	for _, c := range workload(t, sim.Run(w), "api").Calls {
		if c.Kind != sim.CallECSAgent {
			continue
		}
		r := narrowOf(sim.WorkloadResult{Calls: []sim.CallResult{c}})
		got = agentCall{Outcome: r.Calls[0], Inputs: r.Inputs, Warnings: c.Placements[0].Warnings}
	}
	eni := "ENI of endpoint ecs-agent in instances-a (10.0.1.0/24)"
	want := agentCall{
		Outcome: reaches(sim.CallECSAgent, "tasks-a", sim.ViaInterfaceEndpoint), // the placement; the instance in instances-a calls
		Inputs: []string{eni + ": policy of VPC endpoint ecs-agent is not known (" + unknownWhy +
			"), but it cannot change this check: the model does not judge endpoint policies for the ECS agent's calls (aws-rules 6.2.3)"},
		Warnings: []string{"the policy of endpoint ecs-agent is not known; if it is a custom policy, check that it allows the ECS agent (aws-rules 6.2.3)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ecs-agent call (-want +got):\n%s", diff)
	}
}
