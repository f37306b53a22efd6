package proof

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/fix"
)

// testdataInputs are the scenarios and Terraform roots of testdata that
// load.
func testdataInputs(tb testing.TB) []Input {
	tb.Helper()
	var inputs []Input
	scenarios, err := filepath.Glob(testdata("scenarios/*.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range scenarios {
		inputs = append(inputs, Input{Path: p, Format: "scenario"})
	}
	roots, err := os.ReadDir(testdata("terraform"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range roots {
		if r.IsDir() && r.Name() != "bad" && r.Name() != "fixtures" {
			inputs = append(inputs, Input{Path: testdata("terraform/" + r.Name()), Format: "terraform"})
		}
	}
	return inputs
}

// TestProveTestdata writes and proves, for every testdata input with a
// workload that would not start, the patch of each plan that changes
// something: each must be proven, with the plan's start calls.
func TestProveTestdata(t *testing.T) {
	proven := map[string]int{}
	for _, in := range testdataInputs(t) {
		w, _, err := Load(in.Path, in.Options)
		if err != nil || w == nil {
			continue // the bad inputs are the loaders' to test
		}
		for _, p := range fix.Find(w).Plans {
			if len(p.Changes) == 0 {
				continue
			}
			t.Run(filepath.Base(in.Path)+"/"+string(p.Strategy), func(t *testing.T) {
				edits, err := Edits(in, w, p.Changes)
				if err != nil {
					t.Fatal(err)
				}
				pr, err := Prove(in, p, edits)
				if err != nil {
					t.Fatal(err)
				}
				if !pr.Proven() {
					t.Errorf("not proven: %q", pr.Problems)
				}
				if diff := cmp.Diff(startCalls(p.Report), startCalls(pr.Report)); diff != "" {
					t.Errorf("start calls of the patched input (-plan +patched):\n%s", diff)
				}
				proven[in.Format]++
			})
		}
	}
	if proven["scenario"] == 0 || proven["terraform"] == 0 {
		t.Errorf("patches proven per format: %v; want some of each", proven)
	}
}
