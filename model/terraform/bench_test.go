package terraform

import (
	"github.com/vpctrace/vpctrace/model/tfjson"
	"path/filepath"
	"testing"
)

// BenchmarkEvaluate300 evaluates a generated root of about 300 resource
// instances (testdata/bench300).
func BenchmarkEvaluate300(b *testing.B) {
	dir := filepath.Join("testdata", "bench300")
	rs, _, diags := Evaluate(dir, Options{})
	if diags.HasErrors() || len(rs) < 300 {
		b.Fatalf("%d instances, diagnostics %v", len(rs), diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(dir, Options{})
	}
}

func TestBench300Root(t *testing.T) {
	rs, _, diags := Evaluate(filepath.Join("testdata", "bench300"), Options{})
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	if len(rs) < 300 {
		t.Errorf("%d instances, want at least 300", len(rs))
	}
}

// BenchmarkLoad300 evaluates the same root and maps it with tfmap.Build.
func BenchmarkLoad300(b *testing.B) {
	dir := filepath.Join("testdata", "bench300")
	b.ReportAllocs()
	for b.Loop() {
		Load(dir, Options{})
	}
}

// BenchmarkLookups evaluates a root of 500 subnets that a data source
// reads back one by one (data "aws_subnet" with for_each over their IDs),
// as existing-VPC modules do: each look-up by ID finds its subnet in an
// index, not by comparing every subnet.
func BenchmarkLookups(b *testing.B) {
	b.ReportAllocs()
	dir := writeRoot(b, map[string]string{"main.tf": provider + `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/8"
}
resource "aws_subnet" "s" {
  count      = 500
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.0.0.0/8", 16, count.index)
  tags       = { Tier = "private" }
}
data "aws_subnets" "private" {
  filter {
    name   = "tag:Tier"
    values = ["private"]
  }
}
data "aws_subnet" "each" {
  for_each = toset(data.aws_subnets.private.ids)
  id       = each.value
}
output "azs" {
  value = [for s in data.aws_subnet.each : s.cidr_block]
}
`})
	rs, _, diags := Evaluate(dir, Options{})
	if diags.HasErrors() || len(rs) != 1+500+1+500 {
		b.Fatalf("%d instances, diagnostics %v", len(rs), diags.Errors())
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(dir, Options{})
	}
}

// BenchmarkLoadLargeWithPlan evaluates testdata/terraform/large (403
// instances) with its real plan (577 kB): reading the plan once and
// overlaying each instance's values must stay a small share of the
// evaluation (compare BenchmarkLoadLarge).
func BenchmarkLoadLargeWithPlan(b *testing.B) {
	dir := filepath.Join("..", "..", "testdata", "terraform", "large")
	b.ReportAllocs()
	for b.Loop() {
		snap, diags := tfjson.LoadSnapshot(filepath.Join(dir, "plan.json"), 0)
		if snap == nil {
			b.Fatal(diags)
		}
		Load(dir, Options{Prior: snap})
	}
}

// BenchmarkLoadLarge is BenchmarkLoadLargeWithPlan without the plan.
func BenchmarkLoadLarge(b *testing.B) {
	dir := filepath.Join("..", "..", "testdata", "terraform", "large")
	b.ReportAllocs()
	for b.Loop() {
		Load(dir, Options{})
	}
}
