package whatif_test

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// The transit gateway kinds on testdata/scenarios/transit.yaml: spoke-two-az
// runs in spoke-a-1c, an AZ its attachment att-spoke-a has no subnet in;
// the hub's route tables have no route back to spoke-b's 10.2.1.0/24.
var (
	attachC   = whatif.Change{Kind: whatif.AddTGWAttachmentSubnet, Target: "att-spoke-a", Value: "spoke-a-1c"}
	backViaEP = whatif.Change{Kind: whatif.AddTGWReturnRoute, Target: "hub-endpoints", Value: "10.2.1.0/24 tgw"}
	backViaPB = whatif.Change{Kind: whatif.AddTGWReturnRoute, Target: "hub-public", Value: "10.2.1.0/24 tgw"}
)

func TestTGWApply(t *testing.T) {
	tests := []struct {
		name   string
		change whatif.Change
		want   func(testing.TB, *model.World)
		refs   []model.Ref
	}{{
		name:   "aws-rules 4.8.1: the attachment gets a subnet in the missing Availability Zone",
		change: attachC,
		want: func(t testing.TB, w *model.World) {
			elem(t, w.TransitGatewayAttachments, "att-spoke-a").Subnets = []string{"spoke-a-1a", "spoke-a-1c"}
		},
		refs: []model.Ref{ref(model.KindTGWAttachment, "att-spoke-a")},
	}, {
		name:   "aws-rules 4.8.4, 4.9.3: the route table on the return path gets a route back through the transit gateway",
		change: backViaEP,
		want: func(t testing.TB, w *model.World) {
			rt := elem(t, w.RouteTables, "hub-endpoints")
			rt.Routes = append(rt.Routes, model.Route{Destination: netip.MustParsePrefix("10.2.1.0/24"),
				Target: model.TargetTransitGateway, TargetID: "tgw"})
		},
		refs: []model.Ref{ref(model.KindRouteTable, "hub-endpoints")},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := load(t, "transit")
			got, refs, err := whatif.Apply(base, []whatif.Change{tt.change})
			if err != nil {
				t.Fatal(err)
			}
			want := model.Clone(base)
			tt.want(t, want)
			same(t, "world", want, got, worldOpts)
			same(t, "touched", tt.refs, refs)
		})
	}
}

func TestTGWApplyErrors(t *testing.T) {
	tests := []struct {
		name   string
		change whatif.Change
		want   string
	}{{
		name:   "no such attachment",
		change: whatif.Change{Kind: whatif.AddTGWAttachmentSubnet, Target: "att-x", Value: "spoke-a-1c"},
		want:   `add subnet spoke-a-1c to transit gateway attachment att-x: transit gateway attachment "att-x" does not exist`,
	}, {
		name:   "aws-rules 4.8.1: a subnet of another VPC",
		change: whatif.Change{Kind: whatif.AddTGWAttachmentSubnet, Target: "att-spoke-a", Value: "spoke-b-1a"},
		want:   `add subnet spoke-b-1a to transit gateway attachment att-spoke-a: subnet "spoke-b-1a" is not in vpc "spoke-a" of attachment "att-spoke-a"`,
	}, {
		name:   "aws-rules 4.8.1: one subnet per Availability Zone",
		change: whatif.Change{Kind: whatif.AddTGWAttachmentSubnet, Target: "att-hub", Value: "hub-public-a"},
		want:   `add subnet hub-public-a to transit gateway attachment att-hub: attachment "att-hub" has subnet "hub-tgw-a" in ap-northeast-1a already`,
	}, {
		name:   "a return route that is not CIDR and transit gateway",
		change: whatif.Change{Kind: whatif.AddTGWReturnRoute, Target: "hub-public", Value: "10.2.1.0/24"},
		want:   `route table hub-public: route replies for 10.2.1.0/24 back to transit gateway : return route "10.2.1.0/24" is not "CIDR TRANSIT-GATEWAY"`,
	}, {
		name:   "a return route to a transit gateway that does not exist",
		change: whatif.Change{Kind: whatif.AddTGWReturnRoute, Target: "hub-public", Value: "10.2.1.0/24 tgw-x"},
		want:   `route table hub-public: route replies for 10.2.1.0/24 back to transit gateway tgw-x: transit gateway "tgw-x" does not exist`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := whatif.Apply(load(t, "transit"), []whatif.Change{tt.change})
			if err == nil || err.Error() != tt.want {
				t.Errorf("error = %v, want %s", err, tt.want)
			}
		})
	}
}

// TestTGWTry traces the changed hub and spoke world: each change makes the
// workload it is for start.
func TestTGWTry(t *testing.T) {
	endpoints := func(layers call) []call {
		return []call{reached(sim.CallECRAuth, sim.ViaInterfaceEndpoint), reached(sim.CallECRImage, sim.ViaInterfaceEndpoint),
			layers, reached(sim.CallLogs, sim.ViaInterfaceEndpoint)}
	}
	natLayers := reached(sim.CallECRLayers, sim.ViaNATGateway)
	tests := []struct {
		name     string
		changes  []whatif.Change
		workload string
		want     workloadOutcome
	}{{
		name:     "aws-rules 4.8.1: with a subnet in ap-northeast-1c, the attachment forwards spoke-two-az's calls from there",
		changes:  []whatif.Change{attachC},
		workload: "spoke-two-az",
		want:     workloadOutcome{"1.4.0", true, endpoints(natLayers)},
	}, {
		name:     "aws-rules 4.8.4, 4.9.3: the endpoints' route back to 10.2.1.0/24 fixes the endpoint calls, not the NAT's",
		changes:  []whatif.Change{backViaEP},
		workload: "spoke-b",
		want:     workloadOutcome{"1.4.0", false, endpoints(blocked(sim.CallECRLayers, sim.NoRoute))},
	}, {
		name:     "aws-rules 4.5.3, 4.8.4: with the NAT subnet's route back too, spoke-b starts",
		changes:  []whatif.Change{backViaEP, backViaPB},
		workload: "spoke-b",
		want:     workloadOutcome{"1.4.0", true, endpoints(natLayers)},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := whatif.Base(load(t, "transit")).Try(tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "outcome", tt.want, outcomeOf(t, tr.Report(), tt.workload))
			if full := sim.Run(tr.World()); !slices.EqualFunc(full.Workloads, tr.Report().Workloads,
				func(a, b sim.WorkloadResult) bool { return a.Outcome == b.Outcome && a.Starts == b.Starts }) {
				t.Error("Try's re-trace differs from tracing the changed world")
			}
		})
	}
}

// TestTGWOffers checks that the offers of a call blocked at a transit
// gateway include the change its explanation proposes.
func TestTGWOffers(t *testing.T) {
	tests := []struct {
		name     string
		workload string
		call     sim.CallKind
		subnet   string
		want     []whatif.Change // the transit gateway offers, in order
	}{{
		name:     "aws-rules 4.8.1: the placement subnet for the attachment that has no subnet in its AZ",
		workload: "spoke-two-az", call: sim.CallLogs, subnet: "spoke-a-1c",
		want: []whatif.Change{attachC},
	}, {
		name:     "aws-rules 4.8.1: none from a subnet whose AZ the attachment has",
		workload: "spoke-two-az", call: sim.CallLogs, subnet: "spoke-a-1a",
	}, {
		name:     "aws-rules 4.8.4, 4.9.3: the endpoint subnet's route back to the caller",
		workload: "spoke-b", call: sim.CallLogs, subnet: "spoke-b-1a",
		want: []whatif.Change{backViaEP},
	}, {
		name:     "aws-rules 4.5.3, 4.9.3: the NAT subnet's route back to the caller, whose address the NAT has not translated yet",
		workload: "spoke-b", call: sim.CallECRLayers, subnet: "spoke-b-1a",
		want: []whatif.Change{backViaPB},
	}, {
		name:     "aws-rules 4.8.2: a transit gateway route table without the route is not a return route",
		workload: "spoke-c", call: sim.CallECRLayers, subnet: "spoke-c-1a",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := whatif.Base(load(t, "transit"))
			wl, c := callOf(t, tr.Report(), tt.workload, tt.call)
			var got []whatif.Change
			for _, o := range tr.Offers(wl, c, tt.subnet) {
				if o.Kind == whatif.AddTGWAttachmentSubnet || o.Kind == whatif.AddTGWReturnRoute {
					got = append(got, o)
				}
			}
			same(t, "transit gateway offers", tt.want, got)
		})
	}
}

func TestTGWLabel(t *testing.T) {
	same(t, "labels", []string{
		"add subnet spoke-a-1c to transit gateway attachment att-spoke-a",
		"route table hub-endpoints: route replies for 10.2.1.0/24 back to transit gateway tgw",
	}, []string{attachC.Label(), backViaEP.Label()})
}

// TestRefused lists the services whose tasks a VPC's endpoint groups do
// not admit on HTTPS (aws-rules 5.1.2, 5.1.4, 5.1.5).
func TestRefused(t *testing.T) {
	tests := []struct {
		name   string
		world  string
		groups []string
		vpc    string
		want   []string
	}{
		{"aws-rules 5.1.4: the seed's endpoint group admits its tasks' group", "seed", []string{"vpc-endpoint"}, "main", nil},
		{"aws-rules 5.1.4: a group with no ingress rule refuses every service of the VPC", "seed", []string{"app"}, "main", []string{"app"}},
		{"aws-rules 5.1.2: a CIDR rule that holds the spokes' subnets admits them", "transit", []string{"hub-endpoints"}, "spoke-a", nil},
		{"aws-rules 5.1.4: only the services of the VPC count", "transit", []string{"spoke-a"}, "spoke-b", []string{"spoke-b"}},
		{"aws-rules 5.1.5: no group is AWS's default group, which admits only its members: not the seed's tasks", "seed", nil, "main", []string{"app"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			same(t, "refused", tt.want, whatif.Refused(load(t, tt.world), tt.groups, tt.vpc))
		})
	}
}

// hubOwnTable associates the hub's attachment with a transit gateway
// route table of its own that routes only spoke-a's 10.1.0.0/16 back:
// the replies to spoke-b are dropped in the transit gateway (aws-rules
// 4.8.4).
func hubOwnTable(w *model.World) {
	w.TransitGatewayRouteTables = append(w.TransitGatewayRouteTables, model.TransitGatewayRouteTable{ID: "hub-only", TransitGateway: "tgw",
		Routes: []model.TransitGatewayRoute{{Destination: netip.MustParsePrefix("10.1.0.0/16"), Attachment: "att-spoke-a"}}})
	for i := range w.TransitGatewayAttachments {
		if w.TransitGatewayAttachments[i].ID == "att-hub" {
			w.TransitGatewayAttachments[i].RouteTable = "hub-only"
		}
	}
}

var backInTGW = whatif.Change{Kind: whatif.AddTGWRoute, Target: "hub-only", Value: "10.2.1.0/24 att-spoke-b"}

// TestTGWRoute applies, offers and traces the transit gateway route
// table's route back to the caller's attachment.
func TestTGWRoute(t *testing.T) {
	base := world(t, "transit", hubOwnTable)
	got, refs, err := whatif.Apply(base, []whatif.Change{backInTGW})
	if err != nil {
		t.Fatal(err)
	}
	want := model.Clone(base)
	rt := elem(t, want.TransitGatewayRouteTables, "hub-only")
	rt.Routes = append(rt.Routes, model.TransitGatewayRoute{Destination: netip.MustParsePrefix("10.2.1.0/24"), Attachment: "att-spoke-b"})
	same(t, "aws-rules 4.8.4: the world with the route", want, got, worldOpts)
	same(t, "touched", []model.Ref{ref(model.KindTGWRouteTable, "hub-only")}, refs)
	same(t, "label", "transit gateway route table hub-only: route 10.2.1.0/24 to attachment att-spoke-b", backInTGW.Label())

	tr := whatif.Base(base)
	wl, c := callOf(t, tr.Report(), "spoke-b", sim.CallLogs)
	var fixes []whatif.Change
	for _, p := range c.Placements {
		fixes = append(fixes, tr.TransitFixes(p)...)
	}
	same(t, "aws-rules 4.8.4: both return routes are proposed", []whatif.Change{backInTGW, backViaEP}, fixes)
	if o := tr.Offers(wl, c, "spoke-b-1a"); !slices.Contains(o, backInTGW) {
		t.Errorf("the transit gateway route is not offered: %v", o)
	}
	// spoke-a's replies have their route: nothing to propose.
	_, ca := callOf(t, tr.Report(), "spoke", sim.CallLogs)
	for _, p := range ca.Placements {
		if f := tr.TransitFixes(p); len(f) != 0 {
			t.Errorf("spoke: %v proposed for a reachable call", f)
		}
	}
	after, err := tr.Try([]whatif.Change{backInTGW, backViaEP})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "aws-rules 4.8.4: with both routes back, spoke-b's logs call is reachable",
		reached(sim.CallLogs, sim.ViaInterfaceEndpoint), outcomeOf(t, after.Report(), "spoke-b").Calls[3])

	for _, bad := range []struct {
		c    whatif.Change
		want string
	}{
		{whatif.Change{Kind: whatif.AddTGWRoute, Target: "nope", Value: "10.2.1.0/24 att-spoke-b"}, `transit gateway route table "nope" does not exist`},
		{whatif.Change{Kind: whatif.AddTGWRoute, Target: "hub-only", Value: "10.2.1.0/24"}, `transit gateway route "10.2.1.0/24" is not "CIDR ATTACHMENT"`},
		{whatif.Change{Kind: whatif.AddTGWRoute, Target: "hub-only", Value: "10.2.1.0/24 att-x"}, `transit gateway "tgw" has no attachment "att-x"`},
	} {
		if _, _, err := whatif.Apply(base, []whatif.Change{bad.c}); err == nil || !strings.HasSuffix(err.Error(), bad.want) {
			t.Errorf("%s: error %v, want one that ends %s", bad.c.Label(), err, bad.want)
		}
	}
}
