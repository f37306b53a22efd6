package snapshot

import (
	"cmp"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	resolvertypes "github.com/aws/aws-sdk-go-v2/service/route53resolver/types"

	"github.com/vpctrace/vpctrace/model"
)

// finishRoute53 builds the private hosted zones of the world's VPCs with
// their records, and the Resolver rules associated with them. What the
// folder lacks is a World.Unknowns entry with the command that supplies
// it.
func (b *builder) finishRoute53() {
	vpcs := map[string]bool{}
	for _, v := range b.w.VPCs {
		vpcs[v.ID] = true
	}
	b.hostedZones(vpcs)
	b.resolverRules(vpcs)
}

// zoneDraft is a private hosted zone as the responses give it.
type zoneDraft struct {
	zone model.HostedZone
	// public marks a zone get-hosted-zone says is public.
	public bool
}

// hostedZones adds the private zones associated with the world's VPCs
// (aws-rules 11.3.5, 11.3.6).
func (b *builder) hostedZones(vpcs map[string]bool) {
	s := &b.route53
	var order []string
	drafts := map[string]*zoneDraft{}
	draft := func(id, name string, p model.Pos) *zoneDraft {
		if z := drafts[id]; z != nil {
			return z
		}
		z := &zoneDraft{zone: model.HostedZone{ID: id, Source: p, Name: dnsName(name)}}
		drafts[id], order = z, append(order, id)
		return z
	}
	for _, r := range s.zones {
		if !b.hasID(str(r.zone.v.Id), r.zone.pos, "hosted zone", "Id") {
			continue
		}
		z := draft(zoneID(str(r.zone.v.Id)), str(r.zone.v.Name), r.zone.pos)
		z.public = r.zone.v.Config == nil || !r.zone.v.Config.PrivateZone
		for _, v := range r.vpcs {
			z.addVPC(str(v.v.VPCId), vpcs)
		}
	}
	for _, vpc := range tgwTableIDs(s.byVPC) {
		for _, sum := range s.byVPC[vpc] {
			if !b.hasID(str(sum.v.HostedZoneId), sum.pos, "hosted zone summary", "HostedZoneId") {
				continue
			}
			draft(zoneID(str(sum.v.HostedZoneId)), str(sum.v.Name), sum.pos).addVPC(vpc, vpcs)
		}
	}
	for _, id := range order {
		z := drafts[id]
		if z.public || len(z.zone.VPCs) == 0 {
			continue // it answers no query from the world's VPCs
		}
		b.records(&z.zone)
		b.w.HostedZones = append(b.w.HostedZones, z.zone)
	}
	for _, id := range tgwTableIDs(s.records) {
		if z := drafts[id]; z == nil {
			b.warnf(model.Pos{File: s.records[id].file}, CodeNotRecognised,
				"records of hosted zone %s, which no %s or %s output in the folder describes: left out", id, cmdGetHostedZone, cmdListHostedZonesByVPC)
		}
	}
	for _, v := range b.w.VPCs {
		if _, ok := s.byVPC[v.ID]; !ok {
			b.missing(model.KindVPC, v.ID, "private_hosted_zones",
				fmt.Sprintf("%s --vpc-id %s --vpc-region %s", cmdListHostedZonesByVPC, v.ID, cmp.Or(b.w.Region, "REGION")), v.Source)
		}
	}
}

// addVPC associates z with vpc, when the world holds it: a VPC of another
// Region or account asks nothing the world traces.
func (z *zoneDraft) addVPC(vpc string, vpcs map[string]bool) {
	if vpcs[vpc] && !slices.Contains(z.zone.VPCs, vpc) {
		z.zone.VPCs = append(z.zone.VPCs, vpc)
	}
}

// zoneID is the ID of a hosted zone without the "/hostedzone/" that
// get-hosted-zone puts before it.
func zoneID(s string) string { return strings.TrimPrefix(s, "/hostedzone/") }

// records gives z its A, AAAA and CNAME records from
// list-resource-record-sets; other types take no part in the calls.
func (b *builder) records(z *model.HostedZone) {
	f := b.route53.records[z.ID]
	if f == nil {
		b.missing(model.KindHostedZone, z.ID, "records", cmdListRecordSets+" --hosted-zone-id "+z.ID, z.Source)
		return
	}
	if f.truncated {
		b.abstain(model.KindHostedZone, z.ID, "records", "the output holds only the first page of the zone's records (IsTruncated is true)",
			cmdListRecordSets+" --hosted-zone-id "+z.ID+" (the CLI pages through every record unless --max-items or --no-paginate is given)", f.pos)
	}
	routed := map[string]bool{}
	for _, r := range f.sets {
		rec, ok := b.record(z, r)
		if !ok {
			continue
		}
		if r.v.SetIdentifier != nil {
			if !routed[rec.Name] {
				routed[rec.Name] = true
				b.abstain(model.KindHostedZone, z.ID, "records", fmt.Sprintf(
					"%s has records with a routing policy (SetIdentifier %q): which of them answers depends on weights, health checks or where the query comes from",
					rec.Name, str(r.v.SetIdentifier)), "", r.field("SetIdentifier"))
			}
			continue
		}
		z.Records = append(z.Records, rec)
	}
}

// record decodes one record set of zone z; false for types other than A,
// AAAA and CNAME, and for values that are malformed (an error).
func (b *builder) record(z *model.HostedZone, r at[r53types.ResourceRecordSet]) (model.Record, bool) {
	t := model.RecordType(r.v.Type)
	if t != model.RecordA && t != model.RecordAAAA && t != model.RecordCNAME {
		return model.Record{}, false
	}
	rec := model.Record{Source: r.pos, Name: dnsName(str(r.v.Name)), Type: t}
	if rec.Name != z.Name && !strings.HasSuffix(rec.Name, "."+z.Name) {
		b.errorf(r.field("Name"), CodeConflict, "record %s is not inside zone %s (%s): is the file's name the zone's ID?", rec.Name, z.ID, z.Name)
		return model.Record{}, false
	}
	if a := r.v.AliasTarget; a != nil {
		rec.Alias = dnsName(str(a.DNSName))
		rec.AliasEndpoint, rec.AliasZone = b.aliasEndpoint(rec.Alias)
		return rec, true
	}
	for i, v := range r.v.ResourceRecords {
		value := str(v.Value)
		if t == model.RecordCNAME {
			rec.Values = append(rec.Values, dnsName(value))
			continue
		}
		a, err := netip.ParseAddr(value)
		if err != nil || a.Is4() != (t == model.RecordA) {
			b.errorf(r.field(fmt.Sprintf("ResourceRecords/%d/Value", i)), model.CodeInvalidValue, "%q is not an %s address, as a record of type %s holds", value, map[bool]string{true: "IPv4", false: "IPv6"}[t == model.RecordA], t)
			return model.Record{}, false
		}
		rec.Values = append(rec.Values, a.String())
	}
	return rec, true
}

// aliasEndpoint returns the world's interface endpoint whose regional or
// zonal DNS name alias is, and the zone of a zonal name: the first label
// is "vpce-" ID "-" SUFFIX, and "-" AZ for a zonal name (aws-rules 9.2,
// 11.3.5).
func (b *builder) aliasEndpoint(alias string) (id, az string) {
	label, rest, _ := strings.Cut(alias, ".")
	if !strings.HasSuffix(rest, ".vpce.amazonaws.com") {
		return "", ""
	}
	parts := strings.SplitN(strings.TrimPrefix(label, "vpce-"), "-", 3)
	if !strings.HasPrefix(label, "vpce-") || len(parts) < 2 {
		return "", ""
	}
	id = "vpce-" + parts[0]
	for _, e := range b.w.Endpoints {
		if e.ID == id {
			if len(parts) == 3 {
				az = parts[2]
			}
			return id, az
		}
	}
	return "", ""
}

// dnsName is a name as the model keeps it: lower case, without the
// trailing dot, with Route 53's octal escapes (\052 for *) decoded
// (aws-rules 11.3.5).
func dnsName(s string) string {
	if strings.Contains(s, `\`) {
		var out strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+3 < len(s) {
				if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
					out.WriteByte(byte(n))
					i += 3
					continue
				}
			}
			out.WriteByte(s[i])
		}
		s = out.String()
	}
	if s == "." {
		return s
	}
	return strings.ToLower(strings.TrimSuffix(s, "."))
}

// resolverRules adds the Resolver rules associated with the world's VPCs
// (aws-rules 11.3.7). Only COMPLETE associations count; an association
// whose rule the folder does not describe makes an undetermined rule
// (aws-rules 3.3.8, 10.30).
func (b *builder) resolverRules(vpcs map[string]bool) {
	s := &b.route53
	if !b.has(cmdListResolverRuleAssoc) {
		for _, v := range b.w.VPCs {
			b.missing(model.KindVPC, v.ID, "resolver_rules", cmdListResolverRuleAssoc+" --filters Name=VPCId,Values="+v.ID, v.Source)
		}
	}
	rules := map[string]at[resolvertypes.ResolverRule]{}
	for _, r := range s.rules {
		if !b.hasID(str(r.v.Id), r.pos, "Resolver rule", "Id") {
			continue
		}
		if _, dup := rules[str(r.v.Id)]; !dup {
			rules[str(r.v.Id)] = r
		}
	}
	index := map[string]int{}
	for _, a := range s.assocs {
		vpc, ruleID := str(a.v.VPCId), str(a.v.ResolverRuleId)
		if a.v.Status != resolvertypes.ResolverRuleAssociationStatusComplete || !vpcs[vpc] ||
			!b.hasID(ruleID, a.pos, "Resolver rule association", "ResolverRuleId") || autodefinedRule(ruleID, rules) {
			continue
		}
		i, ok := index[ruleID]
		if !ok {
			i = len(b.w.ResolverRules)
			index[ruleID] = i
			b.w.ResolverRules = append(b.w.ResolverRules, b.resolverRule(ruleID, rules, a))
		}
		if r := &b.w.ResolverRules[i]; !slices.Contains(r.VPCs, vpc) {
			r.VPCs = append(r.VPCs, vpc)
		}
	}
}

// autodefinedRule reports whether rule id is one Resolver makes itself
// (RECURSIVE, such as the "Internet Resolver" rule for "." that every VPC
// is associated with): the simulator models those rules, and their
// associations add nothing to it (aws-rules 3.3.5, 11.3.7).
func autodefinedRule(id string, rules map[string]at[resolvertypes.ResolverRule]) bool {
	if r, ok := rules[id]; ok {
		return r.v.RuleType == resolvertypes.RuleTypeOptionRecursive
	}
	return strings.HasPrefix(id, "rslvr-autodefined-")
}

// resolverRule is rule id as list-resolver-rules gives it, or an
// undetermined rule when the folder does not describe it or vpctrace does
// not model its type; a is the first association that names it.
func (b *builder) resolverRule(id string, rules map[string]at[resolvertypes.ResolverRule], a at[resolvertypes.ResolverRuleAssociation]) model.ResolverRule {
	r, ok := rules[id]
	if !ok {
		why := fmt.Sprintf("association %s names it, but no %s output in the folder describes it (that output lists the rules shared with the account too)",
			str(a.v.Id), cmdListResolverRules)
		b.abstain(model.KindResolverRule, id, "resolver_rule_id", why, cmdListResolverRules, a.field("ResolverRuleId"))
		return model.ResolverRule{ID: id, Source: a.pos, Undetermined: "the rule that association " + str(a.v.Id) + " names, which the snapshot does not describe"}
	}
	rule := model.ResolverRule{ID: id, Source: r.pos, DomainName: model.ResolverDomain(str(r.v.DomainName)),
		Type: model.ResolverRuleType(r.v.RuleType), ResolverEndpoint: str(r.v.ResolverEndpointId)}
	switch rule.Type {
	case model.ResolverForward, model.ResolverSystem, model.ResolverRecursive:
	default:
		why := fmt.Sprintf("rule type %q, which vpctrace does not model", r.v.RuleType)
		b.abstain(model.KindResolverRule, id, "rule_type", why, "", r.field("RuleType"))
		rule.Type, rule.Undetermined = "", "its "+why
	}
	for _, t := range r.v.TargetIps {
		rule.TargetIPs = append(rule.TargetIPs, targetIP(t))
	}
	return rule
}

// targetIP is a FORWARD rule's target as the model keeps it: "IP", or
// "IP:PORT" when the port is not 53.
func targetIP(t resolvertypes.TargetAddress) string {
	ip := cmp.Or(str(t.Ip), str(t.Ipv6))
	if t.Port != nil && *t.Port != 53 {
		return net.JoinHostPort(ip, strconv.Itoa(int(*t.Port)))
	}
	return ip
}
