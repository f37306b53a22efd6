package sim_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/sim"
)

// stopped is what a workload says about why its tasks stop.
type stopped struct {
	Outcome        sim.Outcome
	StoppedBy      sim.CallKind
	StoppedVerdict sim.Verdict
	OtherwiseBy    sim.CallKind
	// Otherwise is the start of StoppedOtherwise, cut to the length of
	// the wanted text.
	Otherwise string
}

// TestStoppedOtherwise: when an undecided call comes first and a later
// start-phase call surely fails, the workload surely fails, and the result
// says both what ECS reports if the undecided call fails and what it
// reports if it works (aws-rules 7.1.1).
func TestStoppedOtherwise(t *testing.T) {
	secretEC2 := "ResourceInitializationError: resource cannot be initialized for task " // aws-rules 7.5.2
	cases := []struct {
		name, scenario, workload string
		want                     stopped
	}{
		{"10.43 ecs-agent undecided before a secret with no NAT64 path (4.9.5): both messages", "ipv6-only", "eigw-only",
			stopped{sim.OutcomeFails, sim.CallECSAgent, sim.Unknown, sim.CallSecret, secretEC2}},
		{"10.43 ecs-agent undecided and nothing else fails: no second message", "ipv6-only", "nat64",
			stopped{sim.OutcomeUnknown, sim.CallECSAgent, sim.Unknown, "", ""}},
		{"1.3.6 a surely failing call met first: one definite message", "awslogs-mode", "blocking",
			stopped{sim.OutcomeFails, sim.CallLogs, sim.Unreachable, "", ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wl := workload(t, sim.Run(loadScenario(t, tc.scenario)), tc.workload)
			got := stopped{wl.Outcome, wl.StoppedBy, wl.StoppedVerdict, wl.StoppedOtherwiseBy, wl.StoppedOtherwise}
			if len(got.Otherwise) > len(tc.want.Otherwise) {
				got.Otherwise = got.Otherwise[:len(tc.want.Otherwise)]
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if wl.StoppedOtherwise != "" && !strings.Contains(wl.StoppedOtherwise, "unable to retrieve secret from asm") {
				t.Errorf("StoppedOtherwise is not the secret's message: %s", wl.StoppedOtherwise)
			}
		})
	}
}
