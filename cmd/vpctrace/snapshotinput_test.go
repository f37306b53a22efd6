package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSnapshotFolderEveryOutput: trace in every format, and diagram, read
// an account snapshot folder (the NAT twin of issue 16) as they read a
// scenario: the same exit status, no error, and positions that name the
// folder's JSON files as given on the command line.
func TestSnapshotFolderEveryOutput(t *testing.T) {
	folder := filepath.Join("..", "..", "model", "snapshot", "testdata", "twins", "nat")
	dir := t.TempDir()
	type result struct {
		Status    int
		Stderr    string
		NamesJSON bool // the output names a JSON file of the folder, with its path as given
	}
	named := func(out string) bool {
		return strings.Contains(out, filepath.ToSlash(folder)+"/") && strings.Contains(out, ".json:")
	}
	for _, tc := range []struct {
		name string
		args []string
		want result
		// check looks at the output beyond its exit status, when set.
		check func(t *testing.T, stdout string)
	}{
		{"text", []string{"trace", folder}, result{Status: exitNoStart, NamesJSON: true}, nil},
		{"json", []string{"trace", "--format", "json", folder}, result{Status: exitNoStart, NamesJSON: true}, func(t *testing.T, out string) {
			var doc struct {
				Workloads []struct {
					Name    string
					Outcome string
				}
				Diagnostics []struct{ Severity string }
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range doc.Workloads {
				got = append(got, w.Name+" "+w.Outcome)
			}
			slices.Sort(got)
			want := []string{"nat-check-on fails", "nat-instance starts", "private-nat fails", "stranded-nat fails"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("workloads (-want +got):\n%s", diff)
			}
			for _, d := range doc.Diagnostics {
				if d.Severity == "error" {
					t.Errorf("an error diagnostic: %+v", doc.Diagnostics)
				}
			}
		}},
		{"sarif", []string{"trace", "--format", "sarif", folder}, result{Status: exitNoStart, NamesJSON: false}, func(t *testing.T, out string) {
			if !strings.Contains(out, `twins/nat/nat-gateways.json"`) {
				t.Errorf("no SARIF location in the folder's nat-gateways.json, where the NAT gateways that block are")
			}
		}},
		{"junit", []string{"trace", "--format", "junit", folder}, result{Status: exitNoStart}, nil},
		{"markdown", []string{"trace", "--format", "markdown", folder}, result{Status: exitNoStart}, nil},
		{"diagram", []string{"diagram", "-o", filepath.Join(dir, "nat.dot"), folder}, result{Status: exitOK,
			Stderr: "vpctrace: wrote DIR/nat.dot: workload stranded-nat, which would not start\n"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(tc.args, &stdout, &stderr)
			got := result{Status: status, Stderr: strings.ReplaceAll(stderr.String(), dir, "DIR"), NamesJSON: named(stdout.String())}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if tc.check != nil {
				tc.check(t, stdout.String())
			}
		})
	}
}
