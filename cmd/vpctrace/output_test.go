package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputFile checks -o and --output (issue 14, point 1): in every
// format, the file holds exactly what stdout would, stdout stays empty,
// the exit status is unchanged, and an existing file is truncated; "-" is
// stdout.
func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	for _, format := range []string{"text", "json", "sarif", "junit", "markdown"} {
		for _, flag := range []string{"-o", "--output"} {
			t.Run(format+"/"+flag, func(t *testing.T) {
				args := []string{"trace", "--format", format, scenarios + "nat.yaml"}
				var want, wantErr bytes.Buffer
				wantStatus := run(args, &want, &wantErr)

				path := filepath.Join(dir, format+flag+".out")
				if err := os.WriteFile(path, bytes.Repeat([]byte("old content\n"), 10000), 0o644); err != nil {
					t.Fatal(err)
				}
				var stdout, stderr bytes.Buffer
				status := run(append([]string{"trace", flag, path}, args[1:]...), &stdout, &stderr)
				if status != wantStatus || status != exitNoStart {
					t.Errorf("exit status %d, want %d", status, wantStatus)
				}
				if stdout.Len() > 0 {
					t.Errorf("stdout is not empty: %q", stdout.String())
				}
				if stderr.String() != wantErr.String() {
					t.Errorf("stderr %q, want %q", stderr.String(), wantErr.String())
				}
				got, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want.Bytes()) {
					t.Errorf("the file differs from stdout:\n%s", got)
				}

				stdout.Reset()
				run(append([]string{"trace", flag, "-"}, args[1:]...), &stdout, &stderr)
				if !bytes.Equal(stdout.Bytes(), want.Bytes()) {
					t.Errorf("%s - does not write to stdout", flag)
				}
			})
		}
	}
}

// TestOutputBadPath checks that a file that cannot be created is a
// command line error: status 2, a message naming it, and nothing traced.
func TestOutputBadPath(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, path, want string }{
		{"missing directory", filepath.Join(dir, "nope", "out.sarif"), "no such file or directory"},
		{"a directory", dir, "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run([]string{"trace", "--format", "sarif", "-o", tc.path, scenarios + "nat.yaml"}, &stdout, &stderr)
			if status != exitBadInput {
				t.Errorf("exit status %d, want %d", status, exitBadInput)
			}
			msg := stderr.String()
			if !strings.HasPrefix(msg, "vpctrace: cannot write the output: open "+tc.path+": ") || !strings.Contains(msg, tc.want) ||
				strings.Count(msg, "\n") != 1 {
				t.Errorf("stderr %q", msg)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout is not empty: %q", stdout.String())
			}
		})
	}
}
