// Package wasmcache keeps go-graphviz's cache of compiled native code in a
// folder of the user's own, and checks that folder before it is used.
//
// # Why
//
// go-graphviz v0.2.10 compiles Graphviz, which it embeds as WebAssembly,
// to native code with wazero in its package init, in every process that
// links it (internal/wasm/bind.go: init calls getCompilationCache). It
// keeps the result in os.TempDir()/go-graphviz: the folder is created 0755
// when missing and used as found otherwise, with no check of owner or
// mode, and wazero (NewCompilationCacheWithDir, cache.go ensuresFileCache
// and internal/filecache) checks nothing either before it maps a cached
// file as executable code. On a shared machine, another user who creates
// /tmp/go-graphviz first can put code there that then runs as whoever
// draws a diagram (issue 11, point 1).
//
// The cache is worth keeping. Measured on the built binary, a fresh
// process each time, 5 runs each on 2 shared cores: without a file cache
// every vpctrace process spends 1.2-1.35 s of CPU compiling, 1.2-2.1 s
// wall, `trace` as much as `diagram`, because the compilation happens in
// go-graphviz's init; with a warm cache `diagram` takes 0.07-0.13 s and
// `trace` 0.05-0.16 s. The first run, which fills the cache, takes
// 1.4-2.0 s. So the cache stays, in a private folder. (Since then,
// vpctrace itself no longer links go-graphviz: only the drawing program,
// cmd/vpctrace-draw, pays for this init.)
//
// # How
//
// The folder cannot be passed to go-graphviz (short of a patched copy of
// the module, 2 MB with its WebAssembly, behind a replace directive), but
// os.TempDir reads TMPDIR each time it is called. This package's init runs
// before go-graphviz's (see below) and sets TMPDIR, until Restore, to Dir,
// os.UserCacheDir()/vpctrace, once Prepare has created it 0700 or checked
// that it, and everything in its go-graphviz folder, is a folder or a file
// of this user's, not a symbolic link, and not writable by group or
// others. When Prepare refuses it, Refused says why
// (render/diagram/graphviz then refuses to draw) and TMPDIR points at
// /dev/null: go-graphviz cannot make its folder there and compiles in
// memory only. When there is no user cache folder (no HOME) or it cannot
// be created, the same happens silently.
//
// # Init order
//
// Since Go 1.21 packages initialize in import path order, each as soon as
// all its imports are initialized. go-graphviz/internal/wasm imports
// path/filepath. This package imports only packages that path/filepath
// itself depends on (os, io/fs, syscall, errors), so it can be initialized
// whenever path/filepath can, and its path sorts first
// ("github.com/vpctrace/..." < "path/filepath"): it is always initialized
// before path/filepath, hence before internal/wasm. Do not import fmt,
// strconv or path/filepath here: TestCachePrivate in
// render/diagram/graphviz fails if the order ever breaks.
//
// On systems other than Unix os.TempDir does not read TMPDIR and this
// package does nothing; Windows gives each user a temporary folder of
// their own.
package wasmcache

import (
	"errors"
	"io/fs"
	"os"
)

// Reason is what is wrong with a cache folder or an entry in it.
type Reason int

// Reasons Prepare refuses a folder.
const (
	NotDir   Reason = iota + 1 // the folder is something else (a file, a device)
	Symlink                    // a symbolic link
	Owner                      // owned by another user
	Writable                   // group or others may write it
	Unusual                    // an entry in it is neither a folder nor a regular file
)

// Problem is a cache folder, or an entry in it, that Prepare refuses.
type Problem struct {
	Path   string      // what is refused
	Reason Reason      // why
	Mode   fs.FileMode // its type and permission bits
	Owner  int         // its owner's user ID (-1 where unknown)
	User   int         // the user ID that must own it
}

// Sub is the folder go-graphviz makes in os.TempDir for its cache.
const Sub = "go-graphviz"

// noCache is a TMPDIR under which go-graphviz cannot create its folder:
// it then uses wazero's in-memory cache only.
const noCache = "/dev/null"

var (
	// Dir is the private folder TMPDIR pointed at while go-graphviz
	// initialized, holding its cache in Dir/go-graphviz; empty when no
	// file cache is used.
	Dir string
	// Refused is why the private folder was refused; nil when it was not.
	Refused *Problem

	tmpdir    string
	hadTmpdir bool
	steered   bool
)

// Restore puts TMPDIR back as it was before this package's init. It is
// called once go-graphviz is initialized (render/diagram/graphviz's init).
func Restore() {
	if !steered {
		return
	}
	steered = false
	if hadTmpdir {
		os.Setenv("TMPDIR", tmpdir)
	} else {
		os.Unsetenv("TMPDIR")
	}
}

// Prepare creates dir (and missing parents) 0700, or checks the one that
// exists: dir must be a folder, not a symbolic link, owned by uid and not
// writable by group or others; so must everything under dir/go-graphviz,
// each a folder or a regular file. It returns the first Problem found, or
// an error when dir cannot be created or read (then no cache is used).
func Prepare(dir string, uid int) (*Problem, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		if errors.Is(err, errNotDir) {
			return check(dir, uid, true)
		}
		return nil, err
	}
	if p, err := check(dir, uid, true); p != nil || err != nil {
		return p, err
	}
	return walk(dir+string(os.PathSeparator)+Sub, uid)
}

// walk checks path and, when it is a folder, everything in it.
func walk(path string, uid int) (*Problem, error) {
	p, err := check(path, uid, false)
	if p != nil || err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			err = nil
		}
		return p, err
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		if errors.Is(err, errNotDir) {
			return nil, nil // a regular file
		}
		return nil, err
	}
	for _, e := range entries {
		if p, err := walk(path+string(os.PathSeparator)+e.Name(), uid); p != nil || err != nil {
			return p, err
		}
	}
	return nil, nil
}

// check looks at path itself, not following a symbolic link.
func check(path string, uid int, wantDir bool) (*Problem, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	owner := ownerOf(fi)
	p := &Problem{Path: path, Mode: fi.Mode(), Owner: owner, User: uid}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		p.Reason = Symlink
	case wantDir && !fi.IsDir():
		p.Reason = NotDir
	case !fi.IsDir() && !fi.Mode().IsRegular():
		p.Reason = Unusual
	case owner != uid:
		p.Reason = Owner
	case fi.Mode().Perm()&0o022 != 0:
		p.Reason = Writable
	default:
		return nil, nil
	}
	return p, nil
}
