package patch

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// diffCases are the edits of the golden diffs, each with the files it
// starts from.
var diffCases = []struct {
	name  string
	edits []Edit
}{
	{"new-file", []Edit{{Path: "fix.tf", New: []byte("resource \"aws_vpc_endpoint\" \"logs\" {\n  vpc_id = aws_vpc.main.id\n}\n")}}},
	{"edit", []Edit{{Path: "scenario.yaml",
		Old: []byte("a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\n"),
		New: []byte("a: 1\nb: 2\nc: 3\nd: 4\ne: five\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\nk: 11\n")}}},
	{"no-final-newline", []Edit{{Path: "main.tf",
		Old: []byte("line 1\nline 2\nlast"),
		New: []byte("line 1\nline 2\nlast\nadded")}}},
	{"final-newline-added", []Edit{{Path: "main.tf",
		Old: []byte("one\ntwo"),
		New: []byte("one\ntwo\n")}}},
	{"inserted-lines", []Edit{{Path: "scenario.yaml",
		Old: []byte("vpcs:\n  main:\n    cidr: 10.0.0.0/16\n\nsubnets:\n  a: {vpc: main}\n"),
		New: []byte("vpcs:\n  main:\n    cidr: 10.0.0.0/16\n    dns_hostnames: true\n\nsubnets:\n  a: {vpc: main}\n  b: {vpc: main}\n")}}},
	{"appended-entry", []Edit{{Path: "scenario.yaml",
		Old: []byte("endpoints:\n  logs:\n    vpc: main\n    subnets: [a]\n\nclusters: {}\n"),
		New: []byte("endpoints:\n  logs:\n    vpc: main\n    subnets: [a]\n  kms:\n    vpc: main\n    subnets: [a]\n\nclusters: {}\n")}}},
	{"removed-entry", []Edit{{Path: "scenario.yaml",
		Old: []byte("endpoints:\n  logs:\n    vpc: main\n  kms:\n    vpc: main\n\nclusters: {}\n"),
		New: []byte("endpoints:\n  logs:\n    vpc: main\n\nclusters: {}\n")}}},
	// The second hunk starts 2 lines later in the new file than in the
	// old: its header must say so (go-udiff v0.3.1 wrote the old start when
	// the first hunk both inserted and replaced lines).
	{"hunks-after-insert", []Edit{{Path: "scenario.yaml",
		Old: []byte("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\no\np\nq\nr\ns\nt\nu\nv\nw\nx\ny\nz\n"),
		New: []byte("a\nb\nB1\nB2\nc\nd\nE\nf\ng\nh\ni\nj\nk\nl\nM\nn\no\np\nq\nr\ns\nt\nu\nv\nw\nx\ny\nz\n")}}},
	{"several-files", []Edit{
		{Path: "vpc.tf", Old: []byte("x\n"), New: []byte("y\n")},
		{Path: "modules/net/main.tf", Old: []byte("keep\nold\n"), New: []byte("keep\nnew\n")},
		{Path: "unchanged.tf", Old: []byte("same\n"), New: []byte("same\n")},
		{Path: "endpoints.tf", New: []byte("new\n")},
	}},
}

func TestDiffGolden(t *testing.T) {
	for _, tc := range diffCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Diff(tc.edits)
			path := filepath.Join("testdata", tc.name+".diff.golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if d := cmp.Diff(string(want), got); d != "" {
				t.Errorf("%s (-want +got; go test -update accepts):\n%s", path, d)
			}
			if again := Diff(tc.edits); again != got {
				t.Error("two diffs of the same edits differ")
			}
		})
	}
}

// TestDiffApplies checks each golden diff with git apply, when git is
// installed: applied to the old files, it gives the new ones, each hunk
// where its header says (no offset).
func TestDiffApplies(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, tc := range diffCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, e := range tc.edits {
				if e.Old != nil {
					writeFile(t, filepath.Join(dir, e.Path), string(e.Old))
				}
			}
			writeFile(t, filepath.Join(dir, "fix.diff"), Diff(tc.edits))
			cmd := exec.Command("git", "apply", "-v", "--unsafe-paths", "fix.diff")
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("git apply: %v\n%s", err, out)
			}
			if strings.Contains(string(out), "offset") {
				t.Errorf("a hunk header is wrong:\n%s", out)
			}
			for _, e := range tc.edits {
				got, err := os.ReadFile(filepath.Join(dir, e.Path))
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(string(e.New), string(got)); d != "" {
					t.Errorf("%s after git apply (-want +got):\n%s", e.Path, d)
				}
			}
		})
	}
}

func TestDiffNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edits []Edit
	}{
		{"no edits", nil},
		{"edit that changes nothing", []Edit{{Path: "a.yaml", Old: []byte("a: 1\n"), New: []byte("a: 1\n")}}},
	} {
		if got := Diff(tc.edits); got != "" {
			t.Errorf("%s: Diff = %q, want nothing", tc.name, got)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
