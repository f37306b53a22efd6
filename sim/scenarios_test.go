package sim_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/sim"
)

// scenarioFiles returns the names (without .yaml) of the good scenarios in
// testdata/scenarios; bad inputs live in its bad/ directory.
func scenarioFiles(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "scenarios", "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, strings.TrimSuffix(filepath.Base(p), ".yaml"))
	}
	return names
}

// TestScenarioFiles checks that every scenario explains itself in a comment
// header, decodes, and is a configuration AWS accepts: neither the decoder
// nor the engine has anything to say about it.
func TestScenarioFiles(t *testing.T) {
	for _, name := range scenarioFiles(t) {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "scenarios", name+".yaml")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(data), "# ") || !strings.Contains(strings.SplitN(string(data), "\n\n", 2)[0], "aws-rules") {
				t.Errorf("%s does not start with a comment header citing the aws-rules it shows", path)
			}
			w, diags := scenario.LoadFile(path)
			if len(diags) > 0 {
				t.Fatalf("decoding: %v", diags)
			}
			r := sim.Run(w)
			if len(r.Diagnostics) > 0 {
				t.Errorf("engine diagnostics: %v", r.Diagnostics)
			}
			if len(r.Workloads) == 0 {
				t.Errorf("no workloads traced")
			}
		})
	}
}

// TestEveryReasonCovered checks that TestReasonCodes has a row expecting
// each reason code of docs/architecture.md, and that every scenario file and every
// workload in it is used by some row.
func TestEveryReasonCovered(t *testing.T) {
	cases := append(append(reasonCases(), dnsReasonCases()...), ipv6ReasonCases()...)
	seen := map[sim.Reason]bool{}
	used := map[string]bool{}
	for _, c := range cases {
		used[c.scenario+"/"+c.workload] = true
		for _, o := range c.want {
			for _, r := range o.Blockers {
				seen[r] = true
			}
		}
	}
	for _, r := range sim.AllReasons {
		if !seen[r] {
			t.Errorf("no row of TestReasonCodes expects %s", r)
		}
	}
	for _, name := range scenarioFiles(t) {
		for _, wl := range sim.Run(loadScenario(t, name)).Workloads {
			if !used[name+"/"+wl.Name] {
				t.Errorf("workload %s of scenario %s is in no row of TestReasonCodes", wl.Name, name)
			}
		}
	}
}

// TestEC2CallOrigins checks which interface makes each call on the EC2
// launch type (aws-rules 2.6): the container instance, in its own subnet, for
// everything but ECS Exec, which leaves from the awsvpc task ENI.
func TestEC2CallOrigins(t *testing.T) {
	got := workload(t, sim.Run(loadScenario(t, "ec2")), "api")
	if got.LaunchType != "EC2" || got.PlatformVersion != "" {
		t.Errorf("launch type %q, platform %q; want EC2 and no platform version", got.LaunchType, got.PlatformVersion)
	}
	for _, c := range got.Calls {
		wantOrigin, wantHost := sim.OriginInstance, "instances-a"
		if c.Kind == sim.CallExec || c.Kind == sim.CallExecLogs { // 1.7.1, 1.7.5: the SSM agent in the task
			wantOrigin, wantHost = sim.OriginTaskENI, ""
		}
		if c.Origin != wantOrigin {
			t.Errorf("%s: origin %s, want %s", c.Kind, c.Origin, wantOrigin)
		}
		for _, p := range c.Placements {
			if p.Subnet != "tasks-a" || p.HostSubnet != wantHost {
				t.Errorf("%s: placement subnet %q host subnet %q, want tasks-a and %q", c.Kind, p.Subnet, p.HostSubnet, wantHost)
			}
		}
		if c.Kind == sim.CallExec && c.Phase != sim.PhaseRuntime {
			t.Errorf("exec phase %s, want runtime (aws-rules 1.7.1)", c.Phase)
		}
	}
}

// TestAZDependencyWarnings checks the warnings of reachable calls that
// depend on another AZ: an interface endpoint without an ENI in the task's
// AZ (aws-rules 9.3) and a NAT gateway in another AZ (4.5.2).
func TestAZDependencyWarnings(t *testing.T) {
	tests := []struct {
		scenario, workload string
		kind               sim.CallKind
		subnet             string
		want               []string // words the placement's warnings must contain
	}{
		{"endpoint-policy", "perimeter-fixed", sim.CallECRAuth, "fixed-a", []string{"ecr-api", "ap-northeast-1c", "ap-northeast-1a"}},
		{"endpoint-policy", "perimeter-fixed", sim.CallLogs, "fixed-a", []string{"logs", "ap-northeast-1c", "ap-northeast-1a"}},
		{"efs", "efs-c", sim.CallRegistryPull, "private-c", []string{"nat-a", "ap-northeast-1a"}},
	}
	for _, tt := range tests {
		got := workload(t, sim.Run(loadScenario(t, tt.scenario)), tt.workload)
		i := slices.IndexFunc(got.Calls, func(c sim.CallResult) bool { return c.Kind == tt.kind })
		if i < 0 {
			t.Errorf("%s/%s: no %s call", tt.scenario, tt.workload, tt.kind)
			continue
		}
		c := got.Calls[i]
		if c.Verdict != sim.Reachable {
			t.Errorf("%s/%s %s: %s, want reachable", tt.scenario, tt.workload, tt.kind, c.Verdict)
		}
		for _, p := range c.Placements {
			if p.Subnet != tt.subnet {
				continue
			}
			all := strings.Join(p.Warnings, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("%s/%s %s from %s: warnings %q do not mention %q", tt.scenario, tt.workload, tt.kind, p.Subnet, p.Warnings, w)
				}
			}
		}
	}
}

// TestExplanations checks that every placement of every call is explained
// (architecture.md "JSON schema vpctrace/v1": one or two plain sentences) and that reachable
// ones name how the call gets there.
func TestExplanations(t *testing.T) {
	for _, name := range scenarioFiles(t) {
		for _, wl := range sim.Run(loadScenario(t, name)).Workloads {
			for _, c := range wl.Calls {
				if c.Explanation == "" {
					t.Errorf("%s/%s %s: no explanation", name, wl.Name, c.Kind)
				}
				for _, p := range c.Placements {
					what := name + "/" + wl.Name + " " + string(c.Kind) + " from " + p.Subnet
					switch {
					case p.Explanation == "":
						t.Errorf("%s: no explanation", what)
					case p.Verdict == sim.Reachable && !strings.Contains(p.Explanation, string(p.Via)):
						t.Errorf("%s: explanation %q does not name via %s", what, p.Explanation, p.Via)
					}
				}
			}
		}
	}
}
