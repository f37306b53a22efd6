package tfmap

import (
	"slices"

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
		"aws_route_table_association":       {links: linkRouteTableAssociation},
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

// routeTarget is a target attribute of a route. kinds maps the resolved
// resource's type to the target kind; an empty map marks a target the
// model does not describe (DOMAIN 4.2.4).
type routeTarget struct {
	attr  string
	w     want
	kinds map[string]model.TargetKind
}

var wantENI = want{noun: "instance's primary network interface", answer: func(_ *builder, r *Resource, key string) (string, bool) {
	return r.Address, r.Type == "aws_instance" && r.Mode != "data" && (key == "" || key == "primary_network_interface_id")
}}

var routeTargets = []routeTarget{
	{"gateway_id", managed("internet or virtual private gateway", "aws_internet_gateway", "aws_vpn_gateway"),
		map[string]model.TargetKind{"aws_internet_gateway": model.TargetInternetGateway, "aws_vpn_gateway": model.TargetVPNGateway}},
	{"nat_gateway_id", wantNATGateway, map[string]model.TargetKind{"aws_nat_gateway": model.TargetNATGateway}},
	{"egress_only_gateway_id", wantEgressOnly, map[string]model.TargetKind{"aws_egress_only_internet_gateway": model.TargetEgressOnlyGateway}},
	{"transit_gateway_id", wantTGW, map[string]model.TargetKind{"aws_ec2_transit_gateway": model.TargetTransitGateway}},
	{"vpc_peering_connection_id", wantPeering, map[string]model.TargetKind{"aws_vpc_peering_connection": model.TargetPeering}},
	// A route to an instance's primary ENI is a route to the instance.
	{"network_interface_id", wantENI, map[string]model.TargetKind{"aws_instance": model.TargetInstance}},
	{"instance_id", wantInstance, map[string]model.TargetKind{"aws_instance": model.TargetInstance}},
	// aws_route's vpc_endpoint_id is a Gateway Load Balancer endpoint.
	{"vpc_endpoint_id", want{noun: "Gateway Load Balancer endpoint"}, nil},
	{"carrier_gateway_id", want{noun: "carrier gateway"}, nil},
	{"local_gateway_id", want{noun: "local gateway"}, nil},
	{"core_network_arn", want{noun: "Cloud WAN core network"}, nil},
}

// route reads one route (an inline block or an aws_route). A route whose
// destination or target is not determined is left out and recorded as an
// undetermined field of the table.
func (b *builder) route(s site, f routeFields, table object) (model.Route, bool) {
	rt := model.Route{Source: s.pos}
	ok := true
	for _, name := range []string{f.dest4, f.dest6} {
		switch p, st := b.cidr(s, name, table); {
		case st == unknown:
			ok = false
		case st == known && p.IsValid():
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
		if t.kinds == nil {
			b.undetermine(as, table, "the route leads to a "+t.w.noun+", which vpctrace does not model (DOMAIN 4.2.4)")
			ok = false
			continue
		}
		id, res := b.one(as, as.v, t.w)
		if res.outcome != resolved {
			b.failed(as, table, t.w, []resolution{res})
			ok = false
			continue
		}
		rt.Target, rt.TargetID = t.kinds[b.ix.byAddr[id].Type], id
	}
	if !found {
		b.errorf(s.pos, CodeAWSRejects+"route", "the route %s of %s has no target; AWS refuses it", s.field, s.r.Address)
		return rt, false
	}
	return rt, ok
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
}

// mapDefaultRouteTable maps the VPC's adopted main route table: only the
// routes written in it remain.
func mapDefaultRouteTable(b *builder, r *Resource) {
	o := objectOf(model.KindRouteTable, r)
	vpc := b.adoptedVPC(r, o, "default_route_table_id")
	t := b.routeTables.add(r.Address, model.RouteTable{ID: r.Address, Source: r.Pos, VPC: vpc})
	b.inlineRoutes(root(r), t, o)
}

func addRouteResource(b *builder, s site, t *model.RouteTable) {
	if rt, ok := b.route(s, routeResource, object{model.KindRouteTable, t.ID, t.Source}); ok {
		b.addRoute(t, rt, s.r.Address)
	}
}

func linkRouteTableAssociation(b *builder, r *Resource) {
	s := root(r)
	if isSet(s.get("gateway_id")) {
		b.infof(r.Position("gateway_id"), CodeNotModelled, "%s associates a route table with a gateway (ingress routing), which is not modelled; it is ignored", r.Address)
		return
	}
	associator(assocRouteTable, "subnet_id", wantSubnet, "route_table_id", wantRouteTable)(b, r)
}

func mapPrefixList(b *builder, r *Resource) {
	s, o := root(r), object{model.KindPrefixList, r.Address, r.Pos}
	pl := b.prefixLists.add(r.Address, model.PrefixList{ID: r.Address, Source: r.Pos, Name: strOr(s.get("name"), "")})
	entries, _ := s.blocks("entry")
	for _, e := range entries {
		if p, st := b.cidr(e, "cidr", o); st == known {
			pl.Entries = append(pl.Entries, p)
		}
	}
}

func addPrefixListEntry(b *builder, s site, pl *model.PrefixList) {
	if p, st := b.cidr(s, "cidr", object{model.KindPrefixList, pl.ID, pl.Source}); st == known && !slices.Contains(pl.Entries, p) {
		pl.Entries = append(pl.Entries, p)
	}
}
