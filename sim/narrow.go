package sim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// Unknowns only where they matter.
//
// A setting the input does not determine (model.World.Unknowns, a route
// whose target is undetermined) makes a call unknown only when some value
// of it could change the call's verdict. Two questions decide that:
//
//   - Can it change the check it belongs to? A security group or network
//     ACL with an undetermined rule is still decided by its known rules
//     when the rule cannot matter: a rule of the other direction, another
//     protocol or port range, a peer that does not cover the address (when
//     those parts are known), an allow added to groups that already allow
//     (groups are unions of allows, aws-rules 5.1.1), an ACL rule numbered
//     after the rule that decides or with the same action (first match in
//     number order, 5.2.1). Such settings are filter-scoped: they change
//     nothing but their own check, never where the packet goes.
//
//   - Can it change anything else on the path? Settings that decide where
//     the packet goes (a route table's routes, a route's target, a NAT
//     gateway, a transit gateway, a peering, a NAT instance) leave open
//     every check after them (tracer.openPath), except the one a route
//     cannot change: a packet that leaves a subnet meets the subnet's
//     outbound ACL whatever route its table selects (tracer.exempt,
//     leavingACL). Settings of the path's two ends (the VPC, the subnet,
//     the container instance, an endpoint's or mount target's addresses)
//     leave open the whole path (tracer.global). A block found where none
//     of them reaches is definite: the call is unreachable whatever the
//     undetermined settings turn out to be (tracer.settle), and its
//     blockers name them too, after the definite ones.
//
// A route table's own settings (its routes, known only after apply) may
// beat any determined route by longest prefix (aws-rules 4.2.1), except a
// gateway endpoint's association, which only adds the S3 or DynamoDB
// prefix-list route (4.3.1), and none of them for a destination in the
// source's own subnet, which no route decides (4.1.3, 5.2.2).

// side is the rule list of a security group or network ACL that an
// undetermined setting belongs to.
type side uint8

const (
	sideEither  side = iota // a rule whose direction the setting's name does not tell
	sideIngress             // an ingress (inbound) rule
	sideEgress              // an egress (outbound) rule
	sideWhole               // a setting of the whole group or ACL (vpc_id, subnet_ids, ...)
)

// part names the parts of an undetermined rule that may be known.
type part uint8

const (
	partProtocol part = 1 << iota
	partPorts
	partPeer   // the CIDRs, prefix lists and groups of a security group rule, the CIDR of an ACL rule
	partNumber // an ACL rule's number
	partAction // an ACL rule's allow or deny
)

// openRule is a rule of a security group or network ACL that the input
// does not determine, with the parts of it that are known: a model.Unknown
// of the group or ACL, whose Field names the rule list or the rule
// resource, and whose Rule (when the input reads the rule) holds what the
// input determines of it.
type openRule struct {
	setting model.Unknown
	side    side
	known   part
	sg      model.SGRule  // the known parts of a security group rule
	acl     model.ACLRule // the known parts of a network ACL rule
}

// openNote is what the evaluation of one check made of an undetermined
// setting: whether some value of it could change the check's outcome, and
// either what it may do ("that rule may allow egress TCP 443") or why it
// cannot matter ("it cannot change this check: ..."), in words that follow
// "X is not known (why)".
type openNote struct {
	setting model.Unknown
	matters bool
	effect  string
}

// Rule attributes and rule resource types, by the names tfmap gives
// undetermined settings (model.Unknown.Field): an inline rule's field
// starts with its list ("egress.1.cidr_blocks"), a rule resource's
// attribute is recorded on its group bare ("cidr_ipv4"), and rule
// resources of unknown number by their address without the key.
var (
	sgRuleAttrs = []string{"protocol", "ip_protocol", "from_port", "to_port", "cidr_blocks", "ipv6_cidr_blocks",
		"prefix_list_ids", "prefix_list_id", "security_groups", "source_security_group_id", "referenced_security_group_id",
		"self", "cidr_ipv4", "cidr_ipv6", "type"}
	sgRuleResources = map[string]side{
		"aws_security_group_rule":             sideEither,
		"aws_vpc_security_group_ingress_rule": sideIngress,
		"aws_vpc_security_group_egress_rule":  sideEgress,
	}
	aclRuleAttrs = []string{"protocol", "from_port", "to_port", "rule_no", "rule_number", "action", "rule_action",
		"cidr_block", "ipv6_cidr_block", "egress", "icmp_type", "icmp_code"}
	aclRuleResources = map[string]side{"aws_network_acl_rule": sideEither}
)

// fieldSide says which rule list an undetermined setting of a group or ACL
// belongs to; sideWhole when it is not a setting of rules.
func fieldSide(field string, attrs []string, resources map[string]side) side {
	segs := strings.Split(field, ".")
	switch segs[0] {
	case "ingress":
		return sideIngress
	case "egress":
		return sideEgress
	}
	for _, s := range segs[:len(segs)-1] {
		if sd, ok := resources[s]; ok {
			return sd
		}
	}
	if len(segs) == 1 && slices.Contains(attrs, field) {
		return sideEither
	}
	return sideWhole
}

// openRules returns the undetermined settings of a security group or
// network ACL as rules, each with its side.
func (ix *index) openRules(kind model.Kind, id string) []openRule {
	attrs, resources := sgRuleAttrs, sgRuleResources
	if kind == model.KindNetworkACL {
		attrs, resources = aclRuleAttrs, aclRuleResources
	}
	us := ix.unknowns[string(kind)+"|"+id]
	out := make([]openRule, 0, len(us))
	for _, u := range us {
		o := openRule{setting: u, side: fieldSide(u.Field, attrs, resources)}
		if r := u.Rule; r != nil {
			o.known, o.sg, o.acl, o.side = ruleParts(r.Known), r.SG, r.ACL, sideEither
			switch r.Direction {
			case "ingress":
				o.side = sideIngress
			case "egress":
				o.side = sideEgress
			}
		}
		out = append(out, o)
	}
	return out
}

// ruleParts converts the model's parts of a rule. Ports tell nothing
// before the protocol is known: protocol "-1" ignores them (aws-rules 5.1.3).
func ruleParts(k model.RuleParts) part {
	var p part
	for _, m := range []struct {
		model model.RuleParts
		part  part
	}{{model.RuleProtocol, partProtocol}, {model.RulePorts, partPorts}, {model.RulePeer, partPeer},
		{model.RuleNumber, partNumber}, {model.RuleAction, partAction}} {
		if k.Has(m.model) {
			p |= m.part
		}
	}
	if p&partProtocol == 0 {
		p &^= partPorts
	}
	return p
}

// endpointRole sorts an undetermined setting of a VPC endpoint by what it
// can change: the policy (only the policy check), the security groups
// (only the ingress check at its ENIs), or anything else (its service,
// subnets, addresses, private DNS: which address the call reaches).
type endpointRole uint8

const (
	endpointOther endpointRole = iota
	endpointPolicy
	endpointGroups
)

func endpointSettingRole(field string) endpointRole {
	segs := strings.Split(field, ".")
	switch {
	case field == "policy" || slices.Contains(segs, "aws_vpc_endpoint_policy"):
		return endpointPolicy
	case field == "security_group_ids" || field == "security_group_id" || slices.Contains(segs, "aws_vpc_endpoint_security_group_association"):
		return endpointGroups
	}
	return endpointOther
}

// endpointSettings returns the undetermined settings of an endpoint that
// play role r.
func (ix *index) endpointSettings(id string, r endpointRole) []model.Unknown {
	var out []model.Unknown
	for _, u := range ix.unknowns[string(model.KindEndpoint)+"|"+id] {
		if endpointSettingRole(u.Field) == r {
			out = append(out, u)
		}
	}
	return out
}

// routeSettingMatters says whether an undetermined setting of route
// table rt can change the route it selects for d, and why not. Route
// selection is by longest prefix (aws-rules 4.2.1), so a route the input
// does not determine may beat any determined one. The exceptions: the
// association of a gateway endpoint, whose prefix-list route carries
// only its service's public addresses (S3 or DynamoDB, 4.3.1, 4.3.2); and
// routes propagated into the table (a virtual private gateway's, a VPC
// Route Server's), which never beat the local route for an address of
// the table's own VPC (1.1.5).
func routeSettingMatters(rt *routeTable, u model.Unknown, d endpointAddr) (bool, string) {
	parts := strings.Split(u.Field, ".")
	if isPropagation(parts) {
		if d.prefix.IsValid() && d.vpc == rt.vpc {
			return false, fmt.Sprintf("it cannot change this: propagated routes never beat the local route, and %s is an address of the table's own VPC (aws-rules 1.1.5)", d)
		}
		return true, ""
	}
	if !slices.Contains(parts, "aws_vpc_endpoint_route_table_association") {
		return true, ""
	}
	if d.public && (d.service == "s3" || d.service == "dynamodb") {
		return true, ""
	}
	return false, fmt.Sprintf("it cannot change this: it can only add a gateway endpoint's prefix-list route, which matches the public addresses of S3 or DynamoDB only, and this call goes to %s (aws-rules 4.3.1, 4.3.2)", d)
}

// isPropagation reports whether the parts of an undetermined route table
// field name routes propagated into the table (aws-rules 1.1.5).
func isPropagation(parts []string) bool {
	return slices.Contains(parts, "propagating_vgws") || slices.Contains(parts, "aws_vpn_gateway_route_propagation") ||
		slices.Contains(parts, "aws_vpc_route_server_propagation")
}

// routeSelectionOpen reports whether an undetermined setting of rt may
// change the route it selects for d.
func (ix *index) routeSelectionOpen(rt *routeTable, d endpointAddr) bool {
	for _, u := range ix.unknowns[string(model.KindRouteTable)+"|"+rt.id] {
		if matters, _ := routeSettingMatters(rt, u, d); matters {
			return true
		}
	}
	return false
}

// sgCheck is evalSG with the settings the input does not determine: the
// undetermined rules of the groups, undetermined groups of the interface
// (groupsOpen: its list of groups is only partly known), and undetermined
// groups of the peer (peer.open). Security groups are unions of allows
// (aws-rules 5.1.1): what the input does not determine can only add allows,
// so it matters only when the known rules do not allow, and a rule only
// when it could match the connection.
func (ix *index) sgCheck(groups []string, groupsOpen []model.Unknown, egress bool, peer sgPeer, port int) decision {
	var open []openRule
	for _, g := range groups {
		open = append(open, ix.openRules(model.KindSecurityGroup, g)...)
	}
	return ix.sgCheckWith(groups, open, groupsOpen, egress, peer, port)
}

// sgCheckWith is sgCheck with the groups' undetermined rules given.
func (ix *index) sgCheckWith(groups []string, open []openRule, groupsOpen []model.Unknown, egress bool, peer sgPeer, port int) decision {
	d := ix.evalSG(groups, egress, peer, port)
	for _, o := range open {
		d.open = append(d.open, ix.sgRuleNote(o, d, egress, peer, port))
	}
	for _, u := range groupsOpen {
		n := openNote{setting: u, matters: d.outcome != allow}
		if n.matters {
			n.effect = fmt.Sprintf("a group it adds may allow %s TCP %d", dirWord(egress), port)
		} else {
			n.effect = fmt.Sprintf("it cannot change this check: a group it adds can only add allows, and %s already allows the connection (aws-rules 5.1.1)", d.rule)
		}
		d.open = append(d.open, n)
	}
	for _, u := range peer.open {
		d.open = append(d.open, ix.sgPeerNote(u, groups, d, egress, peer, port))
	}
	if len(d.open) > 0 && d.outcome == deny && d.rule == "" && len(groups) > 0 {
		// "no egress rules at all" holds only of the rules the input determines.
		d.note = fmt.Sprintf("no %s rule of %s that the input determines matches", dirWord(egress), strings.Join(groups, ", "))
	}
	return narrowed(d)
}

// dirWord is "egress" or "ingress".
func dirWord(egress bool) string {
	if egress {
		return "egress"
	}
	return "ingress"
}

// sgRuleNote says whether an undetermined setting of group o.setting.ID
// can change a check whose known outcome is d.
func (ix *index) sgRuleNote(o openRule, d decision, egress bool, peer sgPeer, port int) openNote {
	n := openNote{setting: o.setting}
	g := o.setting.ID
	call := fmt.Sprintf("the connection is TCP %d", port)
	switch {
	case o.side == sideWhole:
		n.matters = true
		n.effect = fmt.Sprintf("the model cannot tell what security group %s does here", g)
		return n
	case o.side == sideIngress && egress:
		n.effect = fmt.Sprintf("it cannot change this check: it is an ingress rule of %s, and security groups are stateful, so the replies of an allowed connection need no rule (aws-rules 5.1.1)", g)
		return n
	case o.side == sideEgress && !egress:
		n.effect = fmt.Sprintf("it cannot change this check: it is an egress rule of %s, and security groups are stateful, so the replies of an allowed connection need no rule (aws-rules 5.1.1)", g)
		return n
	case d.outcome == allow:
		n.effect = fmt.Sprintf("it cannot change this check: security groups only add allows (aws-rules 5.1.1), and %s already allows the connection", d.rule)
		return n
	case o.known&partProtocol != 0 && ruleCoversPorts(o.sg.Protocol, 0, 65535, portRange{port, port}) == coverNone:
		n.effect = fmt.Sprintf("it cannot change this check: its protocol is %s, and %s (aws-rules 5.1.3)", protoWord(o.sg.Protocol), call)
		return n
	case o.known&partPorts != 0 && !protoAll(o.sg.Protocol) && (port < o.sg.FromPort || port > o.sg.ToPort):
		n.effect = fmt.Sprintf("it cannot change this check: it covers ports %s, and %s (aws-rules 5.1.3)", portRange{o.sg.FromPort, o.sg.ToPort}, call)
		return n
	case o.known&partPeer != 0 && ix.sgPeerCoverage(g, o.sg, peer) == coverNone &&
		(len(peer.open) == 0 || !peer.refsOK || len(o.sg.SecurityGroups) == 0 && !o.sg.Self):
		n.effect = fmt.Sprintf("it cannot change this check: its peers (%s) do not include %s (aws-rules 5.1.3)", describePeers(o.sg), peer.addr)
		return n
	}
	n.matters = true
	n.effect = fmt.Sprintf("that rule may allow %s TCP %d", dirWord(egress), port)
	return n
}

// sgPeerNote says whether an undetermined group of the peer's interface
// can change a check: only a rule that names a security group (or its own
// group) matches by group, and only one that covers the connection's
// protocol and port can let it through (aws-rules 5.1.3).
func (ix *index) sgPeerNote(u model.Unknown, groups []string, d decision, egress bool, peer sgPeer, port int) openNote {
	n := openNote{setting: u}
	if d.outcome == allow {
		n.effect = fmt.Sprintf("it cannot change this check: security groups only add allows (aws-rules 5.1.1), and %s already allows the connection", d.rule)
		return n
	}
	if !peer.refsOK {
		n.effect = fmt.Sprintf("it cannot change this check: it decides only which groups %s carries, and security group references do not match across this transit gateway, whose referencing option is off (aws-rules 5.1.7)", peer.addr)
		return n
	}
	for _, gid := range groups {
		g := ix.sgs[gid]
		if g == nil {
			continue
		}
		rules := g.Ingress
		if egress {
			rules = g.Egress
		}
		for i, r := range rules {
			if (len(r.SecurityGroups) > 0 || r.Self) && ruleCoversPorts(r.Protocol, r.FromPort, r.ToPort, portRange{port, port}) != coverNone {
				n.matters = true
				n.effect = fmt.Sprintf("a group it adds to %s may be one that %s names", peer.addr, ix.sgRuleLabel(g, egress, i).rule)
				return n
			}
		}
	}
	n.effect = fmt.Sprintf("it cannot change this check: it decides only which groups %s carries, and no %s rule of %s that covers TCP %d names a security group (aws-rules 5.1.3)",
		peer.addr, dirWord(egress), strings.Join(groups, ", "), port)
	return n
}

// aclCheck is evalACL with the rules of acl that the input does not
// determine. ACL rules are checked in ascending number and the first that
// matches decides (aws-rules 5.2.1), so an undetermined rule matters only
// when it could match the packet, could come before the rule that
// decides, and could decide the other way.
func (ix *index) aclCheck(acl *model.NetworkACL, egress bool, remote endpointAddr, ports portRange) decision {
	if acl == nil {
		return evalACL(acl, egress, remote, ports)
	}
	return aclCheckWith(acl, ix.openRules(model.KindNetworkACL, acl.ID), egress, remote, ports)
}

// aclCheckWith is aclCheck with the ACL's undetermined rules given.
func aclCheckWith(acl *model.NetworkACL, open []openRule, egress bool, remote endpointAddr, ports portRange) decision {
	d := evalACL(acl, egress, remote, ports)
	for _, o := range open {
		d.open = append(d.open, aclRuleNote(o, d, acl, egress, remote, ports))
	}
	return narrowed(d)
}

// aclRuleNote says whether an undetermined setting of acl can change a
// check whose known outcome is d.
func aclRuleNote(o openRule, d decision, acl *model.NetworkACL, egress bool, remote endpointAddr, ports portRange) openNote {
	n := openNote{setting: o.setting}
	dir, other := "outbound", "inbound"
	if !egress {
		dir, other = other, dir
	}
	pkt := fmt.Sprintf("the packet is TCP %s", ports)
	switch {
	case o.side == sideWhole:
		n.matters = true
		n.effect = fmt.Sprintf("the model cannot tell what network ACL %s does here", acl.ID)
		return n
	case o.side == sideIngress && egress || o.side == sideEgress && !egress:
		n.effect = fmt.Sprintf("it cannot change this check: it is an %s rule of %s, and an ACL checks each direction against its own list (aws-rules 5.2.1)", other, acl.ID)
		return n
	case o.known&partProtocol != 0 && ruleCoversPorts(o.acl.Protocol, 0, 65535, ports) == coverNone:
		n.effect = fmt.Sprintf("it cannot change this check: its protocol is %s, and %s (aws-rules 5.2.1)", protoWord(o.acl.Protocol), pkt)
		return n
	case o.known&partPorts != 0 && !protoAll(o.acl.Protocol) && (ports.to < o.acl.FromPort || ports.from > o.acl.ToPort):
		n.effect = fmt.Sprintf("it cannot change this check: it covers ports %s, and %s (aws-rules 5.2.1)", portRange{o.acl.FromPort, o.acl.ToPort}, pkt)
		return n
	case o.known&partPeer != 0 && cidrCovers(o.acl.CIDR, remote) == coverNone:
		n.effect = fmt.Sprintf("it cannot change this check: its CIDR %s does not cover %s (aws-rules 5.2.1)", o.acl.CIDR, remote)
		return n
	case d.number == 1:
		n.effect = fmt.Sprintf("it cannot change this check: %s decides, and no rule comes before rule 1 (aws-rules 5.2.1)", d.rule)
		return n
	case o.known&partNumber != 0 && d.number > 0 && o.acl.Number > d.number:
		n.effect = fmt.Sprintf("it cannot change this check: it is rule %d, and %s comes first and decides (aws-rules 5.2.1)", o.acl.Number, d.rule)
		return n
	case o.known&partAction != 0 && d.outcome != undecided && o.acl.Allow == (d.outcome == allow):
		n.effect = fmt.Sprintf("it cannot change this check: it would %s the packet too, as %s does (aws-rules 5.2.1)", allowWord(o.acl.Allow), d.rule)
		return n
	}
	n.matters = true
	before := "before " + d.rule
	if d.number == 0 {
		before = "before the final rule *"
	}
	n.effect = fmt.Sprintf("that rule may match the packet %s and decide it the other way", before)
	return n
}

// narrowed makes a known allow or deny undetermined when some setting the
// input does not determine could change it. An outcome that is already
// undecided (public ranges, aws-rules 10.11) stays so.
func narrowed(d decision) decision {
	d.known = d.outcome
	if d.outcome == undecided {
		return d
	}
	for _, n := range d.open {
		if n.matters {
			d.outcome = undetermined
			if d.rule == "" {
				d.note = "" // "no rules at all" and the like hold only of the known rules
			}
			return d
		}
	}
	return d
}

func protoAll(p string) bool { return p == model.ProtocolAll || p == "all" }

// protoWord names a protocol in prose.
func protoWord(p string) string {
	switch p {
	case "6":
		return "tcp"
	case "17":
		return "udp"
	case "1":
		return "icmp"
	}
	return p
}

// describePeers lists the peers of a security group rule.
func describePeers(r model.SGRule) string {
	var peers []string
	for _, c := range r.CIDRs {
		peers = append(peers, c.String())
	}
	peers = append(peers, r.PrefixLists...)
	peers = append(peers, r.SecurityGroups...)
	if r.Self {
		peers = append(peers, "self")
	}
	if len(peers) == 0 {
		return "none"
	}
	return strings.Join(peers, ", ")
}
