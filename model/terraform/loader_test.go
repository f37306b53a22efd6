//go:build unix

package terraform

import (
	stdcmp "cmp"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
)

// TestLoaderFindings covers issue 11, points 8 and 9: inputs that ended
// with an empty result and no error, and loader messages that named the
// wrong problem or no position. Terraform 1.11 accepts an empty module
// directory, a modules.json entry outside the root and a root of one
// byte order mark (terraform validate: "Success!"), so those are
// warnings that name the problem; it refuses the others.
func TestLoaderFindings(t *testing.T) {
	at := func(sev model.Severity, code string, p model.Pos, msg string) model.Diagnostic {
		return model.Diagnostic{Severity: sev, Code: code, Source: p, Message: msg}
	}
	warning := model.SeverityWarning
	errorSev := model.SeverityError
	registry := "module \"m\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.0.0\"\n}\n"
	manifest := func(dir string) string {
		return `{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"m","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws","Version":"5.0.0","Dir":"` + dir + `"}]}`
	}
	nested := map[string]string{"root/main.tf": "module \"m1\" {\n  source = \"../m1\"\n}\n"}
	for i := 1; i <= 40; i++ {
		nested[fmt.Sprintf("m%d/main.tf", i)] = fmt.Sprintf("module \"m%d\" {\n  source = \"../m%d\"\n}\n", i+1, i+1)
	}
	nested["m41/main.tf"] = "output \"x\" {\n  value = 1\n}\n"
	deepPath := ""
	for i := 1; i <= 32; i++ {
		deepPath += fmt.Sprintf("module.m%d.", i)
	}
	tests := []struct {
		name  string
		root  string            // the root directory; "root" when empty
		files map[string]string // under a temporary directory
		setup func(t *testing.T, dir string)
		want  model.Diagnostics // file names relative to the temporary directory
	}{
		{
			name: "a module source of ../../../../etc",
			root: "a/b/c/d/root",
			files: map[string]string{
				"a/b/c/d/root/main.tf": "module \"m\" {\n  source = \"../../../../etc\"\n}\n",
				"a/etc/passwd":         "root:x:0:0",
			},
			want: model.Diagnostics{
				at(warning, codeEmptyModule, pos("a/b/c/d/root/main.tf", 2, 12), `Empty module: module "m" has source "../../../../etc", the directory a/etc, which holds no .tf or .tf.json files. Terraform accepts such a module, which manages nothing; check the source`),
			},
		},
		{
			name: "a modules.json entry outside the root",
			files: map[string]string{
				"root/main.tf":                         registry,
				"root/.terraform/modules/modules.json": manifest("../outside"),
				"outside/main.tf":                      "output \"x\" {\n  value = 1\n}\n",
			},
			want: model.Diagnostics{
				at(warning, codeModuleOutside, pos("root/main.tf", 2, 13), `Module outside the root: root/.terraform/modules/modules.json gives module "m" (source "terraform-aws-modules/vpc/aws") the directory outside, outside root, where terraform init never installs a module; the manifest was edited or written for another root. Terraform loads it, and so does vpctrace`),
			},
		},
		{
			name: "a modules.json entry outside the root, empty",
			files: map[string]string{
				"root/main.tf":                         registry,
				"root/.terraform/modules/modules.json": manifest("../etc"),
				"etc/passwd":                           "root:x:0:0",
			},
			want: model.Diagnostics{
				at(warning, codeEmptyModule, pos("root/main.tf", 2, 13), `Empty module: module "m" has source "terraform-aws-modules/vpc/aws", the directory etc, which holds no .tf or .tf.json files. Terraform accepts such a module, which manages nothing; check the source`),
				at(warning, codeModuleOutside, pos("root/main.tf", 2, 13), `Module outside the root: root/.terraform/modules/modules.json gives module "m" (source "terraform-aws-modules/vpc/aws") the directory etc, outside root, where terraform init never installs a module; the manifest was edited or written for another root. Terraform loads it, and so does vpctrace`),
			},
		},
		{
			name:  "a root holding only a BOM",
			files: map[string]string{"root/main.tf": "\ufeff"},
			want: model.Diagnostics{
				at(warning, codeEmptyModule, pos("root/main.tf", 1, 1), "Empty configuration: the root module's files (main.tf) declare nothing: no resource, data source, module, variable, local value, output or provider. Terraform accepts it as a configuration that manages nothing; there is nothing to trace"),
			},
		},
		{
			name:  "a root with a BOM before its blocks",
			files: map[string]string{"root/main.tf": "\ufeffresource \"aws_vpc\" \"a\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n"},
		},
		{
			name:  "40 nested distinct modules",
			files: nested,
			want: model.Diagnostics{
				at(errorSev, codeModuleDepth, pos("m32/main.tf", 2, 12), `Modules nested too deep: module "m33" (source "../m33") would be nested 33 levels deep (`+deepPath+`module.m33), and vpctrace reads at most 32 levels of nested modules`),
			},
		},
		{
			name:  "a symbolic link loop as a module source",
			files: map[string]string{"root/main.tf": "module \"m\" {\n  source = \"./loop\"\n}\n"},
			setup: func(t *testing.T, dir string) {
				symlink(t, filepath.Join(dir, "root"), "loop", "other")
				symlink(t, filepath.Join(dir, "root"), "other", "loop")
			},
			want: model.Diagnostics{
				at(errorSev, codeModuleNotFound, pos("root/main.tf", 2, 12), `Module directory not found: module "m" has source "./loop", but the directory "root/loop" is a loop of symbolic links`),
			},
		},
		{
			name:  "a module source that is a file",
			files: map[string]string{"root/main.tf": "module \"m\" {\n  source = \"./m.txt\"\n}\n", "root/m.txt": ""},
			want: model.Diagnostics{
				at(errorSev, codeModuleNotFound, pos("root/main.tf", 2, 12), `Module directory not found: module "m" has source "./m.txt", but "root/m.txt" is not a directory`),
			},
		},
		{
			name: "a malformed modules.json",
			files: map[string]string{
				"root/main.tf":                         registry,
				"root/.terraform/modules/modules.json": "{\"Modules\":[\n  {\"Key\": \"m\" \"Dir\": \"x\"}\n]}",
			},
			want: model.Diagnostics{
				at(errorSev, codeModuleNotInstall, pos("root/.terraform/modules/modules.json", 2, 15), `Invalid module manifest: invalid character '"' after object key:value pair; run "terraform init" again`),
				at(errorSev, codeModuleNotInstall, pos("root/main.tf", 2, 13), `Module not installed: module "m" (source "terraform-aws-modules/vpc/aws") is not installed under root/.terraform/modules; run "terraform init" in root first, vpctrace never downloads modules`),
			},
		},
		{
			name:  "a modules.json that is a FIFO",
			files: map[string]string{"root/main.tf": registry, "root/.terraform/modules/README": ""},
			setup: func(t *testing.T, dir string) {
				mkfifo(t, filepath.Join(dir, "root/.terraform/modules"), "modules.json")
			},
			want: model.Diagnostics{
				at(errorSev, codeModuleNotInstall, model.Pos{File: "root/.terraform/modules/modules.json"}, `Cannot read the module manifest: root/.terraform/modules/modules.json is a named pipe (FIFO): not a regular file`),
				at(errorSev, codeModuleNotInstall, pos("root/main.tf", 2, 13), `Module not installed: module "m" (source "terraform-aws-modules/vpc/aws") is not installed under root/.terraform/modules; run "terraform init" in root first, vpctrace never downloads modules`),
			},
		},
		{
			name: "a modules.json of the wrong shape",
			files: map[string]string{
				"root/main.tf":                         registry,
				"root/.terraform/modules/modules.json": "{\n  \"Modules\": {}\n}",
			},
			want: model.Diagnostics{
				at(errorSev, codeModuleNotInstall, pos("root/.terraform/modules/modules.json", 2, 14), `Invalid module manifest: json: cannot unmarshal object into Go struct field modulesManifest.Modules of type []struct { Key string "json:\"Key\""; Source string "json:\"Source\""; Dir string "json:\"Dir\"" }; run "terraform init" again`),
				at(errorSev, codeModuleNotInstall, pos("root/main.tf", 2, 13), `Module not installed: module "m" (source "terraform-aws-modules/vpc/aws") is not installed under root/.terraform/modules; run "terraform init" in root first, vpctrace never downloads modules`),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeRoot(t, tt.files)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			root := filepath.Join(dir, stdcmp.Or(tt.root, "root"))
			diags := evaluateWithin(t, root, Options{Region: "us-east-1"})
			got := relDiags(dir, diags)
			for i := range got {
				got[i].Message = strings.ReplaceAll(got[i].Message, "ROOT", "")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}
