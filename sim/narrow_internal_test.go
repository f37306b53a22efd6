package sim

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/model"
)

// The filters' narrowing (narrow.go) as specs: each row is a check with
// rules the input does not determine, and the whole decision the rules of
// docs/aws-rules.md give. The model carries only which setting of a group or ACL
// is undetermined; these rows also give the parts of the rule that a
// richer input would know (its protocol, ports, peer, number, action), to
// pin what the evaluation does with them.

var (
	narrowAt  = model.Pos{File: "main.tf", Line: 12, Column: 3}
	anywhere  = netip.MustParsePrefix("0.0.0.0/0")
	taskENI   = endpointAddr{prefix: netip.MustParsePrefix("10.0.1.0/24"), sgs: []string{"other"}, label: "task ENI in app-a (10.0.1.0/24)"}
	endpointA = endpointAddr{prefix: netip.MustParsePrefix("10.0.0.10/32"), sgs: []string{"endpoints"}, label: "ENI of endpoint ecr-api (10.0.0.10)"}
)

// unknownOf is an undetermined setting of a security group or ACL.
func unknownOf(kind model.Kind, id, field string) model.Unknown {
	return model.Unknown{ID: id, Kind: kind, Field: field, Why: "known only after apply", Source: narrowAt}
}

// narrowWorld holds the groups the security group rows check.
func narrowWorld() *index {
	return newIndex(&model.World{SecurityGroups: []model.SecurityGroup{
		{ID: "app"}, // no egress rule the input determines
		{ID: "all-out", Egress: []model.SGRule{{Protocol: model.ProtocolAll, CIDRs: []netip.Prefix{anywhere}, Source: narrowAt}}},
		{ID: "by-cidr", Ingress: []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443,
			CIDRs: []netip.Prefix{netip.MustParsePrefix("10.9.0.0/16")}, Source: narrowAt}}},
		{ID: "by-group", Ingress: []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443,
			SecurityGroups: []string{"app"}, Source: narrowAt}}},
	}})
}

func TestSecurityGroupNarrowing(t *testing.T) {
	rule := unknownOf(model.KindSecurityGroup, "app", "egress.1.cidr_blocks")
	vpcID := unknownOf(model.KindSecurityGroup, "app", "vpc_id")
	ingress := unknownOf(model.KindSecurityGroup, "app", "ingress.0.cidr_blocks")
	byCIDR := unknownOf(model.KindSecurityGroup, "by-cidr", "ingress.1.cidr_blocks")
	taskGroups := model.Unknown{ID: "svc", Kind: model.KindService, Field: "network_configuration.0.security_groups",
		Why: `"sg-0ext" is not a security group the input describes`, Source: narrowAt}
	noRule := "no egress rule of app that the input determines matches"
	allOut := "all-out egress rule #1 (all traffic to 0.0.0.0/0)"
	tests := []struct {
		name   string
		groups []string
		open   []openRule
		egress bool
		peer   sgPeer
		want   decision
	}{
		{
			name:   "5.1.3 another protocol: an egress rule to an unknown peer on udp 53 cannot allow TCP 443",
			groups: []string{"app"}, egress: true, peer: sgPeer{addr: endpointA, sgs: endpointA.sgs, refsOK: true},
			open: []openRule{{setting: rule, side: sideEgress, known: partProtocol | partPorts,
				sg: model.SGRule{Protocol: model.ProtocolUDP, FromPort: 53, ToPort: 53}}},
			want: decision{outcome: deny, known: deny, note: noRule, open: []openNote{{setting: rule,
				effect: "it cannot change this check: its protocol is udp, and the connection is TCP 443 (aws-rules 5.1.3)"}}},
		},
		{
			name:   "5.1.3 another port range: an egress rule for tcp 8080-8090 cannot allow TCP 443",
			groups: []string{"app"}, egress: true, peer: sgPeer{addr: endpointA, sgs: endpointA.sgs, refsOK: true},
			open: []openRule{{setting: rule, side: sideEgress, known: partProtocol | partPorts,
				sg: model.SGRule{Protocol: model.ProtocolTCP, FromPort: 8080, ToPort: 8090}}},
			want: decision{outcome: deny, known: deny, note: noRule, open: []openNote{{setting: rule,
				effect: "it cannot change this check: it covers ports 8080-8090, and the connection is TCP 443 (aws-rules 5.1.3)"}}},
		},
		{
			// The narrowing fails: the ports match, the peer is unknown.
			name:   "5.1.3 same protocol and port, unknown peer: the rule may allow the connection, so the check is undetermined",
			groups: []string{"app"}, egress: true, peer: sgPeer{addr: endpointA, sgs: endpointA.sgs, refsOK: true},
			open: []openRule{{setting: rule, side: sideEgress, known: partProtocol | partPorts,
				sg: model.SGRule{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443}}},
			want: decision{outcome: undetermined, known: deny, open: []openNote{{setting: rule, matters: true,
				effect: "that rule may allow egress TCP 443"}}},
		},
		{
			name:   "5.1.3 a known peer that does not cover the address: the rule cannot match, whatever its ports",
			groups: []string{"app"}, egress: true, peer: sgPeer{addr: endpointA, sgs: endpointA.sgs, refsOK: true},
			open: []openRule{{setting: rule, side: sideEgress, known: partPeer,
				sg: model.SGRule{CIDRs: []netip.Prefix{netip.MustParsePrefix("192.168.0.0/16")}}}},
			want: decision{outcome: deny, known: deny, note: noRule, open: []openNote{{setting: rule,
				effect: "it cannot change this check: its peers (192.168.0.0/16) do not include ENI of endpoint ecr-api (10.0.0.10) (aws-rules 5.1.3)"}}},
		},
		{
			// Nothing of the rule is known (as the model has it today).
			name:   "5.1.1 groups are unions of allows: an undetermined rule cannot take away the allow of a known one",
			groups: []string{"app", "all-out"}, egress: true, peer: sgPeer{addr: endpointA, sgs: endpointA.sgs, refsOK: true},
			open: []openRule{{setting: rule, side: sideEgress}},
			want: decision{outcome: allow, known: allow, rule: allOut, source: narrowAt, open: []openNote{{setting: rule,
				effect: "it cannot change this check: security groups only add allows (aws-rules 5.1.1), and " + allOut + " already allows the connection"}}},
		},
		{
			name:   "5.1.1 groups are stateful: an undetermined ingress rule cannot change an egress check",
			groups: []string{"app"}, egress: true, peer: sgPeer{addr: endpointA, sgs: endpointA.sgs, refsOK: true},
			open: []openRule{{setting: ingress, side: sideIngress}},
			want: decision{outcome: deny, known: deny, note: "no egress rule of app that the input determines matches", open: []openNote{{setting: ingress,
				effect: "it cannot change this check: it is an ingress rule of app, and security groups are stateful, so the replies of an allowed connection need no rule (aws-rules 5.1.1)"}}},
		},
		{
			name:   "5.1.1 an undetermined egress rule of a group whose known rules deny: the check is undetermined",
			groups: []string{"app"}, egress: true, peer: sgPeer{addr: endpointA, sgs: endpointA.sgs, refsOK: true},
			open: []openRule{{setting: rule, side: sideEgress}},
			want: decision{outcome: undetermined, known: deny, open: []openNote{{setting: rule, matters: true,
				effect: "that rule may allow egress TCP 443"}}},
		},
		{
			// A group whose VPC is not known may not be attachable at all
			// (aws-rules 5.1.8, proposed): the model does not narrow it.
			name:   "5.1.1 a setting of the whole group leaves the check open, even where another group allows",
			groups: []string{"app", "all-out"}, egress: true, peer: sgPeer{addr: endpointA, sgs: endpointA.sgs, refsOK: true},
			open: []openRule{{setting: vpcID, side: sideWhole}},
			want: decision{outcome: undetermined, known: allow, rule: allOut, source: narrowAt, open: []openNote{{setting: vpcID, matters: true,
				effect: "the model cannot tell what security group app does here"}}},
		},
		{
			name:   "5.1.3 the peer's groups are partly unknown, but no rule covering the port names a group: decided by CIDR",
			groups: []string{"by-cidr"}, egress: false, peer: sgPeer{addr: taskENI, sgs: taskENI.sgs, open: []model.Unknown{taskGroups}, refsOK: true},
			want: decision{outcome: deny, known: deny, note: "no ingress rule of by-cidr that the input determines matches", open: []openNote{{setting: taskGroups,
				effect: "it cannot change this check: it decides only which groups task ENI in app-a (10.0.1.0/24) carries, and no ingress rule of by-cidr that covers TCP 443 names a security group (aws-rules 5.1.3)"}}},
		},
		{
			// The narrowing fails: the task may carry group app.
			name:   "5.1.3 the peer's groups are partly unknown and a rule names a group: the check is undetermined",
			groups: []string{"by-group"}, egress: false, peer: sgPeer{addr: taskENI, sgs: taskENI.sgs, open: []model.Unknown{taskGroups}, refsOK: true},
			want: decision{outcome: undetermined, known: deny, open: []openNote{{setting: taskGroups, matters: true,
				effect: "a group it adds to task ENI in app-a (10.0.1.0/24) may be one that by-group ingress rule #1 (tcp 443 from app) names"}}},
		},
		{
			name:   "5.1.7 the peer's groups are partly unknown, across a transit gateway without group referencing: references never match",
			groups: []string{"by-group"}, egress: false, peer: sgPeer{addr: taskENI, sgs: taskENI.sgs, open: []model.Unknown{taskGroups}, refsOK: false},
			want: decision{outcome: deny, known: deny, note: "no ingress rule of by-group that the input determines matches", open: []openNote{{setting: taskGroups,
				effect: "it cannot change this check: it decides only which groups task ENI in app-a (10.0.1.0/24) carries, and security group references do not match across this transit gateway, whose referencing option is off (aws-rules 5.1.7)"}}},
		},
		{
			// An undetermined ingress rule from a known group: the task
			// may carry that group.
			name:   "5.1.3 a rule whose known peer is a group, and a peer whose groups are partly unknown: the rule may match",
			groups: []string{"by-cidr"}, egress: false, peer: sgPeer{addr: taskENI, sgs: taskENI.sgs, open: []model.Unknown{taskGroups}, refsOK: true},
			open: []openRule{{setting: byCIDR, side: sideIngress, known: partPeer, sg: model.SGRule{SecurityGroups: []string{"app"}}}},
			want: decision{outcome: undetermined, known: deny, open: []openNote{
				{setting: byCIDR, matters: true, effect: "that rule may allow ingress TCP 443"},
				{setting: taskGroups, effect: "it cannot change this check: it decides only which groups task ENI in app-a (10.0.1.0/24) carries, and no ingress rule of by-cidr that covers TCP 443 names a security group (aws-rules 5.1.3)"},
			}},
		},
		{
			name:   "5.1.3 a rule whose known peer is a CIDR that does not cover the peer cannot match, whatever groups the peer carries",
			groups: []string{"by-cidr"}, egress: false, peer: sgPeer{addr: taskENI, sgs: taskENI.sgs, open: []model.Unknown{taskGroups}, refsOK: true},
			open: []openRule{{setting: byCIDR, side: sideIngress, known: partPeer, sg: model.SGRule{CIDRs: []netip.Prefix{netip.MustParsePrefix("10.8.0.0/16")}}}},
			want: decision{outcome: deny, known: deny, note: "no ingress rule of by-cidr that the input determines matches", open: []openNote{
				{setting: byCIDR, effect: "it cannot change this check: its peers (10.8.0.0/16) do not include task ENI in app-a (10.0.1.0/24) (aws-rules 5.1.3)"},
				{setting: taskGroups, effect: "it cannot change this check: it decides only which groups task ENI in app-a (10.0.1.0/24) carries, and no ingress rule of by-cidr that covers TCP 443 names a security group (aws-rules 5.1.3)"},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := narrowWorld().sgCheckWith(tt.groups, tt.open, nil, tt.egress, tt.peer, 443)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(decision{}, openNote{}), cmpopts.EquateComparable(netip.Prefix{})); diff != "" {
				t.Errorf("decision (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNetworkACLNarrowing(t *testing.T) {
	rule := unknownOf(model.KindNetworkACL, "private", "egress.1.cidr_block")
	in := unknownOf(model.KindNetworkACL, "private", "ingress.1.cidr_block")
	subnets := unknownOf(model.KindNetworkACL, "private", "subnet_ids")
	out443 := func(n int, allow bool) *model.NetworkACL {
		return &model.NetworkACL{ID: "private", Egress: []model.ACLRule{{Number: n, Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443,
			CIDR: anywhere, Allow: allow, Source: narrowAt}}}
	}
	allow100 := "private outbound rule 100 (allow tcp 443 0.0.0.0/0)"
	port := portRange{443, 443}
	tests := []struct {
		name string
		acl  *model.NetworkACL
		open []openRule
		want decision
	}{
		{
			name: "5.2.1 first match in number order: a rule numbered after the deciding rule cannot change it",
			acl:  out443(100, true),
			open: []openRule{{setting: rule, side: sideEgress, known: partNumber, acl: model.ACLRule{Number: 200}}},
			want: decision{outcome: allow, known: allow, rule: allow100, source: narrowAt, number: 100, open: []openNote{{setting: rule,
				effect: "it cannot change this check: it is rule 200, and " + allow100 + " comes first and decides (aws-rules 5.2.1)"}}},
		},
		{
			name: "5.2.1 no rule comes before rule 1: its decision stands, whatever the undetermined rule is",
			acl:  out443(1, true),
			open: []openRule{{setting: rule, side: sideEgress}},
			want: decision{outcome: allow, known: allow, rule: "private outbound rule 1 (allow tcp 443 0.0.0.0/0)", source: narrowAt, number: 1, open: []openNote{{setting: rule,
				effect: "it cannot change this check: private outbound rule 1 (allow tcp 443 0.0.0.0/0) decides, and no rule comes before rule 1 (aws-rules 5.2.1)"}}},
		},
		{
			// The narrowing fails: its number may be lower than 100.
			name: "5.2.1 a rule of unknown number may come first and decide either way: the check is undetermined",
			acl:  out443(100, true),
			open: []openRule{{setting: rule, side: sideEgress}},
			want: decision{outcome: undetermined, known: allow, rule: allow100, source: narrowAt, number: 100, open: []openNote{{setting: rule, matters: true,
				effect: "that rule may match the packet before " + allow100 + " and decide it the other way"}}},
		},
		{
			name: "5.2.1 a rule that would decide the same way cannot change the check, wherever it comes",
			acl:  out443(100, false),
			open: []openRule{{setting: rule, side: sideEgress, known: partAction, acl: model.ACLRule{Allow: false}}},
			want: decision{outcome: deny, known: deny, rule: "private outbound rule 100 (deny tcp 443 0.0.0.0/0)", source: narrowAt, number: 100, open: []openNote{{setting: rule,
				effect: "it cannot change this check: it would deny the packet too, as private outbound rule 100 (deny tcp 443 0.0.0.0/0) does (aws-rules 5.2.1)"}}},
		},
		{
			name: "5.2.1 another protocol: a udp rule cannot match a TCP packet",
			acl:  out443(100, true),
			open: []openRule{{setting: rule, side: sideEgress, known: partProtocol, acl: model.ACLRule{Protocol: model.ProtocolUDP}}},
			want: decision{outcome: allow, known: allow, rule: allow100, source: narrowAt, number: 100, open: []openNote{{setting: rule,
				effect: "it cannot change this check: its protocol is udp, and the packet is TCP 443 (aws-rules 5.2.1)"}}},
		},
		{
			name: "5.2.1 each direction has its own list: an inbound rule cannot change the outbound check",
			acl:  out443(100, true),
			open: []openRule{{setting: in, side: sideIngress}},
			want: decision{outcome: allow, known: allow, rule: allow100, source: narrowAt, number: 100, open: []openNote{{setting: in,
				effect: "it cannot change this check: it is an inbound rule of private, and an ACL checks each direction against its own list (aws-rules 5.2.1)"}}},
		},
		{
			name: "5.2.1 a rule of known number before the final * rule may allow what the known rules deny",
			acl:  &model.NetworkACL{ID: "private", Source: narrowAt},
			open: []openRule{{setting: rule, side: sideEgress, known: partNumber, acl: model.ACLRule{Number: 50}}},
			want: decision{outcome: undetermined, known: deny, rule: "private outbound rule * (deny all)", source: narrowAt, open: []openNote{{setting: rule, matters: true,
				effect: "that rule may match the packet before the final rule * and decide it the other way"}}},
		},
		{
			name: "5.2.1 a setting of the whole ACL leaves the check open",
			acl:  out443(1, true),
			open: []openRule{{setting: subnets, side: sideWhole}},
			want: decision{outcome: undetermined, known: allow, rule: "private outbound rule 1 (allow tcp 443 0.0.0.0/0)", source: narrowAt, number: 1, open: []openNote{{setting: subnets, matters: true,
				effect: "the model cannot tell what network ACL private does here"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := aclCheckWith(tt.acl, tt.open, true, endpointA, port)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(decision{}, openNote{}), cmpopts.EquateComparable(netip.Prefix{})); diff != "" {
				t.Errorf("decision (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUndeterminedRuleSides checks which rule list an undetermined setting
// of a group or ACL belongs to, by the names tfmap gives them.
func TestUndeterminedRuleSides(t *testing.T) {
	tests := []struct {
		kind  model.Kind
		field string
		want  side
	}{
		{model.KindSecurityGroup, "egress", sideEgress},                        // the inline list
		{model.KindSecurityGroup, "ingress.2.cidr_blocks", sideIngress},        // one inline rule
		{model.KindSecurityGroup, "cidr_ipv4", sideEither},                     // a rule resource's attribute
		{model.KindSecurityGroup, "source_security_group_id", sideEither},      // aws_security_group_rule
		{model.KindSecurityGroup, "vpc_id", sideWhole},                         // the group's VPC
		{model.KindSecurityGroup, "aws_security_group_rule.extra", sideEither}, // unknown number of rules
		{model.KindSecurityGroup, "aws_vpc_security_group_egress_rule.edge_to_cloudfront", sideEgress},
		{model.KindSecurityGroup, "module.net.aws_vpc_security_group_ingress_rule.https", sideIngress},
		{model.KindNetworkACL, "egress.0.rule_no", sideEgress},
		{model.KindNetworkACL, "rule_number", sideEither},
		{model.KindNetworkACL, "aws_network_acl_rule.deny_smtp", sideEither},
		{model.KindNetworkACL, "subnet_ids", sideWhole},
	}
	for _, tt := range tests {
		ix := newIndex(&model.World{Unknowns: []model.Unknown{{ID: "x", Kind: tt.kind, Field: tt.field}}})
		got := ix.openRules(tt.kind, "x")
		want := []openRule{{setting: model.Unknown{ID: "x", Kind: tt.kind, Field: tt.field}, side: tt.want}}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(openRule{}), cmpopts.EquateComparable(netip.Prefix{})); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", tt.kind, tt.field, diff)
		}
	}
}
