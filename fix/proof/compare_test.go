package proof

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/sim"
)

// call is a call result of the compare tests.
func call(kind sim.CallKind, phase sim.Phase, container string, v sim.Verdict, r sim.Reason, why string) sim.CallResult {
	return sim.CallResult{
		Call:    sim.Call{Kind: kind, Phase: phase, Resource: "arn:" + string(kind), Container: container},
		Verdict: v, Reason: r, Explanation: why,
	}
}

// workload is a workload result of the compare tests.
func workload(name, source string, starts bool, calls ...sim.CallResult) sim.WorkloadResult {
	return sim.WorkloadResult{Name: name, Source: source, Starts: starts, Traced: true, Calls: calls}
}

// TestCompare compares plans' reports with patched ones: what compare
// names is a start-phase call reachable in the plan and not in the
// patched input, and a workload that starts in the plan and not there.
func TestCompare(t *testing.T) {
	const notReachable = " is reachable in the plan but not when the patched input is read: "
	start, runtime := sim.PhaseStart, sim.PhaseRuntime
	logs := call(sim.CallLogs, start, "app", sim.Reachable, "", "")
	secret := call(sim.CallSecret, start, "app", sim.Reachable, "", "")
	image := call(sim.CallECRImage, start, "app", sim.Unknown, "", "")
	exec := call(sim.CallExecLogs, runtime, "app", sim.Reachable, "", "")
	plan := sim.Report{Workloads: []sim.WorkloadResult{
		workload("api", "aws_ecs_service.api", true, logs, secret, exec),
		workload("cron", "aws_ecs_service.cron", false, logs, image),
	}}
	for _, tc := range []struct {
		name     string
		want     sim.Report // the plan's report
		patched  sim.Report
		problems []string
	}{
		{name: "the same report", want: plan, patched: plan},
		{
			name: "a call the plan makes reachable is unreachable: the call with its verdict and the workload",
			want: plan,
			patched: sim.Report{Workloads: []sim.WorkloadResult{
				workload("api", "aws_ecs_service.api", false, logs, call(sim.CallSecret, start, "app", sim.Unreachable, sim.NoRoute, "no route to it"), exec),
				plan.Workloads[1],
			}},
			problems: []string{
				"workload api starts in the plan but not when the patched input is read",
				"api secret" + notReachable + "unreachable (NO_ROUTE): no route to it",
			},
		},
		{
			name: "a call missing from the patched report, the workload still starting",
			want: plan,
			patched: sim.Report{Workloads: []sim.WorkloadResult{
				workload("api", "aws_ecs_service.api", true, secret, exec),
				plan.Workloads[1],
			}},
			problems: []string{"api logs" + notReachable + "it is missing"},
		},
		{
			name:    "a workload that starts in the plan is missing from the patched report: it and each of its start calls",
			want:    plan,
			patched: sim.Report{Workloads: []sim.WorkloadResult{plan.Workloads[1]}},
			problems: []string{
				"workload api starts in the plan but not when the patched input is read",
				"api logs" + notReachable + "it is missing",
				"api secret" + notReachable + "it is missing",
			},
		},
		{
			name: "workloads are matched by their address, not their name",
			want: plan,
			patched: sim.Report{Workloads: []sim.WorkloadResult{
				workload("renamed", "aws_ecs_service.api", true, logs, secret, exec),
				workload("api", "aws_ecs_service.other", true, logs, secret, exec),
				plan.Workloads[1],
			}},
		},
		{
			name: "calls are matched by their container too",
			want: sim.Report{Workloads: []sim.WorkloadResult{
				workload("api", "aws_ecs_service.api", true, logs, call(sim.CallLogs, start, "sidecar", sim.Reachable, "", "")),
			}},
			patched: sim.Report{Workloads: []sim.WorkloadResult{
				workload("api", "aws_ecs_service.api", true, logs, call(sim.CallLogs, start, "other", sim.Reachable, "", "")),
			}},
			problems: []string{"api logs" + notReachable + "it is missing"},
		},
		{
			name: "a runtime call that is not reachable, and a start call the plan leaves unknown, are not the plan's",
			want: plan,
			patched: sim.Report{Workloads: []sim.WorkloadResult{
				workload("api", "aws_ecs_service.api", true, logs, secret, call(sim.CallExecLogs, runtime, "app", sim.Unreachable, sim.NoRoute, "")),
				workload("cron", "aws_ecs_service.cron", false, logs, call(sim.CallECRImage, start, "app", sim.Unreachable, sim.NoRoute, "")),
			}},
		},
		{
			name: "a patched input that does better than the plan",
			want: plan,
			patched: sim.Report{Workloads: []sim.WorkloadResult{
				plan.Workloads[0],
				workload("cron", "aws_ecs_service.cron", true, logs, call(sim.CallECRImage, start, "app", sim.Reachable, "", "")),
			}},
		},
		{name: "an empty plan", patched: plan},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.problems, compare(tc.want, tc.patched)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
