package terraform

import "testing"

// TestSynthesizedServices covers the synthesized attributes of the
// service resources that task definitions and policies reference.
func TestSynthesizedServices(t *testing.T) {
	dir := writeRoot(t, map[string]string{"main.tf": `provider "aws" {
  region = "eu-west-1"
}
resource "aws_vpc" "v" {}
resource "aws_main_route_table_association" "m" {
  vpc_id         = aws_vpc.v.id
  route_table_id = "rtb-x"
}
resource "aws_route53_zone_association" "z" {
  zone_id = "Z1"
  vpc_id  = aws_vpc.v.id
}
resource "aws_ec2_managed_prefix_list" "corp" {
  name = "corp"
}
resource "aws_secretsmanager_secret" "s" {
  name_prefix = "db-"
}
resource "aws_secretsmanager_secret_version" "s" {
  secret_id = aws_secretsmanager_secret.s.id
}
resource "aws_cloudwatch_log_stream" "s" {
  name           = "stream"
  log_group_name = "/ecs/app"
}
resource "aws_iam_policy" "p" {
  name = "p"
  path = "/svc/"
}
resource "aws_kms_key" "k" {}
resource "aws_kms_alias" "k" {
  name          = "alias/app"
  target_key_id = aws_kms_key.k.key_id
}
resource "aws_lb" "web" {
  name     = "web"
  internal = true
}
resource "aws_lb_target_group" "web" {
  name = "web"
}
resource "aws_lb_listener" "web" {
  load_balancer_arn = aws_lb.web.arn
}
resource "aws_service_discovery_private_dns_namespace" "n" {
  name = "svc.local"
}
resource "aws_service_discovery_service" "s" {
  name = "api"
}
resource "aws_sns_topic" "t" {
  name = "t"
}
resource "aws_sqs_queue" "q" {
  name = "q"
}
resource "aws_dynamodb_table" "d" {
  name = "d"
}
resource "aws_lambda_function" "f" {
  function_name = "f"
}
resource "aws_autoscaling_group" "g" {
  name = "g"
}
data "aws_availability_zone" "b" {
  name = "eu-west-1b"
}
data "aws_availability_zone" "by_id" {
  zone_id = "euw1-az3"
}
`})
	rs, _, _ := evaluateClean(t, dir, Options{})
	by := byAddress(rs)
	const pre = "arn:aws:"
	secretArn := goValue(by["aws_secretsmanager_secret.s"].Values.GetAttr("arn")).(string)
	lbArn := "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/" + h("aws_lb.web", 16)
	tests := []struct {
		addr string
		want map[string]any
	}{
		{"aws_main_route_table_association.m", map[string]any{"original_route_table_id": "rtb-" + h("aws_vpc.v#main", 17)}},
		{"aws_route53_zone_association.z", map[string]any{"id": "Z1:vpc-" + h("aws_vpc.v", 17), "owning_account": "123456789012"}},
		{"aws_ec2_managed_prefix_list.corp", map[string]any{"id": "pl-" + h("aws_ec2_managed_prefix_list.corp", 17), "version": int64(1)}},
		{"aws_secretsmanager_secret.s", map[string]any{"name": "db-" + h("aws_secretsmanager_secret.s#name", 26)}},
		{"aws_secretsmanager_secret_version.s", map[string]any{"arn": secretArn, "id": secretArn + "|" + hUUID("aws_secretsmanager_secret_version.s")}},
		{"aws_cloudwatch_log_stream.s", map[string]any{"arn": pre + "logs:eu-west-1:123456789012:log-group:/ecs/app:log-stream:stream"}},
		{"aws_iam_policy.p", map[string]any{"id": "arn:aws:iam::123456789012:policy/svc/p"}},
		{"aws_kms_key.k", map[string]any{"arn": pre + "kms:eu-west-1:123456789012:key/" + hUUID("aws_kms_key.k")}},
		{"aws_kms_alias.k", map[string]any{
			"arn":            pre + "kms:eu-west-1:123456789012:alias/app",
			"target_key_arn": pre + "kms:eu-west-1:123456789012:key/" + hUUID("aws_kms_key.k"),
		}},
		{"aws_lb.web", map[string]any{"id": lbArn, "arn_suffix": "app/web/" + h("aws_lb.web", 16)}},
		{"aws_lb_target_group.web", map[string]any{"arn": pre + "elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/" + h("aws_lb_target_group.web", 16)}},
		{"aws_lb_listener.web", map[string]any{"arn": pre + "elasticloadbalancing:eu-west-1:123456789012:listener/app/web/" + h("aws_lb.web", 16) + "/" + h("aws_lb_listener.web", 16)}},
		{"aws_sns_topic.t", map[string]any{"id": pre + "sns:eu-west-1:123456789012:t"}},
		{"aws_sqs_queue.q", map[string]any{"id": "https://sqs.eu-west-1.amazonaws.com/123456789012/q", "arn": pre + "sqs:eu-west-1:123456789012:q"}},
		{"aws_dynamodb_table.d", map[string]any{"id": "d", "arn": pre + "dynamodb:eu-west-1:123456789012:table/d"}},
		{"aws_lambda_function.f", map[string]any{"id": "f", "arn": pre + "lambda:eu-west-1:123456789012:function:f"}},
		{"aws_autoscaling_group.g", map[string]any{"id": "g"}},
		{"data.aws_availability_zone.b", map[string]any{"zone_id": "euw1-az2", "name_suffix": "b"}},
		{"data.aws_availability_zone.by_id", map[string]any{"name": "eu-west-1c"}},
	}
	for _, tc := range tests {
		checkAttrs(t, by, tc.addr, tc.want)
	}
	for _, addr := range []string{"aws_service_discovery_private_dns_namespace.n", "aws_service_discovery_service.s"} {
		if arn := goValue(by[addr].Values.GetAttr("arn")).(string); len(arn) < 40 {
			t.Errorf("%s arn = %q", addr, arn)
		}
	}
	dns := goValue(by["aws_lb.web"].Values.GetAttr("dns_name")).(string)
	if want := "internal-web-"; dns[:len(want)] != want {
		t.Errorf("internal LB dns_name = %q", dns)
	}
}
