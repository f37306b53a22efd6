package terraform_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/terraform"
	"github.com/vpctrace/vpctrace/sim"
)

// assumeRoleRoot is a root whose provider assumes a role in another
// account: the caller's account is that role's (aws-rules 6.1.6).
const assumeRoleRoot = `
provider "aws" {
  region = "ap-northeast-1"
  assume_role {
    role_arn = "arn:aws:iam::555566667777:role/deploy"
  }
}

resource "aws_iam_role" "execution" {
  name               = "exec"
  assume_role_policy = "{}"
}

resource "aws_ecs_task_definition" "app" {
  family                = "app"
  execution_role_arn    = aws_iam_role.execution.arn
  container_definitions = jsonencode([{ name = "app", image = "nginx" }])
}
`

// TestAccountFromInput checks where a Terraform root's account comes
// from, in the order of aws-rules 6.1.6, that the ARNs the evaluator
// synthesizes carry it, and what the endpoint policies of the account
// roots (a condition on aws:PrincipalAccount) then decide.
func TestAccountFromInput(t *testing.T) {
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "main.tf"), []byte(assumeRoleRoot), 0o600); err != nil {
		t.Fatal(err)
	}
	endpoints := []call{ok(sim.CallECRAuth, ie), ok(sim.CallECRImage, ie), ok(sim.CallECRLayers, ge), ok(sim.CallLogs, ie)}
	unknownAccount := []call{unk(sim.CallECRAuth, sim.Unmodeled), unk(sim.CallECRImage, sim.Unmodeled), ok(sim.CallECRLayers, ge), unk(sim.CallLogs, sim.Unmodeled)}
	denied := []call{no(sim.CallECRAuth, sim.EndpointPolicyDenied), no(sim.CallECRImage, sim.EndpointPolicyDenied), ok(sim.CallECRLayers, ge), no(sim.CallLogs, sim.EndpointPolicyDenied)}
	tests := []struct {
		name          string
		dir           string
		opts          terraform.Options
		plan          bool
		account, from string
		execRole      string
		calls         []call // of the workload "app"; nil: not compared
	}{
		{
			name: "6.1.6 the caller identity is not known offline: the placeholder, in the condition and the role alike",
			dir:  "account-caller-identity", account: "123456789012", from: "",
			execRole: "arn:aws:iam::123456789012:role/app-execution", calls: endpoints,
		},
		{
			name: "6.1.6 the caller identity the plan read", dir: "account-caller-identity", plan: true,
			account: "111122223333", from: "data.aws_caller_identity.current",
			execRole: "arn:aws:iam::111122223333:role/app-execution", calls: endpoints,
		},
		{
			name: "6.1.6 --account comes first", dir: "account-caller-identity", opts: terraform.Options{Account: "444455556666"},
			account: "444455556666", from: "--account",
			execRole: "arn:aws:iam::444455556666:role/app-execution", calls: endpoints,
		},
		{
			name: "6.1.6 a single allowed_account_ids entry; the root is evaluated again with it", dir: "account-provider",
			account: "111122223333", from: `allowed_account_ids of provider "aws"`,
			execRole: "arn:aws:iam::111122223333:role/app-execution", calls: endpoints,
		},
		{
			name: "6.1.6 no allowed_account_ids: the policy on a literal account is unknown, never denied", dir: "account-provider",
			opts:    terraform.Options{Vars: []string{"allowed_account_ids=[]"}},
			account: "123456789012", from: "",
			execRole: "arn:aws:iam::123456789012:role/app-execution", calls: unknownAccount,
		},
		{
			name: "6.1.6 --account names another account than the policy: denied", dir: "account-provider",
			opts:    terraform.Options{Account: "444455556666"},
			account: "444455556666", from: "--account",
			execRole: "arn:aws:iam::444455556666:role/app-execution", calls: denied,
		},
		{
			name: "6.1.6 the account of the role the provider assumes", dir: other,
			account: "555566667777", from: `assume_role.role_arn of provider "aws"`,
			execRole: "arn:aws:iam::555566667777:role/exec",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(rootsDir, dir)
			}
			opts := tt.opts
			if opts.Region == "" {
				opts.Region = region
			}
			if tt.plan {
				opts.Prior = loadPlan(t, tt.dir)
			}
			w, diags := terraform.Load(dir, opts)
			if w == nil || diags.HasErrors() {
				t.Fatalf("terraform.Load: %v", diags)
			}
			got := []string{w.Account, w.AccountFrom, execRole(w)}
			if diff := cmp.Diff([]string{tt.account, tt.from, tt.execRole}, got); diff != "" {
				t.Errorf("account, where from, execution role (-want +got):\n%s", diff)
			}
			if tt.calls != nil {
				r := sim.Run(w)
				if diff := cmp.Diff(tt.calls, calls(r.Workloads[0])); diff != "" {
					t.Errorf("calls (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// execRole returns the execution role ARN of the world's first task
// definition.
func execRole(w *model.World) string {
	if len(w.TaskDefinitions) == 0 {
		return ""
	}
	return w.TaskDefinitions[0].ExecutionRoleARN
}
