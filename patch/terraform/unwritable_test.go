package terraform

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/whatif"
)

// TestUnwritable checks the changes the patcher refuses, and that it says
// why in one sentence naming the resource, attribute and expression.
func TestUnwritable(t *testing.T) {
	tests := []struct {
		name   string
		root   string
		change whatif.Change
		reason string
	}{
		{"for_each attribute that reads a variable's map", "testdata/standalone",
			whatif.Change{Kind: whatif.EnablePrivateDNS, Target: `aws_vpc_endpoint.queue["sqs"]`},
			`aws_vpc_endpoint.queue sets private_dns_enabled = each.value (testdata/standalone/main.tf:217:25) per instance of its for_each; set it to true in the input that gives that value for aws_vpc_endpoint.queue["sqs"]`},
		{"policy from a variable", "testdata/standalone",
			whatif.Change{Kind: whatif.WidenEndpointPolicy, Target: "aws_vpc_endpoint.ssm", Value: "ssm:GetParameter *"},
			`aws_vpc_endpoint.ssm sets policy = var.ssm_policy (testdata/standalone/main.tf:161:25), which is neither a literal document, jsonencode of one with a Statement list, nor a data.aws_iam_policy_document`},
		{"module object without an output", "testdata/module",
			whatif.Change{Kind: whatif.AssociateRouteTable, Target: "aws_vpc_endpoint.dynamodb", Value: "module.net.aws_route_table.private"},
			`module.net.aws_route_table.private is in module.net, which has no output whose value is aws_route_table.private.id`},
		{"attribute inside a registry module", "testdata/registry",
			whatif.Change{Kind: whatif.EnablePrivateDNS, Target: "module.vpc.aws_vpc_endpoint.ecr_api"},
			`module.vpc.aws_vpc_endpoint.ecr_api is in a module whose files vpctrace does not edit: module.vpc comes from "example/vpc/aws", which terraform init installs under .terraform/modules and overwrites`},
		{"attribute inside a module called with for_each", "testdata/registry",
			whatif.Change{Kind: whatif.AllowEgress, Target: `module.svc["app"].aws_security_group.admin`, Value: "0.0.0.0/0", Port: 443},
			`module.svc["app"].aws_security_group.admin is in a module whose files vpctrace does not edit: module.svc is called with count or for_each (testdata/registry/main.tf:15:1), so its files serve every instance`},
		{"literal attribute of a for_each resource that other instances would change with", "testdata/inline",
			whatif.Change{Kind: whatif.EnablePrivateDNS, Target: `aws_vpc_endpoint.shared["kms"]`},
			`aws_vpc_endpoint.shared sets private_dns_enabled = false (testdata/inline/main.tf:257:25) for every instance of its for_each (testdata/inline/main.tf:252:14); writing the change there would change aws_vpc_endpoint.shared["sts"] too`},
		{"kind vpctrace does not write", "testdata/inline",
			whatif.Change{Kind: whatif.DisableEndpoint, Target: "aws_vpc_endpoint.ecr_api"},
			"vpctrace does not write this kind of change as Terraform"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := loadRoot(t, tt.root)
			edits, err := Edits(tt.root, base, []whatif.Change{tt.change})
			var u *UnwritableError
			if !errors.As(err, &u) {
				t.Fatalf("Edits = %d edits, error %v; want an UnwritableError", len(edits), err)
			}
			if edits != nil {
				t.Errorf("Edits returned %d edits with its error", len(edits))
			}
			if diff := cmp.Diff(tt.reason, u.Reason); diff != "" {
				t.Errorf("reason (-want +got):\n%s", diff)
			}
		})
	}
}
