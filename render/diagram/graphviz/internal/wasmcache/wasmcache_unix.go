//go:build unix

package wasmcache

import (
	"io/fs"
	"os"
	"syscall"
)

// errNotDir is what MkdirAll and ReadDir give for a path that is not a folder.
var errNotDir error = syscall.ENOTDIR

func ownerOf(fi fs.FileInfo) int {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid)
	}
	return -1
}

func init() {
	tmpdir, hadTmpdir = os.LookupEnv("TMPDIR")
	steered = true
	target := noCache
	if base, err := os.UserCacheDir(); err == nil {
		dir := base + string(os.PathSeparator) + "vpctrace"
		p, err := Prepare(dir, os.Geteuid())
		switch {
		case p != nil:
			Refused = p
		case err == nil:
			Dir, target = dir, dir
		}
	}
	os.Setenv("TMPDIR", target)
}
