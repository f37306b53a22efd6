package scenario

import "github.com/vpctrace/vpctrace/model"

var transitGatewayKeys = []string{"default_route_table", "default_association", "default_propagation", "security_group_referencing"}

func decodeTransitGateway(o *object) model.TransitGateway {
	return model.TransitGateway{
		ID:                o.id,
		Source:            o.src,
		DefaultRouteTable: o.ref("default_route_table"),
		// Default route table association and propagation are on unless
		// turned off (aws-rules 4.8.3).
		DefaultAssociation: o.flag("default_association", true),
		DefaultPropagation: o.flag("default_propagation", true),
		// Security group referencing is opt-in (aws-rules 5.1.7).
		SecurityGroupReferencing: o.flag("security_group_referencing", false),
	}
}

var attachmentKeys = []string{
	"transit_gateway", "vpc", "subnets", "route_table", "propagate_to",
	"appliance_mode", "default_association", "default_propagation",
}

func decodeAttachment(o *object) model.TransitGatewayAttachment {
	return model.TransitGatewayAttachment{
		ID:             o.id,
		Source:         o.src,
		TransitGateway: o.ref("transit_gateway"),
		VPC:            o.ref("vpc"),
		Subnets:        o.refs("subnets"),
		RouteTable:     o.ref("route_table"),
		PropagateTo:    o.refs("propagate_to"),
		ApplianceMode:  o.flag("appliance_mode", false),
		// Unset: follow the transit gateway's defaults (aws-rules 4.8.3).
		DefaultAssociation: o.tristate("default_association"),
		DefaultPropagation: o.tristate("default_propagation"),
	}
}

var tgwRouteTableKeys = []string{"transit_gateway", "routes"}

func decodeTGWRouteTable(o *object) model.TransitGatewayRouteTable {
	return model.TransitGatewayRouteTable{
		ID:             o.id,
		Source:         o.src,
		TransitGateway: o.ref("transit_gateway"),
		Routes:         list(o, "routes", tgwRouteKeys, decodeTGWRoute),
	}
}

var tgwRouteKeys = []string{"destination", "attachment", "blackhole"}

func decodeTGWRoute(o *object) model.TransitGatewayRoute {
	return model.TransitGatewayRoute{
		Source:      o.src,
		Destination: o.prefix("destination", model.AnyIP),
		Attachment:  o.ref("attachment"),
		Blackhole:   o.flag("blackhole", false),
	}
}

var peeringKeys = []string{"vpc", "peer_vpc", "active"}

func decodePeering(o *object) model.Peering {
	return model.Peering{
		ID:      o.id,
		Source:  o.src,
		VPC:     o.ref("vpc"),
		PeerVPC: o.ref("peer_vpc"),
		// A peering in a scenario is taken to be accepted and active.
		Active: o.flag("active", true),
	}
}
