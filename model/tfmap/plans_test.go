package tfmap_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfjson"
	"github.com/vpctrace/vpctrace/sim"
)

// TestRootPlans reads real, offline plans (testdata/plans/ROOT.json, made
// with /work/shared/tools/tf-plan-json from testdata/terraform/ROOT) and
// compares every call of every workload, and the diagnostics' codes and
// positions, with what the roots' header comments say. In a plan every ID
// is known only after apply, so this checks the references path of
// resolution, where the HCL evaluator checks the IDs path.
func TestRootPlans(t *testing.T) {
	tests := []struct {
		root  string
		want  map[string][]string // workload -> "kind verdict via/reason" per call
		diags []string            // "severity code" of each diagnostic
	}{{
		// aws-rules 4.2.5: gateway_id = aws_nat_gateway.main.id is a NAT
		// gateway route, in a route block and in an aws_route.
		root: "route-nat-in-gateway-id",
		want: map[string][]string{"api": {
			"ecr-auth reachable nat-gateway", "ecr-image reachable nat-gateway", "ecr-layers reachable nat-gateway", "logs reachable nat-gateway",
		}},
	}, {
		// aws-rules 4.9.4-4.9.7, 10.41, 10.42: an IPv6-only subnet with
		// DNS64 and a 64:ff9b::/96 route to a NAT gateway reaches every
		// name; one with an egress-only gateway alone reaches the
		// dual-stack names only, so Fargate's choice of name decides.
		root: "ipv6-only",
		want: map[string][]string{
			"api": {"ecr-auth reachable egress-only-gateway", "ecr-image reachable egress-only-gateway", "ecr-layers reachable egress-only-gateway",
				"logs reachable egress-only-gateway", "secret reachable nat-gateway"},
			"edge": {"ecr-auth unknown NO_ROUTE", "ecr-image reachable egress-only-gateway", "ecr-layers unknown NO_ROUTE", "logs unknown NO_ROUTE", "secret unknown NO_ROUTE"},
		},
	}, {
		// aws-rules 4.2.4: routes to a NAT gateway and a transit gateway
		// created elsewhere decide only the paths that take them.
		root: "route-target-outside",
		want: map[string][]string{
			"app": {"ecr-auth reachable interface-endpoint", "ecr-image reachable interface-endpoint", "ecr-layers unknown UNMODELED", "logs reachable interface-endpoint"},
			"tools": {"ecr-auth reachable interface-endpoint", "ecr-image reachable interface-endpoint", "ecr-layers reachable gateway-endpoint",
				"logs reachable interface-endpoint"},
		},
		diags: []string{"warning undetermined-value", "warning undetermined-value", "warning undetermined-value"},
	}, {
		// aws-rules 3.3.5: the forwarding rule for amazonaws.com loses to
		// the logs endpoint's zone and wins elsewhere. 3.9: ALLOW before
		// BLOCK, a blocked registry wildcard, and an AWS-managed list
		// that may match the rest (3.9.5).
		root: "resolver-dns-firewall",
		want: map[string][]string{
			"hybrid": {"ecr-auth unknown DNS_RESOLVER_UNKNOWN", "ecr-image unknown DNS_RESOLVER_UNKNOWN", "ecr-layers unknown DNS_RESOLVER_UNKNOWN",
				"logs reachable interface-endpoint"},
			"filtered": {"ecr-auth unknown UNMODELED", "ecr-image unreachable DNS_FIREWALL_BLOCKED", "ecr-layers unknown UNMODELED", "logs reachable nat-gateway"},
		},
	}, {
		// aws-rules 4.11.1, 10.35: vpc_endpoint_id known only after apply,
		// from the firewall's status, is a route to the firewall; its
		// TLS SNI allowlist lacks the logs endpoint (4.11.5). BPA is
		// bidirectional with the NAT gateway's subnet excluded (4.10.4).
		root: "network-firewall",
		want: map[string][]string{"api": {
			"ecr-auth reachable nat-gateway", "ecr-image reachable nat-gateway", "ecr-layers reachable nat-gateway", "logs unreachable NETWORK_FIREWALL_DENIED",
		}},
	}}
	for _, tt := range tests {
		t.Run(tt.root, func(t *testing.T) {
			w, diags := tfjson.Load(filepath.Join("testdata", "plans", tt.root+".json"), tfjson.Options{})
			if w == nil || diags.HasErrors() {
				t.Fatalf("Load: %v", diags)
			}
			var gotDiags []string
			for _, d := range diags {
				if d.Severity != model.SeverityInfo {
					gotDiags = append(gotDiags, fmt.Sprintf("%s %s", d.Severity, d.Code))
				}
			}
			if diff := cmp.Diff(tt.diags, gotDiags); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s\nall: %v", diff, diags)
			}
			got := map[string][]string{}
			for _, wl := range sim.Run(w).Workloads {
				for _, c := range wl.Calls {
					got[wl.Name] = append(got[wl.Name], fmt.Sprintf("%s %s %s%s", c.Kind, c.Verdict, c.Via, c.Reason))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
		})
	}
}
