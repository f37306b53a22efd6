package sim_test

import (
	"reflect"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/internal/worldgen"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// TestRunConcurrently runs sim.Run from 8 goroutines on the same world, as
// its doc allows, and checks that each gets the report one call alone
// gives. Run it with -race (issue 11, point 11); a shared Simulator is not
// safe for this, and its doc says so.
func TestRunConcurrently(t *testing.T) {
	worlds := map[string]*model.World{
		// More workloads than one worker takes: each Run traces on
		// several goroutines of its own too.
		"generated": worldgen.Generate(worldgen.Size{VPCs: 8, SubnetsPerVPC: 2, ServicesPerVPC: 5}),
	}
	for _, name := range []string{"nat", "efs", "ec2", "endpoint-policy"} {
		worlds[name] = loadScenario(t, name)
	}
	for name, w := range worlds {
		t.Run(name, func(t *testing.T) {
			want := sim.Run(w)
			got := make([]sim.Report, 8)
			var wg sync.WaitGroup
			for i := range got {
				wg.Go(func() { got[i] = sim.Run(w) })
			}
			wg.Wait()
			for i, r := range got {
				// reflect.DeepEqual first: cmp.Diff takes seconds under -race.
				if !reflect.DeepEqual(want, r) {
					t.Errorf("goroutine %d: report (-alone +concurrent):\n%s", i, cmp.Diff(want, r))
				}
			}
		})
	}
}
