package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/render/diagram"
	"github.com/vpctrace/vpctrace/render/diagram/graphviz"
)

// TestLinksNoGraphviz checks the reason the drawing program exists:
// vpctrace itself does not link go-graphviz, whose package init compiles
// Graphviz (about 1 s in a fresh container) in every process that links it.
func TestLinksNoGraphviz(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/goccy/go-graphviz") || strings.HasPrefix(pkg, "github.com/tetratelabs/wazero") {
			t.Errorf("vpctrace links %s: every command would pay for Graphviz's start", pkg)
		}
	}
}

// buildDrawProgram builds cmd/vpctrace-draw into dir and returns its path.
func buildDrawProgram(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, drawProgram)
	if runtime.GOOS == "windows" {
		path += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", path, "../"+drawProgram).CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", drawProgram, err, out)
	}
	return path
}

// TestDrawProgram checks that drawing through the drawing program gives
// the bytes graphviz.Render gives in-process, that its errors read as
// vpctrace's own, and that a missing program is named with its install
// command.
func TestDrawProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cmd/vpctrace-draw")
	}
	prog := buildDrawProgram(t, t.TempDir())
	dot, err := os.ReadFile(filepath.Join("..", "..", "render", "diagram", "testdata", "seed.dot"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		name    string
		env     string // $VPCTRACE_DRAW
		dot     []byte
		format  diagram.Format
		wantErr string // the whole error; "" to compare with graphviz.Render's result
	}{
		{name: "svg", env: prog, dot: dot, format: diagram.FormatSVG},
		{name: "png", env: prog, dot: dot, format: diagram.FormatPNG},
		{name: "dot needs no program", env: filepath.Join(t.TempDir(), "none"), dot: dot, format: diagram.FormatDOT},
		// Graphviz's own words, on one line (in-process they end with a
		// newline, and the line number counts on from the last parse).
		{name: "bad DOT", env: prog, dot: []byte("digraph {"), format: diagram.FormatSVG,
			wantErr: "parsing the DOT: syntax error in line 1"},
		{name: "bad DOT, png", env: prog, dot: []byte("digraph { a -> }"), format: diagram.FormatPNG,
			wantErr: "parsing the DOT: syntax error in line 1 near '}'"},
		{name: "program not there", env: filepath.Join(t.TempDir(), "none"), dot: dot, format: diagram.FormatSVG,
			wantErr: "running " + filepath.Join("TMP", "none") + " -format svg: fork/exec " + filepath.Join("TMP", "none") + ": no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(drawEnv, tt.env)
			got, err := drawInChild(ctx, tt.dot, tt.format)
			if tt.wantErr != "" {
				msg := ""
				if err != nil {
					msg = strings.ReplaceAll(err.Error(), filepath.Dir(tt.env), "TMP")
				}
				if diff := cmp.Diff(tt.wantErr, msg); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want, err := graphviz.Render(ctx, tt.dot, tt.format)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s through %s differs from graphviz.Render (%d bytes, want %d)", tt.format, drawProgram, len(got), len(want))
			}
		})
	}
}

// TestDrawCommand checks where vpctrace looks for the drawing program:
// $VPCTRACE_DRAW, then PATH, then (built from its source tree, run in it)
// go run of the tree's cmd/vpctrace-draw, else an error with the install
// command. The test binary is built from the source tree, as go run's is.
func TestDrawCommand(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake program is a shell script")
	}
	bin := t.TempDir()
	fake := filepath.Join(bin, drawProgram)
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	goPath := mustLookPath(t, "go")
	goDir := filepath.Dir(goPath)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	type command struct {
		Args []string
		Dir  string
	}
	tests := []struct {
		name    string
		env     string
		path    string
		dir     string // the working directory
		want    command
		wantErr string
	}{
		{name: "named", env: "/opt/draw", path: bin, dir: ".", want: command{Args: []string{"/opt/draw", "-format", "svg"}}},
		{name: "on PATH", path: bin, dir: ".", want: command{Args: []string{fake, "-format", "svg"}}},
		{name: "source tree", path: goDir, dir: ".", want: command{Args: []string{goPath, "run", "./cmd/vpctrace-draw", "-format", "svg"}, Dir: root}},
		{name: "outside the tree", path: goDir, dir: t.TempDir(),
			wantErr: "vpctrace-draw, which draws diagrams, is not installed: go install github.com/vpctrace/vpctrace/cmd/vpctrace-draw@latest (go install github.com/vpctrace/vpctrace/cmd/...@latest installs both), or name it in $VPCTRACE_DRAW"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(drawEnv, tt.env)
			t.Setenv("PATH", tt.path)
			t.Chdir(tt.dir)
			cmd, err := drawCommand(context.Background(), "svg")
			if tt.wantErr != "" || err != nil {
				msg := ""
				if err != nil {
					msg = err.Error()
				}
				if diff := cmp.Diff(tt.wantErr, msg); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				return
			}
			if diff := cmp.Diff(tt.want, command{Args: cmd.Args, Dir: cmd.Dir}); diff != "" {
				t.Errorf("command (-want +got):\n%s", diff)
			}
		})
	}
}

func mustLookPath(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("no %s on PATH", name)
	}
	return path
}
