package graphviz_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/render/diagram"
	"github.com/vpctrace/vpctrace/render/diagram/graphviz"
)

const cacheChildEnv = "VPCTRACE_TEST_DIAGRAM_CACHE_CHILD"

// TestCacheChild is the process TestCachePrivate starts: go-graphviz
// compiles (and caches) Graphviz once per process, in its init, so each
// case needs a fresh process. It draws the seed as SVG and reports.
func TestCacheChild(t *testing.T) {
	if os.Getenv(cacheChildEnv) == "" {
		t.Skip("run by TestCachePrivate")
	}
	_, err := graphviz.Render(context.Background(), seedDOT(t), diagram.FormatSVG)
	fmt.Printf("TMPDIR=%s\nCacheDir=%s\nerr=%v\n", os.Getenv("TMPDIR"), graphviz.CacheDir(), err)
}

// cacheRun is what a TestCacheChild process saw and left behind.
type cacheRun struct {
	Err      string   // the Render error, up to its first ";"
	TMPDIR   string   // TMPDIR in the process after init
	CacheDir string   // graphviz.CacheDir()
	Shared   []string // what is in TMPDIR afterwards
	Private  []string // what is in the private cache folder afterwards
}

// TestCachePrivate checks that go-graphviz's compiled code is never kept
// in, or read from, the shared temporary folder, where another user can
// plant it (issue 11, point 1): it goes to a folder of the user's own,
// which is refused when others could write it.
func TestCachePrivate(t *testing.T) {
	if os.Getenv(cacheChildEnv) != "" {
		t.Skip("in the child")
	}
	squat := func(t *testing.T, dir string) { // what another user would do first
		mkdirMode(t, filepath.Join(dir, "go-graphviz"), 0o777)
	}
	tests := []struct {
		name   string
		setup  func(t *testing.T, tmp, cache string)
		noHome bool
		want   cacheRun
	}{
		{
			name:  "shared folder made first by another user",
			setup: func(t *testing.T, tmp, _ string) { squat(t, tmp) },
			want: cacheRun{
				CacheDir: "CACHE/vpctrace",
				Shared:   []string{"go-graphviz drwxrwxrwx"},
				Private: []string{"go-graphviz drwxr-xr-x", "go-graphviz/WAZERO drwx------",
					"go-graphviz/WAZERO/KEY -rw-------"},
			},
		},
		{
			name: "private folder writable by others",
			setup: func(t *testing.T, tmp, cache string) {
				squat(t, tmp)
				mkdirMode(t, filepath.Join(cache, "vpctrace"), 0o777)
			},
			want: cacheRun{
				Err:    "refusing to use the diagram cache: CACHE/vpctrace can be written by other users (drwxrwxrwx)",
				Shared: []string{"go-graphviz drwxrwxrwx"},
			},
		},
		{
			name:   "no home: compiled in memory",
			setup:  func(t *testing.T, tmp, _ string) { squat(t, tmp) },
			noHome: true,
			want: cacheRun{
				Shared: []string{"go-graphviz drwxrwxrwx"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			tmp, cache := filepath.Join(root, "tmp"), filepath.Join(root, "cache")
			mkdirMode(t, tmp, 0o777)
			tt.setup(t, tmp, cache)
			env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
				return strings.HasPrefix(kv, "TMPDIR=") || strings.HasPrefix(kv, "HOME=") || strings.HasPrefix(kv, "XDG_CACHE_HOME=")
			})
			env = append(env, cacheChildEnv+"=1", "TMPDIR="+tmp)
			if !tt.noHome {
				env = append(env, "XDG_CACHE_HOME="+cache, "HOME="+filepath.Join(root, "home"))
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestCacheChild$", "-test.count=1")
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			got := cacheRun{Shared: tree(t, tmp), Private: tree(t, filepath.Join(cache, "vpctrace"))}
			sc := bufio.NewScanner(bytes.NewReader(out))
			for sc.Scan() {
				k, v, _ := strings.Cut(sc.Text(), "=")
				v = strings.ReplaceAll(v, cache, "CACHE")
				switch k {
				case "TMPDIR":
					got.TMPDIR = v
				case "CacheDir":
					got.CacheDir = v
				case "err":
					if v != "<nil>" {
						got.Err, _, _ = strings.Cut(v, ";")
					}
				}
			}
			tt.want.TMPDIR = tmp // restored for the rest of the program
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\nchild output:\n%s", diff, out)
			}
		})
	}
}

func mkdirMode(t *testing.T, dir string, mode fs.FileMode) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, mode); err != nil { // past the umask
		t.Fatal(err)
	}
}

var (
	wazeroDir = regexp.MustCompile(`^wazero-.+-.+-.+$`)
	cacheKey  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// tree lists what is under dir with modes, the wazero version and cache
// keys replaced by WAZERO and KEY.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var list []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		for i, p := range parts {
			switch {
			case wazeroDir.MatchString(p):
				parts[i] = "WAZERO"
			case cacheKey.MatchString(p):
				parts[i] = "KEY"
			}
		}
		list = append(list, strings.Join(parts, "/")+" "+fi.Mode().String())
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return list
}

// seedDOT is the seed's diagram as DOT, as render/diagram's golden has it.
func seedDOT(t testing.TB) []byte {
	t.Helper()
	dot, err := os.ReadFile(filepath.Join("..", "testdata", "seed.dot"))
	if err != nil {
		t.Fatal(err)
	}
	return dot
}
