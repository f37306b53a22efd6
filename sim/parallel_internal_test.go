package sim

import (
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/internal/worldgen"
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
