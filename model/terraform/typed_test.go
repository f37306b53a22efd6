package terraform

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model/tfmap"
)

// TestTypedUnknowns evaluates testdata/terraform/typed-unknowns, a root
// called the way registry modules are: values known only after apply keep
// their place and type through modules, never making an input null or
// dropping a collection, and never an error.
func TestTypedUnknowns(t *testing.T) {
	rs, _, diags := Evaluate(filepath.Join("..", "..", "testdata", "terraform", "typed-unknowns"), Options{})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diags.Errors().Error())
	}
	by := byAddress(rs)
	defs := func(addr string) any {
		var v any
		s := goValue(by[addr].Values.GetAttr("container_definitions"))
		if err := json.Unmarshal([]byte(s.(string)), &v); err != nil {
			t.Fatalf("%s: %v", addr, err)
		}
		return v
	}
	mark := tfmap.UnknownMark
	logging := func(group, prefix string) any {
		return map[string]any{"logDriver": "awslogs", "options": map[string]any{
			"awslogs-group": group, "awslogs-region": "eu-west-1", "awslogs-stream-prefix": prefix}}
	}
	got := map[string]any{
		"api":    defs("module.api.aws_ecs_task_definition.this"),
		"worker": defs("module.worker.aws_ecs_task_definition.this"),
		// optional(T, default) and max/lookup over a for_each map.
		"retention": []any{
			goValue(by[`module.api.aws_cloudwatch_log_group.this["api"]`].Values.GetAttr("retention_in_days")),
			goValue(by[`module.api.aws_cloudwatch_log_group.this["otel"]`].Values.GetAttr("retention_in_days")),
		},
		// coalesce(null priority, ...) in the ALB module.
		"priority": goValue(by[`module.alb.aws_lb_listener_rule.this["api"]`].Values.GetAttr("priority")),
		// A whole-resource output read by key and attribute.
		"load_balancer":      goValue(by["module.api.aws_ecs_service.this"].Values.GetAttr("load_balancer")),
		"service_registries": len(goValue(by["module.api.aws_ecs_service.this"].Values.GetAttr("service_registries")).([]any)),
	}
	want := map[string]any{
		"api": []any{
			map[string]any{
				"name": "api", "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2", "essential": true,
				"portMappings":     []any{map[string]any{"containerPort": float64(8080), "protocol": "tcp"}},
				"environment":      []any{map[string]any{"name": "DB_HOST", "value": mark}},
				"secrets":          []any{map[string]any{"name": "API_KEY", "valueFrom": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api/key-UqsHcE"}},
				"logConfiguration": logging("/ecs/api/api", "api"),
			},
			map[string]any{
				"name": "otel", "image": "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0", "essential": false,
				"logConfiguration": logging("/ecs/api/otel", "otel"),
			},
		},
		"worker": []any{
			map[string]any{
				"name": "worker", "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2", "essential": true,
				"environment":      []any{map[string]any{"name": "DB_HOST", "value": mark}},
				"secrets":          []any{map[string]any{"name": "DB_PASSWORD", "valueFrom": mark}},
				"logConfiguration": logging("/ecs/worker/worker", "worker"),
			},
		},
		"retention": []any{int64(30), int64(14)},
		"priority":  int64(100),
		"load_balancer": []any{map[string]any{
			"container_name": "api", "container_port": int64(8080),
			// Unset and not computed: null, as in Terraform's plan.
			"elb_name":         nil,
			"target_group_arn": goValue(by[`module.alb.aws_lb_target_group.this["api"]`].Values.GetAttr("arn")),
		}},
		"service_registries": 1,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
}

// TestKeysKnownAtPlan checks that instances keyed by values Terraform
// knows at plan time are expanded: certificate validation records keyed
// by domain_validation_options (one per distinct name of domain_name and
// subject_alternative_names), while the ones over a data source vpctrace
// cannot read stand for an unknown number of instances ([*]).
func TestKeysKnownAtPlan(t *testing.T) {
	rs, _, diags := Evaluate(filepath.Join("..", "..", "testdata", "terraform", "unknown-keys"), Options{})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diags.Errors().Error())
	}
	var got []string
	for _, r := range rs {
		for _, prefix := range []string{"aws_route53_record.", "aws_lb_listener_rule.", "aws_vpc_security_group_egress_rule.", "aws_appautoscaling_policy."} {
			if strings.HasPrefix(r.Address, prefix) {
				got = append(got, fmt.Sprintf("%s unexpanded=%v", r.Address, r.Unexpanded))
			}
		}
	}
	want := []string{
		"aws_appautoscaling_policy.per_range[*] unexpanded=true",
		"aws_lb_listener_rule.from_cloudfront[*] unexpanded=true",
		`aws_route53_record.validation["*.example.com"] unexpanded=false`,
		`aws_route53_record.validation["api.example.com"] unexpanded=false`,
		`aws_route53_record.validation["example.com"] unexpanded=false`,
		"aws_vpc_security_group_egress_rule.edge_to_cloudfront[*] unexpanded=true",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("instances (-want +got):\n%s", diff)
	}
}

// TestSchemaTypes checks that attributes vpctrace leaves unknown have the
// type the AWS provider's schema gives them, as in Terraform's plan, and
// that unset blocks are empty: a managed resource's computed attribute, a
// data source vpctrace cannot answer, and another provider's resource
// (no schema: of unknown type).
func TestSchemaTypes(t *testing.T) {
	files := map[string]string{"main.tf": provider + `resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}
data "aws_subnets" "shared" {
  tags = { Tier = "shared" }
}
data "aws_ssm_parameter" "image" {
  name = "/app/image"
}
resource "random_id" "suffix" {
  byte_length = 4
}
output "all" {
  value = [random_id.suffix.hex]
}
`}
	rs, _, diags := Evaluate(writeRoot(t, files), Options{})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diags.Errors().Error())
	}
	by := byAddress(rs)
	typeOf := func(addr, attr string) string {
		v := by[addr].Values.GetAttr(attr)
		state := "known"
		if !v.IsKnown() {
			state = "unknown"
		}
		return state + " " + v.Type().FriendlyName()
	}
	got := map[string]string{
		"instance private_dns":      typeOf("aws_instance.web", "private_dns"),
		"instance tags_all":         typeOf("aws_instance.web", "tags_all"),
		"instance ebs_block_device": typeOf("aws_instance.web", "ebs_block_device"),
		"subnets ids":               typeOf("data.aws_subnets.shared", "ids"),
		"parameter value":           typeOf("data.aws_ssm_parameter.image", "value"),
		"random hex":                typeOf("random_id.suffix", "hex"),
	}
	want := map[string]string{
		"instance private_dns":      "unknown string",
		"instance tags_all":         "known map of string", // no tags, no default tags: empty
		"instance ebs_block_device": "known tuple",         // an unset block: none
		"subnets ids":               "unknown list of string",
		"parameter value":           "unknown string",
		"random hex":                "unknown dynamic",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("types (-want +got):\n%s", diff)
	}
}
