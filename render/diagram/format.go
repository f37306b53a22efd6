package diagram

import (
	"context"
	"fmt"
)

// Format is an output format.
type Format string

// Formats a Drawer writes.
const (
	FormatDOT Format = "dot"
	FormatSVG Format = "svg"
	FormatPNG Format = "png"
)

// ParseFormat returns the format named s ("svg", "dot", "gv" or "png").
func ParseFormat(s string) (Format, error) {
	switch s {
	case "svg":
		return FormatSVG, nil
	case "dot", "gv":
		return FormatDOT, nil
	case "png":
		return FormatPNG, nil
	}
	return "", fmt.Errorf("unknown format %q; want svg, dot or png", s)
}

// A Drawer lays out a graph's DOT and draws it in format; for FormatDOT it
// returns dot unchanged. Package graphviz's Render draws in-process.
//
// This package never links Graphviz, whose WebAssembly runtime costs
// every process that links it 50 ms to 1 s before main runs: a program
// that draws only now and then (the vpctrace command) takes a Drawer that
// runs a separate drawing program instead.
type Drawer func(ctx context.Context, dot []byte, format Format) ([]byte, error)
