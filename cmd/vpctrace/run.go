package main

import (
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
  vpctrace requirements [--launch-type FARGATE|EC2] [--platform-version VERSION]
  vpctrace version
  vpctrace help [COMMAND]

PATH is a scenario file (.yaml or .yml), a Terraform root module directory,
or a plan or state JSON file (terraform show -json); "-" (trace and diagram)
or a pipe reads a scenario or a plan, told apart by content. trace, diagram
and tui also take --var, --var-file, --region and --account for Terraform.
With no PATH they use the built-in example, the network of the article
vpctrace started from.

Exit status: 0 every workload starts (or only cannot be told), 1 some
workload would not start or could not be traced, 2 the input or the
command line is wrong. diagram exits 0 once its file is written (1 as
trace with --fail-on-error).
`

// run is the whole command: it parses args, writes results to stdout and
// messages to stderr, and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitBadInput
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "trace":
		return runTrace(rest, stdout, stderr)
	case "requirements":
		return runRequirements(rest, stdout, stderr)
	case "diagram":
		return runDiagram(rest, stdout, stderr)
	case "tui":
		return runTUI(rest, stdout, stderr)
	case "fix":
		return runFix(rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "vpctrace", versionString())
		return exitOK
	case "help", "-h", "-help", "--help":
		return runHelp(rest, stderr)
	default:
		fmt.Fprintf(stderr, "vpctrace: unknown command %q\n\n%s", cmd, usage)
		return exitBadInput
	}
}

// runHelp prints the usage, or a command's usage.
func runHelp(args []string, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		fmt.Fprint(stderr, usage)
	case len(args) == 1 && args[0] == "trace":
		fmt.Fprint(stderr, traceUsage)
	case len(args) == 1 && args[0] == "requirements":
		fmt.Fprint(stderr, requirementsUsage)
	case len(args) == 1 && args[0] == "diagram":
		fmt.Fprint(stderr, diagramUsage)
	case len(args) == 1 && args[0] == "tui":
		fmt.Fprint(stderr, tuiUsage)
	case len(args) == 1 && args[0] == "fix":
		fmt.Fprint(stderr, fixUsage)
	default:
		fmt.Fprintf(stderr, "vpctrace: no help for %q\n\n%s", strings.Join(args, " "), usage)
		return exitBadInput
	}
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

// newFlagSet returns a flag set for a subcommand that reports errors to
// stderr followed by usageText.
func newFlagSet(name, usageText string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usageText) }
	return fs
}

// parseArgs parses fs's flags wherever they appear in args, so that flags
// may follow the operands, and returns the operands in order. Everything
// after "--" is an operand.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
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

// flagExit is the exit status for a flag parsing error: 0 after -h, which
// has printed the usage, and 2 otherwise.
func flagExit(err error) int {
	if err == flag.ErrHelp {
		return exitOK
	}
	return exitBadInput
}
