// Package tui is vpctrace's terminal user interface: it shows every call of
// every workload with its verdict, the hops and steps of the selected call,
// and lets the user try what-ifs (hypothetical changes to the world) whose
// effect on every verdict is shown at once.
//
// The Model follows bubbletea's Elm architecture: Update changes the state,
// and View renders it with the pure functions of view.go.
package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// Options configure a Model.
type Options struct {
	// Name is the input's name, shown in the title.
	Name string
	// Color turns on colour; marks and words always carry the meaning.
	Color bool
	// Renderer renders the styles; nil: lipgloss's default renderer.
	Renderer *lipgloss.Renderer
}

// pane is a focusable part of the screen.
type pane int

const (
	paneCalls pane = iota
	paneDetails
	paneWhatIfs
)

// row is one line of the calls list: a workload heading (call < 0) or a call.
type row struct{ wl, call int }

// Model is the state of the TUI.
type Model struct {
	name string

	base       *model.World
	baseReport sim.Report
	whatifs    []WhatIf
	world      *model.World // base with the what-ifs applied
	report     sim.Report
	changed    map[callKey]bool // calls whose verdict differs from the base run
	status     string           // the last message: what was applied, an error

	rows      []row
	cursor    int // index into rows; always a call row when there is one
	placement int
	focus     pane
	wiCursor  int

	menuOpen   bool
	menu       []WhatIf
	menuCursor int

	filtering bool
	filter    textinput.Model
	showHelp  bool

	width, height int
	details       viewport.Model
	keys          keyMap
	help          help.Model
	st            styles
}

// New returns a Model exploring w, which it does not change. w should have
// passed model.World.Validate.
func New(w *model.World, o Options) Model {
	r := o.Renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	if !o.Color {
		r.SetColorProfile(termenv.Ascii)
	}
	ti := textinput.New()
	ti.Prompt = "/"
	ti.Placeholder = "kind, resource, verdict or reason"
	m := Model{
		name:       o.Name,
		base:       w,
		world:      w,
		baseReport: sim.Run(w),
		filter:     ti,
		keys:       newKeyMap(),
		help:       help.New(),
		st:         newStyles(r),
		width:      80,
		height:     24,
	}
	m.report = m.baseReport
	m.changed = map[callKey]bool{}
	m.help.Styles.ShortKey = m.st.bold
	m.help.Styles.FullKey = m.st.bold
	m.help.ShortSeparator = "  "
	m.details = viewport.New(0, 0)
	m.rebuildRows()
	m.layout()
	return m
}

// Init implements tea.Model.
func (m Model) Init() tea.Cmd { return nil }

// WhatIfs returns the applied what-ifs in order.
func (m Model) WhatIfs() []WhatIf { return append([]WhatIf(nil), m.whatifs...) }

// Report returns the report of the world with the what-ifs applied.
func (m Model) Report() sim.Report { return m.report }

// Update implements tea.Model.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.KeyMsg:
		return m.key(msg)
	case tea.MouseMsg:
		if m.focus == paneDetails {
			var cmd tea.Cmd
			m.details, cmd = m.details.Update(msg)
			return m, cmd
		}
	}
	return m, nil
}

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
	k := m.keys
	if msg.String() == "ctrl+c" {
		return m, tea.Quit
	}
	if m.filtering {
		switch msg.String() {
		case "enter":
			m.filtering = false
			m.filter.Blur()
		case "esc":
			m.filtering = false
			m.filter.Blur()
			m.filter.SetValue("")
		default:
			var cmd tea.Cmd
			m.filter, cmd = m.filter.Update(msg)
			m.rebuildRows()
			m.layout()
			return m, cmd
		}
		m.rebuildRows()
		m.layout()
		return m, nil
	}
	if m.showHelp {
		if key.Matches(msg, k.Quit) {
			return m, tea.Quit
		}
		m.showHelp = false
		return m, nil
	}
	if m.menuOpen {
		switch {
		case key.Matches(msg, k.Up):
			m.menuCursor = max(0, m.menuCursor-1)
		case key.Matches(msg, k.Down):
			m.menuCursor = min(len(m.menu)-1, m.menuCursor+1)
		case key.Matches(msg, k.Enter):
			m.menuOpen = false
			if m.menuCursor < len(m.menu) {
				m.apply(append(m.WhatIfs(), m.menu[m.menuCursor]))
			}
		case key.Matches(msg, k.Back), key.Matches(msg, k.WhatIf):
			m.menuOpen = false
		case key.Matches(msg, k.Quit):
			return m, tea.Quit
		}
		m.layout()
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
	case key.Matches(msg, k.Filter):
		m.filtering = true
		m.focus = paneCalls
		return m, m.filter.Focus()
	case key.Matches(msg, k.Tab):
		m.cycleFocus(msg.String() == "shift+tab")
	case key.Matches(msg, k.WhatIf):
		m.openMenu()
	case key.Matches(msg, k.Undo):
		if n := len(m.whatifs); n > 0 {
			m.apply(m.whatifs[:n-1])
		}
	case key.Matches(msg, k.Prev), key.Matches(msg, k.Next):
		if c, ok := m.selected(); ok && len(c.Placements) > 0 {
			d := 1
			if key.Matches(msg, k.Prev) {
				d = len(c.Placements) - 1
			}
			m.placement = (m.placement + d) % len(c.Placements)
			m.details.GotoTop()
		}
	case m.focus == paneCalls:
		m.keyCalls(msg)
	case m.focus == paneDetails:
		if key.Matches(msg, k.Back) {
			m.focus = paneCalls
			break
		}
		var cmd tea.Cmd
		m.details, cmd = m.details.Update(msg)
		return m, cmd
	case m.focus == paneWhatIfs:
		m.keyWhatIfs(msg)
	}
	m.layout()
	return m, nil
}

func (m *Model) keyCalls(msg tea.KeyMsg) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
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

func (m *Model) keyWhatIfs(msg tea.KeyMsg) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.wiCursor = max(0, m.wiCursor-1)
	case key.Matches(msg, k.Down):
		m.wiCursor = min(len(m.whatifs)-1, m.wiCursor+1)
	case key.Matches(msg, k.Remove), key.Matches(msg, k.Enter):
		if m.wiCursor < len(m.whatifs) {
			rest := append(m.WhatIfs()[:m.wiCursor], m.whatifs[m.wiCursor+1:]...)
			m.apply(rest)
		}
	case key.Matches(msg, k.Back):
		m.focus = paneCalls
	}
}

func (m *Model) cycleFocus(back bool) {
	panes := []pane{paneCalls, paneDetails}
	if len(m.whatifs) > 0 {
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

// move moves the cursor by d call rows, skipping workload headings.
func (m *Model) move(d int) {
	for i := m.cursor + d; i >= 0 && i < len(m.rows); i += d {
		if m.rows[i].call >= 0 {
			if i != m.cursor {
				m.placement = 0
				m.details.GotoTop()
			}
			m.cursor = i
			return
		}
	}
}

// openMenu lists the what-ifs that apply to the selected call.
func (m *Model) openMenu() {
	c, ok := m.selected()
	if !ok {
		m.status = "select a call to see its what-ifs"
		return
	}
	wl := m.report.Workloads[m.rows[m.cursor].wl]
	subnet := ""
	if p, ok := m.selectedPlacement(c); ok {
		subnet = p.Subnet
	}
	m.menu = Offers(m.world, wl, c, subnet, m.whatifs)
	if len(m.menu) == 0 {
		m.status = "no what-if applies to this call"
		return
	}
	m.menuOpen, m.menuCursor = true, 0
}

// apply makes ws the what-ifs, re-simulating from a copy of the base world.
// On an error the what-ifs stay as they were.
func (m *Model) apply(ws []WhatIf) {
	sel, selOK := m.selectedKey()
	w, err := applyAll(m.base, ws)
	if err == nil {
		if ds := w.Validate(); ds.HasErrors() {
			err = errorf("the change makes the input invalid: %s", ds.Errors()[0].Message)
		}
	}
	if err != nil {
		m.status = "cannot apply: " + sanitize(err.Error())
		return
	}
	switch {
	case len(ws) > len(m.whatifs):
		m.status = "applied: " + ws[len(ws)-1].Label()
	case len(ws) == 0:
		m.status = "all what-ifs undone"
	default:
		m.status = "undone; " + plural(len(ws), "what-if") + " active"
	}
	m.whatifs = ws
	m.world = w
	m.report = sim.Run(w)
	m.changed = changedCalls(m.baseReport, m.report)
	m.wiCursor = min(m.wiCursor, max(0, len(ws)-1))
	if len(ws) == 0 && m.focus == paneWhatIfs {
		m.focus = paneCalls
	}
	m.rebuildRows()
	m.reselect(sel, selOK)
}

// callKey identifies a call across runs of changed worlds.
type callKey struct {
	workload, kind, resource, container, image string
	repoCreds                                  bool
}

func keyOf(wl sim.WorkloadResult, c sim.CallResult) callKey {
	return callKey{wl.Source, string(c.Kind), c.Resource, c.Container, c.Image, c.FromRepositoryCredentials}
}

// changedCalls returns the calls of now whose verdict differs from base,
// or that base does not have.
func changedCalls(base, now sim.Report) map[callKey]bool {
	was := map[callKey]sim.Verdict{}
	for _, wl := range base.Workloads {
		for _, c := range wl.Calls {
			if _, ok := was[keyOf(wl, c)]; !ok {
				was[keyOf(wl, c)] = c.Verdict
			}
		}
	}
	out := map[callKey]bool{}
	for _, wl := range now.Workloads {
		for _, c := range wl.Calls {
			if v, ok := was[keyOf(wl, c)]; !ok || v != c.Verdict {
				out[keyOf(wl, c)] = true
			}
		}
	}
	return out
}

func (m *Model) selectedKey() (callKey, bool) {
	c, ok := m.selected()
	if !ok {
		return callKey{}, false
	}
	return keyOf(m.report.Workloads[m.rows[m.cursor].wl], c), true
}

// reselect puts the cursor back on the call with key k, if it is still
// listed, or on the nearest call row.
func (m *Model) reselect(k callKey, ok bool) {
	if ok {
		for i, r := range m.rows {
			if r.call >= 0 && keyOf(m.report.Workloads[r.wl], m.report.Workloads[r.wl].Calls[r.call]) == k {
				m.cursor = i
				m.clampPlacement()
				return
			}
		}
	}
	m.placement = 0
}

// rebuildRows lists the workloads and the calls that match the filter,
// keeping the cursor on a call row.
func (m *Model) rebuildRows() {
	k, ok := m.selectedKey()
	f := strings.ToLower(strings.TrimSpace(m.filter.Value()))
	m.rows = make([]row, 0, len(m.rows)) // never the previous Model's array
	for i, wl := range m.report.Workloads {
		head := len(m.rows)
		m.rows = append(m.rows, row{i, -1})
		for j, c := range wl.Calls {
			if f == "" || strings.Contains(strings.ToLower(callSearchText(wl, c)), f) {
				m.rows = append(m.rows, row{i, j})
			}
		}
		if f != "" && len(m.rows) == head+1 {
			m.rows = m.rows[:head]
		}
	}
	m.cursor = min(m.cursor, max(0, len(m.rows)-1))
	if ok {
		before := m.cursor
		m.reselect(k, true)
		if m.cursor != before || m.onCall() {
			return
		}
	}
	if !m.onCall() {
		m.move(1)
	}
	if !m.onCall() {
		m.move(-1)
	}
}

func (m *Model) onCall() bool { return m.cursor < len(m.rows) && m.rows[m.cursor].call >= 0 }

func callSearchText(wl sim.WorkloadResult, c sim.CallResult) string {
	return strings.Join([]string{wl.Name, string(c.Kind), c.Resource, c.Host, string(c.Verdict), string(c.Via), string(c.Reason)}, " ")
}

// selected returns the call under the cursor.
func (m Model) selected() (sim.CallResult, bool) {
	if !m.onCall() {
		return sim.CallResult{}, false
	}
	r := m.rows[m.cursor]
	return m.report.Workloads[r.wl].Calls[r.call], true
}

func (m Model) selectedPlacement(c sim.CallResult) (sim.PlacementResult, bool) {
	if m.placement < len(c.Placements) {
		return c.Placements[m.placement], true
	}
	return sim.PlacementResult{}, false
}

func (m *Model) clampPlacement() {
	if c, ok := m.selected(); ok && m.placement >= len(c.Placements) {
		m.placement = 0
	}
}
