package proof

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/fix"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/patch"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// testdata returns the path of a testdata input of the repository.
func testdata(path string) string {
	return filepath.Join("..", "..", "testdata", filepath.FromSlash(path))
}

// copyTree copies the files of the directory src into dst.
func copyTree(tb testing.TB, src, dst string) {
	tb.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		copyFile(tb, path, out)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// replaceIn replaces every old by new in the file path, which must hold old.
func replaceIn(tb testing.TB, path, old, new string) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		tb.Fatalf("%s does not hold %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(data), old, new)), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// startCalls sums up a report: whether each workload starts, and each of
// its start-phase calls with its verdict.
func startCalls(r sim.Report) []string {
	var out []string
	for _, wl := range r.Workloads {
		out = append(out, fmt.Sprintf("%s starts=%v", wl.Source, wl.Starts))
		for _, c := range wl.Calls {
			if c.Phase == sim.PhaseStart {
				out = append(out, fmt.Sprintf("%s %s %s %s %s", wl.Source, c.Kind, c.Resource, c.Verdict, c.Reason))
			}
		}
	}
	return out
}

// planOf loads in and returns its world and its plan of strategy s.
func planOf(tb testing.TB, in Input, s fix.Strategy) (*model.World, fix.Plan) {
	tb.Helper()
	w, ds, err := Load(in.Path, in.Options)
	if err != nil || w == nil {
		tb.Fatalf("loading %s: %v %v", in.Path, err, ds.Errors())
	}
	for _, p := range fix.Find(w).Plans {
		if p.Strategy == s {
			return w, p
		}
	}
	tb.Fatalf("%s: no plan of strategy %s", in.Path, s)
	return nil, fix.Plan{}
}

// seedWithSTS is the seed scenario with one more endpoint, for STS, that
// has private DNS off and that no workload calls.
func seedWithSTS(tb testing.TB, dir string) Input {
	tb.Helper()
	path := filepath.Join(dir, "scenario.yaml")
	copyFile(tb, testdata("scenarios/seed-secretsmanager-private-dns-off.yaml"), path)
	replaceIn(tb, path, "\nclusters:", `
  sts:
    vpc: main
    service: sts
    type: interface
    private_dns: false
    subnets: [private-a]
    security_groups: [vpc-endpoint]

clusters:`)
	return Input{Path: path, Format: "scenario"}
}

// copyFile copies the file src to dst.
func copyFile(tb testing.TB, src, dst string) {
	tb.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// outsideModule is testdata/terraform/local-module at DIR/envs/prod,
// whose containers take their log configuration from a module outside
// the root, ../../modules/logging.
func outsideModule(tb testing.TB, dir string) Input {
	tb.Helper()
	root := filepath.Join(dir, "envs", "prod")
	copyTree(tb, testdata("terraform/local-module"), root)
	main := filepath.Join(root, "main.tf")
	replaceIn(tb, main, "logConfiguration = local.logging", "logConfiguration = module.logging.config")
	replaceIn(tb, main, "\nresource \"aws_ecs_cluster\"", "\nmodule \"logging\" {\n  source = \"../../modules/logging\"\n}\n\nresource \"aws_ecs_cluster\"")
	logging := filepath.Join(dir, "modules", "logging")
	if err := os.MkdirAll(logging, 0o755); err != nil {
		tb.Fatal(err)
	}
	config := `output "config" {
  value = {
    logDriver = "awslogs"
    options = {
      awslogs-group         = "/ecs/billing"
      awslogs-region        = "ap-northeast-1"
      awslogs-stream-prefix = "ecs"
    }
  }
}
`
	if err := os.WriteFile(filepath.Join(logging, "main.tf"), []byte(config), 0o644); err != nil {
		tb.Fatal(err)
	}
	return Input{Path: root, Format: "terraform"}
}

// filesetRoot is testdata/terraform/local-module with a third service,
// batch, whose task definition is made for each file that fileset lists
// in the root's directory taskdefs.
func filesetRoot(tb testing.TB, dir string) Input {
	tb.Helper()
	copyTree(tb, testdata("terraform/local-module"), dir)
	batch := `resource "aws_ecs_task_definition" "batch" {
  for_each = fileset("${path.module}/taskdefs", "*.json")

  family                   = trimsuffix(each.value, ".json")
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/billing-execution"
  container_definitions    = file("${path.module}/taskdefs/${each.value}")
}

resource "aws_ecs_service" "batch" {
  name            = "batch"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.batch["batch.json"].arn
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = module.network.private_subnet_ids
    security_groups = [aws_security_group.tasks.id]
  }
}
`
	def := `[{"name": "batch", "image": "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/billing/batch:1", "essential": true,
  "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/batch", "awslogs-region": "ap-northeast-1", "awslogs-stream-prefix": "ecs"}}}]
`
	tree{"batch.tf": batch, "taskdefs/batch.json": def}.write(tb, dir)
	return Input{Path: dir, Format: "terraform"}
}

// TestProve proves patches of inputs against their plans: the patch the
// format package writes for the plan, none, one that changes the wrong
// object, one that breaks the input. Every row checks the problems whole,
// the report of the patched input where it is read, that the input's
// files are as they were and that the temporary directory is gone.
func TestProve(t *testing.T) {
	const notReachable = "is reachable in the plan but not when the patched input is read"
	for _, tc := range []struct {
		name     string
		input    func(testing.TB, string) Input
		strategy fix.Strategy
		// edits returns the edits to prove; nil: those Edits writes for
		// the plan.
		edits func(testing.TB, Input, *model.World) []patch.Edit
		want  []string // the problems
		// sameReport: the patched report equals the plan's, start calls.
		sameReport bool
	}{
		{
			name: "aws-rules 3.2.1: the scenario patch that turns private DNS on is proven",
			input: func(tb testing.TB, dir string) Input {
				path := filepath.Join(dir, "seed.yaml")
				copyFile(tb, testdata("scenarios/seed-secretsmanager-private-dns-off.yaml"), path)
				return Input{Path: path, Format: "scenario"}
			},
			strategy:   fix.Endpoints,
			sameReport: true,
		},
		{
			name: "aws-rules 3.2.5, 4.2.4: no edits: the secret call the plan fixes is not reachable, and the workload does not start",
			input: func(tb testing.TB, dir string) Input {
				path := filepath.Join(dir, "seed.yaml")
				copyFile(tb, testdata("scenarios/seed-secretsmanager-private-dns-off.yaml"), path)
				return Input{Path: path, Format: "scenario"}
			},
			strategy: fix.Endpoints,
			edits:    func(testing.TB, Input, *model.World) []patch.Edit { return nil },
			want: []string{
				"workload app starts in the plan but not when the patched input is read",
				"app secret " + notReachable + ": unreachable (NO_ROUTE): ",
			},
		},
		{
			name:     "aws-rules 3.2.5: a patch that turns private DNS on for the wrong endpoint (sts) proves nothing",
			input:    seedWithSTS,
			strategy: fix.Endpoints,
			edits: func(tb testing.TB, in Input, base *model.World) []patch.Edit {
				edits, err := Edits(in, base, []whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: "sts"}})
				if err != nil {
					tb.Fatal(err)
				}
				return edits
			},
			want: []string{
				"workload app starts in the plan but not when the patched input is read",
				"app secret " + notReachable + ": unreachable (NO_ROUTE): ",
			},
		},
		{
			name: "a patch that breaks the YAML: the error names the real file and line",
			input: func(tb testing.TB, dir string) Input {
				path := filepath.Join(dir, "seed.yaml")
				copyFile(tb, testdata("scenarios/seed-secretsmanager-private-dns-off.yaml"), path)
				return Input{Path: path, Format: "scenario"}
			},
			strategy: fix.Endpoints,
			edits: func(tb testing.TB, in Input, _ *model.World) []patch.Edit {
				old, err := os.ReadFile(in.Path)
				if err != nil {
					tb.Fatal(err)
				}
				return []patch.Edit{{Path: filepath.Base(in.Path), Old: old, New: []byte("vpcs: [\n")}}
			},
			want: []string{"the patched input has an error: DIR/seed.yaml:2:1: "},
		},
		{
			name: "a patch that empties the scenario file: the error names the real file",
			input: func(tb testing.TB, dir string) Input {
				path := filepath.Join(dir, "seed.yaml")
				copyFile(tb, testdata("scenarios/seed-secretsmanager-private-dns-off.yaml"), path)
				return Input{Path: path, Format: "scenario"}
			},
			strategy: fix.Endpoints,
			edits: func(tb testing.TB, in Input, _ *model.World) []patch.Edit {
				old, err := os.ReadFile(in.Path)
				if err != nil {
					tb.Fatal(err)
				}
				return []patch.Edit{{Path: filepath.Base(in.Path), Old: old, New: []byte{}}}
			},
			want: []string{"the patched input has an error: DIR/seed.yaml:1:1: "},
		},
		{
			name:     "a patch that breaks the HCL of a module file: each error names the real file",
			input:    outsideModule,
			strategy: fix.Endpoints,
			edits: func(tb testing.TB, in Input, _ *model.World) []patch.Edit {
				return []patch.Edit{{Path: "modules/vpc/vpctrace_fix.tf", New: []byte("resource \"aws_vpc_endpoint\" {\n")}}
			},
			want: []string{
				"the patched input has an error: DIR/envs/prod/modules/vpc/vpctrace_fix.tf:1:29: ",
				"the patched input has an error: DIR/envs/prod/modules/vpc/vpctrace_fix.tf:1:29: ",
			},
		},
		{
			name:     "aws-rules 3.2.5, 4.2.4: no edits of a Terraform root",
			input:    outsideModule,
			strategy: fix.Endpoints,
			edits:    func(testing.TB, Input, *model.World) []patch.Edit { return nil },
			want: []string{
				"workload billing starts in the plan but not when the patched input is read",
				"billing secret " + notReachable + ": unreachable (NO_ROUTE): ",
			},
		},
		{
			name:       "aws-rules 3.2.1, 1.3.1: a Terraform root that calls a module outside it: the endpoint the patch adds in its own module is read, the log configuration from the module outside",
			input:      outsideModule,
			strategy:   fix.Endpoints,
			sameReport: true,
		},
		{
			name:       "aws-rules 3.2.1, 1.3.1: a Terraform root that lists the files of a subdirectory with fileset: the view lists them as the root does",
			input:      filesetRoot,
			strategy:   fix.Endpoints,
			sameReport: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			temp := t.TempDir()
			t.Setenv("TMPDIR", temp)
			dir := t.TempDir()
			in := tc.input(t, dir)
			base, plan := planOf(t, in, tc.strategy)
			var edits []patch.Edit
			if tc.edits != nil {
				edits = tc.edits(t, in, base)
			} else {
				var err error
				if edits, err = Edits(in, base, plan.Changes); err != nil {
					t.Fatal(err)
				}
			}
			before := listing(t, dir)
			got, err := Prove(in, plan, edits)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(before, listing(t, dir)); diff != "" {
				t.Errorf("Prove changed the input (-before +after):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, cutExplanations(got.Problems, dir)); diff != "" {
				t.Errorf("problems (-want +got):\n%s\nin full: %q", diff, got.Problems)
			}
			if got.Proven() != (len(tc.want) == 0) {
				t.Errorf("Proven() = %v with problems %q", got.Proven(), got.Problems)
			}
			if tc.sameReport {
				if diff := cmp.Diff(startCalls(plan.Report), startCalls(got.Report)); diff != "" {
					t.Errorf("start calls of the patched input (-plan +patched):\n%s", diff)
				}
			}
			if left, err := os.ReadDir(temp); err != nil || len(left) > 0 {
				t.Errorf("the temporary directory holds %v after Prove (%v)", left, err)
			}
		})
	}
}

// explanation is what cutExplanations cuts: the explanation after a
// call's verdict and reason, the message after the position of an error.
var explanation = regexp.MustCompile(`^(.*?\): |the patched input has an error: [^:]*(:[0-9]+)*: |the patched input cannot be read: )`)

// cutExplanations cuts each problem after the verdict and reason of its
// call, or the position of its error, and writes dir as DIR: sim's
// explanations and the loaders' messages are theirs to test.
func cutExplanations(problems []string, dir string) []string {
	var out []string
	for _, p := range problems {
		p = strings.ReplaceAll(p, dir, "DIR")
		if m := explanation.FindString(p); m != "" {
			p = m
		}
		out = append(out, p)
	}
	return out
}
