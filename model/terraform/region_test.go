package terraform

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
)

// TestRegionSources checks where the default aws provider's region comes
// from, as the AWS provider and Terraform decide it: --region (vpctrace's
// override), else the provider block's region argument, else AWS_REGION,
// else AWS_DEFAULT_REGION; and that a child module sees the root's
// configuration wherever the provider block's file sorts.
func TestRegionSources(t *testing.T) {
	info := func(p model.Pos, msg string) model.Diagnostic {
		return model.Diagnostic{Severity: model.SeverityInfo, Code: codeRegionFromEnv, Source: p, Message: msg}
	}
	child := map[string]string{
		"m/main.tf": `data "aws_region" "here" {}
resource "aws_cloudwatch_log_group" "g" {
  name = "/ecs/${data.aws_region.here.name}"
}
`,
	}
	tests := []struct {
		name   string
		files  map[string]string
		opts   Options
		region string // the root's default provider
		child  string // the log group name in module.m
		want   model.Diagnostics
	}{
		{
			name:   "the provider block wins over the environment",
			files:  map[string]string{"main.tf": `provider "aws" { region = "us-east-1" }` + "\nmodule \"m\" { source = \"./m\" }\n"},
			opts:   Options{Environ: []string{"AWS_REGION=eu-west-1"}},
			region: "us-east-1", child: "/ecs/us-east-1",
		},
		{
			name:   "--region wins over the provider block",
			files:  map[string]string{"main.tf": `provider "aws" { region = "us-east-1" }` + "\nmodule \"m\" { source = \"./m\" }\n"},
			opts:   Options{Region: "ap-northeast-1", Environ: []string{"AWS_REGION=eu-west-1"}},
			region: "ap-northeast-1", child: "/ecs/ap-northeast-1",
		},
		{
			// The module call sorts before the provider block: the child
			// still waits for it (a resource depends on its provider).
			name: "provider block in a file that sorts last",
			files: map[string]string{
				"a.tf":           "module \"m\" { source = \"./m\" }\n",
				"zz_provider.tf": `provider "aws" { region = "eu-central-1" }` + "\n",
			},
			region: "eu-central-1", child: "/ecs/eu-central-1",
		},
		{
			name:   "no provider block: AWS_REGION before AWS_DEFAULT_REGION",
			files:  map[string]string{"main.tf": "module \"m\" { source = \"./m\" }\n"},
			opts:   Options{Environ: []string{"AWS_DEFAULT_REGION=eu-west-2", "AWS_REGION=eu-west-1"}},
			region: "eu-west-1", child: "/ecs/eu-west-1",
			want: model.Diagnostics{info(model.Pos{File: "ROOT"},
				`the root module has no provider "aws" block, so no region is configured: using AWS_REGION=eu-west-1 from the environment, as the AWS provider does`)},
		},
		{
			name:   "a provider block without region: AWS_DEFAULT_REGION",
			files:  map[string]string{"main.tf": "provider \"aws\" {}\nmodule \"m\" { source = \"./m\" }\n"},
			opts:   Options{Environ: []string{"AWS_DEFAULT_REGION=eu-west-2", "AWS_REGION="}},
			region: "eu-west-2", child: "/ecs/eu-west-2",
			want: model.Diagnostics{info(pos("main.tf", 1, 1),
				`provider "aws" sets no region: using AWS_DEFAULT_REGION=eu-west-2 from the environment, as the AWS provider does`)},
		},
		{
			name:   "no region anywhere",
			files:  map[string]string{"main.tf": "module \"m\" { source = \"./m\" }\n"},
			opts:   Options{Environ: []string{"HOME=/root"}},
			region: "", child: unknown,
			want: model.Diagnostics{{Severity: model.SeverityError, Code: codeNoRegion, Source: model.Pos{File: "ROOT"},
				Message: "No region: the root module configures no aws provider region, and neither --region nor AWS_REGION or AWS_DEFAULT_REGION is set"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range child {
				files[k] = v
			}
			for k, v := range tc.files {
				files[k] = v
			}
			dir := writeRoot(t, files)
			rs, region, diags := Evaluate(dir, tc.opts)
			got := relDiags(dir, diags)
			for i := range got {
				if got[i].Source.File == dir {
					got[i].Source.File = "ROOT"
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			if region != tc.region {
				t.Errorf("region %q, want %q", region, tc.region)
			}
			g := byAddress(rs)["module.m.aws_cloudwatch_log_group.g"]
			if name := goValue(g.Values.GetAttr("name")); name != tc.child {
				t.Errorf("module.m's log group %v, want %q", name, tc.child)
			}
		})
	}
}
