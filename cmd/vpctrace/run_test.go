package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/load"
	"github.com/vpctrace/vpctrace/sim"
)

// fakes replaces the scenario loader and the engine for one test, so
// that the tests depend on neither the scenario format nor engine results;
// detection is real. The scenario loader returns a world for any input,
// with a service when the report has workloads; a file whose content
// starts with "error" gives an error diagnostic, and every load adds a
// warning.
func fakes(t *testing.T, report sim.Report) {
	t.Helper()
	fake := func(in *load.Input, _ load.Options) (*model.World, model.Diagnostics) {
		w, diags := fakeLoad(in.Name)
		if w != nil && len(report.Workloads) > 0 {
			w.Services = []model.Service{{ID: "app"}}
		}
		return w, diags
	}
	swap(t, &detect, func(in *load.Input) (load.Format, error) {
		f, err := load.Detect(in)
		if f.Name == "scenario" {
			f.Load = fake
		}
		return f, err
	})
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
	// real runs the real loaders and engine instead of fakes, with env as
	// the environment.
	real bool
	env  []string
	// stdin is what standard input holds.
	stdin string
	// wholeStderr, when set, is all of stderr.
	wholeStderr string
}

func (c runCase) check(t *testing.T, dir string) {
	r := report(c.starts)
	if c.outcome != nil {
		r.Workloads = []sim.WorkloadResult{*c.outcome}
	}
	if c.none {
		r.Workloads = nil
	}
	if c.real {
		swap(t, &environ, func() []string { return c.env })
	} else {
		fakes(t, r)
	}
	swap(t, &stdin, io.Reader(strings.NewReader(c.stdin)))
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
	if c.wholeStderr != "" {
		if diff := cmp.Diff(c.wholeStderr, errs); diff != "" {
			t.Errorf("stderr (-want +got):\n%s", diff)
		}
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
		// Help, version and flag errors: TestCLIGolden.
		{name: "no arguments", status: 2, stderr: []string{"Usage:"}, noStdout: true},
		{name: "markdown with two paths", args: []string{"trace", "--format", "markdown", "DIR/ok.yaml", "DIR/other.yml"}, status: 2,
			stderr: []string{"--format markdown traces one PATH at a time, got 2"}, noStdout: true},
		{name: "unknown format", args: []string{"trace", "--format=xml"}, status: 2,
			stderr: []string{`unknown --format "xml"`}, noStdout: true},
		{name: "unknown color", args: []string{"trace", "--color", "sometimes"}, status: 2,
			stderr: []string{`unknown --color "sometimes"`}, noStdout: true},
		{name: "json with two paths", args: []string{"trace", "--format", "json", "DIR/ok.yaml", "DIR/other.yml"},
			status: 2, stderr: []string{"--format json traces one PATH at a time, got 2"}, noStdout: true},
		{name: "sarif with two paths", args: []string{"trace", "--format", "sarif", "DIR/ok.yaml", "DIR/other.yml"},
			status: 2, stderr: []string{"--format sarif traces one PATH at a time, got 2"}, noStdout: true},
		{name: "directory without *.tf files", args: []string{"trace", "DIR/tfroot"}, status: 2,
			stderr: []string{"vpctrace: DIR/tfroot: no *.tf files: not a Terraform root module; no AWS CLI describe-* output: not an account snapshot"}, noStdout: true},
		// Issue 12, point 1: a .json is a plan only if its content is one.
		{name: "JSON that is not terraform show output", args: []string{"trace", "DIR/plan.json"}, status: 2,
			stderr: []string{"vpctrace: DIR/plan.json: JSON, but not a plan or non-empty state printed by terraform show -json (an object with format_version, and planned_values or values)\n"}, noStdout: true},
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
		// architecture.md "CLI and exit status": a workload that only cannot be told exits 0, unless
		// --fail-on-unknown; one whose calls cannot be listed exits 1.
		{name: "cannot be told", args: []string{"trace", "DIR/ok.yaml"}, outcome: &untoldWorkload,
			stdout: []string{"app · FARGATE 1.4.0 · cannot be told", "1 workload, 0 would not start, 1 cannot be told"}},
		{name: "cannot be told, --fail-on-unknown", args: []string{"trace", "--fail-on-unknown", "DIR/ok.yaml"}, outcome: &untoldWorkload,
			status: 1, stdout: []string{"cannot be told"}},
		{name: "not traced", args: []string{"trace", "DIR/ok.yaml"}, outcome: &untracedWorkload, status: 1,
			stdout: []string{"app · FARGATE · not traced", "1 workload, 0 would not start, 1 not traced"}},
		// Issue 9, point 7: "0 workloads" only when nothing is declared,
		// with a hint for the kind of input. Issue 11, point 8: a warning
		// and exit status 2, not an empty success.
		{name: "nothing declared", args: []string{"trace", "DIR/ok.yaml"}, none: true, status: 2,
			stdout: []string{"warning: no ECS services or task definitions: nothing to trace (a scenario lists them under services: and task_definitions:) (DIR/ok.yaml)\n",
				"\n0 workloads: nothing to trace\n"},
			stderr: []string{"DIR/ok.yaml: warning: no ECS services or task definitions: nothing to trace (a scenario lists them under services: and task_definitions:)\n"}},
		{name: "nothing declared, json", args: []string{"trace", "--format", "json", "DIR/ok.yaml"}, none: true, status: 2,
			stdout: []string{`"severity": "warning",`, `"code": "no-ecs-workloads"`, `"source": "DIR/ok.yaml"`}},
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
		// aws-rules 1.2.14: the pull through cache states are cold, warm
		// and unknown.
		{name: "malformed --ptc-cache", args: []string{"trace", "--ptc-cache=hot", "DIR/ok.yaml"}, status: 2, noStdout: true,
			stderr: []string{`vpctrace trace: --ptc-cache: "hot" is not cold, warm or unknown`}},
		// aws-rules 1.3.5: the account's defaultLogDriverMode is a mode.
		{name: "malformed default log driver mode", args: []string{"trace", "--default-log-driver-mode", "nonblocking", "DIR/ok.yaml"}, status: 2, noStdout: true,
			stderr: []string{`vpctrace: --default-log-driver-mode "nonblocking" is not an awslogs mode; want blocking or non-blocking`}},
		{name: "malformed --vpc-bpa", args: []string{"trace", "--vpc-bpa=block-all", "DIR/ok.yaml"}, status: 2, noStdout: true,
			stderr: []string{`vpctrace trace: --vpc-bpa: "block-all" is not off, block-bidirectional or block-ingress`}},
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
		// Issue 15, point 3: the launch type in any case, printed as AWS
		// writes it.
		{name: "launch type in lower case", args: []string{"requirements", "--launch-type", "fargate", "--platform-version", "latest"},
			stdout: []string{"Endpoints needed by FARGATE tasks on platform version LATEST:"}},
		{name: "invalid launch type", args: []string{"requirements", "--launch-type=EXTERNAL"}, status: 2,
			wholeStderr: "vpctrace requirements: --launch-type \"EXTERNAL\" is not FARGATE or EC2\nrun 'vpctrace help requirements' for usage\n", noStdout: true},
		{name: "platform version with EC2", args: []string{"requirements", "--launch-type", "ec2", "--platform-version", "1.4.0"}, status: 2,
			wholeStderr: "vpctrace requirements: --platform-version is a Fargate platform version; EC2 tasks have none (their instances' ECS agent decides what they can use)\nrun 'vpctrace help requirements' for usage\n",
			noStdout:    true},
		{name: "operand", args: []string{"requirements", "extra"}, status: 2,
			wholeStderr: "vpctrace requirements: takes no arguments, got \"extra\"\nrun 'vpctrace help requirements' for usage\n", noStdout: true},
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

// wrongInputs writes, in a temporary directory, inputs that are wrong in
// one way each, made from the seed example and the seed Terraform root
// (issue 11), and returns the directory.
func wrongInputs(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// edit returns s with old replaced by new, which must be there.
	edit := func(s, old, new string) string {
		t.Helper()
		if !strings.Contains(s, old) {
			t.Fatalf("%q not found", old)
		}
		return strings.Replace(s, old, new, 1)
	}
	seed := string(example.Seed)
	write("effect-maybe.yaml", edit(seed, "    service: ecr.api\n    type: interface\n",
		"    service: ecr.api\n    type: interface\n    policy: '{\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}'\n"))
	write("logs-region.yaml", edit(seed, "awslogs-region: ap-northeast-1", "awslogs-region: ../../x"))
	write("truncated.yaml", seed[:strings.Index(seed, "clusters:")])
	const image = "image: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest"
	write("image-space.yaml", edit(seed, image, "image: My App:Latest"))
	write("image-upper.yaml", edit(seed, image, "image: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/MyApp:Latest"))

	// The seed root, without its plan, as it is and with one edit each.
	const root = "../../testdata/terraform/seed/"
	files, err := filepath.Glob(root + "*.tf")
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed root: %v", err)
	}
	for _, variant := range []struct{ name, file, old, new string }{
		{"tf-az", "subnet.tf", `availability_zone = "${data.aws_region.current.name}a"`, `availability_zone = "../../x"`},
		{"tf-ipv6", "subnet.tf", "  cidr_block        = var.subnets.private.a.cidr_block\n",
			"  cidr_block        = var.subnets.private.a.cidr_block\n  ipv6_cidr_block   = \"::/129\"\n"},
		{"tf-cidr", "vpc.tf", `cidr_block           = "10.0.0.0/16"`, `cidr_block           = "10.0.0.0/33"`},
		{"tf-no-region", "versions.tf", `  region = "ap-northeast-1"` + "\n", ""},
	} {
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			text := string(data)
			if filepath.Base(f) == variant.file {
				text = edit(text, variant.old, variant.new)
			}
			write(filepath.Join(variant.name, filepath.Base(f)), text)
		}
	}

	// The seed plan, with the ecr-api endpoint's policy not JSON.
	data, err := os.ReadFile(root + "plan.json")
	if err != nil {
		t.Fatal(err)
	}
	var plan map[string]any
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatal(err)
	}
	for _, r := range plan["planned_values"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any) {
		if r := r.(map[string]any); r["address"] == "aws_vpc_endpoint.ecr-api" {
			r["values"].(map[string]any)["policy"] = "not json"
		}
	}
	for _, rc := range plan["resource_changes"].([]any) {
		if rc := rc.(map[string]any); rc["address"] == "aws_vpc_endpoint.ecr-api" {
			change := rc["change"].(map[string]any)
			change["after"].(map[string]any)["policy"] = "not json"
			delete(change["after_unknown"].(map[string]any), "policy")
		}
	}
	out, err := json.MarshalIndent(plan, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	write("plan-policy.json", string(out))
	return dir
}

// TestRunWrongInput runs the real loaders and engine on wrong inputs:
// every error diagnostic, the loader's or the engine's, and an input with
// nothing to trace exit with status 2, with one positioned line each on
// stderr (issue 11, points 8 and 9).
func TestRunWrongInput(t *testing.T) {
	dir := wrongInputs(t)
	for _, c := range []runCase{
		{name: "--account that is not an account ID", args: []string{"trace", "--account", "abc", "DIR/effect-maybe.yaml"}, noStdout: true,
			wholeStderr: "vpctrace: --account \"abc\" is not an AWS account ID (12 digits)\n"},
		{name: "--region that is a path", args: []string{"trace", "--region", "../../x", "DIR/tf-az"}, noStdout: true,
			wholeStderr: "vpctrace: --region \"../../x\" is not a region name (like us-east-1 or ap-northeast-1)\n"},
		{name: "diagram --account", args: []string{"diagram", "--account=abc", "-o", "DIR/x.svg"}, noStdout: true,
			wholeStderr: "vpctrace: --account \"abc\" is not an AWS account ID (12 digits)\n"},
		{name: "diagram --default-log-driver-mode", args: []string{"diagram", "--default-log-driver-mode=unknown", "-o", "DIR/x.svg"}, noStdout: true,
			wholeStderr: "vpctrace: --default-log-driver-mode \"unknown\" is not an awslogs mode; want blocking or non-blocking\n"},
		{name: "tui --region", args: []string{"tui", "--region=../../x"}, noStdout: true,
			wholeStderr: "vpctrace: --region \"../../x\" is not a region name (like us-east-1 or ap-northeast-1)\n"},
		{name: "AWS_REGION that is not a region", args: []string{"trace", "DIR/tf-no-region"}, env: []string{"AWS_REGION=abc-x"},
			stderr: []string{"DIR/tf-no-region: error: the region \"abc-x\" is not a region name (expected a name such as ap-northeast-1)\n"}},
		{name: "endpoint policy with Effect Maybe", args: []string{"trace", "DIR/effect-maybe.yaml"},
			stdout:      []string{"1 workload, 0 would not start, 1 cannot be told"},
			wholeStderr: "DIR/effect-maybe.yaml:74:13: error: the policy of endpoint ecr-api is not a valid policy document: 1:25: expected \"Allow\" or \"Deny\" for Effect, found \"Maybe\"\n"},
		{name: "endpoint policy with Effect Maybe, json", args: []string{"trace", "--format", "json", "DIR/effect-maybe.yaml"},
			stdout:      []string{`"code": "invalid-endpoint-policy"`},
			wholeStderr: "DIR/effect-maybe.yaml:74:13: error: the policy of endpoint ecr-api is not a valid policy document: 1:25: expected \"Allow\" or \"Deny\" for Effect, found \"Maybe\"\n"},
		{name: "diagram of an input with an error", args: []string{"diagram", "-o", "DIR/effect-maybe.svg", "DIR/effect-maybe.yaml"}, noStdout: true,
			wholeStderr: "DIR/effect-maybe.yaml:74:13: error: the policy of endpoint ecr-api is not a valid policy document: 1:25: expected \"Allow\" or \"Deny\" for Effect, found \"Maybe\"\n" +
				"vpctrace: wrote DIR/effect-maybe.svg: workload app, whose start cannot be told\n"},
		{name: "awslogs-region that is a path", args: []string{"trace", "DIR/logs-region.yaml"}, stdout: []string{"would NOT start"},
			wholeStderr: "DIR/logs-region.yaml:109:9: error: container app: awslogs-region \"../../x\" is not a region code; ECS fails the container's log driver before any connection (aws-rules 1.3.2)\n"},
		{name: "plan whose endpoint policy is not JSON", args: []string{"trace", "DIR/plan-policy.json"},
			stderr: []string{"DIR/plan-policy.json:467:6: error: the policy of endpoint aws_vpc_endpoint.ecr-api is not a valid policy document: "}},
		// Issue 11, point 8: an image ECS refuses when the task definition
		// is registered is an input error at the container definition; one
		// it registers but the runtime cannot parse fails the task, with
		// the platform's words.
		{name: "image with a space", args: []string{"trace", "DIR/image-space.yaml"}, noStdout: true,
			wholeStderr: "DIR/image-space.yaml:109:9: error: container \"app\": image \"My App:Latest\" has characters ECS refuses (Container.image contains invalid characters): it allows letters, digits, hyphens, underscores, colons, periods, forward slashes and number signs\n"},
		{name: "image with capitals", args: []string{"trace", "DIR/image-upper.yaml"}, status: exitNoStart,
			stdout: []string{"app · FARGATE 1.4.0 · app (DIR/image-upper.yaml:129:3) · would NOT start\n  ✗  ecr-image  INVALID_IMAGE_REFERENCE  MyApp:Latest\n",
				"    InternalError: failed to normalize image reference \"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/MyApp:Latest\"\n"}},
		{name: "scenario cut short", args: []string{"trace", "DIR/truncated.yaml"}, stdout: []string{"0 workloads: nothing to trace"},
			wholeStderr: "DIR/truncated.yaml:98:1: warning: the scenario declares no services and no task definitions: nothing to trace (a scenario lists them under services: and task_definitions:; is the file complete?)\n"},
		{name: "HCL Availability Zone that is a path", args: []string{"trace", "DIR/tf-az"}, noStdout: true,
			wholeStderr: "DIR/tf-az/subnet.tf:7:3: error: availability_zone of aws_subnet.private-a: \"../../x\" is not an Availability Zone name (expected a name such as ap-northeast-1a)\n"},
		{name: "HCL IPv6 prefix longer than 128 bits", args: []string{"trace", "DIR/tf-ipv6"}, noStdout: true,
			wholeStderr: "DIR/tf-ipv6/subnet.tf:9:3: error: ipv6_cidr_block of aws_subnet.private-a: \"::/129\" is not a valid CIDR (expected an IPv6 prefix such as 2001:db8:1234:1a00::/56)\n"},
		// Issue 11, point 9: no "invalid Prefix is not an IPv4 CIDR", no
		// "not inside any CIDR of vpc"; the rule that reads the VPC's CIDR
		// holds the same bad value and says so.
		{name: "HCL VPC CIDR that does not parse", args: []string{"trace", "DIR/tf-cidr"}, noStdout: true,
			wholeStderr: "DIR/tf-cidr/security_groups.tf:10:3: error: ingress.0.cidr_blocks of aws_security_group.vpc-endpoint: \"10.0.0.0/33\" is not a valid CIDR (expected an IPv4 prefix such as 10.0.1.0/24)\n" +
				"DIR/tf-cidr/vpc.tf:6:3: error: cidr_block of aws_vpc.main: \"10.0.0.0/33\" is not a valid CIDR (expected an IPv4 prefix such as 10.0.1.0/24)\n"},
	} {
		c.real = true
		if c.status == 0 {
			c.status = exitBadInput
		}
		t.Run(c.name, func(t *testing.T) {
			c.stdout = replaceAll(c.stdout, "DIR", dir)
			c.check(t, dir)
		})
	}
}

// TestRunStdin reads inputs from standard input ("-"), their kind told by
// their content (issue 11, point 9).
func TestRunStdin(t *testing.T) {
	dir := files(t)
	plan, err := os.ReadFile("../../testdata/terraform/seed/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	const root = "../../testdata/terraform/remote-state"
	remotePlan, err := os.ReadFile(root + "/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []runCase{
		{name: "a scenario", args: []string{"trace", "-"}, stdin: string(example.Seed),
			stdout: []string{"app · FARGATE 1.4.0 · app (<stdin>:129:3) · starts", "1 workload, 0 would not start; 6 calls: 6 reachable"}},
		{name: "a scenario after a byte order mark", args: []string{"trace", "-"}, stdin: "\ufeff" + string(example.Seed),
			stdout: []string{"1 workload, 0 would not start; 6 calls: 6 reachable"}},
		{name: "a plan", args: []string{"trace", "--format", "json", "-"}, stdin: "\n  " + string(plan),
			stdout: []string{`"name": "app"`, `"source": "aws_ecs_service.app"`}},
		{name: "a plan with its root", args: []string{"trace", "--plan", "-", root}, stdin: string(remotePlan), status: exitNoStart,
			stdout: []string{"1 workload, 1 would not start; 5 calls: 4 reachable, 1 unreachable, 0 unknown"}},
		{name: "diagram", args: []string{"diagram", "--format", "dot", "-o", "-", "-"}, stdin: string(example.Seed),
			stdoutHead: "digraph"},
		{name: "nothing to trace", args: []string{"trace", "-"}, stdin: "region: us-east-1\n", status: exitBadInput,
			wholeStderr: "<stdin>:1:1: warning: the scenario declares no services and no task definitions: nothing to trace (a scenario lists them under services: and task_definitions:; is the file complete?)\n"},
		{name: "JSON that is not a plan", args: []string{"trace", "-"}, stdin: "{}", status: exitBadInput, noStdout: true,
			wholeStderr: "vpctrace: <stdin>: JSON, but not a plan or non-empty state printed by terraform show -json (an object with format_version, and planned_values or values)\n"},
		{name: "read once", args: []string{"trace", "-", "-"}, status: exitBadInput, noStdout: true,
			wholeStderr: "vpctrace: standard input (-) can be read only once; give it for one input\n"},
		{name: "a plan from standard input is not a root", args: []string{"trace", "--plan", "DIR/plan.json", "-"}, status: exitBadInput, noStdout: true,
			wholeStderr: "vpctrace: --plan goes with the Terraform root directory it was made from, and <stdin> is not a directory: vpctrace trace --plan DIR/plan.json DIR\n"},
		// The TUI reads its keys from standard input.
		{name: "tui", args: []string{"tui", "-"}, stdin: string(example.Seed), status: exitBadInput, noStdout: true,
			wholeStderr: "vpctrace: tui reads its keys from the terminal, so its input cannot come from standard input (-); give a file, or a pipe such as <(terraform show -json tfplan)\n"},
		{name: "tui --plan -", args: []string{"tui", "--plan", "-", root}, status: exitBadInput, noStdout: true,
			wholeStderr: "vpctrace: tui reads its keys from the terminal, so its input cannot come from standard input (-); give a file, or a pipe such as <(terraform show -json tfplan)\n"},
	} {
		c.real = true
		t.Run(c.name, func(t *testing.T) { c.check(t, dir) })
	}
	t.Run("more than the cap", func(t *testing.T) {
		swap(t, &load.MaxStreamSize, 100)
		c := runCase{real: true, args: []string{"trace", "-"}, stdin: string(example.Seed), status: exitBadInput, noStdout: true,
			wholeStderr: "vpctrace: <stdin>: more than 100 bytes, the most vpctrace reads from standard input or a pipe (pass --max-plan-size to read more)\n"}
		c.check(t, dir)
	})
	t.Run("the cap raised", func(t *testing.T) {
		swap(t, &load.MaxStreamSize, 100)
		c := runCase{real: true, args: []string{"trace", "--max-plan-size", "1MiB", "-"}, stdin: string(example.Seed),
			stdout: []string{"1 workload, 0 would not start; 6 calls: 6 reachable"}}
		c.check(t, dir)
	})
}

// TestRunMaxPlanSize checks --max-plan-size on plan files, alone or with
// their root, and its values (issue 11, point 7: a user-settable cap for
// plans with a clear error).
func TestRunMaxPlanSize(t *testing.T) {
	swap(t, &environ, func() []string { return nil })
	plan := "../../testdata/terraform/seed/plan.json"
	info, err := os.Stat(plan)
	if err != nil {
		t.Fatal(err)
	}
	tooLarge := fmt.Sprintf("%s is %d bytes, more than 1 KiB, the most vpctrace reads: file too large (pass --max-plan-size to read more)", plan, info.Size())
	for _, c := range []runCase{
		{name: "a plan over the cap", args: []string{"trace", "--max-plan-size", "1KiB", plan}, status: exitBadInput, noStdout: true,
			wholeStderr: plan + ": error: cannot read Terraform JSON file: " + tooLarge + "\n"},
		{name: "a plan with its root over the cap", args: []string{"trace", "--max-plan-size", "1K", "--plan", plan, "../../testdata/terraform/seed"},
			status: exitBadInput, noStdout: true,
			wholeStderr: plan + ": error: cannot read the file: " + tooLarge + "\n"},
		{name: "under the cap", args: []string{"trace", "--max-plan-size", "2 GiB", plan},
			stdout: []string{"1 workload, 0 would not start"}},
		{name: "not a size", args: []string{"trace", "--max-plan-size", "lots", plan}, status: exitBadInput, noStdout: true,
			stderr: []string{`vpctrace trace: --max-plan-size: "lots" is not a size (like 512MiB or 2GiB)`}},
	} {
		c.real = true
		t.Run(c.name, func(t *testing.T) { c.check(t, t.TempDir()) })
	}
}

// TestRunPipe reads a plan and a scenario through a pipe named as a file,
// as <(terraform show -json tfplan) gives it (/dev/fd/N), and checks that
// the report is the one the same file gives (issue 11, point 9).
func TestRunPipe(t *testing.T) {
	if _, err := os.Stat("/dev/fd"); err != nil {
		t.Skip("no /dev/fd on this system")
	}
	swap(t, &environ, func() []string { return nil })
	for _, file := range []string{"../../testdata/terraform/seed/plan.json", "../../testdata/scenarios/nat.yaml"} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			go func() {
				w.Write(data)
				w.Close()
			}()
			pipe := fmt.Sprintf("/dev/fd/%d", r.Fd())
			var fromPipe, fromFile, stderr bytes.Buffer
			pipeStatus := run([]string{"trace", "--format", "json", pipe}, &fromPipe, &stderr)
			fileStatus := run([]string{"trace", "--format", "json", file}, &fromFile, &stderr)
			got := strings.ReplaceAll(fromPipe.String(), pipe, file)
			if pipeStatus != fileStatus || pipeStatus == exitBadInput {
				t.Errorf("exit status %d from the pipe, %d from the file\n%s", pipeStatus, fileStatus, stderr.String())
			}
			if diff := cmp.Diff(fromFile.String(), got); diff != "" {
				t.Errorf("report from the pipe (-file +pipe):\n%s", diff)
			}
		})
	}
}

// TestRunPlanByContent traces a plan saved under a name that does not
// say what it is: its content tells (issue 12, point 1), and the report
// is the one the same file named plan.json gives.
func TestRunPlanByContent(t *testing.T) {
	const file = "../../testdata/terraform/seed/plan.json"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	plan := filepath.Join(t.TempDir(), "tfplan")
	if err := os.WriteFile(plan, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var fromPlan, fromFile, stderr bytes.Buffer
	planStatus := run([]string{"trace", "--format", "json", plan}, &fromPlan, &stderr)
	fileStatus := run([]string{"trace", "--format", "json", file}, &fromFile, &stderr)
	if planStatus != fileStatus || planStatus == exitBadInput {
		t.Errorf("exit status %d for %s, %d for %s\n%s", planStatus, plan, fileStatus, file, stderr.String())
	}
	if diff := cmp.Diff(fromFile.String(), strings.ReplaceAll(fromPlan.String(), plan, file)); diff != "" {
		t.Errorf("report (-plan.json +tfplan):\n%s", diff)
	}
}
