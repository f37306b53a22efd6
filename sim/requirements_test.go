package sim_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vpctrace/vpctrace/catalog"
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

// TestRequirementsNotesSayWhatTheyMean checks the notes of every table
// against the rules of issue 15, point 3: a note names no call kind ID
// (ecr-auth) in its prose, only the ECR row speaks of ECR's endpoint
// table, and no note speaks of a service, since the table is for no
// service.
func TestRequirementsNotesSayWhatTheyMean(t *testing.T) {
	var hyphenated []string // the kind IDs no English word could be
	for _, k := range catalog.Kinds {
		if strings.Contains(k.Name, "-") {
			hyphenated = append(hyphenated, k.Name)
		}
	}
	for _, tt := range []struct{ launch, pv string }{
		{"FARGATE", ""}, {"FARGATE", "1.3.0"}, {"FARGATE", "1.4.0"}, {"FARGATE", "LATEST"}, {"EC2", ""},
	} {
		reqs, err := sim.Requirements(tt.launch, tt.pv)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reqs {
			var broken []string
			for _, id := range hyphenated {
				if strings.Contains(r.Note, id) {
					broken = append(broken, "names the call kind "+id)
				}
			}
			if strings.Contains(r.Note, "ECR endpoint table") && r.Use != "Pull an image from ECR" {
				broken = append(broken, "copies the ECR row's sentence")
			}
			if strings.Contains(r.Note, "the service") {
				broken = append(broken, "speaks of a service")
			}
			if len(broken) > 0 {
				t.Errorf("%s %s, %q: the note %s:\n%s", tt.launch, tt.pv, r.Use, strings.Join(broken, ", "), r.Note)
			}
		}
	}
}

// TestRequirementsPlatformNotes checks the notes of the rows whose calls
// the Fargate platform makes itself on 1.3.0, and of a row the platform
// version rules out: each says what its own call is and which endpoint
// it does without (aws-rules 2.1.1, 2.1.2).
func TestRequirementsPlatformNotes(t *testing.T) {
	reqs, err := sim.Requirements("FARGATE", "1.3.0")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range reqs {
		got[r.Use] = r.Note
	}
	want := map[string]string{
		"Pull an image from ECR": "On 1.3.0 the Fargate platform itself fetches the authorization token of a private ECR registry from the ECR API, " +
			"from its own network interface outside the VPC, so the ecr.api endpoint is not needed (aws-rules 2.1.1). " +
			"AWS's ECR endpoint table asks for ecr.api only from platform version 1.4.0 (aws-rules 2.1.2).",
		"Read Parameter Store parameters": "On 1.3.0 the Fargate platform itself fetches a Systems Manager Parameter Store parameter named in secrets or secretOptions, " +
			"from its own network interface outside the VPC, so the ssm endpoint is not needed (aws-rules 2.1.1). " +
			"Some guides, the seed article among them, list ssm for 1.3.0 too; vpctrace follows AWS (aws-rules 2.1.2).",
		"Read Secrets Manager secrets": "On 1.3.0 the Fargate platform itself fetches a Secrets Manager secret named in secrets, secretOptions or repositoryCredentials, " +
			"from its own network interface outside the VPC, so the secretsmanager endpoint is not needed (aws-rules 2.1.1). " +
			"Some guides, the seed article among them, list secretsmanager for 1.3.0 too; vpctrace follows AWS (aws-rules 2.1.2).",
		"Load environment files from S3": "Fargate platform version 1.4.0 or later is needed for environment files; this table is for 1.3.0 (aws-rules 1.4.5-1.7.1).",
	}
	for use := range got {
		if _, ok := want[use]; !ok {
			delete(got, use)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}
