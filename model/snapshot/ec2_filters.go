package snapshot

import (
	"fmt"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpctrace/vpctrace/model"
)

// securityGroups reads describe-security-groups and
// describe-security-group-rules (aws-rules 11.2.10). A group's rules
// come from describe-security-groups when it describes the group, else
// from describe-security-group-rules, so no rule is read twice. A group
// that objects of the world carry but that describe-security-groups does
// not describe takes the VPC of those objects; when no response gives its
// rules, they are unknown (aws-rules 11.2.11).
func (b *builder) securityGroups(x *ec2Index) {
	type pending struct {
		g     at[ec2types.SecurityGroup]
		index int // in World.SecurityGroups
	}
	var described []pending
	for _, g := range b.ec2.lists.groups {
		id, vpc := str(g.v.GroupId), str(g.v.VpcId)
		if !b.freshInVPC(x, model.KindSecurityGroup, id, g.v, g.pos, vpc, g.field("VpcId")) {
			continue
		}
		described = append(described, pending{g, len(b.w.SecurityGroups)})
		b.w.SecurityGroups = append(b.w.SecurityGroups, model.SecurityGroup{ID: id, Source: g.pos, VPC: vpc})
		if str(g.v.GroupName) == "default" {
			b.w.VPCs[x.vpc[vpc]].DefaultSecurityGroup = id
		}
	}
	ruleGroups := b.carriedGroups(x)
	for _, p := range described {
		sg := &b.w.SecurityGroups[p.index]
		sg.Ingress = b.permissions(x, p.g, "IpPermissions", "ingress", p.g.v.IpPermissions)
		sg.Egress = b.permissions(x, p.g, "IpPermissionsEgress", "egress", p.g.v.IpPermissionsEgress)
	}
	for _, id := range ruleGroups {
		b.groupRules(x, id)
	}
}

// carriedGroups adds the groups that objects of the world carry but that
// describe-security-groups does not describe, in the VPC of the first
// object that carries each, and returns their IDs.
func (b *builder) carriedGroups(x *ec2Index) []string {
	var added []string
	carry := func(ids []string, vpc string, p model.Pos) {
		for _, id := range ids {
			if vpc == "" || !x.add(model.KindSecurityGroup, id) {
				continue
			}
			added = append(added, id)
			b.w.SecurityGroups = append(b.w.SecurityGroups, model.SecurityGroup{ID: id, Source: p, VPC: vpc})
		}
	}
	subnetVPC := func(ids []string) string {
		for _, s := range ids {
			if k, ok := x.subnet[s]; ok {
				return b.w.Subnets[k].VPC
			}
		}
		return ""
	}
	for _, o := range b.w.Endpoints {
		carry(o.SecurityGroups, o.VPC, o.Source)
	}
	for _, o := range b.w.Instances {
		carry(o.SecurityGroups, subnetVPC([]string{o.Subnet}), o.Source)
	}
	for _, o := range b.w.Services {
		carry(o.SecurityGroups, subnetVPC(o.Subnets), o.Source)
	}
	for _, o := range b.w.AutoScalingGroups {
		carry(o.SecurityGroups, subnetVPC(o.Subnets), o.Source)
	}
	for _, fs := range b.w.FileSystems {
		for _, mt := range fs.MountTargets {
			carry(mt.SecurityGroups, subnetVPC([]string{mt.Subnet}), mt.Source)
		}
	}
	for _, e := range b.ec2.lists.enis {
		if x.has(model.KindVPC, str(e.v.VpcId)) {
			carry(groupIDs(e.v.Groups), str(e.v.VpcId), e.pos)
		}
	}
	return added
}

// groupRules gives a group that describe-security-groups does not
// describe its rules from describe-security-group-rules; without them,
// its rules are unknown.
func (b *builder) groupRules(x *ec2Index, id string) {
	k := len(b.w.SecurityGroups) - 1
	for k >= 0 && b.w.SecurityGroups[k].ID != id {
		k--
	}
	sg := &b.w.SecurityGroups[k]
	found := false
	for _, r := range b.ec2.lists.sgRules {
		if str(r.v.GroupId) != id {
			continue
		}
		found = true
		if rule, ok := b.sgRule(x, sg, r); ok {
			if on(r.v.IsEgress) {
				sg.Egress = append(sg.Egress, rule)
			} else {
				sg.Ingress = append(sg.Ingress, rule)
			}
		}
	}
	if found {
		return
	}
	for _, dir := range []string{"ingress", "egress"} {
		b.missing(model.KindSecurityGroup, id, dir, cmdDescribeSGs+" --group-ids "+id, sg.Source)
	}
}

// sgRule reads one rule of describe-security-group-rules.
func (b *builder) sgRule(x *ec2Index, sg *model.SecurityGroup, r at[ec2types.SecurityGroupRule]) (model.SGRule, bool) {
	proto := protocol(str(r.v.IpProtocol))
	from, to := ports(proto, r.v.FromPort, r.v.ToPort)
	rule := model.SGRule{Source: r.pos, Protocol: proto, FromPort: from, ToPort: to, Description: str(r.v.Description)}
	dir := "ingress"
	if on(r.v.IsEgress) {
		dir = "egress"
	}
	switch {
	case r.v.CidrIpv4 != nil:
		p, ok := b.prefix(*r.v.CidrIpv4, r.field("CidrIpv4"))
		rule.CIDRs = append(rule.CIDRs, p)
		return rule, ok
	case r.v.CidrIpv6 != nil:
		p, ok := b.prefix(*r.v.CidrIpv6, r.field("CidrIpv6"))
		rule.CIDRs = append(rule.CIDRs, p)
		return rule, ok
	case r.v.PrefixListId != nil:
		return b.prefixListPeer(x, sg, rule, dir, *r.v.PrefixListId, r.field("PrefixListId"), "SecurityGroupRules "+str(r.v.SecurityGroupRuleId))
	case r.v.ReferencedGroupInfo != nil:
		g := str(r.v.ReferencedGroupInfo.GroupId)
		switch {
		case g == sg.ID:
			rule.Self = true
		case x.has(model.KindSecurityGroup, g):
			rule.SecurityGroups = []string{g}
		default:
			return rule, false // no interface of the model carries it (aws-rules 11.2.10)
		}
		return rule, true
	}
	return rule, false
}

// prefixListPeer gives rule the prefix list peer pl when the folder gives
// its addresses; otherwise the rule is left out, and recorded as a rule
// of the group whose peer is unknown.
func (b *builder) prefixListPeer(x *ec2Index, sg *model.SecurityGroup, rule model.SGRule, dir, pl string, p model.Pos, field string) (model.SGRule, bool) {
	if x.knownPrefixList(pl) {
		rule.PrefixLists = append(rule.PrefixLists, pl)
		return rule, true
	}
	partial := model.SGRule{Source: p, Protocol: rule.Protocol, FromPort: rule.FromPort, ToPort: rule.ToPort, Description: rule.Description}
	b.w.Unknowns = append(b.w.Unknowns, model.Unknown{ID: sg.ID, Kind: model.KindSecurityGroup, Field: field, Source: p,
		Why: "the addresses of prefix list " + pl + " are not in the snapshot", Fix: missingFix + prefixListCommand(pl) + " to the snapshot folder",
		Rule: &model.PartialRule{Known: model.RuleProtocol | model.RulePorts, Direction: dir, SG: partial}})
	return rule, false
}

// permissions reads the IpPermissions (or IpPermissionsEgress) of a group
// of describe-security-groups: a rule per permission. A peer group that no
// object of the world carries is left out: it never matches (aws-rules
// 11.2.10).
func (b *builder) permissions(x *ec2Index, g at[ec2types.SecurityGroup], list, dir string, perms []ec2types.IpPermission) []model.SGRule {
	var out []model.SGRule
	sg := model.SecurityGroup{ID: str(g.v.GroupId)}
	for i, perm := range perms {
		path := fmt.Sprintf("%s/%d", list, i)
		proto := protocol(str(perm.IpProtocol))
		from, to := ports(proto, perm.FromPort, perm.ToPort)
		rule := model.SGRule{Source: g.field(path), Protocol: proto, FromPort: from, ToPort: to}
		for j, r := range perm.IpRanges {
			if p, ok := b.prefix(str(r.CidrIp), g.field(fmt.Sprintf("%s/IpRanges/%d/CidrIp", path, j))); ok {
				rule.CIDRs = append(rule.CIDRs, p)
			}
			rule.Description = firstOf(rule.Description, str(r.Description))
		}
		for j, r := range perm.Ipv6Ranges {
			if p, ok := b.prefix(str(r.CidrIpv6), g.field(fmt.Sprintf("%s/Ipv6Ranges/%d/CidrIpv6", path, j))); ok {
				rule.CIDRs = append(rule.CIDRs, p)
			}
		}
		for j, r := range perm.PrefixListIds {
			field := fmt.Sprintf("%s/PrefixListIds/%d", path, j)
			rule, _ = b.prefixListPeer(x, &sg, rule, dir, str(r.PrefixListId), g.field(field), field)
		}
		for _, r := range perm.UserIdGroupPairs {
			switch id := str(r.GroupId); {
			case id == sg.ID:
				rule.Self = true
			case x.has(model.KindSecurityGroup, id):
				rule.SecurityGroups = append(rule.SecurityGroups, id)
			}
		}
		if len(rule.CIDRs)+len(rule.PrefixLists)+len(rule.SecurityGroups) > 0 || rule.Self {
			out = append(out, rule)
		}
	}
	return out
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// networkACLs reads describe-network-acls: the rules (but AWS's final
// rule 32767, which the model implies), the subnets' associations and
// each VPC's default ACL (aws-rules 11.2.12).
func (b *builder) networkACLs(x *ec2Index) {
	for _, a := range b.ec2.lists.acls {
		id, vpc := str(a.v.NetworkAclId), str(a.v.VpcId)
		if !b.freshInVPC(x, model.KindNetworkACL, id, a.v, a.pos, vpc, a.field("VpcId")) {
			continue
		}
		acl := model.NetworkACL{ID: id, Source: a.pos, VPC: vpc}
		for i, e := range a.v.Entries {
			rule, ok := b.aclEntry(child(a, fmt.Sprintf("Entries/%d", i), e))
			switch {
			case !ok:
			case on(e.Egress):
				acl.Egress = append(acl.Egress, rule)
			default:
				acl.Ingress = append(acl.Ingress, rule)
			}
		}
		b.w.NetworkACLs = append(b.w.NetworkACLs, acl)
		if on(a.v.IsDefault) {
			b.w.VPCs[x.vpc[vpc]].DefaultNetworkACL = id
		}
		for _, as := range a.v.Associations {
			if k, ok := x.subnet[str(as.SubnetId)]; ok {
				b.w.Subnets[k].NetworkACL = id
			}
		}
	}
}

// aclDefaultRule is the number of the rule "*" that AWS adds last to every
// network ACL, denying what no other rule matched (aws-rules 5.2.1).
const aclDefaultRule = 32767

// aclEntry reads one entry of a network ACL; false for the default rule
// and for entries that cannot be read.
func (b *builder) aclEntry(e at[ec2types.NetworkAclEntry]) (model.ACLRule, bool) {
	n := intOr(e.v.RuleNumber, 0)
	if n == aclDefaultRule {
		return model.ACLRule{}, false
	}
	proto := protocol(str(e.v.Protocol))
	rule := model.ACLRule{Source: e.pos, Number: n, Protocol: proto, Allow: e.v.RuleAction == ec2types.RuleActionAllow}
	switch {
	case proto == "icmp" || proto == "icmpv6":
		rule.FromPort, rule.ToPort = -1, -1
		if c := e.v.IcmpTypeCode; c != nil {
			rule.FromPort, rule.ToPort = intOr(c.Type, -1), intOr(c.Code, -1)
		}
	case e.v.PortRange != nil && proto != model.ProtocolAll:
		rule.FromPort, rule.ToPort = intOr(e.v.PortRange.From, 0), intOr(e.v.PortRange.To, 65535)
	case proto == model.ProtocolTCP || proto == model.ProtocolUDP:
		rule.FromPort, rule.ToPort = 0, 65535
	}
	var ok bool
	switch {
	case e.v.CidrBlock != nil:
		rule.CIDR, ok = b.prefix(*e.v.CidrBlock, e.field("CidrBlock"))
	case e.v.Ipv6CidrBlock != nil:
		rule.CIDR, ok = b.prefix(*e.v.Ipv6CidrBlock, e.field("Ipv6CidrBlock"))
	default:
		b.errorf(e.pos, model.CodeMissingField, "network ACL rule %d has no CidrBlock or Ipv6CidrBlock", n)
	}
	return rule, ok
}
