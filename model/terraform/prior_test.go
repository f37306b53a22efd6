package terraform_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/terraform"
	"github.com/vpctrace/vpctrace/model/tfjson"
	"github.com/vpctrace/vpctrace/sim"
)

// loadPlan reads testdata/terraform/DIR/plan.json, a real offline plan of
// the root (see testdata/terraform/README.md).
func loadPlan(t *testing.T, dir string) *tfjson.Snapshot {
	t.Helper()
	snap, diags := tfjson.LoadSnapshot(filepath.Join(rootsDir, dir, "plan.json"))
	if snap == nil || diags.HasErrors() {
		t.Fatalf("tfjson.LoadSnapshot(%s): %v", dir, diags)
	}
	return snap
}

// planCodes are the diagnostics a root traced with its own plan must not
// give: the plan and the root disagree.
var planCodes = map[string]bool{"plan-mismatch": true, "plan-of-another-root": true}

// TestPlanMatchesRoot traces every testdata root that has a plan twice:
// alone, and with its plan (trace --plan plan.json DIR). The plan was made
// from the same files and variables, so it can only confirm what the
// evaluator found: the reports must be equal, whole.
func TestPlanMatchesRoot(t *testing.T) {
	entries, err := os.ReadDir(rootsDir)
	if err != nil {
		t.Fatal(err)
	}
	tested := 0
	for _, e := range entries {
		dir := e.Name()
		if _, err := os.Stat(filepath.Join(rootsDir, dir, "plan.json")); err != nil || dir == "remote-state" {
			continue
		}
		tested++
		t.Run(dir, func(t *testing.T) {
			alone := sim.Run(loadWith(t, dir, terraform.Options{Account: account}))
			w, diags := terraform.Load(filepath.Join(rootsDir, dir), terraform.Options{Account: account, Prior: loadPlan(t, dir)})
			if diags.HasErrors() || w == nil {
				t.Fatalf("with the plan: %v", diags)
			}
			for _, d := range diags {
				if planCodes[d.Code] {
					t.Errorf("with the plan: %v", d)
				}
			}
			if diff := cmp.Diff(alone, sim.Run(w)); diff != "" {
				t.Errorf("report with the plan differs from the root's alone (-alone +plan):\n%s", diff)
			}
		})
	}
	if tested < 16 {
		t.Errorf("%d roots with a plan.json, want at least 16", tested)
	}
}

// TestPlanGivesWhatTheRootCannot traces remote-state with its plan. Alone,
// every call is unknown (TestRoots); the plan read the other stack's
// outputs, so the subnets are expanded per AZ, the image is a private ECR
// repository (1.2.2) and the secret a Secrets Manager ARN (1.4.1). The
// VPC has no secretsmanager endpoint and no NAT gateway: the secret's
// public name has no route (3.2.5, 4.2.4), the article's error.
func TestPlanGivesWhatTheRootCannot(t *testing.T) {
	w, diags := terraform.Load(filepath.Join(rootsDir, "remote-state"), terraform.Options{Account: account, Prior: loadPlan(t, "remote-state")})
	if diags.HasErrors() || w == nil {
		t.Fatalf("with the plan: %v", diags)
	}
	rep := sim.Run(w)
	if len(rep.Workloads) != 1 {
		t.Fatalf("%d workloads, want 1", len(rep.Workloads))
	}
	checkWorkload(t, rep.Workloads[0], want{calls: []call{
		ok(sim.CallECRAuth, ie),
		ok(sim.CallECRImage, ie),
		ok(sim.CallECRLayers, ge),
		ok(sim.CallLogs, ie),
		no(sim.CallSecret, sim.NoRoute),
	}, stopped: stopSecret})
	if got := rep.Workloads[0].Outcome; got != sim.OutcomeFails {
		t.Errorf("Outcome = %v, want fails", got)
	}
	// Both AZs of the remote state have a placement.
	var subnets []string
	for _, pl := range rep.Workloads[0].Calls[0].Placements {
		subnets = append(subnets, pl.Subnet)
	}
	if diff := cmp.Diff([]string{`aws_subnet.private["ap-northeast-1a"]`, `aws_subnet.private["ap-northeast-1c"]`}, subnets); diff != "" {
		t.Errorf("placements (-want +got):\n%s", diff)
	}
	// The one remark: the variables are the plan's.
	wantDiags := model.Diagnostics{{
		Severity: model.SeverityInfo,
		Code:     "variables-from-plan",
		Message:  "the root's variables are the ones plan.json was made with (2 values); give --var or --var-file to set them instead",
		Source:   model.Pos{File: filepath.Join(rootsDir, "remote-state", "plan.json"), Line: 1, Column: 66}, // "variables"
	}}
	if diff := cmp.Diff(wantDiags, diags); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}
