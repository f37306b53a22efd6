// Package text renders sim results for people: one line per call with a
// mark that does not depend on colour, the explanation of every call that
// fails, and, when asked, the hop-by-hop trace of every placement.
//
// Every string that comes from the input is sanitized before it is printed,
// so that a crafted name cannot move the cursor or recolour the terminal.
package text

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/render/internal/present"
	"github.com/vpctrace/vpctrace/sim"
)

// Options controls the text output.
type Options struct {
	// Verbose prints every placement's hops and steps.
	Verbose bool
	// Color adds ANSI colours; marks and words carry the same meaning
	// without them.
	Color bool
}

// Line layout.
const (
	lineWidth    = 80 // wrap explanations and notes at this column
	minWrapWidth = 40 // but never into lines narrower than this
	targetWidth  = 44 // shorten longer targets in call lines
	callIndent   = "  "
	detailIndent = "      "
)

// ANSI colours.
const (
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	bold   = "\x1b[1m"
	reset  = "\x1b[0m"
)

// printer accumulates output, so that Write reports one write error.
type printer struct {
	buf  bytes.Buffer
	opts Options
	// wl is what the workload being written shares among its calls.
	wl workloadContext
}

// workloadContext is what the calls of one workload share in the output.
type workloadContext struct {
	// notes are the warnings of more than one call, written once.
	notes []sharedNote
	// common are the facts of every call, written once (verbose).
	common []string
	// labels name each call for a repeated step (verbose): its kind, and
	// what tells it from another call of that kind.
	labels []string
	// seen is what the verbose trace has written in full; a step that
	// repeats it is written short.
	seen written
}

// Write writes r to w for a terminal or a log.
func Write(w io.Writer, r sim.Report, opts Options) error {
	p := &printer{opts: opts}
	for i, wl := range r.Workloads {
		if i > 0 {
			p.println()
		}
		p.workload(wl)
	}
	p.diagnostics(r.Diagnostics)
	p.blank()
	p.println(summary(r))
	_, err := w.Write(p.buf.Bytes())
	return err
}

// println writes its arguments, already sanitized, and a newline.
func (p *printer) println(parts ...string) {
	for _, s := range parts {
		p.buf.WriteString(s)
	}
	p.buf.WriteByte('\n')
}

// blank writes an empty line to separate what follows from earlier output.
func (p *printer) blank() {
	if p.buf.Len() > 0 {
		p.println()
	}
}

// paint colours s when colour is on.
func (p *printer) paint(s, color string) string {
	if !p.opts.Color || color == "" || s == "" {
		return s
	}
	return color + s + reset
}

// wrapped writes s sanitized and wrapped, each line after indent; a blank
// s, nothing.
func (p *printer) wrapped(indent, s string) {
	for _, line := range wrap(sanitize(s), wrapWidth(indent)) {
		p.println(indent, line)
	}
}

// wrapWidth is the width left for text after indent.
func wrapWidth(indent string) int {
	return max(minWrapWidth, lineWidth-width(indent))
}

func (p *printer) workload(wl sim.WorkloadResult) {
	p.wl = workloadContext{
		notes:  sharedNotes(wl.Calls),
		labels: callLabels(wl.Calls),
		seen:   written{steps: map[stepKey]place{}, rules: map[ruleKey]bool{}},
	}
	p.println(p.header(wl))
	rows := make([][]cell, len(wl.Calls))
	for i, c := range wl.Calls {
		rows[i] = callRow(c)
	}
	ws := columnWidths(rows)
	if p.opts.Verbose {
		p.everyCall(wl.Calls)
	}
	for i, c := range wl.Calls {
		if i > 0 && p.opts.Verbose {
			p.println()
		}
		p.println(callIndent, p.formatRow(rows[i], ws))
		// Calls undecided for one reason share one explanation, after
		// the last of them.
		shared := !p.opts.Verbose && i+1 < len(wl.Calls) && c.Verdict != sim.Reachable &&
			wl.Calls[i+1].Verdict == c.Verdict && wl.Calls[i+1].Explanation == c.Explanation && len(c.Placements) == 0
		if !shared {
			p.callDetails(i, c)
		}
	}
	if len(wl.Calls) == 0 && (wl.Traced || wl.Outcome == "") {
		p.println(callIndent, "(no calls)")
	}
	p.notesOnce(len(wl.Calls))
	if !wl.Starts && wl.StoppedReason != "" {
		switch {
		case wl.StoppedVerdict == sim.Unknown && wl.StoppedBy == "":
			p.println(callIndent, "The model cannot tell whether the tasks start:")
		case wl.StoppedVerdict == sim.Unknown && stopsUndecided(wl):
			p.println(callIndent, "The model cannot tell whether the failure of "+string(wl.StoppedBy)+" stops the tasks:")
		case wl.StoppedVerdict == sim.Unknown:
			p.println(callIndent, "The model cannot decide "+string(wl.StoppedBy)+"; if it fails, ECS would report:")
		default:
			p.println(callIndent, "ECS would report:")
		}
		p.println(callIndent, callIndent, sanitize(wl.StoppedReason))
		if wl.StoppedOtherwise != "" {
			p.println(callIndent, "If the calls the model cannot decide work, "+string(wl.StoppedOtherwiseBy)+" fails and ECS would report:")
			p.println(callIndent, callIndent, sanitize(wl.StoppedOtherwise))
		}
	}
}

// header is the workload's first line: name, launch type, source and
// whether its tasks start.
func (p *printer) header(wl sim.WorkloadResult) string {
	parts := []string{p.paint(sanitize(wl.Name), bold)}
	if launch := strings.TrimSpace(wl.LaunchType + " " + wl.PlatformVersion); launch != "" {
		parts = append(parts, sanitize(launch))
	}
	if src := source(wl.Source, wl.SourcePos); src != "" {
		parts = append(parts, src)
	}
	return strings.Join(append(parts, p.status(wl)), " · ")
}

// stateWords are the workload states as the header and the summary word
// them.
var stateWords = [...]string{
	present.Starts:   "starts",
	present.Fails:    "would NOT start",
	present.Untold:   "cannot be told",
	present.Untraced: "not traced",
}

func (p *printer) status(wl sim.WorkloadResult) string {
	switch s := present.StateOf(wl); s {
	case present.Starts:
		return p.paint(stateWords[s], green)
	case present.Fails:
		return p.paint(stateWords[s], red)
	default:
		return p.paint(stateWords[s], yellow)
	}
}

// source formats an address with its position, "addr (file:line:col)".
func source(addr string, pos model.Pos) string {
	addr, at := sanitize(addr), sanitize(pos.String())
	switch {
	case at == "":
		return addr
	case addr == "":
		return at
	}
	return addr + " (" + at + ")"
}

// stopsUndecided reports whether the call the stopped reason is about
// fails, or may, but whether that stops the task is not known (aws-rules
// 1.3.6).
func stopsUndecided(wl sim.WorkloadResult) bool {
	for _, c := range wl.Calls {
		if c.Kind == wl.StoppedBy && c.Verdict != sim.Reachable && c.StopsTask == sim.StopsUnknown {
			return true
		}
	}
	return false
}

// callRow is the call's line: mark, kind, outcome and target. A start-phase
// call that is not reachable says so when its failure does not stop the
// task, or may not (aws-rules 1.3.6).
func callRow(c sim.CallResult) []cell {
	kind := string(c.Kind)
	switch {
	case c.Phase == sim.PhaseRuntime:
		kind += " (runtime)"
	case c.Verdict == sim.Reachable:
	case c.StopsTask == sim.StopsNo:
		kind += " (does not stop the task)"
	case c.StopsTask == sim.StopsUnknown:
		kind += " (may stop the task)"
	}
	return []cell{
		colored(present.Mark(c.Verdict), verdictColor(c.Verdict)),
		plain(kind),
		colored(present.Outcome(c.Verdict, c.Via, c.Reason), verdictColor(c.Verdict)),
		plain(shorten(sanitize(present.Target(c.Call)), targetWidth)),
	}
}

func verdictColor(v sim.Verdict) string { return present.ByVerdict(v, green, red, yellow) }

// callDetails writes what follows the line of call i: when verbose, its
// facts beyond the workload's common ones; its explanation when it fails;
// its placements when they differ or the output is verbose; and its notes
// that no other call of the workload has.
func (p *printer) callDetails(i int, c sim.CallResult) {
	if p.opts.Verbose {
		p.callFacts(c, p.wl.common)
	}
	// A reachable call's explanation retells its path, which the verbose
	// trace shows hop by hop.
	if c.Verdict != sim.Reachable {
		p.wrapped(detailIndent, c.Explanation)
	}
	switch {
	case p.opts.Verbose:
		p.tracePlacements(i, c)
		return
	case placementsDiffer(c.Placements):
		p.placementLines(c.Placements)
	}
	for _, w := range distinctWarnings(c.Placements) {
		if !isShared(w, p.wl.notes) {
			p.wrapped(detailIndent, "note: "+w)
		}
	}
}

// placementsDiffer reports whether some placements end differently.
func placementsDiffer(ps []sim.PlacementResult) bool {
	for _, pl := range ps {
		first := ps[0]
		if pl.Verdict != first.Verdict || pl.Via != first.Via || pl.Reason != first.Reason {
			return true
		}
	}
	return false
}

// placementLines writes one aligned line per placement: subnet, AZ and
// outcome.
func (p *printer) placementLines(ps []sim.PlacementResult) {
	rows := make([][]cell, len(ps))
	for i, pl := range ps {
		rows[i] = placementRow(pl)
	}
	ws := columnWidths(rows)
	for _, row := range rows {
		p.println(detailIndent, p.formatRow(row, ws))
	}
}

func placementRow(pl sim.PlacementResult) []cell {
	return []cell{
		plain(placementWhere(pl)),
		colored(present.Mark(pl.Verdict)+" "+string(pl.Verdict), verdictColor(pl.Verdict)),
		plain(present.Outcome(pl.Verdict, pl.Via, pl.Reason)),
	}
}

// placementWhere is where the placement's call is made from: "from
// SUBNET (AZ)", with the container instance's subnet when it differs.
func placementWhere(pl sim.PlacementResult) string {
	where := pl.Subnet + " (" + pl.AZ
	if pl.HostSubnet != "" {
		where += ", instance in " + pl.HostSubnet
	}
	return "from " + where + ")"
}

// distinctWarnings returns the placements' warnings without repeats, in
// order.
func distinctWarnings(ps []sim.PlacementResult) []string {
	var out []string
	for _, pl := range ps {
		for _, w := range pl.Warnings {
			if !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// sharedNote is a warning that more than one call of a workload has,
// written once after the workload's calls.
type sharedNote struct {
	text  string
	kinds []sim.CallKind // of the calls that have it, in order, once each
	calls int            // how many calls have it
}

// about names the calls a shared note is about: all of the workload's
// total calls, or their kinds.
func (n sharedNote) about(total int) string {
	if n.calls == total {
		return "every call"
	}
	kinds := make([]string, len(n.kinds))
	for i, k := range n.kinds {
		kinds[i] = string(k)
	}
	return strings.Join(kinds, ", ")
}

// sharedNotes returns the warnings that more than one of calls has (as
// the NAT gateway in another AZ on every call through it), in the order
// they first occur.
func sharedNotes(calls []sim.CallResult) []sharedNote {
	var all []sharedNote
	for _, c := range calls {
		for _, w := range distinctWarnings(c.Placements) {
			i := slices.IndexFunc(all, func(n sharedNote) bool { return n.text == w })
			if i < 0 {
				all = append(all, sharedNote{text: w})
				i = len(all) - 1
			}
			all[i].calls++
			if !slices.Contains(all[i].kinds, c.Kind) {
				all[i].kinds = append(all[i].kinds, c.Kind)
			}
		}
	}
	return slices.DeleteFunc(all, func(n sharedNote) bool { return n.calls < 2 })
}

// isShared reports whether warning w is one of the workload's shared notes.
func isShared(w string, shared []sharedNote) bool {
	return slices.ContainsFunc(shared, func(n sharedNote) bool { return n.text == w })
}

// notesOnce writes each of the workload's shared notes once, "note
// (CALLS): text", wrapped under its total calls' lines with its further
// lines indented.
func (p *printer) notesOnce(total int) {
	if p.opts.Verbose && len(p.wl.notes) > 0 {
		p.println()
	}
	for _, n := range p.wl.notes {
		p.hang(callIndent, detailIndent, sanitize("note ("+n.about(total)+"): "+n.text))
	}
}

func (p *printer) diagnostics(ds model.Diagnostics) {
	if len(ds) == 0 {
		return
	}
	p.blank()
	p.println("diagnostics:")
	for _, d := range ds {
		line := p.paint(sanitize(string(d.Severity)), severityColor(d.Severity)) + ": " + sanitize(d.Message)
		if at := sanitize(d.Source.String()); at != "" {
			line += " (" + at + ")"
		}
		p.println(callIndent, line)
	}
}

func severityColor(s model.Severity) string {
	switch s {
	case model.SeverityError:
		return red
	case model.SeverityWarning:
		return yellow
	}
	return ""
}

// summary is the last line: workloads, how many would not start, cannot be
// told or could not be traced, and calls by verdict. With no workload it
// says there is nothing to trace (the diagnostics say why).
func summary(r sim.Report) string {
	if len(r.Workloads) == 0 {
		return "0 workloads: nothing to trace"
	}
	n := present.Count(r)
	workloads := fmt.Sprintf("%s, %d would not start", present.Plural(n.Workloads, "workload"), n.States[present.Fails])
	for _, st := range []present.State{present.Untold, present.Untraced} {
		if n.States[st] > 0 {
			workloads += fmt.Sprintf(", %d %s", n.States[st], stateWords[st])
		}
	}
	return fmt.Sprintf("%s; %s: %d reachable, %d unreachable, %d unknown",
		workloads, present.Plural(n.Calls, "call"), n.Reachable, n.Unreachable, n.Unknown)
}
