//go:build !unix

package wasmcache

import (
	"errors"
	"io/fs"
)

var errNotDir = errors.New("not a directory")

// ownerOf is unknown here: Prepare is not used on these systems.
func ownerOf(fs.FileInfo) int { return -1 }
