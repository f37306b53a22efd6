package whatif_test

import (
	"net/netip"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// The IDs and names of the worlds the tests use: the seed (example/seed.yaml)
// and scenarios of testdata/scenarios.
const (
	smService = "com.amazonaws.ap-northeast-1.secretsmanager"
	s3Service = "com.amazonaws.ap-northeast-1.s3"
	secretARN = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password-AbCdEf"

	ecrAPIService = "com.amazonaws.ap-northeast-1.ecr.api"
	ecrDKRService = "com.amazonaws.ap-northeast-1.ecr.dkr"
	logsService   = "com.amazonaws.ap-northeast-1.logs"
)

var defaultRoute = netip.MustParsePrefix("0.0.0.0/0")

// worldOpts compare worlds: netip values by ==, and a nil slice or map
// as an empty one.
var worldOpts = cmp.Options{
	cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }),
	cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
	cmpopts.EquateEmpty(),
}

// load returns the seed ("seed") or testdata/scenarios/NAME.yaml.
func load(t testing.TB, name string) *model.World {
	t.Helper()
	var w *model.World
	var ds model.Diagnostics
	if name == "seed" {
		w, ds = scenario.Decode(example.SeedFile, example.Seed)
	} else {
		w, ds = scenario.LoadFile("../testdata/scenarios/" + name + ".yaml")
	}
	if w == nil || ds.HasErrors() {
		t.Fatalf("loading %s: %v", name, ds)
	}
	return w
}

// world loads name and, if prepare is not nil, changes it by hand.
func world(t testing.TB, name string, prepare func(*model.World)) *model.World {
	t.Helper()
	w := load(t, name)
	if prepare != nil {
		prepare(w)
	}
	return w
}

// elem returns the object of s with the given ID; the test fails if
// there is none.
func elem[T any](t testing.TB, s []T, id string) *T {
	t.Helper()
	for i := range s {
		if reflect.ValueOf(s[i]).FieldByName("ID").String() == id {
			return &s[i]
		}
	}
	t.Fatalf("no %T %q", s, id)
	return nil
}

func deleteEndpoint(w *model.World, id string) {
	w.Endpoints = slices.DeleteFunc(w.Endpoints, func(e model.Endpoint) bool { return e.ID == id })
}

// restrictAppEgress leaves the seed task's group one egress rule, TCP 443
// to the VPC: ECR layers from S3 through the gateway endpoint are denied
// (aws-rules 5.1.3).
func restrictAppEgress(w *model.World) {
	for i := range w.SecurityGroups {
		if w.SecurityGroups[i].ID == "app" {
			w.SecurityGroups[i].Egress = []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443,
				CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}}}
		}
	}
}

// sharedLogsZone gives the seed a private hosted zone for the logs name
// whose alias record points at the logs endpoint, as AWS's multi-VPC
// guidance builds one (aws-rules 3.2.6).
func sharedLogsZone(w *model.World) {
	w.HostedZones = append(w.HostedZones, model.HostedZone{ID: "shared-logs", Name: "logs.ap-northeast-1.amazonaws.com",
		VPCs: []string{"main"}, Records: []model.Record{{Name: "logs.ap-northeast-1.amazonaws.com", Type: model.RecordA,
			Alias: "vpce-0123456789abcdef0-abcdefgh.logs.ap-northeast-1.vpce.amazonaws.com", AliasEndpoint: "logs"}}})
}

// moreSubnets puts the seed service in two more subnets: one in the AZ it
// has (1a), one in another (1c).
func moreSubnets(w *model.World) {
	w.Subnets = append(w.Subnets,
		model.Subnet{ID: "private-a2", VPC: "main", AZ: "ap-northeast-1a", CIDR: netip.MustParsePrefix("10.0.2.0/24"), RouteTable: "private-a"},
		model.Subnet{ID: "private-c", VPC: "main", AZ: "ap-northeast-1c", CIDR: netip.MustParsePrefix("10.0.3.0/24"), RouteTable: "private-a"})
	w.Services[0].Subnets = append(w.Services[0].Subnets, "private-a2", "private-c")
}

// twoIsolatedSubnets puts service isolated of
// testdata/scenarios/routing.yaml in two more subnets of its route table:
// one in the AZ it has (1a), one in another (1c).
func twoIsolatedSubnets(w *model.World) {
	w.Subnets = append(w.Subnets,
		model.Subnet{ID: "isolated-a2", VPC: "main", AZ: "ap-northeast-1a", CIDR: netip.MustParsePrefix("10.0.6.0/24"), RouteTable: "isolated"},
		model.Subnet{ID: "isolated-c", VPC: "main", AZ: "ap-northeast-1c", CIDR: netip.MustParsePrefix("10.0.7.0/24"), RouteTable: "isolated"})
	for i := range w.Services {
		if w.Services[i].ID == "isolated" {
			w.Services[i].Subnets = append(w.Services[i].Subnets, "isolated-a2", "isolated-c")
		}
	}
}

// noServiceGroups leaves service isolated of routing.yaml no security
// group.
func noServiceGroups(w *model.World) {
	for i := range w.Services {
		if w.Services[i].ID == "isolated" {
			w.Services[i].SecurityGroups = nil
		}
	}
}

// v6Endpoint and v6Group are the IDs of the secretsmanager endpoint and
// the endpoint group that AddEndpoint adds to VPC main of
// testdata/scenarios/ipv6-only.yaml.
const (
	v6Endpoint = "what-if-" + smService
	v6Group    = "what-if-endpoints-main"
)

// addedInterface is the interface endpoint AddEndpoint adds for smService
// to VPC main.
func addedInterface(subnets, groups []string, ipType, dnsType string) model.Endpoint {
	return model.Endpoint{ID: v6Endpoint, VPC: "main", ServiceName: smService, Type: model.EndpointInterface, PrivateDNS: true,
		Subnets: subnets, SecurityGroups: groups, IPAddressType: ipType, DNSRecordIPType: dnsType}
}

// v6EndpointGroup is the endpoint group AddEndpoint makes in VPC main,
// with ingress from group app.
func v6EndpointGroup() model.SecurityGroup {
	return model.SecurityGroup{ID: v6Group, VPC: "main", Ingress: []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443,
		SecurityGroups: []string{"app"}, Description: "HTTPS from the tasks"}}}
}

// withSubnet adds to VPC main of ipv6-only.yaml subnet id in AZ 1a: IPv4
// only when v6 is "", dual-stack otherwise.
func withSubnet(id, cidr, v6 string) func(*model.World) {
	return func(w *model.World) {
		s := model.Subnet{ID: id, VPC: "main", AZ: "ap-northeast-1a", CIDR: netip.MustParsePrefix(cidr), RouteTable: "dual"}
		if v6 != "" {
			s.IPv6CIDR = netip.MustParsePrefix(v6)
		}
		w.Subnets = append(w.Subnets, s)
	}
}

// withEndpoint adds to VPC main of ipv6-only.yaml an interface endpoint
// for logs in subnets, with group endpoints, which admits HTTPS from
// group app, the group of all the world's tasks.
func withEndpoint(subnets ...string) func(*model.World) {
	return func(w *model.World) {
		w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: "endpoints", VPC: "main", Ingress: []model.SGRule{
			{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, SecurityGroups: []string{"app"}}}})
		w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "logs", VPC: "main", ServiceName: logsService, Type: model.EndpointInterface,
			PrivateDNS: true, Subnets: subnets, SecurityGroups: []string{"endpoints"}})
	}
}

// inSubnets puts service svc of the world in subnets.
func inSubnets(svc string, subnets ...string) func(*model.World) {
	return func(w *model.World) {
		for i := range w.Services {
			if w.Services[i].ID == svc {
				w.Services[i].Subnets = subnets
			}
		}
	}
}

// all applies each of prepare in turn.
func all(prepare ...func(*model.World)) func(*model.World) {
	return func(w *model.World) {
		for _, p := range prepare {
			p(w)
		}
	}
}

// fixRule is the security group rule AllowEgress and AllowIngress add: TCP
// port to or from a group, a prefix list or a CIDR, whichever is not "".
func fixRule(port int, group, prefixList, cidr string) model.SGRule {
	r := model.SGRule{Protocol: model.ProtocolTCP, FromPort: port, ToPort: port, Description: "vpctrace fix"}
	switch {
	case group != "":
		r.SecurityGroups = []string{group}
	case prefixList != "":
		r.PrefixLists = []string{prefixList}
	default:
		r.CIDRs = []netip.Prefix{netip.MustParsePrefix(cidr)}
	}
	return r
}

// same reports how got differs from want, if it does.
func same(t testing.TB, what string, want, got any, opts ...cmp.Option) {
	t.Helper()
	if diff := cmp.Diff(want, got, opts...); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

func ref(kind model.Kind, id string) model.Ref { return model.Ref{Kind: kind, ID: id} }

// TestApply checks each kind of change against the same edit made by hand
// on a copy of the world, and the objects it says it touched.
func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		world   string
		prepare func(*model.World)
		changes []whatif.Change
		want    func(t testing.TB, w *model.World) // the edit, by hand
		touched []model.Ref
	}{{
		name:    "aws-rules 3.5.1: disabling an endpoint removes it",
		world:   "seed",
		changes: []whatif.Change{{Kind: whatif.DisableEndpoint, Target: "secretsmanager"}},
		want:    func(_ testing.TB, w *model.World) { deleteEndpoint(w, "secretsmanager") },
		touched: []model.Ref{ref(model.KindEndpoint, "secretsmanager")},
	}, {
		name:    "aws-rules 3.2.6: disabling an endpoint unhooks the alias records that name it",
		world:   "seed",
		prepare: sharedLogsZone,
		changes: []whatif.Change{{Kind: whatif.DisableEndpoint, Target: "logs"}},
		want: func(t testing.TB, w *model.World) {
			deleteEndpoint(w, "logs")
			elem(t, w.HostedZones, "shared-logs").Records[0].AliasEndpoint = ""
		},
		touched: []model.Ref{ref(model.KindEndpoint, "logs"), ref(model.KindHostedZone, "shared-logs")},
	}, {
		name:    "aws-rules 3.2.1: toggling private DNS turns it on",
		world:   "seed-secretsmanager-private-dns-off",
		changes: []whatif.Change{{Kind: whatif.TogglePrivateDNS, Target: "secretsmanager"}},
		want:    func(t testing.TB, w *model.World) { elem(t, w.Endpoints, "secretsmanager").PrivateDNS = true },
		touched: []model.Ref{ref(model.KindEndpoint, "secretsmanager")},
	}, {
		name:  "aws-rules 4.3.1: an S3 endpoint added is a gateway endpoint on the service's route table",
		world: "seed",
		changes: []whatif.Change{{Kind: whatif.DisableEndpoint, Target: "s3"},
			{Kind: whatif.AddEndpoint, Target: "app", Value: s3Service}},
		want: func(_ testing.TB, w *model.World) {
			deleteEndpoint(w, "s3")
			w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "what-if-" + s3Service, VPC: "main", ServiceName: s3Service,
				Type: model.EndpointGateway, RouteTables: []string{"private-a"}})
		},
		touched: []model.Ref{ref(model.KindEndpoint, "s3"), ref(model.KindEndpoint, "what-if-"+s3Service)},
	}, {
		name:    "aws-rules 3.2.1, 9.1: an interface endpoint added has private DNS, and the subnets and groups of the VPC's other interface endpoints",
		world:   "seed",
		prepare: moreSubnets,
		changes: []whatif.Change{{Kind: whatif.DisableEndpoint, Target: "secretsmanager"},
			{Kind: whatif.AddEndpoint, Target: "app", Value: smService}},
		want: func(_ testing.TB, w *model.World) {
			deleteEndpoint(w, "secretsmanager")
			w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "what-if-" + smService, VPC: "main", ServiceName: smService,
				Type: model.EndpointInterface, PrivateDNS: true, Subnets: []string{"private-a"},
				SecurityGroups: []string{"vpc-endpoint"}})
		},
		touched: []model.Ref{ref(model.KindEndpoint, "secretsmanager"), ref(model.KindEndpoint, "what-if-"+smService)},
	}, {
		name:    "aws-rules 4.5.1: a default route to a NAT gateway replaces the table's default route",
		world:   "nat",
		changes: []whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "to-check-on", Value: "stranded"}},
		want: func(t testing.TB, w *model.World) {
			elem(t, w.RouteTables, "to-check-on").Routes = []model.Route{{Destination: defaultRoute,
				Target: model.TargetNATGateway, TargetID: "stranded"}}
		},
		touched: []model.Ref{ref(model.KindRouteTable, "to-check-on")},
	}, {
		name:    "aws-rules 4.2.4: removing the default route leaves the table without it",
		world:   "nat",
		changes: []whatif.Change{{Kind: whatif.RemoveDefaultRoute, Target: "to-nat-instance"}},
		want:    func(t testing.TB, w *model.World) { elem(t, w.RouteTables, "to-nat-instance").Routes = nil },
		touched: []model.Ref{ref(model.KindRouteTable, "to-nat-instance")},
	}, {
		name:    "aws-rules 2.5: flipping assignPublicIp",
		world:   "routing",
		changes: []whatif.Change{{Kind: whatif.FlipPublicIP, Target: "public-no-ip"}},
		want:    func(t testing.TB, w *model.World) { elem(t, w.Services, "public-no-ip").AssignPublicIP = true },
		touched: []model.Ref{ref(model.KindService, "public-no-ip")},
	}, {
		name:    "aws-rules 2.1.1: setting the platform version",
		world:   "seed",
		changes: []whatif.Change{{Kind: whatif.SetPlatformVersion, Target: "app", Value: "1.3.0"}},
		want:    func(t testing.TB, w *model.World) { elem(t, w.Services, "app").PlatformVersion = "1.3.0" },
		touched: []model.Ref{ref(model.KindService, "app")},
	}, {
		name:    "aws-rules 5.1.3: S3 egress names the region's S3 prefix list",
		world:   "seed",
		changes: []whatif.Change{{Kind: whatif.AddS3Egress, Target: "app"}},
		want: func(t testing.TB, w *model.World) {
			sg := elem(t, w.SecurityGroups, "app")
			sg.Egress = append(sg.Egress, model.SGRule{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443,
				PrefixLists: []string{s3Service}, Description: "HTTPS to S3 (vpctrace fix)"})
		},
		touched: []model.Ref{ref(model.KindSecurityGroup, "app")},
	}, {
		name:  "aws-rules 5.1.3: S3 egress names the world's S3 prefix list by its ID",
		world: "seed",
		prepare: func(w *model.World) {
			w.PrefixLists = append(w.PrefixLists, model.PrefixList{ID: "pl-61a54008", AWSService: s3Service})
		},
		changes: []whatif.Change{{Kind: whatif.AddS3Egress, Target: "app"}},
		want: func(t testing.TB, w *model.World) {
			sg := elem(t, w.SecurityGroups, "app")
			sg.Egress = append(sg.Egress, model.SGRule{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443,
				PrefixLists: []string{"pl-61a54008"}, Description: "HTTPS to S3 (vpctrace fix)"})
		},
		touched: []model.Ref{ref(model.KindSecurityGroup, "app")},
	}, {
		name:    "aws-rules 3.2.1: EnablePrivateDNS turns private DNS on",
		world:   "seed-secretsmanager-private-dns-off",
		changes: []whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: "secretsmanager"}},
		want:    func(t testing.TB, w *model.World) { elem(t, w.Endpoints, "secretsmanager").PrivateDNS = true },
		touched: []model.Ref{ref(model.KindEndpoint, "secretsmanager")},
	}, {
		name:    "aws-rules 3.2.1: EnablePrivateDNS leaves private DNS that is on as it is, unlike a toggle",
		world:   "seed",
		changes: []whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: "secretsmanager"}},
		want:    func(testing.TB, *model.World) {},
		touched: []model.Ref{ref(model.KindEndpoint, "secretsmanager")},
	}, {
		name:    "aws-rules 3.1.1, 3.2.2: EnableVPCDNS turns on DNS support and DNS hostnames",
		world:   "dns",
		changes: []whatif.Change{{Kind: whatif.EnableVPCDNS, Target: "no-dns"}},
		want: func(t testing.TB, w *model.World) {
			v := elem(t, w.VPCs, "no-dns")
			v.EnableDNSSupport, v.EnableDNSHostnames = true, true
		},
		touched: []model.Ref{ref(model.KindVPC, "no-dns")},
	}, {
		name:    "aws-rules 4.3.1: AssociateRouteTable adds the table to the gateway endpoint",
		world:   "endpoint-policy",
		changes: []whatif.Change{{Kind: whatif.AssociateRouteTable, Target: "s3-perimeter", Value: "fixed"}},
		want: func(t testing.TB, w *model.World) {
			elem(t, w.Endpoints, "s3-perimeter").RouteTables = []string{"trap", "fixed"}
		},
		touched: []model.Ref{ref(model.KindEndpoint, "s3-perimeter")},
	}, {
		name:    "aws-rules 4.3.1: AssociateRouteTable with a table the endpoint has adds nothing",
		world:   "endpoint-policy",
		changes: []whatif.Change{{Kind: whatif.AssociateRouteTable, Target: "s3-perimeter", Value: "trap"}},
		want:    func(testing.TB, *model.World) {},
		touched: []model.Ref{ref(model.KindEndpoint, "s3-perimeter")},
	}, {
		name:    "aws-rules 5.1.2: AllowEgress to a security group",
		world:   "filters",
		changes: []whatif.Change{{Kind: whatif.AllowEgress, Target: "closed", Value: "endpoints", Port: 443}},
		want: func(t testing.TB, w *model.World) {
			elem(t, w.SecurityGroups, "closed").Egress = []model.SGRule{fixRule(443, "endpoints", "", "")}
		},
		touched: []model.Ref{ref(model.KindSecurityGroup, "closed")},
	}, {
		name:    "aws-rules 5.1.3: AllowEgress to the S3 prefix list by its service name",
		world:   "filters",
		changes: []whatif.Change{{Kind: whatif.AllowEgress, Target: "closed", Value: s3Service, Port: 443}},
		want: func(t testing.TB, w *model.World) {
			elem(t, w.SecurityGroups, "closed").Egress = []model.SGRule{fixRule(443, "", s3Service, "")}
		},
		touched: []model.Ref{ref(model.KindSecurityGroup, "closed")},
	}, {
		name:  "aws-rules 5.1.3: AllowEgress to a prefix list of the world by its ID",
		world: "filters",
		prepare: func(w *model.World) {
			w.PrefixLists = append(w.PrefixLists, model.PrefixList{ID: "pl-61a54008", AWSService: s3Service})
		},
		changes: []whatif.Change{{Kind: whatif.AllowEgress, Target: "closed", Value: "pl-61a54008", Port: 443}},
		want: func(t testing.TB, w *model.World) {
			elem(t, w.SecurityGroups, "closed").Egress = []model.SGRule{fixRule(443, "", "pl-61a54008", "")}
		},
		touched: []model.Ref{ref(model.KindSecurityGroup, "closed")},
	}, {
		name:    "aws-rules 5.1.2: AllowEgress to a CIDR",
		world:   "filters",
		changes: []whatif.Change{{Kind: whatif.AllowEgress, Target: "closed", Value: "10.0.0.0/24", Port: 443}},
		want: func(t testing.TB, w *model.World) {
			elem(t, w.SecurityGroups, "closed").Egress = []model.SGRule{fixRule(443, "", "", "10.0.0.0/24")}
		},
		touched: []model.Ref{ref(model.KindSecurityGroup, "closed")},
	}, {
		name:    "aws-rules 5.1.4: AllowIngress from a security group, after the group's rules",
		world:   "filters",
		changes: []whatif.Change{{Kind: whatif.AllowIngress, Target: "endpoints", Value: "other", Port: 443}},
		want: func(t testing.TB, w *model.World) {
			sg := elem(t, w.SecurityGroups, "endpoints")
			sg.Ingress = append(sg.Ingress, fixRule(443, "other", "", ""))
		},
		touched: []model.Ref{ref(model.KindSecurityGroup, "endpoints")},
	}, {
		name:    "aws-rules 5.1.4: AllowIngress from a CIDR (NFS to a mount target's group)",
		world:   "efs",
		changes: []whatif.Change{{Kind: whatif.AllowIngress, Target: "efs", Value: "10.1.0.0/16", Port: 2049}},
		want: func(t testing.TB, w *model.World) {
			sg := elem(t, w.SecurityGroups, "efs")
			sg.Ingress = append(sg.Ingress, fixRule(2049, "", "", "10.1.0.0/16"))
		},
		touched: []model.Ref{ref(model.KindSecurityGroup, "efs")},
	}, {
		name:    "aws-rules 5.2.1, 5.2.3, 5.2.4: AllowNACL of port 0 admits the ephemeral ports, numbered before the lowest rule",
		world:   "filters",
		changes: []whatif.Change{{Kind: whatif.AllowNACL, Target: "no-return", Value: "ingress"}},
		want: func(t testing.TB, w *model.World) {
			acl := elem(t, w.NetworkACLs, "no-return")
			acl.Ingress = append([]model.ACLRule{{Number: 90, Protocol: model.ProtocolTCP, FromPort: 1024, ToPort: 65535,
				CIDR: defaultRoute, Allow: true}}, acl.Ingress...)
		},
		touched: []model.Ref{ref(model.KindNetworkACL, "no-return")},
	}, {
		name:    "aws-rules 5.2.1: AllowNACL of a port, outbound",
		world:   "filters",
		changes: []whatif.Change{{Kind: whatif.AllowNACL, Target: "windows-return", Value: "egress", Port: 2049}},
		want: func(t testing.TB, w *model.World) {
			acl := elem(t, w.NetworkACLs, "windows-return")
			acl.Egress = append([]model.ACLRule{{Number: 90, Protocol: model.ProtocolTCP, FromPort: 2049, ToPort: 2049,
				CIDR: defaultRoute, Allow: true}}, acl.Egress...)
		},
		touched: []model.Ref{ref(model.KindNetworkACL, "windows-return")},
	}, {
		name:    "aws-rules 1.6.1, 3.8.1: AddMountTarget adds one in the subnet, with the groups of the other mount targets",
		world:   "efs",
		changes: []whatif.Change{{Kind: whatif.AddMountTarget, Target: "data", Value: "private-c"}},
		want: func(t testing.TB, w *model.World) {
			fs := elem(t, w.FileSystems, "data")
			fs.MountTargets = append(fs.MountTargets, model.MountTarget{ID: "what-if-data-private-c", Subnet: "private-c",
				SecurityGroups: []string{"efs"}})
		},
		touched: []model.Ref{ref(model.KindFileSystem, "data"), ref(model.KindMountTarget, "what-if-data-private-c")},
	}, {
		name:  "aws-rules 1.6.1: AddMountTarget to a file system with none: no groups to copy",
		world: "efs",
		prepare: func(w *model.World) {
			w.FileSystems[0].MountTargets = nil
		},
		changes: []whatif.Change{{Kind: whatif.AddMountTarget, Target: "data", Value: "private-a"}},
		want: func(t testing.TB, w *model.World) {
			elem(t, w.FileSystems, "data").MountTargets = []model.MountTarget{{ID: "what-if-data-private-a", Subnet: "private-a"}}
		},
		touched: []model.Ref{ref(model.KindFileSystem, "data"), ref(model.KindMountTarget, "what-if-data-private-a")},
	}, {
		name:  "aws-rules 6.1.1: WidenEndpointPolicy adds a statement for the action and resource",
		world: "endpoint-policy",
		changes: []whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "s3-perimeter",
			Value: "s3:GetObject arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*"}},
		want: func(t testing.TB, w *model.World) {
			elem(t, w.Endpoints, "s3-perimeter").Policy = `{"Statement":[{"Action":"s3:GetObject",` +
				`"Condition":{"StringEquals":{"aws:PrincipalAccount":"123456789012"}},"Effect":"Allow","Principal":"*","Resource":"*","Sid":"OnlyOurAccount"},` +
				`{"Action":"s3:GetObject","Effect":"Allow","Principal":"*","Resource":"arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*","Sid":"VpctraceFix"}],` +
				`"Version":"2012-10-17"}`
		},
		touched: []model.Ref{ref(model.KindEndpoint, "s3-perimeter")},
	}, {
		name:    "aws-rules 6.1.1: WidenEndpointPolicy leaves the default policy, which allows everything",
		world:   "seed",
		changes: []whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "s3", Value: "s3:GetObject *"}},
		want:    func(testing.TB, *model.World) {},
		touched: []model.Ref{ref(model.KindEndpoint, "s3")},
	}, {
		name:    "aws-rules 5.1.4, 9.1: AddEndpoint in a VPC with no interface endpoint: the service's subnets, one per AZ, and a new group with HTTPS from the service's groups",
		world:   "routing",
		prepare: twoIsolatedSubnets,
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "isolated", Value: ecrAPIService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "what-if-" + ecrAPIService, VPC: "main", ServiceName: ecrAPIService,
				Type: model.EndpointInterface, PrivateDNS: true, Subnets: []string{"isolated-a", "isolated-c"},
				SecurityGroups: []string{"what-if-endpoints-main"}})
			w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: "what-if-endpoints-main", VPC: "main",
				Ingress: []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, SecurityGroups: []string{"app"},
					Description: "HTTPS from the tasks"}}})
		},
		touched: []model.Ref{ref(model.KindEndpoint, "what-if-"+ecrAPIService), ref(model.KindSecurityGroup, "what-if-endpoints-main")},
	}, {
		name:    "aws-rules 5.1.4: AddEndpoint for a service with no groups: the new group admits HTTPS from the VPC's CIDRs",
		world:   "routing",
		prepare: noServiceGroups,
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "isolated", Value: ecrAPIService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "what-if-" + ecrAPIService, VPC: "main", ServiceName: ecrAPIService,
				Type: model.EndpointInterface, PrivateDNS: true, Subnets: []string{"isolated-a"},
				SecurityGroups: []string{"what-if-endpoints-main"}})
			w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: "what-if-endpoints-main", VPC: "main",
				Ingress: []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443,
					CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}, Description: "HTTPS from the tasks"}}})
		},
		touched: []model.Ref{ref(model.KindEndpoint, "what-if-"+ecrAPIService), ref(model.KindSecurityGroup, "what-if-endpoints-main")},
	}, {
		name:  "aws-rules 9.1: AddEndpoint reuses the endpoint group that exists, and touches only the endpoint",
		world: "routing",
		prepare: func(w *model.World) {
			w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: "what-if-endpoints-main", VPC: "main"})
		},
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "isolated", Value: ecrAPIService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "what-if-" + ecrAPIService, VPC: "main", ServiceName: ecrAPIService,
				Type: model.EndpointInterface, PrivateDNS: true, Subnets: []string{"isolated-a"},
				SecurityGroups: []string{"what-if-endpoints-main"}})
		},
		touched: []model.Ref{ref(model.KindEndpoint, "what-if-"+ecrAPIService)},
	}, {
		name:  "aws-rules 9.1: a second endpoint added goes where the first one went",
		world: "routing",
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "isolated", Value: ecrAPIService},
			{Kind: whatif.AddEndpoint, Target: "via-nat", Value: logsService}},
		want: func(_ testing.TB, w *model.World) {
			for _, svc := range []string{ecrAPIService, logsService} {
				w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "what-if-" + svc, VPC: "main", ServiceName: svc,
					Type: model.EndpointInterface, PrivateDNS: true, Subnets: []string{"isolated-a"},
					SecurityGroups: []string{"what-if-endpoints-main"}})
			}
			w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: "what-if-endpoints-main", VPC: "main",
				Ingress: []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, SecurityGroups: []string{"app"},
					Description: "HTTPS from the tasks"}}})
		},
		touched: []model.Ref{ref(model.KindEndpoint, "what-if-"+ecrAPIService), ref(model.KindSecurityGroup, "what-if-endpoints-main"),
			ref(model.KindEndpoint, "what-if-"+logsService)},
	}, {
		name:  "aws-rules 9.1: the same service added in two VPCs: the second endpoint's ID names its VPC, and each VPC gets its group",
		world: "dns",
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "no-dns", Value: logsService},
			{Kind: whatif.AddEndpoint, Target: "amazon-dhcp", Value: logsService}},
		want: func(_ testing.TB, w *model.World) {
			for _, vpc := range []string{"no-dns", "amazon-dhcp"} {
				id := "what-if-" + logsService
				if vpc == "amazon-dhcp" {
					id += "-in-amazon-dhcp"
				}
				w.Endpoints = append(w.Endpoints, model.Endpoint{ID: id, VPC: vpc, ServiceName: logsService,
					Type: model.EndpointInterface, PrivateDNS: true, Subnets: []string{vpc + "-private"},
					SecurityGroups: []string{"what-if-endpoints-" + vpc}})
				w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: "what-if-endpoints-" + vpc, VPC: vpc,
					Ingress: []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, SecurityGroups: []string{vpc},
						Description: "HTTPS from the tasks"}}})
			}
		},
		touched: []model.Ref{ref(model.KindEndpoint, "what-if-"+logsService), ref(model.KindSecurityGroup, "what-if-endpoints-no-dns"),
			ref(model.KindEndpoint, "what-if-"+logsService+"-in-amazon-dhcp"), ref(model.KindSecurityGroup, "what-if-endpoints-amazon-dhcp")},
	}, {
		name:    "aws-rules 4.9.10: AddEndpoint for tasks in an IPv6-only subnet: an ipv6 endpoint with ipv6 records in that subnet",
		world:   "ipv6-only",
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "eigw-only", Value: smService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, addedInterface([]string{"v6-eigw"}, []string{v6Group}, model.EndpointIPv6, model.EndpointIPv6))
			w.SecurityGroups = append(w.SecurityGroups, v6EndpointGroup())
		},
		touched: []model.Ref{ref(model.KindEndpoint, v6Endpoint), ref(model.KindSecurityGroup, v6Group)},
	}, {
		name:    "aws-rules 4.9.2, 4.9.10: AddEndpoint for tasks in a dual-stack subnet, whose calls use IPv4: both types left to AWS's defaults",
		world:   "ipv6-only",
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "dual-stack", Value: smService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, addedInterface([]string{"dual-a"}, []string{v6Group}, "", ""))
			w.SecurityGroups = append(w.SecurityGroups, v6EndpointGroup())
		},
		touched: []model.Ref{ref(model.KindEndpoint, v6Endpoint), ref(model.KindSecurityGroup, v6Group)},
	}, {
		name:    "aws-rules 4.9.10, 9.1: tasks in an IPv6-only and a dual-stack subnet of one AZ: the endpoint goes in the dual-stack one, dualstack with dualstack records",
		world:   "ipv6-only",
		prepare: inSubnets("eigw-only", "v6-eigw", "dual-a"),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "eigw-only", Value: smService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, addedInterface([]string{"dual-a"}, []string{v6Group}, model.EndpointDualstack, model.EndpointDualstack))
			w.SecurityGroups = append(w.SecurityGroups, v6EndpointGroup())
		},
		touched: []model.Ref{ref(model.KindEndpoint, v6Endpoint), ref(model.KindSecurityGroup, v6Group)},
	}, {
		name:    "aws-rules 4.9.10: IPv6-only tasks and the VPC's endpoint in a dual-stack subnet: its subnets and groups, dualstack with dualstack records",
		world:   "ipv6-only",
		prepare: withEndpoint("dual-a"),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "eigw-only", Value: smService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, addedInterface([]string{"dual-a"}, []string{"endpoints"}, model.EndpointDualstack, model.EndpointDualstack))
		},
		touched: []model.Ref{ref(model.KindEndpoint, v6Endpoint)},
	}, {
		name:    "aws-rules 4.9.10: IPv4 tasks and the VPC's endpoint in a dual-stack subnet: its subnets and groups, types left to AWS",
		world:   "ipv6-only",
		prepare: withEndpoint("dual-a"),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "dual-stack", Value: smService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, addedInterface([]string{"dual-a"}, []string{"endpoints"}, "", ""))
		},
		touched: []model.Ref{ref(model.KindEndpoint, v6Endpoint)},
	}, {
		name:    "aws-rules 4.9.10: IPv6-only tasks and the VPC's endpoint in an IPv4-only subnet, which cannot have IPv6 addresses: the endpoint goes in the tasks' subnet, ipv6, with a new group",
		world:   "ipv6-only",
		prepare: all(withSubnet("v4-a", "10.0.5.0/24", ""), withEndpoint("v4-a")),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "eigw-only", Value: smService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, addedInterface([]string{"v6-eigw"}, []string{v6Group}, model.EndpointIPv6, model.EndpointIPv6))
			w.SecurityGroups = append(w.SecurityGroups, v6EndpointGroup())
		},
		touched: []model.Ref{ref(model.KindEndpoint, v6Endpoint), ref(model.KindSecurityGroup, v6Group)},
	}, {
		name:    "aws-rules 4.9.10: IPv4 tasks and the VPC's endpoint in an IPv6-only subnet, which has no A records: the endpoint goes in the tasks' subnet",
		world:   "ipv6-only",
		prepare: withEndpoint("v6-nat64"),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "dual-stack", Value: smService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, addedInterface([]string{"dual-a"}, []string{v6Group}, "", ""))
			w.SecurityGroups = append(w.SecurityGroups, v6EndpointGroup())
		},
		touched: []model.Ref{ref(model.KindEndpoint, v6Endpoint), ref(model.KindSecurityGroup, v6Group)},
	}, {
		name:    "aws-rules 4.9.10: IPv6-only tasks and the VPC's endpoint in IPv6-only subnets: its subnets and groups, ipv6",
		world:   "ipv6-only",
		prepare: withEndpoint("v6-nat64"),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "eigw-only", Value: smService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, addedInterface([]string{"v6-nat64"}, []string{"endpoints"}, model.EndpointIPv6, model.EndpointIPv6))
		},
		touched: []model.Ref{ref(model.KindEndpoint, v6Endpoint)},
	}, {
		name:  "aws-rules 4.9.4, 5.1.4: IPv6-only tasks with no groups: the new group admits HTTPS from the VPC's IPv4 and IPv6 CIDRs",
		world: "ipv6-only",
		prepare: func(w *model.World) {
			elem(t, w.Services, "eigw-only").SecurityGroups = nil
		},
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "eigw-only", Value: smService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, addedInterface([]string{"v6-eigw"}, []string{v6Group}, model.EndpointIPv6, model.EndpointIPv6))
			w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: v6Group, VPC: "main", Ingress: []model.SGRule{{
				Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, Description: "HTTPS from the tasks",
				CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16"), netip.MustParsePrefix("2600:1f18:aaaa:bb00::/56")}}}})
		},
		touched: []model.Ref{ref(model.KindEndpoint, v6Endpoint), ref(model.KindSecurityGroup, v6Group)},
	}, {
		name:  "aws-rules 3.2.1, 5.1.4: the VPC's endpoint group refuses another service, which the new endpoint would answer too: its subnets, a new group for every service's groups",
		world: "ipv6-only",
		prepare: all(withEndpoint("dual-a"), func(w *model.World) {
			w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: "batch", VPC: "main"})
			elem(t, w.Services, "nat64").SecurityGroups = []string{"batch"}
		}),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "dual-stack", Value: smService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, addedInterface([]string{"dual-a"}, []string{v6Group}, "", ""))
			w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: v6Group, VPC: "main", Ingress: []model.SGRule{{
				Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, Description: "HTTPS from the tasks", SecurityGroups: []string{"app", "batch"}}}})
		},
		touched: []model.Ref{ref(model.KindEndpoint, v6Endpoint), ref(model.KindSecurityGroup, v6Group)},
	}, {
		name:  "aws-rules 5.1.5: the VPC's endpoint names no group, so it has AWS's default group, which admits only its members: not the tasks of group app, so a new group",
		world: "ipv6-only",
		prepare: all(withEndpoint("dual-a"), func(w *model.World) {
			elem(t, w.Endpoints, "logs").SecurityGroups = nil
		}),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "dual-stack", Value: smService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, addedInterface([]string{"dual-a"}, []string{v6Group}, "", ""))
			w.SecurityGroups = append(w.SecurityGroups, v6EndpointGroup())
		},
		touched: []model.Ref{ref(model.KindEndpoint, v6Endpoint), ref(model.KindSecurityGroup, v6Group)},
	}, {
		name:  "aws-rules 5.1.5: neither the VPC's endpoint nor the tasks name a group: all are in the default group, which admits its members, so the endpoint's (absent) groups are copied",
		world: "ipv6-only",
		prepare: all(withEndpoint("dual-a"), func(w *model.World) {
			elem(t, w.Endpoints, "logs").SecurityGroups = nil
			for i := range w.Services {
				w.Services[i].SecurityGroups = nil
			}
		}),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "dual-stack", Value: smService}},
		want: func(_ testing.TB, w *model.World) {
			w.Endpoints = append(w.Endpoints, addedInterface([]string{"dual-a"}, nil, "", ""))
		},
		touched: []model.Ref{ref(model.KindEndpoint, v6Endpoint)},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := world(t, tt.world, tt.prepare)
			before := model.Clone(base)
			want := model.Clone(base)
			tt.want(t, want)
			got, touched, err := whatif.Apply(base, tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "the changed world", want, got, worldOpts)
			same(t, "touched", tt.touched, touched)
			same(t, "the base world after Apply", before, base, worldOpts)
			// Touches says the same without changing the world.
			w := model.Clone(base)
			var refs []model.Ref
			for _, c := range tt.changes {
				refs = append(refs, c.Touches(w)...)
				if _, err := c.Apply(w); err != nil {
					t.Fatal(err)
				}
			}
			same(t, "Touches", tt.touched, refs)
		})
	}
}

// TestApplyErrors checks that a change whose object does not exist fails,
// names what is missing, and leaves the world as it was.
func TestApplyErrors(t *testing.T) {
	// lowestRuleOne gives network ACL no-return of filters.yaml an inbound
	// rule numbered 1: nothing can come before it (aws-rules 5.2.1).
	lowestRuleOne := func(w *model.World) {
		for i := range w.NetworkACLs {
			if w.NetworkACLs[i].ID == "no-return" {
				w.NetworkACLs[i].Ingress = append(w.NetworkACLs[i].Ingress, model.ACLRule{Number: 1, Protocol: "-1",
					CIDR: defaultRoute, Allow: false})
			}
		}
	}
	badPolicy := func(policy string) func(*model.World) {
		return func(w *model.World) {
			for i := range w.Endpoints {
				if w.Endpoints[i].ID == "s3" {
					w.Endpoints[i].Policy = policy
				}
			}
		}
	}
	tests := []struct {
		changes []whatif.Change
		want    string
		world   string             // the seed if empty
		prepare func(*model.World) // if not nil, changes the world first
	}{
		{[]whatif.Change{{Kind: whatif.DisableEndpoint, Target: "nope"}},
			`disable endpoint nope: endpoint "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: whatif.TogglePrivateDNS, Target: "nope"}},
			`toggle private DNS: endpoint nope: endpoint "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: whatif.AddEndpoint, Target: "nope", Value: smService}},
			`add endpoint ` + smService + `: service with subnets "nope" does not exist`, "", nil},
		// aws-rules 4.9.10: no one endpoint has addresses in an IPv6-only
		// subnet and an IPv4-only one.
		{[]whatif.Change{{Kind: whatif.AddEndpoint, Target: "eigw-only", Value: smService}},
			`add endpoint ` + smService + `: service "eigw-only" has tasks in IPv6-only subnets and in subnets with IPv4, and none of its subnets is dual-stack: ` +
				`no one interface endpoint can serve them all (aws-rules 4.9.10)`,
			"ipv6-only", all(withSubnet("v4-a", "10.0.5.0/24", ""), inSubnets("eigw-only", "v6-eigw", "v4-a"))},
		{[]whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "nope", Value: "nat"}},
			`route 0.0.0.0/0 -> NAT nat in nope: route table "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: whatif.RemoveDefaultRoute, Target: "nope"}},
			`remove 0.0.0.0/0 route from nope: route table "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: whatif.FlipPublicIP, Target: "nope"}},
			`flip assignPublicIp of nope: service "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: whatif.SetPlatformVersion, Target: "nope", Value: "1.3.0"}},
			`platform version 1.3.0 for nope: service "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: whatif.AddS3Egress, Target: "nope"}},
			`SG nope: allow egress 443 to S3 list: security group "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: 99, Target: "app"}},
			`what-if 99 app : unknown what-if kind 99`, "", nil},
		// The second change fails: nothing is applied.
		{[]whatif.Change{{Kind: whatif.TogglePrivateDNS, Target: "secretsmanager"}, {Kind: whatif.FlipPublicIP, Target: "nope"}},
			`flip assignPublicIp of nope: service "nope" does not exist`, "", nil},

		// The kinds of vpctrace fix: a missing object, an object of the
		// wrong type, a value that is not one.
		{[]whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: "nope"}},
			`turn on private DNS of endpoint nope: endpoint "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: "s3"}},
			`turn on private DNS of endpoint s3: endpoint "s3" is not an interface endpoint`, "", nil},
		{[]whatif.Change{{Kind: whatif.EnableVPCDNS, Target: "nope"}},
			`turn on DNS support and hostnames of VPC nope: VPC "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: whatif.AssociateRouteTable, Target: "nope", Value: "private-a"}},
			`associate route table private-a with gateway endpoint nope: endpoint "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: whatif.AssociateRouteTable, Target: "logs", Value: "private-a"}},
			`associate route table private-a with gateway endpoint logs: endpoint "logs" is not a gateway endpoint`, "", nil},
		{[]whatif.Change{{Kind: whatif.AllowEgress, Target: "nope", Value: "vpc-endpoint", Port: 443}},
			`SG nope: allow egress TCP 443 to vpc-endpoint: security group "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: whatif.AllowEgress, Target: "app", Value: "nope", Port: 443}},
			`SG app: allow egress TCP 443 to nope: "nope" is neither a security group, a prefix list nor a CIDR`, "", nil},
		{[]whatif.Change{{Kind: whatif.AllowIngress, Target: "nope", Value: "app", Port: 443}},
			`SG nope: allow ingress TCP 443 from app: security group "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: whatif.AllowIngress, Target: "vpc-endpoint", Value: s3Service, Port: 443}},
			`SG vpc-endpoint: allow ingress TCP 443 from ` + s3Service + `: an ingress rule from prefix list "` + s3Service + `" is not one vpctrace proposes`, "", nil},
		{[]whatif.Change{{Kind: whatif.AllowNACL, Target: "nope", Value: "ingress"}},
			`network ACL nope: allow ingress TCP 1024-65535: network ACL "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: whatif.AllowNACL, Target: "no-return", Value: "inbound", Port: 443}},
			`network ACL no-return: allow inbound TCP 443: network ACL direction "inbound" is neither ingress nor egress`, "filters", nil},
		{[]whatif.Change{{Kind: whatif.AllowNACL, Target: "no-return", Value: "ingress"}},
			`network ACL no-return: allow ingress TCP 1024-65535: network ACL "no-return" has no free rule number before its first ingress rule`,
			"filters", lowestRuleOne},
		{[]whatif.Change{{Kind: whatif.AddMountTarget, Target: "nope", Value: "private-c"}},
			`add a mount target of nope in private-c: file system "nope" does not exist`, "efs", nil},
		{[]whatif.Change{{Kind: whatif.AddMountTarget, Target: "data", Value: "nope"}},
			`add a mount target of data in nope: subnet "nope" does not exist`, "efs", nil},
		{[]whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "nope", Value: "s3:GetObject *"}},
			`endpoint nope: allow s3:GetObject * in its policy: endpoint "nope" does not exist`, "", nil},
		{[]whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "s3", Value: "s3:GetObject"}},
			`endpoint s3: allow s3:GetObject in its policy: endpoint "s3": policy grant "s3:GetObject" is not "ACTION[,ACTION...] RESOURCE"`, "", nil},
		{[]whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "s3", Value: "s3:GetObject *"}},
			`endpoint s3: allow s3:GetObject * in its policy: endpoint "s3": the policy is not a JSON document: unexpected end of JSON input`,
			"", badPolicy("{")},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			name := tt.world
			if name == "" {
				name = "seed"
			}
			base := world(t, name, tt.prepare)
			before := model.Clone(base)
			w, touched, err := whatif.Apply(base, tt.changes)
			if err == nil || err.Error() != tt.want || w != nil || touched != nil {
				t.Errorf("Apply = %v, %v, %v; want nil, nil, %q", w, touched, err, tt.want)
			}
			last := tt.changes[len(tt.changes)-1]
			if _, err := last.Apply(base); err == nil {
				t.Error("Change.Apply: no error")
			}
			same(t, "the world after a failed change", before, base, worldOpts)
		})
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		c    whatif.Change
		want string
	}{
		{whatif.Change{Kind: whatif.DisableEndpoint, Target: "logs"}, "disable endpoint logs"},
		{whatif.Change{Kind: whatif.TogglePrivateDNS, Target: "logs"}, "toggle private DNS: endpoint logs"},
		{whatif.Change{Kind: whatif.AddEndpoint, Target: "app", Value: smService}, "add endpoint " + smService},
		{whatif.Change{Kind: whatif.AddDefaultRoute, Target: "private", Value: "nat-a"}, "route 0.0.0.0/0 -> NAT nat-a in private"},
		{whatif.Change{Kind: whatif.RemoveDefaultRoute, Target: "private"}, "remove 0.0.0.0/0 route from private"},
		{whatif.Change{Kind: whatif.FlipPublicIP, Target: "app"}, "flip assignPublicIp of app"},
		{whatif.Change{Kind: whatif.SetPlatformVersion, Target: "app", Value: "1.4.0"}, "platform version 1.4.0 for app"},
		{whatif.Change{Kind: whatif.AddS3Egress, Target: "app"}, "SG app: allow egress 443 to S3 list"},
		{whatif.Change{Kind: whatif.EnablePrivateDNS, Target: "logs"}, "turn on private DNS of endpoint logs"},
		{whatif.Change{Kind: whatif.EnableVPCDNS, Target: "main"}, "turn on DNS support and hostnames of VPC main"},
		{whatif.Change{Kind: whatif.AssociateRouteTable, Target: "s3", Value: "private"}, "associate route table private with gateway endpoint s3"},
		{whatif.Change{Kind: whatif.AllowEgress, Target: "app", Value: "endpoints", Port: 443}, "SG app: allow egress TCP 443 to endpoints"},
		{whatif.Change{Kind: whatif.AllowIngress, Target: "efs", Value: "app", Port: 2049}, "SG efs: allow ingress TCP 2049 from app"},
		{whatif.Change{Kind: whatif.AllowNACL, Target: "acl", Value: "ingress"}, "network ACL acl: allow ingress TCP 1024-65535"},
		{whatif.Change{Kind: whatif.AllowNACL, Target: "acl", Value: "egress", Port: 443}, "network ACL acl: allow egress TCP 443"},
		{whatif.Change{Kind: whatif.AddMountTarget, Target: "data", Value: "private-c"}, "add a mount target of data in private-c"},
		{whatif.Change{Kind: whatif.WidenEndpointPolicy, Target: "s3", Value: "s3:GetObject *"}, "endpoint s3: allow s3:GetObject * in its policy"},
		{whatif.Change{Kind: 99, Target: "a", Value: "b"}, "what-if 99 a b"},
		// IDs come from the input: no escape sequence reaches a terminal.
		{whatif.Change{Kind: whatif.DisableEndpoint, Target: "x\x1b]0;pwned\x07\x1b[2Jy\u202e"}, "disable endpoint xy"},
		{whatif.Change{Kind: whatif.AddEndpoint, Value: "a\nb"}, "add endpoint a b"},
		{whatif.Change{Kind: whatif.FlipPublicIP, Target: "100%s"}, "flip assignPublicIp of 100%s"},
	}
	for _, tt := range tests {
		if got := tt.c.Label(); got != tt.want {
			t.Errorf("%#v.Label() = %q, want %q", tt.c, got, tt.want)
		}
	}
}

// TestFirstRuleNumber checks the number AllowNACL gives its rule: before
// every rule of the direction, as the lowest number that matches decides
// (aws-rules 5.2.1).
func TestFirstRuleNumber(t *testing.T) {
	rules := func(numbers ...int) []model.ACLRule {
		var rs []model.ACLRule
		for _, n := range numbers {
			rs = append(rs, model.ACLRule{Number: n})
		}
		return rs
	}
	tests := []struct {
		name  string
		rules []model.ACLRule
		want  int
		ok    bool
	}{
		{"aws-rules 5.2.1: no rules: 100, where AWS's examples start", nil, 100, true},
		{"aws-rules 5.2.1: a lowest of 100: 90, keeping steps of ten", rules(100, 200), 90, true},
		{"aws-rules 5.2.1: the lowest, not the first", rules(200, 120, 32766), 110, true},
		{"aws-rules 5.2.1: a lowest of 105: 100", rules(105), 100, true},
		{"aws-rules 5.2.1: a lowest of 11: 10", rules(11), 10, true},
		{"aws-rules 5.2.1: a lowest of 10: 9", rules(10), 9, true},
		{"aws-rules 5.2.1: a lowest of 5: 4", rules(5, 100), 4, true},
		{"aws-rules 5.2.1: a lowest of 2: 1", rules(2), 1, true},
		{"aws-rules 5.2.1: a lowest of 1: no number comes before it", rules(100, 1), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := whatif.FirstRuleNumber(tt.rules); got != tt.want || ok != tt.ok {
				t.Errorf("FirstRuleNumber = %d, %v; want %d, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestWidenedPolicy checks the policy documents WidenEndpointPolicy writes
// (aws-rules 6.1.1). json.Marshal sorts the keys of the result.
func TestWidenedPolicy(t *testing.T) {
	const added = `{"Action":"s3:GetObject","Effect":"Allow","Principal":"*","Resource":"arn:aws:s3:::b/*","Sid":"VpctraceFix"}`
	const mine = `{"Action":"s3:PutObject","Effect":"Allow","Principal":"*","Resource":"*"}`
	tests := []struct {
		name, policy, grant, want, err string
	}{
		{name: "aws-rules 6.1.1: an empty policy is the default, which allows everything, and stays empty",
			policy: "", grant: "s3:GetObject arn:aws:s3:::b/*", want: ""},
		{name: "aws-rules 6.1.1: so does one of white space",
			policy: " \n\t", grant: "s3:GetObject arn:aws:s3:::b/*", want: ""},
		{name: "aws-rules 6.1.1: a single Statement object becomes a list with the new statement",
			policy: `{"Version": "2012-10-17", "Statement": ` + mine + `}`, grant: "s3:GetObject arn:aws:s3:::b/*",
			want: `{"Statement":[` + mine + `,` + added + `],"Version":"2012-10-17"}`},
		{name: "aws-rules 6.1.1: a list of statements gets one more",
			policy: `{"Statement": [` + mine + `, ` + mine + `]}`, grant: "s3:GetObject arn:aws:s3:::b/*",
			want: `{"Statement":[` + mine + `,` + mine + `,` + added + `]}`},
		{name: "aws-rules 6.1.1: a policy with no statement gets the new one",
			policy: `{"Version": "2012-10-17"}`, grant: "s3:GetObject arn:aws:s3:::b/*",
			want: `{"Statement":[` + added + `],"Version":"2012-10-17"}`},
		{name: "aws-rules 6.1.1: several actions are a list",
			policy: `{"Statement": []}`, grant: "ecr:BatchGetImage,ecr:GetDownloadUrlForLayer *",
			want: `{"Statement":[{"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Effect":"Allow","Principal":"*","Resource":"*","Sid":"VpctraceFix"}]}`},
		{name: "a policy that is not JSON", policy: `{"Statement": [`, grant: "s3:GetObject *",
			err: "the policy is not a JSON document: unexpected end of JSON input"},
		{name: "a policy that is not an object", policy: `["x"]`, grant: "s3:GetObject *",
			err: "the policy is not a JSON document: json: cannot unmarshal array into Go value of type map[string]interface {}"},
		{name: "a policy that is null", policy: `null`, grant: "s3:GetObject *",
			err: "the policy is not a JSON object"},
		{name: "a Statement that is neither an object nor a list", policy: `{"Statement": "Allow"}`, grant: "s3:GetObject *",
			err: "the policy's Statement is neither an object nor a list"},
		{name: "a grant with no resource", policy: "", grant: "s3:GetObject",
			err: `policy grant "s3:GetObject" is not "ACTION[,ACTION...] RESOURCE"`},
		{name: "a grant with no action", policy: "", grant: " *",
			err: `policy grant " *" is not "ACTION[,ACTION...] RESOURCE"`},
		{name: "an empty grant", policy: "", grant: "",
			err: `policy grant "" is not "ACTION[,ACTION...] RESOURCE"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := whatif.WidenedPolicy(tt.policy, tt.grant)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err || got != "" {
					t.Errorf("WidenedPolicy = %q, %v; want the error %q", got, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			same(t, "the policy", tt.want, got)
		})
	}
}

// call and workloadOutcome are what TestTry compares of a workload.
type call struct {
	Kind    sim.CallKind
	Verdict sim.Verdict
	Via     sim.Via
	Reason  sim.Reason
}

type workloadOutcome struct {
	PlatformVersion string
	Starts          bool
	Calls           []call
}

func outcomeOf(t testing.TB, r sim.Report, source string) workloadOutcome {
	t.Helper()
	for _, wl := range r.Workloads {
		if wl.Source != source {
			continue
		}
		o := workloadOutcome{PlatformVersion: wl.PlatformVersion, Starts: wl.Starts}
		for _, c := range wl.Calls {
			o.Calls = append(o.Calls, call{c.Kind, c.Verdict, c.Via, c.Reason})
		}
		return o
	}
	t.Fatalf("no workload %s", source)
	return workloadOutcome{}
}

func reached(k sim.CallKind, via sim.Via) call { return call{k, sim.Reachable, via, ""} }

func blocked(k sim.CallKind, r sim.Reason) call { return call{k, sim.Unreachable, "", r} }

// The calls of the seed's task (aws-rules 1.2.2, 1.3, 1.4) through its
// endpoints, and through the NAT gateway or internet gateway of
// testdata/scenarios/routing.yaml.
var (
	ecrAuth   = reached(sim.CallECRAuth, sim.ViaInterfaceEndpoint)
	ecrImage  = reached(sim.CallECRImage, sim.ViaInterfaceEndpoint)
	ecrLayers = reached(sim.CallECRLayers, sim.ViaGatewayEndpoint)
	logs      = reached(sim.CallLogs, sim.ViaInterfaceEndpoint)
	secret    = reached(sim.CallSecret, sim.ViaInterfaceEndpoint)
	parameter = reached(sim.CallParameter, sim.ViaInterfaceEndpoint)
	seedCalls = []call{ecrAuth, ecrImage, ecrLayers, logs, secret, parameter}
)

func routed(via sim.Via) []call {
	return []call{reached(sim.CallECRAuth, via), reached(sim.CallECRImage, via), reached(sim.CallECRLayers, via), reached(sim.CallLogs, via)}
}

// TestTry traces worlds with changes and compares the outcome of one
// workload with what the rules say.
func TestTry(t *testing.T) {
	tests := []struct {
		name     string
		world    string
		prepare  func(*model.World)
		changes  []whatif.Change
		workload string
		want     workloadOutcome
	}{{
		name:     "aws-rules 3.5.1, 4.2.4: without its endpoint, the public address of secretsmanager has no route",
		world:    "seed",
		changes:  []whatif.Change{{Kind: whatif.DisableEndpoint, Target: "secretsmanager"}},
		workload: "app",
		want: workloadOutcome{"1.4.0", false, []call{ecrAuth, ecrImage, ecrLayers, logs,
			blocked(sim.CallSecret, sim.NoRoute), parameter}},
	}, {
		name:  "aws-rules 3.2.1: an interface endpoint added back with private DNS carries the secret",
		world: "seed",
		changes: []whatif.Change{{Kind: whatif.DisableEndpoint, Target: "secretsmanager"},
			{Kind: whatif.AddEndpoint, Target: "app", Value: smService}},
		workload: "app",
		want:     workloadOutcome{"1.4.0", true, seedCalls},
	}, {
		name:  "aws-rules 4.3.1: a gateway endpoint added back carries the image layers",
		world: "seed",
		changes: []whatif.Change{{Kind: whatif.DisableEndpoint, Target: "s3"},
			{Kind: whatif.AddEndpoint, Target: "app", Value: s3Service}},
		workload: "app",
		want:     workloadOutcome{"1.4.0", true, seedCalls},
	}, {
		name:     "aws-rules 3.2.1: private DNS turned on answers the secretsmanager name with the endpoint",
		world:    "seed-secretsmanager-private-dns-off",
		changes:  []whatif.Change{{Kind: whatif.TogglePrivateDNS, Target: "secretsmanager"}},
		workload: "app",
		want:     workloadOutcome{"1.4.0", true, seedCalls},
	}, {
		name:     "aws-rules 2.1.1: on platform version 1.3.0 the platform fetches the secret",
		world:    "seed-secretsmanager-private-dns-off",
		changes:  []whatif.Change{{Kind: whatif.SetPlatformVersion, Target: "app", Value: "1.3.0"}},
		workload: "app",
		want: workloadOutcome{"1.3.0", true, []call{reached(sim.CallECRAuth, sim.ViaFargatePlatform), ecrImage, ecrLayers, logs,
			reached(sim.CallSecret, sim.ViaFargatePlatform), reached(sim.CallParameter, sim.ViaFargatePlatform)}},
	}, {
		name:     "aws-rules 4.2.4: with the default route removed nothing matches a public address",
		world:    "nat",
		changes:  []whatif.Change{{Kind: whatif.RemoveDefaultRoute, Target: "to-nat-instance"}},
		workload: "nat-instance",
		want:     workloadOutcome{"1.4.0", false, []call{blocked(sim.CallRegistryPull, sim.NoRoute)}},
	}, {
		name:     "aws-rules 4.5.1: a NAT gateway whose subnet has no route to the internet",
		world:    "nat",
		changes:  []whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "to-check-on", Value: "stranded"}},
		workload: "nat-check-on",
		want:     workloadOutcome{"1.4.0", false, []call{blocked(sim.CallRegistryPull, sim.NATNoInternet)}},
	}, {
		name:     "aws-rules 4.5.1: a default route to a public NAT gateway",
		world:    "routing",
		changes:  []whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "isolated", Value: "nat-a"}},
		workload: "isolated",
		want:     workloadOutcome{"1.4.0", true, routed(sim.ViaNATGateway)},
	}, {
		name:     "aws-rules 2.5, 4.4.1: assignPublicIp on in a subnet routed to the internet gateway",
		world:    "routing",
		changes:  []whatif.Change{{Kind: whatif.FlipPublicIP, Target: "public-no-ip"}},
		workload: "public-no-ip",
		want:     workloadOutcome{"1.4.0", true, routed(sim.ViaInternetGateway)},
	}, {
		name:     "aws-rules 5.1.3: egress to the VPC only does not cover S3 through the gateway endpoint",
		world:    "seed",
		prepare:  restrictAppEgress,
		workload: "app",
		want: workloadOutcome{"1.4.0", false, []call{ecrAuth, ecrImage, blocked(sim.CallECRLayers, sim.SGEgressDenied),
			logs, secret, parameter}},
	}, {
		name:     "aws-rules 5.1.3: egress to the S3 prefix list does",
		world:    "seed",
		prepare:  restrictAppEgress,
		changes:  []whatif.Change{{Kind: whatif.AddS3Egress, Target: "app"}},
		workload: "app",
		want:     workloadOutcome{"1.4.0", true, seedCalls},
	}, {
		name:     "aws-rules 3.2.1: EnablePrivateDNS answers the secretsmanager name with the endpoint",
		world:    "seed-secretsmanager-private-dns-off",
		changes:  []whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: "secretsmanager"}},
		workload: "app",
		want:     workloadOutcome{"1.4.0", true, seedCalls},
	}, {
		name:     "aws-rules 3.1.2: with DNS support off the Amazon resolver answers nothing",
		world:    "dns",
		workload: "no-dns",
		want: workloadOutcome{"1.4.0", false, []call{blocked(sim.CallECRAuth, sim.DNSResolutionDisabled),
			blocked(sim.CallECRImage, sim.DNSResolutionDisabled), blocked(sim.CallECRLayers, sim.DNSResolutionDisabled),
			blocked(sim.CallLogs, sim.DNSResolutionDisabled)}},
	}, {
		name:     "aws-rules 3.1.1: EnableVPCDNS: the names resolve, and the calls take the NAT gateway",
		world:    "dns",
		changes:  []whatif.Change{{Kind: whatif.EnableVPCDNS, Target: "no-dns"}},
		workload: "no-dns",
		want:     workloadOutcome{"1.4.0", true, routed(sim.ViaNATGateway)},
	}, {
		name:     "aws-rules 4.2.4, 4.3.1: without the gateway endpoint's route the layers have no route",
		world:    "seed",
		prepare:  func(w *model.World) { elem(t, w.Endpoints, "s3").RouteTables = nil },
		workload: "app",
		want: workloadOutcome{"1.4.0", false, []call{ecrAuth, ecrImage, blocked(sim.CallECRLayers, sim.NoRoute),
			logs, secret, parameter}},
	}, {
		name:     "aws-rules 4.3.1: AssociateRouteTable gives the table the endpoint's route",
		world:    "seed",
		prepare:  func(w *model.World) { elem(t, w.Endpoints, "s3").RouteTables = nil },
		changes:  []whatif.Change{{Kind: whatif.AssociateRouteTable, Target: "s3", Value: "private-a"}},
		workload: "app",
		want:     workloadOutcome{"1.4.0", true, seedCalls},
	}, {
		// The endpoints' group admits HTTPS from group app only: the
		// next blocker of the interface endpoint calls is its ingress.
		name:     "aws-rules 5.1.2: AllowEgress to the endpoints' group: the calls get to the endpoints' ingress rules, the layers are still denied",
		world:    "filters",
		changes:  []whatif.Change{{Kind: whatif.AllowEgress, Target: "closed", Value: "endpoints", Port: 443}},
		workload: "sg-egress",
		want: workloadOutcome{"1.4.0", false, []call{blocked(sim.CallECRAuth, sim.SGIngressDenied), blocked(sim.CallECRImage, sim.SGIngressDenied),
			blocked(sim.CallECRLayers, sim.SGEgressDenied), blocked(sim.CallLogs, sim.SGIngressDenied)}},
	}, {
		name:  "aws-rules 5.1.2, 5.1.3, 5.1.4: with AllowIngress from the task's group and AllowEgress to the S3 prefix list, every call",
		world: "filters",
		changes: []whatif.Change{{Kind: whatif.AllowEgress, Target: "closed", Value: "endpoints", Port: 443},
			{Kind: whatif.AllowIngress, Target: "endpoints", Value: "closed", Port: 443},
			{Kind: whatif.AllowEgress, Target: "closed", Value: s3Service, Port: 443}},
		workload: "sg-egress",
		want:     workloadOutcome{"1.4.0", true, []call{ecrAuth, ecrImage, ecrLayers, logs}},
	}, {
		name:     "aws-rules 5.1.4: AllowIngress from the task's group on the endpoints' group",
		world:    "filters",
		changes:  []whatif.Change{{Kind: whatif.AllowIngress, Target: "endpoints", Value: "other", Port: 443}},
		workload: "sg-ingress",
		want:     workloadOutcome{"1.4.0", true, []call{ecrAuth, ecrImage, ecrLayers, logs}},
	}, {
		name:     "aws-rules 5.2.3: a network ACL with no rule for the return traffic",
		world:    "filters",
		workload: "nacl",
		want: workloadOutcome{"1.4.0", false, []call{blocked(sim.CallECRAuth, sim.NACLDenied), blocked(sim.CallECRImage, sim.NACLDenied),
			blocked(sim.CallECRLayers, sim.NACLDenied), blocked(sim.CallLogs, sim.NACLDenied)}},
	}, {
		name:     "aws-rules 5.2.3, 5.2.4: AllowNACL of the ephemeral ports admits the return traffic",
		world:    "filters",
		changes:  []whatif.Change{{Kind: whatif.AllowNACL, Target: "no-return", Value: "ingress"}},
		workload: "nacl",
		want:     workloadOutcome{"1.4.0", true, []call{ecrAuth, ecrImage, ecrLayers, logs}},
	}, {
		name:     "aws-rules 5.2.1, 5.2.4: numbered before the rule that covers only part of the Linux range",
		world:    "filters",
		changes:  []whatif.Change{{Kind: whatif.AllowNACL, Target: "windows-return", Value: "ingress"}},
		workload: "nacl-partial",
		want:     workloadOutcome{"1.4.0", true, []call{ecrAuth, ecrImage, ecrLayers, logs}},
	}, {
		name:     "aws-rules 5.2.4: the return port 443 alone does not admit the replies",
		world:    "filters",
		changes:  []whatif.Change{{Kind: whatif.AllowNACL, Target: "no-return", Value: "ingress", Port: 443}},
		workload: "nacl",
		want: workloadOutcome{"1.4.0", false, []call{blocked(sim.CallECRAuth, sim.NACLDenied), blocked(sim.CallECRImage, sim.NACLDenied),
			blocked(sim.CallECRLayers, sim.NACLDenied), blocked(sim.CallLogs, sim.NACLDenied)}},
	}, {
		name:     "aws-rules 3.8.1: no mount target in the task's AZ",
		world:    "efs",
		workload: "efs-c",
		want: workloadOutcome{"1.4.0", false, []call{reached(sim.CallRegistryPull, sim.ViaNATGateway),
			blocked(sim.CallEFS, sim.EFSNoMountTargetInAZ)}},
	}, {
		name:     "aws-rules 1.6.1, 3.8.1: AddMountTarget in the task's AZ",
		world:    "efs",
		changes:  []whatif.Change{{Kind: whatif.AddMountTarget, Target: "data", Value: "private-c"}},
		workload: "efs-c",
		want: workloadOutcome{"1.4.0", true, []call{reached(sim.CallRegistryPull, sim.ViaNATGateway),
			reached(sim.CallEFS, sim.ViaLocal)}},
	}, {
		name:     "aws-rules 6.3.1: the layer-bucket trap",
		world:    "endpoint-policy",
		workload: "perimeter",
		want: workloadOutcome{"1.4.0", false, []call{ecrAuth, ecrImage, blocked(sim.CallECRLayers, sim.EndpointPolicyDenied), logs,
			reached(sim.CallEnvFile, sim.ViaGatewayEndpoint)}},
	}, {
		name:  "aws-rules 6.1.1, 6.3.1: WidenEndpointPolicy to the layer bucket",
		world: "endpoint-policy",
		changes: []whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "s3-perimeter",
			Value: "s3:GetObject arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*"}},
		workload: "perimeter",
		want: workloadOutcome{"1.4.0", true, []call{ecrAuth, ecrImage, ecrLayers, logs,
			reached(sim.CallEnvFile, sim.ViaGatewayEndpoint)}},
	}, {
		name:  "aws-rules 6.1.1: a grant of another bucket does not",
		world: "endpoint-policy",
		changes: []whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "s3-perimeter",
			Value: "s3:GetObject arn:aws:s3:::example-app-config/*"}},
		workload: "perimeter",
		want: workloadOutcome{"1.4.0", false, []call{ecrAuth, ecrImage, blocked(sim.CallECRLayers, sim.EndpointPolicyDenied), logs,
			reached(sim.CallEnvFile, sim.ViaGatewayEndpoint)}},
	}, {
		// routing.yaml's VPC leaves DNS hostnames off.
		name:  "aws-rules 3.2.2, 10.18: endpoints added to a VPC with DNS hostnames off: private DNS does not answer",
		world: "routing",
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "isolated", Value: ecrAPIService},
			{Kind: whatif.AddEndpoint, Target: "isolated", Value: ecrDKRService},
			{Kind: whatif.AddEndpoint, Target: "isolated", Value: logsService},
			{Kind: whatif.AssociateRouteTable, Target: "s3", Value: "isolated"}},
		workload: "isolated",
		want: workloadOutcome{"1.4.0", false, []call{blocked(sim.CallECRAuth, sim.NoRoute), blocked(sim.CallECRImage, sim.NoRoute),
			ecrLayers, blocked(sim.CallLogs, sim.NoRoute)}},
	}, {
		name:  "aws-rules 3.2.1, 3.2.2, 4.3.1, 5.1.4: with EnableVPCDNS too, the endpoints behind their new group carry the calls",
		world: "routing",
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "isolated", Value: ecrAPIService},
			{Kind: whatif.AddEndpoint, Target: "isolated", Value: ecrDKRService},
			{Kind: whatif.AddEndpoint, Target: "isolated", Value: logsService},
			{Kind: whatif.AssociateRouteTable, Target: "s3", Value: "isolated"},
			{Kind: whatif.EnableVPCDNS, Target: "main"}},
		workload: "isolated",
		want:     workloadOutcome{"1.4.0", true, []call{ecrAuth, ecrImage, ecrLayers, logs}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := world(t, tt.world, tt.prepare)
			before := model.Clone(w)
			base := whatif.Base(w)
			tr, err := base.Try(tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			same(t, tt.workload, tt.want, outcomeOf(t, tr.Report(), tt.workload))
			same(t, "Changes", tt.changes, tr.Changes(), cmpopts.EquateEmpty())
			same(t, "the report, against sim.Run of the changed world", sim.Run(tr.World()), tr.Report())
			same(t, "the base world after Try", before, w, worldOpts)
		})
	}
}

// TestTryErrors checks that Try fails on a missing object and on a world
// that does not validate, and that the trial it was called on is intact.
func TestTryErrors(t *testing.T) {
	tests := []struct {
		changes []whatif.Change
		want    string
	}{
		{[]whatif.Change{{Kind: whatif.TogglePrivateDNS, Target: "nope"}},
			`toggle private DNS: endpoint nope: endpoint "nope" does not exist`},
		{[]whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "private-a", Value: "nope"}},
			`the change makes the input invalid: route target refers to "nope", which is not defined (expected a NAT gateway)`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			base := whatif.Base(load(t, "seed-secretsmanager-private-dns-off"))
			tr, err := base.Try([]whatif.Change{{Kind: whatif.FlipPublicIP, Target: "app"}})
			if err != nil {
				t.Fatal(err)
			}
			report := tr.Report()
			next, err := tr.Try(append(tr.Changes(), tt.changes...))
			if next != nil || err == nil || err.Error() != tt.want {
				t.Fatalf("Try = %v, %v; want nil, %q", next, err, tt.want)
			}
			same(t, "the trial's changes", []whatif.Change{{Kind: whatif.FlipPublicIP, Target: "app"}}, tr.Changes())
			if !reflect.DeepEqual(report, tr.Report()) {
				t.Error("a failed Try changed the trial's report")
			}
		})
	}
}

func TestOffers(t *testing.T) {
	flip := func(svc string) whatif.Change { return whatif.Change{Kind: whatif.FlipPublicIP, Target: svc} }
	pv := func(svc, v string) whatif.Change {
		return whatif.Change{Kind: whatif.SetPlatformVersion, Target: svc, Value: v}
	}
	s3Egress := func(sg string) whatif.Change { return whatif.Change{Kind: whatif.AddS3Egress, Target: sg} }
	disable := func(ep string) whatif.Change { return whatif.Change{Kind: whatif.DisableEndpoint, Target: ep} }
	toggle := func(ep string) whatif.Change { return whatif.Change{Kind: whatif.TogglePrivateDNS, Target: ep} }
	tests := []struct {
		name     string
		world    string
		changes  []whatif.Change // applied first
		workload string
		call     sim.CallKind
		subnet   string
		want     []whatif.Change
	}{{
		name:     "aws-rules 3.2.1, 3.2.5: the interface endpoint of the call's service, and the service's settings",
		world:    "seed",
		workload: "app", call: sim.CallSecret, subnet: "private-a",
		want: []whatif.Change{disable("secretsmanager"), toggle("secretsmanager"), pv("app", "1.3.0"), flip("app"), s3Egress("app")},
	}, {
		name:     "aws-rules 4.3.1: a gateway endpoint has no private DNS to toggle",
		world:    "seed",
		workload: "app", call: sim.CallECRLayers, subnet: "private-a",
		want: []whatif.Change{disable("s3"), pv("app", "1.3.0"), flip("app"), s3Egress("app")},
	}, {
		name:     "a change applied is not offered again",
		world:    "seed",
		changes:  []whatif.Change{toggle("secretsmanager")},
		workload: "app", call: sim.CallSecret, subnet: "private-a",
		want: []whatif.Change{disable("secretsmanager"), pv("app", "1.3.0"), flip("app"), s3Egress("app")},
	}, {
		name:     "aws-rules 3.2.1: with no endpoint for the call's service, one to add",
		world:    "seed",
		changes:  []whatif.Change{disable("secretsmanager")},
		workload: "app", call: sim.CallSecret, subnet: "private-a",
		want: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "app", Value: smService}, pv("app", "1.3.0"), flip("app"), s3Egress("app")},
	}, {
		name:     "aws-rules 2.1.1, 2.2: a service on 1.3.0 is offered 1.4.0",
		world:    "seed",
		changes:  []whatif.Change{pv("app", "1.3.0")},
		workload: "app", call: sim.CallLogs, subnet: "private-a",
		want: []whatif.Change{disable("logs"), toggle("logs"), pv("app", "1.4.0"), flip("app"), s3Egress("app")},
	}, {
		name:     "aws-rules 5.1.3: a group that reaches the S3 prefix list is not offered it",
		world:    "seed",
		changes:  []whatif.Change{s3Egress("app")},
		workload: "app", call: sim.CallLogs, subnet: "private-a",
		want: []whatif.Change{disable("logs"), toggle("logs"), pv("app", "1.3.0"), flip("app")},
	}, {
		name:     "aws-rules 4.2.4, 4.5.1: remove the default route, or route it to a public NAT gateway of the VPC",
		world:    "nat",
		workload: "nat-check-on", call: sim.CallRegistryPull, subnet: "app-c",
		want: []whatif.Change{{Kind: whatif.RemoveDefaultRoute, Target: "to-check-on"},
			{Kind: whatif.AddDefaultRoute, Target: "to-check-on", Value: "stranded"},
			pv("nat-check-on", "1.3.0"), flip("nat-check-on"), s3Egress("app")},
	}, {
		name:     "aws-rules 4.5.1: no route to the NAT gateway the table already routes to",
		world:    "nat",
		workload: "stranded-nat", call: sim.CallRegistryPull, subnet: "app-a",
		want: []whatif.Change{{Kind: whatif.RemoveDefaultRoute, Target: "to-stranded"},
			pv("stranded-nat", "1.3.0"), flip("stranded-nat"), s3Egress("app")},
	}, {
		name:     "aws-rules 4.1.1: the route table of the placement subnet",
		world:    "routing",
		workload: "via-nat", call: sim.CallECRAuth, subnet: "private-a",
		want: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "via-nat", Value: "com.amazonaws.ap-northeast-1.ecr.api"},
			{Kind: whatif.RemoveDefaultRoute, Target: "private"}, pv("via-nat", "1.3.0"), flip("via-nat"), s3Egress("app")},
	}, {
		name:     "no placement subnet: no route table",
		world:    "routing",
		workload: "via-nat", call: sim.CallECRAuth, subnet: "",
		want: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "via-nat", Value: "com.amazonaws.ap-northeast-1.ecr.api"},
			pv("via-nat", "1.3.0"), flip("via-nat"), s3Egress("app")},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := whatif.Base(load(t, tt.world)).Try(tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			wl, c := callOf(t, tr.Report(), tt.workload, tt.call)
			same(t, "offers", tt.want, tr.Offers(wl, c, tt.subnet))
		})
	}
}

func callOf(t testing.TB, r sim.Report, source string, kind sim.CallKind) (sim.WorkloadResult, sim.CallResult) {
	t.Helper()
	for _, wl := range r.Workloads {
		for _, c := range wl.Calls {
			if wl.Source == source && c.Kind == kind {
				return wl, c
			}
		}
	}
	t.Fatalf("no %s call of %s", kind, source)
	return sim.WorkloadResult{}, sim.CallResult{}
}

// TestCandidates lists the offers for the failing calls of a report, and
// tries each: those with which every workload starts are the fixes.
func TestCandidates(t *testing.T) {
	tests := []struct {
		name       string
		world      string
		candidates []whatif.Change
		fixes      []whatif.Change
	}{{
		name:  "every call works: nothing to offer",
		world: "seed",
	}, {
		name:  "aws-rules 3.2.1, 2.1.1: private DNS on, or the platform fetching the secret, fixes the seed",
		world: "seed-secretsmanager-private-dns-off",
		candidates: []whatif.Change{{Kind: whatif.DisableEndpoint, Target: "secretsmanager"},
			{Kind: whatif.TogglePrivateDNS, Target: "secretsmanager"},
			{Kind: whatif.SetPlatformVersion, Target: "app", Value: "1.3.0"},
			{Kind: whatif.FlipPublicIP, Target: "app"},
			{Kind: whatif.AddS3Egress, Target: "app"}},
		fixes: []whatif.Change{{Kind: whatif.TogglePrivateDNS, Target: "secretsmanager"},
			{Kind: whatif.SetPlatformVersion, Target: "app", Value: "1.3.0"}},
	}, {
		// aws-rules 4.5.1, 4.6.1: the three failing workloads, in report
		// order, each change once (s3 egress for the shared group); no one
		// change makes all three start.
		name:  "aws-rules 4.5.1, 4.6.1: the failing NAT workloads, each change once",
		world: "nat",
		candidates: []whatif.Change{
			{Kind: whatif.RemoveDefaultRoute, Target: "to-stranded"},
			{Kind: whatif.SetPlatformVersion, Target: "stranded-nat", Value: "1.3.0"},
			{Kind: whatif.FlipPublicIP, Target: "stranded-nat"},
			{Kind: whatif.AddS3Egress, Target: "app"},
			{Kind: whatif.RemoveDefaultRoute, Target: "to-private-nat"},
			{Kind: whatif.AddDefaultRoute, Target: "to-private-nat", Value: "stranded"},
			{Kind: whatif.SetPlatformVersion, Target: "private-nat", Value: "1.3.0"},
			{Kind: whatif.FlipPublicIP, Target: "private-nat"},
			{Kind: whatif.RemoveDefaultRoute, Target: "to-check-on"},
			{Kind: whatif.AddDefaultRoute, Target: "to-check-on", Value: "stranded"},
			{Kind: whatif.SetPlatformVersion, Target: "nat-check-on", Value: "1.3.0"},
			{Kind: whatif.FlipPublicIP, Target: "nat-check-on"},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := whatif.Base(load(t, tt.world))
			got := base.Candidates()
			same(t, "candidates", tt.candidates, got)
			var fixes []whatif.Change
			for _, c := range got {
				tr, err := base.Try([]whatif.Change{c})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.ContainsFunc(tr.Report().Workloads, func(wl sim.WorkloadResult) bool { return !wl.Starts }) {
					fixes = append(fixes, c)
				}
			}
			same(t, "fixes", tt.fixes, fixes)
		})
	}
}

func TestChanged(t *testing.T) {
	secretID := whatif.CallID{Workload: "app", Kind: sim.CallSecret, Resource: secretARN, Container: "app"}
	tests := []struct {
		name    string
		world   string
		before  []whatif.Change
		after   []whatif.Change
		changed map[whatif.CallID]bool
	}{{
		name:    "aws-rules 3.2.1: private DNS on: the secret call changed",
		world:   "seed-secretsmanager-private-dns-off",
		after:   []whatif.Change{{Kind: whatif.TogglePrivateDNS, Target: "secretsmanager"}},
		changed: map[whatif.CallID]bool{secretID: true},
	}, {
		name:    "aws-rules 3.2.1: undone, it changes back",
		world:   "seed-secretsmanager-private-dns-off",
		before:  []whatif.Change{{Kind: whatif.TogglePrivateDNS, Target: "secretsmanager"}},
		changed: map[whatif.CallID]bool{secretID: true},
	}, {
		name:  "aws-rules 4.1.3: a public IP changes no call to an endpoint inside the VPC",
		world: "seed",
		after: []whatif.Change{{Kind: whatif.FlipPublicIP, Target: "app"}},
	}, {
		name:  "aws-rules 2.1.1: the same verdict through another interface is no change",
		world: "seed",
		after: []whatif.Change{{Kind: whatif.SetPlatformVersion, Target: "app", Value: "1.3.0"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := whatif.Base(load(t, tt.world))
			before, err := base.Try(tt.before)
			if err != nil {
				t.Fatal(err)
			}
			after, err := before.Try(tt.after)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "changed", tt.changed, whatif.Changed(before.Report(), after.Report()), cmpopts.EquateEmpty())
		})
	}
}

// TestChangedCalls checks Changed on reports made by hand: a call whose
// verdict changed, a call or a workload that is new, a call that is gone.
func TestChangedCalls(t *testing.T) {
	res := func(k sim.CallKind, v sim.Verdict) sim.CallResult {
		return sim.CallResult{Call: sim.Call{Kind: k}, Verdict: v}
	}
	before := sim.Report{Workloads: []sim.WorkloadResult{
		{Source: "a", Calls: []sim.CallResult{res(sim.CallLogs, sim.Reachable), res(sim.CallSecret, sim.Unreachable), res(sim.CallEFS, sim.Reachable)}},
		{Source: "b", Calls: []sim.CallResult{res(sim.CallLogs, sim.Unknown)}},
	}}
	after := sim.Report{Workloads: []sim.WorkloadResult{
		{Source: "a", Calls: []sim.CallResult{res(sim.CallLogs, sim.Reachable), res(sim.CallSecret, sim.Reachable), res(sim.CallExec, sim.Unreachable)}},
		before.Workloads[1], // shared: reused by Rerun
		{Source: "c", Calls: []sim.CallResult{res(sim.CallLogs, sim.Reachable)}},
	}}
	want := map[whatif.CallID]bool{
		{Workload: "a", Kind: sim.CallSecret}: true,
		{Workload: "a", Kind: sim.CallExec}:   true,
		{Workload: "c", Kind: sim.CallLogs}:   true,
	}
	same(t, "changed", want, whatif.Changed(before, after))
}
