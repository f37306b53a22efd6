package policy_test

import (
	"fmt"

	"github.com/vpctrace/vpctrace/sim/policy"
)

// An S3 endpoint policy that keeps requests inside one account also blocks
// ECR layer downloads, which AWS makes without the account's principal
// (aws-rules 6.3.1).
func ExamplePolicy_Evaluate() {
	p, err := policy.Parse(`{
  "Statement": [{
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": "*",
    "Condition": {"StringEquals": {"aws:PrincipalAccount": "123456789012"}}
  }]
}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	d := p.Evaluate(policy.Request{
		Actions:  []string{"s3:GetObject"},
		Resource: "arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*",
		Absent:   []string{"aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalArn", "aws:ResourceAccount", "aws:ResourceOrgID"},
	})
	fmt.Println(d.Effect)
	fmt.Println(d.Detail)
	// Output:
	// denied
	// no statement allows s3:GetObject on arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*: statement 1 allows it only when aws:PrincipalAccount equals 123456789012, which ECR layer downloads never carry (aws-rules 6.3.1); add an unconditioned Allow for that resource
}

func ExampleParse() {
	_, err := policy.Parse(`{
  "Statement": [{
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:GetObject",
    "Resource": "my-bucket/*"
  }]
}`)
	fmt.Println(err)
	// Output:
	// 6:17: expected "*" or an ARN in Resource, found "my-bucket/*"
}
