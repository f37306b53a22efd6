package snapshot

import (
	"cmp"
	"slices"
	"strings"

	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/vpctrace/vpctrace/model"
)

// Commands of the EC2 responses that describe what ECS services and EFS
// mount targets name.
const (
	refCmdSubnets = "aws ec2 describe-subnets"
	refCmdGroups  = "aws ec2 describe-security-groups"
)

// fargateProviders are the capacity providers of Fargate, which need no
// container instance.
var fargateProviders = []string{"FARGATE", "FARGATE_SPOT"}

// resolveService resolves what a service names (aws-rules 11.4.4): a
// cluster or task definition the folder does not describe is left empty
// and listed in World.Unknowns with the command that would describe it,
// never guessed; so are subnets and security groups the EC2 responses do
// not describe.
func (b *builder) resolveService(s serviceRefs) model.Service {
	svc, v := s.svc, s.v
	o := ecsRef{model.KindService, svc.ID}
	clusterKnown := svc.Cluster != "" && slices.ContainsFunc(b.w.Clusters, func(c model.Cluster) bool { return c.ID == svc.Cluster })
	if !clusterKnown {
		b.missing(o.kind, o.id, "cluster", strings.TrimSpace(cmdDescribeClusters+" --clusters "+svc.Cluster), v.field("clusterArn"))
		svc.Cluster = ""
	}
	if svc.TaskDefinition == "" || !slices.ContainsFunc(b.w.TaskDefinitions, func(t model.TaskDefinition) bool { return t.ID == svc.TaskDefinition }) {
		b.missing(o.kind, o.id, "task_definition", strings.TrimSpace(cmdDescribeTaskDefinition+" --task-definition "+svc.TaskDefinition), v.field("taskDefinition"))
		svc.TaskDefinition = ""
	}
	if svc.LaunchType == "" && len(svc.CapacityProviders) == 0 {
		// Neither set: the cluster's default capacity provider strategy,
		// else ECS's default launch type, EC2.
		switch {
		case !clusterKnown:
			b.missing(o.kind, o.id, "launch_type", strings.TrimSpace(cmdDescribeClusters+" --clusters "+s.svc.Cluster), v.pos)
		case len(b.ecs.strategies[svc.Cluster]) > 0:
			svc.CapacityProviders = b.ecs.strategies[svc.Cluster]
		default:
			svc.LaunchType = string(ecstypes.LaunchTypeEc2)
		}
	}
	fargate := svc.LaunchType == string(ecstypes.LaunchTypeFargate) ||
		svc.LaunchType == "" && len(svc.CapacityProviders) > 0 && !slices.ContainsFunc(svc.CapacityProviders, func(p string) bool { return !slices.Contains(fargateProviders, p) })
	if svc.PlatformVersion == "" && fargate {
		svc.PlatformVersion = "LATEST" // aws-rules 2.3
	}
	svc.Subnets = b.keepDescribed(o, "subnets", svc.Subnets, b.describedSubnets(), refCmdSubnets+" --subnet-ids", v.field("networkConfiguration/awsvpcConfiguration/subnets"))
	svc.SecurityGroups = b.keepDescribed(o, "security_groups", svc.SecurityGroups, b.describedGroups(), refCmdGroups+" --group-ids", v.field("networkConfiguration/awsvpcConfiguration/securityGroups"))
	return svc
}

// ecsRef names an object of the world by its kind and ID.
type ecsRef struct {
	kind model.Kind
	id   string
}

// keepDescribed returns the IDs of ids that known holds. The others are not in
// the snapshot: field of o is listed in World.Unknowns with command and
// the missing IDs.
func (b *builder) keepDescribed(o ecsRef, field string, ids []string, known map[string]bool, command string, p model.Pos) []string {
	var kept, lacking []string
	for _, id := range ids {
		if known[id] {
			kept = append(kept, id)
		} else {
			lacking = append(lacking, id)
		}
	}
	if len(lacking) > 0 {
		b.missing(o.kind, o.id, field, command+" "+strings.Join(lacking, " "), p)
	}
	return kept
}

// describedSubnets are the IDs of the subnets the snapshot describes.
func (b *builder) describedSubnets() map[string]bool {
	out := make(map[string]bool, len(b.w.Subnets))
	for _, s := range b.w.Subnets {
		out[s.ID] = true
	}
	return out
}

// describedGroups are the IDs of the security groups the snapshot describes.
func (b *builder) describedGroups() map[string]bool {
	out := make(map[string]bool, len(b.w.SecurityGroups))
	for _, g := range b.w.SecurityGroups {
		out[g.ID] = true
	}
	return out
}

// joinContainerInstances gives the EC2 instances behind ACTIVE container
// instances their cluster and agent version (aws-rules 11.4.6). An
// instance describe-instances does not describe makes its cluster's
// container instances unknown, with the command that would describe it;
// so does a cluster that has more container instances than the folder
// describes.
func (b *builder) joinContainerInstances() {
	index := map[string]int{}
	for i, in := range b.w.Instances {
		index[in.ID] = i
	}
	lacking := map[string][]string{} // cluster ARN -> instance IDs
	var order []string
	first := map[string]model.Pos{} // cluster ARN -> the first lacking one
	read := map[string]int{}        // cluster ARN -> container instances read
	for _, ci := range b.ecs.instances {
		cluster := clusterOfInstance(str(ci.v.ContainerInstanceArn))
		read[cluster]++
		if str(ci.v.Status) != "ACTIVE" {
			continue // ECS places no task there (aws-rules 11.4.6)
		}
		if !slices.ContainsFunc(b.w.Clusters, func(c model.Cluster) bool { return c.ID == cluster }) {
			b.warnf(ci.pos, CodeMissing, "container instance %s is of a cluster that no %s output describes: left out",
				cmp.Or(str(ci.v.ContainerInstanceArn), str(ci.v.Ec2InstanceId)), cmdDescribeClusters)
			continue
		}
		id := str(ci.v.Ec2InstanceId)
		i, ok := index[id]
		if !ok {
			if len(lacking[cluster]) == 0 {
				order = append(order, cluster)
				first[cluster] = ci.field("ec2InstanceId")
			}
			lacking[cluster] = append(lacking[cluster], id)
			continue
		}
		in := &b.w.Instances[i]
		in.Cluster = cluster
		if vi := ci.v.VersionInfo; vi != nil {
			in.AgentVersion = strings.TrimPrefix(str(vi.AgentVersion), "v")
		}
	}
	for _, cluster := range order {
		b.missing(model.KindCluster, cluster, "container_instances", refCmdInstances+" --instance-ids "+strings.Join(lacking[cluster], " "), first[cluster])
	}
	for _, cl := range b.ecs.clusters {
		arn := str(cl.v.ClusterArn)
		if n := int(cl.v.RegisteredContainerInstancesCount); n > read[arn] {
			b.missing(model.KindCluster, arn, "container_instances", "aws ecs list-container-instances --cluster "+str(cl.v.ClusterName)+
				" and "+cmdDescribeContainerInstances+" --cluster "+str(cl.v.ClusterName)+" --container-instances ID...", cl.field("registeredContainerInstancesCount"))
		}
	}
}
