package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/render/diagram/graphviz"
)

// TestMain reads Terraform roots with an empty environment, so that the
// tests do not depend on the machine's AWS_REGION or TF_VAR_*, and draws
// in-process (TestDrawProgram runs the drawing program itself).
func TestMain(m *testing.M) {
	environ = func() []string { return nil }
	draw = graphviz.Render
	os.Exit(m.Run())
}

// TestTerraformEnvironment checks that trace reads a root with the
// environment, as Terraform and the AWS provider do (TF_VAR_name for a
// root variable, AWS_REGION for a provider that sets no region, and the
// info line that says so), and that --region overrides all of it.
func TestTerraformEnvironment(t *testing.T) {
	dir := t.TempDir()
	root := `provider "aws" {}
variable "name" {
  type = string
}
resource "aws_ecs_cluster" "main" {
  name = var.name
}
resource "aws_ecs_task_definition" "app" {
  family                   = var.name
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  container_definitions    = jsonencode([{ name = "app", image = "public.ecr.aws/nginx/nginx:1.27" }])
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(root), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		env    []string
		args   []string
		region string
		notes  []string
	}{
		{
			name:   "environment",
			env:    []string{"AWS_DEFAULT_REGION=us-west-2", "AWS_REGION=eu-west-1", "TF_VAR_name=orders"},
			region: "eu-west-1",
			notes:  []string{`provider "aws" sets no region: using AWS_REGION=eu-west-1 from the environment, as the AWS provider does`},
		},
		{
			name:   "--region wins",
			env:    []string{"AWS_REGION=eu-west-1", "TF_VAR_name=orders"},
			args:   []string{"--region", "ap-northeast-1"},
			region: "ap-northeast-1",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			environ = func() []string { return tc.env }
			defer func() { environ = func() []string { return nil } }()
			var stdout, stderr bytes.Buffer
			status := run(append(append([]string{"trace", "--format", "json"}, tc.args...), dir), &stdout, &stderr)
			if status == exitBadInput {
				t.Fatalf("exit %d: %s%s", status, stderr.String(), stdout.String())
			}
			var doc struct {
				Workloads []struct {
					Name  string
					Calls []struct{ Region string }
				}
				Diagnostics []struct{ Severity, Code, Message string }
			}
			if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			var notes []string
			for _, d := range doc.Diagnostics {
				if d.Code == "region-from-environment" {
					notes = append(notes, d.Message)
				}
			}
			var regions []string
			for _, c := range doc.Workloads[0].Calls {
				regions = append(regions, c.Region)
			}
			got := map[string]any{"workload": doc.Workloads[0].Name, "notes": notes, "call regions": regions}
			want := map[string]any{"workload": "orders", "notes": tc.notes, "call regions": []string{tc.region}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
