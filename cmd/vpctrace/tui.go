package main

import (
	"fmt"
	"io"
	"os"
	"slices"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/vpctrace/vpctrace/render/tui"
)

const tuiUsage = `Usage: vpctrace tui [flags] [PATH]

Explores the calls of every ECS workload in PATH in the terminal: why each
call works or fails, and what a change (a what-if) would do, without
touching AWS. PATH is a scenario file (.yaml or .yml), a Terraform root
module directory, a plan or state JSON file, an account snapshot folder,
or a pipe such as <(terraform show -json tfplan); not standard input ("-"), which the keys
come from. With no PATH, the built-in example. Colour is off when NO_COLOR is set or TERM is "dumb".

Keys: ? lists them all. In the details pane, up and down select a hop and
enter opens what it met in full: a route table with every effective route,
a security group or network ACL with all its rules, an endpoint with its
DNS names and policy, the rule that decided the call marked. e writes a
diagram of the selected call (SVG) and E the world with the what-ifs
(scenario YAML) to the current directory; neither replaces a file.

Flags:
` + inputFlagsUsage

// runTUIProgram runs the interactive program; tests replace it.
var runTUIProgram = func(m tui.Model) error {
	_, err := tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion()).Run()
	return err
}

// runTUI is "vpctrace tui".
func runTUI(args []string, stdout, stderr io.Writer) int {
	var o traceOptions
	fs := newFlagSet("tui", tuiUsage, stderr)
	o.addInputFlags(fs)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if err := o.checkInputFlags(paths); err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	if len(paths) > 1 {
		fmt.Fprintf(stderr, "vpctrace: tui explores one PATH at a time, got %d\n", len(paths))
		return exitBadInput
	}
	if _, file := o.snapshotFlag(); slices.Contains(paths, "-") || file == "-" {
		fmt.Fprintln(stderr, "vpctrace: tui reads its keys from the terminal, so its input cannot come from standard input (-); give a file, or a pipe such as <(terraform show -json tfplan)")
		return exitBadInput
	}
	w, name, diags, ok := loadOne(paths, o, "", stderr)
	if !ok {
		return exitBadInput
	}
	// Printed before the TUI takes the screen, they are there when it
	// gives it back.
	printWarnings(stderr, name, diags)
	m := tui.New(w, tui.Options{Name: name, Color: tuiColor(), Draw: draw, Renderer: lipgloss.NewRenderer(os.Stdout)})
	if err := runTUIProgram(m); err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	return exitOK
}

// tuiColor is false when NO_COLOR is set (to anything but "") or TERM is
// "dumb".
func tuiColor() bool {
	return os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}
