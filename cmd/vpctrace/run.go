package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// Exit statuses.
const (
	exitOK       = 0 // every workload starts, or only cannot be told
	exitNoStart  = 1 // some workload would not start, or could not be traced
	exitBadInput = 2 // the input or the command line is wrong
)

// version is the release, set with -ldflags "-X main.version=v1.2.3"; when
// empty the module version from the build information is used.
var version = ""

const usage = `vpctrace simulates, offline, the network path of every AWS call that ECS
makes for each task (image pull, logs, secrets, ...) and says whether the
task would start.

Usage:
  vpctrace trace [--format text|json|sarif|junit|markdown] [-o FILE] [-v] [--fail-on-unknown] [--color auto|always|never] [PATH...]
  vpctrace diagram [--workload NAME] [--call KIND] [--placement SUBNET] [--path-only] [--fail-on-error] [--format svg|dot|png] -o FILE [PATH]
  vpctrace tui [PATH]
  vpctrace fix [--apply] [--strategy endpoints|nat|cheapest] [--gb-per-month N] PATH
  vpctrace snapshot-commands [--region REGION] [--cluster NAME]... [-o FILE]
  vpctrace requirements [--launch-type FARGATE|EC2] [--platform-version VERSION]
  vpctrace version (or --version, -V)
  vpctrace help [COMMAND] (or COMMAND --help, -h)

PATH is a scenario file (.yaml or .yml), a Terraform root module directory
(not one of its .tf files), a plan or state JSON file (terraform show
-json), or an account snapshot folder (AWS CLI JSON output, which the
script of snapshot-commands collects); "-" (trace and diagram) or a pipe
reads a scenario or a plan, told apart by content, and --input KIND says
the kind instead. trace, diagram, tui and fix also take --var, --var-file,
--region and --account for Terraform (a warning says when the input does
not use them). With no PATH, trace, diagram and tui use the built-in
example, the network of the article vpctrace started from.

Exit status: 0 every workload starts (or only cannot be told), 1 some
workload would not start or could not be traced, 2 the input or the
command line is wrong. diagram exits 0 once its file is written (1 as
trace with --fail-on-error).
`

const versionUsage = `Usage: vpctrace version

Prints the version of vpctrace. vpctrace --version and vpctrace -V print
the same.
`

const helpUsage = `Usage: vpctrace help [COMMAND]

Prints how to use vpctrace, or COMMAND (trace, diagram, tui, fix,
snapshot-commands, requirements, version or help), on standard output.
vpctrace COMMAND --help and vpctrace COMMAND -h print the same.
`

// command is one of vpctrace's commands.
type command struct {
	name  string
	usage string
	run   func(args []string, stdout, stderr io.Writer) int
}

// commands lists vpctrace's commands, in the order the usage names them.
func commands() []command {
	return []command{
		{"trace", traceUsage, runTrace},
		{"diagram", diagramUsage, runDiagram},
		{"tui", tuiUsage, runTUI},
		{"fix", fixUsage, runFix},
		{"snapshot-commands", snapshotCommandsUsage, runSnapshotCommands},
		{"requirements", requirementsUsage, runRequirements},
		{"version", versionUsage, runVersion},
		{"help", helpUsage, runHelp},
	}
}

// commandNamed returns the command called name.
func commandNamed(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// run is the whole command: it parses args, writes results to stdout and
// messages to stderr, and returns the exit status. Help, asked for, goes
// to stdout with status 0.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitBadInput
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help":
		return runHelp(rest, stdout, stderr)
	case "-V", "--version":
		return runVersion(rest, stdout, stderr)
	}
	cmd, ok := commandNamed(name)
	if !ok {
		fmt.Fprintf(stderr, "vpctrace: unknown command %q\nrun 'vpctrace help' for the commands\n", name)
		return exitBadInput
	}
	if asksForHelp(rest) {
		fmt.Fprint(stdout, cmd.usage)
		return exitOK
	}
	return cmd.run(rest, stdout, stderr)
}

// asksForHelp reports whether args, before any "--", hold -h, -help or
// --help (also with a value, as -h=true), wherever they stand.
func asksForHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && (name == "h" || name == "help") {
			return true
		}
	}
	return false
}

// runHelp prints the usage, or a command's usage, on stdout.
func runHelp(args []string, stdout, stderr io.Writer) int {
	switch len(args) {
	case 0:
		fmt.Fprint(stdout, usage)
		return exitOK
	case 1:
		if cmd, ok := commandNamed(args[0]); ok {
			fmt.Fprint(stdout, cmd.usage)
			return exitOK
		}
		fmt.Fprintf(stderr, "vpctrace help: unknown command %q\nrun 'vpctrace help' for the commands\n", args[0])
	default:
		fmt.Fprintf(stderr, "vpctrace help: give one command, got %q\nrun 'vpctrace help help' for usage\n", strings.Join(args, " "))
	}
	return exitBadInput
}

// runVersion is "vpctrace version", also "--version" and "-V".
func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", versionUsage, stderr)
	operands, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(operands) > 0 {
		usageError(stderr, "version", fmt.Sprintf("takes no arguments, got %q", operands[0]))
		return exitBadInput
	}
	fmt.Fprintln(stdout, "vpctrace", versionString())
	return exitOK
}

func versionString() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// flagSet is a command's flag set. Its errors are printed, by parseArgs,
// as one line that names the command and one that says where its usage
// is, not as the whole usage.
type flagSet struct {
	*flag.FlagSet
	stderr io.Writer
	usage  string
}

// newFlagSet returns the flag set of the command name, whose usage is
// usageText, reporting errors to stderr.
func newFlagSet(name, usageText string, stderr io.Writer) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parseArgs words the errors
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, stderr: stderr, usage: usageText}
}

// parseArgs parses fs's flags wherever they appear in args, so that flags
// may follow the operands, and returns the operands in order. Everything
// after "--" is an operand. A flag error is printed as usageError does;
// -h, which run answers before a command parses its flags, prints the
// usage.
func parseArgs(fs *flagSet, args []string) ([]string, error) {
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(fs.stderr, fs.usage)
			} else {
				usageError(fs.stderr, fs.Name(), fs.suggest(flagMessage(err)))
			}
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return operands, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(operands, rest...), nil
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
}

// suggest adds to the message of an unknown flag the flag of fs its
// name is closest to, when one is close: a typo (--verbos), or the start
// of a longer name (--fail).
func (fs *flagSet) suggest(msg string) string {
	typed, ok := strings.CutPrefix(msg, "unknown flag ")
	if !ok {
		return msg
	}
	name := strings.TrimLeft(typed, "-")
	best, bestDist := "", 3 // at most 2 edits away
	fs.VisitAll(func(f *flag.Flag) {
		d := editDistance(name, f.Name)
		if len(name) >= 3 && strings.HasPrefix(f.Name, name) {
			d = 1
		}
		if d < bestDist {
			best, bestDist = f.Name, d
		}
	})
	if best == "" || len(name) < 2 {
		return msg
	}
	return fmt.Sprintf("%s (did you mean %s?)", msg, flagName(best))
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// usageError prints a mistake in the command line of the command name:
// "vpctrace NAME: MESSAGE", then where its usage is.
func usageError(stderr io.Writer, name, message string) {
	fmt.Fprintf(stderr, "vpctrace %s: %s\nrun 'vpctrace help %s' for usage\n", name, message, name)
}

// flagMessage words an error of package flag as vpctrace's usage names
// flags: --name, or -n for a one-letter name.
func flagMessage(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return "unknown flag " + flagName(name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return flagName(name) + " needs a value"
	}
	for _, prefix := range []string{"invalid value ", "invalid boolean value "} {
		rest, ok := strings.CutPrefix(msg, prefix)
		if !ok {
			continue
		}
		// rest is `"VALUE" for [flag ]-NAME: WHY`; VALUE is quoted by %q.
		value, tail, ok := cutQuoted(rest)
		tail = strings.TrimPrefix(strings.TrimPrefix(tail, " for "), "flag ")
		name, why, found := strings.Cut(strings.TrimPrefix(tail, "-"), ": ")
		if !ok || !found {
			break
		}
		if prefix == "invalid boolean value " {
			why = "want true or false"
		}
		if strings.Contains(why, value) {
			return flagName(name) + ": " + why // the reason names the value
		}
		return fmt.Sprintf("%s %s: %s", flagName(name), value, why)
	}
	return msg
}

// cutQuoted splits s after the Go-quoted string it starts with.
func cutQuoted(s string) (quoted, rest string, ok bool) {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return s[:i+1], s[i+1:], strings.HasPrefix(s, `"`)
		}
	}
	return "", s, false
}

// flagName is how usage names the flag name: -n for one letter, else
// --name.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// flagExit is the exit status for a flag parsing error: 0 after -h, which
// has printed the usage, and 2 otherwise.
func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitBadInput
}
