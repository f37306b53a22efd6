package terraform

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar"
	"github.com/vpctrace/vpctrace/internal/readfile"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// maxFilesetEntries bounds the files and directories one fileset call
// looks at (a variable for tests).
var maxFilesetEntries = 100000

// readFileArg reads the file a function argument names, as Terraform's
// file functions do: a leading ~ is the home directory, and a relative
// path is read from base. Unlike Terraform's, it reads regular files
// only, of at most readfile.Limit bytes: a FIFO would block, and a
// device such as /dev/zero never ends.
func readFileArg(base, path string) ([]byte, error) {
	path, err := expandHome(path)
	if err != nil {
		return nil, err
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(base, path)
	}
	path = filepath.Clean(path)
	data, err := readfile.Regular(path, readfile.Limit)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("no file exists at %s", path)
	case errors.Is(err, readfile.ErrNotRegular) || errors.Is(err, readfile.ErrTooLarge):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("failed to read %s", path)
	}
	return data, nil
}

// expandHome replaces a leading ~ with the home directory.
func expandHome(path string) (string, error) {
	if path != "~" && !strings.HasPrefix(path, "~/") && !strings.HasPrefix(path, `~\`) {
		return path, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("failed to expand ~: %s", err)
	}
	return filepath.Join(home, path[1:]), nil
}

// makeFileFunc returns file(path), or filebase64(path) when encBase64 is
// set.
func makeFileFunc(base string, encBase64 bool) function.Function {
	return function.New(&function.Spec{
		Description: "Reads the contents of a file.",
		Params:      []function.Parameter{{Name: "path", Type: cty.String}},
		Type:        function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			path := args[0].AsString()
			src, err := readFileArg(base, path)
			switch {
			case err != nil:
				return cty.UnknownVal(cty.String), err
			case encBase64:
				return cty.StringVal(base64.StdEncoding.EncodeToString(src)), nil
			case !utf8.Valid(src):
				return cty.UnknownVal(cty.String), fmt.Errorf("contents of %s are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead", path)
			}
			return cty.StringVal(string(src)), nil
		},
	})
}

// makeFileSetFunc returns fileset(path, pattern): the regular files under
// path that match pattern, relative to path, as Terraform gives them.
// Unlike Terraform's, it lists only files inside the root module's
// directory or the directory of a module the configuration calls (what a
// configuration may read), and looks at no more than maxFilesetEntries
// files and directories.
func (ev *evaluator) makeFileSetFunc(base string) function.Function {
	return function.New(&function.Spec{
		Description: "Lists the files that match a pattern.",
		Params:      []function.Parameter{{Name: "path", Type: cty.String}, {Name: "pattern", Type: cty.String}},
		Type:        function.StaticReturnType(cty.Set(cty.String)),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			dir, pattern := args[0].AsString(), args[1].AsString()
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(base, dir)
			}
			start, depth := globStart(filepath.Join(dir, pattern))
			if !ev.inside(start) {
				return cty.UnknownVal(cty.Set(cty.String)), fmt.Errorf(
					"fileset(%q, %q) looks outside the root module's directory %s and the directories of the modules it calls: vpctrace lists files only inside them",
					args[0].AsString(), pattern, ev.rootDir)
			}
			matches, err := fileset(filepath.Clean(dir), filepath.Join(dir, pattern), start, depth)
			if err != nil {
				return cty.UnknownVal(cty.Set(cty.String)), err
			}
			if len(matches) == 0 {
				return cty.SetValEmpty(cty.String), nil
			}
			vals := make([]cty.Value, len(matches))
			for i, m := range matches {
				vals[i] = cty.StringVal(m)
			}
			return cty.SetVal(vals), nil
		},
	})
}

// fileset lists the regular files that pattern (a path joined to the
// glob, cleaned) matches, relative to dir, searching from start down to
// depth levels (see globStart).
func fileset(dir, pattern, start string, depth int) ([]string, error) {
	var matches []string
	seen := 0
	err := filepath.WalkDir(start, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // as Glob: what cannot be read matches nothing
		}
		if seen++; seen > maxFilesetEntries {
			return fmt.Errorf("more than %d files and directories under %s: vpctrace looks at no more; narrow the path or the pattern", maxFilesetEntries, start)
		}
		if d.IsDir() && depth >= 0 && path != start {
			if rel, err := filepath.Rel(start, path); err == nil && strings.Count(rel, string(filepath.Separator))+1 >= depth {
				return filepath.SkipDir // its files are deeper than the pattern reaches
			}
		}
		if ok, err := doublestar.PathMatch(pattern, path); err != nil {
			return fmt.Errorf("failed to glob pattern (%s): %s", pattern, err)
		} else if !ok {
			return nil
		}
		if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return fmt.Errorf("failed to trim path of match (%s): %s", path, err)
		}
		matches = append(matches, filepath.ToSlash(rel))
		return nil
	})
	return matches, err
}

// globStart splits a cleaned glob pattern: the directory its literal
// leading components name, where the search starts, and how many
// components below it a match has, or -1 when ** makes it any number.
func globStart(pattern string) (start string, depth int) {
	sep := string(filepath.Separator)
	parts := strings.Split(pattern, sep)
	i := 0
	for i < len(parts)-1 && !strings.ContainsAny(parts[i], `*?[{\`) {
		i++
	}
	start = strings.Join(parts[:i], sep)
	switch {
	case start == "" && filepath.IsAbs(pattern):
		start = sep
	case start == "":
		start = "."
	}
	rest := parts[i:]
	for _, p := range rest {
		if strings.Contains(p, "**") {
			return start, -1
		}
	}
	return start, len(rest)
}

// inside reports whether dir is inside the root module's directory or
// the directory of a module the configuration calls, both as written and
// with symbolic links resolved.
func (ev *evaluator) inside(dir string) bool {
	allowed := append([]string{ev.rootDir}, sortedKeys(ev.modules)...)
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	resolved, resolveErr := filepath.EvalSymlinks(abs)
	for _, a := range allowed {
		aAbs, err := filepath.Abs(a)
		if err != nil || !within(aAbs, abs) {
			continue
		}
		if resolveErr != nil {
			return true // nothing there to list
		}
		if aResolved, err := filepath.EvalSymlinks(aAbs); err == nil && within(aResolved, resolved) {
			return true
		}
	}
	return false
}

// within reports whether path is dir or inside it (both absolute and
// clean).
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
