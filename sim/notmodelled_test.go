package sim_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// seedCalls are the calls of the seed's workload, in kind order.
var seedCalls = []sim.CallKind{sim.CallECRAuth, sim.CallECRImage, sim.CallECRLayers, sim.CallLogs, sim.CallSecret, sim.CallParameter}

// opaque records, as tfmap.Build does, that a resource of a type vpctrace
// does not model changes an object (aws-rules 1.1.4).
func opaque(w *model.World, kind model.Kind, id, address string) {
	typ, _, _ := strings.Cut(address, ".")
	w.Unknowns = append(w.Unknowns, model.Unknown{ID: id, Kind: kind, Field: address, Why: typ + " is not modelled"})
}

// TestNotModelledTypes checks that a resource type that can change a
// verdict and that vpctrace does not model makes the calls it can affect
// unknown, naming it, and leaves the others decided (aws-rules 1.1.4-1.1.6).
func TestNotModelledTypes(t *testing.T) {
	viaEndpoint := func(k sim.CallKind) outcome { return reaches(k, "private-a", sim.ViaInterfaceEndpoint) }
	tests := []struct {
		name     string
		scenario string // "" is the seed
		workload string
		change   func(w *model.World)
		want     []outcome
		missing  map[sim.CallKind][]string // What of Missing, for the calls listed
	}{
		{
			name:     "1.1.5 VGW route propagation: calls to interface endpoints in the VPC stay decided (the local route wins); the S3 layers are unknown",
			workload: "app",
			change: func(w *model.World) {
				opaque(w, model.KindRouteTable, "private-a", "aws_vpn_gateway_route_propagation.onprem")
			},
			want: []outcome{viaEndpoint(sim.CallECRAuth), viaEndpoint(sim.CallECRImage),
				unknown(sim.CallECRLayers, "private-a", reasons(sim.Unmodeled), "private-a: input unknown UNMODELED"),
				viaEndpoint(sim.CallLogs), viaEndpoint(sim.CallSecret), viaEndpoint(sim.CallParameter)},
			missing: map[sim.CallKind][]string{sim.CallECRLayers: {"aws_vpn_gateway_route_propagation.onprem of private-a"}, sim.CallLogs: nil},
		},
		{
			name:     "1.1.4 a Route 53 Profile associated with the source VPC: every call from it is unknown",
			workload: "app",
			change: func(w *model.World) {
				opaque(w, model.KindVPC, "main", "aws_route53profiles_association.shared")
			},
			want: each(seedCalls, func(k sim.CallKind) outcome {
				return unknown(k, "private-a", reasons(sim.Unmodeled), "task ENI in private-a: input unknown UNMODELED")
			}),
			missing: map[sim.CallKind][]string{sim.CallLogs: {"aws_route53profiles_association.shared of main"}},
		},
		{
			name:     "1.1.6 a transit gateway with routes the input does not show: the calls that cross it are unknown",
			scenario: "transit", workload: "spoke",
			change: func(w *model.World) {
				opaque(w, model.KindTransitGateway, "tgw", "aws_vpn_connection.dc")
			},
			// Every call of the spoke crosses the transit gateway: to the
			// hub's endpoints, and to its NAT gateway.
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unknown(k, "spoke-a-1a", reasons(sim.Unmodeled), "tgw: input unknown UNMODELED")
			}),
			missing: map[sim.CallKind][]string{sim.CallECRLayers: {"aws_vpn_connection.dc of tgw"}},
		},
		{
			name:     "1.1.4 ingress routing through an appliance at the internet gateway: the calls that leave through it are unknown",
			scenario: "routing", workload: "public-ip",
			change: func(w *model.World) {
				opaque(w, model.KindInternetGateway, "igw", "aws_route_table_association.edge")
			},
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unknown(k, "public-a", reasons(sim.Unmodeled), "igw: input unknown UNMODELED")
			}),
			missing: map[sim.CallKind][]string{sim.CallLogs: {"aws_route_table_association.edge of igw"}},
		},
		{
			name:     "1.1.4 the same gateway does not change a path with no public address (NO_PUBLIC_IP stands)",
			scenario: "routing", workload: "public-no-ip",
			change: func(w *model.World) {
				opaque(w, model.KindInternetGateway, "igw", "aws_route_table_association.edge")
			},
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unreachable(k, "public-a", reasons(sim.NoPublicIP), "igw: public-ip denied NO_PUBLIC_IP")
			}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w *model.World
			if tt.scenario == "" {
				w = loadSeed(t)
			} else {
				w = loadScenario(t, tt.scenario)
			}
			tt.change(w)
			res := workload(t, sim.Run(w), tt.workload)
			if diff := cmp.Diff(tt.want, outcomes(res)); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			for kind, want := range tt.missing {
				i := slices.IndexFunc(res.Calls, func(c sim.CallResult) bool { return c.Kind == kind })
				var got []string
				for _, m := range res.Calls[i].Missing {
					got = append(got, m.What)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("Missing of %s (-want +got):\n%s", kind, diff)
				}
			}
		})
	}
}
