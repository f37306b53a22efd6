package sim_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// TestGWLBEndpointRoute traces the routing scenario's vpn workload with
// its 0.0.0.0/0 route pointed at a Gateway Load Balancer endpoint instead
// (aws-rules 4.2.4): the input describes the target, so the advice is not
// to describe it, but to check the appliance behind it, whose decision is
// outside the model.
func TestGWLBEndpointRoute(t *testing.T) {
	cases := []struct {
		name         string
		undetermined string
		wantAdvice   string
	}{
		{
			name:       "4.2.4 a route to a Gateway Load Balancer endpoint: the appliance behind it decides",
			wantAdvice: "check that the appliance behind Gateway Load Balancer endpoint vpce-0gwlb lets this traffic through and sends it on to a path out (its decision is outside the model), or route a public address of ecr.api in ap-northeast-1 around the endpoint",
		},
		{
			name:         "4.2.4 a route whose target the input does not determine: describe it",
			undetermined: "vpc_endpoint_id",
			wantAdvice:   "describe the target of vpc_endpoint_id in to-vpn in the input (the configuration or state that creates it), or check by hand where that route leads",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := loadScenario(t, "routing")
			for i := range w.RouteTables {
				if w.RouteTables[i].ID != "to-vpn" {
					continue
				}
				r := &w.RouteTables[i].Routes[0]
				r.Target, r.TargetID, r.Undetermined = model.TargetGWLBEndpoint, "vpce-0gwlb", c.undetermined
				if c.undetermined != "" {
					r.Target, r.TargetID = "", ""
				}
			}
			wl := workload(t, sim.Run(w), "vpn")
			p := wl.Calls[0].Placements[0]
			got := struct {
				Verdict sim.Verdict
				Reason  sim.Reason
				Advice  string
			}{p.Verdict, p.Reason, p.Fix.Advice}
			want := struct {
				Verdict sim.Verdict
				Reason  sim.Reason
				Advice  string
			}{sim.Unknown, sim.Unmodeled, c.wantAdvice}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", wl.Calls[0].Kind, diff)
			}
		})
	}
}
