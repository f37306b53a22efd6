package sim_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// TestUndeterminedSettings checks that a path through an object whose
// setting the input does not determine (a Terraform value known only after
// apply) is unknown, never reachable: the model does not guess.
func TestUndeterminedSettings(t *testing.T) {
	tests := []struct {
		name    string
		unknown model.Unknown
		want    map[sim.CallKind]sim.Verdict
	}{
		{
			name:    "route table routes unknown: every call is unknown",
			unknown: model.Unknown{ID: "private-a", Kind: model.KindRouteTable, Field: "route", Why: "known only after apply"},
			want: map[sim.CallKind]sim.Verdict{sim.CallECRAuth: sim.Unknown, sim.CallECRImage: sim.Unknown, sim.CallECRLayers: sim.Unknown,
				sim.CallLogs: sim.Unknown, sim.CallSecret: sim.Unknown, sim.CallParameter: sim.Unknown},
		},
		{
			name:    "endpoint security group rule unknown: only the interface endpoint calls are unknown",
			unknown: model.Unknown{ID: "vpc-endpoint", Kind: model.KindSecurityGroup, Field: "ingress", Why: "known only after apply"},
			want: map[sim.CallKind]sim.Verdict{sim.CallECRAuth: sim.Unknown, sim.CallECRImage: sim.Unknown, sim.CallECRLayers: sim.Reachable,
				sim.CallLogs: sim.Unknown, sim.CallSecret: sim.Unknown, sim.CallParameter: sim.Unknown},
		},
		{
			// A later block may only follow from the undetermined CIDR, so
			// the verdict is unknown, not unreachable.
			name:    "subnet CIDR unknown: every call is unknown",
			unknown: model.Unknown{ID: "private-a", Kind: model.KindSubnet, Field: "cidr_block", Why: "known only after apply"},
			want: map[sim.CallKind]sim.Verdict{sim.CallECRAuth: sim.Unknown, sim.CallECRImage: sim.Unknown, sim.CallECRLayers: sim.Unknown,
				sim.CallLogs: sim.Unknown, sim.CallSecret: sim.Unknown, sim.CallParameter: sim.Unknown},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadSeed(t)
			w.Unknowns = []model.Unknown{tt.unknown}
			got := map[sim.CallKind]sim.Verdict{}
			res := workload(t, sim.Run(w), "app")
			for _, c := range res.Calls {
				got[c.Kind] = c.Verdict
				if c.Verdict == sim.Unknown && c.Reason != sim.Unmodeled {
					t.Errorf("%s: reason %s, want UNMODELED", c.Kind, c.Reason)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("verdicts (-want +got):\n%s", diff)
			}
			if res.Starts {
				t.Error("a workload with unknown start calls must not be reported as starting")
			}
		})
	}
}

// TestUndeterminedWorkload checks that a workload whose calls cannot be
// listed (container definitions known only after apply) is never reported
// as starting.
func TestUndeterminedWorkload(t *testing.T) {
	w := loadSeed(t)
	w.Unknowns = []model.Unknown{{ID: "app", Kind: model.KindTaskDefinition, Field: "container_definitions", Why: "known only after apply"}}
	got := workload(t, sim.Run(w), "app")
	want := sim.WorkloadResult{Name: "app", Source: "app", SourcePos: got.SourcePos, LaunchType: "FARGATE", PlatformVersion: "1.4.0",
		StoppedVerdict: sim.Unknown,
		StoppedReason:  "(undetermined) container_definitions of app is not known (known only after apply), so the calls its tasks make cannot be worked out"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("workload (-want +got):\n%s", diff)
	}
}
