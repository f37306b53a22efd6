package proof

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/patch"
)

// tree is a directory tree as tests write and read it: a path with
// forward slashes, relative to the tree's directory, and the file's
// content, "->TARGET" for a symbolic link, or "/" for a directory.
type tree map[string]string

// write makes t under dir.
func (t tree) write(tb testing.TB, dir string) {
	tb.Helper()
	for _, p := range sortedPaths(t) {
		path := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		var err error
		switch v := t[p]; {
		case v == "/":
			err = os.MkdirAll(path, 0o755)
		case strings.HasPrefix(v, "->"):
			err = os.Symlink(filepath.FromSlash(v[2:]), path)
		default:
			err = os.WriteFile(path, []byte(v), 0o644)
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// sortedPaths returns t's paths, parents first ("a" sorts before "a/b").
func sortedPaths(t tree) []string {
	return slices.Sorted(maps.Keys(t))
}

// listing reads the tree under dir without following links: every
// directory, file (with its content and mode) and link (with its target).
func listing(tb testing.TB, dir string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			out[rel] = "link " + target
		case d.IsDir():
			out[rel] = "dir " + info.Mode().String()
		default:
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out[rel] = "file " + info.Mode().String() + " " + string(data)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// real is the tree the mirror tests read: a Terraform root at envs/prod
// that calls a module outside it and one inside it, a sibling root, and
// scenario files.
var real = tree{
	"envs/prod/main.tf":                  "module \"net\" {\n  source = \"../../modules/net\"\n}\nmodule \"app\" {\n  source = \"./modules/app\"\n}\n",
	"envs/prod/variables.tf":             "variable \"name\" {}\n",
	"envs/prod/modules/app/main.tf":      "resource \"aws_ecs_cluster\" \"main\" {}\n",
	"envs/prod/modules/app/outputs.tf":   "output \"id\" { value = aws_ecs_cluster.main.id }\n",
	"envs/prod/modules/app/files/a.json": "{}\n",
	"envs/prod/policies/s3.json":         "{\"Statement\": []}\n",
	"envs/prod/.terraform/modules/x.tf":  "# downloaded\n",
	"envs/staging/main.tf":               "# staging\n",
	"modules/net/main.tf":                "resource \"aws_vpc\" \"this\" {}\n",
	"modules/net/nested/sub.tf":          "# nested\n",
	"scenarios/app.yaml":                 "region: ap-northeast-1\n",
	"scenarios/other.yaml":               "region: us-east-1\n",
	"scenarios/old/app.yaml":             "region: ap-northeast-1\n",
	"envs/prod/shared":                   "->../../modules",
	"envs/prod/current":                  "->modules/app",
}

// rootDirs are the directories of the roots of real that a view with
// allDirs makes real whatever the edits: all but links and .terraform.
// Without allDirs, only "." is.
var rootDirs = map[string][]string{
	"envs/prod": {".", "modules", "modules/app", "modules/app/files", "policies"},
	"scenarios": {".", "old"},
}

// TestMirror makes views of roots of the tree real with edits, and checks
// that the view of each file holds the edit or, through its link, the
// original, that paths leaving the root resolve as they do outside the
// view, and that nothing outside the temporary directory changes.
func TestMirror(t *testing.T) {
	for _, tc := range []struct {
		name    string
		root    string // in real
		allDirs bool
		edits   []patch.Edit
		// want is what files read through the view hold, relative to
		// the view of the root; those not listed hold what real does.
		want tree
		// regular are the files of the view that are not links, dirs
		// its directories beside those of rootDirs[root] (with allDirs)
		// or "." (without).
		regular, dirs []string
		err           string
	}{
		{
			name:    "an edit of a root file: it is a file of the view, its neighbours are links",
			root:    "envs/prod",
			allDirs: true,
			edits:   []patch.Edit{{Path: "main.tf", Old: []byte(real["envs/prod/main.tf"]), New: []byte("# patched\n")}},
			want:    tree{"main.tf": "# patched\n"},
			regular: []string{"main.tf"},
		},
		{
			name:    "an edit in a subdirectory: the directories above it are real, its neighbours links",
			root:    "envs/prod",
			allDirs: true,
			edits:   []patch.Edit{{Path: "modules/app/main.tf", Old: []byte(real["envs/prod/modules/app/main.tf"]), New: []byte("# patched app\n")}},
			want:    tree{"modules/app/main.tf": "# patched app\n"},
			regular: []string{"modules/app/main.tf"},
		},
		{
			name:    "new files, in the root and in a module directory, beside an edit",
			root:    "envs/prod",
			allDirs: true,
			edits: []patch.Edit{
				{Path: "vpctrace_fix.tf", New: []byte("# new\n")},
				{Path: "modules/app/vpctrace_fix.tf", New: []byte("# new in app\n")},
				{Path: "variables.tf", Old: []byte(real["envs/prod/variables.tf"]), New: []byte("# vars\n")},
			},
			want:    tree{"vpctrace_fix.tf": "# new\n", "modules/app/vpctrace_fix.tf": "# new in app\n", "variables.tf": "# vars\n"},
			regular: []string{"modules/app/vpctrace_fix.tf", "variables.tf", "vpctrace_fix.tf"},
		},
		{
			name:    "a scenario file: its directory is the root, the other scenarios and the directory old are links",
			root:    "scenarios",
			edits:   []patch.Edit{{Path: "app.yaml", Old: []byte(real["scenarios/app.yaml"]), New: []byte("region: eu-west-1\n")}},
			want:    tree{"app.yaml": "region: eu-west-1\n"},
			regular: []string{"app.yaml"},
		},
		{
			name:    "a new file in a directory that does not exist yet",
			root:    "envs/prod",
			allDirs: true,
			edits:   []patch.Edit{{Path: "new/dir/x.tf", New: []byte("# x\n")}},
			want:    tree{"new/dir/x.tf": "# x\n"},
			regular: []string{"new/dir/x.tf"},
			dirs:    []string{"new", "new/dir"},
		},
		{
			name:    "an edit through a link of the root to a directory outside it: written in the view, not through the link",
			root:    "envs/prod",
			allDirs: true,
			edits:   []patch.Edit{{Path: "shared/net/main.tf", Old: []byte(real["modules/net/main.tf"]), New: []byte("# patched net\n")}},
			want:    tree{"shared/net/main.tf": "# patched net\n"},
			regular: []string{"shared/net/main.tf"},
			dirs:    []string{"shared", "shared/net", "shared/net/nested"},
		},
		{
			name:    "an edit through a link of the root to a directory in it",
			root:    "envs/prod",
			allDirs: true,
			edits:   []patch.Edit{{Path: "current/main.tf", Old: []byte(real["envs/prod/modules/app/main.tf"]), New: []byte("# patched current\n")}},
			want:    tree{"current/main.tf": "# patched current\n"},
			regular: []string{"current/main.tf"},
			dirs:    []string{"current", "current/files"},
		},
		{
			name:    "an edit in .terraform, which the view otherwise links whole",
			root:    "envs/prod",
			allDirs: true,
			edits:   []patch.Edit{{Path: ".terraform/modules/x.tf", Old: []byte(real["envs/prod/.terraform/modules/x.tf"]), New: []byte("# patched x\n")}},
			want:    tree{".terraform/modules/x.tf": "# patched x\n"},
			regular: []string{".terraform/modules/x.tf"},
			dirs:    []string{".terraform", ".terraform/modules"},
		},
		{
			name:    "without allDirs only the directories on the way to an edit are real",
			root:    "envs/prod",
			edits:   []patch.Edit{{Path: "modules/app/main.tf", Old: []byte(real["envs/prod/modules/app/main.tf"]), New: []byte("# patched app\n")}},
			want:    tree{"modules/app/main.tf": "# patched app\n"},
			regular: []string{"modules/app/main.tf"},
			dirs:    []string{"modules", "modules/app"},
		},
		{
			name:    "a scenario file in a directory with subdirectories: with allDirs they are real",
			root:    "scenarios",
			allDirs: true,
			edits:   []patch.Edit{{Path: "app.yaml", Old: []byte(real["scenarios/app.yaml"]), New: []byte("region: eu-west-1\n")}},
			want:    tree{"app.yaml": "region: eu-west-1\n"},
			regular: []string{"app.yaml"},
		},
		{
			name:    "an edit whose path leaves the root is refused",
			root:    "envs/prod",
			allDirs: true,
			edits:   []patch.Edit{{Path: "../../modules/net/main.tf", Old: []byte(real["modules/net/main.tf"]), New: []byte("# outside\n")}},
			err:     `"../../modules/net/main.tf" is not a path inside the root`,
		},
		{
			name:    "an absolute path is refused",
			root:    "envs/prod",
			allDirs: true,
			edits:   []patch.Edit{{Path: "/etc/x.tf", New: []byte("# outside\n")}},
			err:     `"/etc/x.tf" is not a path inside the root`,
		},
		{
			name:    "no edits: every entry of the root is a link, its directories real",
			root:    "envs/prod",
			allDirs: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, tmp := t.TempDir(), t.TempDir()
			real.write(t, base)
			before := listing(t, base)
			root := filepath.Join(base, filepath.FromSlash(tc.root))

			view, err := mirror(tmp, root, tc.edits, tc.allDirs)
			if diff := cmp.Diff(before, listing(t, base)); diff != "" {
				t.Errorf("the real tree changed (-before +after):\n%s", diff)
			}
			if gotErr := errString(err); !strings.Contains(gotErr, tc.err) || (tc.err == "") != (err == nil) {
				t.Fatalf("mirror: error %q, want one with %q", gotErr, tc.err)
			}
			if err != nil {
				return
			}
			if want := filepath.Join(tmp, root); view != want {
				t.Errorf("view = %s, want %s", view, want)
			}
			// Every file of the real tree, read through the view: the
			// root's relative to the view, the others as the root's
			// "../../x" reaches them.
			got, want := tree{}, tree{}
			for p, v := range real {
				if v == "/" || strings.HasPrefix(v, "->") {
					continue
				}
				rel, err := filepath.Rel(root, filepath.Join(base, filepath.FromSlash(p)))
				if err != nil {
					t.Fatal(err)
				}
				rel = filepath.ToSlash(rel)
				want[rel] = v
				data, err := os.ReadFile(view + string(filepath.Separator) + filepath.FromSlash(rel))
				if err != nil {
					got[rel] = "error: " + err.Error()
					continue
				}
				got[rel] = string(data)
			}
			for p, v := range tc.want {
				want[p] = v
				if _, ok := got[p]; !ok {
					data, err := os.ReadFile(filepath.Join(view, filepath.FromSlash(p)))
					if err != nil {
						got[p] = "error: " + err.Error()
						continue
					}
					got[p] = string(data)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("files read through the view (-want +got):\n%s", diff)
			}
			var regular, dirs []string
			err = filepath.WalkDir(view, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				rel, err := filepath.Rel(view, path)
				switch {
				case d.IsDir():
					dirs = append(dirs, filepath.ToSlash(rel))
				case d.Type().IsRegular():
					regular = append(regular, filepath.ToSlash(rel))
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.regular, regular); diff != "" {
				t.Errorf("regular files of the view (-want +got):\n%s", diff)
			}
			always := []string{"."}
			if tc.allDirs {
				always = rootDirs[tc.root]
			}
			wantDirs := slices.Sorted(slices.Values(append(tc.dirs, always...)))
			if diff := cmp.Diff(wantDirs, dirs); diff != "" {
				t.Errorf("directories of the view, not links (-want +got):\n%s", diff)
			}
		})
	}
}

// errString is err's message, or "".
func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestMirrorTempInRoot makes the view in a directory inside the root
// (TMPDIR in a Terraform root): the view links that directory instead of
// mirroring the view into itself.
func TestMirrorTempInRoot(t *testing.T) {
	base := t.TempDir()
	real.write(t, base)
	root := filepath.Join(base, "envs", "prod")
	tmp := filepath.Join(root, "tmp", "vpctrace-fix-1")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	edits := []patch.Edit{{Path: "main.tf", Old: []byte(real["envs/prod/main.tf"]), New: []byte("# patched\n")}}
	view, err := mirror(tmp, root, edits, true)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	err = filepath.WalkDir(view, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			rel, _ := filepath.Rel(view, path)
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".", "modules", "modules/app", "modules/app/files", "policies", "tmp"}
	if diff := cmp.Diff(want, dirs); diff != "" {
		t.Errorf("directories of the view, not links (-want +got):\n%s", diff)
	}
	if target, err := os.Readlink(filepath.Join(view, "tmp", "vpctrace-fix-1")); err != nil || target != tmp {
		t.Errorf("the temporary directory in the view: link to %q (%v), want a link to %s", target, err, tmp)
	}
}
