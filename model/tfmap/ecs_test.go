package tfmap

import (
	"encoding/base64"
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

const containerDefinitions = `[{
  "name": "app",
  "image": "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest",
  "logConfiguration": {
    "logDriver": "awslogs",
    "options": {"awslogs-group": "/ecs/app", "awslogs-region": "ap-northeast-1"},
    "secretOptions": [{"name": "token", "valueFrom": "arn:aws:ssm:ap-northeast-1:123456789012:parameter/log-token"}]
  },
  "secrets": [{"name": "DB", "valueFrom": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf"}],
  "repositoryCredentials": {"credentialsParameter": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:hub-AbCdEf"},
  "environmentFiles": [{"value": "arn:aws:s3:::conf-bucket/app.env", "type": "s3"}],
  "essential": true,
  "portMappings": [{"containerPort": 80}]
}, {"name": "sidecar", "image": "public.ecr.aws/docker/library/busybox:latest"}]`

func ecsNet() []Resource {
	return []Resource{
		vpc(1, nil),
		res(10, "aws_subnet.a", M{"id": "subnet-a", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a"}),
		res(11, "aws_security_group.app", M{"id": "sg-app", "vpc_id": "vpc-1"}),
		res(12, "aws_ecs_cluster.main", M{"id": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/main", "arn": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/main", "name": "main"}),
	}
}

func wantECSNet(w model.World) model.World {
	if w.VPCs == nil {
		w.VPCs = []model.VPC{wantVPCMain(nil)}
	}
	w.Subnets = []model.Subnet{{ID: "aws_subnet.a", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24")}}
	w.SecurityGroups = append([]model.SecurityGroup{{ID: "aws_security_group.app", Source: at(11, 1), VPC: "aws_vpc.main"}}, w.SecurityGroups...)
	w.Clusters = append([]model.Cluster{{ID: "aws_ecs_cluster.main", Source: at(12, 1), Name: "main"}}, w.Clusters...)
	return w
}

// remoteWhy is why a value from another state's outputs is not known.
const remoteWhy = "known only after apply; it comes from the outputs of another state (data.terraform_remote_state.net), which vpctrace does not read; trace this root with its plan (`vpctrace trace --plan PLAN.json DIR`) for the value"

func TestBuildECS(t *testing.T) {
	td := func(line int, values M, opts ...func(*Resource)) Resource {
		v := M{"family": "app", "revision": 3, "arn": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app:3",
			"network_mode": "awsvpc", "requires_compatibilities": []string{"FARGATE"},
			"execution_role_arn": "arn:aws:iam::123456789012:role/exec", "container_definitions": containerDefinitions}
		for k, x := range values {
			v[k] = x
		}
		return res(line, "aws_ecs_task_definition.app", v, append(opts, pos("container_definitions", line+1, 3))...)
	}
	wantTD := func(mod func(*model.TaskDefinition)) model.TaskDefinition {
		p := at(21, 3)
		d := model.TaskDefinition{ID: "aws_ecs_task_definition.app", Source: at(20, 1), Family: "app", NetworkMode: "awsvpc",
			RequiresCompatibilities: []string{"FARGATE"}, ExecutionRoleARN: "arn:aws:iam::123456789012:role/exec",
			Containers: []model.Container{
				{Source: p, Name: "app", Image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest",
					LogDriver: "awslogs", LogOptions: map[string]string{"awslogs-group": "/ecs/app", "awslogs-region": "ap-northeast-1"},
					LogSecretOptions:      []model.Secret{{Source: p, Name: "token", ValueFrom: "arn:aws:ssm:ap-northeast-1:123456789012:parameter/log-token"}},
					Secrets:               []model.Secret{{Source: p, Name: "DB", ValueFrom: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf"}},
					RepositoryCredentials: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:hub-AbCdEf",
					EnvironmentFiles:      []string{"arn:aws:s3:::conf-bucket/app.env"}},
				{Source: p, Name: "sidecar", Image: "public.ecr.aws/docker/library/busybox:latest"},
			}}
		if mod != nil {
			mod(&d)
		}
		return d
	}
	runCases(t, []buildCase{{
		// aws-rules 2.3, 2.5, 1.7.1: platform_version LATEST on Fargate,
		// assign_public_ip false, ECS Exec off.
		name: "Fargate service with provider defaults",
		resources: append(ecsNet(),
			td(20, nil),
			res(30, "aws_ecs_service.app", M{"name": "app", "cluster": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/main", "task_definition": "app:3",
				"launch_type": "FARGATE", "network_configuration": L{M{"subnets": []string{"subnet-a"}, "security_groups": []string{"sg-app"}}}}),
			res(31, "aws_ecs_service.exec", M{"name": "exec", "cluster": U, "task_definition": U, "launch_type": "FARGATE", "platform_version": "1.3.0",
				"enable_execute_command": true, "network_configuration": L{M{"subnets": []string{"subnet-a"}, "assign_public_ip": true}}},
				refs("cluster", "aws_ecs_cluster.main"), refs("task_definition", "aws_ecs_task_definition.app")),
			res(40, "aws_s3_bucket.conf", M{"bucket": "conf-bucket"}),
			res(41, "aws_s3_bucket.us", M{"bucket": "us-bucket", "region": "us-east-1"}),
			res(42, "aws_ecr_repository.app", M{"repository_url": "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app"}),
			res(43, "aws_cloudwatch_log_group.app", M{"name": "/ecs/app"}),
		),
		want: wantECSNet(model.World{
			TaskDefinitions: []model.TaskDefinition{wantTD(nil)},
			Services: []model.Service{
				{ID: "aws_ecs_service.app", Source: at(30, 1), Name: "app", Cluster: "aws_ecs_cluster.main", TaskDefinition: "aws_ecs_task_definition.app",
					LaunchType: "FARGATE", PlatformVersion: "LATEST", Subnets: []string{"aws_subnet.a"}, SecurityGroups: []string{"aws_security_group.app"}},
				{ID: "aws_ecs_service.exec", Source: at(31, 1), Name: "exec", Cluster: "aws_ecs_cluster.main", TaskDefinition: "aws_ecs_task_definition.app",
					LaunchType: "FARGATE", PlatformVersion: "1.3.0", Subnets: []string{"aws_subnet.a"}, AssignPublicIP: true, EnableExecuteCommand: true},
			},
			Buckets: []model.Bucket{
				{ID: "aws_s3_bucket.conf", Source: at(40, 1), Name: "conf-bucket", Region: region},
				{ID: "aws_s3_bucket.us", Source: at(41, 1), Name: "us-bucket", Region: "us-east-1"},
			},
		}),
	}, {
		// ECS: no cluster is the cluster named "default"; no launch type
		// and no capacity provider strategy is EC2.
		name: "service without cluster and launch type",
		resources: append(ecsNet(),
			td(20, nil),
			res(30, "aws_ecs_service.bare", M{"name": "bare", "task_definition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app:7"}),
		),
		want: wantECSNet(model.World{
			TaskDefinitions: []model.TaskDefinition{wantTD(nil)},
			Services:        []model.Service{{ID: "aws_ecs_service.bare", Source: at(30, 1), Name: "bare", TaskDefinition: "aws_ecs_task_definition.app", LaunchType: "EC2"}},
			Unknowns: []model.Unknown{{ID: "aws_ecs_service.bare", Kind: model.KindService, Field: "cluster",
				Why: `not set: the cluster named "default", which the input does not describe`, Source: at(30, 1)},
				// The launch type is the cluster's default strategy, else
				// EC2: with the cluster outside the input it is not known.
				{ID: "aws_ecs_service.bare", Kind: model.KindService, Field: "launch_type",
					Why: "not set: the default capacity provider strategy of the cluster decides, and the cluster is not in the input", Source: at(30, 1)}},
		}),
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(30, 1)), diag(model.SeverityWarning, CodeUndetermined, at(30, 1))},
	}, {
		// Point 7 of issue 9: a service whose cluster, subnets, security
		// groups and task definition live outside the root (IDs passed in
		// as variables) is kept, with each missing setting named.
		name: "service whose cluster, network and task definition are outside the input",
		resources: append(ecsNet(),
			res(30, "aws_ecs_service.ext", M{"name": "ext", "cluster": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/shared",
				"task_definition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/other:3", "launch_type": "FARGATE",
				"network_configuration": L{M{"subnets": []string{"subnet-a", "subnet-0ext"}, "security_groups": []string{"sg-0ext"}}}},
				pos("cluster", 31, 3), pos("task_definition", 32, 3), pos("network_configuration.0", 33, 3)),
			res(40, "aws_ecs_service.later", M{"name": "later", "cluster": "main", "task_definition": U, "launch_type": U, "platform_version": U},
				refs("launch_type", "data.terraform_remote_state.net"), refs("platform_version", "data.terraform_remote_state.net"),
				refs("task_definition", "data.terraform_remote_state.net"),
				pos("launch_type", 41, 3), pos("platform_version", 42, 3)),
			res(50, "aws_ecs_service.either", M{"name": "either", "cluster": "main", "task_definition": U, "launch_type": "FARGATE"},
				refs("task_definition", "aws_ecs_task_definition.app", "aws_ecs_task_definition.nightly")),
			td(20, nil),
			res(60, "aws_ecs_task_definition.nightly", M{"family": "nightly", "container_definitions": `[{"name": "o", "image": "nginx"}]`}),
		),
		want: wantECSNet(model.World{
			TaskDefinitions: []model.TaskDefinition{wantTD(nil), {ID: "aws_ecs_task_definition.nightly", Source: at(60, 1), Family: "nightly",
				NetworkMode: "bridge", Containers: []model.Container{{Source: at(60, 1), Name: "o", Image: "nginx"}}}},
			Services: []model.Service{
				// A value known only after apply that may name either task
				// definition: both are candidates.
				{ID: "aws_ecs_service.either", Source: at(50, 1), Name: "either", Cluster: "aws_ecs_cluster.main", LaunchType: "FARGATE", PlatformVersion: "LATEST",
					TaskDefinitionCandidates: []string{"aws_ecs_task_definition.app", "aws_ecs_task_definition.nightly"}},
				{ID: "aws_ecs_service.ext", Source: at(30, 1), Name: "ext", LaunchType: "FARGATE", PlatformVersion: "LATEST", Subnets: []string{"aws_subnet.a"}},
				{ID: "aws_ecs_service.later", Source: at(40, 1), Name: "later", Cluster: "aws_ecs_cluster.main"},
			},
			Unknowns: []model.Unknown{
				{ID: "aws_ecs_service.either", Kind: model.KindService, Field: "task_definition",
					Why: "known only after apply; it references aws_ecs_task_definition.app, aws_ecs_task_definition.nightly", Source: at(50, 1)},
				{ID: "aws_ecs_service.ext", Kind: model.KindService, Field: "cluster",
					Why: `"arn:aws:ecs:ap-northeast-1:123456789012:cluster/shared" is not a ECS cluster the input describes`, Source: at(31, 3)},
				{ID: "aws_ecs_service.ext", Kind: model.KindService, Field: "task_definition",
					Why: `"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/other:3" is not a task definition the input describes`, Source: at(32, 3)},
				{ID: "aws_ecs_service.ext", Kind: model.KindService, Field: "network_configuration.0.subnets",
					Why: `"subnet-0ext" is not a subnet the input describes`, Source: at(33, 3)},
				{ID: "aws_ecs_service.ext", Kind: model.KindService, Field: "network_configuration.0.security_groups",
					Why: `"sg-0ext" is not a security group the input describes`, Source: at(33, 3)},
				{ID: "aws_ecs_service.later", Kind: model.KindService, Field: "task_definition", Source: at(40, 1),
					Why: remoteWhy},
				{ID: "aws_ecs_service.later", Kind: model.KindService, Field: "launch_type", Why: remoteWhy, Source: at(41, 3)},
				{ID: "aws_ecs_service.later", Kind: model.KindService, Field: "platform_version", Why: remoteWhy, Source: at(42, 3)},
			},
		}),
		diags: []string{
			diag(model.SeverityWarning, CodeUndetermined, at(50, 1)),
			diag(model.SeverityWarning, CodeUndetermined, at(31, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(32, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(33, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(33, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(40, 1)),
			diag(model.SeverityWarning, CodeUndetermined, at(41, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(42, 3)),
		},
	}, {
		// Point 6 of issue 9: container definitions with leaves known
		// only after apply keep their containers; each unknown setting is
		// listed with what container_definitions references.
		name: "container definitions with unknown leaves",
		resources: append(ecsNet(),
			td(20, M{"container_definitions": `[{"name": "app", "image": "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:` + mark +
				`", "environment": [{"name": "DB", "value": "` + mark + `"}]}]`},
				refs("container_definitions", "aws_db_instance.main", "data.aws_ecr_image.app")),
		),
		want: wantECSNet(model.World{TaskDefinitions: []model.TaskDefinition{wantTD(func(d *model.TaskDefinition) {
			d.Containers = []model.Container{{Source: at(21, 3), Name: "app", Image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:",
				Unknowns: []model.ContainerUnknown{{Field: model.FieldImage, Source: at(21, 3),
					Why: "it comes from data source data.aws_ecr_image.app, which vpctrace does not read, or is known only after apply"}}}}
		})}}),
	}, {
		// The plan's view: the whole list is known only after apply.
		name:      "container definitions wholly unknown (jsonencode of an unknown list)",
		resources: append(ecsNet(), td(20, M{"container_definitions": `"` + mark + `"`})),
		want: wantECSNet(model.World{
			TaskDefinitions: []model.TaskDefinition{wantTD(func(d *model.TaskDefinition) { d.Containers = nil })},
			Unknowns: []model.Unknown{{ID: "aws_ecs_task_definition.app", Kind: model.KindTaskDefinition, Field: "container_definitions",
				Why: "known only after apply", Source: at(21, 3)}},
		}),
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(21, 3))},
	}, {
		name: "malformed container definitions",
		resources: append(ecsNet(),
			td(20, M{"container_definitions": `[{"name": "app", "image": }]`}),
		),
		want: wantECSNet(model.World{TaskDefinitions: []model.TaskDefinition{wantTD(func(d *model.TaskDefinition) { d.Containers = nil })}}),
		diags: []string{
			diag(model.SeverityError, CodeInvalidJSON, at(21, 3)),
			diag(model.SeverityError, model.CodeMissingField, at(20, 1)),
		},
		fragments: []string{"container_definitions of aws_ecs_task_definition.app: invalid JSON at byte"},
	}, {
		name: "container definitions and role known only after apply; EFS volume",
		resources: append(ecsNet(),
			td(20, M{"container_definitions": U, "execution_role_arn": U, "task_role_arn": U, "volume": L{
				M{"name": "data", "efs_volume_configuration": L{M{"file_system_id": U, "transit_encryption": "ENABLED"}}},
			}}, refs("execution_role_arn", "aws_iam_role.exec"), refs("volume", "aws_efs_file_system.data"), pos("volume.0", 25, 3),
				refs("container_definitions", "aws_ecr_repository.app"), refs("task_role_arn", "aws_iam_role.task")),
			res(22, "aws_iam_role.exec", M{"name": "exec", "arn": U}),
			res(50, "aws_efs_file_system.data", M{"id": U}),
			res(51, "aws_efs_mount_target.a", M{"file_system_id": U, "subnet_id": "subnet-a", "ip_address": "10.0.0.20"},
				refs("file_system_id", "aws_efs_file_system.data")),
		),
		want: wantECSNet(model.World{
			VPCs: []model.VPC{wantVPCMain(func(v *model.VPC) { v.DefaultSecurityGroup = defaultSG })},
			SecurityGroups: []model.SecurityGroup{{ID: defaultSG, Source: at(1, 1), VPC: "aws_vpc.main",
				Ingress: []model.SGRule{{Source: at(1, 1), Protocol: "-1", Self: true, Description: "AWS default: members of the group"}},
				Egress:  []model.SGRule{{Source: at(1, 1), Protocol: "-1", CIDRs: pfxs("0.0.0.0/0", "::/0"), Description: "AWS default: all egress"}},
			}},
			TaskDefinitions: []model.TaskDefinition{wantTD(func(d *model.TaskDefinition) {
				d.Containers = nil
				d.ExecutionRoleARN = "arn:aws:iam::123456789012:role/exec"
				d.Volumes = []model.Volume{{Source: at(25, 3), Name: "data", EFS: &model.EFSVolume{FileSystemID: "fs-2953fa214893ab1a4", TransitEncryption: true}}}
			})},
			// The file system ID is known only after apply: the ID the HCL
			// evaluator would give it ("fs-" and 17 hex digits of the
			// SHA-256 of its address) stands for it in the task definition
			// too.
			FileSystems: []model.FileSystem{{ID: "aws_efs_file_system.data", Source: at(50, 1), FileSystemID: "fs-2953fa214893ab1a4",
				MountTargets: []model.MountTarget{{ID: "aws_efs_mount_target.a", Source: at(51, 1), Subnet: "aws_subnet.a",
					IP: address(val("10.0.0.20")), SecurityGroups: []string{defaultSG}}}}},
			Unknowns: []model.Unknown{
				{ID: "aws_ecs_task_definition.app", Kind: model.KindTaskDefinition, Field: "task_role_arn", Why: "known only after apply", Source: at(20, 1)},
				{ID: "aws_ecs_task_definition.app", Kind: model.KindTaskDefinition, Field: "container_definitions", Why: "known only after apply", Source: at(21, 3)},
			},
		}),
		diags: []string{
			diag(model.SeverityWarning, CodeUndetermined, at(20, 1)),
			diag(model.SeverityWarning, CodeUndetermined, at(21, 3)),
		},
	}, {
		// aws-rules 1.3.5: the defaultLogDriverMode account setting of the
		// provider's region (or the resource's own region); a value known
		// only after apply is left empty and named.
		name: "1.3.5 account setting defaults",
		resources: append(ecsNet(),
			res(60, "aws_ecs_account_setting_default.log_mode", M{"name": "defaultLogDriverMode", "value": "blocking"}),
			res(61, "aws_ecs_account_setting_default.us", M{"name": "defaultLogDriverMode", "value": U, "region": "us-east-1"}),
			res(62, "aws_ecs_account_setting_default.insights", M{"name": "containerInsights", "value": "enabled"}),
		),
		want: wantECSNet(model.World{
			AccountSettings: []model.AccountSetting{
				{ID: "aws_ecs_account_setting_default.insights", Source: at(62, 1), Name: "containerInsights", Value: "enabled"},
				{ID: "aws_ecs_account_setting_default.log_mode", Source: at(60, 1), Name: "defaultLogDriverMode", Value: "blocking"},
				{ID: "aws_ecs_account_setting_default.us", Source: at(61, 1), Name: "defaultLogDriverMode", Region: "us-east-1"},
			},
			Unknowns: []model.Unknown{{ID: "aws_ecs_account_setting_default.us", Kind: model.KindAccountSetting, Field: "value", Why: "known only after apply", Source: at(61, 1)}},
		}),
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(61, 1))},
	}, {
		name: "Fargate requires awsvpc",
		resources: append(ecsNet(),
			td(20, M{"network_mode": nil}),
		),
		want:  wantECSNet(model.World{TaskDefinitions: []model.TaskDefinition{wantTD(func(d *model.TaskDefinition) { d.NetworkMode = "bridge" })}}),
		diags: []string{diag(model.SeverityError, "aws-rejects-network-mode", at(20, 1))},
	}})
}

// TestBuildCapacityProviders follows the EC2 capacity chain: cluster ->
// aws_ecs_cluster_capacity_providers -> aws_ecs_capacity_provider -> ASG
// -> launch template -> user_data ECS_CLUSTER.
func TestBuildCapacityProviders(t *testing.T) {
	userData := base64.StdEncoding.EncodeToString([]byte("#!/bin/bash\necho ECS_CLUSTER=main >> /etc/ecs/ecs.config\n"))
	resources := append(ecsNet(),
		res(20, "aws_launch_template.ecs", M{"id": "lt-1", "name": "ecs", "user_data": userData, "vpc_security_group_ids": []string{"sg-app"},
			"iam_instance_profile": L{M{"name": "ecs-instance"}}, "network_interfaces": L{}}),
		res(21, "aws_iam_instance_profile.ecs", M{"name": "ecs-instance", "role": "ecs-instance-role"}),
		res(22, "aws_iam_role.ecs", M{"name": "ecs-instance-role", "arn": U}),
		res(23, "aws_autoscaling_group.ecs", M{"name": "ecs", "arn": "arn:aws:autoscaling:ap-northeast-1:123456789012:autoScalingGroup:x:autoScalingGroupName/ecs",
			"vpc_zone_identifier": []string{"subnet-a"}, "launch_template": L{M{"id": "lt-1", "version": "$Latest"}}}),
		res(24, "aws_ecs_capacity_provider.ec2", M{"name": "ec2", "auto_scaling_group_provider": L{M{"auto_scaling_group_arn": U}}},
			refs("auto_scaling_group_provider", "aws_autoscaling_group.ecs")),
		res(25, "aws_ecs_cluster_capacity_providers.main", M{"cluster_name": "main", "capacity_providers": []string{"FARGATE", "ec2"},
			"default_capacity_provider_strategy": L{M{"capacity_provider": "ec2", "weight": 1}}}),
		res(30, "aws_ecs_service.web", M{"name": "web", "cluster": "main", "task_definition": "web"}),
		res(31, "aws_ecs_task_definition.web", M{"family": "web", "container_definitions": `[{"name":"web","image":"nginx"}]`}),
		res(40, "aws_instance.nat", M{"subnet_id": "subnet-a", "source_dest_check": false, "associate_public_ip_address": true, "private_ip": "10.0.0.5",
			"user_data": "#!/bin/bash\nECS_CLUSTER='main'\n"}),
		res(41, "aws_eip.nat", M{"instance": U}, refs("instance", "aws_instance.nat")),
	)
	want := wantECSNet(model.World{
		VPCs: []model.VPC{wantVPCMain(func(v *model.VPC) { v.DefaultSecurityGroup = defaultSG })},
		SecurityGroups: []model.SecurityGroup{{ID: defaultSG, Source: at(1, 1), VPC: "aws_vpc.main",
			Ingress: []model.SGRule{{Source: at(1, 1), Protocol: "-1", Self: true, Description: "AWS default: members of the group"}},
			Egress:  []model.SGRule{{Source: at(1, 1), Protocol: "-1", CIDRs: pfxs("0.0.0.0/0", "::/0"), Description: "AWS default: all egress"}},
		}},
		Instances: []model.Instance{{ID: "aws_instance.nat", Source: at(40, 1), Subnet: "aws_subnet.a", SecurityGroups: []string{defaultSG},
			PrivateIP: address(val("10.0.0.5")), AssociatePublicIP: model.True, ElasticIP: "aws_eip.nat", SourceDestCheck: model.False, Cluster: "aws_ecs_cluster.main"}},
		AutoScalingGroups: []model.AutoScalingGroup{{ID: "aws_autoscaling_group.ecs", Source: at(23, 1), Cluster: "aws_ecs_cluster.main",
			Subnets: []string{"aws_subnet.a"}, SecurityGroups: []string{"aws_security_group.app"}, IAMRole: "arn:aws:iam::123456789012:role/ecs-instance-role"}},
		TaskDefinitions: []model.TaskDefinition{{ID: "aws_ecs_task_definition.web", Source: at(31, 1), Family: "web", NetworkMode: "bridge",
			Containers: []model.Container{{Source: at(31, 1), Name: "web", Image: "nginx"}}}},
		// No launch type and no strategy: the cluster's default strategy.
		Services: []model.Service{{ID: "aws_ecs_service.web", Source: at(30, 1), Name: "web", Cluster: "aws_ecs_cluster.main",
			TaskDefinition: "aws_ecs_task_definition.web", CapacityProviders: []string{"ec2"}}},
	})
	want.Clusters[0].CapacityProviders = map[string]string{"ec2": "aws_autoscaling_group.ecs"}
	check(t, resources, world(want), nil)
}

func TestBuildUnsupportedAndRejects(t *testing.T) {
	runCases(t, []buildCase{{
		name: "one info per unsupported type; data sources silent",
		resources: []Resource{
			res(1, "aws_lb.a", M{}),
			res(2, "aws_lb.b", M{}),
			res(3, `module.x.aws_lb.c["k"]`, M{}),
			res(4, "aws_lb_listener.l", M{}),
			res(5, "data.aws_caller_identity.me", M{"account_id": account}),
			res(6, "data.aws_lb.existing", M{}),
		},
		diags: []string{
			diag(model.SeverityInfo, CodeNotModelled, at(1, 1)),
			diag(model.SeverityInfo, CodeNotModelled, at(4, 1)),
		},
		fragments: []string{"aws_lb is not modelled; 3 instances ignored", "aws_lb_listener is not modelled; 1 instance ignored"},
	}, {
		name: "two route tables for one subnet; NAT gateway without an Elastic IP",
		resources: []Resource{
			vpc(1, nil),
			res(10, "aws_subnet.a", M{"id": "subnet-a", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a"}),
			res(11, "aws_route_table.x", M{"id": "rtb-x", "vpc_id": "vpc-1"}),
			res(12, "aws_route_table.y", M{"id": "rtb-y", "vpc_id": "vpc-1"}),
			res(13, "aws_route_table_association.x", M{"subnet_id": "subnet-a", "route_table_id": "rtb-x"}),
			res(14, "aws_route_table_association.y", M{"subnet_id": "subnet-a", "route_table_id": "rtb-y"}, pos("subnet_id", 15, 3)),
			res(20, "aws_nat_gateway.nat", M{"subnet_id": "subnet-a"}),
		},
		want: model.World{
			VPCs:    []model.VPC{wantVPCMain(nil)},
			Subnets: []model.Subnet{{ID: "aws_subnet.a", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24"), RouteTable: "aws_route_table.x"}},
			RouteTables: []model.RouteTable{
				{ID: "aws_route_table.x", Source: at(11, 1), VPC: "aws_vpc.main"},
				{ID: "aws_route_table.y", Source: at(12, 1), VPC: "aws_vpc.main"},
			},
			NATGateways: []model.NATGateway{{ID: "aws_nat_gateway.nat", Source: at(20, 1), Subnet: "aws_subnet.a"}},
		},
		diags: []string{
			diag(model.SeverityError, "aws-rejects-nat-gateway-without-eip", at(20, 1)),
			diag(model.SeverityError, "aws-rejects-route-table-association", at(15, 3)),
		},
		fragments: []string{"aws_route_table_association.y associates aws_subnet.a with route table aws_route_table.y, but aws_route_table_association.x already associates it with aws_route_table.x"},
	}, {
		name: "subnet outside its VPC: Validate's error",
		resources: []Resource{
			vpc(1, nil),
			res(10, "aws_subnet.a", M{"vpc_id": "vpc-1", "cidr_block": "192.168.0.0/24", "availability_zone": "ap-northeast-1a"}),
		},
		want: model.World{
			VPCs:    []model.VPC{wantVPCMain(nil)},
			Subnets: []model.Subnet{{ID: "aws_subnet.a", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("192.168.0.0/24")}},
		},
		diags: []string{diag(model.SeverityError, model.CodeInvalidValue, at(10, 1))},
	}})
}
