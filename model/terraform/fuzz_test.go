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
		checkEvaluation(t, writeFiles(t, map[string][]byte{"main.tf": data}), Options{})
	})
}

// writeFiles writes files (path relative to a new temporary root) and
// returns the root.
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkEvaluation evaluates the root in dir twice: Evaluate must not
// panic (nor recover from a panic, which it reports as an internal error),
// every diagnostic must have a code, a message and a position, and the two
// runs must agree.
func checkEvaluation(t *testing.T, dir string, opts Options) {
	t.Helper()
	rs, _, diags := Evaluate(dir, opts)
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
	rs2, _, diags2 := Evaluate(dir, opts)
	if diff := cmp.Diff(diags, diags2); diff != "" {
		t.Errorf("diagnostics differ between two runs (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(addresses(rs), addresses(rs2)); diff != "" {
		t.Errorf("instances differ between two runs (-first +second):\n%s", diff)
	}
}

// inputsRoot declares typed variables and reads a template, for the fuzz
// targets of the files and options a root reads besides its .tf files.
const inputsRoot = provider + `variable "cidr" {
  type    = string
  default = "10.0.0.0/16"
}
variable "azs" {
  type    = list(string)
  default = ["a"]
}
variable "cfg" {
  type = object({ name = string, ports = optional(list(number), [443]) })
  default = { name = "x" }
}
resource "aws_vpc" "main" {
  cidr_block = var.cidr
  tags       = { Name = var.cfg.name }
}
resource "aws_subnet" "s" {
  for_each   = toset(var.azs)
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(var.cidr, 8, 1)
}
locals {
  doc = templatefile("${path.module}/policy.tpl", { name = var.cfg.name, ports = var.cfg.ports })
}
`

// FuzzVarFile writes arbitrary bytes as terraform.tfvars (issue 11,
// point 10).
func FuzzVarFile(f *testing.F) {
	for _, s := range []string{`cidr = "10.1.0.0/16"`, `azs = ["a", "c"]` + "\n" + `cfg = { name = "y", ports = [80] }`, `zzz = 1`, `cidr = [`, "\ufeff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkEvaluation(t, writeFiles(t, map[string][]byte{"main.tf": []byte(inputsRoot), "policy.tpl": []byte("x"), "terraform.tfvars": data}), Options{})
	})
}

// FuzzVarOption gives an arbitrary --var value to each variable kind.
func FuzzVarOption(f *testing.F) {
	for _, s := range []string{"10.1.0.0/16", `["a","c"]`, `{ name = "y" }`, `[`, `${`, ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		dir := writeFiles(t, map[string][]byte{"main.tf": []byte(inputsRoot), "policy.tpl": []byte("x")})
		for _, name := range []string{"cidr", "azs", "cfg"} {
			checkEvaluation(t, dir, Options{Vars: []string{name + "=" + value}})
		}
	})
}

// FuzzTemplate writes arbitrary bytes as the template templatefile reads.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{`{"Statement": [{"Effect": "Allow", "Resource": "${name}"}]}`, `%{ for p in ports }${p}%{ endfor }`, `${`, `%{ if }`, `$${x}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkEvaluation(t, writeFiles(t, map[string][]byte{"main.tf": []byte(inputsRoot), "policy.tpl": data}), Options{})
	})
}

// FuzzJSONConfig writes arbitrary bytes as main.tf.json.
func FuzzJSONConfig(f *testing.F) {
	for _, s := range []string{`{"resource": {"aws_vpc": {"a": {"cidr_block": "10.0.0.0/16"}}}}`,
		`{"variable": {"x": {"type": "list(string)", "default": ["a"]}}, "locals": {"y": "${var.x[0]}"}}`, `{"resource": [`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkEvaluation(t, writeFiles(t, map[string][]byte{"main.tf": []byte(provider), "extra.tf.json": data}), Options{})
	})
}

// FuzzModulesJSON writes arbitrary bytes as the manifest of installed
// modules (.terraform/modules/modules.json) of a root that calls one.
func FuzzModulesJSON(f *testing.F) {
	for _, s := range []string{`{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"net","Source":"registry.terraform.io/x/net/aws","Dir":".terraform/modules/net"}]}`,
		`{"Modules":[{"Key":"net","Dir":"/etc"}]}`, `{"Modules":[{"Key":"net","Dir":"../../.."}]}`, `{"Modules":`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkEvaluation(t, writeFiles(t, map[string][]byte{
			"main.tf":                         []byte(provider + `module "net" { source = "x/net/aws" }`),
			".terraform/modules/net/main.tf":  []byte(`resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }`),
			".terraform/modules/modules.json": data,
		}), Options{})
	})
}

// FuzzPolicyDocument puts arbitrary bytes in the body of an
// aws_iam_policy_document, which the evaluator renders as the provider
// does, and uses the document as an endpoint policy.
func FuzzPolicyDocument(f *testing.F) {
	for _, s := range []string{
		`statement { actions = ["ecr:*"] resources = ["*"] principals { type = "*" identifiers = ["*"] } }`,
		`statement { effect = "Deny" not_actions = ["s3:*"] condition { test = "StringEquals" variable = "aws:SourceVpc" values = ["vpc-1"] } }`,
		`source_policy_documents = ["{}"]`, `statement { effect = "Maybe" }`, `statement {`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		root := provider + "data \"aws_iam_policy_document\" \"d\" {\n" + string(body) + "\n}\n" +
			`resource "aws_vpc_endpoint" "s3" {
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.eu-west-1.s3"
  policy       = data.aws_iam_policy_document.d.json
}
`
		checkEvaluation(t, writeFiles(t, map[string][]byte{"main.tf": []byte(root)}), Options{})
	})
}
