package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/model/terraform"
	"github.com/vpctrace/vpctrace/model/tfjson"
	jsonout "github.com/vpctrace/vpctrace/render/json"
	"github.com/vpctrace/vpctrace/render/text"
	"github.com/vpctrace/vpctrace/sim"
)

// The stages trace wires together; tests replace them.
var (
	loadScenario  = scenario.LoadFile
	loadTerraform = terraform.Load
	loadTFJSON    = tfjson.Load
	loadSnapshot  = tfjson.LoadSnapshot
	// decodeScenario and decodeTFJSON read what a stream holds (standard
	// input, a pipe).
	decodeScenario = scenario.Decode
	decodeTFJSON   = tfjson.Decode
	loadExample    = func() (*model.World, model.Diagnostics) {
		return scenario.Decode(example.SeedFile, example.Seed)
	}
	simulate = sim.Run
	// environ is the environment Terraform roots are read with (TF_VAR_*,
	// AWS_REGION, AWS_DEFAULT_REGION).
	environ = os.Environ
)

const traceUsage = `Usage: vpctrace trace [flags] [PATH...]

Traces every call each ECS workload in PATH makes and says whether its tasks
would start. PATH is a scenario file (.yaml or .yml), a Terraform root
module directory, or a plan or state JSON file (terraform show -json); "-"
reads a scenario or a plan from standard input, and a pipe such as
<(terraform show -json tfplan) is read the same way, its kind told by its
content (at most 256 MiB). With no PATH, trace runs on the built-in example. Flags may come before or after
the PATHs. A plan alone leaves unknown what only the configuration shows;
for a full answer give both: vpctrace trace --plan plan.json DIR.

Flags:
  --format FORMAT   text (default) or json (one PATH only); markdown is not supported yet
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
	verbose       bool
	failOnUnknown bool
	color         string
	plan          string
	state         string
	vars          stringList
	varFiles      stringList
	region        string
	account       string
	maxPlanSize   int64 // 0: the defaults, tfjson.MaxFileSize and maxStreamSize
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// input is one thing to trace: its name for messages and how to load it.
type input struct {
	name string
	load func() (*model.World, model.Diagnostics, error)
}

// runTrace is "vpctrace trace".
func runTrace(args []string, stdout, stderr io.Writer) int {
	var o traceOptions
	fs := newFlagSet("trace", traceUsage, stderr)
	fs.StringVar(&o.format, "format", "text", "output format: text or json")
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
	inputs := pathInputs(paths, o)
	if len(paths) == 0 {
		fmt.Fprintf(stderr, "vpctrace: no PATH given; tracing the built-in example (the seed article's network: %s)\n", example.SeedFile)
		inputs = []input{{name: example.SeedFile, load: withNoError(loadExample)}}
	}
	t := tracer{opts: o, color: useColor(o.color, stdout), stdout: stdout, stderr: stderr}
	status := exitOK
	for i, in := range inputs {
		if len(inputs) > 1 {
			t.heading(i, in.name)
		}
		status = max(status, t.trace(in))
	}
	return status
}

// check reports flag values the command cannot honour.
func (o traceOptions) check(paths []string) error {
	if err := o.checkInputFlags(paths); err != nil {
		return err
	}
	switch o.format {
	case "text":
	case "json":
		if len(paths) > 1 {
			return fmt.Errorf("--format json traces one PATH at a time, got %d", len(paths))
		}
	case "markdown":
		return errors.New("--format markdown is not supported yet; use text or json")
	default:
		return fmt.Errorf("unknown --format %q; want text or json", o.format)
	}
	switch o.color {
	case "auto", "always", "never":
		return nil
	}
	return fmt.Errorf("unknown --color %q; want auto, always or never", o.color)
}

func pathInputs(paths []string, o traceOptions) []input {
	inputs := make([]input, len(paths))
	for i, p := range paths {
		inputs[i] = input{name: displayName(p), load: func() (*model.World, model.Diagnostics, error) { return loadPath(p, o) }}
	}
	return inputs
}

func withNoError(load func() (*model.World, model.Diagnostics)) func() (*model.World, model.Diagnostics, error) {
	return func() (*model.World, model.Diagnostics, error) {
		w, ds := load()
		return w, ds, nil
	}
}

// loadPath detects the kind of input at path and loads it: a file by its
// name, a stream (standard input, a pipe) by its content. The error is set
// when the path cannot be traced at all; problems inside the input are
// diagnostics, and a nil world means they stop the run.
func loadPath(path string, o traceOptions) (*model.World, model.Diagnostics, error) {
	if isStream(path) {
		return loadStream(path, o)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	switch ext := strings.ToLower(filepath.Ext(path)); {
	case info.IsDir():
		if !terraform.IsRoot(path) {
			return nil, nil, fmt.Errorf("%s: no *.tf files: not a Terraform root module", path)
		}
		opts := terraform.Options{Vars: o.vars, VarFiles: o.varFiles, Region: o.region, Account: o.account, Environ: environ()}
		if _, file := o.snapshotFlag(); file != "" {
			snap, ds := loadSnapshotStream(file, o.maxPlanSize)
			if snap == nil {
				return nil, ds, nil
			}
			opts.Prior = snap
		}
		w, ds := loadTerraform(path, opts)
		return stopOnFatal(w, ds), ds, nil
	case ext == ".json":
		w, ds := loadTFJSON(path, tfjson.Options{Region: o.region, Account: o.account, MaxFileSize: o.maxPlanSize})
		return stopOnFatal(w, ds), ds, nil
	case ext == ".yaml" || ext == ".yml":
		w, ds := loadScenario(path)
		if ds.HasErrors() {
			w = nil
		}
		return w, ds, nil
	}
	return nil, nil, fmt.Errorf("%s: unknown kind of input; want a scenario file (.yaml or .yml), a Terraform root directory or a plan/state JSON file", path)
}

// loadOne loads the one PATH of diagram or tui, or the built-in example
// when there is none, which it announces on stderr when verb is set (e.g.
// "drawing"). It returns ok false after printing why the input cannot be
// used.
func loadOne(paths []string, o traceOptions, verb string, stderr io.Writer) (w *model.World, name string, diags model.Diagnostics, ok bool) {
	in := input{name: example.SeedFile, load: withNoError(loadExample)}
	if len(paths) == 1 {
		in = pathInputs(paths, o)[0]
	} else if verb != "" {
		fmt.Fprintf(stderr, "vpctrace: no PATH given; %s the built-in example (the seed article's network: %s)\n", verb, example.SeedFile)
	}
	w, diags, err := in.load()
	if err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return nil, in.name, diags, false
	}
	if w == nil {
		printDiagnostics(stderr, in.name, diags.Errors())
		return nil, in.name, diags, false
	}
	return w, in.name, diags, true
}

// stopOnFatal returns nil when a Terraform input has an error Terraform
// itself would refuse to plan with. Errors that are AWS's refusals at apply
// time ("aws-rejects-...") or limits of the model ("not-supported") are
// reported with the trace, whose affected calls are then unknown; the exit
// status is 2 all the same (see badInput).
func stopOnFatal(w *model.World, ds model.Diagnostics) *model.World {
	for _, d := range ds.Errors() {
		if !strings.HasPrefix(d.Code, "aws-rejects-") && d.Code != "not-supported" && d.Code != "private-dns-needs-vpc-dns" {
			return nil
		}
	}
	return w
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
// cannot be loaded, the errors go to stderr and, with --format json, the
// document is printed with its diagnostics and no workloads.
func (t tracer) trace(in input) int {
	w, diags, err := in.load()
	if err != nil {
		fmt.Fprintf(t.stderr, "vpctrace: %v\n", err)
		diags = model.Diagnostics{{Severity: model.SeverityError, Code: codeUnreadableInput, Message: err.Error(), Source: model.Pos{File: in.name}}}
	}
	if w == nil {
		if err == nil {
			printDiagnostics(t.stderr, in.name, diags.Errors())
		}
		if t.opts.format == "json" {
			diags = slices.Clone(diags)
			diags.Sort()
			if err := jsonout.Write(t.stdout, sim.Report{Diagnostics: diags}); err != nil {
				fmt.Fprintf(t.stderr, "vpctrace: writing the report: %v\n", err)
			}
		}
		return exitBadInput
	}
	r := simulate(w)
	r.Diagnostics = mergeDiagnostics(diags, r.Diagnostics)
	if len(w.Services) == 0 && len(w.TaskDefinitions) == 0 && !slices.ContainsFunc(r.Diagnostics, isNothingToTrace) {
		r.Diagnostics = mergeDiagnostics(r.Diagnostics, model.Diagnostics{nothingToTrace(in.name)})
	}
	if err := t.render(r); err != nil {
		fmt.Fprintf(t.stderr, "vpctrace: writing the report: %v\n", err)
		return exitBadInput
	}
	if bad := badInput(r.Diagnostics); len(bad) > 0 {
		printDiagnostics(t.stderr, in.name, bad)
		return exitBadInput
	}
	return reportStatus(r, t.opts.failOnUnknown)
}

// badInput returns the diagnostics that make an input wrong even though
// it could be traced (exit status 2): every error, the loader's and the
// engine's, and the warning that it declares nothing to trace.
func badInput(diags model.Diagnostics) model.Diagnostics {
	var out model.Diagnostics
	for _, d := range diags {
		if d.Severity == model.SeverityError || isNothingToTrace(d) {
			out = append(out, d)
		}
	}
	return out
}

// Diagnostic codes of the trace command.
const (
	// codeUnreadableInput: the PATH cannot be read or its kind told.
	codeUnreadableInput = "unreadable-input"
	// codeNoWorkloads: the input declares no ECS service or task
	// definition. The scenario loader gives it too, at the end of the
	// file.
	codeNoWorkloads = scenario.CodeNoWorkloads
)

func isNothingToTrace(d model.Diagnostic) bool { return d.Code == codeNoWorkloads }

// nothingToTrace says that an input declares no ECS workload, with a hint
// for the kind of input it is. It is a warning, and the exit status is 2:
// an input cut short, or a module refused, must not pass for one whose
// workloads all start.
func nothingToTrace(name string) model.Diagnostic {
	hint := "a scenario lists them under services: and task_definitions:"
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case ext == ".json" || name == stdinName || isStream(name):
		// A stream that held a scenario has the scenario's own warning.
		hint = "vpctrace traces aws_ecs_service and aws_ecs_task_definition; is this the plan or state of the root that declares them?"
	case ext != ".yaml" && ext != ".yml":
		hint = "vpctrace traces aws_ecs_service and aws_ecs_task_definition; is this the root module that declares them (not a module it calls)?"
	}
	return model.Diagnostic{Severity: model.SeverityWarning, Code: codeNoWorkloads, Source: model.Pos{File: name},
		Message: fmt.Sprintf("no ECS services or task definitions: nothing to trace (%s)", hint)}
}

func (t tracer) render(r sim.Report) error {
	if t.opts.format == "json" {
		return jsonout.Write(t.stdout, r)
	}
	return text.Write(t.stdout, r, text.Options{Verbose: t.opts.verbose, Color: t.color})
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
