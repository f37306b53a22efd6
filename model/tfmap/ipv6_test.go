package tfmap

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

// TestBuildIPv6Subnets maps IPv6-only and DNS64 subnet settings (aws-rules
// 4.9.4, 4.9.5) and the IPv6 routes such subnets use.
func TestBuildIPv6Subnets(t *testing.T) {
	v6 := func(v *model.VPC) { v.IPv6CIDRs = pfxs("2001:db8::/56") }
	runCases(t, []buildCase{{
		name: "4.9.4 an ipv6_native subnet has no IPv4 CIDR and is not undetermined",
		resources: []Resource{
			vpc(1, M{"ipv6_cidr_block": "2001:db8::/56"}),
			res(10, "aws_subnet.v6", M{"id": "subnet-v6", "vpc_id": "vpc-1", "ipv6_cidr_block": "2001:db8:0:1::/64", "availability_zone": "ap-northeast-1a",
				"ipv6_native": true, "assign_ipv6_address_on_creation": true, "enable_dns64": true}),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(v6)},
			Subnets: []model.Subnet{{ID: "aws_subnet.v6", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a",
				IPv6CIDR: pfx("2001:db8:0:1::/64"), IPv6Native: true, EnableDNS64: true}},
		},
	}, {
		name: "4.9.5 NAT64 and egress-only routes of an IPv6-only subnet's table",
		resources: []Resource{
			vpc(1, M{"ipv6_cidr_block": "2001:db8::/56"}),
			res(10, "aws_subnet.v6", M{"id": "subnet-v6", "vpc_id": "vpc-1", "ipv6_cidr_block": "2001:db8:0:1::/64", "availability_zone": "ap-northeast-1a", "ipv6_native": true}),
			res(11, "aws_subnet.pub", M{"id": "subnet-pub", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a"}),
			res(20, "aws_egress_only_internet_gateway.eigw", M{"id": "eigw-1", "vpc_id": "vpc-1"}),
			res(21, "aws_nat_gateway.nat", M{"id": "nat-1", "subnet_id": "subnet-pub", "allocation_id": "eipalloc-1"}),
			res(30, "aws_route_table.v6", M{"id": "rtb-v6", "vpc_id": "vpc-1"}),
			res(31, "aws_route.v6", M{"route_table_id": "rtb-v6", "destination_ipv6_cidr_block": "::/0", "egress_only_gateway_id": "eigw-1"}),
			res(32, "aws_route.nat64", M{"route_table_id": "rtb-v6", "destination_ipv6_cidr_block": "64:ff9b::/96", "nat_gateway_id": "nat-1"}),
			res(40, "aws_route_table_association.v6", M{"subnet_id": "subnet-v6", "route_table_id": "rtb-v6"}),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(v6)},
			Subnets: []model.Subnet{
				{ID: "aws_subnet.pub", Source: at(11, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24")},
				{ID: "aws_subnet.v6", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", IPv6CIDR: pfx("2001:db8:0:1::/64"), IPv6Native: true, RouteTable: "aws_route_table.v6"},
			},
			RouteTables: []model.RouteTable{{ID: "aws_route_table.v6", Source: at(30, 1), VPC: "aws_vpc.main", Routes: []model.Route{
				{Source: at(32, 1), Destination: pfx("64:ff9b::/96"), Target: model.TargetNATGateway, TargetID: "aws_nat_gateway.nat"},
				{Source: at(31, 1), Destination: pfx("::/0"), Target: model.TargetEgressOnlyGateway, TargetID: "aws_egress_only_internet_gateway.eigw"},
			}}},
			EgressOnlyGateways: []model.EgressOnlyGateway{{ID: "aws_egress_only_internet_gateway.eigw", Source: at(20, 1), VPC: "aws_vpc.main"}},
			NATGateways:        []model.NATGateway{{ID: "aws_nat_gateway.nat", Source: at(21, 1), Subnet: "aws_subnet.pub", ElasticIP: "eipalloc-1"}},
		},
	}, {
		name: "4.9.4 ipv6_native and enable_dns64 known only after apply are named",
		resources: []Resource{
			vpc(1, M{"ipv6_cidr_block": "2001:db8::/56"}),
			res(10, "aws_subnet.v6", M{"id": "subnet-v6", "vpc_id": "vpc-1", "cidr_block": "10.0.1.0/24", "ipv6_cidr_block": "2001:db8:0:1::/64",
				"availability_zone": "ap-northeast-1a", "ipv6_native": U, "enable_dns64": U},
				refs("ipv6_native", "terraform_data.mode"), refs("enable_dns64", "terraform_data.mode")),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(v6)},
			Subnets: []model.Subnet{{ID: "aws_subnet.v6", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a",
				CIDR: pfx("10.0.1.0/24"), IPv6CIDR: pfx("2001:db8:0:1::/64")}},
			// enable_dns64 matters only where the subnet is IPv6-only,
			// which the model does not assume (4.9.2).
			Unknowns: []model.Unknown{{ID: "aws_subnet.v6", Kind: model.KindSubnet, Field: "ipv6_native", Why: afterApplyWhy, Source: at(10, 1)}},
		},
		diags: []string{diag(model.SeverityWarning, "undetermined-value", at(10, 1))},
	}, {
		name: "4.9.4 an IPv6-only subnet whose IPv6 block is known only after apply is undetermined",
		resources: []Resource{
			vpc(1, M{"ipv6_cidr_block": "2001:db8::/56"}),
			res(10, "aws_subnet.v6", M{"id": "subnet-v6", "vpc_id": "vpc-1", "ipv6_cidr_block": U, "availability_zone": "ap-northeast-1a", "ipv6_native": true},
				refs("ipv6_cidr_block", "aws_vpc.main")),
		},
		want: model.World{
			VPCs:     []model.VPC{wantVPCMain(v6)},
			Subnets:  []model.Subnet{{ID: "aws_subnet.v6", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", IPv6Native: true}},
			Unknowns: []model.Unknown{{ID: "aws_subnet.v6", Kind: model.KindSubnet, Field: "ipv6_cidr_block", Why: afterApplyWhy, Source: at(10, 1)}},
		},
		diags: []string{diag(model.SeverityWarning, "undetermined-value", at(10, 1))},
	}})
}

// TestBuildEndpointIPTypes maps an interface endpoint's IP address type and
// DNS record IP type (aws-rules 10.44); unset, they stay empty.
func TestBuildEndpointIPTypes(t *testing.T) {
	runCases(t, []buildCase{{
		name: "10.44 ip_address_type and dns_options.dns_record_ip_type",
		resources: append(endpointNet(),
			res(20, "aws_vpc_endpoint.logs", M{"vpc_id": "vpc-1", "service_name": "com.amazonaws.ap-northeast-1.logs", "vpc_endpoint_type": "Interface",
				"subnet_ids": []string{"subnet-a"}, "security_group_ids": []string{"sg-ep"}, "private_dns_enabled": true,
				"ip_address_type": "dualstack", "dns_options": L{M{"dns_record_ip_type": "service-defined"}}}),
			res(21, "aws_vpc_endpoint.ssm", M{"vpc_id": "vpc-1", "service_name": "com.amazonaws.ap-northeast-1.ssm", "vpc_endpoint_type": "Interface",
				"subnet_ids": []string{"subnet-a"}, "security_group_ids": []string{"sg-ep"}}),
		),
		want: wantEndpointNet(model.World{Endpoints: []model.Endpoint{
			{ID: "aws_vpc_endpoint.logs", Source: at(20, 1), VPC: "aws_vpc.main", ServiceName: "com.amazonaws.ap-northeast-1.logs",
				Type: model.EndpointInterface, Subnets: []string{"aws_subnet.a"}, SecurityGroups: []string{"aws_security_group.ep"}, PrivateDNS: true,
				IPAddressType: model.EndpointDualstack, DNSRecordIPType: model.EndpointServiceDefined},
			{ID: "aws_vpc_endpoint.ssm", Source: at(21, 1), VPC: "aws_vpc.main", ServiceName: "com.amazonaws.ap-northeast-1.ssm",
				Type: model.EndpointInterface, Subnets: []string{"aws_subnet.a"}, SecurityGroups: []string{"aws_security_group.ep"}},
		}}),
	}})
}
