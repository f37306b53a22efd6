package tfmap

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/vpctrace/vpctrace/model"
)

func init() {
	register(map[string]mapper{
		"aws_route_table": {objects: mapRouteTable},
		"aws_default_route_table": {
			adopt:   adopter(implicitMainRouteTable, "default_route_table_id", "default_route_table_id", "main_route_table_id"),
			objects: mapDefaultRouteTable,
		},
		"aws_route":                         {links: linkTo(routeTableStore, "route_table_id", wantRouteTable, addRouteResource)},
		"aws_route_table_association":       {links: linkRouteTableAssociation, late: edgeAssociation},
		"aws_main_route_table_association":  {links: associator(assocMainRouteTable, "vpc_id", wantVPC, "route_table_id", wantRouteTable)},
		"aws_ec2_managed_prefix_list":       {objects: mapPrefixList},
		"aws_ec2_managed_prefix_list_entry": {links: linkTo(prefixListStore, "prefix_list_id", wantPrefixList, addPrefixListEntry)},
	})
}

// routeFields names the destination attributes of a route: inline
// `route` blocks and aws_route differ.
type routeFields struct {
	dest4, dest6, destPrefixList string
}

var (
	inlineRoute   = routeFields{"cidr_block", "ipv6_cidr_block", "destination_prefix_list_id"}
	routeResource = routeFields{"destination_cidr_block", "destination_ipv6_cidr_block", "destination_prefix_list_id"}
)

// routeTarget is a target attribute of a route. kinds maps the type of
// the resource it names to the target kind; a nil map marks a target the
// model does not follow (aws-rules 4.2.4). kind is the target kind the
// attribute stands for when what it names is not determined (empty when
// the attribute takes several kinds).
type routeTarget struct {
	attr  string
	w     want
	kinds map[string]model.TargetKind
	kind  model.TargetKind
	// alt also takes the other kinds AWS accepts in the attribute, tried
	// when w finds nothing (references in a route block are the whole
	// route list's, so w alone keeps them apart where it can).
	alt *want
}

var wantENI = want{noun: "instance's primary network interface", answer: func(_ *builder, r *Resource, key string) (string, bool) {
	return r.Address, r.Type == "aws_instance" && r.Mode != "data" && (key == "" || key == "primary_network_interface_id")
}}

// gatewayKinds are the targets AWS takes in gateway_id and in
// nat_gateway_id alike: it stores the route under the kind the ID names,
// so a NAT gateway given as gateway_id is a NAT gateway route (aws-rules
// 4.2.5).
var gatewayKinds = map[string]model.TargetKind{
	"aws_internet_gateway": model.TargetInternetGateway,
	"aws_vpn_gateway":      model.TargetVPNGateway,
	"aws_nat_gateway":      model.TargetNATGateway,
}

var wantGateway = managed("internet, virtual private or NAT gateway", "aws_internet_gateway", "aws_vpn_gateway", "aws_nat_gateway")

var routeTargets = []routeTarget{
	{"gateway_id", managed("internet or virtual private gateway", "aws_internet_gateway", "aws_vpn_gateway"), gatewayKinds, "", &wantGateway},
	{"nat_gateway_id", wantNATGateway, gatewayKinds, model.TargetNATGateway, &wantGateway},
	{"egress_only_gateway_id", wantEgressOnly, map[string]model.TargetKind{"aws_egress_only_internet_gateway": model.TargetEgressOnlyGateway}, model.TargetEgressOnlyGateway, nil},
	{"transit_gateway_id", wantTGW, map[string]model.TargetKind{"aws_ec2_transit_gateway": model.TargetTransitGateway}, model.TargetTransitGateway, nil},
	{"vpc_peering_connection_id", wantPeering, map[string]model.TargetKind{"aws_vpc_peering_connection": model.TargetPeering}, model.TargetPeering, nil},
	// A route to an instance's primary ENI is a route to the instance.
	{"network_interface_id", wantENI, map[string]model.TargetKind{"aws_instance": model.TargetInstance}, model.TargetNetworkInterface, nil},
	{"instance_id", wantInstance, map[string]model.TargetKind{"aws_instance": model.TargetInstance}, model.TargetInstance, nil},
	// vpc_endpoint_id is a Gateway Load Balancer endpoint, or the
	// endpoint of an AWS Network Firewall, which is followed (aws-rules
	// 4.11.1; see firewallRoute).
	{"vpc_endpoint_id", wantFirewallEndpoint, map[string]model.TargetKind{"aws_networkfirewall_firewall": model.TargetNetworkFirewall}, "", nil},
	{"carrier_gateway_id", want{noun: "carrier gateway"}, nil, "", nil},
	{"local_gateway_id", want{noun: "local gateway"}, nil, "", nil},
	{"core_network_arn", want{noun: "Cloud WAN core network"}, nil, "", nil},
}

// idKinds maps the prefixes of AWS IDs to the target kinds they name, for
// targets the input does not describe (an existing NAT gateway passed in
// as a variable).
var idKinds = []struct {
	prefix string
	kind   model.TargetKind
}{
	{"igw-", model.TargetInternetGateway}, {"vgw-", model.TargetVPNGateway}, {"nat-", model.TargetNATGateway},
	{"eigw-", model.TargetEgressOnlyGateway}, {"tgw-", model.TargetTransitGateway}, {"pcx-", model.TargetPeering},
	{"eni-", model.TargetNetworkInterface}, {"i-", model.TargetInstance},
}

// targetNouns names the target kinds in messages.
var targetNouns = map[model.TargetKind]string{
	model.TargetInternetGateway: "internet gateway", model.TargetVPNGateway: "virtual private gateway",
	model.TargetNATGateway: "NAT gateway", model.TargetEgressOnlyGateway: "egress-only internet gateway",
	model.TargetTransitGateway: "transit gateway", model.TargetPeering: "VPC peering connection",
	model.TargetNetworkInterface: "network interface", model.TargetInstance: "instance",
}

// kindOfID returns the target kind an AWS ID names by its prefix, if t
// takes that kind.
func (t routeTarget) kindOfID(id string) model.TargetKind {
	for _, k := range idKinds {
		if strings.HasPrefix(id, k.prefix) && (k.kind == t.kind || t.kinds != nil && slices.Contains(slices.Collect(maps.Values(t.kinds)), k.kind)) {
			return k.kind
		}
	}
	return t.kind
}

// route reads one route (an inline block or an aws_route). A route whose
// destination is not determined is left out and recorded as an
// undetermined field of the table: any lookup could select it. A route
// whose target is not determined stays, marked Undetermined, so that
// only the paths that select it have verdict unknown (aws-rules 4.2.4).
func (b *builder) route(s site, f routeFields, table object) (model.Route, bool) {
	rt := model.Route{Source: s.pos}
	ok := true
	for _, d := range []cidrField{{f.dest4, model.IPv4}, {f.dest6, model.IPv6}} {
		switch p, st := b.cidr(s, d.name, table, d.family); st {
		case unknown:
			ok = false
		case known:
			rt.Destination = p
		}
	}
	if v, st := str(s.get(f.destPrefixList)); st == unknown || v != "" {
		rt.DestinationPrefixList = b.ref(s, f.destPrefixList, wantPrefixList, table)
		ok = ok && rt.DestinationPrefixList != ""
	}
	found := false
	for _, t := range routeTargets {
		as := s.at(t.attr)
		value, st := str(as.v)
		if st == absent || st == known && value == "" {
			continue
		}
		found = true
		if t.attr == "gateway_id" && value == "local" {
			rt.Target = model.TargetLocal
			continue
		}
		if t.attr == "vpc_endpoint_id" {
			b.firewallRoute(as, value, st, &rt, table)
			continue
		}
		if t.kinds == nil {
			rt.Target, rt.TargetID = "", ""
			rt.Undetermined = b.undetermineRoute(as, table, "the route leads to a "+t.w.noun+", which vpctrace does not follow (aws-rules 4.2.4)")
			continue
		}
		id, res := b.one(as, as.v, t.w)
		if res.outcome != resolved && t.alt != nil {
			if altID, altRes := b.one(as, as.v, *t.alt); altRes.outcome == resolved {
				id, res = altID, altRes
			}
		}
		if res.outcome == resolved {
			rt.Target, rt.TargetID = t.kinds[b.ix.byAddr[id].Type], id
			continue
		}
		if rt.Target, rt.TargetID = t.kindOfID(res.raw), res.raw; rt.Target == "" {
			rt.TargetID = "" // the message says what it names
		}
		rt.Undetermined = b.undetermineRoute(as, table, b.targetWhy(as, t, res))
	}
	if !found {
		b.errorf(s.pos, CodeAWSRejects+"route", "the route %s of %s has no target; AWS refuses it", s.field, s.r.Address)
		return rt, false
	}
	return rt, ok
}

// firewallRoute reads a route's vpc_endpoint_id: the endpoint of a
// firewall of the input, by its ID or by a reference to the firewall, is a
// route to that firewall, with the endpoint's zone when its ID is known
// (aws-rules 4.11.1, 10.35). Any other endpoint is a Gateway Load Balancer
// endpoint, which vpctrace does not follow (aws-rules 4.2.4).
func (b *builder) firewallRoute(as site, value string, st state, rt *model.Route, table object) {
	id, res := b.one(as, as.v, wantFirewallEndpoint)
	if res.outcome == resolved {
		rt.Target, rt.TargetID = model.TargetNetworkFirewall, id
		if st == known {
			rt.TargetZone = b.firewallZone(id, value)
		}
		return
	}
	rt.Target, rt.TargetID = "", ""
	why := "the route leads to a Gateway Load Balancer endpoint, or to a firewall endpoint the input does not describe, which vpctrace does not follow (aws-rules 4.2.4, 4.11.1)"
	if res.outcome == ambiguous || res.outcome == afterApply && len(res.cands) > 1 {
		why = res.why(wantFirewallEndpoint)
	}
	rt.Undetermined = b.undetermineRoute(as, table, why)
}

// targetWhy explains why a route target attribute names no object of
// the model, saying what it names instead when the input tells.
func (b *builder) targetWhy(as site, t routeTarget, res resolution) string {
	switch res.outcome {
	case notInInput:
		var other []string
		for _, h := range b.ix.byKey[res.raw] {
			if isSelf(h.r, h.attr) && !slices.Contains(other, h.r.Address) {
				other = append(other, h.r.Address)
			}
		}
		if len(other) == 1 {
			return fmt.Sprintf("%q is the ID of %s, which is not %s; AWS does not document %s for it", res.raw, other[0], article(t.w.noun), t.attr)
		}
		noun := t.w.noun
		if k := t.kindOfID(res.raw); k != "" {
			noun = targetNouns[k]
		}
		return fmt.Sprintf("%q names %s that the input does not describe (one created outside this configuration)", res.raw, article(noun))
	case afterApply:
		if rs := b.ix.refResources(as.refs()); len(res.cands) == 0 && len(rs) == 1 && rs[0].Mode != "data" && as.field == as.attr {
			return fmt.Sprintf("known only after apply; it references %s, which is not %s; AWS does not document %s for it", rs[0].Address, article(t.w.noun), t.attr)
		}
	}
	return b.whyUnresolved(as, t.w, res)
}

// article prefixes a noun with "a" or "an".
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// undetermineRoute records that the target of a route is not determined:
// a warning at the attribute, and an entry in World.Unknowns for the
// table whose Field the route carries (its Undetermined), so that the
// simulator gives verdict unknown to the paths that select the route and
// to no others. It returns the field.
func (b *builder) undetermineRoute(as site, table object, why string) string {
	field := as.field
	if as.r.Address != table.id {
		field = as.r.Address + "." + field // an aws_route: one of many in the table
	}
	b.warnf(as.pos, CodeUndetermined, "%s of %s is not determined (%s); paths that take this route in %s %s have verdict unknown",
		as.field, as.r.Address, why, table.kind, table.id)
	b.unknowns = append(b.unknowns, model.Unknown{ID: table.id, Kind: table.kind, Field: field, Why: why, Source: as.pos})
	return field
}

// addRoute adds a route to a table. State repeats routes of aws_route
// resources in the table's `route` list: the same route is merged (the
// later source wins); another target for the same destination is refused
// by AWS.
func (b *builder) addRoute(t *model.RouteTable, rt model.Route, by string) {
	i := slices.IndexFunc(t.Routes, func(x model.Route) bool {
		return x.Destination == rt.Destination && x.DestinationPrefixList == rt.DestinationPrefixList
	})
	switch {
	case i < 0:
		t.Routes = append(t.Routes, rt)
	case t.Routes[i].Target == rt.Target && t.Routes[i].TargetID == rt.TargetID:
		t.Routes[i].Source = rt.Source
	default:
		dest := rt.DestinationPrefixList
		if rt.Destination.IsValid() {
			dest = rt.Destination.String()
		}
		b.errorf(rt.Source, CodeAWSRejects+"route", "%s adds a route for %s to %s, which already routes it to %s %s; AWS refuses a second route for one destination",
			by, dest, t.ID, t.Routes[i].Target, t.Routes[i].TargetID)
	}
}

// inlineRoutes adds a table's `route` blocks.
func (b *builder) inlineRoutes(s site, t *model.RouteTable, o object) {
	b.eachBlock(s, "route", o, func(rs site) {
		if rt, ok := b.route(rs, inlineRoute, o); ok {
			b.addRoute(t, rt, s.r.Address)
		}
	})
}

func mapRouteTable(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindRouteTable, r)
	t := b.routeTables.add(r.Address, model.RouteTable{ID: r.Address, Source: r.Pos, VPC: b.ref(s, "vpc_id", wantVPC, o)})
	b.inlineRoutes(s, t, o)
	b.propagatingVGWs(s, o)
}

// propagatingVGWs records a table's propagating_vgws, which vpctrace does
// not model: the routes the gateways learn are not in the input, and may
// beat the routes the model selects (aws-rules 1.1.4, 1.1.5).
func (b *builder) propagatingVGWs(s site, o object) {
	// Unknown as a whole is what the provider plans when the attribute is
	// not set (it is computed), so only a list that has entries counts.
	v := s.get("propagating_vgws")
	if v == cty.NilVal || !v.IsKnown() || v.IsNull() || !v.CanIterateElements() || v.LengthInt() == 0 {
		return
	}
	as := s.at("propagating_vgws")
	why := "aws_route_table.propagating_vgws is not modelled: the routes the virtual private gateways learn from the on-premises network are not in the input; one may be more specific than the route the model selects, except for addresses of the VPC, where the local route wins (aws-rules 1.1.5)"
	b.warnf(as.pos, CodeNotModelledMatters, "propagating_vgws of %s is not modelled and can change verdicts: %s; paths through %s %s have verdict unknown where it could change them", s.r.Address, why, o.kind, o.id)
	b.unknowns = append(b.unknowns, model.Unknown{ID: o.id, Kind: o.kind, Field: "propagating_vgws", Why: why, Source: as.pos})
}

// mapDefaultRouteTable maps the VPC's adopted main route table: only the
// routes written in it remain.
func mapDefaultRouteTable(b *builder, r *Resource) {
	o := objectOf(model.KindRouteTable, r)
	vpc := b.adoptedVPC(r, o, "default_route_table_id")
	t := b.routeTables.add(r.Address, model.RouteTable{ID: r.Address, Source: r.Pos, VPC: vpc})
	b.inlineRoutes(root(r), t, o)
	b.propagatingVGWs(root(r), o)
}

func addRouteResource(b *builder, s site, t *model.RouteTable) {
	if rt, ok := b.route(s, routeResource, object{model.KindRouteTable, t.ID, t.Source}); ok {
		b.addRoute(t, rt, s.r.Address)
	}
}

func linkRouteTableAssociation(b *builder, r *Resource) {
	s := root(r)
	if isSet(s.get("gateway_id")) {
		return // a gateway route table: edgeAssociation
	}
	associator(assocRouteTable, "subnet_id", wantSubnet, "route_table_id", wantRouteTable)(b, r)
}

// edgeAssociation reads a route table associated with a gateway (ingress
// routing), which vpctrace does not model. When the gateway is an
// internet gateway of the input and the table routes anything to a target
// other than local (an appliance), the traffic that comes back through
// that gateway may be sent through it: the calls that leave through the
// gateway are unknown (aws-rules 1.1.4). A table with local routes only
// changes nothing (10.39).
func edgeAssociation(b *builder, r *Resource) {
	s := root(r)
	if !isSet(s.get("gateway_id")) {
		return
	}
	as := s.at("gateway_id")
	igw, res := b.one(as, as.v, wantIGW)
	table := b.routeTables.get(b.dangling(s, "route_table_id", wantRouteTable))
	if res.outcome != resolved || table == nil || !slices.ContainsFunc(table.Routes, func(rt model.Route) bool { return rt.Target != model.TargetLocal }) {
		b.infof(r.Position("gateway_id"), CodeNotModelled, "%s associates a route table with a gateway (ingress routing), which is not modelled; it changes no path vpctrace traces (its gateway is not an internet gateway of the input, or its table routes only to local)", r.Address)
		return
	}
	why := fmt.Sprintf("%s is not modelled: it associates %s with the internet gateway (ingress routing), and that table sends traffic arriving from the internet to a target other than local, such as an appliance, which vpctrace does not follow (aws-rules 1.1.4, 4.2.4)", r.Type, table.ID)
	b.warnf(as.pos, CodeNotModelledMatters, "%s (%s) is not modelled and can change verdicts: %s; paths through internet gateway %s have verdict unknown", r.Address, r.Type, why, igw)
	b.unknowns = append(b.unknowns, model.Unknown{ID: igw, Kind: model.KindInternetGateway, Field: r.Address, Why: why, Source: as.pos})
}

// wantIGW is an internet gateway of the input.
var wantIGW = managed("internet gateway", "aws_internet_gateway")

func mapPrefixList(b *builder, r *Resource) {
	s, o := root(r), object{model.KindPrefixList, r.Address, r.Pos}
	pl := b.prefixLists.add(r.Address, model.PrefixList{ID: r.Address, Source: r.Pos, Name: strOr(s.get("name"), "")})
	entries, _ := s.blocks("entry")
	for _, e := range entries {
		if p, st := b.cidr(e, "cidr", o, model.AnyIP); st == known {
			pl.Entries = append(pl.Entries, p)
		}
	}
}

func addPrefixListEntry(b *builder, s site, pl *model.PrefixList) {
	if p, st := b.cidr(s, "cidr", object{model.KindPrefixList, pl.ID, pl.Source}, model.AnyIP); st == known && !slices.Contains(pl.Entries, p) {
		pl.Entries = append(pl.Entries, p)
	}
}
