//go:build unix

package readfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRegular(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	small := write("small.tf", "abc")
	big := write("big.tf", "0123456789")
	fifo := filepath.Join(dir, "fifo.tf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	zeroLink := filepath.Join(dir, "zero.tf")
	if err := os.Symlink("/dev/zero", zeroLink); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		limit   int64
		want    string
		wantErr string
		is      error
	}{
		{name: "regular file", path: small, limit: 10, want: "abc"},
		{name: "exactly the limit", path: big, limit: 10, want: "0123456789"},
		{name: "larger than the limit", path: big, limit: 9, is: ErrTooLarge,
			wantErr: big + " is 10 bytes, more than 9 bytes, the most vpctrace reads: file too large"},
		{name: "FIFO never blocks", path: fifo, limit: Limit, is: ErrNotRegular,
			wantErr: fifo + " is a named pipe (FIFO): not a regular file"},
		{name: "device", path: "/dev/urandom", limit: Limit, is: ErrNotRegular,
			wantErr: "/dev/urandom is a device: not a regular file"},
		{name: "symbolic link to /dev/zero", path: zeroLink, limit: Limit, is: ErrNotRegular,
			wantErr: zeroLink + " (a link to /dev/zero) is a device: not a regular file"},
		{name: "directory", path: dir, limit: Limit, is: ErrNotRegular,
			wantErr: dir + " is a directory: not a regular file"},
		{name: "missing", path: filepath.Join(dir, "nope"), limit: Limit, is: fs.ErrNotExist,
			wantErr: "stat " + filepath.Join(dir, "nope") + ": no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type result struct {
				data []byte
				err  error
			}
			done := make(chan result, 1)
			go func() {
				data, err := Regular(tt.path, tt.limit)
				done <- result{data, err}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Regular blocked")
			}
			if tt.wantErr == "" {
				if r.err != nil {
					t.Fatal(r.err)
				}
				if diff := cmp.Diff(tt.want, string(r.data)); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
				return
			}
			if r.err == nil {
				t.Fatalf("no error; read %d bytes", len(r.data))
			}
			if diff := cmp.Diff(tt.wantErr, r.err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if !errors.Is(r.err, tt.is) {
				t.Errorf("error %v is not %v", r.err, tt.is)
			}
		})
	}
}

func TestSize(t *testing.T) {
	got := []string{Size(0), Size(1023), Size(1024), Size(64 << 20), Size(3 << 29)}
	want := []string{"0 bytes", "1023 bytes", "1 KiB", "64 MiB", "1.5 GiB"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseSize(t *testing.T) {
	type result struct {
		N   int64
		Err string
	}
	tests := []struct {
		in   string
		want result
	}{
		{"1073741824", result{N: 1 << 30}},
		{"512 MiB", result{N: 512 << 20}},
		{"1.5GiB", result{N: 3 << 29}},
		{"2G", result{N: 2 << 30}},
		{"64mb", result{N: 64 << 20}},
		{"10 KB", result{N: 10 << 10}},
		{"100 bytes", result{N: 100}},
		{Size(3 << 29), result{N: 3 << 29}}, // what Size writes reads back
		{"", result{Err: `"" is not a size (like 512MiB or 2GiB)`}},
		{"0", result{Err: `"0" is not a size (like 512MiB or 2GiB)`}},
		{"-1G", result{Err: `"-1G" is not a size (like 512MiB or 2GiB)`}},
		{"2 parsecs", result{Err: `"2 parsecs" is not a size (like 512MiB or 2GiB)`}},
		{"9e30 TiB", result{Err: `"9e30 TiB" is not a size (like 512MiB or 2GiB)`}},
		{"Inf", result{Err: `"Inf" is not a size (like 512MiB or 2GiB)`}},
	}
	for _, tt := range tests {
		n, err := ParseSize(tt.in)
		got := result{N: n}
		if err != nil {
			got.Err = err.Error()
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseSize(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}
