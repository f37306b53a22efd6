package terraform

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model/tfmap"
)

// TestPartialJSON checks that container definitions written with
// jsonencode or templatefile keep their shape around values known only
// after apply (each such leaf becomes its known prefix followed by
// tfmap.UnknownMark), while everywhere else such text stays unknown, as
// in Terraform's plan.
func TestPartialJSON(t *testing.T) {
	const mark = tfmap.UnknownMark
	files := map[string]string{
		"main.tf": provider + `resource "aws_db_instance" "db" {
  instance_class = "db.t4g.micro"
}
resource "aws_ecr_repository" "app" {
  name = "app"
}
locals {
  containers = [{
    name  = "app"
    image = "${aws_ecr_repository.app.repository_url}:${aws_db_instance.db.engine_version_actual}"
    environment = [{ name = "DB_HOST", value = aws_db_instance.db.address }]
    secrets     = aws_db_instance.db.master_user_secret
    essential   = true
  }]
}
resource "aws_ecs_task_definition" "json" {
  family                = "json"
  container_definitions = jsonencode(local.containers)
}
resource "aws_ecs_task_definition" "template" {
  family                = "template"
  container_definitions = templatefile("${path.module}/task.json.tpl", { host = aws_db_instance.db.address, image = "app:1" })
}
resource "aws_ecs_task_definition" "loop" {
  family                = "loop"
  container_definitions = templatefile("${path.module}/loop.json.tpl", { hosts = aws_db_instance.db.master_user_secret })
}
resource "aws_ssm_parameter" "copy" {
  name  = "copy"
  type  = "String"
  value = jsonencode(local.containers)
}
resource "aws_ssm_parameter" "decoded" {
  name  = "decoded"
  type  = "String"
  value = jsondecode(jsonencode(local.containers))[0].environment[0].value
}
resource "aws_ssm_parameter" "known" {
  name  = "known"
  type  = "String"
  value = jsondecode(jsonencode(local.containers))[0].environment[0].name
}
`,
		"task.json.tpl": `[{"name": "app", "image": "${image}", "environment": [{"name": "DB_HOST", "value": "${host}"}]}]`,
		"loop.json.tpl": `[%{ for h in hosts }{"name": "${h}"}%{ endfor }]`,
	}
	rs, _, _ := Evaluate(writeRoot(t, files), Options{})
	by := byAddress(rs)
	got := map[string]any{}
	for _, addr := range []string{"aws_ecs_task_definition.json", "aws_ecs_task_definition.template", "aws_ecs_task_definition.loop"} {
		got[addr] = goValue(by[addr].Values.GetAttr("container_definitions"))
	}
	for _, addr := range []string{"aws_ssm_parameter.copy", "aws_ssm_parameter.decoded", "aws_ssm_parameter.known"} {
		got[addr] = goValue(by[addr].Values.GetAttr("value"))
	}
	want := map[string]any{
		// Every leaf keeps its place; the image keeps the repository
		// URL, its known prefix; a whole unknown list is one marked leaf.
		"aws_ecs_task_definition.json": `[{"environment":[{"name":"DB_HOST","value":"\u0000(known after apply)\u0000"}],"essential":true,` +
			`"image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:\u0000(known after apply)\u0000","name":"app",` +
			`"secrets":"\u0000(known after apply)\u0000"}]`,
		"aws_ecs_task_definition.template": `[{"name": "app", "image": "app:1", "environment": [{"name": "DB_HOST", "value": "` + mark + `"}]}]`,
		// A directive over an unknown list cannot be rendered: unknown.
		"aws_ecs_task_definition.loop": unknown,
		// Anywhere else the marked text is unknown, as in the plan.
		"aws_ssm_parameter.copy":    unknown,
		"aws_ssm_parameter.decoded": unknown,
		"aws_ssm_parameter.known":   "DB_HOST",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
}
