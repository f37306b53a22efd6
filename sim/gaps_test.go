package sim_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// The seed's container and its settings, as example/seed.yaml writes them.
const (
	seedImage     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest"
	seedRepoARN   = "arn:aws:ecr:ap-northeast-1:123456789012:repository/app"
	seedSecret    = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password-AbCdEf"
	afterApply    = "(known after apply)"
	unknownWhy    = "known only after apply"
	seedTaskDefID = "app"
)

// tfPos is where the tests say container_definitions is.
var tfPos = model.Pos{File: "main.tf", Line: 40, Column: 3}

// seedContainer returns the seed world's only container.
func seedContainer(w *model.World) *model.Container { return &w.TaskDefinitions[0].Containers[0] }

// unknownAt marks a setting of the seed's container as known only after
// apply, keeping known as what is known of it.
func unknownAt(w *model.World, f model.ContainerField, index int) {
	ct := seedContainer(w)
	ct.Unknowns = append(ct.Unknowns, model.ContainerUnknown{Field: f, Index: index, Why: unknownWhy, Source: tfPos})
}

// missing is the Missing of a setting of the seed's container.
func missing(path string) sim.Missing {
	return sim.Missing{What: path + " of container app in " + seedTaskDefID, Why: unknownWhy, Source: tfPos}
}

// untracedCall is a call that cannot be traced from the seed's one
// placement, private-a, for want of m.
func untracedCall(call sim.Call, component string, m sim.Missing, explanation string) sim.CallResult {
	return sim.CallResult{Call: call, Verdict: sim.Unknown, Reason: sim.Unmodeled, Blockers: []sim.Reason{sim.Unmodeled},
		Explanation: explanation, Missing: []sim.Missing{m},
		Placements: []sim.PlacementResult{{Subnet: "private-a", AZ: "ap-northeast-1a", Verdict: sim.Unknown, Reason: sim.Unmodeled,
			Blockers: []sim.Reason{sim.Unmodeled}, Warnings: []string{}, Explanation: explanation, Decisive: &sim.StepRef{},
			BlockedBy: []sim.Blocker{{Reason: sim.Unmodeled, Decisive: &sim.StepRef{}}},
			Hops: []sim.Hop{{Component: component, Kind: sim.HopInput, Steps: []sim.Step{{Type: sim.StepInput, Action: sim.ActionUnknown,
				Reason: sim.Unmodeled, Source: m.Source, Rule: m.What, Detail: m.What + " is not known (" + m.Why + ")"}}}}}}}
}

// execRole is the seed's execution role, the principal of its calls.
const execRole = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

// gapCase is a change to the seed and the calls it should give, built
// from the seed's own results (control): a call whose inputs are all known
// must come out exactly as in the control.
type gapCase struct {
	name   string // the rule, with its aws-rules section
	change func(w *model.World)
	want   func(control []sim.CallResult) []sim.CallResult
}

// TestContainerUnknowns checks that a container definition with settings
// known only after apply keeps every call: only calls whose own inputs are
// unknown become unknown (UNMODELED, naming the setting), and the others
// are traced and keep their verdicts (issue 9, point 6; aws-rules 1.1.1).
func TestContainerUnknowns(t *testing.T) {
	control := workload(t, sim.Run(loadSeed(t)), "app").Calls
	withImage := func(image string, calls ...sim.CallResult) []sim.CallResult {
		for i := range calls {
			calls[i].Image = image
		}
		return calls
	}
	cases := []gapCase{{
		// 1.2.1: the registry host names the account and region; the tag
		// changes no call.
		name: "1.2.2 image tag unknown: the ECR calls are traced as with a known tag",
		change: func(w *model.World) {
			seedContainer(w).Image = strings.TrimSuffix(seedImage, "latest")
			unknownAt(w, model.FieldImage, 0)
		},
		want: func(c []sim.CallResult) []sim.CallResult {
			return slices.Concat(withImage(strings.TrimSuffix(seedImage, "latest")+afterApply, c[0], c[1], c[2]), c[3:])
		},
	}, {
		// 6.2: the repository is only what the ecr.dkr endpoint policy is
		// asked, and the seed's endpoints have the default policy.
		name: "6.1.1 repository unknown behind default endpoint policies: ecr-image keeps its verdict and names the setting",
		change: func(w *model.World) {
			seedContainer(w).Image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/"
			unknownAt(w, model.FieldImage, 0)
		},
		want: func(c []sim.CallResult) []sim.CallResult {
			image := "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/" + afterApply
			out := slices.Concat(withImage(image, c[0], c[1], c[2]), c[3:])
			out[1].Resource = "arn:aws:ecr:ap-northeast-1:123456789012:repository/" + afterApply
			out[1].PolicyResource = out[1].Resource
			out[1].Missing = []sim.Missing{missing("image")}
			return out
		},
	}, {
		name: "1.2.1 registry unknown: one unknown pull stands for the image calls, the rest keep their verdicts",
		change: func(w *model.World) {
			seedContainer(w).Image = "123456789012"
			unknownAt(w, model.FieldImage, 0)
		},
		want: func(c []sim.CallResult) []sim.CallResult {
			image := "123456789012" + afterApply
			pull := untracedCall(sim.Call{Kind: sim.CallRegistryPull, Port: 443, Phase: sim.PhaseStart, StopsTask: sim.StopsYes, Resource: image, Origin: sim.OriginTaskENI,
				Principal: execRole, Container: "app", Image: image}, seedTaskDefID, missing("image"),
				`The image of container app is not known (known only after apply), and what is known of it ("123456789012") does not tell its registry: the model cannot tell whether the pull goes to private ECR (ecr-auth, ecr-image, ecr-layers) or to another registry (registry-pull), nor trace it (aws-rules 1.2.1, 1.2.6).`)
			return slices.Concat([]sim.CallResult{pull}, c[3:])
		},
	}, {
		name: "1.4.1 valueFrom unknown: Secrets Manager or Parameter Store cannot be told",
		change: func(w *model.World) {
			seedContainer(w).Secrets[0].ValueFrom = ""
			unknownAt(w, model.FieldSecret, 0)
		},
		want: func(c []sim.CallResult) []sim.CallResult {
			secret := untracedCall(sim.Call{Kind: sim.CallSecret, Port: 443, Phase: sim.PhaseStart, StopsTask: sim.StopsYes, Resource: afterApply, Origin: sim.OriginTaskENI,
				Principal: execRole, Container: "app"}, seedTaskDefID, missing("secrets[0].valueFrom"),
				"The valueFrom of secret DB_PASSWORD of container app is not known (known only after apply): it may name a Secrets Manager secret (a secret call) or an SSM parameter (a parameter call), and the model cannot tell which, nor the region it is in (aws-rules 1.4.1).")
			return slices.Concat(c[:4], []sim.CallResult{secret}, c[5:])
		},
	}, {
		// 1.4.1: the ARN's service and region decide the host; the secret's
		// name is only what the endpoint policy is asked.
		name: "1.4.1 valueFrom known up to the secret name: the secret call is traced",
		change: func(w *model.World) {
			seedContainer(w).Secrets[0].ValueFrom = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:"
			unknownAt(w, model.FieldSecret, 0)
		},
		want: func(c []sim.CallResult) []sim.CallResult {
			out := slices.Clone(c)
			out[4].Resource = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:" + afterApply
			out[4].PolicyResource = out[4].Resource
			out[4].Missing = []sim.Missing{missing("secrets[0].valueFrom")}
			return out
		},
	}, {
		name: "1.4.1 the secrets list unknown: an unknown entry says its calls cannot be listed",
		change: func(w *model.World) {
			seedContainer(w).Secrets = nil
			unknownAt(w, model.FieldSecrets, 0)
		},
		want: func(c []sim.CallResult) []sim.CallResult {
			secrets := untracedCall(sim.Call{Kind: sim.CallSecret, Port: 443, Phase: sim.PhaseStart, StopsTask: sim.StopsYes, Resource: afterApply, Origin: sim.OriginTaskENI,
				Principal: execRole, Container: "app"}, seedTaskDefID, missing("secrets"),
				"The secrets of container app are not known (known only after apply): the model cannot list the Secrets Manager (secret) and Parameter Store (parameter) calls they make, nor trace them (aws-rules 1.4.1).")
			return slices.Concat(c[:4], []sim.CallResult{secrets})
		},
	}, {
		name: "1.3.1 awslogs-region unknown: the logs call cannot be traced",
		change: func(w *model.World) {
			seedContainer(w).LogOptions["awslogs-region"] = ""
			unknownAt(w, model.FieldLogRegion, 0)
		},
		want: func(c []sim.CallResult) []sim.CallResult {
			logs := untracedCall(sim.Call{Kind: sim.CallLogs, Port: 443, Phase: sim.PhaseStart, StopsTask: sim.StopsYes, Resource: afterApply, Origin: sim.OriginTaskENI,
				Principal: execRole, Container: "app"}, seedTaskDefID, missing("logConfiguration.options.awslogs-region"),
				"The awslogs-region of container app is not known (known only after apply): the logs call goes to logs.REGION.amazonaws.com in that region, so the model cannot trace it (aws-rules 1.3.1).")
			return slices.Concat(c[:3], []sim.CallResult{logs}, c[4:])
		},
	}, {
		name: "6.1.1 log group unknown behind a default endpoint policy: logs keeps its verdict",
		change: func(w *model.World) {
			seedContainer(w).LogOptions["awslogs-group"] = ""
			unknownAt(w, model.FieldLogGroup, 0)
		},
		want: func(c []sim.CallResult) []sim.CallResult {
			out := slices.Clone(c)
			out[3].Resource = "arn:aws:logs:ap-northeast-1:123456789012:log-group:" + afterApply
			out[3].PolicyResource = out[3].Resource + ":log-stream:*"
			out[3].Missing = []sim.Missing{missing("logConfiguration.options.awslogs-group")}
			return out
		},
	}, {
		name: "1.1.1 a whole container unknown: its calls cannot be listed",
		change: func(w *model.World) {
			w.TaskDefinitions[0].Containers = append(w.TaskDefinitions[0].Containers, model.Container{Source: tfPos,
				Unknowns: []model.ContainerUnknown{{Field: model.FieldContainer, Why: unknownWhy, Source: tfPos}}})
		},
		want: func(c []sim.CallResult) []sim.CallResult {
			m := sim.Missing{What: "* of container #2 in app", Why: unknownWhy, Source: tfPos}
			whole := untracedCall(sim.Call{Kind: sim.CallRegistryPull, Port: 443, Phase: sim.PhaseStart, StopsTask: sim.StopsYes, Resource: afterApply, Origin: sim.OriginTaskENI,
				Principal: execRole, Image: afterApply}, seedTaskDefID, m,
				"Container #2 of app is not known (known only after apply): the model cannot list the calls it makes (its image pull, logs, secrets and environment files, aws-rules 1.1.1), nor trace them.")
			return slices.Concat(c[:3], []sim.CallResult{whole}, c[3:])
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := loadSeed(t)
			tc.change(w)
			if diags := w.Validate(); diags.HasErrors() {
				t.Fatal(diags)
			}
			got := workload(t, sim.Run(w), "app")
			want := tc.want(slices.Clone(control))
			if diff := cmp.Diff(want, got.Calls, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			// The workload names what is missing and never says it starts.
			var wantMissing []sim.Missing
			for _, c := range want {
				wantMissing = append(wantMissing, c.Missing...)
			}
			if diff := cmp.Diff(wantMissing, got.Missing, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("workload Missing (-want +got):\n%s", diff)
			}
			unknownCalls := slices.ContainsFunc(want, func(c sim.CallResult) bool { return c.Verdict == sim.Unknown })
			wantOutcome := sim.OutcomeStarts
			if unknownCalls {
				wantOutcome = sim.OutcomeUnknown
			}
			if got.Outcome != wantOutcome || got.Starts != !unknownCalls || !got.Traced {
				t.Errorf("outcome %s, starts %v, traced %v; want %s, %v, true", got.Outcome, got.Starts, got.Traced, wantOutcome, !unknownCalls)
			}
		})
	}
}

// unplacedCalls are the control's calls when no path can be traced for
// want of ms: each unknown, naming them.
func unplacedCalls(control []sim.CallResult, ms ...sim.Missing) []sim.CallResult {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.What + " is not known (" + m.Why + ")"
	}
	expl := "The model cannot trace the call from anywhere: " + strings.Join(parts, "; ") + "."
	out := make([]sim.CallResult, len(control))
	for i, c := range control {
		out[i] = sim.CallResult{Call: c.Call, Verdict: sim.Unknown, Reason: sim.Unmodeled, Blockers: []sim.Reason{sim.Unmodeled},
			Explanation: expl, Missing: ms}
	}
	return out
}

// untold is a workload whose start cannot be told: first is the call
// ECS meets first (aws-rules 7), which has no trace.
func untold(control sim.WorkloadResult, calls []sim.CallResult, first int, missing ...sim.Missing) sim.WorkloadResult {
	control.Starts, control.Outcome, control.StoppedBy, control.StoppedVerdict = false, sim.OutcomeUnknown, "", sim.Unknown
	control.StoppedReason = "(undetermined) " + calls[first].Explanation
	control.Calls, control.Missing = calls, missing
	return control
}

// TestWorkloadGaps checks that no workload is dropped: a service whose
// task definition, cluster, subnets or security groups live outside the
// input (another state, IDs passed in as variables), and a task definition
// no service runs, are reported with every call that can be listed, each
// unknown where its own inputs are, naming what is missing (issue 9,
// point 7; aws-rules 1.1.1, 2.6, 9.4).
func TestWorkloadGaps(t *testing.T) {
	svcUnknown := func(w *model.World, field, why string) sim.Missing {
		u := model.Unknown{ID: w.Services[0].ID, Kind: model.KindService, Field: field, Why: why, Source: tfPos}
		w.Unknowns = append(w.Unknowns, u)
		return sim.Missing{What: field + " of " + u.ID, Why: why, Source: tfPos}
	}
	tests := []struct {
		name     string
		scenario string // "" for the seed
		change   func(w *model.World) []sim.Missing
		// want builds the expected workloads from the control's.
		want func(control []sim.WorkloadResult, ms []sim.Missing) []sim.WorkloadResult
	}{{
		// The service runs another state's task definition; the one in
		// the input is then run by no service, and listed on its own.
		name: "1.1.1 task definition outside the input: listed, not traced",
		change: func(w *model.World) []sim.Missing {
			w.Services[0].TaskDefinition = ""
			return []sim.Missing{
				svcUnknown(w, "task_definition", `"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/other:3" is not a task definition the input describes`),
				{What: "the service that runs task definition app", Why: "no ECS service in the input runs it, so nothing places its tasks in a subnet",
					Source: w.TaskDefinitions[0].Source},
			}
		},
		want: func(c []sim.WorkloadResult, ms []sim.Missing) []sim.WorkloadResult {
			orphan := untold(c[0], unplacedCalls(c[0].Calls, ms[1]), 0, ms[1])
			orphan.SourcePos, orphan.PlatformVersion = ms[1].Source, ""
			return []sim.WorkloadResult{{Name: "app", Source: "app", SourcePos: c[0].SourcePos, LaunchType: "FARGATE", PlatformVersion: "1.4.0",
				StoppedReason:  `(undetermined) task_definition of app is not known ("arn:aws:ecs:ap-northeast-1:123456789012:task-definition/other:3" is not a task definition the input describes), so the calls its tasks make cannot be listed`,
				StoppedVerdict: sim.Unknown, Outcome: sim.OutcomeUnknown, Missing: ms[:1], Calls: []sim.CallResult{}}, orphan}
		},
	}, {
		// A value known only after apply that may name either task
		// definition: neither is taken to be unused.
		name: "1.1.1 task definition known only after apply, of two candidates: no workload is invented",
		change: func(w *model.World) []sim.Missing {
			w.Services[0].TaskDefinition = ""
			w.Services[0].TaskDefinitionCandidates = []string{"app", "batch"}
			td := w.TaskDefinitions[0]
			td.ID, td.Family = "batch", "batch"
			w.TaskDefinitions = append(w.TaskDefinitions, td)
			return []sim.Missing{svcUnknown(w, "task_definition", "known only after apply; it references app, batch")}
		},
		want: func(c []sim.WorkloadResult, ms []sim.Missing) []sim.WorkloadResult {
			return []sim.WorkloadResult{{Name: "app", Source: "app", SourcePos: c[0].SourcePos, LaunchType: "FARGATE", PlatformVersion: "1.4.0",
				StoppedReason:  "(undetermined) task_definition of app is not known (known only after apply; it references app, batch), so the calls its tasks make cannot be listed",
				StoppedVerdict: sim.Unknown, Outcome: sim.OutcomeUnknown, Missing: ms, Calls: []sim.CallResult{}}}
		},
	}, {
		name: "9.4 subnets outside the input: every call listed, each unknown",
		change: func(w *model.World) []sim.Missing {
			w.Services[0].Subnets = nil
			return []sim.Missing{svcUnknown(w, "network_configuration.0.subnets", `"subnet-0ext" is not a subnet the input describes`)}
		},
		want: func(c []sim.WorkloadResult, ms []sim.Missing) []sim.WorkloadResult {
			return []sim.WorkloadResult{untold(c[0], unplacedCalls(c[0].Calls, ms...), 0, ms...)}
		},
	}, {
		name: "9.4 one subnet outside the input: the others are traced, the calls stay undecided",
		change: func(w *model.World) []sim.Missing {
			return []sim.Missing{svcUnknown(w, "network_configuration.0.subnets", `"subnet-0ext" is not a subnet the input describes`)}
		},
		want: func(c []sim.WorkloadResult, ms []sim.Missing) []sim.WorkloadResult {
			calls := slices.Clone(c[0].Calls)
			for i := range calls {
				calls[i].Verdict, calls[i].Via, calls[i].Reason, calls[i].Blockers = sim.Unknown, "", sim.Unmodeled, []sim.Reason{sim.Unmodeled}
				calls[i].Explanation += ` The service's other subnets cannot be traced: network_configuration.0.subnets of app is not known ("subnet-0ext" is not a subnet the input describes).`
				calls[i].Missing = ms
			}
			return []sim.WorkloadResult{untold(c[0], calls, 0, ms...)}
		},
	}, {
		// Fargate tasks do not use the cluster's network: its region is
		// the provider's, as the cluster's would be.
		name: "2.2 cluster outside the input on Fargate: nothing changes",
		change: func(w *model.World) []sim.Missing {
			w.Services[0].Cluster = ""
			svcUnknown(w, "cluster", `"arn:aws:ecs:ap-northeast-1:123456789012:cluster/shared" is not a ECS cluster the input describes`)
			return nil
		},
		want: func(c []sim.WorkloadResult, _ []sim.Missing) []sim.WorkloadResult { return c },
	}, {
		// On EC2 the cluster's container instances make or carry every call.
		name:     "2.6 cluster outside the input on EC2: every call unknown, naming the cluster",
		scenario: "ec2",
		change: func(w *model.World) []sim.Missing {
			w.Services[0].Cluster = ""
			return []sim.Missing{svcUnknown(w, "cluster", `"shared" is not a ECS cluster the input describes`)}
		},
		want: func(c []sim.WorkloadResult, ms []sim.Missing) []sim.WorkloadResult {
			calls := unplacedCalls(c[0].Calls, ms...)
			for i := range calls {
				if calls[i].Kind == sim.CallECSAPI || calls[i].Kind == sim.CallECSAgent || calls[i].Kind == sim.CallECSTelemetry {
					// The cluster's name and its instances' role are not known.
					calls[i].Resource, calls[i].Principal = "", ""
				}
			}
			// ECS meets the agent's registration first (aws-rules 7.5.3).
			first := slices.IndexFunc(calls, func(c sim.CallResult) bool { return c.Kind == sim.CallECSAPI })
			return []sim.WorkloadResult{untold(c[0], calls, first, ms...)}
		},
	}, {
		name: "1.1.1 a task definition no service runs: listed, with its calls unknown",
		change: func(w *model.World) []sim.Missing {
			td := w.TaskDefinitions[0]
			td.ID, td.Family = "batch", "batch"
			w.TaskDefinitions = append(w.TaskDefinitions, td)
			return []sim.Missing{{What: "the service that runs task definition batch", Why: "no ECS service in the input runs it, so nothing places its tasks in a subnet", Source: td.Source}}
		},
		want: func(c []sim.WorkloadResult, ms []sim.Missing) []sim.WorkloadResult {
			batch := untold(c[0], unplacedCalls(c[0].Calls, ms...), 0, ms...)
			batch.Name, batch.Source, batch.SourcePos, batch.PlatformVersion = "batch", "batch", ms[0].Source, ""
			return []sim.WorkloadResult{c[0], batch}
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			load := func() *model.World {
				if tt.scenario == "" {
					return loadSeed(t)
				}
				return loadScenario(t, tt.scenario)
			}
			control := sim.Run(load())
			w := load()
			ms := tt.change(w)
			got := sim.Run(w)
			if diff := cmp.Diff(tt.want(control.Workloads, ms), got.Workloads, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("workloads (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUndeterminedInputs checks the settings that leave a call's path
// known but one of its checks undecided: the task ENI's security groups
// (aws-rules 5.1.2), and what an endpoint policy that is not the default one
// is asked (aws-rules 6.1.2, 6.2). The calls they touch are unknown and name
// the setting; the others keep their verdicts.
func TestUndeterminedInputs(t *testing.T) {
	allowLogs := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"logs:*","Resource":"arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/app:*"}]}`
	tests := []struct {
		name   string
		change func(w *model.World)
		want   []outcome
		// missing is the Missing of each call, by kind.
		missing map[sim.CallKind][]sim.Missing
	}{{
		name: "5.1.2 the task's security groups outside the input: every call from the task ENI is undecided at the ENI",
		change: func(w *model.World) {
			w.Services[0].SecurityGroups = nil
			w.Unknowns = append(w.Unknowns, model.Unknown{ID: "app", Kind: model.KindService, Field: "network_configuration.0.security_groups",
				Why: `"sg-0ext" is not a security group the input describes`, Source: tfPos})
		},
		want: each([]sim.CallKind{sim.CallECRAuth, sim.CallECRImage, sim.CallECRLayers, sim.CallLogs, sim.CallSecret, sim.CallParameter},
			func(k sim.CallKind) outcome {
				return unknown(k, "private-a", reasons(sim.Unmodeled), "task ENI in private-a: input unknown UNMODELED")
			}),
		missing: func() map[sim.CallKind][]sim.Missing {
			m := []sim.Missing{{What: "network_configuration.0.security_groups of app", Why: `"sg-0ext" is not a security group the input describes`, Source: tfPos}}
			return map[sim.CallKind][]sim.Missing{sim.CallECRAuth: m, sim.CallECRImage: m, sim.CallECRLayers: m, sim.CallLogs: m, sim.CallSecret: m, sim.CallParameter: m}
		}(),
	}, {
		name: "6.1.2 log group unknown behind an endpoint policy that names groups: logs is undecided at the policy",
		change: func(w *model.World) {
			endpoint(t, w, "logs").Policy = allowLogs
			seedContainer(w).LogOptions["awslogs-group"] = ""
			unknownAt(w, model.FieldLogGroup, 0)
		},
		want: []outcome{
			reaches(sim.CallECRAuth, "private-a", sim.ViaInterfaceEndpoint),
			reaches(sim.CallECRImage, "private-a", sim.ViaInterfaceEndpoint),
			reaches(sim.CallECRLayers, "private-a", sim.ViaGatewayEndpoint),
			unknown(sim.CallLogs, "private-a", reasons(sim.Unmodeled), "ENI of endpoint logs in private-a (10.0.1.0/24): endpoint-policy unknown UNMODELED"),
			reaches(sim.CallSecret, "private-a", sim.ViaInterfaceEndpoint),
			reaches(sim.CallParameter, "private-a", sim.ViaInterfaceEndpoint),
		},
		missing: map[sim.CallKind][]sim.Missing{sim.CallLogs: {missing("logConfiguration.options.awslogs-group")}},
	}, {
		name: "6.1.4 execution role outside the input: only calls through a policy other than the default are undecided",
		change: func(w *model.World) {
			endpoint(t, w, "logs").Policy = allowLogs
			w.TaskDefinitions[0].ExecutionRoleARN = ""
			w.Unknowns = append(w.Unknowns, model.Unknown{ID: "app", Kind: model.KindTaskDefinition, Field: "execution_role_arn", Why: unknownWhy, Source: tfPos})
		},
		want: []outcome{
			reaches(sim.CallECRAuth, "private-a", sim.ViaInterfaceEndpoint),
			reaches(sim.CallECRImage, "private-a", sim.ViaInterfaceEndpoint),
			reaches(sim.CallECRLayers, "private-a", sim.ViaGatewayEndpoint),
			unknown(sim.CallLogs, "private-a", reasons(sim.Unmodeled), "ENI of endpoint logs in private-a (10.0.1.0/24): endpoint-policy unknown UNMODELED"),
			reaches(sim.CallSecret, "private-a", sim.ViaInterfaceEndpoint),
			reaches(sim.CallParameter, "private-a", sim.ViaInterfaceEndpoint),
		},
		missing: func() map[sim.CallKind][]sim.Missing {
			m := []sim.Missing{{What: "execution_role_arn of app", Why: unknownWhy, Source: tfPos}}
			// ecr-layers is downloaded by ECR, not the role (aws-rules 6.3.1).
			return map[sim.CallKind][]sim.Missing{sim.CallECRAuth: m, sim.CallECRImage: m, sim.CallLogs: m, sim.CallSecret: m, sim.CallParameter: m}
		}(),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadSeed(t)
			tt.change(w)
			got := workload(t, sim.Run(w), "app")
			if diff := cmp.Diff(tt.want, outcomes(got)); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			gotMissing := map[sim.CallKind][]sim.Missing{}
			for _, c := range got.Calls {
				if len(c.Missing) > 0 {
					gotMissing[c.Kind] = c.Missing
				}
			}
			if diff := cmp.Diff(tt.missing, gotMissing); diff != "" {
				t.Errorf("missing (-want +got):\n%s", diff)
			}
			if got.Starts || got.Outcome != sim.OutcomeUnknown {
				t.Errorf("starts %v, outcome %s; want false, unknown", got.Starts, got.Outcome)
			}
		})
	}
}
