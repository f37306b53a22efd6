package sim_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// TestNoRuleDenialAtGroup: a security group denial that no rule made (no
// rule matches, or the group has no egress rule at all) is decided by the
// group itself, so its step points at the group's definition, where the
// fix adds a rule (aws-rules 5.1.1, 5.1.2).
func TestNoRuleDenialAtGroup(t *testing.T) {
	w := loadScenario(t, "filters")
	report := sim.Run(w)
	cases := []struct {
		name, workload string
		group          string // the group whose definition decides
		reason         sim.Reason
	}{
		{"5.1.2 no egress rule at all: the task's group", "sg-egress", "closed", sim.SGEgressDenied},
		{"5.1.1 no ingress rule matches: the endpoint's group", "sg-ingress", "endpoints", sim.SGIngressDenied},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wl := workload(t, report, tc.workload)
			p := wl.Calls[0].Placements[0]
			if p.Decisive == nil {
				t.Fatalf("%s: no decisive step", wl.Calls[0].Kind)
			}
			step := p.Hops[p.Decisive.Hop].Steps[p.Decisive.Step]
			type got struct {
				Reason sim.Reason
				Source model.Pos
			}
			if diff := cmp.Diff(got{tc.reason, securityGroup(t, w, tc.group).Source}, got{step.Reason, step.Source}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
