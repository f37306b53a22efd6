package tfmap

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

// buildCase is one table-driven Build test.
type buildCase struct {
	name      string
	resources []Resource
	want      model.World
	diags     []string
	fragments []string
}

func runCases(t *testing.T, cases []buildCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			check(t, c.resources, world(c.want), c.diags, c.fragments...)
		})
	}
}

// vpc is the common VPC of the tests, known by ID vpc-1.
func vpc(line int, values M, opts ...func(*Resource)) Resource {
	v := M{"id": "vpc-1", "cidr_block": "10.0.0.0/16", "default_security_group_id": "sg-default",
		"default_network_acl_id": "acl-default", "main_route_table_id": "rtb-main", "default_route_table_id": "rtb-main"}
	for k, x := range values {
		v[k] = x
	}
	return res(line, "aws_vpc.main", v, opts...)
}

func wantVPCMain(mod func(*model.VPC)) model.VPC {
	v := model.VPC{ID: "aws_vpc.main", Source: at(1, 1), CIDRs: pfxs("10.0.0.0/16"), EnableDNSSupport: true}
	if mod != nil {
		mod(&v)
	}
	return v
}

func TestBuildNetwork(t *testing.T) {
	runCases(t, []buildCase{{
		// aws-rules 3.1.3: enable_dns_hostnames defaults to false and
		// enable_dns_support to true.
		name:      "vpc defaults",
		resources: []Resource{vpc(1, nil)},
		want:      model.World{VPCs: []model.VPC{wantVPCMain(nil)}},
	}, {
		name: "vpc with secondary CIDR, DNS settings and region",
		resources: []Resource{
			vpc(1, M{"enable_dns_hostnames": true, "enable_dns_support": false, "region": "us-east-1", "ipv6_cidr_block": "2001:db8::/56"}),
			res(5, "aws_vpc_ipv4_cidr_block_association.second", M{"vpc_id": "vpc-1", "cidr_block": "10.1.0.0/16"}),
		},
		want: model.World{VPCs: []model.VPC{wantVPCMain(func(v *model.VPC) {
			v.CIDRs = pfxs("10.0.0.0/16", "10.1.0.0/16")
			v.IPv6CIDRs = pfxs("2001:db8::/56")
			v.EnableDNSHostnames, v.EnableDNSSupport, v.Region = true, false, "us-east-1"
		})}},
	}, {
		name: "public and private subnets with IGW, NAT and routes",
		resources: []Resource{
			vpc(1, nil),
			res(10, "aws_subnet.public", M{"id": "subnet-pub", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a", "map_public_ip_on_launch": true}),
			res(11, "aws_subnet.private", M{"id": "subnet-priv", "vpc_id": "vpc-1", "cidr_block": "10.0.1.0/24", "availability_zone_id": "apne1-az4"}),
			res(12, "data.aws_availability_zones.all", M{"names": []string{"ap-northeast-1a", "ap-northeast-1c"}, "zone_ids": []string{"apne1-az4", "apne1-az1"}}),
			res(20, "aws_internet_gateway.igw", M{"id": "igw-1", "vpc_id": "vpc-1"}),
			res(21, "aws_eip.nat", M{"id": "eipalloc-1"}),
			res(22, "aws_nat_gateway.nat", M{"id": "nat-1", "subnet_id": "subnet-pub", "allocation_id": "eipalloc-1"}),
			res(30, "aws_route_table.public", M{"id": "rtb-pub", "vpc_id": "vpc-1", "route": L{
				// State form: every field present, "" when unset.
				M{"cidr_block": "0.0.0.0/0", "ipv6_cidr_block": "", "destination_prefix_list_id": "", "gateway_id": "igw-1", "nat_gateway_id": "",
					"transit_gateway_id": "", "vpc_endpoint_id": "", "network_interface_id": "", "core_network_arn": ""},
				M{"cidr_block": "10.0.0.0/16", "gateway_id": "local"},
			}}, pos("route.0", 32, 3), pos("route.1", 36, 3)),
			res(40, "aws_route_table.private", M{"id": "rtb-priv", "vpc_id": "vpc-1"}),
			res(41, "aws_route.private_nat", M{"route_table_id": "rtb-priv", "destination_cidr_block": "0.0.0.0/0", "nat_gateway_id": "nat-1"}),
			res(50, "aws_route_table_association.public", M{"subnet_id": "subnet-pub", "route_table_id": "rtb-pub"}),
			res(51, "aws_route_table_association.private", M{"subnet_id": "subnet-priv", "route_table_id": "rtb-priv"}),
			res(60, "aws_egress_only_internet_gateway.eigw", M{"id": "eigw-1", "vpc_id": "vpc-1"}),
			res(61, "aws_route.v6", M{"route_table_id": "rtb-priv", "destination_ipv6_cidr_block": "::/0", "egress_only_gateway_id": "eigw-1"}),
		},
		want: model.World{
			VPCs: []model.VPC{wantVPCMain(nil)},
			Subnets: []model.Subnet{
				{ID: "aws_subnet.private", Source: at(11, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.1.0/24"), RouteTable: "aws_route_table.private"},
				{ID: "aws_subnet.public", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24"), MapPublicIPOnLaunch: true, RouteTable: "aws_route_table.public"},
			},
			RouteTables: []model.RouteTable{
				{ID: "aws_route_table.private", Source: at(40, 1), VPC: "aws_vpc.main", Routes: []model.Route{
					{Source: at(41, 1), Destination: pfx("0.0.0.0/0"), Target: model.TargetNATGateway, TargetID: "aws_nat_gateway.nat"},
					{Source: at(61, 1), Destination: pfx("::/0"), Target: model.TargetEgressOnlyGateway, TargetID: "aws_egress_only_internet_gateway.eigw"},
				}},
				{ID: "aws_route_table.public", Source: at(30, 1), VPC: "aws_vpc.main", Routes: []model.Route{
					{Source: at(32, 3), Destination: pfx("0.0.0.0/0"), Target: model.TargetInternetGateway, TargetID: "aws_internet_gateway.igw"},
					{Source: at(36, 3), Destination: pfx("10.0.0.0/16"), Target: model.TargetLocal},
				}},
			},
			InternetGateways:   []model.InternetGateway{{ID: "aws_internet_gateway.igw", Source: at(20, 1), VPC: "aws_vpc.main"}},
			EgressOnlyGateways: []model.EgressOnlyGateway{{ID: "aws_egress_only_internet_gateway.eigw", Source: at(60, 1), VPC: "aws_vpc.main"}},
			NATGateways:        []model.NATGateway{{ID: "aws_nat_gateway.nat", Source: at(22, 1), Subnet: "aws_subnet.public", ElasticIP: "aws_eip.nat"}},
		},
	}, {
		name: "detached gateways attached by attachment resources; private NAT; DHCP options",
		resources: []Resource{
			vpc(1, nil),
			res(10, "aws_subnet.a", M{"id": "subnet-a", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a"}),
			res(20, "aws_internet_gateway.igw", M{"id": "igw-1"}),
			res(21, "aws_internet_gateway_attachment.igw", M{"internet_gateway_id": "igw-1", "vpc_id": "vpc-1"}),
			res(22, "aws_vpn_gateway.vgw", M{"id": "vgw-1"}),
			res(23, "aws_vpn_gateway_attachment.vgw", M{"vpn_gateway_id": "vgw-1", "vpc_id": "vpc-1"}),
			res(24, "aws_nat_gateway.private", M{"subnet_id": "subnet-a", "connectivity_type": "private"}),
			res(30, "aws_vpc_dhcp_options.dns", M{"id": "dopt-1", "domain_name": "corp.example", "domain_name_servers": []string{"10.9.0.2"}}),
			res(31, "aws_vpc_dhcp_options_association.dns", M{"vpc_id": "vpc-1", "dhcp_options_id": "dopt-1"}),
		},
		want: model.World{
			VPCs:             []model.VPC{wantVPCMain(func(v *model.VPC) { v.DHCPOptions = "aws_vpc_dhcp_options.dns" })},
			Subnets:          []model.Subnet{{ID: "aws_subnet.a", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24")}},
			InternetGateways: []model.InternetGateway{{ID: "aws_internet_gateway.igw", Source: at(20, 1), VPC: "aws_vpc.main"}},
			VPNGateways:      []model.VPNGateway{{ID: "aws_vpn_gateway.vgw", Source: at(22, 1), VPC: "aws_vpc.main"}},
			NATGateways:      []model.NATGateway{{ID: "aws_nat_gateway.private", Source: at(24, 1), Subnet: "aws_subnet.a", Private: true}},
			DHCPOptions:      []model.DHCPOptions{{ID: "aws_vpc_dhcp_options.dns", Source: at(30, 1), DomainName: "corp.example", DomainNameServers: []string{"10.9.0.2"}}},
		},
	}})
}
