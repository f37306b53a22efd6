package sim_test

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// withRoute adds a route to a table of w, and the World.Unknowns entry
// for it when it is undetermined (as tfmap.Build records it).
func withRoute(t *testing.T, w *model.World, table string, r model.Route, why string) {
	t.Helper()
	i := slices.IndexFunc(w.RouteTables, func(rt model.RouteTable) bool { return rt.ID == table })
	if i < 0 {
		t.Fatalf("no route table %q", table)
	}
	rt := &w.RouteTables[i]
	rt.Routes = slices.DeleteFunc(rt.Routes, func(x model.Route) bool { return x.Destination == r.Destination })
	rt.Routes = append(rt.Routes, r)
	if r.Undetermined != "" {
		w.Unknowns = append(w.Unknowns, model.Unknown{ID: table, Kind: model.KindRouteTable, Field: r.Undetermined, Why: why})
	}
}

var anyIPv4 = netip.MustParsePrefix("0.0.0.0/0")

// TestUndeterminedRouteTargets checks aws-rules 4.2.4 for a route whose
// target the input does not determine (a Terraform value known only after
// apply, or a NAT gateway or transit gateway created elsewhere and passed
// in as an ID): the route still takes part in route selection, the paths
// that select it are unknown (UNMODELED) -- never NO_ROUTE, never a
// blackhole, never NAT_NO_INTERNET -- and the paths that do not select it
// keep their verdicts.
func TestUndeterminedRouteTargets(t *testing.T) {
	outside := "known only after apply"
	tests := []struct {
		name     string
		scenario string
		workload string
		change   func(t *testing.T, w *model.World)
		want     []outcome
	}{
		{
			name:     "4.2.1 a route to a transit gateway outside the input does not decide the paths that do not take it",
			scenario: "routing", workload: "via-nat",
			change: func(t *testing.T, w *model.World) {
				withRoute(t, w, "private", model.Route{Destination: netip.MustParsePrefix("10.8.0.0/16"), Target: model.TargetTransitGateway,
					TargetID: "tgw-0123456789abcdef0", Undetermined: "route.1.transit_gateway_id"}, `"tgw-0123456789abcdef0" names a transit gateway that the input does not describe`)
			},
			want: each(appCalls, func(k sim.CallKind) outcome { return reaches(k, "private-a", sim.ViaNATGateway) }),
		},
		{
			name:     "4.2.4 0.0.0.0/0 to a NAT gateway created elsewhere: unknown, not NO_ROUTE",
			scenario: "routing", workload: "isolated",
			change: func(t *testing.T, w *model.World) {
				withRoute(t, w, "isolated", model.Route{Destination: anyIPv4, Target: model.TargetNATGateway,
					TargetID: "nat-0123456789abcdef0", Undetermined: "route.0.nat_gateway_id"}, `"nat-0123456789abcdef0" names a NAT gateway that the input does not describe`)
			},
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unknown(k, "isolated-a", reasons(sim.Unmodeled), "isolated: route unknown UNMODELED")
			}),
		},
		{
			// The S3 prefix-list route is more specific than the
			// undetermined 0.0.0.0/0 and decides the layers (4.3.2).
			name:     "4.3.2 the S3 gateway endpoint route still beats an undetermined 0.0.0.0/0",
			scenario: "routing", workload: "s3-gateway",
			change: func(t *testing.T, w *model.World) {
				withRoute(t, w, "private-s3", model.Route{Destination: anyIPv4, Target: model.TargetNATGateway, Undetermined: "route.0.nat_gateway_id"}, outside)
			},
			want: []outcome{
				unknown(sim.CallECRAuth, "s3-a", reasons(sim.Unmodeled), "private-s3: route unknown UNMODELED"),
				unknown(sim.CallECRImage, "s3-a", reasons(sim.Unmodeled), "private-s3: route unknown UNMODELED"),
				reaches(sim.CallECRLayers, "s3-a", sim.ViaGatewayEndpoint),
				unknown(sim.CallLogs, "s3-a", reasons(sim.Unmodeled), "private-s3: route unknown UNMODELED"),
			},
		},
		{
			// The NAT gateway's own subnet decides its next hop (4.5.1);
			// an undetermined target there is unknown, not NAT_NO_INTERNET.
			name:     "4.5.1 the NAT gateway's subnet routes 0.0.0.0/0 to an undetermined target: unknown",
			scenario: "routing", workload: "via-nat",
			change: func(t *testing.T, w *model.World) {
				withRoute(t, w, "public", model.Route{Destination: anyIPv4, Undetermined: "route.0.gateway_id"}, outside)
			},
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unknown(k, "private-a", reasons(sim.Unmodeled), "public: route unknown UNMODELED")
			}),
		},
		{
			// The whole route list known only after apply: any route may
			// match, so a lookup that finds none is not NO_ROUTE.
			name:     "4.2.1 a table whose routes are not determined: unknown, and NO_ROUTE is not claimed",
			scenario: "routing", workload: "isolated",
			change: func(t *testing.T, w *model.World) {
				w.Unknowns = append(w.Unknowns, model.Unknown{ID: "isolated", Kind: model.KindRouteTable, Field: "route", Why: outside})
			},
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unknown(k, "isolated-a", reasons(sim.Unmodeled), "isolated: input unknown UNMODELED", "isolated: route unknown UNMODELED")
			}),
		},
		{
			// spoke-b's replies need a route back at the hub (4.8.4,
			// 4.9.3); one whose target is not determined is unknown.
			name:     "4.9.3 a return route whose target is not determined: unknown, not NO_ROUTE",
			scenario: "transit", workload: "spoke-b",
			change: func(t *testing.T, w *model.World) {
				for _, table := range []string{"hub-endpoints", "hub-public"} {
					withRoute(t, w, table, model.Route{Destination: netip.MustParsePrefix("10.2.0.0/16"), Target: model.TargetTransitGateway,
						Undetermined: "route.2.transit_gateway_id"}, outside)
				}
			},
			want: []outcome{
				unknown(sim.CallECRAuth, "spoke-b-1a", reasons(sim.Unmodeled), "hub-endpoints: route unknown UNMODELED"),
				unknown(sim.CallECRImage, "spoke-b-1a", reasons(sim.Unmodeled), "hub-endpoints: route unknown UNMODELED"),
				unknown(sim.CallECRLayers, "spoke-b-1a", reasons(sim.Unmodeled), "hub-public: route unknown UNMODELED"),
				unknown(sim.CallLogs, "spoke-b-1a", reasons(sim.Unmodeled), "hub-endpoints: route unknown UNMODELED"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadScenario(t, tt.scenario)
			tt.change(t, w)
			if diags := w.Validate(); diags.HasErrors() {
				t.Fatalf("the changed world does not validate: %v", diags)
			}
			got := outcomes(workload(t, sim.Run(w), tt.workload))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcomes (-want +got):\n%s", diff)
			}
		})
	}
}
