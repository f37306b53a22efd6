package fix

import (
	"slices"

	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// Proposals lists the changes Find would try for placement p of call of
// workload wl in trial t, for each of p's blockers (the first and every
// "also blocking" one, as the explanation names them) and each strategy,
// each change once, in that order: the security group rule on either
// side, the network ACL rule, the endpoint policy statement, the mount
// target, the endpoint or NAT route. They are candidates, not fixes: trying
// them (whatif.Trial.Try) tells which work. A reachable placement has none.
func Proposals(t *whatif.Trial, wl sim.WorkloadResult, call sim.CallResult, p sim.PlacementResult) []whatif.Change {
	var out []whatif.Change
	for _, b := range p.BlockedBy {
		f := found{wl: wl, call: call, p: p}
		f.p.Reason, f.p.Decisive, f.p.Fix = b.Reason, b.Decisive, b.Fix
		for _, s := range Strategies {
			sr := &searcher{strategy: s}
			for _, c := range sr.singles(t, f) {
				if !slices.Contains(out, c) {
					out = append(out, c)
				}
			}
		}
	}
	return out
}
