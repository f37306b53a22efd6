package terraform

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
)

const provider = "provider \"aws\" { region = \"us-east-1\" }\n"

func TestBadInput(t *testing.T) {
	errorAt := func(code string, p model.Pos, msg string) model.Diagnostic {
		return model.Diagnostic{Severity: model.SeverityError, Code: code, Source: p, Message: msg}
	}
	warningAt := func(code string, p model.Pos, msg string) model.Diagnostic {
		return model.Diagnostic{Severity: model.SeverityWarning, Code: code, Source: p, Message: msg}
	}
	tests := []struct {
		name  string
		files map[string]string
		opts  Options
		want  model.Diagnostics
	}{
		{
			name: "syntax error",
			files: map[string]string{"main.tf": provider + `resource "aws_vpc" "a" {
  cidr_block = "10.0.0.0/16
}
`},
			want: model.Diagnostics{
				errorAt(codeSyntax, pos("main.tf", 3, 28), `Invalid multi-line string: Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \n escape to represent a newline character or use the "heredoc" multi-line template syntax.`),
				errorAt(codeSyntax, pos("main.tf", 3, 28), "Unterminated template string: No closing marker was found for the string."),
				errorAt(codeSyntax, pos("main.tf", 4, 2), `Invalid multi-line string: Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \n escape to represent a newline character or use the "heredoc" multi-line template syntax.`),
			},
		},
		{
			name: "unknown block type",
			files: map[string]string{"main.tf": provider + `resourc "aws_vpc" "a" {}
`},
			want: model.Diagnostics{
				errorAt(codeSyntax, pos("main.tf", 2, 1), `Unsupported block type: Blocks of type "resourc" are not expected here. Did you mean "resource"?`),
			},
		},
		{
			name: "unknown references",
			files: map[string]string{"main.tf": provider + `resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.nope.id
  cidr_block = var.cidr
  tags       = { x = local.missing, y = count.index, z = module.m.x, d = data.aws_vpc.v.id }
}
`},
			want: model.Diagnostics{
				errorAt(codeUnknownRef, pos("main.tf", 3, 16), `Reference to undeclared resource: A managed resource "aws_vpc" "nope" has not been declared in the root module.`),
				errorAt(codeUnknownRef, pos("main.tf", 4, 16), `Reference to undeclared input variable: An input variable with the name "cidr" has not been declared. This variable can be declared with a variable "cidr" {} block.`),
				errorAt(codeUnknownRef, pos("main.tf", 5, 22), `Reference to undeclared local value: A local value with the name "missing" has not been declared.`),
				errorAt(codeUnknownRef, pos("main.tf", 5, 41), `Reference to "count" in non-counted context: The "count" object can only be used in "module", "resource", and "data" blocks, and only when the "count" argument is set.`),
				errorAt(codeUnknownRef, pos("main.tf", 5, 58), `Reference to undeclared module: No module call named "m" is declared in the root module.`),
				errorAt(codeUnknownRef, pos("main.tf", 5, 74), `Reference to undeclared resource: A data resource "aws_vpc" "v" has not been declared in the root module.`),
			},
		},
		{
			name: "cycle",
			files: map[string]string{"main.tf": provider + `resource "aws_security_group" "a" {
  description = aws_security_group.b.id
}
resource "aws_security_group" "b" {
  description = local.x
}
locals {
  x = aws_security_group.a.name
}
`},
			want: model.Diagnostics{
				errorAt(codeCycle, pos("main.tf", 2, 1), "Cycle: aws_security_group.a (main.tf:2:1), aws_security_group.b (main.tf:5:1), local.x (main.tf:9:3)"),
			},
		},
		{
			// Terraform's graph has the module's variable and output as
			// nodes: module.m.var.in -> local.x -> module.m.output.out ->
			// module.m.var.in is a cycle; the call itself is not in it.
			name: "cycle through a module",
			files: map[string]string{
				"main.tf": provider + `module "m" {
  source = "./m"
  in     = local.x
}
locals {
  x = module.m.out
}
`,
				"m/main.tf": `variable "in" {}
output "out" {
  value = var.in
}
`,
			},
			want: model.Diagnostics{
				errorAt(codeCycle, pos("main.tf", 7, 3), "Cycle: local.x (main.tf:7:3), module.m.var.in (m/main.tf:1:1), module.m.output.out (m/main.tf:2:1)"),
			},
		},
		{
			name: "self reference",
			files: map[string]string{"main.tf": provider + `resource "aws_security_group" "a" {
  name        = "x"
  description = aws_security_group.a.name
}
`},
			want: model.Diagnostics{
				errorAt(codeCycle, pos("main.tf", 2, 1), "Self-referential block: Configuration for aws_security_group.a may not refer to itself."),
			},
		},
		{
			name: "missing module directory",
			files: map[string]string{"main.tf": provider + `module "net" {
  source = "./modules/nope"
}
`},
			want: model.Diagnostics{
				errorAt(codeModuleNotFound, pos("main.tf", 3, 12), `Module directory not found: module "net" has source "./modules/nope", but the directory "modules/nope" does not exist`),
			},
		},
		{
			name: "registry module not installed",
			files: map[string]string{"main.tf": provider + `module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
`},
			want: model.Diagnostics{
				errorAt(codeModuleNotInstall, pos("main.tf", 3, 13), `Module not installed: module "vpc" (source "terraform-aws-modules/vpc/aws") is not installed under .terraform/modules; run "terraform init" in ROOT first, vpctrace never downloads modules`),
			},
		},
		{
			name: "variable without value",
			files: map[string]string{"main.tf": `provider "aws" { region = var.region }
variable "region" {
  type = string
}
`},
			want: model.Diagnostics{
				errorAt(codeNoRegion, pos("main.tf", 1, 27), "No region: the aws provider's region is not known; give --region"),
				errorAt(codeMissingVariable, pos("main.tf", 2, 1), `No value for required variable: The root module input variable "region" is not set, and has no default value. Use a --var or --var-file command line argument to provide a value for this variable.`),
			},
		},
		{
			name: "unknown function",
			files: map[string]string{"main.tf": provider + `resource "aws_vpc" "a" {
  cidr_block = frobnicate("10.0.0.0/16")
  tags       = { t = timestamp() }
}
`},
			want: model.Diagnostics{
				errorAt(codeUnsupportedFunc, pos("main.tf", 3, 16), `Call to unknown function: There is no function named "frobnicate"; vpctrace leaves its result unknown`),
				warningAt(codeImpure, pos("main.tf", 4, 22), "timestamp() gives a value known only after apply; vpctrace leaves it unknown"),
			},
		},
		{
			name: "no region",
			files: map[string]string{"main.tf": `resource "aws_vpc" "a" {}
`},
			want: model.Diagnostics{
				errorAt(codeNoRegion, model.Pos{File: "ROOT"}, "No region: the root module configures no aws provider region, and neither --region nor AWS_REGION or AWS_DEFAULT_REGION is set"),
			},
		},
		{
			name:  "region from options",
			files: map[string]string{"main.tf": `resource "aws_vpc" "a" {}` + "\n"},
			opts:  Options{Region: "eu-west-1"},
		},
		{
			name: "duplicates",
			files: map[string]string{"main.tf": provider + `resource "aws_vpc" "a" {}
resource "aws_vpc" "a" {}
variable "x" {
  default = 1
}
variable "x" {}
`},
			want: model.Diagnostics{
				errorAt(codeDuplicate, pos("main.tf", 3, 1), "Duplicate resource: aws_vpc.a was already declared at main.tf:2:1"),
				errorAt(codeDuplicate, pos("main.tf", 7, 1), "Duplicate variable: var.x was already declared at main.tf:4:1"),
			},
		},
		{
			name: "count and for_each",
			files: map[string]string{"main.tf": provider + `resource "aws_vpc" "a" {
  count      = -1
  cidr_block = "10.0.0.0/16"
}
resource "aws_vpc" "b" {
  for_each = ["a"]
}
resource "aws_vpc" "c" {
  count = length(aws_vpc.d.ipv6_cidr_block)
}
resource "aws_vpc" "d" {}
resource "aws_vpc" "e" {
  count    = 1
  for_each = {}
}
`},
			want: model.Diagnostics{
				errorAt(codeInvalidCount, pos("main.tf", 3, 16), `Invalid count argument: The given "count" argument value is unsuitable: must be greater than or equal to zero.`),
				errorAt(codeInvalidForEach, pos("main.tf", 7, 14), `Invalid for_each argument: The given "for_each" argument value is unsuitable: the "for_each" argument must be a map, or set of strings, and you have provided a value of type tuple.`),
				// Not an error: Terraform knows values vpctrace does not
				// (data sources, plan-time attributes).
				warningAt(codeUnknownInstances, pos("main.tf", 10, 11), `The instances of aws_vpc.c are not known: its count depends on values vpctrace does not know (known only after apply, or read from AWS); paths through the objects it changes have verdict unknown`),
				warningAt(codeUnknownAfterApply, pos("main.tf", 10, 18), "aws_vpc.d.ipv6_cidr_block is not set in the configuration and is known only after apply: vpctrace leaves it unknown"),
				errorAt(codeSyntax, pos("main.tf", 15, 3), `Invalid combination of "count" and "for_each": The "count" and "for_each" meta-arguments are mutually-exclusive, only one should be used to be explicit about the number of resources to be created.`),
			},
		},
		{
			name: "bad module arguments",
			files: map[string]string{
				"main.tf": provider + `module "m" {
  source = "./m"
  nope   = 1
}
`,
				"m/main.tf": `variable "needed" {}
`,
			},
			want: model.Diagnostics{
				errorAt(codeMissingVariable, pos("main.tf", 2, 1), `Missing required argument: The argument "needed" is required by module "m", but no definition was found.`),
				errorAt(codeUnknownRef, pos("main.tf", 4, 3), `Unsupported argument: An argument named "nope" is not expected here: module "m" declares no such variable.`),
			},
		},
		{
			name: "module recursion",
			files: map[string]string{"main.tf": provider + `module "self" {
  source = "./"
}
`},
			want: model.Diagnostics{
				errorAt(codeModuleCycle, pos("main.tf", 3, 12), `Module recursion: module "self" (source "./") contains itself`),
			},
		},
		{
			name: "type mismatch and validation",
			files: map[string]string{"main.tf": provider + `variable "n" {
  type    = number
  default = "ten"
}
variable "v" {
  type    = string
  default = "x"
  validation {
    condition     = length(var.v) > 3
    error_message = "v is too short."
  }
}
`},
			want: model.Diagnostics{
				errorAt(codeInvalidValue, pos("main.tf", 4, 13), `Invalid value for input variable: The given value is not suitable for var.n declared at main.tf:2:1: a number is required.`),
				errorAt(codeValidation, pos("main.tf", 10, 21), "Invalid value for variable: v is too short. (var.v)"),
			},
		},
		{
			name: "bad --var",
			files: map[string]string{"main.tf": provider + `variable "l" {
  type = list(string)
}
`},
			opts: Options{Vars: []string{"l=[", "nope=1", "noequals"}},
			want: model.Diagnostics{
				errorAt(codeInvalidValue, pos("--var l", 1, 2), "Missing expression: Expected the start of an expression, but found the end of the file."),
				errorAt(codeVarFile, model.Pos{File: "--var noequals"}, `Invalid --var option: The given --var option "noequals" is not correctly specified. Must be a variable name and value separated by an equals sign, like --var="key=value".`),
				errorAt(codeUndeclaredVar, model.Pos{File: "--var nope=1"}, `Value for undeclared variable: A variable named "nope" was assigned on the command line, but the root module does not declare a variable of that name. To use this value, add a "variable" block to the configuration.`),
				errorAt(codeMissingVariable, pos("main.tf", 2, 1), `No value for required variable: The root module input variable "l" is not set, and has no default value. Use a --var or --var-file command line argument to provide a value for this variable.`),
			},
		},
		{
			// Terraform warns of an undeclared variable in any variable
			// file, -var-file included (checked with terraform 1.11 plan);
			// --var-file and auto files are read by the same code.
			name: "undeclared variable in a variable file: a warning",
			files: map[string]string{"main.tf": provider + `variable "a" {
  default = 1
}
`, "x.auto.tfvars": "a = 2\nzzz = 3\n"},
			want: model.Diagnostics{
				warningAt(codeUndeclaredVar, pos("x.auto.tfvars", 2, 1), `Value for undeclared variable: The root module does not declare a variable named "zzz" but a value was found in file "x.auto.tfvars". To use this value, add a "variable" block to the configuration.`),
			},
		},
		{
			name:  "missing var file",
			files: map[string]string{"main.tf": provider},
			opts:  Options{VarFiles: []string{"does-not-exist.tfvars"}},
			want: model.Diagnostics{
				errorAt(codeVarFile, model.Pos{File: "does-not-exist.tfvars"}, "Cannot read file: stat does-not-exist.tfvars: no such file or directory"),
			},
		},
		{
			name: "unmodelled data source and function error",
			files: map[string]string{"main.tf": provider + `data "aws_vpc" "default" {
  default = true
}
resource "aws_subnet" "a" {
  vpc_id     = data.aws_vpc.default.id
  cidr_block = cidrsubnet("10.0.0.0/16", 40, 1)
}
`},
			want: model.Diagnostics{
				{Severity: model.SeverityInfo, Code: codeDataNotModelled, Source: pos("main.tf", 2, 1), Message: "data.aws_vpc.default is not answered from the root's resources (the root declares no aws_vpc or aws_default_vpc): vpctrace does not read AWS, so its attributes are unknown"},
				errorAt(codeFunctionError, pos("main.tf", 7, 16), `Error in function call: Call to function "cidrsubnet" failed: may not extend prefix by more than 32 bits.`),
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeRoot(t, tc.files)
			_, _, diags := Evaluate(dir, tc.opts)
			got := relDiags(dir, diags)
			for i := range got {
				if got[i].Source.File == dir {
					got[i].Source.File = "ROOT"
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}
