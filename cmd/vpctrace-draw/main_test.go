package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRun checks the drawing program's command line: the format flag, the
// DOT from standard input, the drawing on standard output, and the exit
// statuses vpctrace relies on (its errors are vpctrace's own words).
func TestRun(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("..", "..", "render", "diagram", "testdata", "seed.dot"))
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		Code   int
		Prefix string // the first bytes written to standard output
		Stderr string
	}
	tests := []struct {
		name string
		args []string
		dot  []byte
		want result
	}{
		// First: Graphviz counts lines on from the last parse of the
		// process (the program parses once per process).
		{"bad DOT", []string{"-format", "svg"}, []byte("digraph {"),
			result{Code: 1, Stderr: "vpctrace-draw: parsing the DOT: syntax error in line 1\n"}},
		{"svg", []string{"-format", "svg"}, seed, result{Prefix: "<?xml"}},
		{"png", []string{"-format", "png"}, seed, result{Prefix: "\x89PNG"}},
		{"svg by default", nil, seed, result{Prefix: "<?xml"}},
		{"dot is copied", []string{"-format", "dot"}, []byte("digraph {}"), result{Prefix: "digraph {}"}},
		{"unknown format", []string{"-format", "pdf"}, seed,
			result{Code: 2, Stderr: "vpctrace-draw: -format: unknown format \"pdf\"; want svg, dot or png\n"}},
		{"a file argument", []string{"seed.dot"}, seed,
			result{Code: 2, Stderr: "vpctrace-draw: unexpected argument \"seed.dot\"; the DOT is read from standard input\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, bytes.NewReader(tt.dot), &stdout, &stderr)
			got := result{Code: code, Stderr: stderr.String()}
			if out := stdout.String(); tt.want.Prefix != "" && strings.HasPrefix(out, tt.want.Prefix) {
				got.Prefix = tt.want.Prefix
			} else {
				got.Prefix = out[:min(len(out), 8)]
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
