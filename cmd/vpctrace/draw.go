package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/vpctrace/vpctrace/render/diagram"
)

// Drawing runs in a program of its own, cmd/vpctrace-draw, so that
// vpctrace does not link go-graphviz: go-graphviz compiles Graphviz to
// native code in its package init, before main, in every process that
// links it (about 1 s with a cold cache, as in a fresh CI container; 50 ms
// warm), and most commands never draw. Only diagram and the TUI's export
// start the drawing program, once per drawing.

// drawProgram is the name of the drawing program.
const drawProgram = "vpctrace-draw"

// drawEnv names the drawing program to run instead of looking for one.
const drawEnv = "VPCTRACE_DRAW"

// modulePath is this module's path: a vpctrace built from its source tree
// (go run ./cmd/vpctrace) runs the drawing program from that tree.
const modulePath = "github.com/vpctrace/vpctrace"

// draw is the diagram.Drawer of the diagram and tui commands. Tests
// replace it with graphviz.Render.
var draw diagram.Drawer = drawInChild

// drawInChild draws dot by running the drawing program, the DOT on its
// standard input and the drawing read from its standard output.
func drawInChild(ctx context.Context, dot []byte, format diagram.Format) ([]byte, error) {
	if format == diagram.FormatDOT {
		return dot, nil
	}
	cmd, err := drawCommand(ctx, string(format))
	if err != nil {
		return nil, err
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(dot), &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := childError(stderr.String()); msg != "" {
			return nil, errors.New(msg)
		}
		return nil, fmt.Errorf("running %s: %w", strings.Join(cmd.Args, " "), err)
	}
	return stdout.Bytes(), nil
}

// childError is the drawing program's last error line, without its
// program name: the reason, as vpctrace words it.
func childError(stderr string) string {
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	return strings.TrimPrefix(last, drawProgram+": ")
}

// drawCommand is the drawing program to run, in this order: the one
// $VPCTRACE_DRAW names; vpctrace-draw next to this executable (where go
// install puts both); vpctrace-draw on PATH; when this vpctrace was built
// from its source tree and the working directory is in that tree, go run
// of the tree's cmd/vpctrace-draw (go caches the program it builds).
func drawCommand(ctx context.Context, format string) (*exec.Cmd, error) {
	args := []string{"-format", format}
	if path := os.Getenv(drawEnv); path != "" {
		return exec.CommandContext(ctx, path, args...), nil
	}
	name := drawProgram
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if self, err := os.Executable(); err == nil {
		if path := filepath.Join(filepath.Dir(self), name); isProgram(path) {
			return exec.CommandContext(ctx, path, args...), nil
		}
	}
	if path, err := exec.LookPath(name); err == nil {
		return exec.CommandContext(ctx, path, args...), nil
	}
	if root := sourceTree(); root != "" {
		if gocmd, err := exec.LookPath("go"); err == nil {
			cmd := exec.CommandContext(ctx, gocmd, append([]string{"run", "./cmd/" + drawProgram}, args...)...)
			cmd.Dir = root
			return cmd, nil
		}
	}
	v := versionString()
	if !strings.HasPrefix(v, "v") || strings.Contains(v, "+") { // (devel), or built from a changed tree
		v = "latest"
	}
	return nil, fmt.Errorf("%s, which draws diagrams, is not installed: go install %s/cmd/%s@%s (go install %s/cmd/...@%s installs both), or name it in $%s",
		drawProgram, modulePath, drawProgram, v, modulePath, v, drawEnv)
}

// isProgram reports whether path is a regular file someone may execute.
func isProgram(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && (runtime.GOOS == "windows" || fi.Mode().Perm()&0o111 != 0)
}

// sourceTree is the root of vpctrace's source tree when this executable
// was built from one (go run or go build, not go install of a version)
// and the working directory is inside it; "" otherwise.
func sourceTree() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Path != modulePath || bi.Main.Version != "(devel)" && !builtFromVCS(bi) {
		return ""
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if modulePathOf(filepath.Join(dir, "go.mod")) == modulePath {
			if _, err := os.Stat(filepath.Join(dir, "cmd", drawProgram)); err == nil {
				return dir
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// builtFromVCS reports whether go build stamped the executable with the
// revision of the tree it was built in (go install of a version does not).
func builtFromVCS(bi *debug.BuildInfo) bool {
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			return true
		}
	}
	return false
}

// modulePathOf is the module path a go.mod declares, "" when the file
// cannot be read or declares none.
func modulePathOf(gomod string) string {
	f, err := os.Open(gomod)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
