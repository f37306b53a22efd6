package sim_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/load"
	"github.com/vpctrace/vpctrace/sim"
)

// logStart is what a workload's start says about its logs call.
type logStart struct {
	Outcome        sim.Outcome
	Starts         bool
	StoppedBy      sim.CallKind
	StoppedVerdict sim.Verdict
	LogsVerdict    sim.Verdict
	LogsStops      sim.Stops
	Missing        []sim.Missing
}

func logStartOf(t *testing.T, wl sim.WorkloadResult) logStart {
	t.Helper()
	got := logStart{Outcome: wl.Outcome, Starts: wl.Starts, StoppedBy: wl.StoppedBy, StoppedVerdict: wl.StoppedVerdict, Missing: wl.Missing}
	for _, c := range wl.Calls {
		if c.Kind == sim.CallLogs {
			got.LogsVerdict, got.LogsStops = c.Verdict, c.StopsTask
		}
	}
	for _, m := range wl.Missing {
		if !m.Source.IsValid() {
			t.Errorf("missing %q has no position", m.What)
		}
	}
	return got
}

// noAccountSetting is what awslogs-mode.yaml's "unset" workload misses:
// the account's defaultLogDriverMode (aws-rules 1.3.5, 10.21).
var noAccountSetting = sim.Missing{What: "the ECS account setting defaultLogDriverMode of ap-northeast-1",
	Why: "container app sets no awslogs mode and the input does not give the account's default, which may be blocking " +
		"(give it with --default-log-driver-mode, aws_ecs_account_setting_default or the scenario's account_settings; aws-rules 1.3.5, 10.21)"}

// TestLogDriverMode checks that the awslogs delivery mode decides whether an
// unreachable logs call stops the task, where the mode comes from, and that
// a mode the input does not determine is named only where it could change
// the outcome. In both scenarios logs is refused by its endpoint's security
// group and every other call is reachable.
func TestLogDriverMode(t *testing.T) {
	fails := func(v sim.Verdict) logStart {
		return logStart{Outcome: sim.OutcomeFails, StoppedBy: sim.CallLogs, StoppedVerdict: v, LogsVerdict: sim.Unreachable, LogsStops: sim.StopsYes}
	}
	failsEC2 := fails(sim.Unreachable)
	starts := logStart{Outcome: sim.OutcomeStarts, Starts: true, LogsVerdict: sim.Unreachable, LogsStops: sim.StopsNo}
	untold := func(m sim.Missing) logStart {
		return logStart{Outcome: sim.OutcomeUnknown, StoppedBy: sim.CallLogs, StoppedVerdict: sim.Unknown, LogsVerdict: sim.Unreachable,
			LogsStops: sim.StopsUnknown, Missing: []sim.Missing{m}}
	}
	cases := []struct {
		name, scenario, workload string
		flag                     string // --default-log-driver-mode
		change                   func(w *model.World)
		want                     logStart
	}{
		{name: "1.3.6 EC2 blocking: the task stops", scenario: "awslogs-mode", workload: "blocking", want: failsEC2},
		{name: "1.3.6 EC2 non-blocking: the task starts, logs stays unreachable", scenario: "awslogs-mode", workload: "non-blocking", want: starts},
		{name: "1.3.5 10.21 EC2 without mode or account setting: unknown, naming the setting", scenario: "awslogs-mode", workload: "unset",
			want: untold(noAccountSetting)},
		{name: "1.3.7 Fargate non-blocking: the start fails whatever the mode", scenario: "awslogs-mode", workload: "fargate-non-blocking", want: failsEC2},
		{name: "1.3.5 --default-log-driver-mode blocking", scenario: "awslogs-mode", workload: "unset", flag: "blocking", want: failsEC2},
		{name: "1.3.5 --default-log-driver-mode non-blocking", scenario: "awslogs-mode", workload: "unset", flag: "non-blocking", want: starts},
		{name: "1.3.5 the container's mode wins over the flag", scenario: "awslogs-mode", workload: "blocking", flag: "non-blocking", want: failsEC2},
		{name: "1.3.5 the account setting blocking", scenario: "awslogs-mode-account", workload: "unset", want: failsEC2},
		{name: "1.3.5 the input's account setting wins over the flag", scenario: "awslogs-mode-account", workload: "unset", flag: "non-blocking", want: failsEC2},
		{name: "1.3.5 the container's mode wins over the account setting", scenario: "awslogs-mode-account", workload: "non-blocking", want: starts},
		{name: "1.3.5 an account setting value known only after apply", scenario: "awslogs-mode-account", workload: "unset",
			change: func(w *model.World) {
				w.AccountSettings[0].Value = ""
				w.Unknowns = append(w.Unknowns, model.Unknown{ID: "log-mode", Kind: model.KindAccountSetting, Field: "value", Why: "known only after apply", Source: w.AccountSettings[0].Source})
			},
			want: untold(sim.Missing{What: "the value of the account setting defaultLogDriverMode of ap-northeast-1, log-mode", Why: "known only after apply"})},
		{name: "1.3.5 a mode known only after apply", scenario: "awslogs-mode", workload: "unset",
			change: func(w *model.World) {
				ct := &taskDefinition(t, w, "unset").Containers[0]
				ct.LogOptions["mode"] = ""
				ct.Unknowns = append(ct.Unknowns, model.ContainerUnknown{Field: model.FieldLogMode, Why: "known only after apply", Source: ct.Source})
			},
			want: untold(sim.Missing{What: "logConfiguration.options.mode of container app in unset", Why: "known only after apply"})},
		{name: "1.3.6 another call stops the task: the mode is not missing", scenario: "awslogs-mode", workload: "unset",
			change: func(w *model.World) { routeTable(t, w, "private").Routes = nil },
			want: logStart{Outcome: sim.OutcomeFails, StoppedBy: sim.CallECSAPI, StoppedVerdict: sim.Unreachable, // 7.5.3: the agent first
				LogsVerdict: sim.Unreachable, LogsStops: sim.StopsUnknown}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := loadScenario(t, tc.scenario)
			load.AddLogDriverMode(w, tc.flag)
			if tc.change != nil {
				tc.change(w)
			}
			if diags := w.Validate(); diags.HasErrors() {
				t.Fatal(diags)
			}
			got := logStartOf(t, workload(t, sim.Run(w), tc.workload))
			if diff := cmp.Diff(tc.want, got, cmpopts.IgnoreFields(sim.Missing{}, "Source"), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("logs and start (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFirelensCalls checks which container makes which call in a task with
// a FireLens log router: the awsfirelens container makes no logs call
// (aws-rules 1.3.8), the router's configuration file in S3 is downloaded
// for the execution role from the container instance (1.3.9, 2.6), and the
// router's image is pulled from the registry its URI names (1.3.11).
func TestFirelensCalls(t *testing.T) {
	type call struct {
		Kind                      sim.CallKind
		Container, Resource, Host string
		Origin                    sim.Origin
		Principal, PolicyResource string
		Actions                   []string
		Stops                     sim.Stops
	}
	const exec = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
	router, app := "906394416424.dkr.ecr.ap-northeast-1.amazonaws.com", "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com"
	want := []call{
		{sim.CallECRAuth, "log_router", router, "api.ecr.ap-northeast-1.amazonaws.com", sim.OriginInstance, exec, "*", []string{"ecr:GetAuthorizationToken"}, sim.StopsYes},
		{sim.CallECRAuth, "app", app, "api.ecr.ap-northeast-1.amazonaws.com", sim.OriginInstance, exec, "*", []string{"ecr:GetAuthorizationToken"}, sim.StopsYes},
		{sim.CallECRImage, "log_router", "arn:aws:ecr:ap-northeast-1:906394416424:repository/aws-for-fluent-bit", router, sim.OriginInstance, exec,
			"arn:aws:ecr:ap-northeast-1:906394416424:repository/aws-for-fluent-bit", []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}, sim.StopsYes},
		{sim.CallECRImage, "app", "arn:aws:ecr:ap-northeast-1:123456789012:repository/app", app, sim.OriginInstance, exec,
			"arn:aws:ecr:ap-northeast-1:123456789012:repository/app", []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}, sim.StopsYes},
		{sim.CallECRLayers, "log_router", "arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket", "prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com",
			sim.OriginInstance, "", "arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*", []string{"s3:GetObject"}, sim.StopsYes},
		{sim.CallLogs, "log_router", "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/firelens", "logs.ap-northeast-1.amazonaws.com", sim.OriginInstance, exec,
			"arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/firelens:log-stream:*", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, sim.StopsYes},
		{sim.CallFirelens, "log_router", "arn:aws:s3:::example-log-config/fluent-bit/extra.conf", "example-log-config.s3.ap-northeast-1.amazonaws.com", sim.OriginInstance, exec,
			"arn:aws:s3:::example-log-config/fluent-bit/extra.conf", []string{"s3:GetObject"}, sim.StopsYes},
	}
	wl := workload(t, sim.Run(loadScenario(t, "firelens")), "s3-config")
	var got []call
	for _, c := range wl.Calls {
		if c.Kind == sim.CallECSAPI || c.Kind == sim.CallECSAgent || c.Kind == sim.CallECSTelemetry {
			continue
		}
		got = append(got, call{c.Kind, c.Container, c.Resource, c.Host, c.Origin, c.Principal, c.PolicyResource, c.Actions, c.StopsTask})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

// taskDefinition returns the task definition with the given ID.
func taskDefinition(t *testing.T, w *model.World, id string) *model.TaskDefinition {
	t.Helper()
	td := elem(w.TaskDefinitions, id, func(td *model.TaskDefinition) string { return td.ID })
	if td == nil {
		t.Fatalf("no task definition %q", id)
	}
	return td
}

// routeTable returns the route table with the given ID.
func routeTable(t *testing.T, w *model.World, id string) *model.RouteTable {
	t.Helper()
	rt := elem(w.RouteTables, id, func(rt *model.RouteTable) string { return rt.ID })
	if rt == nil {
		t.Fatalf("no route table %q", id)
	}
	return rt
}

// TestFirelensUnknowns checks the firelens-config call of a router whose
// configuration the input does not determine (aws-rules 1.3.9): a file ARN
// known only in part still names its bucket and is traced, with the
// setting named; a configuration that may or may not name an S3 file
// cannot be traced.
func TestFirelensUnknowns(t *testing.T) {
	type firelensCall struct {
		Resource string
		Verdict  sim.Verdict
		Reason   sim.Reason
		Missing  []string
	}
	const why = "known only after apply"
	cases := []struct {
		name   string
		change func(ct *model.Container)
		want   []firelensCall
	}{{
		name:   "1.3.9 the configuration as written: refused by the S3 endpoint policy",
		change: func(*model.Container) {},
		want:   []firelensCall{{"arn:aws:s3:::example-log-config/fluent-bit/extra.conf", sim.Unreachable, sim.EndpointPolicyDenied, nil}},
	}, {
		name: "1.3.9 6.1.2 the object key known only after apply: traced to its bucket, where a custom policy cannot be decided",
		change: func(ct *model.Container) {
			ct.Firelens.Options["config-file-value"] = "arn:aws:s3:::example-log-config/"
			ct.Unknowns = append(ct.Unknowns, model.ContainerUnknown{Field: model.FieldFirelensConfigValue, Why: why, Source: ct.Source})
		},
		// The path reaches the S3 gateway endpoint; its policy is asked
		// about an object the input does not determine (6.1.2).
		want: []firelensCall{{"arn:aws:s3:::example-log-config/(known after apply)", sim.Unknown, sim.Unmodeled,
			[]string{"firelensConfiguration.options.config-file-value of container log_router in s3-config"}}},
	}, {
		name: "1.3.9 the whole firelensConfiguration known only after apply: cannot be traced",
		change: func(ct *model.Container) {
			ct.Firelens = &model.FirelensConfiguration{}
			ct.Unknowns = append(ct.Unknowns, model.ContainerUnknown{Field: model.FieldFirelens, Why: why, Source: ct.Source})
		},
		want: []firelensCall{{"(known after apply)", sim.Unknown, sim.Unmodeled, []string{"firelensConfiguration of container log_router in s3-config"}}},
	}, {
		name:   "1.3.9 the file type: no download",
		change: func(ct *model.Container) { ct.Firelens.Options["config-file-type"] = "file" },
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := loadScenario(t, "firelens")
			tc.change(&taskDefinition(t, w, "s3-config").Containers[0])
			var got []firelensCall
			for _, c := range workload(t, sim.Run(w), "s3-config").Calls {
				if c.Kind != sim.CallFirelens {
					continue
				}
				fc := firelensCall{Resource: c.Resource, Verdict: c.Verdict, Reason: c.Reason}
				for _, m := range c.Missing {
					fc.Missing = append(fc.Missing, m.What)
				}
				got = append(got, fc)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("firelens-config calls (-want +got):\n%s", diff)
			}
		})
	}
}
