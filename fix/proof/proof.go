// Package proof writes a fix plan (package fix) into the files of its
// input and proves it: it loads the patched files again, as vpctrace trace
// reads any input, traces them, and compares the result with the plan's.
//
// A plan is found on the model; its patch is written by a format package
// (patch/terraform, patch/scenario). Proving the patch checks both the
// plan and the writing: the patched files must read back as the changed
// world, and every call the plan makes reachable must be reachable when
// vpctrace reads them. The patched files are written only into a
// temporary view of the input (see mirror), never into the input.
package proof

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/vpctrace/vpctrace/fix"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/load"
	"github.com/vpctrace/vpctrace/patch"
	scenariopatch "github.com/vpctrace/vpctrace/patch/scenario"
	terraformpatch "github.com/vpctrace/vpctrace/patch/terraform"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// Input is an input of vpctrace fix: where it is, its format and how it
// is read.
type Input struct {
	// Path is the scenario file or the Terraform root directory.
	Path string
	// Format is the name of its load.Format: "scenario" or "terraform".
	Format  string
	Options load.Options
}

// Root is the directory the edits of in are relative to: the Terraform
// root, or the directory of the scenario file.
func (in Input) Root() string {
	if in.Format == "scenario" {
		return filepath.Dir(in.Path)
	}
	return in.Path
}

// Writable reports whether vpctrace fix can write a patch for in, and if
// not, why.
func (in Input) Writable() (bool, string) {
	switch {
	case in.Format == "snapshot":
		return false, "an account snapshot shows what the account holds, not the files that made it: make these changes where the network is defined (its Terraform, CloudFormation or CDK, or the console), then collect the snapshot again and trace it"
	case in.Format != "scenario" && in.Format != "terraform":
		return false, "a plan or state file is the output of terraform, not its source: give vpctrace fix the Terraform root directory (with --plan or --state if you like) or the scenario file"
	case in.Options.Snapshot != "":
		return false, "with --plan or --state the plan's values win over the files, so a patch of the files cannot be proven against it: run vpctrace fix on the root alone, then terraform plan again"
	}
	return true, ""
}

// Edits returns the edits that write changes, found on base (the world
// read from in), into in's files.
func Edits(in Input, base *model.World, changes []whatif.Change) ([]patch.Edit, error) {
	if ok, why := in.Writable(); !ok {
		return nil, fmt.Errorf("%s", why)
	}
	if in.Format == "scenario" {
		return scenariopatch.Edits(in.Path, base, changes)
	}
	return terraformpatch.Edits(in.Path, base, changes)
}

// Proof is what loading and tracing a patched input showed.
type Proof struct {
	// Report is the report of the patched input.
	Report sim.Report
	// Problems say where the patched input and the plan disagree: a call
	// the plan makes reachable that is not, a workload that no longer
	// starts, an error reading the patched files. None: the patch is
	// proven.
	Problems []string
}

// Proven reports whether the patch does what the plan says.
func (p Proof) Proven() bool { return len(p.Problems) == 0 }

// Prove writes edits into a temporary view of in, reads and traces it,
// and compares the report with plan's. The error is set when the view
// cannot be made; problems of the patched input are in the Proof.
func Prove(in Input, plan fix.Plan, edits []patch.Edit) (Proof, error) {
	tmp, err := os.MkdirTemp("", "vpctrace-fix-")
	if err != nil {
		return Proof{}, err
	}
	defer os.RemoveAll(tmp)
	// A scenario is one file; a Terraform root may list the files of its
	// directories with fileset.
	view, err := mirror(tmp, in.Root(), edits, in.Format == "terraform")
	if err != nil {
		return Proof{}, fmt.Errorf("making a view of %s with the patch: %w", in.Root(), err)
	}
	path := view
	if in.Format == "scenario" {
		path = filepath.Join(view, filepath.Base(in.Path))
	}
	w, ds, err := Load(path, in.Options)
	if err != nil {
		return Proof{Problems: []string{"the patched input cannot be read: " + realPaths(err.Error(), tmp)}}, nil
	}
	if w == nil {
		var msgs []string
		for _, d := range ds.Errors() {
			msg := d.Message
			if d.Source.IsValid() {
				msg = d.Source.String() + ": " + msg
			}
			msgs = append(msgs, "the patched input has an error: "+realPaths(msg, tmp))
		}
		return Proof{Problems: msgs}, nil
	}
	r := sim.Run(w)
	return Proof{Report: r, Problems: compare(plan.Report, r)}, nil
}

// realPaths writes the paths of the view under tmp in msg as the real
// paths they stand for (the view repeats each absolute path under tmp),
// so that a message names the file of the input, not a temporary one.
func realPaths(msg, tmp string) string {
	return strings.ReplaceAll(msg, tmp, "")
}

// Load reads the input at path as vpctrace trace does: its format found
// from its content, its world nil when errors stop it, the cache and BPA
// settings of o applied.
func Load(path string, o load.Options) (*model.World, model.Diagnostics, error) {
	li, err := load.Open(path, o)
	if err != nil {
		return nil, nil, err
	}
	f, err := load.Detect(li)
	if err != nil {
		return nil, nil, err
	}
	w, ds := f.Read(li, o)
	return w, ds, nil
}

// compare lists where got, the report of the patched input, is worse than
// want, the plan's: a start-phase call reachable in want and not in got,
// or a workload that starts in want and not in got.
func compare(want, got sim.Report) []string {
	calls := map[whatif.CallID]sim.CallResult{}
	for _, wl := range got.Workloads {
		for _, c := range wl.Calls {
			calls[whatif.IDOf(wl, c)] = c
		}
	}
	starts := map[string]bool{}
	for _, wl := range got.Workloads {
		starts[wl.Source] = wl.Starts
	}
	var out []string
	for _, wl := range want.Workloads {
		if s, ok := starts[wl.Source]; wl.Starts && (!ok || !s) {
			out = append(out, fmt.Sprintf("workload %s starts in the plan but not when the patched input is read", wl.Name))
		}
		for _, c := range wl.Calls {
			if c.Phase != sim.PhaseStart || c.Verdict != sim.Reachable {
				continue
			}
			if g, ok := calls[whatif.IDOf(wl, c)]; !ok || g.Verdict != sim.Reachable {
				why := "it is missing"
				if ok {
					why = fmt.Sprintf("%s (%s): %s", g.Verdict, g.Reason, g.Explanation)
				}
				out = append(out, fmt.Sprintf("%s %s is reachable in the plan but not when the patched input is read: %s", wl.Name, c.Kind, why))
			}
		}
	}
	return out
}
