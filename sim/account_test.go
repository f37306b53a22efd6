package sim_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// accountPolicy allows the endpoint's service only to principals of
// account 111122223333.
const accountPolicy = `{"Statement": [{"Sid": "OwnAccount", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
  "Condition": {"StringEquals": {"aws:PrincipalAccount": "ACCOUNT"}}}]}`

// TestAccountID checks aws-rules 6.1.6 on the seed, whose ARNs name
// 123456789012: a policy on the principal's account is decided from the
// account the input shows, and is unknown, never denied, when the input
// does not show it.
func TestAccountID(t *testing.T) {
	viaEndpoint := func(k sim.CallKind) outcome { return reaches(k, "private-a", sim.ViaInterfaceEndpoint) }
	tests := []struct {
		name        string
		from        string // World.AccountFrom
		account     string // the policy's account
		want        outcome
		missing     []string
		detailHas   string
		explanation string
	}{
		{
			name: "6.1.6 the account is not shown: a condition on another account is unknown, not denied",
			from: "", account: "111122223333",
			want:      unknown(sim.CallECRAuth, "private-a", reasons(sim.Unmodeled), "ENI of endpoint ecr-api in private-a (10.0.1.0/24): endpoint-policy unknown UNMODELED"),
			missing:   []string{"the account ID"},
			detailHas: `depends on the account ID, which the input does not show: for account 111122223333 it is allowed by Sid "OwnAccount", for any account the policy does not name denied (aws-rules 6.1.6)`,
		},
		{
			// The placeholder in the policy is the same unknown account as
			// the principal's, as when both come from the caller identity
			// that vpctrace emulates offline.
			name: "6.1.6 the account is not shown: a condition on the placeholder is the caller's own account, allowed",
			from: "", account: "123456789012",
			want: viaEndpoint(sim.CallECRAuth),
		},
		{
			name: "6.1.6 a known account that the policy names: allowed, and the step says where the account comes from",
			from: "--account", account: "123456789012",
			want:      viaEndpoint(sim.CallECRAuth),
			detailHas: "; the account ID 123456789012, which decides this, is from --account (aws-rules 6.1.6)",
		},
		{
			name: "6.1.6 a known account that the policy does not name: denied",
			from: "data.aws_caller_identity.current", account: "111122223333",
			want:      unreachable(sim.CallECRAuth, "private-a", reasons(sim.EndpointPolicyDenied), "ENI of endpoint ecr-api in private-a (10.0.1.0/24): endpoint-policy denied ENDPOINT_POLICY_DENIED"),
			detailHas: "is from data.aws_caller_identity.current (aws-rules 6.1.6)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadSeed(t)
			w.AccountFrom = tt.from
			endpoint(t, w, "ecr-api").Policy = strings.ReplaceAll(accountPolicy, "ACCOUNT", tt.account)
			res := workload(t, sim.Run(w), "app")
			i := slices.IndexFunc(res.Calls, func(c sim.CallResult) bool { return c.Kind == sim.CallECRAuth })
			call := res.Calls[i]
			if diff := cmp.Diff(tt.want, outcomes(sim.WorkloadResult{Calls: []sim.CallResult{call}})[0]); diff != "" {
				t.Errorf("ecr-auth (-want +got):\n%s", diff)
			}
			var missing []string
			for _, m := range call.Missing {
				missing = append(missing, m.What)
			}
			if diff := cmp.Diff(tt.missing, missing); diff != "" {
				t.Errorf("Missing (-want +got):\n%s", diff)
			}
			if tt.detailHas != "" && !slices.ContainsFunc(policySteps(call), func(d string) bool { return strings.Contains(d, tt.detailHas) }) {
				t.Errorf("no endpoint-policy step says %q:\n%s", tt.detailHas, strings.Join(policySteps(call), "\n"))
			}
		})
	}
}

// policySteps returns the details of a call's endpoint-policy steps.
func policySteps(c sim.CallResult) []string {
	var out []string
	for _, p := range c.Placements {
		for _, h := range p.Hops {
			for _, s := range h.Steps {
				if s.Type == sim.StepEndpointPolicy {
					out = append(out, s.Detail)
				}
			}
		}
	}
	return out
}

// TestBucketAccount checks aws:ResourceAccount for an environment file
// (aws-rules 6.1.6): an S3 ARN names no account; a bucket of the input is
// the caller's, and a bucket the input does not describe leaves the
// condition undecided (6.1.5).
func TestBucketAccount(t *testing.T) {
	const s3Policy = `{"Statement": [
  {"Sid": "Layers", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*"},
  {"Sid": "OwnBuckets", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
   "Condition": {"StringEquals": {"aws:ResourceAccount": "111122223333"}}}]}`
	tests := []struct {
		name      string
		from      string
		inInput   bool
		want      outcome
		detailHas string
	}{
		{
			name: "6.1.6 a bucket of the input is in the caller's account, which the input shows",
			from: "--account", inInput: true,
			want:      reaches(sim.CallEnvFile, "private-a", sim.ViaGatewayEndpoint),
			detailHas: "the account ID 111122223333, which decides this, is from --account (aws-rules 6.1.6)",
		},
		{
			name: "6.1.6 a bucket of the input in an account the input does not show: unknown",
			from: "", inInput: true,
			want: unknown(sim.CallEnvFile, "private-a", reasons(sim.Unmodeled), "s3: endpoint-policy unknown UNMODELED"),
		},
		{
			name: "6.1.5 a bucket the input does not describe: its account is not known",
			from: "--account", inInput: false,
			want: unknown(sim.CallEnvFile, "private-a", reasons(sim.Unmodeled), "s3: endpoint-policy unknown UNMODELED"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadSeed(t)
			w.Account, w.AccountFrom = "111122223333", tt.from
			if tt.from == "" {
				w.Account = "123456789012"
			}
			w.TaskDefinitions[0].Containers[0].EnvironmentFiles = []string{"arn:aws:s3:::app-config/app.env"}
			if tt.inInput {
				w.Buckets = append(w.Buckets, model.Bucket{ID: "config", Name: "app-config", Region: "ap-northeast-1"})
			}
			endpoint(t, w, "s3").Policy = s3Policy
			res := workload(t, sim.Run(w), "app")
			i := slices.IndexFunc(res.Calls, func(c sim.CallResult) bool { return c.Kind == sim.CallEnvFile })
			if i < 0 {
				t.Fatal("no env-file call")
			}
			call := res.Calls[i]
			if diff := cmp.Diff(tt.want, outcomes(sim.WorkloadResult{Calls: []sim.CallResult{call}})[0]); diff != "" {
				t.Errorf("env-file (-want +got):\n%s", diff)
			}
			if tt.detailHas != "" && !slices.ContainsFunc(policySteps(call), func(d string) bool { return strings.Contains(d, tt.detailHas) }) {
				t.Errorf("no endpoint-policy step says %q:\n%s", tt.detailHas, strings.Join(policySteps(call), "\n"))
			}
		})
	}
}
