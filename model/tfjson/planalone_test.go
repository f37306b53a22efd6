package tfjson_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/terraform"
	"github.com/vpctrace/vpctrace/model/tfjson"
	"github.com/vpctrace/vpctrace/model/tfmap"
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
		switch filepath.Base(dir) {
		case "remote-state":
			// Its plan read another stack's outputs, which the root
			// alone cannot know: the plan knows more than the root, and
			// model/terraform's TestPlanGivesWhatTheRootCannot checks
			// the two together.
			continue
		case "account-caller-identity":
			// Its plan read the caller identity, whose account the root
			// alone cannot know (aws-rules 6.1.6): the registry host of
			// the plan's image names it, the root's the placeholder.
			continue
		}
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

// callSummary is what TestPlanAloneRules compares of a call.
type callSummary struct {
	Kind     sim.CallKind
	Resource string
	Verdict  sim.Verdict
	Via      sim.Via
	Reason   sim.Reason
}

// Short forms of the expected calls.
func reach(k sim.CallKind, resource string, via sim.Via) callSummary {
	return callSummary{Kind: k, Resource: resource, Verdict: sim.Reachable, Via: via}
}

func blocked(k sim.CallKind, resource string, r sim.Reason) callSummary {
	return callSummary{Kind: k, Resource: resource, Verdict: sim.Unreachable, Reason: r}
}

func undecided(k sim.CallKind, resource string) callSummary {
	return callSummary{Kind: k, Resource: resource, Verdict: sim.Unknown, Reason: sim.Unmodeled}
}

// The calls of an image from the fixtures' ECR repository "app" (or
// another), through the ECR endpoints and the S3 gateway endpoint.
const (
	registry   = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com"
	layers     = "arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket"
	repository = "arn:aws:ecr:ap-northeast-1:123456789012:repository/"
)

func ecrCalls(repo string) []callSummary {
	return []callSummary{
		reach(sim.CallECRAuth, registry, sim.ViaInterfaceEndpoint),
		reach(sim.CallECRImage, repository+repo, sim.ViaInterfaceEndpoint),
		reach(sim.CallECRLayers, layers, sim.ViaGatewayEndpoint),
	}
}

// rest is the unknown call of the container that stands for what the plan
// does not show of container_definitions.
var rest = undecided(sim.CallRegistryPull, afterApply)

// TestPlanAloneRules traces the minimal roots of
// testdata/terraform/fixtures/plan-alone (one per rule, see each main.tf)
// from their plans alone, and compares every call and outcome, the
// warnings, and the advice to trace the plan with its root, with what the
// rule says. Each is also checked against its root as
// TestPlanAloneAgreesWithRoot checks the testdata roots.
func TestPlanAloneRules(t *testing.T) {
	tests := []struct {
		rule     string
		root     string
		calls    map[string][]callSummary // by workload name
		outcomes map[string]sim.Outcome
		warnings []string // the attributes of the undetermined-value warnings
		advice   bool     // every unknown call says to trace the plan with its root
	}{{
		rule: "container_definitions known only after apply keeps the calls its references show: images traced, the rest unknown",
		root: "containers",
		calls: map[string][]callSummary{
			"app": append(ecrCalls("app"), rest,
				undecided(sim.CallLogs, afterApply),
				undecided(sim.CallSecret, "arn:aws:secretsmanager:"+afterApply),
				undecided(sim.CallParameter, "arn:aws:ssm:"+afterApply)),
			"worker": append(ecrCalls("app"), rest),
		},
		outcomes: map[string]sim.Outcome{"app": sim.OutcomeUnknown, "worker": sim.OutcomeUnknown},
		advice:   true,
	}, {
		rule: "container_definitions from a local value: no error, one unknown container, the service's own calls traced",
		root: "locals",
		calls: map[string][]callSummary{
			"app": {rest, reach(sim.CallExec, "*", sim.ViaInterfaceEndpoint)},
		},
		outcomes: map[string]sim.Outcome{"app": sim.OutcomeUnknown},
		advice:   true,
	}, {
		rule: "for_each task definitions: R[each.key] is each instance's own, a key built from each.key some of R's instances",
		root: "for-each",
		calls: map[string][]callSummary{
			"api": append(ecrCalls("api"), rest,
				undecided(sim.CallLogs, afterApply),
				undecided(sim.CallSecret, "arn:aws:secretsmanager:"+afterApply),
				undecided(sim.CallSecret, afterApply)),
			"jobs": append(ecrCalls("jobs"), rest,
				undecided(sim.CallLogs, afterApply),
				undecided(sim.CallSecret, "arn:aws:secretsmanager:"+afterApply),
				undecided(sim.CallSecret, afterApply)),
		},
		outcomes: map[string]sim.Outcome{"api": sim.OutcomeUnknown, "jobs": sim.OutcomeUnknown},
		advice:   true,
	}, {
		rule: "EFS: mount targets found through references, the file system's name resolved in the VPC",
		root: "efs",
		calls: map[string][]callSummary{
			"in-a": append(ecrCalls("app"), rest, reach(sim.CallEFS, "fs-2953fa214893ab1a4", sim.ViaLocal)),
			"in-c": append(ecrCalls("app"), rest, blocked(sim.CallEFS, "fs-2953fa214893ab1a4", sim.EFSNoMountTargetInAZ)),
		},
		outcomes: map[string]sim.Outcome{"in-a": sim.OutcomeUnknown, "in-c": sim.OutcomeFails},
	}, {
		rule: "over-broad references: a list that may pick some instances is undetermined, never every instance, never an error",
		root: "over-broad",
		calls: map[string][]callSummary{
			"pinned": {
				undecided(sim.CallECRAuth, registry),
				undecided(sim.CallECRImage, repository+"app"),
				reach(sim.CallECRLayers, layers, sim.ViaGatewayEndpoint),
			},
			"wide": {
				undecided(sim.CallECRAuth, registry),
				undecided(sim.CallECRImage, repository+"app"),
				undecided(sim.CallECRLayers, layers),
			},
		},
		outcomes: map[string]sim.Outcome{"pinned": sim.OutcomeUnknown, "wide": sim.OutcomeUnknown},
		warnings: []string{
			"network_configuration.0.subnets of aws_ecs_service.wide",
			"subnet_ids of aws_vpc_endpoint.ecr_api",
			"subnet_ids of aws_vpc_endpoint.ecr_dkr",
		},
	}, {
		// aws-rules 5.1.1: a group only adds allows, so a group the task
		// may not carry must not decide its calls.
		rule: "an ID list whose expression reads a value that may choose among several resources holds any of them, not all",
		root: "choices",
		calls: map[string][]callSummary{
			"listed": {
				reach(sim.CallECRAuth, registry, sim.ViaInterfaceEndpoint),
				reach(sim.CallECRImage, repository+"app", sim.ViaInterfaceEndpoint),
				reach(sim.CallECRLayers, layers, sim.ViaGatewayEndpoint),
			},
			"chosen": {
				undecided(sim.CallECRAuth, registry),
				undecided(sim.CallECRImage, repository+"app"),
				undecided(sim.CallECRLayers, layers),
			},
		},
		outcomes: map[string]sim.Outcome{"listed": sim.OutcomeStarts, "chosen": sim.OutcomeUnknown},
		warnings: []string{"network_configuration.0.security_groups of aws_ecs_service.chosen"},
		advice:   true,
	}}
	for _, tt := range tests {
		t.Run(tt.root, func(t *testing.T) {
			t.Log(tt.rule)
			dir := filepath.Join("..", "..", "testdata", "terraform", "fixtures", "plan-alone", tt.root)
			plan := filepath.Join(dir, "plan.json")
			w, diags := tfjson.Load(plan, tfjson.Options{})
			if w == nil {
				t.Fatalf("Load: %v", diags)
			}
			r := sim.Run(w)
			calls, outcomes := map[string][]callSummary{}, map[string]sim.Outcome{}
			for _, wl := range r.Workloads {
				outcomes[wl.Name] = wl.Outcome
				for _, c := range wl.Calls {
					calls[wl.Name] = append(calls[wl.Name], callSummary{c.Kind, c.Resource, c.Verdict, c.Via, c.Reason})
					advice := fmt.Sprintf("`vpctrace trace --plan %s DIR`", plan)
					if tt.advice && c.Verdict == sim.Unknown && !strings.Contains(c.Explanation, advice) {
						t.Errorf("%s: %s %s: the explanation does not say to trace the plan with its root: %s", wl.Name, c.Kind, c.Resource, c.Explanation)
					}
				}
			}
			if diff := cmp.Diff(tt.calls, calls); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.outcomes, outcomes); diff != "" {
				t.Errorf("outcomes (-want +got):\n%s", diff)
			}
			var warnings []string
			for _, d := range append(diags, r.Diagnostics...) {
				switch {
				case d.Severity == model.SeverityError:
					t.Errorf("error diagnostic: %s", d)
				case d.Code == tfmap.CodeUndetermined:
					what, _, _ := strings.Cut(d.Message, " is not determined")
					warnings = append(warnings, what)
				}
			}
			slices.Sort(warnings)
			if diff := cmp.Diff(tt.warnings, warnings); diff != "" {
				t.Errorf("undetermined values (-want +got):\n%s", diff)
			}
			root, rdiags := terraform.Load(dir, terraform.Options{})
			if root == nil || rdiags.HasErrors() {
				t.Fatalf("terraform.Load: %v", rdiags)
			}
			for _, problem := range comparePlanAlone(sim.Run(root), r) {
				t.Errorf("against the root: %s", problem)
			}
		})
	}
}
