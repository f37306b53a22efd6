package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzEvaluate writes arbitrary bytes as main.tf and evaluates the root.
// Evaluate must not panic (nor recover from a panic, which it reports as
// an internal error), every diagnostic must have a code, a message and a
// position, and two runs must agree.
func FuzzEvaluate(f *testing.F) {
	roots, err := filepath.Glob(filepath.Join("testdata", "*", "main.tf"))
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range roots {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(synthRoot))
	// Look-ups, partial JSON, unknown keys, try over partial values.
	f.Add([]byte(provider + `resource "aws_vpc" "a" {
  cidr_block = "10.0.0.0/16"
  tags       = { Name = "a" }
}
data "aws_vpc" "a" {
  filter {
    name   = "tag:Name"
    values = ["a*"]
  }
}
data "aws_subnets" "s" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.a.id]
  }
}
resource "aws_security_group_rule" "r" {
  for_each          = toset(data.aws_subnets.s.ids)
  type              = "egress"
  security_group_id = "sg-1"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = [each.value]
}
resource "aws_ecs_task_definition" "t" {
  family                = "t"
  container_definitions = jsonencode([{ name = "a", image = "${aws_vpc.a.arn}:${aws_vpc.a.ipv6_cidr_block}", secrets = try(data.aws_vpc.a.tags, {}) }])
}
`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		rs, _, diags := Evaluate(dir, Options{})
		for _, d := range diags {
			if d.Code == codeInternal {
				t.Fatalf("evaluator bug: %v", d)
			}
			if d.Code == "" || strings.TrimSpace(d.Message) == "" {
				t.Errorf("diagnostic without a code or message: %#v", d)
			}
			if !d.Source.IsValid() {
				t.Errorf("diagnostic without a position: %v", d)
			}
			if strings.HasSuffix(d.Source.File, ".tf") && (d.Source.Line < 1 || d.Source.Column < 1) {
				t.Errorf("diagnostic in a file without line and column: %v", d)
			}
		}
		rs2, _, diags2 := Evaluate(dir, Options{})
		if diff := cmp.Diff(diags, diags2); diff != "" {
			t.Errorf("diagnostics differ between two runs (-first +second):\n%s", diff)
		}
		if diff := cmp.Diff(addresses(rs), addresses(rs2)); diff != "" {
			t.Errorf("instances differ between two runs (-first +second):\n%s", diff)
		}
	})
}
