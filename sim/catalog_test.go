package sim_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/catalog"
	"github.com/vpctrace/vpctrace/sim"
)

// TestReasonCatalog checks that the catalog describes every reason code,
// in the order of sim.AllReasons, and no other: docs/reasons.md is
// generated from it.
func TestReasonCatalog(t *testing.T) {
	var want, got []string
	for _, r := range sim.AllReasons {
		want = append(want, string(r))
	}
	for _, e := range catalog.Reasons {
		got = append(got, e.Code)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("catalog.Reasons and sim.AllReasons differ (-sim +catalog):\n%s", diff)
	}
}

// callKinds are the CallKind constants, in the order of docs/architecture.md.
var callKinds = []sim.CallKind{
	sim.CallECRAuth, sim.CallECRImage, sim.CallECRLayers, sim.CallRegistryPull, sim.CallLogs,
	sim.CallSecret, sim.CallParameter, sim.CallEnvFile, sim.CallEFS, sim.CallExec,
	sim.CallECSAPI, sim.CallECSAgent, sim.CallECSTelemetry,
}

// TestCallKindCatalog checks that the CallKind constants are the kinds of
// catalog.Kinds, in its order, and no other.
func TestCallKindCatalog(t *testing.T) {
	var want, got []string
	for _, k := range catalog.Kinds {
		want = append(want, k.Name)
	}
	for _, k := range callKinds {
		got = append(got, string(k))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("catalog.Kinds and the sim.CallKind constants differ (-catalog +sim):\n%s", diff)
	}
}
