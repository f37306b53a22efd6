package snapshot

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/vpctrace/vpctrace/model"
)

// serviceRefs is a service as describe-services gives it, before
// finishECS resolves what it names (cluster, task definition, subnets,
// security groups) and its launch type.
type serviceRefs struct {
	svc model.Service
	v   at[ecstypes.Service]
}

// decodeClusters reads describe-clusters (aws-rules 11.4.1, 11.4.3).
func decodeClusters(b *builder, d *doc) {
	for _, v := range decodeList[ecstypes.Cluster](b, d, "clusters") {
		arn := str(v.v.ClusterArn)
		if arn == "" {
			b.errorf(v.pos, model.CodeMissingField, "a cluster without clusterArn: left out")
			continue
		}
		b.noteARN(arn, v.field("clusterArn"), true)
		cl := model.Cluster{ID: arn, Source: v.pos, Name: str(v.v.ClusterName), ExecuteCommand: execConfig(v)}
		if !b.firstDescription(model.KindCluster, arn, cl, v.pos) {
			continue
		}
		if b.ecs.strategies == nil {
			b.ecs.strategies = map[string][]string{}
		}
		b.ecs.strategies[arn] = providerNames(v.v.DefaultCapacityProviderStrategy)
		b.ecs.clusters = append(b.ecs.clusters, v)
		b.w.Clusters = append(b.w.Clusters, cl)
	}
	b.ecsFailures(d, cmdDescribeClusters)
}

// execConfig is a cluster's configuration.executeCommandConfiguration
// (aws-rules 1.7.3); nil when it has none.
func execConfig(v at[ecstypes.Cluster]) *model.ExecuteCommandConfig {
	if v.v.Configuration == nil || v.v.Configuration.ExecuteCommandConfiguration == nil {
		return nil
	}
	e := v.v.Configuration.ExecuteCommandConfiguration
	ec := &model.ExecuteCommandConfig{Source: v.field("configuration/executeCommandConfiguration"),
		KMSKeyID: str(e.KmsKeyId), Logging: string(e.Logging)}
	if lc := e.LogConfiguration; lc != nil {
		ec.CloudWatchLogGroup = str(lc.CloudWatchLogGroupName)
		ec.CloudWatchEncryption = lc.CloudWatchEncryptionEnabled
		ec.S3Bucket = str(lc.S3BucketName)
		ec.S3Encryption = lc.S3EncryptionEnabled
		ec.S3KeyPrefix = str(lc.S3KeyPrefix)
	}
	return ec
}

// providerNames lists the capacity providers of a strategy, each once.
func providerNames(items []ecstypes.CapacityProviderStrategyItem) []string {
	var out []string
	for _, it := range items {
		if name := str(it.CapacityProvider); name != "" && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// decodeServices reads describe-services (aws-rules 11.4.1, 11.4.4).
// What a service names is resolved in finishECS.
func decodeServices(b *builder, d *doc) {
	for _, v := range decodeList[ecstypes.Service](b, d, "services") {
		arn := str(v.v.ServiceArn)
		if arn == "" {
			b.errorf(v.pos, model.CodeMissingField, "a service without serviceArn: left out")
			continue
		}
		b.noteARN(arn, v.field("serviceArn"), true)
		if str(v.v.Status) == "INACTIVE" {
			continue // deleted: it runs no task (aws-rules 11.4.4)
		}
		svc := model.Service{
			ID:                   arn,
			Source:               v.pos,
			Name:                 str(v.v.ServiceName),
			Cluster:              str(v.v.ClusterArn),
			TaskDefinition:       str(v.v.TaskDefinition),
			LaunchType:           string(v.v.LaunchType),
			CapacityProviders:    providerNames(v.v.CapacityProviderStrategy),
			PlatformVersion:      str(v.v.PlatformVersion),
			EnableExecuteCommand: v.v.EnableExecuteCommand,
		}
		if nc := v.v.NetworkConfiguration; nc != nil && nc.AwsvpcConfiguration != nil {
			a := nc.AwsvpcConfiguration
			svc.Subnets = a.Subnets
			svc.SecurityGroups = a.SecurityGroups
			// DISABLED is the default (aws-rules 2.5).
			svc.AssignPublicIP = a.AssignPublicIp == ecstypes.AssignPublicIpEnabled
		}
		if !b.firstDescription(model.KindService, arn, svc, v.pos) {
			continue
		}
		b.ecs.services = append(b.ecs.services, serviceRefs{svc: svc, v: v})
	}
	b.ecsFailures(d, cmdDescribeServices)
}

// decodeTaskDefinition reads describe-task-definition: one task
// definition a file (aws-rules 11.4.1, 11.4.5).
func decodeTaskDefinition(b *builder, d *doc) {
	v, ok := decodeOne[ecstypes.TaskDefinition](b, d, "taskDefinition")
	if !ok {
		return
	}
	arn := str(v.v.TaskDefinitionArn)
	if arn == "" {
		b.errorf(v.pos, model.CodeMissingField, "a task definition without taskDefinitionArn: left out")
		return
	}
	b.noteARN(arn, v.field("taskDefinitionArn"), true)
	td := model.TaskDefinition{
		ID:               arn,
		Source:           v.pos,
		Family:           str(v.v.Family),
		NetworkMode:      string(v.v.NetworkMode),
		ExecutionRoleARN: str(v.v.ExecutionRoleArn),
		TaskRoleARN:      str(v.v.TaskRoleArn),
		Containers:       containersOf(v),
		Volumes:          volumesOf(v),
	}
	if td.NetworkMode == "" {
		td.NetworkMode = "bridge" // ECS's default for Linux (aws-rules 11.4.5)
	}
	for _, c := range v.v.RequiresCompatibilities {
		td.RequiresCompatibilities = append(td.RequiresCompatibilities, string(c))
	}
	if rp := v.v.RuntimePlatform; rp != nil {
		td.OperatingSystemFamily = string(rp.OperatingSystemFamily)
	}
	if b.firstDescription(model.KindTaskDefinition, arn, td, v.pos) {
		b.w.TaskDefinitions = append(b.w.TaskDefinitions, td)
	}
}

// decodeContainerInstances reads describe-container-instances; finishECS
// joins them to describe-instances' instances (aws-rules 11.4.6).
func decodeContainerInstances(b *builder, d *doc) {
	for _, v := range decodeList[ecstypes.ContainerInstance](b, d, "containerInstances") {
		arn := str(v.v.ContainerInstanceArn)
		b.noteARN(arn, v.field("containerInstanceArn"), true)
		if arn != "" && !b.firstDescription(model.KindInstance, arn, v.v.Ec2InstanceId, v.pos) {
			continue
		}
		b.ecs.instances = append(b.ecs.instances, v)
	}
	b.ecsFailures(d, cmdDescribeContainerInstances)
}

// decodeAccountSettings reads list-account-settings: the root user's
// settings, the account's defaults (aws-rules 1.3.5, 11.4.7).
func decodeAccountSettings(b *builder, d *doc) {
	for _, v := range decodeList[ecstypes.Setting](b, d, "settings") {
		principal := str(v.v.PrincipalArn)
		b.noteARN(principal, v.field("principalArn"), true)
		if principal != "" && !strings.HasSuffix(principal, ":root") {
			continue
		}
		name := string(v.v.Name)
		if name == "" {
			b.errorf(v.pos, model.CodeMissingField, "an account setting without name: left out")
			continue
		}
		a := model.AccountSetting{ID: name, Source: v.pos, Name: name, Value: str(v.v.Value)}
		if b.firstDescription(model.KindAccountSetting, name, a, v.pos) {
			b.w.AccountSettings = append(b.w.AccountSettings, a)
		}
	}
}

// ecsFailures reports the "failures" of an ECS describe response: objects
// the command named that AWS did not describe (aws-rules 11.4.2).
func (b *builder) ecsFailures(d *doc, command string) {
	for _, f := range decodeList[ecstypes.Failure](b, d, "failures") {
		what := str(f.v.Reason)
		if detail := str(f.v.Detail); detail != "" {
			what += " (" + detail + ")"
		}
		b.warnf(f.pos, CodeMissing, "%s could not describe %s: %s; what refers to it is unknown", command, cmp.Or(str(f.v.Arn), "an object"), cmp.Or(what, "no reason given"))
	}
}

// clusterOfInstance returns the ARN of the cluster a container instance
// ARN of the long format ("...:container-instance/CLUSTER/ID") names, or
// "" for the short format.
func clusterOfInstance(arn string) string {
	head, rest, ok := strings.Cut(arn, ":container-instance/")
	name, _, two := strings.Cut(rest, "/")
	if !ok || !two || name == "" {
		return ""
	}
	return fmt.Sprintf("%s:cluster/%s", head, name)
}
