package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/load"
	jsonout "github.com/vpctrace/vpctrace/render/json"
	"github.com/vpctrace/vpctrace/render/junit"
	"github.com/vpctrace/vpctrace/render/markdown"
	"github.com/vpctrace/vpctrace/render/sarif"
	"github.com/vpctrace/vpctrace/render/text"
	"github.com/vpctrace/vpctrace/sim"
)

// The stages trace wires together; tests replace them.
var (
	// detect finds the format of an input.
	detect   = load.Detect
	simulate = sim.Run
	// environ is the environment Terraform roots are read with (TF_VAR_*,
	// AWS_REGION, AWS_DEFAULT_REGION).
	environ = os.Environ
	// stdin is what the PATH "-" reads.
	stdin io.Reader = os.Stdin
)

const traceUsage = `Usage: vpctrace trace [flags] [PATH...]

Traces every call each ECS workload in PATH makes and says whether its tasks
would start. PATH is a scenario file (.yaml or .yml), a Terraform root
module directory, a plan or state JSON file (terraform show -json), or an
account snapshot folder (AWS CLI JSON output; see vpctrace help
snapshot-commands); "-" reads a scenario or a plan from standard input, and
a pipe such as <(terraform show -json tfplan) is read the same way, its
kind told by its content (at most 256 MiB); --input says the kind instead.
With no PATH, trace runs on the built-in example. Flags may come before or
after the PATHs. A plan alone leaves unknown what only the configuration
shows; for a full answer give both: vpctrace trace --plan plan.json DIR.

Flags:
  --format FORMAT   text (default), json, sarif (SARIF 2.1.0 for code scanning,
                    locations relative to the working directory), junit
                    (JUnit XML: a test suite per workload, a test case per
                    call) or markdown (a pull request comment); all but
                    text trace one PATH only, and sarif, junit and
                    markdown leave warnings to stderr
  -o, --output FILE write the output to FILE (created or truncated) instead
                    of stdout, in any format; "-" is stdout
  -v, --verbose     text: print every placement's hops and steps
  --fail-on-unknown exit 1 also when whether some workload starts cannot be told
  --color WHEN      auto (default: when stdout is a terminal and NO_COLOR is not set),
                    always or never
` + inputFlagsUsage + `
Exit status: 0 when every workload starts or only cannot be told (a value
known only after apply, an object outside the input); 1 when some workload
would not start, when the calls of one cannot be listed at all (not traced),
or, with --fail-on-unknown, when one cannot be told; 2 when the input or the
command line is wrong: errors name file:line:column, and with --format json
the vpctrace/v1 document is still printed, with its diagnostics and no
workloads.
`

// traceOptions are the trace command's flags.
type traceOptions struct {
	format        string
	output        string // -o, --output: the file to write; "" or "-" for stdout
	verbose       bool
	failOnUnknown bool
	color         string
	plan          string
	state         string
	vars          stringList
	varFiles      stringList
	region        string
	account       string
	logDriverMode string // --default-log-driver-mode
	maxPlanSize   int64  // 0: the defaults, tfjson.MaxFileSize and load.MaxStreamSize
	ptcCache      model.CacheState
	vpcBPA        string
	input         string // --input: the name of the format to read PATH as; "" to detect it
	// command is the command whose flag set the input flags are on
	// (addInputFlags), for the commands messages suggest.
	command string
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// input is one thing to trace: its name for messages and how to open it.
type input struct {
	name string
	open func(load.Options) (*load.Input, error)
}

// builtIn is the built-in example, used when no PATH is given.
var builtIn = input{name: example.SeedFile, open: func(load.Options) (*load.Input, error) {
	return load.Bytes(example.SeedFile, example.Seed), nil
}}

// runTrace is "vpctrace trace".
func runTrace(args []string, stdout, stderr io.Writer) int {
	var o traceOptions
	fs := newFlagSet("trace", traceUsage, stderr)
	fs.StringVar(&o.format, "format", "text", "output format: text, json, sarif, junit or markdown")
	fs.StringVar(&o.output, "o", "", "write the output to FILE instead of stdout")
	fs.StringVar(&o.output, "output", "", "write the output to FILE instead of stdout")
	fs.BoolVar(&o.verbose, "v", false, "print every placement's hops and steps")
	fs.BoolVar(&o.verbose, "verbose", false, "print every placement's hops and steps")
	fs.BoolVar(&o.failOnUnknown, "fail-on-unknown", false, "exit 1 also when whether a workload starts cannot be told")
	fs.StringVar(&o.color, "color", "auto", "auto, always or never")
	o.addInputFlags(fs)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if err := o.check(paths); err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	inputs := pathInputs(paths)
	if len(paths) == 0 {
		fmt.Fprintf(stderr, "vpctrace: no PATH given; tracing the built-in example (the seed article's network: %s)\n", example.SeedFile)
		inputs = []input{builtIn}
	}
	out, closeOut, err := openOutput(o.output, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	t := tracer{opts: o, color: useColor(o.color, out), stdout: out, stderr: stderr}
	status := exitOK
	for i, in := range inputs {
		if len(inputs) > 1 {
			t.heading(i, in.name)
		}
		status = max(status, t.trace(in))
	}
	if err := closeOut(); err != nil {
		fmt.Fprintf(stderr, "vpctrace: writing %s: %v\n", o.output, err)
		return exitBadInput
	}
	return status
}

// openOutput is where the report goes: stdout when path is "" or "-",
// else the file at path, created or truncated. close closes the file.
func openOutput(path string, stdout io.Writer) (w io.Writer, close func() error, err error) {
	if path == "" || path == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot write the output: %w", err)
	}
	return f, f.Close, nil
}

// check reports flag values the command cannot honour.
func (o traceOptions) check(paths []string) error {
	if err := o.checkInputFlags(paths); err != nil {
		return err
	}
	switch o.format {
	case "text":
	case "json", "sarif", "junit", "markdown":
		if len(paths) > 1 {
			return fmt.Errorf("--format %s traces one PATH at a time, got %d", o.format, len(paths))
		}
	default:
		return fmt.Errorf("unknown --format %q; want text, json, sarif, junit or markdown", o.format)
	}
	switch o.color {
	case "auto", "always", "never":
		return nil
	}
	return fmt.Errorf("unknown --color %q; want auto, always or never", o.color)
}

// pathInputs are the inputs at paths.
func pathInputs(paths []string) []input {
	inputs := make([]input, len(paths))
	for i, p := range paths {
		inputs[i] = input{name: load.Name(p), open: func(opts load.Options) (*load.Input, error) { return load.Open(p, opts) }}
	}
	return inputs
}

// loadOptions are the flags that say how to read an input.
func (o traceOptions) loadOptions() load.Options {
	_, snapshot := o.snapshotFlag()
	return load.Options{Vars: o.vars, VarFiles: o.varFiles, Region: o.region, Account: o.account, Environ: environ(),
		Snapshot: snapshot, MaxSize: o.maxPlanSize, Stdin: stdin, PTCCache: o.ptcCache, DefaultLogDriverMode: o.logDriverMode,
		VPCBPA: o.vpcBPA}
}

// loaded is an input read.
type loaded struct {
	format load.Format
	// world is nil when the diagnostics stop the run (load.Usable).
	world *model.World
	diags model.Diagnostics
}

// load opens in, finds its format and reads it. The error is set when in
// cannot be traced at all; problems inside the input are diagnostics.
func (in input) load(o traceOptions) (loaded, error) {
	opts := o.loadOptions()
	li, err := in.open(opts)
	if err != nil {
		return loaded{}, err
	}
	f, err := o.detectFormat(li)
	if err != nil {
		return loaded{}, err
	}
	w, ds := f.Read(li, opts)
	return loaded{format: f, world: w, diags: ds}, nil
}

// loadOne loads the one PATH of diagram or tui, or the built-in example
// when there is none, which it announces on stderr when verb is set (e.g.
// "drawing"). It returns ok false after printing why the input cannot be
// used.
func loadOne(paths []string, o traceOptions, verb string, stderr io.Writer) (w *model.World, name string, diags model.Diagnostics, ok bool) {
	in := builtIn
	if len(paths) == 1 {
		in = pathInputs(paths)[0]
	} else if verb != "" {
		fmt.Fprintf(stderr, "vpctrace: no PATH given; %s the built-in example (the seed article's network: %s)\n", verb, example.SeedFile)
	}
	l, err := in.load(o)
	if err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return nil, in.name, nil, false
	}
	o.warnIgnored(stderr, in.name, l.format.Name)
	if l.world == nil {
		printDiagnostics(stderr, in.name, l.diags.Errors())
		return nil, in.name, l.diags, false
	}
	return l.world, in.name, l.diags, true
}

// useColor decides the --color setting: auto means stdout is a terminal,
// NO_COLOR is unset or empty and TERM is not "dumb".
func useColor(mode string, stdout io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return isTerminal(stdout) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// tracer loads, simulates and renders inputs one by one.
type tracer struct {
	opts           traceOptions
	color          bool
	stdout, stderr io.Writer
}

// heading starts the text section of the i-th of several inputs.
func (t tracer) heading(i int, name string) {
	if i > 0 {
		fmt.Fprintln(t.stdout)
	}
	fmt.Fprintf(t.stdout, "== %s ==\n\n", name)
}

// trace traces one input and returns its exit status. When the input
// cannot be loaded, the errors go to stderr and, in every format but
// text, the document is printed with its diagnostics and no workloads (a
// SARIF log whose invocation failed, JUnit test cases in error, a
// Markdown list of the errors), so CI always has a file.
func (t tracer) trace(in input) int {
	l, err := in.load(t.opts)
	diags := l.diags
	if err != nil {
		fmt.Fprintf(t.stderr, "vpctrace: %v\n", err)
		diags = model.Diagnostics{load.Unreadable(in.name, err)}
	} else {
		t.opts.warnIgnored(t.stderr, in.name, l.format.Name)
	}
	if l.world == nil {
		if err == nil {
			printDiagnostics(t.stderr, in.name, diags.Errors())
		}
		if t.opts.format != "text" {
			diags = slices.Clone(diags)
			diags.Sort()
			if err := t.render(sim.Report{Diagnostics: diags}); err != nil {
				fmt.Fprintf(t.stderr, "vpctrace: writing the report: %v\n", err)
			}
		}
		return exitBadInput
	}
	r := simulate(l.world)
	r.Diagnostics = mergeDiagnostics(diags, r.Diagnostics)
	if d, ok := load.NothingToTrace(l.format, in.name, l.world, r.Diagnostics); ok {
		r.Diagnostics = mergeDiagnostics(r.Diagnostics, model.Diagnostics{d})
	}
	if err := t.render(r); err != nil {
		fmt.Fprintf(t.stderr, "vpctrace: writing the report: %v\n", err)
		return exitBadInput
	}
	if !t.showsDiagnostics() {
		printWarnings(t.stderr, in.name, r.Diagnostics)
	}
	if bad := badInput(r.Diagnostics); len(bad) > 0 {
		printDiagnostics(t.stderr, in.name, bad)
		return exitBadInput
	}
	return reportStatus(r, t.opts.failOnUnknown)
}

// badInput returns the diagnostics that make an input wrong even though
// it could be traced (exit status 2; load.Wrong).
func badInput(diags model.Diagnostics) model.Diagnostics {
	var out model.Diagnostics
	for _, d := range diags {
		if load.Wrong(d) {
			out = append(out, d)
		}
	}
	return out
}

// showsDiagnostics says whether the output format has a place for the
// report's warnings (text and json); the others leave them to stderr.
func (t tracer) showsDiagnostics() bool {
	return t.opts.format == "text" || t.opts.format == "json"
}

func (t tracer) render(r sim.Report) error {
	switch t.opts.format {
	case "json":
		return jsonout.Write(t.stdout, r)
	case "sarif":
		return sarif.Write(t.stdout, r, sarif.Options{Version: versionString(), BaseDir: workDir()})
	case "junit":
		return junit.Write(t.stdout, r, junit.Options{})
	case "markdown":
		return markdown.Write(t.stdout, r, markdown.Options{})
	}
	return text.Write(t.stdout, r, text.Options{Verbose: t.opts.verbose, Color: t.color})
}

// workDir is the working directory, which output formats make absolute
// positions relative to ("" when it cannot be told).
func workDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return wd
}

// printWarnings prints the warnings among diags, as printDiagnostics
// does: for diagram and tui, whose output has no place for them.
func printWarnings(stderr io.Writer, name string, diags model.Diagnostics) {
	var warnings model.Diagnostics
	for _, d := range diags {
		if d.Severity == model.SeverityWarning {
			warnings = append(warnings, d)
		}
	}
	if len(warnings) > 0 {
		printDiagnostics(stderr, name, warnings)
	}
}

// printDiagnostics writes each diagnostic as "file:line:col: severity:
// message", naming the input when the diagnostic has no position, or says
// that the input could not be loaded when there is none.
func printDiagnostics(stderr io.Writer, name string, diags model.Diagnostics) {
	if len(diags) == 0 {
		fmt.Fprintf(stderr, "%s: error: the input could not be loaded\n", name)
	}
	for _, d := range diags {
		if d.Source.IsValid() {
			fmt.Fprintln(stderr, d.String())
		} else {
			fmt.Fprintf(stderr, "%s: %s\n", name, d.String())
		}
	}
}

// mergeDiagnostics returns the loader's diagnostics and the engine's in one
// sorted list, without changing either.
func mergeDiagnostics(load, engine model.Diagnostics) model.Diagnostics {
	all := slices.Concat(load, engine)
	all.Sort()
	return all
}

// reportStatus is 1 when some workload would not start or could not be
// traced (its calls cannot be listed), or with failOnUnknown when whether
// one starts cannot be told; else 0 (architecture.md "CLI and exit status").
func reportStatus(r sim.Report, failOnUnknown bool) int {
	for _, wl := range r.Workloads {
		switch {
		case wl.Starts:
		case wl.Outcome == sim.OutcomeFails, !wl.Traced, failOnUnknown:
			return exitNoStart
		}
	}
	return exitOK
}
