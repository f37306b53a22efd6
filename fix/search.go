package fix

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// maxDepth is how many blockers, one behind the other, search follows on
// one path: an endpoint added, then its group's ingress rule, then the
// tasks' egress rule, then a network ACL's return rule.
const maxDepth = 5

// item is one placement of one call that stops its workload.
type item struct {
	call   whatif.CallID
	subnet string
}

// failing lists the placements of r that are unreachable in calls whose
// failure stops (or may stop) the task, in report order.
func failing(r sim.Report) []item {
	var out []item
	for _, wl := range r.Workloads {
		for _, c := range wl.Calls {
			if c.Phase != sim.PhaseStart || c.StopsTask == sim.StopsNo {
				continue
			}
			for _, p := range c.Placements {
				if p.Verdict == sim.Unreachable {
					out = append(out, item{whatif.IDOf(wl, c), p.Subnet})
				}
			}
		}
	}
	return out
}

// found is a placement of a report with its call and workload.
type found struct {
	wl   sim.WorkloadResult
	call sim.CallResult
	p    sim.PlacementResult
}

// lookup finds it in r.
func lookup(r sim.Report, it item) (found, bool) {
	for _, wl := range r.Workloads {
		if wl.Source != it.call.Workload {
			continue
		}
		for _, c := range wl.Calls {
			if whatif.IDOf(wl, c) != it.call {
				continue
			}
			for _, p := range c.Placements {
				if p.Subnet == it.subnet {
					return found{wl, c, p}, true
				}
			}
		}
	}
	return found{}, false
}

// searcher finds the plan of one strategy.
type searcher struct {
	strategy Strategy
	tried    map[item][]string // the labels of the candidates tried per item
}

// search finds the plan of strategy s from base.
func search(base *whatif.Trial, s Strategy) Plan {
	sr := &searcher{strategy: s, tried: map[item][]string{}}
	t := base
	given := map[item]string{} // the items no change fixes: why
	for {
		var next *item
		for _, it := range failing(t.Report()) {
			if _, ok := given[it]; !ok {
				next = &it
				break
			}
		}
		if next == nil {
			break
		}
		if _, solved := sr.solve(t, *next, maxDepth); solved != nil {
			t = solved
		} else {
			given[*next] = sr.why(t, *next)
		}
	}
	t = reuseGroups(base, minimize(t))
	return sr.plan(base, t, given)
}

// reuseGroups moves the ingress rules of t before the endpoints it adds,
// and drops the changes to the groups it made for them, when that leaves
// no more placements failing and the world has fewer groups: an endpoint
// added to a VPC whose endpoint group refuses a service gets a new group
// (whatif.Guard), but once the plan's rule admits that service, the
// endpoint can share the group, as the VPC's other endpoints do.
func reuseGroups(base, t *whatif.Trial) *whatif.Trial {
	changes := t.Changes()
	first := slices.IndexFunc(changes, func(c whatif.Change) bool { return c.Kind == whatif.AddEndpoint })
	if first < 0 {
		return t
	}
	made := map[string]bool{}
	for _, g := range t.World().SecurityGroups {
		made[g.ID] = true
	}
	for _, g := range base.World().SecurityGroups {
		delete(made, g.ID)
	}
	var rules, rest []whatif.Change
	for i, c := range changes {
		switch {
		case made[c.Target] || made[c.Value]:
		case i > first && c.Kind == whatif.AllowIngress:
			rules = append(rules, c)
		default:
			rest = append(rest, c)
		}
	}
	if len(rules) == 0 {
		return t
	}
	reordered := slices.Concat(rest[:first], rules, rest[first:])
	next, err := t.Try(reordered)
	if err != nil || !subset(failing(next.Report()), failing(t.Report())) ||
		len(next.World().SecurityGroups) >= len(t.World().SecurityGroups) {
		return t
	}
	return next
}

// solve returns the changes, beyond t's, that make placement it reachable
// and the trial that has them, or nil when no candidate does. A candidate
// that leaves the placement failing with another blocker, further on or
// elsewhere, is followed up to depth more changes.
func (sr *searcher) solve(t *whatif.Trial, it item, depth int) ([]whatif.Change, *whatif.Trial) {
	f, ok := lookup(t.Report(), it)
	if !ok || f.p.Verdict == sim.Reachable {
		return nil, t
	}
	for _, cs := range sr.candidates(t, f) {
		cs = slices.DeleteFunc(cs, func(c whatif.Change) bool { return slices.Contains(t.Changes(), c) })
		if len(cs) == 0 {
			continue
		}
		sr.note(it, cs)
		next, err := t.Try(append(t.Changes(), cs...))
		if err != nil {
			continue
		}
		nf, ok := lookup(next.Report(), it)
		if !ok || nf.p.Verdict == sim.Reachable {
			return cs, next
		}
		if depth > 0 && moved(f.p, nf.p) {
			if rest, final := sr.solve(next, it, depth-1); final != nil {
				return append(cs, rest...), final
			}
		}
	}
	return nil, nil
}

// note records that candidate cs was tried for it.
func (sr *searcher) note(it item, cs []whatif.Change) {
	if l := labels(cs); !slices.Contains(sr.tried[it], l) {
		sr.tried[it] = append(sr.tried[it], l)
	}
}

// labels describes changes that go together.
func labels(cs []whatif.Change) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Label())
	}
	return strings.Join(out, " + ")
}

// moved reports whether a change took the placement's first blocker
// somewhere else: another code, the same code found by another step, or
// the same step with other advice (an endpoint added whose private DNS
// cannot take effect yet).
func moved(before, after sim.PlacementResult) bool {
	if before.Reason != after.Reason || len(before.Hops) != len(after.Hops) || before.Fix.Advice != after.Fix.Advice {
		return true
	}
	b, a := before.Decisive, after.Decisive
	switch {
	case b == nil || a == nil:
		return b != a
	case *b != *a:
		return true
	}
	return before.Hops[b.Hop].Component != after.Hops[a.Hop].Component
}

// minimize drops, last first, every change of t without which no more
// placements fail than with all of them.
func minimize(t *whatif.Trial) *whatif.Trial {
	changes := t.Changes()
	for i := len(changes) - 1; i >= 0; i-- {
		fewer := slices.Delete(slices.Clone(changes), i, i+1)
		next, err := t.Try(fewer)
		if err != nil || !subset(failing(next.Report()), failing(t.Report())) {
			continue
		}
		changes, t = fewer, next
	}
	return t
}

// subset reports whether every item of a is in b.
func subset(a, b []item) bool {
	for _, it := range a {
		if !slices.Contains(b, it) {
			return false
		}
	}
	return true
}

// plan is the Plan of trial t, found from base: each change with the calls
// it is needed for, and what still fails.
func (sr *searcher) plan(base, t *whatif.Trial, given map[item]string) Plan {
	p := Plan{Strategy: sr.strategy, Changes: t.Changes(), Added: added(base.World(), t.Changes()), Report: t.Report(), World: t.World()}
	left := failing(t.Report())
	for i := range p.Changes {
		var needs []string
		without, err := t.Try(slices.Delete(t.Changes(), i, i+1))
		if err == nil {
			for _, it := range failing(without.Report()) {
				if slices.Contains(left, it) {
					continue
				}
				if f, ok := lookup(without.Report(), it); ok {
					if s := f.wl.Name + " " + string(f.call.Kind); !slices.Contains(needs, s) {
						needs = append(needs, s)
					}
				}
			}
		}
		p.Fixes = append(p.Fixes, needs)
	}
	for _, it := range left {
		f, _ := lookup(t.Report(), it)
		why, ok := given[it]
		if !ok {
			why = sr.why(t, it)
		}
		p.Unfixed = append(p.Unfixed, Unfixed{Workload: f.wl.Name, Call: f.call.Kind, Resource: f.call.Resource,
			Subnet: it.subnet, Reason: f.p.Reason, Why: why})
	}
	return p
}

// why says why no change fixed it in t.
func (sr *searcher) why(t *whatif.Trial, it item) string {
	f, _ := lookup(t.Report(), it)
	if tried := sr.tried[it]; len(tried) > 0 {
		return fmt.Sprintf("none of the changes tried makes it reachable (%s)", strings.Join(tried, "; "))
	}
	w := t.World()
	sub := subnetOf(w, f.p.Subnet)
	if sr.routeBlocks(f.p.Reason) && sub != nil && (f.call.Service == "" || sr.strategy == NAT) {
		needs := "needs the internet"
		if f.call.Service != "" {
			needs = "would go through a NAT gateway in this strategy"
		}
		if len(publicNATs(w, sub.ID)) == 0 {
			return fmt.Sprintf("%s %s, and vpc %s has no public NAT gateway to route it to (vpctrace routes to NAT gateways that exist; it does not create one)", f.call.Host, needs, sub.VPC)
		}
		if rt, ok := t.Simulator().SubnetRouteTable(sub.ID); ok {
			return fmt.Sprintf("%s %s, and %s", f.call.Host, needs, defaultRouteNote(w, rt))
		}
	}
	if f.p.Reason == sim.SGIngressDenied && f.p.Fix.Object.ID == "" {
		return "the security group that refuses it is a VPC's default group, which the input does not declare; vpctrace does not write rules into it (in Terraform, aws_default_security_group takes over and replaces all of its rules): give the endpoint or mount target a security group of its own that admits the tasks"
	}
	advice := ""
	if f.p.Fix.Advice != "" {
		advice = "; by hand: " + f.p.Fix.Advice
	}
	return fmt.Sprintf("vpctrace knows no change that removes %s here%s", f.p.Reason, advice)
}

// defaultRouteNote says why vpctrace does not route table rt's 0.0.0.0/0
// to a NAT gateway.
func defaultRouteNote(w *model.World, rt sim.RouteTableView) string {
	for _, r := range rt.Routes {
		if r.Destination.String() != "0.0.0.0/0" || r.PrefixList != "" {
			continue
		}
		if r.Target == model.TargetInternetGateway {
			return fmt.Sprintf("%s, which routes 0.0.0.0/0 to internet gateway %s, is also the table of the NAT gateways' subnets, which need that route: run the tasks in subnets whose route table can point at a NAT gateway", rt.ID, r.TargetID)
		}
		return fmt.Sprintf("%s routes 0.0.0.0/0 to %s %s, a design choice vpctrace does not replace", rt.ID, r.Target, r.TargetID)
	}
	return fmt.Sprintf("%s cannot be routed to a NAT gateway", rt.ID)
}

// added is Plan.Added for changes applied to base in order.
func added(base *model.World, changes []whatif.Change) []string {
	w := model.Clone(base)
	out := make([]string, len(changes))
	for i, c := range changes {
		if c.Kind == whatif.AddEndpoint {
			out[i] = c.AddedEndpoint(w)
		}
		if _, err := c.Apply(w); err != nil {
			break // the plan's changes apply: Trial.Try did
		}
	}
	return out
}
