package tfmap

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// seedResources is the seed article's Terraform (example/seed.yaml) as the
// HCL evaluator gives it (plan is false: IDs synthesized) or as a plan
// gives it (plan is true: IDs known only after apply, resolved through
// Refs).
//
// extraRefs ("ATTR", "ADDR") adds a reference to every resource.
func seedResources(plan bool, mod func(addr string, v M), extraRefs ...string) []Resource {
	id := func(s string) any {
		if plan {
			return U
		}
		return s
	}
	var out []Resource
	add := func(addr string, v M, refAttrs map[string][]string) {
		if mod != nil {
			mod(addr, v)
		}
		r := res(len(out)*10+1, addr, v)
		if plan {
			r.Refs = refAttrs
			if len(extraRefs) == 2 {
				refs(extraRefs[0], extraRefs[1])(&r)
			}
		}
		out = append(out, r)
	}
	add("aws_vpc.main", M{"id": id("vpc-1"), "cidr_block": "10.0.0.0/16", "enable_dns_hostnames": true, "enable_dns_support": true}, nil)
	add("aws_subnet.private-a", M{"id": id("subnet-a"), "vpc_id": id("vpc-1"), "cidr_block": "10.0.1.0/24", "availability_zone": "ap-northeast-1a"},
		map[string][]string{"vpc_id": {"aws_vpc.main"}})
	add("aws_route_table.private-a", M{"id": id("rtb-a"), "vpc_id": id("vpc-1")}, map[string][]string{"vpc_id": {"aws_vpc.main"}})
	add("aws_route_table_association.private-a", M{"subnet_id": id("subnet-a"), "route_table_id": id("rtb-a")},
		map[string][]string{"subnet_id": {"aws_subnet.private-a"}, "route_table_id": {"aws_route_table.private-a"}})
	add("aws_security_group.vpc-endpoint", M{"id": id("sg-ep"), "vpc_id": id("vpc-1"),
		"ingress": L{M{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": []string{"10.0.0.0/16"}}}},
		map[string][]string{"vpc_id": {"aws_vpc.main"}})
	add("aws_security_group.app", M{"id": id("sg-app"), "vpc_id": id("vpc-1"),
		"egress": L{M{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": []string{"0.0.0.0/0"}}}},
		map[string][]string{"vpc_id": {"aws_vpc.main"}})
	add("aws_vpc_endpoint.s3", M{"vpc_id": id("vpc-1"), "service_name": "com.amazonaws.ap-northeast-1.s3", "vpc_endpoint_type": "Gateway",
		"route_table_ids": L{id("rtb-a")}}, map[string][]string{"vpc_id": {"aws_vpc.main"}, "route_table_ids": {"aws_route_table.private-a"}})
	for _, svc := range []string{"ecr.dkr", "ecr.api", "secretsmanager", "ssm", "logs"} {
		add("aws_vpc_endpoint."+strings.ReplaceAll(svc, ".", "-"), M{"vpc_id": id("vpc-1"), "service_name": "com.amazonaws.ap-northeast-1." + svc,
			"vpc_endpoint_type": "Interface", "private_dns_enabled": true, "subnet_ids": L{id("subnet-a")}, "security_group_ids": L{id("sg-ep")}},
			map[string][]string{"vpc_id": {"aws_vpc.main"}, "subnet_ids": {"aws_subnet.private-a"}, "security_group_ids": {"aws_security_group.vpc-endpoint"}})
	}
	add("aws_ecs_cluster.main", M{"name": "main", "arn": id("arn:aws:ecs:ap-northeast-1:123456789012:cluster/main"), "id": id("arn:aws:ecs:ap-northeast-1:123456789012:cluster/main")}, nil)
	add("aws_ecs_task_definition.app", M{"family": "app", "arn": id("arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app:1"),
		"network_mode": "awsvpc", "requires_compatibilities": []string{"FARGATE"}, "execution_role_arn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
		"container_definitions": `[{"name":"app","image":"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest",
			"logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"/ecs/app","awslogs-region":"ap-northeast-1","awslogs-stream-prefix":"app"}},
			"secrets":[{"name":"DB_PASSWORD","valueFrom":"arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password-AbCdEf"},
			           {"name":"API_KEY","valueFrom":"arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/api-key"}]}]`}, nil)
	add("aws_ecs_service.app", M{"name": "app", "cluster": id("arn:aws:ecs:ap-northeast-1:123456789012:cluster/main"),
		"task_definition": id("arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app:1"), "launch_type": "FARGATE", "platform_version": "1.4.0",
		"network_configuration": L{M{"subnets": L{id("subnet-a")}, "security_groups": L{id("sg-app")}, "assign_public_ip": false}}},
		map[string][]string{"cluster": {"aws_ecs_cluster.main"}, "task_definition": {"aws_ecs_task_definition.app"},
			"network_configuration": {"aws_subnet.private-a", "aws_security_group.app"}})
	return out
}

// verdicts summarizes a simulation: "kind verdict via/reason" per call.
func verdicts(t *testing.T, resources []Resource) (bool, []string) {
	t.Helper()
	w, diags := Build(resources, opts)
	if diags.HasErrors() {
		t.Fatalf("Build: %v", diags)
	}
	rep := sim.Run(w)
	if len(rep.Workloads) != 1 {
		t.Fatalf("%d workloads; diagnostics %v", len(rep.Workloads), rep.Diagnostics)
	}
	var out []string
	for _, c := range rep.Workloads[0].Calls {
		out = append(out, fmt.Sprintf("%s %s %s%s", c.Kind, c.Verdict, c.Via, c.Reason))
	}
	return rep.Workloads[0].Starts, out
}

// TestSimulateSeed runs the simulator on Build's world for the seed
// article: the HCL form and the plan form give the same verdicts, and
// turning off one endpoint's private DNS stops the task, as the article
// found.
func TestSimulateSeed(t *testing.T) {
	starts, hcl := verdicts(t, seedResources(false, nil))
	if !starts {
		t.Fatalf("the seed's task does not start: %v", hcl)
	}
	_, plan := verdicts(t, seedResources(true, nil))
	if strings.Join(hcl, "\n") != strings.Join(plan, "\n") {
		t.Errorf("HCL and plan forms differ:\n%v\n%v", hcl, plan)
	}
	starts, off := verdicts(t, seedResources(false, func(addr string, v M) {
		if addr == "aws_vpc_endpoint.secretsmanager" {
			delete(v, "private_dns_enabled") // aws-rules 3.2.1: Terraform's default is false
		}
	}))
	if starts || !strings.Contains(strings.Join(off, "\n"), "secret unreachable") {
		t.Errorf("with secretsmanager private DNS off the task should not start: %v", off)
	}
	// A subnet CIDR known only after apply: the first blocker of every
	// call is the undetermined setting (UNMODELED).
	_, unknown := verdicts(t, seedResources(true, func(addr string, v M) {
		if addr == "aws_subnet.private-a" {
			v["cidr_block"] = U
		}
	}, "cidr_block", "aws_vpc_ipam_pool.main"))
	for _, v := range unknown {
		if !strings.HasSuffix(v, " UNMODELED") {
			t.Errorf("with the subnet CIDR unknown: %s", v)
		}
	}
}

// TestBuildRobust maps every type with null, unknown and empty values:
// Build must not panic, and the world's objects must keep the resource's
// position.
func TestBuildRobust(t *testing.T) {
	for typ := range mappers {
		for i, v := range []any{nil, U, M{}} {
			r := Resource{Address: typ + ".x", Mode: "managed", Type: typ, Pos: at(1, 1)}
			r.Values = val(v)
			w, diags := Build([]Resource{r, {Address: typ + ".x", Mode: "managed", Type: typ}}, opts)
			if w == nil || len(diags) == 0 || diags[0].Code != CodeDuplicateAddress && !hasCode(diags, CodeDuplicateAddress) {
				t.Errorf("%s (%d): %v", typ, i, diags)
			}
		}
	}
}

func hasCode(ds model.Diagnostics, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}
