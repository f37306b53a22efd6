package model

import (
	"strings"
)

// collectDNS registers the IDs of Resolver rules and DNS Firewall objects.
func (v *validator) collectDNS() {
	w := v.w
	for _, o := range w.ResolverRules {
		v.add(KindResolverRule, o.ID, o.Source)
	}
	for _, o := range w.FirewallDomainLists {
		v.add(KindFirewallList, o.ID, o.Source)
	}
	for _, o := range w.FirewallRuleGroups {
		v.add(KindFirewallGroup, o.ID, o.Source)
		for _, r := range o.Rules {
			v.add(KindFirewallRule, r.ID, r.Source)
		}
	}
}

// checkDNS checks Resolver rules (aws-rules 3.3.5) and DNS Firewall
// objects (aws-rules 3.9) for values AWS would refuse.
func (v *validator) checkDNS() {
	w := v.w
	for _, o := range w.ResolverRules {
		v.refs(o.Source, "vpcs", o.VPCs, KindVPC)
		if o.Undetermined != "" {
			continue
		}
		v.required(o.Source, "Resolver rule", o.ID, "domain name", o.DomainName)
		switch o.Type {
		case ResolverForward, ResolverSystem, ResolverRecursive:
		case "":
			v.errorf(o.Source, CodeMissingField, "Resolver rule %q has no rule type", o.ID)
		default:
			v.errorf(o.Source, CodeInvalidValue, "Resolver rule %q: rule type %q is not FORWARD, SYSTEM or RECURSIVE", o.ID, o.Type)
		}
	}
	for _, o := range w.FirewallDomainLists {
		for _, d := range o.Domains {
			if !ValidFirewallDomain(d) {
				v.errorf(o.Source, CodeInvalidValue, "DNS Firewall domain list %q: %q is not a domain specification (letters, digits, hyphens and dots, optionally starting with *)", o.ID, d)
			}
		}
	}
	for _, o := range w.FirewallRuleGroups {
		priorities := map[int]string{}
		for _, r := range o.Rules {
			v.checkFirewallRule(o.ID, r)
			if r.Undetermined != "" {
				continue
			}
			if prev, dup := priorities[r.Priority]; dup {
				v.errorf(r.Source, CodeInvalidValue, "DNS Firewall rules %q and %q of rule group %q both have priority %d; AWS requires a unique priority in a rule group", prev, r.ID, o.ID, r.Priority)
			}
			priorities[r.Priority] = r.ID
		}
		for _, a := range o.Associations {
			v.required(a.Source, "DNS Firewall rule group association of", o.ID, "vpc", a.VPC)
			v.ref(a.Source, "vpc", a.VPC, KindVPC)
		}
	}
}

func (v *validator) checkFirewallRule(group string, r FirewallRule) {
	v.ref(r.Source, "domain_list", r.DomainList, KindFirewallList)
	if r.Undetermined != "" {
		return
	}
	v.required(r.Source, "DNS Firewall rule", r.ID, "domain list", r.DomainList)
	switch r.Action {
	case FirewallAllow, FirewallAlert:
	case FirewallBlock:
		switch r.BlockResponse {
		case BlockNoData, BlockNXDomain:
		case BlockOverride:
			v.required(r.Source, "DNS Firewall rule", r.ID, "block override domain", r.BlockOverrideDomain)
		case "":
			v.errorf(r.Source, CodeMissingField, "DNS Firewall rule %q of rule group %q blocks but has no block response (NODATA, NXDOMAIN or OVERRIDE)", r.ID, group)
		default:
			v.errorf(r.Source, CodeInvalidValue, "DNS Firewall rule %q: block response %q is not NODATA, NXDOMAIN or OVERRIDE", r.ID, r.BlockResponse)
		}
	case "":
		v.errorf(r.Source, CodeMissingField, "DNS Firewall rule %q of rule group %q has no action", r.ID, group)
	default:
		v.errorf(r.Source, CodeInvalidValue, "DNS Firewall rule %q: action %q is not ALLOW, ALERT or BLOCK", r.ID, r.Action)
	}
}

// ValidFirewallDomain reports whether d is a DNS Firewall domain
// specification: letters, digits, hyphens and dots, optionally starting
// with "*" (aws-rules 3.9.3). A trailing dot is allowed.
func ValidFirewallDomain(d string) bool {
	d = strings.TrimSuffix(strings.TrimPrefix(d, "*"), ".")
	if len(d) > 255 {
		return false
	}
	for _, c := range d {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '.':
		default:
			return false
		}
	}
	return true
}

// ResolverDomain normalizes a Resolver rule's domain name: lower case
// without the trailing dot, and "." for the root.
func ResolverDomain(s string) string {
	if s == "." {
		return s
	}
	return strings.ToLower(strings.TrimSuffix(s, "."))
}

// FirewallDomain normalizes a DNS Firewall domain specification: lower
// case without the trailing dot.
func FirewallDomain(s string) string {
	return strings.ToLower(strings.TrimSuffix(s, "."))
}
