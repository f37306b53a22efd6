package present

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/sim"
)

func TestStateAndCount(t *testing.T) {
	call := func(v sim.Verdict) sim.CallResult { return sim.CallResult{Verdict: v} }
	r := sim.Report{Workloads: []sim.WorkloadResult{
		{Name: "ok", Starts: true, Traced: true, Outcome: sim.OutcomeStarts, Calls: []sim.CallResult{call(sim.Reachable), call(sim.Reachable)}},
		{Name: "bad", Traced: true, Outcome: sim.OutcomeFails, Calls: []sim.CallResult{call(sim.Unreachable), call(sim.Unknown)}},
		{Name: "open", Traced: true, Outcome: sim.OutcomeUnknown, Calls: []sim.CallResult{call(sim.Unknown)}},
		{Name: "blind", Outcome: sim.OutcomeUnknown},
		{Name: "by hand"}, // no outcome: it does not start
	}}
	var states []State
	for _, wl := range r.Workloads {
		states = append(states, StateOf(wl))
	}
	if diff := cmp.Diff([]State{Starts, Fails, Untold, Untraced, Fails}, states); diff != "" {
		t.Errorf("StateOf (-want +got):\n%s", diff)
	}
	want := Counts{Workloads: 5, States: [4]int{Starts: 1, Fails: 2, Untold: 1, Untraced: 1}, Calls: 5, Reachable: 2, Unreachable: 1, Unknown: 2}
	if diff := cmp.Diff(want, Count(r)); diff != "" {
		t.Errorf("Count (-want +got):\n%s", diff)
	}
}

func TestWords(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Plural(0, "call"), "0 calls"},
		{Plural(1, "call"), "1 call"},
		{Plural(2, "what-if"), "2 what-ifs"},
		{Mark(sim.Reachable), "✓"},
		{Mark(sim.Unreachable), "✗"},
		{Mark(sim.Unknown), "?"},
		{Outcome(sim.Reachable, sim.ViaNATGateway, ""), "via nat-gateway"},
		{Outcome(sim.Reachable, "", ""), "reachable"},
		{Outcome(sim.Unreachable, "", sim.NoRoute), "NO_ROUTE"},
		{Outcome(sim.Unknown, "", ""), "unknown"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestTarget checks what a call line names (aws-rules 1.1.3: one call per
// kind, region and resource, so the resource tells calls apart).
func TestTarget(t *testing.T) {
	for _, tc := range []struct {
		name string
		call sim.Call
		want string
	}{
		{"1.4.1 a secret by its name", sim.Call{Kind: sim.CallSecret, Host: "secretsmanager.ap-northeast-1.amazonaws.com", Port: 443,
			Resource: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf"}, "db-AbCdEf"},
		{"1.4.1 a parameter by its name", sim.Call{Kind: sim.CallParameter, Port: 443,
			Resource: "arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/key"}, "/app/key"},
		{"1.3.1 a log group", sim.Call{Kind: sim.CallLogs, Port: 443, Resource: "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/app"}, "/ecs/app"},
		{"3.8.1 EFS with its port", sim.Call{Kind: sim.CallEFS, Port: 2049, Resource: "fs-0123"}, "fs-0123 (NFS 2049)"},
		{"1.2.1 an ECR image without its registry", sim.Call{Kind: sim.CallECRImage, Port: 443,
			Image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1"}, "app:1"},
		{"1.2.6 a Docker Hub image as written", sim.Call{Kind: sim.CallRegistryPull, Port: 443, Image: "nginx/nginx:1"}, "nginx/nginx:1"},
		{"1.2.1 layers by their bucket", sim.Call{Kind: sim.CallECRLayers, Port: 443,
			Host: "prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com"}, "prod-ap-northeast-1-starport-layer-bucket"},
		{"1.2.1 ecr-auth by its host", sim.Call{Kind: sim.CallECRAuth, Port: 443, Host: "api.ecr.ap-northeast-1.amazonaws.com"}, "api.ecr.ap-northeast-1.amazonaws.com"},
		{"a host on another port", sim.Call{Kind: sim.CallExec, Port: 8443, Host: "h"}, "h:8443"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Target(tc.call); got != tc.want {
				t.Errorf("Target = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestStep: a step's words leave out what the hop or the action already
// says, so that no line reads "dns resolved: resolved".
func TestStep(t *testing.T) {
	type words struct {
		Type, Detail string
		Colon        bool
	}
	tests := []struct {
		name string
		hop  sim.HopKind
		step sim.Step
		want words
	}{
		{"a DNS hop's step goes on from its action", sim.HopDNSResolver,
			sim.Step{Type: sim.StepDNS, Action: sim.ActionResolved, Detail: "resolved logs.example to 10.0.1.5"},
			words{Detail: "logs.example to 10.0.1.5"}},
		{"a route table's step names no type", sim.HopRouteTable,
			sim.Step{Type: sim.StepRoute, Action: sim.ActionAllowed, Detail: "local route"},
			words{Detail: "local route", Colon: true}},
		{"an interface's security group step names its type", sim.HopTaskENI,
			sim.Step{Type: sim.StepSecurityGroup, Action: sim.ActionDenied, Detail: "no egress rule allows tcp/443"},
			words{Type: "security-group", Detail: "no egress rule allows tcp/443", Colon: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, colon := StepDetail(tt.step)
			got := words{Type: StepType(sim.Hop{Kind: tt.hop}, tt.step), Detail: d, Colon: colon}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
