package whatif_test

import (
	"fmt"
	"slices"

	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// Verifying changes outside the TUI: list the changes offered for the
// calls that fail, try each on a copy of the world, and keep those with
// which every workload starts. Here the seed's secretsmanager endpoint has
// private DNS off, so the secret call finds no route (aws-rules 3.2.5).
func Example() {
	w, diags := scenario.LoadFile("../testdata/scenarios/seed-secretsmanager-private-dns-off.yaml")
	if diags.HasErrors() {
		fmt.Println(diags)
		return
	}
	base := whatif.Base(w)
	for _, c := range base.Candidates() {
		tr, err := base.Try([]whatif.Change{c})
		if err != nil {
			fmt.Println(err)
			return
		}
		verdict := "every workload starts"
		if slices.ContainsFunc(tr.Report().Workloads, func(wl sim.WorkloadResult) bool { return !wl.Starts }) {
			verdict = "still fails"
		}
		fmt.Printf("%s: %s, %d call(s) changed\n", c.Label(), verdict, len(whatif.Changed(base.Report(), tr.Report())))
	}
	// Output:
	// disable endpoint secretsmanager: still fails, 0 call(s) changed
	// toggle private DNS: endpoint secretsmanager: every workload starts, 1 call(s) changed
	// platform version 1.3.0 for app: every workload starts, 1 call(s) changed
	// flip assignPublicIp of app: still fails, 0 call(s) changed
	// SG app: allow egress 443 to S3 list: still fails, 0 call(s) changed
}
