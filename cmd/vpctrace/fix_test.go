package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// noFix lists the fixtures in which some workload has no fix, with the
// codes of the calls that keep failing after fix --apply, and why no
// change of vpctrace's removes them. Every other failing fixture must
// start after fix --apply.
var noFix = map[string][]string{
	// A private hosted zone that shadows ECR's names has no record for
	// them (aws-rules 3.3.1): the record to add is the user's to choose.
	"dns.yaml": {"DNS_NAME_NOT_FOUND"},
	// Interface endpoints guarded by a VPC's undeclared default group
	// (aws-rules 5.1.5): vpctrace does not take over the default group.
	"default-security-group.yaml": {"SG_INGRESS_DENIED"},
	// DNS Firewall rules block the names (aws-rules 3.9): an allow rule
	// is a security decision.
	"dns-firewall.yaml":     {"DNS_FIREWALL_BLOCKED"},
	"resolver-dns-firewall": {"DNS_FIREWALL_BLOCKED"},
	// Docker Hub through a Network Firewall that drops it (aws-rules 4.11).
	"firewall.yaml": {"NETWORK_FIREWALL_DENIED"},
	// VPC Block Public Access stops internet calls whose NAT gateway
	// shares the public route table (aws-rules 4.10).
	"bpa.yaml":         {"VPC_BPA_BLOCKED"},
	"bpa-ingress.yaml": {"VPC_BPA_BLOCKED"},
	// Image references ECS rejects, and a FireLens file from S3 on
	// Fargate (aws-rules 1.2.9, 1.3.10): settings, not the network.
	"image-reference.yaml": {"INVALID_IMAGE_REFERENCE"},
	"firelens.yaml":        {"UNSUPPORTED_BY_PLATFORM"},
	// NAT gateways without internet and a NAT instance with its check on
	// (aws-rules 4.5.2, 4.6.1), for Docker Hub, which needs the internet.
	"nat.yaml": {"NAT_INSTANCE_MISCONFIGURED", "NAT_NO_INTERNET"},
	// EC2 instances in a public subnet without public IPs, whose route
	// table also serves the NAT gateway (aws-rules 2.7, 4.5.1).
	"ec2-capacity": {"NO_PUBLIC_IP"},
	// A workload whose task definition is in another state cannot be
	// traced at all, so trace exits 1 with nothing to fix.
	"external-ids": {},
}

// failingFixtures are the scenario files and Terraform roots of testdata
// on which trace exits 1.
func failingFixtures(t *testing.T) []string {
	t.Helper()
	paths, _ := filepath.Glob(scenarios + "*.yaml")
	dirs, _ := filepath.Glob("../../testdata/terraform/*")
	more, _ := filepath.Glob("../../testdata/terraform/fixtures/*")
	dirs = append(dirs, more...)
	for _, d := range dirs {
		if tf, _ := filepath.Glob(filepath.Join(d, "*.tf")); len(tf) > 0 {
			paths = append(paths, d)
		}
	}
	var out []string
	for _, p := range paths {
		var stdout, stderr bytes.Buffer
		if run([]string{"trace", p}, &stdout, &stderr) == exitNoStart {
			out = append(out, p)
		}
	}
	return out
}

// TestFixApply runs fix --apply on a copy of every failing fixture and
// traces the copy again: every workload starts (exit 0), except those of
// noFix, whose remaining failures are only the codes listed; the patched
// input reads without errors either way.
func TestFixApply(t *testing.T) {
	fixtures := failingFixtures(t)
	if len(fixtures) < 20 {
		t.Fatalf("found %d failing fixtures, want at least 20", len(fixtures))
	}
	for _, path := range fixtures {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			cp := copyInput(t, path)
			var out, errOut bytes.Buffer
			status := run([]string{"fix", "--apply", "--force", cp}, &out, &errOut)
			want, partial := noFix[name]
			if !partial && status != exitOK {
				t.Fatalf("fix --apply exit %d, want 0\nstderr: %s\nstdout:\n%s", status, errOut.String(), out.String())
			}
			var tout, terr bytes.Buffer
			status = run([]string{"trace", "--format", "json", cp}, &tout, &terr)
			if !partial {
				if status != exitOK {
					t.Fatalf("trace of the patched copy: exit %d, want 0\n%s\nfix said:\n%s", status, terr.String(), out.String())
				}
				return
			}
			if status == exitBadInput {
				t.Fatalf("the patched copy does not read: %s", terr.String())
			}
			if got := failingCodes(t, tout.Bytes()); !subsetOf(got, want) {
				t.Errorf("after fix --apply the calls still failing have %v, want only %v\nfix said:\n%s", got, want, out.String())
			}
			if len(want) == 0 {
				if !strings.Contains(out.String(), "Cannot be traced") {
					t.Errorf("fix does not say which workload cannot be traced:\n%s", out.String())
				}
				return
			}
			if !strings.Contains(out.String(), "no fix: ") {
				t.Errorf("fix does not say which calls have no fix:\n%s", out.String())
			}
		})
	}
}

// TestFixNoApply checks that fix without --apply leaves the input as it
// was, and that fix on an input where everything starts says so.
func TestFixNoApply(t *testing.T) {
	cp := copyInput(t, scenarios+"seed-secretsmanager-private-dns-off.yaml")
	before, err := os.ReadFile(cp)
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if status := run([]string{"fix", cp}, &out, &errOut); status != exitOK {
		t.Fatalf("fix exit %d: %s%s", status, errOut.String(), out.String())
	}
	after, _ := os.ReadFile(cp)
	if diff := cmp.Diff(string(before), string(after)); diff != "" {
		t.Errorf("fix without --apply changed the input:\n%s", diff)
	}
	out.Reset()
	if status := run([]string{"fix", scenarios + "ec2.yaml"}, &out, &errOut); status != exitOK || !strings.Contains(out.String(), "nothing to fix") {
		t.Errorf("fix on a starting input: exit %d\n%s", status, out.String())
	}
}

// failingCodes are the reasons of the unreachable start-phase calls of a
// vpctrace/v1 document.
func failingCodes(t *testing.T, doc []byte) []string {
	t.Helper()
	var r struct {
		Workloads []struct {
			Calls []struct {
				Phase, Verdict, Reason string
				StopsTask              string `json:"failure_stops_task"`
			}
		}
	}
	if err := json.Unmarshal(doc, &r); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, wl := range r.Workloads {
		for _, c := range wl.Calls {
			if c.Phase == "start" && c.Verdict == "unreachable" && c.StopsTask != "no" && !slices.Contains(out, c.Reason) {
				out = append(out, c.Reason)
			}
		}
	}
	slices.Sort(out)
	return out
}

func subsetOf(a, b []string) bool {
	for _, s := range a {
		if !slices.Contains(b, s) {
			return false
		}
	}
	return true
}

// copyInput copies a scenario file or a Terraform root into a temporary
// directory and returns the copy's path.
func copyInput(t *testing.T, path string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(path))
	err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(path, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestFixGolden runs "vpctrace fix" end to end and compares the exit
// status, stderr and stdout with testdata/golden/fix-NAME.golden (go test
// -run TestFixGolden -update rewrites them): the plans of both strategies
// with their costs, the choice, and the proven patch as a diff.
func TestFixGolden(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		status int
	}{
		// The seed article's experiment: only the endpoints strategy works.
		{"seed-secretsmanager-private-dns-off", []string{scenarios + "seed-secretsmanager-private-dns-off.yaml"}, exitOK},
		// Both strategies work: the cheaper one (routes to the existing
		// NAT gateway) is chosen, and --strategy picks the other.
		{"routing", []string{scenarios + "routing.yaml"}, exitOK},
		{"routing-endpoints", []string{"--strategy", "endpoints", "--gb-per-month", "500", scenarios + "routing.yaml"}, exitOK},
		// Rules, not paths: both strategies need the same changes.
		{"filters", []string{scenarios + "filters.yaml"}, exitOK},
		// Terraform: a new endpoint and its group in vpctrace_fix.tf.
		{"hub-spoke-tgw", []string{"../../testdata/terraform/hub-spoke-tgw"}, exitOK},
		// Terraform: an attribute of a module's resource, set where it is.
		{"taskdef-json", []string{"../../testdata/terraform/taskdef-json"}, exitOK},
		// Nothing vpctrace can change fixes these calls.
		{"image-reference", []string{scenarios + "image-reference.yaml"}, exitNoStart},
		// Some workloads fixed, others not.
		{"dns", []string{scenarios + "dns.yaml"}, exitNoStart},
		// Nothing to fix.
		{"ec2", []string{scenarios + "ec2.yaml"}, exitOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(append([]string{"fix"}, tc.args...), &stdout, &stderr)
			if status != tc.status {
				t.Errorf("exit status %d, want %d\nstderr:\n%s", status, tc.status, stderr.String())
			}
			noAbsolutePaths(t, stdout.String()+stderr.String())
			golden(t, filepath.Join("testdata", "golden", "fix-"+tc.name+".golden"), goldenText(status, stderr.String(), stdout.String()))
		})
	}
}

// TestFixFlags checks the command line fix refuses.
func TestFixFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "fix takes one PATH, a Terraform root directory or a scenario file, got 0"},
		{[]string{"a.yaml", "b.yaml"}, "fix takes one PATH, a Terraform root directory or a scenario file, got 2"},
		{[]string{"--strategy", "cheap", "a.yaml"}, `unknown --strategy "cheap"; want endpoints, nat or cheapest`},
		{[]string{"--force", "a.yaml"}, "--force goes with --apply"},
		{[]string{"--prices", "../../fix/cost/testdata/negative.json", scenarios + "routing.yaml"}, "negative"},
	} {
		var stdout, stderr bytes.Buffer
		if status := run(append([]string{"fix"}, tc.args...), &stdout, &stderr); status != exitBadInput || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("fix %v: exit %d, stderr %q, want 2 and %q", tc.args, status, stderr.String(), tc.want)
		}
	}
	var stdout, stderr bytes.Buffer
	if status := run([]string{"fix", "--gb-per-month", "-3", "x.yaml"}, &stdout, &stderr); status != exitBadInput {
		t.Errorf("--gb-per-month -3: exit %d, want 2", status)
	}
}
