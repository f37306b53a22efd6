package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// Read-only views of the configuration as the simulator sees it: the
// effective routes of a route table (with the implicit local routes and
// the routes gateway endpoints add), security groups and network ACLs
// with the labels trace steps put in Step.Rule, the DNS names an endpoint
// answers. Renderers use them to show a component of a trace in full; they
// compute nothing about reachability. Views may share slices with the
// world: treat them as read-only.

// RouteOrigin says where an effective route comes from.
type RouteOrigin string

// Route origins.
const (
	RouteDeclared        RouteOrigin = "declared"         // written in the input
	RouteLocal           RouteOrigin = "local"            // the local route AWS adds for a VPC CIDR (aws-rules 4.1.2)
	RouteGatewayEndpoint RouteOrigin = "gateway-endpoint" // added by a gateway endpoint associated with the table (aws-rules 4.3.1)
)

// RouteView is one effective route of a route table.
type RouteView struct {
	// Label names the route as route steps do in Step.Rule.
	Label string
	// Destination is the CIDR, or one entry of a customer-managed prefix
	// list; zero for an AWS-managed prefix list.
	Destination netip.Prefix
	// PrefixList is the prefix list the route came from: an AWS-managed
	// list name ("com.amazonaws.REGION.s3") or a list ID; empty for a CIDR
	// route.
	PrefixList string
	Target     model.TargetKind
	TargetID   string // empty for local routes
	Origin     RouteOrigin
	// Endpoint is the gateway endpoint that added the route, if any.
	Endpoint   string
	Propagated bool
	Blackhole  bool
	Source     model.Pos
}

// RouteTableView is a route table with its effective routes.
type RouteTableView struct {
	ID     string
	VPC    string
	Source model.Pos
	// Main is set for the VPC's main route table; Implicit for a main
	// table the input does not declare (it holds only the local routes).
	Main, Implicit bool
	// Subnets lists the subnets that use the table, sorted: its explicit
	// associations and, for the main table, the subnets of the VPC that
	// have none.
	Subnets []string
	// Routes are the effective routes, most specific first: IPv4 before
	// IPv6, longer prefixes first, AWS-managed prefix lists just before
	// 0.0.0.0/0 (they beat it for their service, aws-rules 4.3.2), then static
	// before propagated and CIDR before prefix list (aws-rules 4.2.2).
	Routes []RouteView
}

// RouteTable returns the effective route table with the given ID: a
// declared table, or a VPC's implicit main table by the ID route hops give
// it ("VPC (main route table)").
func (s *Simulator) RouteTable(id string) (RouteTableView, bool) {
	ix := s.ix
	t := ix.routeTables[id]
	if t == nil {
		for _, vid := range sortedKeys(ix.mainTable) {
			if mt := ix.mainTable[vid]; mt.implicit && mt.id == id {
				t = mt
				break
			}
		}
	}
	if t == nil {
		return RouteTableView{}, false
	}
	return ix.routeTableView(t), true
}

// SubnetRouteTable returns the route table a subnet uses: its explicitly
// associated table, else its VPC's main table (aws-rules 4.1.1).
func (s *Simulator) SubnetRouteTable(subnetID string) (RouteTableView, bool) {
	ix := s.ix
	sub := ix.subnets[subnetID]
	if sub == nil {
		return RouteTableView{}, false
	}
	t := ix.routeTables[sub.RouteTable]
	if t == nil {
		t = ix.mainTable[sub.VPC]
	}
	if t == nil {
		return RouteTableView{}, false
	}
	return ix.routeTableView(t), true
}

func (ix *index) routeTableView(t *routeTable) RouteTableView {
	v := RouteTableView{ID: t.id, VPC: t.vpc, Source: t.source, Implicit: t.implicit, Main: ix.mainTable[t.vpc] == t}
	for i := range ix.w.Subnets {
		sub := &ix.w.Subnets[i]
		explicit := ix.routeTables[sub.RouteTable] != nil
		if (explicit && sub.RouteTable == t.id) || (!explicit && v.Main && sub.VPC == t.vpc) {
			v.Subnets = append(v.Subnets, sub.ID)
		}
	}
	slices.Sort(v.Subnets)
	for _, r := range t.routes {
		rv := RouteView{Label: r.label(), Destination: r.Destination, PrefixList: r.prefixList, Target: r.Target, TargetID: r.TargetID,
			Origin: RouteDeclared, Endpoint: r.endpoint, Propagated: r.Propagated, Blackhole: r.Blackhole, Source: r.Source}
		switch {
		case r.implied:
			rv.Origin = RouteLocal
		case r.endpoint != "":
			rv.Origin = RouteGatewayEndpoint
		}
		v.Routes = append(v.Routes, rv)
	}
	slices.SortStableFunc(v.Routes, compareRoutes)
	return v
}

// compareRoutes orders routes most specific first (see RouteTableView).
func compareRoutes(a, b RouteView) int {
	family := func(r RouteView) int {
		if r.Destination.IsValid() && r.Destination.Addr().Is6() {
			return 1
		}
		return 0
	}
	// An AWS-managed prefix list ranks between /1 and /0.
	rank := func(r RouteView) int {
		if !r.Destination.IsValid() {
			return 1
		}
		return 2 * r.Destination.Bits()
	}
	tie := func(r RouteView) int { return tieRank(r.Propagated, r.PrefixList != "") }
	if c := cmp.Compare(family(a), family(b)); c != 0 {
		return c
	}
	if c := cmp.Compare(rank(b), rank(a)); c != 0 {
		return c
	}
	if c := cmp.Compare(tie(a), tie(b)); c != 0 {
		return c
	}
	if a.Destination.IsValid() && b.Destination.IsValid() {
		if c := a.Destination.Addr().Compare(b.Destination.Addr()); c != 0 {
			return c
		}
	}
	return strings.Compare(a.Label, b.Label)
}

// SGRuleView is one security group rule with its label.
type SGRuleView struct {
	model.SGRule
	// Label names the rule as security group steps do in Step.Rule.
	Label string
}

// SecurityGroupView is a security group as the simulator sees it.
type SecurityGroupView struct {
	ID     string
	VPC    string
	Source model.Pos
	// Default is set for the VPC's default security group, which
	// interfaces that name no group get; Implicit when the input does not
	// declare it and the simulator uses AWS's default rules (aws-rules 5.1.5).
	Default, Implicit bool
	Ingress, Egress   []SGRuleView
}

// SecurityGroup returns the security group with the given ID, including
// the implicit default group of a VPC whose input names none.
func (s *Simulator) SecurityGroup(id string) (SecurityGroupView, bool) {
	ix := s.ix
	g := ix.sgs[id]
	if g == nil {
		return SecurityGroupView{}, false
	}
	v := SecurityGroupView{ID: g.ID, VPC: g.VPC, Source: g.Source, Default: ix.defaultSG[g.VPC] == g.ID}
	v.Implicit = v.Default && !slices.ContainsFunc(ix.w.SecurityGroups, func(x model.SecurityGroup) bool { return x.ID == g.ID })
	for i, r := range g.Ingress {
		v.Ingress = append(v.Ingress, SGRuleView{SGRule: r, Label: ix.sgRuleLabel(g, false, i).rule})
	}
	for i, r := range g.Egress {
		v.Egress = append(v.Egress, SGRuleView{SGRule: r, Label: ix.sgRuleLabel(g, true, i).rule})
	}
	return v, true
}

// DefaultSecurityGroup returns the ID of a VPC's default security group
// (possibly the implicit one), which interfaces that name no group get.
func (s *Simulator) DefaultSecurityGroup(vpcID string) string { return s.ix.defaultSG[vpcID] }

// ACLRuleView is one network ACL rule with its label.
type ACLRuleView struct {
	model.ACLRule
	// Label names the rule as network ACL steps do in Step.Rule.
	Label string
	// Final marks the "*" rule that denies what no numbered rule matched;
	// Number is then 0.
	Final bool
}

// NetworkACLView is a network ACL as the simulator evaluates it.
type NetworkACLView struct {
	ID     string
	VPC    string
	Source model.Pos
	// Implicit is set for a VPC's default ACL that the input does not
	// declare: it allows everything, and Inbound and Outbound each hold one
	// allow-all rule with the label steps give it.
	Implicit bool
	// Subnets lists the subnets the ACL applies to, sorted.
	Subnets []string
	// Inbound and Outbound hold the rules in evaluation order (rule number
	// ascending), each ending with the final "*" deny rule (but for an
	// implicit ACL).
	Inbound, Outbound []ACLRuleView
}

// NetworkACL returns the network ACL with the given ID.
func (s *Simulator) NetworkACL(id string) (NetworkACLView, bool) {
	acl := s.ix.nacls[id]
	if acl == nil {
		return NetworkACLView{}, false
	}
	return s.ix.aclView(acl, acl.VPC), true
}

// SubnetNetworkACL returns the network ACL of a subnet: its associated
// ACL, else its VPC's default ACL, which is implicit (allows all) when the
// input declares none (aws-rules 5.2.1).
func (s *Simulator) SubnetNetworkACL(subnetID string) (NetworkACLView, bool) {
	ix := s.ix
	sub := ix.subnets[subnetID]
	if sub == nil {
		return NetworkACLView{}, false
	}
	id := sub.NetworkACL
	if id == "" {
		if vpc := ix.vpcs[sub.VPC]; vpc != nil {
			id = vpc.DefaultNetworkACL
		}
	}
	// An ACL the world does not hold is traced as the implicit default.
	return ix.aclView(ix.nacls[id], sub.VPC), true
}

// aclView builds the view of acl, or of the implicit default ACL of vpc
// when acl is nil.
func (ix *index) aclView(acl *model.NetworkACL, vpc string) NetworkACLView {
	if acl == nil {
		all := ACLRuleView{ACLRule: model.ACLRule{Protocol: model.ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0"), Allow: true},
			Label: evalACL(nil, false, endpointAddr{}, portRange{}).rule}
		v := NetworkACLView{ID: "default network ACL of " + vpc, VPC: vpc, Implicit: true,
			Inbound: []ACLRuleView{all}, Outbound: []ACLRuleView{all}}
		if p := ix.vpcs[vpc]; p != nil {
			v.Source = p.Source
		}
		for i := range ix.w.Subnets {
			if sub := &ix.w.Subnets[i]; sub.VPC == vpc && sub.NetworkACL == "" && (ix.vpcs[vpc] == nil || ix.vpcs[vpc].DefaultNetworkACL == "") {
				v.Subnets = append(v.Subnets, sub.ID)
			}
		}
		slices.Sort(v.Subnets)
		return v
	}
	v := NetworkACLView{ID: acl.ID, VPC: acl.VPC, Source: acl.Source,
		Inbound: aclRules(acl, acl.Ingress, "inbound"), Outbound: aclRules(acl, acl.Egress, "outbound")}
	for i := range ix.w.Subnets {
		sub := &ix.w.Subnets[i]
		id := sub.NetworkACL
		if id == "" {
			if p := ix.vpcs[sub.VPC]; p != nil {
				id = p.DefaultNetworkACL
			}
		}
		if id == acl.ID {
			v.Subnets = append(v.Subnets, sub.ID)
		}
	}
	slices.Sort(v.Subnets)
	return v
}

// aclRules orders rules as evalACL does and labels them as its decisions
// do, ending with the final "*" rule.
func aclRules(acl *model.NetworkACL, rules []model.ACLRule, dir string) []ACLRuleView {
	ordered := orderedACLRules(rules)
	out := make([]ACLRuleView, 0, len(ordered)+1)
	for i := range ordered {
		out = append(out, ACLRuleView{ACLRule: ordered[i], Label: aclRuleLabel(acl, dir, &ordered[i])})
	}
	return append(out, ACLRuleView{
		ACLRule: model.ACLRule{Source: acl.Source, Protocol: model.ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")},
		Label:   aclFinalLabel(acl, dir), Final: true,
	})
}

// DNSNameView is a name the Amazon resolver of a VPC answers privately.
type DNSNameView struct {
	// Name is the name in lower case; "*." + a zone name for a wildcard.
	Name string
	// Zone says where the answer comes from: "private DNS of endpoint ID"
	// or "private hosted zone ID (NAME)".
	Zone string
	// Answer says what the name answers, e.g. "the ENIs of endpoint X",
	// "A 10.0.1.5", "CNAME other.example", "alias to endpoint X".
	Answer string
	// Rule is what DNS steps that answer from this name put in Step.Rule.
	Rule   string
	Source model.Pos
}

// EndpointView is a VPC endpoint with the DNS names that lead to it.
type EndpointView struct {
	model.Endpoint
	// EffectiveSecurityGroups are the groups on the endpoint's ENIs: its
	// own, or the VPC's default group when it names none (aws-rules 5.1.5).
	// Interface endpoints only.
	EffectiveSecurityGroups []string
	// PrivateDNSNames are the names the endpoint's private DNS answers in
	// its VPC, as the resolver uses them: the service's default name, and
	// "*." names for wildcard zones. Empty when private DNS is off or does
	// not take effect; PrivateDNSNote then says why, if private DNS is on.
	PrivateDNSNames []string
	PrivateDNSNote  string
	// AliasNames are records of private hosted zones that alias the
	// endpoint (its regional or zonal names, shared with other VPCs).
	AliasNames []DNSNameView
}

// Endpoint returns the VPC endpoint with the given ID.
func (s *Simulator) Endpoint(id string) (EndpointView, bool) {
	ix := s.ix
	ep := ix.endpoints[id]
	if ep == nil {
		return EndpointView{}, false
	}
	v := EndpointView{Endpoint: *ep}
	v.Endpoint.Subnets = slices.Clone(ep.Subnets)
	v.Endpoint.RouteTables = slices.Clone(ep.RouteTables)
	v.Endpoint.SecurityGroups = slices.Clone(ep.SecurityGroups)
	v.Endpoint.IPs = nil
	if len(ep.IPs) > 0 {
		v.Endpoint.IPs = make(map[string]netip.Addr, len(ep.IPs))
		for k, a := range ep.IPs {
			v.Endpoint.IPs[k] = a
		}
	}
	if ep.Type != model.EndpointInterface {
		return v, true
	}
	v.EffectiveSecurityGroups = slices.Clone(ep.SecurityGroups)
	if len(v.EffectiveSecurityGroups) == 0 && ix.defaultSG[ep.VPC] != "" {
		v.EffectiveSecurityGroups = []string{ix.defaultSG[ep.VPC]}
	}
	if zs := ix.zones[ep.VPC]; zs != nil {
		for _, name := range sortedKeys(zs.byName) {
			z := zs.byName[name]
			if z.endpoint != ep {
				continue
			}
			if z.apex {
				v.PrivateDNSNames = append(v.PrivateDNSNames, z.name)
			}
			if z.wildcard {
				v.PrivateDNSNames = append(v.PrivateDNSNames, "*."+z.name)
			}
		}
		if ep.PrivateDNS && len(v.PrivateDNSNames) == 0 {
			service, region := serviceOf(ep)
			z := endpointZone(ep, service, region)
			vpc := ix.vpcs[ep.VPC]
			switch other := zs.byName[z.name]; {
			case other != nil && other.endpoint != nil:
				v.PrivateDNSNote = fmt.Sprintf("endpoint %s already answers %s in vpc %s; AWS allows only one, so this one's private DNS is ignored", other.id, z.name, ep.VPC)
			case other != nil:
				v.PrivateDNSNote = fmt.Sprintf("%s owns %s in vpc %s", other.describe(), z.name, ep.VPC)
			case vpc != nil:
				v.PrivateDNSNote = whyNoPrivateDNS(ep, vpc)
			}
		}
	}
	for i := range ix.w.HostedZones {
		hz := &ix.w.HostedZones[i]
		for _, r := range hz.Records {
			if r.AliasEndpoint == ep.ID || (r.AliasEndpoint == "" && r.Alias == ep.ID) {
				v.AliasNames = append(v.AliasNames, DNSNameView{Name: lower(r.Name), Zone: "private hosted zone " + hz.ID + " (" + lower(hz.Name) + ")",
					Answer: recordAnswer(&r), Rule: r.Name, Source: r.Source})
			}
		}
	}
	return v, true
}

// ResolverZones returns the names the Amazon resolver of a VPC answers
// privately, sorted by name: the private DNS zones of interface endpoints
// (a zone's name, "*." + it for a wildcard zone) and the records of the
// private hosted zones associated with the VPC. A name outside these
// resolves through public DNS.
func (s *Simulator) ResolverZones(vpcID string) []DNSNameView {
	zs := s.ix.zones[vpcID]
	if zs == nil {
		return nil
	}
	var out []DNSNameView
	for _, name := range sortedKeys(zs.byName) {
		z := zs.byName[name]
		if z.endpoint != nil {
			where, answer := "private DNS of endpoint "+z.endpoint.ID, "the ENIs of endpoint "+z.endpoint.ID
			if z.apex {
				out = append(out, DNSNameView{Name: z.name, Zone: where, Answer: answer, Rule: z.name, Source: z.source})
			}
			if z.wildcard {
				out = append(out, DNSNameView{Name: "*." + z.name, Zone: where, Answer: answer, Rule: z.name, Source: z.source})
			}
			continue
		}
		where := "private hosted zone " + z.id + " (" + z.name + ")"
		for _, rn := range sortedKeys(z.records) {
			for _, r := range z.records[rn] {
				out = append(out, DNSNameView{Name: rn, Zone: where, Answer: recordAnswer(r), Rule: r.Name, Source: r.Source})
			}
		}
		if len(z.records) == 0 {
			out = append(out, DNSNameView{Name: z.name, Zone: where, Answer: "no records: NXDOMAIN for every name in it", Source: z.source})
		}
	}
	slices.SortStableFunc(out, func(a, b DNSNameView) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// recordAnswer describes what a hosted zone record answers.
func recordAnswer(r *model.Record) string {
	switch {
	case r.AliasEndpoint != "":
		return "alias to endpoint " + r.AliasEndpoint
	case r.Alias != "":
		return "alias to " + r.Alias
	}
	return strings.TrimSpace(string(r.Type) + " " + strings.Join(r.Values, ", "))
}

// TGWRouteView is one route of a transit gateway route table: static, or
// propagated from an attachment (aws-rules 4.8.2, 4.8.3).
type TGWRouteView struct {
	// Label names the route as transit gateway steps do in Step.Rule.
	Label       string
	Destination netip.Prefix
	Attachment  string // empty for a blackhole
	Propagated  bool
	Blackhole   bool
	// Source is the static route's position, or the propagating
	// attachment's.
	Source model.Pos
}

// TGWRouteTableView is a transit gateway route table with its propagated
// routes.
type TGWRouteTableView struct {
	ID, TransitGateway string
	Source             model.Pos
	// Associations are the attachments whose traffic the table routes:
	// explicitly associated, or by the transit gateway's default
	// association (aws-rules 4.8.3); sorted.
	Associations []string
	// Routes are most specific first, static before propagated (aws-rules
	// 4.8.2).
	Routes []TGWRouteView
}

// TransitGatewayRouteTables returns the route tables of the transit
// gateway with the given ID, sorted by ID.
func (s *Simulator) TransitGatewayRouteTables(tgw string) []TGWRouteTableView {
	ix := s.ix
	var out []TGWRouteTableView
	for _, id := range sortedKeys(ix.tgwTables) {
		t := ix.tgwTables[id]
		if t.tgw != tgw {
			continue
		}
		v := TGWRouteTableView{ID: t.id, TransitGateway: t.tgw, Source: t.source}
		for i := range ix.w.TransitGatewayAttachments {
			if a := &ix.w.TransitGatewayAttachments[i]; ix.tgwAssociation(a) == t {
				v.Associations = append(v.Associations, a.ID)
			}
		}
		slices.Sort(v.Associations)
		for _, r := range t.routes {
			v.Routes = append(v.Routes, TGWRouteView{Label: r.label(), Destination: r.Destination, Attachment: r.Attachment,
				Propagated: r.propagated, Blackhole: r.Blackhole, Source: r.Source})
		}
		slices.SortStableFunc(v.Routes, func(a, b TGWRouteView) int {
			if c := cmp.Compare(b.Destination.Bits(), a.Destination.Bits()); c != 0 {
				return c
			}
			if c := cmp.Compare(tieRank(a.Propagated, false), tieRank(b.Propagated, false)); c != 0 {
				return c
			}
			return a.Destination.Addr().Compare(b.Destination.Addr())
		})
		out = append(out, v)
	}
	return out
}
