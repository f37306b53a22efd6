package sim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// afterApply stands in call targets and messages for the part of a value
// that is known only after apply.
const afterApply = "(known after apply)"

// gaps are the settings of a workload that the input does not determine
// (World.Unknowns of its service, task definition and cluster, and the
// objects it names that the input lacks), sorted by what they keep from
// being traced. A call is unknown only when one of its own inputs is.
type gaps struct {
	// notTraced: the calls cannot be listed (no task definition, or
	// container definitions known only after apply).
	notTraced []Missing
	// unplaced: no path can be traced, because where the tasks run, or
	// which interface makes each call, is not known (subnets, launch
	// type, platform version, EC2 capacity). Calls the Fargate platform
	// makes outside the VPC do not depend on it.
	unplaced []Missing
	// partial: some of the service's subnets are not known; the others
	// are traced.
	partial []Missing
	// taskENI: settings of the task ENI (its security groups): calls from
	// it are traced, and the ENI's step is undetermined.
	taskENI []model.Unknown
	// execRole and taskRole: the principal an endpoint policy is asked
	// about (aws-rules 6.1.4).
	execRole, taskRole []Missing
}

// missingOf describes an undetermined setting of an object.
func missingOf(u model.Unknown) Missing {
	return Missing{What: u.Field + " of " + u.ID, Why: u.Why, Source: u.Source}
}

// setting is the last part of an undetermined field's name
// ("network_configuration.0.subnets" -> "subnets").
func setting(field string) string {
	return field[strings.LastIndexByte(field, '.')+1:]
}

// workloadGaps sorts the undetermined settings of a workload's service,
// task definition and cluster by what they affect.
func (ix *index) workloadGaps(wl *workload, clusterKnown bool) gaps {
	var g gaps
	svc := wl.svc
	for _, u := range ix.unknowns[string(model.KindService)+"|"+svc.ID] {
		m := missingOf(u)
		switch setting(u.Field) {
		case "task_definition":
			if wl.td == nil {
				g.notTraced = append(g.notTraced, m)
			}
		case "cluster":
			if wl.launchType == "EC2" {
				// The cluster's container instances make or carry the calls (aws-rules 2.6).
				g.unplaced = append(g.unplaced, m)
			}
		case "subnets":
			if len(svc.Subnets) == 0 {
				g.unplaced = append(g.unplaced, m)
			} else {
				g.partial = append(g.partial, m)
			}
		case "security_groups":
			g.taskENI = append(g.taskENI, u)
		case "platform_version":
			if wl.launchType == "FARGATE" {
				g.unplaced = append(g.unplaced, m) // it decides the interface of some calls (aws-rules 2.1, 2.2)
			}
		default: // launch_type, capacity_provider_strategy, and any other
			g.unplaced = append(g.unplaced, m)
		}
	}
	if wl.td == nil && len(g.notTraced) == 0 {
		g.notTraced = append(g.notTraced, missingRef(svc, "task_definition", svc.TaskDefinition, "task definition"))
	}
	if wl.td != nil {
		for _, u := range ix.unknowns[string(model.KindTaskDefinition)+"|"+wl.td.ID] {
			m := missingOf(u)
			switch setting(u.Field) {
			case "container_definitions":
				g.notTraced = append(g.notTraced, m)
			case "execution_role_arn":
				g.execRole = append(g.execRole, m)
			case "task_role_arn":
				g.taskRole = append(g.taskRole, m)
			default:
				g.unplaced = append(g.unplaced, m)
			}
		}
	}
	if wl.launchType == "EC2" {
		for _, u := range ix.unknowns[string(model.KindCluster)+"|"+wl.cluster.ID] {
			g.unplaced = append(g.unplaced, missingOf(u))
		}
		if !clusterKnown && !slices.ContainsFunc(ix.unknowns[string(model.KindService)+"|"+svc.ID], func(u model.Unknown) bool { return setting(u.Field) == "cluster" }) {
			g.unplaced = append(g.unplaced, missingRef(svc, "cluster", svc.Cluster, "cluster"))
		}
	}
	return g
}

// missingRef describes a reference of svc to an object the input lacks.
func missingRef(svc *model.Service, field, id, noun string) Missing {
	if id == "" {
		return Missing{What: field + " of " + svc.ID, Why: "not set", Source: svc.Source}
	}
	return Missing{What: field + " of " + svc.ID, Why: fmt.Sprintf("%s %s is not in the input", noun, id), Source: svc.Source}
}

// all returns every gap that makes some call unknown, for the workload's
// Missing.
func (g gaps) all() []Missing {
	out := slices.Concat(g.notTraced, g.unplaced, g.partial, g.execRole, g.taskRole)
	for _, u := range g.taskENI {
		out = append(out, missingOf(u))
	}
	return out
}

// describe writes missing settings as "X is not known (why)" clauses, one
// per setting (the reasons of a list's entries together).
func describe(ms []Missing) string {
	var whats []string
	whys := map[string][]string{}
	for _, m := range ms {
		if _, ok := whys[m.What]; !ok {
			whats = append(whats, m.What)
		}
		if !slices.Contains(whys[m.What], m.Why) {
			whys[m.What] = append(whys[m.What], m.Why)
		}
	}
	parts := make([]string, len(whats))
	for i, w := range whats {
		parts[i] = fmt.Sprintf("%s is not known (%s)", w, strings.Join(whys[w], "; "))
	}
	return strings.Join(parts, "; ")
}

// containerLabel names a container in messages: its name, else its place
// in the task definition.
func containerLabel(td *model.TaskDefinition, ct *model.Container) string {
	if ct.Name != "" {
		return "container " + ct.Name
	}
	for i := range td.Containers {
		if &td.Containers[i] == ct {
			return fmt.Sprintf("container #%d", i+1)
		}
	}
	return "a container"
}

// containerMissing describes an undetermined container setting.
func containerMissing(td *model.TaskDefinition, ct *model.Container, u model.ContainerUnknown) Missing {
	return Missing{What: u.Path() + " of " + containerLabel(td, ct) + " in " + td.ID, Why: u.Why, Source: u.Source}
}

// blindCall is a call that cannot be traced because where it goes is not
// known; note says why, in a sentence that names the setting.
func blindCall(c Call, m Missing, note string) plannedCall {
	return plannedCall{Call: c, missing: []Missing{m}, blind: true, note: note}
}

// inputHop is the hop of a call that stops at a setting the input does not
// determine.
func inputHop(component string, m Missing, detail string) Hop {
	return Hop{Component: component, Kind: HopInput, Steps: []Step{{Type: StepInput, Action: ActionUnknown, Reason: Unmodeled,
		Source: m.Source, Rule: m.What, Detail: detail}}}
}

// untraced is the result of a call that cannot be traced for want of
// missing: unknown from every placement, with a hop naming the setting.
func untraced(c *plannedCall, places []placement, component string, missing []Missing, explanation string) CallResult {
	cr := CallResult{Call: c.Call, Verdict: Unknown, Reason: Unmodeled, Blockers: []Reason{Unmodeled},
		Explanation: explanation, Missing: missing, Placements: make([]PlacementResult, 0, len(places))}
	for _, p := range places {
		pr := PlacementResult{Subnet: p.subnet.ID, AZ: p.subnet.AZ, Verdict: Unknown, Reason: Unmodeled,
			Blockers: []Reason{Unmodeled}, Warnings: []string{}, Explanation: explanation, Decisive: &StepRef{},
			Hops: []Hop{inputHop(component, missing[0], describe(missing[:1]))}}
		pr.BlockedBy = pr.soleBlocker()
		cr.Placements = append(cr.Placements, pr)
	}
	return cr
}

// policyUndetermined makes a traced placement unknown when its verdict
// rests on an endpoint policy that is asked about something the input
// does not determine (the resource or the principal of c): a policy other
// than the default one may decide either way (aws-rules 6.1.2, 6.1.5). A path
// through default policies only, or one blocked by anything else, keeps
// its verdict.
func (ix *index) policyUndetermined(c *plannedCall, t traced) traced {
	if len(c.missing) == 0 || !onlyPolicyBlocks(t.Blockers) {
		return t
	}
	for hi, h := range t.Hops {
		for si, s := range h.Steps {
			if s.Type != StepEndpointPolicy {
				continue
			}
			ep := ix.endpoints[h.ID]
			if ep == nil {
				continue
			}
			if p, err := ix.policy(ep); err != nil || p.IsDefault() {
				continue
			}
			m := c.missing[0]
			detail := fmt.Sprintf("the policy of endpoint %s decides this call; it is asked about %s, but %s is not known (%s), so the model cannot tell whether the policy allows it (aws-rules 6.1.2)",
				ep.ID, policySubject(c), m.What, m.Why)
			hops := slices.Clone(t.Hops[:hi+1])
			hops[hi].Steps = append(slices.Clone(h.Steps[:si]),
				Step{Type: StepEndpointPolicy, Action: ActionUnknown, Reason: Unmodeled, Source: s.Source, Rule: s.Rule, Detail: detail},
				Step{Type: StepInput, Action: ActionUnknown, Source: m.Source, Rule: m.What, Detail: fmt.Sprintf("%s is not known (%s)", m.What, m.Why)})
			t.Hops = hops
			t.Verdict, t.Via, t.Reason, t.Blockers = Unknown, "", Unmodeled, []Reason{Unmodeled}
			t.Fix = Fix{Advice: "give " + m.What + " a value known before apply, or trace a state file where it is known"}
			t.Decisive = &StepRef{Hop: hi, Step: si}
			t.BlockedBy = t.soleBlocker()
			t.Explanation = fmt.Sprintf("%s from %s cannot be decided (UNMODELED): %s. Fix: %s.", c.Host, t.Subnet, detail, t.Fix.Advice)
			return t
		}
	}
	return t
}

// onlyPolicyBlocks reports whether nothing but an endpoint policy blocks a
// path (or nothing at all).
func onlyPolicyBlocks(blockers []Reason) bool {
	for _, r := range blockers {
		if r != EndpointPolicyDenied {
			return false
		}
	}
	return true
}

// policySubject says what an endpoint policy is asked about a call.
func policySubject(c *plannedCall) string {
	return fmt.Sprintf("%s on %s", strings.Join(c.Actions, ", "), c.PolicyResource)
}
