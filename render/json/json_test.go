package json

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sampleReport covers every field of the output: a workload that does not
// start, a reachable call with via, an unreachable call with a reason and
// blockers, placements with hops and steps, a workload with no calls and
// diagnostics with and without a position.
func sampleReport() sim.Report {
	secret := "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db"
	return sim.Report{
		Workloads: []sim.WorkloadResult{
			{
				Name:            "app",
				Source:          "aws_ecs_service.app",
				SourcePos:       model.Pos{File: "main.tf", Line: 120, Column: 1},
				LaunchType:      "FARGATE",
				PlatformVersion: "1.4.0",
				Traced:          true,
				StoppedReason:   "ResourceInitializationError: unable to pull secrets or registry auth: <timeout> & retry",
				Calls: []sim.CallResult{
					{
						Call: sim.Call{
							Kind: sim.CallECRAuth, Service: "com.amazonaws.ap-northeast-1.ecr.api",
							Host: "api.ecr.ap-northeast-1.amazonaws.com", Port: 443, Phase: sim.PhaseStart,
							Resource: "123456789012", Region: "ap-northeast-1", Origin: sim.OriginTaskENI,
							Container: "web",
						},
						Verdict: sim.Reachable, Via: sim.ViaInterfaceEndpoint,
						Explanation: "The task reaches ECR through the ecr.api endpoint.",
						Placements: []sim.PlacementResult{{
							Subnet: "aws_subnet.private-a", AZ: "ap-northeast-1a", Verdict: sim.Reachable,
							Via: sim.ViaInterfaceEndpoint,
							Hops: []sim.Hop{{
								Component: "aws_vpc_endpoint.ecr_api", Kind: "interface endpoint",
								Steps: []sim.Step{{
									Type: sim.StepDeliver, Action: sim.ActionDelivered,
									Detail: "delivered to the endpoint ENI 10.0.1.10",
									Source: model.Pos{File: "main.tf", Line: 60, Column: 1},
								}},
							}},
						}},
					},
					{
						Call: sim.Call{
							Kind: sim.CallSecret, Service: "com.amazonaws.ap-northeast-1.secretsmanager",
							Host: "secretsmanager.ap-northeast-1.amazonaws.com", Port: 443, Phase: sim.PhaseStart,
							Resource: secret, Region: "ap-northeast-1", Origin: sim.OriginTaskENI,
						},
						Verdict: sim.Unreachable, Reason: sim.NoRoute,
						Blockers:    []sim.Reason{sim.NoRoute, sim.SGEgressDenied},
						Explanation: "No route in aws_route_table.private-a matches the service's public address.",
						Placements: []sim.PlacementResult{{
							Subnet: "aws_subnet.private-a", HostSubnet: "aws_subnet.hosts-a", AZ: "ap-northeast-1a",
							Verdict: sim.Unreachable, Reason: sim.NoRoute,
							Blockers:    []sim.Reason{sim.NoRoute, sim.SGEgressDenied},
							Explanation: "No route matches.",
							Fix: sim.Fix{Advice: "add a 0.0.0.0/0 route to a NAT gateway in aws_route_table.private-a",
								Object: model.Ref{Kind: model.KindRouteTable, ID: "aws_route_table.private-a"}, Field: "routes",
								Resource: "aws_route_table.private-a", Attribute: "route"},
							Decisive: &sim.StepRef{Hop: 1, Step: 0},
							BlockedBy: []sim.Blocker{
								{Reason: sim.NoRoute, Decisive: &sim.StepRef{Hop: 1, Step: 0}, Fix: sim.Fix{
									Advice: "add a 0.0.0.0/0 route to a NAT gateway in aws_route_table.private-a",
									Object: model.Ref{Kind: model.KindRouteTable, ID: "aws_route_table.private-a"}, Field: "routes",
									Resource: "aws_route_table.private-a", Attribute: "route"}},
								{Reason: sim.SGEgressDenied, Fix: sim.Fix{Advice: "add an egress rule for TCP 443 to 0.0.0.0/0 on aws_security_group.app"}},
							},
							Warnings: []string{"the mount target is in another AZ"},
							Hops: []sim.Hop{
								{
									Component: "resolver", Kind: "resolver",
									Steps: []sim.Step{{
										Type: sim.StepDNS, Action: sim.ActionResolved,
										Detail: "secretsmanager.ap-northeast-1.amazonaws.com -> public address",
									}},
								},
								{
									Component: "aws_route_table.private-a", Kind: "route table",
									Steps: []sim.Step{{
										Type: sim.StepRoute, Action: sim.ActionDropped,
										Detail: "no route matches the destination", Rule: "10.0.0.0/16 -> local",
										Source: model.Pos{File: "main.tf", Line: 41, Column: 1}, Reason: sim.NoRoute,
									}},
								},
							},
						}},
					},
				},
			},
			{Name: "batch", Source: "aws_ecs_task_definition.batch", LaunchType: "EC2", Starts: true, Traced: true},
			{Name: "orders", Source: "aws_ecs_service.orders", LaunchType: "FARGATE", Outcome: sim.OutcomeUnknown, StoppedVerdict: sim.Unknown,
				StoppedReason: "(undetermined) task_definition of aws_ecs_service.orders is not known (known only after apply), so the calls its tasks make cannot be listed",
				Missing: []sim.Missing{{What: "task_definition of aws_ecs_service.orders", Why: "known only after apply",
					Source: model.Pos{File: "orders.tf", Line: 4, Column: 3}}}},
		},
		Diagnostics: model.Diagnostics{
			{Severity: model.SeverityWarning, Code: "unused-endpoint", Message: "endpoint logs is not used",
				Source: model.Pos{File: "main.tf", Line: 12, Column: 3}},
			{Severity: model.SeverityInfo, Code: "default-applied", Message: "enableDnsSupport defaults to true"},
		},
	}
}

func render(t *testing.T, r sim.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update to accept):\n%s", path, got)
	}
}

func TestWriteGolden(t *testing.T) {
	checkGolden(t, "report.golden", render(t, sampleReport()))
}

func TestWriteEmptyReport(t *testing.T) {
	got := string(render(t, sim.Report{}))
	want := "{\n  \"schema\": \"vpctrace/v1\",\n  \"workloads\": [],\n  \"diagnostics\": []\n}\n"
	if got != want {
		t.Errorf("empty report:\ngot  %q\nwant %q", got, want)
	}
}

func TestWriteDeterministic(t *testing.T) {
	first := render(t, sampleReport())
	for range 5 {
		if again := render(t, sampleReport()); !bytes.Equal(first, again) {
			t.Fatal("two renderings of the same report differ")
		}
	}
}

// keySets lists, per object, the keys docs/architecture.md requires followed by the
// keys this renderer adds; optional marks keys left out when empty.
var keySets = map[string]struct{ required, optional []string }{
	"document": {required: []string{"schema", "workloads", "diagnostics"}},
	"workload": {required: []string{"name", "source", "launch_type", "platform_version", "starts", "stopped_reason", "calls",
		"outcome", "traced", "missing"}, optional: []string{"stopped_by", "stopped_verdict", "stopped_otherwise", "stopped_otherwise_by"}},
	"call": {required: []string{"kind", "service", "host", "port", "phase", "resource", "verdict", "via", "reason",
		"blockers", "explanation", "placements", "region", "origin", "container", "missing", "failure_stops_task"}},
	"missing": {required: []string{"what", "why", "source"}},
	"placement": {
		required: []string{"subnet", "az", "verdict", "via", "reason", "blockers", "hops", "explanation", "warnings", "blocked_by"},
		optional: []string{"host_subnet", "fix", "decisive"},
	},
	"blocker":    {required: []string{"reason"}, optional: []string{"decisive", "fix"}},
	"fix":        {required: []string{"advice"}, optional: []string{"object_kind", "object", "field", "resource", "attribute", "value"}},
	"decisive":   {required: []string{"hop", "step"}},
	"hop":        {required: []string{"component", "steps", "kind"}},
	"step":       {required: []string{"type", "action", "detail", "source"}, optional: []string{"rule", "reason"}},
	"diagnostic": {required: []string{"severity", "code", "message", "source"}},
}

func checkKeys(t *testing.T, what string, v any) map[string]any {
	t.Helper()
	obj, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s: got %T, want an object", what, v)
	}
	set := keySets[what]
	for _, k := range set.required {
		if _, ok := obj[k]; !ok {
			t.Errorf("%s: missing key %q", what, k)
		}
	}
	for k := range obj {
		if !slices.Contains(set.required, k) && !slices.Contains(set.optional, k) {
			t.Errorf("%s: unexpected key %q", what, k)
		}
	}
	return obj
}

func list(t *testing.T, obj map[string]any, key string) []any {
	t.Helper()
	l, ok := obj[key].([]any)
	if !ok {
		t.Fatalf("%q is %T, want an array", key, obj[key])
	}
	return l
}

func TestWriteRoundTripKeys(t *testing.T) {
	var doc any
	if err := json.Unmarshal(render(t, sampleReport()), &doc); err != nil {
		t.Fatal(err)
	}
	top := checkKeys(t, "document", doc)
	if top["schema"] != Schema {
		t.Errorf("schema = %v, want %s", top["schema"], Schema)
	}
	for _, d := range list(t, top, "diagnostics") {
		checkKeys(t, "diagnostic", d)
	}
	for _, w := range list(t, top, "workloads") {
		wo := checkKeys(t, "workload", w)
		for _, m := range list(t, wo, "missing") {
			checkKeys(t, "missing", m)
		}
		for _, c := range list(t, wo, "calls") {
			checkCall(t, checkKeys(t, "call", c))
		}
	}
}

func checkCall(t *testing.T, c map[string]any) {
	list(t, c, "blockers")
	for _, m := range list(t, c, "missing") {
		checkKeys(t, "missing", m)
	}
	for _, p := range list(t, c, "placements") {
		po := checkKeys(t, "placement", p)
		list(t, po, "blockers")
		list(t, po, "warnings")
		checkFixAndDecisive(t, po)
		for _, b := range list(t, po, "blocked_by") {
			checkFixAndDecisive(t, checkKeys(t, "blocker", b))
		}
		for _, h := range list(t, po, "hops") {
			for _, s := range list(t, checkKeys(t, "hop", h), "steps") {
				checkKeys(t, "step", s)
			}
		}
	}
}

// checkFixAndDecisive checks the keys of an object's fix and decisive,
// where it has them.
func checkFixAndDecisive(t *testing.T, obj map[string]any) {
	for _, key := range []string{"fix", "decisive"} {
		if v, ok := obj[key]; ok {
			checkKeys(t, key, v)
		}
	}
}

func TestWriteValues(t *testing.T) {
	out := string(render(t, sampleReport()))
	for _, want := range []string{
		`"blockers": []`,
		`"via": "interface-endpoint"`,
		`"reason": "NO_ROUTE"`,
		`"source": "main.tf:41:1"`,
		`"host_subnet": "aws_subnet.hosts-a"`,
		`<timeout> & retry`, // no HTML escaping
		`"outcome": "fails"`,
		`"outcome": "starts"`,
		`"outcome": "unknown"`,
		`"traced": false`,
		`"source": "orders.tf:4:3"`,
		`"attribute": "route"`,
		`"decisive": {`,
		`"blocked_by": []`,
		`"reason": "SG_EGRESS_DENIED"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Contains(out, "null") {
		t.Error("output contains null")
	}
}
