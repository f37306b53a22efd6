package whatif_test

import (
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/internal/worldgen"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// TestTryMatchesRun checks that the incremental re-trace of each Try, as
// changes are added one at a time, one is removed from the middle and the
// rest are undone, gives exactly the report of a full sim.Run of the
// changed world.
func TestTryMatchesRun(t *testing.T) {
	w := worldgen.Generate(worldgen.Size{VPCs: 9, SubnetsPerVPC: 3, ServicesPerVPC: 2})
	before := model.Clone(w)
	changes := []whatif.Change{
		{Kind: whatif.TogglePrivateDNS, Target: "ecr.api-2"},
		{Kind: whatif.DisableEndpoint, Target: "logs-2"},
		{Kind: whatif.RemoveDefaultRoute, Target: "rt-3"},
		{Kind: whatif.RemoveDefaultRoute, Target: "rt-0"}, // the hub: a third of the workloads
		{Kind: whatif.SetPlatformVersion, Target: "svc-4-0", Value: "1.3.0"},
		{Kind: whatif.AddEndpoint, Target: "svc-4-1", Value: "com.amazonaws.ap-northeast-1.ecr.api"},
		{Kind: whatif.FlipPublicIP, Target: "svc-1-0"},
		{Kind: whatif.AddS3Egress, Target: "app-5"},
		// The kinds of vpctrace fix, one of which acts on what another
		// added.
		{Kind: whatif.AddEndpoint, Target: "svc-3-0", Value: "com.amazonaws.ap-northeast-1.secretsmanager"},
		{Kind: whatif.AllowIngress, Target: "what-if-endpoints-vpc-3", Value: "app-3", Port: 443},
		{Kind: whatif.EnablePrivateDNS, Target: "ecr.api-2"},
		{Kind: whatif.AllowEgress, Target: "app-6", Value: "0.0.0.0/0", Port: 443},
		{Kind: whatif.EnableVPCDNS, Target: "vpc-7"},
	}
	// Add one at a time, remove the third, then undo the last until none
	// is left.
	var steps [][]whatif.Change
	for i := range changes {
		steps = append(steps, changes[:i+1])
	}
	rest := append(append([]whatif.Change(nil), changes[:2]...), changes[3:]...)
	for i := len(rest); i >= 0; i-- {
		steps = append(steps, rest[:i])
	}
	base := whatif.Base(w)
	tr, changed := base, false
	for _, cs := range steps {
		var err error
		if tr, err = tr.Try(cs); err != nil {
			t.Fatal(err)
		}
		// reflect.DeepEqual first: cmp.Diff takes seconds on big reports.
		if want := sim.Run(tr.World()); !reflect.DeepEqual(want, tr.Report()) {
			t.Fatalf("after %d changes, Try's report differs from a full run (-Run +Try):\n%s", len(cs), cmp.Diff(want, tr.Report()))
		}
		changed = changed || len(whatif.Changed(base.Report(), tr.Report())) > 0
	}
	if !changed {
		t.Fatal("no change moved a verdict: the check proves nothing")
	}
	if !reflect.DeepEqual(base.Report(), tr.Report()) {
		t.Error("every change undone, but the report is not the base report")
	}
	if !reflect.DeepEqual(before, w) {
		t.Error("Try changed the base world")
	}
}
