package graphviz

import (
	"fmt"

	"github.com/vpctrace/vpctrace/render/diagram/graphviz/internal/wasmcache"
)

// go-graphviz has initialized by now (this package imports it), with
// TMPDIR pointed at vpctrace's private cache folder by wasmcache's init:
// put TMPDIR back for everything else.
func init() { wasmcache.Restore() }

// CacheDir is the private folder where go-graphviz keeps the native code it
// compiles Graphviz to (in CacheDir/go-graphviz), or "" when none is used.
func CacheDir() string { return wasmcache.Dir }

// cacheError is why Render refuses to draw: the private cache folder, or
// something in it, could have been planted by another user. Nil when the
// folder was accepted, or when there is none (go-graphviz then compiled in
// memory).
func cacheError() error {
	p := wasmcache.Refused
	if p == nil {
		return nil
	}
	var what string
	switch p.Reason {
	case wasmcache.NotDir:
		what = fmt.Sprintf("%s is not a folder (%v)", p.Path, p.Mode)
	case wasmcache.Symlink:
		what = fmt.Sprintf("%s is a symbolic link", p.Path)
	case wasmcache.Owner:
		what = fmt.Sprintf("%s belongs to user ID %d, not to you (%d)", p.Path, p.Owner, p.User)
	case wasmcache.Writable:
		what = fmt.Sprintf("%s can be written by other users (%v)", p.Path, p.Mode)
	default:
		what = fmt.Sprintf("%s is neither a folder nor a regular file (%v)", p.Path, p.Mode)
	}
	return fmt.Errorf("refusing to use the diagram cache: %s; vpctrace runs the native code it keeps there, "+
		"so the folder and everything in it must be yours and writable by you alone (delete it and draw again)", what)
}
