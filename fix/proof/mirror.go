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
// The view repeats root's absolute path under tmp. root's files are
// symbolic links to the real ones, except the files edits change, which
// are real, and so are the directories on the way to them. With allDirs
// (a Terraform root) every directory of root is real too, but .git,
// .terraform and links to directories, which are linked whole unless an
// edit lies in them: that keeps fileset working in the view, as it lists
// only directories inside the root once links are resolved, and does not
// walk into links. Every other entry of each directory above root is a
// link, so that a module the root calls with "../modules/x" is found
// where Terraform would find it. Nothing outside tmp is written.
func mirror(tmp, root string, edits []patch.Edit, allDirs bool) (string, error) {
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
	tmpInfo, err := os.Stat(tmp)
	if err != nil {
		return "", err
	}
	l := layout{edited: map[string]bool{}, allDirs: allDirs, tmp: tmpInfo}
	for _, e := range edits {
		name := filepath.FromSlash(e.Path)
		if !filepath.IsLocal(name) {
			return "", fmt.Errorf("%q is not a path inside the root", e.Path)
		}
		l.edited[filepath.Clean(name)] = true
	}
	if err := l.mirrorDir(abs, view, ""); err != nil {
		return "", err
	}
	return view, writeEdits(view, edits)
}

// writeEdits writes edits into the view, making the directories they
// need. It writes through an os.Root, which follows none of the view's
// links out of it: nothing outside the view is written even if an edit
// lies beyond a link.
func writeEdits(view string, edits []patch.Edit) error {
	r, err := os.OpenRoot(view)
	if err != nil {
		return err
	}
	defer r.Close()
	for _, e := range edits {
		name := filepath.FromSlash(e.Path)
		if err := r.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return fmt.Errorf("%s: %w", e.Path, err)
		}
		if err := r.WriteFile(name, e.New, 0o644); err != nil {
			return fmt.Errorf("%s: %w", e.Path, err)
		}
	}
	return nil
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

// layout says which entries of a root the view makes real.
type layout struct {
	// edited holds the paths of the files edited, relative to the root.
	edited map[string]bool
	// allDirs: every directory but those wholeDir names is real.
	allDirs bool
	// tmp is the directory the view is made in: when it lies in the
	// root (TMPDIR inside it), it is linked, not mirrored into itself.
	tmp os.FileInfo
}

// mirrorDir makes view a copy of the directory dir (rel relative to the
// root) in which the files are links, but the edited ones, and the
// directories are links, but those on the way to an edit and, with
// allDirs, those wholeDir does not name.
func (l layout) mirrorDir(dir, view, rel string) error {
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
		case l.edited[path]:
			// Written by mirror.
		case l.allDirs && e.IsDir() && !wholeDir[e.Name()] && !l.isTmp(e),
			leadsTo(path, l.edited) && isDir(filepath.Join(dir, e.Name())):
			// A link to a directory, or .git, is mirrored too when an
			// edit lies in it: the edit is written in the view, never
			// through the link.
			if err := l.mirrorDir(filepath.Join(dir, e.Name()), filepath.Join(view, e.Name()), path); err != nil {
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

// isTmp reports whether e is the directory the view is made in.
func (l layout) isTmp(e os.DirEntry) bool {
	info, err := e.Info()
	return err == nil && os.SameFile(info, l.tmp)
}

// wholeDir are the directories of a root that the view links whole: they
// hold no configuration fileset would list, and may hold many files.
var wholeDir = map[string]bool{".git": true, ".terraform": true}

// isDir reports whether path is a directory, links followed.
func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
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
