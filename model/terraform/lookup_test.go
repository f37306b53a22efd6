package terraform

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
)

// TestLookups checks data sources answered without AWS: look-ups of what
// the root itself declares (by id, name, tags, the provider's default
// tags and EC2 filters), pure ones (template_file, aws_arn,
// aws_default_tags), and the look-ups vpctrace cannot decide, which stay
// unknown with an info line saying why.
func TestLookups(t *testing.T) {
	files := map[string]string{
		"main.tf": `provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = { Project = "orders" }
  }
}
resource "aws_vpc" "main" {
  cidr_block = "10.1.0.0/16"
  tags       = { Name = "main" }
}
resource "aws_vpc" "other" {
  cidr_block = "10.2.0.0/16"
  tags       = { Name = "other" }
}
resource "aws_subnet" "private" {
  for_each          = { a = 0, b = 1 }
  vpc_id            = aws_vpc.main.id
  availability_zone = "eu-west-1${each.key}"
  cidr_block        = cidrsubnet("10.1.0.0/16", 8, each.value)
  tags              = { Tier = "private" }
}
resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  availability_zone = "eu-west-1a"
  cidr_block        = "10.1.100.0/24"
  tags              = { Tier = "public" }
}
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}
resource "aws_route_table_association" "private" {
  for_each       = aws_subnet.private
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private.id
}
resource "aws_security_group" "tasks" {
  name   = "tasks"
  vpc_id = aws_vpc.main.id
}
resource "aws_ecs_cluster" "main" {
  name = "orders"
}
resource "aws_ecs_task_definition" "api" {
  family                = "api"
  container_definitions = "[]"
}

data "aws_vpc" "by_tag" {
  tags  = { Name = "main", Project = "orders" }
  state = "available"
}
data "aws_subnets" "private" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.by_tag.id]
  }
  filter {
    name   = "tag:Tier"
    values = ["priv*"]
  }
}
data "aws_subnet" "first" {
  id = data.aws_subnets.private.ids[0]
}
data "aws_security_group" "tasks" {
  name   = "tasks"
  vpc_id = data.aws_subnet.first.vpc_id
}
data "aws_route_table" "of_subnet" {
  subnet_id = data.aws_subnet.first.id
}
data "aws_ecs_cluster" "main" {
  cluster_name = "orders"
}
data "aws_ecs_task_definition" "api" {
  task_definition = "api"
}
data "aws_vpc" "any" {
  cidr_block = "10.0.0.0/8"
}
data "aws_vpc" "several" {
  tags = { Project = "orders" }
}
data "aws_subnets" "by_unknown_filter" {
  filter {
    name   = "ipv6-native"
    values = ["true"]
  }
}
output "unanswered" {
  value = [data.aws_vpc.any.id, data.aws_vpc.several.id, data.aws_subnets.by_unknown_filter.ids]
}
data "aws_default_tags" "current" {}
data "aws_arn" "role" {
  arn = "arn:aws:iam::123456789012:role/ecs/execution"
}
data "template_file" "task" {
  template = "[{\"name\": \"$${name}\", \"image\": \"$${image}\"}]"
  vars     = { name = "api", image = "nginx:1.27" }
}
`,
	}
	dir := writeRoot(t, files)
	rs, _, diags := Evaluate(dir, Options{})
	by := byAddress(rs)
	get := func(addr string, names ...string) map[string]any {
		return attrs(by[addr], names...)
	}
	vpcMain := goValue(by["aws_vpc.main"].Values.GetAttr("id"))
	subA := goValue(by[`aws_subnet.private["a"]`].Values.GetAttr("id"))
	subB := goValue(by[`aws_subnet.private["b"]`].Values.GetAttr("id"))
	got := map[string]any{
		"vpc":            get("data.aws_vpc.by_tag", "id", "cidr_block"),
		"subnets":        get("data.aws_subnets.private", "ids"),
		"subnet":         get("data.aws_subnet.first", "id", "vpc_id", "availability_zone"),
		"group":          get("data.aws_security_group.tasks", "id"),
		"route table":    get("data.aws_route_table.of_subnet", "id", "route_table_id"),
		"cluster":        get("data.aws_ecs_cluster.main", "arn"),
		"task def":       get("data.aws_ecs_task_definition.api", "arn", "family"),
		"no match":       get("data.aws_vpc.any", "id"),
		"several":        get("data.aws_vpc.several", "id"),
		"unknown filter": get("data.aws_subnets.by_unknown_filter", "ids"),
		"default tags":   get("data.aws_default_tags.current", "tags"),
		"tags_all":       get("aws_vpc.main", "tags_all"),
		"arn":            get("data.aws_arn.role", "service", "account", "resource"),
		"template":       get("data.template_file.task", "rendered"),
	}
	want := map[string]any{
		"vpc":            map[string]any{"id": vpcMain, "cidr_block": "10.1.0.0/16"},
		"subnets":        map[string]any{"ids": []any{subA, subB}},
		"subnet":         map[string]any{"id": subA, "vpc_id": vpcMain, "availability_zone": "eu-west-1a"},
		"group":          map[string]any{"id": goValue(by["aws_security_group.tasks"].Values.GetAttr("id"))},
		"route table":    map[string]any{"id": goValue(by["aws_route_table.private"].Values.GetAttr("id")), "route_table_id": goValue(by["aws_route_table.private"].Values.GetAttr("id"))},
		"cluster":        map[string]any{"arn": "arn:aws:ecs:eu-west-1:123456789012:cluster/orders"},
		"task def":       map[string]any{"arn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/api:1", "family": "api"},
		"no match":       map[string]any{"id": unknown},
		"several":        map[string]any{"id": unknown},
		"unknown filter": map[string]any{"ids": unknown},
		"default tags":   map[string]any{"tags": map[string]any{"Project": "orders"}},
		"tags_all":       map[string]any{"tags_all": map[string]any{"Name": "main", "Project": "orders"}},
		"arn":            map[string]any{"service": "iam", "account": "123456789012", "resource": "role/ecs/execution"},
		"template":       map[string]any{"rendered": `[{"name": "api", "image": "nginx:1.27"}]`},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
	var notes []string
	for _, d := range relDiags(dir, diags) {
		if d.Severity != model.SeverityInfo || d.Code != codeDataNotModelled {
			t.Errorf("unexpected diagnostic %s", d)
			continue
		}
		notes = append(notes, d.Message)
	}
	wantNotes := []string{
		"data.aws_vpc.by_tag is answered from aws_vpc.main, declared in the root (vpctrace does not read AWS)",
		`data.aws_subnets.private is answered from aws_subnet.private["a"], aws_subnet.private["b"], declared in the root (vpctrace does not read AWS)`,
		`data.aws_subnet.first is answered from aws_subnet.private["a"], declared in the root (vpctrace does not read AWS)`,
		"data.aws_security_group.tasks is answered from aws_security_group.tasks, declared in the root (vpctrace does not read AWS)",
		"data.aws_route_table.of_subnet is answered from aws_route_table.private, declared in the root (vpctrace does not read AWS)",
		"data.aws_ecs_cluster.main is answered from aws_ecs_cluster.main, declared in the root (vpctrace does not read AWS)",
		"data.aws_ecs_task_definition.api is answered from aws_ecs_task_definition.api, declared in the root (vpctrace does not read AWS)",
		"data.aws_vpc.any is not answered from the root's resources (none of the root's 2 aws_vpc or aws_default_vpc matches): vpctrace does not read AWS, so its attributes are unknown",
		"data.aws_vpc.several is not answered from the root's resources (2 resources of the root match it (aws_vpc.main, aws_vpc.other)): vpctrace does not read AWS, so its attributes are unknown",
		`data.aws_subnets.by_unknown_filter is not answered from the root's resources (vpctrace does not know the filter "ipv6-native"): vpctrace does not read AWS, so its attributes are unknown`,
	}
	if diff := cmp.Diff(wantNotes, notes); diff != "" {
		t.Errorf("info lines (-want +got):\n%s", diff)
	}
}
