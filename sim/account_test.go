package sim_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
