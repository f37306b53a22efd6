package terraform_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/vpctrace/vpctrace/fix"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/load"
	"github.com/vpctrace/vpctrace/patch/terraform"
	"github.com/vpctrace/vpctrace/sim"
)

// load1 reads a Terraform root as cmd/vpctrace does; nil when it cannot be
// traced.
func load1(t *testing.T, dir string) *model.World {
	t.Helper()
	var opts load.Options
	in, err := load.Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	f, err := load.Detect(in)
	if err != nil {
		t.Fatal(err)
	}
	w, ds := f.Load(in, opts)
	return load.Usable(w, ds)
}

// TestFixPlansStart writes every working plan fix.Find makes for the
// Terraform roots of the repository's testdata and this package's own,
// and checks that the patched root, loaded again, starts every workload:
// the end-to-end promise of vpctrace fix on Terraform. A plan the
// patcher cannot write must be refused with an UnwritableError.
func TestFixPlansStart(t *testing.T) {
	if testing.Short() {
		t.Skip("searches and loads every root")
	}
	roots, _ := filepath.Glob("../../testdata/terraform/*")
	own, _ := filepath.Glob("testdata/*")
	for _, root := range append(roots, own...) {
		if tf, _ := filepath.Glob(filepath.Join(root, "*.tf")); len(tf) == 0 {
			continue
		}
		t.Run(filepath.Base(root), func(t *testing.T) {
			base := load1(t, root)
			if base == nil || slices.ContainsFunc(base.Validate(), func(d model.Diagnostic) bool { return d.Severity == model.SeverityError }) {
				t.Skip("not a world fix searches")
			}
			for _, p := range fix.Find(base).Plans {
				if !p.Works() || len(p.Changes) == 0 {
					continue
				}
				edits, err := terraform.Edits(root, base, p.Changes)
				var u *terraform.UnwritableError
				switch {
				case errors.As(err, &u):
					t.Logf("%s: refused: %v", p.Strategy, err)
					continue
				case err != nil:
					t.Fatalf("%s: %v", p.Strategy, err)
				}
				dir := t.TempDir()
				if err := os.CopyFS(dir, os.DirFS(root)); err != nil {
					t.Fatal(err)
				}
				_ = os.Remove(filepath.Join(dir, "plan.json"))
				for _, e := range edits {
					if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(e.Path)), e.New, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				got := load1(t, dir)
				if got == nil {
					t.Fatalf("%s: the patched root does not load", p.Strategy)
				}
				for _, wl := range sim.Run(got).Workloads {
					if wl.Outcome == sim.OutcomeFails {
						t.Errorf("%s: %s still fails after %v", p.Strategy, wl.Name, p.Changes)
					}
				}
			}
		})
	}
}
