package terraform

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
)

func TestVariablePrecedence(t *testing.T) {
	dir := filepath.Join("testdata", "vars")
	opts := Options{
		Region:   "eu-west-1",
		VarFiles: []string{filepath.Join(dir, "extra.tfvars")},
		Vars:     []string{"from_var=cli", "ports=[80, 443]", "size=5", "untyped=[1]"},
		// TF_VAR_name is the lowest precedence after the default; names
		// the root does not declare are ignored, as Terraform does.
		Environ: []string{"TF_VAR_from_env=env", "TF_VAR_from_tfvars=env", "TF_VAR_from_var=env",
			`TF_VAR_env_list=["a", "b"]`, "TF_VAR_undeclared=x", "PATH=/bin"},
	}
	rs, _, diags := evaluateClean(t, dir, opts)
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	// Checked against `TF_VAR_... terraform plan -var-file=extra.tfvars -var ...`.
	want := map[string]any{
		"only_default": "default",
		"from_tfvars":  "tfvars",
		"from_auto":    "b.auto.json",
		"from_file":    "extra",
		"from_var":     "cli",
		"from_env":     "env",
		"env_list":     []any{"a", "b"},
		"ports":        []any{int64(80), int64(443)},
		"size":         int64(5),
		"cfg":          map[string]any{"name": "web", "size": int64(2), "tags": map[string]any{}},
		"not_null":     "fallback",
		"untyped":      "[1]",
		"legacy_list":  []any{"a", "b"},
		"legacy_map":   map[string]any{"k": "v"},
	}
	got := goValue(byAddress(rs)["terraform_data.vars"].Values.GetAttr("input"))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("variables (-want +got):\n%s", diff)
	}
}

func TestExpansion(t *testing.T) {
	rs, region, _ := evaluateClean(t, filepath.Join("testdata", "expand"), Options{})
	if region != "eu-west-1" {
		t.Errorf("region = %q", region)
	}
	wantAddrs := []string{
		"aws_eip.nat[0]",
		"aws_nat_gateway.this[0]",
		"aws_route_table.private",
		`aws_route_table_association.all["a"]`,
		`aws_route_table_association.all["b"]`,
		"aws_security_group.app",
		`aws_subnet.this["a"]`,
		`aws_subnet.this["b"]`,
		"aws_vpc.main",
	}
	if diff := cmp.Diff(wantAddrs, addresses(rs)); diff != "" {
		t.Fatalf("addresses (-want +got):\n%s", diff)
	}
	by := byAddress(rs)
	vpcID := goValue(by["aws_vpc.main"].Values.GetAttr("id"))
	subnetA := goValue(by[`aws_subnet.this["a"]`].Values.GetAttr("id"))
	nat := goValue(by["aws_nat_gateway.this[0]"].Values.GetAttr("id"))
	tests := []struct {
		addr string
		want map[string]any
	}{
		{`aws_subnet.this["a"]`, map[string]any{
			"vpc_id": vpcID, "cidr_block": "10.1.0.0/24", "map_public_ip_on_launch": true,
			"tags": map[string]any{"Name": "subnet-a-A"},
		}},
		{`aws_subnet.this["b"]`, map[string]any{
			"vpc_id": vpcID, "cidr_block": "10.1.1.0/24", "map_public_ip_on_launch": false,
			"tags": map[string]any{"Name": "subnet-b-B"},
		}},
		{"aws_nat_gateway.this[0]", map[string]any{
			"allocation_id": goValue(by["aws_eip.nat[0]"].Values.GetAttr("id")), "subnet_id": subnetA,
		}},
		{"aws_route_table.private", map[string]any{
			"vpc_id": vpcID,
			"route":  []any{map[string]any{"cidr_block": "0.0.0.0/0", "nat_gateway_id": nat}},
		}},
		{`aws_route_table_association.all["a"]`, map[string]any{
			"subnet_id": subnetA, "route_table_id": goValue(by["aws_route_table.private"].Values.GetAttr("id")),
		}},
		{"aws_security_group.app", map[string]any{
			"name_prefix": "app-",
			"egress": []any{
				map[string]any{"from_port": int64(443), "to_port": int64(443), "protocol": "tcp", "cidr_blocks": []any{"10.0.0.0/8"}, "description": "rule 0"},
				map[string]any{"from_port": int64(443), "to_port": int64(443), "protocol": "tcp", "cidr_blocks": []any{"172.16.0.0/12"}, "description": "rule 1"},
				map[string]any{"from_port": int64(2049), "to_port": int64(2049), "protocol": "tcp", "cidr_blocks": []any{"10.0.0.0/8"}, "description": "rule 2"},
				map[string]any{"from_port": int64(2049), "to_port": int64(2049), "protocol": "tcp", "cidr_blocks": []any{"172.16.0.0/12"}, "description": "rule 3"},
			},
			"ingress": []any{map[string]any{"from_port": int64(0), "to_port": int64(0), "protocol": "-1", "self": true}},
		}},
	}
	for _, tc := range tests {
		checkAttrs(t, by, tc.addr, tc.want)
	}
	// A name_prefix gives the name "app-" + H(ADDR+"#name", 26).
	if got, want := goValue(by["aws_security_group.app"].Values.GetAttr("name")), "app-"+h("aws_security_group.app#name", 26); got != want {
		t.Errorf("name = %v, want %v", got, want)
	}
}

func TestRefsAndPositions(t *testing.T) {
	rs, _, _ := evaluateClean(t, filepath.Join("testdata", "expand"), Options{})
	by := byAddress(rs)
	file := filepath.Join("testdata", "expand", "main.tf")
	tests := []struct {
		addr    string
		pos     model.Pos
		attrPos map[string]model.Pos
		refs    map[string][]string
	}{
		{
			addr: "aws_nat_gateway.this[0]", pos: pos(file, 51, 1),
			attrPos: map[string]model.Pos{"allocation_id": pos(file, 53, 3), "subnet_id": pos(file, 54, 3)},
			refs:    map[string][]string{"allocation_id": {"aws_eip.nat[0]"}, "subnet_id": {`aws_subnet.this["a"]`}},
		},
		{
			addr: "aws_route_table.private", pos: pos(file, 57, 1),
			attrPos: map[string]model.Pos{"vpc_id": pos(file, 58, 3), "route.0": pos(file, 60, 3)},
			refs:    map[string][]string{"vpc_id": {"aws_vpc.main"}, "route.0": {"aws_nat_gateway.this"}},
		},
		{
			addr: `aws_route_table_association.all["b"]`, pos: pos(file, 98, 1),
			attrPos: map[string]model.Pos{"subnet_id": pos(file, 100, 3), "route_table_id": pos(file, 101, 3)},
			refs:    map[string][]string{"subnet_id": {`aws_subnet.this["b"]`}, "route_table_id": {"aws_route_table.private"}},
		},
	}
	for _, tc := range tests {
		r := by[tc.addr]
		if r.Pos != tc.pos {
			t.Errorf("%s: Pos = %v, want %v", tc.addr, r.Pos, tc.pos)
		}
		if diff := cmp.Diff(tc.attrPos, r.AttrPos); diff != "" {
			t.Errorf("%s: AttrPos (-want +got):\n%s", tc.addr, diff)
		}
		if diff := cmp.Diff(tc.refs, r.Refs); diff != "" {
			t.Errorf("%s: Refs (-want +got):\n%s", tc.addr, diff)
		}
	}
}

func TestModules(t *testing.T) {
	rs, region, _ := evaluateClean(t, filepath.Join("testdata", "modules"), Options{})
	if region != "us-east-1" {
		t.Errorf("region = %q", region)
	}
	wantAddrs := []string{
		"aws_security_group.app",
		`module.endpoint["ecr.api"].aws_security_group.this`,
		`module.endpoint["ecr.api"].aws_vpc_endpoint.this`,
		`module.endpoint["ecr.api"].data.aws_region.here`,
		`module.endpoint["logs"].aws_security_group.this`,
		`module.endpoint["logs"].aws_vpc_endpoint.this`,
		`module.endpoint["logs"].data.aws_region.here`,
		"module.net.aws_subnet.private[0]",
		"module.net.aws_subnet.private[1]",
		"module.net.aws_vpc.this",
		"module.net.data.aws_region.here",
		"module.vpc.aws_vpc.this",
		"module.vpc.module.flow.aws_flow_log.this",
		"module.west[0].aws_subnet.private[0]",
		"module.west[0].aws_vpc.this",
		"module.west[0].data.aws_region.here",
	}
	if diff := cmp.Diff(wantAddrs, addresses(rs)); diff != "" {
		t.Fatalf("addresses (-want +got):\n%s", diff)
	}
	by := byAddress(rs)
	id := func(addr string) any { return goValue(by[addr].Values.GetAttr("id")) }
	netVPC := id("module.net.aws_vpc.this")
	subnets := []any{id("module.net.aws_subnet.private[0]"), id("module.net.aws_subnet.private[1]")}
	tests := []struct {
		addr string
		want map[string]any
	}{
		{"module.net.aws_vpc.this", map[string]any{"cidr_block": "10.0.0.0/16", "tags": map[string]any{"Region": "us-east-1"}}},
		{"module.net.aws_subnet.private[1]", map[string]any{"vpc_id": netVPC, "cidr_block": "10.0.16.0/20", "availability_zone": "us-east-1b"}},
		{`module.endpoint["logs"].aws_vpc_endpoint.this`, map[string]any{
			"vpc_id": netVPC, "subnet_ids": subnets, "service_name": "com.amazonaws.us-east-1.logs",
			"security_group_ids": []any{id(`module.endpoint["logs"].aws_security_group.this`)},
		}},
		{`module.endpoint["ecr.api"].aws_security_group.this`, map[string]any{"name": "endpoint-ecr-api"}},
		// templatefile with path.module inside a module.
		{`module.endpoint["ecr.api"].aws_vpc_endpoint.this`, map[string]any{
			"policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"` + netVPC.(string) + `"}}}]}` + "\n",
		}},
		{"aws_security_group.app", map[string]any{
			"vpc_id": netVPC,
			"egress": []any{map[string]any{
				"from_port": int64(443), "to_port": int64(443), "protocol": "tcp",
				"security_groups": []any{id(`module.endpoint["ecr.api"].aws_security_group.this`), id(`module.endpoint["logs"].aws_security_group.this`)},
			}},
		}},
		// The aliased provider passed with providers = { aws = aws.west }.
		{"module.west[0].aws_vpc.this", map[string]any{"cidr_block": "10.1.0.0/16", "tags": map[string]any{"Region": "us-west-2"}}},
		{"module.west[0].data.aws_region.here", map[string]any{"name": "us-west-2"}},
		// Installed under .terraform/modules, with its own local child.
		{"module.vpc.aws_vpc.this", map[string]any{"cidr_block": "10.99.0.0/16", "tags": map[string]any{"Name": "registry"}}},
		{"module.vpc.module.flow.aws_flow_log.this", map[string]any{"vpc_id": id("module.vpc.aws_vpc.this"), "traffic_type": "ALL"}},
	}
	for _, tc := range tests {
		checkAttrs(t, by, tc.addr, tc.want)
	}
	// References follow module inputs and outputs to the resources.
	refs := by[`module.endpoint["logs"].aws_vpc_endpoint.this`].Refs
	want := map[string][]string{
		"vpc_id":             {"module.net.aws_vpc.this"},
		"policy":             {"module.net.aws_vpc.this"},
		"subnet_ids":         {"module.net.aws_subnet.private"},
		"service_name":       {`module.endpoint["logs"].data.aws_region.here`},
		"security_group_ids": {`module.endpoint["logs"].aws_security_group.this`},
	}
	if diff := cmp.Diff(want, refs); diff != "" {
		t.Errorf("refs (-want +got):\n%s", diff)
	}
	if got := by["module.west[0].aws_vpc.this"].Values.GetAttr("arn").AsString(); got != "arn:aws:ec2:us-west-2:123456789012:vpc/"+id("module.west[0].aws_vpc.this").(string) {
		t.Errorf("west arn = %s", got)
	}
}

func TestDataSources(t *testing.T) {
	rs, _, _ := evaluateClean(t, filepath.Join("testdata", "data"), Options{Account: "111122223333"})
	by := byAddress(rs)
	s3 := "pl-" + h("com.amazonaws.ap-northeast-1.s3", 8)
	tests := []struct {
		addr string
		want map[string]any
	}{
		{"data.aws_region.current", map[string]any{
			"name": "ap-northeast-1", "id": "ap-northeast-1", "region": "ap-northeast-1", "endpoint": "ec2.ap-northeast-1.amazonaws.com",
		}},
		{"data.aws_caller_identity.current", map[string]any{
			"account_id": "111122223333", "id": "111122223333", "arn": "arn:aws:iam::111122223333:user/vpctrace",
		}},
		{"data.aws_partition.current", map[string]any{"partition": "aws", "dns_suffix": "amazonaws.com"}},
		{"data.aws_availability_zones.available", map[string]any{
			"names": []any{"ap-northeast-1a", "ap-northeast-1c"}, "zone_ids": []any{"apne1-az4", "apne1-az1"},
		}},
		{"data.aws_ec2_managed_prefix_list.s3", map[string]any{
			"id": s3, "name": "com.amazonaws.ap-northeast-1.s3", "owner_id": "AWS",
			"arn": "arn:aws:ec2:ap-northeast-1:aws:prefix-list/" + s3,
		}},
		{"data.aws_prefix_list.dynamodb", map[string]any{
			"id": "pl-" + h("com.amazonaws.ap-northeast-1.dynamodb", 8), "name": "com.amazonaws.ap-northeast-1.dynamodb",
		}},
		{"data.aws_vpc_endpoint_service.s3", map[string]any{
			"service_name": "com.amazonaws.ap-northeast-1.s3", "service_type": "Gateway",
			"base_endpoint_dns_names": []any{"s3.ap-northeast-1.vpce.amazonaws.com"},
		}},
		{"data.aws_vpc_endpoint_service.ecr_dkr", map[string]any{
			"service_name": "com.amazonaws.ap-northeast-1.ecr.dkr", "service_type": "Interface",
			"private_dns_name": "*.dkr.ecr.ap-northeast-1.amazonaws.com",
		}},
		// The gateway endpoint's prefix list is the managed list's.
		{"aws_vpc_endpoint.s3", map[string]any{"prefix_list_id": s3, "owner_id": "111122223333"}},
		{"aws_security_group.task", map[string]any{"egress": []any{map[string]any{
			"from_port": int64(443), "to_port": int64(443), "protocol": "tcp", "prefix_list_ids": []any{s3, s3},
		}}}},
	}
	for _, tc := range tests {
		checkAttrs(t, by, tc.addr, tc.want)
	}
}
