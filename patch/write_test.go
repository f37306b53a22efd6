package patch

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tree is the files of a directory, by slash path.
type tree map[string]string

func readTree(t *testing.T, dir string) tree {
	t.Helper()
	got := tree{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			got[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func edit(path, old, new string) Edit { return Edit{Path: path, Old: []byte(old), New: []byte(new)} }

func create(path, new string) Edit { return Edit{Path: path, New: []byte(new)} }

// TestWriteContainment: Write never reads or writes outside the root, and
// refuses every edit when one would leave it.
func TestWriteContainment(t *testing.T) {
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, root, outside string)
		edits   []Edit
		wantErr string
	}{
		{"absolute path", nil, []Edit{edit("main.tf", "a\n", "b\n"), create("/tmp/x.tf", "x")}, "absolute path"},
		{"dot-dot path", nil, []Edit{edit("main.tf", "a\n", "b\n"), create("../x.tf", "x")}, `".."`},
		{"dot-dot inside the path", nil, []Edit{edit("main.tf", "a\n", "b\n"), create("mod/../../x.tf", "x")}, `".."`},
		{"unclean path", nil, []Edit{edit("./main.tf", "a\n", "b\n")}, "not clean"},
		{"empty path", nil, []Edit{create("", "x")}, "no file path"},
		{"same file twice", nil, []Edit{edit("main.tf", "a\n", "b\n"), edit("main.tf", "a\n", "c\n")}, "two edits"},
		{"symlinked directory leaves the root", func(t *testing.T, root, outside string) {
			symlink(t, outside, filepath.Join(root, "mod"))
		}, []Edit{edit("main.tf", "a\n", "b\n"), create("mod/x.tf", "x")}, "mod/x.tf"},
		{"symlinked directory leaves the root, file exists there", func(t *testing.T, root, outside string) {
			writeFile(t, filepath.Join(outside, "x.tf"), "a\n")
			symlink(t, outside, filepath.Join(root, "mod"))
		}, []Edit{edit("mod/x.tf", "a\n", "b\n")}, "mod/x.tf"},
		{"symlinked file leaves the root", func(t *testing.T, root, outside string) {
			writeFile(t, filepath.Join(outside, "x.tf"), "a\n")
			symlink(t, filepath.Join(outside, "x.tf"), filepath.Join(root, "x.tf"))
		}, []Edit{edit("x.tf", "a\n", "b\n")}, "x.tf"},
		{"symlinked file inside the root is not written through", func(t *testing.T, root, outside string) {
			symlink(t, "main.tf", filepath.Join(root, "alias.tf"))
		}, []Edit{edit("alias.tf", "a\n", "b\n")}, "symbolic link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := t.TempDir()
			root, outside := filepath.Join(base, "root"), filepath.Join(base, "outside")
			writeFile(t, filepath.Join(root, "main.tf"), "a\n")
			if err := os.MkdirAll(outside, 0o755); err != nil {
				t.Fatal(err)
			}
			if tc.setup != nil {
				tc.setup(t, root, outside)
			}
			wantRoot, wantOutside := readTree(t, root), readTree(t, outside)
			err := Write(root, tc.edits, WriteOptions{Force: true})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Write error = %v, want one containing %q", err, tc.wantErr)
			}
			if d := cmp.Diff(wantRoot, readTree(t, root)); d != "" {
				t.Errorf("the root changed (-before +after):\n%s", d)
			}
			if d := cmp.Diff(wantOutside, readTree(t, outside)); d != "" {
				t.Errorf("outside the root changed (-before +after):\n%s", d)
			}
		})
	}
}

// TestWriteContent: Write refuses a file that is not as it was read, and
// writes every file or none.
func TestWriteContent(t *testing.T) {
	for _, tc := range []struct {
		name    string
		edits   []Edit
		wantErr string // "" for success
		want    tree
	}{
		{"edit and create", []Edit{edit("main.tf", "a\n", "b\n"), create("mod/new.tf", "n\n")}, "",
			tree{"main.tf": "b\n", "other.tf": "o\n", "mod/new.tf": "n\n"}},
		{"stale Old refuses every edit", []Edit{edit("main.tf", "a\n", "b\n"), edit("other.tf", "changed\n", "x\n")},
			"other.tf: the file changed since vpctrace read it", tree{"main.tf": "a\n", "other.tf": "o\n"}},
		{"created file exists", []Edit{edit("main.tf", "a\n", "b\n"), create("other.tf", "x\n")},
			"other.tf: the file to create already exists", tree{"main.tf": "a\n", "other.tf": "o\n"}},
		{"edited file missing", []Edit{edit("gone.tf", "a\n", "b\n")},
			"gone.tf", tree{"main.tf": "a\n", "other.tf": "o\n"}},
		{"no final newline kept", []Edit{edit("main.tf", "a\n", "b")}, "",
			tree{"main.tf": "b", "other.tf": "o\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			writeFile(t, filepath.Join(root, "main.tf"), "a\n")
			writeFile(t, filepath.Join(root, "other.tf"), "o\n")
			err := Write(root, tc.edits, WriteOptions{Force: true})
			if tc.wantErr == "" && err != nil {
				t.Fatalf("Write: %v", err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("Write error = %v, want one containing %q", err, tc.wantErr)
			}
			if d := cmp.Diff(tc.want, readTree(t, root)); d != "" {
				t.Errorf("files (-want +got):\n%s", d)
			}
		})
	}
}

// TestWriteInsideLink: a symbolic link to a directory inside the root is
// followed; the file is written where it points.
func TestWriteInsideLink(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "modules", "net", "main.tf"), "a\n")
	symlink(t, filepath.Join("modules", "net"), filepath.Join(root, "net"))
	if err := Write(root, []Edit{edit("net/main.tf", "a\n", "b\n")}, WriteOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(tree{"modules/net/main.tf": "b\n"}, readTree(t, root)); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
}

// TestWriteKeepsMode: the new content keeps the file's permissions; a new
// file gets 0644.
func TestWriteKeepsMode(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "secret.tf"), "a\n")
	if err := os.Chmod(filepath.Join(root, "secret.tf"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(root, []Edit{edit("secret.tf", "a\n", "b\n"), create("new.tf", "n\n")}, WriteOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	got := map[string]fs.FileMode{}
	for _, name := range []string{"secret.tf", "new.tf"} {
		st, err := os.Stat(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		got[name] = st.Mode().Perm()
	}
	if d := cmp.Diff(map[string]fs.FileMode{"secret.tf": 0o600, "new.tf": 0o644}, got); d != "" {
		t.Errorf("modes (-want +got):\n%s", d)
	}
}

// TestWriteGit: without Force, Write writes only over files git has
// committed, and refuses where it cannot ask git.
func TestWriteGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, tc := range []struct {
		name    string
		repo    bool
		setup   func(t *testing.T, root string)
		edits   []Edit
		force   bool
		wantErr string
	}{
		{"clean file", true, nil, []Edit{edit("main.tf", "a\n", "b\n")}, false, ""},
		{"created file in a clean repo", true, nil, []Edit{create("fix.tf", "f\n")}, false, ""},
		{"uncommitted change", true, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "main.tf"), "dirty\n")
		}, []Edit{edit("main.tf", "dirty\n", "b\n")}, false, "main.tf: has uncommitted changes"},
		{"staged change", true, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "main.tf"), "staged\n")
			run(t, root, "git", "add", "main.tf")
		}, []Edit{edit("main.tf", "staged\n", "b\n")}, false, "main.tf: has uncommitted changes"},
		{"untracked file", true, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "new.tf"), "u\n")
		}, []Edit{edit("new.tf", "u\n", "b\n")}, false, "new.tf: has uncommitted changes"},
		{"ignored file", true, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, ".gitignore"), "*.local.tf\n")
			run(t, root, "git", "add", ".gitignore")
			run(t, root, "git", "commit", "-q", "-m", "ignore")
			writeFile(t, filepath.Join(root, "x.local.tf"), "u\n")
		}, []Edit{edit("x.local.tf", "u\n", "b\n")}, false, "x.local.tf: has uncommitted changes"},
		{"a dirty file elsewhere does not matter", true, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "other.tf"), "dirty\n")
		}, []Edit{edit("main.tf", "a\n", "b\n")}, false, ""},
		{"uncommitted change with force", true, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "main.tf"), "dirty\n")
		}, []Edit{edit("main.tf", "dirty\n", "b\n")}, true, ""},
		{"not a repository", false, nil, []Edit{edit("main.tf", "a\n", "b\n")}, false, "not in a git work tree; commit your changes first, or use --force"},
		{"not a repository with force", false, nil, []Edit{edit("main.tf", "a\n", "b\n")}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			writeFile(t, filepath.Join(root, "main.tf"), "a\n")
			writeFile(t, filepath.Join(root, "other.tf"), "o\n")
			if tc.repo {
				run(t, root, "git", "init", "-q")
				run(t, root, "git", "add", ".")
				run(t, root, "git", "commit", "-q", "-m", "init")
			}
			if tc.setup != nil {
				tc.setup(t, root)
			}
			before := readTree(t, root)
			err := Write(root, tc.edits, WriteOptions{Force: tc.force})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Write error = %v, want one containing %q", err, tc.wantErr)
				}
				if d := cmp.Diff(before, readTree(t, root)); d != "" {
					t.Errorf("a refused Write changed files (-before +after):\n%s", d)
				}
				return
			}
			if err != nil {
				t.Fatalf("Write: %v", err)
			}
			for _, e := range tc.edits {
				if got := readTree(t, root)[e.Path]; got != string(e.New) {
					t.Errorf("%s = %q, want %q", e.Path, got, e.New)
				}
			}
		})
	}
}

// TestWriteNoGit: with no git on PATH, Write refuses unless forced.
func TestWriteNoGit(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "main.tf"), "a\n")
	err := Write(root, []Edit{edit("main.tf", "a\n", "b\n")}, WriteOptions{})
	if want := "git is not installed; commit your changes first, or use --force"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Write error = %v, want one containing %q", err, want)
	}
	if err := Write(root, []Edit{edit("main.tf", "a\n", "b\n")}, WriteOptions{Force: true}); err != nil {
		t.Fatalf("forced Write: %v", err)
	}
}

// TestWriteLeavesNoTemporaryFiles: a refused and a done Write leave only
// the files they were asked to.
func TestWriteLeavesNoTemporaryFiles(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "main.tf"), "a\n")
	if err := Write(root, []Edit{edit("main.tf", "a\n", "b\n"), create("x.tf", "x\n")}, WriteOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(tree{"main.tf": "b\n", "x.tf": "x\n"}, readTree(t, root)); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make a symbolic link: %v", err)
	}
}

func run(t *testing.T, dir string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}
