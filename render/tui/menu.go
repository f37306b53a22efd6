package tui

import (
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/fix"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/whatif"
)

// openMenu lists the what-ifs for the selected call and placement: first
// the changes its explanation proposes, for every blocker (the transit
// gateway's attachment subnet or return routes, whatif.Trial.TransitFixes; the
// security group rule on either side, the network ACL rule, the endpoint
// policy statement, an endpoint or a NAT route, fix.Proposals), then the
// other changes that bear on the call (whatif.Trial.Offers).
func (m *Model) openMenu() {
	c, ok := m.selected()
	if !ok {
		m.status = "select a call to see its what-ifs"
		return
	}
	wl := m.trial.Report().Workloads[m.rows[m.cursor].wl]
	subnet := ""
	var proposed []whatif.Change
	applied := m.wanted()
	if p, ok := m.selectedPlacement(c); ok {
		subnet = p.Subnet
		fixes := append(m.trial.TransitFixes(p), fix.Proposals(m.trial, wl, c, p)...)
		for _, ch := range fixes {
			if !slices.Contains(applied, ch) && !slices.Contains(proposed, ch) {
				proposed = append(proposed, ch)
			}
		}
	}
	m.menu, m.menuProposed = proposed, len(proposed)
	for _, ch := range m.trial.Offers(wl, c, subnet) {
		if !slices.Contains(m.menu, ch) && !slices.Contains(applied, ch) && !slices.ContainsFunc(proposed, func(p whatif.Change) bool { return sameEffect(ch, p) }) {
			m.menu = append(m.menu, ch)
		}
	}
	if len(m.menu) == 0 {
		m.status = "no what-if applies to this call"
		return
	}
	for _, ch := range m.menu {
		m.remember(ch)
	}
	m.menuOpen, m.menuCursor = true, 0
}

// remember keeps the description of c in the world shown, for the menu,
// the what-if pane and the status line.
func (m *Model) remember(c whatif.Change) {
	if c.Kind != whatif.AddEndpoint {
		return
	}
	if _, ok := m.labels[c]; ok {
		return
	}
	m.labels[c] = c.Label() + endpointGroups(m.trial.World(), c)
}

// describe is c's label, with the security groups an added endpoint gets.
func (m Model) describe(c whatif.Change) string {
	if l, ok := m.labels[c]; ok {
		return l
	}
	return c.Label()
}

// endpointGroups says which security groups AddEndpoint c gives the
// interface endpoint it adds to w (whatif.Guard): the groups of the VPC's
// endpoint it copies, or a new group that admits HTTPS from the VPC's
// services, with the services that endpoint's groups refuse when that is
// why (aws-rules 3.2.1, 5.1.4). It is empty for a gateway endpoint, or
// when c cannot be applied.
func endpointGroups(w *model.World, c whatif.Change) string {
	g, ok := c.Guard(w)
	if !ok {
		return ""
	}
	switch {
	case g.New && len(g.Refused) > 0:
		var like []string
		if i := slices.IndexFunc(w.Endpoints, func(e model.Endpoint) bool { return e.ID == g.Like }); i >= 0 {
			like = w.Endpoints[i].SecurityGroups
		}
		verb := " refuses "
		if len(like) > 1 {
			verb = " refuse "
		}
		return " (new group " + sanitize(g.Groups[0]) + ": HTTPS from the VPC's services, as " +
			groupsOf(like) + " of endpoint " + sanitize(g.Like) + verb + sanitize(strings.Join(g.Refused, ", ")) + ")"
	case g.New:
		return " (new group " + sanitize(g.Groups[0]) + ": HTTPS from the VPC's services)"
	}
	return " (" + groupsOf(g.Groups) + ", as endpoint " + sanitize(g.Like) + ")"
}

// groupsOf names security groups: "group a", "groups a, b", or the VPC's
// default group for none (aws-rules 5.1.5).
func groupsOf(groups []string) string {
	switch len(groups) {
	case 0:
		return "the VPC's default group"
	case 1:
		return "group " + sanitize(groups[0])
	}
	return "groups " + sanitize(strings.Join(groups, ", "))
}

// proposedMark marks, in the menu, the what-ifs an explanation proposes.
const proposedMark = "fix:"

// sameEffect reports whether offer o does what proposal p does: toggling
// the private DNS of an endpoint that the proposal turns on (it is
// proposed only when it is off).
func sameEffect(o, p whatif.Change) bool {
	return o.Kind == whatif.TogglePrivateDNS && p.Kind == whatif.EnablePrivateDNS && o.Target == p.Target
}
