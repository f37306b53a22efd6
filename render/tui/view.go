package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/vpctrace/vpctrace/sim"
)

// styles are the lipgloss styles of the TUI. Colour only repeats what the
// marks and words say.
type styles struct {
	bold, dim, selected, changed        lipgloss.Style
	reach, unreach, unknown             lipgloss.Style
	focusBorder, blurBorder, title, bar lipgloss.Style
}

func newStyles(r *lipgloss.Renderer) styles {
	s := r.NewStyle()
	return styles{
		bold:        s.Bold(true),
		dim:         s.Faint(true),
		selected:    s.Reverse(true),
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
	markReachable   = "✓"
	markUnreachable = "✗"
	markUnknown     = "?"
	markChanged     = "Δ"
	markCursor      = "▸"
)

func (st styles) verdict(v sim.Verdict) string {
	switch v {
	case sim.Reachable:
		return st.reach.Render(markReachable)
	case sim.Unreachable:
		return st.unreach.Render(markUnreachable)
	}
	return st.unknown.Render(markUnknown)
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
}

func (m Model) geometry() geometry {
	w, h := max(m.width, 20), max(m.height, 8)
	g := geometry{bodyH: h - 3}
	if len(m.whatifs) > 0 {
		g.whatifsH = min(len(m.whatifs), 3) + 3
	}
	if w >= 70 {
		if g.bodyH-g.whatifsH < 5 {
			g.whatifsH = 0 // too short: the title and the status line still say what-ifs are on
		}
		g.callsW = min(max(w*12/25, 30), 48)
		g.whatifsW = g.callsW
		g.detailsW = w - g.callsW
		g.detailsH = g.bodyH
		g.callsH = g.bodyH - g.whatifsH
		return g
	}
	g.stacked = true
	if g.bodyH-g.whatifsH < 8 {
		g.whatifsH = 0
	}
	g.callsW, g.whatifsW, g.detailsW = w, w, w
	g.callsH = max(3, g.bodyH*2/5)
	g.detailsH = max(3, g.bodyH-g.callsH-g.whatifsH)
	return g
}

// layout sizes the details viewport and fills it for the selection.
func (m *Model) layout() {
	g := m.geometry()
	m.details.Width = max(1, g.detailsW-2)
	m.details.Height = max(1, g.detailsH-3)
	m.help.Width = max(m.width, 20)
	m.details.SetContent(m.detailsText(m.details.Width))
}

// View implements tea.Model.
func (m Model) View() string {
	g := m.geometry()
	w := max(m.width, 20)
	calls := box(m.st, "Calls", m.callsLines(g.callsW-2, g.callsH-3), g.callsW, g.callsH, m.focus == paneCalls)
	left := calls
	if g.whatifsH > 0 {
		left = lipgloss.JoinVertical(lipgloss.Left, calls,
			box(m.st, fmt.Sprintf("What-ifs: %d, %d %s (d remove)", len(m.whatifs), len(m.changed), markChanged), m.whatIfLines(g.whatifsW-2, g.whatifsH-3), g.whatifsW, g.whatifsH, m.focus == paneWhatIfs))
	}
	var right string
	switch {
	case m.showHelp:
		right = box(m.st, "Help (any key closes)", m.helpLines(g.detailsW-2), g.detailsW, g.detailsH, true)
	case m.menuOpen:
		right = box(m.st, "What-if (enter apply, esc close)", m.menuLines(g.detailsW-2, g.detailsH-3), g.detailsW, g.detailsH, true)
	default:
		right = box(m.st, m.detailsTitle(), strings.Split(m.details.View(), "\n"), g.detailsW, g.detailsH, m.focus == paneDetails)
	}
	body := lipgloss.JoinHorizontal(lipgloss.Top, left, right)
	if g.stacked {
		body = lipgloss.JoinVertical(lipgloss.Left, left, right)
	}
	// Exactly the terminal's height: the body gives way on tiny screens,
	// the help bar never does.
	lines := strings.Split(body, "\n")
	bodyH := max(m.height, 8) - 3
	for len(lines) < bodyH {
		lines = append(lines, strings.Repeat(" ", w))
	}
	lines = lines[:bodyH]
	return strings.Join(append([]string{fit(m.st.title.Render(m.titleLine()), w)}, append(lines,
		fit(m.statusLine(), w),
		fit(m.help.ShortHelpView(m.keys.ShortHelp()), w))...), "\n")
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

func plural(n int, what string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

func (m Model) titleLine() string {
	var calls, bad, noStart int
	for _, wl := range m.report.Workloads {
		if !wl.Starts {
			noStart++
		}
		for _, c := range wl.Calls {
			calls++
			if c.Verdict != sim.Reachable {
				bad++
			}
		}
	}
	s := fmt.Sprintf("vpctrace %s: %s (%d won't start), %s (%d not %s)",
		sanitize(m.name), plural(len(m.report.Workloads), "workload"), noStart, plural(calls, "call"), bad, markReachable)
	if len(m.whatifs) > 0 {
		s += fmt.Sprintf(" · %d %s", len(m.changed), markChanged)
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
	return m.st.dim.Render(markReachable + " reachable  " + markUnreachable + " unreachable  " + markUnknown + " unknown  " + markChanged + " changed by what-ifs")
}

// callsLines renders the workloads and their calls, scrolled to keep the
// cursor in view.
func (m Model) callsLines(w, h int) []string {
	if len(m.rows) == 0 {
		return []string{"no call matches the filter"}
	}
	lines := make([]string, 0, len(m.rows))
	for i, r := range m.rows {
		wl := m.report.Workloads[r.wl]
		if r.call < 0 {
			starts := m.st.reach.Render(markReachable) + " starts"
			if !wl.Starts {
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
		if m.changed[keyOf(wl, c)] {
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
	off := 0
	if len(lines) > h {
		off = min(max(0, m.cursor-h/2), len(lines)-h)
	}
	return lines[off:min(len(lines), off+h)]
}

func (m Model) whatIfLines(w, h int) []string {
	lines := make([]string, 0, len(m.whatifs))
	for i, wi := range m.whatifs {
		cur := " "
		if i == m.wiCursor && m.focus == paneWhatIfs {
			cur = markCursor
		}
		lines = append(lines, fmt.Sprintf("%s%d. %s", cur, i+1, wi.Label()))
	}
	off := 0
	if len(lines) > h {
		off = min(max(0, m.wiCursor-h/2), len(lines)-h)
	}
	return lines[off:min(len(lines), off+h)]
}

func (m Model) menuLines(w, h int) []string {
	var lines []string
	for i, wi := range m.menu {
		cur := " "
		if i == m.menuCursor {
			cur = markCursor
		}
		l := cur + " " + wi.Label()
		if i == m.menuCursor {
			l = m.st.selected.Render(fit(l, w))
		}
		lines = append(lines, l)
	}
	off := 0
	if len(lines) > h {
		off = min(max(0, m.menuCursor-h/2), len(lines)-h)
	}
	return lines[off:min(len(lines), off+h)]
}

func (m Model) helpLines(w int) []string {
	var lines []string
	for _, col := range m.keys.FullHelp() {
		for _, b := range col {
			lines = append(lines, fmt.Sprintf("%-10s %s", b.Help().Key, b.Help().Desc))
		}
	}
	return append(lines, "",
		markReachable+" reachable  "+markUnreachable+" unreachable  "+markUnknown+" unknown",
		markChanged+" verdict changed by the what-ifs",
		markCursor+" selection / focused pane")
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

// detailsText renders the selected call: its verdict, the placement's hops
// and steps with their source positions, the explanation and the
// stoppedReason of the workload.
func (m Model) detailsText(w int) string {
	c, ok := m.selected()
	if !ok {
		return "Select a call."
	}
	wl := m.report.Workloads[m.rows[m.cursor].wl]
	var b strings.Builder
	line := func(indent int, s string) {
		pad := strings.Repeat(" ", indent)
		for _, l := range wrap(s, max(w-indent, 8)) {
			b.WriteString(pad + l + "\n")
		}
	}
	head := m.st.verdict(c.Verdict) + " " + string(c.Verdict)
	if c.Via != "" {
		head += " via " + string(c.Via)
	}
	if c.Reason != "" {
		head += " " + string(c.Reason)
	}
	if m.changed[keyOf(wl, c)] {
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
	}
	if p, ok := m.selectedPlacement(c); ok {
		at := "from " + sanitize(p.Subnet)
		if p.AZ != "" {
			at += " (" + sanitize(p.AZ) + ")"
		}
		line(0, m.st.bold.Render(at)+" "+m.st.verdict(p.Verdict)+" "+string(p.Verdict))
		for i, h := range p.Hops {
			line(1, fmt.Sprintf("%d. %s %s", i+1, sanitize(h.Kind), sanitize(h.Component)))
			for _, s := range h.Steps {
				line(4, m.st.action(s.Action)+" "+string(s.Type)+" "+string(s.Action)+": "+sanitize(s.Detail))
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
		}
		for _, wn := range p.Warnings {
			line(1, "warning: "+sanitize(wn))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// wrap breaks s into lines of at most w cells at spaces, breaking words
// longer than a line.
func wrap(s string, w int) []string {
	var lines []string
	cur, curW := "", 0
	for _, word := range strings.Fields(s) {
		ww := ansi.StringWidth(word)
		switch {
		case curW == 0:
		case curW+1+ww <= w:
			cur, curW = cur+" "+word, curW+1+ww
			continue
		default:
			lines = append(lines, cur)
		}
		for ww > w {
			lines = append(lines, ansi.Truncate(word, w, ""))
			word = ansi.TruncateLeft(word, w, "")
			ww = ansi.StringWidth(word)
		}
		cur, curW = word, ww
	}
	return append(lines, cur)
}
