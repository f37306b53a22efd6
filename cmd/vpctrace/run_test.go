package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// fakes replaces the loader and the engine for one test, so that the tests
// depend on neither the scenario format nor engine results. The scenario
// loader returns a world for any existing file; a file whose content starts
// with "error" gives an error diagnostic, and every load adds a warning.
func fakes(t *testing.T, report sim.Report) {
	t.Helper()
	swap(t, &loadScenario, fakeLoad)
	swap(t, &loadExample, func() (*model.World, model.Diagnostics) { return fakeLoad("example/seed.yaml") })
	swap(t, &simulate, func(*model.World) sim.Report { return report })
	swap(t, &requirements, fakeRequirements)
}

// swap sets *v to fake for the rest of the test.
func swap[T any](t *testing.T, v *T, fake T) {
	old := *v
	*v = fake
	t.Cleanup(func() { *v = old })
}

func fakeLoad(path string) (*model.World, model.Diagnostics) {
	warning := model.Diagnostic{Severity: model.SeverityWarning, Code: "w", Message: "loaded " + filepath.Base(path),
		Source: model.Pos{File: path, Line: 1, Column: 1}}
	if data, _ := os.ReadFile(path); bytes.HasPrefix(data, []byte("error")) {
		return nil, model.Diagnostics{warning, {Severity: model.SeverityError, Code: "e", Message: "bad subnet",
			Source: model.Pos{File: path, Line: 3, Column: 5}}}
	}
	return &model.World{}, model.Diagnostics{warning}
}

func fakeRequirements(launchType, platformVersion string) ([]sim.Requirement, error) {
	if launchType != "FARGATE" {
		return nil, errors.New("unknown launch type " + launchType)
	}
	return []sim.Requirement{{Use: "Send logs", Endpoints: []string{"logs"}, Origin: sim.OriginTaskENI,
		Note: "platform " + platformVersion}}, nil
}

func report(starts bool) sim.Report {
	return sim.Report{Workloads: []sim.WorkloadResult{{
		Name: "app", LaunchType: "FARGATE", PlatformVersion: "1.4.0", Starts: starts,
		Calls: []sim.CallResult{{Call: sim.Call{Kind: sim.CallLogs, Host: "logs.example", Port: 443}, Verdict: sim.Reachable,
			Via: sim.ViaNATGateway}},
	}}}
}

// files creates, in a temporary directory, the inputs the cases name and
// returns the directory.
func files(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"ok.yaml": "ok", "other.yml": "ok", "bad.yaml": "error", "plan.json": "{}", "notes.txt": "hi",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "tfroot"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "root"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "root", "main.tf"), []byte("resource \"aws_vpc\" \"main\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

type runCase struct {
	name       string
	args       []string // "DIR" is replaced by the directory of test files
	starts     bool
	outcome    *sim.WorkloadResult // overrides the workload of report(starts)
	none       bool                // the report has no workloads
	status     int
	stdout     []string // substrings stdout must have
	stderr     []string // substrings stderr must have
	noStdout   bool
	notStdout  []string // substrings stdout must not have
	stdoutHead string   // prefix stdout must have
}

func (c runCase) check(t *testing.T, dir string) {
	r := report(c.starts)
	if c.outcome != nil {
		r.Workloads = []sim.WorkloadResult{*c.outcome}
	}
	if c.none {
		r.Workloads = nil
	}
	fakes(t, r)
	args := make([]string, len(c.args))
	for i, a := range c.args {
		args[i] = strings.ReplaceAll(a, "DIR", dir)
	}
	var stdout, stderr bytes.Buffer
	status := run(args, &stdout, &stderr)
	out, errs := stdout.String(), strings.ReplaceAll(stderr.String(), dir, "DIR")
	if status != c.status {
		t.Errorf("status %d, want %d\nstdout:\n%s\nstderr:\n%s", status, c.status, out, errs)
	}
	contains(t, "stdout", out, c.stdout)
	contains(t, "stderr", errs, c.stderr)
	for _, s := range c.notStdout {
		if strings.Contains(out, s) {
			t.Errorf("stdout has %q:\n%s", s, out)
		}
	}
	if c.noStdout && out != "" {
		t.Errorf("stdout should be empty, got:\n%s", out)
	}
	if !strings.HasPrefix(out, c.stdoutHead) {
		t.Errorf("stdout should start with %q, got:\n%s", c.stdoutHead, out)
	}
}

func contains(t *testing.T, what, got string, want []string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(got, s) {
			t.Errorf("%s lacks %q:\n%s", what, s, got)
		}
	}
}

func TestRunCommands(t *testing.T) {
	dir := files(t)
	for _, c := range []runCase{
		{name: "no arguments", status: 2, stderr: []string{"Usage:"}, noStdout: true},
		{name: "help", args: []string{"help"}, stderr: []string{"Usage:", "vpctrace trace"}, noStdout: true},
		{name: "-h", args: []string{"-h"}, stderr: []string{"Usage:"}, noStdout: true},
		{name: "--help", args: []string{"--help"}, stderr: []string{"Usage:"}, noStdout: true},
		{name: "help trace", args: []string{"help", "trace"}, stderr: []string{"--format FORMAT"}},
		{name: "help requirements", args: []string{"help", "requirements"}, stderr: []string{"--launch-type"}},
		{name: "help unknown", args: []string{"help", "frobnicate"}, status: 2, stderr: []string{`no help for "frobnicate"`}},
		{name: "unknown command", args: []string{"frobnicate"}, status: 2,
			stderr: []string{`unknown command "frobnicate"`, "Usage:"}, noStdout: true},
		{name: "version", args: []string{"version"}, stdoutHead: "vpctrace "},
		{name: "trace -h", args: []string{"trace", "-h"}, stderr: []string{"Usage: vpctrace trace"}, noStdout: true},
		{name: "trace unknown flag", args: []string{"trace", "--bogus"}, status: 2,
			stderr: []string{"flag provided but not defined: -bogus"}, noStdout: true},
		{name: "markdown", args: []string{"trace", "--format", "markdown", "DIR/ok.yaml"}, status: 2,
			stderr: []string{"--format markdown is not supported yet"}, noStdout: true},
		{name: "unknown format", args: []string{"trace", "--format=xml"}, status: 2,
			stderr: []string{`unknown --format "xml"`}, noStdout: true},
		{name: "unknown color", args: []string{"trace", "--color", "sometimes"}, status: 2,
			stderr: []string{`unknown --color "sometimes"`}, noStdout: true},
		{name: "json with two paths", args: []string{"trace", "--format", "json", "DIR/ok.yaml", "DIR/other.yml"},
			status: 2, stderr: []string{"--format json traces one PATH at a time, got 2"}, noStdout: true},
		{name: "directory without *.tf files", args: []string{"trace", "DIR/tfroot"}, status: 2,
			stderr: []string{"vpctrace: DIR/tfroot: no *.tf files: not a Terraform root module"}, noStdout: true},
		{name: "JSON that is not terraform show output", args: []string{"trace", "DIR/plan.json"}, status: 2,
			stderr: []string{"DIR/plan.json:1:1: error: DIR/plan.json has no format_version: it is not a plan or state printed by terraform show -json"}, noStdout: true},
		{name: "missing file", args: []string{"trace", "DIR/missing.yaml"}, status: 2,
			stderr: []string{"vpctrace: DIR/missing.yaml: no such file or directory"}, noStdout: true},
		{name: "unknown kind", args: []string{"trace", "DIR/notes.txt"}, status: 2,
			stderr: []string{"DIR/notes.txt: unknown kind of input"}, noStdout: true},
		{name: "input errors", args: []string{"trace", "DIR/bad.yaml"}, status: 2,
			stderr: []string{"DIR/bad.yaml:3:5: error: bad subnet"}, noStdout: true},
	} {
		t.Run(c.name, func(t *testing.T) { c.check(t, dir) })
	}
}

func TestRunTrace(t *testing.T) {
	dir := files(t)
	for _, c := range []runCase{
		{name: "starts", args: []string{"trace", "DIR/ok.yaml"}, starts: true,
			stdout: []string{"app · FARGATE 1.4.0 · starts", "✓", "via nat-gateway", "warning: loaded ok.yaml"}},
		{name: "would not start", args: []string{"trace", "DIR/ok.yaml"}, status: 1,
			stdout: []string{"would NOT start", "1 workload, 1 would not start"}},
		{name: "flags after the path", args: []string{"trace", "DIR/ok.yaml", "--format", "json"}, starts: true,
			stdoutHead: "{\n  \"schema\": \"vpctrace/v1\"", stdout: []string{`"message": "loaded ok.yaml"`}},
		{name: "path after --", args: []string{"trace", "--format=json", "--", "DIR/ok.yaml"}, starts: true,
			stdoutHead: "{"},
		{name: "verbose", args: []string{"trace", "-v", "DIR/ok.yaml"}, starts: true, stdout: []string{"      host logs.example, port 443\n"}},
		{name: "built-in example", args: []string{"trace"}, starts: true,
			stderr: []string{"vpctrace: no PATH given; tracing the built-in example " +
				"(the seed article's network: example/seed.yaml)"},
			stdout: []string{"loaded seed.yaml (example/seed.yaml:1:1)"}},
		{name: "several paths", args: []string{"trace", "DIR/ok.yaml", "DIR/other.yml"}, status: 1,
			stdoutHead: "== DIR/ok.yaml ==\n\n", stdout: []string{"\n\n== DIR/other.yml ==\n\n"}},
		{name: "one bad path of several", args: []string{"trace", "DIR/bad.yaml", "DIR/ok.yaml"}, starts: true, status: 2,
			stdout: []string{"== DIR/ok.yaml =="}, stderr: []string{"bad.yaml:3:5: error: bad subnet"}},
		{name: "color always", args: []string{"trace", "--color", "always", "DIR/ok.yaml"}, starts: true,
			stdout: []string{"\x1b[32m✓\x1b[0m"}},
		{name: "color auto off a terminal", args: []string{"trace", "--color=auto", "DIR/ok.yaml"}, starts: true,
			notStdout: []string{"\x1b["}},
		// DESIGN "CLI": a workload that only cannot be told exits 0, unless
		// --fail-on-unknown; one whose calls cannot be listed exits 1.
		{name: "cannot be told", args: []string{"trace", "DIR/ok.yaml"}, outcome: &untoldWorkload,
			stdout: []string{"app · FARGATE 1.4.0 · cannot be told", "1 workload, 0 would not start, 1 cannot be told"}},
		{name: "cannot be told, --fail-on-unknown", args: []string{"trace", "--fail-on-unknown", "DIR/ok.yaml"}, outcome: &untoldWorkload,
			status: 1, stdout: []string{"cannot be told"}},
		{name: "not traced", args: []string{"trace", "DIR/ok.yaml"}, outcome: &untracedWorkload, status: 1,
			stdout: []string{"app · FARGATE · not traced", "1 workload, 0 would not start, 1 not traced"}},
		// Issue 9, point 7: "0 workloads" only when nothing is declared,
		// with a hint for the kind of input.
		{name: "nothing declared", args: []string{"trace", "DIR/ok.yaml"}, none: true,
			stdout: []string{"info: no ECS services or task definitions: nothing to trace (a scenario lists them under services: and task_definitions:) (DIR/ok.yaml)\n",
				"\n0 workloads: nothing to trace\n"}},
		{name: "nothing declared, json", args: []string{"trace", "--format", "json", "DIR/ok.yaml"}, none: true,
			stdout: []string{`"code": "no-ecs-workloads"`, `"source": "DIR/ok.yaml"`}},
		// Issue 9, point 9: the JSON document even when loading stops.
		{name: "bad input, json", args: []string{"trace", "--format", "json", "DIR/bad.yaml"}, status: 2,
			stdoutHead: "{\n  \"schema\": \"vpctrace/v1\",\n  \"workloads\": [],",
			stdout:     []string{`"source": "DIR/bad.yaml:3:5"`, `"message": "bad subnet"`},
			stderr:     []string{"DIR/bad.yaml:3:5: error: bad subnet"}},
		// Issue 9, point 5: a malformed region or account is a command
		// line error.
		{name: "malformed region", args: []string{"trace", "--region", "eu-west", "DIR/ok.yaml"}, status: 2, noStdout: true,
			stderr: []string{`vpctrace: --region "eu-west" is not a region name (like us-east-1 or ap-northeast-1)`}},
		{name: "malformed account", args: []string{"trace", "--account=12345", "DIR/ok.yaml"}, status: 2, noStdout: true,
			stderr: []string{`vpctrace: --account "12345" is not an AWS account ID (12 digits)`}},
		// Issue 10: --plan and --state go with the one root they were
		// made from.
		{name: "--plan and --state", args: []string{"trace", "--plan", "DIR/plan.json", "--state", "DIR/plan.json", "DIR/root"}, status: 2, noStdout: true,
			stderr: []string{"vpctrace: give --plan or --state, not both\n"}},
		{name: "--plan without a root", args: []string{"trace", "--plan", "DIR/plan.json"}, status: 2, noStdout: true,
			stderr: []string{"vpctrace: --plan goes with one PATH, the Terraform root directory it was made from: vpctrace trace --plan DIR/plan.json DIR\n"}},
		{name: "--state with a file", args: []string{"trace", "--state", "DIR/plan.json", "DIR/ok.yaml"}, status: 2, noStdout: true,
			stderr: []string{"vpctrace: --state goes with the Terraform root directory it was made from, and DIR/ok.yaml is not a directory: vpctrace trace --state DIR/plan.json DIR\n"}},
		{name: "--plan that is not a plan", args: []string{"trace", "--plan", "DIR/plan.json", "DIR/root"}, status: 2, noStdout: true,
			stderr: []string{"DIR/plan.json:1:1: error: DIR/plan.json has no format_version: it is not a plan or state printed by terraform show -json"}},
		{name: "--plan that does not exist", args: []string{"trace", "--plan", "DIR/nope.json", "DIR/root"}, status: 2, noStdout: true,
			stderr: []string{"DIR/nope.json: error: cannot read the file: no such file or directory"}},
		{name: "missing path, json", args: []string{"trace", "--format", "json", "DIR/nope.yaml"}, status: 2,
			stdoutHead: "{\n  \"schema\": \"vpctrace/v1\",\n  \"workloads\": [],",
			stdout:     []string{`"code": "unreadable-input"`, `"message": "DIR/nope.yaml: no such file or directory"`, `"source": "DIR/nope.yaml"`},
			stderr:     []string{"vpctrace: DIR/nope.yaml: no such file or directory"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.stdout = replaceAll(c.stdout, "DIR", dir)
			c.stdoutHead = strings.ReplaceAll(c.stdoutHead, "DIR", dir)
			c.check(t, dir)
		})
	}
}

// untoldWorkload has a call that cannot be decided; untracedWorkload's
// calls cannot be listed.
var (
	untoldWorkload = sim.WorkloadResult{Name: "app", LaunchType: "FARGATE", PlatformVersion: "1.4.0", Outcome: sim.OutcomeUnknown, Traced: true,
		Calls: []sim.CallResult{{Call: sim.Call{Kind: sim.CallLogs, Host: "logs.example", Port: 443}, Verdict: sim.Unknown, Reason: sim.Unmodeled}}}
	untracedWorkload = sim.WorkloadResult{Name: "app", LaunchType: "FARGATE", Outcome: sim.OutcomeUnknown, StoppedVerdict: sim.Unknown,
		StoppedReason: "(undetermined) task_definition of app is not known (known only after apply), so the calls its tasks make cannot be listed"}
)

func replaceAll(list []string, old, new string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.ReplaceAll(s, old, new)
	}
	return out
}

func TestRunRequirements(t *testing.T) {
	dir := files(t)
	for _, c := range []runCase{
		{name: "table", args: []string{"requirements", "--launch-type", "FARGATE", "--platform-version", "1.3.0"},
			stdout: []string{"Endpoints needed by FARGATE tasks on platform version 1.3.0:", "Send logs [1]",
				"[1] platform 1.3.0"}},
		{name: "default launch type", args: []string{"requirements"}, stdout: []string{"FARGATE tasks:"}},
		{name: "invalid launch type", args: []string{"requirements", "--launch-type=EXTERNAL"}, status: 2,
			stderr: []string{"vpctrace: unknown launch type EXTERNAL"}, noStdout: true},
		{name: "operand", args: []string{"requirements", "extra"}, status: 2,
			stderr: []string{`requirements takes no arguments, got "extra"`}, noStdout: true},
	} {
		t.Run(c.name, func(t *testing.T) { c.check(t, dir) })
	}
}

func TestUseColor(t *testing.T) {
	var buf bytes.Buffer
	if useColor("auto", &buf) {
		t.Error("auto: colour for a buffer")
	}
	if !useColor("always", &buf) || useColor("never", os.Stdout) {
		t.Error("always/never not honoured")
	}
	t.Setenv("NO_COLOR", "1")
	if useColor("auto", os.Stdout) {
		t.Error("auto: colour although NO_COLOR is set")
	}
}
