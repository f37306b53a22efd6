package tfmap

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
)

// sgVPCNet is two VPCs, a subnet in each, and a data source for a VPC
// that vpctrace does not read.
func sgVPCNet(more ...Resource) []Resource {
	return append([]Resource{
		vpc(1, nil),
		res(2, "aws_vpc.other", M{"id": "vpc-2", "cidr_block": "10.1.0.0/16"}),
		res(3, "aws_subnet.a", M{"id": "subnet-a", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a"}),
		res(4, "aws_subnet.b", M{"id": "subnet-b", "vpc_id": "vpc-2", "cidr_block": "10.1.0.0/24", "availability_zone": "ap-northeast-1a"}),
		res(5, "data.aws_vpc.app", M{"id": U, "tags": M{"Name": "app"}}),
	}, more...)
}

// wantSGVPCNet completes an expected world with sgVPCNet's objects.
func wantSGVPCNet(w model.World) model.World {
	w.VPCs = []model.VPC{wantVPCMain(nil), {ID: "aws_vpc.other", Source: at(2, 1), CIDRs: pfxs("10.1.0.0/16"), EnableDNSSupport: true}}
	w.Subnets = []model.Subnet{
		{ID: "aws_subnet.a", Source: at(3, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24")},
		{ID: "aws_subnet.b", Source: at(4, 1), VPC: "aws_vpc.other", AZ: "ap-northeast-1a", CIDR: pfx("10.1.0.0/24")},
	}
	return w
}

// unknownVPCGroup is aws_security_group.app at line 10, its vpc_id read
// from data.aws_vpc.app.
func unknownVPCGroup() Resource {
	return res(10, "aws_security_group.app", M{"id": "sg-app", "vpc_id": U}, refs("vpc_id", "data.aws_vpc.app"), pos("vpc_id", 11, 3))
}

func instance(line int, addr, subnet string, groups ...string) Resource {
	return res(line, addr, M{"subnet_id": subnet, "vpc_security_group_ids": groups, "source_dest_check": true})
}

func instanceOf(line int, addr, subnet string, groups ...string) model.Instance {
	return model.Instance{ID: addr, Source: at(line, 1), Subnet: subnet, SecurityGroups: groups, SourceDestCheck: model.True}
}

// TestBuildSecurityGroupVPC checks aws-rules 5.1.8 (proposed): AWS lets an
// interface carry only security groups of its own VPC (or groups
// associated with that VPC). A group whose vpc_id the input does not
// determine is therefore in the VPC of the interfaces that carry it; a
// group whose interfaces are in another VPC than its own is refused.
func TestBuildSecurityGroupVPC(t *testing.T) {
	undeterminedWhy := "known only after apply; it comes from data source data.aws_vpc.app, which vpctrace does not read"
	runCases(t, []buildCase{{
		name: "5.1.8 vpc_id from a data source: the group is in the VPC of the task ENIs that carry it",
		resources: sgVPCNet(unknownVPCGroup(),
			res(19, "aws_ecs_cluster.main", M{"id": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/main", "name": "main"}),
			res(20, "aws_ecs_service.api", M{"name": "api", "launch_type": "FARGATE", "cluster": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/main",
				"network_configuration": L{M{"subnets": []string{"subnet-a"}, "security_groups": L{U}}}}, refs("network_configuration", "aws_security_group.app", "aws_subnet.a")),
		),
		want: wantSGVPCNet(model.World{
			SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(10, 1), VPC: "aws_vpc.main"}},
			Clusters:       []model.Cluster{{ID: "aws_ecs_cluster.main", Source: at(19, 1), Name: "main"}},
			Services: []model.Service{{ID: "aws_ecs_service.api", Source: at(20, 1), Name: "api", Cluster: "aws_ecs_cluster.main", LaunchType: "FARGATE", PlatformVersion: "LATEST",
				Subnets: []string{"aws_subnet.a"}, SecurityGroups: []string{"aws_security_group.app"}}},
		}),
		// The service names no task definition (not what this case is
		// about; Validate says so).
		diags:     []string{diag(model.SeverityInfo, CodeInferred, at(11, 3)), diag(model.SeverityError, model.CodeMissingField, at(20, 1))},
		fragments: []string{"the group is attached to the task ENIs of aws_ecs_service.api in aws_subnet.a", "taken to be in aws_vpc.main"},
	}, {
		name: "5.1.8 the same from an interface endpoint and an instance in one VPC",
		resources: sgVPCNet(unknownVPCGroup(),
			res(20, "aws_vpc_endpoint.logs", M{"vpc_id": "vpc-2", "service_name": "com.amazonaws.ap-northeast-1.logs", "vpc_endpoint_type": "Interface",
				"subnet_ids": []string{"subnet-b"}, "security_group_ids": []string{"sg-app"}}),
			instance(30, "aws_instance.bastion", "subnet-b", "sg-app"),
		),
		want: wantSGVPCNet(model.World{
			SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(10, 1), VPC: "aws_vpc.other"}},
			Endpoints: []model.Endpoint{{ID: "aws_vpc_endpoint.logs", Source: at(20, 1), VPC: "aws_vpc.other", ServiceName: "com.amazonaws.ap-northeast-1.logs",
				Type: model.EndpointInterface, Subnets: []string{"aws_subnet.b"}, SecurityGroups: []string{"aws_security_group.app"}}},
			Instances: []model.Instance{instanceOf(30, "aws_instance.bastion", "aws_subnet.b", "aws_security_group.app")},
		}),
		diags: []string{diag(model.SeverityInfo, CodeInferred, at(11, 3))},
	}, {
		// Two VPCs: the group has one, so one of the interfaces is
		// refused; the group stays undetermined.
		name: "5.1.8 an undetermined group carried in two VPCs: AWS refuses one",
		resources: sgVPCNet(unknownVPCGroup(),
			instance(30, "aws_instance.a", "subnet-a", "sg-app"),
			instance(31, "aws_instance.b", "subnet-b", "sg-app"),
		),
		want: wantSGVPCNet(model.World{
			SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(10, 1)}},
			Instances: []model.Instance{
				instanceOf(30, "aws_instance.a", "aws_subnet.a", "aws_security_group.app"),
				instanceOf(31, "aws_instance.b", "aws_subnet.b", "aws_security_group.app"),
			},
			Unknowns: []model.Unknown{{ID: "aws_security_group.app", Kind: model.KindSecurityGroup, Field: "vpc_id", Why: undeterminedWhy, Source: at(11, 3)}},
		}),
		diags: []string{
			diag(model.SeverityError, CodeAWSRejects+"security-group-vpc", at(11, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(11, 3)),
		},
		fragments: []string{"attached to interfaces in aws_vpc.main and aws_vpc.other"},
	}, {
		// Without vpc_id the group is in the region's default VPC, which
		// no aws_vpc of the input is.
		name: "5.1.8 vpc_id left out: the default VPC's group cannot be carried in aws_vpc.main",
		resources: sgVPCNet(
			res(10, "aws_security_group.app", M{"id": "sg-app"}, pos("vpc_id", 11, 3)),
			instance(30, "aws_instance.a", "subnet-a", "sg-app"),
		),
		want: wantSGVPCNet(model.World{
			SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(10, 1)}},
			Instances:      []model.Instance{instanceOf(30, "aws_instance.a", "aws_subnet.a", "aws_security_group.app")},
			Unknowns:       []model.Unknown{{ID: "aws_security_group.app", Kind: model.KindSecurityGroup, Field: "vpc_id", Why: defaultVPCWhy, Source: at(11, 3)}},
		}),
		diags: []string{
			diag(model.SeverityError, CodeAWSRejects+"security-group-vpc", at(11, 3)),
			diag(model.SeverityWarning, CodeUndetermined, at(11, 3)),
		},
		fragments: []string{"Set vpc_id to aws_vpc.main"},
	}, {
		name: "5.1.8 a group of aws_vpc.main on an instance in aws_vpc.other: refused, unless associated with it",
		resources: sgVPCNet(
			res(10, "aws_security_group.app", M{"id": "sg-app", "vpc_id": "vpc-1"}),
			res(11, "aws_security_group.shared", M{"id": "sg-shared", "vpc_id": "vpc-1"}),
			res(12, "aws_vpc_security_group_vpc_association.shared", M{"security_group_id": "sg-shared", "vpc_id": "vpc-2"}),
			instance(30, "aws_instance.b", "subnet-b", "sg-app", "sg-shared"),
		),
		want: wantSGVPCNet(model.World{
			SecurityGroups: []model.SecurityGroup{
				{ID: "aws_security_group.app", Source: at(10, 1), VPC: "aws_vpc.main"},
				{ID: "aws_security_group.shared", Source: at(11, 1), VPC: "aws_vpc.main"},
			},
			Instances: []model.Instance{instanceOf(30, "aws_instance.b", "aws_subnet.b", "aws_security_group.app", "aws_security_group.shared")},
		}),
		diags:     []string{diag(model.SeverityError, CodeAWSRejects+"security-group-vpc", at(30, 1))},
		fragments: []string{"security group aws_security_group.app is in aws_vpc.main, but it is attached to instance aws_instance.b in aws_subnet.b, in aws_vpc.other"},
	}, {
		name:      "5.1.8 a group nothing carries keeps its undetermined vpc_id",
		resources: sgVPCNet(unknownVPCGroup()),
		want: wantSGVPCNet(model.World{
			SecurityGroups: []model.SecurityGroup{{ID: "aws_security_group.app", Source: at(10, 1)}},
			Unknowns:       []model.Unknown{{ID: "aws_security_group.app", Kind: model.KindSecurityGroup, Field: "vpc_id", Why: undeterminedWhy, Source: at(11, 3)}},
		}),
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(11, 3))},
	}})
}

// TestSimulateInferredGroupVPC runs the seed article's network with the
// task's and the endpoints' security groups in a VPC read by a data source
// (aws-rules 5.1.8): their rules decide the calls as before, so the task
// starts with the same verdicts; before, every call was unknown.
func TestSimulateInferredGroupVPC(t *testing.T) {
	_, want := verdicts(t, seedResources(false, nil))
	resources := seedResources(false, nil)
	for i := range resources {
		if r := &resources[i]; r.Type == "aws_security_group" {
			r.Values = val(M{"id": attr(r.Values, "id"), "vpc_id": U, "ingress": attr(r.Values, "ingress"), "egress": attr(r.Values, "egress")})
			refs("vpc_id", "data.aws_vpc.app")(r)
		}
	}
	resources = append(resources, res(900, "data.aws_vpc.app", M{"id": U}))
	starts, got := verdicts(t, resources)
	if !starts {
		t.Errorf("the task does not start: %v", got)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("verdicts (-without data source +with):\n%s", diff)
	}
}
