package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// AWS Network Firewall in the path (aws-rules 4.11): a route to a
// firewall endpoint, the firewall's policy decided for the call where the
// input gives it, and the return path through the same endpoint.

// nfwIndex holds the world's firewalls, policies and rule groups by ID.
type nfwIndex struct {
	firewalls map[string]*model.NetworkFirewall
	policies  map[string]*model.NetworkFirewallPolicy
	groups    map[string]*model.NetworkFirewallRuleGroup
}

func newNFWIndex(w *model.World) nfwIndex {
	return nfwIndex{
		firewalls: byID(w.NetworkFirewalls, func(o *model.NetworkFirewall) string { return o.ID }),
		policies:  byID(w.NetworkFirewallPolicies, func(o *model.NetworkFirewallPolicy) string { return o.ID }),
		groups:    byID(w.NetworkFirewallRuleGroups, func(o *model.NetworkFirewallRuleGroup) string { return o.ID }),
	}
}

// nfwPass records that a packet passed a firewall endpoint: the return
// traffic must pass the same one (aws-rules 4.11.7).
type nfwPass struct {
	firewall string
	az       string
}

func (p nfwPass) String() string { return "the endpoint of firewall " + p.firewall + " in " + p.az }

// firewallZone finds the endpoint a route to firewall fw takes from a
// packet in az: the route's own zone when the input names the endpoint;
// otherwise the firewall's endpoint in az, or its only one (aws-rules
// 10.35). note says how the zone was chosen; sub is nil when no endpoint
// can be told.
func (ix *index) firewallZone(fw *model.NetworkFirewall, zone, az string) (sub *model.Subnet, note string) {
	byAZ := map[string]*model.Subnet{}
	for _, id := range fw.Subnets {
		if s := ix.subnets[id]; s != nil {
			byAZ[s.AZ] = s
		}
	}
	switch {
	case zone != "":
		return byAZ[zone], ""
	case byAZ[az] != nil:
		return byAZ[az], fmt.Sprintf("; the input does not tell which zone's endpoint the route names, so vpctrace takes the firewall's endpoint in the packet's zone %s (aws-rules 10.35)", az)
	case len(byAZ) == 1:
		for _, s := range byAZ {
			return s, fmt.Sprintf("; the input does not tell which zone's endpoint the route names, so vpctrace takes the firewall's only endpoint, in %s (aws-rules 10.35)", s.AZ)
		}
	}
	return nil, ""
}

// networkFirewall follows a route to a firewall endpoint (aws-rules
// 4.11.1): the firewall inspects the call, then the firewall subnet's
// route table forwards it.
func (t *tracer) networkFirewall(pos position, d endpointAddr, r route) {
	fw := t.ix.nfw.firewalls[r.TargetID]
	sub, note := t.ix.firewallZone(fw, r.TargetZone, pos.az)
	if sub == nil {
		t.hop(fw.ID, HopNetworkFirewall)
		t.undetermined(model.KindNetworkFirewall, fw.ID)
		zone := cmp.Or(r.TargetZone, "the zone of the route's endpoint")
		t.step(Step{Type: StepRoute, Action: ActionUnknown, Reason: Unmodeled, Rule: r.label(), Source: r.Source,
			Detail: fmt.Sprintf("route %s leads to firewall %s, but the input gives the firewall no subnet in %s, so the endpoint and the table after it are not known (aws-rules 4.11.1, 10.35)", r.label(), fw.ID, zone)})
		t.block(Unmodeled, Unknown, "give firewall "+fw.ID+" a subnet_mapping in "+zone+", or route to its endpoint in the packet's zone")
		t.settings = append(t.settings, settingNote{m: Missing{What: "the endpoint of firewall " + fw.ID + " that route " + r.label() + " names", Why: "no firewall subnet in " + zone}, matters: true})
		return
	}
	t.crossBoundary(pos.subnet, sub, pos.src, d, pos.ephemeral)
	t.hopAt(fw.ID, HopNetworkFirewall, fw.ID, sub.ID)
	t.undetermined(model.KindNetworkFirewall, fw.ID)
	t.step(Step{Type: StepRoute, Action: ActionForwarded, Rule: r.label(), Source: r.Source,
		Detail: fmt.Sprintf("route %s sends the packet to the endpoint of firewall %s in %s (subnet %s)%s (aws-rules 4.11.1)", r.label(), fw.ID, sub.AZ, sub.ID, note)})
	t.inspect(fw, pos, d)
	next := pos
	next.subnet, next.az = sub, sub.AZ
	next.inspected = &nfwPass{firewall: fw.ID, az: sub.AZ}
	t.forward(next, d)
}

// nfwOutcome is what a firewall engine does with the call.
type nfwOutcome uint8

const (
	nfwNoMatch nfwOutcome = iota // no rule decided
	nfwPassed
	nfwDropped
	nfwForwarded // stateless: to the stateful engine
	nfwUndecided // the input does not tell
)

// nfwDecision is an engine's outcome and what decided it.
type nfwDecision struct {
	outcome nfwOutcome
	group   string // the rule group, or "" for a policy default
	rule    string // the rule, as people name it
	source  model.Pos
	why     string
	// fixField is the setting a fix changes (scenario terms).
	fixField string
	// reply is set when the stateless engine drops the replies.
	reply bool
}

// inspect decides the call at firewall fw from its policy (aws-rules
// 4.11.2-4.11.6) and records the step.
func (t *tracer) inspect(fw *model.NetworkFirewall, pos position, d endpointAddr) {
	p := t.ix.nfw.policies[fw.Policy]
	if p == nil {
		if !t.hasUnknowns(model.KindNetworkFirewall, fw.ID) {
			why := "the input gives it no firewall policy"
			if fw.Policy != "" {
				why = "its firewall policy " + fw.Policy + " is not in the input"
			}
			t.firewallUndecided(fw, nfwDecision{why: why, source: fw.Source})
		}
		return
	}
	t.undetermined(model.KindNetworkFirewallPolicy, p.ID)
	if p.TLSInspection != "" {
		t.firewallUndecided(fw, nfwDecision{why: "policy " + p.ID + " decrypts TLS with inspection configuration " + p.TLSInspection + ", whose effect vpctrace does not model", source: p.Source})
		return
	}
	flow := t.flowAt(fw, pos, d)
	dec := t.stateless(p, flow)
	if dec.outcome == nfwForwarded {
		dec = t.stateful(fw, p, flow)
	}
	switch dec.outcome {
	case nfwPassed:
		t.step(Step{Type: StepNetworkFirewall, Action: ActionAllowed, Rule: dec.label(), Source: dec.source,
			Detail: fmt.Sprintf("firewall %s (policy %s) passes TCP %d to %s: %s", fw.ID, p.ID, t.call.Port, t.call.Host, dec.why)})
	case nfwDropped:
		t.step(Step{Type: StepNetworkFirewall, Action: ActionDenied, Reason: NetworkFirewallDenied, Rule: dec.label(), Source: dec.source,
			Detail: fmt.Sprintf("firewall %s (policy %s) drops TCP %d to %s: %s", fw.ID, p.ID, t.call.Port, t.call.Host, dec.why)})
		t.blockFix(NetworkFirewallDenied, Unreachable, t.firewallFix(fw, p, dec))
	default:
		t.firewallUndecided(fw, dec)
	}
}

// firewallUndecided records that the input does not tell what firewall fw
// does with the call (aws-rules 4.11.6).
func (t *tracer) firewallUndecided(fw *model.NetworkFirewall, dec nfwDecision) {
	what := "firewall " + fw.ID
	if dec.group != "" {
		what = "rule group " + dec.group + " of firewall " + fw.ID
	}
	t.step(Step{Type: StepNetworkFirewall, Action: ActionUnknown, Reason: Unmodeled, Rule: dec.label(), Source: dec.source,
		Detail: fmt.Sprintf("the model cannot tell whether %s passes TCP %d to %s: %s (aws-rules 4.11.6)", what, t.call.Port, t.call.Host, dec.why)})
	t.block(Unmodeled, Unknown, "check by hand that "+what+" passes TCP "+strconv.Itoa(t.call.Port)+" to "+t.call.Host+", or describe its rules as 5-tuple rules or domain lists")
	// The step holds the position; the missing fact is the firewall's
	// behaviour, which no setting of the input states.
	t.settings = append(t.settings, settingNote{m: Missing{What: what, Why: dec.why}, matters: true})
}

// label names the deciding rule for a step's Rule.
func (dec nfwDecision) label() string {
	switch {
	case dec.group != "" && dec.rule != "":
		return dec.group + " " + dec.rule
	case dec.group != "":
		return dec.group
	}
	return dec.rule
}

// firewallFix is the fix for a call the firewall drops: the rule group
// (or the policy default) that drops it.
func (t *tracer) firewallFix(fw *model.NetworkFirewall, p *model.NetworkFirewallPolicy, dec nfwDecision) Fix {
	what := fmt.Sprintf("TCP %d to %s", t.call.Port, t.call.Host)
	if dec.reply {
		what = fmt.Sprintf("the replies from TCP port %d (stateless rules see each packet alone; aws:forward_to_sfe lets the stateful engine track the connection)", t.call.Port)
	}
	if dec.group == "" {
		return changeFix(fmt.Sprintf("change %s of firewall policy %s, or add a stateless rule that passes %s", dec.rule, p.ID, what),
			model.KindNetworkFirewallPolicy, p.ID, dec.fixField, "firewall_policy", "")
	}
	advice := fmt.Sprintf("change %s in rule group %s of firewall %s so that it passes %s", dec.rule, dec.group, fw.ID, what)
	if dec.fixField == "domain_list" {
		advice = fmt.Sprintf("add %s to the domain list of rule group %s (firewall %s)", t.call.Host, dec.group, fw.ID)
		if g := t.ix.nfw.groups[dec.group]; g != nil && g.Domains != nil && !g.Domains.Allow {
			advice = fmt.Sprintf("remove the entry that matches %s from the deny list of rule group %s (firewall %s)", t.call.Host, dec.group, fw.ID)
		}
	}
	return changeFix(advice, model.KindNetworkFirewallRuleGroup, dec.group, dec.fixField, "rule_group", "")
}

// flow is the connection a firewall sees.
type flow struct {
	src, dst         endpointAddr
	srcPort, dstPort portRange
	tls              bool   // HTTPS: every call but EFS (aws-rules 4.11.5)
	host             string // the TLS SNI of an HTTPS call
	homeNet          []netip.Prefix
}

func (t *tracer) flowAt(fw *model.NetworkFirewall, pos position, d endpointAddr) flow {
	f := flow{src: pos.src, dst: d, srcPort: pos.ephemeral, dstPort: portRange{t.call.Port, t.call.Port},
		tls: t.call.Kind != CallEFS, host: strings.ToLower(t.call.Host)}
	if v := t.ix.vpcs[fw.VPC]; v != nil {
		f.homeNet = v.CIDRs
	}
	return f
}

// reversed is the flow's return direction.
func (f flow) reversed() flow {
	f.src, f.dst, f.srcPort, f.dstPort = f.dst, f.src, f.dstPort, f.srcPort
	return f
}

// tri is a match that may not be decidable.
type tri uint8

const (
	no tri = iota
	yes
	maybe
)

// and combines two matches.
func (a tri) and(b tri) tri {
	switch {
	case a == no || b == no:
		return no
	case a == maybe || b == maybe:
		return maybe
	}
	return yes
}

// coverTri turns a coverage of a set of addresses into a match.
func coverTri(c coverage) tri {
	switch c {
	case coverFull:
		return yes
	case coverNone:
		return no
	}
	return maybe
}

// anyPrefix matches a against a list of CIDRs; an empty list is any.
func anyPrefix(list []netip.Prefix, a endpointAddr) tri {
	if len(list) == 0 {
		return yes
	}
	out := no
	for _, c := range list {
		switch coverTri(cidrCovers(c, a)) {
		case yes:
			return yes
		case maybe:
			out = maybe
		}
	}
	return out
}

// portsTri matches the ports of r against a list of ranges; an empty list
// is any.
func portsTri(list []model.PortRange, r portRange) tri {
	if len(list) == 0 {
		return yes
	}
	out := no
	for _, p := range list {
		switch {
		case p.From <= r.from && r.to <= p.To:
			return yes
		case p.To >= r.from && p.From <= r.to:
			out = maybe
		}
	}
	return out
}

// stateless runs the policy's stateless engine on both directions of the
// flow (aws-rules 4.11.2): it looks at each packet alone.
func (t *tracer) stateless(p *model.NetworkFirewallPolicy, f flow) nfwDecision {
	out := t.statelessPacket(p, f)
	if out.outcome == nfwUndecided || out.outcome == nfwDropped {
		return out
	}
	back := t.statelessPacket(p, f.reversed())
	switch {
	case back.outcome == nfwUndecided:
		return back
	case back.outcome == nfwDropped:
		back.why = "the return packets (from port " + strconv.Itoa(t.call.Port) + ") are dropped: " + back.why
		back.reply = true
		return back
	case out.outcome != back.outcome:
		return nfwDecision{outcome: nfwUndecided, group: out.group, rule: out.rule, source: out.source,
			why: "the stateless rules pass one direction of the connection and send the other to the stateful engine, which then sees half a connection"}
	}
	return out
}

// statelessPacket decides one packet by the stateless rule groups in
// priority order, then the stateless default actions.
func (t *tracer) statelessPacket(p *model.NetworkFirewallPolicy, f flow) nfwDecision {
	for _, ref := range sortedRefs(p.StatelessGroups) {
		g := t.ix.nfw.groups[ref.RuleGroup]
		if g == nil {
			return nfwDecision{outcome: nfwUndecided, group: ref.RuleGroup, source: ref.Source, why: "rule group " + ref.RuleGroup + " is not in the input"}
		}
		if t.hasUnknowns(model.KindNetworkFirewallRuleGroup, g.ID) {
			return nfwDecision{outcome: nfwUndecided, group: g.ID, source: g.Source, why: "the rules of group " + g.ID + " are not known before apply"}
		}
		rules := slices.Clone(g.StatelessRules)
		slices.SortStableFunc(rules, func(a, b model.StatelessRule) int { return a.Priority - b.Priority })
		for _, r := range rules {
			label := "rule priority " + strconv.Itoa(r.Priority)
			switch statelessMatch(r, f) {
			case maybe:
				return nfwDecision{outcome: nfwUndecided, group: g.ID, rule: label, source: r.Source,
					why: "the rule may or may not match the packet (its addresses, ports or TCP flags cannot be decided offline)"}
			case yes:
				dec := statelessAction(r.Actions)
				dec.group, dec.rule, dec.source, dec.fixField = g.ID, label, r.Source, "stateless_rules"
				dec.why = fmt.Sprintf("stateless %s of rule group %s matches and says %s (aws-rules 4.11.2)", label, g.ID, strings.Join(r.Actions, ", "))
				return dec
			}
		}
	}
	dec := statelessAction(p.StatelessDefaultActions)
	dec.rule, dec.source, dec.fixField = "stateless_default_actions", p.Source, "stateless_default_actions"
	dec.why = fmt.Sprintf("no stateless rule matches, and the stateless default actions are %s (aws-rules 4.11.2)", strings.Join(p.StatelessDefaultActions, ", "))
	return dec
}

// statelessAction is the standard action among actions (custom actions
// only publish metrics).
func statelessAction(actions []string) nfwDecision {
	for _, a := range actions {
		switch a {
		case model.NFWPass:
			return nfwDecision{outcome: nfwPassed}
		case model.NFWDrop:
			return nfwDecision{outcome: nfwDropped}
		case model.NFWForward:
			return nfwDecision{outcome: nfwForwarded}
		}
	}
	return nfwDecision{outcome: nfwUndecided}
}

func statelessMatch(r model.StatelessRule, f flow) tri {
	if r.TCPFlags {
		return maybe
	}
	if len(r.Protocols) > 0 && !slices.Contains(r.Protocols, 6) {
		return no
	}
	return anyPrefix(r.Sources, f.src).and(anyPrefix(r.Destinations, f.dst)).
		and(portsTri(r.SourcePorts, f.srcPort)).and(portsTri(r.DestPorts, f.dstPort))
}

// sortedRefs orders rule group references by priority.
func sortedRefs(refs []model.NetworkFirewallGroupRef) []model.NetworkFirewallGroupRef {
	out := slices.Clone(refs)
	slices.SortStableFunc(out, func(a, b model.NetworkFirewallGroupRef) int { return a.Priority - b.Priority })
	return out
}

// statefulHit is one stateful rule's match of the flow.
type statefulHit struct {
	action   string
	match    tri
	group    string
	rule     string
	source   model.Pos
	why      string
	appLayer bool // the rule matches on TLS or HTTP, after the handshake
	fixField string
}

// stateful runs the stateful engine (aws-rules 4.11.3-4.11.5).
func (t *tracer) stateful(fw *model.NetworkFirewall, p *model.NetworkFirewallPolicy, f flow) nfwDecision {
	strict := p.RuleOrder == model.NFWStrictOrder
	refs := p.StatefulGroups
	if strict {
		refs = sortedRefs(refs)
	}
	var hits []statefulHit
	for _, ref := range refs {
		g := t.ix.nfw.groups[ref.RuleGroup]
		switch {
		case g == nil:
			return nfwDecision{outcome: nfwUndecided, group: ref.RuleGroup, source: ref.Source,
				why: "rule group " + ref.RuleGroup + " is not in the input (an AWS managed rule group, or one made elsewhere)"}
		case t.hasUnknowns(model.KindNetworkFirewallRuleGroup, g.ID):
			return nfwDecision{outcome: nfwUndecided, group: g.ID, source: g.Source, why: "the rules of group " + g.ID + " are not known before apply"}
		case g.RulesString != "":
			return nfwDecision{outcome: nfwUndecided, group: g.ID, source: g.Source, why: "rule group " + g.ID + " holds Suricata-compatible rules, which vpctrace does not evaluate"}
		}
		hits = append(hits, nfwGroupHits(g, p, f, ref.DropToAlert)...)
	}
	if strict {
		return strictOrder(p, hits)
	}
	return actionOrder(hits)
}

// nfwGroupHits lists the rules of g in order with their matches of f; with
// dropToAlert (the reference's override DROP_TO_ALERT) its drop and
// reject rules only alert (aws-rules 4.11.3).
func nfwGroupHits(g *model.NetworkFirewallRuleGroup, p *model.NetworkFirewallPolicy, f flow, dropToAlert bool) []statefulHit {
	out := nfwGroupRules(g, p, f)
	if dropToAlert {
		for i := range out {
			if out[i].action == model.StatefulDrop || out[i].action == model.StatefulReject {
				out[i].action = model.StatefulAlert
			}
		}
	}
	return out
}

// nfwGroupRules lists the rules of g in order with their matches of f.
func nfwGroupRules(g *model.NetworkFirewallRuleGroup, p *model.NetworkFirewallPolicy, f flow) []statefulHit {
	home := f.homeNet
	switch {
	case len(g.HomeNet) > 0 && len(p.HomeNet) > 0 && !slices.Equal(g.HomeNet, p.HomeNet):
		home = nil // which one wins is not decided (aws-rules 4.11.5)
	case len(g.HomeNet) > 0:
		home = g.HomeNet
	case len(p.HomeNet) > 0:
		home = p.HomeNet
	}
	var out []statefulHit
	for i, r := range g.StatefulRules {
		label := "rule " + strconv.Itoa(i+1)
		if r.SID != "" {
			label = "rule sid " + r.SID
		}
		out = append(out, statefulHit{action: r.Action, match: statefulMatch(r, f, home), group: g.ID, rule: label, source: r.Source,
			appLayer: r.Protocol == "TLS" || r.Protocol == "HTTP", fixField: "stateful_rules",
			why: fmt.Sprintf("stateful %s of rule group %s (%s %s %s %s -> %s %s) matches (aws-rules 4.11.4)", label, g.ID, r.Action, r.Protocol, r.Src, r.SrcPort, r.Dst, r.DstPort)})
	}
	if d := g.Domains; d != nil {
		if h, ok := domainHit(g, d, f, home); ok {
			out = append(out, h)
		}
	}
	return out
}

// domainHit is the rule a domain list makes for the flow (aws-rules
// 4.11.5): a list inspects only HTTPS (TLS_SNI) or HTTP (HTTP_HOST)
// traffic that comes from HOME_NET.
func domainHit(g *model.NetworkFirewallRuleGroup, d *model.DomainList, f flow, home []netip.Prefix) (statefulHit, bool) {
	if !f.tls || !d.TLSSNI {
		return statefulHit{}, false // an HTTPS call shows no HTTP host; EFS shows neither
	}
	from := anyPrefix(home, f.src)
	if len(home) == 0 {
		from = maybe
	}
	if from == no {
		return statefulHit{}, false
	}
	h := statefulHit{group: g.ID, source: d.Source, appLayer: true, fixField: "domain_list", match: from}
	target, listed := matchDomain(d.Targets, f.host)
	switch {
	case d.Allow && listed:
		h.action, h.rule = model.StatefulPass, "domain allowlist entry "+target
		h.why = fmt.Sprintf("the TLS SNI %s matches %s on the allowlist of rule group %s (aws-rules 4.11.5)", f.host, target, g.ID)
	case d.Allow:
		h.action, h.rule = model.StatefulDrop, "domain allowlist"
		h.why = fmt.Sprintf("the TLS SNI %s is not on the domain allowlist of rule group %s, which drops HTTPS to every other name (aws-rules 4.11.5)", f.host, g.ID)
	case listed:
		h.action, h.rule = model.StatefulDrop, "domain denylist entry "+target
		h.why = fmt.Sprintf("the TLS SNI %s matches %s on the denylist of rule group %s (aws-rules 4.11.5)", f.host, target, g.ID)
	default:
		return statefulHit{}, false
	}
	return h, true
}

// matchDomain finds the target that host matches: an exact name, or
// ".example.com" for example.com and its subdomains (aws-rules 4.11.5).
func matchDomain(targets []string, host string) (string, bool) {
	for _, t := range targets {
		name := strings.ToLower(strings.TrimSuffix(t, "."))
		if strings.HasPrefix(name, ".") {
			if host == name[1:] || strings.HasSuffix(host, name) {
				return t, true
			}
			continue
		}
		if host == name {
			return t, true
		}
	}
	return "", false
}

// statefulMatch matches a 5-tuple rule against the flow, in its direction
// or, for direction ANY, in both (aws-rules 4.11.4).
func statefulMatch(r model.StatefulRule, f flow, home []netip.Prefix) tri {
	proto := protocolTri(r.Protocol, f)
	if proto == no {
		return no
	}
	forward := proto.and(addrSpec(r.Src, f.src, home)).and(portSpec(r.SrcPort, f.srcPort)).
		and(addrSpec(r.Dst, f.dst, home)).and(portSpec(r.DstPort, f.dstPort))
	if forward == yes || !strings.EqualFold(r.Direction, "ANY") {
		return forward
	}
	b := f.reversed()
	back := proto.and(addrSpec(r.Src, b.src, home)).and(portSpec(r.SrcPort, b.srcPort)).
		and(addrSpec(r.Dst, b.dst, home)).and(portSpec(r.DstPort, b.dstPort))
	switch {
	case back == yes:
		return yes
	case forward == maybe || back == maybe:
		return maybe
	}
	return no
}

// protocolTri matches a rule's protocol against the flow: TCP carrying
// TLS for HTTPS calls, NFS for EFS.
func protocolTri(p string, f flow) tri {
	switch strings.ToUpper(p) {
	case "IP", "TCP":
		return yes
	case "TLS":
		if f.tls {
			return yes
		}
		return maybe // EFS with transit encryption speaks TLS
	case "UDP", "ICMP", "HTTP", "HTTP2", "DNS", "SSH", "FTP", "SMTP", "IMAP", "SMB", "NTP", "DHCP", "TFTP", "KRB5", "IKEV2", "QUIC", "DCERPC", "MSN":
		return no
	}
	return maybe
}

// addrSpec matches an address field: ANY, a CIDR, $HOME_NET or
// $EXTERNAL_NET; anything else (lists, negations, other variables) is
// not decided.
func addrSpec(spec string, a endpointAddr, home []netip.Prefix) tri {
	switch s := strings.TrimSpace(spec); {
	case strings.EqualFold(s, "ANY"):
		return yes
	case s == "$HOME_NET":
		if len(home) == 0 {
			return maybe
		}
		return anyPrefix(home, a)
	case s == "$EXTERNAL_NET":
		if len(home) == 0 {
			return maybe
		}
		switch anyPrefix(home, a) {
		case yes:
			return no
		case no:
			return yes
		}
		return maybe
	default:
		c, err := netip.ParsePrefix(s)
		if err != nil {
			ip, err := netip.ParseAddr(s)
			if err != nil {
				return maybe
			}
			c = netip.PrefixFrom(ip, ip.BitLen())
		}
		return coverTri(cidrCovers(c, a))
	}
}

// portSpec matches a port field: ANY, a port, or FROM:TO.
func portSpec(spec string, r portRange) tri {
	s := strings.TrimSpace(spec)
	if strings.EqualFold(s, "ANY") || s == "" {
		return yes
	}
	from, to, ok := strings.Cut(s, ":")
	if !ok {
		to = from
	}
	a, err1 := strconv.Atoi(from)
	b, err2 := strconv.Atoi(to)
	if err1 != nil || err2 != nil {
		return maybe
	}
	return portsTri([]model.PortRange{{From: a, To: b}}, r)
}

// actionOrder decides by Suricata's action order: a matching pass rule
// wins, then drop and reject; alert does not decide; with no decision the
// flow passes (aws-rules 4.11.3).
func actionOrder(hits []statefulHit) nfwDecision {
	find := func(m tri, actions ...string) *statefulHit {
		for i := range hits {
			if hits[i].match == m && slices.Contains(actions, hits[i].action) {
				return &hits[i]
			}
		}
		return nil
	}
	if h := find(yes, model.StatefulPass); h != nil {
		return h.decision(nfwPassed, "; pass rules come first in action order (aws-rules 4.11.3)")
	}
	maybePass := find(maybe, model.StatefulPass)
	drop := find(yes, model.StatefulDrop, model.StatefulReject)
	maybeDrop := find(maybe, model.StatefulDrop, model.StatefulReject)
	switch {
	case drop != nil && maybePass == nil:
		return drop.decision(nfwDropped, "")
	case maybePass != nil && (drop != nil || maybeDrop != nil):
		// A pass rule that may match would win over the drop.
		return maybePass.undecided()
	case maybePass == nil && maybeDrop != nil:
		return maybeDrop.undecided()
	}
	return nfwDecision{outcome: nfwPassed, rule: "stateful rules", why: "no stateful rule drops the connection; in action order such traffic passes (aws-rules 4.11.3)"}
}

// strictOrder decides by rule group priority and rule order: the first
// matching pass, drop or reject rule decides, then the stateful default
// actions (aws-rules 4.11.3).
func strictOrder(p *model.NetworkFirewallPolicy, hits []statefulHit) nfwDecision {
	for _, h := range hits {
		if h.action == model.StatefulAlert || h.match == no {
			continue
		}
		if h.match == maybe {
			return nfwDecision{outcome: nfwUndecided, group: h.group, rule: h.rule, source: h.source,
				why: "whether " + h.rule + " of group " + h.group + " matches cannot be decided offline, and in strict order it comes first"}
		}
		if h.action != model.StatefulPass {
			return h.decision(nfwDropped, "; in strict order it is the first rule that decides (aws-rules 4.11.3)")
		}
		if h.appLayer && slices.Contains(p.StatefulDefaultActions, model.NFWDropStrict) {
			return nfwDecision{outcome: nfwUndecided, group: h.group, rule: h.rule, source: h.source,
				why: h.rule + " passes the connection only once its TLS or HTTP data is seen, and the default action aws:drop_strict drops the TCP handshake before that unless a rule passes it"}
		}
		return h.decision(nfwPassed, "; in strict order it is the first rule that decides (aws-rules 4.11.3)")
	}
	for _, a := range p.StatefulDefaultActions {
		if a == model.NFWDropStrict || a == model.NFWDropEstablished {
			return nfwDecision{outcome: nfwDropped, rule: "stateful_default_actions", source: p.Source, fixField: "stateful_default_actions",
				why: fmt.Sprintf("no stateful rule passes the connection, and the stateful default action %s drops it (aws-rules 4.11.3)", a)}
		}
	}
	return nfwDecision{outcome: nfwPassed, rule: "stateful rules", why: "no stateful rule drops the connection, and no stateful default action drops it (aws-rules 4.11.3)"}
}

// undecided is the decision when whether h matches cannot be told.
func (h statefulHit) undecided() nfwDecision {
	return nfwDecision{outcome: nfwUndecided, group: h.group, rule: h.rule, source: h.source,
		why: "whether " + h.rule + " of group " + h.group + " matches cannot be decided offline"}
}

func (h statefulHit) decision(o nfwOutcome, more string) nfwDecision {
	return nfwDecision{outcome: o, group: h.group, rule: h.rule, source: h.source, why: h.why + more, fixField: h.fixField}
}

// firewallReturn checks that replies from subnet s to the call's source
// go back through the firewall endpoint the request passed: AWS Network
// Firewall does not support asymmetric routing (aws-rules 4.11.7, 10.36).
func (t *tracer) firewallReturn(pos position, s *model.Subnet) {
	in := pos.inspected
	rt := t.ix.subnetTable(s)
	r, found, _ := t.ix.routeLookup(rt, pos.src)
	if found && r.Undetermined != "" {
		t.hop(rt.id, HopReturnRouteTable)
		t.undeterminedRoute(rt, r, pos.src)
		return
	}
	if found && !r.Blackhole && r.Target == model.TargetNetworkFirewall && r.TargetID == in.firewall {
		if fw := t.ix.nfw.firewalls[r.TargetID]; fw != nil {
			if sub, _ := t.ix.firewallZone(fw, r.TargetZone, s.AZ); sub != nil && sub.AZ == in.az {
				t.hop(rt.id, HopReturnRouteTable, Step{Type: StepRoute, Action: ActionForwarded, Rule: r.label(), Source: r.Source,
					Detail: fmt.Sprintf("replies to %s match route %s, back through %s (aws-rules 4.11.7)", pos.src.prefix, r.label(), in)})
				return
			}
		}
	}
	sends := "has no route for " + pos.src.prefix.String()
	if found {
		sends = "sends replies for " + pos.src.prefix.String() + " by route " + r.label()
	}
	t.hop(rt.id, HopReturnRouteTable, Step{Type: StepRoute, Action: ActionUnknown, Reason: Unmodeled, Source: rt.source,
		Detail: fmt.Sprintf("return path: %s %s, not back through %s: the request and its replies take different firewall paths, which AWS Network Firewall does not support (aws-rules 4.11.7, 10.36)", rt.id, sends, in)})
	t.blockFix(Unmodeled, Unknown, routeFix(fmt.Sprintf("add a route for %s to %s in %s", pos.src.prefix, in, rt.id), rt))
}

// firewallEdge says, at an internet gateway that a firewall-inspected
// packet reaches directly, that the replies' path through the firewall
// depends on the gateway's edge route table, which is not modelled
// (aws-rules 4.11.7, 10.36).
func (t *tracer) firewallEdge(pos position, igw *model.InternetGateway) {
	in := pos.inspected
	t.step(Step{Type: StepRoute, Action: ActionUnknown, Reason: Unmodeled, Source: igw.Source,
		Detail: fmt.Sprintf("replies from the internet enter through internet gateway %s and must return through %s; that depends on the gateway's edge route table (a route table associated with the gateway), which vpctrace does not model (aws-rules 4.11.7, 10.36)", igw.ID, in)})
	t.block(Unmodeled, Unknown, "check that the route table associated with "+igw.ID+" routes "+pos.src.prefix.String()+" to "+in.String())
	t.settings = append(t.settings, settingNote{m: Missing{What: "the edge route table of " + igw.ID, Why: "ingress routing is not modelled"}, matters: true})
}
