package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestREADME checks that every "$ go run ./cmd/vpctrace ..." block in the
// README shows what the command prints today (stderr lines first, as a
// terminal shows them).
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
		var stdout, stderr bytes.Buffer
		run(strings.Fields(command), &stdout, &stderr)
		got := stderr.String() + stdout.String()
		if diff := cmp.Diff(strings.TrimRight(want, "\n"), strings.TrimRight(got, "\n")); diff != "" {
			t.Errorf("README block %q is out of date (-README +actual):\n%s", command, diff)
		}
	}
	if blocks < 3 {
		t.Errorf("found %d command blocks in README.md, want at least 3", blocks)
	}
}
