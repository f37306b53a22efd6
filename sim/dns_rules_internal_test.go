package sim

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
)

// Resolver rules (aws-rules 3.3.5 to 3.3.9) and DNS Firewall (3.9) as
// specs: each row is a small world and one name, and the whole answer the
// rules give: its reason and verdict, the addresses it leads to, what the
// answer depends on, and the DNS steps' actions.

var dnsAt = model.Pos{File: "dns.tf", Line: 3, Column: 1}

// dnsWorld is one VPC (10.0.0.0/16, DNS hostnames on) with a logs
// endpoint whose private DNS is on, and whatever change adds.
func dnsWorld(change func(w *model.World)) *model.World {
	w := &model.World{
		Region: "ap-northeast-1",
		VPCs: []model.VPC{{ID: "app", Source: dnsAt, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")},
			EnableDNSSupport: true, EnableDNSHostnames: true}},
		Subnets: []model.Subnet{{ID: "app-a", VPC: "app", AZ: "ap-northeast-1a", CIDR: netip.MustParsePrefix("10.0.1.0/24")}},
		Endpoints: []model.Endpoint{{ID: "logs", Source: dnsAt, VPC: "app", Type: model.EndpointInterface,
			ServiceName: "com.amazonaws.ap-northeast-1.logs", PrivateDNS: true, Subnets: []string{"app-a"}}},
	}
	if change != nil {
		change(w)
	}
	return w
}

// dnsAnswer is what the rows compare of a dnsResult.
type dnsAnswer struct {
	Reason  Reason
	Verdict Verdict
	Addrs   []string
	Missing []string
	Actions []Action
}

func answerOf(r dnsResult) dnsAnswer {
	a := dnsAnswer{Reason: r.reason, Verdict: r.verdict}
	for _, x := range r.addrs {
		a.Addrs = append(a.Addrs, x.String())
	}
	for _, m := range r.missing {
		a.Missing = append(a.Missing, m.What)
	}
	for _, s := range r.steps {
		a.Actions = append(a.Actions, s.Action)
	}
	return a
}

const (
	logsHost = "logs.ap-northeast-1.amazonaws.com"
	ecrHost  = "api.ecr.ap-northeast-1.amazonaws.com"
	logsENI  = "ENI of endpoint logs in app-a (10.0.1.0/24)"
	ecrPub   = "a public address of ecr.api in ap-northeast-1"
)

func fwdRule(id, domain string, vpcs ...string) model.ResolverRule {
	return model.ResolverRule{ID: id, Source: dnsAt, DomainName: domain, Type: model.ResolverForward, TargetIPs: []string{"192.168.0.53"}, VPCs: vpcs}
}

func systemRule(id, domain string) model.ResolverRule {
	return model.ResolverRule{ID: id, Source: dnsAt, DomainName: domain, Type: model.ResolverSystem, VPCs: []string{"app"}}
}

func withRules(rules ...model.ResolverRule) func(w *model.World) {
	return func(w *model.World) { w.ResolverRules = append(w.ResolverRules, rules...) }
}

func TestResolverRules(t *testing.T) {
	resolved := func(addrs ...string) dnsAnswer {
		return dnsAnswer{Addrs: addrs, Actions: []Action{ActionResolved}}
	}
	explained := func(addrs ...string) dnsAnswer {
		return dnsAnswer{Addrs: addrs, Actions: []Action{ActionResolved, ActionResolved}}
	}
	forwardedTo := dnsAnswer{Reason: DNSResolverUnknown, Verdict: Unknown, Actions: []Action{ActionUnknown}}
	tests := []struct {
		name   string
		change func(w *model.World)
		host   string
		want   dnsAnswer
	}{
		{name: "3.3.5 no rule: the endpoint zone answers, with no rule step", host: logsHost, want: resolved(logsENI)},
		{name: "3.3.5 a rule of another VPC does not apply", change: withRules(fwdRule("r", ".", "other")), host: ecrHost, want: resolved(ecrPub)},
		{name: "3.3.5 FORWARD \".\" wins for a name no zone covers", change: withRules(fwdRule("r", ".", "app")), host: ecrHost, want: forwardedTo},
		{name: "3.3.5 FORWARD \".\" loses to the endpoint zone, which says so", change: withRules(fwdRule("r", ".", "app")), host: logsHost, want: explained(logsENI)},
		{name: "3.3.5 FORWARD amazonaws.com loses to a more specific private zone", change: func(w *model.World) {
			withRules(fwdRule("r", "amazonaws.com", "app"))(w)
			w.HostedZones = []model.HostedZone{{ID: "z", Name: "api.ecr.ap-northeast-1.amazonaws.com", VPCs: []string{"app"},
				Records: []model.Record{{Name: ecrHost, Type: model.RecordA, Values: []string{"52.95.110.2"}}}}}
		}, host: ecrHost, want: explained("public address 52.95.110.2")},
		{name: "3.3.5 FORWARD for the endpoint's exact name beats its autodefined rule", change: withRules(fwdRule("r", logsHost, "app")), host: logsHost, want: forwardedTo},
		{name: "3.3.5 matching is on whole labels: FORWARD ecr.api... does not cover api.ecr...", change: withRules(fwdRule("r", "ecr.api.ap-northeast-1.amazonaws.com", "app")), host: ecrHost, want: resolved(ecrPub)},
		{name: "3.3.5 the most specific of two FORWARD rules decides, and forwards", change: withRules(fwdRule("wide", ".", "app"), fwdRule("narrow", "ecr.ap-northeast-1.amazonaws.com", "app")),
			host: ecrHost, want: forwardedTo},
		{name: "3.3.7 SYSTEM amazonaws.com under FORWARD \".\": the resolver answers", change: withRules(fwdRule("r", ".", "app"), systemRule("s", "amazonaws.com")), host: ecrHost, want: explained(ecrPub)},
		{name: "3.3.7 FORWARD under a less specific SYSTEM rule still forwards", change: withRules(systemRule("s", "amazonaws.com"), fwdRule("r", ecrHost, "app")), host: ecrHost, want: forwardedTo},
		{name: "3.3.7 RECURSIVE is treated like SYSTEM", change: withRules(fwdRule("r", ".", "app"), model.ResolverRule{ID: "rec", DomainName: "amazonaws.com", Type: model.ResolverRecursive, VPCs: []string{"app"}}),
			host: ecrHost, want: explained(ecrPub)},
		{name: "3.3.5 Resolver's own RECURSIVE \".\" rule, listed before a FORWARD \".\" rule, loses the tie to it: FORWARD decides", change: withRules(
			model.ResolverRule{ID: "rslvr-autodefined-rr-internet-resolver", DomainName: ".", Type: model.ResolverRecursive, VPCs: []string{"app"}}, fwdRule("r", ".", "app")),
			host: ecrHost, want: forwardedTo},
		{name: "3.3.6 an EC2 name keeps its autodefined rule under FORWARD \".\"", change: func(w *model.World) {
			withRules(fwdRule("r", ".", "app"))(w)
			w.HostedZones = []model.HostedZone{{ID: "z", Name: "corp.internal", VPCs: []string{"app"}}}
		}, host: "ip-10-0-1-5.ap-northeast-1.compute.internal", want: explained("a public internet address")},
		{name: "3.3.8 a shared rule may forward any name: unknown, naming it", change: withRules(model.ResolverRule{ID: "shared", Source: dnsAt, VPCs: []string{"app"}, Undetermined: "shared through AWS RAM"}),
			host: ecrHost, want: dnsAnswer{Reason: Unmodeled, Verdict: Unknown, Missing: []string{"Resolver rule shared"}, Actions: []Action{ActionUnknown}}},
		{name: "3.3.8 a shared rule whose domain and type the input gives forwards only its names", change: withRules(model.ResolverRule{ID: "shared", DomainName: "corp.example.com",
			Type: model.ResolverForward, VPCs: []string{"app"}, Undetermined: "read with a data source"}), host: "db.corp.example.com", want: forwardedTo},
		{name: "3.3.8 and leaves the other names to the Amazon resolver", change: withRules(model.ResolverRule{ID: "shared", DomainName: "corp.example.com",
			Type: model.ResolverForward, VPCs: []string{"app"}, Undetermined: "read with a data source"}), host: ecrHost, want: resolved(ecrPub)},
		{name: "3.3.8 a known SYSTEM rule of undetermined domain changes nothing", change: withRules(model.ResolverRule{ID: "sys", Type: model.ResolverSystem, VPCs: []string{"app"}, Undetermined: "domain_name"}),
			host: ecrHost, want: resolved(ecrPub)},
		{name: "3.3.8 a FORWARD rule whose VPC is not determined, less specific than the endpoint zone, changes nothing", change: func(w *model.World) {
			withRules(fwdRule("maybe", "amazonaws.com"))(w)
			w.Unknowns = []model.Unknown{{ID: "maybe", Kind: model.KindResolverRule, Field: "vpc_id", Why: "known only after apply"}}
		}, host: logsHost, want: resolved(logsENI)},
		{name: "3.3.8 the same rule is unknown for a name only public DNS answers", change: func(w *model.World) {
			withRules(fwdRule("maybe", "amazonaws.com"))(w)
			w.Unknowns = []model.Unknown{{ID: "maybe", Kind: model.KindResolverRule, Field: "vpc_id", Why: "known only after apply"}}
		}, host: ecrHost, want: dnsAnswer{Reason: Unmodeled, Verdict: Unknown, Missing: []string{"vpc_id of maybe"}, Actions: []Action{ActionUnknown}}},
		{name: "3.3.9 custom DHCP name servers: no rule is read", change: func(w *model.World) {
			withRules(fwdRule("r", ".", "app"))(w)
			w.DHCPOptions = []model.DHCPOptions{{ID: "corp", DomainNameServers: []string{"192.168.0.53"}}}
			w.VPCs[0].DHCPOptions = "corp"
		}, host: ecrHost, want: forwardedTo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := dnsWorld(tt.change)
			ix := newIndex(w)
			got := answerOf(ix.resolve(&w.VPCs[0], "ap-northeast-1a", tt.host))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resolve(%s) (-want +got):\n%s", tt.host, diff)
			}
		})
	}
}

// list is a DNS Firewall domain list.
func list(id string, domains ...string) model.FirewallDomainList {
	return model.FirewallDomainList{ID: id, Source: dnsAt, Domains: domains}
}

func fwRule(id string, priority int, action model.FirewallAction, response model.FirewallBlockResponse, domainList string) model.FirewallRule {
	return model.FirewallRule{ID: id, Source: dnsAt, Priority: priority, Action: action, BlockResponse: response, DomainList: domainList}
}

// withFirewall associates one group of rules with vpc app at priority 100.
func withFirewall(lists []model.FirewallDomainList, rules ...model.FirewallRule) func(w *model.World) {
	return func(w *model.World) {
		w.FirewallDomainLists = append(w.FirewallDomainLists, lists...)
		w.FirewallRuleGroups = append(w.FirewallRuleGroups, model.FirewallRuleGroup{ID: "g", Source: dnsAt, Rules: rules,
			Associations: []model.FirewallAssociation{{VPC: "app", Priority: 100, Source: dnsAt}}})
	}
}

func TestDNSFirewall(t *testing.T) {
	block := dnsAnswer{Reason: DNSFirewallBlocked, Verdict: Unreachable, Actions: []Action{ActionFailed}}
	passed := func(addrs ...string) dnsAnswer {
		return dnsAnswer{Addrs: addrs, Actions: []Action{ActionResolved, ActionResolved}}
	}
	unsure := func(missing ...string) dnsAnswer {
		return dnsAnswer{Reason: Unmodeled, Verdict: Unknown, Missing: missing, Actions: []Action{ActionUnknown}}
	}
	all := []model.FirewallDomainList{list("all", "*"), list("logs", logsHost), list("below", "*.ap-northeast-1.amazonaws.com"),
		list("apex", "ap-northeast-1.amazonaws.com"), list("upper", "LOGS.ap-northeast-1.amazonaws.com"), list("odd", "*logs.ap-northeast-1.amazonaws.com")}
	all[4].Domains = []string{model.FirewallDomain("LOGS.ap-northeast-1.amazonaws.com.")}
	tests := []struct {
		name   string
		change func(w *model.World)
		host   string
		want   dnsAnswer
	}{
		{name: "3.9.1 no group: no firewall step", host: logsHost, want: dnsAnswer{Addrs: []string{logsENI}, Actions: []Action{ActionResolved}}},
		{name: "3.9.1 no rule matches: the query goes on, and the step says so", change: withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "logs")),
			host: ecrHost, want: passed(ecrPub)},
		{name: "3.9.1 ALLOW at priority 1 before BLOCK at priority 2", change: withFirewall(all, fwRule("b", 2, model.FirewallBlock, model.BlockNXDomain, "all"), fwRule("a", 1, model.FirewallAllow, "", "logs")),
			host: logsHost, want: passed(logsENI)},
		{name: "3.9.1 BLOCK at priority 1 before ALLOW at priority 2", change: withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "all"), fwRule("a", 2, model.FirewallAllow, "", "logs")),
			host: logsHost, want: block},
		{name: "3.9.2 ALERT ends the evaluation like ALLOW", change: withFirewall(all, fwRule("al", 1, model.FirewallAlert, "", "logs"), fwRule("b", 2, model.FirewallBlock, model.BlockNXDomain, "all")),
			host: logsHost, want: passed(logsENI)},
		{name: "3.9.2 BLOCK NODATA: the name does not resolve", change: withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNoData, "logs")), host: logsHost, want: block},
		{name: "3.9.1 groups by association priority: the lower one decides", change: func(w *model.World) {
			withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "all"))(w)
			w.FirewallRuleGroups = append(w.FirewallRuleGroups, model.FirewallRuleGroup{ID: "first", Rules: []model.FirewallRule{fwRule("a", 9, model.FirewallAllow, "", "logs")},
				Associations: []model.FirewallAssociation{{VPC: "app", Priority: 50}}})
		}, host: logsHost, want: passed(logsENI)},
		{name: "3.9.3 a wildcard matches a name below its domain", change: withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "below")), host: logsHost, want: block},
		{name: "3.9.3 a wildcard does not match its apex", change: withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "below")),
			host: "ap-northeast-1.amazonaws.com", want: passed("a public internet address")},
		{name: "3.9.3 an exact entry does not match names below it", change: withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "apex")), host: logsHost, want: passed(logsENI)},
		{name: "3.9.3 entries match without regard to case or trailing dot", change: withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "upper")), host: logsHost, want: block},
		{name: "3.9.3 a * inside a label is not documented: unknown", change: withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "odd")), host: logsHost,
			want: unsure("the domains of list odd")},
		{name: "3.9.4 a rule for AAAA queries does not decide the calls' A lookups", change: withFirewall(all, model.FirewallRule{ID: "v6", Priority: 1, Action: model.FirewallBlock, BlockResponse: model.BlockNXDomain, DomainList: "all", QType: "AAAA"}),
			host: logsHost, want: passed(logsENI)},
		{name: "3.9.4 a CNAME target is inspected too", change: func(w *model.World) {
			withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "logs"))(w)
			w.HostedZones = []model.HostedZone{{ID: "z", Name: "corp.internal", VPCs: []string{"app"},
				Records: []model.Record{{Name: "logs.corp.internal", Type: model.RecordCNAME, Values: []string{logsHost}}}}}
		}, host: "logs.corp.internal", want: dnsAnswer{Reason: DNSFirewallBlocked, Verdict: Unreachable, Actions: []Action{ActionResolved, ActionResolved, ActionFailed}}},
		{name: "3.9.4 TRUST_REDIRECTION_DOMAIN on the ALLOW rule trusts the CNAME target", change: func(w *model.World) {
			allow := fwRule("a", 1, model.FirewallAllow, "", "corp")
			allow.TrustRedirection = true
			withFirewall(append(all, list("corp", "logs.corp.internal")), allow, fwRule("b", 2, model.FirewallBlock, model.BlockNXDomain, "logs"))(w)
			w.HostedZones = []model.HostedZone{{ID: "z", Name: "corp.internal", VPCs: []string{"app"},
				Records: []model.Record{{Name: "logs.corp.internal", Type: model.RecordCNAME, Values: []string{logsHost}}}}}
		}, host: "logs.corp.internal", want: dnsAnswer{Addrs: []string{logsENI}, Actions: []Action{ActionResolved, ActionResolved, ActionResolved}}},
		{name: "3.9.2 OVERRIDE to a name a private zone answers is followed", change: func(w *model.World) {
			o := fwRule("o", 1, model.FirewallBlock, model.BlockOverride, "logs")
			o.BlockOverrideDomain = "sinkhole.corp.internal"
			withFirewall(all, o)(w)
			w.HostedZones = []model.HostedZone{{ID: "z", Name: "corp.internal", VPCs: []string{"app"},
				Records: []model.Record{{Name: "sinkhole.corp.internal", Type: model.RecordA, Values: []string{"52.95.110.1"}}}}}
			// The override step, then the target's own firewall step (no
			// rule matches it, 3.9.4) and the zone's answer.
		}, host: logsHost, want: dnsAnswer{Addrs: []string{"public address 52.95.110.1"}, Actions: []Action{ActionResolved, ActionResolved, ActionResolved}}},
		{name: "3.9.5 an AWS-managed list before the deciding rule: unknown", change: func(w *model.World) {
			withFirewall(append(all, model.FirewallDomainList{ID: "threats", Managed: true}),
				fwRule("m", 1, model.FirewallBlock, model.BlockNXDomain, "threats"), fwRule("a", 2, model.FirewallAllow, "", "logs"))(w)
		}, host: logsHost, want: unsure("the domains of list threats")},
		{name: "3.9.5 an AWS-managed ALLOW list before an ALLOW decides nothing new", change: func(w *model.World) {
			withFirewall(append(all, model.FirewallDomainList{ID: "trusted", Managed: true}),
				fwRule("m", 1, model.FirewallAllow, "", "trusted"), fwRule("a", 2, model.FirewallAllow, "", "logs"))(w)
		}, host: logsHost, want: passed(logsENI)},
		{name: "3.9.5 an AWS-managed list after the deciding rule is never read", change: func(w *model.World) {
			withFirewall(append(all, model.FirewallDomainList{ID: "threats", Managed: true}),
				fwRule("a", 1, model.FirewallAllow, "", "logs"), fwRule("m", 2, model.FirewallBlock, model.BlockNXDomain, "threats"))(w)
		}, host: logsHost, want: passed(logsENI)},
		{name: "3.9.5 a list known only after apply, named by its unknown", change: func(w *model.World) {
			withFirewall(append(all, model.FirewallDomainList{ID: "later", Undetermined: "domains"}), fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "later"))(w)
			w.Unknowns = []model.Unknown{{ID: "later", Kind: model.KindFirewallList, Field: "domains", Why: "known only after apply"}}
		}, host: logsHost, want: unsure("domains of later")},
		{name: "3.9.5 a group the input does not describe: unknown", change: func(w *model.World) {
			w.FirewallRuleGroups = []model.FirewallRuleGroup{{ID: "shared", Undetermined: "shared by Firewall Manager", Associations: []model.FirewallAssociation{{VPC: "app", Priority: 1}}}}
		}, host: logsHost, want: unsure("the rules of DNS Firewall rule group shared")},
		{name: "3.9.5 an undetermined association priority matters when the groups disagree", change: func(w *model.World) {
			withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "all"))(w)
			w.FirewallRuleGroups = append(w.FirewallRuleGroups, model.FirewallRuleGroup{ID: "other", Rules: []model.FirewallRule{fwRule("a", 1, model.FirewallAllow, "", "logs")},
				Associations: []model.FirewallAssociation{{Name: "assoc", VPC: "app", Undetermined: "priority"}}})
		}, host: logsHost, want: unsure("priority of assoc")},
		{name: "3.9.5 an undetermined association priority does not matter when the groups agree", change: func(w *model.World) {
			withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "logs"))(w)
			w.FirewallRuleGroups = append(w.FirewallRuleGroups, model.FirewallRuleGroup{ID: "other", Rules: []model.FirewallRule{fwRule("c", 1, model.FirewallBlock, model.BlockNoData, "all")},
				Associations: []model.FirewallAssociation{{Name: "assoc", VPC: "app", Undetermined: "priority"}}})
		}, host: logsHost, want: block},
		{name: "3.9.1 DNS Firewall filters a name a FORWARD rule would send on", change: func(w *model.World) {
			withRules(fwdRule("r", ".", "app"))(w)
			withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "all"))(w)
		}, host: ecrHost, want: block},
		{name: "3.3.9 custom DHCP name servers: DNS Firewall is not read", change: func(w *model.World) {
			withFirewall(all, fwRule("b", 1, model.FirewallBlock, model.BlockNXDomain, "all"))(w)
			w.DHCPOptions = []model.DHCPOptions{{ID: "corp", DomainNameServers: []string{"192.168.0.53"}}}
			w.VPCs[0].DHCPOptions = "corp"
		}, host: logsHost, want: dnsAnswer{Reason: DNSResolverUnknown, Verdict: Unknown, Actions: []Action{ActionUnknown}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := dnsWorld(tt.change)
			ix := newIndex(w)
			got := answerOf(ix.resolve(&w.VPCs[0], "ap-northeast-1a", tt.host))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resolve(%s) (-want +got):\n%s", tt.host, diff)
			}
		})
	}
}

// TestFirewallFix checks that a blocked name's fix names the domain list
// and the entry to change, and its explanation the rule and the client's
// error (aws-rules 3.9.2, 7.2.2).
func TestFirewallFix(t *testing.T) {
	w := dnsWorld(withFirewall([]model.FirewallDomainList{list("aws_route53_resolver_firewall_domain_list.aws", "*.amazonaws.com")},
		fwRule("block", 7, model.FirewallBlock, model.BlockNXDomain, "aws_route53_resolver_firewall_domain_list.aws")))
	r := newIndex(w).resolve(&w.VPCs[0], "ap-northeast-1a", logsHost)
	want := Fix{
		Advice: "remove *.amazonaws.com from domain list aws_route53_resolver_firewall_domain_list.aws, or add to rule group g an ALLOW rule for " + logsHost + " with a priority lower than 7 (aws-rules 3.9.1)",
		Object: model.Ref{Kind: model.KindFirewallList, ID: "aws_route53_resolver_firewall_domain_list.aws"}, Field: "domains",
		Resource: "aws_route53_resolver_firewall_domain_list.aws", Attribute: "domains",
	}
	if diff := cmp.Diff(want, r.fix); diff != "" {
		t.Errorf("fix (-want +got):\n%s", diff)
	}
	detail := r.steps[len(r.steps)-1].Detail
	for _, part := range []string{"rule block (BLOCK NXDOMAIN, priority 7) of rule group g", "entry *.amazonaws.com", `"lookup ` + logsHost + ` ...: no such host"`} {
		if !strings.Contains(detail, part) {
			t.Errorf("detail %q does not say %q", detail, part)
		}
	}
}
