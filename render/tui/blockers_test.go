package tui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/sim"
)

// TestDetailsShowEveryBlocker checks that the details pane lists every
// blocker of the placement, each with the hop that found it and its own
// fix, before the hops: a task group without egress rules and an
// endpoint group that does not admit it (filters.yaml, aws-rules 5.1.2,
// 5.1.4).
func TestDetailsShowEveryBlocker(t *testing.T) {
	w, ds := scenario.LoadFile(filepath.Join("..", "..", "testdata", "scenarios", "filters.yaml"))
	if w == nil || ds.HasErrors() {
		t.Fatalf("filters.yaml: %v", ds)
	}
	m := resize(newModel(w), 200, 60)
	m.cursor = slices.IndexFunc(m.rows, func(r row) bool {
		wl := m.Report().Workloads[r.wl]
		return wl.Name == "sg-egress" && r.call >= 0 && wl.Calls[r.call].Kind == sim.CallECRAuth
	})
	if m.cursor < 0 {
		t.Fatal("no ecr-auth call of sg-egress")
	}
	text, _ := m.detailsText(200)
	lines := strings.Split(text, "\n")
	from := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "from app-a") })
	to := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, " 1. ") })
	if from < 0 || to < from {
		t.Fatalf("no placement and hops in the details:\n%s", text)
	}
	want := []string{
		" ✗ SG_EGRESS_DENIED at hop 2 · fix: add an egress rule for TCP 443 to 10.0.0.0/24 or security group endpoints on a security group of task ENI in app-a (closed)",
		" ✗ SG_INGRESS_DENIED at hop 6 · fix: add an ingress rule for TCP 443 from 10.0.1.0/24 or security group closed to endpoint ecr-api's security group endpoints",
	}
	if diff := cmp.Diff(want, lines[from+1:to]); diff != "" {
		t.Errorf("blocker lines (-want +got):\n%s", diff)
	}
}
