package snapshot

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/model"
)

const (
	ec2VPC     = "vpc-0a1b2c3d4e5f60001"
	ec2Account = "123456789012"
)

var ec2Opts = cmp.Options{cmpopts.EquateEmpty(), cmpopts.EquateComparable(netip.Prefix{}, netip.Addr{})}

func at_(file string, line, col int) model.Pos { return model.Pos{File: file, Line: line, Column: col} }

func ec2Prefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }

func ip(s string) netip.Addr { return netip.MustParseAddr(s) }

// unknown is a World.Unknowns entry of an object the folder lacks.
func unknown(k model.Kind, id, field, command string, p model.Pos) model.Unknown {
	return model.Unknown{ID: id, Kind: k, Field: field, Source: p, Why: "not in the snapshot",
		Fix: "add the output of " + command + " to the snapshot folder"}
}

// routeUnknown is a World.Unknowns entry of a route whose target is not
// determined.
func routeUnknown(table, dest, why, fix string, p model.Pos) model.Unknown {
	return model.Unknown{ID: table, Kind: model.KindRouteTable, Field: "route to " + dest, Source: p, Why: why, Fix: fix}
}

func missingWarning(k model.Kind, id, command string, p model.Pos) model.Diagnostic {
	return model.Diagnostic{Severity: model.SeverityWarning, Code: CodeMissing, Source: p,
		Message: string(k) + " " + id + " is not in the snapshot: what refers to it is left out; add the output of " + command}
}

// mainTable is the main route table of testdata/ec2/common, as read in
// the folder dir.
func mainTable(dir string) model.RouteTable {
	return model.RouteTable{ID: "rtb-0main", Source: at_(dir+"/route-tables-main.json", 3, 9), VPC: ec2VPC, Routes: []model.Route{
		{Source: at_(dir+"/route-tables-main.json", 17, 17), Destination: ec2Prefix("10.0.0.0/16"), Target: model.TargetLocal}}}
}

// defaultGroup is the default security group of testdata/ec2/common.
func defaultGroup(dir string) model.SecurityGroup {
	f := dir + "/security-groups-default.json"
	return model.SecurityGroup{ID: "sg-0default", Source: at_(f, 3, 9), VPC: ec2VPC,
		Ingress: []model.SGRule{{Source: at_(f, 7, 17), Protocol: "-1", Self: true}},
		Egress:  []model.SGRule{{Source: at_(f, 23, 17), Protocol: "-1", CIDRs: []netip.Prefix{ec2Prefix("0.0.0.0/0")}}}}
}

// ec2Unknowns leaves out the settings that the Route 53 responses
// give (aws-rules 11.3), which these folders do not hold.
func ec2Unknowns(us []model.Unknown) []model.Unknown {
	var out []model.Unknown
	for _, u := range us {
		if u.Kind == model.KindVPC && (u.Field == "private_hosted_zones" || u.Field == "resolver_rules") {
			continue
		}
		out = append(out, u)
	}
	return out
}

// ec2Case is one folder of testdata/ec2 and what it reads as.
type ec2Case struct {
	name string
	// rule is the aws-rules the case checks.
	rule string
	bare bool // without testdata/ec2/common
	// got picks the objects the case checks from the world.
	got      func(w *model.World) any
	want     any
	unknowns []model.Unknown
	diags    model.Diagnostics
}

func runEC2Cases(t *testing.T, cases []ec2Case) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, diags := loadEC2Case(t, c.name, c.bare)
			if diff := cmp.Diff(c.want, c.got(w), ec2Opts); diff != "" {
				t.Errorf("%s (aws-rules %s): objects (-want +got):\n%s", c.name, c.rule, diff)
			}
			if diff := cmp.Diff(c.unknowns, ec2Unknowns(w.Unknowns), ec2Opts); diff != "" {
				t.Errorf("%s (aws-rules %s): unknowns (-want +got):\n%s", c.name, c.rule, diff)
			}
			if diff := cmp.Diff(c.diags, diags, ec2Opts); diff != "" {
				t.Errorf("%s (aws-rules %s): diagnostics (-want +got):\n%s", c.name, c.rule, diff)
			}
		})
	}
}

// TestEC2Common checks the folder every case starts from: a VPC with its
// attributes, DHCP options, main route table, default ACL and default
// group, which leave nothing unknown.
func TestEC2Common(t *testing.T) {
	runEC2Cases(t, []ec2Case{{
		name: "common", rule: "11.2.1, 11.2.6, 11.2.12", bare: true,
		got: func(w *model.World) any {
			return []any{w.VPCs, w.DHCPOptions, w.RouteTables, w.NetworkACLs, w.SecurityGroups}
		},
		want: []any{
			[]model.VPC{{ID: ec2VPC, Source: at_("common/vpcs.json", 3, 9), CIDRs: []netip.Prefix{ec2Prefix("10.0.0.0/16")},
				IPv6CIDRs: []netip.Prefix{ec2Prefix("2600:1f18:1a2b:3c00::/56")}, EnableDNSSupport: true, EnableDNSHostnames: true,
				DHCPOptions: "dopt-0a1b2c3d", MainRouteTable: "rtb-0main", DefaultNetworkACL: "acl-0default", DefaultSecurityGroup: "sg-0default"}},
			[]model.DHCPOptions{{ID: "dopt-0a1b2c3d", Source: at_("common/dhcp-options.json", 3, 9),
				DomainName: "ap-northeast-1.compute.internal", DomainNameServers: []string{model.AmazonProvidedDNS}}},
			[]model.RouteTable{mainTable("common")},
			[]model.NetworkACL{{ID: "acl-0default", Source: at_("common/network-acls-default.json", 3, 9), VPC: ec2VPC,
				Ingress: []model.ACLRule{{Source: at_("common/network-acls-default.json", 20, 17), Number: 100, Protocol: "-1", CIDR: ec2Prefix("0.0.0.0/0"), Allow: true}},
				Egress:  []model.ACLRule{{Source: at_("common/network-acls-default.json", 6, 17), Number: 100, Protocol: "-1", CIDR: ec2Prefix("0.0.0.0/0"), Allow: true}}}},
			[]model.SecurityGroup{defaultGroup("common")},
		},
	}})
}

// TestEC2Subnets checks describe-subnets: zone, CIDRs (only associated
// IPv6 blocks), public IPs on launch, IPv6-native and DNS64, the region of
// the subnet ARNs, and a subnet of a VPC the folder lacks.
func TestEC2Subnets(t *testing.T) {
	f := "subnets/subnets.json"
	runEC2Cases(t, []ec2Case{{
		name: "subnets", rule: "11.2.1",
		got: func(w *model.World) any { return []any{w.Subnets, w.Region} },
		want: []any{[]model.Subnet{
			{ID: "subnet-0a1", Source: at_(f, 3, 9), VPC: ec2VPC, AZ: "ap-northeast-1a", CIDR: ec2Prefix("10.0.1.0/24"),
				IPv6CIDR: ec2Prefix("2600:1f18:1a2b:3c00::/64"), MapPublicIPOnLaunch: true},
			{ID: "subnet-0v6", Source: at_(f, 28, 9), VPC: ec2VPC, AZ: "ap-northeast-1c", IPv6CIDR: ec2Prefix("2600:1f18:1a2b:3c02::/64"),
				IPv6Native: true, EnableDNS64: true},
		}, "ap-northeast-1"},
		unknowns: []model.Unknown{unknown(model.KindVPC, "vpc-0other", "", "aws ec2 describe-vpcs --vpc-ids vpc-0other", at_(f, 58, 22))},
		diags:    model.Diagnostics{missingWarning(model.KindVPC, "vpc-0other", "aws ec2 describe-vpcs --vpc-ids vpc-0other", at_(f, 58, 22))},
	}})
}

// TestEC2Routes checks describe-route-tables with the gateways it names:
// every kind of target, blackholes, propagated routes, subnet
// associations, and targets the folder lacks, which become undetermined
// routes with the command that describes them.
func TestEC2Routes(t *testing.T) {
	f := "routes/route-tables.json"
	missingTarget := func(dest, id, command string, line, col int) model.Unknown {
		return routeUnknown("rtb-0priv", dest, id+" is not in the snapshot", "add the output of "+command+" to the snapshot folder", at_(f, line, col))
	}
	route := func(line int, dest string, target model.TargetKind, id string) model.Route {
		return model.Route{Source: at_(f, line, 17), Destination: ec2Prefix(dest), Target: target, TargetID: id}
	}
	undetermined := func(r model.Route) model.Route { r.Undetermined = "route to " + r.Destination.String(); return r }
	propagated := route(71, "192.168.0.0/16", model.TargetVPNGateway, "vgw-0a1")
	propagated.Propagated = true
	blackhole := route(30, "::/0", model.TargetEgressOnlyGateway, "eigw-0gone")
	blackhole.Blackhole = true
	runEC2Cases(t, []ec2Case{{
		name: "routes", rule: "11.2.2, 11.2.3, 11.2.4",
		got: func(w *model.World) any {
			return []any{w.RouteTables, w.Subnets, w.InternetGateways, w.NATGateways, w.VPNGateways}
		},
		want: []any{
			[]model.RouteTable{mainTable("routes"),
				{ID: "rtb-0pub", Source: at_(f, 3, 9), VPC: ec2VPC, Routes: []model.Route{
					route(18, "10.0.0.0/16", model.TargetLocal, ""),
					route(24, "0.0.0.0/0", model.TargetInternetGateway, "igw-0a1"),
					blackhole,
				}},
				{ID: "rtb-0priv", Source: at_(f, 40, 9), VPC: ec2VPC, Routes: []model.Route{
					route(59, "10.0.0.0/16", model.TargetLocal, ""),
					route(65, "0.0.0.0/0", model.TargetNATGateway, "nat-0a1"),
					propagated,
					undetermined(route(77, "10.1.0.0/16", model.TargetPeering, "pcx-0missing")),
					undetermined(route(83, "10.2.0.0/16", model.TargetTransitGateway, "tgw-0missing")),
					undetermined(route(89, "10.3.0.0/16", model.TargetInstance, "i-0missing")),
					undetermined(route(97, "10.4.0.0/16", "", "")),
				}},
			},
			[]model.Subnet{
				{ID: "subnet-0pub", Source: at_("routes/subnets.json", 3, 9), VPC: ec2VPC, AZ: "ap-northeast-1a", CIDR: ec2Prefix("10.0.1.0/24"), MapPublicIPOnLaunch: true, RouteTable: "rtb-0pub"},
				{ID: "subnet-0priv", Source: at_("routes/subnets.json", 10, 9), VPC: ec2VPC, AZ: "ap-northeast-1a", CIDR: ec2Prefix("10.0.2.0/24"), RouteTable: "rtb-0priv"},
			},
			[]model.InternetGateway{{ID: "igw-0a1", Source: at_("routes/gateways.json", 3, 9), VPC: ec2VPC}},
			[]model.NATGateway{{ID: "nat-0a1", Source: at_("routes/nat-gateways.json", 3, 9), Subnet: "subnet-0pub", ElasticIP: "eipalloc-0a1"}},
			[]model.VPNGateway{{ID: "vgw-0a1", Source: at_(f, 73, 34), VPC: ec2VPC}},
		},
		unknowns: []model.Unknown{
			missingTarget("10.1.0.0/16", "pcx-0missing", "aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids pcx-0missing", 79, 47),
			missingTarget("10.2.0.0/16", "tgw-0missing", "aws ec2 describe-transit-gateways --transit-gateway-ids tgw-0missing", 85, 41),
			missingTarget("10.3.0.0/16", "i-0missing", "aws ec2 describe-instances --instance-ids i-0missing", 91, 35),
			routeUnknown("rtb-0priv", "10.4.0.0/16", "the route leads to cagw-0a1 (CarrierGatewayId), which vpctrace does not follow (aws-rules 4.2.4)", "", at_(f, 99, 41)),
			routeUnknown("rtb-0priv", "pl-0customer", "the addresses of prefix list pl-0customer are not in the snapshot",
				"add the output of aws ec2 describe-managed-prefix-lists --prefix-list-ids pl-0customer and aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-0customer to the snapshot folder", at_(f, 104, 48)),
		},
	}})
}

// TestEC2Endpoints checks describe-vpc-endpoints with
// describe-network-interfaces: an interface endpoint with its policy, DNS
// options and ENI addresses, a gateway endpoint whose prefix-list route
// the endpoint gives (not the table), a Gateway Load Balancer endpoint
// that routes name, a deleted and a pending endpoint, a subnet and a group
// the folder lacks.
func TestEC2Endpoints(t *testing.T) {
	f, rt := "endpoints/vpc-endpoints.json", "endpoints/route-tables.json"
	policy := "{\n  \"Statement\": [\n    {\n      \"Action\": \"*\", \n      \"Effect\": \"Allow\", \n      \"Principal\": \"*\", \n      \"Resource\": \"*\"\n    }\n  ]\n}"
	s3Policy := `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*"}]}`
	runEC2Cases(t, []ec2Case{{
		name: "endpoints", rule: "11.2.7, 11.2.3, 11.2.11",
		got: func(w *model.World) any { return []any{w.Endpoints, w.RouteTables[1:], w.SecurityGroups[1:]} },
		want: []any{
			[]model.Endpoint{
				{ID: "vpce-0ecrapi", Source: at_(f, 3, 9), VPC: ec2VPC, ServiceName: "com.amazonaws.ap-northeast-1.ecr.api", Type: model.EndpointInterface,
					Subnets: []string{"subnet-0a", "subnet-0c"}, IPs: map[string]netip.Addr{"subnet-0a": ip("10.0.1.50"), "subnet-0c": ip("10.0.2.50")},
					SecurityGroups: []string{"sg-0endpoints"}, PrivateDNS: true, PrivateDNSOnlyForInboundResolver: model.False,
					Policy: policy, PolicySource: at_(f, 9, 31), IPAddressType: model.EndpointDualstack, DNSRecordIPType: model.EndpointDualstack},
				{ID: "vpce-0s3", Source: at_(f, 42, 9), VPC: ec2VPC, ServiceName: "com.amazonaws.ap-northeast-1.s3", Type: model.EndpointGateway,
					RouteTables: []string{"rtb-0main", "rtb-0c"}, Policy: s3Policy, PolicySource: at_(f, 48, 31)},
				{ID: "vpce-0pending", Source: at_(f, 78, 9), VPC: ec2VPC, ServiceName: "com.amazonaws.ap-northeast-1.logs", Type: model.EndpointInterface,
					Subnets: []string{"subnet-0c"}, SecurityGroups: []string{"sg-0default"}, PrivateDNS: true},
			},
			[]model.RouteTable{{ID: "rtb-0c", Source: at_(rt, 3, 9), VPC: ec2VPC, Routes: []model.Route{
				{Source: at_(rt, 17, 17), Destination: ec2Prefix("10.0.0.0/16"), Target: model.TargetLocal},
				{Source: at_(rt, 29, 17), Destination: ec2Prefix("0.0.0.0/0"), Target: model.TargetGWLBEndpoint, TargetID: "vpce-0gwlb"},
				{Source: at_(rt, 35, 17), Destination: ec2Prefix("198.51.100.0/24"), Undetermined: "route to 198.51.100.0/24"},
			}}},
			[]model.SecurityGroup{{ID: "sg-0endpoints", Source: at_(f, 3, 9), VPC: ec2VPC}},
		},
		unknowns: []model.Unknown{
			unknown(model.KindSubnet, "subnet-0gone", "", "aws ec2 describe-subnets --subnet-ids subnet-0gone", at_(f, 14, 17)),
			unknown(model.KindEndpoint, "vpce-0ecrapi", "SubnetIds", "aws ec2 describe-subnets --subnet-ids subnet-0gone", at_(f, 14, 17)),
			{ID: "vpce-0pending", Kind: model.KindEndpoint, Field: "State", Source: at_(f, 83, 22),
				Why: "the endpoint is pending, not available: whether and when it serves calls is not in the snapshot",
				Fix: "collect the snapshot again once the endpoint is available (aws ec2 describe-vpc-endpoints --vpc-endpoint-ids vpce-0pending)"},
			routeUnknown("rtb-0c", "198.51.100.0/24", "vpce-0unknown is no endpoint of the snapshot: a Gateway Load Balancer or Network Firewall endpoint, or one the folder does not describe",
				"add the output of aws ec2 describe-vpc-endpoints --vpc-endpoint-ids vpce-0unknown to the snapshot folder", at_(rt, 37, 34)),
			unknown(model.KindSecurityGroup, "sg-0endpoints", "ingress", "aws ec2 describe-security-groups --group-ids sg-0endpoints", at_(f, 3, 9)),
			unknown(model.KindSecurityGroup, "sg-0endpoints", "egress", "aws ec2 describe-security-groups --group-ids sg-0endpoints", at_(f, 3, 9)),
		},
		diags: model.Diagnostics{missingWarning(model.KindSubnet, "subnet-0gone", "aws ec2 describe-subnets --subnet-ids subnet-0gone", at_(f, 14, 17))},
	}})
}

// TestEC2SecurityGroups checks describe-security-groups (with
// describe-prefix-lists) and describe-security-group-rules: a rule per
// permission with every kind of peer, a peer group of another account
// (left out), a prefix list the folder lacks (a rule whose peer is
// unknown), and a group only describe-security-group-rules describes,
// which takes the VPC of the interface that carries it; its rules are not
// read twice for a group describe-security-groups describes.
func TestEC2SecurityGroups(t *testing.T) {
	f, r := "groups/security-groups.json", "grouprules/security-group-rules.json"
	plFix := func(pl string) string {
		return "add the output of aws ec2 describe-managed-prefix-lists --prefix-list-ids " + pl + " and aws ec2 get-managed-prefix-list-entries --prefix-list-id " + pl + " to the snapshot folder"
	}
	runEC2Cases(t, []ec2Case{{
		name: "groups", rule: "11.2.10, 11.2.9",
		got: func(w *model.World) any { return []any{w.SecurityGroups[1:], w.PrefixLists} },
		want: []any{
			[]model.SecurityGroup{
				{ID: "sg-0app", Source: at_(f, 3, 9), VPC: ec2VPC,
					Ingress: []model.SGRule{
						{Source: at_(f, 7, 17), Protocol: "tcp", FromPort: 8080, ToPort: 8080, Description: "from the VPC",
							CIDRs: []netip.Prefix{ec2Prefix("10.0.0.0/16"), ec2Prefix("2600:1f18:1a2b:3c00::/56")}, SecurityGroups: []string{"sg-0endpoints"}, Self: true},
						{Source: at_(f, 51, 17), Protocol: "icmp", FromPort: -1, ToPort: -1, CIDRs: []netip.Prefix{ec2Prefix("10.0.0.0/8")}},
					},
					Egress: []model.SGRule{
						{Source: at_(f, 65, 17), Protocol: "tcp", FromPort: 443, ToPort: 443, PrefixLists: []string{"pl-61a54008"}},
						{Source: at_(f, 81, 17), Protocol: "50", CIDRs: []netip.Prefix{ec2Prefix("192.0.2.0/24")}},
					}},
				{ID: "sg-0endpoints", Source: at_(f, 92, 9), VPC: ec2VPC,
					Ingress: []model.SGRule{{Source: at_(f, 96, 17), Protocol: "tcp", FromPort: 443, ToPort: 443, SecurityGroups: []string{"sg-0app"}}}},
			},
			[]model.PrefixList{{ID: "pl-61a54008", Source: at_("groups/prefix-lists.json", 3, 9), Name: "com.amazonaws.ap-northeast-1.s3", AWSService: "com.amazonaws.ap-northeast-1.s3"}},
		},
		unknowns: []model.Unknown{{ID: "sg-0app", Kind: model.KindSecurityGroup, Field: "IpPermissionsEgress/0/PrefixListIds/1", Source: at_(f, 74, 25),
			Why: "the addresses of prefix list pl-0unknown are not in the snapshot", Fix: plFix("pl-0unknown"),
			Rule: &model.PartialRule{Known: model.RuleProtocol | model.RulePorts, Direction: "egress",
				SG: model.SGRule{Source: at_(f, 74, 25), Protocol: "tcp", FromPort: 443, ToPort: 443}}}},
	}, {
		name: "grouprules", rule: "11.2.10, 11.2.11",
		got: func(w *model.World) any { return w.SecurityGroups },
		want: []model.SecurityGroup{
			defaultGroup("grouprules"),
			{ID: "sg-0tasks", Source: at_("grouprules/network-interfaces.json", 3, 9), VPC: ec2VPC,
				Ingress: []model.SGRule{{Source: at_(r, 3, 9), Protocol: "tcp", FromPort: 80, ToPort: 80, Self: true}},
				Egress:  []model.SGRule{{Source: at_(r, 17, 9), Protocol: "-1", CIDRs: []netip.Prefix{ec2Prefix("0.0.0.0/0")}}}},
		},
		unknowns: []model.Unknown{{ID: "sg-0tasks", Kind: model.KindSecurityGroup, Field: "SecurityGroupRules sgr-0out2", Source: at_(r, 36, 29),
			Why: "the addresses of prefix list pl-0nolist are not in the snapshot", Fix: plFix("pl-0nolist"),
			Rule: &model.PartialRule{Known: model.RuleProtocol | model.RulePorts, Direction: "egress",
				SG: model.SGRule{Source: at_(r, 36, 29), Protocol: "tcp", FromPort: 443, ToPort: 443}}}},
	}})
}

// TestEC2NetworkACLs checks describe-network-acls: protocol numbers, port
// ranges, ICMP type and code, IPv6 rules, AWS's final rule 32767 (left
// to the model, which implies it), the subnets' associations and the
// default ACL.
func TestEC2NetworkACLs(t *testing.T) {
	f := "acls/network-acls.json"
	rule := func(line, n int, proto string, from, to int, cidr string, allow bool) model.ACLRule {
		return model.ACLRule{Source: at_(f, line, 17), Number: n, Protocol: proto, FromPort: from, ToPort: to, CIDR: ec2Prefix(cidr), Allow: allow}
	}
	runEC2Cases(t, []ec2Case{{
		name: "acls", rule: "11.2.12, 5.2.1",
		got: func(w *model.World) any {
			return []any{w.NetworkACLs[1:], w.Subnets[0].NetworkACL, w.Subnets[1].NetworkACL, w.VPCs[0].DefaultNetworkACL}
		},
		want: []any{[]model.NetworkACL{{ID: "acl-0private", Source: at_(f, 3, 9), VPC: ec2VPC,
			Ingress: []model.ACLRule{
				rule(12, 100, "tcp", 443, 443, "10.0.0.0/16", true),
				rule(23, 110, "tcp", 1024, 65535, "0.0.0.0/0", true),
				rule(34, 120, "icmp", 3, -1, "0.0.0.0/0", true),
			},
			Egress: []model.ACLRule{
				rule(45, 90, "udp", 53, 53, "::/0", false),
				rule(56, 100, "-1", 0, 0, "0.0.0.0/0", true),
			}}}, "acl-0private", "", "acl-0default"},
	}})
}

// TestEC2Instances checks describe-instances: the primary interface, the
// public and Elastic IP, source/destination check, terminated instances
// left out; routes to an instance and to its primary interface; a route
// to a secondary interface is undetermined.
func TestEC2Instances(t *testing.T) {
	f, rt := "instances/instances.json", "instances/route-tables.json"
	runEC2Cases(t, []ec2Case{{
		name: "instances", rule: "11.2.8",
		got: func(w *model.World) any { return []any{w.Instances, w.RouteTables[1].Routes} },
		want: []any{
			[]model.Instance{
				{ID: "i-0nat", Source: at_(f, 6, 17), Subnet: "subnet-0a", SecurityGroups: []string{"sg-0default"}, NetworkInterface: "eni-0nat",
					PrivateIP: ip("10.0.1.20"), AssociatePublicIP: model.True, ElasticIP: "198.51.100.20", SourceDestCheck: model.False},
				{ID: "i-0private", Source: at_(f, 80, 17), Subnet: "subnet-0c", SecurityGroups: []string{"sg-0db"}, NetworkInterface: "eni-0private",
					PrivateIP: ip("10.0.2.30"), AssociatePublicIP: model.False, SourceDestCheck: model.True},
			},
			[]model.Route{
				{Source: at_(rt, 17, 17), Destination: ec2Prefix("0.0.0.0/0"), Target: model.TargetInstance, TargetID: "i-0nat"},
				{Source: at_(rt, 25, 17), Destination: ec2Prefix("192.0.2.0/24"), Target: model.TargetNetworkInterface, TargetID: "eni-0private"},
				{Source: at_(rt, 31, 17), Destination: ec2Prefix("198.51.100.0/24"), Target: model.TargetNetworkInterface, TargetID: "eni-0second", Undetermined: "route to 198.51.100.0/24"},
			},
		},
		unknowns: []model.Unknown{
			routeUnknown("rtb-0c", "198.51.100.0/24", "eni-0second is not the primary network interface of an instance of the snapshot; vpctrace follows a route to an interface only to the instance it is the primary interface of (aws-rules 11.2.8)", "", at_(rt, 33, 43)),
			unknown(model.KindSecurityGroup, "sg-0db", "ingress", "aws ec2 describe-security-groups --group-ids sg-0db", at_(f, 80, 17)),
			unknown(model.KindSecurityGroup, "sg-0db", "egress", "aws ec2 describe-security-groups --group-ids sg-0db", at_(f, 80, 17)),
		},
	}})
}

// TestEC2Peerings checks describe-vpc-peering-connections: a connection
// between two VPCs of the folder (active, or not yet accepted) and one to
// another account's VPC, whose routes are undetermined.
func TestEC2Peerings(t *testing.T) {
	f, rt := "peerings/peering-connections.json", "peerings/route-tables.json"
	runEC2Cases(t, []ec2Case{{
		name: "peerings", rule: "11.2.5",
		got: func(w *model.World) any { return []any{w.Peerings, w.RouteTables[1]} },
		want: []any{
			[]model.Peering{
				{ID: "pcx-0active", Source: at_(f, 3, 9), VPC: ec2VPC, PeerVPC: "vpc-0b2", Active: true},
				{ID: "pcx-0pending", Source: at_(f, 22, 9), VPC: ec2VPC, PeerVPC: "vpc-0b2"},
			},
			model.RouteTable{ID: "rtb-0b2main", Source: at_(rt, 3, 9), VPC: "vpc-0b2", Routes: []model.Route{
				{Source: at_(rt, 16, 17), Destination: ec2Prefix("10.0.0.0/16"), Target: model.TargetPeering, TargetID: "pcx-0active"},
				{Source: at_(rt, 22, 17), Destination: ec2Prefix("172.16.0.0/16"), Target: model.TargetPeering, TargetID: "pcx-0partner", Undetermined: "route to 172.16.0.0/16"},
			}},
		},
		unknowns: []model.Unknown{
			unknown(model.KindVPC, "vpc-0b2", "enable_dns_support", "aws ec2 describe-vpc-attribute --vpc-id vpc-0b2 --attribute enableDnsSupport", at_("peerings/vpcs-peer.json", 3, 9)),
			unknown(model.KindVPC, "vpc-0b2", "enable_dns_hostnames", "aws ec2 describe-vpc-attribute --vpc-id vpc-0b2 --attribute enableDnsHostnames", at_("peerings/vpcs-peer.json", 3, 9)),
			routeUnknown("rtb-0b2main", "172.16.0.0/16", "peering connection pcx-0partner leads out of the snapshot: it joins vpc vpc-0partner (account 210987654321, region us-west-2), which the snapshot does not describe",
				"describe the peer VPC in this snapshot (aws ec2 describe-vpcs and its routes, groups and ACLs), or check by hand where the route leads", at_(rt, 24, 47)),
		},
	}})
}

// TestEC2PrefixLists checks describe-managed-prefix-lists with
// get-managed-prefix-list-entries, whose list is named by the file: an
// AWS-managed list stands for its service, a customer list has its
// entries, a list without its entries makes the routes to it unknown, and
// an entries file whose name names no list is left out.
func TestEC2PrefixLists(t *testing.T) {
	f, rt := "prefixlists/managed-prefix-lists.json", "prefixlists/route-tables.json"
	runEC2Cases(t, []ec2Case{{
		name: "prefixlists", rule: "11.2.9",
		got: func(w *model.World) any { return []any{w.PrefixLists, w.RouteTables[1], w.VPNGateways, w.Region} },
		want: []any{
			[]model.PrefixList{
				{ID: "pl-61a54008", Source: at_(f, 3, 9), Name: "com.amazonaws.ap-northeast-1.s3", AWSService: "com.amazonaws.ap-northeast-1.s3"},
				{ID: "pl-0office", Source: at_(f, 12, 9), Name: "office", Entries: []netip.Prefix{ec2Prefix("203.0.113.0/24"), ec2Prefix("198.51.100.0/24")}},
				{ID: "pl-0noentries", Source: at_(f, 23, 9), Name: "partners"},
			},
			model.RouteTable{ID: "rtb-0office", Source: at_(rt, 3, 9), VPC: ec2VPC, Routes: []model.Route{
				{Source: at_(rt, 7, 17), DestinationPrefixList: "pl-0office", Target: model.TargetVPNGateway, TargetID: "vgw-0office"},
			}},
			[]model.VPNGateway{{ID: "vgw-0office", Source: at_(rt, 9, 34), VPC: ec2VPC}},
			"ap-northeast-1",
		},
		unknowns: []model.Unknown{routeUnknown("rtb-0office", "pl-0noentries", "the addresses of prefix list pl-0noentries are not in the snapshot",
			"add the output of aws ec2 describe-managed-prefix-lists --prefix-list-ids pl-0noentries and aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-0noentries to the snapshot folder", at_(rt, 14, 48))},
		diags: model.Diagnostics{{Severity: model.SeverityWarning, Code: CodeNotRecognised, Source: model.Pos{File: "prefixlists/prefix-list-entries.json"},
			Message: "the output of aws ec2 get-managed-prefix-list-entries does not say which prefix list it lists: name the file after the list, e.g. prefix-list-entries-pl-0123abcd.json; left out"}},
	}})
}

// TestEC2Missing checks a folder that lacks most responses: each setting
// that decides paths is unknown with the command that gives it, a VPC's
// DHCP options the folder does not describe among them, and an object in
// a subnet the folder lacks is left out (never a reference error).
// Deleted NAT gateways are left out; a private one has no Elastic IP; a
// pending one is unknown.
func TestEC2Missing(t *testing.T) {
	v, n := "missing/vpcs.json", "missing/nat-gateways.json"
	runEC2Cases(t, []ec2Case{{
		name: "missing", rule: "11.2.1, 11.2.4, 11.2.6", bare: true,
		got: func(w *model.World) any { return []any{w.VPCs, w.Subnets, w.NATGateways} },
		want: []any{
			[]model.VPC{{ID: "vpc-0lonely", Source: at_(v, 3, 9), CIDRs: []netip.Prefix{ec2Prefix("10.9.0.0/16")}}},
			[]model.Subnet{{ID: "subnet-0lonely", Source: at_("missing/subnets.json", 3, 9), VPC: "vpc-0lonely", AZ: "ap-northeast-1d", CIDR: ec2Prefix("10.9.0.0/24")}},
			[]model.NATGateway{
				{ID: "nat-0private", Source: at_(n, 23, 9), Subnet: "subnet-0lonely", Private: true},
				{ID: "nat-0pending", Source: at_(n, 36, 9), Subnet: "subnet-0lonely", ElasticIP: "eipalloc-0b2"},
			},
		},
		unknowns: []model.Unknown{
			unknown(model.KindVPC, "vpc-0lonely", "enable_dns_support", "aws ec2 describe-vpc-attribute --vpc-id vpc-0lonely --attribute enableDnsSupport", at_(v, 3, 9)),
			unknown(model.KindVPC, "vpc-0lonely", "enable_dns_hostnames", "aws ec2 describe-vpc-attribute --vpc-id vpc-0lonely --attribute enableDnsHostnames", at_(v, 3, 9)),
			unknown(model.KindVPC, "vpc-0lonely", "dhcp_options", "aws ec2 describe-dhcp-options --dhcp-options-ids dopt-0custom", at_(v, 3, 9)),
			unknown(model.KindSubnet, "subnet-0elsewhere", "", "aws ec2 describe-subnets --subnet-ids subnet-0elsewhere", at_(n, 6, 25)),
			{ID: "nat-0pending", Kind: model.KindNATGateway, Field: "State", Source: at_(n, 38, 22), Why: "the NAT gateway is pending, not yet ready to process traffic",
				Fix: "collect the snapshot again once the NAT gateway is available (aws ec2 describe-nat-gateways --nat-gateway-ids nat-0pending)"},
			unknown(model.KindVPC, "vpc-0lonely", "route tables", "aws ec2 describe-route-tables --filters Name=vpc-id,Values=vpc-0lonely", at_(v, 3, 9)),
			unknown(model.KindVPC, "vpc-0lonely", "network ACLs", "aws ec2 describe-network-acls --filters Name=vpc-id,Values=vpc-0lonely", at_(v, 3, 9)),
		},
		diags: model.Diagnostics{missingWarning(model.KindSubnet, "subnet-0elsewhere", "aws ec2 describe-subnets --subnet-ids subnet-0elsewhere", at_(n, 6, 25))},
	}})
}

// TestEC2BadInput checks that a value of the wrong type, a malformed CIDR
// block and a truncated file are errors at their position, and that the
// rest of the folder is still read (never a panic).
func TestEC2BadInput(t *testing.T) {
	runEC2Cases(t, []ec2Case{{
		name: "malformed", rule: "11.2.1",
		got:  func(w *model.World) any { return []any{w.Subnets, w.RouteTables[1:]} },
		want: []any{[]model.Subnet(nil), []model.RouteTable{{ID: "rtb-0bad", Source: at_("malformed/route-tables.json", 3, 9), VPC: ec2VPC}}},
		diags: model.Diagnostics{
			{Severity: model.SeverityError, Code: CodeInvalidJSON, Source: at_("malformed/subnets.json", 8, 36),
				Message: "Subnets[0].MapPublicIpOnLaunch is string, but the AWS API gives it as bool"},
			{Severity: model.SeverityError, Code: model.CodeInvalidValue, Source: at_("malformed/route-tables.json", 7, 45),
				Message: `"10.0.0.300/16" is not a CIDR block`},
		},
	}, {
		name: "truncated", rule: "11.2.1",
		got:  func(w *model.World) any { return w.SecurityGroups },
		want: []model.SecurityGroup{defaultGroup("truncated")},
		diags: model.Diagnostics{{Severity: model.SeverityError, Code: CodeInvalidJSON, Source: at_("truncated/security-groups.json", 6, 1),
			Message: "not JSON: the file ends in the middle of a value (truncated?)"}},
	}})
}

// TestEC2Duplicates checks objects that several files describe (pages
// that overlap): the same description is read once, a different one is
// an error, as the folder mixes two collections (aws-rules 11.1.5).
func TestEC2Duplicates(t *testing.T) {
	runEC2Cases(t, []ec2Case{{
		name: "duplicates", rule: "11.1.5",
		got:  func(w *model.World) any { return []any{len(w.VPCs), w.Subnets} },
		want: []any{1, []model.Subnet{{ID: "subnet-0a", Source: at_("duplicates/subnets-a.json", 3, 9), VPC: ec2VPC, AZ: "ap-northeast-1a", CIDR: ec2Prefix("10.0.1.0/24")}}},
		diags: model.Diagnostics{{Severity: model.SeverityError, Code: CodeConflict, Source: at_("duplicates/subnets-b.json", 9, 9),
			Message: "subnet subnet-0a is described again, differently from duplicates/subnets-a.json:3:9: the folder mixes two collections; collect the snapshot again into an empty folder (aws-rules 11.1.5)"}},
	}})
}
