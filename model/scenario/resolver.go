package scenario

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vpctrace/vpctrace/model"
)

// Route 53 Resolver rules and DNS Firewall (aws-rules 3.3.5, 3.9).

var resolverRuleKeys = []string{"domain_name", "rule_type", "target_ips", "resolver_endpoint", "vpcs", "undetermined"}

var ruleTypes = []string{string(model.ResolverForward), string(model.ResolverSystem), string(model.ResolverRecursive)}

func decodeResolverRule(o *object) model.ResolverRule {
	r := model.ResolverRule{
		ID:               o.id,
		Source:           o.src,
		TargetIPs:        o.strs("target_ips"),
		ResolverEndpoint: o.str("resolver_endpoint"),
		VPCs:             o.refs("vpcs"),
		Undetermined:     o.str("undetermined"),
	}
	if r.Undetermined == "" {
		o.require("domain_name", `a domain such as example.com, or "." for every name`)
		o.require("rule_type", "FORWARD, SYSTEM or RECURSIVE")
	}
	r.DomainName = model.ResolverDomain(o.str("domain_name"))
	if t, ok := get(o, "rule_type", oneOf("a Resolver rule type", ruleTypes...)); ok {
		r.Type = model.ResolverRuleType(t)
	}
	return r
}

var firewallListKeys = []string{"domains", "managed", "undetermined"}

func decodeFirewallList(o *object) model.FirewallDomainList {
	l := model.FirewallDomainList{
		ID:           o.id,
		Source:       o.src,
		Managed:      o.flag("managed", false),
		Undetermined: o.str("undetermined"),
	}
	for _, d := range o.strs("domains") {
		l.Domains = append(l.Domains, model.FirewallDomain(d))
	}
	return l
}

var firewallGroupKeys = []string{"rules", "associations", "undetermined"}

func decodeFirewallGroup(o *object) model.FirewallRuleGroup {
	return model.FirewallRuleGroup{
		ID:           o.id,
		Source:       o.src,
		Rules:        idMap(o, "rules", firewallRuleKeys, decodeFirewallRule),
		Associations: list(o, "associations", firewallAssociationKeys, decodeFirewallAssociation),
		Undetermined: o.str("undetermined"),
	}
}

var firewallRuleKeys = []string{"priority", "action", "block_response", "block_override_domain", "domain_list", "q_type",
	"firewall_domain_redirection_action", "undetermined"}

var (
	firewallActions   = []string{string(model.FirewallAllow), string(model.FirewallAlert), string(model.FirewallBlock)}
	blockResponses    = []string{string(model.BlockNoData), string(model.BlockNXDomain), string(model.BlockOverride)}
	redirectionValues = []string{inspectRedirection, trustRedirection}
)

const (
	inspectRedirection = "INSPECT_REDIRECTION_DOMAIN"
	trustRedirection   = "TRUST_REDIRECTION_DOMAIN"
)

func decodeFirewallRule(o *object) model.FirewallRule {
	r := model.FirewallRule{
		ID:                  o.id,
		Source:              o.src,
		BlockOverrideDomain: model.ResolverDomain(o.str("block_override_domain")),
		DomainList:          o.ref("domain_list"),
		QType:               strings.ToUpper(o.str("q_type")),
		Undetermined:        o.str("undetermined"),
	}
	if r.Undetermined == "" {
		o.require("priority", "a whole number; lower numbers are evaluated first")
		o.require("action", "ALLOW, ALERT or BLOCK")
		o.require("domain_list", "the ID of a firewall domain list")
	}
	r.Priority, _ = get(o, "priority", parseInt)
	if a, ok := get(o, "action", oneOf("a DNS Firewall action", firewallActions...)); ok {
		r.Action = model.FirewallAction(a)
	}
	if b, ok := get(o, "block_response", oneOf("a DNS Firewall block response", blockResponses...)); ok {
		r.BlockResponse = model.FirewallBlockResponse(b)
	}
	if v, ok := get(o, "firewall_domain_redirection_action", oneOf("a domain redirection action", redirectionValues...)); ok {
		r.TrustRedirection = v == trustRedirection
	}
	return r
}

var firewallAssociationKeys = []string{"vpc", "priority", "name", "undetermined"}

func decodeFirewallAssociation(o *object) model.FirewallAssociation {
	a := model.FirewallAssociation{
		Name:         o.str("name"),
		Source:       o.src,
		VPC:          o.ref("vpc"),
		Undetermined: o.str("undetermined"),
	}
	o.require("vpc", "the ID of the VPC")
	if a.Undetermined == "" {
		o.require("priority", "a whole number; lower numbers are evaluated first")
	}
	a.Priority, _ = get(o, "priority", parseInt)
	return a
}

func (e *encoder) resolverRule(r *model.ResolverRule, m fields) {
	if r.DomainName != "" {
		m.str("domain_name", r.DomainName)
	}
	if r.Type != "" {
		m.str("rule_type", e.enum("rule_type", string(r.Type), ruleTypes...))
	}
	m.strs("target_ips", r.TargetIPs)
	m.str("resolver_endpoint", r.ResolverEndpoint)
	m.strs("vpcs", r.VPCs)
	m.str("undetermined", r.Undetermined)
}

func (e *encoder) firewallList(l *model.FirewallDomainList, m fields) {
	m.strs("domains", l.Domains)
	m.flag("managed", l.Managed, false)
	m.str("undetermined", l.Undetermined)
}

func (e *encoder) firewallGroup(g *model.FirewallRuleGroup, m fields) {
	if len(g.Rules) > 0 {
		rules := e.mapping(false)
		for i := range g.Rules {
			r := &g.Rules[i]
			k := e.key(r.ID)
			k.HeadComment = e.comment(model.KindFirewallRule, r.ID, nil)
			rules.n.Content = append(rules.n.Content, k, e.firewallRule(r))
		}
		m.add("rules", rules.n)
	}
	if len(g.Associations) > 0 {
		l := &yaml.Node{Kind: yaml.SequenceNode}
		for _, a := range g.Associations {
			am := e.mapping(true)
			am.str("vpc", a.VPC)
			if a.Undetermined == "" || a.Priority != 0 {
				am.add("priority", integer(a.Priority))
			}
			am.str("name", a.Name)
			am.str("undetermined", a.Undetermined)
			l.Content = append(l.Content, am.n)
		}
		m.add("associations", l)
	}
	m.str("undetermined", g.Undetermined)
}

func (e *encoder) firewallRule(r *model.FirewallRule) *yaml.Node {
	m := e.mapping(true)
	if r.Undetermined == "" || r.Priority != 0 {
		m.add("priority", integer(r.Priority))
	}
	if r.Action != "" {
		m.str("action", e.enum("action", string(r.Action), firewallActions...))
	}
	if r.BlockResponse != "" {
		m.str("block_response", e.enum("block_response", string(r.BlockResponse), blockResponses...))
	}
	m.str("block_override_domain", r.BlockOverrideDomain)
	m.str("domain_list", r.DomainList)
	m.str("q_type", r.QType)
	if r.TrustRedirection {
		m.str("firewall_domain_redirection_action", trustRedirection)
	}
	m.str("undetermined", r.Undetermined)
	return m.n
}
