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
