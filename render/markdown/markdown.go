// Package markdown writes a report as GitHub-flavoured Markdown for a
// pull request comment: a heading that sums it up, one line per workload
// (✅ starts, ❌ would not start, ❔ cannot be told or not traced), then for
// each workload with a call that is not reachable a collapsed <details>
// block with a table of those calls: the call, the cause (reason code and
// the deciding step), the fix, and the error ECS would report.
//
// It stays short for a root with many services: beyond MaxListed
// workloads, those that start are counted on one collapsed line; at most
// MaxBlocks details blocks and MaxRows rows per table are written, each
// cut saying how many more there are ("and N more"), and long cells are
// shortened. Text from the input is escaped, so that it cannot add
// Markdown or HTML to the comment.
package markdown

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/internal/sanitize"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/render/internal/present"
	"github.com/vpctrace/vpctrace/sim"
)

// Limits that keep a comment short.
const (
	MaxListed = 20  // workloads listed one per line before those that start are collapsed
	MaxBlocks = 20  // details blocks
	MaxRows   = 10  // rows per table
	MaxCell   = 300 // characters per table cell
)

// Options are the settings of the output; there are none yet.
type Options struct{}

// Workload marks.
const (
	MarkStarts = "✅"
	MarkFails  = "❌"
	MarkUntold = "❔"
)

var stateMarks = [...]string{present.Starts: MarkStarts, present.Fails: MarkFails, present.Untold: MarkUntold, present.Untraced: MarkUntold}

var stateWords = [...]string{
	present.Starts:   "starts",
	present.Fails:    "would NOT start",
	present.Untold:   "cannot be told",
	present.Untraced: "not traced",
}

// Write writes r as Markdown.
func Write(w io.Writer, r sim.Report, _ Options) error {
	var b strings.Builder
	b.WriteString("### vpctrace: " + headline(r) + "\n\n")
	workloads(&b, r.Workloads)
	blocks(&b, r.Workloads)
	diagnostics(&b, r.Diagnostics)
	_, err := io.WriteString(w, b.String())
	return err
}

// headline sums up the report in a few words.
func headline(r sim.Report) string {
	n := present.Count(r)
	switch {
	case n.Workloads == 0 && hasErrors(r.Diagnostics):
		return "the input is wrong"
	case n.Workloads == 0:
		return "nothing to trace"
	case n.States[present.Starts] == n.Workloads:
		return fmt.Sprintf("every workload starts (%s)", present.Plural(n.Workloads, "workload"))
	}
	var parts []string
	for _, st := range []present.State{present.Fails, present.Untold, present.Untraced} {
		if n.States[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n.States[st], stateWords[st]))
		}
	}
	return present.Plural(n.Workloads, "workload") + ": " + strings.Join(parts, ", ")
}

func hasErrors(ds model.Diagnostics) bool {
	for _, d := range ds {
		if d.Severity == model.SeverityError {
			return true
		}
	}
	return false
}

// workloads writes one line per workload; with more than MaxListed, the
// ones that start are collapsed into one line.
func workloads(b *strings.Builder, wls []sim.WorkloadResult) {
	if len(wls) == 0 {
		return
	}
	var starting []string
	for _, wl := range wls {
		st := present.StateOf(wl)
		if st == present.Starts && len(wls) > MaxListed {
			starting = append(starting, "**"+escape(strings.TrimSpace(wl.Name))+"**")
			continue
		}
		fmt.Fprintf(b, "- %s %s\n", stateMarks[st], workloadLine(wl, st))
	}
	b.WriteString("\n")
	if len(starting) > 0 {
		verb := "start"
		if len(starting) == 1 {
			verb = "starts"
		}
		fmt.Fprintf(b, "<details><summary>%s %s %s</summary>\n\n%s\n\n</details>\n\n", MarkStarts,
			present.Plural(len(starting), "workload"), verb, strings.Join(starting, ", "))
	}
}

// workloadLine is a workload's name, launch type and state, with the
// first failing call.
func workloadLine(wl sim.WorkloadResult, st present.State) string {
	parts := []string{"**" + escape(strings.TrimSpace(wl.Name)) + "**"}
	if launch := strings.TrimSpace(wl.LaunchType + " " + wl.PlatformVersion); launch != "" {
		parts = append(parts, escape(launch))
	}
	state := stateWords[st]
	if c, ok := firstFailing(wl); ok && st != present.Starts {
		state += fmt.Sprintf(" (%s %s)", c.Kind, present.Outcome(c.Verdict, c.Via, c.Reason))
	}
	return strings.Join(append(parts, state), " · ")
}

// firstFailing is the call ECS's stopped reason is about (the one that
// surely fails when the first cannot be decided), else the first
// start-phase call that is not reachable.
func firstFailing(wl sim.WorkloadResult) (sim.CallResult, bool) {
	if i := firstOfKind(wl, wl.StoppedOtherwiseBy); i >= 0 && wl.StoppedVerdict == sim.Unknown {
		return wl.Calls[i], true
	}
	if i := firstOfKind(wl, wl.StoppedBy); i >= 0 {
		return wl.Calls[i], true
	}
	for _, c := range wl.Calls {
		if c.Verdict != sim.Reachable && c.Phase == sim.PhaseStart {
			return c, true
		}
	}
	return sim.CallResult{}, false
}

// firstOfKind is the index of the first call of kind that is not
// reachable: the call a stopped reason is about; -1 when there is none.
func firstOfKind(wl sim.WorkloadResult, kind sim.CallKind) int {
	for i, c := range wl.Calls {
		if kind != "" && c.Kind == kind && c.Verdict != sim.Reachable {
			return i
		}
	}
	return -1
}

// blocks writes a details block for each workload with a call that is
// not reachable or whose calls cannot be listed, at most MaxBlocks.
func blocks(b *strings.Builder, wls []sim.WorkloadResult) {
	written, more := 0, 0
	for _, wl := range wls {
		if !needsBlock(wl) {
			continue
		}
		if written == MaxBlocks {
			more++
			continue
		}
		block(b, wl)
		written++
	}
	if more > 0 {
		fmt.Fprintf(b, "…and %s with calls that fail; run `vpctrace trace` for every one.\n\n", present.Plural(more, "more workload"))
	}
}

func needsBlock(wl sim.WorkloadResult) bool {
	if !wl.Traced {
		return true
	}
	for _, c := range wl.Calls {
		if c.Verdict != sim.Reachable {
			return true
		}
	}
	return false
}

// block is one workload's details block.
func block(b *strings.Builder, wl sim.WorkloadResult) {
	st := present.StateOf(wl)
	var failing []int
	for i, c := range wl.Calls {
		if c.Verdict != sim.Reachable {
			failing = append(failing, i)
		}
	}
	summary := fmt.Sprintf("%s %s: %s", stateMarks[st], escape(wl.Name), stateWords[st])
	if len(failing) > 0 {
		summary += "; " + callCounts(wl.Calls)
	}
	fmt.Fprintf(b, "<details><summary>%s</summary>\n\n", summary)
	if !wl.Traced {
		fmt.Fprintf(b, "The calls of its tasks cannot be listed: %s\n\n", cell(untraced(wl)))
	}
	if len(failing) > 0 {
		b.WriteString("| Call | Cause | Fix | ECS error |\n|---|---|---|---|\n")
		stopper, otherwise := firstOfKind(wl, wl.StoppedBy), firstOfKind(wl, wl.StoppedOtherwiseBy)
		for n, i := range failing {
			if n == MaxRows {
				fmt.Fprintf(b, "\n…and %s.\n", present.Plural(len(failing)-MaxRows, "more call"))
				break
			}
			var ecs string
			switch {
			case i == stopper:
				ecs = cell(wl.StoppedReason)
			case i == otherwise && wl.StoppedOtherwise != "":
				ecs = "if the undecided calls work: " + cell(wl.StoppedOtherwise)
			}
			row(b, wl.Calls[i], ecs)
		}
		b.WriteString("\n")
	}
	b.WriteString("</details>\n\n")
}

// callCounts counts the calls that are not reachable, by verdict.
func callCounts(calls []sim.CallResult) string {
	var unreachable, unknown int
	for _, c := range calls {
		switch c.Verdict {
		case sim.Reachable:
		case sim.Unreachable:
			unreachable++
		default:
			unknown++
		}
	}
	var parts []string
	if unreachable > 0 {
		parts = append(parts, present.Plural(unreachable, "call")+" unreachable")
	}
	if unknown > 0 {
		parts = append(parts, present.Plural(unknown, "call")+" unknown")
	}
	return strings.Join(parts, ", ")
}

// row is a failing call's table row; ecs is the error ECS would report
// about it, already escaped.
func row(b *strings.Builder, c sim.CallResult, ecs string) {
	callCell := fmt.Sprintf("%s %s", present.Mark(c.Verdict), c.Kind)
	if target := present.Target(c.Call); target != "" {
		callCell += " " + cell(target)
	}
	if c.Phase == sim.PhaseRuntime {
		callCell += " (runtime)"
	}
	fmt.Fprintf(b, "| %s | %s | %s | %s |\n", callCell, cause(c), cell(fix(c)), ecs)
}

// cause is the reason code and the deciding step's words, or the call's
// explanation when no step decided.
func cause(c sim.CallResult) string {
	detail := c.Explanation
	if p, ok := deciding(c); ok {
		if d := p.Decisive; d != nil && d.Hop < len(p.Hops) && d.Step < len(p.Hops[d.Hop].Steps) {
			detail = p.Hops[d.Hop].Steps[d.Step].Detail
		} else if p.Explanation != "" {
			detail = p.Explanation
		}
	}
	code := string(c.Reason)
	if code == "" {
		code = string(c.Verdict)
	}
	return "**" + code + "**: " + cell(detail)
}

// deciding is the first placement with the call's verdict.
func deciding(c sim.CallResult) (sim.PlacementResult, bool) {
	for _, p := range c.Placements {
		if p.Verdict == c.Verdict {
			return p, true
		}
	}
	return sim.PlacementResult{}, false
}

// fix is the advice of the deciding placement, with the fix of each of
// its other blockers (removing only the first can leave the others), or
// what the input must give for an unknown call.
func fix(c sim.CallResult) string {
	if p, ok := deciding(c); ok && p.Fix.Advice != "" {
		advice := []string{p.Fix.Advice}
		for i, bl := range p.BlockedBy {
			if i > 0 && bl.Fix.Advice != "" && !slices.Contains(advice, bl.Fix.Advice) {
				advice = append(advice, fmt.Sprintf("also %s: %s", bl.Reason, bl.Fix.Advice))
			}
		}
		return strings.Join(advice, "; ")
	}
	var missing []string
	for _, m := range c.Missing {
		if !slices.Contains(missing, m.What) {
			missing = append(missing, m.What)
		}
	}
	if len(missing) > 0 {
		return "give " + strings.Join(missing, "; ")
	}
	return ""
}

// untraced says what keeps a workload's calls from being listed.
func untraced(wl sim.WorkloadResult) string {
	var parts []string
	for _, m := range wl.Missing {
		parts = append(parts, fmt.Sprintf("%s (%s)", m.What, m.Why))
	}
	if len(parts) == 0 {
		return wl.StoppedReason
	}
	return strings.Join(parts, "; ")
}

// diagnostics lists the errors (at most MaxRows), which make vpctrace
// exit 2, and counts the warnings, which the output leaves to stderr.
func diagnostics(b *strings.Builder, ds model.Diagnostics) {
	var errs, warnings int
	for _, d := range ds {
		switch d.Severity {
		case model.SeverityError:
			if errs < MaxRows {
				fmt.Fprintf(b, "- ⛔ %s\n", cell(d.String()))
			}
			errs++
		case model.SeverityWarning:
			warnings++
		}
	}
	if errs > MaxRows {
		fmt.Fprintf(b, "- …and %s.\n", present.Plural(errs-MaxRows, "more error"))
	}
	if errs > 0 {
		b.WriteString("\n")
	}
	if warnings > 0 {
		fmt.Fprintf(b, "⚠️ %s about the input: run `vpctrace trace` to see them.\n", present.Plural(warnings, "warning"))
	}
}

// cell is input text made safe for a table cell: escaped, on one line,
// and at most MaxCell characters.
func cell(s string) string {
	s = sanitize.String(s)
	if r := []rune(s); len(r) > MaxCell {
		s = string(r[:MaxCell-1]) + "…"
	}
	return escape(s)
}

// escape makes input text literal in Markdown and HTML: it backslash-
// escapes the characters that start Markdown syntax, tables, mentions
// and references, and turns HTML's into entities.
func escape(s string) string {
	s = sanitize.String(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '`', '*', '_', '[', ']', '|', '~', '#', '@', '!':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
