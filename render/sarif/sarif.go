// Package sarif writes a report as a SARIF 2.1.0 log, the format code
// scanning tools read (GitHub code scanning, GitLab, IDE viewers), with
// the maintained library github.com/owenrumney/go-sarif.
//
// One run, whose tool is vpctrace. Each reason code that occurs is a
// rule (its catalog summary, and a helpUri to its row of docs/reasons.md).
// Each call placement that is not reachable is a result, located at the
// step that decided it. Placements of one call that fail for the same
// reason at the same step are one result, which names their subnets. A
// workload whose calls cannot be listed is one result of the rule
// NOT_TRACED, which exists only here. The diagnostics are the run's
// invocation's tool execution notifications.
package sarif

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report"
	sarif "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/vpctrace/vpctrace/catalog"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/render/internal/present"
	"github.com/vpctrace/vpctrace/sim"
)

// Links the log gives.
const (
	// InformationURI is vpctrace's home page.
	InformationURI = "https://github.com/vpctrace/vpctrace"
	// ReasonsURI is docs/reasons.md on the main branch; a rule's helpUri
	// is this with the reason's anchor (catalog.ReasonAnchor).
	ReasonsURI = InformationURI + "/blob/main/docs/reasons.md"
	// SrcRoot is the uriBaseId of every location: the directory vpctrace
	// ran in, which in CI is the checkout of the repository.
	SrcRoot = "%SRCROOT%"
)

// NotTraced is the rule of a workload whose calls cannot be listed (its
// task definition or container definitions are not in the input). It is
// no reason code: no call exists to carry one.
const NotTraced = "NOT_TRACED"

const notTracedSummary = "The workload's calls cannot be listed: its task definition, or its container definitions, are not in the input."

// Options are the settings of a log.
type Options struct {
	// Version is vpctrace's version, the tool driver's version.
	Version string
	// BaseDir is the directory that locations are relative to (the
	// working directory). Positions that are already relative are kept,
	// absolute ones are made relative to it, and no location is ever
	// absolute.
	BaseDir string
}

// Write writes r as an indented SARIF 2.1.0 log.
func Write(w io.Writer, r sim.Report, opts Options) error {
	log := Build(r, opts)
	if err := log.PrettyWrite(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// Build makes the SARIF log of r.
func Build(r sim.Report, opts Options) *sarif.Report {
	b := builder{opts: opts}
	for _, wl := range r.Workloads {
		b.workload(wl)
	}
	run := sarif.NewRunWithInformationURI("vpctrace", InformationURI)
	if opts.Version != "" {
		run.Tool.Driver.WithVersion(opts.Version)
	}
	run.Tool.Driver.WithRules(b.rules())
	for _, res := range b.results {
		res.WithRuleIndex(b.ruleIndex(*res.RuleID))
		run.AddResult(res)
	}
	run.AddInvocation(b.invocation(r.Diagnostics))
	log := report.NewV210Report()
	log.AddRun(run)
	return log
}

// invocation records the report's diagnostics as tool execution
// notifications (the code as the descriptor, the position as location);
// executionSuccessful is false when one is an error, as the exit status 2
// says.
func (b *builder) invocation(ds model.Diagnostics) *sarif.Invocation {
	inv := sarif.NewInvocation()
	ok := true
	for _, d := range ds {
		lvl := sarif.LevelNote
		switch d.Severity {
		case model.SeverityError:
			lvl, ok = sarif.LevelError, false
		case model.SeverityWarning:
			lvl = sarif.LevelWarning
		}
		n := sarif.NewNotification().WithLevel(lvl).WithMessage(sarif.NewTextMessage(d.Message))
		if d.Code != "" {
			n.WithDescriptor(sarif.NewReportingDescriptorReference().WithID(d.Code))
		}
		if loc := b.location(d.Source, ""); loc != nil {
			n.WithLocations([]*sarif.Location{loc})
		}
		inv.AddToolExecutionNotification(n)
	}
	return inv.WithExecutionSuccessful(ok)
}

// builder collects the results of a report and the rules they use.
type builder struct {
	opts    Options
	results []*sarif.Result
	used    map[string]bool
	order   []string // the rules' IDs, once built
}

// workload adds the results of one workload.
func (b *builder) workload(wl sim.WorkloadResult) {
	if !wl.Traced {
		b.add(NotTraced, sarif.LevelWarning, untracedMessage(wl), b.location(wl.SourcePos, ""), nil)
		return
	}
	for _, c := range wl.Calls {
		if c.Verdict == sim.Reachable {
			continue
		}
		if len(c.Placements) == 0 {
			b.unplaced(wl, c)
			continue
		}
		for _, f := range group(c) {
			b.finding(wl, c, f)
		}
	}
}

// unplaced adds the result of a call that could be traced from no
// placement: it stands where the first missing setting is, else at the
// service.
func (b *builder) unplaced(wl sim.WorkloadResult, c sim.CallResult) {
	pos := wl.SourcePos
	if len(c.Missing) > 0 && c.Missing[0].Source.IsValid() {
		pos = c.Missing[0].Source
	}
	msg := fmt.Sprintf("%s: %s", callName(wl, c.Call), c.Explanation)
	b.add(ruleOf(c.Reason, c.Verdict), level(c.Call, c.Verdict), msg, b.location(pos, ""), b.related(wl, pos, nil))
}

// finding is one result: placements of a call that fail for the same
// reason at the same step.
type finding struct {
	p       sim.PlacementResult // the first such placement
	subnets []string
}

// group merges the placements of c that are not reachable and that have
// the same verdict, reason and deciding position, in placement order.
func group(c sim.CallResult) []finding {
	var out []finding
	index := map[string]int{}
	for _, p := range c.Placements {
		if p.Verdict == sim.Reachable {
			continue
		}
		key := fmt.Sprintf("%s|%s|%s", p.Verdict, p.Reason, decisivePos(p))
		if i, ok := index[key]; ok {
			out[i].subnets = append(out[i].subnets, p.Subnet)
			continue
		}
		index[key] = len(out)
		out = append(out, finding{p: p, subnets: []string{p.Subnet}})
	}
	return out
}

// finding adds the result of f.
func (b *builder) finding(wl sim.WorkloadResult, c sim.CallResult, f finding) {
	pos := decisivePos(f.p)
	if !pos.IsValid() {
		pos = wl.SourcePos
	}
	explanation := f.p.Explanation
	if explanation == "" {
		explanation = c.Explanation
	}
	msg := fmt.Sprintf("%s from %s: %s", callName(wl, c.Call), strings.Join(f.subnets, ", "), explanation)
	if advice := f.p.Fix.Advice; advice != "" && !strings.Contains(explanation, advice) {
		msg += " Fix: " + advice
	}
	b.add(ruleOf(f.p.Reason, f.p.Verdict), level(c.Call, f.p.Verdict), msg, b.location(pos, ""), b.related(wl, pos, &f.p))
}

// add records a result.
func (b *builder) add(rule, lvl, msg string, loc *sarif.Location, related []*sarif.Location) {
	if b.used == nil {
		b.used = map[string]bool{}
	}
	b.used[rule] = true
	res := sarif.NewRuleResult(rule).WithLevel(lvl).WithMessage(sarif.NewTextMessage(msg))
	if loc != nil {
		res.AddLocation(loc)
	}
	if len(related) > 0 {
		res.WithRelatedLocations(related)
	}
	b.results = append(b.results, res)
}

// related are the other places a result involves: the service, and the
// steps of the other blockers of the placement p (PlacementResult.
// BlockedBy, with their own fixes), each once and none at the result's
// own position.
func (b *builder) related(wl sim.WorkloadResult, at model.Pos, p *sim.PlacementResult) []*sarif.Location {
	var out []*sarif.Location
	seen := map[model.Pos]bool{at: true}
	addAt := func(pos model.Pos, msg string) {
		if !pos.IsValid() || seen[pos] {
			return
		}
		seen[pos] = true
		if loc := b.location(pos, msg); loc != nil {
			out = append(out, loc.WithID(len(out)+1))
		}
	}
	addAt(wl.SourcePos, "workload "+wl.Name)
	if p == nil {
		return out
	}
	for i, bl := range p.BlockedBy {
		st, hop, ok := stepAt(*p, bl.Decisive)
		if i == 0 || !ok {
			continue // the result's own blocker, or one no step found
		}
		msg := fmt.Sprintf("also blocking (%s) at %s %s", bl.Reason, hop.KindLabel(), hop.Component)
		if bl.Fix.Advice != "" {
			msg += "; fix: " + bl.Fix.Advice
		}
		addAt(st.Source, msg)
	}
	return out
}

// stepAt is the step ref names in p, with its hop.
func stepAt(p sim.PlacementResult, ref *sim.StepRef) (sim.Step, sim.Hop, bool) {
	if ref == nil || ref.Hop < 0 || ref.Hop >= len(p.Hops) || ref.Step < 0 || ref.Step >= len(p.Hops[ref.Hop].Steps) {
		return sim.Step{}, sim.Hop{}, false
	}
	hop := p.Hops[ref.Hop]
	return hop.Steps[ref.Step], hop, true
}

// location is the SARIF location of pos, with a message when msg is set;
// nil when pos names no file.
func (b *builder) location(pos model.Pos, msg string) *sarif.Location {
	if !pos.IsValid() {
		return nil
	}
	art := sarif.NewSimpleArtifactLocation(relativeURI(b.opts.BaseDir, pos.File)).WithURIBaseID(SrcRoot)
	phys := sarif.NewPhysicalLocation().WithArtifactLocation(art)
	if pos.Line > 0 {
		region := sarif.NewRegion().WithStartLine(pos.Line)
		if pos.Column > 0 {
			region.WithStartColumn(pos.Column)
		}
		phys.WithRegion(region)
	}
	loc := sarif.NewLocationWithPhysicalLocation(phys)
	if msg != "" {
		loc.WithMessage(sarif.NewTextMessage(msg))
	}
	return loc
}

// relativeURI is file as a relative URI reference with forward slashes:
// relative to base when file is absolute (its name alone when it cannot
// be), as given otherwise.
func relativeURI(base, file string) string {
	if filepath.IsAbs(file) {
		rel, err := filepath.Rel(base, file)
		if base == "" || err != nil {
			rel = filepath.Base(file)
		}
		file = rel
	}
	return (&url.URL{Path: filepath.ToSlash(filepath.Clean(file))}).String()
}

// decisivePos is the position of the step that decided p, if any.
func decisivePos(p sim.PlacementResult) model.Pos {
	st, _, _ := stepAt(p, p.Decisive)
	return st.Source
}

// level is "error" for an unreachable call whose failure stops the task
// (a start-phase call), "warning" for the rest: unknown verdicts, runtime
// calls, and calls whose failure may not stop the task.
func level(c sim.Call, v sim.Verdict) string {
	if v == sim.Unreachable && c.Phase == sim.PhaseStart && c.StopsTask == sim.StopsYes {
		return sarif.LevelError
	}
	return sarif.LevelWarning
}

// ruleOf is the rule of a placement or call: its reason code, or
// UNMODELED for an unknown verdict without one.
func ruleOf(reason sim.Reason, v sim.Verdict) string {
	if reason == "" && v == sim.Unknown {
		return string(sim.Unmodeled)
	}
	return string(reason)
}

// callName names a call in a message: the workload, the kind and what it
// is about.
func callName(wl sim.WorkloadResult, c sim.Call) string {
	return fmt.Sprintf("%s: %s call (%s, %s)", wl.Name, c.Kind, present.Target(c), c.Phase)
}

// untracedMessage says why a workload's calls cannot be listed.
func untracedMessage(wl sim.WorkloadResult) string {
	msg := fmt.Sprintf("%s: the calls of its tasks cannot be listed", wl.Name)
	for _, m := range wl.Missing {
		msg += fmt.Sprintf("; %s is not known (%s)", m.What, m.Why)
	}
	return msg + "."
}

// rules are the rules the results use, in catalog order, then any other
// (NOT_TRACED, or a code the catalog would lack) by name.
func (b *builder) rules() []*sarif.ReportingDescriptor {
	out := []*sarif.ReportingDescriptor{} // an array even when empty, as the schema wants
	b.order = nil
	for _, e := range catalog.Reasons {
		if b.used[e.Code] {
			out = append(out, rule(e.Code, e.Summary, ReasonsURI+"#"+catalog.ReasonAnchor(e.Code)))
			b.order = append(b.order, e.Code)
		}
	}
	var others []string
	for code := range b.used {
		if _, ok := catalog.Reason(code); !ok {
			others = append(others, code)
		}
	}
	slices.Sort(others)
	for _, code := range others {
		summary := code
		if code == NotTraced {
			summary = notTracedSummary
		}
		out = append(out, rule(code, summary, ReasonsURI+"#reason-codes"))
		b.order = append(b.order, code)
	}
	return out
}

func rule(id, summary, help string) *sarif.ReportingDescriptor {
	return sarif.NewRule(id).WithName(id).WithDescription(summary).WithHelpURI(help)
}

// ruleIndex is the index of rule id in the run's rules.
func (b *builder) ruleIndex(id string) int {
	for i, code := range b.order {
		if code == id {
			return i
		}
	}
	return -1
}
