package terraform

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfjson"
	"github.com/zclconf/go-cty/cty"
)

// TestOverlay: what a plan or state knows wins; what it leaves "known
// after apply" keeps the evaluator's value (trace --plan PLAN DIR).
func TestOverlay(t *testing.T) {
	str, unk := cty.StringVal, cty.DynamicVal
	obj := func(kv ...any) cty.Value {
		m := map[string]cty.Value{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1].(cty.Value)
		}
		return cty.ObjectVal(m)
	}
	tests := []struct {
		name   string
		ours   cty.Value
		theirs cty.Value
		want   cty.Value
	}{
		{"known in the file wins", str("vpc-synth"), str("vpc-0a1b"), str("vpc-0a1b")},
		{"known after apply keeps ours", str("vpc-synth"), unk, str("vpc-synth")},
		{"ours unknown, the file's partly known", cty.UnknownVal(cty.String), obj("a", unk), obj("a", unk)},
		{"null in the file wins", str("x"), cty.NullVal(cty.DynamicPseudoType), cty.NullVal(cty.DynamicPseudoType)},
		{"objects merge attribute by attribute",
			obj("id", str("sg-synth"), "name", str("task"), "only_ours", str("x")),
			obj("id", unk, "name", str("task"), "arn", str("arn:aws:ec2:...")),
			obj("id", str("sg-synth"), "name", str("task"), "only_ours", str("x"), "arn", str("arn:aws:ec2:..."))},
		{"an attribute only the file has, unknown, is left to the schema",
			obj("id", str("i")), obj("id", str("i"), "master_user_secret", unk), obj("id", str("i"))},
		{"lists of equal length merge element by element",
			cty.ListVal([]cty.Value{obj("cidr", str("10.0.0.0/16"), "id", str("r1"))}),
			cty.TupleVal([]cty.Value{obj("cidr", str("10.0.0.0/16"), "id", unk)}),
			cty.ListVal([]cty.Value{obj("cidr", str("10.0.0.0/16"), "id", str("r1"))})},
		{"a known tuple takes our list type",
			cty.ListValEmpty(cty.String),
			cty.TupleVal([]cty.Value{str("subnet-1"), str("subnet-2")}),
			cty.ListVal([]cty.Value{str("subnet-1"), str("subnet-2")})},
		{"lists of other lengths keep ours when the file's is partly unknown",
			cty.ListVal([]cty.Value{str("a")}),
			cty.TupleVal([]cty.Value{str("a"), unk}),
			cty.ListVal([]cty.Value{str("a")})},
		{"a set partly unknown keeps ours",
			cty.SetVal([]cty.Value{str("sg-synth")}),
			cty.TupleVal([]cty.Value{unk}),
			cty.SetVal([]cty.Value{str("sg-synth")})},
		{"a known map takes our map type",
			cty.MapValEmpty(cty.String),
			obj("Name", str("app")),
			cty.MapVal(map[string]cty.Value{"Name": str("app")})},
		{"a known number stays a number for a string attribute it cannot be", cty.UnknownVal(cty.Bool), cty.NumberIntVal(3), cty.NumberIntVal(3)},
		// Terraform sorts a set's elements: a security group's egress
		// blocks come in another order than written, and each must merge
		// with its own (aws-rules 5.1.3: a rule is its protocol, ports and
		// peers together).
		{"set blocks in the file's order merge with the block they describe",
			cty.TupleVal([]cty.Value{
				obj("protocol", str("tcp"), "from_port", cty.NumberIntVal(443), "cidr_blocks", cty.TupleVal([]cty.Value{str("0.0.0.0/0")})),
				obj("protocol", str("udp"), "from_port", cty.NumberIntVal(53), "cidr_blocks", unk),
			}),
			cty.TupleVal([]cty.Value{
				obj("protocol", str("udp"), "from_port", cty.NumberIntVal(53), "cidr_blocks", unk, "description", str("")),
				obj("protocol", str("tcp"), "from_port", cty.NumberIntVal(443), "cidr_blocks", cty.TupleVal([]cty.Value{str("0.0.0.0/0")}), "description", str("")),
			}),
			cty.TupleVal([]cty.Value{
				obj("protocol", str("tcp"), "from_port", cty.NumberIntVal(443), "cidr_blocks", cty.TupleVal([]cty.Value{str("0.0.0.0/0")}), "description", str("")),
				obj("protocol", str("udp"), "from_port", cty.NumberIntVal(53), "cidr_blocks", unk, "description", str("")),
			})},
		{"a set of strings in another order merges element by element",
			cty.ListVal([]cty.Value{str("10.0.2.0/24"), str("10.0.1.0/24")}),
			cty.TupleVal([]cty.Value{str("10.0.1.0/24"), str("10.0.2.0/24")}),
			cty.ListVal([]cty.Value{str("10.0.2.0/24"), str("10.0.1.0/24")})},
		{"an element the file describes otherwise keeps ours",
			cty.TupleVal([]cty.Value{obj("protocol", str("tcp"), "from_port", cty.NumberIntVal(443))}),
			cty.TupleVal([]cty.Value{obj("protocol", str("tcp"), "from_port", cty.NumberIntVal(80), "id", str("r"))}),
			cty.TupleVal([]cty.Value{obj("protocol", str("tcp"), "from_port", cty.NumberIntVal(443))})},
		{"partners found by elimination",
			cty.TupleVal([]cty.Value{obj("port", cty.NumberIntVal(53), "cidr", unk), obj("port", cty.NumberIntVal(443), "cidr", unk), obj("port", unk, "cidr", str("10.0.0.0/8"))}),
			cty.TupleVal([]cty.Value{obj("port", cty.NumberIntVal(443), "cidr", str("10.1.0.0/16")), obj("port", cty.NumberIntVal(53), "cidr", str("10.2.0.0/16")), obj("port", cty.NumberIntVal(22), "cidr", str("10.0.0.0/8"))}),
			cty.TupleVal([]cty.Value{obj("port", cty.NumberIntVal(53), "cidr", str("10.2.0.0/16")), obj("port", cty.NumberIntVal(443), "cidr", str("10.1.0.0/16")), obj("port", cty.NumberIntVal(22), "cidr", str("10.0.0.0/8"))})},
		{"elements whose partners are ambiguous and differ keep ours",
			cty.TupleVal([]cty.Value{obj("port", unk), obj("port", unk), obj("port", cty.NumberIntVal(5))}),
			cty.TupleVal([]cty.Value{obj("port", cty.NumberIntVal(5)), obj("port", cty.NumberIntVal(1)), obj("port", cty.NumberIntVal(2))}),
			cty.TupleVal([]cty.Value{obj("port", unk), obj("port", unk), obj("port", cty.NumberIntVal(5))})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := overlay(tc.ours, tc.theirs)
			if !got.RawEquals(tc.want) {
				t.Errorf("overlay(%#v, %#v)\n = %#v\nwant %#v", tc.ours, tc.theirs, got, tc.want)
			}
		})
	}
}

// TestAddressParts: module instance steps, instance keys and wildcard
// matches of Terraform addresses, with keys holding dots and brackets.
func TestAddressParts(t *testing.T) {
	steps := moduleSteps(`module.a["x.y]"].module.b[2]`)
	if diff := cmp.Diff([]moduleStep{{`module.a`, `["x.y]"]`}, {`module.a["x.y]"].module.b`, "[2]"}}, steps, cmp.AllowUnexported(moduleStep{})); diff != "" {
		t.Errorf("moduleSteps (-want +got):\n%s", diff)
	}
	for _, tc := range []struct{ addr, base, key string }{
		{`aws_vpc.main`, `aws_vpc.main`, ""},
		{`aws_subnet.private[0]`, `aws_subnet.private`, "[0]"},
		{`module.m["a"].aws_subnet.private["b.c[1]"]`, `module.m["a"].aws_subnet.private`, `["b.c[1]"]`},
		{`module.m["a"].aws_vpc.main`, `module.m["a"].aws_vpc.main`, ""},
	} {
		if base, key := splitInstance(tc.addr); base != tc.base || key != tc.key {
			t.Errorf("splitInstance(%s) = %q, %q; want %q, %q", tc.addr, base, key, tc.base, tc.key)
		}
	}
	for _, tc := range []struct {
		wild, addr string
		want       bool
	}{
		{`aws_subnet.private[*]`, `aws_subnet.private["a"]`, true},
		{`aws_subnet.private[*]`, `aws_subnet.private`, false},
		{`aws_subnet.private[*]`, `aws_subnet.private_b[0]`, false},
		{`module.m[*].aws_vpc.main`, `module.m["x]"].aws_vpc.main`, true},
		{`module.m[*].aws_vpc.main`, `module.m[0].aws_vpc.main[0]`, false},
		{`module.m[*].aws_subnet.s[*]`, `module.m[1].aws_subnet.s["a"]`, true},
	} {
		if got := matchesWild(tc.wild, tc.addr); got != tc.want {
			t.Errorf("matchesWild(%s, %s) = %v, want %v", tc.wild, tc.addr, got, tc.want)
		}
	}
	for _, tc := range []struct {
		key  string
		want instKey
		ok   bool
	}{
		{"", instKey{kind: noKey}, true},
		{"[3]", instKey{kind: intKey, index: 3}, true},
		{`["a\"b"]`, instKey{kind: stringKey, key: `a"b`, value: cty.DynamicVal}, true},
		{"[-1]", instKey{kind: intKey, index: -1}, false},
	} {
		got, ok := parseInstKey(tc.key)
		if ok != tc.ok || (ok && (got.kind != tc.want.kind || got.index != tc.want.index || got.key != tc.want.key)) {
			t.Errorf("parseInstKey(%s) = %+v, %v; want %+v, %v", tc.key, got, ok, tc.want, tc.ok)
		}
	}
}

// priorRoot is a root for the mismatch tests: a VPC, subnets per AZ from
// a variable, and a group whose count vpctrace cannot know.
const priorRoot = `
variable "azs" {
  type    = list(string)
  default = ["a", "b"]
}
provider "aws" {
  region = "eu-west-1"
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "private" {
  for_each   = toset(var.azs)
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
data "aws_ssm_parameter" "n" {
  name = "/groups/count"
}
resource "aws_security_group" "extra" {
  count  = tonumber(data.aws_ssm_parameter.n.value)
  vpc_id = aws_vpc.main.id
}
`

// snapshot builds a plan snapshot of instances (address -> values).
func snapshot(dir string, vars map[string]cty.Value, instances map[string]cty.Value) *tfjson.Snapshot {
	s := &tfjson.Snapshot{File: filepath.Join(dir, "plan.json"), Kind: "plan", Instances: map[string]tfjson.Instance{}}
	if vars != nil {
		s.Variables = map[string]tfjson.Variable{}
		for name, v := range vars {
			s.Variables[name] = tfjson.Variable{Value: v, Pos: model.Pos{File: s.File, Line: 1, Column: 50}}
		}
	}
	line := 1
	for _, addr := range sortedKeys(instances) {
		v := instances[addr]
		base, key := splitInstance(addr)
		mode, typ := "managed", base
		if m := moduleSteps(base); len(m) > 0 {
			typ = base[len(m[len(m)-1].call+m[len(m)-1].key)+1:]
		}
		if len(typ) > 5 && typ[:5] == "data." {
			mode, typ = "data", typ[5:]
		}
		typ = typ[:len(typ)-len(filepath.Ext(typ))]
		line++
		s.Instances[addr] = tfjson.Instance{Address: addr, Resource: base, Key: key, Mode: mode, Type: typ, Values: v,
			Pos: model.Pos{File: s.File, Line: line, Column: 1}}
	}
	return s
}

// TestPriorAgreement: how a plan that disagrees with the root is
// reported, and what the evaluator takes from a plan that agrees.
func TestPriorAgreement(t *testing.T) {
	obj := func(kv ...string) cty.Value {
		m := map[string]cty.Value{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = cty.StringVal(kv[i+1])
		}
		return cty.ObjectVal(m)
	}
	vpc := obj("cidr_block", "10.0.0.0/16", "id", "vpc-0feedface")
	sub := obj("cidr_block", "10.0.1.0/24", "vpc_id", "vpc-0feedface")
	param := obj("name", "/groups/count", "value", "2")
	sg := obj("vpc_id", "vpc-0feedface")
	tests := []struct {
		name      string
		vars      []string
		planVars  map[string]cty.Value
		instances map[string]cty.Value
		want      model.Diagnostics
		// wantAddrs are the evaluated instances.
		wantAddrs []string
	}{{
		name: "agrees: the count comes from the parameter the plan read",
		instances: map[string]cty.Value{
			"aws_vpc.main": vpc, `aws_subnet.private["a"]`: sub, `aws_subnet.private["b"]`: sub,
			"data.aws_ssm_parameter.n": param, "aws_security_group.extra[0]": sg, "aws_security_group.extra[1]": sg,
		},
		wantAddrs: []string{"aws_security_group.extra[0]", "aws_security_group.extra[1]", `aws_subnet.private["a"]`, `aws_subnet.private["b"]`, "aws_vpc.main", "data.aws_ssm_parameter.n"},
	}, {
		name: "a count the plan cannot say either: the plan's instances",
		instances: map[string]cty.Value{
			"aws_vpc.main": vpc, `aws_subnet.private["a"]`: sub, `aws_subnet.private["b"]`: sub,
			"data.aws_ssm_parameter.n": obj("name", "/groups/count"), "aws_security_group.extra[0]": sg,
		},
		want: model.Diagnostics{
			{Severity: model.SeverityInfo, Code: codePriorKeys, Source: pos("main.tf", 21, 12),
				Message: "The count of aws_security_group.extra is not known to vpctrace; its 1 instances are taken from plan.json"},
		},
		wantAddrs: []string{"aws_security_group.extra[0]", `aws_subnet.private["a"]`, `aws_subnet.private["b"]`, "aws_vpc.main", "data.aws_ssm_parameter.n"},
	}, {
		name:     "the plan's variables, other instances, a resource missing on each side",
		planVars: map[string]cty.Value{"azs": cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.StringVal("c")}), "old": cty.StringVal("x")},
		instances: map[string]cty.Value{
			`aws_subnet.private["a"]`: sub, `aws_subnet.private["b"]`: sub, "data.aws_ssm_parameter.n": param,
			"aws_security_group.extra[0]": sg, "aws_security_group.extra[1]": sg, "aws_internet_gateway.gw": obj(),
		},
		want: model.Diagnostics{
			{Severity: model.SeverityWarning, Code: codePriorMismatch, Source: pos("main.tf", 9, 1),
				Message: "aws_vpc.main is in the root but not in plan.json (the plan of another version of the configuration?): its values are the configuration's alone"},
			{Severity: model.SeverityWarning, Code: codePriorMismatch, Source: pos("main.tf", 12, 1),
				Message: `aws_subnet.private has instances ["a"] ["c"] in the root but ["a"] ["b"] in plan.json (plan.json:5:1): only instances in both take values from the plan`},
			{Severity: model.SeverityWarning, Code: codePriorMismatch, Source: pos("plan.json", 1, 50),
				Message: `plan.json sets variable "old", which the root does not declare: it is left out`},
			{Severity: model.SeverityInfo, Code: codePriorVariables, Source: pos("plan.json", 1, 50),
				Message: "the root's variables are the ones plan.json was made with (1 values); give --var or --var-file to set them instead"},
			{Severity: model.SeverityWarning, Code: codePriorMismatch, Source: pos("plan.json", 2, 1),
				Message: "plan.json lists aws_internet_gateway.gw, which the root in ROOT does not declare: it is left out"},
		},
		wantAddrs: []string{"aws_security_group.extra[0]", "aws_security_group.extra[1]", `aws_subnet.private["a"]`, `aws_subnet.private["c"]`, "aws_vpc.main", "data.aws_ssm_parameter.n"},
	}, {
		name:     "--var wins over the plan's variables",
		vars:     []string{`azs=["a","b"]`},
		planVars: map[string]cty.Value{"azs": cty.TupleVal([]cty.Value{cty.StringVal("c")})},
		instances: map[string]cty.Value{
			"aws_vpc.main": vpc, `aws_subnet.private["a"]`: sub, `aws_subnet.private["b"]`: sub,
			"data.aws_ssm_parameter.n": param, "aws_security_group.extra[0]": sg, "aws_security_group.extra[1]": sg,
		},
		wantAddrs: []string{"aws_security_group.extra[0]", "aws_security_group.extra[1]", `aws_subnet.private["a"]`, `aws_subnet.private["b"]`, "aws_vpc.main", "data.aws_ssm_parameter.n"},
	}, {
		name: "the configuration sets another value: the plan's wins, with a warning",
		instances: map[string]cty.Value{
			"aws_vpc.main": obj("cidr_block", "10.9.0.0/16", "id", "vpc-0feedface"), `aws_subnet.private["a"]`: sub, `aws_subnet.private["b"]`: sub,
			"data.aws_ssm_parameter.n": param, "aws_security_group.extra[0]": sg, "aws_security_group.extra[1]": sg,
		},
		want: model.Diagnostics{
			{Severity: model.SeverityWarning, Code: codePriorMismatch, Source: pos("main.tf", 10, 3),
				Message: `aws_vpc.main.cidr_block is "10.0.0.0/16" in the configuration but "10.9.0.0/16" in plan.json: the plan's value is used (was the plan made with other variables, or another version of the configuration?)`},
		},
		wantAddrs: []string{"aws_security_group.extra[0]", "aws_security_group.extra[1]", `aws_subnet.private["a"]`, `aws_subnet.private["b"]`, "aws_vpc.main", "data.aws_ssm_parameter.n"},
	}, {
		name:      "a plan of another root",
		instances: map[string]cty.Value{"aws_vpc.other": vpc, "aws_subnet.other": sub},
		want: model.Diagnostics{
			{Severity: model.SeverityWarning, Code: codeUnknownInstances, Source: pos("main.tf", 21, 12),
				Message: "The instances of aws_security_group.extra are not known: its count depends on values vpctrace does not know (known only after apply, or read from AWS); paths through the objects it changes have verdict unknown"},
			{Severity: model.SeverityError, Code: codePriorOtherRoot, Source: pos("plan.json", 2, 1),
				Message: "plan.json was not made from ROOT: none of its 2 resource instances (aws_subnet.other, ...) is declared there; give the plan of this root"},
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeRoot(t, map[string]string{"main.tf": priorRoot})
			snap := snapshot(dir, tc.planVars, tc.instances)
			rs, _, diags := Evaluate(dir, Options{Vars: tc.vars, Prior: snap})
			var got model.Diagnostics
			for _, d := range relDiags(dir, diags) {
				if d.Code != codeDataNotModelled && d.Code != codeUnknownAfterApply {
					got = append(got, d)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			if tc.wantAddrs == nil {
				return
			}
			if diff := cmp.Diff(tc.wantAddrs, addresses(rs)); diff != "" {
				t.Errorf("instances (-want +got):\n%s", diff)
			}
			// The plan's VPC ID wins over the synthesized one, and flows
			// into the subnets' vpc_id through the configuration.
			by := byAddress(rs)
			if _, planned := tc.instances["aws_vpc.main"]; planned {
				checkAttrs(t, by, `aws_subnet.private["a"]`, map[string]any{"vpc_id": "vpc-0feedface"})
			}
		})
	}
}

// TestNormalizedEqual: values the provider stores in another spelling
// are not a disagreement between the configuration and the plan.
func TestNormalizedEqual(t *testing.T) {
	str := cty.StringVal
	tests := []struct {
		name string
		a, b cty.Value
		want bool
	}{
		{"a Route 53 zone name with its final dot", str("example.com."), str("example.com"), true},
		{"a DNS name in another case", str("Internal.Example.COM"), str("internal.example.com"), true},
		{"a protocol by number", str("6"), str("tcp"), true},
		{"all protocols", str("all"), str("-1"), true},
		{"another name", str("example.com"), str("example.org"), false},
		{"another protocol", str("17"), str("tcp"), false},
		{"not strings", cty.NumberIntVal(6), str("tcp"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := normalizedEqual(tc.a, tc.b); got != tc.want {
				t.Errorf("normalizedEqual(%#v, %#v) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
		})
	}
}
