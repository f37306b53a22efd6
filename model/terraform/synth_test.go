package terraform

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// h is the documented H(s, n): the first n hex digits of sha256(s).
func h(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:n]
}

// hUUID is the documented "UUID from sha256(s)": H(s, 32) shaped as a
// version 4 UUID.
func hUUID(s string) string {
	x := h(s, 32)
	return x[:8] + "-" + x[8:12] + "-4" + x[13:16] + "-8" + x[17:20] + "-" + x[20:]
}

// hChars is the documented "n characters from sha256(s)": byte i of the
// hash picks character i of alphabet, modulo its length.
func hChars(s string, n int, alphabet string) string {
	sum, out := sha256.Sum256([]byte(s)), make([]byte, n)
	for i := range out {
		out[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return string(out)
}

// Alphabets of hChars.
const (
	upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	mixedAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

const synthRoot = `provider "aws" {
  region = "ap-northeast-1"
}

resource "aws_vpc" "main" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "ap-northeast-1a"
}

resource "aws_default_security_group" "d" {
  vpc_id = aws_vpc.main.id
}

resource "aws_default_route_table" "d" {
  default_route_table_id = aws_vpc.main.default_route_table_id
}

resource "aws_default_network_acl" "d" {
  default_network_acl_id = aws_vpc.main.default_network_acl_id
}

resource "aws_vpc_endpoint" "ecr_api" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.ap-northeast-1.ecr.api"
  vpc_endpoint_type = "Interface"
  subnet_ids        = [aws_subnet.a.id]
}

resource "aws_instance" "nat" {
  subnet_id = aws_subnet.a.id
}

resource "aws_ecr_repository" "app" {
  name = "app"
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
}

resource "aws_ecs_service" "app" {
  name    = "app"
  cluster = aws_ecs_cluster.main.id
}

resource "aws_secretsmanager_secret" "db" {
  name = "db"
}

resource "aws_ssm_parameter" "p" {
  name = "/app/token"
}

resource "aws_cloudwatch_log_group" "app" {
  name = "/ecs/app"
}

resource "aws_s3_bucket" "env" {
  bucket = "env-files"
}

resource "aws_efs_file_system" "fs" {}

resource "aws_efs_mount_target" "a" {
  file_system_id = aws_efs_file_system.fs.id
  subnet_id      = aws_subnet.a.id
}

resource "aws_iam_role" "exec" {
  name = "exec"
}

resource "aws_route53_zone" "private" {
  name = "example.internal"
}

resource "aws_route53_record" "api" {
  zone_id = aws_route53_zone.private.zone_id
  name    = "api"
  type    = "A"
}

resource "aws_ec2_transit_gateway" "tgw" {}

resource "random_id" "x" {
  byte_length = 4
}
`

// TestSynthesizedAttributes pins the documented formats of synthesized
// attributes: tfmap and golden files rely on them.
func TestSynthesizedAttributes(t *testing.T) {
	dir := writeRoot(t, map[string]string{"main.tf": synthRoot})
	rs, _, diags := evaluateClean(t, dir, Options{})
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	by := byAddress(rs)
	const acct, region = "123456789012", "ap-northeast-1"
	vpc := "vpc-" + h("aws_vpc.main", 17)
	subnet := "subnet-" + h("aws_subnet.a", 17)
	vpce := "vpce-" + h("aws_vpc_endpoint.ecr_api", 17)
	fs := "fs-" + h("aws_efs_file_system.fs", 17)
	zone := goValue(by["aws_route53_zone.private"].Values.GetAttr("zone_id")).(string)
	ipv6 := h("aws_vpc.main#ipv6", 8)
	tests := []struct {
		addr string
		want map[string]any
	}{
		{"aws_vpc.main", map[string]any{
			"id":                        vpc,
			"arn":                       "arn:aws:ec2:" + region + ":" + acct + ":vpc/" + vpc,
			"owner_id":                  acct,
			"main_route_table_id":       "rtb-" + h("aws_vpc.main#main", 17),
			"default_route_table_id":    "rtb-" + h("aws_vpc.main#main", 17),
			"default_network_acl_id":    "acl-" + h("aws_vpc.main#default", 17),
			"default_security_group_id": "sg-" + h("aws_vpc.main#default", 17),
			"ipv6_cidr_block":           "2600:1f" + ipv6[0:2] + ":" + ipv6[2:6] + ":" + ipv6[6:8] + "00::/56",
		}},
		{"aws_subnet.a", map[string]any{"id": subnet, "vpc_id": vpc, "availability_zone_id": "apne1-az4"}},
		{"aws_default_security_group.d", map[string]any{"id": "sg-" + h("aws_vpc.main#default", 17), "name": "default"}},
		{"aws_default_route_table.d", map[string]any{"id": "rtb-" + h("aws_vpc.main#main", 17)}},
		{"aws_default_network_acl.d", map[string]any{"id": "acl-" + h("aws_vpc.main#default", 17)}},
		{"aws_vpc_endpoint.ecr_api", map[string]any{
			"id":                    vpce,
			"network_interface_ids": []any{"eni-" + h("aws_vpc_endpoint.ecr_api#"+subnet, 17)},
			"dns_entry": []any{
				map[string]any{"dns_name": vpce + "-" + h("aws_vpc_endpoint.ecr_api#dns", 8) + ".ecr.api.ap-northeast-1.vpce.amazonaws.com", "hosted_zone_id": "Z" + hChars(region+"#vpce", 13, upperAlnum)},
				map[string]any{"dns_name": vpce + "-" + h("aws_vpc_endpoint.ecr_api#dns", 8) + "-ap-northeast-1a.ecr.api.ap-northeast-1.vpce.amazonaws.com", "hosted_zone_id": "Z" + hChars(region+"#vpce", 13, upperAlnum)},
			},
		}},
		{"aws_instance.nat", map[string]any{
			"id": "i-" + h("aws_instance.nat", 17), "primary_network_interface_id": "eni-" + h("aws_instance.nat#eni", 17),
		}},
		{"aws_ecr_repository.app", map[string]any{
			"id": "app", "registry_id": acct,
			"arn":            "arn:aws:ecr:ap-northeast-1:123456789012:repository/app",
			"repository_url": "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app",
		}},
		{"aws_ecs_cluster.main", map[string]any{
			"id": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/main", "arn": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/main",
		}},
		{"aws_ecs_task_definition.app", map[string]any{
			"id": "app", "revision": int64(1),
			"arn":                  "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app:1",
			"arn_without_revision": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app",
		}},
		{"aws_ecs_service.app", map[string]any{"id": "arn:aws:ecs:ap-northeast-1:123456789012:service/main/app"}},
		{"aws_secretsmanager_secret.db", map[string]any{
			"id":  "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-" + hChars("aws_secretsmanager_secret.db#suffix", 6, mixedAlnum),
			"arn": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-" + hChars("aws_secretsmanager_secret.db#suffix", 6, mixedAlnum),
		}},
		{"aws_ssm_parameter.p", map[string]any{"id": "/app/token", "arn": "arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/token"}},
		{"aws_cloudwatch_log_group.app", map[string]any{"id": "/ecs/app", "arn": "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/app"}},
		{"aws_s3_bucket.env", map[string]any{
			"id": "env-files", "arn": "arn:aws:s3:::env-files", "region": region,
			"bucket_regional_domain_name": "env-files.s3.ap-northeast-1.amazonaws.com",
		}},
		{"aws_efs_file_system.fs", map[string]any{
			"id": fs, "arn": "arn:aws:elasticfilesystem:ap-northeast-1:123456789012:file-system/" + fs,
			"dns_name": fs + ".efs.ap-northeast-1.amazonaws.com",
		}},
		{"aws_efs_mount_target.a", map[string]any{
			"id": "fsmt-" + h("aws_efs_mount_target.a", 17), "availability_zone_name": "ap-northeast-1a",
			"mount_target_dns_name": "ap-northeast-1a." + fs + ".efs.ap-northeast-1.amazonaws.com",
		}},
		{"aws_iam_role.exec", map[string]any{"id": "exec", "arn": "arn:aws:iam::123456789012:role/exec"}},
		{"aws_route53_zone.private", map[string]any{"id": zone, "arn": "arn:aws:route53:::hostedzone/" + zone}},
		{"aws_route53_record.api", map[string]any{"id": zone + "_api_A", "fqdn": "api.example.internal"}},
		{"aws_ec2_transit_gateway.tgw", map[string]any{
			"id":                                 "tgw-" + h("aws_ec2_transit_gateway.tgw", 17),
			"association_default_route_table_id": "tgw-rtb-" + h("aws_ec2_transit_gateway.tgw#default", 17),
			"propagation_default_route_table_id": "tgw-rtb-" + h("aws_ec2_transit_gateway.tgw#default", 17),
		}},
		// Other types get a generic id only.
		{"random_id.x", map[string]any{"id": "random-id-" + h("random_id.x", 17), "hex": "<absent>"}},
	}
	for _, tc := range tests {
		checkAttrs(t, by, tc.addr, tc.want)
	}
	if got := zone; len(got) != 21 || got[0] != 'Z' {
		t.Errorf("zone id %q is not Z + 20 characters", got)
	}
}

// TestSeedRoot evaluates a root in the shape of the seed article's
// example: endpoints for each service over subnets in each AZ.
func TestSeedRoot(t *testing.T) {
	rs, region, diags := evaluateClean(t, filepath.Join("testdata", "basic"), Options{})
	if region != "ap-northeast-1" || len(diags) != 0 {
		t.Fatalf("region %q, diagnostics %v", region, diags)
	}
	by := byAddress(rs)
	subnets := []any{
		goValue(by[`aws_subnet.private["ap-northeast-1a"]`].Values.GetAttr("id")),
		goValue(by[`aws_subnet.private["ap-northeast-1c"]`].Values.GetAttr("id")),
	}
	sg := goValue(by["aws_security_group.endpoint"].Values.GetAttr("id"))
	for _, svc := range []string{"ecr.api", "ecr.dkr", "logs"} {
		addr := `aws_vpc_endpoint.interface["` + svc + `"]`
		want := map[string]any{
			"service_name":       "com.amazonaws.ap-northeast-1." + svc,
			"subnet_ids":         subnets,
			"security_group_ids": []any{sg},
		}
		if diff := cmp.Diff(want, attrs(by[addr], "service_name", "subnet_ids", "security_group_ids")); diff != "" {
			t.Errorf("%s (-want +got):\n%s", addr, diff)
		}
	}
	want := map[string]any{
		`aws_subnet.private["ap-northeast-1a"]`: "10.0.10.0/24",
		`aws_subnet.private["ap-northeast-1c"]`: "10.0.11.0/24",
	}
	for addr, cidr := range want {
		if got := goValue(by[addr].Values.GetAttr("cidr_block")); got != cidr {
			t.Errorf("%s cidr_block = %v, want %v", addr, got, cidr)
		}
	}
	policy := goValue(by["aws_vpc_endpoint.s3"].Values.GetAttr("policy"))
	if policy != `{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow","Principal":"*","Resource":["arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*"]}]}` {
		t.Errorf("jsonencode policy = %v", policy)
	}
}

// TestPolicyDocument compares aws_iam_policy_document with the JSON the
// AWS provider rendered for the same blocks (testdata/policy).
func TestPolicyDocument(t *testing.T) {
	dir := filepath.Join("testdata", "policy")
	rs, _, _ := evaluateClean(t, dir, Options{Region: "ap-northeast-1"})
	data, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]string
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	by := byAddress(rs)
	doc := func(name, attr string) string {
		return goValue(by["data.aws_iam_policy_document."+name].Values.GetAttr(attr)).(string)
	}
	got := map[string]string{
		"p": doc("p", "json"), "pm": doc("p", "minified_json"), "pid": doc("p", "id"),
		"q": doc("q", "json"), "e": doc("e", "json"), "o": doc("o", "json"), "d": doc("d", "json"),
	}
	for k := range want {
		if diff := cmp.Diff(want[k], got[k]); diff != "" {
			t.Errorf("output %s (-provider +vpctrace):\n%s", k, diff)
		}
	}
}
