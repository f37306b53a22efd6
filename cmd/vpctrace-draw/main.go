// Command vpctrace-draw lays out a vpctrace diagram, given as Graphviz DOT
// on standard input, and writes it as SVG or PNG on standard output, with
// Graphviz in-process (github.com/goccy/go-graphviz; no system Graphviz).
//
// Usage:
//
//	vpctrace-draw -format svg|png < diagram.dot > diagram.svg
//
// vpctrace runs it for `vpctrace diagram` and for the TUI's diagram
// export; it looks for it next to its own executable, then on PATH (or
// takes the one VPCTRACE_DRAW names). Drawing is a program of its own
// because go-graphviz compiles Graphviz to native code in its package
// init, before main runs, in every process that links it: about 1 s with
// a cold cache, 50 ms with a warm one. Kept out of vpctrace, that cost is
// paid only by a command that draws.
//
// Exit status: 0 when drawn, 1 when the drawing failed (the reason on
// standard error), 2 for a bad command line.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vpctrace/vpctrace/render/diagram"
	"github.com/vpctrace/vpctrace/render/diagram/graphviz"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run draws the DOT read from stdin to stdout and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vpctrace-draw", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "svg", "the output format: svg or png (dot copies the input)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: vpctrace-draw -format svg|png < diagram.dot > diagram.svg")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "vpctrace-draw: unexpected argument %q; the DOT is read from standard input\n", fs.Arg(0))
		return 2
	}
	f, err := diagram.ParseFormat(*format)
	if err != nil {
		fmt.Fprintf(stderr, "vpctrace-draw: -format: %v\n", err)
		return 2
	}
	dot, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "vpctrace-draw: reading the DOT: %v\n", err)
		return 1
	}
	data, err := graphviz.Render(context.Background(), dot, f)
	if err == nil {
		_, err = stdout.Write(data)
	}
	if err != nil {
		// Graphviz's parse errors end with a newline of their own.
		fmt.Fprintf(stderr, "vpctrace-draw: %s\n", strings.TrimSpace(err.Error()))
		return 1
	}
	return 0
}
