package sim_test

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// resolver6 is the resolver hop of ipv6-only.yaml.
const resolver6 = "AmazonProvidedDNS of main (10.0.0.2)"

// unknownFrom is a call whose only placement is unknown, with the
// blockers of the path that is not reachable (aws-rules 10.41, 10.42).
func unknownFrom(kind sim.CallKind, subnet string, blockers []sim.Reason, deciding ...string) outcome {
	return fails(kind, subnet, sim.Unknown, blockers, deciding...)
}

// agentUnknown6 is an agent connection of an IPv6-only container instance
// (aws-rules 10.43).
func agentUnknown6(kind sim.CallKind, subnet, host string) outcome {
	return unknownFrom(kind, subnet, reasons(sim.Unmodeled), "container instance "+host+": input unknown UNMODELED")
}

// ipv6ReasonCases are the rows of ipv6-only.yaml (aws-rules 4.9.4-4.9.9).
func ipv6ReasonCases() []reasonCase {
	eigw := sim.ViaEgressOnlyGateway
	noDNS64 := resolver6 + ": dns failed NO_ROUTE"
	toInternet := "eigw: route dropped NO_ROUTE"
	return []reasonCase{
		{
			name:     "4.9.7 IPv6-only EC2 host with an egress-only gateway: dual-stack calls reachable, Secrets Manager's IPv4 name is not, Exec unsupported (4.9.8)",
			scenario: "ipv6-only", workload: "eigw-only",
			want: []outcome{
				reaches(sim.CallECRAuth, "v6-eigw", eigw),
				reaches(sim.CallECRImage, "v6-eigw", eigw),
				unknownFrom(sim.CallECRLayers, "v6-eigw", reasons(sim.NoRoute), noDNS64),
				reaches(sim.CallLogs, "v6-eigw", eigw),
				unreachable(sim.CallSecret, "v6-eigw", reasons(sim.NoRoute), noDNS64),
				unreachable(sim.CallExec, "v6-eigw", reasons(sim.UnsupportedByPlatform), "eigw-only: platform denied UNSUPPORTED_BY_PLATFORM"),
				unreachable(sim.CallExecLogs, "v6-eigw", reasons(sim.UnsupportedByPlatform), "eigw-only: platform denied UNSUPPORTED_BY_PLATFORM"),
				reaches(sim.CallECSAPI, "v6-eigw", eigw),
				agentUnknown6(sim.CallECSAgent, "v6-eigw", "eigw-asg"),
				agentUnknown6(sim.CallECSTelemetry, "v6-eigw", "eigw-asg"),
			},
		},
		{
			name:     "4.9.5 DNS64 and 64:ff9b::/96 to a NAT gateway: Secrets Manager and the layers through NAT64",
			scenario: "ipv6-only", workload: "nat64",
			want: []outcome{
				reaches(sim.CallECRAuth, "v6-nat64", eigw),
				reaches(sim.CallECRImage, "v6-nat64", eigw),
				reaches(sim.CallECRLayers, "v6-nat64", eigw),
				reaches(sim.CallLogs, "v6-nat64", eigw),
				reaches(sim.CallSecret, "v6-nat64", sim.ViaNATGateway),
				reaches(sim.CallECSAPI, "v6-nat64", eigw),
				agentUnknown6(sim.CallECSAgent, "v6-nat64", "nat64-asg"),
				agentUnknown6(sim.CallECSTelemetry, "v6-nat64", "nat64-asg"),
			},
		},
		{
			name:     "4.9.5 DNS64 with no NAT64 route: the made-up addresses go to the egress-only gateway and are dropped",
			scenario: "ipv6-only", workload: "dns64-no-nat",
			want: []outcome{
				reaches(sim.CallECRAuth, "v6-dns64-eigw", eigw),
				reaches(sim.CallECRImage, "v6-dns64-eigw", eigw),
				unknownFrom(sim.CallECRLayers, "v6-dns64-eigw", reasons(sim.NoRoute), toInternet),
				reaches(sim.CallLogs, "v6-dns64-eigw", eigw),
				unreachable(sim.CallSecret, "v6-dns64-eigw", reasons(sim.NoRoute), toInternet),
				reaches(sim.CallECSAPI, "v6-dns64-eigw", eigw),
				agentUnknown6(sim.CallECSAgent, "v6-dns64-eigw", "dns64-asg"),
				agentUnknown6(sim.CallECSTelemetry, "v6-dns64-eigw", "dns64-asg"),
			},
		},
		{
			name:     "10.41 Fargate in an IPv6-only subnet: where only the dual-stack name works, the call is unknown",
			scenario: "ipv6-only", workload: "fargate-eigw",
			want: []outcome{
				unknownFrom(sim.CallECRAuth, "v6-eigw", reasons(sim.NoRoute), noDNS64),
				reaches(sim.CallECRImage, "v6-eigw", eigw),
				unknownFrom(sim.CallECRLayers, "v6-eigw", reasons(sim.NoRoute), noDNS64),
				unknownFrom(sim.CallLogs, "v6-eigw", reasons(sim.NoRoute), noDNS64),
				unknownFrom(sim.CallSecret, "v6-eigw", reasons(sim.NoRoute), noDNS64),
			},
		},
		{
			name:     "4.9.2 a dual-stack subnet keeps the IPv4 calls",
			scenario: "ipv6-only", workload: "dual-stack",
			want: []outcome{
				reaches(sim.CallECRAuth, "dual-a", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "dual-a", sim.ViaNATGateway),
				reaches(sim.CallECRLayers, "dual-a", sim.ViaNATGateway),
				reaches(sim.CallLogs, "dual-a", sim.ViaNATGateway),
				reaches(sim.CallSecret, "dual-a", sim.ViaNATGateway),
			},
			starts: true,
		},
	}
}

// TestIPv6Hosts checks the host names of IPv6-only calls: the dual-stack
// names the EC2 agent uses, Secrets Manager's IPv4 name, the image URI's
// registry (aws-rules 4.9.7), and the IPv4 names of a dual-stack subnet
// (4.9.2).
func TestIPv6Hosts(t *testing.T) {
	r := sim.Run(loadScenario(t, "ipv6-only"))
	hosts := func(name string) map[sim.CallKind]string {
		out := map[sim.CallKind]string{}
		for _, c := range workload(t, r, name).Calls {
			out[c.Kind] = c.Host
		}
		return out
	}
	cases := []struct {
		name, workload string
		want           map[sim.CallKind]string
	}{{
		name: "4.9.7 EC2 in IPv6-only mode", workload: "nat64",
		want: map[sim.CallKind]string{
			sim.CallECRAuth:      "ecr.ap-northeast-1.api.aws",
			sim.CallECRImage:     "123456789012.dkr-ecr.ap-northeast-1.on.aws",
			sim.CallECRLayers:    "prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com",
			sim.CallLogs:         "logs.ap-northeast-1.api.aws",
			sim.CallSecret:       "secretsmanager.ap-northeast-1.amazonaws.com",
			sim.CallECSAPI:       "ecs.ap-northeast-1.api.aws",
			sim.CallECSAgent:     "ecs-a.ap-northeast-1.amazonaws.com",
			sim.CallECSTelemetry: "ecs-t.ap-northeast-1.amazonaws.com",
		},
	}, {
		name: "10.41 Fargate keeps the names it is not known to change", workload: "fargate-eigw",
		want: map[sim.CallKind]string{
			sim.CallECRAuth:   "api.ecr.ap-northeast-1.amazonaws.com",
			sim.CallECRImage:  "123456789012.dkr-ecr.ap-northeast-1.on.aws",
			sim.CallECRLayers: "prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com",
			sim.CallLogs:      "logs.ap-northeast-1.amazonaws.com",
			sim.CallSecret:    "secretsmanager.ap-northeast-1.amazonaws.com",
		},
	}, {
		name: "4.9.2 dual-stack subnet", workload: "dual-stack",
		want: map[sim.CallKind]string{
			sim.CallECRAuth:   "api.ecr.ap-northeast-1.amazonaws.com",
			sim.CallECRImage:  "123456789012.dkr-ecr.ap-northeast-1.on.aws",
			sim.CallECRLayers: "prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com",
			sim.CallLogs:      "logs.ap-northeast-1.amazonaws.com",
			sim.CallSecret:    "secretsmanager.ap-northeast-1.amazonaws.com",
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, hosts(c.workload)); diff != "" {
				t.Errorf("hosts (-want +got):\n%s", diff)
			}
		})
	}
}

// TestIPv6OnlyIPv4ImageURI pulls by the IPv4-only ECR URI in IPv6-only
// tasks (aws-rules 4.9.9): a warning at the container, and the pull traced
// through DNS64 and NAT64 where the subnet has them (4.9.5), or blocked
// where it has not.
func TestIPv6OnlyIPv4ImageURI(t *testing.T) {
	w := loadScenario(t, "ipv6-only")
	ct := &w.TaskDefinitions[0].Containers[0]
	ct.Image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.0"
	r := sim.Run(w)
	var got []string
	for _, d := range r.Diagnostics {
		got = append(got, string(d.Severity)+" "+d.Code+" "+d.Source.String())
	}
	// One warning, though three services and two placements see it.
	want := []string{string(model.SeverityWarning) + " ipv6-only-image-uri " + ct.Source.String()}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	image := func(name string) outcome {
		for _, o := range outcomes(workload(t, r, name)) {
			if o.Kind == sim.CallECRImage {
				return o
			}
		}
		t.Fatalf("%s has no ecr-image call", name)
		return outcome{}
	}
	cases := []struct {
		name, workload string
		want           outcome
	}{
		{"4.9.5 DNS64 and NAT64: reachable via the NAT gateway", "nat64", reaches(sim.CallECRImage, "v6-nat64", sim.ViaNATGateway)},
		{"4.9.5 no DNS64: no IPv6 address to use", "eigw-only", unreachable(sim.CallECRImage, "v6-eigw", reasons(sim.NoRoute), resolver6+": dns failed NO_ROUTE")},
		{"4.9.2 a dual-stack subnet pulls over IPv4 as before", "dual-stack", reaches(sim.CallECRImage, "dual-a", sim.ViaNATGateway)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, image(c.workload)); diff != "" {
				t.Errorf("ecr-image (-want +got):\n%s", diff)
			}
		})
	}
}

// subnet returns a pointer to the subnet with the given ID.
func subnet(t testing.TB, w *model.World, id string) *model.Subnet {
	t.Helper()
	for i := range w.Subnets {
		if w.Subnets[i].ID == id {
			return &w.Subnets[i]
		}
	}
	t.Fatalf("no subnet %q", id)
	return nil
}

// withEndpointSubnet adds to ipv6-only.yaml an IPv4-only subnet for
// interface endpoints, a group admitting HTTPS from the VPC's IPv4 and
// IPv6 blocks, and the VPC DNS attributes endpoint private DNS needs.
func withEndpointSubnet(w *model.World) {
	w.VPCs[0].EnableDNSHostnames = true
	w.Subnets = append(w.Subnets, model.Subnet{ID: "endpoints-a", VPC: "main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.9.0/24")})
	w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: "endpoints", VPC: "main", Ingress: []model.SGRule{
		{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, CIDRs: []netip.Prefix{pfx("10.0.0.0/16"), pfx("2600:1f18:aaaa:bb00::/56")}}}})
}

// withEFS gives the task definition of ipv6-only.yaml an EFS volume whose
// only mount target is in subnet, with a group admitting NFS from the VPC,
// and the VPC DNS attributes the file system's name needs.
func withEFS(w *model.World, subnet string) {
	w.VPCs[0].EnableDNSHostnames = true
	w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: "nfs", VPC: "main", Ingress: []model.SGRule{
		{Protocol: model.ProtocolTCP, FromPort: 2049, ToPort: 2049, CIDRs: []netip.Prefix{pfx("10.0.0.0/16"), pfx("2600:1f18:aaaa:bb00::/56")}}}})
	w.FileSystems = append(w.FileSystems, model.FileSystem{ID: "data", FileSystemID: "fs-0123456789abcdef0",
		MountTargets: []model.MountTarget{{ID: "data-a", Subnet: subnet, SecurityGroups: []string{"nfs"}}}})
	w.TaskDefinitions[0].Volumes = append(w.TaskDefinitions[0].Volumes, model.Volume{Name: "data", EFS: &model.EFSVolume{FileSystemID: "fs-0123456789abcdef0"}})
}

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

// interfaceEndpoint is an interface endpoint of service with private DNS in
// endpoints-a.
func interfaceEndpoint(service string) model.Endpoint {
	return model.Endpoint{ID: service, VPC: "main", ServiceName: apne1 + service, Type: model.EndpointInterface,
		Subnets: []string{"endpoints-a"}, SecurityGroups: []string{"endpoints"}, PrivateDNS: true}
}

// TestIPv6Paths checks IPv6 paths of ipv6-only.yaml changed one setting at
// a time: one call of one workload, whole outcome.
func TestIPv6Paths(t *testing.T) {
	cases := []struct {
		name     string
		workload string
		kind     sim.CallKind
		change   func(t *testing.T, w *model.World)
		want     outcome
	}{{
		name:     "4.9.6 an internet gateway carries IPv6 with no public IPv4",
		workload: "eigw-only", kind: sim.CallECRAuth,
		change: func(t *testing.T, w *model.World) {
			r := &routeTable(t, w, "v6-eigw").Routes[0]
			r.Target, r.TargetID = model.TargetInternetGateway, "igw"
		},
		want: reaches(sim.CallECRAuth, "v6-eigw", sim.ViaInternetGateway),
	}, {
		name:     "4.9.6 a NAT gateway does not carry a native IPv6 address",
		workload: "eigw-only", kind: sim.CallECRAuth,
		change: func(t *testing.T, w *model.World) {
			r := &routeTable(t, w, "v6-eigw").Routes[0]
			r.Target, r.TargetID = model.TargetNATGateway, "nat"
		},
		want: unreachable(sim.CallECRAuth, "v6-eigw", reasons(sim.NoRoute), "nat: nat dropped NO_ROUTE"),
	}, {
		name:     "4.9.6 no IPv6 route: NO_ROUTE",
		workload: "eigw-only", kind: sim.CallECRAuth,
		change: func(t *testing.T, w *model.World) { routeTable(t, w, "v6-eigw").Routes = nil },
		want:   unreachable(sim.CallECRAuth, "v6-eigw", reasons(sim.NoRoute), "v6-eigw: route dropped NO_ROUTE"),
	}, {
		name:     "4.9.4 a security group that allows only IPv4 egress denies the IPv6 call",
		workload: "eigw-only", kind: sim.CallECRAuth,
		change: func(t *testing.T, w *model.World) {
			securityGroup(t, w, "app").Egress = []model.SGRule{{Protocol: model.ProtocolAll, CIDRs: []netip.Prefix{pfx("0.0.0.0/0")}}}
		},
		want: unreachable(sim.CallECRAuth, "v6-eigw", reasons(sim.SGEgressDenied), "container instance eigw-asg: security-group denied SG_EGRESS_DENIED"),
	}, {
		name:     "4.9.4 a network ACL with only IPv4 rules drops the IPv6 call",
		workload: "eigw-only", kind: sim.CallECRAuth,
		change: func(t *testing.T, w *model.World) {
			w.NetworkACLs = append(w.NetworkACLs, model.NetworkACL{ID: "v4-only", VPC: "main",
				Ingress: []model.ACLRule{{Number: 100, Protocol: model.ProtocolAll, CIDR: pfx("0.0.0.0/0"), Allow: true}},
				Egress:  []model.ACLRule{{Number: 100, Protocol: model.ProtocolAll, CIDR: pfx("0.0.0.0/0"), Allow: true}}})
			subnet(t, w, "v6-eigw").NetworkACL = "v4-only"
		},
		want: unreachable(sim.CallECRAuth, "v6-eigw", reasons(sim.NACLDenied, sim.NACLDenied),
			"v4-only: nacl denied NACL_DENIED", "v4-only: nacl denied NACL_DENIED"),
	}, {
		name:     "4.9.5 a Secrets Manager endpoint with IPv4 addresses only, reached through DNS64 and NAT64",
		workload: "nat64", kind: sim.CallSecret,
		change: func(t *testing.T, w *model.World) {
			withEndpointSubnet(w)
			w.Endpoints = append(w.Endpoints, interfaceEndpoint("secretsmanager"))
		},
		want: reaches(sim.CallSecret, "v6-nat64", sim.ViaInterfaceEndpoint),
	}, {
		name:     "10.44 an endpoint in a subnet with an IPv6 block: AAAA records or not decide, and both paths work",
		workload: "nat64", kind: sim.CallSecret,
		change: func(t *testing.T, w *model.World) {
			withEndpointSubnet(w)
			subnet(t, w, "endpoints-a").IPv6CIDR = pfx("2600:1f18:aaaa:bb09::/64")
			w.Endpoints = append(w.Endpoints, interfaceEndpoint("secretsmanager"))
		},
		want: reaches(sim.CallSecret, "v6-nat64", sim.ViaInterfaceEndpoint),
	}, {
		name:     "10.44 without DNS64 only the endpoint's AAAA records would help: unknown",
		workload: "eigw-only", kind: sim.CallSecret,
		change: func(t *testing.T, w *model.World) {
			withEndpointSubnet(w)
			subnet(t, w, "endpoints-a").IPv6CIDR = pfx("2600:1f18:aaaa:bb09::/64")
			w.Endpoints = append(w.Endpoints, interfaceEndpoint("secretsmanager"))
		},
		want: unknownFrom(sim.CallSecret, "v6-eigw", reasons(sim.NoRoute), resolver6+": dns failed NO_ROUTE"),
	}, {
		name:     "10.42 a logs endpoint may answer the dual-stack name; without DNS64 its IPv4 addresses fail: unknown",
		workload: "eigw-only", kind: sim.CallLogs,
		change: func(t *testing.T, w *model.World) {
			withEndpointSubnet(w)
			w.Endpoints = append(w.Endpoints, interfaceEndpoint("logs"))
		},
		want: unknownFrom(sim.CallLogs, "v6-eigw", reasons(sim.NoRoute), resolver6+": dns failed NO_ROUTE"),
	}, {
		name:     "10.42 a logs endpoint reached through NAT64 or the public dual-stack name: reachable either way",
		workload: "nat64", kind: sim.CallLogs,
		change: func(t *testing.T, w *model.World) {
			withEndpointSubnet(w)
			w.Endpoints = append(w.Endpoints, interfaceEndpoint("logs"))
		},
		want: reaches(sim.CallLogs, "v6-nat64", sim.ViaEgressOnlyGateway),
	}, {
		name:     "1.2.5 an ECR endpoint never answers the dual-stack name",
		workload: "eigw-only", kind: sim.CallECRAuth,
		change: func(t *testing.T, w *model.World) {
			withEndpointSubnet(w)
			w.Endpoints = append(w.Endpoints, interfaceEndpoint("ecr.api"))
		},
		want: reaches(sim.CallECRAuth, "v6-eigw", sim.ViaEgressOnlyGateway),
	}, {
		name:     "10.44 an S3 gateway endpoint in the table: whether it carries IPv6 is not read",
		workload: "nat64", kind: sim.CallECRLayers,
		change: func(t *testing.T, w *model.World) {
			w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "s3", VPC: "main", ServiceName: apne1 + "s3", Type: model.EndpointGateway, RouteTables: []string{"v6-nat64"}})
		},
		want: unknownFrom(sim.CallECRLayers, "v6-nat64", reasons(sim.Unmodeled), "v6-nat64: route unknown UNMODELED"),
	}, {
		name:     "4.10.2 block-bidirectional BPA blocks an egress-only gateway too",
		workload: "eigw-only", kind: sim.CallECRAuth,
		change: func(t *testing.T, w *model.World) {
			w.BlockPublicAccess = []model.BlockPublicAccess{{ID: "bpa", Mode: model.BPABidirectional}}
		},
		want: unreachable(sim.CallECRAuth, "v6-eigw", reasons(sim.VPCBPABlocked), "eigw: block-public-access denied VPC_BPA_BLOCKED"),
	}, {
		name:     "4.10.3 block-ingress BPA lets an egress-only gateway's outbound connection through",
		workload: "eigw-only", kind: sim.CallECRAuth,
		change: func(t *testing.T, w *model.World) {
			w.BlockPublicAccess = []model.BlockPublicAccess{{ID: "bpa", Mode: model.BPAIngress}}
		},
		want: reaches(sim.CallECRAuth, "v6-eigw", sim.ViaEgressOnlyGateway),
	}, {
		name:     "4.10.3 block-ingress BPA blocks a task's IPv6 connection straight through an internet gateway",
		workload: "eigw-only", kind: sim.CallECRAuth,
		change: func(t *testing.T, w *model.World) {
			r := &routeTable(t, w, "v6-eigw").Routes[0]
			r.Target, r.TargetID = model.TargetInternetGateway, "igw"
			w.BlockPublicAccess = []model.BlockPublicAccess{{ID: "bpa", Mode: model.BPAIngress}}
		},
		want: unreachable(sim.CallECRAuth, "v6-eigw", reasons(sim.VPCBPABlocked), "igw: block-public-access denied VPC_BPA_BLOCKED"),
	}, {
		name:     "10.44 dns_record_ip_type dualstack: AAAA records, reachable without DNS64",
		workload: "eigw-only", kind: sim.CallSecret,
		change: func(t *testing.T, w *model.World) {
			withEndpointSubnet(w)
			subnet(t, w, "endpoints-a").IPv6CIDR = pfx("2600:1f18:aaaa:bb09::/64")
			ep := interfaceEndpoint("secretsmanager")
			ep.IPAddressType, ep.DNSRecordIPType = model.EndpointDualstack, model.EndpointDualstack
			w.Endpoints = append(w.Endpoints, ep)
		},
		want: reaches(sim.CallSecret, "v6-eigw", sim.ViaInterfaceEndpoint),
	}, {
		name:     "10.44 dns_record_ip_type service-defined: the private DNS name has A records only",
		workload: "eigw-only", kind: sim.CallSecret,
		change: func(t *testing.T, w *model.World) {
			withEndpointSubnet(w)
			subnet(t, w, "endpoints-a").IPv6CIDR = pfx("2600:1f18:aaaa:bb09::/64")
			ep := interfaceEndpoint("secretsmanager")
			ep.IPAddressType, ep.DNSRecordIPType = model.EndpointDualstack, model.EndpointServiceDefined
			w.Endpoints = append(w.Endpoints, ep)
		},
		want: unreachable(sim.CallSecret, "v6-eigw", reasons(sim.NoRoute), resolver6+": dns failed NO_ROUTE"),
	}, {
		name:     "10.44 ip_address_type ipv4: the ENIs have no IPv6 address",
		workload: "eigw-only", kind: sim.CallSecret,
		change: func(t *testing.T, w *model.World) {
			withEndpointSubnet(w)
			subnet(t, w, "endpoints-a").IPv6CIDR = pfx("2600:1f18:aaaa:bb09::/64")
			ep := interfaceEndpoint("secretsmanager")
			ep.IPAddressType = model.EndpointIPv4
			w.Endpoints = append(w.Endpoints, ep)
		},
		want: unreachable(sim.CallSecret, "v6-eigw", reasons(sim.NoRoute), resolver6+": dns failed NO_ROUTE"),
	}, {
		name:     "10.44 an endpoint in an IPv6-only subnet has IPv6 addresses only",
		workload: "eigw-only", kind: sim.CallSecret,
		change: func(t *testing.T, w *model.World) {
			withEndpointSubnet(w)
			s := subnet(t, w, "endpoints-a")
			s.CIDR, s.IPv6CIDR, s.IPv6Native = netip.Prefix{}, pfx("2600:1f18:aaaa:bb09::/64"), true
			w.Endpoints = append(w.Endpoints, interfaceEndpoint("secretsmanager"))
		},
		want: reaches(sim.CallSecret, "v6-eigw", sim.ViaInterfaceEndpoint),
	}, {
		name:     "10.44 an EFS mount target in a dual-stack subnet: whether it has an IPv6 address decides without DNS64",
		workload: "eigw-only", kind: sim.CallEFS,
		change: func(t *testing.T, w *model.World) {
			withEFS(w, "dual-a")
		},
		want: unknownFrom(sim.CallEFS, "v6-eigw", reasons(sim.NoRoute), resolver6+": dns failed NO_ROUTE"),
	}, {
		name:     "4.9.5 an EFS mount target with IPv4 only, reached through DNS64 and NAT64",
		workload: "nat64", kind: sim.CallEFS,
		change: func(t *testing.T, w *model.World) {
			withEndpointSubnet(w)
			withEFS(w, "endpoints-a")
		},
		want: reaches(sim.CallEFS, "v6-nat64", sim.ViaLocal),
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := loadScenario(t, "ipv6-only")
			c.change(t, w)
			var got []outcome
			for _, o := range outcomes(workload(t, sim.Run(w), c.workload)) {
				if o.Kind == c.kind {
					got = append(got, o)
				}
			}
			if diff := cmp.Diff([]outcome{c.want}, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.kind, diff)
			}
		})
	}
}
