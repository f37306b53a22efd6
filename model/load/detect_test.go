package load

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/example"
)

const seedRoot = "../../testdata/terraform/seed"

// notPlan is the message for JSON that is not terraform show -json output.
const notPlan = "JSON, but not a plan or non-empty state printed by terraform show -json (an object with format_version, and planned_values or values)"

// unknownKind ends the message for an input no format reads.
const unknownKind = "unknown kind of input; want a scenario file (.yaml or .yml), a Terraform root directory, an account snapshot folder (AWS CLI describe-* output as JSON) or a plan/state JSON file"

// detected is what Open and Detect make of an input: the format's name,
// or the error of the first that fails.
type detected struct {
	Format string
	Stream bool
	Err    string
}

func detectPath(path string, o Options) detected {
	in, err := Open(path, o)
	if err != nil {
		return detected{Err: err.Error()}
	}
	return detectInput(in)
}

func detectInput(in *Input) detected {
	f, err := Detect(in)
	if err != nil {
		return detected{Stream: in.Stream, Err: err.Error()}
	}
	return detected{Format: f.Name, Stream: in.Stream}
}

// inputFiles writes the files of TestDetect to a temporary directory and
// returns it.
func inputFiles(t *testing.T) string {
	t.Helper()
	plan, err := os.ReadFile(filepath.Join(seedRoot, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, content := range map[string]string{
		"seed.yaml":                      string(example.Seed),
		"seed.YML":                       string(example.Seed),
		"plan-as.yaml":                   string(plan), // the name tells: a scenario, which the reader then refuses
		"root/main.tf":                   `resource "aws_vpc" "main" {}`,
		"json-root/main.tf.json":         `{"resource": {"aws_vpc": {"main": {}}}}`,
		"module/README.md":               "no configuration here",
		"plan.json":                      string(plan),
		"tfplan":                         "\ufeff\n  " + string(plan),
		"state.json":                     `{"format_version": "1.0", "values": {"root_module": {}}}`,
		"newer.json":                     `{"format_version": "99.0", "planned_values": {}}`,
		"package.json":                   `{"name": "app", "version": "1.0.0"}`,
		"empty-state.json":               `{"format_version": "1.0"}`,
		"array.json":                     `[{"format_version": "1.0"}]`,
		"cut-short.json":                 string(plan[:len(plan)/2]),
		"empty.json":                     "",
		"notes.txt":                      "hello",
		"section.ini":                    "[default]\nregion = ap-northeast-1\n",
		"braces.txt":                     `{"hello": "world"}`,
		"snapshot/vpcs.json":             `{"Vpcs": []}`,
		"snapshot-meta/snapshot.json":    `{"region": "ap-northeast-1"}`,
		"both/main.tf":                   `resource "aws_vpc" "main" {}`,
		"both/vpcs.json":                 `{"Vpcs": []}`,
		"tf-with-cli-input/main.tf":      `resource "aws_vpc" "main" {}`,
		"tf-with-cli-input/service.json": `{"cluster": "main", "serviceName": "app", "taskDefinition": "app:1"}`,
	} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestDetect checks which format each kind of input goes to (issue 12,
// point 1): a file by its name where the name tells (.yaml, .yml), a
// directory by its *.tf files, anything else by its content, so that a
// .json is a plan only when tfjson.Detect says so.
func TestDetect(t *testing.T) {
	dir := inputFiles(t)
	for _, tt := range []struct {
		name string
		path string // in dir
		opts Options
		want detected
	}{
		{name: "scenario", path: "seed.yaml", want: detected{Format: "scenario"}},
		{name: "scenario, .YML", path: "seed.YML", want: detected{Format: "scenario"}},
		{name: "a .yaml is a scenario whatever it holds", path: "plan-as.yaml", want: detected{Format: "scenario"}},
		{name: "Terraform root", path: "root", want: detected{Format: "terraform"}},
		{name: "Terraform root in JSON syntax", path: "json-root", want: detected{Format: "terraform"}},
		{name: "directory without *.tf files", path: "module",
			want: detected{Err: "DIR/module: no *.tf files: not a Terraform root module; no AWS CLI describe-* output: not an account snapshot"}},
		// Issue 16: an account snapshot folder, told by its content.
		{name: "account snapshot", path: "snapshot", want: detected{Format: "snapshot"}},
		{name: "account snapshot with only snapshot.json", path: "snapshot-meta", want: detected{Format: "snapshot"}},
		{name: "a folder that is both a Terraform root and a snapshot", path: "both",
			want: detected{Err: "DIR/both holds both a Terraform root (*.tf files) and an account snapshot (AWS CLI JSON output): pass --input terraform or --input snapshot"}},
		{name: "a Terraform root with --cli-input-json files is a Terraform root", path: "tf-with-cli-input", want: detected{Format: "terraform"}},
		{name: "plan", path: "plan.json", want: detected{Format: "terraform-json"}},
		{name: "plan without an extension, after a byte order mark", path: "tfplan", want: detected{Format: "terraform-json"}},
		{name: "state", path: "state.json", want: detected{Format: "terraform-json"}},
		// The reader says which format versions it reads.
		{name: "plan of a newer format version", path: "newer.json", want: detected{Format: "terraform-json"}},
		{name: "a .json that is not a plan", path: "package.json", want: detected{Err: "DIR/package.json: " + notPlan}},
		{name: "an empty state", path: "empty-state.json", want: detected{Err: "DIR/empty-state.json: " + notPlan}},
		{name: "a JSON array", path: "array.json", want: detected{Err: "DIR/array.json: " + notPlan}},
		{name: "a file that begins like a JSON array", path: "section.ini", want: detected{Err: "DIR/section.ini: " + unknownKind}},
		// The reader says where the JSON breaks.
		{name: "a plan cut short", path: "cut-short.json", want: detected{Format: "terraform-json"}},
		{name: "an empty .json", path: "empty.json", want: detected{Err: "DIR/empty.json: " + unknownKind}},
		// The reader says why it cannot read it.
		{name: "a plan over the size limit", path: "plan.json", opts: Options{MaxSize: 1024}, want: detected{Format: "terraform-json"}},
		{name: "text", path: "notes.txt", want: detected{Err: "DIR/notes.txt: " + unknownKind}},
		{name: "JSON in a .txt", path: "braces.txt", want: detected{Err: "DIR/braces.txt: " + notPlan}},
		// Issue 15, point 4: vpctrace reads a root, not one of its files.
		{name: "a .tf file", path: "root/main.tf",
			want: detected{Err: "DIR/root/main.tf: a file of a Terraform root module, which vpctrace reads whole: pass its directory, DIR/root"}},
		{name: "a .tf.json file", path: "json-root/main.tf.json",
			want: detected{Err: "DIR/json-root/main.tf.json: a file of a Terraform root module, which vpctrace reads whole: pass its directory, DIR/json-root"}},
		{name: "missing", path: "missing.yaml", want: detected{Err: "DIR/missing.yaml: no such file or directory"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := detectPath(filepath.Join(dir, tt.path), tt.opts)
			got.Err = strings.ReplaceAll(got.Err, dir, "DIR")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestDetectStream checks that a stream's content alone tells its kind:
// a JSON object is a plan or state, or not read at all; anything else is
// a scenario.
func TestDetectStream(t *testing.T) {
	plan, err := os.ReadFile(filepath.Join(seedRoot, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, data string
		want       detected
	}{
		{name: "scenario", data: string(example.Seed), want: detected{Format: "scenario", Stream: true}},
		{name: "scenario after a byte order mark", data: "\ufeff" + string(example.Seed), want: detected{Format: "scenario", Stream: true}},
		{name: "plan after white space", data: "\n  " + string(plan), want: detected{Format: "terraform-json", Stream: true}},
		{name: "plan cut short", data: string(plan[:100]), want: detected{Format: "terraform-json", Stream: true}},
		{name: "JSON that is not a plan", data: "{}", want: detected{Stream: true, Err: "<stdin>: " + notPlan}},
		// A scenario reader's error follows: a scenario is a mapping.
		{name: "a JSON array", data: "[]", want: detected{Format: "scenario", Stream: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := detectInput(Bytes(StdinName, []byte(tt.data)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Bytes (-want +got):\n%s", diff)
			}
			got = detectPath("-", Options{Stdin: strings.NewReader(tt.data)})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("standard input (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOpenStream checks reading standard input and pipes: whole, up to a
// limit, and never an empty stream.
func TestOpenStream(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		got := detectPath("-", Options{Stdin: strings.NewReader("")})
		want := detected{Err: "<stdin>: nothing to read: the stream is empty (a FIFO that no process writes to reads as empty)"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("over the limit", func(t *testing.T) {
		got := detectPath("-", Options{Stdin: strings.NewReader(string(example.Seed)), MaxSize: 100})
		want := detected{Err: "<stdin>: more than 100 bytes, the most vpctrace reads from standard input or a pipe (pass --max-plan-size to read more)"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("pipe", func(t *testing.T) {
		if _, err := os.Stat("/dev/fd"); err != nil {
			t.Skip("no /dev/fd on this system")
		}
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		go func() {
			w.Write(example.Seed)
			w.Close()
		}()
		pipe := fmt.Sprintf("/dev/fd/%d", r.Fd())
		got := detectPath(pipe, Options{})
		if diff := cmp.Diff(detected{Format: "scenario", Stream: true}, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

// TestFormats checks that every registered format is complete, so that
// messages and hints never lack a part.
func TestFormats(t *testing.T) {
	seen := map[string]bool{}
	for i, f := range Formats() {
		if f.Name == "" || f.Want == "" || f.Hint == "" || f.Detect == nil || f.Load == nil {
			t.Errorf("format %d (%q) lacks a name, want, hint, Detect or Load", i, f.Name)
		}
		if seen[f.Name] {
			t.Errorf("two formats are named %q", f.Name)
		}
		seen[f.Name] = true
	}
}

// TestConfigFileRoot checks which paths name a Terraform configuration
// file, and the root directory given for them.
func TestConfigFileRoot(t *testing.T) {
	type root struct {
		Dir string
		OK  bool
	}
	for _, tt := range []struct {
		path string
		want root
	}{
		{"main.tf", root{".", true}},
		{"infra/prod/vpc.tf", root{"infra/prod", true}},
		{"infra/main.tf.json", root{"infra", true}},
		{"infra", root{}},
		{"infra/.hidden.tf", root{}},
		{"plan.json", root{}},
		{"scenario.yaml", root{}},
		{"vars.tfvars", root{}},
		{"-", root{}},
	} {
		dir, ok := ConfigFileRoot(tt.path)
		if diff := cmp.Diff(tt.want, root{dir, ok}); diff != "" {
			t.Errorf("ConfigFileRoot(%q) (-want +got):\n%s", tt.path, diff)
		}
	}
}
