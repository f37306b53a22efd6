package sim

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// workload is a service (or standalone task) with everything resolved that
// decides its calls.
type workload struct {
	svc     *model.Service
	td      *model.TaskDefinition
	cluster *model.Cluster
	region  string
	account string

	launchType string // "FARGATE" or "EC2"
	// platform is the resolved Fargate platform version ("1.4.0"); empty
	// on EC2.
	platform string
	windows  bool
	// hosts are the EC2 container capacity the tasks can run on.
	hosts []host
}

// host is EC2 container capacity: an instance, or the instances an auto
// scaling group launches into one subnet.
type host struct {
	id           string
	subnet       *model.Subnet
	sgs          []string
	publicIP     bool
	role         string
	agentVersion string
}

// plannedCall is a call with the platform gate that may stop it.
type plannedCall struct {
	Call
	// unsupported explains why the platform cannot make the call
	// (UNSUPPORTED_BY_PLATFORM); empty when it can.
	unsupported string
}

// version is a dotted version number such as 1.4.0.
type version [3]int

// parseVersion parses one to three dot-separated numbers.
func parseVersion(s string) (version, bool) {
	var v version
	for i := range v {
		p, rest, more := strings.Cut(s, ".")
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return version{}, false
		}
		v[i], s = n, rest
		if !more {
			return v, true
		}
	}
	return version{}, false // more than three parts
}

func (v version) less(w version) bool { return slices.Compare(v[:], w[:]) < 0 }

func mustVersion(s string) version {
	v, _ := parseVersion(s)
	return v
}

// resolvePlatform returns the Fargate platform version a service runs:
// LATEST and an unset version are 1.4.0 on Linux and 1.0.0 on Windows
// (DOMAIN 2.3, 10.2).
func resolvePlatform(pv string, windows bool) (string, error) {
	switch strings.ToUpper(pv) {
	case "", "LATEST":
		if windows {
			return "1.0.0", nil
		}
		return "1.4.0", nil
	}
	if _, ok := parseVersion(pv); !ok {
		return "", fmt.Errorf("platform version %q is not LATEST or a version such as 1.4.0", pv)
	}
	return pv, nil
}

// legacyFargate reports whether the workload runs on Fargate Linux 1.3.0 or
// earlier, where the platform fetches ECR auth and secrets through its own
// interface (DOMAIN 2.1).
func (wl *workload) legacyFargate() bool {
	return wl.launchType == "FARGATE" && !wl.windows && mustVersion(wl.platform).less(mustVersion("1.4.0"))
}

// gate returns why the workload cannot use a feature that needs Fargate
// Linux platform version fargate or EC2 agent version agent, or "".
func (wl *workload) gate(feature, fargate, agent string) string {
	switch {
	case wl.launchType == "FARGATE" && wl.windows:
		return ""
	case wl.launchType == "FARGATE":
		if mustVersion(wl.platform).less(mustVersion(fargate)) {
			return fmt.Sprintf("Fargate platform version %s or later is needed for %s; the service runs %s", fargate, feature, wl.platform)
		}
	default:
		for _, h := range wl.hosts {
			if v, ok := parseVersion(h.agentVersion); ok && h.agentVersion != "" && v.less(mustVersion(agent)) {
				return fmt.Sprintf("ECS agent %s or later is needed for %s; %s runs %s", agent, feature, h.id, h.agentVersion)
			}
		}
	}
	return ""
}

// origin returns the interface that makes a call of kind (DOMAIN 2, table).
func (wl *workload) origin(kind CallKind) Origin {
	if wl.launchType == "FARGATE" {
		if wl.legacyFargate() && (kind == CallECRAuth || kind == CallSecret || kind == CallParameter) {
			return OriginFargatePlatform // 2.1.1
		}
		return OriginTaskENI // 2.2
	}
	if kind == CallExec && wl.td.NetworkMode == "awsvpc" {
		return OriginTaskENI // 2.6: the SSM agent runs inside the task
	}
	return OriginInstance // 2.6
}

// principal returns the IAM principal of a call (DOMAIN 6.1.4).
func (wl *workload) principal(kind CallKind) string {
	switch kind {
	case CallECRLayers:
		return "" // presigned download by ECR (6.3.1)
	case CallExec:
		return wl.td.TaskRoleARN
	case CallECSAPI, CallECSAgent, CallECSTelemetry:
		return wl.hostRole()
	}
	if wl.td.ExecutionRoleARN == "" && wl.launchType == "EC2" {
		return wl.hostRole()
	}
	return wl.td.ExecutionRoleARN
}

func (wl *workload) hostRole() string {
	for _, h := range wl.hosts {
		if h.role != "" {
			return h.role
		}
	}
	return ""
}

var (
	ecrHost      = regexp.MustCompile(`^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$`)
	ecrDualStack = regexp.MustCompile(`^(\d{12})\.dkr-ecr\.([a-z0-9-]+)\.on\.aws$`)
	secretARN    = regexp.MustCompile(`^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:([^:]+)(:.*)?$`)
	ssmARN       = regexp.MustCompile(`^arn:aws[a-z-]*:ssm:([a-z0-9-]+):(\d{12}):parameter/?(.+)$`)
	s3ObjectARN  = regexp.MustCompile(`^arn:aws[a-z-]*:s3:::([^/]+)/(.+)$`)
	secretSuffix = regexp.MustCompile(`-[A-Za-z0-9]{6}$`)
	regionCode   = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$`)
)

// imageRef is a parsed container image reference.
type imageRef struct {
	registry string // host; "registry-1.docker.io" for Docker Hub
	repo     string
	account  string // private ECR only
	region   string // private ECR only
	ecr      bool
	dual     bool // ECR dual-stack registry name (1.2.5)
}

func parseImage(image string) imageRef {
	name := image
	if i := strings.Index(name, "@"); i >= 0 {
		name = name[:i]
	}
	first, rest, hasSlash := strings.Cut(name, "/")
	ref := imageRef{registry: "registry-1.docker.io", repo: name}
	if hasSlash && (strings.ContainsAny(first, ".:") || first == "localhost") {
		ref.registry, ref.repo = first, rest
		if first == "docker.io" || first == "index.docker.io" {
			ref.registry = "registry-1.docker.io"
		}
	}
	if i := strings.LastIndex(ref.repo, ":"); i >= 0 {
		ref.repo = ref.repo[:i]
	}
	if m := ecrHost.FindStringSubmatch(ref.registry); m != nil {
		ref.ecr, ref.account, ref.region = true, m[1], m[2]
	} else if m := ecrDualStack.FindStringSubmatch(ref.registry); m != nil {
		ref.ecr, ref.dual, ref.account, ref.region = true, true, m[1], m[2]
	}
	return ref
}

// kindOrder is the DESIGN.md order of call kinds, used to list calls.
var kindOrder = []CallKind{
	CallECRAuth, CallECRImage, CallECRLayers, CallRegistryPull, CallLogs,
	CallSecret, CallParameter, CallEnvFile, CallEFS, CallExec,
	CallECSAPI, CallECSAgent, CallECSTelemetry,
}

// calls returns the calls the workload makes, one per distinct (kind,
// region, resource) (DOMAIN 1.1.3), in DESIGN.md kind order.
func (ix *index) calls(wl *workload) []plannedCall {
	var out []plannedCall
	seen := map[string]bool{}
	add := func(c plannedCall) {
		key := string(c.Kind) + "|" + c.Region + "|" + c.Resource
		if seen[key] {
			return
		}
		seen[key] = true
		c.Origin = wl.origin(c.Kind)
		c.Principal = wl.principal(c.Kind)
		if c.Port == 0 {
			c.Port = 443
		}
		if c.Phase == "" {
			c.Phase = PhaseStart
		}
		out = append(out, c)
	}
	for i := range wl.td.Containers {
		ct := &wl.td.Containers[i]
		ix.imageCalls(wl, ct, add)
		ix.logCalls(wl, ct, add)
		for _, s := range append(slices.Clone(ct.Secrets), ct.LogSecretOptions...) {
			add(ix.secretCall(wl, ct, s.ValueFrom))
		}
		if ct.RepositoryCredentials != "" {
			c := ix.secretCall(wl, ct, ct.RepositoryCredentials)
			c.FromRepositoryCredentials = true
			if c.unsupported == "" {
				c.unsupported = wl.gate("private registry authentication (repositoryCredentials)", "1.2.0", "1.19.0") // 1.4.5
			}
			add(c)
		}
		for _, f := range ct.EnvironmentFiles {
			add(ix.envFileCall(wl, ct, f))
		}
	}
	for _, v := range wl.td.Volumes {
		if v.EFS != nil {
			add(plannedCall{Call: Call{Kind: CallEFS, Host: v.EFS.FileSystemID + ".efs." + wl.region + ".amazonaws.com", Port: 2049,
				Resource: v.EFS.FileSystemID, Region: wl.region},
				unsupported: wl.gate("EFS volumes", "1.4.0", "1.0.0")}) // 1.6.1, 1.6.2
		}
	}
	if wl.svc.EnableExecuteCommand {
		add(plannedCall{Call: Call{Kind: CallExec, Service: serviceName(wl.region, "ssmmessages"), Host: "ssmmessages." + wl.region + ".amazonaws.com",
			Phase: PhaseRuntime, Region: wl.region, Resource: "*",
			Actions:        []string{"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"},
			PolicyResource: "*"},
			unsupported: wl.gate("ECS Exec", "1.4.0", "1.50.2")}) // 1.7.1
	}
	if wl.launchType == "EC2" {
		ix.agentCalls(wl, add) // 1.8.1
	}
	slices.SortStableFunc(out, func(a, b plannedCall) int {
		return cmp.Compare(slices.Index(kindOrder, a.Kind), slices.Index(kindOrder, b.Kind))
	})
	return out
}

func serviceName(region, service string) string { return "com.amazonaws." + region + "." + service }

// imageCalls adds the calls an image pull makes (DOMAIN 1.2).
func (ix *index) imageCalls(wl *workload, ct *model.Container, add func(plannedCall)) {
	ref := parseImage(ct.Image)
	if !ref.ecr {
		add(plannedCall{Call: Call{Kind: CallRegistryPull, Host: ref.registry, Resource: ct.Image, Region: wl.region,
			Container: ct.Name, Image: ct.Image}}) // 1.2.6
		return
	}
	if wl.windows {
		ix.diag(model.SeverityWarning, "windows-foreign-layers", ct.Source,
			"container %s runs a Windows image: if it has foreign (non-distributable) layers they come from Microsoft's hosts, which ECR endpoints do not serve; the model does not trace them (DOMAIN 1.2.7)", ct.Name)
	}
	r := ref.region // 1.2.2, 10.20: the registry's region
	registry := ref.account + ".dkr.ecr." + r + ".amazonaws.com"
	add(plannedCall{Call: Call{Kind: CallECRAuth, Service: serviceName(r, "ecr.api"), Host: "api.ecr." + r + ".amazonaws.com",
		Resource: registry, Region: r, Container: ct.Name, Image: ct.Image,
		Actions: []string{"ecr:GetAuthorizationToken"}, PolicyResource: "*"}})
	imageHost := registry
	if ref.dual {
		imageHost = ref.registry // 1.2.5
	}
	repoARN := "arn:aws:ecr:" + r + ":" + ref.account + ":repository/" + ref.repo
	add(plannedCall{Call: Call{Kind: CallECRImage, Service: serviceName(r, "ecr.dkr"), Host: imageHost,
		Resource: repoARN, Region: r, Container: ct.Name, Image: ct.Image,
		Actions: []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}, PolicyResource: repoARN}})
	bucket := "prod-" + r + "-starport-layer-bucket"
	add(plannedCall{Call: Call{Kind: CallECRLayers, Service: serviceName(r, "s3"), Host: bucket + ".s3." + r + ".amazonaws.com",
		Resource: "arn:aws:s3:::" + bucket, Region: r, Container: ct.Name, Image: ct.Image,
		Actions: []string{"s3:GetObject"}, PolicyResource: "arn:aws:s3:::" + bucket + "/*"}}) // 1.2.3, 6.2
}

// logCalls adds the awslogs call of a container (DOMAIN 1.3).
func (ix *index) logCalls(wl *workload, ct *model.Container, add func(plannedCall)) {
	if ct.LogDriver != "awslogs" {
		return
	}
	region := ct.LogOptions["awslogs-region"]
	if region == "" {
		region = wl.region
		ix.diag(model.SeverityWarning, "awslogs-region-missing", ct.Source,
			"container %s uses the awslogs driver without awslogs-region, which ECS requires; traced with the task region %s (DOMAIN 1.3.2)", ct.Name, region)
	}
	if !regionCode.MatchString(region) {
		ix.diag(model.SeverityError, "awslogs-region-invalid", ct.Source,
			"container %s: awslogs-region %q is not a region code; ECS fails the container's log driver before any connection (DOMAIN 1.3.2)", ct.Name, region)
	}
	group := ct.LogOptions["awslogs-group"]
	groupARN := "arn:aws:logs:" + region + ":" + wl.account + ":log-group:" + group
	actions := []string{"logs:CreateLogStream", "logs:PutLogEvents"}
	if ct.LogOptions["awslogs-create-group"] == "true" {
		actions = append([]string{"logs:CreateLogGroup"}, actions...)
	}
	add(plannedCall{Call: Call{Kind: CallLogs, Service: serviceName(region, "logs"), Host: "logs." + region + ".amazonaws.com",
		Resource: groupARN, Region: region, Container: ct.Name, Actions: actions, PolicyResource: groupARN + ":log-stream:*"}})
}

// secretCall classifies a secrets valueFrom (DOMAIN 1.4.1-1.4.3).
func (ix *index) secretCall(wl *workload, ct *model.Container, valueFrom string) plannedCall {
	if m := secretARN.FindStringSubmatch(valueFrom); m != nil {
		region, account, name, selector := m[1], m[2], m[3], m[4]
		base := "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + name
		policyResource := base
		if !secretSuffix.MatchString(name) {
			policyResource += "-??????" // 6.2.1
		}
		c := plannedCall{Call: Call{Kind: CallSecret, Service: serviceName(region, "secretsmanager"), Host: "secretsmanager." + region + ".amazonaws.com",
			Resource: valueFrom, Region: region, Container: ct.Name,
			Actions: []string{"secretsmanager:GetSecretValue"}, PolicyResource: policyResource}}
		if selector != "" {
			c.unsupported = wl.gate("JSON-key or version-specific secrets", "1.4.0", "1.37.0") // 1.4.5
		} else {
			c.unsupported = wl.gate("Secrets Manager secrets", "1.3.0", "1.22.0")
		}
		return c
	}
	region, account, name := wl.region, wl.account, strings.TrimPrefix(valueFrom, "/")
	if m := ssmARN.FindStringSubmatch(valueFrom); m != nil {
		region, account, name = m[1], m[2], m[3]
	}
	return plannedCall{Call: Call{Kind: CallParameter, Service: serviceName(region, "ssm"), Host: "ssm." + region + ".amazonaws.com",
		Resource: valueFrom, Region: region, Container: ct.Name,
		Actions: []string{"ssm:GetParameters"}, PolicyResource: "arn:aws:ssm:" + region + ":" + account + ":parameter/" + name},
		unsupported: wl.gate("Parameter Store secrets", "1.3.0", "1.22.0")}
}

// envFileCall makes the call for an environmentFiles entry (DOMAIN 1.5).
func (ix *index) envFileCall(wl *workload, ct *model.Container, arn string) plannedCall {
	bucket, key := arn, ""
	if m := s3ObjectARN.FindStringSubmatch(arn); m != nil {
		bucket, key = m[1], m[2]
	}
	region := wl.region
	if b := ix.buckets[bucket]; b != nil && b.Region != "" {
		region = b.Region
	} else {
		ix.diag(model.SeverityInfo, "env-file-bucket-region", ct.Source,
			"the region of bucket %s is not in the input; environment file %s is traced in the task region %s (DOMAIN 1.5.2)", bucket, arn, region)
	}
	return plannedCall{Call: Call{Kind: CallEnvFile, Service: serviceName(region, "s3"), Host: bucket + ".s3." + region + ".amazonaws.com",
		Resource: arn, Region: region, Container: ct.Name,
		Actions: []string{"s3:GetObject"}, PolicyResource: "arn:aws:s3:::" + bucket + "/" + key},
		unsupported: wl.gate("environment files", "1.4.0", "1.39.0")}
}

// agentCalls adds the EC2 container agent's control-plane calls (1.8.1).
func (ix *index) agentCalls(wl *workload, add func(plannedCall)) {
	r := wl.region
	for _, a := range []struct {
		kind    CallKind
		host    string
		service string
	}{
		{CallECSAPI, "ecs." + r + ".amazonaws.com", "ecs"},
		{CallECSAgent, "ecs-a." + r + ".amazonaws.com", "ecs-agent"},
		{CallECSTelemetry, "ecs-t." + r + ".amazonaws.com", "ecs-telemetry"},
	} {
		add(plannedCall{Call: Call{Kind: a.kind, Service: serviceName(r, a.service), Host: a.host, Region: r,
			Resource: wl.cluster.Name, Actions: []string{"ecs:*"}, PolicyResource: "*"}})
	}
}
