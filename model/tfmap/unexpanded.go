package tfmap

import (
	"github.com/vpctrace/vpctrace/model"
)

// Resources whose count or for_each the input does not know (see
// Resource.Unexpanded) are not mapped: how many objects, rules or routes
// they make is unknown. What they would change is undetermined instead,
// so that paths through it have verdict unknown rather than a verdict
// computed without them.

// changedBy lists, per modelled type, the attributes that name the
// objects an instance changes, with what they may name. Types that are
// not listed change what their vpc_id names: an unknown number of
// subnets, endpoints or groups in a VPC makes the VPC undetermined.
var changedBy = map[string][]changed{
	"aws_route":                                       {{"route_table_id", wantRouteTable, model.KindRouteTable}},
	"aws_route_table_association":                     {{"subnet_id", wantSubnet, model.KindSubnet}},
	"aws_main_route_table_association":                {{"vpc_id", wantVPC, model.KindVPC}},
	"aws_security_group_rule":                         {{"security_group_id", wantSG, model.KindSecurityGroup}},
	"aws_vpc_security_group_ingress_rule":             {{"security_group_id", wantSG, model.KindSecurityGroup}},
	"aws_vpc_security_group_egress_rule":              {{"security_group_id", wantSG, model.KindSecurityGroup}},
	"aws_network_acl_rule":                            {{"network_acl_id", wantACL, model.KindNetworkACL}},
	"aws_network_acl_association":                     {{"subnet_id", wantSubnet, model.KindSubnet}},
	"aws_vpc_endpoint_subnet_association":             {{"vpc_endpoint_id", wantEndpoint, model.KindEndpoint}},
	"aws_vpc_endpoint_security_group_association":     {{"vpc_endpoint_id", wantEndpoint, model.KindEndpoint}},
	"aws_vpc_endpoint_policy":                         {{"vpc_endpoint_id", wantEndpoint, model.KindEndpoint}},
	"aws_vpc_endpoint_private_dns":                    {{"vpc_endpoint_id", wantEndpoint, model.KindEndpoint}},
	"aws_vpc_endpoint_route_table_association":        {{"route_table_id", wantRouteTable, model.KindRouteTable}},
	"aws_ec2_transit_gateway_route":                   {{"transit_gateway_route_table_id", wantTGWRouteTable, model.KindTGWRouteTable}},
	"aws_ec2_transit_gateway_route_table_association": {{"transit_gateway_route_table_id", wantTGWRouteTable, model.KindTGWRouteTable}},
	"aws_ec2_transit_gateway_route_table_propagation": {{"transit_gateway_route_table_id", wantTGWRouteTable, model.KindTGWRouteTable}},
	"aws_efs_mount_target":                            {{"file_system_id", wantFileSystem, model.KindFileSystem}},
	"aws_ecs_cluster_capacity_providers":              {{"cluster_name", wantCluster, model.KindCluster}},
	"aws_route53_zone_association":                    {{"vpc_id", wantVPC, model.KindVPC}},
	"aws_vpc_dhcp_options_association":                {{"vpc_id", wantVPC, model.KindVPC}},
	"aws_internet_gateway_attachment":                 {{"vpc_id", wantVPC, model.KindVPC}},
}

// changed is an attribute that names an object an instance changes.
type changed struct {
	attr string
	w    want
	kind model.Kind
}

var changesVPC = []changed{{"vpc_id", wantVPC, model.KindVPC}}

// mapUnexpanded undetermines what the unexpanded instances of modelled
// types would change; the warning that says why is the evaluator's.
func (b *builder) mapUnexpanded() {
	for _, r := range b.unexpanded {
		if !Modelled(r.Type) {
			continue
		}
		list, ok := changedBy[r.Type]
		if !ok {
			list = changesVPC
		}
		base, _ := SplitKey(r.Address)
		why := "its count or for_each is not known, so neither is how many it makes"
		s := root(r)
		for _, c := range list {
			as := s.at(c.attr)
			ids := b.candidates(as, c.w)
			if v, st := str(as.v); st == known {
				found, _ := b.lookup(v, c.w)
				ids = appendNew(ids, found...)
			}
			for _, id := range ids {
				// The evaluator has warned; this only records it.
				o := b.objectAt(c.kind, id)
				b.unknowns = append(b.unknowns, model.Unknown{ID: o.id, Kind: o.kind, Field: base, Why: why, Source: r.Pos})
				b.undetermined = append(b.undetermined, o)
			}
		}
	}
}

// objectAt names a model object by kind and ID, with its position when
// the input has one.
func (b *builder) objectAt(kind model.Kind, id string) object {
	o := object{kind: kind, id: id}
	if r := b.ix.byAddr[id]; r != nil {
		o.pos = r.Pos
	}
	return o
}
