package tui

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/viewport"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/vpctrace/vpctrace/render/internal/present"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// styles are the lipgloss styles of the TUI. Colour only repeats what the
// marks and words say.
type styles struct {
	bold, dim, selected, changed, mark  lipgloss.Style
	reach, unreach, unknown             lipgloss.Style
	focusBorder, blurBorder, title, bar lipgloss.Style
}

func newStyles(r *lipgloss.Renderer) styles {
	s := r.NewStyle()
	return styles{
		bold:        s.Bold(true),
		dim:         s.Faint(true),
		selected:    s.Reverse(true),
		mark:        s.Reverse(true).Bold(true),
		changed:     s.Bold(true).Foreground(lipgloss.Color("5")),
		reach:       s.Foreground(lipgloss.Color("2")),
		unreach:     s.Foreground(lipgloss.Color("1")),
		unknown:     s.Foreground(lipgloss.Color("3")),
		focusBorder: s.Border(lipgloss.ThickBorder()).BorderForeground(lipgloss.Color("6")),
		blurBorder:  s.Border(lipgloss.NormalBorder()),
		title:       s.Bold(true),
		bar:         s.Faint(true),
	}
}

// Marks of verdicts and of calls whose verdict the what-ifs changed.
const (
	markReachable   = present.MarkReachable
	markUnreachable = present.MarkUnreachable
	markUnknown     = present.MarkUnknown
	markChanged     = "Δ"
	markCursor      = "▸"
)

func (st styles) verdict(v sim.Verdict) string {
	return present.ByVerdict(v, st.reach, st.unreach, st.unknown).Render(present.Mark(v))
}

func (st styles) action(a sim.Action) string {
	switch a {
	case sim.ActionAllowed, sim.ActionResolved, sim.ActionForwarded, sim.ActionDelivered:
		return st.reach.Render(markReachable)
	case sim.ActionDenied, sim.ActionFailed, sim.ActionDropped:
		return st.unreach.Render(markUnreachable)
	}
	return st.unknown.Render(markUnknown)
}

// geometry is where the panes go for a terminal size.
type geometry struct {
	stacked            bool
	callsW, callsH     int
	whatifsW, whatifsH int // whatifsH 0: no what-if pane
	detailsW, detailsH int
	bodyH              int
	// compW, compH size the component view: the details pane's place, or
	// the whole body when that is narrow (the view is modal).
	compW, compH int
	compFull     bool
}

func (m Model) geometry() geometry {
	w, h := max(m.width, 20), max(m.height, 8)
	g := geometry{bodyH: h - 3}
	callsW := min(max(w*12/25, 30), 48)
	if w < 70 {
		callsW = w
	}
	if n := len(m.whatIfLines(callsW-2, 1<<20)); n > 0 {
		g.whatifsH = min(n, 5) + 3
	}
	if w >= 70 {
		if g.bodyH-g.whatifsH < 5 {
			g.whatifsH = 0 // too short: the title and the status line still say what-ifs are on
		}
		g.callsW = callsW
		g.whatifsW = g.callsW
		g.detailsW = w - g.callsW
		g.detailsH = g.bodyH
		g.callsH = g.bodyH - g.whatifsH
		g.compW, g.compH, g.compFull = g.detailsW, g.detailsH, g.detailsW < 70
		if g.compFull {
			g.compW, g.compH = w, g.bodyH
		}
		return g
	}
	g.stacked = true
	if g.bodyH-g.whatifsH < 8 {
		g.whatifsH = 0
	}
	g.callsW, g.whatifsW, g.detailsW = w, w, w
	g.callsH = max(3, g.bodyH*2/5)
	g.detailsH = max(3, g.bodyH-g.callsH-g.whatifsH)
	g.compW, g.compH, g.compFull = w, g.bodyH, true
	return g
}

// layout sizes the scrolling panes and fills them for the selection.
func (m *Model) layout() {
	g := m.geometry()
	w, h := max(1, g.detailsW-2), max(1, g.detailsH-3)
	for _, vp := range []*viewport.Model{&m.details, &m.helpView} {
		vp.Width, vp.Height = w, h
	}
	m.compView.Width, m.compView.Height = max(1, g.compW-2), max(1, g.compH-3)
	text, hops := m.detailsText(w)
	m.details.SetContent(text)
	m.hopLines = hops
	if m.compOpen {
		m.compView.SetContent(m.comp.render(m.st, m.compView.Width))
	}
	if m.showHelp {
		m.helpView.SetContent(strings.Join(m.helpLines(w), "\n"))
	}
}

// View implements tea.Model.
func (m Model) View() string {
	g := m.geometry()
	calls := box(m.st, "Calls", m.callsLines(g.callsW-2, g.callsH-3), g.callsW, g.callsH, m.focus == paneCalls && !m.compOpen)
	left := calls
	if g.whatifsH > 0 {
		left = lipgloss.JoinVertical(lipgloss.Left, calls,
			box(m.st, m.whatIfsTitle(), m.whatIfLines(g.whatifsW-2, g.whatifsH-3), g.whatifsW, g.whatifsH, m.focus == paneWhatIfs))
	}
	var right string
	iw, ih := g.detailsW-2, g.detailsH-3
	switch {
	case m.showHelp:
		right = box(m.st, "Help (esc closes)"+scrolled(m.helpView), lines(m.helpView), g.detailsW, g.detailsH, true)
	case m.menuOpen:
		right = box(m.st, "What-if (enter apply, esc close)", m.menuLines(iw, ih), g.detailsW, g.detailsH, true)
	case m.chooserOpen:
		right = box(m.st, "Open (enter, esc back)", m.chooserLines(iw, ih), g.detailsW, g.detailsH, true)
	case m.compOpen:
		right = box(m.st, m.comp.title+" (esc back)"+scrolled(m.compView), lines(m.compView), g.compW, g.compH, true)
		if g.compFull {
			return m.screen(right) // modal: it takes the whole body
		}
	default:
		right = box(m.st, m.detailsTitle()+scrolled(m.details), lines(m.details), g.detailsW, g.detailsH, m.focus == paneDetails)
	}
	body := lipgloss.JoinHorizontal(lipgloss.Top, left, right)
	if g.stacked {
		body = lipgloss.JoinVertical(lipgloss.Left, left, right)
	}
	return m.screen(body)
}

// screen puts the title, the status line and the help bar around body.
func (m Model) screen(body string) string {
	w := max(m.width, 20)
	// Exactly the terminal's height: the body gives way on tiny screens,
	// the help bar never does.
	out := strings.Split(body, "\n")
	bodyH := max(m.height, 8) - 3
	for len(out) < bodyH {
		out = append(out, strings.Repeat(" ", w))
	}
	out = out[:bodyH]
	return strings.Join(append([]string{fit(m.st.title.Render(m.titleLine(w)), w)}, append(out,
		fit(m.statusLine(), w),
		fit(m.helpBar(w), w))...), "\n")
}

func lines(vp viewport.Model) []string { return strings.Split(vp.View(), "\n") }

// scrolled marks a pane title when its text goes on above (↑), below (↓)
// or both (↕) what shows.
func scrolled(vp viewport.Model) string {
	if vp.TotalLineCount() <= vp.Height {
		return ""
	}
	switch {
	case vp.AtTop():
		return " ↓"
	case vp.AtBottom():
		return " ↑"
	}
	return " ↕"
}

// box draws a pane with a title line; focus shows as a thick border and a
// marker, not only as colour.
func box(st styles, title string, lines []string, w, h int, focused bool) string {
	iw, ih := max(w-2, 1), max(h-2, 1)
	style, mark := st.blurBorder, "  "
	if focused {
		style, mark = st.focusBorder, markCursor+" "
	}
	out := make([]string, 0, ih)
	out = append(out, fit(st.bold.Render(mark+title), iw))
	for _, l := range lines {
		if len(out) == ih {
			break
		}
		out = append(out, fit(l, iw))
	}
	for len(out) < ih {
		out = append(out, strings.Repeat(" ", iw))
	}
	return style.Render(strings.Join(out, "\n"))
}

// fit truncates s to width w and pads it with spaces to exactly w cells.
func fit(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	if n := ansi.StringWidth(s); n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// titleLine sums up the report in at most w cells where it can: the
// counts matter more than the input's path, which shortens to its base
// name first.
func (m Model) titleLine(w int) string {
	n := present.Count(m.trial.Report())
	told := fmt.Sprintf("%d won't start", n.States[present.Fails])
	if untold := n.States[present.Untold] + n.States[present.Untraced]; untold > 0 {
		told += fmt.Sprintf(", %d %s", untold, markUnknown)
	}
	counts := fmt.Sprintf("%s (%s), %s (%d not %s)",
		present.Plural(n.Workloads, "workload"), told, present.Plural(n.Calls, "call"), n.Calls-n.Reachable, markReachable)
	if len(m.WhatIfs()) > 0 {
		counts += fmt.Sprintf(" · %d %s", len(m.changed), markChanged)
	}
	s := "vpctrace " + sanitize(m.name) + ": " + counts
	if ansi.StringWidth(s) > w {
		s = sanitize(filepath.Base(m.name)) + ": " + counts
	}
	if ansi.StringWidth(s) > w {
		s = counts
	}
	return s
}

func (m Model) statusLine() string {
	switch {
	case m.filtering:
		return m.filter.View()
	case m.filter.Value() != "":
		return "filter: " + sanitize(m.filter.Value()) + " (esc in the list clears)"
	case m.status != "":
		return m.status
	}
	legend := markReachable + " reachable  " + markUnreachable + " unreachable  " + markUnknown + " unknown"
	for _, more := range []string{"  " + markChanged + " changed by what-ifs", "  " + markChanged + " changed"} {
		if ansi.StringWidth(legend+more) <= max(m.width, 20) {
			legend += more
			break
		}
	}
	return m.st.dim.Render(legend)
}

// callsLines renders the workloads and their calls, scrolled to keep the
// cursor in view. Only the visible rows are rendered: a generated world
// has tens of thousands.
func (m Model) callsLines(w, h int) []string {
	if len(m.rows) == 0 {
		if len(m.trial.Report().Workloads) == 0 {
			return wrap("this input declares no ECS workloads", max(w, 8))
		}
		return []string{"no call matches the filter"}
	}
	off := 0
	if len(m.rows) > h {
		off = min(max(0, m.cursor-h/2), len(m.rows)-h)
	}
	lines := make([]string, 0, h)
	for i := off; i < min(len(m.rows), off+max(h, 0)); i++ {
		r := m.rows[i]
		wl := m.trial.Report().Workloads[r.wl]
		if r.call < 0 {
			starts := m.st.reach.Render(markReachable) + " starts"
			switch present.StateOf(wl) {
			case present.Untraced:
				starts = m.st.unknown.Render(markUnknown) + " not traced"
			case present.Untold:
				starts = m.st.unknown.Render(markUnknown) + " cannot be told"
			case present.Fails:
				starts = m.st.unreach.Render(markUnreachable) + " won't start"
			}
			lines = append(lines, m.st.bold.Render(sanitize(wl.Name))+" "+sanitize(strings.TrimSpace(wl.LaunchType+" "+wl.PlatformVersion))+" "+starts)
			continue
		}
		c := wl.Calls[r.call]
		cur, ch := " ", " "
		if i == m.cursor {
			cur = markCursor
		}
		if m.changed[whatif.IDOf(wl, c)] {
			ch = m.st.changed.Render(markChanged)
		}
		why := string(c.Via)
		if c.Verdict != sim.Reachable {
			why = string(c.Reason)
		}
		l := fmt.Sprintf("%s%s%s %-13s %s", cur, m.st.verdict(c.Verdict), ch, c.Kind, why)
		if i == m.cursor {
			l = m.st.selected.Render(fit(l, w))
		}
		lines = append(lines, l)
	}
	return lines
}

// whatIfsTitle names the what-if pane: how many what-ifs, how many calls
// they changed, and that d removes the selected one from any pane.
func (m Model) whatIfsTitle() string {
	if m.pending != nil {
		return fmt.Sprintf("What-ifs: %d, re-tracing…", len(m.pending))
	}
	return fmt.Sprintf("What-ifs: %d, %d %s (d remove)", len(m.WhatIfs()), len(m.changed), markChanged)
}

// whatIfLines lists the what-ifs in at most h lines, scrolled to keep the
// selected one in view. The selected one, which d removes, is marked and
// wrapped whole; the others take a line each.
func (m Model) whatIfLines(w, h int) []string {
	var lines []string
	first := 0
	for i, wi := range m.wanted() {
		num := fmt.Sprintf("%d. ", i+1)
		label := m.describe(wi)
		if i != m.wiCursor {
			lines = append(lines, " "+num+label)
			continue
		}
		first = len(lines)
		pad := strings.Repeat(" ", 1+len(num))
		for j, l := range wrap(label, max(w-len(pad), 8)) {
			if j == 0 {
				l = markCursor + num + l
			} else {
				l = pad + l
			}
			if m.focus == paneWhatIfs {
				l = m.st.selected.Render(fit(l, w))
			}
			lines = append(lines, l)
		}
	}
	return scroll(lines, first, h)
}

// scroll returns the h lines of lines that show line at, with some of
// what comes before it.
func scroll(lines []string, at, h int) []string {
	if len(lines) <= h {
		return lines
	}
	off := min(max(0, at-h/3), len(lines)-h)
	return lines[off : off+h]
}

// menuLines lists the what-ifs of the menu, each wrapped whole; those the
// call's explanation proposes come first, marked "fix:".
func (m Model) menuLines(w, h int) []string {
	var lines []string
	at := 0
	for i, wi := range m.menu {
		label := m.describe(wi)
		if i < m.menuProposed {
			label = proposedMark + " " + label
		}
		cur := " "
		if i == m.menuCursor {
			cur, at = markCursor, len(lines)
		}
		for j, l := range wrap(label, max(w-2, 8)) {
			if j == 0 {
				l = cur + " " + l
			} else {
				l = "  " + l
			}
			if i == m.menuCursor {
				l = m.st.selected.Render(fit(l, w))
			}
			lines = append(lines, l)
		}
	}
	return scroll(lines, at, h)
}

// helpLines is the text of the help pane, wrapped to w cells.
func (m Model) helpLines(w int) []string {
	dir := "the current directory"
	if m.outDir != "" {
		dir = sanitize(m.outDir)
	}
	var lines []string
	for _, col := range m.keys.fullHelp() {
		for _, b := range col {
			for i, l := range wrap(b.Help().Desc, max(w-10, 8)) {
				k := ""
				if i == 0 {
					k = b.Help().Key
				}
				lines = append(lines, fmt.Sprintf("%-9s %s", k, l))
			}
		}
	}
	lines = append(lines, "")
	for _, p := range []string{
		markReachable + " reachable  " + markUnreachable + " unreachable  " + markUnknown + " unknown",
		markChanged + " verdict changed by the what-ifs",
		markCursor + " selection / focused pane / what decided the call",
		"",
		"In the details, ↑↓ select a hop and enter opens what it met: the route table with every route AWS uses (the local and gateway endpoint routes too), a security group or network ACL with all its rules, an endpoint with its DNS names and policy. What decided the call is marked " + markCursor + ".",
		"",
		"e writes a diagram of the selected call (SVG), E the world with the what-ifs (scenario YAML), to " + dir + "; an existing file is never overwritten.",
	} {
		if p == "" {
			lines = append(lines, "")
			continue
		}
		lines = append(lines, wrap(p, max(w, 8))...)
	}
	return lines
}

func (m Model) detailsTitle() string {
	c, ok := m.selected()
	if !ok {
		return "Details"
	}
	t := "Details: " + string(c.Kind)
	if n := len(c.Placements); n > 1 {
		t += fmt.Sprintf(" [%d/%d ←→]", m.placement+1, n)
	}
	return t
}

// span is where a hop starts and ends (inclusive) in the details text.
type span struct{ start, end int }

// detailsText renders the selected call: its verdict, the placement's hops
// and steps with their source positions, the explanation and the
// stoppedReason of the workload. It returns where each hop is, for the hop
// cursor; the selected hop is marked when the pane has the focus.
func (m *Model) detailsText(w int) (string, []span) {
	c, ok := m.selected()
	if !ok {
		return "Select a call.", nil
	}
	wl := m.trial.Report().Workloads[m.rows[m.cursor].wl]
	var out []string
	line := func(indent int, s string) {
		pad := strings.Repeat(" ", indent)
		for _, l := range wrap(s, max(w-indent, 8)) {
			out = append(out, pad+l)
		}
	}
	head := m.st.verdict(c.Verdict) + " " + string(c.Verdict)
	if c.Via != "" {
		head += " via " + string(c.Via)
	}
	if c.Reason != "" {
		head += " " + string(c.Reason)
	}
	if m.changed[whatif.IDOf(wl, c)] {
		head += " " + m.st.changed.Render(markChanged+" changed")
	}
	line(0, head)
	line(0, fmt.Sprintf("%s %s:%d · %s · %s", c.Kind, sanitize(c.Host), c.Port, c.Phase, c.Origin))
	if c.Resource != "" {
		line(0, "resource "+sanitize(c.Resource))
	}
	if c.Explanation != "" {
		line(0, m.st.bold.Render("Why"))
		line(1, sanitize(c.Explanation))
	}
	if wl.StoppedReason != "" {
		line(0, m.st.bold.Render("ECS stoppedReason")+" (from the "+string(wl.StoppedBy)+" call)")
		line(1, sanitize(wl.StoppedReason))
		if wl.StoppedOtherwise != "" {
			line(0, m.st.bold.Render("If the undecided calls work")+" (from the "+string(wl.StoppedOtherwiseBy)+" call)")
			line(1, sanitize(wl.StoppedOtherwise))
		}
	}
	p, ok := m.selectedPlacement(c)
	if !ok {
		return strings.Join(out, "\n"), nil
	}
	at := "from " + sanitize(p.Subnet)
	if p.AZ != "" {
		at += " (" + sanitize(p.AZ) + ")"
	}
	line(0, m.st.bold.Render(at)+" "+m.st.verdict(p.Verdict)+" "+string(p.Verdict))
	for _, b := range p.BlockedBy {
		line(1, m.st.verdict(p.Verdict)+" "+blockerText(b))
	}
	m.hop = min(m.hop, len(p.Hops)-1)
	spans := make([]span, 0, len(p.Hops))
	for i, h := range p.Hops {
		start := len(out)
		title := fmt.Sprintf("%d. %s", i+1, sanitize(hopLabel(h)))
		if i == m.hop && m.focus == paneDetails {
			for j, l := range wrap(title, max(w-1, 8)) {
				gutter := markCursor
				if j > 0 {
					gutter = " "
				}
				out = append(out, m.st.selected.Render(fit(gutter+l, w)))
			}
			line(4, m.st.dim.Render(sanitize(m.hopHint(p, h))))
		} else {
			line(1, title)
		}
		for _, s := range h.Steps {
			line(4, m.st.action(s.Action)+" "+stepLine(h, s))
			var extra []string
			if s.Rule != "" {
				extra = append(extra, "rule "+sanitize(s.Rule))
			}
			if s.Source.IsValid() {
				extra = append(extra, "at "+sanitize(s.Source.String()))
			}
			if s.Reason != "" {
				extra = append(extra, "reason "+string(s.Reason))
			}
			if len(extra) > 0 {
				line(6, m.st.dim.Render(strings.Join(extra, " · ")))
			}
		}
		spans = append(spans, span{start, len(out) - 1})
	}
	for _, wn := range p.Warnings {
		line(1, "warning: "+sanitize(wn))
	}
	return strings.Join(out, "\n"), spans
}

// blockerText is one blocker of a placement: its code, the hop whose step
// found it (numbered as the hops below) and its own fix.
func blockerText(b sim.Blocker) string {
	s := string(b.Reason)
	if b.Decisive != nil {
		s += fmt.Sprintf(" at hop %d", b.Decisive.Hop+1)
	}
	if b.Fix.Advice != "" {
		s += " · fix: " + sanitize(b.Fix.Advice)
	}
	return s
}

// stepLine is what a hop's step says after its mark: its type, unless the
// hop's kind or the action says it, its action, and its detail, which may
// go on from the action ("resolved NAME to ...").
func stepLine(h sim.Hop, s sim.Step) string {
	words := strings.Fields(present.StepType(h, s) + " " + string(s.Action))
	detail, colon := present.StepDetail(s)
	if colon && detail != "" {
		words[len(words)-1] += ":"
	}
	return sanitize(strings.TrimSpace(strings.Join(words, " ") + " " + detail))
}
