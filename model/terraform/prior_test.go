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
	"github.com/zclconf/go-cty/cty"
)

// loadPlan reads testdata/terraform/DIR/plan.json, a real offline plan of
// the root (see testdata/terraform/README.md).
func loadPlan(t *testing.T, dir string) *tfjson.Snapshot {
	t.Helper()
	snap, diags := tfjson.LoadSnapshot(filepath.Join(rootsDir, dir, "plan.json"), 0)
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
		// remote-state's plan read another stack's outputs, and
		// account-caller-identity's the caller's account, which these
		// tests' --account contradicts (TestAccountFromInput, aws-rules
		// 6.1.6): the plan knows more than the root.
		if _, err := os.Stat(filepath.Join(rootsDir, dir, "plan.json")); err != nil || dir == "remote-state" || dir == "account-caller-identity" {
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

// TestStateWithRoot evaluates fixtures/plan-basic with the state the same
// root has once applied (trace --state state.json DIR): the state's real
// IDs replace the synthesized ones and flow through the references, the
// root and the state agree on every instance, and the verdicts are the
// root's alone.
func TestStateWithRoot(t *testing.T) {
	dir := filepath.Join(rootsDir, "fixtures", "plan-basic")
	snap, diags := tfjson.LoadSnapshot(filepath.Join(rootsDir, "fixtures", "state-basic", "state.json"), 0)
	if snap == nil || diags.HasErrors() {
		t.Fatalf("LoadSnapshot: %v", diags)
	}
	rs, _, diags := terraform.Evaluate(dir, terraform.Options{Prior: snap})
	for _, d := range diags {
		if planCodes[d.Code] || d.Severity == model.SeverityError {
			t.Errorf("%v", d)
		}
	}
	got := map[string]string{}
	for _, r := range rs {
		for _, attr := range []string{"id", "vpc_id"} {
			if r.Values.Type().IsObjectType() && r.Values.Type().HasAttribute(attr) {
				if v := r.Values.GetAttr(attr); v.IsKnown() && !v.IsNull() && (r.Address == "aws_vpc.main" || r.Address == `aws_subnet.private["a"]`) {
					got[r.Address+"."+attr] = v.AsString()
				}
			}
		}
	}
	want := map[string]string{
		"aws_vpc.main.id":                "vpc-0a1b2c3d4e5f67890",
		`aws_subnet.private["a"].id`:     "subnet-0123456789abcdef0",
		`aws_subnet.private["a"].vpc_id`: "vpc-0a1b2c3d4e5f67890",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
	withState, _ := terraform.Load(dir, terraform.Options{Prior: snap})
	alone, _ := terraform.Load(dir, terraform.Options{})
	if diff := cmp.Diff(callsOf(sim.Run(alone)), callsOf(sim.Run(withState))); diff != "" {
		t.Errorf("calls with the state differ from the root's alone (-alone +state):\n%s", diff)
	}
}

// callsOf lists each workload's calls, by workload name.
func callsOf(r sim.Report) map[string][]call {
	out := map[string][]call{}
	for _, w := range r.Workloads {
		out[w.Name] = calls(w)
	}
	return out
}

// TestRegionFromPlan: a root whose aws provider sets no region, with no
// --region and no AWS_REGION, takes the region the plan was made in.
func TestRegionFromPlan(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte("resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	snap := &tfjson.Snapshot{File: filepath.Join(dir, "plan.json"), Kind: "plan", Region: "eu-north-1",
		Instances: map[string]tfjson.Instance{"aws_vpc.main": {Address: "aws_vpc.main", Resource: "aws_vpc.main", Mode: "managed", Type: "aws_vpc",
			Values: cty.ObjectVal(map[string]cty.Value{"cidr_block": cty.StringVal("10.0.0.0/16")})}}}
	_, region, diags := terraform.Evaluate(dir, terraform.Options{Prior: snap})
	want := model.Diagnostics{{Severity: model.SeverityInfo, Code: "region-from-plan", Source: model.Pos{File: dir},
		Message: `the root module has no provider "aws" block, so no region is configured: using eu-north-1, the region of plan.json`}}
	if diff := cmp.Diff(want, diags); region != "eu-north-1" || diff != "" {
		t.Errorf("region %q, want eu-north-1; diagnostics (-want +got):\n%s", region, diff)
	}
}
