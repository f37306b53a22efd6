package sim_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// TestFirelensPlatform traces the FireLens scenario with the platform
// changed: Windows containers do not support FireLens (aws-rules 1.3.13),
// and on EC2 FireLens needs container agent 1.30.0, a configuration file
// from S3 agent 1.31.0 (1.3.14). The refusal is the firelens-config call's,
// UNSUPPORTED_BY_PLATFORM, and no task stops (7.4.4).
func TestFirelensPlatform(t *testing.T) {
	type firelensCall struct {
		Resource string
		Verdict  sim.Verdict
		Reason   sim.Reason
		Detail   string
	}
	windows := func(w *model.World) {
		for i := range w.TaskDefinitions {
			w.TaskDefinitions[i].OperatingSystemFamily = "WINDOWS_SERVER_2022_CORE"
		}
	}
	agent := func(v string) func(*model.World) {
		return func(w *model.World) {
			for i := range w.AutoScalingGroups {
				w.AutoScalingGroups[i].AgentVersion = v
			}
		}
	}
	const s3File = "arn:aws:s3:::example-log-config/fluent-bit/extra.conf"
	cases := []struct {
		name     string
		workload string
		mutate   func(*model.World)
		want     []firelensCall
		stopped  string
	}{
		{
			name: "1.3.13 Windows with a file configuration: refused", workload: "router-image-denied", mutate: windows,
			want: []firelensCall{{"/fluent-bit/configs/parse-json.conf", sim.Unreachable, sim.UnsupportedByPlatform,
				"Windows containers do not support FireLens: the task definition's operating system family is WINDOWS_SERVER_2022_CORE, and FireLens runs only on Linux (aws-rules 1.3.13)"}},
			stopped: "(no stopped task) ECS does not run the task: FireLens needs Linux containers; Windows containers do not support it",
		},
		{
			name: "1.3.13 Windows on Fargate with an S3 file: refused for Windows, not for the file type", workload: "fargate-s3-config", mutate: windows,
			want: []firelensCall{{s3File, sim.Unreachable, sim.UnsupportedByPlatform,
				"Windows containers do not support FireLens: the task definition's operating system family is WINDOWS_SERVER_2022_CORE, and FireLens runs only on Linux (aws-rules 1.3.13)"}},
			stopped: "(no stopped task) ECS does not run the task: FireLens needs Linux containers; Windows containers do not support it",
		},
		{
			name: "1.3.14 agent 1.29.1: FireLens itself needs 1.30.0", workload: "router-image-denied", mutate: agent("1.29.1"),
			want: []firelensCall{{"/fluent-bit/configs/parse-json.conf", sim.Unreachable, sim.UnsupportedByPlatform,
				"ECS agent 1.30.0 or later is needed for FireLens; perimeter-asg runs 1.29.1 (aws-rules 1.3.14)"}},
			stopped: "(no stopped task) ECS cannot place the task on any container instance: FireLens needs a newer ECS container agent",
		},
		{
			name: "1.3.14 agent 1.30.0: a configuration file from S3 needs 1.31.0", workload: "s3-config", mutate: agent("1.30.0"),
			want: []firelensCall{{s3File, sim.Unreachable, sim.UnsupportedByPlatform,
				"ECS agent 1.31.0 or later is needed for FireLens configuration files from Amazon S3; config-asg runs 1.30.0 (aws-rules 1.3.14)"}},
			stopped: "(no stopped task) ECS cannot place the task on any container instance: FireLens configuration files from Amazon S3 (config-file-type s3) need a newer ECS container agent",
		},
		{
			name: "1.3.14 agent 1.30.0 with a file configuration: no call", workload: "router-image-denied", mutate: agent("1.30.0"),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := loadScenario(t, "firelens")
			c.mutate(w)
			wl := workload(t, sim.Run(w), c.workload)
			var got []firelensCall
			for _, cr := range wl.Calls {
				if cr.Kind != sim.CallFirelens {
					continue
				}
				fc := firelensCall{Resource: cr.Resource, Verdict: cr.Verdict, Reason: cr.Reason}
				if len(cr.Placements) > 0 && len(cr.Placements[0].Hops) > 0 && len(cr.Placements[0].Hops[0].Steps) > 0 {
					fc.Detail = cr.Placements[0].Hops[0].Steps[0].Detail
				}
				got = append(got, fc)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("firelens-config calls (-want +got):\n%s", diff)
			}
			if c.stopped != "" && wl.StoppedReason != c.stopped {
				t.Errorf("StoppedReason = %q, want %q", wl.StoppedReason, c.stopped)
			}
		})
	}
}
