package scenario

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/fix"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// TestEditsFixPlans writes every plan vpctrace fix finds for the
// repository's scenarios (and the built-in example) into the scenario
// file, loads the patched file and checks that it is the plan's world:
// each object the plan touches equal to whatif's, and every workload with
// the outcome the plan's report gives it.
func TestEditsFixPlans(t *testing.T) {
	files, err := filepath.Glob(repo("*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join("..", "..", "example", "seed.yaml"))
	plans := 0
	for _, file := range files {
		base := load(t, file)
		res := fix.Find(base)
		for _, p := range res.Plans {
			if len(p.Changes) == 0 {
				continue
			}
			plans++
			t.Run(filepath.Base(file)+"/"+string(p.Strategy), func(t *testing.T) {
				checkPlan(t, file, base, p)
			})
		}
	}
	t.Logf("%d plans written", plans)
	if plans < 10 {
		t.Errorf("only %d plans with changes: the search or the scenarios changed", plans)
	}
}

func checkPlan(t *testing.T, file string, base *model.World, p fix.Plan) {
	want, touched, err := whatif.Apply(base, p.Changes)
	if err != nil {
		t.Fatalf("whatif.Apply: %v", err)
	}
	edits, err := Edits(file, base, p.Changes)
	if err != nil {
		t.Fatalf("Edits: %v", err)
	}
	got := load(t, writeEdits(t, file, edits))
	newIDs := addedIDs(t, want, got, touched)
	opts := reloadOptions(newIDs)
	for _, r := range touched {
		if r.Kind == model.KindMountTarget {
			continue
		}
		if d := cmp.Diff(objectIn(t, want, r.Kind, r.ID), objectIn(t, got, r.Kind, newIDs[r.ID]), opts...); d != "" {
			t.Errorf("%s %s (-whatif +reloaded):\n%s", r.Kind, r.ID, d)
		}
	}
	if d := cmp.Diff(outcomes(p.Report), outcomes(sim.Run(got))); d != "" {
		t.Errorf("outcomes (-plan +patched file):\n%s", d)
	}
}

// addedIDs maps the ID of each object the changes touched to its ID in
// the patched world: the same for an object the file had, else the one
// object of that kind the patched world has and whatif's world has not.
func addedIDs(t *testing.T, want, got *model.World, touched []model.Ref) map[string]string {
	ids := map[string]string{}
	for _, r := range touched {
		ids[r.ID] = r.ID
	}
	newIn := func(kind model.Kind) []string {
		var out []string
		switch kind {
		case model.KindEndpoint:
			for _, e := range got.Endpoints {
				if pick(want.Endpoints, func(o model.Endpoint) bool { return o.ID == e.ID }) == nil {
					out = append(out, e.ID)
				}
			}
		case model.KindSecurityGroup:
			for _, g := range got.SecurityGroups {
				if pick(want.SecurityGroups, func(o model.SecurityGroup) bool { return o.ID == g.ID }) == nil {
					out = append(out, g.ID)
				}
			}
		}
		return out
	}
	for _, kind := range []model.Kind{model.KindEndpoint, model.KindSecurityGroup} {
		var missing []string
		for _, r := range touched {
			if r.Kind == kind && objectMissing(got, kind, r.ID) {
				missing = append(missing, r.ID)
			}
		}
		added := newIn(kind)
		if len(added) != len(missing) {
			t.Fatalf("%d new %s objects in the patched file, want %d", len(added), kind, len(missing))
		}
		for i, id := range missing {
			ids[id] = added[i] // both in the order they were added
		}
	}
	for _, fs := range want.FileSystems {
		gotFS, _ := pick(got.FileSystems, func(o model.FileSystem) bool { return o.ID == fs.ID }).(model.FileSystem)
		var missing, added []string
		for _, mt := range fs.MountTargets {
			if _, ok := ids[mt.ID]; ok && pick(gotFS.MountTargets, func(o model.MountTarget) bool { return o.ID == mt.ID }) == nil {
				missing = append(missing, mt.ID)
			}
		}
		for _, mt := range gotFS.MountTargets {
			if pick(fs.MountTargets, func(o model.MountTarget) bool { return o.ID == mt.ID }) == nil {
				added = append(added, mt.ID)
			}
		}
		if len(added) != len(missing) {
			t.Fatalf("%d new mount targets of %s in the patched file, want %d", len(added), fs.ID, len(missing))
		}
		for i, id := range missing {
			ids[id] = added[i]
		}
	}
	return ids
}

func objectMissing(w *model.World, kind model.Kind, id string) bool {
	switch kind {
	case model.KindEndpoint:
		return pick(w.Endpoints, func(o model.Endpoint) bool { return o.ID == id }) == nil
	case model.KindSecurityGroup:
		return pick(w.SecurityGroups, func(o model.SecurityGroup) bool { return o.ID == id }) == nil
	}
	return false
}

// outcomes are the outcome of each workload of r.
func outcomes(r sim.Report) map[string]sim.Outcome {
	out := map[string]sim.Outcome{}
	for _, wl := range r.Workloads {
		out[wl.Name] = wl.Outcome
	}
	return out
}
