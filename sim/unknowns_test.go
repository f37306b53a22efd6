package sim_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// TestUndeterminedSettings checks that a path through an object whose
// setting the input does not determine (a Terraform value known only after
// apply) is unknown, never reachable: the model does not guess.
func TestUndeterminedSettings(t *testing.T) {
	tests := []struct {
		name    string
		unknown model.Unknown
		change  func(w *model.World)
		want    map[sim.CallKind]sim.Verdict
	}{
		{
			// The seed's endpoint ENIs are in the task's own subnet: those
			// calls never meet the route table (aws-rules 4.1.3, 5.2.2). Only
			// the layers take a route, to the S3 gateway endpoint.
			name:    "route table routes unknown: every call that takes a route is unknown",
			unknown: model.Unknown{ID: "private-a", Kind: model.KindRouteTable, Field: "route", Why: "known only after apply"},
			want: map[sim.CallKind]sim.Verdict{sim.CallECRAuth: sim.Reachable, sim.CallECRImage: sim.Reachable, sim.CallECRLayers: sim.Unknown,
				sim.CallLogs: sim.Reachable, sim.CallSecret: sim.Reachable, sim.CallParameter: sim.Reachable},
		},
		{
			// The whole ingress list known only after apply: the group has
			// no ingress rule the input determines (as tfmap maps it), so
			// any call that needs one is unknown (aws-rules 5.1.2).
			name:    "endpoint security group rules unknown: only the interface endpoint calls are unknown",
			unknown: model.Unknown{ID: "vpc-endpoint", Kind: model.KindSecurityGroup, Field: "ingress", Why: "known only after apply"},
			change:  func(w *model.World) { securityGroup(t, w, "vpc-endpoint").Ingress = nil },
			want: map[sim.CallKind]sim.Verdict{sim.CallECRAuth: sim.Unknown, sim.CallECRImage: sim.Unknown, sim.CallECRLayers: sim.Reachable,
				sim.CallLogs: sim.Unknown, sim.CallSecret: sim.Unknown, sim.CallParameter: sim.Unknown},
		},
		{
			// A later block may only follow from the undetermined CIDR, so
			// the verdict is unknown, not unreachable.
			name:    "subnet CIDR unknown: every call is unknown",
			unknown: model.Unknown{ID: "private-a", Kind: model.KindSubnet, Field: "cidr_block", Why: "known only after apply"},
			want: map[sim.CallKind]sim.Verdict{sim.CallECRAuth: sim.Unknown, sim.CallECRImage: sim.Unknown, sim.CallECRLayers: sim.Unknown,
				sim.CallLogs: sim.Unknown, sim.CallSecret: sim.Unknown, sim.CallParameter: sim.Unknown},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadSeed(t)
			w.Unknowns = []model.Unknown{tt.unknown}
			if tt.change != nil {
				tt.change(w)
			}
			got := map[sim.CallKind]sim.Verdict{}
			res := workload(t, sim.Run(w), "app")
			for _, c := range res.Calls {
				got[c.Kind] = c.Verdict
				if c.Verdict == sim.Unknown && c.Reason != sim.Unmodeled {
					t.Errorf("%s: reason %s, want UNMODELED", c.Kind, c.Reason)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("verdicts (-want +got):\n%s", diff)
			}
			if res.Starts {
				t.Error("a workload with unknown start calls must not be reported as starting")
			}
		})
	}
}

// TestUndeterminedWorkload checks that a workload whose calls cannot be
// listed (container definitions known only after apply) is reported, not
// traced, and never as starting.
func TestUndeterminedWorkload(t *testing.T) {
	w := loadSeed(t)
	w.Unknowns = []model.Unknown{{ID: "app", Kind: model.KindTaskDefinition, Field: "container_definitions", Why: "known only after apply"}}
	got := workload(t, sim.Run(w), "app")
	want := sim.WorkloadResult{Name: "app", Source: "app", SourcePos: got.SourcePos, LaunchType: "FARGATE", PlatformVersion: "1.4.0",
		StoppedVerdict: sim.Unknown, Outcome: sim.OutcomeUnknown, Traced: false, Calls: []sim.CallResult{},
		Missing:       []sim.Missing{{What: "container_definitions of app", Why: "known only after apply"}},
		StoppedReason: "(undetermined) container_definitions of app is not known (known only after apply), so the calls its tasks make cannot be listed"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("workload (-want +got):\n%s", diff)
	}
}

// TestAgentEndpointPolicy checks aws-rules 6.2.3: a custom policy on the ECS
// agent endpoints is a warning, not a denial, because the agent's actions
// are not documented.
func TestAgentEndpointPolicy(t *testing.T) {
	w := loadScenario(t, "ec2")
	w.VPCs[0].EnableDNSHostnames = true
	w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: "vpce", VPC: "main",
		Ingress: []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}}}})
	for _, svc := range []string{"ecs", "ecs-agent", "ecs-telemetry"} {
		ep := model.Endpoint{ID: svc, VPC: "main", Type: model.EndpointInterface, ServiceName: "com.amazonaws.ap-northeast-1." + svc,
			Subnets: []string{"instances-a"}, SecurityGroups: []string{"vpce"}, PrivateDNS: true}
		if svc == "ecs-agent" {
			ep.Policy = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecs:Poll","Resource":"*"}]}`
		}
		w.Endpoints = append(w.Endpoints, ep)
	}
	if diags := w.Validate(); diags.HasErrors() {
		t.Fatal(diags)
	}
	checked := 0
	for _, wl := range sim.Run(w).Workloads {
		for _, c := range wl.Calls {
			if c.Kind != sim.CallECSAgent {
				continue
			}
			checked++
			if c.Reason == sim.EndpointPolicyDenied {
				t.Errorf("%s: ecs-agent denied by a custom policy; aws-rules 6.2.3 makes it a warning", wl.Name)
			}
			warned := false
			for _, p := range c.Placements {
				for _, w := range p.Warnings {
					warned = warned || strings.Contains(w, "6.2.3")
				}
			}
			if c.Via != sim.ViaInterfaceEndpoint || !warned {
				t.Errorf("%s: ecs-agent %s via %q, warned %v; want reachable via the endpoint with a 6.2.3 warning", wl.Name, c.Verdict, c.Via, warned)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no ecs-agent call traced")
	}
}
