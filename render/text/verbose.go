package text

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/render/internal/cells"
	"github.com/vpctrace/vpctrace/render/internal/present"
	"github.com/vpctrace/vpctrace/sim"
)

// hopIndent is where the verbose trace writes a hop: under the call's
// facts. Its steps and further lines go under the text after its number.
const hopIndent = detailIndent + "  "

// everyCall writes the facts that every one of calls has, and keeps them
// to leave out of each call's.
func (p *printer) everyCall(calls []sim.CallResult) {
	p.wl.common = commonFacts(calls)
	if len(p.wl.common) > 0 {
		p.wrapped(callIndent, "every call: "+strings.Join(p.wl.common, ", "))
	}
}

// callFacts writes what the call is and neither its trace nor the
// workload's common facts say: its facts, full resource, and what an
// endpoint policy would be asked. The resource is left out when
// the policy question names it.
func (p *printer) callFacts(c sim.CallResult, common []string) {
	var own []string
	for _, f := range facts(c) {
		if !slices.Contains(common, f) {
			own = append(own, f)
		}
	}
	p.wrapped(detailIndent, strings.Join(own, ", "))
	asked := len(c.Actions) > 0
	if c.Resource != "" && !(asked && c.PolicyResource == c.Resource) {
		p.println(detailIndent, "resource ", sanitize(c.Resource))
	}
	if asked {
		p.wrapped(detailIndent, policyQuestion(c.Call))
	}
}

// facts are what the call is, "name value": where it is made from when it
// has one placement, host and endpoint service (unless every placement's
// trace names them), port, origin, region and container. The phase is
// left out: the call's line says "runtime".
func facts(c sim.CallResult) []string {
	var out []string
	if len(c.Placements) == 1 {
		out = append(out, placementWhere(c.Placements[0]))
	}
	for _, f := range [][2]string{
		{"host", unsaid(c, c.Host)}, {"port", portString(c.Port)}, {"service", unsaid(c, c.Service)},
		{"origin", string(c.Origin)}, {"region", c.Region}, {"container", c.Container},
	} {
		if f[1] != "" {
			out = append(out, f[0]+" "+f[1])
		}
	}
	return out
}

// commonFacts are the facts that every one of several calls has.
func commonFacts(calls []sim.CallResult) []string {
	if len(calls) < 2 {
		return nil
	}
	common := facts(calls[0])
	for _, c := range calls[1:] {
		own := facts(c)
		common = slices.DeleteFunc(common, func(f string) bool { return !slices.Contains(own, f) })
	}
	return common
}

// unsaid is s, or "" when every placement of c has a hop that names it or
// a step that says it.
func unsaid(c sim.CallResult, s string) string {
	if s == "" || len(c.Placements) == 0 {
		return s
	}
	for _, pl := range c.Placements {
		if !slices.ContainsFunc(pl.Hops, func(h sim.Hop) bool { return hopSays(h, s) }) {
			return s
		}
	}
	return ""
}

// hopSays reports whether h is named s or one of its steps says s.
func hopSays(h sim.Hop, s string) bool {
	return h.Component == s || slices.ContainsFunc(h.Steps, func(st sim.Step) bool { return strings.Contains(st.Detail, s) })
}

// portString is the port number, or "" when it is unknown.
func portString(port int) string {
	if port == 0 {
		return ""
	}
	return fmt.Sprint(port)
}

// policyQuestion says what an endpoint policy on the path is asked.
func policyQuestion(c sim.Call) string {
	q := "endpoint policy is asked for " + strings.Join(c.Actions, ", ")
	if c.PolicyResource != "" {
		q += " on " + c.PolicyResource
	}
	if c.Principal != "" {
		q += " by " + c.Principal
	}
	return q
}

// tracePlacements writes every placement of call i, c, with its hops and
// steps. An explanation is written when the placement fails and says more
// than the call's (a reachable one only retells the hops), and a note only
// once in the call, and not when the workload's shared notes hold it.
func (p *printer) tracePlacements(i int, c sim.CallResult) {
	var noted []string
	for _, pl := range c.Placements {
		p.tracePlacement(i, c, pl)
		if pl.Verdict != sim.Reachable && pl.Explanation != c.Explanation {
			p.wrapped(hopIndent, pl.Explanation)
		}
		for _, w := range pl.Warnings {
			if !isShared(w, p.wl.notes) && !slices.Contains(noted, w) {
				noted = append(noted, w)
				p.wrapped(hopIndent, "note: "+w)
			}
		}
	}
}

// tracePlacement writes the placement's outcome and its numbered hops,
// with the blockers after the first (the outcome names it). The only
// placement of a call has its subnet among the call's facts and the
// call's outcome: only its further blockers are written.
func (p *printer) tracePlacement(i int, c sim.CallResult, pl sim.PlacementResult) {
	sole := len(c.Placements) == 1
	row := placementRow(pl)
	if len(pl.Blockers) > 1 {
		row = append(row, plain("also blocked by "+joinReasons(pl.Blockers[1:])))
	}
	switch {
	case !sole:
		p.println(detailIndent, p.formatRow(row, nil))
	case len(row) > 3:
		p.println(detailIndent, row[3].text)
	}
	label := p.wl.labels[i]
	if !sole {
		label += " from " + sanitize(pl.Subnet)
	}
	for n, h := range pl.Hops {
		number := fmt.Sprintf("%d. ", n+1)
		under := hopIndent + strings.Repeat(" ", len(number))
		at := place{i, pl.Subnet, label, n + 1}
		if len(h.Steps) == 1 {
			// The hop and its one step share the first line.
			p.step(h, h.Steps[0], at, hopIndent, under, number+hopName(h)+" ·")
			continue
		}
		p.hang(hopIndent, under, number+hopName(h))
		for _, s := range h.Steps {
			p.step(h, s, at, under, under+"  ", "")
		}
	}
	if len(pl.Hops) == 0 {
		p.println(hopIndent, "(no hops)")
	}
}

// hopName is what the hop is: "kind component", or the component alone
// when it names its kind itself. The engine names the interfaces a call
// reaches in its VPC by what they are ("ENI of endpoint X in S (CIDR)",
// "mount target X in S (CIDR)"); a network ACL also names the subnet it
// guards.
func hopName(h sim.Hop) string {
	switch h.Kind {
	case sim.HopInterfaceEndpoint, sim.HopMountTarget, sim.HopInstance:
		return sanitize(h.Component)
	case sim.HopNetworkACL:
		if strings.Contains(h.Component, string(h.Kind)) {
			return sanitize(h.Component + " (subnet " + h.Subnet + ")")
		}
	}
	kind := h.KindLabel()
	if strings.Contains(h.Component, kind) {
		return sanitize(h.Component)
	}
	return sanitize(kind + " " + h.Component)
}

// callLabels name each call for a repeated step: its kind, and when
// another call has that kind, its container, or else its place among them
// ("logs #2").
func callLabels(calls []sim.CallResult) []string {
	labels := make([]string, len(calls))
	for i, c := range calls {
		var same []sim.CallResult
		nth := 0
		for j, o := range calls {
			if o.Kind == c.Kind {
				same = append(same, o)
				if j < i {
					nth++
				}
			}
		}
		labels[i] = string(c.Kind)
		switch {
		case len(same) == 1:
		case c.Container != "" && !slices.ContainsFunc(same[:nth], func(o sim.CallResult) bool { return o.Container == c.Container }) &&
			!slices.ContainsFunc(same[nth+1:], func(o sim.CallResult) bool { return o.Container == c.Container }):
			labels[i] += " of " + sanitize(c.Container)
		default:
			labels[i] += fmt.Sprintf(" #%d", nth+1)
		}
	}
	return labels
}

// stepKey is what makes two steps the same decision: the same check, the
// same words, the same rule written at the same place. A ruleKey leaves
// out the words: the same written rule decided the same check.
type (
	stepKey struct {
		typ    sim.StepType
		action sim.Action
		detail string
		rule   string
		source model.Pos
	}
	ruleKey struct {
		typ    sim.StepType
		action sim.Action
		rule   string
		source model.Pos
	}
)

// place is where the verbose trace wrote a step: the call (its index in
// the workload), the placement's subnet, how the call is named (with the
// subnet when it has several placements), and the hop's number.
type place struct {
	call   int
	subnet string
	label  string
	hop    int
}

// written is what the verbose trace of a workload has written in full.
type written struct {
	steps map[stepKey]place
	rules map[ruleKey]bool
}

// step writes one step as a paragraph after indent (further lines after
// more), after hop when it is not empty: its type and action, its detail,
// the deciding rule where the detail does not already name it, where the
// rule was written, and the code it blocks with. The type is left out
// when the hop's kind says it, and the detail's first word when it is the
// action ("resolved"). A step that passes and repeats one written in full
// earlier in the workload (see repeats) is written short.
func (p *printer) step(h sim.Hop, s sim.Step, at place, indent, more, hop string) {
	action := sanitize(string(s.Action))
	words := strings.Fields(hop + " " + sanitize(present.StepType(h, s)) + " " + action)
	detail, colon := present.StepDetail(s)
	detail = strings.TrimSpace(sanitize(detail))
	var parts []string
	switch first, short := p.repeats(s, at); {
	case short && s.Rule != "":
		parts = append(parts, "by "+sanitize(s.Rule), "at "+sanitize(s.Source.String()))
	case short && first.call == at.call && first.subnet == at.subnet:
		parts = append(parts, fmt.Sprintf("as at hop %d", first.hop))
	case short:
		parts = append(parts, "as for "+first.label)
	default:
		if colon && detail != "" {
			words[len(words)-1] += ":"
		}
		parts = append(parts, stepFull(s, detail)...)
	}
	lines := cells.WrapHanging(strings.Join(words, " ")+" "+strings.Join(parts, "; "),
		wrapWidth(indent), wrapWidth(more), cells.KeepWords)
	lines = p.paintWord(lines, len(words)-1, actionColor(s.Action))
	for i, line := range lines {
		if i == 0 {
			p.println(indent, line)
		} else {
			p.println(more, line)
		}
	}
}

// stepFull is what a step says in full after its action: the detail, the
// rule where the detail does not name it, where it was written, and the
// code it blocks with.
func stepFull(s sim.Step, detail string) []string {
	var parts []string
	if detail != "" {
		parts = append(parts, detail)
	}
	if rule := sanitize(s.Rule); rule != "" && !strings.Contains(detail, rule) {
		parts = append(parts, "rule "+rule)
	}
	if at := sanitize(s.Source.String()); at != "" {
		parts = append(parts, "at "+at)
	}
	if s.Reason != "" {
		parts = append(parts, "blocks: "+sanitize(string(s.Reason)))
	}
	return parts
}

// paintWord colours the word of lines numbered n (from 0), counting words
// over the lines (Wrap separates them with one space), but not a colon
// after it.
func (p *printer) paintWord(lines []string, n int, color string) []string {
	for i, line := range lines {
		words := strings.Split(line, " ")
		if n < len(words) {
			w, colon := strings.CutSuffix(words[n], ":")
			words[n] = p.paint(w, color)
			if colon {
				words[n] += ":"
			}
			lines[i] = strings.Join(words, " ")
			return lines
		}
		n -= len(words)
	}
	return lines
}

// repeats reports whether s passes and repeats a step written in full
// earlier in the workload, and where that one is; else it records s as
// written at at. A step repeats one with the same words, or one decided by
// the same rule written at the same place: what a rule written nowhere
// decides ("allows all") and a DNS answer (its rule is the zone) repeat
// only word for word, and only when they have no rule.
func (p *printer) repeats(s sim.Step, at place) (first place, short bool) {
	if !passes(s) || s.Detail == "" {
		return place{}, false
	}
	written := s.Rule != "" && s.Source.String() != ""
	exact := stepKey{s.Type, s.Action, s.Detail, s.Rule, s.Source}
	byRule := ruleKey{s.Type, s.Action, s.Rule, s.Source}
	if first, ok := p.wl.seen.steps[exact]; ok && (s.Rule == "" || written) {
		return first, true
	}
	if written && s.Type != sim.StepDNS && p.wl.seen.rules[byRule] {
		return place{}, true
	}
	if _, ok := p.wl.seen.steps[exact]; !ok {
		p.wl.seen.steps[exact] = at
	}
	if written {
		p.wl.seen.rules[byRule] = true
	}
	return place{}, false
}

// passes reports whether the step lets the call go on.
func passes(s sim.Step) bool {
	switch s.Action {
	case sim.ActionAllowed, sim.ActionResolved, sim.ActionForwarded, sim.ActionDelivered:
		return s.Reason == ""
	}
	return false
}

func actionColor(a sim.Action) string {
	switch a {
	case sim.ActionDenied, sim.ActionDropped, sim.ActionFailed:
		return red
	case sim.ActionUnknown:
		return yellow
	}
	return ""
}

func joinReasons(rs []sim.Reason) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}
