package tfmap

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// AWS Network Firewall (aws-rules 4.11): firewalls, policies and rule
// groups. Routes name a firewall by one of its endpoint IDs
// (vpc_endpoint_id, see routing.go).

func init() {
	register(map[string]mapper{
		"aws_networkfirewall_firewall":        {objects: mapFirewall},
		"aws_networkfirewall_firewall_policy": {objects: mapFirewallPolicy},
		"aws_networkfirewall_rule_group":      {objects: mapFirewallRuleGroup},
		// Logging and resource policies do not change what passes.
		"aws_networkfirewall_logging_configuration": {},
		"aws_networkfirewall_resource_policy":       {},
		// A policy that names one is unknown (aws-rules 4.11.6).
		"aws_networkfirewall_tls_inspection_configuration": {},
	})
}

var (
	wantFirewallPolicy = managed("firewall policy", "aws_networkfirewall_firewall_policy")
	wantRuleGroup      = managed("firewall rule group", "aws_networkfirewall_rule_group")
	// wantFirewallEndpoint answers the firewall whose endpoint a
	// vpc_endpoint_id holds: by the endpoint IDs of its status, or by a
	// reference to it (aws-rules 4.11.1).
	wantFirewallEndpoint = want{noun: "Gateway Load Balancer or firewall endpoint", answer: func(_ *builder, r *Resource, key string) (string, bool) {
		return r.Address, r.Type == "aws_networkfirewall_firewall" && r.Mode != "data" && (key == "" || key == blockRef || key == firewallEndpointKey)
	}}
)

// firewallEndpointKey is the index key of a firewall's endpoint IDs.
const firewallEndpointKey = "firewall_status.sync_states.attachment.endpoint_id"

// firewallEndpoints returns a firewall's endpoint IDs by zone, as its
// status gives them when known (a state).
func firewallEndpoints(r *Resource) map[string]string {
	states, _ := elems(path(r.Values, "firewall_status", "sync_states"))
	var out map[string]string
	for _, st := range states {
		az, _ := str(attr(st, "availability_zone"))
		id, idSt := str(attr(first(attr(st, "attachment")), "endpoint_id"))
		if idSt == known && id != "" && az != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[az] = id
		}
	}
	return out
}

func mapFirewall(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindNetworkFirewall, r)
	fw := model.NetworkFirewall{
		ID:        r.Address,
		Source:    r.Pos,
		VPC:       b.ref(s, "vpc_id", wantVPC, o),
		Policy:    b.ref(s, "firewall_policy_arn", wantFirewallPolicy, o),
		Endpoints: firewallEndpoints(r),
	}
	b.eachBlock(s, "subnet_mapping", o, func(bs site) {
		if id := b.ref(bs, "subnet_id", wantSubnet, o); id != "" {
			fw.Subnets = append(fw.Subnets, id)
		}
	})
	b.firewalls.add(r.Address, fw)
}

// firewallZone returns the zone of endpoint id in firewall fw's status.
func (b *builder) firewallZone(fw, id string) string {
	if r := b.ix.byAddr[fw]; r != nil {
		for az, ep := range firewallEndpoints(r) {
			if ep == id {
				return az
			}
		}
	}
	return ""
}

// knownStrs reads a list of strings; a list or element known only after
// apply is recorded as undetermined.
func (b *builder) knownStrs(s site, name string, o object) []string {
	as := s.at(name)
	vals, unknowns, st := strs(as.v)
	if st == unknown || unknowns > 0 {
		b.undetermine(as, o, afterApplyWhy)
	}
	return vals
}

// knownStr reads a string; one known only after apply is recorded as
// undetermined.
func (b *builder) knownStr(s site, name string, o object) string {
	as := s.at(name)
	v, st := str(as.v)
	if st == unknown {
		b.undetermine(as, o, afterApplyWhy)
	}
	return v
}

func mapFirewallPolicy(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindNetworkFirewallPolicy, r)
	p := model.NetworkFirewallPolicy{ID: r.Address, Source: r.Pos}
	fp, ok := s.block("firewall_policy")
	if !ok {
		if stateOf(s.get("firewall_policy")) == unknown {
			b.undetermine(s.at("firewall_policy"), o, afterApplyWhy)
		}
		b.policies.add(r.Address, p)
		return
	}
	p.StatelessDefaultActions = b.knownStrs(fp, "stateless_default_actions", o)
	p.StatefulDefaultActions = b.knownStrs(fp, "stateful_default_actions", o)
	p.StatelessGroups = b.groupRefs(fp, "stateless_rule_group_reference", o)
	p.StatefulGroups = b.groupRefs(fp, "stateful_rule_group_reference", o)
	if eo, ok := fp.block("stateful_engine_options"); ok {
		p.RuleOrder = b.knownStr(eo, "rule_order", o)
	}
	switch v, st := str(fp.get("tls_inspection_configuration_arn")); {
	case st == unknown:
		p.TLSInspection = "(known after apply)"
	case st == known && v != "":
		p.TLSInspection = v
	}
	if pv, ok := fp.block("policy_variables"); ok {
		p.HomeNet = b.homeNet(pv, "rule_variables", o)
	}
	b.policies.add(r.Address, p)
}

// groupRefs reads a policy's rule group references. An ARN no rule group
// of the input has is kept as written: an AWS managed rule group, which
// the engine cannot evaluate (aws-rules 4.11.6).
func (b *builder) groupRefs(fp site, name string, o object) []model.NetworkFirewallGroupRef {
	var out []model.NetworkFirewallGroupRef
	b.eachBlock(fp, name, o, func(bs site) {
		ref := model.NetworkFirewallGroupRef{Source: bs.pos}
		if n, st := integer(bs.get("priority")); st == known {
			ref.Priority = n
		}
		if ov, ok := bs.block("override"); ok {
			ref.DropToAlert = strOr(ov.get("action"), "") == "DROP_TO_ALERT"
		}
		as := bs.at("resource_arn")
		id, res := b.one(as, as.v, wantRuleGroup)
		switch res.outcome {
		case resolved:
			ref.RuleGroup = id
		case notInInput:
			ref.RuleGroup = res.raw
		case notSet:
			return
		default:
			b.failed(as, o, wantRuleGroup, []resolution{res})
			return
		}
		out = append(out, ref)
	})
	return out
}

// homeNet reads the HOME_NET entry of a rule variables block (ip_sets in a
// rule group, rule_variables in a policy).
func (b *builder) homeNet(s site, name string, o object) []netip.Prefix {
	var out []netip.Prefix
	b.eachBlock(s, name, o, func(vs site) {
		if key, _ := str(vs.get("key")); key != "HOME_NET" {
			return
		}
		set, _ := vs.block("ip_set")
		for _, d := range b.knownStrs(set, "definition", o) {
			if p, err := netip.ParsePrefix(d); err == nil {
				out = append(out, p.Masked())
			}
		}
	})
	return out
}

func mapFirewallRuleGroup(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindNetworkFirewallRuleGroup, r)
	g := model.NetworkFirewallRuleGroup{ID: r.Address, Source: r.Pos, Stateful: strings.EqualFold(strOr(s.get("type"), ""), "STATEFUL")}
	b.rulesString(s, "rules", &g, o)
	if rg, ok := s.block("rule_group"); ok {
		b.ruleGroupBody(rg, &g, o)
	} else if stateOf(s.get("rule_group")) == unknown {
		b.undetermine(s.at("rule_group"), o, afterApplyWhy)
	}
	b.ruleGroups.add(r.Address, g)
}

// rulesString reads a Suricata rules string of a rule group from attribute
// name of s: the group's own rules, or its rules_source's rules_string.
func (b *builder) rulesString(s site, name string, g *model.NetworkFirewallRuleGroup, o object) {
	switch v, st := str(s.get(name)); {
	case st == unknown:
		b.undetermine(s.at(name), o, afterApplyWhy)
	case st == known && v != "":
		g.RulesString = v
	}
}

// ruleGroupBody reads a rule group's rule_group block.
func (b *builder) ruleGroupBody(rg site, g *model.NetworkFirewallRuleGroup, o object) {
	if rv, ok := rg.block("rule_variables"); ok {
		g.HomeNet = b.homeNet(rv, "ip_sets", o)
	}
	src, ok := rg.block("rules_source")
	if !ok {
		return
	}
	b.rulesString(src, "rules_string", g, o)
	if l, ok := src.block("rules_source_list"); ok {
		d := &model.DomainList{Source: l.pos, Allow: strOr(l.get("generated_rules_type"), "") == "ALLOWLIST", Targets: b.knownStrs(l, "targets", o)}
		for _, t := range b.knownStrs(l, "target_types", o) {
			d.TLSSNI = d.TLSSNI || t == "TLS_SNI"
			d.HTTPHost = d.HTTPHost || t == "HTTP_HOST"
		}
		if gt, _ := str(l.get("generated_rules_type")); gt != "ALLOWLIST" && gt != "DENYLIST" {
			// REJECTLIST and ALERTLIST, or a value known only after apply.
			b.undetermine(l.at("generated_rules_type"), o, "a domain list of type "+strconv.Quote(gt)+", which vpctrace does not evaluate")
		}
		g.Domains = d
	}
	b.eachBlock(src, "stateful_rule", o, func(rs site) {
		g.StatefulRules = append(g.StatefulRules, b.statefulRule(rs, o))
	})
	if sl, ok := src.block("stateless_rules_and_custom_actions"); ok {
		b.eachBlock(sl, "stateless_rule", o, func(rs site) {
			g.StatelessRules = append(g.StatelessRules, b.statelessRule(rs, o))
		})
	}
}

func (b *builder) statefulRule(rs site, o object) model.StatefulRule {
	h, _ := rs.block("header")
	r := model.StatefulRule{
		Source:    rs.pos,
		Action:    b.knownStr(rs, "action", o),
		Protocol:  strings.ToUpper(b.knownStr(h, "protocol", o)),
		Src:       b.knownStr(h, "source", o),
		SrcPort:   b.knownStr(h, "source_port", o),
		Direction: strings.ToUpper(b.knownStr(h, "direction", o)),
		Dst:       b.knownStr(h, "destination", o),
		DstPort:   b.knownStr(h, "destination_port", o),
	}
	b.eachBlock(rs, "rule_option", o, func(os site) {
		if k, _ := str(os.get("keyword")); strings.HasPrefix(strings.TrimSpace(k), "sid") {
			if set, _, _ := strs(os.get("settings")); len(set) > 0 {
				r.SID = set[0]
			} else if _, v, ok := strings.Cut(k, ":"); ok {
				r.SID = strings.TrimSpace(v)
			}
		}
	})
	return r
}

func (b *builder) statelessRule(rs site, o object) model.StatelessRule {
	r := model.StatelessRule{Source: rs.pos}
	if n, st := integer(rs.get("priority")); st == known {
		r.Priority = n
	}
	def, _ := rs.block("rule_definition")
	r.Actions = b.knownStrs(def, "actions", o)
	m, ok := def.block("match_attributes")
	if !ok {
		return r
	}
	ps, _ := elems(m.get("protocols"))
	for _, p := range ps {
		if n, st := integer(p); st == known {
			r.Protocols = append(r.Protocols, n)
		}
	}
	addrs := func(name string) []netip.Prefix {
		var out []netip.Prefix
		b.eachBlock(m, name, o, func(as site) {
			if p, err := netip.ParsePrefix(b.knownStr(as, "address_definition", o)); err == nil {
				out = append(out, p.Masked())
			}
		})
		return out
	}
	r.Sources, r.Destinations = addrs("source"), addrs("destination")
	ports := func(name string) []model.PortRange {
		var out []model.PortRange
		b.eachBlock(m, name, o, func(ps site) {
			from, _ := integer(ps.get("from_port"))
			to, st := integer(ps.get("to_port"))
			if st != known {
				to = from
			}
			out = append(out, model.PortRange{From: from, To: to})
		})
		return out
	}
	r.SourcePorts, r.DestPorts = ports("source_port"), ports("destination_port")
	flags, _ := elems(m.get("tcp_flag"))
	r.TCPFlags = len(flags) > 0
	return r
}
