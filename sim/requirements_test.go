package sim_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vpctrace/vpctrace/sim"
)

// row is the part of a Requirement the seed article's table states.
type row struct {
	Use       string
	Endpoints []string
	Origin    sim.Origin
}

// TestRequirementsSeedTable reproduces the seed article's endpoint table
// for Fargate (its four rows), with the 1.3.0 secrets and parameters rows
// corrected per aws-rules 2.1.1/2.1.2: on 1.3.0 the Fargate-owned interface
// fetches them, so ssm and secretsmanager endpoints are not needed, and
// ecr.api is needed only from 1.4.0 (2.2).
func TestRequirementsSeedTable(t *testing.T) {
	tests := []struct {
		pv   string
		want []row
	}{
		{"1.3.0", []row{
			{"Pull an image from ECR", []string{"ecr.dkr", "s3 (Gateway)"}, sim.OriginTaskENI},
			{"Send logs to CloudWatch Logs (awslogs)", []string{"logs"}, sim.OriginTaskENI},
			{"Read Parameter Store parameters", nil, sim.OriginFargatePlatform},
			{"Read Secrets Manager secrets", nil, sim.OriginFargatePlatform},
		}},
		{"1.4.0", []row{
			{"Pull an image from ECR", []string{"ecr.api", "ecr.dkr", "s3 (Gateway)"}, sim.OriginTaskENI},
			{"Send logs to CloudWatch Logs (awslogs)", []string{"logs"}, sim.OriginTaskENI},
			{"Read Parameter Store parameters", []string{"ssm"}, sim.OriginTaskENI},
			{"Read Secrets Manager secrets", []string{"secretsmanager"}, sim.OriginTaskENI},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.pv, func(t *testing.T) {
			reqs, err := sim.Requirements("FARGATE", tt.pv)
			if err != nil {
				t.Fatal(err)
			}
			var got []row
			for _, r := range reqs[:4] {
				got = append(got, row{r.Use, r.Endpoints, r.Origin})
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRequirementsErrors checks that bad arguments are refused.
func TestRequirementsErrors(t *testing.T) {
	for _, tt := range []struct{ launch, pv, want string }{
		{"LAMBDA", "", `launch type "LAMBDA" is not FARGATE or EC2`},
		{"FARGATE", "1.x", `platform version "1.x" is not LATEST or a version such as 1.4.0`},
	} {
		if _, err := sim.Requirements(tt.launch, tt.pv); err == nil || err.Error() != tt.want {
			t.Errorf("Requirements(%q, %q) error = %v, want %q", tt.launch, tt.pv, err, tt.want)
		}
	}
}
