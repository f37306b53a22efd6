package sim_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// The roles and the images of exec-config.yaml and pull-through-cache.yaml.
const (
	fixtureExecRole = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
	fixtureTaskRole = "arn:aws:iam::123456789012:role/app-task"
	fixtureKey      = "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	hubImage        = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/docker-hub/library/nginx:1.27"
	quayImage       = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/quay/prometheus/node-exporter:v1.8.0"
	ghcrImage       = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/ghcr/example/app:1.0"
)

// TestExecAndCacheCalls checks the whole call (where it goes, who makes it,
// what an endpoint policy is asked) of the kinds of ECS Exec's
// configuration and of pull through cache images, from the rules.
func TestExecAndCacheCalls(t *testing.T) {
	tests := []struct {
		name, scenario, workload string
		kind                     sim.CallKind
		nth                      int // the nth call of kind, from 0
		want                     sim.Call
	}{{
		name: "1.7.4 exec-kms: KMS in the key's region, the task role, kms:Decrypt on the key", scenario: "exec-config", workload: "kms-missing",
		kind: sim.CallExecKMS,
		want: sim.Call{Kind: sim.CallExecKMS, Service: apne1 + "kms", Host: "kms.ap-northeast-1.amazonaws.com", Port: 443, Phase: sim.PhaseRuntime, StopsTask: sim.StopsNo,
			Resource: fixtureKey, Region: "ap-northeast-1", Origin: sim.OriginTaskENI,
			Actions: []string{"kms:Decrypt"}, PolicyResource: fixtureKey, Principal: fixtureTaskRole},
	}, {
		name: "1.7.5 exec-logs with logging DEFAULT: the container's awslogs group and region", scenario: "exec-config", workload: "kms-missing",
		kind: sim.CallExecLogs,
		want: sim.Call{Kind: sim.CallExecLogs, Service: apne1 + "logs", Host: "logs.ap-northeast-1.amazonaws.com", Port: 443, Phase: sim.PhaseRuntime, StopsTask: sim.StopsNo,
			Resource: "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/app", Region: "ap-northeast-1", Origin: sim.OriginTaskENI,
			Actions:        []string{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:DescribeLogGroups", "logs:PutLogEvents"},
			PolicyResource: "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/app:*", Principal: fixtureTaskRole},
	}, {
		name: "1.7.6 exec-s3: the bucket actions on the bucket", scenario: "exec-config", workload: "s3-logs",
		kind: sim.CallExecS3,
		want: sim.Call{Kind: sim.CallExecS3, Service: apne1 + "s3", Host: "example-exec-logs.s3.ap-northeast-1.amazonaws.com", Port: 443, Phase: sim.PhaseRuntime, StopsTask: sim.StopsNo,
			Resource: "arn:aws:s3:::example-exec-logs", Region: "ap-northeast-1", Origin: sim.OriginTaskENI,
			Actions: []string{"s3:GetBucketLocation", "s3:GetEncryptionConfiguration"}, PolicyResource: "arn:aws:s3:::example-exec-logs", Principal: fixtureTaskRole},
	}, {
		name: "1.7.6 exec-s3: s3:PutObject on the objects under the key prefix", scenario: "exec-config", workload: "s3-logs",
		kind: sim.CallExecS3, nth: 1,
		want: sim.Call{Kind: sim.CallExecS3, Service: apne1 + "s3", Host: "example-exec-logs.s3.ap-northeast-1.amazonaws.com", Port: 443, Phase: sim.PhaseRuntime, StopsTask: sim.StopsNo,
			Resource: "arn:aws:s3:::example-exec-logs/exec/*", Region: "ap-northeast-1", Origin: sim.OriginTaskENI,
			Actions: []string{"s3:PutObject"}, PolicyResource: "arn:aws:s3:::example-exec-logs/exec/*", Principal: fixtureTaskRole},
	}, {
		name: "1.2.12 ptc-upstream: the upstream registry, no endpoint service, the execution role", scenario: "pull-through-cache", workload: "cold-isolated",
		kind: sim.CallPTCUpstream,
		want: sim.Call{Kind: sim.CallPTCUpstream, Host: "registry-1.docker.io", Port: 443, Phase: sim.PhaseStart, StopsTask: sim.StopsYes,
			Resource: "registry-1.docker.io/library/nginx", Region: "ap-northeast-1", Origin: sim.OriginTaskENI,
			Principal: fixtureExecRole, Container: "web", Image: hubImage},
	}, {
		name: "1.2.15 a cold cache asks the ecr.dkr endpoint policy for ecr:BatchImportUpstreamImage too", scenario: "pull-through-cache", workload: "cold-isolated",
		kind: sim.CallECRImage,
		want: sim.Call{Kind: sim.CallECRImage, Service: apne1 + "ecr.dkr", Host: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com", Port: 443, Phase: sim.PhaseStart, StopsTask: sim.StopsYes,
			Resource: "arn:aws:ecr:ap-northeast-1:123456789012:repository/docker-hub/library/nginx", Region: "ap-northeast-1", Origin: sim.OriginTaskENI,
			Actions:        []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchImportUpstreamImage"},
			PolicyResource: "arn:aws:ecr:ap-northeast-1:123456789012:repository/docker-hub/library/nginx", Principal: fixtureExecRole, Container: "web", Image: hubImage},
	}, {
		name: "1.2.13 a warm cache asks for the pull actions only", scenario: "pull-through-cache", workload: "warm-isolated",
		kind: sim.CallECRImage,
		want: sim.Call{Kind: sim.CallECRImage, Service: apne1 + "ecr.dkr", Host: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com", Port: 443, Phase: sim.PhaseStart, StopsTask: sim.StopsYes,
			Resource: "arn:aws:ecr:ap-northeast-1:123456789012:repository/ghcr/example/app", Region: "ap-northeast-1", Origin: sim.OriginTaskENI,
			Actions:        []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
			PolicyResource: "arn:aws:ecr:ap-northeast-1:123456789012:repository/ghcr/example/app", Principal: fixtureExecRole, Container: "app", Image: ghcrImage},
	}}
	reports := map[string]sim.Report{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := reports[tt.scenario]
			if !ok {
				r = sim.Run(loadScenario(t, tt.scenario))
				reports[tt.scenario] = r
			}
			var found []sim.Call
			for _, c := range workload(t, r, tt.workload).Calls {
				if c.Kind == tt.kind {
					found = append(found, c.Call)
				}
			}
			if tt.nth >= len(found) {
				t.Fatalf("%d %s calls, want call #%d", len(found), tt.kind, tt.nth)
			}
			if diff := cmp.Diff(tt.want, found[tt.nth]); diff != "" {
				t.Errorf("call (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCacheStateMissing checks that an unknown cache state is the missing
// fact of an unreachable ptc-upstream call and of its workload, and that
// the workload's outcome is unknown, not fails (aws-rules 1.2.14, 10.26).
func TestCacheStateMissing(t *testing.T) {
	w := loadScenario(t, "pull-through-cache")
	rule := w.PullThroughCacheRules[1]
	want := []sim.Missing{{What: "pull through cache state of " + quayImage + " (rule quay)",
		Why:    "the input does not say whether ECR already caches this tag; set the rule's cache state, cold or warm, to decide it",
		Source: rule.Source}}
	got := workload(t, sim.Run(w), "unknown-isolated")
	type summary struct {
		Outcome        sim.Outcome
		StoppedBy      sim.CallKind
		StoppedVerdict sim.Verdict
		Missing        []sim.Missing
		CallMissing    []sim.Missing
	}
	last := got.Calls[len(got.Calls)-1]
	if diff := cmp.Diff(summary{sim.OutcomeUnknown, sim.CallPTCUpstream, sim.Unknown, want, want},
		summary{got.Outcome, got.StoppedBy, got.StoppedVerdict, got.Missing, last.Missing}); diff != "" {
		t.Errorf("unknown-isolated (-want +got):\n%s", diff)
	}

	// The same rule, cold: the call is needed, and unreachable (1.2.12).
	w.PullThroughCacheRules[1].Cache = model.CacheCold
	got = workload(t, sim.Run(w), "unknown-isolated")
	last = got.Calls[len(got.Calls)-1]
	if got.Outcome != sim.OutcomeFails || last.Verdict != sim.Unreachable || len(last.Missing) != 0 {
		t.Errorf("cold: outcome %s, ptc-upstream %s with missing %v; want fails, unreachable, none", got.Outcome, last.Verdict, last.Missing)
	}
	// Warm: no ptc-upstream call at all (1.2.13).
	w.PullThroughCacheRules[1].Cache = model.CacheWarm
	got = workload(t, sim.Run(w), "unknown-isolated")
	for _, c := range got.Calls {
		if c.Kind == sim.CallPTCUpstream {
			t.Errorf("warm: a ptc-upstream call: %+v", c.Call)
		}
	}
	if got.Outcome != sim.OutcomeStarts {
		t.Errorf("warm: outcome %s, want starts", got.Outcome)
	}
}

// TestExecConfigVariants changes the kms-missing cluster of
// exec-config.yaml and checks the Exec configuration calls it makes
// (aws-rules 1.7.3-1.7.6), whole.
func TestExecConfigVariants(t *testing.T) {
	logs := func(group, region string) sim.Call {
		arn := "arn:aws:logs:" + region + ":123456789012:log-group:" + group
		return sim.Call{Kind: sim.CallExecLogs, Service: "com.amazonaws." + region + ".logs", Host: "logs." + region + ".amazonaws.com", Port: 443, Phase: sim.PhaseRuntime, StopsTask: sim.StopsNo,
			Resource: arn, Region: region, Origin: sim.OriginTaskENI,
			Actions:        []string{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:DescribeLogGroups", "logs:PutLogEvents"},
			PolicyResource: arn + ":*", Principal: fixtureTaskRole}
	}
	kms := func(resource, region, policyResource string) sim.Call {
		return sim.Call{Kind: sim.CallExecKMS, Service: "com.amazonaws." + region + ".kms", Host: "kms." + region + ".amazonaws.com", Port: 443, Phase: sim.PhaseRuntime, StopsTask: sim.StopsNo,
			Resource: resource, Region: region, Origin: sim.OriginTaskENI, Actions: []string{"kms:Decrypt"}, PolicyResource: policyResource, Principal: fixtureTaskRole}
	}
	tests := []struct {
		name   string
		change func(w *model.World, ec *model.ExecuteCommandConfig)
		want   []sim.Call
	}{{
		name:   "1.7.3 logging NONE: no session log call",
		change: func(_ *model.World, ec *model.ExecuteCommandConfig) { ec.Logging = model.ExecLoggingNone },
		want:   []sim.Call{kms(fixtureKey, "ap-northeast-1", fixtureKey)},
	}, {
		name: "1.7.5 logging OVERRIDE to a log group: the task region, not the container's group",
		change: func(_ *model.World, ec *model.ExecuteCommandConfig) {
			ec.KMSKeyID, ec.Logging, ec.CloudWatchLogGroup = "", model.ExecLoggingOverride, "/ecs/exec"
		},
		want: []sim.Call{logs("/ecs/exec", "ap-northeast-1")},
	}, {
		name: "1.7.4 a key in another region: KMS in the key's region",
		change: func(_ *model.World, ec *model.ExecuteCommandConfig) {
			ec.KMSKeyID, ec.Logging = "arn:aws:kms:us-west-2:123456789012:key/k", model.ExecLoggingNone
		},
		want: []sim.Call{kms("arn:aws:kms:us-west-2:123456789012:key/k", "us-west-2", "arn:aws:kms:us-west-2:123456789012:key/k")},
	}, {
		name: "1.7.4 a key ID: the task region, the key's ARN in the task's account",
		change: func(_ *model.World, ec *model.ExecuteCommandConfig) {
			ec.KMSKeyID, ec.Logging = "1234abcd-12ab-34cd-56ef-1234567890ab", model.ExecLoggingNone
		},
		want: []sim.Call{kms("1234abcd-12ab-34cd-56ef-1234567890ab", "ap-northeast-1", fixtureKey)},
	}, {
		name: "1.7.4 a key known only after apply: the task region, the resource unknown",
		change: func(w *model.World, ec *model.ExecuteCommandConfig) {
			ec.KMSKeyID, ec.Logging = "", model.ExecLoggingNone
			w.Unknowns = append(w.Unknowns, model.Unknown{ID: "kms", Kind: model.KindCluster,
				Field: "configuration.0.execute_command_configuration.0.kms_key_id", Why: "known only after apply"})
		},
		want: []sim.Call{kms("(known after apply)", "ap-northeast-1", "(known after apply)")},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadScenario(t, "exec-config")
			tt.change(w, w.Clusters[0].ExecuteCommand)
			var got []sim.Call
			for _, c := range workload(t, sim.Run(w), "kms-missing").Calls {
				switch c.Kind {
				case sim.CallExecKMS, sim.CallExecLogs, sim.CallExecS3:
					got = append(got, c.Call)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Exec configuration calls (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPTCPartialImage checks an image whose repository is known only in
// part (aws-rules 1.2.11): a rule whose prefix the rest may complete makes
// the ptc-upstream call, unknown where it is not reachable, naming the
// image; a known part no rule can complete makes none.
func TestPTCPartialImage(t *testing.T) {
	const registry = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/"
	tests := []struct {
		name, image string
		want        []outcome
		missing     []sim.Missing
	}{{
		name:  "1.2.11 docker-... may be under docker-hub/: the call, unknown",
		image: registry + "docker-",
		want: []outcome{
			unknown(sim.CallPTCUpstream, "isolated-a", reasons(sim.NoRoute), "isolated: route dropped NO_ROUTE"),
		},
		missing: []sim.Missing{{What: "image of container web in hub", Why: "known only after apply"}},
	}, {
		name:  "1.2.11 other/... is under no rule's prefix: no call",
		image: registry + "other/",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadScenario(t, "pull-through-cache")
			ct := &w.TaskDefinitions[0].Containers[0]
			ct.Image = tt.image
			ct.Unknowns = []model.ContainerUnknown{{Field: model.FieldImage, Why: "known only after apply"}}
			got := workload(t, sim.Run(w), "cold-isolated")
			var ptc []sim.CallResult
			for _, c := range got.Calls {
				if c.Kind == sim.CallPTCUpstream {
					ptc = append(ptc, c)
				}
			}
			if diff := cmp.Diff(tt.want, outcomes(sim.WorkloadResult{Calls: ptc})); diff != "" {
				t.Errorf("ptc-upstream (-want +got):\n%s", diff)
			}
			var missing []sim.Missing
			for _, c := range ptc {
				missing = append(missing, c.Missing...)
			}
			if diff := cmp.Diff(tt.missing, missing); diff != "" {
				t.Errorf("missing (-want +got):\n%s", diff)
			}
		})
	}
}

// TestColdCacheEndpointPolicy checks that a cold cache asks the ecr.dkr
// endpoint policy for ecr:BatchImportUpstreamImage (aws-rules 1.2.15,
// 10.28): a policy that allows only the pull actions blocks the cold pull
// and lets the warm one pass.
func TestColdCacheEndpointPolicy(t *testing.T) {
	w := loadScenario(t, "pull-through-cache")
	endpoint(t, w, "ecr-dkr").Policy = `{"Statement": [{"Effect": "Allow", "Principal": "*",
		"Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "*"}]}`
	r := sim.Run(w)
	image := func(name string) outcome {
		for _, o := range outcomes(workload(t, r, name)) {
			if o.Kind == sim.CallECRImage {
				return o
			}
		}
		t.Fatalf("%s: no ecr-image call", name)
		return outcome{}
	}
	got := []outcome{image("cold-nat"), image("warm-isolated")}
	want := []outcome{
		unreachable(sim.CallECRImage, "nat-a", reasons(sim.EndpointPolicyDenied), "ENI of endpoint ecr-dkr in isolated-a (10.0.1.0/24): endpoint-policy denied ENDPOINT_POLICY_DENIED"),
		reaches(sim.CallECRImage, "isolated-a", sim.ViaInterfaceEndpoint),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ecr-image (-want +got):\n%s", diff)
	}
}
