package terraform

import (
	"testing"

	"github.com/vpctrace/vpctrace/whatif"
)

// TestRoundTrip is the patcher's contract: for each change kind, the
// patched root, loaded again, gives the objects whatif.Apply makes.
func TestRoundTrip(t *testing.T) {
	const inline, standalone, module, bare, registry = "testdata/inline", "testdata/standalone", "testdata/module", "testdata/bare", "testdata/registry"
	const ipv6, ipv6Shared = "testdata/ipv6", "testdata/ipv6-shared"
	tests := []struct {
		name    string
		root    string
		changes []whatif.Change
	}{
		{"private DNS: attribute set to true", inline, []whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: "aws_vpc_endpoint.ecr_api"}}},
		{"private DNS of a for_each instance set in its locals map entry", standalone, []whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: `aws_vpc_endpoint.this["ecr.dkr"]`}}},
		{"VPC DNS: both attributes added", inline, []whatif.Change{{Kind: whatif.EnableVPCDNS, Target: "aws_vpc.main"}}},
		{"platform version replaced", inline, []whatif.Change{{Kind: whatif.SetPlatformVersion, Target: "aws_ecs_service.app", Value: "1.4.0"}}},
		{"platform version added", standalone, []whatif.Change{{Kind: whatif.SetPlatformVersion, Target: "aws_ecs_service.app", Value: "1.4.0"}}},
		{"public IP in network_configuration", inline, []whatif.Change{{Kind: whatif.FlipPublicIP, Target: "aws_ecs_service.app"}}},
		{"route table appended to a multi-line literal list", inline, []whatif.Change{{Kind: whatif.AssociateRouteTable, Target: "aws_vpc_endpoint.s3", Value: "aws_route_table.other"}}},
		{"route table association resource beside the existing one", standalone, []whatif.Change{{Kind: whatif.AssociateRouteTable, Target: "aws_vpc_endpoint.s3", Value: "aws_route_table.spare"}}},
		{"inline SG egress to a group", inline, []whatif.Change{{Kind: whatif.AllowEgress, Target: "aws_security_group.tasks", Value: "aws_security_group.endpoints", Port: 443}}},
		{"inline SG ingress from a CIDR", inline, []whatif.Change{{Kind: whatif.AllowIngress, Target: "aws_security_group.endpoints", Value: "10.99.0.0/16", Port: 443}}},
		{"inline S3 egress through the gateway endpoint's prefix_list_id", inline, []whatif.Change{{Kind: whatif.AddS3Egress, Target: "aws_security_group.tasks"}}},
		{"egress beside aws_security_group_rule egress stays an aws_security_group_rule", inline, []whatif.Change{{Kind: whatif.AllowEgress, Target: "aws_security_group.worker", Value: "aws_security_group.endpoints", Port: 443}}},
		{"S3 egress as aws_security_group_rule", inline, []whatif.Change{{Kind: whatif.AddS3Egress, Target: "aws_security_group.worker"}}},
		{"ingress beside inline ingress stays inline", inline, []whatif.Change{{Kind: whatif.AllowIngress, Target: "aws_security_group.worker", Value: "aws_security_group.tasks", Port: 443}}},
		{"inline egress for one instance of a for_each group, as a dynamic block", inline, []whatif.Change{{Kind: whatif.AllowEgress, Target: `aws_security_group.batch["nightly"]`, Value: "0.0.0.0/0", Port: 443}}},
		{"standalone ingress for one instance of a for_each group with inline egress only", inline, []whatif.Change{{Kind: whatif.AllowIngress, Target: `aws_security_group.batch["hourly"]`, Value: "aws_security_group.tasks", Port: 443}}},
		{"inline NACL rule for one instance of a counted ACL, as a dynamic block", inline, []whatif.Change{{Kind: whatif.AllowNACL, Target: "aws_network_acl.edge[1]", Value: "ingress"}}},
		{"standalone SG egress rule to a group", standalone, []whatif.Change{{Kind: whatif.AllowEgress, Target: "aws_security_group.tasks", Value: "aws_security_group.endpoints", Port: 443}}},
		{"standalone SG ingress rule from a group", standalone, []whatif.Change{{Kind: whatif.AllowIngress, Target: "aws_security_group.endpoints", Value: "aws_security_group.tasks", Port: 443}}},
		{"standalone S3 egress rule", standalone, []whatif.Change{{Kind: whatif.AddS3Egress, Target: "aws_security_group.tasks"}}},
		{"inline NACL ingress for ephemeral ports", inline, []whatif.Change{{Kind: whatif.AllowNACL, Target: "aws_network_acl.private", Value: "ingress"}}},
		{"NACL rule resource", standalone, []whatif.Change{{Kind: whatif.AllowNACL, Target: "aws_network_acl.private", Value: "ingress"}}},
		{"NACL rule resource for egress before rule 100", standalone, []whatif.Change{{Kind: whatif.AllowNACL, Target: "aws_network_acl.private", Value: "egress", Port: 53}}},
		{"inline default route added", inline, []whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "aws_route_table.private", Value: "aws_nat_gateway.main"}}},
		{"inline default route for one instance of a counted table, as a dynamic block", inline, []whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "aws_route_table.zones[0]", Value: "aws_nat_gateway.main"}}},
		{"aws_route default route retargeted", standalone, []whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "aws_route_table.private", Value: "aws_nat_gateway.main"}}},
		{"aws_route added to a table without routes", standalone, []whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "aws_route_table.spare", Value: "aws_nat_gateway.main"}}},
		{"mount target copies security_groups", inline, []whatif.Change{{Kind: whatif.AddMountTarget, Target: "aws_efs_file_system.data", Value: "aws_subnet.c"}}},
		{"mount target in a counted subnet", standalone, []whatif.Change{{Kind: whatif.AddMountTarget, Target: "aws_efs_file_system.data", Value: "aws_subnet.private[1]"}}},
		{"interface endpoint copies subnet_ids and security_group_ids", inline, []whatif.Change{{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.ecr.dkr"}}},
		{"interface endpoint like a for_each endpoint", standalone, []whatif.Change{{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.secretsmanager"}}},
		{"gateway endpoint on the service's route tables", module, []whatif.Change{{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.s3"}}},
		{"interface endpoint in the root on a local module's VPC and subnets through its outputs, with a new group: the module's endpoint group refuses the tasks, and the module cannot refer to their group", module, []whatif.Change{{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.logs"}}},
		{"ingress rule in the root to a module's group through its output", module, []whatif.Change{{Kind: whatif.AllowIngress, Target: "module.net.aws_security_group.endpoints", Value: "aws_security_group.tasks", Port: 443}}},
		{"policy jsonencode literal replaced", inline, []whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "aws_vpc_endpoint.ecr_api", Value: "ecr:BatchGetImage,ecr:GetDownloadUrlForLayer *"}}},
		{"policy heredoc JSON replaced by jsonencode of the widened document", module, []whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "aws_vpc_endpoint.dynamodb", Value: "dynamodb:PutItem *"}}},
		{"policy jsonencode with a reference gets a statement appended", "../../testdata/terraform/firelens-ec2", []whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "aws_vpc_endpoint.s3", Value: "s3:GetObject arn:aws:s3:::logship-shared-config/audit/extra.conf"}}},
		{"policy document data source gets a statement", standalone, []whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: `aws_vpc_endpoint.this["logs"]`, Value: "logs:PutLogEvents *"}}},
		{"interface endpoint with a new group admitting the tasks' group", bare, []whatif.Change{{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.ecr.api"}}},
		{"two interface endpoints share the one new group", bare, []whatif.Change{
			{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.ecr.api"},
			{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.ecr.dkr"},
		}},
		{"aws-rules 4.9.10: interface endpoint in IPv6-only subnets gets ip_address_type and dns_options ipv6", ipv6, []whatif.Change{{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.secretsmanager"}}},
		{"aws-rules 4.9.10: interface endpoint for IPv6-only tasks in their subnets, not the subnet_ids of the VPC's endpoint in an IPv4-only subnet", ipv6Shared, []whatif.Change{{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.secretsmanager"}}},
		{"aws-rules 4.9.10, 5.1.4: dualstack endpoint in the dual-stack subnet, its new group admitting the VPC's blocks in cidr_blocks and ipv6_cidr_blocks", ipv6Shared, []whatif.Change{{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.mixed", Value: "com.amazonaws.ap-northeast-1.secretsmanager"}}},
		{"S3 egress through a new aws_prefix_list data source", bare, []whatif.Change{{Kind: whatif.AddS3Egress, Target: "aws_security_group.tasks"}}},
		{"egress appended to egress = [...] attribute syntax", bare, []whatif.Change{{Kind: whatif.AllowEgress, Target: "aws_security_group.tasks", Value: "0.0.0.0/0", Port: 443}}},
		{"inline 0.0.0.0/0 route retargeted to the NAT gateway", bare, []whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "aws_route_table.private", Value: "aws_nat_gateway.main"}}},
		{"rule in the root for a group of a for_each module instance, through its output", registry, []whatif.Change{{Kind: whatif.AllowEgress, Target: `module.svc["app"].aws_security_group.this`, Value: "0.0.0.0/0", Port: 443}}},
		{"endpoint in the root on a registry module's VPC, subnets through its list output", registry, []whatif.Change{{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.logs"}}},
		{"private DNS of a registry module's endpoint set by its input in the module block", registry, []whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: "module.vpc.aws_vpc_endpoint.logs"}}},
		{"VPC DNS of a registry module's VPC set by its input, the attribute already true left alone", registry, []whatif.Change{{Kind: whatif.EnableVPCDNS, Target: "module.vpc.aws_vpc.this"}}},
		{"several changes to one file", inline, []whatif.Change{
			{Kind: whatif.EnablePrivateDNS, Target: "aws_vpc_endpoint.ecr_api"},
			{Kind: whatif.AllowEgress, Target: "aws_security_group.tasks", Value: "aws_security_group.endpoints", Port: 443},
			{Kind: whatif.AddS3Egress, Target: "aws_security_group.tasks"},
			{Kind: whatif.AllowNACL, Target: "aws_network_acl.private", Value: "ingress"},
			{Kind: whatif.AddMountTarget, Target: "aws_efs_file_system.data", Value: "aws_subnet.c"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			roundTrip(t, tt.root, tt.changes)
		})
	}
}
