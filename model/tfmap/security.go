package tfmap

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

func init() {
	register(map[string]mapper{
		"aws_security_group": {objects: mapSecurityGroup},
		"aws_default_security_group": {
			adopt:   adopter(implicitSecurityGroup, ""),
			objects: mapDefaultSecurityGroup,
		},
		"aws_vpc_security_group_vpc_association": {links: linkSGVPCAssociation},
		"aws_security_group_rule":                {links: linkTo(sgStore, "security_group_id", wantSG, addSGRuleResource("", sgRuleResource))},
		"aws_vpc_security_group_ingress_rule":    {links: linkTo(sgStore, "security_group_id", wantSG, addSGRuleResource(ingress, vpcSGRule))},
		"aws_vpc_security_group_egress_rule":     {links: linkTo(sgStore, "security_group_id", wantSG, addSGRuleResource(egress, vpcSGRule))},
		"aws_network_acl":                        {objects: mapNetworkACL, links: linkACLSubnets},
		"aws_default_network_acl": {
			adopt:   adopter(implicitNetworkACL, "default_network_acl_id", "default_network_acl_id"),
			objects: mapDefaultNetworkACL,
			links:   linkACLSubnets,
		},
		"aws_network_acl_rule":        {links: linkTo(aclStore, "network_acl_id", wantACL, addACLRuleResource)},
		"aws_network_acl_association": {links: associator(assocNetworkACL, "subnet_id", wantSubnet, "network_acl_id", wantACL)},
	})
}

const (
	ingress = "ingress"
	egress  = "egress"
)

// defaultVPCWhy explains an unset vpc_id or subnet_id.
const defaultVPCWhy = "not set: the region's default VPC, which the input does not describe"

// need resolves a required ID attribute like ref; unset is recorded as
// undetermined with unsetWhy.
func (b *builder) need(s site, name string, w want, o object, unsetWhy string) string {
	if v, _ := str(s.get(name)); v == "" && stateOf(s.get(name)) != unknown {
		b.undetermine(s.at(name), o, unsetWhy)
		return ""
	}
	return b.ref(s, name, w, o)
}

// ruleFields names the attributes of a security group rule: inline
// blocks, aws_security_group_rule and the aws_vpc_security_group_*_rule
// resources differ.
type ruleFields struct {
	direction   string // the attribute that says ingress or egress, if any
	protocol    string
	cidrs       []string
	prefixLists []string
	groups      []string
	self        string
}

var (
	inlineSGRule = ruleFields{"", "protocol", []string{"cidr_blocks", "ipv6_cidr_blocks"}, []string{"prefix_list_ids"},
		[]string{"security_groups"}, "self"}
	sgRuleResource = ruleFields{"type", "protocol", []string{"cidr_blocks", "ipv6_cidr_blocks"}, []string{"prefix_list_ids"},
		[]string{"source_security_group_id"}, "self"}
	vpcSGRule = ruleFields{"", "ip_protocol", []string{"cidr_ipv4", "cidr_ipv6"}, []string{"prefix_list_id"},
		[]string{"referenced_security_group_id"}, ""}
)

// protocolNames are the protocol numbers stored by name, as the scenario
// format does.
var protocolNames = map[string]string{"6": model.ProtocolTCP, "17": model.ProtocolUDP, "1": "icmp", "58": "icmpv6"}

// protocol reads a rule's protocol: "-1" for all ("all" too), names for
// 6, 17, 1 and 58.
func (b *builder) protocol(s site, name string, o object) (string, bool) {
	as := s.at(name)
	p, st := str(as.v)
	switch st {
	case unknown:
		b.undetermine(as, o, afterApplyWhy)
		return "", false
	case absent:
		b.errorf(as.pos, model.CodeMissingField, "%s of %s has no %s", s.field, s.r.Address, name)
		return "", false
	}
	p = strings.ToLower(p)
	if p == "all" {
		return model.ProtocolAll, true
	}
	if n, ok := protocolNames[p]; ok {
		return n, true
	}
	return p, true
}

// ports reads from_port and to_port: none for all protocols; for ICMP
// from_port is the type and to_port the code, which the model does not
// keep (the calls are TCP).
func (b *builder) ports(s site, protocol string, o object) (from, to int, ok bool) {
	if protocol == model.ProtocolAll {
		return 0, 0, true
	}
	from, fst := integer(s.get("from_port"))
	to, tst := integer(s.get("to_port"))
	if fst == unknown || tst == unknown {
		b.undetermine(s.at("from_port"), o, afterApplyWhy)
		return 0, 0, false
	}
	if protocol == "icmp" || protocol == "icmpv6" {
		return from, from, true
	}
	return from, to, true
}

// cidrList reads CIDRs from a list or a single-CIDR attribute; those
// whose name has "ipv6" are IPv6, the others IPv4.
func (b *builder) cidrList(s site, name string, o object) ([]netip.Prefix, bool) {
	as := s.at(name)
	vals, unknowns, st := strs(as.v)
	if st == unknown || unknowns > 0 {
		b.undetermine(as, o, afterApplyWhy)
		return nil, false
	}
	fam := model.IPv4
	if strings.Contains(name, "ipv6") {
		fam = model.IPv6
	}
	var out []netip.Prefix
	for _, v := range vals {
		if p, st := b.parseCIDR(s, as, v, o, fam); st == known {
			out = append(out, p)
		}
	}
	return out, true
}

// sgRule reads one security group rule whose direction is dir, unless
// f.direction says it. A rule with an undetermined part is left out of its
// group, which records the part as undetermined with what is known of the
// rule (model.PartialRule). A reference to a group the input does not
// describe cannot match any interface of the model, so it is dropped with
// a warning.
func (b *builder) sgRule(s site, f ruleFields, sg object, dir string) (rule model.SGRule, _ string, ok bool) {
	mark := len(b.unknowns)
	if f.direction != "" {
		dir = b.direction(s, f.direction, sg)
	}
	rule = model.SGRule{Source: s.pos, Description: strOr(s.get("description"), "")}
	var parts model.RuleParts
	protoOK := false
	rule.Protocol, protoOK = b.protocol(s, f.protocol, sg)
	if protoOK {
		parts |= model.RuleProtocol
	}
	from, to, portsOK := b.ports(s, rule.Protocol, sg)
	rule.FromPort, rule.ToPort = from, to
	if protoOK && portsOK {
		parts |= model.RulePorts // ports mean nothing before the protocol is known ("-1" ignores them)
	}
	peerOK := true
	if f.self != "" {
		rule.Self = b.flag(s, f.self, false, sg)
		peerOK = stateOf(s.get(f.self)) != unknown
	}
	for _, name := range f.cidrs {
		cidrs, cok := b.cidrList(s, name, sg)
		rule.CIDRs, peerOK = append(rule.CIDRs, cidrs...), peerOK && cok
	}
	for _, name := range f.prefixLists {
		ids, fails := b.many(s.at(name), s.get(name), wantPrefixList)
		b.failed(s.at(name), sg, wantPrefixList, fails)
		rule.PrefixLists, peerOK = append(rule.PrefixLists, ids...), peerOK && len(fails) == 0
	}
	dropped := false
	for _, name := range f.groups {
		as := s.at(name)
		ids, fails := b.many(as, as.v, wantSG)
		rule.SecurityGroups = append(rule.SecurityGroups, ids...)
		for _, fail := range fails {
			if fail.outcome == notInInput {
				b.warnf(as.pos, CodeUndetermined, "%s of %s names %q, which the input does not describe; no interface of the model carries it, so that peer never matches",
					as.field, s.r.Address, fail.raw)
				dropped = true
				continue
			}
			b.failed(as, sg, wantSG, []resolution{fail})
			peerOK = false
		}
	}
	if peerOK {
		parts |= model.RulePeer
	}
	if len(b.unknowns) > mark {
		b.partialRule(mark, sg, &model.PartialRule{Known: parts, Direction: dir, SG: rule})
		return rule, dir, false
	}
	hasPeer := len(rule.CIDRs)+len(rule.PrefixLists)+len(rule.SecurityGroups) > 0 || rule.Self
	if !hasPeer && !dropped && protoOK && portsOK && !b.broken[s.pos] {
		what := "AWS creates the group without it (hashicorp/terraform#21754)"
		if s.field == s.attr && s.attr == "" || s.r.Type == "aws_security_group_rule" {
			what = "the provider refuses to create it"
		}
		b.warnf(s.pos, CodeRuleWithoutPeer, "%s of %s names no peer (CIDR, prefix list, security group or self): %s, and it allows nothing",
			cmp.Or(s.field, "the rule"), s.r.Address, what)
		return rule, dir, false
	}
	return rule, dir, protoOK && portsOK && (hasPeer || !dropped)
}

// CodeRuleWithoutPeer marks a security group rule that names no peer: it
// allows nothing.
const CodeRuleWithoutPeer = "rule-without-peer"

// partialRule gives the settings of o recorded undetermined since mark
// (the parts of one rule) what the input determines of that rule.
func (b *builder) partialRule(mark int, o object, rule *model.PartialRule) {
	for i := mark; i < len(b.unknowns); i++ {
		if u := &b.unknowns[i]; u.ID == o.id && u.Kind == o.kind {
			u.Rule = rule
		}
	}
}

// direction reads the attribute that says a rule resource's direction
// (aws_security_group_rule "type", aws_network_acl_rule "egress"); ""
// when it is not determined, which is recorded.
func (b *builder) direction(s site, name string, o object) string {
	as := s.at(name)
	switch v := as.v; {
	case stateOf(v) == unknown:
		b.undetermine(as, o, afterApplyWhy)
		return ""
	case name == "egress":
		if boolOr(v, false) {
			return egress
		}
		return ingress
	}
	return strings.ToLower(strOr(as.v, ingress))
}

// addSGRule adds a rule unless an equal one is there: state repeats the
// rules of rule resources in the group's ingress and egress lists. The
// later source wins.
func addSGRule(list []model.SGRule, rule model.SGRule) []model.SGRule {
	for i, x := range list {
		if x.Protocol == rule.Protocol && x.FromPort == rule.FromPort && x.ToPort == rule.ToPort && x.Self == rule.Self &&
			slices.Equal(x.CIDRs, rule.CIDRs) && slices.Equal(x.PrefixLists, rule.PrefixLists) && slices.Equal(x.SecurityGroups, rule.SecurityGroups) {
			list[i].Source = rule.Source
			return list
		}
	}
	return append(list, rule)
}

// inlineSGRules reads a group's ingress or egress blocks.
func (b *builder) inlineSGRules(s site, name string, o object) (out []model.SGRule) {
	b.eachBlock(s, name, o, func(bs site) {
		if rule, _, ok := b.sgRule(bs, inlineSGRule, o, name); ok {
			out = addSGRule(out, rule)
		}
	})
	return out
}

// inlineACLRules reads an ACL's ingress or egress blocks.
func (b *builder) inlineACLRules(s site, name string, o object) (out []model.ACLRule) {
	b.eachBlock(s, name, o, func(bs site) {
		if rule, _, ok := b.aclRule(bs, inlineACLRule, o, name); ok {
			out = addACLRule(out, rule)
		}
	})
	return out
}

// securityGroup maps a group with only the rules written in it: an
// aws_security_group without egress blocks has no egress, and an adopted
// default group keeps none of AWS's default rules (aws-rules 5.1.6).
func (b *builder) securityGroup(r *Resource, vpc string) {
	s, o := root(r), objectOf(model.KindSecurityGroup, r)
	b.sgs.add(r.Address, model.SecurityGroup{
		ID:      r.Address,
		Source:  r.Pos,
		VPC:     vpc,
		Ingress: b.inlineSGRules(s, ingress, o),
		Egress:  b.inlineSGRules(s, egress, o),
	})
}

// mapSecurityGroup maps a group. A vpc_id that names no VPC of the input
// is settled by placeSecurityGroups, once it knows which interfaces use
// the group.
func mapSecurityGroup(b *builder, r *Resource) {
	s := root(r)
	as := s.at("vpc_id")
	vpc, res := b.one(as, s.get("vpc_id"), wantVPC)
	if res.outcome != resolved {
		b.sgVPCs[r.Address] = sgVPC{site: as, res: res}
	}
	b.securityGroup(r, vpc)
}

// sgVPC is a security group's vpc_id that names no VPC of the input.
type sgVPC struct {
	site site
	res  resolution
}

// CodeInferred marks a value vpctrace worked out from how the input uses
// an object, because the input does not give it.
const CodeInferred = "inferred-value"

// sgUse is an interface that carries a security group: the VPC its
// subnet is in, and what it is, for messages.
type sgUse struct {
	vpc  string
	what string
	pos  model.Pos
}

// sgUses lists, per security group, the interfaces of the model that
// carry it and whose VPC is known: task ENIs of services, interface
// endpoint ENIs, EFS mount targets, instances and the instances of auto
// scaling groups.
func (b *builder) sgUses() map[string][]sgUse {
	uses := map[string][]sgUse{}
	add := func(groups []string, vpc, what string, pos model.Pos) {
		if vpc == "" {
			return
		}
		for _, g := range groups {
			if !slices.ContainsFunc(uses[g], func(u sgUse) bool { return u.vpc == vpc && u.what == what }) {
				uses[g] = append(uses[g], sgUse{vpc, what, pos})
			}
		}
	}
	subnetVPC := func(id string) string {
		if sn := b.subnets.get(id); sn != nil {
			return sn.VPC
		}
		return ""
	}
	for _, id := range b.services.ids {
		svc := b.services.get(id)
		for _, sn := range svc.Subnets {
			add(svc.SecurityGroups, subnetVPC(sn), "the task ENIs of "+svc.ID+" in "+sn, svc.Source)
		}
	}
	for _, id := range b.endpoints.ids {
		ep := b.endpoints.get(id)
		for _, sn := range ep.Subnets {
			add(ep.SecurityGroups, subnetVPC(sn), "the ENI of endpoint "+ep.ID+" in "+sn, ep.Source)
		}
	}
	for _, id := range b.fileSystems.ids {
		for _, mt := range b.fileSystems.get(id).MountTargets {
			add(mt.SecurityGroups, subnetVPC(mt.Subnet), "mount target "+mt.ID+" in "+mt.Subnet, mt.Source)
		}
	}
	for _, id := range b.instances.ids {
		in := b.instances.get(id)
		add(in.SecurityGroups, subnetVPC(in.Subnet), "instance "+in.ID+" in "+in.Subnet, in.Source)
	}
	for _, id := range b.autoScalingGroup.ids {
		g := b.autoScalingGroup.get(id)
		for _, sn := range g.Subnets {
			add(g.SecurityGroups, subnetVPC(sn), "the instances of "+g.ID+" in "+sn, g.Source)
		}
	}
	return uses
}

// placeSecurityGroups checks the groups against the interfaces that
// carry them. AWS lets an interface carry only groups of its own VPC, or
// groups associated with that VPC (aws-rules 5.1.8, proposed). So a group
// whose vpc_id is not determined but whose interfaces are all in one VPC
// is in that VPC; a group whose interfaces are in another VPC than its
// own, or in two VPCs, is refused by AWS.
func (b *builder) placeSecurityGroups() {
	uses := b.sgUses()
	for _, id := range b.sgs.ids {
		g := b.sgs.get(id)
		pending, unsettled := b.sgVPCs[id]
		var foreign []sgUse // uses outside the group's VPC and its associations
		var vpcs []string
		for _, u := range uses[id] {
			if u.vpc == g.VPC || slices.Contains(b.sgAssociations[id], u.vpc) {
				continue
			}
			foreign = append(foreign, u)
			if !slices.Contains(vpcs, u.vpc) {
				vpcs = append(vpcs, u.vpc)
			}
		}
		switch {
		case !unsettled:
			for _, u := range foreign {
				b.errorf(u.pos, CodeAWSRejects+"security-group-vpc",
					"security group %s is in %s, but it is attached to %s, in %s; AWS lets an interface carry only groups of its own VPC (\"Security group ... and subnet ... belong to different networks\", aws-rules 5.1.8). Use a group of %s, or associate %s with %s (aws_vpc_security_group_vpc_association)",
					id, g.VPC, u.what, u.vpc, u.vpc, id, u.vpc)
			}
		case pending.res.outcome == afterApply || pending.res.outcome == ambiguous:
			why := b.whyUnresolved(pending.site, wantVPC, pending.res)
			if len(vpcs) == 1 {
				g.VPC = vpcs[0]
				b.infof(pending.site.pos, CodeInferred,
					"vpc_id of %s is not determined (%s), but the group is attached to %s, and AWS lets an interface carry only security groups of its own VPC (aws-rules 5.1.8): %s is taken to be in %s",
					id, why, foreign[0].what, id, g.VPC)
				continue
			}
			if len(vpcs) > 1 {
				b.errorf(pending.site.pos, CodeAWSRejects+"security-group-vpc",
					"security group %s is attached to interfaces in %s (%s); a group belongs to one VPC and AWS lets an interface carry only groups of its own VPC (aws-rules 5.1.8), so some of them are refused. Use one group per VPC, or associate the group with the other VPCs (aws_vpc_security_group_vpc_association)",
					id, strings.Join(vpcs, " and "), describeUses(foreign))
			}
			b.undetermine(pending.site, object{model.KindSecurityGroup, id, g.Source}, why)
		default:
			// Unset (the region's default VPC) or an ID of a VPC outside
			// the input: a VPC that no aws_vpc of the input can be.
			why := defaultVPCWhy
			if pending.res.outcome == notInInput {
				why = pending.res.why(wantVPC)
			}
			if len(foreign) > 0 {
				b.errorf(pending.site.pos, CodeAWSRejects+"security-group-vpc",
					"security group %s is in a VPC the input does not describe (vpc_id %s), but it is attached to %s; AWS lets an interface carry only groups of its own VPC (aws-rules 5.1.8). Set vpc_id to %s",
					id, why, describeUses(foreign), vpcs[0])
			}
			b.undetermine(pending.site, object{model.KindSecurityGroup, id, g.Source}, why)
		}
	}
}

func describeUses(uses []sgUse) string {
	parts := make([]string, len(uses))
	for i, u := range uses {
		parts[i] = u.what + " (" + u.vpc + ")"
	}
	return strings.Join(parts, ", ")
}

// linkSGVPCAssociation records that a group may also be used in another
// VPC (AssociateSecurityGroupVpc, aws-rules 5.1.8).
func linkSGVPCAssociation(b *builder, r *Resource) {
	s := root(r)
	g, vpc := b.dangling(s, "security_group_id", wantSG), b.dangling(s, "vpc_id", wantVPC)
	if g != "" && vpc != "" {
		b.sgAssociations[g] = appendNew(b.sgAssociations[g], vpc)
	}
}

func mapDefaultSecurityGroup(b *builder, r *Resource) {
	b.securityGroup(r, b.adoptedVPC(r, objectOf(model.KindSecurityGroup, r), ""))
}

// addSGRuleResource adds a rule resource to its group. direction is empty
// for aws_security_group_rule, which says it in "type".
func addSGRuleResource(direction string, f ruleFields) func(*builder, site, *model.SecurityGroup) {
	return func(b *builder, s site, g *model.SecurityGroup) {
		rule, dir, ok := b.sgRule(s, f, object{model.KindSecurityGroup, g.ID, g.Source}, direction)
		if !ok {
			return
		}
		if dir == egress {
			g.Egress = addSGRule(g.Egress, rule)
		} else {
			g.Ingress = addSGRule(g.Ingress, rule)
		}
	}
}

// aclFields names the attributes of a network ACL rule.
type aclFields struct {
	direction, number, action string
}

var (
	inlineACLRule   = aclFields{"", "rule_no", "action"}
	aclRuleResource = aclFields{"egress", "rule_number", "rule_action"}
)

// aclRule reads one network ACL rule whose direction is dir, unless
// f.direction says it. A rule with an undetermined part is left out of its ACL,
// which records the part as undetermined with what is known of the rule.
func (b *builder) aclRule(s site, f aclFields, acl object, dir string) (rule model.ACLRule, _ string, ok bool) {
	mark := len(b.unknowns)
	if f.direction != "" {
		dir = b.direction(s, f.direction, acl)
	}
	rule = model.ACLRule{Source: s.pos}
	var parts model.RuleParts
	protoOK, portsOK := false, false
	if rule.Protocol, protoOK = b.protocol(s, "protocol", acl); protoOK {
		parts |= model.RuleProtocol
	}
	if rule.FromPort, rule.ToPort, portsOK = b.ports(s, rule.Protocol, acl); protoOK && portsOK {
		parts |= model.RulePorts
	}
	switch n, st := integer(s.get(f.number)); st {
	case unknown:
		b.undetermine(s.at(f.number), acl, afterApplyWhy)
	default:
		rule.Number, parts = n, parts|model.RuleNumber
	}
	switch action, st := str(s.get(f.action)); st {
	case unknown:
		b.undetermine(s.at(f.action), acl, afterApplyWhy)
	default:
		rule.Allow, parts = strings.EqualFold(action, "allow"), parts|model.RuleAction
	}
	peerOK := true
	for _, d := range []cidrField{{"cidr_block", model.IPv4}, {"ipv6_cidr_block", model.IPv6}} {
		switch p, st := b.cidr(s, d.name, acl, d.family); st {
		case known:
			rule.CIDR = p
		case unknown:
			peerOK = false
		}
	}
	if peerOK {
		parts |= model.RulePeer
	}
	if len(b.unknowns) > mark {
		b.partialRule(mark, acl, &model.PartialRule{Known: parts, Direction: dir, ACL: rule})
		return rule, dir, false
	}
	return rule, dir, protoOK && portsOK
}

// addACLRule adds a rule unless an equal one is there (state repeats the
// aws_network_acl_rule resources in the ACL's lists).
func addACLRule(list []model.ACLRule, rule model.ACLRule) []model.ACLRule {
	for i, x := range list {
		x.Source = rule.Source
		if x == rule {
			list[i].Source = rule.Source
			return list
		}
	}
	return append(list, rule)
}

// networkACL maps an ACL with only the rules written in it: a custom ACL
// without rules denies everything, and an adopted default ACL loses the
// rules not written (aws-rules 5.2.1).
func (b *builder) networkACL(r *Resource, vpc string) {
	s, o := root(r), objectOf(model.KindNetworkACL, r)
	b.acls.add(r.Address, model.NetworkACL{
		ID:      r.Address,
		Source:  r.Pos,
		VPC:     vpc,
		Ingress: b.inlineACLRules(s, ingress, o),
		Egress:  b.inlineACLRules(s, egress, o),
	})
}

// sortACLRules orders every ACL's rules by number, as AWS evaluates them
// (aws-rules 5.2.1).
func (b *builder) sortACLRules() {
	for _, id := range b.acls.ids {
		acl := b.acls.get(id)
		for _, list := range [][]model.ACLRule{acl.Ingress, acl.Egress} {
			slices.SortStableFunc(list, func(x, y model.ACLRule) int { return x.Number - y.Number })
		}
	}
}

func mapNetworkACL(b *builder, r *Resource) {
	b.networkACL(r, b.ref(root(r), "vpc_id", wantVPC, objectOf(model.KindNetworkACL, r)))
}

func mapDefaultNetworkACL(b *builder, r *Resource) {
	b.networkACL(r, b.adoptedVPC(r, objectOf(model.KindNetworkACL, r), "default_network_acl_id"))
}

// linkACLSubnets associates the subnets an ACL lists in subnet_ids.
func linkACLSubnets(b *builder, r *Resource) {
	s := root(r)
	for _, subnet := range b.refs(s, "subnet_ids", wantSubnet, objectOf(model.KindNetworkACL, r)) {
		b.associate(assocNetworkACL, subnet, r.Address, s.at("subnet_ids"))
	}
}

func addACLRuleResource(b *builder, s site, acl *model.NetworkACL) {
	rule, dir, ok := b.aclRule(s, aclRuleResource, object{model.KindNetworkACL, acl.ID, acl.Source}, "")
	if !ok {
		return
	}
	if dir == egress {
		acl.Egress = addACLRule(acl.Egress, rule)
	} else {
		acl.Ingress = addACLRule(acl.Ingress, rule)
	}
}
