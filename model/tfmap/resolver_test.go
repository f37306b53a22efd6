package tfmap

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

// sharedWhy is why a rule read with a data source is not determined.
const sharedWhy = afterApplyWhy + "; it comes from data source data.aws_route53_resolver_rule.shared, which vpctrace does not read"

// TestBuildResolverRules maps Resolver rules and their associations
// (aws-rules 3.3.5, 3.3.8): a rule's VPCs come from its associations, and
// an association whose rule the input does not describe stands for a rule
// of any domain and type.
func TestBuildResolverRules(t *testing.T) {
	rule := func(mod func(*model.ResolverRule)) model.ResolverRule {
		r := model.ResolverRule{ID: "aws_route53_resolver_rule.fwd", Source: at(2, 1), DomainName: ".", Type: model.ResolverForward,
			TargetIPs: []string{"192.168.0.53", "192.168.1.53:5353"}, ResolverEndpoint: "rslvr-out-1", VPCs: []string{"aws_vpc.main"}}
		if mod != nil {
			mod(&r)
		}
		return r
	}
	fwd := res(2, "aws_route53_resolver_rule.fwd", M{"id": "rslvr-rr-1", "domain_name": ".", "rule_type": "FORWARD", "resolver_endpoint_id": "rslvr-out-1",
		"target_ip": L{M{"ip": "192.168.0.53", "port": 53}, M{"ip": "192.168.1.53", "port": 5353}}})
	assoc := func(line int, ruleID any, opts ...func(*Resource)) Resource {
		return res(line, "aws_route53_resolver_rule_association.a", M{"resolver_rule_id": ruleID, "vpc_id": "vpc-1"}, opts...)
	}
	runCases(t, []buildCase{{
		name:      "3.3.5 a FORWARD rule for \".\" associated with the VPC, by ID",
		resources: []Resource{vpc(1, nil), fwd, assoc(3, "rslvr-rr-1")},
		want:      model.World{VPCs: []model.VPC{wantVPCMain(nil)}, ResolverRules: []model.ResolverRule{rule(nil)}},
	}, {
		name: "3.3.5 a SYSTEM rule with a trailing dot and a reference known only after apply",
		resources: []Resource{vpc(1, nil),
			res(2, "aws_route53_resolver_rule.sys", M{"id": U, "domain_name": "AmazonAWS.com.", "rule_type": "SYSTEM"}),
			assoc(3, U, refs("resolver_rule_id", "aws_route53_resolver_rule.sys"))},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)}, ResolverRules: []model.ResolverRule{{ID: "aws_route53_resolver_rule.sys", Source: at(2, 1),
			DomainName: "amazonaws.com", Type: model.ResolverSystem, VPCs: []string{"aws_vpc.main"}}}},
	}, {
		name:      "3.3.5 an unassociated rule applies to no VPC",
		resources: []Resource{vpc(1, nil), fwd},
		want:      model.World{VPCs: []model.VPC{wantVPCMain(nil)}, ResolverRules: []model.ResolverRule{rule(func(r *model.ResolverRule) { r.VPCs = nil })}},
	}, {
		name:      "3.3.8 an association of a shared rule the input does not describe",
		resources: []Resource{vpc(1, nil), assoc(3, "rslvr-rr-0shared", pos("resolver_rule_id", 3, 5))},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)}, ResolverRules: []model.ResolverRule{{ID: "aws_route53_resolver_rule_association.a", Source: at(3, 1),
			VPCs:         []string{"aws_vpc.main"},
			Undetermined: `the rule aws_route53_resolver_rule_association.a associates: "rslvr-rr-0shared" is not a Resolver rule the input describes`}},
			Unknowns: []model.Unknown{{ID: "aws_route53_resolver_rule_association.a", Kind: model.KindResolverRule, Field: "resolver_rule_id",
				Why: `"rslvr-rr-0shared" is not a Resolver rule the input describes`, Source: at(3, 5)}}},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(3, 5))},
	}, {
		name: "3.3.8 a rule read with a data source: its arguments give the domain and type",
		resources: []Resource{vpc(1, nil),
			res(2, "data.aws_route53_resolver_rule.shared", M{"id": U, "domain_name": "Corp.Example.com", "rule_type": "FORWARD"}),
			assoc(3, U, refs("resolver_rule_id", "data.aws_route53_resolver_rule.shared"), pos("resolver_rule_id", 3, 5))},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)}, ResolverRules: []model.ResolverRule{{ID: "aws_route53_resolver_rule_association.a", Source: at(3, 1),
			DomainName: "corp.example.com", Type: model.ResolverForward, VPCs: []string{"aws_vpc.main"},
			Undetermined: "the rule aws_route53_resolver_rule_association.a associates: " + sharedWhy}},
			Unknowns: []model.Unknown{{ID: "aws_route53_resolver_rule_association.a", Kind: model.KindResolverRule, Field: "resolver_rule_id",
				Why: sharedWhy, Source: at(3, 5)}}},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(3, 5))},
	}, {
		name: "3.3.8 a rule whose domain is known only after apply",
		resources: []Resource{vpc(1, nil),
			res(2, "aws_route53_resolver_rule.fwd", M{"id": "rslvr-rr-1", "domain_name": U, "rule_type": "FORWARD"}, refs("domain_name", "var.domain"), pos("domain_name", 2, 3)),
			assoc(3, "rslvr-rr-1")},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)}, ResolverRules: []model.ResolverRule{{ID: "aws_route53_resolver_rule.fwd", Source: at(2, 1),
			Type: model.ResolverForward, VPCs: []string{"aws_vpc.main"}}},
			Unknowns: []model.Unknown{{ID: "aws_route53_resolver_rule.fwd", Kind: model.KindResolverRule, Field: "domain_name", Why: afterApplyWhy, Source: at(2, 3)}}},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(2, 3))},
	}, {
		name:      "3.3.5 an association with a VPC of another root changes nothing",
		resources: []Resource{vpc(1, nil), fwd, res(3, "aws_route53_resolver_rule_association.a", M{"resolver_rule_id": "rslvr-rr-1", "vpc_id": "vpc-other"})},
		want:      model.World{VPCs: []model.VPC{wantVPCMain(nil)}, ResolverRules: []model.ResolverRule{rule(func(r *model.ResolverRule) { r.VPCs = nil })}},
	}})
}

// TestBuildDNSFirewall maps DNS Firewall domain lists, rule groups, rules
// and associations (aws-rules 3.9): a list, group or priority the input
// does not determine is kept as undetermined (3.9.5).
func TestBuildDNSFirewall(t *testing.T) {
	list := res(2, "aws_route53_resolver_firewall_domain_list.ecr", M{"id": "rslvr-fdl-1", "domains": L{"*.dkr.ecr.ap-northeast-1.amazonaws.com.", "API.ecr.ap-northeast-1.amazonaws.com"}})
	group := res(3, "aws_route53_resolver_firewall_rule_group.g", M{"id": "rslvr-frg-1"})
	block := res(4, "aws_route53_resolver_firewall_rule.block", M{"firewall_rule_group_id": "rslvr-frg-1", "firewall_domain_list_id": "rslvr-fdl-1",
		"priority": 200, "action": "BLOCK", "block_response": "NXDOMAIN", "firewall_domain_redirection_action": "TRUST_REDIRECTION_DOMAIN"})
	assoc := res(5, "aws_route53_resolver_firewall_rule_group_association.a", M{"firewall_rule_group_id": "rslvr-frg-1", "vpc_id": "vpc-1", "priority": 101})
	wantList := model.FirewallDomainList{ID: "aws_route53_resolver_firewall_domain_list.ecr", Source: at(2, 1),
		Domains: []string{"*.dkr.ecr.ap-northeast-1.amazonaws.com", "api.ecr.ap-northeast-1.amazonaws.com"}}
	wantBlock := model.FirewallRule{ID: "aws_route53_resolver_firewall_rule.block", Source: at(4, 1), Priority: 200, Action: model.FirewallBlock,
		BlockResponse: model.BlockNXDomain, DomainList: "aws_route53_resolver_firewall_domain_list.ecr", TrustRedirection: true}
	wantAssoc := model.FirewallAssociation{Name: "aws_route53_resolver_firewall_rule_group_association.a", Source: at(5, 1), VPC: "aws_vpc.main", Priority: 101}
	group1 := func(rules []model.FirewallRule, assocs ...model.FirewallAssociation) []model.FirewallRuleGroup {
		return []model.FirewallRuleGroup{{ID: "aws_route53_resolver_firewall_rule_group.g", Source: at(3, 1), Rules: rules, Associations: assocs}}
	}
	runCases(t, []buildCase{{
		name:      "3.9.1 a list, a group with a BLOCK rule and its association with the VPC",
		resources: []Resource{vpc(1, nil), list, group, block, assoc},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)}, FirewallDomainLists: []model.FirewallDomainList{wantList},
			FirewallRuleGroups: group1([]model.FirewallRule{wantBlock}, wantAssoc)},
	}, {
		name: "3.9.5 an AWS-managed list, named by its ID, is a list of undetermined domains",
		resources: []Resource{vpc(1, nil), group, assoc,
			res(4, "aws_route53_resolver_firewall_rule.block", M{"firewall_rule_group_id": "rslvr-frg-1", "firewall_domain_list_id": "rslvr-fdl-2c46f2ecfb3b4d88",
				"priority": 10, "action": "BLOCK", "block_response": "NODATA"}, pos("firewall_domain_list_id", 4, 5))},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)},
			FirewallDomainLists: []model.FirewallDomainList{{ID: "rslvr-fdl-2c46f2ecfb3b4d88", Source: at(4, 5), Undetermined: "not in the input: an AWS-managed list or one of another account"}},
			FirewallRuleGroups: group1([]model.FirewallRule{{ID: "aws_route53_resolver_firewall_rule.block", Source: at(4, 1), Priority: 10, Action: model.FirewallBlock,
				BlockResponse: model.BlockNoData, DomainList: "rslvr-fdl-2c46f2ecfb3b4d88"}}, wantAssoc)},
	}, {
		name: "3.9.5 domains and a rule priority known only after apply",
		resources: []Resource{vpc(1, nil), group, assoc,
			res(2, "aws_route53_resolver_firewall_domain_list.ecr", M{"id": "rslvr-fdl-1", "domains": U}, refs("domains", "var.domains"), pos("domains", 2, 3)),
			res(4, "aws_route53_resolver_firewall_rule.block", M{"firewall_rule_group_id": "rslvr-frg-1", "firewall_domain_list_id": "rslvr-fdl-1",
				"priority": U, "action": "ALLOW"}, refs("priority", "var.priority"), pos("priority", 4, 5))},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)},
			FirewallDomainLists: []model.FirewallDomainList{{ID: "aws_route53_resolver_firewall_domain_list.ecr", Source: at(2, 1), Undetermined: "domains"}},
			FirewallRuleGroups: group1([]model.FirewallRule{{ID: "aws_route53_resolver_firewall_rule.block", Source: at(4, 1), Action: model.FirewallAllow,
				DomainList: "aws_route53_resolver_firewall_domain_list.ecr", Undetermined: "priority"}}, wantAssoc),
			Unknowns: []model.Unknown{
				{ID: "aws_route53_resolver_firewall_domain_list.ecr", Kind: model.KindFirewallList, Field: "domains", Why: afterApplyWhy, Source: at(2, 3)},
				{ID: "aws_route53_resolver_firewall_rule.block", Kind: model.KindFirewallRule, Field: "priority", Why: afterApplyWhy, Source: at(4, 5)},
			}},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(2, 3)), diag(model.SeverityWarning, CodeUndetermined, at(4, 5))},
	}, {
		name: "3.9.5 domains imported from a file (domain_file_url) are not determined",
		resources: []Resource{vpc(1, nil),
			res(2, "aws_route53_resolver_firewall_domain_list.imported", M{"id": "rslvr-fdl-9", "domain_file_url": "s3://lists/block.txt"}, pos("domain_file_url", 2, 3))},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)},
			FirewallDomainLists: []model.FirewallDomainList{{ID: "aws_route53_resolver_firewall_domain_list.imported", Source: at(2, 1), Undetermined: "domain_file_url"}},
			Unknowns: []model.Unknown{{ID: "aws_route53_resolver_firewall_domain_list.imported", Kind: model.KindFirewallList, Field: "domain_file_url",
				Why: "the domains are imported from a file the input does not hold", Source: at(2, 3)}}},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(2, 3))},
	}, {
		name: "3.9.5 an association of a rule group the input does not describe",
		resources: []Resource{vpc(1, nil),
			res(5, "aws_route53_resolver_firewall_rule_group_association.a", M{"firewall_rule_group_id": "rslvr-frg-0fms", "vpc_id": "vpc-1", "priority": 101},
				pos("firewall_rule_group_id", 5, 3))},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)},
			FirewallRuleGroups: []model.FirewallRuleGroup{{ID: "aws_route53_resolver_firewall_rule_group_association.a", Source: at(5, 1),
				Associations: []model.FirewallAssociation{wantAssoc},
				Undetermined: `the rule group aws_route53_resolver_firewall_rule_group_association.a associates: "rslvr-frg-0fms" is not a DNS Firewall rule group the input describes`}},
			Unknowns: []model.Unknown{{ID: "aws_route53_resolver_firewall_rule_group_association.a", Kind: model.KindFirewallGroup, Field: "firewall_rule_group_id",
				Why: `"rslvr-frg-0fms" is not a DNS Firewall rule group the input describes`, Source: at(5, 3)}}},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(5, 3))},
	}, {
		name: "3.9.5 an association priority known only after apply",
		resources: []Resource{vpc(1, nil), list, group, block,
			res(5, "aws_route53_resolver_firewall_rule_group_association.a", M{"firewall_rule_group_id": "rslvr-frg-1", "vpc_id": "vpc-1", "priority": U},
				refs("priority", "var.priority"), pos("priority", 5, 3))},
		want: model.World{VPCs: []model.VPC{wantVPCMain(nil)}, FirewallDomainLists: []model.FirewallDomainList{wantList},
			FirewallRuleGroups: group1([]model.FirewallRule{wantBlock}, model.FirewallAssociation{Name: wantAssoc.Name, Source: at(5, 1), VPC: "aws_vpc.main", Undetermined: afterApplyWhy}),
			Unknowns:           []model.Unknown{{ID: "aws_route53_resolver_firewall_rule_group.g", Kind: model.KindFirewallGroup, Field: "priority", Why: afterApplyWhy, Source: at(5, 3)}}},
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(5, 3))},
	}})
}
