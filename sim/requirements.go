package sim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/catalog"
	"github.com/vpctrace/vpctrace/model"
)

// Requirement is one row of the endpoint requirements table: a use case,
// the calls it makes and the endpoint services those calls need on a given
// launch type and platform version.
type Requirement struct {
	Use       string     // e.g. "Pull an image from ECR"
	Calls     []CallKind // the call kinds behind the use case
	Endpoints []string   // endpoint services needed, e.g. "ecr.dkr", "s3 (Gateway)"; empty when none
	Origin    Origin     // which interface makes the calls
	// Note explains the row, e.g. why the seed article's table differs.
	Note string
}

// Requirements returns, for a launch type ("FARGATE" or "EC2") and a
// Fargate platform version ("1.3.0", "1.4.0", "LATEST", or empty), which
// endpoint services each use case needs. The rows are catalog.Uses, made
// of the calls the tracer builds for a sample task definition.
func Requirements(launchType, platformVersion string) ([]Requirement, error) {
	wl, calls, err := sampleCalls(launchType, platformVersion)
	if err != nil {
		return nil, err
	}
	var out []Requirement
	for _, u := range catalog.Uses {
		var kinds []CallKind
		for _, k := range catalog.KindsOf(u.Name) {
			kinds = append(kinds, CallKind(k.Name))
		}
		if row, ok := requirementRow(wl, calls, u, kinds); ok {
			out = append(out, row)
		}
	}
	return out, nil
}

// sampleCalls returns a service of the launch type and platform version
// whose task definition makes a call of every kind it can, and its calls:
// an ECR image with awslogs, a secret, a parameter and an environment
// file, a Docker Hub image, an image of a cold pull through cache, an EFS
// volume, ECS Exec with a KMS key and session logging to CloudWatch Logs
// and S3, and on EC2 the agent's calls.
func sampleCalls(launchType, platformVersion string) (*workload, []plannedCall, error) {
	launchType = strings.ToUpper(launchType)
	if launchType != "FARGATE" && launchType != "EC2" {
		return nil, nil, fmt.Errorf("launch type %q is not FARGATE or EC2", launchType)
	}
	const region = "region" // a lower-case placeholder: hosts are not shown
	td := model.TaskDefinition{ID: "td", Family: "app", NetworkMode: "awsvpc", ExecutionRoleARN: "arn:aws:iam::123456789012:role/exec",
		Containers: []model.Container{
			{Name: "ecr", Image: "123456789012.dkr.ecr." + region + ".amazonaws.com/app:latest", LogDriver: "awslogs",
				LogOptions:       map[string]string{"awslogs-region": region, "awslogs-group": "/ecs/app"},
				Secrets:          []model.Secret{{ValueFrom: "arn:aws:secretsmanager:" + region + ":123456789012:secret:db-AbCdEf"}, {ValueFrom: "/app/param"}},
				EnvironmentFiles: []string{"arn:aws:s3:::bucket/app.env"}},
			{Name: "hub", Image: "nginx:latest"},
			{Name: "cached", Image: "123456789012.dkr.ecr." + region + ".amazonaws.com/docker-hub/library/nginx:latest"},
			{Name: "log_router", Image: "906394416424.dkr.ecr." + region + ".amazonaws.com/aws-for-fluent-bit:stable",
				Firelens: &model.FirelensConfiguration{Type: "fluentbit", Options: map[string]string{"config-file-type": "s3", "config-file-value": "arn:aws:s3:::bucket/fluent-bit.conf"}}},
		},
		Volumes: []model.Volume{{Name: "data", EFS: &model.EFSVolume{FileSystemID: "fs-12345678"}}},
	}
	cl := model.Cluster{ID: "cluster", Name: "cluster", Region: region, ExecuteCommand: &model.ExecuteCommandConfig{
		KMSKeyID: "arn:aws:kms:" + region + ":123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", Logging: model.ExecLoggingOverride,
		CloudWatchLogGroup: "/ecs/exec", S3Bucket: "exec-logs"}}
	td.TaskRoleARN = "arn:aws:iam::123456789012:role/task"
	svc := model.Service{ID: "svc", Name: "app", LaunchType: launchType, PlatformVersion: platformVersion, EnableExecuteCommand: true}
	wl := &workload{svc: &svc, td: &td, cluster: &cl, region: region, account: "123456789012", launchType: launchType, table: true}
	if launchType == "FARGATE" {
		pv, err := resolvePlatform(platformVersion, false)
		if err != nil {
			return nil, nil, err
		}
		wl.platform = pv
	}
	ix := newIndex(&model.World{Region: region, Account: wl.account, Clusters: []model.Cluster{cl},
		PullThroughCacheRules: []model.PullThroughCacheRule{{ID: "hub", ECRRepositoryPrefix: "docker-hub", UpstreamRegistryURL: "registry-1.docker.io", Cache: model.CacheCold}}})
	return wl, ix.calls(wl), nil
}

// requirementRow is the row of use, made of the calls of kinds.
func requirementRow(wl *workload, calls []plannedCall, use catalog.Use, kinds []CallKind) (Requirement, bool) {
	row := Requirement{Use: use.Name, Calls: kinds}
	found := false
	for _, c := range calls {
		if !slices.Contains(kinds, c.Kind) {
			continue
		}
		found = true
		row.Origin = c.Origin
		switch {
		case c.unsupported != "":
			row.Note = upper(c.unsupported) + " (aws-rules " + cmp.Or(c.refusalRules, "1.4.5-1.7.1") + ")."
		case c.Origin == OriginFargatePlatform:
			row.Note = platformNote(wl.platform, c.Kind)
		case use.Note != "":
			row.Note = use.Note // no endpoint serves the calls
		default:
			_, svc, _ := model.SplitServiceName(c.Service)
			name := svc
			if svc == "s3" {
				name = "s3 (Gateway)" // 4.3: the free gateway endpoint ECR documents
			}
			if !slices.Contains(row.Endpoints, name) {
				row.Endpoints = append(row.Endpoints, name)
			}
		}
	}
	return row, found
}

// platformNote explains a row whose call of kind the Fargate platform
// makes itself on platform version pv (1.3.0 and earlier): which endpoint
// it does without, and why other tables list it (aws-rules 2.1.1, 2.1.2).
func platformNote(pv string, kind CallKind) string {
	k := kindOf(kind)
	does := strings.ToLower(k.Doc[:1]) + strings.TrimSuffix(k.Doc[1:], ".")
	note := fmt.Sprintf("On %s the Fargate platform itself %s, from its own network interface outside the VPC, so the %s endpoint is not needed (aws-rules 2.1.1).", pv, does, k.Service)
	if kind == CallECRAuth {
		return note + " AWS's ECR endpoint table asks for ecr.api only from platform version 1.4.0 (aws-rules 2.1.2)."
	}
	return note + fmt.Sprintf(" Some guides, the seed article among them, list %s for 1.3.0 too; vpctrace follows AWS (aws-rules 2.1.2).", k.Service)
}
