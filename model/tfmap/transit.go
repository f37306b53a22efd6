package tfmap

import (
	"github.com/vpctrace/vpctrace/model"
)

func init() {
	register(map[string]mapper{
		"aws_ec2_transit_gateway":                         {objects: mapTransitGateway},
		"aws_ec2_transit_gateway_vpc_attachment":          {objects: mapTGWAttachment},
		"aws_ec2_transit_gateway_route_table":             {objects: mapTGWRouteTable},
		"aws_ec2_transit_gateway_route_table_association": {links: linkTGW(associateTGWRouteTable)},
		"aws_ec2_transit_gateway_route_table_propagation": {links: linkTGW(propagateTGWRouteTable)},
		"aws_ec2_transit_gateway_route":                   {links: linkTo(tgwRouteTableStore, "transit_gateway_route_table_id", wantTGWRouteTable, addTGWRoute)},
		"aws_vpc_peering_connection":                      {objects: mapPeering},
		"aws_vpc_peering_connection_accepter":             {adopt: noteAccepter},
	})
}

// enabled reads an "enable"/"disable" option.
func enabled(s site, name, def string) bool { return strOr(s.get(name), def) == "enable" }

func mapTransitGateway(b *builder, r *Resource) {
	s := root(r)
	tgw := model.TransitGateway{
		ID:     r.Address,
		Source: r.Pos,
		// aws-rules 4.8.3: both options default to "enable".
		DefaultAssociation: enabled(s, "default_route_table_association", "enable"),
		DefaultPropagation: enabled(s, "default_route_table_propagation", "enable"),
		// aws-rules 5.1.7: the provider defaults it to "disable".
		SecurityGroupReferencing: enabled(s, "security_group_referencing_support", "disable"),
	}
	// AWS creates the default route table when either option is on; it is
	// no resource of its own, so it enters the model here.
	if tgw.DefaultAssociation || tgw.DefaultPropagation {
		tgw.DefaultRouteTable = b.implicit(r.Address, implicitTGWRouteTable)
	}
	b.tgws.add(r.Address, tgw)
}

func mapTGWAttachment(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindTGWAttachment, r)
	b.tgwAttachments.add(r.Address, model.TransitGatewayAttachment{
		ID:             r.Address,
		Source:         r.Pos,
		TransitGateway: b.ref(s, "transit_gateway_id", wantTGW, o),
		VPC:            b.ref(s, "vpc_id", wantVPC, o),
		Subnets:        b.refs(s, "subnet_ids", wantSubnet, o),
		ApplianceMode:  enabled(s, "appliance_mode_support", "disable"),
		// Both default to true in the provider (aws-rules 4.8.3).
		DefaultAssociation: model.Of(boolOr(s.get("transit_gateway_default_route_table_association"), true)),
		DefaultPropagation: model.Of(boolOr(s.get("transit_gateway_default_route_table_propagation"), true)),
	})
}

func mapTGWRouteTable(b *builder, r *Resource) {
	b.tgwRouteTables.add(r.Address, model.TransitGatewayRouteTable{
		ID:             r.Address,
		Source:         r.Pos,
		TransitGateway: b.ref(root(r), "transit_gateway_id", wantTGW, objectOf(model.KindTGWRouteTable, r)),
	})
}

// linkTGW applies a resource to the attachment and route table it names.
func linkTGW(apply func(*builder, site, *model.TransitGatewayAttachment, string)) func(*builder, *Resource) {
	return func(b *builder, r *Resource) {
		s := root(r)
		att := b.tgwAttachments.get(b.dangling(s, "transit_gateway_attachment_id", wantTGWAttachment))
		table := b.dangling(s, "transit_gateway_route_table_id", wantTGWRouteTable)
		if att != nil && table != "" {
			apply(b, s, att, table)
		}
	}
}

// associateTGWRouteTable sets an attachment's route table. An attachment
// that the default association already placed in the default table cannot
// be associated again unless replace_existing_association is set.
func associateTGWRouteTable(b *builder, s site, att *model.TransitGatewayAttachment, table string) {
	if tgw := b.tgws.get(att.TransitGateway); tgw != nil && tgw.DefaultAssociation && att.DefaultAssociation.Or(true) &&
		table != tgw.DefaultRouteTable && !boolOr(s.get("replace_existing_association"), false) {
		b.errorf(s.r.Pos, CodeAWSRejects+"transit-gateway-association",
			"%s associates %s with %s, but %s is already associated with the default route table of %s (transit_gateway_default_route_table_association defaults to true, aws-rules 4.8.3); AWS refuses a second association. Set transit_gateway_default_route_table_association = false on %s or replace_existing_association = true",
			s.r.Address, att.ID, table, att.ID, tgw.ID, att.ID)
	}
	att.RouteTable = table
}

func propagateTGWRouteTable(_ *builder, _ site, att *model.TransitGatewayAttachment, table string) {
	att.PropagateTo = appendNew(att.PropagateTo, table)
}

func addTGWRoute(b *builder, s site, t *model.TransitGatewayRouteTable) {
	o := object{model.KindTGWRouteTable, t.ID, t.Source}
	route := model.TransitGatewayRoute{Source: s.pos, Blackhole: boolOr(s.get("blackhole"), false)}
	p, st := b.cidr(s, "destination_cidr_block", o, model.AnyIP)
	route.Destination = p
	if !route.Blackhole {
		route.Attachment = b.ref(s, "transit_gateway_attachment_id", wantTGWAttachment, o)
	}
	if st == known && (route.Blackhole || route.Attachment != "") {
		t.Routes = append(t.Routes, route)
	}
}

// noteAccepter records that a peering connection is accepted by an
// aws_vpc_peering_connection_accepter with auto_accept.
func noteAccepter(b *builder, r *Resource) {
	s := root(r)
	if id, res := b.one(s.at("vpc_peering_connection_id"), s.get("vpc_peering_connection_id"), wantPeering); res.outcome == resolved && boolOr(s.get("auto_accept"), false) {
		b.accepted[id] = true
	}
}

func mapPeering(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindPeering, r)
	b.peerings.add(r.Address, model.Peering{
		ID:      r.Address,
		Source:  r.Pos,
		VPC:     b.ref(s, "vpc_id", wantVPC, o),
		PeerVPC: b.need(s, "peer_vpc_id", wantVPC, o, "not set"),
		// Active once accepted: auto_accept (same account and region), an
		// accepter resource, or the state's accept_status.
		Active: boolOr(s.get("auto_accept"), false) || b.accepted[r.Address] || strOr(s.get("accept_status"), "") == "active",
	})
}
