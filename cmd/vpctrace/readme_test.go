package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestREADME checks that every "$ go run ./cmd/vpctrace ..." block in the
// README shows what the command prints today (stderr lines first, as a
// terminal shows them). A command may end in "| head" or "| head -n N",
// which keeps the first lines of its standard output.
func TestREADME(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	blocks := 0
	for _, block := range strings.Split(string(data), "```")[1:] {
		body, ok := strings.CutPrefix(strings.TrimPrefix(block, "\n"), "$ go run ./cmd/vpctrace ")
		if !ok {
			continue
		}
		blocks++
		command, want, _ := strings.Cut(body, "\n")
		command, pipe, piped := strings.Cut(command, " | ")
		var stdout, stderr bytes.Buffer
		run(strings.Fields(command), &stdout, &stderr)
		got := stderr.String() + stdout.String()
		if piped {
			got = head(t, pipe, stderr.String(), stdout.String())
		}
		if diff := cmp.Diff(strings.TrimRight(want, "\n"), strings.TrimRight(got, "\n")); diff != "" {
			t.Errorf("README block %q is out of date (-README +actual):\n%s", command, diff)
		}
	}
	if blocks < 3 {
		t.Errorf("found %d command blocks in README.md, want at least 3", blocks)
	}
}

// head applies the pipe "head" or "head -n N" of a README command to its
// output: stderr, then the first N (10) lines of stdout.
func head(t *testing.T, pipe, stderr, stdout string) string {
	t.Helper()
	n := 10
	switch f := strings.Fields(pipe); {
	case len(f) == 1 && f[0] == "head":
	case len(f) == 3 && f[0] == "head" && f[1] == "-n":
		v, err := strconv.Atoi(f[2])
		if err != nil || v < 0 {
			t.Fatalf("README pipe %q: want head -n N", pipe)
		}
		n = v
	default:
		t.Fatalf("README pipe %q: only head and head -n N are supported", pipe)
	}
	lines := strings.SplitAfter(stdout, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return stderr + strings.Join(lines, "")
}
