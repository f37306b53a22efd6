package tfmap

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

// endpointNet is a VPC with two subnets and two route tables.
func endpointNet() []Resource {
	return []Resource{
		vpc(1, M{"enable_dns_hostnames": true}),
		res(10, "aws_subnet.a", M{"id": "subnet-a", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a"}),
		res(11, "aws_subnet.c", M{"id": "subnet-c", "vpc_id": "vpc-1", "cidr_block": "10.0.1.0/24", "availability_zone": "ap-northeast-1c"}),
		res(12, "aws_route_table.a", M{"id": "rtb-a", "vpc_id": "vpc-1"}),
		res(13, "aws_route_table.c", M{"id": "rtb-c", "vpc_id": "vpc-1"}),
		res(14, "aws_security_group.ep", M{"id": "sg-ep", "vpc_id": "vpc-1"}),
	}
}

// wantEndpointNet completes an expected world with endpointNet's objects;
// security groups are sorted by address, as Build sorts them.
func wantEndpointNet(w model.World) model.World {
	w.SecurityGroups = append([]model.SecurityGroup{{ID: "aws_security_group.ep", Source: at(14, 1), VPC: "aws_vpc.main"}}, w.SecurityGroups...)
	slices.SortFunc(w.SecurityGroups, func(a, b model.SecurityGroup) int { return compareAddr(a.ID, b.ID) })
	w.VPCs = []model.VPC{wantVPCMain(func(v *model.VPC) {
		v.EnableDNSHostnames = true
		if slices.ContainsFunc(w.SecurityGroups, func(g model.SecurityGroup) bool { return g.ID == defaultSG }) {
			v.DefaultSecurityGroup = defaultSG
		}
	})}
	w.Subnets = []model.Subnet{
		{ID: "aws_subnet.a", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24")},
		{ID: "aws_subnet.c", Source: at(11, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1c", CIDR: pfx("10.0.1.0/24")},
	}
	w.RouteTables = []model.RouteTable{
		{ID: "aws_route_table.a", Source: at(12, 1), VPC: "aws_vpc.main"},
		{ID: "aws_route_table.c", Source: at(13, 1), VPC: "aws_vpc.main"},
	}
	return w
}

const defaultSG = "aws_vpc.main (default security group)"

const policy = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`

func TestBuildEndpoints(t *testing.T) {
	runCases(t, []buildCase{{
		// aws-rules 3.2.1: vpc_endpoint_type defaults to Gateway and
		// private_dns_enabled to false.
		name: "provider defaults",
		resources: append(endpointNet(),
			res(20, "aws_vpc_endpoint.s3", M{"vpc_id": "vpc-1", "service_name": "com.amazonaws.ap-northeast-1.s3", "route_table_ids": []string{"rtb-a"}}),
			res(21, "aws_vpc_endpoint.ssm", M{"vpc_id": "vpc-1", "service_name": "com.amazonaws.ap-northeast-1.ssm", "vpc_endpoint_type": "Interface",
				"subnet_ids": []string{"subnet-a"}, "security_group_ids": []string{"sg-ep"}}),
		),
		want: wantEndpointNet(model.World{Endpoints: []model.Endpoint{
			{ID: "aws_vpc_endpoint.s3", Source: at(20, 1), VPC: "aws_vpc.main", ServiceName: "com.amazonaws.ap-northeast-1.s3",
				Type: model.EndpointGateway, RouteTables: []string{"aws_route_table.a"}},
			{ID: "aws_vpc_endpoint.ssm", Source: at(21, 1), VPC: "aws_vpc.main", ServiceName: "com.amazonaws.ap-northeast-1.ssm",
				Type: model.EndpointInterface, Subnets: []string{"aws_subnet.a"}, SecurityGroups: []string{"aws_security_group.ep"}},
		}}),
	}, {
		name: "everything set, and association resources",
		resources: append(endpointNet(),
			res(20, "aws_vpc_endpoint.s3", M{"vpc_id": "vpc-1", "service_name": "com.amazonaws.ap-northeast-1.s3", "vpc_endpoint_type": "Gateway",
				"route_table_ids": []string{"rtb-a"}, "policy": policy, "prefix_list_id": "pl-s3"}, pos("policy", 22, 3)),
			res(23, "aws_vpc_endpoint_route_table_association.c", M{"vpc_endpoint_id": U, "route_table_id": "rtb-c"}, refs("vpc_endpoint_id", "aws_vpc_endpoint.s3")),
			res(30, "aws_vpc_endpoint.s3i", M{"id": "vpce-s3i", "vpc_id": "vpc-1", "service_name": "com.amazonaws.ap-northeast-1.s3", "vpc_endpoint_type": "Interface",
				"private_dns_enabled": true, "dns_options": L{M{"private_dns_only_for_inbound_resolver_endpoint": false}},
				"subnet_ids": []string{"subnet-a"}, "subnet_configuration": L{M{"subnet_id": "subnet-a", "ipv4": "10.0.0.10"}}}),
			res(31, "aws_vpc_endpoint_subnet_association.c", M{"vpc_endpoint_id": "vpce-s3i", "subnet_id": "subnet-c"}),
			res(32, "aws_vpc_endpoint_security_group_association.ep", M{"vpc_endpoint_id": "vpce-s3i", "security_group_id": "sg-ep"}),
			res(33, "aws_vpc_endpoint_policy.s3i", M{"vpc_endpoint_id": "vpce-s3i", "policy": policy}),
			// The gateway endpoint's prefix list in an egress rule.
			res(40, "aws_security_group.app", M{"id": "sg-app", "vpc_id": "vpc-1", "egress": L{
				M{"protocol": "tcp", "from_port": 443, "to_port": 443, "prefix_list_ids": L{U}},
			}}, refs("egress", "aws_vpc_endpoint.s3")),
		),
		want: wantEndpointNet(model.World{
			Endpoints: []model.Endpoint{
				{ID: "aws_vpc_endpoint.s3", Source: at(20, 1), VPC: "aws_vpc.main", ServiceName: "com.amazonaws.ap-northeast-1.s3",
					Type: model.EndpointGateway, RouteTables: []string{"aws_route_table.a", "aws_route_table.c"}, Policy: policy, PolicySource: at(22, 3)},
				// Created without groups: the association adds to the
				// VPC's default group (aws-rules 5.1.5).
				{ID: "aws_vpc_endpoint.s3i", Source: at(30, 1), VPC: "aws_vpc.main", ServiceName: "com.amazonaws.ap-northeast-1.s3",
					Type: model.EndpointInterface, PrivateDNS: true, PrivateDNSOnlyForInboundResolver: model.False,
					Subnets: []string{"aws_subnet.a", "aws_subnet.c"}, IPs: map[string]netip.Addr{"aws_subnet.a": netip.MustParseAddr("10.0.0.10")},
					SecurityGroups: []string{defaultSG, "aws_security_group.ep"},
					Policy:         policy, PolicySource: at(33, 1)},
			},
			SecurityGroups: []model.SecurityGroup{
				{ID: "aws_security_group.app", Source: at(40, 1), VPC: "aws_vpc.main", Egress: []model.SGRule{
					{Source: at(40, 1), Protocol: "tcp", FromPort: 443, ToPort: 443, PrefixLists: []string{"com.amazonaws.ap-northeast-1.s3"}},
				}},
				{ID: defaultSG, Source: at(1, 1), VPC: "aws_vpc.main",
					Ingress: []model.SGRule{{Source: at(1, 1), Protocol: "-1", Self: true, Description: "AWS default: members of the group"}},
					Egress:  []model.SGRule{{Source: at(1, 1), Protocol: "-1", CIDRs: pfxs("0.0.0.0/0", "::/0"), Description: "AWS default: all egress"}},
				},
			},
		}),
	}, {
		name: "gateway load balancer endpoint is not modelled; unknown policy",
		resources: append(endpointNet(),
			res(20, "aws_vpc_endpoint.gwlb", M{"vpc_id": "vpc-1", "service_name": "com.amazonaws.vpce.ap-northeast-1.vpce-svc-1", "vpc_endpoint_type": "GatewayLoadBalancer"}),
			res(21, "aws_vpc_endpoint.logs", M{"vpc_id": "vpc-1", "service_name": "com.amazonaws.ap-northeast-1.logs", "vpc_endpoint_type": "Interface",
				"subnet_ids": []string{"subnet-a"}, "policy": U}, refs("policy", "data.aws_iam_policy_document.logs")),
		),
		want: wantEndpointNet(model.World{
			Endpoints: []model.Endpoint{{ID: "aws_vpc_endpoint.logs", Source: at(21, 1), VPC: "aws_vpc.main", ServiceName: "com.amazonaws.ap-northeast-1.logs",
				Type: model.EndpointInterface, Subnets: []string{"aws_subnet.a"}}},
			Unknowns: []model.Unknown{{ID: "aws_vpc_endpoint.logs", Kind: model.KindEndpoint, Field: "policy", Why: "known only after apply", Source: at(21, 1)}},
		}),
		diags: []string{
			diag(model.SeverityInfo, CodeNotModelled, at(20, 1)),
			diag(model.SeverityWarning, CodeUndetermined, at(21, 1)),
		},
	}, {
		// Validate reports it; Build does not repeat it.
		name: "interface endpoint with two subnets in one AZ",
		resources: append(endpointNet(),
			res(15, "aws_subnet.a2", M{"id": "subnet-a2", "vpc_id": "vpc-1", "cidr_block": "10.0.2.0/24", "availability_zone": "ap-northeast-1a"}),
			res(20, "aws_vpc_endpoint.logs", M{"vpc_id": "vpc-1", "service_name": "com.amazonaws.ap-northeast-1.logs", "vpc_endpoint_type": "Interface",
				"subnet_ids": []string{"subnet-a", "subnet-a2"}}),
		),
		want: func() model.World {
			w := wantEndpointNet(model.World{Endpoints: []model.Endpoint{{ID: "aws_vpc_endpoint.logs", Source: at(20, 1), VPC: "aws_vpc.main",
				ServiceName: "com.amazonaws.ap-northeast-1.logs", Type: model.EndpointInterface, Subnets: []string{"aws_subnet.a", "aws_subnet.a2"}}}})
			w.Subnets = append(w.Subnets[:1], model.Subnet{ID: "aws_subnet.a2", Source: at(15, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.2.0/24")}, w.Subnets[1])
			return w
		}(),
		diags: []string{diag(model.SeverityError, model.CodeInvalidValue, at(20, 1))},
	}})
}

// dnsEntries is an endpoint's dns_entry as the provider exposes it:
// regional name first, then one per AZ, then the private DNS name.
var dnsEntries = L{
	M{"dns_name": "vpce-0abc-defg.ecr.api.ap-northeast-1.vpce.amazonaws.com", "hosted_zone_id": "Z1"},
	M{"dns_name": "vpce-0abc-defg-ap-northeast-1a.ecr.api.ap-northeast-1.vpce.amazonaws.com", "hosted_zone_id": "Z1"},
	M{"dns_name": "api.ecr.ap-northeast-1.amazonaws.com", "hosted_zone_id": "Z2"},
}

func TestBuildDNS(t *testing.T) {
	shared := append(endpointNet(),
		res(20, "aws_vpc_endpoint.ecr_api", M{"id": "vpce-0abc", "vpc_id": "vpc-1", "service_name": "com.amazonaws.ap-northeast-1.ecr.api",
			"vpc_endpoint_type": "Interface", "subnet_ids": []string{"subnet-a"}, "dns_entry": dnsEntries}),
	)
	wantEP := model.Endpoint{ID: "aws_vpc_endpoint.ecr_api", Source: at(20, 1), VPC: "aws_vpc.main",
		ServiceName: "com.amazonaws.ap-northeast-1.ecr.api", Type: model.EndpointInterface, Subnets: []string{"aws_subnet.a"}}
	runCases(t, []buildCase{{
		name: "private zone with records; public zone ignored",
		resources: append(shared,
			res(30, "aws_route53_zone.ecr", M{"id": "Z100", "name": "API.ecr.ap-northeast-1.amazonaws.com.", "vpc": L{M{"vpc_id": "vpc-1"}}}),
			res(31, "aws_route53_record.apex", M{"zone_id": "Z100", "name": "api.ecr.ap-northeast-1.amazonaws.com", "type": "A",
				"alias": L{M{"name": "vpce-0abc-defg.ecr.api.ap-northeast-1.vpce.amazonaws.com.", "zone_id": "Z1", "evaluate_target_health": true}}}),
			res(32, "aws_route53_record.zonal", M{"zone_id": "Z100", "name": "a", "type": "A",
				"alias": L{M{"name": "vpce-0abc-defg-ap-northeast-1a.ecr.api.ap-northeast-1.vpce.amazonaws.com", "zone_id": "Z1"}}}),
			res(33, "aws_route53_record.lb", M{"zone_id": "Z100", "name": "lb", "type": "A",
				"alias": L{M{"name": "internal-lb-1.ap-northeast-1.elb.amazonaws.com", "zone_id": "Z3"}}}),
			res(34, "aws_route53_record.cname", M{"zone_id": "Z100", "name": "www.api.ecr.ap-northeast-1.amazonaws.com.", "type": "CNAME", "records": []string{"lb.api.ecr.ap-northeast-1.amazonaws.com"}}),
			res(35, "aws_route53_record.txt", M{"zone_id": "Z100", "name": "txt", "type": "TXT", "records": []string{"hello"}}),
			res(40, "aws_route53_zone.public", M{"id": "Z200", "name": "example.com"}),
			res(41, "aws_route53_record.public", M{"zone_id": "Z200", "name": "www", "type": "A", "records": []string{"192.0.2.1"}}),
			res(50, "aws_route53_zone.other", M{"id": "Z300", "name": "corp.internal", "vpc": L{M{"vpc_id": "vpc-other"}}}),
			res(51, "aws_route53_zone_association.other", M{"zone_id": "Z300", "vpc_id": "vpc-1"}),
		),
		want: wantEndpointNet(model.World{
			Endpoints: []model.Endpoint{wantEP},
			HostedZones: []model.HostedZone{
				{ID: "aws_route53_zone.ecr", Source: at(30, 1), Name: "api.ecr.ap-northeast-1.amazonaws.com", VPCs: []string{"aws_vpc.main"}, Records: []model.Record{
					{Source: at(31, 1), Name: "api.ecr.ap-northeast-1.amazonaws.com", Type: model.RecordA,
						Alias: "vpce-0abc-defg.ecr.api.ap-northeast-1.vpce.amazonaws.com", AliasEndpoint: "aws_vpc_endpoint.ecr_api"},
					{Source: at(34, 1), Name: "www.api.ecr.ap-northeast-1.amazonaws.com", Type: model.RecordCNAME, Values: []string{"lb.api.ecr.ap-northeast-1.amazonaws.com"}},
					{Source: at(33, 1), Name: "lb.api.ecr.ap-northeast-1.amazonaws.com", Type: model.RecordA, Alias: "internal-lb-1.ap-northeast-1.elb.amazonaws.com"},
					{Source: at(32, 1), Name: "a.api.ecr.ap-northeast-1.amazonaws.com", Type: model.RecordA,
						Alias: "vpce-0abc-defg-ap-northeast-1a.ecr.api.ap-northeast-1.vpce.amazonaws.com", AliasEndpoint: "aws_vpc_endpoint.ecr_api", AliasZone: "ap-northeast-1a"},
				}},
				{ID: "aws_route53_zone.other", Source: at(50, 1), Name: "corp.internal", VPCs: []string{"aws_vpc.main"}},
			},
		}),
		diags: []string{diag(model.SeverityInfo, CodeNotModelled, at(40, 1))},
	}, {
		name: "alias known only after apply: the one referenced endpoint",
		resources: append(shared,
			res(30, "aws_route53_zone.ecr", M{"id": U, "name": "api.ecr.ap-northeast-1.amazonaws.com", "vpc": L{M{"vpc_id": U}}}, refs("vpc", "aws_vpc.main")),
			res(31, "aws_route53_record.apex", M{"zone_id": U, "name": "api.ecr.ap-northeast-1.amazonaws.com", "type": "A", "alias": L{M{"name": U, "zone_id": U}}},
				refs("zone_id", "aws_route53_zone.ecr"), refs("alias", "aws_vpc_endpoint.ecr_api")),
		),
		want: wantEndpointNet(model.World{
			Endpoints: []model.Endpoint{wantEP},
			HostedZones: []model.HostedZone{{ID: "aws_route53_zone.ecr", Source: at(30, 1), Name: "api.ecr.ap-northeast-1.amazonaws.com", VPCs: []string{"aws_vpc.main"},
				Records: []model.Record{{Source: at(31, 1), Name: "api.ecr.ap-northeast-1.amazonaws.com", Type: model.RecordA, AliasEndpoint: "aws_vpc_endpoint.ecr_api"}}}},
		}),
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(31, 1))},
	}})
}

// TestBuildEndpointUnknownService checks aws-rules 3.2.9 (proposed): an
// endpoint whose service_name is known only after apply (a data source,
// a module output) is mapped with an empty service name and an
// undetermined service_name, never an error; its private DNS and its
// route tables are kept, for the simulator to see what it could change.
func TestBuildEndpointUnknownService(t *testing.T) {
	runCases(t, []buildCase{{
		name: "3.2.9 service_name from data sources, interface and gateway endpoints",
		resources: append(endpointNet(),
			res(19, "data.aws_vpc_endpoint_service.partner", M{"service_name": U, "filter": L{M{"name": "tag:Name", "values": []string{"partner"}}}}),
			res(20, "aws_vpc_endpoint.partner", M{"vpc_id": "vpc-1", "service_name": U, "vpc_endpoint_type": "Interface", "private_dns_enabled": true,
				"subnet_ids": []string{"subnet-a"}, "security_group_ids": []string{"sg-ep"}}, refs("service_name", "data.aws_vpc_endpoint_service.partner"), pos("service_name", 21, 3)),
			res(30, "aws_vpc_endpoint.storage", M{"vpc_id": "vpc-1", "service_name": U, "route_table_ids": []string{"rtb-a"}},
				refs("service_name", "module.storage.output.service_name"), pos("service_name", 31, 3)),
		),
		want: wantEndpointNet(model.World{
			Endpoints: []model.Endpoint{
				{ID: "aws_vpc_endpoint.partner", Source: at(20, 1), VPC: "aws_vpc.main", Type: model.EndpointInterface, PrivateDNS: true,
					Subnets: []string{"aws_subnet.a"}, SecurityGroups: []string{"aws_security_group.ep"}},
				{ID: "aws_vpc_endpoint.storage", Source: at(30, 1), VPC: "aws_vpc.main", Type: model.EndpointGateway, RouteTables: []string{"aws_route_table.a"}},
			},
			Unknowns: []model.Unknown{
				{ID: "aws_vpc_endpoint.partner", Kind: model.KindEndpoint, Field: "service_name", Source: at(21, 3),
					Why: "known only after apply; it comes from data source data.aws_vpc_endpoint_service.partner, which vpctrace does not read"},
				{ID: "aws_vpc_endpoint.storage", Kind: model.KindEndpoint, Field: "service_name", Source: at(31, 3),
					Why: "known only after apply; it references module.storage.output.service_name, which the input does not hold"},
			},
		}),
		diags: []string{
			diag(model.SeverityWarning, CodeUndetermined, at(21, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(31, 3)),
		},
	}})
}
