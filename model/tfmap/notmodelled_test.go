package tfmap

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/model"
)

// opaqueNet is routeNet with a route table, a transit gateway with a
// route table, and an instance whose primary network interface is eni-1.
func opaqueNet(more ...Resource) []Resource {
	return routeNet(append([]Resource{
		res(10, "aws_route_table.rt", M{"id": "rtb-1", "vpc_id": "vpc-1"}),
		res(11, "aws_ec2_transit_gateway.hub", M{"id": "tgw-1", "default_route_table_association": "disable", "default_route_table_propagation": "disable"}),
		res(12, "aws_ec2_transit_gateway_route_table.hub", M{"id": "tgw-rtb-1", "transit_gateway_id": "tgw-1"}),
		res(13, "aws_instance.host", M{"id": "i-1", "subnet_id": "subnet-pub", "primary_network_interface_id": "eni-1", "private_ip": "10.0.0.9"}),
	}, more...)...)
}

// TestBuildOpaqueTypes checks that a type that can change verdicts and
// that vpctrace does not model is never ignored silently: a warning, and
// an entry in World.Unknowns on the object it changes, named by the
// instance's address (aws-rules 1.1.4-1.1.6, 10.40).
func TestBuildOpaqueTypes(t *testing.T) {
	warn := func(line int) string { return diag(model.SeverityWarning, CodeNotModelledMatters, at(line, 1)) }
	unknown := func(kind model.Kind, id, field string, line int, why string) model.Unknown {
		return model.Unknown{ID: id, Kind: kind, Field: field, Why: why, Source: at(line, 1)}
	}
	tests := []struct {
		name      string
		extra     []Resource
		unknowns  []model.Unknown
		diags     []string
		fragments []string
	}{
		{
			name:     "1.1.5 route propagation from a virtual private gateway changes the route table",
			extra:    []Resource{res(30, "aws_vpn_gateway_route_propagation.onprem", M{"route_table_id": "rtb-1", "vpn_gateway_id": "vgw-1"})},
			unknowns: []model.Unknown{unknown(model.KindRouteTable, "aws_route_table.rt", "aws_vpn_gateway_route_propagation.onprem", 30, "aws_vpn_gateway_route_propagation is not modelled: "+opaqueTypes["aws_vpn_gateway_route_propagation"].why)},
			diags:    []string{warn(30)},
			fragments: []string{"aws_vpn_gateway_route_propagation.onprem (aws_vpn_gateway_route_propagation) is not modelled and can change verdicts",
				"paths through route table aws_route_table.rt have verdict unknown where it could change them"},
		},
		{
			name: "1.1.5 10.40 propagating_vgws with entries changes the table; unknown as a whole it is not set",
			extra: []Resource{
				res(31, "aws_route_table.vgw", M{"id": "rtb-2", "vpc_id": "vpc-1", "propagating_vgws": []string{"vgw-1"}}),
				res(32, "aws_route_table.plan", M{"id": "rtb-3", "vpc_id": "vpc-1", "propagating_vgws": U}),
			},
			unknowns: []model.Unknown{unknown(model.KindRouteTable, "aws_route_table.vgw", "propagating_vgws", 31,
				"aws_route_table.propagating_vgws is not modelled: the routes the virtual private gateways learn from the on-premises network are not in the input; one may be more specific than the route the model selects, except for addresses of the VPC, where the local route wins (aws-rules 1.1.5)")},
			diags: []string{warn(31)},
		},
		{
			name:     "1.1.6 a prefix-list reference changes the transit gateway route table",
			extra:    []Resource{res(33, "aws_ec2_transit_gateway_prefix_list_reference.corp", M{"transit_gateway_route_table_id": "tgw-rtb-1", "prefix_list_id": "pl-1"})},
			unknowns: []model.Unknown{unknown(model.KindTGWRouteTable, "aws_ec2_transit_gateway_route_table.hub", "aws_ec2_transit_gateway_prefix_list_reference.corp", 33, "aws_ec2_transit_gateway_prefix_list_reference is not modelled: "+opaqueTypes["aws_ec2_transit_gateway_prefix_list_reference"].why)},
			diags:    []string{warn(33)},
		},
		{
			name:     "1.1.6 a VPN attachment to a transit gateway changes the transit gateway",
			extra:    []Resource{res(34, "aws_vpn_connection.dc", M{"transit_gateway_id": "tgw-1", "customer_gateway_id": "cgw-1", "type": "ipsec.1"})},
			unknowns: []model.Unknown{unknown(model.KindTransitGateway, "aws_ec2_transit_gateway.hub", "aws_vpn_connection.dc", 34, "aws_vpn_connection is not modelled: "+opaqueTypes["aws_vpn_connection"].why)},
			diags:    []string{warn(34)},
		},
		{
			name:  "1.1.6 10.39 a VPN connection to a virtual private gateway changes nothing traced: info",
			extra: []Resource{res(35, "aws_vpn_connection.vgw", M{"vpn_gateway_id": "vgw-1", "customer_gateway_id": "cgw-1", "type": "ipsec.1"})},
			diags: []string{diag(model.SeverityInfo, CodeNotModelled, at(35, 1))},
		},
		{
			name:     "1.1.4 a Route 53 Profile association changes the VPC",
			extra:    []Resource{res(36, "aws_route53profiles_association.shared", M{"resource_id": "vpc-1", "profile_id": "rp-1", "name": "shared"})},
			unknowns: []model.Unknown{unknown(model.KindVPC, "aws_vpc.main", "aws_route53profiles_association.shared", 36, "aws_route53profiles_association is not modelled: "+opaqueTypes["aws_route53profiles_association"].why)},
			diags:    []string{warn(36)},
		},
		{
			name:     "1.1.4 a security group attached to an instance's network interface changes the instance",
			extra:    []Resource{res(37, "aws_network_interface_sg_attachment.extra", M{"network_interface_id": "eni-1", "security_group_id": "sg-9"})},
			unknowns: []model.Unknown{unknown(model.KindInstance, "aws_instance.host", "aws_network_interface_sg_attachment.extra", 37, "aws_network_interface_sg_attachment is not modelled: "+opaqueTypes["aws_network_interface_sg_attachment"].why)},
			diags:    []string{warn(37)},
		},
		{
			name: "1.1.4 ingress routing through an appliance changes the internet gateway",
			extra: []Resource{
				res(40, "aws_route_table.edge", M{"id": "rtb-e", "vpc_id": "vpc-1", "route": L{M{"cidr_block": "10.0.0.0/24", "network_interface_id": "eni-1"}}}, pos("route.0", 41, 3)),
				res(42, "aws_route_table_association.edge", M{"gateway_id": "igw-1", "route_table_id": "rtb-e"}, pos("gateway_id", 42, 3)),
			},
			unknowns: []model.Unknown{{ID: "aws_internet_gateway.igw", Kind: model.KindInternetGateway, Field: "aws_route_table_association.edge", Source: at(42, 3),
				Why: "aws_route_table_association is not modelled: it associates aws_route_table.edge with the internet gateway (ingress routing), and that table sends traffic arriving from the internet to a target other than local, such as an appliance, which vpctrace does not follow (aws-rules 1.1.4, 4.2.4)"}},
			diags: []string{diag(model.SeverityWarning, CodeNotModelledMatters, at(42, 3))},
		},
		{
			name: "10.39 ingress routing with local routes only changes nothing: info",
			extra: []Resource{
				res(40, "aws_route_table.edge", M{"id": "rtb-e", "vpc_id": "vpc-1"}),
				res(42, "aws_route_table_association.edge", M{"gateway_id": "igw-1", "route_table_id": "rtb-e"}, pos("gateway_id", 42, 3)),
			},
			diags: []string{diag(model.SeverityInfo, CodeNotModelled, at(42, 3))},
		},
		{
			name:      "1.1.4 an object outside the input: a warning that says so, no unknown",
			extra:     []Resource{res(38, "aws_ec2_transit_gateway_prefix_list_reference.other", M{"transit_gateway_route_table_id": "tgw-rtb-9", "prefix_list_id": "pl-1"})},
			diags:     []string{warn(38)},
			fragments: []string{"its transit_gateway_route_table_id names no object of the input, so it changes nothing vpctrace traces"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, diags := Build(opaqueNet(tt.extra...), opts)
			if diff := cmp.Diff(tt.unknowns, w.Unknowns, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("World.Unknowns (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.diags, diagStrings(diags), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s\nall:\n%s", diff, diags)
			}
			for _, f := range tt.fragments {
				found := false
				for _, d := range diags {
					found = found || strings.Contains(d.Message, f)
				}
				if !found {
					t.Errorf("no diagnostic says %q:\n%v", f, diags)
				}
			}
		})
	}
}

// TestOpaqueTypesOnlyListed checks that no mapper of another file took
// over a type of opaqueTypes: a type vpctrace models is not opaque, and
// the list must say so by leaving it out (aws-rules 1.1.4).
func TestOpaqueTypesOnlyListed(t *testing.T) {
	for typ := range opaqueTypes {
		m := mappers[typ]
		if m.adopt != nil || m.objects != nil || m.links != nil || m.late == nil ||
			reflect.ValueOf(m.late).Pointer() != reflect.ValueOf(mapOpaque).Pointer() {
			t.Errorf("%s is in opaqueTypes but mapped by another mapper", typ)
		}
	}
}
