package tui

import (
	"reflect"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/internal/worldgen"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// large is the generated world: 500 VPCs, 5,000 subnets and
// 5,000 services (see internal/worldgen).
var large = worldgen.Size{VPCs: 500, SubnetsPerVPC: 10, ServicesPerVPC: 10}

// selectCall puts the cursor on the call of the given kind of the workload
// of service svc.
func selectCall(tb testing.TB, m Model, svc string, kind sim.CallKind) Model {
	tb.Helper()
	for i, r := range m.rows {
		wl := m.Report().Workloads[r.wl]
		if r.call >= 0 && wl.Source == svc && wl.Calls[r.call].Kind == kind {
			m.cursor = i
			return m
		}
	}
	tb.Fatalf("no %s call of %s", kind, svc)
	return m
}

// openWhatIf opens the what-if menu on the selected call and moves to the
// what-if wi, ready for enter.
func openWhatIf(tb testing.TB, m Model, wi whatif.Change) Model {
	tb.Helper()
	next, _ := m.Update(keys("w")[0])
	m = next.(Model)
	for i, o := range m.menu {
		if o == wi {
			m.menuCursor = i
			return m
		}
	}
	tb.Fatalf("%s is not offered: %v", wi.Label(), m.menu)
	return m
}

// TestWhatIfsRerunMatchRun checks that what the TUI shows after each
// what-if picked from the menu, a removal from the what-if pane and each
// undo is exactly the report of a full simulation of the world it shows
// (whatif's TestTryMatchesRun checks Trial.Try alone).
func TestWhatIfsRerunMatchRun(t *testing.T) {
	w := worldgen.Generate(worldgen.Size{VPCs: 9, SubnetsPerVPC: 3, ServicesPerVPC: 2})
	m := resize(New(w, Options{}), 80, 24)
	steps := []struct {
		svc  string
		kind sim.CallKind
		wi   whatif.Change
	}{
		{"svc-2-0", sim.CallECRAuth, whatif.Change{Kind: whatif.TogglePrivateDNS, Target: "ecr.api-2"}},
		{"svc-2-0", sim.CallLogs, whatif.Change{Kind: whatif.DisableEndpoint, Target: "logs-2"}},
		{"svc-3-1", sim.CallECRAuth, whatif.Change{Kind: whatif.RemoveDefaultRoute, Target: "rt-3"}},
		{"svc-0-0", sim.CallECRAuth, whatif.Change{Kind: whatif.RemoveDefaultRoute, Target: "rt-0"}},
		{"svc-4-0", sim.CallSecret, whatif.Change{Kind: whatif.SetPlatformVersion, Target: "svc-4-0", Value: "1.3.0"}},
		{"svc-4-1", sim.CallECRAuth, whatif.Change{Kind: whatif.AddEndpoint, Target: "svc-4-1", Value: "com.amazonaws.ap-northeast-1.ecr.api"}},
		{"svc-1-0", sim.CallECRLayers, whatif.Change{Kind: whatif.FlipPublicIP, Target: "svc-1-0"}},
	}
	check := func(what string) {
		t.Helper()
		if want := sim.Run(m.trial.World()); !reflect.DeepEqual(want, m.Report()) {
			t.Fatalf("after %s the TUI's report differs from a full run (-run +tui):\n%s", what, cmp.Diff(want, m.Report()))
		}
	}
	for _, s := range steps {
		m = openWhatIf(t, selectCall(t, m, s.svc, s.kind), s.wi)
		next, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
		m = next.(Model)
		if ws := m.WhatIfs(); len(ws) == 0 || ws[len(ws)-1] != s.wi {
			t.Fatalf("%s was not applied: %s", s.wi.Label(), m.status)
		}
		check(s.wi.Label())
	}
	if len(m.changed) == 0 {
		t.Fatal("no what-if changed a verdict: the check proves nothing")
	}
	// Remove the what-ifs from the middle, then undo the rest.
	m.focus, m.wiCursor = paneWhatIfs, 2
	next, _ := m.Update(keys("d")[0])
	m = next.(Model)
	check("removing the third what-if")
	for len(m.WhatIfs()) > 0 {
		next, _ := m.Update(keys("u")[0])
		m = next.(Model)
		check("undo")
	}
	if !reflect.DeepEqual(m.Report(), m.base.Report()) {
		t.Fatal("all what-ifs undone, but the report is not the base report")
	}
}

// benchmarkWhatIfLarge measures a what-if keypress to the new view on the
// 500-VPC world: copy and change the world, validate it, re-simulate what
// the change can affect (in the command the keypress returns, as the world
// has more than retraceBudget workloads), mark changed verdicts, render.
func benchmarkWhatIfLarge(b *testing.B, svc string, kind sim.CallKind, wi whatif.Change) {
	w := worldgen.Generate(large)
	if ds := w.Validate(); ds.HasErrors() {
		b.Fatal(ds)
	}
	m := openWhatIf(b, selectCall(b, resize(New(w, Options{}), 80, 24), svc, kind), wi)
	enter := tea.KeyMsg{Type: tea.KeyEnter}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		next, cmd := m.Update(enter)
		if cmd != nil { // the world is large: the re-trace is a command
			next, _ = next.Update(cmd())
		}
		if len(next.(Model).WhatIfs()) != 1 {
			b.Fatal("the what-if was not applied")
		}
		_ = next.View()
	}
}

// A change in one VPC that no other VPC's calls pass through: private DNS
// of an interface endpoint of VPC 2 (target: under 100 ms).
func BenchmarkWhatIfLargeEndpoint(b *testing.B) {
	b.ReportAllocs()
	benchmarkWhatIfLarge(b, "svc-2-0", sim.CallECRAuth, whatif.Change{Kind: whatif.TogglePrivateDNS, Target: "ecr.api-2"})
}

// A change to one service (target: under 100 ms).
func BenchmarkWhatIfLargeService(b *testing.B) {
	b.ReportAllocs()
	benchmarkWhatIfLarge(b, "svc-7-3", sim.CallECRAuth, whatif.Change{Kind: whatif.FlipPublicIP, Target: "svc-7-3"})
}

// The worst case: the default route of the hub VPC that 166 spoke VPCs
// egress through, so a third of the world's workloads are re-traced.
func BenchmarkWhatIfLargeHubRoute(b *testing.B) {
	b.ReportAllocs()
	benchmarkWhatIfLarge(b, "svc-0-0", sim.CallECRAuth, whatif.Change{Kind: whatif.RemoveDefaultRoute, Target: "rt-0"})
}
