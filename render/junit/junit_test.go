package junit

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jstemmer/go-junit-report/v2/junit"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func call(kind sim.CallKind, phase sim.Phase, stops sim.Stops, v sim.Verdict, reason sim.Reason) sim.CallResult {
	return sim.CallResult{
		Call:    sim.Call{Kind: kind, Host: string(kind) + ".example", Port: 443, Phase: phase, StopsTask: stops},
		Verdict: v, Reason: reason, Explanation: string(kind) + " is " + string(v) + ".",
	}
}

// sampleReport has a call of every verdict and failure type, a workload
// that starts, and one whose calls cannot be listed.
func sampleReport() sim.Report {
	unknown := call(sim.CallLogs, sim.PhaseStart, sim.StopsYes, sim.Unknown, sim.Unmodeled)
	unknown.Missing = []sim.Missing{{What: "subnets of web", Why: "known only after apply"}}
	return sim.Report{Workloads: []sim.WorkloadResult{
		{Name: "web", Source: "aws_ecs_service.web", LaunchType: "FARGATE", PlatformVersion: "1.4.0", Traced: true,
			Outcome: sim.OutcomeFails, StoppedBy: sim.CallSecret, StoppedVerdict: sim.Unreachable,
			StoppedReason: "ResourceInitializationError: unable to pull secrets",
			Calls: []sim.CallResult{
				call(sim.CallECRAuth, sim.PhaseStart, sim.StopsYes, sim.Reachable, ""),
				call(sim.CallSecret, sim.PhaseStart, sim.StopsYes, sim.Unreachable, sim.NoRoute),
				call(sim.CallSecret, sim.PhaseStart, sim.StopsYes, sim.Unreachable, sim.SGEgressDenied),
				unknown,
				call(sim.CallExec, sim.PhaseRuntime, sim.StopsNo, sim.Unreachable, sim.NoRoute),
			}},
		{Name: "worker", LaunchType: "EC2", Traced: true, Outcome: sim.OutcomeUnknown, Calls: []sim.CallResult{
			call(sim.CallLogs, sim.PhaseStart, sim.StopsUnknown, sim.Unreachable, sim.NoRoute),
			call(sim.CallFirelens, sim.PhaseStart, sim.StopsNo, sim.Unreachable, sim.NoRoute),
		}},
		{Name: "batch", LaunchType: "FARGATE", Outcome: sim.OutcomeUnknown,
			Missing:       []sim.Missing{{What: "task_definition of batch", Why: "another state"}},
			StoppedReason: "(undetermined) the calls cannot be listed"},
	}}
}

func write(t *testing.T, r sim.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, Options{}); err != nil {
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

// outcome is what a test compares of a test case.
type outcome struct{ Name, Result, Message, Type string }

// TestCases reads the XML back and checks each case's result and the
// counts of every suite and of the whole document.
func TestCases(t *testing.T) {
	var doc junit.Testsuites
	if err := xml.Unmarshal(write(t, sampleReport()), &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	var got []outcome
	for _, s := range doc.Suites {
		tests, failures, errs, skipped := 0, 0, 0, 0
		for _, tc := range s.Testcases {
			o := outcome{Name: tc.Classname + ": " + tc.Name, Result: "pass"}
			tests++
			switch {
			case tc.Failure != nil:
				failures++
				o.Result, o.Message, o.Type = "failure", tc.Failure.Message, tc.Failure.Type
			case tc.Skipped != nil:
				skipped++
				o.Result, o.Message = "skipped", tc.Skipped.Message
			case tc.Error != nil:
				errs++
				o.Result, o.Message = "error", tc.Error.Message
			}
			got = append(got, o)
		}
		if s.Tests != tests || s.Failures != failures || s.Errors != errs || s.Skipped != skipped || s.Time != "0" {
			t.Errorf("suite %s counts tests=%d failures=%d errors=%d skipped=%d time=%q, want %d %d %d %d 0",
				s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, s.Time, tests, failures, errs, skipped)
		}
	}
	want := []outcome{
		{"web: ecr-auth ecr-auth.example", "pass", "", ""},
		{"web: secret", "failure", "NO_ROUTE", "unreachable"},
		{"web: secret", "failure", "SG_EGRESS_DENIED", "unreachable"},
		{"web: logs", "skipped", "not known: subnets of web (known only after apply)", ""},
		{"web: exec exec.example", "failure", "NO_ROUTE", "runtime"},
		{"worker: logs", "failure", "NO_ROUTE", "may-stop-task"},
		{"worker: firelens-config", "failure", "NO_ROUTE", "does-not-stop-task"},
		{"batch: task definition", "error", "not traced", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("test cases (-want +got):\n%s", diff)
	}
	if doc.Tests != 8 || doc.Failures != 5 || doc.Skipped != 1 || doc.Errors != 1 {
		t.Errorf("totals tests=%d failures=%d skipped=%d errors=%d, want 8 5 1 1", doc.Tests, doc.Failures, doc.Skipped, doc.Errors)
	}
	// ECS's message goes with the call that stops the task, once.
	web := doc.Suites[0].Testcases
	if !strings.Contains(web[1].Failure.Data, "ECS would report:\nResourceInitializationError") ||
		strings.Contains(web[2].Failure.Data, "ECS would report") {
		t.Errorf("the stopped reason is not on the first failing secret only:\n%q\n%q", web[1].Failure.Data, web[2].Failure.Data)
	}
}

// TestClean checks that text from the input cannot break the XML.
func TestClean(t *testing.T) {
	r := sampleReport()
	r.Workloads[0].Name = "evil\x1b[31m\x00name<&>\"]]>"
	r.Workloads[0].Calls[1].Explanation = "bad\xffutf8 ]]> end\x07"
	var doc junit.Testsuites
	if err := xml.Unmarshal(write(t, r), &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	if got := doc.Suites[0].Name; got != "evil[31mname<&>\"]]>" {
		t.Errorf("suite name %q", got)
	}
	if got := doc.Suites[0].Testcases[1].Failure.Data; !strings.HasPrefix(got, "bad\uFFFDutf8 ]]> end\n") {
		t.Errorf("failure body %q", got)
	}
}

// TestStoppedOtherwise checks that when the call ECS meets first cannot
// be decided, the later call that surely fails carries what ECS reports
// if the undecided ones work (aws-rules 7.1.1).
func TestStoppedOtherwise(t *testing.T) {
	wl := sim.WorkloadResult{Name: "v6", Traced: true, Outcome: sim.OutcomeFails,
		StoppedBy: sim.CallECSAgent, StoppedVerdict: sim.Unknown, StoppedReason: "(undetermined) agent",
		StoppedOtherwiseBy: sim.CallSecret, StoppedOtherwise: "ResourceInitializationError: secret",
		Calls: []sim.CallResult{
			call(sim.CallSecret, sim.PhaseStart, sim.StopsYes, sim.Unreachable, sim.NoRoute),
			call(sim.CallECSAgent, sim.PhaseStart, sim.StopsYes, sim.Unknown, sim.Unmodeled),
		}}
	s := suite(0, wl)
	if got, want := s.Testcases[0].Failure.Data, "secret is unreachable.\n\nIf the calls that cannot be decided work, ECS would report:\nResourceInitializationError: secret"; got != want {
		t.Errorf("secret body %q, want %q", got, want)
	}
	if got, want := s.Testcases[1].Skipped.Data, "ecs-agent is unknown.\n\nECS would report:\n(undetermined) agent"; got != want {
		t.Errorf("agent body %q, want %q", got, want)
	}
}

// TestInputErrors checks that each error diagnostic is a test case in
// error of the suite "input", and that warnings are not.
func TestInputErrors(t *testing.T) {
	r := sim.Report{Diagnostics: model.Diagnostics{
		{Severity: model.SeverityError, Code: "yaml-syntax", Message: "bad", Source: model.Pos{File: "x.yaml", Line: 4, Column: 1}},
		{Severity: model.SeverityError, Code: "unreadable-input", Message: "no such file"},
		{Severity: model.SeverityWarning, Code: "w", Message: "m"},
	}}
	var doc junit.Testsuites
	if err := xml.Unmarshal(write(t, r), &doc); err != nil {
		t.Fatal(err)
	}
	var got []outcome
	for _, s := range doc.Suites {
		for _, tc := range s.Testcases {
			got = append(got, outcome{Name: s.Name + ": " + tc.Name, Result: "error", Message: tc.Error.Message, Type: tc.Error.Data})
		}
	}
	want := []outcome{
		{"input: x.yaml:4:1", "error", "yaml-syntax", "x.yaml:4:1: error: bad"},
		{"input: unreadable-input", "error", "unreadable-input", "error: no such file"},
	}
	if diff := cmp.Diff(want, got); diff != "" || doc.Errors != 2 || doc.Tests != 2 {
		t.Errorf("input suite (-want +got), errors=%d tests=%d:\n%s", doc.Errors, doc.Tests, diff)
	}
}
