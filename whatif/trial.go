package whatif

import (
	"fmt"
	"slices"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// Trial is a base world with a list of changes applied, and the report of
// tracing it. Base makes the first trial of a world, with no change; Try
// makes the others. A Trial never changes, and it keeps the base world,
// which must not change while the Trial is in use.
//
// Try reads the sim.Simulator that traced the trial it is called on,
// which is not safe for concurrent use: use the trials of one Base from one goroutine at a
// time, or give each goroutine a Base of its own.
type Trial struct {
	base    *model.World
	changes []Change
	world   *model.World // base with changes applied; base itself in Base's trial
	report  sim.Report
	touched []model.Ref // what changes touched in base
	sim     *sim.Simulator
}

// Base traces w unchanged (sim.Simulator.Run): the trial that others of w
// start from. w should have passed model.World.Validate.
func Base(w *model.World) *Trial {
	t := &Trial{base: w, world: w, sim: sim.New(w)}
	t.report = t.sim.Run()
	return t
}

// Try applies changes in order to a copy of t's base world, instead of
// t's changes, and traces the result: Try(nil) undoes every change, and
// the changes of t less the last undo the last. The result is the report
// sim.Run gives for the changed world, but only the workloads that an
// object changed by t's or the new changes can affect are traced again
// (sim.Simulator.Rerun); the others keep t's results.
//
// Try fails when a change's object does not exist or the changed world
// does not pass model.World.Validate, and then traces nothing.
func (t *Trial) Try(changes []Change) (*Trial, error) {
	w, touched, err := Apply(t.base, changes)
	if err != nil {
		return nil, err
	}
	if ds := w.Validate(); ds.HasErrors() {
		return nil, fmt.Errorf("the change makes the input invalid: %s", ds.Errors()[0].Message)
	}
	// The worlds of t and of the new trial differ from the base only in
	// what their changes touched, so from each other only in those of
	// the union that differ: one more change re-traces what it touches,
	// one fewer what it touched.
	s := sim.New(w)
	report := s.Rerun(t.sim, differing(t.world, w, append(slices.Clone(t.touched), touched...)))
	return &Trial{base: t.base, changes: slices.Clone(changes), world: w, report: report, touched: touched, sim: s}, nil
}

// Changes returns the changes of t, in the order they were applied.
func (t *Trial) Changes() []Change { return slices.Clone(t.changes) }

// World returns the base world with t's changes applied. It is read-only:
// for the trial Base makes, it is the base world itself.
func (t *Trial) World() *model.World { return t.world }

// Report returns the report of World. It is read-only: it shares
// results with the reports of other trials.
func (t *Trial) Report() sim.Report { return t.report }

// Simulator returns the simulator that traced World, for its read-only
// views of the world's components (sim.Simulator.RouteTable,
// SecurityGroup, Endpoint, ...). Try reads its results: use it from the
// goroutine that uses t, and do not Run, Rerun or Trace with it.
func (t *Trial) Simulator() *sim.Simulator { return t.sim }

// Offers lists the changes that bear on a call of t's report seen from
// one placement: call of workload wl, traced from subnet. It leaves out
// t's changes, and lists each change once, in this order: disable and
// toggle the private DNS of each endpoint of the call's service in the
// subnet's VPC, or add one when there is none; remove the default route
// of the subnet's route table, and route it to each public NAT gateway of
// the VPC it does not route to; switch a Fargate workload's platform version between 1.3.0
// and 1.4.0; flip its assignPublicIp; let each of its security groups
// reach the S3 prefix list. An empty subnet, for a call with no placement,
// offers the endpoints of the call's service in every VPC and no route.
func (t *Trial) Offers(wl sim.WorkloadResult, call sim.CallResult, subnet string) []Change {
	return offers(t.world, wl, call, subnet, t.changes)
}

// Candidates lists the offers for every placement of t's report that is
// not reachable, in report order, each change once: the changes that may
// make the calls that fail or cannot be told work. Try them to know.
func (t *Trial) Candidates() []Change {
	var out []Change
	for _, wl := range t.report.Workloads {
		for _, c := range wl.Calls {
			for _, p := range c.Placements {
				if p.Verdict == sim.Reachable {
					continue
				}
				for _, o := range t.Offers(wl, c, p.Subnet) {
					if !slices.Contains(out, o) {
						out = append(out, o)
					}
				}
			}
		}
	}
	return out
}
