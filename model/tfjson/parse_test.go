package tfjson

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

func TestParseRef(t *testing.T) {
	tests := []struct {
		in   string
		want ref
		ok   bool
	}{
		{"aws_vpc.main.id", ref{kind: refResource, base: "aws_vpc.main"}, true},
		{`aws_subnet.private["a"].id`, ref{kind: refResource, base: "aws_subnet.private", key: `["a"]`}, true},
		{`aws_subnet.private["a.b\"]"]`, ref{kind: refResource, base: "aws_subnet.private", key: `["a.b\"]"]`}, true},
		{"aws_subnet.private[0].ipv6_cidr_blocks[1]", ref{kind: refResource, base: "aws_subnet.private", key: "[0]"}, true},
		{"data.aws_region.current.name", ref{kind: refResource, base: "data.aws_region.current"}, true},
		{"data.aws_region.current", ref{kind: refResource, base: "data.aws_region.current"}, true},
		{"module.net.subnet_ids", ref{kind: refModule, name: "net", output: "subnet_ids"}, true},
		{`module.net["x"]`, ref{kind: refModule, name: "net", key: `["x"]`}, true},
		{"var.vpc_id", ref{kind: refVar, name: "vpc_id"}, true},
		{"each.value.id", ref{kind: refEachValue}, true},
		{"each.key", ref{kind: refIndexKey}, true},
		{"count.index", ref{kind: refIndexKey}, true},
		{"local.azs", ref{kind: refLocal, name: "azs"}, true},
		{"local", ref{}, false},
		{"path.module", ref{kind: refOther}, true},
		{"aws_vpc", ref{}, false},
		{"data.aws_region", ref{}, false},
		{"aws_vpc.", ref{}, false},
		{"aws_vpc..id", ref{}, false},
		{`aws_subnet.private["a`, ref{}, false},
		{`aws_subnet.private[`, ref{}, false},
		{"", ref{}, false},
	}
	for _, tt := range tests {
		got, ok := parseRef(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseRef(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestModuleAddresses(t *testing.T) {
	tests := []struct {
		in, path, parent, key string
	}{
		{"", "", "", ""},
		{"module.a", "module.a", "", ""},
		{`module.a["x"]`, "module.a", "", `["x"]`},
		{`module.a[0].module.b["y.z"]`, "module.a.module.b", "module.a[0]", `["y.z"]`},
	}
	for _, tt := range tests {
		parent, key := parentModule(tt.in)
		got := []string{configPath(tt.in), parent, key}
		if diff := cmp.Diff([]string{tt.path, tt.parent, tt.key}, got); diff != "" {
			t.Errorf("%q: (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		in   string
		want cty.Value
	}{
		{"512", cty.NumberIntVal(512)},
		{"-1.5", cty.NumberFloatVal(-1.5)},
		{"1e3", cty.NumberIntVal(1000)},
		{"1e999999999", cty.PositiveInfinity},
		{"-1e999999999", cty.NegativeInfinity},
		{"1e-999999999", cty.NumberFloatVal(0)},
	}
	for _, tt := range tests {
		if got := number(tt.in); !got.Equals(tt.want).True() {
			t.Errorf("number(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}
