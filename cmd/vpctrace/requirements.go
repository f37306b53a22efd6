package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/vpctrace/vpctrace/render/text"
	"github.com/vpctrace/vpctrace/sim"
)

// requirements computes the endpoint table; tests replace it.
var requirements = sim.Requirements

const requirementsUsage = `Usage: vpctrace requirements [--launch-type FARGATE|EC2] [--platform-version VERSION]

Prints which VPC endpoint services each ECS use case needs when tasks have
no internet access, and which network interface makes the calls.

Flags:
  --launch-type TYPE         FARGATE (default) or EC2, in any case
  --platform-version VERSION Fargate platform version: 1.3.0, 1.4.0 or LATEST
                             (FARGATE only: EC2 tasks have none)
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
		usageError(stderr, "requirements", fmt.Sprintf("takes no arguments, got %q", operands[0]))
		return exitBadInput
	}
	lt, pv, err := requirementsFlags(*launchType, *platformVersion)
	if err != nil {
		usageError(stderr, "requirements", err.Error())
		return exitBadInput
	}
	reqs, err := requirements(lt, pv)
	if err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	if err := text.WriteRequirements(stdout, lt, pv, reqs); err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	return exitOK
}

// requirementsFlags returns the launch type and platform version in the
// form AWS writes them (FARGATE, EC2, LATEST), whatever their case, and
// refuses a launch type that is neither and a platform version for EC2.
func requirementsFlags(launchType, platformVersion string) (lt, pv string, err error) {
	lt = strings.ToUpper(launchType)
	if lt != "FARGATE" && lt != "EC2" {
		return "", "", fmt.Errorf("--launch-type %q is not FARGATE or EC2", launchType)
	}
	pv = platformVersion
	if strings.EqualFold(pv, "latest") {
		pv = "LATEST"
	}
	if lt == "EC2" && pv != "" {
		return "", "", fmt.Errorf("--platform-version is a Fargate platform version; EC2 tasks have none (their instances' ECS agent decides what they can use)")
	}
	return lt, pv, nil
}
