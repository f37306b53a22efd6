package sim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// Route 53 Resolver rules (aws-rules 3.3.5 to 3.3.9): who answers a name
// the Amazon resolver of a VPC receives.

// resolverIndex holds the Resolver rules and DNS Firewall rule groups by
// VPC, built once per world.
type resolverIndex struct {
	// rules are the rules associated with each VPC; anyVPC the rules
	// whose association is not determined, which may apply to any VPC.
	rules  map[string][]*model.ResolverRule
	anyVPC []*model.ResolverRule
	// lists are the DNS Firewall domain lists by ID; groups the rule
	// groups associated with each VPC, in evaluation order (3.9.1).
	lists  map[string]*model.FirewallDomainList
	groups map[string][]fwGroup
}

// buildResolver indexes the world's Resolver rules and DNS Firewall.
func (ix *index) buildResolver() {
	w := ix.w
	rx := &resolverIndex{rules: map[string][]*model.ResolverRule{}, lists: map[string]*model.FirewallDomainList{}, groups: map[string][]fwGroup{}}
	ix.resolverIx = rx
	for i := range w.ResolverRules {
		r := &w.ResolverRules[i]
		if _, ok := ix.unknownOf(model.KindResolverRule, r.ID, "vpc_id"); ok {
			rx.anyVPC = append(rx.anyVPC, r)
		}
		for _, v := range slices.Compact(slices.Sorted(slices.Values(r.VPCs))) {
			rx.rules[v] = append(rx.rules[v], r)
		}
	}
	for i := range w.FirewallDomainLists {
		l := &w.FirewallDomainLists[i]
		rx.lists[l.ID] = l
	}
	ix.buildFirewall(rx)
}

// ruleCandidate is a rule that matches a name: one of the input's rules,
// or one Resolver defines itself (aws-rules 3.3.6).
type ruleCandidate struct {
	labels int                 // the number of labels of the domain; "." has none
	rule   *model.ResolverRule // nil for an autodefined rule
	zone   *zone               // the private zone of an autodefined rule
	domain string              // the domain of an autodefined rule
}

func (c ruleCandidate) forwards() bool {
	return c.rule != nil && c.rule.Type == model.ResolverForward
}

func (c ruleCandidate) describe() string {
	switch {
	case c.rule != nil:
		return describeRule(c.rule)
	case c.zone != nil:
		return "the autodefined rule of " + c.zone.describe()
	}
	return "Resolver's autodefined rule for " + c.domain
}

func describeRule(r *model.ResolverRule) string {
	return fmt.Sprintf("Resolver rule %s (%s %s)", r.ID, r.Type, r.DomainName)
}

// domainLabels returns the number of labels of domain when host equals it
// or lies below it (whole labels, aws-rules 3.3.5), or -1.
func domainLabels(domain, host string) int {
	switch {
	case domain == ".":
		return 0
	case domain == host || strings.HasSuffix(host, "."+domain):
		return strings.Count(domain, ".") + 1
	}
	return -1
}

// autodefinedDomains are the EC2 names Resolver makes rules for in a
// VPC with DNS hostnames on (aws-rules 3.3.6), and the reserved name
// localhost.
func autodefinedDomains(region string, hostnames bool) []string {
	out := []string{"localhost"}
	switch {
	case !hostnames:
	case region == "us-east-1":
		out = append(out, "ec2.internal", "compute-1.internal", "compute-1.amazonaws.com")
	default:
		out = append(out, region+".compute.internal", region+".compute.amazonaws.com")
	}
	return out
}

// customerRules returns the rules that may apply to a VPC: its own and
// those whose association is not determined.
func (ix *index) customerRules(vpc *model.VPC) []*model.ResolverRule {
	rx := ix.resolverIx
	if rx == nil {
		return nil
	}
	out := rx.rules[vpc.ID]
	for _, r := range rx.anyVPC {
		if !slices.Contains(out, r) {
			out = append(slices.Clip(out), r)
		}
	}
	return out
}

// ruleFacts is what the input determines of a rule.
type ruleFacts struct {
	domainKnown, typeKnown, vpcKnown bool
}

func (ix *index) factsOf(r *model.ResolverRule) ruleFacts {
	_, domainU := ix.unknownOf(model.KindResolverRule, r.ID, "domain_name")
	_, typeU := ix.unknownOf(model.KindResolverRule, r.ID, "rule_type")
	_, vpcU := ix.unknownOf(model.KindResolverRule, r.ID, "vpc_id")
	undetermined := r.Undetermined != ""
	return ruleFacts{
		domainKnown: r.DomainName != "" && !domainU && !(undetermined && r.DomainName == ""),
		typeKnown:   r.Type != "" && !typeU,
		vpcKnown:    !vpcU,
	}
}

func (f ruleFacts) certain() bool { return f.domainKnown && f.typeKnown && f.vpcKnown }

// ruleWinner returns the candidate that decides who answers host in vpc
// (aws-rules 3.3.5): the customer rule or autodefined rule with the most
// specific domain, a customer rule winning a tie. A RECURSIVE rule is
// Resolver's own (the "Internet Resolver" rule for ".", which an account
// snapshot lists among the VPC's rules), so it ties as an autodefined
// rule. ok is false when no candidate matches.
func (ix *index) ruleWinner(vpc *model.VPC, host string, rules []*model.ResolverRule) (ruleCandidate, bool) {
	best, found := ruleCandidate{labels: -1}, false
	customer := func(c ruleCandidate) bool { return c.rule != nil && c.rule.Type != model.ResolverRecursive }
	consider := func(c ruleCandidate) {
		if c.labels > best.labels || c.labels == best.labels && customer(c) && !customer(best) {
			best, found = c, true
		}
	}
	if z := ix.zones[vpc.ID].mostSpecific(host); z != nil {
		consider(ruleCandidate{labels: domainLabels(z.name, host), zone: z})
	}
	for _, d := range autodefinedDomains(ix.region(vpc), vpc.EnableDNSHostnames) {
		if n := domainLabels(d, host); n >= 0 {
			consider(ruleCandidate{labels: n, domain: d})
		}
	}
	for _, r := range rules {
		if !ix.factsOf(r).certain() {
			continue
		}
		if n := domainLabels(r.DomainName, host); n >= 0 {
			consider(ruleCandidate{labels: n, rule: r})
		}
	}
	return best, found
}

// applyRules decides who answers host in vpc by the Resolver rules
// (aws-rules 3.3.5 to 3.3.8). done is set when the rules end the lookup:
// a forwarding rule wins (DNS_RESOLVER_UNKNOWN), or a rule the input does
// not determine could change who answers (UNMODELED). Otherwise step, when
// set, explains which rule let the Amazon resolver answer the name.
func (ix *index) applyRules(vpc *model.VPC, host string) (r dnsResult, step *Step, done bool) {
	rules := ix.customerRules(vpc)
	if len(rules) == 0 {
		return dnsResult{}, nil, false
	}
	win, found := ix.ruleWinner(vpc, host, rules)
	if found && win.forwards() {
		return forwarded(vpc, host, win.rule), nil, true
	}
	if r, ok := ix.maybeRule(vpc, host, win, found, rules); ok {
		return r, nil, true
	}
	return dnsResult{}, ix.localStep(vpc, host, win, found, rules), false
}

// forwarded is the answer for a name a forwarding rule sends to servers
// the model does not describe (aws-rules 3.3.5).
func forwarded(vpc *model.VPC, host string, r *model.ResolverRule) dnsResult {
	targets := "targets the input does not give"
	if len(r.TargetIPs) > 0 {
		targets = strings.Join(r.TargetIPs, ", ")
	}
	via := ""
	if r.ResolverEndpoint != "" {
		via = " through outbound endpoint " + r.ResolverEndpoint
	}
	detail := fmt.Sprintf("%s is the most specific Resolver rule for %s in vpc %s, so the Amazon resolver forwards the query%s to %s; the model cannot know what they answer (aws-rules 3.3.5)",
		describeRule(r), host, vpc.ID, via, targets)
	system := host
	if strings.HasSuffix(host, ".amazonaws.com") {
		system = "amazonaws.com" // as AWS recommends under a "." or "com" rule (3.3.7)
	}
	fix := fmt.Sprintf("associate with vpc %s a SYSTEM rule for %s, so that the Amazon resolver answers %s itself (aws-rules 3.3.7), or make sure the servers at %s answer it with the service's addresses",
		vpc.ID, system, host, targets)
	return dnsFail(DNSResolverUnknown, Unknown, r.Source, detail, fix)
}

// maybeRule reports a rule the input does not determine that could win
// for host and change who answers it (aws-rules 3.3.8).
func (ix *index) maybeRule(vpc *model.VPC, host string, win ruleCandidate, found bool, rules []*model.ResolverRule) (dnsResult, bool) {
	for _, r := range rules {
		f := ix.factsOf(r)
		if f.certain() {
			continue
		}
		if f.domainKnown {
			n := domainLabels(r.DomainName, host)
			if n < 0 || found && (n < win.labels || n == win.labels && win.rule != nil) {
				continue // it cannot win for this name
			}
		}
		if f.typeKnown && r.Type != model.ResolverForward {
			continue // a SYSTEM rule over a name the resolver answers changes nothing
		}
		answer := "the Amazon resolver answers it"
		if found {
			answer = win.describe() + " decides it"
		}
		detail := fmt.Sprintf("%s may apply to %s in vpc %s, but the input does not determine %s: if it forwards %s, servers outside the model answer it; if not, %s (aws-rules 3.3.8, 3.3.5)",
			"Resolver rule "+r.ID, host, vpc.ID, ix.undeterminedOf(r, f), host, answer)
		res := dnsFail(Unmodeled, Unknown, r.Source, detail,
			fmt.Sprintf("describe Resolver rule %s in the input (its domain_name, rule_type and association), or trace a state file where they are known", r.ID))
		res.missing = ix.ruleMissing(r)
		return res, true
	}
	return dnsResult{}, false
}

// undeterminedOf says what the input does not determine of a rule.
func (ix *index) undeterminedOf(r *model.ResolverRule, f ruleFacts) string {
	var parts []string
	if !f.domainKnown {
		parts = append(parts, "its domain")
	}
	if !f.typeKnown {
		parts = append(parts, "its type")
	}
	if !f.vpcKnown {
		parts = append(parts, "which VPC it is associated with")
	}
	what := strings.Join(parts, ", ")
	if r.Undetermined != "" {
		what += " (" + r.Undetermined + ")"
	}
	return what
}

// ruleMissing names the undetermined settings of a rule.
func (ix *index) ruleMissing(r *model.ResolverRule) []Missing {
	var out []Missing
	for _, u := range ix.unknowns[string(model.KindResolverRule)+"|"+r.ID] {
		out = append(out, missingOf(u))
	}
	if len(out) == 0 {
		out = append(out, Missing{What: "Resolver rule " + r.ID, Why: r.Undetermined})
	}
	return out
}

// localStep explains, for a VPC with Resolver rules, why the Amazon
// resolver answers host itself: a SYSTEM rule, or an autodefined rule more
// specific than every forwarding rule that matches (aws-rules 3.3.5). It
// is nil when no rule of the input matches host.
func (ix *index) localStep(vpc *model.VPC, host string, win ruleCandidate, found bool, rules []*model.ResolverRule) *Step {
	var lost []string
	for _, r := range rules {
		if r != win.rule && ix.factsOf(r).certain() && r.Type == model.ResolverForward && domainLabels(r.DomainName, host) >= 0 {
			lost = append(lost, describeRule(r))
		}
	}
	if !found || win.rule == nil && len(lost) == 0 {
		return nil
	}
	var detail string
	switch {
	case win.rule != nil:
		detail = fmt.Sprintf("%s is the most specific Resolver rule for %s, so the Amazon resolver answers it itself (aws-rules 3.3.5, 3.3.7)", describeRule(win.rule), host)
	default:
		detail = fmt.Sprintf("%s is more specific for %s than the forwarding rule %s, so the Amazon resolver answers it itself (aws-rules 3.3.5, 3.3.6)", win.describe(), host, strings.Join(lost, ", "))
	}
	src := vpc.Source
	if win.rule != nil {
		src = win.rule.Source
	} else if win.zone != nil {
		src = win.zone.source
	}
	return &Step{Type: StepDNS, Action: ActionResolved, Detail: detail, Source: src}
}
