package model

import (
	"slices"
	"strings"
)

// collectFirewalls registers the Network Firewall objects.
func (v *validator) collectFirewalls() {
	for _, o := range v.w.NetworkFirewalls {
		v.add(KindNetworkFirewall, o.ID, o.Source)
	}
	for _, o := range v.w.NetworkFirewallPolicies {
		v.add(KindNetworkFirewallPolicy, o.ID, o.Source)
	}
	for _, o := range v.w.NetworkFirewallRuleGroups {
		v.add(KindNetworkFirewallRuleGroup, o.ID, o.Source)
	}
}

// checkFirewalls checks firewalls, policies, rule groups and the zones of
// routes to firewall endpoints (aws-rules 4.11).
func (v *validator) checkFirewalls() {
	subnets := make(map[string]*Subnet, len(v.w.Subnets))
	for i := range v.w.Subnets {
		subnets[v.w.Subnets[i].ID] = &v.w.Subnets[i]
	}
	for _, o := range v.w.NetworkFirewalls {
		v.required(o.Source, string(KindNetworkFirewall), o.ID, "vpc", o.VPC)
		v.ref(o.Source, "vpc", o.VPC, KindVPC)
		v.refs(o.Source, "subnets", o.Subnets, KindSubnet)
		v.ref(o.Source, "policy", o.Policy, KindNetworkFirewallPolicy)
		zones := map[string]string{}
		for _, id := range o.Subnets {
			s := subnets[id]
			if s == nil {
				continue
			}
			if o.VPC != "" && s.VPC != o.VPC {
				v.errorf(o.Source, CodeInvalidValue, "%s %q: subnet %q is not in vpc %q", KindNetworkFirewall, o.ID, id, o.VPC)
			}
			if other, dup := zones[s.AZ]; dup && s.AZ != "" {
				v.errorf(o.Source, CodeInvalidValue, "%s %q: subnets %q and %q are both in %s; a firewall has one subnet per Availability Zone", KindNetworkFirewall, o.ID, other, id, s.AZ)
			}
			zones[s.AZ] = id
		}
		for az := range o.Endpoints {
			if !IsZoneName(az) {
				v.errorf(o.Source, CodeInvalidValue, "%s %q: endpoint zone %q is not an Availability Zone name", KindNetworkFirewall, o.ID, az)
			}
		}
	}
	for _, o := range v.w.NetworkFirewallPolicies {
		for _, g := range append(slices.Clone(o.StatelessGroups), o.StatefulGroups...) {
			if !strings.HasPrefix(g.RuleGroup, "arn:") {
				v.ref(g.Source, "rule_group", g.RuleGroup, KindNetworkFirewallRuleGroup)
			}
		}
		if o.RuleOrder != "" && o.RuleOrder != NFWDefaultOrder && o.RuleOrder != NFWStrictOrder {
			v.errorf(o.Source, CodeInvalidValue, "%s %q: rule order %q is not %s or %s", KindNetworkFirewallPolicy, o.ID, o.RuleOrder, NFWDefaultOrder, NFWStrictOrder)
		}
	}
	for _, o := range v.w.NetworkFirewallRuleGroups {
		for _, r := range o.StatefulRules {
			if !slices.Contains([]string{StatefulPass, StatefulDrop, StatefulReject, StatefulAlert}, r.Action) {
				v.errorf(r.Source, CodeInvalidValue, "%s %q: stateful rule action %q is not PASS, DROP, REJECT or ALERT", KindNetworkFirewallRuleGroup, o.ID, r.Action)
			}
		}
		if d := o.Domains; d != nil && !d.TLSSNI && !d.HTTPHost {
			v.errorf(d.Source, CodeMissingField, "%s %q: the domain list has no target type (TLS_SNI or HTTP_HOST)", KindNetworkFirewallRuleGroup, o.ID)
		}
	}
	for _, rt := range v.w.RouteTables {
		for _, r := range rt.Routes {
			switch {
			case r.TargetZone != "" && r.Target != TargetNetworkFirewall:
				v.errorf(r.Source, CodeInvalidValue, "route in %q names a firewall endpoint zone but its target is not a network firewall", rt.ID)
			case r.TargetZone != "" && !IsZoneName(r.TargetZone):
				v.errorf(r.Source, CodeInvalidValue, "route in %q: firewall endpoint zone %q is not an Availability Zone name", rt.ID, r.TargetZone)
			}
		}
	}
}
