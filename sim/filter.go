package sim

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// outcome is the result of a filter.
type outcome int

const (
	allow outcome = iota
	deny
	undecided // the model cannot tell (a public CIDR that may cover the address)
	// undetermined: the known rules deny, but a setting the input does
	// not determine could allow (or an ACL rule could decide either way).
	undetermined
)

// decision is a filter's outcome with the rule that decided it.
type decision struct {
	outcome outcome
	rule    string    // the deciding rule, e.g. "sg-app egress #1: tcp 443 to 0.0.0.0/0"
	source  model.Pos // the deciding rule's position
	note    string    // why, when no single rule decided
	// number is the number of the deciding ACL rule; 0 for the final
	// "*" rule (or no ACL rule).
	number int
	// known is the outcome of the rules the input determines, before
	// narrowed looked at the rest.
	known outcome
	// open says, for each setting of the filter the input does not
	// determine, whether it could change the outcome (narrow.go).
	open []openNote
}

// sgPeer is the other side of a connection as security group rules see it.
type sgPeer struct {
	addr endpointAddr
	sgs  []string // groups on the peer's interface (empty for NAT gateways, public addresses)
	// open are the undetermined settings of the peer interface's list of
	// groups: it may carry groups that sgs does not name.
	open []model.Unknown
	// refsOK is false when security group references cannot match the
	// peer: across a transit gateway without the referencing option (5.1.7).
	refsOK bool
}

// evalSG decides whether the union of groups lets a TCP connection to port
// out (egress) or in (ingress) from/to peer (aws-rules 5.1.1-5.1.3). Security
// groups are stateful, so the response needs no rule.
func (ix *index) evalSG(groups []string, egress bool, peer sgPeer, port int) decision {
	type found struct {
		group *model.SecurityGroup
		index int
	}
	var maybe, partial *found
	label := func(f found) decision {
		return ix.sgRuleLabel(f.group, egress, f.index)
	}
	for _, gid := range groups {
		ix.touch(depSG, gid)
		g := ix.sgs[gid]
		if g == nil {
			continue
		}
		rules := g.Ingress
		if egress {
			rules = g.Egress
		}
		for i, r := range rules {
			switch combine(ruleCoversPorts(r.Protocol, r.FromPort, r.ToPort, portRange{port, port}), ix.sgPeerCoverage(g.ID, r, peer)) {
			case coverFull:
				d := label(found{g, i})
				d.outcome = allow
				return d
			case coverMaybe:
				if maybe == nil {
					maybe = &found{g, i}
				}
			case coverPartial:
				if partial == nil {
					partial = &found{g, i}
				}
			}
		}
	}
	switch {
	case maybe != nil:
		d := label(*maybe)
		d.outcome = undecided
		d.note = "it may match: the model does not know which public ranges AWS uses (aws-rules 10.11)"
		return d
	case partial != nil:
		d := label(*partial)
		d.outcome = deny
		d.note = "it covers only some of the addresses the connection may use, so some tasks would fail"
		return d
	}
	if len(groups) == 0 {
		return decision{outcome: deny, note: "the interface has no security groups"}
	}
	if egress && ix.noEgressRules(groups) {
		note := strings.Join(groups, ", ") + " has no egress rules at all"
		if strings.HasPrefix(groups[0], "aws_security_group.") {
			note += " (Terraform's aws_security_group removes AWS's default allow-all egress rule unless the group or a rule resource writes one, aws-rules 5.1.6)"
		}
		return decision{outcome: deny, note: note, source: ix.groupSource(groups)}
	}
	return decision{outcome: deny, note: "no rule of " + strings.Join(groups, ", ") + " matches", source: ix.groupSource(groups)}
}

// groupSource is where the first of groups is defined: the object a denial
// that no rule made asks to change (a rule is added to it).
func (ix *index) groupSource(groups []string) model.Pos {
	if g := ix.sgs[groups[0]]; g != nil {
		return g.Source
	}
	return model.Pos{}
}

// noEgressRules reports whether none of the groups has an egress rule.
func (ix *index) noEgressRules(groups []string) bool {
	for _, id := range groups {
		ix.touch(depSG, id)
		if g := ix.sgs[id]; g != nil && len(g.Egress) > 0 {
			return false
		}
	}
	return true
}

// sgRuleKey identifies one rule of a security group.
type sgRuleKey struct {
	group  string
	egress bool
	index  int
}

// sgRuleLabel returns a decision naming one rule, formatting each rule's
// label only once per world.
func (ix *index) sgRuleLabel(g *model.SecurityGroup, egress bool, i int) decision {
	rules, dir := g.Ingress, "ingress"
	if egress {
		rules, dir = g.Egress, "egress"
	}
	key := sgRuleKey{g.ID, egress, i}
	label, ok := ix.sgLabels[key]
	if !ok {
		label = fmt.Sprintf("%s %s rule #%d (%s)", g.ID, dir, i+1, describeSGRule(rules[i], egress))
		ix.sgLabels[key] = label
	}
	return decision{rule: label, source: rules[i].Source}
}

// sgPeerCoverage says how one rule's peers cover the peer.
func (ix *index) sgPeerCoverage(group string, r model.SGRule, peer sgPeer) coverage {
	best := coverNone
	better := func(c coverage) {
		if rankCoverage(c) > rankCoverage(best) {
			best = c
		}
	}
	for _, c := range r.CIDRs {
		better(cidrCovers(c, peer.addr))
	}
	for _, pl := range r.PrefixLists {
		better(ix.prefixListCovers(pl, peer.addr))
	}
	if peer.refsOK {
		refs := r.SecurityGroups
		if r.Self {
			refs = append(slices.Clone(refs), group)
		}
		for _, ref := range refs {
			if slices.Contains(peer.sgs, ref) {
				better(coverFull)
			}
		}
	}
	return best
}

// rankCoverage orders coverages for "best match" purposes.
func rankCoverage(c coverage) int {
	switch c {
	case coverFull:
		return 3
	case coverMaybe:
		return 2
	case coverPartial:
		return 1
	}
	return 0
}

// prefixListCovers says how a prefix list covers an address. An AWS-managed
// list covers exactly its service's public addresses in its region (5.1.3).
func (ix *index) prefixListCovers(id string, a endpointAddr) coverage {
	service := id
	if pl := ix.prefixLists[id]; pl != nil {
		if pl.AWSService == "" {
			best := coverNone
			for _, e := range pl.Entries {
				if c := cidrCovers(e, a); rankCoverage(c) > rankCoverage(best) {
					best = c
				}
			}
			return best
		}
		service = pl.AWSService
	}
	region, svc, ok := model.SplitServiceName(service)
	if ok && a.public && a.service == svc && a.region == region {
		if a.v6 {
			return coverMaybe // whether the list holds the service's IPv6 ranges is not modelled (aws-rules 10.44)
		}
		return coverFull
	}
	return coverNone
}

func describeSGRule(r model.SGRule, egress bool) string {
	dir := "from"
	if egress {
		dir = "to"
	}
	peers := describePeers(r)
	if peers == "none" {
		peers = ""
	}
	return describeProto(r.Protocol, r.FromPort, r.ToPort) + " " + dir + " " + peers
}

func describeProto(protocol string, from, to int) string {
	switch protocol {
	case model.ProtocolAll, "all":
		return "all traffic"
	}
	if from == to {
		return protocol + " " + strconv.Itoa(from)
	}
	return protocol + " " + strconv.Itoa(from) + "-" + strconv.Itoa(to)
}

// evalACL decides a network ACL for packets to or from remote on the given
// destination ports (aws-rules 5.2.1, 5.2.4): rules in ascending number, the
// first match decides, the final "*" rule denies. A nil ACL is the VPC's
// implicit default ACL, which allows everything.
func evalACL(acl *model.NetworkACL, egress bool, remote endpointAddr, ports portRange) decision {
	if acl == nil {
		return decision{outcome: allow, rule: "default network ACL (allows all)"}
	}
	rules, dir := acl.Ingress, "inbound"
	if egress {
		rules, dir = acl.Egress, "outbound"
	}
	ordered := orderedACLRules(rules)
	var maybe, partialAllow *model.ACLRule
	for i := range ordered {
		r := &ordered[i]
		cov := combine(cidrCovers(r.CIDR, remote), ruleCoversPorts(r.Protocol, r.FromPort, r.ToPort, ports))
		switch cov {
		case coverNone:
			continue
		case coverMaybe:
			if maybe == nil {
				maybe = r
			}
			continue
		case coverPartial:
			if !r.Allow {
				return decision{outcome: deny, rule: aclRuleLabel(acl, dir, r), source: r.Source, number: r.Number,
					note: "it denies part of ports " + ports.String() + " or part of the addresses; partial coverage fails some connections (aws-rules 5.2.4)"}
			}
			if partialAllow == nil {
				partialAllow = r
			}
			continue
		}
		d := decision{outcome: deny, rule: aclRuleLabel(acl, dir, r), source: r.Source, number: r.Number}
		if r.Allow {
			d.outcome = allow
		}
		if maybe != nil && maybe.Allow != r.Allow {
			d.outcome = undecided
			d.note = fmt.Sprintf("rule %d, before it, may match: the model does not know which public ranges AWS uses (aws-rules 10.11)", maybe.Number)
		}
		return d
	}
	d := decision{outcome: deny, rule: aclFinalLabel(acl, dir), source: acl.Source}
	switch {
	case maybe != nil && maybe.Allow:
		d.outcome = undecided
		d.note = fmt.Sprintf("rule %d may match: the model does not know which public ranges AWS uses (aws-rules 10.11)", maybe.Number)
	case partialAllow != nil:
		d.note = fmt.Sprintf("rule %d allows only part of ports %s or of the addresses (aws-rules 5.2.4)", partialAllow.Number, ports)
	}
	return d
}

// orderedACLRules returns a copy of rules in evaluation order: ascending
// rule number (aws-rules 5.2.1).
func orderedACLRules(rules []model.ACLRule) []model.ACLRule {
	ordered := slices.Clone(rules)
	slices.SortStableFunc(ordered, func(a, b model.ACLRule) int { return cmp.Compare(a.Number, b.Number) })
	return ordered
}

// aclRuleLabel names a rule of an ACL as steps give it in Step.Rule; dir
// is "inbound" or "outbound".
func aclRuleLabel(acl *model.NetworkACL, dir string, r *model.ACLRule) string {
	return fmt.Sprintf("%s %s rule %d (%s %s %s)", acl.ID, dir, r.Number, allowWord(r.Allow), describeProto(r.Protocol, r.FromPort, r.ToPort), r.CIDR)
}

// aclFinalLabel names the final "*" rule of an ACL, which denies all.
func aclFinalLabel(acl *model.NetworkACL, dir string) string {
	return acl.ID + " " + dir + " rule * (deny all)"
}

func allowWord(b bool) string {
	if b {
		return "allow"
	}
	return "deny"
}
