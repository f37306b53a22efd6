package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func blockedCall(kind sim.CallKind, phase sim.Phase, reason sim.Reason) sim.CallResult {
	return sim.CallResult{
		Call:    sim.Call{Kind: kind, Host: string(kind) + ".example", Port: 443, Phase: phase, StopsTask: sim.StopsYes},
		Verdict: sim.Unreachable, Reason: reason,
		Explanation: string(kind) + " is blocked.",
		Placements: []sim.PlacementResult{{Subnet: "private-a", Verdict: sim.Unreachable, Reason: reason,
			Fix:      sim.Fix{Advice: "add a route to the NAT gateway in rt-private"},
			Decisive: &sim.StepRef{Hop: 0, Step: 0},
			Hops: []sim.Hop{{Component: "rt-private", Kind: sim.HopRouteTable, Steps: []sim.Step{{
				Type: sim.StepRoute, Detail: "no route in rt-private matches " + string(kind), Reason: reason}}}}}},
	}
}

func reachableCall(kind sim.CallKind) sim.CallResult {
	return sim.CallResult{Call: sim.Call{Kind: kind, Host: string(kind) + ".example", Phase: sim.PhaseStart}, Verdict: sim.Reachable, Via: sim.ViaNATGateway}
}

// sampleReport has a workload of every state, a runtime call that fails
// in one that starts, and an unknown call.
func sampleReport() sim.Report {
	unknown := sim.CallResult{
		Call:    sim.Call{Kind: sim.CallLogs, Host: "logs.example", Phase: sim.PhaseStart},
		Verdict: sim.Unknown, Reason: sim.Unmodeled, Explanation: "The subnets are not known.",
		Missing: []sim.Missing{{What: "subnets of api"}, {What: "subnets of api"}},
	}
	secret := blockedCall(sim.CallSecret, sim.PhaseStart, sim.NoRoute)
	secret.Placements[0].BlockedBy = []sim.Blocker{
		{Reason: sim.NoRoute, Decisive: &sim.StepRef{}, Fix: secret.Placements[0].Fix},
		{Reason: sim.SGEgressDenied, Fix: sim.Fix{Advice: "allow 443 in sg-app"}},
	}
	return sim.Report{
		Workloads: []sim.WorkloadResult{
			{Name: "web", LaunchType: "FARGATE", PlatformVersion: "1.4.0", Traced: true, Outcome: sim.OutcomeFails,
				StoppedBy: sim.CallSecret, StoppedVerdict: sim.Unreachable, StoppedReason: "ResourceInitializationError: unable to pull secrets",
				Calls: []sim.CallResult{reachableCall(sim.CallECRAuth), secret}},
			{Name: "worker", LaunchType: "EC2", Traced: true, Starts: true, Outcome: sim.OutcomeStarts,
				Calls: []sim.CallResult{reachableCall(sim.CallECRAuth), blockedCall(sim.CallExec, sim.PhaseRuntime, sim.NoRoute)}},
			{Name: "api", LaunchType: "FARGATE", Traced: true, Outcome: sim.OutcomeUnknown, Calls: []sim.CallResult{unknown}},
			{Name: "batch", LaunchType: "FARGATE", Outcome: sim.OutcomeUnknown,
				Missing: []sim.Missing{{What: "task_definition of batch", Why: "another state"}}},
			{Name: "ok", LaunchType: "FARGATE", Traced: true, Starts: true, Outcome: sim.OutcomeStarts,
				Calls: []sim.CallResult{reachableCall(sim.CallECRAuth)}},
		},
		Diagnostics: model.Diagnostics{{Severity: model.SeverityWarning, Code: "w", Message: "m"}},
	}
}

func write(t *testing.T, r sim.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got; go test -update accepts):\n%s", path, diff)
	}
}

func TestWriteGolden(t *testing.T) {
	got := write(t, sampleReport())
	checkGolden(t, "report.golden", got)
	if got != write(t, sampleReport()) {
		t.Error("two writes of one report differ")
	}
}

func TestHeadline(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    sim.Report
		want string
	}{
		{"empty", sim.Report{}, "### vpctrace: nothing to trace\n"},
		{"input errors", sim.Report{Diagnostics: model.Diagnostics{{Severity: model.SeverityError, Message: "bad"}}}, "### vpctrace: the input is wrong\n"},
		{"all start", sim.Report{Workloads: []sim.WorkloadResult{{Name: "a", Starts: true, Traced: true, Outcome: sim.OutcomeStarts}}},
			"### vpctrace: every workload starts (1 workload)\n"},
		{"sample", sampleReport(), "### vpctrace: 5 workloads: 1 would NOT start, 1 cannot be told, 1 not traced\n"},
	} {
		if got, _, _ := strings.Cut(write(t, tc.r), "\n"); got+"\n" != tc.want {
			t.Errorf("%s: headline %q, want %q", tc.name, got+"\n", tc.want)
		}
	}
}

// bigReport is a root of n services of which every third fails on many
// calls.
func bigReport(n int) sim.Report {
	var r sim.Report
	for i := range n {
		wl := sim.WorkloadResult{Name: fmt.Sprintf("svc-%02d", i), LaunchType: "FARGATE", Traced: true, Starts: true, Outcome: sim.OutcomeStarts,
			Calls: []sim.CallResult{reachableCall(sim.CallECRAuth)}}
		if i%3 == 0 {
			wl.Starts, wl.Outcome = false, sim.OutcomeFails
			for range 15 {
				wl.Calls = append(wl.Calls, blockedCall(sim.CallSecret, sim.PhaseStart, sim.NoRoute))
			}
		}
		r.Workloads = append(r.Workloads, wl)
	}
	return r
}

// TestShortForManyServices checks that a 60-service root stays short:
// the services that start are collapsed, and blocks and tables are cut
// with "and N more".
func TestShortForManyServices(t *testing.T) {
	got := write(t, bigReport(60))
	checkGolden(t, "many.golden", got)
	for _, want := range []string{"<details><summary>✅ 40 workloads start</summary>", "…and 5 more calls."} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(got, "more workloads with calls that fail") { // 20 fail: MaxBlocks, none cut
		t.Error("blocks cut although there are only MaxBlocks")
	}
	got = write(t, bigReport(90))
	if !strings.Contains(got, "…and 10 more workloads with calls that fail") {
		t.Error("blocks beyond MaxBlocks are not counted")
	}
	if len(got) > 40000 {
		t.Errorf("a 90-service comment is %d bytes", len(got))
	}
}

// TestEscape checks that input text adds no Markdown or HTML: a name with
// a pipe, backticks, tags and a line break keeps every table row at four
// cells and the document free of raw tags.
func TestEscape(t *testing.T) {
	r := sampleReport()
	evil := "a|b`c`<script>x</script>\n[l](http://x) **b** @team #1 \x1b[31m"
	r.Workloads[0].Name = evil
	r.Workloads[0].Calls[1].Placements[0].Hops[0].Steps[0].Detail = evil
	r.Workloads[0].Calls[1].Placements[0].Fix.Advice = evil
	r.Workloads[0].StoppedReason = evil
	got := write(t, r)
	if strings.Contains(got, "<script>") || strings.Contains(got, "\x1b") {
		t.Errorf("raw input in the output:\n%s", got)
	}
	unescapedPipe := regexp.MustCompile(`(^|[^\\])\|`)
	for _, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(line, "| ") {
			if n := len(unescapedPipe.FindAllString(line, -1)); n != 5 {
				t.Errorf("table row with %d cell borders: %q", n, line)
			}
		}
	}
	want := `a\|b\` + "`c\\`" + `&lt;script&gt;x&lt;/script&gt; \[l\](http://x) \*\*b\*\* \@team \#1`
	if !strings.Contains(got, want) {
		t.Errorf("escaped text %q not in:\n%s", want, got)
	}
}

// TestStoppedOtherwise checks the ECS error column when the call ECS
// meets first cannot be decided but a later one surely fails (aws-rules
// 7.1.1): each call carries its own message.
func TestStoppedOtherwise(t *testing.T) {
	unknown := blockedCall(sim.CallECSAgent, sim.PhaseStart, sim.Unmodeled)
	unknown.Verdict, unknown.Placements[0].Verdict = sim.Unknown, sim.Unknown
	r := sim.Report{Workloads: []sim.WorkloadResult{{Name: "v6", Traced: true, Outcome: sim.OutcomeFails,
		StoppedBy: sim.CallECSAgent, StoppedVerdict: sim.Unknown, StoppedReason: "(undetermined) agent",
		StoppedOtherwiseBy: sim.CallSecret, StoppedOtherwise: "ResourceInitializationError: secret",
		Calls: []sim.CallResult{blockedCall(sim.CallSecret, sim.PhaseStart, sim.NoRoute), unknown}}}}
	got := write(t, r)
	for _, want := range []string{
		"- ❌ **v6** · would NOT start (secret NO_ROUTE)",
		"| ✗ secret | **NO_ROUTE**: no route in rt-private matches secret | add a route to the NAT gateway in rt-private | if the undecided calls work: ResourceInitializationError: secret |",
		"| ? ecs-agent ecs-agent.example | **UNMODELED**: no route in rt-private matches ecs-agent | add a route to the NAT gateway in rt-private | (undetermined) agent |",
	} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("no row %q in:\n%s", want, got)
		}
	}
}

// TestInputErrors checks that error diagnostics are listed, at most
// MaxRows, and warnings only counted.
func TestInputErrors(t *testing.T) {
	var r sim.Report
	for i := range MaxRows + 2 {
		r.Diagnostics = append(r.Diagnostics, model.Diagnostic{Severity: model.SeverityError, Code: "c",
			Message: fmt.Sprintf("bad <%d>", i), Source: model.Pos{File: "a.tf", Line: i + 1, Column: 1}})
	}
	r.Diagnostics = append(r.Diagnostics, model.Diagnostic{Severity: model.SeverityWarning, Message: "w"})
	got := write(t, r)
	for _, want := range []string{"\n\n- ⛔ a.tf:1:1: error: bad &lt;0&gt;\n", "- ⛔ a.tf:10:1: error: bad &lt;9&gt;\n- …and 2 more errors.\n", "⚠️ 1 warning about the input"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
