package scenario_test

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
)

// base is the start of every field test's file: a region, a subnet and a
// VPC. Case text follows it, so that case line 1 is file line 6; text
// indented by two spaces adds VPCs.
const base = `region: us-east-1
subnets:
  a: {vpc: v, az: us-east-1a, cidr: 10.0.1.0/24}
vpcs:
  v: {cidr: 10.0.0.0/16}
`

const baseLines = 5

// at is a position in a test case's text (line 1 = its first line).
func at(line, col int) model.Pos {
	return model.Pos{File: "t.yaml", Line: baseLines + line, Column: col}
}

// fixtures declares one object of each kind routes can target.
const fixtures = `internet_gateways: {igw: {vpc: v}}
egress_only_gateways: {eigw: {vpc: v}}
nat_gateways: {nat: {subnet: a, elastic_ip: eipalloc-1}}
vpn_gateways: {vgw: {vpc: v}}
instances: {i-nat: {subnet: a, network_interface: eni-1, source_dest_check: false}}
transit_gateways: {tgw: {}}
peerings: {pcx: {vpc: v, peer_vpc: v}}
prefix_lists: {pl: {name: office, entries: [192.0.2.0/24]}}
`

type fieldCase struct {
	name string
	yaml string // appended to base
	get  func(w *model.World) any
	want any
}

func runFieldCases(t *testing.T, cases []fieldCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, diags := scenario.Decode("t.yaml", []byte(base+tc.yaml))
			// A case that declares no workload gets the warning that
			// says so (TestDecodeNoWorkloads); nothing else.
			diags = slices.DeleteFunc(diags, func(d model.Diagnostic) bool { return d.Code == scenario.CodeNoWorkloads })
			if len(diags) != 0 || w == nil {
				t.Fatalf("Decode diagnostics:\n%v", diags)
			}
			if diff := cmp.Diff(tc.want, tc.get(w), cmpOpts); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeRoutes(t *testing.T) {
	routes := func(w *model.World) any { return w.RouteTables[len(w.RouteTables)-1].Routes }
	runFieldCases(t, []fieldCase{{
		name: "each target kind",
		yaml: fixtures + `endpoints: {s3: {vpc: v, service: s3, route_tables: [other]}}
route_tables:
  other: {vpc: v}
  rt:
    vpc: v
    routes:
      - {destination: 0.0.0.0/0, internet_gateway: igw}
      - {destination: 10.1.0.0/16, nat_gateway: nat}
      - {destination: "::/0", egress_only_gateway: eigw}
      - {destination: 10.2.0.0/16, transit_gateway: tgw}
      - {destination: 10.3.0.0/16, peering: pcx}
      - {destination: 10.4.0.0/16, instance: i-nat}
      - {destination: 10.5.0.0/16, network_interface: eni-1}
      - {destination: 10.6.0.0/16, vpn_gateway: vgw, propagated: true}
      - {destination: 10.0.0.0/16, local: true}
      - destination: 10.7.0.0/16
        gateway_endpoint: s3
`,
		get: routes,
		want: []model.Route{
			{Source: at(15, 9), Destination: pfx("0.0.0.0/0"), Target: model.TargetInternetGateway, TargetID: "igw"},
			{Source: at(16, 9), Destination: pfx("10.1.0.0/16"), Target: model.TargetNATGateway, TargetID: "nat"},
			{Source: at(17, 9), Destination: pfx("::/0"), Target: model.TargetEgressOnlyGateway, TargetID: "eigw"},
			{Source: at(18, 9), Destination: pfx("10.2.0.0/16"), Target: model.TargetTransitGateway, TargetID: "tgw"},
			{Source: at(19, 9), Destination: pfx("10.3.0.0/16"), Target: model.TargetPeering, TargetID: "pcx"},
			{Source: at(20, 9), Destination: pfx("10.4.0.0/16"), Target: model.TargetInstance, TargetID: "i-nat"},
			{Source: at(21, 9), Destination: pfx("10.5.0.0/16"), Target: model.TargetNetworkInterface, TargetID: "eni-1"},
			{Source: at(22, 9), Destination: pfx("10.6.0.0/16"), Target: model.TargetVPNGateway, TargetID: "vgw", Propagated: true},
			{Source: at(23, 9), Destination: pfx("10.0.0.0/16"), Target: model.TargetLocal},
			{Source: at(24, 9), Destination: pfx("10.7.0.0/16"), Target: model.TargetGatewayEndpoint, TargetID: "s3"},
		},
	}, {
		name: "prefix list destinations and blackhole",
		yaml: fixtures + `route_tables:
  rt:
    vpc: v
    routes:
      - {destination_prefix_list: pl, nat_gateway: nat}
      - {destination_prefix_list: com.amazonaws.us-east-1.s3, nat_gateway: nat}
      - {destination: 0.0.0.0/0, nat_gateway: nat-deleted, blackhole: true}
`,
		get: routes,
		want: []model.Route{
			{Source: at(13, 9), DestinationPrefixList: "pl", Target: model.TargetNATGateway, TargetID: "nat"},
			{Source: at(14, 9), DestinationPrefixList: "com.amazonaws.us-east-1.s3", Target: model.TargetNATGateway, TargetID: "nat"},
			{Source: at(15, 9), Destination: pfx("0.0.0.0/0"), Target: model.TargetNATGateway, TargetID: "nat-deleted", Blackhole: true},
		},
	}, {
		// aws-rules 4.2.4: a route whose target the input did not determine:
		// its kind and ID may be known or not, and the ID need not exist.
		name: "undetermined targets",
		yaml: fixtures + `route_tables:
  rt:
    vpc: v
    routes:
      - {destination: 0.0.0.0/0, nat_gateway: nat-0123456789abcdef0, undetermined: route.0.nat_gateway_id}
      - {destination: 10.8.0.0/16, transit_gateway: "", undetermined: route.1.transit_gateway_id}
      - {destination: 192.0.2.0/24, undetermined: aws_route.firewall.vpc_endpoint_id}
`,
		get: routes,
		want: []model.Route{
			{Source: at(13, 9), Destination: pfx("0.0.0.0/0"), Target: model.TargetNATGateway, TargetID: "nat-0123456789abcdef0", Undetermined: "route.0.nat_gateway_id"},
			{Source: at(14, 9), Destination: pfx("10.8.0.0/16"), Target: model.TargetTransitGateway, Undetermined: "route.1.transit_gateway_id"},
			{Source: at(15, 9), Destination: pfx("192.0.2.0/24"), Undetermined: "aws_route.firewall.vpc_endpoint_id"},
		},
	}, {
		name: "gateways and instances",
		yaml: fixtures,
		get: func(w *model.World) any {
			return []any{w.InternetGateways, w.EgressOnlyGateways, w.NATGateways, w.VPNGateways, w.Instances, w.PrefixLists}
		},
		want: []any{
			[]model.InternetGateway{{ID: "igw", Source: at(1, 21), VPC: "v"}},
			[]model.EgressOnlyGateway{{ID: "eigw", Source: at(2, 24), VPC: "v"}},
			[]model.NATGateway{{ID: "nat", Source: at(3, 16), Subnet: "a", ElasticIP: "eipalloc-1"}},
			[]model.VPNGateway{{ID: "vgw", Source: at(4, 16), VPC: "v"}},
			[]model.Instance{{ID: "i-nat", Source: at(5, 13), Subnet: "a", NetworkInterface: "eni-1", SourceDestCheck: model.False}},
			[]model.PrefixList{{ID: "pl", Source: at(8, 16), Name: "office", Entries: pfxs("192.0.2.0/24")}},
		},
	}})
}

func TestDecodeSecurityGroupRules(t *testing.T) {
	runFieldCases(t, []fieldCase{{
		name: "port forms, protocols and peers",
		yaml: `prefix_lists: {pl: {entries: 192.0.2.0/24}}
security_groups:
  other: {vpc: v, egress: []}
  sg:
    vpc: v
    ingress:
      - {protocol: tcp, ports: 443, cidrs: [10.0.0.0/16, "2001:db8::/32"]}
      - {protocol: udp, ports: 1024-65535, cidr: 10.0.1.0/24}
      - {protocol: tcp, from_port: 22, to_port: 23, security_groups: other}
      - {protocol: all, self: true, description: members}
      - {protocol: -1, prefix_lists: [pl, com.amazonaws.us-east-1.s3]}
      - {protocol: icmp, from_port: -1, to_port: -1, cidrs: 0.0.0.0/0}
      - {protocol: 6, ports: 2049, security_groups: [sg]}
    egress:
      - {protocol: tcp, ports: 443, prefix_lists: com.amazonaws.us-east-1.s3}
`,
		get: func(w *model.World) any { return w.SecurityGroups },
		want: []model.SecurityGroup{
			{ID: "other", Source: at(3, 3), VPC: "v"},
			{
				ID:     "sg",
				Source: at(4, 3),
				VPC:    "v",
				Ingress: []model.SGRule{
					{Source: at(7, 9), Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRs: pfxs("10.0.0.0/16", "2001:db8::/32")},
					{Source: at(8, 9), Protocol: "udp", FromPort: 1024, ToPort: 65535, CIDRs: pfxs("10.0.1.0/24")},
					{Source: at(9, 9), Protocol: "tcp", FromPort: 22, ToPort: 23, SecurityGroups: []string{"other"}},
					{Source: at(10, 9), Protocol: model.ProtocolAll, Self: true, Description: "members"},
					{Source: at(11, 9), Protocol: model.ProtocolAll, PrefixLists: []string{"pl", "com.amazonaws.us-east-1.s3"}},
					{Source: at(12, 9), Protocol: "icmp", FromPort: -1, ToPort: -1, CIDRs: pfxs("0.0.0.0/0")},
					{Source: at(13, 9), Protocol: "tcp", FromPort: 2049, ToPort: 2049, SecurityGroups: []string{"sg"}},
				},
				Egress: []model.SGRule{
					{Source: at(15, 9), Protocol: "tcp", FromPort: 443, ToPort: 443, PrefixLists: []string{"com.amazonaws.us-east-1.s3"}},
				},
			},
		},
	}, {
		name: "default egress only without an egress key",
		yaml: `security_groups:
  defaulted: {vpc: v}
  none:
    vpc: v
    egress:
`,
		get: func(w *model.World) any { return w.SecurityGroups },
		want: []model.SecurityGroup{
			{ID: "defaulted", Source: at(2, 3), VPC: "v", Egress: allowAllEgress(at(2, 3))},
			{ID: "none", Source: at(3, 3), VPC: "v"},
		},
	}})
}

func TestDecodeNetworkACLs(t *testing.T) {
	runFieldCases(t, []fieldCase{{
		name: "rules and no defaults",
		yaml: `network_acls:
  empty: {vpc: v}
  acl:
    vpc: v
    ingress:
      - {rule: 100, action: allow, protocol: tcp, ports: 443, cidr: 10.0.0.0/16}
      - {rule: 200, action: DENY, protocol: all, cidr: 0.0.0.0/0}
    egress:
      - {rule: 100, action: allow, protocol: tcp, from_port: 1024, to_port: 65535, cidr: "::/0"}
`,
		get: func(w *model.World) any { return w.NetworkACLs },
		want: []model.NetworkACL{
			{ID: "empty", Source: at(2, 3), VPC: "v"},
			{
				ID:     "acl",
				Source: at(3, 3),
				VPC:    "v",
				Ingress: []model.ACLRule{
					{Source: at(6, 9), Number: 100, Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: pfx("10.0.0.0/16"), Allow: true},
					{Source: at(7, 9), Number: 200, Protocol: model.ProtocolAll, CIDR: pfx("0.0.0.0/0")},
				},
				Egress: []model.ACLRule{
					{Source: at(9, 9), Number: 100, Protocol: "tcp", FromPort: 1024, ToPort: 65535, CIDR: pfx("::/0"), Allow: true},
				},
			},
		},
	}})
}

func TestDecodeHostedZones(t *testing.T) {
	runFieldCases(t, []fieldCase{{
		name: "records",
		yaml: `endpoints:
  ecr-api: {vpc: v, service: ecr.api, subnets: [a]}
dhcp_options:
  dhcp: {domain_name: corp.example, domain_name_servers: [AmazonProvidedDNS, 10.0.0.2]}
hosted_zones:
  zone:
    name: ecr.us-east-1.amazonaws.com.
    vpcs: v
    records:
      - {name: api.ecr.us-east-1.amazonaws.com, alias_endpoint: ecr-api}
      - {name: x.ecr.us-east-1.amazonaws.com, alias_endpoint: ecr-api, alias_zone: us-east-1a}
      - {name: y.ecr.us-east-1.amazonaws.com., alias: vpce-0abc.ecr.api.us-east-1.vpce.amazonaws.com}
      - {name: "*.dkr.ecr.us-east-1.amazonaws.com", type: a, values: [10.0.1.10, 10.0.1.11]}
      - {name: v6.ecr.us-east-1.amazonaws.com, type: AAAA, values: "2001:db8::1"}
      - {name: c.ecr.us-east-1.amazonaws.com, type: CNAME, values: api.ecr.us-east-1.amazonaws.com}
`,
		get: func(w *model.World) any { return []any{w.DHCPOptions, w.HostedZones} },
		want: []any{
			[]model.DHCPOptions{{ID: "dhcp", Source: at(4, 3), DomainName: "corp.example", DomainNameServers: []string{"AmazonProvidedDNS", "10.0.0.2"}}},
			[]model.HostedZone{{
				ID:     "zone",
				Source: at(6, 3),
				Name:   "ecr.us-east-1.amazonaws.com",
				VPCs:   []string{"v"},
				Records: []model.Record{
					{Source: at(10, 9), Name: "api.ecr.us-east-1.amazonaws.com", Type: model.RecordA, Alias: "vpce-ecr-api.ecr.api.us-east-1.vpce.amazonaws.com", AliasEndpoint: "ecr-api"},
					{Source: at(11, 9), Name: "x.ecr.us-east-1.amazonaws.com", Type: model.RecordA, Alias: "vpce-ecr-api-us-east-1a.ecr.api.us-east-1.vpce.amazonaws.com", AliasEndpoint: "ecr-api", AliasZone: "us-east-1a"},
					{Source: at(12, 9), Name: "y.ecr.us-east-1.amazonaws.com", Type: model.RecordA, Alias: "vpce-0abc.ecr.api.us-east-1.vpce.amazonaws.com"},
					{Source: at(13, 9), Name: "*.dkr.ecr.us-east-1.amazonaws.com", Type: model.RecordA, Values: []string{"10.0.1.10", "10.0.1.11"}},
					{Source: at(14, 9), Name: "v6.ecr.us-east-1.amazonaws.com", Type: model.RecordAAAA, Values: []string{"2001:db8::1"}},
					{Source: at(15, 9), Name: "c.ecr.us-east-1.amazonaws.com", Type: model.RecordCNAME, Values: []string{"api.ecr.us-east-1.amazonaws.com"}},
				},
			}},
		},
	}})
}

func TestDecodeEndpoints(t *testing.T) {
	const policyJSON = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*"}]}`
	endpoints := func(w *model.World) any { return w.Endpoints }
	runFieldCases(t, []fieldCase{{
		name: "types, names and defaults",
		yaml: `route_tables: {rt: {vpc: v}}
security_groups: {sg: {vpc: v}}
endpoints:
  s3-gw: {vpc: v, service: s3, route_tables: rt}
  s3-if: {vpc: v, service: s3, subnets: a, private_dns_only_for_inbound_resolver: false}
  ddb: {vpc: v, service: com.amazonaws.us-east-1.dynamodb, type: Gateway}
  ecr: {vpc: v, service: ecr.api, type: INTERFACE, subnets: [a], ips: {a: 10.0.1.5}, security_groups: [sg], private_dns: false}
  partner: {vpc: v, service: com.amazonaws.vpce.us-east-1.vpce-svc-0123, subnets: [a]}
`,
		get: endpoints,
		want: []model.Endpoint{
			{ID: "s3-gw", Source: at(4, 3), VPC: "v", ServiceName: "com.amazonaws.us-east-1.s3", Type: model.EndpointGateway, RouteTables: []string{"rt"}},
			{ID: "s3-if", Source: at(5, 3), VPC: "v", ServiceName: "com.amazonaws.us-east-1.s3", Type: model.EndpointInterface, Subnets: []string{"a"}, PrivateDNS: true, PrivateDNSOnlyForInboundResolver: model.False},
			{ID: "ddb", Source: at(6, 3), VPC: "v", ServiceName: "com.amazonaws.us-east-1.dynamodb", Type: model.EndpointGateway},
			{
				ID: "ecr", Source: at(7, 3), VPC: "v", ServiceName: "com.amazonaws.us-east-1.ecr.api", Type: model.EndpointInterface,
				Subnets: []string{"a"}, IPs: map[string]netip.Addr{"a": netip.MustParseAddr("10.0.1.5")}, SecurityGroups: []string{"sg"},
			},
			{ID: "partner", Source: at(8, 3), VPC: "v", ServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123", Type: model.EndpointInterface, Subnets: []string{"a"}},
		},
	}, {
		name: "region of the endpoint's VPC",
		yaml: `  w: {cidr: 10.9.0.0/16, region: eu-west-1}
endpoints:
  logs: {vpc: w, service: logs, private_dns: false}
`,
		get:  endpoints,
		want: []model.Endpoint{{ID: "logs", Source: at(3, 3), VPC: "w", ServiceName: "com.amazonaws.eu-west-1.logs", Type: model.EndpointInterface}},
	}, {
		name: "policy as a YAML mapping",
		yaml: `endpoints:
  s3:
    vpc: v
    service: s3
    type: gateway
    policy:
      Statement:
        - Effect: Allow
          Principal: "*"
          Action: s3:GetObject
          Resource: arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*
`,
		get: endpoints,
		want: []model.Endpoint{{
			ID: "s3", Source: at(2, 3), VPC: "v", ServiceName: "com.amazonaws.us-east-1.s3", Type: model.EndpointGateway,
			Policy: policyJSON, PolicySource: at(7, 7),
		}},
	}, {
		name: "policy as a list of statements",
		yaml: `endpoints:
  s3:
    vpc: v
    service: s3
    type: gateway
    policy:
      - {Effect: Deny, Principal: {AWS: "*"}, Action: ["s3:*"], Resource: "*", Condition: {Bool: {aws:SecureTransport: false}}}
`,
		get: endpoints,
		want: []model.Endpoint{{
			ID: "s3", Source: at(2, 3), VPC: "v", ServiceName: "com.amazonaws.us-east-1.s3", Type: model.EndpointGateway,
			Policy:       `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":["s3:*"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}`,
			PolicySource: at(7, 7),
		}},
	}, {
		name: "policy as a JSON string",
		yaml: `endpoints:
  s3:
    vpc: v
    service: s3
    type: gateway
    policy: '` + policyJSON + `'
`,
		get: endpoints,
		want: []model.Endpoint{{
			ID: "s3", Source: at(2, 3), VPC: "v", ServiceName: "com.amazonaws.us-east-1.s3", Type: model.EndpointGateway,
			Policy: policyJSON, PolicySource: at(6, 13),
		}},
	}})
}

func TestDecodeTransit(t *testing.T) {
	runFieldCases(t, []fieldCase{{
		name: "transit gateways, attachments, route tables, peerings",
		yaml: `  w: {cidr: 10.9.0.0/16, ipv6_cidrs: "2001:db8:1::/56", dns_support: false, dhcp_options: dhcp}
dhcp_options: {dhcp: {domain_name_servers: 10.9.0.2}}
transit_gateways:
  tgw: {default_route_table: tgw-rt}
  tgw2: {default_association: false, default_propagation: false, security_group_referencing: true}
transit_gateway_attachments:
  att: {transit_gateway: tgw, vpc: v, subnets: [a]}
  att2: {transit_gateway: tgw2, vpc: w, route_table: tgw-rt, propagate_to: [tgw-rt], appliance_mode: true, default_association: false, default_propagation: true}
transit_gateway_route_tables:
  tgw-rt:
    transit_gateway: tgw
    routes:
      - {destination: 10.0.0.0/16, attachment: att}
      - {destination: 192.168.0.0/16, blackhole: true}
peerings:
  pcx: {vpc: v, peer_vpc: w}
  pcx-pending: {vpc: v, peer_vpc: w, active: false}
`,
		get: func(w *model.World) any {
			return []any{w.VPCs[1], w.TransitGateways, w.TransitGatewayAttachments, w.TransitGatewayRouteTables, w.Peerings}
		},
		want: []any{
			model.VPC{ID: "w", Source: at(1, 3), CIDRs: pfxs("10.9.0.0/16"), IPv6CIDRs: pfxs("2001:db8:1::/56"), DHCPOptions: "dhcp"},
			[]model.TransitGateway{
				{ID: "tgw", Source: at(4, 3), DefaultRouteTable: "tgw-rt", DefaultAssociation: true, DefaultPropagation: true},
				{ID: "tgw2", Source: at(5, 3), SecurityGroupReferencing: true},
			},
			[]model.TransitGatewayAttachment{
				{ID: "att", Source: at(7, 3), TransitGateway: "tgw", VPC: "v", Subnets: []string{"a"}},
				{
					ID: "att2", Source: at(8, 3), TransitGateway: "tgw2", VPC: "w", RouteTable: "tgw-rt", PropagateTo: []string{"tgw-rt"},
					ApplianceMode: true, DefaultAssociation: model.False, DefaultPropagation: model.True,
				},
			},
			[]model.TransitGatewayRouteTable{{
				ID: "tgw-rt", Source: at(10, 3), TransitGateway: "tgw",
				Routes: []model.TransitGatewayRoute{
					{Source: at(13, 9), Destination: pfx("10.0.0.0/16"), Attachment: "att"},
					{Source: at(14, 9), Destination: pfx("192.168.0.0/16"), Blackhole: true},
				},
			}},
			[]model.Peering{
				{ID: "pcx", Source: at(16, 3), VPC: "v", PeerVPC: "w", Active: true},
				{ID: "pcx-pending", Source: at(17, 3), VPC: "v", PeerVPC: "w"},
			},
		},
	}})
}

func TestDecodeECS(t *testing.T) {
	runFieldCases(t, []fieldCase{{
		name: "workloads and defaults",
		yaml: `security_groups: {sg: {vpc: v}}
file_systems:
  efs:
    file_system_id: fs-0123
    mount_targets:
      mt-a: {subnet: a, ip: 10.0.1.20, security_groups: [sg]}
buckets:
  env: {}
  logs: {name: my-logs, region: eu-west-1}
clusters:
  c: {}
  ec2: {name: prod, region: us-west-2, capacity_providers: {asg-cp: asg}}
auto_scaling_groups:
  asg: {cluster: ec2, subnets: a, security_groups: sg, associate_public_ip: true, agent_version: 1.80.0, iam_role: arn:aws:iam::123456789012:role/ecsInstanceRole}
task_definitions:
  td: {containers: [{name: app, image: nginx}]}
  full:
    family: web
    network_mode: bridge
    requires_compatibilities: [ec2, FARGATE]
    os_family: LINUX
    execution_role: arn:aws:iam::123456789012:role/exec
    task_role: arn:aws:iam::123456789012:role/task
    containers:
      - name: web
        image: public.ecr.aws/nginx/nginx:latest
        log:
          driver: awsfirelens
          options: {Name: datadog, retries: 3}
          secret_options: [{name: apikey, value_from: arn:aws:ssm:us-east-1:123456789012:parameter/dd}]
        repository_credentials: arn:aws:secretsmanager:us-east-1:123456789012:secret:hub
        environment_files: arn:aws:s3:::env/web.env
    volumes:
      - {name: scratch}
      - {name: data, efs: {file_system_id: fs-0123, transit_encryption: true}}
services:
  svc: {cluster: c, task_definition: td, subnets: a}
  spot: {name: batch, cluster: ec2, task_definition: full, capacity_providers: [asg-cp], platform_version: LATEST, security_groups: [sg], assign_public_ip: true, enable_execute_command: true, standalone: true}
`,
		get: func(w *model.World) any {
			return []any{w.FileSystems, w.Buckets, w.Clusters, w.AutoScalingGroups, w.TaskDefinitions, w.Services}
		},
		want: []any{
			[]model.FileSystem{{
				ID: "efs", Source: at(3, 3), FileSystemID: "fs-0123",
				MountTargets: []model.MountTarget{{ID: "mt-a", Source: at(6, 7), Subnet: "a", IP: netip.MustParseAddr("10.0.1.20"), SecurityGroups: []string{"sg"}}},
			}},
			[]model.Bucket{
				{ID: "env", Source: at(8, 3), Name: "env"},
				{ID: "logs", Source: at(9, 3), Name: "my-logs", Region: "eu-west-1"},
			},
			[]model.Cluster{
				{ID: "c", Source: at(11, 3), Name: "c"},
				{ID: "ec2", Source: at(12, 3), Name: "prod", Region: "us-west-2", CapacityProviders: map[string]string{"asg-cp": "asg"}},
			},
			[]model.AutoScalingGroup{{
				ID: "asg", Source: at(14, 3), Cluster: "ec2", Subnets: []string{"a"}, SecurityGroups: []string{"sg"},
				AssociatePublicIP: model.True, AgentVersion: "1.80.0", IAMRole: "arn:aws:iam::123456789012:role/ecsInstanceRole",
			}},
			[]model.TaskDefinition{
				{
					ID: "td", Source: at(16, 3), Family: "td", NetworkMode: "awsvpc",
					Containers: []model.Container{{Source: at(16, 21), Name: "app", Image: "nginx"}},
				},
				{
					ID: "full", Source: at(17, 3), Family: "web", NetworkMode: "bridge",
					RequiresCompatibilities: []string{"EC2", "FARGATE"}, OperatingSystemFamily: "LINUX",
					ExecutionRoleARN: "arn:aws:iam::123456789012:role/exec", TaskRoleARN: "arn:aws:iam::123456789012:role/task",
					Containers: []model.Container{{
						Source: at(25, 9), Name: "web", Image: "public.ecr.aws/nginx/nginx:latest",
						LogDriver:             "awsfirelens",
						LogOptions:            map[string]string{"Name": "datadog", "retries": "3"},
						LogSecretOptions:      []model.Secret{{Source: at(30, 28), Name: "apikey", ValueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/dd"}},
						RepositoryCredentials: "arn:aws:secretsmanager:us-east-1:123456789012:secret:hub",
						EnvironmentFiles:      []string{"arn:aws:s3:::env/web.env"},
					}},
					Volumes: []model.Volume{
						{Source: at(34, 9), Name: "scratch"},
						{Source: at(35, 9), Name: "data", EFS: &model.EFSVolume{FileSystemID: "fs-0123", TransitEncryption: true}},
					},
				},
			},
			[]model.Service{
				{ID: "svc", Source: at(37, 3), Name: "svc", Cluster: "c", TaskDefinition: "td", LaunchType: "FARGATE", Subnets: []string{"a"}},
				{
					ID: "spot", Source: at(38, 3), Name: "batch", Cluster: "ec2", TaskDefinition: "full", CapacityProviders: []string{"asg-cp"},
					PlatformVersion: "LATEST", SecurityGroups: []string{"sg"}, AssignPublicIP: true, EnableExecuteCommand: true, Standalone: true,
				},
			},
		},
	}, {
		// aws-rules 1.7.3: a cluster's ECS Exec configuration; 1.2.11,
		// 1.2.14: pull through cache rules, the cache unknown by default.
		name: "1.7.3 execute_command and 1.2.11 pull through cache rules",
		yaml: `clusters:
  c:
    execute_command:
      kms_key_id: alias/exec
      logging: override
      cloud_watch_log_group: /ecs/exec
      cloud_watch_encryption: true
      s3_bucket: exec-logs
      s3_encryption: true
      s3_key_prefix: sessions/
pull_through_cache_rules:
  hub: {ecr_repository_prefix: docker-hub, upstream_registry_url: registry-1.docker.io, credential_arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/hub"}
  quay: {ecr_repository_prefix: quay, upstream_registry_url: quay.io, upstream_repository_prefix: org, account: "210987654321", region: eu-west-1, cache: warm, custom_role_arn: "arn:aws:iam::123456789012:role/ptc"}
`,
		get: func(w *model.World) any { return []any{w.Clusters, w.PullThroughCacheRules} },
		want: []any{
			[]model.Cluster{{ID: "c", Source: at(2, 3), Name: "c", ExecuteCommand: &model.ExecuteCommandConfig{
				Source: at(3, 5), KMSKeyID: "alias/exec", Logging: model.ExecLoggingOverride,
				CloudWatchLogGroup: "/ecs/exec", CloudWatchEncryption: true, S3Bucket: "exec-logs", S3Encryption: true, S3KeyPrefix: "sessions/",
			}}},
			[]model.PullThroughCacheRule{
				{ID: "hub", Source: at(12, 3), ECRRepositoryPrefix: "docker-hub", UpstreamRegistryURL: "registry-1.docker.io",
					CredentialARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/hub"},
				{ID: "quay", Source: at(13, 3), ECRRepositoryPrefix: "quay", UpstreamRegistryURL: "quay.io", UpstreamRepositoryPrefix: "org",
					Account: "210987654321", Region: "eu-west-1", Cache: model.CacheWarm, CustomRoleARN: "arn:aws:iam::123456789012:role/ptc"},
			},
		},
	}, {
		// Issue 9, point 6: settings known only after apply, by their
		// place in the container definition, with the known part kept.
		name: "container settings known only after apply",
		yaml: `task_definitions:
  td:
    containers:
      - name: app
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:"
        secrets: [{name: DB, value_from: ""}]
        unknown:
          image: known only after apply
          "secrets[0].valueFrom": from another state
          "*": whole
`,
		get: func(w *model.World) any { return w.TaskDefinitions[0].Containers },
		want: []model.Container{{Source: at(4, 9), Name: "app", Image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:",
			Secrets: []model.Secret{{Source: at(6, 19), Name: "DB"}},
			Unknowns: []model.ContainerUnknown{
				{Field: model.FieldImage, Why: "known only after apply", Source: at(8, 11)},
				{Field: model.FieldSecret, Index: 0, Why: "from another state", Source: at(9, 11)},
				{Field: model.FieldContainer, Why: "whole", Source: at(10, 11)},
			}}},
	}})
}

func TestDecodeTopLevelAndTristates(t *testing.T) {
	runFieldCases(t, []fieldCase{{
		name: "world settings, VPC overrides, tristates and merge keys",
		yaml: `account: "012345678901"
org_id: o-abc123
instances:
  unset: {subnet: a}
  set: &inst {subnet: a, associate_public_ip: false, source_dest_check: true, private_ip: 10.0.1.9, elastic_ip: 203.0.113.9, cluster: c, agent_version: 1.70.0, iam_role: r}
  merged: {<<: *inst, associate_public_ip: true}
clusters: {c: {}}
`,
		get: func(w *model.World) any { return []any{w.Account, w.OrgID, w.Instances} },
		want: []any{
			"012345678901", "o-abc123",
			[]model.Instance{
				{ID: "unset", Source: at(4, 3), Subnet: "a"},
				{
					ID: "set", Source: at(5, 3), Subnet: "a", AssociatePublicIP: model.False, SourceDestCheck: model.True,
					PrivateIP: netip.MustParseAddr("10.0.1.9"), ElasticIP: "203.0.113.9", Cluster: "c", AgentVersion: "1.70.0", IAMRole: "r",
				},
				{
					ID: "merged", Source: at(6, 3), Subnet: "a", AssociatePublicIP: model.True, SourceDestCheck: model.True,
					PrivateIP: netip.MustParseAddr("10.0.1.9"), ElasticIP: "203.0.113.9", Cluster: "c", AgentVersion: "1.70.0", IAMRole: "r",
				},
			},
		},
	}})
}
