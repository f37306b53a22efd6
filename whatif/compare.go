package whatif

import (
	"slices"

	"github.com/vpctrace/vpctrace/sim"
)

// CallID identifies a call of a workload across the reports of a world
// and of its changed copies, whose lists of calls need not line up index
// by index.
type CallID struct {
	Workload  string // the workload's Source: its service or task definition
	Kind      sim.CallKind
	Resource  string
	Container string
	Image     string
	// RepositoryCredentials is the call's FromRepositoryCredentials.
	RepositoryCredentials bool
}

// IDOf returns the CallID of call c of workload wl.
func IDOf(wl sim.WorkloadResult, c sim.CallResult) CallID {
	return CallID{wl.Source, c.Kind, c.Resource, c.Container, c.Image, c.FromRepositoryCredentials}
}

// Changed returns the calls of after whose verdict differs from their
// verdict in before, or that before does not have: what a list of changes
// did, when before is the base trial's report and after another trial's.
// A call that before has and after does not is not listed.
func Changed(before, after sim.Report) map[CallID]bool {
	beforeOf := make(map[string]int, len(before.Workloads)) // the first workload of each source
	for i, wl := range before.Workloads {
		if _, ok := beforeOf[wl.Source]; !ok {
			beforeOf[wl.Source] = i
		}
	}
	out := map[CallID]bool{}
	for _, wl := range after.Workloads {
		var was []sim.CallResult // the workload's calls in before, if any
		if i, ok := beforeOf[wl.Source]; ok {
			if was = before.Workloads[i].Calls; sameCalls(was, wl.Calls) {
				continue // Rerun reused the result: nothing changed
			}
		}
		for _, c := range wl.Calls {
			// A workload makes a few calls: a scan finds the first
			// of before's with the same ID faster than a map.
			id := IDOf(wl, c)
			i := slices.IndexFunc(was, func(bc sim.CallResult) bool { return IDOf(wl, bc) == id })
			if i < 0 || was[i].Verdict != c.Verdict {
				out[id] = true
			}
		}
	}
	return out
}

// sameCalls reports whether a and b are the same slice (reports are
// read-only, so the same slice has the same calls).
func sameCalls(a, b []sim.CallResult) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
