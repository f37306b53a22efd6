package patch

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// WriteOptions say how Write may write.
type WriteOptions struct {
	// Force writes over files that have uncommitted changes, and into a
	// root that is not in a git work tree.
	Force bool
}

// newFileMode is the mode of a file an edit creates.
const newFileMode = 0o644

// Write writes edits into the directory root. It never touches anything
// outside root: a Path that is absolute, holds "..", or goes through a
// symbolic link that leaves root is refused, and so is a file that is
// itself a symbolic link. It refuses, naming the file, a file whose
// content differs from the edit's Old (it changed since it was read) and
// a file to create that exists. Unless opts.Force, it refuses to write
// over uncommitted changes: when root is in a git work tree, an edited
// file that git reports as changed, untracked or ignored (git keeps no
// copy of it) is refused; when it is not
// in one, or git is not installed, Write refuses because it cannot tell.
//
// Every file is written to a temporary file in its directory and renamed
// over the old one, keeping the old file's mode. Every check is made and
// every temporary file written before the first rename, so on an error
// before writing no file has changed.
func Write(root string, edits []Edit, opts WriteOptions) error {
	if err := checkPaths(edits); err != nil {
		return err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return fmt.Errorf("cannot open the root: %w", err)
	}
	defer r.Close()
	modes := make([]fs.FileMode, len(edits))
	for i, e := range edits {
		if modes[i], err = current(r, e); err != nil {
			return err
		}
	}
	if !opts.Force {
		if err := committed(root, edits); err != nil {
			return err
		}
	}
	temps, err := stage(r, edits, modes)
	if err != nil {
		return err
	}
	return commit(r, edits, temps)
}

// checkPaths refuses a path that is empty, absolute, not clean, goes up
// with "..", or appears twice.
func checkPaths(edits []Edit) error {
	seen := map[string]bool{}
	for _, e := range edits {
		p := e.Path
		switch {
		case p == "" || p == ".":
			return fmt.Errorf("an edit has no file path")
		case strings.ContainsAny(p, "\\\x00"):
			return fmt.Errorf("%q: a path uses forward slashes and no NUL", p)
		case path.IsAbs(p) || filepath.IsAbs(filepath.FromSlash(p)) || filepath.VolumeName(filepath.FromSlash(p)) != "":
			return fmt.Errorf("%q: an absolute path is outside the root", p)
		case p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, "/../") || strings.HasSuffix(p, "/.."):
			return fmt.Errorf("%q: a path with \"..\" may leave the root", p)
		case path.Clean(p) != p:
			return fmt.Errorf("%q: the path is not clean (write it as %q)", p, path.Clean(p))
		case seen[p]:
			return fmt.Errorf("%q: two edits of the same file", p)
		}
		seen[p] = true
	}
	return nil
}

// current checks that the file of e is as e.Old says, inside the root and
// not a symbolic link, and returns the mode its new content gets.
func current(r *os.Root, e Edit) (fs.FileMode, error) {
	name := filepath.FromSlash(e.Path)
	if err := parentInside(r, name); err != nil {
		return 0, fmt.Errorf("%s: %w", e.Path, err)
	}
	st, err := r.Lstat(name)
	if e.Old == nil {
		switch {
		case err == nil:
			return 0, fmt.Errorf("%s: the file to create already exists", e.Path)
		case errors.Is(err, fs.ErrNotExist):
			return newFileMode, nil
		}
		return 0, fmt.Errorf("%s: %w", e.Path, err)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", e.Path, err)
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		return 0, fmt.Errorf("%s: is a symbolic link; vpctrace writes only regular files", e.Path)
	}
	if !st.Mode().IsRegular() {
		return 0, fmt.Errorf("%s: not a regular file", e.Path)
	}
	data, err := r.ReadFile(name)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", e.Path, err)
	}
	if !bytes.Equal(data, e.Old) {
		return 0, fmt.Errorf("%s: the file changed since vpctrace read it; run vpctrace again", e.Path)
	}
	return st.Mode().Perm(), nil
}

// parentInside checks that the existing directories above name stay in
// the root, symbolic links followed.
func parentInside(r *os.Root, name string) error {
	for dir := filepath.Dir(name); dir != "."; dir = filepath.Dir(dir) {
		st, err := r.Stat(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return fmt.Errorf("directory %s leaves the root or cannot be read: %w", filepath.ToSlash(dir), err)
		case !st.IsDir():
			return fmt.Errorf("%s is not a directory", filepath.ToSlash(dir))
		}
		return nil
	}
	return nil
}

// committed refuses edits of files that have uncommitted changes, and
// edits it cannot check: root not in a git work tree, or no git.
func committed(root string, edits []Edit) error {
	const advice = "commit your changes first, or use --force"
	out, err := git(root, "rev-parse", "--is-inside-work-tree")
	switch {
	case errors.Is(err, exec.ErrNotFound):
		return fmt.Errorf("cannot tell whether the files have uncommitted changes: git is not installed; %s", advice)
	case err != nil || strings.TrimSpace(out) != "true":
		return fmt.Errorf("cannot tell whether the files have uncommitted changes: %s is not in a git work tree; %s", root, advice)
	}
	for _, e := range edits {
		out, err := git(root, "status", "--porcelain", "--ignored=matching", "--", e.Path)
		if err != nil {
			return fmt.Errorf("%s: cannot tell whether it has uncommitted changes: %v; %s", e.Path, err, advice)
		}
		if strings.TrimSpace(out) != "" {
			return fmt.Errorf("%s: has uncommitted changes (git status: %s); %s", e.Path, strings.TrimSpace(out), advice)
		}
	}
	return nil
}

// git runs git in root with literal pathspecs and returns its output.
func git(root string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"--literal-pathspecs", "-C", root}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && !errors.Is(err, exec.ErrNotFound) && stderr.Len() > 0 {
		err = fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return string(out), err
}

// stage writes the new content of each edit to a temporary file in its
// directory, with its mode, and returns their names. On an error it
// removes the ones it wrote, and the directories it made for them.
func stage(r *os.Root, edits []Edit, modes []fs.FileMode) ([]string, error) {
	var temps, made []string
	for i, e := range edits {
		name := filepath.FromSlash(e.Path)
		made = append(made, missingDirs(r, filepath.Dir(name))...)
		temp, err := writeTemp(r, name, e.New, modes[i])
		if err != nil {
			removeAll(r, temps)
			slices.Reverse(made)
			removeAll(r, made) // deepest first; only empty ones go
			return nil, fmt.Errorf("%s: %w", e.Path, err)
		}
		temps = append(temps, temp)
	}
	return temps, nil
}

// missingDirs are dir and the directories above it that do not exist,
// the highest first.
func missingDirs(r *os.Root, dir string) []string {
	var missing []string
	for ; dir != "."; dir = filepath.Dir(dir) {
		if _, err := r.Stat(dir); err == nil {
			break
		}
		missing = append([]string{dir}, missing...)
	}
	return missing
}

// writeTemp writes data to a new file beside name and returns its name.
func writeTemp(r *os.Root, name string, data []byte, mode fs.FileMode) (string, error) {
	dir := filepath.Dir(name)
	if err := r.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	var suffix [8]byte
	for range 10 {
		if _, err := rand.Read(suffix[:]); err != nil {
			return "", err
		}
		temp := filepath.Join(dir, "."+filepath.Base(name)+".vpctrace-"+hex.EncodeToString(suffix[:]))
		f, err := r.OpenFile(temp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		err = fill(f, data, mode)
		if err != nil {
			r.Remove(temp)
			return "", err
		}
		return temp, nil
	}
	return "", fmt.Errorf("cannot create a temporary file in %s", filepath.ToSlash(dir))
}

// fill writes data to f, sets its mode and closes it.
func fill(f *os.File, data []byte, mode fs.FileMode) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// commit renames each temporary file over its file; a file to create is
// linked in place, so that one made meanwhile is not overwritten.
func commit(r *os.Root, edits []Edit, temps []string) error {
	for i, e := range edits {
		name := filepath.FromSlash(e.Path)
		var err error
		if e.Old == nil {
			if err = r.Link(temps[i], name); err == nil {
				err = r.Remove(temps[i])
			}
		} else {
			err = r.Rename(temps[i], name)
		}
		if err != nil {
			removeAll(r, temps[i:])
			return fmt.Errorf("%s: %w (written before it: %s)", e.Path, err, written(edits[:i]))
		}
	}
	return nil
}

// written names the files of edits, or says there are none.
func written(edits []Edit) string {
	if len(edits) == 0 {
		return "none"
	}
	names := make([]string, len(edits))
	for i, e := range edits {
		names[i] = e.Path
	}
	return strings.Join(names, ", ")
}

func removeAll(r *os.Root, names []string) {
	for _, n := range names {
		r.Remove(n)
	}
}
