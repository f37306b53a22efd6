// Package readfile reads input files with care for what they may be: a
// regular file only (never a FIFO, which would block, or a device such as
// /dev/zero, which never ends), and no more than a limit.
package readfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"unicode"
)

// Limit is the most bytes read from a configuration or variable file, or
// by a function such as file(): 64 MiB.
const Limit = 64 << 20

// Errors wrapped by Regular.
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("file too large")
)

// Regular reads the regular file at path, which may be a symbolic link to
// one. A directory, a FIFO, a device or a socket is an error wrapping
// ErrNotRegular; a file of more than limit bytes an error wrapping
// ErrTooLarge. Other errors are those of the os package. A FIFO is never
// opened in a way that blocks.
func Regular(path string, limit int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := check(path, st, limit); err != nil {
		return nil, err
	}
	// O_NONBLOCK: should path become a FIFO after Stat, opening it does
	// not wait for a writer; the check below then refuses it.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := check(path, st, limit); err != nil {
		return nil, err
	}
	// Sized to the file, not grown by doubling: a big plan would
	// otherwise be copied several times and keep a third more memory.
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s holds more than %s, the most vpctrace reads: %w", name(path), Size(limit), ErrTooLarge)
	}
	return data, nil
}

// check refuses what is not a regular file, or is larger than limit.
func check(path string, st fs.FileInfo, limit int64) error {
	mode := st.Mode()
	what := ""
	switch {
	case mode.IsRegular():
		if st.Size() > limit {
			return fmt.Errorf("%s is %d bytes, more than %s, the most vpctrace reads: %w", name(path), st.Size(), Size(limit), ErrTooLarge)
		}
		return nil
	case mode.IsDir():
		what = "a directory"
	case mode&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case mode&fs.ModeDevice != 0:
		what = "a device"
	case mode&fs.ModeSocket != 0:
		what = "a socket"
	default:
		what = "of mode " + mode.String()
	}
	return fmt.Errorf("%s is %s: %w", name(path), what, ErrNotRegular)
}

// name is path as messages show it: with the file it links to, when it
// is a symbolic link.
func name(path string) string {
	if st, err := os.Lstat(path); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		if target, err := filepath.EvalSymlinks(path); err == nil {
			return fmt.Sprintf("%s (a link to %s)", path, target)
		}
	}
	return path
}

// Size formats a number of bytes: "64 MiB", "1.5 GiB", "512 bytes".
func Size(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	f, suffix := float64(n), ""
	for _, s := range []string{"KiB", "MiB", "GiB", "TiB"} {
		f /= unit
		suffix = s
		if f < unit {
			break
		}
	}
	if f == float64(int64(f)) {
		return fmt.Sprintf("%d %s", int64(f), suffix)
	}
	return fmt.Sprintf("%.1f %s", f, suffix)
}

// ParseSize reads a number of bytes as Size writes it, or as people type
// it: "1073741824", "512 MiB", "1.5GiB", "2G". The units are binary:
// K, KB and KiB are all 1024 bytes.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	num := strings.TrimRightFunc(t, unicode.IsLetter)
	unit := strings.ToLower(strings.TrimSpace(t[len(num):]))
	num = strings.TrimSpace(num)
	shift, ok := map[string]uint{"": 0, "b": 0, "byte": 0, "bytes": 0,
		"k": 10, "kb": 10, "kib": 10, "m": 20, "mb": 20, "mib": 20,
		"g": 30, "gb": 30, "gib": 30, "t": 40, "tb": 40, "tib": 40}[unit]
	f, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || f <= 0 || math.IsInf(f, 0) || f*float64(int64(1)<<shift) >= math.MaxInt64 {
		return 0, fmt.Errorf("%q is not a size (like 512MiB or 2GiB)", s)
	}
	return int64(f * float64(int64(1)<<shift)), nil
}
