package load

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/example"
)

// loaded sums up what a format's Load gave: the services of the world,
// if any, and the errors ("CODE: MESSAGE").
type loaded struct {
	Format   string
	World    bool
	Services []string
	Errors   []string
}

func loadInput(t *testing.T, in *Input, o Options) loaded {
	t.Helper()
	f, err := Detect(in)
	if err != nil {
		t.Fatal(err)
	}
	w, ds := f.Load(in, o)
	got := loaded{Format: f.Name, World: w != nil}
	if w != nil {
		for _, s := range w.Services {
			got.Services = append(got.Services, s.ID)
		}
	}
	for _, d := range ds.Errors() {
		got.Errors = append(got.Errors, d.Code+": "+d.Message)
	}
	return got
}

// TestLoad reads the seed network in each format, from a file and from a
// stream, and a plan or state given with its root.
func TestLoad(t *testing.T) {
	dir := inputFiles(t)
	plan, err := os.ReadFile(filepath.Join(seedRoot, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	tooLarge := "read-error: cannot read Terraform JSON file: DIR/plan.json is " + strconv.Itoa(len(plan)) +
		" bytes, more than 1 KiB, the most vpctrace reads: file too large (pass --max-plan-size to read more)"
	for _, tt := range []struct {
		name string
		path string // in dir; "-" reads stdin; empty: Bytes(stdin)
		dir  bool   // path is relative to the package
		opts Options
		// stdin is what standard input holds.
		stdin string
		want  loaded
	}{
		{name: "scenario file", path: "seed.yaml", want: loaded{Format: "scenario", World: true, Services: []string{"app"}}},
		{name: "scenario from standard input", path: "-", stdin: string(example.Seed),
			want: loaded{Format: "scenario", World: true, Services: []string{"app"}}},
		{name: "scenario in memory", stdin: string(example.Seed), want: loaded{Format: "scenario", World: true, Services: []string{"app"}}},
		{name: "Terraform root", path: seedRoot, dir: true,
			want: loaded{Format: "terraform", World: true, Services: []string{"aws_ecs_service.app"}}},
		{name: "Terraform root with its plan", path: seedRoot, dir: true, opts: Options{Snapshot: seedRoot + "/plan.json"},
			want: loaded{Format: "terraform", World: true, Services: []string{"aws_ecs_service.app"}}},
		{name: "Terraform root with its plan from standard input", path: seedRoot, dir: true, opts: Options{Snapshot: "-"}, stdin: string(plan),
			want: loaded{Format: "terraform", World: true, Services: []string{"aws_ecs_service.app"}}},
		{name: "Terraform root with a plan that is not there", path: seedRoot, dir: true, opts: Options{Snapshot: "DIR/missing.json"},
			want: loaded{Format: "terraform", Errors: []string{"read-error: cannot read the file: no such file or directory"}}},
		{name: "Terraform root with an empty standard input", path: seedRoot, dir: true, opts: Options{Snapshot: "-"},
			want: loaded{Format: "terraform", Errors: []string{"unreadable-input: cannot read the plan or state: nothing to read: the stream is empty (a FIFO that no process writes to reads as empty)"}}},
		{name: "plan file", path: "plan.json", want: loaded{Format: "terraform-json", World: true, Services: []string{"aws_ecs_service.app"}}},
		{name: "plan from standard input", path: "-", stdin: string(plan),
			want: loaded{Format: "terraform-json", World: true, Services: []string{"aws_ecs_service.app"}}},
		{name: "plan over the size limit", path: "plan.json", opts: Options{MaxSize: 1024},
			want: loaded{Format: "terraform-json", Errors: []string{tooLarge}}},
		{name: "plan cut short", path: "cut-short.json",
			want: loaded{Format: "terraform-json", Errors: []string{"json-syntax: invalid JSON: unexpected end of JSON input"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.path)
			if tt.dir || tt.path == "-" {
				path = tt.path
			}
			tt.opts.Snapshot = strings.ReplaceAll(tt.opts.Snapshot, "DIR", dir)
			tt.opts.Stdin = strings.NewReader(tt.stdin)
			in := Bytes(StdinName, []byte(tt.stdin))
			if tt.path != "" {
				var err error
				if in, err = Open(path, tt.opts); err != nil {
					t.Fatal(err)
				}
			}
			got := loadInput(t, in, tt.opts)
			for i, e := range got.Errors {
				got.Errors[i] = strings.ReplaceAll(e, dir, "DIR")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
