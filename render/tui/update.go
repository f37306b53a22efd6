package tui

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/vpctrace/vpctrace/sim"
)

// key handles a key press: the innermost open thing (the filter, the help,
// the what-if menu, the component chooser, the component view) gets it,
// else the focused pane.
func (m Model) key(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	// Keys typed faster than the program reads arrive as one message
	// ("jjj"); outside the filter, each is a command of its own.
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !m.filtering && !msg.Paste {
		var cmds []tea.Cmd
		var next tea.Model = m
		for _, r := range msg.Runes {
			var cmd tea.Cmd
			next, cmd = next.(Model).key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
			cmds = append(cmds, cmd)
		}
		return next, tea.Sequence(cmds...)
	}
	if msg.String() == "ctrl+c" {
		return m, tea.Quit
	}
	var cmd tea.Cmd
	switch {
	case m.filtering:
		cmd = m.keyFilter(msg)
	case m.showHelp:
		cmd = m.keyHelp(msg)
	case m.menuOpen:
		cmd = m.keyMenu(msg)
	case m.chooserOpen:
		cmd = m.keyChooser(msg)
	case m.compOpen:
		cmd = m.keyComponent(msg)
	default:
		cmd = m.keyPanes(msg)
	}
	m.layout()
	return m, cmd
}

func (m *Model) keyFilter(msg tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	switch msg.String() {
	case "enter":
		m.filtering = false
		m.filter.Blur()
	case "esc":
		m.filtering = false
		m.filter.Blur()
		m.filter.SetValue("")
	default:
		m.filter, cmd = m.filter.Update(msg)
	}
	m.rebuildRows()
	return cmd
}

// keyHelp scrolls the help; q quits, and any other key closes it.
func (m *Model) keyHelp(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Top):
		m.helpView.GotoTop()
	case key.Matches(msg, k.Bottom):
		m.helpView.GotoBottom()
	case key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDown):
		m.helpView, _ = m.helpView.Update(msg)
	default:
		m.showHelp = false
	}
	return nil
}

func (m *Model) keyMenu(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case k.moveCursor(msg, &m.menuCursor, len(m.menu)):
	case key.Matches(msg, k.Enter):
		m.menuOpen = false
		if m.menuCursor < len(m.menu) {
			return m.apply(append(m.wanted(), m.menu[m.menuCursor]))
		}
	case key.Matches(msg, k.Back), key.Matches(msg, k.WhatIf):
		m.menuOpen = false
	case key.Matches(msg, k.Quit):
		return tea.Quit
	}
	return nil
}

func (m *Model) keyChooser(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case k.moveCursor(msg, &m.chooserCursor, len(m.chooser)):
	case key.Matches(msg, k.Enter):
		m.chooserOpen = false
		if m.chooserCursor < len(m.chooser) {
			m.openComponent(m.chooser[m.chooserCursor])
		}
	case key.Matches(msg, k.Back):
		m.chooserOpen = false
	case key.Matches(msg, k.Quit):
		return tea.Quit
	}
	return nil
}

// keyComponent scrolls the component view; esc goes back to the hops.
func (m *Model) keyComponent(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		m.compOpen = false
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.openHelp()
	case key.Matches(msg, k.ExportSVG):
		return m.exportSVG()
	case key.Matches(msg, k.ExportYAML):
		return m.exportYAML()
	case key.Matches(msg, k.Top):
		m.compView.GotoTop()
	case key.Matches(msg, k.Bottom):
		m.compView.GotoBottom()
	default:
		m.compView, _ = m.compView.Update(msg)
	}
	return nil
}

// keyPanes handles the keys every pane shares, then the focused pane's.
func (m *Model) keyPanes(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.openHelp()
	case key.Matches(msg, k.Filter):
		m.filtering = true
		m.focus = paneCalls
		return m.filter.Focus()
	case key.Matches(msg, k.Tab):
		m.cycleFocus(msg.String() == "shift+tab")
	case key.Matches(msg, k.WhatIf):
		m.openMenu()
	case key.Matches(msg, k.Undo):
		if ws := m.wanted(); len(ws) > 0 {
			return m.apply(ws[:len(ws)-1])
		}
	case key.Matches(msg, k.ExportSVG):
		return m.exportSVG()
	case key.Matches(msg, k.ExportYAML):
		return m.exportYAML()
	case key.Matches(msg, k.NextFailure):
		m.toFailure(1)
	case key.Matches(msg, k.PrevFailure):
		m.toFailure(-1)
	case key.Matches(msg, k.Remove) && m.focus != paneWhatIfs:
		// The what-if pane shows its selection whatever has the focus.
		return m.removeWhatIf()
	case key.Matches(msg, k.Prev), key.Matches(msg, k.Next):
		if c, ok := m.selected(); ok && len(c.Placements) > 0 {
			d := 1
			if key.Matches(msg, k.Prev) {
				d = len(c.Placements) - 1
			}
			m.placement = (m.placement + d) % len(c.Placements)
			m.hop = -1
			m.details.GotoTop()
		}
	case m.focus == paneCalls:
		m.keyCalls(msg)
	case m.focus == paneDetails:
		m.keyDetails(msg)
	case m.focus == paneWhatIfs:
		return m.keyWhatIfs(msg)
	}
	return nil
}

func (m *Model) keyCalls(msg tea.KeyMsg) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.Top):
		if i := slices.IndexFunc(m.rows, func(r row) bool { return r.call >= 0 }); i >= 0 {
			m.selectRow(i)
		}
	case key.Matches(msg, k.Bottom):
		if i := lastIndexFunc(m.rows, func(r row) bool { return r.call >= 0 }); i >= 0 {
			m.selectRow(i)
		}
	case key.Matches(msg, k.Enter):
		if _, ok := m.selected(); ok {
			m.focus = paneDetails
		}
	case key.Matches(msg, k.Back):
		if m.filter.Value() != "" {
			m.filter.SetValue("")
			m.rebuildRows()
		}
	}
}

// keyDetails moves the hop cursor (the text scrolls to keep the hop in
// view), opens the hop's component, or scrolls by pages.
func (m *Model) keyDetails(msg tea.KeyMsg) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		m.focus = paneCalls
	case key.Matches(msg, k.Up):
		m.moveHop(-1)
	case key.Matches(msg, k.Down):
		m.moveHop(1)
	case key.Matches(msg, k.Enter):
		m.openHop()
	case key.Matches(msg, k.Top):
		m.hop = -1
		m.details.GotoTop()
	case key.Matches(msg, k.Bottom):
		m.details.GotoBottom()
	default:
		m.details, _ = m.details.Update(msg)
	}
}

func (m *Model) keyWhatIfs(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case k.moveCursor(msg, &m.wiCursor, len(m.wanted())):
	case key.Matches(msg, k.Remove), key.Matches(msg, k.Enter):
		return m.removeWhatIf()
	case key.Matches(msg, k.Back):
		m.focus = paneCalls
	}
	return nil
}

// removeWhatIf removes the selected what-if.
func (m *Model) removeWhatIf() tea.Cmd {
	ws := m.wanted()
	if m.wiCursor >= len(ws) {
		m.status = "no what-if to remove"
		return nil
	}
	return m.apply(append(ws[:m.wiCursor:m.wiCursor], ws[m.wiCursor+1:]...))
}

func (m *Model) openHelp() {
	m.showHelp = true
	m.helpView.GotoTop()
}

func (m *Model) cycleFocus(back bool) {
	panes := []pane{paneCalls, paneDetails}
	if len(m.wanted()) > 0 {
		panes = append(panes, paneWhatIfs)
	}
	i := 0
	for j, p := range panes {
		if p == m.focus {
			i = j
		}
	}
	if back {
		i += len(panes) - 1
	} else {
		i++
	}
	m.focus = panes[i%len(panes)]
}

// failing reports whether row i is a call that is not reachable.
func (m *Model) failing(i int) bool {
	r := m.rows[i]
	return r.call >= 0 && m.trial.Report().Workloads[r.wl].Calls[r.call].Verdict == sim.Unreachable
}

// toFailure moves the cursor to the next (d 1) or previous (d -1)
// unreachable call, going round the list at its end.
func (m *Model) toFailure(d int) {
	n := len(m.rows)
	for k := 1; k <= n; k++ {
		i := ((m.cursor+d*k)%n + n) % n
		if m.failing(i) {
			m.selectRow(i)
			m.firstFailingPlacement()
			m.focus = paneCalls
			return
		}
	}
	m.status = "no call is unreachable"
}

// firstFailingPlacement selects the first unreachable placement of the
// selected call, where its explanation comes from.
func (m *Model) firstFailingPlacement() {
	c, ok := m.selected()
	if !ok {
		return
	}
	for i, p := range c.Placements {
		if p.Verdict == sim.Unreachable {
			m.placement = i
			return
		}
	}
}

// move moves the cursor by d call rows, skipping workload headings.
func (m *Model) move(d int) {
	for i := m.cursor + d; i >= 0 && i < len(m.rows); i += d {
		if m.rows[i].call >= 0 {
			m.selectRow(i)
			return
		}
	}
}

// selectRow puts the cursor on row i, on the first placement of its call
// when it is another row.
func (m *Model) selectRow(i int) {
	if i != m.cursor {
		m.placement = 0
		m.hop = -1
		m.details.GotoTop()
	}
	m.cursor = i
}

func lastIndexFunc[T any](s []T, f func(T) bool) int {
	for i := len(s) - 1; i >= 0; i-- {
		if f(s[i]) {
			return i
		}
	}
	return -1
}

// moveHop moves the hop cursor by d and scrolls the details so that the
// hop shows whole (its start, when it is taller than the pane). Up from
// the first hop goes back to the top of the text; past the last hop the
// text scrolls by lines, to the warnings after the hops.
func (m *Model) moveHop(d int) {
	n := len(m.hopLines)
	switch next := m.hop + d; {
	case n == 0 || next >= n:
		m.details.ScrollDown(1)
		return
	case next < 0:
		m.hop = -1
		m.details.GotoTop()
		return
	default:
		m.hop = next
	}
	m.layout() // the marker moves; the text's lines do not
	s := m.hopLines[m.hop]
	h := m.details.Height
	switch {
	case s.start < m.details.YOffset:
		m.details.SetYOffset(s.start)
	case s.end >= m.details.YOffset+h:
		m.details.SetYOffset(min(s.start, s.end-h+1))
	}
}

// openHop opens the selected hop's component, or the chooser when it
// offers several.
func (m *Model) openHop() {
	c, ok := m.selected()
	p, pok := m.selectedPlacement(c)
	if !ok || !pok || m.hop < 0 || m.hop >= len(p.Hops) {
		m.status = "select a hop with ↓ to open its component"
		return
	}
	ts := m.hopTargets(p, p.Hops[m.hop])
	if len(ts) == 1 {
		m.openComponent(ts[0])
		return
	}
	m.chooser, m.chooserCursor, m.chooserOpen = ts, 0, true
}
