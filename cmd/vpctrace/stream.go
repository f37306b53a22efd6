package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/vpctrace/vpctrace/internal/readfile"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfjson"
)

// stdin is what the PATH "-" reads; tests replace it.
var stdin io.Reader = os.Stdin

// maxStreamSize caps what vpctrace reads from standard input or a pipe
// unless --max-plan-size says otherwise, so that /dev/zero or an endless
// command cannot exhaust memory; tests lower it.
var maxStreamSize int64 = 256 << 20

// stdinName names standard input in messages and positions.
const stdinName = "<stdin>"

// isStream reports whether path is read as a stream rather than as a file
// whose kind its name tells: "-" (standard input), or anything that is
// neither a regular file nor a directory, such as the pipe
// <(terraform show -json plan) gives (/dev/fd/63).
func isStream(path string) bool {
	if path == "-" {
		return true
	}
	info, err := os.Stat(path)
	return err == nil && !info.Mode().IsRegular() && !info.IsDir()
}

// displayName is how messages name path: "<stdin>" for "-".
func displayName(path string) string {
	if path == "-" {
		return stdinName
	}
	return path
}

// readStream reads all of the stream at path, at most limit bytes (0:
// maxStreamSize).
func readStream(path string, limit int64) ([]byte, error) {
	limit = cmp.Or(limit, maxStreamSize)
	r := stdin
	if path != "-" {
		// O_NONBLOCK: a named FIFO no process writes to opens at once and
		// reads as empty, instead of blocking forever; a pipe with a
		// writer (<(cmd)) is read to its end as usual.
		f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("more than %s, the most vpctrace reads from standard input or a pipe (pass --max-plan-size to read more)", readfile.Size(limit))
	}
	if len(data) == 0 {
		return nil, errors.New("nothing to read: the stream is empty (a FIFO that no process writes to reads as empty)")
	}
	return data, nil
}

// looksLikeJSON reports whether data is a JSON object, as
// `terraform show -json` prints, rather than a YAML scenario: its first
// character, after a byte order mark and white space, is "{".
func looksLikeJSON(data []byte) bool {
	data = bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n")
	return len(data) > 0 && data[0] == '{'
}

// loadStream loads a scenario, or a plan or state, read from the stream at
// path; its content tells which.
func loadStream(path string, o traceOptions) (*model.World, model.Diagnostics, error) {
	name := displayName(path)
	data, err := readStream(path, o.maxPlanSize)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, unwrapPath(err))
	}
	if looksLikeJSON(data) {
		w, ds := decodeTFJSON(name, data, tfjson.Options{Region: o.region, Account: o.account})
		return stopOnFatal(w, ds), ds, nil
	}
	w, ds := decodeScenario(name, data)
	if ds.HasErrors() {
		w = nil
	}
	return w, ds, nil
}

// loadSnapshotStream reads the plan or state of --plan or --state: as a
// stream when it is one ("-", a pipe), else as a file.
func loadSnapshotStream(file string, limit int64) (*tfjson.Snapshot, model.Diagnostics) {
	if !isStream(file) {
		return loadSnapshot(file, limit)
	}
	name := displayName(file)
	data, err := readStream(file, limit)
	if err != nil {
		return nil, model.Diagnostics{{Severity: model.SeverityError, Code: codeUnreadableInput, Source: model.Pos{File: name},
			Message: fmt.Sprintf("cannot read the plan or state: %v", unwrapPath(err))}}
	}
	return tfjson.ReadSnapshot(name, data)
}

// unwrapPath drops the path from an *fs.PathError, which messages name
// already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkStdin reports standard input named more than once: it can be read
// only once.
func checkStdin(paths []string, snapshot string) error {
	n := 0
	for _, p := range append([]string{snapshot}, paths...) {
		if p == "-" {
			n++
		}
	}
	if n > 1 {
		return errors.New("standard input (-) can be read only once; give it for one input")
	}
	return nil
}
