package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
// starts, 1 when one would not (DESIGN "CLI").
func TestGolden(t *testing.T) {
	inputs := []struct {
		name   string
		path   string // empty: the built-in example
		status int
	}{
		// The seed article's network: every call through an endpoint.
		{"example", "", exitOK},
		// The article's experiment: secret NO_ROUTE, ResourceInitializationError.
		{"seed-secretsmanager-private-dns-off", scenarios + "seed-secretsmanager-private-dns-off.yaml", exitNoStart},
		// NAT gateways and NAT instances: reachable and unreachable side by side.
		{"nat", scenarios + "nat.yaml", exitNoStart},
		// DNS failures, unknown verdicts, a more specific zone winning.
		{"dns", scenarios + "dns.yaml", exitNoStart},
		// EFS, per-placement outcomes, platform 1.3.0.
		{"efs", scenarios + "efs.yaml", exitNoStart},
		// The EC2 launch type: agent calls, a runtime call that fails.
		{"ec2", scenarios + "ec2.yaml", exitOK},
	}
	formats := []struct {
		name  string
		flags []string
	}{
		{"text", nil},
		{"verbose", []string{"-v"}},
		{"json", []string{"--format", "json"}},
	}
	for _, in := range inputs {
		for _, f := range formats {
			name := in.name + "." + f.name
			t.Run(name, func(t *testing.T) {
				args := append([]string{"trace"}, f.flags...)
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

// TestBadInput checks that inputs the loader rejects exit with status 2,
// print nothing on stdout, and name the offending file:line:column on
// stderr.
func TestBadInput(t *testing.T) {
	const bad = scenarios + "bad/"
	for _, tt := range []struct {
		name, file, stderr string
	}{
		{"malformed YAML", "malformed.yaml",
			bad + "malformed.yaml:4:1: error: invalid YAML: did not find expected ',' or '}'\n"},
		{"unknown reference", "unknown-reference.yaml",
			bad + `unknown-reference.yaml:6:20: error: vpc refers to "mian", which is not defined (expected a vpc)` + "\n"},
		{"invalid CIDR", "invalid-cidr.yaml",
			bad + `invalid-cidr.yaml:6:53: error: subnets.private-a.cidr: "10.0.1.0/33" is not a valid CIDR (expected an IPv4 prefix such as 10.0.1.0/24)` + "\n"},
		{"duplicate id", "duplicate-id.yaml",
			bad + `duplicate-id.yaml:7:3: error: duplicate subnet id "private-a": already defined at ` + bad + "duplicate-id.yaml:6:3\n"},
		{"route to a target that does not exist", "missing-route-target.yaml",
			bad + `missing-route-target.yaml:12:47: error: route target refers to "nat-a", which is not defined (expected a NAT gateway)` + "\n"},
	} {
		for _, format := range []string{"text", "json"} {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				status := run([]string{"trace", "--format", format, bad + tt.file}, &stdout, &stderr)
				if status != exitBadInput {
					t.Errorf("exit status %d, want %d", status, exitBadInput)
				}
				if stdout.Len() > 0 {
					t.Errorf("stdout should be empty, got:\n%s", stdout.String())
				}
				if got := stderr.String(); got != tt.stderr {
					t.Errorf("stderr:\ngot  %q\nwant %q", got, tt.stderr)
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
