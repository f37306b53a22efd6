package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/fix"
	"github.com/vpctrace/vpctrace/fix/proof"
	"github.com/vpctrace/vpctrace/patch"
	"github.com/vpctrace/vpctrace/render/fixtext"
)

const fixUsage = `Usage: vpctrace fix [flags] PATH

Finds, for every ECS workload in PATH that would not start, a small set of
changes that makes every call that stops it reachable: private DNS turned
on, an endpoint added, a route table associated with the S3 gateway
endpoint, a security group or network ACL rule, a 0.0.0.0/0 route to a NAT
gateway the VPC already has, a mount target, a newer platform version, a
wider endpoint policy. Each change is checked by tracing the changed world
again; a change that does not make a call work is never offered. The
changes are printed as a unified diff of PATH's files, which is proven by
reading the patched files again and tracing them, and --apply writes it.

PATH is a Terraform root module directory or a scenario file (.yaml or
.yml); a plan or state file or an account snapshot folder is read too, and
its changes are shown, but it has no source files to patch. Calls to AWS
services can leave the VPC through VPC endpoints or through a NAT gateway;
when both work, fix shows both with their monthly cost and picks one by
--strategy. Calls that need the internet (an image from Docker Hub) always
need a NAT gateway or a public IP.

Flags:
  --strategy S      endpoints, nat or cheapest (default): which way out of
                    the VPC the patch uses for calls to AWS services;
                    cheapest takes the one that costs less per month
  --gb-per-month N  the traffic of the tasks through the new path, in GB a
                    month, for the cost (default 100)
  --prices FILE     a price table to use instead of the built-in one (JSON,
                    the same form; see fix/cost/prices.json)
  --apply           write the patch into PATH's files (never a file outside
                    PATH's directory)
  --force           with --apply: write even over files with uncommitted
                    changes, or outside a git work tree
` + inputFlagsUsage + `
Exit status: 0 when every workload starts, or starts with the patch (which
--apply wrote); 1 when some workload has no fix, or the patch cannot be
written or proven; 2 when the input or the command line is wrong.
`

// fixOptions are the fix command's flags.
type fixOptions struct {
	traceOptions
	strategy   string
	gbPerMonth float64
	prices     string
	apply      bool
	force      bool
}

// runFix is "vpctrace fix".
func runFix(args []string, stdout, stderr io.Writer) int {
	o := fixOptions{strategy: "cheapest", gbPerMonth: 100}
	fs := newFlagSet("fix", fixUsage, stderr)
	fs.StringVar(&o.strategy, "strategy", o.strategy, "endpoints, nat or cheapest")
	fs.Func("gb-per-month", "the tasks' traffic through the new path, GB a month", func(s string) error {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v < 0 {
			return fmt.Errorf("%q is not a number of GB (0 or more)", s)
		}
		o.gbPerMonth = v
		return nil
	})
	fs.StringVar(&o.prices, "prices", "", "a price table file")
	fs.BoolVar(&o.apply, "apply", false, "write the patch")
	fs.BoolVar(&o.force, "force", false, "with --apply, write over uncommitted changes")
	o.addInputFlags(fs)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if err := o.check(paths); err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	costs, err := newCoster(o.prices, o.gbPerMonth)
	if err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	in := pathInputs(paths)[0]
	l, err := in.load(o.traceOptions)
	if err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	o.warnIgnored(stderr, in.name, l.format.Name)
	if l.world == nil {
		printDiagnostics(stderr, in.name, l.diags.Errors())
		return exitBadInput
	}
	printWarnings(stderr, in.name, l.diags)
	target := proof.Input{Path: paths[0], Format: l.format.Name, Options: o.loadOptions()}
	rep := fixtext.Report{Input: in.name, Base: l.world, Result: fix.Find(l.world), Chosen: -1}
	status := o.decide(&rep, target, costs)
	if err := fixtext.Write(stdout, rep); err != nil {
		fmt.Fprintf(stderr, "vpctrace: %v\n", err)
		return exitBadInput
	}
	return status
}

// check rejects flags fix cannot honour.
func (o fixOptions) check(paths []string) error {
	if err := o.checkInputFlags(paths); err != nil {
		return err
	}
	if len(paths) != 1 || paths[0] == "-" {
		return fmt.Errorf("fix takes one PATH, a Terraform root directory or a scenario file, got %d", len(paths))
	}
	switch o.strategy {
	case "endpoints", "nat", "cheapest":
	default:
		return fmt.Errorf("unknown --strategy %q; want endpoints, nat or cheapest", o.strategy)
	}
	if o.force && !o.apply {
		return fmt.Errorf("--force goes with --apply")
	}
	return nil
}

// decide fills in rep: the cost of each plan, the plan chosen, its patch
// proven, and the files written with --apply. It returns the exit status.
func (o fixOptions) decide(rep *fixtext.Report, target proof.Input, costs coster) int {
	res := rep.Result
	status := exitOK
	for _, wl := range res.Before.Workloads {
		if !wl.Traced {
			status = exitNoStart // as trace says: it cannot be told to start
		}
	}
	if len(res.Failing) == 0 {
		return status
	}
	rep.Costs = map[int][]string{}
	monthly := map[int]float64{}
	for i, p := range res.Plans {
		lines, total, ok := costs.plan(rep.Base, res.Failing, p)
		if ok {
			rep.Costs[i], monthly[i] = lines, total
		}
	}
	rep.Chosen, rep.Choice = choose(res.Plans, fix.Strategy(o.strategy), monthly)
	if rep.Chosen < 0 {
		return exitNoStart
	}
	plan := res.Plans[rep.Chosen]
	edits, err := proof.Edits(target, rep.Base, plan.Changes)
	if err != nil {
		rep.Unpatched = err.Error()
		return exitNoStart
	}
	pr, err := proof.Prove(target, plan, edits)
	switch {
	case err != nil:
		rep.Unpatched = "the patch could not be checked: " + err.Error()
		return exitNoStart
	case !pr.Proven():
		rep.Unpatched = "the patch, read back, does not do what the plan does, so vpctrace does not offer it: " + strings.Join(pr.Problems, "; ")
		return exitNoStart
	}
	rep.Diff = patch.Diff(edits)
	rep.Proven = "Patch (proven: the patched files were read and traced again, with the same result as the plan):"
	if !plan.Works() {
		status = exitNoStart
	}
	if !o.apply {
		rep.Next = "To write it: vpctrace fix --apply " + shellQuote(target.Path)
		return status
	}
	if err := patch.Write(target.Root(), edits, patch.WriteOptions{Force: o.force}); err != nil {
		rep.Next = "Not written: " + err.Error()
		return exitNoStart
	}
	for _, e := range edits {
		rep.Applied = append(rep.Applied, e.Path)
	}
	rep.Next = "Next: vpctrace trace " + shellQuote(target.Path)
	return status
}

// choose picks the plan to write: the one of strategy, or with cheapest
// the one that works and costs less (the one that works, when only one
// does; the one that fixes more, when none does). It returns -1 when no
// plan changes anything, and says why it chose.
func choose(plans []fix.Plan, strategy fix.Strategy, monthly map[int]float64) (int, string) {
	if len(plans) == 0 {
		return -1, ""
	}
	for i, p := range plans {
		if p.Strategy == strategy {
			if len(p.Changes) == 0 {
				return -1, fmt.Sprintf("No patch: strategy %s changes nothing.", strategy)
			}
			return i, fmt.Sprintf("Chosen: %s (--strategy %s).", strategy, strategy)
		}
	}
	best := -1
	for i, p := range plans {
		if len(p.Changes) == 0 {
			continue
		}
		switch {
		case best < 0:
			best = i
		case p.Works() != plans[best].Works():
			if p.Works() {
				best = i
			}
		case !p.Works():
			if len(p.Unfixed) < len(plans[best].Unfixed) {
				best = i
			}
		default:
			if c, ok := monthly[i]; ok && c < monthly[best] {
				best = i
			}
		}
	}
	if best < 0 {
		return -1, "No patch: no change vpctrace knows makes any of these calls work."
	}
	p := plans[best]
	working := 0
	for _, q := range plans {
		if q.Works() {
			working++
		}
	}
	switch {
	case len(plans) == 2 && slices.Equal(plans[0].Changes, plans[1].Changes):
		return best, ""
	case working == 2:
		other := plans[1-best]
		return best, fmt.Sprintf("Chosen: %s, the cheaper of the two that work ($%.2f against $%.2f a month; --strategy %s picks the other).", p.Strategy, monthly[best], monthly[1-best], other.Strategy)
	case p.Works():
		return best, fmt.Sprintf("Chosen: %s, the only strategy that makes every workload start.", p.Strategy)
	}
	return best, fmt.Sprintf("Chosen: %s, which fixes the most; some calls have no fix (above).", p.Strategy)
}

// shellQuote quotes path for a shell when it needs it.
func shellQuote(path string) string {
	for _, r := range path {
		if !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return strconv.Quote(path)
		}
	}
	return path
}
