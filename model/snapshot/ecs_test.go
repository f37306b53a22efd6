package snapshot

import (
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
)

// fixture finds positions in the files of a snapshot folder under
// testdata by their text, independently of the reader's JSON index.
type fixture struct {
	t   *testing.T
	dir string // e.g. "testdata/ecs/fargate"
}

// offset is the byte offset of needle, which must occur once in file.
func (f fixture) offset(file, needle string) (string, int) {
	f.t.Helper()
	data, err := os.ReadFile(filepath.Join(f.dir, file))
	if err != nil {
		f.t.Fatal(err)
	}
	if n := strings.Count(string(data), needle); n != 1 {
		f.t.Fatalf("%s: %q occurs %d times, want once", file, needle, n)
	}
	return string(data), strings.Index(string(data), needle)
}

// pos is the position of byte off of text in file, as Load names it.
func (f fixture) pos(file, text string, off int) model.Pos {
	before := text[:off]
	line := strings.Count(before, "\n") + 1
	col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return model.Pos{File: filepath.Join(filepath.Base(f.dir), file), Line: line, Column: col}
}

// value is the position of the value of the member that needle begins
// (`"key": ` and enough of the value to be unique).
func (f fixture) value(file, needle string) model.Pos {
	f.t.Helper()
	text, off := f.offset(file, needle)
	sep := strings.Index(needle, `": `)
	if sep < 0 {
		f.t.Fatalf("%q is not a member", needle)
	}
	return f.pos(file, text, off+sep+len(`": `))
}

// obj is the position of the object whose member needle is: the last "{"
// before it.
func (f fixture) obj(file, needle string) model.Pos {
	f.t.Helper()
	text, off := f.offset(file, needle)
	return f.pos(file, text, strings.LastIndexByte(text[:off], '{'))
}

// at is the position of needle's first byte.
func (f fixture) at(file, needle string) model.Pos {
	f.t.Helper()
	text, off := f.offset(file, needle)
	return f.pos(file, text, off)
}

// lacking is the World.Unknowns entry of a setting the snapshot lacks.
func lacking(k model.Kind, id, field, command string, p model.Pos) model.Unknown {
	return model.Unknown{ID: id, Kind: k, Field: field, Source: p, Why: "not in the snapshot",
		Fix: "add the output of " + command + " to the snapshot folder"}
}

// view is what the ECS and EFS decoders give a world, and the
// diagnostics.
type view struct {
	Clusters        []model.Cluster
	Services        []model.Service
	TaskDefinitions []model.TaskDefinition
	AccountSettings []model.AccountSetting
	Instances       []model.Instance
	FileSystems     []model.FileSystem
	Unknowns        []model.Unknown
	Diags           model.Diagnostics
}

func viewOf(w *model.World, diags model.Diagnostics) view {
	return view{w.Clusters, w.Services, w.TaskDefinitions, w.AccountSettings, w.Instances, w.FileSystems, w.Unknowns, diags}
}

var cmpAddr = cmp.Comparer(func(a, b netip.Addr) bool { return a == b })

const (
	clusterApp = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/app"
	serviceWeb = "arn:aws:ecs:ap-northeast-1:123456789012:service/app/web"
	serviceWkr = "arn:aws:ecs:ap-northeast-1:123456789012:service/app/worker"
	tdWeb      = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:3"
	subnetA    = "subnet-0a1b2c3d4e5f60001"
	subnetB    = "subnet-0a1b2c3d4e5f60002"
	groupApp   = "sg-0123456789abcdef0"
)

// TestECSResponses loads whole ECS snapshots and compares what each
// response gives the world (aws-rules 11.4.1 to 11.4.7).
func TestECSResponses(t *testing.T) {
	for _, tc := range []struct {
		name string
		dir  string
		want func(f fixture) view
	}{{
		// A Fargate service and its task definition, a service whose task
		// definition the folder lacks (11.4.4), "failures" entries
		// (11.4.2), the root user's account settings (11.4.7), and
		// subnets, groups and a file system the folder does not describe.
		name: "fargate, 11.4.1-11.4.5, 11.4.7",
		dir:  "testdata/ecs/fargate",
		want: func(f fixture) view {
			const cl, sv, td, as = "clusters.json", "services.json", "task-definition-web.json", "account-settings.json"
			return view{
				Clusters: []model.Cluster{{ID: clusterApp, Source: f.obj(cl, `"clusterArn": "`+clusterApp), Name: "app",
					ExecuteCommand: &model.ExecuteCommandConfig{Source: f.value(cl, `"executeCommandConfiguration": `),
						KMSKeyID: "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", Logging: model.ExecLoggingOverride,
						CloudWatchLogGroup: "/ecs/exec", CloudWatchEncryption: true}}},
				Services: []model.Service{
					{ID: serviceWeb, Source: f.obj(sv, `"serviceArn": "`+serviceWeb), Name: "web", Cluster: clusterApp, TaskDefinition: tdWeb,
						LaunchType: "FARGATE", PlatformVersion: "1.4.0", EnableExecuteCommand: true},
					// The service's own strategy; Fargate without a
					// version is LATEST (aws-rules 2.3); assignPublicIp.
					{ID: serviceWkr, Source: f.obj(sv, `"serviceArn": "`+serviceWkr), Name: "worker", Cluster: clusterApp,
						CapacityProviders: []string{"FARGATE_SPOT"}, PlatformVersion: "LATEST", AssignPublicIP: true},
				},
				TaskDefinitions: []model.TaskDefinition{{ID: tdWeb, Source: f.value(td, `"taskDefinition": `), Family: "web", NetworkMode: "awsvpc",
					RequiresCompatibilities: []string{"FARGATE"}, OperatingSystemFamily: "LINUX",
					ExecutionRoleARN: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole", TaskRoleARN: "arn:aws:iam::123456789012:role/web-task",
					Containers: []model.Container{
						{Source: f.obj(td, `"name": "app"`), Name: "app", Image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:1.8.2",
							LogDriver: "awslogs", LogOptions: map[string]string{"awslogs-group": "/ecs/web", "awslogs-region": "ap-northeast-1", "awslogs-stream-prefix": "web", "mode": "non-blocking"},
							Secrets: []model.Secret{
								{Source: f.obj(td, `"name": "DB_PASSWORD"`), Name: "DB_PASSWORD", ValueFrom: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf"},
								{Source: f.obj(td, `"name": "API_KEY"`), Name: "API_KEY", ValueFrom: "arn:aws:ssm:ap-northeast-1:123456789012:parameter/web/api-key"},
							},
							EnvironmentFiles: []string{"arn:aws:s3:::app-config-123456789012/web.env"}},
						{Source: f.obj(td, `"name": "log-router"`), Name: "log-router", Image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
							LogDriver: "awsfirelens",
							LogSecretOptions: []model.Secret{{Source: f.obj(td, `"name": "apikey"`), Name: "apikey",
								ValueFrom: "arn:aws:ssm:ap-northeast-1:123456789012:parameter/web/log-key"}},
							RepositoryCredentials: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:registry-XyZ123",
							Firelens: &model.FirelensConfiguration{Type: "fluentbit", Options: map[string]string{
								"config-file-type": "s3", "config-file-value": "arn:aws:s3:::app-config-123456789012/fluent-bit.conf"}}},
					},
					Volumes: []model.Volume{
						{Source: f.obj(td, `"name": "data"`), Name: "data", EFS: &model.EFSVolume{FileSystemID: "fs-0123456789abcdef0", TransitEncryption: true}},
						{Source: f.obj(td, `"name": "scratch"`), Name: "scratch"},
					}}},
				// The role's own setting is not the account's default.
				AccountSettings: []model.AccountSetting{
					{ID: "defaultLogDriverMode", Source: f.obj(as, `"name": "defaultLogDriverMode"`), Name: "defaultLogDriverMode", Value: "blocking"},
					{ID: "awsvpcTrunking", Source: f.obj(as, `"value": "enabled"`), Name: "awsvpcTrunking", Value: "enabled"},
				},
				Unknowns: []model.Unknown{
					lacking(model.KindService, serviceWeb, "subnets", "aws ec2 describe-subnets --subnet-ids "+subnetA+" "+subnetB, f.value(sv, `"subnets": [
                        "`+subnetA+`",
                        "`+subnetB)),
					lacking(model.KindService, serviceWeb, "security_groups", "aws ec2 describe-security-groups --group-ids "+groupApp, f.value(sv, `"securityGroups": [
                        "`+groupApp+`"
                    ],
                    "assignPublicIp": "DISABLED"`)),
					lacking(model.KindService, serviceWkr, "task_definition",
						"aws ecs describe-task-definition --task-definition arn:aws:ecs:ap-northeast-1:123456789012:task-definition/worker:7",
						f.value(sv, `"taskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/worker:7"`)),
					lacking(model.KindService, serviceWkr, "subnets", "aws ec2 describe-subnets --subnet-ids "+subnetA, f.value(sv, `"subnets": [
                        "`+subnetA+`"
                    ],`)),
					lacking(model.KindService, serviceWkr, "security_groups", "aws ec2 describe-security-groups --group-ids "+groupApp, f.value(sv, `"securityGroups": [
                        "`+groupApp+`"
                    ],
                    "assignPublicIp": "ENABLED"`)),
					lacking(model.KindFileSystem, "fs-0123456789abcdef0", "file_system", "aws efs describe-file-systems --file-system-id fs-0123456789abcdef0", f.obj(td, `"name": "data"`)),
				},
				Diags: model.Diagnostics{
					{Severity: model.SeverityWarning, Code: CodeMissing, Source: f.obj(cl, `"arn": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/old"`),
						Message: "aws ecs describe-clusters could not describe arn:aws:ecs:ap-northeast-1:123456789012:cluster/old: MISSING; what refers to it is unknown"},
					{Severity: model.SeverityWarning, Code: CodeMissing, Source: f.obj(sv, `"arn": "arn:aws:ecs:ap-northeast-1:123456789012:service/app/gone"`),
						Message: "aws ecs describe-services could not describe arn:aws:ecs:ap-northeast-1:123456789012:service/app/gone: MISSING; what refers to it is unknown"},
				},
			}
		},
	}, {
		// An EC2 service that names neither a launch type nor a strategy in
		// a cluster with no default strategy, a service of a cluster the
		// folder lacks (11.4.4), and container instances whose EC2
		// instances describe-instances does not give (11.4.6).
		name: "ec2, 11.4.4-11.4.6",
		dir:  "testdata/ecs/ec2",
		want: func(f fixture) view {
			const cl, sv, td, ci = "clusters.json", "services.json", "task-definition-jobs.json", "container-instances.json"
			const batch = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/batch"
			const jobs = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/jobs:2"
			const daily = "arn:aws:ecs:ap-northeast-1:123456789012:service/reports/daily"
			const reports = "aws ecs describe-clusters --clusters arn:aws:ecs:ap-northeast-1:123456789012:cluster/reports"
			return view{
				Clusters: []model.Cluster{{ID: batch, Source: f.obj(cl, `"clusterArn"`), Name: "batch"}},
				Services: []model.Service{
					{ID: "arn:aws:ecs:ap-northeast-1:123456789012:service/batch/jobs", Source: f.obj(sv, `"serviceArn": "arn:aws:ecs:ap-northeast-1:123456789012:service/batch/jobs"`),
						Name: "jobs", Cluster: batch, TaskDefinition: jobs, LaunchType: "EC2"},
					{ID: daily, Source: f.obj(sv, `"serviceArn": "`+daily), Name: "daily", TaskDefinition: jobs},
				},
				// No networkMode: bridge (11.4.5).
				TaskDefinitions: []model.TaskDefinition{{ID: jobs, Source: f.value(td, `"taskDefinition": `), Family: "jobs", NetworkMode: "bridge",
					RequiresCompatibilities: []string{"EC2"},
					Containers:              []model.Container{{Source: f.obj(td, `"name": "jobs"`), Name: "jobs", Image: "busybox:1.36"}}}},
				Unknowns: []model.Unknown{
					lacking(model.KindService, daily, "cluster", reports, f.value(sv, `"clusterArn": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/reports`)),
					lacking(model.KindService, daily, "launch_type", reports, f.obj(sv, `"serviceArn": "`+daily)),
					// Only the ACTIVE one is a host.
					lacking(model.KindCluster, batch, "container_instances", "aws ec2 describe-instances --instance-ids i-0aaaabbbbcccc0001",
						f.value(ci, `"ec2InstanceId": "i-0aaaabbbbcccc0001`)),
					// The cluster counts three; the folder describes two.
					lacking(model.KindCluster, batch, "container_instances",
						"aws ecs list-container-instances --cluster batch and aws ecs describe-container-instances --cluster batch --container-instances ID...",
						f.value(cl, `"registeredContainerInstancesCount": `)),
				},
			}
		},
	}, {
		// One describe-task-definition file per family, merged; the same
		// revision twice is read once (11.4.1).
		name: "task definitions merged, 11.4.1",
		dir:  "testdata/ecs/merge",
		want: func(f fixture) view {
			td := func(file, family, rev, image string) model.TaskDefinition {
				return model.TaskDefinition{ID: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/" + family + ":" + rev,
					Source: f.value(file, `"taskDefinition": `), Family: family, NetworkMode: "awsvpc", RequiresCompatibilities: []string{"FARGATE"},
					Containers: []model.Container{{Source: f.obj(file, `"name": "main"`), Name: "main", Image: image}}}
			}
			return view{TaskDefinitions: []model.TaskDefinition{
				td("task-definition-api-copy.json", "api", "1", "nginx:1.27"),
				td("task-definition-cron.json", "cron", "4", "busybox:1.36"),
			}}
		},
	}, {
		// One revision described twice, differently: a conflict (11.4.1).
		name: "task definition conflict, 11.4.1",
		dir:  "testdata/ecs/conflict",
		want: func(f fixture) view {
			first := f.value("task-definition-api-changed.json", `"taskDefinition": `)
			return view{
				TaskDefinitions: []model.TaskDefinition{{ID: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/api:1", Source: first,
					Family: "api", NetworkMode: "awsvpc", RequiresCompatibilities: []string{"FARGATE"},
					Containers: []model.Container{{Source: f.obj("task-definition-api-changed.json", `"name": "main"`), Name: "main", Image: "nginx:1.28"}}}},
				Diags: model.Diagnostics{{Severity: model.SeverityError, Code: CodeConflict, Source: f.value("task-definition-api.json", `"taskDefinition": `),
					Message: "task definition arn:aws:ecs:ap-northeast-1:123456789012:task-definition/api:1 is described again, differently from " + first.String() + ": the folder mixes two collections; collect the snapshot again into an empty folder (aws-rules 11.1.5)"}},
			}
		},
	}, {
		// Values whose JSON type is not the API's: positioned errors, and
		// the response is left out (11.4.1).
		name: "malformed values, 11.4.1",
		dir:  "testdata/ecs/malformed",
		want: func(f fixture) view {
			return view{Diags: model.Diagnostics{
				{Severity: model.SeverityError, Code: CodeInvalidJSON, Source: f.value("services.json", `"desiredCount": "two"`),
					Message: "services[0].desiredCount is string, but the AWS API gives it as int32"},
				{Severity: model.SeverityError, Code: CodeInvalidJSON, Source: f.value("task-definition.json", `"memory": "512"`),
					Message: "taskDefinition.containerDefinitions[0].memory is string, but the AWS API gives it as int32"},
			}}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			w, diags := Load(tc.dir)
			want := tc.want(fixture{t, tc.dir})
			if diff := cmp.Diff(want, viewOf(w, diags), cmpAddr); diff != "" {
				t.Errorf("Load(%s) (-want +got):\n%s", tc.dir, diff)
			}
		})
	}
}

// TestECSRegionAccountFromARNs checks that the ECS objects' ARNs name the
// snapshot's region and account (aws-rules 11.4.1).
func TestECSRegionAccountFromARNs(t *testing.T) {
	w, _ := Load("testdata/ecs/ec2")
	if w.Region != "ap-northeast-1" || w.Account != "123456789012" {
		t.Errorf("region %q, account %q; want ap-northeast-1 and 123456789012 from the ARNs", w.Region, w.Account)
	}
}

// decodeInto reads the responses of the folder dir into a builder whose
// world seed prepares (the EC2 objects another decoder would give), then
// runs the ECS and EFS finishing steps alone: no EC2 step, no Validate.
func decodeInto(t *testing.T, dir string, seed func(w *model.World)) (*model.World, model.Diagnostics) {
	t.Helper()
	b := newBuilder()
	seed(b.w)
	ks := kinds()
	err := walk(dir, func(path string) bool {
		d, err := readDoc(path, dir)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		k, ok := recognise(d, ks)
		if !ok {
			t.Fatalf("%s is not recognised", path)
		}
		if d.idx, err = indexJSON(d.data); err != nil {
			t.Fatal(err)
		}
		b.seen[k.command] = true
		k.decode(b, d)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	b.finishECS()
	b.finishEFS()
	return b.w, b.diags
}

// TestECSJoinsDescribedObjects checks what finishECS does when the EC2
// responses describe what the ECS ones name: the services keep their
// subnets and groups, and the ACTIVE container instance's EC2 instance
// gets its cluster and agent version (aws-rules 11.4.4, 11.4.6).
func TestECSJoinsDescribedObjects(t *testing.T) {
	const batch = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/batch"
	instances := []model.Instance{{ID: "i-0aaaabbbbcccc0001", Subnet: subnetA}, {ID: "i-0aaaabbbbcccc0002", Subnet: subnetA}}
	for _, tc := range []struct {
		name string
		dir  string
		seed func(w *model.World)
		want func(f fixture) view
	}{{
		name: "service subnets and groups, 11.4.4",
		dir:  "testdata/ecs/fargate",
		seed: func(w *model.World) {
			w.Subnets = []model.Subnet{{ID: subnetA}}
			w.SecurityGroups = []model.SecurityGroup{{ID: groupApp}}
		},
		want: func(f fixture) view {
			// Only subnetB is missing; the worker lacks only its task
			// definition.
			sv := "services.json"
			return view{
				Services: []model.Service{
					{ID: serviceWeb, Subnets: []string{subnetA}, SecurityGroups: []string{groupApp}},
					{ID: serviceWkr, Subnets: []string{subnetA}, SecurityGroups: []string{groupApp}},
				},
				Unknowns: []model.Unknown{
					lacking(model.KindService, serviceWeb, "subnets", "aws ec2 describe-subnets --subnet-ids "+subnetB, f.value(sv, `"subnets": [
                        "`+subnetA+`",
                        "`+subnetB)),
					lacking(model.KindService, serviceWkr, "task_definition",
						"aws ecs describe-task-definition --task-definition arn:aws:ecs:ap-northeast-1:123456789012:task-definition/worker:7",
						f.value(sv, `"taskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/worker:7"`)),
					lacking(model.KindFileSystem, "fs-0123456789abcdef0", "file_system", "aws efs describe-file-systems --file-system-id fs-0123456789abcdef0",
						f.obj("task-definition-web.json", `"name": "data"`)),
				},
			}
		},
	}, {
		name: "container instances, 11.4.6",
		dir:  "testdata/ecs/ec2",
		seed: func(w *model.World) { w.Instances = slices.Clone(instances) },
		want: func(f fixture) view {
			const reports = "aws ecs describe-clusters --clusters arn:aws:ecs:ap-northeast-1:123456789012:cluster/reports"
			const daily = "arn:aws:ecs:ap-northeast-1:123456789012:service/reports/daily"
			return view{
				Services: []model.Service{{ID: "arn:aws:ecs:ap-northeast-1:123456789012:service/batch/jobs"}, {ID: daily}},
				// The DRAINING instance takes no task: it stays no host.
				Instances: []model.Instance{{ID: "i-0aaaabbbbcccc0001", Subnet: subnetA, Cluster: batch, AgentVersion: "1.89.1"}, instances[1]},
				Unknowns: []model.Unknown{
					lacking(model.KindService, daily, "cluster", reports, f.value("services.json", `"clusterArn": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/reports`)),
					lacking(model.KindService, daily, "launch_type", reports, f.obj("services.json", `"serviceArn": "`+daily)),
					lacking(model.KindCluster, batch, "container_instances",
						"aws ecs list-container-instances --cluster batch and aws ecs describe-container-instances --cluster batch --container-instances ID...",
						f.value("clusters.json", `"registeredContainerInstancesCount": `)),
				},
			}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			w, diags := decodeInto(t, tc.dir, tc.seed)
			got := viewOf(w, diags)
			// Of the services, only what the join decides.
			for i, s := range got.Services {
				got.Services[i] = model.Service{ID: s.ID, Subnets: s.Subnets, SecurityGroups: s.SecurityGroups}
			}
			got.Clusters, got.TaskDefinitions, got.AccountSettings = nil, nil, nil
			// The "failures" warnings are TestECSResponses'.
			var kept model.Diagnostics
			for _, d := range got.Diags {
				if !strings.Contains(d.Message, "could not describe") {
					kept = append(kept, d)
				}
			}
			got.Diags = kept
			if diff := cmp.Diff(tc.want(fixture{t, tc.dir}), got, cmpAddr); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
