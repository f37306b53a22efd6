package snapshot

import (
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// Commands of the ECS responses, as messages and World.Unknowns name them.
const (
	cmdDescribeClusters           = "aws ecs describe-clusters"
	cmdDescribeServices           = "aws ecs describe-services"
	cmdDescribeTaskDefinition     = "aws ecs describe-task-definition"
	cmdDescribeContainerInstances = "aws ecs describe-container-instances"
	cmdListAccountSettings        = "aws ecs list-account-settings"
	// refCmdInstances is the EC2 response that describes the
	// instances behind container instances (read by the EC2 decoders).
	refCmdInstances = "aws ec2 describe-instances"
)

// ecsKinds are the ECS responses vpctrace reads. The CLI prints them in
// camelCase, as the ECS API does.
var ecsKinds = []kind{
	// DescribeClusters: {"clusters": [Cluster], "failures": [Failure]}
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html
	{command: cmdDescribeClusters, key: "clusters", decode: decodeClusters},
	// DescribeServices: {"services": [Service], "failures": [Failure]}
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html
	{command: cmdDescribeServices, key: "services", decode: decodeServices},
	// DescribeTaskDefinition: {"taskDefinition": TaskDefinition, "tags":
	// [Tag]}, one revision a call (a file per family or revision).
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html
	{command: cmdDescribeTaskDefinition, key: "taskDefinition", object: true, decode: decodeTaskDefinition},
	// DescribeContainerInstances: {"containerInstances":
	// [ContainerInstance], "failures": [Failure]}
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeContainerInstances.html
	{command: cmdDescribeContainerInstances, key: "containerInstances", decode: decodeContainerInstances},
	// ListAccountSettings: {"settings": [Setting], "nextToken"}
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListAccountSettings.html
	{command: cmdListAccountSettings, key: "settings", decode: decodeAccountSettings},
}

// ecsState is what the ECS decoders resolve once every response is read.
type ecsState struct {
	// strategies holds each cluster's default capacity provider strategy,
	// for the services that give neither a launch type nor a strategy.
	strategies map[string][]string
	// clusters are the clusters read, for their counts of container
	// instances.
	clusters []at[ecstypes.Cluster]
	// services are the services read, with what finishECS resolves.
	services []serviceRefs
	// instances are the container instances read, which finishECS joins
	// to describe-instances' instances.
	instances []at[ecstypes.ContainerInstance]
}

// finishECS resolves what the ECS responses leave for the end: each
// service's cluster, task definition, subnets and security groups, and
// the container instances' clusters and agent versions.
func (b *builder) finishECS() {
	for _, s := range b.ecs.services {
		b.w.Services = append(b.w.Services, b.resolveService(s))
	}
	b.joinContainerInstances()
}
