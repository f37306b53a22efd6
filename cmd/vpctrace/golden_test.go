package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// scenarios is where the shared scenario files live, relative to this
// package; paths are passed to run in this form so that the output names
// them the same way on every machine.
const scenarios = "../../testdata/scenarios/"

// TestGolden runs "vpctrace trace" end to end (the real loader, engine and
// renderers) and compares the exit status, stderr and stdout with
// testdata/golden/NAME.FORMAT.golden, which holds the three in that order
// (see goldenText); go test -run TestGolden -update rewrites the files. The
// exit status is also checked against the table: 0 when every workload
// starts or only cannot be told, 1 when one would not or cannot be traced
// (architecture.md "CLI and exit status").
func TestGolden(t *testing.T) {
	inputs := []struct {
		name   string
		path   string // empty: the built-in example
		status int
		flags  []string // before the format's
	}{
		// The seed article's network: every call through an endpoint.
		{"example", "", exitOK, nil},
		// The article's experiment: secret NO_ROUTE, ResourceInitializationError.
		{"seed-secretsmanager-private-dns-off", scenarios + "seed-secretsmanager-private-dns-off.yaml", exitNoStart, nil},
		// NAT gateways and NAT instances: reachable and unreachable side by side.
		{"nat", scenarios + "nat.yaml", exitNoStart, nil},
		// DNS failures, unknown verdicts, a more specific zone winning.
		{"dns", scenarios + "dns.yaml", exitNoStart, nil},
		// EFS, per-placement outcomes, platform 1.3.0.
		{"efs", scenarios + "efs.yaml", exitNoStart, nil},
		// The EC2 launch type: agent calls, a runtime call that fails.
		{"ec2", scenarios + "ec2.yaml", exitOK, nil},
		// Issue 9, point 7: a root whose cluster, subnets, security groups
		// and one task definition live in another state. Every workload
		// is listed; one cannot be traced at all, so the status is 1.
		{"external-ids", "../../testdata/terraform/external-ids", exitNoStart, nil},
		// Issue 9, point 6: container settings known only after apply make
		// only their own calls unknown; unknown alone exits 0.
		{"container-unknowns", "testdata/container-unknowns.yaml", exitOK, nil},
		// Issue 13: the awslogs mode decides whether an unreachable
		// CloudWatch Logs stops the task (aws-rules 1.3.5-1.3.7); without
		// the account's default one workload cannot be told, and the flag
		// gives it.
		{"awslogs-mode", scenarios + "awslogs-mode.yaml", exitNoStart, nil},
		{"awslogs-mode-flag", scenarios + "awslogs-mode.yaml", exitNoStart, []string{"--default-log-driver-mode", "non-blocking"}},
		// Issue 13: FireLens (aws-rules 1.3.8-1.3.12).
		{"firelens", scenarios + "firelens.yaml", exitNoStart, nil},
		// Issue 13: IPv6-only subnets (aws-rules 4.9.4-4.9.9). An agent
		// connection that cannot be decided comes first, so the output
		// also says what ECS reports if it works (aws-rules 7.1.1).
		{"ipv6-only", scenarios + "ipv6-only.yaml", exitNoStart, nil},
		// Issue 13: DNS Firewall and Network Firewall (aws-rules 3.9,
		// 4.11).
		{"dns-firewall", scenarios + "dns-firewall.yaml", exitNoStart, nil},
		{"network-firewall", scenarios + "firewall.yaml", exitNoStart, nil},
		// Issue 10: a root with its plan. The plan read another stack's
		// outputs, which the root alone cannot know; together they show
		// the secret with no route.
		{"remote-state-plan", "../../testdata/terraform/remote-state", exitNoStart,
			[]string{"--plan", "../../testdata/terraform/remote-state/plan.json"}},
		// Issue 14: a Terraform root with several workloads, one of which
		// would not start, for the CI formats (SARIF, JUnit, Markdown).
		{"hub-spoke-tgw", "../../testdata/terraform/hub-spoke-tgw", exitNoStart, nil},
	}
	formats := []struct {
		name  string
		flags []string
	}{
		{"text", nil},
		{"verbose", []string{"-v"}},
		{"json", []string{"--format", "json"}},
		{"sarif", []string{"--format", "sarif"}},
		{"junit", []string{"--format", "junit"}},
		{"markdown", []string{"--format", "markdown"}},
	}
	// The SARIF driver names the version; the build's own would differ
	// between machines.
	defer func(v string) { version = v }(version)
	version = "v0.0.0-golden"
	for _, in := range inputs {
		for _, f := range formats {
			name := in.name + "." + f.name
			t.Run(name, func(t *testing.T) {
				args := append(append([]string{"trace"}, in.flags...), f.flags...)
				if in.path != "" {
					args = append(args, in.path)
				}
				var stdout, stderr bytes.Buffer
				status := run(args, &stdout, &stderr)
				if status != in.status {
					t.Errorf("vpctrace %s: exit status %d, want %d\nstderr:\n%s", strings.Join(args, " "), status, in.status, stderr.String())
				}
				noAbsolutePaths(t, stdout.String()+stderr.String())
				golden(t, filepath.Join("testdata", "golden", name+".golden"), goldenText(status, stderr.String(), stdout.String()))
			})
		}
	}
}

// TestBadInput checks that inputs the loader rejects, or that Terraform
// itself would refuse, exit with status 2 and name the offending
// file:line:column on stderr; with --format json stdout still holds the
// vpctrace/v1 document, with the diagnostics and no workloads (issue 9,
// point 9; architecture.md "CLI and exit status"), and with --format sarif
// a SARIF log with no results whose failed invocation carries the errors,
// JUnit test cases in error, a Markdown list of the errors (issue 14); text
// prints nothing on stdout.
func TestBadInput(t *testing.T) {
	const bad = scenarios + "bad/"
	const badTF = "../../testdata/terraform/bad/"
	type diagnostic struct{ Severity, Code, Message, Source string }
	for _, tt := range []struct {
		name, path string
		// diags are the error diagnostics; stderr prints each as
		// "SOURCE: error: MESSAGE".
		diags []diagnostic
	}{
		{"malformed YAML", bad + "malformed.yaml", []diagnostic{{"error", "yaml-syntax",
			"invalid YAML: did not find expected ',' or '}'", bad + "malformed.yaml:4:1"}}},
		{"unknown reference", bad + "unknown-reference.yaml", []diagnostic{{"error", "unknown-reference",
			`vpc refers to "mian", which is not defined (expected a vpc)`, bad + "unknown-reference.yaml:6:20"}}},
		{"invalid CIDR", bad + "invalid-cidr.yaml", []diagnostic{{"error", "invalid-value",
			`subnets.private-a.cidr: "10.0.1.0/33" is not a valid CIDR (expected an IPv4 prefix such as 10.0.1.0/24)`, bad + "invalid-cidr.yaml:6:53"}}},
		{"duplicate id", bad + "duplicate-id.yaml", []diagnostic{{"error", "duplicate-id",
			`duplicate subnet id "private-a": already defined at ` + bad + "duplicate-id.yaml:6:3", bad + "duplicate-id.yaml:7:3"}}},
		{"route to a target that does not exist", bad + "missing-route-target.yaml", []diagnostic{{"error", "unknown-reference",
			`route target refers to "nat-a", which is not defined (expected a NAT gateway)`, bad + "missing-route-target.yaml:12:47"}}},
		{"Terraform refuses the root", badTF + "unknown-reference", []diagnostic{{"error", "unknown-reference",
			`Reference to undeclared resource: A managed resource "aws_vpc" "mian" has not been declared in the root module.`,
			badTF + "unknown-reference/main.tf:8:16"}}},
	} {
		for _, format := range []string{"text", "json", "sarif", "junit", "markdown"} {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				args := []string{"trace", "--format", format, tt.path}
				if strings.HasPrefix(tt.path, badTF) {
					args = append(args, "--region", "ap-northeast-1") // a scenario would warn that it ignores it
				}
				status := run(args, &stdout, &stderr)
				if status != exitBadInput {
					t.Errorf("exit status %d, want %d", status, exitBadInput)
				}
				var wantErr strings.Builder
				for _, d := range tt.diags {
					fmt.Fprintf(&wantErr, "%s: error: %s\n", d.Source, d.Message)
				}
				if got := stderr.String(); got != wantErr.String() {
					t.Errorf("stderr:\ngot  %q\nwant %q", got, wantErr.String())
				}
				if format == "sarif" {
					var log struct {
						Runs []struct {
							Results     []any
							Invocations []struct {
								ExecutionSuccessful        bool
								ToolExecutionNotifications []struct {
									Level      string
									Descriptor struct{ ID string }
									Message    struct{ Text string }
								}
							}
						}
					}
					if err := json.Unmarshal(stdout.Bytes(), &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Invocations) != 1 {
						t.Fatalf("stdout is not a SARIF log of one run: %v\n%s", err, stdout.String())
					}
					run := log.Runs[0]
					var errs []diagnostic
					for _, n := range run.Invocations[0].ToolExecutionNotifications {
						if n.Level == "error" {
							errs = append(errs, diagnostic{"error", n.Descriptor.ID, n.Message.Text, ""})
						}
					}
					var want []diagnostic
					for _, d := range tt.diags {
						want = append(want, diagnostic{d.Severity, d.Code, d.Message, ""})
					}
					if diff := cmp.Diff(want, errs); diff != "" || len(run.Results) != 0 || run.Invocations[0].ExecutionSuccessful {
						t.Errorf("SARIF log: %d results, executionSuccessful %v, errors (-want +got):\n%s", len(run.Results), run.Invocations[0].ExecutionSuccessful, diff)
					}
					return
				}
				switch format {
				case "junit":
					var doc struct {
						Suites []struct {
							Name      string `xml:"name,attr"`
							Testcases []struct {
								Name  string `xml:"name,attr"`
								Error *struct {
									Message string `xml:"message,attr"`
								} `xml:"error"`
							} `xml:"testcase"`
						} `xml:"testsuite"`
					}
					if err := xml.Unmarshal(stdout.Bytes(), &doc); err != nil || len(doc.Suites) != 1 || doc.Suites[0].Name != "input" {
						t.Fatalf("stdout is not JUnit XML with one suite \"input\": %v\n%s", err, stdout.String())
					}
					var got, want []string
					for _, tc := range doc.Suites[0].Testcases {
						if tc.Error != nil {
							got = append(got, tc.Name+" "+tc.Error.Message)
						}
					}
					for _, d := range tt.diags {
						want = append(want, d.Source+" "+d.Code)
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("test cases in error (-want +got):\n%s", diff)
					}
					return
				case "markdown":
					out := stdout.String()
					if !strings.HasPrefix(out, "### vpctrace: the input is wrong\n") || strings.Count(out, "- ⛔ ") != len(tt.diags) {
						t.Errorf("stdout does not list the errors:\n%s", out)
					}
					for _, d := range tt.diags {
						if !strings.Contains(out, "- ⛔ "+d.Source+": error: ") {
							t.Errorf("stdout does not list %s:\n%s", d.Source, out)
						}
					}
					return
				}
				if format != "json" {
					if stdout.Len() > 0 {
						t.Errorf("stdout should be empty, got:\n%s", stdout.String())
					}
					return
				}
				var doc struct {
					Schema      string
					Workloads   []any
					Diagnostics []diagnostic
				}
				if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
					t.Fatalf("stdout is not a JSON document: %v\n%s", err, stdout.String())
				}
				var errs []diagnostic
				for _, d := range doc.Diagnostics {
					if d.Severity == "error" {
						errs = append(errs, d)
					}
				}
				want := struct {
					Schema      string
					Workloads   []any
					Diagnostics []diagnostic
				}{"vpctrace/v1", []any{}, tt.diags}
				got := doc
				got.Diagnostics = errs
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("document (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// noAbsolutePaths fails when out names the machine's working directory or
// the repository's location.
func noAbsolutePaths(t *testing.T, out string) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(filepath.Dir(wd)) // the module root
	for _, dir := range []string{wd, root} {
		if strings.Contains(out, dir) {
			t.Errorf("output contains the absolute path %s", dir)
		}
	}
}

// goldenText is what a golden file holds: the exit status, then stderr and
// stdout, each under a "-- name --" line.
func goldenText(status int, stderr, stdout string) []byte {
	return []byte(fmt.Sprintf("exit status %d\n-- stderr --\n%s-- stdout --\n%s", status, stderr, stdout))
}

// golden compares got with the file at path, or rewrites the file with
// -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gl), len(wl)) {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("%s differs at line %d:\ngot  %q\nwant %q\n(run go test -run TestGolden -update to accept)", path, i+1, g, w)
		}
	}
}
