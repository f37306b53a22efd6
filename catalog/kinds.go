package catalog

import "strings"

// Kind describes one kind of control-plane call: everything about it that
// does not depend on the workload. Package sim builds the calls of each
// kind and package sim/stopreason words their failures from it.
type Kind struct {
	// Name is the kind as results print it ("ecr-auth").
	Name string
	// Doc says in one line what the call does.
	Doc string
	// Service is the endpoint service that serves the call, without the
	// com.amazonaws.REGION prefix ("ecr.api"), or NoService.
	Service string
	// HostTemplate is the host the call connects to, with placeholders
	// that Host fills in ("api.ecr.{region}.amazonaws.com").
	HostTemplate string
	// Port is the TCP port the call connects to.
	Port int
	// Phase is when the call is made: PhaseStart or PhaseRuntime.
	Phase string
	// Rank is the order in which ECS meets a failing call of the kind
	// while it starts a task, 1 first: the agent registers, then execution
	// resources are fetched (registry auth, secrets, environment files,
	// volumes), then images are pulled, then the log driver starts with
	// the container. The stoppedReason names the failing call of the
	// lowest rank (aws-rules 7). Runtime kinds have rank 0.
	Rank int
	// Use is the row of the endpoint requirements table the kind belongs
	// to: the Name of one of Uses.
	Use string
	// Form is the form of the stoppedReason ECS reports when the call
	// fails (aws-rules 7).
	Form Form
	// Unsupported names the feature behind the call, with its verb, in
	// the description of an UNSUPPORTED_BY_PLATFORM failure ("environment
	// files need"); "" for kinds that no platform version gates.
	Unsupported string
	// Principal is who makes the call, as an endpoint policy sees it
	// (aws-rules 6.1.4).
	Principal Principal
	// FargatePlatform reports that on Fargate Linux 1.3.0 and earlier the
	// platform makes the call from its own interface, outside the VPC
	// (aws-rules 2.1.1, 7.4.3).
	FargatePlatform bool
	// Rules are the rules of docs/aws-rules.md behind the kind: the call
	// (section 1) and its stoppedReason forms (section 7).
	Rules []string
}

// NoService is the Service of a kind that no VPC endpoint serves.
const NoService = "none"

// Phases of a call.
const (
	PhaseStart   = "start"   // before the containers run; a failure stops the task (but see sim.Call.StopsTask)
	PhaseRuntime = "runtime" // while the task runs; a failure does not stop it
)

// Principal is who makes a call (aws-rules 6.1.4).
type Principal string

// Principals.
const (
	// PrincipalExecutionRole is the task execution role; on the EC2 launch
	// type, the container instance role when the task definition names no
	// execution role.
	PrincipalExecutionRole Principal = "execution-role"
	PrincipalTaskRole      Principal = "task-role"     // the task role
	PrincipalInstanceRole  Principal = "instance-role" // the container instance role
	// PrincipalAWS is an identity of AWS's own, outside the customer's
	// account: ECR signs layer downloads (aws-rules 6.3.1).
	PrincipalAWS Principal = "aws"
)

// Principals lists every principal.
var Principals = []Principal{PrincipalExecutionRole, PrincipalTaskRole, PrincipalInstanceRole, PrincipalAWS}

// Form is a form of the stoppedReason ECS reports when a call fails.
type Form string

// Forms, by the rules of docs/aws-rules.md that record them.
const (
	FormRegistryAuth  Form = "registry-auth"   // aws-rules 7.3.2, 7.5.2
	FormImageManifest Form = "image-manifest"  // aws-rules 7.3.8, 7.4.1, 7.5.2
	FormImageLayers   Form = "image-layers"    // aws-rules 7.3.9, 7.4.1, 7.5.2
	FormLogDriver     Form = "log-driver"      // aws-rules 7.3.6, 7.3.7, 7.4.2, 7.5.1
	FormSecret        Form = "secret"          // aws-rules 7.3.3, 7.3.4, 7.5.2
	FormParameter     Form = "parameter"       // aws-rules 7.3.5, 7.5.2
	FormEnvFile       Form = "env-file"        // aws-rules 7.3.10, 7.5.2
	FormEFSMount      Form = "efs-mount"       // aws-rules 7.3.11, 7.5.2
	FormNoInstance    Form = "no-instance"     // aws-rules 7.5.3: a service event, no task starts
	FormNoStoppedTask Form = "no-stopped-task" // aws-rules 7.3.12: the task does not stop
	// FormFirelensConfig: the agent's FireLens resource cannot download its
	// configuration file (aws-rules 7.5.4, 7.5.6).
	FormFirelensConfig Form = "firelens-config"
)

// Forms lists every form.
var Forms = []Form{
	FormRegistryAuth, FormImageManifest, FormImageLayers, FormLogDriver, FormSecret,
	FormParameter, FormEnvFile, FormEFSMount, FormNoInstance, FormNoStoppedTask,
	FormFirelensConfig,
}

// HostValues are the values a host template names.
type HostValues struct {
	Region     string // {region}
	Registry   string // {registry}: the registry host an image names
	Bucket     string // {bucket}: an S3 bucket
	FileSystem string // {file-system}: an EFS file system ID
}

// Placeholders lists the placeholders a host template may name.
var Placeholders = []string{"{region}", "{registry}", "{bucket}", "{file-system}"}

// Host fills k's host template with v.
func (k Kind) Host(v HostValues) string {
	var b strings.Builder
	b.Grow(len(k.HostTemplate) + 2*(len(v.Region)+len(v.Registry)+len(v.Bucket)+len(v.FileSystem)))
	rest := k.HostTemplate
	for {
		before, after, ok := strings.Cut(rest, "{")
		if !ok {
			break
		}
		name, after, ok := strings.Cut(after, "}")
		if !ok {
			break
		}
		b.WriteString(before)
		b.WriteString(v.value(name))
		rest = after
	}
	b.WriteString(rest)
	return b.String()
}

// value is the value of the placeholder {name}.
func (v HostValues) value(name string) string {
	switch name {
	case "region":
		return v.Region
	case "registry":
		return v.Registry
	case "bucket":
		return v.Bucket
	case "file-system":
		return v.FileSystem
	}
	return "{" + name + "}"
}

// Call kinds, as results print them.
const (
	CallECRAuth      = "ecr-auth"
	CallECRImage     = "ecr-image"
	CallECRLayers    = "ecr-layers"
	CallRegistryPull = "registry-pull"
	CallLogs         = "logs"
	CallSecret       = "secret"
	CallParameter    = "parameter"
	CallEnvFile      = "env-file"
	CallFirelens     = "firelens-config"
	CallEFS          = "efs"
	CallExec         = "exec"
	CallPTCUpstream  = "ptc-upstream"
	CallExecKMS      = "exec-kms"
	CallExecLogs     = "exec-logs"
	CallExecS3       = "exec-s3"
	CallECSAPI       = "ecs-api"
	CallECSAgent     = "ecs-agent"
	CallECSTelemetry = "ecs-telemetry"
)

// Uses of the endpoint requirements table.
const (
	useECR      = "Pull an image from ECR"
	useLogs     = "Send logs to CloudWatch Logs (awslogs)"
	useParams   = "Read Parameter Store parameters"
	useSecrets  = "Read Secrets Manager secrets"
	useRegistry = "Pull from another registry (Docker Hub, ghcr.io, ...)"
	useEnvFiles = "Load environment files from S3"
	useEFS      = "Mount an EFS volume"
	useExec     = "ECS Exec"
	usePTC      = "Pull through an ECR pull through cache (cold cache)"
	useExecKMS  = "ECS Exec with a customer KMS key"
	useExecLogs = "ECS Exec session logging (CloudWatch Logs, S3)"
	useAgent    = "Container agent (EC2 launch type)"
	useFirelens = "Load the FireLens configuration from S3"
)

// Kinds lists every call kind, in the order calls are listed.
var Kinds = []Kind{
	{Name: CallECRAuth, Doc: "Fetches the authorization token of a private ECR registry from the ECR API.",
		Service: "ecr.api", HostTemplate: "api.ecr.{region}.amazonaws.com", Port: 443, Phase: PhaseStart, Rank: 4,
		Use: useECR, Principal: PrincipalExecutionRole, Form: FormRegistryAuth, FargatePlatform: true,
		Rules: []string{"1.2.1", "1.2.2", "1.2.4", "10.20", "7.3.2", "7.4.3", "7.5.2"}},
	{Name: CallECRImage, Doc: "Reads the image manifest and configuration from a private ECR registry.",
		Service: "ecr.dkr", HostTemplate: "{registry}", Port: 443, Phase: PhaseStart, Rank: 10,
		Use: useECR, Principal: PrincipalExecutionRole, Form: FormImageManifest,
		Rules: []string{"1.2.1", "1.2.2", "1.2.5", "7.3.8", "7.4.1", "7.5.2"}},
	{Name: CallECRLayers, Doc: "Downloads the image layers of a private ECR image from ECR's layer bucket in Amazon S3.",
		Service: "s3", HostTemplate: "prod-{region}-starport-layer-bucket.s3.{region}.amazonaws.com", Port: 443, Phase: PhaseStart, Rank: 11,
		Use: useECR, Principal: PrincipalAWS, Form: FormImageLayers,
		Rules: []string{"1.2.2", "1.2.3", "6.3.1", "7.3.9", "7.4.1", "7.5.2"}},
	{Name: CallRegistryPull, Doc: "Pulls an image from any registry but private ECR, which only an internet path reaches.",
		Service: NoService, HostTemplate: "{registry}", Port: 443, Phase: PhaseStart, Rank: 13,
		Use: useRegistry, Principal: PrincipalExecutionRole, Form: FormImageManifest,
		Rules: []string{"1.2.6", "7.3.8", "7.4.1", "7.5.2"}},
	{Name: CallPTCUpstream, Doc: "Downloads the layers of a pull through cache image from its upstream registry, to which ECR redirects while its cache is cold; only an internet path reaches it.",
		Service: NoService, HostTemplate: "{registry}", Port: 443, Phase: PhaseStart, Rank: 12,
		Use: usePTC, Principal: PrincipalExecutionRole, Form: FormImageLayers,
		Rules: []string{"1.2.8", "1.2.11", "1.2.12", "1.2.14", "10.26", "10.27", "7.3.9", "7.4.1", "7.5.2"}},
	{Name: CallLogs, Doc: "Creates the log stream of a container that uses the awslogs driver and sends its logs.",
		Service: "logs", HostTemplate: "logs.{region}.amazonaws.com", Port: 443, Phase: PhaseStart, Rank: 14,
		Use: useLogs, Principal: PrincipalExecutionRole, Form: FormLogDriver,
		Rules: []string{"1.3.1", "1.3.2", "1.3.5", "1.3.6", "1.3.7", "7.3.6", "7.3.7", "7.4.2", "7.5.1", "7.5.5"}},
	{Name: CallSecret, Doc: "Fetches a Secrets Manager secret named in secrets, secretOptions or repositoryCredentials.",
		Service: "secretsmanager", HostTemplate: "secretsmanager.{region}.amazonaws.com", Port: 443, Phase: PhaseStart, Rank: 5,
		Use: useSecrets, Principal: PrincipalExecutionRole, Form: FormSecret, Unsupported: "secrets from Secrets Manager need", FargatePlatform: true,
		Rules: []string{"1.4.1", "1.4.3", "1.4.5", "7.3.3", "7.3.4", "7.4.3", "7.5.2"}},
	{Name: CallParameter, Doc: "Fetches a Systems Manager Parameter Store parameter named in secrets or secretOptions.",
		Service: "ssm", HostTemplate: "ssm.{region}.amazonaws.com", Port: 443, Phase: PhaseStart, Rank: 6,
		Use: useParams, Principal: PrincipalExecutionRole, Form: FormParameter, Unsupported: "secrets from Systems Manager Parameter Store need", FargatePlatform: true,
		Rules: []string{"1.4.1", "1.4.2", "1.4.5", "7.3.5", "7.4.3", "7.5.2"}},
	{Name: CallEnvFile, Doc: "Downloads an environment file of the container from Amazon S3.",
		Service: "s3", HostTemplate: "{bucket}.s3.{region}.amazonaws.com", Port: 443, Phase: PhaseStart, Rank: 7,
		Use: useEnvFiles, Principal: PrincipalExecutionRole, Form: FormEnvFile, Unsupported: "environment files need",
		Rules: []string{"1.5.1", "1.5.2", "1.5.3", "7.3.10", "7.4.4", "7.5.2"}},
	{Name: CallFirelens, Doc: "Downloads the FireLens log router's configuration file from Amazon S3 (config-file-type s3), done by the EC2 container agent.",
		Service: "s3", HostTemplate: "{bucket}.s3.{region}.amazonaws.com", Port: 443, Phase: PhaseStart, Rank: 9,
		Use: useFirelens, Principal: PrincipalExecutionRole, Form: FormFirelensConfig, Unsupported: "FireLens configuration files from Amazon S3 (config-file-type s3) need",
		Rules: []string{"1.3.9", "1.3.10", "1.3.12", "7.5.4", "7.5.6", "10.23", "10.24"}},
	{Name: CallEFS, Doc: "Mounts an EFS volume over NFS through the file system's mount target in the task's Availability Zone.",
		Service: NoService, HostTemplate: "{file-system}.efs.{region}.amazonaws.com", Port: 2049, Phase: PhaseStart, Rank: 8,
		Use: useEFS, Principal: PrincipalExecutionRole, Form: FormEFSMount, Unsupported: "EFS volumes need",
		Rules: []string{"1.6.1", "1.6.2", "1.6.3", "7.3.11", "7.4.4", "7.5.2"}},
	{Name: CallExec, Doc: "Opens the ECS Exec session channels of the Systems Manager agent in the task.",
		Service: "ssmmessages", HostTemplate: "ssmmessages.{region}.amazonaws.com", Port: 443, Phase: PhaseRuntime,
		Use: useExec, Principal: PrincipalTaskRole, Form: FormNoStoppedTask, Unsupported: "ECS Exec needs",
		Rules: []string{"1.7.1", "7.3.12", "7.4.4"}},
	{Name: CallExecKMS, Doc: "Decrypts ECS Exec session data with the cluster's customer KMS key, from the Systems Manager agent in the task.",
		Service: "kms", HostTemplate: "kms.{region}.amazonaws.com", Port: 443, Phase: PhaseRuntime,
		Use: useExecKMS, Principal: PrincipalTaskRole, Form: FormNoStoppedTask, Unsupported: "ECS Exec needs",
		Rules: []string{"1.7.2", "1.7.3", "1.7.4", "1.7.7", "7.3.12", "7.4.4"}},
	{Name: CallExecLogs, Doc: "Writes the output of ECS Exec sessions to a CloudWatch Logs group, from the Systems Manager agent in the task.",
		Service: "logs", HostTemplate: "logs.{region}.amazonaws.com", Port: 443, Phase: PhaseRuntime,
		Use: useExecLogs, Principal: PrincipalTaskRole, Form: FormNoStoppedTask, Unsupported: "ECS Exec needs",
		Rules: []string{"1.7.2", "1.7.3", "1.7.5", "1.7.7", "10.25", "7.3.12", "7.4.4"}},
	{Name: CallExecS3, Doc: "Writes the output of ECS Exec sessions to an S3 bucket, from the Systems Manager agent in the task.",
		Service: "s3", HostTemplate: "{bucket}.s3.{region}.amazonaws.com", Port: 443, Phase: PhaseRuntime,
		Use: useExecLogs, Principal: PrincipalTaskRole, Form: FormNoStoppedTask, Unsupported: "ECS Exec needs",
		Rules: []string{"1.7.2", "1.7.3", "1.7.6", "1.7.7", "1.7.8", "10.25", "7.3.12", "7.4.4"}},
	{Name: CallECSAPI, Doc: "The EC2 container agent's calls to the ECS API: registration and discovery of its poll endpoint.",
		Service: "ecs", HostTemplate: "ecs.{region}.amazonaws.com", Port: 443, Phase: PhaseStart, Rank: 1,
		Use: useAgent, Principal: PrincipalInstanceRole, Form: FormNoInstance,
		Rules: []string{"1.8.1", "1.8.2", "7.5.3"}},
	{Name: CallECSAgent, Doc: "The EC2 container agent's connection to the ECS agent communication service.",
		Service: "ecs-agent", HostTemplate: "ecs-a.{region}.amazonaws.com", Port: 443, Phase: PhaseStart, Rank: 2,
		Use: useAgent, Principal: PrincipalInstanceRole, Form: FormNoInstance,
		Rules: []string{"1.8.1", "1.8.2", "7.5.3"}},
	{Name: CallECSTelemetry, Doc: "The EC2 container agent's connection to the ECS telemetry service.",
		Service: "ecs-telemetry", HostTemplate: "ecs-t.{region}.amazonaws.com", Port: 443, Phase: PhaseStart, Rank: 3,
		Use: useAgent, Principal: PrincipalInstanceRole, Form: FormNoInstance,
		Rules: []string{"1.8.1", "1.8.2", "7.5.3"}},
}

// Use is one row of the endpoint requirements table: a use case, made of
// the calls of the kinds whose Use it is.
type Use struct {
	// Name names the use case.
	Name string
	// Note is what the row says instead of endpoint services when no
	// endpoint serves its calls; "" for rows whose calls have one.
	Note string
}

// Uses lists the rows of the endpoint requirements table, in order: the
// seed article's four use cases first, then the other call kinds.
var Uses = []Use{
	{Name: useECR},
	{Name: useLogs},
	{Name: useParams},
	{Name: useSecrets},
	{Name: useRegistry, Note: "No VPC endpoint serves other registries: the task needs an internet path (NAT gateway, or a public IP with an internet gateway) (aws-rules 1.2.6)."},
	{Name: usePTC, Note: "No VPC endpoint serves the upstream registry: while the cache does not hold a tag, its first pull needs an internet path (NAT gateway, or a public IP with an internet gateway) even with ECR endpoints (aws-rules 1.2.12)."},
	{Name: useEnvFiles},
	{Name: useEFS, Note: "EFS is reached inside the VPC through a mount target in the task's AZ, TCP 2049; no endpoint (aws-rules 1.6)."},
	{Name: useExec},
	{Name: useExecKMS},
	{Name: useExecLogs},
	{Name: useAgent},
	{Name: useFirelens},
}

// KindNamed returns the kind called name.
func KindNamed(name string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// KindsOf returns the kinds whose Use is use, in the order of Kinds.
func KindsOf(use string) []Kind {
	var out []Kind
	for _, k := range Kinds {
		if k.Use == use {
			out = append(out, k)
		}
	}
	return out
}
