package scenario_test

import (
	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model/scenario"
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

// TestDecodeBlockPublicAccess reads VPC Block Public Access options and
// exclusions (aws-rules 4.10.1, 4.10.2).
func TestDecodeBlockPublicAccess(t *testing.T) {
	runFieldCases(t, []fieldCase{{
		name: "4.10.1 options per account and Region, exclusions of a VPC and of a subnet",
		yaml: `block_public_access:
  here: {mode: block-bidirectional}
  there: {mode: block-ingress, region: eu-west-1, account: "210987654321"}
block_public_access_exclusions:
  whole-vpc: {vpc: v, mode: allow-bidirectional}
  one-subnet: {subnet: a, mode: allow-egress}
`,
		get: func(w *model.World) any { return []any{w.BlockPublicAccess, w.BPAExclusions} },
		want: []any{
			[]model.BlockPublicAccess{
				{ID: "here", Source: at(2, 3), Mode: model.BPABidirectional},
				{ID: "there", Source: at(3, 3), Mode: model.BPAIngress, Region: "eu-west-1", Account: "210987654321"},
			},
			[]model.BPAExclusion{
				{ID: "whole-vpc", Source: at(5, 3), VPC: "v", Mode: model.BPAAllowBidirectional},
				{ID: "one-subnet", Source: at(6, 3), Subnet: "a", Mode: model.BPAAllowEgress},
			},
		},
	}})
}

// TestDecodeBlockPublicAccessErrors: modes AWS does not have, an
// exclusion of both a VPC and a subnet, and two settings for one account
// and Region are refused with their positions (aws-rules 4.10.1).
func TestDecodeBlockPublicAccessErrors(t *testing.T) {
	src := head + `subnets: {a: {vpc: v, az: us-east-1a, cidr: 10.0.1.0/24}}
block_public_access:
  one: {mode: block-all}
  two: {mode: block-ingress}
  three: {mode: off}
block_public_access_exclusions:
  both: {vpc: v, subnet: a, mode: allow-egress}
  none: {}
`
	want := model.Diagnostics{
		errAt(6, 15, model.CodeInvalidValue, `block_public_access.one.mode: "block-all" is not a VPC Block Public Access mode (expected off, block-bidirectional or block-ingress)`),
		errAt(8, 3, model.CodeDuplicateID, `VPC block public access options "three": "two" already sets VPC Block Public Access for account 123456789012 in us-east-1; an account has one setting per Region`),
		errAt(10, 3, model.CodeInvalidValue, `VPC block public access exclusion "both" names both a VPC and a subnet; an exclusion is for one of them`),
		errAt(11, 3, model.CodeMissingField, `block_public_access_exclusions.none: missing required key "mode" (expected allow-bidirectional or allow-egress)`),
	}
	w, got := scenario.Decode("t.yaml", []byte(src))
	if w != nil {
		t.Errorf("Decode returned a world despite errors")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
	}
}
