package scenario

import (
	"github.com/vpctrace/vpctrace/model"
	"go.yaml.in/yaml/v3"
)

var fileSystemKeys = []string{"file_system_id", "mount_targets"}

func decodeFileSystem(o *object) model.FileSystem {
	return model.FileSystem{
		ID:           o.id,
		Source:       o.src,
		FileSystemID: o.str("file_system_id"),
		MountTargets: idMap(o, "mount_targets", mountTargetKeys, decodeMountTarget),
	}
}

var mountTargetKeys = []string{"subnet", "ip", "security_groups"}

func decodeMountTarget(o *object) model.MountTarget {
	return model.MountTarget{
		ID:             o.id,
		Source:         o.src,
		Subnet:         o.ref("subnet"),
		IP:             o.addr("ip"),
		SecurityGroups: o.refs("security_groups"),
	}
}

var bucketKeys = []string{"name", "region"}

func decodeBucket(o *object) model.Bucket {
	return model.Bucket{ID: o.id, Source: o.src, Name: o.strOr("name", o.id), Region: o.text("region", parseRegion)}
}

var clusterKeys = []string{"name", "region", "capacity_providers", "execute_command"}

func decodeCluster(o *object) model.Cluster {
	return model.Cluster{
		ID:                o.id,
		Source:            o.src,
		Name:              o.strOr("name", o.id),
		Region:            o.text("region", parseRegion),
		CapacityProviders: o.stringMap("capacity_providers", true),
		ExecuteCommand:    decodeExecuteCommand(o),
	}
}

// execCommandKeys are the keys of a cluster's execute_command, its ECS
// Exec configuration (aws-rules 1.7.3).
var execCommandKeys = []string{
	"kms_key_id", "logging", "cloud_watch_log_group", "cloud_watch_encryption",
	"s3_bucket", "s3_encryption", "s3_key_prefix",
}

var execLogging = oneOf("an ECS Exec logging setting", model.ExecLoggingNone, model.ExecLoggingDefault, model.ExecLoggingOverride)

func decodeExecuteCommand(o *object) *model.ExecuteCommandConfig {
	if !o.has("execute_command") {
		return nil
	}
	ec := o.child("execute_command", execCommandKeys)
	return &model.ExecuteCommandConfig{
		Source:               o.keyPos("execute_command"),
		KMSKeyID:             ec.str("kms_key_id"),
		Logging:              ec.text("logging", execLogging),
		CloudWatchLogGroup:   ec.str("cloud_watch_log_group"),
		CloudWatchEncryption: ec.flag("cloud_watch_encryption", false),
		S3Bucket:             ec.str("s3_bucket"),
		S3Encryption:         ec.flag("s3_encryption", false),
		S3KeyPrefix:          ec.str("s3_key_prefix"),
	}
}

// ptcRuleKeys are the keys of a pull through cache rule (aws-rules 1.2.11,
// 1.2.14).
var ptcRuleKeys = []string{
	"ecr_repository_prefix", "upstream_registry_url", "upstream_repository_prefix",
	"credential_arn", "custom_role_arn", "account", "region", "cache",
}

var cacheStates = oneOf("a pull through cache state", string(model.CacheCold), string(model.CacheWarm), string(model.CacheUnknown))

func decodePTCRule(o *object) model.PullThroughCacheRule {
	o.require("ecr_repository_prefix", "the repository prefix the rule serves, such as docker-hub")
	o.require("upstream_registry_url", "the upstream registry, such as registry-1.docker.io")
	return model.PullThroughCacheRule{
		ID:                       o.id,
		Source:                   o.src,
		Account:                  o.text("account", parseAccount),
		Region:                   o.text("region", parseRegion),
		ECRRepositoryPrefix:      o.str("ecr_repository_prefix"),
		UpstreamRegistryURL:      o.str("upstream_registry_url"),
		UpstreamRepositoryPrefix: o.str("upstream_repository_prefix"),
		CredentialARN:            o.str("credential_arn"),
		CustomRoleARN:            o.str("custom_role_arn"),
		Cache:                    model.CacheState(o.text("cache", cacheStates)),
	}
}

var taskDefinitionKeys = []string{
	"family", "network_mode", "requires_compatibilities", "os_family",
	"execution_role", "task_role", "containers", "volumes",
}

var launchTypes = oneOf("a launch type", "FARGATE", "EC2", "EXTERNAL")

func decodeTaskDefinition(o *object) model.TaskDefinition {
	mode, ok := get(o, "network_mode", oneOf("a network mode", "awsvpc", "bridge", "host", "none"))
	if !ok {
		mode = "awsvpc" // Fargate tasks only run in awsvpc mode
	}
	return model.TaskDefinition{
		ID:                      o.id,
		Source:                  o.src,
		Family:                  o.strOr("family", o.id),
		NetworkMode:             mode,
		RequiresCompatibilities: getList(o, "requires_compatibilities", launchTypes),
		OperatingSystemFamily:   o.str("os_family"),
		ExecutionRoleARN:        o.str("execution_role"),
		TaskRoleARN:             o.str("task_role"),
		Containers:              list(o, "containers", containerKeys, decodeContainer),
		Volumes:                 list(o, "volumes", volumeKeys, decodeVolume),
	}
}

var containerKeys = []string{"name", "image", "log", "secrets", "repository_credentials", "environment_files", "firelens", "unknown"}

func decodeContainer(o *object) model.Container {
	o.require("name", "the container's name")
	log := o.child("log", logKeys)
	return model.Container{
		Source:                o.src,
		Name:                  o.str("name"),
		Image:                 o.str("image"),
		LogDriver:             log.str("driver"),
		LogOptions:            log.stringMap("options", false),
		LogSecretOptions:      list(log, "secret_options", secretKeys, decodeSecret),
		Secrets:               list(o, "secrets", secretKeys, decodeSecret),
		RepositoryCredentials: o.str("repository_credentials"),
		EnvironmentFiles:      o.strs("environment_files"),
		Firelens:              decodeFirelens(o),
		Unknowns:              decodeContainerUnknowns(o),
	}
}

var firelensKeys = []string{"type", "options"}

// decodeFirelens reads a container's firelens, its firelensConfiguration
// (aws-rules 1.3.8, 1.3.9); nil when the container has none.
func decodeFirelens(o *object) *model.FirelensConfiguration {
	if !o.has("firelens") {
		return nil
	}
	f := o.child("firelens", firelensKeys)
	typ, _ := get(f, "type", oneOf("a FireLens type", "fluentbit", "fluentd"))
	return &model.FirelensConfiguration{Type: typ, Options: f.stringMap("options", false)}
}

// decodeContainerUnknowns reads a container's unknown: a mapping of
// setting (its place in the container definition, as
// model.ContainerUnknown.Path writes it) to why it is not known.
func decodeContainerUnknowns(o *object) []model.ContainerUnknown {
	var out []model.ContainerUnknown
	o.pairs("unknown", "a mapping of container setting to why it is not known", false, func(k, v *yaml.Node, path string) {
		f, i, ok := model.ParseContainerPath(k.Value)
		if !ok {
			o.fail(k, model.CodeInvalidValue, "%s: %q is not a container setting that decides calls (expected image, logConfiguration.logDriver, logConfiguration.options, logConfiguration.options.awslogs-region, logConfiguration.options.awslogs-group, logConfiguration.options.awslogs-create-group, logConfiguration.secretOptions, logConfiguration.secretOptions[N].valueFrom, secrets, secrets[N].valueFrom, repositoryCredentials.credentialsParameter, environmentFiles, environmentFiles[N].value, logConfiguration.options.mode, firelensConfiguration, firelensConfiguration.options.config-file-type, firelensConfiguration.options.config-file-value or *)",
				o.sub("unknown"), k.Value)
			return
		}
		if why, ok := parseString(o, v, path); ok {
			out = append(out, model.ContainerUnknown{Field: f, Index: i, Why: why, Source: o.d.pos(k)})
		}
	})
	return out
}

var logKeys = []string{"driver", "options", "secret_options"}

var secretKeys = []string{"name", "value_from"}

func decodeSecret(o *object) model.Secret {
	o.require("name", "the environment variable or option name")
	o.require("value_from", "a Secrets Manager or SSM parameter ARN")
	return model.Secret{Source: o.src, Name: o.str("name"), ValueFrom: o.str("value_from")}
}

var volumeKeys = []string{"name", "efs"}

func decodeVolume(o *object) model.Volume {
	v := model.Volume{Source: o.src, Name: o.str("name")}
	if o.has("efs") {
		efs := o.child("efs", efsKeys)
		v.EFS = &model.EFSVolume{
			FileSystemID: efs.str("file_system_id"),
			// Transit encryption is DISABLED unless asked for.
			TransitEncryption: efs.flag("transit_encryption", false),
		}
	}
	return v
}

var efsKeys = []string{"file_system_id", "transit_encryption"}

var serviceKeys = []string{
	"name", "cluster", "task_definition", "launch_type", "capacity_providers",
	"platform_version", "subnets", "security_groups", "assign_public_ip",
	"enable_execute_command", "standalone",
}

func decodeService(o *object) model.Service {
	s := model.Service{
		ID:                o.id,
		Source:            o.src,
		Name:              o.strOr("name", o.id),
		Cluster:           o.ref("cluster"),
		TaskDefinition:    o.ref("task_definition"),
		CapacityProviders: o.strs("capacity_providers"),
		PlatformVersion:   o.str("platform_version"),
		Subnets:           o.refs("subnets"),
		SecurityGroups:    o.refs("security_groups"),
		// assignPublicIp is DISABLED by default (aws-rules 2.5).
		AssignPublicIP:       o.flag("assign_public_ip", false),
		EnableExecuteCommand: o.flag("enable_execute_command", false),
		Standalone:           o.flag("standalone", false),
	}
	s.LaunchType, _ = get(o, "launch_type", launchTypes)
	switch {
	case s.LaunchType != "" && len(s.CapacityProviders) > 0:
		o.failAt(o.keyPos("launch_type"), model.CodeInvalidValue, "%s: a service has either a launch_type or capacity_providers, not both", o.path)
	case !o.has("launch_type") && len(s.CapacityProviders) == 0:
		s.LaunchType = "FARGATE"
	}
	return s
}

var accountSettingKeys = []string{"name", "value", "region"}

// decodeAccountSetting reads an ECS account setting default (aws-rules
// 1.3.5). A value left out is one the input does not determine.
func decodeAccountSetting(o *object) model.AccountSetting {
	o.require("name", "the setting's name, such as defaultLogDriverMode")
	return model.AccountSetting{ID: o.id, Source: o.src, Name: o.str("name"), Value: o.str("value"), Region: o.text("region", parseRegion)}
}

var autoScalingGroupKeys = []string{"cluster", "subnets", "security_groups", "associate_public_ip", "agent_version", "iam_role"}

func decodeAutoScalingGroup(o *object) model.AutoScalingGroup {
	return model.AutoScalingGroup{
		ID:             o.id,
		Source:         o.src,
		Cluster:        o.ref("cluster"),
		Subnets:        o.refs("subnets"),
		SecurityGroups: o.refs("security_groups"),
		// Unset: the subnet's auto-assign setting decides (aws-rules 2.7).
		AssociatePublicIP: o.tristate("associate_public_ip"),
		AgentVersion:      o.str("agent_version"),
		IAMRole:           o.str("iam_role"),
	}
}
