package sim_test

import (
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/sim"
)

// inspectWorlds are the seed and every scenario of testdata/scenarios.
func inspectWorlds(t *testing.T) map[string]*model.World {
	t.Helper()
	out := map[string]*model.World{}
	w, ds := scenario.Decode(example.SeedFile, example.Seed)
	if w == nil || ds.HasErrors() {
		t.Fatalf("the seed: %v", ds)
	}
	out["seed"] = w
	files, err := filepath.Glob(filepath.Join("..", "testdata", "scenarios", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, f := range files {
		w, ds := scenario.LoadFile(f)
		if w == nil || ds.HasErrors() {
			t.Fatalf("%s: %v", f, ds)
		}
		out[filepath.Base(f)] = w
	}
	return out
}

// Every rule a trace step names is one the views list with the same label,
// so that a renderer can find the deciding route, security group rule,
// ACL rule or DNS name by Step.Rule.
func TestInspectLabelsMatchSteps(t *testing.T) {
	for name, w := range inspectWorlds(t) {
		t.Run(name, func(t *testing.T) {
			s := sim.New(w)
			sgLabels := map[string]bool{}
			var groups []string
			for _, g := range w.SecurityGroups {
				groups = append(groups, g.ID)
			}
			for _, v := range w.VPCs {
				groups = append(groups, s.DefaultSecurityGroup(v.ID))
			}
			for _, id := range groups {
				g, ok := s.SecurityGroup(id)
				if !ok {
					t.Fatalf("SecurityGroup(%q) not found", id)
				}
				for _, r := range append(slices.Clone(g.Ingress), g.Egress...) {
					sgLabels[r.Label] = true
				}
			}
			subnetVPC := map[string]string{}
			for _, sub := range w.Subnets {
				subnetVPC[sub.ID] = sub.VPC
			}
			checked := map[sim.StepType]int{}
			for _, wl := range s.Run().Workloads {
				for _, c := range wl.Calls {
					for _, p := range c.Placements {
						for _, h := range p.Hops {
							for _, st := range h.Steps {
								if st.Rule == "" {
									continue
								}
								var labels []string
								switch {
								case st.Type == sim.StepRoute && (h.Kind == sim.HopRouteTable || h.Kind == sim.HopReturnRouteTable):
									rt, ok := s.RouteTable(h.Component)
									if !ok {
										t.Fatalf("%s: RouteTable(%q) not found", h.Kind, h.Component)
									}
									for _, r := range rt.Routes {
										labels = append(labels, r.Label)
									}
								case st.Type == sim.StepSecurityGroup:
									if sgLabels[st.Rule] {
										labels = []string{st.Rule}
									}
								case st.Type == sim.StepNACL:
									acl, ok := s.SubnetNetworkACL(h.Subnet)
									if !ok {
										t.Fatalf("SubnetNetworkACL(%q) not found", h.Subnet)
									}
									if h.ID != "" && acl.ID != h.ID || acl.Implicit != (h.ID == "") {
										t.Errorf("SubnetNetworkACL(%q) = %s (implicit %v), the hop says %q", h.Subnet, acl.ID, acl.Implicit, h.ID)
									}
									for _, r := range append(slices.Clone(acl.Inbound), acl.Outbound...) {
										labels = append(labels, r.Label)
									}
								case st.Type == sim.StepTransitGateway && st.Reason != sim.TGWNoRoute:
									// A matched or blackhole route of one of the gateway's tables.
									for _, tb := range s.TransitGatewayRouteTables(h.ID) {
										for _, r := range tb.Routes {
											labels = append(labels, r.Label)
										}
									}
								case st.Type == sim.StepDNS && !strings.Contains(c.Host, ".efs."):
									for _, n := range s.ResolverZones(subnetVPC[p.Subnet]) {
										labels = append(labels, n.Rule)
									}
								default:
									continue
								}
								checked[st.Type]++
								if !slices.Contains(labels, st.Rule) {
									t.Errorf("%s %s at %s: step rule %q is not among the view's labels %q", c.Kind, st.Type, h.Component, st.Rule, labels)
								}
							}
						}
					}
				}
			}
			if name == "filters.yaml" && (checked[sim.StepNACL] == 0 || checked[sim.StepSecurityGroup] == 0 || checked[sim.StepDNS] == 0) {
				t.Errorf("filters.yaml checked %v; want NACL, security group and DNS steps", checked)
			}
			if name == "transit.yaml" && checked[sim.StepTransitGateway] == 0 {
				t.Error("no transit gateway step checked on transit.yaml")
			}
			if name == "seed" && checked[sim.StepRoute] == 0 {
				t.Error("no route step checked on the seed")
			}
		})
	}
}

var (
	vpcCIDR = netip.MustParsePrefix("10.0.0.0/16")
	anyV4   = netip.MustParsePrefix("0.0.0.0/0")
)

// inspectWorld has a subnet with its own table and one on the VPC's
// implicit main table, a gateway endpoint, a NACL and no declared default
// security group.
func inspectWorld() *model.World {
	return &model.World{
		Region: "ap-northeast-1", Account: "123456789012",
		VPCs: []model.VPC{{ID: "main", CIDRs: []netip.Prefix{vpcCIDR}, IPv6CIDRs: []netip.Prefix{netip.MustParsePrefix("2001:db8::/56")},
			EnableDNSSupport: true, EnableDNSHostnames: true}},
		Subnets: []model.Subnet{
			{ID: "own", VPC: "main", AZ: "ap-northeast-1a", CIDR: netip.MustParsePrefix("10.0.1.0/24"), RouteTable: "rt", NetworkACL: "acl"},
			{ID: "bare", VPC: "main", AZ: "ap-northeast-1a", CIDR: netip.MustParsePrefix("10.0.2.0/24")},
		},
		RouteTables: []model.RouteTable{{ID: "rt", VPC: "main", Routes: []model.Route{
			{Destination: anyV4, Target: model.TargetNATGateway, TargetID: "nat"},
			{Destination: netip.MustParsePrefix("10.1.0.0/16"), Target: model.TargetPeering, TargetID: "pcx", Blackhole: true},
		}}},
		NATGateways: []model.NATGateway{{ID: "nat", Subnet: "own", ElasticIP: "eip"}},
		Endpoints: []model.Endpoint{
			{ID: "s3", VPC: "main", Type: model.EndpointGateway, ServiceName: "com.amazonaws.ap-northeast-1.s3", RouteTables: []string{"rt"}},
			{ID: "dkr", VPC: "main", Type: model.EndpointInterface, ServiceName: "com.amazonaws.ap-northeast-1.ecr.dkr", Subnets: []string{"own"}, PrivateDNS: true},
			{ID: "logs", VPC: "main", Type: model.EndpointInterface, ServiceName: "com.amazonaws.ap-northeast-1.logs", Subnets: []string{"own"}, SecurityGroups: []string{"sg"}},
			{ID: "logs2", VPC: "main", Type: model.EndpointInterface, ServiceName: "com.amazonaws.ap-northeast-1.logs", Subnets: []string{"own"}, PrivateDNS: true},
			{ID: "logs3", VPC: "main", Type: model.EndpointInterface, ServiceName: "com.amazonaws.ap-northeast-1.logs", Subnets: []string{"own"}, PrivateDNS: true},
		},
		SecurityGroups: []model.SecurityGroup{{ID: "sg", VPC: "main",
			Ingress: []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, CIDRs: []netip.Prefix{vpcCIDR}, Description: "https"}},
			Egress:  []model.SGRule{{Protocol: model.ProtocolAll, CIDRs: []netip.Prefix{anyV4}}},
		}},
		NetworkACLs: []model.NetworkACL{{ID: "acl", VPC: "main",
			Ingress: []model.ACLRule{
				{Number: 200, Protocol: model.ProtocolTCP, FromPort: 1024, ToPort: 65535, CIDR: anyV4, Allow: true},
				{Number: 100, Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, CIDR: vpcCIDR, Allow: true},
			},
			Egress: []model.ACLRule{{Number: 100, Protocol: model.ProtocolAll, CIDR: anyV4, Allow: false}},
		}},
		HostedZones: []model.HostedZone{{ID: "phz", Name: "internal.example", VPCs: []string{"main"}, Records: []model.Record{
			{Name: "db.internal.example", Type: model.RecordA, Values: []string{"10.0.1.9"}},
			{Name: "logs.internal.example", Type: model.RecordA, AliasEndpoint: "logs"},
		}}},
	}
}

func TestRouteTableViews(t *testing.T) {
	s := sim.New(inspectWorld())
	type route struct {
		Label  string
		Origin sim.RouteOrigin
	}
	routes := func(v sim.RouteTableView) []route {
		var out []route
		for _, r := range v.Routes {
			out = append(out, route{r.Label, r.Origin})
		}
		return out
	}
	tests := []struct {
		name           string
		get            func() (sim.RouteTableView, bool)
		id             string
		main, implicit bool
		subnets        []string
		routes         []route
	}{
		{
			name: "declared table with a gateway endpoint", get: func() (sim.RouteTableView, bool) { return s.RouteTable("rt") },
			id: "rt", subnets: []string{"own"},
			routes: []route{
				{"10.0.0.0/16 -> local", sim.RouteLocal},
				{"10.1.0.0/16 -> peering pcx", sim.RouteDeclared},
				{"com.amazonaws.ap-northeast-1.s3 -> gateway-endpoint s3", sim.RouteGatewayEndpoint},
				{"0.0.0.0/0 -> nat-gateway nat", sim.RouteDeclared},
				{"2001:db8::/56 -> local", sim.RouteLocal},
			},
		},
		{
			name: "subnet with its own table", get: func() (sim.RouteTableView, bool) { return s.SubnetRouteTable("own") },
			id: "rt", subnets: []string{"own"},
			routes: []route{
				{"10.0.0.0/16 -> local", sim.RouteLocal},
				{"10.1.0.0/16 -> peering pcx", sim.RouteDeclared},
				{"com.amazonaws.ap-northeast-1.s3 -> gateway-endpoint s3", sim.RouteGatewayEndpoint},
				{"0.0.0.0/0 -> nat-gateway nat", sim.RouteDeclared},
				{"2001:db8::/56 -> local", sim.RouteLocal},
			},
		},
		{
			name: "subnet on the implicit main table", get: func() (sim.RouteTableView, bool) { return s.SubnetRouteTable("bare") },
			id: "main (main route table)", main: true, implicit: true, subnets: []string{"bare"},
			routes: []route{{"10.0.0.0/16 -> local", sim.RouteLocal}, {"2001:db8::/56 -> local", sim.RouteLocal}},
		},
		{
			name: "the implicit main table by the ID route hops give it", get: func() (sim.RouteTableView, bool) { return s.RouteTable("main (main route table)") },
			id: "main (main route table)", main: true, implicit: true, subnets: []string{"bare"},
			routes: []route{{"10.0.0.0/16 -> local", sim.RouteLocal}, {"2001:db8::/56 -> local", sim.RouteLocal}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := tt.get()
			if !ok {
				t.Fatal("not found")
			}
			if v.ID != tt.id || v.Main != tt.main || v.Implicit != tt.implicit || v.VPC != "main" {
				t.Errorf("got ID %q main %v implicit %v vpc %q", v.ID, v.Main, v.Implicit, v.VPC)
			}
			if diff := cmp.Diff(tt.subnets, v.Subnets); diff != "" {
				t.Errorf("subnets (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.routes, routes(v)); diff != "" {
				t.Errorf("routes (-want +got):\n%s", diff)
			}
			for _, r := range v.Routes {
				if want := r.Label == "10.1.0.0/16 -> peering pcx"; r.Blackhole != want {
					t.Errorf("route %s: blackhole %v, want %v", r.Label, r.Blackhole, want)
				}
			}
		})
	}
	for _, id := range []string{"nope", "", "sg"} {
		if _, ok := s.RouteTable(id); ok {
			t.Errorf("RouteTable(%q) found a table", id)
		}
	}
	if _, ok := s.SubnetRouteTable("nope"); ok {
		t.Error("SubnetRouteTable of a missing subnet found a table")
	}
}

func TestSecurityGroupViews(t *testing.T) {
	s := sim.New(inspectWorld())
	g, ok := s.SecurityGroup("sg")
	if !ok || g.Default || g.Implicit || len(g.Ingress) != 1 || len(g.Egress) != 1 {
		t.Fatalf("sg: %+v %v", g, ok)
	}
	if want := "sg ingress rule #1 (tcp 443 from 10.0.0.0/16)"; g.Ingress[0].Label != want || g.Ingress[0].Description != "https" {
		t.Errorf("ingress rule: %q %q, want %q", g.Ingress[0].Label, g.Ingress[0].Description, want)
	}
	def := s.DefaultSecurityGroup("main")
	if def == "" {
		t.Fatal("no default security group")
	}
	d, ok := s.SecurityGroup(def)
	if !ok || !d.Default || !d.Implicit || len(d.Ingress) != 1 || !d.Ingress[0].Self {
		t.Errorf("implicit default group: %+v %v", d, ok)
	}
	if _, ok := s.SecurityGroup("nope"); ok {
		t.Error("a missing group was found")
	}
}

func TestNetworkACLViews(t *testing.T) {
	s := sim.New(inspectWorld())
	labels := func(rs []sim.ACLRuleView) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Label)
		}
		return out
	}
	tests := []struct {
		name              string
		get               func() (sim.NetworkACLView, bool)
		id                string
		implicit          bool
		subnets           []string
		inbound, outbound []string
	}{
		{"by ID", func() (sim.NetworkACLView, bool) { return s.NetworkACL("acl") }, "acl", false, []string{"own"},
			[]string{"acl inbound rule 100 (allow tcp 443 10.0.0.0/16)", "acl inbound rule 200 (allow tcp 1024-65535 0.0.0.0/0)", "acl inbound rule * (deny all)"},
			[]string{"acl outbound rule 100 (deny all traffic 0.0.0.0/0)", "acl outbound rule * (deny all)"}},
		{"by subnet", func() (sim.NetworkACLView, bool) { return s.SubnetNetworkACL("own") }, "acl", false, []string{"own"},
			[]string{"acl inbound rule 100 (allow tcp 443 10.0.0.0/16)", "acl inbound rule 200 (allow tcp 1024-65535 0.0.0.0/0)", "acl inbound rule * (deny all)"},
			[]string{"acl outbound rule 100 (deny all traffic 0.0.0.0/0)", "acl outbound rule * (deny all)"}},
		{"implicit default", func() (sim.NetworkACLView, bool) { return s.SubnetNetworkACL("bare") }, "default network ACL of main", true, []string{"bare"},
			[]string{"default network ACL (allows all)"}, []string{"default network ACL (allows all)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := tt.get()
			if !ok {
				t.Fatal("not found")
			}
			if v.ID != tt.id || v.Implicit != tt.implicit {
				t.Errorf("ID %q implicit %v", v.ID, v.Implicit)
			}
			if diff := cmp.Diff(tt.subnets, v.Subnets); diff != "" {
				t.Errorf("subnets (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.inbound, labels(v.Inbound)); diff != "" {
				t.Errorf("inbound (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.outbound, labels(v.Outbound)); diff != "" {
				t.Errorf("outbound (-want +got):\n%s", diff)
			}
			if !tt.implicit && !v.Inbound[len(v.Inbound)-1].Final {
				t.Error("the last rule is not the final * rule")
			}
		})
	}
	if _, ok := s.NetworkACL("nope"); ok {
		t.Error("a missing ACL was found")
	}
}

func TestEndpointViews(t *testing.T) {
	s := sim.New(inspectWorld())
	tests := []struct {
		id      string
		names   []string
		note    string
		sgs     []string
		aliases []string
	}{
		{id: "dkr", names: []string{"*.dkr.ecr.ap-northeast-1.amazonaws.com"}, sgs: []string{"default security group of main"}},
		{id: "logs", sgs: []string{"sg"}, aliases: []string{"logs.internal.example"}},
		{id: "logs2", names: []string{"logs.ap-northeast-1.amazonaws.com"}, sgs: []string{"default security group of main"}},
		{id: "logs3", note: "endpoint logs2 already answers logs.ap-northeast-1.amazonaws.com in vpc main; AWS allows only one, so this one's private DNS is ignored",
			sgs: []string{"default security group of main"}},
		{id: "s3"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			v, ok := s.Endpoint(tt.id)
			if !ok {
				t.Fatal("not found")
			}
			var aliases []string
			for _, a := range v.AliasNames {
				aliases = append(aliases, a.Name)
			}
			if diff := cmp.Diff(tt.names, v.PrivateDNSNames); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
			if v.PrivateDNSNote != tt.note {
				t.Errorf("note %q, want %q", v.PrivateDNSNote, tt.note)
			}
			if diff := cmp.Diff(tt.sgs, v.EffectiveSecurityGroups); diff != "" {
				t.Errorf("groups (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.aliases, aliases); diff != "" {
				t.Errorf("aliases (-want +got):\n%s", diff)
			}
		})
	}
	// The view is a copy: changing it does not change the world.
	w := inspectWorld()
	s = sim.New(w)
	v, _ := s.Endpoint("s3")
	v.RouteTables[0] = "changed"
	if w.Endpoints[0].RouteTables[0] != "rt" {
		t.Error("the view shares the world's slices")
	}
	if _, ok := s.Endpoint("nope"); ok {
		t.Error("a missing endpoint was found")
	}
}

func TestResolverZones(t *testing.T) {
	s := sim.New(inspectWorld())
	var got []string
	for _, n := range s.ResolverZones("main") {
		got = append(got, n.Name+" | "+n.Answer+" | "+n.Rule)
	}
	want := []string{
		"*.dkr.ecr.ap-northeast-1.amazonaws.com | the ENIs of endpoint dkr | dkr.ecr.ap-northeast-1.amazonaws.com",
		"db.internal.example | A 10.0.1.9 | db.internal.example",
		"logs.ap-northeast-1.amazonaws.com | the ENIs of endpoint logs2 | logs.ap-northeast-1.amazonaws.com",
		"logs.internal.example | alias to endpoint logs | logs.internal.example",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("zones (-want +got):\n%s", diff)
	}
	if z := s.ResolverZones("nope"); z != nil {
		t.Errorf("zones of a missing VPC: %v", z)
	}
}

// TestTransitGatewayRouteTables checks the transit gateway route table
// views of transit.yaml: default association puts every attachment but
// spoke-c's (explicitly associated with isolated) in main; default
// propagation adds every VPC CIDR to main, and att-hub's propagate_to adds
// the hub's to isolated (aws-rules 4.8.2, 4.8.3). Routes are most specific
// first; their labels are the ones transit gateway steps use.
func TestTransitGatewayRouteTables(t *testing.T) {
	w, ds := scenario.LoadFile(filepath.Join("..", "testdata", "scenarios", "transit.yaml"))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	type route struct {
		Label      string
		Propagated bool
	}
	type table struct {
		ID           string
		Associations []string
		Routes       []route
	}
	var got []table
	for _, v := range sim.New(w).TransitGatewayRouteTables("tgw") {
		tb := table{ID: v.ID, Associations: v.Associations}
		for _, r := range v.Routes {
			tb.Routes = append(tb.Routes, route{r.Label, r.Propagated})
		}
		got = append(got, tb)
	}
	want := []table{
		{ID: "isolated", Associations: []string{"att-spoke-c"}, Routes: []route{
			{"10.0.0.0/16 -> att-hub (propagated)", true},
		}},
		{ID: "main", Associations: []string{"att-hub", "att-spoke-a", "att-spoke-b"}, Routes: []route{
			{"10.0.0.0/16 -> att-hub (propagated)", true},
			{"10.1.0.0/16 -> att-spoke-a (propagated)", true},
			{"10.2.0.0/16 -> att-spoke-b (propagated)", true},
			{"10.3.0.0/16 -> att-spoke-c (propagated)", true},
			{"0.0.0.0/0 -> att-hub (static)", false},
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("transit gateway route tables (-want +got):\n%s", diff)
	}
	if v := sim.New(w).TransitGatewayRouteTables("no-such-tgw"); v != nil {
		t.Errorf("tables of a missing transit gateway: %v", v)
	}
}
