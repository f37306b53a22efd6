package snapshot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain names the files of the test folders relative to the folder's
// parent ("snap/vpcs.json", "common/vpcs.json"), as the expected positions
// of the tests write them, wherever the folder is.
func TestMain(m *testing.M) {
	docPath = func(path, dir string) string {
		if rel, err := filepath.Rel(filepath.Dir(dir), path); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
		return path
	}
	os.Exit(m.Run())
}
