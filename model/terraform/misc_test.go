package terraform

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
)

func TestUnknownAfterApply(t *testing.T) {
	dir := writeRoot(t, map[string]string{"main.tf": provider + `resource "aws_instance" "nat" {
  subnet_id = "subnet-1"
}
resource "aws_route" "r" {
  route_table_id         = "rtb-1"
  destination_cidr_block = "${aws_instance.nat.private_ip}/32"
  network_interface_id   = aws_instance.nat.primary_network_interface_id
}
`})
	rs, _, diags := Evaluate(dir, Options{})
	want := model.Diagnostics{{
		Severity: model.SeverityWarning, Code: codeUnknownAfterApply, Source: pos("main.tf", 7, 31),
		Message: "aws_instance.nat.private_ip is not set in the configuration and is known only after apply: vpctrace leaves it unknown",
	}}
	if diff := cmp.Diff(want, relDiags(dir, diags)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	got := attrs(byAddress(rs)["aws_route.r"], "destination_cidr_block", "network_interface_id", "id")
	wantAttrs := map[string]any{
		"destination_cidr_block": unknown,
		"network_interface_id":   "eni-" + h("aws_instance.nat#eni", 17),
		"id":                     unknown, // built from the unknown destination
	}
	if diff := cmp.Diff(wantAttrs, got); diff != "" {
		t.Errorf("aws_route.r (-want +got):\n%s", diff)
	}
	if got := goValue(byAddress(rs)["aws_instance.nat"].Values.GetAttr("private_ip")); got != unknown {
		t.Errorf("private_ip = %v, want unknown", got)
	}
}

func TestJSONConfiguration(t *testing.T) {
	dir := writeRoot(t, map[string]string{
		"main.tf.json": `{
  "provider": {"aws": {"region": "us-east-2"}},
  "variable": {"cidr": {"type": "string", "default": "10.5.0.0/16"}},
  "resource": {
    "aws_vpc": {"main": {"cidr_block": "${var.cidr}"}},
    "aws_subnet": {"a": {"count": 2, "vpc_id": "${aws_vpc.main.id}", "cidr_block": "${cidrsubnet(var.cidr, 8, count.index)}"}}
  }
}`,
	})
	rs, region, _ := evaluateClean(t, dir, Options{})
	if region != "us-east-2" {
		t.Errorf("region = %q", region)
	}
	by := byAddress(rs)
	want := map[string]any{"vpc_id": "vpc-" + h("aws_vpc.main", 17), "cidr_block": "10.5.1.0/24"}
	if diff := cmp.Diff(want, attrs(by["aws_subnet.a[1]"], "vpc_id", "cidr_block")); diff != "" {
		t.Errorf("aws_subnet.a[1] (-want +got):\n%s", diff)
	}
	if got := by["aws_subnet.a[1]"].Refs["vpc_id"]; !cmp.Equal(got, []string{"aws_vpc.main"}) {
		t.Errorf("refs = %v", got)
	}
}

func TestProviderAliasOnResource(t *testing.T) {
	dir := writeRoot(t, map[string]string{"main.tf": provider + `provider "aws" {
  alias  = "tokyo"
  region = "ap-northeast-1"
}
resource "aws_vpc" "home" {}
resource "aws_vpc" "away" {
  provider = aws.tokyo
}
data "aws_region" "away" {
  provider = aws.tokyo
}
`})
	rs, region, _ := evaluateClean(t, dir, Options{})
	if region != "us-east-1" {
		t.Errorf("region = %q", region)
	}
	by := byAddress(rs)
	if got := goValue(by["aws_vpc.away"].Values.GetAttr("arn")); got != "arn:aws:ec2:ap-northeast-1:123456789012:vpc/vpc-"+h("aws_vpc.away", 17) {
		t.Errorf("away arn = %v", got)
	}
	if got := goValue(by["aws_vpc.home"].Values.GetAttr("arn")); got != "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-"+h("aws_vpc.home", 17) {
		t.Errorf("home arn = %v", got)
	}
	if got := goValue(by["data.aws_region.away"].Values.GetAttr("name")); got != "ap-northeast-1" {
		t.Errorf("data region = %v", got)
	}
	// --region overrides the default provider's region, not an alias's.
	_, region, _ = evaluateClean(t, dir, Options{Region: "eu-central-1"})
	if region != "eu-central-1" {
		t.Errorf("region with --region = %q", region)
	}
}

func TestTemplateErrors(t *testing.T) {
	dir := writeRoot(t, map[string]string{
		"main.tf": provider + `resource "aws_instance" "a" {
  user_data = templatefile("${path.module}/user_data.tftpl", { name = "x" })
}
`,
		"user_data.tftpl": "hello ${name} ${missing}\n",
	})
	_, _, diags := Evaluate(dir, Options{})
	want := model.Diagnostics{{
		Severity: model.SeverityError, Code: codeFunctionError, Source: pos("main.tf", 3, 15),
		Message: `Error in function call: Call to function "templatefile" failed: user_data.tftpl:1:17: vars map does not contain key "missing".`,
	}}
	if diff := cmp.Diff(want, relDiags(dir, diags)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestDeterministic(t *testing.T) {
	for _, root := range []string{"basic", "expand", "modules", "data"} {
		dir := filepath.Join("testdata", root)
		first, _, d1 := Evaluate(dir, Options{})
		for i := 0; i < 3; i++ {
			again, _, d2 := Evaluate(dir, Options{})
			if diff := cmp.Diff(addresses(first), addresses(again)); diff != "" {
				t.Fatalf("%s: addresses differ:\n%s", root, diff)
			}
			for j := range first {
				if !first[j].Values.RawEquals(again[j].Values) {
					t.Errorf("%s: %s differs between runs", root, first[j].Address)
				}
				if diff := cmp.Diff(first[j].Refs, again[j].Refs); diff != "" {
					t.Errorf("%s: %s refs differ:\n%s", root, first[j].Address, diff)
				}
			}
			if diff := cmp.Diff(d1, d2); diff != "" {
				t.Errorf("%s: diagnostics differ:\n%s", root, diff)
			}
		}
	}
}

func TestIsRoot(t *testing.T) {
	tests := []struct {
		dir  string
		want bool
	}{
		{filepath.Join("testdata", "basic"), true},
		{filepath.Join("testdata", "functions", "templates"), false},
		{filepath.Join("testdata", "does-not-exist"), false},
		{filepath.Join("testdata", "basic", "main.tf"), false},
	}
	for _, tc := range tests {
		if got := IsRoot(tc.dir); got != tc.want {
			t.Errorf("IsRoot(%s) = %v, want %v", tc.dir, got, tc.want)
		}
	}
	dir := writeRoot(t, map[string]string{"main.tf.json": "{}"})
	if !IsRoot(dir) {
		t.Errorf("a directory with main.tf.json is a root")
	}
}

// TestLoad checks that Load passes the evaluated instances on and merges
// and sorts diagnostics of both steps.
func TestLoad(t *testing.T) {
	dir := writeRoot(t, map[string]string{"main.tf": `resource "aws_vpc" "a" {
  cidr_block = var.nope
}
`})
	_, diags := Load(dir, Options{})
	if !diags.HasErrors() {
		t.Fatalf("no errors: %v", diags)
	}
	sorted := append(model.Diagnostics(nil), diags...)
	sorted.Sort()
	if diff := cmp.Diff(sorted, diags); diff != "" {
		t.Errorf("diagnostics are not sorted:\n%s", diff)
	}
	codes := map[string]bool{}
	for _, d := range diags {
		codes[d.Code] = true
	}
	for _, c := range []string{codeUnknownRef, codeNoRegion} {
		if !codes[c] {
			t.Errorf("no %s diagnostic in %v", c, diags)
		}
	}
}
