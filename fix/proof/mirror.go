package proof

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/vpctrace/vpctrace/patch"
)

// mirror makes, under the empty directory tmp, a view of the file system
// in which the directory root holds the files edits give and everything
// else is the real file system: it returns the path of root in that view.
//
// The view repeats root's absolute path under tmp. root's files and
// directories are symbolic links to the real ones, except the files edits
// change and the directories above them, which are real; every other
// entry of each directory above root is a link too, so that a module the
// root calls with "../modules/x" is found where Terraform would find it.
// Nothing outside tmp is written.
func mirror(tmp, root string, edits []patch.Edit) (string, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	abs = filepath.Clean(abs)
	view := filepath.Join(tmp, abs)
	// The directories above root: link every entry but the one on the way
	// to root.
	for dir, child := filepath.Dir(abs), abs; ; dir, child = filepath.Dir(dir), dir {
		if err := linkEntries(dir, filepath.Join(tmp, dir), func(name string) bool { return name == filepath.Base(child) }); err != nil {
			return "", err
		}
		if dir == filepath.Dir(dir) {
			break
		}
	}
	edited := map[string]bool{}
	for _, e := range edits {
		edited[filepath.Clean(filepath.FromSlash(e.Path))] = true
	}
	if err := mirrorDir(abs, view, "", edited); err != nil {
		return "", err
	}
	for _, e := range edits {
		if err := os.WriteFile(filepath.Join(view, filepath.FromSlash(e.Path)), e.New, 0o644); err != nil {
			return "", err
		}
	}
	return view, nil
}

// linkEntries makes dir's entries links in view, but those skip accepts.
func linkEntries(dir, view string, skip func(string) bool) error {
	if err := os.MkdirAll(view, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil // an unreadable directory above root: nothing to link
	}
	for _, e := range entries {
		if skip(e.Name()) {
			continue
		}
		if err := os.Symlink(filepath.Join(dir, e.Name()), filepath.Join(view, e.Name())); err != nil && !os.IsExist(err) {
			return err
		}
	}
	return nil
}

// mirrorDir makes view a copy of the directory dir in which the files are
// links, but those in edited (paths relative to the root, rel being dir's)
// and the directories that lead to them are real.
func mirrorDir(dir, view, rel string, edited map[string]bool) error {
	if err := os.MkdirAll(view, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("reading %s: %w", dir, err)
	}
	for _, e := range entries {
		path := filepath.Join(rel, e.Name())
		switch {
		case edited[path]:
			// Written by mirror.
		case e.IsDir() && leadsTo(path, edited):
			if err := mirrorDir(filepath.Join(dir, e.Name()), filepath.Join(view, e.Name()), path, edited); err != nil {
				return err
			}
		default:
			if err := os.Symlink(filepath.Join(dir, e.Name()), filepath.Join(view, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// leadsTo reports whether some path of edited is under dir.
func leadsTo(dir string, edited map[string]bool) bool {
	prefix := dir + string(filepath.Separator)
	for p := range edited {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}
