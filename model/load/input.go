package load

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/vpctrace/vpctrace/internal/readfile"
	"github.com/vpctrace/vpctrace/model/tfjson"
)

// MaxStreamSize is the most bytes read from standard input or a pipe
// unless Options.MaxSize says otherwise, so that /dev/zero or an endless
// command cannot exhaust memory.
var MaxStreamSize int64 = 256 << 20

// StdinName names standard input in messages and positions.
const StdinName = "<stdin>"

// Name is how messages name path: StdinName for "-", else path.
func Name(path string) string {
	if path == "-" {
		return StdinName
	}
	return path
}

// Input is one input as detection sees it: a directory, a file, or a
// stream (standard input, a pipe, or bytes held in memory).
type Input struct {
	// Name names the input in messages and positions (see Name).
	Name string
	// Path is the path given: "-" for standard input, "" for Bytes.
	Path string
	// Dir is set for a directory.
	Dir bool
	// Stream is set for standard input, a pipe or Bytes, whose content
	// Open has read whole and whose kind only the content tells.
	Stream bool

	maxSize int64 // Options.MaxSize

	// data is a stream's content, or a file's once read; err is why the
	// file could not be read whole.
	data    []byte
	err     error
	hasData bool

	// first is the content's first byte after a byte order mark and white
	// space (0 when there is none), or firstErr why it could not be read.
	first    byte
	firstErr error
	hasFirst bool
}

// Open makes the input at path ready for Detect. Standard input ("-")
// and anything that is neither a regular file nor a directory, such as
// the pipe <(terraform show -json plan) gives (/dev/fd/63), is read whole
// at once, at most o.MaxSize bytes (0: MaxStreamSize). The error says why
// path cannot be read at all.
func Open(path string, o Options) (*Input, error) {
	in := &Input{Name: Name(path), Path: path, maxSize: o.MaxSize}
	if path != "-" {
		info, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
		}
		in.Dir = info.IsDir()
		if info.Mode().IsRegular() || in.Dir {
			return in, nil
		}
	}
	data, err := readStream(path, cmp.Or(o.MaxSize, MaxStreamSize), o.Stdin)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, unwrapPath(err))
	}
	in.Stream, in.data, in.hasData = true, data, true
	return in, nil
}

// Bytes is an input held in memory, named name, whose kind its content
// tells, as for a stream.
func Bytes(name string, data []byte) *Input {
	return &Input{Name: name, Stream: true, data: data, hasData: true}
}

// isStream reports whether path is read as a stream (see Open).
func isStream(path string) bool {
	if path == "-" {
		return true
	}
	info, err := os.Stat(path)
	return err == nil && !info.Mode().IsRegular() && !info.IsDir()
}

// readStream reads all of the stream at path ("-": stdin, nil meaning
// os.Stdin), at most limit bytes.
func readStream(path string, limit int64, stdin io.Reader) ([]byte, error) {
	r := cmp.Or[io.Reader](stdin, os.Stdin)
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

// lead returns the first byte of in's content after a byte order mark and
// white space, 0 when there is none or in is a directory. Of a file it
// reads only as far as that byte.
func (in *Input) lead() (byte, error) {
	if in.hasFirst || in.Dir {
		return in.first, in.firstErr
	}
	in.hasFirst = true
	if in.hasData {
		in.first, in.firstErr = firstByte(bytes.NewReader(in.data))
		return in.first, in.firstErr
	}
	f, err := os.OpenFile(in.Path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		in.firstErr = err
		return 0, err
	}
	defer f.Close()
	in.first, in.firstErr = firstByte(f)
	return in.first, in.firstErr
}

// firstByte returns the first byte of r after a byte order mark and white
// space, 0 at the end.
func firstByte(r io.Reader) (byte, error) {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		br.Discard(3)
	}
	for {
		c, err := br.ReadByte()
		switch {
		case err == io.EOF:
			return 0, nil
		case err != nil:
			return 0, err
		case c != ' ' && c != '\t' && c != '\r' && c != '\n':
			return c, nil
		}
	}
}

// content returns in's content: a stream's, or a file's, read whole at
// the first call, at most Options.MaxSize bytes (0: tfjson.MaxFileSize).
func (in *Input) content() ([]byte, error) {
	if !in.hasData {
		in.hasData = true
		in.data, in.err = readfile.Regular(in.Path, cmp.Or(in.maxSize, tfjson.MaxFileSize))
	}
	return in.data, in.err
}

// take returns in's content and lets go of it, so that a reader that
// drops the bytes once decoded (a big plan's) frees them.
func (in *Input) take() []byte {
	data, _ := in.content()
	in.data = nil
	return data
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
