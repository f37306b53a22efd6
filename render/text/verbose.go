package text

import (
	"fmt"
	"strings"

	"github.com/vpctrace/vpctrace/sim"
)

// Indents of the verbose trace.
const (
	hopIndent  = detailIndent + "  "
	stepIndent = hopIndent + "     "
)

// callFacts writes what the call is: host, port, endpoint service, phase,
// origin, region, container, full resource, and what an endpoint policy would be asked.
func (p *printer) callFacts(c sim.CallResult) {
	var facts []string
	for _, f := range [][2]string{
		{"host", c.Host}, {"port", portString(c.Port)}, {"service", c.Service}, {"phase", string(c.Phase)},
		{"origin", string(c.Origin)}, {"region", c.Region}, {"container", c.Container},
	} {
		if f[1] != "" {
			facts = append(facts, f[0]+" "+f[1])
		}
	}
	p.wrapped(detailIndent, strings.Join(facts, ", "))
	if c.Resource != "" {
		p.println(detailIndent, "resource ", sanitize(c.Resource))
	}
	if len(c.Actions) > 0 {
		p.wrapped(detailIndent, policyQuestion(c.Call))
	}
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

// tracePlacements writes every placement of c with its hops and steps.
func (p *printer) tracePlacements(c sim.CallResult) {
	for _, pl := range c.Placements {
		p.tracePlacement(pl)
		if pl.Explanation != c.Explanation {
			p.wrapped(hopIndent, pl.Explanation)
		}
		p.notes(hopIndent, pl.Warnings)
	}
}

// tracePlacement writes the placement's outcome and its numbered hops.
func (p *printer) tracePlacement(pl sim.PlacementResult) {
	row := placementRow(pl)
	if len(pl.Blockers) > 0 {
		row = append(row, plain("blockers: "+joinReasons(pl.Blockers)))
	}
	p.println(detailIndent, p.formatRow(row, nil))
	rows := stepRows(pl.Hops)
	ws := columnWidths(rows)
	next := 0
	for i, h := range pl.Hops {
		p.println(hopIndent, fmt.Sprintf("%d. ", i+1), hopName(h))
		for _, s := range h.Steps {
			p.step(s, rows[next], ws)
			next++
		}
	}
	if len(pl.Hops) == 0 {
		p.println(hopIndent, "(no hops)")
	}
}

// hopName is "kind component", or the component alone when the kind is
// missing or the component's name already says it.
func hopName(h sim.Hop) string {
	kind := h.KindLabel()
	if strings.Contains(h.Component, kind) {
		return sanitize(h.Component)
	}
	return sanitize(kind + " " + h.Component)
}

// stepRows returns the aligned columns of every step of hops, in order.
func stepRows(hops []sim.Hop) [][]cell {
	var rows [][]cell
	for _, h := range hops {
		for _, s := range h.Steps {
			rows = append(rows, []cell{
				plain(string(s.Type)),
				colored(string(s.Action), actionColor(s.Action)),
				plain(s.Detail),
			})
		}
	}
	return rows
}

// step writes one step's line, its detail wrapped in the last column, and
// under the detail the deciding rule, where it was written and the code it
// blocks with.
func (p *printer) step(s sim.Step, row []cell, ws []int) {
	pad := strings.Repeat(" ", ws[0]+2+ws[1]+2)
	lines := wrap(row[2].text, wrapWidth(stepIndent+pad))
	if len(lines) == 0 {
		lines = []string{""}
	}
	p.println(stepIndent, p.formatRow([]cell{row[0], row[1], plain(lines[0])}, ws))
	for _, line := range lines[1:] {
		p.println(stepIndent, pad, line)
	}
	var more []string
	if s.Rule != "" {
		more = append(more, "rule "+sanitize(s.Rule))
	}
	if at := sanitize(s.Source.String()); at != "" {
		more = append(more, "at "+at)
	}
	if s.Reason != "" {
		more = append(more, "blocks: "+sanitize(string(s.Reason)))
	}
	p.wrapped(stepIndent+pad, strings.Join(more, "; "))
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
