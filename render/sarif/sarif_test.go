package sarif

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	sarif "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/vpctrace/vpctrace/catalog"
	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func at(file string, line int) model.Pos { return model.Pos{File: file, Line: line, Column: 3} }

// blocked is a placement blocked at its second hop, with a second blocker
// at its first.
func blocked(subnet string, reason sim.Reason, routeLine int) sim.PlacementResult {
	return sim.PlacementResult{
		Subnet: subnet, Verdict: sim.Unreachable, Reason: reason, Blockers: []sim.Reason{reason, sim.SGEgressDenied},
		Explanation: "secretsmanager from " + subnet + " is blocked (" + string(reason) + "): no route. Fix: add a route.",
		Fix:         sim.Fix{Advice: "add a route"},
		Decisive:    &sim.StepRef{Hop: 1, Step: 0},
		BlockedBy: []sim.Blocker{
			{Reason: reason, Decisive: &sim.StepRef{Hop: 1, Step: 0}, Fix: sim.Fix{Advice: "add a route"}},
			{Reason: sim.SGEgressDenied, Decisive: &sim.StepRef{Hop: 0, Step: 0}, Fix: sim.Fix{Advice: "allow 443 in sg-app"}},
		},
		Hops: []sim.Hop{
			{Component: "sg-app", Kind: sim.HopTaskENI, Steps: []sim.Step{{Type: sim.StepSecurityGroup, Action: sim.ActionDenied,
				Source: at("net/main.tf", 40), Reason: sim.SGEgressDenied}}},
			{Component: "rt-private", Kind: sim.HopRouteTable, Steps: []sim.Step{{Type: sim.StepRoute, Action: sim.ActionDropped,
				Source: at("net/main.tf", routeLine), Reason: reason}}},
		},
	}
}

// sampleReport has every kind of result: a start call blocked from two
// subnets at one step (one result), a runtime call blocked, an unknown
// call with no position, a call traced from nowhere, and a workload whose
// calls cannot be listed.
func sampleReport() sim.Report {
	secret := sim.CallResult{
		Call:    sim.Call{Kind: sim.CallSecret, Phase: sim.PhaseStart, StopsTask: sim.StopsYes, Resource: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db"},
		Verdict: sim.Unreachable, Reason: sim.NoRoute,
		Placements: []sim.PlacementResult{blocked("private-a", sim.NoRoute, 70), blocked("private-c", sim.NoRoute, 70), {Subnet: "private-d", Verdict: sim.Reachable}},
	}
	exec := sim.CallResult{
		Call:    sim.Call{Kind: sim.CallExec, Phase: sim.PhaseRuntime, StopsTask: sim.StopsNo, Host: "ssmmessages.ap-northeast-1.amazonaws.com", Port: 443},
		Verdict: sim.Unreachable, Reason: sim.BlackholeRoute,
		Placements: []sim.PlacementResult{blocked("private-a", sim.BlackholeRoute, 80)},
	}
	logs := sim.CallResult{
		Call:    sim.Call{Kind: sim.CallLogs, Phase: sim.PhaseStart, StopsTask: sim.StopsYes, Resource: "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/web"},
		Verdict: sim.Unknown, Reason: sim.DNSResolverUnknown,
		Placements: []sim.PlacementResult{{Subnet: "private-a", Verdict: sim.Unknown, Reason: sim.DNSResolverUnknown,
			Explanation: "The VPC asks 10.9.0.2, whose answers the input does not give."}},
	}
	nowhere := sim.CallResult{
		Call:    sim.Call{Kind: sim.CallECRAuth, Phase: sim.PhaseStart, StopsTask: sim.StopsYes, Host: "api.ecr.ap-northeast-1.amazonaws.com", Port: 443},
		Verdict: sim.Unknown, Reason: sim.Unmodeled,
		Explanation: "The model cannot trace the call from anywhere: the subnets are not known.",
		Missing:     []sim.Missing{{What: "subnets of web", Why: "known only after apply", Source: at("/abs/work/net/ecs.tf", 12)}},
	}
	return sim.Report{Workloads: []sim.WorkloadResult{
		{Name: "web", SourcePos: at("net/ecs.tf", 5), Traced: true, Outcome: sim.OutcomeFails, Calls: []sim.CallResult{secret, exec, logs}},
		{Name: "reports", SourcePos: at("net/ecs.tf", 30), Traced: true, Outcome: sim.OutcomeUnknown, Calls: []sim.CallResult{nowhere}},
		{Name: "billing", SourcePos: at("net/ecs.tf", 50), Outcome: sim.OutcomeUnknown,
			Missing: []sim.Missing{{What: "task_definition of aws_ecs_service.billing", Why: "another state"}}},
		{Name: "ok", Starts: true, Traced: true, Outcome: sim.OutcomeStarts},
	}, Diagnostics: model.Diagnostics{
		{Severity: model.SeverityWarning, Code: "unused", Message: "endpoint logs is not used", Source: at("net/main.tf", 90)},
		{Severity: model.SeverityInfo, Code: "default", Message: "no region given"},
	}}
}

func write(t *testing.T, r sim.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, Options{Version: "v1.2.3", BaseDir: "/abs/work"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteGolden(t *testing.T) {
	got := write(t, sampleReport())
	path := filepath.Join("testdata", "report.golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got; go test -update accepts):\n%s", path, diff)
	}
	if again := write(t, sampleReport()); !bytes.Equal(got, again) {
		t.Error("two writes of one report differ")
	}
}

// validate checks out against the SARIF 2.1.0 JSON schema, through the
// library's own validation (the OASIS schema it embeds), and that reading
// out back loses nothing, so that what was validated is what was written.
func validate(t *testing.T, out []byte) *sarif.Report {
	t.Helper()
	log, err := sarif.FromBytes(out, sarif.WithStrictValidation())
	if err != nil {
		t.Fatalf("not a SARIF log: %v", err)
	}
	if err := log.Validate(); err != nil {
		t.Fatalf("invalid SARIF 2.1.0: %v", err)
	}
	again, err := json.Marshal(log)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if err := json.Unmarshal(out, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(again, &b); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("the log has keys the library does not read (-written +read):\n%s", diff)
	}
	return log
}

func TestValidates(t *testing.T) {
	validate(t, write(t, sampleReport()))
	validate(t, write(t, sim.Report{}))
}

// result is what a test compares of a SARIF result.
type result struct {
	Rule, Level string
	Location    string // uri:line:col
	Related     []string
}

func locString(l *sarif.Location) string {
	p := l.PhysicalLocation
	s := *p.ArtifactLocation.URI
	if p.Region != nil {
		s += ":" + itoa(p.Region.StartLine) + ":" + itoa(p.Region.StartColumn)
	}
	return s
}

func itoa(p *int) string {
	if p == nil {
		return "-"
	}
	b, _ := json.Marshal(*p)
	return string(b)
}

func results(log *sarif.Report) []result {
	var out []result
	for _, r := range log.Runs[0].Results {
		res := result{Rule: *r.RuleID, Level: r.Level}
		if len(r.Locations) > 0 {
			res.Location = locString(r.Locations[0])
		}
		for _, l := range r.RelatedLocations {
			res.Related = append(res.Related, locString(l))
		}
		out = append(out, res)
	}
	return out
}

// TestResults checks what results the sample gives: one per failing
// placement group, located at the deciding step, with the service and the
// other blockers related; levels error only for a start call that stops
// the task; positions relative and never absolute.
func TestResults(t *testing.T) {
	log := validate(t, write(t, sampleReport()))
	want := []result{
		{"NO_ROUTE", "error", "net/main.tf:70:3", []string{"net/ecs.tf:5:3", "net/main.tf:40:3"}},
		{"BLACKHOLE_ROUTE", "warning", "net/main.tf:80:3", []string{"net/ecs.tf:5:3", "net/main.tf:40:3"}},
		{"DNS_RESOLVER_UNKNOWN", "warning", "net/ecs.tf:5:3", nil},
		{"UNMODELED", "warning", "net/ecs.tf:12:3", []string{"net/ecs.tf:30:3"}},
		{"NOT_TRACED", "warning", "net/ecs.tf:50:3", nil},
	}
	if diff := cmp.Diff(want, results(log)); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if msg := *log.Runs[0].Results[0].Message.Text; !strings.Contains(msg, "from private-a, private-c:") || !strings.Contains(msg, "Fix: add a route") {
		t.Errorf("the merged result's message does not name both subnets and the fix: %q", msg)
	}
	var ids []string
	rules := log.Runs[0].Tool.Driver.Rules
	for _, r := range rules {
		ids = append(ids, *r.ID)
	}
	for i, res := range log.Runs[0].Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(rules) || *rules[res.RuleIndex].ID != *res.RuleID {
			t.Errorf("result %d (%s) has ruleIndex %d", i, *res.RuleID, res.RuleIndex)
		}
	}
	if diff := cmp.Diff([]string{"DNS_RESOLVER_UNKNOWN", "NO_ROUTE", "BLACKHOLE_ROUTE", "UNMODELED", "NOT_TRACED"}, ids); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
}

// TestDiagnostics checks that diagnostics become the invocation's
// notifications, and that an error marks the execution unsuccessful.
func TestDiagnostics(t *testing.T) {
	log := validate(t, write(t, sampleReport()))
	inv := log.Runs[0].Invocations[0]
	var got []string
	for _, n := range inv.ToolExecutionNotifications {
		s := n.Level + " " + *n.Descriptor.ID + " " + *n.Message.Text
		if len(n.Locations) > 0 {
			s += " @ " + locString(n.Locations[0])
		}
		got = append(got, s)
	}
	want := []string{"warning unused endpoint logs is not used @ net/main.tf:90:3", "note default no region given"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notifications (-want +got):\n%s", diff)
	}
	if !*inv.ExecutionSuccessful {
		t.Error("execution unsuccessful without an error")
	}
	r := sim.Report{Diagnostics: model.Diagnostics{{Severity: model.SeverityError, Code: "yaml-syntax", Message: "bad", Source: at("x.yaml", 1)}}}
	if inv := validate(t, write(t, r)).Runs[0].Invocations[0]; *inv.ExecutionSuccessful {
		t.Error("execution successful with an error")
	}
}

func TestLevel(t *testing.T) {
	for _, tc := range []struct {
		name  string
		call  sim.Call
		v     sim.Verdict
		level string
	}{
		{"start call that stops the task", sim.Call{Phase: sim.PhaseStart, StopsTask: sim.StopsYes}, sim.Unreachable, "error"},
		{"unknown start call", sim.Call{Phase: sim.PhaseStart, StopsTask: sim.StopsYes}, sim.Unknown, "warning"},
		{"runtime call", sim.Call{Phase: sim.PhaseRuntime, StopsTask: sim.StopsNo}, sim.Unreachable, "warning"},
		{"1.3.6 awslogs in non-blocking mode", sim.Call{Phase: sim.PhaseStart, StopsTask: sim.StopsNo}, sim.Unreachable, "warning"},
		{"1.3.7 awslogs mode unknown", sim.Call{Phase: sim.PhaseStart, StopsTask: sim.StopsUnknown}, sim.Unreachable, "warning"},
	} {
		if got := level(tc.call, tc.v); got != tc.level {
			t.Errorf("%s: level %q, want %q", tc.name, got, tc.level)
		}
	}
}

func TestRelativeURI(t *testing.T) {
	for _, tc := range []struct{ base, file, want string }{
		{"/w", "infra/main.tf", "infra/main.tf"},
		{"/w", "./infra//main.tf", "infra/main.tf"},
		{"/w", "/w/infra/main.tf", "infra/main.tf"},
		{"/w", "/other/main.tf", "../other/main.tf"},
		{"", "/other/main.tf", "main.tf"},
		{"/w", "my dir/a b.tf", "my%20dir/a%20b.tf"},
		{"/w", "../../testdata/x.yaml", "../../testdata/x.yaml"},
	} {
		if got := relativeURI(tc.base, tc.file); got != tc.want {
			t.Errorf("relativeURI(%q, %q) = %q, want %q", tc.base, tc.file, got, tc.want)
		}
	}
}

// TestHelpAnchors checks that every rule's helpUri points at an anchor
// docs/reasons.md has.
func TestHelpAnchors(t *testing.T) {
	doc, err := os.ReadFile("../../docs/reasons.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range catalog.Reasons {
		if !strings.Contains(string(doc), `<a id="`+catalog.ReasonAnchor(e.Code)+`"></a>`) {
			t.Errorf("docs/reasons.md has no anchor for %s", e.Code)
		}
	}
	if !strings.Contains(string(doc), "\n## Reason codes\n") {
		t.Error("docs/reasons.md has no heading for #reason-codes")
	}
}

// TestScenarios writes the log of every scenario of testdata and of the
// built-in example, validates it, and checks that each result of a
// placement stands at the step that decided it.
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob("../../testdata/scenarios/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	worlds := map[string]*model.World{}
	w, _ := scenario.Decode(example.SeedFile, example.Seed)
	worlds[example.SeedFile] = w
	for _, f := range files {
		w, diags := scenario.LoadFile(f)
		if w == nil {
			t.Fatalf("%s: %v", f, diags)
		}
		worlds[f] = w
	}
	for name, w := range worlds {
		r := sim.Run(w)
		log := validate(t, write(t, r))
		var want []string
		for _, wl := range r.Workloads {
			for _, c := range wl.Calls {
				for _, f := range group(c) {
					if pos := decisivePos(f.p); pos.IsValid() {
						want = append(want, relativeURI("", pos.File)+":"+itoa(&pos.Line)+":"+itoa(&pos.Column))
					}
				}
			}
		}
		var got []string
		for _, res := range log.Runs[0].Results {
			if *res.RuleID != NotTraced && len(res.Locations) > 0 {
				got = append(got, locString(res.Locations[0]))
			}
		}
		for _, loc := range want {
			if !strings.Contains(strings.Join(got, "\n")+"\n", loc+"\n") {
				t.Errorf("%s: no result at the deciding step %s", name, loc)
			}
		}
	}
}
