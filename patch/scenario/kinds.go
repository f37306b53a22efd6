package scenario

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/whatif"
)

// addEndpoint writes the endpoint AddEndpoint c added (its touched
// endpoint), after the group it made for it, if any (its touched security
// group).
func (p *patcher) addEndpoint(touched []model.Ref) error {
	epID := ""
	for _, r := range touched {
		if r.Kind == model.KindEndpoint {
			epID = r.ID
		}
		if r.Kind != model.KindSecurityGroup {
			continue
		}
		g := find(p.w.SecurityGroups, func(g model.SecurityGroup) bool { return g.ID == r.ID })
		if g == nil {
			return fmt.Errorf("internal error: whatif added no security group %q", r.ID)
		}
		id := p.newGroupID(g.VPC)
		p.names[g.ID] = id
		if err := p.e.addEntry(top, "security_groups", id, p.groupFields(g)); err != nil {
			return err
		}
	}
	ep := find(p.w.Endpoints, func(e model.Endpoint) bool { return e.ID == epID })
	if ep == nil {
		return fmt.Errorf("internal error: whatif added no endpoint %q", epID)
	}
	id := p.newEndpointID(ep)
	p.names[ep.ID] = id
	return p.e.addEntry(top, "endpoints", id, p.endpointFields(ep))
}

// endpointFields are the keys of a new endpoint. type and private_dns are
// written where they differ from the defaults, or where the file's other
// endpoints write them; ip_address_type and dns_record_ip_type where
// whatif set them.
func (p *patcher) endpointFields(ep *model.Endpoint) blockMapping {
	m := blockMapping{{"vpc", str(p.name(ep.VPC))}, {"service", str(p.serviceName(ep))}}
	if ep.Type == model.EndpointGateway || p.writes("endpoints", "type") {
		m = append(m, field{"type", str(p.typeSpelling(string(ep.Type)))})
	}
	if len(ep.RouteTables) > 0 {
		m = append(m, field{"route_tables", strs(p.nameAll(ep.RouteTables))})
	}
	if len(ep.Subnets) > 0 {
		m = append(m, field{"subnets", strs(p.nameAll(ep.Subnets))})
	}
	if len(ep.SecurityGroups) > 0 {
		m = append(m, field{"security_groups", strs(p.nameAll(ep.SecurityGroups))})
	}
	region, _, _ := model.SplitServiceName(ep.ServiceName)
	defaultDNS := ep.Type == model.EndpointInterface && region != "" && region != "vpce"
	if ep.PrivateDNS != defaultDNS || ep.Type == model.EndpointInterface && p.writes("endpoints", "private_dns") {
		m = append(m, field{"private_dns", boolean(ep.PrivateDNS)})
	}
	// aws-rules 4.9.10: the types AWS needs in IPv6-only subnets, and IPv6
	// tasks in dual-stack ones; unset, AWS's defaults.
	if ep.IPAddressType != "" {
		m = append(m, field{"ip_address_type", str(ep.IPAddressType)})
	}
	if ep.DNSRecordIPType != "" {
		m = append(m, field{"dns_record_ip_type", str(ep.DNSRecordIPType)})
	}
	return m
}

// typeSpelling is an endpoint type as the file spells types: capitalized
// when an endpoint of the file writes "Gateway" or "Interface", else in
// lower case, as docs/scenario.md does.
func (p *patcher) typeSpelling(t string) string {
	lower := strings.ToLower(t)
	for _, obj := range entries(p.orig, "endpoints") {
		if obj.Kind != yaml.MappingNode {
			continue
		}
		if _, v, err := pair(obj, "type"); err == nil && v != nil && v.Kind == yaml.ScalarNode && v.Value != "" {
			if v.Value != strings.ToLower(v.Value) {
				return strings.ToUpper(lower[:1]) + lower[1:]
			}
			return lower
		}
	}
	return lower
}

// serviceName is the service as the file writes it: the short name when
// the endpoint's VPC is in the service's region.
func (p *patcher) serviceName(ep *model.Endpoint) string {
	region, svc, ok := model.SplitServiceName(ep.ServiceName)
	vpcRegion := p.w.Region
	if v := find(p.w.VPCs, func(v model.VPC) bool { return v.ID == ep.VPC }); v != nil && v.Region != "" {
		vpcRegion = v.Region
	}
	if ok && region == vpcRegion {
		return svc
	}
	return ep.ServiceName
}

// groupFields are the keys of a new security group.
func (p *patcher) groupFields(g *model.SecurityGroup) blockMapping {
	m := blockMapping{{"vpc", str(p.name(g.VPC))}}
	if len(g.Ingress) > 0 {
		m = append(m, field{"ingress", p.sgRules(g.Ingress)})
	}
	if !isDefaultEgress(g.Egress) {
		m = append(m, field{"egress", p.sgRules(g.Egress)})
	}
	return m
}

// isDefaultEgress reports whether rules are the rule a scenario gives a
// group without an egress key (aws-rules 5.1.5).
func isDefaultEgress(rules []model.SGRule) bool {
	if len(rules) != 1 {
		return false
	}
	r := rules[0]
	return r.Protocol == model.ProtocolAll && len(r.CIDRs) == 2 && r.CIDRs[0].String() == "0.0.0.0/0" && r.CIDRs[1].String() == "::/0" &&
		len(r.PrefixLists) == 0 && len(r.SecurityGroups) == 0 && !r.Self && r.Description == "" && r.FromPort == 0 && r.ToPort == 0
}

// sgRules is a block list of rules; an empty one is [].
func (p *patcher) sgRules(rules []model.SGRule) value {
	if len(rules) == 0 {
		return list{}
	}
	l := make(blockList, len(rules))
	for i, r := range rules {
		l[i] = p.sgRule(r)
	}
	return l
}

// sgRule is a security group rule as docs/scenario.md writes it.
func (p *patcher) sgRule(r model.SGRule) mapping {
	m := mapping{{"protocol", protocol(r.Protocol)}}
	m = append(m, ports(r.Protocol, r.FromPort, r.ToPort)...)
	if len(r.CIDRs) > 0 {
		cidrs := make([]string, len(r.CIDRs))
		for i, c := range r.CIDRs {
			cidrs[i] = c.String()
		}
		m = append(m, field{"cidrs", strs(cidrs)})
	}
	if len(r.PrefixLists) > 0 {
		m = append(m, field{"prefix_lists", strs(p.nameAll(r.PrefixLists))})
	}
	if len(r.SecurityGroups) > 0 {
		m = append(m, field{"security_groups", strs(p.nameAll(r.SecurityGroups))})
	}
	if r.Self {
		m = append(m, field{"self", boolean(true)})
	}
	if r.Description != "" {
		m = append(m, field{"description", str(r.Description)})
	}
	return m
}

// protocol is a rule's protocol as written: "all" for -1.
func protocol(p string) scalar {
	if p == model.ProtocolAll {
		return "all"
	}
	return str(p)
}

// ports are the port keys of a rule: ports for TCP and UDP, else
// from_port and to_port unless both are 0.
func ports(protocol string, from, to int) []field {
	switch {
	case protocol == model.ProtocolTCP || protocol == model.ProtocolUDP:
		if from == to {
			return []field{{"ports", num(from)}}
		}
		return []field{{"ports", scalar(strconv.Itoa(from) + "-" + strconv.Itoa(to))}}
	case from != 0 || to != 0:
		return []field{{"from_port", num(from)}, {"to_port", num(to)}}
	}
	return nil
}

// addSGRule writes the rule AllowEgress, AllowIngress or AddS3Egress c
// added to its group: appended to the list, or, where the file has none,
// the whole list (a group without egress key has AWS's default rule,
// which the new list must then hold too).
func (p *patcher) addSGRule(c whatif.Change) error {
	g := find(p.w.SecurityGroups, func(g model.SecurityGroup) bool { return g.ID == c.Target })
	dir, rules := "egress", g.Egress
	if c.Kind == whatif.AllowIngress {
		dir, rules = "ingress", g.Ingress
	}
	t := object("security_groups", p.name(c.Target))
	has, err := p.has(t, dir)
	if err != nil {
		return err
	}
	if !has {
		return p.e.set(t, dir, p.sgRules(rules))
	}
	return p.e.appendItem(t, dir, p.sgRule(rules[len(rules)-1]), false)
}

// addACLRule writes the rule AllowNACL c put first in its direction.
func (p *patcher) addACLRule(c whatif.Change) error {
	acl := find(p.w.NetworkACLs, func(a model.NetworkACL) bool { return a.ID == c.Target })
	rules := acl.Ingress
	if c.Value == "egress" {
		rules = acl.Egress
	}
	r := rules[0]
	action := "deny"
	if r.Allow {
		action = "allow"
	}
	rule := mapping{{"rule", num(r.Number)}, {"action", scalar(action)}, {"protocol", protocol(r.Protocol)}}
	rule = append(rule, ports(r.Protocol, r.FromPort, r.ToPort)...)
	rule = append(rule, field{"cidr", str(r.CIDR.String())})
	return p.e.appendItem(object("network_acls", p.name(c.Target)), c.Value, rule, true)
}

// addMountTarget writes the mount target AddMountTarget c added.
func (p *patcher) addMountTarget(c whatif.Change) error {
	fs := find(p.w.FileSystems, func(f model.FileSystem) bool { return f.ID == c.Target })
	mt := find(fs.MountTargets, func(m model.MountTarget) bool { return m.ID == whatif.AddedMountTargetID(c.Target, c.Value) })
	if mt == nil {
		return fmt.Errorf("internal error: whatif added no mount target")
	}
	id := unique(p.name(c.Target)+"-"+p.name(mt.Subnet), p.mountTargetIDs())
	p.names[mt.ID] = id
	m := blockMapping{{"subnet", str(p.name(mt.Subnet))}}
	if mt.IP.IsValid() {
		m = append(m, field{"ip", str(mt.IP.String())})
	}
	if len(mt.SecurityGroups) > 0 {
		m = append(m, field{"security_groups", strs(p.nameAll(mt.SecurityGroups))})
	}
	return p.e.addEntry(object("file_systems", p.name(c.Target)), "mount_targets", id, m)
}

// enableVPCDNS writes dns_hostnames: true, and dns_support: true where the
// file turns it off (it is on by default).
func (p *patcher) enableVPCDNS(c whatif.Change) error {
	t := object("vpcs", p.name(c.Target))
	has, err := p.has(t, "dns_support")
	if err != nil {
		return err
	}
	if has {
		if err := p.e.set(t, "dns_support", boolean(true)); err != nil {
			return err
		}
	}
	return p.e.set(t, "dns_hostnames", boolean(true))
}

// widenPolicy writes the statement WidenEndpointPolicy c added: one more
// item of the statements where the file writes the policy in YAML, else
// the whole policy as a JSON string.
func (p *patcher) widenPolicy(c whatif.Change) error {
	ep := find(p.w.Endpoints, func(e model.Endpoint) bool { return e.ID == c.Target })
	if ep.Policy == "" {
		return nil // the default policy allows everything and stays so
	}
	t := object("endpoints", p.name(c.Target))
	_, m, err := t(p.e.d)
	if err != nil {
		return err
	}
	_, pol, err := pair(m, "policy")
	if err != nil {
		return err
	}
	stmt := statement(c.Value)
	switch {
	case pol == nil:
		return fmt.Errorf("internal error: the file has no policy for endpoint %q", c.Target)
	case pol.Kind == yaml.SequenceNode:
		return p.e.appendItem(t, "policy", stmt, false)
	case pol.Kind == yaml.MappingNode:
		if _, s, err := pair(pol, "Statement"); err == nil && s != nil && s.Kind == yaml.SequenceNode {
			return p.e.appendItem(t.field("policy"), "Statement", stmt, false)
		}
	}
	if pol.Kind == yaml.ScalarNode && pol.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		// A document written over several lines stays so.
		var doc any
		if json.Unmarshal([]byte(ep.Policy), &doc) == nil {
			if text, err := json.MarshalIndent(doc, "", "  "); err == nil {
				return p.e.set(t, "policy", literal(text))
			}
		}
	}
	return p.e.set(t, "policy", str(ep.Policy))
}

// statement is the statement WidenEndpointPolicy adds for grant
// ("ACTION[,ACTION...] RESOURCE"), as a YAML mapping.
func statement(grant string) mapping {
	actions, resource, _ := strings.Cut(grant, " ")
	var action value = str(actions)
	if list := strings.Split(actions, ","); len(list) > 1 {
		action = strs(list)
	}
	return mapping{{"Sid", str("VpctraceFix")}, {"Effect", str("Allow")}, {"Principal", str("*")}, {"Action", action}, {"Resource", str(resource)}}
}

// addDefaultRoute writes the 0.0.0.0/0 route AddDefaultRoute c made: in
// place of the table's default route, or after its routes.
func (p *patcher) addDefaultRoute(c whatif.Change) error {
	rt := find(p.w.RouteTables, func(r model.RouteTable) bool { return r.ID == c.Target })
	r := rt.Routes[len(rt.Routes)-1]
	route := mapping{{"destination", str(r.Destination.String())}, {"nat_gateway", str(p.name(r.TargetID))}}
	t := object("route_tables", p.name(c.Target))
	_, m, err := t(p.e.d)
	if err != nil {
		return err
	}
	var routes *yaml.Node
	if !isNull(m) {
		if _, routes, err = pair(m, "routes"); err != nil {
			return err
		}
	}
	at := -1
	if routes != nil && routes.Kind == yaml.SequenceNode {
		for i, item := range routes.Content {
			if isDefaultRoute(item) {
				if at >= 0 {
					return fmt.Errorf("line %d: route table %q has two 0.0.0.0/0 routes", item.Line, c.Target)
				}
				at = i
			}
		}
	}
	if at >= 0 {
		return p.e.replaceItem(t, "routes", at, route)
	}
	return p.e.appendItem(t, "routes", route, false)
}

// isDefaultRoute reports whether route item n has destination 0.0.0.0/0.
func isDefaultRoute(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	_, d, err := pair(n, "destination")
	if err != nil || d == nil || d.Kind != yaml.ScalarNode {
		return false
	}
	pfx, err := netip.ParsePrefix(d.Value)
	return err == nil && pfx == netip.MustParsePrefix("0.0.0.0/0")
}

// has reports whether t's mapping writes key.
func (p *patcher) has(t target, key string) (bool, error) {
	_, m, err := t(p.e.d)
	if err != nil || isNull(m) {
		return false, err
	}
	k, _, err := pair(m, key)
	return k != nil, err
}

// writes reports whether an object of collection in the file as it was
// writes key.
func (p *patcher) writes(collection, key string) bool {
	for _, obj := range entries(p.orig, collection) {
		if obj.Kind == yaml.MappingNode {
			if k, _, err := pair(obj, key); err == nil && k != nil {
				return true
			}
		}
	}
	return false
}

// entries are the values of the entries of a top-level collection of d.
func entries(d *doc, collection string) []*yaml.Node {
	_, c, err := target(top).field(collection)(d)
	if err != nil || isNull(c) {
		return nil
	}
	var out []*yaml.Node
	for i := 1; i < len(c.Content); i += 2 {
		out = append(out, c.Content[i])
	}
	return out
}

// ids are the IDs of a top-level collection in the file.
func (p *patcher) ids(collection string) map[string]bool {
	ids := map[string]bool{}
	_, c, err := target(top).field(collection)(p.e.d)
	if err != nil || isNull(c) {
		return ids
	}
	for i := 0; i < len(c.Content); i += 2 {
		ids[c.Content[i].Value] = true
	}
	return ids
}

// mountTargetIDs are the IDs of every mount target in the file: they are
// unique across file systems.
func (p *patcher) mountTargetIDs() map[string]bool {
	ids := map[string]bool{}
	for _, fs := range entries(p.e.d, "file_systems") {
		if fs.Kind != yaml.MappingNode {
			continue
		}
		if _, mts, err := pair(fs, "mount_targets"); err == nil && mts != nil && mts.Kind == yaml.MappingNode {
			for i := 0; i < len(mts.Content); i += 2 {
				ids[mts.Content[i].Value] = true
			}
		}
	}
	return ids
}

// newEndpointID is a file ID for endpoint ep: its service's short name,
// dots as dashes ("ecr-api"), as the scenarios name endpoints; when the
// file has that ID already (an endpoint in another VPC), the VPC's ID
// before it ("spoke-ecr-api").
func (p *patcher) newEndpointID(ep *model.Endpoint) string {
	base := ep.ServiceName
	if _, svc, ok := model.SplitServiceName(ep.ServiceName); ok {
		base = svc
	}
	base = strings.ReplaceAll(base, ".", "-")
	taken := p.ids("endpoints")
	if taken[base] {
		base = p.name(ep.VPC) + "-" + base
	}
	return unique(base, taken)
}

// newGroupID is a file ID for the endpoint group of vpc.
func (p *patcher) newGroupID(vpc string) string {
	base := "vpc-endpoints"
	if len(p.w.VPCs) > 1 {
		base = p.name(vpc) + "-endpoints"
	}
	return unique(base, p.ids("security_groups"))
}

// unique is base, or base-N with the lowest N from 2 that is not taken.
func unique(base string, taken map[string]bool) string {
	id := base
	for n := 2; taken[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id
}
