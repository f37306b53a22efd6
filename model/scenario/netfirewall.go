package scenario

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vpctrace/vpctrace/model"
)

// AWS Network Firewall (aws-rules 4.11).

var networkFirewallKeys = []string{"vpc", "subnets", "policy", "endpoints"}

func decodeNetworkFirewall(o *object) model.NetworkFirewall {
	f := model.NetworkFirewall{
		ID:      o.id,
		Source:  o.src,
		VPC:     o.ref("vpc"),
		Subnets: o.refs("subnets"),
		Policy:  o.ref("policy"),
	}
	o.pairs("endpoints", "a mapping of Availability Zone to endpoint ID", false, func(k, v *yaml.Node, path string) {
		az, okAZ := parseZone(o, k, path)
		id, okID := parseString(o, v, path)
		if okAZ && okID {
			if f.Endpoints == nil {
				f.Endpoints = map[string]string{}
			}
			f.Endpoints[az] = id
		}
	})
	return f
}

var nfwPolicyKeys = []string{
	"stateless_default_actions", "stateless_rule_groups", "stateful_rule_groups", "rule_order",
	"stateful_default_actions", "tls_inspection", "home_net",
}

var nfwGroupRefKeys = []string{"rule_group", "priority", "drop_to_alert"}

var parseRuleOrder = checked(func(s string) bool { return s == model.NFWDefaultOrder || s == model.NFWStrictOrder },
	"a rule order", "DEFAULT_ACTION_ORDER or STRICT_ORDER")

func decodeNFWPolicy(o *object) model.NetworkFirewallPolicy {
	return model.NetworkFirewallPolicy{
		ID:                      o.id,
		Source:                  o.src,
		StatelessDefaultActions: o.strs("stateless_default_actions"),
		StatelessGroups:         list(o, "stateless_rule_groups", nfwGroupRefKeys, decodeGroupRef),
		StatefulGroups:          list(o, "stateful_rule_groups", nfwGroupRefKeys, decodeGroupRef),
		RuleOrder:               o.text("rule_order", parseRuleOrder),
		StatefulDefaultActions:  o.strs("stateful_default_actions"),
		TLSInspection:           o.str("tls_inspection"),
		HomeNet:                 o.prefixes("home_net", model.AnyIP),
	}
}

func decodeGroupRef(o *object) model.NetworkFirewallGroupRef {
	o.require("rule_group", "the ID of a firewall rule group, or a managed rule group's ARN")
	p, _ := get(o, "priority", parseInt)
	return model.NetworkFirewallGroupRef{Source: o.src, RuleGroup: o.str("rule_group"), Priority: p, DropToAlert: o.flag("drop_to_alert", false)}
}

var nfwRuleGroupKeys = []string{"type", "stateless_rules", "stateful_rules", "domain_list", "rules_string", "home_net"}

var parseGroupType = checked(func(s string) bool { return s == "STATEFUL" || s == "STATELESS" }, "a rule group type", "STATEFUL or STATELESS")

func decodeNFWRuleGroup(o *object) model.NetworkFirewallRuleGroup {
	o.require("type", "STATEFUL or STATELESS")
	g := model.NetworkFirewallRuleGroup{
		ID:             o.id,
		Source:         o.src,
		Stateful:       o.text("type", parseGroupType) == "STATEFUL",
		StatelessRules: list(o, "stateless_rules", nfwStatelessRuleKeys, decodeStatelessRule),
		StatefulRules:  list(o, "stateful_rules", nfwStatefulRuleKeys, decodeStatefulRule),
		RulesString:    o.str("rules_string"),
		HomeNet:        o.prefixes("home_net", model.AnyIP),
	}
	if o.has("domain_list") {
		c := o.child("domain_list", nfwDomainListKeys)
		c.src = o.d.pos(o.value("domain_list"))
		d := decodeDomainList(c)
		g.Domains = &d
	}
	return g
}

var nfwStatelessRuleKeys = []string{"priority", "actions", "protocols", "sources", "destinations", "source_ports", "destination_ports", "tcp_flags"}

func decodeStatelessRule(o *object) model.StatelessRule {
	o.require("priority", "the rule's priority, a number")
	o.require("actions", "aws:pass, aws:drop or aws:forward_to_sfe")
	p, _ := get(o, "priority", parseInt)
	return model.StatelessRule{
		Source:       o.src,
		Priority:     p,
		Actions:      o.strs("actions"),
		Protocols:    getList(o, "protocols", parseInt),
		Sources:      o.prefixes("sources", model.AnyIP),
		Destinations: o.prefixes("destinations", model.AnyIP),
		SourcePorts:  ranges(getList(o, "source_ports", parsePorts)),
		DestPorts:    ranges(getList(o, "destination_ports", parsePorts)),
		TCPFlags:     o.flag("tcp_flags", false),
	}
}

func ranges(rs []portRange) []model.PortRange {
	var out []model.PortRange
	for _, r := range rs {
		out = append(out, model.PortRange{From: r.from, To: r.to})
	}
	return out
}

var nfwStatefulRuleKeys = []string{"action", "protocol", "source", "source_port", "direction", "destination", "destination_port", "sid"}

func decodeStatefulRule(o *object) model.StatefulRule {
	o.require("action", "PASS, DROP, REJECT or ALERT")
	return model.StatefulRule{
		Source:    o.src,
		SID:       o.str("sid"),
		Action:    strings.ToUpper(o.str("action")),
		Protocol:  strings.ToUpper(o.strOr("protocol", "IP")),
		Src:       o.strOr("source", "ANY"),
		SrcPort:   o.strOr("source_port", "ANY"),
		Direction: strings.ToUpper(o.strOr("direction", "FORWARD")),
		Dst:       o.strOr("destination", "ANY"),
		DstPort:   o.strOr("destination_port", "ANY"),
	}
}

var nfwDomainListKeys = []string{"type", "target_types", "targets"}

var parseListType = checked(func(s string) bool { return s == "ALLOWLIST" || s == "DENYLIST" }, "a domain list type", "ALLOWLIST or DENYLIST")

func decodeDomainList(o *object) model.DomainList {
	o.require("type", "ALLOWLIST or DENYLIST")
	d := model.DomainList{Source: o.src, Allow: o.text("type", parseListType) == "ALLOWLIST", Targets: o.strs("targets")}
	for _, t := range o.strs("target_types") {
		switch t {
		case "TLS_SNI":
			d.TLSSNI = true
		case "HTTP_HOST":
			d.HTTPHost = true
		default:
			o.fail(o.value("target_types"), model.CodeInvalidValue, "%s.target_types: %q is not a target type (expected TLS_SNI or HTTP_HOST)", o.path, t)
		}
	}
	return d
}

func (e *encoder) networkFirewall(f *model.NetworkFirewall, m fields) {
	m.str("vpc", f.VPC)
	m.strs("subnets", f.Subnets)
	m.str("policy", f.Policy)
	if len(f.Endpoints) > 0 {
		ep := e.mapping(true)
		for _, az := range slices.Sorted(maps.Keys(f.Endpoints)) {
			ep.add(az, e.text(f.Endpoints[az]))
		}
		m.add("endpoints", ep.n)
	}
}

func (e *encoder) nfwPolicy(p *model.NetworkFirewallPolicy, m fields) {
	m.strs("stateless_default_actions", p.StatelessDefaultActions)
	e.groupRefs(m, "stateless_rule_groups", p.StatelessGroups)
	e.groupRefs(m, "stateful_rule_groups", p.StatefulGroups)
	m.str("rule_order", p.RuleOrder)
	m.strs("stateful_default_actions", p.StatefulDefaultActions)
	m.str("tls_inspection", p.TLSInspection)
	m.prefixes("home_net", p.HomeNet, model.AnyIP)
}

func (e *encoder) groupRefs(m fields, key string, refs []model.NetworkFirewallGroupRef) {
	if len(refs) == 0 {
		return
	}
	l := &yaml.Node{Kind: yaml.SequenceNode}
	for _, r := range refs {
		g := e.mapping(true)
		g.str("rule_group", r.RuleGroup)
		g.add("priority", integer(r.Priority))
		g.flag("drop_to_alert", r.DropToAlert, false)
		l.Content = append(l.Content, g.n)
	}
	m.add(key, l)
}

func (e *encoder) nfwRuleGroup(g *model.NetworkFirewallRuleGroup, m fields) {
	typ := "STATELESS"
	if g.Stateful {
		typ = "STATEFUL"
	}
	m.str("type", typ)
	if len(g.StatelessRules) > 0 {
		l := &yaml.Node{Kind: yaml.SequenceNode}
		for _, r := range g.StatelessRules {
			l.Content = append(l.Content, e.statelessRule(r))
		}
		m.add("stateless_rules", l)
	}
	if len(g.StatefulRules) > 0 {
		l := &yaml.Node{Kind: yaml.SequenceNode}
		for _, r := range g.StatefulRules {
			l.Content = append(l.Content, e.statefulRule(r))
		}
		m.add("stateful_rules", l)
	}
	if d := g.Domains; d != nil {
		dm := e.mapping(false)
		dm.str("type", map[bool]string{true: "ALLOWLIST", false: "DENYLIST"}[d.Allow])
		var types []string
		if d.TLSSNI {
			types = append(types, "TLS_SNI")
		}
		if d.HTTPHost {
			types = append(types, "HTTP_HOST")
		}
		dm.strs("target_types", types)
		dm.strs("targets", d.Targets)
		m.add("domain_list", dm.n)
	}
	m.str("rules_string", g.RulesString)
	m.prefixes("home_net", g.HomeNet, model.AnyIP)
}

func (e *encoder) statelessRule(r model.StatelessRule) *yaml.Node {
	m := e.mapping(true)
	m.add("priority", integer(r.Priority))
	m.strs("actions", r.Actions)
	if len(r.Protocols) > 0 {
		l := seq()
		for _, p := range r.Protocols {
			l.Content = append(l.Content, integer(p))
		}
		m.add("protocols", l)
	}
	m.prefixes("sources", r.Sources, model.AnyIP)
	m.prefixes("destinations", r.Destinations, model.AnyIP)
	m.strs("source_ports", portStrings(r.SourcePorts))
	m.strs("destination_ports", portStrings(r.DestPorts))
	m.flag("tcp_flags", r.TCPFlags, false)
	return m.n
}

func portStrings(rs []model.PortRange) []string {
	var out []string
	for _, r := range rs {
		s := strconv.Itoa(r.From)
		if r.To != r.From {
			s += "-" + strconv.Itoa(r.To)
		}
		out = append(out, s)
	}
	return out
}

func (e *encoder) statefulRule(r model.StatefulRule) *yaml.Node {
	m := e.mapping(true)
	m.str("action", r.Action)
	m.str("protocol", r.Protocol)
	m.str("source", r.Src)
	m.str("source_port", r.SrcPort)
	m.str("direction", r.Direction)
	m.str("destination", r.Dst)
	m.str("destination_port", r.DstPort)
	m.str("sid", r.SID)
	return m.n
}
