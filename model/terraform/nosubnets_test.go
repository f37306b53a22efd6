package terraform_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model/terraform"
	"github.com/vpctrace/vpctrace/sim"
)

// TestEndpointWithoutSubnets: an interface endpoint with private DNS and
// `subnet_ids = []` answers its name with no address. The call through it
// is unknown, never a panic (found on a plan-alone fixture).
func TestEndpointWithoutSubnets(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "endpoint-no-subnets.tf"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	w, diags := terraform.Load(dir, terraform.Options{})
	if w == nil {
		t.Fatalf("Load: %v", diags)
	}
	rep := sim.Run(w)
	var got []call
	for _, wl := range rep.Workloads {
		got = append(got, calls(wl)...)
	}
	want := []call{no(sim.CallRegistryPull, sim.NoRoute), unk(sim.CallLogs, sim.Unmodeled)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}
