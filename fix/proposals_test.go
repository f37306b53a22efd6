package fix_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/fix"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// TestProposals lists the changes proposed for one failing placement: one
// for each blocker the explanation names, the first and the "also
// blocking" ones.
func TestProposals(t *testing.T) {
	tests := []struct {
		name     string
		input    string
		workload string
		call     sim.CallKind
		want     []string // labels
	}{{
		name:  "aws-rules 5.1.2, 5.1.4: the egress rule of the tasks' group and the ingress rule of the endpoint's, for both blockers",
		input: "scenarios/filters.yaml", workload: "sg-egress", call: sim.CallLogs,
		want: []string{"SG closed: allow egress TCP 443 to endpoints", "SG endpoints: allow ingress TCP 443 from closed"},
	}, {
		name:  "aws-rules 5.1.3: the S3 prefix list for a call through the gateway endpoint",
		input: "scenarios/filters.yaml", workload: "sg-egress", call: sim.CallECRLayers,
		want: []string{"SG closed: allow egress 443 to S3 list"},
	}, {
		name:  "aws-rules 5.2.3, 5.2.4: the network ACL rule for the return traffic",
		input: "scenarios/filters.yaml", workload: "nacl", call: sim.CallLogs,
		want: []string{"network ACL no-return: allow ingress TCP 1024-65535"},
	}, {
		name:  "aws-rules 6.1.1: the endpoint policy statement",
		input: "scenarios/endpoint-policy.yaml", workload: "perimeter", call: sim.CallECRLayers,
		want: []string{"endpoint s3-perimeter: allow s3:GetObject arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/* in its policy"},
	}, {
		name:  "aws-rules 1.6.1: a mount target in the task's AZ",
		input: "scenarios/efs.yaml", workload: "efs-c", call: sim.CallEFS,
		want: []string{"add a mount target of data in private-c"},
	}, {
		name:  "a reachable call has none",
		input: "scenarios/filters.yaml", workload: "sg-ingress", call: sim.CallECRLayers,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := whatif.Base(world(t, tt.input))
			var got []string
			for _, wl := range tr.Report().Workloads {
				for _, c := range wl.Calls {
					if wl.Source != tt.workload || c.Kind != tt.call {
						continue
					}
					for _, p := range c.Placements {
						for _, ch := range fix.Proposals(tr, wl, c, p) {
							got = append(got, ch.Label())
						}
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("proposals (-want +got):\n%s", diff)
			}
		})
	}
}
