package tfmap

import (
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// Route 53 Resolver rules and DNS Firewall (aws-rules 3.3.5, 3.9).

func init() {
	register(map[string]mapper{
		"aws_route53_resolver_rule":             {objects: mapResolverRule},
		"aws_route53_resolver_rule_association": {links: linkResolverRule},
		// Outbound endpoints are named in explanations only, and the
		// fail mode of DNS Firewall is not modelled (aws-rules 3.9.6).
		"aws_route53_resolver_endpoint":                        {},
		"aws_route53_resolver_firewall_config":                 {},
		"aws_route53_resolver_firewall_domain_list":            {objects: mapFirewallList},
		"aws_route53_resolver_firewall_rule_group":             {objects: mapFirewallGroup},
		"aws_route53_resolver_firewall_rule":                   {links: linkTo(fwGroupStore, "firewall_rule_group_id", wantFirewallGroup, linkFirewallRule)},
		"aws_route53_resolver_firewall_rule_group_association": {links: linkFirewallAssociation},
	})
}

var (
	wantResolverRule  = managed("Resolver rule", "aws_route53_resolver_rule")
	wantFirewallList  = managed("DNS Firewall domain list", "aws_route53_resolver_firewall_domain_list")
	wantFirewallGroup = managed("DNS Firewall rule group", "aws_route53_resolver_firewall_rule_group")
)

func fwGroupStore(b *builder) *store[model.FirewallRuleGroup] { return &b.fwGroups }
func ruleObject(id string, pos model.Pos) object              { return object{model.KindResolverRule, id, pos} }
func groupObject(g *model.FirewallRuleGroup) object {
	return object{model.KindFirewallGroup, g.ID, g.Source}
}
func listObject(id string, pos model.Pos) object { return object{model.KindFirewallList, id, pos} }
func fwRuleObject(s site) object                 { return object{model.KindFirewallRule, s.r.Address, s.r.Pos} }

// mapResolverRule maps a Resolver rule; its VPCs come from associations.
func mapResolverRule(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindResolverRule, r)
	rule := model.ResolverRule{
		ID:         r.Address,
		Source:     r.Pos,
		DomainName: model.ResolverDomain(b.text(s, "domain_name", o)),
		Type:       model.ResolverRuleType(strings.ToUpper(b.text(s, "rule_type", o))),
	}
	for _, t := range s.blocksOf("target_ip") {
		ip := strOr(t.get("ip"), strOr(t.get("ipv6"), "(known after apply)"))
		if port, st := integer(t.get("port")); st == known && port != 53 {
			ip += ":" + strconv.Itoa(port)
		}
		rule.TargetIPs = append(rule.TargetIPs, ip)
	}
	if id, st := str(s.get("resolver_endpoint_id")); st == known {
		rule.ResolverEndpoint = id
	} else if c := b.candidates(s.at("resolver_endpoint_id"), managed("Resolver endpoint", "aws_route53_resolver_endpoint")); len(c) == 1 {
		rule.ResolverEndpoint = c[0]
	}
	b.resolverRules.add(r.Address, rule)
}

// blocksOf returns the nested blocks name of s, known or not.
func (s site) blocksOf(name string) []site {
	list, _ := s.blocks(name)
	return list
}

// linkResolverRule associates a rule with a VPC. An association whose
// rule the input does not describe (a shared rule, a data source) stands
// for a rule of any domain and type (aws-rules 3.3.8).
func linkResolverRule(b *builder, r *Resource) {
	s := root(r)
	vs := s.at("vpc_id")
	vpc, vres := b.one(vs, vs.v, wantVPC)
	if vres.outcome == notInInput {
		return // a VPC of another account or root: nothing in the model changes
	}
	rs := s.at("resolver_rule_id")
	id, res := b.one(rs, rs.v, wantResolverRule)
	rule := b.resolverRules.get(id)
	if res.outcome != resolved || rule == nil {
		why := b.whyUnresolved(rs, wantResolverRule, res)
		rule = b.resolverRules.add(r.Address, model.ResolverRule{ID: r.Address, Source: r.Pos,
			Undetermined: "the rule " + r.Address + " associates: " + why})
		b.undetermine(rs, ruleObject(r.Address, r.Pos), why)
		b.lookedUpRule(rs, rule)
	}
	switch vres.outcome {
	case resolved:
		rule.VPCs = appendNew(rule.VPCs, vpc)
	case notSet:
	default:
		b.failed(vs, ruleObject(rule.ID, rule.Source), wantVPC, []resolution{vres})
	}
}

// lookedUpRule fills in the domain and type of a rule that an association
// reads from a data source aws_route53_resolver_rule: the data source's
// own arguments say which rule it finds (aws-rules 3.3.8).
func (b *builder) lookedUpRule(s site, rule *model.ResolverRule) {
	rs := b.ix.refResources(s.refs())
	if len(rs) != 1 || rs[0].Mode != "data" || rs[0].Type != "aws_route53_resolver_rule" {
		return
	}
	if d, st := str(attr(rs[0].Values, "domain_name")); st == known && d != "" {
		rule.DomainName = model.ResolverDomain(d)
	}
	if t, st := str(attr(rs[0].Values, "rule_type")); st == known && t != "" {
		rule.Type = model.ResolverRuleType(strings.ToUpper(t))
	}
}

// mapFirewallList maps a DNS Firewall domain list. Domains imported from
// a file (domain_file_url) or known only after apply are undetermined
// (aws-rules 3.9.5).
func mapFirewallList(b *builder, r *Resource) {
	s := root(r)
	l := model.FirewallDomainList{ID: r.Address, Source: r.Pos}
	vals, unknowns, st := strs(s.get("domains"))
	for _, d := range vals {
		l.Domains = append(l.Domains, model.FirewallDomain(d))
	}
	switch {
	case st == unknown || unknowns > 0:
		l.Undetermined = "domains"
		b.undetermine(s.at("domains"), listObject(r.Address, r.Pos), afterApplyWhy)
	case isSet(s.get("domain_file_url")):
		l.Undetermined = "domain_file_url"
		b.undetermine(s.at("domain_file_url"), listObject(r.Address, r.Pos), "the domains are imported from a file the input does not hold")
	}
	b.fwLists.add(r.Address, l)
}

func mapFirewallGroup(b *builder, r *Resource) {
	b.fwGroups.add(r.Address, model.FirewallRuleGroup{ID: r.Address, Source: r.Pos})
}

// linkFirewallRule adds a rule to its group. What the input does not
// determine makes the rule one that may match (aws-rules 3.9.5).
func linkFirewallRule(b *builder, s site, g *model.FirewallRuleGroup) {
	o := fwRuleObject(s)
	rule := model.FirewallRule{
		ID:                  s.r.Address,
		Source:              s.r.Pos,
		Action:              model.FirewallAction(strings.ToUpper(b.text(s, "action", o))),
		BlockResponse:       model.FirewallBlockResponse(strings.ToUpper(b.text(s, "block_response", o))),
		BlockOverrideDomain: model.ResolverDomain(b.text(s, "block_override_domain", o)),
		QType:               strings.ToUpper(strOr(s.get("q_type"), "")),
		TrustRedirection:    strOr(s.get("firewall_domain_redirection_action"), "") == "TRUST_REDIRECTION_DOMAIN",
	}
	var undetermined []string
	if p, st := integer(s.get("priority")); st == unknown {
		undetermined = append(undetermined, "priority")
		b.undetermine(s.at("priority"), o, afterApplyWhy)
	} else {
		rule.Priority = p
	}
	if _, st := str(s.get("action")); st == unknown {
		undetermined = append(undetermined, "action")
	}
	rule.DomainList = b.firewallList(s, o, &undetermined)
	rule.Undetermined = strings.Join(undetermined, ", ")
	g.Rules = append(g.Rules, rule)
}

// firewallList resolves a rule's domain list. A list the input does not
// describe (an AWS-managed list, a list of another account) becomes a
// list of undetermined domains under its own ID (aws-rules 3.9.5).
func (b *builder) firewallList(s site, o object, undetermined *[]string) string {
	ls := s.at("firewall_domain_list_id")
	id, res := b.one(ls, ls.v, wantFirewallList)
	switch res.outcome {
	case resolved:
		return id
	case notInInput:
		if b.fwLists.get(res.raw) == nil {
			b.fwLists.add(res.raw, model.FirewallDomainList{ID: res.raw, Source: ls.pos,
				Undetermined: "not in the input: an AWS-managed list or one of another account"})
		}
		return res.raw
	case notSet:
		return ""
	}
	*undetermined = append(*undetermined, "firewall_domain_list_id")
	b.failed(ls, o, wantFirewallList, []resolution{res})
	return ""
}

// linkFirewallAssociation associates a rule group with a VPC. A group the
// input does not describe (shared from another account, or a Firewall
// Manager policy's) has rules it does not know (aws-rules 3.9.5).
func linkFirewallAssociation(b *builder, r *Resource) {
	s := root(r)
	vs := s.at("vpc_id")
	vpc, vres := b.one(vs, vs.v, wantVPC)
	if vres.outcome != resolved {
		if vres.outcome != notInInput && vres.outcome != notSet {
			b.warnf(vs.pos, CodeUndetermined, "vpc_id of %s is not determined (%s); the rule group association is ignored", r.Address, vres.why(wantVPC))
		}
		return
	}
	gs := s.at("firewall_rule_group_id")
	id, res := b.one(gs, gs.v, wantFirewallGroup)
	g := b.fwGroups.get(id)
	if res.outcome != resolved || g == nil {
		why := b.whyUnresolved(gs, wantFirewallGroup, res)
		g = b.fwGroups.add(r.Address, model.FirewallRuleGroup{ID: r.Address, Source: r.Pos, Undetermined: "the rule group " + r.Address + " associates: " + why})
		b.undetermine(gs, groupObject(g), why)
	}
	a := model.FirewallAssociation{Name: r.Address, Source: r.Pos, VPC: vpc}
	if p, st := integer(s.get("priority")); st == unknown {
		a.Undetermined = afterApplyWhy
		b.undetermine(s.at("priority"), groupObject(g), afterApplyWhy)
	} else {
		a.Priority = p
	}
	g.Associations = append(g.Associations, a)
}
