package scenario

import (
	"net/netip"

	"github.com/vpctrace/vpctrace/model"
)

var securityGroupKeys = []string{"vpc", "ingress", "egress"}

func decodeSecurityGroup(o *object) model.SecurityGroup {
	g := model.SecurityGroup{
		ID:      o.id,
		Source:  o.src,
		VPC:     o.ref("vpc"),
		Ingress: list(o, "ingress", sgRuleKeys, decodeSGRule),
		Egress:  list(o, "egress", sgRuleKeys, decodeSGRule),
	}
	if !o.has("egress") {
		g.Egress = []model.SGRule{defaultEgress(o.src)}
	}
	return g
}

// defaultEgress is the rule AWS gives every new security group: all
// traffic to anywhere (aws-rules 5.1.5). It is placed at the group.
func defaultEgress(pos model.Pos) model.SGRule {
	return model.SGRule{
		Source:   pos,
		Protocol: model.ProtocolAll,
		CIDRs:    []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")},
	}
}

var sgRuleKeys = []string{
	"protocol", "ports", "from_port", "to_port",
	"cidrs", "cidr", "prefix_lists", "security_groups", "self", "description",
}

func decodeSGRule(o *object) model.SGRule {
	r := model.SGRule{
		Source:         o.src,
		Protocol:       protocol(o),
		CIDRs:          append(o.prefixes("cidrs", model.AnyIP), o.prefixes("cidr", model.AnyIP)...),
		PrefixLists:    o.refs("prefix_lists"),
		SecurityGroups: o.refs("security_groups"),
		Self:           o.flag("self", false),
		Description:    o.str("description"),
	}
	r.FromPort, r.ToPort = rulePorts(o, r.Protocol)
	return r
}

// protocol reads a rule's required protocol.
func protocol(o *object) string {
	if !o.require("protocol", "tcp, udp, icmp, all or a protocol number") {
		return ""
	}
	p, _ := get(o, "protocol", parseProtocol)
	return p
}

// rulePorts reads `ports: 443`, `ports: 1024-65535` or from_port/to_port.
// TCP and UDP rules need ports; other protocols default to 0-0.
func rulePorts(o *object, protocol string) (from, to int) {
	switch {
	case o.has("ports") && (o.has("from_port") || o.has("to_port")):
		o.failAt(o.keyPos("ports"), model.CodeInvalidValue, "%s: give either ports or from_port and to_port, not both", o.path)
	case o.has("ports"):
		r, _ := get(o, "ports", parsePorts)
		return r.from, r.to
	case o.has("from_port") || o.has("to_port"):
		const want = "a port number, or -1 for all ICMP types"
		if o.require("from_port", want) && o.require("to_port", want) {
			from, _ = get(o, "from_port", parseInt)
			to, _ = get(o, "to_port", parseInt)
		}
	case protocol == model.ProtocolTCP || protocol == model.ProtocolUDP:
		o.require("ports", "a port such as 443 or a range such as 1024-65535 for protocol "+protocol)
	}
	return from, to
}

var networkACLKeys = []string{"vpc", "ingress", "egress"}

// decodeNetworkACL reads a network ACL. No rules are added: a custom ACL
// without rules denies everything (aws-rules 5.2.1).
func decodeNetworkACL(o *object) model.NetworkACL {
	return model.NetworkACL{
		ID:      o.id,
		Source:  o.src,
		VPC:     o.ref("vpc"),
		Ingress: list(o, "ingress", aclRuleKeys, decodeACLRule),
		Egress:  list(o, "egress", aclRuleKeys, decodeACLRule),
	}
}

var aclRuleKeys = []string{"rule", "action", "protocol", "ports", "from_port", "to_port", "cidr"}

func decodeACLRule(o *object) model.ACLRule {
	r := model.ACLRule{Source: o.src, Protocol: protocol(o), CIDR: o.prefix("cidr", model.AnyIP)}
	if o.require("rule", "a rule number 1-32766") {
		r.Number, _ = get(o, "rule", parseInt)
	}
	if o.require("action", "allow or deny") {
		action, _ := get(o, "action", oneOf("a rule action", "allow", "deny"))
		r.Allow = action == "allow"
	}
	r.FromPort, r.ToPort = rulePorts(o, r.Protocol)
	return r
}

var prefixListKeys = []string{"name", "aws_service", "entries"}

func decodePrefixList(o *object) model.PrefixList {
	return model.PrefixList{
		ID:         o.id,
		Source:     o.src,
		Name:       o.str("name"),
		AWSService: o.str("aws_service"),
		Entries:    o.prefixes("entries", model.AnyIP),
	}
}
