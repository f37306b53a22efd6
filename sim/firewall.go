package sim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// Route 53 Resolver DNS Firewall (aws-rules 3.9): the rule groups
// associated with a VPC filter each name its Amazon resolver is asked.

// fwGroup is a rule group associated with a VPC, with its rules in
// evaluation order.
type fwGroup struct {
	group *model.FirewallRuleGroup
	assoc *model.FirewallAssociation
	rules []*model.FirewallRule
}

// buildFirewall orders the groups of each VPC by association priority and
// their rules by rule priority, lowest first (aws-rules 3.9.1). Ties keep
// input order; an undetermined priority sorts first, as it may.
func (ix *index) buildFirewall(rx *resolverIndex) {
	w := ix.w
	for i := range w.FirewallRuleGroups {
		g := &w.FirewallRuleGroups[i]
		rules := make([]*model.FirewallRule, len(g.Rules))
		for j := range g.Rules {
			rules[j] = &g.Rules[j]
		}
		slices.SortStableFunc(rules, func(a, b *model.FirewallRule) int {
			return cmp.Compare(priorityKey(a.Priority, a.Undetermined), priorityKey(b.Priority, b.Undetermined))
		})
		for j := range g.Associations {
			a := &g.Associations[j]
			rx.groups[a.VPC] = append(rx.groups[a.VPC], fwGroup{group: g, assoc: a, rules: rules})
		}
	}
	for _, gs := range rx.groups {
		slices.SortStableFunc(gs, func(a, b fwGroup) int {
			return cmp.Compare(priorityKey(a.assoc.Priority, a.assoc.Undetermined), priorityKey(b.assoc.Priority, b.assoc.Undetermined))
		})
	}
}

func priorityKey(p int, undetermined string) int {
	if undetermined != "" && p == 0 {
		return -1 << 31
	}
	return p
}

// fwClass is what a firewall decision does to a name.
type fwClass string

const (
	fwPass     fwClass = "pass"     // ALLOW, ALERT or no rule matches
	fwBlock    fwClass = "block"    // BLOCK with NXDOMAIN or NODATA
	fwOverride fwClass = "override" // BLOCK with OVERRIDE
)

// fwHit is a rule that matches, or may match, a name.
type fwHit struct {
	g     fwGroup
	rule  *model.FirewallRule // nil for a group whose rules are not known
	entry string              // the domain list entry that matched
	// classes are what the rule may do when it is not determined; nil
	// for a determined match.
	classes []fwClass
	why     string // what the input does not determine
}

func (h fwHit) class() fwClass {
	r := h.rule
	switch {
	case r.Action != model.FirewallBlock:
		return fwPass
	case r.BlockResponse == model.BlockOverride:
		return fwOverride
	}
	return fwBlock
}

func (h fwHit) name() string {
	if h.rule == nil {
		return "rule group " + h.g.group.ID
	}
	return fmt.Sprintf("rule %s (%s, priority %d) of rule group %s", h.rule.ID, h.action(), h.rule.Priority, h.g.group.ID)
}

func (h fwHit) action() string {
	if h.rule.Action == model.FirewallBlock {
		return "BLOCK " + string(h.rule.BlockResponse)
	}
	return string(h.rule.Action)
}

// fwMatch is how a domain list relates to a name.
type fwMatch uint8

const (
	fwNo fwMatch = iota
	fwYes
	fwMaybe
)

// matchList matches host against a domain list (aws-rules 3.9.3): the
// entry that matches, or why the input cannot tell.
func matchList(l *model.FirewallDomainList, host string) (fwMatch, string) {
	switch {
	case l == nil:
		return fwMaybe, "its domain list is not in the input"
	case l.Managed:
		return fwMaybe, "domain list " + l.ID + " is managed by AWS, which does not publish its domains"
	case l.Undetermined != "":
		return fwMaybe, "the domains of list " + l.ID + " are not determined (" + l.Undetermined + ")"
	}
	maybe := ""
	for _, d := range l.Domains {
		switch {
		case d == "*":
			return fwYes, d
		case strings.HasPrefix(d, "*."):
			if strings.HasSuffix(host, d[1:]) {
				return fwYes, d
			}
		case strings.Contains(d, "*"):
			maybe = d
		case d == host:
			return fwYes, d
		}
	}
	if maybe != "" {
		return fwMaybe, "the meaning of entry " + maybe + " of list " + l.ID + " is not documented"
	}
	return fwNo, ""
}

// decidesLookups reports whether a rule's query type covers the A lookups
// of the calls (aws-rules 3.9.4).
func decidesLookups(r *model.FirewallRule) bool {
	return r.QType == "" || r.QType == "A"
}

// groupHits evaluates one group for host: the rules that may match before
// the first that surely does, and that one (or none). missed counts the
// rules before it that do not match.
func (ix *index) groupHits(g fwGroup, host string) (maybes []fwHit, decided *fwHit, missed []string) {
	if g.group.Undetermined != "" {
		return []fwHit{{g: g, why: "its rules are not described by the input (" + g.group.Undetermined + ")"}}, nil, nil
	}
	for _, r := range g.rules {
		if !decidesLookups(r) {
			missed = append(missed, r.ID+" (query type "+r.QType+")")
			continue
		}
		m, entry := matchList(ix.resolverIx.lists[r.DomainList], host)
		if m == fwNo {
			missed = append(missed, r.ID)
			continue
		}
		h := fwHit{g: g, rule: r, entry: entry}
		if r.Undetermined != "" {
			m, h.why = fwMaybe, "its "+r.Undetermined+" is not determined"
		} else if m == fwMaybe {
			h.why = entry
			h.entry = ""
		}
		if m == fwMaybe {
			h.classes = ruleClasses(r)
			maybes = append(maybes, h)
			continue
		}
		return maybes, &h, missed
	}
	return maybes, nil, missed
}

// ruleClasses are what an undetermined rule may do.
func ruleClasses(r *model.FirewallRule) []fwClass {
	switch {
	case r.Action == "":
		return []fwClass{fwPass, fwBlock, fwOverride}
	case r.Action == model.FirewallBlock && r.BlockResponse == "":
		return []fwClass{fwBlock, fwOverride}
	case r.Action != model.FirewallBlock:
		return []fwClass{fwPass}
	case r.BlockResponse == model.BlockOverride:
		return []fwClass{fwOverride}
	}
	return []fwClass{fwBlock}
}

// fwDecision is the outcome of DNS Firewall for one name.
type fwDecision struct {
	hit    *fwHit  // the deciding rule; nil when none matches
	unsure []fwHit // rules that may decide otherwise
	order  *fwGroup
	missed []string // the rules before the deciding one that do not match
}

func (d fwDecision) class() fwClass {
	if d.hit == nil {
		return fwPass
	}
	return d.hit.class()
}

// evaluate runs the VPC's rule groups on host (aws-rules 3.9.1, 3.9.5).
func (ix *index) evaluate(groups []fwGroup, host string) fwDecision {
	var d fwDecision
	var maybes []fwHit
	for _, g := range groups {
		m, hit, missed := ix.groupHits(g, host)
		maybes = append(maybes, m...)
		d.missed = append(d.missed, missed...)
		if hit != nil {
			d.hit = hit
			break
		}
	}
	for _, m := range maybes {
		if m.classes == nil || slices.ContainsFunc(m.classes, func(c fwClass) bool { return c != d.class() }) {
			d.unsure = append(d.unsure, m)
		}
	}
	if len(d.unsure) == 0 {
		d.order = ix.unsureOrder(groups, host, d.class())
	}
	return d
}

// unsureOrder returns an association whose priority the input does not
// determine when another order of the groups could decide host otherwise.
func (ix *index) unsureOrder(groups []fwGroup, host string, class fwClass) *fwGroup {
	for i := range groups {
		if groups[i].assoc.Undetermined == "" || len(groups) < 2 {
			continue
		}
		for _, g := range groups {
			if _, hit, _ := ix.groupHits(g, host); hit != nil && hit.class() != class {
				return &groups[i]
			}
		}
	}
	return nil
}

// applyFirewall filters host through the DNS Firewall of vpc (aws-rules
// 3.9). done is set when the firewall ends the lookup: a block, an
// answer the model cannot decide, or an OVERRIDE answer, which it
// follows. Otherwise step, when set, says which rule let the query through,
// and trust is set when that rule trusts the rest of a CNAME chain (3.9.4).
func (ix *index) applyFirewall(vpc *model.VPC, az, host string, depth int) (r dnsResult, step *Step, trust, done bool) {
	if ix.resolverIx == nil {
		return dnsResult{}, nil, false, false
	}
	groups := ix.resolverIx.groups[vpc.ID]
	if len(groups) == 0 {
		return dnsResult{}, nil, false, false
	}
	d := ix.evaluate(groups, host)
	switch {
	case len(d.unsure) > 0:
		return ix.fwUnsure(vpc, host, d), nil, false, true
	case d.order != nil:
		return ix.fwUnsureOrder(vpc, host, d.order), nil, false, true
	case d.hit == nil:
		return dnsResult{}, &Step{Type: StepDNS, Action: ActionResolved, Source: groups[0].assoc.Source,
			Detail: fmt.Sprintf("no DNS Firewall rule of the rule groups of vpc %s (%s) matches %s, so the query goes on (aws-rules 3.9.1)", vpc.ID, groupNames(groups), host)}, false, false
	}
	h := d.hit
	switch h.class() {
	case fwBlock:
		return fwBlocked(vpc, host, h, d.missed), nil, false, true
	case fwOverride:
		return ix.fwOverridden(vpc, az, host, h, depth), nil, false, true
	}
	return dnsResult{}, &Step{Type: StepDNS, Action: ActionResolved, Source: h.rule.Source,
		Detail: fmt.Sprintf("DNS Firewall %s matches %s with entry %s of list %s, so the query goes through (aws-rules 3.9.1, 3.9.2)", h.name(), host, h.entry, h.rule.DomainList)}, h.rule.TrustRedirection, false
}

func groupNames(groups []fwGroup) string {
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.group.ID
	}
	return strings.Join(names, ", ")
}

// fwBlocked is the answer for a name a BLOCK rule answers with NXDOMAIN
// or NODATA (aws-rules 3.9.2).
func fwBlocked(vpc *model.VPC, host string, h *fwHit, missed []string) dnsResult {
	answer := "NXDOMAIN (the name does not exist)"
	if h.rule.BlockResponse == model.BlockNoData {
		answer = "NODATA (no address for the name)"
	}
	before := ""
	if len(missed) > 0 {
		before = ", and no rule before it matches (" + strings.Join(missed, ", ") + ")"
	}
	detail := fmt.Sprintf("DNS Firewall %s of vpc %s matches %s with entry %s of domain list %s%s; it answers %s, so the name does not resolve and the task sees \"lookup %s ...: no such host\" (aws-rules 3.9.1, 3.9.2, 7.2.2)",
		h.name(), vpc.ID, host, h.entry, h.rule.DomainList, before, answer, host)
	fix := fmt.Sprintf("remove %s from domain list %s, or add to rule group %s an ALLOW rule for %s with a priority lower than %d (aws-rules 3.9.1)",
		h.entry, h.rule.DomainList, h.g.group.ID, host, h.rule.Priority)
	return dnsFail(DNSFirewallBlocked, Unreachable, h.rule.Source, detail, fix).
		fixing(model.KindFirewallList, h.rule.DomainList, "domains", "domains", "")
}

// fwOverridden follows the CNAME an OVERRIDE rule answers with when a
// private zone of the VPC answers its target, and is unknown otherwise
// (aws-rules 3.9.2).
func (ix *index) fwOverridden(vpc *model.VPC, az, host string, h *fwHit, depth int) dnsResult {
	target := h.rule.BlockOverrideDomain
	detail := fmt.Sprintf("DNS Firewall %s matches %s with entry %s of domain list %s and answers with a CNAME to %s (aws-rules 3.9.2)",
		h.name(), host, h.entry, h.rule.DomainList, target)
	if ix.zones[vpc.ID].mostSpecific(target) == nil {
		r := dnsFail(Unmodeled, Unknown, h.rule.Source,
			detail+", which no private zone of vpc "+vpc.ID+" answers; the model does not know where it leads",
			fmt.Sprintf("remove %s from domain list %s, or describe %s in a private hosted zone of vpc %s", h.entry, h.rule.DomainList, target, vpc.ID))
		r.missing = []Missing{{What: "the answer for " + target, Why: "block_override_domain of " + h.rule.ID + " names a target outside the input"}}
		return r
	}
	next := ix.lookup(vpc, az, target, depth+1, h.rule.TrustRedirection)
	step := Step{Type: StepDNS, Action: ActionResolved, Detail: detail, Source: h.rule.Source}
	next.steps = append([]Step{step}, next.steps...)
	return next
}

// fwUnsure is the answer when a rule the input does not determine may
// decide host otherwise than the rules it determines (aws-rules 3.9.5).
func (ix *index) fwUnsure(vpc *model.VPC, host string, d fwDecision) dnsResult {
	u := d.unsure[0]
	otherwise := "no rule matches it, so it resolves normally"
	if d.hit != nil {
		otherwise = fmt.Sprintf("%s decides it", d.hit.name())
	}
	detail := fmt.Sprintf("DNS Firewall %s of vpc %s may match %s, but %s; if it does not, %s (aws-rules 3.9.5, 3.9.1)",
		u.name(), vpc.ID, host, u.why, otherwise)
	src := u.g.group.Source
	fix := fmt.Sprintf("describe rule group %s in the input, or associate with vpc %s, at a lower priority, a rule group that ALLOWs %s", u.g.group.ID, vpc.ID, host)
	if u.rule != nil {
		src = u.rule.Source
		lower := fmt.Sprintf("a priority lower than %d", u.rule.Priority)
		if strings.Contains(u.rule.Undetermined, "priority") {
			lower = "the lowest priority of the group"
		}
		fix = fmt.Sprintf("add to rule group %s an ALLOW rule for %s with %s, so that the answer does not depend on what the input does not say", u.g.group.ID, host, lower)
	}
	r := dnsFail(Unmodeled, Unknown, src, detail, fix)
	for _, h := range d.unsure {
		r.missing = append(r.missing, ix.hitMissing(h))
	}
	return r
}

// fwUnsureOrder is the answer when the order of the VPC's rule groups is
// not determined and decides host (aws-rules 3.9.5).
func (ix *index) fwUnsureOrder(vpc *model.VPC, host string, g *fwGroup) dnsResult {
	detail := fmt.Sprintf("the priority of the association of DNS Firewall rule group %s with vpc %s is not determined (%s), and the groups of the VPC decide %s differently depending on their order (aws-rules 3.9.5, 3.9.1)",
		g.group.ID, vpc.ID, g.assoc.Undetermined, host)
	r := dnsFail(Unmodeled, Unknown, g.assoc.Source, detail, "give the association's priority a value known before apply")
	what := "priority of the association of " + g.group.ID + " with " + vpc.ID
	if g.assoc.Name != "" {
		what = "priority of " + g.assoc.Name
	}
	r.missing = []Missing{{What: what, Why: g.assoc.Undetermined}}
	return r
}

// hitMissing names what the input does not determine of an unsure rule.
// A setting Terraform leaves unknown has its World.Unknowns entry; one a
// scenario calls undetermined is named without a position, which the text
// of the scenario gives.
func (ix *index) hitMissing(h fwHit) Missing {
	switch {
	case h.rule == nil:
		return Missing{What: "the rules of DNS Firewall rule group " + h.g.group.ID, Why: h.g.group.Undetermined}
	case h.rule.Undetermined != "":
		if us := ix.unknowns[string(model.KindFirewallRule)+"|"+h.rule.ID]; len(us) > 0 {
			return missingOf(us[0])
		}
		return Missing{What: h.rule.Undetermined + " of " + h.rule.ID, Why: "not determined"}
	}
	l := ix.resolverIx.lists[h.rule.DomainList]
	if l != nil {
		if us := ix.unknowns[string(model.KindFirewallList)+"|"+l.ID]; len(us) > 0 {
			return missingOf(us[0])
		}
		return Missing{What: "the domains of list " + l.ID, Why: h.why}
	}
	return Missing{What: "domain list " + h.rule.DomainList + " of " + h.rule.ID, Why: h.why}
}
