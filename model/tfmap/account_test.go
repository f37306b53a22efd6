package tfmap

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAccountEvidence checks where the caller's account is taken from, in
// the order of aws-rules 6.1.6.
func TestAccountEvidence(t *testing.T) {
	identity := res(1, "data.aws_caller_identity.current", M{"account_id": "111122223333", "arn": "arn:aws:iam::111122223333:user/ci"})
	role := res(2, "aws_ecs_task_definition.app", M{"execution_role_arn": "arn:aws:iam::444455556666:role/exec"})
	image := res(3, "aws_ecs_task_definition.web", M{"container_definitions": `[{"image":"444455556666.dkr.ecr.eu-west-1.amazonaws.com/web:1"}]`,
		"task_role_arn": "arn:aws:iam::444455556666:role/task"})
	ecrImage := res(3, "aws_ecs_task_definition.web", M{"image": "777788889999.dkr.ecr.eu-west-1.amazonaws.com/web:1"})
	emulated := res(4, "aws_iam_role.exec", M{"arn": "arn:aws:iam::123456789012:role/exec"})
	managed := res(5, "aws_iam_role_policy_attachment.x", M{"policy_arn": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"})
	tests := []struct {
		name      string
		e         AccountEvidence
		want, how string
	}{
		{"6.1.6 --account comes first", AccountEvidence{Flag: "999988887777", Identities: []Resource{identity}}, "999988887777", "--account"},
		{"6.1.6 a caller identity Terraform read", AccountEvidence{Identities: []Resource{identity}, Resources: []Resource{role}}, "111122223333", "data.aws_caller_identity.current"},
		{"6.1.6 a caller identity known only after apply does not count",
			AccountEvidence{Identities: []Resource{res(1, "data.aws_caller_identity.current", M{"account_id": U})}, Resources: []Resource{role}},
			"444455556666", "the ARNs in the input, which all name it"},
		{"6.1.6 a single allowed_account_ids entry", AccountEvidence{Providers: []ProviderAccount{{Name: `provider "aws"`, Allowed: []string{"222233334444"}}}, Resources: []Resource{role}},
			"222233334444", `allowed_account_ids of provider "aws"`},
		{"6.1.6 several allowed_account_ids entries show none; the assumed role's account does",
			AccountEvidence{Providers: []ProviderAccount{{Name: `provider "aws"`, Allowed: []string{"222233334444", "333344445555"}, RoleARN: "arn:aws:iam::333344445555:role/deploy"}}},
			"333344445555", `assume_role.role_arn of provider "aws"`},
		{"6.1.6 provider aliases with different accounts: no guess, not even from the ARNs",
			AccountEvidence{Providers: []ProviderAccount{{Name: `provider "aws"`, Allowed: []string{"222233334444"}}, {Name: `provider "aws" (alias "shared")`, RoleARN: "arn:aws:iam::333344445555:role/x"}}, Resources: []Resource{role}},
			"", ""},
		{"6.1.6 10.38 aliases with different accounts: the one the workloads use",
			AccountEvidence{Providers: []ProviderAccount{{Name: `provider "aws"`, Key: "aws", Allowed: []string{"222233334444"}}, {Name: `provider "aws" (alias "apps")`, Key: "aws.apps", Allowed: []string{"333344445555"}}},
				WorkloadProviders: []string{"aws.apps"}},
			"333344445555", `allowed_account_ids of provider "aws" (alias "apps"), the configuration of the ECS resources and roles`},
		{"6.1.6 10.38 aliases with different accounts, both used by the workloads: no guess",
			AccountEvidence{Providers: []ProviderAccount{{Name: `provider "aws"`, Key: "aws", Allowed: []string{"222233334444"}}, {Name: `provider "aws" (alias "apps")`, Key: "aws.apps", Allowed: []string{"333344445555"}}},
				WorkloadProviders: []string{"aws", "aws.apps"}},
			"", ""},
		{"6.1.6 provider aliases that agree", AccountEvidence{Providers: []ProviderAccount{{Name: `provider "aws"`, Allowed: []string{"222233334444"}}, {Name: `provider "aws" (alias "west")`, Allowed: []string{"222233334444"}}}},
			"222233334444", `allowed_account_ids of provider "aws"`},
		{"6.1.6 literal ARNs and ECR registry hosts that agree; AWS-managed ARNs name no account", AccountEvidence{Resources: []Resource{role, image, managed}},
			"444455556666", "the ARNs in the input, which all name it"},
		{"6.1.6 literal ARNs that disagree show none", AccountEvidence{Resources: []Resource{role, ecrImage}}, "", ""},
		{"6.1.6 ARNs the emulation wrote with the placeholder do not count", AccountEvidence{Resources: []Resource{emulated, role}, Placeholder: "123456789012"},
			"444455556666", "the ARNs in the input, which all name it"},
		{"6.1.6 nothing shows it", AccountEvidence{Resources: []Resource{emulated, managed}, Placeholder: "123456789012"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, how := tt.e.Resolve()
			if diff := cmp.Diff([]string{tt.want, tt.how}, []string{got, how}); diff != "" {
				t.Errorf("Resolve (-want +got):\n%s", diff)
			}
		})
	}
}
