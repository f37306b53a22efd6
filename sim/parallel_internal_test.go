package sim

import (
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/internal/worldgen"
	"github.com/vpctrace/vpctrace/model"
)

// TestParallelRunMatchesSequential checks that tracing on several
// goroutines, each with its own caches, gives exactly the report of
// tracing one service after another, including the diagnostics.
func TestParallelRunMatchesSequential(t *testing.T) {
	w := worldgen.Generate(worldgen.Size{VPCs: 40, SubnetsPerVPC: 4, ServicesPerVPC: 5})
	defer func(f func() int) { maxWorkers = f }(maxWorkers)
	maxWorkers = func() int { return 1 }
	want := New(w).Run()
	for _, n := range []int{2, 3, 8} {
		maxWorkers = func() int { return n }
		if got := New(w).Run(); !reflect.DeepEqual(want, got) {
			t.Fatalf("%d workers: the report differs from one worker's (-one +many):\n%s", n, cmp.Diff(want, got))
		}
	}
	if len(want.Workloads) != 200 {
		t.Fatalf("%d workloads, want 200", len(want.Workloads))
	}
}

// TestParallelRerunMatchesRun checks that Rerun on several goroutines,
// which take the traces, DNS answers and checks of the world before the
// change that read nothing changed (inherit), gives exactly the report
// of a full sequential Run of the changed world: here the hub's default
// route is removed, so every spoke's path through the transit gateway
// changes and the rest is taken from before.
func TestParallelRerunMatchesRun(t *testing.T) {
	w := worldgen.Generate(worldgen.Size{VPCs: 40, SubnetsPerVPC: 4, ServicesPerVPC: 5})
	changed := model.Clone(w)
	for i := range changed.RouteTables {
		if rt := &changed.RouteTables[i]; rt.ID == "rt-0" {
			rt.Routes = slices.DeleteFunc(slices.Clone(rt.Routes), func(r model.Route) bool { return r.Destination.Bits() == 0 })
		}
	}
	defer func(f func() int) { maxWorkers = f }(maxWorkers)
	maxWorkers = func() int { return 1 }
	want := New(changed).Run()
	for _, n := range []int{1, 3} {
		maxWorkers = func() int { return n }
		before := New(w)
		before.Run()
		got := New(changed).Rerun(before, []model.Ref{{Kind: model.KindRouteTable, ID: "rt-0"}})
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("%d workers: Rerun differs from a full Run (-run +rerun):\n%s", n, cmp.Diff(want, got))
		}
	}
	if reflect.DeepEqual(want, New(w).Run()) {
		t.Fatal("removing the hub's default route changed nothing: the check proves nothing")
	}
}
