//go:build unix

package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
)

// evaluateWithin evaluates a root in a goroutine and fails the test,
// rather than hang, when it does not finish within a generous deadline
// (a FIFO read the wrong way blocks forever).
func evaluateWithin(t *testing.T, dir string, opts Options) model.Diagnostics {
	t.Helper()
	done := make(chan model.Diagnostics, 1)
	go func() {
		_, _, diags := Evaluate(dir, opts)
		done <- diags
	}()
	select {
	case diags := <-done:
		return diags
	case <-time.After(30 * time.Second):
		t.Fatal("evaluation did not finish within 30 s")
		return nil
	}
}

// mkfifo makes a named pipe at name in dir.
func mkfifo(t *testing.T, dir, name string) {
	t.Helper()
	if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
}

// symlink makes name in dir a link to target.
func symlink(t *testing.T, dir, name, target string) {
	t.Helper()
	if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

// sparse makes name in dir a file of size bytes that takes no room.
func sparse(t *testing.T, dir, name string, size int64) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
}

// TestHostileInput covers issue 11, points 2 and 3: input nested deep
// enough to exhaust the stack, and files that are not regular files or
// are too large, each an error diagnostic with its position, in bounded
// time and memory.
func TestHostileInput(t *testing.T) {
	errorAt := func(code string, p model.Pos, msg string) model.Diagnostic {
		return model.Diagnostic{Severity: model.SeverityError, Code: code, Source: p, Message: msg}
	}
	const deep = 100000
	tooDeep := "Nesting too deep: More than 1000 levels of brackets, interpolations, template directives or operators are nested here; vpctrace does not read input nested this deep (parsing it would exhaust the stack)."
	tests := []struct {
		name  string
		files map[string]string
		setup func(t *testing.T, dir string)
		opts  func(dir string) Options
		want  model.Diagnostics
	}{
		// Point 2: nesting.
		{
			name: "100,000 levels of ( in a .tf file",
			files: map[string]string{"provider.tf": provider, "main.tf": "locals {\n  a = " +
				strings.Repeat("(", deep) + "1" + strings.Repeat(")", deep) + "\n}\n"},
			// The outermost level, the locals block, then 999 parentheses.
			want: model.Diagnostics{errorAt(codeSyntax, pos("main.tf", 2, 7+998), tooDeep)},
		},
		{
			name:  "100,000 levels of [ in a .tfvars file",
			files: map[string]string{"provider.tf": provider, "main.tf": "variable \"v\" {\n  default = []\n}\n", "terraform.tfvars": "v = " + strings.Repeat("[", deep) + strings.Repeat("]", deep) + "\n"},
			want:  model.Diagnostics{errorAt(codeSyntax, pos("terraform.tfvars", 1, 5+999), tooDeep)},
		},
		{
			name: "100,000 levels of ${ in a .tf file",
			files: map[string]string{"provider.tf": provider, "main.tf": "locals {\n  a = \"" +
				strings.Repeat("${\"", deep) + strings.Repeat("\"}", deep) + "\"\n}\n"},
			// Each level is an interpolation and a quoted string.
			want: model.Diagnostics{errorAt(codeSyntax, pos("main.tf", 2, 8+3*498+2), tooDeep)},
		},
		{
			name: "100,000 levels of %{if} in a heredoc",
			files: map[string]string{"provider.tf": provider, "main.tf": "locals {\n  a = <<EOT\n" +
				strings.Repeat("%{if true}", deep) + strings.Repeat("%{endif}", deep) + "\nEOT\n}\n"},
			// Each level is the directive's template; the tag itself is
			// one more while it is read.
			want: model.Diagnostics{errorAt(codeSyntax, pos("main.tf", 3, 1+10*997), tooDeep)},
		},
		{
			name: "3,000,000 unary minus signs",
			files: map[string]string{"provider.tf": provider, "main.tf": "locals {\n  a = " +
				strings.Repeat("-", 3000000) + "1\n}\n"},
			want: model.Diagnostics{errorAt(codeSyntax, pos("main.tf", 2, 7+998), tooDeep)},
		},
		{
			name: "a chain of 100,000 conditionals",
			files: map[string]string{"provider.tf": provider, "main.tf": "locals {\n  a = " +
				strings.Repeat("true ? 1 : ", deep) + "1\n}\n"},
			want: model.Diagnostics{errorAt(codeSyntax, pos("main.tf", 2, 7+998*11+5), tooDeep)},
		},
		{
			name: "100,000 levels of [ in a .tf.json file",
			files: map[string]string{"provider.tf": provider, "main.tf.json": `{"locals": {"a": ` +
				strings.Repeat("[", deep) + strings.Repeat("]", deep) + "}}\n"},
			want: model.Diagnostics{errorAt(codeSyntax, pos("main.tf.json", 1, 18+998), tooDeep)},
		},
		{
			name: "100,000 levels of ( in a template of a .tf.json file",
			files: map[string]string{"provider.tf": provider, "main.tf.json": `{"locals": {"a": "${` +
				strings.Repeat("(", deep) + "1" + strings.Repeat(")", deep) + `}"}}` + "\n"},
			want: model.Diagnostics{errorAt(codeSyntax, pos("main.tf.json", 1, 21+996), tooDeep)},
		},
		{
			name: "a type of a .tf.json variable nested 100,000 levels",
			files: map[string]string{"provider.tf": provider, "main.tf.json": `{"variable": {"v": {"default": [], "type": "` +
				strings.Repeat("list(", deep) + "any" + strings.Repeat(")", deep) + `"}}}` + "\n"},
			// The type is read from its opening quote, as other positions
			// in JSON strings are.
			want: model.Diagnostics{errorAt(codeSyntax, pos("main.tf.json", 1, 44+999*5+4), tooDeep)},
		},
		{
			name:  "a --var value nested 100,000 levels",
			files: map[string]string{"provider.tf": provider, "main.tf": "variable \"v\" {\n  type    = list(any)\n  default = []\n}\n"},
			opts: func(string) Options {
				return Options{Vars: []string{"v=" + strings.Repeat("[", deep) + strings.Repeat("]", deep)}}
			},
			want: model.Diagnostics{errorAt(codeInvalidValue, pos("--var v", 1, 1000), tooDeep)},
		},
		{
			name: "a template nested 100,000 levels",
			files: map[string]string{
				"main.tf":  provider + "locals {\n  a = templatefile(\"t.tpl\", {})\n}\n",
				"t.tpl":    "${" + strings.Repeat("(", deep) + "1" + strings.Repeat(")", deep) + "}",
				"other.tf": "",
			},
			want: model.Diagnostics{errorAt(codeFunctionError, pos("main.tf", 3, 7),
				`Error in function call: Call to function "templatefile" failed: t.tpl:1:1001: `+tooDeep)},
		},
		// Point 3: files.
		{
			name:  "main.tf a symbolic link to /dev/zero",
			files: map[string]string{"other.tf": provider},
			setup: func(t *testing.T, dir string) { symlink(t, dir, "main.tf", "/dev/zero") },
			want: model.Diagnostics{errorAt(codeSyntax, model.Pos{File: "main.tf"},
				"Cannot read file: main.tf (a link to /dev/zero) is a device: not a regular file")},
		},
		{
			name:  "main.tf a FIFO",
			files: map[string]string{"other.tf": provider},
			setup: func(t *testing.T, dir string) { mkfifo(t, dir, "main.tf") },
			want: model.Diagnostics{errorAt(codeSyntax, model.Pos{File: "main.tf"},
				"Cannot read file: main.tf is a named pipe (FIFO): not a regular file")},
		},
		{
			name:  "a .tf file larger than 64 MiB",
			files: map[string]string{"other.tf": provider},
			setup: func(t *testing.T, dir string) { sparse(t, dir, "main.tf", 64<<20+1) },
			want: model.Diagnostics{errorAt(codeSyntax, model.Pos{File: "main.tf"},
				"Cannot read file: main.tf is 67108865 bytes, more than 64 MiB, the most vpctrace reads: file too large")},
		},
		{
			name:  "--var-file /dev/urandom",
			files: map[string]string{"main.tf": provider},
			opts:  func(string) Options { return Options{VarFiles: []string{"/dev/urandom"}} },
			want: model.Diagnostics{errorAt(codeVarFile, model.Pos{File: "/dev/urandom"},
				"Cannot read file: /dev/urandom is a device: not a regular file")},
		},
		{
			name:  "--var-file a FIFO",
			files: map[string]string{"main.tf": provider},
			setup: func(t *testing.T, dir string) { mkfifo(t, dir, "fifo.tfvars") },
			opts: func(dir string) Options {
				return Options{VarFiles: []string{filepath.Join(dir, "fifo.tfvars")}}
			},
			want: model.Diagnostics{errorAt(codeVarFile, model.Pos{File: "fifo.tfvars"},
				"Cannot read file: fifo.tfvars is a named pipe (FIFO): not a regular file")},
		},
		{
			name:  "terraform.tfvars a FIFO",
			files: map[string]string{"main.tf": provider},
			setup: func(t *testing.T, dir string) { mkfifo(t, dir, "terraform.tfvars") },
			want: model.Diagnostics{errorAt(codeVarFile, model.Pos{File: "terraform.tfvars"},
				"Cannot read file: terraform.tfvars is a named pipe (FIFO): not a regular file")},
		},
		{
			name: "file, filebase64, filemd5 and templatefile of devices and a FIFO",
			files: map[string]string{"main.tf": provider + `locals {
  a = file("/dev/zero")
  b = filebase64("/dev/urandom")
  c = filemd5("fifo")
  d = templatefile("fifo", {})
  e = filesha256("big")
}
`},
			setup: func(t *testing.T, dir string) {
				mkfifo(t, dir, "fifo")
				sparse(t, dir, "big", 64<<20+1)
			},
			want: model.Diagnostics{
				errorAt(codeFunctionError, pos("main.tf", 3, 7), `Error in function call: Call to function "file" failed: /dev/zero is a device: not a regular file.`),
				errorAt(codeFunctionError, pos("main.tf", 4, 7), `Error in function call: Call to function "filebase64" failed: /dev/urandom is a device: not a regular file.`),
				errorAt(codeFunctionError, pos("main.tf", 5, 7), `Error in function call: Call to function "filemd5" failed: fifo is a named pipe (FIFO): not a regular file.`),
				errorAt(codeFunctionError, pos("main.tf", 6, 7), `Error in function call: Call to function "templatefile" failed: failed to read template: fifo is a named pipe (FIFO): not a regular file.`),
				errorAt(codeFunctionError, pos("main.tf", 7, 7), `Error in function call: Call to function "filesha256" failed: big is 67108865 bytes, more than 64 MiB, the most vpctrace reads: file too large.`),
			},
		},
		{
			name: "fileset outside the root",
			files: map[string]string{"main.tf": provider + `locals {
  a = fileset("/", "**")
  b = fileset("${path.module}/..", "*")
  c = fileset(path.module, "../../*")
  d = fileset(path.module, "*.tf")
}
output "d" {
  value = local.d
}
`},
			want: model.Diagnostics{
				errorAt(codeFunctionError, pos("main.tf", 3, 7), `Error in function call: Call to function "fileset" failed: fileset("/", "**") looks outside the root module's directory ROOT and the directories of the modules it calls: vpctrace lists files only inside them.`),
				errorAt(codeFunctionError, pos("main.tf", 4, 7), `Error in function call: Call to function "fileset" failed: fileset("./..", "*") looks outside the root module's directory ROOT and the directories of the modules it calls: vpctrace lists files only inside them.`),
				errorAt(codeFunctionError, pos("main.tf", 5, 7), `Error in function call: Call to function "fileset" failed: fileset(".", "../../*") looks outside the root module's directory ROOT and the directories of the modules it calls: vpctrace lists files only inside them.`),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeRoot(t, tt.files)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			var opts Options
			if tt.opts != nil {
				opts = tt.opts(dir)
			}
			got := relDiags(dir, evaluateWithin(t, dir, opts).Errors())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFileset checks that fileset lists files inside the root module's
// directory and the directories of the modules it calls, and nowhere
// else, and looks at a bounded number of entries (issue 11, point 3:
// fileset("/", "**") walked the whole filesystem).
func TestFileset(t *testing.T) {
	defer func(n int) { maxFilesetEntries = n }(maxFilesetEntries)
	errorAt := func(p model.Pos, msg string) model.Diagnostic {
		return model.Diagnostic{Severity: model.SeverityError, Code: codeFunctionError, Source: p,
			Message: `Error in function call: Call to function "fileset" failed: ` + msg}
	}
	files := map[string]string{
		"root/provider.tf": provider,
		"root/a.json":      "{}",
		"root/sub/b.json":  "{}",
		"mod/c.json":       "{}",
		"mod/main.tf":      "output \"files\" {\n  value = join(\",\", fileset(path.module, \"*.json\"))\n}\n",
	}
	for i := range 30 {
		files[fmt.Sprintf("root/many/%02d.txt", i)] = ""
	}
	tests := []struct {
		name, expr string
		cap        int // maxFilesetEntries, when set
		want       string
		diags      model.Diagnostics
	}{
		{name: "the root module's directory", expr: `join(",", fileset(path.module, "**/*.json"))`, want: "a.json,sub/b.json"},
		{name: "one level", expr: `join(",", fileset(path.module, "*.json"))`, want: "a.json"},
		{name: "a module's directory outside the root", expr: `module.m.files`, want: "c.json"},
		{name: "a symbolic link inside the root to /", expr: `fileset("${path.module}/up", "*")`, want: unknown,
			diags: model.Diagnostics{errorAt(pos("main.tf", 6, 9), `fileset("./up", "*") looks outside the root module's directory ROOT and the directories of the modules it calls: vpctrace lists files only inside them.`)}},
		{name: "more entries than the cap", expr: `fileset(path.module, "many/*")`, cap: 20, want: unknown,
			diags: model.Diagnostics{errorAt(pos("main.tf", 6, 9), "more than 20 files and directories under many: vpctrace looks at no more; narrow the path or the pattern.")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			maxFilesetEntries = 100000
			if tt.cap > 0 {
				maxFilesetEntries = tt.cap
			}
			root := filepath.Join(writeRoot(t, files), "root")
			symlink(t, root, "up", "/")
			main := "module \"m\" {\n  source = \"../mod\"\n}\nresource \"aws_vpc\" \"x\" {\n  tags = {\n    f = " + tt.expr + "\n  }\n}\n"
			if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte(main), 0o644); err != nil {
				t.Fatal(err)
			}
			rs, _, diags := Evaluate(root, Options{})
			if diff := cmp.Diff(tt.diags, relDiags(root, diags.Errors())); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			by := byAddress(rs)
			got := goValue(by["aws_vpc.x"].Values.GetAttr("tags"))
			if m, ok := got.(map[string]any); ok {
				got = m["f"]
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fileset (-want +got):\n%s", diff)
			}
		})
	}
}
