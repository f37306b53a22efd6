package tfjson_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/terraform"
	"github.com/vpctrace/vpctrace/model/tfjson"
	"github.com/vpctrace/vpctrace/sim"
)

// afterApply is how the simulator writes the part of a call's target that
// the input knows only after apply.
const afterApply = "(known after apply)"

// TestPlanAloneAgreesWithRoot traces every committed plan of a testdata
// root (testdata/terraform/ROOT/plan.json, made with
// /work/shared/tools/tf-plan-json) on its own, and the root itself with
// the HCL evaluator, the reference answer. The plan alone must:
//
//   - load and trace without an error diagnostic;
//   - list the same workloads;
//   - give every call it decides (reachable or unreachable) a call of the
//     root with the same kind and target and the same verdict and reason:
//     no wrong definite verdict;
//   - list every call of the root, with the same kind and a target that
//     agrees where the plan knows it ("arn:aws:ssm:(known after apply)"
//     agrees with any SSM ARN), or else stand for it with an unknown call
//     whose image is wholly unknown (the unknown container that stands for
//     what the plan does not show of container_definitions);
//   - list no call of another kind or target, but unknown calls whose
//     target is wholly unknown (calls the plan cannot rule out);
//   - give a workload a definite outcome only when the root gives the
//     same.
func TestPlanAloneAgreesWithRoot(t *testing.T) {
	plans, err := filepath.Glob(filepath.Join("..", "..", "testdata", "terraform", "*", "plan.json"))
	if err != nil || len(plans) == 0 {
		t.Fatalf("no plans: %v", err)
	}
	for _, plan := range plans {
		dir := filepath.Dir(plan)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			root, diags := terraform.Load(dir, terraform.Options{})
			if root == nil || diags.HasErrors() {
				t.Fatalf("terraform.Load: %v", diags)
			}
			alone, diags := tfjson.Load(plan, tfjson.Options{})
			if alone == nil {
				t.Fatalf("tfjson.Load: %v", diags)
			}
			want, got := sim.Run(root), sim.Run(alone)
			diags = append(diags, got.Diagnostics...)
			for _, d := range diags {
				if d.Severity == model.SeverityError {
					t.Errorf("error diagnostic: %s", d)
				}
			}
			for _, problem := range comparePlanAlone(want, got) {
				t.Error(problem)
			}
			t.Log(summarizeReport("root", want))
			t.Log(summarizeReport("plan alone", got))
		})
	}
}

// comparePlanAlone returns how the plan-alone report got breaks the rules
// of TestPlanAloneAgreesWithRoot against the root's report want.
func comparePlanAlone(want, got sim.Report) []string {
	var out []string
	byName := map[string]sim.WorkloadResult{}
	for _, w := range got.Workloads {
		byName[w.Source] = w
	}
	for _, ww := range want.Workloads {
		gw, ok := byName[ww.Source]
		if !ok {
			out = append(out, fmt.Sprintf("%s: workload missing", ww.Source))
			continue
		}
		delete(byName, ww.Source)
		if gw.Outcome != sim.OutcomeUnknown && gw.Outcome != ww.Outcome {
			out = append(out, fmt.Sprintf("%s: outcome %s, the root says %s", ww.Source, gw.Outcome, ww.Outcome))
		}
		open := slices.ContainsFunc(gw.Calls, standsForRest)
		for _, wc := range ww.Calls {
			if !open && !slices.ContainsFunc(gw.Calls, func(gc sim.CallResult) bool { return sameCall(gc, wc) }) {
				out = append(out, fmt.Sprintf("%s: %s %s (%s) not listed", ww.Source, wc.Kind, wc.Resource, wc.Verdict))
			}
		}
		for _, gc := range gw.Calls {
			i := slices.IndexFunc(ww.Calls, func(wc sim.CallResult) bool { return sameCall(gc, wc) })
			switch {
			case i < 0 && (gc.Verdict != sim.Unknown || gc.Resource != afterApply):
				out = append(out, fmt.Sprintf("%s: %s %s (%s) is not a call of the root", ww.Source, gc.Kind, gc.Resource, gc.Verdict))
			case i >= 0 && gc.Verdict != sim.Unknown && (gc.Verdict != ww.Calls[i].Verdict || gc.Reason != ww.Calls[i].Reason):
				out = append(out, fmt.Sprintf("%s: %s %s is %s %s, the root says %s %s", ww.Source, gc.Kind, gc.Resource,
					gc.Verdict, gc.Reason, ww.Calls[i].Verdict, ww.Calls[i].Reason))
			}
		}
	}
	for name := range byName {
		out = append(out, fmt.Sprintf("%s: a workload the root does not have", name))
	}
	return out
}

// sameCall reports whether a plan-alone call gc is call wc of the root:
// the same kind, and targets that agree where gc's is known (a definite
// verdict needs the very same target).
func sameCall(gc, wc sim.CallResult) bool {
	if gc.Kind != wc.Kind {
		return false
	}
	if gc.Verdict != sim.Unknown {
		return gc.Resource == wc.Resource
	}
	before, after, unknown := strings.Cut(gc.Resource, afterApply)
	if !unknown {
		return gc.Resource == wc.Resource
	}
	return strings.HasPrefix(wc.Resource, before) && strings.HasSuffix(wc.Resource[len(before):], after)
}

// standsForRest reports whether c is the unknown call of a container whose
// image is wholly unknown, which stands for every call the plan does not
// show.
func standsForRest(c sim.CallResult) bool {
	return c.Kind == sim.CallRegistryPull && c.Verdict == sim.Unknown && c.Image == afterApply
}

// summarizeReport counts a report's outcomes and verdicts, for the log.
func summarizeReport(what string, r sim.Report) string {
	outcomes, verdicts := map[sim.Outcome]int{}, map[sim.Verdict]int{}
	for _, w := range r.Workloads {
		outcomes[w.Outcome]++
		for _, c := range w.Calls {
			verdicts[c.Verdict]++
		}
	}
	return fmt.Sprintf("%s: %d workloads (%d start, %d fail, %d unknown); calls %d reachable, %d unreachable, %d unknown",
		what, len(r.Workloads), outcomes[sim.OutcomeStarts], outcomes[sim.OutcomeFails], outcomes[sim.OutcomeUnknown],
		verdicts[sim.Reachable], verdicts[sim.Unreachable], verdicts[sim.Unknown])
}
