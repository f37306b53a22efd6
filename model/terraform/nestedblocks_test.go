package terraform

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

// ctyComparer compares cty values whole: type, known-ness and content.
var ctyComparer = cmp.Comparer(func(a, b cty.Value) bool { return a.RawEquals(b) })

// TestNestedBlockAttributes checks Terraform's values of nested blocks:
// every object of a nested block has all the attributes of the block
// type's schema (`terraform providers schema -json`, block_types). One the
// configuration does not set is null, or, when the provider computes it,
// known only after apply: an unknown of its type
// (https://developer.hashicorp.com/terraform/language/expressions/references#values-not-yet-known).
// Unset nested blocks inside a block are empty (list and set) or null
// (single). Values set are kept, in dynamic blocks too.
func TestNestedBlockAttributes(t *testing.T) {
	const base = provider + `resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_security_group" "s" { vpc_id = aws_vpc.v.id }
`
	unk := cty.UnknownVal(cty.String)
	tests := []struct {
		name string
		hcl  string
		addr string // resource whose attribute is compared
		attr string
		want func(subnetID cty.Value) cty.Value
	}{{
		// The idiom of the bug: ip is optional and computed.
		name: "set nesting: an unset computed attribute is an unknown string",
		hcl: `resource "aws_route53_resolver_endpoint" "x" {
  direction          = "OUTBOUND"
  security_group_ids = [aws_security_group.s.id]
  ip_address { subnet_id = aws_subnet.a.id }
  ip_address { subnet_id = aws_subnet.a.id }
}
resource "terraform_data" "ips" {
  input = [for ip in aws_route53_resolver_endpoint.x.ip_address : ip.ip]
}`,
		addr: "terraform_data.ips", attr: "input",
		want: func(cty.Value) cty.Value { return cty.TupleVal([]cty.Value{unk, unk}) },
	}, {
		name: "set nesting: the whole block object",
		hcl: `resource "aws_route53_resolver_endpoint" "x" {
  direction          = "OUTBOUND"
  security_group_ids = [aws_security_group.s.id]
  ip_address {
    subnet_id = aws_subnet.a.id
    ip        = "10.0.1.10"
  }
  ip_address { subnet_id = aws_subnet.a.id }
}`,
		addr: "aws_route53_resolver_endpoint.x", attr: "ip_address",
		want: func(id cty.Value) cty.Value {
			return cty.TupleVal([]cty.Value{
				// A value the configuration sets is kept.
				cty.ObjectVal(map[string]cty.Value{"subnet_id": id, "ip": cty.StringVal("10.0.1.10"), "ip_id": unk, "ipv6": unk}),
				cty.ObjectVal(map[string]cty.Value{"subnet_id": id, "ip": unk, "ip_id": unk, "ipv6": unk}),
			})
		},
	}, {
		name: "list nesting: an unset optional attribute that is not computed is null",
		hcl: `resource "aws_ecs_service" "svc" {
  name = "svc"
  network_configuration {
    subnets = [aws_subnet.a.id]
  }
}`,
		addr: "aws_ecs_service.svc", attr: "network_configuration",
		want: func(id cty.Value) cty.Value {
			return cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
				"subnets":          cty.TupleVal([]cty.Value{id}),
				"security_groups":  cty.NullVal(cty.Set(cty.String)),
				"assign_public_ip": cty.NullVal(cty.Bool),
			})})
		},
	}, {
		name: "single nesting",
		hcl: `resource "aws_vpc" "w" {
  cidr_block = "10.1.0.0/16"
}
resource "aws_security_group" "t" {
  vpc_id = aws_vpc.w.id
  timeouts { create = "5m" }
}`,
		addr: "aws_security_group.t", attr: "timeouts",
		want: func(cty.Value) cty.Value {
			return cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
				"create": cty.StringVal("5m"),
				"delete": cty.NullVal(cty.String),
			})})
		},
	}, {
		name: "a block in a block, and unset blocks in a block",
		hcl: `resource "aws_lb_listener" "l" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1"
  default_action {
    type = "forward"
    forward {
      target_group { arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/1" }
    }
  }
}`,
		addr: "aws_lb_listener.l", attr: "default_action",
		want: func(cty.Value) cty.Value {
			return cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
				"type":                 cty.StringVal("forward"),
				"order":                cty.UnknownVal(cty.Number),
				"target_group_arn":     cty.NullVal(cty.String),
				"authenticate_cognito": cty.EmptyTupleVal,
				"authenticate_oidc":    cty.EmptyTupleVal,
				"fixed_response":       cty.EmptyTupleVal,
				"redirect":             cty.EmptyTupleVal,
				"forward": cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
					"stickiness": cty.EmptyTupleVal,
					"target_group": cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
						"arn":    cty.StringVal("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/1"),
						"weight": cty.NullVal(cty.Number),
					})}),
				})}),
			})})
		},
	}, {
		name: "dynamic block",
		hcl: `resource "aws_route53_resolver_endpoint" "x" {
  direction          = "OUTBOUND"
  security_group_ids = [aws_security_group.s.id]
  dynamic "ip_address" {
    for_each = ["10.0.1.10", "10.0.1.11"]
    content {
      subnet_id = aws_subnet.a.id
      ip        = ip_address.value
    }
  }
}
resource "terraform_data" "ids" {
  input = [for ip in aws_route53_resolver_endpoint.x.ip_address : [ip.ip, ip.ip_id]]
}`,
		addr: "terraform_data.ids", attr: "input",
		want: func(cty.Value) cty.Value {
			return cty.TupleVal([]cty.Value{
				cty.TupleVal([]cty.Value{cty.StringVal("10.0.1.10"), unk}),
				cty.TupleVal([]cty.Value{cty.StringVal("10.0.1.11"), unk}),
			})
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, _, diags := Evaluate(writeRoot(t, map[string]string{"main.tf": base + tt.hcl}), Options{})
			if diags.HasErrors() {
				t.Fatalf("errors:\n%s", diags.Errors().Error())
			}
			by := byAddress(rs)
			r, ok := by[tt.addr]
			if !ok {
				t.Fatalf("no %s", tt.addr)
			}
			got := r.Values.GetAttr(tt.attr)
			want := tt.want(by["aws_subnet.a"].Values.GetAttr("id"))
			if diff := cmp.Diff(want, got, ctyComparer); diff != "" {
				t.Errorf("%s.%s (-want +got):\n%s", tt.addr, tt.attr, diff)
			}
		})
	}
}

// TestNestedBlocksUnknown checks blocks known only after apply: a
// dynamic block over a collection Terraform knows only after apply, whose
// attributes are read, is no error.
func TestNestedBlocksUnknown(t *testing.T) {
	rs, _, diags := Evaluate(writeRoot(t, map[string]string{"main.tf": provider + `data "aws_subnets" "all" {
  tags = { Tier = "private" }
}
resource "aws_security_group" "s" { vpc_id = "vpc-0123456789abcdef0" }
resource "aws_route53_resolver_endpoint" "x" {
  direction          = "OUTBOUND"
  security_group_ids = [aws_security_group.s.id]
  dynamic "ip_address" {
    for_each = data.aws_subnets.all.ids
    content { subnet_id = ip_address.value }
  }
}
resource "terraform_data" "ips" {
  input = [for ip in aws_route53_resolver_endpoint.x.ip_address : ip.ip]
}
`}), Options{})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diags.Errors().Error())
	}
	if got := byAddress(rs)["terraform_data.ips"].Values.GetAttr("input"); got.IsWhollyKnown() {
		t.Errorf("input = %#v, want unknown", got)
	}
}
