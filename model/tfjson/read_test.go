package tfjson_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfjson"
	"github.com/vpctrace/vpctrace/model/tfmap"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"plan", `{"format_version":"1.2","planned_values":{"root_module":{}}}`, true},
		{"state", `{"format_version":"1.0","values":{"root_module":{}}}`, true},
		{"state with null values", `{"format_version":"1.0","values":null}`, true},
		{"empty state", `{"format_version":"1.0"}`, false},
		{"provider schemas", `{"format_version":"1.0","provider_schemas":{}}`, false},
		{"no format_version", `{"values":{}}`, false},
		{"scenario YAML", "region: ap-northeast-1\nvpcs: {}\n", false},
		{"array", `[{"format_version":"1.0","values":{}}]`, false},
		{"malformed", `{"format_version":"1.0","values":{`, false},
		{"empty", ``, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tfjson.Detect([]byte(tt.data)); got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
		})
	}
	for _, file := range []string{planFixture, stateFixture, modulesFixture} {
		if !tfjson.Detect(readFile(t, file)) {
			t.Errorf("Detect(%s) = false", file)
		}
	}
}

func TestReadErrors(t *testing.T) {
	const file = "in.json"
	at := func(line, col int) model.Pos { return model.Pos{File: file, Line: line, Column: col} }
	diag := func(code string, pos model.Pos, msg string) model.Diagnostics {
		return model.Diagnostics{{Severity: model.SeverityError, Code: code, Message: msg, Source: pos}}
	}
	tests := []struct {
		name string
		data string
		want model.Diagnostics
	}{
		{"malformed", "{\n  \"format_version\": \"1.0\",\n  \"values\": {]\n}",
			diag(tfjson.CodeSyntax, at(3, 14), "invalid JSON: invalid character ']' at start of value")},
		{"truncated", `{"format_version": "1.0", "values": {`,
			diag(tfjson.CodeSyntax, at(1, 37), "invalid JSON: unexpected end of JSON input")},
		{"empty", ``,
			diag(tfjson.CodeSyntax, at(1, 1), "invalid JSON: unexpected end of JSON input")},
		{"array", `[1, 2]`,
			diag(tfjson.CodeNotTerraform, at(1, 1), "in.json holds a JSON array, not a JSON object: it is not a plan or state printed by terraform show -json")},
		{"no format_version", `{"resources": []}`,
			diag(tfjson.CodeNotTerraform, at(1, 1), "in.json has no format_version: it is not a plan or state printed by terraform show -json")},
		{"provider schemas", `{"format_version": "1.0", "provider_schemas": {}}`,
			diag(tfjson.CodeNotTerraform, at(1, 1), "in.json has neither planned_values nor values: it is not a plan or a non-empty state printed by terraform show -json")},
		{"numeric format_version", `{"format_version": 1, "values": {}}`,
			diag(tfjson.CodeNotTerraform, at(1, 20), "format_version is 1, not a version string: this is not terraform show -json output")},
		{"format_version 2", "{\n  \"values\": {},\n  \"format_version\": \"2.0\"\n}",
			diag(tfjson.CodeFormatVersion, at(3, 21), `unsupported format_version "2.0": vpctrace reads the Terraform JSON format >= 0.1, < 2.0`)},
		{"format_version garbage", `{"format_version": "one", "values": {}}`,
			diag(tfjson.CodeFormatVersion, at(1, 20), `format_version "one" is not a version number`)},
		{"wrong type in state", `{"format_version": "1.0", "values": {"root_module": {"resources": "none"}}}`,
			diag(tfjson.CodeInvalid, at(1, 67), "not a valid Terraform state: values.root_module.resources is a JSON string")},
		{"wrong type in plan", `{"format_version": "1.2", "planned_values": {}, "resource_changes": {}}`,
			diag(tfjson.CodeInvalid, at(1, 69), "not a valid Terraform plan: resource_changes is a JSON object")},
		{"wrong type in prior_state", "{\"format_version\": \"1.2\", \"planned_values\": {},\n \"prior_state\": {\"format_version\": \"1.0\", \"values\": {\"root_module\": {\"address\": 7}}}}",
			diag(tfjson.CodeInvalid, at(2, 81), "not a valid Terraform plan: prior_state.values.root_module.address is a JSON number")},
		{"wrong type in configuration", "{\"format_version\": \"1.2\", \"planned_values\": {},\n \"configuration\": {\"root_module\": {\"resources\": [{\"expressions\": {\"a\": [{\"b\": 1, \"c\": \"d\"}]}}]}}}",
			diag(tfjson.CodeInvalid, at(2, 19), "not a valid Terraform plan: its configuration has values of the wrong JSON type")},
		{"plan without region", `{"format_version": "1.2", "planned_values": {"root_module": {}}}`,
			diag(tfjson.CodeNoRegion, at(1, 1), "no region: pass --region")},
		{"state without ARNs", `{"format_version": "1.0", "values": {"root_module": {"resources": [
			{"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "values": {"id": "vpc-1"}}]}}}`,
			diag(tfjson.CodeNoRegion, at(1, 1), "no region: pass --region")},
		{"ARNs in two regions", `{"format_version": "1.0", "values": {"root_module": {"resources": [
			{"address": "aws_vpc.a", "mode": "managed", "type": "aws_vpc", "name": "a", "values": {"arn": "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-1"}},
			{"address": "aws_vpc.b", "mode": "managed", "type": "aws_vpc", "name": "b", "values": {"arn": "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-2"}}]}}}`,
			diag(tfjson.CodeNoRegion, at(1, 1), "no region: the resources name regions eu-west-1, us-east-1; pass --region")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, diags := tfjson.Read(file, []byte(tt.data), tfjson.Options{})
			if diff := cmp.Diff(tt.want, diags); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRegion(t *testing.T) {
	const (
		constant = `{"format_version": "1.2", "planned_values": {"root_module": {}}, "configuration": {"provider_config": {
			"aws.west": {"name": "aws", "alias": "west", "expressions": {"region": {"constant_value": "us-west-2"}}},
			"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-central-1"}}}}}}`
		variable = `{"format_version": "1.2", "variables": {"r": {"value": "sa-east-1"}}, "planned_values": {"root_module": {}},
			"configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"references": ["var.r"]}}}}}}`
		arns = `{"format_version": "1.0", "values": {"root_module": {"resources": [
			{"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r", "values": {"arn": "arn:aws:iam::123456789012:role/r"}},
			{"address": "aws_vpc.a", "mode": "managed", "type": "aws_vpc", "name": "a", "values": {"arn": "arn:aws:ec2:ca-central-1:123456789012:vpc/vpc-1"}}]}}}`
		// The provider's region is a local value, which the plan does
		// not show; its endpoints and subnets name the region.
		zones = `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
			{"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "values": {"availability_zone": "ap-northeast-2a"}},
			{"address": "aws_vpc_endpoint.s3", "mode": "managed", "type": "aws_vpc_endpoint", "name": "s3", "values": {"service_name": "com.amazonaws.ap-northeast-2.s3"}}]}},
			"configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"references": ["local.region"]}}}}}}`
		localZone = `{"format_version": "1.0", "values": {"root_module": {"resources": [
			{"address": "aws_subnet.lax", "mode": "managed", "type": "aws_subnet", "name": "lax", "values": {"availability_zone": "us-west-2-lax-1a"}}]}}}`
		twoRegions = `{"format_version": "1.0", "values": {"root_module": {"resources": [
			{"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "values": {"availability_zone": "eu-west-1a"}},
			{"address": "aws_subnet.b", "mode": "managed", "type": "aws_subnet", "name": "b", "values": {"availability_zone": "eu-west-2a"}}]}}}`
	)
	tests := []struct {
		name  string
		data  string
		opts  tfjson.Options
		want  string
		codes []string
	}{
		{"provider constant", constant, tfjson.Options{}, "eu-central-1", nil},
		{"option overrides", constant, tfjson.Options{Region: "ap-south-1"}, "ap-south-1", nil},
		{"root variable", variable, tfjson.Options{}, "sa-east-1", nil},
		{"ARNs", arns, tfjson.Options{}, "ca-central-1", []string{tfjson.CodeRegionFromARNs}},
		{"option over ARNs", arns, tfjson.Options{Region: "ap-south-1"}, "ap-south-1", nil},
		{"service names and zones", zones, tfjson.Options{}, "ap-northeast-2", []string{tfjson.CodeRegionFromARNs}},
		{"local zone", localZone, tfjson.Options{}, "us-west-2", []string{tfjson.CodeRegionFromARNs}},
		{"regions that disagree", twoRegions, tfjson.Options{}, "", []string{tfjson.CodeNoRegion}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got, diags := tfjson.Read("in.json", []byte(tt.data), tt.opts)
			if got != tt.want {
				t.Errorf("region = %q, want %q", got, tt.want)
			}
			var codes []string
			for _, d := range diags {
				codes = append(codes, d.Code)
			}
			if diff := cmp.Diff(tt.codes, codes); diff != "" {
				t.Errorf("diagnostic codes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadValues checks unknown and sensitive values, and attributes a new
// object's configuration leaves out, on a hand-written plan with an
// existing resource (known prior values) and a new one.
func TestReadValues(t *testing.T) {
	const plan = `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_vpc.old", "mode": "managed", "type": "aws_vpc", "name": "old",
     "values": {"id": "vpc-0123456789abcdef0", "cidr_block": "10.0.0.0/16", "tags": {"Name": "old"}, "tags_all": {"Name": "old"}},
     "sensitive_values": {"tags": {}, "tags_all": {}}},
    {"address": "aws_security_group.new[0]", "mode": "managed", "type": "aws_security_group", "name": "new", "index": 0,
     "values": {"name": "new", "description": "secret", "egress": [{"cidr_blocks": ["0.0.0.0/0"], "from_port": 0, "protocol": "-1"}],
                "ingress": [{"from_port": 443, "cidr_blocks": []}]},
     "sensitive_values": {"description": true, "egress": [{"cidr_blocks": [false]}], "token": true}}
  ]}},
  "resource_changes": [
    {"address": "aws_vpc.old", "mode": "managed", "type": "aws_vpc", "name": "old",
     "change": {"actions": ["update"], "after_unknown": {"tags": {}, "tags_all": {}, "owner_id": true}}},
    {"address": "aws_security_group.new[0]", "mode": "managed", "type": "aws_security_group", "name": "new", "index": 0,
     "change": {"actions": ["create"], "after_unknown": {"id": true, "arn": true, "vpc_id": true, "owner_id": true,
       "egress": [{"cidr_blocks": [false], "security_groups": true}],
       "ingress": [{"cidr_blocks": [], "security_groups": true, "self": false}]}}}
  ],
  "configuration": {"root_module": {"resources": [
    {"address": "aws_vpc.old", "mode": "managed", "type": "aws_vpc", "name": "old",
     "expressions": {"cidr_block": {"constant_value": "10.0.0.0/16"}}},
    {"address": "aws_security_group.new", "mode": "managed", "type": "aws_security_group", "name": "new",
     "count_expression": {"constant_value": 1},
     "expressions": {"name": {"constant_value": "new"}, "description": {"constant_value": "secret"}, "token": {"references": ["var.t"]},
       "vpc_id": {"references": ["aws_vpc.old.id", "aws_vpc.old"]},
       "egress": {"constant_value": [{"cidr_blocks": ["0.0.0.0/0"], "from_port": 0, "protocol": "-1"}]},
       "ingress": {"references": ["aws_security_group.other.id", "aws_security_group.other"]}}}]}}
}`
	rs, _, diags := tfjson.Read("plan.json", []byte(plan), tfjson.Options{Region: "ap-northeast-1"})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want := []tfmap.Resource{
		{
			Address: "aws_security_group.new[0]", Mode: "managed", Type: "aws_security_group",
			Pos: model.Pos{File: "plan.json", Line: 7, Column: 6},
			Values: cty.ObjectVal(map[string]cty.Value{
				"id":     cty.DynamicVal,
				"arn":    cty.DynamicVal,
				"vpc_id": cty.DynamicVal,
				// owner_id: new, not configured, so null, and left out
				"name":        cty.StringVal("new"),
				"description": cty.StringVal("secret"), // sensitive, present: kept
				"token":       cty.DynamicVal,          // sensitive, absent: unknown
				"egress": cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
					"cidr_blocks":     cty.TupleVal([]cty.Value{cty.StringVal("0.0.0.0/0")}),
					"from_port":       cty.NumberIntVal(0),
					"protocol":        cty.StringVal("-1"),
					"security_groups": cty.DynamicVal,
				})}),
				"ingress": cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
					"cidr_blocks":     cty.EmptyTupleVal,
					"from_port":       cty.NumberIntVal(443),
					"security_groups": cty.DynamicVal,
				})}),
			}),
			Refs:    map[string][]string{"vpc_id": {"aws_vpc.old"}, "ingress": {"aws_security_group.other"}},
			Created: true, // the plan creates it (aws-rules 1.2.14 reads it)
		},
		{
			Address: "aws_vpc.old", Mode: "managed", Type: "aws_vpc",
			Pos: model.Pos{File: "plan.json", Line: 4, Column: 6},
			Values: cty.ObjectVal(map[string]cty.Value{
				"id":         cty.StringVal("vpc-0123456789abcdef0"),
				"cidr_block": cty.StringVal("10.0.0.0/16"),
				"owner_id":   cty.DynamicVal, // an update: unknown stays unknown
				"tags":       cty.ObjectVal(map[string]cty.Value{"Name": cty.StringVal("old")}),
				"tags_all":   cty.ObjectVal(map[string]cty.Value{"Name": cty.StringVal("old")}),
			}),
		},
	}
	if diff := cmp.Diff(want, rs, ctyEqual); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}
}

// TestReadRefsEachValue checks each.value through a module's for_each and
// references to instances that do not exist.
func TestReadRefsEachValue(t *testing.T) {
	const plan = `{"format_version": "1.2",
 "planned_values": {"root_module": {"child_modules": [
   {"address": "module.rt[\"a\"]", "resources": [{"address": "module.rt[\"a\"].aws_route_table.this", "mode": "managed", "type": "aws_route_table", "name": "this", "values": {}}]},
   {"address": "module.rt[\"b\"]", "resources": [{"address": "module.rt[\"b\"].aws_route_table.this", "mode": "managed", "type": "aws_route_table", "name": "this", "values": {}}]}],
  "resources": [
   {"address": "aws_subnet.s[\"a\"]", "mode": "managed", "type": "aws_subnet", "name": "s", "index": "a", "values": {}},
   {"address": "aws_subnet.s[\"b\"]", "mode": "managed", "type": "aws_subnet", "name": "s", "index": "b", "values": {}}]}},
 "configuration": {"root_module": {
   "resources": [{"address": "aws_subnet.s", "mode": "managed", "type": "aws_subnet", "name": "s",
     "expressions": {"vpc_id": {"references": ["aws_vpc.gone.id", "aws_vpc.gone", "local.x"]}}}],
   "module_calls": {"rt": {"for_each_expression": {"references": ["aws_subnet.s"]},
     "expressions": {"subnet_id": {"references": ["each.value.id", "each.value"]}, "name": {"references": ["each.key"]}},
     "module": {"resources": [{"address": "aws_route_table.this", "mode": "managed", "type": "aws_route_table", "name": "this",
       "expressions": {"tags": {"references": ["var.subnet_id", "var.name"]}, "route": [
         {"gateway_id": {"references": ["var.nowhere"]}}, {"gateway_id": {"references": ["module.missing.out", "module.missing"]}}]}}]}}}}}}`
	rs, _, diags := tfjson.Read("plan.json", []byte(plan), tfjson.Options{Region: "ap-northeast-1"})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got := map[string]map[string][]string{}
	for _, r := range rs {
		got[r.Address] = r.Refs
	}
	want := map[string]map[string][]string{
		`aws_subnet.s["a"]`:                   {"vpc_id": {"aws_vpc.gone", "local.x"}}, // kept: Build reports it
		`aws_subnet.s["b"]`:                   {"vpc_id": {"aws_vpc.gone", "local.x"}},
		`module.rt["a"].aws_route_table.this`: {"tags": {`aws_subnet.s["a"]`}},
		`module.rt["b"].aws_route_table.this`: {"tags": {`aws_subnet.s["b"]`}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("refs (-want +got):\n%s", diff)
	}
}

// TestLoadErrors checks that Load reports a missing file and passes Read's
// errors on without calling Build.
func TestLoadErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.json")
	w, diags := tfjson.Load(missing, tfjson.Options{})
	if w != nil || len(diags) != 1 || diags[0].Code != tfjson.CodeReadError || diags[0].Source.File != missing {
		t.Errorf("Load(missing) = %v, %v", w, diags)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte("{\n  \"format_version\": 1.0,,\n}"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, diags = tfjson.Load(bad, tfjson.Options{})
	if w != nil || !diags.HasErrors() || !strings.HasPrefix(diags.Error(), bad+":2:25: error: invalid JSON") {
		t.Errorf("Load(%s) = %v, %v", bad, w, diags)
	}
}
