// Package present holds what the renderers for people (text, the TUI,
// and Markdown) say alike about a report: verdict marks, whether
// a workload starts, the counts of a summary, and what a call line names.
// It words nothing in colour or layout, and does not sanitize: each
// renderer does both.
package present

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/sim"
)

// Verdict marks.
const (
	MarkReachable   = "✓"
	MarkUnreachable = "✗"
	MarkUnknown     = "?"
)

// Mark is the verdict's mark.
func Mark(v sim.Verdict) string {
	return ByVerdict(v, MarkReachable, MarkUnreachable, MarkUnknown)
}

// ByVerdict picks what a renderer shows for a verdict (a mark, a colour,
// a style): unknown for any verdict but reachable and unreachable.
func ByVerdict[T any](v sim.Verdict, reachable, unreachable, unknown T) T {
	switch v {
	case sim.Reachable:
		return reachable
	case sim.Unreachable:
		return unreachable
	}
	return unknown
}

// State is whether a workload's tasks start, as people are told.
type State int

// Workload states.
const (
	Starts   State = iota // every start-phase call is reachable
	Fails                 // a start-phase call is unreachable (or, in a result made by hand, no outcome says otherwise)
	Untold                // whether they start cannot be told
	Untraced              // the calls cannot be listed
)

// StateOf is the workload's state.
func StateOf(wl sim.WorkloadResult) State {
	switch {
	case wl.Starts:
		return Starts
	case wl.Outcome == sim.OutcomeUnknown && !wl.Traced:
		return Untraced
	case wl.Outcome == sim.OutcomeUnknown:
		return Untold
	}
	return Fails
}

// Counts sums up a report: workloads by state, calls by verdict.
type Counts struct {
	Workloads                       int
	States                          [Untraced + 1]int // by State
	Calls                           int
	Reachable, Unreachable, Unknown int
}

// Count counts the report's workloads and calls.
func Count(r sim.Report) Counts {
	n := Counts{Workloads: len(r.Workloads)}
	for _, wl := range r.Workloads {
		n.States[StateOf(wl)]++
		for _, c := range wl.Calls {
			n.Calls++
			switch c.Verdict {
			case sim.Reachable:
				n.Reachable++
			case sim.Unreachable:
				n.Unreachable++
			default:
				n.Unknown++
			}
		}
	}
	return n
}

// Plural is "1 noun" or "N nouns".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Outcome is "via X" for a reachable call and its reason code otherwise.
func Outcome(v sim.Verdict, via sim.Via, reason sim.Reason) string {
	switch {
	case v == sim.Reachable && via != "":
		return "via " + string(via)
	case v == sim.Reachable:
		return "reachable"
	case reason != "":
		return string(reason)
	}
	return string(v)
}

// Target is what a call line names: the host where the host is what
// matters (ECR, other registries, Exec, the agent), otherwise the short
// name of the resource (the secret, parameter, log group, env file or file
// system), which tells two calls to the same host apart.
func Target(c sim.Call) string {
	host := c.Host
	if c.Port != 0 && c.Port != 443 {
		host = fmt.Sprintf("%s:%d", host, c.Port)
	}
	switch c.Kind {
	case sim.CallSecret, sim.CallParameter, sim.CallLogs, sim.CallEnvFile, sim.CallExecLogs, sim.CallExecS3, sim.CallFirelens:
		return ShortARN(c.Resource)
	case sim.CallEFS:
		return c.Resource + " (NFS " + strconv.Itoa(c.Port) + ")"
	case sim.CallECRImage, sim.CallRegistryPull:
		if _, image, ok := strings.Cut(c.Image, "/"); ok && strings.Contains(c.Image[:len(c.Image)-len(image)], ".") {
			return image // the registry host is on the ecr-auth line
		}
		return c.Image
	case sim.CallECRLayers:
		bucket, _, _ := strings.Cut(host, ".s3.")
		return bucket
	}
	return host
}

// ShortARN drops an ARN's prefix up to the resource name.
func ShortARN(arn string) string {
	for _, marker := range []string{":secret:", ":parameter", ":log-group:", ":::"} {
		if i := strings.Index(arn, marker); i >= 0 && strings.HasPrefix(arn, "arn:") {
			return arn[i+len(marker):]
		}
	}
	return arn
}
