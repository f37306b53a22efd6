package snapshot

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

// loadEC2Case loads the folder testdata/ec2/NAME, with the files of
// testdata/ec2/common unless bare, copied into a folder named NAME, so that
// positions read "NAME/FILE:line:col".
func loadEC2Case(t *testing.T, name string, bare bool) (*model.World, model.Diagnostics) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if !bare {
		copyDir(t, filepath.Join("testdata", "ec2", "common"), dir)
	}
	copyDir(t, filepath.Join("testdata", "ec2", name), dir)
	return Load(dir)
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		out := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
