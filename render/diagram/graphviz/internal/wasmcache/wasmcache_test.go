//go:build unix

package wasmcache

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMain undoes this package's init, which points TMPDIR at the user's
// cache folder until render/diagram/graphviz's init restores it.
func TestMain(m *testing.M) {
	Restore()
	os.Exit(m.Run())
}

// TestPrepare checks which folders Prepare accepts, creates and refuses.
func TestPrepare(t *testing.T) {
	me := os.Geteuid()
	mkdir := func(t *testing.T, path string, mode fs.FileMode) {
		t.Helper()
		if err := os.MkdirAll(path, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil { // past the umask
			t.Fatal(err)
		}
	}
	write := func(t *testing.T, path string, mode fs.FileMode) {
		t.Helper()
		if err := os.WriteFile(path, []byte("cached code"), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
	}
	cache := filepath.Join(Sub, "wazero-v1-amd64-linux")
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		uid   int // 0: me
		want  *Problem
	}{
		{"missing: created 0700", func(*testing.T, string) {}, 0, nil},
		{"private", func(t *testing.T, d string) { mkdir(t, d, 0o700) }, 0, nil},
		{"readable by others", func(t *testing.T, d string) { mkdir(t, d, 0o755) }, 0, nil},
		{"a warm cache", func(t *testing.T, d string) {
			mkdir(t, filepath.Join(d, cache), 0o700)
			write(t, filepath.Join(d, cache, "0123abcd"), 0o600)
		}, 0, nil},
		{"writable by others", func(t *testing.T, d string) { mkdir(t, d, 0o777) }, 0,
			&Problem{Reason: Writable, Mode: fs.ModeDir | 0o777}},
		{"writable by the group", func(t *testing.T, d string) { mkdir(t, d, 0o770) }, 0,
			&Problem{Reason: Writable, Mode: fs.ModeDir | 0o770}},
		{"owned by another user", func(t *testing.T, d string) { mkdir(t, d, 0o700) }, me + 1,
			&Problem{Reason: Owner, Mode: fs.ModeDir | 0o700}},
		{"a symbolic link to a private folder", func(t *testing.T, d string) {
			other := d + "-elsewhere"
			mkdir(t, other, 0o700)
			if err := os.Symlink(other, d); err != nil {
				t.Fatal(err)
			}
		}, 0, &Problem{Reason: Symlink}},
		{"a file", func(t *testing.T, d string) { mkdir(t, filepath.Dir(d), 0o700); write(t, d, 0o600) }, 0,
			&Problem{Reason: NotDir, Mode: 0o600}},
		{"go-graphviz folder writable by others", func(t *testing.T, d string) {
			mkdir(t, d, 0o700)
			mkdir(t, filepath.Join(d, Sub), 0o777)
		}, 0, &Problem{Path: Sub, Reason: Writable, Mode: fs.ModeDir | 0o777}},
		{"cache file writable by others", func(t *testing.T, d string) {
			mkdir(t, filepath.Join(d, cache), 0o700)
			write(t, filepath.Join(d, cache, "0123abcd"), 0o666)
		}, 0, &Problem{Path: filepath.Join(cache, "0123abcd"), Reason: Writable, Mode: 0o666}},
		{"cache file a symbolic link", func(t *testing.T, d string) {
			mkdir(t, filepath.Join(d, cache), 0o700)
			if err := os.Symlink("/tmp/go-graphviz/x", filepath.Join(d, cache, "0123abcd")); err != nil {
				t.Fatal(err)
			}
		}, 0, &Problem{Path: filepath.Join(cache, "0123abcd"), Reason: Symlink}},
		{"cache entry a FIFO", func(t *testing.T, d string) {
			mkdir(t, filepath.Join(d, cache), 0o700)
			if err := syscall.Mkfifo(filepath.Join(d, cache, "0123abcd"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, 0, &Problem{Path: filepath.Join(cache, "0123abcd"), Reason: Unusual, Mode: fs.ModeNamedPipe | 0o600}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "home", ".cache", "vpctrace")
			tt.setup(t, dir)
			uid := me
			if tt.uid != 0 {
				uid = tt.uid
			}
			got, err := Prepare(dir, uid)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want != nil {
				w := *want
				w.Path = filepath.Join(dir, w.Path)
				w.Owner, w.User = me, uid
				if w.Reason == Symlink {
					w.Mode = got.Mode // the link's permission bits vary by system
				}
				want = &w
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Prepare (-want +got):\n%s", diff)
			}
			if want == nil {
				fi, err := os.Lstat(dir)
				if err != nil {
					t.Fatal(err)
				}
				if tt.name == "missing: created 0700" && fi.Mode() != fs.ModeDir|0o700 {
					t.Errorf("created %v, want drwx------", fi.Mode())
				}
			}
		})
	}
}

// TestPrepareCannotCreate: a folder that cannot be created is an error
// (no file cache), not a refusal.
func TestPrepareCannotCreate(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Prepare(filepath.Join(file, "vpctrace"), os.Geteuid())
	if p != nil || err == nil {
		t.Errorf("Prepare under a file = %+v, %v; want no problem and an error", p, err)
	}
}
