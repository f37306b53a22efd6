package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vpctrace/vpctrace/render/diagram"
	"github.com/vpctrace/vpctrace/sim"
)

const diagramUsage = `Usage: vpctrace diagram [flags] -o FILE [PATH]

Draws the network of PATH nested region > VPC > Availability Zone > subnet,
the AWS services and the internet outside it, and each call of one workload
as a path from the task to its service through the components its trace
passed: green and solid when reachable, red and dashed ending at the
blocking component with a ✗ and the reason code when blocked. PATH is read
as trace reads it ("-" for standard input); with no PATH it draws the
built-in example. Rendering is in-process: no system Graphviz
is needed.

It says on stderr which file it wrote and which workload it drew, and
exits 0 once the file is written, whether or not the workload starts
(trace gives the verdict); 2 when the command line or the input is wrong.

Flags:
  -o FILE            the output file (required); "-" writes to stdout
  --format FORMAT    svg, dot or png (default: from FILE's extension)
  --workload NAME    the workload to draw (default: the first that would
                     not start, else the first)
  --call KIND        draw only that call's paths (e.g. ecr-auth, logs)
  --placement SUBNET draw only the placements in that subnet
  --path-only        draw only the components the drawn calls pass
  --fail-on-error    exit 1, as trace does, when some workload would not
                     start or could not be traced
` + inputFlagsUsage

// runDiagram is "vpctrace diagram".
func runDiagram(args []string, stdout, stderr io.Writer) int {
	var (
		o                     traceOptions
		out, format           string
		workload, call, plcm  string
		pathOnly, failOnError bool
	)
	fs := newFlagSet("diagram", diagramUsage, stderr)
	fs.StringVar(&out, "o", "", "the output file")
	fs.StringVar(&format, "format", "", "svg, dot or png")
	fs.StringVar(&workload, "workload", "", "the workload to draw")
	fs.StringVar(&call, "call", "", "draw only this call kind")
	fs.StringVar(&plcm, "placement", "", "draw only this placement subnet")
	fs.BoolVar(&pathOnly, "path-only", false, "draw only the components the drawn calls pass")
	fs.BoolVar(&failOnError, "fail-on-error", false, "exit 1 when some workload would not start")
	o.addInputFlags(fs)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if err := o.checkInputFlags(paths); err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	f, err := diagramFormat(out, format, len(paths))
	if err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	w, name, diags, ok := loadOne(paths, o, "drawing", stderr)
	if !ok {
		return exitBadInput
	}
	r := simulate(w)
	bad := badInput(mergeDiagnostics(diags, r.Diagnostics))
	g, err := diagram.Build(w, r, diagram.Options{Workload: workload, Call: call, Placement: plcm, PathOnly: pathOnly})
	if err != nil {
		fmt.Fprintf(stderr, "vpctrace: %s: %v\n", name, err)
		return exitBadInput
	}
	data, err := draw(context.Background(), g.DOT(), f)
	if err != nil {
		fmt.Fprintf(stderr, "vpctrace: drawing the diagram: %v\n", err)
		return exitBadInput
	}
	if out == "-" {
		_, err = stdout.Write(data)
	} else {
		err = os.WriteFile(out, data, 0o666)
	}
	if err != nil {
		fmt.Fprintf(stderr, "vpctrace: writing the diagram: %v\n", err)
		return exitBadInput
	}
	where := out
	if out == "-" {
		where = "the diagram to standard output"
	}
	wrote := fmt.Sprintf("vpctrace: wrote %s%s\n", where, drawnWorkload(r, g.Workload))
	if len(bad) > 0 {
		// Drawn, but the input is wrong: say why, as trace does.
		printDiagnostics(stderr, name, bad)
		io.WriteString(stderr, wrote)
		return exitBadInput
	}
	printWarnings(stderr, name, mergeDiagnostics(diags, r.Diagnostics))
	io.WriteString(stderr, wrote)
	if failOnError {
		return reportStatus(r, false)
	}
	return exitOK
}

// drawnWorkload says which workload a diagram draws and whether it
// starts, for the line that names the file written.
func drawnWorkload(r sim.Report, name string) string {
	for _, wl := range r.Workloads {
		if wl.Name != name {
			continue
		}
		state := "which starts"
		switch {
		case wl.Outcome == sim.OutcomeFails:
			state = "which would not start"
		case !wl.Traced:
			state = "which could not be traced"
		case wl.Outcome == sim.OutcomeUnknown:
			state = "whose start cannot be told"
		}
		return fmt.Sprintf(": workload %s, %s", name, state)
	}
	return ": the network only (no workloads)"
}

// diagramFormat checks the flags and picks the output format: --format,
// else the output file's extension.
func diagramFormat(out, format string, paths int) (diagram.Format, error) {
	if paths > 1 {
		return "", fmt.Errorf("diagram draws one PATH, got %d", paths)
	}
	if out == "" {
		return "", errors.New("diagram needs -o FILE (.svg, .dot or .png, or - for stdout with --format)")
	}
	if format != "" {
		return diagram.ParseFormat(format)
	}
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
	if out == "-" || ext == "" {
		return "", fmt.Errorf("cannot tell the format of %q; give --format svg, dot or png", out)
	}
	f, err := diagram.ParseFormat(ext)
	if err != nil {
		return "", fmt.Errorf("%s: unknown extension %q; want .svg, .dot or .png, or give --format", out, "."+ext)
	}
	return f, nil
}
