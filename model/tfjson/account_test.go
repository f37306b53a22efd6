package tfjson_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model/tfjson"
)

// TestAccount checks where a plan or state shows the caller's account, in
// the order of aws-rules 6.1.6, and that a world built without one says so
// (AccountFrom empty, the placeholder account).
func TestAccount(t *testing.T) {
	const (
		// A plan whose caller identity Terraform read (prior_state) and
		// whose provider names another account: the caller identity wins.
		identity = `{"format_version": "1.2", "planned_values": {"root_module": {}},
			"prior_state": {"format_version": "1.0", "values": {"root_module": {"resources": [
				{"address": "data.aws_caller_identity.current", "mode": "data", "type": "aws_caller_identity", "name": "current",
				 "values": {"account_id": "111122223333", "arn": "arn:aws:iam::111122223333:user/ci"}}]}}},
			"configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"},
				"allowed_account_ids": {"constant_value": ["222233334444"]}}}}}}`
		// allowed_account_ids through a root variable.
		allowedVar = `{"format_version": "1.2", "variables": {"ids": {"value": ["222233334444"]}}, "planned_values": {"root_module": {}},
			"configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"},
				"allowed_account_ids": {"references": ["var.ids"]}}}}}}`
		// Two configurations of different accounts; the ECS resources
		// and roles use the alias.
		aliases = `{"format_version": "1.2", "planned_values": {"root_module": {}},
			"configuration": {"provider_config": {
				"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}, "allowed_account_ids": {"constant_value": ["222233334444"]}}},
				"aws.apps": {"name": "aws", "alias": "apps", "expressions": {"region": {"constant_value": "eu-west-1"},
					"assume_role": [{"role_arn": {"constant_value": "arn:aws:iam::333344445555:role/deploy"}}]}}},
			  "root_module": {"resources": [
				{"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "provider_config_key": "aws"},
				{"address": "aws_iam_role.exec", "mode": "managed", "type": "aws_iam_role", "name": "exec", "provider_config_key": "aws.apps"}],
			   "module_calls": {"app": {"source": "./app", "module": {"resources": [
				{"address": "aws_ecs_task_definition.app", "mode": "managed", "type": "aws_ecs_task_definition", "name": "app", "provider_config_key": "aws.apps"}]}}}}}}`
		// The same, but the task definition uses the default
		// configuration: no guess.
		mixed = `{"format_version": "1.2", "planned_values": {"root_module": {}},
			"configuration": {"provider_config": {
				"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}, "allowed_account_ids": {"constant_value": ["222233334444"]}}},
				"aws.apps": {"name": "aws", "alias": "apps", "expressions": {"region": {"constant_value": "eu-west-1"},
					"assume_role": [{"role_arn": {"constant_value": "arn:aws:iam::333344445555:role/deploy"}}]}}},
			  "root_module": {"resources": [
				{"address": "aws_iam_role.exec", "mode": "managed", "type": "aws_iam_role", "name": "exec", "provider_config_key": "aws.apps"},
				{"address": "aws_ecs_task_definition.app", "mode": "managed", "type": "aws_ecs_task_definition", "name": "app", "provider_config_key": "aws"}]}}}`
		// A state whose ARNs agree.
		arns = `{"format_version": "1.0", "values": {"root_module": {"resources": [
			{"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r", "values": {"arn": "arn:aws:iam::444455556666:role/r"}},
			{"address": "aws_vpc.a", "mode": "managed", "type": "aws_vpc", "name": "a", "values": {"arn": "arn:aws:ec2:eu-west-1:444455556666:vpc/vpc-1"}}]}}}`
		// A state whose ARNs disagree.
		disagree = `{"format_version": "1.0", "values": {"root_module": {"resources": [
			{"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r", "values": {"arn": "arn:aws:iam::444455556666:role/r"}},
			{"address": "aws_vpc.a", "mode": "managed", "type": "aws_vpc", "name": "a", "values": {"arn": "arn:aws:ec2:eu-west-1:555566667777:vpc/vpc-1"}}]}}}`
	)
	tests := []struct {
		name, data string
		opts       tfjson.Options
		want       []string // account, where from
	}{
		{"6.1.6 --account comes first", identity, tfjson.Options{Account: "999988887777"}, []string{"999988887777", "--account"}},
		{"6.1.6 the caller identity the plan read comes before the provider", identity, tfjson.Options{}, []string{"111122223333", "data.aws_caller_identity.current"}},
		{"6.1.6 allowed_account_ids given by a root variable", allowedVar, tfjson.Options{}, []string{"222233334444", `allowed_account_ids of provider "aws"`}},
		{"6.1.6 10.38 aliases of different accounts: the one the ECS resources and roles use", aliases, tfjson.Options{},
			[]string{"333344445555", `assume_role.role_arn of provider "aws" (alias "apps"), the configuration of the ECS resources and roles`}},
		{"6.1.6 10.38 aliases of different accounts used by the workloads alike: no guess", mixed, tfjson.Options{}, []string{tfjson.DefaultAccount, ""}},
		{"6.1.6 a state's ARNs that agree", arns, tfjson.Options{}, []string{"444455556666", "the ARNs in the input, which all name it"}},
		{"6.1.6 10.37 ARNs that disagree: the placeholder, not shown", disagree, tfjson.Options{Region: "eu-west-1"}, []string{tfjson.DefaultAccount, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, diags := tfjson.Decode("in.json", []byte(tt.data), tt.opts)
			if w == nil {
				t.Fatalf("Decode: %v", diags)
			}
			if diff := cmp.Diff(tt.want, []string{w.Account, w.AccountFrom}); diff != "" {
				t.Errorf("account, where from (-want +got):\n%s", diff)
			}
		})
	}
}
