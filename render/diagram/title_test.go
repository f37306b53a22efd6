package diagram

import (
	"testing"

	"github.com/vpctrace/vpctrace/sim"
)

// TestWorkloadTitle checks that the title says what the report says of the
// workload (issue 9, point 7): one that cannot be told is not "does not
// start".
func TestWorkloadTitle(t *testing.T) {
	base := sim.WorkloadResult{Name: "app", LaunchType: "FARGATE", PlatformVersion: "1.4.0"}
	tests := []struct {
		name string
		mod  func(*sim.WorkloadResult)
		want string
	}{
		{"starts", func(w *sim.WorkloadResult) { w.Starts, w.Outcome, w.Traced = true, sim.OutcomeStarts, true },
			"vpctrace: workload app · FARGATE 1.4.0 · starts"},
		{"fails", func(w *sim.WorkloadResult) { w.Outcome, w.Traced, w.StoppedBy = sim.OutcomeFails, true, sim.CallSecret },
			"vpctrace: workload app · FARGATE 1.4.0 · does not start (secret)"},
		{"cannot be told", func(w *sim.WorkloadResult) {
			w.Outcome, w.Traced, w.StoppedBy = sim.OutcomeUnknown, true, sim.CallSecret
		},
			"vpctrace: workload app · FARGATE 1.4.0 · cannot be told (secret)"},
		{"not traced", func(w *sim.WorkloadResult) { w.Outcome = sim.OutcomeUnknown },
			"vpctrace: workload app · FARGATE 1.4.0 · not traced"},
	}
	for _, tt := range tests {
		wl := base
		tt.mod(&wl)
		if got := workloadTitle(&wl, Options{}); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
