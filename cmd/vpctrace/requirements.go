package main

import (
	"fmt"
	"io"

	"github.com/vpctrace/vpctrace/render/text"
	"github.com/vpctrace/vpctrace/sim"
)

// requirements computes the endpoint table; tests replace it.
var requirements = sim.Requirements

const requirementsUsage = `Usage: vpctrace requirements [--launch-type FARGATE|EC2] [--platform-version VERSION]

Prints which VPC endpoint services each ECS use case needs when tasks have
no internet access, and which network interface makes the calls.

Flags:
  --launch-type TYPE         FARGATE (default) or EC2
  --platform-version VERSION Fargate platform version: 1.3.0, 1.4.0 or LATEST
`

// runRequirements is "vpctrace requirements".
func runRequirements(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("requirements", requirementsUsage, stderr)
	launchType := fs.String("launch-type", "FARGATE", "FARGATE or EC2")
	platformVersion := fs.String("platform-version", "", "Fargate platform version")
	operands, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(operands) > 0 {
		fmt.Fprintf(stderr, "vpctrace: requirements takes no arguments, got %q\n\n%s", operands[0], requirementsUsage)
		return exitBadInput
	}
	reqs, err := requirements(*launchType, *platformVersion)
	if err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	if err := text.WriteRequirements(stdout, *launchType, *platformVersion, reqs); err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	return exitOK
}
